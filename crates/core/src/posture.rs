//! The security posture of a vault and its guard: the isolation levels (G10) and the "Before you
//! start" warnings (G11), as data.

use crate::critical_operations::{Isolation, VaultKind};
use crate::model::{AssignmentType, Handle, Origin, PrincipalKind, RoleAssignment};
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

/// How a live check of the posture view stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// ✓ It holds.
    Pass,
    /// ⚠ It holds, but weaker than the seeds recommend.
    Warn,
    /// ✗ It does not hold.
    Fail,
}

impl Status {
    /// The mark the posture view shows.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Pass => "✓",
            Status::Warn => "⚠",
            Status::Fail => "✗",
        }
    }

    /// The word a screen reader says for the mark.
    pub fn word(self) -> &'static str {
        match self {
            Status::Pass => "passes",
            Status::Warn => "warning",
            Status::Fail => "fails",
        }
    }
}

/// Where a person fixes what a check found: the place in the portal, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixAt {
    /// The vault's Properties → Multi-User Authorization.
    VaultMua(Handle),
    /// Create a Resource Guard.
    CreateGuard,
    /// A Resource Guard's Access control (IAM).
    GuardIam(Handle),
    /// PIM → Azure resources → the resource (scope) → Settings.
    PimSettings(Handle),
    /// Azure Lighthouse (the delegations).
    Lighthouse,
    /// A subscription's Resource providers.
    SubscriptionProviders(Handle),
    /// A subscription's or a resource group's Access control (IAM).
    ScopeIam(Handle),
    /// Outside what the simulator's portal shows (a subscription's resource providers or its
    /// Access control (IAM)).
    Elsewhere,
}

/// One live check of a vault's posture (SPEC §11): the rule, how it stands, the object it
/// concerns, what it found, and the action that would fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// The rule, as the posture view names it.
    pub rule: &'static str,
    /// How it stands.
    pub status: Status,
    /// The object it concerns (a handle), if one.
    pub concerns: Option<Handle>,
    /// What it found (handles in backticks).
    pub finding: String,
    /// The action that would fix it, and where (empty when it passes).
    pub fix: String,
    /// Where that action is.
    pub fix_at: Option<FixAt>,
}

impl Check {
    fn pass(rule: &'static str, concerns: Option<&str>, finding: String) -> Check {
        Check {
            rule,
            status: Status::Pass,
            concerns: concerns.map(str::to_owned),
            finding,
            fix: String::new(),
            fix_at: None,
        }
    }

    fn not(status: Status, rule: &'static str, concerns: &str, finding: String, fix: &str, at: FixAt) -> Check {
        Check { rule, status, concerns: Some(concerns.to_owned()), finding, fix: fix.to_owned(), fix_at: Some(at) }
    }
}

/// A vault's posture: the isolation level of its guard, and every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VaultPosture {
    /// The vault.
    pub vault: Handle,
    /// How far the guard is from it (G10).
    pub isolation: Option<Isolation>,
    /// The live checks, in the order of the seeds' "Before you start".
    pub checks: Vec<Check>,
}

impl VaultPosture {
    /// The worst status of its checks (the summary badge).
    pub fn summary(&self) -> Status {
        self.checks.iter().map(|c| c.status).max().unwrap_or(Status::Pass)
    }

    /// How many checks stand at `status`.
    pub fn count(&self, status: Status) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }
}

const PROTECTED: &str = "Protected by a Resource Guard";
const ISOLATION: &str = "Isolation of the Resource Guard";
const NO_STANDING_ROLE: &str = "No standing role on the Resource Guard";
const PROVIDERS: &str = "Resource providers registered";
const REGION: &str = "Same region";
const APPROVAL: &str = "Activation of Backup MUA Operator needs approval";
const LIGHTHOUSE_READER: &str = "Lighthouse eligible principals hold Reader";

