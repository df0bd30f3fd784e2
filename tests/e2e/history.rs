//! `history` and `stats` against a generated pipeline: 1,000 executions
//! over 60 days (seeded, so every run is the same), five actions in three
//! stages, served page by page. Every statistic is checked against a
//! computation made here from the generated data; the cache, `--since`, a
//! throttled request, the charts and the SVG are checked on what is sent and
//! printed.

use crate::stub::{Answer, Reply, Request, Stub};
use crate::support::{code, sealed, stderr, stdout, BIN};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const TARGET: &str = "CodePipeline_20150709.";
const COUNT: usize = 1000;
/// 2026-09-01T00:00:00Z.
const BASE: i64 = 1_788_220_800;
const STAGES: [(&str, &[&str]); 3] =
    [("Source", &["Checkout"]), ("Build", &["Compile", "Test"]), ("Deploy", &["Beta", "Prod"])];

/// A small PRNG (xorshift64*), so the history is the same every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

#[derive(Clone, Debug)]
struct Action {
    stage: &'static str,
    name: &'static str,
    status: &'static str,
    start: i64,
    end: i64,
}

#[derive(Clone, Debug)]
struct Execution {
    id: String,
    status: &'static str,
    start: i64,
    end: i64,
    actions: Vec<Action>,
}

/// Oldest first; the newest is still running.
fn generate() -> Vec<Execution> {
    let mut random = Random(0x5eed_1234_abcd_0042);
    (0..COUNT)
        .map(|i| {
            let start = BASE + i as i64 * 5184 + random.below(3000);
            let roll = random.below(100);
            let running = i == COUNT - 1;
            // Where it stops: the action that fails or is stopped (none: all succeed).
            let (status, stop_at) = match roll {
                _ if running => ("InProgress", Some(3)),
                0..15 => ("Failed", Some(random.below(5) as usize)),
                15..20 => ("Stopped", Some(random.below(5) as usize)),
                _ => ("Succeeded", None),
            };
            let mut actions = Vec::new();
            let mut at = start + 1;
            let mut index = 0;
            'stages: for (stage, names) in STAGES {
                for name in names {
                    let length = match *name {
                        "Checkout" => 5 + random.below(25),
                        "Compile" => 60 + random.below(340),
                        "Test" => 30 + random.below(270),
                        _ => 20 + random.below(100),
                    };
                    let action_status = match (stop_at, status) {
                        (Some(k), "Failed") if k == index => "Failed",
                        (Some(k), "Stopped") if k == index => "Abandoned",
                        (Some(k), "InProgress") if k == index => "InProgress",
                        _ => "Succeeded",
                    };
                    actions.push(Action { stage, name, status: action_status, start: at, end: at + length });
                    at += length + 1;
                    if stop_at == Some(index) {
                        break 'stages;
                    }
                    index += 1;
                }
            }
            Execution { id: format!("exec-{i:04}"), status, start, end: at + 1, actions }
        })
        .collect()
}

fn summary(e: &Execution) -> Value {
    json!({"pipelineExecutionId": e.id, "status": e.status, "startTime": e.start, "lastUpdateTime": e.end,
           "sourceRevisions": [{"actionName": "Checkout", "revisionId": format!("{:040x}", e.start),
                                "revisionSummary": format!("Change {}\n\nbody", e.id)}],
           "trigger": {"triggerType": "Webhook", "triggerDetail": "arn:aws:webhook"}})
}

fn detail(e: &Execution, a: &Action) -> Value {
    json!({"pipelineExecutionId": e.id, "actionExecutionId": format!("{}-{}", e.id, a.name), "pipelineVersion": 1,
           "stageName": a.stage, "actionName": a.name, "startTime": a.start, "lastUpdateTime": a.end,
           "status": a.status, "input": {"actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild",
           "version": "1"}, "configuration": {"ProjectName": "p"}}})
}

/// What the stub serves: the oldest `visible` executions, and one
/// ThrottlingException in place of the `throttle_at`-th ListActionExecutions.
struct Service {
    executions: Vec<Execution>,
    visible: AtomicUsize,
    actions_asked: AtomicUsize,
    throttle_at: Option<usize>,
    /// The ListActionExecutions (counted from 1; 0: none) answered with an error that is not retried.
    fail_at: AtomicUsize,
}

