//! Running the real binaries: ours, and (for differential tests) the AWS CLI
//! and moto from the project's venv, all in a sealed environment.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

pub const BIN: &str = env!("CARGO_BIN_EXE_codepipeline");

/// A home directory with an AWS config that only sets what the tests need:
/// the AWS CLI's ISO 8601 timestamps (AWS CLI v2's default).
fn sandbox() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-home");
        std::fs::create_dir_all(&dir).expect("create sandbox");
        std::fs::write(dir.join("config"), "[default]\ncli_timestamp_format = iso8601\n").expect("write config");
        std::fs::write(dir.join("credentials"), "").expect("write credentials");
        dir
    })
}

/// A temporary file under the sandbox, named for the test that writes it.
pub fn temp_file(name: &str, contents: &str) -> PathBuf {
    let path = sandbox().join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

/// `program` with no AWS settings from the developer's environment.
pub fn sealed(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut cmd = Command::new(program);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    let home = sandbox();
    cmd.env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_ACCESS_KEY_ID", "AKIDTESTING")
        .env("AWS_SECRET_ACCESS_KEY", "testing-secret")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("TZ", "UTC")
        .stdin(Stdio::null());
    cmd
}

pub fn ours(args: &[&str]) -> Output {
    sealed(BIN).args(args).output().expect("run codepipeline")
}

pub fn ours_at(url: &str, args: &[&str]) -> Output {
    sealed(BIN).args(args).args(["--endpoint-url", url]).output().expect("run codepipeline")
}

/// A tool from the project's venv (`.ci/run` and `scripts/test` make it), or from PATH.
pub fn venv_tool(name: &str) -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin").join(name);
    if venv.exists() {
        return venv;
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| p.exists()));
    match on_path.flatten() {
        Some(path) => path,
        None => panic!("`{name}` is needed by the differential tests: run scripts/test (it makes .venv)"),
    }
}

pub fn aws_at(url: &str, args: &[&str]) -> Output {
    sealed(venv_tool("aws")).arg("codepipeline").args(args).args(["--endpoint-url", url]).output().expect("run aws")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// An HTTPS endpoint on loopback whose certificate only a throwaway CA
/// vouches for (`tests/fixtures/tls_stub.py`): the server, its URL, and the
/// CA's certificate (for `--ca-bundle`). Kill the server when done.
pub fn tls_stub(name: &str) -> (std::process::Child, String, PathBuf) {
    use std::io::BufRead;
    let cert = temp_file(&format!("{name}-ca.pem"), "");
    let mut server = Command::new(venv_tool("python"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tls_stub.py"))
        .arg(&cert)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the TLS stub");
    let mut port = String::new();
    std::io::BufReader::new(server.stdout.take().expect("stdout")).read_line(&mut port).expect("port");
    (server, format!("https://127.0.0.1:{}", port.trim()), cert)
}

/// The AWS CLI started once and forked for each run
/// (`tests/fixtures/aws_warm.py`): the same code and environment as
/// [`aws_at`], without Python's half-second start-up each time.
pub struct WarmAws {
    server: std::process::Child,
    requests: std::process::ChildStdin,
    replies: std::io::BufReader<std::process::ChildStdout>,
    scratch: PathBuf,
}

impl WarmAws {
    pub fn start(name: &str) -> WarmAws {
        let mut server = sealed(venv_tool("python"))
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws_warm.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the AWS CLI");
        let requests = server.stdin.take().expect("stdin");
        let replies = std::io::BufReader::new(server.stdout.take().expect("stdout"));
        WarmAws { server, requests, replies, scratch: sandbox().join(format!("warm-aws-{name}")) }
    }

    /// `aws codepipeline <args> --endpoint-url <url>`.
    pub fn run_at(&mut self, url: &str, args: &[&str]) -> Output {
        use std::io::{BufRead, Write};
        use std::os::unix::process::ExitStatusExt;
        let mut argv = vec!["codepipeline"];
        argv.extend(args);
        argv.extend(["--endpoint-url", url]);
        let (out, err) = (self.scratch.with_extension("out"), self.scratch.with_extension("err"));
        let request = serde_json::json!({"args": argv, "stdout": out, "stderr": err});
        writeln!(self.requests, "{request}").expect("send to the AWS CLI");
        let mut reply = String::new();
        self.replies.read_line(&mut reply).expect("the AWS CLI's answer");
        let reply: serde_json::Value = serde_json::from_str(&reply).expect("the AWS CLI's answer is JSON");
        let rc = reply["rc"].as_i64().expect("an exit code") as i32;
        Output {
            status: std::process::ExitStatus::from_raw((rc & 0xff) << 8),
            stdout: std::fs::read(&out).expect("its stdout"),
            stderr: std::fs::read(&err).expect("its stderr"),
        }
    }
}

impl Drop for WarmAws {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}
