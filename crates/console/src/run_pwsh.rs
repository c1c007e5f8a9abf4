//! The Az PowerShell cmdlets of the seeds (SPEC §10), each asked of the core as the principal with
//! the tokens the cmdlet sends — one for the directory of the subscription it addresses (any
//! directory the account is in, its own or a guest's) and the `-Token` of
//! `Get-AzAccessToken -TenantId` — with the objects they return as PowerShell shows them.

use std::rc::Rc;

use serde_json::Value;

use super::arm;
use super::changes::AzContext;
use super::pwsh::{Call, Cmdlets, PsObject, PsValue};
use super::{tenant_handle, LineError};
use mua_core::command::Command;
use mua_core::error::{Refusal, Trace};
use mua_core::model::{Carried, Credentials, Handle};
use mua_core::rbac::Action;
use mua_core::sim::Simulator;
use mua_core::world::World;

/// A cmdlet this console runs: its name, synopsis and parameters (`true`: mandatory).
pub struct Cmdlet {
    /// `Set-AzRecoveryServicesResourceGuardMapping`.
    pub name: &'static str,
    /// Get-Help's synopsis.
    pub synopsis: &'static str,
    /// Its parameters.
    pub params: &'static [(&'static str, bool)],
}

const fn c(name: &'static str, synopsis: &'static str, params: &'static [(&'static str, bool)]) -> Cmdlet {
    Cmdlet { name, synopsis, params }
}

/// Every cmdlet of the seeds.
pub const CMDLETS: &[Cmdlet] = &[
    c(
        "Connect-AzAccount",
        "Connect to Azure with an authenticated account.",
        &[("Tenant", false), ("Subscription", false)],
    ),
    c(
        "Set-AzContext",
        "Sets the tenant, subscription, and environment for cmdlets to use.",
        &[("Subscription", false), ("Tenant", false)],
    ),
    c("Get-AzContext", "Gets the metadata used to authenticate Azure Resource Manager requests.", &[]),
    c("Get-AzAccessToken", "Get secure raw access token.", &[("TenantId", false), ("ResourceUrl", false)]),
    c(
        "New-AzDataProtectionResourceGuard",
        "Creates or updates a ResourceGuard resource belonging to a resource group.",
        &[("Location", true), ("Name", true), ("ResourceGroupName", true), ("SubscriptionId", false), ("Tag", false)],
    ),
    c(
        "Get-AzDataProtectionResourceGuard",
        "Returns a ResourceGuard belonging to a resource group.",
        &[("Name", false), ("ResourceGroupName", false), ("SubscriptionId", false)],
    ),
    c(
        "Update-AzDataProtectionResourceGuard",
        "Updates a resource guard belonging to a resource group.",
        &[
            ("Name", true),
            ("ResourceGroupName", true),
            ("SubscriptionId", false),
            ("CriticalOperationExclusionList", false),
            ("Tag", false),
        ],
    ),
    c(
        "Remove-AzDataProtectionResourceGuard",
        "Deletes a ResourceGuard resource from the resource group.",
        &[("Name", true), ("ResourceGroupName", true), ("SubscriptionId", false)],
    ),
    c(
        "New-AzRecoveryServicesVault",
        "Creates a Recovery Services vault.",
        &[("Name", true), ("ResourceGroupName", true), ("Location", true), ("SubscriptionId", false)],
    ),
    c(
        "Get-AzRecoveryServicesVault",
        "Gets a list of Recovery Services vaults.",
        &[("Name", false), ("ResourceGroupName", false)],
    ),
    c(
        "Set-AzRecoveryServicesResourceGuardMapping",
        "Maps the resource guard to the recovery services vault.",
        &[("VaultId", false), ("ResourceGuardId", true), ("Token", false)],
    ),
    c(
        "Get-AzRecoveryServicesResourceGuardMapping",
        "Gets the resource guard mapping added to the recovery services vault.",
        &[("VaultId", false)],
    ),
    c(
        "Remove-AzRecoveryServicesResourceGuardMapping",
        "Deletes the resource guard mapping of the recovery services vault.",
        &[("VaultId", false), ("Token", false)],
    ),
    c(
        "Set-AzDataProtectionResourceGuardMapping",
        "Creates or updates a ResourceGuardProxy.",
        &[("ResourceGroupName", true), ("VaultName", true), ("SubscriptionId", false), ("ResourceGuardId", false)],
    ),
    c(
        "Get-AzDataProtectionResourceGuardMapping",
        "Returns the ResourceGuardProxy object associated with the vault.",
        &[("ResourceGroupName", true), ("VaultName", true), ("SubscriptionId", false)],
    ),
    c("Set-AzRecoveryServicesVaultProperty", "Updates properties of a Recovery Services vault.", &[("VaultId", false), ("SoftDeleteFeatureState", false), ("Token", false)]),
    c("New-AzRoleAssignment", "Assigns the specified RBAC role to the specified principal, at the specified scope.", &[("ObjectId", false), ("SignInName", false), ("RoleDefinitionName", true), ("Scope", false), ("ResourceGroupName", false)]),
    c("Remove-AzRoleAssignment", "Removes a role assignment to the specified principal who is assigned to a particular role at a particular scope.", &[("ObjectId", false), ("SignInName", false), ("RoleDefinitionName", true), ("Scope", false), ("ResourceGroupName", false)]),
    c("Get-Help", "Displays information about PowerShell commands.", &[("Name", false)]),
];

