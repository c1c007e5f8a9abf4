//! The whole simulated state and the queries every front end asks of it. Fields are private to the
//! crate: the only way to change a [`World`] is to apply an [`crate::Event`]. Everything is keyed by
//! handle in ordered maps, so two worlds compare equal exactly when they hold the same state, and
//! iteration order never depends on chance.

use chrono::{DateTime, Utc};

use crate::lighthouse::{Delegation, EligibleAuthorization};
use crate::model::{
    AssignmentType, Credentials, Handle, IdentityRef, Item, PlainResource, Principal, PrincipalKind, ResourceGroup,
    ResourceGuard, RoleAssignment, ScopeChain, Subscription, Tenant, TokenStatus, Vault,
};
use crate::pim::{self, AuditEntry, Notification, PimRequest, PimSettings, RequestKind, RequestStatus};
use crate::rbac::{Action, RoleDefinition};
use crate::table::{Set, Table};

/// The whole simulated state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct World {
    pub(crate) now: DateTime<Utc>,
    pub(crate) tenants: Table<Handle, Tenant>,
    pub(crate) principals: std::rc::Rc<Table<Handle, Principal>>,
    /// Groups each principal belongs to (derived from the groups' members).
    pub(crate) member_of: Table<Handle, Vec<Handle>>,
    /// (user, tenant) pairs: B2B guests.
    pub(crate) guests: Set<(Handle, Handle)>,
    pub(crate) subscriptions: Table<Handle, Subscription>,
    pub(crate) resource_groups: Table<Handle, ResourceGroup>,
    pub(crate) vaults: std::rc::Rc<Table<Handle, Vault>>,
    pub(crate) items: Table<Handle, Item>,
    pub(crate) guards: Table<Handle, ResourceGuard>,
    /// Role assignments grouped by principal.
    pub(crate) assignments: std::rc::Rc<Table<Handle, Vec<RoleAssignment>>>,
    /// Cross-tenant tokens: principal → tenant → expiry.
    pub(crate) tokens: Table<Handle, Table<Handle, DateTime<Utc>>>,
    /// PIM role settings edited from the defaults, by (role id, scope).
    pub(crate) pim_settings: Table<(String, Handle), PimSettings>,
    /// PIM requests by handle.
    pub(crate) requests: Table<Handle, PimRequest>,
    /// PIM audit history of every tenant, oldest first.
    pub(crate) audit: Vec<AuditEntry>,
    /// Notifications by recipient.
    pub(crate) inbox: Table<Handle, Vec<Notification>>,
    /// Azure Lighthouse delegations by handle.
    pub(crate) delegations: Table<Handle, Delegation>,
    /// User-assigned managed identities (resources; each also a principal of the same handle).
    pub(crate) identities: Table<Handle, PlainResource>,
    /// Key Vaults.
    pub(crate) key_vaults: Table<Handle, PlainResource>,
}

impl World {
    /// A world with nothing in it yet, at `start` (the scenario file edge fills it).
    pub(crate) fn empty(start: DateTime<Utc>) -> World {
        World {
            now: start,
            tenants: Table::new(),
            principals: Default::default(),
            member_of: Table::new(),
            guests: Set::new(),
            subscriptions: Table::new(),
            resource_groups: Table::new(),
            vaults: Default::default(),
            items: Table::new(),
            guards: Table::new(),
            assignments: Default::default(),
            tokens: Table::new(),
            pim_settings: Table::new(),
            requests: Table::new(),
            audit: Vec::new(),
            inbox: Table::new(),
            delegations: Table::new(),
            identities: Table::new(),
            key_vaults: Table::new(),
        }
    }

    /// The simulated time.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Tenants by handle.
    pub fn tenants(&self) -> &Table<Handle, Tenant> {
        &self.tenants
    }

    /// Principals by handle.
    pub fn principals(&self) -> &Table<Handle, Principal> {
        &self.principals
    }

    /// B2B guests: (user, tenant).
    pub fn guests(&self) -> &Set<(Handle, Handle)> {
        &self.guests
    }

    /// Subscriptions by handle.
    pub fn subscriptions(&self) -> &Table<Handle, Subscription> {
        &self.subscriptions
    }

    /// Resource groups by handle.
    pub fn resource_groups(&self) -> &Table<Handle, ResourceGroup> {
        &self.resource_groups
    }

