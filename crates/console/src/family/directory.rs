//! Microsoft Entra ID: users and group members (`az ad user list|show`, `az ad group member
//! add|remove|list`, `Get-AzADUser`, `Add-AzADGroupMember`, `Remove-AzADGroupMember`), in the
//! directory the tool is signed in to. Listing a directory is the core's decision
//! (`World::decide_directory_list`: a member's right, not a guest's); adding and removing a member
//! are its commands (`add_group_member`, `remove_group_member`: a group's owners may).

use serde_json::{json, Value};

use super::Family;
use super::{Format, Writer};
use crate::changes::{AzUsage, Ids};
use crate::host::{object, AuxToken, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet};
use crate::LineError;
use mua_core::command::Command;
use mua_core::model::{Handle, Principal, PrincipalKind};
use mua_core::world::World;

pub(super) struct Directory;

impl Family for Directory {
    const AZ: &'static [AzCommand] = &[
        az(
            "ad user list",
            "List users.",
            &[p(&["--display-name"], Arity::One, false), p(&["--upn"], Arity::One, false)],
        ),
        az("ad user show", "Get the details of a user.", &[p(&["--id"], Arity::One, true)]),
        az(
            "ad group member add",
            "Add a member to a group.",
            &[p(&["--group", "-g"], Arity::One, true), p(&["--member-id"], Arity::One, true)],
        ),
        az("ad group member list", "Get the members of a group.", &[p(&["--group", "-g"], Arity::One, true)]),
        // azure-cli `role/_params.py` (`ad group member`): the group by display name or object id,
        // the member by object id.
        az(
            "ad group member remove",
            "Remove a member from a group.",
            &[p(&["--group", "-g"], Arity::One, true), p(&["--member-id"], Arity::One, true)],
        ),
    ];

    // Az.Resources' `Add-AzADGroupMember` (`-TargetGroup…`) and `Remove-AzADGroupMember` (`-Group…`).
    const CMDLETS: &'static [Cmdlet] = &[
        cmdlet(
            "Get-AzADUser",
            "Lists users.",
            &[("UserPrincipalName", false), ("ObjectId", false), ("DisplayName", false)],
        ),
        cmdlet(
            "Add-AzADGroupMember",
            "Adds member to group.",
            &[
                ("TargetGroupObjectId", false),
                ("TargetGroupDisplayName", false),
                ("MemberObjectId", false),
                ("MemberUserPrincipalName", false),
            ],
        ),
        cmdlet(
            "Remove-AzADGroupMember",
            "Removes member from group.",
            &[
                ("GroupObjectId", false),
                ("GroupDisplayName", false),
                ("MemberObjectId", false),
                ("MemberUserPrincipalName", false),
            ],
        ),
    ];

    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        let named = |key: &'static str| ids.required(key).map(|n| crate::principal_handle(ids.world, n));
        Ok(Some(match ids.call.command {
            "ad group member add" => {
                Command::AddGroupMember { group: named("--group")?, principal: named("--member-id")? }
            }
            "ad group member remove" => {
                Command::RemoveGroupMember { group: named("--group")?, principal: named("--member-id")? }
            }
            _ => return Ok(None),
        }))
    }

    /// `az ad group member add|remove --group <object id> --member-id <object id>`, and the two
    /// cmdlets (Microsoft Graph calls: no ARM REST line).
    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        let (Command::AddGroupMember { group, principal } | Command::RemoveGroupMember { group, principal }) = command
        else {
            return None;
        };
        let add = matches!(command, Command::AddGroupMember { .. });
        let id = |h: &str| x.w.principals().get(h).map(|p| p.object_id.clone());
        let (group, member) = (id(group)?, id(principal)?);
        match format {
            Format::Az => Some(format!(
                "az ad group member {} --group {group} --member-id {member}",
                if add { "add" } else { "remove" }
            )),
            Format::Pwsh if add => {
                Some(format!("Add-AzADGroupMember -TargetGroupObjectId {group} -MemberObjectId {member}"))
            }
            Format::Pwsh => Some(format!("Remove-AzADGroupMember -GroupObjectId {group} -MemberObjectId {member}")),
            Format::Rest => None,
        }
    }

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        Some(match run.call.command {
            "ad user list" => list_users(run),
            "ad user show" => show_user(run),
            "ad group member list" => list_members(run),
            _ => return None,
        })
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        Some(match name {
            "Get-AzADUser" => get_users(host, b),
            "Add-AzADGroupMember" => member(host, b, true),
            "Remove-AzADGroupMember" => member(host, b, false),
            _ => return None,
        })
    }
}

/// `Add-AzADGroupMember` / `Remove-AzADGroupMember`: the group by object id or display name, the
/// member by object id or sign-in name; the change is the core's to decide, with the token of the
/// directory the context is in.
fn member(host: &mut Host<'_>, b: &Bound, add: bool) -> Result<PsValue, LineError> {
    let cmdlet = host.current;
    let (by_id, by_name) =
        if add { ("TargetGroupObjectId", "TargetGroupDisplayName") } else { ("GroupObjectId", "GroupDisplayName") };
    let missing = |what: &str| {
        LineError::Usage(format!(
            "{cmdlet}: Cannot process command because of one or more missing mandatory parameters: {what}."
        ))
    };
    let group = b.text(by_id).or_else(|| b.text(by_name)).ok_or_else(|| missing(by_id))?;
    let principal = b
        .text("MemberObjectId")
        .or_else(|| b.text("MemberUserPrincipalName"))
        .ok_or_else(|| missing("MemberObjectId"))?;
    let world = host.world();
    let (group, principal) = (crate::principal_handle(world, group), crate::principal_handle(world, principal));
    let tenant = directory(world, host.context, host.actor);
    let command = if add {
        Command::AddGroupMember { group, principal }
    } else {
        Command::RemoveGroupMember { group, principal }
    };
    host.change(command, Some(tenant), AuxToken::None)?;
    Ok(PsValue::Null)
}

