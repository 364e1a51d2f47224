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
    let (schemas, index) = compiled(kind);
    for file in files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let depth = file
            .strip_prefix(common::root())
            .map_or(1, |p| p.components().count() - 1);
        let expected_line = format!("#:schema {}schemas/{kind}.schema.json", "../".repeat(depth));
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
    for kind in ["framework", "answers", "model", "plan"] {
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
    validate_all("answers", &toml_files("examples/quarters"));
    validate_all("answers", &toml_files("examples/cohort"));
    for quarter in ["2026-q1", "2026-q2", "2026-q3", "2026-q4"] {
        validate_all("answers", &toml_files(&format!("examples/team/{quarter}")));
    }
}

#[test]
fn the_example_plan_validates_against_the_plan_schema_and_reads() {
    let (schemas, index) = compiled("plan");
    for file in toml_files("examples/plans") {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let value: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if let Err(e) = schemas.validate(&value, index) {
            panic!("{} does not validate: {e:#}", file.display());
        }
        let shown = file.display().to_string();
        let read =
            cs_scorecard::plan::load::parse(&shown, &text, cs_scorecard::answers::Syntax::Toml);
        assert!(
            read.is_ok(),
            "{shown}: {:?}",
            read.err().map(|d| d.headline())
        );
    }
    let mut bad = serde_json::json!({
        "framework": "cx63", "framework_version": "1.0.0", "created": "2026-10-02",
        "baseline": { "score": 1, "max": 2, "percent": 50 },
        "steps": [{ "question": "q", "section": "s", "section_title": "S", "question_text": "Q?",
                    "from": "No", "to": "Yes", "from_points": 0, "points": 1, "owner": "",
                    "due": "2026-Q4", "action": "Do it." }]
    });
    assert!(schemas.validate(&bad, index).is_ok());
    bad["steps"][0]["due"] = serde_json::json!("Q4 2026");
    assert!(
        schemas.validate(&bad, index).is_err(),
        "a quarter is YYYY-Qn"
    );
}

