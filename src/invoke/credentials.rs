//! Credentials as the AWS CLI accepts them: a provider that hands back
//! credentials which have already expired (a `credential_process` printing
//! a past `Expiration`) is refused, with botocore's words, instead of
//! signing a request the service would reject; a profile that cannot work
//! says why.

use aws_credential_types::provider::{self, error::CredentialsError, future, ProvideCredentials};
use aws_credential_types::Credentials;
use std::time::SystemTime;

pub const STILL_EXPIRED: &str = "Credentials were refreshed, but the refreshed credentials are still expired.";

/// The provider chosen for the run, checked, and traced under `--debug`.
#[derive(Debug)]
pub struct Checked<P> {
    /// Where the credentials come from, in words.
    pub source: String,
    pub inner: P,
    pub debug: bool,
}

impl<P: ProvideCredentials> ProvideCredentials for Checked<P> {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(async move {
            let provided = self.inner.provide_credentials().await.and_then(|c| unexpired(c, SystemTime::now()));
            if self.debug {
                match &provided {
                    Ok(c) => eprintln!("DEBUG credentials from {}: ok{}", self.source, expiry_note(c)),
                    Err(e) => eprintln!("DEBUG credentials from {}: failed: {e}", self.source),
                }
            }
            provided
        })
    }
}

fn expiry_note(credentials: &Credentials) -> String {
    let left = credentials.expiry().and_then(|at| at.duration_since(SystemTime::now()).ok());
    left.map(|left| format!(", expiring in {} s", left.as_secs())).unwrap_or_default()
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
