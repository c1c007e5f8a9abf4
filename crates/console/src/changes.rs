//! What the az lines that change the world are read with (each family reads its own lines:
//! `family::az_change`): az's context, the change with the tokens the line carries, az's usage
//! errors, and the ARM ids a line names (`Ids`). The console decides nothing: it builds the ARM ids
//! az would call (from `--ids`, or the subscription, `--resource-group` and the name) and hands them
//! to the core, which resolves them and refuses what Azure refuses (an unknown id is the core's
//! `not-found`, with Azure's own code).

use crate::table::AzCall;
use mua_core::command::Command;
use mua_core::model::{Credentials, Handle};
use mua_core::world::World;

/// Where an az line acts from: the subscription `az account set` chose (else the first of the
/// signed-in principal's home directory, as `az login` picks one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AzContext {
    /// The current subscription's handle.
    pub subscription: Option<Handle>,
    /// The directory signed in to without a subscription (`az login --allow-no-subscriptions`: a
    /// tenant-level account), whose token tenant-wide calls carry.
    pub tenant: Option<Handle>,
}

impl AzContext {
    /// The subscription az acts on: the one chosen, else the one Cloud Shell's sign-in to the home
    /// directory chose ([`default_subscription`]), else the home directory's first.
    pub fn current(&self, world: &World, actor: &str) -> Option<Handle> {
        if self.subscription.is_none() && self.tenant.is_some() {
            return None;
        }
        self.subscription.clone().or_else(|| {
            let home = &world.principals().get(actor)?.tenant;
            default_subscription(world, actor, home)
                .or_else(|| world.subscriptions().values().find(|s| &s.tenant == home).map(|s| s.id.clone()))
        })
    }
}

/// The subscription signing in to a directory makes the default: the first enabled one the account
/// sees there (`World::visible_subscriptions`: one it holds a role in), as azure-cli's
/// `src/azure-cli-core/azure/cli/core/_profile.py` (`_pick_working_subscription`) picks it; every
/// subscription here is enabled.
pub(crate) fn default_subscription(world: &World, actor: &str, tenant: &str) -> Option<Handle> {
    world.visible_subscriptions(actor, tenant).first().map(|s| s.id.clone())
}

/// A change an az line asks for: the core's command and the tokens the request carries.
#[derive(Clone, Debug, PartialEq)]
pub struct AzChange {
    /// The command, decided by the core as the principal.
    pub command: Command,
    /// A token for each `--tenant-id`, and none other.
    pub credentials: Credentials,
}

impl AzChange {
    /// The command and the tokens the line adds to its request (each `--tenant-id`).
    pub fn into_parts(self) -> (Command, Vec<mua_core::model::Carried>) {
        let aux = match self.credentials {
            Credentials::PerRequest(aux) => aux,
            Credentials::Directories | Credentials::Malformed(_) => Vec::new(),
        };
        (self.command, aux)
    }
}

/// Why a line cannot become a command; az's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AzUsage(pub String);

/// `key=value` words into tags.
pub(crate) fn tags(words: &[String]) -> Result<mua_core::command::Tags, AzUsage> {
    words
        .iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => Ok((k.to_owned(), v.to_owned())),
            None => Err(AzUsage(format!("ERROR: usage error: --tags KEY[=VALUE] ...: '{w}' has no '='"))),
        })
        .collect()
}

/// Builds the ARM ids an az line names.
pub(crate) struct Ids<'a> {
    pub(crate) world: &'a World,
    pub(crate) actor: &'a str,
    pub(crate) context: &'a AzContext,
    pub(crate) call: &'a AzCall,
}

