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

/// Runs a script in a mode and returns the result, the ids asked, and how many saves happened.
fn interview(
    answers: &mut Answers,
    mode: Mode,
    script: Vec<Reply>,
) -> (Result<(), Stop>, Vec<String>, usize) {
    let f = fw();
    let mut p = ScriptedPrompter::new(script);
    let mut saves = 0;
    let result = run(&f, answers, mode, &mut p, &mut |_| {
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
    let (r, asked, saves) = interview(&mut a, Mode::All, vec![t("self"), t("yes")]);
    assert!(r.is_ok());
    assert_eq!(asked, ["mode", "yn"]);
    assert_eq!(saves, 2);
    assert_eq!(a.answers.len(), 2);
}

#[test]
fn a_condition_that_becomes_true_asks_the_follow_up() {
    let mut a = blank();
    let (_, asked, _) = interview(
        &mut a,
        Mode::All,
        vec![t("supported"), t("kickoff call"), t("no")],
    );
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
        Mode::All,
        vec![t("supported"), Reply::Back, t("self"), t("yes")],
    );
    assert_eq!(asked, ["mode", "steps", "mode", "yn"]);
}

#[test]
fn going_back_shows_the_saved_answer_as_default() {
    let f = fw();
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("self"), Reply::Back, t("self"), t("yes")]);
    let _ = run(&f, &mut a, Mode::All, &mut p, &mut |_| Ok(()));
    assert_eq!(p.asked[2].0, "mode");
    assert_eq!(p.asked[2].2, Some(AnswerValue::Text("self".into())));
}

#[test]
fn back_on_the_first_question_stays_there() {
    let mut a = blank();
    let (_, asked, _) = interview(&mut a, Mode::All, vec![Reply::Back, t("self"), t("yes")]);
    assert_eq!(asked, ["mode", "mode", "yn"]);
}

#[test]
fn skip_leaves_a_question_unanswered_and_clears_an_old_answer() {
    let mut a = blank();
    a.answers
        .insert("yn".into(), AnswerValue::Text("no".into()));
    let (_, _, saves) = interview(&mut a, Mode::All, vec![Reply::Skip, Reply::Skip]);
    assert!(a.answers.is_empty());
    assert_eq!(
        saves, 1,
        "skipping an unanswered question has nothing to save"
    );
}

#[test]
fn progress_counts_the_questions_that_may_still_be_asked() {
    let f = fw();
    let positions = |replies: Vec<Reply>| {
        let mut a = blank();
        let mut p = ScriptedPrompter::new(replies);
        let _ = run(&f, &mut a, Mode::All, &mut p, &mut |_| Ok(()));
        let got: Vec<(usize, usize, String)> = p
            .asked
            .iter()
            .map(|(_, pos, _)| (pos.number, pos.total, pos.section.clone()))
            .collect();
        (got, p.sections)
    };
    let a = |n, t| (n, t, "A".to_string());
    let b = |n, t| (n, t, "B".to_string());
    // Before the first answer the follow-up may come: 3, as `list` counts;
    // "supported" asks it, so 3 it stays.
    let (got, sections) = positions(vec![t("supported"), t("x"), t("yes")]);
    assert_eq!(got, [a(1, 3), a(2, 3), b(3, 3)]);
    assert_eq!(sections, ["a", "b"]);
    // "self" rules the follow-up out: 2 from then on.
    let (got, _) = positions(vec![t("self"), t("yes")]);
    assert_eq!(got, [a(1, 3), b(2, 2)]);
    // Skipped, the question asks no follow-up either.
    let (got, _) = positions(vec![Reply::Skip, t("yes")]);
    assert_eq!(got, [a(1, 3), b(2, 2)]);
}

#[test]
fn resume_starts_at_the_first_unanswered_question() {
    let f = fw();
    let mut a = blank();
    a.answers
        .insert("mode".into(), AnswerValue::Text("self".into()));
    assert_eq!(first_unanswered(&f, &a), Some(2));
    let (_, asked, _) = interview(&mut a, Mode::Gaps, vec![t("idk")]);
    assert_eq!(asked, ["yn"]);
    a.answers
        .insert("mode".into(), AnswerValue::Text("supported".into()));
    assert_eq!(first_unanswered(&f, &a), Some(1));
}

#[test]
fn an_interruption_keeps_every_answer_already_saved() {
    let mut a = blank();
    // The script runs out at the second question, as if Ctrl-C were pressed there.
    let (r, _, saves) = interview(&mut a, Mode::All, vec![t("self")]);
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
    let r = run(&f, &mut a, Mode::All, &mut p, &mut |_| {
        Err(anyhow::anyhow!("disk full"))
    });
    assert!(matches!(r, Err(Stop::Save(_))));
    assert_eq!(p.asked.len(), 1);
}

