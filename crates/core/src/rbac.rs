//! Azure RBAC (SPEC §3): built-in role definitions with their published action lists, wildcard
//! matching, and the catalogue of ARM actions the simulator checks.
//!
//! Matching (R1): a pattern matches an action case-insensitively, `*` standing for any run of
//! characters, `/` included (`Microsoft.DataProtection/*/action` matches
//! `Microsoft.DataProtection/resourceGuards/disableSoftDeleteRequests/action`). A role grants an
//! action when some `actions` pattern matches and no `notActions` pattern does.
//!
//! Every action the simulator ever checks is an [`Action`]; each role's grants are computed once
//! into a bitmask, so a permission check is a bit test.

use std::sync::OnceLock;

macro_rules! actions {
    ($($(#[$doc:meta])* $name:ident = $s:literal,)*) => {
        /// An ARM action the simulator checks.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Action { $($(#[$doc])* $name,)* }

        impl Action {
            /// Every action, in declaration order.
            pub const ALL: &'static [Action] = &[$(Action::$name,)*];

            /// The ARM operation string.
            pub fn as_str(self) -> &'static str {
                match self { $(Action::$name => $s,)* }
            }
        }
    };
}

actions! {
    /// Read a Recovery Services vault.
    RsvRead = "Microsoft.RecoveryServices/vaults/read",
    /// Read the Resource Guard mapping of a Recovery Services vault.
    RsvGuardProxyRead = "Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/read",
    /// Read a Backup vault.
    BvRead = "Microsoft.DataProtection/backupVaults/read",
    /// Read the Resource Guard mapping of a Backup vault.
    BvGuardProxyRead = "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/read",
    /// List role assignments.
    RoleAssignmentRead = "Microsoft.Authorization/roleAssignments/read",
    /// Read a resource group (`az group show|list`, `Get-AzResourceGroup`).
    ResourceGroupRead = "Microsoft.Resources/subscriptions/resourceGroups/read",
    /// Create or update a resource group.
    ResourceGroupWrite = "Microsoft.Resources/subscriptions/resourceGroups/write",
    /// Register a subscription to the Recovery Services provider.
    RecoveryServicesRegister = "Microsoft.RecoveryServices/register/action",
    /// Register a subscription to the Data Protection provider.
    DataProtectionRegister = "Microsoft.DataProtection/register/action",
    /// Create or update a Recovery Services vault (also: reduce immutability).
    RsvWrite = "Microsoft.RecoveryServices/vaults/write",
    /// Delete a Recovery Services vault.
    RsvDelete = "Microsoft.RecoveryServices/vaults/delete",
    /// Change soft delete and security settings of a Recovery Services vault.
    RsvBackupConfigWrite = "Microsoft.RecoveryServices/vaults/backupconfig/write",
    /// Map a Resource Guard to a Recovery Services vault.
    RsvGuardProxyWrite = "Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/write",
    /// Remove the Resource Guard mapping of a Recovery Services vault.
    RsvGuardProxyDelete = "Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/delete",
    /// Create or modify a protected item (also: stop protection and retain data).
    RsvItemWrite = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write",
    /// Stop protection and delete data.
    RsvItemDelete = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete",
    /// Back up now.
    RsvItemBackup = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/backup/action",
    /// Restore a recovery point.
    RsvItemRestore = "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/restore/action",
    /// Create or modify a backup policy.
    RsvPolicyWrite = "Microsoft.RecoveryServices/vaults/backupPolicies/write",
    /// Generate the security PIN (MARS).
    RsvSecurityPin = "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action",
    /// Create or update a Backup vault (also: soft delete and immutability settings).
    BvWrite = "Microsoft.DataProtection/backupVaults/write",
    /// Delete a Backup vault.
    BvDelete = "Microsoft.DataProtection/backupVaults/delete",
    /// Map a Resource Guard to a Backup vault.
    BvGuardProxyWrite = "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/write",
    /// Remove the Resource Guard mapping of a Backup vault.
    BvGuardProxyDelete = "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete",
    /// Create a backup instance.
    BvInstanceWrite = "Microsoft.DataProtection/backupVaults/backupInstances/write",
    /// Delete a backup instance.
    BvInstanceDelete = "Microsoft.DataProtection/backupVaults/backupInstances/delete",
    /// Stop backup and retain forever.
    BvInstanceStopProtection = "Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action",
    /// Stop backup and retain as per policy.
    BvInstanceSuspendBackups = "Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action",
    /// Back up now.
    BvInstanceBackup = "Microsoft.DataProtection/backupVaults/backupInstances/backup/action",
    /// Restore.
    BvInstanceRestore = "Microsoft.DataProtection/backupVaults/backupInstances/restore/action",
    /// Create or update a Resource Guard.
    GuardWrite = "Microsoft.DataProtection/resourceGuards/write",
    /// Read a Resource Guard.
    GuardRead = "Microsoft.DataProtection/resourceGuards/read",
    /// Delete a Resource Guard.
    GuardDelete = "Microsoft.DataProtection/resourceGuards/delete",
    /// Guard request: disable soft delete / security features.
    GuardDisableSoftDelete = "Microsoft.DataProtection/resourceGuards/disableSoftDeleteRequests/action",
    /// Guard request: remove MUA protection.
    GuardDeleteProxy = "Microsoft.DataProtection/resourceGuards/deleteResourceGuardProxyRequests/action",
    /// Guard request: delete protection.
    GuardDeleteProtectedItem = "Microsoft.DataProtection/resourceGuards/deleteProtectedItemRequests/action",
    /// Guard request: modify protection / stop protection and retain data.
    GuardUpdateProtectedItem = "Microsoft.DataProtection/resourceGuards/updateProtectedItemRequests/action",
    /// Guard request: modify policy.
    GuardUpdatePolicy = "Microsoft.DataProtection/resourceGuards/updateProtectionPolicyRequests/action",
    /// Guard request: get the security PIN.
    GuardGetSecurityPin = "Microsoft.DataProtection/resourceGuards/getBackupSecurityPINRequests/action",
    /// Guard request: delete a backup instance.
    GuardDeleteBackupInstance = "Microsoft.DataProtection/resourceGuards/deleteBackupInstanceRequests/action",
    /// Guard request: stop backup of a backup instance (retain forever or as per policy).
    GuardStopBackupInstance = "Microsoft.DataProtection/resourceGuards/stopProtectionBackupInstanceRequests/action",
    /// Guard request: reduce the immutability state.
    GuardDisableImmutability = "Microsoft.DataProtection/resourceGuards/disableImmutabilityRequests/action",
    /// Create a role assignment.
    RoleAssignmentWrite = "Microsoft.Authorization/roleAssignments/write",
    /// Delete a role assignment.
    RoleAssignmentDelete = "Microsoft.Authorization/roleAssignments/delete",
    /// Create a user-assigned managed identity.
    IdentityWrite = "Microsoft.ManagedIdentity/userAssignedIdentities/write",
    /// Create a Key Vault.
    KeyVaultWrite = "Microsoft.KeyVault/vaults/write",
}

/// Whether `pattern` matches `action` (R1): case-insensitive, `*` matches any run of characters.
pub fn pattern_matches(pattern: &str, action: &str) -> bool {
    glob(pattern.as_bytes(), action.as_bytes())
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    // Iterative wildcard matching with one backtrack point (the classic two-pointer algorithm).
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, si));
                pi += 1;
            }
            Some(c) if c.eq_ignore_ascii_case(&s[si]) => {
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// A built-in role definition, as published (R3). Two definitions are the same role when their GUIDs
/// are (comparing every action list on each assignment lookup cost a tenth of a replay).
#[derive(Debug, Eq)]
pub struct RoleDefinition {
    /// The role-definition GUID.
    pub id: &'static str,
    /// The role name.
    pub name: &'static str,
    /// The published description.
    pub description: &'static str,
    /// `actions`.
    pub actions: &'static [&'static str],
    /// `notActions`.
    pub not_actions: &'static [&'static str],
    /// `dataActions`.
    pub data_actions: &'static [&'static str],
}

