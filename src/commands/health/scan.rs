//! What the health commands share: the model and the output opened under the
//! house rules, and a fold over every account of a file (the percentile pass
//! first when the model ranks a signal).

use std::path::Path;

use super::super::Ctx;
use crate::cli::OutputArgs;
use crate::error::Error;
use crate::fsio::Output;
use crate::health::fold::{Fold, OverrideUse, Ranked, Scorer};
use crate::health::load::{self, Loaded};
use crate::health::model::ValidModel;
use crate::health::rows::Layout;
use crate::health::stream::{self, Ids, Input, Opened};

/// Loads and validates a model named by id or path; an id typed in other
/// case or with `_` for `-` (`SaaS_Health`) names the built-in model it spells.
pub fn model(name: &str) -> Result<Loaded, Error> {
    let ids = load::embedded_ids();
    let loose = crate::text::loose_id(name);
    let matching: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| *id != name && crate::text::loose_id(id) == loose)
        .collect();
    match matching.as_slice() {
        [one] if !ids.contains(&name) => load::load(one),
        _ => load::load(name),
    }
}

/// Opens the output: never over the model file or a CSV read, never over an
/// existing file without `--force`.
pub fn output(args: &OutputArgs, model: &Loaded, csvs: &[&Path]) -> Result<Output, Error> {
    let inputs: Vec<&Path> = csvs.iter().copied().chain(model.file.as_deref()).collect();
    args.open(&inputs)
}

/// A file ready to be scored: its header read and laid out, the percentile
/// pass done when the model ranks a signal.
pub struct Prepared<'m, 'i> {
    scorer: Scorer<'m>,
    opened: Opened,
    input: &'i Input,
    ctx: &'i Ctx,
}

/// Says once that a file's columns were found separated by something other
/// than commas (a European spreadsheet's `;`), so a surprise has its reason.
pub fn say_delimiter(ctx: &Ctx, input: &Input, detected: bool, delimiter: u8) {
    if detected {
        ctx.note(&format!(
            "{}: columns separated by {}{}; reading it so (--delimiter chooses)",
            crate::text::printable(&input.shown),
            crate::health::rows::delimiter_name(delimiter),
            if delimiter == b';' {
                ", decimal commas accepted"
            } else {
                ""
            }
        ));
    }
}

/// Reads an outcomes file for `model` (its account column also names the id
/// column) and says a detected delimiter that is not a comma.
pub fn outcomes(
    ctx: &Ctx,
    model: &ValidModel,
    file: &Input,
    delimiter: Option<u8>,
) -> anyhow::Result<stream::Outcomes> {
    let outcomes = stream::outcomes(file, ctx.quiet, &model.columns.account, delimiter)?;
    say_delimiter(ctx, file, outcomes.detected, outcomes.layout.delimiter);
    Ok(outcomes)
}

/// Reads the header of `input` (and, for a model with percentile signals,
/// every account once for the ranks): the problems found before any output.
/// `dated` reads the file as snapshots over time (one row per account and
/// date, ranks per date: `health plays`); otherwise it is one snapshot.
/// `delimiter` is `--delimiter`, or none to detect it from the header.
pub fn prepare<'m, 'i>(
    ctx: &'i Ctx,
    model: &'m ValidModel,
    input: &'i Input,
    dated: bool,
    delimiter: Option<u8>,
) -> anyhow::Result<Prepared<'m, 'i>> {
    if model.needs_ranks() && input.is_stdin() {
        return Err(Error::Usage(format!(
            "model `{}` has percentile signals, which need two passes over the accounts; give a file rather than standard input",
            model.about.id
        ))
        .into());
    }
    let mut opened = stream::open(input, delimiter)?;
    let layout = Layout::accounts(
        model,
        &input.shown,
        &opened.header.names(),
        opened.delimiter,
    )?;
    say_delimiter(ctx, input, opened.detected, opened.delimiter);
    let delimiter = Some(opened.delimiter);
    let mut scorer = Scorer::new(model, layout);
    let ranked = scorer.ranked();
    if dated {
        scorer.by_date();
    }
    if !ranked.is_empty() {
        let mut ranks = Ranked::default();
        let ids = Ids {
            column: scorer.layout.account,
            names: &scorer.layout.names,
            delimiter: scorer.layout.delimiter,
        };
        stream::run_blocks(
            opened,
            input,
            ctx.quiet,
            &ids,
            |block| scorer.rank_block(block, &ranked),
            |r| {
                ranks.merge(r);
                Ok(true)
            },
        )?;
        scorer.set_ranks(ranks);
        opened = stream::open(input, delimiter)?;
    }
    Ok(Prepared {
        scorer,
        opened,
        input,
        ctx,
    })
}

