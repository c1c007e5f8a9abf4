//! G10 isolation levels and G11 "Before you start" warnings, table-driven.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mua_core::critical_operations::Isolation;
use mua_core::posture::{FixAt, PostureWarning, Status};
use std::rc::Rc;

use mua_core::scenario::Scenario;
use mua_core::Simulator;

/// A world where `vault1` lives in `sub-vault` and guards live in the vault's subscription (`g-same`),
/// another subscription of the tenant (`g-sub`) and another tenant (`g-tenant`, `g-east`).
fn sim(extra_assignments: &str, providers: &str, vault_kind: &str) -> Simulator {
    sim_with(extra_assignments, providers, vault_kind, "")
}

/// [`sim`], then `extra_steps` (each starting with a comma).
fn sim_with(extra_assignments: &str, providers: &str, vault_kind: &str, extra_steps: &str) -> Simulator {
    let text = format!(
        r#"{{"version":1,"title":"posture","start":"2026-01-05T09:00:00Z",
      "world":{{
        "tenants":[{{"id":"contoso","name":"Contoso","domain":"contoso.com"}},{{"id":"fabrikam","name":"Fabrikam","domain":"f.com"}}],
        "subscriptions":[{{"id":"sub-vault","tenant":"contoso","name":"P"{providers}}},
                         {{"id":"sub-sec","tenant":"contoso","name":"S"}},
                         {{"id":"sub-guard","tenant":"fabrikam","name":"G"}}],
        "resource_groups":[{{"id":"rg-vault","subscription":"sub-vault","location":"westeurope"}},
                           {{"id":"rg-same","subscription":"sub-vault","location":"westeurope"}},
                           {{"id":"rg-sec","subscription":"sub-sec","location":"westeurope"}},
                           {{"id":"rg-guard","subscription":"sub-guard","location":"westeurope"}},
                           {{"id":"rg-east","subscription":"sub-guard","location":"eastus"}}],
        "principals":[{{"id":"olga","kind":"user","tenant":"contoso"}},{{"id":"bob","kind":"user","tenant":"contoso"}},
                      {{"id":"sara","kind":"user","tenant":"fabrikam"}}],
        "guests":[{{"user":"bob","tenant":"fabrikam"}}],
        "role_assignments":[{{"principal":"olga","role":"Owner","scope":"sub-vault"}},{{"principal":"olga","role":"Owner","scope":"sub-sec"}},
                            {{"principal":"bob","role":"Backup Contributor","scope":"rg-vault"}},
                            {{"principal":"sara","role":"Owner","scope":"sub-guard"}}{extra_assignments}]}},
      "steps":[
        {{"as":"olga","do":"create_vault","id":"vault1","kind":"{vault_kind}","resource_group":"rg-vault"}},
        {{"as":"olga","do":"create_resource_guard","id":"g-same","resource_group":"rg-same"}},
        {{"as":"olga","do":"create_resource_guard","id":"g-sub","resource_group":"rg-sec"}},
        {{"as":"sara","do":"create_resource_guard","id":"g-tenant","resource_group":"rg-guard"}},
        {{"as":"sara","do":"create_resource_guard","id":"g-east","resource_group":"rg-east"}}{extra_steps}]}}"#
    );
    let s = Rc::new(Scenario::load(&text).unwrap());
    s.run().unwrap().simulator().clone()
}

#[test]
fn isolation_levels() {
    let s = sim("", "", "recovery_services");
    let w = s.world();
    assert_eq!(w.isolation("vault1", "g-same"), Some(Isolation::Least));
    assert_eq!(w.isolation("vault1", "g-sub"), Some(Isolation::Medium));
    assert_eq!(w.isolation("vault1", "g-tenant"), Some(Isolation::Maximum));
    assert_eq!(w.isolation("vault1", "nope"), None);
}

#[track_caller]
fn check(extra: &str, providers: &str, kind: &str, guard: &str, expected: &[PostureWarning]) {
    let s = sim(extra, providers, kind);
    assert_eq!(s.world().posture_warnings("vault1", guard), expected);
}

fn holds(role: &'static str, scope: &str) -> PostureWarning {
    PostureWarning::BackupAdminHoldsGuardRole { principal: "bob".into(), role, scope: scope.into() }
}

