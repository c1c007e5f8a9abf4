//! Vaults: create (Recovery Services and Backup vaults) and delete.

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use serde_json::json;

use super::{call, Family, Format, Writer};
use crate::changes::AzUsage;
use crate::changes::Ids;
use crate::host::{object, AuxToken, Bound, Host};
use crate::pwsh::PsValue;
use crate::rest::{resource_group, text, RestCall};
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet, IDS, LOCATION, RG, RG_REQ, YES};
use crate::LineError;
use mua_core::rbac::Action;
use mua_core::world::World;
use serde_json::Value;

pub(super) struct Vaults;

impl Family for Vaults {
    const AZ: &'static [AzCommand] = &[
        AzCommand {
            creates: Some("--name"),
            ..az(
                "backup vault create",
                "Create a new Recovery Services vault or update an existing one.",
                &[RG_REQ, p(&["--name", "-n"], Arity::One, true), p(&["--location", "-l"], Arity::One, true)],
            )
        },
        az(
            "backup vault delete",
            "Delete an existing Recovery services vault.",
            &[IDS, p(&["--name", "-n"], Arity::One, false), RG, p(&["--force"], Arity::Flag, false), YES],
        ),
        AzCommand {
            creates: Some("--vault-name"),
            ..az(
                "dataprotection backup-vault create",
                "Create a BackupVault resource belonging to a resource group.",
                &[
                    RG_REQ,
                    p(&["--vault-name", "-v"], Arity::One, true),
                    LOCATION,
                    p(&["--storage-setting", "--storage-settings"], Arity::One, true),
                    p(&["--type"], Arity::One, false),
                ],
            )
        },
    ];

    const CMDLETS: &'static [Cmdlet] = &[
        Cmdlet {
            creates: true,
            ..cmdlet(
                "New-AzRecoveryServicesVault",
                "Creates a Recovery Services vault.",
                &[("Name", true), ("ResourceGroupName", true), ("Location", true), ("SubscriptionId", false)],
            )
        },
        cmdlet(
            "Get-AzRecoveryServicesVault",
            "Gets a list of Recovery Services vaults.",
            &[("Name", false), ("ResourceGroupName", false)],
        ),
    ];

    /// `az backup vault create|delete`, `az dataprotection backup-vault create`.
    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        let call = ids.call;
        Ok(Some(match call.command {
            "backup vault create" | "dataprotection backup-vault create" => {
                let (kind, name) = if call.command.starts_with("backup") {
                    (VaultKind::RecoveryServices, "--name")
                } else {
                    (VaultKind::Backup, "--vault-name")
                };
                Command::CreateVault {
                    id: ids.required(name)?.to_owned(),
                    kind,
                    resource_group: ids.required("--resource-group")?.to_owned(),
                    location: call.value("--location").map(str::to_owned),
                    identity: None,
                }
            }
            "backup vault delete" => Command::DeleteVault { vault: ids.vault()? },
            _ => return Ok(None),
        }))
    }

    /// `PUT` and `DELETE` of a vault (`Microsoft.RecoveryServices/vaults`, `Microsoft.DataProtection/backupVaults`).
    fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
        let (scope, parts) = call.route();
        Ok(Some(match (call.method.as_str(), parts.as_slice()) {
            ("PUT", [_, kind @ ("vaults" | "backupVaults"), name]) => Command::CreateVault {
                id: (*name).to_owned(),
                kind: if *kind == "vaults" { VaultKind::RecoveryServices } else { VaultKind::Backup },
                resource_group: resource_group(scope)?,
                location: text(&call.body["location"]),
                identity: None,
            },
            ("DELETE", [_, "vaults" | "backupVaults", _]) => Command::DeleteVault { vault: call.path.clone() },
            _ => return Ok(None),
        }))
    }

    fn printed(world: &World, command: &Command) -> Option<Value> {
        let Command::CreateVault { id, .. } = command else { return None };
        world.vaults().get(id).map(|v| crate::arm::vault(world, v))
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        Some(match name {
            "New-AzRecoveryServicesVault" => new_vault(host, b),
            "Get-AzRecoveryServicesVault" => get_vaults(host, b),
            _ => return None,
        })
    }

    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        match (command, format) {
            (Command::CreateVault { id, kind, resource_group, location, identity: None }, Format::Rest) => {
                let location = x.location(location, resource_group)?;
                let path = format!("{}/providers/{}/{id}", x.arm(resource_group)?, kind.resource_type());
                let body = match kind {
                    VaultKind::RecoveryServices => {
                        json!({ "location": location, "sku": { "name": "Standard" }, "properties": {} })
                    }
                    VaultKind::Backup => {
                        json!({ "location": location, "properties": { "storageSettings": [{ "datastoreType": "VaultStore", "type": "LocallyRedundant" }] } })
                    }
                };
                Some(call("put", &path, kind.resource_type(), Some(body), None))
            }
            (Command::CreateVault { id, kind, resource_group, location, identity: None }, _) => {
                let sub = x.subscription_of(resource_group)?;
                let location = x.location(location, resource_group)?;
                match (kind, format) {
                    (VaultKind::RecoveryServices, Format::Az) => Some(format!("az backup vault create --subscription {sub} --resource-group {resource_group} --name {id} --location {location}")),
                    (VaultKind::Backup, Format::Az) => Some(format!("az dataprotection backup-vault create --subscription {sub} --resource-group {resource_group} --vault-name {id} --location {location} --storage-setting \"[{{type:LocallyRedundant,datastore-type:VaultStore}}]\"")),
                    (VaultKind::RecoveryServices, Format::Pwsh) => Some(format!("New-AzRecoveryServicesVault -SubscriptionId {sub} -ResourceGroupName {resource_group} -Name {id} -Location {location}")),
                    _ => None,
                }
            }
            (Command::DeleteVault { vault }, Format::Rest) => {
                let v = x.w.vaults().get(vault)?;
                Some(call("delete", &x.arm(vault)?, v.kind.resource_type(), None, None))
            }
            (Command::DeleteVault { vault }, Format::Az) if x.recovery_services(vault) => {
                Some(format!("az backup vault delete --ids {} --yes", x.arm_or_name(vault)))
            }
            _ => None,
        }
    }
}

