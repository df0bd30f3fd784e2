//! `--output yaml` / `yaml-stream` as printed by AWS CLI v2.
//!
//! v2 dumps with ruamel.yaml `YAML(typ='safe')`, `default_flow_style=False`,
//! whose C emitter is libyaml: block style, two-space indent, sequences in a
//! mapping not indented, unicode kept, lines folded past column 80, and the
//! YAML 1.2 resolver deciding which strings need quotes. ruamel's safe
//! representer also sorts mapping keys, so the CLI's YAML is key-sorted even
//! though its JSON keeps the response order. This module is a small emitter
//! that reproduces those choices for JSON-shaped values.

use crate::python;
use serde_json::{Map, Value};

/// `--output yaml`: one document. Like the CLI, an empty top-level object
/// (an operation with no output) prints nothing.
pub fn render(value: &Value) -> String {
    if value.as_object().is_some_and(Map::is_empty) {
        return String::new();
    }
    Emitter::new().document(value)
}

/// `--output yaml-stream` for an already merged response: the CLI wraps each
/// page in a list so that concatenated pages form one YAML sequence.
pub fn render_stream(value: &Value) -> String {
    Emitter::new().document(&Value::Array(vec![value.clone()]))
}

const BEST_WIDTH: usize = 80;
const BEST_INDENT: usize = 2;
/// libyaml writes longer keys (in bytes) in the explicit `? key` form.
const MAX_SIMPLE_KEY_LEN: usize = 128;

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// Where a node sits; mirrors the emitter contexts that steer libyaml.
#[derive(Clone, Copy, Default)]
struct Context {
    root: bool,
    mapping: bool,
    simple_key: bool,
}

struct Emitter {
    out: String,
    /// Characters (not bytes or display cells) since the last line break,
    /// which is what libyaml compares against the 80-column width.
    column: usize,
    /// Indentation of the current block; `None` before the root node.
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    whitespace: bool,
    indention: bool,
    open_ended: bool,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: None,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            open_ended: false,
        }
    }

    fn document(mut self, value: &Value) -> String {
        self.node(value, Context { root: true, ..Context::default() });
        self.write_indent();
        // A plain scalar at the root could run on, so libyaml closes the
        // document explicitly.
        if self.open_ended {
            self.out.push_str("...\n");
        }
        self.out
    }

    fn node(&mut self, value: &Value, ctx: Context) {
        match value {
            Value::Array(items) if !items.is_empty() => self.block_sequence(items, ctx),
            Value::Object(map) if !map.is_empty() => self.block_mapping(map),
            Value::Array(_) => self.empty_flow("[", "]"),
            Value::Object(_) => self.empty_flow("{", "}"),
            scalar => {
                let (text, implicit) = scalar_text(scalar);
                self.scalar(&text, implicit, ctx);
            }
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn block_sequence(&mut self, items: &[Value], ctx: Context) {
        // A sequence that is a mapping value starts at the key's column.
        self.increase_indent(false, ctx.mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::default());
        }
        self.pop_indent();
    }

    fn block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            self.write_indent();
            let value_ctx = Context { mapping: true, ..Context::default() };
            if is_simple_key(key) {
                let key_ctx = Context { mapping: true, simple_key: true, ..Context::default() };
                self.scalar(key, plain_resolves_to_str(key), key_ctx);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.scalar(key, plain_resolves_to_str(key), value_ctx);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, value_ctx);
        }
        self.pop_indent();
    }

    fn scalar(&mut self, text: &str, implicit: bool, ctx: Context) {
        let style = choose_style(text, implicit, ctx.simple_key);
        self.increase_indent(true, false);
        let allow_breaks = !ctx.simple_key;
        match style {
            Style::Plain => self.write_plain(text, allow_breaks, ctx.root),
            Style::Single => self.write_single_quoted(text, allow_breaks),
            Style::Double => self.write_double_quoted(text, allow_breaks),
        }
        self.pop_indent();
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = Some(match self.indent {
            None if flow => BEST_INDENT,
            None => 0,
            Some(i) if indentless => i,
            Some(i) => i + BEST_INDENT,
        });
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().flatten();
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// Line breaks other than `\n` (U+2028/U+2029) are copied as they are.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        indicator.chars().for_each(|c| self.put(c));
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
        self.open_ended = false;
    }

    fn write_plain(&mut self, text: &str, allow_breaks: bool, root: bool) {
        if !self.whitespace && !text.is_empty() {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
        if root {
            self.open_ended = true;
        }
    }

    fn write_single_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                // Inside quotes a lone line break folds to a space, so a real
                // newline is written as an empty line.
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                escape(c).chars().for_each(|e| self.put(e));
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last {
                    self.write_indent();
                    // A space right after the fold would be eaten as
                    // indentation, so it is escaped.
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }
}

