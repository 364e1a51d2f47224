//! Embeds every `frameworks/*.toml` and `models/*.toml` file in the binary, so it runs from any directory.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    shells();
    embed(
        "frameworks",
        "EMBEDDED",
        "Shipped framework files",
        "embedded.rs",
    );
    embed(
        "models",
        "EMBEDDED_MODELS",
        "Shipped health model files",
        "embedded_models.rs",
    );
}

/// Writes `OUT_DIR/<out>` declaring `<name>`: every `<dir>/*.toml` as (file name, contents).
fn embed(dir: &str, name: &str, doc: &str, out: &str) {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code =
        format!("/// {doc}: (file name, contents).\npub static {name}: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let file = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        code.push_str(&format!(
            "    ({file:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join(out);
    if let Err(e) = fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// The zsh and fish completion tests (tests/shell.rs) are built only where the
/// shell is installed (`cfg(has_zsh)`, `cfg(has_fish)`): a fresh machine without
/// them still passes `cargo test`, says at build time which check it left out,
/// and never counts a check that did not run as passed. On CI (`CI` set;
/// .ci/run installs both) they are always built, so a missing shell fails there.
fn shells() {
    println!("cargo:rerun-if-env-changed=PATH");
    println!("cargo:rerun-if-env-changed=CI");
    // Installing a shell later changes a directory on PATH: look again then.
    for dir in env::split_paths(&env::var_os("PATH").unwrap_or_default()) {
        if dir.is_dir() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
    }
    let ci = env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    for shell in ["zsh", "fish"] {
        println!("cargo:rustc-check-cfg=cfg(has_{shell})");
        let found = Command::new(shell)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if found || ci {
            println!("cargo:rustc-cfg=has_{shell}");
        } else {
            println!(
                "cargo:warning={shell} is not installed: the {shell} completion test (tests/shell.rs) is not built; install {shell} to run it"
            );
        }
    }
}
