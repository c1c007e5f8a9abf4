//! A session as a script (SPEC §10): every step as the az or PowerShell line that does it, with the
//! directives of [`super::script`] — `# as:` for who types it, `# expect:` for a refusal, `# advance:`
//! for the clock, and `# mua:` for a step this console has no command line for (a portal action such
//! as creating a vault or activating a PIM role). The console runs the script back to the same
//! outcomes (`tests/console.rs`).
//!
//! A request's tokens are written as the session had them: a protected operation that needed the
//! guard's directory carries `--tenant-id` / `-Token (Get-AzAccessToken -TenantId …).Token` when the
//! person held a token for it at that moment (the portal's directory switch stays a `# mua:` step:
//! it is the portal's token, which the console's lines do not use).

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use mua_core::model::AssignmentType;
use mua_core::scenario::{Expect, Shell, Step, StepAction};
use mua_core::scenario_file::step_json;
use mua_core::session::Session;
use mua_core::world::World;

/// What a session is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// az commands.
    Az,
    /// Az PowerShell cmdlets.
    Pwsh,
    /// ARM REST calls, as `az rest` lines (method, URL, body, and the auxiliary token's header).
    Rest,
}

impl Format {
    /// The shell its script runs in.
    pub fn shell(self) -> Shell {
        match self {
            Format::Az | Format::Rest => Shell::Az,
            Format::Pwsh => Shell::Pwsh,
        }
    }
}

/// The session as a script for `shell`.
pub fn script(session: &Session, shell: Shell) -> String {
    export(session, if shell == Shell::Az { Format::Az } else { Format::Pwsh })
}

/// The session as a script in a format.
pub fn export(session: &Session, format: Format) -> String {
    let shell = format.shell();
    let comment = match format {
        Format::Az => "az lines",
        Format::Pwsh => "Az PowerShell lines",
        Format::Rest => "ARM REST calls (az rest)",
    };
    let mut out = format!(
        "# {} — the session as {comment} (MUA Playground). Run it back: mua shell --scenario <its scenario file> --start <this file>\n",
        session.scenario().title
    );
    // The world before each step: the session replayed on the scenario's start.
    let mut replay = Session::new(std::rc::Rc::clone(session.scenario()));
    let mut actor: Option<String> = None;
    for (n, recorded) in session.history().iter().enumerate() {
        let step = recorded.step();
        let world = replay.world();
        let line = match &step.action {
            StepAction::Run { actor: who, command } if !same_tokens(world, who, command) => None,
            StepAction::Run { actor: who, command } if format == Format::Rest => rest_line(world, who, n, command),
            StepAction::Run { actor: who, command } => lines(world, who, command, shell),
            StepAction::Console { shell: typed, text, .. } if *typed == shell => Some(one_line(text, shell)),
            _ => None,
        };
        match (&step.action, line) {
            (StepAction::Advance(by), _) => {
                out.push_str(&format!("# advance: {}\n", mua_core::duration::format(*by)));
            }
            (action, Some(line)) => {
                let who = action.actor().unwrap_or_default();
                if actor.as_deref() != Some(who) {
                    out.push_str(&format!("# as: {who}\n"));
                    actor = Some(who.to_owned());
                }
                if let Expect::Refused(code) = step.expect {
                    out.push_str(&format!("# expect: {}\n", code.as_str()));
                }
                out.push_str(&line);
                out.push('\n');
            }
            (_, None) => out.push_str(&format!("# mua: {}\n", step_json(&step))),
        }
        replay_step(&mut replay, &step);
    }
    out
}

/// Whether a command line would act with the tokens the portal session had: a command line gets a
/// token for any directory the account is in, the portal only after switching to it. Where the
/// person had not switched to the object's directory, the step stays a `# mua:` step.
fn same_tokens(w: &World, actor: &str, command: &Command) -> bool {
    let Some((_, target)) = command.target() else { return true };
    let Some(directory) = w.tenant_of_scope(target) else { return true };
    let home = w.principals().get(actor).is_some_and(|p| p.tenant == directory);
    home || !w.is_member_or_guest(actor, directory) || w.has_valid_token(actor, directory)
}

fn replay_step(replay: &mut Session, step: &Step) {
    match &step.action {
        StepAction::Run { actor, command } => {
            replay.run(actor, command.clone());
        }
        StepAction::Advance(by) => {
            let _ = replay.advance(*by);
        }
        StepAction::Console { actor, shell, text } => {
            replay.type_in(actor, *shell, text);
        }
    }
}

