//! CLI settings that live beside credentials in `~/.aws/config`, with the
//! environment taking precedence, as the AWS CLI reads them: output format,
//! retries, CA bundle, pager. The profile files are read once, on demand.

use crate::error::CliError;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use aws_config::profile::Profile;
use std::borrow::Cow;

#[derive(Debug, Default)]
pub struct Settings {
    profile: Option<Profile>,
}

impl Settings {
    /// The selected profile's settings (`--profile`, else `AWS_PROFILE`, else `default`).
    /// A profile named on the command line must exist.
    pub async fn load(profile: Option<&str>) -> Result<Self, CliError> {
        let selected = profile.map(|p| Cow::Owned(p.to_string()));
        let loaded =
            aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), selected).await;
        let Ok(set) = loaded else {
            // Unreadable or malformed files: the SDK reports them when it needs credentials.
            return Ok(Settings::default());
        };
        let name = set.selected_profile().to_string();
        let Some(found) = set.get_profile(&name) else {
            if profile.is_some() {
                return Err(CliError::Config(format!("The config profile ({name}) could not be found")));
            }
            return Ok(Settings::default());
        };
        Ok(Settings { profile: Some(found.clone()) })
    }

    /// `cli_timestamp_format`, checked as AWS CLI v2 checks it before any call.
    pub fn timestamp_format(&self) -> Result<crate::localtime::TimestampFormat, CliError> {
        crate::localtime::TimestampFormat::parse(self.profile_value("cli_timestamp_format").as_deref())
            .map_err(CliError::Other)
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
