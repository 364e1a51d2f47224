//! The key metrics of one period, computed from whatever inputs were given:
//! movements per account and month, NRR, GRR, logo retention and churn, the
//! ARR waterfall, NPS, CSAT, time to value, cost to serve, ARPA, LTV and the
//! attachment rate, for all accounts and per segment. A metric whose input is
//! missing says so, and why. Pure: no I/O, no clock. The formulas, and where
//! each comes from, are in docs/metrics.md.

use std::collections::HashMap;

use super::model::{
    Date, Inputs, Ledger, Month, Period, PeriodKind, Satisfaction, Source, days_between,
};
use super::stats::{SMALL_SAMPLE, kaplan_meier, nps_interval, wilson};
use crate::text::{grouped, plural};

/// The metrics, in the order reports show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricId {
    /// Net revenue retention.
    Nrr,
    /// Gross revenue retention.
    Grr,
    /// Logo (customer) retention.
    LogoRetention,
    /// Logo (customer) churn.
    LogoChurn,
    /// Net Promoter Score.
    Nps,
    /// Customer satisfaction.
    Csat,
    /// Time to value (Kaplan–Meier median).
    TimeToValue,
    /// Cost to serve per account.
    CostPerAccount,
    /// Cost to serve per dollar of ARR.
    CostPerArrDollar,
    /// Average (annual) revenue per account.
    Arpa,
    /// Customer lifetime value.
    Ltv,
    /// Attachment rate.
    AttachmentRate,
}

/// Every metric, in report order.
pub const ALL: [MetricId; 12] = [
    MetricId::Nrr,
    MetricId::Grr,
    MetricId::LogoRetention,
    MetricId::LogoChurn,
    MetricId::Nps,
    MetricId::Csat,
    MetricId::TimeToValue,
    MetricId::CostPerAccount,
    MetricId::CostPerArrDollar,
    MetricId::Arpa,
    MetricId::Ltv,
    MetricId::AttachmentRate,
];

impl MetricId {
    /// Its id in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            MetricId::Nrr => "nrr",
            MetricId::Grr => "grr",
            MetricId::LogoRetention => "logo_retention",
            MetricId::LogoChurn => "logo_churn",
            MetricId::Nps => "nps",
            MetricId::Csat => "csat",
            MetricId::TimeToValue => "time_to_value",
            MetricId::CostPerAccount => "cost_to_serve_per_account",
            MetricId::CostPerArrDollar => "cost_to_serve_per_arr_dollar",
            MetricId::Arpa => "arpa",
            MetricId::Ltv => "ltv",
            MetricId::AttachmentRate => "attachment_rate",
        }
    }

    /// Its name for people.
    pub fn name(self) -> &'static str {
        match self {
            MetricId::Nrr => "Net revenue retention (NRR)",
            MetricId::Grr => "Gross revenue retention (GRR)",
            MetricId::LogoRetention => "Logo retention",
            MetricId::LogoChurn => "Logo churn",
            MetricId::Nps => "Net Promoter Score (NPS)",
            MetricId::Csat => "Customer satisfaction (CSAT)",
            MetricId::TimeToValue => "Time to value (median)",
            MetricId::CostPerAccount => "Cost to serve per account",
            MetricId::CostPerArrDollar => "Cost to serve per ARR dollar",
            MetricId::Arpa => "ARPA (ARR per account)",
            MetricId::Ltv => "Customer lifetime value (LTV)",
            MetricId::AttachmentRate => "Attachment rate",
        }
    }

    /// What its value counts.
    pub fn unit(self) -> Unit {
        match self {
            MetricId::Nrr
            | MetricId::Grr
            | MetricId::LogoRetention
            | MetricId::LogoChurn
            | MetricId::Csat
            | MetricId::AttachmentRate => Unit::Percent,
            MetricId::Nps => Unit::Nps,
            MetricId::TimeToValue => Unit::Days,
            MetricId::CostPerAccount | MetricId::Arpa | MetricId::Ltv => Unit::Currency,
            MetricId::CostPerArrDollar => Unit::PerArrDollar,
        }
    }
}

/// The unit of a metric's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A percentage, 0–100 (NRR may exceed 100).
    Percent,
    /// An NPS, −100 to +100.
    Nps,
    /// Days.
    Days,
    /// The ledger's currency.
    Currency,
    /// Currency per currency unit of ARR.
    PerArrDollar,
}

impl Unit {
    /// Its name in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::Nps => "nps",
            Unit::Days => "days",
            Unit::Currency => "currency",
            Unit::PerArrDollar => "currency_per_arr_dollar",
        }
    }
}

/// A computed value with what it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The value, in the metric's unit.
    pub value: f64,
    /// Its 95% interval, where one is defined.
    pub interval: Option<(f64, f64)>,
    /// How many accounts, respondents or onboardings it rests on.
    pub n: usize,
    /// What it was computed from, in words.
    pub basis: String,
    /// The numbers it was computed from, by name (documented in docs/metrics.md).
    pub parts: Vec<(&'static str, f64)>,
}

impl Value {
    /// Whether it rests on so few that it is provisional.
    pub fn small_sample(&self) -> bool {
        self.n < SMALL_SAMPLE
    }
}

/// What came of computing a metric.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A value.
    Value(Value),
    /// The data is there but defines no value (a median not reached, LTV
    /// with no churn); why.
    Undetermined(String),
    /// The input was given but cannot produce it; why.
    NotComputable(String),
    /// Its input was not given; which.
    Missing(String),
}

