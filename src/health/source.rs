//! A model file's text kept beside what was parsed from it, so that a
//! problem found later (by validation, by scoring the examples) points at
//! its line and column.

use super::model::Model;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::span::{Seg, TomlIndex};

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

/// One step of the path to a value in a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
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
        let index = TomlIndex::new(&self.source);
        let lines = LineIndex::new(&self.source);
        let mut diags: Vec<Diagnostic> = problems
            .into_iter()
            .map(|(path, message)| {
                let segs: Vec<Seg<'_>> = path
                    .iter()
                    .map(|p| match p {
                        Part::Key(k) => Seg::Key(k),
                        Part::Index(i) => Seg::Index(*i),
                    })
                    .collect();
                let span = if segs.is_empty() {
                    Some(0..0)
                } else {
                    index.locate(&segs)
                };
                Diagnostic::at_indexed(&self.path, &self.source, &lines, span, message)
            })
            .collect();
        diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        diags
    }
}
