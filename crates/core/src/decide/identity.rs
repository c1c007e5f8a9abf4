//! Vault managed identities (SPEC §6, I1–I4) and the customer-managed key check they enable.
//!
//! A system-assigned identity is a principal with the vault's handle and name, living and dying with
//! the vault, and cannot be enabled at creation (I1). A user-assigned identity is a resource of its
//! own plus a principal of the same handle; it can be shared by vaults and outlives them, and a Backup
//! vault can take one at creation (I2). A vault that encrypts with a Key Vault key reaches it through
//! one of its identities: without a role granting the key's wrap action, backup fails (I3).

use super::Ctx;
use crate::command::Command;
use crate::critical_operations::VaultKind;
use crate::error::{ErrorCode, Refusal, Result};
use crate::event::Event;
use crate::ids::derived_guid;
use crate::model::{Encryption, IdentityRef, PlainResource, Principal, PrincipalKind, Vault};
use crate::rbac::Action;

/// The data action a vault's identity needs on the Key Vault to back up with a customer-managed key.
pub const KEY_WRAP: &str = "Microsoft.KeyVault/vaults/keys/wrapkey/action";

impl<'w> Ctx<'w> {
    pub(super) fn decide_identity(&mut self, command: &Command) -> Result<Vec<Event>> {
        match command {
            Command::EnableSystemIdentity { vault } => {
                let v = self.vault(vault)?;
                self.enable_system_identity(v)
            }
            Command::DisableSystemIdentity { vault } => {
                let v = self.vault(vault)?;
                self.disable_system_identity(v)
            }
            Command::AttachUserIdentity { vault, identity } => {
                let v = self.vault(vault)?;
                self.attach_user_identity(v, identity)
            }
            Command::DetachUserIdentity { vault, identity } => {
                let v = self.vault(vault)?;
                self.detach_user_identity(v, identity)
            }
            Command::CreateUserIdentity { id, resource_group } => {
                let resource = self.plain_resource(id, resource_group, Action::IdentityWrite)?;
                let principal = Principal {
                    id: id.clone(),
                    kind: PrincipalKind::ManagedIdentity,
                    tenant: self.world.tenant_of_scope(resource_group).unwrap_or_default().to_owned(),
                    name: id.clone(),
                    object_id: derived_guid("user-identity", id),
                    members: Vec::new(),
                };
                Ok(vec![Event::IdentitySaved(resource), Event::PrincipalSaved(principal)])
            }
            Command::CreateKeyVault { id, resource_group } => {
                let resource = self.plain_resource(id, resource_group, Action::KeyVaultWrite)?;
                Ok(vec![Event::KeyVaultSaved(resource)])
            }
            Command::ConfigureEncryption { vault, key_vault, identity } => {
                let v = self.vault(vault)?;
                if !self.world.key_vaults.contains_key(key_vault) {
                    return Err(super::not_found("key vault", key_vault));
                }
                self.require(v.kind.write_action(), vault)?;
                if self.world.identity_principal(v, identity).is_none() {
                    let r = Refusal::new(
                        ErrorCode::NotFound,
                        format!("vault `{vault}` has no such identity enabled: {identity:?}"),
                    )
                    .with_remedy("Enable the system-assigned identity or attach the user-assigned identity first");
                    return Err(self.refuse(r, "Identity on the vault"));
                }
                let encryption = Encryption { key_vault: key_vault.clone(), identity: identity.clone() };
                Ok(vec![Event::VaultSaved(Vault { encryption: Some(encryption), ..v.clone() })])
            }
            other => Err(Refusal::new(
                ErrorCode::OperationNotSupported,
                format!("`{}` is not an identity command", other.action_name()),
            )),
        }
    }

    /// A new user-assigned identity or Key Vault in a resource group.
    fn plain_resource(&mut self, id: &str, resource_group: &str, action: Action) -> Result<PlainResource> {
        self.ensure_new_handle(id)?;
        let rg = self.resource_group(resource_group)?;
        self.require(action, resource_group)?;
        Ok(PlainResource { id: id.to_owned(), resource_group: rg.id.clone(), location: rg.location.clone() })
    }

    /// I1, I2: what an identity at creation means for a new vault.
    pub(super) fn identity_at_creation(&mut self, kind: VaultKind, identity: &IdentityRef) -> Result<IdentityRef> {
        let refuse = |why: String| {
            Refusal::new(ErrorCode::IdentityNotSupportedAtCreation, why)
                .with_remedy("Create the vault first, then enable the identity on its Identity blade")
        };
        let user = match identity {
            IdentityRef::System => {
                let why = "A system-assigned identity can't be enabled when the vault is created; enable it afterwards";
                return Err(self.refuse(refuse(why.to_owned()), "Identity at creation"));
            }
            IdentityRef::User(user) => user,
        };
        if !self.world.identities.contains_key(user) {
            return Err(Refusal::new(ErrorCode::NotFound, format!("user-assigned identity `{user}` does not exist")));
        }
        if kind == VaultKind::RecoveryServices {
            let why = format!(
                "A Recovery Services vault can't take user-assigned identity `{user}` at creation; attach it afterwards"
            );
            return Err(self.refuse(refuse(why), "Identity at creation"));
        }
        self.pass("Identity at creation", format!("user-assigned `{user}` on a Backup vault"));
        Ok(identity.clone())
    }

