//! A paginated response formatted as its pages arrive, so that only one
//! page of values is alive at a time: memory stays flat however long the
//! listing. Used without `--query` (which needs the whole response) for
//!
//! - `json`: the text `render` gives for the merged response (botocore's
//!   `build_full_result`), item by item; printed whole at the end, as the
//!   AWS CLI does (a listing that fails half-way prints no half document);
//! - `text`: what the AWS CLI prints, which formats each page on its own
//!   (`{<result key>: <page's items>}`) and ends with the resume token; like
//!   the AWS CLI, it can print each page as it comes (`print_text_to`).

use super::{json, text, Format, Unprintable};
use serde_json::{Map, Value};
use std::io::Write;
use std::ops::ControlFlow;

pub struct PagedOutput {
    format: Format,
    result_key: String,
    out: Vec<u8>,
    /// json: how many items are out, once the result list exists (as `Merged`).
    listed: Option<usize>,
    /// text: where each page goes once formatted, instead of staying in `out`.
    printer: Option<Box<dyn Write + Send>>,
    /// Why printing stopped.
    failed: Option<std::io::Error>,
}

impl PagedOutput {
    /// `None` for the formats that need the whole response at once.
    pub fn new(format: Format, result_key: String) -> Option<Self> {
        matches!(format, Format::Json | Format::Text).then(|| PagedOutput {
            format,
            result_key,
            out: Vec::new(),
            listed: None,
            printer: None,
            failed: None,
        })
    }

    /// In `text`, prints each page to `printer` as soon as it is formatted;
    /// `json` is still printed whole, by `finish`'s caller.
    pub fn print_text_to(mut self, printer: Box<dyn Write + Send>) -> Self {
        if self.format == Format::Text {
            self.printer = Some(printer);
        }
        self
    }

