//! Vault operations: creating and deleting vaults, protecting datasources, the unprotected
//! operations (G7) and every critical operation, decided by one path driven by the catalogue in
//! `critical_operations.rs` (which command performs it, what it needs, what it does).

use super::reason::{refusal, Common, Reason};
use super::Ctx;
use crate::command::{Command, FieldRef};
use crate::critical_operations::{self, CriticalOperation, Effect};
use crate::error::{ErrorCode, Result};
use crate::event::Event;
use crate::model::{IdentityRef, Item, ProtectionState, Vault};
use crate::rbac::Action;

/// Default retention (days) of a new item and of a vault's policy (simulator assumption).
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// Why a vault operation is refused.
#[derive(Debug, thiserror::Error)]
enum VaultRefusal<'a> {
    /// A vault with items cannot be deleted.
    #[error("Vault `{0}` cannot be deleted as there are existing resources within the vault.")]
    NotEmpty(&'a str),
    /// The vault's kind has no such operation.
    #[error("'{operation}' is not supported on a {kind}.")]
    NotSupported {
        /// The operation's name.
        operation: &'static str,
        /// The vault kind's portal name.
        kind: &'static str,
    },
    /// G6: MUA cannot be removed where it is off.
    #[error("Vault `{0}` is not protected by a Resource Guard.")]
    MuaNotEnabled(&'a str),
    /// Always-on soft delete cannot be turned off or made reversible again (learn.microsoft.com
    /// `backup/backup-azure-enhanced-soft-delete-about`: "Once you enable the always-on state for
    /// soft delete, you can't disable it for that vault").
    #[error("Soft delete is always on for vault `{0}`: once always on, it can't be disabled or changed.")]
    SoftDeleteAlwaysOn(&'a str),
}

impl Reason for VaultRefusal<'_> {
    fn code(&self) -> ErrorCode {
        match self {
            VaultRefusal::NotEmpty(_) | VaultRefusal::NotSupported { .. } | VaultRefusal::SoftDeleteAlwaysOn(_) => {
                ErrorCode::OperationNotSupported
            }
            VaultRefusal::MuaNotEnabled(_) => ErrorCode::MuaNotEnabled,
        }
    }

    fn remedy(&self) -> Option<String> {
        match self {
            VaultRefusal::NotEmpty(_) => {
                Some("Stop protection and delete the backup data of every item first.".to_owned())
            }
            VaultRefusal::SoftDeleteAlwaysOn(_) => Some(
                "Nothing can: always-on soft delete is irreversible, whoever asks and whatever their roles. Deleted backup data stays recoverable for the soft delete retention period.".to_owned(),
            ),
            VaultRefusal::NotSupported { .. } | VaultRefusal::MuaNotEnabled(_) => None,
        }
    }
}

impl<'w> Ctx<'w> {
    pub(super) fn decide_vault(&mut self, command: &Command) -> Result<Vec<Event>> {
        if is_critical(command) {
            return self.decide_critical(command);
        }
        match command {
            Command::CreateVault { id, kind, resource_group, location, identity } => {
                self.ensure_new_name(crate::naming::Named::Vault(*kind), id)?;
                let rg = self.resource_group(resource_group)?;
                self.require(kind.write_action(), resource_group)?;
                let user_identities = match identity {
                    None => Default::default(),
                    Some(i) => match self.identity_at_creation(*kind, i)? {
                        IdentityRef::User(h) => std::iter::once(h).collect(),
                        IdentityRef::System => Default::default(),
                    },
                };
                Ok(vec![Event::VaultSaved(Vault {
                    id: id.clone(),
                    kind: *kind,
                    resource_group: rg.id.clone(),
                    location: location.clone().unwrap_or_else(|| rg.location.clone()),
                    soft_delete: true,
                    soft_delete_always_on: false,
                    immutable: false,
                    guard: None,
                    policy_retention_days: DEFAULT_RETENTION_DAYS,
                    security_pins: 0,
                    system_identity: false,
                    user_identities,
                    encryption: None,
                })])
            }
            Command::DeleteVault { vault } => {
                let v = self.vault(vault)?;
                self.require(v.kind.delete_action(), vault)?;
                if self.world.items.values().any(|i| &i.vault == vault) {
                    return Err(self.refuse(VaultRefusal::NotEmpty(vault), "Vault is empty"));
                }
                let mut events = vec![Event::VaultDeleted(vault.clone())];
                // I1: the system-assigned identity is deleted with the vault.
                if v.system_identity {
                    events.push(Event::PrincipalRemoved(vault.clone()));
                }
                Ok(events)
            }
            Command::ConfigureBackup { id, vault, datasource } => {
                self.ensure_new_handle(id)?;
                let v = self.vault(vault)?;
                self.require(v.kind.item_write_action(), vault)?;
                Ok(vec![Event::ItemSaved(Item {
                    id: id.clone(),
                    vault: vault.clone(),
                    datasource: datasource.clone(),
                    state: ProtectionState::Protected,
                    retention_days: v.policy_retention_days,
                    backups: 0,
                    restores: 0,
                })])
            }
            Command::EnableSoftDelete { vault, always_on } => {
                let v = self.vault(vault)?;
                self.require(v.kind.security_settings_action(), vault)?;
                if v.soft_delete_always_on && !always_on {
                    return Err(self.refuse(VaultRefusal::SoftDeleteAlwaysOn(vault), "Soft delete can still change"));
                }
                self.pass(
                    "Resource Guard protection",
                    "enabling soft delete raises security: not a critical operation",
                );
                Ok(vec![Event::VaultSaved(Vault {
                    soft_delete: true,
                    soft_delete_always_on: v.soft_delete_always_on || *always_on,
                    ..v.clone()
                })])
            }
            Command::ModifyPolicy { vault, .. } => {
                let v = self.vault(vault)?;
                self.offered_on(v, command)?;
                self.require(Action::RsvPolicyWrite, vault)?;
                self.pass("Resource Guard protection", "retention is not reduced: not a critical operation");
                let days = v.policy_retention_days + DEFAULT_RETENTION_DAYS;
                Ok(vec![Event::VaultSaved(Vault { policy_retention_days: days, ..v.clone() })])
            }
            Command::ModifyProtection { item, .. } => {
                let (i, v) = self.item(item)?;
                self.offered_on(v, command)?;
                self.require(Action::RsvItemWrite, &v.id)?;
                self.pass("Resource Guard protection", "retention is not reduced: not a critical operation");
                let days = i.retention_days + DEFAULT_RETENTION_DAYS;
                Ok(vec![Event::ItemSaved(Item { retention_days: days, ..i.clone() })])
            }
            Command::TriggerBackup { item } => {
                let (i, v) = self.item(item)?;
                self.require(v.kind.backup_action(), &v.id)?;
                self.pass("Resource Guard protection", "Back up now is not a critical operation");
                self.check_encryption_key(v)?;
                Ok(vec![Event::ItemSaved(Item { backups: i.backups + 1, ..i.clone() })])
            }
            Command::Restore { item } => {
                let (i, v) = self.item(item)?;
                self.require(v.kind.restore_action(), &v.id)?;
                self.pass("Resource Guard protection", "Restore is not a critical operation");
                Ok(vec![Event::ItemSaved(Item { restores: i.restores + 1, ..i.clone() })])
            }
            other => Err(refusal(Common::Misrouted(other.action_name()))),
        }
    }

    /// Every critical operation: the vault (or the item's vault), the catalogue row of its kind,
    /// the operation's own precondition, the protected-operation check, then its effect.
    fn decide_critical(&mut self, command: &Command) -> Result<Vec<Event>> {
        let (item, vault) = match command.target() {
            Some(("item", id)) => {
                let (item, vault) = self.item(id)?;
                (Some(item), vault)
            }
            Some((_, id)) => (None, self.vault(id)?),
            None => return Err(refusal(Common::Misrouted(command.action_name()))),
        };
        let op = self.offered_on(vault, command)?;
        if op.effect == Effect::RemoveMuaProtection && vault.guard.is_none() {
            return Err(refusal(VaultRefusal::MuaNotEnabled(&vault.id)));
        }
        // After ARM's RBAC check, before the protected-operation check: no role or token turns it off.
        if op.effect == Effect::DisableSoftDelete && vault.soft_delete_always_on {
            self.require(op.vault_action, &vault.id)?;
            return Err(self.refuse(VaultRefusal::SoftDeleteAlwaysOn(&vault.id), "Soft delete can still change"));
        }
        self.check_critical_operation(vault, op)?;
        Ok(vec![effect(op.effect, vault, item)])
    }

    /// The catalogue row of the command for this vault's kind; `operation-not-supported` when the
    /// kind has no such operation.
    fn offered_on(&self, vault: &Vault, command: &Command) -> Result<&'static CriticalOperation> {
        let offered = vault.kind.critical_operations().iter().find(|op| op.action == command.action_name());
        offered.ok_or_else(|| {
            refusal(VaultRefusal::NotSupported { operation: command.label(), kind: vault.kind.portal_name() })
        })
    }
}

