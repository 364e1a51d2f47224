//! Turning framework files into [`Framework`]s, and finding them by name.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use super::embedded::{EMBEDDED, embedded};
use super::model::Framework;
pub use super::model::LoadedFramework;
use super::validate::validate;
use crate::answers;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::fsio;

/// Parses a framework file's text: TOML syntax, then the schema, then each
/// example's answers by the answers reader (so they read as answers files do).
pub fn parse_framework(path: &str, source: &str) -> Result<Framework, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::file(path, "file is empty; expected a framework with `id`, `title`, `version`, `description` and [[sections]]")
            .with_help("docs/authoring.md shows a complete small framework"));
    }
    let table = DeTable::parse(source).map_err(|e| Diagnostic::from_toml(path, source, &e))?;
    // Each example's `answers` and `not_applicable` tables, for the answers reader.
    type Tables<'a> = (Option<DeValue<'a>>, Option<DeValue<'a>>);
    let example_tables: Vec<Tables<'_>> = table
        .get_ref()
        .get("examples")
        .and_then(|e| e.get_ref().as_array())
        .map(|list| {
            list.iter()
                .map(|ex| {
                    let t = ex.get_ref().as_table();
                    let get = |k: &str| t.and_then(|t| t.get(k)).map(|a| a.get_ref().clone());
                    (get("answers"), get("not_applicable"))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut framework = Framework::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| Diagnostic::from_toml(path, source, &e))?;
    for (example, (answers, not_applicable)) in framework.examples.iter_mut().zip(example_tables) {
        let (given, na) =
            answers::read_example_answers(path, source, answers.as_ref(), not_applicable.as_ref())
                .map_err(|mut problems| problems.remove(0))?;
        example.answers = given;
        example.not_applicable = na;
    }
    Ok(framework)
}

/// Finds frameworks by name: a path to a `.toml` file, a file in one of the
/// `--frameworks-dir` directories, or an embedded framework.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Extra directories searched before the embedded frameworks.
    pub dirs: Vec<PathBuf>,
}

impl Catalog {
    /// A catalog searching these directories, then the embedded frameworks.
    pub fn new(dirs: Vec<PathBuf>) -> Catalog {
        Catalog { dirs }
    }

    /// The framework a name typed on the command line means: the name itself,
    /// or the one known id it spells in other case or with `_` for `-`
    /// (`CX63`, `eleven_pillars`). A path is left as it is.
    pub fn typed(&self, name: &str) -> String {
        if is_path(name) {
            return name.to_string();
        }
        let ids = self.ids();
        if ids.iter().any(|(id, _)| id == name) {
            return name.to_string();
        }
        let loose = crate::text::loose_id(name);
        let matching: Vec<&String> = ids
            .iter()
            .map(|(id, _)| id)
            .filter(|id| crate::text::loose_id(id) == loose)
            .collect();
        match matching.as_slice() {
            [one] => (*one).clone(),
            _ => name.to_string(),
        }
    }

    /// Loads and validates the framework `name` (an id or a path), resolving
    /// relative paths against `base`.
    pub fn load(&self, name: &str, base: Option<&Path>) -> Result<LoadedFramework, Error> {
        let loaded = self.read(name, base)?;
        let problems = validate(&loaded, false);
        if problems.is_empty() {
            Ok(loaded)
        } else {
            Err(Error::Input(problems))
        }
    }

    /// Loads the framework an answers file names (its `framework` value; a
    /// relative path is read from `base`, the file's own directory). A name
    /// that is no framework is an error at that value, with the file's line
    /// and column; problems inside the framework file point into it.
    pub fn load_for(
        &self,
        answers: &answers::LoadedAnswers,
        base: Option<&Path>,
    ) -> Result<LoadedFramework, Error> {
        self.load(&answers.answers.framework, base)
            .map_err(|e| match e {
                Error::UnknownFramework { .. } | Error::Usage(_) => {
                    Error::Input(vec![Diagnostic::at(
                        &answers.path,
                        &answers.source,
                        answers.framework_span.clone(),
                        e.to_string(),
                    )])
                }
                other => other,
            })
    }

    /// Reads and parses the framework `name` without validating it.
    pub fn read(&self, name: &str, base: Option<&Path>) -> Result<LoadedFramework, Error> {
        // Only a .toml file is read as a framework: a path to anything else
        // (`/etc/passwd`) is no framework, and its text is never quoted back.
        if is_path(name) && !has_toml_extension(name) {
            return Err(Error::UnknownFramework {
                name: name.to_string(),
                known: self.ids().into_iter().map(|(id, _)| id).collect(),
            });
        }
        if is_path(name) {
            let path = match base {
                Some(b) if Path::new(name).is_relative() => b.join(name),
                _ => PathBuf::from(name),
            };
            return Ok(load_file(&path)?);
        }
        for dir in &self.dirs {
            let path = dir.join(format!("{name}.toml"));
            // Whatever stands at that name is read (and refused, when it is
            // no regular file): `list` shows it, so `show` must not skip it.
            if path.symlink_metadata().is_ok() {
                return Ok(load_file(&path)?);
            }
        }
        if let Some((file, source)) = embedded(name) {
            let path = format!("{file} (built in)");
            let framework = parse_framework(&path, source)?;
            return Ok(LoadedFramework {
                framework,
                path,
                source: source.to_string(),
            });
        }
        Err(Error::UnknownFramework {
            name: name.to_string(),
            known: self.ids().into_iter().map(|(id, _)| id).collect(),
        })
    }

    /// Every framework known: the directories' files, then the embedded ones
    /// not overridden, each parsed (a file that does not parse is an error).
    pub fn all(&self) -> Result<Vec<LoadedFramework>, Error> {
        let mut out = Vec::new();
        for (id, path) in self.ids() {
            out.push(match path {
                Some(p) => load_file(&p)?,
                None => self.read(&id, None)?,
            });
        }
        Ok(out)
    }

    fn ids(&self) -> Vec<(String, Option<PathBuf>)> {
        let mut ids: Vec<(String, Option<PathBuf>)> = Vec::new();
        for dir in &self.dirs {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            for f in files {
                if let Some(stem) = toml_stem(&f) {
                    if !ids.iter().any(|(id, _)| *id == stem) {
                        ids.push((stem, Some(f)));
                    }
                }
            }
        }
        for (file, _) in EMBEDDED {
            let id = file.trim_end_matches(".toml").to_string();
            if !ids.iter().any(|(known, _)| *known == id) {
                ids.push((id, None));
            }
        }
        ids
    }
}

fn toml_stem(path: &Path) -> Option<String> {
    if path.extension()? != "toml" {
        return None;
    }
    Some(path.file_stem()?.to_string_lossy().into_owned())
}

/// How an answers file refers to a framework named `name` on the command line:
/// by id, or by absolute path (a relative `framework` path is read from the
/// answers file's own directory, which may be anywhere).
pub fn answers_reference(name: &str, framework: &Framework) -> String {
    if is_path(name) {
        std::fs::canonicalize(name).map_or_else(|_| name.to_string(), |p| p.display().to_string())
    } else {
        framework.id.clone()
    }
}

fn has_toml_extension(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Whether a framework name is a path rather than an id.
pub fn is_path(name: &str) -> bool {
    name.ends_with(".toml") || name.contains('/') || name.contains('\\')
}

/// Reads and parses a framework file.
pub fn load_file(path: &Path) -> Result<LoadedFramework, Diagnostic> {
    let shown = fsio::display(path);
    let source = fsio::read_text(path)?;
    let framework = parse_framework(&shown, &source)?;
    Ok(LoadedFramework {
        framework,
        path: shown,
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_errors_name_the_field_and_place() {
        let src = "id = \"x\"\ntitle = \"t\"\nversion = \"1\"\ndescription = \"d\"\nbands = 3\n";
        let d = parse_framework("f.toml", src).err();
        let headline = d.map(|d| d.headline()).unwrap_or_default();
        assert!(
            headline.starts_with("f.toml:5:9: invalid type: integer `3`, expected a sequence"),
            "{headline}"
        );
    }

    #[test]
    fn example_answers_read_dotted_keys_like_answers_files() {
        let src = r#"id = "x"
title = "t"
version = "1.0.0"
description = "d"
[[sections]]
id = "basics"
title = "Basics"
[[sections.questions]]
id = "basics.handoff"
text = "Handoff?"
kind = "yes_no_idk"
[[examples]]
name = "e"
score = 1
band = "b"
[examples.answers]
basics.handoff = "yes"
"#;
        let fw = parse_framework("f.toml", src).map_err(|d| d.headline());
        let answers = fw.map(|f| f.examples[0].answers.clone());
        assert_eq!(
            answers.ok().and_then(|a| a.get("basics.handoff").cloned()),
            Some(crate::answers::AnswerValue::Text("yes".into()))
        );
    }
}
