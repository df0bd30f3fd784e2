//! Timestamps as the AWS CLI v2 shows them: Python's `datetime.isoformat()`
//! in the local time zone, to the microsecond (`cli_timestamp_format =
//! iso8601`, v2's default), or the number as the service sent it (`wire`).

use aws_smithy_types::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;
use std::sync::OnceLock;

/// `cli_timestamp_format`: how response timestamps are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampFormat {
    #[default]
    Iso8601,
    Wire,
}

impl TimestampFormat {
    /// The profile's value, as AWS CLI v2 reads it; its message for any other.
    pub fn parse(value: Option<&str>) -> Result<TimestampFormat, String> {
        match value {
            None | Some("iso8601") => Ok(TimestampFormat::Iso8601),
            Some("wire") => Ok(TimestampFormat::Wire),
            Some(other) => {
                Err(format!("Unknown cli_timestamp_format value: {other}, valid values are \"wire\" or \"iso8601\""))
            }
        }
    }
}

static FORMAT: OnceLock<TimestampFormat> = OnceLock::new();

/// Chooses the format for the rest of the process (the profile is read once).
pub fn set_format(format: TimestampFormat) {
    let _ = FORMAT.set(format);
}

pub fn format() -> TimestampFormat {
    FORMAT.get().copied().unwrap_or_default()
}

/// The number the service sent for `value`. CodePipeline sends epoch seconds
/// as JSON numbers, which the SDK reads as a double and splits into whole
/// seconds and truncated nanoseconds; this finds that double again.
pub fn wire_seconds(value: &DateTime) -> f64 {
    let guess = value.secs() as f64 + f64::from(value.subsec_nanos()) / 1e9;
    [guess, guess.next_up(), guess.next_down()]
        .into_iter()
        .find(|candidate| DateTime::from_secs_f64(*candidate) == *value)
        .unwrap_or(guess)
}

/// Whole seconds and microseconds as Python's `datetime.fromtimestamp` makes
/// them from the wire's double: the fraction rounded half to even, so
/// `1732500000.123` (a double just below it) is `.123000`, not `.122999`.
pub fn python_micros(value: &DateTime) -> (i64, u32) {
    let seconds = wire_seconds(value);
    let whole = seconds.trunc();
    let mut micros = ((seconds - whole) * 1e6).round_ties_even();
    let mut whole = whole as i64;
    if micros >= 1e6 {
        micros -= 1e6;
        whole += 1;
    } else if micros < 0.0 {
        micros += 1e6;
        whole -= 1;
    }
    (whole, micros as u32)
}

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
    std::fs::read(&file).ok().and_then(|bytes| TimeZone::tzif("Local", &bytes).ok()).unwrap_or_else(TimeZone::system)
}

/// Whether `seconds` and `micros` (as `python_micros` gives them) make a
/// time that Python's `datetime` holds in `zone`: the years 1 to 9999 there.
pub fn showable(seconds: i64, micros: u32, zone: &TimeZone) -> bool {
    // No offset (jiff's are under 26 hours) moves a time this far inside the range out of it.
    const SURE: std::ops::Range<i64> = -62_135_596_800 + 2 * DAY..253_402_300_800 - 2 * DAY;
    SURE.contains(&seconds) || local(seconds, micros, zone).is_some()
}

const DAY: i64 = 86_400;

/// The local date and time and the offset in seconds; `None` outside the
/// years 1 to 9999 in `zone`, where Python's `datetime` fails.
fn local(seconds: i64, micros: u32, zone: &TimeZone) -> Option<(jiff::civil::DateTime, i32)> {
    if !(-62_135_596_800 - 2 * DAY..253_402_300_800 + 2 * DAY).contains(&seconds) {
        return None;
    }
    // jiff's timestamps end a day before 9999 does (any offset must give a
    // date it holds): the last days of 9999 are found two days earlier.
    let shift = if seconds >= 253_402_300_800 - 2 * DAY { 2 } else { 0 };
    let ts = Timestamp::from_microsecond((seconds - shift * DAY) * 1_000_000 + i64::from(micros)).ok()?;
    let civil = zone.to_datetime(ts).checked_add(jiff::Span::new().days(shift)).ok()?;
    (1..=9999).contains(&civil.year()).then(|| (civil, zone.to_offset(ts).seconds()))
}

