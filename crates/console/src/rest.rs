//! ARM REST calls (`az rest --method … --url … --body … --headers …`): the requests the portal, az
//! and PowerShell send, read back into the core's commands — Resource Guards, a vault's Resource
//! Guard proxy and backup configuration, vaults, role assignments and PIM's schedule requests
//! (`roleEligibilityScheduleRequests`, `roleAssignmentScheduleRequests`). A cross-tenant call carries
//! the guard directory's token in `x-ms-authorization-auxiliary`, as az `--tenant-id` sends it.
//! The body shapes are azure-rest-api-specs'.

use serde_json::Value;

use super::changes::AzUsage;
use mua_core::command::Command;
use mua_core::ids::derived_guid;
use mua_core::model::{AssignmentType, Carried, Handle};
use mua_core::world::World;

/// The management endpoint az rest calls relative URLs against.
pub const ENDPOINT: &str = "https://management.azure.com";

/// The api-version each resource type is called with.
pub fn api_version(resource_type: &str) -> &'static str {
    match resource_type {
        "Microsoft.DataProtection/resourceGuards" | "Microsoft.DataProtection/backupVaults" => "2023-05-01",
        "Microsoft.Authorization/roleAssignments" => "2022-04-01",
        "Microsoft.Authorization/roleAssignmentApprovals/stages" => "2021-01-01-preview",
        t if t.starts_with("Microsoft.Authorization/") => "2020-10-01",
        t if t.starts_with("Microsoft.Resources/") => "2021-04-01",
        _ => "2023-04-01",
    }
}

/// The name of PIM's policy (role settings) of a role at a scope (by its handle): a GUID stable
/// for the two, as ARM names each scope's policy of a role.
pub fn policy_name(scope: &str, role_id: &str) -> String {
    derived_guid("pim-policy", &[scope, role_id].join("|"))
}

/// Where PIM's approvals are (tenant-wide): `{APPROVALS}/{approval}/stages/{stage}`; a request's
/// approval here is named as the request.
pub const APPROVALS: &str = "/providers/Microsoft.Authorization/roleAssignmentApprovals";

/// A REST call read: the command, and the directory of its auxiliary token, if it carries one.
pub(crate) struct RestChange {
    pub(crate) command: Command,
    pub(crate) aux: Option<Carried>,
}

/// The name of a role assignment: a GUID stable for its principal, role and scope (the same the
/// console prints in `id`/`name`).
pub fn assignment_name(principal: &str, role_id: &str, scope: &str) -> String {
    derived_guid("role-assignment", &[principal, role_id, scope].join("|"))
}

/// An `az rest` call that changes something, read: its method (upper case), the URL's path, the
/// scope before its last `/providers/`, and the body. Each command family reads the routes it owns
/// from it (`family::rest_change`).
pub(crate) struct RestCall<'w> {
    pub(crate) world: &'w World,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) body: Value,
}

impl RestCall<'_> {
    /// The scope (what comes before the last `/providers/`) and the provider path after it, in parts:
    /// `Namespace/type/name[/child/name]`.
    pub(crate) fn route(&self) -> (&str, Vec<&str>) {
        let (scope, provider) = self.path.rsplit_once("/providers/").unwrap_or((&self.path, ""));
        (scope, provider.split('/').collect())
    }

    /// The body's `properties`.
    pub(crate) fn props(&self) -> &Value {
        &self.body["properties"]
    }

    /// The refusal for a route this console does not call.
    pub(crate) fn unsupported(&self) -> AzUsage {
        usage(format!("this console does not call {} {}", self.method, self.path))
    }
}

/// az's usage error.
pub(crate) fn usage(message: String) -> AzUsage {
    AzUsage(format!("ERROR: {message}"))
}

