//! The topology (SPEC §11), as data for a diagram: tenants → subscriptions → resource groups →
//! resources (vaults, Resource Guards, user-assigned identities, key vaults); the principals with
//! their home directory and the directories they are guests in; their role assignments as edges
//! (eligible or active, with their end); the guard mappings; and, for a recorded step, the path of
//! its decision — every object its ordered checks named, each marked as passed or failed.

use chrono::{DateTime, Utc};

use crate::error::Trace;
use crate::model::{AssignmentType, Handle, PrincipalKind};
use crate::table::Table;
use crate::world::World;

/// What a resource is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceKind {
    /// A Recovery Services or Backup vault.
    Vault,
    /// A Resource Guard.
    Guard,
    /// A user-assigned managed identity.
    Identity,
    /// A key vault.
    KeyVault,
}

/// A resource group and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// Handle.
    pub id: Handle,
    /// Region.
    pub location: String,
    /// Its resources, by handle.
    pub resources: Vec<(Handle, ResourceKind)>,
}

/// A subscription and its resource groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionBox {
    /// Handle.
    pub id: Handle,
    /// Display name.
    pub name: String,
    /// Its resource groups.
    pub groups: Vec<Group>,
}

/// A tenant (directory) and its subscriptions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantBox {
    /// Handle.
    pub id: Handle,
    /// Display name.
    pub name: String,
    /// Its subscriptions.
    pub subscriptions: Vec<SubscriptionBox>,
    /// Its principals (users, groups, identities), by handle.
    pub principals: Vec<Handle>,
}

/// A principal on the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalNode {
    /// Handle.
    pub id: Handle,
    /// Display name.
    pub name: String,
    /// User, group or managed identity.
    pub kind: PrincipalKind,
    /// The directories it is a guest in.
    pub guest_in: Vec<Handle>,
}

/// A role assignment drawn as an edge from a principal to a scope (borrowed from the world: a
/// world of 10,000 assignments is drawn on every change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleEdge<'w> {
    /// The principal.
    pub principal: &'w str,
    /// The scope (subscription, resource group or resource).
    pub scope: &'w str,
    /// The role's name.
    pub role: &'static str,
    /// Eligible (drawn dashed) rather than active (solid).
    pub eligible: bool,
    /// Its end, when time-bound.
    pub end: Option<DateTime<Utc>>,
}

/// The world as a diagram draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology<'w> {
    /// The tenants, with their subscriptions, resource groups and resources.
    pub tenants: Vec<TenantBox>,
    /// Every principal.
    pub principals: Vec<PrincipalNode>,
    /// Every role assignment in force now or eligible (expired ones are left out).
    pub edges: Vec<RoleEdge<'w>>,
    /// The guard mappings: (vault, guard).
    pub mappings: Vec<(Handle, Handle)>,
}

