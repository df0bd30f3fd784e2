//! The command line itself: help, version, usage errors, and the exit code of
//! each kind of failure — with no request sent when the input is bad.

use crate::stub::{Reply, Stub};
use crate::support::{code, ours, ours_at, sealed, stderr, stdout, BIN};
use crate::synth;

#[test]
fn top_level_help_lists_every_operation() {
    let out = ours(&["--help"]);
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    for operation in synth::operation_names() {
        let command = synth::command_name(&operation);
        assert!(
            help.lines().any(|l| l.trim_start().starts_with(&format!("{command} "))),
            "{command} missing from --help"
        );
    }
}

#[test]
fn each_operation_help_shows_its_documentation_and_every_flag() {
    for operation in synth::operation_names() {
        let command = synth::command_name(&operation);
        let out = ours(&[&command, "--help"]);
        assert_eq!(code(&out), 0, "{command}");
        let help = stdout(&out);
        let op = &synth::service()["operations"][&operation];
        let first_words: String = strip_tags(op["documentation"].as_str().unwrap_or(""))
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            help.split_whitespace().collect::<Vec<_>>().join(" ").contains(&first_words),
            "{command}: no documentation ({first_words})"
        );
        assert!(!help.contains("<p>") && !help.contains("<code>"), "{command}: HTML left in help");
        if let Some(input) = op["input"]["shape"].as_str() {
            let hidden = synth::paging_members(&operation);
            for member in synth::service()["shapes"][input]["members"].as_object().expect("members").keys() {
                if hidden.contains(member) {
                    continue;
                }
                let flag = format!("--{}", synth::flag_name(&command, member));
                assert!(help.contains(&flag), "{command}: {flag} missing from help");
            }
        }
    }
}

