//! Access: role assignments through Access control (IAM) (R4), B2B guests, and signing in to a
//! directory for a token (G9).

use chrono::TimeDelta;

use super::reason::{azure, refusal, source, Common, Reason};
use super::Ctx;
use crate::command::Command;
use crate::error::{AzureError, ErrorCode, Result};
use crate::event::Event;
use crate::model::{Origin, PrincipalKind, RoleAssignment};
use crate::rbac::{Action, Role};

/// Lifetime of a cross-tenant token (G9, simulator assumption).
pub const TOKEN_LIFETIME: TimeDelta = TimeDelta::minutes(60);

/// Why an access command is refused.
#[derive(Debug, thiserror::Error)]
enum AccessRefusal<'a> {
    /// R4: the same assignment exists.
    #[error("The role assignment already exists.")]
    AssignmentExists,
    /// R4: nothing to remove.
    #[error("`{principal}` has no {role} assignment at `{scope}`.")]
    NoAssignment {
        /// The principal.
        principal: &'a str,
        /// The role's name.
        role: &'static str,
        /// The scope.
        scope: &'a str,
    },
    /// Only members invite guests (simulator assumption).
    #[error("{caller} is not a member of directory `{tenant}` and cannot invite guests to it.")]
    NotAMember {
        /// The caller's display name.
        caller: &'a str,
        /// The directory.
        tenant: &'a str,
    },
    /// Only users are invited.
    #[error("`{0}` is not a user; only users can be invited.")]
    NotAUser(&'a str),
    /// Not a group.
    #[error("`{0}` is not a group.")]
    NotAGroup(&'a str),
    /// Only a group's owners change its members (Entra's sentence, then why).
    #[error("Insufficient privileges to complete the operation: {caller} is not an owner of the group `{group}`.")]
    NotAnOwner {
        /// The caller's display name.
        caller: &'a str,
        /// The group.
        group: &'a str,
        /// Its owners, listed.
        owners: String,
    },
    /// Already in the group.
    #[error("`{member}` is already a member of `{group}`.")]
    AlreadyGroupMember {
        /// The member.
        member: &'a str,
        /// The group.
        group: &'a str,
    },
    /// Not in the group.
    #[error("`{member}` is not a member of `{group}`.")]
    NotAGroupMember {
        /// The member.
        member: &'a str,
        /// The group.
        group: &'a str,
    },
    /// The user is already there.
    #[error("`{user}` is already a member or guest of `{tenant}`.")]
    AlreadyInDirectory {
        /// The user.
        user: &'a str,
        /// The directory.
        tenant: &'a str,
    },
    /// G9a: acting on what lives in another directory without a valid token for it.
    #[error(
        "`{object}` is in directory '{tenant_name}' ({why}). Switch to that directory (Authenticate) to continue."
    )]
    DirectoryTokenMissing {
        /// What the command acts on.
        object: &'a str,
        /// Its directory's handle.
        tenant: &'a str,
        /// Its directory's name.
        tenant_name: &'a str,
        /// No token, or when it expired.
        why: String,
    },
    /// Entra's default guest access: a guest cannot enumerate the directory's users and groups
    /// (Microsoft Entra "default user permissions": guests read their own object only).
    #[error("Insufficient privileges to complete the operation: {caller} is a guest of '{tenant_name}', and guests cannot list its users or groups.")]
    GuestCannotList {
        /// The caller's display name.
        caller: &'a str,
        /// The directory's name.
        tenant_name: &'a str,
    },
    /// An auxiliary token that is not an access token (a SecureString sent as text is
    /// `System.Security.SecureString`): Azure Resource Manager's `InvalidAuthenticationToken`,
    /// before any other check.
    #[error("The access token is invalid.")]
    InvalidToken {
        /// What the request sent as the token.
        sent: &'a str,
    },
    /// G9: signing in to a directory one has no account in (Entra's own sentence).
    #[error("User account '{caller}' from identity provider does not exist in tenant '{tenant_name}'.")]
    NoAccount {
        /// The caller's display name.
        caller: &'a str,
        /// The caller's handle.
        actor: &'a str,
        /// The directory's handle.
        tenant: &'a str,
        /// The directory's name.
        tenant_name: &'a str,
    },
}

/// The text a .NET SecureString is sent as where a string is wanted (its `ToString()`).
const SECURE_STRING: &str = "System.Security.SecureString";