impl PartialEq for RoleDefinition {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

impl RoleDefinition {
    /// Whether the role grants a control-plane action string (R1).
    pub fn permits(&self, action: &str) -> bool {
        self.actions.iter().any(|p| pattern_matches(p, action))
            && !self.not_actions.iter().any(|p| pattern_matches(p, action))
    }

    /// Whether the role grants a checked action, by its ARM name or its registered alias (uncached).
    pub fn permits_action(&self, action: Action) -> bool {
        self.permits(action.as_str()) || action.registered_alias().is_some_and(|alias| self.permits(alias))
    }

    /// Whether the role grants `action` (precomputed bit test).
    pub fn grants(&'static self, action: Action) -> bool {
        let masks = GRANTS.get_or_init(|| {
            BUILT_IN_ROLES
                .iter()
                .map(|r| Action::ALL.iter().filter(|&&a| r.permits_action(a)).fold(0u64, |m, &a| m | 1 << (a as u8)))
                .collect()
        });
        let index = BUILT_IN_ROLES.iter().position(|r| std::ptr::eq(r, self)).unwrap_or(usize::MAX);
        masks.get(index).is_some_and(|m| m & (1 << (action as u8)) != 0)
    }

    /// Whether the role grants a data-plane action string.
    pub fn permits_data(&self, data_action: &str) -> bool {
        self.data_actions.iter().any(|p| pattern_matches(p, data_action))
    }

