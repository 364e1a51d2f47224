//! Reading health models: TOML parsed once, the file's text kept for
//! locating problems; [`load`] gives a model that passed validation
//! ([`super::validate`]).

use std::path::Path;

use toml::de::DeTable;

use super::model::ValidModel;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::framework::load::is_path;
use crate::fsio;

include!(concat!(env!("OUT_DIR"), "/embedded_models.rs"));

pub use super::source::{LoadedModel, Part, i, k, parse_model};

/// Whether a TOML text looks like a health model rather than a framework.
pub fn is_model_text(source: &str) -> bool {
    DeTable::parse(source).is_ok_and(|t| {
        let t = t.get_ref();
        t.get("model")
            .is_some_and(|v| v.get_ref().as_table().is_some())
            || t.contains_key("signals")
    })
}

/// The ids of the models shipped with cs-scorecard.
pub fn embedded_ids() -> Vec<&'static str> {
    EMBEDDED_MODELS
        .iter()
        .map(|(f, _)| f.trim_end_matches(".toml"))
        .collect()
}

/// A valid model and the file it came from (none when built in).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model.
    pub model: ValidModel,
    /// Its file, when it was read from one (a command never writes over it).
    pub file: Option<std::path::PathBuf>,
}

/// Reads, parses and validates a model named by id (built in) or path.
pub fn load(name: &str) -> Result<Loaded, Error> {
    let (loaded, file) = if is_path(name) || Path::new(name).is_file() {
        (
            load_file(Path::new(name))?,
            Some(Path::new(name).to_path_buf()),
        )
    } else if let Some((file, source)) = EMBEDDED_MODELS
        .iter()
        .find(|(f, _)| f.strip_suffix(".toml") == Some(name))
    {
        (
            LoadedModel::parse(&format!("{file} (built in)"), source)?,
            None,
        )
    } else {
        return Err(Error::UnknownModel {
            name: name.to_string(),
            known: embedded_ids().iter().map(|s| s.to_string()).collect(),
        });
    };
    let model = super::validate::validate(&loaded).map_err(Error::Input)?;
    Ok(Loaded { model, file })
}

/// Reads and parses a model file without validating it.
pub fn load_file(path: &Path) -> Result<LoadedModel, Diagnostic> {
    LoadedModel::parse(&fsio::display(path), &fsio::read_text(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_are_told_from_frameworks_by_content() {
        assert!(is_model_text("[model]\nid = \"x\"\n"));
        assert!(!is_model_text("id = \"x\"\n[[sections]]\n"));
    }
}
