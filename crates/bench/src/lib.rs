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

/// A generated scenario of `steps` steps over a cross-tenant world with PIM: critical and ordinary
/// vault operations, JIT activations with and without approval, approvals, re-authentication and
/// clock advances. Each step's `expect` is what the core answers, so the scenario holds when run.
pub fn generated_scenario(steps: usize) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(&scenario(200)).expect("the fixture is JSON");
    let mut out = doc["steps"].as_array().cloned().expect("steps");
    out.push(json!({"as": "olga", "do": "configure_backup", "id": "item1", "vault": "vault1"}));
    out.push(json!({"as": "sara", "do": "pim_assign", "principal": "bob", "role": "Backup MUA Operator", "scope": "rg-guard", "type": "eligible"}));
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        // xorshift64*: deterministic, so the benchmark input never changes.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    };
    let mut request = 0usize;
    while out.len() < steps {
        let step = match next(12) {
            0 => json!({"as": "bob", "do": "disable_soft_delete", "vault": "vault1"}),
            1 => json!({"as": "bob", "do": "enable_soft_delete", "vault": "vault1"}),
            2 => json!({"as": "bob", "do": "trigger_backup", "item": "item1"}),
            3 => json!({"as": "bob", "do": "restore", "item": "item1"}),
            4 => json!({"as": "bob", "do": "get_security_pin", "vault": "vault1"}),
            5 => json!({"as": "bob", "do": "modify_policy", "vault": "vault1", "reduce_retention": next(2) == 0}),
            6 => json!({"as": "bob", "do": "authenticate", "tenant": "fabrikam"}),
            7 => {
                request += 1;
                json!({"as": "bob", "do": "pim_activate", "id": format!("r{request}"), "role": "Backup MUA Operator",
                       "scope": "rg-guard", "duration": "PT1H", "justification": "generated", "mfa": true})
            }
            8 if request > 0 => json!({"as": "sara", "do": "pim_approve", "request": format!("r{request}")}),
            9 => json!({"as": "u3", "do": "trigger_backup", "item": "item1"}),
            10 => json!({"as": "sara", "do": "pim_update_settings", "role": "Backup MUA Operator", "scope": "rg-guard",
                         "require_approval": next(2) == 0, "approvers": ["sara"]}),
            _ => json!({"advance": format!("PT{}M", 5 + next(90))}),
        };
        out.push(step);
    }
    out.truncate(steps);
    doc["steps"] = serde_json::Value::Array(out);
    // Record what happens as each step's expectation.
    let s = mua_core::scenario::Scenario::load(&doc.to_string()).expect("generated steps are well-formed");
    let mut session = mua_core::Session::new(std::rc::Rc::new(s));
    session.play_plan();
    // Every generated clock move is forward, so every step is recorded, in order.
    let results: Vec<String> = session.history().iter().map(|r| r.result.as_expect().to_string()).collect();
    for (step, expect) in doc["steps"].as_array_mut().expect("steps").iter_mut().zip(results) {
        if step.get("advance").is_none() {
            step["expect"] = json!(expect);
        }
    }
    doc.to_string()
}
