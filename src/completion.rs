//! Shell completion, driven by the binary itself (clap_complete's
//! environment-activated engine): the checked-in scripts only register a
//! function that calls `codepipeline` back, so completions never go stale
//! and can offer live values — enum values from the model, and pipeline,
//! stage and action names from the account, cached on disk for a minute and
//! never waited on for more than about a second.

use crate::invoke::{ClientOptions, Invoker};
use crate::model::model;
use crate::settings::Settings;
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter, CompletionCandidate};
use serde_json::{Map, Value};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::cmd::completion::{BIN, VAR};

const CACHE_TTL: Duration = Duration::from_secs(60);
const FETCH_TIMEOUT: Duration = Duration::from_millis(900);

/// Answers a completion request and exits, if this run is one.
pub fn complete_if_asked() {
    clap_complete::CompleteEnv::with_factory(|| command(Words::from_env())).var(VAR).bin(BIN).completer(BIN).complete();
}

/// The words of the command line being completed, which the live
/// completers read (the pipeline a stage belongs to, the profile to ask
/// with): a shell's are set once; the interactive prompt's change as it is typed.
#[derive(Clone, Default)]
pub struct Words(Arc<Mutex<Vec<String>>>);

impl Words {
    /// A shell's: the arguments after `--`. A word that is not UTF-8 leaves
    /// nothing to go on: completion stays silent.
    fn from_env() -> Self {
        let words = std::env::args_os()
            .skip_while(|w| w != "--")
            .skip(1)
            .map(|w| w.into_string())
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_default();
        Words(Arc::new(Mutex::new(words)))
    }

    pub fn set(&self, words: Vec<String>) {
        if let Ok(mut held) = self.0.lock() {
            *held = words;
        }
    }

    fn line(&self) -> CommandLine {
        CommandLine { words: self.0.lock().map(|words| words.clone()).unwrap_or_default() }
    }
}

/// The documented command tree with value completers on the arguments that
/// have them; the live ones read `words`.
pub fn command(words: Words) -> clap::Command {
    let mut cmd = crate::cmd::REGISTRY.command_with_aliases();
    cmd = cmd.mut_arg(crate::cli::global::PROFILE, |arg| arg.add(ArgValueCandidates::new(profiles)));
    cmd = cmd.mut_arg(crate::cli::global::REGION, |arg| arg.add(ArgValueCandidates::new(regions)));
    for op in model().operations() {
        let Some(input) = op.input() else { continue };
        let name = op.command_name();
        for member in input.members() {
            let id = member.name().to_string();
            let values: Vec<String> = member.shape().enum_values().into_iter().map(String::from).collect();
            let live = live_completer(member.shape().name(), &words);
            cmd = cmd.mut_subcommand(&name, |sub| {
                sub.mut_arg(&id, |arg| match live {
                    Some(completer) => arg.add(completer),
                    None if !values.is_empty() => arg.add(ArgValueCandidates::new(move || {
                        values.iter().map(CompletionCandidate::new).collect::<Vec<_>>()
                    })),
                    None => arg,
                })
            });
        }
    }
    cmd
}

/// Live values by the member's shape, so that `delete-webhook --name` (a
/// `WebhookName`) is not offered pipeline names.
fn live_completer(shape: &str, words: &Words) -> Option<ArgValueCompleter> {
    let kind = match shape {
        "PipelineName" => Live::Pipelines,
        "StageName" => Live::Stages,
        "ActionName" => Live::Actions,
        "PipelineExecutionId" => Live::Executions,
        _ => return None,
    };
    let words = words.clone();
    Some(ArgValueCompleter::new(move |current: &OsStr| kind.candidates(current, &words.line())))
}

#[derive(Clone, Copy)]
enum Live {
    Pipelines,
    Stages,
    Actions,
    Executions,
}

impl Live {
    fn candidates(self, current: &OsStr, line: &CommandLine) -> Vec<CompletionCandidate> {
        let prefix = current.to_string_lossy();
        let names = match self {
            Live::Pipelines => line.pipelines(),
            Live::Stages => line.stages(None),
            Live::Actions => match line.option("--stage-name") {
                Some(stage) => line.stages(Some(stage)),
                None => Vec::new(),
            },
            Live::Executions => {
                let executions = line.executions().into_iter().filter(|(id, _)| id.starts_with(prefix.as_ref()));
                return executions.map(|(id, status)| CompletionCandidate::new(id).help(Some(status.into()))).collect();
            }
        };
        names.into_iter().filter(|n| n.starts_with(prefix.as_ref())).map(CompletionCandidate::new).collect()
    }
}

