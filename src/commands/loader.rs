//! The one way an answers file becomes a scorecard, for `score`, `compare`
//! and the many-file commands alike: read it, resolve its framework (an
//! unknown name is an error at the file's `framework` value), check every
//! answer, score, and say what the user should know (a different framework
//! version, answers to questions not asked), each warning once.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::Ctx;
use crate::answers::{self, LoadedAnswers, Syntax};
use crate::cli::InputFormat;
use crate::error::Error;
use crate::framework::LoadedFramework;
use crate::fsio::FileArg;
use crate::scoring::{self, Scorecard};
use crate::text::printable;

/// The syntax `--input-format` forces, if any.
pub fn syntax(format: Option<InputFormat>) -> Option<Syntax> {
    format.map(|f| match f {
        InputFormat::Json => Syntax::Json,
        InputFormat::Toml => Syntax::Toml,
    })
}

/// An answers file read, checked against its framework and scored.
pub struct ScoredFile {
    /// The framework it was scored with.
    pub framework: Rc<LoadedFramework>,
    /// Its scorecard.
    pub card: Scorecard,
}

/// Reads, checks and scores answers files, resolving each framework once
/// per name and directory. Warnings that many files share are gathered and
/// written once by [`Loader::finish`].
pub struct Loader<'c> {
    ctx: &'c Ctx,
    /// Frameworks by (the name in the file, the file's directory).
    frameworks: HashMap<(String, Option<PathBuf>), Rc<LoadedFramework>>,
    /// Files answered against another version than the one they were scored
    /// with, by (framework id, their version, the version scored).
    versions: BTreeMap<(String, String, String), Vec<String>>,
}

impl<'c> Loader<'c> {
    /// A loader using the context's catalog and warnings.
    pub fn new(ctx: &'c Ctx) -> Self {
        Loader {
            ctx,
            frameworks: HashMap::new(),
            versions: BTreeMap::new(),
        }
    }

    /// Reads an answers file (TOML or JSON, as `syntax` forces or the file says).
    pub fn read(&self, file: &FileArg, syntax: Option<Syntax>) -> anyhow::Result<LoadedAnswers> {
        Ok(answers::load(file, syntax).map_err(Error::Input)?)
    }

    /// The framework a file names, loaded once per name and directory.
    pub fn framework(
        &mut self,
        file: &FileArg,
        loaded: &LoadedAnswers,
    ) -> anyhow::Result<Rc<LoadedFramework>> {
        let base = file.path().and_then(Path::parent).map(Path::to_path_buf);
        let key = (loaded.answers.framework.clone(), base);
        if let Some(fw) = self.frameworks.get(&key) {
            return Ok(fw.clone());
        }
        let fw = Rc::new(self.ctx.catalog.load_for(loaded, key.1.as_deref())?);
        self.frameworks.insert(key, fw.clone());
        Ok(fw)
    }

    /// Checks every answer against the framework and scores them; notes a
    /// version other than the framework's and warns of answers to questions
    /// that were not asked.
    pub fn score(
        &mut self,
        loaded: &LoadedAnswers,
        framework: &LoadedFramework,
    ) -> anyhow::Result<Scorecard> {
        let fw = &framework.framework;
        let problems = answers::validate(loaded, fw);
        if !problems.is_empty() {
            return Err(Error::Input(problems).into());
        }
        if let Some(v) = &loaded.answers.framework_version {
            if *v != fw.version {
                self.versions
                    .entry((fw.id.clone(), v.clone(), fw.version.clone()))
                    .or_default()
                    .push(loaded.path.clone());
            }
        }
        let card = scoring::score(fw, &loaded.answers);
        let ignored: Vec<&str> = card
            .questions
            .iter()
            .filter(|q| {
                q.status == scoring::Status::NotAsked && loaded.answers.answers.contains_key(&q.id)
            })
            .map(|q| q.id.as_str())
            .collect();
        if !ignored.is_empty() {
            self.ctx.warn(&format!(
                "{}: ignored answers to questions not asked (their condition is false): {}",
                printable(&loaded.path),
                ignored.join(", ")
            ));
        }
        Ok(card)
    }

    /// Reads, resolves, checks and scores one file.
    pub fn load(&mut self, file: &FileArg, syntax: Option<Syntax>) -> anyhow::Result<ScoredFile> {
        let loaded = self.read(file, syntax)?;
        let framework = self.framework(file, &loaded)?;
        let card = self.score(&loaded, &framework)?;
        Ok(ScoredFile { framework, card })
    }

    /// Writes the warnings gathered: one per framework version the files
    /// were answered against, naming the files (the first few, and how many).
    pub fn finish(self) {
        for ((id, given, scored), files) in &self.versions {
            let named: Vec<String> = files.iter().take(3).map(|f| printable(f)).collect();
            let who = match files.len() {
                n if n > 3 => format!("{} and {} more files", named.join(", "), n - 3),
                _ => named.join(", "),
            };
            self.ctx.warn(&format!(
                "{who}: answers were given against {id} version {given}; scoring with version {scored}"
            ));
        }
    }
}