impl Outcome {
    /// The value, if computed.
    pub fn value(&self) -> Option<&Value> {
        match self {
            Outcome::Value(v) => Some(v),
            _ => None,
        }
    }

    /// Its status name in JSON and CSV.
    pub fn status(&self) -> &'static str {
        match self {
            Outcome::Value(_) => "computed",
            Outcome::Undetermined(_) => "undetermined",
            Outcome::NotComputable(_) => "not_computable",
            Outcome::Missing(_) => "missing_input",
        }
    }

    /// Why there is no value.
    pub fn why(&self) -> Option<&str> {
        match self {
            Outcome::Value(_) => None,
            Outcome::Undetermined(w) | Outcome::NotComputable(w) | Outcome::Missing(w) => Some(w),
        }
    }
}

/// One metric of one scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// Which.
    pub id: MetricId,
    /// Its value, or why not.
    pub outcome: Outcome,
}

/// ARR moved one way: how much, by how many accounts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Flow {
    /// The ARR moved (positive).
    pub arr: f64,
    /// How many account-months moved this way.
    pub moves: usize,
}

/// The ARR waterfall of a period: opening ARR, what each kind of movement
/// added or took, closing ARR. `opening + new + expansion + reactivation −
/// contraction − churn = closing`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Waterfall {
    /// ARR at the end of the month before the period.
    pub opening: f64,
    /// From accounts with ARR for the first time.
    pub new: Flow,
    /// Increases.
    pub expansion: Flow,
    /// From accounts that had churned and came back.
    pub reactivation: Flow,
    /// Decreases to a positive ARR.
    pub contraction: Flow,
    /// Decreases to zero.
    pub churn: Flow,
    /// ARR at the end of the period.
    pub closing: f64,
}

/// The kind of a month-over-month movement of an account's ARR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MovementKind {
    /// From zero, for the first time.
    New,
    /// Up.
    Expansion,
    /// Down, not to zero.
    Contraction,
    /// To zero.
    Churn,
    /// From zero, having had ARR before.
    Reactivation,
}

impl MovementKind {
    /// Its name in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            MovementKind::New => "new",
            MovementKind::Expansion => "expansion",
            MovementKind::Contraction => "contraction",
            MovementKind::Churn => "churn",
            MovementKind::Reactivation => "reactivation",
        }
    }
}

/// The movement from `prev` to `cur` ARR, if any; `first` says whether the
/// account never had ARR before this month.
pub fn classify(prev: f64, cur: f64, first: bool) -> Option<MovementKind> {
    match (prev > 0.0, cur > 0.0) {
        (false, true) if first => Some(MovementKind::New),
        (false, true) => Some(MovementKind::Reactivation),
        (true, false) => Some(MovementKind::Churn),
        (true, true) if cur > prev => Some(MovementKind::Expansion),
        (true, true) if cur < prev => Some(MovementKind::Contraction),
        _ => None,
    }
}

/// One account's movement in one month.
#[derive(Debug, Clone, PartialEq)]
pub struct Movement {
    /// The account.
    pub account: String,
    /// Its segment.
    pub segment: Option<String>,
    /// The month it moved in (from the end of the month before to the end of this one).
    pub month: Month,
    /// How.
    pub kind: MovementKind,
    /// ARR at the end of the month before.
    pub from: f64,
    /// ARR at the end of the month.
    pub to: f64,
}

/// Whom a set of metrics describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every account.
    All,
    /// The accounts of one segment.
    Segment(String),
    /// The accounts whose ledger rows name no segment.
    NoSegment,
}

/// The metrics of one scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Whom they describe.
    pub scope: Scope,
    /// Every metric, in [`ALL`]'s order.
    pub metrics: Vec<Metric>,
    /// The ARR waterfall, when the ledger covers the period.
    pub waterfall: Option<Waterfall>,
}

impl Section {
    /// A metric's outcome.
    pub fn get(&self, id: MetricId) -> Option<&Outcome> {
        self.metrics.iter().find(|m| m.id == id).map(|m| &m.outcome)
    }
}

/// The share of accounts holding a product at the end of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductShare {
    /// The product.
    pub product: String,
    /// How many accounts hold it.
    pub accounts: usize,
    /// Their share of the accounts with ARR, in percent.
    pub percent: f64,
}

/// Which input a file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// The ARR ledger.
    Ledger,
    /// Survey responses.
    Surveys,
    /// Onboarding milestones.
    Milestones,
    /// Costs to serve.
    Costs,
}

impl InputKind {
    /// Its name (and the option that gives it, without `--`).
    pub fn key(self) -> &'static str {
        match self {
            InputKind::Ledger => "ledger",
            InputKind::Surveys => "surveys",
            InputKind::Milestones => "milestones",
            InputKind::Costs => "costs",
        }
    }
}

/// How the period was chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    /// With `--period`.
    Given,
    /// By default; the rule that chose it.
    Default(String),
}

/// What the metrics are computed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The period.
    pub period: Period,
    /// How it was chosen.
    pub chosen: Chosen,
    /// Whether an account that churns and comes back counts as retained, and
    /// ARR won back from earlier churn counts in NRR.
    pub count_reactivation: bool,
}

