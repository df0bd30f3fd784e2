//! A page's outline (is the result list there, how long is it, what is the
//! next token) read straight off the SDK's output: the next request can go
//! out before the page is converted, which happens on another thread.

use super::paginate::{Outline, Paginator};
use aws_smithy_schema::serde::{SerdeError, SerializableStruct, ShapeSerializer};
use aws_smithy_schema::Schema;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document};

pub fn outline(output: &dyn SerializableStruct, paginator: &Paginator) -> Result<Outline, String> {
    let mut peek = Peek { paginator, outline: Outline { had_key: false, count: 0, next_token: None } };
    output.serialize_members(&mut peek).map_err(|e| format!("Unable to read the response: {e}"))?;
    Ok(peek.outline)
}

/// Reads the top-level members pagination needs and steps over the rest.
struct Peek<'p> {
    paginator: &'p Paginator,
    outline: Outline,
}

/// Counts the elements of a list without reading them.
struct Count(usize);

type Elements<'f> = &'f dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>;

impl Peek<'_> {
    fn is(&self, schema: &Schema<'_>, member: &str) -> bool {
        schema.member_name() == Some(member)
    }
}

/// The writes that neither serializer looks into; `$on_value` runs for each.
macro_rules! scalar_writes {
    ($on_value:expr) => {
        fn write_boolean(&mut self, _: &Schema<'_>, _: bool) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_byte(&mut self, _: &Schema<'_>, _: i8) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_short(&mut self, _: &Schema<'_>, _: i16) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_integer(&mut self, _: &Schema<'_>, _: i32) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_long(&mut self, _: &Schema<'_>, _: i64) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_float(&mut self, _: &Schema<'_>, _: f32) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_double(&mut self, _: &Schema<'_>, _: f64) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_big_integer(&mut self, _: &Schema<'_>, _: &BigInteger) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_big_decimal(&mut self, _: &Schema<'_>, _: &BigDecimal) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_blob(&mut self, _: &Schema<'_>, _: Blob) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_timestamp(&mut self, _: &Schema<'_>, _: &DateTime) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_document(&mut self, _: &Schema<'_>, _: &Document) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_null(&mut self, _: &Schema<'_>) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_struct(&mut self, _: &Schema<'_>, _: &dyn SerializableStruct) -> Result<(), SerdeError> {
            $on_value(self)
        }
        fn write_map(&mut self, _: &Schema<'_>, _: Elements<'_>) -> Result<(), SerdeError> {
            $on_value(self)
        }
    };
}

fn nothing<T>(_: &mut T) -> Result<(), SerdeError> {
    Ok(())
}

fn one_more(count: &mut Count) -> Result<(), SerdeError> {
    count.0 += 1;
    Ok(())
}

impl ShapeSerializer for Peek<'_> {
    scalar_writes!(nothing);

    fn write_string(&mut self, schema: &Schema<'_>, value: &str) -> Result<(), SerdeError> {
        if self.is(schema, &self.paginator.output_token) {
            self.outline.next_token = Some(value.to_string());
        }
        Ok(())
    }

    fn write_list(&mut self, schema: &Schema<'_>, write_elements: Elements<'_>) -> Result<(), SerdeError> {
        if self.is(schema, &self.paginator.result_key) {
            let mut count = Count(0);
            write_elements(&mut count)?;
            self.outline.had_key = true;
            self.outline.count = count.0;
        }
        Ok(())
    }
}

impl ShapeSerializer for Count {
    scalar_writes!(one_more);

    fn write_string(&mut self, _: &Schema<'_>, _: &str) -> Result<(), SerdeError> {
        one_more(self)
    }

    fn write_list(&mut self, _: &Schema<'_>, _: Elements<'_>) -> Result<(), SerdeError> {
        one_more(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesOutput;
    use aws_sdk_codepipeline::types::PipelineSummary;

    #[test]
    fn list_length_and_token_without_converting() {
        let page = ListPipelinesOutput::builder()
            .pipelines(PipelineSummary::builder().name("a").build())
            .pipelines(PipelineSummary::builder().name("b").build())
            .next_token("t2")
            .build();
        let seen = outline(&page, &super::super::paginate::list_pipelines()).expect("outline");
        assert_eq!(seen, Outline { had_key: true, count: 2, next_token: Some("t2".into()) });
        let last = ListPipelinesOutput::builder().build();
        assert_eq!(
            outline(&last, &super::super::paginate::list_pipelines()).expect("outline"),
            Outline { had_key: false, count: 0, next_token: None }
        );
    }
}
