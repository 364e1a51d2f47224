//! Every format of every health report as a user sees it: snapshots at a
//! fixed width (100 columns), without colour, on 60 demo accounts (the demo
//! is deterministic); one terminal snapshot per report keeps its colours.
//! And file text in a page stays isolated: a right-to-left override in a
//! tier's name reorders nothing around it.

mod common;

use common::render;

const FORMATS: [&str; 4] = ["table", "csv", "json", "html"];

/// The demo data set of 60 accounts, written once per test.
fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let r = common::run(&[
        "health",
        "demo",
        "--accounts",
        "60",
        "--seed",
        "3",
        "--output",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir
}

#[test]
fn every_format_of_every_health_report() {
    let dir = demo();
    let file = |name: &str| dir.path().join(name).display().to_string();
    let reports: [(&str, Vec<String>); 3] = [
        (
            "score",
            vec![
                "health".into(),
                "score".into(),
                "saas-health".into(),
                file("accounts-current.csv"),
            ],
        ),
        (
            "movement",
            vec![
                "health".into(),
                "movement".into(),
                "saas-health".into(),
                file("accounts-previous.csv"),
                file("accounts-current.csv"),
            ],
        ),
        (
            "calibrate",
            vec![
                "health".into(),
                "calibrate".into(),
                "saas-health".into(),
                file("accounts-previous.csv"),
                "--outcomes".into(),
                file("outcomes.csv"),
            ],
        ),
    ];
    for (name, args) in reports {
        for format in FORMATS {
            let out = render(&args, &["--format", format]);
            insta::assert_snapshot!(format!("health-{name}-{format}"), out);
        }
        let coloured = render(&args, &["--color", "always"]);
        insta::assert_snapshot!(format!("health-{name}-table-colour"), coloured);
    }
    let readme = std::fs::read_to_string(file("README.txt")).unwrap_or_default();
    insta::assert_snapshot!("health-demo-readme", readme);
}

#[test]
fn file_text_in_a_page_reorders_nothing_around_it() {
    let text =
        std::fs::read_to_string(common::root().join("tests/fixtures/health/model-small.toml"))
            .unwrap_or_default()
            .replace("name = \"At Risk\"", "name = \"Risk\u{202e}\"")
            .replace("title = \"Small\"", "title = \"Small\u{202e}\"");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let model = common::write(dir.path(), "m.toml", &text);
    let m = model.display().to_string();
    let accounts = common::fixture("health/accounts-small.csv");
    let later = common::fixture("health/accounts-small-later.csv");
    let outcomes = common::fixture("health/outcomes-small.csv");
    let pages = [
        vec!["health", "score", &m, &accounts, "--format", "html"],
        vec![
            "health", "movement", &m, &accounts, &later, "--format", "html",
        ],
        vec![
            "health",
            "calibrate",
            &m,
            &accounts,
            "--outcomes",
            &outcomes,
            "--format",
            "html",
        ],
    ];
    for args in pages {
        let html = common::run(&args).stdout;
        // Every U+202E sits inside an isolate: an element (<bdi>) in the
        // page, U+2068…U+2069 where no element can go (<title>, SVG text,
        // attributes).
        let isolated = html.matches("<bdi>Risk\u{202e}</bdi>").count()
            + html.matches("<bdi>Small\u{202e}</bdi>").count()
            + html.matches("\u{2068}Risk\u{202e}\u{2069}").count()
            + html.matches("\u{2068}Small\u{202e}\u{2069}").count();
        assert!(isolated > 0, "{args:?}");
        assert_eq!(
            html.matches('\u{202e}').count(),
            isolated,
            "{args:?}: {html}"
        );
    }
    // The share after the tier's name in the chart stays outside the isolate.
    let html = common::run(&["health", "score", &m, &accounts, "--format", "html"]).stdout;
    assert!(
        html.contains("<tspan>\u{2068}Risk\u{202e}\u{2069}</tspan> 50.0%</text>"),
        "{html}"
    );
    assert!(html.contains("<title>\u{2068}Small\u{202e}\u{2069} · snapshot summary</title>"));
}

#[test]
fn every_health_page_prints_on_a4_with_numbers_aligned_right() {
    let dir = demo();
    let file = |name: &str| dir.path().join(name).display().to_string();
    let (previous, current, outcomes) = (
        file("accounts-previous.csv"),
        file("accounts-current.csv"),
        file("outcomes.csv"),
    );
    for args in [
        vec!["health", "score", "saas-health", &current],
        vec!["health", "movement", "saas-health", &previous, &current],
        vec![
            "health",
            "calibrate",
            "saas-health",
            &previous,
            "--outcomes",
            &outcomes,
        ],
    ] {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let html = render(&args, &["--format", "html"]);
        // The house's print rules (base.html), landscape for the wide tables.
        assert!(
            html.contains("@page { size: A4; margin: 14mm 12mm; }"),
            "{args:?}"
        );
        assert!(html.contains("@page { size: A4 landscape;"), "{args:?}");
        assert!(
            html.contains("thead { display: table-header-group; }"),
            "{args:?}"
        );
        // No table leaves its header and a row behind at the foot of a page.
        assert!(
            html.contains("tbody tr:nth-child(-n+2) { break-after: avoid; }"),
            "{args:?}"
        );
        // Every header over a column of numbers is aligned as its numbers are.
        let mut numeric = 0;
        for table in html.split("<table>").skip(1) {
            let table = table.split("</table>").next().unwrap_or("");
            let heads: Vec<&str> = table
                .split("<thead>")
                .nth(1)
                .and_then(|t| t.split("</thead>").next())
                .unwrap_or("")
                .split("<th")
                .skip(1)
                .collect();
            let first_row: Vec<&str> = table
                .split("<tbody>")
                .nth(1)
                .and_then(|b| b.split("</tr>").next())
                .unwrap_or("")
                .split("<t")
                .skip(2)
                .collect();
            for (head, cell) in heads.iter().zip(&first_row) {
                let numeric_cell = cell.starts_with("d class=\"num");
                let numeric_head = head.starts_with(" class=\"num\"");
                assert_eq!(
                    numeric_head, numeric_cell,
                    "{args:?}: <th{head} over <t{cell}"
                );
                numeric += usize::from(numeric_cell);
            }
        }
        assert!(numeric >= 3, "{args:?}: {numeric} numeric columns checked");
    }
}