/// Parameters every cmdlet takes (PowerShell's common parameters and Az's profile).
const COMMON: &[&str] = &["DefaultProfile", "ErrorAction", "Confirm", "WhatIf", "Verbose", "Debug"];

/// The console's cmdlet host for one principal.
pub(crate) struct Host<'a> {
    pub(crate) sim: &'a mut Simulator,
    pub(crate) actor: &'a str,
    pub(crate) context: &'a mut AzContext,
    /// The checks of what the text asked the core.
    pub(crate) trace: Trace,
    /// The cmdlet running (its name heads an error).
    pub(crate) current: &'static str,
}

/// A call's arguments bound to a cmdlet's parameters.
struct Bound {
    args: Vec<(&'static str, PsValue)>,
}

impl Bound {
    fn get(&self, name: &str) -> Option<&PsValue> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(PsValue::as_text)
    }
}

impl Cmdlets for Host<'_> {
    fn invoke(&mut self, call: Call) -> Result<PsValue, LineError> {
        let cmdlet = CMDLETS.iter().find(|c| c.name.eq_ignore_ascii_case(&call.name)).ok_or_else(|| {
            LineError::Usage(format!(
                "{0}: The term '{0}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.",
                call.name
            ))
        })?;
        self.current = cmdlet.name;
        let bound = bind(cmdlet, call)?;
        self.run(cmdlet.name, &bound)
    }
}

