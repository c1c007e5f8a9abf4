//! Resource Guards: create, update (the operations excluded from protection), delete.

use mua_core::command::Command;
use serde_json::{json, Value};

use super::{call, quote, tags_json, tags_words, Family, Format, Writer};

pub(super) const FAMILY: Family = Family { write };

const GUARDS: &str = "Microsoft.DataProtection/resourceGuards";

fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
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