/// The metrics of a period: all accounts, each segment, the movements.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The period and how it was chosen.
    pub options: Options,
    /// The inputs given.
    pub sources: Vec<(InputKind, Source)>,
    /// All accounts.
    pub overall: Section,
    /// One section per segment (when the ledger has segments), by name.
    pub segments: Vec<Section>,
    /// Every account's movements in the period, by month, kind, account.
    pub movements: Vec<Movement>,
    /// Products held at the end of the period (when the ledger has products).
    pub products: Vec<ProductShare>,
    /// The day time to value is observed to: the latest date in the milestones.
    pub as_of: Option<Date>,
    /// What a reader should know about the data (accounts in no segment, …).
    pub notes: Vec<String>,
}

/// The period shown when none is given: the latest whole quarter the ledger
/// covers with its opening month (else its latest month); without a ledger,
/// the quarter of the latest date in the other inputs. `None` without dates.
pub fn default_period(inputs: &Inputs) -> Option<(Period, String)> {
    if let Some(l) = &inputs.ledger {
        let mut q = Period::quarter_of(l.last());
        if q.last() > l.last() {
            q.first = Month(q.first.0.saturating_sub(3));
        }
        if q.opening() >= l.first && q.first.0 >= 1 {
            return Some((q, "the latest whole quarter in the ledger".into()));
        }
        let month = Period {
            kind: PeriodKind::Month,
            first: l.last(),
        };
        let why = if l.months >= 2 {
            "the ledger's latest month (it has no whole quarter after an opening month)"
        } else {
            "the ledger's only month"
        };
        return Some((month, why.into()));
    }
    let days = inputs
        .surveys
        .iter()
        .flat_map(|s| s.responses.iter().map(|r| r.day))
        .chain(
            inputs
                .milestones
                .iter()
                .flat_map(|m| m.onboardings.iter().flat_map(|o| [Some(o.start), o.value]))
                .flatten(),
        )
        .map(Month::of);
    let costs = inputs
        .costs
        .iter()
        .flat_map(|c| c.costs.iter().map(|c| c.period.last()));
    days.chain(costs).max().map(|m| {
        (
            Period::quarter_of(m),
            "the quarter of the latest date in the files".into(),
        )
    })
}

/// Which accounts a scope holds, and how to tell an account id's scope.
struct Scoped<'a> {
    scope: Scope,
    ledger: Option<&'a Ledger>,
    accounts: Vec<usize>,
    segment_of: &'a HashMap<&'a str, Option<usize>>,
}

impl Scoped<'_> {
    /// Whether an account (by id) is in this scope.
    fn holds(&self, account: &str) -> bool {
        match (&self.scope, self.ledger) {
            (Scope::All, _) | (_, None) => true,
            (Scope::Segment(name), Some(l)) => self
                .segment_of
                .get(account)
                .copied()
                .flatten()
                .is_some_and(|s| l.segments.get(s) == Some(name)),
            (Scope::NoSegment, Some(_)) => {
                matches!(self.segment_of.get(account), Some(None))
            }
        }
    }

    /// "" for all, " of the smb segment" for a segment.
    fn of(&self) -> String {
        match &self.scope {
            Scope::All => String::new(),
            Scope::Segment(s) => format!(" in segment {s}"),
            Scope::NoSegment => " with no segment".into(),
        }
    }
}

/// What the ledger says about a scope in the period.
#[derive(Debug, Clone, Default)]
struct Revenue {
    /// Σ over months and accounts of ARR, and of accounts with ARR.
    arr_months: f64,
    active_months: usize,
    waterfall: Waterfall,
    cohort: usize,
    retained_logos: usize,
    kept: f64,
    kept_capped: f64,
    expansion: f64,
    contraction: f64,
    churned: f64,
    won_back: f64,
    /// Accounts with ARR at the end of the period.
    closing_accounts: Vec<usize>,
    movements: Vec<(usize, Month, MovementKind, f64, f64)>,
}

/// Why the ledger cannot give a scope's figures for the period, if it cannot.
fn ledger_gap(l: &Ledger, period: Period, need_opening: bool) -> Option<String> {
    let file = &l.source.file;
    if period.first > l.last() {
        return Some(format!("{file} ends in {}, before {period}", l.last()));
    }
    if period.last() > l.last() {
        return Some(format!(
            "{file} ends in {}, before the end of {period} ({})",
            l.last(),
            period.last()
        ));
    }
    if need_opening && !l.covers(period.opening()) {
        return Some(format!(
            "{file} starts in {}; {period} needs the ARR at the end of {} (the month before it)",
            l.first,
            period.opening()
        ));
    }
    if period.first < l.first {
        return Some(format!(
            "{file} starts in {}, after the start of {period}",
            l.first
        ));
    }
    None
}

fn revenue(l: &Ledger, accounts: &[usize], period: Period, count_reactivation: bool) -> Revenue {
    let mut r = Revenue::default();
    let opening = period.opening();
    for &a in accounts {
        let first_active = l.first_active(a);
        let start = l.arr_at(a, opening);
        let mut prev = start;
        let mut stayed = start > 0.0;
        for m in period.each_month() {
            let cur = l.arr_at(a, m);
            stayed &= cur > 0.0;
            if let Some(kind) = classify(prev, cur, first_active == Some(m)) {
                let w = &mut r.waterfall;
                let flow = match kind {
                    MovementKind::New => &mut w.new,
                    MovementKind::Expansion => &mut w.expansion,
                    MovementKind::Contraction => &mut w.contraction,
                    MovementKind::Churn => &mut w.churn,
                    MovementKind::Reactivation => &mut w.reactivation,
                };
                flow.arr += (cur - prev).abs();
                flow.moves += 1;
                r.movements.push((a, m, kind, prev, cur));
            }
            r.arr_months += cur;
            r.active_months += usize::from(cur > 0.0);
            prev = cur;
        }
        let end = prev;
        r.waterfall.opening += start;
        r.waterfall.closing += end;
        if end > 0.0 {
            r.closing_accounts.push(a);
        }
        if start > 0.0 {
            r.cohort += 1;
            let kept = if stayed || count_reactivation {
                end
            } else {
                0.0
            };
            r.kept += kept;
            r.kept_capped += kept.min(start);
            if kept > 0.0 {
                r.retained_logos += 1;
                r.expansion += (kept - start).max(0.0);
                r.contraction += (start - kept).max(0.0);
            } else {
                r.churned += start;
            }
        } else if count_reactivation && first_active.is_some_and(|f| f < period.first) {
            r.won_back += end;
        }
    }
    r
}

