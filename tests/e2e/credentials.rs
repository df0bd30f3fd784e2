//! Credentials as AWS CLI v2 resolves them, checked by the key that signed
//! the request that arrived: role profiles assumed through moto's STS and
//! the AWS CLI's shared cache, STS refusals, and credential processes that
//! fail or hand back expired keys.

use crate::moto::Moto;
use crate::proxy::Proxy;
use crate::stub::{Reply, Stub};
use crate::support::{code, sealed, stderr, venv_tool, BIN};
use std::path::{Path, PathBuf};
use std::process::Command;

const PIPELINES: &str = r#"{"pipelines":[]}"#;

/// A home of its own with a base profile (static keys) and a role profile.
fn home(name: &str) -> PathBuf {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join(".aws")).expect("home");
    std::fs::write(
        home.join(".aws/config"),
        "[profile base]\nregion = us-east-1\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n\n\
         [profile role]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/deployer\n\
         source_profile = base\nduration_seconds = 1800\nexternal_id = ext-1\n",
    )
    .expect("config");
    home
}

/// A command for `program` living in `home`, with STS at `sts`.
fn in_home(program: impl AsRef<std::ffi::OsStr>, home: &Path, sts: &str) -> Command {
    let mut cmd = sealed(program);
    cmd.env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", home.join(".aws/config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
        .env("AWS_ENDPOINT_URL_STS", sts);
    cmd
}

/// The access key in a request's SigV4 Authorization header.
fn signing_key(request: &crate::stub::Request) -> String {
    let auth = request.header("authorization").unwrap_or("");
    auth.split("Credential=").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or("").to_string()
}

/// The AWS CLI's cache file name for the role profile above:
/// sha1(json.dumps({"DurationSeconds": 1800, "ExternalId": "ext-1", "RoleArn": ...}, sort_keys=True)).
const CACHE_FILE: &str = "ae973393c39d16cf6889b638c8606b19cb2a4ea2.json";