fn stub(service: Arc<Service>) -> Stub {
    Stub::answering(answers(service))
}

/// ListPipelineExecutions and ListActionExecutions, answered from `service`.
fn answers(service: Arc<Service>) -> Vec<(&'static str, Answer)> {
    let pages = service.clone();
    let list: Answer = Box::new(move |request: &Request| {
        let body = request.json();
        let size = body["maxResults"].as_u64().unwrap_or(100) as usize;
        let offset: usize =
            body["nextToken"].as_str().and_then(|t| t.strip_prefix("off-")).and_then(|n| n.parse().ok()).unwrap_or(0);
        let visible = pages.visible.load(Ordering::SeqCst);
        let newest_first: Vec<&Execution> = pages.executions[..visible].iter().rev().collect();
        let page: Vec<Value> = newest_first.iter().skip(offset).take(size).map(|e| summary(e)).collect();
        let mut reply = json!({"pipelineExecutionSummaries": page});
        if offset + size < visible {
            reply["nextToken"] = json!(format!("off-{}", offset + size));
        }
        Reply::json(reply.to_string())
    });
    let actions: Answer = Box::new(move |request: &Request| {
        let asked = service.actions_asked.fetch_add(1, Ordering::SeqCst) + 1;
        if service.throttle_at == Some(asked) {
            return Reply::error(400, "ThrottlingException", "Rate exceeded");
        }
        if service.fail_at.load(Ordering::SeqCst) == asked {
            return Reply::error(400, "ValidationException", "Something is wrong");
        }
        let id = request.json()["filter"]["pipelineExecutionId"].as_str().unwrap_or("").to_string();
        let details: Vec<Value> = service
            .executions
            .iter()
            .filter(|e| e.id == id)
            .flat_map(|e| e.actions.iter().rev().map(move |a| detail(e, a)))
            .collect();
        Reply::json(json!({"actionExecutionDetails": details}).to_string())
    });
    vec![("ListPipelineExecutions", list), ("ListActionExecutions", actions)]
}

fn service(throttle_at: Option<usize>) -> Arc<Service> {
    Arc::new(Service {
        executions: generate(),
        visible: AtomicUsize::new(COUNT),
        actions_asked: AtomicUsize::new(0),
        throttle_at,
        fail_at: AtomicUsize::new(0),
    })
}

/// A cache folder of the test's own.
fn cache(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("history-cache").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("cache dir");
    dir
}

fn run(stub: &Stub, cache: &Path, columns: &str, args: &[&str]) -> Output {
    sealed(BIN)
        .args(args)
        .args(["--endpoint-url", &stub.url])
        .env("XDG_CACHE_HOME", cache)
        .env("COLUMNS", columns)
        .output()
        .expect("run codepipeline")
}

