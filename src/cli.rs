//! Command-line definitions (clap). No logic here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Measure how mature a Customer Success program is, against published frameworks.
#[derive(Debug, Parser)]
#[command(
    name = "cs-scorecard",
    version,
    about,
    long_about = "Measure how mature a Customer Success program is, against published maturity \
frameworks (CX63, the 11 Pillars, the CS Performance Index, Certinia, CS scoring).\n\n\
Answer a framework in the terminal with `run`, or fill in a `template` and `score` it.",
    after_help = "Examples:\n  cs-scorecard list\n  cs-scorecard run cx63\n  cs-scorecard template cx63 --output answers.toml\n  cs-scorecard score answers.toml --format markdown\n  cs-scorecard check frameworks/",
    max_term_width = 100
)]
pub struct Cli {
    /// Global options.
    #[command(flatten)]
    pub global: Global,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Also look for frameworks in DIR (before the built-in ones)
    #[arg(long, global = true, value_name = "DIR")]
    pub frameworks_dir: Vec<PathBuf>,
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Print no warnings or progress, only results and errors
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output formats for listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

/// Output formats for a scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreFormat {
    /// A table for the terminal.
    Table,
    /// JSON for programs (see docs/json-output.md).
    Json,
    /// Markdown, to paste into a document or wiki.
    Markdown,
    /// CSV, one row per question, section and total, for spreadsheets.
    Csv,
    /// A self-contained HTML page with charts, to share or print.
    Html,
}

/// Output formats for a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A table for the terminal.
    Table,
    /// JSON for programs (see docs/json-output.md).
    Json,
    /// Markdown, to paste into a document.
    Markdown,
}

/// Which file format's JSON Schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Framework files (frameworks/*.toml).
    Framework,
    /// Answers files.
    Answers,
    /// Health model files (models/*.toml).
    Model,
}

/// Syntax of an answers file read from standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the frameworks known: built in, plus --frameworks-dir
    #[command(after_help = "Examples:\n  cs-scorecard list\n  cs-scorecard list --format json")]
    List {
        /// Output format
        #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show a framework's sections, questions, options and bands
    #[command(
        after_help = "Examples:\n  cs-scorecard show cx63\n  cs-scorecard show eleven-pillars --format json\n  cs-scorecard show ./my-framework.toml"
    )]
    Show {
        /// Framework id (see `list`) or path to a .toml file
        framework: String,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Write a blank answers file to fill in with an editor
    #[command(
        after_help = "Examples:\n  cs-scorecard template cx63 > answers.toml\n  cs-scorecard template cspi --output cspi-answers.toml"
    )]
    Template {
        /// Framework id (see `list`) or path to a .toml file
        framework: String,
        /// Write to FILE instead of standard output (refuses to overwrite an existing file)
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Answer a framework interactively in the terminal, then see the scorecard
    #[command(
        after_help = "Answers are saved after every question (atomically), so Ctrl-C or a crash loses nothing.\n\nExamples:\n  cs-scorecard run cx63\n  cs-scorecard run eleven-pillars --respondent \"Ada Lovelace\" --output q3.toml\n  cs-scorecard run cx63 --resume          # continue where you stopped\n\nNot in a terminal? Use `template` and `score` instead."
    )]
    Run(RunArgs),
    /// Score an answers file and print the scorecard
    #[command(
        after_help = "Examples:\n  cs-scorecard score answers.toml\n  cs-scorecard score answers.toml --format html --output report.html\n  cat answers.json | cs-scorecard score - --format json\n  cs-scorecard score answers.toml --min-percent 60   # exit 1 below 60%"
    )]
    Score(ScoreArgs),
    /// Compare two answers files of the same framework: what improved, what regressed
    #[command(
        after_help = "Examples:\n  cs-scorecard compare q2-answers.toml q3-answers.toml\n  cs-scorecard compare q2.toml q3.toml --format markdown --output progress.md"
    )]
    Compare {
        /// The earlier answers file
        old: PathBuf,
        /// The later answers file
        new: PathBuf,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = CompareFormat::Table)]
        format: CompareFormat,
        /// Write to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of framework or answers files, for editors
    #[command(
        after_help = "Editors that read JSON Schema (VS Code with Even Better TOML, Taplo) validate and\ncomplete TOML files whose first line is `#:schema <path-to-schema>`.\n\nExamples:\n  cs-scorecard schema framework > framework.schema.json\n  cs-scorecard schema answers > answers.schema.json"
    )]
    Schema {
        /// Which format
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  cs-scorecard completions bash > ~/.local/share/bash-completion/completions/cs-scorecard\n  cs-scorecard completions zsh > ~/.zfunc/_cs-scorecard\n  cs-scorecard completions fish > ~/.config/fish/completions/cs-scorecard.fish\n  cs-scorecard completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    #[command(after_help = "Example:\n  cs-scorecard man > ~/.local/share/man/man1/cs-scorecard.1")]
    Man,
    /// Check framework and health model files: syntax, schema, ids, conditions, bands, examples
    #[command(
        after_help = "Every problem is printed as `path:line:col: message`. Exit code 1 when any is found.\nA file with a [model] table is checked as a health model.\n\nExamples:\n  cs-scorecard check\n  cs-scorecard check frameworks/ my-framework.toml\n  cs-scorecard check models/saas-health.toml"
    )]
    Check {
        /// Framework or model files, or directories of them [default: frameworks/]
        paths: Vec<PathBuf>,
    },
    /// Score customer accounts with a health model: tiers, SLAs, plays, drivers
    #[command(
        after_help = "Examples:\n  cs-scorecard health demo --accounts 1000 --output demo/\n  cs-scorecard health score saas-health demo/accounts-current.csv\n  cs-scorecard health score saas-health demo/accounts-current.csv --format csv --output scores.csv\n  cs-scorecard health movement saas-health demo/accounts-previous.csv demo/accounts-current.csv\n\nSee docs/health.md for the model format and the arithmetic."
    )]
    Health {
        /// What to do
        #[command(subcommand)]
        command: HealthCommand,
    },
}