    /// Vaults by handle.
    pub fn vaults(&self) -> &Table<Handle, Vault> {
        &self.vaults
    }

    /// Protected items / backup instances by handle.
    pub fn items(&self) -> &Table<Handle, Item> {
        &self.items
    }

    /// Resource Guards by handle.
    pub fn guards(&self) -> &Table<Handle, ResourceGuard> {
        &self.guards
    }

    /// Every role assignment, grouped by principal.
    pub fn assignments(&self) -> impl Iterator<Item = &RoleAssignment> {
        self.assignments.values().flatten()
    }

    /// Groups the principal is a member of.
    pub fn groups_of(&self, principal: &str) -> &[Handle] {
        self.member_of.get(principal).map_or(&[], Vec::as_slice)
    }

    /// The expiry of the principal's token for a tenant, if it holds one.
    pub fn token_expiry(&self, principal: &str, tenant: &str) -> Option<DateTime<Utc>> {
        self.tokens.get(principal)?.get(tenant).copied()
    }

    /// Whether the principal holds a valid token for the tenant now.
    pub fn has_valid_token(&self, principal: &str, tenant: &str) -> bool {
        self.token_expiry(principal, tenant).is_some_and(|exp| self.now < exp)
    }

    /// The principal's token for a directory (G9); its home directory needs none.
    pub fn token_status(&self, principal: &str, tenant: &str) -> TokenStatus {
        let home = self.principals.get(principal).map(|p| p.tenant.as_str());
        self.token_across(principal, home, tenant)
    }

    /// The principal's token for `tenant` when acting from `scope` (a vault): none is needed when
    /// the scope is in that directory (G4, G5).
    pub fn token_status_from(&self, principal: &str, scope: &str, tenant: &str) -> TokenStatus {
        self.token_across(principal, self.tenant_of_scope(scope), tenant)
    }

    /// The token for `to` of a request acting from directory `from` with `credentials`.
    pub fn token_with(&self, principal: &str, from: Option<&str>, to: &str, credentials: &Credentials) -> TokenStatus {
        match credentials {
            Credentials::Directories => self.token_across(principal, from, to),
            _ if from == Some(to) => TokenStatus::SameDirectory,
            Credentials::PerRequest(tokens) => match tokens.iter().find(|t| t.tenant == to) {
                Some(crate::model::Carried { expires: Some(at), .. }) if self.now >= *at => TokenStatus::Expired(*at),
                Some(_) => TokenStatus::Carried,
                None => TokenStatus::Missing,
            },
            // Refused when the request is signed in (`decide::signed_in`), before any token is read.
            Credentials::Malformed(_) => TokenStatus::Missing,
        }
    }

    /// The principal's token for `to` when acting from directory `from`.
    pub(crate) fn token_across(&self, principal: &str, from: Option<&str>, to: &str) -> TokenStatus {
        if from == Some(to) {
            return TokenStatus::SameDirectory;
        }
        match self.token_expiry(principal, to) {
            Some(exp) if self.now < exp => TokenStatus::Valid(exp),
            Some(exp) => TokenStatus::Expired(exp),
            None => TokenStatus::Missing,
        }
    }

    /// Whether the principal can sign in to the tenant: its home tenant, or a tenant it is a guest of.
    pub fn is_member_or_guest(&self, principal: &str, tenant: &str) -> bool {
        self.principals.get(principal).is_some_and(|p| p.tenant == tenant)
            || self.guests.contains(&(principal.to_owned(), tenant.to_owned()))
    }

