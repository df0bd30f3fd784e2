//! The purely syntactic shorthand parser: `k=v,k2=[a,b],k3={x=y}` to a JSON object whose
//! leaves are all strings. Types come later, from the model (see `coerce`).
//!
//! Positions are counted in characters because that is what the AWS CLI reports.

use crate::shorthand::charset::{
    continues_first_value, continues_later_value, is_key_char, is_py_space, is_token_space, starts_value,
};
use crate::shorthand::error::ShorthandError;
use crate::shorthand::paramfile;
use serde_json::{Map, Value};

/// Parses one shorthand word. `key@=file://path` (and `fileb://`) values are replaced
/// by the file's contents; `http(s)://` is left alone.
pub fn parse(text: &str) -> Result<Value, ShorthandError> {
    let mut parser = Parser { input: text.chars().collect(), pos: 0, load_files: false, depth: 0 };
    parser.parameter()
}

/// How deep `[...]` and `{...}` may nest: far beyond any real parameter,
/// far below what would exhaust the stack.
pub const MAX_DEPTH: usize = 100;

struct Parser {
    input: Vec<char>,
    pos: usize,
    /// How many `[` and `{` are open.
    depth: usize,
    /// Set by `key@=`; stays on until the next key, as in the AWS CLI.
    load_files: bool,
}