/// A user as Microsoft Graph returns it (`az ad user show`), named as the directory lists them.
fn user_json(world: &World, user: &Principal, tenant: &str) -> Value {
    json!({
        "businessPhones": [],
        "displayName": user.name,
        "givenName": null,
        "id": user.object_id,
        "jobTitle": null,
        "mail": null,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": null,
        "surname": null,
        "userPrincipalName": world.sign_in_name_in(&user.id, tenant),
    })
}

/// The directory a line acts in: the tenant-level account's, else the current subscription's,
/// else the principal's home.
fn directory(world: &World, context: &crate::changes::AzContext, actor: &str) -> Handle {
    context
        .tenant
        .clone()
        .or_else(|| context.current(world, actor).and_then(|s| world.subscriptions().get(&s).map(|s| s.tenant.clone())))
        .or_else(|| world.principals().get(actor).map(|p| p.tenant.clone()))
        .unwrap_or_default()
}

/// The users a directory lists, filtered by display name prefix and sign-in name.
fn users<'w>(world: &'w World, tenant: &'w str, name: Option<&str>, upn: Option<&str>) -> Vec<&'w Principal> {
    world
        .directory_principals(tenant)
        .filter(|p| p.kind == PrincipalKind::User)
        .filter(|p| name.is_none_or(|n| p.name.to_lowercase().starts_with(&n.to_lowercase())))
        .filter(|p| upn.is_none_or(|u| world.sign_in_name_in(&p.id, tenant).eq_ignore_ascii_case(u)))
        .collect()
}

/// `az ad user list [--display-name] [--upn]`.
fn list_users(run: &AzRun<'_>) -> Result<Returned, LineError> {
    let world = run.world();
    let tenant = directory(world, run.context, run.actor);
    let trace = world.decide_directory_list(run.actor, &tenant)?;
    let call = run.call;
    let listed = users(world, &tenant, call.value("--display-name"), call.value("--upn"))
        .into_iter()
        .map(|u| user_json(world, u, &tenant))
        .collect();
    Ok(Returned::json(Value::Array(listed), trace))
}

/// `az ad user show --id <object id or sign-in name>`: one user of the directory (a guest reads
/// one it names, as Entra's default guest access allows).
fn show_user(run: &AzRun<'_>) -> Result<Returned, LineError> {
    let world = run.world();
    let tenant = directory(world, run.context, run.actor);
    let trace = world.decide_sign_in(run.actor, &tenant)?;
    let id = run.call.value("--id").unwrap_or_default();
    let found = world
        .find_principal(id)
        .filter(|p| p.kind == PrincipalKind::User && world.directory_principals(&tenant).any(|d| d.id == p.id));
    match found {
        Some(user) => Ok(Returned::json(user_json(world, user, &tenant), trace)),
        // Microsoft Graph's Request_ResourceNotFound, as az prints it.
        None => Err(LineError::Usage(format!(
            "ERROR: Resource '{id}' does not exist or one of its queried reference-property objects are not present."
        ))),
    }
}

/// `az ad group member list --group`: its members, users as Graph returns them.
fn list_members(run: &AzRun<'_>) -> Result<Returned, LineError> {
    let world = run.world();
    let tenant = directory(world, run.context, run.actor);
    let trace = world.decide_directory_list(run.actor, &tenant)?;
    let named = run.call.value("--group").unwrap_or_default();
    let group = world.find_principal(named).filter(|g| g.kind == PrincipalKind::Group && g.tenant == tenant);
    let Some(group) = group else {
        return Err(LineError::Usage(format!(
            "ERROR: Resource '{named}' does not exist or one of its queried reference-property objects are not present."
        )));
    };
    let members =
        group.members.iter().filter_map(|m| world.principals().get(m)).map(|m| user_json(world, m, &tenant)).collect();
    Ok(Returned::json(Value::Array(members), trace))
}

/// `Get-AzADUser [-UserPrincipalName] [-ObjectId] [-DisplayName]`: one user by sign-in name or
/// object id, else the directory's users (a member's listing).
fn get_users(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let world = host.world();
    let tenant = directory(world, host.context, host.actor);
    let one = b.text("UserPrincipalName").or_else(|| b.text("ObjectId"));
    let trace = match one {
        Some(_) => world.decide_sign_in(host.actor, &tenant)?,
        None => world.decide_directory_list(host.actor, &tenant)?,
    };
    let found: Vec<PsValue> = match one {
        Some(named) => world
            .find_principal(named)
            .filter(|p| p.kind == PrincipalKind::User && world.directory_principals(&tenant).any(|d| d.id == p.id))
            .into_iter()
            .collect(),
        None => users(world, &tenant, b.text("DisplayName"), None),
    }
    .into_iter()
    .map(|u| {
        object(
            "MicrosoftGraphUser",
            vec![
                ("DisplayName", PsValue::Str(u.name.clone())),
                ("Id", PsValue::Str(u.object_id.clone())),
                ("Mail", PsValue::Null),
                ("UserPrincipalName", PsValue::Str(world.sign_in_name_in(&u.id, &tenant))),
            ],
        )
    })
    .collect();
    host.trace.append(trace);
    Ok(match found.len() {
        1 => found.into_iter().next().unwrap_or(PsValue::Null),
        _ => PsValue::List(found),
    })
}
