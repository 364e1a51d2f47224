//! Reports: every rendering of a result, one module per kind of result and
//! format, each a pure function of its inputs turning a result into bytes.
//!
//! Like hyperfine's exporters, a reporter does no I/O; the command decides
//! where the bytes go, and decides colour and width: nothing here reads the
//! terminal or global state. Kinds of result and their format enums:
//! scorecards ([`ScoreFormat`], this module's [`Reporter`]s), comparisons
//! ([`compare::CompareFormat`]), frameworks ([`framework::FrameworkFormat`]) and
//! the list of frameworks ([`list::ListFormat`]).

pub mod benchmark;
mod common;
pub mod compare;
mod csv;
mod escape;
pub mod form;
pub mod framework;
pub mod health;
pub mod health_calibrate;
pub mod health_fit;
pub mod health_movement;
pub mod health_plays;
mod html;
mod json;
pub mod list;
mod markdown;
mod markup;
pub mod metrics;
pub mod plan;
mod table;
pub mod team;
pub mod trend;

pub use common::*;
pub use compare::CompareFormat;
pub use framework::FrameworkFormat;
pub use list::ListFormat;
pub use markup::{Aggregate, render as render_aggregate};
pub use table::TableReporter;

/// The reporter for a format.
pub fn reporter(format: ScoreFormat) -> Box<dyn Reporter> {
    match format {
        ScoreFormat::Table => Box::new(table::TableReporter),
        ScoreFormat::Json => Box::new(json::JsonReporter),
        ScoreFormat::Markdown => Box::new(markdown::MarkdownReporter),
        ScoreFormat::Csv => Box::new(csv::CsvReporter),
        ScoreFormat::CsvSummary => Box::new(csv::CsvSummaryReporter),
        ScoreFormat::Html => Box::new(html::HtmlReporter),
    }
}
