//! `--debug`: each request and response on stderr, with credentials redacted,
//! so that stdout stays exactly what the user asked for.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::Headers;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};
use std::time::Instant;

const REDACTED_HEADERS: &[&str] = &["authorization", "x-amz-security-token"];
/// JSON members whose values are secrets, wherever they appear in a body.
const SECRET_MEMBERS: &[&str] = &[
    "secretAccessKey",
    "sessionToken",
    "SecretToken",
    "accessKeyId",
    // Source actions' tokens in pipeline configurations (GitHub version 1).
    "OAuthToken",
    "OAuthTokenSecret",
];

#[derive(Debug, Default)]
pub struct Trace {
    attempts: std::sync::atomic::AtomicU32,
}

/// When a request went out, kept with the request's own state: several
/// calls may be in flight at once (`stats`).
#[derive(Debug, Clone)]
struct SentAt(Instant);

impl Storable for SentAt {
    type Storer = StoreReplace<Self>;
}

impl Intercept for Trace {
    fn name(&self) -> &'static str {
        "DebugTrace"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let attempt = self.attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let mut text = format!("DEBUG request (attempt {attempt}): {} {}\n", request.method(), request.uri());
        text.push_str(&headers(request.headers()));
        text.push_str(&format!("DEBUG request body: {}\n", body(request.body().bytes())));
        eprint!("{text}");
        cfg.interceptor_state().store_put(SentAt(Instant::now()));
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let response = context.response();
        let elapsed = cfg
            .load::<SentAt>()
            .map(|at| format!(" after {:.1} ms", at.0.elapsed().as_secs_f64() * 1000.0))
            .unwrap_or_default();
        let mut text = format!("DEBUG response: status {}{elapsed}\n", response.status().as_u16());
        text.push_str(&headers(response.headers()));
        text.push_str(&format!("DEBUG response body: {}\n", body(response.body().bytes())));
        eprint!("{text}");
        Ok(())
    }
}

fn headers(headers: &Headers) -> String {
    headers
        .iter()
        .map(|(name, value)| {
            let shown =
                if REDACTED_HEADERS.contains(&name.to_ascii_lowercase().as_str()) { "<redacted>" } else { value };
            format!("DEBUG   {name}: {shown}\n")
        })
        .collect()
}

fn body(bytes: Option<&[u8]>) -> String {
    let Some(bytes) = bytes else {
        return "<streaming>".to_string();
    };
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(mut json) => {
            redact(&mut json);
            json.to_string()
        }
        Err(_) => redact_text(&String::from_utf8_lossy(bytes)),
    }
}

/// A body that is not JSON (cut short, or malformed) is redacted as text:
/// after each secret member's name and its colon, the string that follows is
/// replaced, up to its closing quote or, if it has none, to the end.
fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, key)) =
        SECRET_MEMBERS.iter().filter_map(|key| rest.find(&format!("\"{key}\"")).map(|at| (at, *key))).min()
    {
        let after_key = at + key.len() + 2;
        out.push_str(&rest[..after_key]);
        rest = &rest[after_key..];
        let gap = rest.len() - rest.trim_start().len();
        let Some(value) = rest.trim_start().strip_prefix(':') else { continue };
        let value_gap = value.len() - value.trim_start().len();
        let Some(string) = value.trim_start().strip_prefix('"') else { continue };
        out.push_str(&rest[..gap + 1 + value_gap]);
        out.push_str("\"<redacted>");
        rest = match closing_quote(string) {
            Some(end) => &string[end..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Where the JSON string that `text` starts inside ends (its closing quote).
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(at),
            _ => {}
        }
    }
    None
}

fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                if SECRET_MEMBERS.contains(&key.as_str()) {
                    *member = serde_json::Value::String("<redacted>".into());
                } else {
                    redact(member);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_bodies_are_redacted_at_any_depth() {
        let shown = body(Some(
            br#"{"jobs":[{"data":{"artifactCredentials":{"accessKeyId":"AKIA1","secretAccessKey":"S3CR3T","sessionToken":"T0K3N"}}}]}"#,
        ));
        for secret in ["AKIA1", "S3CR3T", "T0K3N"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("artifactCredentials"));
    }

    #[test]
    fn secrets_in_bodies_that_are_not_json_are_redacted_too() {
        let cut = br#"{"jobs":[{"data":{"artifactCredentials":{"accessKeyId": "AKIA1", "secretAccessKey" :"S3\"CR3T","sessionToken":"T0K3N-cut-sh"#;
        let shown = body(Some(cut));
        for secret in ["AKIA1", "S3", "CR3T", "T0K3N"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.starts_with(r#"{"jobs":[{"data":{"artifactCredentials":{"accessKeyId": "<redacted>", "secretAccessKey" :"<redacted>","#), "{shown}");
        assert_eq!(body(Some(b"<html>accessKeyId</html>")), "<html>accessKeyId</html>");
    }
}
