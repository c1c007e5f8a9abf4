//! Events: what changed. A command is decided against the world without changing it; the events it
//! yields are then applied ([`crate::World::apply`]). Replaying the events of a run on its initial
//! world rebuilds the same world.

use chrono::{DateTime, Utc};

use crate::lighthouse::Delegation;
use crate::model::{Handle, Item, PlainResource, Principal, ResourceGroup, ResourceGuard, RoleAssignment, Vault};
use crate::pim::{AuditEntry, Notification, PimRequest, PimSettings};

/// A change to the world. Applying events is the only way the world changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A resource group was created.
    ResourceGroupSaved(ResourceGroup),
    /// A subscription was registered to a resource provider.
    ProviderRegistered {
        /// Subscription.
        subscription: Handle,
        /// The provider's namespace.
        namespace: String,
    },
    /// A vault was created or changed (whole new state).
    VaultSaved(Vault),
    /// A vault was deleted, with its items.
    VaultDeleted(Handle),
    /// An item was created or changed (whole new state).
    ItemSaved(Item),
    /// An item was deleted.
    ItemDeleted(Handle),
    /// A guard was created or changed (whole new state).
    GuardSaved(ResourceGuard),
    /// A guard was deleted.
    GuardDeleted(Handle),
    /// A role was assigned.
    RoleAssigned(RoleAssignment),
    /// A role assignment was removed.
    RoleAssignmentRemoved(RoleAssignment),
    /// A group gained a member.
    GroupMemberAdded {
        /// The group.
        group: Handle,
        /// The member.
        member: Handle,
    },
    /// A group lost a member.
    GroupMemberRemoved {
        /// The group.
        group: Handle,
        /// The member.
        member: Handle,
    },
    /// A user became a guest of a tenant.
    GuestInvited {
        /// User.
        user: Handle,
        /// Tenant.
        tenant: Handle,
    },
    /// A principal got a token for a tenant.
    TokenIssued {
        /// Principal.
        principal: Handle,
        /// Tenant.
        tenant: Handle,
        /// Expiry.
        expires: DateTime<Utc>,
    },
    /// The clock moved.
    ClockAdvanced(DateTime<Utc>),
    /// PIM role settings were saved.
    PimSettingsSaved {
        /// Role id.
        role: String,
        /// Scope.
        scope: Handle,
        /// The new settings.
        settings: PimSettings,
    },
    /// A PIM request was created or changed (whole new state).
    RequestSaved(PimRequest),
    /// A line was added to a tenant's PIM audit history.
    Audited(AuditEntry),
    /// A principal was notified.
    Notified(Notification),
    /// A Lighthouse delegation was registered.
    DelegationSaved(Delegation),
    /// A principal (a managed identity) was created or changed.
    PrincipalSaved(Principal),
    /// A principal was removed, with its role assignments.
    PrincipalRemoved(Handle),
    /// A user-assigned identity resource was created.
    IdentitySaved(PlainResource),
    /// A Key Vault was created.
    KeyVaultSaved(PlainResource),
}
