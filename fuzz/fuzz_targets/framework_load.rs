//! Any bytes as a framework file: parse, validate (examples included) and, when
//! valid, score its examples and render every report. Must never panic.
#![no_main]

use clap::ValueEnum;
use cs_scorecard::answers::Answers;
use cs_scorecard::cli::ScoreFormat;
use cs_scorecard::framework::{LoadedFramework, parse_framework, validate};
use cs_scorecard::report::{ReportOptions, reporter};
use cs_scorecard::{fsio, scoring};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = fsio::decode("fuzz.toml", data.to_vec()) else {
        return;
    };
    let Ok(framework) = parse_framework("fuzz.toml", &source) else {
        return;
    };
    let loaded = LoadedFramework {
        framework,
        path: "fuzz.toml".into(),
        source,
    };
    let mut problems = validate(&loaded, true);
    if problems.is_empty() {
        problems = cs_scorecard::examples::check(&loaded);
    }
    for p in &problems {
        let _ = p.render(false);
    }
    if !problems.is_empty() {
        return;
    }
    let options = ReportOptions {
        color: false,
        width: 80,
        date: "2026-01-01".into(),
    };
    for example in &loaded.framework.examples {
        let answers = Answers {
            framework: loaded.framework.id.clone(),
            answers: example.answers.clone(),
            not_applicable: example.not_applicable.clone(),
            ..Answers::default()
        };
        let card = scoring::score(&loaded.framework, &answers);
        for format in ScoreFormat::value_variants() {
            let _ = reporter(*format).render(&card, &options);
        }
    }
});
