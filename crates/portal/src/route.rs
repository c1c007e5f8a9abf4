//! Each blade's address: `#/resource-guards/guard1/properties`. The blade lives in the state (saved
//! sessions and share links carry it); the address follows it, and a changed address (Back,
//! Forward, a bookmark, a typed URL) opens its blade. A hash keeps the site hostable on any static
//! server, and `#state=` share links still open as before.

use mua_core::critical_operations::VaultKind;

use crate::snapshot::{percent_decode, percent_encode};
use crate::state::{Blade, EntraTab, GuardTab, LighthouseTab, PimResTab, PimTab, ScopeTab, VaultTab};

const VAULT_TABS: [(VaultTab, &str); 5] = [
    (VaultTab::Overview, "overview"),
    (VaultTab::Properties, "properties"),
    (VaultTab::Identity, "identity"),
    (VaultTab::Items, "backup-items"),
    (VaultTab::Iam, "iam"),
];
const SCOPE_TABS: [(ScopeTab, &str); 2] = [(ScopeTab::Overview, "overview"), (ScopeTab::Iam, "iam")];
const GUARD_TABS: [(GuardTab, &str); 3] =
    [(GuardTab::Overview, "overview"), (GuardTab::Properties, "properties"), (GuardTab::Iam, "iam")];
const PIM_TABS: [(PimTab, &str); 5] = [
    (PimTab::MyRoles, "my-roles"),
    (PimTab::Pending, "pending-requests"),
    (PimTab::Approve, "approve-requests"),
    (PimTab::Audit, "audit-history"),
    (PimTab::Resources, "azure-resources"),
];
const PIM_RES_TABS: [(PimResTab, &str); 3] =
    [(PimResTab::Assignments, "assignments"), (PimResTab::Settings, "settings"), (PimResTab::Audit, "audit")];
const LIGHTHOUSE_TABS: [(LighthouseTab, &str); 2] =
    [(LighthouseTab::MyCustomers, "my-customers"), (LighthouseTab::ServiceProviders, "service-providers")];

