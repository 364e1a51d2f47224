//! The report of `health movement`: the accounts that changed tier
//! (downward first), dropped sharply within their tier, or are new or gone,
//! each with what moved (the value before and now, and whether the change
//! came from the account or from its peers) and, for a tier change, the new
//! tier's SLA and play; as a table, CSV, JSON lines and an HTML page. Pure.
//! The table and the page read one [`View`]; JSON comes from view structs
//! (docs/health.md documents the fields).

use comfy_table::{Cell, CellAlignment, Color, Table};
use serde::Serialize;

use super::common::{self, ReportOptions, cell_text, new_table};
use super::health::{bounds, count, counted, csv_bytes, csv_writer, money, num, safe};
use crate::health::model::{Normalisation, ValidModel};
use crate::health::movement::{Cause, Kind, MOVED, Move, Movement, SignalChange};
use crate::health::score::round_centi;

const TEMPLATE: &str = include_str!("templates/health_movement.html");

/// How many accounts of each list the table names (the page names four times as many).
pub const MOVES_LISTED: usize = 25;

fn tier_label(model: &ValidModel, t: Option<usize>) -> &str {
    t.map_or("Insufficient data", |t| model.tiers[t].name.as_str())
}

fn tier_id(model: &ValidModel, t: Option<usize>) -> Option<&str> {
    t.map(|t| model.tiers[t].id.as_str())
}

fn signed(x: f64) -> String {
    format!("{}{}", if x > 0.0 { "+" } else { "" }, num(x))
}

/// A signal's cell as a report shows it: the category's text, yes or no, the
/// number; none when empty.
pub fn value_text(model: &ValidModel, signal: usize, v: f64) -> Option<String> {
    if v.is_nan() {
        return None;
    }
    Some(match &model.signals[signal].normalisation {
        Normalisation::Category { map } => map
            .get(v as usize)
            .map_or_else(|| num(v), |(k, _)| k.clone()),
        Normalisation::YesNo { .. } => if v > 0.0 { "yes" } else { "no" }.to_string(),
        _ => num(v),
    })
}

/// "down", "up", or "" (new and gone accounts).
fn direction(m: &Move) -> &'static str {
    match m.kind {
        Kind::TierChange if m.is_down() => "down",
        Kind::TierChange => "up",
        Kind::LargeDrop => "down",
        Kind::New | Kind::Gone => "",
    }
}

/// The SLA and play of the account's tier now (none without one).
fn playbook<'m>(model: &'m ValidModel, m: &Move) -> Option<(&'m str, &'m str)> {
    m.to.map(|t| model.playbook(t, &m.overrides))
}

/// The moved signals' changes, rounded, and the rest of the score's change, so
/// that the columns add up to `score_delta`.
fn moved_and_rest(m: &Move) -> (Vec<(usize, f64)>, Option<f64>) {
    let moved: Vec<(usize, f64)> = m
        .moved()
        .into_iter()
        .map(|(i, x)| (i, round_centi(x)))
        .collect();
    let rest = m
        .delta()
        .map(|d| round_centi(d - moved.iter().map(|x| x.1).sum::<f64>()));
    (moved, rest)
}

fn change_of(m: &Move, signal: usize) -> Option<&SignalChange> {
    m.changes.iter().find(|c| c.signal == signal)
}

