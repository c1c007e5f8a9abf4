//! PIM and Lighthouse details beyond the scenarios: the seed's parameters file, audit export,
//! notifications, and which tenant's logs record what.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mua_core::lighthouse::parse_parameters;
use mua_core::pim::RequestStatus;
use std::rc::Rc;

use mua_core::scenario::{Expect, Scenario, StepAction};
use mua_core::{ErrorCode, Session, Simulator, Status};

fn run(name: &str) -> Simulator {
    let path = format!("{}/../../web/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let s = Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut session = Session::new(Rc::new(s));
    session.play_plan();
    session.simulator().clone()
}

#[test]
fn the_seeds_parameters_file_parses_as_it_is() {
    let text = include_str!("fixtures/subscription-managing-tenant-approvers.parameters.json");
    let p = parse_parameters(&serde_json::from_str(text).unwrap()).unwrap();
    assert_eq!(p.offer_name, "Relecloud Managed Services");
    assert_eq!(p.managed_by_tenant_id, "<insert the managing tenant id>");
    assert_eq!(p.authorizations.len(), 1);
    assert_eq!(p.authorizations[0].role_definition_id, "acdd72a7-3385-48ef-bd42-f606fba81ae7");
    assert_eq!(p.eligible.len(), 1);
    let e = &p.eligible[0];
    assert_eq!(e.authorization.role_definition_id, "b24988ac-6180-42a0-ab88-20f7382dd24c");
    assert_eq!(e.authorization.display_name, "Tier 2 Support");
    assert_eq!((e.policy.mfa_provider.as_str(), e.policy.maximum_activation_duration.as_str()), ("Azure", "PT8H"));
    assert_eq!(e.policy.approvers[0].display_name, "PIM-Approvers");
    // Its bare `parameters` object parses the same.
    let whole: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(parse_parameters(&whole["parameters"]).unwrap(), p);
}

#[test]
fn the_seeds_template_is_recognised_and_refused_as_a_parameters_file() {
    let text = include_str!("fixtures/subscription-managing-tenant-approvers.json");
    let err = parse_parameters(&serde_json::from_str(text).unwrap()).unwrap_err();
    assert_eq!(err.code, ErrorCode::LighthouseInvalidTemplate);
    assert!(err.message.contains("deployment template"), "{}", err.message);
}

#[test]
fn audit_history_exports_as_csv_and_json() {
    let sim = run("pim-jit-approve");
    let w = sim.world();
    let csv = w.audit_csv("fabrikam");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "Time,Requestor,Activity,Principal,Role,Scope,Request");
    let activities: Vec<&str> =
        w.audit().iter().filter(|e| e.tenant == "fabrikam").map(|e| e.activity.as_str()).collect();
    for expected in [
        "Add member to role (eligible)",
        "Update role setting",
        "Request role activation",
        "Request approved",
        "Role activation expired",
    ] {
        assert!(activities.contains(&expected), "{expected} missing from {activities:?}");
    }
    assert_eq!(lines.len(), activities.len() + 1);
    assert!(
        csv.contains("2026-01-05T09:00:00+00:00,sara,Request approved,bob,Backup MUA Operator,guard1,req1"),
        "{csv}"
    );
    // The expiry is stamped at the minute the 2-hour activation ended, not when the clock was read.
    assert!(
        csv.contains("2026-01-05T11:00:00+00:00,system,Role activation expired,bob,Backup MUA Operator,guard1,req1"),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&w.audit_json("fabrikam")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), activities.len());
    assert_eq!(json[0]["activity"], "Add member to role (eligible)");
    // Nothing about the guard lands in the vault tenant's PIM audit.
    assert_eq!(w.audit_csv("contoso").lines().count(), 1);
    assert_eq!(w.requests()["req1"].status, RequestStatus::Expired);
}

#[test]
fn approvers_and_requesters_are_notified() {
    let sim = run("pim-jit-approve");
    let w = sim.world();
    let to_sara: Vec<&str> = w.inbox("sara").iter().map(|n| n.subject.as_str()).collect();
    assert!(to_sara.iter().any(|s| s.contains("`bob` requests approval") && s.contains("req1")), "{to_sara:?}");
    let to_bob: Vec<&str> = w.inbox("bob").iter().map(|n| n.subject.as_str()).collect();
    for part in ["pending approval", "active until", "activation ended"] {
        assert!(to_bob.iter().any(|s| s.contains(part)), "bob was not told `{part}`: {to_bob:?}");
    }
}

#[test]
fn lighthouse_activity_is_in_the_customers_activity_log_and_the_managing_tenants_pim_audit() {
    let sim = run("lighthouse-onboarding");
    let w = sim.world();
    let managing: Vec<&str> =
        w.audit().iter().filter(|e| e.tenant == "relecloud").map(|e| e.activity.as_str()).collect();
    assert!(managing.contains(&"Request role activation") && managing.contains(&"Request approved"), "{managing:?}");
    assert!(w.audit().iter().all(|e| e.tenant != "contoso"), "the customer tenant keeps no PIM audit of it");
    let customer = sim.activity().iter().filter(|e| e.tenant == "contoso").collect::<Vec<_>>();
    assert!(customer.iter().any(|e| e.operation == "Activate eligible role (Lighthouse)"
        && e.caller == "lee"
        && e.status == Status::Succeeded));
    assert!(customer.iter().any(|e| e.operation == "Register managed services delegation" && e.caller == "olga"));
}

