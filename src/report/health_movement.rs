//! The report of `health movement`: who changed tier between two snapshots,
//! downward first, with what moved; as a table, CSV, JSON lines and an HTML
//! page. Pure. The table and the page read one [`View`]; JSON comes from
//! view structs (docs/health.md documents the fields).

use comfy_table::{Cell, CellAlignment, Color, Table};
use serde::Serialize;

use super::common::{self, ReportOptions, cell_text, new_table};
use super::health::{count, csv_bytes, csv_writer, money, num, safe};
use crate::health::model::ValidModel;
use crate::health::movement::{MOVED, Move, Movement};

const TEMPLATE: &str = include_str!("templates/health_movement.html");

/// How many moves the table lists by name (the page lists four times as many).
pub const MOVES_LISTED: usize = 25;

fn tier_label(model: &ValidModel, t: Option<usize>) -> &str {
    t.map_or("(no score)", |t| model.tiers[t].name.as_str())
}

fn tier_id(model: &ValidModel, t: Option<usize>) -> Option<&str> {
    t.map(|t| model.tiers[t].id.as_str())
}

fn signed(x: f64) -> String {
    format!("{}{}", if x > 0.0 { "+" } else { "" }, num(x))
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
    let _ = w.write_record(&header);
    let opt = |x: Option<f64>| x.map_or_else(String::new, num);
    for m in &mv.moves {
        let mut row: Vec<String> = vec![
            safe(&m.account).into_owned(),
            safe(&m.segment).into_owned(),
            num(m.arr),
            if m.is_down() { "down" } else { "up" }.into(),
            safe(tier_id(model, m.from).unwrap_or("")).into_owned(),
            safe(tier_id(model, m.to).unwrap_or("")).into_owned(),
            opt(m.from_score),
            opt(m.to_score),
            opt(m.delta()),
        ];
        for d in 0..MOVED {
            match m.moved.get(d) {
                Some((i, x)) => {
                    row.push(safe(&model.signals[*i].id).into_owned());
                    row.push(num(*x));
                }
                None => row.extend([String::new(), String::new()]),
            }
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
    /// Change in the points it adds to the score.
    pub points: f64,
}

/// A move in JSON.
#[derive(Debug, Serialize)]
pub struct MoveJson<'a> {
    /// Account id.
    pub account: &'a str,
    /// Segment.
    pub segment: &'a str,
    /// ARR.
    pub arr: f64,
    /// "down" or "up".
    pub direction: &'static str,
    /// Tier id before (null: no score).
    pub from_tier: Option<&'a str>,
    /// Tier id now.
    pub to_tier: Option<&'a str>,
    /// Score before.
    pub from_score: Option<f64>,
    /// Score now.
    pub to_score: Option<f64>,
    /// Change in score.
    pub score_delta: Option<f64>,
    /// Signals that moved most in the direction of the move.
    pub moved: Vec<MovedJson<'a>>,
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
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    summary: MovementSummaryJson<'a>,
}

/// JSON lines: one per move, then `{"summary": ...}`.
pub fn json(model: &ValidModel, mv: &Movement) -> Vec<u8> {
    let mut out = Vec::new();
    for m in &mv.moves {
        let j = MoveJson {
            account: &m.account,
            segment: &m.segment,
            arr: m.arr,
            direction: if m.is_down() { "down" } else { "up" },
            from_tier: tier_id(model, m.from),
            to_tier: tier_id(model, m.to),
            from_score: m.from_score,
            to_score: m.to_score,
            score_delta: m.delta(),
            moved: m
                .moved
                .iter()
                .map(|(i, x)| MovedJson {
                    signal: &model.signals[*i].id,
                    points: *x,
                })
                .collect(),
        };
        if serde_json::to_writer(&mut out, &j).is_ok() {
            out.push(b'\n');
        }
    }
    let down = mv.moves.iter().filter(|m| m.is_down()).count() as u64;
    let line = SummaryLine {
        summary: MovementSummaryJson {
            model: &model.about.id,
            matched: mv.matched,
            new: mv.new,
            gone: mv.gone,
            down,
            up: mv.moves.len() as u64 - down,
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
    tier_names: Vec<String>,
    /// Highest tier first: the row's tier and its counts by tier now (lowest first).
    matrix: Vec<MatrixRow>,
    moves: Vec<MoveView>,
    total_moves: String,
}

#[derive(Debug, Serialize)]
struct MatrixRow {
    name: String,
    /// (count, whether it is a move down).
    cells: Vec<(String, bool)>,
}

#[derive(Debug, Serialize)]
struct MoveView {
    account: String,
    segment: String,
    arr: String,
    from: String,
    to: String,
    arrow: &'static str,
    scores: String,
    delta: String,
    moved: String,
}

fn moved_text(model: &ValidModel, m: &Move) -> String {
    m.moved
        .iter()
        .map(|(i, d)| format!("{} {}", model.signals[*i].id, signed(*d)))
        .collect::<Vec<_>>()
        .join(", ")
}

impl View {
    fn of(model: &ValidModel, mv: &Movement, listed: usize) -> View {
        let down = mv.moves.iter().filter(|m| m.is_down()).count();
        View {
            title: model.about.title.clone(),
            id: model.about.id.clone(),
            version: model.about.version.clone(),
            facts: format!(
                "{} accounts in both snapshots ({} new, {} gone): {} moved down a tier, {} up",
                count(mv.matched),
                count(mv.new),
                count(mv.gone),
                count(down as u64),
                count((mv.moves.len() - down) as u64)
            ),
            tier_names: model.tiers.iter().map(|t| t.name.clone()).collect(),
            matrix: model
                .tiers
                .iter()
                .enumerate()
                .rev()
                .map(|(ti, t)| MatrixRow {
                    name: t.name.clone(),
                    cells: (0..model.tiers.len())
                        .map(|to| {
                            let n = mv.transitions[ti + 1][to + 1];
                            (count(n), to < ti && n > 0)
                        })
                        .collect(),
                })
                .collect(),
            moves: mv
                .moves
                .iter()
                .take(listed)
                .map(|m| MoveView {
                    account: m.account.clone(),
                    segment: m.segment.clone(),
                    arr: money(m.arr),
                    from: tier_label(model, m.from).to_string(),
                    to: tier_label(model, m.to).to_string(),
                    arrow: if m.is_down() { "↓" } else { "↑" },
                    scores: format!(
                        "{} → {}",
                        m.from_score.map_or("-".into(), num),
                        m.to_score.map_or("-".into(), num)
                    ),
                    delta: m.delta().map_or("-".into(), signed),
                    moved: moved_text(model, m),
                })
                .collect(),
            total_moves: count(mv.moves.len() as u64),
        }
    }
}

fn right(text: impl Into<String>) -> Cell {
    Cell::new(text.into()).set_alignment(CellAlignment::Right)
}

/// Movement for the terminal: the tier transition matrix and the moves, downward first.
pub fn table(model: &ValidModel, mv: &Movement, options: &ReportOptions) -> Vec<u8> {
    let v = View::of(model, mv, MOVES_LISTED);
    let paint = options.paint();
    let mut out = format!(
        "{}\n{}\n",
        common::title_line(paint, &v.title, &v.id, &v.version),
        v.facts
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
    if v.moves.is_empty() {
        return out.into_bytes();
    }
    out.push_str(&format!(
        "Moves, downward first (showing {} of {}):\n",
        v.moves.len(),
        v.total_moves
    ));
    let mut t: Table = new_table(options);
    t.set_header(vec![
        "Account",
        "Segment",
        "ARR",
        "Tier",
        "Score",
        "What moved (points)",
    ]);
    for m in &v.moves {
        t.add_row(vec![
            Cell::new(cell_text(&m.account)),
            Cell::new(cell_text(&m.segment)),
            right(&m.arr),
            Cell::new(format!(
                "{} {} {}",
                cell_text(&m.from),
                m.arrow,
                cell_text(&m.to)
            )),
            Cell::new(format!("{} ({})", m.scores, m.delta)),
            Cell::new(cell_text(&m.moved)),
        ]);
    }
    out.push_str(&format!("{t}\n"));
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
    let v = View::of(model, mv, MOVES_LISTED * 4);
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
