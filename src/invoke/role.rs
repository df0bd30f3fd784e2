//! Role profiles (`role_arn` with `source_profile` or `credential_source`)
//! assumed as the AWS CLI assumes them: `role_session_name`, `external_id`,
//! `duration_seconds` and `mfa_serial` (prompting `Enter MFA code for …:`
//! on the terminal) are sent, and the credentials are kept in the AWS CLI's
//! own cache, `~/.aws/cli/cache/<sha1 of the request>.json`, in its format,
//! so that a role assumed by `aws` is reused here and the other way round.

use aws_config::profile::Profile;
use aws_credential_types::provider::{error::CredentialsError, future, ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Cached credentials are used while more than this is left of them (botocore's window).
const EXPIRY_WINDOW: Duration = Duration::from_secs(15 * 60);

/// What AssumeRole is called with, from the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleRequest {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
    pub mfa_serial: Option<String>,
    pub duration_seconds: Option<i32>,
}

impl RoleRequest {
    /// The profile's role, if it is a role profile this module assumes
    /// (web identity has its own provider in the SDK's chain).
    pub fn from_profile(profile: &Profile) -> Option<RoleRequest> {
        let role_arn = profile.get("role_arn")?.to_string();
        if profile.get("web_identity_token_file").is_some() {
            return None;
        }
        if profile.get("source_profile").is_none() && profile.get("credential_source").is_none() {
            return None;
        }
        Some(RoleRequest {
            role_arn,
            session_name: profile.get("role_session_name").map(String::from),
            external_id: profile.get("external_id").map(String::from),
            mfa_serial: profile.get("mfa_serial").map(String::from),
            duration_seconds: profile.get("duration_seconds").and_then(|d| d.trim().parse().ok()),
        })
    }

    /// botocore's cache key: the SHA-1 of `json.dumps(args, sort_keys=True)`
    /// over the AssumeRole arguments, without a generated session name.
    pub fn cache_key(&self) -> String {
        use sha1::{Digest, Sha1};
        let mut args = Map::new();
        if let Some(seconds) = self.duration_seconds {
            args.insert("DurationSeconds".into(), json!(seconds));
        }
        if let Some(id) = &self.external_id {
            args.insert("ExternalId".into(), json!(id));
        }
        args.insert("RoleArn".into(), json!(self.role_arn));
        if let Some(name) = &self.session_name {
            args.insert("RoleSessionName".into(), json!(name));
        }
        if let Some(serial) = &self.mfa_serial {
            args.insert("SerialNumber".into(), json!(serial));
        }
        let text = python_dumps(&args);
        Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// `json.dumps` of a flat object of strings and integers, keys in the
/// order given (already sorted), with Python's separators and `ensure_ascii`.
fn python_dumps(args: &Map<String, Value>) -> String {
    let members: Vec<String> = args
        .iter()
        .map(|(key, value)| {
            let value = match value {
                Value::String(text) => crate::python::json_string(text),
                other => other.to_string(),
            };
            format!("{}: {value}", crate::python::json_string(key))
        })
        .collect();
    format!("{{{}}}", members.join(", "))
}

/// The AWS CLI's role cache folder (`~/.aws/cli/cache`).
fn cache_dir() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".aws").join("cli").join("cache"))
}

/// Assumes the role with the source credentials, through the cache.
#[derive(Debug)]
pub struct AssumedRole {
    request: RoleRequest,
    sts: aws_sdk_sts::Client,
    /// STS's URL as the AWS CLI names it in messages.
    shown_endpoint: String,
    /// Whether a person can be asked for an MFA code (not while completing a word).
    interactive: bool,
}

impl AssumedRole {
    /// STS is called with the run's shared config (region, HTTP client,
    /// retries) at `endpoint` (the default when `None`); `source` signs.
    pub fn new(
        request: RoleRequest,
        shared: &aws_types::SdkConfig,
        endpoint: Option<String>,
        source: SharedCredentialsProvider,
        interactive: bool,
    ) -> Self {
        let region = shared.region().map(|r| r.to_string()).unwrap_or_else(|| "us-east-1".into());
        let shown_endpoint = match &endpoint {
            Some(url) if url.trim_start_matches("https://").trim_start_matches("http://").contains('/') => url.clone(),
            Some(url) => format!("{url}/"),
            None => format!("https://sts.{region}.amazonaws.com/"),
        };
        let mut config = aws_sdk_sts::config::Builder::from(shared).credentials_provider(source);
        config.set_endpoint_url(endpoint);
        let config = config.build();
        AssumedRole { request, sts: aws_sdk_sts::Client::from_conf(config), shown_endpoint, interactive }
    }

