//! Role assignments (Azure RBAC): create and remove.

use mua_core::command::Command;
use serde_json::json;

use super::{call, quote, role_id, Family, Format, Writer};
use crate::arm;
use crate::changes::AzUsage;
use crate::changes::Ids;
use crate::host::{object, AuxToken, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::rest::{assignment_name, principal_and_role, usage, RestCall};
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet, Param, IDS, RG};
use crate::LineError;
use mua_core::model::AssignmentType;
use mua_core::rbac::{Action, Role};
use mua_core::world::World;
use serde_json::Value;

const ROLE: Param = p(&["--role"], Arity::One, false);
const ASSIGNEE: Param = p(&["--assignee"], Arity::One, false);
const SCOPE: Param = p(&["--scope"], Arity::One, false);
/// The cmdlets' parameters (`-ObjectId` or `-SignInName`; `-Scope` or `-ResourceGroupName`).
const CMDLET_PARAMS: &[(&str, bool)] = &[
    ("ObjectId", false),
    ("SignInName", false),
    ("RoleDefinitionName", true),
    ("Scope", false),
    ("ResourceGroupName", false),
];

pub(super) struct Roles;

impl Family for Roles {
    const AZ: &'static [AzCommand] = &[
        az(
            "role assignment create",
            "Create a new role assignment for a user, group, or service principal.",
            &[
                Param { required: true, ..ROLE },
                ASSIGNEE,
                p(&["--assignee-object-id"], Arity::One, false),
                p(&["--assignee-principal-type"], Arity::One, false),
                SCOPE,
                RG,
            ],
        ),
        az("role assignment delete", "Delete role assignments.", &[ROLE, ASSIGNEE, SCOPE, RG, IDS]),
        AzCommand {
            // azure-cli `src/azure-cli/azure/cli/command_modules/role/commands.py`:
            // `table_transformer=transform_assignment_list`.
            table: &[("Principal", "principalName"), ("Role", "roleDefinitionName"), ("Scope", "scope")],
            ..az(
                "role assignment list",
                "List role assignments.",
                &[ASSIGNEE, ROLE, SCOPE, RG, p(&["--all"], Arity::Flag, false)],
            )
        },
    ];

    const CMDLETS: &'static [Cmdlet] = &[
        cmdlet(
            "New-AzRoleAssignment",
            "Assigns the specified RBAC role to the specified principal, at the specified scope.",
            CMDLET_PARAMS,
        ),
        cmdlet(
            "Remove-AzRoleAssignment",
            "Removes a role assignment to the specified principal who is assigned to a particular role at a particular scope.",
            CMDLET_PARAMS,
        ),
    ];

    /// `az role assignment create|delete`.
    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
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

    /// `PUT` and `DELETE` of `Microsoft.Authorization/roleAssignments/{name}`.
    fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
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
                    .ok_or_else(|| {
                        usage(format!("(RoleAssignmentNotFound) The role assignment '{name}' is not found."))
                    })?;
                Command::RemoveRoleAssignment {
                    principal: found.principal.clone(),
                    role: found.role,
                    scope: scope.to_owned(),
                }
            }
            _ => return Ok(None),
        }))
    }

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        (run.call.command == "role assignment list").then(|| list(run))
    }

    fn printed(world: &World, command: &Command) -> Option<Value> {
        let Command::AssignRole { principal, role, scope } = command else { return None };
        world.assignments().find(|a| &a.principal == principal && a.role == *role && &a.scope == scope).map(|a| {
            let mut value = arm::role_assignment(world, a);
            // Printed as it is made: made now, where the world has no start for it.
            if value["createdOn"].is_null() {
                let now = world.now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
                value["createdOn"] = Value::from(now.clone());
                value["updatedOn"] = Value::from(now);
            }
            value
        })
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        let create = match name {
            "New-AzRoleAssignment" => true,
            "Remove-AzRoleAssignment" => false,
            _ => return None,
        };
        Some(assign(host, name, create, b))
    }

    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
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
}

