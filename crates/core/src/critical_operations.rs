//! The Resource Guard's catalogue of critical operations (SPEC G2) and the isolation levels (G10).
//!
//! Each row says which command performs the operation, what it needs on the vault and on the guard,
//! and what it does once allowed: the decision for every critical operation is driven by this table.

use crate::rbac::Action;
use crate::table::Set;

/// The two kinds of vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum VaultKind {
    /// `Microsoft.RecoveryServices/vaults`.
    RecoveryServices,
    /// `Microsoft.DataProtection/backupVaults`.
    Backup,
}

impl VaultKind {
    /// The ARM resource type.
    pub fn resource_type(self) -> &'static str {
        match self {
            VaultKind::RecoveryServices => "Microsoft.RecoveryServices/vaults",
            VaultKind::Backup => "Microsoft.DataProtection/backupVaults",
        }
    }

    /// The portal's name of the kind.
    pub fn portal_name(self) -> &'static str {
        match self {
            VaultKind::RecoveryServices => "Recovery Services vault",
            VaultKind::Backup => "Backup vault",
        }
    }

    /// The scenario name (`recovery_services` / `backup`).
    pub fn scenario_name(self) -> &'static str {
        match self {
            VaultKind::RecoveryServices => "recovery_services",
            VaultKind::Backup => "backup",
        }
    }

    /// The critical operations of this kind.
    pub fn critical_operations(self) -> &'static [CriticalOperation] {
        match self {
            VaultKind::RecoveryServices => &RSV_OPERATIONS,
            VaultKind::Backup => &BV_OPERATIONS,
        }
    }

    /// The operations the Resource Guard create wizard's *Protected operations* tab lists for this
    /// kind: every one of a Recovery Services vault's; of a Backup vault's, the mandatory ones and
    /// *Delete backup instance* (seed, mua-resource-guard-howto: "Currently, the Protected
    /// operations tab includes only the Delete backup instance option to disable"). The guard's
    /// Properties then offer every optional operation of each kind.
    pub fn operations_at_guard_creation(self) -> impl Iterator<Item = &'static CriticalOperation> {
        self.critical_operations().iter().filter(move |op| {
            self == VaultKind::RecoveryServices || op.mandatory || op.name == "delete-backup-instance"
        })
    }

    /// Create or update a vault of this kind (also: its identities and encryption, I4).
    pub fn write_action(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvWrite,
            VaultKind::Backup => Action::BvWrite,
        }
    }

    /// Delete a vault of this kind.
    pub fn delete_action(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvDelete,
            VaultKind::Backup => Action::BvDelete,
        }
    }

    /// Protect a datasource (new protected item / backup instance).
    pub fn item_write_action(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvItemWrite,
            VaultKind::Backup => Action::BvInstanceWrite,
        }
    }

    /// Back up now.
    pub fn backup_action(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvItemBackup,
            VaultKind::Backup => Action::BvInstanceBackup,
        }
    }

    /// Restore.
    pub fn restore_action(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvItemRestore,
            VaultKind::Backup => Action::BvInstanceRestore,
        }
    }

    /// Enable soft delete (the same setting's write, which is not protected when raising security).
    pub fn security_settings_action(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvBackupConfigWrite,
            VaultKind::Backup => Action::BvWrite,
        }
    }

    /// The action that maps (writes) the guard proxy.
    pub fn guard_proxy_write(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvGuardProxyWrite,
            VaultKind::Backup => Action::BvGuardProxyWrite,
        }
    }
}

/// What a critical operation does once it is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Soft delete goes off.
    DisableSoftDelete,
    /// The vault's Resource Guard mapping goes away.
    RemoveMuaProtection,
    /// The item and its data go away.
    DeleteItem,
    /// Protection stops; the data is retained (RSV) or retained forever (BV).
    StopRetainData,
    /// Backups are suspended; the data is retained as per policy (BV).
    StopRetainAsPerPolicy,
    /// The item's retention is reduced.
    ReduceItemRetention,
    /// The policy's retention is reduced.
    ReducePolicyRetention,
    /// A security PIN is generated.
    GenerateSecurityPin,
    /// Immutability goes off.
    DisableImmutability,
}

/// Whether an operation acts on the vault or on one of its items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The vault (the command's `vault` field).
    Vault,
    /// A protected item / backup instance (the command's `item` field).
    Item,
}