/// The inputs and settings every scope's metrics are computed with.
struct Context<'a> {
    inputs: &'a Inputs,
    options: &'a Options,
    as_of: Option<Date>,
}

fn missing(what: &str) -> Outcome {
    Outcome::Missing(format!("no {what} given ({})", flag_for(what)))
}

fn flag_for(what: &str) -> &'static str {
    match what {
        "ledger" => "--ledger FILE: account, month, arr",
        "surveys" => "--surveys FILE: account, date, score or csat",
        "milestones" => "--milestones FILE: account, start, first_value",
        _ => "--costs FILE: period, segment, amount",
    }
}

fn pct(x: f64) -> String {
    crate::text::fmt_num((x * 10.0).round() / 10.0) + "%"
}

fn percent_value(k: usize, n: usize, basis: String, parts: Vec<(&'static str, f64)>) -> Outcome {
    Outcome::Value(Value {
        value: 100.0 * k as f64 / n as f64,
        interval: wilson(k, n).map(|(lo, hi)| (100.0 * lo, 100.0 * hi)),
        n,
        basis,
        parts,
    })
}

fn section(ctx: &Context<'_>, scoped: &Scoped<'_>) -> Section {
    let period = ctx.options.period;
    let reactivation = ctx.options.count_reactivation;
    let mut out: HashMap<MetricId, Outcome> = HashMap::new();
    let ledger = ctx.inputs.ledger.as_ref();
    let of = scoped.of();
    // Revenue metrics.
    let months_gap = ledger.and_then(|l| ledger_gap(l, period, false));
    let cohort_gap = ledger.and_then(|l| ledger_gap(l, period, true));
    let rev = ledger
        .filter(|_| months_gap.is_none())
        .map(|l| revenue(l, &scoped.accounts, period, reactivation));
    let cohort_ids = [
        MetricId::Nrr,
        MetricId::Grr,
        MetricId::LogoRetention,
        MetricId::LogoChurn,
    ];
    let opening = period.opening();
    for id in cohort_ids {
        let outcome = match (&rev, &cohort_gap) {
            _ if ledger.is_none() => missing("ledger"),
            (_, Some(gap)) => Outcome::NotComputable(gap.clone()),
            (None, None) => Outcome::NotComputable("the ledger does not cover the period".into()),
            (Some(r), None) if r.cohort == 0 => Outcome::NotComputable(format!(
                "no account{of} had ARR at the end of {opening}, so there is no one to retain"
            )),
            (Some(r), None) => cohort_metric(id, r, opening, period, reactivation),
        };
        out.insert(id, outcome);
    }
    let waterfall = rev
        .as_ref()
        .filter(|_| cohort_gap.is_none())
        .map(|r| r.waterfall);
    let months = period.months() as f64;
    let avg_accounts = rev.as_ref().map(|r| r.active_months as f64 / months);
    // ARPA.
    let arpa = match (&rev, &months_gap) {
        _ if ledger.is_none() => missing("ledger"),
        (_, Some(gap)) => Outcome::NotComputable(gap.clone()),
        (Some(r), None) if r.active_months > 0 => Outcome::Value(Value {
            value: r.arr_months / r.active_months as f64,
            interval: None,
            n: avg_accounts.map_or(0, |a| a.round() as usize),
            basis: format!(
                "ARR per account with ARR, averaged over the month ends of {period} ({} accounts on average)",
                crate::text::fmt_num(avg_accounts.unwrap_or(0.0))
            ),
            parts: vec![
                ("average_accounts", avg_accounts.unwrap_or(0.0)),
                ("average_arr", r.arr_months / months),
            ],
        }),
        _ => Outcome::NotComputable(format!("no account{of} had ARR in {period}")),
    };
    // Cost to serve.
    let (per_account, per_dollar) = cost_to_serve(ctx, scoped, rev.as_ref(), &months_gap);
    // LTV.
    let ltv = lifetime_value(
        ctx,
        &arpa,
        out.get(&MetricId::LogoChurn),
        &per_account,
        rev.as_ref(),
    );
    out.insert(MetricId::Arpa, arpa);
    out.insert(MetricId::CostPerAccount, per_account);
    out.insert(MetricId::CostPerArrDollar, per_dollar);
    out.insert(MetricId::Ltv, ltv);
    // Attachment rate.
    let attach = match (ledger, &rev, &months_gap) {
        (None, _, _) => missing("ledger"),
        (Some(l), _, _) if !l.has_product => Outcome::NotComputable(format!(
            "{} has no product column, so it does not say who holds what",
            l.source.file
        )),
        (_, _, Some(gap)) => Outcome::NotComputable(gap.clone()),
        (Some(l), Some(r), None) => attachment(l, r, period, &of),
        (Some(_), None, None) => {
            Outcome::NotComputable("the ledger does not cover the period".into())
        }
    };
    out.insert(MetricId::AttachmentRate, attach);
    out.insert(MetricId::Nps, nps(ctx, scoped));
    out.insert(MetricId::Csat, csat(ctx, scoped));
    out.insert(MetricId::TimeToValue, time_to_value(ctx, scoped));
    Section {
        scope: scoped.scope.clone(),
        metrics: ALL
            .iter()
            .map(|&id| Metric {
                id,
                outcome: out
                    .remove(&id)
                    .unwrap_or_else(|| Outcome::NotComputable("not computed".into())),
            })
            .collect(),
        waterfall,
    }
}

fn cohort_metric(
    id: MetricId,
    r: &Revenue,
    opening: Month,
    period: Period,
    reactivation: bool,
) -> Outcome {
    let accounts = plural(r.cohort, "account", "accounts");
    let start = grouped(r.waterfall.opening);
    match id {
        MetricId::Nrr => {
            let kept = r.kept + r.won_back;
            let mut parts = vec![
                ("opening_arr", r.waterfall.opening),
                ("expansion", r.expansion),
                ("contraction", r.contraction),
                ("churn", r.churned),
                ("retained_arr", r.kept),
            ];
            if reactivation {
                parts.push(("reactivation", r.won_back));
            }
            Outcome::Value(Value {
                value: 100.0 * kept / r.waterfall.opening,
                interval: None,
                n: r.cohort,
                basis: format!(
                    "{} of ARR at the end of {period} from the {accounts} with ARR at the end of {opening} ({start}){}",
                    grouped(kept),
                    if reactivation && r.won_back > 0.0 {
                        format!(
                            ", with {} won back from accounts that had churned earlier",
                            grouped(r.won_back)
                        )
                    } else {
                        String::new()
                    }
                ),
                parts,
            })
        }
        MetricId::Grr => Outcome::Value(Value {
            value: 100.0 * r.kept_capped / r.waterfall.opening,
            interval: None,
            n: r.cohort,
            basis: format!(
                "{} of {start} kept by the {accounts} of {opening}, each account counted at most at its opening ARR",
                grouped(r.kept_capped)
            ),
            parts: vec![
                ("opening_arr", r.waterfall.opening),
                ("kept_arr", r.kept_capped),
            ],
        }),
        MetricId::LogoRetention => percent_value(
            r.retained_logos,
            r.cohort,
            format!(
                "{} of the {accounts} with ARR at the end of {opening} still customers at the end of {period}{}",
                r.retained_logos,
                if reactivation { "" } else { " without a gap" }
            ),
            vec![
                ("cohort", r.cohort as f64),
                ("retained", r.retained_logos as f64),
            ],
        ),
        _ => {
            let churned = r.cohort - r.retained_logos;
            percent_value(
                churned,
                r.cohort,
                format!(
                    "{churned} of the {accounts} with ARR at the end of {opening} lost in {period}; accounts that joined and left within it are not counted"
                ),
                vec![("cohort", r.cohort as f64), ("churned", churned as f64)],
            )
        }
    }
}

fn attachment(l: &Ledger, r: &Revenue, period: Period, of: &str) -> Outcome {
    let last = period.last();
    let holders: HashMap<u32, usize> =
        l.holdings
            .iter()
            .filter(|h| h.month == last)
            .fold(HashMap::new(), |mut acc, h| {
                *acc.entry(h.account).or_insert(0) += 1;
                acc
            });
    let active = r.closing_accounts.len();
    if active == 0 {
        return Outcome::NotComputable(format!("no account{of} had ARR at the end of {period}"));
    }
    let attached = r
        .closing_accounts
        .iter()
        .filter(|&&a| holders.get(&(a as u32)).is_some_and(|&n| n >= 2))
        .count();
    percent_value(
        attached,
        active,
        format!(
            "{attached} of the {} with ARR at the end of {last} hold two products or more",
            plural(active, "account", "accounts")
        ),
        vec![("accounts", active as f64), ("attached", attached as f64)],
    )
}

/// The period's share of each cost row, and which of its months the rows cover.
/// Each cost row's share of the period, by segment (`None`: shared).
type Shares<'a> = Vec<(Option<&'a str>, f64)>;

