//! Hostile input, misbehaving endpoints, signals and closed streams: each
//! ends with a clear message and a documented exit code; nothing hangs,
//! crashes, or sends what it should not.

use crate::proxy::Proxy;
use crate::stub::{Reply, Stub};
use crate::support::{aws_at, code, ours_at, sealed, stderr, stdout, temp_file, venv_tool, BIN};
use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::OsStrExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

const PIPELINES: &str = r#"{"pipelines":[{"name":"p","version":1}]}"#;

fn os(words: &[&[u8]]) -> Vec<OsString> {
    words.iter().map(|w| OsStr::from_bytes(w).to_os_string()).collect()
}

#[test]
fn arguments_that_are_not_utf8_are_usage_errors_and_send_nothing() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    for (args, named) in [
        (os(&[b"get-pipeline", b"--name", b"\xff"]), "argument --name: the value '\\xff' is not valid UTF-8"),
        (os(&[b"get-pipeline", b"--na\xffme", b"p"]), "the argument '--na\\xffme' is not valid UTF-8"),
        (os(&[b"list-pipelines", b"--query", b"pipelines[\xfe]"]), "argument --query"),
    ] {
        let out = sealed(BIN).args(&args).args(["--endpoint-url", &stub.url]).output().expect("run");
        assert_eq!(code(&out), 252, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(named), "{}", stderr(&out));
    }
    assert!(stub.requests().is_empty(), "nothing is sent");
    // A word being completed that is not UTF-8: completion stays silent.
    let out = sealed(BIN)
        .env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "5")
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .arg("--")
        .args(os(&[b"codepipeline", b"get-pipeline", b"--endpoint-url", stub.url.as_bytes(), b"--name", b"\xff"]))
        .output()
        .expect("complete");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn ctrl_c_after_the_response_is_in_still_exits_130() {
    // A response larger than a pipe holds, and a reader that never reads:
    // the process is stuck writing when the signal comes.
    let items: Vec<String> = (0..4000).map(|i| format!(r#"{{"name":"pipeline-{i:05}","version":1}}"#)).collect();
    let stub = Stub::start(vec![Reply::json(format!(r#"{{"pipelines":[{}]}}"#, items.join(",")))]);
    let mut child = sealed(BIN)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while stub.requests().is_empty() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: sends SIGINT to our own child.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let mut status = None;
    while status.is_none() && started.elapsed() < Duration::from_secs(20) {
        status = child.try_wait().expect("wait");
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status.and_then(|s| s.code()), Some(130), "{status:?}");
}

#[test]
fn http_errors_without_an_aws_error_body_read_as_botocore_reads_them() {
    for (reply, expected) in [
        (
            Reply::raw(500, "text/plain", ""),
            "(500) when calling the ListPipelines operation (reached max retries: 0): Internal Server Error",
        ),
        (
            Reply::raw(502, "text/html", "<html><body>bad gateway</body></html>"),
            "(502) when calling the ListPipelines operation (reached max retries: 0): Bad Gateway",
        ),
        (
            Reply::raw(503, "text/html", "<!DOCTYPE html><p>down</p>"),
            "(503) when calling the ListPipelines operation (reached max retries: 0): <!DOCTYPE html><p>down</p>",
        ),
        (
            Reply::raw(302, "text/plain", ""),
            "(302) when calling the ListPipelines operation (reached max retries: 0): ",
        ),
    ] {
        let stub = Stub::start(vec![reply]);
        let out = sealed(BIN)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["list-pipelines", "--endpoint-url", &stub.url])
            .output()
            .expect("run");
        assert_eq!(code(&out), 254, "{}", stderr(&out));
        assert_eq!(stderr(&out), format!("\nAn error occurred {expected}\n"));
    }
}

#[test]
fn output_that_cannot_be_written_is_a_failure() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    for format in ["json", "text"] {
        let closed = sealed("sh")
            .args([
                "-c",
                "exec \"$0\" \"$@\" >&-",
                BIN,
                "list-pipelines",
                "--output",
                format,
                "--endpoint-url",
                &stub.url,
            ])
            .output()
            .expect("run");
        assert_eq!(code(&closed), 255, "{format}: {}", stderr(&closed));
        assert!(stderr(&closed).contains("Unable to write the output"), "{}", stderr(&closed));
    }
    let full = sealed(BIN)
        .arg("--version")
        .stdout(std::fs::File::create("/dev/full").expect("/dev/full"))
        .output()
        .expect("run");
    assert_eq!(code(&full), 255, "{}", stderr(&full));
    // Stdio::null() opens /dev/null for reading and writing, as Python's DEVNULL does.
    let null = sealed(BIN).arg("--version").stdout(Stdio::null()).output().expect("run");
    assert_eq!(code(&null), 0, "/dev/null takes anything");
    let listing =
        sealed(BIN).args(["list-pipelines", "--endpoint-url", &stub.url]).stdout(Stdio::null()).output().expect("run");
    assert_eq!(code(&listing), 0, "{}", stderr(&listing));
    let devnull = sealed("python3")
        .args([
            "-c",
            "import subprocess,sys; sys.exit(subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode)",
        ])
        .args([BIN, "list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("python");
    assert_eq!(code(&devnull), 0, "{}", stderr(&devnull));
}

#[test]
fn bad_paging_and_timeout_values_are_refused_before_sending() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let token = aws_smithy_types::base64::encode(br#"{"nextToken": 5}"#);
    for (args, expected, exit) in [
        (
            vec!["--starting-token", token.as_str()],
            "Invalid type for parameter nextToken, value: 5, type: <class 'int'>, valid types: <class 'str'>",
            252,
        ),
        (vec!["--page-size", "0"], "Invalid value for parameter maxResults, value: 0, valid min value: 1", 252),
        (vec!["--page-size", "-1"], "Invalid value for parameter maxResults, value: -1, valid min value: 1", 252),
        (
            vec!["--cli-read-timeout", "-1"],
            "Attempted to set read timeout to -1, but the timeout cannot be set to a value less than or equal to 0.",
            255,
        ),
        (
            vec!["--cli-connect-timeout", "-5"],
            "Attempted to set connect timeout to -5, but the timeout cannot be set to a value less than or equal to 0.",
            255,
        ),
    ] {
        let mut argv = vec!["list-pipelines"];
        argv.extend(&args);
        let out = ours_at(&stub.url, &argv);
        assert_eq!(code(&out), exit, "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
    assert!(stub.requests().is_empty(), "nothing is sent");
}

#[test]
fn debug_never_shows_secrets_even_in_a_body_that_is_not_json() {
    let cut = r#"{"jobs":[{"id":"j","data":{"artifactCredentials":{"accessKeyId":"AKIDLEAK","secretAccessKey":"SECRETLEAK","sessionToken":"TOKENLEAK"#;
    let stub = Stub::start(vec![Reply::json(cut)]);
    let out = sealed(BIN)
        .args(["poll-for-jobs", "--action-type-id", "category=Build,owner=Custom,provider=P,version=1", "--debug"])
        .args(["--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    let trace = stderr(&out);
    assert!(trace.contains("artifactCredentials"), "the body is shown: {trace}");
    for secret in ["AKIDLEAK", "SECRETLEAK", "TOKENLEAK"] {
        assert!(!trace.contains(secret), "{secret} leaked:\n{trace}");
    }
}

#[test]
fn proxies_carry_every_request_unless_no_proxy_says_otherwise() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let proxy = Proxy::start();
    let via = |extra: &[(&str, &str)]| {
        let mut cmd = sealed(BIN);
        cmd.env("HTTP_PROXY", &proxy.url);
        for (key, value) in extra {
            cmd.env(key, value);
        }
        cmd.args(["list-pipelines", "--endpoint-url", &stub.url]).output().expect("run")
    };
    let out = via(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(proxy.seen(), [format!("POST {}/ HTTP/1.1", stub.url)]);
    let out = via(&[("NO_PROXY", "127.0.0.1")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(proxy.seen().len(), 1, "NO_PROXY goes direct");
    assert_eq!(stub.requests().len(), 2);

    // HTTPS through CONNECT, with a CA bundle (our own TLS set-up).
    let (mut server, url, cert) = crate::support::tls_stub("proxied");
    let out = sealed(BIN)
        .env("HTTPS_PROXY", &proxy.url)
        .env("AWS_CA_BUNDLE", &cert)
        .args(["list-pipelines", "--endpoint-url", &url])
        .output()
        .expect("run");
    let authority = url.trim_start_matches("https://");
    let connect = format!("CONNECT {authority} HTTP/1.1");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(proxy.seen().last(), Some(&connect));
    // --no-verify-ssl has a client of its own, and the same proxy rules.
    let unverified = sealed(BIN)
        .env("HTTPS_PROXY", &proxy.url)
        .args(["list-pipelines", "--no-verify-ssl", "--endpoint-url", &url])
        .output()
        .expect("run");
    let exempt = sealed(BIN)
        .env("HTTPS_PROXY", &proxy.url)
        .env("NO_PROXY", "127.0.0.1")
        .args(["list-pipelines", "--no-verify-ssl", "--endpoint-url", &url])
        .output()
        .expect("run");
    let _ = server.kill();
    assert_eq!(code(&unverified), 0, "{}", stderr(&unverified));
    assert_eq!(code(&exempt), 0, "{}", stderr(&exempt));
    let tunnels = proxy.seen().iter().filter(|line| **line == connect).count();
    assert_eq!(tunnels, 2, "one CONNECT with the CA bundle, one with --no-verify-ssl, none under NO_PROXY");
}

#[test]
fn configuration_problems_are_named_as_the_aws_cli_names_them() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let missing = sealed(BIN)
        .env("AWS_PROFILE", "nosuch")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&missing), 255, "{}", stderr(&missing));
    assert_eq!(stderr(&missing), "\nThe config profile (nosuch) could not be found\n");
    let broken = temp_file("broken-config", "[default\nregion = us-east-1\n");
    let malformed = sealed(BIN)
        .env("AWS_CONFIG_FILE", &broken)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&malformed), 255, "{}", stderr(&malformed));
    assert_eq!(stderr(&malformed), format!("\nUnable to parse config file: {}\n", broken.display()));
    let bogus = temp_file("bogus-timestamps", "[default]\ncli_timestamp_format = none\n");
    let refused = sealed(BIN)
        .env("AWS_CONFIG_FILE", &bogus)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&refused), 253, "{}", stderr(&refused));
    assert_eq!(
        stderr(&refused),
        "\nUnknown cli_timestamp_format value: none, valid values are \"wire\" or \"iso8601\"\n"
    );
    assert!(stub.requests().is_empty(), "nothing is sent");
    assert!(stdout(&refused).is_empty());
}

/// The request body the stub received, as text (the AWS CLI's escapes kept).
fn sent_body(stub: &Stub) -> Option<String> {
    stub.requests().last().map(|request| String::from_utf8_lossy(&request.body).into_owned())
}

#[test]
fn numbers_in_input_documents_read_as_the_aws_cli_reads_them() {
    // `-0` is Python's integer 0: the same validation message, nothing sent by either.
    let minus_zero = ["get-pipeline", "--cli-input-json", r#"{"name": "p", "version": -0}"#];
    let (ours_stub, aws_stub) = (Stub::start(vec![Reply::json("{}")]), Stub::start(vec![Reply::json("{}")]));
    let (ours, theirs) = (ours_at(&ours_stub.url, &minus_zero), aws_at(&aws_stub.url, &minus_zero));
    assert_eq!(code(&ours), 252, "{}", stderr(&ours));
    assert_eq!(
        stderr(&ours),
        "\nParameter validation failed:\nInvalid value for parameter version, value: 0, valid min value: 1\n"
    );
    assert_eq!(stderr(&ours), stderr(&theirs));
    assert!(ours_stub.requests().is_empty() && aws_stub.requests().is_empty());

    // Where 0 is valid, `-0` goes over the wire as 0, from a document and from a JSON flag value.
    let reply = r#"{"actionType":{"id":{"category":"Build","owner":"Custom","provider":"P","version":"1"},"inputArtifactDetails":{"minimumCount":0,"maximumCount":0},"outputArtifactDetails":{"minimumCount":0,"maximumCount":0}}}"#;
    let create = [
        "create-custom-action-type",
        "--cli-input-json",
        r#"{"category": "Build", "provider": "P", "version": "1", "outputArtifactDetails": {"minimumCount": -0, "maximumCount": 0}}"#,
        "--input-artifact-details",
        r#"{"minimumCount": -0, "maximumCount": -0}"#,
    ];
    let (ours_stub, aws_stub) = (Stub::start(vec![Reply::json(reply)]), Stub::start(vec![Reply::json(reply)]));
    let (ours, theirs) = (ours_at(&ours_stub.url, &create), aws_at(&aws_stub.url, &create));
    assert_eq!(code(&ours), 0, "{}", stderr(&ours));
    assert_eq!(stdout(&ours), stdout(&theirs));
    let (ours_sent, aws_sent) = (&ours_stub.requests()[0], &aws_stub.requests()[0]);
    assert_eq!(ours_sent.json()["inputArtifactDetails"], serde_json::json!({"minimumCount": 0, "maximumCount": 0}));
    assert_eq!(ours_sent.json()["outputArtifactDetails"]["minimumCount"], serde_json::json!(0));
    assert!(ours_sent.json()["inputArtifactDetails"]["minimumCount"].is_u64(), "an integer, not -0.0");
    assert_eq!(ours_sent.json(), aws_sent.json());

    // Past 64 bits: the AWS CLI sends the integer as it is; the SDK's members
    // are 32 bits, so ours refuses it as an integer (not as a float) and sends nothing.
    let big = ["get-pipeline", "--cli-input-json", r#"{"name": "p", "version": 18446744073709551616}"#];
    let (ours_stub, aws_stub) = (Stub::start(vec![Reply::json("{}")]), Stub::start(vec![Reply::json("{}")]));
    let (ours, theirs) = (ours_at(&ours_stub.url, &big), aws_at(&aws_stub.url, &big));
    assert_eq!(code(&theirs), 0, "{}", stderr(&theirs));
    assert_eq!(sent_body(&aws_stub).as_deref(), Some(r#"{"name": "p", "version": 18446744073709551616}"#));
    assert_eq!(code(&ours), 252, "{}", stderr(&ours));
    assert!(
        stderr(&ours).ends_with("Error parsing parameter '--cli-input-json': Invalid JSON: integer out of range: 18446744073709551616 at line 1 column 26\n"),
        "{}",
        stderr(&ours)
    );
    assert!(!stderr(&ours).contains("float"), "{}", stderr(&ours));
    assert!(ours_stub.requests().is_empty());
}

#[test]
fn a_lone_surrogate_is_refused_by_name_where_the_aws_cli_sends_it() {
    let lone = ["get-pipeline", "--cli-input-json", r#"{"name": "p\ud800"}"#];
    let reply = r#"{"pipeline":{"name":"p","roleArn":"r","stages":[]}}"#;
    let (ours_stub, aws_stub) = (Stub::start(vec![Reply::json(reply)]), Stub::start(vec![Reply::json(reply)]));
    let (ours, theirs) = (ours_at(&ours_stub.url, &lone), aws_at(&aws_stub.url, &lone));
    // botocore sends the escape as it came (json.dumps escapes it again).
    assert_eq!(code(&theirs), 0, "{}", stderr(&theirs));
    assert_eq!(sent_body(&aws_stub).as_deref(), Some(r#"{"name": "p\ud800"}"#));
    // A Rust string cannot hold it: ours names it, where it is, and sends nothing.
    assert_eq!(code(&ours), 252, "{}", stderr(&ours));
    assert!(
        stderr(&ours).ends_with(
            "Error parsing parameter '--cli-input-json': Invalid JSON: \\ud800 at line 1 column 12 is half of a UTF-16 surrogate pair: a string with a lone surrogate cannot be sent\n"
        ),
        "{}",
        stderr(&ours)
    );
    assert!(ours_stub.requests().is_empty());
}

#[test]
fn a_response_timestamp_out_of_range_is_named_as_sent() {
    // The second item's: the first, printed as soon as it is formatted, must not be out before the failure.
    let page = r#"{"pipelines":[{"name":"a","version":1},{"name":"p","version":1,"created":1e20}]}"#;
    let stub = Stub::start(vec![Reply::json(page)]);
    for format in ["json", "text", "table", "yaml"] {
        let out = ours_at(&stub.url, &["list-pipelines", "--output", format]);
        assert_eq!(code(&out), 255, "{format}: {}", stderr(&out));
        assert_eq!(stderr(&out), "\nUnable to read the response: the timestamp 1e+20 is outside the years 1 to 9999\n");
        assert_eq!(stdout(&out), "", "{format}: nothing half-printed");
    }
    // With `cli_timestamp_format = wire` the number is shown, not read as a date.
    let wire = temp_file("wire-timestamps", "[default]\ncli_timestamp_format = wire\n");
    let out = sealed(BIN)
        .env("AWS_CONFIG_FILE", &wire)
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn endpoint_urls_are_checked_as_the_aws_cli_checks_them() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let port = stub.url.rsplit(':').next().expect("port");
    let ftp = format!("ftp://127.0.0.1:{port}");
    // Accepted, then refused when sent; nothing reaches the endpoint or a proxy.
    let run = |url: &str| {
        sealed(BIN)
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("HTTP_PROXY", &stub.url)
            .env("HTTPS_PROXY", &stub.url)
            .args(["list-pipelines", "--endpoint-url", url])
            .output()
            .expect("run")
    };
    let out = run(&ftp);
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert_eq!(stderr(&out), "\nAn HTTP Client raised an unhandled exception: Not supported URL scheme ftp\n");
    assert!(stub.requests().is_empty(), "nothing is sent anywhere");
    // A scheme but no host: botocore's ValueError.
    let out = run("localhost:4566");
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert_eq!(stderr(&out), "\nInvalid endpoint: localhost:4566\n");
    // No scheme: a usage error.
    let out = run("host.example.com");
    assert_eq!(code(&out), 252, "{}", stderr(&out));
    assert!(stderr(&out).ends_with(
        "codepipeline: error: Bad value for --endpoint-url \"host.example.com\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/\n"
    ));
    assert!(stub.requests().is_empty());
    // The AWS CLI's words for each (AWS CLI v1 exits 255 for all three).
    for url in [ftp.as_str(), "localhost:4566", "host.example.com"] {
        let theirs = sealed(venv_tool("aws"))
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["codepipeline", "list-pipelines", "--endpoint-url", url])
            .output()
            .expect("run aws");
        let ours = run(url);
        let last = |text: String| {
            text.trim_end().lines().last().unwrap_or_default().trim_start_matches("codepipeline: error: ").to_string()
        };
        assert_eq!(last(stderr(&ours)), last(stderr(&theirs)), "{url}");
    }
    assert!(stub.requests().is_empty());
}

#[test]
fn a_ca_bundle_is_read_only_for_https_and_an_unreadable_one_is_named() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let plain = sealed(BIN)
        .env("AWS_CA_BUNDLE", "/nonexistent/ca.pem")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&plain), 0, "plain HTTP loads no certificate: {}", stderr(&plain));
    let (mut server, url, _) = crate::support::tls_stub("unreadable-bundle");
    let out = sealed(BIN)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["list-pipelines", "--ca-bundle", "/nonexistent/ca.pem", "--endpoint-url", &url])
        .output()
        .expect("run");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(code(&out), 255, "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(&format!(
            "\nSSL validation failed for {url}/ Unable to read the CA bundle /nonexistent/ca.pem"
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_pager_that_cannot_start_is_reported_not_silent() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    // `script` gives the run a terminal for stdout, so the pager is chosen.
    let command = format!("{BIN} list-pipelines --endpoint-url {}", stub.url);
    let out = sealed("script")
        .env("AWS_PAGER", "no-such-pager-here")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script");
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(code(&out), 253, "{screen}");
    assert!(screen.contains("Unable to redirect output to pager."), "{screen}");
    assert!(screen.contains("no-such-pager-here"), "{screen}");
}

#[test]
fn adaptive_retries_pace_like_the_aws_cli_not_for_half_a_minute() {
    let stub = Stub::start(vec![Reply::error(400, "ThrottlingException", "Rate exceeded")]);
    let started = Instant::now();
    let out = sealed(BIN)
        .env("AWS_RETRY_MODE", "adaptive")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 254, "{}", stderr(&out));
    assert!(stderr(&out).contains("(reached max retries: 2)"), "{}", stderr(&out));
    assert_eq!(stub.requests().len(), 3);
    // A guard against the 26–38 s the SDK's limiter took, not a benchmark:
    // botocore's backoff for two retries is at most 3 s.
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
}
