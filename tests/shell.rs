//! Fitting the shell: completion scripts run by the shells themselves, man
//! pages, standard input, formats from file extensions, overwriting, options.

mod common;

use std::path::Path;
use std::process::Command;

use common::{cmd, fixture, root, run, run_with, write};

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// Writes the completion script for a shell into `dir`.
fn script(dir: &Path, shell: &str) -> String {
    let r = run(&["completions", shell]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    write(dir, &format!("completion.{shell}"), &r.stdout)
        .display()
        .to_string()
}

/// What bash's completion offers for a command line whose last word is being typed.
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = format!(
        "source '{script}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_cs__scorecard cs-scorecard '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &line])
        .output()
        .unwrap_or_else(|e| panic!("cannot run bash: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(has_zsh)]
/// What zsh's completion system offers for a line: an interactive zsh in a
/// pty (zpty) loads the script through compinit, `compadd` records what it is
/// given, and TAB is pressed after the line. Sorted, without duplicates.
fn zsh_complete(dir: &Path, script: &str, line: &str) -> Vec<String> {
    let fpath = dir.join("fpath");
    let _ = std::fs::create_dir_all(&fpath);
    let _ = std::fs::copy(script, fpath.join("_cs-scorecard"));
    let found = dir.join("candidates");
    let _ = std::fs::remove_file(&found);
    let driver = format!(
        r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT='> '; fpath=({fpath} \$fpath); autoload -Uz compinit; compinit -u -d {dir}/zcompdump"
zpty -w z 'compadd() {{ local -a __hits; builtin compadd -O __hits "$@"; print -rl -- ${{^__hits}} >> {found}; builtin compadd "$@"; }}'
zpty -w z "print READY"
zpty -r z out '*READY*'
zpty -n -w z "$1"$'\t'
for i in {{1..100}}; do [[ -s {found} ]] && break; sleep 0.1; done
sleep 0.5
zpty -d z
"#,
        fpath = fpath.display(),
        dir = dir.display(),
        found = found.display(),
    );
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_cs-scorecard"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("zsh")
        .args(["-f", "-c", &driver, "zsh", line])
        .env("PATH", path)
        .current_dir(dir)
        .output();
    assert!(status.is_ok(), "cannot run zsh");
    let mut got: Vec<String> = std::fs::read_to_string(&found)
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect();
    got.sort();
    got.dedup();
    got
}

fn frameworks_dir() -> tempfile::TempDir {
    let dir = tempdir();
    std::fs::copy(
        root().join(fixture("mini.toml")),
        dir.path().join("mini.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    dir
}

#[test]
fn bash_completes_subcommand_options_format_values_and_framework_ids() {
    let dir = tempdir();
    let s = script(dir.path(), "bash");
    let opts = bash_complete(&s, &["cs-scorecard", "score", "--fo"]);
    assert_eq!(opts, ["--format", "--force"]);
    let resume = bash_complete(&s, &["cs-scorecard", "run", "--re"]);
    assert_eq!(resume, ["--resume", "--respondent"]);
    let formats = bash_complete(&s, &["cs-scorecard", "score", "a.toml", "--format", ""]);
    assert_eq!(
        formats,
        ["table", "json", "markdown", "csv", "csv-summary", "html"]
    );
    let kinds = bash_complete(&s, &["cs-scorecard", "schema", ""]);
    assert!(kinds.contains(&"framework".to_string()), "{kinds:?}");
    let ids = bash_complete(&s, &["cs-scorecard", "show", "e"]);
    assert_eq!(ids, ["eleven-pillars"]);
    let all = bash_complete(&s, &["cs-scorecard", "template", "c"]);
    assert_eq!(all, ["certinia", "cs-scoring", "cspi", "cx63"]);
    let fw = frameworks_dir();
    let d = fw.path().display().to_string();
    let mine = bash_complete(&s, &["cs-scorecard", "run", "--frameworks-dir", &d, "mi"]);
    assert_eq!(mine, ["mini"]);
    let joined = format!("--frameworks-dir={d}");
    let mine = bash_complete(&s, &["cs-scorecard", "show", &joined, "mi"]);
    assert_eq!(mine, ["mini"]);
}

#[test]
fn bash_completes_model_ids_after_health_and_respondent_fields_after_team_by() {
    let dir = tempdir();
    let s = script(dir.path(), "bash");
    for sub in ["score", "movement", "calibrate", "sql"] {
        let ids = bash_complete(&s, &["cs-scorecard", "health", sub, "s"]);
        assert_eq!(ids, ["saas-health"], "health {sub}");
    }
    let fields = bash_complete(&s, &["cs-scorecard", "team", "--by", ""]);
    assert_eq!(fields, ["role", "organization", "date"]);
    // Offered, not imposed: any field an answers file gives is taken.
    let r = run(&["team", "examples/team/2026-q4", "--by", "region", "--quiet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Built only where zsh is installed, or on CI (build.rs): a missing shell
/// is said at build time, never counted as a passed test.
#[cfg(has_zsh)]
#[test]
fn zsh_loads_its_script_and_completes() {
    let dir = tempdir();
    {
        let s = script(dir.path(), "zsh");
        let out = Command::new("zsh")
            .args([
                "-f",
                "-c",
                &format!("autoload -Uz compinit && compinit -u -d {0}/zcompdump && source '{s}' && print ok", dir.path().display()),
            ])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "ok\n",
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let fw = frameworks_dir();
        let line = format!(
            "cs-scorecard show --frameworks-dir {} mi",
            fw.path().display()
        );
        assert_eq!(zsh_complete(dir.path(), &s, &line), ["mini"]);
        assert_eq!(
            zsh_complete(dir.path(), &s, "cs-scorecard score x.toml --format "),
            ["csv", "csv-summary", "html", "json", "markdown", "table"]
        );
    }
}

/// Built only where fish is installed, or on CI (build.rs): a missing shell
/// is said at build time, never counted as a passed test.
#[cfg(has_fish)]
#[test]
fn fish_checks_its_script_and_completes() {
    let dir = tempdir();
    {
        let s = script(dir.path(), "fish");
        let check = Command::new("fish")
            .args(["-n", &s])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let fw = frameworks_dir();
        let complete = |line: &str| -> Vec<String> {
            let out = Command::new("fish")
                .args([
                    "--no-config",
                    "-c",
                    &format!("source '{s}'; complete -C'{line}'"),
                ])
                .output()
                .unwrap_or_else(|e| panic!("{e}"));
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| l.split('\t').next().unwrap_or("").to_string())
                .collect()
        };
        let mut formats = complete("cs-scorecard score a.toml --format ");
        formats.sort();
        assert_eq!(
            formats,
            ["csv", "csv-summary", "html", "json", "markdown", "table"]
        );
        assert!(complete("cs-scorecard show c").contains(&"cx63".to_string()));
        let line = format!(
            "cs-scorecard show --frameworks-dir {} mi",
            fw.path().display()
        );
        assert!(
            complete(&line).contains(&"mini".to_string()),
            "{:?}",
            complete(&line)
        );
    }
}

#[test]
fn man_prints_the_main_page_and_each_subcommand_page_with_its_sections() {
    let main = run(&["man"]);
    assert_eq!(main.code, 0, "{}", main.stderr);
    assert!(main.stdout.contains(".TH cs-scorecard 1"));
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH \"SEE ALSO\"",
    ] {
        assert!(main.stdout.contains(section), "main page lacks {section}");
    }
    assert!(main.stdout.contains("\\fBNO_COLOR\\fR") && main.stdout.contains("\\fBCOLUMNS\\fR"));
    assert!(!main.stdout.contains("EXTRA"));
    let score = run(&["man", "score"]);
    assert_eq!(score.code, 0, "{}", score.stderr);
    assert!(score.stdout.contains(".TH cs-scorecard-score 1"));
    assert!(
        score.stdout.contains("\\-\\-min\\-percent"),
        "options documented"
    );
    assert!(
        score
            .stdout
            .contains("cs\\-scorecard score answers.toml \\-\\-output report.html")
    );
    assert!(score.stdout.contains(".SH \"EXIT STATUS\""));
    assert!(!score.stdout.contains("EXTRA"));
    let bad = run(&["man", "nope"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.starts_with("error: invalid value 'nope' for '[SUBCOMMAND]'\n  [possible values: list, show, template, run, score, compare, plan, form, team, trend, benchmark, schema, completions, man, check, metrics, health]"),
        "{}",
        bad.stderr
    );
    let dir = tempdir();
    let s = script(dir.path(), "bash");
    let pages = bash_complete(&s, &["cs-scorecard", "man", "sc"]);
    assert_eq!(pages, ["score", "schema"]);
}

#[test]
fn man_dir_writes_every_page_it_references_and_refuses_to_overwrite() {
    let dir = tempdir();
    let out = dir.path().join("man1");
    let d = out.display().to_string();
    let r = run(&["man", "--dir", &d]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr, format!("wrote {d}/ (26 man pages)\n"));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert_eq!(names.len(), 26, "{names:?}");
    assert!(
        names.contains(&"cs-scorecard-health-fit.1".to_string()),
        "{names:?}"
    );
    for name in &names {
        let text = std::fs::read_to_string(out.join(name)).unwrap_or_default();
        // Every page a page names (`cs-scorecard-x(1)`, roff-escaped) exists.
        let plain = text
            .replace("\\-", "-")
            .replace("\\%", "")
            .replace("\\fB", "")
            .replace("\\fR", "");
        for (at, _) in plain.match_indices("(1)") {
            let start = plain[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |i| i + 1);
            let page = format!("{}.1", &plain[start..at]);
            assert!(
                names.contains(&page),
                "{name} refers to {page}, which is not written"
            );
        }
    }
    let again = run(&["man", "--dir", &d]);
    assert_eq!(again.code, 2);
    assert!(
        again
            .stderr
            .contains("already exists; not overwriting it (use --force to replace it)")
    );
    assert_eq!(run(&["man", "--dir", &d, "--force"]).code, 0);
}

#[test]
fn standard_input_is_read_as_toml_or_json_by_its_content() {
    // On standard input, a relative framework path is read from the working directory.
    let mini = std::fs::read_to_string(root().join(fixture("mini-answers.toml")))
        .unwrap_or_default()
        .replace(
            "framework = \"mini.toml\"",
            "framework = \"tests/fixtures/mini.toml\"",
        );
    let from_file = run(&["score", &fixture("mini-answers.toml"), "--format", "json"]);
    assert_eq!(from_file.code, 0, "{}", from_file.stderr);
    let toml = run_with(
        cmd()
            .args(["score", "-", "--format", "json"])
            .write_stdin(mini.clone()),
    );
    assert_eq!(toml.code, 0, "{}", toml.stderr);
    assert_eq!(toml.stdout, from_file.stdout);
    let as_json = run(&["score", &fixture("mini-answers.toml"), "--format", "json"]);
    let value: serde_json::Value = toml::from_str(&mini).unwrap_or_default();
    let json_text = format!("\n  {}", serde_json::to_string(&value).unwrap_or_default());
    let json = run_with(
        cmd()
            .args(["score", "-", "--format", "json"])
            .write_stdin(json_text),
    );
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert_eq!(json.stdout, as_json.stdout);
    let forced = run_with(
        cmd()
            .args(["score", "-", "--input-format", "json"])
            .write_stdin(mini.clone()),
    );
    assert_eq!(forced.code, 2);
    assert!(
        forced
            .stderr
            .starts_with("error: <stdin>:1:2: expected ident"),
        "{}",
        forced.stderr
    );
    let compare = run_with(
        cmd()
            .args([
                "compare",
                "-",
                &fixture("mini-answers.toml"),
                "--format",
                "json",
            ])
            .write_stdin(mini),
    );
    assert_eq!(compare.code, 0, "{}", compare.stderr);
}

#[test]
fn the_output_extension_chooses_the_format_and_a_contradiction_is_refused() {
    let dir = tempdir();
    let html = dir.path().join("report.html");
    let r = run(&[
        "score",
        "examples/cx63.toml",
        "-o",
        &html.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&html).unwrap_or_default();
    assert!(
        text.starts_with("<!DOCTYPE html>"),
        "{}",
        &text[..text.len().min(80)]
    );
    for (name, start) in [
        ("r.md", "# "),
        ("r.json", "{"),
        ("r.csv", "respondent_name,"),
        ("r.txt", "CX63"),
    ] {
        let path = dir.path().join(name);
        let r = run(&[
            "score",
            "examples/cx63.toml",
            "--output",
            &path.display().to_string(),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            text.trim_start_matches('\u{feff}').starts_with(start),
            "{name}: {}",
            &text[..text.len().min(60)]
        );
    }
    let clash = dir.path().join("clash.html");
    let r = run(&[
        "score",
        "examples/cx63.toml",
        "--format",
        "json",
        "-o",
        &clash.display().to_string(),
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: --format json contradicts the extension of {} (a .html file is html); drop --format, or name the file to match\n",
            clash.display()
        )
    );
    assert!(!clash.exists());
    let md = dir.path().join("progress.md");
    let r = run(&[
        "compare",
        "examples/cx63.toml",
        "examples/cx63.toml",
        "-o",
        &md.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::read_to_string(&md)
            .unwrap_or_default()
            .starts_with('#')
    );
}

#[test]
fn every_command_that_writes_a_file_refuses_to_overwrite_without_force() {
    let dir = tempdir();
    let target = write(dir.path(), "existing.json", "keep me\n");
    let t = target.display().to_string();
    let toml = write(dir.path(), "existing.toml", "keep me\n");
    let toml = toml.display().to_string();
    let commands: [(&[&str], &str); 3] = [
        (&["score", "examples/cx63.toml", "-o", &t], &t),
        (
            &[
                "compare",
                "examples/cx63.toml",
                "examples/cx63.toml",
                "-o",
                &t,
            ],
            &t,
        ),
        (&["template", "cx63", "-o", &toml], &toml),
    ];
    for (args, t) in commands {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(
            r.stderr,
            format!("error: {t} already exists; not overwriting it (use --force to replace it)\n")
        );
        assert_eq!(std::fs::read_to_string(t).unwrap_or_default(), "keep me\n");
    }
    let forced = run(&["score", "examples/cx63.toml", "-o", &t, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        std::fs::read_to_string(&target)
            .unwrap_or_default()
            .starts_with('{')
    );
}

#[test]
fn a_missing_frameworks_dir_is_an_error_and_options_appear_only_where_they_work() {
    let r = run(&["list", "--frameworks-dir", "/no/such/dir"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --frameworks-dir /no/such/dir: no such directory; expected a directory of framework .toml files\n"
    );
    let r = run(&[
        "score",
        "examples/cx63.toml",
        "--frameworks-dir",
        "Cargo.toml",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("Cargo.toml: is not a directory"),
        "{}",
        r.stderr
    );
    for sub in ["man", "completions", "schema", "check"] {
        let help = run(&[sub, "--help"]);
        assert!(
            !help.stdout.contains("--frameworks-dir <DIR>"),
            "{sub} offers --frameworks-dir"
        );
    }
    assert_eq!(run(&["man", "--frameworks-dir", "x"]).code, 2);
    let global = |sub: &str| {
        let help = run(&[sub, "-h"]).stdout;
        help.split("Global options:")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .map(String::from)
            .unwrap_or_default()
    };
    let main = global("score");
    assert!(
        main.contains("--color") && main.contains("--quiet"),
        "{main}"
    );
    for sub in [
        "list",
        "show",
        "template",
        "run",
        "compare",
        "schema",
        "completions",
        "man",
        "check",
    ] {
        assert_eq!(global(sub), main, "{sub}");
    }
}

#[test]
fn check_says_an_answers_file_is_one_and_what_it_looked_for() {
    let r = run(&["check", "examples/cx63.toml"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "examples/cx63.toml: this looks like an answers file (it has `framework` and `answers`), not a framework; check reads framework files\n  = help: to score it, run: cs-scorecard score examples/cx63.toml\n\n"
    );
    let dir = tempdir();
    let json = write(
        dir.path(),
        "a.json",
        "{\"framework\": \"cx63\", \"answers\": {}}",
    );
    let r = run(&["check", &json.display().to_string()]);
    assert!(
        r.stdout.contains("this looks like an answers file"),
        "{}",
        r.stdout
    );
    let r = run_with(cmd().current_dir(dir.path()).arg("check"));
    assert_eq!(r.code, 2);
    let here = std::fs::canonicalize(dir.path()).unwrap_or_default();
    assert_eq!(
        r.stderr,
        format!(
            "error: given no paths, check looks for framework files in ./frameworks/*.toml, and {} has no frameworks/ directory\nname the framework files or directories to check, e.g. cs-scorecard check my-framework.toml\n",
            here.display()
        )
    );
}
