//! Azure Lighthouse: activating an eligible authorization (PIM's SelfActivate at the delegated scope).

use mua_core::command::Command;
use mua_core::model::AssignmentType;
use serde_json::json;

use super::{role_id, Family, Format, Writer};

pub(super) struct Lighthouse;

/// A Lighthouse activation is written as PIM's `SelfActivate` at the delegated scope, and read back
/// by the PIM family.
impl Family for Lighthouse {
    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        match (command, format) {
            (
                Command::LighthouseActivate { id, delegation, role, duration, justification, mfa: false },
                Format::Rest,
            ) => {
                let scope_arm = x.arm(x.w.delegations().get(delegation)?.scopes.first()?)?;
                let mut properties = json!({ "principalId": x.object_id(x.actor)?, "roleDefinitionId": role_id(&scope_arm, role), "requestType": "SelfActivate", "justification": justification });
                if let Some(duration) = duration {
                    properties["scheduleInfo"] = json!({ "expiration": { "type": "AfterDuration", "duration": mua_core::duration::format(*duration) } });
                }
                Some(Writer::pim(&scope_arm, AssignmentType::Active, id, properties))
            }
            _ => None,
        }
    }
}