fn json_of(output: &Output) -> Value {
    assert_eq!(code(output), 0, "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

fn requests(stub: &Stub, operation: &str) -> Vec<Value> {
    stub.requests().iter().filter(|r| r.target() == format!("{TARGET}{operation}")).map(Request::json).collect()
}

/// The k-th smallest value at rank ceil(p·n/100), computed in integers.
fn nearest_rank(values: &[i64], p: usize) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    (n > 0).then(|| sorted[((p * n).div_ceil(100)).max(1) - 1] as f64)
}

fn spread(values: &[i64]) -> Value {
    json!({"median": nearest_rank(values, 50), "p90": nearest_rank(values, 90),
           "max": values.iter().max().map(|m| *m as f64)})
}

/// Every number `stats --output json` should give for `window`, worked out here.
fn expected(window: &[&Execution]) -> Value {
    let count = |status: &str| window.iter().filter(|e| e.status == status).count();
    let mut by_status = BTreeMap::new();
    for e in window {
        *by_status.entry(e.status.to_string()).or_insert(0) += 1;
    }
    let succeeded: Vec<i64> = window.iter().filter(|e| e.status == "Succeeded").map(|e| e.end - e.start).collect();
    // Recovery: the first failure of each streak to the next success's end.
    let mut chronological = window.to_vec();
    chronological.sort_by_key(|e| e.start);
    let (mut total, mut recoveries, mut failing_since) = (0i64, 0usize, None);
    for e in &chronological {
        if e.status == "Failed" && failing_since.is_none() {
            failing_since = Some(e.end);
        }
        if e.status == "Succeeded" {
            if let Some(since) = failing_since.take() {
                total += e.end - since;
                recoveries += 1;
            }
        }
    }
    let mut days: BTreeMap<String, usize> = BTreeMap::new();
    let (first_day, last_day) =
        (chronological[0].start / 86_400, chronological[chronological.len() - 1].start / 86_400);
    for day in first_day..=last_day {
        days.insert(jiff::Timestamp::from_second(day * 86_400).expect("day").strftime("%Y-%m-%d").to_string(), 0);
    }
    for e in window {
        *days
            .entry(jiff::Timestamp::from_second(e.start).expect("ts").strftime("%Y-%m-%d").to_string())
            .or_insert(0) += 1;
    }
    // ISO weeks as strftime names them, each day's count added to its week.
    let mut weeks: Vec<(String, usize)> = Vec::new();
    for (day, n) in &days {
        let date: jiff::civil::Date = day.parse().expect("date");
        let week = date.strftime("%G-W%V").to_string();
        match weeks.last_mut() {
            Some((last, count)) if *last == week => *count += n,
            _ => weeks.push((week, *n)),
        }
    }
    let stages: Vec<Value> = STAGES
        .iter()
        .map(|(stage, names)| {
            let ran: Vec<Vec<&Action>> = chronological
                .iter()
                .map(|e| e.actions.iter().filter(|a| a.stage == *stage).collect::<Vec<_>>())
                .filter(|actions| !actions.is_empty())
                .collect();
            let spans: Vec<i64> = ran
                .iter()
                .filter(|actions| actions.iter().all(|a| a.status != "InProgress"))
                .map(|actions| actions.last().expect("one").end - actions[0].start)
                .collect();
            let actions: Vec<Value> = names
                .iter()
                .map(|name| {
                    let all: Vec<&Action> = ran.iter().flatten().filter(|a| a.name == *name).copied().collect();
                    let lengths: Vec<i64> =
                        all.iter().filter(|a| a.status != "InProgress").map(|a| a.end - a.start).collect();
                    json!({"name": name, "runs": all.len(), "failures": all.iter().filter(|a| a.status == "Failed").count(),
                           "duration": spread(&lengths)})
                })
                .collect();
            let failures = ran.iter().filter(|actions| actions.iter().any(|a| a.status == "Failed")).count();
            json!({"name": stage, "runs": ran.len(), "failures": failures, "duration": spread(&spans), "actions": actions})
        })
        .collect();
    let verdicts = count("Succeeded") + count("Failed") + count("Stopped");
    json!({
        "executions": window.len(),
        "byStatus": by_status,
        "successRate": count("Succeeded") as f64 / verdicts as f64,
        "duration": spread(&succeeded),
        "meanTimeToRecovery": total as f64 / recoveries as f64,
        "recoveries": recoveries,
        "executionsPerDay": window.len() as f64 / days.len() as f64,
        "executionsPerWeek": window.len() as f64 * 7.0 / days.len() as f64,
        "perDay": days.iter().map(|(d, n)| json!({"date": d, "executions": n})).collect::<Vec<_>>(),
        "perWeek": weeks.iter().map(|(w, n)| json!({"week": w, "executions": n})).collect::<Vec<_>>(),
        "stages": stages,
    })
}

/// The printed statistics hold every expected number (floats to a millionth).
fn assert_stats(actual: &Value, expected: &Value) {
    fn close(path: &str, a: &Value, e: &Value) {
        match (a, e) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().expect("x"), y.as_f64().expect("y"));
                assert!((x - y).abs() < 1e-6, "{path}: {x} ≠ {y}");
            }
            (Value::Object(a), Value::Object(e)) => {
                for (key, value) in e {
                    close(&format!("{path}.{key}"), a.get(key).unwrap_or(&Value::Null), value);
                }
            }
            (Value::Array(a), Value::Array(e)) => {
                assert_eq!(a.len(), e.len(), "{path}: length");
                for (i, (a, e)) in a.iter().zip(e).enumerate() {
                    close(&format!("{path}[{i}]"), a, e);
                }
            }
            _ => assert_eq!(a, e, "{path}"),
        }
    }
    close("stats", actual, expected);
}

