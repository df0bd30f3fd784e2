//! A response body from the endpoint, as the CLI handles it: any bytes decoded
//! as the awsJson 1.1 body of a few operations' responses (the SDK's output
//! types, read with the codec the SDK reads responses with), then turned into
//! the value the AWS CLI shows (src/invoke/to_value.rs, map keys put back in
//! wire order by src/invoke/wire_order.rs; a listing's page also streamed
//! item by item and surveyed, src/invoke/survey.rs), then printed in every `--output`
//! format (src/output/), as it is and through a few `--query` expressions
//! (src/query.rs). Errors are fine; a panic (or abort, overflow, hang) is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The modules as the CLI compiles them; parts this target does not use are expected.
#[allow(dead_code)]
#[path = "../../src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "../../src/localtime.rs"]
mod localtime;
#[allow(dead_code)]
#[path = "../../src/model/mod.rs"]
mod model;
#[allow(dead_code, unused_imports)]
#[path = "../../src/output/mod.rs"]
mod output;
#[allow(dead_code)]
#[path = "../../src/python.rs"]
mod python;
#[allow(dead_code)]
#[path = "../../src/query.rs"]
mod query;
#[allow(dead_code)]
#[path = "../../src/invoke/to_value.rs"]
mod to_value;
#[allow(dead_code)]
#[path = "../../src/invoke/outline.rs"]
mod outline;
#[allow(dead_code)]
#[path = "../../src/invoke/survey.rs"]
mod survey;
#[allow(dead_code)]
#[path = "../../src/invoke/wire_order.rs"]
mod wire_order;
/// `output`'s listing printers take their pages from `invoke`'s `Listing`.
#[allow(dead_code)]
#[path = "../../src/invoke/paginate.rs"]
mod paginate;
mod invoke {
    pub use super::paginate::{Listing, PageStart};
}

use aws_sdk_codepipeline::operation::get_job_details::GetJobDetailsOutput;
use aws_sdk_codepipeline::operation::get_pipeline::GetPipelineOutput;
use aws_sdk_codepipeline::operation::get_pipeline_state::GetPipelineStateOutput;
use aws_sdk_codepipeline::operation::list_action_executions::ListActionExecutionsOutput;
use aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesOutput;
use aws_sdk_codepipeline::operation::poll_for_jobs::PollForJobsOutput;
use aws_smithy_json::codec::{JsonCodec, JsonCodecSettings};
use aws_smithy_schema::codec::Codec;
use aws_smithy_schema::serde::{SerdeError, SerializableStruct, ShapeDeserializer};
use aws_smithy_schema::shape_id;
use output::{Format, TableStyle};
use serde_json::Value;
use std::sync::OnceLock;

type Read = fn(&mut dyn ShapeDeserializer) -> Result<Box<dyn SerializableStruct>, SerdeError>;

/// Operations whose outputs between them hold every kind of member: lists,
/// maps (action configurations), nested structures, timestamps, numbers,
/// enums, and the required members `wire_order` drops when absent.
const OPERATIONS: &[(&str, Read)] = &[
    ("ListPipelines", |de| Ok(Box::new(ListPipelinesOutput::deserialize(de)?))),
    ("GetPipeline", |de| Ok(Box::new(GetPipelineOutput::deserialize(de)?))),
    ("GetPipelineState", |de| Ok(Box::new(GetPipelineStateOutput::deserialize(de)?))),
    ("PollForJobs", |de| Ok(Box::new(PollForJobsOutput::deserialize(de)?))),
    ("GetJobDetails", |de| Ok(Box::new(GetJobDetailsOutput::deserialize(de)?))),
    ("ListActionExecutions", |de| Ok(Box::new(ListActionExecutionsOutput::deserialize(de)?))),
];

const FORMATS: [Format; 5] = [Format::Json, Format::Text, Format::Table, Format::Yaml, Format::YamlStream];

/// Expressions that reshape a response in the ways users do: projections,
/// flattening, multiselects, functions over whatever the values are.
const QUERIES: &[&str] = &[
    "*[]",
    "values(@)[].[keys(@), *]",
    "{first: pipelines[0] || stageStates[0] || jobs[0] || pipeline, count: length(keys(@))}",
    "sort_by(pipelines || actionExecutionDetails || `[]`, &to_string(@))[].{n: name, v: to_string(version)}",
];

/// The codec the SDK's awsJson 1.1 protocol reads response bodies with
/// (`AwsJsonRpcProtocol::aws_json_1_1`): model member names, epoch-second timestamps.
fn codec() -> &'static JsonCodec {
    static CODEC: OnceLock<JsonCodec> = OnceLock::new();
    CODEC.get_or_init(|| {
        JsonCodec::new(
            JsonCodecSettings::builder()
                .use_json_name(false)
                .default_timestamp_format(aws_smithy_types::date_time::Format::EpochSeconds)
                .protocol_id(shape_id!("aws.protocols", "awsJson1_1"))
                .build(),
        )
    })
}

fn queries() -> &'static [query::Query] {
    static COMPILED: OnceLock<Vec<query::Query>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        QUERIES.iter().map(|text| query::Query::compile(text).unwrap_or_else(|e| panic!("{text}: {e}"))).collect()
    })
}

/// Everything the CLI can print for `value`.
fn print_all(value: &Value, style: &TableStyle) {
    for format in FORMATS {
        let _ = output::render(format, value, style);
    }
}

fuzz_target!(|data: &[u8]| {
    for (name, read) in OPERATIONS {
        let mut de = codec().create_deserializer(data);
        // An unreadable body is an error message for the user, not a crash.
        let Ok(decoded) = read(&mut de) else {
            continue;
        };
        let mut response = match to_value::to_value(decoded.as_ref()) {
            Ok(value) => value,
            Err(unreadable) => {
                let message = unreadable.message(Some(data));
                assert!(message.starts_with("Unable to read the response"), "{message}");
                continue;
            }
        };
        let op = model::model().operation(name).expect("the operation is in the model");
        // A listing's page as `stream_page` reads it: its outline and survey
        // agree with the whole conversion, and the items handed out one by
        // one are the list's.
        if let Some(paginator) = op.paginator() {
            let result_key = &paginator.result_key;
            let outlined = outline::outline(decoded.as_ref(), &paginator).expect("converted, so outlined");
            assert_eq!(outlined.had_key, response.get(result_key).is_some());
            survey::columns(decoded.as_ref(), result_key, &|_| true).expect("converted, so surveyed");
            let mut items = Vec::new();
            to_value::stream_list(decoded.as_ref(), result_key, &mut |item| items.push(item)).expect("streamed");
            let listed = response.get(result_key).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            assert_eq!(items.as_slice(), listed);
        }
        // As `present` in src/invoke/mod.rs: the body is kept (and reread)
        // only for outputs whose decoded form can differ from the wire.
        if let Some(shape) = op.output().filter(|shape| wire_order::needs_wire(*shape)) {
            if let Ok(wire) = serde_json::from_slice::<Value>(data) {
                wire_order::restore(&mut response, &wire, shape);
            }
        }
        let style = TableStyle { title: name.to_string(), width: 80, color: data.len() % 2 == 1 };
        print_all(&response, &style);
        for query in queries() {
            if let Ok(result) = query.apply(&response) {
                print_all(&result, &style);
            }
        }
    }
});
