//! Vault managed identities (SPEC §6, I1–I4) and the customer-managed key check they enable.
//!
//! A system-assigned identity is a principal with the vault's handle and name, living and dying with
//! the vault, and cannot be enabled at creation (I1). A user-assigned identity is a resource of its
//! own plus a principal of the same handle; it can be shared by vaults and outlives them, and a Backup
//! vault can take one at creation (I2). A vault that encrypts with a Key Vault key reaches it through
//! one of its identities: without a role granting the key's wrap action, backup fails (I3).

use crate::command::Event;
use crate::error::{ErrorCode, Refusal, Result, Trace};
use crate::model::{IdentityRef, Principal, PrincipalKind, Vault, World};
use crate::mua::VaultKind;
use crate::rbac::Action;
use crate::scenario::derived_guid;

/// The data action a vault's identity needs on the Key Vault to back up with a customer-managed key.
pub const KEY_WRAP: &str = "Microsoft.KeyVault/vaults/keys/wrapkey/action";

impl World {
    /// The principal behind an identity reference of a vault.
    pub fn identity_principal(&self, vault: &Vault, identity: &IdentityRef) -> Option<&Principal> {
        match identity {
            IdentityRef::System if vault.system_identity => self.principals.get(&vault.id),
            IdentityRef::User(h) if vault.user_identities.contains(h) => self.principals.get(h),
            _ => None,
        }
    }

    pub(crate) fn vault_write_action(kind: VaultKind) -> Action {
        match kind {
            VaultKind::RecoveryServices => Action::RsvWrite,
            VaultKind::Backup => Action::BvWrite,
        }
    }

    /// I1, I2: what an identity at creation means for a new vault.
    pub(crate) fn identity_at_creation(&self, t: &mut Trace, kind: VaultKind, identity: &str) -> Result<IdentityRef> {
        let refuse = |why: String| {
            Refusal::new(ErrorCode::IdentityNotSupportedAtCreation, why)
                .with_remedy("Create the vault first, then enable the identity on its Identity blade")
        };
        if identity == "system" {
            return Err(refuse(
                "A system-assigned identity can't be enabled when the vault is created; enable it afterwards"
                    .to_owned(),
            )
            .with_trace(t.clone(), "Identity at creation"));
        }
        if !self.identities.contains_key(identity) {
            return Err(Refusal::new(
                ErrorCode::NotFound,
                format!("user-assigned identity `{identity}` does not exist"),
            ));
        }
        if kind == VaultKind::RecoveryServices {
            return Err(refuse(format!("A Recovery Services vault can't take user-assigned identity `{identity}` at creation; attach it afterwards"))
                .with_trace(t.clone(), "Identity at creation"));
        }
        t.pass("Identity at creation", format!("user-assigned `{identity}` on a Backup vault"));
        Ok(IdentityRef::User(identity.to_owned()))
    }

    /// I1: turn the system-assigned identity on.
    pub(crate) fn enable_system_identity(&self, t: &mut Trace, actor: &str, v: &Vault) -> Result<Vec<Event>> {
        self.require(t, actor, Self::vault_write_action(v.kind), &self.chain(&v.id)?, &v.id)?;
        if v.system_identity {
            return Err(Refusal::new(
                ErrorCode::AlreadyExists,
                format!("vault `{}` already has a system-assigned identity", v.id),
            ));
        }
        if self.principals.contains_key(&v.id) {
            return Err(Refusal::new(ErrorCode::AlreadyExists, format!("a principal named `{}` already exists", v.id)));
        }
        let tenant = self.tenant_of_scope(&v.id).unwrap_or_default().to_owned();
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
    pub(crate) fn disable_system_identity(&self, t: &mut Trace, actor: &str, v: &Vault) -> Result<Vec<Event>> {
        self.require(t, actor, Self::vault_write_action(v.kind), &self.chain(&v.id)?, &v.id)?;
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
    pub(crate) fn attach_user_identity(
        &self,
        t: &mut Trace,
        actor: &str,
        v: &Vault,
        identity: &str,
    ) -> Result<Vec<Event>> {
        self.check_user_identity(t, actor, v, identity)?;
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
    pub(crate) fn detach_user_identity(
        &self,
        t: &mut Trace,
        actor: &str,
        v: &Vault,
        identity: &str,
    ) -> Result<Vec<Event>> {
        self.check_user_identity(t, actor, v, identity)?;
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
    fn check_user_identity(&self, t: &mut Trace, actor: &str, v: &Vault, identity: &str) -> Result<()> {
        if !self.identities.contains_key(identity) {
            return Err(Refusal::new(
                ErrorCode::NotFound,
                format!("user-assigned identity `{identity}` does not exist"),
            ));
        }
        self.require(t, actor, Self::vault_write_action(v.kind), &self.chain(&v.id)?, &v.id)
    }

    /// I3: a backup with a customer-managed key needs the identity's key permission.
    pub(crate) fn check_encryption_key(&self, t: &mut Trace, v: &Vault) -> Result<()> {
        let Some(enc) = &v.encryption else {
            t.pass("Encryption key", "platform-managed keys: no identity needed");
            return Ok(());
        };
        let what = format!("Vault identity on Key Vault `{}`: {KEY_WRAP}", enc.key_vault);
        let label = match &enc.identity {
            IdentityRef::System => format!("system-assigned identity `{}`", v.id),
            IdentityRef::User(h) => format!("user-assigned identity `{h}`"),
        };
        let grant = self.identity_principal(v, &enc.identity).and_then(|p| {
            let chain = self.scope_chain(&enc.key_vault)?;
            self.find_data_grant(&p.id, KEY_WRAP, &chain)
        });
        match grant {
            Some(a) => {
                t.pass(what, format!("{} assigned to `{}` at `{}`", a.role.name, a.principal, a.scope));
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
                Err(r.with_trace(t.clone(), what))
            }
        }
    }
}
