//! The response as the AWS CLI presents it: the SDK's JSON, with each
//! timestamp member (found through the output shape) rewritten as Python's
//! `datetime.isoformat()` in the local time zone, AWS CLI v2's default.

use crate::model::{Shape, ShapeType};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::Value;

pub fn localize_timestamps(value: &mut Value, shape: Shape<'_>) {
    // Most responses are long lists of the same structure: work out once where
    // the timestamps are, then visit only those members.
    if let Some(plan) = Plan::for_shape(shape, &mut Vec::new()) {
        let zone = local_zone();
        plan.apply(value, &zone);
    }
}

/// Where the timestamps are under a shape (`None`: nowhere).
enum Plan {
    Timestamp,
    Structure(Vec<(String, Plan)>),
    List(Box<Plan>),
    Map(Box<Plan>),
}

impl Plan {
    fn for_shape<'m>(shape: Shape<'m>, stack: &mut Vec<&'m str>) -> Option<Plan> {
        if stack.contains(&shape.name()) {
            return None;
        }
        stack.push(shape.name());
        let plan = match shape.shape_type() {
            ShapeType::Timestamp => Some(Plan::Timestamp),
            ShapeType::Structure => {
                let members: Vec<(String, Plan)> = shape
                    .members()
                    .filter_map(|member| Some((member.name().to_string(), Plan::for_shape(member.shape(), stack)?)))
                    .collect();
                (!members.is_empty()).then_some(Plan::Structure(members))
            }
            ShapeType::List => shape.list_member().and_then(|item| Plan::for_shape(item, stack)).map(|p| Plan::List(Box::new(p))),
            ShapeType::Map => shape.map_value().and_then(|value| Plan::for_shape(value, stack)).map(|p| Plan::Map(Box::new(p))),
            _ => None,
        };
        stack.pop();
        plan
    }

    fn apply(&self, value: &mut Value, zone: &TimeZone) {
        match (self, value) {
            (Plan::Timestamp, value) => {
                if let Some(text) = value.as_str().and_then(|s| isoformat(s, zone)) {
                    *value = Value::String(text);
                }
            }
            (Plan::Structure(members), Value::Object(map)) => {
                for (name, plan) in members {
                    if let Some(member) = map.get_mut(name) {
                        plan.apply(member, zone);
                    }
                }
            }
            (Plan::List(plan), Value::Array(items)) => items.iter_mut().for_each(|item| plan.apply(item, zone)),
            (Plan::Map(plan), Value::Object(map)) => map.values_mut().for_each(|item| plan.apply(item, zone)),
            _ => {}
        }
    }
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

/// `2024-01-01T12:00:00.1234567Z` → `2024-01-01T12:00:00.123457+00:00` (in UTC).
fn isoformat(rfc3339: &str, zone: &TimeZone) -> Option<String> {
    let ts: Timestamp = rfc3339.parse().ok()?;
    // Python keeps microseconds; round the nanoseconds to them, as it rounds floats.
    let micros = (ts.as_nanosecond() as f64 / 1000.0).round_ties_even() as i64;
    let ts = Timestamp::from_microsecond(micros).ok()?;
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
    use crate::model::model;
    use serde_json::json;

    #[test]
    fn isoformat_matches_python() {
        let utc = TimeZone::UTC;
        assert_eq!(isoformat("2024-01-01T12:00:00Z", &utc).as_deref(), Some("2024-01-01T12:00:00+00:00"));
        assert_eq!(isoformat("2024-01-01T12:00:00.123Z", &utc).as_deref(), Some("2024-01-01T12:00:00.123000+00:00"));
        assert_eq!(isoformat("2024-01-01T12:00:00.0000005Z", &utc).as_deref(), Some("2024-01-01T12:00:00+00:00"));
        let berlin = TimeZone::get("Europe/Berlin").expect("tzdb");
        assert_eq!(isoformat("2024-07-01T12:00:00Z", &berlin).as_deref(), Some("2024-07-01T14:00:00+02:00"));
        let newfoundland = TimeZone::get("America/St_Johns").expect("tzdb");
        assert_eq!(isoformat("2024-01-01T12:00:00Z", &newfoundland).as_deref(), Some("2024-01-01T08:30:00-03:30"));
    }

    #[test]
    fn only_timestamp_members_change() {
        let shape = model().operation("GetPipeline").and_then(|op| op.output()).expect("shape");
        let mut value = json!({
            "pipeline": {"name": "2024-01-01T12:00:00Z"},
            "metadata": {"created": "2024-01-01T12:00:00Z", "updated": "2024-01-01T12:00:00.5Z"}
        });
        let plan = Plan::for_shape(shape, &mut Vec::new()).expect("GetPipeline has timestamps");
        plan.apply(&mut value, &TimeZone::UTC);
        assert_eq!(value["pipeline"]["name"], "2024-01-01T12:00:00Z");
        assert_eq!(value["metadata"]["created"], "2024-01-01T12:00:00+00:00");
        assert_eq!(value["metadata"]["updated"], "2024-01-01T12:00:00.500000+00:00");
    }

    #[test]
    fn shapes_without_timestamps_have_no_plan() {
        let shape = model().operation("ListTagsForResource").and_then(|op| op.output()).expect("shape");
        assert!(Plan::for_shape(shape, &mut Vec::new()).is_none());
    }
}