/// `seconds` and `micros` past the epoch → `2024-01-01T12:00:00.123457+00:00`
/// in `zone`; `None` outside the years 1–9999 there (Python's `datetime` range).
pub fn isoformat(seconds: i64, micros: u32, zone: &TimeZone) -> Option<String> {
    let (civil, offset) = local(seconds, micros, zone)?;
    // Every field has a fixed width in the years 1–9999: written into a
    // buffer digit by digit, as `write!` with widths dominated long listings.
    let mut text = Ascii::default();
    let field = |value: i8| u32::from(value.unsigned_abs());
    text.digits(u32::from(civil.year().unsigned_abs()), 4);
    text.push(b'-');
    text.digits(field(civil.month()), 2);
    text.push(b'-');
    text.digits(field(civil.day()), 2);
    text.push(b'T');
    text.digits(field(civil.hour()), 2);
    text.push(b':');
    text.digits(field(civil.minute()), 2);
    text.push(b':');
    text.digits(field(civil.second()), 2);
    let fraction = civil.subsec_nanosecond().unsigned_abs() / 1000;
    if fraction != 0 {
        text.push(b'.');
        text.digits(fraction, 6);
    }
    text.push(if offset < 0 { b'-' } else { b'+' });
    let offset = offset.unsigned_abs();
    text.digits(offset / 3600, 2);
    text.push(b':');
    text.digits(offset / 60 % 60, 2);
    if !offset.is_multiple_of(60) {
        text.push(b':');
        text.digits(offset % 60, 2);
    }
    Some(text.into_string())
}

/// A timestamp's text as it is written: ASCII digits and signs, at most
/// 4+1+2+1+2+1+2+1+2+1+2+1+6+1+2+1+2+1+2 = 35 bytes.
struct Ascii {
    bytes: [u8; 40],
    len: usize,
}

impl Default for Ascii {
    fn default() -> Self {
        Ascii { bytes: [b'0'; 40], len: 0 }
    }
}

impl Ascii {
    fn push(&mut self, byte: u8) {
        self.bytes[self.len] = byte;
        self.len += 1;
    }

