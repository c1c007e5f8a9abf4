//! The security posture of a vault and its guard: the isolation levels (G10) and the "Before you
//! start" warnings (G11), as data.

use crate::critical_operations::{Isolation, VaultKind};
use crate::model::{AssignmentType, Handle, Origin, PrincipalKind};
use crate::world::World;

/// A posture warning of G11, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostureWarning {
    /// Someone who can manage the vault's MUA also holds a role on the guard that overrides MUA.
    BackupAdminHoldsGuardRole {
        /// The principal.
        principal: Handle,
        /// The role name.
        role: &'static str,
        /// The scope of the assignment.
        scope: Handle,
    },
    /// A subscription lacks a resource provider registration.
    ProviderNotRegistered {
        /// The subscription.
        subscription: Handle,
        /// The provider namespace.
        provider: &'static str,
    },
    /// The guard and the vault are in different regions.
    RegionMismatch {
        /// The vault's region.
        vault_location: String,
        /// The guard's region.
        guard_location: String,
    },
}

impl PostureWarning {
    /// A sentence for the posture view.
    pub fn message(&self) -> String {
        match self {
            PostureWarning::BackupAdminHoldsGuardRole { principal, role, scope } => format!(
                "`{principal}` can manage the vault's MUA and also holds {role} on the Resource Guard (at `{scope}`): that role overrides the MUA protection"
            ),
            PostureWarning::ProviderNotRegistered { subscription, provider } => {
                format!("subscription `{subscription}` is not registered to {provider}")
            }
            PostureWarning::RegionMismatch { vault_location, guard_location } => {
                format!("the Resource Guard is in {guard_location} but the vault is in {vault_location}: they must be in the same region")
            }
        }
    }
}

/// The backup resource providers both subscriptions must be registered to (G11).
pub const BACKUP_PROVIDERS: [&str; 2] = ["Microsoft.RecoveryServices", "Microsoft.DataProtection"];

/// Roles that override MUA when the Backup admin holds them on the guard (G11).
const OVERRIDING_ROLES: [&str; 4] = ["Owner", "Contributor", "Backup MUA Admin", "Backup MUA Operator"];

impl World {
    /// The guard's isolation from a vault (G10).
    pub fn isolation(&self, vault: &str, guard: &str) -> Option<Isolation> {
        let v = self.scope_chain(vault)?;
        let g = self.scope_chain(guard)?;
        if v.subscription == g.subscription {
            return Some(Isolation::Least);
        }
        let same_tenant = self.tenant_of_scope(vault)? == self.tenant_of_scope(guard)?;
        Some(if same_tenant { Isolation::Medium } else { Isolation::Maximum })
    }

    /// The "Before you start" warnings of G11 for a vault and a guard.
    pub fn posture_warnings(&self, vault: &str, guard: &str) -> Vec<PostureWarning> {
        let mut out = Vec::new();
        let (Some(v), Some(g)) = (self.vaults.get(vault), self.guards.get(guard)) else {
            return out;
        };
        let (Some(vchain), Some(gchain)) = (self.scope_chain(vault), self.scope_chain(guard)) else {
            return out;
        };
        // The Backup admins: whoever may map the guard on this vault.
        let admins = self.principals.values().filter(|p| {
            p.kind != PrincipalKind::Group && self.find_grant(&p.id, v.kind.guard_proxy_write(), &vchain).is_some()
        });
        for admin in admins {
            // Standing access, permanent or time-bound, is what the seeds warn about; access activated
            // just in time is the design.
            for a in self.assignments_of(&admin.id) {
                let standing = a.kind == AssignmentType::Active
                    && a.is_effective(self.now)
                    && !matches!(a.origin, Origin::Activation(_));
                if standing && gchain.covered_by(&a.scope) && OVERRIDING_ROLES.contains(&a.role.name) {
                    out.push(PostureWarning::BackupAdminHoldsGuardRole {
                        principal: admin.id.clone(),
                        role: a.role.name,
                        scope: a.scope.clone(),
                    });
                }
            }
        }
        // Seeds: a Recovery Services vault needs both providers; a Backup vault only DataProtection.
        let providers: &[&'static str] = match v.kind {
            VaultKind::RecoveryServices => &BACKUP_PROVIDERS,
            VaultKind::Backup => &BACKUP_PROVIDERS[1..],
        };
        for sub in [vchain.subscription, gchain.subscription] {
            let Some(s) = self.subscriptions.get(sub) else {
                continue;
            };
            for &provider in providers {
                let warning = PostureWarning::ProviderNotRegistered { subscription: s.id.clone(), provider };
                if !s.registered_providers.contains(provider) && !out.contains(&warning) {
                    out.push(warning);
                }
            }
        }
        if v.location != g.location {
            out.push(PostureWarning::RegionMismatch {
                vault_location: v.location.clone(),
                guard_location: g.location.clone(),
            });
        }
        out
    }
}
