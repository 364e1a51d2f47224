//! What the health commands share: the model and the output opened under the
//! house rules, and a fold over every account of a file (the percentile pass
//! first when the model ranks a signal).

use std::path::Path;

use super::super::Ctx;
use crate::cli::OutputArgs;
use crate::error::Error;
use crate::fsio::Output;
use crate::health::fold::{Fold, Ranked, Scorer};
use crate::health::load::{self, Loaded};
use crate::health::model::ValidModel;
use crate::health::rows::Layout;
use crate::health::stream::{self, Ids, Input, Opened};

/// Loads and validates a model named by id or path.
pub fn model(name: &str) -> Result<Loaded, Error> {
    load::load(name)
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

/// Reads the header of `input` (and, for a model with percentile signals,
/// every account once for the ranks): the problems found before any output.
/// `dated` reads the file as snapshots over time (one row per account and
/// date, ranks per date: `health plays`); otherwise it is one snapshot.
pub fn prepare<'m, 'i>(
    ctx: &'i Ctx,
    model: &'m ValidModel,
    input: &'i Input,
    dated: bool,
) -> anyhow::Result<Prepared<'m, 'i>> {
    if model.needs_ranks() && input.is_stdin() {
        return Err(Error::Usage(format!(
            "model `{}` has percentile signals, which need two passes over the accounts; give a file rather than standard input",
            model.about.id
        ))
        .into());
    }
    let mut opened = stream::open(input)?;
    let layout = Layout::accounts(model, &input.shown, &opened.header.names())?;
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
        opened = stream::open(input)?;
    }
    Ok(Prepared {
        scorer,
        opened,
        input,
        ctx,
    })
}

impl Prepared<'_, '_> {
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

/// Scores every account of `input` and folds it (see [`Prepared::fold`]).
pub fn fold_file<F: Fold>(
    ctx: &Ctx,
    model: &ValidModel,
    input: &Input,
    new: impl Fn() -> F + Sync,
    consume: impl FnMut(F) -> anyhow::Result<bool>,
) -> anyhow::Result<()> {
    prepare(ctx, model, input, false)?.fold(new, consume)
}

/// Says where a file was written (nothing for standard output).
pub fn wrote(ctx: &Ctx, output: &OutputArgs) {
    if let Some(p) = output.path() {
        ctx.note(&format!(
            "wrote {}",
            crate::text::printable(&crate::fsio::display(p))
        ));
    }
}
