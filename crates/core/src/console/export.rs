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

use crate::command::Command;
use crate::critical_operations::VaultKind;
use crate::scenario::{Expect, Shell, Step, StepAction};
use crate::scenario_file::step_json;
use crate::session::Session;
use crate::world::World;

/// The session as a script for `shell`.
pub fn script(session: &Session, shell: Shell) -> String {
    let comment = match shell {
        Shell::Az => "az",
        Shell::Pwsh => "Az PowerShell",
    };
    let mut out = format!(
        "# {} — the session as {comment} lines (MUA Playground). Run it back: mua shell --scenario <its scenario file> --start <this file>\n",
        session.scenario().title
    );
    // The world before each step: the session replayed on the scenario's start.
    let mut replay = Session::new(std::rc::Rc::clone(session.scenario()));
    let mut actor: Option<String> = None;
    for recorded in session.history() {
        let step = recorded.step();
        let world = replay.world();
        let line = match &step.action {
            StepAction::Run { actor: who, command } => lines(world, who, command, shell),
            StepAction::Console { shell: typed, text, .. } if *typed == shell => Some(one_line(text, shell)),
            _ => None,
        };
        match (&step.action, line) {
            (StepAction::Advance(by), _) => {
                out.push_str(&format!("# advance: {}\n", crate::duration::format(*by)));
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
