//! The JSON Schemas in `schemas/`: up to date with the Rust types, and every
//! shipped framework and example validates against them.

mod common;

use std::path::Path;

fn generated(kind: &str) -> String {
    let r = common::run(&["schema", kind]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

fn committed(kind: &str) -> String {
    std::fs::read_to_string(common::root().join(format!("schemas/{kind}.schema.json")))
        .unwrap_or_default()
}

fn toml_files(dir: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(common::root().join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "no files in {dir}");
    files
}

fn validate_all(kind: &str, files: &[std::path::PathBuf]) {
    let schema: serde_json::Value = serde_json::from_str(&committed(kind)).unwrap_or_default();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let loc = format!("file:///{kind}.schema.json");
    compiler
        .add_resource(&loc, schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let index = compiler
        .compile(&loc, &mut schemas)
        .unwrap_or_else(|e| panic!("{e}"));
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let expected_line = format!("#:schema ../schemas/{kind}.schema.json");
        assert_eq!(
            text.lines().next(),
            Some(expected_line.as_str()),
            "{} should start with the schema line",
            file.display()
        );
        let value: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Err(e) = schemas.validate(&value, index) {
            panic!(
                "{} does not validate against {kind}.schema.json: {e:#}",
                file.display()
            );
        }
    }
}

#[test]
fn committed_schemas_match_the_types() {
    for kind in ["framework", "answers", "model"] {
        assert_eq!(
            committed(kind),
            generated(kind),
            "schemas/{kind}.schema.json is stale: run `cargo run -- schema {kind} > schemas/{kind}.schema.json`"
        );
    }
}

#[test]
fn shipped_frameworks_validate_against_the_schema() {
    validate_all("framework", &toml_files("frameworks"));
}

#[test]
fn shipped_health_models_validate_against_the_schema() {
    validate_all("model", &toml_files("models"));
}

#[test]
fn examples_validate_against_the_answers_schema() {
    validate_all("answers", &toml_files("examples"));
}

#[test]
fn the_schema_rejects_a_misspelt_key() {
    let schema: serde_json::Value =
        serde_json::from_str(&committed("framework")).unwrap_or_default();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("file:///f.json", schema)
        .unwrap_or_else(|e| panic!("{e}"));
    let index = compiler
        .compile("file:///f.json", &mut schemas)
        .unwrap_or_else(|e| panic!("{e}"));
    let bad: serde_json::Value = toml::from_str(
        "id = \"x\"\ntitle = \"t\"\nversion = \"1\"\ndescription = \"d\"\ntitel = \"typo\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(schemas.validate(&bad, index).is_err());
    assert!(Path::new(&common::root()).join("schemas").is_dir());
}
