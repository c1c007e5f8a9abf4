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

    /// `az backup vault backup-properties set --soft-delete-feature-state Enable|Disable|AlwaysOn`
    /// (learn.microsoft.com/cli/azure/backup/vault/backup-properties; az's enum is case-blind).
    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        if ids.call.command != "backup vault backup-properties set" {
            return Ok(None);
        }
        let Some(state) = ids.call.value("--soft-delete-feature-state") else { return Ok(None) };
        let command = match AZ_STATES.iter().position(|s| s.eq_ignore_ascii_case(state)) {
            Some(k) => state_command(ids.vault()?, k),
            None => {
                let choices = AZ_STATES.map(|s| format!("'{s}'")).join(", ");
                return Err(AzUsage(format!(
                    "ERROR: argument --soft-delete-feature-state: invalid choice: '{state}' (choose from {choices})"
                )));
            }
        };
        Ok(Some(command))
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
                // A Backup vault's `softDeleteSettings.state`: `Off`, `On`, `AlwaysOn`.
                let state = props["securitySettings"]["softDeleteSettings"]["state"].as_str();
                soft_delete(
                    call.path.clone(),
                    state.map(|s| match s.to_ascii_lowercase().as_str() {
                        "off" => "Disabled",
                        "alwayson" => "AlwaysON",
                        _ => "Enabled",
                    }),
                )
            }
            _ => return Ok(None),
        };
        command.map(Some).ok_or_else(|| call.unsupported())
    }

    fn printed(world: &World, command: &Command) -> Option<Value> {
        let (Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault, .. }) = command else {
            return None;
        };
        world.vaults().get(vault).map(|v| crate::arm::backup_config(world, v))
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        (name == "Set-AzRecoveryServicesVaultProperty").then(|| set_property(host, b))
    }

    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        let (Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault, .. }) = command else {
            return None;
        };
        // Which of the three states: 0 Enable, 1 Disable, 2 always on.
        let k = match command {
            Command::DisableSoftDelete { .. } => 1,
            Command::EnableSoftDelete { always_on: true, .. } => 2,
            _ => 0,
        };
        match format {
            Format::Rest => {
                let v = x.w.vaults().get(vault)?;
                let aux = x.aux_token();
                Some(match v.kind {
                    VaultKind::RecoveryServices => {
                        let body = json!({ "properties": { "softDeleteFeatureState": (["Enabled", "Disabled", "AlwaysON"][k]) } });
                        call(
                            "patch",
                            &format!("{}/backupconfig/vaultconfig", x.arm(vault)?),
                            "Microsoft.RecoveryServices/vaults/backupconfig",
                            Some(body),
                            aux,
                        )
                    }
                    VaultKind::Backup => {
                        let body = json!({ "properties": { "securitySettings": { "softDeleteSettings": { "state": (["On", "Off", "AlwaysOn"][k]) } } } });
                        call("patch", &x.arm(vault)?, v.kind.resource_type(), Some(body), aux)
                    }
                })
            }
            _ if !x.recovery_services(vault) => None,
            Format::Az | Format::Pwsh => {
                let (vault_id, token) = (x.arm_or_name(vault), x.token(format.shell()));
                Some(if format == Format::Pwsh {
                    let state = PS_STATES[k];
                    format!(
                        "Set-AzRecoveryServicesVaultProperty -VaultId {vault_id} -SoftDeleteFeatureState {state}{token}"
                    )
                } else {
                    let state = AZ_STATES[k];
                    format!(
                        "az backup vault backup-properties set --ids {vault_id} --soft-delete-feature-state {state}{token}"
                    )
                })
            }
        }
    }
}

/// The soft delete states az's `--soft-delete-feature-state` takes.
const AZ_STATES: [&str; 3] = ["Enable", "Disable", "AlwaysOn"];
/// The set `Set-AzRecoveryServicesVaultProperty -SoftDeleteFeatureState` validates against.
const PS_STATES: [&str; 3] = ["Enable", "Disable", "AlwaysON"];

/// The command that sets the `k`th state of [`AZ_STATES`] / [`PS_STATES`].
fn state_command(vault: String, k: usize) -> Command {
    match k {
        1 => Command::DisableSoftDelete { vault },
        k => Command::EnableSoftDelete { vault, always_on: k == 2 },
    }
}

/// `Set-AzRecoveryServicesVaultProperty -SoftDeleteFeatureState Enable|Disable|AlwaysON`.
fn set_property(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let vault = host.vault_id(b)?;
    let tenant = host.tenant_of_id(&vault);
    let aux = host.token(b)?;
    let Some(state) = b.text("SoftDeleteFeatureState") else { return Ok(PsValue::Null) };
    let command = match PS_STATES.iter().position(|s| s.eq_ignore_ascii_case(state)) {
        Some(k) => state_command(vault, k),
        None => {
            return Err(LineError::Usage(format!(
                "Set-AzRecoveryServicesVaultProperty: Cannot validate argument on parameter 'SoftDeleteFeatureState'. The argument \"{state}\" does not belong to the set \"{}\".",
                PS_STATES.join(",")
            )))
        }
    };
    let command = host.change(command, tenant, aux)?;
    let world = host.world();
    Ok(Properties::printed(world, &command).map_or(PsValue::Null, |v| from_arm("ARSVaultProperty", &v)))
}
