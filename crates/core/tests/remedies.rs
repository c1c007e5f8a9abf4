//! Every refusal the gallery's scenarios meet, pinned with its code, its sentence and its remedy
//! ("what would make it succeed", which Explain shows): a remedy emptied or changed shows as a
//! diff of `tests/remedies.txt`. When the change is meant, `UPDATE_EXPECT=1 cargo test -p mua-core
//! --test remedies` writes the file (expect-test).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::rc::Rc;

use mua_core::scenario::{Scenario, StepResult};

#[test]
fn every_refusal_in_the_gallery_has_its_code_sentence_and_remedy_pinned() {
    mua_console::install();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut table = String::new();
    let mut seen = std::collections::BTreeSet::new();
    for file in &files {
        let scenario = Rc::new(Scenario::load(&std::fs::read_to_string(file).unwrap()).unwrap());
        let session = scenario.run().unwrap();
        for (n, recorded) in session.history().iter().enumerate() {
            let StepResult::Refused(r) = &recorded.result else { continue };
            // Each distinct refusal once: the first step that meets it.
            if !seen.insert((r.code, r.message.clone(), r.remedy.clone())) {
                continue;
            }
            let name = file.file_stem().unwrap().to_string_lossy();
            table.push_str(&format!(
                "{name} step {}: {}\n  sentence: {}\n  remedy:   {}\n",
                scenario.numbers[n],
                r.code.as_str(),
                r.message,
                if r.remedy.is_empty() { "(none)" } else { &r.remedy }
            ));
        }
    }
    expect_test::expect_file!["remedies.txt"].assert_eq(&table);
}
