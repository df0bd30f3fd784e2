//! CodePipeline's service model (botocore's `service-2.json` and
//! `paginators-1.json`, vendored under `model/`): the single source of truth
//! for commands, flags, help, required checks and output shapes.

pub mod names;

use serde_json::{Map, Value};
use std::sync::OnceLock;

pub use names::xform_name;

/// The model without documentation, as per-entry tables (see build.rs).
mod index {
    include!(concat!(env!("OUT_DIR"), "/model_index.rs"));
}
/// The full model, parsed only when documentation is wanted (help, man pages).
const SERVICE_JSON: &str = include_str!("../../model/service-2.json");
const PAGINATORS_JSON: &str = include_str!("../../model/paginators-1.json");
pub const BOTOCORE_VERSION: &str = include_str!("../../model/BOTOCORE_VERSION");

static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();

fn empty() -> &'static Map<String, Value> {
    EMPTY.get_or_init(Map::new)
}

/// The service model, parsed piece by piece: an operation or shape is parsed
/// the first time it is looked at, so a call pays for the few shapes it uses
/// and nothing for the rest of the model or its documentation.
pub struct Model {
    operations: Vec<OnceLock<Value>>,
    shapes: Vec<OnceLock<Value>>,
    paginators: OnceLock<Value>,
}

pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model {
        operations: index::OPERATIONS.iter().map(|_| OnceLock::new()).collect(),
        shapes: index::SHAPES.iter().map(|_| OnceLock::new()).collect(),
        paginators: OnceLock::new(),
    })
}

/// An entry of a generated table, parsed once. The tables come from the
/// vendored model through build.rs, so a parse failure is a build defect.
fn parsed<'m>(cell: &'m OnceLock<Value>, text: &str) -> &'m Value {
    cell.get_or_init(|| serde_json::from_str(text).expect("generated model table entry is valid JSON"))
}

/// The full model, documentation included (help, man pages, offline validation).
pub fn documented() -> &'static Value {
    static FULL: OnceLock<Value> = OnceLock::new();
    FULL.get_or_init(|| serde_json::from_str(SERVICE_JSON).expect("vendored service-2.json is valid JSON"))
}

fn doc_at(path: &[&str]) -> &'static str {
    path.iter().try_fold(documented(), |value, key| value.get(*key)).and_then(Value::as_str).unwrap_or("")
}

impl Model {
    pub fn documentation(&self) -> &'static str {
        doc_at(&["documentation"])
    }

    fn paginators(&self) -> &Value {
        parsed(&self.paginators, PAGINATORS_JSON)
    }

    fn operation_at(&self, at: usize) -> Operation<'_> {
        let (name, text) = index::OPERATIONS[at];
        Operation { model: self, name, def: parsed(&self.operations[at], text) }
    }

    /// Operations in name order (botocore's own order).
    pub fn operations(&self) -> impl Iterator<Item = Operation<'_>> {
        (0..index::OPERATIONS.len()).map(move |at| self.operation_at(at))
    }

    pub fn operation(&self, name: &str) -> Option<Operation<'_>> {
        let at = index::OPERATIONS.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
        Some(self.operation_at(at))
    }

    /// The operation whose AWS CLI command name (`get-pipeline`) is `command`.
    pub fn operation_by_command(&self, command: &str) -> Option<Operation<'_>> {
        let at = index::OPERATIONS.iter().position(|(name, _)| xform_name(name, '-') == command)?;
        Some(self.operation_at(at))
    }

    pub fn shape(&self, name: &str) -> Option<Shape<'_>> {
        let at = index::SHAPES.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
        let (name, text) = index::SHAPES[at];
        Some(Shape { model: self, name, def: parsed(&self.shapes[at], text) })
    }
}

#[derive(Clone, Copy)]
pub struct Operation<'m> {
    model: &'m Model,
    name: &'m str,
    def: &'m Value,
}

impl<'m> Operation<'m> {
    pub fn name(&self) -> &'m str {
        self.name
    }

    pub fn command_name(&self) -> String {
        xform_name(self.name, '-')
    }

    pub fn documentation(&self) -> &'static str {
        doc_at(&["operations", self.name, "documentation"])
    }

    fn shape_ref(&self, key: &str) -> Option<Shape<'m>> {
        let name = self.def.get(key)?.get("shape")?.as_str()?;
        self.model.shape(name)
    }

    pub fn input(&self) -> Option<Shape<'m>> {
        self.shape_ref("input")
    }

    pub fn output(&self) -> Option<Shape<'m>> {
        self.shape_ref("output")
    }

    /// The paginator of this operation, if `paginators-1.json` has one.
    /// The operation's paginator, if it pages.
    pub fn paginator(&self) -> Option<Paginator> {
        let config = self.model.paginators().get("pagination")?.get(self.name)?.as_object()?;
        let text = |key: &str| config.get(key).and_then(Value::as_str).map(String::from);
        Some(Paginator {
            input_token: text("input_token")?,
            output_token: text("output_token")?,
            result_key: text("result_key")?,
            limit_key: text("limit_key"),
        })
    }
}

/// An operation's entry in `paginators-1.json`, read once, in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    pub input_token: String,
    pub output_token: String,
    pub result_key: String,
    pub limit_key: Option<String>,
}

impl Paginator {
    /// The service's own paging members (its token and page size).
    pub fn members(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.input_token.as_str()).chain(self.limit_key.as_deref())
    }
}

/// The kinds of shape botocore models use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShapeType {
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Timestamp,
    Blob,
    Float,
    Double,
    Other,
}

impl ShapeType {
    pub fn is_scalar(self) -> bool {
        !matches!(self, ShapeType::Structure | ShapeType::List | ShapeType::Map)
    }
}

