//! A vault's Resource Guard mapping (Multi-User Authorization): map, and remove the mapping.

use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use serde_json::json;

use super::{call, Family, Format, Writer};
use crate::arm;
use crate::changes::AzUsage;
use crate::changes::Ids;
use crate::host::{from_arm, AuxToken, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::rest::{text, usage, vault_of, RestCall};
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet, Param, IDS, RG, RG_REQ, TENANT_ID, YES};
use crate::LineError;
use mua_core::error::Trace;
use mua_core::rbac::Action;
use mua_core::world::World;
use serde_json::Value;

// azure-cli `src/azure-cli/azure/cli/command_modules/backup/_params.py`: `backup vault` takes the
// vault's name as `--name`/`-n` only.
const VAULT_NAME: Param = p(&["--name", "-n"], Arity::One, false);
const BV_NAME: Param = p(&["--vault-name", "-v"], Arity::One, false);
const BV_MAPPING: Param = p(&["--name", "-n", "--resource-guard-mapping-name"], Arity::One, false);
const BACKUP_VAULTS: &str = "Microsoft.DataProtection/backupVaults";

pub(super) struct Mappings;

impl Family for Mappings {
    const AZ: &'static [AzCommand] = &[
        az(
            "backup vault resource-guard-mapping update",
            "Update resource guard mapping of the Recovery Services vault.",
            &[p(&["--resource-guard-id"], Arity::One, true), IDS, VAULT_NAME, RG, TENANT_ID],
        ),
        az(
            "backup vault resource-guard-mapping show",
            "Get the resource guard mapping of the Recovery Services vault.",
            &[IDS, VAULT_NAME, RG],
        ),
        az(
            "backup vault resource-guard-mapping delete",
            "Delete the resource guard mapping of the Recovery Services vault.",
            &[IDS, VAULT_NAME, RG, TENANT_ID, YES],
        ),
        az(
            "dataprotection backup-vault resource-guard-mapping create",
            "Create a ResourceGuard mapping.",
            &[
                RG_REQ,
                Param { required: true, ..BV_NAME },
                BV_MAPPING,
                p(&["--resource-guard-id", "--resource-guard-resource-id"], Arity::One, false),
            ],
        ),
        az(
            "dataprotection backup-vault resource-guard-mapping show",
            "Get the ResourceGuard mapping object associated with the vault, and that matches the name in the request.",
            &[RG, BV_NAME, BV_MAPPING, IDS],
        ),
        az(
            "dataprotection backup-vault resource-guard-mapping delete",
            "Delete the ResourceGuard mapping.",
            &[RG, BV_NAME, BV_MAPPING, IDS, YES],
        ),
    ];

    const CMDLETS: &'static [Cmdlet] = &[
        cmdlet(
            "Set-AzRecoveryServicesResourceGuardMapping",
            "Maps the resource guard to the recovery services vault.",
            &[("VaultId", false), ("ResourceGuardId", true), ("Token", false), ("SecureToken", false)],
        ),
        cmdlet(
            "Get-AzRecoveryServicesResourceGuardMapping",
            "Gets the resource guard mapping added to the recovery services vault.",
            &[("VaultId", false)],
        ),
        cmdlet(
            "Remove-AzRecoveryServicesResourceGuardMapping",
            "Deletes the resource guard mapping of the recovery services vault.",
            &[("VaultId", false), ("Token", false), ("SecureToken", false)],
        ),
        cmdlet(
            "Set-AzDataProtectionResourceGuardMapping",
            "Creates or updates a ResourceGuardProxy.",
            &[("ResourceGroupName", true), ("VaultName", true), ("SubscriptionId", false), ("ResourceGuardId", false)],
        ),
        cmdlet(
            "Get-AzDataProtectionResourceGuardMapping",
            "Returns the ResourceGuardProxy object associated with the vault.",
            &[("ResourceGroupName", true), ("VaultName", true), ("SubscriptionId", false)],
        ),
    ];

    /// `az backup vault resource-guard-mapping update|delete`, and the Backup vault's
    /// `az dataprotection backup-vault resource-guard-mapping create|delete`.
    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        Ok(Some(match ids.call.command {
            "backup vault resource-guard-mapping update" => {
                Command::EnableMua { vault: ids.vault()?, guard: ids.required("--resource-guard-id")?.to_owned() }
            }
            "backup vault resource-guard-mapping delete" => Command::DisableMua { vault: ids.vault()? },
            "dataprotection backup-vault resource-guard-mapping create" => Command::EnableMua {
                vault: ids.backup_vault()?,
                guard: ids.required("--resource-guard-id")?.to_owned(),
            },
            "dataprotection backup-vault resource-guard-mapping delete" => {
                Command::DisableMua { vault: ids.backup_vault()? }
            }
            _ => return Ok(None),
        }))
    }

    /// `PUT` and `DELETE` of a vault's `backupResourceGuardProxies/{name}`.
    fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
        let (_, parts) = call.route();
        Ok(Some(match (call.method.as_str(), parts.as_slice()) {
            ("PUT", [_, "vaults" | "backupVaults", _, "backupResourceGuardProxies", _]) => Command::EnableMua {
                vault: vault_of(&call.path),
                guard: text(&call.props()["resourceGuardResourceId"])
                    .ok_or_else(|| usage("the body has no properties.resourceGuardResourceId".to_owned()))?,
            },
            ("DELETE", [_, "vaults" | "backupVaults", _, "backupResourceGuardProxies", _]) => {
                Command::DisableMua { vault: vault_of(&call.path) }
            }
            _ => return Ok(None),
        }))
    }

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        if run.call.command == "backup vault resource-guard-mapping update" {
            // A vault already mapped is unmapped first (the delete its guard protects), then
            // mapped: two requests, as azure-cli's `update_resource_guard_mapping` sends them
            // (`backup/custom.py`, "unlock delete if already protected").
            let vault = match run.ids().vault() {
                Ok(vault) => vault,
                Err(e) => return Some(Err(e.into())),
            };
            let world = run.world();
            let mapped = world.handle_of(&vault).and_then(|h| world.vaults().get(h)).is_some_and(|v| v.guard.is_some());
            return mapped.then(|| remap(run, vault));
        }
        let (vault, action) = match run.call.command {
            "backup vault resource-guard-mapping show" => (run.ids().vault(), Action::RsvGuardProxyRead),
            "dataprotection backup-vault resource-guard-mapping show" => {
                (run.ids().backup_vault(), Action::BvGuardProxyRead)
            }
            _ => return None,
        };
        Some(vault.map_err(LineError::from).and_then(|vault| show(run, &vault, action)))
    }

    fn printed(world: &World, command: &Command) -> Option<Value> {
        let Command::EnableMua { vault, .. } = command else { return None };
        world.vaults().get(vault).and_then(|v| arm::guard_proxy(world, v))
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        Some(match name {
            "Set-AzRecoveryServicesResourceGuardMapping" => host.vault_id(b).and_then(|vault| {
                let guard = b.text("ResourceGuardId").unwrap_or_default().to_owned();
                map(host, Command::EnableMua { vault, guard }, b)
            }),
            "Remove-AzRecoveryServicesResourceGuardMapping" => {
                host.vault_id(b).and_then(|vault| map(host, Command::DisableMua { vault }, b))
            }
            "Get-AzRecoveryServicesResourceGuardMapping" => {
                host.vault_id(b).and_then(|vault| read_proxy(host, &vault, Action::RsvGuardProxyRead))
            }
            "Get-AzDataProtectionResourceGuardMapping" => {
                let vault = host.resource_id(b, BACKUP_VAULTS, "VaultName");
                read_proxy(host, &vault, Action::BvGuardProxyRead)
            }
            "Set-AzDataProtectionResourceGuardMapping" => {
                let vault = host.resource_id(b, BACKUP_VAULTS, "VaultName");
                let guard = b.text("ResourceGuardId").unwrap_or_default().to_owned();
                map(host, Command::EnableMua { vault, guard }, b)
            }
            _ => return None,
        })
    }

    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        let shell = format.shell();
        match (command, format) {
            (Command::EnableMua { vault, guard }, Format::Rest) => {
                let v = x.w.vaults().get(vault)?;
                let (path, ty) = proxy(x, vault, v.kind)?;
                let aux = x.aux_token();
                let body = json!({ "properties": { "resourceGuardResourceId": x.guard_arm(guard).unwrap_or_else(|| guard.clone()) } });
                Some(call("put", &path, &ty, Some(body), aux))
            }
            (Command::EnableMua { vault, guard }, _) if x.recovery_services(vault) => {
                // az's update remaps a vault already mapped (unmaps it first), where this step
                // was refused: no az line does what it did (a `# mua:` step).
                let mapped = x.w.vaults().get(vault).is_some_and(|v| v.guard.is_some());
                if mapped && format == Format::Az {
                    return None;
                }
                let token = x.token(shell);
                let guard = x.guard_arm(guard).unwrap_or_else(|| guard.clone());
                Some(match format {
                    Format::Pwsh => format!(
                        "Set-AzRecoveryServicesResourceGuardMapping -VaultId {} -ResourceGuardId {guard}{token}",
                        x.arm_or_name(vault)
                    ),
                    _ => format!(
                        "az backup vault resource-guard-mapping update --ids {} --resource-guard-id {guard}{token}",
                        x.arm_or_name(vault)
                    ),
                })
            }
            (Command::DisableMua { vault }, Format::Rest) => {
                let v = x.w.vaults().get(vault)?;
                let (path, ty) = proxy(x, vault, v.kind)?;
                Some(call("delete", &path, &ty, None, x.aux_token()))
            }
            (Command::DisableMua { vault }, _) if x.recovery_services(vault) => {
                let token = x.token(shell);
                Some(match format {
                    Format::Pwsh => {
                        format!(
                            "Remove-AzRecoveryServicesResourceGuardMapping -VaultId {}{token}",
                            x.arm_or_name(vault)
                        )
                    }
                    _ => {
                        format!(
                            "az backup vault resource-guard-mapping delete --ids {} --yes{token}",
                            x.arm_or_name(vault)
                        )
                    }
                })
            }
            _ => None,
        }
    }
}

