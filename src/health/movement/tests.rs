//! Movement checked against values worked by hand.

use super::*;

fn mv(account: &str, from: usize, to: usize, arr: f64, a: f64, b: f64) -> Move {
    Move {
        kind: if from == to {
            Kind::LargeDrop
        } else {
            Kind::TierChange
        },
        account: account.into(),
        segment: String::new(),
        arr: Some(arr),
        from: Some(from),
        to: Some(to),
        by_score: None,
        from_score: Some(a),
        to_score: Some(b),
        changes: Vec::new(),
        rounding: 0.0,
        peers_only: false,
        overrides: Vec::new(),
        kept_out: None,
    }
}

#[test]
fn downward_moves_come_first_biggest_drop_then_arr_then_large_drops() {
    let mut v = [
        mv("drop", 2, 2, 10.0, 79.0, 70.5),
        mv("up", 0, 2, 900.0, 40.0, 75.0),
        mv("down-small-arr", 2, 1, 10.0, 72.0, 60.0),
        mv("down-two", 3, 1, 5.0, 85.0, 55.0),
        mv("down-big-arr", 2, 1, 500.0, 71.0, 69.0),
    ];
    v.sort_by(order);
    let ids: Vec<&str> = v.iter().map(|m| m.account.as_str()).collect();
    assert_eq!(
        ids,
        ["down-two", "down-big-arr", "down-small-arr", "up", "drop"]
    );
    assert!(v[0].is_down() && !v[3].is_down());
    assert_eq!(v[0].delta(), Some(-30.0));
}

/// A move into or out of insufficient data is a data gap: listed after every
/// real tier change (up ones too), before the large drops, however big the ARR.
#[test]
fn moves_into_or_out_of_insufficient_data_come_after_the_tier_changes() {
    let mut lost = mv("lost-data", 3, 3, 1e6, 90.0, 91.0);
    lost.kind = Kind::TierChange;
    lost.to = None;
    let mut back = mv("data-back", 0, 0, 1e6, 40.0, 45.0);
    back.kind = Kind::TierChange;
    back.from = None;
    let mut v = [
        back,
        lost,
        mv("drop", 2, 2, 10.0, 79.0, 70.5),
        mv("up", 0, 2, 900.0, 40.0, 75.0),
        mv("down", 2, 1, 10.0, 72.0, 60.0),
    ];
    v.sort_by(order);
    let ids: Vec<&str> = v.iter().map(|m| m.account.as_str()).collect();
    assert_eq!(ids, ["down", "up", "lost-data", "data-back", "drop"]);
    assert!(v[2].data_gap() && v[3].data_gap());
    assert!(!v[0].data_gap() && !v[4].data_gap());
}

fn change(signal: usize, from: f64, to: f64) -> SignalChange {
    SignalChange {
        signal,
        from,
        to,
        value_from: 0.0,
        value_to: 0.0,
        cause: Cause::Value,
    }
}

#[test]
fn moved_signals_are_the_largest_changes_in_the_direction_of_the_move() {
    let mut m = mv("a", 2, 1, 1.0, 44.0, 34.0);
    m.changes = vec![
        change(0, 10.0, 4.0),
        change(1, 20.0, 21.0),
        change(2, 5.0, 1.0),
        change(3, 8.0, 7.0),
    ];
    assert_eq!(m.moved(), vec![(0, -6.0), (2, -4.0), (3, -1.0)]);
    m.to = Some(3);
    assert_eq!(m.moved(), vec![(1, 1.0)]);
}