    /// Whether the role has any data actions (Lighthouse refuses those, L5).
    pub fn has_data_actions(&self) -> bool {
        !self.data_actions.is_empty()
    }

    /// The role's index in [`BUILT_IN_ROLES`].
    pub fn index(&'static self) -> usize {
        BUILT_IN_ROLES.iter().position(|r| std::ptr::eq(r, self)).unwrap_or(0)
    }
}

impl Action {
    /// The second name Microsoft.DataProtection registers a Resource Guard operation under
    /// (`…/subscriptions/resourceGroups/providers/resourceGuards/write`), which the Backup MUA Admin
    /// role lists. A role that grants either name grants the operation; traces show the ARM name.
    pub fn registered_alias(self) -> Option<&'static str> {
        match self {
            Action::GuardWrite => {
                Some("Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/write")
            }
            Action::GuardRead => {
                Some("Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/read")
            }
            Action::GuardDelete => {
                Some("Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/delete")
            }
            _ => None,
        }
    }
}

// There are fewer than 64 actions, so a u64 mask per role holds every grant.
const _: () = assert!(Action::ALL.len() <= 64);

static GRANTS: OnceLock<Vec<u64>> = OnceLock::new();

/// A built-in role, resolved once where a command is read.
pub type Role = &'static RoleDefinition;

/// Finds a built-in role by name (case-insensitive) or role-definition GUID.
pub fn role(name_or_id: &str) -> Option<&'static RoleDefinition> {
    let key = name_or_id.trim();
    let key = key.rsplit('/').next().unwrap_or(key);
    BUILT_IN_ROLES.iter().find(|r| r.name.eq_ignore_ascii_case(key) || r.id.eq_ignore_ascii_case(key))
}

/// The message for a role name that is no built-in role, listing those there are.
pub fn unknown_role(role: &str) -> String {
    format!("unknown role `{role}`; built-in roles: {}", role_names().join(", "))
}

/// Names of the built-in roles (for messages).
pub fn role_names() -> Vec<&'static str> {
    BUILT_IN_ROLES.iter().map(|r| r.name).collect()
}

/// Owner.
pub const OWNER: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
/// Contributor.
pub const CONTRIBUTOR: &str = "b24988ac-6180-42a0-ab88-20f7382dd24c";
/// Reader.
pub const READER: &str = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
/// User Access Administrator.
pub const USER_ACCESS_ADMINISTRATOR: &str = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
/// Backup MUA Operator.
pub const BACKUP_MUA_OPERATOR: &str = "f54b6d04-23c6-443e-b462-9c16ab7b4a52";

