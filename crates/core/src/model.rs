//! The simulated world (SPEC §2): tenants, principals, subscriptions, resource groups, vaults,
//! protected items, Resource Guards, role assignments, cross-tenant tokens and the clock.
//!
//! Types are plain data; the only way to change a [`World`] is to apply an [`crate::Event`].
//! Everything is keyed by handle in ordered maps, so two worlds compare equal exactly when they hold
//! the same state, and iteration order never depends on chance.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use crate::mua::{Isolation, VaultKind};
use crate::rbac::{Action, RoleDefinition};

/// A handle: the scenario's name for an object (`vault1`, `bob`).
pub type Handle = String;

/// An Entra tenant (directory).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// Handle.
    pub id: Handle,
    /// Directory (tenant) GUID.
    pub tenant_id: String,
    /// Display name.
    pub name: String,
    /// Primary domain.
    pub domain: String,
}

/// What a principal is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalKind {
    /// A user.
    User,
    /// A Security group.
    Group,
    /// A service principal.
    ServicePrincipal,
    /// A managed identity.
    ManagedIdentity,
}

impl PrincipalKind {
    /// The scenario name.
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::User => "user",
            PrincipalKind::Group => "group",
            PrincipalKind::ServicePrincipal => "service_principal",
            PrincipalKind::ManagedIdentity => "managed_identity",
        }
    }
}

/// A security principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// Handle.
    pub id: Handle,
    /// Kind.
    pub kind: PrincipalKind,
    /// Home tenant.
    pub tenant: Handle,
    /// Display name.
    pub name: String,
    /// Object GUID.
    pub object_id: String,
    /// Members (groups only).
    pub members: Vec<Handle>,
}

/// A subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    /// Handle.
    pub id: Handle,
    /// Tenant.
    pub tenant: Handle,
    /// Display name.
    pub name: String,
    /// Subscription GUID.
    pub subscription_id: String,
    /// Resource providers registered (G11 warns when a backup provider is missing).
    pub registered_providers: BTreeSet<String>,
}

/// A resource group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceGroup {
    /// Handle (also its name).
    pub id: Handle,
    /// Subscription.
    pub subscription: Handle,
    /// Location.
    pub location: String,
}

/// A Recovery Services vault or a Backup vault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vault {
    /// Handle (also its name).
    pub id: Handle,
    /// Kind.
    pub kind: VaultKind,
    /// Resource group.
    pub resource_group: Handle,
    /// Location.
    pub location: String,
    /// Soft delete enabled.
    pub soft_delete: bool,
    /// Immutability enabled.
    pub immutable: bool,
    /// The Resource Guard the vault maps to (MUA on).
    pub guard: Option<Handle>,
    /// Retention of the vault's backup policy, in days.
    pub policy_retention_days: u32,
    /// Security PINs generated so far.
    pub security_pins: u32,
    /// The system-assigned identity is on (its principal has the vault's handle).
    pub system_identity: bool,
    /// User-assigned identities attached.
    pub user_identities: BTreeSet<Handle>,
    /// Customer-managed key encryption, when configured.
    pub encryption: Option<Encryption>,
}

/// Which identity a vault uses to reach its encryption key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdentityRef {
    /// The vault's system-assigned identity.
    System,
    /// An attached user-assigned identity.
    User(Handle),
}

/// Customer-managed key encryption of a vault (I3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Encryption {
    /// The Key Vault holding the key.
    pub key_vault: Handle,
    /// The identity the vault uses to reach it.
    pub identity: IdentityRef,
}

/// A plain resource of its own: a user-assigned identity or a Key Vault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainResource {
    /// Handle (also its name).
    pub id: Handle,
    /// Resource group.
    pub resource_group: Handle,
    /// Location.
    pub location: String,
}

/// The protection state of a protected item / backup instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProtectionState {
    /// Protected by a policy.
    Protected,
    /// Protection stopped, data retained (RSV) / retained forever (BV).
    StoppedRetainData,
    /// Backups suspended, data retained as per policy (BV).
    StoppedRetainAsPerPolicy,
}

