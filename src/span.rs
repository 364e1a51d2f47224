//! Where a value stands in a TOML document: a path of keys and indexes,
//! resolved to a byte range of the text, with the document parsed once.

use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// One step into a TOML document: a key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A table key.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

/// A TOML document parsed once, so that locating many values costs a walk
/// down each path, not a parse of the whole text per value.
pub struct TomlIndex<'a> {
    root: Option<toml::Spanned<DeTable<'a>>>,
}

impl<'a> TomlIndex<'a> {
    /// Parses `source` (a document that does not parse locates nothing).
    pub fn new(source: &'a str) -> TomlIndex<'a> {
        TomlIndex {
            root: DeTable::parse(source).ok(),
        }
    }

    /// The byte range of the value at `path`, or of the deepest part of the
    /// path that exists; `None` when not even the first key exists.
    pub fn locate(&self, path: &[Seg<'_>]) -> Option<Range<usize>> {
        let root = self.root.as_ref()?;
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
}

/// One step of the path to a value in a TOML file (owned, for problems
/// collected before the file is indexed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// Problems by the path of the value each concerns, as diagnostics located in
/// `source` (named `path` in messages), in file order: the file is parsed and
/// its lines indexed once, however many problems there are.
pub fn locate_all(
    path: &str,
    source: &str,
    problems: impl IntoIterator<Item = (Vec<PathPart>, String)>,
) -> Vec<crate::diagnostic::Diagnostic> {
    let index = TomlIndex::new(source);
    let lines = crate::diagnostic::LineIndex::new(source);
    let mut diags: Vec<crate::diagnostic::Diagnostic> = problems
        .into_iter()
        .map(|(at, message)| {
            let segs: Vec<Seg<'_>> = at
                .iter()
                .map(|p| match p {
                    PathPart::Key(k) => Seg::Key(k),
                    PathPart::Index(i) => Seg::Index(*i),
                })
                .collect();
            let span = if segs.is_empty() {
                Some(0..0)
            } else {
                index.locate(&segs)
            };
            crate::diagnostic::Diagnostic::at_indexed(path, source, &lines, span, message)
        })
        .collect();
    diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_values_and_falls_back_to_the_deepest_part() {
        let src = "[[sections]]\nid = \"a\"\n[[sections]]\nid = \"b\"\n";
        let index = TomlIndex::new(src);
        let at = index.locate(&[Seg::Key("sections"), Seg::Index(1), Seg::Key("id")]);
        assert_eq!(at.map(|r| &src[r]), Some("\"b\""));
        let deepest = index.locate(&[Seg::Key("sections"), Seg::Index(1), Seg::Key("nope")]);
        assert!(deepest.is_some());
        assert_eq!(index.locate(&[Seg::Key("nope")]), None);
    }
}
