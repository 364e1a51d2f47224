//! A model file's text kept beside what was parsed from it, so that a
//! problem found later (by validation, by scoring the examples) points at
//! its line and column.

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
    /// Diagnostics for many problems, in file order, with the file parsed and
    /// its lines indexed once (not once per problem).
    pub fn locate_all(&self, problems: Vec<(Vec<Part>, String)>) -> Vec<Diagnostic> {
        crate::span::locate_all(&self.path, &self.source, problems)
    }
}
