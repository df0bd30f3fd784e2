//! Derives the operation table from the vendored service model, so that no
//! operation or member is typed by hand: `src/invoke/dispatch.rs` expands each
//! generated line into decode → SDK call → encode. The compiler then checks
//! every model operation and member against the SDK.

use std::{env, fs, path::Path};

#[path = "src/model/names.rs"]
mod names;

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
];

fn main() {
    println!("cargo:rerun-if-changed=model/service-2.json");
    println!("cargo:rerun-if-changed=src/model/names.rs");
    println!("cargo:rerun-if-changed=Cargo.lock");

    let text = fs::read_to_string("model/service-2.json").expect("read model/service-2.json");
    let model: serde_json::Value = serde_json::from_str(&text).expect("parse model/service-2.json");
    let operations = model["operations"].as_object().expect("model has operations");

    let mut table = String::from("operations! {\n");
    for (name, op) in operations {
        let module = names::xform_name(name, '_');
        let mut setters = Vec::new();
        if let Some(input) = op["input"]["shape"].as_str() {
            let members = model["shapes"][input]["members"].as_object().expect("input members");
            for member in members.keys() {
                let field = names::xform_name(member, '_');
                let accessor =
                    if RUST_KEYWORDS.contains(&field.as_str()) { format!("r#{field}") } else { field.clone() };
                setters.push(format!("{accessor} => set_{field}"));
            }
        }
        table.push_str(&format!("    {name} {module} {name}Input [{}];\n", setters.join(", ")));
    }
    table.push_str("}\n");

    let out_dir = env::var("OUT_DIR").expect("OUT_DIR");
    fs::write(Path::new(&out_dir).join("operations.rs"), table).expect("write operations.rs");

    // The model without its documentation is a quarter of the size: that is
    // what a normal run parses; the full text is parsed only for help.
    let mut lean = model.clone();
    strip_documentation(&mut lean);
    fs::write(Path::new(&out_dir).join("model_index.rs"), model_index(&lean)).expect("write model_index.rs");

    println!("cargo:rustc-env=SDK_VERSION={}", locked_version("aws-sdk-codepipeline"));
}

/// The lean model as static tables of small JSON texts, one per operation and
/// per shape, sorted by name: a run parses only the entries it looks at.
/// (fuzz/build.rs makes the same tables with this code.)
pub(crate) fn model_index(lean: &serde_json::Value) -> String {
    let table = |key: &str| {
        let entries = lean[key].as_object().expect("model table");
        let mut names: Vec<&String> = entries.keys().collect();
        names.sort();
        let rows: Vec<String> =
            names.iter().map(|name| format!("    ({name:?}, {:?}),", entries[name.as_str()].to_string())).collect();
        format!("&[\n{}\n]", rows.join("\n"))
    };
    format!(
        "/// Operations by name: (name, JSON definition).\npub static OPERATIONS: &[(&str, &str)] = {};\n\
         /// Shapes by name: (name, JSON definition).\npub static SHAPES: &[(&str, &str)] = {};\n",
        table("operations"),
        table("shapes")
    )
}

pub(crate) fn strip_documentation(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("documentation");
            map.values_mut().for_each(strip_documentation);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_documentation),
        _ => {}
    }
}

/// The version of `package` recorded in Cargo.lock ("unknown" before the first lock).
fn locked_version(package: &str) -> String {
    let lock = fs::read_to_string("Cargo.lock").unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = ")) {
                return version.trim_matches('"').to_string();
            }
        }
    }
    "unknown".to_string()
}