/// A JSON string's text.
pub(crate) fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// Reads `az rest`'s method, URL, body and headers; `None` for a GET. The auxiliary token's
/// directory comes with it.
pub(crate) fn read_call<'w>(
    world: &'w World,
    method: &str,
    url: &str,
    body: Option<&str>,
    headers: &[String],
) -> Result<Option<(RestCall<'w>, Option<Carried>)>, AzUsage> {
    let method = method.to_ascii_uppercase();
    if method == "GET" {
        return Ok(None);
    }
    let path = url.strip_prefix(ENDPOINT).unwrap_or(url);
    let path = path.split('?').next().unwrap_or_default().trim_end_matches('/');
    if !path.starts_with("/subscriptions/") && !path.starts_with(APPROVALS) {
        return Err(usage(format!("this console calls ARM URLs ({ENDPOINT}/subscriptions/…), not '{url}'")));
    }
    let body: Value = match body {
        Some(text) => serde_json::from_str(text).map_err(|e| usage(format!("--body is not JSON: {e}")))?,
        None => Value::Null,
    };
    let aux = headers
        .iter()
        .filter_map(|h| h.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("x-ms-authorization-auxiliary"))
        .map(|(_, v)| {
            let token = v.trim().strip_prefix("Bearer ").unwrap_or(v.trim());
            super::token_tenant(world, token).ok_or_else(|| {
                usage("x-ms-authorization-auxiliary: not a token from az account get-access-token".to_owned())
            })
        })
        .transpose()?;
    Ok(Some((RestCall { world, method, path: path.to_owned(), body }, aux)))
}

/// The rules of a role's policy PATCH: the Activation tab's end-user assignment rules (maximum
/// duration; MFA, justification and ticket; approval and its approvers).
pub(crate) fn policy_rules(world: &World, props: &Value) -> Result<mua_core::pim::SettingsChange, AzUsage> {
    let mut change = mua_core::pim::SettingsChange::default();
    for rule in props["rules"].as_array().map(Vec::as_slice).unwrap_or_default() {
        match rule["id"].as_str().unwrap_or_default() {
            "Expiration_EndUser_Assignment" => {
                let max = rule["maximumDuration"].as_str().and_then(|d| mua_core::duration::parse(d).ok());
                change.maximum_activation =
                    Some(max.ok_or_else(|| AzUsage("ERROR: the expiration rule needs maximumDuration".to_owned()))?);
            }
            "Enablement_EndUser_Assignment" => {
                let enabled = |name: &str| rule["enabledRules"].as_array().is_some_and(|l| l.iter().any(|r| r == name));
                change.require_mfa = Some(enabled("MultiFactorAuthentication"));
                change.require_justification = Some(enabled("Justification"));
                change.require_ticket = Some(enabled("Ticketing"));
            }
            "Approval_EndUser_Assignment" => {
                let setting = &rule["setting"];
                change.require_approval = Some(setting["isApprovalRequired"].as_bool().unwrap_or(false));
                let approvers = setting["approvalStages"][0]["primaryApprovers"].as_array();
                change.approvers = Some(
                    approvers
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                        .iter()
                        .map(|a| super::principal_handle(world, a["id"].as_str().unwrap_or_default()))
                        .collect(),
                );
            }
            other => {
                return Err(AzUsage(format!(
                    "ERROR: this console reads the rules Expiration_EndUser_Assignment, Enablement_EndUser_Assignment and Approval_EndUser_Assignment, not '{other}'"
                )))
            }
        }
    }
    Ok(change)
}

/// A soft delete state as ARM takes it (a Recovery Services vault's `SoftDeleteFeatureState`:
/// `Enabled`, `Disabled`, `AlwaysON`) as the command that sets it.
pub(crate) fn soft_delete(vault: String, state: Option<&str>) -> Option<Command> {
    match state? {
        s if s.eq_ignore_ascii_case("Disabled") => Some(Command::DisableSoftDelete { vault }),
        s if s.eq_ignore_ascii_case("Enabled") => Some(Command::EnableSoftDelete { vault, always_on: false }),
        s if s.eq_ignore_ascii_case("AlwaysON") => Some(Command::EnableSoftDelete { vault, always_on: true }),
        _ => None,
    }
}

/// The vault's ARM id of a path under it.
pub(crate) fn vault_of(path: &str) -> String {
    let marker = ["/backupResourceGuardProxies/", "/backupconfig/"].iter().find_map(|m| path.find(m));
    path[..marker.unwrap_or(path.len())].to_owned()
}

