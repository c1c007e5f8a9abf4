//! The objects of the simulated world (SPEC §2): tenants, principals, subscriptions, resource
//! groups, vaults, protected items, Resource Guards and role assignments, as plain data. The
//! [`crate::World`] holds them.

use chrono::{DateTime, Utc};

use crate::critical_operations::VaultKind;
use crate::rbac::RoleDefinition;
use crate::table::Set;

/// A handle: the scenario's name for an object (`vault1`, `bob`).
pub type Handle = String;

/// Azure resource tags: name → value.
pub type Tags = crate::table::Table<String, String>;

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
    /// The user principal name (users only; empty for others): the file's `sign_in_name`, else
    /// `<handle>@<home tenant's domain>` (SPEC §2). See [`World::sign_in_name_in`](crate::World::sign_in_name_in)
    /// for how a guest shows in another directory.
    pub sign_in_name: String,
    /// The users who may change the members (groups only).
    pub owners: Vec<Handle>,
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
    pub registered_providers: Set<String>,
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
    /// Soft delete is always on (enhanced soft delete): it can no longer be turned off.
    pub soft_delete_always_on: bool,
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
    pub user_identities: Set<Handle>,
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
    /// Critical operations excluded (disabled) by the Security admin: the ARM operation strings of
    /// `vaultCriticalOperationExclusionList`, so each belongs to one vault kind (G2a).
    pub excluded: Set<String>,
    /// Tags.
    pub tags: Tags,
    /// Who made it and last changed it, and when (ARM's `systemData`).
    pub changed: Changed,
}

/// Who made an object and who last changed it, and when: ARM's `systemData`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changed {
    /// The principal that created it.
    pub created_by: Handle,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The principal that last changed it.
    pub modified_by: Handle,
    /// When.
    pub modified_at: DateTime<Utc>,
}

impl Changed {
    /// Made by `who` at `at`.
    pub fn new(who: &str, at: DateTime<Utc>) -> Changed {
        Changed { created_by: who.to_owned(), created_at: at, modified_by: who.to_owned(), modified_at: at }
    }

    /// Changed by `who` at `at`.
    #[must_use]
    pub fn by(&self, who: &str, at: DateTime<Utc>) -> Changed {
        Changed { modified_by: who.to_owned(), modified_at: at, ..self.clone() }
    }
}

impl ResourceGuard {
    /// The guard's critical operations for a vault kind, each with whether it is protected: the
    /// `resourceGuardOperations` az's `list-protected-operations` prints.
    pub fn operations(
        &self,
        kind: VaultKind,
    ) -> impl Iterator<Item = (&'static crate::critical_operations::CriticalOperation, bool)> + '_ {
        kind.critical_operations().iter().map(|op| (op, op.is_protected_under(&self.excluded)))
    }
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

    /// Where it stands at `now`, as Access control (IAM) shows it.
    pub fn status(&self, now: DateTime<Utc>) -> AssignmentStatus {
        match (self.kind, self.end) {
            (AssignmentType::Eligible, _) => AssignmentStatus::Eligible,
            (AssignmentType::Active, Some(end)) if end <= now => AssignmentStatus::Expired,
            (AssignmentType::Active, _) if self.start.is_some_and(|s| now < s) => AssignmentStatus::NotStarted,
            (AssignmentType::Active, end) => AssignmentStatus::Active { until: end },
        }
    }
}

/// Where an assignment stands at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignmentStatus {
    /// Eligible: grants nothing until activated.
    Eligible,
    /// Grants access, permanently (`None`) or until a time.
    Active {
        /// End of the window.
        until: Option<DateTime<Utc>>,
    },
    /// Its window has not started.
    NotStarted,
    /// Its window ended.
    Expired,
}

/// Whether a principal can act in a directory right now (G9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    /// The directory of the resource it acts from (or its home): no extra token is needed.
    SameDirectory,
    /// A token valid until this time.
    Valid(DateTime<Utc>),
    /// The token expired at this time.
    Expired(DateTime<Utc>),
    /// No token.
    Missing,
    /// A token the request itself carries (a command line's `--tenant-id` or `-Token`).
    Carried,
}

/// The tokens a request acts with (G9, SPEC §10).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    /// The portal's: the directories the person signed in to (`authenticate`), while valid.
    #[default]
    Directories,
    /// A command line's: a token for each directory the request names (az `--tenant-id`,
    /// PowerShell `-Token`) and none other, whatever the portal holds.
    PerRequest(Vec<Carried>),
    /// A command line's request whose auxiliary token is not an access token (what it sent: a
    /// SecureString given to a string `-Token` is sent as `System.Security.SecureString`).
    /// Azure Resource Manager refuses it before any other check (`InvalidAuthenticationToken`).
    Malformed(String),
}

/// A token a command line sends with its request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Carried {
    /// The directory it is for.
    pub tenant: Handle,
    /// When it expires: a PowerShell `-Token` from `Get-AzAccessToken` an hour after it was got;
    /// `None` for a token the tool gets for the request itself (az `--tenant-id`, the addressed
    /// directory's token).
    pub expires: Option<DateTime<Utc>>,
}

impl Carried {
    /// A token the tool gets for this very request.
    pub fn fresh(tenant: impl Into<Handle>) -> Carried {
        Carried { tenant: tenant.into(), expires: None }
    }
}

impl TokenStatus {
    /// Whether the principal can act there now.
    pub fn is_usable(self) -> bool {
        matches!(self, TokenStatus::SameDirectory | TokenStatus::Valid(_) | TokenStatus::Carried)
    }

    /// How a trace tells it for a token to `tenant`: nothing needed (`Ok(None)`), the valid token
    /// (`Ok(Some(..))`), or why it is not usable (`Err(..)`).
    pub fn describe(self, tenant: &str) -> Result<Option<String>, String> {
        match self {
            TokenStatus::SameDirectory => Ok(None),
            TokenStatus::Valid(until) => {
                Ok(Some(["valid token for `", tenant, "` until ", &crate::duration::when(until)].concat()))
            }
            TokenStatus::Expired(at) => Err(format!("the token expired at {}", crate::duration::when(at))),
            TokenStatus::Missing => Err("no token".to_owned()),
            TokenStatus::Carried => Ok(Some(["a token for `", tenant, "` carried by the request"].concat())),
        }
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
