//! A loopback HTTP server that speaks just enough awsJson1.1: it records every
//! request (target, headers, body) and answers from a per-test script.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub delay: Duration,
    /// Sends the body a byte at a time with this pause before each (a
    /// server that keeps the connection alive but never finishes).
    pub drip: Duration,
}

impl Reply {
    pub fn json(body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status: 200,
            content_type: "application/x-amz-json-1.1",
            body: body.into(),
            delay: Duration::ZERO,
            drip: Duration::ZERO,
        }
    }

    /// A reply whose body is whatever a misbehaving server or proxy sends.
    pub fn raw(status: u16, content_type: &'static str, body: &str) -> Self {
        Reply { status, content_type, ..Reply::json(body) }
    }

    pub fn error(status: u16, code: &str, message: &str) -> Self {
        let body = serde_json::json!({"__type": code, "message": message}).to_string();
        Reply { status, ..Reply::json(body) }
    }
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn target(&self) -> &str {
        self.header("x-amz-target").unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub struct Stub {
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
    routes: Arc<Mutex<Vec<Route>>>,
}

/// The replies scripted for one operation (`""`: any), served in order; once
/// they run out, the last is repeated. With `answer`, each reply is made
/// from the request instead.
struct Route {
    operation: String,
    replies: Vec<Reply>,
    served: usize,
    answer: Option<Answer>,
}

/// A reply made from the request (a generated service, listing pages by token).
pub type Answer = Box<dyn Fn(&Request) -> Reply + Send>;

impl Stub {
    /// Serves `script` in order, whatever is asked; once it runs out, the last reply is repeated.
    pub fn start(script: Vec<Reply>) -> Stub {
        Stub::serve(vec![Route { operation: String::new(), replies: script, served: 0, answer: None }])
    }

    /// Serves each operation (`GetPipelineState`, …) its own replies in order, so
    /// that a test scripts what each call answers, not the order of the calls;
    /// an operation with no script gets a 400. `unused` tells what was not asked for.
    pub fn routed(routes: Vec<(&str, Vec<Reply>)>) -> Stub {
        Stub::serve(
            routes
                .into_iter()
                .map(|(operation, replies)| Route {
                    operation: operation.to_string(),
                    replies,
                    served: 0,
                    answer: None,
                })
                .collect(),
        )
    }

    /// Answers each operation named with its function of the request; any other gets a 400.
    pub fn answering(routes: Vec<(&str, Answer)>) -> Stub {
        Stub::serve(
            routes
                .into_iter()
                .map(|(operation, answer)| Route {
                    operation: operation.to_string(),
                    replies: Vec::new(),
                    served: 0,
                    answer: Some(answer),
                })
                .collect(),
        )
    }

    fn serve(routes: Vec<Route>) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let routes = Arc::new(Mutex::new(routes));
        let (recorded, script) = (requests.clone(), routes.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let Some(request) = read_request(&stream) else { continue };
                let operation = request.target().rsplit('.').next().unwrap_or("").to_string();
                recorded.lock().expect("lock").push(request.clone());
                let reply = {
                    let mut routes = script.lock().expect("lock");
                    match routes.iter_mut().find(|r| r.operation.is_empty() || r.operation == operation) {
                        Some(Route { answer: Some(answer), .. }) => Some(answer(&request)),
                        Some(route) => {
                            let reply = route.replies.get(route.served).or(route.replies.last()).cloned();
                            route.served += 1;
                            reply
                        }
                        None => Some(Reply::error(
                            400,
                            "UnknownOperationException",
                            &format!("no reply scripted for {operation}"),
                        )),
                    }
                };
                if let Some(reply) = reply {
                    thread::sleep(reply.delay);
                    write_reply(stream, &reply);
                }
            }
        });
        Stub { url, requests, routes }
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }

    /// The operations whose scripted replies were not all asked for, with how many were left.
    pub fn unused(&self) -> Vec<(String, usize)> {
        let routes = self.routes.lock().expect("lock");
        routes
            .iter()
            .filter(|r| r.served < r.replies.len())
            .map(|r| (r.operation.clone(), r.replies.len() - r.served))
            .collect()
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request { method, path, headers, body })
}

fn write_reply(mut stream: TcpStream, reply: &Reply) {
    let head = format!(
        "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nx-amzn-RequestId: stub-request-1\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    // The client may have gone away (a timeout test); nothing to do then.
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    if reply.drip.is_zero() {
        let _ = stream.write_all(&reply.body);
        return;
    }
    for byte in &reply.body {
        thread::sleep(reply.drip);
        if stream.write_all(std::slice::from_ref(byte)).is_err() {
            return;
        }
    }
}
