//! Resource Guards: create, update (the operations excluded from protection), delete.

use mua_core::command::Command;
use serde_json::{json, Value};

use super::{call, quote, tags_json, tags_words, Format, Writer};
use crate::changes::AzUsage;
use crate::changes::{tags as tag_words, Ids};
use crate::rest::{resource_group, text, RestCall};
use mua_core::critical_operations::VaultKind;

const GUARDS: &str = "Microsoft.DataProtection/resourceGuards";

pub(super) fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
    let shell = format.shell();
    match (command, format) {
        (
            Command::CreateResourceGuard { id, resource_group, location, description, excluded_operations, tags },
            Format::Rest,
        ) => {
            if x.w.guards().contains_key(id) {
                return None;
            }
            let path = format!("{}/providers/Microsoft.DataProtection/resourceGuards/{id}", x.arm(resource_group)?);
            let mut properties = json!({ "vaultCriticalOperationExclusionList": excluded_operations });
            if !description.is_empty() {
                properties["description"] = Value::from(description.as_str());
            }
            let body = json!({ "location": x.location(location, resource_group)?, "tags": tags_json(tags), "properties": properties });
            Some(call("put", &path, GUARDS, Some(body), None))
        }
        (Command::CreateResourceGuard { id, resource_group, location, description, excluded_operations, tags }, _) => {
            if !description.is_empty() || !excluded_operations.is_empty() {
                return None;
            }
            let sub = x.subscription_of(resource_group)?;
            let location = x.location(location, resource_group)?;
            let tags = tags_words(tags.iter(), shell);
            Some(match format {
                Format::Pwsh => format!("New-AzDataProtectionResourceGuard -SubscriptionId {sub} -ResourceGroupName {resource_group} -Name {id} -Location {location}{tags}"),
                _ => format!("az dataprotection resource-guard create --subscription {sub} --resource-group {resource_group} --resource-guard-name {id} --location {location}{tags}"),
            })
        }
        (
            Command::UpdateResourceGuard { guard, excluded_operations, resource_type: None, description, tags },
            Format::Rest,
        ) => {
            let mut properties = json!({ "vaultCriticalOperationExclusionList": excluded_operations });
            if let Some(d) = description {
                properties["description"] = Value::from(d.as_str());
            }
            let mut body = json!({ "properties": properties });
            if let Some(t) = tags {
                body["tags"] = tags_json(t);
            }
            Some(call("patch", &x.guard_arm(guard)?, GUARDS, Some(body), None))
        }
        (
            Command::UpdateResourceGuard { guard, excluded_operations, resource_type, description: None, tags },
            Format::Az | Format::Pwsh,
        ) => {
            if excluded_operations.is_empty() {
                return None;
            }
            let g = x.w.resolve_guard(guard)?;
            let list: Vec<String> = excluded_operations.iter().map(|o| quote(o)).collect();
            let tags = tags_words(tags.iter().flatten(), shell);
            Some(match format {
                Format::Pwsh => {
                    if resource_type.is_some() {
                        return None;
                    }
                    format!(
                        "Update-AzDataProtectionResourceGuard -SubscriptionId {} -ResourceGroupName {} -Name {} -CriticalOperationExclusionList {}{tags}",
                        x.subscription_of(&g.id)?,
                        g.resource_group,
                        g.id,
                        list.join(",")
                    )
                }
                _ => {
                    let kind =
                        resource_type.map(|k| format!(" --resource-type {}", k.resource_type())).unwrap_or_default();
                    format!("az dataprotection resource-guard update --ids {} --critical-operation-exclusion-list {}{kind}{tags}", x.arm_or_name(&g.id), list.join(" "))
                }
            })
        }
        (Command::DeleteResourceGuard { guard }, Format::Rest) => {
            Some(call("delete", &x.guard_arm(guard)?, GUARDS, None, None))
        }
        (Command::DeleteResourceGuard { guard }, _) => {
            let g = x.w.resolve_guard(guard)?;
            Some(match format {
                Format::Pwsh => format!(
                    "Remove-AzDataProtectionResourceGuard -SubscriptionId {} -ResourceGroupName {} -Name {}",
                    x.subscription_of(&g.id)?,
                    g.resource_group,
                    g.id
                ),
                _ => format!("az dataprotection resource-guard delete --ids {} --yes", x.arm_or_name(&g.id)),
            })
        }
        _ => None,
    }
}

/// `PUT`/`PATCH` and `DELETE` of `Microsoft.DataProtection/resourceGuards/{name}`.
pub(super) fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
    let (scope, parts) = call.route();
    let (body, props, path) = (&call.body, call.props(), call.path.clone());
    Ok(Some(match (call.method.as_str(), parts.as_slice()) {
        ("PUT" | "PATCH", [ns, "resourceGuards", name]) if ns.eq_ignore_ascii_case("Microsoft.DataProtection") => {
            let exclusions = props["vaultCriticalOperationExclusionList"]
                .as_array()
                .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect::<Vec<_>>());
            let tags = body["tags"]
                .as_object()
                .map(|t| t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect());
            if call.world.resolve_guard(&path).is_some() || call.method == "PATCH" {
                Command::UpdateResourceGuard {
                    guard: path,
                    excluded_operations: exclusions.unwrap_or_default(),
                    resource_type: None,
                    description: text(&props["description"]),
                    tags,
                }
            } else {
                Command::CreateResourceGuard {
                    id: (*name).to_owned(),
                    resource_group: resource_group(scope)?,
                    location: text(&body["location"]),
                    description: text(&props["description"]).unwrap_or_default(),
                    excluded_operations: exclusions.unwrap_or_default(),
                    tags: tags.unwrap_or_default(),
                }
            }
        }
        ("DELETE", [_, "resourceGuards", _]) => Command::DeleteResourceGuard { guard: path },
        _ => return Ok(None),
    }))
}

/// `az dataprotection resource-guard create|update|delete`.
pub(super) fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
    let call = ids.call;
    Ok(Some(match call.command {
        "dataprotection resource-guard create" => Command::CreateResourceGuard {
            id: ids.required("--resource-guard-name")?.to_owned(),
            resource_group: ids.required("--resource-group")?.to_owned(),
            location: call.value("--location").map(str::to_owned),
            description: String::new(),
            excluded_operations: Vec::new(),
            tags: tag_words(call.values("--tags").unwrap_or_default())?,
        },
        "dataprotection resource-guard update" => Command::UpdateResourceGuard {
            guard: ids.guard()?,
            excluded_operations: call.values("--critical-operation-exclusion-list").unwrap_or_default().to_vec(),
            resource_type: match call.value("--resource-type") {
                None => None,
                Some(t) => Some(VaultKind::parse(t).ok_or_else(|| {
                    AzUsage(format!(
                        "ERROR: argument --resource-type: invalid choice: '{t}' (choose from 'Microsoft.RecoveryServices/vaults', 'Microsoft.DataProtection/backupVaults')"
                    ))
                })?),
            },
            description: None,
            tags: call.values("--tags").map(tag_words).transpose()?,
        },
        "dataprotection resource-guard delete" => Command::DeleteResourceGuard { guard: ids.guard()? },
        _ => return Ok(None),
    }))
}
