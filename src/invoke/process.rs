//! `credential_process`, run as botocore runs it (split as a shell would,
//! no shell), so that a process that fails, prints something else, or
//! speaks another version is reported in the AWS CLI's words.

use aws_credential_types::provider::{error::CredentialsError, future, ProvideCredentials};
use aws_credential_types::Credentials;
use serde_json::Value;
use std::time::SystemTime;

#[derive(Debug)]
pub struct CredentialProcess {
    command: String,
}

impl CredentialProcess {
    pub fn new(command: &str) -> Self {
        CredentialProcess { command: command.to_string() }
    }

    fn run(&self) -> Result<Credentials, String> {
        let words = shlex::split(&self.command).filter(|words| !words.is_empty()).ok_or("No closing quotation")?;
        let output = std::process::Command::new(&words[0])
            .args(&words[1..])
            .stdin(std::process::Stdio::inherit())
            .output()
            .map_err(|e| format!("[Errno {}] {}: '{}'", e.raw_os_error().unwrap_or(0), os_message(&e), words[0]))?;
        if !output.status.success() {
            return Err(retrieval(&String::from_utf8_lossy(&output.stderr)));
        }
        parse(&output.stdout)
    }
}

/// The text of an OS error without Rust's "(os error N)" suffix, as Python prints it.
fn os_message(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.rfind(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn retrieval(reason: &str) -> String {
    format!("Error when retrieving credentials from custom-process: {reason}")
}

/// The process's answer, checked as botocore checks it.
fn parse(stdout: &[u8]) -> Result<Credentials, String> {
    let parsed: Value =
        serde_json::from_slice(stdout).map_err(|e| format!("Unable to parse the credential process output: {e}"))?;
    let Value::Object(parsed) = parsed else {
        return Err(format!("'{}' object has no attribute 'get'", python_type(&parsed)));
    };
    match parsed.get("Version") {
        Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
        Some(other) => {
            let shown = crate::python::py_str(other);
            return Err(retrieval(&format!(
                "Unsupported version '{shown}' for credential process provider, supported versions: 1"
            )));
        }
        None => return Err(retrieval(
            "Unsupported version '<Version key not provided>' for credential process provider, supported versions: 1",
        )),
    }
    let required = |key: &str| {
        parsed
            .get(key)
            .and_then(Value::as_str)
            .map(String::from)
            .ok_or_else(|| retrieval(&format!("Missing required key in response: '{key}'")))
    };
    let expiry = match parsed.get("Expiration").and_then(Value::as_str) {
        Some(text) => Some(
            text.parse::<jiff::Timestamp>()
                .map(SystemTime::from)
                .map_err(|e| retrieval(&format!("Invalid Expiration '{text}': {e}")))?,
        ),
        None => None,
    };
    let token = parsed.get("SessionToken").and_then(Value::as_str).map(String::from);
    Ok(Credentials::new(required("AccessKeyId")?, required("SecretAccessKey")?, token, expiry, "CredentialProcess"))
}

fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "list",
        Value::String(_) => "str",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::Bool(_) => "bool",
        Value::Null => "NoneType",
        Value::Object(_) => "dict",
    }
}

impl ProvideCredentials for CredentialProcess {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        // The process may take its time: it runs off the runtime, so that
        // timeouts (completion's, say) still run.
        let process = CredentialProcess { command: self.command.clone() };
        future::ProvideCredentials::new(async move {
            tokio::task::spawn_blocking(move || process.run())
                .await
                .map_err(CredentialsError::provider_error)?
                .map_err(CredentialsError::provider_error)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked_as_botocore_checks_them() {
        let ok = parse(br#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2099-01-01T00:00:00Z"}"#)
            .expect("credentials");
        assert_eq!((ok.access_key_id(), ok.session_token()), ("AKID", Some("t")));
        assert!(ok.expiry().is_some());
        let unsupported = "Error when retrieving credentials from custom-process: Unsupported version";
        assert_eq!(
            parse(br#"{"Version": 2, "AccessKeyId": "a", "SecretAccessKey": "b"}"#).expect_err("v2"),
            format!("{unsupported} '2' for credential process provider, supported versions: 1")
        );
        assert_eq!(
            parse(br#"{"Version": "1", "AccessKeyId": "a", "SecretAccessKey": "b"}"#).expect_err("a string"),
            format!("{unsupported} '1' for credential process provider, supported versions: 1")
        );
        assert!(parse(br#"{"AccessKeyId": "a"}"#).expect_err("no version").contains("'<Version key not provided>'"));
        assert_eq!(
            parse(br#"{"Version": 1, "SecretAccessKey": "b"}"#).expect_err("no key"),
            "Error when retrieving credentials from custom-process: Missing required key in response: 'AccessKeyId'"
        );
        assert_eq!(parse(b"[]").expect_err("a list"), "'list' object has no attribute 'get'");
    }
}