#[test]
fn a_delegation_without_reader_carries_a_posture_warning() {
    let sim = run("lighthouse-reader-authorization-missing");
    let d = &sim.world().delegations()["deleg1"];
    let warnings = d.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("tier2") && warnings[0].contains("Reader"), "{warnings:?}");
    assert!(run("lighthouse-onboarding").world().delegations()["deleg1"].warnings().is_empty());
}

#[test]
fn headlines_say_a_request_waits_for_approval_and_not_that_it_succeeded() {
    use mua_core::session::Verdict;
    let path = format!("{}/../../web/scenarios/pim-jit-approve.json", env!("CARGO_MANIFEST_DIR"));
    let s = Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut session = Session::new(Rc::new(s));
    session.play_plan();
    let verdicts: Vec<(String, Verdict)> =
        session.history().iter().filter_map(|r| session.headline(r)).map(|h| (h.title, h.verdict)).collect();
    let activation = verdicts.iter().find(|(t, _)| t.starts_with("Activate role (PIM)")).expect("an activation");
    assert_eq!(activation, &("Activate role (PIM): request sent for approval".to_owned(), Verdict::Pending));
    assert!(verdicts.iter().any(|(t, v)| t == "Approve request (PIM) succeeded" && *v == Verdict::Succeeded));
    assert!(verdicts.iter().any(|(t, v)| t.ends_with(" failed") && *v == Verdict::Failed));
    // The cross-tenant refusal carries the command that removes the obstacle.
    let fix = session.history().iter().find_map(|r| match &r.result {
        mua_core::scenario::StepResult::Refused(refusal) if refusal.code == ErrorCode::CrossTenantAuthRequired => {
            refusal.fix.clone()
        }
        _ => None,
    });
    assert_eq!(fix.as_deref(), Some(&mua_core::error::Fix::Authenticate { tenant: "fabrikam".to_owned() }));
}

#[test]
fn undo_takes_back_the_last_step_and_the_tour_with_it() {
    let path = format!("{}/../../web/scenarios/pim-jit-approve.json", env!("CARGO_MANIFEST_DIR"));
    let s = Rc::new(Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap());
    let mut before = Session::new(Rc::clone(&s));
    for _ in 0..5 {
        before.play_next();
    }
    let mut session = before.clone();
    session.play_next();
    session.run("bob", mua_core::Command::Authenticate { tenant: "fabrikam".into() });
    assert_eq!(session.undo().unwrap().action.actor(), Some("bob"));
    assert_eq!(session.tour().0, 6, "a step run by hand does not move the tour");
    session.undo().unwrap();
    assert_eq!(session.tour().0, 5, "undoing the tour's step steps the tour back");
    assert_eq!(session.world(), before.world());
    assert_eq!(session.history(), before.history());
    assert_eq!(session.simulator().events(), before.simulator().events());
    while session.undo().is_some() {}
    assert_eq!(session.tour().0, 0);
    assert_eq!(session.world(), Session::new(s).world());
}

#[test]
fn undo_to_takes_back_a_tour_step_with_the_sign_in_made_for_it() {
    let path = format!("{}/../../web/scenarios/pim-jit-approve.json", env!("CARGO_MANIFEST_DIR"));
    let s = Rc::new(Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap());
    let mut before = Session::new(Rc::clone(&s));
    for _ in 0..3 {
        before.play_next();
    }
    // Step 4 (enable MUA, expected refused for the missing sign-in) done by hand after signing in.
    let mut session = before.clone();
    session.follow_tour(true);
    session.run("bob", mua_core::Command::Authenticate { tenant: "fabrikam".into() });
    session.run("bob", mua_core::Command::EnableMua { vault: "vault1".into(), guard: "guard1".into() });
    assert_eq!(session.tour().0, 4, "the step counts as the tour's step 4");
    let taken = session.undo_to(3);
    assert_eq!(taken.len(), 2, "the step and the sign-in made for it");
    assert!(matches!(&taken[0].action, StepAction::Run { command: mua_core::Command::EnableMua { .. }, .. }));
    assert_eq!(session.tour().0, 3, "the tour is back at step 4");
    assert_eq!(session.world(), before.world(), "the sign-in is gone too");
    assert_eq!(session.history(), before.history());
    assert!(session.undo_to(3).is_empty(), "nothing more to take back to that length");
}