    async fn assume(&self) -> Result<Credentials, CredentialsError> {
        let file = cache_dir().map(|dir| dir.join(format!("{}.json", self.request.cache_key())));
        if let Some(cached) = file.as_ref().and_then(|file| read_cache(file, SystemTime::now())) {
            return Ok(cached);
        }
        let session_name = self.request.session_name.clone().unwrap_or_else(|| {
            let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
            format!("botocore-session-{}", now.as_secs())
        });
        let mut call = self
            .sts
            .assume_role()
            .role_arn(&self.request.role_arn)
            .role_session_name(session_name)
            .set_external_id(self.request.external_id.clone())
            .set_duration_seconds(self.request.duration_seconds);
        if let Some(serial) = &self.request.mfa_serial {
            if !self.interactive {
                return Err(CredentialsError::provider_error(format!(
                    "The MFA code for {serial} cannot be asked for here"
                )));
            }
            // Reading the terminal blocks: off the runtime, so timeouts still run.
            let asked = serial.clone();
            let code = tokio::task::spawn_blocking(move || prompt_mfa(&asked))
                .await
                .map_err(CredentialsError::provider_error)?
                .map_err(CredentialsError::provider_error)?;
            call = call.serial_number(serial).token_code(code);
        }
        let output = call.send().await.map_err(|err| {
            use aws_sdk_sts::error::ProvideErrorMetadata;
            match err.as_service_error() {
                Some(service) => CredentialsError::provider_error(AssumeRoleError {
                    code: service.code().unwrap_or("Unknown").to_string(),
                    message: service.message().unwrap_or("Unknown").to_string(),
                }),
                // The AWS CLI's words for an STS it cannot reach.
                None if matches!(
                    err,
                    aws_sdk_sts::error::SdkError::DispatchFailure(_) | aws_sdk_sts::error::SdkError::TimeoutError(_)
                ) =>
                {
                    CredentialsError::provider_error(format!(
                        "Could not connect to the endpoint URL: \"{}\"",
                        self.shown_endpoint
                    ))
                }
                None => CredentialsError::provider_error(err),
            }
        })?;
        let sent = output
            .credentials()
            .ok_or_else(|| CredentialsError::provider_error("AssumeRole returned no credentials"))?;
        let expiry = SystemTime::try_from(*sent.expiration()).map_err(CredentialsError::provider_error)?;
        let credentials = Credentials::new(
            sent.access_key_id(),
            sent.secret_access_key(),
            Some(sent.session_token().to_string()),
            Some(expiry),
            "AssumeRole",
        );
        if let Some(file) = &file {
            // A cache that cannot be written costs the next run one AssumeRole call.
            let _ = write_cache(file, &credentials, sent.expiration());
        }
        Ok(credentials)
    }
}

impl ProvideCredentials for AssumedRole {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.assume())
    }
}

/// STS refused the role: reported as the AWS CLI reports a service error.
#[derive(Debug)]
pub struct AssumeRoleError {
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for AssumeRoleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "An error occurred ({}) when calling the AssumeRole operation: {}", self.code, self.message)
    }
}

impl std::error::Error for AssumeRoleError {}

/// Credentials from the cache file, if it holds some with more than the
/// expiry window left. The AWS CLI writes `Expiration` as the service sent
/// it or as Python formats it (`…Z`, `…+00:00`, `…UTC`); all are read.
fn read_cache(file: &std::path::Path, now: SystemTime) -> Option<Credentials> {
    let cached: Value = serde_json::from_slice(&std::fs::read(file).ok()?).ok()?;
    let creds = cached.get("Credentials")?;
    let expiration = creds.get("Expiration")?.as_str()?;
    let expiration = expiration.strip_suffix("UTC").map(|t| format!("{t}Z")).unwrap_or_else(|| expiration.to_string());
    let expiry: SystemTime = expiration.parse::<jiff::Timestamp>().ok()?.into();
    if expiry.duration_since(now).ok()? < EXPIRY_WINDOW {
        return None;
    }
    Some(Credentials::new(
        creds.get("AccessKeyId")?.as_str()?,
        creds.get("SecretAccessKey")?.as_str()?,
        creds.get("SessionToken").and_then(Value::as_str).map(String::from),
        Some(expiry),
        "AssumeRole (cached)",
    ))
}

