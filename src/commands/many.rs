//! Loading many answers files of one framework (for `team`, `trend` and
//! `benchmark`): each file is read, checked and scored on its own, so a caller
//! can fold the scorecards without keeping them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::Ctx;
use super::loader::Loader;
use crate::answers::LoadedAnswers;
use crate::diagnostic::{Diagnostic, printable};
use crate::error::Error;
use crate::framework::LoadedFramework;
use crate::fsio::FileArg;
use crate::fsio::{self, Depth};
use crate::scoring::Scorecard;

/// The answers files named on the command line, directories read for
/// `*.toml` and `*.json`: each file once, however many links or names lead to
/// it (a cohort of one file and five links to it is one peer, not six), and
/// each directory once (a link loop such as `up -> ..` ends). What was not
/// counted again is said in a warning.
pub fn discover(ctx: &Ctx, paths: &[PathBuf], depth: Depth) -> anyhow::Result<Vec<PathBuf>> {
    let found = fsio::answers_files(paths, depth).map_err(Error::from)?;
    say_skipped(
        ctx,
        &found.duplicates,
        "is the same file as",
        "counted once",
        "more paths to files already counted",
    );
    say_skipped(
        ctx,
        &found.repeated_dirs,
        "leads back to",
        "already read, not read again",
        "more directories already read",
    );
    if found.files.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| fsio::display(p)).collect();
        return Err(Error::Usage(format!(
            "no answers files (*.toml, *.json) in {}",
            named.join(", ")
        ))
        .into());
    }
    Ok(found.files)
}

/// Warns of paths a walk did not count again: the first few, then how many more.
fn say_skipped(ctx: &Ctx, pairs: &[(PathBuf, PathBuf)], relation: &str, outcome: &str, more: &str) {
    const SHOWN: usize = 3;
    for (path, first) in pairs.iter().take(SHOWN) {
        ctx.warn(&format!(
            "{} {relation} {}: {outcome}",
            fsio::display(path),
            fsio::display(first)
        ));
    }
    if pairs.len() > SHOWN {
        ctx.warn(&format!("… and {} {more}", pairs.len() - SHOWN));
    }
}

/// The framework every file of the set answers, fixed by the first file.
struct Reference {
    path: String,
    id: String,
    version: Option<String>,
}

/// Answers files of one framework, loaded one at a time through the one
/// [`Loader`], each checked against the first file's framework and version.
pub struct AnswersSet<'c> {
    ctx: &'c Ctx,
    loader: Loader<'c>,
    framework: Option<Rc<LoadedFramework>>,
    reference: Option<Reference>,
    /// Respondents seen: name or e-mail, lower-cased → the first file.
    seen: HashMap<String, String>,
    /// Whether to warn about respondents seen twice.
    pub warn_duplicates: bool,
    /// Whether a different `framework_version` is an error (else scored
    /// with the first file's framework, and the loader's warning says so).
    pub strict_version: bool,
}

impl<'c> AnswersSet<'c> {
    /// An empty set; the first file loaded decides the framework.
    pub fn new(ctx: &'c Ctx) -> Self {
        AnswersSet {
            ctx,
            loader: Loader::new(ctx),
            framework: None,
            reference: None,
            seen: HashMap::new(),
            warn_duplicates: true,
            strict_version: true,
        }
    }

    /// The framework of the set, once a file is loaded.
    pub fn framework(&self) -> Option<Rc<LoadedFramework>> {
        self.framework.clone()
    }

    /// Reads one file of the set.
    pub fn read(&self, path: &Path) -> anyhow::Result<LoadedAnswers> {
        self.loader.read(&FileArg::Path(path.to_path_buf()), None)
    }

    /// Loads, checks and scores one file: exit 2 naming it when it is
    /// unreadable, invalid, or of another framework or version than the first.
    pub fn score(&mut self, path: &Path) -> anyhow::Result<Scorecard> {
        let loaded = self.read(path)?;
        self.check_framework(path, &loaded)?;
        if self.warn_duplicates {
            self.check_duplicate(&loaded);
        }
        self.score_loaded(&loaded)
    }

    /// Checks and scores answers already read (their framework checked by
    /// [`Self::same_framework`]) with the set's framework.
    pub fn score_loaded(&mut self, loaded: &LoadedAnswers) -> anyhow::Result<Scorecard> {
        let fw = self
            .framework
            .clone()
            .ok_or_else(|| Error::Usage(format!("{}: no framework", loaded.path)))?;
        self.loader.score(loaded, &fw)
    }

    /// Whether a file answers the set's framework (same id, and same version
    /// when it names one); files of other frameworks are not an error here.
    pub fn same_framework(&mut self, path: &Path, loaded: &LoadedAnswers) -> anyhow::Result<bool> {
        let fw = self.resolve(path, loaded)?;
        let Some(reference) = &self.reference else {
            return Ok(true);
        };
        let version_ok = match (&loaded.answers.framework_version, &reference.version) {
            (Some(v), Some(r)) => v == r,
            _ => true,
        };
        Ok(fw.framework.id == reference.id && version_ok)
    }

    /// Writes the warnings the files share (see [`Loader::finish`]).
    pub fn finish(self) {
        self.loader.finish();
    }

    /// The framework a file names; the first file's becomes the set's.
    fn resolve(
        &mut self,
        path: &Path,
        loaded: &LoadedAnswers,
    ) -> anyhow::Result<Rc<LoadedFramework>> {
        let fw = self
            .loader
            .framework(&FileArg::Path(path.to_path_buf()), loaded)?;
        if self.framework.is_none() {
            self.framework = Some(fw.clone());
        }
        Ok(fw)
    }

    /// Fixes the set's framework from the first file, and refuses a later
    /// file of another framework (or version, when strict) naming both files.
    fn check_framework(&mut self, path: &Path, loaded: &LoadedAnswers) -> anyhow::Result<()> {
        let id = self.resolve(path, loaded)?.framework.id.clone();
        let version = loaded.answers.framework_version.clone();
        let Some(reference) = &self.reference else {
            self.reference = Some(Reference {
                path: loaded.path.clone(),
                id,
                version,
            });
            return Ok(());
        };
        let odd = if id != reference.id {
            Some(format!("framework `{id}`"))
        } else {
            match (&version, &reference.version) {
                (Some(v), Some(r)) if v != r && self.strict_version => {
                    Some(format!("{id} version {v}"))
                }
                _ => None,
            }
        };
        let Some(what) = odd else {
            return Ok(());
        };
        let first = match &reference.version {
            Some(v) => format!("{} version {v}", reference.id),
            None => format!("framework `{}`", reference.id),
        };
        Err(Error::Input(vec![
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
        .into())
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
