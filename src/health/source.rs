//! A model file's text kept beside what was parsed from it, so that a
//! problem found later (by validation, by scoring the examples) points at
//! its line and column.

use serde::Deserialize;
use toml::de::DeTable;

use super::model::Model;
use crate::diagnostic::Diagnostic;
pub use crate::span::PathPart as Part;

/// A model with the text it came from, for pointing at problems.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    /// The parsed model.
    pub model: Model,
    /// How its file is named in messages.
    pub path: String,
    /// The file's text.
    pub source: String,
}

/// Shorthand for a key step.
pub fn k(key: &str) -> Part {
    Part::Key(key.to_string())
}

/// Shorthand for an index step.
pub fn i(index: usize) -> Part {
    Part::Index(index)
}

impl LoadedModel {
    /// Parses a model file's text (see [`parse_model`]), keeping the text.
    pub fn parse(path: &str, source: &str) -> Result<LoadedModel, Diagnostic> {
        Ok(LoadedModel {
            model: parse_model(path, source)?,
            path: path.to_string(),
            source: source.to_string(),
        })
    }

    /// Diagnostics for many problems, in file order, with the file parsed and
    /// its lines indexed once (not once per problem).
    pub fn locate_all(&self, problems: Vec<(Vec<Part>, String)>) -> Vec<Diagnostic> {
        crate::span::locate_all(&self.path, &self.source, problems)
    }
}

/// Parses a model file's text: TOML syntax, then the schema.
pub fn parse_model(path: &str, source: &str) -> Result<Model, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::file(
            path,
            "file is empty; expected a health model with [model], [columns], [[signals]] and [[tiers]]",
        )
        .with_help("docs/health.md describes the model format; models/saas-health.toml is a complete one"));
    }
    let table = DeTable::parse(source).map_err(|e| Diagnostic::from_toml(path, source, &e))?;
    Model::deserialize(toml::de::Deserializer::from(table))
        .map_err(|e| Diagnostic::from_toml(path, source, &e))
}