#[test]
fn a_role_is_assumed_once_and_its_cache_is_shared_with_the_aws_cli() {
    let moto = Moto::start();
    let proxy = Proxy::start();
    let home = home("e2e-role-home");
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    for _ in 0..3 {
        let out = in_home(BIN, &home, &moto.url)
            .env("HTTP_PROXY", &proxy.url)
            .args(["list-pipelines", "--profile", "role", "--endpoint-url", &stub.url])
            .output()
            .expect("run");
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let traced = in_home(BIN, &home, &moto.url)
        .args(["list-pipelines", "--profile", "role", "--debug", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert!(
        stderr(&traced).contains("DEBUG credentials from role arn:aws:iam::123456789012:role/deployer assumed"),
        "--debug names where the credentials came from: {}",
        stderr(&traced)
    );
    let to_sts: Vec<String> = proxy.seen().into_iter().filter(|line| line.contains(&moto.url)).collect();
    assert_eq!(to_sts.len(), 1, "one AssumeRole for three runs: {to_sts:?}");
    let keys: Vec<String> = stub.requests().iter().map(signing_key).collect();
    assert!(keys[0].starts_with("ASIA"), "signed by the assumed role: {keys:?}");
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    let cache = home.join(".aws/cli/cache").join(CACHE_FILE);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&cache).expect("cache file").permissions().mode() & 0o777, 0o600);

    // The AWS CLI finds the role in the same cache: STS is unreachable, yet it signs with the same key.
    let aws_stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = in_home(venv_tool("aws"), &home, "http://127.0.0.1:1")
        .args(["codepipeline", "list-pipelines", "--profile", "role", "--endpoint-url", &aws_stub.url])
        .output()
        .expect("run aws");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(signing_key(&aws_stub.requests()[0]), keys[0]);

    // And the other way round: a role the AWS CLI assumed is used here.
    std::fs::remove_file(&cache).expect("clear the cache");
    let aws_stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = in_home(venv_tool("aws"), &home, &moto.url)
        .args(["codepipeline", "list-pipelines", "--profile", "role", "--endpoint-url", &aws_stub.url])
        .output()
        .expect("run aws");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let theirs = signing_key(&aws_stub.requests()[0]);
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = in_home(BIN, &home, "http://127.0.0.1:1")
        .args(["list-pipelines", "--profile", "role", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(signing_key(&stub.requests()[0]), theirs);
}

#[test]
fn the_role_request_carries_the_profiles_settings_and_a_refusal_reads_as_the_aws_cli_says_it() {
    let denied = Reply::raw(
        403,
        "text/xml",
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>\
         <Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/base is not authorized to perform: \
         sts:AssumeRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
    );
    let sts = Stub::start(vec![denied]);
    let home = home("e2e-role-denied-home");
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = in_home(BIN, &home, &sts.url)
        .args(["list-pipelines", "--profile", "role", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 254, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "\nAn error occurred (AccessDenied) when calling the AssumeRole operation: \
         User: arn:aws:iam::123456789012:user/base is not authorized to perform: sts:AssumeRole\n"
    );
    assert!(stub.requests().is_empty(), "nothing reaches CodePipeline");
    let sent = String::from_utf8_lossy(&sts.requests()[0].body).into_owned();
    for part in ["Action=AssumeRole", "DurationSeconds=1800", "ExternalId=ext-1", "RoleSessionName=botocore-session-"] {
        assert!(sent.contains(part), "{part} missing from {sent}");
    }
    assert_eq!(signing_key(&sts.requests()[0]), "AKIDBASE", "the source profile signs AssumeRole");
}

#[test]
fn a_credential_process_that_fails_or_hands_back_expired_keys_is_refused_as_the_aws_cli_refuses_it() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-credential-process");
    std::fs::create_dir_all(&dir).expect("dir");
    let script = |name: &str, body: &str| {
        let path = dir.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("script");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    };
    let cases = [
        script("failing.sh", "echo 'token service unreachable' >&2; exit 3"),
        script("version.sh", r#"echo '{"Version": 2, "AccessKeyId": "a", "SecretAccessKey": "b"}'"#),
        script("keyless.sh", r#"echo '{"Version": 1, "SecretAccessKey": "b"}'"#),
        script(
            "expired.sh",
            r#"echo '{"Version": 1, "AccessKeyId": "AKIDEXPIRED", "SecretAccessKey": "s", "Expiration": "2020-01-01T00:00:00Z"}'"#,
        ),
    ];
    for process in cases {
        let config = dir.join("config");
        std::fs::write(&config, format!("[default]\nregion = us-east-1\ncredential_process = {}\n", process.display()))
            .expect("config");
        let run = |program: PathBuf| {
            let stub = Stub::start(vec![Reply::json(PIPELINES)]);
            let mut cmd = sealed(&program);
            if program.ends_with("aws") {
                cmd.arg("codepipeline");
            }
            let out = cmd
                .env_remove("AWS_ACCESS_KEY_ID")
                .env_remove("AWS_SECRET_ACCESS_KEY")
                .env("AWS_CONFIG_FILE", &config)
                .args(["list-pipelines", "--endpoint-url", &stub.url])
                .output()
                .expect("run");
            assert!(stub.requests().is_empty(), "{process:?}: nothing is signed");
            out
        };
        let (ours, theirs) = (run(PathBuf::from(BIN)), run(venv_tool("aws")));
        assert_eq!(code(&ours), 255, "{}", stderr(&ours));
        assert_eq!(stderr(&ours), stderr(&theirs), "{process:?}");
    }
}

#[test]
fn the_legacy_security_token_variable_is_read() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = sealed(BIN)
        .env("AWS_SECURITY_TOKEN", "legacy-token")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.requests()[0].header("x-amz-security-token"), Some("legacy-token"));
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = sealed(BIN)
        .env("AWS_SECURITY_TOKEN", "legacy-token")
        .env("AWS_SESSION_TOKEN", "current-token")
        .args(["list-pipelines", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stub.requests()[0].header("x-amz-security-token"), Some("current-token"));
}

#[test]
fn an_mfa_role_asks_for_the_code_on_the_terminal_and_sends_it() {
    let denied = Reply::raw(
        403,
        "text/xml",
        "<ErrorResponse><Error><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed</Message></Error></ErrorResponse>",
    );
    let sts = Stub::start(vec![denied]);
    let home = home("e2e-role-mfa-home");
    let config = home.join(".aws/config");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str("mfa_serial = arn:aws:iam::123456789012:mfa/dev\n");
    std::fs::write(&config, text).expect("config");
    // `script` gives the run a terminal and types what it reads from stdin into it.
    let command = format!("{BIN} list-pipelines --profile role --endpoint-url http://127.0.0.1:1");
    let mut child = in_home("script", &home, &sts.url)
        .args(["-qec", &command, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("script");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        std::thread::sleep(std::time::Duration::from_millis(800));
        stdin.write_all(b"123456\n").expect("type the code");
    }
    let out = child.wait_with_output().expect("run");
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(screen.contains("Enter MFA code for arn:aws:iam::123456789012:mfa/dev: "), "{screen}");
    let sent = String::from_utf8_lossy(&sts.requests()[0].body).into_owned();
    for part in ["SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fdev", "TokenCode=123456"] {
        assert!(sent.contains(part), "{part} missing from {sent}");
    }
}

#[test]
fn an_expired_sso_token_says_so_as_the_aws_cli_does() {
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-sso-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(home.join(".aws/sso/cache")).expect("home");
    std::fs::write(
        home.join(".aws/config"),
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Deployer\nregion = us-east-1\n\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    )
    .expect("config");
    // The token cache file is named by the SHA-1 of the session name: sha1("corp").
    std::fs::write(
        home.join(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json"),
        r#"{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "t", "expiresAt": "2020-01-01T00:00:00Z"}"#,
    )
    .expect("token");
    for program in [PathBuf::from(BIN), venv_tool("aws")] {
        let stub = Stub::start(vec![Reply::json(PIPELINES)]);
        let mut cmd = in_home(&program, &home, "http://127.0.0.1:1");
        if program.ends_with("aws") {
            cmd.arg("codepipeline");
        }
        let out = cmd.args(["list-pipelines", "--profile", "dev", "--endpoint-url", &stub.url]).output().expect("run");
        assert_eq!(code(&out), 255, "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "\nError when retrieving token from sso: Token has expired and refresh failed\n",
            "{program:?}"
        );
        assert!(stub.requests().is_empty());
    }
}

#[test]
fn configured_endpoints_can_be_ignored_as_in_the_aws_cli() {
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let proxy = Proxy::start();
    let out = sealed(BIN)
        .env("AWS_ENDPOINT_URL", &stub.url)
        .env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")
        .env("AWS_MAX_ATTEMPTS", "1")
        // The default endpoint is reached through a proxy that goes no further.
        .env("HTTPS_PROXY", &proxy.url)
        .args(["list-pipelines"])
        .output()
        .expect("run");
    assert!(stub.requests().is_empty(), "the configured endpoint is ignored");
    assert_eq!(proxy.seen(), ["CONNECT codepipeline.us-east-1.amazonaws.com:443 HTTP/1.1"], "{}", stderr(&out));
    assert_eq!(code(&out), 255, "{}", stderr(&out));
}

#[test]
fn broken_role_profiles_fail_as_the_aws_cli_says() {
    let home = home("e2e-broken-roles-home");
    let config = home.join(".aws/config");
    let mut text = std::fs::read_to_string(&config).expect("config");
    let token = home.join("no-such-token");
    text.push_str(&format!(
        "\n[profile web]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = {}\n\n\
         [profile orphan]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = missing\n",
        token.display()
    ));
    std::fs::write(&config, text).expect("config");
    for profile in ["web", "orphan", "role"] {
        let run = |program: PathBuf| {
            let stub = Stub::start(vec![Reply::json(PIPELINES)]);
            let mut cmd = in_home(&program, &home, "http://127.0.0.1:1");
            if program.ends_with("aws") {
                cmd.arg("codepipeline");
            }
            let out = cmd
                .env("AWS_MAX_ATTEMPTS", "1")
                .args(["list-pipelines", "--profile", profile, "--endpoint-url", &stub.url])
                .output()
                .expect("run");
            assert!(stub.requests().is_empty(), "{profile}: nothing reaches CodePipeline");
            out
        };
        let (ours, theirs) = (run(PathBuf::from(BIN)), run(venv_tool("aws")));
        assert_eq!(code(&ours), 255, "{profile}: {}", stderr(&ours));
        assert_eq!(stderr(&ours), stderr(&theirs), "{profile}");
    }
}

#[test]
fn fips_and_dual_stack_reach_the_hosts_the_aws_cli_reaches() {
    for (setting, host) in [
        ("AWS_USE_FIPS_ENDPOINT", "codepipeline-fips.us-east-1.amazonaws.com:443"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "codepipeline.us-east-1.api.aws:443"),
    ] {
        let connects = |program: PathBuf| {
            let proxy = Proxy::start();
            let mut cmd = sealed(&program);
            if program.ends_with("aws") {
                cmd.arg("codepipeline");
            }
            // The proxy goes no further than this machine: only the host asked for matters.
            let _ = cmd
                .env(setting, "true")
                .env("AWS_MAX_ATTEMPTS", "1")
                .env("HTTPS_PROXY", &proxy.url)
                .arg("list-pipelines")
                .output();
            // Method and host; the AWS CLI's proxy requests say HTTP/1.0.
            proxy
                .seen()
                .iter()
                .map(|line| line.rsplit_once(' ').map_or(line.clone(), |(asked, _)| asked.to_string()))
                .collect::<Vec<_>>()
        };
        let ours = connects(PathBuf::from(BIN));
        assert_eq!(ours, [format!("CONNECT {host}")], "{setting}");
        assert_eq!(ours, connects(venv_tool("aws")), "{setting}");
    }
}

#[test]
fn web_identity_environment_sourced_roles_and_a_private_ca_sts_all_sign_with_the_role() {
    let moto = Moto::start();
    let home = home("e2e-more-roles-home");
    let token = home.join("token");
    std::fs::write(&token, "eyJhbGciOiJIUzI1NiJ9.e30.signature").expect("token");
    let config = home.join(".aws/config");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!(
        "\n[profile web]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/web\nweb_identity_token_file = {}\n\n\
         [profile from-env]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/env\ncredential_source = Environment\n",
        token.display()
    ));
    std::fs::write(&config, text).expect("config");
    for profile in ["web", "from-env"] {
        let stub = Stub::start(vec![Reply::json(PIPELINES)]);
        let out = in_home(BIN, &home, &moto.url)
            .env("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT")
            .env("AWS_SECRET_ACCESS_KEY", "environment-secret")
            .args(["list-pipelines", "--profile", profile, "--endpoint-url", &stub.url])
            .output()
            .expect("run");
        assert_eq!(code(&out), 0, "{profile}: {}", stderr(&out));
        let key = signing_key(&stub.requests()[0]);
        assert!(key.starts_with("ASIA"), "{profile}: signed by the role, not the environment's key: {key}");
    }
    // STS behind a private CA: the CA bundle is STS's too.
    let (mut server, sts, cert) = crate::support::tls_stub("private-sts");
    let stub = Stub::start(vec![Reply::json(PIPELINES)]);
    let out = in_home(BIN, &home, &sts)
        .env("AWS_CA_BUNDLE", &cert)
        .args(["list-pipelines", "--profile", "role", "--endpoint-url", &stub.url])
        .output()
        .expect("run");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(signing_key(&stub.requests()[0]), "ASIATLSSTUB");
}
