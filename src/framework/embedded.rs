//! The frameworks shipped in `frameworks/`, embedded at build time.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The embedded file whose name is `<id>.toml`.
pub fn embedded(id: &str) -> Option<(&'static str, &'static str)> {
    EMBEDDED
        .iter()
        .find(|(name, _)| name.strip_suffix(".toml") == Some(id))
        .copied()
}