    /// The principals a directory lists (its users, groups and service principals, and the guests
    /// invited to it), in handle order: what the portal's member pickers in that directory offer.
    pub fn directory_principals<'a>(&'a self, tenant: &'a str) -> impl Iterator<Item = &'a Principal> + 'a {
        self.principals
            .values()
            .filter(move |p| p.tenant == tenant || self.guests.contains(&(p.id.clone(), tenant.to_owned())))
    }

    /// A user's sign-in name as a directory lists it: their own in their home directory; in a
    /// directory they are a B2B guest of, Azure's external form
    /// (`bob_contoso.com#EXT#@fabrikamsec.com`); empty for others and for a directory that does
    /// not list them.
    pub fn sign_in_name_in(&self, principal: &str, tenant: &str) -> String {
        let Some(p) = self.principals.get(principal) else { return String::new() };
        if p.tenant == tenant || p.sign_in_name.is_empty() {
            return p.sign_in_name.clone();
        }
        match self.tenants.get(tenant) {
            Some(t) if self.guests.contains(&(p.id.clone(), tenant.to_owned())) => {
                format!("{}#EXT#@{}", p.sign_in_name.replacen('@', "_", 1), t.domain)
            }
            _ => String::new(),
        }
    }

    /// Whether a principal of a directory's list is a guest there (user type Guest; else Member).
    pub fn is_guest_in(&self, principal: &str, tenant: &str) -> bool {
        self.guests.contains(&(principal.to_owned(), tenant.to_owned()))
    }

    /// The principal a person names: by handle, object id, display name or sign-in name (the home
    /// one, or the external form a guest has in another directory), case-insensitively for names —
    /// as the portal's pickers, `az --assignee` and `-SignInName` find one.
    pub fn find_principal(&self, named: &str) -> Option<&Principal> {
        let named = named.trim();
        if let Some(p) = self.principals.get(named) {
            return Some(p);
        }
        let external = named.split_once("#EXT#@").map(|(local, _)| match local.rsplit_once('_') {
            Some((user, domain)) => format!("{user}@{domain}"),
            None => local.to_owned(),
        });
        let sign_in = external.as_deref().unwrap_or(named);
        self.principals.values().find(|p| {
            p.object_id.eq_ignore_ascii_case(named)
                || (!p.sign_in_name.is_empty() && p.sign_in_name.eq_ignore_ascii_case(sign_in))
                || p.name.eq_ignore_ascii_case(named)
        })
    }

    /// Whether a principal a directory lists answers a person's search: the text (any case) in its
    /// display name, its sign-in name, or the form that directory shows it by — as the portal's
    /// member pickers search. An empty search matches everyone.
    pub fn answers(&self, principal: &Principal, tenant: &str, search: &str) -> bool {
        let q = search.trim().to_lowercase();
        q.is_empty()
            || principal.name.to_lowercase().contains(&q)
            || principal.sign_in_name.to_lowercase().contains(&q)
            || self.sign_in_name_in(&principal.id, tenant).to_lowercase().contains(&q)
    }

    /// Where a scope (subscription, resource group or resource) is, seen by `principal` signed in
    /// to `directory`: the current directory decides everything the portal may reach (its lists,
    /// search results and addresses). A scope of another directory the person can sign in to is
    /// named with that directory; one they cannot reach is as missing as one that does not exist.
    pub fn reach(&self, principal: &str, scope: &str, directory: &str) -> Reach<'_> {
        let Some(tenant) = self.tenant_of_scope(scope) else { return Reach::Missing };
        if tenant == directory {
            Reach::Here
        } else if self.is_member_or_guest(principal, tenant) {
            self.tenants.get(tenant).map_or(Reach::Missing, Reach::OtherDirectory)
        } else {
            Reach::Missing
        }
    }

    /// Resolves a scope handle (subscription, resource group or resource).
    pub fn scope_chain(&self, scope: &str) -> Option<ScopeChain<'_>> {
        // Resources first: decisions mostly ask about vaults and guards.
        let resource = if let Some(v) = self.vaults.get(scope) {
            Some((&v.id, &v.resource_group))
        } else if let Some(g) = self.guards.get(scope) {
            Some((&g.id, &g.resource_group))
        } else {
            self.identities.get(scope).or_else(|| self.key_vaults.get(scope)).map(|r| (&r.id, &r.resource_group))
        };
        if let Some((id, rg)) = resource {
            let rg = self.resource_groups.get(rg)?;
            return Some(ScopeChain {
                subscription: &rg.subscription,
                resource_group: Some(&rg.id),
                resource: Some(id),
            });
        }
        if let Some(rg) = self.resource_groups.get(scope) {
            return Some(ScopeChain { subscription: &rg.subscription, resource_group: Some(&rg.id), resource: None });
        }
        let s = self.subscriptions.get(scope)?;
        Some(ScopeChain { subscription: &s.id, resource_group: None, resource: None })
    }

    /// The tenant that holds a scope.
    pub fn tenant_of_scope(&self, scope: &str) -> Option<&str> {
        self.tenant_of_chain(&self.scope_chain(scope)?)
    }

    /// The tenant that holds a resolved scope.
    pub fn tenant_of_chain(&self, chain: &ScopeChain<'_>) -> Option<&str> {
        self.subscriptions.get(chain.subscription).map(|s| s.tenant.as_str())
    }

    /// The assignments that apply to a principal: its own, then its groups' (R2), in every state.
    pub fn assignments_of<'a>(&'a self, principal: &str) -> impl Iterator<Item = &'a RoleAssignment> + 'a {
        let own = self.assignments.get(principal).into_iter().flatten();
        let via_groups = self.groups_of(principal).iter().filter_map(|g| self.assignments.get(g)).flatten();
        own.chain(via_groups)
    }

    /// The subscriptions of a directory a principal sees (what ARM's subscription list returns, and
    /// so `az login` and `Connect-AzAccount` list): those where it holds an active role right now,
    /// its own or its groups', at the subscription or anywhere below it.
    pub fn visible_subscriptions<'a>(&'a self, principal: &'a str, tenant: &'a str) -> Vec<&'a Subscription> {
        self.subscriptions.values().filter(|s| s.tenant == tenant && self.sees_subscription(principal, &s.id)).collect()
    }

    /// Whether ARM lists the subscription to the principal ([`World::visible_subscriptions`]).
    pub fn sees_subscription(&self, principal: &str, subscription: &str) -> bool {
        let now = self.now;
        self.assignments_of(principal)
            .any(|a| a.is_effective(now) && self.scope_chain(&a.scope).is_some_and(|c| c.subscription == subscription))
    }

    /// The first assignment — the principal's own, then its groups' — that grants `action` at the
    /// scope (R1, R2).
    pub fn find_grant(&self, principal: &str, action: Action, at: &ScopeChain<'_>) -> Option<&RoleAssignment> {
        let now = self.now;
        self.assignments_of(principal).find(|a| at.covered_by(&a.scope) && a.role.grants(action) && a.is_effective(now))
    }

    /// The ARM id of a scope handle.
    pub fn arm_id(&self, scope: &str) -> Option<String> {
        let chain = self.scope_chain(scope)?;
        let sub = &self.subscriptions.get(chain.subscription)?.subscription_id;
        let mut id = format!("/subscriptions/{sub}");
        if let Some(rg) = chain.resource_group {
            id.push_str("/resourceGroups/");
            id.push_str(rg);
        }
        if let Some(res) = chain.resource {
            let ty = if let Some(v) = self.vaults.get(res) {
                v.kind.resource_type()
            } else if self.identities.contains_key(res) {
                "Microsoft.ManagedIdentity/userAssignedIdentities"
            } else if self.key_vaults.contains_key(res) {
                "Microsoft.KeyVault/vaults"
            } else {
                "Microsoft.DataProtection/resourceGuards"
            };
            id.push_str("/providers/");
            id.push_str(ty);
            id.push('/');
            id.push_str(res);
        }
        Some(id)
    }

    /// The handle an ARM id names (any case): a subscription, a resource group or a resource.
    pub fn handle_of(&self, arm_id: &str) -> Option<&str> {
        let id = arm_id.trim_end_matches('/');
        let last = id.rsplit('/').next()?;
        // Resources and resource groups are named by their last segment; a subscription by its id.
        let named = self
            .vaults
            .keys()
            .chain(self.guards.keys())
            .chain(self.identities.keys())
            .chain(self.key_vaults.keys())
            .chain(self.resource_groups.keys())
            .filter(|h| h.eq_ignore_ascii_case(last))
            .chain(self.subscriptions.values().filter(|s| s.subscription_id.eq_ignore_ascii_case(last)).map(|s| &s.id));
        named.map(String::as_str).find(|h| self.arm_id(h).is_some_and(|a| a.eq_ignore_ascii_case(id)))
    }

    /// Finds a guard by handle or by ARM id (case-insensitive), as "Protect with Resource Guard" accepts.
    pub fn resolve_guard(&self, handle_or_uri: &str) -> Option<&ResourceGuard> {
        if let Some(g) = self.guards.get(handle_or_uri) {
            return Some(g);
        }
        self.guards
            .values()
            .find(|g| self.arm_id(&g.id).is_some_and(|id| id.eq_ignore_ascii_case(handle_or_uri.trim_end_matches('/'))))
    }

    /// User-assigned identities by handle.
    pub fn identities(&self) -> &Table<Handle, PlainResource> {
        &self.identities
    }

    /// Key Vaults by handle.
    pub fn key_vaults(&self) -> &Table<Handle, PlainResource> {
        &self.key_vaults
    }

    /// The first effective assignment granting a data action at the scope (I3: Key Vault keys).
    pub fn find_data_grant(&self, principal: &str, data_action: &str, at: &ScopeChain<'_>) -> Option<&RoleAssignment> {
        let now = self.now;
        self.assignments_of(principal)
            .find(|a| at.covered_by(&a.scope) && a.role.permits_data(data_action) && a.is_effective(now))
    }

    /// A principal's display name, or the handle when unknown.
    pub fn display_name<'a>(&'a self, principal: &'a str) -> &'a str {
        self.principals.get(principal).map_or(principal, |p| p.name.as_str())
    }

    /// The name a person sees for a handle: a tenant's, subscription's or principal's display name
    /// (`Security` for `sub-guard`); the handle itself for what the portal names by its handle
    /// (resource groups, vaults, guards, requests) and for anything unknown.
    pub fn name_of<'a>(&'a self, handle: &'a str) -> &'a str {
        if let Some(t) = self.tenants.get(handle) {
            &t.name
        } else if let Some(s) = self.subscriptions.get(handle) {
            &s.name
        } else {
            self.display_name(handle)
        }
    }
}

