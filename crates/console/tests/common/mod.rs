//! The two-tenant world the console's tests type into.
#![allow(clippy::unwrap_used, dead_code)]

use std::rc::Rc;

use mua_core::scenario::Scenario;
use mua_core::Session;

pub const GUARD_SUB: &str = "bbbbbbbb-0000-0000-0000-000000000002";
pub const VAULT_SUB: &str = "aaaaaaaa-0000-0000-0000-000000000001";
pub const GUARD_TENANT: &str = "22222222-2222-2222-2222-222222222222";

/// Two tenants: the vaults in Contoso (Olga owns their subscription, Production; Bob is their Backup
/// admin, a guest of Fabrikam, with no role in Contoso's first subscription, Sandbox), the guards in Fabrikam (Sara owns its subscription); Olga has created the
/// Recovery Services vaults named, and the console is installed. Fabrikam's group `approvers`
/// (Sara, its owner) holds Sara.
pub fn session(vaults: &[&str]) -> Session {
    mua_console::install();
    let steps: Vec<String> = vaults
        .iter()
        .map(|v| format!(r#"{{"as": "olga", "do": "create_vault", "id": "{v}", "kind": "recovery_services", "resource_group": "rg-vault"}}"#))
        .collect();
    let text = format!(
        r#"{{
  "version": 1, "title": "Seed console", "start": "2026-01-05T09:00:00Z",
  "world": {{
    "tenants": [{{"id": "contoso", "name": "Contoso", "domain": "contoso.com", "tenant_id": "11111111-1111-1111-1111-111111111111"}},
                {{"id": "fabrikam", "name": "Fabrikam Security", "domain": "fabrikamsec.com", "tenant_id": "{GUARD_TENANT}"}}],
    "subscriptions": [{{"id": "sub-sandbox", "tenant": "contoso", "name": "Sandbox", "subscription_id": "aaaaaaaa-0000-0000-0000-000000000000"}},
                      {{"id": "sub-vault", "tenant": "contoso", "name": "Production", "subscription_id": "{VAULT_SUB}"}},
                      {{"id": "sub-guard", "tenant": "fabrikam", "name": "Security", "subscription_id": "{GUARD_SUB}"}}],
    "resource_groups": [{{"id": "rg-vault", "subscription": "sub-vault", "location": "westeurope"}},
                        {{"id": "rg-guard", "subscription": "sub-guard", "location": "westeurope"}}],
    "principals": [{{"id": "olga", "kind": "user", "tenant": "contoso"}},
                   {{"id": "bob", "kind": "user", "tenant": "contoso"}},
                   {{"id": "sara", "kind": "user", "tenant": "fabrikam"}},
                   {{"id": "approvers", "kind": "group", "tenant": "fabrikam", "members": ["sara"], "owners": ["sara"]}}],
    "guests": [{{"user": "bob", "tenant": "fabrikam"}}],
    "role_assignments": [{{"principal": "olga", "role": "Owner", "scope": "sub-vault"}},
                         {{"principal": "bob", "role": "Backup Contributor", "scope": "rg-vault"}},
                         {{"principal": "sara", "role": "Owner", "scope": "sub-guard"}}]
  }},
  "steps": [{}]
}}"#,
        steps.join(",\n    ")
    );
    Rc::new(Scenario::load(&text).unwrap()).run().unwrap()
}
