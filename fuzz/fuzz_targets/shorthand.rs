//! The AWS CLI shorthand syntax (src/shorthand/): any text through the syntactic
//! parser, then split on spaces into command-line words and read against a few
//! hand-built shapes, so the model-driven coercion (numbers, booleans, lists,
//! maps, documents, JSON fallback) runs too. Errors are fine; a panic (or abort,
//! stack overflow, hang) is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The shorthand modules refer to each other as `crate::shorthand::...`,
// quote text with `crate::python` and read JSON with `crate::json_loads`.
// Parts the CLI uses and this target does not are expected here.
#[allow(dead_code, unused_imports)]
#[path = "../../src/shorthand/mod.rs"]
mod shorthand;
#[allow(dead_code)]
#[path = "../../src/python.rs"]
mod python;
#[path = "../../src/json_loads.rs"]
mod json_loads;

// The same hand-built shapes as the unit tests (cfg(fuzzing) exports them).
use shorthand::fake::{list, map, Shape};
use shorthand::{parse_argument, parser, Kind};
use std::sync::OnceLock;

fn scalar(kind: Kind) -> Shape {
    Shape::Scalar(kind)
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
