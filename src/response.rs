//! The response as the AWS CLI presents it: the SDK's JSON, with each
//! timestamp member (found through the output shape) rewritten as Python's
//! `datetime.isoformat()` in the local time zone, AWS CLI v2's default.

use crate::model::{Shape, ShapeType};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde_json::Value;

pub fn localize_timestamps(value: &mut Value, shape: Shape<'_>) {
    let zone = local_zone();
    walk(value, shape, &zone);
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

fn walk(value: &mut Value, shape: Shape<'_>, zone: &TimeZone) {
    match (shape.shape_type(), value) {
        (ShapeType::Timestamp, value) => {
            if let Some(text) = value.as_str().and_then(|s| isoformat(s, zone)) {
                *value = Value::String(text);
            }
        }
        (ShapeType::Structure, Value::Object(map)) => {
            for (name, member_value) in map.iter_mut() {
                if let Some(member) = shape.member(name) {
                    walk(member_value, member.shape(), zone);
                }
            }
        }
        (ShapeType::List, Value::Array(items)) => {
            if let Some(item_shape) = shape.list_member() {
                items.iter_mut().for_each(|item| walk(item, item_shape, zone));
            }
        }
        (ShapeType::Map, Value::Object(map)) => {
            if let Some(value_shape) = shape.map_value() {
                map.values_mut().for_each(|item| walk(item, value_shape, zone));
            }
        }
        _ => {}
    }
}

/// `2024-01-01T12:00:00.1234567Z` → `2024-01-01T12:00:00.123457+00:00` (in UTC).
fn isoformat(rfc3339: &str, zone: &TimeZone) -> Option<String> {
    let ts: Timestamp = rfc3339.parse().ok()?;
    // Python keeps microseconds; round the nanoseconds to them, as it rounds floats.
    let micros = (ts.as_nanosecond() as f64 / 1000.0).round_ties_even() as i64;
    let ts = Timestamp::from_microsecond(micros).ok()?;
    let zoned = ts.to_zoned(zone.clone());
    let fraction = zoned.subsec_nanosecond() / 1000;
    let mut text = zoned.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if fraction != 0 {
        text.push_str(&format!(".{fraction:06}"));
    }
    text.push_str(&zoned.strftime("%:z").to_string());
    Some(text)
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
    }

    #[test]
    fn only_timestamp_members_change() {
        let shape = model().operation("GetPipeline").and_then(|op| op.output()).expect("shape");
        let mut value = json!({
            "pipeline": {"name": "2024-01-01T12:00:00Z"},
            "metadata": {"created": "2024-01-01T12:00:00Z", "updated": "2024-01-01T12:00:00.5Z"}
        });
        walk(&mut value, shape, &TimeZone::UTC);
        assert_eq!(value["pipeline"]["name"], "2024-01-01T12:00:00Z");
        assert_eq!(value["metadata"]["created"], "2024-01-01T12:00:00+00:00");
        assert_eq!(value["metadata"]["updated"], "2024-01-01T12:00:00.500000+00:00");
    }
}
