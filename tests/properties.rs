//! Properties of scoring over every shipped framework with random answers.

use cs_scorecard::answers::{self, AnswerValue, Answers, Syntax};
use cs_scorecard::framework::{Catalog, EMBEDDED, Framework, Kind, Question};
use cs_scorecard::scoring::{self, find_band};
use proptest::prelude::*;

/// Every shipped framework, loaded once for all the cases.
fn frameworks() -> &'static [Framework] {
    static LOADED: std::sync::OnceLock<Vec<Framework>> = std::sync::OnceLock::new();
    LOADED.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(
                |(file, _)| match Catalog::default().load(file.trim_end_matches(".toml"), None) {
                    Ok(l) => l.framework,
                    Err(e) => panic!("{file}: {e}"),
                },
            )
            .collect()
    })
}

/// A valid answer (or none) for a question, chosen by a random number.
fn answer_for(q: &Question, r: u64) -> Option<AnswerValue> {
    if r % 7 == 0 {
        return None;
    }
    let pick = |n: usize| (r / 7) as usize % n.max(1);
    Some(match q.kind {
        Kind::YesNoIdk => AnswerValue::Text(["yes", "no", "idk"][pick(3)].to_string()),
        Kind::Level | Kind::Single => {
            AnswerValue::Text(q.options[pick(q.options.len())].id.clone())
        }
        Kind::Multi => {
            let mut ids = Vec::new();
            for (i, o) in q.options.iter().enumerate() {
                if !o.exclusive && (r >> (i % 60)) & 1 == 1 {
                    ids.push(o.id.clone());
                }
            }
            if ids.is_empty() {
                if let Some(ex) = q
                    .options
                    .iter()
                    .find(|o| o.exclusive)
                    .filter(|_| r % 2 == 0)
                {
                    ids.push(ex.id.clone());
                }
            }
            AnswerValue::List(ids)
        }
        Kind::Number => {
            let (lo, hi) = (q.min.unwrap_or(0.0), q.max.unwrap_or(1000.0));
            AnswerValue::Number((lo + (hi - lo) * ((r % 1001) as f64 / 1000.0)).round())
        }
        Kind::Text if q.format.is_some() => {
            AnswerValue::Text(format!("user{}@example.com", r % 100))
        }
        Kind::Text => AnswerValue::Text(format!(
            "free text \"{}\" with ünïcode and a # hash",
            r % 1000
        )),
    })
}

fn random_answers(fw: &Framework, seeds: &[u64]) -> Answers {
    let mut a = Answers {
        framework: fw.id.clone(),
        ..Answers::default()
    };
    for ((_, q), r) in fw.questions().zip(seeds.iter().cycle()) {
        if let Some(v) = answer_for(q, *r) {
            a.answers.insert(q.id.clone(), v);
        }
    }
    a
}

