//! Vaults: create (Recovery Services and Backup vaults) and delete.

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use serde_json::json;

use super::{call, Format, Writer};
use crate::changes::AzUsage;
use crate::changes::Ids;
use crate::rest::{resource_group, text, RestCall};

pub(super) fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
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

/// `PUT` and `DELETE` of a vault (`Microsoft.RecoveryServices/vaults`, `Microsoft.DataProtection/backupVaults`).
pub(super) fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
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

/// `az backup vault create|delete`, `az dataprotection backup-vault create`.
pub(super) fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
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
