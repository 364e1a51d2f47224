//! Compiling a health model to one SQL query that computes, per account, the
//! same score, tier, coverage and drivers as `health score`, in a warehouse.
//!
//! Every operation mirrors [`super::score`] in the same order with the same
//! constants (cast from their shortest decimal text, which every engine parses
//! to the same double), so the engine and the CLI agree on every account.

use std::fmt::Write as _;

use super::model::{Missing, Normalisation, ValidModel};
use super::score::{DRIVERS, Norm, Plan};

/// How many terms a sum adds in one expression (see the `sums` CTEs).
const SUM_TERMS: usize = 200;

/// The SQL dialects compiled to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB.
    Duckdb,
    /// PostgreSQL.
    Postgres,
    /// Snowflake.
    Snowflake,
    /// Google BigQuery.
    Bigquery,
    /// Spark SQL / Databricks.
    Spark,
}

impl Dialect {
    /// An identifier. Snowflake matches an unquoted name case-insensitively
    /// (it stores it in upper case, as tables made by DDL or dbt have their
    /// columns) but a quoted one exactly: there a plain lower-case name that
    /// is not a reserved word is left unquoted; elsewhere every name is quoted.
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Snowflake if snowflake_plain(name) => name.to_string(),
            Dialect::Bigquery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A quoted string literal. BigQuery, Spark and Snowflake read a
    /// backslash in a literal as an escape (a text ending in `C:\ops\`
    /// would leave the literal open): there it is doubled, and line breaks
    /// are written as escapes.
    pub fn string(self, text: &str) -> String {
        let escaped = |quote: &str| {
            text.replace('\\', "\\\\")
                .replace('\'', quote)
                .replace('\n', "\\n")
                .replace('\r', "\\r")
                .replace('\t', "\\t")
        };
        match self {
            Dialect::Bigquery | Dialect::Spark => format!("'{}'", escaped("\\'")),
            Dialect::Snowflake => format!("'{}'", escaped("''")),
            Dialect::Duckdb | Dialect::Postgres => format!("'{}'", text.replace('\'', "''")),
        }
    }

    /// `x` (any type) as text without the spaces, tabs and line breaks
    /// around it, or NULL when nothing is left: a cell as the CLI reads it
    /// (`health score` trims ASCII whitespace and reads an empty cell as no
    /// data), whatever type the engine inferred for the column.
    fn cell(self, x: &str) -> String {
        let text = format!("CAST({x} AS {})", self.text());
        let chars = match self {
            Dialect::Duckdb => "' ' || chr(9) || chr(10) || chr(12) || chr(13)",
            Dialect::Postgres => "E' \\t\\n\\f\\r'",
            Dialect::Snowflake | Dialect::Bigquery => "' \\t\\n\\f\\r'",
            Dialect::Spark => "' \\t\\n\\u000C\\r'",
        };
        let trimmed = match self {
            Dialect::Postgres | Dialect::Spark => format!("TRIM(BOTH {chars} FROM {text})"),
            _ => format!("TRIM({text}, {chars})"),
        };
        format!("NULLIF({trimmed}, '')")
    }

    fn double(self) -> &'static str {
        match self {
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Bigquery => "FLOAT64",
            _ => "DOUBLE",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Dialect::Postgres => "TEXT",
            Dialect::Bigquery | Dialect::Spark => "STRING",
            _ => "VARCHAR",
        }
    }

    /// A double constant: its shortest round-trip decimal text, cast.
    pub fn num(self, x: f64) -> String {
        format!(
            "CAST('{}' AS {})",
            ryu::Buffer::new().format(x),
            self.double()
        )
    }

    /// A table name: a dotted path of plain names is quoted part by part; anything
    /// else (a table function such as `read_csv('x.csv')`) is used as written.
    pub fn table(self, name: &str) -> String {
        let plain = !name.is_empty()
            && name
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if plain {
            name.split('.')
                .map(|p| self.ident(p))
                .collect::<Vec<_>>()
                .join(".")
        } else {
            name.to_string()
        }
    }
}