/// PIM, Lighthouse and identity queries (My roles, Approve requests, Select Resource Guard, My
/// customers, the Identity blade).
impl World {
    /// Role settings for a (role, scope): the edited ones, or the defaults.
    pub fn pim_settings(&self, role: &RoleDefinition, scope: &str) -> PimSettings {
        self.pim_settings.get(&(role.id.to_owned(), scope.to_owned())).cloned().unwrap_or_else(PimSettings::defaults)
    }

    /// PIM requests by handle.
    pub fn requests(&self) -> &Table<Handle, PimRequest> {
        &self.requests
    }

    /// The PIM audit history, oldest first, of every tenant.
    pub fn audit(&self) -> &[AuditEntry] {
        &self.audit
    }

    /// A principal's notifications, oldest first.
    pub fn inbox(&self, principal: &str) -> &[Notification] {
        self.inbox.get(principal).map_or(&[], Vec::as_slice)
    }

    /// The tenant's audit history as CSV (header + one line per entry).
    pub fn audit_csv(&self, tenant: &str) -> String {
        pim::audit_csv(self.audit.iter().filter(|e| e.tenant == tenant))
    }

    /// The tenant's audit history as a JSON array.
    pub fn audit_json(&self, tenant: &str) -> String {
        pim::audit_json(self.audit.iter().filter(|e| e.tenant == tenant))
    }