/// The profiles the config and credentials files define, each with the region it names.
fn profiles() -> Vec<CompletionCandidate> {
    crate::settings::configured_profiles()
        .into_iter()
        .map(|(name, region)| CompletionCandidate::new(name).help(region.map(|r| format!("region {r}").into())))
        .collect()
}

/// The regions the environment and the profiles name (the SDK carries no list of regions).
fn regions() -> Vec<CompletionCandidate> {
    let from_env = ["AWS_REGION", "AWS_DEFAULT_REGION"].into_iter().filter_map(|key| std::env::var(key).ok());
    let mut names: Vec<String> =
        from_env.chain(crate::settings::configured_profiles().into_iter().filter_map(|(_, region)| region)).collect();
    names.retain(|name| !name.is_empty());
    names.sort();
    names.dedup();
    names.into_iter().map(CompletionCandidate::new).collect()
}

/// Stage names of a get-pipeline response, or the action names of `stage`.
fn stage_names(pipeline: &Value, stage: Option<String>) -> Vec<String> {
    let stages = pipeline["pipeline"]["stages"].as_array().cloned().unwrap_or_default();
    let name_of = |v: &Value| v["name"].as_str().map(String::from);
    match stage {
        None => stages.iter().filter_map(name_of).collect(),
        Some(stage) => stages
            .iter()
            .filter(|s| s["name"].as_str() == Some(stage.as_str()))
            .flat_map(|s| s["actions"].as_array().cloned().unwrap_or_default())
            .filter_map(|a| name_of(&a))
            .collect(),
    }
}

/// The words of the command line being completed (after `--`).
struct CommandLine {
    words: Vec<String>,
}

impl CommandLine {
    /// The value of `flag`, written `--flag value` or `--flag=value`.
    fn option(&self, flag: &str) -> Option<String> {
        let joined = format!("{flag}=");
        self.words
            .iter()
            .enumerate()
            .find_map(|(at, word)| match word.strip_prefix(&joined) {
                Some(value) => Some(value.to_string()),
                None if word == flag => self.words.get(at + 1).cloned(),
                None => None,
            })
            .filter(|value| !value.is_empty())
    }

    fn client_options(&self) -> ClientOptions {
        ClientOptions {
            region: self.option("--region"),
            profile: self.option("--profile"),
            endpoint_url: self.option("--endpoint-url"),
            ..ClientOptions::default()
        }
    }

    fn pipelines(&self) -> Vec<String> {
        cached(&self.client_options(), "ListPipelines", Map::new(), "", |response| {
            response["pipelines"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|p| p["name"].as_str())
                .map(String::from)
                .collect()
        })
    }

    /// The stage names of the pipeline on the command line, or the action names of `stage`.
    fn stages(&self, stage: Option<String>) -> Vec<String> {
        let Some(name) = self.option("--pipeline-name").or_else(|| self.option("--name")) else { return Vec::new() };
        let mut input = Map::new();
        input.insert("name".into(), Value::String(name));
        let what = stage.clone().unwrap_or_default();
        cached(&self.client_options(), "GetPipeline", input, &what, |response| stage_names(response, stage.clone()))
    }

    fn executions(&self) -> Vec<(String, String)> {
        let Some(name) = self.option("--pipeline-name").or_else(|| self.option("--name")) else { return Vec::new() };
        let mut input = Map::new();
        input.insert("pipelineName".into(), Value::String(name));
        cached(&self.client_options(), "ListPipelineExecutions", input, "", execution_ids)
    }
}

/// The newest executions of the pipeline on the command line, with their status.
fn execution_ids(executions: &Value) -> Vec<(String, String)> {
    let summaries = executions["pipelineExecutionSummaries"].as_array().into_iter().flatten();
    summaries
        .filter_map(|e| Some((e["pipelineExecutionId"].as_str()?.to_string(), e["status"].as_str()?.to_string())))
        .collect()
}

/// The names `names` picks out of a response, from the on-disk cache when
/// fresh, else from the service within the time limit; none on any failure
/// (completion stays silent). Only the names are kept, in files only their
/// owner can read (`0600` in a `0700` folder), each written whole.
fn cached<Name: serde::Serialize + serde::de::DeserializeOwned>(
    options: &ClientOptions,
    operation: &str,
    input: Map<String, Value>,
    what: &str,
    names: impl Fn(&Value) -> Vec<Name>,
) -> Vec<Name> {
    // Whatever chooses the account and region is part of the key: names
    // cached for one profile are never offered for another.
    let key = format!("{operation}|{}|{}|{what}", account_key(options), Value::Object(input.clone()));
    let path = cache_dir().map(|dir| dir.join(format!("{:016x}.json", hash(&key))));
    if let Some(path) = &path {
        let fresh = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| SystemTime::now().duration_since(at).ok())
            .is_some_and(|age| age < CACHE_TTL);
        if fresh {
            if let Some(names) = std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()) {
                return names;
            }
        }
    }
    let Some(response) = fetch(options, operation, input) else { return Vec::new() };
    let names = names(&response);
    if let Some(path) = &path {
        // A cache that cannot be written only makes the next completion slower.
        if let Ok(text) = serde_json::to_string(&names) {
            let _ = store(path, &text);
        }
    }
    names
}

