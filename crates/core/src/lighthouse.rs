//! Azure Lighthouse eligible authorizations (SPEC §7, L1–L8).
//!
//! [`parse_parameters`] reads the real ARM parameters file of the onboarding templates (the whole
//! file, or its `parameters` object; values wrapped in `{"value": ...}` as ARM writes them, or bare).
//! Onboarding (`decide/lighthouse.rs`) validates L2–L7 against the world, registers a [`Delegation`]
//! and gives its permanent authorizations to the managing tenant's principals on the customer scope.
//! Eligible authorizations activate through the shared PIM request path with the delegation's
//! just-in-time policy.

use chrono::TimeDelta;
use serde_json::Value;

use crate::error::{ErrorCode, Refusal, Result};
use crate::model::Handle;
use crate::rbac::RoleDefinition;

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
    /// The delegated subscription, resource group, or resource groups of one subscription (L1a).
    pub scopes: Vec<Handle>,
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
    /// Each authorization's `principalIdDisplayName` as the file gives it, in the file's order (the
    /// permanent ones, then the eligible ones): the name the customer sees for the provider's user
    /// or group.
    pub display_names: Vec<(Handle, String)>,
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

pub(crate) fn includes_reader(role: &RoleDefinition) -> bool {
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
        // L3a: optional, but when present it holds one approver or more.
        Some(Value::Array(list)) if list.is_empty() => {
            return Err(invalid(format!(
                "`{pat}.managedByTenantApprovers` is empty: leave it out, or give one approver or more"
            )))
        }
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
