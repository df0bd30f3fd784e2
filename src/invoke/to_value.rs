//! An SDK output straight into a `serde_json::Value` as the AWS CLI shows it:
//! members in model order under their model names, timestamps already in
//! the local zone (`localtime`). A `ShapeSerializer` that builds values
//! instead of text saves writing JSON and parsing it back, which dominated
//! long listings; each object is allocated at its final size.

use crate::localtime::{self, TimestampFormat};
use crate::python;
use aws_smithy_schema::serde::{SerdeError, SerializableStruct, ShapeSerializer};
use aws_smithy_schema::Schema;
use aws_smithy_types::{base64, BigDecimal, BigInteger, Blob, DateTime, Document, Number};
use jiff::tz::TimeZone;
use serde_json::{Map, Value};

/// Why a response cannot be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Unreadable {
    /// A timestamp outside the years 1 to 9999 (Python's `datetime`): the
    /// member that holds it, and the number as the SDK kept it (clamped to
    /// the 64-bit range when the service sent more).
    Timestamp {
        member: Option<String>,
        kept: Value,
    },
    Other(String),
}

impl Unreadable {
    /// The message for the user; `wire` (the response body, when there is
    /// one) gives the number as the service sent it, printed as Python would.
    pub fn message(&self, wire: Option<&[u8]>) -> String {
        match self {
            Unreadable::Timestamp { member, kept } => {
                let sent = wire
                    .and_then(|body| serde_json::from_slice::<Value>(body).ok())
                    .and_then(|body| member.as_deref().and_then(|member| out_of_range(&body, member)))
                    .unwrap_or_else(|| python::py_repr_of(kept));
                format!("Unable to read the response: the timestamp {sent} is outside the years 1 to 9999")
            }
            Unreadable::Other(message) => format!("Unable to read the response: {message}"),
        }
    }
}

/// The first number under a key `member` in `body` that is no timestamp of
/// the years 1 to 9999, as Python prints it.
fn out_of_range(body: &Value, member: &str) -> Option<String> {
    // 0001-01-01T00:00:00Z ..= 9999-12-31T23:59:59Z, as localtime::isoformat.
    const YEARS_1_TO_9999: std::ops::Range<f64> = -62_135_596_800.0..253_402_300_800.0;
    match body {
        Value::Object(map) => map.iter().find_map(|(key, value)| match value {
            Value::Number(n) if key == member && !n.as_f64().is_some_and(|f| YEARS_1_TO_9999.contains(&f)) => {
                Some(python::py_number(n))
            }
            other => out_of_range(other, member),
        }),
        Value::Array(items) => items.iter().find_map(|item| out_of_range(item, member)),
        _ => None,
    }
}

pub fn to_value(output: &dyn SerializableStruct) -> Result<Value, Unreadable> {
    value_in(output, localtime::zone(), None)
}

/// Converts `output` with the elements of its top-level list `list_member`
/// handed to `each` one by one, as each is built, instead of gathered: a page
/// of a listing is then never whole in memory as values. Returns the rest.
pub fn stream_list(
    output: &dyn SerializableStruct,
    list_member: &str,
    each: &mut dyn FnMut(Value),
) -> Result<Value, Unreadable> {
    value_in(output, localtime::zone(), Some(Streamed { list_member, each }))
}

fn value_in(output: &dyn SerializableStruct, zone: &TimeZone, streamed: Option<Streamed>) -> Result<Value, Unreadable> {
    let mut builder = ValueBuilder { zone, open: Vec::new(), done: None, problem: None, streamed };
    let written = builder.write_struct(output.schema(), output);
    if let Some(problem) = builder.problem.take() {
        return Err(problem);
    }
    written.map_err(|e| match e {
        SerdeError::WriteFailed { message, .. } => Unreadable::Other(message),
        other => Unreadable::Other(other.to_string()),
    })?;
    builder.done.ok_or_else(|| Unreadable::Other("it is empty".to_string()))
}

/// A container being filled.
enum Open {
    Structure(Map<String, Value>),
    List(Vec<Value>),
    /// A map, and the key of the entry whose value comes next.
    Map(Map<String, Value>, Option<String>),
    /// The streamed list: its elements go to `Streamed::each`.
    Streamed,
}

