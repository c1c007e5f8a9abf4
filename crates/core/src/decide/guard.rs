//! Resource Guards (G1–G5, G8, G9): creating, excluding operations, deleting, mapping a guard to a
//! vault, and the one decision every critical operation goes through: [`World::check_critical_operation`],
//! a typed verdict that carries its evidence; the trace is rendered from it, never decided again.

use super::reason::{azure, refusal, source, Common, Reason};
use super::{granted_by, Ctx};
use crate::command::Command;
use crate::critical_operations::{named_operations, CriticalOperation, VaultKind};
use crate::error::{AzureError, ErrorCode, Result};
use crate::event::Event;
use crate::model::{Credentials, ResourceGuard, RoleAssignment, TokenStatus, Vault};
use crate::rbac::Action;
use crate::table::Set;
use crate::world::World;

/// Why a Resource Guard command, or the guard's check of a critical operation, is refused.
#[derive(Debug, thiserror::Error)]
pub(super) enum GuardRefusal<'a> {
    /// No guard has that handle or ARM id (ARM's sentence for an ARM id).
    #[error("{}", super::reason::arm_not_found(.0).map_or_else(|| format!("The Resource Guard '{}' was not found.", .0), |(_, s)| s))]
    NotFound(&'a str),
    /// G8: a vault still maps to the guard (simulator assumption).
    #[error("Resource Guard `{guard}` cannot be deleted: vault `{vault}` is still protected by it.")]
    InUse {
        /// The guard.
        guard: &'a str,
        /// A vault it protects.
        vault: &'a str,
    },
    /// G2: the name is no critical operation.
    #[error("`{0}` is not a critical operation of a Recovery Services vault or a Backup vault.")]
    UnknownOperation(&'a str),
    /// G2: mandatory operations are always protected.
    #[error("'{}' is a mandatory critical operation and cannot be disabled on the Resource Guard.", .0.portal_name)]
    MandatoryOperation(&'a CriticalOperation),
    /// G4: the vault already maps a guard.
    #[error("Vault `{vault}` is already protected by Resource Guard `{existing}`.")]
    AlreadyProtected {
        /// The vault.
        vault: &'a str,
        /// Its guard.
        existing: &'a str,
    },
    /// G4: linking a guard needs Reader on it; the guard's description says how to get access (G3).
    #[error("You need the Reader role on Resource Guard '{}' to link it to the vault. {}", .guard.id, .guard.description)]
    ReaderMissing {
        /// The guard.
        guard: &'a ResourceGuard,
        /// The caller.
        actor: &'a str,
    },
    /// G1: guard and vault must be in one region.
    #[error("The Resource Guard is in {guard_location} but the vault is in {vault_location}: they must be in the same region.")]
    RegionMismatch {
        /// The guard's region.
        guard_location: &'a str,
        /// The vault's region.
        vault_location: &'a str,
    },
    /// G9: no valid token for the guard's directory.
    #[error("The Resource Guard '{guard}' is in directory '{tenant_name}' ({why}). Authenticate to that directory to continue.")]
    TokenMissing {
        /// The guard.
        guard: &'a str,
        /// Its directory's handle.
        tenant: &'a str,
        /// Its directory's name.
        tenant_name: &'a str,
        /// No token, or when it expired.
        why: String,
    },
    /// G5 (c): no active role on the guard grants the request action (G3: the description says how).
    #[error("You don't have sufficient permissions on the Resource Guard '{}' to perform '{operation}'.{}{}", .guard.id, if .guard.description.is_empty() { "" } else { " " }, .guard.description)]
    OperatorRoleMissing {
        /// The guard.
        guard: &'a ResourceGuard,
        /// The operation's portal name.
        operation: &'static str,
    },
}

impl Reason for GuardRefusal<'_> {
    fn code(&self) -> ErrorCode {
        match self {
            GuardRefusal::NotFound(_) => ErrorCode::ResourceGuardNotFound,
            GuardRefusal::InUse { .. } => ErrorCode::ResourceGuardInUse,
            GuardRefusal::UnknownOperation(_) => ErrorCode::InvalidInput,
            GuardRefusal::MandatoryOperation(_) => ErrorCode::OperationCannotBeExcluded,
            GuardRefusal::AlreadyProtected { .. } => ErrorCode::MuaAlreadyEnabled,
            GuardRefusal::ReaderMissing { .. } => ErrorCode::ReaderOnGuardMissing,
            GuardRefusal::RegionMismatch { .. } => ErrorCode::ResourceGuardRegionMismatch,
            GuardRefusal::TokenMissing { .. } => ErrorCode::CrossTenantAuthRequired,
            GuardRefusal::OperatorRoleMissing { .. } => ErrorCode::MuaOperatorRoleMissing,
        }
    }

    fn azure(&self) -> Option<AzureError> {
        match self {
            GuardRefusal::NotFound(_) => azure("ResourceNotFound", source::ARM_ERRORS),
            _ => None,
        }
    }

    fn fix(&self) -> Option<crate::error::Fix> {
        match self {
            GuardRefusal::TokenMissing { tenant, .. } => {
                Some(crate::error::Fix::Authenticate { tenant: (*tenant).to_owned() })
            }
            _ => None,
        }
    }

    fn remedy(&self) -> Option<String> {
        Some(match self {
            GuardRefusal::NotFound(_) => {
                "Check the Resource Guard's ARM id (URI) or pick it from Select Resource Guard.".to_owned()
            }
            GuardRefusal::InUse { .. } => "Disable MUA on every vault that uses this Resource Guard first.".to_owned(),
            GuardRefusal::UnknownOperation(_) => return None,
            GuardRefusal::MandatoryOperation(_) => {
                "Only optional operations can be excluded; soft delete and MUA removal are always protected.".to_owned()
            }
            GuardRefusal::AlreadyProtected { .. } => {
                "Disable MUA first (a protected operation) to map another Resource Guard.".to_owned()
            }
            GuardRefusal::ReaderMissing { guard, actor } => format!(
                "The Security admin assigns Reader on `{}` (or its resource group or subscription) to `{actor}`.",
                guard.id
            ),
            GuardRefusal::RegionMismatch { vault_location, .. } => format!("Use a Resource Guard in {vault_location}."),
            GuardRefusal::TokenMissing { tenant, .. } => format!(
                "Authenticate to directory `{tenant}` (portal: Authenticate; az --tenant-id; PowerShell -Token)."
            ),
            GuardRefusal::OperatorRoleMissing { guard, .. } => format!(
                "Get an active Backup MUA Operator role on `{}` (just in time, from the Security admin).",
                guard.id
            ),
        })
    }
}

/// Why the vault's Resource Guard does not protect the operation (evidence of a verdict).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuardState<'w> {
    /// MUA is off on the vault.
    NotMapped,
    /// The guard excludes (disables) the operation.
    Excluded(&'w ResourceGuard),
}

/// The decision for a critical operation (G5), with the facts that decided it: (a) the assignment
/// granting the vault-side action, whether the guard protects the operation, (b) the token for the
/// guard's directory, (c) the active role on the guard granting the request action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CriticalVerdict<'w> {
    /// (a) failed: no role grants the vault-side action.
    VaultPermissionMissing,
    /// MUA is off, or the guard excludes the operation: vault RBAC alone decides.
    NotProtected {
        /// The assignment granting the vault-side action.
        vault_grant: &'w RoleAssignment,
        /// `NotMapped` or `Excluded`.
        guard: GuardState<'w>,
    },
    /// (b) failed: the guard is in another directory and the token is missing or expired.
    TokenMissing {
        /// The assignment granting the vault-side action.
        vault_grant: &'w RoleAssignment,
        /// The guard.
        guard: &'w ResourceGuard,
        /// `Missing` or `Expired`.
        token: TokenStatus,
    },
    /// (c) failed: no active role on the guard grants the request action.
    GuardRoleMissing {
        /// The assignment granting the vault-side action.
        vault_grant: &'w RoleAssignment,
        /// The guard.
        guard: &'w ResourceGuard,
        /// `SameDirectory` or `Valid`.
        token: TokenStatus,
    },
    /// Every check passed.
    Allowed {
        /// The assignment granting the vault-side action.
        vault_grant: &'w RoleAssignment,
        /// The guard.
        guard: &'w ResourceGuard,
        /// `SameDirectory` or `Valid`.
        token: TokenStatus,
        /// The assignment granting the guard request action.
        guard_grant: &'w RoleAssignment,
    },
}