/// Text of a scalar and whether a plain rendering would read back as the
/// same type (numbers, booleans and null always do).
fn scalar_text(value: &Value) -> (String, bool) {
    match value {
        Value::Null => ("null".to_owned(), true),
        Value::Bool(b) => (b.to_string(), true),
        // ruamel prints floats with Python's repr, lower-cased.
        Value::Number(n) => (python::py_number(n).to_lowercase(), true),
        Value::String(s) => (s.clone(), plain_resolves_to_str(s)),
        // Containers never reach here; render them as Python would rather than panic.
        other => (python::py_repr_of(other), false),
    }
}

fn escape(c: char) -> String {
    let short = match c {
        '\0' => "0",
        '\u{7}' => "a",
        '\u{8}' => "b",
        '\t' => "t",
        '\n' => "n",
        '\u{b}' => "v",
        '\u{c}' => "f",
        '\r' => "r",
        '\u{1b}' => "e",
        '"' => "\"",
        '\\' => "\\",
        '\u{85}' => "N",
        '\u{a0}' => "_",
        '\u{2028}' => "L",
        '\u{2029}' => "P",
        _ => "",
    };
    if !short.is_empty() {
        return short.to_owned();
    }
    let code = c as u32;
    if code <= 0xff {
        format!("x{code:02X}")
    } else if code <= 0xffff {
        format!("u{code:04X}")
    } else {
        format!("U{code:08X}")
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank_or_end(c: Option<char>) -> bool {
    matches!(c, None | Some(' ' | '\t' | '\0')) || c.is_some_and(is_break)
}

/// libyaml's notion of printable: note that it leaves out everything above
/// the Basic Multilingual Plane, so emoji are written as `\U` escapes.
fn is_printable(c: char) -> bool {
    matches!(c as u32, 0x0a | 0x20..=0x7e | 0xa0..=0xd7ff | 0xe000..=0xfffd) && c != '\u{feff}'
}

fn is_simple_key(key: &str) -> bool {
    key.len() <= MAX_SIMPLE_KEY_LEN && !key.chars().any(is_break)
}

/// What libyaml's scalar analysis allows for a block-context scalar.
struct Analysis {
    multiline: bool,
    block_plain: bool,
    single_quoted: bool,
}

fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis { multiline: false, block_plain: true, single_quoted: true };
    }
    let chars: Vec<char> = text.chars().collect();
    let last = chars.len() - 1;
    let mut block_indicators = text.starts_with("---") || text.starts_with("...");
    let (mut line_breaks, mut special) = (false, false);
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blank_or_end(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) || (matches!(c, '?' | ':' | '-') && followed_by_whitespace) {
                block_indicators = true;
            }
        } else if (c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace) {
            block_indicators = true;
        }
        if !is_printable(c) || c == '\u{feff}' {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i == last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            leading_break |= i == 0;
            trailing_break |= i == last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank_or_end(Some(c));
    }
    let block_plain = !(leading_space
        || leading_break
        || trailing_space
        || trailing_break
        || break_space
        || space_break
        || special
        || line_breaks
        || block_indicators);
    Analysis { multiline: line_breaks, block_plain, single_quoted: !(break_space || space_break || special) }
}

fn choose_style(text: &str, implicit: bool, simple_key: bool) -> Style {
    let analysis = analyze(text);
    if simple_key && analysis.multiline {
        return Style::Double;
    }
    let plain_ok = implicit && analysis.block_plain && !(text.is_empty() && simple_key);
    if plain_ok {
        Style::Plain
    } else if analysis.single_quoted {
        Style::Single
    } else {
        Style::Double
    }
}

