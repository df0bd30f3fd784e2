//! Auto-pagination as the AWS CLI does it (botocore's PageIterator): every
//! page fetched and its result list merged; `--max-items` cuts, also in the
//! middle of a page, and leaves a `NextToken` that `--starting-token`
//! resumes from exactly — in botocore's own token format, so tokens pass
//! between this tool and the AWS CLI.

use crate::error::CliError;
use aws_smithy_types::base64;
use serde_json::{Map, Value};
use std::ops::ControlFlow;

pub use crate::model::Paginator;

/// ListPipelines' paginator, from the model: the tests' example.
#[cfg(test)]
pub fn list_pipelines() -> Paginator {
    crate::model::model().operation("ListPipelines").and_then(|op| op.paginator()).expect("ListPipelines paginates")
}

/// `--starting-token`, `--page-size`, `--max-items`.
#[derive(Debug, Clone, Default)]
pub struct Paging {
    pub starting_token: Option<String>,
    pub page_size: Option<i64>,
    pub max_items: Option<i64>,
}

/// Where to start: the service token and how many items of that page were already shown.
#[derive(Debug, PartialEq)]
struct Resume {
    token: Option<String>,
    skip: usize,
}

/// Takes a listing as its pages are converted: each page's start, then its
/// share of the result list one item at a time, so that a page is never
/// whole in memory as values. `Break` from either: no more is wanted.
pub trait Listing: Send + 'static {
    /// Whether a page is to be surveyed before its items come (`PageStart`'s
    /// columns, and a check that no item of it fails to convert): for a
    /// taker that prints items as they come.
    fn surveys(&self, _last: bool, _count: usize) -> bool {
        false
    }
    fn begin(&mut self, page: &PageStart) -> ControlFlow<()>;
    fn item(&mut self, item: Value) -> ControlFlow<()>;
    /// The page's items are all in.
    fn end(&mut self) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }
}

/// What is known of a page before its items come.
#[derive(Debug, Default)]
pub struct PageStart {
    /// Whether the page had the result key at all.
    pub had_key: bool,
    /// Whether the page was surveyed: then `columns` are the scalar members
    /// of its items (`text`'s columns), sorted, and none of them will fail
    /// to convert.
    pub surveyed: bool,
    pub columns: Vec<String>,
    /// Whether no page follows: this one is complete in memory, and
    /// nothing that could fail remains.
    pub last: bool,
}

/// What pagination needs to know of a fetched page.
#[derive(Debug, PartialEq)]
pub struct Outline {
    pub had_key: bool,
    pub count: usize,
    pub next_token: Option<String>,
}

/// Hands `sink` a page of values, as the converter hands it a converted page.
#[cfg(test)]
pub fn feed(sink: &mut dyn Listing, had_key: bool, items: Vec<Value>, last: bool) -> ControlFlow<()> {
    let surveyed = sink.surveys(last, items.len());
    let columns = if surveyed { crate::output::scalar_columns(items.iter()) } else { Vec::new() };
    sink.begin(&PageStart { had_key, surveyed, columns, last })?;
    items.into_iter().try_for_each(|item| sink.item(item))?;
    sink.end()
}

/// Which part of a page's result list belongs to the result: the items
/// after `--starting-token`'s skip, up to `--max-items`' cut.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slice {
    skip: usize,
    keep: Option<usize>,
    /// Whether the page had the result key at all.
    pub had_key: bool,
    /// How many items the page has.
    pub count: usize,
    /// Whether the walk ends with this page.
    pub last: bool,
}

impl Slice {
    /// Whether the item at `index` in the page belongs to the result.
    pub fn keeps(&self, index: usize) -> bool {
        index >= self.skip && self.keep.is_none_or(|keep| index - self.skip < keep)
    }
}