    /// Whether `actor` may approve `request` (P4: listed approvers and their group members; for
    /// extension and renewal, an admin of the scope, P6/P9).
    pub fn is_approver(&self, actor: &str, request: &PimRequest) -> bool {
        match request.kind {
            RequestKind::Extend(_) | RequestKind::Renew(_) => self
                .scope_chain(&request.scope)
                .is_some_and(|c| self.find_grant(actor, Action::RoleAssignmentWrite, &c).is_some()),
            RequestKind::Activate | RequestKind::LighthouseActivate(_) => {
                request.approvers.iter().any(|a| a == actor || self.groups_of(actor).contains(a))
            }
        }
    }

    /// The eligible assignment (own or through a group) of `role` at exactly `scope`, in its window.
    pub fn eligible_assignment(&self, principal: &str, role: &RoleDefinition, scope: &str) -> Option<&RoleAssignment> {
        self.assignments_of(principal)
            .find(|a| a.kind == AssignmentType::Eligible && a.role == role && a.scope == scope && a.in_window(self.now))
    }

    /// Users behind a list of users and groups.
    pub fn expand_users(&self, list: &[Handle]) -> Vec<Handle> {
        let mut out: Vec<Handle> = Vec::new();
        for h in list {
            match self.principals.get(h) {
                Some(p) if p.kind == PrincipalKind::Group => out.extend(p.members.iter().cloned()),
                Some(_) => out.push(h.clone()),
                None => {}
            }
        }
        crate::table::sorted_unique(out)
    }

