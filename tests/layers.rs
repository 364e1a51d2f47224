//! The architecture stays true: every module uses only modules in its own
//! layer or below (docs/architecture.md), and no two modules use each other,
//! directly or through others.
//!
//! The check reads `src/` as text: every `crate::…`, `super::…` and `self::…`
//! path (in `use` items and inline), and a `mod.rs`'s re-exports of its
//! children. Test code (after `#[cfg(test)]`, and `tests.rs` files) may use
//! anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first; a module belongs to the layer of the longest
/// entry that is a prefix of its path.
const LAYERS: &[(&str, &[&str])] = &[
    ("util", &["text", "diagnostic", "span", "fsio", "error"]),
    (
        "model",
        &["framework::model", "health::model", "metrics::model"],
    ),
    (
        "load",
        &[
            "framework",
            "framework::embedded",
            "framework::load",
            "framework::validate",
            "answers",
            "health::load",
            "health",
            "metrics::load",
            "metrics",
        ],
    ),
    (
        "compute",
        &[
            "scoring",
            "compare",
            "examples",
            "team",
            "trend",
            "benchmark",
            "cohort",
            "health::score",
            "health::movement",
            "health::demo",
            "health::calibrate",
            "health::sql",
            "health::plan",
            "health::csv",
            "metrics::compute",
            "metrics::stats",
            "metrics::demo",
            "metrics::check",
        ],
    ),
    ("present", &["report", "interview"]),
    ("app", &["cli", "commands"]),
];

fn layer_of(module: &str) -> Option<(usize, &'static str)> {
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (i, (name, prefixes)) in LAYERS.iter().enumerate() {
        for p in *prefixes {
            let matches = module == *p || module.starts_with(&format!("{p}::"));
            if matches && best.is_none_or(|(len, _, _)| p.len() > len) {
                best = Some((p.len(), i, name));
            }
        }
    }
    best.map(|(_, i, name)| (i, name))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/a/b.rs` → `a::b`; `src/a/mod.rs` → `a`; `src/lib.rs` → ``.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else {
        return vec![path.to_string()];
    };
    let Some(close) = path.rfind('}') else {
        return vec![path[..open].to_string()];
    };
    let (head, inner) = (&path[..open], &path[open + 1..close]);
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .flat_map(|i| expand(&format!("{head}{i}")))
        .collect()
}

/// Every path the code names, with its start (`crate`, `super`, `self` or a child module).
fn paths(code: &str, children: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    // `use` items, which may span lines and have braces.
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        let item: String = rest[..end].split_whitespace().collect();
        let first = item.split("::").next().unwrap_or("");
        if matches!(first, "crate" | "super" | "self") || children.contains(first) {
            out.extend(expand(&item));
        }
    }
    // Inline paths: `crate::a::b(...)`, `super::x`.
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            let before = code[..at].chars().last();
            from = at + start.len();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            out.push(path.trim_end_matches(':').to_string());
        }
    }
    out
}

/// The module a path refers to: the longest known module that prefixes it.
fn target(module: &str, is_mod_file: bool, path: &str, modules: &BTreeSet<String>) -> String {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").collect()
    };
    // In `a/b.rs` (module a::b), `super` is `a`; in `a/mod.rs` (module a), `super` is the parent of `a`.
    match segs.first() {
        Some(&"crate") => {
            base.clear();
            segs.remove(0);
        }
        Some(&"self") => {
            segs.remove(0);
        }
        Some(&"super") => {
            let _ = is_mod_file;
            while segs.first() == Some(&"super") {
                segs.remove(0);
                base.pop();
            }
        }
        _ => {}
    }
    let full: Vec<&str> = base.into_iter().chain(segs).collect();
    (0..=full.len())
        .rev()
        .map(|n| full[..n].join("::"))
        .find(|m| modules.contains(m))
        .unwrap_or_default()
}

struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.retain(|f| {
        f.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n != "main.rs" && n != "tests.rs" && !n.ends_with("_tests.rs"))
    });
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let module = module_of(&src, f);
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or("")
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let code = code.as_str();
        let children: BTreeSet<String> = code
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let l = l.strip_prefix("pub ").unwrap_or(l);
                l.strip_prefix("mod ")
                    .map(|m| m.trim_end_matches(';').trim().to_string())
            })
            .collect();
        let is_mod_file = f
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
        let mut to = BTreeSet::new();
        for p in paths(code, &children) {
            let p = if children.contains(p.split("::").next().unwrap_or("")) {
                format!("self::{p}")
            } else {
                p
            };
            let t = target(&module, is_mod_file, &p, &modules);
            if t != module {
                to.insert(t);
            }
        }
        edges.insert(module, to);
    }
    Graph { edges }
}

#[test]
fn every_module_has_a_layer() {
    let g = graph();
    let missing: Vec<&String> = g
        .edges
        .keys()
        .filter(|m| !m.is_empty() && layer_of(m).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "modules with no layer (add them to LAYERS here and to docs/architecture.md): {missing:?}"
    );
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g.edges {
        let Some((lf, nf)) = layer_of(from) else {
            continue;
        };
        for to in tos {
            if to.is_empty() {
                wrong.push(format!(
                    "{from} uses the crate root: name the module instead"
                ));
                continue;
            }
            if let Some((lt, nt)) = layer_of(to) {
                if lt > lf {
                    wrong.push(format!("{from} ({nf}) uses {to} ({nt})"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "upward uses:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_cycles() {
    let g = graph();
    // Depth-first search for a back edge, reporting the cycle found.
    fn visit(
        m: &str,
        g: &Graph,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == m) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(m.to_string());
            return Some(cycle);
        }
        if done.contains(m) {
            return None;
        }
        stack.push(m.to_string());
        for to in g.edges.get(m).into_iter().flatten() {
            if let Some(c) = visit(to, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in g.edges.keys().filter(|m| !m.is_empty()) {
        let mut stack = Vec::new();
        if let Some(cycle) = visit(m, &g, &mut stack, &mut done) {
            panic!("import cycle: {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_check_sees_uses() {
    // A guard against a check that cannot fail: it finds known edges.
    let g = graph();
    let score = g.edges.get("commands::score").cloned().unwrap_or_default();
    assert!(score.contains("scoring"), "{score:?}");
    assert!(score.contains("report"), "{score:?}");
    let model = g.edges.get("framework::model").cloned().unwrap_or_default();
    assert!(model.contains("text"), "{model:?}");
    assert_eq!(
        expand("crate::a::{b, c::{d, e}}"),
        ["crate::a::b", "crate::a::c::d", "crate::a::c::e"]
    );
}
