//! Privileged Identity Management: assignments (eligible and active), activation and deactivation,
//! approvals, a role's settings (the Activation tab's rules) and cancelling a request. Only ARM REST
//! writes these; az and PowerShell have no line for them here (`# mua:` steps).

use mua_core::command::Command;
use mua_core::model::AssignmentType;
use serde_json::{json, Value};

use super::{call, role_id, Family, Format, Writer};
use crate::changes::AzUsage;
use crate::rest::{pim_request, policy_name, policy_rules, usage, RestCall};

pub(super) struct Pim;

/// PIM is written and read as ARM REST calls only.
impl Family for Pim {
    /// An approver's decision, a role's policy, cancelling a request, and PIM's schedule requests.
    fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
        let (scope, parts) = call.route();
        let props = call.props();
        Ok(Some(match (call.method.as_str(), parts.as_slice()) {
            // An approver's decision on a request's (single) approval stage.
            ("PUT", [_, "roleAssignmentApprovals", request, "stages", _]) => {
                let justification = props["justification"].as_str().unwrap_or_default().to_owned();
                let request = (*request).to_owned();
                match props["reviewResult"].as_str() {
                    Some(r) if r.eq_ignore_ascii_case("Approve") => Command::PimApprove { request, justification },
                    Some(r) if r.eq_ignore_ascii_case("Deny") => Command::PimDeny { request, justification },
                    _ => return Err(usage("the body's properties.reviewResult is Approve or Deny".to_owned())),
                }
            }
            ("PATCH", [_, "roleManagementPolicies", name]) => {
                let scope_handle = call.world.handle_of(scope).unwrap_or(scope);
                let role = mua_core::rbac::BUILT_IN_ROLES
                    .iter()
                    .find(|r| policy_name(scope_handle, r.id) == *name)
                    .ok_or_else(|| usage(format!("(RoleManagementPolicyNotFound) No policy '{name}' at '{scope}'.")))?;
                Command::PimUpdateSettings { role, scope: scope.to_owned(), change: policy_rules(call.world, props)? }
            }
            ("POST", [_, "roleAssignmentScheduleRequests" | "roleEligibilityScheduleRequests", request, "cancel"]) => {
                Command::PimCancel { request: (*request).to_owned() }
            }
            ("PUT", [_, kind @ ("roleEligibilityScheduleRequests" | "roleAssignmentScheduleRequests"), name]) => {
                let kind = if *kind == "roleEligibilityScheduleRequests" {
                    AssignmentType::Eligible
                } else {
                    AssignmentType::Active
                };
                pim_request(call.world, kind, name, scope, props)?
            }
            _ => return Ok(None),
        }))
    }

    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        if format != Format::Rest {
            return None;
        }
        let w = x.w;
        Some(match command {
            Command::PimAssign { principal, role, scope, kind, start, end, justification, mfa: false } => {
                let scope_arm = x.arm(scope)?;
                let mut schedule = json!({ "expiration": match end {
                    Some(end) => json!({ "type": "AfterDateTime", "endDateTime": end.to_rfc3339() }),
                    None => json!({ "type": "NoExpiration" }),
                } });
                if let Some(start) = start {
                    schedule["startDateTime"] = Value::from(start.to_rfc3339());
                }
                let properties = json!({ "principalId": x.object_id(principal)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "AdminAssign", "justification": justification, "scheduleInfo": schedule });
                Writer::pim(&scope_arm, *kind, &x.request_name(), properties)
            }
            Command::PimRemoveAssignment { principal, role, scope, kind } => {
                let scope_arm = x.arm(scope)?;
                let properties = json!({ "principalId": x.object_id(principal)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "AdminRemove" });
                Writer::pim(&scope_arm, *kind, &x.request_name(), properties)
            }
            Command::PimActivate { id, role, scope, duration, justification, ticket, mfa: false } => {
                let scope_arm = x.arm(scope)?;
                let mut properties = json!({ "principalId": x.object_id(x.actor)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "SelfActivate", "justification": justification, "scheduleInfo": { "expiration": { "type": "AfterDuration", "duration": mua_core::duration::format(*duration) } } });
                if let Some(ticket) = ticket {
                    properties["ticketInfo"] = json!({ "ticketNumber": ticket });
                }
                Writer::pim(&scope_arm, AssignmentType::Active, id, properties)
            }
            Command::PimApprove { request, justification } | Command::PimDeny { request, justification } => {
                // Approvals are tenant-wide: az calls them with a token for the directory it is signed
                // in to, so the line signs in to the request's directory first. Elsewhere than home, only
                // where the person had signed in to it (as the portal session had it).
                let directory = w.tenant_of_scope(&w.requests().get(request)?.scope)?;
                let home = w.principals().get(x.actor).is_some_and(|p| p.tenant == directory);
                if !home && !w.has_valid_token(x.actor, directory) {
                    return None;
                }
                let result = if matches!(command, Command::PimApprove { .. }) { "Approve" } else { "Deny" };
                let approve = call(
                    "put",
                    &format!("{}/{request}/stages/{request}", crate::rest::APPROVALS),
                    "Microsoft.Authorization/roleAssignmentApprovals/stages",
                    Some(json!({ "properties": { "reviewResult": result, "justification": justification } })),
                    None,
                );
                let guid = w.tenants().get(directory).map_or(directory, |t| t.tenant_id.as_str());
                // One step: signing in, then the decision (a block stops at its first refusal). An
                // approver may hold no role in that directory's subscriptions: a tenant-level account.
                format!("az login --tenant {guid} --allow-no-subscriptions --output none; {approve}")
            }
            Command::PimUpdateSettings { role, scope, change } => settings(x, role, scope, change)?,
            Command::PimCancel { request } => {
                let scope_arm = x.arm(&w.requests().get(request)?.scope)?;
                call(
                    "post",
                    &format!(
                        "{scope_arm}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/{request}/cancel"
                    ),
                    "Microsoft.Authorization/roleAssignmentScheduleRequests",
                    None,
                    None,
                )
            }
            Command::PimDeactivate { role, scope } => {
                let scope_arm = x.arm(scope)?;
                let properties = json!({ "principalId": x.object_id(x.actor)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "SelfDeactivate" });
                Writer::pim(&scope_arm, AssignmentType::Active, &x.request_name(), properties)
            }
            _ => return None,
        })
    }
}