/// Binds named arguments (any unambiguous prefix, any case) and Get-Help's positional name.
fn bind(cmdlet: &Cmdlet, call: Call) -> Result<Bound, LineError> {
    let mut args: Vec<(&'static str, PsValue)> = Vec::new();
    for (name, value) in call.args {
        let param = if name.is_empty() {
            cmdlet.params.first().map(|p| p.0).filter(|_| cmdlet.name == "Get-Help").ok_or_else(|| {
                LineError::Usage(format!(
                    "{}: A positional parameter cannot be found that accepts argument '{}'.",
                    cmdlet.name,
                    value.as_text().unwrap_or_default()
                ))
            })?
        } else {
            let exact =
                cmdlet.params.iter().map(|p| p.0).chain(COMMON.iter().copied()).find(|p| p.eq_ignore_ascii_case(&name));
            let prefixed: Vec<&'static str> = cmdlet
                .params
                .iter()
                .map(|p| p.0)
                .filter(|p| p.len() >= name.len() && p[..name.len()].eq_ignore_ascii_case(&name))
                .collect();
            match (exact, prefixed.as_slice()) {
                (Some(p), _) | (None, &[p]) => p,
                (None, []) => {
                    return Err(LineError::Usage(format!(
                        "{}: A parameter cannot be found that matches parameter name '{name}'.",
                        cmdlet.name
                    )))
                }
                (None, many) => {
                    return Err(LineError::Usage(format!(
                        "{}: Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: -{}.",
                        cmdlet.name,
                        many.join(" -")
                    )))
                }
            }
        };
        args.push((param, value));
    }
    let missing: Vec<&str> =
        cmdlet.params.iter().filter(|(p, m)| *m && !args.iter().any(|(n, _)| n == p)).map(|p| p.0).collect();
    if !missing.is_empty() {
        return Err(LineError::Usage(format!(
            "{}: Cannot process command because of one or more missing mandatory parameters: {}.",
            cmdlet.name,
            missing.join(" ")
        )));
    }
    Ok(Bound { args })
}

impl Host<'_> {
    fn run(&mut self, name: &'static str, b: &Bound) -> Result<PsValue, LineError> {
        match name {
            "Get-Help" => Ok(PsValue::Str(help(b.text("Name")))),
            "Connect-AzAccount" => {
                let tenant = match b.text("Tenant") {
                    Some(t) => tenant_handle(self.sim.world(), t),
                    None => self.home(),
                };
                self.sign_in(&tenant)?;
                let world = self.sim.world();
                self.context.subscription = match b.text("Subscription") {
                    Some(s) => Some(self.subscription(s)?),
                    None => world.subscriptions().values().find(|s| s.tenant == tenant).map(|s| s.id.clone()),
                };
                Ok(self.context_object())
            }
            "Set-AzContext" => {
                if let Some(t) = b.text("Tenant") {
                    let tenant = tenant_handle(self.sim.world(), t);
                    self.sign_in(&tenant)?;
                    let world = self.sim.world();
                    self.context.subscription =
                        world.subscriptions().values().find(|s| s.tenant == tenant).map(|s| s.id.clone());
                }
                if let Some(s) = b.text("Subscription") {
                    self.context.subscription = Some(self.subscription(s)?);
                }
                Ok(self.context_object())
            }
            "Get-AzContext" => Ok(self.context_object()),
            "Get-AzAccessToken" => {
                let tenant = match b.text("TenantId") {
                    Some(t) => tenant_handle(self.sim.world(), t),
                    None => self.home(),
                };
                // A token for one request: the context stays where it is.
                self.trace.append(self.sim.world().decide_sign_in(self.actor, &tenant)?);
                let world = self.sim.world();
                let guid = world.tenants().get(&tenant).map_or("", |t| t.tenant_id.as_str());
                let user = world.principals().get(self.actor).map_or("", |p| p.name.as_str());
                let expires = world.now() + chrono::TimeDelta::hours(1);
                Ok(object(
                    "PSAccessToken",
                    vec![
                        ("Token", PsValue::Str(super::token(guid, expires))),
                        ("ExpiresOn", PsValue::Str(expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))),
                        ("TenantId", PsValue::Str(guid.to_owned())),
                        ("UserId", PsValue::Str(user.to_owned())),
                        ("Type", PsValue::Str("Bearer".to_owned())),
                    ],
                ))
            }
            "New-AzDataProtectionResourceGuard" => {
                let tags = b.get("Tag").map(tags).transpose()?.unwrap_or_default();
                let command = Command::CreateResourceGuard {
                    id: b.text("Name").unwrap_or_default().to_owned(),
                    resource_group: b.text("ResourceGroupName").unwrap_or_default().to_owned(),
                    location: b.text("Location").map(str::to_owned),
                    description: String::new(),
                    excluded_operations: Vec::new(),
                    tags,
                };
                let guard = self.change(command, self.subscription_tenant(b)?, None)?;
                Ok(self.guard_object(&guard))
            }
            "Get-AzDataProtectionResourceGuard" => {
                let sub = self.subscription_guid(b)?;
                let world = self.sim.world();
                let credentials = self.credentials(Some(&sub), None);
                let mut found = Vec::new();
                for g in world.guards().values() {
                    let id = world.arm_id(&g.id).unwrap_or_default();
                    let in_scope = id.contains(&format!("/subscriptions/{sub}/"))
                        && b.text("ResourceGroupName").is_none_or(|rg| g.resource_group.eq_ignore_ascii_case(rg))
                        && b.text("Name").is_none_or(|n| g.id.eq_ignore_ascii_case(n));
                    if in_scope {
                        match world.decide_read(self.actor, &g.id, Action::GuardRead, &credentials) {
                            Ok(trace) => {
                                self.trace.append(trace);
                                found.push(g.id.clone());
                            }
                            // A named guard the caller cannot read is refused; a list skips it.
                            Err(refusal) if b.text("Name").is_some() => return Err(refusal.into()),
                            Err(_) => {}
                        }
                    }
                }
                if let (Some(name), true) = (b.text("Name"), found.is_empty()) {
                    let id = self.resource_id(b, "Microsoft.DataProtection/resourceGuards", "Name")?;
                    return Err(world.decide_read(self.actor, &id, Action::GuardRead, &credentials).err().map_or_else(
                        || {
                            LineError::Usage(format!(
                                "Get-AzDataProtectionResourceGuard: The Resource Guard '{name}' was not found."
                            ))
                        },
                        LineError::Refused,
                    ));
                }
                let objects: Vec<PsValue> = found.iter().map(|g| self.guard_object(g)).collect();
                Ok(if objects.len() == 1 && b.text("Name").is_some() {
                    objects.into_iter().next().unwrap_or(PsValue::Null)
                } else {
                    PsValue::List(objects)
                })
            }
            "Update-AzDataProtectionResourceGuard" | "Remove-AzDataProtectionResourceGuard" => {
                let guard = self.resource_id(b, "Microsoft.DataProtection/resourceGuards", "Name")?;
                let tenant = self.subscription_tenant(b)?;
                if name.starts_with("Remove") {
                    self.change(Command::DeleteResourceGuard { guard }, tenant, None)?;
                    return Ok(PsValue::Null);
                }
                let command = Command::UpdateResourceGuard {
                    guard,
                    excluded_operations: b
                        .get("CriticalOperationExclusionList")
                        .map(PsValue::texts)
                        .unwrap_or_default(),
                    resource_type: None,
                    description: None,
                    tags: b.get("Tag").map(tags).transpose()?,
                };
                let guard = self.change(command, tenant, None)?;
                Ok(self.guard_object(&guard))
            }
            "New-AzRecoveryServicesVault" => {
                let command = Command::CreateVault {
                    id: b.text("Name").unwrap_or_default().to_owned(),
                    kind: mua_core::critical_operations::VaultKind::RecoveryServices,
                    resource_group: b.text("ResourceGroupName").unwrap_or_default().to_owned(),
                    location: b.text("Location").map(str::to_owned),
                    identity: None,
                };
                let vault = self.change(command, self.subscription_tenant(b)?, None)?;
                let world = self.sim.world();
                Ok(world.vaults().get(&vault).map_or(PsValue::Null, |v| vault_object(world, v)))
            }
            "Get-AzRecoveryServicesVault" => {
                let world = self.sim.world();
                let sub = self.context.current(world, self.actor).unwrap_or_default();
                let credentials =
                    self.credentials(world.subscriptions().get(&sub).map(|s| s.subscription_id.as_str()), None);
                let mut found = Vec::new();
                for v in world.vaults().values() {
                    let in_scope = world.scope_chain(&v.id).is_some_and(|c| c.subscription == sub)
                        && v.kind == mua_core::critical_operations::VaultKind::RecoveryServices
                        && b.text("ResourceGroupName").is_none_or(|rg| v.resource_group.eq_ignore_ascii_case(rg))
                        && b.text("Name").is_none_or(|n| v.id.eq_ignore_ascii_case(n));
                    if in_scope {
                        self.trace.append(world.decide_read(self.actor, &v.id, Action::RsvRead, &credentials)?);
                        found.push(vault_object(world, v));
                    }
                }
                if let (Some(name), true) = (b.text("Name"), found.is_empty()) {
                    return Err(LineError::Usage(format!(
                        "Get-AzRecoveryServicesVault: Vault '{name}' was not found in resource group '{}'.",
                        b.text("ResourceGroupName").unwrap_or_default()
                    )));
                }
                Ok(if found.len() == 1 { found.remove(0) } else { PsValue::List(found) })
            }
            "Set-AzRecoveryServicesResourceGuardMapping" | "Remove-AzRecoveryServicesResourceGuardMapping" => {
                let vault = self.vault_id(b)?;
                let tenant = self.tenant_of_id(&vault);
                let aux = b.text("Token").map(|t| self.token_tenant(t)).transpose()?;
                if name.starts_with("Remove") {
                    self.change(Command::DisableMua { vault }, tenant, aux)?;
                    return Ok(PsValue::Null);
                }
                let guard = b.text("ResourceGuardId").unwrap_or_default().to_owned();
                let vault = self.change(Command::EnableMua { vault, guard }, tenant, aux)?;
                Ok(self.proxy_object(&vault))
            }
            "Get-AzRecoveryServicesResourceGuardMapping" => {
                let vault = self.vault_id(b)?;
                self.read_proxy(&vault, Action::RsvGuardProxyRead)
            }
            "Set-AzDataProtectionResourceGuardMapping" | "Get-AzDataProtectionResourceGuardMapping" => {
                let vault = self.resource_id(b, "Microsoft.DataProtection/backupVaults", "VaultName")?;
                if name.starts_with("Get") {
                    return self.read_proxy(&vault, Action::BvGuardProxyRead);
                }
                let guard = b.text("ResourceGuardId").unwrap_or_default().to_owned();
                let tenant = self.tenant_of_id(&vault);
                let vault = self.change(Command::EnableMua { vault, guard }, tenant, None)?;
                Ok(self.proxy_object(&vault))
            }
            "Set-AzRecoveryServicesVaultProperty" => {
                let vault = self.vault_id(b)?;
                let tenant = self.tenant_of_id(&vault);
                let aux = b.text("Token").map(|t| self.token_tenant(t)).transpose()?;
                let command = match b.text("SoftDeleteFeatureState") {
                    Some(s) if s.eq_ignore_ascii_case("Disable") => Command::DisableSoftDelete { vault },
                    Some(s) if s.eq_ignore_ascii_case("Enable") => Command::EnableSoftDelete { vault },
                    Some(other) => {
                        return Err(LineError::Usage(format!(
                            "Set-AzRecoveryServicesVaultProperty: Cannot validate argument on parameter 'SoftDeleteFeatureState'. The argument \"{other}\" does not belong to the set \"Enable,Disable\"."
                        )))
                    }
                    None => return Ok(PsValue::Null),
                };
                let vault = self.change(command, tenant, aux)?;
                let world = self.sim.world();
                Ok(world
                    .vaults()
                    .get(&vault)
                    .map_or(PsValue::Null, |v| from_arm("ARSVaultProperty", &arm::backup_config(world, v))))
            }
            "New-AzRoleAssignment" | "Remove-AzRoleAssignment" => {
                let world = self.sim.world();
                let role_name = b.text("RoleDefinitionName").unwrap_or_default();
                let role = mua_core::rbac::role(role_name).ok_or_else(|| {
                    LineError::Usage(format!("{name}: Cannot find role definition with name '{role_name}'."))
                })?;
                let named = b.text("ObjectId").or_else(|| b.text("SignInName")).ok_or_else(|| {
                    LineError::Usage(format!(
                        "{name}: Cannot process command because of one or more missing mandatory parameters: ObjectId."
                    ))
                })?;
                let principal = super::principal_handle(world, named);
                let scope = match (b.text("Scope"), b.text("ResourceGroupName")) {
                    (Some(scope), _) => scope.to_owned(),
                    (None, Some(rg)) => rg.to_owned(),
                    (None, None) => format!("/subscriptions/{}", self.subscription_guid(b)?),
                };
                let tenant = self.tenant_of_id(&scope);
                let command = if name.starts_with("New") {
                    Command::AssignRole { principal, role, scope }
                } else {
                    Command::RemoveRoleAssignment { principal, role, scope }
                };
                let mut resolved = command.clone();
                resolved.resolve_arm_ids(self.sim.world());
                self.change(command, tenant, None)?;
                let world = self.sim.world();
                let Command::AssignRole { principal, role, scope } = &resolved else { return Ok(PsValue::Null) };
                Ok(world
                    .assignments()
                    .find(|a| &a.principal == principal && a.role == *role && &a.scope == scope)
                    .map_or(PsValue::Null, |a| from_arm("PSRoleAssignment", &arm::role_assignment(world, a))))
            }
            _ => Ok(PsValue::Null),
        }
    }

    /// Runs a change as the principal with the tokens the cmdlet sends; the handle it acted on.
    fn change(
        &mut self,
        mut command: Command,
        tenant: Option<Handle>,
        aux: Option<Carried>,
    ) -> Result<Handle, LineError> {
        command.resolve_arm_ids(self.sim.world());
        let credentials = self.credentials_for(tenant, aux);
        let outcome = self.sim.execute_with(self.actor, &command, &credentials)?;
        self.trace.append(outcome.trace);
        Ok(match &command {
            Command::CreateResourceGuard { id, .. } | Command::CreateVault { id, .. } => id.clone(),
            Command::UpdateResourceGuard { guard, .. } | Command::DeleteResourceGuard { guard } => guard.clone(),
            Command::EnableMua { vault, .. } | Command::DisableMua { vault } => vault.clone(),
            _ => String::new(),
        })
    }

    fn read_proxy(&mut self, vault: &str, action: Action) -> Result<PsValue, LineError> {
        let tenant = self.tenant_of_id(vault);
        let credentials = self.credentials_for(tenant, None);
        let world = self.sim.world();
        self.trace.append(world.decide_read(self.actor, vault, action, &credentials)?);
        let handle = world.handle_of(vault).unwrap_or(vault).to_owned();
        Ok(self.proxy_object(&handle))
    }

    fn sign_in(&mut self, tenant: &str) -> Result<(), LineError> {
        self.trace.append(self.sim.world().decide_sign_in(self.actor, tenant)?);
        Ok(())
    }

    fn home(&self) -> Handle {
        self.sim.world().principals().get(self.actor).map(|p| p.tenant.clone()).unwrap_or_default()
    }

    /// A subscription named by its GUID, name or handle, in a directory the principal is in.
    fn subscription(&self, named: &str) -> Result<Handle, LineError> {
        let world = self.sim.world();
        world
            .subscriptions()
            .values()
            .find(|s| {
                (s.id == named || s.subscription_id.eq_ignore_ascii_case(named) || s.name == named)
                    && world.is_member_or_guest(self.actor, &s.tenant)
            })
            .map(|s| s.id.clone())
            .ok_or_else(|| {
                LineError::Usage(format!(
                    "{}: The provided account does not have access to subscription ID \"{named}\". Please try logging in with different credentials or a different subscription ID.",
                    self.current
                ))
            })
    }

    /// `-SubscriptionId`, else the context's subscription, as a GUID.
    fn subscription_guid(&self, b: &Bound) -> Result<String, LineError> {
        let world = self.sim.world();
        let handle = match b.text("SubscriptionId") {
            Some(named) => {
                return Ok(world.subscriptions().get(named).map_or(named, |s| s.subscription_id.as_str()).to_owned())
            }
            None => self.context.current(world, self.actor).unwrap_or_default(),
        };
        Ok(world.subscriptions().get(&handle).map(|s| s.subscription_id.clone()).unwrap_or_default())
    }

    /// The ARM id the cmdlet names: `-SubscriptionId` (else the context's), `-ResourceGroupName`
    /// and the resource's name parameter.
    fn resource_id(&self, b: &Bound, provider: &str, name: &str) -> Result<String, LineError> {
        Ok(format!(
            "/subscriptions/{}/resourceGroups/{}/providers/{provider}/{}",
            self.subscription_guid(b)?,
            b.text("ResourceGroupName").unwrap_or_default(),
            b.text(name).unwrap_or_default()
        ))
    }

    fn subscription_tenant(&self, b: &Bound) -> Result<Option<Handle>, LineError> {
        let guid = self.subscription_guid(b)?;
        Ok(self.tenant_of_guid(&guid))
    }

    fn tenant_of_guid(&self, guid: &str) -> Option<Handle> {
        let world = self.sim.world();
        world.subscriptions().values().find(|s| s.subscription_id.eq_ignore_ascii_case(guid)).map(|s| s.tenant.clone())
    }

    fn tenant_of_id(&self, arm_id: &str) -> Option<Handle> {
        self.tenant_of_guid(arm_id.trim_start_matches('/').split('/').nth(1).unwrap_or_default())
    }

    /// `-VaultId`: required by the mapping cmdlets here (the vault context of
    /// `Set-AzRecoveryServicesVaultContext` is not simulated).
    fn vault_id(&self, b: &Bound) -> Result<String, LineError> {
        b.text("VaultId").map(str::to_owned).ok_or_else(|| {
            LineError::Usage(format!(
                "{}: Cannot process command because of one or more missing mandatory parameters: VaultId.",
                self.current
            ))
        })
    }

    /// The tokens of a request to a subscription's directory: its token where the account is.
    fn credentials(&self, sub_guid: Option<&str>, aux: Option<Carried>) -> Credentials {
        self.credentials_for(sub_guid.and_then(|g| self.tenant_of_guid(g)), aux)
    }

    fn credentials_for(&self, tenant: Option<Handle>, aux: Option<Carried>) -> Credentials {
        // A token for the addressed directory where the account is; elsewhere the home directory's
        // (a subscription delegated through Lighthouse), and the core decides.
        let primary = tenant.filter(|t| self.sim.world().is_member_or_guest(self.actor, t));
        Credentials::PerRequest(primary.into_iter().map(Carried::fresh).chain(aux).collect())
    }

    /// The directory of a `-Token` value from `Get-AzAccessToken`, and when it expires.
    fn token_tenant(&self, token: &str) -> Result<Carried, LineError> {
        super::token_tenant(self.sim.world(), token).ok_or_else(|| {
            LineError::Usage(format!(
                "{}: -Token is not an access token: pass (Get-AzAccessToken -TenantId <tenant>).Token.",
                self.current
            ))
        })
    }

    fn context_object(&self) -> PsValue {
        let world = self.sim.world();
        let sub = self.context.current(world, self.actor).unwrap_or_default();
        let account = arm::account(world, self.actor, &sub);
        let text = |k: &str| PsValue::Str(account[k].as_str().unwrap_or_default().to_owned());
        object(
            "PSAzureContext",
            vec![
                (
                    "Name",
                    PsValue::Str(format!(
                        "{} ({})",
                        account["name"].as_str().unwrap_or_default(),
                        account["id"].as_str().unwrap_or_default()
                    )),
                ),
                ("Account", PsValue::Str(world.display_name(self.actor).to_owned())),
                ("Environment", PsValue::Str("AzureCloud".into())),
                ("Subscription", text("id")),
                ("Tenant", text("tenantId")),
            ],
        )
    }

    fn guard_object(&self, guard: &str) -> PsValue {
        let world = self.sim.world();
        world.guards().get(guard).map_or(PsValue::Null, |g| from_arm("ResourceGuardResource", &arm::guard(world, g)))
    }

    fn proxy_object(&self, vault: &str) -> PsValue {
        let world = self.sim.world();
        world
            .vaults()
            .get(vault)
            .and_then(|v| arm::guard_proxy(world, v))
            .map_or(PsValue::Null, |p| from_arm("ResourceGuardProxyBaseResource", &p))
    }
}

