//! Any bytes through one whole command as the binary runs it: the first byte
//! picks the command (`score` in each format to `/dev/null`, `score` of JSON,
//! `compare`, `check`, `show`), the rest is the answers or framework file.
//! This reaches loading, validation, error rendering (at most 50 problems),
//! every report, and the writers to a device and to the standard streams. Run
//! with `-close_fd_mask=3`, the streams are closed, so every write fails:
//! nothing may panic, and (with `-timeout=1`) no input may take a second.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let toml = dir.path().join("file.toml");
    let json = dir.path().join("file.json");
    if std::fs::write(&toml, body).is_err() || std::fs::write(&json, body).is_err() {
        return;
    }
    let (t, j) = (
        toml.to_string_lossy().into_owned(),
        json.to_string_lossy().into_owned(),
    );
    let out = ["--output", "/dev/null"];
    let args: Vec<&str> = match pick % 10 {
        0 => ["score", &t, "--format", "table"].into_iter().chain(out).collect(),
        1 => ["score", &t, "--format", "json"].into_iter().chain(out).collect(),
        2 => ["score", &t, "--format", "markdown"].into_iter().chain(out).collect(),
        3 => ["score", &t, "--format", "csv"].into_iter().chain(out).collect(),
        4 => ["score", &t, "--format", "html"].into_iter().chain(out).collect(),
        5 => vec!["score", &j, "--format", "json"],
        6 => vec!["compare", &t, &j, "--format", "markdown"],
        7 => vec!["check", &t],
        8 => vec!["show", &t],
        _ => vec!["show", &t, "--format", "json"],
    };
    let code = cs_scorecard::commands::run_args(std::iter::once("cs-scorecard").chain(args));
    assert!(matches!(code, 0..=2), "exit {code} for command {}", pick % 10);
});