    /// One page's share of the result list; `had_key`: whether the page had
    /// the list at all. Breaks when the page could not be printed (a closed
    /// pipe, say): no later page could be either.
    pub fn page(&mut self, had_key: bool, items: Vec<Value>) -> ControlFlow<()> {
        if self.format == Format::Text {
            let list = if had_key { Value::Array(items) } else { Value::Null };
            let page = Value::Object(Map::from_iter([(self.result_key.clone(), list)]));
            self.out.extend_from_slice(service_page_text(&page).as_bytes());
            return match self.print() {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => {
                    self.failed = Some(e);
                    ControlFlow::Break(())
                }
            };
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
        ControlFlow::Continue(())
    }

    /// What is formatted goes to the printer, if there is one.
    fn print(&mut self) -> std::io::Result<()> {
        let Some(printer) = &mut self.printer else { return Ok(()) };
        let printed = printer.write_all(&self.out).and_then(|()| printer.flush());
        self.out.clear();
        printed
    }

    /// The output not printed yet, given the token that resumes after
    /// `--max-items`; or why printing stopped.
    pub fn finish(mut self, resume_token: Option<String>) -> Result<String, std::io::Error> {
        if let Some(failed) = self.failed {
            return Err(failed);
        }
        if self.format == Format::Text {
            if let Some(token) = resume_token {
                let inner = Value::Object(Map::from_iter([("NextToken".to_string(), Value::String(token))]));
                let page = Value::Object(Map::from_iter([("NextToken".to_string(), inner)]));
                self.out.extend_from_slice(service_page_text(&page).as_bytes());
                self.print()?;
            }
        } else {
            let out = &mut self.out;
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
        Ok(String::from_utf8(self.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }
}

/// A page of the service's listing in `text`. Its items are the model's (a
/// list of structures, or of strings), never the mixed lists the AWS CLI's
/// formatter fails on; were one to come, what it printed stands.
fn service_page_text(page: &Value) -> String {
    text::render(page).unwrap_or_else(|unprintable| unprintable.printed)
}

/// A listing in `text` with `--query`: the AWS CLI applies the query to each
/// page on its own and prints each page's result (its resume token too, as
/// `{"NextToken": {"NextToken": token}}` through the same query), so the
/// pages are kept apart, not merged.
pub struct TextPages {
    result_key: String,
    pages: Vec<Value>,
}

impl TextPages {
    pub fn new(result_key: String) -> Self {
        TextPages { result_key, pages: Vec::new() }
    }

    pub fn page(&mut self, had_key: bool, items: Vec<Value>) -> ControlFlow<()> {
        let list = if had_key { Value::Array(items) } else { Value::Null };
        self.pages.push(Value::Object(Map::from_iter([(self.result_key.clone(), list)])));
        ControlFlow::Continue(())
    }

    /// Each page through `query`, then as text; the text stops at a page the
    /// AWS CLI's formatter cannot print (`Unprintable` holds all that came before).
    pub fn render<E>(
        self,
        query: impl Fn(&Value) -> Result<Value, E>,
        resume_token: Option<String>,
    ) -> Result<Result<String, Unprintable>, E> {
        let mut out = String::new();
        let token = resume_token.map(|token| {
            let inner = Value::Object(Map::from_iter([("NextToken".to_string(), Value::String(token))]));
            Value::Object(Map::from_iter([("NextToken".to_string(), inner)]))
        });
        for page in self.pages.iter().chain(token.as_ref()) {
            let shown = query(page)?;
            if !shown.as_object().is_some_and(Map::is_empty) {
                match text::render(&shown) {
                    Ok(text) => out.push_str(&text),
                    Err(unprintable) => {
                        out.push_str(&unprintable.printed);
                        return Ok(Err(Unprintable { printed: out, message: unprintable.message }));
                    }
                }
            }
        }
        Ok(Ok(out))
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
            assert!(merged.add(crate::invoke::Page { had_key: *had_key, items: items.clone() }).is_continue());
        }
        merged.finish("pipelines", token.map(String::from))
    }

    fn paged(format: Format, pages: &[(bool, Vec<Value>)], token: Option<&str>) -> String {
        let mut paged = PagedOutput::new(format, "pipelines".into()).expect("streams");
        for (had_key, items) in pages {
            assert!(paged.page(*had_key, items.clone()).is_continue());
        }
        paged.finish(token.map(String::from)).expect("kept in memory")
    }

    #[test]
    fn text_with_a_query_shows_each_page_on_its_own() {
        let mut pages = TextPages::new("pipelines".into());
        for (had_key, items) in self::pages() {
            let _ = pages.page(had_key, items);
        }
        let names = |page: &Value| -> Result<Value, ()> {
            Ok(page["pipelines"]
                .as_array()
                .map(|items| items.iter().map(|item| item["name"].clone()).collect())
                .unwrap_or(Value::Null))
        };
        assert_eq!(pages.render(names, Some("t".into())), Ok(Ok("a\tü\"\n\nNone\nc\nNone\n".to_string())));
    }

    #[test]
    fn json_equals_the_merged_response_rendered() {
        let all = pages();
        let cases: Vec<&[(bool, Vec<Value>)]> = vec![&all, &all[..1], &all[1..2], &all[2..3], &all[1..3], &[]];
        for pages in cases {
            for token in [None, Some("eyJ0b2tlbiI6ICJ4In0=")] {
                let expected = super::super::render(Format::Json, &merged(pages, token), &test_style());
                assert_eq!(Ok(paged(Format::Json, pages, token)), expected, "{pages:?} {token:?}");
            }
        }
    }

    /// A query result the text formatter stops on ends the listing there:
    /// the pages before it are out, the message follows.
    #[test]
    fn text_pages_stop_where_the_aws_cli_formatter_does() {
        let mut pages = TextPages::new("pipelines".into());
        let _ = pages.page(true, vec![json!({"name": "a"})]);
        let _ = pages.page(true, vec![json!({"name": "b"})]);
        let mixed = |page: &Value| -> Result<Value, ()> {
            let name = &page["pipelines"][0]["name"];
            Ok(if name == "a" { json!([name]) } else { json!([{"n": name}, name]) })
        };
        let stopped = pages.render(mixed, None).expect("queried").expect_err("stops");
        assert_eq!(
            stopped,
            Unprintable { printed: "a\n".into(), message: "'str' object has no attribute 'items'".into() }
        );
    }

    #[test]
    fn text_is_formatted_page_by_page_as_the_aws_cli_does() {
        let pages =
            vec![(true, vec![json!({"name": "a", "version": 1})]), (true, vec![json!({"name": "b"})]), (false, vec![])];
        assert_eq!(paged(Format::Text, &pages, Some("tok")), "PIPELINES\ta\t1\nPIPELINES\tb\nNone\nNEXTTOKEN\ttok\n");
    }

    /// A printer whose bytes the test can read, failing once `room` bytes are in.
    #[derive(Clone)]
    struct Printer {
        printed: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
        room: usize,
    }

    impl Write for Printer {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut printed = self.printed.lock().expect("not poisoned");
            if printed.len() + bytes.len() > self.room {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            printed.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn text_printed_page_by_page_is_the_same_text_and_stops_at_a_closed_pipe() {
        let pages = pages();
        let whole = paged(Format::Text, &pages, Some("tok"));
        let printer = Printer { printed: Default::default(), room: usize::MAX };
        let mut paged = PagedOutput::new(Format::Text, "pipelines".into())
            .expect("streams")
            .print_text_to(Box::new(printer.clone()));
        let (had_key, items) = &pages[0];
        assert!(paged.page(*had_key, items.clone()).is_continue());
        let first = printer.printed.lock().expect("not poisoned").clone();
        assert!(
            !first.is_empty() && whole.as_bytes().starts_with(&first),
            "the first page is out before the second comes"
        );
        for (had_key, items) in &pages[1..] {
            assert!(paged.page(*had_key, items.clone()).is_continue());
        }
        assert_eq!(paged.finish(Some("tok".into())).expect("printed"), "");
        assert_eq!(String::from_utf8_lossy(&printer.printed.lock().expect("not poisoned")), whole);

        let closed = Printer { printed: Default::default(), room: first.len() };
        let mut paged =
            PagedOutput::new(Format::Text, "pipelines".into()).expect("streams").print_text_to(Box::new(closed));
        assert!(paged.page(pages[0].0, pages[0].1.clone()).is_continue());
        assert!(paged.page(pages[1].0, pages[1].1.clone()).is_continue(), "an empty page prints nothing");
        assert!(paged.page(pages[3].0, pages[3].1.clone()).is_break());
        let failed = paged.finish(None).expect_err("the pipe closed");
        assert_eq!(failed.kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn json_is_kept_whole_for_the_end() {
        let printer = Printer { printed: Default::default(), room: usize::MAX };
        let mut paged = PagedOutput::new(Format::Json, "pipelines".into())
            .expect("streams")
            .print_text_to(Box::new(printer.clone()));
        let (had_key, items) = &pages()[0];
        assert!(paged.page(*had_key, items.clone()).is_continue());
        assert!(paged.finish(None).expect("kept").starts_with("{\n    \"pipelines\": ["));
        assert!(printer.printed.lock().expect("not poisoned").is_empty());
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
