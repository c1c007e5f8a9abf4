//! Deciding commands (every rule of SPEC §3–§4 is checked here, in order, into a [`Trace`]) and
//! applying events.

use chrono::TimeDelta;

use crate::command::{Command, Event};
use crate::error::{ErrorCode, Refusal, Result, Trace};
use crate::model::{Item, Origin, ProtectionState, ResourceGuard, RoleAssignment, ScopeChain, Vault, World};
use crate::mua::{self, CriticalOperation, VaultKind};
use crate::pim::{ScheduleAsk, Verdict};
use crate::rbac::{self, Action};

/// Lifetime of a cross-tenant token (G9, simulator assumption).
pub const TOKEN_LIFETIME: TimeDelta = TimeDelta::minutes(60);

/// Default retention (days) of a new item and of a vault's policy (simulator assumption).
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// The typed outcome of the G5 decision (see [`World::g5`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum G5Verdict<'w> {
    /// (a) failed: no vault-side permission for the ARM operation.
    VaultPermissionMissing,
    /// MUA is off, or the operation is excluded on the guard: vault RBAC alone decides.
    NotProtected {
        /// The assignment granting the vault-side operation.
        vault_grant: &'w RoleAssignment,
        /// The guard that excludes the operation, when MUA is on.
        excluded_by: Option<&'w ResourceGuard>,
    },
    /// (b) failed: the guard is in another tenant and there is no valid token for it.
    TokenMissing {
        /// The assignment granting the vault-side operation.
        vault_grant: &'w RoleAssignment,
        /// The guard.
        guard: &'w ResourceGuard,
    },
    /// (c) failed: no active role on the guard grants the request action.
    GuardRoleMissing {
        /// The assignment granting the vault-side operation.
        vault_grant: &'w RoleAssignment,
        /// The guard.
        guard: &'w ResourceGuard,
    },
    /// Every check passed.
    Allowed {
        /// The assignment granting the vault-side operation.
        vault_grant: &'w RoleAssignment,
        /// The guard.
        guard: &'w ResourceGuard,
        /// The assignment granting the guard request action.
        guard_grant: &'w RoleAssignment,
    },
}

/// What a successful command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The changes, in order.
    pub events: Vec<Event>,
    /// The ordered checks that allowed it.
    pub trace: Trace,
}