/// The command line(s) that do a command as `actor` in a world, or `None` where this console has none.
fn lines(w: &World, actor: &str, command: &Command, shell: Shell) -> Option<String> {
    let arm = |handle: &str| w.arm_id(handle).unwrap_or_else(|| handle.to_owned());
    let guard_arm =
        |guard: &str| w.resolve_guard(guard).and_then(|g| w.arm_id(&g.id)).unwrap_or_else(|| guard.to_owned());
    let sub_of = |handle: &str| {
        w.scope_chain(handle).and_then(|c| w.subscriptions().get(c.subscription)).map(|s| s.subscription_id.clone())
    };
    let rsv = |vault: &str| w.vaults().get(vault).is_none_or(|v| v.kind == VaultKind::RecoveryServices);
    match (command, shell) {
        (Command::CreateVault { id, kind, resource_group, location, identity: None }, _) => {
            let sub = sub_of(resource_group)?;
            let location =
                location.clone().or_else(|| w.resource_groups().get(resource_group).map(|r| r.location.clone()))?;
            match (kind, shell) {
                (VaultKind::RecoveryServices, Shell::Az) => Some(format!("az backup vault create --subscription {sub} --resource-group {resource_group} --name {id} --location {location}")),
                (VaultKind::Backup, Shell::Az) => Some(format!("az dataprotection backup-vault create --subscription {sub} --resource-group {resource_group} --vault-name {id} --location {location} --storage-setting \"[{{type:LocallyRedundant,datastore-type:VaultStore}}]\"")),
                (VaultKind::RecoveryServices, Shell::Pwsh) => Some(format!("New-AzRecoveryServicesVault -SubscriptionId {sub} -ResourceGroupName {resource_group} -Name {id} -Location {location}")),
                (VaultKind::Backup, Shell::Pwsh) => None,
            }
        }
        (Command::DeleteVault { vault }, Shell::Az) if rsv(vault) => {
            Some(format!("az backup vault delete --ids {} --yes", arm(vault)))
        }
        (Command::CreateResourceGuard { id, resource_group, location, description, excluded_operations, tags }, _) => {
            if !description.is_empty() || !excluded_operations.is_empty() {
                return None;
            }
            let sub = sub_of(resource_group)?;
            let location =
                location.clone().or_else(|| w.resource_groups().get(resource_group).map(|r| r.location.clone()))?;
            let tags: Vec<String> = tags.iter().map(|(k, v)| quote(&format!("{k}={v}"))).collect();
            Some(match shell {
                Shell::Az => {
                    let tags = if tags.is_empty() { String::new() } else { format!(" --tags {}", tags.join(" ")) };
                    format!("az dataprotection resource-guard create --subscription {sub} --resource-group {resource_group} --resource-guard-name {id} --location {location}{tags}")
                }
                Shell::Pwsh => {
                    let tags = if tags.is_empty() { String::new() } else { format!(" -Tag {}", tags.join(",")) };
                    format!("New-AzDataProtectionResourceGuard -SubscriptionId {sub} -ResourceGroupName {resource_group} -Name {id} -Location {location}{tags}")
                }
            })
        }
        (Command::UpdateResourceGuard { guard, excluded_operations, resource_type, description: None, tags }, _) => {
            if excluded_operations.is_empty() {
                return None;
            }
            let g = w.resolve_guard(guard)?;
            let list: Vec<String> = excluded_operations.iter().map(|o| quote(o)).collect();
            let tags: Vec<String> = tags.iter().flatten().map(|(k, v)| quote(&format!("{k}={v}"))).collect();
            Some(match shell {
                Shell::Az => {
                    let kind =
                        resource_type.map(|k| format!(" --resource-type {}", k.resource_type())).unwrap_or_default();
                    let tags = if tags.is_empty() { String::new() } else { format!(" --tags {}", tags.join(" ")) };
                    format!("az dataprotection resource-guard update --ids {} --critical-operation-exclusion-list {}{kind}{tags}", arm(&g.id), list.join(" "))
                }
                Shell::Pwsh => {
                    if resource_type.is_some() {
                        return None;
                    }
                    let tags = if tags.is_empty() { String::new() } else { format!(" -Tag {}", tags.join(",")) };
                    format!(
                        "Update-AzDataProtectionResourceGuard -SubscriptionId {} -ResourceGroupName {} -Name {} -CriticalOperationExclusionList {}{tags}",
                        sub_of(&g.id)?,
                        g.resource_group,
                        g.id,
                        list.join(",")
                    )
                }
            })
        }
        (Command::DeleteResourceGuard { guard }, _) => {
            let g = w.resolve_guard(guard)?;
            Some(match shell {
                Shell::Az => format!("az dataprotection resource-guard delete --ids {} --yes", arm(&g.id)),
                Shell::Pwsh => format!(
                    "Remove-AzDataProtectionResourceGuard -SubscriptionId {} -ResourceGroupName {} -Name {}",
                    sub_of(&g.id)?,
                    g.resource_group,
                    g.id
                ),
            })
        }
        (Command::EnableMua { vault, guard }, _) if rsv(vault) => {
            let token = token(w, actor, vault, w.resolve_guard(guard).map(|g| g.id.as_str()), shell);
            Some(match shell {
                Shell::Az => format!(
                    "az backup vault resource-guard-mapping update --ids {} --resource-guard-id {}{token}",
                    arm(vault),
                    guard_arm(guard)
                ),
                Shell::Pwsh => format!(
                    "Set-AzRecoveryServicesResourceGuardMapping -VaultId {} -ResourceGuardId {}{token}",
                    arm(vault),
                    guard_arm(guard)
                ),
            })
        }
        (Command::DisableMua { vault }, _) if rsv(vault) => {
            let token = token(w, actor, vault, w.vaults().get(vault).and_then(|v| v.guard.as_deref()), shell);
            Some(match shell {
                Shell::Az => format!("az backup vault resource-guard-mapping delete --ids {} --yes{token}", arm(vault)),
                Shell::Pwsh => format!("Remove-AzRecoveryServicesResourceGuardMapping -VaultId {}{token}", arm(vault)),
            })
        }
        (Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault }, _) if rsv(vault) => {
            let state = if matches!(command, Command::DisableSoftDelete { .. }) { "Disable" } else { "Enable" };
            let token = token(w, actor, vault, w.vaults().get(vault).and_then(|v| v.guard.as_deref()), shell);
            Some(match shell {
                Shell::Az => format!(
                    "az backup vault backup-properties set --ids {} --soft-delete-feature-state {state}{token}",
                    arm(vault)
                ),
                Shell::Pwsh => format!(
                    "Set-AzRecoveryServicesVaultProperty -VaultId {} -SoftDeleteFeatureState {state}{token}",
                    arm(vault)
                ),
            })
        }
        (
            Command::AssignRole { principal, role, scope } | Command::RemoveRoleAssignment { principal, role, scope },
            _,
        ) => {
            let create = matches!(command, Command::AssignRole { .. });
            let role = quote(role.name);
            // The tools name a principal by its object id.
            let principal = w.principals().get(principal).map_or(principal.as_str(), |p| p.object_id.as_str());
            Some(match shell {
                Shell::Az => format!(
                    "az role assignment {} --role {role} --assignee {principal} --scope {}",
                    if create { "create" } else { "delete" },
                    arm(scope)
                ),
                Shell::Pwsh => format!(
                    "{}-AzRoleAssignment -ObjectId {principal} -RoleDefinitionName {role} -Scope {}",
                    if create { "New" } else { "Remove" },
                    arm(scope)
                ),
            })
        }
        _ => None,
    }
}

