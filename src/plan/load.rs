//! Reading a plan file (TOML or JSON, every problem at its line and column)
//! and writing one (TOML, with how to fill it in).

use super::model::Plan;
use crate::answers::Syntax;
use crate::diagnostic::Diagnostic;
use crate::fsio::FileArg;

/// A plan with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    /// The plan.
    pub plan: Plan,
    /// The file as named in messages.
    pub path: String,
}

/// Reads a plan file: JSON when it ends in `.json` or starts with `{`, TOML otherwise.
pub fn load(file: &FileArg) -> Result<LoadedPlan, Diagnostic> {
    let source = file.read_text()?;
    let shown = file.display();
    let syntax = Syntax::choose(None, file, &source);
    parse(&shown, &source, syntax).map(|plan| LoadedPlan { plan, path: shown })
}

/// Parses a plan's text.
pub fn parse(shown: &str, source: &str, syntax: Syntax) -> Result<Plan, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::file(
            shown,
            "file is empty; expected a plan with `framework`, `created`, [baseline] and [[steps]]",
        )
        .with_help("`cs-scorecard plan ANSWERS -o plan.toml` writes one"));
    }
    match syntax {
        Syntax::Toml => {
            toml::from_str::<Plan>(source).map_err(|e| Diagnostic::from_toml(shown, source, &e))
        }
        Syntax::Json => serde_json::from_str::<Plan>(source)
            .map_err(|e| Diagnostic::from_json(shown, source, &e)),
    }
}

/// The plan as TOML, after comments saying how to fill it in and track it.
pub fn to_toml(plan: &Plan) -> anyhow::Result<String> {
    let mut out = String::new();
    out.push_str("# A plan written by cs-scorecard from the roadmap of one assessment (docs/plan-format.md).\n");
    out.push_str("# Name an `owner` and check the `due` quarter of each step; delete the steps you will not take.\n");
    out.push_str("# Next quarter, answer again and track it:\n");
    out.push_str("#   cs-scorecard compare BEFORE.toml AFTER.toml --plan THIS-FILE\n");
    out.push_str("# A step is done when its question scores `from_points + points` or more.\n");
    out.push_str("# Editors validate it with `cs-scorecard schema plan > plan.schema.json`.\n\n");
    out.push_str(&toml::to_string(plan)?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::model::{Baseline, PlanStep, Quarter};

    fn plan() -> Plan {
        Plan {
            framework: "cx63".into(),
            framework_version: "1.0.0".into(),
            created: "2026-10-01".into(),
            baseline: Baseline {
                answers: Some("q3.toml".into()),
                date: Some("2026-09-30".into()),
                score: 16.0,
                max: 28.0,
                percent: 57.1,
            },
            steps: vec![PlanStep {
                question: "onboarding.plan".into(),
                section: "onboarding".into(),
                section_title: "Customer Onboarding".into(),
                question_text: "Are new customers given a \"plan\"?".into(),
                from: "No".into(),
                to: "Yes".into(),
                from_points: 0.0,
                points: 1.0,
                owner: "Ana".into(),
                due: Quarter {
                    year: 2026,
                    quarter: 4,
                },
                action: "Give every new customer a plan.".into(),
            }],
        }
    }

    #[test]
    fn a_plan_round_trips_through_toml_and_json() -> anyhow::Result<()> {
        let p = plan();
        let toml = to_toml(&p)?;
        assert!(toml.contains("[[steps]]\nquestion = \"onboarding.plan\""));
        assert_eq!(
            parse("p.toml", &toml, Syntax::Toml).map_err(|d| anyhow::anyhow!(d.headline()))?,
            p
        );
        let json = serde_json::to_string_pretty(&p)?;
        assert_eq!(
            parse("p.json", &json, Syntax::Json).map_err(|d| anyhow::anyhow!(d.headline()))?,
            p
        );
        Ok(())
    }

    #[test]
    fn a_bad_quarter_or_negative_points_are_located() -> anyhow::Result<()> {
        let toml = to_toml(&plan())?.replace("due = \"2026-Q4\"", "due = \"Q4\"");
        let line = toml
            .lines()
            .position(|l| l.starts_with("due ="))
            .unwrap_or(0)
            + 1;
        let e = parse("p.toml", &toml, Syntax::Toml)
            .err()
            .map(|d| d.headline());
        assert_eq!(
            e,
            Some(format!(
                "p.toml:{line}:7: expected a quarter such as \"2027-Q1\" (year, dash, Q1 to Q4), found \"Q4\""
            ))
        );
        let json =
            serde_json::to_string_pretty(&plan())?.replace("\"points\": 1.0", "\"points\": -2");
        let e = parse("p.json", &json, Syntax::Json)
            .err()
            .map(|d| d.headline());
        assert!(
            e.as_deref().is_some_and(|h| h.starts_with("p.json:")
                && h.ends_with("expected a number of points of at least 0, found -2")),
            "{e:?}"
        );
        let e = parse("p.toml", "framework = \"cx63\"\nsteps = []\n", Syntax::Toml)
            .err()
            .map(|d| d.headline());
        assert_eq!(
            e,
            Some("p.toml:1:1: missing field `framework_version`".into())
        );
        Ok(())
    }
}
