//! Subscriptions and resource groups (SPEC §9a): creating a resource group in a subscription
//! (`Microsoft.Resources/subscriptions/resourceGroups/write` there), and registering a subscription
//! to one of the backup resource providers G11 needs (`<namespace>/register/action` there).

use super::reason::{refusal, Reason};
use super::Ctx;
use crate::command::Command;
use crate::error::{ErrorCode, Result};
use crate::event::Event;
use crate::model::ResourceGroup;
use crate::rbac::Action;

/// Why a subscription or resource group command is refused.
#[derive(Debug, thiserror::Error)]
enum ScopeRefusal<'a> {
    /// A provider the simulator does not model.
    #[error("`{0}` is not a resource provider this simulator registers: it registers Microsoft.RecoveryServices and Microsoft.DataProtection.")]
    UnknownProvider(&'a str),
    /// A location left empty.
    #[error("A resource group needs a location (its region, e.g. `westeurope`).")]
    NoLocation,
}

impl Reason for ScopeRefusal<'_> {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidInput
    }
}

/// The register action of a provider the simulator models, by its namespace (any case, as ARM
/// takes it), with the namespace as ARM spells it.
fn provider(namespace: &str) -> Option<(&'static str, Action)> {
    [
        ("Microsoft.RecoveryServices", Action::RecoveryServicesRegister),
        ("Microsoft.DataProtection", Action::DataProtectionRegister),
    ]
    .into_iter()
    .find(|(name, _)| name.eq_ignore_ascii_case(namespace))
}

impl Ctx<'_> {
    pub(super) fn decide_scopes(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::CreateResourceGroup { id, subscription, location } => {
                self.ensure_new_name(crate::naming::Named::ResourceGroup, id)?;
                if location.trim().is_empty() {
                    return Err(refusal(ScopeRefusal::NoLocation));
                }
                self.subscription(subscription)?;
                self.require(Action::ResourceGroupWrite, subscription)?;
                Ok(vec![Event::ResourceGroupSaved(ResourceGroup {
                    id: id.clone(),
                    subscription: subscription.clone(),
                    location: location.trim().to_ascii_lowercase(),
                })])
            }
            Command::RegisterProvider { subscription, namespace } => {
                let Some((namespace, action)) = provider(namespace) else {
                    return Err(refusal(ScopeRefusal::UnknownProvider(namespace)));
                };
                self.subscription(subscription)?;
                self.require(action, subscription)?;
                Ok(vec![Event::ProviderRegistered {
                    subscription: subscription.clone(),
                    namespace: namespace.to_owned(),
                }])
            }
            _ => Err(refusal(super::reason::Common::Misrouted(command.action_name()))),
        }
    }
}