/// The per-account CSV of `health movement`.
pub fn csv(model: &ValidModel, mv: &Movement) -> Vec<u8> {
    let mut w = csv_writer();
    let mut header: Vec<String> = [
        "account",
        "segment",
        "arr",
        "direction",
        "from_tier",
        "to_tier",
        "from_score",
        "to_score",
        "score_delta",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for d in 1..=MOVED {
        header.push(format!("moved_{d}"));
        header.push(format!("moved_{d}_points"));
    }
    header.extend(["kind", "sla", "play"].map(String::from));
    for d in 1..=MOVED {
        header.push(format!("moved_{d}_from"));
        header.push(format!("moved_{d}_to"));
        header.push(format!("moved_{d}_cause"));
    }
    header.extend(
        [
            "other_points",
            "held_by_hysteresis",
            "kept_out_of",
            "kept_out_by",
        ]
        .map(String::from),
    );
    let _ = w.write_record(&header);
    let opt = |x: Option<f64>| x.map_or_else(String::new, num);
    for m in &mv.moves {
        let (moved, rest) = moved_and_rest(m);
        let mut row: Vec<String> = vec![
            safe(&m.account).into_owned(),
            safe(&m.segment).into_owned(),
            opt(m.arr),
            direction(m).into(),
            safe(tier_id(model, m.from).unwrap_or("")).into_owned(),
            safe(tier_id(model, m.to).unwrap_or("")).into_owned(),
            opt(m.from_score),
            opt(m.to_score),
            opt(m.delta()),
        ];
        for d in 0..MOVED {
            match moved.get(d) {
                Some((i, x)) => {
                    row.push(safe(&model.signals[*i].id).into_owned());
                    row.push(num(*x));
                }
                None => row.extend([String::new(), String::new()]),
            }
        }
        let (sla, play) = playbook(model, m).unwrap_or(("", ""));
        row.extend([
            m.kind.name().to_string(),
            safe(sla).into_owned(),
            safe(play).into_owned(),
        ]);
        for d in 0..MOVED {
            match moved.get(d).and_then(|(i, _)| change_of(m, *i)) {
                Some(c) => {
                    for v in [c.value_from, c.value_to] {
                        row.push(
                            safe(&value_text(model, c.signal, v).unwrap_or_default()).into_owned(),
                        );
                    }
                    row.push(c.cause.name().into());
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        row.push(opt(rest));
        row.push(safe(tier_id(model, m.by_score).unwrap_or("")).into_owned());
        match &m.kept_out {
            Some((t, by)) => {
                row.push(safe(&model.tiers[*t].id).into_owned());
                row.push(
                    by.iter()
                        .map(|&c| {
                            model.signals[model.tiers[*t].conditions[c].signal]
                                .id
                                .as_str()
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
            None => row.extend([String::new(), String::new()]),
        }
        let _ = w.write_record(&row);
    }
    csv_bytes(w)
}

/// A moved signal in JSON.
#[derive(Debug, Serialize)]
pub struct MovedJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// Change in the points it adds to the score (hundredths).
    pub points: f64,
}

/// A signal's change in JSON: every signal whose value or points changed.
#[derive(Debug, Serialize)]
pub struct ChangeJson<'a> {
    /// Signal id.
    pub signal: &'a str,
    /// Change in the points it adds to the score (unrounded; with `rounding`, these add up to `score_delta`).
    pub points: f64,
    /// The points it added before.
    pub from_points: f64,
    /// The points it adds now.
    pub to_points: f64,
    /// Its value before (null: no data).
    pub value_from: Option<String>,
    /// Its value now.
    pub value_to: Option<String>,
    /// `value` (the account's cell changed), `peers` (a percentile rank moved with
    /// the segment) or `weights` (other signals' data came or went, or the segment
    /// or plan changed).
    pub cause: &'static str,
}

/// A failed entry condition in movement JSON.
#[derive(Debug, Serialize)]
pub struct KeptOutJson<'a> {
    /// The tier the score reaches.
    pub tier: &'a str,
    /// The signals whose conditions fail.
    pub by: Vec<&'a str>,
}

/// A listed account in JSON.
#[derive(Debug, Serialize)]
pub struct MoveJson<'a> {
    /// Account id.
    pub account: &'a str,
    /// Segment.
    pub segment: &'a str,
    /// ARR (null: no ARR column or cell).
    pub arr: Option<f64>,
    /// "down", "up", or "" for new and gone accounts.
    pub direction: &'static str,
    /// Tier id before (null: insufficient data, or new).
    pub from_tier: Option<&'a str>,
    /// Tier id now (null: insufficient data, or gone).
    pub to_tier: Option<&'a str>,
    /// Score before.
    pub from_score: Option<f64>,
    /// Score now.
    pub to_score: Option<f64>,
    /// Change in score.
    pub score_delta: Option<f64>,
    /// Signals that moved most in the direction of the change.
    pub moved: Vec<MovedJson<'a>>,
    /// `tier-change`, `large-drop`, `new` or `gone`.
    pub kind: &'static str,
    /// The SLA of its tier now.
    pub sla: Option<&'a str>,
    /// The play of its tier now.
    pub play: Option<&'a str>,
    /// Every signal whose value or points changed.
    pub changes: Vec<ChangeJson<'a>>,
    /// The rounding of the two scores to hundredths.
    pub rounding: f64,
    /// Whether the account's own data, segment and plan are unchanged: its score moved with its peers.
    pub peers_only: bool,
    /// The tier its score alone gives now, when the hysteresis margin kept another.
    pub held_by_hysteresis: Option<&'a str>,
    /// The tier its score reaches but an entry condition keeps it out of.
    pub kept_out: Option<KeptOutJson<'a>>,
}

/// The summary line of movement JSON.
#[derive(Debug, Serialize)]
pub struct MovementSummaryJson<'a> {
    /// Model id.
    pub model: &'a str,
    /// Accounts in both snapshots.
    pub matched: u64,
    /// Accounts only in the later snapshot.
    pub new: u64,
    /// Accounts only in the earlier snapshot.
    pub gone: u64,
    /// Accounts that moved down a tier or more.
    pub down: u64,
    /// Accounts that moved up.
    pub up: u64,
    /// Accounts whose score fell by `large_drop` or more within their tier.
    pub large_drops: u64,
    /// The model's large drop, points.
    pub large_drop: f64,
    /// The model's hysteresis margin, points.
    pub hysteresis: f64,
    /// Accounts the margin kept from changing tier.
    pub held_by_hysteresis: u64,
    /// Of `down` and `up`, the moves into or out of insufficient data (a data
    /// gap on one side, not a change of health).
    pub insufficient_data_moves: u64,
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    summary: MovementSummaryJson<'a>,
}

fn changes_json<'a>(model: &'a ValidModel, m: &Move) -> Vec<ChangeJson<'a>> {
    m.changes
        .iter()
        .map(|c| ChangeJson {
            signal: &model.signals[c.signal].id,
            points: c.points(),
            from_points: c.from,
            to_points: c.to,
            value_from: value_text(model, c.signal, c.value_from),
            value_to: value_text(model, c.signal, c.value_to),
            cause: c.cause.name(),
        })
        .collect()
}

/// JSON lines: one per listed account, then `{"summary": ...}`.
pub fn json(model: &ValidModel, mv: &Movement) -> Vec<u8> {
    let mut out = Vec::new();
    for m in &mv.moves {
        let (moved, _) = moved_and_rest(m);
        let pb = playbook(model, m);
        let j = MoveJson {
            account: &m.account,
            segment: &m.segment,
            arr: m.arr,
            direction: direction(m),
            from_tier: tier_id(model, m.from),
            to_tier: tier_id(model, m.to),
            from_score: m.from_score,
            to_score: m.to_score,
            score_delta: m.delta(),
            moved: moved
                .iter()
                .map(|(i, x)| MovedJson {
                    signal: &model.signals[*i].id,
                    points: *x,
                })
                .collect(),
            kind: m.kind.name(),
            sla: pb.map(|p| p.0),
            play: pb.map(|p| p.1),
            changes: changes_json(model, m),
            rounding: m.rounding,
            peers_only: m.peers_only,
            held_by_hysteresis: tier_id(model, m.by_score),
            kept_out: m.kept_out.as_ref().map(|(t, by)| KeptOutJson {
                tier: &model.tiers[*t].id,
                by: by
                    .iter()
                    .map(|&c| {
                        model.signals[model.tiers[*t].conditions[c].signal]
                            .id
                            .as_str()
                    })
                    .collect(),
            }),
        };
        if serde_json::to_writer(&mut out, &j).is_ok() {
            out.push(b'\n');
        }
    }
    let down = mv
        .moves
        .iter()
        .filter(|m| m.kind == Kind::TierChange && m.is_down())
        .count() as u64;
    let line = SummaryLine {
        summary: MovementSummaryJson {
            model: &model.about.id,
            matched: mv.matched,
            new: mv.new,
            gone: mv.gone,
            down,
            up: mv.count(Kind::TierChange) - down,
            large_drops: mv.count(Kind::LargeDrop),
            large_drop: model.tiering.large_drop,
            hysteresis: model.tiering.hysteresis,
            held_by_hysteresis: mv.held,
            insufficient_data_moves: mv.moves.iter().filter(|m| m.data_gap()).count() as u64,
        },
    };
    if serde_json::to_writer(&mut out, &line).is_ok() {
        out.push(b'\n');
    }
    out
}

/// What the table and the page show, worked out once.
#[derive(Debug, Serialize)]
struct View {
    title: String,
    id: String,
    version: String,
    /// "3 accounts in both snapshots (1 new, 1 gone): 1 moved down a tier, 1 up".
    facts: String,
    /// Lines saying how to read the lists (hysteresis, peers, the sums).
    notes: Vec<String>,
    has_arr: bool,
    /// Column names: the tiers, then "Insufficient data" when any account had none.
    tier_names: Vec<String>,
    /// Highest tier first (then insufficient data): the row's name and its counts by tier now.
    matrix: Vec<MatrixRow>,
    lists: Vec<ListView>,
}

#[derive(Debug, Serialize)]
struct MatrixRow {
    name: String,
    /// (count, whether it is a move down).
    cells: Vec<(String, bool)>,
}

#[derive(Debug, Serialize)]
struct ListView {
    title: String,
    /// "Showing 25 of 255".
    shown: String,
    /// Whether the rows have a "what moved" and "do now" column.
    changes: bool,
    rows: Vec<MoveView>,
}

#[derive(Debug, Serialize)]
struct MoveView {
    account: String,
    segment: String,
    arr: String,
    tier: String,
    scores: String,
    moved: String,
    now: String,
}

/// "contract One year → Month-to-month (-6.2)"; "feature-breadth 45, unchanged:
/// its peers moved (-2.99)".
fn moved_text(model: &ValidModel, m: &Move) -> String {
    let (moved, rest) = moved_and_rest(m);
    let mut parts: Vec<String> = moved
        .iter()
        .filter_map(|(i, x)| {
            let c = change_of(m, *i)?;
            let show = |v| value_text(model, c.signal, v).unwrap_or_else(|| "no data".into());
            let what = match c.cause {
                Cause::Value => format!("{} → {}", show(c.value_from), show(c.value_to)),
                Cause::Peers => format!("{}, unchanged: its peers moved", show(c.value_to)),
                Cause::Weights => format!("{}, unchanged: reweighted", show(c.value_to)),
            };
            Some(format!("{} {what} ({})", model.signals[*i].id, signed(*x)))
        })
        .collect();
    if let Some(r) = rest.filter(|r| r.abs() >= 0.005 && !moved.is_empty()) {
        parts.push(format!("other signals and rounding ({})", signed(r)));
    }
    let mut text = parts.join("; ");
    if m.peers_only && m.delta().is_some_and(|d| d != 0.0) {
        text = format!("Its data did not change: its score moved with its peers. {text}");
    }
    text
}

/// "Owner assigned … · Rescue plan …", with what held or kept it.
fn now_text(model: &ValidModel, m: &Move) -> String {
    let mut parts = Vec::new();
    if let Some((sla, play)) = playbook(model, m) {
        parts.push(format!("{sla}. {play}"));
    } else if m.kind != Kind::Gone {
        parts.push(format!(
            "No tier: less than {}% of the weight has data",
            num(model.tiering.coverage_floor)
        ));
    }
    if let Some(b) = m.by_score {
        parts.push(format!(
            "(kept in {} by the hysteresis margin of {} points; its score alone gives {})",
            tier_label(model, m.to),
            num(model.tiering.hysteresis),
            model.tiers[b].name
        ));
    }
    if let Some((t, by)) = &m.kept_out {
        let tier = &model.tiers[*t];
        let why: Vec<String> = by
            .iter()
            .map(|&c| {
                let cond = &tier.conditions[c];
                format!("{} {}", model.signals[cond.signal].id, bounds(cond))
            })
            .collect();
        parts.push(format!(
            "(its score reaches {}; kept out by {})",
            tier.name,
            why.join(", ")
        ));
    }
    parts.join(" ")
}

/// `iso` isolates file text where the view is shown in a page ([`common::isolate`]),
/// and is the identity for the terminal.
fn move_view(model: &ValidModel, m: &Move, iso: fn(&str) -> String) -> MoveView {
    let score = |x: Option<f64>| x.map_or("-".into(), num);
    MoveView {
        account: m.account.clone(),
        segment: m.segment.clone(),
        arr: m.arr.map_or("-".into(), money),
        tier: match m.kind {
            // Each name isolated: a stray U+202E in one reorders nothing around it.
            Kind::TierChange => format!(
                "{} {} {}",
                iso(tier_label(model, m.from)),
                if m.is_down() { "↓" } else { "↑" },
                iso(tier_label(model, m.to))
            ),
            Kind::LargeDrop | Kind::New => tier_label(model, m.to).to_string(),
            Kind::Gone => tier_label(model, m.from).to_string(),
        },
        scores: match m.kind {
            Kind::TierChange | Kind::LargeDrop => format!(
                "{} → {} ({})",
                score(m.from_score),
                score(m.to_score),
                m.delta().map_or("-".into(), signed)
            ),
            Kind::New => score(m.to_score),
            Kind::Gone => score(m.from_score),
        },
        moved: moved_text(model, m),
        now: now_text(model, m),
    }
}

impl View {
    fn of(model: &ValidModel, mv: &Movement, listed: usize, iso: fn(&str) -> String) -> View {
        // Tier changes of health, apart from those into or out of insufficient data.
        let gaps = mv.moves.iter().filter(|m| m.data_gap()).count() as u64;
        let down = mv
            .moves
            .iter()
            .filter(|m| m.kind == Kind::TierChange && !m.data_gap() && m.is_down())
            .count() as u64;
        let up = mv.count(Kind::TierChange) - gaps - down;
        let drops = mv.count(Kind::LargeDrop);
        let t = &model.tiering;
        let mut notes = Vec::new();
        if t.hysteresis > 0.0 {
            notes.push(format!(
                "Hysteresis: an account leaves its tier only when its score crosses the cut-off by more than {} points; {} kept their tier (or a nearer one) so.",
                num(t.hysteresis),
                counted(mv.held, "account", "accounts")
            ));
        }
        notes.push(
            "What moved: each signal's value before → now and the points it added to the score; with the other signals and the rounding, they add up to the score's change (JSON lists every signal)."
                .into(),
        );
        let insufficient =
            mv.transitions.iter().any(|r| r[0] > 0) || mv.transitions[0].iter().any(|n| *n > 0);
        let mut tier_names: Vec<String> = model.tiers.iter().map(|t| t.name.clone()).collect();
        let mut slots: Vec<usize> = (1..=model.tiers.len()).collect();
        if insufficient {
            tier_names.push("Insufficient data".into());
            slots.push(0);
        }
        let rank = |slot: usize| if slot == 0 { -1 } else { slot as i64 };
        // Rows: the highest tier first, insufficient data last; columns: the
        // lowest tier first, insufficient data last.
        let rows = (1..=model.tiers.len())
            .rev()
            .chain(insufficient.then_some(0));
        let matrix = rows
            .map(|from| MatrixRow {
                name: if from == 0 {
                    "Insufficient data".into()
                } else {
                    model.tiers[from - 1].name.clone()
                },
                cells: slots
                    .iter()
                    .map(|&to| {
                        let n = mv.transitions[from][to];
                        (count(n), rank(to) < rank(from) && n > 0)
                    })
                    .collect(),
            })
            .collect();
        let list = |kind: Kind, gap: bool, title: String, changes: bool| {
            let all: Vec<&Move> = mv
                .moves
                .iter()
                .filter(|m| m.kind == kind && m.data_gap() == gap)
                .collect();
            ListView {
                title,
                shown: format!(
                    "showing {} of {}",
                    count(all.len().min(listed) as u64),
                    count(all.len() as u64)
                ),
                changes,
                rows: all
                    .iter()
                    .take(listed)
                    .map(|m| move_view(model, m, iso))
                    .collect(),
            }
        };
        let lists = [
            list(
                Kind::TierChange,
                false,
                "Tier changes, downward first".into(),
                true,
            ),
            list(
                Kind::TierChange,
                true,
                format!(
                    "Into or out of Insufficient data (under {}% of the weight with data): data gaps, not health",
                    num(t.coverage_floor)
                ),
                true,
            ),
            list(
                Kind::LargeDrop,
                false,
                format!(
                    "Large drops within a tier ({} points or more), largest first",
                    num(t.large_drop)
                ),
                true,
            ),
            list(
                Kind::New,
                false,
                "New in this snapshot, lowest tier first".into(),
                false,
            ),
            list(
                Kind::Gone,
                false,
                "Gone from this snapshot (in the earlier one only)".into(),
                false,
            ),
        ]
        .into_iter()
        .filter(|l| !l.rows.is_empty())
        .collect();
        View {
            title: model.about.title.clone(),
            id: model.about.id.clone(),
            version: model.about.version.clone(),
            facts: format!(
                "{} accounts in both snapshots ({} new, {} gone): {} moved down a tier, {} up{}; {} fell {} points or more within their tier",
                count(mv.matched),
                count(mv.new),
                count(mv.gone),
                count(down),
                count(up),
                if gaps > 0 {
                    format!(", {} into or out of Insufficient data", count(gaps))
                } else {
                    String::new()
                },
                count(drops),
                num(t.large_drop)
            ),
            notes,
            has_arr: model.has_arr(),
            tier_names,
            matrix,
            lists,
        }
    }
}

fn right(text: impl Into<String>) -> Cell {
    Cell::new(text.into()).set_alignment(CellAlignment::Right)
}

/// Movement for the terminal: the tier transition matrix and the lists.
pub fn table(model: &ValidModel, mv: &Movement, options: &ReportOptions) -> Vec<u8> {
    let v = View::of(model, mv, MOVES_LISTED, str::to_string);
    let paint = options.paint();
    let width = usize::from(options.width);
    let mut out = format!(
        "{}\n{}\n",
        common::title_line(paint, &v.title, &v.id, &v.version),
        crate::text::wrap(&v.facts, width, "")
    );
    let mut t: Table = new_table(options);
    let mut header = vec![Cell::new("Before \\ Now")];
    header.extend(v.tier_names.iter().map(|n| Cell::new(cell_text(n))));
    t.set_header(header);
    for row in &v.matrix {
        let mut cells = vec![Cell::new(cell_text(&row.name))];
        cells.extend(row.cells.iter().map(|(n, down)| {
            let c = right(n);
            if *down && options.color {
                c.fg(Color::Red)
            } else {
                c
            }
        }));
        t.add_row(cells);
    }
    out.push_str(&format!("{t}\n"));
    if v.lists.is_empty() {
        out.push_str("No account changed tier, dropped sharply, appeared or went.\n");
        return out.into_bytes();
    }
    for n in &v.notes {
        out.push_str(&crate::text::wrap(n, width, ""));
        out.push('\n');
    }
    for l in &v.lists {
        out.push_str(&format!("\n{} ({}):\n", paint.bold(&l.title), l.shown));
        if l.changes {
            // One block per account: what it is, what moved, what to do now.
            for m in &l.rows {
                let mut head = vec![cell_text(&m.account)];
                if !m.segment.is_empty() {
                    head.push(cell_text(&m.segment));
                }
                if v.has_arr {
                    head.push(format!("ARR {}", m.arr));
                }
                head.push(cell_text(&m.tier));
                head.push(m.scores.clone());
                out.push_str(&crate::text::wrap_hanging(
                    &head.join(" · "),
                    width,
                    "",
                    "  ",
                ));
                out.push('\n');
                for (label, text) in [("What moved", &m.moved), ("Do now", &m.now)] {
                    if !text.is_empty() {
                        out.push_str(&crate::text::wrap_hanging(
                            &format!("{label}: {}", cell_text(text)),
                            width,
                            "  ",
                            "    ",
                        ));
                        out.push('\n');
                    }
                }
            }
            continue;
        }
        let mut t: Table = new_table(options);
        let mut header = vec!["Account", "Segment"];
        if v.has_arr {
            header.push("ARR");
        }
        header.extend(["Tier", "Score"]);
        t.set_header(header);
        for m in &l.rows {
            let mut row = vec![
                Cell::new(cell_text(&m.account)),
                Cell::new(cell_text(&m.segment)),
            ];
            if v.has_arr {
                row.push(right(&m.arr));
            }
            row.extend([Cell::new(cell_text(&m.tier)), Cell::new(&m.scores)]);
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    }
    out.into_bytes()
}

#[derive(Serialize)]
struct Page<'a> {
    version: &'static str,
    date: &'a str,
    v: &'a View,
}

/// Movement as a self-contained HTML page.
pub fn html(model: &ValidModel, mv: &Movement, options: &ReportOptions) -> anyhow::Result<Vec<u8>> {
    let v = View::of(model, mv, MOVES_LISTED * 4, common::isolate);
    common::render_page(
        "health_movement.html",
        TEMPLATE,
        Page {
            version: env!("CARGO_PKG_VERSION"),
            date: &options.date,
            v: &v,
        },
    )
}
