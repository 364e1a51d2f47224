//! Command-line definitions (clap). No logic here.

use std::path::PathBuf;

use crate::fsio::FileArg;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::plan::Quarter;
pub use crate::report::metrics::MetricsFormat;
pub use crate::report::plan::PlanFormat;
pub use crate::report::{AggregateFormat, CompareFormat, FrameworkFormat, ListFormat, ScoreFormat};

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
    /// When to use colour: auto (a terminal, and NO_COLOR unset), always or never
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorChoice::Auto,
        value_name = "WHEN",
        help_heading = "Global options"
    )]
    pub color: ColorChoice,
    /// Print no warnings or progress, only results and errors
    #[arg(short, long, global = true, help_heading = "Global options")]
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

/// Which file format's JSON Schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Framework files (frameworks/*.toml).
    Framework,
    /// Answers files.
    Answers,
    /// Health model files (models/*.toml).
    Model,
    /// Plan files (written by `plan`).
    Plan,
}

/// Where frameworks are found, for the commands that name one.
#[derive(Debug, Args, Default)]
pub struct FrameworksArgs {
    /// Also look for frameworks in DIR (before the built-in ones); repeatable
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub frameworks_dir: Vec<PathBuf>,
}

/// Where a command writes its result, and whether it may replace a file.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of standard output; without --format, the format
    /// follows FILE's extension
    #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<FileArg>,
    /// Replace FILE if it exists (without it, an existing file is left alone)
    #[arg(long)]
    pub force: bool,
}

/// A value of free text that offers some names to shell completion, hidden
/// from help: a framework or a health model (an id, or a path the catalog or
/// the loader reads), a respondent field after `team --by` (any field an
/// answers file gives).
#[derive(Debug, Clone, Copy)]
pub struct Offered(pub fn() -> Vec<&'static str>);

impl clap::builder::TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            (self.0)()
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
}

/// The built-in framework ids, offered wherever a framework is named.
pub fn framework_ids() -> Vec<&'static str> {
    crate::framework::EMBEDDED
        .iter()
        .map(|(file, _)| file.trim_end_matches(".toml"))
        .collect()
}

/// The respondent fields a team is usually grouped by, offered after
/// `team --by`.
pub fn grouping_fields() -> Vec<&'static str> {
    vec!["role", "organization", "date"]
}

/// Syntax of an answers file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

