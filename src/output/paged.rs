//! A paginated response formatted as its pages arrive, so that only one
//! page of values is alive at a time: memory stays flat however long the
//! listing. Used without `--query` (which needs the whole response) for
//!
//! - `json`: the text `render` gives for the merged response (botocore's
//!   `build_full_result`), item by item;
//! - `text`: what the AWS CLI prints, which formats each page on its own
//!   (`{<result key>: <page's items>}`) and ends with the resume token.

use super::{json, text, Format};
use serde_json::{Map, Value};

pub struct PagedOutput {
    format: Format,
    result_key: String,
    out: Vec<u8>,
    /// json: how many items are out, once the result list exists (as `Merged`).
    listed: Option<usize>,
}

impl PagedOutput {
    /// `None` for the formats that need the whole response at once.
    pub fn new(format: Format, result_key: String) -> Option<Self> {
        matches!(format, Format::Json | Format::Text).then(|| PagedOutput {
            format,
            result_key,
            out: Vec::new(),
            listed: None,
        })
    }

    /// One page's share of the result list; `had_key`: whether the page had the list at all.
    pub fn page(&mut self, had_key: bool, items: Vec<Value>) {
        if self.format == Format::Text {
            let list = if had_key { Value::Array(items) } else { Value::Null };
            let page = Value::Object(Map::from_iter([(self.result_key.clone(), list)]));
            self.out.extend_from_slice(text::render(&page).as_bytes());
            return;
        }
        let listed = self.listed.get_or_insert(0);
        for item in &items {
            if *listed == 0 {
                self.out.extend_from_slice(b"{\n    ");
                self.out.extend_from_slice(json::string(&self.result_key).as_bytes());
                self.out.extend_from_slice(b": [\n");
            } else {
                self.out.extend_from_slice(b",\n");
            }
            json::render_nested(&mut self.out, item, 2);
            *listed += 1;
        }
        if !had_key && *listed == 0 {
            self.listed = None;
        }
    }

    /// The whole output, given the token that resumes after `--max-items`.
    pub fn finish(self, resume_token: Option<String>) -> String {
        let mut out = self.out;
        if self.format == Format::Text {
            if let Some(token) = resume_token {
                let inner = Value::Object(Map::from_iter([("NextToken".to_string(), Value::String(token))]));
                let page = Value::Object(Map::from_iter([("NextToken".to_string(), inner)]));
                out.extend_from_slice(text::render(&page).as_bytes());
            }
        } else {
            // The items are out (after the list's opening when there are any); close the document.
            match self.listed {
                Some(0) => out.extend_from_slice(format!("{{\n    {}: []", json::string(&self.result_key)).as_bytes()),
                Some(_) => out.extend_from_slice(b"\n    ]"),
                None => {}
            }
            if let Some(token) = resume_token {
                out.extend_from_slice(if self.listed.is_some() { b",\n    " } else { b"{\n    " });
                out.extend_from_slice(format!("\"NextToken\": {}", json::string(&token)).as_bytes());
            }
            if !out.is_empty() {
                out.extend_from_slice(b"\n}\n");
            }
        }
        // Only whole strings went in.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pages() -> Vec<(bool, Vec<Value>)> {
        vec![
            (true, vec![json!({"name": "a", "stages": [{"n": 1}], "tags": {}}), json!({"name": "ü\"\n"})]),
            (true, vec![]),
            (false, vec![]),
            (true, vec![json!({"name": "c", "list": [], "version": 1.5})]),
        ]
    }

    fn merged(pages: &[(bool, Vec<Value>)], token: Option<&str>) -> Value {
        let mut merged = crate::invoke::Merged::default();
        for (had_key, items) in pages {
            merged.add(crate::invoke::Page { had_key: *had_key, items: items.clone() });
        }
        merged.finish("pipelines", token.map(String::from))
    }

    fn paged(format: Format, pages: &[(bool, Vec<Value>)], token: Option<&str>) -> String {
        let mut paged = PagedOutput::new(format, "pipelines".into()).expect("streams");
        for (had_key, items) in pages {
            paged.page(*had_key, items.clone());
        }
        paged.finish(token.map(String::from))
    }

    #[test]
    fn json_equals_the_merged_response_rendered() {
        let all = pages();
        let cases: Vec<&[(bool, Vec<Value>)]> = vec![&all, &all[..1], &all[1..2], &all[2..3], &all[1..3], &[]];
        for pages in cases {
            for token in [None, Some("eyJ0b2tlbiI6ICJ4In0=")] {
                let expected = super::super::render(Format::Json, &merged(pages, token), &test_style());
                assert_eq!(paged(Format::Json, pages, token), expected, "{pages:?} {token:?}");
            }
        }
    }

    #[test]
    fn text_is_formatted_page_by_page_as_the_aws_cli_does() {
        let pages = vec![
            (true, vec![json!({"name": "a", "version": 1})]),
            (true, vec![json!({"name": "b"})]),
            (false, vec![]),
        ];
        assert_eq!(
            paged(Format::Text, &pages, Some("tok")),
            "PIPELINES\ta\t1\nPIPELINES\tb\nNone\nNEXTTOKEN\ttok\n"
        );
    }

    #[test]
    fn table_and_yaml_need_the_whole_response() {
        assert!(PagedOutput::new(Format::Table, "pipelines".into()).is_none());
        assert!(PagedOutput::new(Format::Yaml, "pipelines".into()).is_none());
    }

    fn test_style() -> super::super::TableStyle {
        super::super::TableStyle { title: String::new(), width: 80, color: false }
    }
}
