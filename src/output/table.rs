//! `--output table`: the AWS CLI's layout (its TableFormatter and MultiTable
//! in `awscli/table.py`), byte for byte. A title box with the operation name,
//! then one section per structure or list, nested sections inside `|`
//! margins, columns for lists of structures.
//!
//! The table is as wide as its widest section needs (each column its widest
//! header or cell plus four, the sections stretched to that width); no cell is
//! ever wrapped or cut. When that is wider than the terminal, sections of a
//! single row are turned into key/value rows, and the table then runs as wide
//! as it must. Widths count columns as the AWS CLI does: two for East Asian
//! wide, fullwidth and ambiguous characters, one for any other.
//!
//! With colour, the bytes are what colorama (set to reset after every write)
//! makes of the AWS CLI's writes: a reset after each, cells bright blue,
//! margins dim yellow.

use super::east_asian::is_wide;
use super::{is_scalar, split_keys, under_keys};
use crate::python::{py_str, py_type_name};
use serde_json::{Map, Value};
use std::borrow::Cow;

const RESET: &str = "\u{1b}[0m";
const CELL_STYLE: &str = "\u{1b}[1m\u{1b}[34m";
const MARGIN: &str = "\u{1b}[2m\u{1b}[33m|\u{1b}[0m";

/// A box of the table; its cells borrow from the response where they can
/// (a listing of 10,000 items has 60,000 of them).
#[derive(Debug, Default)]
struct Section<'a> {
    /// `None` for the AWS CLI's `None` title (the later items of a nested
    /// list): never drawn, yet as wide as the word "None".
    title: Option<&'a str>,
    indent: usize,
    headers: Vec<&'a str>,
    rows: Vec<Vec<Cow<'a, str>>>,
    /// Each column's widest header or cell.
    widths: Vec<usize>,
    /// How many cells every row must have: the first header's or row's.
    columns: Option<usize>,
}

impl<'a> Section<'a> {
    fn set_headers(&mut self, headers: Vec<&'a str>) {
        self.widen(headers.iter().copied());
        self.columns.get_or_insert(headers.len());
        self.headers = headers;
    }

    /// Adds a row; one of another length is the AWS CLI's `ValueError`.
    fn add_row(&mut self, row: Vec<Cow<'a, str>>) -> Result<(), String> {
        let columns = *self.columns.get_or_insert(row.len());
        if row.len() != columns {
            return Err(format!("Row should have {columns} elements, instead it has {}", row.len()));
        }
        self.widen(row.iter().map(|cell| cell.as_ref()));
        self.rows.push(row);
        Ok(())
    }

    fn widen<'c>(&mut self, cells: impl Iterator<Item = &'c str>) {
        if self.widths.is_empty() {
            self.widths = cells.map(text_width).collect();
            return;
        }
        for (index, cell) in cells.enumerate() {
            let width = text_width(cell);
            match self.widths.get_mut(index) {
                Some(widest) => *widest = (*widest).max(width),
                None => self.widths.push(width),
            }
        }
    }

    /// The width the section needs, its margins included.
    fn total_width(&self) -> usize {
        let title = self.title.map_or("None".len(), text_width);
        let columns: usize = self.widths.iter().map(|width| width + 4).sum();
        title.max(columns) + 2 + 2 * self.indent
    }

    /// A single row as key/value rows.
    fn vertical(self) -> Section<'a> {
        let mut section = Section { title: self.title, indent: self.indent, ..Section::default() };
        if let [row] = &self.rows[..] {
            for (header, cell) in self.headers.iter().zip(row) {
                // Two cells a row, always: no row of another length.
                let _ = section.add_row(vec![Cow::Borrowed(*header), cell.clone()]);
            }
        }
        section
    }

    /// Each column's width, edges included, stretched to fill `total` as the AWS CLI does.
    fn column_widths(&self, total: usize) -> Vec<isize> {
        let unscaled: Vec<usize> = self.widths.iter().map(|width| width + 4).collect();
        let sum: usize = unscaled.iter().sum();
        if unscaled.is_empty() {
            return Vec::new();
        }
        let factor = total as f64 / sum as f64;
        let mut scaled: Vec<isize> =
            unscaled.iter().map(|&width| (factor * width as f64).round_ties_even() as isize).collect();
        // Rounding leaves the sum a little off: the first columns give back
        // what is over, the last ones take what is missing.
        let mut off_by = scaled.iter().sum::<isize>() - total as isize;
        while off_by > 0 {
            let count = off_by.unsigned_abs().min(scaled.len());
            scaled.iter_mut().take(count).for_each(|width| *width -= 1);
            off_by -= count as isize;
        }
        while off_by < 0 {
            let count = off_by.unsigned_abs().min(scaled.len());
            scaled.iter_mut().rev().take(count).for_each(|width| *width += 1);
            off_by += count as isize;
        }
        scaled
    }
}

