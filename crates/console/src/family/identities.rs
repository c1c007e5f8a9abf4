//! A Recovery Services vault's managed identities: `az backup vault identity assign|remove|show`
//! (azure-cli `src/azure-cli/azure/cli/command_modules/backup/custom.py`: `assign_identity`,
//! `remove_identity`, `show_identity`) and `Update-AzRecoveryServicesVault -IdentityType`, each the
//! core's identity commands (I1, I2).

use serde_json::Value;

use super::Family;
use crate::arm;
use crate::host::{AuxToken, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet, Param, IDS, RG};
use crate::LineError;
use mua_core::command::Command;
use mua_core::error::Trace;

const NAME: Param = p(&["--name", "-n"], Arity::One, false);
/// `assign` and `remove` take the same parameters.
const CHANGE: &[Param] =
    &[IDS, NAME, RG, p(&["--system-assigned"], Arity::Flag, false), p(&["--user-assigned"], Arity::Many, false)];

pub(super) struct Identities;

impl Family for Identities {
    const AZ: &'static [AzCommand] = &[
        az("backup vault identity assign", "Assign Identities to Recovery Services vault.", CHANGE),
        az("backup vault identity remove", "Remove Identities of Recovery Services vault.", CHANGE),
        az("backup vault identity show", "Show details of MSI properties.", &[IDS, NAME, RG]),
    ];

    const CMDLETS: &'static [Cmdlet] = &[cmdlet(
        "Update-AzRecoveryServicesVault",
        "Updates a Recovery Services vault.",
        &[("ResourceGroupName", true), ("Name", true), ("IdentityType", false), ("IdentityId", false)],
    )];

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        let assign = match run.call.command {
            "backup vault identity assign" => true,
            "backup vault identity remove" => false,
            "backup vault identity show" => return Some(show(run)),
            _ => return None,
        };
        Some(change(run, assign))
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        (name == "Update-AzRecoveryServicesVault").then(|| update_vault(host, b))
    }
}

/// `assign` / `remove`: the core's command for each identity the line names, in turn; the vault's
/// identity as az prints it after. Naming none is az's own error.
fn change(run: &mut AzRun<'_>, assign: bool) -> Result<Returned, LineError> {
    let vault = run.ids().vault()?;
    let system = run.call.flag("--system-assigned");
    let users: Vec<String> = run.call.values("--user-assigned").unwrap_or_default().to_vec();
    if !system && users.is_empty() {
        return Err(LineError::Usage("ERROR: Invalid parameters, no operation specified.".to_owned()));
    }
    let mut commands = Vec::new();
    if system {
        commands.push(if assign {
            Command::EnableSystemIdentity { vault: vault.clone() }
        } else {
            Command::DisableSystemIdentity { vault: vault.clone() }
        });
    }
    for identity in users {
        let vault = vault.clone();
        commands.push(if assign {
            Command::AttachUserIdentity { vault, identity }
        } else {
            Command::DetachUserIdentity { vault, identity }
        });
    }
    let mut trace = Trace::default();
    let mut acted = String::new();
    for command in commands {
        let (command, checks) = run.submit(command, Vec::new())?;
        trace.append(checks);
        if let Command::EnableSystemIdentity { vault }
        | Command::DisableSystemIdentity { vault }
        | Command::AttachUserIdentity { vault, .. }
        | Command::DetachUserIdentity { vault, .. } = command
        {
            acted = vault;
        }
    }
    let world = run.world();
    let value = world.vaults().get(&acted).map_or(Value::Null, |v| arm::vault_identity(world, v));
    Ok(Returned::json(value, trace))
}

/// `show`: the vault's identity (`null` printed as nothing).
fn show(run: &AzRun<'_>) -> Result<Returned, LineError> {
    let id = run.ids().vault()?;
    let trace = run.read(&id, mua_core::rbac::Action::RsvRead)?;
    let world = run.world();
    let handle = world.handle_of(&id).unwrap_or(&id);
    Ok(Returned::json(world.vaults().get(handle).map_or(Value::Null, |v| arm::vault_identity(world, v)), trace))
}

/// `Update-AzRecoveryServicesVault -IdentityType SystemAssigned|UserAssigned|None [-IdentityId]`.
fn update_vault(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let vault = host.resource_id(b, "Microsoft.RecoveryServices/vaults", "Name");
    let tenant = host.subscription_tenant(b);
    let command = match b.text("IdentityType") {
        Some(t) if t.eq_ignore_ascii_case("SystemAssigned") => Command::EnableSystemIdentity { vault },
        Some(t) if t.eq_ignore_ascii_case("None") => Command::DisableSystemIdentity { vault },
        Some(t) if t.eq_ignore_ascii_case("UserAssigned") => {
            let identity = b.text("IdentityId").map(str::to_owned).ok_or_else(|| {
                LineError::Usage(
                    "Update-AzRecoveryServicesVault: -IdentityId is required with -IdentityType UserAssigned.".to_owned(),
                )
            })?;
            Command::AttachUserIdentity { vault, identity }
        }
        Some(other) => {
            return Err(LineError::Usage(format!(
                "Update-AzRecoveryServicesVault: Cannot validate argument on parameter 'IdentityType'. The argument \"{other}\" does not belong to the set \"SystemAssigned,UserAssigned,None\"."
            )))
        }
        None => return Ok(PsValue::Null),
    };
    let (Command::EnableSystemIdentity { vault }
    | Command::DisableSystemIdentity { vault }
    | Command::AttachUserIdentity { vault, .. }) = host.change(command, tenant, AuxToken::None)?
    else {
        return Ok(PsValue::Null);
    };
    // The vault as the cmdlet returns it.
    let world = host.world();
    Ok(world.vaults().get(&vault).map_or(PsValue::Null, |v| super::vaults::vault_object(world, v)))
}
