//! Role assignments (Azure RBAC): create and remove.

use mua_core::command::Command;
use serde_json::json;

use super::{call, quote, role_id, Format, Writer};
use crate::changes::AzUsage;
use crate::changes::Ids;
use crate::rest::{assignment_name, principal_and_role, usage, RestCall};
use mua_core::rbac::Role;

const ASSIGNMENTS: &str = "Microsoft.Authorization/roleAssignments";

pub(super) fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
    let (Command::AssignRole { principal, role, scope } | Command::RemoveRoleAssignment { principal, role, scope }) =
        command
    else {
        return None;
    };
    let create = matches!(command, Command::AssignRole { .. });
    if format == Format::Rest {
        let scope_arm = x.arm(scope)?;
        let scope_handle = x.w.handle_of(&scope_arm).unwrap_or(scope);
        let name = crate::rest::assignment_name(principal, role.id, scope_handle);
        let path = format!("{scope_arm}/providers/Microsoft.Authorization/roleAssignments/{name}");
        if create {
            let body = json!({ "properties": { "roleDefinitionId": role_id(&scope_arm, role), "principalId": x.object_id(principal)? } });
            return Some(call("put", &path, ASSIGNMENTS, Some(body), None));
        }
        x.w.assignments().find(|a| &a.principal == principal && a.role == *role && a.scope == scope_handle)?;
        return Some(call("delete", &path, ASSIGNMENTS, None, None));
    }
    let role = quote(role.name);
    // The tools name a principal by its object id.
    let principal = x.w.principals().get(principal).map_or(principal.as_str(), |p| p.object_id.as_str());
    Some(match format {
        Format::Pwsh => format!(
            "{}-AzRoleAssignment -ObjectId {principal} -RoleDefinitionName {role} -Scope {}",
            if create { "New" } else { "Remove" },
            x.arm_or_name(scope)
        ),
        _ => format!(
            "az role assignment {} --role {role} --assignee {principal} --scope {}",
            if create { "create" } else { "delete" },
            x.arm_or_name(scope)
        ),
    })
}

/// `PUT` and `DELETE` of `Microsoft.Authorization/roleAssignments/{name}`.
pub(super) fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
    let (scope, parts) = call.route();
    let [ns, "roleAssignments", name] = parts.as_slice() else { return Ok(None) };
    if !ns.eq_ignore_ascii_case("Microsoft.Authorization") {
        return Ok(None);
    }
    Ok(Some(match call.method.as_str() {
        "PUT" => {
            let (principal, role) = principal_and_role(call.world, call.props())?;
            Command::AssignRole { principal, role, scope: scope.to_owned() }
        }
        "DELETE" => {
            // The assignment the name stands for.
            let scope_handle = call.world.handle_of(scope).unwrap_or(scope);
            let found = call
                .world
                .assignments()
                .find(|a| a.scope == scope_handle && assignment_name(&a.principal, a.role.id, &a.scope) == *name)
                .ok_or_else(|| usage(format!("(RoleAssignmentNotFound) The role assignment '{name}' is not found.")))?;
            Command::RemoveRoleAssignment {
                principal: found.principal.clone(),
                role: found.role,
                scope: scope.to_owned(),
            }
        }
        _ => return Ok(None),
    }))
}

/// `az role assignment create|delete`.
pub(super) fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
    let call = ids.call;
    let create = match call.command {
        "role assignment create" => true,
        "role assignment delete" => false,
        _ => return Ok(None),
    };
    let role = ids.required("--role")?;
    let role: Role =
        mua_core::rbac::role(role).ok_or_else(|| AzUsage(format!("ERROR: Role '{role}' doesn't exist.")))?;
    let principal = call
        .value("--assignee")
        .or_else(|| call.value("--assignee-object-id"))
        .ok_or_else(|| AzUsage("ERROR: the following arguments are required: --assignee".to_owned()))?;
    // az takes a sign-in name or an object id; the world's handle, name or object id here.
    let principal = crate::principal_handle(ids.world, principal);
    let scope = match (call.value("--scope"), call.value("--resource-group")) {
        (Some(scope), _) => scope.to_owned(),
        (None, Some(rg)) => rg.to_owned(),
        (None, None) => ids.subscription_id(),
    };
    Ok(Some(if create {
        Command::AssignRole { principal, role, scope }
    } else {
        Command::RemoveRoleAssignment { principal, role, scope }
    }))
}
