//! Every decision the gallery's scenarios (and the fixtures in `tests/fixtures/decisions`) make, pinned: for each step, how it ended and its ordered
//! checks (what Explain shows), a refusal's sentence, remedy, offered fix and Azure code, and what a
//! console step printed; then the world each scenario ends in — role assignments with their windows
//! and origins, PIM requests, every tenant's PIM audit history (as its CSV download), each inbox,
//! the activity log and the vaults, items and guards. A change in any of it shows as a diff of
//! `tests/traces/<scenario>.txt`; when the change is meant, `UPDATE_EXPECT=1 cargo test -p mua-core
//! --test traces` writes the files (expect-test).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::rc::Rc;

use mua_core::scenario::{Scenario, StepResult};
use mua_core::{Session, Trace};

fn checks(out: &mut String, trace: &Trace) {
    for c in trace.checks() {
        let mark = if c.passed { "ok  " } else { "FAIL" };
        let token = c.guard_token.as_deref().map(|t| format!(" [guard token: {t}]")).unwrap_or_default();
        let _ = writeln!(out, "  {mark} {}: {}{token}", c.what, c.detail);
    }
}

fn steps(out: &mut String, scenario: &Scenario, session: &Session) {
    for (n, recorded) in session.history().iter().enumerate() {
        let number = scenario.numbers.get(n).copied().unwrap_or(n + 1);
        let step = mua_core::scenario::Step { action: recorded.action.clone(), expect: recorded.result.as_expect() };
        let _ = writeln!(out, "step {number} ({}) -> {}", step.describe(), step.expect);
        match &recorded.result {
            StepResult::Ok(outcome) => checks(out, &outcome.trace),
            StepResult::Advanced => {}
            StepResult::Refused(r) => {
                checks(out, &r.trace);
                let _ = writeln!(out, "  sentence: {}", r.message);
                if !r.remedy.is_empty() {
                    let _ = writeln!(out, "  remedy: {}", r.remedy);
                }
                if let Some(fix) = &r.fix {
                    let _ = writeln!(out, "  fix: {fix:?}");
                }
                if let Some(azure) = r.azure {
                    let _ = writeln!(out, "  azure: {} ({})", azure.code, azure.source);
                }
            }
        }
        for line in recorded.output.lines() {
            let _ = writeln!(out, "  | {line}");
        }
    }
}

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> String {
    t.map_or_else(|| "-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

fn world(out: &mut String, session: &Session) {
    let w = session.world();
    let _ = writeln!(out, "-- the world at {}", time(Some(w.now())));
    for a in w.assignments() {
        let _ = writeln!(
            out,
            "assignment: {} {} at {}, {} from {} to {} ({:?})",
            a.principal,
            a.role.name,
            a.scope,
            a.kind.as_str(),
            time(a.start),
            time(a.end),
            a.origin
        );
    }
    for r in w.requests().values() {
        let window = r.window.map(|(s, e)| format!("{} to {}", time(Some(s)), time(Some(e))));
        let _ = writeln!(
            out,
            "request {}: {:?} by {} for {} at {}, {} min, {} since {}; approvers {:?}, decided by {:?} ({:?}), window {}",
            r.id,
            r.kind,
            r.principal,
            r.role.name,
            r.scope,
            r.duration.num_minutes(),
            r.status.as_str(),
            time(Some(r.created)),
            r.approvers,
            r.decided_by,
            r.decision_justification,
            window.unwrap_or_else(|| "-".to_owned())
        );
    }
    // The PIM role settings that differ from the defaults, for every built-in role at every scope.
    let defaults = mua_core::pim::PimSettings::defaults();
    let scopes =
        w.subscriptions().keys().chain(w.resource_groups().keys()).chain(w.guards().keys()).chain(w.vaults().keys());
    for scope in scopes {
        for role in &mua_core::rbac::BUILT_IN_ROLES {
            let settings = w.pim_settings(role, scope);
            if settings != defaults {
                let _ = writeln!(out, "settings of {} at {scope}: {settings:?}", role.name);
            }
        }
    }
    for tenant in w.tenants().keys() {
        let csv = w.audit_csv(tenant);
        if csv.lines().count() > 1 {
            let _ = writeln!(out, "audit of {tenant}:");
            for line in csv.lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    for p in w.principals().keys() {
        for n in w.inbox(p) {
            let _ = writeln!(out, "inbox of {p}: {} {}", time(Some(n.time)), n.subject);
        }
    }
    for e in session.simulator().activity() {
        let _ = writeln!(
            out,
            "activity: {} {} {} {} {} {:?}",
            time(Some(e.time)),
            e.tenant,
            e.caller,
            e.operation,
            e.target,
            e.status
        );
    }
    for v in w.vaults().values() {
        let _ = writeln!(out, "{v:?}");
    }
    for i in w.items().values() {
        let _ = writeln!(out, "{i:?}");
    }
    for g in w.guards().values() {
        let _ = writeln!(out, "{g:?}");
    }
}

#[test]
fn every_decision_of_the_gallery_is_pinned_with_its_checks_and_the_world_it_leaves() {
    mua_console::install();
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // The gallery, and the fixtures that take the rules where the gallery does not go (boundaries,
    // reads, directories, rare refusals).
    let mut files: Vec<PathBuf> = ["../../web/scenarios", "tests/fixtures/decisions"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(here.join(dir)).unwrap().map(|e| e.unwrap().path()))
        .collect();
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    files.sort();
    for file in &files {
        let scenario = Rc::new(Scenario::load(&std::fs::read_to_string(file).unwrap()).unwrap());
        let session = scenario.run().unwrap();
        let mut out = String::new();
        steps(&mut out, &scenario, &session);
        world(&mut out, &session);
        let name = file.file_stem().unwrap().to_string_lossy();
        expect_test::expect_file![here.join(format!("tests/traces/{name}.txt"))].assert_eq(&out);
    }
}
