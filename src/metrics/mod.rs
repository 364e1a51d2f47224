//! The key customer success metrics (seed 004's nine: NRR, GRR, retention,
//! NPS, CSAT, time to value, cost to serve, lifetime value, attachment rate)
//! computed from an ARR ledger, survey responses, onboarding milestones and
//! costs. Formulas and their sources: docs/metrics.md.

pub mod check;
pub mod compute;
pub mod demo;
pub mod load;
pub mod model;
pub mod stats;
