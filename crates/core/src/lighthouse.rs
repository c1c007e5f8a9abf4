//! Azure Lighthouse eligible authorizations (SPEC §7, L1–L8).
//!
//! [`parse_parameters`] reads the real ARM parameters file of the onboarding templates (the whole
//! file, or its `parameters` object; values wrapped in `{"value": ...}` as ARM writes them, or bare).
//! Onboarding validates L2–L7 against the world, registers a [`Delegation`] and gives its permanent
//! authorizations to the managing tenant's principals on the customer scope. Eligible authorizations
//! activate through the shared PIM request machinery with the delegation's just-in-time policy.

use chrono::TimeDelta;
use serde_json::Value;

use crate::command::Event;
use crate::duration;
use crate::error::{ErrorCode, Refusal, Result, Trace};
use crate::model::{Handle, Origin, PrincipalKind, RoleAssignment, World};
use crate::pim::{PimRequest, RequestKind, RequestStatus, MIN_ACTIVATION};
use crate::rbac::{self, Action, RoleDefinition};

/// Shortest and longest `maximumActivationDuration` (L2).
pub const POLICY_DURATION: (TimeDelta, TimeDelta) = (TimeDelta::minutes(30), TimeDelta::hours(8));
/// Most approvers per policy (L3).
pub const MAX_APPROVERS: usize = 10;

/// A `{principalId, roleDefinitionId, principalIdDisplayName}` authorization, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizationEntry {
    /// Object id in the managing tenant.
    pub principal_id: String,
    /// Role-definition GUID.
    pub role_definition_id: String,
    /// Display name shown to the customer.
    pub display_name: String,
}

/// An approver of a just-in-time policy, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApproverEntry {
    /// Object id in the managing tenant.
    pub principal_id: String,
    /// Display name.
    pub display_name: String,
}

/// `justInTimeAccessPolicy`, as written in the file (validated at onboarding).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JitPolicyEntry {
    /// `multiFactorAuthProvider`.
    pub mfa_provider: String,
    /// `maximumActivationDuration` (ISO 8601).
    pub maximum_activation_duration: String,
    /// `managedByTenantApprovers`.
    pub approvers: Vec<ApproverEntry>,
}

/// An eligible authorization, as written in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EligibleEntry {
    /// The user or group.
    pub authorization: AuthorizationEntry,
    /// Its policy.
    pub policy: JitPolicyEntry,
}

/// The parameters of a Lighthouse onboarding (L1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelegationParameters {
    /// `mspOfferName`.
    pub offer_name: String,
    /// `mspOfferDescription`.
    pub offer_description: String,
    /// `managedByTenantId`.
    pub managed_by_tenant_id: String,
    /// `authorizations`.
    pub authorizations: Vec<AuthorizationEntry>,
    /// `eligibleAuthorizations`.
    pub eligible: Vec<EligibleEntry>,
}

/// A validated just-in-time policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JitPolicy {
    /// `multiFactorAuthProvider` is `Azure`.
    pub require_mfa: bool,
    /// `maximumActivationDuration`.
    pub maximum_activation: TimeDelta,
    /// Approvers (handles of users or groups of the managing tenant).
    pub approvers: Vec<Handle>,
}

/// An eligible authorization resolved against the world.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EligibleAuthorization {
    /// User or group of the managing tenant.
    pub principal: Handle,
    /// The role.
    pub role: &'static RoleDefinition,
    /// Its policy.
    pub policy: JitPolicy,
}

/// A registered delegation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delegation {
    /// Handle.
    pub id: Handle,
    /// The delegated subscription or resource group.
    pub scope: Handle,
    /// The managing tenant.
    pub managing_tenant: Handle,
    /// `mspOfferName`.
    pub offer_name: String,
    /// `mspOfferDescription`.
    pub offer_description: String,
    /// Permanent authorizations: (principal, role).
    pub authorizations: Vec<(Handle, &'static RoleDefinition)>,
    /// Eligible authorizations.
    pub eligible: Vec<EligibleAuthorization>,
}

impl Delegation {
    /// Posture warnings (L6): eligible principals without a permanent Reader authorization.
    pub fn warnings(&self) -> Vec<String> {
        self.eligible
            .iter()
            .filter(|e| !self.has_reader(&e.principal))
            .map(|e| {
                format!(
                    "`{}` is eligible for {} but has no permanent authorization with Reader: it cannot elevate in the portal",
                    e.principal, e.role.name
                )
            })
            .collect()
    }

