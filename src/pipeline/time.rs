//! Just enough time handling for "how long ago" labels: the CLI prints the
//! service's timestamps as ISO 8601 strings, read here with jiff.

use serde_json::Value;

/// Seconds since the Unix epoch of an ISO 8601 timestamp such as
/// `2024-01-02T03:04:05.250000+00:00`, or of a raw epoch number.
pub(crate) fn epoch_seconds(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => parse_iso8601(s),
        _ => None,
    }
}

fn parse_iso8601(s: &str) -> Option<f64> {
    let ts: jiff::Timestamp = s.trim().parse().ok()?;
    Some(ts.as_second() as f64 + f64::from(ts.subsec_nanosecond()) / 1e9)
}

/// A short duration such as `45s`, `12m`, `3h 05m` or `2d 4h`: precise
/// enough to tell a stuck action from a fresh one, short enough for a column.
pub(crate) fn short_duration(seconds: f64) -> String {
    let s = seconds.max(0.0) as u64;
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m {:02}s", s / 60, s % 60),
        3600..86_400 => format!("{}h {:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_the_cli_timestamp_format() {
        assert_eq!(epoch_seconds(&json!("2024-01-02T03:04:05.250000+00:00")), Some(1_704_164_645.25));
        assert_eq!(epoch_seconds(&json!("2024-01-02T04:04:05.25+01:00")), Some(1_704_164_645.25));
        assert_eq!(epoch_seconds(&json!("2024-01-02T03:04:05Z")), Some(1_704_164_645.0));
        assert_eq!(epoch_seconds(&json!("1970-01-01 00:00:00-0130")), Some(5400.0));
        assert_eq!(epoch_seconds(&json!(1_704_164_645.25)), Some(1_704_164_645.25));
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        assert_eq!(epoch_seconds(&json!("yesterday")), None);
        assert_eq!(epoch_seconds(&json!("2024-13-02T03:04:05Z")), None);
        assert_eq!(epoch_seconds(&json!(null)), None);
    }

    #[test]
    fn durations_are_short() {
        assert_eq!(short_duration(-3.0), "0s");
        assert_eq!(short_duration(59.9), "59s");
        assert_eq!(short_duration(125.0), "2m 05s");
        assert_eq!(short_duration(3.0 * 3600.0 + 5.0 * 60.0), "3h 05m");
        assert_eq!(short_duration(2.0 * 86_400.0 + 4.0 * 3600.0 + 1.0), "2d 4h");
    }
}
