//! Account health scoring (seed 003's playbook): a model file of weighted,
//! normalised signals and tiers, run over accounts CSV snapshots.

pub mod calibrate;
pub mod demo;
pub mod fit;
pub mod fold;
pub mod load;
pub mod model;
pub mod movement;
pub mod plays;
pub mod rows;
pub mod score;
pub mod source;
pub mod sql;
pub mod stream;
pub mod summary;
pub mod validate;
pub mod write;
