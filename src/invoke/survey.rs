//! What a listing's page holds, read off the SDK's output before it is
//! converted item by item (`to_value::stream_list`): the scalar members of
//! its items (the columns of `text`, which the AWS CLI takes from every item
//! of the list before printing the first), and whether every timestamp can
//! be shown — so that a page whose items are printed as they are converted
//! never fails half-way. (Whether the list is there at all is the page's
//! outline's to say: `outline`.)

use super::to_value::{check_timestamp, Unreadable};
use aws_smithy_schema::serde::{SerdeError, SerializableStruct, ShapeSerializer};
use aws_smithy_schema::Schema;
use aws_smithy_types::{BigDecimal, BigInteger, Blob, DateTime, Document};

/// The names of the members with a scalar value in any item of the result
/// list, sorted; `keeps`: whether the item at an index is shown (`--starting-token` and
/// `--max-items` cut pages): only those give columns, as in the AWS CLI,
/// which formats the page as cut.
pub fn columns(
    output: &dyn SerializableStruct,
    list_member: &str,
    keeps: &dyn Fn(usize) -> bool,
) -> Result<Vec<String>, Unreadable> {
    let mut walk = Walk {
        list_member,
        keeps,
        depth: 0,
        in_list: false,
        next_item: 0,
        item_kept: false,
        columns: Vec::new(),
        problem: None,
    };
    let walked = output.serialize_members(&mut walk);
    if let Some(problem) = walk.problem {
        return Err(problem);
    }
    walked.map_err(|e| Unreadable::Other(e.to_string()))?;
    let mut columns = walk.columns;
    columns.sort_unstable();
    Ok(columns)
}

struct Walk<'k> {
    list_member: &'k str,
    keeps: &'k dyn Fn(usize) -> bool,
    /// How many structures, lists and maps are open; the output's members are at 0.
    depth: usize,
    /// Whether the result list is being walked: its items' members are at depth 2.
    in_list: bool,
    /// The index of the result list's next item, and whether the current one is shown.
    next_item: usize,
    item_kept: bool,
    /// A handful of names, looked up once for each scalar of each item: a list beats a tree.
    columns: Vec<String>,
    problem: Option<Unreadable>,
}

impl Walk<'_> {
    fn scalar(&mut self, schema: &Schema<'_>) -> Result<(), SerdeError> {
        if self.in_list && self.depth == 2 && self.item_kept {
            if let Some(name) = schema.member_name().filter(|name| !self.columns.iter().any(|c| c == name)) {
                self.columns.push(name.to_string());
            }
        }
        Ok(())
    }

    fn nested(&mut self, walk: impl FnOnce(&mut Self) -> Result<(), SerdeError>) -> Result<(), SerdeError> {
        self.depth += 1;
        let walked = walk(self);
        self.depth -= 1;
        walked
    }
}

type Entries<'f> = &'f dyn Fn(&mut dyn ShapeSerializer) -> Result<(), SerdeError>;

impl ShapeSerializer for Walk<'_> {
    fn write_struct(&mut self, _: &Schema<'_>, value: &dyn SerializableStruct) -> Result<(), SerdeError> {
        if self.in_list && self.depth == 1 {
            self.item_kept = (self.keeps)(self.next_item);
            self.next_item += 1;
        }
        self.nested(|walk| value.serialize_members(walk))
    }

    fn write_list(&mut self, schema: &Schema<'_>, elements: Entries<'_>) -> Result<(), SerdeError> {
        let result_list = self.depth == 0 && schema.member_name() == Some(self.list_member);
        if result_list {
            self.in_list = true;
        }
        let walked = self.nested(|walk| elements(walk));
        if result_list {
            self.in_list = false;
        }
        walked
    }

    fn write_map(&mut self, _: &Schema<'_>, entries: Entries<'_>) -> Result<(), SerdeError> {
        self.nested(|walk| entries(walk))
    }

    fn write_boolean(&mut self, schema: &Schema<'_>, _: bool) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_byte(&mut self, schema: &Schema<'_>, _: i8) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_short(&mut self, schema: &Schema<'_>, _: i16) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_integer(&mut self, schema: &Schema<'_>, _: i32) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_long(&mut self, schema: &Schema<'_>, _: i64) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_float(&mut self, schema: &Schema<'_>, _: f32) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_double(&mut self, schema: &Schema<'_>, _: f64) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_big_integer(&mut self, schema: &Schema<'_>, _: &BigInteger) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_big_decimal(&mut self, schema: &Schema<'_>, _: &BigDecimal) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_string(&mut self, schema: &Schema<'_>, _: &str) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_blob(&mut self, schema: &Schema<'_>, _: Blob) -> Result<(), SerdeError> {
        self.scalar(schema)
    }
    fn write_null(&mut self, schema: &Schema<'_>) -> Result<(), SerdeError> {
        self.scalar(schema)
    }

    fn write_timestamp(&mut self, schema: &Schema<'_>, value: &DateTime) -> Result<(), SerdeError> {
        if let Err(problem) = check_timestamp(schema, value) {
            self.problem = Some(problem);
            return Err(SerdeError::write_failed("a timestamp outside the years 1 to 9999"));
        }
        self.scalar(schema)
    }

    fn write_document(&mut self, schema: &Schema<'_>, value: &Document) -> Result<(), SerdeError> {
        match value {
            Document::Object(_) | Document::Array(_) => Ok(()),
            _ => self.scalar(schema),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_codepipeline::operation::list_pipelines::ListPipelinesOutput;
    use aws_sdk_codepipeline::types::PipelineSummary;

    #[test]
    fn columns_are_every_item_s_scalar_members() {
        let output = ListPipelinesOutput::builder()
            .pipelines(PipelineSummary::builder().name("a").version(1).build())
            .pipelines(PipelineSummary::builder().name("b").created(DateTime::from_secs(0)).build())
            .next_token("t")
            .build();
        let found = columns(&output, "pipelines", &|_| true).expect("survey");
        assert_eq!(found, vec!["created".to_string(), "name".into(), "version".into()]);
        let first = columns(&output, "pipelines", &|index| index == 0).expect("survey");
        assert_eq!(first, vec!["name".to_string(), "version".into()], "only shown items give columns");
        let empty = columns(&ListPipelinesOutput::builder().build(), "pipelines", &|_| true).expect("survey");
        assert!(empty.is_empty());
    }

    #[test]
    fn a_timestamp_that_cannot_be_shown_is_found_before_anything_is_converted() {
        let output = ListPipelinesOutput::builder()
            .pipelines(PipelineSummary::builder().name("a").build())
            .pipelines(PipelineSummary::builder().name("b").updated(DateTime::from_secs_f64(1e20)).build())
            .build();
        let found = columns(&output, "pipelines", &|_| true).expect_err("out of range");
        assert!(matches!(found, Unreadable::Timestamp { member: Some(ref m), .. } if m == "updated"), "{found:?}");
    }
}
