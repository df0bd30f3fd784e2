//! The SDK decodes maps into `HashMap`s, which forget the order the service
//! sent their keys in; the AWS CLI keeps that order (`configuration` of an
//! action, for instance). This keeps a copy of the response body for
//! operations whose output holds a map, and puts map keys back in wire order.

use crate::model::{Shape, ShapeType};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::AfterDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use serde_json::{Map, Value};
use std::sync::{Arc, Mutex};

/// Keeps the body of the last response while enabled.
#[derive(Debug, Default, Clone)]
pub struct BodyCapture {
    slot: Arc<Mutex<Capture>>,
}

#[derive(Debug, Default)]
struct Capture {
    enabled: bool,
    body: Option<Vec<u8>>,
}

impl BodyCapture {
    pub fn enable(&self, enabled: bool) {
        if let Ok(mut capture) = self.slot.lock() {
            capture.enabled = enabled;
            capture.body = None;
        }
    }

    pub fn take(&self) -> Option<Vec<u8>> {
        self.slot.lock().ok()?.body.take()
    }
}

impl Intercept for BodyCapture {
    fn name(&self) -> &'static str {
        "BodyCapture"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Ok(mut capture) = self.slot.lock() {
            if capture.enabled {
                capture.body = context.response().body().bytes().map(<[u8]>::to_vec);
            }
        }
        Ok(())
    }
}

/// Whether any value under `shape` is a map.
pub fn holds_map(shape: Shape<'_>) -> bool {
    fn visit<'m>(shape: Shape<'m>, seen: &mut Vec<&'m str>) -> bool {
        if seen.contains(&shape.name()) {
            return false;
        }
        seen.push(shape.name());
        match shape.shape_type() {
            ShapeType::Map => true,
            ShapeType::List => shape.list_member().is_some_and(|item| visit(item, seen)),
            ShapeType::Structure => shape.members().any(|member| visit(member.shape(), seen)),
            _ => false,
        }
    }
    visit(shape, &mut Vec::new())
}

/// Reorders the keys of every map in `value` as they are in `wire`.
pub fn restore(value: &mut Value, wire: &Value, shape: Shape<'_>) {
    match (shape.shape_type(), value, wire) {
        (ShapeType::Structure, Value::Object(map), Value::Object(wire_map)) => {
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
        assert!(holds_map(shape));
        let wire = json!({"pipeline": {"stages": [{"actions": [{"configuration": {"b": "1", "a": "2", "c": "3"}}]}]}});
        let mut ours = json!({"pipeline": {"stages": [{"actions": [{"configuration": {"a": "2", "c": "3", "b": "1"}}]}]}});
        restore(&mut ours, &wire, shape);
        assert_eq!(ours.to_string(), wire.to_string());
    }

    #[test]
    fn outputs_without_maps_need_no_copy() {
        let shape = model().operation("ListPipelines").and_then(|op| op.output()).expect("shape");
        assert!(!holds_map(shape));
    }
}