fn period_costs<'a>(ctx: &Context<'a>) -> Option<(Shares<'a>, Vec<Month>)> {
    let costs = ctx.inputs.costs.as_ref()?;
    let period = ctx.options.period;
    let shares = costs
        .costs
        .iter()
        .filter_map(|c| {
            let overlap = c.period.overlap(period);
            (overlap > 0).then(|| {
                (
                    c.segment.as_deref(),
                    c.amount * f64::from(overlap) / f64::from(c.period.months()),
                )
            })
        })
        .collect();
    let uncovered = period
        .each_month()
        .filter(|&m| !costs.costs.iter().any(|c| c.period.contains(m)))
        .collect();
    Some((shares, uncovered))
}

fn cost_to_serve(
    ctx: &Context<'_>,
    scoped: &Scoped<'_>,
    rev: Option<&Revenue>,
    months_gap: &Option<String>,
) -> (Outcome, Outcome) {
    let period = ctx.options.period;
    let Some((shares, uncovered)) = period_costs(ctx) else {
        return (missing("costs"), missing("costs"));
    };
    let fail = |why: String| {
        (
            Outcome::NotComputable(why.clone()),
            Outcome::NotComputable(why),
        )
    };
    let file = ctx
        .inputs
        .costs
        .as_ref()
        .map_or("", |c| c.source.file.as_str());
    if shares.is_empty() {
        return fail(format!("{file} has no cost in {period}"));
    }
    if !uncovered.is_empty() {
        let list: Vec<String> = uncovered.iter().map(Month::to_string).collect();
        return fail(format!(
            "{file} has no cost for {} of {period}: a cost to serve from part of the period would understate it",
            list.join(", ")
        ));
    }
    let Some(l) = ctx.inputs.ledger.as_ref() else {
        return fail("it needs the ledger too (--ledger), for the accounts and their ARR".into());
    };
    if let Some(gap) = months_gap {
        return fail(gap.clone());
    }
    let Some(r) = rev else {
        return fail("the ledger does not cover the period".into());
    };
    if r.active_months == 0 {
        return fail(format!("no account{} had ARR in {period}", scoped.of()));
    }
    let shared: f64 = shares
        .iter()
        .filter(|(s, _)| s.is_none())
        .map(|(_, x)| x)
        .sum();
    let (cost, how) = match &scoped.scope {
        Scope::All => (shares.iter().map(|(_, x)| x).sum::<f64>(), String::new()),
        scope => {
            let all_active: usize = (0..l.accounts.len())
                .map(|a| {
                    period
                        .each_month()
                        .filter(|&m| l.arr_at(a, m) > 0.0)
                        .count()
                })
                .sum();
            let share = r.active_months as f64 / all_active.max(1) as f64;
            let own: f64 = match scope {
                Scope::Segment(name) => shares
                    .iter()
                    .filter(|(s, _)| *s == Some(name.as_str()))
                    .map(|(_, x)| x)
                    .sum(),
                _ => 0.0,
            };
            (
                own + shared * share,
                format!(
                    " ({} of its own, and {} of the shared costs for its share of account-months)",
                    grouped(own),
                    pct(share)
                ),
            )
        }
    };
    let months = f64::from(period.months());
    let avg_accounts = r.active_months as f64 / months;
    let revenue = r.arr_months / 12.0;
    let n = avg_accounts.round() as usize;
    let per_account = Outcome::Value(Value {
        value: cost / avg_accounts,
        interval: None,
        n,
        basis: format!(
            "{} of costs in {period}{how} over {} accounts with ARR on average",
            grouped(cost),
            crate::text::fmt_num(avg_accounts)
        ),
        parts: vec![("cost", cost), ("average_accounts", avg_accounts)],
    });
    let per_dollar = if revenue > 0.0 {
        Outcome::Value(Value {
            value: cost / revenue,
            interval: None,
            n,
            basis: format!(
                "{} of costs over {} of recurring revenue in {period} (each month's ARR ÷ 12)",
                grouped(cost),
                grouped(revenue)
            ),
            parts: vec![("cost", cost), ("revenue", revenue)],
        })
    } else {
        Outcome::NotComputable(format!("no recurring revenue in {period}"))
    };
    (per_account, per_dollar)
}