/// A protected item (RSV) or backup instance (BV).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Handle.
    pub id: Handle,
    /// Vault.
    pub vault: Handle,
    /// What is backed up (a VM, a disk, a blob container...).
    pub datasource: String,
    /// Protection state.
    pub state: ProtectionState,
    /// Retention, in days.
    pub retention_days: u32,
    /// Backups taken.
    pub backups: u32,
    /// Restores done.
    pub restores: u32,
}

/// A Resource Guard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceGuard {
    /// Handle (also its name).
    pub id: Handle,
    /// Resource group.
    pub resource_group: Handle,
    /// Location.
    pub location: String,
    /// Shown on linked vaults: how to get access (G3).
    pub description: String,
    /// Critical operations excluded (disabled) by the Security admin, by scenario name.
    pub excluded: BTreeSet<String>,
}

/// Whether an assignment grants access as it stands or must be activated first (P1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssignmentType {
    /// Grants access inside its window.
    Active,
    /// Must be activated (PIM) before it grants anything.
    Eligible,
}

impl AssignmentType {
    /// The scenario name.
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentType::Active => "active",
            AssignmentType::Eligible => "eligible",
        }
    }
}

/// Where an assignment comes from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Access control (IAM) or the scenario's world.
    Direct,
    /// A PIM assignment (eligible or active, permanent or time-bound).
    Pim,
    /// The activation of an eligible assignment by a PIM request.
    Activation(Handle),
    /// An authorization of an Azure Lighthouse delegation.
    Lighthouse(Handle),
}

/// A role assignment: a role for a principal at a scope, of a type, inside a window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleAssignment {
    /// The principal.
    pub principal: Handle,
    /// The role.
    pub role: &'static RoleDefinition,
    /// The scope (a subscription, RG or resource handle).
    pub scope: Handle,
    /// Active or eligible.
    pub kind: AssignmentType,
    /// Start of the window; `None` = since always.
    pub start: Option<DateTime<Utc>>,
    /// End of the window (exclusive); `None` = permanent.
    pub end: Option<DateTime<Utc>>,
    /// Where it comes from.
    pub origin: Origin,
}

impl RoleAssignment {
    /// A permanent, active, direct assignment (Access control (IAM)).
    pub fn direct(principal: &str, role: &'static RoleDefinition, scope: &str) -> RoleAssignment {
        RoleAssignment {
            principal: principal.to_owned(),
            role,
            scope: scope.to_owned(),
            kind: AssignmentType::Active,
            start: None,
            end: None,
            origin: Origin::Direct,
        }
    }

    /// Whether `now` is inside the window.
    pub fn in_window(&self, now: DateTime<Utc>) -> bool {
        self.start.is_none_or(|s| s <= now) && self.end.is_none_or(|e| now < e)
    }

    /// Whether it grants access at `now`: active and inside its window (P1, P5).
    pub fn is_effective(&self, now: DateTime<Utc>) -> bool {
        self.kind == AssignmentType::Active && self.in_window(now)
    }
}

/// A resolved scope: the subscription, and the RG and resource below it where given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScopeChain<'w> {
    /// Subscription handle.
    pub subscription: &'w str,
    /// Resource group handle.
    pub resource_group: Option<&'w str>,
    /// Resource handle.
    pub resource: Option<&'w str>,
}

impl ScopeChain<'_> {
    /// Whether an assignment at `scope` applies here (R2: scopes inherit downward).
    pub fn covered_by(&self, scope: &str) -> bool {
        scope == self.subscription || self.resource_group == Some(scope) || self.resource == Some(scope)
    }
}