#[test]
fn before_you_start_warnings() {
    // A clean set-up has no warning.
    check("", "", "recovery_services", "g-tenant", &[]);
    // The Backup admin must not hold Contributor, Backup MUA Admin or Backup MUA Operator on the guard,
    // at the guard or above it.
    check(
        r#",{"principal":"bob","role":"Contributor","scope":"rg-guard"}"#,
        "",
        "recovery_services",
        "g-tenant",
        &[holds("Contributor", "rg-guard")],
    );
    check(
        r#",{"principal":"bob","role":"Backup MUA Operator","scope":"sub-guard"}"#,
        "",
        "backup",
        "g-tenant",
        &[holds("Backup MUA Operator", "sub-guard")],
    );
    check(
        r#",{"principal":"bob","role":"Backup MUA Admin","scope":"sub-guard"}"#,
        "",
        "backup",
        "g-tenant",
        &[holds("Backup MUA Admin", "sub-guard")],
    );
    // Reader is what the Backup admin should hold: no warning.
    check(r#",{"principal":"bob","role":"Reader","scope":"sub-guard"}"#, "", "recovery_services", "g-tenant", &[]);
    // Region.
    check(
        "",
        "",
        "recovery_services",
        "g-east",
        &[PostureWarning::RegionMismatch { vault_location: "westeurope".into(), guard_location: "eastus".into() }],
    );
    // Providers: a Recovery Services vault needs both, a Backup vault only DataProtection (seeds).
    let only_dp = r#","registered_providers":["Microsoft.DataProtection"]"#;
    check(
        "",
        only_dp,
        "recovery_services",
        "g-tenant",
        &[PostureWarning::ProviderNotRegistered {
            subscription: "sub-vault".into(),
            provider: "Microsoft.RecoveryServices",
        }],
    );
    check("", only_dp, "backup", "g-tenant", &[]);
    check(
        "",
        r#","registered_providers":[]"#,
        "backup",
        "g-tenant",
        &[PostureWarning::ProviderNotRegistered {
            subscription: "sub-vault".into(),
            provider: "Microsoft.DataProtection",
        }],
    );
}

#[test]
fn a_time_bound_active_role_on_the_guard_is_standing_access_too() {
    // Assigned active for four weeks by the Security admin (not activated just in time): it overrides
    // MUA as long as it lasts, as a permanent one does.
    let s = sim_with(
        "",
        "",
        "recovery_services",
        r#",{"as":"sara","do":"pim_assign","principal":"bob","role":"Backup MUA Operator","scope":"g-tenant",
             "type":"active","end":"2026-02-02T09:00:00Z","justification":"migration","mfa":true}"#,
    );
    assert_eq!(s.world().posture_warnings("vault1", "g-tenant"), [holds("Backup MUA Operator", "g-tenant")]);
}