/// What chooses the account, region and endpoint a cache's contents came from.
pub(crate) fn account_key(options: &ClientOptions) -> String {
    let env = |key: &str| std::env::var(key).unwrap_or_default();
    format!(
        "{}|{}|{}|{}|{}",
        crate::settings::selected_profile(options.profile.as_deref()).unwrap_or_default(),
        options.region.as_deref().unwrap_or(""),
        env("AWS_REGION"),
        env("AWS_DEFAULT_REGION"),
        options.endpoint_url.as_deref().unwrap_or(""),
    )
}

/// Writes `text` to `path` through a private temporary file and a rename.
pub(crate) fn store(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    crate::private_file::private_dir(path.parent().ok_or_else(|| std::io::Error::other("no folder"))?)?;
    crate::private_file::write(path, text.as_bytes())
}

fn fetch(options: &ClientOptions, operation: &str, input: Map<String, Value>) -> Option<Value> {
    let op = model().operation(operation)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
    runtime.block_on(async {
        let call = async {
            let settings = Settings::load(options.profile.as_deref()).await.ok()?;
            let invoker = Invoker::new(options, &settings).await.ok()?;
            invoker.call(op, input, None).await.ok()
        };
        tokio::time::timeout(FETCH_TIMEOUT, call).await.ok().flatten()
    })
}

fn cache_dir() -> Option<PathBuf> {
    Some(cache_root()?.join("completion"))
}

/// `$XDG_CACHE_HOME/codepipeline`, else `~/.cache/codepipeline`.
pub(crate) fn cache_root() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(base.join("codepipeline"))
}

/// A file name for a cache key; a change of hash between builds only costs a cache miss.
pub(crate) fn hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::completion::{registration, SHELLS};

    /// The file in `completions/` for `shell`.
    fn file_name(shell: &str) -> String {
        match shell {
            "zsh" => "_codepipeline".into(),
            "powershell" => "codepipeline.ps1".into(),
            "elvish" => "codepipeline.elv".into(),
            other => format!("codepipeline.{other}"),
        }
    }

    /// `completions/` holds exactly what this binary generates; to refresh it
    /// run `scripts/regenerate-docs`.
    #[test]
    fn checked_in_scripts_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
        for shell in SHELLS {
            let path = dir.join(file_name(shell));
            let generated = registration(shell).unwrap_or_default();
            if std::env::var_os("UPDATE_GENERATED").is_some() {
                std::fs::create_dir_all(&dir).expect("create completions/");
                std::fs::write(&path, &generated).expect("write completion script");
            }
            let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(checked_in == generated, "{} is stale: run scripts/regenerate-docs", path.display());
        }
    }

    #[test]
    fn every_shell_has_a_registration_script() {
        for shell in SHELLS {
            let script = registration(shell).unwrap_or_default();
            assert!(script.contains("codepipeline"), "{shell}: {script}");
        }
        assert!(registration("tcsh").is_none());
    }

    #[test]
    fn stage_and_action_names_come_from_the_pipeline() {
        let pipeline = serde_json::json!({"pipeline": {"stages": [
            {"name": "Source", "actions": [{"name": "Checkout"}]},
            {"name": "Deploy", "actions": [{"name": "Blue"}, {"name": "Green"}]}
        ]}});
        assert_eq!(stage_names(&pipeline, None), ["Source", "Deploy"]);
        assert_eq!(stage_names(&pipeline, Some("Deploy".into())), ["Blue", "Green"]);
    }

    #[test]
    fn execution_ids_come_with_their_status() {
        let listed = serde_json::json!({"pipelineExecutionSummaries": [
            {"pipelineExecutionId": "e-2", "status": "InProgress"}, {"pipelineExecutionId": "e-1", "status": "Failed"}
        ]});
        assert_eq!(execution_ids(&listed), [("e-2".into(), "InProgress".into()), ("e-1".into(), "Failed".into())]);
    }
}