/// The whole simulated state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    pub(crate) now: DateTime<Utc>,
    pub(crate) tenants: BTreeMap<Handle, Tenant>,
    pub(crate) principals: BTreeMap<Handle, Principal>,
    /// Groups each principal belongs to (derived from the groups' members).
    pub(crate) member_of: BTreeMap<Handle, Vec<Handle>>,
    /// (user, tenant) pairs: B2B guests.
    pub(crate) guests: BTreeSet<(Handle, Handle)>,
    pub(crate) subscriptions: BTreeMap<Handle, Subscription>,
    pub(crate) resource_groups: BTreeMap<Handle, ResourceGroup>,
    pub(crate) vaults: BTreeMap<Handle, Vault>,
    pub(crate) items: BTreeMap<Handle, Item>,
    pub(crate) guards: BTreeMap<Handle, ResourceGuard>,
    /// Role assignments grouped by principal.
    pub(crate) assignments: BTreeMap<Handle, Vec<RoleAssignment>>,
    /// Cross-tenant tokens: (principal, tenant) → expiry.
    pub(crate) tokens: BTreeMap<(Handle, Handle), DateTime<Utc>>,
    /// PIM role settings edited from the defaults, by (role id, scope).
    pub(crate) pim_settings: BTreeMap<(String, Handle), crate::pim::PimSettings>,
    /// PIM requests by handle.
    pub(crate) requests: BTreeMap<Handle, crate::pim::PimRequest>,
    /// PIM audit history of every tenant, oldest first.
    pub(crate) audit: Vec<crate::pim::AuditEntry>,
    /// Notifications by recipient.
    pub(crate) inbox: BTreeMap<Handle, Vec<crate::pim::Notification>>,
    /// Azure Lighthouse delegations by handle.
    pub(crate) delegations: BTreeMap<Handle, crate::lighthouse::Delegation>,
    /// User-assigned managed identities (resources; each also a principal of the same handle).
    pub(crate) identities: BTreeMap<Handle, PlainResource>,
    /// Key Vaults.
    pub(crate) key_vaults: BTreeMap<Handle, PlainResource>,
}

/// A posture warning of G11, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostureWarning {
    /// Someone who can manage the vault's MUA also holds a role on the guard that overrides MUA.
    BackupAdminHoldsGuardRole {
        /// The principal.
        principal: Handle,
        /// The role name.
        role: &'static str,
        /// The scope of the assignment.
        scope: Handle,
    },
    /// A subscription lacks a resource provider registration.
    ProviderNotRegistered {
        /// The subscription.
        subscription: Handle,
        /// The provider namespace.
        provider: &'static str,
    },
    /// The guard and the vault are in different regions.
    RegionMismatch {
        /// The vault's region.
        vault_location: String,
        /// The guard's region.
        guard_location: String,
    },
}

impl PostureWarning {
    /// A sentence for the posture view.
    pub fn message(&self) -> String {
        match self {
            PostureWarning::BackupAdminHoldsGuardRole { principal, role, scope } => format!(
                "`{principal}` can manage the vault's MUA and also holds {role} on the Resource Guard (at `{scope}`): that role overrides the MUA protection"
            ),
            PostureWarning::ProviderNotRegistered { subscription, provider } => {
                format!("subscription `{subscription}` is not registered to {provider}")
            }
            PostureWarning::RegionMismatch { vault_location, guard_location } => {
                format!("the Resource Guard is in {guard_location} but the vault is in {vault_location}: they must be in the same region")
            }
        }
    }
}

/// The backup resource providers both subscriptions must be registered to (G11).
pub const BACKUP_PROVIDERS: [&str; 2] = ["Microsoft.RecoveryServices", "Microsoft.DataProtection"];

/// Roles that override MUA when the Backup admin holds them on the guard (G11).
const OVERRIDING_ROLES: [&str; 4] = ["Owner", "Contributor", "Backup MUA Admin", "Backup MUA Operator"];

impl World {
    /// The simulated time.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Tenants by handle.
    pub fn tenants(&self) -> &BTreeMap<Handle, Tenant> {
        &self.tenants
    }

    /// Principals by handle.
    pub fn principals(&self) -> &BTreeMap<Handle, Principal> {
        &self.principals
    }

    /// B2B guests: (user, tenant).
    pub fn guests(&self) -> &BTreeSet<(Handle, Handle)> {
        &self.guests
    }

    /// Subscriptions by handle.
    pub fn subscriptions(&self) -> &BTreeMap<Handle, Subscription> {
        &self.subscriptions
    }

    /// Resource groups by handle.
    pub fn resource_groups(&self) -> &BTreeMap<Handle, ResourceGroup> {
        &self.resource_groups
    }

    /// Vaults by handle.
    pub fn vaults(&self) -> &BTreeMap<Handle, Vault> {
        &self.vaults
    }

    /// Protected items / backup instances by handle.
    pub fn items(&self) -> &BTreeMap<Handle, Item> {
        &self.items
    }

    /// Resource Guards by handle.
    pub fn guards(&self) -> &BTreeMap<Handle, ResourceGuard> {
        &self.guards
    }