fn vault_object(world: &World, v: &mua_core::model::Vault) -> PsValue {
    let sub = world.scope_chain(&v.id).and_then(|c| world.subscriptions().get(c.subscription));
    object(
        "ARSVault",
        vec![
            ("Name", PsValue::Str(v.id.clone())),
            ("ID", PsValue::Str(world.arm_id(&v.id).unwrap_or_default())),
            ("Type", PsValue::Str(v.kind.resource_type().to_owned())),
            ("Location", PsValue::Str(v.location.clone())),
            ("ResourceGroupName", PsValue::Str(v.resource_group.clone())),
            ("SubscriptionId", PsValue::Str(sub.map(|s| s.subscription_id.clone()).unwrap_or_default())),
        ],
    )
}

fn object(type_name: &str, props: Vec<(&str, PsValue)>) -> PsValue {
    PsValue::Object(Rc::new(PsObject {
        type_name: type_name.to_owned(),
        props: props.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
    }))
}

/// An ARM resource as the Az module's object: `properties` flattened, names in PascalCase and
/// singular where the module makes them so (`tags` → `Tag`), sorted as Format-List shows them.
fn from_arm(type_name: &str, json: &Value) -> PsValue {
    let Value::Object(map) = json else { return PsValue::Null };
    let mut props: Vec<(String, PsValue)> = Vec::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("properties", Value::Object(inner)) => {
                props.extend(inner.iter().map(|(k, v)| (ps_name(k), ps_value(k, v))));
            }
            ("resourceGroup", _) => {}
            _ => props.push((ps_name(key), ps_value(key, value))),
        }
    }
    mua_core::table::sort_by(&mut props, |a, b| a.0.cmp(&b.0));
    PsValue::Object(Rc::new(PsObject { type_name: type_name.to_owned(), props }))
}

