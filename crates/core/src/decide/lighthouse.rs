//! Azure Lighthouse (L1–L8): onboarding validates the parameters file against the world and
//! registers a delegation; eligible authorizations activate through the shared PIM request path.

use chrono::TimeDelta;

use super::pim::{ActivationInputs, Requirements};
use super::reason::{refusal, Common, Object, Reason};
use super::{not_found, Ctx};
use crate::command::{Command, DelegatedScope};
use crate::duration;
use crate::error::{ErrorCode, Result};
use crate::event::Event;
use crate::lighthouse::{
    includes_reader, parse_parameters, Delegation, DelegationParameters, EligibleAuthorization, EligibleEntry,
    JitPolicy, MAX_APPROVERS, POLICY_DURATION,
};
use crate::model::{Handle, Origin, PrincipalKind, RoleAssignment};
use crate::pim::{PimRequest, RequestKind, RequestStatus, MIN_ACTIVATION};
use crate::rbac::{self, Action, Role};

/// Why a role cannot be delegated through Azure Lighthouse (L4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RoleProblem {
    /// Owner is never delegated.
    Owner,
    /// Roles with DataActions are not supported.
    DataActions,
    /// User Access Administrator cannot be eligible.
    EligibleUserAccessAdministrator,
}

impl std::fmt::Display for RoleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RoleProblem::Owner => "is not supported by Azure Lighthouse",
            RoleProblem::DataActions => "has DataActions, which Azure Lighthouse does not support",
            RoleProblem::EligibleUserAccessAdministrator => "cannot be an eligible authorization",
        })
    }
}

/// Why a Lighthouse onboarding or activation is refused. `at` names the place in the parameters file.
#[derive(Debug, thiserror::Error)]
enum LighthouseRefusal<'a> {
    /// L1: a delegation is deployed at a subscription or a resource group.
    #[error("Azure Lighthouse delegates a subscription or a resource group, not `{0}`.")]
    NotSubscriptionOrGroup(&'a str),
    /// L1a: the resource groups of a multiple-RG delegation belong to one subscription.
    #[error("The resource groups `{first}` and `{other}` are in different subscriptions; one delegation covers resource groups of one subscription.")]
    GroupsInSeveralSubscriptions {
        /// The first resource group.
        first: &'a str,
        /// One in another subscription.
        other: &'a str,
    },
    /// L1: the managing tenant must exist.
    #[error("`managedByTenantId`: `{0}` is not a known tenant id.")]
    UnknownManagingTenant(&'a str),
    /// L5: principals come from the managing tenant.
    #[error("`{at}`: `{object_id}` is not a principal of the managing tenant `{tenant}`.")]
    NotInManagingTenant {
        /// Where in the file.
        at: String,
        /// The object id written there.
        object_id: &'a str,
        /// The managing tenant.
        tenant: &'a str,
    },
    /// L5: only users and groups.
    #[error("`{at}`: `{principal}` is a {kind}; only users and groups can be used here.")]
    PrincipalKind {
        /// Where in the file.
        at: String,
        /// The principal.
        principal: &'a str,
        /// Its kind.
        kind: &'static str,
    },
    /// L4: only built-in roles.
    #[error("`{at}`: `{id}` is not a built-in role (custom roles are not supported).")]
    RoleNotBuiltIn {
        /// Where in the file.
        at: String,
        /// The role id written there.
        id: &'a str,
    },
    /// L4: a built-in role Lighthouse cannot delegate here.
    #[error("`{at}`: {role} {problem}.")]
    RoleNotAllowed {
        /// Where in the file.
        at: String,
        /// The role.
        role: &'static str,
        /// Why not.
        problem: RoleProblem,
    },
    /// L2: `maximumActivationDuration` from PT30M to PT8H.
    #[error("`{at}`: `{value}` must be an ISO 8601 duration from PT30M to PT8H.")]
    InvalidDuration {
        /// Where in the file.
        at: String,
        /// What is written there.
        value: &'a str,
    },
    /// L2: `multiFactorAuthProvider` is `Azure` or `None`.
    #[error("`{at}`: `{value}` must be `Azure` or `None`.")]
    InvalidMfaProvider {
        /// Where in the file.
        at: String,
        /// What is written there.
        value: &'a str,
    },
    /// L3: at most ten approvers.
    #[error("`{at}`: {count} approvers; at most {MAX_APPROVERS}.")]
    TooManyApprovers {
        /// Where in the file.
        at: String,
        /// How many there are.
        count: usize,
    },
    /// L7: eligible authorizations of one role share one policy.
    #[error("`{at}`: eligible authorizations of {role} must share one justInTimeAccessPolicy (it differs from `{other}`'s).")]
    PolicyMismatch {
        /// Where in the file.
        at: String,
        /// The role.
        role: &'static str,
        /// The principal whose policy differs.
        other: &'a str,
    },
    /// L8: nothing to activate.
    #[error("You have no eligible authorization for {role} in delegation `{delegation}`.")]
    NotEligible {
        /// The role.
        role: &'static str,
        /// The delegation.
        delegation: &'a str,
    },
    /// L6: elevating in the portal needs a permanent Reader authorization.
    #[error(
        "You can't elevate in the portal: the delegation gives you no permanent authorization with Reader access."
    )]
    ReaderAuthorizationMissing,
    /// L8: a duration outside the policy.
    #[error("The duration must be between 30 minutes and {max_hours} hours.")]
    DurationOutOfRange {
        /// The policy's maximum.
        max_hours: i64,
    },
}

