//! The AWS CLI shorthand syntax (src/shorthand/): any text through the syntactic
//! parser, then split on spaces into command-line words and read against a few
//! hand-built shapes, so the model-driven coercion (numbers, booleans, lists,
//! maps, documents, JSON fallback) runs too. Errors are fine; a panic (or abort,
//! stack overflow, hang) is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The shorthand modules refer to each other as `crate::shorthand::...`.
#[allow(dead_code)]
#[path = "../../src/shorthand/mod.rs"]
mod shorthand;

use shorthand::{parse_argument, parser, Kind, ShapeView};
use std::sync::OnceLock;

/// A model shape built by hand (like the unit tests' fake).
#[derive(Clone, Debug)]
enum Shape {
    Scalar(Kind),
    Structure(Vec<(&'static str, Shape)>),
    List(Box<Shape>),
    Map(Box<Shape>),
}

impl ShapeView for Shape {
    fn kind(&self) -> Kind {
        match self {
            Shape::Scalar(kind) => *kind,
            Shape::Structure(_) => Kind::Structure,
            Shape::List(_) => Kind::List,
            Shape::Map(_) => Kind::Map,
        }
    }

    fn members(&self) -> Vec<(String, Self)> {
        match self {
            Shape::Structure(members) => members
                .iter()
                .map(|(name, shape)| ((*name).to_owned(), shape.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn list_member(&self) -> Option<Self> {
        match self {
            Shape::List(member) => Some((**member).clone()),
            _ => None,
        }
    }

    fn map_value(&self) -> Option<Self> {
        match self {
            Shape::Map(value) => Some((**value).clone()),
            _ => None,
        }
    }
}

fn scalar(kind: Kind) -> Shape {
    Shape::Scalar(kind)
}

fn list(member: Shape) -> Shape {
    Shape::List(Box::new(member))
}

fn map(value: Shape) -> Shape {
    Shape::Map(Box::new(value))
}

fn tag() -> Shape {
    Shape::Structure(vec![("key", scalar(Kind::String)), ("value", scalar(Kind::String))])
}

/// The arguments every input is read as: (cli name, shape).
fn shapes() -> &'static [(&'static str, Shape)] {
    static SHAPES: OnceLock<Vec<(&'static str, Shape)>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        // Member names are short and match the seed corpus (tests/fixtures/shorthand),
        // so the fuzzer finds keys that reach the typed members.
        let everything = Shape::Structure(vec![
            ("name", scalar(Kind::String)),
            ("count", scalar(Kind::Integer)),
            ("big", scalar(Kind::Long)),
            ("flag", scalar(Kind::Boolean)),
            ("ratio", scalar(Kind::Double)),
            ("f", scalar(Kind::Float)),
            ("when", scalar(Kind::Timestamp)),
            ("blob", scalar(Kind::Blob)),
            ("doc", scalar(Kind::Document)),
            ("names", list(scalar(Kind::String))),
            ("nums", list(scalar(Kind::Integer))),
            ("flags", list(scalar(Kind::Boolean))),
            ("grid", list(list(scalar(Kind::Integer)))),
            ("tags", list(tag())),
            ("attrs", map(scalar(Kind::String))),
            ("limits", map(scalar(Kind::Integer))),
            ("groups", map(list(scalar(Kind::String)))),
            (
                "nested",
                Shape::Structure(vec![
                    ("a", scalar(Kind::String)),
                    ("b", scalar(Kind::Integer)),
                    ("c", list(map(scalar(Kind::Boolean)))),
                    ("d", tag()),
                ]),
            ),
        ]);
        vec![
            ("--everything", everything),
            ("--tags", list(tag())),
            ("--attrs", map(scalar(Kind::String))),
            // A structure whose only member is the string `Value` (`--behavior stop`).
            ("--behavior", Shape::Structure(vec![("Value", scalar(Kind::String))])),
            ("--docs", list(map(scalar(Kind::Document)))),
            ("--ids", list(scalar(Kind::Integer))),
            ("--matrix", list(list(scalar(Kind::String)))),
            ("--count", scalar(Kind::Integer)),
            ("--ratio", scalar(Kind::Double)),
            ("--flag", scalar(Kind::Boolean)),
        ]
    })
}

fn check(result: Result<serde_json::Value, impl std::fmt::Display>) {
    match result {
        Ok(value) => {
            let _ = serde_json::to_string(&value);
        }
        // The message the user would see, with its caret line.
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // Command-line words reach the parser as UTF-8 strings.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `key@=file://path` reads a local file (src/shorthand/paramfile.rs): with
    // fuzzer-chosen paths that is /dev/zero, /dev/stdin, ... (OOM, hangs), not a
    // parser bug. Those inputs are skipped; the unit tests cover paramfiles.
    if text.contains("file://") || text.contains("fileb://") {
        return;
    }

    match parser::parse(text) {
        Ok(value) => {
            assert!(value.is_object(), "parse gave a non-object: {value}");
            let _ = serde_json::to_string(&value);
        }
        // The message the user would see, with its caret line.
        Err(e) => {
            let _ = e.to_string();
        }
    }

    // As one word (`--x 'a=1, b=2'`) and as the words of an unquoted argument.
    let words: Vec<&str> = text.split(' ').collect();
    for (cli_name, shape) in shapes() {
        check(parse_argument(cli_name, &[text], shape));
        if words.len() > 1 {
            check(parse_argument(cli_name, &words, shape));
        }
    }
});
