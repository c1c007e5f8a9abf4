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
mod reason;
mod scopes;
mod vaults;

pub use access::TOKEN_LIFETIME;
pub use guard::{CriticalVerdict, GuardState};

use reason::{refusal, refusal_of, Common, Object, Reason};

use std::borrow::Cow;

use crate::command::Command;
use crate::error::{Refusal, Result, Trace};
use crate::event::Event;
use crate::model::{
    Credentials, Item, Principal, ResourceGroup, ResourceGuard, RoleAssignment, ScopeChain, Tenant, Vault,
};
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
    /// Decides a command as `actor` without changing the world, with the portal's credentials (the
    /// directories signed in to).
    pub fn decide(&self, actor: &str, command: &Command) -> Result<Decision> {
        self.decide_with(actor, command, &Credentials::Directories)
    }

    /// Decides a command as `actor` acting with `credentials`: a command line's request carries a
    /// token for each directory it names, and none other (SPEC §10).
    pub fn decide_with(&self, actor: &str, command: &Command, credentials: &Credentials) -> Result<Decision> {
        let mut ctx = self.signed_in(actor, credentials)?;
        let events = ctx.decide(command)?;
        Ok(Decision { events, trace: ctx.trace })
    }

    /// Decides a read (an ARM GET: a console's `show` and `list`) of `object` as `actor` acting
    /// with `credentials`: a token for the object's directory, and `action` on it.
    /// `object` is a handle or an ARM id; an unknown one is the object's `not-found`.
    pub fn decide_read(&self, actor: &str, object: &str, action: Action, credentials: &Credentials) -> Result<Trace> {
        let mut ctx = self.signed_in(actor, credentials)?;
        let object = self.handle_of(object).unwrap_or(object);
        // An unknown object is its own kind's `not-found`.
        match action {
            Action::GuardRead => ctx.guard(object).map(|_| ())?,
            Action::RsvRead | Action::BvRead | Action::RsvGuardProxyRead | Action::BvGuardProxyRead => {
                ctx.vault(object).map(|_| ())?;
            }
            _ => ctx.chain(object).map(|_| ())?,
        }
        ctx.require_directory(object, false)?;
        ctx.require(action, object)?;
        Ok(ctx.trace)
    }

    /// Decides listing a directory's users or groups (`az ad user list`, `Get-AzADUser`): the
    /// principal needs an account there, and a member's (a guest reads only what it is given).
    pub fn decide_directory_list(&self, actor: &str, tenant: &str) -> Result<Trace> {
        let credentials = Credentials::PerRequest(vec![crate::model::Carried::fresh(tenant)]);
        let mut ctx = self.signed_in(actor, &credentials)?;
        ctx.directory_list(tenant)?;
        Ok(ctx.trace)
    }

    /// Decides a sign-in to a directory (`az login --tenant`, `Connect-AzAccount -Tenant`): the
    /// principal needs an account there, its own or a guest's (Entra's AADSTS50020 otherwise).
    pub fn decide_sign_in(&self, actor: &str, tenant: &str) -> Result<Trace> {
        Ok(self.signed_in(actor, &Credentials::PerRequest(vec![crate::model::Carried::fresh(tenant)]))?.trace)
    }

    /// A decision's start: who asks, signed in, with an account in each directory the request
    /// carries a token for.
    fn signed_in<'w>(&'w self, actor: &str, credentials: &'w Credentials) -> Result<Ctx<'w>> {
        let Some(principal) = self.principals.get(actor) else {
            return Err(refusal(Common::NotFound { object: Object::Principal, id: actor }));
        };
        let mut ctx = Ctx { world: self, actor: &principal.id, principal, credentials, trace: Trace::default() };
        ctx.trace.pass(
            "Signed in",
            // Concatenation, not `format!`: every decision writes these lines (the replay benchmark).
            ["as ", &principal.name, " (", principal.kind.as_str(), ", home directory `", &principal.tenant, "`)"]
                .concat(),
        );
        match credentials {
            Credentials::PerRequest(tokens) => {
                for token in tokens {
                    ctx.account_in(&token.tenant)?;
                }
            }
            Credentials::Malformed(sent) => ctx.readable_token(sent)?,
            Credentials::Directories => {}
        }
        Ok(ctx)
    }
}