/// A vault's Resource Guard mapping as az prints it: its proxy, or nothing printed when it has none.
pub(super) fn show(run: &AzRun<'_>, vault: &str, action: Action) -> Result<Returned, LineError> {
    let trace = run.read(vault, action)?;
    let world = run.world();
    let handle = world.handle_of(vault).unwrap_or(vault);
    Ok(match world.vaults().get(handle).and_then(|v| arm::guard_proxy(world, v)) {
        Some(proxy) => Returned::json(proxy, trace),
        None => Returned::nothing(trace),
    })
}

/// `az backup vault resource-guard-mapping update` on a mapped vault: the mapping deleted, then the
/// new one made, each with the line's tokens. When the second is refused the vault keeps its guard:
/// az's first request (`unlockDelete`) changes no mapping in Azure, and a refused line changes
/// nothing here, so the world goes back to what it was before the first.
fn remap(run: &mut AzRun<'_>, vault: String) -> Result<Returned, LineError> {
    let Some(change) = super::az_change(run.world(), run.actor, &*run.context, run.call)? else {
        return Ok(Returned::nothing(Trace::default()));
    };
    let (command, aux) = change.into_parts();
    let before = run.sim.clone();
    let both = run.submit(Command::DisableMua { vault }, aux.clone()).and_then(|(_, mut trace)| {
        let (command, mapped) = run.submit(command, aux)?;
        trace.append(mapped);
        Ok((command, trace))
    });
    match both {
        Ok((command, trace)) => {
            Ok(Returned::json(Mappings::printed(run.world(), &command).unwrap_or(Value::Null), trace))
        }
        Err(refused) => {
            *run.sim = before;
            Err(refused)
        }
    }
}