fn arb_case() -> impl Strategy<Value = (usize, Vec<u64>)> {
    (0..EMBEDDED.len(), prop::collection::vec(any::<u64>(), 40))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_answers_are_valid_and_score_within_bounds((f, seeds) in arb_case()) {
        let fw = &frameworks()[f];
        let a = random_answers(fw, &seeds);
        for (id, v) in &a.answers {
            let q = fw.question(id);
            prop_assert!(q.is_some_and(|q| q.invalid_reason(v).is_none()), "{id}: {v:?}");
        }
        let card = scoring::score(fw, &a);
        prop_assert!(card.total.score >= 0.0);
        prop_assert!(card.total.score <= card.total.max + 1e-9);
        prop_assert!(card.total.max <= scoring::max_score(fw) + 1e-9);
        prop_assert!((0.0..=100.0).contains(&card.total.percent));
        let sum: f64 = card.sections.iter().map(|s| s.score).sum();
        prop_assert!((sum - card.total.score).abs() < 1e-6, "sections {sum} vs total {}", card.total.score);
        let max_sum: f64 = card.sections.iter().map(|s| s.max).sum();
        prop_assert!((max_sum - card.total.max).abs() < 1e-6);
    }

    #[test]
    fn the_band_always_exists_and_holds_the_total((f, seeds) in arb_case()) {
        let fw = &frameworks()[f];
        let card = scoring::score(fw, &random_answers(fw, &seeds));
        let value = match fw.band_basis {
            cs_scorecard::framework::BandBasis::Points => card.total.score,
            cs_scorecard::framework::BandBasis::Percent => card.total.percent,
        };
        let band = find_band(&fw.bands, value);
        prop_assert!(band.is_some(), "no band for {value}");
        let band = band.map(|b| (b.min, b.label.clone()));
        prop_assert!(band.as_ref().is_some_and(|(min, _)| *min <= value + 1e-9));
        match &card.band_cap {
            // A band cap holds the band lower than the total reads, and says why.
            Some(cap) => {
                prop_assert_eq!(Some(cap.uncapped.clone()), band.map(|(_, l)| l));
                prop_assert!(!cap.reasons.is_empty());
                let held = card.band.as_ref().and_then(|b| fw.bands.iter().find(|x| x.label == b.label));
                prop_assert!(held.is_some_and(|b| b.min <= value + 1e-9));
            }
            None => prop_assert_eq!(card.band.map(|b| b.label), band.map(|(_, l)| l)),
        }
    }

    #[test]
    fn a_better_answer_never_lowers_the_score((f, seeds, which) in (0..EMBEDDED.len(), prop::collection::vec(any::<u64>(), 40), any::<usize>())) {
        let fw = &frameworks()[f];
        let a = random_answers(fw, &seeds);
        let conditioned: Vec<&str> = fw.questions().filter_map(|(_, q)| q.when.as_ref().map(|w| w.question.as_str())).collect();
        let candidates: Vec<&Question> = fw
            .questions()
            .map(|(_, q)| q)
            .filter(|q| matches!(q.kind, Kind::YesNoIdk | Kind::Level | Kind::Single | Kind::Multi) && !conditioned.contains(&q.id.as_str()))
            .collect();
        let q = candidates[which % candidates.len()];
        let before = scoring::score(fw, &a).total.score;
        let mut better = a.clone();
        let improved = match (q.kind, a.answers.get(&q.id)) {
            (Kind::YesNoIdk, _) => Some(AnswerValue::Text("yes".into())),
            (Kind::Level | Kind::Single, current) => {
                let now = scoring::question_score(q, current);
                q.options.iter().filter(|o| o.points >= now).max_by(|x, y| x.points.total_cmp(&y.points)).map(|o| AnswerValue::Text(o.id.clone()))
            }
            (Kind::Multi, Some(AnswerValue::List(ids))) => {
                let mut ids: Vec<String> = ids.iter().filter(|id| q.option(id).is_some_and(|o| !o.exclusive)).cloned().collect();
                if let Some(o) = q.options.iter().find(|o| !o.exclusive && !ids.contains(&o.id)) {
                    ids.push(o.id.clone());
                }
                Some(AnswerValue::List(ids))
            }
            _ => None,
        };
        if let Some(v) = improved {
            better.answers.insert(q.id.clone(), v);
            let after = scoring::score(fw, &better).total.score;
            prop_assert!(after + 1e-9 >= before, "{}: {before} -> {after}", q.id);
        }
    }

    #[test]
    fn toml_and_json_answers_give_the_same_scorecard((f, seeds) in arb_case()) {
        let fw = &frameworks()[f];
        let a = random_answers(fw, &seeds);
        let toml_text = answers::to_toml(&a, fw);
        let json_text = serde_json::to_string_pretty(&a).unwrap_or_default();
        let from_toml = answers::parse("a.toml", toml_text.clone(), Syntax::Toml);
        let from_json = answers::parse("a.json", json_text, Syntax::Json);
        prop_assert!(from_toml.is_ok(), "{toml_text}");
        prop_assert!(from_json.is_ok());
        let (t, j) = match (from_toml, from_json) {
            (Ok(t), Ok(j)) => (t.answers, j.answers),
            _ => unreachable!(),
        };
        prop_assert_eq!(&t.answers, &a.answers);
        prop_assert_eq!(scoring::score(fw, &t), scoring::score(fw, &j));
    }

    /// Whatever number the interview saves, `score` and `--resume` read back
    /// exactly: 1e20 was once written as an integer literal that overflowed.
    #[test]
    fn every_saved_number_reads_back_exactly(x in any::<f64>().prop_filter("finite", |x| x.is_finite()), scale in -30i32..30) {
        let x = x * 10f64.powi(scale);
        prop_assume!(x.is_finite());
        let fw = frameworks().iter().find(|f| f.questions().any(|(_, q)| q.kind == Kind::Number));
        prop_assert!(fw.is_some());
        let Some(fw) = fw else { unreachable!() };
        let Some((_, q)) = fw.questions().find(|(_, q)| q.kind == Kind::Number) else { unreachable!() };
        let mut a = Answers { framework: fw.id.clone(), ..Answers::default() };
        a.answers.insert(q.id.clone(), AnswerValue::Number(x));
        let text = answers::to_toml(&a, fw);
        let back = answers::parse("a.toml", text.clone(), Syntax::Toml);
        prop_assert!(back.is_ok(), "{text}");
        let got = back.ok().and_then(|b| b.answers.answers.get(&q.id).cloned());
        prop_assert_eq!(got, Some(AnswerValue::Number(x)), "{}", text);
        let json = serde_json::to_string(&a).unwrap_or_default();
        let back = answers::parse("a.json", json.clone(), Syntax::Json);
        prop_assert!(back.is_ok(), "{json}");
        let got = back.ok().and_then(|b| b.answers.answers.get(&q.id).cloned());
        prop_assert_eq!(got, Some(AnswerValue::Number(x)), "{}", json);
    }

    /// Whatever a file holds, what reaches the terminal has no control
    /// character but line breaks, tabs and colour sequences.
    #[test]
    fn the_output_boundary_lets_no_control_character_through(text in "(\\PC|\\p{Cc}|\u{1b}\\[[0-9;]{0,3}[mJHK]|\u{202e})*") {
        let safe = cs_scorecard::text::terminal_safe(&text);
        let mut rest = safe.as_str();
        while let Some(c) = rest.chars().next() {
            if c == '\u{1b}' {
                let len = rest.find('m').map_or(0, |m| m + 1);
                prop_assert!(len > 2 && rest[2..len - 1].bytes().all(|b| b.is_ascii_digit() || b == b';'), "{safe:?}");
                rest = &rest[len..];
                continue;
            }
            prop_assert!(!c.is_control() || matches!(c, '\n' | '\t' | '\r'), "{safe:?}");
            prop_assert!(!cs_scorecard::text::is_bidi_control(c), "{safe:?}");
            rest = &rest[c.len_utf8()..];
        }
    }
}
