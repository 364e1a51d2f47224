//! The dialoguer adapter: draws questions on stderr and reads keys. No logic.

use console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, MultiSelect, Select};

use super::flow::{Position, Prompter, Reply, Stop};
use crate::answers::AnswerValue;
use crate::framework::{Framework, Kind, Question, Section};
use crate::text::wrap;

const BACK: &str = "← Back";
const SKIP: &str = "Skip (leave unanswered)";

/// Asks questions in the terminal with dialoguer.
pub struct TerminalPrompter {
    term: Term,
    theme: ColorfulTheme,
    width: usize,
}

impl Default for TerminalPrompter {
    fn default() -> Self {
        let term = Term::stderr();
        let width = usize::from(term.size().1).clamp(40, 100);
        TerminalPrompter {
            term,
            theme: ColorfulTheme::default(),
            width,
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

impl TerminalPrompter {
    fn line(&self, text: &str) -> Result<(), Stop> {
        self.term.write_line(text).map_err(Stop::Io)
    }

    /// A list of choices followed by Back and Skip; Enter accepts the highlighted one.
    fn select(
        &self,
        prompt: &str,
        labels: &[String],
        default: Option<usize>,
    ) -> Result<Option<usize>, Stop> {
        let mut items: Vec<String> = labels.to_vec();
        items.push(style(BACK).dim().to_string());
        items.push(style(SKIP).dim().to_string());
        let chosen = Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&items)
            .default(default.unwrap_or(0))
            .interact_on(&self.term)
            .map_err(stop)?;
        Ok(Some(chosen))
    }

    fn choice(
        &self,
        q: &Question,
        labels: Vec<String>,
        ids: Vec<&str>,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop> {
        let default = match current {
            Some(AnswerValue::Text(t)) => ids.iter().position(|id| id == t),
            _ => None,
        };
        let n = ids.len();
        match self.select(&q.text, &labels, default)? {
            Some(i) if i < n => Ok(Reply::Answer(AnswerValue::Text(ids[i].to_string()))),
            Some(i) if i == n => Ok(Reply::Back),
            _ => Ok(Reply::Skip),
        }
    }

    fn multi(&self, q: &Question, current: Option<&AnswerValue>) -> Result<Reply, Stop> {
        let chosen: Vec<&str> = match current {
            Some(AnswerValue::List(ids)) => ids.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let mut items: Vec<(String, bool)> = q
            .options
            .iter()
            .map(|o| (o.label.clone(), chosen.contains(&o.id.as_str())))
            .collect();
        items.push((style(BACK).dim().to_string(), false));
        items.push((style(SKIP).dim().to_string(), false));
        let n = q.options.len();
        loop {
            let prompt = format!("{} {}", q.text, style("(space ticks, enter accepts)").dim());
            let picked = MultiSelect::with_theme(&self.theme)
                .with_prompt(prompt)
                .items_checked(items.iter().map(|(l, c)| (l.as_str(), *c)))
                .interact_on_opt(&self.term)
                .map_err(stop)?;
            let Some(picked) = picked else {
                return Ok(Reply::Back);
            };
            if picked.contains(&n) {
                return Ok(Reply::Back);
            }
            if picked.contains(&(n + 1)) {
                return Ok(Reply::Skip);
            }
            let value =
                AnswerValue::List(picked.iter().map(|&i| q.options[i].id.clone()).collect());
            match q.invalid_reason(&value) {
                None => return Ok(Reply::Answer(value)),
                Some(why) => {
                    self.line(&format!("{} {why}", style("✘").red()))?;
                    for (i, item) in items.iter_mut().enumerate() {
                        item.1 = picked.contains(&i);
                    }
                }
            }
        }
    }

    fn input(&self, q: &Question, current: Option<&AnswerValue>) -> Result<Reply, Stop> {
        let initial = match current {
            Some(AnswerValue::Text(t)) => t.clone(),
            Some(AnswerValue::Number(n)) => crate::text::fmt_num_exact(*n),
            _ => String::new(),
        };
        let hint = style(format!(
            "({}; Enter leaves it empty, < goes back)",
            q.allowed_values()
        ))
        .dim();
        let question = q.clone();
        let text: String = Input::with_theme(&self.theme)
            .with_prompt(format!("{} {hint}", q.text))
            .with_initial_text(initial)
            .allow_empty(true)
            .validate_with(move |s: &String| match parse_input(&question, s) {
                Err(why) => Err(why),
                Ok(_) => Ok(()),
            })
            .interact_text_on(&self.term)
            .map_err(stop)?;
        parse_input(q, &text).map_err(|why| Stop::Io(std::io::Error::other(why)))
    }
}

/// Reads a typed answer: `<` goes back, empty skips, otherwise a valid value.
fn parse_input(q: &Question, s: &str) -> Result<Reply, String> {
    let s = s.trim();
    if s == "<" {
        return Ok(Reply::Back);
    }
    if s.is_empty() {
        return Ok(Reply::Skip);
    }
    let value = match q.kind {
        Kind::Number => AnswerValue::Number(
            s.trim_end_matches('%')
                .trim()
                .parse::<f64>()
                .map_err(|_| format!("expected {}", q.allowed_values()))?,
        ),
        _ => AnswerValue::Text(s.to_string()),
    };
    match q.invalid_reason(&value) {
        None => Ok(Reply::Answer(value)),
        Some(why) => Err(why),
    }
}

impl Prompter for TerminalPrompter {
    fn intro(&mut self, fw: &Framework, asked: usize) -> Result<(), Stop> {
        self.line(&format!("\n{}", style(&fw.title).bold()))?;
        self.line(&wrap(&fw.description, self.width, ""))?;
        let minutes = fw
            .minutes
            .map(|m| format!(", about {m} minutes"))
            .unwrap_or_default();
        let all = fw.question_count();
        let follow_ups = if all > asked {
            format!(" (up to {all} with follow-ups)")
        } else {
            String::new()
        };
        let count = format!(
            "{asked} questions{follow_ups} in {} sections{minutes}.",
            fw.sections.len()
        );
        self.line(&style(count).dim().to_string())?;
        self.line(
            &style("Arrows move, Enter accepts; ← Back and Skip follow the answers.")
                .dim()
                .to_string(),
        )?;
        self.line(
            &style("Every answer is saved as you go: Ctrl-C stops, --resume continues.")
                .dim()
                .to_string(),
        )
    }

    fn section(&mut self, section: &Section) -> Result<(), Stop> {
        self.line(&format!(
            "\n{}",
            style(format!("── {} ──", section.title)).cyan().bold()
        ))?;
        if let Some(o) = &section.objective {
            self.line(&wrap(o, self.width, ""))?;
        }
        Ok(())
    }

    fn ask(
        &mut self,
        position: &Position,
        q: &Question,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop> {
        self.line(&format!(
            "\n{}",
            style(format!(
                "Question {} of {} · {}",
                position.number, position.total, position.section
            ))
            .dim()
        ))?;
        if let Some(help) = &q.help {
            self.line(&style(wrap(help, self.width, "  ")).dim().to_string())?;
        }
        match q.kind {
            Kind::YesNoIdk => self.choice(
                q,
                vec!["Yes".into(), "No".into(), "I don't know".into()],
                vec!["yes", "no", "idk"],
                current,
            ),
            Kind::Level => {
                for o in &q.options {
                    let desc = o.description.as_deref().unwrap_or("");
                    let text = wrap(&format!("{} — {desc}", o.label), self.width, "    ");
                    let text = text.trim_start();
                    let (label, rest) = text.split_at(o.label.len().min(text.len()));
                    self.line(&format!("  {}{rest}", style(label).bold()))?;
                }
                let labels = q.options.iter().map(|o| o.label.clone()).collect();
                self.choice(
                    q,
                    labels,
                    q.options.iter().map(|o| o.id.as_str()).collect(),
                    current,
                )
            }
            Kind::Single => {
                let labels = q.options.iter().map(|o| o.label.clone()).collect();
                self.choice(
                    q,
                    labels,
                    q.options.iter().map(|o| o.id.as_str()).collect(),
                    current,
                )
            }
            Kind::Multi => self.multi(q, current),
            Kind::Number | Kind::Text => self.input(q, current),
        }
    }
}

/// What to do with an answers file that already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Continue from its answers.
    Resume,
    /// Replace it with a new interview.
    StartOver,
    /// Leave it alone and stop.
    Quit,
}

/// Asks what to do with an existing answers file.
pub fn ask_existing(path: &str, answered: usize) -> Result<Existing, Stop> {
    let items = [
        format!(
            "Resume: continue from its {}",
            crate::text::plural(answered, "answer", "answers")
        ),
        "Start over: replace it with a new interview".to_string(),
        "Quit: leave it as it is".to_string(),
    ];
    let chosen = Select::with_theme(&ColorfulTheme::default())
        .with_prompt(format!("{path} already exists"))
        .items(&items)
        .default(0)
        .interact_on(&Term::stderr())
        .map_err(stop)?;
    Ok(match chosen {
        0 => Existing::Resume,
        1 => Existing::StartOver,
        _ => Existing::Quit,
    })
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
        assert_eq!(
            parse_input(&q, " 42 "),
            Ok(Reply::Answer(AnswerValue::Number(42.0)))
        );
        assert_eq!(
            parse_input(&q, "87.5%"),
            Ok(Reply::Answer(AnswerValue::Number(87.5)))
        );
        assert_eq!(parse_input(&q, ""), Ok(Reply::Skip));
        assert_eq!(parse_input(&q, "<"), Ok(Reply::Back));
        assert_eq!(
            parse_input(&q, "lots"),
            Err("expected a number from 0 to 100".into())
        );
        assert_eq!(
            parse_input(&q, "101"),
            Err("out of range: expected a number from 0 to 100, found 101".into())
        );
    }
}
