//! Applying events: the only way a [`World`] changes.

use std::rc::Rc;

use crate::event::Event;
use crate::world::World;

impl World {
    /// Applies one event.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::ResourceGroupSaved(rg) => {
                self.resource_groups.insert(rg.id.clone(), rg.clone());
            }
            Event::ProviderRegistered { subscription, namespace } => {
                if let Some(s) = self.subscriptions.get_mut(subscription) {
                    s.registered_providers.insert(namespace.clone());
                }
            }
            Event::VaultSaved(v) => {
                Rc::make_mut(&mut self.vaults).insert(v.id.clone(), v.clone());
            }
            Event::VaultDeleted(id) => {
                Rc::make_mut(&mut self.vaults).remove(id);
                self.items.retain(|_, i| &i.vault != id);
                self.drop_assignments_at(id);
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
                self.drop_assignments_at(id);
            }
            Event::RoleAssigned(a) => {
                Rc::make_mut(&mut self.assignments).entry(a.principal.clone()).or_default().push(a.clone());
            }
            Event::RoleAssignmentRemoved(a) => {
                let assignments = Rc::make_mut(&mut self.assignments);
                if let Some(list) = assignments.get_mut(&a.principal) {
                    list.retain(|x| x != a);
                    if list.is_empty() {
                        assignments.remove(&a.principal);
                    }
                }
            }
            Event::GuestInvited { user, tenant } => {
                self.guests.insert((user.clone(), tenant.clone()));
            }
            Event::TokenIssued { principal, tenant, expires } => {
                self.tokens.entry(principal.clone()).or_default().insert(tenant.clone(), *expires);
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
            Event::GroupMemberAdded { group, member } => {
                if let Some(g) = Rc::make_mut(&mut self.principals).get_mut(group) {
                    g.members.push(member.clone());
                }
                self.member_of.entry(member.clone()).or_default().push(group.clone());
            }
            Event::GroupMemberRemoved { group, member } => {
                if let Some(g) = Rc::make_mut(&mut self.principals).get_mut(group) {
                    g.members.retain(|m| m != member);
                }
                if let Some(groups) = self.member_of.get_mut(member) {
                    groups.retain(|g| g != group);
                }
            }
            Event::PrincipalSaved(p) => {
                Rc::make_mut(&mut self.principals).insert(p.id.clone(), p.clone());
            }
            Event::PrincipalRemoved(id) => {
                Rc::make_mut(&mut self.principals).remove(id);
                Rc::make_mut(&mut self.assignments).remove(id);
            }
            Event::IdentitySaved(r) => {
                self.identities.insert(r.id.clone(), r.clone());
            }
            Event::KeyVaultSaved(r) => {
                self.key_vaults.insert(r.id.clone(), r.clone());
            }
        }
    }

    /// Removes the role assignments at a scope that is deleted. The assignment table is shared
    /// between copies of the world, so it is copied only when one is there.
    fn drop_assignments_at(&mut self, scope: &str) {
        if self.assignments().any(|a| a.scope == scope) {
            for list in Rc::make_mut(&mut self.assignments).values_mut() {
                list.retain(|a| a.scope != scope);
            }
        }
    }
}
