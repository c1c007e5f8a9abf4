//! Vault managed identities (SPEC §6, I1–I4) and the customer-managed key check they enable.
//!
//! A system-assigned identity is a principal with the vault's handle and name, living and dying with
//! the vault, and cannot be enabled at creation (I1). A user-assigned identity is a resource of its
//! own plus a principal of the same handle; it can be shared by vaults and outlives them, and a Backup
//! vault can take one at creation (I2). A vault that encrypts with a Key Vault key reaches it through
//! one of its identities: without a role granting the key's wrap action, backup fails (I3).

use super::reason::{refusal, Common, Object, Reason};
use super::{granted_by, not_found, Ctx};
use crate::command::Command;
use crate::critical_operations::VaultKind;
use crate::error::{ErrorCode, Result};
use crate::event::Event;
use crate::ids::derived_guid;
use crate::model::{Encryption, IdentityRef, PlainResource, Principal, PrincipalKind, Vault};
use crate::rbac::Action;

/// The data action a vault's identity needs on the Key Vault to back up with a customer-managed key.
pub const KEY_WRAP: &str = "Microsoft.KeyVault/vaults/keys/wrapkey/action";

/// Why an identity or encryption command is refused.
#[derive(Debug, thiserror::Error)]
enum IdentityRefusal<'a> {
    /// I1: a system-assigned identity comes after creation.
    #[error("A system-assigned identity can't be enabled when the vault is created; enable it afterwards.")]
    SystemAtCreation,
    /// I2: a Recovery Services vault takes a user-assigned identity after creation only.
    #[error("A Recovery Services vault can't take user-assigned identity `{0}` at creation; attach it afterwards.")]
    UserAtCreation(&'a str),
    /// I1: already on.
    #[error("Vault `{0}` already has a system-assigned identity.")]
    SystemIdentityOn(&'a str),
    /// I1: the identity's principal would take the vault's name, which a principal already has.
    #[error("A principal named `{0}` already exists.")]
    PrincipalNameTaken(&'a str),
    /// The vault does not have this identity.
    #[error("Vault `{vault}` has no {} enabled.", describe(vault, identity))]
    NotOnVault {
        /// The vault.
        vault: &'a str,
        /// The identity.
        identity: &'a IdentityRef,
    },
    /// I2: already attached.
    #[error("`{identity}` is already attached to `{vault}`.")]
    AlreadyAttached {
        /// The identity.
        identity: &'a str,
        /// The vault.
        vault: &'a str,
    },
    /// I3: an identity the encryption uses stays.
    #[error("The {} is used for encryption with a customer-managed key and can't be removed.", describe("", .0))]
    UsedForEncryption(&'a IdentityRef),
    /// I3: the identity cannot use the key.
    #[error("The vault's {} doesn't have permission to use the encryption key in Key Vault '{}'.", describe(vault, &encryption.identity), encryption.key_vault)]
    KeyPermissionMissing {
        /// The vault.
        vault: &'a str,
        /// Its encryption settings.
        encryption: &'a Encryption,
    },
}

impl Reason for IdentityRefusal<'_> {
    fn code(&self) -> ErrorCode {
        match self {
            IdentityRefusal::SystemAtCreation | IdentityRefusal::UserAtCreation(_) => {
                ErrorCode::IdentityNotSupportedAtCreation
            }
            IdentityRefusal::SystemIdentityOn(_)
            | IdentityRefusal::PrincipalNameTaken(_)
            | IdentityRefusal::AlreadyAttached { .. } => ErrorCode::AlreadyExists,
            IdentityRefusal::NotOnVault { .. } => ErrorCode::NotFound,
            IdentityRefusal::UsedForEncryption(_) => ErrorCode::OperationNotSupported,
            IdentityRefusal::KeyPermissionMissing { .. } => ErrorCode::AuthorizationFailed,
        }
    }

    fn remedy(&self) -> Option<String> {
        match self {
            IdentityRefusal::SystemAtCreation | IdentityRefusal::UserAtCreation(_) => {
                Some("Create the vault first, then enable the identity on its Identity blade.".to_owned())
            }
            IdentityRefusal::NotOnVault { .. } => {
                Some("Enable the system-assigned identity or attach the user-assigned identity first.".to_owned())
            }
            IdentityRefusal::KeyPermissionMissing { vault, encryption } => Some(format!(
                "Assign Key Vault Crypto Service Encryption User on `{}` to the vault's {}.",
                encryption.key_vault,
                describe(vault, &encryption.identity)
            )),
            _ => None,
        }
    }
}

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
                    sign_in_name: String::new(),
                    owners: Vec::new(),
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
                    return Err(not_found(Object::KeyVault, key_vault));
                }
                self.require(v.kind.write_action(), vault)?;
                if self.world.identity_principal(v, identity).is_none() {
                    return Err(self.refuse(IdentityRefusal::NotOnVault { vault, identity }, "Identity on the vault"));
                }
                let encryption = Encryption { key_vault: key_vault.clone(), identity: identity.clone() };
                Ok(vec![Event::VaultSaved(Vault { encryption: Some(encryption), ..v.clone() })])
            }
            other => Err(refusal(Common::Misrouted(other.action_name()))),
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
        let user = match identity {
            IdentityRef::System => {
                return Err(self.refuse(IdentityRefusal::SystemAtCreation, "Identity at creation"));
            }
            IdentityRef::User(user) => user,
        };
        if !self.world.identities.contains_key(user) {
            return Err(not_found(Object::UserIdentity, user));
        }
        if kind == VaultKind::RecoveryServices {
            return Err(self.refuse(IdentityRefusal::UserAtCreation(user), "Identity at creation"));
        }
        self.pass("Identity at creation", format!("user-assigned `{user}` on a Backup vault"));
        Ok(identity.clone())
    }

    /// I1: turn the system-assigned identity on.
    fn enable_system_identity(&mut self, v: &Vault) -> Result<Vec<Event>> {
        let world = self.world;
        self.require(v.kind.write_action(), &v.id)?;
        if v.system_identity {
            return Err(refusal(IdentityRefusal::SystemIdentityOn(&v.id)));
        }
        if world.principals.contains_key(&v.id) {
            return Err(refusal(IdentityRefusal::PrincipalNameTaken(&v.id)));
        }
        let tenant = world.tenant_of_scope(&v.id).unwrap_or_default().to_owned();
        let principal = Principal {
            id: v.id.clone(),
            kind: PrincipalKind::ManagedIdentity,
            tenant,
            name: v.id.clone(),
            object_id: derived_guid("system-identity", &v.id),
            members: Vec::new(),
            sign_in_name: String::new(),
            owners: Vec::new(),
        };
        Ok(vec![Event::PrincipalSaved(principal), Event::VaultSaved(Vault { system_identity: true, ..v.clone() })])
    }

    /// I1: turn it off (its role assignments go with it). Refused while encryption uses it.
    fn disable_system_identity(&mut self, v: &Vault) -> Result<Vec<Event>> {
        self.require(v.kind.write_action(), &v.id)?;
        if !v.system_identity {
            return Err(refusal(IdentityRefusal::NotOnVault { vault: &v.id, identity: &IdentityRef::System }));
        }
        if v.encryption.as_ref().is_some_and(|e| e.identity == IdentityRef::System) {
            return Err(refusal(IdentityRefusal::UsedForEncryption(&IdentityRef::System)));
        }
        Ok(vec![
            Event::PrincipalRemoved(v.id.clone()),
            Event::VaultSaved(Vault { system_identity: false, ..v.clone() }),
        ])
    }

    /// I2: attach a user-assigned identity (shareable across vaults).
    fn attach_user_identity(&mut self, v: &Vault, identity: &str) -> Result<Vec<Event>> {
        self.check_user_identity(v, identity)?;
        let mut next = v.clone();
        if !next.user_identities.insert(identity.to_owned()) {
            return Err(refusal(IdentityRefusal::AlreadyAttached { identity, vault: &v.id }));
        }
        Ok(vec![Event::VaultSaved(next)])
    }

    /// I2: detach a user-assigned identity (refused while encryption uses it).
    fn detach_user_identity(&mut self, v: &Vault, identity: &str) -> Result<Vec<Event>> {
        self.check_user_identity(v, identity)?;
        let user = IdentityRef::User(identity.to_owned());
        if v.encryption.as_ref().is_some_and(|e| e.identity == user) {
            return Err(refusal(IdentityRefusal::UsedForEncryption(&user)));
        }
        let mut next = v.clone();
        if !next.user_identities.remove(identity) {
            return Err(refusal(IdentityRefusal::NotOnVault { vault: &v.id, identity: &user }));
        }
        Ok(vec![Event::VaultSaved(next)])
    }

    /// The identity exists and the actor may manage the vault's identities (I4).
    fn check_user_identity(&mut self, v: &Vault, identity: &str) -> Result<()> {
        if !self.world.identities.contains_key(identity) {
            return Err(not_found(Object::UserIdentity, identity));
        }
        self.require(v.kind.write_action(), &v.id)
    }

    /// I3: a backup with a customer-managed key needs the identity's key permission.
    pub(super) fn check_encryption_key(&mut self, v: &Vault) -> Result<()> {
        let world = self.world;
        let Some(enc) = &v.encryption else {
            self.pass("Encryption key", "platform-managed keys: no identity needed");
            return Ok(());
        };
        let what = format!("Vault identity on Key Vault `{}`: {KEY_WRAP}", enc.key_vault);
        let grant = world.identity_principal(v, &enc.identity).and_then(|p| {
            let chain = world.scope_chain(&enc.key_vault)?;
            world.find_data_grant(&p.id, KEY_WRAP, &chain)
        });
        match grant {
            Some(a) => {
                self.pass(what, granted_by(a));
                Ok(())
            }
            None => {
                let reason = IdentityRefusal::KeyPermissionMissing { vault: &v.id, encryption: enc };
                Err(self.refuse(reason, what))
            }
        }
    }
}

/// How a refusal names a vault's identity.
fn describe(vault: &str, identity: &IdentityRef) -> String {
    match identity {
        IdentityRef::System => format!("system-assigned identity `{vault}`"),
        IdentityRef::User(h) => format!("user-assigned identity `{h}`"),
    }
}
