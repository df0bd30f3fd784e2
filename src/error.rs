//! Every failure the CLI can report, and the one place where a failure becomes
//! a message on stderr and an exit code (AWS CLI v2's codes).

use std::fmt;

/// Exit codes, as AWS CLI v2 documents them.
pub mod exit {
    /// The command succeeded.
    pub const OK: u8 = 0;
    /// Interrupted by Ctrl-C (128 + SIGINT).
    pub const INTERRUPTED: u8 = 130;
    /// The command line could not be parsed, or a parameter was invalid. Nothing was sent.
    pub const USAGE: u8 = 252;
    /// The configuration (credentials, region, profile) is missing or invalid.
    pub const CONFIG: u8 = 253;
    /// The service answered with an error.
    pub const SERVICE: u8 = 254;
    /// Anything else: network failure, unreadable response, internal error.
    pub const OTHER: u8 = 255;
}

#[derive(Debug)]
pub enum CliError {
    /// A bad command line or parameter value: nothing was sent.
    Usage(String),
    /// Parameter validation against the model failed: nothing was sent.
    ParamValidation(Vec<String>),
    /// Credentials, region or profile are missing or unusable.
    Config(String),
    /// The service returned an error response.
    Service {
        operation: String,
        code: String,
        message: String,
        /// How many retries were made before giving up, when they ran out.
        retries: Option<u32>,
    },
    /// A pipeline definition with problems (`validate`): nothing was sent.
    Invalid { title: String, problems: Vec<String> },
    /// A waiter ended in a failure state or timed out (AWS CLI waiters exit 255).
    Waiter(String),
    /// Any other failure.
    Other(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::ParamValidation(_) => exit::USAGE,
            CliError::Config(_) => exit::CONFIG,
            CliError::Service { .. } => exit::SERVICE,
            CliError::Invalid { .. } => exit::USAGE,
            CliError::Waiter(_) => exit::OTHER,
            CliError::Other(_) => exit::OTHER,
        }
    }
}

impl fmt::Display for CliError {
    /// The text printed on stderr, matching the AWS CLI's wording where it has one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) => write!(
                f,
                "usage: codepipeline [options] <command> [parameters]\n\
                 To see help text, you can run:\n  codepipeline --help\n  codepipeline <command> --help\n\n\
                 codepipeline: error: {message}"
            ),
            CliError::ParamValidation(problems) => {
                write!(f, "\nParameter validation failed:")?;
                for problem in problems {
                    write!(f, "\n{problem}")?;
                }
                Ok(())
            }
            CliError::Config(message) | CliError::Other(message) => write!(f, "\n{message}"),
            CliError::Invalid { title, problems } => write!(f, "{title}\n{}", problems.join("\n")),
            CliError::Waiter(message) => write!(f, "\n{message}"),
            CliError::Service { operation, code, message, retries } => {
                write!(f, "\nAn error occurred ({code}) when calling the {operation} operation")?;
                if let Some(retries) = retries {
                    write!(f, " (reached max retries: {retries})")?;
                }
                write!(f, ": {message}")
            }
        }
    }
}

impl std::error::Error for CliError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_reads_like_the_aws_cli() {
        let err = CliError::Service {
            operation: "GetPipeline".into(),
            code: "PipelineNotFoundException".into(),
            message: "Account '123' does not have a pipeline with name 'x'".into(),
            retries: None,
        };
        assert_eq!(
            err.to_string(),
            "\nAn error occurred (PipelineNotFoundException) when calling the GetPipeline operation: \
             Account '123' does not have a pipeline with name 'x'"
        );
        assert_eq!(err.exit_code(), 254);
    }

    #[test]
    fn each_kind_has_its_documented_exit_code() {
        assert_eq!(CliError::Usage("x".into()).exit_code(), 252);
        assert_eq!(CliError::ParamValidation(vec![]).exit_code(), 252);
        assert_eq!(CliError::Config("x".into()).exit_code(), 253);
        assert_eq!(CliError::Other("x".into()).exit_code(), 255);
    }
}
