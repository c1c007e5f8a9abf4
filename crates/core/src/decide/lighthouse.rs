//! Azure Lighthouse (L1–L8): onboarding validates the parameters file against the world and
//! registers a delegation; eligible authorizations activate through the shared PIM request path.

use chrono::TimeDelta;

use super::pim::{ActivationInputs, Requirements};
use super::Ctx;
use crate::command::Command;
use crate::duration;
use crate::error::{ErrorCode, Refusal, Result};
use crate::event::Event;
use crate::lighthouse::{
    includes_reader, invalid, parse_parameters, Delegation, DelegationParameters, EligibleAuthorization, JitPolicy,
    MAX_APPROVERS, POLICY_DURATION,
};
use crate::model::{Handle, Origin, PrincipalKind, RoleAssignment};
use crate::pim::{PimRequest, RequestKind, RequestStatus, MIN_ACTIVATION};
use crate::rbac::{self, Action, Role, RoleDefinition};

impl<'w> Ctx<'w> {
    pub(super) fn decide_lighthouse(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::LighthouseOnboard { id, scope, parameters } => {
                let parsed = parse_parameters(parameters)?;
                self.lighthouse_onboard(id, scope.handle(), &parsed)
            }
            Command::LighthouseActivate { id, delegation, role, duration, justification, mfa } => {
                let inputs = ActivationInputs { justification, ticket: None, mfa: *mfa };
                self.lighthouse_activate(id, delegation, role, *duration, &inputs)
            }
            other => Err(Refusal::new(
                ErrorCode::OperationNotSupported,
                format!("`{}` is not a Lighthouse command", other.action_name()),
            )),
        }
    }

    /// The principal of the managing tenant with this object id.
    fn managing_principal(&self, tenant: &str, object_id: &str, at: &str, allow_groups: bool) -> Result<Handle> {
        let p = self
            .world
            .principals
            .values()
            .find(|p| p.tenant == tenant && p.object_id.eq_ignore_ascii_case(object_id))
            .ok_or_else(|| {
                Refusal::new(
                    ErrorCode::LighthousePrincipalNotAllowed,
                    format!("`{at}`: `{object_id}` is not a principal of the managing tenant `{tenant}`"),
                )
            })?;
        match p.kind {
            PrincipalKind::User => Ok(p.id.clone()),
            PrincipalKind::Group if allow_groups => Ok(p.id.clone()),
            other => Err(Refusal::new(
                ErrorCode::LighthousePrincipalNotAllowed,
                format!("`{at}`: `{}` is a {}; only users and groups can be used here", p.id, other.as_str()),
            )),
        }
    }

    fn lighthouse_role(&self, id: &str, at: &str, eligible: bool) -> Result<&'static RoleDefinition> {
        let not_allowed = |why: String| Refusal::new(ErrorCode::LighthouseRoleNotAllowed, format!("`{at}`: {why}"));
        let role = rbac::role(id)
            .ok_or_else(|| not_allowed(format!("`{id}` is not a built-in role (custom roles are not supported)")))?;
        if role.id == rbac::OWNER {
            return Err(not_allowed("Owner is not supported by Azure Lighthouse".to_owned()));
        }
        if role.has_data_actions() {
            return Err(not_allowed(format!("{} has DataActions, which Azure Lighthouse does not support", role.name)));
        }
        if eligible && role.id == rbac::USER_ACCESS_ADMINISTRATOR {
            return Err(not_allowed("User Access Administrator cannot be an eligible authorization".to_owned()));
        }
        Ok(role)
    }

    /// L1–L7: validate the parameters and register the delegation.
    pub(super) fn lighthouse_onboard(&mut self, id: &str, scope: &str, p: &DelegationParameters) -> Result<Vec<Event>> {
        let w = self.world;
        if w.delegations.contains_key(id) {
            return Err(Refusal::new(
                ErrorCode::AlreadyExists,
                format!("a delegation with handle `{id}` already exists"),
            ));
        }
        let chain = self.chain(scope)?;
        if chain.resource.is_some() {
            return Err(Refusal::new(
                ErrorCode::InvalidInput,
                "Azure Lighthouse delegates a subscription or a resource group",
            ));
        }
        self.require_at(Action::RoleAssignmentWrite, &chain, scope)?;
        let managing =
            w.tenants.values().find(|x| x.tenant_id.eq_ignore_ascii_case(&p.managed_by_tenant_id)).ok_or_else(
                || invalid(format!("`managedByTenantId`: `{}` is not a known tenant id", p.managed_by_tenant_id)),
            )?;
        let mut authorizations = Vec::new();
        for (i, a) in p.authorizations.iter().enumerate() {
            let at = format!("authorizations[{i}]");
            let role = self.lighthouse_role(&a.role_definition_id, &format!("{at}.roleDefinitionId"), false)?;
            let principal =
                self.managing_principal(&managing.id, &a.principal_id, &format!("{at}.principalId"), true)?;
            authorizations.push((principal, role));
        }
        let mut eligible: Vec<EligibleAuthorization> = Vec::new();
        for (i, e) in p.eligible.iter().enumerate() {
            let at = format!("eligibleAuthorizations[{i}]");
            let pat = format!("{at}.justInTimeAccessPolicy");
            let role =
                self.lighthouse_role(&e.authorization.role_definition_id, &format!("{at}.roleDefinitionId"), true)?;
            let principal = self.managing_principal(
                &managing.id,
                &e.authorization.principal_id,
                &format!("{at}.principalId"),
                true,
            )?;
            let max = duration::parse(&e.policy.maximum_activation_duration)
                .ok()
                .filter(|d| *d >= POLICY_DURATION.0 && *d <= POLICY_DURATION.1)
                .ok_or_else(|| {
                    Refusal::new(
                        ErrorCode::LighthouseInvalidDuration,
                        format!(
                            "`{pat}.maximumActivationDuration`: `{}` must be an ISO 8601 duration from PT30M to PT8H",
                            e.policy.maximum_activation_duration
                        ),
                    )
                })?;
            let require_mfa = match e.policy.mfa_provider.as_str() {
                "Azure" => true,
                "None" => false,
                other => {
                    return Err(Refusal::new(
                        ErrorCode::LighthouseInvalidMfaProvider,
                        format!("`{pat}.multiFactorAuthProvider`: `{other}` must be `Azure` or `None`"),
                    ))
                }
            };
            if e.policy.approvers.len() > MAX_APPROVERS {
                return Err(Refusal::new(
                    ErrorCode::LighthouseTooManyApprovers,
                    format!(
                        "`{pat}.managedByTenantApprovers`: {} approvers; at most {MAX_APPROVERS}",
                        e.policy.approvers.len()
                    ),
                ));
            }
            let approvers = e
                .policy
                .approvers
                .iter()
                .enumerate()
                .map(|(j, a)| {
                    self.managing_principal(
                        &managing.id,
                        &a.principal_id,
                        &format!("{pat}.managedByTenantApprovers[{j}].principalId"),
                        true,
                    )
                })
                .collect::<Result<Vec<_>>>()?;
            let policy = JitPolicy { require_mfa, maximum_activation: max, approvers };
            if let Some(other) = eligible.iter().find(|x| x.role == role && x.policy != policy) {
                return Err(Refusal::new(
                    ErrorCode::LighthousePolicyMismatch,
                    format!("`{pat}`: eligible authorizations of {} must share one justInTimeAccessPolicy (it differs from `{}`'s)", role.name, other.principal),
                ));
            }
            eligible.push(EligibleAuthorization { principal, role, policy });
        }
        self.pass(
            "Delegation parameters",
            format!("{} authorization(s), {} eligible", authorizations.len(), eligible.len()),
        );
        let delegation = Delegation {
            id: id.to_owned(),
            scope: scope.to_owned(),
            managing_tenant: managing.id.clone(),
            offer_name: p.offer_name.clone(),
            offer_description: p.offer_description.clone(),
            authorizations,
            eligible,
        };
        let mut events: Vec<Event> = delegation
            .authorizations
            .iter()
            .map(|(principal, role)| {
                Event::RoleAssigned(RoleAssignment {
                    origin: Origin::Lighthouse(id.to_owned()),
                    ..RoleAssignment::direct(principal, role, scope)
                })
            })
            .collect();
        events.push(Event::DelegationSaved(delegation));
        Ok(events)
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
        let w = self.world;
        let actor = self.actor;
        let d =
            self.world.delegations.get(delegation).ok_or_else(|| {
                Refusal::new(ErrorCode::NotFound, format!("delegation `{delegation}` does not exist"))
            })?;
        let mine = |p: &str| p == actor || w.groups_of(actor).iter().any(|g| g == p);
        let Some(e) = d.eligible.iter().find(|e| e.role == role && mine(&e.principal)) else {
            let r = Refusal::new(
                ErrorCode::PimNotEligible,
                format!("You have no eligible authorization for {} in delegation `{delegation}`", role.name),
            );
            return Err(self.refuse(r, "Eligible authorization"));
        };
        self.pass("Eligible authorization", format!("{} for `{}` in `{}`", role.name, e.principal, d.offer_name));
        if !d.authorizations.iter().any(|(p, r)| mine(p) && includes_reader(r)) {
            let r = Refusal::new(
                ErrorCode::LighthouseReaderAuthorizationMissing,
                "You can't elevate in the portal: the delegation gives you no permanent authorization with Reader access",
            )
            .with_remedy("The service provider adds a permanent Reader authorization for this principal and onboards again");
            return Err(self.refuse(r, "Permanent Reader authorization"));
        }
        self.pass("Permanent Reader authorization", "present");
        let max = e.policy.maximum_activation;
        if let Some(asked) = requested {
            if asked < MIN_ACTIVATION || asked > max {
                let r = Refusal::new(
                    ErrorCode::PimDurationOutOfRange,
                    format!("The duration must be between 30 minutes and {} hours", max.num_hours()),
                );
                return Err(self.refuse(r, "Duration within the policy"));
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
        if w.requests.contains_key(id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a request with handle `{id}` already exists")));
        }
        let request = PimRequest {
            id: id.to_owned(),
            kind: RequestKind::LighthouseActivate(delegation.to_owned()),
            principal: actor.to_owned(),
            role,
            scope: d.scope.clone(),
            duration: max,
            justification: inputs.justification.to_owned(),
            ticket: None,
            created: w.now,
            status: RequestStatus::PendingApproval,
            approvers: e.policy.approvers.clone(),
            decided_by: None,
            decision_justification: String::new(),
            window: None,
        };
        Ok(self.submit(request))
    }
}