/// `New-AzRoleAssignment`, `Remove-AzRoleAssignment`.
fn assign(host: &mut Host<'_>, name: &str, create: bool, b: &Bound) -> Result<PsValue, LineError> {
    let world = host.world();
    let role_name = b.text("RoleDefinitionName").unwrap_or_default();
    let role = mua_core::rbac::role(role_name)
        .ok_or_else(|| LineError::Usage(format!("{name}: Cannot find role definition with name '{role_name}'.")))?;
    let named = b.text("ObjectId").or_else(|| b.text("SignInName")).ok_or_else(|| {
        LineError::Usage(format!(
            "{name}: Cannot process command because of one or more missing mandatory parameters: ObjectId."
        ))
    })?;
    let principal = crate::principal_handle(world, named);
    let scope = match (b.text("Scope"), b.text("ResourceGroupName")) {
        (Some(scope), _) => scope.to_owned(),
        (None, Some(rg)) => rg.to_owned(),
        (None, None) => format!("/subscriptions/{}", host.subscription_guid(b)),
    };
    let tenant = host.tenant_of_id(&scope);
    let command = if create {
        Command::AssignRole { principal, role, scope }
    } else {
        Command::RemoveRoleAssignment { principal, role, scope }
    };
    let command = host.change(command, tenant, AuxToken::None)?;
    let Command::AssignRole { principal, role, scope } = &command else { return Ok(PsValue::Null) };
    let world = host.world();
    let found = world.assignments().find(|a| &a.principal == principal && a.role == *role && &a.scope == scope);
    Ok(found.map_or(PsValue::Null, |a| ps_role_assignment(world, a)))
}

/// A role assignment as Az.Resources' `PSRoleAssignment` prints it (`New-AzRoleAssignment`).
fn ps_role_assignment(world: &World, a: &mua_core::model::RoleAssignment) -> PsValue {
    let arm = arm::listed_role_assignment(world, a);
    let text = |k: &str| PsValue::Str(arm[k].as_str().unwrap_or_default().to_owned());
    let p = world.principals().get(&a.principal);
    object(
        "PSRoleAssignment",
        vec![
            ("RoleAssignmentName", text("name")),
            ("RoleAssignmentId", text("id")),
            ("Scope", text("scope")),
            ("DisplayName", PsValue::Str(p.map_or_else(String::new, |p| p.name.clone()))),
            ("SignInName", text("principalName")),
            ("RoleDefinitionName", PsValue::Str(a.role.name.to_owned())),
            ("RoleDefinitionId", PsValue::Str(a.role.id.to_owned())),
            ("ObjectId", text("principalId")),
            ("ObjectType", text("principalType")),
            ("CanDelegate", PsValue::Str("False".to_owned())),
            ("Description", PsValue::Null),
            ("ConditionVersion", PsValue::Null),
            ("Condition", PsValue::Null),
        ],
    )
}

/// `az role assignment list`: the assignments at the scope (and, with `--all`, below it) the
/// caller can read, filtered by `--assignee` and `--role`.
fn list(run: &AzRun<'_>) -> Result<Returned, LineError> {
    let (world, call) = (run.world(), run.call);
    let scope = match (call.value("--scope"), call.value("--resource-group")) {
        (Some(scope), _) => scope.to_owned(),
        (None, Some(rg)) => format!("{}/resourceGroups/{rg}", run.ids().subscription_id()),
        (None, None) => run.ids().subscription_id(),
    };
    let trace = run.read(&scope, Action::RoleAssignmentRead)?;
    let scope_handle = world.handle_of(&scope).unwrap_or(&scope).to_owned();
    let assignee = call.value("--assignee");
    let role = call.value("--role");
    let listed: Vec<Value> = world
        .assignments()
        .filter(|a| {
            let principal = world.principals().get(&a.principal);
            assignee.is_none_or(|x| {
                a.principal == x || principal.is_some_and(|p| p.object_id == x || p.name.eq_ignore_ascii_case(x))
            })
        })
        .filter(|a| role.is_none_or(|r| a.role.name.eq_ignore_ascii_case(r) || a.role.id == r))
        .filter(|a| a.kind == AssignmentType::Active)
        .filter(|a| {
            let covers = world.scope_chain(&scope_handle).is_some_and(|c| c.covered_by(&a.scope));
            let below = call.flag("--all") && world.scope_chain(&a.scope).is_some_and(|c| c.covered_by(&scope_handle));
            covers || below
        })
        .map(|a| arm::listed_role_assignment(world, a))
        .collect();
    Ok(Returned::json(Value::Array(listed), trace))
}

const ASSIGNMENTS: &str = "Microsoft.Authorization/roleAssignments";
