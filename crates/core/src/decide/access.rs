//! Access: role assignments through Access control (IAM) (R4), B2B guests, and signing in to a
//! directory for a token (G9).

use chrono::TimeDelta;

use super::Ctx;
use crate::command::Command;
use crate::error::{ErrorCode, Refusal, Result};
use crate::event::Event;
use crate::model::{PrincipalKind, RoleAssignment};
use crate::rbac::{Action, Role};

/// Lifetime of a cross-tenant token (G9, simulator assumption).
pub const TOKEN_LIFETIME: TimeDelta = TimeDelta::minutes(60);

impl<'w> Ctx<'w> {
    pub(super) fn decide_access(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::AssignRole { principal, role, scope } => {
                let assignment = self.direct_assignment(principal, role, scope)?;
                self.require(Action::RoleAssignmentWrite, scope)?;
                self.check_principal_in_directory(principal, scope)?;
                if self.world.assignments.get(principal).is_some_and(|list| list.contains(&assignment)) {
                    return Err(Refusal::new(ErrorCode::AlreadyExists, "The role assignment already exists."));
                }
                Ok(vec![Event::RoleAssigned(assignment)])
            }
            Command::RemoveRoleAssignment { principal, role, scope } => {
                let assignment = self.direct_assignment(principal, role, scope)?;
                self.require(Action::RoleAssignmentDelete, scope)?;
                if !self.world.assignments.get(principal).is_some_and(|list| list.contains(&assignment)) {
                    return Err(Refusal::new(
                        ErrorCode::NotFound,
                        format!("`{principal}` has no {} assignment at `{scope}`", role.name),
                    ));
                }
                Ok(vec![Event::RoleAssignmentRemoved(assignment)])
            }
            Command::InviteGuest { user, tenant } => self.invite_guest(user, tenant),
            Command::Authenticate { tenant } => self.authenticate(tenant),
            other => Err(Refusal::new(
                ErrorCode::OperationNotSupported,
                format!("`{}` is not an access command", other.action_name()),
            )),
        }
    }

    /// A permanent, active, direct assignment, once the principal and the scope exist.
    pub(super) fn direct_assignment(&self, principal: &str, role: &Role, scope: &str) -> Result<RoleAssignment> {
        self.principal(principal)?;
        self.chain(scope)?;
        Ok(RoleAssignment::direct(principal, role, scope))
    }

    fn invite_guest(&mut self, user: &str, tenant: &str) -> Result<Vec<Event>> {
        let invited = self.principal(user)?;
        self.tenant(tenant)?;
        if self.principal.tenant != tenant {
            let r = Refusal::new(
                ErrorCode::AuthorizationFailed,
                format!(
                    "{} is not a member of directory `{tenant}` and cannot invite guests to it",
                    self.principal.name
                ),
            )
            .with_remedy("A member of the directory invites the guest (simulator assumption)");
            return Err(self.refuse(r, "Member of the inviting directory"));
        }
        if invited.kind != PrincipalKind::User {
            return Err(Refusal::new(
                ErrorCode::InvalidInput,
                format!("`{user}` is not a user; only users can be invited"),
            ));
        }
        if self.world.is_member_or_guest(user, tenant) {
            return Err(Refusal::new(
                ErrorCode::AlreadyExists,
                format!("`{user}` is already a member or guest of `{tenant}`"),
            ));
        }
        let name = self.principal.name.clone();
        self.pass("Member of the inviting directory", format!("{name} is a member of `{tenant}`"));
        Ok(vec![Event::GuestInvited { user: user.to_owned(), tenant: tenant.to_owned() }])
    }

    fn authenticate(&mut self, tenant: &str) -> Result<Vec<Event>> {
        let directory = self.tenant(tenant)?;
        if !self.world.is_member_or_guest(self.actor, tenant) {
            let r = Refusal::new(
                ErrorCode::AuthorizationFailed,
                format!(
                    "User account '{}' from identity provider does not exist in tenant '{}'",
                    self.principal.name, directory.name
                ),
            )
            .with_remedy(format!("Invite `{}` as a guest of `{tenant}` first", self.actor));
            return Err(self.refuse(r, format!("Account in directory `{tenant}`")));
        }
        self.pass(format!("Account in directory `{tenant}`"), "home directory or B2B guest");
        Ok(vec![Event::TokenIssued {
            principal: self.actor.to_owned(),
            tenant: tenant.to_owned(),
            expires: self.world.now + TOKEN_LIFETIME,
        }])
    }
}