    /// The last `width` decimal digits of `value`, zero-padded.
    fn digits(&mut self, mut value: u32, width: usize) {
        let end = self.len + width;
        for at in (self.len..end).rev() {
            self.bytes[at] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len = end;
    }

    fn into_string(self) -> String {
        String::from_utf8_lossy(&self.bytes[..self.len]).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (i64, u32) {
        let micros = text.parse::<Timestamp>().expect("timestamp").as_microsecond();
        (micros.div_euclid(1_000_000), micros.rem_euclid(1_000_000) as u32)
    }

    fn iso(text: &str, zone: &TimeZone) -> Option<String> {
        let (seconds, micros) = at(text);
        isoformat(seconds, micros, zone)
    }

    /// What the SDK's JSON reader makes of an epoch-seconds number.
    fn from_wire(text: &str) -> DateTime {
        DateTime::from_secs_f64(text.parse::<f64>().expect("number"))
    }

    #[test]
    fn wire_numbers_round_to_the_microsecond_as_python_does() {
        // Each expectation is Python's `datetime.fromtimestamp(float(text), timezone.utc)`.
        for (text, seconds, micros) in [
            ("1732500000.123", 1_732_500_000, 123_000),
            ("1732500000.001", 1_732_500_000, 1_000),
            ("1732500000.999", 1_732_500_000, 999_000),
            ("1732500000.9999999", 1_732_500_001, 0),
            ("1701587860.831", 1_701_587_860, 831_000),
            ("0.1234565", 0, 123_456),
            ("0.1234575", 0, 123_458),
            ("1.0000005", 1, 1),
            ("-1.5", -2, 500_000),
            ("1732500000", 1_732_500_000, 0),
        ] {
            assert_eq!(python_micros(&from_wire(text)), (seconds, micros), "{text}");
        }
    }

    #[test]
    fn the_wire_number_is_found_again() {
        for text in ["1701587860.831", "1732500000.123", "0.1", "1700000000.5", "-3.25"] {
            assert_eq!(wire_seconds(&from_wire(text)), text.parse::<f64>().expect("number"), "{text}");
        }
    }

    #[test]
    fn only_the_two_formats_of_aws_cli_v2() {
        assert_eq!(TimestampFormat::parse(None), Ok(TimestampFormat::Iso8601));
        assert_eq!(TimestampFormat::parse(Some("wire")), Ok(TimestampFormat::Wire));
        assert_eq!(
            TimestampFormat::parse(Some("none")),
            Err("Unknown cli_timestamp_format value: none, valid values are \"wire\" or \"iso8601\"".into())
        );
    }

    #[test]
    fn isoformat_matches_python() {
        let utc = TimeZone::UTC;
        assert_eq!(iso("2024-01-01T12:00:00Z", &utc).as_deref(), Some("2024-01-01T12:00:00+00:00"));
        assert_eq!(iso("2024-01-01T12:00:00.123Z", &utc).as_deref(), Some("2024-01-01T12:00:00.123000+00:00"));
        assert_eq!(iso("1969-12-31T23:59:59.5Z", &utc).as_deref(), Some("1969-12-31T23:59:59.500000+00:00"));
        let berlin = TimeZone::get("Europe/Berlin").expect("tzdb");
        assert_eq!(iso("2024-07-01T12:00:00Z", &berlin).as_deref(), Some("2024-07-01T14:00:00+02:00"));
        let newfoundland = TimeZone::get("America/St_Johns").expect("tzdb");
        assert_eq!(iso("2024-01-01T12:00:00Z", &newfoundland).as_deref(), Some("2024-01-01T08:30:00-03:30"));
    }

    #[test]
    fn years_beyond_rfc_3339_have_no_isoformat() {
        assert_eq!(isoformat(253_402_300_800, 0, &TimeZone::UTC), None);
        assert!(!showable(253_402_300_800, 0, &TimeZone::UTC));
    }

    #[test]
    fn the_first_and_last_days_python_holds_are_shown_where_the_zone_keeps_them_in_range() {
        // Past jiff's last timestamp (a day before 9999 ends), as Python's `fromtimestamp` prints them.
        let utc = TimeZone::UTC;
        assert_eq!(isoformat(253_402_300_799, 999_999, &utc).as_deref(), Some("9999-12-31T23:59:59.999999+00:00"));
        assert_eq!(isoformat(253_402_214_400, 0, &utc).as_deref(), Some("9999-12-31T00:00:00+00:00"));
        let newfoundland = TimeZone::get("America/St_Johns").expect("tzdb");
        assert_eq!(isoformat(253_402_300_799, 0, &newfoundland).as_deref(), Some("9999-12-31T20:29:59-03:30"));
        // Year 10000 or year 0 in the zone: Python fails, and the survey must say so before anything is printed.
        let kathmandu = TimeZone::get("Asia/Kathmandu").expect("tzdb");
        for (seconds, zone) in [(253_402_300_799, &kathmandu), (-62_135_596_800, &newfoundland)] {
            assert_eq!(isoformat(seconds, 0, zone), None, "{seconds}");
            assert!(!showable(seconds, 0, zone), "{seconds}");
        }
        assert_eq!(isoformat(-62_135_596_800, 0, &utc).as_deref(), Some("0001-01-01T00:00:00+00:00"));
        for seconds in [-62_135_596_800, 0, 253_402_207_200, 253_402_300_799] {
            assert!(showable(seconds, 0, &utc), "{seconds}");
        }
    }
}