/// The built-in roles of R3, with their published permissions (Azure built-in roles reference,
/// "Storage" and "General"/"Privileged" categories, newest published versions).
pub static BUILT_IN_ROLES: [RoleDefinition; 11] = [
    RoleDefinition {
        id: OWNER,
        name: "Owner",
        description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
        actions: &["*"],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: CONTRIBUTOR,
        name: "Contributor",
        description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
        actions: &["*"],
        not_actions: &[
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
            "Microsoft.Compute/galleries/share/action",
            "Microsoft.Purview/consents/write",
            "Microsoft.Purview/consents/delete",
            "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
            "Microsoft.Subscription/cancel/action",
            "Microsoft.Subscription/enable/action",
        ],
        data_actions: &[],
    },
    RoleDefinition {
        id: READER,
        name: "Reader",
        description: "View all resources, but does not allow you to make any changes.",
        actions: &["*/read"],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: USER_ACCESS_ADMINISTRATOR,
        name: "User Access Administrator",
        description: "Lets you manage user access to Azure resources.",
        actions: &["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: "5e467623-bb1f-42f4-a55d-6e525e11384b",
        name: "Backup Contributor",
        description: "Lets you manage backups, but can't delete vaults and give access to others",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.RecoveryServices/locations/*",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/operationResults/*",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/*",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/refreshContainers/action",
            "Microsoft.RecoveryServices/Vaults/backupJobs/*",
            "Microsoft.RecoveryServices/Vaults/backupJobsExport/action",
            "Microsoft.RecoveryServices/Vaults/backupOperationResults/*",
            "Microsoft.RecoveryServices/Vaults/backupPolicies/*",
            "Microsoft.RecoveryServices/Vaults/backupProtectableItems/*",
            "Microsoft.RecoveryServices/Vaults/backupProtectedItems/*",
            "Microsoft.RecoveryServices/Vaults/backupProtectionContainers/*",
            "Microsoft.RecoveryServices/Vaults/backupSecurityPIN/*",
            "Microsoft.RecoveryServices/Vaults/backupUsageSummaries/read",
            "Microsoft.RecoveryServices/Vaults/certificates/*",
            "Microsoft.RecoveryServices/Vaults/extendedInformation/*",
            "Microsoft.RecoveryServices/Vaults/monitoringAlerts/read",
            "Microsoft.RecoveryServices/Vaults/monitoringConfigurations/*",
            "Microsoft.RecoveryServices/Vaults/read",
            "Microsoft.RecoveryServices/Vaults/registeredIdentities/*",
            "Microsoft.RecoveryServices/Vaults/usages/*",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Storage/storageAccounts/read",
            "Microsoft.RecoveryServices/Vaults/backupstorageconfig/*",
            "Microsoft.RecoveryServices/Vaults/backupconfig/*",
            "Microsoft.RecoveryServices/Vaults/backupValidateOperation/action",
            "Microsoft.RecoveryServices/Vaults/write",
            "Microsoft.RecoveryServices/Vaults/backupOperations/read",
            "Microsoft.RecoveryServices/Vaults/backupEngines/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/backupProtectionIntent/*",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectableContainers/read",
            "Microsoft.RecoveryServices/vaults/operationStatus/read",
            "Microsoft.RecoveryServices/vaults/operationResults/read",
            "Microsoft.RecoveryServices/locations/backupStatus/action",
            "Microsoft.RecoveryServices/locations/backupPreValidateProtection/action",
            "Microsoft.RecoveryServices/locations/backupValidateFeatures/action",
            "Microsoft.RecoveryServices/Vaults/monitoringAlerts/write",
            "Microsoft.RecoveryServices/operations/read",
            "Microsoft.RecoveryServices/locations/operationStatus/read",
            "Microsoft.RecoveryServices/Vaults/backupProtectionIntents/read",
            "Microsoft.Support/*",
            "Microsoft.DataProtection/locations/getBackupStatus/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/write",
            "Microsoft.DataProtection/backupVaults/backupInstances/delete",
            "Microsoft.DataProtection/backupVaults/backupInstances/read",
            "Microsoft.DataProtection/backupVaults/deletedBackupInstances/read",
            "Microsoft.DataProtection/backupVaults/deletedBackupInstances/undelete/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/backup/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/validateRestore/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/restore/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/crossRegionRestore/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/validateCrossRegionRestore/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/fetchCrossRegionRestoreJobs/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/fetchCrossRegionRestoreJob/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/fetchSecondaryRecoveryPoints/action",
            "Microsoft.DataProtection/backupVaults/backupPolicies/write",
            "Microsoft.DataProtection/backupVaults/backupPolicies/delete",
            "Microsoft.DataProtection/backupVaults/backupPolicies/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/recoveryPoints/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/findRestorableTimeRanges/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/operationResults/read",
            "Microsoft.DataProtection/backupVaults/write",
            "Microsoft.DataProtection/backupVaults/read",
            "Microsoft.DataProtection/backupVaults/operationResults/read",
            "Microsoft.DataProtection/backupVaults/operationStatus/read",
            "Microsoft.DataProtection/locations/checkNameAvailability/action",
            "Microsoft.DataProtection/locations/checkFeatureSupport/action",
            "Microsoft.DataProtection/locations/operationStatus/read",
            "Microsoft.DataProtection/locations/operationResults/read",
            "Microsoft.DataProtection/backupVaults/validateForBackup/action",
            "Microsoft.DataProtection/operations/read",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/delete",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/read",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/unlockDelete/action",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/write",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/read",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/write",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/unlockDelete/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/validateForModifyBackup/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/SuspendBackups/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/resumeProtection/action",
        ],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: "00c29273-979b-4161-815c-10b084fb9324",
        name: "Backup Operator",
        description: "Lets you manage backup services, except removal of backup, vault creation and giving access to others",
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/operationResults/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/operationResults/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/backup/action",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/operationResults/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/operationsStatus/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/provisionInstantItemRecovery/action",
            "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/accessToken/action",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/restore/action",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/revokeInstantItemRecovery/action",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/write",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/refreshContainers/action",
            "Microsoft.RecoveryServices/Vaults/backupJobs/*",
            "Microsoft.RecoveryServices/Vaults/backupJobsExport/action",
            "Microsoft.RecoveryServices/Vaults/backupOperationResults/*",
            "Microsoft.RecoveryServices/Vaults/backupPolicies/operationResults/read",
            "Microsoft.RecoveryServices/Vaults/backupPolicies/read",
            "Microsoft.RecoveryServices/Vaults/backupProtectableItems/*",
            "Microsoft.RecoveryServices/Vaults/backupProtectedItems/read",
            "Microsoft.RecoveryServices/Vaults/backupProtectionContainers/read",
            "Microsoft.RecoveryServices/Vaults/backupUsageSummaries/read",
            "Microsoft.RecoveryServices/Vaults/certificates/write",
            "Microsoft.RecoveryServices/Vaults/extendedInformation/read",
            "Microsoft.RecoveryServices/Vaults/extendedInformation/write",
            "Microsoft.RecoveryServices/Vaults/monitoringAlerts/read",
            "Microsoft.RecoveryServices/Vaults/monitoringConfigurations/*",
            "Microsoft.RecoveryServices/Vaults/read",
            "Microsoft.RecoveryServices/Vaults/registeredIdentities/operationResults/read",
            "Microsoft.RecoveryServices/Vaults/registeredIdentities/read",
            "Microsoft.RecoveryServices/Vaults/registeredIdentities/write",
            "Microsoft.RecoveryServices/Vaults/usages/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Storage/storageAccounts/read",
            "Microsoft.RecoveryServices/Vaults/backupstorageconfig/*",
            "Microsoft.RecoveryServices/Vaults/backupValidateOperation/action",
            "Microsoft.RecoveryServices/Vaults/backupTriggerValidateOperation/action",
            "Microsoft.RecoveryServices/Vaults/backupValidateOperationResults/read",
            "Microsoft.RecoveryServices/Vaults/backupValidateOperationsStatuses/read",
            "Microsoft.RecoveryServices/Vaults/backupOperations/read",
            "Microsoft.RecoveryServices/Vaults/backupPolicies/operations/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/write",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/inquire/action",
            "Microsoft.RecoveryServices/Vaults/backupEngines/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/backupProtectionIntent/write",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/backupProtectionIntent/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectableContainers/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/items/read",
            "Microsoft.RecoveryServices/locations/backupStatus/action",
            "Microsoft.RecoveryServices/locations/backupPreValidateProtection/action",
            "Microsoft.RecoveryServices/locations/backupValidateFeatures/action",
            "Microsoft.RecoveryServices/locations/backupAadProperties/read",
            "Microsoft.RecoveryServices/locations/backupCrrJobs/action",
            "Microsoft.RecoveryServices/locations/backupCrrJob/action",
            "Microsoft.RecoveryServices/locations/backupCrossRegionRestore/action",
            "Microsoft.RecoveryServices/locations/backupCrrOperationResults/read",
            "Microsoft.RecoveryServices/locations/backupCrrOperationsStatus/read",
            "Microsoft.RecoveryServices/Vaults/monitoringAlerts/write",
            "Microsoft.RecoveryServices/operations/read",
            "Microsoft.RecoveryServices/locations/operationStatus/read",
            "Microsoft.RecoveryServices/Vaults/backupProtectionIntents/read",
            "Microsoft.Support/*",
            "Microsoft.DataProtection/backupVaults/backupInstances/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/operationResults/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/write",
            "Microsoft.DataProtection/backupVaults/deletedBackupInstances/read",
            "Microsoft.DataProtection/backupVaults/backupPolicies/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/recoveryPoints/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/findRestorableTimeRanges/action",
            "Microsoft.DataProtection/backupVaults/read",
            "Microsoft.DataProtection/backupVaults/operationResults/read",
            "Microsoft.DataProtection/backupVaults/operationStatus/read",
            "Microsoft.DataProtection/locations/operationStatus/read",
            "Microsoft.DataProtection/locations/operationResults/read",
            "Microsoft.DataProtection/operations/read",
            "Microsoft.DataProtection/backupVaults/validateForBackup/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/backup/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/validateRestore/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/restore/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/crossRegionRestore/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/validateCrossRegionRestore/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/fetchCrossRegionRestoreJobs/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/fetchCrossRegionRestoreJob/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/fetchSecondaryRecoveryPoints/action",
            "Microsoft.DataProtection/locations/checkFeatureSupport/action",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/delete",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/read",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/unlockDelete/action",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/write",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/read",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/write",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/unlockDelete/action",
            "Microsoft.DataProtection/backupVaults/backupInstances/validateForModifyBackup/action",
        ],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: "a795c7a0-d4a2-40c1-ae25-d81f01202912",
        name: "Backup Reader",
        description: "Can view backup services, but can't make changes",
        // The published list is read operations on the vaults' sub-resources plus status actions; the
        // simulator keeps the patterns that bear on what it checks (all reads).
        actions: &[
            "Microsoft.Authorization/*/read",
            "Microsoft.RecoveryServices/locations/allocatedStamp/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/operationResults/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/read",
            "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/read",
            "Microsoft.RecoveryServices/Vaults/backupJobs/read",
            "Microsoft.RecoveryServices/Vaults/backupPolicies/read",
            "Microsoft.RecoveryServices/Vaults/backupProtectedItems/read",
            "Microsoft.RecoveryServices/Vaults/backupUsageSummaries/read",
            "Microsoft.RecoveryServices/Vaults/read",
            "Microsoft.RecoveryServices/Vaults/backupconfig/read",
            "Microsoft.RecoveryServices/Vaults/backupResourceGuardProxies/read",
            "Microsoft.RecoveryServices/locations/backupStatus/action",
            "Microsoft.RecoveryServices/operations/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/read",
            "Microsoft.DataProtection/backupVaults/backupPolicies/read",
            "Microsoft.DataProtection/backupVaults/backupInstances/recoveryPoints/read",
            "Microsoft.DataProtection/backupVaults/read",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/read",
            "Microsoft.DataProtection/locations/getBackupStatus/action",
            "Microsoft.DataProtection/operations/read",
        ],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: "c2a970b4-16a7-4a51-8c84-8a8ea6ee0bb8",
        name: "Backup MUA Admin",
        description: "Backup MultiUser-Authorization. Can create/delete ResourceGuard",
        actions: &[
            "Microsoft.DataProtection/*/read",
            "Microsoft.DataProtection/*/resourceGuards/write",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/write",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/delete",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/read",
            "Microsoft.DataProtection/locations/operationResults/read",
            "Microsoft.DataProtection/locations/operationStatus/read",
            "Microsoft.DataProtection/locations/getBackupStatus/action",
            "Microsoft.DataProtection/locations/checkFeatureSupport/action",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/locations/operationStatus/read",
            "Microsoft.Authorization/*/read",
            "Microsoft.Features/features/read",
            "Microsoft.Features/providers/features/read",
            "Microsoft.ResourceHealth/availabilityStatuses/read",
            "Microsoft.Resources/deployments/operations/read",
            "Microsoft.Resources/subscriptions/operationresults/read",
            "Microsoft.Resources/subscriptions/read",
            "Microsoft.Resources/subscriptions/resourcegroups/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/read",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/write",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete",
            "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/unlockDelete/action",
            "Microsoft.DataProtection/subscriptions/providers/resourceGuards/read",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/{operationName}/read",
        ],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: BACKUP_MUA_OPERATOR,
        name: "Backup MUA Operator",
        description: "Backup MultiUser-Authorization. Allows user to perform critical operation protected by resourceguard",
        actions: &["Microsoft.DataProtection/*/action", "Microsoft.DataProtection/*/read", "Microsoft.Authorization/*/read"],
        not_actions: &[],
        data_actions: &[],
    },
    RoleDefinition {
        id: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
        name: "Key Vault Crypto Service Encryption User",
        description: "Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that use the 'Azure role-based access control' permission model.",
        actions: &[
            "Microsoft.EventGrid/eventSubscriptions/write",
            "Microsoft.EventGrid/eventSubscriptions/read",
            "Microsoft.EventGrid/eventSubscriptions/delete",
        ],
        not_actions: &[],
        data_actions: &[
            "Microsoft.KeyVault/vaults/keys/read",
            "Microsoft.KeyVault/vaults/keys/wrapkey/action",
            "Microsoft.KeyVault/vaults/keys/unwrapkey/action",
        ],
    },
    RoleDefinition {
        id: "3e5e47e6-65f7-47ef-90b5-e5dd4d455f24",
        name: "Disk Backup Reader",
        description: "Provides permission to backup vault to perform disk backup.",
        actions: &["Microsoft.Authorization/*/read", "Microsoft.Compute/disks/read", "Microsoft.Compute/disks/beginGetAccess/action"],
        not_actions: &[],
        data_actions: &[],
    },
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_match(pattern: &str, action: &str, expected: bool) {
        assert_eq!(pattern_matches(pattern, action), expected, "{pattern} vs {action}");
    }

    #[test]
    fn guard_operations_use_the_arm_name_and_the_registered_alias_grants_them() {
        assert_eq!(Action::GuardWrite.as_str(), "Microsoft.DataProtection/resourceGuards/write");
        let admin = role("Backup MUA Admin").unwrap();
        assert!(!admin.permits(Action::GuardWrite.as_str()), "the role lists only the registered alias");
        assert!(admin.grants(Action::GuardWrite) && admin.grants(Action::GuardDelete));
        assert!(!role("Backup MUA Operator").unwrap().grants(Action::GuardWrite));
        assert!(role("Reader").unwrap().grants(Action::GuardRead));
    }

    #[test]
    fn wildcard_matching() {
        check_match("*", "Microsoft.RecoveryServices/vaults/write", true);
        check_match(
            "*/read",
            "Microsoft.DataProtection/subscriptions/resourceGroups/providers/resourceGuards/read",
            true,
        );
        check_match("*/read", "Microsoft.RecoveryServices/vaults/write", false);
        check_match(
            "Microsoft.DataProtection/*/action",
            "Microsoft.DataProtection/resourceGuards/disableSoftDeleteRequests/action",
            true,
        );
        check_match(
            "Microsoft.DataProtection/*/action",
            "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action",
            false,
        );
        check_match(
            "Microsoft.RecoveryServices/Vaults/backupconfig/*",
            "microsoft.recoveryservices/vaults/BACKUPCONFIG/write",
            true,
        );
        check_match("Microsoft.Authorization/*/Write", "Microsoft.Authorization/roleAssignments/write", true);
        check_match("Microsoft.Authorization/*/Write", "Microsoft.Authorization/roleAssignments/delete", false);
        check_match("a*b*c", "aXbYc", true);
        check_match("a*b*c", "aXbY", false);
        check_match("", "", true);
    }

    #[track_caller]
    fn check_grant(role_name: &str, action: Action, expected: bool) {
        let r = role(role_name).expect("a built-in role");
        assert_eq!(r.grants(action), expected, "{role_name} / {}", action.as_str());
        assert_eq!(r.permits_action(action), expected, "{role_name} / {} (uncached)", action.as_str());
    }

    #[test]
    fn built_in_role_grants() {
        check_grant("Owner", Action::RoleAssignmentWrite, true);
        check_grant("Owner", Action::GuardDisableSoftDelete, true);
        check_grant("Contributor", Action::RoleAssignmentWrite, false);
        check_grant("Contributor", Action::RoleAssignmentDelete, false);
        check_grant("Contributor", Action::GuardDisableSoftDelete, true);
        check_grant("Reader", Action::GuardRead, true);
        check_grant("Reader", Action::RsvWrite, false);
        check_grant("User Access Administrator", Action::RoleAssignmentWrite, true);
        check_grant("User Access Administrator", Action::RsvWrite, false);
        check_grant("Backup Contributor", Action::RsvBackupConfigWrite, true);
        check_grant("Backup Contributor", Action::RsvGuardProxyWrite, true);
        check_grant("Backup Contributor", Action::BvGuardProxyDelete, true);
        check_grant("Backup Contributor", Action::RsvDelete, false);
        check_grant("Backup Contributor", Action::BvInstanceStopProtection, false);
        check_grant("Backup Contributor", Action::GuardRead, false);
        check_grant("Backup Contributor", Action::RoleAssignmentWrite, false);
        check_grant("Backup Operator", Action::RsvItemBackup, true);
        check_grant("Backup Operator", Action::RsvItemDelete, false);
        check_grant("Backup Operator", Action::RsvBackupConfigWrite, false);
        check_grant("Backup Operator", Action::RsvPolicyWrite, false);
        // Reading is never checked by the simulator; the published role still grants it.
        assert!(role("Backup Reader").is_some_and(|r| r.permits("Microsoft.RecoveryServices/vaults/read")));
        check_grant("Backup Reader", Action::RsvItemBackup, false);
        check_grant("Backup MUA Admin", Action::GuardWrite, true);
        check_grant("Backup MUA Admin", Action::GuardDelete, true);
        check_grant("Backup MUA Admin", Action::GuardDisableSoftDelete, false);
        check_grant("Backup MUA Operator", Action::GuardDisableSoftDelete, true);
        check_grant("Backup MUA Operator", Action::GuardGetSecurityPin, true);
        check_grant("Backup MUA Operator", Action::GuardRead, true);
        check_grant("Backup MUA Operator", Action::GuardWrite, false);
        check_grant("Backup MUA Operator", Action::RsvBackupConfigWrite, false);
        assert!(!role("Disk Backup Reader").is_some_and(|r| r.permits("Microsoft.RecoveryServices/vaults/read")));
    }

    #[test]
    fn roles_by_name_or_guid() {
        assert_eq!(role("backup mua operator").map(|r| r.id), Some(BACKUP_MUA_OPERATOR));
        assert_eq!(role("f54b6d04-23c6-443e-b462-9c16ab7b4a52").map(|r| r.name), Some("Backup MUA Operator"));
        assert_eq!(
            role("/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7")
                .map(|r| r.name),
            Some("Reader")
        );
        assert!(role("Backup Superhero").is_none());
        assert!(role("Key Vault Crypto Service Encryption User").is_some_and(|r| r.has_data_actions()));
    }
}