fn ps_name(key: &str) -> String {
    match key {
        "tags" => "Tag".to_owned(),
        "resourceGuardOperations" => "ResourceGuardOperation".to_owned(),
        "resourceGuardOperationDetails" => "ResourceGuardOperationDetail".to_owned(),
        _ => {
            let mut chars = key.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        }
    }
}

fn ps_value(key: &str, value: &Value) -> PsValue {
    match value {
        Value::Null => PsValue::Null,
        Value::String(s) => PsValue::Str(s.clone()),
        Value::Bool(b) => PsValue::Str(if *b { "True" } else { "False" }.to_owned()),
        Value::Number(n) => PsValue::Str(n.to_string()),
        Value::Array(items) => PsValue::List(items.iter().map(|v| ps_value(key, v)).collect()),
        Value::Object(_) => from_arm(&ps_name(key), value),
    }
}

/// `-Tag @{k="v"}` is not read by this console; `-Tag "k=v"` strings are.
fn tags(value: &PsValue) -> Result<mua_core::command::Tags, LineError> {
    value
        .texts()
        .iter()
        .map(|w| {
            w.split_once('=')
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .ok_or_else(|| LineError::Usage(format!("-Tag: write each tag as \"key=value\"; '{w}' has no '='.")))
        })
        .collect()
}