/// One decision in progress: the world it is made against, who asks, and the checks so far.
pub(crate) struct Ctx<'w> {
    world: &'w World,
    actor: &'w str,
    principal: &'w Principal,
    /// The tokens the request acts with.
    credentials: &'w Credentials,
    trace: Trace,
}

impl<'w> Ctx<'w> {
    /// Hands the command to its area, after G9a: PIM, IAM and the guard's own operations on what
    /// lives in another directory need a token for it.
    fn decide(&mut self, command: &Command) -> Result<Vec<Event>> {
        let in_directory = match command {
            Command::PimAssign { scope, .. }
            | Command::PimRemoveAssignment { scope, .. }
            | Command::PimUpdateSettings { scope, .. }
            | Command::PimActivate { scope, .. }
            | Command::PimDeactivate { scope, .. }
            | Command::PimExtend { scope, .. }
            | Command::PimRenew { scope, .. }
            | Command::AssignRole { scope, .. }
            | Command::RemoveRoleAssignment { scope, .. } => Some((scope.as_str(), false)),
            Command::PimApprove { request, .. } | Command::PimDeny { request, .. } | Command::PimCancel { request } => {
                self.world
                    .requests
                    .get(request)
                    .map(|r| (r.scope.as_str(), matches!(r.kind, crate::pim::RequestKind::LighthouseActivate(_))))
            }
            Command::CreateResourceGroup { subscription: scope, .. }
            | Command::RegisterProvider { subscription: scope, .. } => Some((scope.as_str(), false)),
            Command::CreateResourceGuard { resource_group: scope, .. }
            | Command::UpdateResourceGuard { guard: scope, .. }
            | Command::DeleteResourceGuard { guard: scope } => Some((scope.as_str(), false)),
            _ => None,
        };
        if let Some((object, lighthouse)) = in_directory {
            self.require_directory(object, lighthouse)?;
        }
        match command {
            Command::CreateVault { .. }
            | Command::DeleteVault { .. }
            | Command::ConfigureBackup { .. }
            | Command::EnableSoftDelete { .. }
            | Command::ModifyPolicy { .. }
            | Command::ModifyProtection { .. }
            | Command::TriggerBackup { .. }
            | Command::Restore { .. }
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
            | Command::DeleteResourceGuard { .. }
            | Command::EnableMua { .. } => self.decide_guard(command),
            Command::AssignRole { .. }
            | Command::RemoveRoleAssignment { .. }
            | Command::InviteGuest { .. }
            | Command::AddGroupMember { .. }
            | Command::RemoveGroupMember { .. }
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
            Command::CreateResourceGroup { .. } | Command::RegisterProvider { .. } => self.decide_scopes(command),
        }
    }

    /// Records a passed check.
    fn pass(&mut self, what: impl Into<Cow<'static, str>>, detail: impl Into<Cow<'static, str>>) {
        self.trace.pass(what, detail);
    }

    /// A refusal for this reason, carrying the checks so far and the one that failed.
    fn refuse(&self, reason: impl Reason, failed_check: impl Into<Cow<'static, str>>) -> Refusal {
        self.refuse_of(&reason, failed_check.into())
    }

    /// [`Ctx::refuse`], compiled once for every kind of reason.
    fn refuse_of(&self, reason: &dyn Reason, failed_check: Cow<'static, str>) -> Refusal {
        refusal_of(reason).with_trace(self.trace.clone(), failed_check)
    }

    /// Checks an RBAC permission on a scope and records it (R1, R2).
    fn require(&mut self, action: Action, scope: &str) -> Result<()> {
        let chain = self.chain(scope)?;
        self.require_at(action, &chain, scope)
    }

