//! One line per operation: the table generated from the model by `build.rs`
//! expands here into decode (JSON → `XxxInput`) → SDK call → `XxxOutput`.
//! The compiler checks every model operation and member against the SDK;
//! nothing here names an operation.

use super::codec;
use super::errors::Failure;
use aws_sdk_codepipeline::Client;
use aws_smithy_schema::serde::SerializableStruct;

/// An operation's output, whichever the operation.
pub trait Output: SerializableStruct + Send {}

impl<T: SerializableStruct + Send> Output for T {}

macro_rules! operations {
    ($($op:ident $module:ident $input:ident [$($field:ident => $setter:ident),*];)*) => {
        /// Sends `operation` with `input` (the request as JSON bytes in model
        /// member names) and returns the SDK's output.
        pub async fn dispatch(client: &Client, operation: &str, input: &[u8]) -> Result<Box<dyn Output>, Failure> {
            match operation {
                $(stringify!($op) => {
                    use aws_sdk_codepipeline::operation::$module::$input;
                    let input = codec::decode(input, |de| $input::deserialize(de)).map_err(Failure::Invalid)?;
                    let output = $input::builder()
                        $(.$setter(input.$field))*
                        .send_with(client)
                        .await
                        .map_err(Failure::from_sdk)?;
                    Ok(Box::new(output))
                })*
                other => Err(Failure::Other(format!("The SDK has no operation {other}"))),
            }
        }
    };
}

include!(concat!(env!("OUT_DIR"), "/operations.rs"));