impl World {
    /// Decides a command as `actor` without changing the world.
    pub fn decide(&self, actor: &str, command: &Command) -> Result<Decision> {
        let mut t = Trace::default();
        let Some(principal) = self.principals.get(actor) else {
            return Err(Refusal::new(ErrorCode::NotFound, format!("principal `{actor}` does not exist")));
        };
        t.pass(
            "Signed in",
            format!("as {} ({}, home directory `{}`)", principal.name, principal.kind.as_str(), principal.tenant),
        );
        let events = match command {
            Command::CreateVault { id, kind, resource_group, location, identity } => {
                self.ensure_new_handle(id)?;
                let rg = self.rg(resource_group)?;
                let chain = self.chain(resource_group)?;
                self.require(&mut t, actor, World::vault_write_action(*kind), &chain, resource_group)?;
                let user_identities = match identity {
                    None => Default::default(),
                    Some(i) => match self.identity_at_creation(&mut t, *kind, i)? {
                        crate::model::IdentityRef::User(h) => std::iter::once(h).collect(),
                        crate::model::IdentityRef::System => Default::default(),
                    },
                };
                let vault = Vault {
                    id: id.clone(),
                    kind: *kind,
                    resource_group: rg.id.clone(),
                    location: location.clone().unwrap_or_else(|| rg.location.clone()),
                    soft_delete: true,
                    immutable: false,
                    guard: None,
                    policy_retention_days: DEFAULT_RETENTION_DAYS,
                    security_pins: 0,
                    system_identity: false,
                    user_identities,
                    encryption: None,
                };
                vec![Event::VaultSaved(vault)]
            }
            Command::DeleteVault { vault } => {
                let v = self.vault(vault)?;
                let action = match v.kind {
                    VaultKind::RecoveryServices => Action::RsvDelete,
                    VaultKind::Backup => Action::BvDelete,
                };
                self.require(&mut t, actor, action, &self.chain(vault)?, vault)?;
                if self.items.values().any(|i| &i.vault == vault) {
                    let r = Refusal::new(
                        ErrorCode::OperationNotSupported,
                        format!("Vault `{vault}` cannot be deleted as there are existing resources within the vault"),
                    )
                    .with_remedy("Stop protection and delete the backup data of every item first");
                    return Err(r.with_trace(t, "Vault is empty"));
                }
                let mut events = vec![Event::VaultDeleted(vault.clone())];
                // I1: the system-assigned identity is deleted with the vault.
                if v.system_identity {
                    events.push(Event::PrincipalRemoved(vault.clone()));
                }
                events
            }
            Command::ConfigureBackup { id, vault, datasource } => {
                self.ensure_new_handle(id)?;
                let v = self.vault(vault)?;
                let action = match v.kind {
                    VaultKind::RecoveryServices => Action::RsvItemWrite,
                    VaultKind::Backup => Action::BvInstanceWrite,
                };
                self.require(&mut t, actor, action, &self.chain(vault)?, vault)?;
                vec![Event::ItemSaved(Item {
                    id: id.clone(),
                    vault: vault.clone(),
                    datasource: datasource.clone(),
                    state: ProtectionState::Protected,
                    retention_days: v.policy_retention_days,
                    backups: 0,
                    restores: 0,
                })]
            }
            Command::CreateResourceGuard { id, resource_group, location, description } => {
                self.ensure_new_handle(id)?;
                let rg = self.rg(resource_group)?;
                self.require(&mut t, actor, Action::GuardWrite, &self.chain(resource_group)?, resource_group)?;
                vec![Event::GuardSaved(ResourceGuard {
                    id: id.clone(),
                    resource_group: rg.id.clone(),
                    location: location.clone().unwrap_or_else(|| rg.location.clone()),
                    description: description.clone(),
                    excluded: Default::default(),
                })]
            }
            Command::UpdateResourceGuard { guard, excluded_operations } => {
                let g = self.guard(guard)?;
                self.require(&mut t, actor, Action::GuardWrite, &self.chain(guard)?, guard)?;
                let mut excluded = std::collections::BTreeSet::new();
                for name in excluded_operations {
                    let Some(op) = mua::lookup_any_kind(name) else {
                        return Err(Refusal::new(
                            ErrorCode::InvalidInput,
                            format!(
                                "`{name}` is not a critical operation of a Recovery Services vault or a Backup vault"
                            ),
                        ));
                    };
                    if op.mandatory {
                        let r = Refusal::new(
                            ErrorCode::OperationCannotBeExcluded,
                            format!("'{}' is a mandatory critical operation and cannot be disabled on the Resource Guard", op.portal_name),
                        )
                        .with_remedy("Only optional operations can be excluded; soft delete and MUA removal are always protected");
                        return Err(r.with_trace(t, format!("Exclude `{}`", op.name)));
                    }
                    excluded.insert(op.name.to_owned());
                }
                t.pass("Exclusions", format!("{} optional operation(s) excluded", excluded.len()));
                vec![Event::GuardSaved(ResourceGuard { excluded, ..g.clone() })]
            }
            Command::DeleteResourceGuard { guard } => {
                self.guard(guard)?;
                self.require(&mut t, actor, Action::GuardDelete, &self.chain(guard)?, guard)?;
                if let Some(v) = self.vaults.values().find(|v| v.guard.as_deref() == Some(guard)) {
                    let r = Refusal::new(
                        ErrorCode::ResourceGuardInUse,
                        format!(
                            "Resource Guard `{guard}` cannot be deleted: vault `{}` is still protected by it",
                            v.id
                        ),
                    )
                    .with_remedy("Disable MUA on every vault that uses this Resource Guard first");
                    return Err(r.with_trace(t, "No vault maps to the Resource Guard (simulator assumption)"));
                }
                vec![Event::GuardDeleted(guard.clone())]
            }
            Command::AssignRole { principal, role, scope } => {
                let assignment = self.assignment_for(principal, role, scope)?;
                self.require(&mut t, actor, Action::RoleAssignmentWrite, &self.chain(scope)?, scope)?;
                self.check_principal_in_directory(&mut t, principal, scope)?;
                if self.assignments.get(principal).is_some_and(|list| list.contains(&assignment)) {
                    return Err(Refusal::new(ErrorCode::AlreadyExists, "The role assignment already exists."));
                }
                vec![Event::RoleAssigned(assignment)]
            }
            Command::RemoveRoleAssignment { principal, role, scope } => {
                let assignment = self.assignment_for(principal, role, scope)?;
                self.require(&mut t, actor, Action::RoleAssignmentDelete, &self.chain(scope)?, scope)?;
                if !self.assignments.get(principal).is_some_and(|list| list.contains(&assignment)) {
                    return Err(Refusal::new(
                        ErrorCode::NotFound,
                        format!("`{principal}` has no {} assignment at `{scope}`", assignment.role.name),
                    ));
                }
                vec![Event::RoleAssignmentRemoved(assignment)]
            }
            Command::InviteGuest { user, tenant } => {
                let u = self.principal(user)?;
                self.tenant(tenant)?;
                if principal.tenant != *tenant {
                    let r = Refusal::new(
                        ErrorCode::AuthorizationFailed,
                        format!(
                            "{} is not a member of directory `{tenant}` and cannot invite guests to it",
                            principal.name
                        ),
                    )
                    .with_remedy("A member of the directory invites the guest (simulator assumption)");
                    return Err(r.with_trace(t, "Member of the inviting directory"));
                }
                if u.kind != crate::model::PrincipalKind::User {
                    return Err(Refusal::new(
                        ErrorCode::InvalidInput,
                        format!("`{user}` is not a user; only users can be invited"),
                    ));
                }
                if self.is_member_or_guest(user, tenant) {
                    return Err(Refusal::new(
                        ErrorCode::AlreadyExists,
                        format!("`{user}` is already a member or guest of `{tenant}`"),
                    ));
                }
                t.pass("Member of the inviting directory", format!("{} is a member of `{tenant}`", principal.name));
                vec![Event::GuestInvited { user: user.clone(), tenant: tenant.clone() }]
            }
            Command::Authenticate { tenant } => {
                let ten = self.tenant(tenant)?;
                if !self.is_member_or_guest(actor, tenant) {
                    let r = Refusal::new(
                        ErrorCode::AuthorizationFailed,
                        format!(
                            "User account '{}' from identity provider does not exist in tenant '{}'",
                            principal.name, ten.name
                        ),
                    )
                    .with_remedy(format!("Invite `{actor}` as a guest of `{tenant}` first"));
                    return Err(r.with_trace(t, format!("Account in directory `{tenant}`")));
                }
                t.pass(format!("Account in directory `{tenant}`"), "home directory or B2B guest");
                vec![Event::TokenIssued {
                    principal: actor.to_owned(),
                    tenant: tenant.clone(),
                    expires: self.now + TOKEN_LIFETIME,
                }]
            }
            Command::EnableMua { vault, guard } => self.enable_mua(&mut t, actor, vault, guard)?,
            Command::DisableMua { vault } => {
                let v = self.vault(vault)?;
                if v.guard.is_none() {
                    return Err(Refusal::new(
                        ErrorCode::MuaNotEnabled,
                        format!("Vault `{vault}` is not protected by a Resource Guard"),
                    ));
                }
                self.protected(&mut t, actor, v, "remove-mua-protection")?;
                vec![Event::VaultSaved(Vault { guard: None, ..v.clone() })]
            }
            Command::DisableSoftDelete { vault } => {
                let v = self.vault(vault)?;
                self.protected(&mut t, actor, v, "disable-soft-delete")?;
                vec![Event::VaultSaved(Vault { soft_delete: false, ..v.clone() })]
            }
            Command::EnableSoftDelete { vault } => {
                let v = self.vault(vault)?;
                let action = match v.kind {
                    VaultKind::RecoveryServices => Action::RsvBackupConfigWrite,
                    VaultKind::Backup => Action::BvWrite,
                };
                self.require(&mut t, actor, action, &self.chain(vault)?, vault)?;
                t.pass("Resource Guard protection", "enabling soft delete raises security: not a critical operation");
                vec![Event::VaultSaved(Vault { soft_delete: true, ..v.clone() })]
            }
            Command::ModifyPolicy { vault, reduce_retention } => {
                let v = self.vault(vault)?;
                self.only_kind(v, VaultKind::RecoveryServices, "Modify policy")?;
                let days = if *reduce_retention {
                    self.protected(&mut t, actor, v, "modify-policy")?;
                    (v.policy_retention_days / 2).max(1)
                } else {
                    self.require(&mut t, actor, Action::RsvPolicyWrite, &self.chain(vault)?, vault)?;
                    t.pass("Resource Guard protection", "retention is not reduced: not a critical operation");
                    v.policy_retention_days + DEFAULT_RETENTION_DAYS
                };
                vec![Event::VaultSaved(Vault { policy_retention_days: days, ..v.clone() })]
            }
            Command::ModifyProtection { item, reduce_retention } => {
                let (i, v) = self.item(item)?;
                self.only_kind(v, VaultKind::RecoveryServices, "Modify protection")?;
                let days = if *reduce_retention {
                    self.protected(&mut t, actor, v, "modify-protection")?;
                    (i.retention_days / 2).max(1)
                } else {
                    self.require(&mut t, actor, Action::RsvItemWrite, &self.chain(&v.id)?, &v.id)?;
                    t.pass("Resource Guard protection", "retention is not reduced: not a critical operation");
                    i.retention_days + DEFAULT_RETENTION_DAYS
                };
                vec![Event::ItemSaved(Item { retention_days: days, ..i.clone() })]
            }
            Command::DeleteProtection { item } => {
                let (i, v) = self.item(item)?;
                self.only_kind(v, VaultKind::RecoveryServices, "Stop protection and delete data")?;
                self.protected(&mut t, actor, v, "delete-protection")?;
                vec![Event::ItemDeleted(i.id.clone())]
            }
            Command::StopProtectionRetainData { item } => {
                let (i, v) = self.item(item)?;
                self.only_kind(v, VaultKind::RecoveryServices, "Stop backup and retain data")?;
                self.protected(&mut t, actor, v, "stop-protection-retain-data")?;
                vec![Event::ItemSaved(Item { state: ProtectionState::StoppedRetainData, ..i.clone() })]
            }
            Command::GetSecurityPin { vault } => {
                let v = self.vault(vault)?;
                self.only_kind(v, VaultKind::RecoveryServices, "Generate security PIN")?;
                self.protected(&mut t, actor, v, "get-security-pin")?;
                vec![Event::VaultSaved(Vault { security_pins: v.security_pins + 1, ..v.clone() })]
            }
            Command::DisableImmutability { vault } => {
                let v = self.vault(vault)?;
                self.protected(&mut t, actor, v, "disable-immutability")?;
                vec![Event::VaultSaved(Vault { immutable: false, ..v.clone() })]
            }
            Command::DeleteBackupInstance { item } => {
                let (i, v) = self.item(item)?;
                self.only_kind(v, VaultKind::Backup, "Delete backup instance")?;
                self.protected(&mut t, actor, v, "delete-backup-instance")?;
                vec![Event::ItemDeleted(i.id.clone())]
            }
            Command::StopBackupRetainForever { item } => {
                let (i, v) = self.item(item)?;
                self.only_kind(v, VaultKind::Backup, "Stop backup and retain forever")?;
                self.protected(&mut t, actor, v, "stop-backup-retain-forever")?;
                vec![Event::ItemSaved(Item { state: ProtectionState::StoppedRetainData, ..i.clone() })]
            }
            Command::StopBackupRetainAsPerPolicy { item } => {
                let (i, v) = self.item(item)?;
                self.only_kind(v, VaultKind::Backup, "Stop backup and retain as per policy")?;
                self.protected(&mut t, actor, v, "stop-backup-retain-as-per-policy")?;
                vec![Event::ItemSaved(Item { state: ProtectionState::StoppedRetainAsPerPolicy, ..i.clone() })]
            }
            Command::TriggerBackup { item } => {
                let (i, v) = self.item(item)?;
                let action = match v.kind {
                    VaultKind::RecoveryServices => Action::RsvItemBackup,
                    VaultKind::Backup => Action::BvInstanceBackup,
                };
                self.require(&mut t, actor, action, &self.chain(&v.id)?, &v.id)?;
                t.pass("Resource Guard protection", "Back up now is not a critical operation (G7)");
                self.check_encryption_key(&mut t, v)?;
                vec![Event::ItemSaved(Item { backups: i.backups + 1, ..i.clone() })]
            }
            Command::Restore { item } => {
                let (i, v) = self.item(item)?;
                let action = match v.kind {
                    VaultKind::RecoveryServices => Action::RsvItemRestore,
                    VaultKind::Backup => Action::BvInstanceRestore,
                };
                self.require(&mut t, actor, action, &self.chain(&v.id)?, &v.id)?;
                t.pass("Resource Guard protection", "Restore is not a critical operation (G7)");
                vec![Event::ItemSaved(Item { restores: i.restores + 1, ..i.clone() })]
            }
            Command::PimAssign { principal, role, scope, kind, start, end, justification, mfa } => {
                let base = self.assignment_for(principal, role, scope)?;
                self.require(&mut t, actor, Action::RoleAssignmentWrite, &self.chain(scope)?, scope)?;
                self.check_principal_in_directory(&mut t, principal, scope)?;
                let a = RoleAssignment { kind: *kind, start: *start, end: *end, origin: Origin::Pim, ..base };
                self.pim_assign(&mut t, actor, a, justification, *mfa)?
            }
            Command::PimRemoveAssignment { principal, role, scope, kind } => {
                let base = self.assignment_for(principal, role, scope)?;
                self.require(&mut t, actor, Action::RoleAssignmentDelete, &self.chain(scope)?, scope)?;
                self.pim_remove(actor, principal, base.role, scope, *kind)?
            }
            Command::PimUpdateSettings { role, scope, change } => {
                let def = self.role_def(role)?;
                self.require(&mut t, actor, Action::RoleAssignmentWrite, &self.chain(scope)?, scope)?;
                self.pim_update_settings(&mut t, actor, def, scope, change)?
            }
            Command::PimActivate { id, role, scope, duration, justification, ticket, mfa } => {
                let def = self.role_def(role)?;
                self.chain(scope)?;
                self.pim_activate(&mut t, actor, id, def, scope, *duration, justification, ticket.as_deref(), *mfa)?
            }
            Command::PimApprove { request, justification } => {
                self.pim_decide(&mut t, actor, request, Verdict::Approve, justification)?
            }
            Command::PimDeny { request, justification } => {
                self.pim_decide(&mut t, actor, request, Verdict::Deny, justification)?
            }
            Command::PimCancel { request } => self.pim_cancel(&mut t, actor, request)?,
            Command::PimDeactivate { role, scope } => {
                let def = self.role_def(role)?;
                self.pim_deactivate(&mut t, actor, def, scope)?
            }
            Command::PimExtend { id, role, scope, kind, justification } => {
                let def = self.role_def(role)?;
                self.pim_extend_or_renew(&mut t, actor, id, def, scope, *kind, justification, ScheduleAsk::Extend)?
            }
            Command::PimRenew { id, role, scope, kind, justification } => {
                let def = self.role_def(role)?;
                self.pim_extend_or_renew(&mut t, actor, id, def, scope, *kind, justification, ScheduleAsk::Renew)?
            }
            Command::EnableSystemIdentity { vault } => {
                self.enable_system_identity(&mut t, actor, self.vault(vault)?)?
            }
            Command::DisableSystemIdentity { vault } => {
                self.disable_system_identity(&mut t, actor, self.vault(vault)?)?
            }
            Command::AttachUserIdentity { vault, identity } => {
                self.attach_user_identity(&mut t, actor, self.vault(vault)?, identity)?
            }
            Command::DetachUserIdentity { vault, identity } => {
                self.detach_user_identity(&mut t, actor, self.vault(vault)?, identity)?
            }
            Command::CreateUserIdentity { id, resource_group } | Command::CreateKeyVault { id, resource_group } => {
                self.ensure_new_handle(id)?;
                let rg = self.rg(resource_group)?;
                let is_identity = matches!(command, Command::CreateUserIdentity { .. });
                let action = if is_identity { Action::IdentityWrite } else { Action::KeyVaultWrite };
                self.require(&mut t, actor, action, &self.chain(resource_group)?, resource_group)?;
                let res = crate::model::PlainResource {
                    id: id.clone(),
                    resource_group: rg.id.clone(),
                    location: rg.location.clone(),
                };
                if is_identity {
                    let principal = crate::model::Principal {
                        id: id.clone(),
                        kind: crate::model::PrincipalKind::ManagedIdentity,
                        tenant: self.tenant_of_scope(resource_group).unwrap_or_default().to_owned(),
                        name: id.clone(),
                        object_id: crate::scenario::derived_guid("user-identity", id),
                        members: Vec::new(),
                    };
                    vec![Event::IdentitySaved(res), Event::PrincipalSaved(principal)]
                } else {
                    vec![Event::KeyVaultSaved(res)]
                }
            }
            Command::ConfigureEncryption { vault, key_vault, identity } => {
                let v = self.vault(vault)?;
                if !self.key_vaults.contains_key(key_vault) {
                    return Err(not_found("key vault", key_vault));
                }
                self.require(&mut t, actor, World::vault_write_action(v.kind), &self.chain(vault)?, vault)?;
                if self.identity_principal(v, identity).is_none() {
                    let r = Refusal::new(
                        ErrorCode::NotFound,
                        format!("vault `{vault}` has no such identity enabled: {identity:?}"),
                    )
                    .with_remedy("Enable the system-assigned identity or attach the user-assigned identity first");
                    return Err(r.with_trace(t, "Identity on the vault"));
                }
                let encryption = crate::model::Encryption { key_vault: key_vault.clone(), identity: identity.clone() };
                vec![Event::VaultSaved(Vault { encryption: Some(encryption), ..v.clone() })]
            }
            Command::LighthouseOnboard { id, scope, parameters } => {
                let parsed = crate::lighthouse::parse_parameters(parameters)?;
                self.lighthouse_onboard(&mut t, actor, id, scope, &parsed)?
            }
            Command::LighthouseActivate { id, delegation, role, duration, justification, mfa } => {
                let def = self.role_def(role)?;
                self.lighthouse_activate(&mut t, actor, id, delegation, def, *duration, justification, *mfa)?
            }
        };
        Ok(Decision { events, trace: t })
    }

