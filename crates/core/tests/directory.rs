//! Microsoft Entra ID in the world (SPEC §2, §9a): sign-in names (given, derived, a guest's external
//! form) that find a user wherever a person names one — a step's `principal`, az `--assignee`,
//! PowerShell `-SignInName` — and groups whose owners, and only they, change the members.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::rc::Rc;

use mua_core::scenario::{Scenario, StepResult};
use mua_core::{Command, ErrorCode, Session};

const WORLD: &str = r#"{"version": 1, "title": "Directories", "start": "2026-01-05T09:00:00Z",
  "world": {
    "tenants": [{"id": "contoso", "name": "Contoso", "domain": "contoso.com"},
                {"id": "fabrikam", "name": "Fabrikam Security", "domain": "fabrikamsec.com"}],
    "subscriptions": [{"id": "sub-guard", "tenant": "fabrikam", "name": "Security"}],
    "resource_groups": [{"id": "rg-guard", "subscription": "sub-guard", "location": "westeurope"}],
    "principals": [{"id": "bob", "kind": "user", "tenant": "contoso", "name": "Bob (Backup admin)"},
                   {"id": "eve", "kind": "user", "tenant": "contoso", "name": "Eve"},
                   {"id": "sara", "kind": "user", "tenant": "fabrikam", "name": "Sara (Security admin)", "sign_in_name": "sara.admin@fabrikamsec.com"},
                   {"id": "tom", "kind": "user", "tenant": "fabrikam", "name": "Tom"},
                   {"id": "approvers", "kind": "group", "tenant": "fabrikam", "members": ["sara"], "owners": ["sara"]}],
    "guests": [{"user": "bob", "tenant": "fabrikam"}],
    "role_assignments": [{"principal": "sara", "role": "Owner", "scope": "sub-guard"}]
  },
  "steps": STEPS}"#;

fn session(steps: &str) -> Session {
    Rc::new(Scenario::load(&WORLD.replace("STEPS", steps)).unwrap()).run().unwrap()
}

fn refused(session: &mut Session, actor: &str, command: Command) -> (ErrorCode, String, String) {
    let before = session.world().clone();
    let recorded = session.run(actor, command);
    let StepResult::Refused(r) = &recorded.result else { panic!("not refused") };
    let out = (r.code, r.message.clone(), r.remedy.clone());
    assert_eq!(session.world(), &before, "a refusal changes nothing");
    out
}

#[test]
fn users_have_sign_in_names_and_guests_have_the_external_form_in_the_other_directory() {
    let s = session("[]");
    let w = s.world();
    assert_eq!(w.principals().get("bob").unwrap().sign_in_name, "bob@contoso.com", "derived from the home domain");
    assert_eq!(w.principals().get("sara").unwrap().sign_in_name, "sara.admin@fabrikamsec.com", "as the file gives it");
    assert_eq!(w.principals().get("approvers").unwrap().sign_in_name, "", "groups have none");
    assert_eq!(w.sign_in_name_in("bob", "contoso"), "bob@contoso.com");
    assert_eq!(w.sign_in_name_in("bob", "fabrikam"), "bob_contoso.com#EXT#@fabrikamsec.com");
    assert!(w.is_guest_in("bob", "fabrikam") && !w.is_guest_in("sara", "fabrikam"));
    assert_eq!(w.sign_in_name_in("eve", "fabrikam"), "", "not listed in a directory she is not in");
    for named in
        ["bob", "bob@contoso.com", "BOB@Contoso.com", "bob_contoso.com#EXT#@fabrikamsec.com", "Bob (Backup admin)"]
    {
        assert_eq!(w.find_principal(named).map(|p| p.id.as_str()), Some("bob"), "{named}");
    }
    let object_id = w.principals().get("sara").unwrap().object_id.clone();
    assert_eq!(w.find_principal(&object_id.to_uppercase()).map(|p| p.id.as_str()), Some("sara"));
    assert!(w.find_principal("nobody@contoso.com").is_none());
}

