//! The portal's gallery index from `web/scenarios/*.json`: each scenario's name, title, one-line
//! summary and topic. Only the default scenario's text is compiled in (the first page never waits
//! for the network); the site ships the others beside the page and the portal fetches them when
//! they are opened. The `embedded-gallery` feature compiles every text in (browser tests).
//! Scenarios with console steps are listed only with the `console` feature.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("../../web/scenarios");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "json")).collect()
        })
        .unwrap_or_default();
    files.sort();
    let embed_all = std::env::var_os("CARGO_FEATURE_EMBEDDED_GALLERY").is_some();
    let console = std::env::var_os("CARGO_FEATURE_CONSOLE").is_some();
    let mut out = format!(
        "/// The scenario a session starts from when nothing else is asked for.\npub const DEFAULT_SCENARIO: &str = {DEFAULT:?};\n\n/// The scenario gallery, sorted by name.\npub static GALLERY: &[GalleryEntry] = &[\n"
    );
    for f in &files {
        let name = f.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        println!("cargo:rerun-if-changed={}", f.display());
        // Minified: the gallery is shipped in the wasm, whitespace is dead weight.
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let parsed = serde_json::from_str::<serde_json::Value>(&text).ok();
        // A scenario with console steps is listed only where the portal runs them.
        let has_console = parsed
            .as_ref()
            .and_then(|v| v.get("steps")?.as_array().cloned())
            .is_some_and(|steps| steps.iter().any(|s| s.get("az").is_some() || s.get("pwsh").is_some()));
        if has_console && !console {
            continue;
        }
        let title =
            parsed.as_ref().and_then(|v| v.get("title")?.as_str().map(str::to_owned)).unwrap_or(name.to_owned());
        let description =
            parsed.as_ref().and_then(|v| v.get("description")?.as_str().map(str::to_owned)).unwrap_or_default();
        let summary = first_sentence(&description);
        let topic = topic(name);
        let minified = parsed.map(|v| v.to_string()).unwrap_or(text);
        let embedded = (embed_all || name == DEFAULT).then_some(minified);
        let _ = writeln!(
            out,
            "    GalleryEntry {{ name: {name:?}, title: {title:?}, summary: {summary:?}, topic: {topic:?}, console: {has_console}, text: {embedded:?} }},"
        );
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("gallery.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}

/// The scenario a session starts from when nothing else is asked for (its text is compiled in).
const DEFAULT: &str = "pim-jit-approve";

/// The gallery's topic of a scenario, by its file name: the cross-tenant ones first, then by prefix.
fn topic(name: &str) -> &'static str {
    if name.contains("cross-tenant") || name == "pim-jit-approve" {
        "Cross-tenant"
    } else if name.starts_with("rsv-") {
        "Recovery Services vault"
    } else if name.starts_with("bv-") {
        "Backup vault"
    } else if name.starts_with("pim-") {
        "PIM"
    } else if name.starts_with("lighthouse-") {
        "Lighthouse"
    } else if name.starts_with("identit") {
        "Identities"
    } else {
        "Roles and errors"
    }
}

/// The description's first sentence: the card's one line.
fn first_sentence(description: &str) -> String {
    let end = description.find(". ").map_or(description.len(), |i| i + 1);
    description[..end].replace('`', "")
}