impl CriticalVerdict<'_> {
    /// Whether the operation may go ahead.
    pub fn is_allowed(&self) -> bool {
        matches!(self, CriticalVerdict::NotProtected { .. } | CriticalVerdict::Allowed { .. })
    }
}

impl World {
    /// Decides a critical operation on a vault as `actor` (G5), without rendering anything.
    pub fn check_critical_operation<'w>(
        &'w self,
        actor: &str,
        vault: &'w Vault,
        op: &CriticalOperation,
    ) -> CriticalVerdict<'w> {
        self.check_critical_operation_with(actor, vault, op, &Credentials::Directories)
    }

    /// [`World::check_critical_operation`] for a request acting with `credentials`.
    pub fn check_critical_operation_with<'w>(
        &'w self,
        actor: &str,
        vault: &'w Vault,
        op: &CriticalOperation,
        credentials: &Credentials,
    ) -> CriticalVerdict<'w> {
        let Some(vault_chain) = self.scope_chain(&vault.id) else { return CriticalVerdict::VaultPermissionMissing };
        let Some(vault_grant) = self.find_grant(actor, op.vault_action, &vault_chain) else {
            return CriticalVerdict::VaultPermissionMissing;
        };
        let Some(guard) = self.protecting_guard(vault, op) else {
            let guard = match vault.guard.as_deref().and_then(|g| self.guards.get(g)) {
                Some(g) => GuardState::Excluded(g),
                None => GuardState::NotMapped,
            };
            return CriticalVerdict::NotProtected { vault_grant, guard };
        };
        let guard_chain = self.scope_chain(&guard.id);
        let guard_tenant = guard_chain.as_ref().and_then(|c| self.tenant_of_chain(c)).unwrap_or_default();
        let token = self.token_with(actor, self.tenant_of_chain(&vault_chain), guard_tenant, credentials);
        if !token.is_usable() {
            return CriticalVerdict::TokenMissing { vault_grant, guard, token };
        }
        match guard_chain.and_then(|c| self.find_grant(actor, op.guard_action, &c)) {
            Some(guard_grant) => CriticalVerdict::Allowed { vault_grant, guard, token, guard_grant },
            None => CriticalVerdict::GuardRoleMissing { vault_grant, guard, token },
        }
    }

    /// The guard that protects this operation on this vault: the mapped guard, unless it excludes
    /// an optional operation (G2).
    pub fn protecting_guard<'w>(&'w self, vault: &Vault, op: &CriticalOperation) -> Option<&'w ResourceGuard> {
        let guard = self.guards.get(vault.guard.as_deref()?)?;
        op.is_protected_under(&guard.excluded).then_some(guard)
    }
}