fn answered(a: &Answers, id: &str) -> Option<AnswerValue> {
    a.answers.get(id).cloned()
}

#[test]
fn back_is_offered_only_where_it_leads_somewhere() {
    let f = fw();
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("self"), t("yes")]);
    let _ = run(&f, &mut a, Mode::All, &mut p, &mut |_| Ok(()));
    let backs: Vec<bool> = p.asked.iter().map(|(_, pos, _)| pos.can_go_back).collect();
    assert_eq!(backs, [false, true]);
}

#[test]
fn the_last_answer_leads_to_the_review_not_straight_to_the_scorecard() {
    let f = fw();
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("self"), t("no")]);
    let r = run(&f, &mut a, Mode::All, &mut p, &mut |_| Ok(()));
    assert!(r.is_ok());
    assert_eq!(p.reviewed, 1);
}

#[test]
fn the_review_opens_any_question_and_asks_follow_ups_it_brings_into_play() {
    let f = fw();
    let mut a = blank();
    // Answer everything, then from the review change `mode` (index 0) to
    // "supported": its follow-up `steps` is asked; then finish.
    let mut p = ScriptedPrompter::new(vec![t("self"), t("no"), t("supported"), t("kickoff")]);
    p.reviews = vec![ReviewChoice::Edit(0), ReviewChoice::Finish].into();
    let mut saves = 0;
    let r = run(&f, &mut a, Mode::All, &mut p, &mut |_| {
        saves += 1;
        Ok(())
    });
    assert!(r.is_ok());
    let asked: Vec<&str> = p.asked.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(asked, ["mode", "yn", "mode", "steps"]);
    // The edited question shows its saved answer, and yn is not asked again.
    assert_eq!(p.asked[2].2, Some(AnswerValue::Text("self".into())));
    assert_eq!(
        answered(&a, "steps"),
        Some(AnswerValue::Text("kickoff".into()))
    );
    assert_eq!(saves, 4);
    assert_eq!(p.reviewed, 2);
}

#[test]
fn back_from_an_opened_question_returns_to_the_review_unchanged() {
    let f = fw();
    let mut a = blank();
    a.answers
        .insert("mode".into(), AnswerValue::Text("self".into()));
    a.answers
        .insert("yn".into(), AnswerValue::Text("yes".into()));
    let before = a.clone();
    let mut p = ScriptedPrompter::new(vec![Reply::Back]);
    p.reviews = vec![ReviewChoice::Edit(2), ReviewChoice::Finish].into();
    let r = run(&f, &mut a, Mode::Review, &mut p, &mut |_| Ok(()));
    assert!(r.is_ok());
    assert_eq!(a, before);
    assert!(p.asked[0].1.can_go_back);
}

#[test]
fn a_finished_file_opens_on_the_review_and_asks_no_question_first() {
    let f = fw();
    let mut a = blank();
    a.answers
        .insert("mode".into(), AnswerValue::Text("self".into()));
    a.answers
        .insert("yn".into(), AnswerValue::Text("yes".into()));
    assert!(is_complete(&f, &a));
    let mut p = ScriptedPrompter::new(vec![]);
    let r = run(&f, &mut a, Mode::Review, &mut p, &mut |_| Ok(()));
    assert!(r.is_ok());
    assert!(p.asked.is_empty());
    assert_eq!(p.respondent_asked, 0);
}

#[test]
fn resume_walks_only_questions_without_an_answer_even_after_a_skip() {
    let src = FW.replace(
        "[[bands]]",
        "[[sections.questions]]\nid = \"yn2\"\nkind = \"yes_no_idk\"\ntext = \"Again?\"\n[[sections.questions]]\nid = \"yn3\"\nkind = \"yes_no_idk\"\ntext = \"Third?\"\n[[bands]]",
    );
    let f = match parse_framework("t.toml", &src) {
        Ok(f) => f,
        Err(d) => panic!("{d}"),
    };
    let mut a = blank();
    a.answers
        .insert("mode".into(), AnswerValue::Text("self".into()));
    a.answers
        .insert("yn2".into(), AnswerValue::Text("yes".into()));
    // yn is skipped, yn2 (answered) is not shown again, yn3 is asked.
    let mut p = ScriptedPrompter::new(vec![Reply::Skip, t("no")]);
    let r = run(&f, &mut a, Mode::Gaps, &mut p, &mut |_| Ok(()));
    assert!(r.is_ok());
    let asked: Vec<&str> = p.asked.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(asked, ["yn", "yn3"]);
}

