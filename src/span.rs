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
