//! AWS CLI v2 habits on real-shaped responses: millisecond timestamps,
//! `cli_timestamp_format`, per-page text queries, `<command> help`,
//! aliases and v2's global flags.

use crate::stub::{Reply, Stub};
use crate::support::{aws_at, code, ours_at, sealed, stderr, stdout, temp_file, BIN};

/// Timestamps as the service sends them: epoch seconds with milliseconds.
const LISTING: &str = r#"{"pipelines":[
    {"name":"release-main","version":3,"pipelineType":"V2","executionMode":"QUEUED","created":1732500000.123,"updated":1732500000.999},
    {"name":"nightly","version":1,"created":1701587860.831,"updated":1701587860.001}]}"#;

#[test]
fn millisecond_timestamps_print_as_the_aws_cli_prints_them() {
    for args in [
        &["list-pipelines"][..],
        &["list-pipelines", "--output", "text"],
        &["list-pipelines", "--query", "pipelines[].[created, updated]"],
        &["list-pipelines", "--output", "text", "--query", "pipelines[0].created"],
    ] {
        let (ours_stub, aws_stub) = (Stub::start(vec![Reply::json(LISTING)]), Stub::start(vec![Reply::json(LISTING)]));
        let (ours, theirs) = (ours_at(&ours_stub.url, args), aws_at(&aws_stub.url, args));
        assert_eq!(code(&ours), 0, "{}", stderr(&ours));
        assert_eq!(stdout(&ours), stdout(&theirs), "{args:?}");
    }
    let out =
        ours_at(&Stub::start(vec![Reply::json(LISTING)]).url, &["list-pipelines", "--query", "pipelines[0].created"]);
    assert_eq!(stdout(&out), "\"2024-11-25T02:00:00.123000+00:00\"\n");
}