#[test]
fn the_schema_rejects_a_misspelt_key() {
    let (schemas, index) = compiled("framework");
    let bad: serde_json::Value = toml::from_str(
        "id = \"x\"\ntitle = \"t\"\nversion = \"1.0.0\"\ndescription = \"d\"\ntitel = \"typo\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.questions]]\nid = \"s.q\"\ntext = \"Q?\"\nkind = \"yes_no_idk\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(schemas.validate(&bad, index).is_err());
    let fixed = bad.as_object().map(|o| {
        let mut o = o.clone();
        o.remove("titel");
        serde_json::Value::Object(o)
    });
    assert!(
        fixed.is_some_and(|f| schemas.validate(&f, index).is_ok()),
        "only the typo is wrong"
    );
    assert!(Path::new(&common::root()).join("schemas").is_dir());
}

/// A compiled schema from `schemas/`.
fn compiled(kind: &str) -> (boon::Schemas, boon::SchemaIndex) {
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
    (schemas, index)
}

/// Every ```toml and ```json block of the docs that shows an input file:
/// (file, line, language, text). docs/json-output.md shows outputs, which
/// have no schema, and is left out.
fn doc_examples() -> Vec<(String, usize, String, String)> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(common::root().join("docs"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.ends_with(".md") || name == "json-output.md" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let mut block: Option<(usize, String, Vec<String>)> = None;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            match &mut block {
                None => {
                    if let Some(lang) = trimmed.strip_prefix("```") {
                        if lang == "toml" || lang == "json" {
                            block = Some((i + 1, lang.to_string(), Vec::new()));
                        }
                    }
                }
                Some((start, lang, lines)) => {
                    if trimmed == "```" {
                        out.push((name.clone(), *start, lang.clone(), lines.join("\n")));
                        block = None;
                    } else {
                        lines.push(
                            line.get(indent.min(line.len() - trimmed.len())..)
                                .unwrap_or(line)
                                .to_string(),
                        );
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_toml_and_json_example_in_the_docs_validates_and_reads() {
    let (answers, answers_index) = compiled("answers");
    let (framework, framework_index) = compiled("framework");
    let (model, model_index) = compiled("model");
    let (plan, plan_index) = compiled("plan");
    let examples = doc_examples();
    let count = |lang: &str| examples.iter().filter(|e| e.2 == lang).count();
    assert!(count("toml") >= 3 && count("json") >= 1, "{examples:?}");
    for (file, line, lang, text) in &examples {
        let value: serde_json::Value = if lang == "json" {
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{file}:{line}: {e}"))
        } else {
            toml::from_str(text).unwrap_or_else(|e| panic!("{file}:{line}: {e}"))
        };
        let is_framework = value.get("sections").is_some();
        let is_model = value.get("model").is_some() || value.get("signals").is_some();
        let is_plan = value.get("baseline").is_some();
        let (schemas, index) = if is_plan {
            (&plan, plan_index)
        } else if is_model {
            (&model, model_index)
        } else if is_framework {
            (&framework, framework_index)
        } else {
            (&answers, answers_index)
        };
        if let Err(e) = schemas.validate(&value, index) {
            panic!("{file}:{line}: the {lang} example does not validate: {e:#}");
        }
        let read = if is_plan {
            let syntax = if lang == "json" {
                cs_scorecard::answers::Syntax::Json
            } else {
                cs_scorecard::answers::Syntax::Toml
            };
            cs_scorecard::plan::load::parse(file, text, syntax)
                .map(|_| ())
                .map_err(|d| vec![d])
        } else if is_model {
            cs_scorecard::health::load::parse_model(file, text)
                .map(|_| ())
                .map_err(|d| vec![d])
        } else if is_framework {
            cs_scorecard::framework::parse_framework(file, text)
                .map(|_| ())
                .map_err(|d| vec![d])
        } else {
            let syntax = if lang == "json" {
                cs_scorecard::answers::Syntax::Json
            } else {
                cs_scorecard::answers::Syntax::Toml
            };
            cs_scorecard::answers::parse(file, text.clone(), syntax).map(|_| ())
        };
        if let Err(problems) = read {
            panic!("{file}:{line}: the tool does not read the {lang} example: {problems:?}");
        }
    }
}

#[test]
fn the_answers_schema_takes_nested_tables_as_the_reader_does() {
    let (schemas, index) = compiled("answers");
    let text = "framework = \"cx63\"\n[answers.onboarding]\nhandoff = \"yes\"\n[answers.renewals]\npreparation = \"no\"\n";
    let value: serde_json::Value = toml::from_str(text).unwrap_or_default();
    assert!(schemas.validate(&value, index).is_ok());
    let bad: serde_json::Value =
        toml::from_str("framework = \"cx63\"\n[answers.onboarding]\nhandoff = true\n")
            .unwrap_or_default();
    assert!(
        schemas.validate(&bad, index).is_err(),
        "a boolean is no answer"
    );
    let r = common::run_with(
        common::cmd()
            .args(["score", "-", "--format", "json"])
            .write_stdin(text),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("\"answer\": \"yes\""),
        "the reader takes it too"
    );
}

#[test]
fn the_framework_schema_requires_sections_and_a_semver_version() {
    let (schemas, index) = compiled("framework");
    let question = "[[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.questions]]\nid = \"s.q\"\ntext = \"Q?\"\nkind = \"yes_no_idk\"\n";
    let file = |version: &str, body: &str| -> serde_json::Value {
        toml::from_str(&format!(
            "id = \"x\"\ntitle = \"T\"\nversion = \"{version}\"\ndescription = \"D\"\n{body}"
        ))
        .unwrap_or_else(|e| panic!("{e}"))
    };
    assert!(schemas.validate(&file("1.0.0", question), index).is_ok());
    assert!(
        schemas.validate(&file("1.0.0", ""), index).is_err(),
        "no sections"
    );
    assert!(
        schemas
            .validate(&file("1.0.0", "sections = []"), index)
            .is_err(),
        "empty sections"
    );
    assert!(
        schemas
            .validate(&file("not-a-semver", question), index)
            .is_err(),
        "version not semver"
    );
    assert!(schemas.validate(&file("1.0", question), index).is_err());
}