/// Output formats of `health score` and `health movement`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HealthFormat {
    /// Summary tables for the terminal.
    Table,
    /// JSON lines: one object per account, then a summary line (see docs/health.md).
    Json,
    /// CSV, one row per account, for spreadsheets and BI tools.
    Csv,
    /// A self-contained HTML page.
    Html,
}

/// SQL dialects `health sql` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqlDialect {
    /// DuckDB.
    Duckdb,
    /// PostgreSQL.
    Postgres,
    /// Snowflake.
    Snowflake,
    /// Google BigQuery (GoogleSQL).
    Bigquery,
    /// Apache Spark SQL (and Databricks).
    Spark,
}

/// The `health` subcommands.
#[derive(Debug, Subcommand)]
pub enum HealthCommand {
    /// Score every account of a snapshot CSV: score, tier, SLA, play, coverage, drivers
    #[command(
        after_help = "MODEL is a built-in model id (saas-health) or a path to a .toml model.\nPer-account output (csv, json) streams; table and html show the summary.\n\nExamples:\n  cs-scorecard health score saas-health accounts.csv\n  cs-scorecard health score my-model.toml accounts.csv --format csv --output scores.csv"
    )]
    Score {
        /// Model id or path
        model: String,
        /// Accounts CSV (a header row, one row per account), or - for standard input
        accounts: PathBuf,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = HealthFormat::Table)]
        format: HealthFormat,
        /// Write to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Accounts whose tier changed between two snapshots, downward first, with what moved
    #[command(
        after_help = "Examples:\n  cs-scorecard health movement saas-health september.csv october.csv\n  cs-scorecard health movement saas-health sep.csv oct.csv --format csv --output moves.csv"
    )]
    Movement {
        /// Model id or path
        model: String,
        /// The earlier snapshot
        previous: PathBuf,
        /// The later snapshot
        current: PathBuf,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = HealthFormat::Table)]
        format: HealthFormat,
        /// Write to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Write a synthetic, clearly labelled data set to try the health commands on
    #[command(
        after_help = "Writes DIR/accounts-previous.csv, DIR/accounts-current.csv, DIR/outcomes.csv and\nDIR/README.txt. The same --seed always gives the same files.\n\nExample:\n  cs-scorecard health demo --accounts 5000 --seed 7 --output demo/"
    )]
    Demo {
        /// How many accounts
        #[arg(long, default_value_t = 1000, value_name = "N")]
        accounts: u64,
        /// Random seed
        #[arg(long, default_value_t = 1, value_name = "S")]
        seed: u64,
        /// Directory to write into (created if needed)
        #[arg(long, short, value_name = "DIR")]
        output: PathBuf,
    },
    /// Compile the model to one SQL query computing the same scores in a warehouse
    #[command(
        after_help = "Examples:\n  cs-scorecard health sql saas-health --dialect duckdb --table \"read_csv('accounts.csv')\"\n  cs-scorecard health sql saas-health --dialect snowflake --table analytics.account_snapshot"
    )]
    Sql {
        /// Model id or path
        model: String,
        /// SQL dialect
        #[arg(long, value_enum)]
        dialect: SqlDialect,
        /// The table (or table expression) holding one snapshot [default: accounts]
        #[arg(long, value_name = "NAME")]
        table: Option<String>,
    },
    /// Check the model against renewal outcomes: AUC, tier renewal rates, false positives/negatives
    #[command(
        after_help = "OUTCOMES is a CSV with account, renewal_date, renewed (yes/no) and optionally expanded.\n\nExamples:\n  cs-scorecard health calibrate saas-health demo/accounts-previous.csv --outcomes demo/outcomes.csv\n  cs-scorecard health calibrate saas-health acc.csv --outcomes out.csv --format html --output calibration.html"
    )]
    Calibrate {
        /// Model id or path
        model: String,
        /// Accounts CSV (the snapshot taken before the renewals)
        accounts: PathBuf,
        /// Outcomes CSV
        #[arg(long, value_name = "FILE")]
        outcomes: PathBuf,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = HealthFormat::Table)]
        format: HealthFormat,
        /// Write to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Arguments of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Framework id (see `list`) or path to a .toml file
    pub framework: String,
    /// Where answers are saved [default: <framework>-answers.toml]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Continue from the answers already in the output file
    #[arg(long)]
    pub resume: bool,
    /// The respondent's name, recorded in the answers file
    #[arg(long, value_name = "NAME")]
    pub respondent: Option<String>,
}

/// Arguments of `score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answers file (.toml or .json), or - for standard input
    pub answers: PathBuf,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = ScoreFormat::Table)]
    pub format: ScoreFormat,
    /// Write to FILE instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Syntax of the answers when read from standard input
    #[arg(long, value_enum, value_name = "SYNTAX")]
    pub input_format: Option<InputFormat>,
    /// Exit with code 1 when the total is below this percentage (a CI gate)
    #[arg(long, value_name = "PERCENT")]
    pub min_percent: Option<f64>,
}

/// The clap command, for completions and the man page.
pub fn build_command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_is_consistent() {
        super::build_command().debug_assert();
    }
}