    /// The principal's eligible assignments (own and through groups) inside their window.
    pub fn eligible_for(&self, principal: &str) -> Vec<&RoleAssignment> {
        self.assignments_of(principal).filter(|a| a.kind == AssignmentType::Eligible && a.in_window(self.now)).collect()
    }

    /// The principal's active assignments right now (own and through groups).
    pub fn active_for(&self, principal: &str) -> Vec<&RoleAssignment> {
        self.assignments_of(principal).filter(|a| a.is_effective(self.now)).collect()
    }

    /// Pending requests the principal may decide (not their own).
    pub fn approvable_by(&self, principal: &str) -> Vec<&PimRequest> {
        self.requests
            .values()
            .filter(|r| {
                r.status == RequestStatus::PendingApproval && r.principal != principal && self.is_approver(principal, r)
            })
            .collect()
    }

    /// Guards of a tenant, in a region, that the principal can read (Select Resource Guard lists
    /// these for a vault in that region, G4, G9a).
    pub fn readable_guards(&self, principal: &str, tenant: &str, location: &str) -> Vec<&ResourceGuard> {
        self.guards
            .values()
            .filter(|g| g.location == location && self.tenant_of_scope(&g.id) == Some(tenant))
            .filter(|g| {
                self.scope_chain(&g.id).is_some_and(|c| self.find_grant(principal, Action::GuardRead, &c).is_some())
            })
            .collect()
    }

    /// The resource groups where the principal holds `action` (create forms offer one first).
    pub fn resource_groups_granting(&self, principal: &str, action: Action) -> Vec<&ResourceGroup> {
        self.resource_groups
            .values()
            .filter(|rg| self.scope_chain(&rg.id).is_some_and(|c| self.find_grant(principal, action, &c).is_some()))
            .collect()
    }

    /// Directories the principal can sign in to: its home and those it is a guest of.
    pub fn directories_of(&self, principal: &str) -> Vec<&Tenant> {
        self.tenants.values().filter(|t| self.is_member_or_guest(principal, &t.id)).collect()
    }

    /// The vaults a guard protects.
    pub fn vaults_protected_by(&self, guard: &str) -> Vec<&Vault> {
        self.vaults.values().filter(|v| v.guard.as_deref() == Some(guard)).collect()
    }

    /// Lighthouse delegations by handle.
    pub fn delegations(&self) -> &Table<Handle, Delegation> {
        &self.delegations
    }

    /// The delegations a principal of a managing tenant works under (itself or through a group), with
    /// the eligible authorizations it may activate (My customers).
    pub fn delegations_for(&self, principal: &str) -> Vec<(&Delegation, Vec<&EligibleAuthorization>)> {
        let mine = |p: &str| p == principal || self.groups_of(principal).iter().any(|g| g == p);
        self.delegations
            .values()
            .filter(|d| d.authorizations.iter().any(|(p, _)| mine(p)) || d.eligible.iter().any(|e| mine(&e.principal)))
            .map(|d| (d, d.eligible.iter().filter(|e| mine(&e.principal)).collect()))
            .collect()
    }

    /// The principal behind an identity reference of a vault.
    pub fn identity_principal(&self, vault: &Vault, identity: &IdentityRef) -> Option<&Principal> {
        match identity {
            IdentityRef::System if vault.system_identity => self.principals.get(&vault.id),
            IdentityRef::User(h) if vault.user_identities.contains(h) => self.principals.get(h),
            _ => None,
        }
    }

    /// Whether any object, request or delegation already has this handle.
    pub fn handle_taken(&self, id: &str) -> bool {
        self.is_on_diagram(id)
            || self.items.contains_key(id)
            || self.requests.contains_key(id)
            || self.delegations.contains_key(id)
    }

    /// A handle no object has yet: `base1`, `base2`… (a new request, item or delegation).
    pub fn new_handle(&self, base: &str) -> Handle {
        let mut n = 1u64;
        loop {
            let id = format!("{base}{n}");
            if !self.handle_taken(&id) {
                return id;
            }
            n += 1;
        }
    }
}

/// Where a scope is, seen from the directory a person is signed in to ([`World::reach`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach<'a> {
    /// In this directory.
    Here,
    /// In another directory the person can sign in to (their home, or one they are a guest in).
    OtherDirectory(&'a Tenant),
    /// Not there, or in a directory the person cannot reach.
    Missing,
}
