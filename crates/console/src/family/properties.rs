//! A vault's properties: soft delete on and off (a protected operation when it is turned off).

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use serde_json::json;

use super::{call, Family, Format, Writer};

pub(super) const FAMILY: Family = Family { write };

fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
    let (Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault }) = command else { return None };
    let off = matches!(command, Command::DisableSoftDelete { .. });
    let guard = x.w.vaults().get(vault).and_then(|v| v.guard.as_deref());
    match format {
        Format::Rest => {
            let v = x.w.vaults().get(vault)?;
            let aux = x.aux_token(vault, guard);
            Some(match v.kind {
                VaultKind::RecoveryServices => {
                    let body =
                        json!({ "properties": { "softDeleteFeatureState": if off { "Disabled" } else { "Enabled" } } });
                    call(
                        "patch",
                        &format!("{}/backupconfig/vaultconfig", x.arm(vault)?),
                        "Microsoft.RecoveryServices/vaults/backupconfig",
                        Some(body),
                        aux,
                    )
                }
                VaultKind::Backup => {
                    let body = json!({ "properties": { "securitySettings": { "softDeleteSettings": { "state": if off { "Off" } else { "On" } } } } });
                    call("patch", &x.arm(vault)?, v.kind.resource_type(), Some(body), aux)
                }
            })
        }
        _ if !x.recovery_services(vault) => None,
        Format::Pwsh => {
            let state = if off { "Disable" } else { "Enable" };
            let token = x.token(vault, guard, format.shell());
            Some(format!(
                "Set-AzRecoveryServicesVaultProperty -VaultId {} -SoftDeleteFeatureState {state}{token}",
                x.arm_or_name(vault)
            ))
        }
        Format::Az => {
            let state = if off { "Disable" } else { "Enable" };
            let token = x.token(vault, guard, format.shell());
            Some(format!(
                "az backup vault backup-properties set --ids {} --soft-delete-feature-state {state}{token}",
                x.arm_or_name(vault)
            ))
        }
    }
}
