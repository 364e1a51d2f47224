//! `schema`, `completions` and `man`: what other tools need to know about cs-scorecard.

use crate::answers::Answers;
use crate::cli::{SchemaKind, build_command};
use crate::framework::Framework;
use crate::fsio;

/// The JSON Schema of a file format, generated from the Rust types.
pub fn schema_json(kind: SchemaKind) -> anyhow::Result<String> {
    let schema = match kind {
        SchemaKind::Framework => schemars::schema_for!(Framework),
        SchemaKind::Answers => schemars::schema_for!(Answers),
        SchemaKind::Model => schemars::schema_for!(crate::health::model::Model),
    };
    Ok(format!("{}\n", serde_json::to_string_pretty(&schema)?))
}

/// Prints a JSON Schema.
pub fn schema(kind: SchemaKind) -> anyhow::Result<i32> {
    fsio::write_output(None, schema_json(kind)?.as_bytes())?;
    Ok(0)
}

/// Prints a completion script.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<i32> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut build_command(), "cs-scorecard", &mut out);
    fsio::write_output(None, &out)?;
    Ok(0)
}

/// Prints the man page.
pub fn man() -> anyhow::Result<i32> {
    let mut out = Vec::new();
    clap_mangen::Man::new(build_command()).render(&mut out)?;
    fsio::write_output(None, &out)?;
    Ok(0)
}
