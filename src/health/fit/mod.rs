//! `health fit`: a health model's weights, points and cut-offs learned from
//! renewals, as a penalised, monotone, piecewise-linear logistic model that
//! converts exactly into the model format (docs/health.md, `health fit`).

pub mod checks;
pub mod convert;
pub mod cv;
pub mod design;
pub mod evaluate;
pub mod learn;
pub mod logistic;
pub mod readable;
pub mod sample;
