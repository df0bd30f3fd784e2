//! Character classes of the AWS CLI grammar, as code-point ranges.
//!
//! The Python regexes only cover the Basic Multilingual Plane, so characters above
//! U+FFFF (emoji, for instance) are rejected in unquoted values, exactly like there.

/// Python's `string.whitespace`, which is what the parser skips between tokens.
pub(crate) fn is_token_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// Python's `str.isspace()` (and `\s`), used by `rstrip()`/`strip()` on values.
/// It differs from Rust's notion only by counting U+001C..U+001F as whitespace.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Which characters may start an unquoted value: no quote, comma, `=`, `[` or `{`.
pub(crate) fn starts_value(c: char) -> bool {
    matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='Z' | '\\'..='z' | '|'..='\u{ffff}')
}

/// What may follow in the first value after `key=` (or in an explicit list): `=`, `[`
/// and `{` are fine here, the closing `]`/`}` and the separating comma are not.
pub(crate) fn continues_first_value(c: char) -> bool {
    is_py_space(c) || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='\\' | '^'..='|' | '~'..='\u{ffff}')
}

/// What may follow in the later values of a comma-separated list: no `=`, so that
/// `a=b,c,d=e` can tell the list item `c` from the next key `d`.
pub(crate) fn continues_later_value(c: char) -> bool {
    is_py_space(c) || matches!(c, '!' | '#'..='&' | '('..='+' | '-'..='<' | '>'..='\u{ffff}')
}

/// Characters allowed in keys.
pub(crate) fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_are_excluded_everywhere() {
        for c in ['"', '\'', ','] {
            assert!(!starts_value(c) && !continues_first_value(c) && !continues_later_value(c));
        }
    }

    #[test]
    fn brackets_and_equals() {
        assert!(!starts_value('[') && !starts_value('{') && !starts_value('='));
        assert!(starts_value(']') && starts_value('}'));
        assert!(continues_first_value('=') && continues_first_value('['));
        assert!(!continues_first_value(']') && !continues_first_value('}'));
        assert!(!continues_later_value('=') && continues_later_value(']'));
    }

    #[test]
    fn astral_plane_is_rejected() {
        assert!(!starts_value('\u{1f600}') && !continues_first_value('\u{1f600}'));
        assert!(starts_value('\u{2713}'));
    }

    #[test]
    fn python_whitespace() {
        assert!(is_py_space('\u{1c}') && is_py_space('\u{3000}') && !is_py_space('\u{200b}'));
        assert!(!is_token_space('\u{a0}'));
        assert_eq!(py_strip("\u{a0} x \u{1f}"), "x");
    }
}
