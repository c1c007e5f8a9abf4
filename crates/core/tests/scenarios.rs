//! Runs every scenario of `web/scenarios/` and checks that the library, taken together, produces every
//! error code that SPEC §2–§4 can produce. Also checks that malformed files are `invalid-input`
//! naming the step and the field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::rc::Rc;

use mua_core::scenario::{Expect, Scenario, ScenarioError};
use mua_core::ErrorCode;

fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/scenarios")
}

/// The gallery's files; some have console steps, so the console is installed first.
fn scenario_files() -> Vec<PathBuf> {
    mua_console::install();
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("web/scenarios exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_scenario_holds() {
    let files = scenario_files();
    assert!(files.len() >= 12, "the library has the documented flows");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = Scenario::load(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Rc::new(scenario).run().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn library_produces_every_error_code() {
    let mut produced = BTreeSet::new();
    for path in scenario_files() {
        let scenario = Scenario::load(&std::fs::read_to_string(&path).unwrap()).unwrap();
        // The runs pass (previous test), so each expected code was actually produced.
        for step in &scenario.steps {
            if let Expect::Refused(code) = step.expect {
                produced.insert(code);
            }
        }
    }
    let missing: Vec<_> = ErrorCode::ALL.iter().filter(|c| !produced.contains(c)).map(|c| c.as_str()).collect();
    assert!(missing.is_empty(), "no scenario produces: {missing:?}");
}

const WORLD: &str = r#"{"tenants":[{"id":"contoso","name":"Contoso","domain":"contoso.com"}],
  "subscriptions":[{"id":"sub","tenant":"contoso","name":"S"}],
  "resource_groups":[{"id":"rg","subscription":"sub","location":"westeurope"}],
  "principals":[{"id":"olga","kind":"user","tenant":"contoso"}],
  "role_assignments":[{"principal":"olga","role":"Owner","scope":"sub"}]}"#;

fn file(steps: &str) -> String {
    format!(r#"{{"version":1,"title":"t","start":"2026-01-05T09:00:00Z","world":{WORLD},"steps":[{steps}]}}"#)
}

#[track_caller]
fn check_invalid(text: &str, at: &str, message_part: &str) {
    match Scenario::load(text) {
        Err(e @ ScenarioError::Invalid { .. }) => {
            assert_eq!(e.code(), Some(ErrorCode::InvalidInput));
            let ScenarioError::Invalid { at: got_at, message } = &e else { unreachable!() };
            assert_eq!(got_at, at, "location of {e}");
            assert!(message.contains(message_part), "{message:?} should mention {message_part:?}");
        }
        other => panic!("expected invalid-input at {at}, got {other:?}"),
    }
}

#[test]
fn malformed_files_are_invalid_input_naming_step_and_field() {
    check_invalid("{", "line 1 column 1", "EOF");
    check_invalid(r#"{"version":1}"#, "title", "missing field `title`");
    check_invalid(
        r#"{"version":1,"title":"t","start":"x","world":{"tenants":[{"id":"t","nme":"T"}]}}"#,
        "world.tenants[0].name",
        "missing field `name`",
    );
    check_invalid(
        r#"{"version":1,"title":"t","start":"x","world":{"tenants":[{"id":"t","name":"T","domain":"d","colour":1}]}}"#,
        "world.tenants[0].colour",
        "unknown field `colour`, expected one of domain, id, name, tenant_id",
    );
    check_invalid(
        r#"{"version":1,"title":"t","start":"x","world":{"tenants":{}}}"#,
        "world.tenants",
        "expected a list, found an object",
    );
    check_invalid(
        &file(r#"{"as":"olga","do":"create_vault","id":"v","kind":"recovery_services","resource_group":"rgx"}"#),
        "step 1 field `resource_group`",
        "unknown handle `rgx`",
    );
    check_invalid(
        &file(r#"{"as":"olga","do":"assign_role","principal":"olga","role":"Backup Hero","scope":"rg"}"#),
        "step 1 field `role`",
        "unknown role `Backup Hero`",
    );
    check_invalid(&file(r#"{"advance":"2 hours"}"#), "step 1 field `advance`", "ISO 8601");
    check_invalid(&file(r#"{"advance":"P1M"}"#), "step 1 field `advance`", "months");
    check_invalid(
        &file(
            r#"{"as":"olga","do":"create_vault","id":"v","kind":"recovery_services","resource_group":"rg","colour":"red"}"#,
        ),
        "step 1 field `colour`",
        "unknown field",
    );
    check_invalid(&file(r#"{"as":"olga","do":"fly"}"#), "step 1 field `do`", "unknown action `fly`");
    check_invalid(
        &file(r#"{"as":"zed","do":"authenticate","tenant":"contoso"}"#),
        "step 1 field `as`",
        "unknown principal `zed`",
    );
    check_invalid(
        &file(r#"{"as":"olga","do":"authenticate","tenant":"contoso","expect":"oops"}"#),
        "step 1 field `expect`",
        "unknown error code",
    );
    check_invalid(
        &file(r#"{"as":"olga","do":"create_vault","id":"v","kind":"tape","resource_group":"rg"}"#),
        "step 1 field `kind`",
        "unknown vault kind",
    );
    check_invalid(
        &file(r#"{"as":"olga","do":"modify_policy","vault":"rg","reduce_retention":"yes"}"#),
        "step 1 field `reduce_retention`",
        "true or false",
    );
    // A handle created by an earlier step is known to later steps.
    let ok = file(
        r#"{"as":"olga","do":"create_vault","id":"v","kind":"recovery_services","resource_group":"rg"},{"as":"olga","do":"get_security_pin","vault":"v"}"#,
    );
    assert!(Scenario::load(&ok).is_ok());
    let bad_world = r#"{"version":1,"title":"t","start":"2026-01-05T09:00:00Z","world":{"tenants":[],"subscriptions":[{"id":"s","tenant":"nope","name":"S"}]},"steps":[]}"#;
    check_invalid(bad_world, "world.subscriptions[0].tenant", "unknown tenant `nope`");
    let bad_start = format!(r#"{{"version":1,"title":"t","start":"yesterday","world":{WORLD},"steps":[]}}"#);
    check_invalid(&bad_start, "start", "RFC 3339");
}

#[test]
fn a_mismatch_names_the_step_the_expectation_and_the_outcome() {
    let text = file(
        r#"{"as":"olga","do":"create_vault","id":"v1","kind":"recovery_services","resource_group":"rg"},
           {"as":"olga","do":"disable_soft_delete","vault":"v1","expect":"mua-operator-role-missing"}"#,
    );
    let err = Rc::new(Scenario::load(&text).unwrap()).run().unwrap_err();
    assert_eq!(
        err.to_string(),
        "step 2 (`disable_soft_delete` as `olga`): expected `mua-operator-role-missing`, got `ok`: the operation succeeded"
    );
}

#[test]
fn every_step_round_trips_through_step_json() {
    use mua_core::scenario_file::step_json;
    for path in scenario_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
        let scenario = Scenario::load(&text).unwrap();
        let written: Vec<serde_json::Value> = scenario.steps.iter().map(step_json).collect();
        file["steps"] = serde_json::Value::Array(written);
        let again = Scenario::load(&file.to_string()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(again.steps, scenario.steps, "{}", path.display());
    }
}

#[test]
fn exclusions_belong_to_one_vault_kind() {
    let text = std::fs::read_to_string(scenario_dir().join("rsv-exclusions-per-kind.json")).unwrap();
    let scenario = Rc::new(Scenario::load(&text).unwrap());
    let mut session = mua_core::Session::new(scenario);
    // Up to the update for Recovery Services vaults only (step 12).
    for _ in 0..12 {
        session.play_next();
    }
    let guard = &session.world().guards()["guard1"];
    let unprotected = |kind| -> Vec<&str> {
        guard.operations(kind).filter(|(_, protected)| !protected).map(|(op, _)| op.name).collect()
    };
    use mua_core::critical_operations::VaultKind;
    assert_eq!(unprotected(VaultKind::RecoveryServices), ["disable-immutability"]);
    assert_eq!(unprotected(VaultKind::Backup), ["delete-backup-instance"], "the Backup vault list is kept");
    assert!(guard.excluded.contains("Microsoft.DataProtection/backupVaults/backupInstances/delete"));
}

#[test]
fn refusals_carry_azures_own_code_only_where_a_source_shows_it() {
    let text = std::fs::read_to_string(scenario_dir().join("errors-enable-mua.json")).unwrap();
    let session = Rc::new(Scenario::load(&text).unwrap()).run().unwrap();
    let refusals: Vec<_> = session
        .history()
        .iter()
        .filter_map(|r| match &r.result {
            mua_core::scenario::StepResult::Refused(refusal) => Some(refusal.clone()),
            _ => None,
        })
        .collect();
    let rbac = refusals.iter().find(|r| r.message.starts_with("The client")).expect("an RBAC refusal");
    assert_eq!(rbac.code, ErrorCode::AuthorizationFailed);
    assert_eq!(rbac.azure.map(|a| a.code), Some("AuthorizationFailed"));
    assert!(rbac.azure.unwrap().source.starts_with("https://learn.microsoft.com/"));
    // No public source shows Azure's code for the guard's own refusals: none is attached.
    let guard = refusals.iter().find(|r| r.code == ErrorCode::ReaderOnGuardMissing).expect("reader-on-guard-missing");
    assert_eq!(guard.azure, None);
}

#[test]
fn every_azure_code_attached_in_the_gallery_is_a_documented_one() {
    use std::collections::BTreeSet;
    // Each code with the Microsoft page that documents it (SPEC §8: never invented).
    const DOCUMENTED: [(&str, &str); 11] = [
        ("AuthorizationFailed", "azure-resource-manager/troubleshooting/common-deployment-errors"),
        ("InvalidAuthenticationTokenTenant", "azure-resource-manager/troubleshooting/common-deployment-errors"),
        ("ResourceNotFound", "azure-resource-manager/troubleshooting/common-deployment-errors"),
        ("ResourceGroupNotFound", "azure-resource-manager/troubleshooting/common-deployment-errors"),
        ("PrincipalNotFound", "role-based-access-control/troubleshooting"),
        ("RoleAssignmentExists", "graph/api/governanceroleassignmentrequest-post"),
        ("PendingRoleAssignmentRequest", "graph/api/governanceroleassignmentrequest-post"),
        ("RoleAssignmentDoesNotExist", "graph/api/governanceroleassignmentrequest-post"),
        ("RoleAssignmentRequestPolicyValidationFailed", "graph/api/governanceroleassignmentrequest-post"),
        ("AADSTS50020", "entra/identity-platform/reference-error-codes"),
        ("InvalidAuthenticationToken", "archive/technet-wiki/54544.how-to-solve-error-code-invalidauthenticationtoken"),
    ];
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(scenario_dir()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let session = Rc::new(Scenario::load(&text).unwrap()).run().unwrap();
        for record in session.history() {
            let mua_core::scenario::StepResult::Refused(refusal) = &record.result else { continue };
            let Some(azure) = refusal.azure else { continue };
            let (_, page) = DOCUMENTED
                .iter()
                .find(|(code, _)| *code == azure.code)
                .unwrap_or_else(|| panic!("{} is attached to {} but not documented", azure.code, refusal.code));
            assert!(azure.source.starts_with("https://learn.microsoft.com/") && azure.source.contains(page));
            seen.insert((refusal.code.as_str(), azure.code));
        }
    }
    // The gallery shows the cross-tenant, PIM policy and RBAC codes at least once each.
    for pair in [
        ("authorization-failed", "AuthorizationFailed"),
        ("cross-tenant-auth-required", "InvalidAuthenticationTokenTenant"),
        ("pim-justification-required", "RoleAssignmentRequestPolicyValidationFailed"),
        // Az 14's SecureString given to `-Token` (console-az14-tokens.json).
        ("cross-tenant-auth-required", "InvalidAuthenticationToken"),
    ] {
        assert!(seen.contains(&pair), "{pair:?} not shown by any scenario; seen {seen:?}");
    }
    // The guard's own refusals and the MUA check carry none (no public source shows Azure's code).
    assert!(seen.iter().all(|(ours, _)| !ours.starts_with("mua-") && *ours != "reader-on-guard-missing"));
}

#[test]
fn a_compact_history_names_the_plans_steps_by_index_and_replays_the_same() {
    use mua_core::scenario_file::{history_compact, history_json, resume};
    let text = std::fs::read_to_string(scenario_dir().join("pim-jit-approve.json")).unwrap();
    let scenario = Rc::new(Scenario::load(&text).unwrap());
    let mut session = mua_core::Session::new(scenario.clone());
    while session.play_next().is_some() {}
    let compact = history_compact(&session);
    let indices: Vec<u64> = compact.iter().map(|v| v.as_u64().expect("every step is the plan's")).collect();
    assert_eq!(indices, (0..scenario.steps.len() as u64).collect::<Vec<_>>());
    let again = resume(scenario.clone(), &compact).unwrap();
    assert_eq!(again.world(), session.world());
    assert_eq!(history_json(&again), history_json(&session));
    // A step that is not one of the plan's stays written out; an index beyond the plan is refused.
    let mut mixed = compact[..3].to_vec();
    mixed.push(serde_json::json!({"advance": "PT5M"}));
    let replayed = resume(scenario.clone(), &mixed).unwrap();
    assert_eq!(history_compact(&replayed)[3], serde_json::json!({"advance": "PT5M"}));
    let err = resume(scenario, &[serde_json::json!(99)]).unwrap_err().to_string();
    assert!(err.contains("no step 99"), "{err}");
}

#[test]
fn a_link_whose_steps_now_end_otherwise_replays_and_lists_them() {
    use mua_core::scenario_file::{fingerprint, history_compact, history_ends, resume_noting};
    use mua_core::session::Drift;
    let text = std::fs::read_to_string(scenario_dir().join("pim-jit-approve.json")).unwrap();
    let scenario = Rc::new(Scenario::load(&text).unwrap());
    let mut session = mua_core::Session::new(scenario.clone());
    while session.play_next().is_some() {}
    let (compact, mut ends) = (history_compact(&session), history_ends(&session));
    assert_eq!(ends.len(), session.history().len());
    // As recorded: nothing differs, and the world is the same.
    let (again, drift) = resume_noting(scenario.clone(), &compact, &ends).unwrap();
    assert!(drift.is_empty(), "{drift:?}");
    assert_eq!(again.world(), session.world());
    // Recorded otherwise (another engine, or the file changed since): every step still plays, and
    // each that ends otherwise is listed with how it ended then and now.
    let refused = ends.iter().position(|e| e != "ok").expect("the tour has a refusal");
    let was = ends[refused].as_str().unwrap().to_owned();
    ends[0] = serde_json::json!("authorization-failed");
    ends[refused] = serde_json::json!("ok");
    let (replayed, drift) = resume_noting(scenario.clone(), &compact, &ends).unwrap();
    assert_eq!(replayed.history().len(), session.history().len());
    assert_eq!(
        drift,
        [
            Drift { step: 1, was: Expect::Refused(ErrorCode::AuthorizationFailed), now: Expect::Ok },
            Drift { step: refused + 1, was: Expect::Ok, now: Expect::Refused(ErrorCode::parse(&was).unwrap()) },
        ]
    );
    // No ends (a link made before they were written): each step expects its own `expect`.
    assert!(resume_noting(scenario, &compact, &[]).unwrap().1.is_empty());
    // The fingerprint is FNV-1a 64 and tells texts apart.
    assert_eq!(fingerprint(""), "cbf29ce484222325");
    assert_ne!(fingerprint(&text), fingerprint(&text.replacen("Bob", "Rob", 1)));
}

#[test]
fn a_command_lines_request_carries_its_own_tokens_whatever_the_portal_holds() {
    use mua_core::model::Credentials;
    use mua_core::Command;
    // The SPEC §8 flow up to Bob's successful disable (step 14): he holds the JIT role and a
    // portal token for the guard's directory.
    let text = std::fs::read_to_string(scenario_dir().join("pim-jit-approve.json")).unwrap();
    let mut session = mua_core::Session::new(Rc::new(Scenario::load(&text).unwrap()));
    for _ in 0..13 {
        session.play_next();
    }
    let w = session.world();
    let disable = Command::DisableSoftDelete { vault: "vault1".into() };
    // The portal's credentials: the directory token Bob signed in with.
    assert!(w.decide("bob", &disable).is_ok());
    // A command line without --tenant-id carries no token for the guard's directory.
    let refused = w.decide_with("bob", &disable, &Credentials::PerRequest(vec![])).unwrap_err();
    assert_eq!(refused.code, ErrorCode::CrossTenantAuthRequired);
    // With --tenant-id fabrikam, the request's own token lets it through.
    let allowed = w
        .decide_with("bob", &disable, &Credentials::PerRequest(vec![mua_core::model::Carried::fresh("fabrikam")]))
        .unwrap();
    assert!(
        allowed.trace.checks().iter().any(|c| c.detail.contains("a token for `fabrikam` carried by the request")),
        "{:?}",
        allowed.trace
    );
    // The decision records which directory's token it used, as typed evidence (export reads it):
    // the guard's; and none where the refusal came before the token was found usable.
    assert_eq!(allowed.trace.guard_token(), Some("fabrikam"));
    assert_eq!(w.decide("bob", &disable).unwrap().trace.guard_token(), Some("fabrikam"));
    assert_eq!(refused.trace.guard_token(), None);
    // A token for a directory Bob has no account in cannot be had: Entra's own refusal.
    let w2 = {
        let mut s = mua_core::Session::new(session.scenario().clone());
        s.play_next();
        s
    };
    let olga = w2
        .world()
        .decide_with("olga", &disable, &Credentials::PerRequest(vec![mua_core::model::Carried::fresh("fabrikam")]))
        .unwrap_err();
    assert_eq!(olga.code, ErrorCode::AuthorizationFailed);
    assert_eq!(olga.azure.map(|a| a.code), Some("AADSTS50020"));
}

/// The guided tour plays every gallery scenario through, one planned step at a time, to the plan's
/// end, each step giving what the plan expects — plans that name objects by ARM id included (the
/// fuzzer found the tour stuck on `rsv-arm-ids.json`: a planned step with an ARM id did not count
/// as the plan's own step once its ids were resolved).
#[test]
fn the_tour_plays_every_gallery_plan_to_its_end() {
    for entry in std::fs::read_dir(scenario_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let scenario = Rc::new(Scenario::load(&std::fs::read_to_string(&path).unwrap()).unwrap());
        let mut session = mua_core::Session::new(Rc::clone(&scenario));
        for _ in 0..scenario.steps.len() {
            assert!(session.play_next().is_some(), "{}", path.display());
        }
        assert!(session.play_next().is_none(), "{}: the plan is done", path.display());
        let (position, outcomes) = session.tour();
        let expected: Vec<_> = scenario.steps.iter().map(|s| s.expect).collect();
        assert_eq!((position, outcomes), (scenario.steps.len(), expected.as_slice()), "{}", path.display());
    }
}

/// A session whose refused step named an object that does not exist (a console line, a script's
/// step) exports as a file that loads and replays: a step expecting a refusal may name an unknown
/// handle (found by the `sequences` fuzz target). A step expecting success may not (typos).
#[test]
fn a_refused_step_naming_an_unknown_object_exports_and_replays() {
    let text = std::fs::read_to_string(scenario_dir().join("pim-jit-approve.json")).unwrap();
    let scenario = Rc::new(Scenario::load(&text).unwrap());
    let mut session = mua_core::Session::new(Rc::clone(&scenario));
    let step = mua_core::scenario_file::read_step(
        1,
        &serde_json::json!({"as": "sara", "do": "update_resource_guard", "guard": "guard9", "excluded_operations": []}),
        session.world(),
    )
    .unwrap();
    let mua_core::scenario::StepAction::Run { actor, command } = step.action else { panic!() };
    session.run(&actor, command);
    let exported = mua_core::scenario_file::export(&session).to_string();
    let again = Rc::new(Scenario::load(&exported).unwrap()).run().unwrap();
    assert_eq!(again.world(), session.world());
    let mut typo: serde_json::Value = serde_json::from_str(&exported).unwrap();
    typo["steps"][0].as_object_mut().unwrap().remove("expect").unwrap();
    let err = Scenario::load(&typo.to_string()).unwrap_err().to_string();
    assert!(err.contains("unknown handle `guard9`"), "{err}");
}

/// Always-on soft delete: once on, the vault refuses to turn it off or make it reversible whoever
/// asks — after ARM's RBAC check (a person with no right on the vault is refused that first), before
/// the Resource Guard is asked (the operator's role does not help). The world is left as it was.
#[test]
fn always_on_soft_delete_is_refused_after_rbac_and_before_the_guard() {
    use mua_core::Command;
    let text = std::fs::read_to_string(scenario_dir().join("rsv-always-on-soft-delete.json")).unwrap();
    let mut session = mua_core::Session::new(Rc::new(Scenario::load(&text).unwrap()));
    for _ in 0..8 {
        session.play_next();
    }
    let w = session.world();
    let vault = &w.vaults()["vault1"];
    assert!(vault.soft_delete && vault.soft_delete_always_on);
    let disable = Command::DisableSoftDelete { vault: "vault1".into() };
    let refused = w.decide("bob", &disable).unwrap_err();
    assert_eq!(refused.code, ErrorCode::OperationNotSupported);
    assert_eq!(refused.azure, None, "no public source shows Azure's code: the sentence is the simulator's own");
    assert!(refused.remedy.starts_with("Nothing can: always-on soft delete is irreversible"), "{}", refused.remedy);
    let checks: Vec<(&str, bool)> = refused.trace.checks().iter().map(|c| (&*c.what, c.passed)).collect();
    assert_eq!(
        checks,
        [
            ("Signed in", true),
            ("RBAC on `vault1`: Microsoft.RecoveryServices/vaults/backupconfig/write", true),
            ("Soft delete can still change", false)
        ],
        "the Resource Guard is never asked"
    );
    // Sara has no right on the vault: ARM refuses her before the vault's own rule.
    assert_eq!(w.decide("sara", &disable).unwrap_err().code, ErrorCode::AuthorizationFailed);
    let reversible = Command::EnableSoftDelete { vault: "vault1".into(), always_on: false };
    assert_eq!(w.decide("bob", &reversible).unwrap_err().code, ErrorCode::OperationNotSupported);
    // Asking for always-on again changes nothing and is not refused.
    let again = Command::EnableSoftDelete { vault: "vault1".into(), always_on: true };
    assert!(w.decide("bob", &again).is_ok());
}

/// One reading finds every problem of a file, each with the reader's place and its line and
/// column; a problem that only follows from another (a tenant left out for its own mistake, then
/// everything in it) is said once, where it starts (SPEC §13).
#[test]
fn one_reading_finds_every_problem_at_its_line_and_column() {
    let world = r#"{"tenants": [{"id": "c", "name": "C", "domian": "c.com"}],
   "subscriptions": [{"id": "s", "tenant": "c", "name": "S"}],
   "principals": [{"id": "bob", "kind": "user", "tenant": "c"}, {"id": "eve", "kind": "robot", "tenant": "nowhere"}],
   "role_assignments": [{"principal": "bob", "role": "Reeder", "scope": "s"}]}"#;
    let text = format!(
        "{{\"version\": 1, \"title\": \"t\", \"start\": \"2026-01-05T09:00:00Z\",\n \"world\": {world},\n \"steps\": [\n  {{\"as\": \"bob\", \"do\": \"assign_role\", \"principal\": \"bob\", \"role\": \"Reader\", \"scope\": \"s\"}},\n  {{\"as\": \"bob\", \"do\": \"create_vault\", \"id\": \"v\", \"kind\": \"tape\", \"resource_group\": \"s\"}},\n  {{\"as\": \"bob\", \"do\": \"disable_soft_delete\", \"vault\": \"v\", \"colour\": 1}},\n  {{\"advance\": \"soon\"}}\n ]}}"
    );
    let got: Vec<(usize, usize, String, String)> = mua_core::scenario_file::check(&text)
        .into_iter()
        .map(|p| {
            let at = p.position.unwrap();
            (at.line, at.column, p.at, p.message.chars().take(36).collect())
        })
        .collect();
    let want = [
        (2, 24, "world.tenants[0].domain", "missing field `domain`"),
        // Bob and the subscription are in the tenant left out: said once, above.
        (4, 79, "world.principals[1].kind", "unknown kind `robot`; expected user,"),
        (5, 46, "world.role_assignments[0].role", "unknown role `Reeder`; built-in role"),
        (8, 50, "step 2 field `kind`", "unknown vault kind `tape`; expected "),
        (9, 60, "step 3 field `colour`", "unknown field for this action"),
        (10, 4, "step 4 field `advance`", "`soon` is not a valid ISO 8601 durat"),
    ];
    let want: Vec<(usize, usize, String, String)> =
        want.iter().map(|(l, c, at, m)| (*l, *c, (*at).to_owned(), (*m).to_owned())).collect();
    assert_eq!(got, want, "{text}");
    // The first of them is what `Scenario::load` says.
    let Err(ScenarioError::Invalid { at, .. }) = Scenario::load(&text) else { panic!("loads") };
    assert_eq!(at, "world.tenants[0].domain");
    // A file that reads has none.
    let good = std::fs::read_to_string(scenario_dir().join("pim-jit-approve.json")).unwrap();
    assert_eq!(mua_core::scenario_file::check(&good), []);
}

/// State assertions (SPEC §8): each kind holds on a played scenario or names the step and field that
/// does not; a wrong one is refused as the file is read, at its place; they are not steps of the plan
/// (the tour passes over them), and an export of a session that followed the plan keeps them.
#[test]
fn state_assertions_check_the_world_where_they_stand() {
    mua_console::install();
    let base = std::fs::read_to_string(scenario_dir().join("rsv-same-subscription.json")).unwrap();
    let with = |asserts: &[(usize, &str)]| {
        let mut doc: serde_json::Value = serde_json::from_str(&base).unwrap();
        let steps = doc["steps"].as_array_mut().unwrap();
        // The file's own assertions go: the plan's steps are numbered as below.
        steps.retain(|s| s.get("assert").is_none());
        let mut asserts = asserts.to_vec();
        asserts.sort_by_key(|(after, _)| *after);
        for (after, a) in asserts.iter().rev() {
            steps.insert(*after, serde_json::from_str(&format!("{{\"assert\": {a}}}")).unwrap());
        }
        doc.to_string()
    };
    // Olga creates vault1, Bob protects item1, Sara makes guard1 and gives Bob Reader, Bob enables
    // MUA (5), is refused (6), Sara makes him operator (7), he disables soft delete (8) and enables
    // it (9), loses the role (10), is refused (11), backs up (12) and restores (13).
    let holds = [
        (
            1,
            r#"{"vault": "vault1", "exists": true, "soft_delete": true, "immutable": false, "mua": null, "security_pins": 0, "policy_retention_days": 30}"#,
        ),
        (0, r#"{"vault": "vault1", "exists": false}"#),
        (2, r#"{"item": "item1", "state": "protected", "retention_days": 30}"#),
        (5, r#"{"vault": "vault1", "mua": "guard1"}"#),
        (4, r#"{"role_assignment": {"principal": "bob", "role": "Reader", "scope": "guard1"}, "status": "active"}"#),
        (
            6,
            r#"{"role_assignment": {"principal": "bob", "role": "Backup MUA Operator", "scope": "guard1"}, "status": "absent"}"#,
        ),
        (8, r#"{"vault": "vault1", "soft_delete": false}"#),
        (9, r#"{"vault": "vault1", "soft_delete": true, "always_on": false}"#),
        (5, r#"{"guard": "guard1", "excluded": []}"#),
        (13, r#"{"guest": "bob", "tenant": "contoso", "exists": false}"#),
    ];
    let text = with(&holds);
    let scenario = Rc::new(Scenario::load(&text).unwrap());
    assert_eq!(scenario.steps.len(), 13, "assertions are not steps of the plan");
    assert_eq!(scenario.assertions.len(), holds.len());
    let session = scenario.run().unwrap();
    // The export of the played session keeps them where they stood, and reads back the same.
    let exported = mua_core::scenario_file::export(&session).to_string();
    let again = Scenario::load(&exported).unwrap();
    assert_eq!(
        again.assertions.iter().map(|a| (a.after, &a.json)).collect::<Vec<_>>(),
        scenario.assertions.iter().map(|a| (a.after, &a.json)).collect::<Vec<_>>()
    );
    assert!(Rc::new(again).run().is_ok());

    // What does not hold: the step (its number in the file) and the field, expected and got.
    for (asserts, step, expected, got) in [
        (vec![(8, r#"{"vault": "vault1", "soft_delete": true}"#)], 9, "soft_delete: true", "soft_delete: false"),
        (
            vec![(2, r#"{"item": "item1", "state": "stopped_retain_data"}"#)],
            3,
            "state: \"stopped_retain_data\"",
            "state: \"protected\"",
        ),
        (vec![(0, r#"{"vault": "vault1", "mua": "guard1"}"#)], 1, "mua: \"guard1\"", "mua: \"no such vault\""),
        (
            vec![(
                7,
                r#"{"role_assignment": {"principal": "bob", "role": "Backup MUA Operator", "scope": "guard1"}, "status": "eligible"}"#,
            )],
            8,
            "status: \"eligible\"",
            "status: \"active\"",
        ),
        (
            vec![(5, r#"{"guard": "guard1", "excluded": ["delete-protection"]}"#)],
            6,
            "excluded: [\"delete-protection\"]",
            "excluded: []",
        ),
        (vec![(1, r#"{"vault": "vault1", "exists": false}"#)], 2, "exists: false", "exists: true"),
    ] {
        let err = Rc::new(Scenario::load(&with(&asserts)).unwrap()).run().map(|_| ()).unwrap_err();
        let ScenarioError::Mismatch(m) = &err else { panic!("{err}") };
        assert_eq!(
            (m.step, m.action.as_str(), m.expected.as_str(), m.got.as_str()),
            (step, "assert", expected, got),
            "{err}"
        );
    }

    // Read wrong: refused at its place.
    for (assert, at, message) in [
        (r#"{"vault": "vault1", "colour": "blue"}"#, "step 2 field `assert.colour`", "unknown field"),
        (r#"{"vault": "vault1", "soft_delete": "no"}"#, "step 2 field `assert.soft_delete`", "expected true or false"),
        (r#"{"vault": "vault1"}"#, "step 2 field `assert`", "say what to check"),
        (r#"{"vault": "vault9", "exists": true}"#, "step 2 field `assert`", "unknown handle `vault9`"),
        (r#"{"vault": "vault1", "mua": "guard9"}"#, "step 2 field `assert`", "unknown handle `guard9`"),
        (
            r#"{"item": "item1", "state": "asleep"}"#,
            "step 2 field `assert.state`",
            "expected protected, stopped_retain_data",
        ),
        (r#"{"request": "req1", "state": "Pending"}"#, "step 2 field `assert.state`", "expected PendingApproval"),
        (
            r#"{"guard": "guard1", "excluded": ["make-coffee"]}"#,
            "step 2 field `assert.excluded`",
            "names no critical operation",
        ),
        (r#"{"cluster": "c1"}"#, "step 2 field `assert`", "say what to check"),
    ] {
        check_invalid(&with(&[(1, assert)]), at, message);
    }
}