impl<'w> Ctx<'w> {
    pub(super) fn decide_guard(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::CreateResourceGuard { id, resource_group, location, description, excluded_operations, tags } => {
                self.ensure_new_name(crate::naming::Named::ResourceGuard, id)?;
                let rg = self.resource_group(resource_group)?;
                self.require(Action::GuardWrite, resource_group)?;
                let excluded = self.exclusions(excluded_operations, None)?;
                Ok(vec![Event::GuardSaved(ResourceGuard {
                    id: id.clone(),
                    resource_group: rg.id.clone(),
                    location: location.clone().unwrap_or_else(|| rg.location.clone()),
                    description: description.clone(),
                    excluded,
                    tags: tags.clone(),
                    changed: crate::model::Changed::new(self.actor, self.world.now),
                })])
            }
            Command::UpdateResourceGuard { guard, excluded_operations, resource_type, description, tags } => {
                let g = self.guard(guard)?;
                self.require(Action::GuardWrite, guard)?;
                let mut excluded = self.exclusions(excluded_operations, *resource_type)?;
                // A list for one vault kind leaves the other kind's exclusions as they are.
                if let Some(kind) = resource_type {
                    let theirs =
                        |op: &&String| !kind.critical_operations().iter().any(|o| o.vault_operation == op.as_str());
                    excluded.extend(g.excluded.iter().filter(theirs).cloned());
                }
                Ok(vec![Event::GuardSaved(ResourceGuard {
                    excluded,
                    description: description.clone().unwrap_or_else(|| g.description.clone()),
                    tags: tags.clone().unwrap_or_else(|| g.tags.clone()),
                    changed: g.changed.by(self.actor, self.world.now),
                    ..g.clone()
                })])
            }
            Command::DeleteResourceGuard { guard } => {
                self.guard(guard)?;
                self.require(Action::GuardDelete, guard)?;
                if let Some(v) = self.world.vaults_protected_by(guard).first() {
                    let reason = GuardRefusal::InUse { guard, vault: &v.id };
                    return Err(self.refuse(reason, "No vault maps to the Resource Guard (simulator assumption)"));
                }
                Ok(vec![Event::GuardDeleted(guard.clone())])
            }
            Command::EnableMua { vault, guard } => self.enable_mua(vault, guard),
            other => Err(refusal(Common::Misrouted(other.action_name()))),
        }
    }

    /// The exclusion list of a guard (G2, G2a): optional operations only, stored as Azure stores
    /// them (`vaultCriticalOperationExclusionList`: ARM operation strings, one vault kind each).
    fn exclusions(&mut self, names: &[String], kind: Option<VaultKind>) -> Result<Set<String>> {
        let mut excluded = Set::new();
        for name in names {
            let ops = named_operations(name, kind);
            if ops.is_empty() {
                return Err(refusal(GuardRefusal::UnknownOperation(name)));
            }
            for op in ops {
                if op.mandatory {
                    return Err(self.refuse(GuardRefusal::MandatoryOperation(op), format!("Exclude `{}`", op.name)));
                }
                excluded.insert(op.vault_operation.to_owned());
            }
        }
        self.pass("Exclusions", format!("{} optional operation(s) excluded", excluded.len()));
        Ok(excluded)
    }

    /// G4: map a guard to a vault.
    fn enable_mua(&mut self, vault: &str, guard: &str) -> Result<Vec<Event>> {
        let v = self.vault(vault)?;
        self.require(v.kind.guard_proxy_write(), vault)?;
        if let Some(existing) = &v.guard {
            return Err(self.refuse(GuardRefusal::AlreadyProtected { vault, existing }, "Vault not yet protected"));
        }
        self.pass("Vault not yet protected", "no Resource Guard is mapped");
        let Some(g) = self.world.resolve_guard(guard) else {
            return Err(self.refuse(GuardRefusal::NotFound(guard), "Resource Guard exists"));
        };
        let guard_tenant = self.world.tenant_of_scope(&g.id).unwrap_or_default();
        let token =
            self.world.token_with(self.actor, self.world.tenant_of_scope(vault), guard_tenant, self.credentials);
        self.check_token(&g.id, guard_tenant, token)?;
        let guard_chain = self.chain(&g.id)?;
        match self.world.find_grant(self.actor, Action::GuardRead, &guard_chain) {
            Some(a) => self.pass("Reader on the Resource Guard", granted_by(a)),
            None => {
                let reason = GuardRefusal::ReaderMissing { guard: g, actor: self.actor };
                return Err(self.refuse(reason, "Reader on the Resource Guard"));
            }
        }
        if g.location != v.location {
            let reason = GuardRefusal::RegionMismatch { guard_location: &g.location, vault_location: &v.location };
            return Err(self.refuse(reason, "Same region"));
        }
        self.pass("Same region", g.location.clone());
        Ok(vec![Event::VaultSaved(Vault { guard: Some(g.id.clone()), ..v.clone() })])
    }

    /// G5, traced: decides once and renders the verdict's evidence into the trace (or the refusal).
    pub(super) fn check_critical_operation(&mut self, vault: &'w Vault, op: &CriticalOperation) -> Result<()> {
        let verdict = self.world.check_critical_operation_with(self.actor, vault, op, self.credentials);
        let vault_check = ["RBAC on `", &vault.id, "`: ", op.vault_action.as_str()].concat();
        let (vault_grant, guard, token) = match verdict {
            CriticalVerdict::VaultPermissionMissing => {
                return Err(self.refuse(self.authorization_failed(op.vault_action, &vault.id), vault_check));
            }
            CriticalVerdict::NotProtected { vault_grant, guard } => {
                self.pass(vault_check, granted_by(vault_grant));
                let why = match guard {
                    GuardState::Excluded(g) => format!("'{}' is excluded on Resource Guard `{}`", op.portal_name, g.id),
                    GuardState::NotMapped => {
                        "MUA is not enabled on the vault: the operation is not protected".to_owned()
                    }
                };
                self.pass("Resource Guard protection", why);
                return Ok(());
            }
            CriticalVerdict::TokenMissing { vault_grant, guard, token }
            | CriticalVerdict::GuardRoleMissing { vault_grant, guard, token }
            | CriticalVerdict::Allowed { vault_grant, guard, token, .. } => (vault_grant, guard, token),
        };
        self.pass(vault_check, granted_by(vault_grant));
        self.pass(
            "Resource Guard protection",
            [
                "'",
                op.portal_name,
                "' (",
                op.vault_operation,
                ") is protected by Resource Guard `",
                &guard.id,
                if op.mandatory { "` (mandatory)" } else { "`" },
            ]
            .concat(),
        );
        let guard_tenant = self.world.tenant_of_scope(&guard.id).unwrap_or_default();
        self.check_token(&guard.id, guard_tenant, token)?;
        let what = ["Active role on the Resource Guard `", &guard.id, "` granting ", op.guard_action.as_str()].concat();
        if let CriticalVerdict::Allowed { guard_grant, .. } = verdict {
            self.pass(what, granted_by(guard_grant));
            return Ok(());
        }
        Err(self.refuse(GuardRefusal::OperatorRoleMissing { guard, operation: op.portal_name }, what))
    }

    /// G9: renders a token status for the guard's directory; refuses unless it is usable.
    fn check_token(&mut self, guard: &str, guard_tenant: &str, token: TokenStatus) -> Result<()> {
        const WHAT: &str = "Token for the Resource Guard's directory";
        match token.describe(guard_tenant) {
            Ok(Some(detail)) => {
                self.trace.pass_with_guard_token(WHAT, detail, guard_tenant);
                Ok(())
            }
            Ok(None) => {
                self.pass(WHAT, "same directory as the vault: no extra token needed");
                Ok(())
            }
            Err(why) => {
                let tenant_name = self.world.name_of(guard_tenant);
                Err(self.refuse(GuardRefusal::TokenMissing { guard, tenant: guard_tenant, tenant_name, why }, WHAT))
            }
        }
    }
}
