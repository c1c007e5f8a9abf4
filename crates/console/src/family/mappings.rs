//! A vault's Resource Guard mapping (Multi-User Authorization): map, and remove the mapping.

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use serde_json::json;

use super::{call, Format, Writer};
use crate::changes::AzUsage;
use crate::changes::Ids;
use crate::rest::{text, usage, vault_of, RestCall};

/// A vault's Resource Guard proxy: its path and resource type.
fn proxy(x: &Writer<'_>, vault: &str, kind: VaultKind) -> Option<(String, String)> {
    let path = format!("{}/backupResourceGuardProxies/{}", x.arm(vault)?, crate::arm::proxy_name(kind));
    Some((path, format!("{}/backupResourceGuardProxies", kind.resource_type())))
}

pub(super) fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
    let shell = format.shell();
    match (command, format) {
        (Command::EnableMua { vault, guard }, Format::Rest) => {
            let v = x.w.vaults().get(vault)?;
            let (path, ty) = proxy(x, vault, v.kind)?;
            let aux = x.aux_token(vault, x.w.resolve_guard(guard).map(|g| g.id.as_str()));
            let body = json!({ "properties": { "resourceGuardResourceId": x.guard_arm(guard).unwrap_or_else(|| guard.clone()) } });
            Some(call("put", &path, &ty, Some(body), aux))
        }
        (Command::EnableMua { vault, guard }, _) if x.recovery_services(vault) => {
            let token = x.token(vault, x.w.resolve_guard(guard).map(|g| g.id.as_str()), shell);
            let guard = x.guard_arm(guard).unwrap_or_else(|| guard.clone());
            Some(match format {
                Format::Pwsh => format!(
                    "Set-AzRecoveryServicesResourceGuardMapping -VaultId {} -ResourceGuardId {guard}{token}",
                    x.arm_or_name(vault)
                ),
                _ => format!(
                    "az backup vault resource-guard-mapping update --ids {} --resource-guard-id {guard}{token}",
                    x.arm_or_name(vault)
                ),
            })
        }
        (Command::DisableMua { vault }, Format::Rest) => {
            let v = x.w.vaults().get(vault)?;
            let (path, ty) = proxy(x, vault, v.kind)?;
            Some(call("delete", &path, &ty, None, x.aux_token(vault, v.guard.as_deref())))
        }
        (Command::DisableMua { vault }, _) if x.recovery_services(vault) => {
            let token = x.token(vault, x.w.vaults().get(vault).and_then(|v| v.guard.as_deref()), shell);
            Some(match format {
                Format::Pwsh => {
                    format!("Remove-AzRecoveryServicesResourceGuardMapping -VaultId {}{token}", x.arm_or_name(vault))
                }
                _ => {
                    format!("az backup vault resource-guard-mapping delete --ids {} --yes{token}", x.arm_or_name(vault))
                }
            })
        }
        _ => None,
    }
}

/// `PUT` and `DELETE` of a vault's `backupResourceGuardProxies/{name}`.
pub(super) fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
    let (_, parts) = call.route();
    Ok(Some(match (call.method.as_str(), parts.as_slice()) {
        ("PUT", [_, "vaults" | "backupVaults", _, "backupResourceGuardProxies", _]) => Command::EnableMua {
            vault: vault_of(&call.path),
            guard: text(&call.props()["resourceGuardResourceId"])
                .ok_or_else(|| usage("the body has no properties.resourceGuardResourceId".to_owned()))?,
        },
        ("DELETE", [_, "vaults" | "backupVaults", _, "backupResourceGuardProxies", _]) => {
            Command::DisableMua { vault: vault_of(&call.path) }
        }
        _ => return Ok(None),
    }))
}

/// `az backup vault resource-guard-mapping update|delete`, and the Backup vault's
/// `az dataprotection backup-vault resource-guard-mapping create|delete`.
pub(super) fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
    Ok(Some(match ids.call.command {
        "backup vault resource-guard-mapping update" => {
            Command::EnableMua { vault: ids.vault()?, guard: ids.required("--resource-guard-id")?.to_owned() }
        }
        "backup vault resource-guard-mapping delete" => Command::DisableMua { vault: ids.vault()? },
        "dataprotection backup-vault resource-guard-mapping create" => {
            Command::EnableMua { vault: ids.backup_vault()?, guard: ids.required("--resource-guard-id")?.to_owned() }
        }
        "dataprotection backup-vault resource-guard-mapping delete" => {
            Command::DisableMua { vault: ids.backup_vault()? }
        }
        _ => return Ok(None),
    }))
}