/// The top-level list whose elements are handed out as they are built.
struct Streamed<'s> {
    list_member: &'s str,
    each: &'s mut dyn FnMut(Value),
}

struct ValueBuilder<'z, 's> {
    zone: &'z TimeZone,
    open: Vec<Open>,
    done: Option<Value>,
    /// What stopped the writing, when it is more than a message.
    problem: Option<Unreadable>,
    streamed: Option<Streamed<'s>>,
}

impl ValueBuilder<'_, '_> {
    /// Places `value`, written with `schema`, into the innermost open container.
    fn put(&mut self, schema: &Schema<'_>, value: Value) -> Result<(), SerdeError> {
        match self.open.last_mut() {
            None => self.done = Some(value),
            Some(Open::Structure(members)) => {
                if let Some(name) = schema.member_name() {
                    members.insert(name.to_string(), value);
                }
            }
            Some(Open::List(items)) => items.push(value),
            Some(Open::Streamed) => {
                if let Some(streamed) = &mut self.streamed {
                    (streamed.each)(value);
                }
            }
            Some(Open::Map(entries, key)) => match (key.take(), value) {
                (Some(key), value) => {
                    entries.insert(key, value);
                }
                (None, Value::String(next)) => *key = Some(next),
                (None, _) => return Err(SerdeError::write_failed("a map key that is not a string")),
            },
        }
        Ok(())
    }

    /// Fills `container` with what `write` writes, then places it.
    fn fill(
        &mut self,
        schema: &Schema<'_>,
        container: Open,
        write: impl FnOnce(&mut Self) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.open.push(container);
        write(self)?;
        let value = match self.open.pop() {
            Some(Open::Structure(members)) | Some(Open::Map(members, _)) => Value::Object(members),
            Some(Open::List(items)) => Value::Array(items),
            Some(Open::Streamed) => Value::Array(Vec::new()),
            None => return Err(SerdeError::write_failed("unbalanced containers")),
        };
        self.put(schema, value)
    }
}

/// Whether the timestamp `value` can be shown, without showing it (`survey`).
pub fn check_timestamp(schema: &Schema<'_>, value: &DateTime) -> Result<(), Unreadable> {
    match localtime::format() {
        TimestampFormat::Iso8601 => {
            let (seconds, micros) = localtime::python_micros(value);
            match localtime::showable(seconds, micros, localtime::zone()) {
                true => Ok(()),
                false => Err(unshowable(schema, value)),
            }
        }
        TimestampFormat::Wire => Ok(()),
    }
}

fn unshowable(schema: &Schema<'_>, value: &DateTime) -> Unreadable {
    Unreadable::Timestamp { member: schema.member_name().map(str::to_string), kept: wire_number(value) }
}

/// A double as the AWS CLI prints it: non-finite values as the strings the
/// service uses for them.
fn double(value: f64) -> Value {
    if value.is_finite() {
        Value::from(value)
    } else if value.is_nan() {
        Value::from("NaN")
    } else if value > 0.0 {
        Value::from("Infinity")
    } else {
        Value::from("-Infinity")
    }
}

/// A timestamp as the number the service sent: whole seconds as an integer.
fn wire_number(value: &DateTime) -> Value {
    if value.subsec_nanos() == 0 {
        Value::from(value.secs())
    } else {
        double(localtime::wire_seconds(value))
    }
}

fn document(value: &Document) -> Value {
    match value {
        Document::Null => Value::Null,
        Document::Bool(b) => Value::Bool(*b),
        Document::Number(Number::PosInt(n)) => Value::from(*n),
        Document::Number(Number::NegInt(n)) => Value::from(*n),
        Document::Number(Number::Float(f)) => double(*f),
        Document::String(s) => Value::String(s.clone()),
        Document::Array(items) => Value::Array(items.iter().map(document).collect()),
        Document::Object(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), document(v))).collect()),
    }
}

fn number_text(text: &str) -> Result<Value, SerdeError> {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Value::Number)
        .map_err(|_| SerdeError::write_failed(format!("{text:?} is not a number")))
}