impl World {
    /// The topology of the world now.
    pub fn topology<'w>(&'w self) -> Topology<'w> {
        // Every resource by its group, in one pass: a world of 1,000 vaults in 100 groups is drawn
        // on every change (vaults first, then guards, identities and key vaults, as listed).
        let mut by_group: Table<&'w str, Vec<(Handle, ResourceKind)>> = Table::new();
        let mut add = |group: &'w str, id: &Handle, kind| by_group.entry(group).or_default().push((id.clone(), kind));
        self.vaults.values().for_each(|v| add(&v.resource_group, &v.id, ResourceKind::Vault));
        self.guards.values().for_each(|g| add(&g.resource_group, &g.id, ResourceKind::Guard));
        self.identities.values().for_each(|i| add(&i.resource_group, &i.id, ResourceKind::Identity));
        self.key_vaults.values().for_each(|k| add(&k.resource_group, &k.id, ResourceKind::KeyVault));
        let mut resources_in = |group: &str| by_group.remove(group).unwrap_or_default();
        let tenants = self
            .tenants
            .values()
            .map(|t| TenantBox {
                id: t.id.clone(),
                name: t.name.clone(),
                subscriptions: self
                    .subscriptions
                    .values()
                    .filter(|s| s.tenant == t.id)
                    .map(|s| SubscriptionBox {
                        id: s.id.clone(),
                        name: s.name.clone(),
                        groups: self
                            .resource_groups
                            .values()
                            .filter(|g| g.subscription == s.id)
                            .map(|g| Group {
                                id: g.id.clone(),
                                location: g.location.clone(),
                                resources: resources_in(&g.id),
                            })
                            .collect(),
                    })
                    .collect(),
                principals: self.principals.values().filter(|p| p.tenant == t.id).map(|p| p.id.clone()).collect(),
            })
            .collect();
        let principals = self
            .principals
            .values()
            .map(|p| PrincipalNode {
                id: p.id.clone(),
                name: p.name.clone(),
                kind: p.kind,
                guest_in: self
                    .guests
                    .iter()
                    .filter(|(user, _)| *user == p.id)
                    .map(|(_, tenant)| tenant.clone())
                    .collect(),
            })
            .collect();
        let edges = self
            .assignments()
            .filter(|a| match a.kind {
                AssignmentType::Eligible => a.end.is_none_or(|end| self.now < end),
                AssignmentType::Active => a.is_effective(self.now),
            })
            .map(|a| RoleEdge {
                principal: &a.principal,
                scope: &a.scope,
                role: a.role.name,
                eligible: a.kind == AssignmentType::Eligible,
                end: a.end,
            })
            .collect();
        let mappings = self
            .vaults
            .values()
            .filter_map(|v| Some((v.id.clone(), v.guard.clone().filter(|g| self.guards.contains_key(g.as_str()))?)))
            .collect();
        Topology { tenants, principals, edges, mappings }
    }

    /// The path of a decision on the diagram: each object its checks named (in backticks), in
    /// order, with whether the check that named it passed. An object named by a failed check is
    /// where the chain breaks (drawn as a red gap); an object named twice keeps its first failure.
    pub fn decision_path(&self, trace: &Trace) -> Vec<(Handle, bool)> {
        let mut path: Vec<(Handle, bool)> = Vec::new();
        for check in trace.checks() {
            for text in [&check.what, &check.detail] {
                for handle in text.split('`').skip(1).step_by(2) {
                    if !self.is_on_diagram(handle) {
                        continue;
                    }
                    match path.iter_mut().find(|(h, _)| h == handle) {
                        Some(seen) => seen.1 &= check.passed,
                        None => path.push((handle.to_owned(), check.passed)),
                    }
                }
            }
        }
        path
    }

    /// Whether a handle is a node of the diagram: a tenant, subscription, resource group,
    /// resource or principal.
    pub(crate) fn is_on_diagram(&self, handle: &str) -> bool {
        self.tenants.contains_key(handle)
            || self.subscriptions.contains_key(handle)
            || self.resource_groups.contains_key(handle)
            || self.vaults.contains_key(handle)
            || self.guards.contains_key(handle)
            || self.identities.contains_key(handle)
            || self.key_vaults.contains_key(handle)
            || self.principals.contains_key(handle)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use std::rc::Rc;

    use crate::scenario::{Scenario, StepResult};
    use crate::Session;

    fn played(file: &str, steps: usize) -> Session {
        let text =
            std::fs::read_to_string(format!("{}/../../web/scenarios/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut scenario = Scenario::load(&text).unwrap();
        scenario.steps.truncate(steps);
        Rc::new(scenario).run().unwrap()
    }

    #[test]
    fn the_cross_tenant_world_draws_as_two_tenants_with_the_mapping_and_the_roles() {
        let session = played("pim-jit-approve.json", 8);
        let t = session.world().topology();
        let names: Vec<&str> = t.tenants.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(names, ["contoso", "fabrikam"]);
        let holds = |tenant: &str, resource: &str| {
            t.tenants
                .iter()
                .find(|b| b.id == tenant)
                .unwrap()
                .subscriptions
                .iter()
                .flat_map(|s| &s.groups)
                .any(|g| g.resources.iter().any(|(r, _)| r == resource))
        };
        assert!(holds("contoso", "vault1") && holds("fabrikam", "guard1"));
        assert_eq!(t.mappings, [("vault1".to_owned(), "guard1".to_owned())]);
        let bob = t.principals.iter().find(|p| p.id == "bob").unwrap();
        assert_eq!(bob.guest_in, ["fabrikam"]);
        // Reader on the guard is active; Backup MUA Operator (step 8) is eligible, with its end.
        let on_guard: Vec<_> = t.edges.iter().filter(|e| e.principal == "bob" && e.scope == "guard1").collect();
        assert!(on_guard.iter().any(|e| e.role == "Reader" && !e.eligible), "{on_guard:#?}");
        assert!(
            on_guard.iter().any(|e| e.role == "Backup MUA Operator" && e.eligible && e.end.is_some()),
            "{on_guard:#?}"
        );
    }

    #[test]
    fn a_refusal_names_its_path_and_where_it_breaks() {
        let session = played("pim-jit-approve.json", 7);
        let last = session.last().unwrap();
        let StepResult::Refused(refusal) = &last.result else { panic!("step 7 is refused: {last:#?}") };
        assert_eq!(refusal.code.as_str(), "mua-operator-role-missing");
        let path = session.world().decision_path(&refusal.trace);
        let at = |h: &str| path.iter().find(|(x, _)| x == h).map(|(_, ok)| *ok);
        // The vault and its mapping held; the chain breaks at the operator role on the guard.
        assert_eq!(at("vault1"), Some(true), "{path:?}");
        assert_eq!(at("guard1"), Some(false), "{path:?}");
        // A success names its path too, all passed.
        let session = played("pim-jit-approve.json", 6);
        let StepResult::Ok(outcome) = &session.last().unwrap().result else { panic!("step 6 succeeds") };
        let path = session.world().decision_path(&outcome.trace);
        assert!(!path.is_empty() && path.iter().all(|(_, ok)| *ok), "{path:?}");
    }
}
