//! Any bytes as an answers file and as a framework file, through the whole
//! command as the binary runs it: loading, validation, error rendering (at
//! most 50 problems), every report format, and the writers to a device
//! (`--output /dev/null`) and to the standard streams. Run with
//! `-close_fd_mask=3` the streams are closed, so every write fails: nothing
//! may panic, and (with `-timeout=1`) no input under the 8 MiB limit may take
//! a second.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let answers_toml = dir.path().join("answers.toml");
    let answers_json = dir.path().join("answers.json");
    let framework = dir.path().join("framework.toml");
    for p in [&answers_toml, &answers_json, &framework] {
        let Ok(mut f) = std::fs::File::create(p) else {
            return;
        };
        if f.write_all(data).is_err() {
            return;
        }
    }
    let run = |args: &[&str]| {
        let mut argv = vec!["cs-scorecard"];
        argv.extend_from_slice(args);
        let code = cs_scorecard::commands::run_args(argv);
        assert!(matches!(code, 0 | 1 | 2), "exit {code} for {args:?}");
    };
    let (t, j, f) = (
        answers_toml.to_string_lossy().into_owned(),
        answers_json.to_string_lossy().into_owned(),
        framework.to_string_lossy().into_owned(),
    );
    for format in ["table", "json", "markdown", "csv", "html"] {
        run(&["score", &t, "--format", format, "--output", "/dev/null"]);
    }
    run(&["score", &j, "--format", "json"]);
    run(&["compare", &t, &j, "--format", "markdown"]);
    run(&["check", &f]);
    run(&["show", &f]);
    run(&["show", &f, "--format", "json"]);
});