    /// Applies one event.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::VaultSaved(v) => {
                self.vaults.insert(v.id.clone(), v.clone());
            }
            Event::VaultDeleted(id) => {
                self.vaults.remove(id);
                self.items.retain(|_, i| &i.vault != id);
                for list in self.assignments.values_mut() {
                    list.retain(|a| &a.scope != id);
                }
            }
            Event::ItemSaved(i) => {
                self.items.insert(i.id.clone(), i.clone());
            }
            Event::ItemDeleted(id) => {
                self.items.remove(id);
            }
            Event::GuardSaved(g) => {
                self.guards.insert(g.id.clone(), g.clone());
            }
            Event::GuardDeleted(id) => {
                self.guards.remove(id);
                for list in self.assignments.values_mut() {
                    list.retain(|a| &a.scope != id);
                }
            }
            Event::RoleAssigned(a) => {
                self.assignments.entry(a.principal.clone()).or_default().push(a.clone());
            }
            Event::RoleAssignmentRemoved(a) => {
                if let Some(list) = self.assignments.get_mut(&a.principal) {
                    list.retain(|x| x != a);
                    if list.is_empty() {
                        self.assignments.remove(&a.principal);
                    }
                }
            }
            Event::GuestInvited { user, tenant } => {
                self.guests.insert((user.clone(), tenant.clone()));
            }
            Event::TokenIssued { principal, tenant, expires } => {
                self.tokens.insert((principal.clone(), tenant.clone()), *expires);
            }
            Event::ClockAdvanced(to) => {
                self.now = *to;
            }
            Event::PimSettingsSaved { role, scope, settings } => {
                self.pim_settings.insert((role.clone(), scope.clone()), settings.clone());
            }
            Event::RequestSaved(r) => {
                self.requests.insert(r.id.clone(), r.clone());
            }
            Event::Audited(a) => self.audit.push(a.clone()),
            Event::Notified(n) => self.inbox.entry(n.to.clone()).or_default().push(n.clone()),
            Event::DelegationSaved(d) => {
                self.delegations.insert(d.id.clone(), d.clone());
            }
            Event::PrincipalSaved(p) => {
                self.principals.insert(p.id.clone(), p.clone());
            }
            Event::PrincipalRemoved(id) => {
                self.principals.remove(id);
                self.assignments.remove(id);
            }
            Event::IdentitySaved(r) => {
                self.identities.insert(r.id.clone(), r.clone());
            }
            Event::KeyVaultSaved(r) => {
                self.key_vaults.insert(r.id.clone(), r.clone());
            }
        }
    }

    /// G4: map a guard to a vault.
    fn enable_mua(&self, t: &mut Trace, actor: &str, vault: &str, guard: &str) -> Result<Vec<Event>> {
        let v = self.vault(vault)?;
        let vchain = self.chain(vault)?;
        self.require(t, actor, v.kind.guard_proxy_write(), &vchain, vault)?;
        if let Some(existing) = &v.guard {
            let r = Refusal::new(
                ErrorCode::MuaAlreadyEnabled,
                format!("Vault `{vault}` is already protected by Resource Guard `{existing}`"),
            )
            .with_remedy("Disable MUA first (a protected operation) to map another Resource Guard");
            return Err(r.with_trace(t.clone(), "Vault not yet protected"));
        }
        t.pass("Vault not yet protected", "no Resource Guard is mapped");
        let Some(g) = self.resolve_guard(guard) else {
            let r =
                Refusal::new(ErrorCode::ResourceGuardNotFound, format!("The Resource Guard '{guard}' was not found"))
                    .with_remedy("Check the Resource Guard's ARM id (URI) or pick it from Select Resource Guard");
            return Err(r.with_trace(t.clone(), "Resource Guard exists"));
        };
        let gchain = self.chain(&g.id)?;
        let vault_tenant = self.tenant_of_scope(vault).unwrap_or_default();
        let guard_tenant = self.tenant_of_scope(&g.id).unwrap_or_default();
        self.check_token(t, actor, &g.id, vault_tenant, guard_tenant)?;
        match self.find_grant(actor, Action::GuardRead, &gchain) {
            Some(a) => t.pass("Reader on the Resource Guard", granted_by(a)),
            None => {
                let r = Refusal::new(
                    ErrorCode::ReaderOnGuardMissing,
                    format!(
                        "You need the Reader role on Resource Guard '{}' to link it to the vault. {}",
                        g.id, g.description
                    ),
                )
                .with_remedy(format!(
                    "The Security admin assigns Reader on `{}` (or its resource group or subscription) to `{actor}`",
                    g.id
                ));
                return Err(r.with_trace(t.clone(), "Reader on the Resource Guard"));
            }
        }
        if g.location != v.location {
            let r = Refusal::new(
                ErrorCode::ResourceGuardRegionMismatch,
                format!(
                    "The Resource Guard is in {} but the vault is in {}: they must be in the same region",
                    g.location, v.location
                ),
            )
            .with_remedy(format!("Use a Resource Guard in {}", v.location));
            return Err(r.with_trace(t.clone(), "Same region"));
        }
        t.pass("Same region", g.location.clone());
        Ok(vec![Event::VaultSaved(Vault { guard: Some(g.id.clone()), ..v.clone() })])
    }

    /// The G5 decision for a critical operation, typed and without rendering: (a) vault-side RBAC,
    /// whether the guard protects the operation, (b) the cross-tenant token, (c) an active role on
    /// the guard granting the request action. The traced path ([`World::decide`]) renders this.
    pub fn g5<'w>(&'w self, actor: &str, v: &'w Vault, op: &CriticalOperation) -> G5Verdict<'w> {
        let Some(vchain) = self.scope_chain(&v.id) else { return G5Verdict::VaultPermissionMissing };
        let Some(vault_grant) = self.find_grant(actor, op.vault_action, &vchain) else {
            return G5Verdict::VaultPermissionMissing;
        };
        let Some(guard) = v.guard.as_deref().and_then(|g| self.guards.get(g)) else {
            return G5Verdict::NotProtected { vault_grant, excluded_by: None };
        };
        if !op.mandatory && guard.excluded.contains(op.name) {
            return G5Verdict::NotProtected { vault_grant, excluded_by: Some(guard) };
        }
        let Some(gchain) = self.scope_chain(&guard.id) else {
            return G5Verdict::GuardRoleMissing { vault_grant, guard };
        };
        let guard_tenant = self.subscriptions.get(gchain.subscription).map(|s| s.tenant.as_str());
        let vault_tenant = self.subscriptions.get(vchain.subscription).map(|s| s.tenant.as_str());
        if guard_tenant != vault_tenant && !guard_tenant.is_some_and(|t| self.has_valid_token(actor, t)) {
            return G5Verdict::TokenMissing { vault_grant, guard };
        }
        match self.find_grant(actor, op.guard_action, &gchain) {
            Some(guard_grant) => G5Verdict::Allowed { vault_grant, guard, guard_grant },
            None => G5Verdict::GuardRoleMissing { vault_grant, guard },
        }
    }

    /// G5, traced: a critical operation on a vault.
    fn protected(&self, t: &mut Trace, actor: &str, v: &Vault, op_name: &str) -> Result<()> {
        let Some(op) = mua::critical_operation(v.kind, op_name) else {
            return Err(Refusal::new(
                ErrorCode::OperationNotSupported,
                format!("'{op_name}' is not an operation of a {}", v.kind.portal_name()),
            ));
        };
        let verdict = self.g5(actor, v, op);
        // Each verdict renders the checks it passed, then the one that decided.
        let (vault_grant, guard) = match verdict {
            G5Verdict::VaultPermissionMissing => {
                return self.require(t, actor, op.vault_action, &self.chain(&v.id)?, &v.id);
            }
            G5Verdict::NotProtected { vault_grant, excluded_by } => {
                t.pass(format!("RBAC on `{}`: {}", v.id, op.vault_action.as_str()), granted_by(vault_grant));
                match excluded_by {
                    None => t.pass(
                        "Resource Guard protection",
                        "MUA is not enabled on the vault: the operation is not protected",
                    ),
                    Some(g) => t.pass(
                        "Resource Guard protection",
                        format!("'{}' is excluded on Resource Guard `{}`", op.portal_name, g.id),
                    ),
                }
                return Ok(());
            }
            G5Verdict::TokenMissing { vault_grant, guard }
            | G5Verdict::GuardRoleMissing { vault_grant, guard }
            | G5Verdict::Allowed { vault_grant, guard, .. } => (vault_grant, guard),
        };
        t.pass(format!("RBAC on `{}`: {}", v.id, op.vault_action.as_str()), granted_by(vault_grant));
        t.pass(
            "Resource Guard protection",
            format!(
                "'{}' is protected by Resource Guard `{}`{}",
                op.portal_name,
                guard.id,
                if op.mandatory { " (mandatory)" } else { "" }
            ),
        );
        let vault_tenant = self.tenant_of_scope(&v.id).unwrap_or_default();
        let guard_tenant = self.tenant_of_scope(&guard.id).unwrap_or_default();
        self.check_token(t, actor, &guard.id, vault_tenant, guard_tenant)?;
        self.check_guard_role(t, actor, guard, op)
    }

    fn check_token(
        &self,
        t: &mut Trace,
        actor: &str,
        guard: &str,
        vault_tenant: &str,
        guard_tenant: &str,
    ) -> Result<()> {
        if vault_tenant == guard_tenant {
            t.pass("Token for the Resource Guard's directory", "same directory as the vault: no extra token needed");
            return Ok(());
        }
        if self.has_valid_token(actor, guard_tenant) {
            let exp = self.token_expiry(actor, guard_tenant).map(|e| e.to_rfc3339()).unwrap_or_default();
            t.pass("Token for the Resource Guard's directory", format!("valid token for `{guard_tenant}` until {exp}"));
            return Ok(());
        }
        let tenant_name = self.tenants.get(guard_tenant).map_or(guard_tenant, |x| x.name.as_str());
        let why = match self.token_expiry(actor, guard_tenant) {
            Some(exp) => format!("the token expired at {}", exp.to_rfc3339()),
            None => "no token".to_owned(),
        };
        let r = Refusal::new(
            ErrorCode::CrossTenantAuthRequired,
            format!("The Resource Guard '{guard}' is in directory '{tenant_name}' ({why}). Authenticate to that directory to continue."),
        )
        .with_remedy(format!("Authenticate to directory `{guard_tenant}` (portal: Authenticate; az --tenant-id; PowerShell -Token)"));
        Err(r.with_trace(t.clone(), "Token for the Resource Guard's directory"))
    }

    fn check_guard_role(
        &self,
        t: &mut Trace,
        actor: &str,
        guard: &ResourceGuard,
        op: &CriticalOperation,
    ) -> Result<()> {
        let what = format!("Active role on the Resource Guard granting {}", op.guard_action.as_str());
        let gchain = self.chain(&guard.id)?;
        if let Some(a) = self.find_grant(actor, op.guard_action, &gchain) {
            t.pass(what, granted_by(a));
            return Ok(());
        }
        let r = Refusal::new(
            ErrorCode::MuaOperatorRoleMissing,
            format!(
                "You don't have sufficient permissions on the Resource Guard '{}' to perform '{}'. {}",
                guard.id, op.portal_name, guard.description
            ),
        )
        .with_remedy(format!(
            "Get an active Backup MUA Operator role on `{}` (just in time, from the Security admin)",
            guard.id
        ));
        Err(r.with_trace(t.clone(), what))
    }

    /// Checks an RBAC permission at a scope and records it.
    pub(crate) fn require(
        &self,
        t: &mut Trace,
        actor: &str,
        action: Action,
        at: &ScopeChain<'_>,
        target: &str,
    ) -> Result<()> {
        let what = format!("RBAC on `{target}`: {}", action.as_str());
        if let Some(a) = self.find_grant(actor, action, at) {
            t.pass(what, granted_by(a));
            return Ok(());
        }
        let oid = self.principals.get(actor).map_or("", |p| p.object_id.as_str());
        let scope = self.arm_id(target).unwrap_or_else(|| target.to_owned());
        let r = Refusal::new(
            ErrorCode::AuthorizationFailed,
            format!(
                "The client '{}' with object id '{oid}' does not have authorization to perform action '{}' over scope '{scope}' or the scope is invalid.",
                self.display_name(actor),
                action.as_str()
            ),
        )
        .with_remedy(format!("Assign `{actor}` a role that includes {} at `{target}` or above", action.as_str()));
        Err(r.with_trace(t.clone(), what))
    }

    pub(crate) fn check_principal_in_directory(&self, t: &mut Trace, principal: &str, scope: &str) -> Result<()> {
        let tenant = self.tenant_of_scope(scope).unwrap_or_default();
        if self.is_member_or_guest(principal, tenant) {
            t.pass("Principal in the scope's directory", format!("`{principal}` is in directory `{tenant}`"));
            return Ok(());
        }
        let r = Refusal::new(
            ErrorCode::NotFound,
            format!("Principal `{principal}` does not exist in the directory `{tenant}`"),
        )
        .with_remedy(format!("Invite `{principal}` as a guest of `{tenant}` first"));
        Err(r.with_trace(t.clone(), "Principal in the scope's directory"))
    }

    fn role_def(&self, role: &str) -> Result<&'static rbac::RoleDefinition> {
        rbac::role(role).ok_or_else(|| {
            Refusal::new(
                ErrorCode::InvalidInput,
                format!("unknown role `{role}`; built-in roles: {}", rbac::role_names().join(", ")),
            )
        })
    }

    fn assignment_for(&self, principal: &str, role: &str, scope: &str) -> Result<RoleAssignment> {
        self.principal(principal)?;
        let def = self.role_def(role)?;
        self.chain(scope)?;
        Ok(RoleAssignment::direct(principal, def, scope))
    }

    fn only_kind(&self, v: &Vault, kind: VaultKind, what: &str) -> Result<()> {
        if v.kind == kind {
            return Ok(());
        }
        Err(Refusal::new(
            ErrorCode::OperationNotSupported,
            format!("'{what}' is not supported on a {}", v.kind.portal_name()),
        ))
    }

    fn ensure_new_handle(&self, id: &str) -> Result<()> {
        let taken = self.tenants.contains_key(id)
            || self.principals.contains_key(id)
            || self.subscriptions.contains_key(id)
            || self.resource_groups.contains_key(id)
            || self.vaults.contains_key(id)
            || self.guards.contains_key(id)
            || self.items.contains_key(id)
            || self.identities.contains_key(id)
            || self.key_vaults.contains_key(id);
        if taken {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("an object with handle `{id}` already exists")));
        }
        Ok(())
    }

    pub(crate) fn chain(&self, scope: &str) -> Result<ScopeChain<'_>> {
        self.scope_chain(scope)
            .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("scope `{scope}` does not exist")))
    }

    fn rg(&self, id: &str) -> Result<&crate::model::ResourceGroup> {
        self.resource_groups.get(id).ok_or_else(|| not_found("resource group", id))
    }

    fn vault(&self, id: &str) -> Result<&Vault> {
        self.vaults.get(id).ok_or_else(|| not_found("vault", id))
    }

    fn guard(&self, id: &str) -> Result<&ResourceGuard> {
        self.guards.get(id).ok_or_else(|| {
            Refusal::new(ErrorCode::ResourceGuardNotFound, format!("The Resource Guard '{id}' was not found"))
        })
    }

    fn item(&self, id: &str) -> Result<(&Item, &Vault)> {
        let i = self.items.get(id).ok_or_else(|| not_found("protected item", id))?;
        Ok((i, self.vault(&i.vault)?))
    }

    pub(crate) fn principal(&self, id: &str) -> Result<&crate::model::Principal> {
        self.principals.get(id).ok_or_else(|| not_found("principal", id))
    }

    pub(crate) fn tenant(&self, id: &str) -> Result<&crate::model::Tenant> {
        self.tenants.get(id).ok_or_else(|| not_found("tenant", id))
    }
}

fn not_found(kind: &str, id: &str) -> Refusal {
    Refusal::new(ErrorCode::NotFound, format!("{kind} `{id}` does not exist"))
}

fn granted_by(a: &RoleAssignment) -> String {
    format!("{} assigned to `{}` at `{}`", a.role.name, a.principal, a.scope)
}
