//! The questionnaire as one self-contained HTML file (inline CSS and JS, no
//! network), for respondents who do not install anything. Pure: a framework in,
//! bytes out.
//!
//! The page is rendered by minijinja with HTML auto-escaping, so framework text
//! cannot inject markup; the data the script needs is embedded as JSON in a
//! `<script type="application/json">` element with `<`, `>`, `&`, U+2028 and
//! U+2029 escaped, so no string can end the element early.

use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;

use crate::framework::{Framework, Kind, TextFormat};

const TEMPLATE: &str = include_str!("templates/form.html");

#[derive(Serialize)]
struct View<'a> {
    fw: &'a Framework,
    version: &'static str,
    sections: Vec<SectionView>,
    questions: usize,
    /// The questions in words, as every view counts them.
    counts: String,
    data: String,
}

#[derive(Serialize)]
struct SectionView {
    index: usize,
    title: String,
    objective: Option<String>,
    questions: Vec<QuestionView>,
}

#[derive(Serialize)]
struct QuestionView {
    index: usize,
    id: String,
    text: String,
    help: Option<String>,
    kind: &'static str,
    control: &'static str,
    options: Vec<OptionView>,
    min: Option<f64>,
    max: Option<f64>,
    whole: bool,
    unit: Option<String>,
    allowed: String,
    when: Option<WhenView>,
    scored: bool,
    /// Whether "not applicable" (with a reason) is offered.
    na: bool,
}

/// Why a question is asked: the text of the question it depends on and the
/// answers that ask it (each isolated on the page).
#[derive(Serialize)]
struct WhenView {
    question: String,
    labels: Vec<String>,
}

#[derive(Serialize)]
struct OptionView {
    id: String,
    label: String,
    description: Option<String>,
    exclusive: bool,
}

/// What the script needs to know about each question.
#[derive(Serialize)]
struct Data<'a> {
    id: &'a str,
    version: &'a str,
    questions: Vec<QuestionData<'a>>,
}

#[derive(Serialize)]
struct QuestionData<'a> {
    id: &'a str,
    /// The question as the page shows it, for messages that name it.
    text: &'a str,
    kind: &'static str,
    min: Option<f64>,
    max: Option<f64>,
    whole: bool,
    email: bool,
    allowed: String,
    when: Option<WhenData<'a>>,
    exclusive: Vec<&'a str>,
    section: usize,
    /// Text filled from this respondent field instead of being asked.
    from: Option<&'a str>,
    /// Whether "not applicable" (with a reason) is offered.
    na: bool,
}

#[derive(Serialize)]
struct WhenData<'a> {
    question: &'a str,
    is: &'a [String],
}

/// JSON that is safe inside a `<script>` element: the characters that could end
/// it or be read as markup (`<`, `>`, `&`) and the JavaScript line terminators
/// U+2028 and U+2029 become `\u` escapes (they occur only inside strings).
pub fn script_json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

fn control(kind: Kind) -> &'static str {
    match kind {
        Kind::YesNoIdk | Kind::Level | Kind::Single => "radio",
        Kind::Multi => "checkbox",
        Kind::Number => "number",
        Kind::Text => "text",
    }
}

