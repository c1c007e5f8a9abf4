//! The Resource Guard's catalogue of critical operations (SPEC G2) and the isolation levels (G10).

use crate::rbac::Action;

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

    /// The action that maps (writes) the guard proxy.
    pub fn guard_proxy_write(self) -> Action {
        match self {
            VaultKind::RecoveryServices => Action::RsvGuardProxyWrite,
            VaultKind::Backup => Action::BvGuardProxyWrite,
        }
    }
}

/// A critical operation a Resource Guard can protect.
#[derive(Debug, PartialEq, Eq)]
pub struct CriticalOperation {
    /// The scenario name (kebab-case), e.g. `disable-soft-delete`.
    pub name: &'static str,
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

/// Recovery Services vault critical operations (G2).
pub static RSV_OPERATIONS: [CriticalOperation; 8] = [
    CriticalOperation {
        name: "disable-soft-delete",
        portal_name: "Disable soft delete or security features",
        mandatory: true,
        vault_action: Action::RsvBackupConfigWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupconfig/write",
        guard_action: Action::GuardDisableSoftDelete,
        cli_name: None,
    },
    CriticalOperation {
        name: "remove-mua-protection",
        portal_name: "Remove MUA protection",
        mandatory: true,
        vault_action: Action::RsvGuardProxyDelete,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/delete",
        guard_action: Action::GuardDeleteProxy,
        cli_name: None,
    },
    CriticalOperation {
        name: "delete-protection",
        portal_name: "Delete protection",
        mandatory: false,
        vault_action: Action::RsvItemDelete,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete",
        guard_action: Action::GuardDeleteProtectedItem,
        cli_name: Some("deleteProtection"),
    },
    CriticalOperation {
        name: "modify-protection",
        portal_name: "Modify protection (reduced retention)",
        mandatory: false,
        vault_action: Action::RsvItemWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write",
        guard_action: Action::GuardUpdateProtectedItem,
        cli_name: Some("updateProtection"),
    },
    CriticalOperation {
        name: "modify-policy",
        portal_name: "Modify policy (reduced retention)",
        mandatory: false,
        vault_action: Action::RsvPolicyWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupPolicies/write",
        guard_action: Action::GuardUpdatePolicy,
        cli_name: Some("updatePolicy"),
    },
    CriticalOperation {
        name: "get-security-pin",
        portal_name: "Get backup security PIN",
        mandatory: false,
        vault_action: Action::RsvSecurityPin,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action",
        guard_action: Action::GuardGetSecurityPin,
        cli_name: Some("getSecurityPIN"),
    },
    CriticalOperation {
        name: "stop-protection-retain-data",
        portal_name: "Stop backup and retain data",
        mandatory: false,
        vault_action: Action::RsvItemWrite,
        vault_operation: "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write#stopProtectionWithRetainData",
        guard_action: Action::GuardUpdateProtectedItem,
        cli_name: None,
    },
    CriticalOperation {
        name: "disable-immutability",
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
        portal_name: "Disable soft delete",
        mandatory: true,
        vault_action: Action::BvWrite,
        vault_operation: "Microsoft.DataProtection/backupVaults/write#disableSoftDelete",
        guard_action: Action::GuardDisableSoftDelete,
        cli_name: None,
    },
    CriticalOperation {
        name: "remove-mua-protection",
        portal_name: "Remove MUA protection",
        mandatory: true,
        vault_action: Action::BvGuardProxyDelete,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete",
        guard_action: Action::GuardDeleteProxy,
        cli_name: None,
    },
    CriticalOperation {
        name: "delete-backup-instance",
        portal_name: "Delete backup instance",
        mandatory: false,
        vault_action: Action::BvInstanceDelete,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupInstances/delete",
        guard_action: Action::GuardDeleteBackupInstance,
        cli_name: Some("deleteBackupInstance"),
    },
    CriticalOperation {
        name: "stop-backup-retain-forever",
        portal_name: "Stop backup and retain forever",
        mandatory: false,
        vault_action: Action::BvInstanceStopProtection,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action",
        guard_action: Action::GuardStopBackupInstance,
        cli_name: None,
    },
    CriticalOperation {
        name: "stop-backup-retain-as-per-policy",
        portal_name: "Stop backup and retain as per policy",
        mandatory: false,
        vault_action: Action::BvInstanceSuspendBackups,
        vault_operation: "Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action",
        guard_action: Action::GuardStopBackupInstance,
        cli_name: None,
    },
    CriticalOperation {
        name: "disable-immutability",
        portal_name: "Disable immutability",
        mandatory: false,
        vault_action: Action::BvWrite,
        vault_operation: "Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState",
        guard_action: Action::GuardDisableImmutability,
        cli_name: None,
    },
];

/// Finds an operation of a vault kind by scenario name.
pub fn critical_operation(kind: VaultKind, name: &str) -> Option<&'static CriticalOperation> {
    kind.critical_operations().iter().find(|o| o.name == name)
}

/// Whether `name` is a critical operation of any vault kind, and whether it is mandatory there.
pub fn lookup_any_kind(name: &str) -> Option<&'static CriticalOperation> {
    RSV_OPERATIONS.iter().chain(BV_OPERATIONS.iter()).find(|o| o.name == name || o.cli_name == Some(name))
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