impl Prepared<'_, '_> {
    /// The percentile tables of the first pass (empty for signals not ranked).
    pub fn ranks(&self) -> &[crate::health::score::Ranks] {
        &self.scorer.plan.ranks
    }

    /// Scores every account and folds it: `new` makes a fold per block,
    /// `consume` gets them in file order (`Ok(false)` stops early). Category
    /// cells not in their maps are read as no data and said in a warning.
    pub fn fold<F: Fold>(
        self,
        new: impl Fn() -> F + Sync,
        consume: impl FnMut(F) -> anyhow::Result<bool>,
    ) -> anyhow::Result<()> {
        let scorer = &self.scorer;
        let ids = Ids {
            column: scorer.layout.account,
            names: &scorer.layout.names,
            delimiter: scorer.layout.delimiter,
        };
        let unmatched = stream::run_blocks(
            self.opened,
            self.input,
            self.ctx.quiet,
            &ids,
            |block| scorer.fold_block(block, new()),
            consume,
        )?;
        for w in unmatched.warnings(&self.input.shown, &scorer.layout) {
            self.ctx.warn(&crate::text::printable(&w));
        }
        Ok(())
    }
}

impl Prepared<'_, '_> {
    /// Like [`Prepared::fold`], and then warns of each override that matched
    /// no account of the file, naming the segments and plans it has.
    pub fn fold_checked<F: Fold>(
        self,
        ctx: &Ctx,
        new: impl Fn() -> F + Sync,
        mut consume: impl FnMut(F) -> anyhow::Result<bool>,
    ) -> anyhow::Result<()> {
        let model = self.scorer.model;
        let shown = self.input.shown.clone();
        let watch = !model.overrides.is_empty();
        let mut used = OverrideUse::new(model.overrides.len());
        let mut stopped = false;
        self.fold(
            || {
                (
                    new(),
                    watch.then(|| OverrideUse::new(model.overrides.len())),
                )
            },
            |(f, u)| {
                if let Some(u) = u {
                    used.merge(u);
                }
                let go = consume(f)?;
                stopped |= !go;
                Ok(go)
            },
        )?;
        if watch && !stopped {
            warn_unused_overrides(ctx, model, &shown, &used);
        }
        Ok(())
    }
}

/// Warns of each override that matched no account of a file.
fn warn_unused_overrides(ctx: &Ctx, model: &ValidModel, file: &str, used: &OverrideUse) {
    let names = |set: &std::collections::BTreeSet<String>, more: bool| {
        let mut v: Vec<String> = set
            .iter()
            .map(|s| {
                if s.is_empty() {
                    "(empty)".to_string()
                } else {
                    format!("`{}`", crate::text::printable(&crate::text::excerpt(s, 40)))
                }
            })
            .collect();
        if more {
            v.push("…".into());
        }
        v.join(", ")
    };
    for (o, n) in model.overrides.iter().zip(&used.matched) {
        if *n > 0 {
            continue;
        }
        let mut what = Vec::new();
        let mut seen = Vec::new();
        if let Some(s) = &o.segment {
            what.push(format!("segment `{}`", crate::text::printable(s)));
            seen.push(format!(
                "segments seen: {}",
                names(&used.segments, used.more.0)
            ));
        }
        if let Some(p) = &o.plan {
            what.push(format!("plan `{}`", crate::text::printable(p)));
            seen.push(format!("plans seen: {}", names(&used.plans, used.more.1)));
        }
        ctx.warn(&format!(
            "the model's override for {} matched no account of {} (values are compared exactly, case included); {}",
            what.join(" on "),
            crate::text::printable(file),
            seen.join("; ")
        ));
    }
}

/// Scores every account of `input` and folds it (see [`Prepared::fold`]),
/// warning of overrides that matched no account.
pub fn fold_file<F: Fold>(
    ctx: &Ctx,
    model: &ValidModel,
    input: &Input,
    delimiter: Option<u8>,
    new: impl Fn() -> F + Sync,
    consume: impl FnMut(F) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    prepare(ctx, model, input, false, delimiter)?.fold_checked(ctx, new, consume)
}

/// Says where a file was written (nothing for standard output).
pub fn wrote<F: clap::ValueEnum>(ctx: &Ctx, output: &OutputArgs, format: F) {
    if let Some(p) = output.path() {
        ctx.wrote(p, &super::super::output::name(format));
    }
}
