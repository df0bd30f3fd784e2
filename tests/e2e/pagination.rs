//! Auto-pagination against the stub: pages merged, `--max-items` cutting
//! mid-page, `--starting-token` resuming with nothing lost or repeated —
//! and the same tokens and output as the AWS CLI.

use crate::stub::{Reply, Stub};
use crate::support::{aws_at, code, ours_at, stderr, stdout};
use serde_json::{json, Value};

/// Five pages of three pipelines; page n is asked for with token "t<n>".
fn five_pages() -> Vec<Reply> {
    (0..5)
        .map(|page| {
            let items: Vec<Value> = (0..3)
                .map(|i| json!({"name": format!("pipeline-{:02}", page * 3 + i), "version": 1, "pipelineType": "V2"}))
                .collect();
            let mut body = json!({"pipelines": items});
            if page < 4 {
                body["nextToken"] = json!(format!("t{}", page + 1));
            }
            Reply::json(body.to_string())
        })
        .collect()
}

fn names(out: &str) -> Vec<String> {
    let value: Value = serde_json::from_str(out).expect("JSON output");
    value["pipelines"].as_array().into_iter().flatten().filter_map(|p| p["name"].as_str()).map(String::from).collect()
}

#[test]
fn all_pages_are_merged_into_one_response() {
    let stub = Stub::start(five_pages());
    let out = ours_at(&stub.url, &["list-pipelines", "--page-size", "3"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let expected: Vec<String> = (0..15).map(|i| format!("pipeline-{i:02}")).collect();
    assert_eq!(names(&stdout(&out)), expected);
    let sent = stub.requests();
    assert_eq!(sent.len(), 5);
    let tokens: Vec<Value> = sent.iter().map(|r| r.json()["nextToken"].clone()).collect();
    assert_eq!(tokens, [Value::Null, json!("t1"), json!("t2"), json!("t3"), json!("t4")]);
    assert!(sent.iter().all(|r| r.json()["maxResults"] == 3));
    assert!(!stdout(&out).contains("NextToken"));

    let aws_stub = Stub::start(five_pages());
    let theirs = aws_at(&aws_stub.url, &["list-pipelines", "--page-size", "3"]);
    assert_eq!(stdout(&out), stdout(&theirs));
}

/// Resuming page by page: the stub for each run serves pages from the token onwards.
fn serve_from(token: Option<&str>) -> Stub {
    let first = token.map_or(0, |t| t[1..].parse::<usize>().unwrap_or(0));
    Stub::start(five_pages().into_iter().skip(first).collect())
}

fn resume_token(out: &str) -> Option<(String, Option<String>)> {
    let value: Value = serde_json::from_str(out).ok()?;
    let token = value["NextToken"].as_str()?.to_string();
    let decoded = aws_smithy_types::base64::decode(&token).ok()?;
    let inner: Value = serde_json::from_slice(&decoded).ok()?;
    Some((token, inner["nextToken"].as_str().map(String::from)))
}

#[test]
fn max_items_cuts_mid_page_and_starting_token_resumes_exactly() {
    let mut seen = Vec::new();
    let mut starting: Option<(String, Option<String>)> = None;
    for _ in 0..10 {
        let stub = serve_from(starting.as_ref().and_then(|(_, service)| service.as_deref()));
        let mut args = vec!["list-pipelines", "--max-items", "4"];
        if let Some((token, _)) = &starting {
            args.extend(["--starting-token", token.as_str()]);
        }
        let out = ours_at(&stub.url, &args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = stdout(&out);
        seen.extend(names(&text));

        let aws_stub = serve_from(starting.as_ref().and_then(|(_, service)| service.as_deref()));
        let theirs = aws_at(&aws_stub.url, &args);
        assert_eq!(text, stdout(&theirs), "differs from the AWS CLI for {args:?}");

        starting = resume_token(&text);
        if starting.is_none() {
            break;
        }
    }
    let expected: Vec<String> = (0..15).map(|i| format!("pipeline-{i:02}")).collect();
    assert_eq!(seen, expected, "items lost or repeated across resumed runs");
}

#[test]
fn no_paginate_makes_one_call_and_shows_the_service_token() {
    let stub = Stub::start(five_pages());
    let out = ours_at(&stub.url, &["list-pipelines", "--no-paginate"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stub.requests().len(), 1);
    assert!(stdout(&out).contains("\"nextToken\": \"t1\""), "{}", stdout(&out));

    let manual = Stub::start(five_pages());
    let out = ours_at(&manual.url, &["list-pipelines", "--next-token", "t1"]);
    assert_eq!(code(&out), 0);
    assert_eq!(manual.requests().len(), 1, "a hand-given token turns pagination off");

    let out = ours_at(&stub.url, &["list-pipelines", "--no-paginate", "--max-items", "2"]);
    assert_eq!(code(&out), 252);
    assert!(stderr(&out).contains("Cannot specify --no-paginate along with pagination arguments: --max-items"));
}

/// Pages whose items differ in their keys: the text format takes its columns per page.
fn uneven_pages() -> Vec<Reply> {
    five_pages()
        .into_iter()
        .enumerate()
        .map(|(page, reply)| {
            let mut body: Value = serde_json::from_slice(&reply.body).expect("page");
            if page == 1 {
                body["pipelines"][0].as_object_mut().map(|item| item.remove("version"));
            }
            Reply::json(body.to_string())
        })
        .collect()
}

#[test]
fn text_and_json_listings_equal_the_aws_clis_page_by_page() {
    for args in [
        vec!["list-pipelines", "--output", "text"],
        vec!["list-pipelines", "--output", "text", "--max-items", "4"],
        vec!["list-pipelines", "--output", "json", "--max-items", "7"],
        vec!["list-pipelines", "--output", "text", "--query", "pipelines[].name"],
    ] {
        let stub = Stub::start(uneven_pages());
        let out = ours_at(&stub.url, &args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let aws_stub = Stub::start(uneven_pages());
        let theirs = aws_at(&aws_stub.url, &args);
        if args.contains(&"--query") {
            // The AWS CLI applies a query to each page; ours (as #3 asks) to the merged response.
            assert_eq!(stdout(&out).split_whitespace().count(), 15, "{}", stdout(&out));
            continue;
        }
        assert_eq!(stdout(&out), stdout(&theirs), "differs from the AWS CLI for {args:?}");
        assert_eq!(stub.requests().len(), aws_stub.requests().len(), "{args:?}");
    }
}

#[test]
fn a_listing_that_fails_half_way_prints_what_the_aws_cli_prints() {
    let failing = || {
        let mut script = five_pages();
        script[2] = Reply::error(400, "ValidationException", "The next token is not valid");
        Stub::start(script)
    };
    for format in ["text", "json"] {
        let args = ["list-pipelines", "--output", format];
        let out = ours_at(&failing().url, &args);
        let theirs = aws_at(&failing().url, &args);
        assert_eq!(code(&out), 254, "{}", stderr(&out));
        // text: the pages before the failure (printed as they came); json: nothing.
        assert_eq!(stdout(&out), stdout(&theirs), "{format}");
        assert_eq!(stdout(&out).lines().count(), if format == "text" { 6 } else { 0 }, "{format}");
        assert!(stderr(&out).contains("The next token is not valid"), "{}", stderr(&out));
    }
}

#[test]
fn text_comes_page_by_page_and_a_closed_pipe_stops_the_listing() {
    use std::io::{BufRead, BufReader};
    // Every page after the first takes its time: what is printed before it comes is the first page.
    let slow = five_pages()
        .into_iter()
        .enumerate()
        .map(|(page, reply)| Reply { delay: std::time::Duration::from_millis(if page > 0 { 400 } else { 0 }), ..reply })
        .collect();
    let stub = Stub::start(slow);
    let mut child = crate::support::sealed(crate::support::BIN)
        .args(["list-pipelines", "--output", "text", "--endpoint-url", &stub.url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    lines.read_line(&mut first).expect("read the first line");
    assert!(first.starts_with("PIPELINES\tpipeline-00\t"), "{first}");
    assert!(child.try_wait().expect("wait").is_none(), "the first line is out while the later pages are on their way");
    assert!(stub.requests().len() <= 2, "{} requests before the first line", stub.requests().len());
    drop(lines);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(stub.requests().len() < 5, "pages were fetched for a reader that had gone");
}

/// Runs ours and the AWS CLI on the same replies in time zone `tz`.
fn both_in(tz: &str, replies: impl Fn() -> Vec<Reply>, args: &[&str]) -> (std::process::Output, std::process::Output) {
    let run = |program: &mut std::process::Command| {
        let stub = Stub::start(replies());
        program.env("TZ", tz).args(args).args(["--endpoint-url", &stub.url]).output().expect("run")
    };
    let ours = run(&mut crate::support::sealed(crate::support::BIN));
    let theirs = run(crate::support::sealed(crate::support::venv_tool("aws")).arg("codepipeline"));
    (ours, theirs)
}

#[test]
fn a_page_printed_as_it_comes_shows_the_last_day_of_9999_and_refuses_year_0_up_front() {
    // More than the 1 MiB printed at a time, before the item that counts: a late failure would be half-printed.
    let page = |created: i64| {
        let mut items: Vec<Value> =
            (0..20_000).map(|i| json!({"name": format!("pipeline-{i:05}"), "version": 1})).collect();
        items.push(json!({"name": "last", "version": 1, "created": created}));
        vec![Reply::json(json!({"pipelines": items}).to_string())]
    };
    for format in ["text", "json"] {
        let args = ["list-pipelines", "--output", format];
        // jiff's timestamps end a day before Python's datetime does.
        let (ours, theirs) = both_in("UTC", || page(253_402_300_799), &args);
        assert_eq!(code(&ours), 0, "{format}: {}", stderr(&ours));
        assert!(stdout(&ours).contains("9999-12-31T23:59:59+00:00"), "{format}");
        assert!(stdout(&ours) == stdout(&theirs), "{format}: differs from the AWS CLI");
        // Year 0 in Newfoundland: Python cannot hold it; nothing of the page is out.
        let (ours, theirs) = both_in("America/St_Johns", || page(-62_135_596_800), &args);
        assert_eq!((code(&ours), code(&theirs)), (255, 255), "{format}: {}", stderr(&ours));
        assert_eq!(stdout(&ours), "", "{format}");
        assert!(
            stderr(&ours).contains("the timestamp -62135596800 is outside the years 1 to 9999"),
            "{}",
            stderr(&ours)
        );
    }
}

/// Action executions whose maps are out of key order and whose members differ
/// from item to item, over two pages; and webhooks missing a required member.
fn ordered_pages(op: &str) -> Vec<Reply> {
    let detail = |i: u32| {
        json!({"actionExecutionId": format!("a{i}"), "status": "Succeeded", "startTime": 1_700_000_000.25 + f64::from(i),
            "input": {"configuration": {"zeta": "1", "Alpha": "2", "mid": "3"}, "resolvedConfiguration": {"b": "x", "a": "y"}},
            "output": {"outputVariables": {"Z": "1", "A": "2"}}})
    };
    let webhook = |name: &str| {
        json!({"definition": {"name": name, "targetPipeline": "p", "targetAction": "a", "filters": [],
            "authentication": "UNAUTHENTICATED", "authenticationConfiguration": {"SecretToken": "s"}}, "url": "https://u"})
    };
    let pages = match op {
        "list-action-executions" => vec![
            json!({"actionExecutionDetails": [detail(0), {"actionName": "only", "pipelineVersion": 3}, detail(2)], "nextToken": "t1"}),
            json!({"actionExecutionDetails": [{"stageName": "S"}, detail(4)]}),
        ],
        _ => {
            let mut no_url = webhook("b");
            no_url.as_object_mut().map(|item| item.remove("url"));
            vec![
                json!({"webhooks": [webhook("a"), no_url.clone()], "NextToken": "t1"}),
                json!({"webhooks": [no_url, webhook("c")]}),
            ]
        }
    };
    pages.into_iter().map(|page| Reply::json(page.to_string())).collect()
}

#[test]
fn listings_whose_wire_order_is_restored_equal_the_aws_clis() {
    let mid_page = |key: &str| {
        aws_smithy_types::base64::encode(format!(r#"{{"{key}": null, "boto_truncate_amount": 1}}"#).as_bytes())
    };
    for (op, token_key) in [("list-action-executions", "nextToken"), ("list-webhooks", "NextToken")] {
        let start = mid_page(token_key);
        for format in ["json", "text"] {
            for extra in [
                &[][..],
                &["--max-items", "2"],
                &["--starting-token", &start],
                &["--starting-token", &start, "--max-items", "2"],
            ] {
                let mut args = vec![op, "--output", format];
                if op == "list-action-executions" {
                    args.extend(["--pipeline-name", "p"]);
                }
                args.extend(extra);
                let stub = Stub::start(ordered_pages(op));
                let out = ours_at(&stub.url, &args);
                assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
                let theirs = aws_at(&Stub::start(ordered_pages(op)).url, &args);
                assert_eq!(stdout(&out), stdout(&theirs), "differs from the AWS CLI for {args:?}");
            }
        }
    }
}

#[test]
fn a_page_without_its_required_list_is_shown_without_it_as_the_aws_cli_shows_it() {
    // ListActionTypes' list is required: the SDK makes up an empty one where a page has none.
    let action_type = json!({"id": {"category": "Build", "owner": "Custom", "provider": "p", "version": "1"},
        "inputArtifactDetails": {"minimumCount": 0, "maximumCount": 1},
        "outputArtifactDetails": {"minimumCount": 0, "maximumCount": 1}});
    let scripts = [
        vec![json!({})],
        vec![json!({"actionTypes": [action_type], "nextToken": "t1"}), json!({})],
        vec![json!({"nextToken": "t1"}), json!({"actionTypes": [action_type]})],
    ];
    for script in scripts {
        let replies = || script.iter().map(|page| Reply::json(page.to_string())).collect::<Vec<_>>();
        for format in ["json", "text", "table"] {
            let args = ["list-action-types", "--output", format];
            let out = ours_at(&Stub::start(replies()).url, &args);
            assert_eq!(code(&out), 0, "{}", stderr(&out));
            let theirs = aws_at(&Stub::start(replies()).url, &args);
            assert_eq!(stdout(&out), stdout(&theirs), "differs from the AWS CLI for {args:?} on {script:?}");
        }
    }
}
