//! Why commands are refused, as types. Each area of `decide/` has its own enum of reasons next to
//! its rules; a reason's sentence is its `Display` (one style: a sentence in the portal's words,
//! beginning with a capital and ending with a period, handles in backticks), its stable code and
//! what would make the command succeed derive from the variant. The reasons every area shares —
//! missing objects, taken handles, RBAC — are here.

use std::borrow::Cow;

use crate::error::{AzureError, ErrorCode, Refusal};

/// A typed reason for a refusal.
pub(super) trait Reason: std::fmt::Display {
    /// The stable code (SPEC §8).
    fn code(&self) -> ErrorCode;

    /// What would make the command succeed, where there is something to say.
    fn remedy(&self) -> Option<String> {
        None
    }

    /// A command that removes the obstacle, where one does.
    fn fix(&self) -> Option<crate::error::Fix> {
        None
    }

    /// Azure's own code, where a public source shows it (never invented).
    fn azure(&self) -> Option<AzureError> {
        None
    }
}

/// Where Microsoft documents the Azure codes the simulator attaches (SPEC §8: never invented).
pub(super) mod source {
    /// Azure Resource Manager's error codes: `AuthorizationFailed`, `InvalidAuthenticationTokenTenant`,
    /// `ResourceNotFound`, `ResourceGroupNotFound`.
    pub const ARM_ERRORS: &str =
        "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors";
    /// A token ARM cannot read: `InvalidAuthenticationToken` ("The access token is invalid.").
    pub const ARM_TOKENS: &str =
        "https://learn.microsoft.com/archive/technet-wiki/54544.how-to-solve-error-code-invalidauthenticationtoken";
    /// Azure RBAC's troubleshooting: `PrincipalNotFound` with its sentence.
    pub const RBAC_TROUBLESHOOTING: &str =
        "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting";
    /// PIM for Azure resources, role assignment requests: the error codes table.
    pub const PIM_REQUESTS: &str =
        "https://learn.microsoft.com/graph/api/governanceroleassignmentrequest-post?view=graph-rest-beta";
    /// Microsoft Entra's sign-in (AADSTS) error codes.
    pub const ENTRA_ERRORS: &str = "https://learn.microsoft.com/entra/identity-platform/reference-error-codes";
}

/// Azure's code `code`, documented at `source`.
pub(super) const fn azure(code: &'static str, source: &'static str) -> Option<AzureError> {
    Some(AzureError { code, source })
}

/// A refusal with no trace (a bad input found before any check ran).
pub(super) fn refusal(reason: impl Reason) -> Refusal {
    refusal_of(&reason)
}

/// [`refusal`], compiled once for every kind of reason (not once per reason type).
pub(super) fn refusal_of(reason: &dyn Reason) -> Refusal {
    let mut refusal = Refusal::new(reason.code(), reason.to_string());
    refusal.fix = reason.fix().map(Box::new);
    refusal.azure = reason.azure();
    match reason.remedy() {
        Some(remedy) => refusal.with_remedy(remedy),
        None => refusal,
    }
}

/// What kind of object a lookup missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Object {
    /// A tenant (directory).
    Tenant,
    /// A user, group, service principal or managed identity.
    Principal,
    /// A subscription, resource group or resource used as a scope.
    Scope,
    /// A subscription.
    Subscription,
    /// A resource group.
    ResourceGroup,
    /// A vault.
    Vault,
    /// A protected item or backup instance.
    Item,
    /// A Key Vault.
    KeyVault,
    /// A user-assigned managed identity.
    UserIdentity,
    /// A PIM request.
    Request,
    /// A Lighthouse delegation.
    Delegation,
}

impl Object {
    fn name(self) -> &'static str {
        match self {
            Object::Tenant => "Directory",
            Object::Principal => "Principal",
            Object::Scope => "Scope",
            Object::Subscription => "Subscription",
            Object::ResourceGroup => "Resource group",
            Object::Vault => "Vault",
            Object::Item => "Protected item",
            Object::KeyVault => "Key Vault",
            Object::UserIdentity => "User-assigned identity",
            Object::Request => "Request",
            Object::Delegation => "Delegation",
        }
    }
}

/// ARM's code and sentence for an ARM id that names nothing: `ResourceGroupNotFound` for a
/// resource group, `ResourceNotFound` for a resource in one, `SubscriptionNotFound` for a
/// subscription (ARM's sentences, as its 404s carry them; codes on the common-deployment-errors page).
pub(super) fn arm_not_found(id: &str) -> Option<(&'static str, String)> {
    let parts: Vec<&str> = id.trim_matches('/').split('/').collect();
    let at = |i: usize| parts.get(i).copied().filter(|p| !p.is_empty());
    if !parts.first().is_some_and(|p| p.eq_ignore_ascii_case("subscriptions")) {
        return None;
    }
    let in_group = parts.get(2).is_some_and(|p| p.eq_ignore_ascii_case("resourceGroups"));
    Some(match parts.len() {
        2 => ("SubscriptionNotFound", format!("The subscription '{}' could not be found.", at(1)?)),
        4 if in_group => ("ResourceGroupNotFound", format!("Resource group '{}' could not be found.", at(3)?)),
        n if n >= 8 && in_group && parts[4].eq_ignore_ascii_case("providers") => (
            "ResourceNotFound",
            format!(
                "The Resource '{}' under resource group '{}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
                parts[5..].join("/"),
                at(3)?
            ),
        ),
        _ => return None,
    })
}

/// [`Common::NotFound`]'s sentence.
fn not_found_sentence(object: Object, id: &str) -> String {
    match arm_not_found(id) {
        Some((_, sentence)) => sentence,
        None => format!("{} `{id}` does not exist.", object.name()),
    }
}

