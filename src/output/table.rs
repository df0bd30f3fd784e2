//! `--output table`: the AWS CLI's layout (its TableFormatter and MultiTable),
//! each section's grid as comfy-table draws it (`grid`): a title box with the operation name, one section
//! per structure or list, nested sections indented inside `|` margins,
//! columns for lists of structures, key/value rows for single rows, all
//! fitted to the terminal width, wrapping and never cutting data.

use super::{grid, is_scalar, split_keys, under_keys};
use crate::python::py_str;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// A box of the table; its cells borrow from the response where they can
/// (a listing of 10,000 items has 60,000 of them).
#[derive(Debug, Default)]
struct Section<'a> {
    title: Option<&'a str>,
    depth: usize,
    headers: Vec<&'a str>,
    rows: Vec<Vec<Cow<'a, str>>>,
}

pub fn render(value: &Value, title: &str, width: usize, color: bool) -> String {
    let mut sections = Vec::new();
    build(&mut sections, Some(title), value, 0);
    // A section of a single row reads better as key/value pairs, as the AWS CLI shows it.
    for section in &mut sections {
        if section.rows.len() == 1 && !section.headers.is_empty() {
            let values = section.rows.remove(0);
            section.rows = section.headers.drain(..).zip(values).map(|(k, v)| vec![Cow::Borrowed(k), v]).collect();
        }
        let columns = section.rows.iter().map(Vec::len).max().unwrap_or(0).max(section.headers.len());
        for row in &mut section.rows {
            row.resize(columns, Cow::Borrowed(""));
        }
    }
    let width = width.max(20);
    let mut out = String::new();
    for (index, section) in sections.iter().enumerate() {
        draw(&mut out, section, width, color, index == 0);
    }
    out
}

/// A scalar as the AWS CLI prints it in a cell (Python's `str()`).
fn cell(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(text) => Cow::Borrowed(text),
        other => Cow::Owned(py_str(other)),
    }
}

fn new_section<'a>(sections: &mut Vec<Section<'a>>, title: Option<&'a str>, depth: usize) {
    sections.push(Section { title, depth, ..Section::default() });
}

fn current<'s, 'a>(sections: &'s mut Vec<Section<'a>>) -> &'s mut Section<'a> {
    if sections.is_empty() {
        sections.push(Section::default());
    }
    let last = sections.len() - 1;
    &mut sections[last]
}

fn build<'a>(sections: &mut Vec<Section<'a>>, title: Option<&'a str>, value: &'a Value, depth: usize) -> bool {
    let empty = match value {
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
    };
    if empty {
        return false;
    }
    if title.is_some() {
        new_section(sections, title, depth);
    }
    match value {
        Value::Array(items) if items.first().is_some_and(Value::is_object) => from_list(sections, items, depth, title),
        Value::Array(items) => {
            for item in items {
                match item {
                    item if is_scalar(item) => current(sections).rows.push(vec![cell(item)]),
                    Value::Array(inner) if inner.iter().all(is_scalar) => {
                        current(sections).rows.push(inner.iter().map(cell).collect());
                    }
                    other => {
                        build(sections, None, other, depth);
                    }
                }
            }
        }
        Value::Object(map) => from_dict(sections, map, depth),
        scalar => current(sections).rows.push(vec![cell(scalar)]),
    }
    true
}

/// `map`'s cells under the sorted `headers`, blank where it has none.
fn row<'a>(map: &'a Map<String, Value>, headers: &[&str]) -> Vec<Cow<'a, str>> {
    under_keys(map, headers).into_iter().map(|value| value.map_or(Cow::Borrowed(""), cell)).collect()
}

fn from_dict<'a>(sections: &mut Vec<Section<'a>>, map: &'a Map<String, Value>, depth: usize) {
    let (headers, more) = split_keys(std::iter::once(map));
    if let [key] = headers[..] {
        current(sections).rows.push(vec![Cow::Borrowed(key), map.get(key).map_or(Cow::Borrowed(""), cell)]);
    } else if !headers.is_empty() {
        let row = row(map, &headers);
        let section = current(sections);
        section.headers = headers;
        section.rows.push(row);
    }
    for key in more {
        if let Some(value) = map.get(key) {
            build(sections, Some(key), value, depth + 1);
        }
    }
}