/// Snowflake's reserved words (its documentation, "Reserved & limited
/// keywords"), which stay quoted.
const SNOWFLAKE_RESERVED: &[&str] = &[
    "account",
    "all",
    "alter",
    "and",
    "any",
    "as",
    "between",
    "by",
    "case",
    "cast",
    "check",
    "column",
    "connect",
    "connection",
    "constraint",
    "create",
    "cross",
    "current",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "database",
    "delete",
    "distinct",
    "drop",
    "else",
    "exists",
    "false",
    "following",
    "for",
    "from",
    "full",
    "grant",
    "group",
    "gscluster",
    "having",
    "ilike",
    "in",
    "increment",
    "inner",
    "insert",
    "intersect",
    "into",
    "is",
    "issue",
    "join",
    "lateral",
    "left",
    "like",
    "localtime",
    "localtimestamp",
    "minus",
    "natural",
    "not",
    "null",
    "of",
    "on",
    "or",
    "order",
    "organization",
    "qualify",
    "regexp",
    "revoke",
    "right",
    "rlike",
    "row",
    "rows",
    "sample",
    "schema",
    "select",
    "set",
    "some",
    "start",
    "table",
    "tablesample",
    "then",
    "to",
    "trigger",
    "true",
    "try_cast",
    "union",
    "unique",
    "update",
    "using",
    "values",
    "view",
    "when",
    "whenever",
    "where",
    "with",
];

/// Whether Snowflake reads `name` unquoted as the same column: lower-case
/// letters, digits and `_`, not starting with a digit, not reserved.
fn snowflake_plain(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !SNOWFLAKE_RESERVED.contains(&name)
}

/// The text an engine gives a boolean cell that the CLI reads as `key`: a
/// column of Yes/No read by an engine that infers types (DuckDB's
/// `read_csv`, Spark with `inferSchema`) becomes BOOLEAN, and cast to text
/// reads `true`/`false`. The alias is used only where the map has no such key
/// of its own, so a text the CLI would refuse never matches.
fn boolean_alias(key: &str, map: &[(String, f64)]) -> Option<&'static str> {
    let truth = match key.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "t" | "1" => "true",
        "no" | "n" | "false" | "f" | "0" => "false",
        _ => return None,
    };
    (key != truth && !map.iter().any(|(k, _)| k == truth)).then_some(truth)
}

/// The most columns a PostgreSQL select list may have.
const POSTGRES_COLUMNS: usize = 1664;

/// The most columns any step of the query selects: the last sums step
/// carries the account's four cells, each signal's cell, points, whether it
/// had data and its weight, and four sums per run of terms.
pub fn widest_step(model: &ValidModel) -> usize {
    let n = model.signals.len();
    4 + 4 * n + 4 * n.div_ceil(SUM_TERMS)
}

/// Why a dialect cannot take this model's query, if it cannot.
pub fn too_wide(model: &ValidModel, dialect: Dialect) -> Option<String> {
    let width = widest_step(model);
    (dialect == Dialect::Postgres && width > POSTGRES_COLUMNS).then(|| {
        format!(
            "model `{}` has {} signals: its query selects {width} columns in one step, more than PostgreSQL's limit of {POSTGRES_COLUMNS} (models of up to {} signals fit); DuckDB, Snowflake, BigQuery and Spark take it",
            model.about.id,
            model.signals.len(),
            (1..).take_while(|&n| 4 + 4 * n + 4 * usize::div_ceil(n, SUM_TERMS) <= POSTGRES_COLUMNS).last().unwrap_or(0)
        )
    })
}

/// The query for `model` over `table` in `dialect` (see [`too_wide`] for the
/// models a dialect cannot take).
pub fn compile(model: &ValidModel, dialect: Dialect, table: &str) -> String {
    let sql = query(model, dialect, table);
    if dialect == Dialect::Postgres {
        // Postgres inlines CTEs, and each level refers to the one below many times:
        // inlined, the expression tree grows exponentially. Materialise each level.
        let mut out = sql;
        let ctes = ["src", "ranked", "points", "sums", "scored", "losses"]
            .map(String::from)
            .into_iter()
            .chain((1..=DRIVERS).flat_map(|k| [format!("top{k}"), format!("pick{k}")]));
        for cte in ctes {
            out = out.replacen(
                &format!("{cte} AS (\n"),
                &format!("{cte} AS MATERIALIZED (\n"),
                1,
            );
        }
        out
    } else {
        sql
    }
}