/// Whether the command performs a critical operation as asked (modifying retention is critical
/// only when it reduces it).
fn is_critical(command: &Command) -> bool {
    command.field("reduce_retention") != Some(FieldRef::Flag(false))
        && critical_operations::all_operations().any(|op| op.action == command.action_name())
}

/// What an allowed critical operation changes.
fn effect(effect: Effect, vault: &Vault, item: Option<&Item>) -> Event {
    let item_saved = |f: &dyn Fn(&Item) -> Item| match item {
        Some(i) => Event::ItemSaved(f(i)),
        None => Event::VaultSaved(vault.clone()),
    };
    match effect {
        Effect::DisableSoftDelete => Event::VaultSaved(Vault { soft_delete: false, ..vault.clone() }),
        Effect::RemoveMuaProtection => Event::VaultSaved(Vault { guard: None, ..vault.clone() }),
        Effect::GenerateSecurityPin => {
            Event::VaultSaved(Vault { security_pins: vault.security_pins + 1, ..vault.clone() })
        }
        Effect::DisableImmutability => Event::VaultSaved(Vault { immutable: false, ..vault.clone() }),
        Effect::ReducePolicyRetention => Event::VaultSaved(Vault {
            policy_retention_days: (vault.policy_retention_days / 2).max(1),
            ..vault.clone()
        }),
        Effect::DeleteItem => match item {
            Some(i) => Event::ItemDeleted(i.id.clone()),
            None => Event::VaultSaved(vault.clone()),
        },
        Effect::StopRetainData => item_saved(&|i| Item { state: ProtectionState::StoppedRetainData, ..i.clone() }),
        Effect::StopRetainAsPerPolicy => {
            item_saved(&|i| Item { state: ProtectionState::StoppedRetainAsPerPolicy, ..i.clone() })
        }
        Effect::ReduceItemRetention => {
            item_saved(&|i| Item { retention_days: (i.retention_days / 2).max(1), ..i.clone() })
        }
    }
}
