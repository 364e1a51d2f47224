//! A synthetic, clearly labelled data set for trying `metrics`: an ARR ledger
//! by product and segment from January 2025 to October 2026, survey
//! responses (NPS and CSAT), onboarding milestones and costs to serve. One
//! hidden health per account drives its churn, expansion, scores and time to
//! value, so the metrics relate as they would in a real book of business.
//!
//! Pure and deterministic: the same accounts and seed always give the same
//! files (the generator is `health::demo::Rng`, one stream per account).

use std::fmt::Write as _;

use super::model::{Date, Month};

/// The day `n` days after `d`.
fn after(d: Date, n: f64) -> Date {
    Date::from_days((d.days() + n.max(0.0) as i64).max(0) as u64)
}
use crate::health::demo::Rng;

/// The first month of the ledger.
pub const FIRST: (u32, u32) = (2025, 1);
/// The last month of the ledger (the health demo's current snapshot month).
pub const LAST: (u32, u32) = (2026, 10);

/// The files of a demo data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFiles {
    /// `ledger.csv`: account, month, segment, product, arr.
    pub ledger: String,
    /// `surveys.csv`: account, respondent, date, score, csat.
    pub surveys: String,
    /// `milestones.csv`: account, start, first_value.
    pub milestones: String,
    /// `costs.csv`: period, segment, amount.
    pub costs: String,
    /// `README.txt`: what the files are.
    pub readme: String,
}

const SEGMENTS: [&str; 3] = ["smb", "mid-market", "enterprise"];
const PRODUCTS: [&str; 3] = ["platform", "analytics", "services"];
/// Add-ons' ARR as a share of the platform's.
const ADD_ON_SHARE: [f64; 3] = [1.0, 0.2, 0.15];
/// Monthly churn hazard of an average account, by segment.
const CHURN: [f64; 3] = [0.022, 0.011, 0.005];
/// Yearly cost to serve an account, by segment (CSM time, support).
const SERVE: [f64; 3] = [900.0, 4_800.0, 21_000.0];
/// Median days to first value, by segment.
const TTV: [f64; 3] = [25.0, 50.0, 95.0];

fn months() -> u32 {
    Month::new(LAST.0, LAST.1).0 - Month::new(FIRST.0, FIRST.1).0 + 1
}

fn account_id(i: u64, width: usize) -> String {
    format!("acct-{:0width$}", i + 1)
}

/// One account's simulated history.
struct History {
    segment: usize,
    /// ARR by product, per month (index from FIRST).
    arr: Vec<[f64; 3]>,
    health: f64,
    start: Option<Date>,
    ttv_days: f64,
}

fn simulate(seed: u64, i: u64) -> History {
    let mut r = Rng::for_account(seed ^ 0x006d_6574_7269_6373, i);
    let u = r.unit();
    let segment = if u < 0.6 {
        0
    } else if u < 0.9 {
        1
    } else {
        2
    };
    let health = r.normal();
    let n = months() as usize;
    // A third are customers before the ledger starts; the rest join over it.
    let joins = if r.unit() < 0.35 {
        0
    } else {
        1 + (r.unit() * (n - 1) as f64) as usize
    };
    let median = [8_000.0, 45_000.0, 250_000.0][segment];
    let mut platform = (median * (0.6 * r.normal()).exp() / 100.0).round() * 100.0;
    let mut held = [true, r.unit() < 0.15, r.unit() < 0.1];
    let hazard = CHURN[segment] * (-0.8 * health).exp();
    let mut active = true;
    let mut arr = vec![[0.0; 3]; n];
    for (m, slot) in arr.iter_mut().enumerate().skip(joins) {
        if active {
            if m > joins && r.unit() < hazard {
                active = false;
            } else {
                let grow = 0.02 + 0.015 * health;
                let shrink = 0.012 - 0.006 * health;
                let u = r.unit();
                if u < grow.max(0.002) {
                    let pick = r.unit();
                    if !held[1] && pick < 0.35 {
                        held[1] = true;
                    } else if !held[2] && pick < 0.55 {
                        held[2] = true;
                    } else {
                        platform = (platform * (1.1 + 0.3 * r.unit()) / 100.0).round() * 100.0;
                    }
                } else if u < grow.max(0.002) + shrink.max(0.002) {
                    if held[1] && r.unit() < 0.4 {
                        held[1] = false;
                    } else {
                        platform = (platform * (0.9 - 0.2 * r.unit()) / 100.0).round() * 100.0;
                    }
                }
            }
        } else if r.unit() < 0.03 {
            active = true;
        }
        if active {
            for p in 0..3 {
                if held[p] {
                    slot[p] = (platform * ADD_ON_SHARE[p]).round();
                }
            }
        }
    }
    let first = Month::new(FIRST.0, FIRST.1);
    let start = (joins > 0).then(|| {
        let m = first.plus(joins as u32);
        after(m.first_day(), r.unit() * 27.0)
    });
    let ttv_days = TTV[segment] * (0.5 * r.normal() - 0.3 * health).exp();
    History {
        segment,
        arr,
        health,
        start,
        ttv_days,
    }
}

