//! Every operation of the model, driven through the real binary against the
//! loopback stub, and compared with the AWS CLI driven the same way.

use crate::stub::{Reply, Stub};
use crate::support::{aws_at, code, ours_at, stderr, stdout};
use crate::synth;
use std::sync::Mutex;

const TARGET_PREFIX: &str = "CodePipeline_20150709";

/// Problems found for one operation (empty when it behaves).
fn check(operation: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let request = synth::request(operation);
    let args = synth::flags(operation, &request);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let response = synth::response(operation).to_string();

    let stub = Stub::start(vec![Reply::json(response.clone())]);
    let ours = ours_at(&stub.url, &args);
    if code(&ours) != 0 {
        problems.push(format!("exit {} ({})", code(&ours), stderr(&ours)));
    }
    let sent = stub.requests();
    let Some(first) = sent.first() else {
        problems.push("no request reached the stub".into());
        return problems;
    };
    if sent.len() != 1 {
        problems.push(format!("{} requests instead of 1", sent.len()));
    }
    let expected_target = format!("{TARGET_PREFIX}.{operation}");
    if first.target() != expected_target || first.method != "POST" || first.path != "/" {
        problems.push(format!("sent {} {} target {:?}", first.method, first.path, first.target()));
    }
    if first.header("content-type") != Some("application/x-amz-json-1.1") {
        problems.push(format!("content-type {:?}", first.header("content-type")));
    }
    let expected_body = synth::wire_form(operation, &request);
    if !synth::same_json(&first.json(), &expected_body) {
        problems.push(format!("body {}\n  expected {expected_body}", first.json()));
    }

    let aws_stub = Stub::start(vec![Reply::json(response)]);
    let theirs = aws_at(&aws_stub.url, &args);
    if code(&theirs) != 0 {
        problems.push(format!("the AWS CLI failed: {}", stderr(&theirs)));
    } else {
        if stdout(&ours) != stdout(&theirs) {
            problems.push(format!("stdout differs\n--- ours\n{}--- aws\n{}", stdout(&ours), stdout(&theirs)));
        }
        if let Some(theirs_sent) = aws_stub.requests().first() {
            if !synth::same_json(&theirs_sent.json(), &first.json()) {
                problems.push(format!("the AWS CLI sent {}\n  we sent {}", theirs_sent.json(), first.json()));
            }
        }
    }
    // The same response as text: the AWS CLI's tab-separated layout, byte for byte.
    let text_args: Vec<&str> = args.iter().copied().chain(["--output", "text"]).collect();
    let ours_stub = Stub::start(vec![Reply::json(synth::response(operation).to_string())]);
    let aws_stub = Stub::start(vec![Reply::json(synth::response(operation).to_string())]);
    let (ours_text, theirs_text) = (ours_at(&ours_stub.url, &text_args), aws_at(&aws_stub.url, &text_args));
    if stdout(&ours_text) != stdout(&theirs_text) {
        problems.push(format!("text differs\n--- ours\n{}--- aws\n{}", stdout(&ours_text), stdout(&theirs_text)));
    }
    problems
}

#[test]
fn every_operation_sends_its_target_and_body_and_prints_as_the_aws_cli() {
    let operations = synth::operation_names();
    assert_eq!(operations.len(), 44);
    let queue = Mutex::new(operations.clone());
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| loop {
                let Some(operation) = queue.lock().expect("lock").pop() else { break };
                let problems = check(&operation);
                if !problems.is_empty() {
                    failures.lock().expect("lock").push(format!("{operation}:\n  {}", problems.join("\n  ")));
                }
            });
        }
    });
    let failures = failures.into_inner().expect("lock");
    assert!(failures.is_empty(), "{} operations failed:\n{}", failures.len(), failures.join("\n"));
}
