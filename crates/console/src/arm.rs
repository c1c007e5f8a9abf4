//! The world's objects as Azure Resource Manager returns them (the JSON az prints, and the
//! properties PowerShell's objects carry): a Resource Guard, a vault's Resource Guard proxy
//! (`backupResourceGuardProxies/VaultProxy`), a vault's backup configuration, a role assignment and
//! a subscription. Shapes follow azure-rest-api-specs (DataProtection `ResourceGuardResource`,
//! RecoveryServicesBackup `ResourceGuardProxyBaseResource` and `BackupResourceVaultConfig`,
//! Authorization `RoleAssignment`).

use serde_json::{json, Map, Value};

use mua_core::critical_operations::VaultKind;
use mua_core::ids::derived_guid;
use mua_core::model::{IdentityRef, ResourceGuard, RoleAssignment, Vault};
use mua_core::world::World;

/// The name of a vault's Resource Guard proxy: Azure keeps one per vault, always this one.
pub fn proxy_name(kind: VaultKind) -> &'static str {
    match kind {
        VaultKind::RecoveryServices => "VaultProxy",
        VaultKind::Backup => "DppResourceGuardProxy",
    }
}

/// A guard's protected operations for one vault kind: `{requestResourceType, vaultCriticalOperation}`.
pub fn protected_operations(kind: VaultKind) -> Vec<Value> {
    kind.critical_operations()
        .iter()
        .map(|op| {
            // The guard's request type: `…/resourceGuards/deleteResourceGuardProxyRequests/action` →
            // `Microsoft.DataProtection/resourceGuards/deleteResourceGuardProxyRequests`
            // (azure-rest-api-specs, dataprotection's ResourceGuards_Get example).
            let request = op.guard_action.as_str().rsplit('/').nth(1).unwrap_or_default();
            json!({
                "requestResourceType": format!("Microsoft.DataProtection/resourceGuards/{request}"),
                "vaultCriticalOperation": op.vault_operation,
            })
        })
        .collect()
}

/// ARM's `systemData` (azure-rest-api-specs `common-types/resource-management/v5/types.json`,
/// `systemData`): a user by sign-in name, anything else by object id as an `Application`.
fn system_data(world: &World, changed: &mua_core::model::Changed) -> Value {
    let who = |h: &str| match world.principals().get(h) {
        Some(p) if p.kind == mua_core::model::PrincipalKind::User => (sign_in_name(world, h), "User"),
        Some(p) => (p.object_id.clone(), "Application"),
        None => (h.to_owned(), "User"),
    };
    let at = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let (created_by, created_type) = who(&changed.created_by);
    let (modified_by, modified_type) = who(&changed.modified_by);
    json!({
        "createdAt": at(changed.created_at),
        "createdBy": created_by,
        "createdByType": created_type,
        "lastModifiedAt": at(changed.modified_at),
        "lastModifiedBy": modified_by,
        "lastModifiedByType": modified_type,
    })
}

/// A Resource Guard (`Microsoft.DataProtection/resourceGuards`).
pub fn guard(world: &World, g: &ResourceGuard) -> Value {
    let operations: Vec<Value> =
        [VaultKind::RecoveryServices, VaultKind::Backup].into_iter().flat_map(protected_operations).collect();
    json!({
        "id": world.arm_id(&g.id).unwrap_or_default(),
        "name": g.id,
        "type": "Microsoft.DataProtection/resourceGuards",
        "location": g.location,
        "resourceGroup": g.resource_group,
        "tags": tags(&g.tags),
        "systemData": system_data(world, &g.changed),
        "properties": {
            // As dataprotection's ResourceGuards_Get example returns it (a read-only property).
            "allowAutoApprovals": true,
            "description": if g.description.is_empty() { Value::Null } else { Value::from(g.description.as_str()) },
            "provisioningState": "Succeeded",
            "resourceGuardOperations": operations,
            "vaultCriticalOperationExclusionList": g.excluded.iter().collect::<Vec<_>>(),
        },
    })
}