impl Ids<'_> {
    pub(crate) fn required(&self, name: &'static str) -> Result<&str, AzUsage> {
        self.call.value(name).ok_or_else(|| AzUsage(format!("ERROR: the following arguments are required: {name}")))
    }

    /// The subscription's ARM id: `--subscription`, else the context's, else the first of the
    /// principal's home directory.
    pub(crate) fn subscription_id(&self) -> String {
        let named = self.call.value("--subscription").map(str::to_owned);
        let chosen = named.or_else(|| self.context.current(self.world, self.actor));
        let sub = chosen.unwrap_or_default();
        let guid = self
            .world
            .subscriptions()
            .get(sub.as_str())
            .or_else(|| self.world.subscriptions().values().find(|s| s.subscription_id == sub || s.name == sub))
            .map_or(sub.clone(), |s| s.subscription_id.clone());
        format!("/subscriptions/{guid}")
    }

    /// `--ids`, else the ARM id of `--resource-group` and the name under `provider`.
    fn resource(&self, name_param: &'static str, provider: &str) -> Result<String, AzUsage> {
        if let Some(id) = self.call.values("--ids").and_then(|ids| ids.first()) {
            return Ok(id.clone());
        }
        match (self.call.value("--resource-group"), self.call.value(name_param)) {
            (Some(rg), Some(name)) => {
                Ok(format!("{}/resourceGroups/{rg}/providers/{provider}/{name}", self.subscription_id()))
            }
            // azure-cli `src/azure-cli-core/azure/cli/core/commands/arm.py` (`add_id_parameters`): the
            // missing ones by their first option string, or `--ids`.
            (rg, name) => {
                let missing: Vec<&str> = [("--resource-group", rg), (name_param, name)]
                    .iter()
                    .filter(|(_, v)| v.is_none())
                    .map(|(n, _)| *n)
                    .collect();
                Err(AzUsage(format!("ERROR: ({} | --ids) are required", missing.join(" "))))
            }
        }
    }

    pub(crate) fn guard(&self) -> Result<Handle, AzUsage> {
        self.resource("--name", "Microsoft.DataProtection/resourceGuards")
    }

    pub(crate) fn vault(&self) -> Result<Handle, AzUsage> {
        self.resource("--name", "Microsoft.RecoveryServices/vaults")
    }

    pub(crate) fn backup_vault(&self) -> Result<Handle, AzUsage> {
        self.resource("--vault-name", "Microsoft.DataProtection/backupVaults")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use std::rc::Rc;

    use super::*;
    use crate::az::{parse, AzLine};
    use crate::words::shell_commands;
    use mua_core::model::Carried;
    use mua_core::scenario::Scenario;

    fn world() -> World {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/scenarios/pim-jit-approve.json"))
                .unwrap();
        let scenario = Rc::new(Scenario::load(&text).unwrap());
        // Before the Backup admin maps the guard (step 4 of the SPEC §8 flow).
        let mut session = mua_core::Session::new(scenario);
        for _ in 0..3 {
            session.play_next();
        }
        session.world().clone()
    }

    fn change(w: &World, actor: &str, line: &str) -> Result<Option<AzChange>, AzUsage> {
        let AzLine::Run(call) = parse(&shell_commands(line).unwrap()[0]).unwrap() else { panic!("{line}") };
        crate::family::az_change(w, actor, &AzContext::default(), &call)
    }

    #[test]
    fn the_seeds_changes_become_the_cores_commands_with_the_lines_tokens() {
        let w = world();
        let guard_id = w.arm_id("guard1").unwrap();
        let vault_rg = w.vaults()["vault1"].resource_group.clone();
        // Mapping the guard from the vault's subscription, with the guard's tenant's token.
        let line = format!("az backup vault resource-guard-mapping update --resource-group {vault_rg} --name vault1 --resource-guard-id {guard_id} --tenant-id fabrikam");
        let c = change(&w, "bob", &line).unwrap().unwrap();
        let Command::EnableMua { vault, guard } = &c.command else { panic!("{c:?}") };
        assert_eq!(vault, &w.arm_id("vault1").unwrap(), "the vault's ARM id, built as az builds it");
        assert_eq!(guard, &guard_id);
        assert_eq!(c.credentials, Credentials::PerRequest(vec![Carried::fresh("fabrikam")]));
        // The core resolves the ids and decides: without --tenant-id, no token for the guard's directory.
        let mut command = c.command.clone();
        command.resolve_arm_ids(&w);
        assert!(matches!(&command, Command::EnableMua { vault, .. } if vault == "vault1"));
        let refused = w.decide_with("bob", &command, &Credentials::PerRequest(vec![])).unwrap_err();
        assert_eq!(refused.code, mua_core::ErrorCode::CrossTenantAuthRequired);
        // With the line's own token it passes the token check (and needs Reader on the guard next).
        let with_token = w.decide_with("bob", &command, &c.credentials);
        assert!(with_token.is_ok(), "{with_token:?}");
        // The seed's update line, the az names of the operations, one vault kind.
        let guard_rg = w.guards()["guard1"].resource_group.clone();
        let sub = w.arm_id(&guard_rg).unwrap();
        let sub = sub.split("/resourceGroups").next().unwrap();
        let line = format!("az dataprotection resource-guard update --resource-group {guard_rg} --resource-guard-name guard1 --resource-type Microsoft.RecoveryServices/vaults --critical-operation-exclusion-list deleteProtection getSecurityPIN --subscription {}", sub.trim_start_matches("/subscriptions/"));
        let c = change(&w, "sara", &line).unwrap().unwrap();
        let Command::UpdateResourceGuard { guard, excluded_operations, resource_type, .. } = &c.command else {
            panic!()
        };
        assert_eq!(guard, &guard_id);
        // az sends its names as the type's ARM operation strings, and the list replaces the guard's
        // whole list (azure-cli-extensions dataprotection `Update.pre_operations`).
        assert_eq!(
            excluded_operations,
            &[
                "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete",
                "Microsoft.RecoveryServices/vaults/backupSecurityPIN/action"
            ]
        );
        assert_eq!(*resource_type, None);
        // Soft delete, and a read that changes nothing.
        let c = change(
            &w,
            "bob",
            &format!(
                "az backup vault backup-properties set -g {vault_rg} -n vault1 --soft-delete-feature-state Disable"
            ),
        )
        .unwrap()
        .unwrap();
        assert!(matches!(c.command, Command::DisableSoftDelete { .. }));
        assert_eq!(change(&w, "bob", "az dataprotection resource-guard list").unwrap(), None);
    }

    #[test]
    fn bad_values_get_azs_messages() {
        let w = world();
        let err = change(&w, "bob", "az backup vault backup-properties set -g rg -n v --soft-delete-feature-state Off")
            .unwrap_err();
        assert_eq!(
            err.0,
            "ERROR: argument --soft-delete-feature-state: invalid choice: 'Off' (choose from 'Enable', 'Disable', 'AlwaysOn')"
        );
        let err = change(&w, "bob", "az role assignment create --role \"Backup Hero\" --assignee bob").unwrap_err();
        assert_eq!(err.0, "ERROR: Role 'Backup Hero' doesn't exist.");
        let err =
            change(&w, "sara", "az dataprotection resource-guard create -g rg --resource-guard-name g --tags novalue")
                .unwrap_err();
        assert!(err.0.contains("'novalue' has no '='"), "{}", err.0);
        let err = change(&w, "sara", "az dataprotection resource-guard delete --resource-guard-name g").unwrap_err();
        assert_eq!(err.0, "ERROR: (--resource-group | --ids) are required");
        let err = change(&w, "sara", "az dataprotection resource-guard delete").unwrap_err();
        assert_eq!(err.0, "ERROR: (--resource-group --name | --ids) are required");
    }
}