/// Help text of `--input-format`, the same on every command that reads answers.
const INPUT_FORMAT_HELP: &str = "Read the answers as this syntax [default: from the file's \
extension (.json, .toml), else from its content: JSON when the first non-blank character is `{`, \
TOML otherwise]";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the frameworks known: built in, plus --frameworks-dir
    #[command(after_help = "Examples:\n  cs-scorecard list\n  cs-scorecard list --format json")]
    List {
        /// Output format
        #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Where frameworks are found
        #[command(flatten)]
        frameworks: FrameworksArgs,
    },
    /// Show a framework's sections, questions, options and bands
    #[command(
        after_help = "Examples:\n  cs-scorecard show cx63\n  cs-scorecard show eleven-pillars --format json\n  cs-scorecard show ./my-framework.toml"
    )]
    Show {
        /// Framework id (see `list`) or path to a .toml file
        #[arg(value_parser = Offered(framework_ids), hide_possible_values = true)]
        framework: String,
        /// Output format
        #[arg(long, short, value_enum, default_value_t = FrameworkFormat::Table)]
        format: FrameworkFormat,
        /// Where frameworks are found
        #[command(flatten)]
        frameworks: FrameworksArgs,
    },
    /// Write a blank answers file to fill in with an editor
    #[command(
        after_help = "Examples:\n  cs-scorecard template cx63 > answers.toml\n  cs-scorecard template cspi --output cspi-answers.toml"
    )]
    Template {
        /// Framework id (see `list`) or path to a .toml file
        #[arg(value_parser = Offered(framework_ids), hide_possible_values = true)]
        framework: String,
        /// Where to write, and whether to replace a file
        #[command(flatten)]
        output: OutputArgs,
        /// Where frameworks are found
        #[command(flatten)]
        frameworks: FrameworksArgs,
    },
    /// Answer a framework interactively in the terminal, then see the scorecard
    #[command(
        after_help = "Answers are saved after every question (atomically), so Ctrl-C or a crash loses nothing.\n\nExamples:\n  cs-scorecard run cx63\n  cs-scorecard run eleven-pillars --respondent \"Ada Lovelace\" --output q3.toml\n  cs-scorecard run cx63 --resume          # continue where you stopped\n\nNot in a terminal? Use `template` and `score` instead."
    )]
    Run(RunArgs),
    /// Score an answers file and print the scorecard
    #[command(
        after_help = "Examples:\n  cs-scorecard score answers.toml\n  cs-scorecard score answers.toml --output report.html\n  cs-scorecard score answers.toml --output answers.csv --bom\n  cat answers.toml | cs-scorecard score - --format json\n  cs-scorecard score answers.toml --min-percent 60   # exit 1 below 60%\n  cs-scorecard score answers.toml --min-percent targets \\\n    --targets team-targets.toml"
    )]
    Score(ScoreArgs),
    /// Compare two answers files of the same framework: what improved, what regressed
    #[command(
        after_help = "Examples:\n  cs-scorecard compare q2-answers.toml q3-answers.toml\n  cs-scorecard compare q2.toml q3.toml --format markdown --output progress.md\n  cs-scorecard compare q2.toml q3.toml --plan plan.toml   # steps done or not"
    )]
    Compare(CompareArgs),
    /// Write the roadmap of an answers file as a plan: steps with owner, due quarter and points
    #[command(
        after_help = "The plan lists the roadmap's steps in its order (largest gap to target first when\ntargets are set), each with the points it gains. Fill in owners and due quarters, then next\nquarter track it with `compare --plan` or `trend --plan`. Format: docs/plan-format.md.\n\nExamples:\n  cs-scorecard plan q3.toml -o plan.toml\n  cs-scorecard plan q3.toml --steps 5 --owner \"Ana (CS Ops)\" --due 2027-Q1 \\\n    -o plan.toml\n  cs-scorecard plan q3.toml --targets team-targets.toml -o plan.md\n  cs-scorecard compare q3.toml q4.toml --plan plan.toml"
    )]
    Plan(PlanArgs),
    /// Write the questionnaire as one HTML file that respondents fill in a browser
    #[command(
        after_help = "The file works offline from disk in any current browser: answers are kept in the browser as\nthey are given, and \"Download answers\" saves an answers file that `score` and `team` read.\n\nExamples:\n  cs-scorecard form cx63 --output cx63-form.html\n  cs-scorecard form ./my-framework.toml > form.html"
    )]
    Form {
        /// Framework id (see `list`) or path to a .toml file
        #[arg(value_parser = Offered(framework_ids), hide_possible_values = true)]
        framework: String,
        /// Where to write, and whether to replace a file
        #[command(flatten)]
        output: OutputArgs,
        /// Where frameworks are found
        #[command(flatten)]
        frameworks: FrameworksArgs,
    },
    /// Aggregate a team's answers files: spread, agreement, roadmap, groups
    #[command(
        after_help = "Directories are read for *.toml and *.json. No output names a respondent; with --by, a group\nsmaller than --min-group is pooled with others, never shown alone. Formulas: docs/team.md.\n\nExamples:\n  cs-scorecard team answers/\n  cs-scorecard team answers/ --by role\n  cs-scorecard team answers/ --output team.html"
    )]
    Team(TeamArgs),
    /// Show progress over several assessments: series per section, deltas, band changes
    #[command(
        after_help = "Each FILE is one assessment; each DIR is a team at one point in time, counted as its team mean.\nPoints are ordered by the respondent's date (a directory: its latest); if one has no date, by the\norder given.\n\nExamples:\n  cs-scorecard trend q1.toml q2.toml q3.toml\n  cs-scorecard trend 2026-q1/ 2026-q2/ --output trend.html\n  cs-scorecard trend q3.toml q4.toml q1.toml --plan plan.toml"
    )]
    Trend(TrendArgs),
    /// Place an assessment among peers: how many score below you, and quartiles per section
    #[command(
        after_help = "The cohort is every answers file of the same framework under DIR (recursively), the subject\nexcluded. --where keeps files whose question answer or respondent field has one of the values;\nnumber questions also take ranges (q10=90..120, bounds included) and comparisons (q10>=100);\nrepeated filters combine. Fewer than --min-cohort members is refused, quartiles need twice as\nmany, and no output names a member or shows one member's percent.\n\nExamples:\n  cs-scorecard benchmark ours.toml --cohort peers/\n  cs-scorecard benchmark ours.toml --cohort peers/ \\\n    --where q5=software-and-technology --where q7=10m-50m,50m-100m\n  cs-scorecard benchmark ours.toml --cohort peers/ --where 'q10>=100'"
    )]
    Benchmark(BenchmarkArgs),
    /// Print the JSON Schema of framework, answers, health model or plan files, for editors
    #[command(
        after_help = "Editors that read JSON Schema (VS Code with Even Better TOML, Taplo) validate and\ncomplete TOML files whose first line is `#:schema <path-to-schema>`.\n\nExamples:\n  cs-scorecard schema framework > framework.schema.json\n  cs-scorecard schema answers > answers.schema.json\n  cs-scorecard schema plan > plan.schema.json"
    )]
    Schema {
        /// Which format
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Print a shell completion script
    #[command(
        after_help = "Framework ids complete wherever a framework is named: the built-in ones in every shell,\nand those in a --frameworks-dir given earlier on the line in bash, zsh and fish.\n\nExamples:\n  cs-scorecard completions bash \\\n    > ~/.local/share/bash-completion/completions/cs-scorecard\n  cs-scorecard completions zsh > ~/.zfunc/_cs-scorecard\n  cs-scorecard completions fish > ~/.config/fish/completions/cs-scorecard.fish\n  cs-scorecard completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff), or write them all into a directory
    #[command(
        after_help = "Examples:\n  cs-scorecard man | man -l -\n  cs-scorecard man score | man -l -\n  cs-scorecard man --dir ~/.local/share/man/man1"
    )]
    Man(ManArgs),
    /// Check framework and health model files: syntax, schema, ids, conditions, bands, examples
    #[command(
        after_help = "Every problem is printed as `path:line:col: message`. Exit code 1 when any is found.\nA file with a [model] table is checked as a health model.\n\nExamples:\n  cs-scorecard check\n  cs-scorecard check frameworks/ my-framework.toml\n  cs-scorecard check models/saas-health.toml"
    )]
    Check {
        /// Framework or model files, or directories of them [default: frameworks/]
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
    },
    /// Compute the key metrics (NRR, GRR, retention, NPS, CSAT, time to value, cost to serve, LTV, attachment)
    #[command(
        after_help = "Each input is optional; a metric whose input is missing is listed as not computable, and why.\n\
Inputs are CSV (`,` `;` tab or `|`, detected from the header; a BOM, CRLF, blanks as spaces are fine):\n  \
--ledger      account, month (YYYY-MM), arr [, product] [, segment]: ARR at each month's end\n  \
--surveys     account, date, score (0-10) and/or csat (good/bad, yes/no, 1-5) [, respondent]\n  \
--milestones  account, start, first_value (empty until reached)\n  \
--costs       period (2026-07, 2026-Q3 or 2026), amount [, segment; empty: shared]\n\n\
Formulas and their sources: docs/metrics.md.\n\n\
Examples:\n  cs-scorecard metrics demo --output demo/\n  cs-scorecard metrics --ledger demo/ledger.csv --surveys demo/surveys.csv \\\n    --period 2026-Q3\n  cs-scorecard metrics --ledger ledger.csv --period 2026 --output metrics.html\n  cs-scorecard metrics --ledger ledger.csv --answers certinia-answers.toml"
    )]
    Metrics(MetricsArgs),
    /// Score customer accounts with a health model: tiers, SLAs, plays, drivers
    #[command(
        after_help = "Examples:\n  cs-scorecard health demo --accounts 1000 --output demo/\n  cs-scorecard health score saas-health demo/accounts-current.csv\n  cs-scorecard health score saas-health demo/accounts-current.csv \\\n    --output scores.csv\n  cs-scorecard health movement saas-health \\\n    demo/accounts-previous.csv demo/accounts-current.csv\n\nSee docs/health.md for the model format and the arithmetic."
    )]
    Health {
        /// What to do
        #[command(subcommand)]
        command: HealthCommand,
    },
}

