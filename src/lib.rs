//! cs-scorecard: measure the maturity of a Customer Success program against
//! published frameworks.
//!
//! Data flows one way: framework and answers files are loaded and validated
//! ([`framework`], [`answers`]), scored by a pure function ([`scoring`]), and
//! written in one of several formats ([`report`]). The interview ([`interview`])
//! produces answers through a prompt trait so its logic is testable without a terminal.
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod answers;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod diagnostic;
pub mod error;
pub mod framework;
pub mod fsio;
pub mod health;
pub mod interview;
pub mod report;
pub mod scoring;

pub use error::Error;

/// A number as people write it: no trailing `.0`, at most two decimals.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A number written without losing precision (for files the tool writes).
pub fn fmt_num_exact(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(fmt_num(30.0), "30");
        assert_eq!(fmt_num(62.5), "62.5");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num_exact(112.5), "112.5");
    }
}
