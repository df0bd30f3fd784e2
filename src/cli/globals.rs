//! The global options, read once from the parsed command line into types:
//! nothing past this module looks a global option up by its name.

use super::global;
use crate::error::CliError;
use crate::invoke::ClientOptions;
use clap::ArgMatches;

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    On,
    Off,
    /// On when stdout is a terminal and `NO_COLOR` is not set.
    Auto,
}

#[derive(Debug, Clone)]
pub struct Globals {
    pub client: ClientOptions,
    /// `--output`, before the environment and the profile are consulted.
    pub output: Option<String>,
    pub query: Option<String>,
    pub no_paginate: bool,
    pub color: Color,
    pub no_pager: bool,
    pub no_sign_request: bool,
}

impl Globals {
    pub fn from_matches(matches: &ArgMatches) -> Result<Globals, CliError> {
        let text = |id: &str| matches.get_one::<String>(id).cloned();
        // 0 means no limit; below it, the AWS CLI's (urllib3's) message.
        let seconds = |id: &str, what: &str| {
            match matches.get_one::<i64>(id).copied() {
            Some(n) if n < 0 => Err(CliError::Other(format!(
                "Attempted to set {what} timeout to {n}, but the timeout cannot be set to a value less than or equal to 0."
            ))),
            other => Ok(other.map(i64::unsigned_abs)),
        }
        };
        Ok(Globals {
            client: ClientOptions {
                region: text(global::REGION),
                profile: text(global::PROFILE),
                endpoint_url: text(global::ENDPOINT_URL),
                debug: matches.get_flag(global::DEBUG),
                read_timeout: seconds(global::READ_TIMEOUT, "read")?,
                connect_timeout: seconds(global::CONNECT_TIMEOUT, "connect")?,
                ca_bundle: text(global::CA_BUNDLE),
                no_verify_ssl: matches.get_flag(global::NO_VERIFY_SSL),
                interactive: true,
            },
            output: text(global::OUTPUT),
            query: text(global::QUERY),
            no_paginate: matches.get_flag(global::NO_PAGINATE),
            color: match text(global::COLOR).as_deref() {
                Some("on") => Color::On,
                Some("off") => Color::Off,
                _ => Color::Auto,
            },
            no_pager: matches.get_flag(global::NO_CLI_PAGER),
            no_sign_request: matches.get_flag(global::NO_SIGN_REQUEST),
        })
    }
}
