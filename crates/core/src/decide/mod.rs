//! Deciding commands: every rule of SPEC §3–§7 is checked here, in order, into a [`Trace`]. A
//! command is decided against the world without changing it (`&World`); what it would change comes
//! back as events.
//!
//! [`World::decide`] resolves the signed-in principal and hands the command to its area, each a
//! module working on a small private context ([`Ctx`]: the world, the actor and the trace so far):
//! `vaults` (vault operations, every critical operation through one catalogue-driven path), `guard`
//! (Resource Guards and the protected-operation check), `access` (RBAC/IAM, guests, tokens), `pim`,
//! `lighthouse` and `identity`.

mod access;
mod clock;
mod guard;
mod identity;
mod lighthouse;
mod pim;
mod vaults;

pub use guard::{CriticalVerdict, GuardState};

use std::borrow::Cow;

use crate::command::Command;
use crate::error::{ErrorCode, Refusal, Result, Trace};
use crate::event::Event;
use crate::model::{Item, Principal, ResourceGroup, ResourceGuard, RoleAssignment, ScopeChain, Tenant, Vault};
use crate::rbac::Action;
use crate::world::World;

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
        let Some(principal) = self.principals.get(actor) else {
            return Err(Refusal::new(ErrorCode::NotFound, format!("principal `{actor}` does not exist")));
        };
        let mut ctx = Ctx { world: self, actor: &principal.id, principal, trace: Trace::default() };
        ctx.trace.pass(
            "Signed in",
            format!("as {} ({}, home directory `{}`)", principal.name, principal.kind.as_str(), principal.tenant),
        );
        let events = ctx.decide(command)?;
        Ok(Decision { events, trace: ctx.trace })
    }
}

/// One decision in progress: the world it is made against, who asks, and the checks so far.
pub(crate) struct Ctx<'w> {
    world: &'w World,
    actor: &'w str,
    principal: &'w Principal,
    trace: Trace,
}

