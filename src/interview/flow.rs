//! The interview's navigation: which question to ask next, going back,
//! skipping, `when` conditions and resuming, written against a [`Prompter`] so
//! that the logic is tested with a script.

use std::collections::BTreeMap;

use crate::answers::{AnswerValue, Answers};
use crate::framework::{Framework, Question, Section};
use crate::scoring;

/// Where a question stands in the interview, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// 1-based number of the question among those asked.
    pub number: usize,
    /// How many questions may be asked, given the answers so far: the asked
    /// ones and the follow-ups an answer still to come may bring in.
    pub total: usize,
    /// The title of the question's section.
    pub section: String,
    /// Whether Back leads somewhere (a question before this one, or the
    /// review screen); on the very first question it does not, so it is not offered.
    pub can_go_back: bool,
    /// Whether "not applicable" may be offered (the framework allows it here).
    pub can_be_not_applicable: bool,
    /// The reason saved when the question was answered "not applicable".
    pub not_applicable: Option<String>,
}

/// What the person did at a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Gave this answer.
    Answer(AnswerValue),
    /// Said it does not apply, with this reason (never blank).
    NotApplicable(String),
    /// Left it unanswered and moved on (clears an earlier answer).
    Skip,
    /// Went back to the previous question (or to the review screen).
    Back,
}

/// What the person chose on the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewChoice {
    /// Done: see the scorecard.
    Finish,
    /// Open the question at this index of `Framework::questions()` to change it.
    Edit(usize),
}

/// Which questions the interview walks through before the review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every asked question, from the first.
    All,
    /// Only the asked questions without an answer, in order (`--resume`).
    Gaps,
    /// None: straight to the review screen (a finished file reopened to edit).
    Review,
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

/// The respondent fields asked once, on the first screen, in this order.
pub const RESPONDENT_FIELDS: [&str; 4] = ["name", "organization", "role", "date"];

/// Asks questions. The terminal implementation uses dialoguer; tests use a script.
pub trait Prompter {
    /// Shows the framework's title, what it measures, how long it takes and
    /// where the answers are saved.
    fn intro(&mut self, fw: &Framework) -> Result<(), Stop>;
    /// Asks who is answering (name, organization, role, date), with what is
    /// known as defaults; returns the fields to record.
    fn respondent(
        &mut self,
        known: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, Stop>;
    /// Shows a section's title and objective as the interview enters it.
    fn section(&mut self, section: &Section) -> Result<(), Stop>;
    /// Asks one question; `current` is the saved answer, highlighted by
    /// default (a saved "not applicable" is in `position`). Offers "not
    /// applicable", asking for the reason, where `position` allows it.
    fn ask(
        &mut self,
        position: &Position,
        question: &Question,
        current: Option<&AnswerValue>,
    ) -> Result<Reply, Stop>;
    /// Shows every asked question with its answer and lets the person open one
    /// to change it, or finish.
    fn review(&mut self, fw: &Framework, answers: &Answers) -> Result<ReviewChoice, Stop>;
}

/// The indexes (in `Framework::questions()`) of the questions asked given these answers.
fn asked_ids(fw: &Framework, answers: &Answers) -> Vec<usize> {
    let asked = scoring::asked(fw, &answers.answers);
    fw.questions()
        .enumerate()
        .filter(|(_, (_, q))| asked.get(&q.id).copied().unwrap_or(true))
        .map(|(i, _)| i)
        .collect()
}

/// How many questions may still be asked when the question at `reached` (an
/// index in `Framework::questions()`) is on screen: those asked given the
/// answers so far, and the follow-ups of questions not yet passed, which
/// their answers may bring in. Before the first answer, every question: the
/// count `list`, `show` and the form give.
fn may_be_asked(fw: &Framework, answers: &Answers, reached: usize) -> usize {
    let asked = scoring::asked(fw, &answers.answers);
    let index: BTreeMap<&str, usize> = fw
        .questions()
        .enumerate()
        .map(|(i, (_, q))| (q.id.as_str(), i))
        .collect();
    let mut may: BTreeMap<&str, bool> = BTreeMap::new();
    for (_, q) in fw.questions() {
        let yes = asked.get(&q.id).copied().unwrap_or(true)
            || q.when.as_ref().is_some_and(|w| {
                index
                    .get(w.question.as_str())
                    .is_some_and(|&t| t >= reached)
                    && may.get(w.question.as_str()).copied().unwrap_or(false)
            });
        may.insert(&q.id, yes);
    }
    may.values().filter(|&&yes| yes).count()
}

/// Whether a question has an answer or was answered "not applicable".
fn is_settled(answers: &Answers, id: &str) -> bool {
    answers.answers.contains_key(id) || answers.not_applicable.contains_key(id)
}

/// The index of the first asked question without an answer (or "not
/// applicable"), where `--resume` starts.
pub fn first_unanswered(fw: &Framework, answers: &Answers) -> Option<usize> {
    let all: Vec<&Question> = fw.questions().map(|(_, q)| q).collect();
    asked_ids(fw, answers)
        .into_iter()
        .find(|&i| !is_settled(answers, &all[i].id))
}

/// Whether every asked question has an answer.
pub fn is_complete(fw: &Framework, answers: &Answers) -> bool {
    first_unanswered(fw, answers).is_none()
}

/// One interview: the framework, the answers being built, where they go.
struct Session<'a> {
    fw: &'a Framework,
    all: Vec<(&'a Section, &'a Question)>,
    answers: &'a mut Answers,
    prompter: &'a mut dyn Prompter,
    save: &'a mut dyn FnMut(&Answers) -> anyhow::Result<()>,
    shown_section: Option<String>,
}