fn lifetime_value(
    ctx: &Context<'_>,
    arpa: &Outcome,
    churn: Option<&Outcome>,
    per_account: &Outcome,
    rev: Option<&Revenue>,
) -> Outcome {
    let period = ctx.options.period;
    let arpa = match arpa {
        Outcome::Value(v) => v.value,
        other => return other.clone(),
    };
    let churn = match churn {
        Some(Outcome::Value(v)) => v.value / 100.0,
        Some(other) => return other.clone(),
        None => return Outcome::NotComputable("no churn rate".into()),
    };
    let cohort = rev.map_or(0, |r| r.cohort);
    if churn <= 0.0 {
        return Outcome::Undetermined(format!(
            "no account of the {} at the start of {period} churned in it: with zero churn, ARPA ÷ churn has no finite value; a longer period (a year) may measure some churn",
            plural(cohort, "account", "accounts")
        ));
    }
    let months = f64::from(period.months());
    let annual_churn = 1.0 - (1.0 - churn).powf(12.0 / months);
    let (margin, cost_note, yearly_cost) = match per_account {
        Outcome::Value(c) => {
            let yearly = c.value * 12.0 / months;
            (
                arpa - yearly,
                format!(
                    "ARPA {} less a cost to serve of {} a year",
                    grouped(arpa),
                    grouped(yearly)
                ),
                Some(yearly),
            )
        }
        Outcome::Missing(_) => (
            arpa,
            format!(
                "ARPA {} (revenue only: no costs given, so not net of the cost to serve)",
                grouped(arpa)
            ),
            None,
        ),
        other => (
            arpa,
            format!(
                "ARPA {} (revenue only: the cost to serve is not computable: {})",
                grouped(arpa),
                other.why().unwrap_or("")
            ),
            None,
        ),
    };
    let per = if period.kind == PeriodKind::Year {
        String::new()
    } else {
        format!(" ({} in {period})", pct(churn * 100.0))
    };
    let mut parts = vec![
        ("arpa", arpa),
        ("annual_churn", 100.0 * annual_churn),
        (
            "includes_cost_to_serve",
            f64::from(u8::from(yearly_cost.is_some())),
        ),
    ];
    if let Some(y) = yearly_cost {
        parts.push(("annual_cost_to_serve", y));
    }
    Outcome::Value(Value {
        value: margin / annual_churn,
        interval: None,
        n: cohort,
        basis: format!(
            "{cost_note}, over an annual logo churn of {}{per}",
            pct(annual_churn * 100.0)
        ),
        parts,
    })
}