/// Output formats of `health score`, `movement`, `calibrate` and `plays`
/// (each command's `--format` help says what each one writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HealthFormat {
    /// Tables for the terminal.
    Table,
    /// JSON.
    Json,
    /// CSV.
    Csv,
    /// A self-contained HTML page.
    Html,
}

/// The `--delimiter` of the health commands: `,` `;` `|` or `tab`.
fn parse_delimiter(s: &str) -> Result<u8, String> {
    crate::text::delimiter_named(s).ok_or_else(|| "expected `,`, `;`, `|` or `tab`".to_string())
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
        after_help = "MODEL is a built-in model id (saas-health) or a path to a .toml model.\nPer-account output (csv, json) streams; table and html show the summary.\nWithout --format, the format follows the --output file's extension (.csv, .json, .html, .txt).\n\nExamples:\n  cs-scorecard health score saas-health accounts.csv\n  cs-scorecard health score my-model.toml accounts.csv --output scores.csv"
    )]
    Score(HealthScoreArgs),
    /// What changed between two snapshots: tier moves (downward first), large drops, new and gone accounts
    #[command(
        after_help = "Examples:\n  cs-scorecard health movement saas-health september.csv october.csv\n  cs-scorecard health movement saas-health sep.csv oct.csv --output moves.csv"
    )]
    Movement(HealthMovementArgs),
    /// Write a synthetic, clearly labelled data set to try the health commands on
    #[command(
        after_help = "Writes DIR/accounts-previous.csv, DIR/accounts-current.csv, DIR/outcomes.csv and\nDIR/README.txt. The same --seed always gives the same files. Files already in DIR\nare left alone unless --force is given.\n\nExample:\n  cs-scorecard health demo --accounts 5000 --seed 7 --output demo/"
    )]
    Demo(HealthDemoArgs),
    /// Compile the model to one SQL query computing the same scores in a warehouse
    #[command(
        after_help = "Examples:\n  cs-scorecard health sql saas-health --dialect duckdb \\\n    --table \"read_csv('accounts.csv')\"\n  cs-scorecard health sql saas-health --dialect snowflake \\\n    --table analytics.account_snapshot --output health.sql"
    )]
    Sql(HealthSqlArgs),
    /// Check the model against renewal outcomes: AUC, tier renewal rates, false positives/negatives
    #[command(
        after_help = "OUTCOMES is a CSV with account_id (or account, or the model's account column),\nrenewal_date (YYYY-MM-DD, after the snapshot), renewed or churned (yes/no) and\noptionally expanded (yes/no).\n\nExamples:\n  cs-scorecard health calibrate saas-health demo/accounts-previous.csv \\\n    --outcomes demo/outcomes.csv\n  cs-scorecard health calibrate saas-health acc.csv --outcomes out.csv \\\n    --output calibration.html"
    )]
    Calibrate(HealthCalibrateArgs),
    /// Did the play work? Each play's effect on recovery against comparable accounts without it
    #[command(
        after_help = "SNAPSHOTS is a directory of account CSVs (every *.csv in it, e.g. one per month) or one\nCSV with many dates; the model must name a date column. PLAYS is the plays log: account_id,\nplay, start_date and optionally end_date and owner. OUTCOMES (optional) is the outcomes file\nof `health calibrate`: renewals end the follow-up and give the renewal rate difference.\n\nAn account is eligible when it first enters the play's tier; it is treated when the play\nstarts within --grace days, otherwise it is compared from the same day. Who gets a play\ndepends on the score, so the comparison is weighted to the treated accounts' scores and\nsegments. See docs/health.md for the method and its assumptions.\n\nExamples:\n  cs-scorecard health demo --months 12 --plays --output demo/\n  cs-scorecard health plays saas-health demo/snapshots \\\n    --plays demo/plays.csv --outcomes demo/outcomes.csv\n  cs-scorecard health plays saas-health history.csv --plays plays.csv \\\n    --output plays.html"
    )]
    Plays(HealthPlaysArgs),
    /// Learn weights, points and cut-offs from renewals, written back as a model to review
    #[command(
        after_help = "OUTCOMES is a CSV with account_id, renewal_date, renewed (yes/no). The hand model is never\n\
changed: the fitted model goes to --output. The report puts both side by side: AUC on held-out\n\
folds (scored with `health score`'s arithmetic), out of time when there are dates, each signal's\n\
weight and drop-one AUC, tier renewal rates. See docs/health.md (`health fit`).\n\n\
Examples:\n  cs-scorecard health fit saas-health demo/accounts-previous.csv \\\n    --outcomes demo/outcomes.csv\n  \
cs-scorecard health fit saas-health acc.csv --outcomes out.csv \\\n    -o fitted.toml --folds 10 --seed 7\n  \
cs-scorecard health fit my-model.toml acc.csv --outcomes out.csv \\\n    --format json --report fit.json"
    )]
    Fit(HealthFitArgs),
}

