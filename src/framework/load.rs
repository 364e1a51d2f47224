//! Turning framework files into [`Framework`]s, and finding them by name.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use super::{EMBEDDED, Framework, embedded, validate};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::fsio;

/// A framework with the text it came from, for pointing at problems.
#[derive(Debug, Clone)]
pub struct LoadedFramework {
    /// The parsed framework.
    pub framework: Framework,
    /// How its file is named in messages (`cx63.toml (built in)` for embedded ones).
    pub path: String,
    /// The file's text.
    pub source: String,
}

/// One step into a TOML document: a key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A table key.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

/// Parses a framework file's text: TOML syntax, then the schema.
pub fn parse_framework(path: &str, source: &str) -> Result<Framework, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::file(path, "file is empty; expected a framework with `id`, `title`, `version`, `description` and [[sections]]")
            .with_help("docs/authoring.md shows a complete small framework"));
    }
    let table = DeTable::parse(source).map_err(|e| toml_problem(path, source, &e))?;
    Framework::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| toml_problem(path, source, &e))
}

/// A TOML syntax or schema error as a diagnostic naming the file.
pub fn toml_problem(path: &str, source: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().replace('\n', "; ");
    Diagnostic::at(path, source, e.span(), message)
}

/// The byte range of the value at `path` in a TOML document, or of the
/// deepest part of the path that exists.
pub fn locate(source: &str, path: &[Seg<'_>]) -> Option<Range<usize>> {
    let root = DeTable::parse(source).ok()?;
    let mut span = None;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut array: Option<&[toml::Spanned<DeValue<'_>>]> = None;
    for seg in path {
        let value = match (seg, table, array) {
            (Seg::Key(k), Some(t), _) => t.get(*k),
            (Seg::Index(i), _, Some(a)) => a.get(*i),
            _ => None,
        };
        let Some(value) = value else { break };
        span = Some(value.span());
        table = value.get_ref().as_table();
        array = value.get_ref().as_array().map(|a| &a[..]);
    }
    span
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

    /// Reads and parses the framework `name` without validating it.
    pub fn read(&self, name: &str, base: Option<&Path>) -> Result<LoadedFramework, Error> {
        if is_path(name) {
            let path = match base {
                Some(b) if Path::new(name).is_relative() => b.join(name),
                _ => PathBuf::from(name),
            };
            return Ok(load_file(&path)?);
        }
        for dir in &self.dirs {
            let path = dir.join(format!("{name}.toml"));
            if path.is_file() {
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
        let known: Vec<String> = self.ids().into_iter().map(|(id, _)| id).collect();
        Err(Error::Usage(format!(
            "unknown framework `{name}`; known frameworks: {} (or give a path to a .toml file)",
            known.join(", ")
        )))
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
    fn locates_nested_array_of_tables() {
        let src = "id = \"x\"\n[[sections]]\nid = \"a\"\n[[sections]]\nid = \"b\"\n";
        let span = locate(src, &[Seg::Key("sections"), Seg::Index(1), Seg::Key("id")]);
        assert_eq!(span.map(|s| &src[s]), Some("\"b\""));
    }

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
}
