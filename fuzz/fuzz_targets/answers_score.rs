//! Any bytes as an answers file (TOML and JSON), checked and scored against
//! every shipped framework, then rendered in every format. Must never panic.
#![no_main]

use clap::ValueEnum;
use cs_scorecard::answers::{self, Syntax};
use cs_scorecard::cli::ScoreFormat;
use cs_scorecard::framework::{Catalog, EMBEDDED};
use cs_scorecard::report::{ReportOptions, reporter};
use cs_scorecard::{fsio, scoring};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = fsio::decode("fuzz", data.to_vec()) else {
        return;
    };
    let options = ReportOptions {
        color: false,
        width: 80,
        date: "2026-01-01".into(),
    };
    for syntax in [Syntax::Toml, Syntax::Json] {
        let loaded = match answers::parse("fuzz", source.clone(), syntax) {
            Ok(l) => l,
            Err(problems) => {
                for p in &problems {
                    let _ = p.render(false);
                }
                continue;
            }
        };
        for (file, _) in EMBEDDED {
            let Ok(fw) = Catalog::default().load(file.trim_end_matches(".toml"), None) else {
                continue;
            };
            let problems = answers::validate(&loaded, &fw.framework);
            for p in &problems {
                let _ = p.render(false);
            }
            // Score even invalid answers: scoring must not panic on them either.
            let card = scoring::score(&fw.framework, &loaded.answers);
            if problems.is_empty() {
                for format in ScoreFormat::value_variants() {
                    let _ = reporter(*format).render(&card, &options);
                }
            }
        }
    }
});