/// Fetches pages with `fetch` (each with its outline) until the result is
/// complete, `--max-items` is reached or `on_page` wants no more, handing
/// each to `on_page` with the part of it that belongs to the result; returns
/// the token that resumes where `--max-items` stopped.
pub async fn walk<P, F, Fut>(
    paginator: &Paginator,
    paging: &Paging,
    mut input: Map<String, Value>,
    mut fetch: F,
    on_page: &mut dyn FnMut(P, Slice) -> ControlFlow<()>,
) -> Result<Option<String>, CliError>
where
    F: FnMut(Map<String, Value>) -> Fut,
    Fut: std::future::Future<Output = Result<(P, Outline), CliError>>,
{
    let start = match &paging.starting_token {
        Some(token) => decode_token(token),
        None => Resume { token: None, skip: 0 },
    };
    if let (Some(limit_key), Some(size)) = (&paginator.limit_key, paging.page_size) {
        input.insert(limit_key.clone(), Value::from(size));
    }
    let max_items = paging.max_items.map(|n| n.max(0) as usize);
    let mut token = start.token;
    let mut skip = start.skip;
    let mut shown = 0;
    let mut previous: Option<String> = None;
    loop {
        match &token {
            Some(t) => input.insert(paginator.input_token.clone(), Value::String(t.clone())),
            None => input.remove(&paginator.input_token),
        };
        let (page, Outline { had_key, count: listed, next_token }) = fetch(input.clone()).await?;
        let started_at = std::mem::take(&mut skip);
        let slice = |keep, last| Slice { skip: started_at, keep, had_key, count: listed, last };
        let count = listed.saturating_sub(started_at);
        if let Some(max) = max_items.filter(|max| shown + count > *max) {
            let keep = max - shown;
            // The last page wanted: whether the taker wants more no longer matters.
            let _ = on_page(page, slice(Some(keep), true));
            return Ok(Some(encode_token(&paginator.input_token, token.as_deref(), Some(keep + started_at))));
        }
        shown += count;
        let next = next_token.filter(|t| !t.is_empty());
        if on_page(page, slice(None, next.is_none() || max_items == Some(shown))).is_break() {
            return Ok(None);
        }
        let Some(next) = next else { return Ok(None) };
        if max_items == Some(shown) {
            return Ok(Some(encode_token(&paginator.input_token, Some(&next), None)));
        }
        if previous.as_deref() == Some(next.as_str()) {
            return Err(CliError::Other(format!(
                "Error during pagination: The same next token was received twice: {{'{}': '{next}'}}",
                paginator.input_token
            )));
        }
        previous = Some(next.clone());
        token = Some(next);
    }
}

/// Pages merged into one response, as botocore's `build_full_result` does.
#[derive(Debug, Default)]
pub struct Merged {
    items: Option<Vec<Value>>,
}

impl Listing for Merged {
    fn begin(&mut self, page: &PageStart) -> ControlFlow<()> {
        let items = self.items.get_or_insert_with(Vec::new);
        if !page.had_key && items.is_empty() {
            self.items = None;
        }
        ControlFlow::Continue(())
    }

    fn item(&mut self, item: Value) -> ControlFlow<()> {
        self.items.get_or_insert_with(Vec::new).push(item);
        ControlFlow::Continue(())
    }
}

impl Merged {
    pub fn finish(self, result_key: &str, resume_token: Option<String>) -> Value {
        let mut result = Map::new();
        if let Some(items) = self.items {
            result.insert(result_key.to_string(), Value::Array(items));
        }
        if let Some(resume) = resume_token {
            result.insert("NextToken".into(), Value::String(resume));
        }
        Value::Object(result)
    }
}

/// botocore's token: base64 of `json.dumps({"<input token>": ..., "boto_truncate_amount": n})`.
fn encode_token(input_token: &str, token: Option<&str>, truncate: Option<usize>) -> String {
    let value = token.map_or_else(|| "null".to_string(), crate::python::json_string);
    let mut json = format!("{{{}: {value}", crate::python::json_string(input_token));
    if let Some(n) = truncate {
        json.push_str(&format!(", \"boto_truncate_amount\": {n}"));
    }
    json.push('}');
    base64::encode(json.as_bytes())
}

/// A token from `--starting-token`: botocore's format, or else the service's own token.
fn decode_token(text: &str) -> Resume {
    let (token, skip) = decoded_token(text);
    Resume { token: token.and_then(|value| value.as_str().map(String::from)), skip }
}

/// The service token in a `--starting-token` (any JSON value: a bad one is
/// caught by validation before anything is sent), and how many items of its
/// page were already shown. A token that is not botocore's is the service's own.
fn decoded_token(text: &str) -> (Option<Value>, usize) {
    let decoded = base64::decode(text).ok().and_then(|bytes| serde_json::from_slice::<Map<String, Value>>(&bytes).ok());
    match decoded {
        Some(map) => (
            map.iter().find(|(key, _)| key.as_str() != "boto_truncate_amount").map(|(_, v)| v.clone()),
            map.get("boto_truncate_amount").and_then(Value::as_u64).unwrap_or(0) as usize,
        ),
        None => (Some(Value::String(text.to_string())), 0),
    }
}

