//! `--cli-input-json` / `--cli-input-yaml`: any text, read as JSON and as YAML by
//! src/document.rs. Errors are fine; a panic (or abort, overflow, hang) is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "../../src/document.rs"]
mod document;
#[path = "../../src/json_loads.rs"]
mod json_loads;

use document::{parse_object, Syntax};

fuzz_target!(|data: &[u8]| {
    // The CLI reads these documents as UTF-8 text.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (flag, syntax) in [("cli-input-json", Syntax::Json), ("cli-input-yaml", Syntax::Yaml)] {
        match parse_object(flag, text, syntax) {
            Ok(map) => {
                // What the CLI does next with the parameters: serialize them.
                let _ = serde_json::to_string(&map);
            }
            Err(e) => {
                // The message and code the user would see.
                let _ = e.to_string();
                assert_eq!(e.exit_code(), error::exit::USAGE, "{e}");
            }
        }
    }
});