/// A vault's Resource Guard proxy, when the vault is protected by a guard.
pub fn guard_proxy(world: &World, vault: &Vault) -> Option<Value> {
    let guard = world.guards().get(vault.guard.as_deref()?)?;
    let vault_id = world.arm_id(&vault.id).unwrap_or_default();
    let guard_id = world.arm_id(&guard.id).unwrap_or_default();
    let details: Vec<Value> = vault
        .kind
        .critical_operations()
        .iter()
        .filter(|op| op.is_protected_under(&guard.excluded))
        .map(|op| {
            // `…/resourceGuards/getBackupSecurityPINRequests/action` → `{guard}/getBackupSecurityPINRequests/default`.
            let request = op.guard_action.as_str().rsplit('/').nth(1).unwrap_or_default();
            json!({
                "vaultCriticalOperation": op.vault_operation,
                "defaultResourceRequest": format!("{guard_id}/{request}/default"),
            })
        })
        .collect();
    Some(json!({
        "id": format!("{vault_id}/backupResourceGuardProxies/{}", proxy_name(vault.kind)),
        "name": proxy_name(vault.kind),
        "type": format!("{}/backupResourceGuardProxies", vault.kind.resource_type()),
        "properties": {
            "resourceGuardResourceId": guard_id,
            "resourceGuardOperationDetails": details,
            "lastUpdatedTime": world.now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "description": Value::Null,
        },
    }))
}

/// A vault (`Microsoft.RecoveryServices/vaults` or `Microsoft.DataProtection/backupVaults`).
pub fn vault(world: &World, v: &Vault) -> Value {
    json!({
        "id": world.arm_id(&v.id).unwrap_or_default(),
        "name": v.id,
        "type": v.kind.resource_type(),
        "location": v.location,
        "resourceGroup": v.resource_group,
        "identity": vault_identity(world, v),
        "properties": {"provisioningState": "Succeeded"},
    })
}

/// A vault's `identity` as ARM returns it: its type, the system identity's principal and tenant,
/// and the user-assigned identities by ARM id; `null` when it has none.
pub fn vault_identity(world: &World, v: &Vault) -> Value {
    let kind = match (v.system_identity, v.user_identities.is_empty()) {
        (false, true) => return Value::Null,
        (true, true) => "SystemAssigned",
        (false, false) => "UserAssigned",
        (true, false) => "SystemAssigned, UserAssigned",
    };
    let system = world.identity_principal(v, &IdentityRef::System);
    let tenant = world.tenant_of_scope(&v.id).and_then(|t| world.tenants().get(t)).map(|t| t.tenant_id.clone());
    let users: serde_json::Map<String, Value> = v
        .user_identities
        .iter()
        .map(|h| {
            let principal = world.principals().get(h).map(|p| p.object_id.clone());
            (world.arm_id(h).unwrap_or_else(|| h.clone()), json!({ "principalId": principal }))
        })
        .collect();
    json!({
        "principalId": system.map(|p| p.object_id.clone()),
        "tenantId": system.and(tenant),
        "type": kind,
        "userAssignedIdentities": if users.is_empty() { Value::Null } else { Value::Object(users) },
    })
}

/// A Recovery Services vault's backup configuration (`backupconfig/vaultconfig`), as `az backup
/// vault backup-properties set` prints it.
pub fn backup_config(world: &World, vault: &Vault) -> Value {
    let vault_id = world.arm_id(&vault.id).unwrap_or_default();
    json!({
        "id": format!("{vault_id}/backupconfig/vaultconfig"),
        "name": "vaultconfig",
        "type": "Microsoft.RecoveryServices/vaults/backupconfig",
        "resourceGroup": vault.resource_group,
        "properties": {
            "enhancedSecurityState": "Enabled",
            "softDeleteFeatureState": match (vault.soft_delete_always_on, vault.soft_delete) {
                (true, _) => "AlwaysON",
                (false, true) => "Enabled",
                (false, false) => "Disabled",
            },
            "isSoftDeleteFeatureStateEditable": !vault.soft_delete_always_on,
        },
    })
}

/// A role assignment (`Microsoft.Authorization/roleAssignments`) as ARM returns it (api-version
/// 2022-04-01: `RoleAssignmentProperties`), its name a GUID stable for the principal, role and
/// scope. `createdOn`/`updatedOn` are when it started where the world knows it; who made it is not
/// recorded (`createdBy`/`updatedBy` null).
pub fn role_assignment(world: &World, a: &RoleAssignment) -> Value {
    let scope = world.arm_id(&a.scope).unwrap_or_else(|| a.scope.clone());
    let name = derived_guid("role-assignment", &[a.principal.as_str(), a.role.id, a.scope.as_str()].join("|"));
    let principal = world.principals().get(&a.principal);
    let subscription = scope.split("/resourceGroups").next().unwrap_or_default();
    let on = a.start.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true));
    json!({
        "condition": null,
        "conditionVersion": null,
        "createdBy": null,
        "createdOn": on,
        "delegatedManagedIdentityResourceId": null,
        "description": null,
        "id": format!("{scope}/providers/Microsoft.Authorization/roleAssignments/{name}"),
        "name": name,
        "principalId": principal.map_or("", |p| p.object_id.as_str()),
        "principalType": principal.map_or("User", |p| principal_type(p.kind)),
        "roleDefinitionId": format!("{subscription}/providers/Microsoft.Authorization/roleDefinitions/{}", a.role.id),
        "scope": scope,
        "type": "Microsoft.Authorization/roleAssignments",
        "updatedBy": null,
        "updatedOn": on,
    })
}