fn new_vault(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let command = Command::CreateVault {
        id: b.text("Name").unwrap_or_default().to_owned(),
        kind: VaultKind::RecoveryServices,
        resource_group: b.text("ResourceGroupName").unwrap_or_default().to_owned(),
        location: b.text("Location").map(str::to_owned),
        identity: None,
    };
    let tenant = host.subscription_tenant(b);
    let Command::CreateVault { id, .. } = host.change(command, tenant, AuxToken::None)? else {
        return Ok(PsValue::Null);
    };
    let world = host.world();
    Ok(world.vaults().get(&id).map_or(PsValue::Null, |v| vault_object(world, v)))
}

fn get_vaults(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let world = host.world();
    let sub = host.context.current(world, host.actor).unwrap_or_default();
    let credentials = host.credentials(world.subscriptions().get(&sub).map(|s| s.subscription_id.as_str()));
    let mut found = Vec::new();
    for v in world.vaults().values() {
        let in_scope = world.scope_chain(&v.id).is_some_and(|c| c.subscription == sub)
            && v.kind == VaultKind::RecoveryServices
            && b.text("ResourceGroupName").is_none_or(|rg| v.resource_group.eq_ignore_ascii_case(rg))
            && b.text("Name").is_none_or(|n| v.id.eq_ignore_ascii_case(n));
        if in_scope {
            found.push(v.id.clone());
        }
    }
    let mut objects = Vec::new();
    for v in found {
        host.read(&v, Action::RsvRead, &credentials)?;
        let world = host.world();
        objects.extend(world.vaults().get(&v).map(|v| vault_object(world, v)));
    }
    if let (Some(name), true) = (b.text("Name"), objects.is_empty()) {
        return Err(LineError::Usage(format!(
            "Get-AzRecoveryServicesVault: Vault '{name}' was not found in resource group '{}'.",
            b.text("ResourceGroupName").unwrap_or_default()
        )));
    }
    Ok(if objects.len() == 1 { objects.remove(0) } else { PsValue::List(objects) })
}

/// A Recovery Services vault as `Get-AzRecoveryServicesVault` returns it (`ARSVault`).
pub(super) fn vault_object(world: &World, v: &mua_core::model::Vault) -> PsValue {
    let sub = world.scope_chain(&v.id).and_then(|c| world.subscriptions().get(c.subscription));
    object(
        "ARSVault",
        vec![
            ("Name", PsValue::Str(v.id.clone())),
            ("ID", PsValue::Str(world.arm_id(&v.id).unwrap_or_default())),
            ("Type", PsValue::Str(v.kind.resource_type().to_owned())),
            ("Location", PsValue::Str(v.location.clone())),
            ("ResourceGroupName", PsValue::Str(v.resource_group.clone())),
            ("SubscriptionId", PsValue::Str(sub.map(|s| s.subscription_id.clone()).unwrap_or_default())),
        ],
    )
}