/// Reasons every area shares.
#[derive(Debug, thiserror::Error)]
pub(super) enum Common<'a> {
    /// A named object does not exist: in ARM's own words where it was named by its ARM id (as a
    /// command line names it), else the portal's.
    #[error("{}", not_found_sentence(*.object, .id))]
    NotFound {
        /// What was looked up.
        object: Object,
        /// Its handle.
        id: &'a str,
    },
    /// A new object's handle is taken.
    #[error("The name `{0}` is already taken: choose another name.")]
    HandleTaken(&'a str),
    /// A new object's name breaks Azure's naming rule for its type ([`crate::naming`]).
    #[error("`{name}` is not a valid name: {why}")]
    InvalidName {
        /// The name asked for.
        name: &'a str,
        /// Which rule it breaks, in the portal's words.
        why: String,
    },
    /// The caller holds no role granting the action at the scope (Azure's own sentence, as ARM
    /// returns it: e.g. Azure/ARO-RP#66, and the RBAC troubleshooting page).
    #[error(
        "The client '{caller}' with object id '{object_id}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."
    )]
    AuthorizationFailed {
        /// The caller as ARM names it: a user's sign-in name, else its object id.
        caller: &'a str,
        /// The caller's object id.
        object_id: &'a str,
        /// The caller's handle.
        actor: &'a str,
        /// The ARM action.
        action: &'static str,
        /// The ARM id of the scope.
        scope: Cow<'a, str>,
        /// The scope's handle.
        target: &'a str,
    },
    /// A principal to be assigned a role is not in the scope's directory.
    #[error("Principal `{principal}` does not exist in the directory `{tenant}`.")]
    PrincipalNotInDirectory {
        /// The principal.
        principal: &'a str,
        /// The scope's tenant.
        tenant: &'a str,
    },
    /// A command reached an area that does not decide it (a routing bug, reported, never a panic).
    #[error("`{0}` is not decided here.")]
    Misrouted(&'static str),
}

impl Reason for Common<'_> {
    fn code(&self) -> ErrorCode {
        match self {
            Common::NotFound { .. } | Common::PrincipalNotInDirectory { .. } => ErrorCode::NotFound,
            Common::HandleTaken(_) => ErrorCode::AlreadyExists,
            Common::InvalidName { .. } => ErrorCode::InvalidInput,
            Common::AuthorizationFailed { .. } => ErrorCode::AuthorizationFailed,
            Common::Misrouted(_) => ErrorCode::OperationNotSupported,
        }
    }

    fn remedy(&self) -> Option<String> {
        match self {
            Common::AuthorizationFailed { actor, action, target, .. } => {
                Some(format!("Assign `{actor}` a role that includes {action} at `{target}` or above."))
            }
            Common::PrincipalNotInDirectory { principal, tenant } => {
                Some(format!("Invite `{principal}` as a guest of `{tenant}` first."))
            }
            Common::InvalidName { .. } => {
                Some("Choose a name that keeps Azure's naming rule for the resource type.".to_owned())
            }
            Common::NotFound { .. } | Common::HandleTaken(_) | Common::Misrouted(_) => None,
        }
    }

    fn azure(&self) -> Option<AzureError> {
        match self {
            // The sentence is Azure's own too (the client ... does not have authorization to perform action ...).
            Common::AuthorizationFailed { .. } => azure("AuthorizationFailed", source::ARM_ERRORS),
            // Azure's sentence: "Principal {principalId} does not exist in the directory {tenantId}."
            Common::PrincipalNotInDirectory { .. } => azure("PrincipalNotFound", source::RBAC_TROUBLESHOOTING),
            Common::NotFound { id, .. } if arm_not_found(id).is_some() => {
                arm_not_found(id).and_then(|(code, _)| azure(code, source::ARM_ERRORS))
            }
            Common::NotFound { object: Object::ResourceGroup, .. } => {
                azure("ResourceGroupNotFound", source::ARM_ERRORS)
            }
            Common::NotFound { object: Object::Vault | Object::KeyVault | Object::UserIdentity, .. } => {
                azure("ResourceNotFound", source::ARM_ERRORS)
            }
            Common::NotFound { .. } | Common::HandleTaken(_) | Common::InvalidName { .. } | Common::Misrouted(_) => {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::arm_not_found;

    /// ARM's code for an id that names nothing, by the id's shape; not an ARM id of a subscription,
    /// resource group or resource in one: none.
    #[test]
    fn arm_not_found_reads_the_ids_shape() {
        let s = "/subscriptions/aaaaaaaa-0000-0000-0000-000000000001";
        let cases = [
            (s.to_owned(), Some("SubscriptionNotFound")),
            (format!("{s}/resourceGroups/rg-nope"), Some("ResourceGroupNotFound")),
            (format!("{s}/resourcegroups/rg-nope/"), Some("ResourceGroupNotFound")),
            (format!("{s}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v9"), Some("ResourceNotFound")),
            (format!("{s}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults"), None),
            (format!("{s}/resourceGroups/rg/other/Microsoft.RecoveryServices/vaults/v9"), None),
            (format!("{s}/locations/westeurope/providers/Microsoft.RecoveryServices/vaults/v9"), None),
            (format!("{s}/providers/Microsoft.Authorization"), None),
            ("vault9".to_owned(), None),
            ("/tenants/contoso".to_owned(), None),
        ];
        for (id, code) in cases {
            assert_eq!(arm_not_found(&id).map(|(c, _)| c), code, "{id}");
        }
        let (_, sentence) =
            arm_not_found(&format!("{s}/resourceGroups/rg/providers/Microsoft.X/y/z")).unwrap_or_default();
        assert!(
            sentence.starts_with("The Resource 'Microsoft.X/y/z' under resource group 'rg' was not found."),
            "{sentence}"
        );
    }
}