fn since_date(day: i64) -> String {
    jiff::Timestamp::from_second(BASE + day * 86_400).expect("date").strftime("%Y-%m-%d").to_string()
}

#[test]
fn stats_match_an_independent_computation_and_a_second_run_asks_only_for_new_executions() {
    let service = service(None);
    service.visible.store(COUNT - 10, Ordering::SeqCst);
    let stub = stub(service.clone());
    let dir = cache("second-run");
    let since = since_date(-1);
    let first = json_of(&run(&stub, &dir, "80", &["stats", "--name", "p", "--since", &since, "--output", "json"]));
    let all = &service.executions;
    let shown: Vec<&Execution> = all[..COUNT - 10].iter().collect();
    assert_stats(&first, &expected(&shown));
    assert_eq!(requests(&stub, "ListActionExecutions").len(), COUNT - 10);
    let unsigned = stub
        .requests()
        .iter()
        .filter(|r| {
            !r.header("authorization").is_some_and(|a| a.starts_with("AWS4-HMAC-SHA256 Credential=AKIDTESTING/"))
        })
        .count();
    assert_eq!(unsigned, 0, "the listings made side by side are signed too");
    assert_eq!(requests(&stub, "ListPipelineExecutions").len(), 10, "990 executions, 100 a page");

    let file =
        std::fs::read_dir(dir.join("codepipeline/history")).expect("cache").next().expect("a file").expect("entry");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(file.metadata().expect("meta").permissions().mode() & 0o777, 0o600);

    // Ten more executions, the newest still running.
    service.visible.store(COUNT, Ordering::SeqCst);
    let before = stub.requests().len();
    let second = json_of(&run(&stub, &dir, "80", &["stats", "--name", "p", "--since", &since, "--output", "json"]));
    assert_stats(&second, &expected(&all.iter().collect::<Vec<_>>()));
    let sent: Vec<Request> = stub.requests()[before..].to_vec();
    let listings: Vec<&Request> = sent.iter().filter(|r| r.target().ends_with(".ListPipelineExecutions")).collect();
    assert_eq!(listings.len(), 1, "the first page reaches the cached executions");
    let mut asked: Vec<String> = sent
        .iter()
        .filter(|r| r.target().ends_with(".ListActionExecutions"))
        .map(|r| r.json()["filter"]["pipelineExecutionId"].as_str().unwrap_or("").to_string())
        .collect();
    asked.sort();
    let new: Vec<String> = all[COUNT - 10..].iter().map(|e| e.id.clone()).collect();
    assert_eq!(asked, new);
    assert_eq!(sent.len(), 11);

    // The running execution is asked for again; nothing else.
    let before = stub.requests().len();
    json_of(&run(&stub, &dir, "80", &["stats", "--name", "p", "--since", &since, "--output", "json"]));
    let third: Vec<String> = stub.requests()[before..]
        .iter()
        .filter(|r| r.target().ends_with(".ListActionExecutions"))
        .map(|r| r.json()["filter"]["pipelineExecutionId"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(third, [all[COUNT - 1].id.clone()]);
}

#[test]
fn since_bounds_what_is_listed_and_counted() {
    let service = service(None);
    let stub = stub(service.clone());
    let dir = cache("since");
    // Day 45 onwards: executions 750 to 999 (45 days = 750 × 5184 s; the jitter is under 5184 s).
    let since = since_date(45);
    let bound = BASE + 45 * 86_400;
    let window: Vec<&Execution> = service.executions.iter().filter(|e| e.start >= bound).collect();
    let stats = json_of(&run(&stub, &dir, "80", &["stats", "--name", "p", "--since", &since, "--output", "json"]));
    assert_stats(&stats, &expected(&window));
    assert_eq!(requests(&stub, "ListActionExecutions").len(), window.len(), "no actions outside the window");
    let pages = requests(&stub, "ListPipelineExecutions").len();
    assert_eq!(pages, window.len() / 100 + 1, "listing stops at the first page that passes the bound");

    let history = run(
        &stub,
        &dir,
        "80",
        &["history", "--name", "p", "--since", &since, "--status", "Failed", "--limit", "3", "--output", "json"],
    );
    let history = json_of(&history);
    let failed: Vec<&&Execution> = window.iter().rev().filter(|e| e.status == "Failed").take(3).collect();
    let ids: Vec<&str> = history["pipelineExecutionSummaries"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|s| s["pipelineExecutionId"].as_str())
        .collect();
    assert_eq!(ids, failed.iter().map(|e| e.id.as_str()).collect::<Vec<_>>());
    assert_eq!(
        history["pipelineExecutionSummaries"][0]["durationSeconds"],
        json!((failed[0].end - failed[0].start) as f64)
    );

    let lines = stdout(&run(&stub, &dir, "80", &["history", "--name", "p", "--since", &since, "--limit", "2"]));
    let newest = &service.executions[COUNT - 1];
    let second = &service.executions[COUNT - 2];
    let mut expected_lines =
        vec![format!("{}  InProgress  Webhook", newest.id), format!("{}  {:<10}  Webhook", second.id, second.status)];
    for (line, start) in lines.lines().skip(1).zip(&mut expected_lines) {
        assert!(line.starts_with(start.as_str()), "{line:?} vs {start:?}");
    }
    assert_eq!(lines.lines().count(), 3, "{lines}");
    assert!(
        lines.contains(&jiff::Timestamp::from_second(newest.start).expect("ts").strftime("%Y-%m-%d %H:%M").to_string())
    );

    let rate = run(&stub, &dir, "80", &["stats", "--name", "p", "--since", &since, "--query", "successRate"]);
    assert_eq!(json_of(&rate), expected(&window)["successRate"]);

    let before = stub.requests().len();
    for bad in [
        &["stats", "--name", "p", "--since", "last tuesday"][..],
        &["history", "--name", "p", "--limit", "0"][..],
        &["history", "--name", "p", "--status", "Broken"][..],
        &["stats", "--name", "p", "--query", "[?"][..],
    ] {
        let out = run(&stub, &dir, "80", bad);
        assert_eq!(code(&out), 252, "{bad:?}: {}", stderr(&out));
    }
    assert_eq!(stub.requests().len(), before, "nothing sent for bad input");
}

#[test]
fn a_throttled_listing_is_retried_with_the_same_result() {
    let service = service(Some(300));
    let stub = stub(service.clone());
    let since = since_date(-1);
    let stats = json_of(&run(
        &stub,
        &cache("throttled"),
        "80",
        &["stats", "--name", "p", "--since", &since, "--output", "json"],
    ));
    assert_stats(&stats, &expected(&service.executions.iter().collect::<Vec<_>>()));
    assert_eq!(requests(&stub, "ListActionExecutions").len(), COUNT + 1, "one retry");
}

#[test]
fn charts_fit_80_and_200_columns_and_the_svg_has_a_mark_per_execution() {
    let service = service(None);
    let stub = stub(service.clone());
    let dir = cache("charts");
    let since = since_date(-1);
    let svg = dir.join("stats.svg");
    let svg_arg = svg.to_string_lossy().into_owned();
    let narrow = run(&stub, &dir, "80", &["stats", "--name", "p", "--since", &since, "--svg", &svg_arg]);
    assert_eq!(code(&narrow), 0, "{}", stderr(&narrow));
    let wide = run(&stub, &dir, "200", &["stats", "--name", "p", "--since", &since]);
    for (width, output) in [(80, &narrow), (200, &wide)] {
        let text = stdout(output);
        assert!(!text.contains('\x1b'), "no colour off a terminal");
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{width}: {line:?}");
        }
    }
    insta::assert_snapshot!("stats_80_columns", stdout(&narrow));
    insta::assert_snapshot!("stats_200_columns", stdout(&wide));

    let document = std::fs::read_to_string(&svg).expect("svg written");
    let tree = roxmltree::Document::parse(&document).expect("the SVG is XML");
    assert_eq!(tree.root_element().tag_name().name(), "svg");
    let circles: Vec<_> = tree.descendants().filter(|n| n.tag_name().name() == "circle").collect();
    assert_eq!(circles.len(), COUNT, "one mark per execution");
    let running = circles.iter().filter(|c| c.attribute("fill") == Some("#0969DA")).count();
    assert_eq!(running, 1, "the running one in blue");
}

#[test]
fn all_pipelines_one_after_another_and_colour_on_request() {
    let service = service(None);
    service.visible.store(30, Ordering::SeqCst);
    let pipelines: Answer =
        Box::new(|_: &Request| Reply::json(json!({"pipelines": [{"name": "alpha"}, {"name": "beta"}]}).to_string()));
    let mut routes = answers(service.clone());
    routes.push(("ListPipelines", pipelines));
    let stub = Stub::answering(routes);
    let dir = cache("all");
    let since = since_date(-1);
    let stats = json_of(&run(&stub, &dir, "80", &["stats", "--all", "--since", &since, "--output", "json"]));
    let names: Vec<&str> =
        stats["pipelines"].as_array().expect("list").iter().filter_map(|p| p["pipeline"].as_str()).collect();
    assert_eq!(names, ["alpha", "beta"]);
    assert_eq!(stats["pipelines"][1]["executions"], 30);
    let asked: Vec<String> = requests(&stub, "ListPipelineExecutions")
        .iter()
        .filter_map(|r| r["pipelineName"].as_str().map(String::from))
        .collect();
    assert_eq!(asked, ["alpha", "beta"]);

    let coloured = stdout(&run(&stub, &dir, "80", &["history", "--name", "alpha", "--since", &since, "--color", "on"]));
    let first_failed =
        service.executions[..30].iter().rev().find(|e| e.status == "Failed").expect("a failure in the first 30");
    let line = coloured.lines().find(|l| l.starts_with(&first_failed.id)).expect("its line");
    assert!(line.contains("\x1b[31mFailed"), "{line:?}");
    let both = run(&stub, &dir, "80", &["stats", "--all", "--name", "alpha"]);
    assert_eq!(code(&both), 252, "{}", stderr(&both));
}

#[test]
fn a_missing_pipeline_is_the_service_error() {
    let stub = Stub::routed(vec![(
        "ListPipelineExecutions",
        vec![Reply::error(
            400,
            "PipelineNotFoundException",
            "The account with id '123' does not include a pipeline with the name 'nope'",
        )],
    )]);
    let dir = cache("missing");
    for command in ["stats", "history"] {
        let out = run(&stub, &dir, "80", &[command, "--name", "nope"]);
        assert_eq!(code(&out), 254, "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(
                "An error occurred (PipelineNotFoundException) when calling the ListPipelineExecutions operation"
            ),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_run_that_fails_half_way_keeps_what_it_fetched() {
    let service = service(None);
    service.fail_at.store(500, Ordering::SeqCst);
    let stub = stub(service.clone());
    let dir = cache("half-way");
    let since = since_date(-1);
    let args = ["stats", "--name", "p", "--since", &since, "--output", "json"];
    let failed = run(&stub, &dir, "80", &args);
    assert_eq!(code(&failed), 254, "{}", stderr(&failed));
    assert!(stderr(&failed).contains("(ValidationException) when calling the ListActionExecutions operation"));
    let first: Vec<String> = requests(&stub, "ListActionExecutions")
        .iter()
        .filter_map(|r| r["filter"]["pipelineExecutionId"].as_str().map(String::from))
        .collect();
    assert!(first.len() >= 500, "{}", first.len());

    service.fail_at.store(0, Ordering::SeqCst);
    let before = stub.requests().len();
    let stats = json_of(&run(&stub, &dir, "80", &args));
    assert_stats(&stats, &expected(&service.executions.iter().collect::<Vec<_>>()));
    let second: Vec<String> = stub.requests()[before..]
        .iter()
        .filter(|r| r.target().ends_with(".ListActionExecutions"))
        .filter_map(|r| r.json()["filter"]["pipelineExecutionId"].as_str().map(String::from))
        .collect();
    // Those answered before the failure are not asked again (but those in
    // flight with it may be: a lane each, at most); the rest once each.
    let unique: std::collections::HashSet<&String> = second.iter().collect();
    assert_eq!(unique.len(), second.len(), "none asked twice");
    assert!(second.len() <= COUNT - 499 + 8, "{} asked again", second.len());
    let not_again = service.executions.iter().filter(|e| !unique.contains(&e.id));
    assert!(not_again.clone().all(|e| first.contains(&e.id)), "only what the first run fetched is left out");
    assert!(not_again.count() >= 499 - 8);
}