    fn has_reader(&self, principal: &str) -> bool {
        self.authorizations.iter().any(|(p, r)| p == principal && includes_reader(r))
    }
}

fn includes_reader(role: &RoleDefinition) -> bool {
    role.permits("Microsoft.Resources/subscriptions/resourceGroups/read")
        && role.permits("Microsoft.Compute/virtualMachines/read")
}

// ----- Parsing the ARM parameters file (an edge format) -----

fn invalid(message: impl Into<String>) -> Refusal {
    Refusal::new(ErrorCode::LighthouseInvalidTemplate, message)
}

/// Reads an ARM parameters file (or its `parameters` object).
pub fn parse_parameters(json: &Value) -> Result<DelegationParameters> {
    let Some(obj) = json.as_object() else { return Err(invalid("the parameters must be a JSON object")) };
    // A whole parameters file holds `parameters`; a deployment template's `parameters` only declares types.
    let params = match obj.get("parameters").and_then(Value::as_object) {
        Some(inner) if obj.contains_key("$schema") || obj.contains_key("contentVersion") => inner,
        _ => obj,
    };
    let value = |name: &str| -> Result<&Value> {
        let v = params.get(name).ok_or_else(|| invalid(format!("parameter `{name}` is missing")))?;
        match v.as_object().and_then(|o| o.get("value")) {
            Some(inner) => Ok(inner),
            None if v.as_object().is_some_and(|o| o.contains_key("type")) => Err(invalid(format!(
                "parameter `{name}` has no value: this looks like the deployment template, not its parameters file"
            ))),
            None => Ok(v),
        }
    };
    let string = |name: &str| -> Result<String> {
        value(name)?.as_str().map(str::to_owned).ok_or_else(|| invalid(format!("parameter `{name}` must be a string")))
    };
    let authorizations = match params.get("authorizations") {
        None => Vec::new(),
        Some(_) => array(value("authorizations")?, "authorizations")?
            .iter()
            .enumerate()
            .map(|(i, a)| authorization(a, &format!("authorizations[{i}]")))
            .collect::<Result<_>>()?,
    };
    let eligible = match params.get("eligibleAuthorizations") {
        None => Vec::new(),
        Some(_) => array(value("eligibleAuthorizations")?, "eligibleAuthorizations")?
            .iter()
            .enumerate()
            .map(|(i, e)| eligible_entry(e, &format!("eligibleAuthorizations[{i}]")))
            .collect::<Result<_>>()?,
    };
    Ok(DelegationParameters {
        offer_name: string("mspOfferName")?,
        offer_description: params
            .get("mspOfferDescription")
            .map(|_| string("mspOfferDescription"))
            .transpose()?
            .unwrap_or_default(),
        managed_by_tenant_id: string("managedByTenantId")?,
        authorizations,
        eligible,
    })
}

fn array<'a>(v: &'a Value, at: &str) -> Result<&'a Vec<Value>> {
    v.as_array().ok_or_else(|| invalid(format!("`{at}` must be an array")))
}

fn field(v: &Value, at: &str, name: &str) -> Result<String> {
    v.get(name)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| invalid(format!("`{at}.{name}` is missing or not a string")))
}

fn authorization(v: &Value, at: &str) -> Result<AuthorizationEntry> {
    Ok(AuthorizationEntry {
        principal_id: field(v, at, "principalId")?,
        role_definition_id: field(v, at, "roleDefinitionId")?,
        display_name: v.get("principalIdDisplayName").and_then(Value::as_str).unwrap_or_default().to_owned(),
    })
}

fn eligible_entry(v: &Value, at: &str) -> Result<EligibleEntry> {
    let p =
        v.get("justInTimeAccessPolicy").ok_or_else(|| invalid(format!("`{at}.justInTimeAccessPolicy` is missing")))?;
    let pat = format!("{at}.justInTimeAccessPolicy");
    let approvers = match p.get("managedByTenantApprovers") {
        None | Some(Value::Null) => Vec::new(),
        Some(list) => array(list, &format!("{pat}.managedByTenantApprovers"))?
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let aat = format!("{pat}.managedByTenantApprovers[{i}]");
                Ok(ApproverEntry {
                    principal_id: field(a, &aat, "principalId")?,
                    display_name: a
                        .get("principalIdDisplayName")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                })
            })
            .collect::<Result<_>>()?,
    };
    Ok(EligibleEntry {
        authorization: authorization(v, at)?,
        policy: JitPolicyEntry {
            mfa_provider: field(p, &pat, "multiFactorAuthProvider")?,
            maximum_activation_duration: field(p, &pat, "maximumActivationDuration")?,
            approvers,
        },
    })
}