/// `…/resourceGroups/{rg}` of a scope.
pub(crate) fn resource_group(scope: &str) -> Result<Handle, AzUsage> {
    scope
        .split_once("/resourceGroups/")
        .map(|(_, rg)| rg.split('/').next().unwrap_or_default().to_owned())
        .ok_or_else(|| AzUsage(format!("ERROR: '{scope}' names no resource group")))
}

/// `principalId` (an object id) and `roleDefinitionId` of a body.
pub(crate) fn principal_and_role(world: &World, props: &Value) -> Result<(Handle, mua_core::rbac::Role), AzUsage> {
    let principal = super::principal_handle(world, props["principalId"].as_str().unwrap_or_default());
    let role_id = props["roleDefinitionId"].as_str().unwrap_or_default();
    let role = mua_core::rbac::role(role_id.rsplit('/').next().unwrap_or_default()).ok_or_else(|| {
        AzUsage(format!(
            "ERROR: (RoleDefinitionDoesNotExist) The specified role definition with ID '{role_id}' does not exist."
        ))
    })?;
    Ok((principal, role))
}

/// The Azure Lighthouse delegation of `scope` (an ARM id or handle) in which `principal` has an
/// eligible authorization for `role`.
fn lighthouse(world: &World, principal: &str, role: &mua_core::rbac::RoleDefinition, scope: &str) -> Option<Handle> {
    let scope = world.handle_of(scope).unwrap_or(scope);
    world.delegations_for(principal).into_iter().find_map(|(d, eligible)| {
        (d.scopes.iter().any(|s| s == scope) && eligible.iter().any(|e| e.role.id == role.id)).then(|| d.id.clone())
    })
}

/// A PIM schedule request (PIM for Azure resources): `AdminAssign` / `AdminRemove` for an
/// administrator, `SelfActivate` / `SelfDeactivate` for the principal.
pub(crate) fn pim_request(
    world: &World,
    kind: AssignmentType,
    name: &str,
    scope: &str,
    props: &Value,
) -> Result<Command, AzUsage> {
    let (principal, role) = principal_and_role(world, props)?;
    let scope = scope.to_owned();
    let justification = props["justification"].as_str().unwrap_or_default().to_owned();
    let expiration = &props["scheduleInfo"]["expiration"];
    let time = |v: &Value| {
        v.as_str().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()).map(|t| t.with_timezone(&chrono::Utc))
    };
    let request_type = props["requestType"].as_str().unwrap_or_default();
    let delegation = (request_type == "SelfActivate").then(|| lighthouse(world, &principal, role, &scope)).flatten();
    Ok(match (request_type, kind) {
        ("AdminAssign", _) => Command::PimAssign {
            principal,
            role,
            scope,
            kind,
            start: time(&props["scheduleInfo"]["startDateTime"]),
            end: time(&expiration["endDateTime"]),
            justification,
            mfa: false,
        },
        ("AdminRemove", _) => Command::PimRemoveAssignment { principal, role, scope, kind },
        // An eligible authorization of Azure Lighthouse is activated the same way, at the
        // delegated scope, by the managing tenant's user.
        ("SelfActivate", AssignmentType::Active) if delegation.is_some() => {
            Command::LighthouseActivate {
                id: name.to_owned(),
                delegation: delegation.unwrap_or_default(),
                role,
                duration: expiration["duration"].as_str().and_then(|d| mua_core::duration::parse(d).ok()),
                justification,
                mfa: false,
            }
        }
        ("SelfActivate", AssignmentType::Active) => Command::PimActivate {
            id: name.to_owned(),
            role,
            scope,
            duration: expiration["duration"]
                .as_str()
                .and_then(|d| mua_core::duration::parse(d).ok())
                .ok_or_else(|| AzUsage("ERROR: SelfActivate needs properties.scheduleInfo.expiration.duration".to_owned()))?,
            justification,
            ticket: props["ticketInfo"]["ticketNumber"].as_str().map(str::to_owned),
            mfa: false,
        },
        ("SelfDeactivate", AssignmentType::Active) => Command::PimDeactivate { role, scope },
        (other, _) => {
            return Err(AzUsage(format!(
                "ERROR: this console sends requestType AdminAssign, AdminRemove, SelfActivate or SelfDeactivate, not '{other}'"
            )))
        }
    })
}
