//! `key@=file://path` support: the value names a local file whose contents replace it.
//! Remote `http(s)://` values are deliberately not fetched, as in the AWS CLI's shorthand.

use crate::python::py_repr_str;
use crate::shorthand::error::{Origin, ShorthandError};
use std::path::Path;

/// Returns the file contents when `value` is a `file://` or `fileb://` reference,
/// `None` when it is an ordinary value.
pub(crate) fn resolve(value: &str) -> Result<Option<String>, ShorthandError> {
    if let Some(rest) = value.strip_prefix("file://") {
        let path = expand_path(rest);
        let bytes = read(value, &path)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            ShorthandError::new(
                Origin::Other,
                format!(
                    "Unable to load paramfile ({path}), text contents could not be decoded.  \
                     If this is a binary file, please use the fileb:// prefix instead of the \
                     file:// prefix."
                ),
            )
        })?;
        // Python reads text files with universal newlines.
        return Ok(Some(text.replace("\r\n", "\n").replace('\r', "\n")));
    }
    if let Some(rest) = value.strip_prefix("fileb://") {
        let path = expand_path(rest);
        let bytes = read(value, &path)?;
        // Python hands raw bytes on; a JSON value can only carry them when they are text.
        return String::from_utf8(bytes).map(Some).map_err(|_| {
            ShorthandError::new(
                Origin::Other,
                format!("Unable to load paramfile {value}: binary contents are not valid UTF-8"),
            )
        });
    }
    Ok(None)
}

fn read(reference: &str, path: &str) -> Result<Vec<u8>, ShorthandError> {
    std::fs::read(Path::new(path)).map_err(|e| {
        // Render like Python's OSError: "[Errno 2] No such file or directory: 'x'".
        let os_error = match e.raw_os_error() {
            Some(code) => {
                let text = e.to_string();
                let reason = text.strip_suffix(&format!(" (os error {code})")).unwrap_or(&text);
                format!("[Errno {code}] {reason}: {}", py_repr_str(path))
            }
            None => e.to_string(),
        };
        ShorthandError::new(Origin::Other, format!("Unable to load paramfile {reference}: {os_error}"))
    })
}

/// `os.path.expandvars(os.path.expanduser(path))`, minus `~user` lookups.
fn expand_path(path: &str) -> String {
    expand_vars(&expand_home(path), |name| std::env::var(name).ok())
}

fn expand_home(path: &str) -> String {
    let Some(rest) = path.strip_prefix('~') else {
        return path.to_owned();
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return path.to_owned();
    }
    match std::env::var("HOME") {
        Ok(home) => {
            let home = home.trim_end_matches('/');
            let joined = format!("{home}{rest}");
            if joined.is_empty() {
                "/".to_owned()
            } else {
                joined
            }
        }
        Err(_) => path.to_owned(),
    }
}

/// `$NAME` and `${NAME}`; unknown variables stay as written, like Python.
fn expand_vars(path: &str, lookup: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (name, len) = if let Some(braced) = after.strip_prefix('{') {
            match braced.find('}') {
                Some(end) => (&braced[..end], end + 2),
                None => ("", 0),
            }
        } else {
            let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
            (&after[..end], end)
        };
        match lookup(name).filter(|_| len > 0) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[dollar..dollar + 1 + len]),
        }
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        (name == "D").then(|| "dir".to_owned())
    }

    #[test]
    fn variables_expand_like_posixpath() {
        assert_eq!(expand_vars("$D/x", env), "dir/x");
        assert_eq!(expand_vars("${D}x", env), "dirx");
        assert_eq!(expand_vars("$NOPE/$D", env), "$NOPE/dir");
        assert_eq!(expand_vars("a$", env), "a$");
        assert_eq!(expand_vars("${D", env), "${D");
        assert_eq!(expand_vars("${}", env), "${}");
    }

    #[test]
    fn plain_values_are_not_files() {
        assert_eq!(resolve("http://example.com"), Ok(None));
        assert_eq!(resolve("file:/x"), Ok(None));
    }

    #[test]
    fn missing_file_reads_like_python() {
        let e = resolve("file:///nonexistent/x").unwrap_err();
        assert_eq!(
            e.message(),
            "Unable to load paramfile file:///nonexistent/x: \
             [Errno 2] No such file or directory: '/nonexistent/x'"
        );
    }
}
