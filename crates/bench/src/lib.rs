//! Shared fixtures for the benchmarks: a world with many role assignments, as a scenario file for the
//! core and as the same data in casbin-rs policy form.
#![allow(clippy::expect_used)] // PANIC SAFETY: fixtures are built from constants; a failure is a bug in the fixture.

use mua_core::rbac;
use serde_json::json;

/// Roles the bulk assignments cycle through.
const BULK_ROLES: [&str; 5] = ["Reader", "Backup Reader", "Backup Operator", "Backup MUA Operator", "Contributor"];

/// Number of resource groups the bulk assignments spread over.
pub const RESOURCE_GROUPS: usize = 100;

/// A scenario (world + steps) with `assignments` role assignments in all, spread over
/// `assignments / 5` users and [`RESOURCE_GROUPS`] resource groups. Its steps create `vault1`
/// (Recovery Services) and `guard1` in another tenant, map them, and give `bob` the Backup MUA Operator
/// role on the guard, so `bob`'s disable-soft-delete decision walks every G5 check and is allowed.
pub fn scenario(assignments: usize) -> String {
    let users = assignments.div_ceil(BULK_ROLES.len());
    let mut principals = vec![
        json!({"id": "olga", "kind": "user", "tenant": "contoso"}),
        json!({"id": "bob", "kind": "user", "tenant": "contoso"}),
        json!({"id": "sara", "kind": "user", "tenant": "fabrikam"}),
    ];
    let mut rgs = vec![
        json!({"id": "rg-vault", "subscription": "sub-vault", "location": "westeurope"}),
        json!({"id": "rg-guard", "subscription": "sub-guard", "location": "westeurope"}),
    ];
    let mut ras = vec![
        json!({"principal": "olga", "role": "Owner", "scope": "sub-vault"}),
        json!({"principal": "bob", "role": "Backup Contributor", "scope": "rg-vault"}),
        json!({"principal": "sara", "role": "Owner", "scope": "sub-guard"}),
    ];
    for r in 0..RESOURCE_GROUPS {
        rgs.push(json!({"id": format!("rg-{r}"), "subscription": "sub-vault", "location": "westeurope"}));
    }
    for u in 0..users {
        principals.push(json!({"id": format!("u{u}"), "kind": "user", "tenant": "contoso"}));
    }
    // Fill up to `assignments`, bob's and the steps' two included.
    let bulk = assignments.saturating_sub(ras.len() + 2);
    // User `u` gets one assignment of each bulk role, so no two assignments coincide.
    for k in 0..bulk {
        let (u, j) = (k / BULK_ROLES.len(), k % BULK_ROLES.len());
        ras.push(json!({
            "principal": format!("u{u}"),
            "role": BULK_ROLES[j],
            "scope": format!("rg-{}", (u * 17 + j * 29) % RESOURCE_GROUPS),
        }));
    }
    let doc = json!({
        "version": 1, "title": "benchmark world", "start": "2026-01-05T09:00:00Z",
        "world": {
            "tenants": [{"id": "contoso", "name": "Contoso", "domain": "contoso.com"},
                        {"id": "fabrikam", "name": "Fabrikam Security", "domain": "fabrikamsec.com"}],
            "subscriptions": [{"id": "sub-vault", "tenant": "contoso", "name": "Prod"},
                              {"id": "sub-guard", "tenant": "fabrikam", "name": "Security"}],
            "resource_groups": rgs,
            "principals": principals,
            "guests": [{"user": "bob", "tenant": "fabrikam"}],
            "role_assignments": ras,
        },
        "steps": [
            {"as": "olga", "do": "create_vault", "id": "vault1", "kind": "recovery_services", "resource_group": "rg-vault"},
            {"as": "sara", "do": "create_resource_guard", "id": "guard1", "resource_group": "rg-guard"},
            {"as": "sara", "do": "assign_role", "principal": "bob", "role": "Reader", "scope": "guard1"},
            {"as": "bob", "do": "authenticate", "tenant": "fabrikam"},
            {"as": "bob", "do": "enable_mua", "vault": "vault1", "guard": "guard1"},
            {"as": "sara", "do": "assign_role", "principal": "bob", "role": "Backup MUA Operator", "scope": "guard1"},
        ],
    });
    serde_json::to_string(&doc).expect("a JSON value serializes")
}

/// The casbin model equivalent to Azure RBAC for these checks: a principal is linked (`g`) to a
/// `role@scope` subject; that subject's policies allow (or, for notActions, deny) action patterns
/// on the scope and everything below it.
pub const CASBIN_MODEL: &str = r#"
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act, eft

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = g(r.sub, p.sub) && (r.obj == p.obj || keyMatch(r.obj, p.obj + "/*")) && regexMatch(r.act, p.act)
"#;

/// The same role assignments as casbin rules: (`p` policies, `g` groupings). Scopes are ARM ids
/// and actions lower-cased, so matching is case-insensitive like Azure's. Azure's `*` spans `/`,
/// which casbin's `globMatch` does not, so each action pattern becomes an anchored regex.
pub fn casbin_rules(world: &mua_core::World) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut policies = Vec::new();
    let mut groupings = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for a in world.assignments() {
        let scope = world.arm_id(&a.scope).expect("an assignment's scope exists").to_lowercase();
        let subject = format!("{}@{scope}", a.role.name);
        groupings.push(vec![a.principal.clone(), subject.clone()]);
        if seen.insert(subject.clone()) {
            let role = rbac::role(a.role.id).expect("a built-in role");
            for pattern in role.actions {
                policies.push(vec![
                    subject.clone(),
                    scope.clone(),
                    azure_pattern_to_regex(pattern),
                    "allow".to_owned(),
                ]);
            }
            for pattern in role.not_actions {
                policies.push(vec![subject.clone(), scope.clone(), azure_pattern_to_regex(pattern), "deny".to_owned()]);
            }
        }
    }
    (policies, groupings)
}

/// Counts assignments in a world.
pub fn assignment_count(world: &mua_core::World) -> usize {
    world.assignments().count()
}

/// `Microsoft.DataProtection/*/action` → `^microsoft\.dataprotection/.*/action$`.
pub fn azure_pattern_to_regex(pattern: &str) -> String {
    let mut out = String::from("^");
    for c in pattern.to_lowercase().chars() {
        match c {
            '*' => out.push_str(".*"),
            '.' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '^' | '$' | '|' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push('$');
    out
}