/// Maps or unmaps a guard with the tokens the cmdlet sends (`-Token` for the guard's directory),
/// and the proxy as it is after.
fn map(host: &mut Host<'_>, command: Command, b: &Bound) -> Result<PsValue, LineError> {
    let (Command::EnableMua { vault, .. } | Command::DisableMua { vault }) = &command else { return Ok(PsValue::Null) };
    let tenant = host.tenant_of_id(vault);
    let aux = host.token(b)?;
    match host.change(command, tenant, aux)? {
        Command::EnableMua { vault, .. } => Ok(proxy_object(host, &vault)),
        _ => Ok(PsValue::Null),
    }
}

fn read_proxy(host: &mut Host<'_>, vault: &str, action: Action) -> Result<PsValue, LineError> {
    let credentials = host.credentials_for(host.tenant_of_id(vault), AuxToken::None);
    host.read(vault, action, &credentials)?;
    let handle = host.world().handle_of(vault).unwrap_or(vault).to_owned();
    Ok(proxy_object(host, &handle))
}

/// A vault's proxy as the Az module returns it (`ResourceGuardProxyBaseResource`).
fn proxy_object(host: &Host<'_>, vault: &str) -> PsValue {
    let world = host.world();
    world
        .vaults()
        .get(vault)
        .and_then(|v| arm::guard_proxy(world, v))
        .map_or(PsValue::Null, |p| from_arm("ResourceGuardProxyBaseResource", &p))
}

/// A vault's Resource Guard proxy: its path and resource type.
fn proxy(x: &Writer<'_>, vault: &str, kind: VaultKind) -> Option<(String, String)> {
    let path = format!("{}/backupResourceGuardProxies/{}", x.arm(vault)?, crate::arm::proxy_name(kind));
    Some((path, format!("{}/backupResourceGuardProxies", kind.resource_type())))
}
