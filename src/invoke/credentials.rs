//! Credentials as the AWS CLI accepts them: a provider that hands back
//! credentials which have already expired (a `credential_process` printing
//! a past `Expiration`) is refused, with botocore's words, instead of
//! signing a request the service would reject; a profile that cannot work
//! says why.

use aws_credential_types::provider::{self, error::CredentialsError, future, ProvideCredentials};
use aws_credential_types::Credentials;
use std::time::SystemTime;

pub const STILL_EXPIRED: &str = "Credentials were refreshed, but the refreshed credentials are still expired.";

#[derive(Debug)]
pub struct Unexpired<P>(pub P);

impl<P: ProvideCredentials> ProvideCredentials for Unexpired<P> {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move { unexpired(self.0.provide_credentials().await?, SystemTime::now()) })
    }
}

/// A profile that cannot give credentials, found out before any call; the
/// reason is reported when credentials are first needed, as botocore does.
#[derive(Debug)]
pub struct Unusable(pub String);

impl ProvideCredentials for Unusable {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::provider_error(self.0.clone())))
    }
}

fn unexpired(credentials: Credentials, now: SystemTime) -> provider::Result {
    match credentials.expiry() {
        Some(expiry) if expiry <= now => Err(CredentialsError::provider_error(STILL_EXPIRED)),
        _ => Ok(credentials),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn expired_credentials_are_refused() {
        let now = SystemTime::now();
        let at = |expiry| Credentials::new("AKID", "secret", None, expiry, "test");
        assert!(unexpired(at(None), now).is_ok());
        assert!(unexpired(at(Some(now + Duration::from_secs(60))), now).is_ok());
        let err = unexpired(at(Some(now - Duration::from_secs(1))), now).expect_err("expired");
        assert!(matches!(err, CredentialsError::ProviderError(_)));
    }
}