#[test]
fn the_respondent_is_asked_once_and_fills_the_question_that_asks_for_it() {
    let src = FW.replace(
        "[[sections]]\nid = \"b\"",
        "[[sections.questions]]\nid = \"name\"\nkind = \"text\"\ntext = \"Your Name\"\nrespondent = \"name\"\n[[sections]]\nid = \"b\"",
    );
    let f = match parse_framework("t.toml", &src) {
        Ok(f) => f,
        Err(d) => panic!("{d}"),
    };
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("self"), t("yes")]);
    p.who = [
        ("name".to_string(), "Ada".to_string()),
        ("role".to_string(), "CSM".to_string()),
    ]
    .into();
    let r = run(&f, &mut a, Mode::All, &mut p, &mut |_| Ok(()));
    assert!(r.is_ok());
    assert_eq!(p.respondent_asked, 1);
    let asked: Vec<&str> = p.asked.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(asked, ["mode", "yn"], "`name` is filled, not asked");
    assert_eq!(answered(&a, "name"), Some(AnswerValue::Text("Ada".into())));
    assert_eq!(a.respondent.get("role").map(String::as_str), Some("CSM"));
}

fn na(reason: &str) -> Reply {
    Reply::NotApplicable(reason.into())
}

#[test]
fn not_applicable_saves_the_reason_and_its_follow_ups_are_not_asked() {
    let mut a = blank();
    let (r, asked, saves) = interview(
        &mut a,
        Mode::All,
        vec![na("We have no onboarding to speak of"), t("yes")],
    );
    assert!(r.is_ok());
    assert_eq!(
        asked,
        ["mode", "yn"],
        "`steps` is asked only when mode is supported"
    );
    assert_eq!(saves, 2);
    assert_eq!(
        a.not_applicable.get("mode").map(String::as_str),
        Some("We have no onboarding to speak of")
    );
    assert!(!a.answers.contains_key("mode"));
}

#[test]
fn an_answer_replaces_not_applicable_and_the_saved_reason_is_shown() {
    let f = fw();
    let mut a = blank();
    a.not_applicable.insert("yn".into(), "Not us".into());
    a.answers
        .insert("mode".into(), AnswerValue::Text("self".into()));
    let mut p = ScriptedPrompter::new(vec![t("self"), t("no")]);
    let r = run(&f, &mut a, Mode::All, &mut p, &mut |_| Ok(()));
    assert!(r.is_ok());
    let (id, position, current) = &p.asked[1];
    assert_eq!(id, "yn");
    assert_eq!(position.not_applicable.as_deref(), Some("Not us"));
    assert_eq!(current, &None);
    assert!(a.not_applicable.is_empty());
    assert_eq!(a.answers.get("yn"), Some(&AnswerValue::Text("no".into())));
}

#[test]
fn not_applicable_replaces_an_answer_and_skip_clears_both() {
    let mut a = blank();
    a.answers
        .insert("mode".into(), AnswerValue::Text("self".into()));
    a.not_applicable.insert("yn".into(), "Not us".into());
    let (_, _, saves) = interview(&mut a, Mode::All, vec![na("None"), Reply::Skip]);
    assert_eq!(saves, 2);
    assert!(a.answers.is_empty());
    assert_eq!(a.not_applicable.keys().collect::<Vec<_>>(), ["mode"]);
}

#[test]
fn resume_counts_a_question_not_applicable_as_settled() {
    let mut a = blank();
    a.not_applicable
        .insert("mode".into(), "No onboarding".into());
    assert_eq!(first_unanswered(&fw(), &a), Some(2));
    let (_, asked, _) = interview(&mut a, Mode::Gaps, vec![t("yes")]);
    assert_eq!(asked, ["yn"]);
    assert!(is_complete(&fw(), &a));
}

#[test]
fn not_applicable_is_offered_only_where_the_framework_allows_it() {
    let src = FW.replace(
        "kind = \"yes_no_idk\"\ntext = \"Yes?\"",
        "kind = \"yes_no_idk\"\ntext = \"Yes?\"\nnot_applicable = false",
    );
    let f = match parse_framework("t.toml", &src) {
        Ok(f) => f,
        Err(d) => panic!("{d}"),
    };
    let mut a = blank();
    let mut p = ScriptedPrompter::new(vec![t("self"), t("yes")]);
    let _ = run(&f, &mut a, Mode::All, &mut p, &mut |_| Ok(()));
    let offered: Vec<(&str, bool)> = p
        .asked
        .iter()
        .map(|(id, pos, _)| (id.as_str(), pos.can_be_not_applicable))
        .collect();
    assert_eq!(offered, [("mode", true), ("yn", false)]);
}
