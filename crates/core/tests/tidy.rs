//! Tidy: the workspace's modules form layers with no import cycle (ARCHITECTURE.md's invariant), read
//! from the source as rust-analyzer's `tidy.rs` reads it, so the invariant cannot rot unnoticed.
//!
//! Every file under `crates/*/src` is a module. Each `crate::…`, `super::…` and `self::…` path
//! (and each `use` group such as `crate::{a, b::c}`) is an import of the longest module it names.
//! An import between two modules is seen where their subtrees meet: `session` importing
//! `console::export` makes `session → console`, and `console::az` importing `console::words` makes
//! `az → words` inside `console`. A module and the modules inside it may use each other (a parent
//! owns its children). Between siblings the imports must not close a circle; the test names every
//! circle it finds, with the import that closes each step. Comments and `#[cfg(test)]` code are
//! not read.

#![allow(clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path inside its crate: `["console", "az"]`; the crate root is `[]`.
type Module = Vec<String>;

#[test]
fn no_import_cycle_between_modules_of_any_crate() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut circles = Vec::new();
    let mut read = 0;
    for entry in std::fs::read_dir(&crates).expect("crates/") {
        let src = entry.expect("an entry of crates/").path().join("src");
        if !src.is_dir() {
            continue;
        }
        let modules = modules_of(&src);
        read += modules.len();
        let name = src.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for circle in circles_in(&imports(&modules)) {
            circles.push(format!("crates/{name}: {circle}"));
        }
    }
    assert!(read > 40, "read only {read} modules: is the workspace where the test looks?");
    assert!(circles.is_empty(), "import cycles between modules (ARCHITECTURE.md: layers):\n{}", circles.join("\n"));
}

#[test]
fn the_reader_finds_paths_groups_and_relative_imports() {
    let modules: BTreeMap<Module, String> = [
        (vec![], String::new()),
        (m("a"), "use crate::{b::{X, c::Y}, d};\nfn f() { super::e::g(); }".to_owned()),
        (m("b"), String::new()),
        (m("b::c"), "use super::super::a::Z; // crate::e is a comment\n".to_owned()),
        (m("d"), "#[cfg(test)]\nmod tests { use crate::a; }".to_owned()),
        (m("e"), "use self::f::H;".to_owned()),
        (m("e::f"), String::new()),
    ]
    .into_iter()
    .collect();
    let edges = imports(&modules);
    let seen: BTreeSet<(String, String)> =
        edges.iter().map(|(a, b, _)| (a.join("::"), b.join("::"))).collect::<BTreeSet<_>>();
    let want: BTreeSet<(String, String)> = [("a", "b"), ("a", "d"), ("a", "e"), ("b", "a")]
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(seen, want, "e → e::f is a parent using its child; d's test code and b::c's comment are not read");
    let circles = circles_in(&edges);
    assert_eq!(circles.len(), 1, "{circles:?}");
    assert_eq!(circles[0], "a → b (by crate::b::X) → a (by super::super::a::Z)");
}

fn m(path: &str) -> Module {
    path.split("::").map(str::to_owned).collect()
}

/// Every `.rs` file under `src` by its module path, with its text as the test reads it.
fn modules_of(src: &Path) -> BTreeMap<Module, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a source folder") {
            let path: PathBuf = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(src).expect("under src").with_extension("");
                let mut module: Module = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
                if matches!(module.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                    module.pop();
                }
                if rel.iter().any(|s| s == "bin") {
                    continue; // a binary of its own, not a module of the library
                }
                out.insert(module, std::fs::read_to_string(&path).expect("a source file"));
            }
        }
    }
    out
}

/// The code the test reads: without comments, and without `#[cfg(test)]` code (from the first one
/// on: test modules sit at the end of a file).
fn code(text: &str) -> String {
    let text = text.find("#[cfg(test)]").map_or(text, |i| &text[..i]);
    text.lines().map(|l| l.find("//").map_or(l, |i| &l[..i])).collect::<Vec<_>>().join("\n")
}

