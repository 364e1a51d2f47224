//! Plans: the roadmap of one assessment written as steps with an owner and a
//! due quarter (`plan`), and how far a later assessment has carried them out
//! (`compare --plan`, `trend --plan`). The file format is docs/plan-format.md.

pub mod load;
pub mod model;
pub mod track;

pub use model::{Baseline, Plan, PlanStep, Quarter};