impl World {
    /// Every vault's posture, by vault handle.
    pub fn postures(&self) -> Vec<VaultPosture> {
        // One pass over the assignments for every vault (a world may hold thousands of each).
        let operators = self.eligible_operators();
        self.vaults.keys().filter_map(|v| self.posture_with(v, &operators)).collect()
    }

    /// Every vault's checks summed up (the top bar's badge): the worst status, and how many checks
    /// fail and warn. A vault without a guard has one failing check (see [`World::posture`]); it is
    /// counted without building its sentences, which keeps this cheap for a thousand vaults.
    pub fn posture_summary(&self) -> Option<(Status, usize, usize)> {
        let operators = self.eligible_operators();
        let mut sum: Option<(Status, usize, usize)> = None;
        for v in self.vaults.values() {
            let (worst, fail, warn) = match v.guard {
                None => (Status::Fail, 1, 0),
                Some(_) => match self.posture_with(&v.id, &operators) {
                    Some(p) => (p.summary(), p.count(Status::Fail), p.count(Status::Warn)),
                    None => continue,
                },
            };
            let (w, f, n) = sum.unwrap_or((Status::Pass, 0, 0));
            sum = Some((w.max(worst), f + fail, n + warn));
        }
        sum
    }

    /// Eligible Backup MUA Operator assignments in their window.
    fn eligible_operators(&self) -> Vec<&RoleAssignment> {
        self.assignments()
            .filter(|a| {
                a.kind == AssignmentType::Eligible
                    && a.in_window(self.now)
                    && a.role.id == crate::rbac::BACKUP_MUA_OPERATOR
            })
            .collect()
    }

    /// A vault's posture (SPEC §11): G10's isolation and G11's "Before you start" rules as live
    /// checks, auto-approval of the operator role (P4), and Lighthouse's Reader rule (L6).
    pub fn posture(&self, vault: &str) -> Option<VaultPosture> {
        self.posture_with(vault, &self.eligible_operators())
    }

    fn posture_with(&self, vault: &str, operators: &[&RoleAssignment]) -> Option<VaultPosture> {
        let v = self.vaults.get(vault)?;
        let mut checks = Vec::new();
        let Some(g) = v.guard.as_deref().and_then(|g| self.guards.get(g)) else {
            checks.push(Check::not(
                Status::Fail,
                PROTECTED,
                vault,
                format!("`{vault}` has no Resource Guard: its critical operations need no second person"),
                "Map a Resource Guard in the vault's Properties → Multi-User Authorization → Update",
                FixAt::VaultMua(vault.to_owned()),
            ));
            return Some(VaultPosture { vault: vault.to_owned(), isolation: None, checks });
        };
        checks.push(Check::pass(PROTECTED, Some(&g.id), format!("protected by `{}`", g.id)));
        let isolation = self.isolation(vault, &g.id);
        checks.push(match isolation {
            Some(Isolation::Least) | None => Check::not(
                Status::Warn,
                ISOLATION,
                &g.id,
                Isolation::Least.label().to_owned(),
                "Create the Resource Guard in another subscription, or for maximum isolation in another tenant, and map that one",
                FixAt::CreateGuard,
            ),
            Some(level) => Check::pass(ISOLATION, Some(&g.id), level.label().to_owned()),
        });
        let warnings = self.posture_warnings(vault, &g.id);
        let mut standing = false;
        let mut providers = false;
        let mut region = false;
        for w in &warnings {
            checks.push(match w {
                PostureWarning::BackupAdminHoldsGuardRole { scope, .. } => {
                    standing = true;
                    Check::not(
                        Status::Fail,
                        NO_STANDING_ROLE,
                        scope,
                        w.message(),
                        "Remove the assignment in Access control (IAM) and make the role eligible in PIM instead",
                        // The simulator's portal has Access control (IAM) on Resource Guards,
                        // subscriptions and resource groups.
                        if self.guards.contains_key(scope.as_str()) {
                            FixAt::GuardIam(scope.clone())
                        } else if self.subscriptions.contains_key(scope.as_str())
                            || self.resource_groups.contains_key(scope.as_str())
                        {
                            FixAt::ScopeIam(scope.clone())
                        } else {
                            FixAt::Elsewhere
                        },
                    )
                }
                PostureWarning::ProviderNotRegistered { subscription, provider } => {
                    providers = true;
                    Check::not(
                        Status::Fail,
                        PROVIDERS,
                        subscription,
                        w.message(),
                        &format!(
                            "Register {provider} in the subscription's Resource providers (or `az provider register --namespace {provider}`), as its Owner or Contributor"
                        ),
                        FixAt::SubscriptionProviders(subscription.clone()),
                    )
                }
                PostureWarning::RegionMismatch { .. } => {
                    region = true;
                    Check::not(
                        Status::Fail,
                        REGION,
                        &g.id,
                        w.message(),
                        "Create a Resource Guard in the vault's region and map that one",
                        FixAt::CreateGuard,
                    )
                }
            });
        }
        if !standing {
            let finding = "no one who manages the vault holds Owner, Contributor or a Backup MUA role on the guard outside a just-in-time activation";
            checks.push(Check::pass(NO_STANDING_ROLE, Some(&g.id), finding.to_owned()));
        }
        if !providers {
            checks.push(Check::pass(
                PROVIDERS,
                None,
                format!("both subscriptions are registered to {}", BACKUP_PROVIDERS.join(" and ")),
            ));
        }
        if !region {
            checks.push(Check::pass(
                REGION,
                Some(&g.id),
                format!("the vault and the Resource Guard are in {}", v.location),
            ));
        }
        checks.push(self.approval_check(&g.id, operators));
        checks.extend(self.lighthouse_checks(vault));
        Some(VaultPosture { vault: vault.to_owned(), isolation, checks })
    }