impl ShapeSerializer for ValueBuilder<'_, '_> {
    fn write_struct(&mut self, schema: &Schema<'_>, value: &dyn SerializableStruct) -> Result<(), SerdeError> {
        let size = value.schema().members().len();
        self.fill(schema, Open::Structure(Map::with_capacity(size)), |this| value.serialize_members(this))
    }

    fn write_list(
        &mut self,
        schema: &Schema<'_>,
        write_elements: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.write_list_with_length(schema, 0, write_elements)
    }

    fn write_list_with_length(
        &mut self,
        schema: &Schema<'_>,
        length: usize,
        write_elements: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        // The top-level structure is the only open container: this list is a member of the output itself.
        let top_level = self.open.len() == 1;
        let container = match &self.streamed {
            Some(streamed) if top_level && schema.member_name() == Some(streamed.list_member) => Open::Streamed,
            _ => Open::List(Vec::with_capacity(length)),
        };
        self.fill(schema, container, |this| write_elements(this))
    }

    fn write_map(
        &mut self,
        schema: &Schema<'_>,
        write_entries: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.write_map_with_length(schema, 0, write_entries)
    }

    fn write_map_with_length(
        &mut self,
        schema: &Schema<'_>,
        length: usize,
        write_entries: &dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>,
    ) -> Result<(), SerdeError> {
        self.fill(schema, Open::Map(Map::with_capacity(length), None), |this| write_entries(this))
    }

    fn write_boolean(&mut self, schema: &Schema<'_>, value: bool) -> Result<(), SerdeError> {
        self.put(schema, Value::Bool(value))
    }

    fn write_byte(&mut self, schema: &Schema<'_>, value: i8) -> Result<(), SerdeError> {
        self.put(schema, Value::from(value))
    }

    fn write_short(&mut self, schema: &Schema<'_>, value: i16) -> Result<(), SerdeError> {
        self.put(schema, Value::from(value))
    }

    fn write_integer(&mut self, schema: &Schema<'_>, value: i32) -> Result<(), SerdeError> {
        self.put(schema, Value::from(value))
    }

    fn write_long(&mut self, schema: &Schema<'_>, value: i64) -> Result<(), SerdeError> {
        self.put(schema, Value::from(value))
    }

    fn write_float(&mut self, schema: &Schema<'_>, value: f32) -> Result<(), SerdeError> {
        // Through the shortest decimal text of the f32, so 0.1 stays 0.1 as a double.
        let widened = value.to_string().parse::<f64>().unwrap_or(f64::from(value));
        self.put(schema, double(widened))
    }

    fn write_double(&mut self, schema: &Schema<'_>, value: f64) -> Result<(), SerdeError> {
        self.put(schema, double(value))
    }

    fn write_big_integer(&mut self, schema: &Schema<'_>, value: &BigInteger) -> Result<(), SerdeError> {
        let number = number_text(value.as_ref())?;
        self.put(schema, number)
    }

    fn write_big_decimal(&mut self, schema: &Schema<'_>, value: &BigDecimal) -> Result<(), SerdeError> {
        let number = number_text(value.as_ref())?;
        self.put(schema, number)
    }

    fn write_string(&mut self, schema: &Schema<'_>, value: &str) -> Result<(), SerdeError> {
        self.put(schema, Value::String(value.to_string()))
    }

    fn write_blob(&mut self, schema: &Schema<'_>, value: Blob) -> Result<(), SerdeError> {
        self.put(schema, Value::String(base64::encode(value.as_ref())))
    }

    fn write_timestamp(&mut self, schema: &Schema<'_>, value: &DateTime) -> Result<(), SerdeError> {
        let shown = match localtime::format() {
            TimestampFormat::Wire => wire_number(value),
            TimestampFormat::Iso8601 => {
                let (seconds, micros) = localtime::python_micros(value);
                let Some(text) = localtime::isoformat(seconds, micros, self.zone) else {
                    self.problem = Some(unshowable(schema, value));
                    return Err(SerdeError::write_failed("a timestamp outside the years 1 to 9999"));
                };
                Value::String(text)
            }
        };
        self.put(schema, shown)
    }

    fn write_document(&mut self, schema: &Schema<'_>, value: &Document) -> Result<(), SerdeError> {
        self.put(schema, document(value))
    }