#[test]
fn paginated_operations_document_the_aws_cli_paging_options() {
    let help = stdout(&ours(&["list-action-executions", "--help"]));
    for flag in ["--starting-token", "--page-size", "--max-items"] {
        assert!(help.contains(flag), "{flag} missing:\n{help}");
    }
    assert!(!help.contains("--next-token") && !help.contains("--max-results"), "{help}");
    let help = stdout(&ours(&["list-action-types", "--help"]));
    assert!(!help.contains("--page-size"), "ListActionTypes has no limit key:\n{help}");
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

#[test]
fn get_pipeline_help_reads_well() {
    let help = stdout(&ours(&["get-pipeline", "--help"]));
    assert!(help.contains("Returns the metadata, structure, stages, and actions of a pipeline."), "{help}");
    assert!(help.contains("--name <STRING>"), "{help}");
    assert!(help.contains("--pipeline-version <INTEGER>"), "{help}");
}

#[test]
fn version_names_the_sdk_and_the_model() {
    let out = ours(&["--version"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.starts_with("codepipeline codepipeline/"), "{text}");
    assert!(text.contains("aws-sdk-codepipeline/1.") && text.contains("botocore-model/1."), "{text}");
}

/// Bad command lines: exit 252 and nothing reaches the service.
#[test]
fn usage_errors_exit_252_and_send_nothing() {
    let stub = Stub::start(vec![Reply::json("{}")]);
    let cases: &[&[&str]] = &[
        &[],
        &["no-such-operation"],
        &["get-pipeline"],
        &["get-pipeline", "--name", "p", "--no-such-flag"],
        &["get-pipeline", "--name", "p", "--pipeline-version", "two"],
        &["create-pipeline", "--pipeline", "{not json"],
        &["create-pipeline", "--pipeline", "file:///no/such/file.json"],
        &["get-pipeline", "--cli-input-json", "{}"],
        &["get-pipeline", "--cli-input-json", "[1]"],
        &["list-pipelines", "--output", "xml"],
    ];
    for args in cases {
        let out = ours_at(&stub.url, args);
        assert_eq!(code(&out), 252, "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
    assert!(stub.requests().is_empty(), "a bad command line sent a request");

    let out = ours_at(&stub.url, &["get-pipeline-execution", "--pipeline-name", "p"]);
    assert!(stderr(&out).contains("the following arguments are required: --pipeline-execution-id"), "{}", stderr(&out));
    let out = ours_at(&stub.url, &["get-pipeline", "--cli-input-json", "{}"]);
    assert!(stderr(&out).contains("Missing required parameter in input: \"name\""), "{}", stderr(&out));
}

#[test]
fn a_bad_endpoint_url_is_a_usage_error() {
    // Without a scheme. (`localhost:1` has the scheme `localhost`, as Python
    // splits it: botocore's "Invalid endpoint", 255; see hostile.rs.)
    let out = ours(&["list-pipelines", "--endpoint-url", "host.example.com"]);
    assert_eq!(code(&out), 252);
    assert!(stderr(&out).contains("Bad value for --endpoint-url \"host.example.com\""), "{}", stderr(&out));
}

#[test]
fn service_errors_exit_254_with_the_aws_cli_message() {
    let stub = Stub::start(vec![Reply::error(
        400,
        "PipelineNotFoundException",
        "Account '123' does not have a pipeline with name 'x'",
    )]);
    let out = ours_at(&stub.url, &["get-pipeline", "--name", "x"]);
    assert_eq!(code(&out), 254);
    assert_eq!(
        stderr(&out),
        "\nAn error occurred (PipelineNotFoundException) when calling the GetPipeline operation: \
         Account '123' does not have a pipeline with name 'x'\n"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn missing_credentials_exit_253_and_say_how_to_configure_them() {
    let stub = Stub::start(vec![Reply::json("{}")]);
    let out = sealed(BIN)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 253, "{}", stderr(&out));
    assert!(stderr(&out)
        .contains("Unable to locate credentials. You can configure credentials by running \"aws configure\"."));
    assert!(stub.requests().is_empty());
}

#[test]
fn missing_region_exits_253_and_says_how_to_configure_it() {
    let out = sealed(BIN).env_remove("AWS_DEFAULT_REGION").args(["list-pipelines"]).output().expect("run");
    assert_eq!(code(&out), 253, "{}", stderr(&out));
    assert!(stderr(&out).contains("You must specify a region."), "{}", stderr(&out));
}

#[test]
fn region_and_profile_come_from_the_config_files() {
    let stub = Stub::start(vec![Reply::json(r#"{"pipelines":[]}"#)]);
    let config = crate::support::temp_file(
        "profile-config",
        "[profile release]\nregion = eu-west-3\naws_access_key_id = AKIDRELEASE\naws_secret_access_key = release-secret\n",
    );
    let out = sealed(BIN)
        .env_remove("AWS_DEFAULT_REGION")
        .env("AWS_CONFIG_FILE", &config)
        .args(["list-pipelines", "--profile", "release", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let sent = stub.requests();
    let auth = sent[0].header("authorization").unwrap_or("");
    assert!(auth.contains("/eu-west-3/codepipeline/aws4_request"), "{auth}");
    // An explicit --profile wins over the environment's keys, as in the AWS CLI.
    assert!(auth.contains("Credential=AKIDRELEASE/"), "{auth}");
}

#[test]
fn network_failures_exit_255_naming_the_endpoint() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
    let url = format!("http://127.0.0.1:{port}");
    let out = sealed(BIN)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["list-pipelines", "--endpoint-url", &url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"));
}

#[test]
fn debug_traces_on_stderr_without_credentials_and_leaves_stdout_alone() {
    let body = r#"{"pipelines":[{"name":"p","version":1}]}"#;
    let stub = Stub::start(vec![Reply::json(body)]);
    let plain = ours_at(&stub.url, &["list-pipelines"]);
    let traced = ours_at(&stub.url, &["list-pipelines", "--debug"]);
    assert_eq!(code(&traced), 0);
    assert_eq!(stdout(&plain), stdout(&traced));
    let trace = stderr(&traced);
    assert!(trace.contains("CodePipeline_20150709.ListPipelines"), "{trace}");
    assert!(trace.contains("status 200"), "{trace}");
    assert!(trace.to_ascii_lowercase().contains("authorization: <redacted>"), "{trace}");
    assert!(!trace.contains("testing-secret") && !trace.contains("Signature="), "{trace}");
}

#[test]
fn timestamps_follow_the_local_time_zone_as_the_aws_cli_does() {
    let body = r#"{"pipelines":[{"name":"p","version":1,"created":1704164645.25,"updated":1704164645}]}"#;
    let stub = Stub::start(vec![Reply::json(body)]);
    let out = sealed(BIN)
        .env("TZ", "Asia/Kolkata")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    let text = stdout(&out);
    assert!(text.contains("\"created\": \"2024-01-02T08:34:05.250000+05:30\""), "{text}");
    assert!(text.contains("\"updated\": \"2024-01-02T08:34:05+05:30\""), "{text}");
}