// ----- Onboarding and activation -----

impl World {
    /// Lighthouse delegations by handle.
    pub fn delegations(&self) -> &std::collections::BTreeMap<Handle, Delegation> {
        &self.delegations
    }

    /// The principal of the managing tenant with this object id.
    fn managing_principal(&self, tenant: &str, object_id: &str, at: &str, allow_groups: bool) -> Result<Handle> {
        let p = self
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
    pub(crate) fn lighthouse_onboard(
        &self,
        t: &mut Trace,
        actor: &str,
        id: &str,
        scope: &str,
        p: &DelegationParameters,
    ) -> Result<Vec<Event>> {
        if self.delegations.contains_key(id) {
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
        self.require(t, actor, Action::RoleAssignmentWrite, &chain, scope)?;
        let managing =
            self.tenants.values().find(|x| x.tenant_id.eq_ignore_ascii_case(&p.managed_by_tenant_id)).ok_or_else(
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
        t.pass(
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
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn lighthouse_activate(
        &self,
        t: &mut Trace,
        actor: &str,
        id: &str,
        delegation: &str,
        role: &'static RoleDefinition,
        requested: Option<TimeDelta>,
        justification: &str,
        mfa: bool,
    ) -> Result<Vec<Event>> {
        let d = self
            .delegations
            .get(delegation)
            .ok_or_else(|| Refusal::new(ErrorCode::NotFound, format!("delegation `{delegation}` does not exist")))?;
        let mine = |p: &str| p == actor || self.groups_of(actor).iter().any(|g| g == p);
        let Some(e) = d.eligible.iter().find(|e| e.role == role && mine(&e.principal)) else {
            let r = Refusal::new(
                ErrorCode::PimNotEligible,
                format!("You have no eligible authorization for {} in delegation `{delegation}`", role.name),
            );
            return Err(r.with_trace(t.clone(), "Eligible authorization"));
        };
        t.pass("Eligible authorization", format!("{} for `{}` in `{}`", role.name, e.principal, d.offer_name));
        if !d.authorizations.iter().any(|(p, r)| mine(p) && includes_reader(r)) {
            let r = Refusal::new(
                ErrorCode::LighthouseReaderAuthorizationMissing,
                "You can't elevate in the portal: the delegation gives you no permanent authorization with Reader access",
            )
            .with_remedy("The service provider adds a permanent Reader authorization for this principal and onboards again");
            return Err(r.with_trace(t.clone(), "Permanent Reader authorization"));
        }
        t.pass("Permanent Reader authorization", "present");
        let max = e.policy.maximum_activation;
        if let Some(asked) = requested {
            if asked < MIN_ACTIVATION || asked > max {
                let r = Refusal::new(
                    ErrorCode::PimDurationOutOfRange,
                    format!("The duration must be between 30 minutes and {} hours", max.num_hours()),
                );
                return Err(r.with_trace(t.clone(), "Duration within the policy"));
            }
        }
        t.pass(
            "Duration within the policy",
            format!("the role lasts the full {} minutes of the policy", max.num_minutes()),
        );
        self.check_activation_inputs(t, &true, justification, false, None, e.policy.require_mfa, mfa)?;
        if self.requests.contains_key(id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a request with handle `{id}` already exists")));
        }
        let request = PimRequest {
            id: id.to_owned(),
            kind: RequestKind::LighthouseActivate(delegation.to_owned()),
            principal: actor.to_owned(),
            role,
            scope: d.scope.clone(),
            duration: max,
            justification: justification.to_owned(),
            ticket: None,
            created: self.now,
            status: RequestStatus::PendingApproval,
            approvers: e.policy.approvers.clone(),
            decided_by: None,
            decision_justification: String::new(),
            window: None,
        };
        Ok(self.submit(t, actor, request))
    }
}
