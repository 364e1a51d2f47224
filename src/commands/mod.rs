//! One module per subcommand, each wiring loading, scoring and reporting;
//! [`ctx`] holds what every command gets and [`dispatch`] the way from
//! arguments to an exit code.

mod benchmark;
mod check;
mod compare;
mod completions;
mod ctx;
mod dispatch;
mod form;
mod health;
mod list;
mod loader;
mod man;
mod many;
mod meta;
mod metrics;
mod output;
mod plan;
mod run;
mod score;
mod show;
mod team;
mod template;
mod trend;

pub use ctx::{Ctx, terminal_width, today, wants_color};
pub use dispatch::{main, run_args};
