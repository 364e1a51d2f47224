//! The dialoguer adapter: draws questions on stderr and reads keys. No logic.
//!
//! Every line is wrapped at word boundaries to the terminal's width, read
//! again for every question (the terminal may be resized), and what dialoguer
//! draws itself (a short prompt, items cut to the width) always fits on one
//! line, so nothing stale is left on screen when it redraws.

use std::collections::BTreeMap;
use std::fmt;

use console::{Term, style};
use dialoguer::theme::{ColorfulTheme, Theme};
use dialoguer::{Input, MultiSelect, Select};

use super::flow::{Position, Prompter, RESPONDENT_FIELDS, Reply, ReviewChoice, Stop};
use crate::answers::{AnswerValue, Answers, YesNoIdk};
use crate::framework::{Framework, Kind, Question, Section};
use crate::scoring;
use crate::text::{printable, wrap};

const BACK: &str = "← Back";
const SKIP: &str = "Skip (leave unanswered)";
const NOT_APPLICABLE: &str = "Not applicable to us (say why)";

/// dialoguer's colourful theme, with the current row of a multi-select marked
/// by `❯` as in a select, so it shows without colour (`NO_COLOR`) too.
struct InterviewTheme(ColorfulTheme);

impl Theme for InterviewTheme {
    fn format_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_prompt(f, prompt)
    }
    fn format_error(&self, f: &mut dyn fmt::Write, err: &str) -> fmt::Result {
        self.0.format_error(f, err)
    }
    fn format_input_prompt(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        default: Option<&str>,
    ) -> fmt::Result {
        self.0.format_input_prompt(f, prompt, default)
    }
    fn format_input_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_input_prompt_selection(f, prompt, sel)
    }
    fn format_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_select_prompt(f, prompt)
    }
    fn format_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        sel: &str,
    ) -> fmt::Result {
        self.0.format_select_prompt_selection(f, prompt, sel)
    }
    fn format_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        active: bool,
    ) -> fmt::Result {
        self.0.format_select_prompt_item(f, text, active)
    }
    fn format_multi_select_prompt(&self, f: &mut dyn fmt::Write, prompt: &str) -> fmt::Result {
        self.0.format_multi_select_prompt(f, prompt)
    }
    fn format_multi_select_prompt_selection(
        &self,
        f: &mut dyn fmt::Write,
        prompt: &str,
        selections: &[&str],
    ) -> fmt::Result {
        self.0
            .format_multi_select_prompt_selection(f, prompt, selections)
    }
    fn format_multi_select_prompt_item(
        &self,
        f: &mut dyn fmt::Write,
        text: &str,
        checked: bool,
        active: bool,
    ) -> fmt::Result {
        let marker = if active {
            &self.0.active_item_prefix
        } else {
            &self.0.inactive_item_prefix
        };
        write!(f, "{marker} ")?;
        self.0
            .format_multi_select_prompt_item(f, text, checked, active)
    }
}

/// Asks questions in the terminal with dialoguer.
pub struct TerminalPrompter {
    term: Term,
    theme: InterviewTheme,
    saved_in: String,
}

impl TerminalPrompter {
    /// A prompter on the terminal of stderr; `saved_in` names the answers file.
    pub fn new(saved_in: &str) -> TerminalPrompter {
        TerminalPrompter {
            term: Term::stderr(),
            theme: InterviewTheme(ColorfulTheme::default()),
            saved_in: saved_in.to_string(),
        }
    }
}

fn stop(e: dialoguer::Error) -> Stop {
    match e {
        dialoguer::Error::IO(io) if io.kind() == std::io::ErrorKind::Interrupted => {
            Stop::Interrupted
        }
        dialoguer::Error::IO(io) => Stop::Io(io),
    }
}

/// The short prompt dialoguer draws: it must fit on one line at any width.
const PROMPT: &str = "Your answer";