/// Report formats of `health fit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FitFormat {
    /// Tables for the terminal.
    Table,
    /// One JSON document (see docs/health.md).
    Json,
    /// Markdown, for a pull request or a wiki.
    Markdown,
}

/// Arguments of `health fit`.
#[derive(Debug, Args)]
pub struct HealthFitArgs {
    /// The hand model: id or path (never changed)
    pub model: String,
    /// Accounts CSV (the snapshot taken before the renewals)
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub accounts: PathBuf,
    /// Outcomes CSV
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub outcomes: PathBuf,
    /// Write the fitted model to FILE (TOML; - for standard output)
    #[arg(long, short, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<FileArg>,
    /// Write the report to FILE instead of standard output; without --format, the
    /// format follows FILE's extension (.json, .md, .txt)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub report: Option<FileArg>,
    /// Write every account's scores to FILE (CSV): its fold, the hand model's score,
    /// the held-out fitted score (from the model fitted without its fold), the fitted model's
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub scores: Option<FileArg>,
    /// Replace --output, --report and --scores files that exist
    #[arg(long)]
    pub force: bool,
    /// Report format [default: table, or as the --report file's extension says]
    #[arg(long, short, value_enum)]
    pub format: Option<FitFormat>,
    /// Cross-validation folds
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=50))]
    pub folds: u16,
    /// The folds to use instead: a CSV of account_id and fold (a data team's folds, to compare like with like)
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub folds_file: Option<PathBuf>,
    /// Seed of the folds and samples (the same seed gives the same model)
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Share of accounts, in percent, the lowest tier should hold under the fitted
    /// model [default: its share under the hand model]
    #[arg(long, value_name = "PERCENT")]
    pub at_risk: Option<f64>,
    /// The CSVs' delimiter: `,` `;` `|` or `tab` [default: detected from each header]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

