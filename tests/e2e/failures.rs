//! Failures that must behave as predictably as the AWS CLI: retries,
//! unreadable responses, unreachable endpoints, timeouts, Ctrl-C, a closed
//! pipe — each with its exit code and a message that says what happened.

use crate::stub::{Reply, Stub};
use crate::support::{code, ours_at, sealed, stderr, stdout, BIN};
use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

const PIPELINES: &str = r#"{"pipelines":[{"name":"p","version":1}]}"#;

fn throttled() -> Reply {
    Reply::error(400, "ThrottlingException", "Rate exceeded")
}

#[test]
fn throttling_twice_then_success_is_retried() {
    let stub = Stub::start(vec![throttled(), throttled(), Reply::json(PIPELINES)]);
    let out = ours_at(&stub.url, &["list-pipelines"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 3);
    assert!(stdout(&out).contains("\"name\": \"p\""));
}

#[test]
fn a_server_error_then_success_is_retried() {
    let stub = Stub::start(vec![Reply::error(500, "InternalFailure", "oops"), Reply::json(PIPELINES)]);
    let out = ours_at(&stub.url, &["list-pipelines"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 2);
}

#[test]
fn exhausted_retries_say_so_and_exit_254() {
    let stub = Stub::start(vec![throttled()]);
    let out = ours_at(&stub.url, &["list-pipelines"]);
    assert_eq!(code(&out), 254);
    assert_eq!(stub.requests().len(), 3, "standard mode makes 3 attempts");
    assert_eq!(
        stderr(&out),
        "\nAn error occurred (ThrottlingException) when calling the ListPipelines operation \
         (reached max retries: 2): Rate exceeded\n"
    );
}

#[test]
fn retry_settings_come_from_the_environment_and_the_profile() {
    let stub = Stub::start(vec![throttled()]);
    let out = sealed(BIN)
        .env("AWS_MAX_ATTEMPTS", "5")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 254);
    assert_eq!(stub.requests().len(), 5);

    let config = crate::support::temp_file("retry-config", "[default]\nmax_attempts = 2\nretry_mode = legacy\n");
    let stub = Stub::start(vec![throttled()]);
    let out = sealed(BIN)
        .env("AWS_CONFIG_FILE", &config)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 254);
    assert_eq!(stub.requests().len(), 2);

    for (key, value) in [("AWS_RETRY_MODE", "sometimes"), ("AWS_MAX_ATTEMPTS", "0"), ("AWS_MAX_ATTEMPTS", "many")] {
        let stub = Stub::start(vec![Reply::json(PIPELINES)]);
        let out =
            sealed(BIN).env(key, value).args(["list-pipelines", "--endpoint-url", &stub.url]).output().expect("run");
        assert_eq!(code(&out), 253, "{key}={value}: {}", stderr(&out));
        assert!(stub.requests().is_empty());
        assert!(!stderr(&out).contains("panicked"));
    }
}

#[test]
fn invalid_json_is_a_clear_error_with_the_status() {
    let stub = Stub::start(vec![Reply::json("{\"pipelines\": [")]);
    let out = ours_at(&stub.url, &["list-pipelines"]);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(stderr(&out).contains("HTTP status 200"), "{}", stderr(&out));
    assert!(stderr(&out).contains("stub-request-1"), "names the request id: {}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn an_html_error_page_is_a_clear_error_with_the_status() {
    let page = Reply::raw(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");
    let stub = Stub::start(vec![page]);
    let out = sealed(BIN)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    // botocore names a server error whose body is an HTML page by its status.
    assert_eq!(code(&out), 254, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "\nAn error occurred (502) when calling the ListPipelines operation (reached max retries: 0): Bad Gateway\n"
    );
}

#[test]
fn connection_refused_names_the_endpoint() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
    let url = format!("http://127.0.0.1:{port}");
    let out = sealed(BIN)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["list-pipelines", "--endpoint-url", &url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 255);
    assert!(stderr(&out).contains(&format!("Could not connect to the endpoint URL: \"{url}/\"")), "{}", stderr(&out));
}

/// Slow headers, and headers on time with a body that drips a byte every
/// two seconds: the read timeout covers every read, as a socket timeout does.
#[test]
fn a_slow_response_times_out_with_cli_read_timeout() {
    let slow = Reply { delay: Duration::from_secs(5), ..Reply::json(PIPELINES) };
    let dripping = Reply { drip: Duration::from_secs(2), ..Reply::json(PIPELINES) };
    for reply in [slow, dripping] {
        let stub = Stub::start(vec![reply]);
        let started = Instant::now();
        let out = sealed(BIN)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["list-pipelines", "--cli-read-timeout", "1", "--endpoint-url", &stub.url])
            .output()
            .expect("run");
        assert_eq!(code(&out), 255, "{}", stderr(&out));
        assert_eq!(stderr(&out), format!("\nRead timeout on endpoint URL: \"{}/\"\n", stub.url));
        assert!(started.elapsed() < Duration::from_secs(4));
    }
}