/// The table for `value` under `title`, for a terminal `width` columns wide;
/// or the message of the exception the AWS CLI's table stops with (it
/// prints nothing then: the table is written once built).
pub fn render(value: &Value, title: &str, width: usize, color: bool) -> Result<String, String> {
    let mut sections = Vec::new();
    build(&mut sections, Some(title), value, 0)?;
    if sections.is_empty() {
        return Ok(String::new());
    }
    let mut total = sections.iter().map(Section::total_width).max().unwrap_or(0);
    if total > width {
        sections = sections
            .into_iter()
            .map(
                |section| {
                    if section.rows.len() == 1 && !section.headers.is_empty() {
                        section.vertical()
                    } else {
                        section
                    }
                },
            )
            .collect();
        total = sections.iter().map(Section::total_width).max().unwrap_or(0);
    }
    let mut out = Writer { text: String::new(), color };
    out.text.push_str(&"-".repeat(total));
    out.text.push('\n');
    out.written();
    for section in &sections {
        out.section(section, total);
    }
    Ok(out.text)
}

/// A string's width as the AWS CLI counts it.
fn text_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// The output, written as the AWS CLI writes it.
struct Writer {
    text: String,
    color: bool,
}

impl Writer {
    /// The end of one of the AWS CLI's writes: colorama resets the style after each.
    fn written(&mut self) {
        if self.color {
            self.text.push_str(RESET);
        }
    }

    fn margin(&mut self, indent: usize) {
        let bar = if self.color { MARGIN } else { "|" };
        for _ in 0..indent {
            self.text.push_str(bar);
        }
        self.written();
    }

    fn start_line(&mut self, indent: usize) {
        self.margin(indent);
    }

    fn end_line(&mut self, indent: usize) {
        self.written();
        self.margin(indent);
        self.text.push('\n');
        self.written();
    }

    fn spaces(&mut self, count: isize) {
        const SPACES: &str = "                                                                ";
        let mut count = count.max(0).unsigned_abs();
        while count > 0 {
            let piece = count.min(SPACES.len());
            self.text.push_str(&SPACES[..piece]);
            count -= piece;
        }
    }

    fn dashes(&mut self, count: isize) {
        for _ in 0..count.max(0) {
            self.text.push('-');
        }
    }

    fn section(&mut self, section: &Section<'_>, total: usize) {
        let indent = section.indent;
        let inner = total.saturating_sub(2 * indent);
        if let Some(title) = section.title.filter(|title| !title.is_empty()) {
            self.start_line(indent);
            self.centered(title, inner as isize, "|");
            self.end_line(indent);
            if section.headers.is_empty() && section.rows.is_empty() {
                self.start_line(indent);
                self.text.push('+');
                self.dashes(inner as isize - 2);
                self.text.push('+');
                self.end_line(indent);
            }
        }
        if section.headers.is_empty() && section.rows.is_empty() {
            return;
        }
        let widths = section.column_widths(inner);
        if !section.headers.is_empty() {
            self.rule(indent, &widths);
            self.start_line(indent);
            for (index, (&width, header)) in widths.iter().zip(&section.headers).enumerate() {
                self.centered(header, width, if index == 0 { "|" } else { "" });
            }
            self.end_line(indent);
        }
        if section.rows.is_empty() || widths.is_empty() {
            return;
        }
        self.rule(indent, &widths);
        for row in &section.rows {
            self.start_line(indent);
            for (index, &width) in widths.iter().enumerate() {
                let cell = row.get(index).map_or("", |cell| cell.as_ref());
                self.left_aligned(cell, width, if index == 0 { "|" } else { "" });
            }
            self.end_line(indent);
        }
        self.rule(indent, &widths);
    }