/// Arguments of `health score`.
#[derive(Debug, Args)]
pub struct HealthScoreArgs {
    /// Model id or path
    #[arg(value_parser = Offered(crate::health::load::embedded_ids), hide_possible_values = true)]
    pub model: String,
    /// Accounts CSV (a header row, one row per account), or - for standard input
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub accounts: PathBuf,
    /// Output format: table, json, csv or html [default: table, or as the --output file's extension says]
    #[arg(
        long,
        short,
        value_enum,
        hide_possible_values = true,
        long_help = "Output format [default: table, or as the --output file's extension says]:\n  table  the summary: accounts and ARR per tier with SLAs and plays, segments, the\n         accounts with insufficient data, the accounts to act on first\n  json   JSON lines: one object per account, then one summary line\n  csv    one row per account (score, tier, SLA, play, coverage, drivers, data gaps)\n  html   the summary as a self-contained page"
    )]
    pub format: Option<HealthFormat>,
    /// The CSV's delimiter: `,` `;` `|` or `tab` [default: detected from the header]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `health movement`.
#[derive(Debug, Args)]
pub struct HealthMovementArgs {
    /// Model id or path
    #[arg(value_parser = Offered(crate::health::load::embedded_ids), hide_possible_values = true)]
    pub model: String,
    /// The earlier snapshot
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub previous: PathBuf,
    /// The later snapshot
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub current: PathBuf,
    /// Output format: table, json, csv or html [default: table, or as the --output file's extension says]
    #[arg(
        long,
        short,
        value_enum,
        hide_possible_values = true,
        long_help = "Output format [default: table, or as the --output file's extension says]:\n  table  the tier matrix; the accounts that changed tier, dropped sharply within\n         their tier, are new or are gone, with what moved and the new SLA and play\n  json   JSON lines: one object per such account (not per account of the\n         snapshots), then one summary line\n  csv    one row per such account, its `kind` saying which\n  html   the same as a self-contained page"
    )]
    pub format: Option<HealthFormat>,
    /// The CSVs' delimiter: `,` `;` `|` or `tab` [default: detected from each header]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `health demo`.
#[derive(Debug, Args)]
pub struct HealthDemoArgs {
    /// How many accounts
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub accounts: u64,
    /// Random seed
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Directory to write into (created if needed)
    #[arg(long, short, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub output: PathBuf,
    /// Replace the files if they exist (without it, existing files are left alone)
    #[arg(long)]
    pub force: bool,
    /// Write M monthly snapshots (DIR/snapshots/YYYY-MM-DD.csv, the last 2026-10-31)
    /// instead of two [default: 12 with --plays]
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(2..=120))]
    pub months: Option<u32>,
    /// Also write a plays log (DIR/plays.csv) whose effect is known (implies --months)
    #[arg(long)]
    pub plays: bool,
    /// What starting the At Risk play adds to the chance of recovering within 90 days,
    /// percentage points, from -5 to 45 (with --plays)
    #[arg(
        long,
        value_name = "P",
        allow_negative_numbers = true,
        requires = "plays"
    )]
    pub play_effect: Option<f64>,
    /// Also write the key-metrics inputs for the same account ids (ledger.csv, surveys.csv,
    /// milestones.csv, costs.csv), as `metrics demo` does; up to 1,000,000 accounts
    #[arg(long)]
    pub ledger: bool,
}

/// Arguments of `health plays`.
#[derive(Debug, Args)]
pub struct HealthPlaysArgs {
    /// Model id or path (it must name a date column)
    pub model: String,
    /// A directory of account CSVs, or one CSV with many dates
    #[arg(value_hint = clap::ValueHint::AnyPath)]
    pub snapshots: PathBuf,
    /// The plays log CSV: account_id, play, start_date [, end_date, owner]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub plays: PathBuf,
    /// Outcomes CSV (as for `health calibrate`): renewal dates end the follow-up
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub outcomes: Option<PathBuf>,
    /// A play starting this many days after the account entered the tier, or sooner, counts as treatment
    #[arg(long, default_value_t = 14, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=365))]
    pub grace: u32,
    /// Recovery is counted within this many days of entering the tier (as whole snapshots)
    #[arg(long, default_value_t = 90, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub window: u32,
    /// Output format: table, json, csv or html [default: table, or as the --output file's extension says]
    #[arg(
        long,
        short,
        value_enum,
        hide_possible_values = true,
        long_help = "Output format [default: table, or as the --output file's extension says]:\n  table  per play: recovery with and without it, the difference and its 95%\n         interval, score change, renewal, the naive figure, and what they mean\n  json   one JSON document (docs/health.md lists its fields)\n  csv    one row per play\n  html   the same as a page, with the Kaplan–Meier curves of both arms"
    )]
    pub format: Option<HealthFormat>,
    /// The CSVs' delimiter: `,` `;` `|` or `tab` [default: detected from each header]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `health sql`.