    /// Every role assignment, grouped by principal.
    pub fn assignments(&self) -> impl Iterator<Item = &RoleAssignment> {
        self.assignments.values().flatten()
    }

    /// Groups the principal is a member of.
    pub fn groups_of(&self, principal: &str) -> &[Handle] {
        self.member_of.get(principal).map_or(&[], Vec::as_slice)
    }

    /// The expiry of the principal's token for a tenant, if it holds one.
    pub fn token_expiry(&self, principal: &str, tenant: &str) -> Option<DateTime<Utc>> {
        self.tokens.get(&(principal.to_owned(), tenant.to_owned())).copied()
    }

    /// Whether the principal holds a valid token for the tenant now.
    pub fn has_valid_token(&self, principal: &str, tenant: &str) -> bool {
        self.token_expiry(principal, tenant).is_some_and(|exp| self.now < exp)
    }

    /// Whether the principal can sign in to the tenant: its home tenant, or a tenant it is a guest of.
    pub fn is_member_or_guest(&self, principal: &str, tenant: &str) -> bool {
        self.principals.get(principal).is_some_and(|p| p.tenant == tenant)
            || self.guests.contains(&(principal.to_owned(), tenant.to_owned()))
    }

    /// Resolves a scope handle (subscription, resource group or resource).
    pub fn scope_chain(&self, scope: &str) -> Option<ScopeChain<'_>> {
        if let Some(s) = self.subscriptions.get(scope) {
            return Some(ScopeChain { subscription: &s.id, resource_group: None, resource: None });
        }
        if let Some(rg) = self.resource_groups.get(scope) {
            return Some(ScopeChain { subscription: &rg.subscription, resource_group: Some(&rg.id), resource: None });
        }
        let (id, rg) = if let Some(v) = self.vaults.get(scope) {
            (&v.id, &v.resource_group)
        } else if let Some(g) = self.guards.get(scope) {
            (&g.id, &g.resource_group)
        } else if let Some(r) = self.identities.get(scope).or_else(|| self.key_vaults.get(scope)) {
            (&r.id, &r.resource_group)
        } else {
            return None;
        };
        let rg = self.resource_groups.get(rg)?;
        Some(ScopeChain { subscription: &rg.subscription, resource_group: Some(&rg.id), resource: Some(id) })
    }

    /// The tenant that holds a scope.
    pub fn tenant_of_scope(&self, scope: &str) -> Option<&str> {
        let chain = self.scope_chain(scope)?;
        self.subscriptions.get(chain.subscription).map(|s| s.tenant.as_str())
    }

    /// The assignments that apply to a principal: its own, then its groups' (R2), in every state.
    pub fn assignments_of<'a>(&'a self, principal: &str) -> impl Iterator<Item = &'a RoleAssignment> + 'a {
        let own = self.assignments.get(principal).into_iter().flatten();
        let via_groups = self.groups_of(principal).iter().filter_map(|g| self.assignments.get(g)).flatten();
        own.chain(via_groups)
    }

    /// The first assignment — the principal's own, then its groups' — that grants `action` at the
    /// scope (R1, R2).
    pub fn find_grant(&self, principal: &str, action: Action, at: &ScopeChain<'_>) -> Option<&RoleAssignment> {
        let now = self.now;
        self.assignments_of(principal).find(|a| at.covered_by(&a.scope) && a.role.grants(action) && a.is_effective(now))
    }

    /// The ARM id of a scope handle.
    pub fn arm_id(&self, scope: &str) -> Option<String> {
        let chain = self.scope_chain(scope)?;
        let sub = &self.subscriptions.get(chain.subscription)?.subscription_id;
        let mut id = format!("/subscriptions/{sub}");
        if let Some(rg) = chain.resource_group {
            id.push_str("/resourceGroups/");
            id.push_str(rg);
        }
        if let Some(res) = chain.resource {
            let ty = if let Some(v) = self.vaults.get(res) {
                v.kind.resource_type()
            } else if self.identities.contains_key(res) {
                "Microsoft.ManagedIdentity/userAssignedIdentities"
            } else if self.key_vaults.contains_key(res) {
                "Microsoft.KeyVault/vaults"
            } else {
                "Microsoft.DataProtection/resourceGuards"
            };
            id.push_str("/providers/");
            id.push_str(ty);
            id.push('/');
            id.push_str(res);
        }
        Some(id)
    }

    /// Finds a guard by handle or by ARM id (case-insensitive), as "Protect with Resource Guard" accepts.
    pub fn resolve_guard(&self, handle_or_uri: &str) -> Option<&ResourceGuard> {
        if let Some(g) = self.guards.get(handle_or_uri) {
            return Some(g);
        }
        self.guards
            .values()
            .find(|g| self.arm_id(&g.id).is_some_and(|id| id.eq_ignore_ascii_case(handle_or_uri.trim_end_matches('/'))))
    }

    /// The guard's isolation from a vault (G10).
    pub fn isolation(&self, vault: &str, guard: &str) -> Option<Isolation> {
        let v = self.scope_chain(vault)?;
        let g = self.scope_chain(guard)?;
        if v.subscription == g.subscription {
            return Some(Isolation::Least);
        }
        let same_tenant = self.tenant_of_scope(vault)? == self.tenant_of_scope(guard)?;
        Some(if same_tenant { Isolation::Medium } else { Isolation::Maximum })
    }

    /// The "Before you start" warnings of G11 for a vault and a guard.
    pub fn posture_warnings(&self, vault: &str, guard: &str) -> Vec<PostureWarning> {
        let mut out = Vec::new();
        let (Some(v), Some(g)) = (self.vaults.get(vault), self.guards.get(guard)) else {
            return out;
        };
        let (Some(vchain), Some(gchain)) = (self.scope_chain(vault), self.scope_chain(guard)) else {
            return out;
        };
        // The Backup admins: whoever may map the guard on this vault.
        let admins = self.principals.values().filter(|p| {
            p.kind != PrincipalKind::Group && self.find_grant(&p.id, v.kind.guard_proxy_write(), &vchain).is_some()
        });
        for admin in admins {
            // Permanent standing access is what the seeds warn about; just-in-time access is the design.
            for a in self.assignments_of(&admin.id) {
                let standing =
                    a.kind == AssignmentType::Active && a.end.is_none() && !matches!(a.origin, Origin::Activation(_));
                if standing && gchain.covered_by(&a.scope) && OVERRIDING_ROLES.contains(&a.role.name) {
                    out.push(PostureWarning::BackupAdminHoldsGuardRole {
                        principal: admin.id.clone(),
                        role: a.role.name,
                        scope: a.scope.clone(),
                    });
                }
            }
        }
        // Seeds: a Recovery Services vault needs both providers; a Backup vault only DataProtection.
        let providers: &[&'static str] = match v.kind {
            VaultKind::RecoveryServices => &BACKUP_PROVIDERS,
            VaultKind::Backup => &BACKUP_PROVIDERS[1..],
        };
        for sub in [vchain.subscription, gchain.subscription] {
            let Some(s) = self.subscriptions.get(sub) else {
                continue;
            };
            for &provider in providers {
                let warning = PostureWarning::ProviderNotRegistered { subscription: s.id.clone(), provider };
                if !s.registered_providers.contains(provider) && !out.contains(&warning) {
                    out.push(warning);
                }
            }
        }
        if v.location != g.location {
            out.push(PostureWarning::RegionMismatch {
                vault_location: v.location.clone(),
                guard_location: g.location.clone(),
            });
        }
        out
    }

    /// User-assigned identities by handle.
    pub fn identities(&self) -> &BTreeMap<Handle, PlainResource> {
        &self.identities
    }

    /// Key Vaults by handle.
    pub fn key_vaults(&self) -> &BTreeMap<Handle, PlainResource> {
        &self.key_vaults
    }

    /// The first effective assignment granting a data action at the scope (I3: Key Vault keys).
    pub fn find_data_grant(&self, principal: &str, data_action: &str, at: &ScopeChain<'_>) -> Option<&RoleAssignment> {
        let now = self.now;
        self.assignments_of(principal)
            .find(|a| at.covered_by(&a.scope) && a.role.permits_data(data_action) && a.is_effective(now))
    }

    /// A principal's display name, or the handle when unknown.
    pub fn display_name<'a>(&'a self, principal: &'a str) -> &'a str {
        self.principals.get(principal).map_or(principal, |p| p.name.as_str())
    }
}