/// Renders the questionnaire for a framework.
pub fn render(fw: &Framework) -> anyhow::Result<Vec<u8>> {
    let mut index = 0;
    let mut sections = Vec::new();
    let mut data = Vec::new();
    for (si, s) in fw.sections.iter().enumerate() {
        let mut questions = Vec::new();
        for q in &s.questions {
            let email = q.format == Some(TextFormat::Email);
            let options: Vec<OptionView> = if q.kind == Kind::YesNoIdk {
                [("yes", "Yes"), ("no", "No"), ("idk", "I don't know")]
                    .iter()
                    .map(|(id, label)| OptionView {
                        id: (*id).into(),
                        label: (*label).into(),
                        description: None,
                        exclusive: false,
                    })
                    .collect()
            } else {
                q.options
                    .iter()
                    .map(|o| OptionView {
                        id: o.id.clone(),
                        label: o.label.clone(),
                        description: o.description.clone(),
                        exclusive: o.exclusive,
                    })
                    .collect()
            };
            let when = q.when.as_ref().map(|w| {
                let parent = fw.question(&w.question);
                let labels: Vec<String> =
                    w.is.values()
                        .iter()
                        .map(|v| {
                            parent
                                .map(|p| crate::answers::AnswerValue::Text(v.clone()).label(p))
                                .unwrap_or_else(|| v.clone())
                        })
                        .collect();
                WhenView {
                    question: parent.map_or(w.question.clone(), |p| p.text.clone()),
                    labels,
                }
            });
            questions.push(QuestionView {
                index,
                id: q.id.clone(),
                text: q.text.clone(),
                help: q.help.clone(),
                kind: q.kind.name(),
                control: control(q.kind),
                options,
                min: q.min,
                max: q.max,
                whole: q.whole,
                unit: q.unit.clone(),
                allowed: q.allowed_values(),
                when,
                scored: q.is_scored(),
                na: fw.allows_not_applicable(s, q),
            });
            data.push(QuestionData {
                id: &q.id,
                text: &q.text,
                kind: q.kind.name(),
                min: q.min,
                max: q.max,
                whole: q.whole,
                email,
                allowed: q.allowed_values(),
                when: q.when.as_ref().map(|w| WhenData {
                    question: &w.question,
                    is: w.is.values(),
                }),
                exclusive: q
                    .options
                    .iter()
                    .filter(|o| o.exclusive)
                    .map(|o| o.id.as_str())
                    .collect(),
                section: si,
                from: q.respondent.as_deref(),
                na: fw.allows_not_applicable(s, q),
            });
            index += 1;
        }
        sections.push(SectionView {
            index: si,
            title: s.title.clone(),
            objective: s.objective.clone(),
            questions,
        });
    }
    let view = View {
        fw,
        version: env!("CARGO_PKG_VERSION"),
        sections,
        questions: index,
        counts: fw.question_counts().describe(),
        data: script_json(&Data {
            id: &fw.id,
            version: &fw.version,
            questions: data,
        })?,
    };
    let mut env = Environment::new();
    super::common::add_filters(&mut env);
    env.add_template("form.html", TEMPLATE)?;
    let mut html = env.get_template("form.html")?.render(Serde(view))?;
    html.push('\n');
    Ok(html.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() -> anyhow::Result<()> {
        let s = script_json(&"</script><b>&\u{2028}\u{2029}")?;
        assert_eq!(s, r#""\u003c/script\u003e\u003cb\u003e\u0026\u2028\u2029""#);
        let back: String = serde_json::from_str(&s)?;
        assert_eq!(back, "</script><b>&\u{2028}\u{2029}");
        Ok(())
    }

    #[test]
    fn hostile_framework_text_is_escaped() -> anyhow::Result<()> {
        let src = r#"
id = "h"
title = "<script>alert(1)</script>"
version = "1"
description = "d & <b>"
[[sections]]
id = "s"
title = "S</script>"
[[sections.questions]]
id = "q</script>"
kind = "single"
text = "<img src=x onerror=alert(1)>"
options = [ { id = "a\"><script>", label = "<i>", points = 1 } ]
"#;
        let fw = crate::framework::parse_framework("h.toml", src)
            .map_err(|d| anyhow::anyhow!(d.headline()))?;
        let html = String::from_utf8(render(&fw)?)?;
        assert!(!html.contains("<script>alert"));
        assert!(!html.contains("<img src=x"));
        assert!(!html.contains("<i>"));
        assert!(!html.contains("a\"><script>"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert_eq!(
            html.matches("</script>").count(),
            2,
            "only the page's own two scripts end"
        );
        Ok(())
    }
}