#[derive(Debug, Args)]
pub struct HealthSqlArgs {
    /// Model id or path
    #[arg(value_parser = Offered(crate::health::load::embedded_ids), hide_possible_values = true)]
    pub model: String,
    /// SQL dialect
    #[arg(long, value_enum)]
    pub dialect: SqlDialect,
    /// The table (or table expression) holding one snapshot [default: accounts]
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,
    /// Where the query goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `health calibrate`.
#[derive(Debug, Args)]
pub struct HealthCalibrateArgs {
    /// Model id or path
    #[arg(value_parser = Offered(crate::health::load::embedded_ids), hide_possible_values = true)]
    pub model: String,
    /// Accounts CSV (the snapshot taken before the renewals)
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub accounts: PathBuf,
    /// Outcomes CSV
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub outcomes: PathBuf,
    /// Output format: table, json, csv or html [default: table, or as the --output file's extension says]
    #[arg(
        long,
        short,
        value_enum,
        hide_possible_values = true,
        long_help = "Output format [default: table, or as the --output file's extension says]:\n  table  AUC, renewal by tier, the lowest tier as a churn forecast, the cut-offs\n         as a trade-off, each signal on its own and left out\n  json   one JSON document (docs/health.md lists its fields)\n  csv    long form, one figure per row: section,name,metric,value\n  html   the same as a page, with the ROC curve (the model's cut-offs marked)\n         and the renewal rate by score decile"
    )]
    pub format: Option<HealthFormat>,
    /// The CSVs' delimiter: `,` `;` `|` or `tab` [default: detected from each header]
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Where the output goes.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Arguments of `metrics`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MetricsArgs {
    /// Other things to do
    #[command(subcommand)]
    pub command: Option<MetricsCommand>,
    /// ARR ledger CSV: account, month, arr [, product] [, segment]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub ledger: Option<FileArg>,
    /// Survey responses CSV: account, date, score and/or csat [, respondent]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub surveys: Option<FileArg>,
    /// Onboarding milestones CSV: account, start, first_value
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub milestones: Option<FileArg>,
    /// Costs to serve CSV: period, amount [, segment]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub costs: Option<FileArg>,
    /// The period: a month (2026-07), a quarter (2026-Q3) or a year (2026)
    /// [default: the latest whole quarter in the ledger]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Count an account that churns and comes back as retained, and ARR won
    /// back from earlier churn in NRR
    #[arg(long)]
    pub count_reactivation: bool,
    /// The inputs' delimiter: `,` `;` `|` or `tab` [default: detected from each header]
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Certinia answers file: mark the key-metric answers the data contradicts
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub answers: Option<FileArg>,
    /// Output format [default: from --output's extension, else table]
    #[arg(long, short, value_enum)]
    pub format: Option<MetricsFormat>,
    /// Where to write, and whether to replace a file
    #[command(flatten)]
    pub output: OutputArgs,
    /// Where frameworks are found (for --answers)
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// The `metrics` subcommands.
#[derive(Debug, Subcommand)]
pub enum MetricsCommand {
    /// Write a synthetic, clearly labelled ledger, surveys, milestones and costs to try `metrics` on
    #[command(
        after_help = "Writes DIR/ledger.csv, DIR/surveys.csv, DIR/milestones.csv, DIR/costs.csv and DIR/README.txt.\nThe same --accounts and --seed always give the same files.\n\nExample:\n  cs-scorecard metrics demo --accounts 1000 --seed 7 --output demo/"
    )]
    Demo {
        /// How many accounts
        #[arg(long, default_value_t = 1000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
        accounts: u64,
        /// Random seed
        #[arg(long, default_value_t = 1, value_name = "S")]
        seed: u64,
        /// Directory to write into (created if needed)
        #[arg(long, short, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
        output: PathBuf,
        /// Replace files already in DIR
        #[arg(long)]
        force: bool,
    },
}