/// The imports between sibling subtrees: `(from, to, the path that makes it)`, where `from` and
/// `to` are children of the same module.
fn imports(modules: &BTreeMap<Module, String>) -> Vec<(Module, Module, String)> {
    let mut out = Vec::new();
    for (module, text) in modules {
        for path in paths(&code(text)) {
            let Some(target) = resolve(module, &path, modules) else { continue };
            // Where the two subtrees meet: the first segment after their common part.
            let common = module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common == module.len() || common == target.len() {
                continue; // a module and one inside it
            }
            out.push((module[..=common].to_vec(), target[..=common].to_vec(), path.join("::")));
        }
    }
    out
}

/// The module a path names (its longest prefix that is a module), relative paths resolved.
fn resolve(module: &Module, path: &[String], modules: &BTreeMap<Module, String>) -> Option<Module> {
    let mut base: Module = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self") => {
            base = module.clone();
            rest = &path[1..];
        }
        Some("super") => {
            base = module.clone();
            while rest.first().map(String::as_str) == Some("super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    let full: Module = base.into_iter().chain(rest.iter().cloned()).collect();
    (1..=full.len()).rev().map(|k| full[..k].to_vec()).find(|p| modules.contains_key(p))
}

/// Every path that starts with `crate`, `super` or `self`, `use` groups expanded.
fn paths(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::", "self::"].iter().find(|p| bytes[i..].starts_with(p.as_bytes()));
        let word_before =
            i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
        match starts {
            Some(p) if !word_before => {
                let head = p.trim_end_matches(':').to_owned();
                i = expand(code, i + p.len(), vec![head], &mut out);
            }
            _ => i += 1,
        }
    }
    out
}

/// Reads the rest of a path from `at` (after `prefix::`), pushing each path it spells (a group
/// `{a, b::c}` spells several); returns where it ended.
fn expand(code: &str, mut at: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let bytes = code.as_bytes();
    let mut path = prefix;
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at < bytes.len() && bytes[at] == b'{' {
            at += 1;
            loop {
                while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b',') {
                    at += 1;
                }
                if at >= bytes.len() || bytes[at] == b'}' {
                    return at + 1;
                }
                at = expand(code, at, path.clone(), out);
            }
        }
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
            at += 1;
        }
        if start == at {
            out.push(path);
            return at;
        }
        path.push(code[start..at].to_owned());
        if bytes[at..].starts_with(b"::") {
            at += 2;
        } else {
            out.push(path);
            return at;
        }
    }
}

/// Each import circle among siblings, as `a → b (by crate::b::X) → a (by …)`.
fn circles_in(edges: &[(Module, Module, String)]) -> Vec<String> {
    let mut graph: BTreeMap<&Module, BTreeMap<&Module, &str>> = BTreeMap::new();
    for (from, to, by) in edges {
        graph.entry(from).or_default().entry(to).or_insert(by);
        graph.entry(to).or_default();
    }
    let mut circles = Vec::new();
    let mut reported: BTreeSet<BTreeSet<&Module>> = BTreeSet::new();
    for &start in graph.keys() {
        // The shortest way back to `start` (breadth first), if there is one.
        let mut came: BTreeMap<&Module, &Module> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closing = None;
        while let Some(at) = queue.pop_front() {
            for &next in graph[at].keys() {
                if next == start {
                    closing = Some(at);
                    break;
                }
                if !came.contains_key(next) {
                    came.insert(next, at);
                    queue.push_back(next);
                }
            }
            if closing.is_some() {
                break;
            }
        }
        let Some(mut at) = closing else { continue };
        let mut ring = vec![start];
        while at != start {
            ring.push(at);
            at = came[at];
        }
        ring[1..].reverse();
        if !reported.insert(ring.iter().copied().collect()) {
            continue;
        }
        let mut text = ring[0].join("::");
        for (k, from) in ring.iter().enumerate() {
            let to = ring[(k + 1) % ring.len()];
            text.push_str(&format!(" → {} (by {})", to.join("::"), graph[from][to]));
        }
        circles.push(text);
    }
    circles
}
