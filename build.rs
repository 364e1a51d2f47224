//! Embeds every `frameworks/*.toml` and `models/*.toml` file in the binary, so it runs from any directory.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
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
