//! Loading many answers files of one framework (for `team`, `trend` and
//! `benchmark`): each file is read, checked and scored on its own, so a caller
//! can fold the scorecards without keeping them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::Ctx;
use crate::answers::{self, LoadedAnswers};
use crate::diagnostic::{Diagnostic, printable};
use crate::error::Error;
use crate::framework::Framework;
use crate::fsio::FileArg;
use crate::fsio::{self, Depth};
use crate::scoring::{self, Scorecard};

/// The answers files named on the command line, directories read for `*.toml` and `*.json`.
pub fn discover(paths: &[PathBuf], depth: Depth) -> anyhow::Result<Vec<PathBuf>> {
    let files = fsio::answers_files(paths, depth).map_err(Error::from)?;
    if files.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| fsio::display(p)).collect();
        return Err(Error::Usage(format!(
            "no answers files (*.toml, *.json) in {}",
            named.join(", ")
        ))
        .into());
    }
    Ok(files)
}

/// The framework every file of the set answers, fixed by the first file.
struct Reference {
    path: String,
    id: String,
    version: Option<String>,
}

/// Answers files of one framework, loaded one at a time.
pub struct AnswersSet<'c> {
    ctx: &'c Ctx,
    framework: Option<Rc<Framework>>,
    reference: Option<Reference>,
    /// Framework id resolved per (reference in the file, its directory).
    resolved: HashMap<(String, Option<PathBuf>), String>,
    /// Respondents seen: name or e-mail, lower-cased → the first file.
    seen: HashMap<String, String>,
    /// Whether to warn about respondents seen twice.
    pub warn_duplicates: bool,
    /// Whether a different `framework_version` is an error (else a warning).
    pub strict_version: bool,
}

impl<'c> AnswersSet<'c> {
    /// An empty set; the first file loaded decides the framework.
    pub fn new(ctx: &'c Ctx) -> Self {
        AnswersSet {
            ctx,
            framework: None,
            reference: None,
            resolved: HashMap::new(),
            seen: HashMap::new(),
            warn_duplicates: true,
            strict_version: true,
        }
    }

    /// The framework of the set, once a file is loaded.
    pub fn framework(&self) -> Option<Rc<Framework>> {
        self.framework.clone()
    }

    /// Loads, checks and scores one file: exit 2 naming it when it is
    /// unreadable, invalid, or of another framework or version than the first.
    pub fn score(&mut self, path: &Path) -> anyhow::Result<Scorecard> {
        let loaded =
            answers::load(&FileArg::Path(path.to_path_buf()), None).map_err(Error::Input)?;
        self.framework_of(path, &loaded)?;
        if self.warn_duplicates {
            self.check_duplicate(&loaded);
        }
        self.score_loaded(&loaded)
    }

    /// Validates and scores answers already read (their framework checked by [`Self::same_framework`]).
    pub fn score_loaded(&mut self, loaded: &LoadedAnswers) -> anyhow::Result<Scorecard> {
        let fw = self
            .framework
            .clone()
            .ok_or_else(|| Error::Usage(format!("{}: no framework", loaded.path)))?;
        let problems = answers::validate(loaded, &fw);
        if !problems.is_empty() {
            return Err(Error::Input(problems).into());
        }
        Ok(scoring::score(&fw, &loaded.answers))
    }

    /// Whether a file answers the set's framework (same id, and same version
    /// when it names one); files of other frameworks are not an error here.
    pub fn same_framework(&mut self, path: &Path, loaded: &LoadedAnswers) -> anyhow::Result<bool> {
        let id = self.resolve(path, loaded)?;
        let Some(reference) = &self.reference else {
            return Ok(true);
        };
        let version_ok = match (&loaded.answers.framework_version, &reference.version) {
            (Some(v), Some(r)) => v == r,
            _ => true,
        };
        Ok(id == reference.id && version_ok)
    }

    /// The id of the framework a file refers to, loading it once per reference and directory.
    fn resolve(&mut self, path: &Path, loaded: &LoadedAnswers) -> anyhow::Result<String> {
        let base = path.parent().map(Path::to_path_buf);
        let key = (loaded.answers.framework.clone(), base.clone());
        if let Some(id) = self.resolved.get(&key) {
            return Ok(id.clone());
        }
        let fw = self
            .ctx
            .catalog
            .load(&loaded.answers.framework, base.as_deref())
            .map_err(|e| match e {
                Error::Usage(msg) => Error::Input(vec![Diagnostic::at(
                    &loaded.path,
                    &loaded.source,
                    loaded.framework_span.clone(),
                    msg,
                )]),
                other => other,
            })?
            .framework;
        let id = fw.id.clone();
        if self.framework.is_none() {
            self.framework = Some(Rc::new(fw));
        }
        self.resolved.insert(key, id.clone());
        Ok(id)
    }

    fn framework_of(
        &mut self,
        path: &Path,
        loaded: &LoadedAnswers,
    ) -> anyhow::Result<Rc<Framework>> {
        let id = self.resolve(path, loaded)?;
        let version = loaded.answers.framework_version.clone();
        let Some(reference) = &self.reference else {
            let fw = self
                .framework
                .clone()
                .ok_or_else(|| Error::Usage(format!("{}: no framework", loaded.path)))?;
            if let Some(v) = &version {
                if *v != fw.version {
                    self.ctx.warn(&format!(
                        "{}: answers were given against {} version {v}; scoring with version {}",
                        printable(&loaded.path),
                        fw.id,
                        fw.version
                    ));
                }
            }
            self.reference = Some(Reference {
                path: loaded.path.clone(),
                id,
                version,
            });
            return Ok(fw);
        };
        let odd = if id != reference.id {
            Some(format!("framework `{id}`"))
        } else {
            match (&version, &reference.version) {
                (Some(v), Some(r)) if v != r && self.strict_version => {
                    Some(format!("{id} version {v}"))
                }
                (Some(v), Some(r)) if v != r => {
                    self.ctx.warn(&format!(
                        "{}: answers were given against {id} version {v}, the first file against {r}; scoring both with version {}",
                        printable(&loaded.path),
                        self.framework.as_ref().map_or("?", |f| f.version.as_str())
                    ));
                    None
                }
                _ => None,
            }
        };
        if let Some(what) = odd {
            let first = match &reference.version {
                Some(v) => format!("{} version {v}", reference.id),
                None => format!("framework `{}`", reference.id),
            };
            return Err(Error::Input(vec![
                Diagnostic::at(
                    &loaded.path,
                    &loaded.source,
                    loaded.framework_span.clone(),
                    format!(
                        "these answers are for {what}, but {} (the first file) answers {first}; all files must answer one framework and version",
                        reference.path
                    ),
                )
                .with_help("move the odd file out of the directory, or name only the files of one framework"),
            ])
            .into());
        }
        self.framework
            .clone()
            .ok_or_else(|| Error::Usage(format!("{}: no framework", loaded.path)).into())
    }

    fn check_duplicate(&mut self, loaded: &LoadedAnswers) {
        let r = &loaded.answers.respondent;
        for field in ["name", "email"] {
            let Some(v) = r.get(field).map(|v| v.trim().to_lowercase()) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            let key = format!("{field}\u{0}{v}");
            match self.seen.get(&key) {
                Some(first) => {
                    self.ctx.warn(&format!(
                        "{}: the same respondent {field} as {}; both files are counted",
                        printable(&loaded.path),
                        printable(first)
                    ));
                    return;
                }
                None => {
                    self.seen.insert(key, loaded.path.clone());
                }
            }
        }
    }
}
