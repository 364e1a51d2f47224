//! What the data says about a signal before any fitting: whether renewals rise
//! the way the model declares (`better`, or a category map's order). A fit
//! never flips a direction: a signal whose data runs against it is held at
//! weight 0 by the fit's bounds, and this check says so, with the evidence.

use super::design::{Column, Kind};
use crate::health::calibrate::{self, Auc};

/// The AUC of a signal's raw values as a predictor of renewal *in its declared
/// direction* (higher values renew more; lower, when lower is better; for
/// categories, the levels in the hand model's order), over `accounts` whose
/// cell has a value. Below 0.5 the data runs against the declared direction.
pub fn direction(column: &Column, renewed: &[bool], accounts: &[usize]) -> Option<Auc> {
    let sign = match column.kind {
        Kind::Curve { lower: true } => -1.0,
        _ => 1.0,
    };
    let mut pairs: Vec<(f64, bool)> = accounts
        .iter()
        .filter(|&&a| !column.values[a].is_nan())
        .map(|&a| (sign * column.values[a], renewed[a]))
        .collect();
    calibrate::auc(&mut pairs)
}

/// Whether the data runs against the declared direction beyond chance: the whole
/// 95% interval of [`direction`]'s AUC lies below 0.5.
pub fn runs_against(auc: &Auc) -> bool {
    auc.high < 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_whose_renewals_fall_as_it_rises_runs_against_higher() {
        // Renewed at 1, 2, 3; churned at 4, 5, 6 (and one empty cell): declared higher, AUC 0.
        let c = Column {
            kind: Kind::Curve { lower: false },
            values: vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, f64::NAN],
        };
        let renewed = [true, true, true, false, false, false, true];
        let all: Vec<usize> = (0..7).collect();
        let a = direction(&c, &renewed, &all).unwrap_or_else(|| panic!("two classes"));
        assert_eq!((a.auc, a.renewed, a.churned), (0.0, 3, 3));
        // With A = 0 the Hanley–McNeil standard error is 0: the interval is [0, 0].
        assert!(runs_against(&a));
        // Declared lower, the same data agrees: AUC 1.
        let lower = Column {
            kind: Kind::Curve { lower: true },
            ..c
        };
        let a = direction(&lower, &renewed, &all).unwrap_or_else(|| panic!("two classes"));
        assert_eq!(a.auc, 1.0);
        assert!(!runs_against(&a));
    }
}
