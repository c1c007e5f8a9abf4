//! Commands (what a principal asks for) and events (what changed). A command is decided against the
//! world without changing it; the events it yields are then applied. Replaying the events of a run on
//! its initial world rebuilds the same world.

use chrono::{DateTime, Utc};

use chrono::TimeDelta;

use crate::lighthouse::Delegation;
use crate::model::{
    AssignmentType, Handle, IdentityRef, Item, PlainResource, Principal, ResourceGuard, RoleAssignment, Vault,
};
use crate::mua::VaultKind;
use crate::pim::{AuditEntry, Notification, PimRequest, PimSettings, SettingsChange};

/// A command, executed as a principal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Create a vault in a resource group.
    CreateVault {
        /// New handle.
        id: Handle,
        /// Kind.
        kind: VaultKind,
        /// Resource group.
        resource_group: Handle,
        /// Location; the RG's when absent.
        location: Option<String>,
        /// Identity at creation: `system` (refused, I1) or a user-assigned identity handle (I2).
        identity: Option<String>,
    },
    /// Delete a vault.
    DeleteVault {
        /// Vault.
        vault: Handle,
    },
    /// Protect a datasource in a vault (new protected item / backup instance).
    ConfigureBackup {
        /// New item handle.
        id: Handle,
        /// Vault.
        vault: Handle,
        /// What to protect.
        datasource: String,
    },
    /// Create a Resource Guard.
    CreateResourceGuard {
        /// New handle.
        id: Handle,
        /// Resource group.
        resource_group: Handle,
        /// Location; the RG's when absent.
        location: Option<String>,
        /// Description shown on linked vaults.
        description: String,
    },
    /// Set the guard's excluded (disabled) operations.
    UpdateResourceGuard {
        /// Guard.
        guard: Handle,
        /// Operation names to exclude; every other operation is protected.
        excluded_operations: Vec<String>,
    },
    /// Delete a Resource Guard.
    DeleteResourceGuard {
        /// Guard.
        guard: Handle,
    },
    /// Assign a role.
    AssignRole {
        /// Principal.
        principal: Handle,
        /// Role name or GUID.
        role: String,
        /// Scope handle.
        scope: Handle,
    },
    /// Remove a role assignment.
    RemoveRoleAssignment {
        /// Principal.
        principal: Handle,
        /// Role name or GUID.
        role: String,
        /// Scope handle.
        scope: Handle,
    },
    /// Invite a user as a B2B guest into a tenant.
    InviteGuest {
        /// User.
        user: Handle,
        /// Tenant.
        tenant: Handle,
    },
    /// Get a token for a tenant ("Authenticate" to that directory).
    Authenticate {
        /// Tenant.
        tenant: Handle,
    },
    /// Protect a vault with a Resource Guard.
    EnableMua {
        /// Vault.
        vault: Handle,
        /// Guard handle or ARM id.
        guard: String,
    },
    /// Remove the vault's Resource Guard mapping (protected).
    DisableMua {
        /// Vault.
        vault: Handle,
    },
    /// Disable soft delete (protected).
    DisableSoftDelete {
        /// Vault.
        vault: Handle,
    },
    /// Enable soft delete (not protected).
    EnableSoftDelete {
        /// Vault.
        vault: Handle,
    },
    /// Modify the vault's backup policy.
    ModifyPolicy {
        /// Vault.
        vault: Handle,
        /// Whether retention goes down (only then is it protected).
        reduce_retention: bool,
    },
    /// Modify an item's protection.
    ModifyProtection {
        /// Item.
        item: Handle,
        /// Whether retention goes down (only then is it protected).
        reduce_retention: bool,
    },
    /// Stop protection and delete data (RSV).
    DeleteProtection {
        /// Item.
        item: Handle,
    },
    /// Stop protection and retain data (RSV).
    StopProtectionRetainData {
        /// Item.
        item: Handle,
    },
    /// Generate the security PIN (RSV).
    GetSecurityPin {
        /// Vault.
        vault: Handle,
    },
    /// Disable immutability.
    DisableImmutability {
        /// Vault.
        vault: Handle,
    },
    /// Delete a backup instance (BV).
    DeleteBackupInstance {
        /// Item.
        item: Handle,
    },
    /// Stop backup and retain forever (BV).
    StopBackupRetainForever {
        /// Item.
        item: Handle,
    },
    /// Stop backup and retain as per policy (BV).
    StopBackupRetainAsPerPolicy {
        /// Item.
        item: Handle,
    },
    /// Back up now (not protected).
    TriggerBackup {
        /// Item.
        item: Handle,
    },
    /// Restore (not protected).
    Restore {
        /// Item.
        item: Handle,
    },
    /// PIM: add an eligible or active assignment (P1).
    PimAssign {
        /// Principal.
        principal: Handle,
        /// Role name or GUID.
        role: String,
        /// Scope.
        scope: Handle,
        /// Eligible or active.
        kind: AssignmentType,
        /// Start; now when absent.
        start: Option<DateTime<Utc>>,
        /// End; permanent or the settings' maximum when absent.
        end: Option<DateTime<Utc>>,
        /// Justification (active assignments may require it).
        justification: String,
        /// Whether the admin completed MFA (active assignments may require it).
        mfa: bool,
    },
    /// PIM: remove assignments of a type.
    PimRemoveAssignment {
        /// Principal.
        principal: Handle,
        /// Role name or GUID.
        role: String,
        /// Scope.
        scope: Handle,
        /// Eligible or active.
        kind: AssignmentType,
    },
    /// PIM: edit role settings (P2).
    PimUpdateSettings {
        /// Role name or GUID.
        role: String,
        /// Scope.
        scope: Handle,
        /// The changes.
        change: SettingsChange,
    },
    /// PIM: activate an eligible role (P3).
    PimActivate {
        /// New request handle.
        id: Handle,
        /// Role name or GUID.
        role: String,
        /// Scope.
        scope: Handle,
        /// Duration.
        duration: TimeDelta,
        /// Justification.
        justification: String,
        /// Ticket information.
        ticket: Option<String>,
        /// Whether the user completed MFA.
        mfa: bool,
    },
    /// PIM: approve a pending request (P4).
    PimApprove {
        /// Request.
        request: Handle,
        /// Justification.
        justification: String,
    },
    /// PIM: deny a pending request (P4).
    PimDeny {
        /// Request.
        request: Handle,
        /// Justification.
        justification: String,
    },
    /// PIM: the requester cancels a pending request (P4).
    PimCancel {
        /// Request.
        request: Handle,
    },
    /// PIM: end one's activation early (P5).
    PimDeactivate {
        /// Role name or GUID.
        role: String,
        /// Scope.
        scope: Handle,
    },
    /// PIM: request extension of one's time-bound assignment (P6).
    PimExtend {
        /// New request handle.
        id: Handle,
        /// Role name or GUID.
        role: String,
        /// Scope.
        scope: Handle,
        /// Which assignment (eligible by default).
        kind: AssignmentType,
        /// Justification.
        justification: String,
    },
    /// PIM: request renewal of one's expired assignment (P6).
    PimRenew {
        /// New request handle.
        id: Handle,
        /// Role name or GUID.
        role: String,
        /// Scope.
        scope: Handle,
        /// Which assignment (eligible by default).
        kind: AssignmentType,
        /// Justification.
        justification: String,
    },
    /// Turn a vault's system-assigned identity on (I1).
    EnableSystemIdentity {
        /// Vault.
        vault: Handle,
    },
    /// Turn a vault's system-assigned identity off (I1).
    DisableSystemIdentity {
        /// Vault.
        vault: Handle,
    },
    /// Create a user-assigned identity (I2).
    CreateUserIdentity {
        /// New handle.
        id: Handle,
        /// Resource group.
        resource_group: Handle,
    },
    /// Attach a user-assigned identity to a vault (I2).
    AttachUserIdentity {
        /// Vault.
        vault: Handle,
        /// Identity.
        identity: Handle,
    },
    /// Detach a user-assigned identity from a vault (I2).
    DetachUserIdentity {
        /// Vault.
        vault: Handle,
        /// Identity.
        identity: Handle,
    },
    /// Create a Key Vault (holds encryption keys).
    CreateKeyVault {
        /// New handle.
        id: Handle,
        /// Resource group.
        resource_group: Handle,
    },
    /// Encrypt a vault's backups with a customer-managed key, reached through an identity (I3).
    ConfigureEncryption {
        /// Vault.
        vault: Handle,
        /// Key Vault.
        key_vault: Handle,
        /// `system` or a user-assigned identity handle.
        identity: IdentityRef,
    },
    /// Lighthouse: onboard a managing tenant on a subscription or resource group (L1).
    LighthouseOnboard {
        /// New delegation handle.
        id: Handle,
        /// The delegated scope (subscription or resource group).
        scope: Handle,
        /// The ARM parameters file (or its `parameters` object), parsed when decided.
        parameters: serde_json::Value,
    },
    /// Lighthouse: activate an eligible authorization (L8).
    LighthouseActivate {
        /// New request handle.
        id: Handle,
        /// Delegation.
        delegation: Handle,
        /// Role name or GUID.
        role: String,
        /// Duration; the policy's maximum when absent.
        duration: Option<TimeDelta>,
        /// Justification.
        justification: String,
        /// Whether the user completed MFA.
        mfa: bool,
    },
}