#[test]
fn wire_timestamps_are_the_numbers_the_service_sent() {
    let config = temp_file("wire-timestamps", "[default]\ncli_timestamp_format = wire\n");
    let stub = Stub::start(vec![Reply::json(LISTING)]);
    let out = sealed(BIN)
        .env("AWS_CONFIG_FILE", &config)
        .args(["list-pipelines", "--query", "pipelines[].[created, updated]", "--endpoint-url", &stub.url])
        .args(["--output", "text"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "1732500000.123\t1732500000.999\n1701587860.831\t1701587860.001\n");
}

fn pages() -> Vec<Reply> {
    (0..4)
        .map(|page| {
            let next = if page < 3 { format!(r#","nextToken":"t{}""#, page + 1) } else { String::new() };
            Reply::json(format!(
                r#"{{"pipelines":[{{"name":"p{page}a","version":1}},{{"name":"p{page}b","version":2}}]{next}}}"#
            ))
        })
        .collect()
}

#[test]
fn text_queries_apply_to_each_page_as_in_the_aws_cli() {
    for args in [
        &["list-pipelines", "--output", "text", "--query", "pipelines[].name"][..],
        &["list-pipelines", "--output", "text", "--query", "pipelines[0]"],
        &["list-pipelines", "--output", "text", "--query", "pipelines[].name", "--max-items", "3"],
        &["list-pipelines", "--output", "json", "--query", "pipelines[].name"],
    ] {
        let (ours_stub, aws_stub) = (Stub::start(pages()), Stub::start(pages()));
        let (ours, theirs) = (ours_at(&ours_stub.url, args), aws_at(&aws_stub.url, args));
        assert_eq!(code(&ours), 0, "{}", stderr(&ours));
        assert_eq!(stdout(&ours), stdout(&theirs), "{args:?}");
    }
    let out =
        ours_at(&Stub::start(pages()).url, &["list-pipelines", "--output", "text", "--query", "pipelines[].name"]);
    assert_eq!(stdout(&out).lines().count(), 4, "one line per page: {}", stdout(&out));
}

#[test]
fn help_is_a_subcommand_too() {
    let run = |args: &[&str]| sealed(BIN).args(args).output().expect("run");
    for (word, flag) in [
        (&["get-pipeline", "help"][..], &["get-pipeline", "--help"][..]),
        (&["help"], &["--help"]),
        (&["get-pipeline", "--name", "p", "help"], &["get-pipeline", "--help"]),
    ] {
        let (by_word, by_flag) = (run(word), run(flag));
        assert_eq!(code(&by_word), 0, "{word:?}: {}", stderr(&by_word));
        assert_eq!(stdout(&by_word), stdout(&by_flag), "{word:?}");
    }
    // A pipeline named help is a value, not a request for help.
    let stub = Stub::start(vec![Reply::json("{}")]);
    let out = ours_at(&stub.url, &["get-pipeline", "--name", "help"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.requests()[0].json(), serde_json::json!({"name": "help"}));
}

#[test]
fn aliases_expand_run_shell_commands_and_never_shadow_a_command() {
    let home = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-alias-home");
    std::fs::create_dir_all(home.join(".aws/cli")).expect("alias folder");
    std::fs::write(
        home.join(".aws/cli/alias"),
        "[command codepipeline]\nlp = list-pipelines --output text\nhi = !printf '%s|' hello\nfail = !exit 3\n\
         get-pipeline = list-pipelines\n",
    )
    .expect("alias file");
    let run = |args: &[&str], url: &str| {
        sealed(BIN).env("HOME", &home).args(args).args(["--endpoint-url", url]).output().expect("run")
    };
    let stub = Stub::start(vec![Reply::json(r#"{"pipelines":[{"name":"p","version":1}]}"#), Reply::json("{}")]);
    let out = run(&["lp"], &stub.url);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "PIPELINES\tp\t1\n");
    let out = run(&["get-pipeline", "--name", "p"], &stub.url);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let targets: Vec<String> = stub.requests().iter().map(|r| r.target().to_string()).collect();
    assert_eq!(targets, ["CodePipeline_20150709.ListPipelines", "CodePipeline_20150709.GetPipeline"]);

    let out = sealed(BIN).env("HOME", &home).args(["hi", "a b", "it's"]).output().expect("run");
    assert_eq!(stdout(&out), "hello|a b|it's|");
    let out = sealed(BIN).env("HOME", &home).arg("fail").output().expect("run");
    assert_eq!(code(&out), 3, "the shell's status is passed on");
    let help = sealed(BIN).env("HOME", &home).arg("help").output().expect("run");
    assert!(stdout(&help).contains("Alias: list-pipelines --output text"), "{}", stdout(&help));
}

#[test]
fn v2_global_flags_are_accepted() {
    let stub = Stub::start(vec![Reply::json(r#"{"pipelines":[]}"#)]);
    for flags in [
        &["--cli-binary-format", "raw-in-base64-out"][..],
        &["--cli-binary-format", "base64"],
        &["--no-cli-auto-prompt"],
        // Off a terminal the prompt never opens: the command runs (tests/e2e/prompt.rs).
        &["--cli-auto-prompt"],
    ] {
        let mut args = vec!["list-pipelines"];
        args.extend(flags);
        let out = ours_at(&stub.url, &args);
        assert_eq!(code(&out), 0, "{flags:?}: {}", stderr(&out));
    }
}

/// A region that cannot be a host name is refused in botocore's words before
/// anything is sent, whether it comes from `--region` or the environment.
#[test]
fn an_invalid_region_is_refused_before_sending() {
    for (flag, env) in [
        (Some("bad region!"), None),
        (None, Some("bad region!")),
        (Some("-us-east-1"), None),
        (Some("us-"), None),
        (Some("123"), None),
    ] {
        let (ours_stub, aws_stub) = (Stub::start(vec![Reply::json("{}")]), Stub::start(vec![Reply::json("{}")]));
        let run = |program: &std::path::Path, prefix: &[&str], url: &str| {
            let mut cmd = sealed(program);
            cmd.args(prefix).arg("list-pipelines").args(["--endpoint-url", url]);
            if let Some(region) = flag {
                // `=`: a value that starts with `-` is not taken for a flag.
                cmd.arg(format!("--region={region}"));
            }
            if let Some(region) = env {
                cmd.env("AWS_DEFAULT_REGION", region);
            }
            cmd.output().expect("run")
        };
        let ours = run(std::path::Path::new(BIN), &[], &ours_stub.url);
        let theirs = run(&crate::support::venv_tool("aws"), &["codepipeline"], &aws_stub.url);
        let region = flag.or(env).unwrap_or_default();
        assert_eq!(stderr(&ours), format!("\nProvided region_name '{region}' doesn't match a supported format.\n"));
        assert_eq!(stderr(&ours), stderr(&theirs), "{flag:?} {env:?}");
        assert_eq!((code(&ours), code(&theirs)), (255, 255));
        assert!(ours_stub.requests().is_empty() && aws_stub.requests().is_empty());
    }
}

#[test]
fn a_query_that_fails_on_the_response_fails_after_the_call_as_in_the_aws_cli() {
    let (ours_stub, aws_stub) = (Stub::start(vec![Reply::json(LISTING)]), Stub::start(vec![Reply::json(LISTING)]));
    let args = ["list-pipelines", "--query", "length(nothing)"];
    let (ours, theirs) = (ours_at(&ours_stub.url, &args), aws_at(&aws_stub.url, &args));
    assert_eq!(code(&ours), 255, "{}", stderr(&ours));
    assert_eq!(code(&ours), code(&theirs));
    assert!(!stderr(&ours).contains("usage:"), "not a usage error: {}", stderr(&ours));
    assert_eq!(ours_stub.requests().len(), 1, "the call was made");
}