#[test]
fn the_tour_follows_its_steps_done_by_hand_and_only_those() {
    let path = format!("{}/../../web/scenarios/pim-jit-approve.json", env!("CARGO_MANIFEST_DIR"));
    let s = Rc::new(Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap());
    let mut session = Session::new(Rc::clone(&s));
    // Not following the tour: the plan's very step done by hand leaves it where it is.
    session.run(
        "olga",
        match s.steps[0].action.clone() {
            StepAction::Run { command, .. } => command,
            StepAction::Advance(_) | StepAction::Console { .. } => unreachable!("the first step creates the vault"),
        },
    );
    assert_eq!(session.tour().0, 0, "the tour moves only while the person follows it");
    session.undo();
    session.follow_tour(true);
    // Not the plan's next step (the wrong person, then the wrong resource group): the tour waits.
    session.run("bob", mua_core::Command::DisableSoftDelete { vault: "vault1".into() });
    session.run(
        "sara",
        mua_core::Command::CreateVault {
            id: "vault1".into(),
            kind: mua_core::critical_operations::VaultKind::RecoveryServices,
            resource_group: "rg-guard".into(),
            location: None,
            identity: None,
        },
    );
    assert_eq!(session.tour().0, 0, "a step the plan does not expect leaves the tour where it is");
    session.undo();
    session.undo();
    for step in &s.steps {
        match step.action.clone() {
            StepAction::Run { actor, mut command } => {
                // Done by hand: another name for what it creates, other free text.
                if let mua_core::Command::CreateVault { id, .. } | mua_core::Command::CreateResourceGuard { id, .. } =
                    &mut command
                {
                    *id = format!("my-{id}");
                }
                if let mua_core::Command::PimActivate { id, justification, .. } = &mut command {
                    *id = "my-request".into();
                    *justification = "because".into();
                }
                session.run(&actor, command);
            }
            StepAction::Advance(by) => {
                session.advance(by).unwrap();
            }
            StepAction::Console { actor, shell, text } => {
                session.type_in(&actor, shell, &text);
            }
        }
    }
    let (position, outcomes) = session.tour();
    assert_eq!(position, s.steps.len(), "every step done by hand moved the tour on");
    let expected: Vec<Expect> = s.steps.iter().map(|st| st.expect).collect();
    assert_eq!(outcomes, expected.as_slice());
    assert!(session.world().requests().contains_key("req1"), "the request took the plan's handle");
    assert!(session.world().vaults().contains_key("vault1") && !session.world().vaults().contains_key("my-vault1"));
    // Undo steps the tour back over a step done by hand.
    session.undo();
    assert_eq!(session.tour().0, s.steps.len() - 1);
}

#[test]
fn select_resource_guard_lists_the_readable_guards_of_the_vaults_region() {
    let path = format!("{}/../../web/scenarios/errors-enable-mua.json", env!("CARGO_MANIFEST_DIR"));
    let s = Rc::new(Scenario::load(&std::fs::read_to_string(path).unwrap()).unwrap());
    let mut session = Session::new(s);
    // Up to Reader on guard1 (West Europe) and on the East US resource group.
    for _ in 0..13 {
        session.play_next();
    }
    let names = |location| -> Vec<String> {
        session.world().readable_guards("bob", "fabrikam", location).iter().map(|g| g.id.clone()).collect()
    };
    assert_eq!(names("westeurope"), ["guard1"]);
    assert_eq!(names("eastus"), ["guard-east"]);
    assert!(session.world().readable_guards("rita", "fabrikam", "westeurope").is_empty(), "no Reader, nothing listed");
}

#[test]
fn approvers_hear_of_each_decision_and_admins_of_each_activation() {
    let sim = run("pim-approvers-directory");
    let inbox = |who: &str| -> Vec<String> { sim.world().inbox(who).iter().map(|n| n.subject.clone()).collect() };
    let amy = inbox("amy");
    assert!(amy.iter().any(|s| s == "Request req1 of `bob` was approved by `sara`"), "{amy:?}");
    let sara = inbox("sara");
    assert!(sara.iter().any(|s| s.starts_with("`bob` activated Backup MUA Operator at `guard1` until")), "{sara:?}");
    assert!(
        !sara.iter().any(|s| s.contains("was approved by `sara`")),
        "the deciding approver is not told of her own decision"
    );
}

#[test]
fn the_notification_tab_decides_who_hears_of_what() {
    let sim = run("pim-notifications");
    let inbox = |who: &str| -> Vec<String> { sim.world().inbox(who).iter().map(|n| n.subject.clone()).collect() };
    let bob = inbox("bob");
    assert!(!bob.iter().any(|s| s.starts_with("You are eligible")), "the assignee's mail is off: {bob:?}");
    assert!(bob.iter().any(|s| s.starts_with("Your Backup MUA Operator role is active until")), "{bob:?}");
    let amy = inbox("amy");
    assert!(amy.iter().any(|s| s.starts_with("`sara` made `bob` eligible")), "{amy:?}");
    assert!(amy.iter().any(|s| s.starts_with("`bob` activated Backup MUA Operator")), "{amy:?}");
    let sara = inbox("sara");
    assert!(!sara.iter().any(|s| s.contains("activated")), "the admins' mail on activation is off: {sara:?}");
}
