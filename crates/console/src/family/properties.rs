//! A vault's properties: soft delete on and off (a protected operation when it is turned off).

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use serde_json::json;

use super::{call, Family, Format, Writer};
use crate::changes::AzUsage;
use crate::changes::Ids;
use crate::host::{from_arm, Bound, Host};
use crate::pwsh::PsValue;
use crate::rest::{soft_delete, vault_of, RestCall};
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet, IDS, RG, TENANT_ID};
use crate::LineError;
use mua_core::world::World;
use serde_json::Value;

pub(super) struct Properties;

impl Family for Properties {
    const AZ: &'static [AzCommand] = &[az(
        "backup vault backup-properties set",
        "Sets backup related properties of the Recovery Services vault.",
        &[
            IDS,
            p(&["--name", "-n"], Arity::One, false),
            RG,
            p(&["--soft-delete-feature-state"], Arity::One, false),
            TENANT_ID,
        ],
    )];

    const CMDLETS: &'static [Cmdlet] = &[cmdlet(
        "Set-AzRecoveryServicesVaultProperty",
        "Updates properties of a Recovery Services vault.",
        &[("VaultId", false), ("SoftDeleteFeatureState", false), ("Token", false), ("SecureToken", false)],
    )];

    /// `az backup vault backup-properties set --soft-delete-feature-state Enable|Disable`.
    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        if ids.call.command != "backup vault backup-properties set" {
            return Ok(None);
        }
        Ok(match ids.call.value("--soft-delete-feature-state") {
            Some(state) if state.eq_ignore_ascii_case("disable") => {
                Some(Command::DisableSoftDelete { vault: ids.vault()? })
            }
            Some(state) if state.eq_ignore_ascii_case("enable") => Some(Command::EnableSoftDelete { vault: ids.vault()? }),
            Some(other) => {
                return Err(AzUsage(format!(
                "ERROR: argument --soft-delete-feature-state: invalid choice: '{other}' (choose from 'Enable', 'Disable')"
            )))
            }
            None => None,
        })
    }

    /// Soft delete: a Recovery Services vault's `backupconfig/vaultconfig`, a Backup vault's `PATCH`.
    fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
        let (_, parts) = call.route();
        let props = call.props();
        let command = match (call.method.as_str(), parts.as_slice()) {
            ("PUT" | "PATCH", [_, "vaults", _, "backupconfig", _]) => {
                soft_delete(vault_of(&call.path), props["softDeleteFeatureState"].as_str())
            }
            ("PATCH", [_, "backupVaults", _]) => {
                let state = props["securitySettings"]["softDeleteSettings"]["state"].as_str();
                soft_delete(
                    call.path.clone(),
                    state.map(|s| if s.eq_ignore_ascii_case("off") { "Disabled" } else { "Enabled" }),
                )
            }
            _ => return Ok(None),
        };
        command.map(Some).ok_or_else(|| call.unsupported())
    }

    fn printed(world: &World, command: &Command) -> Option<Value> {
        let (Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault }) = command else { return None };
        world.vaults().get(vault).map(|v| crate::arm::backup_config(world, v))
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        (name == "Set-AzRecoveryServicesVaultProperty").then(|| set_property(host, b))
    }

    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        let (Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault }) = command else { return None };
        let off = matches!(command, Command::DisableSoftDelete { .. });
        match format {
            Format::Rest => {
                let v = x.w.vaults().get(vault)?;
                let aux = x.aux_token();
                Some(match v.kind {
                    VaultKind::RecoveryServices => {
                        let body = json!({ "properties": { "softDeleteFeatureState": if off { "Disabled" } else { "Enabled" } } });
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
            Format::Az | Format::Pwsh => {
                let state = if off { "Disable" } else { "Enable" };
                let (vault_id, token) = (x.arm_or_name(vault), x.token(format.shell()));
                Some(if format == Format::Pwsh {
                    format!(
                        "Set-AzRecoveryServicesVaultProperty -VaultId {vault_id} -SoftDeleteFeatureState {state}{token}"
                    )
                } else {
                    format!(
                        "az backup vault backup-properties set --ids {vault_id} --soft-delete-feature-state {state}{token}"
                    )
                })
            }
        }
    }
}

/// `Set-AzRecoveryServicesVaultProperty -SoftDeleteFeatureState Enable|Disable`.
fn set_property(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let vault = host.vault_id(b)?;
    let tenant = host.tenant_of_id(&vault);
    let aux = host.token(b)?;
    let command = match b.text("SoftDeleteFeatureState") {
        Some(s) if s.eq_ignore_ascii_case("Disable") => Command::DisableSoftDelete { vault },
        Some(s) if s.eq_ignore_ascii_case("Enable") => Command::EnableSoftDelete { vault },
        Some(other) => {
            return Err(LineError::Usage(format!(
                "Set-AzRecoveryServicesVaultProperty: Cannot validate argument on parameter 'SoftDeleteFeatureState'. The argument \"{other}\" does not belong to the set \"Enable,Disable\"."
            )))
        }
        None => return Ok(PsValue::Null),
    };
    let command = host.change(command, tenant, aux)?;
    let world = host.world();
    Ok(Properties::printed(world, &command).map_or(PsValue::Null, |v| from_arm("ARSVaultProperty", &v)))
}