impl<'w> Ctx<'w> {
    /// Hands the command to its area.
    fn decide(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::CreateVault { .. }
            | Command::DeleteVault { .. }
            | Command::ConfigureBackup { .. }
            | Command::EnableSoftDelete { .. }
            | Command::ModifyPolicy { .. }
            | Command::ModifyProtection { .. }
            | Command::TriggerBackup { .. }
            | Command::Restore { .. }
            | Command::EnableMua { .. }
            | Command::DisableMua { .. }
            | Command::DisableSoftDelete { .. }
            | Command::DeleteProtection { .. }
            | Command::StopProtectionRetainData { .. }
            | Command::GetSecurityPin { .. }
            | Command::DisableImmutability { .. }
            | Command::DeleteBackupInstance { .. }
            | Command::StopBackupRetainForever { .. }
            | Command::StopBackupRetainAsPerPolicy { .. } => self.decide_vault(command),
            Command::CreateResourceGuard { .. }
            | Command::UpdateResourceGuard { .. }
            | Command::DeleteResourceGuard { .. } => self.decide_guard(command),
            Command::AssignRole { .. }
            | Command::RemoveRoleAssignment { .. }
            | Command::InviteGuest { .. }
            | Command::Authenticate { .. } => self.decide_access(command),
            Command::PimAssign { .. }
            | Command::PimRemoveAssignment { .. }
            | Command::PimUpdateSettings { .. }
            | Command::PimActivate { .. }
            | Command::PimApprove { .. }
            | Command::PimDeny { .. }
            | Command::PimCancel { .. }
            | Command::PimDeactivate { .. }
            | Command::PimExtend { .. }
            | Command::PimRenew { .. } => self.decide_pim(command),
            Command::EnableSystemIdentity { .. }
            | Command::DisableSystemIdentity { .. }
            | Command::CreateUserIdentity { .. }
            | Command::AttachUserIdentity { .. }
            | Command::DetachUserIdentity { .. }
            | Command::CreateKeyVault { .. }
            | Command::ConfigureEncryption { .. } => self.decide_identity(command),
            Command::LighthouseOnboard { .. } | Command::LighthouseActivate { .. } => self.decide_lighthouse(command),
        }
    }

    /// Records a passed check.
    fn pass(&mut self, what: impl Into<Cow<'static, str>>, detail: impl Into<Cow<'static, str>>) {
        self.trace.pass(what, detail);
    }

    /// A refusal carrying the checks so far and the one that failed.
    fn refuse(&self, refusal: Refusal, failed_check: impl Into<Cow<'static, str>>) -> Refusal {
        refusal.with_trace(self.trace.clone(), failed_check)
    }

    /// Checks an RBAC permission on a scope and records it (R1, R2).
    fn require(&mut self, action: Action, scope: &str) -> Result<()> {
        let chain = self.chain(scope)?;
        self.require_at(action, &chain, scope)
    }

    /// Checks an RBAC permission on a resolved scope and records it.
    fn require_at(&mut self, action: Action, at: &ScopeChain<'_>, target: &str) -> Result<()> {
        let what = format!("RBAC on `{target}`: {}", action.as_str());
        match self.world.find_grant(self.actor, action, at) {
            Some(a) => {
                self.pass(what, granted_by(a));
                Ok(())
            }
            None => Err(self.refuse(self.authorization_failed(action, target), what)),
        }
    }

    /// The refusal Azure gives a caller without the permission (authorization-failed).
    fn authorization_failed(&self, action: Action, target: &str) -> Refusal {
        let scope = self.world.arm_id(target).unwrap_or_else(|| target.to_owned());
        Refusal::new(
            ErrorCode::AuthorizationFailed,
            format!(
                "The client '{}' with object id '{}' does not have authorization to perform action '{}' over scope '{scope}' or the scope is invalid.",
                self.principal.name,
                self.principal.object_id,
                action.as_str()
            ),
        )
        .with_remedy(format!("Assign `{}` a role that includes {} at `{target}` or above", self.actor, action.as_str()))
    }

    /// A principal to be assigned a role must be in the scope's directory (member or guest).
    fn check_principal_in_directory(&mut self, principal: &str, scope: &str) -> Result<()> {
        let tenant = self.world.tenant_of_scope(scope).unwrap_or_default();
        if self.world.is_member_or_guest(principal, tenant) {
            self.pass("Principal in the scope's directory", format!("`{principal}` is in directory `{tenant}`"));
            return Ok(());
        }
        let r = Refusal::new(
            ErrorCode::NotFound,
            format!("Principal `{principal}` does not exist in the directory `{tenant}`"),
        )
        .with_remedy(format!("Invite `{principal}` as a guest of `{tenant}` first"));
        Err(self.refuse(r, "Principal in the scope's directory"))
    }

    // ----- Lookups: a missing object is `not-found` (or the guard's own code) -----

    fn ensure_new_handle(&self, id: &str) -> Result<()> {
        if self.world.handle_taken(id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("an object with handle `{id}` already exists")));
        }
        Ok(())
    }

    fn chain(&self, scope: &str) -> Result<ScopeChain<'w>> {
        self.world
            .scope_chain(scope)
            .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("scope `{scope}` does not exist")))
    }

    fn resource_group(&self, id: &str) -> Result<&'w ResourceGroup> {
        self.world.resource_groups.get(id).ok_or_else(|| not_found("resource group", id))
    }

    fn vault(&self, id: &str) -> Result<&'w Vault> {
        self.world.vaults.get(id).ok_or_else(|| not_found("vault", id))
    }

    fn guard(&self, id: &str) -> Result<&'w ResourceGuard> {
        self.world.guards.get(id).ok_or_else(|| {
            Refusal::new(ErrorCode::ResourceGuardNotFound, format!("The Resource Guard '{id}' was not found"))
        })
    }

    fn item(&self, id: &str) -> Result<(&'w Item, &'w Vault)> {
        let item = self.world.items.get(id).ok_or_else(|| not_found("protected item", id))?;
        Ok((item, self.vault(&item.vault)?))
    }

    fn principal(&self, id: &str) -> Result<&'w Principal> {
        self.world.principals.get(id).ok_or_else(|| not_found("principal", id))
    }

    fn tenant(&self, id: &str) -> Result<&'w Tenant> {
        self.world.tenants.get(id).ok_or_else(|| not_found("tenant", id))
    }
}

fn not_found(kind: &str, id: &str) -> Refusal {
    Refusal::new(ErrorCode::NotFound, format!("{kind} `{id}` does not exist"))
}

/// How a trace names the assignment that granted a check.
fn granted_by(a: &RoleAssignment) -> String {
    format!("{} assigned to `{}` at `{}`", a.role.name, a.principal, a.scope)
}
