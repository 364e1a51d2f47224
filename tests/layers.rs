//! The architecture stays true: every module uses only modules in its own
//! layer or below (docs/architecture.md), and no two modules use each other,
//! directly or through others.
//!
//! The check reads `src/` as text: every `crate::…`, `super::…` and `self::…`
//! path (in `use` items and inline), and in a file that declares modules the
//! paths through them (`score::run(…)`, `use ctx::Ctx`), so a parent using its
//! children is seen as well as a child using its parent. A name a module
//! re-exports (`pub use ctx::Ctx`, `pub use common::*`) leads to the module
//! that defines it: `super::Ctx` in `commands::score` uses `commands::ctx`.
//! Test code (after `#[cfg(test)]`, and `tests.rs` files) may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first; a module belongs to the layer of the longest
/// entry that is a prefix of its path.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "util",
        &["text", "date", "diagnostic", "span", "fsio", "error"],
    ),
    (
        "model",
        &[
            "framework::model",
            "health::model",
            "metrics::model",
            "plan::model",
        ],
    ),
    (
        "load",
        &[
            "framework",
            "framework::embedded",
            "framework::load",
            "framework::validate",
            "answers",
            "health",
            "health::load",
            "health::write",
            "health::source",
            "health::validate",
            "health::rows",
            "health::stream",
            "metrics::load",
            "metrics",
            "plan",
            "plan::load",
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
            "health::score",
            "health::fold",
            "health::summary",
            "health::movement",
            "health::demo",
            "health::calibrate",
            "health::plays",
            "health::fit",
            "health::sql",
            "metrics::compute",
            "metrics::stats",
            "metrics::demo",
            "metrics::check",
            "plan::track",
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

/// The `mod` items of a file: its children.
fn children_of(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.strip_prefix("mod ")
                .map(|m| m.trim_end_matches(';').trim().to_string())
        })
        .collect()
}

/// The `use` items of a file (those starting with `crate`, `super`, `self`
/// or a child), expanded, with `pub` ones marked. `as` renames are kept as
/// `path as name`.
fn use_items(code: &str, children: &BTreeSet<String>) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    let mut offset = 0;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let at = offset + i;
        rest = &rest[i + 4..];
        offset = at + 4;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        let item = rest[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        let item = ["::", "{", "}", ","].iter().fold(item, |t, p| {
            t.replace(&format!(" {p}"), p).replace(&format!("{p} "), p)
        });
        let first = item.split("::").next().unwrap_or("");
        if matches!(first, "crate" | "super" | "self") || children.contains(first) {
            let public = code[..at].trim_end().ends_with("pub");
            out.extend(expand(&item).into_iter().map(|p| (public, p)));
        }
    }
    out
}

/// Every path the code names, with its start (`crate`, `super`, `self` or a child module).
fn paths(code: &str, children: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = use_items(code, children)
        .into_iter()
        .map(|(_, p)| p.split(" as ").next().unwrap_or("").to_string())
        .collect();
    // Inline paths: `crate::a::b(...)`, `super::x`, and a child's `score::run(...)`.
    let starts = ["crate::".to_string(), "super::".to_string()]
        .into_iter()
        .chain(children.iter().map(|c| format!("{c}::")));
    for start in starts {
        let mut from = 0;
        while let Some(i) = code[from..].find(&start) {
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
            // `super::{a, b}` in a `use` item: its paths are expanded above.
            if !path.ends_with("::") {
                out.push(path);
            }
        }
    }
    out
}