impl TerminalPrompter {
    /// The width to wrap to, read again each time: the terminal may be resized.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(40, 100)
    }

    /// How many rows a list may take, so long lists scroll instead of overflowing.
    fn rows(&self) -> usize {
        usize::from(self.term.size().0).saturating_sub(6).max(5)
    }

    fn line(&self, text: &str) -> Result<(), Stop> {
        self.term.write_line(text).map_err(Stop::Io)
    }

    /// One line of a list, cut to fit the width (dialoguer redraws by lines).
    fn fit(&self, text: &str) -> String {
        let room = self.width().saturating_sub(6);
        console::truncate_str(&printable(text).replace('\n', " "), room, "…").into_owned()
    }

    /// A review row, `question → answer`, on one line: the answer keeps up to
    /// half the room, the question is cut to what is left.
    fn review_item(&self, question: &str, answer: &str) -> String {
        let room = self.width().saturating_sub(6);
        let answer = printable(answer).replace('\n', " ");
        let answer = console::truncate_str(&answer, room / 2, "…").into_owned();
        let left = room.saturating_sub(console::measure_text_width(&answer) + 3);
        let question = printable(question).replace('\n', " ");
        format!("{} → {answer}", console::truncate_str(&question, left, "…"))
    }

    /// What was chosen, as dialoguer would report it but wrapped to the
    /// width: dialoguer's own report line is not wrapped and would be cut
    /// mid-word on a narrow terminal.
    fn done(&self, prompt: &str, value: &str) -> Result<(), Stop> {
        let line = format!("✔ {prompt} · {}", printable(value));
        let wrapped = wrap(&line, self.width(), "  ");
        let wrapped = wrapped.trim_start();
        match wrapped.strip_prefix('✔') {
            Some(rest) => self.line(&format!("{}{rest}", style("✔").green())),
            None => self.line(wrapped),
        }
    }

    /// The question itself, wrapped, above the prompt.
    fn question_text(&self, q: &Question) -> Result<(), Stop> {
        let text = style(wrap(&printable(&q.text), self.width(), "")).bold();
        self.line(&text.to_string())
    }

    /// A list of choices followed by "not applicable" (where the framework
    /// allows it), Back (when it leads somewhere) and Skip; Enter accepts the
    /// highlighted one. "Not applicable" asks for the reason; an empty reason
    /// returns to the list.
    fn choice(
        &self,
        position: &Position,
        labels: &[String],
        ids: &[&str],
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop> {
        let mut items: Vec<String> = labels.iter().map(|l| self.fit(l)).collect();
        let n = items.len();
        let na = position.can_be_not_applicable.then_some(n);
        if na.is_some() {
            items.push(style(NOT_APPLICABLE).dim().to_string());
        }
        let back = position.can_go_back.then_some(items.len());
        if back.is_some() {
            items.push(style(BACK).dim().to_string());
        }
        items.push(style(SKIP).dim().to_string());
        let default = match current {
            Some(AnswerValue::Text(t)) => ids.iter().position(|id| id == t),
            _ => na.filter(|_| position.not_applicable.is_some()),
        };
        loop {
            let chosen = Select::with_theme(&self.theme)
                .with_prompt(PROMPT)
                .items(&items)
                .default(default.unwrap_or(0))
                .max_length(self.rows())
                .report(false)
                .interact_on(&self.term)
                .map_err(stop)?;
            let reply = match chosen {
                i if i < n => Reply::Answer(AnswerValue::Text(ids[i].to_string())),
                i if Some(i) == na => match self.reason(position)? {
                    Some(why) => Reply::NotApplicable(why),
                    None => continue,
                },
                i if Some(i) == back => Reply::Back,
                _ => Reply::Skip,
            };
            let said = match &reply {
                Reply::Answer(_) => labels.get(chosen).cloned().unwrap_or_default(),
                other => said(other),
            };
            self.done(PROMPT, &said)?;
            return Ok(reply);
        }
    }

    /// Asks why a question does not apply, with the saved reason to edit;
    /// `None` when left empty (back to the question).
    fn reason(&self, position: &Position) -> Result<Option<String>, Stop> {
        let hint =
            "Why does it not apply to you? Every report shows the reason; an empty line goes back.";
        self.line(&style(wrap(hint, self.width(), "")).dim().to_string())?;
        let why: String = Input::with_theme(&self.theme)
            .with_prompt("Reason")
            .with_initial_text(position.not_applicable.clone().unwrap_or_default())
            .allow_empty(true)
            .report(false)
            .interact_text_on(&self.term)
            .map_err(stop)?;
        let why = why.trim();
        Ok((!why.is_empty()).then(|| why.to_string()))
    }

    /// Options whose label is cut in the list are printed whole above it.
    fn long_options(&self, q: &Question) -> Result<(), Stop> {
        let room = self.width().saturating_sub(6);
        if q.options
            .iter()
            .all(|o| console::measure_text_width(&o.label) <= room)
        {
            return Ok(());
        }
        for (i, o) in q.options.iter().enumerate() {
            let text = wrap(
                &format!("{}. {}", i + 1, printable(&o.label)),
                self.width(),
                "     ",
            );
            self.line(&format!("  {}", text.trim_start()))?;
        }
        Ok(())
    }

    /// Ticks in a list: Space ticks, Enter accepts, Esc goes back. Back and
    /// Skip are not rows to tick: nothing ticked asks what it means.
    fn multi(
        &self,
        position: &Position,
        q: &Question,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop> {
        let chosen: Vec<&str> = match current {
            Some(AnswerValue::List(ids)) => ids.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let mut ticks: Vec<bool> = q
            .options
            .iter()
            .map(|o| chosen.contains(&o.id.as_str()))
            .collect();
        let back = if position.can_go_back {
            ", Esc goes back"
        } else {
            ""
        };
        let na = if position.can_be_not_applicable {
            " Enter with nothing ticked also offers \"not applicable\"."
        } else {
            ""
        };
        self.line(
            &style(wrap(
                &format!("Space ticks, Enter accepts{back}.{na}"),
                self.width(),
                "",
            ))
            .dim()
            .to_string(),
        )?;
        loop {
            let labels: Vec<String> = q.options.iter().map(|o| self.fit(&o.label)).collect();
            let picked = MultiSelect::with_theme(&self.theme)
                .with_prompt(PROMPT)
                .items_checked(labels.iter().map(String::as_str).zip(ticks.iter().copied()))
                .max_length(self.rows())
                .report(false)
                .interact_on_opt(&self.term)
                .map_err(stop)?;
            let Some(picked) = picked else {
                if position.can_go_back {
                    return Ok(Reply::Back);
                }
                continue;
            };
            if picked.is_empty() {
                match self.nothing_ticked(position, q)? {
                    Some(reply) => return Ok(reply),
                    None => continue,
                }
            }
            let value =
                AnswerValue::List(picked.iter().map(|&i| q.options[i].id.clone()).collect());
            match q.invalid_reason(&value) {
                None => {
                    self.done(PROMPT, &value.label(q))?;
                    return Ok(Reply::Answer(value));
                }
                Some(why) => {
                    let line = wrap(&format!("✘ {}", printable(&why)), self.width(), "  ");
                    self.line(line.trim_start())?;
                    ticks = (0..q.options.len()).map(|i| picked.contains(&i)).collect();
                }
            }
        }
    }

    /// Enter with nothing ticked: an explicit "none of these", "not
    /// applicable" (where allowed, with the reason), a skip, or back to the
    /// list; never an accident. `None` means back to the list.
    fn nothing_ticked(&self, position: &Position, q: &Question) -> Result<Option<Reply>, Stop> {
        let none = q.options.iter().find(|o| o.exclusive);
        let none_label = match none {
            Some(o) => format!("None of these: answer \"{}\"", o.label),
            None => "None of these apply: answer with nothing ticked".to_string(),
        };
        let mut items = vec![self.fit(&none_label)];
        if position.can_be_not_applicable {
            items.push(NOT_APPLICABLE.to_string());
        }
        items.push(SKIP.to_string());
        items.push("← Back to the list".to_string());
        let last = items.len() - 1;
        let chosen = Select::with_theme(&self.theme)
            .with_prompt("Nothing is ticked")
            .items(&items)
            .default(last)
            .report(false)
            .interact_on(&self.term)
            .map_err(stop)?;
        let reply = match chosen {
            0 => Reply::Answer(AnswerValue::List(
                none.map(|o| vec![o.id.clone()]).unwrap_or_default(),
            )),
            i if i == last => return Ok(None),
            i if i == last - 1 => Reply::Skip,
            _ => match self.reason(position)? {
                Some(why) => Reply::NotApplicable(why),
                None => return Ok(None),
            },
        };
        let said = match &reply {
            Reply::Answer(_) => none_label,
            other => said(other),
        };
        self.done(PROMPT, &said)?;
        Ok(Some(reply))
    }

    fn input(
        &self,
        position: &Position,
        q: &Question,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop> {
        let initial = match current {
            Some(AnswerValue::Text(t)) => t.clone(),
            Some(AnswerValue::Number(n)) => crate::text::fmt_num_exact(*n),
            _ => String::new(),
        };
        let back = if position.can_go_back {
            ", < goes back"
        } else {
            ""
        };
        let na = if position.can_be_not_applicable {
            ", na: not applicable"
        } else {
            ""
        };
        let hint = format!("{}; Enter leaves it empty{back}{na}", q.allowed_values());
        self.line(
            &style(wrap(&format!("({hint})"), self.width(), ""))
                .dim()
                .to_string(),
        )?;
        let initial = if position.not_applicable.is_some() && initial.is_empty() {
            crate::answers::NOT_APPLICABLE.to_string()
        } else {
            initial
        };
        loop {
            let question = q.clone();
            let (can_go_back, can_be_na) = (position.can_go_back, position.can_be_not_applicable);
            let room = self.width().saturating_sub(3);
            let text: String = Input::with_theme(&self.theme)
                .with_prompt(PROMPT)
                .with_initial_text(initial.clone())
                .allow_empty(true)
                .validate_with(move |s: &String| {
                    match parse_input(&question, s, can_go_back, can_be_na) {
                        Err(why) => Err(short_error(&why, room)),
                        Ok(_) => Ok(()),
                    }
                })
                .report(false)
                .interact_text_on(&self.term)
                .map_err(stop)?;
            let reply = match parse_input(q, &text, can_go_back, can_be_na)
                .map_err(|why| Stop::Io(std::io::Error::other(why)))?
            {
                Reply::NotApplicable(_) => match self.reason(position)? {
                    Some(why) => Reply::NotApplicable(why),
                    None => continue,
                },
                other => other,
            };
            let said = match &reply {
                Reply::Answer(v) => v.label(q),
                other => said(other),
            };
            self.done(PROMPT, &said)?;
            return Ok(reply);
        }
    }
}

/// An error as dialoguer shows it under the prompt: on one line (a wrapped
/// line would be left behind when it redraws), without the "expected …" part
/// the hint above already says, and always with the value typed.
fn short_error(why: &str, room: usize) -> String {
    let short = match (why.find("expected "), why.rfind(", found ")) {
        (Some(e), Some(f)) if e < f => {
            let head = why[..e].trim_end_matches([' ', ':']);
            let head = if head.is_empty() {
                "not accepted"
            } else {
                head
            };
            format!("{head}: found {}", &why[f + ", found ".len()..])
        }
        _ => why.to_string(),
    };
    console::truncate_str(&printable(&short), room, "…").into_owned()
}

/// What a reply other than an answer shows once given.
fn said(reply: &Reply) -> String {
    match reply {
        Reply::Answer(v) => format!("{v:?}"),
        Reply::NotApplicable(why) => format!("Not applicable: {why}"),
        Reply::Back => BACK.to_string(),
        Reply::Skip => "skipped".to_string(),
    }
}

/// Reads a typed answer: `<` goes back (when it leads somewhere), empty
/// skips, `na` is "not applicable" (where allowed; the reason is asked
/// next, so it comes back empty), otherwise a valid value; an error shows
/// the value back.
fn parse_input(
    q: &Question,
    s: &str,
    can_go_back: bool,
    can_be_not_applicable: bool,
) -> Result<Reply, String> {
    let s = s.trim();
    if s == "<" && can_go_back {
        return Ok(Reply::Back);
    }
    if s.is_empty() {
        return Ok(Reply::Skip);
    }
    if can_be_not_applicable && s.eq_ignore_ascii_case(crate::answers::NOT_APPLICABLE) {
        return Ok(Reply::NotApplicable(String::new()));
    }
    let value = match q.kind {
        Kind::Number => {
            AnswerValue::Number(s.trim_end_matches('%').trim().parse::<f64>().map_err(|_| {
                format!(
                    "expected {}, found {:?}",
                    q.allowed_values(),
                    crate::text::excerpt(s, 40)
                )
            })?)
        }
        _ => AnswerValue::Text(s.to_string()),
    };
    match q.invalid_reason(&value) {
        None => Ok(Reply::Answer(value)),
        Some(why) => Err(why),
    }
}

impl Prompter for TerminalPrompter {
    fn intro(&mut self, fw: &Framework) -> Result<(), Stop> {
        let width = self.width();
        self.line(&format!(
            "\n{}",
            style(wrap(&printable(&fw.title), width, "")).bold()
        ))?;
        self.line(&wrap(&printable(&fw.description), width, ""))?;
        let minutes = fw
            .minutes
            .map(|m| format!(", about {m} minutes"))
            .unwrap_or_default();
        let count = format!(
            "{} in {} sections{minutes}. Arrows move, Enter accepts; \
             ← Back and Skip follow the answers, and \"not applicable\", where offered, asks why. \
             Every answer is saved in {} as you go: Ctrl-C stops, --resume continues.",
            fw.question_counts().describe(),
            fw.sections.len(),
            self.saved_in
        );
        self.line(&style(wrap(&count, width, "")).dim().to_string())
    }

    fn respondent(
        &mut self,
        known: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, Stop> {
        self.line(&format!(
            "\n{}",
            style("Who is answering? Enter leaves a field empty.").dim()
        ))?;
        let mut out = BTreeMap::new();
        for field in RESPONDENT_FIELDS {
            let label = match field {
                "name" => "Your name",
                "organization" => "Organization",
                "role" => "Role (e.g. VP Customer Success, CSM)",
                _ => "Date of the assessment",
            };
            let value: String = Input::with_theme(&self.theme)
                .with_prompt(label)
                .with_initial_text(known.get(field).cloned().unwrap_or_default())
                .allow_empty(true)
                .report(false)
                .interact_text_on(&self.term)
                .map_err(stop)?;
            self.done(label, value.trim())?;
            out.insert(field.to_string(), value.trim().to_string());
        }
        Ok(out)
    }

    fn section(&mut self, section: &Section) -> Result<(), Stop> {
        let width = self.width();
        self.line(&format!(
            "\n{}",
            style(wrap(
                &format!("── {} ──", printable(&section.title)),
                width,
                ""
            ))
            .cyan()
            .bold()
        ))?;
        if let Some(o) = &section.objective {
            self.line(&wrap(&printable(o), width, ""))?;
        }
        Ok(())
    }

    fn ask(
        &mut self,
        position: &Position,
        q: &Question,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop> {
        let width = self.width();
        let progress = format!(
            "Question {} of {} · {}",
            position.number, position.total, position.section
        );
        self.line(&format!(
            "\n{}",
            style(wrap(&printable(&progress), width, "")).dim()
        ))?;
        self.question_text(q)?;
        if let Some(help) = &q.help {
            self.line(&style(wrap(&printable(help), width, "  ")).dim().to_string())?;
        }
        match q.kind {
            Kind::YesNoIdk => {
                let labels: Vec<String> = YesNoIdk::ALL
                    .iter()
                    .map(|v| v.label().to_string())
                    .collect();
                let ids: Vec<&str> = YesNoIdk::ALL.iter().map(|v| v.id()).collect();
                self.choice(position, &labels, &ids, current)
            }
            Kind::Level => {
                for o in &q.options {
                    let desc = o.description.as_deref().unwrap_or("");
                    let text = wrap(&printable(&format!("{} — {desc}", o.label)), width, "    ");
                    let text = text.trim_start();
                    let cut = printable(&o.label).len().min(text.len());
                    let (label, rest) = text.split_at(cut);
                    self.line(&format!("  {}{rest}", style(label).bold()))?;
                }
                let labels: Vec<String> = q.options.iter().map(|o| o.label.clone()).collect();
                let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
                self.choice(position, &labels, &ids, current)
            }
            Kind::Single => {
                self.long_options(q)?;
                let labels: Vec<String> = q.options.iter().map(|o| o.label.clone()).collect();
                let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
                self.choice(position, &labels, &ids, current)
            }
            Kind::Multi => {
                self.long_options(q)?;
                self.multi(position, q, current)
            }
            Kind::Number | Kind::Text => self.input(position, q, current),
        }
    }

    fn review(&mut self, fw: &Framework, answers: &Answers) -> Result<ReviewChoice, Stop> {
        let card = scoring::score(fw, answers);
        let asked: Vec<(usize, &scoring::QuestionResult)> = card
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.status != scoring::Status::NotAsked)
            .collect();
        let skipped = asked
            .iter()
            .filter(|(_, q)| q.status == scoring::Status::Unanswered)
            .count();
        let unknown = asked
            .iter()
            .filter(|(_, q)| q.status == scoring::Status::Unknown)
            .count();
        let na = asked
            .iter()
            .filter(|(_, q)| q.status == scoring::Status::NotApplicable)
            .count();
        let not_applicable = if na > 0 {
            format!(", {na} not applicable")
        } else {
            String::new()
        };
        // The scorecard counts only scored questions as unanswered: say
        // which skipped ones carry no points, so the two agree.
        let unscored = asked
            .iter()
            .filter(|(_, q)| q.status == scoring::Status::Unanswered && !q.scored)
            .count();
        let unscored = match unscored {
            0 => String::new(),
            n if n == skipped => " (not scored)".to_string(),
            n => format!(" ({n} not scored)"),
        };
        let summary = format!(
            "Review: {} answered, {} \"I don't know\"{not_applicable}, {} skipped{unscored}. Open a \
             question to change its answer, or finish to see the scorecard.",
            asked.len() - skipped - unknown - na,
            unknown,
            skipped
        );
        self.line(&format!(
            "\n{}",
            style(wrap(&summary, self.width(), "")).bold()
        ))?;
        let mut items = vec![style("✔ Finish: see the scorecard").green().to_string()];
        for (_, q) in &asked {
            let answer = match q.status {
                scoring::Status::Unanswered => "— skipped".to_string(),
                scoring::Status::Unknown => "? I don't know".to_string(),
                scoring::Status::NotApplicable => {
                    format!("n/a: {}", q.not_applicable.as_deref().unwrap_or_default())
                }
                _ => q.answer_label.clone().unwrap_or_default(),
            };
            items.push(self.review_item(&q.text, &answer));
        }
        let chosen = Select::with_theme(&self.theme)
            .with_prompt("Finish, or open a question")
            .items(&items)
            .default(0)
            .max_length(self.rows())
            .report(false)
            .interact_on(&self.term)
            .map_err(stop)?;
        Ok(match chosen {
            0 => ReviewChoice::Finish,
            i => asked.get(i - 1).map_or(ReviewChoice::Finish, |(index, _)| {
                ReviewChoice::Edit(*index)
            }),
        })
    }
}

/// What to do with an answers file that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Continue with the questions still without an answer.
    Resume,
    /// Review every answer and change any.
    Review,
    /// Replace it with a new interview.
    StartOver,
    /// Leave it alone and stop.
    Quit,
}

/// Asks what to do with an existing answers file: resume it (when questions
/// are left), review and change its answers, start over, or quit.
pub fn ask_existing(path: &str, answered: usize, complete: bool) -> Result<Existing, Stop> {
    let mut choices: Vec<(String, Existing)> = Vec::new();
    if !complete {
        choices.push((
            format!(
                "Resume: continue with the questions left (it holds {})",
                crate::text::plural(answered, "answer", "answers")
            ),
            Existing::Resume,
        ));
    }
    choices.push((
        "Review: see every answer and change any".to_string(),
        Existing::Review,
    ));
    choices.push((
        "Start over: replace it with a new interview".to_string(),
        Existing::StartOver,
    ));
    choices.push(("Quit: leave it as it is".to_string(), Existing::Quit));
    let term = Term::stderr();
    let room = usize::from(term.size().1).clamp(40, 100).saturating_sub(6);
    let items: Vec<String> = choices
        .iter()
        .map(|(l, _)| console::truncate_str(l, room, "…").into_owned())
        .collect();
    let state = if complete {
        "is complete"
    } else {
        "already exists"
    };
    term.write_line(&wrap(
        &format!("{} {state}.", printable(path)),
        room + 6,
        "",
    ))
    .map_err(Stop::Io)?;
    let chosen = Select::with_theme(&InterviewTheme(ColorfulTheme::default()))
        .with_prompt("What now?")
        .items(&items)
        .default(0)
        .interact_on(&term)
        .map_err(stop)?;
    Ok(choices.get(chosen).map_or(Existing::Quit, |(_, e)| *e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::parse_framework;

    fn number_question() -> Question {
        let fw = parse_framework(
            "t.toml",
            "id = \"t\"\ntitle = \"t\"\nversion = \"1\"\ndescription = \"d\"\n[[sections]]\nid = \"s\"\ntitle = \"S\"\n[[sections.questions]]\nid = \"n\"\nkind = \"number\"\ntext = \"N?\"\nmin = 0\nmax = 100\n",
        );
        match fw.ok().and_then(|f| f.question("n").cloned()) {
            Some(q) => q,
            None => panic!("fixture"),
        }
    }

    #[test]
    fn typed_numbers_are_read_leniently_and_checked() {
        let q = number_question();
        let p = |s: &str| parse_input(&q, s, true, false);
        assert_eq!(p(" 42 "), Ok(Reply::Answer(AnswerValue::Number(42.0))));
        assert_eq!(p("87.5%"), Ok(Reply::Answer(AnswerValue::Number(87.5))));
        assert_eq!(p(""), Ok(Reply::Skip));
        assert_eq!(p("<"), Ok(Reply::Back));
        assert_eq!(
            p("lots"),
            Err("expected a number from 0 to 100, found \"lots\"".into())
        );
        assert_eq!(
            p("101"),
            Err("out of range: expected a number from 0 to 100, found 101".into())
        );
        assert_eq!(
            p("100000000000000004764729344"),
            Err("out of range: expected a number from 0 to 100, found 1e26".into())
        );
    }

    #[test]
    fn errors_under_the_prompt_fit_one_line_and_show_the_value() {
        let why = "not a whole number: expected a whole number of at least 0, found 250.5";
        assert_eq!(short_error(why, 57), "not a whole number: found 250.5");
        let why = "expected a number from 0 to 100, found \"lots\"";
        assert_eq!(short_error(why, 57), "not accepted: found \"lots\"");
        assert!(short_error(&"x".repeat(200), 37).chars().count() <= 37);
    }

    #[test]
    fn back_is_not_typed_where_it_leads_nowhere() {
        let q = number_question();
        assert!(parse_input(&q, "<", false, false).is_err());
    }

    #[test]
    fn na_is_typed_only_where_the_framework_allows_it() {
        let q = number_question();
        assert_eq!(
            parse_input(&q, " NA ", false, true),
            Ok(Reply::NotApplicable(String::new()))
        );
        assert_eq!(
            parse_input(&q, "na", false, false),
            Err("expected a number from 0 to 100, found \"na\"".into())
        );
    }
}
