//! A paginated response formatted as its items arrive (`invoke::Listing`),
//! so that neither a page nor the listing is ever whole in memory as values:
//! memory stays flat however long the listing, and a single large page costs
//! little more than the SDK's own copy of it. Used without `--query` (which
//! needs the whole response) for
//!
//! - `json`: the text `render` gives for the merged response (botocore's
//!   `build_full_result`), item by item; kept until the last page begins, as
//!   the AWS CLI prints nothing of a listing that fails half-way; the last
//!   page (complete, checked, nothing left to fail) is printed as it is
//!   formatted;
//! - `text`: what the AWS CLI prints, which formats each page on its own
//!   (`{<result key>: <page's items>}`) and ends with the resume token; like
//!   the AWS CLI, it prints each page as it comes (`print_to`).

use super::{json, text, Format, Unprintable};
use crate::invoke::{Listing, PageStart};
use serde_json::{Map, Value};
use std::io::Write;
use std::ops::ControlFlow;

/// How much formatted text is held before it goes to the printer, where it may.
const PRINT_EVERY: usize = 1 << 20;

/// Pages of up to this many items are held as values until their end (text
/// then takes its columns from them, and nothing of a page is printed
/// before all of it converted); only larger ones are surveyed first and
/// printed as they come: a listing's usual pages skip the survey's walk.
const HOLD_UP_TO: usize = 1000;