/// Get-Help: the cmdlets, or one cmdlet's syntax.
pub fn help(name: Option<&str>) -> String {
    if let Some(cmdlet) = name.and_then(|n| CMDLETS.iter().find(|c| c.name.eq_ignore_ascii_case(n))) {
        let params: Vec<String> = cmdlet
            .params
            .iter()
            .map(|(p, mandatory)| if *mandatory { format!("-{p} <String>") } else { format!("[-{p} <String>]") })
            .collect();
        return format!(
            "NAME\n    {}\n\nSYNOPSIS\n    {}\n\nSYNTAX\n    {} {} [<CommonParameters>]",
            cmdlet.name,
            cmdlet.synopsis,
            cmdlet.name,
            params.join(" ")
        );
    }
    let mut out = String::from("Name                                           Synopsis\n----                                           --------\n");
    for cmdlet in CMDLETS {
        out.push_str(&format!("{:<46} {}\n", cmdlet.name, cmdlet.synopsis));
    }
    out.trim_end().to_owned()
}

/// A refusal as PowerShell shows a cmdlet's error, with Azure's code where a public source shows
/// it, and the simulator's own code.
pub(crate) fn error_text(cmdlet: &str, refusal: &Refusal) -> String {
    let azure = refusal.azure.map(|a| format!("\nErrorCode: {}", a.code)).unwrap_or_default();
    format!("{cmdlet}: {}{azure}\nSimulator code: {}", refusal.message, refusal.code.as_str())
}