/// Arguments of `run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Framework id (see `list`) or path to a .toml file
    #[arg(value_parser = Offered(framework_ids), hide_possible_values = true)]
    pub framework: String,
    /// Where answers are saved [default: <framework>-answers.toml]
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Continue from the answers already in the output file
    #[arg(long)]
    pub resume: bool,
    /// The respondent's name, recorded in the answers file (not asked again)
    #[arg(long, value_name = "NAME")]
    pub respondent: Option<String>,
    /// The respondent's organization (not asked again)
    #[arg(long, value_name = "NAME")]
    pub organization: Option<String>,
    /// The respondent's role, e.g. "VP Customer Success" or "CSM" (not asked again)
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// Where frameworks are found
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// Arguments of `score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answers file (.toml or .json), or - for standard input
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub answers: FileArg,
    /// Output format [default: from --output's extension, else table]
    #[arg(long, short, value_enum)]
    pub format: Option<ScoreFormat>,
    /// Where to write, and whether to replace a file
    #[command(flatten)]
    pub output: OutputArgs,
    #[arg(long, value_enum, value_name = "SYNTAX", help = INPUT_FORMAT_HELP)]
    /// Syntax of the answers
    pub input_format: Option<InputFormat>,
    /// Exit with code 1 when the total is below PERCENT, or with `targets`
    /// when any section misses its target (a CI gate)
    #[arg(long, value_name = "PERCENT|targets", value_parser = parse_min_percent)]
    pub min_percent: Option<MinPercent>,
    /// Read section targets from FILE (an answers-format file with a [targets]
    /// table, e.g. one a team shares) instead of the answers' own [targets]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub targets: Option<FileArg>,
    /// Start CSV with a UTF-8 byte-order mark, so Excel on Windows reads
    /// accents and dashes right (csv and csv-summary only)
    #[arg(long)]
    pub bom: bool,
    /// Where frameworks are found
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// What `--min-percent` checks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MinPercent {
    /// The total's percent against one threshold.
    Percent(f64),
    /// Every section with a target against its target.
    Targets,
}

/// Reads `--min-percent`: a number, or the word `targets`.
fn parse_min_percent(s: &str) -> Result<MinPercent, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("targets") {
        return Ok(MinPercent::Targets);
    }
    s.trim_end_matches('%')
        .parse::<f64>()
        .map(MinPercent::Percent)
        .map_err(|_| format!("expected a percent from 0 to 100, or `targets`; found {s:?}"))
}

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier answers file, or - for standard input
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub old: FileArg,
    /// The later answers file, or - for standard input
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub new: FileArg,
    /// Output format [default: from --output's extension, else table]
    #[arg(long, short, value_enum)]
    pub format: Option<CompareFormat>,
    /// Where to write, and whether to replace a file
    #[command(flatten)]
    pub output: OutputArgs,
    #[arg(long, value_enum, value_name = "SYNTAX", help = INPUT_FORMAT_HELP)]
    /// Syntax of the answers
    pub input_format: Option<InputFormat>,
    /// Also report how far the later answers carried out this plan (written by `plan`)
    #[arg(long, value_name = "PLAN", value_hint = clap::ValueHint::FilePath)]
    pub plan: Option<FileArg>,
    /// Where frameworks are found
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// Arguments of `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Answers file (.toml or .json), or - for standard input
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub answers: FileArg,
    /// Output format [default: from --output's extension, else toml]
    #[arg(long, short, value_enum)]
    pub format: Option<PlanFormat>,
    /// Where to write, and whether to replace a file
    #[command(flatten)]
    pub output: OutputArgs,
    #[arg(long, value_enum, value_name = "SYNTAX", help = INPUT_FORMAT_HELP)]
    /// Syntax of the answers
    pub input_format: Option<InputFormat>,
    /// Read section targets from FILE instead of the answers' own [targets]
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub targets: Option<FileArg>,
    /// Keep the first N steps of the roadmap [default: all]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub steps: Option<u32>,
    /// The owner of every step (edit the file to name one per step) [default: none]
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// The quarter every step is due in, e.g. 2027-Q1 [default: the quarter after the assessment's date]
    #[arg(long, value_name = "YYYY-Qn", value_parser = parse_quarter)]
    pub due: Option<Quarter>,
    /// Where frameworks are found
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// Reads a quarter such as `2027-Q1`.
fn parse_quarter(s: &str) -> Result<Quarter, String> {
    Quarter::parse(s).ok_or_else(|| format!("expected a quarter such as 2027-Q1, found {s:?}"))
}

