//! JSON → SDK input types through the SDK's own schema codec, with model
//! member names (not `jsonName`) and ISO 8601 timestamps.

use aws_smithy_json::codec::{JsonCodec, JsonCodecSettings};
use aws_smithy_schema::codec::Codec;
use aws_smithy_schema::serde::{SerdeError, ShapeDeserializer};
use aws_smithy_types::date_time::Format;

fn codec() -> JsonCodec {
    JsonCodec::new(JsonCodecSettings::builder().use_json_name(false).default_timestamp_format(Format::DateTime).build())
}

pub fn decode<T>(
    json: &[u8],
    read: impl FnOnce(&mut dyn ShapeDeserializer) -> Result<T, SerdeError>,
) -> Result<T, String> {
    let codec = codec();
    let mut de = codec.create_deserializer(json);
    read(&mut de).map_err(|e| format!("Invalid parameters: {e}"))
}
