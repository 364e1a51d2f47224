//! Rendering the key metrics ([`Report`]), with the Certinia answers checked
//! against them when given: a terminal table, JSON (docs/metrics.md), CSV
//! (one row per metric and scope), a CSV of the movements, and an HTML page
//! with the ARR waterfall as an inline SVG chart. Pure functions.

use std::fmt::Write as _;

use clap::ValueEnum;
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use super::{ReportOptions, new_table};
use crate::metrics::check::{AnswersCheck, Checked, DataSays, Verdict};
use crate::metrics::compute::{
    Chosen, Flow, Metric, MetricId, Movement, MovementKind, Outcome, Report, Scope, Section, Unit,
    Value, Waterfall,
};
use crate::metrics::stats::SMALL_SAMPLE;
use crate::text::{fmt_num, grouped, plural, printable, wrap};

/// Output formats of `metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricsFormat {
    /// Tables for the terminal.
    Table,
    /// JSON for programs (see docs/metrics.md).
    Json,
    /// CSV, one row per metric and scope (all accounts, then each segment).
    Csv,
    /// CSV, one row per account movement in the period.
    Movements,
    /// A self-contained HTML page with the ARR waterfall as a chart.
    Html,
}

const TEMPLATE: &str = include_str!("templates/metrics.html");

/// A value in its unit, as people read it: `80.5%`, `+25`, `40 days`, `1,200`, `0.12`.
pub fn show_value(unit: Unit, x: f64) -> String {
    let one = |x: f64| fmt_num((x * 10.0).round() / 10.0);
    match unit {
        Unit::Percent => format!("{}%", one(x)),
        Unit::Nps if x > 0.0 => format!("+{}", one(x)),
        Unit::Nps => one(x),
        Unit::Days => format!("{} days", fmt_num(x.round())),
        Unit::Currency => grouped(x),
        Unit::PerArrDollar => format!("{x:.3}"),
    }
}

/// An interval in a unit: `72.1–86.3%`, `−8 to +58`, `31–52 days`.
pub fn show_interval(unit: Unit, (lo, hi): (f64, f64)) -> String {
    match unit {
        Unit::Percent => format!(
            "{}–{}",
            fmt_num((lo * 10.0).round() / 10.0),
            show_value(unit, hi)
        ),
        Unit::Days => format!("{}–{}", fmt_num(lo.round()), show_value(unit, hi)),
        _ => format!("{} to {}", show_value(unit, lo), show_value(unit, hi)),
    }
}

fn scope_name(scope: &Scope) -> String {
    match scope {
        Scope::All => "all".into(),
        Scope::Segment(s) => s.clone(),
        Scope::NoSegment => "no segment".into(),
    }
}

/// A scope as the CSV's `scope` and `segment` columns.
fn scope_columns(scope: &Scope) -> (&'static str, &str) {
    match scope {
        Scope::All => ("all", ""),
        Scope::Segment(s) => ("segment", s),
        Scope::NoSegment => ("no_segment", ""),
    }
}

fn status_word(o: &Outcome) -> &'static str {
    match o {
        Outcome::Value(_) => "",
        Outcome::Undetermined(_) => "undetermined",
        Outcome::NotComputable(_) => "not computable",
        Outcome::Missing(_) => "no input",
    }
}

/// The period line: label, months, how it was chosen.
fn period_line(r: &Report) -> String {
    let p = r.options.period;
    let span = if p.months() == 1 {
        String::new()
    } else {
        format!(" ({} to {})", p.first, p.last())
    };
    let how = match &r.options.chosen {
        Chosen::Given => String::new(),
        Chosen::Default(why) => format!(" · {why} (--period to choose another)"),
    };
    format!("{p}{span}{how}")
}

fn reactivation_line(r: &Report) -> &'static str {
    if r.options.count_reactivation {
        "Reactivation counted: an account that left and came back is retained, and ARR won back from earlier churn counts in NRR."
    } else {
        "Reactivation not counted: an account that left during the period and came back counts as churned (--count-reactivation to count it)."
    }
}

