//! cs-scorecard: measure the maturity of a Customer Success program against
//! published frameworks.
//!
//! Data flows one way, through layers that each use only those below them
//! (docs/architecture.md draws them): utilities ([`text`], [`date`],
//! [`diagnostic`], [`span`], [`fsio`], [`error`]); the model ([`framework::model`]); loading and
//! validation ([`framework`], [`answers`], [`plan::load`]); pure computations ([`scoring`],
//! [`compare`], [`examples`], [`plan::track`]); reports ([`report`]) and the interview
//! ([`interview`]); commands ([`cli`], [`commands`]).
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
pub mod benchmark;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod date;
pub mod diagnostic;
pub mod error;
pub mod examples;
pub mod framework;
pub mod fsio;
pub mod health;
pub mod interview;
pub mod metrics;
pub mod plan;
pub mod report;
pub mod scoring;
pub mod span;
pub mod team;
pub mod text;
pub mod trend;

pub use error::Error;
