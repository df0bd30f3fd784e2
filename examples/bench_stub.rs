//! A fast loopback CodePipeline for the benchmark (bench/run): canned
//! awsJson1.1 responses chosen by X-Amz-Target, with keep-alive, so that the
//! numbers measure the clients and not the server.
//!
//!     cargo run --release --example bench_stub -- PORT [SERVER_PEM]
//!
//! With SERVER_PEM (a private key and its certificate chain, as
//! `tests/fixtures/tls_stub.py CA SERVER_PEM` writes them) it serves HTTPS.
//!
//! ListPipelines serves 100 pages of 100 pipelines (`nextToken` "page-N"), or
//! one page of 20 when asked for `maxResults` 20; GetPipeline serves a
//! 50-stage pipeline. Under the path `/huge/N` (an endpoint URL ending so),
//! ListPipelines answers with one page of about N MB (made on first use).
//!
//! For `stats` (`history` below): ListPipelineExecutions serves 1,000
//! executions in pages of 100, and ListActionExecutions the 5 actions of
//! the execution its filter names.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

const PAGES: usize = 100;
const PER_PAGE: usize = 100;

struct Bodies {
    pages: Vec<Vec<u8>>,
    one_page: Vec<u8>,
    big_pipeline: Vec<u8>,
    huge: Mutex<HashMap<usize, Arc<Vec<u8>>>>,
    history: history::History,
}

/// One page of `megabytes` MB of pipeline summaries (each about 130 bytes).
fn huge_page(megabytes: usize) -> Vec<u8> {
    let count = megabytes * 1_000_000 / 130;
    json!({"pipelines": (0..count).map(pipeline_summary).collect::<Vec<_>>()}).to_string().into_bytes()
}

fn pipeline_summary(index: usize) -> Value {
    json!({"name": format!("pipeline-{index:05}"), "version": 3, "pipelineType": "V2", "executionMode": "QUEUED",
           "created": 1704164645.25, "updated": 1704250000.5})
}

fn bodies() -> Bodies {
    let pages = (0..PAGES)
        .map(|page| {
            let items: Vec<Value> = (0..PER_PAGE).map(|i| pipeline_summary(page * PER_PAGE + i)).collect();
            let mut body = json!({"pipelines": items});
            if page + 1 < PAGES {
                body["nextToken"] = json!(format!("page-{}", page + 1));
            }
            body.to_string().into_bytes()
        })
        .collect();
    let one_page = json!({"pipelines": (0..20).map(pipeline_summary).collect::<Vec<_>>()}).to_string().into_bytes();
    let stages: Vec<Value> = (0..50)
        .map(|s| {
            let actions: Vec<Value> = (0..3)
                .map(|a| {
                    json!({
                        "name": format!("Action-{s:02}-{a}"),
                        "actionTypeId": {"category": if s == 0 { "Source" } else { "Build" }, "owner": "AWS",
                                         "provider": if s == 0 { "S3" } else { "CodeBuild" }, "version": "1"},
                        "runOrder": a + 1,
                        "configuration": {"ProjectName": format!("project-{s}-{a}"), "PrimarySource": "SourceOutput"},
                        "inputArtifacts": if s == 0 { json!([]) } else { json!([{"name": "SourceOutput"}]) },
                        "outputArtifacts": [{"name": format!("Out{s}x{a}")}],
                        "region": "us-east-1"
                    })
                })
                .collect();
            json!({"name": format!("Stage-{s:02}"), "actions": actions})
        })
        .collect();
    let big_pipeline = json!({
        "pipeline": {"name": "big", "roleArn": "arn:aws:iam::123456789012:role/r",
                     "artifactStore": {"type": "S3", "location": "bucket"}, "stages": stages, "version": 7, "pipelineType": "V2"},
        "metadata": {"pipelineArn": "arn:aws:codepipeline:us-east-1:123456789012:big", "created": 1704164645.25, "updated": 1704250000.5}
    })
    .to_string()
    .into_bytes();
    Bodies { pages, one_page, big_pipeline, huge: Mutex::default(), history: history::History::new() }
}

fn answer(bodies: &Bodies, path: &str, target: &str, body: &[u8]) -> Arc<Vec<u8>> {
    if let Some(megabytes) = path.strip_prefix("/huge/").and_then(|n| n.trim_end_matches('/').parse().ok()) {
        let mut huge = bodies.huge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        return huge.entry(megabytes).or_insert_with(|| Arc::new(huge_page(megabytes))).clone();
    }
    Arc::new(canned(bodies, target, body).to_vec())
}

fn canned<'a>(bodies: &'a Bodies, target: &str, body: &[u8]) -> &'a [u8] {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    if let Some(reply) = bodies.history.answer(target, &request) {
        return reply;
    }
    if target.ends_with(".GetPipeline") {
        return &bodies.big_pipeline;
    }
    if target.ends_with(".ListPipelines") {
        if request["maxResults"] == 20 {
            return &bodies.one_page;
        }
        let page = request["nextToken"]
            .as_str()
            .and_then(|t| t.strip_prefix("page-"))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        return bodies.pages.get(page).map_or(b"{}", Vec::as_slice);
    }
    b"{}"
}

fn serve(stream: impl Read + Write, bodies: &Bodies) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut length = 0;
        let mut target = String::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header)?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "x-amz-target" => target = value.trim().to_string(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        let reply = answer(bodies, &path, &target, &body);
        // One write per response: with TCP_NODELAY, a head written on its own
        // would reach the client as a segment of its own and wake it twice.
        let mut response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: bench\r\nContent-Length: {}\r\n\r\n",
            reply.len()
        )
        .into_bytes();
        response.extend_from_slice(&reply);
        let writer = reader.get_mut();
        writer.write_all(&response)?;
        writer.flush()?;
    }
}