    /// `text` centred in `width` columns that start with `left` and end with `|`,
    /// placed as the AWS CLI places it (a column left of the middle).
    fn centered(&mut self, text: &str, width: isize, left: &str) {
        let length = text_width(text) as isize;
        let before = width / 2 - length / 2 - 1;
        self.text.push_str(left);
        self.spaces(before);
        self.text.push_str(text);
        self.spaces(width - 1 - (left.len() as isize + before + length));
        self.text.push('|');
    }

    /// A cell: two spaces before it when it fits with them, then padded to `width`.
    fn left_aligned(&mut self, cell: &str, width: isize, left: &str) {
        let length = text_width(cell) as isize;
        let edges = left.len() as isize + 1;
        let padding = if width >= length + 2 + edges { 2 } else { 0 };
        self.text.push_str(left);
        self.spaces(padding);
        if self.color {
            self.text.push_str(CELL_STYLE);
        }
        self.text.push_str(cell);
        if self.color {
            self.text.push_str(RESET);
        }
        self.spaces(width - edges - padding - length);
        self.text.push('|');
    }

    /// `+----+------+`: the line above and below the header and the rows.
    fn rule(&mut self, indent: usize, widths: &[isize]) {
        self.start_line(indent);
        for (index, &width) in widths.iter().enumerate() {
            if index == 0 {
                self.text.push('+');
                self.dashes(width - 2);
            } else {
                self.dashes(width - 1);
            }
            self.text.push('+');
        }
        self.end_line(indent);
    }
}

/// A scalar as the AWS CLI prints it in a cell (Python's `str()`).
fn cell(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(text) => Cow::Borrowed(text),
        other => Cow::Owned(py_str(other)),
    }
}

fn new_section<'a>(sections: &mut Vec<Section<'a>>, title: Option<&'a str>, indent: usize) {
    sections.push(Section { title, indent, ..Section::default() });
}

fn current<'s, 'a>(sections: &'s mut Vec<Section<'a>>) -> &'s mut Section<'a> {
    if sections.is_empty() {
        sections.push(Section::default());
    }
    let last = sections.len() - 1;
    &mut sections[last]
}

/// Python's truth value of `value`.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Null => false,
        Value::String(text) => !text.is_empty(),
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
    }
}

/// Adds `value`'s sections: a new one under `title` if there is one, else
/// rows of the current one. A scalar adds no row (only the AWS CLI's own
/// walk, through structures and lists, puts scalars in cells).
fn build<'a>(
    sections: &mut Vec<Section<'a>>,
    title: Option<&'a str>,
    value: &'a Value,
    indent: usize,
) -> Result<(), String> {
    if !truthy(value) {
        return Ok(());
    }
    if title.is_some() {
        new_section(sections, title, indent);
    }
    match value {
        Value::Array(items) if items.first().is_some_and(Value::is_object) => {
            from_list(sections, items, indent, title)?
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    item if is_scalar(item) => current(sections).add_row(vec![cell(item)])?,
                    // The AWS CLI takes a structure here for the list of its keys.
                    Value::Object(map) => {
                        current(sections).add_row(map.keys().map(|key| Cow::Borrowed(key.as_str())).collect())?
                    }
                    Value::Array(inner) if inner.iter().all(is_scalar) => {
                        current(sections).add_row(inner.iter().map(cell).collect())?;
                    }
                    // A list in a list: its sections start again at the first indentation.
                    other => build(sections, None, other, 0)?,
                }
            }
        }
        Value::Object(map) => from_dict(sections, map, indent)?,
        _ => {}
    }
    Ok(())
}

/// `map`'s cells under the sorted `headers`, blank where it has none.
fn row<'a>(map: &'a Map<String, Value>, headers: &[&str]) -> Vec<Cow<'a, str>> {
    under_keys(map, headers).into_iter().map(|value| value.map_or(Cow::Borrowed(""), cell)).collect()
}