impl Reason for AccessRefusal<'_> {
    fn code(&self) -> ErrorCode {
        match self {
            AccessRefusal::AssignmentExists
            | AccessRefusal::AlreadyInDirectory { .. }
            | AccessRefusal::AlreadyGroupMember { .. } => ErrorCode::AlreadyExists,
            AccessRefusal::NoAssignment { .. } | AccessRefusal::NotAGroupMember { .. } => ErrorCode::NotFound,
            AccessRefusal::NotAMember { .. }
            | AccessRefusal::NoAccount { .. }
            | AccessRefusal::NotAnOwner { .. }
            | AccessRefusal::GuestCannotList { .. } => ErrorCode::AuthorizationFailed,
            AccessRefusal::NotAUser(_) | AccessRefusal::NotAGroup(_) => ErrorCode::InvalidInput,
            AccessRefusal::DirectoryTokenMissing { .. } | AccessRefusal::InvalidToken { .. } => {
                ErrorCode::CrossTenantAuthRequired
            }
        }
    }

    fn fix(&self) -> Option<crate::error::Fix> {
        match self {
            AccessRefusal::DirectoryTokenMissing { tenant, .. } => {
                Some(crate::error::Fix::Authenticate { tenant: (*tenant).to_owned() })
            }
            _ => None,
        }
    }

    fn azure(&self) -> Option<AzureError> {
        match self {
            // A token from one tenant used on what another tenant holds.
            AccessRefusal::DirectoryTokenMissing { .. } => {
                azure("InvalidAuthenticationTokenTenant", source::ARM_ERRORS)
            }
            // ARM's 401 for a token it cannot read.
            AccessRefusal::InvalidToken { .. } => azure("InvalidAuthenticationToken", source::ARM_TOKENS),
            // Entra's sign-in error for a user with no account in the tenant.
            AccessRefusal::NoAccount { .. } => azure("AADSTS50020", source::ENTRA_ERRORS),
            _ => None,
        }
    }

    fn remedy(&self) -> Option<String> {
        match self {
            AccessRefusal::NotAMember { .. } => {
                Some("A member of the directory invites the guest (simulator assumption).".to_owned())
            }
            AccessRefusal::InvalidToken { sent } if *sent == SECURE_STRING => Some(
                "Since Az 14, `(Get-AzAccessToken).Token` is a SecureString, and a SecureString given to `-Token` is sent as the text `System.Security.SecureString`: pass it to `-SecureToken` instead."
                    .to_owned(),
            ),
            AccessRefusal::InvalidToken { .. } => Some(
                "Send a token got for the directory: `(Get-AzAccessToken -TenantId <directory>).Token`, or az's `--tenant-id`."
                    .to_owned(),
            ),
            AccessRefusal::NoAccount { actor, tenant, .. } => {
                Some(format!("Invite `{actor}` as a guest of `{tenant}` first."))
            }
            AccessRefusal::GuestCannotList { .. } => Some(
                "A member of the directory lists its users, or the guest reads one by its object id or sign-in name."
                    .to_owned(),
            ),
            AccessRefusal::NotAnOwner { group, owners, .. } if owners.is_empty() => {
                Some(format!("`{group}` has no owners: give it one in the scenario file's `owners`."))
            }
            AccessRefusal::NotAnOwner { group, owners, .. } => {
                Some(format!("An owner of `{group}` ({owners}) changes its members."))
            }
            _ => None,
        }
    }
}

impl<'w> Ctx<'w> {
    /// G9a: what lives in another directory than the caller's home is acted on only with a valid
    /// token for that directory (the portal's directory switch). Azure Lighthouse is the exception:
    /// a managing tenant's users act on what a customer delegated to them from their own directory.
    pub(super) fn require_directory(&mut self, object: &str, lighthouse: bool) -> Result<()> {
        let Some(chain) = self.world.scope_chain(object) else { return Ok(()) };
        let Some(tenant) = self.world.tenant_of_chain(&chain) else { return Ok(()) };
        if tenant == self.principal.tenant {
            return Ok(());
        }
        const WHAT: &str = "Signed in to the resource's directory";
        let delegated = lighthouse
            || self
                .world
                .assignments_of(self.actor)
                .any(|a| matches!(a.origin, Origin::Lighthouse(_)) && chain.covered_by(&a.scope));
        if delegated {
            self.pass(WHAT, "not needed: delegated through Azure Lighthouse");
            return Ok(());
        }
        let token = self.world.token_with(self.actor, Some(&self.principal.tenant), tenant, self.credentials);
        match token.describe(tenant) {
            Ok(None) => Ok(()),
            Ok(Some(detail)) => {
                self.pass(WHAT, detail);
                Ok(())
            }
            Err(why) => {
                let tenant_name = self.world.name_of(tenant);
                Err(self.refuse(AccessRefusal::DirectoryTokenMissing { object, tenant, tenant_name, why }, WHAT))
            }
        }
    }