pub struct PagedOutput {
    format: Format,
    result_key: String,
    out: Vec<u8>,
    /// json: how many items are out, once the result list exists (as `Merged`).
    listed: Option<usize>,
    /// Where the text goes once formatted (and may go), instead of staying in `out`.
    printer: Option<Box<dyn Write + Send>>,
    /// json: whether the last page has begun (or, when it was held, ended),
    /// so that what is formatted may be printed.
    printing_json: bool,
    /// json: whether the current page is the last, held until its end.
    last_held: bool,
    /// text: the current page's columns, when it was surveyed; else its items, held.
    columns: Vec<String>,
    held: Option<Vec<Value>>,
    /// text: one item's rows, formatted before they join `out`.
    rows: String,
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
            printing_json: false,
            last_held: false,
            columns: Vec::new(),
            held: None,
            rows: String::new(),
            failed: None,
        })
    }

    /// Prints to `printer` as the text may go: `text` page by page, `json`
    /// from the start of the last page.
    pub fn print_to(mut self, printer: Box<dyn Write + Send>) -> Self {
        self.printer = Some(printer);
        self
    }

    /// What is formatted goes to the printer, if there is one and the text
    /// may go (`text` always, `json` once the last page allows); a failure
    /// stops the listing.
    fn print(&mut self) -> ControlFlow<()> {
        let may = self.format == Format::Text || self.printing_json;
        let Some(printer) = self.printer.as_mut().filter(|_| may) else { return ControlFlow::Continue(()) };
        let printed = printer.write_all(&self.out).and_then(|()| printer.flush());
        self.out.clear();
        match printed {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                self.failed = Some(e);
                ControlFlow::Break(())
            }
        }
    }

    /// The output not printed yet, given the token that resumes after
    /// `--max-items`; or why printing stopped.
    pub fn finish(mut self, resume_token: Option<String>) -> Result<String, std::io::Error> {
        if let Some(failed) = self.failed.take() {
            return Err(failed);
        }
        if self.format == Format::Text {
            if let Some(token) = resume_token {
                let inner = Value::Object(Map::from_iter([("NextToken".to_string(), Value::String(token))]));
                let page = Value::Object(Map::from_iter([("NextToken".to_string(), inner)]));
                self.out.extend_from_slice(service_page_text(&page).as_bytes());
            }
        } else {
            // An empty response prints nothing, as in the AWS CLI.
            let opened = self.listed.is_some() || resume_token.is_some();
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
            if opened {
                out.extend_from_slice(b"\n}\n");
            }
        }
        if self.print().is_break() {
            return Err(self.failed.take().unwrap_or_else(|| std::io::ErrorKind::Other.into()));
        }
        // Only whole strings went in.
        Ok(String::from_utf8(self.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// A text item's rows under `columns`, into `out`.
    fn text_rows(&mut self, item: &Value, columns: &[&str]) {
        self.rows.clear();
        // A service's list is all structures or all strings: its elements always print.
        let _ = text::list_element(&mut self.rows, item, &self.result_key, columns);
        self.out.extend_from_slice(self.rows.as_bytes());
    }
}

impl Listing for PagedOutput {
    fn surveys(&self, last: bool, count: usize) -> bool {
        count > HOLD_UP_TO && (self.format == Format::Text || (last && self.printer.is_some()))
    }

    fn begin(&mut self, page: &PageStart) -> ControlFlow<()> {
        if self.format == Format::Text {
            if !page.had_key {
                let page = Value::Object(Map::from_iter([(self.result_key.clone(), Value::Null)]));
                self.out.extend_from_slice(service_page_text(&page).as_bytes());
            }
            self.columns.clone_from(&page.columns);
            self.held = (!page.surveyed).then(Vec::new);
            return ControlFlow::Continue(());
        }
        let listed = *self.listed.get_or_insert(0);
        if !page.had_key && listed == 0 {
            self.listed = None;
        }
        if page.last && page.surveyed {
            self.printing_json = true;
            return self.print();
        }
        self.last_held = page.last;
        ControlFlow::Continue(())
    }

    fn item(&mut self, item: Value) -> ControlFlow<()> {
        if self.format == Format::Text {
            if let Some(held) = &mut self.held {
                held.push(item);
                return ControlFlow::Continue(());
            }
            let columns = std::mem::take(&mut self.columns);
            self.text_rows(&item, &columns.iter().map(String::as_str).collect::<Vec<_>>());
            self.columns = columns;
        } else {
            let listed = self.listed.get_or_insert(0);
            if *listed == 0 {
                self.out.extend_from_slice(b"{\n    ");
                self.out.extend_from_slice(json::string(&self.result_key).as_bytes());
                self.out.extend_from_slice(b": [\n");
            } else {
                self.out.extend_from_slice(b",\n");
            }
            json::render_nested(&mut self.out, &item, 2);
            *listed += 1;
        }
        if self.out.len() >= PRINT_EVERY {
            return self.print();
        }
        ControlFlow::Continue(())
    }

    fn end(&mut self) -> ControlFlow<()> {
        if let Some(held) = self.held.take() {
            let (columns, _) = super::split_keys(held.iter().filter_map(Value::as_object));
            for item in &held {
                self.text_rows(item, &columns);
            }
        }
        if self.last_held {
            self.printing_json = true;
        }
        self.print()
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
    /// The page coming in: its items, if it has the result key.
    current: Option<Vec<Value>>,
}

impl Listing for TextPages {
    fn begin(&mut self, page: &PageStart) -> ControlFlow<()> {
        self.current = page.had_key.then(Vec::new);
        ControlFlow::Continue(())
    }

    fn item(&mut self, item: Value) -> ControlFlow<()> {
        self.current.get_or_insert_with(Vec::new).push(item);
        ControlFlow::Continue(())
    }

    fn end(&mut self) -> ControlFlow<()> {
        let list = self.current.take().map_or(Value::Null, Value::Array);
        self.pages.push(Value::Object(Map::from_iter([(self.result_key.clone(), list)])));
        ControlFlow::Continue(())
    }
}

impl TextPages {
    pub fn new(result_key: String) -> Self {
        TextPages { result_key, pages: Vec::new(), current: None }
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
    use crate::invoke::feed;
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
            assert!(crate::invoke::feed(&mut merged, *had_key, items.clone(), false).is_continue());
        }
        merged.finish("pipelines", token.map(String::from))
    }

    fn paged(format: Format, pages: &[(bool, Vec<Value>)], token: Option<&str>) -> String {
        let mut paged = PagedOutput::new(format, "pipelines".into()).expect("streams");
        for (had_key, items) in pages {
            assert!(feed(&mut paged, *had_key, items.clone(), false).is_continue());
        }
        paged.finish(token.map(String::from)).expect("kept in memory")
    }

    #[test]
    fn text_with_a_query_shows_each_page_on_its_own() {
        let mut pages = TextPages::new("pipelines".into());
        for (had_key, items) in self::pages() {
            let _ = feed(&mut pages, had_key, items, false);
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
        let _ = feed(&mut pages, true, vec![json!({"name": "a"})], false);
        let _ = feed(&mut pages, true, vec![json!({"name": "b"})], true);
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

    /// A page too large to hold is surveyed and printed item by item: the
    /// same text as a held page's, columns and all.
    #[test]
    fn a_surveyed_page_prints_as_a_held_one() {
        let items: Vec<Value> = (0..=HOLD_UP_TO)
            .map(|i| if i % 2 == 0 { json!({"name": format!("p{i}"), "version": i}) } else { json!({"name": "q"}) })
            .collect();
        let expected = text::render(&json!({"pipelines": items.clone()})).expect("text");
        assert_eq!(paged(Format::Text, &[(true, items.clone())], None), expected);
        assert_eq!(paged(Format::Text, &[(true, items[..HOLD_UP_TO].to_vec())], None).lines().count(), HOLD_UP_TO);
        let json = paged(Format::Json, &[(true, items.clone())], None);
        assert_eq!(
            json,
            super::super::render(Format::Json, &json!({"pipelines": items}), &test_style()).expect("json")
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
        let mut paged =
            PagedOutput::new(Format::Text, "pipelines".into()).expect("streams").print_to(Box::new(printer.clone()));
        let (had_key, items) = &pages[0];
        assert!(feed(&mut paged, *had_key, items.clone(), false).is_continue());
        let first = printer.printed.lock().expect("not poisoned").clone();
        assert!(
            !first.is_empty() && whole.as_bytes().starts_with(&first),
            "the first page is out before the second comes"
        );
        for (had_key, items) in &pages[1..] {
            assert!(feed(&mut paged, *had_key, items.clone(), false).is_continue());
        }
        assert_eq!(paged.finish(Some("tok".into())).expect("printed"), "");
        assert_eq!(String::from_utf8_lossy(&printer.printed.lock().expect("not poisoned")), whole);

        let closed = Printer { printed: Default::default(), room: first.len() };
        let mut paged = PagedOutput::new(Format::Text, "pipelines".into()).expect("streams").print_to(Box::new(closed));
        assert!(feed(&mut paged, pages[0].0, pages[0].1.clone(), false).is_continue());
        assert!(feed(&mut paged, pages[1].0, pages[1].1.clone(), false).is_continue(), "an empty page prints nothing");
        assert!(feed(&mut paged, pages[3].0, pages[3].1.clone(), false).is_break());
        let failed = paged.finish(None).expect_err("the pipe closed");
        assert_eq!(failed.kind(), std::io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn json_is_kept_whole_until_the_last_page_then_printed_as_it_comes() {
        let all = pages();
        let whole = paged(Format::Json, &all, Some("tok"));
        let printer = Printer { printed: Default::default(), room: usize::MAX };
        let mut paged =
            PagedOutput::new(Format::Json, "pipelines".into()).expect("streams").print_to(Box::new(printer.clone()));
        for (had_key, items) in &all[..3] {
            assert!(feed(&mut paged, *had_key, items.clone(), false).is_continue());
        }
        assert!(printer.printed.lock().expect("not poisoned").is_empty(), "a listing may still fail");
        let (had_key, items) = &all[3];
        assert!(feed(&mut paged, *had_key, items.clone(), true).is_continue());
        let printed = printer.printed.lock().expect("not poisoned").clone();
        assert!(whole.as_bytes().starts_with(&printed) && printed.len() > whole.len() / 2, "the last page is out");
        assert_eq!(paged.finish(Some("tok".into())).expect("printed"), "");
        assert_eq!(String::from_utf8_lossy(&printer.printed.lock().expect("not poisoned")), whole);
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