fn from_dict<'a>(sections: &mut Vec<Section<'a>>, map: &'a Map<String, Value>, indent: usize) -> Result<(), String> {
    let (headers, more) = split_keys(std::iter::once(map));
    if let [key] = headers[..] {
        current(sections).add_row(vec![Cow::Borrowed(key), map.get(key).map_or(Cow::Borrowed(""), cell)])?;
    } else if !headers.is_empty() {
        let row = row(map, &headers);
        let section = current(sections);
        section.set_headers(headers);
        section.add_row(row)?;
    }
    for key in more {
        if let Some(value) = map.get(key) {
            build(sections, Some(key), value, indent + 1)?;
        }
    }
    Ok(())
}

/// What the AWS CLI's gathering of columns (`_group_scalar_keys`, which
/// iterates an item and indexes it by what it yields) raises for an item of
/// a list of structures that is not one: `None` where it passes (an empty
/// string or list, which fail later, at `.get`).
fn grouping_error(item: &Value) -> Option<String> {
    match item {
        Value::Object(_) => None,
        Value::String(text) if text.is_empty() => None,
        Value::String(_) => Some("string indices must be integers, not 'str'".to_string()),
        Value::Array(inner) => match inner.first() {
            None => None,
            // An integer indexes the list: Python then goes where no response
            // takes it; those are left to the lenient path.
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => None,
            Some(Value::Bool(_)) => None,
            Some(first) => Some(format!("list indices must be integers or slices, not {}", py_type_name(first))),
        },
        scalar => Some(format!("'{}' object is not iterable", py_type_name(scalar))),
    }
}