    fn write_null(&mut self, schema: &Schema<'_>) -> Result<(), SerdeError> {
        self.put(schema, Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_codepipeline::operation::get_pipeline::GetPipelineOutput;
    use aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesOutput;
    use aws_sdk_codepipeline::types::{ActionDeclaration, ActionTypeId, PipelineDeclaration, PipelineMetadata};
    use aws_sdk_codepipeline::types::{PipelineSummary, StageDeclaration};
    use serde_json::json;

    #[test]
    fn members_keep_model_order_and_names() {
        let output = ListPipelinesOutput::builder()
            .pipelines(
                PipelineSummary::builder()
                    .updated(DateTime::from_fractional_secs(1_704_250_000, 0.5))
                    .name("p")
                    .version(3)
                    .build(),
            )
            .next_token("t")
            .build();
        let value = value_in(&output, &TimeZone::UTC, None).expect("value");
        assert_eq!(
            value.to_string(),
            r#"{"pipelines":[{"name":"p","version":3,"updated":"2024-01-03T02:46:40.500000+00:00"}],"nextToken":"t"}"#
        );
    }

    #[test]
    fn maps_and_nested_structures_are_built() {
        let action = ActionDeclaration::builder()
            .name("a")
            .action_type_id(
                ActionTypeId::builder()
                    .category("Build".into())
                    .owner("AWS".into())
                    .provider("CodeBuild")
                    .version("1")
                    .build()
                    .expect("type"),
            )
            .configuration("ProjectName", "x")
            .build()
            .expect("action");
        let stage = StageDeclaration::builder().name("s").actions(action).build().expect("stage");
        let pipeline = PipelineDeclaration::builder().name("n").role_arn("r").stages(stage).build().expect("pipeline");
        let output = GetPipelineOutput::builder()
            .pipeline(pipeline)
            .metadata(PipelineMetadata::builder().pipeline_arn("arn").build())
            .build();
        let value = value_in(&output, &TimeZone::UTC, None).expect("value");
        let action = &value["pipeline"]["stages"][0]["actions"][0];
        assert_eq!(action["configuration"], json!({"ProjectName": "x"}));
        assert_eq!(action["actionTypeId"]["category"], "Build");
        assert_eq!(value["metadata"], json!({"pipelineArn": "arn"}));
    }

    #[test]
    fn a_streamed_list_hands_out_each_element_and_leaves_the_rest() {
        let output = ListPipelinesOutput::builder()
            .pipelines(PipelineSummary::builder().name("a").build())
            .pipelines(PipelineSummary::builder().name("b").version(2).build())
            .next_token("t")
            .build();
        let mut items = Vec::new();
        let rest = stream_list(&output, "pipelines", &mut |item| items.push(item)).expect("value");
        assert_eq!(items, vec![json!({"name": "a"}), json!({"name": "b", "version": 2})]);
        assert_eq!(rest, json!({"pipelines": [], "nextToken": "t"}));
    }

    #[test]
    fn numbers_read_as_the_wire_shows_them() {
        assert_eq!(double(f64::NAN), json!("NaN"));
        assert_eq!(double(f64::NEG_INFINITY), json!("-Infinity"));
        assert_eq!(number_text("12345678901234567890").expect("number"), json!(12345678901234567890u64));
        let doc = Document::Object([("a".to_string(), Document::Number(Number::Float(1.5)))].into_iter().collect());
        assert_eq!(document(&doc), json!({"a": 1.5}));
    }

    #[test]
    fn a_timestamp_out_of_range_is_named_as_the_service_sent_it() {
        let output = ListPipelinesOutput::builder()
            .pipelines(PipelineSummary::builder().name("p").created(DateTime::from_secs_f64(1e20)).build())
            .build();
        let err = value_in(&output, &TimeZone::UTC, None).expect_err("out of range");
        assert_eq!(err, Unreadable::Timestamp { member: Some("created".into()), kept: json!(i64::MAX) });
        let body = br#"{"pipelines":[{"name":"p","updated":1.5,"created":1e20}]}"#;
        assert_eq!(
            err.message(Some(body)),
            "Unable to read the response: the timestamp 1e+20 is outside the years 1 to 9999"
        );
        // Without the body: the number the SDK kept.
        assert!(err.message(None).contains("the timestamp 9223372036854775807 is"), "{}", err.message(None));
    }
}
