//! Each blade's address: `#/resource-guards/guard1/properties`. The blade lives in the state (saved
//! sessions and share links carry it); the address follows it, and a changed address (Back,
//! Forward, a bookmark, a typed URL) opens its blade. A hash keeps the site hostable on any static
//! server, and `#state=` share links still open as before.

use mua_core::critical_operations::VaultKind;
use mua_core::scenario::StepAction;
use mua_core::{Command, World};

use crate::util::{percent_decode, percent_encode};

/// A tab of a vault blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultTab {
    /// Overview.
    Overview,
    /// Properties: Multi-User Authorization, Security Settings, Immutable vault.
    Properties,
    /// Identity.
    Identity,
    /// Backup items.
    Items,
    /// Access control (IAM).
    Iam,
}

/// A tab of a subscription's or resource group's blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeTab {
    /// Overview: ARM id, location, what it holds.
    Overview,
    /// Access control (IAM).
    Iam,
    /// A subscription's Resource providers (Settings → Resource providers in the portal).
    Providers,
}

/// A tab of a Resource Guard blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuardTab {
    /// Overview.
    Overview,
    /// Properties (protected operations).
    Properties,
    /// Access control (IAM).
    Iam,
}

/// A tab of the PIM blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PimTab {
    /// My roles.
    MyRoles,
    /// My pending requests.
    Pending,
    /// Approve requests.
    Approve,
    /// My audit history.
    Audit,
    /// Manage → Azure resources: the resources of the directory the person manages.
    Resources,
}

/// A tab of one Azure resource's PIM (Azure resources → the resource).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PimResTab {
    /// Assignments: Eligible, Active and Expired, and + Add assignments.
    Assignments,
    /// Settings: a role's settings → Edit.
    Settings,
    /// Resource audit.
    Audit,
}

/// A tab of the Lighthouse blade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LighthouseTab {
    /// My customers (as the managing tenant).
    MyCustomers,
    /// Service providers (as the customer).
    ServiceProviders,
}

/// A tab of Microsoft Entra ID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntraTab {
    /// All users of the directory, members and guests.
    Users,
    /// Its groups.
    Groups,
}

/// A blade (the portal's page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blade {
    /// Home.
    Home,
    /// Vault list of a kind.
    Vaults(VaultKind),
    /// One vault.
    Vault(String, VaultTab),
    /// Create a vault.
    CreateVault(VaultKind),
    /// Resource Guard list.
    Guards,
    /// One guard.
    Guard(String, GuardTab),
    /// Create a guard.
    CreateGuard,
    /// "Your deployment is complete" after creating a guard, with *Go to resource*.
    GuardDeployed(String),
    /// Privileged Identity Management.
    Pim(PimTab),
    /// Azure Lighthouse.
    Lighthouse(LighthouseTab),
    /// Activity log.
    Activity,
    /// Scenarios: gallery, guided tour, import/export, share.
    Scenarios,
    /// The timeline of the simulated clock.
    Timeline,
    /// The security posture of every vault.
    Posture,
    /// The topology diagram with the last decision's path.
    Topology,
    /// Microsoft Entra ID: the current directory's users or groups.
    Entra(EntraTab),
    /// A user's page in the current directory.
    User(String),
    /// A group's page.
    Group(String),
    /// The subscriptions of the current directory.
    Subscriptions,
    /// One subscription.
    Subscription(String, ScopeTab),
    /// The resource groups of the current directory.
    ResourceGroups,
    /// One resource group.
    ResourceGroup(String, ScopeTab),
    /// One Azure resource's PIM.
    PimResource(String, PimResTab),
    /// A key vault or a user-assigned identity: Overview and Access control (IAM).
    Resource(String, ScopeTab),
}

impl Blade {
    /// A blade by the short name embed links use (`vaults`, `guards`, `pim`, `activity`…).
    pub fn from_name(name: &str) -> Option<Blade> {
        Some(match name {
            "home" => Blade::Home,
            "vaults" => Blade::Vaults(VaultKind::RecoveryServices),
            "backup-vaults" => Blade::Vaults(VaultKind::Backup),
            "guards" => Blade::Guards,
            "pim" => Blade::Pim(PimTab::MyRoles),
            "approve" => Blade::Pim(PimTab::Approve),
            "lighthouse" => Blade::Lighthouse(LighthouseTab::MyCustomers),
            "activity" => Blade::Activity,
            "scenarios" => Blade::Scenarios,
            "timeline" => Blade::Timeline,
            "posture" => Blade::Posture,
            "topology" => Blade::Topology,
            "users" => Blade::Entra(EntraTab::Users),
            "groups" => Blade::Entra(EntraTab::Groups),
            "subscriptions" => Blade::Subscriptions,
            "resource-groups" => Blade::ResourceGroups,
            _ => return None,
        })
    }
}