impl Parser {
    fn parameter(&mut self) -> Result<Value, ShorthandError> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut value_end = self.pos;
        while !self.at_eof() {
            self.expect_spaced(',')?;
            let (key, value) = self.keyval()?;
            if params.contains_key(&key) {
                // Usually `--tags k=a,v=b,k=c,v=d` where a space was meant.
                return Err(ShorthandError::duplicate_key(&self.input, &key, value_end + 1));
            }
            params.insert(key, value);
            value_end = self.pos;
        }
        Ok(Value::Object(params))
    }

    fn keyval(&mut self) -> Result<(String, Value), ShorthandError> {
        let key = self.key();
        self.assignment()?;
        Ok((key, self.values()?))
    }

    /// `=` or `@=`, with optional whitespace around each character.
    fn assignment(&mut self) -> Result<(), ShorthandError> {
        self.skip_spaces();
        self.load_files = self.current() == Some('@');
        if self.load_files {
            self.pos += 1;
            self.skip_spaces();
        }
        self.expect_spaced('=')
    }

    /// Keys may be empty: `=x` is `{"": "x"}`.
    fn key(&mut self) -> String {
        let start = self.pos;
        while self.current().is_some_and(is_key_char) {
            self.pos += 1;
        }
        self.input[start..self.pos].iter().collect()
    }

    fn values(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// `a` is a string, `a,b` a list; the list ends where an item turns out to be the
    /// next key (`a,b,c=d`), which is only known after reading past it, hence the
    /// backtracking.
    fn csv_value(&mut self) -> Result<Value, ShorthandError> {
        let first = self.first_value()?;
        self.skip_spaces();
        if self.current() != Some(',') {
            return Ok(Value::String(first));
        }
        self.expect_spaced(',')?;
        let mut items = vec![Value::String(first)];
        loop {
            match self.list_item() {
                Ok((item, more)) => {
                    items.push(Value::String(item));
                    if !more {
                        break;
                    }
                }
                Err(e) if self.at_eof() || !e.is_syntax() => return Err(e),
                Err(_) => {
                    // Back to the nearest comma, even one that sits inside the item just
                    // read (`\,` or a quoted comma); the AWS CLI does the same.
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        if items.len() == 1 {
            return Ok(items.remove(0));
        }
        Ok(Value::Array(items))
    }

    /// One later item of a comma-separated list and whether a comma follows it.
    fn list_item(&mut self) -> Result<(String, bool), ShorthandError> {
        let item = self.later_value()?;
        self.skip_spaces();
        if self.at_eof() {
            return Ok((item, false));
        }
        self.expect_spaced(',')?;
        Ok((item, true))
    }

    fn explicit_list(&mut self) -> Result<Value, ShorthandError> {
        self.expect_spaced('[')?;
        let mut items = Vec::new();
        while self.current() != Some(']') {
            items.push(self.explicit_value()?);
            self.skip_spaces();
            if self.current() != Some(']') {
                self.expect(',')?;
                self.skip_spaces();
            }
        }
        self.expect(']')?;
        Ok(Value::Array(items))
    }

    fn hash_literal(&mut self) -> Result<Value, ShorthandError> {
        self.expect_spaced('{')?;
        let mut members = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.assignment()?;
            let value = self.explicit_value()?;
            self.skip_spaces();
            if self.current() != Some('}') {
                self.expect(',')?;
                self.skip_spaces();
            }
            // A repeated key silently overwrites, keeping its first position.
            members.insert(key, value);
        }
        self.expect('}')?;
        Ok(Value::Object(members))
    }

    fn explicit_value(&mut self) -> Result<Value, ShorthandError> {
        match self.current() {
            Some('[' | '{') if self.depth >= MAX_DEPTH => Err(ShorthandError::too_deep(&self.input, self.pos)),
            Some('[') => self.nested(Self::explicit_list),
            Some('{') => self.nested(Self::hash_literal),
            _ => self.first_value().map(Value::String),
        }
    }

    fn nested(&mut self, parse: fn(&mut Self) -> Result<Value, ShorthandError>) -> Result<Value, ShorthandError> {
        self.depth += 1;
        let value = parse(self);
        self.depth -= 1;
        value
    }

    fn first_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some(quote @ ('\'' | '"')) => self.quoted(quote),
            _ => {
                // An unquoted value may be empty (`a=,b=`), so no match is not an error.
                let raw = self.take_unquoted(continues_first_value);
                self.finish_unquoted(&raw)
            }
        }
    }

    fn later_value(&mut self) -> Result<String, ShorthandError> {
        match self.current() {
            Some(quote @ ('\'' | '"')) => self.quoted(quote),
            _ => {
                let raw = self.take_unquoted(continues_later_value);
                if raw.is_empty() {
                    return Err(self.syntax_error("<second>", "<none>"));
                }
                self.finish_unquoted(&raw)
            }
        }
    }

    /// Reads `\,` pairs and characters of the class; stops at anything else.
    fn take_unquoted(&mut self, continues: fn(char) -> bool) -> String {
        let start = self.pos;
        let mut class: fn(char) -> bool = starts_value;
        while let Some(c) = self.current() {
            if c == '\\' && self.input.get(self.pos + 1) == Some(&',') {
                self.pos += 2;
            } else if class(c) {
                self.pos += 1;
            } else {
                break;
            }
            class = continues;
        }
        self.input[start..self.pos].iter().collect()
    }

    fn finish_unquoted(&self, raw: &str) -> Result<String, ShorthandError> {
        let value = raw.replace("\\,", ",").trim_end_matches(is_py_space).to_owned();
        self.maybe_load(value)
    }

    /// A quoted value; inside, only `\<quote>` and `\\` are escapes.
    fn quoted(&mut self, quote: char) -> Result<String, ShorthandError> {
        let Some(end) = self.closing_quote(quote) else {
            let name = if quote == '\'' { "<singled quoted>" } else { "<double quoted>" };
            return Err(self.syntax_error(name, "<none>"));
        };
        let body: String = self.input[self.pos + 1..end].iter().collect();
        self.pos = end + 1;
        let unescaped = body.replace(&format!("\\{quote}"), &quote.to_string()).replace("\\\\", "\\");
        self.maybe_load(unescaped)
    }

    /// Where the AWS CLI's quoted-string regex ends its match. Scanning greedily, `\'`
    /// is an escaped quote; if the input ends before a bare quote, the regex backtracks
    /// and lets the quote of the last `\'` close the string instead.
    fn closing_quote(&self, quote: char) -> Option<usize> {
        let mut i = self.pos + 1;
        let mut last_escaped = None;
        while let Some(&c) = self.input.get(i) {
            if c == '\\' && self.input.get(i + 1) == Some(&quote) {
                last_escaped = Some(i + 1);
                i += 2;
            } else if c == quote {
                return Some(i);
            } else {
                i += 1;
            }
        }
        last_escaped
    }

    fn maybe_load(&self, value: String) -> Result<String, ShorthandError> {
        if !self.load_files {
            return Ok(value);
        }
        Ok(paramfile::resolve(&value)?.unwrap_or(value))
    }

    fn expect_spaced(&mut self, expected: char) -> Result<(), ShorthandError> {
        self.skip_spaces();
        self.expect(expected)?;
        self.skip_spaces();
        Ok(())
    }

    fn expect(&mut self, expected: char) -> Result<(), ShorthandError> {
        match self.current() {
            Some(c) if c == expected => {
                self.pos += 1;
                Ok(())
            }
            Some(c) => Err(self.syntax_error(&expected.to_string(), &c.to_string())),
            None => Err(self.syntax_error(&expected.to_string(), "EOF")),
        }
    }

    fn syntax_error(&self, expected: &str, actual: &str) -> ShorthandError {
        ShorthandError::syntax(&self.input, expected, actual, self.pos)
    }

    fn backtrack_to(&mut self, target: char) {
        while self.pos > 0 && self.input.get(self.pos) != Some(&target) {
            self.pos -= 1;
        }
    }

    fn skip_spaces(&mut self) {
        while self.current().is_some_and(is_token_space) {
            self.pos += 1;
        }
    }

    fn current(&self) -> Option<char> {
        self.input.get(self.pos).copied()
    }

    fn at_eof(&self) -> bool {
        self.pos >= self.input.len()
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn pairs_lists_and_hashes() {
        assert_eq!(
            parse("k=v, l=a,b, e=[x,{y=z}], h={n=[]}").ok(),
            Some(json!({"k": "v", "l": ["a", "b"], "e": ["x", {"y": "z"}], "h": {"n": []}}))
        );
    }

    #[test]
    fn a_list_stops_before_the_next_key() {
        assert_eq!(parse("a=1,2,b=3").ok(), Some(json!({"a": ["1", "2"], "b": "3"})));
        // The backtrack lands on the escaped comma, so `2\` is dropped, as in the AWS CLI.
        assert_eq!(parse("a=1,2\\,b=3").ok(), Some(json!({"a": "1", "b": "3"})));
    }

    #[test]
    fn quotes_keep_what_unquoted_values_trim() {
        assert_eq!(parse("a=' x ', b= y ").ok(), Some(json!({"a": " x ", "b": "y"})));
        // No bare closing quote: the last escaped one closes the string instead.
        assert_eq!(parse("a='x\\'").ok(), Some(json!({"a": "x\\"})));
    }

    #[test]
    fn columns_count_characters() {
        let e = parse("k=\u{2713},").unwrap_err();
        assert_eq!(e.column(), Some(4));
        assert_eq!(e.message(), "Expected: '<second>', received: '<none>' for input:\nk=\u{2713},\n    ^");
    }

    #[test]
    fn repeated_keys_point_after_the_previous_value() {
        let e = parse("key=a,value=b,key=c").unwrap_err();
        assert_eq!(e.column(), Some(14));
        assert!(e.message().starts_with("Second instance of key \"key\""));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("a={}", "[".repeat(30_000));
        let e = parse(&deep).unwrap_err();
        assert!(e.to_string().contains("Nesting is too deep"), "{e}");
        let deep_hashes = format!("a={}", "{b=".repeat(20_000));
        assert!(parse(&deep_hashes).is_err());
        let fine = format!("a={}x{}", "[".repeat(super::MAX_DEPTH), "]".repeat(super::MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }
}
