//! `schema`: what editors need to know about cs-scorecard's files.

use crate::answers::Answers;
use crate::cli::SchemaKind;
use crate::framework::Framework;
use crate::fsio;

/// The JSON Schema of a file format, generated from the Rust types.
pub fn schema_json(kind: SchemaKind) -> anyhow::Result<String> {
    let schema = match kind {
        SchemaKind::Framework => schemars::schema_for!(Framework),
        SchemaKind::Answers => schemars::schema_for!(Answers),
        SchemaKind::Model => schemars::schema_for!(crate::health::model::Model),
        SchemaKind::Plan => schemars::schema_for!(crate::plan::Plan),
    };
    Ok(format!("{}\n", serde_json::to_string_pretty(&schema)?))
}

/// Prints a JSON Schema.
pub fn schema(kind: SchemaKind) -> anyhow::Result<i32> {
    fsio::write_output(None, schema_json(kind)?.as_bytes())?;
    Ok(0)
}