fn nps(ctx: &Context<'_>, scoped: &Scoped<'_>) -> Outcome {
    let Some(s) = ctx.inputs.surveys.as_ref() else {
        return missing("surveys");
    };
    if !s.has_score {
        return Outcome::NotComputable(format!(
            "{} has no score column (a 0–10 likelihood to recommend)",
            s.source.file
        ));
    }
    let period = ctx.options.period;
    let mut latest: HashMap<(&str, &str), (Date, usize, u8)> = HashMap::new();
    let mut answers = 0usize;
    for (i, r) in s.responses.iter().enumerate() {
        let Some(score) = r.score else { continue };
        if !period.contains_day(r.day) || !scoped.holds(&r.account) {
            continue;
        }
        answers += 1;
        let key = (r.account.as_str(), r.respondent.as_deref().unwrap_or(""));
        let slot = latest.entry(key).or_insert((r.day, i, score));
        if (r.day, i) >= (slot.0, slot.1) {
            *slot = (r.day, i, score);
        }
    }
    let n = latest.len();
    if n == 0 {
        return Outcome::NotComputable(format!(
            "no response{} with a score in {period} ({} to {})",
            scoped.of(),
            period.first.first_day(),
            period.last().last_day()
        ));
    }
    let promoters = latest.values().filter(|v| v.2 >= 9).count();
    let detractors = latest.values().filter(|v| v.2 <= 6).count();
    let who = if s.has_respondent {
        "respondent"
    } else {
        "account"
    };
    Outcome::Value(Value {
        value: 100.0 * (promoters as f64 - detractors as f64) / n as f64,
        interval: nps_interval(promoters, detractors, n),
        n,
        basis: format!(
            "the latest answer of each of {}: {} (9–10), {}, {} (0–6){}",
            plural(n, who, &format!("{who}s")),
            plural(promoters, "promoter", "promoters"),
            plural(n - promoters - detractors, "passive", "passives"),
            plural(detractors, "detractor", "detractors"),
            if s.has_respondent {
                String::new()
            } else {
                " (the file has no respondent column, so each account counts once)".into()
            }
        ),
        parts: vec![
            ("respondents", n as f64),
            ("promoters", promoters as f64),
            ("passives", (n - promoters - detractors) as f64),
            ("detractors", detractors as f64),
            ("responses", answers as f64),
        ],
    })
}

fn csat(ctx: &Context<'_>, scoped: &Scoped<'_>) -> Outcome {
    let Some(s) = ctx.inputs.surveys.as_ref() else {
        return missing("surveys");
    };
    if !s.has_csat {
        return Outcome::NotComputable(format!(
            "{} has no CSAT column (good/bad, yes/no or 1–5)",
            s.source.file
        ));
    }
    let period = ctx.options.period;
    let (mut good, mut rated) = (0usize, 0usize);
    for r in &s.responses {
        let Some(c) = r.csat else { continue };
        if period.contains_day(r.day) && scoped.holds(&r.account) {
            rated += 1;
            good += usize::from(c == Satisfaction::Good);
        }
    }
    if rated == 0 {
        return Outcome::NotComputable(format!(
            "no response{} with a CSAT rating in {period}",
            scoped.of()
        ));
    }
    percent_value(
        good,
        rated,
        format!(
            "{good} good of {} (good ÷ (good + bad))",
            plural(rated, "rating", "ratings")
        ),
        vec![
            ("ratings", rated as f64),
            ("good", good as f64),
            ("bad", (rated - good) as f64),
        ],
    )
}

fn time_to_value(ctx: &Context<'_>, scoped: &Scoped<'_>) -> Outcome {
    let Some(m) = ctx.inputs.milestones.as_ref() else {
        return missing("milestones");
    };
    let period = ctx.options.period;
    let Some(as_of) = ctx.as_of else {
        return Outcome::NotComputable(format!("{} has no onboardings", m.source.file));
    };
    let obs: Vec<(f64, bool)> = m
        .onboardings
        .iter()
        .filter(|o| period.contains_day(o.start) && scoped.holds(&o.account))
        .map(|o| match o.value {
            Some(v) => (days_between(o.start, v) as f64, true),
            None => (days_between(o.start, as_of) as f64, false),
        })
        .collect();
    if obs.is_empty() {
        return Outcome::NotComputable(format!("no onboarding{} started in {period}", scoped.of()));
    }
    let km = kaplan_meier(&obs);
    let (reached, waiting) = (km.events(), km.censored());
    let n = obs.len();
    let counts = format!(
        "{} that started in {period}: {reached} reached first value, {waiting} still waiting on {as_of}, censored, not dropped",
        plural(n, "onboarding", "onboardings")
    );
    let parts = vec![
        ("onboardings", n as f64),
        ("reached", reached as f64),
        ("waiting", waiting as f64),
    ];
    match km.median() {
        None => Outcome::Undetermined(format!(
            "median not reached: fewer than half reached first value by {as_of}, so it is more than {} days ({counts})",
            crate::text::fmt_num(km.longest().unwrap_or(0.0))
        )),
        Some(median) => {
            let (lo, hi) = km.median_interval();
            Outcome::Value(Value {
                value: median,
                interval: lo.zip(hi),
                n,
                basis: format!(
                    "Kaplan–Meier median of {counts}{}",
                    if hi.is_none() {
                        "; the interval's upper bound is not reached yet"
                    } else {
                        ""
                    }
                ),
                parts,
            })
        }
    }
}