/// Arguments of `team`.
#[derive(Debug, Args)]
pub struct TeamArgs {
    /// Answers files, or directories of them
    #[arg(required = true, value_name = "FILE|DIR", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
    /// Also show group means by this respondent field (e.g. role)
    #[arg(long, value_name = "FIELD", value_parser = Offered(grouping_fields), hide_possible_values = true)]
    pub by: Option<String>,
    /// The smallest group shown on its own
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_group: u32,
    /// Output format [default: from --output's extension, else table]
    #[arg(long, short, value_enum)]
    pub format: Option<AggregateFormat>,
    /// Where to write, and whether to replace a file
    #[command(flatten)]
    pub output: OutputArgs,
    /// Where frameworks are found
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// Arguments of `trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// Answers files (one assessment each) or directories (one team each)
    #[arg(required = true, value_name = "FILE|DIR", value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
    /// Also report how far each assessment carried out this plan (written by `plan`)
    #[arg(long, value_name = "PLAN", value_hint = clap::ValueHint::FilePath)]
    pub plan: Option<FileArg>,
    /// Output format [default: from --output's extension, else table]
    #[arg(long, short, value_enum)]
    pub format: Option<AggregateFormat>,
    /// Where to write, and whether to replace a file
    #[command(flatten)]
    pub output: OutputArgs,
    /// Where frameworks are found
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// Arguments of `benchmark`.
#[derive(Debug, Args)]
pub struct BenchmarkArgs {
    /// The answers file to place among its peers
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub answers: PathBuf,
    /// Directory of the peers' answers files (read recursively)
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub cohort: PathBuf,
    /// Keep peers whose FIELD (question id or respondent field) is one of the VALUEs; numbers
    /// also as MIN..MAX or FIELD>=N (>, <=, <)
    #[arg(long = "where", value_name = "FIELD=VALUE[,VALUE]")]
    pub filters: Vec<String>,
    /// The smallest cohort shown
    #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_cohort: u32,
    /// Output format [default: from --output's extension, else table]
    #[arg(long, short, value_enum)]
    pub format: Option<AggregateFormat>,
    /// Where to write, and whether to replace a file
    #[command(flatten)]
    pub output: OutputArgs,
    /// Where frameworks are found
    #[command(flatten)]
    pub frameworks: FrameworksArgs,
}

/// The subcommands that have a man page (all but `help`), for `man SUBCOMMAND`.
pub const MAN_PAGES: [&str; 17] = [
    "list",
    "show",
    "template",
    "run",
    "score",
    "compare",
    "plan",
    "form",
    "team",
    "trend",
    "benchmark",
    "schema",
    "completions",
    "man",
    "check",
    "metrics",
    "health",
];

/// Arguments of `man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print [default: the main page]
    #[arg(value_name = "SUBCOMMAND", value_parser = clap::builder::PossibleValuesParser::new(MAN_PAGES))]
    pub page: Option<String>,
    /// Write every page (cs-scorecard.1, cs-scorecard-<subcommand>.1) into DIR instead
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath, conflicts_with = "page")]
    pub dir: Option<PathBuf>,
    /// Replace pages already in DIR
    #[arg(long, requires = "dir")]
    pub force: bool,
}

impl Command {
    /// The `--frameworks-dir` directories given to this command (none for
    /// commands that name no framework).
    pub fn frameworks_dirs(&self) -> &[PathBuf] {
        match self {
            Command::List { frameworks, .. }
            | Command::Show { frameworks, .. }
            | Command::Template { frameworks, .. } => &frameworks.frameworks_dir,
            Command::Run(a) => &a.frameworks.frameworks_dir,
            Command::Score(a) => &a.frameworks.frameworks_dir,
            Command::Compare(a) => &a.frameworks.frameworks_dir,
            Command::Plan(a) => &a.frameworks.frameworks_dir,
            Command::Form { frameworks, .. } => &frameworks.frameworks_dir,
            Command::Team(a) => &a.frameworks.frameworks_dir,
            Command::Trend(a) => &a.frameworks.frameworks_dir,
            Command::Benchmark(a) => &a.frameworks.frameworks_dir,
            Command::Metrics(a) => &a.frameworks.frameworks_dir,
            Command::Schema { .. }
            | Command::Completions { .. }
            | Command::Man(_)
            | Command::Check { .. }
            | Command::Health { .. } => &[],
        }
    }
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

    /// Every line of every help's notes and examples, with the command it is from.
    fn help_lines() -> Vec<(String, String)> {
        fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
            for text in [cmd.get_after_help(), cmd.get_before_help()]
                .into_iter()
                .flatten()
            {
                for line in text.to_string().lines() {
                    out.push((path.to_string(), line.to_string()));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut out = Vec::new();
        walk(&super::build_command(), "cs-scorecard", &mut out);
        out
    }

    #[test]
    fn help_examples_fit_80_columns_so_no_command_is_wrapped_mid_way() {
        // A longer command is continued with ` \` on the next line, as a shell reads it.
        let long: Vec<String> = help_lines()
            .into_iter()
            .filter(|(_, l)| l.contains("cs-scorecard ") && textwrap::core::display_width(l) > 78)
            .map(|(c, l)| format!("{c}: {} columns: {l}", textwrap::core::display_width(&l)))
            .collect();
        assert!(long.is_empty(), "{}", long.join("\n"));
    }

    #[test]
    fn every_subcommand_but_help_has_a_man_page_name() {
        let names: Vec<String> = super::build_command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        assert_eq!(names, super::MAN_PAGES);
    }
}