    /// Eligible Backup MUA Operator assignments on the guard whose activation no one approves.
    fn approval_check(&self, guard: &str, operators: &[&RoleAssignment]) -> Check {
        let Some(chain) = self.scope_chain(guard) else {
            return Check::pass(APPROVAL, Some(guard), "the Resource Guard is not in this world".to_owned());
        };
        let eligible: Vec<_> = operators.iter().filter(|a| chain.covered_by(&a.scope)).collect();
        let auto = eligible.iter().find(|a| {
            let settings = self.pim_settings(a.role, &a.scope);
            !settings.require_approval || settings.approvers.is_empty()
        });
        match (eligible.is_empty(), auto) {
            (true, _) => Check::pass(APPROVAL, Some(guard), "no one is eligible for Backup MUA Operator on the Resource Guard".to_owned()),
            (false, Some(a)) => Check::not(
                Status::Warn,
                APPROVAL,
                &a.scope,
                format!(
                    "`{}` is eligible for Backup MUA Operator at `{}` and an activation is approved automatically (no approval, or no approvers)",
                    a.principal, a.scope
                ),
                "In PIM → Azure resources → the resource → Settings → Backup MUA Operator → Edit, require approval to activate and select approvers",
                FixAt::PimSettings(a.scope.clone()),
            ),
            (false, None) => Check::pass(APPROVAL, Some(guard), "every activation of Backup MUA Operator waits for an approver".to_owned()),
        }
    }

    /// L6 for the Lighthouse delegations that reach the vault.
    fn lighthouse_checks(&self, vault: &str) -> Vec<Check> {
        let Some(chain) = self.scope_chain(vault) else { return Vec::new() };
        self.delegations
            .values()
            .filter(|d| d.scopes.iter().any(|s| chain.covered_by(s)))
            .map(|d| match d.warnings().into_iter().next() {
                Some(warning) => Check::not(
                    Status::Warn,
                    LIGHTHOUSE_READER,
                    &d.id,
                    warning,
                    "Add a permanent Reader authorization for each eligible principal to the offer and onboard it again",
                    FixAt::Lighthouse,
                ),
                None => Check::pass(LIGHTHOUSE_READER, Some(&d.id), format!("every eligible principal of `{}` holds Reader", d.id)),
            })
            .collect()
    }
}