/// The Activation tab's settings as PIM's end-user assignment rules; other settings stay `# mua:`
/// steps.
fn settings(
    x: &Writer<'_>,
    role: &mua_core::rbac::Role,
    scope: &str,
    change: &mua_core::pim::SettingsChange,
) -> Option<String> {
    let w = x.w;
    let activation = mua_core::pim::SettingsChange {
        maximum_activation: change.maximum_activation,
        require_mfa: change.require_mfa,
        require_justification: change.require_justification,
        require_ticket: change.require_ticket,
        require_approval: change.require_approval,
        approvers: change.approvers.clone(),
        ..Default::default()
    };
    if activation != *change {
        return None;
    }
    let scope_arm = x.arm(scope)?;
    let now = w.pim_settings(role, scope);
    let mut rules = Vec::new();
    if let Some(max) = change.maximum_activation {
        rules.push(json!({ "id": "Expiration_EndUser_Assignment", "ruleType": "RoleManagementPolicyExpirationRule", "isExpirationRequired": true, "maximumDuration": mua_core::duration::format(max) }));
    }
    if change.require_mfa.or(change.require_justification).or(change.require_ticket).is_some() {
        let enabled: Vec<&str> = [
            ("MultiFactorAuthentication", change.require_mfa.unwrap_or(now.require_mfa)),
            ("Justification", change.require_justification.unwrap_or(now.require_justification)),
            ("Ticketing", change.require_ticket.unwrap_or(now.require_ticket)),
        ]
        .into_iter()
        .filter_map(|(name, on)| on.then_some(name))
        .collect();
        rules.push(json!({ "id": "Enablement_EndUser_Assignment", "ruleType": "RoleManagementPolicyEnablementRule", "enabledRules": enabled }));
    }
    if change.require_approval.is_some() || change.approvers.is_some() {
        let approvers = change.approvers.as_ref().unwrap_or(&now.approvers);
        let primary = approvers
            .iter()
            .map(|a| {
                let p = w.principals().get(a)?;
                let kind = if p.kind == mua_core::model::PrincipalKind::Group { "Group" } else { "User" };
                Some(json!({ "id": p.object_id, "userType": kind, "description": p.name }))
            })
            .collect::<Option<Vec<_>>>()?;
        let required = change.require_approval.unwrap_or(now.require_approval);
        rules.push(json!({ "id": "Approval_EndUser_Assignment", "ruleType": "RoleManagementPolicyApprovalRule", "setting": { "isApprovalRequired": required, "approvalStages": [{ "primaryApprovers": primary }] } }));
    }
    let policy = crate::rest::policy_name(w.handle_of(scope).unwrap_or(scope), role.id);
    Some(call(
        "patch",
        &format!("{scope_arm}/providers/Microsoft.Authorization/roleManagementPolicies/{policy}"),
        "Microsoft.Authorization/roleManagementPolicies",
        Some(json!({ "properties": { "rules": rules } })),
        None,
    ))
}
