//! Just enough time handling for "how long ago" labels: the CLI prints the
//! service's timestamps as ISO 8601 strings, and a full date library would
//! be heavier than the two operations needed here.

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
    let s = s.trim();
    let (date, rest) = s.split_at_checked(10)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let mut date_parts = date.split('-');
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: i64 = date_parts.next()?.parse().ok()?;
    let day: i64 = date_parts.next()?.parse().ok()?;

    // The zone starts at the first 'Z', '+' or '-' after the clock time.
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (clock, zone) = rest.split_at(zone_at);
    let mut clock_parts = clock.split(':');
    let hour: i64 = clock_parts.next()?.parse().ok()?;
    let minute: i64 = clock_parts.next()?.parse().ok()?;
    let second: f64 = clock_parts.next().unwrap_or("0").parse().ok()?;
    let offset = match zone {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let digits = zone[1..].replace(':', "");
            let (h, m) = digits.split_at_checked(2)?;
            let m = if m.is_empty() {
                0
            } else {
                m.parse::<i64>().ok()?
            };
            sign * (h.parse::<i64>().ok()? * 3600 + m * 60)
        }
    };
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61.0;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some((days * 86_400 + hour * 3600 + minute * 60 - offset) as f64 + second)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm), so no calendar tables are needed.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
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
        assert_eq!(
            epoch_seconds(&json!("2024-01-02T03:04:05.250000+00:00")),
            Some(1_704_164_645.25)
        );
        assert_eq!(
            epoch_seconds(&json!("2024-01-02T04:04:05.25+01:00")),
            Some(1_704_164_645.25)
        );
        assert_eq!(
            epoch_seconds(&json!("2024-01-02T03:04:05Z")),
            Some(1_704_164_645.0)
        );
        assert_eq!(
            epoch_seconds(&json!("1970-01-01 00:00:00-0130")),
            Some(5400.0)
        );
        assert_eq!(
            epoch_seconds(&json!(1_704_164_645.25)),
            Some(1_704_164_645.25)
        );
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
