//! Whether a framework's examples score as they declare: the test a framework
//! file carries for itself, run by `check`.

use crate::answers::Answers;
use crate::diagnostic::Diagnostic;
use crate::framework::model::{Framework, LoadedFramework};
use crate::framework::validate::{Checker, PathPart, key, with};
use crate::scoring::score;
use crate::text::fmt_num;

/// Every example whose answers are invalid, or that scores or bands otherwise
/// than it declares, as problems located in the file.
pub fn check(loaded: &LoadedFramework) -> Vec<Diagnostic> {
    let mut c = Checker::default();
    check_examples(&mut c, &loaded.framework);
    c.finish(loaded)
}

fn check_examples(c: &mut Checker, fw: &Framework) {
    if fw.examples.is_empty() {
        return;
    }
    for (ei, ex) in fw.examples.iter().enumerate() {
        let ep = [key("examples"), PathPart::Index(ei)];
        let mut ok = true;
        for (id, value) in &ex.answers {
            let vp = with(&ep, &[key("answers"), key(id)]);
            match fw.question(id) {
                None => {
                    c.add(
                        &vp,
                        format!("example `{}`: unknown question `{id}`", ex.name),
                    );
                    ok = false;
                }
                Some(q) => {
                    if let Some(why) = q.invalid_reason(value) {
                        c.add(
                            &vp,
                            format!("example `{}`: invalid answer for `{id}`: {why}", ex.name),
                        );
                        ok = false;
                    }
                }
            }
        }
        for id in ex.not_applicable.keys() {
            let vp = with(&ep, &[key("not_applicable"), key(id)]);
            match fw.questions().find(|(_, q)| q.id == *id) {
                None => {
                    c.add(
                        &vp,
                        format!(
                            "example `{}`: unknown question `{id}` in `not_applicable`",
                            ex.name
                        ),
                    );
                    ok = false;
                }
                Some((section, q)) if !fw.allows_not_applicable(section, q) => {
                    c.add(
                        &vp,
                        format!(
                            "example `{}`: `{id}` cannot be marked not applicable (`not_applicable = false`)",
                            ex.name
                        ),
                    );
                    ok = false;
                }
                Some(_) => {}
            }
        }
        if !ok {
            continue;
        }
        let answers = Answers {
            framework: fw.id.clone(),
            answers: ex.answers.clone(),
            not_applicable: ex.not_applicable.clone(),
            ..Answers::default()
        };
        let card = score(fw, &answers);
        if (card.total.score - ex.score).abs() > 0.005 {
            c.add(
                &with(&ep, &[key("score")]),
                format!(
                    "example `{}` scores {} but declares {}",
                    ex.name,
                    fmt_num(card.total.score),
                    fmt_num(ex.score)
                ),
            );
        }
        let band = card.band.as_ref().map_or("(no band)", |b| b.label.as_str());
        if band != ex.band {
            c.add(
                &with(&ep, &[key("band")]),
                format!(
                    "example `{}` falls in band `{band}` but declares `{}`",
                    ex.name, ex.band
                ),
            );
        }
    }
}