fn from_list<'a>(
    sections: &mut Vec<Section<'a>>,
    items: &'a [Value],
    indent: usize,
    title: Option<&'a str>,
) -> Result<(), String> {
    if let Some(error) = items.iter().find_map(grouping_error) {
        return Err(error);
    }
    let (headers, more) = split_keys(items.iter().filter_map(Value::as_object));
    current(sections).set_headers(headers.clone());
    for (index, item) in items.iter().enumerate() {
        // What passed `grouping_error` (an empty string or list) fails at
        // `.get` when there is a column to get.
        let map = match item.as_object() {
            Some(map) => Some(map),
            None if headers.is_empty() => None,
            None => return Err(format!("'{}' object has no attribute 'get'", py_type_name(item))),
        };
        if index > 0 && !more.is_empty() {
            new_section(sections, title, indent);
            current(sections).set_headers(headers.clone());
        }
        let Some(map) = map else {
            current(sections).add_row(Vec::new())?;
            continue;
        };
        current(sections).add_row(row(map, &headers))?;
        for key in &more {
            if let Some(value) = map.get(*key) {
                build(sections, Some(key), value, indent + 1)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Values a --query can make that the AWS CLI's table stops on (each
    /// message as its Python raised it; nothing is printed then).
    #[test]
    fn what_the_aws_cli_table_stops_on() {
        for (value, message) in [
            (json!([1, [], [1, 2]]), "Row should have 1 elements, instead it has 0"),
            (json!({"a": [[{"x": 1}], []]}), "Row should have 1 elements, instead it has 0"),
            (json!(["a", ["b", "c"]]), "Row should have 1 elements, instead it has 2"),
            (json!([["a"], {"x": 1, "y": 2}]), "Row should have 1 elements, instead it has 2"),
            (json!([{"k": 1}, "s"]), "string indices must be integers, not 'str'"),
            (json!([{"k": 1}, 2]), "'int' object is not iterable"),
            (json!([{"k": 1}, 2.5]), "'float' object is not iterable"),
            (json!([{"k": 1}, true]), "'bool' object is not iterable"),
            (json!([{"k": 1}, null]), "'NoneType' object is not iterable"),
            (json!([{"k": 1}, ""]), "'str' object has no attribute 'get'"),
            (json!([{"k": 1}, []]), "'list' object has no attribute 'get'"),
            (json!([{"k": 1}, ["a"]]), "list indices must be integers or slices, not str"),
            (json!([{"k": 1}, [null]]), "list indices must be integers or slices, not NoneType"),
            (json!([{"k": 1}, [{"z": 1}]]), "list indices must be integers or slices, not dict"),
            (json!([{"k": 1}, [1.5]]), "list indices must be integers or slices, not float"),
        ] {
            assert_eq!(super::render(&value, "T", 80, false), Err(message.to_string()), "{value}");
        }
        // No column to get: an empty string among structures passes.
        assert!(super::render(&json!([{"k": {"n": 1}}, ""]), "T", 80, false).is_ok());
    }

    /// A table that must print.
    fn render(value: &Value, title: &str, width: usize, color: bool) -> String {
        super::render(value, title, width, color).expect("printable")
    }

    fn list_pipelines() -> Value {
        json!({"pipelines": [
            {"name": "release-main", "version": 3, "pipelineType": "V2", "executionMode": "QUEUED",
             "created": "2024-01-02T03:04:05.250000+00:00", "updated": "2024-01-03T02:46:40.500000+00:00"},
            {"name": "nightly", "version": 1, "pipelineType": "V1", "executionMode": "SUPERSEDED",
             "created": "2023-05-06T07:08:09+00:00", "updated": "2023-05-06T07:08:09+00:00"}
        ]})
    }

    /// The four responses users look at most, at 80 and 200 columns
    /// (snapshots under src/output/snapshots/, each as the AWS CLI prints it).
    #[test]
    fn snapshots_of_common_responses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/responses");
        for (file, title) in [
            ("list-pipelines", "ListPipelines"),
            ("get-pipeline", "GetPipeline"),
            ("get-pipeline-state", "GetPipelineState"),
            ("list-action-executions", "ListActionExecutions"),
        ] {
            let text = std::fs::read_to_string(dir.join(format!("{file}.json"))).expect("fixture");
            let value: Value = serde_json::from_str(&text).expect("fixture is JSON");
            for width in [80, 200] {
                let table = render(&value, title, width, false);
                insta::assert_snapshot!(format!("{file}-{width}"), table);
            }
        }
    }

    /// Sized to the content, not to the terminal; a single row stays a row
    /// while the table fits and becomes key/value rows once it does not.
    #[test]
    fn single_rows_turn_vertical_only_when_wider_than_the_terminal() {
        let value = json!({"pipeline": {"name": "release-main", "roleArn": "arn:aws:iam::123456789012:role/service-role/Pipeline",
            "version": 3, "stages": [{"name": "Source"}, {"name": "Build"}]}});
        let wide = render(&value, "GetPipeline", 200, false);
        let narrow = render(&value, "GetPipeline", 80, false);
        assert!(wide.lines().next().is_some_and(|rule| rule.len() > 80 && rule.len() < 200), "{wide}");
        assert!(narrow.lines().all(|line| line.len() <= 80), "{narrow}");
        insta::assert_snapshot!("single-row-200", wide);
        insta::assert_snapshot!("single-row-80", narrow);
        // Small enough for both: the same table.
        let small = json!({"pipeline": {"name": "p", "version": 1}});
        assert_eq!(render(&small, "GetPipeline", 80, false), render(&small, "GetPipeline", 200, false));
        assert_eq!(
            render(&small, "GetPipeline", 80, false),
            "-----------------------\n\
             |     GetPipeline     |\n\
             +---------------------+\n\
             ||     pipeline      ||\n\
             |+-------+-----------+|\n\
             || name  |  version  ||\n\
             |+-------+-----------+|\n\
             ||  p    |  1        ||\n\
             |+-------+-----------+|\n"
        );
    }

    /// A table too wide even as key/value rows runs wide: nothing is wrapped or cut.
    #[test]
    fn long_cells_are_never_wrapped() {
        let long = "x".repeat(300);
        let table = render(&json!({"a": {"b": &long}, "c": [1, 2]}), "T", 80, false);
        assert!(table.lines().any(|line| line.contains(&long)), "{table}");
        let widths: Vec<usize> = table.lines().map(str::len).collect();
        assert!(widths.iter().all(|&width| width == widths[0]), "{table}");
    }

    /// Rendering is linear in a cell's length: a 200 KB cell without spaces
    /// comes out whole, on one line (this took 20 s when cells were wrapped).
    #[test]
    fn a_huge_unbroken_cell_is_one_line() {
        let long = "a".repeat(200_000);
        let value = json!({"pipelines": [{"name": &long, "version": 1}, {"name": "b", "version": 2}]});
        let table = render(&value, "ListPipelines", 80, false);
        let line = table.lines().find(|line| line.contains(&long)).expect("the cell, whole");
        assert_eq!(line.len(), table.lines().next().map_or(0, str::len));
        // Every line is as wide as that one: the table runs wide.
        assert!(table.lines().all(|other| other.len() == line.len()));
        assert_eq!(table.lines().count(), 10);
    }

    /// East Asian wide and ambiguous characters count two columns, as the AWS
    /// CLI counts them (its terminal output then looks ragged; the bytes are its own).
    #[test]
    fn wide_characters_count_two_columns() {
        assert_eq!(text_width("名前ü"), 6);
        assert_eq!(text_width("née"), 4);
        assert_eq!(text_width("a\u{301}"), 3);
        assert_eq!(text_width("😀"), 2);
        assert_eq!(
            render(&json!({"k": "名前ü", "l": "ab"}), "T", 80, false),
            "------------------\n\
             |        T       |\n\
             +---------+------+\n\
             |    k    |  l   |\n\
             +---------+------+\n\
             |  名前ü |  ab  |\n\
             +---------+------+\n"
        );
    }

    /// Lists in lists start their sections at the first indentation again,
    /// and sections whose items have no scalars keep no rule under their title.
    #[test]
    fn nested_lists_as_the_aws_cli_nests_them() {
        let value =
            json!({"a": [[{"x": 1, "n": {"y": 2, "z": 3}}]], "b": [{"c": {"d": [1, 2]}}], "e": [], "f": ["x", "y"]});
        insta::assert_snapshot!("nested-lists", render(&value, "Title", 80, false));
    }

    #[test]
    fn a_scalar_alone_is_a_title_only() {
        assert_eq!(render(&json!("abc"), "T", 80, false), "---\n|T|\n+-+\n");
        assert_eq!(render(&json!([]), "T", 80, false), "");
        assert_eq!(render(&json!(0), "T", 80, false), "");
    }

    /// With colour, a reset after each of the AWS CLI's writes (colorama's
    /// autoreset), cells bright blue and margins dim yellow.
    #[test]
    fn colour_as_colorama_writes_it() {
        assert!(!render(&list_pipelines(), "ListPipelines", 80, false).contains('\u{1b}'));
        let table = render(&json!({"a": {"b": 1, "c": 2}}), "T", 80, true);
        // As the AWS CLI prints it (`--color on`).
        let expected = concat!(
            "--------------\n",
            "\x1b[0m\x1b[0m|      T     |\x1b[0m\x1b[0m\n",
            "\x1b[0m\x1b[0m+------------+\x1b[0m\x1b[0m\n",
            "\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|     a    |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n",
            "\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+----+-----+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n",
            "\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  b |  c  |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n",
            "\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+----+-----+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n",
            "\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m|  \x1b[1m\x1b[34m1\x1b[0m |  \x1b[1m\x1b[34m2\x1b[0m  |\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n",
            "\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m+----+-----+\x1b[0m\x1b[2m\x1b[33m|\x1b[0m\x1b[0m\n\x1b[0m",
        );
        assert_eq!(table, expected);
    }

    /// Columns stretched to the section's width as Python rounds (half to even), then evened out.
    #[test]
    fn columns_stretch_as_the_aws_cli_stretches_them() {
        let section = Section { widths: vec![1, 2, 3], ..Section::default() };
        // 5, 6, 7 scaled by 20/18: 5.56, 6.67, 7.78 round to 6, 7, 8 (21), the first gives one back.
        assert_eq!(section.column_widths(20), vec![5, 7, 8]);
        // 4, 4 to 9: 4.5 rounds to 4 twice (8), the last takes one.
        let section = Section { widths: vec![0, 0], ..Section::default() };
        assert_eq!(section.column_widths(9), vec![4, 5]);
    }
}