impl Reason for LighthouseRefusal<'_> {
    fn code(&self) -> ErrorCode {
        match self {
            LighthouseRefusal::NotSubscriptionOrGroup(_) => ErrorCode::InvalidInput,
            LighthouseRefusal::GroupsInSeveralSubscriptions { .. } => ErrorCode::LighthouseInvalidTemplate,
            LighthouseRefusal::UnknownManagingTenant(_) => ErrorCode::LighthouseInvalidTemplate,
            LighthouseRefusal::NotInManagingTenant { .. } | LighthouseRefusal::PrincipalKind { .. } => {
                ErrorCode::LighthousePrincipalNotAllowed
            }
            LighthouseRefusal::RoleNotBuiltIn { .. } | LighthouseRefusal::RoleNotAllowed { .. } => {
                ErrorCode::LighthouseRoleNotAllowed
            }
            LighthouseRefusal::InvalidDuration { .. } => ErrorCode::LighthouseInvalidDuration,
            LighthouseRefusal::InvalidMfaProvider { .. } => ErrorCode::LighthouseInvalidMfaProvider,
            LighthouseRefusal::TooManyApprovers { .. } => ErrorCode::LighthouseTooManyApprovers,
            LighthouseRefusal::PolicyMismatch { .. } => ErrorCode::LighthousePolicyMismatch,
            LighthouseRefusal::NotEligible { .. } => ErrorCode::PimNotEligible,
            LighthouseRefusal::ReaderAuthorizationMissing => ErrorCode::LighthouseReaderAuthorizationMissing,
            LighthouseRefusal::DurationOutOfRange { .. } => ErrorCode::PimDurationOutOfRange,
        }
    }

    fn remedy(&self) -> Option<String> {
        match self {
            LighthouseRefusal::ReaderAuthorizationMissing => Some(
                "The service provider adds a permanent Reader authorization for this principal and onboards again."
                    .to_owned(),
            ),
            _ => None,
        }
    }
}