/// The TLS set-up from a PEM file holding the server's key and certificates.
fn tls_config(pem: &str) -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certificates = CertificateDer::pem_file_iter(pem)
        .and_then(|certificates| certificates.collect::<Result<Vec<_>, _>>())
        .expect("certificates in SERVER_PEM");
    let key = PrivateKeyDer::from_pem_file(pem).expect("a private key in SERVER_PEM");
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certificates, key)
        .expect("a usable key and certificate");
    Arc::new(config)
}

fn connection(stream: TcpStream, tls: Option<&Arc<rustls::ServerConfig>>, bodies: &Bodies) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    match tls {
        None => serve(stream, bodies),
        Some(config) => {
            let session = rustls::ServerConnection::new(config.clone()).map_err(std::io::Error::other)?;
            serve(rustls::StreamOwned::new(session, stream), bodies)
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let port = args.next().unwrap_or_else(|| "0".into());
    let tls = args.next().map(|pem| tls_config(&pem));
    let listener = TcpListener::bind(format!("127.0.0.1:{port}")).expect("bind 127.0.0.1");
    println!("{}", listener.local_addr().map(|a| a.port()).unwrap_or(0));
    let bodies = Arc::new(bodies());
    for stream in listener.incoming().flatten() {
        let bodies = bodies.clone();
        let tls = tls.clone();
        std::thread::spawn(move || {
            // A client that goes away ends its connection; nothing to report.
            let _ = connection(stream, tls.as_ref(), &bodies);
        });
    }
}

/// A pipeline's history for `stats`: 1,000 executions over 60 days, each
/// with five actions in three stages; every tenth failed in its last action.
mod history {
    use serde_json::{json, Value};
    use std::collections::HashMap;

    const EXECUTIONS: usize = 1000;
    const PER_PAGE: usize = 100;
    /// 2026-09-01T00:00:00Z.
    const BASE: u64 = 1_788_220_800;
    const ACTIONS: [(&str, &str); 5] =
        [("Source", "Checkout"), ("Build", "Compile"), ("Build", "Test"), ("Deploy", "Beta"), ("Deploy", "Prod")];

    pub struct History {
        pages: Vec<Vec<u8>>,
        actions: HashMap<String, Vec<u8>>,
    }

    impl History {
        pub fn new() -> History {
            let mut summaries = Vec::new();
            let mut actions = HashMap::new();
            for i in 0..EXECUTIONS {
                let id = format!("00000000-0000-4000-8000-{i:012}");
                let start = BASE + i as u64 * 5184;
                let failed = i % 10 == 9;
                let mut at = start + 1;
                let details: Vec<Value> = ACTIONS
                    .iter()
                    .enumerate()
                    .map(|(n, (stage, action))| {
                        let length = 20 + (i as u64 * 7 + n as u64 * 13) % 200;
                        let status = if failed && n == ACTIONS.len() - 1 { "Failed" } else { "Succeeded" };
                        let detail = json!({"pipelineExecutionId": id, "actionExecutionId": format!("{id}-{n}"),
                            "pipelineVersion": 3, "stageName": stage, "actionName": action, "startTime": at,
                            "lastUpdateTime": at + length, "status": status,
                            "input": {"actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                                      "configuration": {"ProjectName": format!("project-{n}")}, "resolvedConfiguration": {},
                                      "region": "us-east-1", "inputArtifacts": [], "namespace": null},
                            "output": {"outputArtifacts": [], "executionResult": {"externalExecutionId": format!("build-{i}-{n}"),
                                       "externalExecutionSummary": "done"}}});
                        at += length + 1;
                        detail
                    })
                    .collect();
                actions.insert(id.clone(), json!({"actionExecutionDetails": details}).to_string().into_bytes());
                summaries.push(
                    json!({"pipelineExecutionId": id, "status": if failed { "Failed" } else { "Succeeded" },
                    "startTime": start, "lastUpdateTime": at + 1,
                    "sourceRevisions": [{"actionName": "Checkout", "revisionId": format!("{:040x}", start),
                                         "revisionSummary": format!("Change number {i}")}],
                    "trigger": {"triggerType": "Webhook", "triggerDetail": "arn:aws:codepipeline:webhook"},
                    "executionMode": "SUPERSEDED", "executionType": "STANDARD"}),
                );
            }
            summaries.reverse();
            let pages = summaries
                .chunks(PER_PAGE)
                .enumerate()
                .map(|(page, items)| {
                    let mut body = json!({"pipelineExecutionSummaries": items});
                    if (page + 1) * PER_PAGE < EXECUTIONS {
                        body["nextToken"] = json!(format!("history-{}", page + 1));
                    }
                    body.to_string().into_bytes()
                })
                .collect();
            History { pages, actions }
        }

        pub fn answer(&self, target: &str, request: &Value) -> Option<&[u8]> {
            if target.ends_with(".ListPipelineExecutions") {
                let page = request["nextToken"]
                    .as_str()
                    .and_then(|t| t.strip_prefix("history-"))
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0);
                return Some(self.pages.get(page).map_or(b"{}", Vec::as_slice));
            }
            if target.ends_with(".ListActionExecutions") {
                let id = request["filter"]["pipelineExecutionId"].as_str().unwrap_or("");
                return Some(self.actions.get(id).map_or(b"{}", Vec::as_slice));
            }
            None
        }
    }
}
