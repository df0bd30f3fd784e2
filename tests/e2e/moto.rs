//! A real stateful backend: moto's CodePipeline, driven through a pipeline's
//! whole life, with get-pipeline compared to the AWS CLI's.

use crate::support::{aws_at, code, ours_at, stderr, stdout, venv_tool};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Moto {
    child: Child,
    pub url: String,
}

impl Moto {
    pub fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
        let child = Command::new(venv_tool("moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto { child, url: format!("http://127.0.0.1:{port}") }
    }

    /// moto checks that a pipeline's role exists; IAM is outside CodePipeline, so
    /// the role is made with a plain query-protocol request.
    fn create_role(&self, name: &str) {
        let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"codepipeline.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let body = format!(
            "Action=CreateRole&Version=2010-05-08&RoleName={name}&AssumeRolePolicyDocument={}",
            percent_encode(policy)
        );
        let address = self.url.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect to moto");
        let request = format!(
            "POST / HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             Authorization: AWS4-HMAC-SHA256 Credential=AKIDTESTING/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).expect("send CreateRole");
        let mut reply = String::new();
        stream.read_to_string(&mut reply).expect("read CreateRole reply");
        assert!(reply.starts_with("HTTP/1.1 200"), "CreateRole failed: {reply}");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // The server may already be gone; either way it must not outlive the test.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn ok_json(url: &str, args: &[&str]) -> Value {
    let out = ours_at(url, args);
    assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
    if out.stdout.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?} printed invalid JSON: {e}"))
}

#[test]
fn a_pipeline_lives_and_dies_on_moto() {
    let moto = Moto::start();
    moto.create_role("AWS-CodePipeline-Service");
    let url = moto.url.as_str();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pipeline.json");
    let from_file = format!("file://{}", fixture.display());

    let created = ok_json(url, &["create-pipeline", "--cli-input-json", &from_file]);
    assert_eq!(created["pipeline"]["name"], "demo-pipeline");
    assert_eq!(created["tags"][0]["key"], "Project");

    let ours = ours_at(url, &["get-pipeline", "--name", "demo-pipeline"]);
    let theirs = aws_at(url, &["get-pipeline", "--name", "demo-pipeline"]);
    assert_eq!(code(&ours), 0, "{}", stderr(&ours));
    assert_eq!(stdout(&ours), stdout(&theirs), "get-pipeline differs from the AWS CLI");
    let got: Value = serde_json::from_slice(&ours.stdout).expect("get-pipeline JSON");
    let arn = got["metadata"]["pipelineArn"].as_str().expect("pipelineArn").to_string();
    assert_eq!(got["pipeline"]["stages"][1]["actions"][0]["configuration"]["ApplicationName"], "démo-app");

    let listed = ok_json(url, &["list-pipelines"]);
    let names: Vec<&str> =
        listed["pipelines"].as_array().expect("pipelines").iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(names, ["demo-pipeline"]);

    let mut pipeline = got["pipeline"].clone();
    pipeline["stages"][1]["actions"][0]["configuration"]["DeploymentGroupName"] = "blue-green".into();
    let updated = ok_json(url, &["update-pipeline", "--pipeline", &pipeline.to_string()]);
    assert_eq!(updated["pipeline"]["version"], 2);
    let got = ok_json(url, &["get-pipeline", "--name", "demo-pipeline", "--pipeline-version", "2"]);
    assert_eq!(got["pipeline"]["stages"][1]["actions"][0]["configuration"]["DeploymentGroupName"], "blue-green");

    assert_eq!(
        ok_json(url, &["tag-resource", "--resource-arn", &arn, "--tags", r#"[{"key":"Team","value":"Release"}]"#]),
        Value::Null
    );
    let tags = ok_json(url, &["list-tags-for-resource", "--resource-arn", &arn]);
    let keys: Vec<&str> = tags["tags"].as_array().expect("tags").iter().filter_map(|t| t["key"].as_str()).collect();
    assert_eq!(keys, ["Project", "Team"]);
    assert_eq!(ok_json(url, &["untag-resource", "--resource-arn", &arn, "--tag-keys", "Project", "Team"]), Value::Null);
    assert_eq!(ok_json(url, &["list-tags-for-resource", "--resource-arn", &arn])["tags"], serde_json::json!([]));

    assert_eq!(ok_json(url, &["delete-pipeline", "--name", "demo-pipeline"]), Value::Null);
    let gone = ours_at(url, &["get-pipeline", "--name", "demo-pipeline"]);
    assert_eq!(code(&gone), 254);
    assert!(
        stderr(&gone)
            .contains("An error occurred (PipelineNotFoundException) when calling the GetPipeline operation: "),
        "{}",
        stderr(&gone)
    );
    assert_eq!(ok_json(url, &["list-pipelines"])["pipelines"], serde_json::json!([]));
}