/// The demo data set of `accounts` accounts for `seed`.
pub fn demo(accounts: u64, seed: u64) -> DemoFiles {
    let width = accounts.to_string().len().max(4);
    let first = Month::new(FIRST.0, FIRST.1);
    let last = Month::new(LAST.0, LAST.1);
    let as_of = last.last_day();
    let n = months() as usize;
    let mut ledger = String::from("account,month,segment,product,arr\n");
    let mut surveys = String::from("account,respondent,date,score,csat\n");
    let mut milestones = String::from("account,start,first_value\n");
    // Account-months with ARR, by month and segment, for the costs.
    let mut active = vec![[0usize; 3]; n];
    for i in 0..accounts {
        let h = simulate(seed, i);
        let id = account_id(i, width);
        let seg = SEGMENTS[h.segment];
        let mut r = Rng::for_account(seed ^ 0x7375_7276_6579, i);
        for (m, arr) in h.arr.iter().enumerate() {
            let month = first.plus(m as u32);
            let total: f64 = arr.iter().sum();
            if total <= 0.0 {
                continue;
            }
            active[m][h.segment] += 1;
            for (p, x) in arr.iter().enumerate() {
                if *x > 0.0 {
                    let _ = writeln!(ledger, "{id},{month},{seg},{},{x}", PRODUCTS[p]);
                }
            }
            // Survey answers from the second half of 2025 on.
            if month < Month::new(2025, 7) {
                continue;
            }
            let day = |r: &mut Rng| after(month.first_day(), r.unit() * 27.0);
            if month.number() % 3 == 0 {
                let people = 1 + (r.unit() * [1.5, 2.5, 3.5][h.segment]) as usize;
                for p in 1..=people {
                    if r.unit() < 0.45 {
                        let score = (8.0 + 1.7 * h.health + 1.5 * r.normal())
                            .round()
                            .clamp(0.0, 10.0) as u8;
                        let _ = writeln!(
                            surveys,
                            "{id},contact-{p}@{id}.example,{},{score},",
                            day(&mut r)
                        );
                    }
                }
            }
            if r.unit() < 0.35 {
                let rating = (4.1 + 0.7 * h.health + 0.8 * r.normal())
                    .round()
                    .clamp(1.0, 5.0) as u8;
                let _ = writeln!(surveys, "{id},,{},,{rating}", day(&mut r));
            }
        }
        if let Some(start) = h.start {
            let reached = after(start, h.ttv_days.round());
            let value = if reached <= as_of {
                reached.to_string()
            } else {
                String::new()
            };
            let _ = writeln!(milestones, "{id},{start},{value}");
        }
    }
    let mut costs = String::from("period,segment,amount\n");
    for (m, counts) in active.iter().enumerate() {
        let month = first.plus(m as u32);
        for (s, count) in counts.iter().enumerate() {
            let amount = (*count as f64 * SERVE[s] / 12.0 / 10.0).round() * 10.0;
            let _ = writeln!(costs, "{month},{},{amount}", SEGMENTS[s]);
        }
    }
    // Shared costs (tooling, CS operations): a yearly amount each year.
    let shared = (accounts as f64 * 150.0 / 100.0).round() * 100.0;
    let _ = writeln!(costs, "2025,,{shared}");
    let _ = writeln!(costs, "2026,,{shared}");
    DemoFiles {
        ledger,
        surveys,
        milestones,
        costs,
        readme: readme(accounts, seed),
    }
}