#[test]
fn ctrl_c_stops_at_once_with_130_and_prints_nothing() {
    let slow = Reply { delay: Duration::from_secs(10), ..Reply::json(PIPELINES) };
    let stub = Stub::start(vec![slow]);
    let child = sealed(BIN)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(5);
    while stub.requests().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let started = Instant::now();
    let status = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().expect("kill");
    assert!(status.success());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 130);
    assert!(started.elapsed() < Duration::from_secs(2), "did not stop at once");
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let many: Vec<serde_json::Value> =
        (0..20000).map(|i| serde_json::json!({"name": format!("pipeline-{i}"), "version": 1})).collect();
    let stub = Stub::start(vec![Reply::json(serde_json::json!({"pipelines": many}).to_string())]);
    let mut child = sealed(BIN)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 16];
    let mut stdout_pipe = child.stdout.take().expect("stdout");
    stdout_pipe.read_exact(&mut first).expect("read the start");
    drop(stdout_pipe);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn endpoint_urls_come_from_the_environment() {
    for key in ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CODEPIPELINE"] {
        let stub = Stub::start(vec![Reply::json(PIPELINES)]);
        let out = sealed(BIN).env(key, &stub.url).args(["list-pipelines"]).output().expect("run");
        assert_eq!(code(&out), 0, "{key}: {}", stderr(&out));
        assert_eq!(stub.requests().len(), 1, "{key}");
    }
}

#[test]
fn no_sign_request_is_refused_before_sending() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = ours_at(&stub.url, &["list-pipelines", "--no-sign-request"]);
    assert_eq!(code(&out), 252);
    assert!(stderr(&out).contains("requires signed requests"), "{}", stderr(&out));
    assert!(stub.requests().is_empty());
}

#[test]
fn debug_never_shows_a_secret() {
    let response = r#"{"jobs":[{"id":"j","data":{"artifactCredentials":{"accessKeyId":"AKIDRESPONSE","secretAccessKey":"SECRET-IN-RESPONSE","sessionToken":"TOKEN-IN-RESPONSE"}},"nonce":"n","accountId":"1"}]}"#;
    let stub = Stub::start(vec![throttled(), Reply::json(response)]);
    let out = sealed(BIN)
        .env("AWS_SECRET_ACCESS_KEY", "SECRET-IN-ENVIRONMENT")
        .env("AWS_SESSION_TOKEN", "TOKEN-IN-ENVIRONMENT")
        .args([
            "poll-for-jobs",
            "--debug",
            "--endpoint-url",
            &stub.url,
            "--action-type-id",
            r#"{"category":"Build","owner":"Custom","provider":"P","version":"1"}"#,
        ])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let trace = stderr(&out);
    assert!(trace.contains("attempt 2"), "retries are traced: {trace}");
    for secret in
        ["SECRET-IN-ENVIRONMENT", "TOKEN-IN-ENVIRONMENT", "SECRET-IN-RESPONSE", "TOKEN-IN-RESPONSE", "AKIDRESPONSE"]
    {
        assert!(!trace.contains(secret), "{secret} leaked into --debug:\n{trace}");
    }
    assert!(stdout(&out).contains("SECRET-IN-RESPONSE"), "stdout is what the user asked for");
}

/// An HTTPS endpoint with a self-signed certificate: refused by default,
/// accepted with --no-verify-ssl, and with its certificate as --ca-bundle.
#[test]
fn tls_verification_can_be_relaxed_or_given_a_ca_bundle() {
    let (mut server, url, cert) = crate::support::tls_stub("tls-verification");
    let run = |extra: &[&str]| {
        sealed(BIN)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["list-pipelines", "--endpoint-url", &url])
            .args(extra)
            .output()
            .expect("run")
    };
    let refused = run(&[]);
    let relaxed = run(&["--no-verify-ssl"]);
    let bundled = run(&["--ca-bundle", &cert.display().to_string()]);
    let _ = server.kill();
    assert_eq!(code(&refused), 255, "{}", stderr(&refused));
    assert!(stderr(&refused).contains(&url), "names the endpoint: {}", stderr(&refused));
    assert_eq!(code(&relaxed), 0, "{}", stderr(&relaxed));
    assert!(stdout(&relaxed).contains("\"pipelines\": []"));
    assert_eq!(code(&bundled), 0, "{}", stderr(&bundled));
}