/// A gallery scenario played to its end, or to its first `steps` steps.
fn gallery(file: &str, steps: Option<usize>) -> mua_core::World {
    let text = std::fs::read_to_string(format!("{}/../../web/scenarios/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut scenario = Scenario::load(&text).unwrap();
    if let Some(n) = steps {
        scenario.steps.truncate(n);
    }
    Rc::new(scenario).run().unwrap().world().clone()
}

fn statuses(w: &mua_core::World, vault: &str) -> Vec<(&'static str, Status)> {
    w.posture(vault).unwrap().checks.iter().map(|c| (c.rule, c.status)).collect()
}

#[test]
fn the_posture_view_checks_each_rule_live_with_the_object_and_the_fix() {
    // Before a guard is mapped: one failing check, fixed on the vault's MUA pane.
    let w = gallery("rsv-same-subscription.json", Some(1));
    let p = w.posture("vault1").unwrap();
    assert_eq!(p.summary(), Status::Fail);
    assert_eq!(p.checks.len(), 1);
    assert_eq!(p.checks[0].fix_at, Some(FixAt::VaultMua("vault1".into())));

    // Guard in the vault's subscription: least isolation is a warning, and the subscription's
    // Owner, who manages the vault, holds Owner on the guard too (fixed in the subscription's IAM).
    let w = gallery("rsv-same-subscription.json", None);
    let p = w.posture("vault1").unwrap();
    assert_eq!(p.isolation, Some(Isolation::Least));
    let isolation = p.checks.iter().find(|c| c.rule == "Isolation of the Resource Guard").unwrap();
    assert_eq!((isolation.status, isolation.fix_at.clone()), (Status::Warn, Some(FixAt::CreateGuard)));
    let standing = p.checks.iter().find(|c| c.rule == "No standing role on the Resource Guard").unwrap();
    assert_eq!(
        (standing.status, standing.concerns.as_deref(), standing.fix_at.clone()),
        (Status::Fail, Some("sub-vault"), Some(FixAt::ScopeIam("sub-vault".into())))
    );
    assert_eq!((p.summary(), p.count(Status::Fail), p.count(Status::Warn)), (Status::Fail, 1, 1), "{:#?}", p.checks);

    // Another tenant: maximum isolation passes.
    let w = gallery("bv-cross-tenant.json", None);
    assert_eq!(w.posture("vault1").unwrap().isolation, Some(Isolation::Maximum));

    // A standing operator role for whoever manages the vault fails, fixed in the guard's IAM.
    let w = gallery("overriding-roles.json", None);
    let p = w.posture("vault1").unwrap();
    let standing: Vec<_> = p.checks.iter().filter(|c| c.rule == "No standing role on the Resource Guard").collect();
    assert!(
        standing.iter().any(|c| c.status == Status::Fail && matches!(&c.fix_at, Some(FixAt::GuardIam(_)))),
        "{:#?}",
        p.checks
    );
    assert_eq!(p.summary(), Status::Fail);

    // Eligible for the operator role with no approval: activations are approved automatically.
    let w = gallery("pim-auto-approval.json", Some(7));
    let approval =
        statuses(&w, "vault1").into_iter().find(|(r, _)| *r == "Activation of Backup MUA Operator needs approval");
    assert_eq!(approval, Some(("Activation of Backup MUA Operator needs approval", Status::Warn)));
    // The how-to's flow requires approval with approvers: it passes.
    let w = gallery("pim-jit-approve.json", None);
    let approval =
        statuses(&w, "vault1").into_iter().find(|(r, _)| *r == "Activation of Backup MUA Operator needs approval");
    assert_eq!(approval, Some(("Activation of Backup MUA Operator needs approval", Status::Pass)));
    // Every vault of the world has a posture.
    assert_eq!(w.postures().len(), w.vaults().len());
}

#[test]
fn the_summary_adds_up_every_vaults_checks() {
    for file in
        ["rsv-same-subscription.json", "overriding-roles.json", "pim-auto-approval.json", "bv-cross-tenant.json"]
    {
        for steps in [Some(1), Some(7), None] {
            let w = gallery(file, steps);
            let postures = w.postures();
            let expected = postures.iter().map(|p| p.summary()).max().map(|worst| {
                let sum = |s| postures.iter().map(|p| p.count(s)).sum::<usize>();
                (worst, sum(Status::Fail), sum(Status::Warn))
            });
            assert_eq!(w.posture_summary(), expected, "{file} after {steps:?} steps");
        }
    }
}

/// G11's provider check is fixed where it is found: the subscription's Owner registers the provider
/// (`register_provider`, az `provider register`), and the warning goes; the Backup admin, with a
/// role on a resource group only, cannot; a provider the simulator does not model is refused.
#[test]
fn registering_the_provider_clears_its_warning() {
    let steps = r#",{"as":"bob","do":"register_provider","subscription":"sub-vault","namespace":"Microsoft.RecoveryServices","expect":"authorization-failed"},
        {"as":"olga","do":"register_provider","subscription":"sub-vault","namespace":"Microsoft.Compute","expect":"invalid-input"}"#;
    let s = sim_with("", r#","registered_providers":["Microsoft.DataProtection"]"#, "recovery_services", steps);
    let warned = s.world().posture_warnings("vault1", "g-tenant");
    assert!(matches!(
        warned.as_slice(),
        [PostureWarning::ProviderNotRegistered { provider: "Microsoft.RecoveryServices", .. }]
    ));
    let registered = sim_with(
        "",
        r#","registered_providers":["Microsoft.DataProtection"]"#,
        "recovery_services",
        &format!(
            r#"{steps},{{"as":"olga","do":"register_provider","subscription":"sub-vault","namespace":"microsoft.recoveryservices"}}"#
        ),
    );
    assert_eq!(registered.world().posture_warnings("vault1", "g-tenant"), []);
    assert!(registered.world().subscriptions()["sub-vault"]
        .registered_providers
        .contains("Microsoft.RecoveryServices"));
}

/// A resource group created in a subscription is a scope like any other: a vault can be made in
/// it, and it takes the subscription's location rules and Azure's naming rule.
#[test]
fn a_created_resource_group_holds_vaults() {
    let steps = r#",{"as":"olga","do":"create_resource_group","id":"rg-new","subscription":"sub-vault","location":"WestEurope"},
        {"as":"bob","do":"create_resource_group","id":"rg-bob","subscription":"sub-vault","location":"westeurope","expect":"authorization-failed"},
        {"as":"olga","do":"create_resource_group","id":"rg new","subscription":"sub-vault","location":"westeurope","expect":"invalid-input"},
        {"as":"olga","do":"create_resource_group","id":"rg-vault","subscription":"sub-vault","location":"westeurope","expect":"already-exists"},
        {"as":"olga","do":"create_vault","id":"vault9","kind":"backup","resource_group":"rg-new"}"#;
    let s = sim_with("", "", "recovery_services", steps);
    let w = s.world();
    assert_eq!(w.resource_groups()["rg-new"].location, "westeurope");
    assert_eq!(w.vaults()["vault9"].resource_group, "rg-new");
    assert!(w.arm_id("rg-new").is_some_and(|id| id.ends_with("/resourceGroups/rg-new")));
}