    /// I1: turn the system-assigned identity on.
    pub(super) fn enable_system_identity(&mut self, v: &Vault) -> Result<Vec<Event>> {
        let w = self.world;
        self.require(v.kind.write_action(), &v.id)?;
        if v.system_identity {
            return Err(Refusal::new(
                ErrorCode::AlreadyExists,
                format!("vault `{}` already has a system-assigned identity", v.id),
            ));
        }
        if w.principals.contains_key(&v.id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a principal named `{}` already exists", v.id)));
        }
        let tenant = w.tenant_of_scope(&v.id).unwrap_or_default().to_owned();
        let principal = Principal {
            id: v.id.clone(),
            kind: PrincipalKind::ManagedIdentity,
            tenant,
            name: v.id.clone(),
            object_id: derived_guid("system-identity", &v.id),
            members: Vec::new(),
        };
        Ok(vec![Event::PrincipalSaved(principal), Event::VaultSaved(Vault { system_identity: true, ..v.clone() })])
    }

    /// I1: turn it off (its role assignments go with it). Refused while encryption uses it.
    pub(super) fn disable_system_identity(&mut self, v: &Vault) -> Result<Vec<Event>> {
        self.require(v.kind.write_action(), &v.id)?;
        if !v.system_identity {
            return Err(Refusal::new(ErrorCode::NotFound, format!("vault `{}` has no system-assigned identity", v.id)));
        }
        if v.encryption.as_ref().is_some_and(|e| e.identity == IdentityRef::System) {
            return Err(Refusal::new(
                ErrorCode::OperationNotSupported,
                "The system-assigned identity is used for encryption with a customer-managed key and can't be turned off",
            ));
        }
        Ok(vec![
            Event::PrincipalRemoved(v.id.clone()),
            Event::VaultSaved(Vault { system_identity: false, ..v.clone() }),
        ])
    }

    /// I2: attach a user-assigned identity (shareable across vaults).
    pub(super) fn attach_user_identity(&mut self, v: &Vault, identity: &str) -> Result<Vec<Event>> {
        self.check_user_identity(v, identity)?;
        let mut next = v.clone();
        if !next.user_identities.insert(identity.to_owned()) {
            return Err(Refusal::new(
                ErrorCode::AlreadyExists,
                format!("`{identity}` is already attached to `{}`", v.id),
            ));
        }
        Ok(vec![Event::VaultSaved(next)])
    }

    /// I2: detach a user-assigned identity (refused while encryption uses it).
    pub(super) fn detach_user_identity(&mut self, v: &Vault, identity: &str) -> Result<Vec<Event>> {
        self.check_user_identity(v, identity)?;
        if v.encryption.as_ref().is_some_and(|e| e.identity == IdentityRef::User(identity.to_owned())) {
            return Err(Refusal::new(
                ErrorCode::OperationNotSupported,
                format!("`{identity}` is used for encryption and can't be detached"),
            ));
        }
        let mut next = v.clone();
        if !next.user_identities.remove(identity) {
            return Err(Refusal::new(ErrorCode::NotFound, format!("`{identity}` is not attached to `{}`", v.id)));
        }
        Ok(vec![Event::VaultSaved(next)])
    }

    /// The identity exists and the actor may manage the vault's identities (I4).
    fn check_user_identity(&mut self, v: &Vault, identity: &str) -> Result<()> {
        let w = self.world;
        if !w.identities.contains_key(identity) {
            return Err(Refusal::new(
                ErrorCode::NotFound,
                format!("user-assigned identity `{identity}` does not exist"),
            ));
        }
        self.require(v.kind.write_action(), &v.id)
    }

    /// I3: a backup with a customer-managed key needs the identity's key permission.
    pub(super) fn check_encryption_key(&mut self, v: &Vault) -> Result<()> {
        let w = self.world;
        let Some(enc) = &v.encryption else {
            self.pass("Encryption key", "platform-managed keys: no identity needed");
            return Ok(());
        };
        let what = format!("Vault identity on Key Vault `{}`: {KEY_WRAP}", enc.key_vault);
        let label = match &enc.identity {
            IdentityRef::System => format!("system-assigned identity `{}`", v.id),
            IdentityRef::User(h) => format!("user-assigned identity `{h}`"),
        };
        let grant = w.identity_principal(v, &enc.identity).and_then(|p| {
            let chain = w.scope_chain(&enc.key_vault)?;
            w.find_data_grant(&p.id, KEY_WRAP, &chain)
        });
        match grant {
            Some(a) => {
                self.pass(what, format!("{} assigned to `{}` at `{}`", a.role.name, a.principal, a.scope));
                Ok(())
            }
            None => {
                let r = Refusal::new(
                    ErrorCode::AuthorizationFailed,
                    format!(
                        "The vault's {label} doesn't have permission to use the encryption key in Key Vault '{}'",
                        enc.key_vault
                    ),
                )
                .with_remedy(format!(
                    "Assign Key Vault Crypto Service Encryption User on `{}` to the vault's {label}",
                    enc.key_vault
                ));
                Err(self.refuse(r, what))
            }
        }
    }
}