fn from_list<'a>(sections: &mut Vec<Section<'a>>, items: &'a [Value], depth: usize, title: Option<&'a str>) {
    let (headers, more) = split_keys(items.iter().filter_map(Value::as_object));
    current(sections).headers = headers.clone();
    for (index, item) in items.iter().enumerate() {
        let Some(map) = item.as_object() else { continue };
        if index > 0 && !more.is_empty() {
            new_section(sections, title, depth);
            current(sections).headers = headers.clone();
        }
        current(sections).rows.push(row(map, &headers));
        for key in &more {
            if let Some(value) = map.get(*key) {
                build(sections, Some(key), value, depth + 1);
            }
        }
    }
}

fn draw(out: &mut String, section: &Section<'_>, width: usize, color: bool, first: bool) {
    let margin = section.depth;
    let inner = width.saturating_sub(2 * margin).max(8);
    let edge = "|".repeat(margin);
    if let Some(title) = &section.title {
        if first {
            out.push_str(&format!("{edge}{}{edge}\n", "-".repeat(inner)));
        }
        let text_width = inner.saturating_sub(2);
        for line in wrap(title, text_width) {
            let centered = center(&line, text_width);
            let centered = if color { format!("\u{1b}[1m{centered}\u{1b}[0m") } else { centered };
            out.push_str(&format!("{edge}|{centered}|{edge}\n"));
        }
        if section.rows.is_empty() {
            out.push_str(&format!("{edge}+{}+{edge}\n", "-".repeat(inner.saturating_sub(2))));
        }
    }
    if section.rows.is_empty() {
        return;
    }
    grid::draw(out, &section.headers, &section.rows, inner, &edge);
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if width == 0 || chars.len() <= width {
        return vec![text.to_string()];
    }
    chars.chunks(width).map(|chunk| chunk.iter().collect()).collect()
}

fn center(text: &str, width: usize) -> String {
    let length = text.chars().count();
    let left = width.saturating_sub(length) / 2;
    let right = width.saturating_sub(length + left);
    format!("{}{text}{}", " ".repeat(left), " ".repeat(right))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn list_pipelines() -> Value {
        json!({"pipelines": [
            {"name": "release-main", "version": 3, "pipelineType": "V2", "executionMode": "QUEUED",
             "created": "2024-01-02T03:04:05.250000+00:00", "updated": "2024-01-03T02:46:40.500000+00:00"},
            {"name": "nightly", "version": 1, "pipelineType": "V1", "executionMode": "SUPERSEDED",
             "created": "2023-05-06T07:08:09+00:00", "updated": "2023-05-06T07:08:09+00:00"}
        ]})
    }

    #[test]
    fn every_line_fits_the_width_and_no_cell_is_cut() {
        for width in [80, 200] {
            let text = render(&list_pipelines(), "ListPipelines", width, false);
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{width}: {line}");
            }
            // Cells may wrap inside their column; reading the column back gives the whole value.
            for cell in ["release-main", "nightly", "SUPERSEDED", "QUEUED", "ListPipelines", "pipelines"] {
                assert!(column_text(&text).iter().any(|c| c.contains(cell)), "{cell} missing at {width}:\n{text}");
            }
        }
        let narrow = render(&list_pipelines(), "ListPipelines", 40, false);
        assert!(narrow.lines().all(|l| l.chars().count() <= 40), "{narrow}");
        assert!(column_text(&narrow).iter().any(|c| c.contains("2024-01-02T03:04:05.250000+00:00")), "wrapped, never cut:\n{narrow}");
    }

    /// Each column's text, top to bottom, with the wrapped pieces joined.
    fn column_text(table: &str) -> Vec<String> {
        let mut columns: Vec<String> = Vec::new();
        for line in table.lines().filter(|l| !l.contains("+-") && !l.starts_with('-')) {
            for (i, cell) in line.split('|').filter(|c| !c.is_empty()).enumerate() {
                if columns.len() <= i {
                    columns.push(String::new());
                }
                columns[i].push_str(cell.trim());
            }
        }
        columns
    }

    /// The four responses users look at most, at 80 and 200 columns
    /// (snapshots under src/output/snapshots/).
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
                assert!(table.lines().all(|l| l.chars().count() <= width), "{file} at {width}");
                insta::assert_snapshot!(format!("{file}-{width}"), table);
            }
        }
    }

    #[test]
    fn colour_only_when_asked() {
        assert!(!render(&list_pipelines(), "ListPipelines", 80, false).contains('\u{1b}'));
        assert!(render(&list_pipelines(), "ListPipelines", 80, true).contains('\u{1b}'));
    }
}
