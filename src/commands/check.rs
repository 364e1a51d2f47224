//! `check`: framework files parse, validate and score their examples as declared.

use std::path::{Path, PathBuf};

use super::Ctx;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::framework::{self, LoadedFramework};
use crate::fsio;
use crate::text::plural;

/// The framework files named: files as given, directories' `*.toml` files sorted.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| {
                    Error::Usage(format!(
                        "{}: cannot read this directory: {}",
                        p.display(),
                        crate::error::io_reason(&e)
                    ))
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                // Not only regular files: a pipe or device named *.toml is
                // reported as such by the reader, not silently skipped.
                .filter(|f| !f.is_dir() && f.extension().is_some_and(|x| x == "toml"))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::Usage(format!(
                    "{}: no .toml framework files in this directory",
                    p.display()
                )));
            }
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            let what = if p.as_os_str().to_string_lossy().ends_with('/') {
                "no such directory"
            } else {
                "no such file or directory"
            };
            return Err(Error::Usage(format!("{}: {what}", p.display())));
        }
    }
    Ok(files)
}

/// Whether a text that failed to load as a framework is an answers file: a
/// table with `framework` or `answers` and no `sections`, in TOML or JSON.
fn looks_like_answers(source: &str) -> bool {
    let value: Option<serde_json::Value> = match crate::answers::Syntax::detect(source) {
        crate::answers::Syntax::Json => serde_json::from_str(source).ok(),
        crate::answers::Syntax::Toml => toml::from_str(source).ok(),
    };
    value
        .as_ref()
        .and_then(serde_json::Value::as_object)
        .is_some_and(|t| {
            (t.contains_key("answers") || t.contains_key("framework"))
                && !t.contains_key("sections")
        })
}

/// Every problem in one framework file: syntax, schema, validation, examples.
pub fn check_file(path: &Path) -> Result<LoadedFramework, Vec<Diagnostic>> {
    let loaded = framework::load::load_file(path).map_err(|d| {
        let source = fsio::read_text(path).unwrap_or_default();
        if looks_like_answers(&source) {
            let shown = fsio::display(path);
            vec![
                Diagnostic::file(
                    &shown,
                    "this looks like an answers file (it has `framework` and `answers`), not a framework; check reads framework files",
                )
                .with_help(format!("to score it, run: cs-scorecard score {shown}")),
            ]
        } else {
            vec![d]
        }
    })?;
    let mut problems = framework::validate(&loaded, true);
    if problems.is_empty() {
        problems = crate::examples::check(&loaded);
    }
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(problems)
    }
}

/// Every problem in one health model file: syntax, schema, validation, examples.
pub fn check_model(path: &Path) -> Result<crate::health::model::ValidModel, Vec<Diagnostic>> {
    use crate::health::load::{self, i, k};
    let loaded = load::load_file(path).map_err(|d| vec![d])?;
    let model = crate::health::validate::validate(&loaded)?;
    let found: Vec<_> = crate::health::score::example_problems(&model)
        .into_iter()
        .map(|(ei, msg)| (vec![k("examples"), i(ei), k("score")], msg))
        .collect();
    if found.is_empty() {
        Ok(model)
    } else {
        Err(loaded.locate_all(found))
    }
}

/// Whether a file is a health model (a top-level `[model]` table or `signals`) rather than a framework.
fn is_model_file(path: &Path) -> bool {
    // Read as every input is (regular files only, within the size limit): a
    // named pipe is refused by the framework check that follows, never waited on.
    fsio::read_text(path).is_ok_and(|s| crate::health::load::is_model_text(&s))
}

/// Checks framework files and prints every problem.
pub fn run(ctx: &Ctx, paths: &[PathBuf]) -> anyhow::Result<i32> {
    let paths = if paths.is_empty() {
        let default = PathBuf::from("frameworks");
        if !default.is_dir() {
            let here =
                std::env::current_dir().map_or_else(|_| ".".to_string(), |d| fsio::display(&d));
            return Err(Error::Usage(format!(
                "given no paths, check looks for framework files in ./frameworks/*.toml, and {} has no frameworks/ directory\n\
                 name the framework files or directories to check, e.g. cs-scorecard check my-framework.toml",
                crate::text::printable(&here)
            ))
            .into());
        }
        vec![default]
    } else {
        paths.to_vec()
    };
    let files = expand(&paths)?;
    let mut problems = 0;
    let mut bad_files = 0;
    let mut out = String::new();
    for f in &files {
        let checked = if is_model_file(f) {
            check_model(f).map(|m| {
                format!(
                    "ok {} (health model {} {}: {} signals, {} tiers, {} examples)\n",
                    fsio::display(f),
                    m.about.id,
                    m.about.version,
                    m.signals.len(),
                    m.tiers.len(),
                    m.examples.len()
                )
            })
        } else {
            check_file(f).map(|l| {
                let fw = &l.framework;
                format!(
                    "ok {} ({} {}: {} questions, {} examples)\n",
                    fsio::display(f),
                    fw.id,
                    fw.version,
                    fw.question_count(),
                    fw.examples.len()
                )
            })
        };
        match checked {
            Ok(line) => {
                if !ctx.quiet {
                    out.push_str(&line);
                }
            }
            Err(diags) => {
                bad_files += 1;
                problems += diags.len();
                for d in diags {
                    out.push_str(&d.render(ctx.color));
                    out.push_str("\n\n");
                }
            }
        }
    }
    fsio::write_output(None, out.as_bytes())?;
    if problems > 0 {
        return Err(Error::Findings(format!(
            "{} in {} of {} checked",
            plural(problems, "problem", "problems"),
            plural(bad_files, "file", "files"),
            files.len()
        ))
        .into());
    }
    Ok(0)
}
