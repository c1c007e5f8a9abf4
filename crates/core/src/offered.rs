//! What the portal offers on a vault or an item (Backup items → Vault operations, an item's
//! menu): each operation with the command it sends, taken from the catalogue of critical operations.

use crate::command::Command;
use crate::critical_operations::{CriticalOperation, Effect, Target, VaultKind};

/// An operation the portal offers on a vault or an item, with the command it sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offered {
    /// The button's label (the catalogue's name for a critical operation).
    pub label: &'static str,
    /// What it sends.
    pub command: Command,
    /// Whether it destroys data (shown as a danger button).
    pub destructive: bool,
}

impl Offered {
    fn new(label: &'static str, command: Command) -> Offered {
        Offered { label, command, destructive: false }
    }
}

/// The operations a vault of this kind offers on the vault itself (Backup items → Vault operations).
pub fn vault_operations(kind: VaultKind, vault: &str) -> Vec<Offered> {
    let mut out = Vec::new();
    // Soft delete, immutability and MUA have their own tabs (Security Settings, Multi-User Authorization).
    let on_items_tab =
        |op: &&CriticalOperation| matches!(op.effect, Effect::ReducePolicyRetention | Effect::GenerateSecurityPin);
    for op in kind.critical_operations().iter().filter(on_items_tab) {
        out.push(Offered::new(op.portal_name, critical_command(op, vault)));
        if op.effect == Effect::ReducePolicyRetention {
            let command = Command::ModifyPolicy { vault: vault.to_owned(), reduce_retention: false };
            out.push(Offered::new("Modify policy (increased retention)", command));
        }
    }
    out
}

/// The operations a vault of this kind offers on one of its items.
pub fn item_operations(kind: VaultKind, item: &str) -> Vec<Offered> {
    let mut out = vec![
        Offered::new("Back up now", Command::TriggerBackup { item: item.to_owned() }),
        Offered::new("Restore", Command::Restore { item: item.to_owned() }),
    ];
    for op in kind.critical_operations().iter().filter(|op| op.target == Target::Item) {
        out.push(Offered {
            destructive: op.effect == Effect::DeleteItem,
            ..Offered::new(op.portal_name, critical_command(op, item))
        });
        if op.effect == Effect::ReduceItemRetention {
            let command = Command::ModifyProtection { item: item.to_owned(), reduce_retention: false };
            out.push(Offered::new("Modify protection (increased retention)", command));
        }
    }
    // Destructive operations come last, as the portal's menus put them.
    let (mut kept, destructive): (Vec<Offered>, Vec<Offered>) = out.into_iter().partition(|o| !o.destructive);
    kept.extend(destructive);
    kept
}

/// The command that performs a critical operation on a vault or an item.
pub fn critical_command(op: &CriticalOperation, target: &str) -> Command {
    let target = target.to_owned();
    match op.effect {
        Effect::DisableSoftDelete => Command::DisableSoftDelete { vault: target },
        Effect::RemoveMuaProtection => Command::DisableMua { vault: target },
        Effect::GenerateSecurityPin => Command::GetSecurityPin { vault: target },
        Effect::DisableImmutability => Command::DisableImmutability { vault: target },
        Effect::ReducePolicyRetention => Command::ModifyPolicy { vault: target, reduce_retention: true },
        Effect::ReduceItemRetention => Command::ModifyProtection { item: target, reduce_retention: true },
        Effect::DeleteItem if op.action == "delete_protection" => Command::DeleteProtection { item: target },
        Effect::DeleteItem => Command::DeleteBackupInstance { item: target },
        Effect::StopRetainData if op.action == "stop_protection_retain_data" => {
            Command::StopProtectionRetainData { item: target }
        }
        Effect::StopRetainData => Command::StopBackupRetainForever { item: target },
        Effect::StopRetainAsPerPolicy => Command::StopBackupRetainAsPerPolicy { item: target },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One spelling per operation: the catalogue's command performs it, and the activity log names
    /// it as the catalogue does (for at least one vault kind).
    #[test]
    fn catalogue_and_commands_agree() {
        for kind in [VaultKind::RecoveryServices, VaultKind::Backup] {
            for op in kind.critical_operations() {
                let command = critical_command(op, "x");
                assert_eq!(command.action_name(), op.action, "{}", op.name);
                let names: Vec<&str> = crate::critical_operations::all_operations()
                    .filter(|o| o.action == op.action)
                    .map(|o| o.portal_name)
                    .collect();
                // "Modify policy" covers both directions; the catalogue names the reducing one.
                assert!(
                    names.iter().any(|n| n.starts_with(command.label())),
                    "{} is labelled {}",
                    op.name,
                    command.label()
                );
            }
        }
    }
}
