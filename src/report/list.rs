//! Rendering the list of known frameworks (`list`): a table, JSON.

use clap::ValueEnum;
use serde::Serialize;

use super::common::{ReportOptions, new_table};
use crate::framework::model::LoadedFramework;
use crate::text::fmt_num;

/// Output formats for the list of frameworks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    description: &'a str,
    questions: usize,
    /// The questions that carry points.
    scored: usize,
    /// The questions asked only after some answers.
    follow_ups: usize,
    max: f64,
    path: &'a str,
}

/// Renders the list of frameworks in a format.
pub fn render(
    all: &[LoadedFramework],
    format: ListFormat,
    options: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    let entries: Vec<Entry<'_>> = all
        .iter()
        .map(|l| Entry {
            id: &l.framework.id,
            title: &l.framework.title,
            version: &l.framework.version,
            description: &l.framework.description,
            questions: l.framework.question_counts().total,
            scored: l.framework.question_counts().scored,
            follow_ups: l.framework.question_counts().follow_ups,
            max: l.framework.max_points(),
            path: &l.path,
        })
        .collect();
    let out = match format {
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&entries)?),
        ListFormat::Table => {
            let mut t = new_table(options);
            t.set_header(vec!["id", "title", "version", "questions", "max"]);
            for e in &entries {
                t.add_row(vec![
                    e.id.to_string(),
                    crate::text::printable(e.title),
                    crate::text::printable(e.version),
                    e.questions.to_string(),
                    fmt_num(e.max),
                ]);
            }
            format!("{t}\n")
        }
    };
    Ok(out.into_bytes())
}
