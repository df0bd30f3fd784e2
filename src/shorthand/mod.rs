//! The AWS CLI's shorthand syntax (`--tags key=Project,value=A key=Team,value=B`,
//! `--action-type-id category=Build,owner=Custom,...`) and its rules for when an
//! argument's words are read as shorthand, JSON or plain values. Checked case
//! by case against the AWS CLI's own parser (tests/fixtures/shorthand).

mod argument;
mod charset;
mod coerce;
mod error;
mod paramfile;
pub mod parser;
mod py;
mod shape;

pub use argument::parse_argument;
#[cfg(test)]
pub use error::ShorthandError;
#[cfg(fuzzing)]
pub use shape::fake;
pub use shape::{Kind, ShapeView};

#[cfg(test)]
mod fixture_tests;
