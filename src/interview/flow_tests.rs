use super::*;
use crate::framework::parse_framework;

const FW: &str = r#"
id = "t"
title = "T"
version = "1"
description = "d"
[[sections]]
id = "a"
title = "A"
[[sections.questions]]
id = "mode"
kind = "single"
text = "Mode?"
options = [{ id = "self", label = "Self", points = 0 }, { id = "supported", label = "Supported", points = 1 }]
[[sections.questions]]
id = "steps"
kind = "text"
text = "Which steps?"
when = { question = "mode", is = "supported" }
[[sections]]
id = "b"
title = "B"
[[sections.questions]]
id = "yn"
kind = "yes_no_idk"
text = "Yes?"
[[bands]]
min = 0
max = 2
label = "all"
text = "All."
"#;

fn fw() -> Framework {
    match parse_framework("t.toml", FW) {
        Ok(f) => f,
        Err(d) => panic!("{d}"),
    }
}

fn t(s: &str) -> Reply {
    Reply::Answer(AnswerValue::Text(s.into()))
}

/// Runs a script from `start` and returns the answers, the ids asked, and how many saves happened.
fn interview(
    answers: &mut Answers,
    start: usize,
    script: Vec<Reply>,
) -> (Result<(), Stop>, Vec<String>, usize) {
    let f = fw();
    let mut p = ScriptedPrompter::new(script);
    let mut saves = 0;
    let result = run(&f, answers, start, &mut p, &mut |_| {
        saves += 1;
        Ok(())
    });
    (
        result,
        p.asked.into_iter().map(|(id, _, _)| id).collect(),
        saves,
    )
}

fn blank() -> Answers {
    Answers {
        framework: "t".into(),
        ..Answers::default()
    }
}

#[test]
fn asks_in_order_and_skips_questions_whose_condition_is_false() {
    let mut a = blank();
    let (r, asked, saves) = interview(&mut a, 0, vec![t("self"), t("yes")]);
    assert!(r.is_ok());
    assert_eq!(asked, ["mode", "yn"]);
    assert_eq!(saves, 2);
    assert_eq!(a.answers.len(), 2);
}

#[test]
fn a_condition_that_becomes_true_asks_the_follow_up() {
    let mut a = blank();
    let (_, asked, _) = interview(&mut a, 0, vec![t("supported"), t("kickoff call"), t("no")]);
    assert_eq!(asked, ["mode", "steps", "yn"]);
    assert_eq!(
        a.answers.get("steps"),
        Some(&AnswerValue::Text("kickoff call".into()))
    );
}

#[test]
fn going_back_re_evaluates_conditions() {
    let mut a = blank();
    // Answer "supported", reach the follow-up, go back, change to "self": the follow-up is no longer asked.
    let (_, asked, _) = interview(
        &mut a,
        0,
        vec![t("supported"), Reply::Back, t("self"), t("yes")],
    );
    assert_eq!(asked, ["mode", "steps", "mode", "yn"]);
}

#[test]
fn going_back_shows_the_saved_answer_as_default() {
    let f = fw();
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("self"), Reply::Back, t("self"), t("yes")]);
    let _ = run(&f, &mut a, 0, &mut p, &mut |_| Ok(()));
    assert_eq!(p.asked[2].0, "mode");
    assert_eq!(p.asked[2].2, Some(AnswerValue::Text("self".into())));
}

#[test]
fn back_on_the_first_question_stays_there() {
    let mut a = blank();
    let (_, asked, _) = interview(&mut a, 0, vec![Reply::Back, t("self"), t("yes")]);
    assert_eq!(asked, ["mode", "mode", "yn"]);
}

#[test]
fn skip_leaves_a_question_unanswered_and_clears_an_old_answer() {
    let mut a = blank();
    a.answers
        .insert("yn".into(), AnswerValue::Text("no".into()));
    let (_, _, saves) = interview(&mut a, 0, vec![Reply::Skip, Reply::Skip]);
    assert!(a.answers.is_empty());
    assert_eq!(
        saves, 1,
        "skipping an unanswered question has nothing to save"
    );
}

#[test]
fn progress_counts_only_asked_questions() {
    let f = fw();
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("supported"), t("x"), t("yes")]);
    let _ = run(&f, &mut a, 0, &mut p, &mut |_| Ok(()));
    let positions: Vec<(usize, usize, &str)> = p
        .asked
        .iter()
        .map(|(_, pos, _)| (pos.number, pos.total, pos.section.as_str()))
        .collect();
    // Before "supported" only 2 questions are asked; after it, 3.
    assert_eq!(positions, [(1, 2, "A"), (2, 3, "A"), (3, 3, "B")]);
    assert_eq!(p.sections, ["a", "b"]);
}

#[test]
fn resume_starts_at_the_first_unanswered_question() {
    let f = fw();
    let mut a = blank();
    a.answers
        .insert("mode".into(), AnswerValue::Text("self".into()));
    assert_eq!(first_unanswered(&f, &a), Some(2));
    let (_, asked, _) = interview(&mut a, 2, vec![t("idk")]);
    assert_eq!(asked, ["yn"]);
    a.answers
        .insert("mode".into(), AnswerValue::Text("supported".into()));
    assert_eq!(first_unanswered(&f, &a), Some(1));
}

#[test]
fn an_interruption_keeps_every_answer_already_saved() {
    let mut a = blank();
    // The script runs out at the second question, as if Ctrl-C were pressed there.
    let (r, _, saves) = interview(&mut a, 0, vec![t("self")]);
    assert!(matches!(r, Err(Stop::Interrupted)));
    assert_eq!(saves, 1);
    assert_eq!(
        a.answers.get("mode"),
        Some(&AnswerValue::Text("self".into()))
    );
}

#[test]
fn a_failed_save_stops_the_interview() {
    let f = fw();
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("self"), t("yes")]);
    let r = run(&f, &mut a, 0, &mut p, &mut |_| {
        Err(anyhow::anyhow!("disk full"))
    });
    assert!(matches!(r, Err(Stop::Save(_))));
    assert_eq!(p.asked.len(), 1);
}