fn inputs_line(r: &Report) -> String {
    r.sources
        .iter()
        .map(|(_, s)| {
            let rows = if s.rows == 1 { "row" } else { "rows" };
            format!("{} ({} {rows})", s.file, grouped(s.rows as f64))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The largest losses (churn and contraction) of the period, biggest first.
fn largest_losses(r: &Report, n: usize) -> Vec<&Movement> {
    let mut losses: Vec<&Movement> = r
        .movements
        .iter()
        .filter(|m| matches!(m.kind, MovementKind::Churn | MovementKind::Contraction))
        .collect();
    losses.sort_by(|a, b| {
        (b.from - b.to)
            .total_cmp(&(a.from - a.to))
            .then_with(|| a.account.cmp(&b.account))
    });
    losses.truncate(n);
    losses
}

/// What a verdict means, in a sentence.
fn verdict_text(c: &Checked, r: &Report) -> String {
    let answer = c.answer.map_or("no answer", |a| a.label());
    let produced = || {
        c.metric
            .and_then(|id| r.overall.get(id).map(|o| (id, o)))
            .map_or_else(String::new, |(id, o)| match o {
                Outcome::Value(v) => format!(" ({})", show_value(id.unit(), v.value)),
                Outcome::Undetermined(_) => {
                    " (the data is there; its value is undetermined this period)".into()
                }
                _ => String::new(),
            })
    };
    match (&c.verdict, &c.data) {
        (Verdict::Contradicted, DataSays::Produced) => {
            format!(
                "contradicted: you answered {answer}, and these files produce it{}",
                produced()
            )
        }
        (Verdict::Contradicted, DataSays::Cannot(why)) => {
            format!(
                "contradicted: you answered {answer}, but the files given cannot produce it: {why}"
            )
        }
        (Verdict::Agrees, DataSays::Produced) => {
            format!("agrees: these files produce it{}", produced())
        }
        (Verdict::Agrees, DataSays::Cannot(why)) => {
            format!("agrees: the files given cannot produce it: {why}")
        }
        (Verdict::Answerable, DataSays::Produced) => {
            format!(
                "the data answers it: yes, these files produce it{}",
                produced()
            )
        }
        (Verdict::Answerable, DataSays::Cannot(why)) => {
            format!("the data answers it: not from these files ({why})")
        }
        (_, DataSays::NoInput(why)) => format!("not shown: {why}"),
        (_, DataSays::Elsewhere(why)) => format!("not judged: {why}"),
        (v, _) => v.key().to_string(),
    }
}

// ─── table ────────────────────────────────────────────────────────────────

fn value_cell(m: &Metric) -> String {
    match &m.outcome {
        Outcome::Value(v) => show_value(m.id.unit(), v.value),
        o => format!("– ({})", status_word(o)),
    }
}

fn n_cell(v: &Value) -> String {
    if v.small_sample() {
        format!("{}*", v.n)
    } else {
        v.n.to_string()
    }
}

fn waterfall_rows(w: &Waterfall) -> [(&'static str, f64, Option<Flow>); 7] {
    [
        ("Opening ARR", w.opening, None),
        ("+ New", w.new.arr, Some(w.new)),
        ("+ Expansion", w.expansion.arr, Some(w.expansion)),
        ("+ Reactivation", w.reactivation.arr, Some(w.reactivation)),
        ("− Contraction", w.contraction.arr, Some(w.contraction)),
        ("− Churn", w.churn.arr, Some(w.churn)),
        ("Closing ARR", w.closing, None),
    ]
}

/// The segment table's columns.
const SEGMENT_COLUMNS: [(MetricId, &str); 9] = [
    (MetricId::Nrr, "NRR"),
    (MetricId::Grr, "GRR"),
    (MetricId::LogoChurn, "Logo churn"),
    (MetricId::Nps, "NPS"),
    (MetricId::Csat, "CSAT"),
    (MetricId::TimeToValue, "TTV"),
    (MetricId::CostPerAccount, "CTS"),
    (MetricId::Ltv, "LTV"),
    (MetricId::AttachmentRate, "Attach"),
];

fn short_value(s: &Section, id: MetricId) -> String {
    match s.get(id) {
        Some(Outcome::Value(v)) => {
            let shown = match id.unit() {
                Unit::Days => fmt_num(v.value.round()),
                u => show_value(u, v.value),
            };
            if v.small_sample() {
                format!("{shown}*")
            } else {
                shown
            }
        }
        _ => "–".into(),
    }
}

/// The terminal report.
pub fn table_report(
    r: &Report,
    check: Option<&AnswersCheck>,
    options: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    let paint = options.paint();
    // Prose wrapped to the width at word boundaries, like the tables.
    let para = |text: &str| wrap(text, usize::from(options.width), "");
    let mut out = String::new();
    let heading = para(&format!("Key metrics, {}", printable(&period_line(r))));
    let (first, rest) = heading.split_at("Key metrics,".len().min(heading.len()));
    writeln!(out, "{}{rest}", paint.bold(first))?;
    writeln!(
        out,
        "{}",
        paint.dim(para(&format!(
            "Opening ARR at the end of {}. {}",
            r.options.period.opening(),
            reactivation_line(r)
        )))
    )?;
    writeln!(
        out,
        "{}",
        paint.dim(para(&printable(&format!("From {}.", inputs_line(r)))))
    )?;
    writeln!(out)?;
    let mut t = new_table(options);
    t.set_header(vec!["Metric", "Value", "95% interval", "n", "From"]);
    for m in &r.overall.metrics {
        let (interval, n, from) = match &m.outcome {
            Outcome::Value(v) => (
                v.interval
                    .map(|i| show_interval(m.id.unit(), i))
                    .unwrap_or_default(),
                n_cell(v),
                v.basis.clone(),
            ),
            o => (
                String::new(),
                String::new(),
                o.why().unwrap_or("").to_string(),
            ),
        };
        t.add_row(vec![
            Cell::new(m.id.name()),
            Cell::new(value_cell(m)).set_alignment(CellAlignment::Right),
            Cell::new(interval).set_alignment(CellAlignment::Right),
            Cell::new(n).set_alignment(CellAlignment::Right),
            Cell::new(printable(&from)),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(
        out,
        "{}",
        paint.dim(para(&format!(
            "* provisional: rests on fewer than {SMALL_SAMPLE} accounts, respondents or onboardings. Formulas and sources: docs/metrics.md."
        )))
    )?;
    if let Some(w) = &r.overall.waterfall {
        writeln!(
            out,
            "\n{}",
            paint.bold(format!("ARR waterfall, {}", r.options.period))
        )?;
        let mut t = new_table(options);
        t.set_header(vec!["", "ARR", "Moves"]);
        for (label, arr, flow) in waterfall_rows(w) {
            let label = match label {
                "Opening ARR" => format!("Opening ARR (end of {})", r.options.period.opening()),
                "Closing ARR" => format!("Closing ARR (end of {})", r.options.period.last()),
                l => l.to_string(),
            };
            t.add_row(vec![
                Cell::new(label),
                Cell::new(grouped(arr)).set_alignment(CellAlignment::Right),
                Cell::new(flow.map_or_else(String::new, |f| f.moves.to_string()))
                    .set_alignment(CellAlignment::Right),
            ]);
        }
        writeln!(out, "{t}")?;
        let losses = largest_losses(r, 5);
        if !losses.is_empty() {
            writeln!(out, "Largest losses:")?;
            for m in losses {
                writeln!(
                    out,
                    "  {} {} {} ({} → {}) in {}",
                    printable(&m.account),
                    m.kind.key(),
                    grouped(m.to - m.from),
                    grouped(m.from),
                    grouped(m.to),
                    m.month
                )?;
            }
        }
    }
    if !r.segments.is_empty() {
        writeln!(out, "\n{}", paint.bold("By segment"))?;
        let mut t = new_table(options);
        let mut header = vec!["Segment"];
        header.extend(SEGMENT_COLUMNS.iter().map(|(_, h)| *h));
        t.set_header(header);
        for s in std::iter::once(&r.overall).chain(&r.segments) {
            let mut row = vec![Cell::new(printable(&scope_name(&s.scope)))];
            row.extend(
                SEGMENT_COLUMNS.iter().map(|(id, _)| {
                    Cell::new(short_value(s, *id)).set_alignment(CellAlignment::Right)
                }),
            );
            t.add_row(row);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "{}",
            paint.dim(para(
                "* provisional (small sample); TTV in days; CTS per account; – not computed (see above)."
            ))
        )?;
    }
    if !r.products.is_empty() {
        let list: Vec<String> = r
            .products
            .iter()
            .map(|p| {
                format!(
                    "{} {} ({})",
                    printable(&p.product),
                    p.accounts,
                    show_value(Unit::Percent, p.percent)
                )
            })
            .collect();
        writeln!(
            out,
            "\n{}",
            para(&format!(
                "Products held at the end of {}: {}",
                r.options.period.last(),
                list.join(", ")
            ))
        )?;
    }
    if let Some(c) = check {
        writeln!(
            out,
            "\n{} {}",
            paint.bold(format!("Answers in {}:", printable(&c.file))),
            if c.contradicted() == 0 {
                paint.green("none contradicted by the data")
            } else {
                paint.red(format!(
                    "{} contradicted by the data",
                    plural(c.contradicted(), "answer", "answers")
                ))
            }
        )?;
        let mut t = new_table(options);
        t.set_header(vec!["Question", "Answer", "The data"]);
        for q in &c.questions {
            let verdict = verdict_text(q, r);
            let verdict = if q.verdict == Verdict::Contradicted {
                paint.red(printable(&verdict))
            } else {
                printable(&verdict)
            };
            t.add_row(vec![
                Cell::new(format!(
                    "{}\n{}",
                    printable(&q.text),
                    paint.dim(&q.question)
                )),
                Cell::new(q.answer.map_or("(none)", |a| a.label())),
                Cell::new(verdict),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    for n in &r.notes {
        writeln!(out, "{} {}", paint.yellow("note:"), printable(n))?;
    }
    Ok(out.into_bytes())
}

// ─── JSON ─────────────────────────────────────────────────────────────────

#[derive(Serialize)]
struct JsonReport<'a> {
    period: JsonPeriod,
    count_reactivation: bool,
    inputs: Vec<JsonInput<'a>>,
    metrics: Vec<JsonMetric>,
    waterfall: Option<JsonWaterfall>,
    segments: Vec<JsonSection>,
    products: Vec<JsonProduct<'a>>,
    movements: Vec<JsonMovement<'a>>,
    time_to_value_as_of: Option<String>,
    answers: Option<JsonAnswers<'a>>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonPeriod {
    label: String,
    kind: &'static str,
    first_month: String,
    last_month: String,
    opening_month: String,
    first_day: String,
    last_day: String,
    chosen: &'static str,
    chosen_because: Option<String>,
}

#[derive(Serialize)]
struct JsonInput<'a> {
    kind: &'static str,
    file: &'a str,
    rows: usize,
}

#[derive(Serialize)]
struct JsonMetric {
    id: &'static str,
    name: &'static str,
    status: &'static str,
    value: Option<f64>,
    unit: &'static str,
    interval: Option<[f64; 2]>,
    n: Option<usize>,
    small_sample: Option<bool>,
    basis: Option<String>,
    parts: serde_json::Map<String, serde_json::Value>,
    why: Option<String>,
}

#[derive(Serialize)]
struct JsonFlow {
    arr: f64,
    moves: usize,
}

#[derive(Serialize)]
struct JsonWaterfall {
    opening: f64,
    new: JsonFlow,
    expansion: JsonFlow,
    reactivation: JsonFlow,
    contraction: JsonFlow,
    churn: JsonFlow,
    closing: f64,
}

#[derive(Serialize)]
struct JsonSection {
    segment: Option<String>,
    metrics: Vec<JsonMetric>,
    waterfall: Option<JsonWaterfall>,
}

#[derive(Serialize)]
struct JsonProduct<'a> {
    product: &'a str,
    accounts: usize,
    percent: f64,
}

#[derive(Serialize)]
struct JsonMovement<'a> {
    account: &'a str,
    segment: Option<&'a str>,
    month: String,
    kind: &'static str,
    from: f64,
    to: f64,
    change: f64,
}

#[derive(Serialize)]
struct JsonAnswers<'a> {
    framework: &'a str,
    file: &'a str,
    contradicted: usize,
    questions: Vec<JsonChecked<'a>>,
}

#[derive(Serialize)]
struct JsonChecked<'a> {
    question: &'a str,
    text: &'a str,
    answer: Option<&'static str>,
    metric: Option<&'static str>,
    data: &'static str,
    verdict: &'static str,
    why: String,
}

fn json_metric(m: &Metric) -> JsonMetric {
    let v = m.outcome.value();
    JsonMetric {
        id: m.id.key(),
        name: m.id.name(),
        status: m.outcome.status(),
        value: v.map(|v| v.value),
        unit: m.id.unit().key(),
        interval: v.and_then(|v| v.interval).map(|(a, b)| [a, b]),
        n: v.map(|v| v.n),
        small_sample: v.map(Value::small_sample),
        basis: v.map(|v| v.basis.clone()),
        parts: v
            .map(|v| {
                v.parts
                    .iter()
                    .map(|(k, x)| ((*k).to_string(), serde_json::json!(x)))
                    .collect()
            })
            .unwrap_or_default(),
        why: m.outcome.why().map(str::to_string),
    }
}

fn json_waterfall(w: &Waterfall) -> JsonWaterfall {
    let f = |f: Flow| JsonFlow {
        arr: f.arr,
        moves: f.moves,
    };
    JsonWaterfall {
        opening: w.opening,
        new: f(w.new),
        expansion: f(w.expansion),
        reactivation: f(w.reactivation),
        contraction: f(w.contraction),
        churn: f(w.churn),
        closing: w.closing,
    }
}

/// The JSON report (docs/metrics.md).
pub fn json_report(r: &Report, check: Option<&AnswersCheck>) -> anyhow::Result<Vec<u8>> {
    let p = r.options.period;
    let view = JsonReport {
        period: JsonPeriod {
            label: p.to_string(),
            kind: p.kind.name(),
            first_month: p.first.to_string(),
            last_month: p.last().to_string(),
            opening_month: p.opening().to_string(),
            first_day: p.first.first_day().to_string(),
            last_day: p.last().last_day().to_string(),
            chosen: match r.options.chosen {
                Chosen::Given => "given",
                Chosen::Default(_) => "default",
            },
            chosen_because: match &r.options.chosen {
                Chosen::Given => None,
                Chosen::Default(why) => Some(why.clone()),
            },
        },
        count_reactivation: r.options.count_reactivation,
        inputs: r
            .sources
            .iter()
            .map(|(k, s)| JsonInput {
                kind: k.key(),
                file: &s.file,
                rows: s.rows,
            })
            .collect(),
        metrics: r.overall.metrics.iter().map(json_metric).collect(),
        waterfall: r.overall.waterfall.as_ref().map(json_waterfall),
        segments: r
            .segments
            .iter()
            .map(|s| JsonSection {
                segment: match &s.scope {
                    Scope::Segment(n) => Some(n.clone()),
                    _ => None,
                },
                metrics: s.metrics.iter().map(json_metric).collect(),
                waterfall: s.waterfall.as_ref().map(json_waterfall),
            })
            .collect(),
        products: r
            .products
            .iter()
            .map(|p| JsonProduct {
                product: &p.product,
                accounts: p.accounts,
                percent: p.percent,
            })
            .collect(),
        movements: r
            .movements
            .iter()
            .map(|m| JsonMovement {
                account: &m.account,
                segment: m.segment.as_deref(),
                month: m.month.to_string(),
                kind: m.kind.key(),
                from: m.from,
                to: m.to,
                change: m.to - m.from,
            })
            .collect(),
        time_to_value_as_of: r.as_of.map(|d| d.to_string()),
        answers: check.map(|c| JsonAnswers {
            framework: &c.framework,
            file: &c.file,
            contradicted: c.contradicted(),
            questions: c
                .questions
                .iter()
                .map(|q| JsonChecked {
                    question: &q.question,
                    text: &q.text,
                    answer: q.answer.map(|a| a.id()),
                    metric: q.metric.map(MetricId::key),
                    data: match q.data {
                        DataSays::Produced => "produced",
                        DataSays::Cannot(_) => "cannot",
                        DataSays::NoInput(_) => "no_input",
                        DataSays::Elsewhere(_) => "elsewhere",
                    },
                    verdict: q.verdict.key(),
                    why: verdict_text(q, r),
                })
                .collect(),
        }),
        notes: &r.notes,
    };
    let mut bytes = serde_json::to_vec_pretty(&view)?;
    bytes.push(b'\n');
    Ok(bytes)
}

// ─── CSV ──────────────────────────────────────────────────────────────────

fn num(x: Option<f64>) -> String {
    x.map(crate::text::fmt_num_exact).unwrap_or_default()
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// The CSV report: one row per metric for all accounts, then per segment,
/// then the waterfall's lines.
pub fn csv_report(r: &Report) -> anyhow::Result<Vec<u8>> {
    let mut w = csv_writer();
    w.write_record([
        "period",
        "scope",
        "segment",
        "metric",
        "name",
        "status",
        "value",
        "unit",
        "interval_low",
        "interval_high",
        "n",
        "small_sample",
        "basis",
    ])?;
    let period = r.options.period.to_string();
    for s in std::iter::once(&r.overall).chain(&r.segments) {
        let (scope, segment) = scope_columns(&s.scope);
        let segment = crate::text::csv_safe(segment).into_owned();
        for m in &s.metrics {
            let v = m.outcome.value();
            let text = v.map_or_else(|| m.outcome.why().unwrap_or(""), |v| v.basis.as_str());
            w.write_record([
                period.as_str(),
                scope,
                &segment,
                m.id.key(),
                m.id.name(),
                m.outcome.status(),
                &num(v.map(|v| v.value)),
                m.id.unit().key(),
                &num(v.and_then(|v| v.interval).map(|i| i.0)),
                &num(v.and_then(|v| v.interval).map(|i| i.1)),
                &v.map_or_else(String::new, |v| v.n.to_string()),
                v.map_or("", |v| if v.small_sample() { "yes" } else { "no" }),
                &crate::text::csv_safe(text),
            ])?;
        }
        if let Some(wf) = &s.waterfall {
            for (key, x) in [
                ("arr_opening", wf.opening),
                ("arr_new", wf.new.arr),
                ("arr_expansion", wf.expansion.arr),
                ("arr_reactivation", wf.reactivation.arr),
                ("arr_contraction", wf.contraction.arr),
                ("arr_churn", wf.churn.arr),
                ("arr_closing", wf.closing),
            ] {
                w.write_record([
                    period.as_str(),
                    scope,
                    &segment,
                    key,
                    "ARR waterfall",
                    "computed",
                    &num(Some(x)),
                    "currency",
                    "",
                    "",
                    "",
                    "",
                    "",
                ])?;
            }
        }
    }
    Ok(w.into_inner()?)
}

/// The movements CSV: one row per account and month that moved, in the period.
pub fn movements_csv(r: &Report) -> anyhow::Result<Vec<u8>> {
    let mut w = csv_writer();
    w.write_record([
        "account", "segment", "month", "movement", "from_arr", "to_arr", "change",
    ])?;
    for m in &r.movements {
        w.write_record([
            &crate::text::csv_safe(&m.account),
            &crate::text::csv_safe(m.segment.as_deref().unwrap_or("")),
            m.month.to_string().as_str(),
            m.kind.key(),
            &num(Some(m.from)),
            &num(Some(m.to)),
            &num(Some(m.to - m.from)),
        ])?;
    }
    Ok(w.into_inner()?)
}

// ─── HTML ─────────────────────────────────────────────────────────────────

#[derive(Serialize)]
struct HtmlView {
    version: &'static str,
    date: String,
    period: String,
    period_line: String,
    opening: String,
    reactivation: &'static str,
    inputs: String,
    small: usize,
    metrics: Vec<HtmlMetric>,
    chart: Option<Chart>,
    waterfall: Vec<HtmlFlow>,
    losses: Vec<HtmlLoss>,
    columns: Vec<&'static str>,
    segments: Vec<HtmlSegment>,
    products: Vec<HtmlProduct>,
    answers: Option<HtmlAnswers>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct HtmlMetric {
    name: &'static str,
    value: String,
    status: &'static str,
    status_word: &'static str,
    interval: String,
    n: String,
    provisional: bool,
    text: String,
}

#[derive(Serialize)]
struct HtmlFlow {
    label: String,
    arr: String,
    moves: String,
}

#[derive(Serialize)]
struct HtmlLoss {
    account: String,
    kind: &'static str,
    change: String,
    month: String,
}

#[derive(Serialize)]
struct HtmlSegment {
    name: String,
    values: Vec<String>,
}

#[derive(Serialize)]
struct HtmlProduct {
    product: String,
    accounts: usize,
    percent: String,
}

#[derive(Serialize)]
struct HtmlAnswers {
    file: String,
    contradicted: usize,
    questions: Vec<HtmlChecked>,
}

#[derive(Serialize)]
struct HtmlChecked {
    id: String,
    text: String,
    answer: &'static str,
    verdict: &'static str,
    why: String,
}

/// The waterfall as SVG geometry: one bar per line, floating where it moves.
#[derive(Serialize)]
struct Chart {
    width: u32,
    height: u32,
    /// Where the axis labels end (right-aligned).
    left: String,
    baseline: String,
    top_y: String,
    /// The axis' lowest and highest values.
    floor: String,
    top: String,
    /// Whether the axis starts above zero.
    cut: bool,
    bars: Vec<ChartBar>,
    label: String,
}

#[derive(Serialize)]
struct ChartBar {
    x: String,
    y: String,
    width: String,
    height: String,
    class: &'static str,
    label: String,
    value: String,
    value_y: String,
    centre: String,
}

/// The largest "nice" number (1, 2 or 5 times a power of ten, or a whole
/// multiple of the leading power) at or below `x`.
fn nice_floor(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let step = 10f64.powf(x.log10().floor());
    (x / step).floor() * step
}

/// Where the value axis starts: zero, unless the movements are small beside
/// the levels, when it starts below the lowest level so they show (the page
/// says so, and the bars carry their values).
fn axis_floor(levels: &[f64]) -> f64 {
    let top = levels.iter().copied().fold(0.0_f64, f64::max);
    let low = levels.iter().copied().fold(f64::INFINITY, f64::min);
    let floor = nice_floor(low - (top - low) * 0.5);
    if floor < 0.25 * top { 0.0 } else { floor }
}

fn chart(w: &Waterfall, period: &str) -> Chart {
    const WIDTH: f64 = 900.0;
    const LEFT: f64 = 90.0;
    const HEIGHT: f64 = 300.0;
    const TOP: f64 = 28.0;
    const BOTTOM: f64 = 250.0;
    let rows = waterfall_rows(w);
    // The level after each line, and each bar's low and high ends.
    let mut level = 0.0;
    let mut spans = Vec::new();
    let mut levels = Vec::new();
    for (i, (_, arr, _)) in rows.iter().enumerate() {
        let (from, to, class) = match i {
            0 => {
                level = *arr;
                (f64::NAN, *arr, "level")
            }
            6 => (f64::NAN, *arr, "level"),
            1..=3 => {
                let from = level;
                level += arr;
                (from, level, "up")
            }
            _ => {
                let from = level;
                level -= arr;
                (level, from, "down")
            }
        };
        levels.push(level);
        spans.push((from, to, class));
    }
    levels.push(w.closing);
    let floor = axis_floor(&levels);
    let top = levels.iter().copied().fold(floor + 1.0, f64::max);
    let y = |x: f64| BOTTOM - (BOTTOM - TOP) * ((x - floor) / (top - floor)).clamp(0.0, 1.0);
    let slot = (WIDTH - LEFT) / rows.len() as f64;
    let bars = rows
        .iter()
        .zip(&spans)
        .enumerate()
        .map(|(i, ((label, arr, _), (lo, hi, class)))| {
            let x = LEFT + i as f64 * slot + slot * 0.15;
            let lo = if lo.is_nan() { floor } else { *lo };
            let (y0, y1) = (y(*hi), y(lo));
            ChartBar {
                x: format!("{x:.1}"),
                y: format!("{y0:.1}"),
                width: format!("{:.1}", slot * 0.7),
                height: format!("{:.1}", (y1 - y0).max(1.0)),
                class,
                label: label.trim_start_matches(['+', '−', ' ']).to_string(),
                value: match *class {
                    "up" => format!("+{}", grouped(*arr)),
                    "down" => format!("−{}", grouped(*arr)),
                    _ => grouped(*arr),
                },
                value_y: format!("{:.1}", y0 - 6.0),
                centre: format!("{:.1}", x + slot * 0.35),
            }
        })
        .collect();
    Chart {
        width: WIDTH as u32,
        height: HEIGHT as u32,
        left: format!("{:.1}", LEFT - 6.0),
        baseline: format!("{BOTTOM:.1}"),
        top_y: format!("{TOP:.1}"),
        floor: grouped(floor),
        top: grouped(top),
        cut: floor > 0.0,
        bars,
        label: format!(
            "ARR waterfall for {period}: opening {}, new +{}, expansion +{}, reactivation +{}, contraction −{}, churn −{}, closing {}",
            grouped(w.opening),
            grouped(w.new.arr),
            grouped(w.expansion.arr),
            grouped(w.reactivation.arr),
            grouped(w.contraction.arr),
            grouped(w.churn.arr),
            grouped(w.closing)
        ),
    }
}

/// The self-contained HTML page.
pub fn html_report(
    r: &Report,
    check: Option<&AnswersCheck>,
    options: &ReportOptions,
) -> anyhow::Result<Vec<u8>> {
    let p = r.options.period;
    let metrics = r
        .overall
        .metrics
        .iter()
        .map(|m| {
            let v = m.outcome.value();
            HtmlMetric {
                name: m.id.name(),
                value: v.map_or_else(|| "–".into(), |v| show_value(m.id.unit(), v.value)),
                status: m.outcome.status(),
                status_word: status_word(&m.outcome),
                interval: v
                    .and_then(|v| v.interval)
                    .map(|i| show_interval(m.id.unit(), i))
                    .unwrap_or_default(),
                n: v.map_or_else(String::new, |v| v.n.to_string()),
                provisional: v.is_some_and(Value::small_sample),
                text: v.map_or_else(
                    || m.outcome.why().unwrap_or("").to_string(),
                    |v| v.basis.clone(),
                ),
            }
        })
        .collect();
    let view = HtmlView {
        version: env!("CARGO_PKG_VERSION"),
        date: options.date.clone(),
        period: p.to_string(),
        period_line: period_line(r),
        opening: p.opening().to_string(),
        reactivation: reactivation_line(r),
        inputs: inputs_line(r),
        small: SMALL_SAMPLE,
        metrics,
        chart: r
            .overall
            .waterfall
            .as_ref()
            .map(|w| chart(w, &p.to_string())),
        waterfall: r
            .overall
            .waterfall
            .as_ref()
            .map(|w| {
                waterfall_rows(w)
                    .iter()
                    .map(|(label, arr, flow)| HtmlFlow {
                        label: (*label).to_string(),
                        arr: grouped(*arr),
                        moves: flow.map_or_else(String::new, |f| f.moves.to_string()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        losses: largest_losses(r, 10)
            .into_iter()
            .map(|m| HtmlLoss {
                account: m.account.clone(),
                kind: m.kind.key(),
                change: grouped(m.to - m.from),
                month: m.month.to_string(),
            })
            .collect(),
        columns: SEGMENT_COLUMNS.iter().map(|(_, h)| *h).collect(),
        segments: if r.segments.is_empty() {
            Vec::new()
        } else {
            std::iter::once(&r.overall)
                .chain(&r.segments)
                .map(|s| HtmlSegment {
                    name: scope_name(&s.scope),
                    values: SEGMENT_COLUMNS
                        .iter()
                        .map(|(id, _)| short_value(s, *id))
                        .collect(),
                })
                .collect()
        },
        products: r
            .products
            .iter()
            .map(|p| HtmlProduct {
                product: p.product.clone(),
                accounts: p.accounts,
                percent: show_value(Unit::Percent, p.percent),
            })
            .collect(),
        answers: check.map(|c| HtmlAnswers {
            file: c.file.clone(),
            contradicted: c.contradicted(),
            questions: c
                .questions
                .iter()
                .map(|q| HtmlChecked {
                    id: q.question.clone(),
                    text: q.text.clone(),
                    answer: q.answer.map_or("(none)", |a| a.label()),
                    verdict: q.verdict.key(),
                    why: verdict_text(q, r),
                })
                .collect(),
        }),
        notes: r.notes.clone(),
    };
    super::common::render_page("metrics.html", TEMPLATE, view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_starts_at_zero_unless_the_movements_would_not_show() {
        assert_eq!(nice_floor(42_200_000.0), 40_000_000.0);
        assert_eq!(nice_floor(0.0), 0.0);
        // Levels 45.5M to 52.1M: from 42.2M, nicely 40M.
        assert_eq!(axis_floor(&[45.5e6, 50.9e6, 52.1e6, 49.9e6]), 40e6);
        // Levels 100 to 300: the axis starts at zero.
        assert_eq!(axis_floor(&[100.0, 300.0, 200.0]), 0.0);
    }

    #[test]
    fn values_read_in_their_units() {
        assert_eq!(show_value(Unit::Percent, 87.54), "87.5%");
        assert_eq!(show_value(Unit::Nps, 25.0), "+25");
        assert_eq!(show_value(Unit::Nps, -12.25), "-12.3");
        assert_eq!(show_value(Unit::Nps, 0.0), "0");
        assert_eq!(show_value(Unit::Days, 40.4), "40 days");
        assert_eq!(show_value(Unit::Currency, 1_234_567.8), "1,234,568");
        assert_eq!(show_value(Unit::PerArrDollar, 0.1234), "0.123");
        assert_eq!(show_interval(Unit::Percent, (5.52, 17.44)), "5.5–17.4%");
        assert_eq!(show_interval(Unit::Nps, (-8.0, 58.4)), "-8 to +58.4");
        assert_eq!(show_interval(Unit::Days, (31.0, 52.0)), "31–52 days");
    }

    use crate::report::contrast;

    /// Every colour the page declares for text reads at WCAG AA (4.5:1) on
    /// its background, and the chart's bars stand out from white at 3:1.
    #[test]
    fn the_page_passes_wcag_aa_contrast() {
        let decl = |name: &str| {
            let key = format!("--{name}: ");
            let at = TEMPLATE.find(&key).map_or(0, |i| i + key.len());
            TEMPLATE[at..at + 7].to_string()
        };
        for text in ["bad-ink", "warn-ink", "good-ink"] {
            let ink = decl(text);
            assert!(contrast(&ink, "#ffffff") >= 4.5, "{text} {ink}");
            assert!(
                contrast(&ink, &decl("chip")) >= 4.5,
                "{text} {ink} on the chip"
            );
        }
        for bar in ["bar-level", "bar-up", "bar-down"] {
            let fill = decl(bar);
            assert!(contrast(&fill, "#ffffff") >= 3.0, "{bar} {fill}");
        }
        for (ink, bg) in [
            ("#1d2433", "#ffffff"),
            ("#5b6478", "#ffffff"),
            ("#5b6478", "#f5f7fb"),
        ] {
            assert!(contrast(ink, bg) >= 4.5, "{ink} on {bg}");
        }
    }
}
