//! Every formula on inputs small enough to work by hand, and the published
//! worked examples (docs/metrics.md names their sources).

use super::*;
use crate::metrics::load::{parse_costs, parse_ledger, parse_milestones, parse_surveys};
use crate::metrics::model::{Costs, Ledger, Milestones, Surveys};

fn ledger(text: &str) -> Ledger {
    match parse_ledger("ledger.csv", text, None) {
        Ok(l) => l.data,
        Err(e) => panic!("{}", crate::error::render_all(&e, false)),
    }
}

fn surveys(text: &str) -> Surveys {
    match parse_surveys("surveys.csv", text, None) {
        Ok(s) => s.data,
        Err(e) => panic!("{}", crate::error::render_all(&e, false)),
    }
}

fn milestones(text: &str) -> Milestones {
    match parse_milestones("milestones.csv", text, None) {
        Ok(m) => m.data,
        Err(e) => panic!("{}", crate::error::render_all(&e, false)),
    }
}

fn costs(text: &str) -> Costs {
    match parse_costs("costs.csv", text, None) {
        Ok(c) => c.data,
        Err(e) => panic!("{}", crate::error::render_all(&e, false)),
    }
}

fn period(p: &str) -> Period {
    Period::parse(p).unwrap_or_else(|e| panic!("{e}"))
}

fn run(inputs: &Inputs, p: &str, count_reactivation: bool) -> Report {
    compute(
        inputs,
        &Options {
            period: period(p),
            chosen: Chosen::Given,
            count_reactivation,
        },
    )
}

fn value(s: &Section, id: MetricId) -> f64 {
    match s.get(id) {
        Some(Outcome::Value(v)) => v.value,
        other => panic!("{id:?}: {other:?}"),
    }
}