impl Session<'_> {
    fn save(&mut self) -> Result<(), Stop> {
        (self.save)(self.answers).map_err(Stop::Save)
    }

    /// Where a question stands for the prompt.
    fn position(
        &self,
        number: usize,
        total: usize,
        section: &Section,
        question: &Question,
        can_go_back: bool,
    ) -> Position {
        Position {
            number,
            total,
            section: section.title.clone(),
            can_go_back,
            can_be_not_applicable: self.fw.allows_not_applicable(section, question),
            not_applicable: self.answers.not_applicable.get(&question.id).cloned(),
        }
    }

    /// Records a reply to a question (Back records nothing): an answer or
    /// "not applicable" replaces the other, Skip clears both. An answer always
    /// saves; the others save when they change something.
    fn record(&mut self, question: &Question, reply: Reply) -> Result<(), Stop> {
        let id = question.id.clone();
        let changed = match reply {
            Reply::Answer(value) => {
                self.answers.not_applicable.remove(&id);
                self.answers.answers.insert(id, value);
                true
            }
            Reply::NotApplicable(reason) => {
                let answered = self.answers.answers.remove(&id).is_some();
                let old = self.answers.not_applicable.insert(id, reason.clone());
                answered || old.as_ref() != Some(&reason)
            }
            Reply::Skip => {
                let a = self.answers.answers.remove(&id).is_some();
                let n = self.answers.not_applicable.remove(&id).is_some();
                a || n
            }
            Reply::Back => false,
        };
        if changed {
            self.save()?;
        }
        Ok(())
    }

    /// Fills a question that the framework takes from the respondent's
    /// fields (CSPI's "Your Name"), so it is not asked twice.
    fn fill_from_respondent(&mut self, q: &Question) -> Result<bool, Stop> {
        let Some(field) = &q.respondent else {
            return Ok(false);
        };
        let Some(value) = self
            .answers
            .respondent
            .get(field)
            .filter(|v| !v.trim().is_empty())
        else {
            return Ok(false);
        };
        let value = AnswerValue::Text(value.clone());
        if q.invalid_reason(&value).is_some() {
            return Ok(false);
        }
        if self.answers.answers.get(&q.id) != Some(&value) {
            self.answers.answers.insert(q.id.clone(), value);
            self.save()?;
        }
        Ok(true)
    }

    /// Walks forward from `index` through the asked questions that `eligible`
    /// accepts, until past the last; Back returns along the way taken.
    /// Conditions are evaluated again after every answer.
    fn walk(
        &mut self,
        mut index: usize,
        eligible: &dyn Fn(usize, &Answers) -> bool,
    ) -> Result<(), Stop> {
        let mut history: Vec<usize> = Vec::new();
        while index < self.all.len() {
            let asked = asked_ids(self.fw, self.answers);
            let Some(pos) = asked
                .iter()
                .position(|&i| i >= index && eligible(i, self.answers))
            else {
                break;
            };
            index = asked[pos];
            let (section, question) = self.all[index];
            if self.fill_from_respondent(question)? {
                index += 1;
                continue;
            }
            if self.shown_section.as_deref() != Some(section.id.as_str()) {
                self.prompter.section(section)?;
                self.shown_section = Some(section.id.clone());
            }
            let total = may_be_asked(self.fw, self.answers, index);
            let position = self.position(pos + 1, total, section, question, !history.is_empty());
            let current = self.answers.answers.get(&question.id).cloned();
            match self.prompter.ask(&position, question, current.as_ref())? {
                Reply::Back => {
                    let asked_now = asked_ids(self.fw, self.answers);
                    if let Some(p) = history.pop() {
                        index = if asked_now.contains(&p) {
                            p
                        } else {
                            asked_now
                                .iter()
                                .rev()
                                .find(|&&i| i < index)
                                .copied()
                                .unwrap_or(index)
                        };
                    }
                }
                reply => {
                    self.record(question, reply)?;
                    history.push(index);
                    index += 1;
                }
            }
        }
        Ok(())
    }

    /// Opens one question from the review screen; Back returns to the review.
    /// Follow-ups that the new answer brings into play are asked after it.
    fn edit(&mut self, index: usize) -> Result<(), Stop> {
        let Some(&(section, question)) = self.all.get(index) else {
            return Ok(());
        };
        let before = asked_ids(self.fw, self.answers);
        let Some(pos) = before.iter().position(|&i| i == index) else {
            return Ok(());
        };
        self.prompter.section(section)?;
        self.shown_section = Some(section.id.clone());
        let total = may_be_asked(self.fw, self.answers, index);
        let position = self.position(pos + 1, total, section, question, true);
        let current = self.answers.answers.get(&question.id).cloned();
        match self.prompter.ask(&position, question, current.as_ref())? {
            Reply::Back => return Ok(()),
            reply => self.record(question, reply)?,
        }
        let all: Vec<String> = self.all.iter().map(|(_, q)| q.id.clone()).collect();
        self.walk(index + 1, &|i, a: &Answers| {
            !before.contains(&i) && !is_settled(a, &all[i])
        })
    }
}