/// The README written beside the files.
pub fn readme(accounts: u64, seed: u64) -> String {
    format!(
        "SYNTHETIC DATA generated by `cs-scorecard metrics demo --accounts {accounts} --seed {seed}`.\n\
These accounts are invented. No row describes a real customer.\n\n\
ledger.csv      ARR at the end of each month, {}-{:02} to {}-{:02}, by account, segment and\n                product (platform, and the analytics and services add-ons)\n\
surveys.csv     NPS answers (score 0-10, quarterly, several contacts per account) and\n                CSAT ratings (1-5, after support tickets)\n\
milestones.csv  contract start and first value date of accounts that joined in the\n                ledger's months (empty while not reached)\n\
costs.csv       monthly costs to serve per segment, and a yearly shared cost\n\n\
Each account has a hidden health that drives its churn, expansion, survey answers and time\n\
to value. Try:\n  cs-scorecard metrics --ledger ledger.csv --surveys surveys.csv --milestones milestones.csv --costs costs.csv\n\
  cs-scorecard metrics --ledger ledger.csv --period 2026 --output metrics.html\n",
        FIRST.0, FIRST.1, LAST.0, LAST.1
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::compute::{Chosen, MetricId, Options, compute, default_period};
    use crate::metrics::load::{parse_costs, parse_ledger, parse_milestones, parse_surveys};
    use crate::metrics::model::Inputs;

    #[test]
    fn the_same_seed_gives_the_same_files() {
        assert_eq!(demo(50, 7), demo(50, 7));
        assert_ne!(demo(50, 7).ledger, demo(50, 8).ledger);
        assert!(
            demo(3, 1)
                .ledger
                .starts_with("account,month,segment,product,arr\nacct-0001,")
        );
    }

    #[test]
    fn every_file_reads_back_and_every_metric_is_computed() {
        // Enough accounts for the rare draws (a score rounding to -0 once broke it).
        let f = demo(3000, 1);
        let inputs = Inputs {
            ledger: parse_ledger("ledger.csv", &f.ledger, None)
                .ok()
                .map(|l| l.data),
            surveys: parse_surveys("surveys.csv", &f.surveys, None)
                .ok()
                .map(|l| l.data),
            milestones: parse_milestones("milestones.csv", &f.milestones, None)
                .ok()
                .map(|l| l.data),
            costs: parse_costs("costs.csv", &f.costs, None)
                .ok()
                .map(|l| l.data),
        };
        assert!(inputs.ledger.is_some() && inputs.surveys.is_some());
        assert!(inputs.milestones.is_some() && inputs.costs.is_some());
        let (period, _) = default_period(&inputs).unwrap_or_else(|| panic!("no period"));
        assert_eq!(period.to_string(), "2026-Q3");
        let r = compute(
            &inputs,
            &Options {
                period,
                chosen: Chosen::Given,
                count_reactivation: false,
            },
        );
        for m in &r.overall.metrics {
            assert!(m.outcome.value().is_some(), "{:?}: {:?}", m.id, m.outcome);
        }
        let nrr = r
            .overall
            .get(MetricId::Nrr)
            .and_then(|o| o.value())
            .map_or(0.0, |v| v.value);
        assert!((90.0..115.0).contains(&nrr), "{nrr}");
        assert_eq!(r.segments.len(), 3);
    }
}
