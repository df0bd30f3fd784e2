//! The `response` target includes src/model/ (for `wire_order`), which reads
//! the model tables that the main build script generates into OUT_DIR. They
//! are made here by that script's own code, from the same vendored model.

use std::{env, fs, path::Path};

// Only its table builders are used here; its main() is the main package's.
#[allow(dead_code)]
#[path = "../build.rs"]
mod main_build;

fn main() {
    println!("cargo:rerun-if-changed=../model/service-2.json");
    println!("cargo:rerun-if-changed=../build.rs");
    let text = fs::read_to_string("../model/service-2.json").expect("read ../model/service-2.json");
    let mut model: serde_json::Value = serde_json::from_str(&text).expect("parse ../model/service-2.json");
    main_build::strip_documentation(&mut model);
    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    fs::write(Path::new(&out_dir).join("model_index.rs"), main_build::model_index(&model)).expect("write model_index.rs");
}
