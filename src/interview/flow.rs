//! The interview's navigation: which question to ask next, going back,
//! skipping, `when` conditions and resuming, written against a [`Prompter`] so
//! that the logic is tested with a script.

use crate::answers::{AnswerValue, Answers};
use crate::framework::{Framework, Question, Section};
use crate::scoring;

/// Where a question stands in the interview, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// 1-based number of the question among those asked.
    pub number: usize,
    /// How many questions are asked, given the answers so far.
    pub total: usize,
    /// The title of the question's section.
    pub section: String,
}

/// What the person did at a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Gave this answer.
    Answer(AnswerValue),
    /// Left it unanswered and moved on (clears an earlier answer).
    Skip,
    /// Went back to the previous question.
    Back,
}

/// Why the interview stopped early.
#[derive(Debug, thiserror::Error)]
pub enum Stop {
    /// The person pressed Ctrl-C.
    #[error("interrupted")]
    Interrupted,
    /// The terminal failed.
    #[error("terminal error: {0}")]
    Io(#[from] std::io::Error),
    /// Saving the answers failed.
    #[error("{0}")]
    Save(anyhow::Error),
}

/// Asks questions. The terminal implementation uses dialoguer; tests use a script.
pub trait Prompter {
    /// Shows the framework's title, what it measures and how long it takes.
    fn intro(&mut self, fw: &Framework, asked: usize) -> Result<(), Stop>;
    /// Shows a section's title and objective as the interview enters it.
    fn section(&mut self, section: &Section) -> Result<(), Stop>;
    /// Asks one question; `current` is the saved answer, highlighted by default.
    fn ask(
        &mut self,
        position: &Position,
        question: &Question,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop>;
}

/// The ids of the questions asked given these answers, in order.
fn asked_ids(fw: &Framework, answers: &Answers) -> Vec<usize> {
    let asked = scoring::asked(fw, &answers.answers);
    fw.questions()
        .enumerate()
        .filter(|(_, (_, q))| asked.get(&q.id).copied().unwrap_or(true))
        .map(|(i, _)| i)
        .collect()
}

/// The index of the first asked question without an answer, where `--resume` starts.
pub fn first_unanswered(fw: &Framework, answers: &Answers) -> Option<usize> {
    let all: Vec<&Question> = fw.questions().map(|(_, q)| q).collect();
    asked_ids(fw, answers)
        .into_iter()
        .find(|&i| !answers.answers.contains_key(&all[i].id))
}

/// Runs the interview from question index `start`, saving after every answer,
/// until the person passes the last question. Conditions are evaluated again
/// after every answer, so going back and changing an answer changes what follows.
pub fn run(
    fw: &Framework,
    answers: &mut Answers,
    start: usize,
    prompter: &mut dyn Prompter,
    save: &mut dyn FnMut(&Answers) -> anyhow::Result<()>,
) -> Result<(), Stop> {
    let all: Vec<(&Section, &Question)> = fw.questions().collect();
    prompter.intro(fw, asked_ids(fw, answers).len())?;
    let mut index = start;
    let mut shown_section: Option<&str> = None;
    let mut history: Vec<usize> = Vec::new();
    while index < all.len() {
        let asked = asked_ids(fw, answers);
        let Some(pos) = asked.iter().position(|&i| i >= index) else {
            break;
        };
        index = asked[pos];
        let (section, question) = all[index];
        if shown_section != Some(section.id.as_str()) {
            prompter.section(section)?;
            shown_section = Some(section.id.as_str());
        }
        let position = Position {
            number: pos + 1,
            total: asked.len(),
            section: section.title.clone(),
        };
        match prompter.ask(&position, question, answers.answers.get(&question.id))? {
            Reply::Answer(value) => {
                answers.answers.insert(question.id.clone(), value);
                save(answers).map_err(Stop::Save)?;
                history.push(index);
                index += 1;
            }
            Reply::Skip => {
                if answers.answers.remove(&question.id).is_some() {
                    save(answers).map_err(Stop::Save)?;
                }
                history.push(index);
                index += 1;
            }
            Reply::Back => {
                let asked_now = asked_ids(fw, answers);
                let previous = match history.pop() {
                    Some(i) if asked_now.contains(&i) => Some(i),
                    _ => asked_now.iter().rev().find(|&&i| i < index).copied(),
                };
                if let Some(p) = previous {
                    index = p;
                }
            }
        }
    }
    Ok(())
}

/// A prompter that replays a script of replies, for tests.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    /// Replies still to give, in order.
    pub replies: std::collections::VecDeque<Reply>,
    /// Every question asked: (id, position, the saved answer shown as default).
    pub asked: Vec<(String, Position, Option<AnswerValue>)>,
    /// Section ids shown.
    pub sections: Vec<String>,
}

impl ScriptedPrompter {
    /// A prompter that will give these replies.
    pub fn new(replies: Vec<Reply>) -> ScriptedPrompter {
        ScriptedPrompter {
            replies: replies.into(),
            ..ScriptedPrompter::default()
        }
    }
}

impl Prompter for ScriptedPrompter {
    fn intro(&mut self, _: &Framework, _: usize) -> Result<(), Stop> {
        Ok(())
    }

    fn section(&mut self, section: &Section) -> Result<(), Stop> {
        self.sections.push(section.id.clone());
        Ok(())
    }

    fn ask(
        &mut self,
        position: &Position,
        question: &Question,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop> {
        self.asked
            .push((question.id.clone(), position.clone(), current.cloned()));
        self.replies.pop_front().ok_or(Stop::Interrupted)
    }
}

#[cfg(test)]
#[path = "flow_tests.rs"]
mod tests;