/// Runs the interview: the respondent once, the questions of `mode`, then the
/// review screen until the person finishes. Every answer is saved before the
/// next screen is drawn.
pub fn run(
    fw: &Framework,
    answers: &mut Answers,
    mode: Mode,
    prompter: &mut dyn Prompter,
    save: &mut dyn FnMut(&Answers) -> anyhow::Result<()>,
) -> Result<(), Stop> {
    prompter.intro(fw)?;
    let missing = RESPONDENT_FIELDS.iter().any(|f| {
        answers
            .respondent
            .get(*f)
            .is_none_or(|v| v.trim().is_empty())
    });
    if mode != Mode::Review && missing {
        let given = prompter.respondent(&answers.respondent)?;
        answers.respondent.extend(given);
        answers.respondent.retain(|_, v| !v.trim().is_empty());
    }
    let all: Vec<(&Section, &Question)> = fw.questions().collect();
    let ids: Vec<String> = all.iter().map(|(_, q)| q.id.clone()).collect();
    let mut session = Session {
        fw,
        all,
        answers,
        prompter,
        save,
        shown_section: None,
    };
    match mode {
        Mode::All => session.walk(0, &|_, _| true)?,
        Mode::Gaps => session.walk(0, &|i, a: &Answers| !is_settled(a, &ids[i]))?,
        Mode::Review => {}
    }
    loop {
        match session.prompter.review(fw, session.answers)? {
            ReviewChoice::Finish => return Ok(()),
            ReviewChoice::Edit(i) => session.edit(i)?,
        }
    }
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
    /// Choices on the review screen, in order; Finish when none are left.
    pub reviews: std::collections::VecDeque<ReviewChoice>,
    /// How many times the review screen was shown.
    pub reviewed: usize,
    /// The respondent fields to give when asked.
    pub who: BTreeMap<String, String>,
    /// How many times the respondent was asked.
    pub respondent_asked: usize,
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
    fn intro(&mut self, _: &Framework) -> Result<(), Stop> {
        Ok(())
    }

    fn respondent(
        &mut self,
        _: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, Stop> {
        self.respondent_asked += 1;
        Ok(self.who.clone())
    }

    fn review(&mut self, _: &Framework, _: &Answers) -> Result<ReviewChoice, Stop> {
        self.reviewed += 1;
        Ok(self.reviews.pop_front().unwrap_or(ReviewChoice::Finish))
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
