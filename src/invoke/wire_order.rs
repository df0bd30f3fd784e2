//! Two things the SDK's decoded output does not keep and the AWS CLI shows as
//! sent: the order of map keys (the SDK's `HashMap`s forget it: an action's
//! `configuration`, for instance), and which required members were really
//! there (the SDK fills a missing one with a default: "" or the epoch). For
//! operations whose output has maps or required members, the response body
//! is kept (see `recorder`), map keys are put back in wire order and members
//! the service did not send are dropped.

use crate::model::{Shape, ShapeType};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Whether the decoded output can differ from the wire: a map or a required
/// member anywhere under `shape`.
pub fn needs_wire(shape: Shape<'_>) -> bool {
    fn visit<'m>(shape: Shape<'m>, seen: &mut Vec<&'m str>) -> bool {
        if seen.contains(&shape.name()) {
            return false;
        }
        seen.push(shape.name());
        match shape.shape_type() {
            ShapeType::Map => true,
            ShapeType::List => shape.list_member().is_some_and(|item| visit(item, seen)),
            ShapeType::Structure => {
                !shape.required().is_empty() || shape.members().any(|member| visit(member.shape(), seen))
            }
            _ => false,
        }
    }
    visit(shape, &mut Vec::new())
}

/// A listing page's result list as sent, its items left unparsed: each is
/// parsed when its turn comes, so the page is never whole as values (a
/// page's values take several times the bytes of its text). `Some(None)`:
/// the page has no list (where the list is required, the SDK makes up an
/// empty one); `None`: the body cannot be read so.
pub fn sent_items<'b>(body: &'b [u8], result_key: &str) -> Option<Option<Vec<&'b RawValue>>> {
    let page: std::collections::HashMap<String, &'b RawValue> = serde_json::from_slice(body).ok()?;
    match page.get(result_key) {
        None => Some(None),
        // null is no list, as botocore reads it.
        Some(list) => serde_json::from_str(list.get()).ok(),
    }
}

/// Reorders the keys of every map in `value` as they are in `wire`, and drops
/// structure members that `wire` does not have.
pub fn restore(value: &mut Value, wire: &Value, shape: Shape<'_>) {
    match (shape.shape_type(), value, wire) {
        (ShapeType::Structure, Value::Object(map), Value::Object(wire_map)) => {
            map.retain(|name, _| wire_map.contains_key(name));
            for (name, member_value) in map.iter_mut() {
                if let (Some(member), Some(wire_value)) = (shape.member(name), wire_map.get(name)) {
                    restore(member_value, wire_value, member.shape());
                }
            }
        }
        (ShapeType::List, Value::Array(items), Value::Array(wire_items)) => {
            if let Some(item_shape) = shape.list_member() {
                for (item, wire_item) in items.iter_mut().zip(wire_items) {
                    restore(item, wire_item, item_shape);
                }
            }
        }
        (ShapeType::Map, Value::Object(map), Value::Object(wire_map)) => {
            let mut ordered = Map::with_capacity(map.len());
            for key in wire_map.keys() {
                if let Some((key, entry)) = map.remove_entry(key) {
                    ordered.insert(key, entry);
                }
            }
            ordered.extend(std::mem::take(map));
            if let Some(value_shape) = shape.map_value() {
                for (key, entry) in ordered.iter_mut() {
                    if let Some(wire_entry) = wire_map.get(key) {
                        restore(entry, wire_entry, value_shape);
                    }
                }
            }
            *map = ordered;
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::model;
    use serde_json::json;

    #[test]
    fn maps_follow_the_wire() {
        let shape = model().operation("GetPipeline").and_then(|op| op.output()).expect("shape");
        assert!(needs_wire(shape));
        let wire = json!({"pipeline": {"stages": [{"actions": [{"configuration": {"b": "1", "a": "2", "c": "3"}}]}]}});
        let mut ours =
            json!({"pipeline": {"stages": [{"actions": [{"configuration": {"a": "2", "c": "3", "b": "1"}}]}]}});
        restore(&mut ours, &wire, shape);
        assert_eq!(ours.to_string(), wire.to_string());
    }

    #[test]
    fn outputs_without_maps_or_required_members_need_no_copy() {
        let shape = model().operation("ListPipelines").and_then(|op| op.output()).expect("shape");
        assert!(!needs_wire(shape));
    }

    #[test]
    fn a_page_s_items_are_read_one_at_a_time() {
        let body = br#"{"nextToken": "t", "actionExecutionDetails": [{"input": {"configuration": {"b": "1", "a": "2"}}}, null]}"#;
        let items = sent_items(body, "actionExecutionDetails").flatten().expect("a list");
        assert_eq!(
            items.iter().map(|item| item.get()).collect::<Vec<_>>(),
            [r#"{"input": {"configuration": {"b": "1", "a": "2"}}}"#, "null"]
        );
        assert!(matches!(sent_items(body, "pipelines"), Some(None)), "no list");
        assert!(matches!(sent_items(br#"{"pipelines": null}"#, "pipelines"), Some(None)), "null is no list");
        assert!(sent_items(br#"{"pipelines": 3}"#, "pipelines").is_none());
    }

    #[test]
    fn members_the_service_did_not_send_are_dropped() {
        let shape = model().operation("GetPipelineState").and_then(|op| op.output()).expect("shape");
        assert!(needs_wire(shape));
        let wire = json!({"stageStates": [{"actionStates": [{"currentRevision": {"revisionId": "r"}}]}]});
        let mut ours = json!({"stageStates": [{"actionStates": [{"currentRevision":
            {"revisionId": "r", "revisionChangeId": "", "created": "1970-01-01T00:00:00Z"}}]}]});
        restore(&mut ours, &wire, shape);
        assert_eq!(ours, wire);
    }
}
