//! `health sql`: a model in, one SQL query computing the same scores out.

use super::super::Ctx;
use super::super::output::expect_extension;
use super::scan;
use crate::cli::{HealthSqlArgs, SqlDialect};
use crate::health::sql::{self, Dialect};

/// Compiles the model and writes the query.
pub fn run(ctx: &Ctx, args: &HealthSqlArgs) -> anyhow::Result<i32> {
    expect_extension(&args.output, &["sql", "txt"], "SQL")?;
    let loaded = scan::model(&args.model)?;
    let dialect = match args.dialect {
        SqlDialect::Duckdb => Dialect::Duckdb,
        SqlDialect::Postgres => Dialect::Postgres,
        SqlDialect::Snowflake => Dialect::Snowflake,
        SqlDialect::Bigquery => Dialect::Bigquery,
        SqlDialect::Spark => Dialect::Spark,
    };
    if let Some(why) = sql::too_wide(&loaded.model, dialect) {
        return Err(crate::error::Error::Usage(why).into());
    }
    let mut out = scan::output(&args.output, &loaded, &[])?;
    let text = sql::compile(
        &loaded.model,
        dialect,
        args.table.as_deref().unwrap_or("accounts"),
    );
    out.write(text.as_bytes())?;
    out.finish()?;
    if let Some(path) = args.output.path() {
        ctx.wrote(path, "sql");
    }
    Ok(0)
}
