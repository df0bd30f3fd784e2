//! Completion in real shells (bash, zsh, fish) with the checked-in scripts,
//! the completion engine being this binary; and the man pages through groff.

use crate::stub::{Reply, Stub};
use crate::support::{sealed, stderr, stdout, BIN};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A PATH on which `codepipeline` is the binary under test.
fn path_with_binary() -> String {
    let dir = Path::new(BIN).parent().expect("binary dir").display().to_string();
    format!("{dir}:{}", std::env::var("PATH").unwrap_or_default())
}

fn shell(program: &str) -> Command {
    let mut cmd = sealed(program);
    cmd.env("PATH", path_with_binary());
    cmd
}

fn lines(out: &std::process::Output) -> Vec<String> {
    assert!(out.status.success(), "{}", stderr(out));
    stdout(out).lines().map(String::from).collect()
}

/// Candidates bash offers for `words` (the last one being completed).
fn bash(words: &[&str]) -> Vec<String> {
    let script = repo("completions/codepipeline.bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let current = words.last().copied().unwrap_or("");
    let previous = words.len().checked_sub(2).map(|i| words[i]).unwrap_or("");
    let program = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_TYPE=9; \
         _clap_complete_codepipeline codepipeline '{current}' '{previous}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    lines(&shell("bash").args(["--norc", "-c", &program]).output().expect("bash"))
}

#[test]
fn bash_completes_commands_flags_and_enum_values() {
    assert_eq!(bash(&["codepipeline", "get-pip"]), ["get-pipeline", "get-pipeline-execution", "get-pipeline-state"]);
    assert_eq!(bash(&["codepipeline", "get-pipeline", "--na"]), ["--name"]);
    assert_eq!(bash(&["codepipeline", "disable-stage-transition", "--transition-type", ""]), ["Inbound", "Outbound"]);
}

#[test]
fn zsh_completes_commands_and_flags() {
    let script = repo("completions/_codepipeline");
    // The completion system's own functions are replaced by ones that print
    // what they are given; the script's function runs as zsh runs it.
    let run = |words: &str, current: usize| {
        let program = format!(
            "compdef() {{ :; }}; _describe() {{ local name=${{@[-1]}}; print -l -- ${{(P)name}}; }}; \
             source '{}'; words=({words}); CURRENT={current}; _clap_dynamic_completer_codepipeline",
            script.display()
        );
        let values: Vec<String> = lines(&shell("zsh").args(["-f", "-c", &program]).output().expect("zsh"))
            .iter()
            .map(|l| l.split(':').next().unwrap_or("").to_string())
            .collect();
        values
    };
    assert_eq!(run("codepipeline get-pip", 2), ["get-pipeline", "get-pipeline-execution", "get-pipeline-state"]);
    assert_eq!(run("codepipeline get-pipeline --na", 3), ["--name"]);
}

#[test]
fn fish_completes_commands_and_flags() {
    let script = repo("completions/codepipeline.fish");
    let run = |line: &str| {
        let program = format!("source '{}'; complete -C '{line}'", script.display());
        lines(&shell("fish").args(["--no-config", "-c", &program]).output().expect("fish"))
            .iter()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run("codepipeline get-pip"), ["get-pipeline", "get-pipeline-execution", "get-pipeline-state"]);
    assert!(run("codepipeline get-pipeline --na").contains(&"--name".to_string()));
}

#[test]
fn pipeline_names_are_completed_from_the_account_and_cached() {
    let stub = Stub::start(vec![Reply::json(
        r#"{"pipelines":[{"name":"release-main","version":1},{"name":"release-hotfix","version":2},{"name":"nightly","version":1}]}"#,
    )]);
    let cache = repo("target").join("e2e-completion-cache").join(stub.url.replace([':', '/'], "_"));
    let words = ["codepipeline", "get-pipeline", "--endpoint-url", stub.url.as_str(), "--name", "rel"];
    for _ in 0..2 {
        let out = shell(BIN)
            .env("XDG_CACHE_HOME", &cache)
            .env("COMPLETE", "bash")
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .env("_CLAP_IFS", "\n")
            .arg("--")
            .args(words)
            .output()
            .expect("complete");
        assert_eq!(lines(&out), ["release-main", "release-hotfix"]);
    }
    let sent = stub.requests();
    assert_eq!(sent.len(), 1, "the second completion comes from the cache");
    assert_eq!(sent[0].target(), "CodePipeline_20150709.ListPipelines");
    // The cache holds the names alone, readable by their owner only.
    use std::os::unix::fs::PermissionsExt;
    let dir = cache.join("codepipeline").join("completion");
    let mode = |path: &std::path::Path| std::fs::metadata(path).expect("cached").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let files: Vec<_> =
        std::fs::read_dir(&dir).expect("cache folder").filter_map(Result::ok).map(|e| e.path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(
        std::fs::read_to_string(&files[0]).expect("cache file"),
        r#"["release-main","release-hotfix","nightly"]"#
    );
}

#[test]
fn man_pages_render_without_warnings_and_document_every_parameter() {
    let page = repo("man/codepipeline-create-pipeline.1");
    let out = Command::new("groff")
        .args(["-ww", "-man", "-Tutf8"])
        .arg(&page)
        .env("MANWIDTH", "100")
        .output()
        .expect("groff");
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "groff warnings");
    let out =
        Command::new("man").arg("-l").arg(&page).env("MANPAGER", "cat").env("MANWIDTH", "100").output().expect("man");
    let text = stdout(&out).replace('\u{8}', "");
    // Overstrike bold (x\bx) is gone with the backspaces; squeeze the doubles it leaves.
    assert!(out.status.success(), "{}", stderr(&out));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Creates a pipeline."), "{flat}");
    for flag in ["--pipeline", "--tags", "--cli-input-json"] {
        let doubled: String = flag.chars().flat_map(|c| [c, c]).collect();
        assert!(flat.contains(flag) || flat.contains(&doubled), "{flag} missing from the man page");
    }
}
