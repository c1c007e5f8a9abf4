//! The decisions a console asks of the core beside commands: a read (an ARM GET) of an object, a
//! sign-in to a directory, and listing a directory's users — one case per line: who, what, and the
//! outcome (`ok` and the last check, or the refusal's code and sentence).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::rc::Rc;

use mua_core::model::Credentials;
use mua_core::rbac::Action;
use mua_core::scenario::Scenario;
use mua_core::{Refusal, Trace, World};

/// The gallery's cross-tenant world after its setup: vault1 (Contoso), guard1 (Fabrikam), Bob a
/// guest of Fabrikam with Reader on guard1 and Backup Contributor on rg-vault; Olga owns Contoso.
fn world() -> World {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/scenarios/pim-jit-approve.json"))
            .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Its first three steps: the vault, the guard, Bob's Reader on the guard.
    doc["steps"].as_array_mut().unwrap().truncate(3);
    let scenario = Rc::new(Scenario::load(&doc.to_string()).unwrap());
    scenario.run().unwrap().world().clone()
}

fn outcome(result: Result<Trace, Refusal>) -> String {
    match result {
        Ok(trace) => {
            let last = trace.checks().last().map(|c| format!("{}: {}", c.what, c.detail)).unwrap_or_default();
            format!("ok ({last})")
        }
        Err(r) => format!("{}: {}", r.code.as_str(), r.message),
    }
}

#[test]
fn reads_are_decided_by_the_objects_kind_directory_and_role() {
    let w = world();
    let fresh = |tenant: &str| Credentials::PerRequest(vec![mua_core::model::Carried::fresh(tenant)]);
    let cases: [(&str, &str, Action, Credentials, &str); 9] = [
        ("bob", "vault1", Action::RsvRead, Credentials::Directories, "ok (RBAC on `vault1`: Microsoft.RecoveryServices/vaults/read: Backup Contributor assigned to `bob` at `rg-vault`)"),
        ("bob", "vault9", Action::RsvRead, Credentials::Directories, "not-found: Vault `vault9` does not exist."),
        ("bob", "vault9", Action::RsvGuardProxyRead, Credentials::Directories, "not-found: Vault `vault9` does not exist."),
        ("bob", "guard9", Action::GuardRead, Credentials::Directories, "resource-guard-not-found: The Resource Guard 'guard9' was not found."),
        ("bob", "rg-nope", Action::RoleAssignmentWrite, Credentials::Directories, "not-found: Scope `rg-nope` does not exist."),
        ("bob", "guard1", Action::GuardRead, Credentials::Directories, "cross-tenant-auth-required: `guard1` is in directory 'Fabrikam Security' (no token). Switch to that directory (Authenticate) to continue."),
        ("bob", "guard1", Action::GuardRead, fresh("fabrikam"), "ok (RBAC on `guard1`: Microsoft.DataProtection/resourceGuards/read: Reader assigned to `bob` at `guard1`)"),
        ("olga", "guard1", Action::GuardRead, fresh("fabrikam"), "authorization-failed: User account 'Olga (Contoso owner)' from identity provider does not exist in tenant 'Fabrikam Security'."),
        ("nobody", "vault1", Action::RsvRead, Credentials::Directories, "not-found: Principal `nobody` does not exist."),
    ];
    for (actor, object, action, credentials, want) in cases {
        let got = outcome(w.decide_read(actor, object, action, &credentials));
        assert!(got.starts_with(want), "{actor} reads {object}:\n got {got}\nwant {want}");
    }
}

#[test]
fn signing_in_and_listing_a_directory_need_an_account_and_a_members_one() {
    let w = world();
    let cases = [
        ("bob", "fabrikam", "ok (Account in directory `fabrikam`: home directory or B2B guest)"),
        ("olga", "fabrikam", "authorization-failed: "),
        ("bob", "nowhere", "not-found: Directory `nowhere` does not exist."),
    ];
    for (actor, tenant, want) in cases {
        let got = outcome(w.decide_sign_in(actor, tenant));
        assert!(got.starts_with(want), "{actor} signs in to {tenant}:\n got {got}\nwant {want}");
    }
    let cases = [
        ("sara", "fabrikam", "ok (Member of directory `fabrikam`: members list the directory's users and groups)"),
        ("bob", "contoso", "ok (Member of directory `contoso`: members list the directory's users and groups)"),
        ("bob", "fabrikam", "authorization-failed: Insufficient privileges to complete the operation: Bob (Backup admin) is a guest of 'Fabrikam Security', and guests cannot list its users or groups."),
        ("olga", "fabrikam", "authorization-failed: "),
    ];
    for (actor, tenant, want) in cases {
        let got = outcome(w.decide_directory_list(actor, tenant));
        assert!(got.starts_with(want), "{actor} lists {tenant}:\n got {got}\nwant {want}");
    }
}