/// The `az rest` call that does a command as `actor` in a world (the `n`th step names its PIM
/// request), or `None` where this console sends none.
fn rest_line(w: &World, actor: &str, n: usize, command: &Command) -> Option<String> {
    use serde_json::{json, Value};
    let arm = |handle: &str| w.arm_id(handle);
    let guard_arm = |guard: &str| w.resolve_guard(guard).and_then(|g| w.arm_id(&g.id));
    let oid = |principal: &str| w.principals().get(principal).map(|p| p.object_id.clone());
    let role_id = |scope: &str, role: &mua_core::rbac::RoleDefinition| {
        let sub = scope
            .split("/resourceGroups")
            .next()
            .unwrap_or(scope)
            .split("/providers")
            .next()
            .unwrap_or(scope)
            .to_owned();
        format!("{sub}/providers/Microsoft.Authorization/roleDefinitions/{}", role.id)
    };
    let call = |method: &str, path: &str, ty: &str, body: Option<Value>, aux: Option<String>| {
        let mut line = format!(
            "az rest --method {method} --url \"{}{path}?api-version={}\"",
            super::rest::ENDPOINT,
            super::rest::api_version(ty)
        );
        if let Some(body) = body {
            line.push_str(&format!(" --body '{}'", mua_core::json::json_line(&body).replace('\'', "'\\''")));
        }
        if let Some(token) = aux {
            line.push_str(&format!(" --headers \"x-ms-authorization-auxiliary=Bearer {token}\""));
        }
        line
    };
    let pim = |scope: &str, kind: AssignmentType, name: &str, properties: Value| {
        let kind = match kind {
            AssignmentType::Eligible => "roleEligibilityScheduleRequests",
            AssignmentType::Active => "roleAssignmentScheduleRequests",
        };
        let path = format!("{scope}/providers/Microsoft.Authorization/{kind}/{name}");
        call("put", &path, &format!("Microsoft.Authorization/{kind}"), Some(json!({ "properties": properties })), None)
    };
    // A vault's Resource Guard proxy: its path and resource type.
    let proxy = |vault: &str, kind: VaultKind| {
        let path = format!("{}/backupResourceGuardProxies/{}", arm(vault)?, super::arm::proxy_name(kind));
        Some((path, format!("{}/backupResourceGuardProxies", kind.resource_type())))
    };
    let tags = |tags: &mua_core::command::Tags| {
        Value::Object(tags.iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect())
    };
    Some(match command {
        Command::CreateResourceGuard { id, resource_group, location, description, excluded_operations, tags: t } => {
            if w.guards().contains_key(id) {
                return None;
            }
            let rg = w.resource_groups().get(resource_group)?;
            let path = format!("{}/providers/Microsoft.DataProtection/resourceGuards/{id}", arm(resource_group)?);
            let mut properties = json!({ "vaultCriticalOperationExclusionList": excluded_operations });
            if !description.is_empty() {
                properties["description"] = Value::from(description.as_str());
            }
            let body = json!({ "location": location.clone().unwrap_or_else(|| rg.location.clone()), "tags": tags(t), "properties": properties });
            call("put", &path, "Microsoft.DataProtection/resourceGuards", Some(body), None)
        }
        Command::UpdateResourceGuard { guard, excluded_operations, resource_type: None, description, tags: t } => {
            let mut properties = json!({ "vaultCriticalOperationExclusionList": excluded_operations });
            if let Some(d) = description {
                properties["description"] = Value::from(d.as_str());
            }
            let mut body = json!({ "properties": properties });
            if let Some(t) = t {
                body["tags"] = tags(t);
            }
            call("patch", &guard_arm(guard)?, "Microsoft.DataProtection/resourceGuards", Some(body), None)
        }
        Command::DeleteResourceGuard { guard } => {
            call("delete", &guard_arm(guard)?, "Microsoft.DataProtection/resourceGuards", None, None)
        }
        Command::CreateVault { id, kind, resource_group, location, identity: None } => {
            let rg = w.resource_groups().get(resource_group)?;
            let location = location.clone().unwrap_or_else(|| rg.location.clone());
            let path = format!("{}/providers/{}/{id}", arm(resource_group)?, kind.resource_type());
            let body = match kind {
                VaultKind::RecoveryServices => {
                    json!({ "location": location, "sku": { "name": "Standard" }, "properties": {} })
                }
                VaultKind::Backup => {
                    json!({ "location": location, "properties": { "storageSettings": [{ "datastoreType": "VaultStore", "type": "LocallyRedundant" }] } })
                }
            };
            call("put", &path, kind.resource_type(), Some(body), None)
        }
        Command::DeleteVault { vault } => {
            let v = w.vaults().get(vault)?;
            call("delete", &arm(vault)?, v.kind.resource_type(), None, None)
        }
        Command::EnableMua { vault, guard } => {
            let v = w.vaults().get(vault)?;
            let (path, ty) = proxy(vault, v.kind)?;
            let aux = aux_token(w, actor, vault, w.resolve_guard(guard).map(|g| g.id.as_str()));
            let body = json!({ "properties": { "resourceGuardResourceId": guard_arm(guard).unwrap_or_else(|| guard.clone()) } });
            call("put", &path, &ty, Some(body), aux)
        }
        Command::DisableMua { vault } => {
            let v = w.vaults().get(vault)?;
            let (path, ty) = proxy(vault, v.kind)?;
            call("delete", &path, &ty, None, aux_token(w, actor, vault, v.guard.as_deref()))
        }
        Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault } => {
            let v = w.vaults().get(vault)?;
            let off = matches!(command, Command::DisableSoftDelete { .. });
            let aux = aux_token(w, actor, vault, v.guard.as_deref());
            match v.kind {
                VaultKind::RecoveryServices => {
                    let body =
                        json!({ "properties": { "softDeleteFeatureState": if off { "Disabled" } else { "Enabled" } } });
                    call(
                        "patch",
                        &format!("{}/backupconfig/vaultconfig", arm(vault)?),
                        "Microsoft.RecoveryServices/vaults/backupconfig",
                        Some(body),
                        aux,
                    )
                }
                VaultKind::Backup => {
                    let body = json!({ "properties": { "securitySettings": { "softDeleteSettings": { "state": if off { "Off" } else { "On" } } } } });
                    call("patch", &arm(vault)?, v.kind.resource_type(), Some(body), aux)
                }
            }
        }
        Command::AssignRole { principal, role, scope } => {
            let scope_arm = arm(scope)?;
            let scope_handle = w.handle_of(&scope_arm).unwrap_or(scope);
            let name = super::rest::assignment_name(principal, role.id, scope_handle);
            let path = format!("{scope_arm}/providers/Microsoft.Authorization/roleAssignments/{name}");
            let body = json!({ "properties": { "roleDefinitionId": role_id(&scope_arm, role), "principalId": oid(principal)? } });
            call("put", &path, "Microsoft.Authorization/roleAssignments", Some(body), None)
        }
        Command::RemoveRoleAssignment { principal, role, scope } => {
            let scope_arm = arm(scope)?;
            let scope_handle = w.handle_of(&scope_arm).unwrap_or(scope);
            w.assignments().find(|a| &a.principal == principal && a.role == *role && a.scope == scope_handle)?;
            let name = super::rest::assignment_name(principal, role.id, scope_handle);
            call(
                "delete",
                &format!("{scope_arm}/providers/Microsoft.Authorization/roleAssignments/{name}"),
                "Microsoft.Authorization/roleAssignments",
                None,
                None,
            )
        }
        Command::PimAssign { principal, role, scope, kind, start, end, justification, mfa: false } => {
            let scope_arm = arm(scope)?;
            let mut schedule = json!({ "expiration": match end {
                Some(end) => json!({ "type": "AfterDateTime", "endDateTime": end.to_rfc3339() }),
                None => json!({ "type": "NoExpiration" }),
            } });
            if let Some(start) = start {
                schedule["startDateTime"] = Value::from(start.to_rfc3339());
            }
            let properties = json!({ "principalId": oid(principal)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "AdminAssign", "justification": justification, "scheduleInfo": schedule });
            pim(&scope_arm, *kind, &mua_core::ids::derived_guid("pim-request", &n.to_string()), properties)
        }
        Command::PimRemoveAssignment { principal, role, scope, kind } => {
            let scope_arm = arm(scope)?;
            let properties = json!({ "principalId": oid(principal)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "AdminRemove" });
            pim(&scope_arm, *kind, &mua_core::ids::derived_guid("pim-request", &n.to_string()), properties)
        }
        Command::PimActivate { id, role, scope, duration, justification, ticket, mfa: false } => {
            let scope_arm = arm(scope)?;
            let mut properties = json!({ "principalId": oid(actor)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "SelfActivate", "justification": justification, "scheduleInfo": { "expiration": { "type": "AfterDuration", "duration": mua_core::duration::format(*duration) } } });
            if let Some(ticket) = ticket {
                properties["ticketInfo"] = json!({ "ticketNumber": ticket });
            }
            pim(&scope_arm, AssignmentType::Active, id, properties)
        }
        Command::PimApprove { request, justification } | Command::PimDeny { request, justification } => {
            // Approvals are tenant-wide: az calls them with a token for the directory it is signed
            // in to, so the line signs in to the request's directory first. Elsewhere than home, only
            // where the person had signed in to it (as the portal session had it).
            let directory = w.tenant_of_scope(&w.requests().get(request)?.scope)?;
            let home = w.principals().get(actor).is_some_and(|p| p.tenant == directory);
            if !home && !w.has_valid_token(actor, directory) {
                return None;
            }
            let result = if matches!(command, Command::PimApprove { .. }) { "Approve" } else { "Deny" };
            let approve = call(
                "put",
                &format!("{}/{request}/stages/{request}", super::rest::APPROVALS),
                "Microsoft.Authorization/roleAssignmentApprovals/stages",
                Some(json!({ "properties": { "reviewResult": result, "justification": justification } })),
                None,
            );
            let guid = w.tenants().get(directory).map_or(directory, |t| t.tenant_id.as_str());
            // One step: signing in, then the decision (a block stops at its first refusal).
            format!("az login --tenant {guid} --output none; {approve}")
        }
        // The Activation tab's settings as PIM's end-user assignment rules; other settings stay
        // `# mua:` steps.
        Command::PimUpdateSettings { role, scope, change } => {
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
            let scope_arm = arm(scope)?;
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
            let policy = super::rest::policy_name(w.handle_of(scope).unwrap_or(scope), role.id);
            call(
                "patch",
                &format!("{scope_arm}/providers/Microsoft.Authorization/roleManagementPolicies/{policy}"),
                "Microsoft.Authorization/roleManagementPolicies",
                Some(json!({ "properties": { "rules": rules } })),
                None,
            )
        }
        Command::PimCancel { request } => {
            let scope_arm = arm(&w.requests().get(request)?.scope)?;
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
        Command::LighthouseActivate { id, delegation, role, duration, justification, mfa: false } => {
            let scope_arm = arm(w.delegations().get(delegation)?.scopes.first()?)?;
            let mut properties = json!({ "principalId": oid(actor)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "SelfActivate", "justification": justification });
            if let Some(duration) = duration {
                properties["scheduleInfo"] = json!({ "expiration": { "type": "AfterDuration", "duration": mua_core::duration::format(*duration) } });
            }
            pim(&scope_arm, AssignmentType::Active, id, properties)
        }
        Command::PimDeactivate { role, scope } => {
            let scope_arm = arm(scope)?;
            let properties = json!({ "principalId": oid(actor)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "SelfDeactivate" });
            pim(
                &scope_arm,
                AssignmentType::Active,
                &mua_core::ids::derived_guid("pim-request", &n.to_string()),
                properties,
            )
        }
        _ => return None,
    })
}

