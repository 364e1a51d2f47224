//! From a `health` subcommand to the command that runs it.

use super::super::Ctx;
use super::{calibrate, demo, fit, movement, plays, score, sql};
use crate::cli::HealthCommand;

/// Runs a `health` subcommand.
pub fn run(ctx: &Ctx, command: HealthCommand) -> anyhow::Result<i32> {
    match command {
        HealthCommand::Score(args) => score::run(ctx, &args),
        HealthCommand::Movement(args) => movement::run(ctx, &args),
        HealthCommand::Demo(args) => demo::run(ctx, &args),
        HealthCommand::Sql(args) => sql::run(ctx, &args),
        HealthCommand::Calibrate(args) => calibrate::run(ctx, &args),
        HealthCommand::Plays(args) => plays::run(ctx, &args),
        HealthCommand::Fit(args) => fit::run(ctx, &args),
    }
}