#[derive(Clone, Copy)]
pub struct Shape<'m> {
    model: &'m Model,
    name: &'m str,
    def: &'m Value,
}

impl<'m> Shape<'m> {
    pub fn name(&self) -> &'m str {
        self.name
    }

    pub fn shape_type(&self) -> ShapeType {
        match self.def.get("type").and_then(Value::as_str).unwrap_or("") {
            "structure" => ShapeType::Structure,
            "list" => ShapeType::List,
            "map" => ShapeType::Map,
            "string" => ShapeType::String,
            "integer" => ShapeType::Integer,
            "long" => ShapeType::Long,
            "boolean" => ShapeType::Boolean,
            "timestamp" => ShapeType::Timestamp,
            "blob" => ShapeType::Blob,
            "float" => ShapeType::Float,
            "double" => ShapeType::Double,
            _ => ShapeType::Other,
        }
    }

    pub fn documentation(&self) -> &'static str {
        doc_at(&["shapes", self.name, "documentation"])
    }

    /// A free-form JSON document rather than a modelled structure.
    pub fn is_document(&self) -> bool {
        self.def.get("document").and_then(Value::as_bool).unwrap_or(false)
    }

    pub fn enum_values(&self) -> Vec<&'m str> {
        self.def
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    pub fn min(&self) -> Option<i64> {
        self.def.get("min").and_then(Value::as_i64)
    }

    pub fn required(&self) -> Vec<&'m str> {
        self.def
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Structure members in model order.
    pub fn members(&self) -> impl Iterator<Item = Member<'m>> + 'm {
        let model = self.model;
        let parent = self.name;
        self.def
            .get("members")
            .and_then(Value::as_object)
            .unwrap_or_else(|| empty())
            .iter()
            .filter_map(move |(name, def)| Member::new(model, parent, name, def))
    }

    pub fn member(&self, name: &str) -> Option<Member<'m>> {
        let (name, def) = self.def.get("members")?.as_object()?.get_key_value(name)?;
        Member::new(self.model, self.name, name, def)
    }

    fn target(&self, key: &str) -> Option<Shape<'m>> {
        self.model.shape(self.def.get(key)?.get("shape")?.as_str()?)
    }

    /// The element shape of a list.
    pub fn list_member(&self) -> Option<Shape<'m>> {
        self.target("member")
    }

    pub fn map_key(&self) -> Option<Shape<'m>> {
        self.target("key")
    }

    pub fn map_value(&self) -> Option<Shape<'m>> {
        self.target("value")
    }
}

#[derive(Clone, Copy)]
pub struct Member<'m> {
    /// The structure this member belongs to.
    parent: &'m str,
    name: &'m str,
    shape: Shape<'m>,
}

impl<'m> Member<'m> {
    fn new(model: &'m Model, parent: &'m str, name: &'m str, def: &'m Value) -> Option<Self> {
        let shape = model.shape(def.get("shape")?.as_str()?)?;
        Some(Member { parent, name, shape })
    }

    pub fn name(&self) -> &'m str {
        self.name
    }

    pub fn shape(&self) -> Shape<'m> {
        self.shape
    }

    /// The member's own documentation, falling back to its shape's.
    pub fn documentation(&self) -> &'static str {
        match doc_at(&["shapes", self.parent, "members", self.name, "documentation"]) {
            "" => self.shape.documentation(),
            doc => doc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_is_codepipeline_2015_07_09() {
        let metadata = &documented()["metadata"];
        assert_eq!(metadata["targetPrefix"], "CodePipeline_20150709");
        // The SDK speaks awsJson1.1; newer models list it beside rpcv2-cbor.
        let json_protocol = metadata["protocol"] == "json"
            || metadata["protocols"].as_array().is_some_and(|p| p.iter().any(|v| v == "json"));
        assert!(json_protocol);
        assert!(!BOTOCORE_VERSION.trim().is_empty());
    }

    #[test]
    fn the_tables_hold_the_whole_lean_model() {
        let full = documented();
        assert_eq!(index::OPERATIONS.len(), full["operations"].as_object().map_or(0, |o| o.len()));
        assert_eq!(index::SHAPES.len(), full["shapes"].as_object().map_or(0, |o| o.len()));
        for (name, _) in index::SHAPES {
            let shape = model().shape(name).expect("every shape resolves");
            assert_eq!(shape.shape_type() == ShapeType::Other, full["shapes"][name]["type"] == "document");
        }
    }

    #[test]
    fn operations_resolve_their_shapes() {
        let m = model();
        let op = m.operation_by_command("get-pipeline").expect("get-pipeline exists");
        assert_eq!(op.name(), "GetPipeline");
        let input = op.input().expect("GetPipeline has input");
        let names: Vec<_> = input.members().map(|mb| mb.name()).collect();
        assert_eq!(names, ["name", "version"]);
        assert_eq!(input.required(), ["name"]);
        assert_eq!(input.member("version").map(|mb| mb.shape().shape_type()), Some(ShapeType::Integer));
        for op in m.operations() {
            if let Some(input) = op.input() {
                assert_eq!(input.shape_type(), ShapeType::Structure, "{}", op.name());
                for member in input.members() {
                    assert_ne!(member.shape().shape_type(), ShapeType::Other, "{}.{}", op.name(), member.name());
                }
            }
        }
    }

    #[test]
    fn paginators_name_existing_members() {
        let m = model();
        let paginated: Vec<_> = m.operations().filter(|op| op.paginator().is_some()).collect();
        assert_eq!(paginated.len(), 8);
        for op in paginated {
            let p = op.paginator().expect("filtered");
            assert!(op.input().and_then(|s| s.member(&p.input_token)).is_some(), "{}", op.name());
            assert!(op.output().and_then(|s| s.member(&p.result_key)).is_some(), "{}", op.name());
        }
    }
}