/// The blade where a step is done, when the portal has one.
pub fn blade_for(w: &World, action: &StepAction) -> Option<Blade> {
    let StepAction::Run { command, .. } = action else { return None };
    let vault = |v: &str, tab| Some(Blade::Vault(v.to_owned(), tab));
    let item_vault = |item: &str| w.items().get(item).map(|i| Blade::Vault(i.vault.clone(), VaultTab::Items));
    match command {
        Command::CreateVault { kind, .. } => Some(Blade::CreateVault(*kind)),
        Command::ConfigureBackup { vault: v, .. }
        | Command::ModifyPolicy { vault: v, .. }
        | Command::GetSecurityPin { vault: v } => vault(v, VaultTab::Items),
        Command::EnableMua { vault: v, .. }
        | Command::DisableMua { vault: v }
        | Command::DisableSoftDelete { vault: v }
        | Command::EnableSoftDelete { vault: v, .. }
        | Command::DisableImmutability { vault: v } => vault(v, VaultTab::Properties),
        Command::EnableSystemIdentity { vault: v }
        | Command::DisableSystemIdentity { vault: v }
        | Command::AttachUserIdentity { vault: v, .. }
        | Command::DetachUserIdentity { vault: v, .. }
        | Command::ConfigureEncryption { vault: v, .. } => vault(v, VaultTab::Identity),
        Command::ModifyProtection { item, .. }
        | Command::DeleteProtection { item }
        | Command::StopProtectionRetainData { item }
        | Command::DeleteBackupInstance { item }
        | Command::StopBackupRetainForever { item }
        | Command::StopBackupRetainAsPerPolicy { item }
        | Command::TriggerBackup { item }
        | Command::Restore { item } => item_vault(item),
        Command::CreateResourceGuard { .. } => Some(Blade::CreateGuard),
        Command::UpdateResourceGuard { guard, .. } => Some(Blade::Guard(guard.clone(), GuardTab::Properties)),
        Command::AssignRole { scope, .. } | Command::RemoveRoleAssignment { scope, .. } => iam_blade(w, scope),
        Command::PimAssign { scope, .. } | Command::PimRemoveAssignment { scope, .. } => {
            Some(Blade::PimResource(scope.clone(), PimResTab::Assignments))
        }
        Command::PimUpdateSettings { scope, .. } => Some(Blade::PimResource(scope.clone(), PimResTab::Settings)),
        Command::PimActivate { .. } | Command::PimCancel { .. } | Command::PimDeactivate { .. } => {
            Some(Blade::Pim(PimTab::MyRoles))
        }
        Command::PimApprove { .. } | Command::PimDeny { .. } => Some(Blade::Pim(PimTab::Approve)),
        Command::LighthouseOnboard { .. } => Some(Blade::Lighthouse(LighthouseTab::ServiceProviders)),
        Command::LighthouseActivate { .. } => Some(Blade::Lighthouse(LighthouseTab::MyCustomers)),
        Command::InviteGuest { .. } => Some(Blade::Entra(EntraTab::Users)),
        Command::AddGroupMember { group, .. } | Command::RemoveGroupMember { group, .. } => {
            Some(Blade::Group(group.clone()))
        }
        // Done from the top bar (directories), or not offered by a blade (the tour does it).
        _ => None,
    }
}

/// Access control (IAM) of a scope: every scope has one.
fn iam_blade(w: &World, scope: &str) -> Option<Blade> {
    use ScopeTab;
    let scope = scope.to_owned();
    Some(if w.guards().contains_key(&scope) {
        Blade::Guard(scope, GuardTab::Iam)
    } else if w.vaults().contains_key(&scope) {
        Blade::Vault(scope, VaultTab::Iam)
    } else if w.subscriptions().contains_key(&scope) {
        Blade::Subscription(scope, ScopeTab::Iam)
    } else if w.resource_groups().contains_key(&scope) {
        Blade::ResourceGroup(scope, ScopeTab::Iam)
    } else if w.key_vaults().contains_key(&scope) || w.identities().contains_key(&scope) {
        Blade::Resource(scope, ScopeTab::Iam)
    } else {
        return None;
    })
}

const VAULT_TABS: [(VaultTab, &str); 5] = [
    (VaultTab::Overview, "overview"),
    (VaultTab::Properties, "properties"),
    (VaultTab::Identity, "identity"),
    (VaultTab::Items, "backup-items"),
    (VaultTab::Iam, "iam"),
];
const SCOPE_TABS: [(ScopeTab, &str); 3] =
    [(ScopeTab::Overview, "overview"), (ScopeTab::Iam, "iam"), (ScopeTab::Providers, "resource-providers")];
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
