//! Timestamps as the AWS CLI v2 shows them: Python's `datetime.isoformat()`
//! in the local time zone, to the microsecond.

use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::sync::OnceLock;

/// The local time zone, read once per process.
pub fn zone() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(local_zone)
}

/// The local time zone, read straight from its TZif file when there is one:
/// `TimeZone::system()` would first index the whole zoneinfo tree to look the
/// zone up by name, which costs more than the rest of a call.
fn local_zone() -> TimeZone {
    let file = match std::env::var("TZ") {
        Ok(tz) if tz.is_empty() || tz == "UTC" || tz == "UTC0" || tz == ":UTC" => return TimeZone::UTC,
        Ok(tz) => {
            let name = tz.trim_start_matches(':');
            if name.starts_with('/') {
                std::path::PathBuf::from(name)
            } else {
                std::path::Path::new("/usr/share/zoneinfo").join(name)
            }
        }
        Err(_) => std::path::PathBuf::from("/etc/localtime"),
    };
    std::fs::read(&file)
        .ok()
        .and_then(|bytes| TimeZone::tzif("Local", &bytes).ok())
        .unwrap_or_else(TimeZone::system)
}

/// `seconds` and `nanos` past the epoch → `2024-01-01T12:00:00.123457+00:00`
/// in `zone`; `None` outside the years 1–9999 (RFC 3339's range, as the SDK's).
/// Sub-microsecond digits are dropped, as the SDK's own formatting drops them.
pub fn isoformat(seconds: i64, nanos: u32, zone: &TimeZone) -> Option<String> {
    // 0001-01-01T00:00:00Z ..= 9999-12-31T23:59:59Z
    if !(-62_135_596_800..253_402_300_800).contains(&seconds) {
        return None;
    }
    let ts = Timestamp::from_microsecond(seconds * 1_000_000 + i64::from(nanos / 1000)).ok()?;
    let civil = zone.to_datetime(ts);
    let offset = zone.to_offset(ts).seconds();
    // Built digit by digit: `write!` with width specifiers dominated long listings.
    let mut text = String::with_capacity(32);
    push_digits(&mut text, i64::from(civil.year()), 4);
    text.push('-');
    push_digits(&mut text, i64::from(civil.month()), 2);
    text.push('-');
    push_digits(&mut text, i64::from(civil.day()), 2);
    text.push('T');
    push_digits(&mut text, i64::from(civil.hour()), 2);
    text.push(':');
    push_digits(&mut text, i64::from(civil.minute()), 2);
    text.push(':');
    push_digits(&mut text, i64::from(civil.second()), 2);
    let fraction = civil.subsec_nanosecond() / 1000;
    if fraction != 0 {
        text.push('.');
        push_digits(&mut text, i64::from(fraction), 6);
    }
    text.push(if offset < 0 { '-' } else { '+' });
    let offset = offset.abs();
    push_digits(&mut text, i64::from(offset / 3600), 2);
    text.push(':');
    push_digits(&mut text, i64::from(offset / 60 % 60), 2);
    if offset % 60 != 0 {
        text.push(':');
        push_digits(&mut text, i64::from(offset % 60), 2);
    }
    Some(text)
}

/// `value` in decimal, zero-padded to `width` digits (years are never negative here).
fn push_digits(text: &mut String, value: i64, width: usize) {
    let mut digits = [0u8; 20];
    let mut rest = value.unsigned_abs();
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in (digits.len() - start)..width {
        text.push('0');
    }
    text.extend(digits[start..].iter().map(|d| char::from(*d)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (i64, u32) {
        // As the SDK's DateTime holds it: whole seconds rounded down, nanoseconds above them.
        let nanos = text.parse::<Timestamp>().expect("timestamp").as_nanosecond();
        (nanos.div_euclid(1_000_000_000) as i64, nanos.rem_euclid(1_000_000_000) as u32)
    }

    fn iso(text: &str, zone: &TimeZone) -> Option<String> {
        let (seconds, nanos) = at(text);
        isoformat(seconds, nanos, zone)
    }

    #[test]
    fn isoformat_matches_python() {
        let utc = TimeZone::UTC;
        assert_eq!(iso("2024-01-01T12:00:00Z", &utc).as_deref(), Some("2024-01-01T12:00:00+00:00"));
        assert_eq!(iso("2024-01-01T12:00:00.123Z", &utc).as_deref(), Some("2024-01-01T12:00:00.123000+00:00"));
        assert_eq!(iso("2024-01-01T12:00:00.0000005Z", &utc).as_deref(), Some("2024-01-01T12:00:00+00:00"));
        assert_eq!(iso("1969-12-31T23:59:59.5Z", &utc).as_deref(), Some("1969-12-31T23:59:59.500000+00:00"));
        let berlin = TimeZone::get("Europe/Berlin").expect("tzdb");
        assert_eq!(iso("2024-07-01T12:00:00Z", &berlin).as_deref(), Some("2024-07-01T14:00:00+02:00"));
        let newfoundland = TimeZone::get("America/St_Johns").expect("tzdb");
        assert_eq!(iso("2024-01-01T12:00:00Z", &newfoundland).as_deref(), Some("2024-01-01T08:30:00-03:30"));
    }

    #[test]
    fn years_beyond_rfc_3339_have_no_isoformat() {
        assert_eq!(isoformat(253_402_300_800, 0, &TimeZone::UTC), None);
    }
}
