//! `--cli-auto-prompt` in a real terminal (tmux, 100×30, no colours: the
//! selected row of a menu shows as `>` and capitals): the menus and their
//! descriptions, the documentation panel, on-partial, Ctrl-C / Ctrl-D, and
//! the request that Enter sends. Each step's screen is a snapshot
//! (`tests/e2e/snapshots/`); each test has its own home (config, history).

use crate::stub::{Reply, Stub};
use crate::support::{code, sealed, stderr, stdout, BIN};
use crate::terminal::Tmux;
use serde_json::{json, Value};
use std::path::PathBuf;

const TARGET: &str = "CodePipeline_20150709.";

fn sent(stub: &Stub) -> Vec<String> {
    stub.requests().iter().map(|r| r.target().trim_start_matches(TARGET).to_string()).collect()
}

fn list() -> Reply {
    Reply::json(json!({"pipelines": [{"name": "alpha", "version": 1}, {"name": "beta", "version": 2}]}).to_string())
}

fn pipeline(name: &str) -> Reply {
    Reply::json(json!({"pipeline": {"name": name, "version": 2, "stages": []}}).to_string())
}

/// A home of the test's own with this AWS config.
fn home(name: &str, config: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("prompt-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("home");
    std::fs::write(dir.join("config"), format!("[default]\ncli_timestamp_format = iso8601\n{config}")).expect("config");
    dir
}

/// `codepipeline ARGS` in a terminal, in `home`, against the stub; the
/// shell then prints its exit code, and whether line mode is back.
fn start(name: &str, home: &std::path::Path, stub: &Stub, env: &str, args: &str) -> Tmux {
    let home = home.display();
    let command = format!(
        "cd {home} && HOME={home} AWS_CONFIG_FILE={home}/config AWS_ENDPOINT_URL={url} NO_COLOR=1 {env} \
         {BIN} {args}; echo exit=$?; stty -a | grep -q ' icanon' && echo tty=restored; sleep 60",
        url = stub.url
    );
    Tmux::sized(name, 100, 30, &command)
}

#[test]
fn menus_describe_operations_parameters_and_live_names_and_enter_runs_the_line() {
    let stub = Stub::routed(vec![("ListPipelines", vec![list()]), ("GetPipeline", vec![pipeline("beta")])]);
    let tmux = start("menus", &home("menus", ""), &stub, "", "--cli-auto-prompt");
    tmux.settled("codepipeline>");
    tmux.keys("get-pip");
    tmux.key("Tab");
    let operations = tmux.settled("get-pipeline-state");
    assert!(operations.contains("get-pipeline-execution  Returns information about an execution"), "{operations}");
    insta::assert_snapshot!("operations", operations);

    tmux.key("Enter");
    tmux.key("Tab");
    let parameters = tmux.settled("--pipeline-version");
    assert!(parameters.contains(">--NAME") && parameters.contains("[REQUIRED] (STRING) THE NAME"), "{parameters}");
    assert!(parameters.contains("--pipeline-version       (integer) The version number"), "{parameters}");
    insta::assert_snapshot!("parameters", parameters);

    tmux.key("Enter");
    tmux.key("Tab");
    let names = tmux.settled("beta");
    assert!(names.contains(">ALPHA") && names.contains("beta"), "{names}");
    insta::assert_snapshot!("pipeline_names", names);
    assert_eq!(sent(&stub), ["ListPipelines"], "the names come from the service");

    tmux.key("Down");
    tmux.key("Enter");
    assert!(tmux.wait_for("--name beta").contains("codepipeline> get-pipeline --name beta"));
    tmux.key("Enter");
    let ran = tmux.settled("exit=");
    assert!(ran.contains("exit=0") && ran.contains(r#""name": "beta""#), "{ran}");
    insta::assert_snapshot!("ran", ran);
    assert_eq!(sent(&stub), ["ListPipelines", "GetPipeline"]);
    assert_eq!(stub.requests()[1].json(), json!({"name": "beta"}));
}

/// Stage names and execution ids come from the pipeline on the line; the enum from the model.
#[test]
fn stage_names_execution_ids_and_enum_values() {
    let stages = json!({"pipeline": {"name": "p", "version": 1, "stages": [
        {"name": "Source", "actions": [{"name": "Checkout", "actionTypeId":
            {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}}]},
        {"name": "Build", "actions": [{"name": "Compile", "actionTypeId":
            {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"}}]}]}});
    let executions = json!({"pipelineExecutionSummaries": [
        {"pipelineExecutionId": "e-2", "status": "Failed"}, {"pipelineExecutionId": "e-1", "status": "Succeeded"}]});
    let stub = Stub::routed(vec![
        ("GetPipeline", vec![Reply::json(stages.to_string())]),
        ("ListPipelineExecutions", vec![Reply::json(executions.to_string())]),
        ("RetryStageExecution", vec![Reply::json(r#"{"pipelineExecutionId": "e-2"}"#)]),
    ]);
    let tmux = start("live", &home("live", ""), &stub, "", "retry-stage-execution --pipeline-name p --cli-auto-prompt");
    tmux.settled("codepipeline> retry-stage-execution --pipeline-name p");
    tmux.keys("--stage-name ");
    tmux.key("Tab");
    let stages = tmux.settled("Build");
    assert!(stages.contains(">SOURCE") && stages.contains("Build"), "{stages}");
    tmux.key("Down");
    tmux.key("Enter");
    tmux.keys("--pipeline-execution-id ");
    tmux.key("Tab");
    let executions = tmux.settled("Succeeded");
    assert!(executions.contains(">E-2 FAILED") && executions.contains("e-1  Succeeded"), "{executions}");
    insta::assert_snapshot!("execution_ids", executions);
    tmux.key("Enter");
    tmux.keys("--retry-mode ");
    tmux.key("Tab");
    let modes = tmux.settled("FAILED_ACTIONS");
    assert!(modes.contains("ALL_ACTIONS"), "{modes}");
    tmux.key("Down");
    tmux.key("Enter");
    tmux.key("Enter");
    let done = tmux.settled("exit=");
    assert!(done.contains("exit=0") && done.contains(r#""pipelineExecutionId": "e-2""#), "{done}");
    assert_eq!(sent(&stub), ["GetPipeline", "ListPipelineExecutions", "RetryStageExecution"]);
    assert_eq!(
        stub.requests()[2].json(),
        json!({"pipelineName": "p", "stageName": "Build", "pipelineExecutionId": "e-2", "retryMode": "ALL_ACTIONS"})
    );
}

#[test]
fn on_partial_runs_a_complete_command_and_prompts_for_an_incomplete_one() {
    // From the environment: a complete command runs as typed, no prompt.
    let stub = Stub::routed(vec![("ListPipelines", vec![list()])]);
    let tmux =
        start("partial-env", &home("partial-env", ""), &stub, "AWS_CLI_AUTO_PROMPT=on-partial", "list-pipelines");
    let done = tmux.settled("exit=");
    assert!(done.contains("exit=0") && done.contains("alpha") && !done.contains("codepipeline>"), "{done}");
    assert_eq!(sent(&stub), ["ListPipelines"]);

    // From the profile: a missing required parameter opens the prompt on the command, its error unshown.
    let stub = Stub::routed(vec![("GetPipeline", vec![pipeline("p")])]);
    let home = home("partial-profile", "cli_auto_prompt = on-partial\n");
    let tmux = start("partial-profile", &home, &stub, "", "get-pipeline --output text");
    let asked = tmux.settled("codepipeline> get-pipeline --output text");
    assert!(!asked.contains("arguments are required"), "{asked}");
    insta::assert_snapshot!("partial", asked);
    assert_eq!(sent(&stub), Vec::<String>::new());
    tmux.keys("--name p");
    tmux.key("Enter");
    let done = tmux.settled("exit=");
    assert!(done.contains("exit=0") && done.lines().any(|l| l.split_whitespace().eq(["PIPELINE", "p", "2"])), "{done}");
    assert_eq!(sent(&stub), ["GetPipeline"]);
    assert_eq!(stub.requests()[0].json(), json!({"name": "p"}));

    // --no-cli-auto-prompt overrides the profile: the usual error, nothing sent.
    let tmux = start("partial-off", &home, &stub, "", "get-pipeline --no-cli-auto-prompt");
    let done = tmux.settled("exit=");
    assert!(done.contains("exit=252") && done.contains("the following arguments are required: --name"), "{done}");
    assert_eq!(sent(&stub), ["GetPipeline"]);
}

/// `on`, from the environment or the profile, prompts even for a complete command, which Enter runs.
#[test]
fn on_prompts_even_for_a_complete_command() {
    for (name, env, config) in [("on-env", "AWS_CLI_AUTO_PROMPT=on", ""), ("on-profile", "", "cli_auto_prompt = on\n")]
    {
        let stub = Stub::routed(vec![("ListPipelines", vec![list()])]);
        let tmux = start(name, &home(name, config), &stub, env, "list-pipelines --output text");
        let asked = tmux.settled("codepipeline> list-pipelines --output text");
        assert!(!asked.contains("exit="), "{name}: {asked}");
        assert_eq!(sent(&stub), Vec::<String>::new(), "{name}");
        tmux.key("Enter");
        let done = tmux.settled("exit=");
        assert!(done.contains("exit=0") && done.contains("alpha"), "{name}: {done}");
        assert_eq!(sent(&stub), ["ListPipelines"], "{name}");
    }
}

#[test]
fn shorthand_keys_and_values_and_the_documentation_panel() {
    let stub = Stub::routed(vec![]);
    let tmux = start("docs", &home("docs", ""), &stub, "", "poll-for-jobs --cli-auto-prompt");
    tmux.settled("codepipeline> poll-for-jobs");
    tmux.keys("--action-type-id ");
    tmux.key("Tab");
    let keys = tmux.settled("version=");
    for key in [">CATEGORY=", "owner=", "provider=", "version="] {
        assert!(keys.contains(key), "{key}: {keys}");
    }
    assert!(keys.contains("[REQUIRED] (STRING) A CATEGORY"), "{keys}");
    insta::assert_snapshot!("shorthand_keys", keys);
    tmux.key("Enter");
    tmux.key("Tab");
    let values = tmux.settled("Approval");
    for value in [">CATEGORY=SOURCE", "category=Build", "category=Deploy", "category=Test", "category=Invoke"] {
        assert!(values.contains(value), "{value}: {values}");
    }
    tmux.key("Escape");
    tmux.key("F3");
    // On a shorthand key, the key's documentation; on the flag, the flag's.
    let panel = tmux.settled("A category defines what kind of action");
    assert!(panel.contains("codepipeline poll-for-jobs --action-type-id category="), "{panel}");
    assert!(panel.contains("\n--action-type-id category=\n  A category defines what kind of action"), "{panel}");
    insta::assert_snapshot!("documentation", panel);
    tmux.keys(" ");
    let flag = tmux.settled("Represents information about an action type");
    assert!(flag.contains("\n--action-type-id\n"), "{flag}");
    tmux.key("C-c");
    assert!(tmux.settled("exit=").contains("exit=130"));
    assert_eq!(sent(&stub), Vec::<String>::new());
}

#[test]
fn errors_keep_the_line_and_ctrl_c_ctrl_d_and_history() {
    let stub = Stub::routed(vec![]);
    let home = home("keys", "");
    let tmux = start("keys", &home, &stub, "", "--cli-auto-prompt get-pipeline --pipeline-version 3");
    tmux.settled("codepipeline> get-pipeline");
    tmux.key("Enter");
    let refused = tmux.settled("the following arguments are required: --name");
    assert!(refused.trim_end().ends_with("codepipeline> get-pipeline --pipeline-version 3"), "{refused}");
    insta::assert_snapshot!("error_kept", refused);
    tmux.key("C-c");
    assert!(tmux.settled("exit=").contains("exit=130"));
    assert_eq!(sent(&stub), Vec::<String>::new());

    // The line is in the history, which only its owner can read; Ctrl-R finds it.
    use std::os::unix::fs::PermissionsExt;
    let history = home.join(".cache/codepipeline/prompt/history");
    let mode = |path: &std::path::Path| std::fs::metadata(path).expect("exists").permissions().mode() & 0o777;
    assert_eq!((mode(&history), mode(history.parent().expect("folder"))), (0o600, 0o700));
    assert!(std::fs::read_to_string(&history).expect("history").contains("get-pipeline --pipeline-version 3"));
    let tmux = start("keys-again", &home, &stub, "", "--cli-auto-prompt");
    tmux.settled("codepipeline>");
    tmux.key("C-r");
    tmux.keys("version");
    let found = tmux.settled("--pipeline-version 3");
    insta::assert_snapshot!("history_search", found);
    tmux.key("C-c");
    assert!(tmux.settled("exit=").contains("exit=130"));

    // SIGINT from elsewhere (not the key, which the editor reads) also exits 130, the terminal put back.
    let tmux = start("keys-signal", &home, &stub, "", "--cli-auto-prompt");
    tmux.settled("codepipeline>");
    let pid = tmux.foreground_pid().expect("the prompt's process");
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().expect("kill").success());
    let done = tmux.settled("tty=");
    assert!(done.contains("exit=130\ntty=restored"), "{done}");

    let tmux = start("keys-eof", &home, &stub, "", "--cli-auto-prompt");
    tmux.settled("codepipeline>");
    tmux.key("C-d");
    let done = tmux.settled("exit=");
    assert!(done.contains("exit=0"), "Ctrl-D on an empty line ends the prompt: {done}");
    assert_eq!(sent(&stub), Vec::<String>::new());
}

#[test]
fn profiles_regions_output_formats_and_files() {
    let stub = Stub::routed(vec![("ListPipelines", vec![list()])]);
    let dev = "[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n";
    let home = home("values", &format!("region = us-west-2\n{dev}"));
    std::fs::write(home.join("pipeline.json"), "{}").expect("file");
    let tmux = start("values", &home, &stub, "", "--cli-auto-prompt list-pipelines");
    tmux.settled("codepipeline> list-pipelines");
    tmux.keys("--profile ");
    tmux.key("Tab");
    let profiles = tmux.settled("dev");
    assert!(
        profiles.contains(">DEFAULT REGION US-WEST-2") && profiles.contains("dev      region eu-west-1"),
        "{profiles}"
    );
    tmux.key("Down");
    tmux.key("Enter");
    tmux.keys("--region ");
    tmux.key("Tab");
    let regions = tmux.settled("us-west-2");
    for region in [">EU-WEST-1", "us-east-1", "us-west-2"] {
        assert!(regions.contains(region), "the environment's and the profiles' {region}: {regions}");
    }
    tmux.key("Escape");
    tmux.keys("eu-west-1 --output ");
    tmux.key("Tab");
    let formats = tmux.settled("yaml-stream");
    for format in [">JSON", "text", "table", "yaml"] {
        assert!(formats.contains(format), "{format}: {formats}");
    }
    tmux.key("Escape");
    tmux.keys("json --cli-input-json file://pi");
    tmux.key("Tab");
    let files = tmux.settled("PIPELINE.JSON");
    assert!(files.contains(">FILE://PIPELINE.JSON FILE"), "{files}");
    insta::assert_snapshot!("files", files);
    tmux.key("Enter");
    tmux.key("Enter");
    let done = tmux.settled("exit=");
    let line = "codepipeline> list-pipelines --profile dev --region eu-west-1 --output json --cli-input-json file://pipeline.json";
    assert!(done.replace('\n', "").contains(line), "{done}");
    assert!(done.contains("exit=0"), "{done}");
    assert_eq!(sent(&stub), ["ListPipelines"]);
}

/// Off a terminal nothing prompts, whatever asks for it: the command runs or fails as typed.
#[test]
fn no_prompt_without_a_terminal() {
    let stub = Stub::routed(vec![("ListPipelines", vec![list()])]);
    let out = sealed(BIN)
        .args(["--cli-auto-prompt", "list-pipelines", "--output", "json", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listed: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(listed["pipelines"][1]["name"], "beta");
    let out = sealed(BIN)
        .env("AWS_CLI_AUTO_PROMPT", "on")
        .args(["get-pipeline", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 252, "{}", stderr(&out));
    assert!(stderr(&out).contains("the following arguments are required: --name"), "{}", stderr(&out));
    let out = sealed(BIN)
        .args(["list-pipelines", "--cli-auto-prompt", "--no-cli-auto-prompt", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 252, "{}", stderr(&out));
    assert_eq!(sent(&stub), ["ListPipelines"]);
}
