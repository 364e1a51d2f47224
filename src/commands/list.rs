//! `list`: the frameworks known.

use serde::Serialize;

use super::Ctx;
use crate::cli::ListFormat;
use crate::fsio;
use crate::report::new_table;
use crate::scoring;

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    version: &'a str,
    description: &'a str,
    questions: usize,
    max: f64,
    path: &'a str,
}

/// Prints the known frameworks.
pub fn run(ctx: &Ctx, format: ListFormat) -> anyhow::Result<i32> {
    let all = ctx.catalog.all()?;
    let entries: Vec<Entry<'_>> = all
        .iter()
        .map(|l| Entry {
            id: &l.framework.id,
            title: &l.framework.title,
            version: &l.framework.version,
            description: &l.framework.description,
            questions: l.framework.question_count(),
            max: scoring::max_score(&l.framework),
            path: &l.path,
        })
        .collect();
    let out = match format {
        ListFormat::Json => format!("{}\n", serde_json::to_string_pretty(&entries)?),
        ListFormat::Table => {
            let mut t = new_table(ctx.color);
            t.set_header(vec!["id", "title", "version", "questions", "max"]);
            for e in &entries {
                t.add_row(vec![
                    e.id.to_string(),
                    e.title.to_string(),
                    e.version.to_string(),
                    e.questions.to_string(),
                    crate::fmt_num(e.max),
                ]);
            }
            format!("{t}\n")
        }
    };
    fsio::write_output(None, out.as_bytes())?;
    Ok(0)
}