/// A critical operation a Resource Guard can protect.
#[derive(Debug, PartialEq, Eq)]
pub struct CriticalOperation {
    /// The exclusion name (kebab-case), e.g. `disable-soft-delete`.
    pub name: &'static str,
    /// The scenario action (command) that performs it, e.g. `disable_soft_delete`.
    pub action: &'static str,
    /// What it acts on.
    pub target: Target,
    /// What it does once allowed.
    pub effect: Effect,
    /// The portal's name.
    pub portal_name: &'static str,
    /// Mandatory operations cannot be excluded.
    pub mandatory: bool,
    /// The vault-side ARM operation checked by RBAC.
    pub vault_action: Action,
    /// The vault operation as shown by the portal (may carry a `#` qualifier).
    pub vault_operation: &'static str,
    /// The guard-side request action checked on the guard scope.
    pub guard_action: Action,
    /// The az CLI exclusion name, where there is one.
    pub cli_name: Option<&'static str>,
}

impl CriticalOperation {
    /// Whether a guard with these exclusions (ARM operation strings, G2a) protects the operation:
    /// mandatory operations always, optional ones unless excluded (G2).
    pub fn is_protected_under(&self, excluded: &Set<String>) -> bool {
        self.mandatory || !excluded.contains(self.vault_operation)
    }

    /// Whether `name` names this operation in one of the seeds' notations (G2a): the scenario's
    /// kebab name, the az CLI name (any case), or the ARM operation string PowerShell lists (any case).
    pub fn is_named(&self, name: &str) -> bool {
        self.name == name
            || self.cli_name.is_some_and(|cli| cli.eq_ignore_ascii_case(name))
            || self.vault_operation.eq_ignore_ascii_case(name)
    }
}

/// Recovery Services vault critical operations (G2).
pub static RSV_OPERATIONS: [CriticalOperation; 8] = [
    CriticalOperation {
        name: "disable-soft-delete",
        action: "disable_soft_delete",
        target: Target::Vault,
        effect: Effect::DisableSoftDelete,
        portal_name: "Disable soft delete or security features",
        mandatory: true,
        vault_action: Action::RsvBackupConfigWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupconfig/write",
        guard_action: Action::GuardDisableSoftDelete,
        cli_name: None,
    },
    CriticalOperation {
        name: "remove-mua-protection",
        action: "disable_mua",
        target: Target::Vault,
        effect: Effect::RemoveMuaProtection,
        portal_name: "Remove MUA protection",
        mandatory: true,
        vault_action: Action::RsvGuardProxyDelete,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/delete",
        guard_action: Action::GuardDeleteProxy,
        cli_name: None,
    },
    CriticalOperation {
        name: "delete-protection",
        action: "delete_protection",
        target: Target::Item,
        effect: Effect::DeleteItem,
        portal_name: "Delete protection",
        mandatory: false,
        vault_action: Action::RsvItemDelete,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete",
        guard_action: Action::GuardDeleteProtectedItem,
        cli_name: Some("deleteProtection"),
    },
    CriticalOperation {
        name: "modify-protection",
        action: "modify_protection",
        target: Target::Item,
        effect: Effect::ReduceItemRetention,
        portal_name: "Modify protection (reduced retention)",
        mandatory: false,
        vault_action: Action::RsvItemWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write",
        guard_action: Action::GuardUpdateProtectedItem,
        cli_name: Some("updateProtection"),
    },
    CriticalOperation {
        name: "modify-policy",
        action: "modify_policy",
        target: Target::Vault,
        effect: Effect::ReducePolicyRetention,
        portal_name: "Modify policy (reduced retention)",
        mandatory: false,
        vault_action: Action::RsvPolicyWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupPolicies/write",
        guard_action: Action::GuardUpdatePolicy,
        cli_name: Some("updatePolicy"),
    },
    CriticalOperation {
        name: "get-security-pin",
        action: "get_security_pin",
        target: Target::Vault,
        effect: Effect::GenerateSecurityPin,
        portal_name: "Get backup security PIN",
        mandatory: false,
        vault_action: Action::RsvSecurityPin,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action",
        guard_action: Action::GuardGetSecurityPin,
        cli_name: Some("getSecurityPIN"),
    },
    CriticalOperation {
        name: "stop-protection-retain-data",
        action: "stop_protection_retain_data",
        target: Target::Item,
        effect: Effect::StopRetainData,
        portal_name: "Stop protection and retain data",
        mandatory: false,
        vault_action: Action::RsvItemWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write#stopProtectionWithRetainData",
        guard_action: Action::GuardUpdateProtectedItem,
        cli_name: None,
    },
    CriticalOperation {
        name: "disable-immutability",
        action: "disable_immutability",
        target: Target::Vault,
        effect: Effect::DisableImmutability,
        portal_name: "Disable immutability",
        mandatory: false,
        vault_action: Action::RsvWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/write#reduceImmutabilityState",
        guard_action: Action::GuardDisableImmutability,
        cli_name: None,
    },
];

