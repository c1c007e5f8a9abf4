//! Structure-aware: the bytes choose a sequence of steps — portal commands, az lines and clock
//! moves — over the names of the cross-tenant world, run in a session. The core's invariants hold:
//! a refused step changes nothing (after every step); undo gives back the world before the last
//! step (once per input); the session exports as a scenario file that replays to the same world.
#![no_main]
use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use mua_core::scenario::{Scenario, Shell, StepAction, StepResult};
use mua_core::scenario_file::read_step;
use mua_core::Session;
use serde_json::json;

thread_local! {
    static SCENARIO: Rc<Scenario> = Rc::new(
        Scenario::load(include_str!("../../web/scenarios/console-az-cross-tenant.json")).expect("the gallery scenario loads"),
    );
}

fn scenario() -> Rc<Scenario> {
    SCENARIO.with(Rc::clone)
}

const ACTORS: [&str; 3] = ["olga", "bob", "sara"];
const VAULTS: [&str; 3] = ["vault1", "vault2", "nope"];
const GUARDS: [&str; 3] = ["guard1", "guard2", "nope"];
const GROUPS: [&str; 2] = ["rg-vault", "rg-guard"];
const ROLES: [&str; 4] = ["Reader", "Backup MUA Operator", "Backup Contributor", "Owner"];
const TENANTS: [&str; 2] = ["contoso", "fabrikam"];
const OPS: [&str; 4] = [
    "disable-soft-delete",
    "get-security-pin",
    "modify-policy",
    "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action",
];
const GUARD_TENANT: &str = "22222222-2222-2222-2222-222222222222";

/// Reads choices from the bytes (0 when they run out).
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        let Some((&b, rest)) = self.0.split_first() else { return 0 };
        self.0 = rest;
        b
    }

    fn pick<'t>(&mut self, items: &[&'t str]) -> &'t str {
        items[usize::from(self.next()) % items.len()]
    }
}

enum Next {
    Portal(serde_json::Value),
    Az(&'static str, String),
    Advance(i64),
}

fn next(b: &mut Bytes<'_>, n: usize) -> Next {
    let actor = b.pick(&ACTORS);
    let vault = b.pick(&VAULTS);
    let guard = b.pick(&GUARDS);
    let scope = *[vault, guard, b.pick(&GROUPS)].get(usize::from(b.next()) % 3).unwrap_or(&vault);
    match b.next() % 16 {
        0 => Next::Portal(
            json!({"as": actor, "do": "create_vault", "id": vault, "kind": if b.next() % 2 == 0 { "recovery_services" } else { "backup" }, "resource_group": b.pick(&GROUPS)}),
        ),
        1 => Next::Portal(
            json!({"as": actor, "do": "create_resource_guard", "id": guard, "resource_group": b.pick(&GROUPS)}),
        ),
        2 => Next::Portal(
            json!({"as": actor, "do": "assign_role", "principal": b.pick(&ACTORS), "role": b.pick(&ROLES), "scope": scope}),
        ),
        3 => Next::Portal(
            json!({"as": actor, "do": "remove_role_assignment", "principal": b.pick(&ACTORS), "role": b.pick(&ROLES), "scope": scope}),
        ),
        4 => Next::Portal(json!({"as": actor, "do": "enable_mua", "vault": vault, "guard": guard})),
        5 => Next::Portal(json!({"as": actor, "do": "disable_mua", "vault": vault})),
        6 => Next::Portal(json!({"as": actor, "do": "disable_soft_delete", "vault": vault})),
        7 => Next::Portal(json!({"as": actor, "do": "authenticate", "tenant": b.pick(&TENANTS)})),
        8 => Next::Portal(
            json!({"as": actor, "do": "pim_assign", "principal": b.pick(&ACTORS), "role": b.pick(&ROLES), "scope": scope, "type": "eligible"}),
        ),
        9 => Next::Portal(
            json!({"as": actor, "do": "pim_activate", "id": format!("req{n}"), "role": b.pick(&ROLES), "scope": scope, "duration": "PT1H", "justification": "fuzz", "mfa": true}),
        ),
        10 => Next::Portal(
            json!({"as": actor, "do": "pim_approve", "request": format!("req{}", n.saturating_sub(usize::from(b.next() % 4))), "justification": "ok"}),
        ),
        11 => Next::Portal(
            json!({"as": actor, "do": "update_resource_guard", "guard": guard, "excluded_operations": [b.pick(&OPS)]}),
        ),
        12 => Next::Advance(i64::from(b.next()) * 7),
        13 => {
            let tenant = if b.next() % 2 == 0 { format!(" --tenant-id {GUARD_TENANT}") } else { String::new() };
            let state = if b.next() % 2 == 0 { "Disable" } else { "Enable" };
            Next::Az(actor, format!("az backup vault backup-properties set -g rg-vault -n {vault} --soft-delete-feature-state {state}{tenant}"))
        }
        14 => {
            let tenant = if b.next() % 2 == 0 { format!(" --tenant-id {GUARD_TENANT}") } else { String::new() };
            Next::Az(actor, format!("az backup vault resource-guard-mapping update -g rg-vault -n {vault} --resource-guard-id /subscriptions/bbbbbbbb-0000-0000-0000-000000000002/resourceGroups/rg-guard/providers/Microsoft.DataProtection/resourceGuards/{guard}{tenant}"))
        }
        _ => Next::Az(
            actor,
            format!(
                "az role assignment create --role \"{}\" --assignee {} --scope {scope}",
                b.pick(&ROLES),
                b.pick(&ACTORS)
            ),
        ),
    }
}

fuzz_target!(|data: &[u8]| {
    mua_console::install();
    let scenario = scenario();
    let mut session = Session::new(Rc::clone(&scenario));
    let mut b = Bytes(data);
    let mut last = None;
    for n in 0..data.len().min(64) / 4 {
        let before = session.world().clone();
        let refused = match next(&mut b, n) {
            Next::Portal(raw) => match read_step(n + 1, &raw, session.world()) {
                Ok(step) => match step.action {
                    StepAction::Run { actor, command } => {
                        matches!(session.run(&actor, command).result, StepResult::Refused(_))
                    }
                    _ => continue,
                },
                Err(_) => continue,
            },
            Next::Az(actor, line) => matches!(session.type_in(actor, Shell::Az, &line).result, StepResult::Refused(_)),
            Next::Advance(minutes) => session.advance(chrono::TimeDelta::minutes(minutes)).is_err(),
        };
        if refused {
            assert_eq!(session.world(), &before, "a refused step changes nothing");
        }
        last = Some(before);
    }
    // Undo replays the session from its start, so it is checked once per input (on the last step),
    // not after every step: the target runs ~10 times faster and still covers every kind of step.
    if let Some(before) = last {
        let mut undone = session.clone();
        if undone.undo().is_some() {
            assert_eq!(undone.world(), &before, "undo gives back the world before the last step");
        }
    }
    let exported = mua_core::scenario_file::export(&session).to_string();
    let again = Rc::new(Scenario::load(&exported).expect("an exported session loads"));
    let replayed = again.run().expect("an exported session holds");
    assert_eq!(replayed.world(), session.world(), "an exported session replays to the same world");
});
