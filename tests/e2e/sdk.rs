//! The vendored model and the SDK in Cargo.lock must describe the same
//! operations, so that upgrading either can never drift silently.

use crate::synth;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

/// The source directory of the aws-sdk-codepipeline that Cargo.lock selects.
fn sdk_source() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        // The host platform only: Windows-only crates need not be downloaded.
        .args(["metadata", "--format-version", "1", "--locked", "--offline", "--filter-platform", host()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let package = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .find(|p| p["name"] == "aws-sdk-codepipeline")
        .expect("aws-sdk-codepipeline is a dependency");
    let manifest = PathBuf::from(package["manifest_path"].as_str().expect("manifest_path"));
    manifest.parent().expect("package dir").join("src/operation")
}

fn host() -> &'static str {
    if cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        "x86_64-unknown-linux-gnu"
    } else if cfg!(all(target_arch = "aarch64", target_os = "linux")) {
        "aarch64-unknown-linux-gnu"
    } else if cfg!(all(target_arch = "aarch64", target_os = "macos")) {
        "aarch64-apple-darwin"
    } else {
        "x86_64-apple-darwin"
    }
}

#[test]
fn model_operations_are_exactly_the_sdk_operations() {
    let sdk: BTreeSet<String> = std::fs::read_dir(sdk_source())
        .expect("read the SDK's operation modules")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    let model: BTreeSet<String> = synth::operation_names().iter().map(|op| synth::module_name(op)).collect();
    assert_eq!(model, sdk, "the vendored model and aws-sdk-codepipeline disagree");
    assert_eq!(model.len(), 44);
}