fn query(model: &ValidModel, dialect: Dialect, table: &str) -> String {
    let d = dialect;
    let plan = Plan::new(model);
    let n = model.signals.len();
    let q = |s: &str| d.ident(s);
    let lit = |x: f64| d.num(x);
    let text_of = |col: &str| d.cell(&q(col));
    let number_of = |col: &str| format!("CAST({} AS {})", d.cell(&q(col)), d.double());
    let c = &model.columns;
    let mut sql = format!(
        "-- cs-scorecard health model `{}` {}: one row per account, as `cs-scorecard health score`.\n-- The arithmetic is specified in docs/health.md.\nWITH src AS (\n  SELECT\n    {} AS account,\n    {} AS segment,\n    {} AS plan,\n    {} AS arr",
        model.about.id.replace('\n', " "),
        model.about.version.replace('\n', " "),
        text_of(&c.account),
        c.segment
            .as_ref()
            .map_or("CAST(NULL AS ".to_string() + d.text() + ")", |s| text_of(s)),
        c.plan
            .as_ref()
            .map_or("CAST(NULL AS ".to_string() + d.text() + ")", |s| text_of(s)),
        c.arr
            .as_ref()
            .map_or("CAST(NULL AS ".to_string() + d.double() + ")", |s| {
                number_of(s)
            }),
    );
    for (i, s) in model.signals.iter().enumerate() {
        // A category is the index of its text in the map, or NULL when the
        // cell is empty or its text is not in the map: no data, as the CLI
        // reads it (coverage counts only matched cells).
        let v = if let Normalisation::Category { map } = &s.normalisation {
            let mut e = format!("CASE {}", text_of(&s.column));
            for (k, (key, _)) in map.iter().enumerate() {
                for text in std::iter::once(key.as_str()).chain(boolean_alias(key, map)) {
                    let _ = write!(e, " WHEN {} THEN {k}", d.string(text));
                }
            }
            e.push_str(" ELSE NULL END");
            e
        } else if let Normalisation::YesNo { .. } = &s.normalisation {
            // Yes (1) or no (0) in any of the CLI's spellings, any case; a
            // BOOLEAN column reads `true`/`false` as text. Anything else is no data.
            let t = format!("LOWER({})", text_of(&s.column));
            let set = |words: [&str; 4]| {
                words
                    .iter()
                    .map(|w| d.string(w))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            format!(
                "CASE WHEN {t} IN ({}) THEN 1 WHEN {t} IN ({}) THEN 0 ELSE NULL END",
                set(super::rows::YES),
                set(super::rows::NO)
            )
        } else {
            number_of(&s.column)
        };
        let _ = write!(
            sql,
            ",\n    {v} AS x{i},\n    {} AS raw{i}",
            text_of(&s.column)
        );
    }
    let _ = write!(
        sql,
        "\n  FROM {}\n),\nranked AS (\n  SELECT src.*",
        d.table(table)
    );
    for (i, sp) in plan.signals.iter().enumerate() {
        if let Norm::Percentile { lower, segment } = sp.norm {
            let part = if segment { "segment, " } else { "" };
            let _ = write!(
                sql,
                ",\n    CASE WHEN x{i} IS NULL THEN NULL ELSE PERCENT_RANK() OVER (PARTITION BY {part}(x{i} IS NULL) ORDER BY x{i}{}) END AS r{i}",
                if lower { " DESC" } else { "" }
            );
        }
    }
    // Each step carries on only the columns later steps read, so the widest
    // step has 4 + 4 × signals columns (engines cap a select list: PostgreSQL
    // at 1,664).
    let raws: String = (0..n).map(|i| format!(", raw{i}")).collect();
    let conditioned: std::collections::BTreeSet<usize> = plan
        .tiers
        .iter()
        .flat_map(|t| t.conditions.iter().map(|c| c.0))
        .collect();
    let cond_cols: String = conditioned
        .iter()
        .map(|i| format!(", p{i}, h{i}"))
        .collect();
    let _ = write!(
        sql,
        "\n  FROM src\n),\npoints AS (\n  SELECT account, segment, plan, arr{raws}"
    );
    // The accounts an override is for.
    let when = |o: &super::score::OverridePlan| {
        let mut cond = Vec::new();
        if let Some(s) = &o.segment {
            cond.push(format!(
                "segment = {}",
                d.string(&String::from_utf8_lossy(s))
            ));
        }
        if let Some(p) = &o.plan {
            cond.push(format!("plan = {}", d.string(&String::from_utf8_lossy(p))));
        }
        cond.join(" AND ")
    };
    for (i, sp) in plan.signals.iter().enumerate() {
        let x = format!("x{i}");
        let missing = match sp.missing {
            Missing::Exclude => "NULL".to_string(),
            Missing::Neutral => lit(super::score::NEUTRAL),
            Missing::Worst => lit(0.0),
        };
        let body = |norm: &Norm| match norm {
            Norm::Thresholds { xs, ys, dx, dy } => {
                let mut e = format!("WHEN {x} <= {} THEN {}", lit(xs[0]), lit(ys[0]));
                for k in 0..xs.len() - 1 {
                    let _ = write!(
                        e,
                        " WHEN {x} < {} THEN {} + ({x} - {}) / {} * {}",
                        lit(xs[k + 1]),
                        lit(ys[k]),
                        lit(xs[k]),
                        lit(dx[k]),
                        lit(dy[k])
                    );
                }
                let _ = write!(e, " ELSE {} END", lit(ys[ys.len() - 1]));
                e
            }
            Norm::Range {
                min,
                max,
                span,
                lower,
            } => {
                let (lo, hi) = if *lower { (100.0, 0.0) } else { (0.0, 100.0) };
                let frac = format!("({x} - {}) / {} * {}", lit(*min), lit(*span), lit(100.0));
                format!(
                    "WHEN {x} <= {} THEN {} WHEN {x} >= {} THEN {} ELSE {} END",
                    lit(*min),
                    lit(lo),
                    lit(*max),
                    lit(hi),
                    if *lower {
                        format!("{} - {frac}", lit(100.0))
                    } else {
                        frac
                    }
                )
            }
            Norm::Percentile { .. } => format!("ELSE r{i} * {} END", lit(100.0)),
            Norm::Category { points } => {
                let mut e = String::new();
                for (k, v) in points.iter().enumerate() {
                    let _ = write!(e, "WHEN {x} = {k} THEN {} ", lit(*v));
                }
                e.push_str("ELSE NULL END");
                e
            }
        };
        // An override that replaces the signal's settings for its accounts:
        // the last matching one wins, as for weights.
        let mut by_override = String::new();
        for o in plan.overrides.iter().rev() {
            if let Some((_, norm)) = o.norms.iter().find(|(s, _)| *s == i) {
                let _ = write!(by_override, "WHEN {} THEN CASE {} ", when(o), body(norm));
            }
        }
        let body = if by_override.is_empty() {
            body(&sp.norm)
        } else {
            format!("{by_override}ELSE CASE {} END", body(&sp.norm))
        };
        let _ = write!(
            sql,
            ",\n    CASE WHEN {x} IS NULL THEN {missing} {body} AS p{i},\n    CASE WHEN {x} IS NULL THEN 0 ELSE 1 END AS h{i}"
        );
        // The weight after overrides: the last matching override wins.
        let mut w = String::from("CASE");
        for o in plan.overrides.iter().rev() {
            if let Some(&(_, wt)) = o.weights.iter().find(|(s, _)| *s == i) {
                let _ = write!(w, " WHEN {} THEN {}", when(o), lit(wt));
            }
        }
        if w == "CASE" {
            w = lit(sp.weight);
        } else {
            let _ = write!(w, " ELSE {} END", lit(sp.weight));
        }
        let _ = write!(sql, ",\n    {w} AS w{i}");
    }
    // The four sums, added left to right in model order. A long sum is one
    // deep expression, and engines limit depth (DuckDB: 1,000): past
    // SUM_TERMS signals each sum is carried through one CTE per run of terms,
    // `num_2 = num_1 + t + t …`, the same additions in the same order.
    let zero = lit(0.0);
    let sum_terms: [(&str, &dyn Fn(usize) -> String); 4] = [
        ("num", &|i| {
            format!("CASE WHEN p{i} IS NULL THEN {zero} ELSE w{i} * p{i} END")
        }),
        ("den", &|i| {
            format!("CASE WHEN p{i} IS NULL THEN {zero} ELSE w{i} END")
        }),
        ("covered", &|i| {
            format!("CASE WHEN h{i} = 1 THEN w{i} ELSE {zero} END")
        }),
        ("total", &|i| format!("w{i}")),
    ];
    let runs: Vec<std::ops::Range<usize>> = (0..n)
        .step_by(SUM_TERMS)
        .map(|a| a..(a + SUM_TERMS).min(n))
        .collect();
    sql.push_str("\n  FROM ranked\n)");
    let mut from = "points".to_string();
    for (j, run) in runs.iter().enumerate() {
        let last = j + 1 == runs.len();
        let cte = if last {
            "sums".to_string()
        } else {
            format!("sums_{}", j + 1)
        };
        let _ = write!(sql, ",\n{cte} AS (\n  SELECT {from}.*");
        for (name, term) in &sum_terms {
            let mut e: Vec<String> = Vec::with_capacity(run.len() + 1);
            if j > 0 {
                e.push(format!("{name}_{j}"));
            }
            e.extend(run.clone().map(term));
            let alias = if last {
                name.to_string()
            } else {
                format!("{name}_{}", j + 1)
            };
            let _ = write!(sql, ",\n    {} AS {alias}", e.join(" + "));
        }
        let _ = write!(sql, "\n  FROM {from}\n)");
        from = cte;
    }
    let _ = write!(
        sql,
        ",\nscored AS (\n  SELECT account, segment, plan, arr{raws}{cond_cols}, covered, total"
    );
    let _ = write!(
        sql,
        ",\n    CASE WHEN den > {z} THEN FLOOR(num / den * {h} + {half}) ELSE NULL END AS centi",
        z = lit(0.0),
        h = lit(100.0),
        half = lit(0.5)
    );
    for i in 0..n {
        let _ = write!(
            sql,
            ",\n    CASE WHEN den > {} AND p{i} IS NOT NULL AND h{i} = 1 THEN w{i} * ({} - p{i}) / den ELSE NULL END AS l{i}",
            lit(0.0),
            lit(100.0)
        );
    }
    // The drivers: the three largest losses above zero, model order breaking
    // ties, picked one at a time (the largest loss, the first signal with it,
    // then the largest of the others, ...): each step is linear in the
    // signals, so the query grows linearly with the model. No loss (zero or
    // none) is -1 here, below every real loss.
    let none = lit(-1.0);
    let _ = write!(
        sql,
        "\n  FROM sums\n),\nlosses AS (\n  SELECT account, segment, plan, arr{raws}{cond_cols}, covered, total, centi"
    );
    for i in 0..n {
        let _ = write!(
            sql,
            ",\n    CASE WHEN l{i} > {} THEN l{i} ELSE {none} END AS q{i}",
            lit(0.0)
        );
    }
    sql.push_str("\n  FROM scored");
    let greatest = |terms: Vec<String>| {
        if terms.len() == 1 {
            terms.into_iter().next().unwrap_or_default()
        } else {
            format!("GREATEST({})", terms.join(", "))
        }
    };
    let mut from = "losses".to_string();
    for k in 1..=DRIVERS {
        let terms = (0..n)
            .map(|i| {
                if k == 1 {
                    format!("q{i}")
                } else {
                    let taken = (1..k)
                        .map(|j| format!("s{j} = {i}"))
                        .collect::<Vec<_>>()
                        .join(" OR ");
                    format!("CASE WHEN {taken} THEN {none} ELSE q{i} END")
                }
            })
            .collect();
        let _ = write!(
            sql,
            "\n),\ntop{k} AS (\n  SELECT {from}.*,\n    {} AS m{k}\n  FROM {from}\n),\npick{k} AS (\n  SELECT top{k}.*,\n    CASE WHEN m{k} <= {} THEN NULL",
            greatest(terms),
            lit(0.0)
        );
        for i in 0..n {
            let free: String = (1..k).map(|j| format!(" AND s{j} <> {i}")).collect();
            let _ = write!(sql, " WHEN q{i} = m{k}{free} THEN {i}");
        }
        let _ = write!(sql, " ELSE NULL END AS s{k}\n  FROM top{k}");
        from = format!("pick{k}");
    }
    sql.push_str("\n)\nSELECT\n  account,\n  segment,\n  plan,\n  arr,\n");

    let _ = writeln!(sql, "  centi / {} AS score,", lit(100.0));
    // Below the coverage floor (in hundredths of a percent, as the CLI
    // compares it) an account has no tier: "Insufficient data".
    let floor = if plan.floor_centi > 0.0 {
        format!(
            " WHEN FLOOR(covered / total * {h} * {h} + {half}) < {} THEN NULL",
            lit(plan.floor_centi),
            h = lit(100.0),
            half = lit(0.5)
        )
    } else {
        String::new()
    };
    // Tier: the highest tier whose cut-off and conditions hold.
    let tier_case = |f: &dyn Fn(usize) -> String| {
        let mut e = format!("CASE WHEN centi IS NULL THEN NULL{floor}");
        for (ti, t) in plan.tiers.iter().enumerate().rev() {
            let mut cond = format!("centi >= {}", lit(t.min_centi));
            for &(s, lo, hi) in &t.conditions {
                cond.push_str(&format!(" AND h{s} = 1"));
                if lo.is_finite() {
                    cond.push_str(&format!(" AND p{s} >= {}", lit(lo)));
                }
                if hi.is_finite() {
                    cond.push_str(&format!(" AND p{s} <= {}", lit(hi)));
                }
            }
            let _ = write!(e, " WHEN {cond} THEN {}", f(ti));
        }
        e.push_str(" ELSE NULL END");
        e
    };
    let _ = writeln!(
        sql,
        "  {} AS tier,",
        tier_case(&|t| d.string(&model.tiers[t].id))
    );
    let _ = writeln!(
        sql,
        "  {} AS tier_name,",
        tier_case(&|t| d.string(&model.tiers[t].name))
    );
    // A tier's SLA and play, from the last matching override that sets it.
    let playbook = |t: usize, sla: bool| {
        let own = &model.tiers[t];
        let mut e = String::new();
        for (oi, o) in model.overrides.iter().enumerate().rev() {
            let set = o
                .playbooks
                .iter()
                .find(|p| p.0 == t)
                .and_then(|p| if sla { p.1.as_ref() } else { p.2.as_ref() });
            if let Some(text) = set {
                let _ = write!(
                    e,
                    " WHEN {} THEN {}",
                    when(&plan.overrides[oi]),
                    d.string(text)
                );
            }
        }
        let base = d.string(if sla { &own.sla } else { &own.play });
        if e.is_empty() {
            base
        } else {
            format!("CASE{e} ELSE {base} END")
        }
    };
    let _ = writeln!(sql, "  {} AS sla,", tier_case(&|t| playbook(t, true)));
    let _ = writeln!(sql, "  {} AS play,", tier_case(&|t| playbook(t, false)));
    let _ = write!(
        sql,
        "  CASE WHEN total > {z} THEN FLOOR(covered / total * {h} * {h} + {half}) / {h} ELSE {z} END AS coverage",
        z = lit(0.0),
        h = lit(100.0),
        half = lit(0.5)
    );
    for k in 1..=DRIVERS {
        let pick = |f: &dyn Fn(usize) -> String| {
            let mut e = format!("CASE s{k}");
            for i in 0..n {
                let _ = write!(e, " WHEN {i} THEN {}", f(i));
            }
            e.push_str(" ELSE NULL END");
            e
        };
        let _ = write!(
            sql,
            ",\n  {} AS driver_{k},\n  {} AS driver_{k}_value,\n  CASE WHEN s{k} IS NULL THEN NULL ELSE FLOOR(m{k} * {h} + {half}) / {h} END AS driver_{k}_points_lost",
            pick(&|i| d.string(&model.signals[i].id)),
            pick(&|i| format!("raw{i}")),
            h = lit(100.0),
            half = lit(0.5)
        );
    }
    let _ = write!(
        sql,
        ",\n  CASE WHEN {} IS NULL THEN {} ELSE {} END AS status",
        tier_case(&|_| "1".to_string()),
        d.string("insufficient-data"),
        d.string("scored")
    );
    let _ = write!(sql, "\nFROM pick{DRIVERS}\n");

    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_strings_are_quoted_per_dialect() {
        assert_eq!(Dialect::Duckdb.ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Postgres.ident("select"), "\"select\"");
        assert_eq!(Dialect::Bigquery.ident("a`b"), "`a\\`b`");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Snowflake.string("it's"), "'it''s'");
        assert_eq!(Dialect::Snowflake.ident("account_id"), "account_id");
        assert_eq!(Dialect::Snowflake.ident("select"), "\"select\"");
        assert_eq!(Dialect::Snowflake.ident("Account ID"), "\"Account ID\"");
        assert_eq!(Dialect::Snowflake.ident("arr2"), "arr2");
        // Snowflake reads `\` as an escape: a text ending in one must not
        // leave the literal open.
        assert_eq!(Dialect::Snowflake.string("C:\\ops\\"), "'C:\\\\ops\\\\'");
        assert_eq!(Dialect::Duckdb.string("C:\\ops\\"), "'C:\\ops\\'");
        assert_eq!(Dialect::Spark.string("a\nb"), "'a\\nb'");
        assert_eq!(Dialect::Bigquery.string("it's"), "'it\\'s'");
        assert_eq!(Dialect::Duckdb.num(0.1), "CAST('0.1' AS DOUBLE)");
        assert_eq!(Dialect::Bigquery.num(-50.0), "CAST('-50.0' AS FLOAT64)");
        assert_eq!(
            Dialect::Postgres.table("analytics.snap"),
            "\"analytics\".\"snap\""
        );
        assert_eq!(
            Dialect::Duckdb.table("read_csv('a.csv')"),
            "read_csv('a.csv')"
        );
    }
}