/// Computes every metric for all accounts and for each segment.
pub fn compute(inputs: &Inputs, options: &Options) -> Report {
    let as_of = inputs.milestones.as_ref().and_then(|m| {
        m.onboardings
            .iter()
            .flat_map(|o| [Some(o.start), o.value])
            .flatten()
            .max()
    });
    let ctx = Context {
        inputs,
        options,
        as_of,
    };
    let ledger = inputs.ledger.as_ref();
    let segment_of: HashMap<&str, Option<usize>> = ledger
        .map(|l| {
            l.accounts
                .iter()
                .enumerate()
                .map(|(i, a)| (a.as_str(), l.segment_of[i]))
                .collect()
        })
        .unwrap_or_default();
    let all_accounts: Vec<usize> =
        ledger.map_or_else(Vec::new, |l| (0..l.accounts.len()).collect());
    let all = Scoped {
        scope: Scope::All,
        ledger,
        accounts: all_accounts,
        segment_of: &segment_of,
    };
    let overall = section(&ctx, &all);
    let mut segments = Vec::new();
    let mut notes = Vec::new();
    if let Some(l) = ledger.filter(|l| l.has_segment) {
        let mut names: Vec<(usize, &String)> = l.segments.iter().enumerate().collect();
        names.sort_by(|a, b| a.1.cmp(b.1));
        for (i, name) in names {
            let accounts = (0..l.accounts.len())
                .filter(|&a| l.segment_of[a] == Some(i))
                .collect();
            segments.push(section(
                &ctx,
                &Scoped {
                    scope: Scope::Segment(name.clone()),
                    ledger,
                    accounts,
                    segment_of: &segment_of,
                },
            ));
        }
        let none: Vec<usize> = (0..l.accounts.len())
            .filter(|&a| l.segment_of[a].is_none())
            .collect();
        if !none.is_empty() {
            notes.push(format!(
                "{} in {} with no segment on any row: shown as \"no segment\"",
                plural(none.len(), "account", "accounts"),
                l.source.file
            ));
            segments.push(section(
                &ctx,
                &Scoped {
                    scope: Scope::NoSegment,
                    ledger,
                    accounts: none,
                    segment_of: &segment_of,
                },
            ));
        }
        let unknown = |ids: &mut dyn Iterator<Item = &str>| {
            ids.filter(|a| !segment_of.contains_key(a)).count()
        };
        let stray = |n: usize, one: &str, many: &str, file: &str| {
            format!(
                "{} in {file} {} not in the ledger: {} for all accounts, in no segment",
                plural(n, one, many),
                if n == 1 {
                    "names an account"
                } else {
                    "name accounts"
                },
                if n == 1 { "it counts" } else { "they count" }
            )
        };
        if let Some(s) = &inputs.surveys {
            let n = unknown(&mut s.responses.iter().map(|r| r.account.as_str()));
            if n > 0 {
                notes.push(stray(n, "response", "responses", &s.source.file));
            }
        }
        if let Some(m) = &inputs.milestones {
            let n = unknown(&mut m.onboardings.iter().map(|o| o.account.as_str()));
            if n > 0 {
                notes.push(stray(n, "onboarding", "onboardings", &m.source.file));
            }
        }
        if let Some(c) = &inputs.costs {
            let mut strays: Vec<&str> = c
                .costs
                .iter()
                .filter_map(|c| c.segment.as_deref())
                .filter(|s| !l.segments.iter().any(|n| n == s))
                .collect();
            strays.sort_unstable();
            strays.dedup();
            if !strays.is_empty() {
                notes.push(format!(
                    "costs in {} for segments the ledger does not have ({}) count for all accounts only",
                    c.source.file,
                    strays.join(", ")
                ));
            }
        }
    }
    let period = options.period;
    let mut movements = Vec::new();
    let mut products = Vec::new();
    if let Some(l) = ledger.filter(|l| ledger_gap(l, period, true).is_none()) {
        let r = revenue(l, &all.accounts, period, options.count_reactivation);
        movements = r
            .movements
            .iter()
            .map(|&(a, month, kind, from, to)| Movement {
                account: l.accounts[a].clone(),
                segment: l.segment_name(a).map(str::to_string),
                month,
                kind,
                from,
                to,
            })
            .collect();
        movements.sort_by(|a, b| (a.month, a.kind, &a.account).cmp(&(b.month, b.kind, &b.account)));
        if l.has_product && !r.closing_accounts.is_empty() {
            let last = period.last();
            for (p, name) in l.products.iter().enumerate() {
                let accounts = l
                    .holdings
                    .iter()
                    .filter(|h| h.month == last && h.product as usize == p)
                    .count();
                products.push(ProductShare {
                    product: name.clone(),
                    accounts,
                    percent: 100.0 * accounts as f64 / r.closing_accounts.len() as f64,
                });
            }
            products.sort_by(|a, b| {
                b.accounts
                    .cmp(&a.accounts)
                    .then_with(|| a.product.cmp(&b.product))
            });
        }
    }
    let mut sources = Vec::new();
    if let Some(l) = &inputs.ledger {
        sources.push((InputKind::Ledger, l.source.clone()));
    }
    if let Some(s) = &inputs.surveys {
        sources.push((InputKind::Surveys, s.source.clone()));
    }
    if let Some(m) = &inputs.milestones {
        sources.push((InputKind::Milestones, m.source.clone()));
    }
    if let Some(c) = &inputs.costs {
        sources.push((InputKind::Costs, c.source.clone()));
    }
    Report {
        options: options.clone(),
        sources,
        overall,
        segments,
        movements,
        products,
        as_of,
        notes,
    }
}

#[cfg(test)]
mod tests;