/// True when the YAML 1.2 resolver (as configured in ruamel) would read the
/// unquoted text back as a string rather than a bool, number, null,
/// timestamp, or merge/value key.
fn plain_resolves_to_str(s: &str) -> bool {
    !(is_bool(s) || is_null(s) || is_int(s) || is_float(s) || is_timestamp(s) || s == "<<" || s == "=")
}

fn is_bool(s: &str) -> bool {
    matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
}

fn is_null(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn all_nonempty(s: &str, ok: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(ok)
}

fn is_int(s: &str) -> bool {
    // The resolver is picked by first character, so `_1` stays a string.
    if !s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+') {
        return false;
    }
    let body = strip_sign(s);
    let digit_or_underscore = |c: char| c.is_ascii_digit() || c == '_';
    if let Some(bin) = body.strip_prefix("0b") {
        if all_nonempty(bin, |c| matches!(c, '0' | '1' | '_')) {
            return true;
        }
    }
    if let Some(hex) = body.strip_prefix("0x") {
        if all_nonempty(hex, |c| c.is_ascii_hexdigit() || c == '_') {
            return true;
        }
    }
    if let Some(oct) = body.strip_prefix("0o") {
        if all_nonempty(oct, |c| matches!(c, '0'..='7' | '_')) {
            return true;
        }
    }
    all_nonempty(body, digit_or_underscore)
}

/// `[eE][-+]?[0-9]+` (sign optional) or `[eE][-+][0-9]+` (sign required).
fn is_exponent(s: &str, sign_required: bool) -> bool {
    let Some(rest) = s.strip_prefix(['e', 'E']) else {
        return false;
    };
    let digits = match rest.strip_prefix(['-', '+']) {
        Some(d) => d,
        None if sign_required => return false,
        None => rest,
    };
    all_nonempty(digits, |c| c.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let body = strip_sign(s);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let digit_or_underscore = |c: char| c.is_ascii_digit() || c == '_';
    // `.5`, `.5e+1`: digits after the point, exponent sign required.
    if let Some(frac) = body.strip_prefix('.') {
        let end = frac.find(['e', 'E']).unwrap_or(frac.len());
        let (digits, exp) = frac.split_at(end);
        return all_nonempty(digits, digit_or_underscore) && (exp.is_empty() || is_exponent(exp, true));
    }
    // `1.`, `1_0.5e3`, `1e5`: leading digit, optional point, exponent required without a point.
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let mantissa_end = body.find(['e', 'E']).unwrap_or(body.len());
    let (mantissa, exp) = body.split_at(mantissa_end);
    match mantissa.split_once('.') {
        Some((int, frac)) => {
            all_nonempty(int, digit_or_underscore)
                && frac.chars().all(digit_or_underscore)
                && (exp.is_empty() || is_exponent(exp, false))
        }
        None => all_nonempty(mantissa, digit_or_underscore) && is_exponent(exp, false),
    }
}

/// `YYYY-MM-DD`, or a date, `T`/`t`/blanks, `H:MM:SS`, optional fraction and
/// optional zone (`Z`, `+H`, `-HH:MM`, possibly after blanks).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: &[u8]| !range.is_empty() && range.iter().all(u8::is_ascii_digit);
    if b.len() == 10 && digits(&b[0..4]) && b[4] == b'-' && digits(&b[5..7]) && b[7] == b'-' && digits(&b[8..10]) {
        return true;
    }
    let mut p = Parser { b, i: 0 };
    let date = p.digits(4, 4) && p.byte(b'-') && p.digits(1, 2) && p.byte(b'-') && p.digits(1, 2);
    if !date {
        return false;
    }
    if !(p.byte(b'T') || p.byte(b't') || p.blanks()) {
        return false;
    }
    if !(p.digits(1, 2) && p.byte(b':') && p.digits(2, 2) && p.byte(b':') && p.digits(2, 2)) {
        return false;
    }
    if p.byte(b'.') {
        p.digits(0, usize::MAX);
    }
    if p.i == b.len() {
        return true;
    }
    p.blanks();
    let zone = p.byte(b'Z') || ((p.byte(b'+') || p.byte(b'-')) && p.digits(1, 2) && (!p.byte(b':') || p.digits(2, 2)));
    zone && p.i == b.len()
}