    pub(super) fn decide_access(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::AssignRole { principal, role, scope } => {
                let assignment = self.direct_assignment(principal, role, scope)?;
                self.require(Action::RoleAssignmentWrite, scope)?;
                self.check_principal_in_directory(principal, scope)?;
                if self.world.assignments.get(principal).is_some_and(|list| list.contains(&assignment)) {
                    return Err(refusal(AccessRefusal::AssignmentExists));
                }
                Ok(vec![Event::RoleAssigned(assignment)])
            }
            Command::RemoveRoleAssignment { principal, role, scope } => {
                let assignment = self.direct_assignment(principal, role, scope)?;
                self.require(Action::RoleAssignmentDelete, scope)?;
                if !self.world.assignments.get(principal).is_some_and(|list| list.contains(&assignment)) {
                    return Err(refusal(AccessRefusal::NoAssignment { principal, role: role.name, scope }));
                }
                Ok(vec![Event::RoleAssignmentRemoved(assignment)])
            }
            Command::InviteGuest { user, tenant } => self.invite_guest(user, tenant),
            Command::AddGroupMember { group, principal } => self.change_members(group, principal, true),
            Command::RemoveGroupMember { group, principal } => self.change_members(group, principal, false),
            Command::Authenticate { tenant } => self.authenticate(tenant),
            other => Err(refusal(Common::Misrouted(other.action_name()))),
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
            let reason = AccessRefusal::NotAMember { caller: &self.principal.name, tenant };
            return Err(self.refuse(reason, "Member of the inviting directory"));
        }
        if invited.kind != PrincipalKind::User {
            return Err(refusal(AccessRefusal::NotAUser(user)));
        }
        if self.world.is_member_or_guest(user, tenant) {
            return Err(refusal(AccessRefusal::AlreadyInDirectory { user, tenant }));
        }
        let name = self.principal.name.clone();
        self.pass("Member of the inviting directory", format!("{name} is a member of `{tenant}`"));
        Ok(vec![Event::GuestInvited { user: user.to_owned(), tenant: tenant.to_owned() }])
    }

    /// A group's owners add and remove its members (SPEC §9a); a member comes from the group's
    /// directory (its users, groups and service principals, and its guests).
    fn change_members(&mut self, group: &str, member: &str, add: bool) -> Result<Vec<Event>> {
        let g = self.principal(group)?;
        if g.kind != PrincipalKind::Group {
            return Err(refusal(AccessRefusal::NotAGroup(group)));
        }
        self.principal(member)?;
        if !g.owners.iter().any(|o| o == self.actor) {
            let reason = AccessRefusal::NotAnOwner { caller: &self.principal.name, group, owners: g.owners.join(", ") };
            return Err(self.refuse(reason, "Owner of the group"));
        }
        let name = self.principal.name.clone();
        self.pass("Owner of the group", format!("{name} owns `{group}`"));
        let listed = g.members.iter().any(|m| m == member);
        if add {
            if !self.world.is_member_or_guest(member, &g.tenant) {
                return Err(refusal(Common::PrincipalNotInDirectory { principal: member, tenant: &g.tenant }));
            }
            if listed {
                return Err(refusal(AccessRefusal::AlreadyGroupMember { member, group }));
            }
            if member == group {
                return Err(refusal(AccessRefusal::NotAUser(member)));
            }
            Ok(vec![Event::GroupMemberAdded { group: group.to_owned(), member: member.to_owned() }])
        } else if listed {
            Ok(vec![Event::GroupMemberRemoved { group: group.to_owned(), member: member.to_owned() }])
        } else {
            Err(refusal(AccessRefusal::NotAGroupMember { member, group }))
        }
    }

    fn authenticate(&mut self, tenant: &str) -> Result<Vec<Event>> {
        self.account_in(tenant)?;
        Ok(vec![Event::TokenIssued {
            principal: self.actor.to_owned(),
            tenant: tenant.to_owned(),
            expires: self.world.now + TOKEN_LIFETIME,
        }])
    }

    /// Listing a directory's users or groups (`az ad user list`, `Get-AzADUser`): a member's account
    /// there (Entra's default guest access restrictions). The sign-in with the request's token for
    /// the directory has checked that there is an account.
    pub(super) fn directory_list(&mut self, tenant: &str) -> Result<()> {
        if self.principal.tenant != tenant {
            let tenant_name = self.world.name_of(tenant);
            let reason = AccessRefusal::GuestCannotList { caller: &self.principal.name, tenant_name };
            return Err(self.refuse(reason, format!("Member of directory `{tenant}`")));
        }
        self.pass(format!("Member of directory `{tenant}`"), "members list the directory's users and groups");
        Ok(())
    }

    /// The caller has an account in the directory (home or B2B guest): signing in there works, for
    /// the portal's directory switch and for a command line's token (az `--tenant-id`) alike.
    /// A request's auxiliary token that is not an access token is refused before anything else.
    pub(super) fn readable_token(&mut self, sent: &str) -> Result<()> {
        let shown: String = sent.chars().take(40).collect();
        Err(self.refuse(
            AccessRefusal::InvalidToken { sent },
            format!("Auxiliary token (`x-ms-authorization-auxiliary`): `{shown}` is not an access token"),
        ))
    }

    pub(super) fn account_in(&mut self, tenant: &str) -> Result<()> {
        let directory = self.tenant(tenant)?;
        if !self.world.is_member_or_guest(self.actor, tenant) {
            let reason = AccessRefusal::NoAccount {
                caller: &self.principal.name,
                actor: self.actor,
                tenant,
                tenant_name: &directory.name,
            };
            return Err(self.refuse(reason, format!("Account in directory `{tenant}`")));
        }
        self.pass(format!("Account in directory `{tenant}`"), "home directory or B2B guest");
        Ok(())
    }
}