impl<'w> Ctx<'w> {
    pub(super) fn decide_lighthouse(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::LighthouseOnboard { id, scope, parameters } => {
                let parsed = parse_parameters(parameters)?;
                self.lighthouse_onboard(id, scope, &parsed)
            }
            Command::LighthouseActivate { id, delegation, role, duration, justification, mfa } => {
                let inputs = ActivationInputs { justification, ticket: None, mfa: *mfa };
                self.lighthouse_activate(id, delegation, role, *duration, &inputs)
            }
            other => Err(refusal(Common::Misrouted(other.action_name()))),
        }
    }

    /// The principal of the managing tenant with this object id.
    fn managing_principal(&self, tenant: &str, object_id: &str, at: String) -> Result<Handle> {
        let found =
            self.world.principals.values().find(|p| p.tenant == tenant && p.object_id.eq_ignore_ascii_case(object_id));
        let Some(p) = found else {
            return Err(refusal(LighthouseRefusal::NotInManagingTenant { at, object_id, tenant }));
        };
        match p.kind {
            PrincipalKind::User | PrincipalKind::Group => Ok(p.id.clone()),
            other => Err(refusal(LighthouseRefusal::PrincipalKind { at, principal: &p.id, kind: other.as_str() })),
        }
    }

    /// L4: the roles Azure Lighthouse can delegate (and make eligible).
    fn lighthouse_role(&self, id: &str, at: String, eligible: bool) -> Result<Role> {
        let Some(role) = rbac::role(id) else {
            return Err(refusal(LighthouseRefusal::RoleNotBuiltIn { at, id }));
        };
        let problem = if role.id == rbac::OWNER {
            Some(RoleProblem::Owner)
        } else if role.has_data_actions() {
            Some(RoleProblem::DataActions)
        } else if eligible && role.id == rbac::USER_ACCESS_ADMINISTRATOR {
            Some(RoleProblem::EligibleUserAccessAdministrator)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(refusal(LighthouseRefusal::RoleNotAllowed { at, role: role.name, problem })),
            None => Ok(role),
        }
    }

    /// L1–L7: validate the parameters and register the delegation.
    fn lighthouse_onboard(
        &mut self,
        id: &str,
        delegated: &DelegatedScope,
        p: &DelegationParameters,
    ) -> Result<Vec<Event>> {
        let world = self.world;
        if world.delegations.contains_key(id) {
            return Err(refusal(Common::HandleTaken(id)));
        }
        let scopes = delegated.handles();
        let first_subscription = scopes.first().and_then(|s| world.scope_chain(s)).map(|c| c.subscription);
        for scope in scopes {
            let chain = self.chain(scope)?;
            if chain.resource.is_some() {
                return Err(refusal(LighthouseRefusal::NotSubscriptionOrGroup(scope)));
            }
            if Some(chain.subscription) != first_subscription {
                let reason = LighthouseRefusal::GroupsInSeveralSubscriptions { first: &scopes[0], other: scope };
                return Err(refusal(reason));
            }
            self.require_at(Action::RoleAssignmentWrite, &chain, scope)?;
        }
        let managing = world.tenants.values().find(|x| x.tenant_id.eq_ignore_ascii_case(&p.managed_by_tenant_id));
        let Some(managing) = managing else {
            return Err(refusal(LighthouseRefusal::UnknownManagingTenant(&p.managed_by_tenant_id)));
        };
        let mut authorizations = Vec::new();
        for (i, a) in p.authorizations.iter().enumerate() {
            let at = format!("authorizations[{i}]");
            let role = self.lighthouse_role(&a.role_definition_id, format!("{at}.roleDefinitionId"), false)?;
            let principal = self.managing_principal(&managing.id, &a.principal_id, format!("{at}.principalId"))?;
            authorizations.push((principal, role));
        }
        let mut eligible: Vec<EligibleAuthorization> = Vec::new();
        for (i, e) in p.eligible.iter().enumerate() {
            let next = self.eligible_authorization(&managing.id, i, e)?;
            if let Some(other) = eligible.iter().find(|x| x.role == next.role && x.policy != next.policy) {
                let at = format!("eligibleAuthorizations[{i}].justInTimeAccessPolicy");
                let reason = LighthouseRefusal::PolicyMismatch { at, role: next.role.name, other: &other.principal };
                return Err(refusal(reason));
            }
            eligible.push(next);
        }
        self.pass(
            "Delegation parameters",
            format!("{} authorization(s), {} eligible", authorizations.len(), eligible.len()),
        );
        // The customer sees the provider's people by the names the file gives them.
        let display_names = p
            .authorizations
            .iter()
            .chain(p.eligible.iter().map(|e| &e.authorization))
            .zip(authorizations.iter().map(|(h, _)| h).chain(eligible.iter().map(|e| &e.principal)))
            .map(|(a, h)| (h.clone(), a.display_name.clone()))
            .collect();
        let delegation = Delegation {
            id: id.to_owned(),
            scopes: scopes.to_vec(),
            managing_tenant: managing.id.clone(),
            offer_name: p.offer_name.clone(),
            offer_description: p.offer_description.clone(),
            authorizations,
            eligible,
            display_names,
        };
        // Each authorization at each delegated scope (a registration assignment per resource group).
        let mut events: Vec<Event> = scopes
            .iter()
            .flat_map(|scope| {
                delegation.authorizations.iter().map(move |(principal, role)| {
                    Event::RoleAssigned(RoleAssignment {
                        origin: Origin::Lighthouse(id.to_owned()),
                        ..RoleAssignment::direct(principal, role, scope)
                    })
                })
            })
            .collect();
        events.push(Event::DelegationSaved(delegation));
        Ok(events)
    }

    /// L2–L5: one eligible authorization with its just-in-time policy.
    fn eligible_authorization(&self, managing: &str, i: usize, e: &EligibleEntry) -> Result<EligibleAuthorization> {
        let at = format!("eligibleAuthorizations[{i}]");
        let pat = format!("{at}.justInTimeAccessPolicy");
        let role = self.lighthouse_role(&e.authorization.role_definition_id, format!("{at}.roleDefinitionId"), true)?;
        let principal =
            self.managing_principal(managing, &e.authorization.principal_id, format!("{at}.principalId"))?;
        let written = &e.policy.maximum_activation_duration;
        let Some(max) = duration::parse(written).ok().filter(|d| *d >= POLICY_DURATION.0 && *d <= POLICY_DURATION.1)
        else {
            let at = format!("{pat}.maximumActivationDuration");
            return Err(refusal(LighthouseRefusal::InvalidDuration { at, value: written }));
        };
        let require_mfa = match e.policy.mfa_provider.as_str() {
            "Azure" => true,
            "None" => false,
            other => {
                let at = format!("{pat}.multiFactorAuthProvider");
                return Err(refusal(LighthouseRefusal::InvalidMfaProvider { at, value: other }));
            }
        };
        if e.policy.approvers.len() > MAX_APPROVERS {
            let at = format!("{pat}.managedByTenantApprovers");
            return Err(refusal(LighthouseRefusal::TooManyApprovers { at, count: e.policy.approvers.len() }));
        }
        let approvers = e
            .policy
            .approvers
            .iter()
            .enumerate()
            .map(|(j, a)| {
                self.managing_principal(
                    managing,
                    &a.principal_id,
                    format!("{pat}.managedByTenantApprovers[{j}].principalId"),
                )
            })
            .collect::<Result<Vec<_>>>()?;
        // L7: the same approvers in another order are the same policy.
        let approvers = crate::table::sorted_unique(approvers);
        Ok(EligibleAuthorization {
            principal,
            role,
            policy: JitPolicy { require_mfa, maximum_activation: max, approvers },
        })
    }

    /// L6, L8: activate an eligible authorization through its just-in-time policy.
    pub(super) fn lighthouse_activate(
        &mut self,
        id: &str,
        delegation: &str,
        role: Role,
        requested: Option<TimeDelta>,
        inputs: &ActivationInputs<'_>,
    ) -> Result<Vec<Event>> {
        let world = self.world;
        let actor = self.actor;
        let Some(d) = world.delegations.get(delegation) else {
            return Err(not_found(Object::Delegation, delegation));
        };
        let mine = |p: &str| p == actor || world.groups_of(actor).iter().any(|g| g == p);
        let Some(e) = d.eligible.iter().find(|e| e.role == role && mine(&e.principal)) else {
            let reason = LighthouseRefusal::NotEligible { role: role.name, delegation };
            return Err(self.refuse(reason, "Eligible authorization"));
        };
        self.pass("Eligible authorization", format!("{} for `{}` in `{}`", role.name, e.principal, d.offer_name));
        if !d.authorizations.iter().any(|(p, r)| mine(p) && includes_reader(r)) {
            return Err(self.refuse(LighthouseRefusal::ReaderAuthorizationMissing, "Permanent Reader authorization"));
        }
        self.pass("Permanent Reader authorization", "present");
        let max = e.policy.maximum_activation;
        if let Some(asked) = requested {
            if asked < MIN_ACTIVATION || asked > max {
                let reason = LighthouseRefusal::DurationOutOfRange { max_hours: max.num_hours() };
                return Err(self.refuse(reason, "Duration within the policy"));
            }
        }
        self.pass(
            "Duration within the policy",
            format!("the role lasts the full {} minutes of the policy", max.num_minutes()),
        );
        self.check_activation_inputs(
            Requirements { justification: true, ticket: false, mfa: e.policy.require_mfa },
            inputs,
        )?;
        if world.requests.contains_key(id) {
            return Err(refusal(Common::HandleTaken(id)));
        }
        let request = PimRequest {
            id: id.to_owned(),
            kind: RequestKind::LighthouseActivate(delegation.to_owned()),
            principal: actor.to_owned(),
            role,
            scope: d.scopes.first().cloned().unwrap_or_default(),
            duration: max,
            justification: inputs.justification.to_owned(),
            ticket: None,
            created: world.now,
            status: RequestStatus::PendingApproval,
            approvers: e.policy.approvers.clone(),
            decided_by: None,
            decision_justification: String::new(),
            window: None,
        };
        Ok(self.submit(request))
    }
}