/// Backup vault critical operations (G2).
pub static BV_OPERATIONS: [CriticalOperation; 6] = [
    CriticalOperation {
        name: "disable-soft-delete",
        action: "disable_soft_delete",
        target: Target::Vault,
        effect: Effect::DisableSoftDelete,
        portal_name: "Disable soft delete",
        mandatory: true,
        vault_action: Action::BvWrite,
        vault_operation: "Microsoft.DataProtection/backupVaults/write#disableSoftDelete",
        guard_action: Action::GuardDisableSoftDelete,
        cli_name: None,
    },
    CriticalOperation {
        name: "remove-mua-protection",
        action: "disable_mua",
        target: Target::Vault,
        effect: Effect::RemoveMuaProtection,
        portal_name: "Remove MUA protection",
        mandatory: true,
        vault_action: Action::BvGuardProxyDelete,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete",
        guard_action: Action::GuardDeleteProxy,
        cli_name: None,
    },
    CriticalOperation {
        name: "delete-backup-instance",
        action: "delete_backup_instance",
        target: Target::Item,
        effect: Effect::DeleteItem,
        portal_name: "Delete backup instance",
        mandatory: false,
        vault_action: Action::BvInstanceDelete,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupInstances/delete",
        guard_action: Action::GuardDeleteBackupInstance,
        cli_name: Some("deleteBackupInstance"),
    },
    CriticalOperation {
        name: "stop-backup-retain-forever",
        action: "stop_backup_retain_forever",
        target: Target::Item,
        effect: Effect::StopRetainData,
        portal_name: "Stop backup and retain forever",
        mandatory: false,
        vault_action: Action::BvInstanceStopProtection,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action",
        guard_action: Action::GuardStopBackupInstance,
        cli_name: None,
    },
    CriticalOperation {
        name: "stop-backup-retain-as-per-policy",
        action: "stop_backup_retain_as_per_policy",
        target: Target::Item,
        effect: Effect::StopRetainAsPerPolicy,
        portal_name: "Stop backup and retain as per policy",
        mandatory: false,
        vault_action: Action::BvInstanceSuspendBackups,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action",
        guard_action: Action::GuardStopBackupInstance,
        cli_name: None,
    },
    CriticalOperation {
        name: "disable-immutability",
        action: "disable_immutability",
        target: Target::Vault,
        effect: Effect::DisableImmutability,
        portal_name: "Disable immutability",
        mandatory: false,
        vault_action: Action::BvWrite,
        vault_operation: "Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState",
        guard_action: Action::GuardDisableImmutability,
        cli_name: None,
    },
];

/// Finds an operation of a vault kind by exclusion name.
pub fn critical_operation(kind: VaultKind, name: &str) -> Option<&'static CriticalOperation> {
    kind.critical_operations().iter().find(|o| o.name == name)
}

/// Every critical operation of both vault kinds.
pub fn all_operations() -> impl Iterator<Item = &'static CriticalOperation> {
    RSV_OPERATIONS.iter().chain(BV_OPERATIONS.iter())
}

/// The operations `name` names (G2a), of one vault kind or of both: a kebab or az name can name an
/// operation of each kind, an ARM operation string names one.
pub fn named_operations(name: &str, kind: Option<VaultKind>) -> Vec<&'static CriticalOperation> {
    match kind {
        Some(kind) => kind.critical_operations().iter().filter(|o| o.is_named(name)).collect(),
        None => all_operations().filter(|o| o.is_named(name)).collect(),
    }
}

impl VaultKind {
    /// A vault kind by its scenario name or its ARM resource type (any case), as az's
    /// `--resource-type` gives it.
    pub fn parse(text: &str) -> Option<VaultKind> {
        [VaultKind::RecoveryServices, VaultKind::Backup]
            .into_iter()
            .find(|k| k.scenario_name() == text || k.resource_type().eq_ignore_ascii_case(text))
    }
}

/// How far the guard is from the vault (G10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Isolation {
    /// Guard in the vault's subscription.
    Least,
    /// Different subscription, same tenant.
    Medium,
    /// Different tenant.
    Maximum,
}

impl Isolation {
    /// The portal-like label.
    pub fn label(self) -> &'static str {
        match self {
            Isolation::Least => "Least isolation: the Resource Guard is in the vault's subscription",
            Isolation::Medium => "Medium isolation: the Resource Guard is in another subscription of the same tenant",
            Isolation::Maximum => "Maximum isolation: the Resource Guard is in another tenant",
        }
    }
}
