//! The authoring guide's example is a real framework that `check` passes.

mod common;

#[test]
fn the_authoring_example_passes_check() {
    let doc = std::fs::read_to_string(common::root().join("docs/authoring.md")).unwrap_or_default();
    let start = doc.find("```toml\n").map(|i| i + "```toml\n".len());
    let block = start.and_then(|s| doc[s..].find("\n```").map(|e| &doc[s..s + e + 1]));
    let Some(block) = block else {
        panic!("docs/authoring.md has no ```toml block")
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = common::write(dir.path(), "renewal-readiness.toml", block);
    let r = common::run(&["check", &path.display().to_string()]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("(renewal-readiness 1.0.0: 6 questions, 2 examples)"),
        "{}",
        r.stdout
    );
}