fn why(s: &Section, id: MetricId) -> String {
    s.get(id)
        .and_then(Outcome::why)
        .unwrap_or_else(|| panic!("{id:?} has a value"))
        .to_string()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// The worked example: 100 customers at the start of the period, 11 cancel
/// in it, one of whom joined in it. The B2B rule leaves that one out: churn
/// is 10 of 100, 10%, not 11%.
#[test]
fn hundred_customers_eleven_cancel_one_joined_in_the_period_churn_is_ten_percent() {
    let mut csv = String::from("account,month,arr\n");
    for i in 0..100 {
        csv.push_str(&format!("c{i},2026-06,1000\n"));
        // c0..c9 cancel in July, August or September; the rest stay all quarter.
        let last = if i < 10 { 7 + i % 3 } else { 10 };
        for m in 7..last {
            csv.push_str(&format!("c{i},2026-{m:02},1000\n"));
        }
    }
    // One joins in July and leaves in August; two join in September and stay.
    csv.push_str("j1,2026-07,500\nn1,2026-09,700\nn2,2026-09,700\n");
    let inputs = Inputs {
        ledger: Some(ledger(&csv)),
        ..Inputs::default()
    };
    let r = run(&inputs, "2026-Q3", false);
    let o = &r.overall;
    assert!(close(value(o, MetricId::LogoChurn), 10.0));
    assert!(close(value(o, MetricId::LogoRetention), 90.0));
    // (E − N) / S with N the new customers still there: (92 − 2) / 100.
    let w = o.waterfall.unwrap_or_default();
    assert_eq!(w.churn.moves, 11, "11 cancellations in the quarter");
    assert_eq!(w.new.moves, 3);
    assert!(close(w.closing, 90.0 * 1000.0 + 1400.0));
}

/// ChartMogul's lifecycle of a customer, in ARR: a new subscription, a second
/// one added (expansion), that one cancelled (contraction), the last one
/// cancelled (churn), a return (reactivation).
#[test]
fn a_customer_lifecycle_is_classified_month_by_month() {
    let mut csv = String::from(
        "account,month,arr\nsyncalytics,2026-02,2000\nsyncalytics,2026-03,2720\nsyncalytics,2026-04,2000\nother,2025-12,10\nother,2026-12,10\n",
    );
    for m in 6..=12 {
        csv.push_str(&format!("syncalytics,2026-{m:02},1800\n"));
    }
    let inputs = Inputs {
        ledger: Some(ledger(&csv)),
        ..Inputs::default()
    };
    let r = run(&inputs, "2026", false);
    let moves: Vec<(String, &str, f64, f64)> = r
        .movements
        .iter()
        .filter(|m| m.account == "syncalytics")
        .map(|m| (m.month.to_string(), m.kind.key(), m.from, m.to))
        .collect();
    assert_eq!(
        moves,
        [
            ("2026-02".to_string(), "new", 0.0, 2000.0),
            ("2026-03".to_string(), "expansion", 2000.0, 2720.0),
            ("2026-04".to_string(), "contraction", 2720.0, 2000.0),
            ("2026-05".to_string(), "churn", 2000.0, 0.0),
            ("2026-06".to_string(), "reactivation", 0.0, 1800.0),
        ]
    );
    assert_eq!(classify(5.0, 5.0, false), None);
    assert_eq!(classify(0.0, 0.0, true), None);
}

const COHORT: &str = "account,month,arr,segment
a,2026-06,500,smb
a,2026-07,550,smb
a,2026-09,600,smb
b,2026-06,300,smb
b,2026-09,200,smb
c,2026-06,200,ent
c,2026-07,200,ent
d,2026-09,900,ent
e,2026-04,100,ent
e,2026-08,100,ent
e,2026-09,100,ent
a,2026-08,550,smb
b,2026-07,300,smb
b,2026-08,300,smb
";

/// Opening ARR 1000 (a 500, b 300, c 200); at the end of Q3 a 600 (+100),
/// b 200 (−100), c 0 (churn 200): NRR 800 / 1000 = 80%; GRR counts a at
/// most 500: (500 + 200 + 0) / 1000 = 70%. d is new and e came back from
/// earlier churn: neither counts, unless reactivation is counted (e: +100).
#[test]
fn nrr_and_grr_by_hand() {
    let inputs = Inputs {
        ledger: Some(ledger(COHORT)),
        ..Inputs::default()
    };
    let r = run(&inputs, "2026-Q3", false);
    assert!(close(value(&r.overall, MetricId::Nrr), 80.0));
    assert!(close(value(&r.overall, MetricId::Grr), 70.0));
    let with = run(&inputs, "2026-Q3", true);
    assert!(close(value(&with.overall, MetricId::Nrr), 90.0));
    assert!(close(value(&with.overall, MetricId::Grr), 70.0));
    let w = r.overall.waterfall.unwrap_or_default();
    assert!(close(w.opening, 1000.0) && close(w.closing, 1800.0));
    assert!(close(w.new.arr, 900.0) && close(w.reactivation.arr, 100.0));
    assert!(close(w.expansion.arr, 100.0) && close(w.contraction.arr, 100.0));
    assert!(close(w.churn.arr, 200.0));
    let flows = w.opening + w.new.arr + w.expansion.arr + w.reactivation.arr
        - w.contraction.arr
        - w.churn.arr;
    assert!(close(flows, w.closing));
    // By segment: smb 1000 → … a 600, b 200 over 800 = 100%; ent: c lost, 0%.
    let smb = &r.segments[1];
    assert_eq!(smb.scope, Scope::Segment("smb".into()));
    assert!(close(value(smb, MetricId::Nrr), 100.0));
    assert!(close(value(smb, MetricId::Grr), 87.5));
    let ent = &r.segments[0];
    assert!(close(value(ent, MetricId::Nrr), 0.0));
    assert!(close(value(ent, MetricId::LogoChurn), 100.0));
}

/// A customer that leaves and comes back inside the period churned, unless
/// reactivation is counted.
#[test]
fn leaving_and_coming_back_is_churn_unless_reactivation_counts() {
    let inputs = Inputs {
        ledger: Some(ledger(
            "account,month,arr\na,2026-06,100\na,2026-08,100\na,2026-09,100\nb,2026-06,100\nb,2026-07,100\nb,2026-08,100\nb,2026-09,100\n",
        )),
        ..Inputs::default()
    };
    let off = run(&inputs, "2026-Q3", false);
    assert!(close(value(&off.overall, MetricId::LogoRetention), 50.0));
    assert!(close(value(&off.overall, MetricId::Nrr), 50.0));
    let on = run(&inputs, "2026-Q3", true);
    assert!(close(value(&on.overall, MetricId::LogoRetention), 100.0));
    assert!(close(value(&on.overall, MetricId::Nrr), 100.0));
}

/// GRR never exceeds 100%, NRR is never below GRR, and the waterfall always
/// adds up, on thousands of random ledgers.
#[test]
fn grr_is_never_above_one_hundred_percent() {
    let mut rng = crate::health::demo::Rng::for_account(29, 0);
    for _ in 0..300 {
        let mut csv = String::from("account,month,arr\n");
        for a in 0..12 {
            for m in 1..=8 {
                if rng.unit() < 0.7 {
                    let arr = (rng.unit() * 1000.0).round();
                    csv.push_str(&format!("a{a},2026-{m:02},{arr}\n"));
                }
            }
        }
        csv.push_str("z,2026-01,1\nz,2026-08,1\n");
        let inputs = Inputs {
            ledger: Some(ledger(&csv)),
            ..Inputs::default()
        };
        for reactivation in [false, true] {
            let r = run(&inputs, "2026-Q2", reactivation);
            let (Some(Outcome::Value(grr)), Some(Outcome::Value(nrr))) =
                (r.overall.get(MetricId::Grr), r.overall.get(MetricId::Nrr))
            else {
                continue;
            };
            assert!(grr.value <= 100.0 + 1e-9, "{csv}");
            assert!(nrr.value >= grr.value - 1e-9, "{csv}");
            let w = r.overall.waterfall.unwrap_or_default();
            let flows = w.opening + w.new.arr + w.expansion.arr + w.reactivation.arr
                - w.contraction.arr
                - w.churn.arr;
            assert!((flows - w.closing).abs() < 1e-6, "{csv}");
        }
    }
}

#[test]
fn nps_counts_each_respondents_latest_answer_in_the_period() {
    // x answered 3 then 10 (latest counts: promoter); y 9 (promoter); z 6
    // (detractor); w 8 (passive); v answered 0 before the period (left out).
    let s = surveys(
        "account,respondent,date,score,csat\na,x,2026-07-01,3,bad\na,x,2026-08-15,10,good\na,y,2026-09-30,9,5\nb,z,2026-07-02,6,2\nb,w,2026-08-01,8,\nb,v,2026-06-30,0,good\n",
    );
    let inputs = Inputs {
        surveys: Some(s),
        ..Inputs::default()
    };
    let r = run(&inputs, "2026-Q3", false);
    // (2 − 1) / 4 = +25.
    assert!(close(value(&r.overall, MetricId::Nps), 25.0));
    // CSAT counts every rating in the period: good, 5 good; bad, 2 bad: 2 of 4.
    assert!(close(value(&r.overall, MetricId::Csat), 50.0));
    let Some(Outcome::Value(v)) = r.overall.get(MetricId::Nps) else {
        panic!("no NPS")
    };
    assert_eq!(v.n, 4);
    assert!(v.small_sample());
    assert_eq!(
        v.basis,
        "the latest answer of each of 4 respondents: 2 promoters (9–10), 1 passive, 1 detractor (0–6)"
    );
}

#[test]
fn time_to_value_is_a_kaplan_meier_median_with_the_waiting_censored() {
    // Started in Q3: 10, 20 and 40 days to value; two still waiting on
    // 2026-10-31 (the latest date in the file) after 91 and 92 days.
    // S: at 10, 4/5; at 20, 3/5; at 40, 2/5 → median 40 days.
    let m = milestones(
        "account,start,first_value\na,2026-07-01,2026-07-11\nb,2026-07-01,2026-07-21\nc,2026-07-01,2026-08-10\nd,2026-08-01,\ne,2026-07-31,\nf,2026-01-01,2026-10-31\n",
    );
    let inputs = Inputs {
        milestones: Some(m),
        ..Inputs::default()
    };
    let r = run(&inputs, "2026-Q3", false);
    assert!(close(value(&r.overall, MetricId::TimeToValue), 40.0));
    assert_eq!(r.as_of.map(|d| d.to_string()), Some("2026-10-31".into()));
    // Dropping the two waiting would give the median of 10, 20, 40: 20 days.
    let short = run(&inputs, "2026-08", false);
    assert_eq!(
        why(&short.overall, MetricId::TimeToValue),
        "median not reached: fewer than half reached first value by 2026-10-31, so it is more than 91 days (1 onboarding that started in 2026-08: 0 reached first value, 1 still waiting on 2026-10-31, censored, not dropped)"
    );
}

const SEGMENTED: &str = "account,month,arr,segment,product
a,2026-06,1200,smb,core
a,2026-07,1200,smb,core
a,2026-07,1200,smb,services
b,2026-06,2400,smb,core
b,2026-07,2400,smb,core
c,2026-06,12000,ent,core
c,2026-07,12000,ent,core
";

/// July: 3 accounts (2 smb, 1 ent), ARR 16,800 (a 2,400 with services).
/// Costs 1,400 for July: 300 for smb, 600 for ent, 500 shared.
#[test]
fn cost_to_serve_per_account_and_per_arr_dollar() {
    let inputs = Inputs {
        ledger: Some(ledger(SEGMENTED)),
        costs: Some(costs(
            "period,segment,amount\n2026-07,smb,300\n2026-07,ent,600\n2026-Q3,,1500\n",
        )),
        ..Inputs::default()
    };
    let r = run(&inputs, "2026-07", false);
    // The quarter's shared 1,500 puts 500 in July: 1,400 over 3 accounts.
    assert!(close(
        value(&r.overall, MetricId::CostPerAccount),
        1400.0 / 3.0
    ));
    // Revenue in July: 16,800 / 12 = 1,400; cost per ARR dollar 1,400 / 1,400 = 1.
    assert!(close(value(&r.overall, MetricId::CostPerArrDollar), 1.0));
    // smb: 300 + 500 × 2/3 over 2 accounts; ent: 600 + 500 / 3 over 1.
    let ent = &r.segments[0];
    let smb = &r.segments[1];
    assert!(close(
        value(smb, MetricId::CostPerAccount),
        (300.0 + 1000.0 / 3.0) / 2.0
    ));
    assert!(close(
        value(ent, MetricId::CostPerAccount),
        600.0 + 500.0 / 3.0
    ));
    // Attachment: a holds core and services: 1 of 3; smb 1 of 2.
    assert!(close(
        value(&r.overall, MetricId::AttachmentRate),
        100.0 / 3.0
    ));
    assert!(close(value(smb, MetricId::AttachmentRate), 50.0));
    assert_eq!(
        r.products
            .iter()
            .map(|p| (p.product.as_str(), p.accounts))
            .collect::<Vec<_>>(),
        [("core", 3), ("services", 1)]
    );
    // A quarter with costs for July only is not computable.
    let july_only = Inputs {
        costs: Some(costs("period,segment,amount\n2026-07,smb,300\n")),
        ..inputs
    };
    let q = run(&july_only, "2026-Q3", false);
    assert_eq!(
        why(&q.overall, MetricId::CostPerAccount),
        "costs.csv has no cost for 2026-08, 2026-09 of 2026-Q3: a cost to serve from part of the period would understate it"
    );
}

/// LTV = (ARPA − yearly cost to serve) / annual churn. Q3: 4 accounts of
/// 1,200 at the end of June; one leaves in August. Churn 25% a quarter,
/// annual 1 − 0.75⁴ = 68.359375%. ARPA: (4 + 3 + 3) account-months of 1,200
/// over 10 = 1,200. Costs 300 in the quarter over 10/3 accounts = 90 a
/// quarter, 360 a year. LTV = (1,200 − 360) / 0.68359375.
#[test]
fn lifetime_value_by_hand_and_undetermined_without_churn() {
    let mut csv = String::from("account,month,arr\n");
    for a in 0..4 {
        for m in 6..=9 {
            if !(a == 0 && m >= 8) {
                csv.push_str(&format!("a{a},2026-{m:02},1200\n"));
            }
        }
    }
    let mut inputs = Inputs {
        ledger: Some(ledger(&csv)),
        costs: Some(costs("period,amount\n2026-Q3,300\n")),
        ..Inputs::default()
    };
    let r = run(&inputs, "2026-Q3", false);
    assert!(close(value(&r.overall, MetricId::Arpa), 1200.0));
    assert!(close(value(&r.overall, MetricId::CostPerAccount), 90.0));
    assert!(close(
        value(&r.overall, MetricId::Ltv),
        840.0 / 0.683_593_75
    ));
    inputs.costs = None;
    let revenue_only = run(&inputs, "2026-Q3", false);
    assert!(close(
        value(&revenue_only.overall, MetricId::Ltv),
        1200.0 / 0.683_593_75
    ));
    // July alone: nobody left, so LTV has no finite value.
    let july = run(&inputs, "2026-07", false);
    assert_eq!(
        july.overall.get(MetricId::Ltv).map(Outcome::status),
        Some("undetermined")
    );
    assert_eq!(
        why(&july.overall, MetricId::Ltv),
        "no account of the 4 accounts at the start of 2026-07 churned in it: with zero churn, ARPA ÷ churn has no finite value; a longer period (a year) may measure some churn"
    );
}

#[test]
fn a_metric_without_its_input_says_which_input() {
    let r = run(&Inputs::default(), "2026-Q3", false);
    assert_eq!(
        why(&r.overall, MetricId::Nrr),
        "no ledger given (--ledger FILE: account, month, arr)"
    );
    assert_eq!(
        why(&r.overall, MetricId::Nps),
        "no surveys given (--surveys FILE: account, date, score or csat)"
    );
    assert_eq!(
        why(&r.overall, MetricId::TimeToValue),
        "no milestones given (--milestones FILE: account, start, first_value)"
    );
    assert_eq!(
        why(&r.overall, MetricId::CostPerAccount),
        "no costs given (--costs FILE: period, segment, amount)"
    );
    assert!(r.overall.get(MetricId::Nrr).map(Outcome::status) == Some("missing_input"));
    let inputs = Inputs {
        ledger: Some(ledger(COHORT)),
        ..Inputs::default()
    };
    let early = run(&inputs, "2026-Q2", false);
    assert_eq!(
        why(&early.overall, MetricId::Nrr),
        "ledger.csv starts in 2026-04; 2026-Q2 needs the ARR at the end of 2026-03 (the month before it)"
    );
    let late = run(&inputs, "2026-Q4", false);
    assert_eq!(
        why(&late.overall, MetricId::Nrr),
        "ledger.csv ends in 2026-09, before 2026-Q4"
    );
    assert_eq!(
        why(&late.overall, MetricId::AttachmentRate),
        "ledger.csv has no product column, so it does not say who holds what"
    );
}

#[test]
fn the_default_period_is_the_latest_whole_quarter() {
    let mut inputs = Inputs {
        ledger: Some(ledger("account,month,arr\na,2026-05,1\na,2026-11,1\n")),
        ..Inputs::default()
    };
    let p = default_period(&inputs).map(|(p, why)| (p.to_string(), why));
    assert_eq!(
        p,
        Some((
            "2026-Q3".into(),
            "the latest whole quarter in the ledger".into()
        ))
    );
    inputs.ledger = Some(ledger("account,month,arr\na,2026-05,1\na,2026-06,1\n"));
    assert_eq!(
        default_period(&inputs).map(|(p, _)| p.to_string()),
        Some("2026-06".into())
    );
    inputs.ledger = None;
    inputs.surveys = Some(surveys("account,date,score\na,2026-02-03,9\n"));
    assert_eq!(
        default_period(&inputs).map(|(p, _)| p.to_string()),
        Some("2026-Q1".into())
    );
    assert_eq!(default_period(&Inputs::default()), None);
}