/// Greedy cursor for the timestamp pattern; greedy is exact here because no
/// optional part can start with what precedes it.
struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn byte(&mut self, want: u8) -> bool {
        let hit = self.b.get(self.i) == Some(&want);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn digits(&mut self, min: usize, max: usize) -> bool {
        let n = self.b[self.i..].iter().take(max).take_while(|c| c.is_ascii_digit()).count();
        self.i += n;
        n >= min
    }

    fn blanks(&mut self) -> bool {
        let n = self.b[self.i..].iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
        self.i += n;
        n > 0
    }
}

#[cfg(test)]
mod tests {
    /// Every document of tests/fixtures/yaml_corpus, against what ruamel.yaml
    /// (AWS CLI v2's emitter) printed for it (tests/fixtures/yaml_corpus/oracle.py).
    #[test]
    fn corpus_matches_ruamel_byte_for_byte() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/yaml_corpus");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("corpus").flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let value: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("JSON");
            let expected = std::fs::read_to_string(path.with_extension("yaml")).expect("expected yaml");
            assert_eq!(super::render(&value), expected, "{}", path.display());
            let expected = std::fs::read_to_string(path.with_extension("stream.yaml")).expect("expected stream");
            assert_eq!(super::render_stream(&value), expected, "{} (stream)", path.display());
            checked += 1;
        }
        assert!(checked >= 50, "only {checked} documents");
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn block_layout_matches_aws_cli_v2() {
        let v = json!({
            "pipelines": [{"name": "alpha", "version": 1, "tags": ["a", "b"]}],
            "empty": [], "none": {}, "nextToken": null
        });
        assert_eq!(
            render(&v),
            "empty: []\nnextToken: null\nnone: {}\npipelines:\n- name: alpha\n  tags:\n  - a\n  - b\n  version: 1\n"
        );
    }

    #[test]
    fn ambiguous_strings_are_quoted_yaml_1_2_style() {
        let v = json!({"a": "123", "b": "true", "c": "yes", "d": "2024-01-01T00:00:00+00:00",
                       "e": "1e5", "f": "", "g": "null", "h": "x: y", "i": "x:y", "j": "- x", "k": "#c"});
        assert_eq!(
            render(&v),
            "a: '123'\nb: 'true'\nc: yes\nd: '2024-01-01T00:00:00+00:00'\ne: '1e5'\nf: ''\ng: 'null'\nh: 'x: y'\ni: x:y\nj: '- x'\nk: '#c'\n"
        );
    }

    #[test]
    fn multiline_unicode_and_escapes() {
        let v = json!({"m": "one\ntwo", "u": "Grüße 名前", "t": "a\tb", "e": "🚀", "q": "it's"});
        assert_eq!(render(&v), "e: \"\\U0001F680\"\nm: 'one\n\n  two'\nq: it's\nt: \"a\\tb\"\nu: Grüße 名前\n");
    }

    #[test]
    fn long_text_folds_after_column_80() {
        let words = "word ".repeat(20);
        let v = json!({ "k": words.trim_end() });
        let want = format!("k: {}\n  word word word word\n", "word ".repeat(16).trim_end());
        assert_eq!(render(&v), want);
    }

    #[test]
    fn top_level_values() {
        assert_eq!(render(&json!({})), "");
        assert_eq!(render(&json!([])), "[]\n");
        assert_eq!(render(&json!("abc")), "abc\n...\n");
        assert_eq!(render(&json!("123")), "'123'\n");
        assert_eq!(render(&json!(1e20)), "1e+20\n...\n");
        assert_eq!(render(&json!([[1, 2], {"a": 1}])), "- - 1\n  - 2\n- a: 1\n");
    }

    #[test]
    fn stream_wraps_the_response_in_a_list() {
        assert_eq!(render_stream(&json!({"a": 1, "b": [1]})), "- a: 1\n  b:\n  - 1\n");
        assert_eq!(render_stream(&json!({})), "- {}\n");
    }

    #[test]
    fn output_reads_back_as_the_same_value() {
        let v = json!({"s": "a\nb\n", "n": [1, -2.5, 1e20], "d": {"k k": " lead", "": "empty key"},
                       "x": "tab\there", "long": "z ".repeat(60)});
        let back: Value = serde_yaml_ng::from_str(&render(&v)).expect("valid YAML");
        assert_eq!(back, v);
    }
}
