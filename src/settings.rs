//! CLI settings that live beside credentials in `~/.aws/config`, with the
//! environment taking precedence, as the AWS CLI reads them: output format,
//! retries, CA bundle, pager. The profile files are read once, on demand.

use crate::error::CliError;
use aws_config::profile::Profile;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use std::borrow::Cow;

#[derive(Debug, Default)]
pub struct Settings {
    profile: Option<Profile>,
    /// Every profile the files define (a role's `source_profile` must be one).
    names: Vec<String>,
}

impl Settings {
    /// The selected profile's settings (`selected_profile`). A profile that
    /// is named (on the command line or in the environment) must exist, and
    /// the files must parse, with the AWS CLI's messages (exit 255).
    pub async fn load(flag: Option<&str>) -> Result<Self, CliError> {
        let named = selected_profile(flag);
        let loaded = aws_config::profile::load(
            &Fs::real(),
            &Env::real(),
            &EnvConfigFiles::default(),
            named.clone().map(Cow::Owned),
        )
        .await;
        let set = match loaded {
            Ok(set) => set,
            Err(err) => {
                use std::error::Error;
                // The parse error's own text names the file; an unreadable
                // file reads as no file, as the AWS CLI reads it.
                return match err.source().and_then(|parse| parsed_path(&parse.to_string())) {
                    Some(path) => Err(CliError::Other(format!("Unable to parse config file: {path}"))),
                    None => Ok(Settings::default()),
                };
            }
        };
        let name = set.selected_profile().to_string();
        let Some(found) = set.get_profile(&name) else {
            if named.is_some() {
                return Err(CliError::Other(format!("The config profile ({name}) could not be found")));
            }
            return Ok(Settings::default());
        };
        let names = set.profiles().map(String::from).collect();
        Ok(Settings { profile: Some(found.clone()), names })
    }

    /// Whether the files define a profile called `name`.
    pub fn has_profile(&self, name: &str) -> bool {
        self.names.iter().any(|known| known == name)
    }

    /// The selected profile, as read from the files.
    pub fn profile(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    /// `cli_timestamp_format`, checked as AWS CLI v2 checks it before any call.
    pub fn timestamp_format(&self) -> Result<crate::localtime::TimestampFormat, CliError> {
        crate::localtime::TimestampFormat::parse(self.profile_value("cli_timestamp_format").as_deref())
            .map_err(CliError::Config)
    }

    /// `cli_binary_format` from the profile: one of AWS CLI v2's two values.
    pub fn check_binary_format(&self) -> Result<(), CliError> {
        match self.profile_value("cli_binary_format").as_deref() {
            None | Some("base64") | Some("raw-in-base64-out") => Ok(()),
            Some(other) => Err(CliError::Other(format!(
                "Unknown cli_binary_format value: '{other}', valid values are \"base64\" or \"raw-in-base64-out\""
            ))),
        }
    }

    /// `env` if set and not empty, else the profile's `key`.
    pub fn get(&self, env: &str, key: &str) -> Option<String> {
        match std::env::var(env) {
            Ok(value) if !value.is_empty() => Some(value),
            _ => self.profile_value(key),
        }
    }

    /// The profile's `key`, whatever the environment says.
    pub fn profile_value(&self, key: &str) -> Option<String> {
        self.profile.as_ref()?.get(key).map(String::from)
    }
}

/// Every profile the config and credentials files define, with its
/// `region`; none when they cannot be read (completion stays silent).
pub fn configured_profiles() -> Vec<(String, Option<String>)> {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else { return Vec::new() };
    let loaded =
        runtime.block_on(aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None));
    let Ok(set) = loaded else { return Vec::new() };
    let mut profiles: Vec<(String, Option<String>)> = set
        .profiles()
        .map(|name| (name.to_string(), set.get_profile(name).and_then(|p| p.get("region")).map(String::from)))
        .collect();
    profiles.sort();
    profiles
}

/// The profile named for this run: `--profile`, else `AWS_DEFAULT_PROFILE`,
/// else `AWS_PROFILE` (botocore reads the two variables in that order).
pub fn selected_profile(flag: Option<&str>) -> Option<String> {
    let env = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    flag.map(String::from).or_else(|| env("AWS_DEFAULT_PROFILE")).or_else(|| env("AWS_PROFILE"))
}

/// The file named in the SDK's "error parsing PATH on line N: ..." message.
fn parsed_path(message: &str) -> Option<String> {
    let rest = message.strip_prefix("error parsing ")?;
    rest.rsplit_once(" on line ").map(|(path, _)| path.to_string())
}
