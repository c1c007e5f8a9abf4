//! The gallery asserts what its steps do (SPEC §8, state assertions): after every step that changes
//! a vault's, an item's or a guard's settings, a PIM request, or — after a PIM, Lighthouse, clock or
//! console step — a role assignment's status, the file's own assertions check each changed field.
//! A scenario that says "disabling soft delete succeeds" must also say "and soft delete is off".
//!
//! Run with `PROPOSE_ASSERTIONS=1` to write the missing assertions into the files (read from the
//! world as it is after the step): the test then fails, to be run again and the files reviewed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::rc::Rc;

use mua_core::assertion::state_name;
use mua_core::model::AssignmentType;
use mua_core::scenario::{Scenario, StepAction};
use mua_core::{Session, World};
use serde_json::{json, Map, Value};

/// What an assertion is about: its subject key (`vault`, `item`, `guard`, `request`,
/// `role_assignment`) and the subject's value as the assertion writes it (as JSON text).
type Subject = (&'static str, String);
/// Every field an assertion can check, with its value in the world.
type Facts = BTreeMap<(Subject, &'static str), Value>;

fn facts(w: &World) -> Facts {
    let mut out = Facts::new();
    for (id, v) in w.vaults() {
        let s = ("vault", json!(id).to_string());
        out.insert((s.clone(), "exists"), json!(true));
        out.insert((s.clone(), "soft_delete"), json!(v.soft_delete));
        out.insert((s.clone(), "always_on"), json!(v.soft_delete_always_on));
        out.insert((s.clone(), "immutable"), json!(v.immutable));
        out.insert((s.clone(), "mua"), v.guard.clone().map_or(Value::Null, Value::String));
        out.insert((s.clone(), "security_pins"), json!(v.security_pins));
        out.insert((s, "policy_retention_days"), json!(v.policy_retention_days));
    }
    for (id, i) in w.items() {
        let s = ("item", json!(id).to_string());
        out.insert((s.clone(), "exists"), json!(true));
        out.insert((s.clone(), "state"), json!(state_name(i.state)));
        out.insert((s, "retention_days"), json!(i.retention_days));
    }
    for (id, g) in w.guards() {
        let mut names: Vec<&str> = g
            .excluded
            .iter()
            .map(|op| {
                mua_core::critical_operations::all_operations()
                    .find(|o| o.vault_operation == op.as_str())
                    .map_or(op.as_str(), |o| o.name)
            })
            .collect();
        names.sort_unstable();
        out.insert((("guard", json!(id).to_string()), "excluded"), json!(names));
    }
    for (id, r) in w.requests() {
        out.insert((("request", json!(id).to_string()), "state"), json!(r.status.as_str()));
    }
    let now = w.now();
    for r in w.assignments() {
        let s =
            ("role_assignment", json!({"principal": r.principal, "role": r.role.name, "scope": r.scope}).to_string());
        let status = match r.kind {
            AssignmentType::Active if r.in_window(now) => "active",
            AssignmentType::Eligible if r.in_window(now) => "eligible",
            _ => "absent",
        };
        let key = (s, "status");
        let rank = |s: &str| ["absent", "eligible", "active"].iter().position(|x| *x == s);
        let held = out.get(&key).and_then(Value::as_str).and_then(rank);
        if held < rank(status) {
            out.insert(key, json!(status));
        }
    }
    out
}

/// The fields a step changed that its assertions must check.
fn changed(before: &Facts, after: &Facts, step: &StepAction) -> Vec<((Subject, &'static str), Value)> {
    let access_step = matches!(step, StepAction::Advance(_) | StepAction::Console { .. })
        || ["pim_", "lighthouse_"].iter().any(|p| step.name().starts_with(p));
    let existed = |s: &Subject| before.keys().any(|(b, _)| b == s);
    let mut keys: Vec<&(Subject, &'static str)> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let (subject, field) = key;
        let was = before.get(key);
        let now = match (after.get(key), subject.0, *field) {
            (Some(v), ..) => v.clone(),
            (None, "vault" | "item", "exists") => json!(false),
            (None, "role_assignment", _) => json!("absent"),
            (None, ..) => continue,
        };
        if was == Some(&now) || (was.is_none() && now == json!("absent")) {
            continue;
        }
        let counts = match subject.0 {
            "vault" | "item" | "guard" => existed(subject),
            "request" => true,
            _ => access_step,
        };
        if counts {
            out.push((key.clone(), now));
        }
    }
    out
}

/// The subject and fields an assertion's JSON checks.
fn asserted(json: &Value) -> Vec<(Subject, String)> {
    let Some(map) = json.get("assert").and_then(Value::as_object) else { return Vec::new() };
    let Some((key, value)) =
        ["vault", "item", "guard", "request", "role_assignment"].iter().find_map(|k| map.get(*k).map(|v| (*k, v)))
    else {
        return Vec::new();
    };
    map.keys().filter(|k| k.as_str() != key).map(|f| ((key, value.to_string()), f.clone())).collect()
}

fn gallery() -> Vec<PathBuf> {
    mua_console::install();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Plays a file's plan and returns, per plan step whose changes are not all asserted, the file index
/// of the step and the assertions it lacks.
fn missing(text: &str) -> Vec<(usize, String, Vec<Value>)> {
    let scenario = Rc::new(Scenario::load(text).unwrap());
    let mut session = Session::new(Rc::clone(&scenario));
    let mut out = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let before = facts(session.world());
        let ok = matches!(session.play_next(), Some(Ok(r)) if !matches!(r.result, mua_core::scenario::StepResult::Refused(_)));
        if !ok {
            continue;
        }
        let after = facts(session.world());
        let covered: Vec<(Subject, String)> =
            scenario.assertions.iter().filter(|a| a.after == i + 1).flat_map(|a| asserted(&a.json)).collect();
        let mut lacking: BTreeMap<Subject, Map<String, Value>> = BTreeMap::new();
        for ((subject, field), value) in changed(&before, &after, &step.action) {
            if !covered.iter().any(|(s, f)| *s == subject && f == field) {
                lacking.entry(subject).or_default().insert(field.to_owned(), value);
            }
        }
        if !lacking.is_empty() {
            let asserts = lacking
                .into_iter()
                .map(|((key, value), fields)| {
                    let mut m = Map::new();
                    m.insert(key.to_owned(), serde_json::from_str(&value).unwrap());
                    m.extend(fields);
                    json!({ "assert": m })
                })
                .collect();
            out.push((scenario.numbers[i] - 1, step.describe(), asserts));
        }
    }
    out
}

#[test]
fn every_gallery_file_asserts_what_its_steps_change() {
    let propose = std::env::var_os("PROPOSE_ASSERTIONS").is_some();
    let mut report = Vec::new();
    for path in gallery() {
        let text = std::fs::read_to_string(&path).unwrap();
        let lacking = missing(&text);
        if lacking.is_empty() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for (index, step, asserts) in &lacking {
            let fields: Vec<String> = asserts.iter().map(|a| a["assert"].to_string()).collect();
            report.push(format!("{name} step {} ({step}) changes, unasserted: {}", index + 1, fields.join(", ")));
        }
        if propose {
            let mut doc: Value = serde_json::from_str(&text).unwrap();
            let steps = doc["steps"].as_array_mut().unwrap();
            for (index, _, asserts) in lacking.into_iter().rev() {
                let mut at = index + 1;
                while steps.get(at).is_some_and(|s| s.get("assert").is_some()) {
                    at += 1;
                }
                for (k, a) in asserts.into_iter().enumerate() {
                    steps.insert(at + k, a);
                }
            }
            std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap() + "\n").unwrap();
        }
    }
    assert!(report.is_empty(), "{} steps change what their file does not assert:\n{}", report.len(), report.join("\n"));
}

/// The check fails when a file's assertion is taken away, and an assertion fails the run when the
/// effect it checks is broken: the gallery's own example, by hand.
#[test]
fn a_missing_or_broken_assertion_is_found() {
    mua_console::install();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios/pim-jit-approve.json");
    let text = std::fs::read_to_string(path).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let steps = doc["steps"].as_array_mut().unwrap();
    let at = steps.iter().position(|s| s["assert"]["soft_delete"] == json!(false)).unwrap();
    // Broken by hand: the file says soft delete is on after it was disabled.
    steps[at]["assert"]["soft_delete"] = json!(true);
    let broken = doc.to_string();
    let err = Rc::new(Scenario::load(&broken).unwrap()).run().unwrap_err().to_string();
    assert!(err.contains("expected `soft_delete: true`, got `soft_delete: false`"), "{err}");
    // Taken away: the step that disables soft delete is then named.
    let steps = doc["steps"].as_array_mut().unwrap();
    steps.remove(at);
    let lacking = missing(&doc.to_string());
    assert_eq!(lacking.len(), 1, "{lacking:?}");
    assert_eq!(lacking[0].2, vec![json!({"assert": {"vault": "vault1", "soft_delete": false}})]);
}