/// Writes the AWS CLI's cache file (0600, through a rename, as its JSONFileCache does).
fn write_cache(
    file: &std::path::Path,
    credentials: &Credentials,
    expiration: &aws_smithy_types::DateTime,
) -> std::io::Result<()> {
    let dir = file.parent().ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(dir)?;
    let expiration =
        crate::localtime::isoformat(expiration.secs(), expiration.subsec_nanos() / 1000, &jiff::tz::TimeZone::UTC)
            .ok_or_else(|| std::io::Error::other("expiration out of range"))?;
    let body = json!({"Credentials": {
        "AccessKeyId": credentials.access_key_id(),
        "SecretAccessKey": credentials.secret_access_key(),
        "SessionToken": credentials.session_token(),
        "Expiration": expiration,
    }});
    crate::private_file::write(file, body.to_string().as_bytes())
}

/// Asks for the MFA code on the terminal, as botocore's `getpass` does.
fn prompt_mfa(serial: &str) -> Result<String, String> {
    use std::io::{BufRead, Write};
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(|e| format!("Unable to ask for the MFA code for {serial}: no terminal ({e})"))?;
    let mut writer = &tty;
    write!(writer, "Enter MFA code for {serial}: ").and_then(|()| writer.flush()).map_err(|e| e.to_string())?;
    // Not echoed, as getpass does not echo it.
    let echo = Echo::off(&tty);
    let mut line = String::new();
    let read = std::io::BufReader::new(&tty).read_line(&mut line).map_err(|e| e.to_string());
    drop(echo);
    let _ = writeln!(writer);
    read?;
    Ok(line.trim().to_string())
}

/// The terminal's echo turned off until dropped.
struct Echo {
    fd: i32,
    saved: Option<libc::termios>,
}

impl Echo {
    fn off(tty: &std::fs::File) -> Echo {
        use std::os::fd::AsRawFd;
        let fd = tty.as_raw_fd();
        // SAFETY: tcgetattr/tcsetattr on an open terminal descriptor, with a termios we own.
        let saved = unsafe {
            let mut mode: libc::termios = std::mem::zeroed();
            (libc::tcgetattr(fd, &mut mode) == 0).then(|| {
                let saved = mode;
                mode.c_lflag &= !libc::ECHO;
                libc::tcsetattr(fd, libc::TCSANOW, &mode);
                saved
            })
        };
        Echo { fd, saved }
    }
}

impl Drop for Echo {
    fn drop(&mut self) {
        if let Some(saved) = &self.saved {
            // SAFETY: restores the mode read from the same descriptor.
            unsafe { libc::tcsetattr(self.fd, libc::TCSANOW, saved) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RoleRequest {
        RoleRequest {
            role_arn: "arn:aws:iam::123456789012:role/deployer".into(),
            session_name: None,
            external_id: None,
            mfa_serial: None,
            duration_seconds: None,
        }
    }

    #[test]
    fn cache_keys_are_botocores() {
        // hashlib.sha1(json.dumps({...}, sort_keys=True).encode()).hexdigest()
        assert_eq!(request().cache_key(), "6276837b3d6a187e0ff6b3628c88484e532b2dcc");
        let full = RoleRequest { duration_seconds: Some(1800), external_id: Some("ext-1".into()), ..request() };
        assert_eq!(full.cache_key(), "ae973393c39d16cf6889b638c8606b19cb2a4ea2");
    }

    #[test]
    fn cached_credentials_are_used_until_fifteen_minutes_before_expiry() {
        let dir = std::env::temp_dir().join(format!("codepipeline-role-cache-{}", std::process::id()));
        let file = dir.join("key.json");
        let now = SystemTime::now();
        let credentials = Credentials::new("ASIAKEY", "secret", Some("token".into()), None, "test");
        let in_an_hour = aws_smithy_types::DateTime::from(now + Duration::from_secs(3600));
        write_cache(&file, &credentials, &in_an_hour).expect("written");
        let read = read_cache(&file, now).expect("fresh");
        assert_eq!((read.access_key_id(), read.session_token()), ("ASIAKEY", Some("token")));
        assert!(read_cache(&file, now + Duration::from_secs(3600 - 14 * 60)).is_none(), "inside the window");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).expect("file").permissions().mode() & 0o777, 0o600);
        for expiration in ["2099-01-01T00:00:00Z", "2099-01-01T00:00:00+00:00", "2099-01-01T00:00:00UTC"] {
            std::fs::write(&file, json!({"Credentials": {"AccessKeyId": "A", "SecretAccessKey": "S", "SessionToken": "T", "Expiration": expiration}}).to_string()).expect("write");
            assert!(read_cache(&file, now).is_some(), "{expiration}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