impl Command {
    /// The scenario action name (`do`).
    pub fn action_name(&self) -> &'static str {
        match self {
            Command::CreateVault { .. } => "create_vault",
            Command::DeleteVault { .. } => "delete_vault",
            Command::ConfigureBackup { .. } => "configure_backup",
            Command::CreateResourceGuard { .. } => "create_resource_guard",
            Command::UpdateResourceGuard { .. } => "update_resource_guard",
            Command::DeleteResourceGuard { .. } => "delete_resource_guard",
            Command::AssignRole { .. } => "assign_role",
            Command::RemoveRoleAssignment { .. } => "remove_role_assignment",
            Command::InviteGuest { .. } => "invite_guest",
            Command::Authenticate { .. } => "authenticate",
            Command::EnableMua { .. } => "enable_mua",
            Command::DisableMua { .. } => "disable_mua",
            Command::DisableSoftDelete { .. } => "disable_soft_delete",
            Command::EnableSoftDelete { .. } => "enable_soft_delete",
            Command::ModifyPolicy { .. } => "modify_policy",
            Command::ModifyProtection { .. } => "modify_protection",
            Command::DeleteProtection { .. } => "delete_protection",
            Command::StopProtectionRetainData { .. } => "stop_protection_retain_data",
            Command::GetSecurityPin { .. } => "get_security_pin",
            Command::DisableImmutability { .. } => "disable_immutability",
            Command::DeleteBackupInstance { .. } => "delete_backup_instance",
            Command::StopBackupRetainForever { .. } => "stop_backup_retain_forever",
            Command::StopBackupRetainAsPerPolicy { .. } => "stop_backup_retain_as_per_policy",
            Command::TriggerBackup { .. } => "trigger_backup",
            Command::Restore { .. } => "restore",
            Command::PimAssign { .. } => "pim_assign",
            Command::PimRemoveAssignment { .. } => "pim_remove_assignment",
            Command::PimUpdateSettings { .. } => "pim_update_settings",
            Command::PimActivate { .. } => "pim_activate",
            Command::PimApprove { .. } => "pim_approve",
            Command::PimDeny { .. } => "pim_deny",
            Command::PimCancel { .. } => "pim_cancel",
            Command::PimDeactivate { .. } => "pim_deactivate",
            Command::PimExtend { .. } => "pim_extend",
            Command::PimRenew { .. } => "pim_renew",
            Command::EnableSystemIdentity { .. } => "enable_system_identity",
            Command::DisableSystemIdentity { .. } => "disable_system_identity",
            Command::CreateUserIdentity { .. } => "create_user_identity",
            Command::AttachUserIdentity { .. } => "attach_user_identity",
            Command::DetachUserIdentity { .. } => "detach_user_identity",
            Command::CreateKeyVault { .. } => "create_key_vault",
            Command::ConfigureEncryption { .. } => "configure_encryption",
            Command::LighthouseOnboard { .. } => "lighthouse_onboard",
            Command::LighthouseActivate { .. } => "lighthouse_activate",
        }
    }

    /// The activity log's operation name.
    pub fn label(&self) -> &'static str {
        match self {
            Command::CreateVault { .. } => "Create or update vault",
            Command::DeleteVault { .. } => "Delete vault",
            Command::ConfigureBackup { .. } => "Configure backup",
            Command::CreateResourceGuard { .. } => "Create Resource Guard",
            Command::UpdateResourceGuard { .. } => "Update Resource Guard",
            Command::DeleteResourceGuard { .. } => "Delete Resource Guard",
            Command::AssignRole { .. } => "Create role assignment",
            Command::RemoveRoleAssignment { .. } => "Delete role assignment",
            Command::InviteGuest { .. } => "Invite external user",
            Command::Authenticate { .. } => "Sign in to directory",
            Command::EnableMua { .. } => "Update Resource Guard proxy",
            Command::DisableMua { .. } => "Delete Resource Guard proxy",
            Command::DisableSoftDelete { .. } => "Disable soft delete",
            Command::EnableSoftDelete { .. } => "Enable soft delete",
            Command::ModifyPolicy { .. } => "Modify backup policy",
            Command::ModifyProtection { .. } => "Modify protection",
            Command::DeleteProtection { .. } => "Stop protection and delete data",
            Command::StopProtectionRetainData { .. } => "Stop protection and retain data",
            Command::GetSecurityPin { .. } => "Generate security PIN",
            Command::DisableImmutability { .. } => "Disable immutability",
            Command::DeleteBackupInstance { .. } => "Delete backup instance",
            Command::StopBackupRetainForever { .. } => "Stop backup and retain forever",
            Command::StopBackupRetainAsPerPolicy { .. } => "Stop backup and retain as per policy",
            Command::TriggerBackup { .. } => "Back up now",
            Command::Restore { .. } => "Restore",
            Command::PimAssign { .. } => "Add role assignment (PIM)",
            Command::PimRemoveAssignment { .. } => "Remove role assignment (PIM)",
            Command::PimUpdateSettings { .. } => "Update role settings (PIM)",
            Command::PimActivate { .. } => "Activate role (PIM)",
            Command::PimApprove { .. } => "Approve request (PIM)",
            Command::PimDeny { .. } => "Deny request (PIM)",
            Command::PimCancel { .. } => "Cancel request (PIM)",
            Command::PimDeactivate { .. } => "Deactivate role (PIM)",
            Command::PimExtend { .. } => "Extend role assignment (PIM)",
            Command::PimRenew { .. } => "Renew role assignment (PIM)",
            Command::EnableSystemIdentity { .. } => "Enable system-assigned identity",
            Command::DisableSystemIdentity { .. } => "Disable system-assigned identity",
            Command::CreateUserIdentity { .. } => "Create user-assigned identity",
            Command::AttachUserIdentity { .. } => "Add user-assigned identity",
            Command::DetachUserIdentity { .. } => "Remove user-assigned identity",
            Command::CreateKeyVault { .. } => "Create key vault",
            Command::ConfigureEncryption { .. } => "Update encryption settings",
            Command::LighthouseOnboard { .. } => "Register managed services delegation",
            Command::LighthouseActivate { .. } => "Activate eligible role (Lighthouse)",
        }
    }
}

/// A change to the world. Applying events is the only way the world changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
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