/// The names a file defines at its top level (`fn`, `struct`, `enum`, …).
fn definitions(code: &str) -> BTreeSet<String> {
    const KINDS: [&str; 8] = [
        "fn ", "struct ", "enum ", "trait ", "const ", "static ", "type ", "union ",
    ];
    code.lines()
        .filter(|l| !l.starts_with(char::is_whitespace))
        .filter_map(|l| {
            let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let l = l
                .strip_prefix("const ")
                .filter(|r| r.starts_with("fn "))
                .unwrap_or(l);
            let rest = KINDS.iter().find_map(|k| l.strip_prefix(k))?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// What a module offers under its own name: what it defines, and what it
/// re-exports (a name, or `*` for a glob) with the absolute path it leads to.
#[derive(Default)]
struct Exports {
    defines: BTreeSet<String>,
    reexports: Vec<(String, Vec<String>)>,
}

/// A path's segments made absolute from the module it is written in.
fn absolute(module: &str, path: &str) -> Vec<String> {
    let mut segs: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").collect()
    };
    // In `a/b.rs` (module a::b) and in `a/b/mod.rs` (module a::b) alike, `super` is `a`.
    match segs.first() {
        Some(&"crate") => {
            base.clear();
            segs.remove(0);
        }
        Some(&"self") => {
            segs.remove(0);
        }
        Some(&"super") => {
            while segs.first() == Some(&"super") {
                segs.remove(0);
                base.pop();
            }
        }
        _ => {}
    }
    base.into_iter().chain(segs).map(String::from).collect()
}

/// The module a path refers to: the longest known module that prefixes it,
/// followed through re-exports to the module that defines the name.
fn target(
    module: &str,
    path: &str,
    modules: &BTreeSet<String>,
    exports: &BTreeMap<String, Exports>,
) -> String {
    resolve(&absolute(module, path), modules, exports, 0)
}

fn resolve(
    full: &[String],
    modules: &BTreeSet<String>,
    exports: &BTreeMap<String, Exports>,
    depth: usize,
) -> String {
    let n = (0..=full.len())
        .rev()
        .find(|n| modules.contains(&full[..*n].join("::")))
        .unwrap_or(0);
    let m = full[..n].join("::");
    match full.get(n) {
        Some(name) if depth < 8 => provider(&m, name, modules, exports, depth).unwrap_or(m),
        _ => m,
    }
}

/// The module that defines `name` as `m` offers it, if `m` re-exports it.
fn provider(
    m: &str,
    name: &str,
    modules: &BTreeSet<String>,
    exports: &BTreeMap<String, Exports>,
    depth: usize,
) -> Option<String> {
    let e = exports.get(m)?;
    if e.defines.contains(name) {
        return Some(m.to_string());
    }
    if let Some((_, path)) = e.reexports.iter().find(|(n, _)| n == name) {
        return Some(resolve(path, modules, exports, depth + 1));
    }
    e.reexports
        .iter()
        .filter(|(n, _)| n == "*")
        .find_map(|(_, glob)| {
            let g = resolve(glob, modules, exports, depth + 1);
            provider(&g, name, modules, exports, depth + 1)
        })
}

struct Graph {
    modules: BTreeSet<String>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

/// A file's code without its tests and comments.
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    text.split("#[cfg(test)]")
        .next()
        .unwrap_or("")
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
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
    let files: Vec<(String, String)> = files
        .iter()
        .map(|f| (module_of(&src, f), code_of(f)))
        .collect();
    let mut exports: BTreeMap<String, Exports> = BTreeMap::new();
    for (module, code) in &files {
        let children = children_of(code);
        let mut e = Exports {
            defines: definitions(code),
            reexports: Vec::new(),
        };
        for (public, item) in use_items(code, &children) {
            if !public {
                continue;
            }
            let (path, name) = match item.split_once(" as ") {
                Some((p, n)) => (p.to_string(), n.to_string()),
                None => (
                    item.clone(),
                    item.rsplit("::").next().unwrap_or("").to_string(),
                ),
            };
            let path = if children.contains(path.split("::").next().unwrap_or("")) {
                format!("self::{path}")
            } else {
                path
            };
            let mut abs = absolute(module, &path);
            if name == "*" {
                abs.pop();
            }
            e.reexports.push((name, abs));
        }
        exports.insert(module.clone(), e);
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &files {
        let children = children_of(code);
        let mut to = BTreeSet::new();
        for p in paths(code, &children) {
            let p = if children.contains(p.split("::").next().unwrap_or("")) {
                format!("self::{p}")
            } else {
                p
            };
            let t = target(module, &p, &modules, &exports);
            if t != *module {
                to.insert(t);
            }
        }
        edges.insert(module.clone(), to);
    }
    Graph { modules, edges }
}

#[test]
fn every_layers_entry_names_a_module() {
    let g = graph();
    let stale: Vec<&str> = LAYERS
        .iter()
        .flat_map(|(_, prefixes)| prefixes.iter().copied())
        .filter(|p| !g.modules.contains(*p))
        .collect();
    assert!(
        stale.is_empty(),
        "LAYERS names modules that do not exist (remove them, or correct the path): {stale:?}"
    );
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
    assert!(score.contains("commands::loader"), "{score:?}");
    assert!(score.contains("report"), "{score:?}");
    let loader = g.edges.get("commands::loader").cloned().unwrap_or_default();
    assert!(loader.contains("scoring"), "{loader:?}");
    let model = g.edges.get("framework::model").cloned().unwrap_or_default();
    assert!(model.contains("text"), "{model:?}");
    // A parent using its children, inline and through `use`.
    let dispatch = g
        .edges
        .get("commands::dispatch")
        .cloned()
        .unwrap_or_default();
    assert!(dispatch.contains("commands::score"), "{dispatch:?}");
    let commands = g.edges.get("commands").cloned().unwrap_or_default();
    assert!(commands.contains("commands::ctx"), "{commands:?}");
    let health = g.edges.get("commands::health").cloned().unwrap_or_default();
    assert!(health.contains("commands::health::dispatch"), "{health:?}");
    // A re-exported name leads to the module that defines it: `super::Ctx`
    // is `commands::ctx`, not the parent that re-exports it; a glob too.
    assert!(score.contains("commands::ctx"), "{score:?}");
    assert!(!score.contains("commands"), "{score:?}");
    let team = g.edges.get("report::team").cloned().unwrap_or_default();
    assert!(team.contains("report::common"), "{team:?}");
    assert!(!team.contains("report"), "{team:?}");
    assert_eq!(
        expand("crate::a::{b, c::{d, e}}"),
        ["crate::a::b", "crate::a::c::d", "crate::a::c::e"]
    );
}