fn name_of<T: PartialEq + Copy>(table: &[(T, &'static str)], tab: T) -> &'static str {
    table.iter().find(|(t, _)| *t == tab).map_or("", |(_, n)| n)
}

fn tab_of<T: Copy>(table: &[(T, &'static str)], name: &str) -> Option<T> {
    table.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
}

fn kind_path(kind: VaultKind) -> &'static str {
    match kind {
        VaultKind::RecoveryServices => "recovery-services-vaults",
        VaultKind::Backup => "backup-vaults",
    }
}

/// The blade's address, e.g. `#/vaults/vault1/properties`.
pub fn hash_of(blade: &Blade) -> String {
    let path = match blade {
        Blade::Home => String::new(),
        Blade::Vaults(kind) => kind_path(*kind).to_owned(),
        Blade::CreateVault(kind) => format!("{}/create", kind_path(*kind)),
        Blade::Vault(id, tab) => format!("vaults/{}/{}", percent_encode(id), name_of(&VAULT_TABS, *tab)),
        Blade::Guards => "resource-guards".to_owned(),
        Blade::CreateGuard => "resource-guards/create".to_owned(),
        Blade::Guard(id, tab) => format!("resource-guards/{}/{}", percent_encode(id), name_of(&GUARD_TABS, *tab)),
        Blade::GuardDeployed(id) => format!("resource-guards/{}/deployment", percent_encode(id)),
        Blade::Pim(tab) => format!("pim/{}", name_of(&PIM_TABS, *tab)),
        Blade::PimResource(id, tab) => format!("pim/resources/{}/{}", percent_encode(id), name_of(&PIM_RES_TABS, *tab)),
        Blade::Lighthouse(tab) => format!("lighthouse/{}", name_of(&LIGHTHOUSE_TABS, *tab)),
        Blade::Activity => "activity-log".to_owned(),
        Blade::Scenarios => "scenarios".to_owned(),
        Blade::Timeline => "timeline".to_owned(),
        Blade::Posture => "posture".to_owned(),
        Blade::Topology => "topology".to_owned(),
        Blade::Entra(EntraTab::Users) => "entra/users".to_owned(),
        Blade::Entra(EntraTab::Groups) => "entra/groups".to_owned(),
        Blade::User(id) => format!("entra/users/{}", percent_encode(id)),
        Blade::Group(id) => format!("entra/groups/{}", percent_encode(id)),
        Blade::Resource(id, tab) => format!("resources/{}/{}", percent_encode(id), name_of(&SCOPE_TABS, *tab)),
        Blade::Subscriptions => "subscriptions".to_owned(),
        Blade::Subscription(id, tab) => format!("subscriptions/{}/{}", percent_encode(id), name_of(&SCOPE_TABS, *tab)),
        Blade::ResourceGroups => "resource-groups".to_owned(),
        Blade::ResourceGroup(id, tab) => {
            format!("resource-groups/{}/{}", percent_encode(id), name_of(&SCOPE_TABS, *tab))
        }
    };
    format!("#/{path}")
}

/// The blade at an address; `None` for anything else (a `#state=` link, an unknown path).
pub fn blade_of(hash: &str) -> Option<Blade> {
    let path = hash.strip_prefix("#/")?;
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let kind = |p: &str| match p {
        "recovery-services-vaults" => Some(VaultKind::RecoveryServices),
        "backup-vaults" => Some(VaultKind::Backup),
        _ => None,
    };
    Some(match parts.as_slice() {
        [] => Blade::Home,
        [k] if kind(k).is_some() => Blade::Vaults(kind(k)?),
        [k, "create"] if kind(k).is_some() => Blade::CreateVault(kind(k)?),
        ["vaults", id, tab] => Blade::Vault(percent_decode(id), tab_of(&VAULT_TABS, tab)?),
        ["resource-guards"] => Blade::Guards,
        ["resource-guards", "create"] => Blade::CreateGuard,
        ["resource-guards", id, "deployment"] => Blade::GuardDeployed(percent_decode(id)),
        ["resource-guards", id, tab] => Blade::Guard(percent_decode(id), tab_of(&GUARD_TABS, tab)?),
        ["pim", tab] => Blade::Pim(tab_of(&PIM_TABS, tab)?),
        ["pim", "resources", id, tab] => Blade::PimResource(percent_decode(id), tab_of(&PIM_RES_TABS, tab)?),
        ["lighthouse", tab] => Blade::Lighthouse(tab_of(&LIGHTHOUSE_TABS, tab)?),
        ["activity-log"] => Blade::Activity,
        ["scenarios"] => Blade::Scenarios,
        ["timeline"] => Blade::Timeline,
        ["posture"] => Blade::Posture,
        ["topology"] => Blade::Topology,
        ["entra", "users"] => Blade::Entra(EntraTab::Users),
        ["entra", "groups"] => Blade::Entra(EntraTab::Groups),
        ["entra", "users", id] => Blade::User(percent_decode(id)),
        ["entra", "groups", id] => Blade::Group(percent_decode(id)),
        ["resources", id, tab] => Blade::Resource(percent_decode(id), tab_of(&SCOPE_TABS, tab)?),
        ["subscriptions"] => Blade::Subscriptions,
        ["subscriptions", id, tab] => Blade::Subscription(percent_decode(id), tab_of(&SCOPE_TABS, tab)?),
        ["resource-groups"] => Blade::ResourceGroups,
        ["resource-groups", id, tab] => Blade::ResourceGroup(percent_decode(id), tab_of(&SCOPE_TABS, tab)?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_blade_round_trips_through_its_address() {
        let blades = [
            Blade::Home,
            Blade::Vaults(VaultKind::Backup),
            Blade::CreateVault(VaultKind::RecoveryServices),
            Blade::Vault("vault 1/x".into(), VaultTab::Items),
            Blade::Guards,
            Blade::CreateGuard,
            Blade::Guard("create".into(), GuardTab::Iam),
            Blade::GuardDeployed("guard1".into()),
            Blade::Pim(PimTab::Audit),
            Blade::Lighthouse(LighthouseTab::ServiceProviders),
            Blade::Activity,
            Blade::Scenarios,
            Blade::Timeline,
            Blade::Posture,
            Blade::Topology,
            Blade::Entra(EntraTab::Groups),
            Blade::User("bob".into()),
            Blade::Group("approvers".into()),
            Blade::Subscriptions,
            Blade::Resource("kv1".into(), ScopeTab::Iam),
            Blade::Subscription("sub-guard".into(), ScopeTab::Iam),
            Blade::ResourceGroups,
            Blade::ResourceGroup("rg vault".into(), ScopeTab::Overview),
            Blade::Vault("vault1".into(), VaultTab::Iam),
            Blade::PimResource("guard1".into(), PimResTab::Settings),
        ];
        for blade in blades {
            assert_eq!(blade_of(&hash_of(&blade)), Some(blade.clone()), "{}", hash_of(&blade));
        }
        assert_eq!(blade_of("#state=abc"), None);
        assert_eq!(blade_of("#/vaults/v1/nope"), None);
    }
}