impl Paging {
    /// What the first request adds to the user's input: the service token
    /// from `--starting-token` and `--page-size`, as they will be sent, so
    /// that they are checked as any input is (`--page-size 0` is refused
    /// with the model's minimum, as the AWS CLI refuses it).
    pub fn first_request(&self, paginator: &Paginator) -> Map<String, Value> {
        let mut members = Map::new();
        if let Some((Some(token), _)) = self.starting_token.as_deref().map(decoded_token) {
            if !token.is_null() {
                members.insert(paginator.input_token.clone(), token);
            }
        }
        if let (Some(limit_key), Some(size)) = (&paginator.limit_key, self.page_size) {
            members.insert(limit_key.clone(), Value::from(size));
        }
        members
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_are_botocores() {
        // base64 of {"nextToken": "abc", "boto_truncate_amount": 2}
        assert_eq!(
            encode_token("nextToken", Some("abc"), Some(2)),
            "eyJuZXh0VG9rZW4iOiAiYWJjIiwgImJvdG9fdHJ1bmNhdGVfYW1vdW50IjogMn0="
        );
        assert_eq!(decode_token(&encode_token("nextToken", None, Some(3))), Resume { token: None, skip: 3 });
        assert_eq!(decode_token("raw-service-token"), Resume { token: Some("raw-service-token".into()), skip: 0 });
        assert_eq!(crate::python::json_string("é\"x"), "\"\\u00e9\\\"x\"");
    }

    fn pages() -> Vec<Value> {
        (0..5)
            .map(|p| {
                let items: Vec<Value> = (0..3).map(|i| json!({"name": format!("p{}", p * 3 + i)})).collect();
                if p < 4 {
                    json!({"pipelines": items, "nextToken": format!("t{}", p + 1)})
                } else {
                    json!({"pipelines": items})
                }
            })
            .collect()
    }

    fn outline_of(page: &Value, paginator: &Paginator) -> Outline {
        let list = page.get(&paginator.result_key);
        Outline {
            had_key: list.is_some(),
            count: list.and_then(Value::as_array).map_or(0, Vec::len),
            next_token: page.get(&paginator.output_token).and_then(Value::as_str).map(String::from),
        }
    }

    /// The page `input`'s token asks for (token "t<n>": page n), as `fetch` gives it.
    fn serve(input: &Map<String, Value>, paginator: &Paginator) -> (Value, Outline) {
        let index = input.get("nextToken").and_then(Value::as_str).map_or(0, |t| t[1..].parse().unwrap_or(0));
        let page = pages()[index].clone();
        let outline = outline_of(&page, paginator);
        (page, outline)
    }

    async fn run(paging: Paging) -> (Value, Vec<Map<String, Value>>) {
        let sent = std::cell::RefCell::new(Vec::new());
        let mut merged = Merged::default();
        let paginator = list_pipelines();
        let resume = walk(
            &paginator,
            &paging,
            Map::new(),
            |input| {
                sent.borrow_mut().push(input.clone());
                let served = serve(&input, &paginator);
                async move { Ok(served) }
            },
            &mut |mut page: Value, slice: Slice| {
                let list = page.get_mut("pipelines").map(Value::take);
                assert_eq!(list.is_some(), slice.had_key);
                let items = list.as_ref().and_then(Value::as_array).into_iter().flatten().cloned();
                let kept = items.enumerate().filter(|(index, _)| slice.keeps(*index)).map(|(_, item)| item);
                feed(&mut merged, list.is_some(), kept.collect(), slice.last)
            },
        )
        .await
        .expect("pages");
        (merged.finish("pipelines", resume), sent.into_inner())
    }

    fn names(value: &Value) -> Vec<String> {
        value["pipelines"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["name"].as_str())
            .map(String::from)
            .collect()
    }

    #[tokio::test]
    async fn every_page_is_merged() {
        let (result, sent) = run(Paging { page_size: Some(3), ..Paging::default() }).await;
        assert_eq!(names(&result).len(), 15);
        assert_eq!(sent.len(), 5);
        assert_eq!(sent[0]["maxResults"], 3);
        assert!(result.get("NextToken").is_none());
    }

    #[tokio::test]
    async fn a_taker_that_wants_no_more_stops_the_requests() {
        let paginator = list_pipelines();
        let mut requests = 0;
        let mut taken = 0;
        let resume = walk(
            &paginator,
            &Paging::default(),
            Map::new(),
            |input| {
                requests += 1;
                let served = serve(&input, &paginator);
                async move { Ok(served) }
            },
            &mut |_page: Value, _slice| {
                taken += 1;
                if taken == 2 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .await
        .expect("pages");
        assert_eq!((requests, taken, resume), (2, 2, None));
    }

    #[tokio::test]
    async fn max_items_and_starting_token_lose_and_repeat_nothing() {
        let mut seen = Vec::new();
        let mut token = None;
        loop {
            let (result, _) =
                run(Paging { starting_token: token.clone(), max_items: Some(4), ..Paging::default() }).await;
            seen.extend(names(&result));
            match result.get("NextToken").and_then(Value::as_str) {
                Some(next) => token = Some(next.to_string()),
                None => break,
            }
        }
        let expected: Vec<String> = (0..15).map(|i| format!("p{i}")).collect();
        assert_eq!(seen, expected);
    }
}
