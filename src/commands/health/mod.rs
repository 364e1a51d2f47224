//! `health`: score accounts with a health model, track movement, make demo
//! data, compile to SQL, calibrate against renewals, measure plays. Wiring only: the row
//! reader and the pipeline are in `health::{rows, stream}`, the folds in
//! `health::{fold, summary, movement, calibrate}`, the reports in `report`.

mod calibrate;
mod demo;
mod dispatch;
mod fit;
mod movement;
mod plays;
mod scan;
mod score;
mod sql;

pub use dispatch::run;