/// The token of `x-ms-authorization-auxiliary` for the guard's directory, as [`token`] decides it.
fn aux_token(w: &World, actor: &str, vault: &str, guard: Option<&str>) -> Option<String> {
    let tenant = guard.and_then(|g| w.tenant_of_scope(g)).filter(|t| Some(*t) != w.tenant_of_scope(vault))?;
    w.has_valid_token(actor, tenant).then(|| {
        super::token(
            w.tenants().get(tenant).map_or(tenant, |t| t.tenant_id.as_str()),
            w.now() + chrono::TimeDelta::hours(1),
        )
    })
}

/// The auxiliary token a protected operation on `vault` sends for its guard's directory: written
/// when the guard is in another directory and the person held a token for it at that moment (as
/// the portal session had it); none otherwise.
fn token(w: &World, actor: &str, vault: &str, guard: Option<&str>, shell: Shell) -> String {
    let guard_tenant = guard.and_then(|g| w.tenant_of_scope(g));
    let Some(tenant) = guard_tenant.filter(|t| Some(*t) != w.tenant_of_scope(vault)) else { return String::new() };
    if !w.has_valid_token(actor, tenant) {
        return String::new();
    }
    let guid = w.tenants().get(tenant).map_or(tenant, |t| t.tenant_id.as_str());
    match shell {
        Shell::Az => format!(" --tenant-id {guid}"),
        Shell::Pwsh => format!(" -Token (Get-AzAccessToken -TenantId {guid}).Token"),
    }
}

/// A console block as one line (its commands joined by `;`), so the script runs it as one step,
/// stopping at its first refusal as the block did: continuations joined, comment lines dropped.
fn one_line(text: &str, shell: Shell) -> String {
    let continuation = match shell {
        Shell::Az => "\\\n",
        Shell::Pwsh => "`\n",
    };
    let joined = text.replace("\r\n", "\n").replace(continuation, " ");
    let commands: Vec<&str> = joined.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    commands.join("; ")
}

/// A word quoted for both shells when it needs it (spaces, quotes, `$`).
fn quote(word: &str) -> String {
    if word.chars().all(|c| c.is_alphanumeric() || "-_./=:".contains(c)) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "''"))
    }
}