#[test]
fn sign_in_names_and_owners_are_checked_where_the_file_gives_them() {
    let load = |from: &str, to: &str| {
        let text = WORLD.replace("STEPS", "[]");
        assert!(text.contains(from), "{from}");
        Scenario::load(&text.replacen(from, to, 1)).map_or_else(|e| e.to_string(), |_| "loaded".to_owned())
    };
    assert_eq!(
        load(r#""sign_in_name": "sara.admin@fabrikamsec.com""#, r#""sign_in_name": "sara""#),
        "invalid-input: world.principals[2].sign_in_name: `sara` is not a sign-in name: expected name@domain, like bob@contoso.com"
    );
    assert_eq!(
        load(r#""sign_in_name": "sara.admin@fabrikamsec.com""#, r#""sign_in_name": "BOB@contoso.com""#),
        "invalid-input: world.principals[2].sign_in_name: sign-in name `BOB@contoso.com` is used twice"
    );
    assert_eq!(
        load(r#""owners": ["sara"]"#, r#""owners": ["approvers"]"#),
        "invalid-input: world.principals[4].owners: `approvers` is not a user"
    );
    assert_eq!(
        load(r#""name": "Tom"}"#, r#""name": "Tom", "owners": ["sara"]}"#),
        "invalid-input: world.principals[3].owners: only groups have owners"
    );
}

#[test]
fn a_step_an_az_line_and_a_cmdlet_name_the_user_by_sign_in_name() {
    let mut s = session(
        r#"[{"as": "sara", "do": "create_resource_guard", "id": "guard1", "resource_group": "rg-guard"},
            {"as": "sara", "do": "assign_role", "principal": "bob@contoso.com", "role": "Reader", "scope": "guard1"},
            {"as": "sara", "do": "pim_update_settings", "role": "Backup MUA Operator", "scope": "guard1",
             "require_approval": true, "approvers": ["SARA.ADMIN@fabrikamsec.com"]}]"#,
    );
    let operator = mua_core::rbac::role("Backup MUA Operator").unwrap();
    assert_eq!(s.world().pim_settings(operator, "guard1").approvers, ["sara"], "approvers by sign-in name");
    let readers = |s: &Session| s.world().assignments_of("bob").filter(|a| a.role.name == "Reader").count();
    assert_eq!(readers(&s), 1, "the step's sign-in name is Bob");
    {
        use mua_core::scenario::Shell;
        mua_console::install();
        let rg = s.world().arm_id("rg-guard").unwrap();
        let az = format!("az role assignment create --role \"Backup Reader\" --assignee bob@contoso.com --scope {rg}");
        let recorded = s.type_in("sara", Shell::Az, &az);
        assert!(matches!(recorded.result, StepResult::Ok(_)), "{}", recorded.output);
        let ps = format!("New-AzRoleAssignment -SignInName eve@contoso.com -RoleDefinitionName Reader -Scope {rg}");
        let recorded = s.type_in("sara", Shell::Pwsh, &ps);
        let StepResult::Refused(r) = &recorded.result else { panic!("Eve is not in Fabrikam: {}", recorded.output) };
        assert_eq!(r.code, ErrorCode::NotFound, "{}", r.message);
        assert!(s.world().assignments_of("bob").any(|a| a.role.name == "Backup Reader"));
    }
}

#[test]
fn only_a_groups_owners_change_its_members_and_approvers_follow_the_group() {
    let mut s = session("[]");
    let add = |principal: &str| Command::AddGroupMember { group: "approvers".into(), principal: principal.into() };
    // Tom is not an owner: Entra's refusal, with who can.
    let (code, message, remedy) = refused(&mut s, "tom", add("tom"));
    assert_eq!(code, ErrorCode::AuthorizationFailed);
    assert_eq!(
        message,
        "Insufficient privileges to complete the operation: Tom is not an owner of the group `approvers`."
    );
    assert_eq!(remedy, "An owner of `approvers` (sara) changes its members.");
    // Eve is in Contoso only: not in the group's directory.
    let (code, message, _) = refused(&mut s, "sara", add("eve"));
    assert_eq!(
        (code, message.as_str()),
        (ErrorCode::NotFound, "Principal `eve` does not exist in the directory `fabrikam`.")
    );
    assert_eq!(refused(&mut s, "sara", add("sara")).0, ErrorCode::AlreadyExists);
    assert_eq!(
        refused(&mut s, "sara", Command::AddGroupMember { group: "tom".into(), principal: "bob".into() }).0,
        ErrorCode::InvalidInput
    );
    // Bob, a guest of Fabrikam, joins; the group's members and Bob's groups say so.
    assert!(matches!(s.run("sara", add("bob")).result, StepResult::Ok(_)));
    assert_eq!(s.world().principals().get("approvers").unwrap().members, ["sara", "bob"]);
    assert!(s.world().groups_of("bob").iter().any(|g| g == "approvers"));
    let remove = Command::RemoveGroupMember { group: "approvers".into(), principal: "bob".into() };
    assert!(matches!(s.run("sara", remove.clone()).result, StepResult::Ok(_)));
    assert!(!s.world().groups_of("bob").iter().any(|g| g == "approvers"));
    assert_eq!(refused(&mut s, "sara", remove).0, ErrorCode::NotFound);
}

/// ARM lists the subscriptions a principal holds a role in (at the subscription or below, its own
/// or a group's), which `az login` and `Connect-AzAccount` offer and choose the default from.
#[test]
fn a_principal_sees_the_subscriptions_it_holds_a_role_in() {
    let text = WORLD
        .replace(
            r#""subscriptions": [{"id": "sub-guard", "tenant": "fabrikam", "name": "Security"}]"#,
            r#""subscriptions": [{"id": "sub-guard", "tenant": "fabrikam", "name": "Security"},
                                {"id": "sub-other", "tenant": "fabrikam", "name": "Other"}]"#,
        )
        .replace(
            r#""role_assignments": [{"principal": "sara", "role": "Owner", "scope": "sub-guard"}]"#,
            r#""role_assignments": [{"principal": "sara", "role": "Owner", "scope": "sub-guard"},
                                   {"principal": "approvers", "role": "Reader", "scope": "sub-other"},
                                   {"principal": "tom", "role": "Reader", "scope": "rg-guard"}]"#,
        )
        .replace("STEPS", "[]");
    let session = Rc::new(Scenario::load(&text).unwrap()).run().unwrap();
    let w = session.world();
    let names = |p: &str| w.visible_subscriptions(p, "fabrikam").iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(names("sara"), ["sub-guard", "sub-other"], "her own role, then her group's");
    assert_eq!(names("tom"), ["sub-guard"], "a role on a resource group below it");
    assert!(names("bob").is_empty(), "a guest with no role sees none");
    assert!(w.visible_subscriptions("sara", "contoso").is_empty(), "only the directory asked");
}