    /// Checks an RBAC permission on a resolved scope and records it.
    fn require_at(&mut self, action: Action, at: &ScopeChain<'_>, target: &str) -> Result<()> {
        let what = ["RBAC on `", target, "`: ", action.as_str()].concat();
        match self.world.find_grant(self.actor, action, at) {
            Some(a) => {
                self.pass(what, granted_by(a));
                Ok(())
            }
            None => Err(self.refuse(self.authorization_failed(action, target), what)),
        }
    }

    /// Why a caller without the permission is refused (Azure's authorization-failed).
    fn authorization_failed<'a>(&'a self, action: Action, target: &'a str) -> Common<'a> {
        // ARM names a user by their sign-in name, and anything else by its object id.
        let caller = match self.principal.sign_in_name.as_str() {
            "" => &self.principal.object_id,
            upn => upn,
        };
        Common::AuthorizationFailed {
            caller,
            object_id: &self.principal.object_id,
            actor: self.actor,
            action: action.as_str(),
            scope: self.world.arm_id(target).map_or(Cow::Borrowed(target), Cow::Owned),
            target,
        }
    }

    /// A principal to be assigned a role must be in the scope's directory (member or guest).
    fn check_principal_in_directory(&mut self, principal: &str, scope: &str) -> Result<()> {
        let tenant = self.world.tenant_of_scope(scope).unwrap_or_default();
        if self.world.is_member_or_guest(principal, tenant) {
            self.pass("Principal in the scope's directory", format!("`{principal}` is in directory `{tenant}`"));
            return Ok(());
        }
        Err(self.refuse(Common::PrincipalNotInDirectory { principal, tenant }, "Principal in the scope's directory"))
    }

    // ----- Lookups: a missing object is `not-found` (or the guard's own code) -----

    /// A new resource's name: it keeps Azure's naming rule for its type, and is not taken.
    fn ensure_new_name(&self, named: crate::naming::Named, id: &str) -> Result<()> {
        if let Some(why) = crate::naming::check(named, id) {
            return Err(refusal(Common::InvalidName { name: id, why }));
        }
        self.ensure_new_handle(id)
    }

    fn ensure_new_handle(&self, id: &str) -> Result<()> {
        if self.world.handle_taken(id) {
            return Err(refusal(Common::HandleTaken(id)));
        }
        Ok(())
    }

    fn chain(&self, scope: &str) -> Result<ScopeChain<'w>> {
        self.world.scope_chain(scope).ok_or_else(|| refusal(Common::NotFound { object: Object::Scope, id: scope }))
    }

    fn subscription(&self, id: &str) -> Result<&'w crate::model::Subscription> {
        self.world.subscriptions.get(id).ok_or_else(|| not_found(Object::Subscription, id))
    }

    fn resource_group(&self, id: &str) -> Result<&'w ResourceGroup> {
        self.world.resource_groups.get(id).ok_or_else(|| not_found(Object::ResourceGroup, id))
    }

    fn vault(&self, id: &str) -> Result<&'w Vault> {
        self.world.vaults.get(id).ok_or_else(|| not_found(Object::Vault, id))
    }

    fn guard(&self, id: &str) -> Result<&'w ResourceGuard> {
        self.world.guards.get(id).ok_or_else(|| refusal(guard::GuardRefusal::NotFound(id)))
    }

    fn item(&self, id: &str) -> Result<(&'w Item, &'w Vault)> {
        let item = self.world.items.get(id).ok_or_else(|| not_found(Object::Item, id))?;
        Ok((item, self.vault(&item.vault)?))
    }

    fn principal(&self, id: &str) -> Result<&'w Principal> {
        self.world.principals.get(id).ok_or_else(|| not_found(Object::Principal, id))
    }

    fn tenant(&self, id: &str) -> Result<&'w Tenant> {
        self.world.tenants.get(id).ok_or_else(|| not_found(Object::Tenant, id))
    }
}

fn not_found(object: Object, id: &str) -> Refusal {
    refusal(Common::NotFound { object, id })
}

/// How a trace names the assignment that granted a check.
fn granted_by(a: &RoleAssignment) -> String {
    [a.role.name, " assigned to `", &a.principal, "` at `", &a.scope, "`"].concat()
}