/// A role assignment as `az role assignment list` prints it: ARM's, with the principal's and the
/// role's names azure-cli adds (`role/custom.py`, `list_role_assignments`).
pub fn listed_role_assignment(world: &World, a: &RoleAssignment) -> Value {
    let mut value = role_assignment(world, a);
    let principal = world.principals().get(&a.principal);
    // azure-cli `_get_displayable_name`: a user's sign-in name in the assignment's directory (a
    // guest's `#EXT#` name), else the display name.
    value["principalName"] = Value::from(principal.map_or_else(String::new, |p| match p.kind {
        mua_core::model::PrincipalKind::User => {
            let directory = world.tenant_of_scope(&a.scope).unwrap_or(&p.tenant);
            let name = world.sign_in_name_in(&p.id, directory);
            if name.is_empty() {
                p.name.clone()
            } else {
                name
            }
        }
        _ => p.name.clone(),
    }));
    value["roleDefinitionName"] = Value::from(a.role.name);
    value
}

/// azure-cli's result transform (`azure/cli/core/commands/transform.py`, `_add_resource_group`):
/// every object whose `id` is a resource in a resource group (a ninth path segment) gets that
/// group's name as `resourceGroup`, unless it has one.
pub(crate) fn add_resource_group(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(add_resource_group),
        Value::Object(map) => {
            if !map.contains_key("resourceGroup") {
                let parts: Option<Vec<String>> =
                    map.get("id").and_then(Value::as_str).map(|id| id.split('/').map(str::to_owned).collect());
                if let Some(parts) = parts.filter(|p| p.len() > 8 && p[3].eq_ignore_ascii_case("resourcegroups")) {
                    map.insert("resourceGroup".to_owned(), Value::from(parts[4].clone()));
                }
            }
            map.values_mut().for_each(add_resource_group);
        }
        _ => {}
    }
}

fn principal_type(kind: mua_core::model::PrincipalKind) -> &'static str {
    use mua_core::model::PrincipalKind as K;
    match kind {
        K::User => "User",
        K::Group => "Group",
        _ => "ServicePrincipal",
    }
}

/// A subscription as `az account show` prints it.
pub fn account(world: &World, actor: &str, subscription: &str) -> Value {
    let sub = world.subscriptions().get(subscription);
    let tenant = sub.and_then(|s| world.tenants().get(&s.tenant));
    json!({
        "id": sub.map_or("", |s| s.subscription_id.as_str()),
        "name": sub.map_or("", |s| s.name.as_str()),
        "tenantId": tenant.map_or("", |t| t.tenant_id.as_str()),
        "tenantDisplayName": tenant.map_or("", |t| t.name.as_str()),
        "state": "Enabled",
        "isDefault": true,
        // az names the account by its sign-in name (the one it logged in with, in any directory).
        "user": {"name": sign_in_name(world, actor), "type": "user"},
    })
}

/// A directory signed in to without a subscription, as az lists it (azure-cli `_profile.py`
/// `_build_tenant_level_accounts`: the tenant's id in place of a subscription's).
pub fn tenant_account(world: &World, actor: &str, tenant: &str) -> Value {
    let t = world.tenants().get(tenant);
    let guid = t.map_or(tenant, |t| t.tenant_id.as_str());
    json!({
        "id": guid,
        "name": "N/A(tenant level account)",
        "tenantId": guid,
        "state": "Enabled",
        "isDefault": true,
        "user": {"name": sign_in_name(world, actor), "type": "user"},
    })
}

fn tags(tags: &mua_core::command::Tags) -> Value {
    Value::Object(tags.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect::<Map<_, _>>())
}

/// A principal's sign-in name in its home directory (its display name if it has none).
pub(crate) fn sign_in_name(world: &World, principal: &str) -> String {
    world
        .principals()
        .get(principal)
        .map(|p| if p.sign_in_name.is_empty() { p.name.clone() } else { p.sign_in_name.clone() })
        .unwrap_or_default()
}
