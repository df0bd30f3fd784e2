//! The error type shared by the parser, the shape-aware step and the argument entry point.

use std::fmt;

/// How the AWS CLI would surface an error; this decides whether the
/// "Error parsing parameter" prefix applies and how list arguments rewrap it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// A `ShorthandParseError` (or a `ParamError`): reported under the parameter's name.
    Shorthand,
    /// A Python `ValueError`/`TypeError` from `int()`/`float()`: reported bare, except
    /// that a list-of-scalars argument replaces it with a `ParamError`.
    Conversion,
    /// Anything else Python lets escape (file loading, attribute errors): reported bare.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShorthandError {
    message: String,
    column: Option<usize>,
    param: Option<String>,
    origin: Origin,
}

impl ShorthandError {
    pub(crate) fn new(origin: Origin, message: impl Into<String>) -> Self {
        Self { message: message.into(), column: None, param: None, origin }
    }

    /// The "Expected: 'x', received: 'y'" error raised by the grammar.
    pub(crate) fn syntax(input: &[char], expected: &str, actual: &str, column: usize) -> Self {
        let message = format!("Expected: '{expected}', received: '{actual}' for input:\n{}", pointer(input, column));
        Self { column: Some(column), ..Self::new(Origin::Shorthand, message) }
    }

    /// Nesting deeper than the parser follows (the AWS CLI's Python parser
    /// stops at its recursion limit; we stop well before the stack would).
    pub(crate) fn too_deep(input: &[char], column: usize) -> Self {
        let message = format!(
            "Nesting is too deep (more than {} levels) for input:\n{}",
            crate::shorthand::parser::MAX_DEPTH,
            pointer(input, column)
        );
        Self { column: Some(column), ..Self::new(Origin::Shorthand, message) }
    }

    pub(crate) fn duplicate_key(input: &[char], key: &str, column: usize) -> Self {
        let message = format!(
            "Second instance of key \"{key}\" encountered for input:\n{}\n\
             This is often because there is a preceding \",\" instead of a space.",
            pointer(input, column)
        );
        Self { column: Some(column), ..Self::new(Origin::Shorthand, message) }
    }

    /// A `ParamError`: always reported under the parameter's name.
    pub(crate) fn param_error(cli_name: &str, message: impl Into<String>) -> Self {
        Self { param: Some(cli_name.to_owned()), ..Self::new(Origin::Shorthand, message) }
    }

    /// Attaches the parameter name where the AWS CLI would wrap the error in a `ParamError`.
    pub(crate) fn in_param(mut self, cli_name: &str) -> Self {
        if self.origin == Origin::Shorthand && self.param.is_none() {
            self.param = Some(cli_name.to_owned());
        }
        self
    }

    /// Grammar errors are the ones the comma-separated list recovers from.
    pub(crate) fn is_syntax(&self) -> bool {
        self.column.is_some()
    }

    pub(crate) fn origin(&self) -> Origin {
        self.origin
    }

    /// The message without the "Error parsing parameter" prefix.
    #[cfg(test)]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Character (not byte) offset into the shorthand text, for grammar errors.
    #[cfg(test)]
    pub fn column(&self) -> Option<usize> {
        self.column
    }
}

impl fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.param {
            Some(param) => write!(f, "Error parsing parameter '{param}': {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ShorthandError {}

/// Renders the input with a caret under `column`; with multi-line input the caret goes
/// right below the offending line so it still lines up.
fn pointer(input: &[char], column: usize) -> String {
    let column = column.min(input.len());
    let (before, after) = input.split_at(column);
    let indent = match before.iter().rposition(|&c| c == '\n') {
        Some(newline) => column - newline - 1,
        None => column,
    };
    let split = after.iter().position(|&c| c == '\n').map_or(input.len(), |i| column + i);
    let consumed: String = input[..split].iter().collect();
    let remaining: String = input[split..].iter().collect();
    format!("{consumed}\n{}^{remaining}", " ".repeat(indent))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn pointer_on_single_line() {
        assert_eq!(pointer(&chars("a=b,"), 4), "a=b,\n    ^");
    }

    #[test]
    fn pointer_is_relative_to_its_line() {
        assert_eq!(pointer(&chars("a=b,\nc==d"), 7), "a=b,\nc==d\n  ^");
        assert_eq!(pointer(&chars("a==b\nc=d"), 2), "a==b\n  ^\nc=d");
    }

    #[test]
    fn prefix_only_under_a_parameter() {
        let e = ShorthandError::syntax(&chars("a"), "=", "EOF", 1);
        assert_eq!(e.to_string(), "Expected: '=', received: 'EOF' for input:\na\n ^");
        let e = e.in_param("--tags");
        assert!(e.to_string().starts_with("Error parsing parameter '--tags': Expected: '='"));
        let bare = ShorthandError::new(Origin::Other, "boom").in_param("--tags");
        assert_eq!(bare.to_string(), "boom");
    }
}
