//! What a family's commands run with: an az line's run ([`AzRun`]: the simulator, az's context, who
//! types it, the line, and the tokens az sends with it) and the PowerShell cmdlet host ([`Host`]),
//! with the requests both send the core — a read decided by `World::decide_read`, a change
//! submitted by the one entry every request comes in by (`Simulator::submit`) — and how PowerShell
//! shows an ARM object. The console decides nothing here: it says which tokens the tool sends.

use std::rc::Rc;

use serde_json::Value;

use crate::changes::{AzContext, AzUsage, Ids};
use crate::pwsh::{PsObject, PsValue};
use crate::table::AzCall;
use crate::LineError;
use mua_core::command::Command;
use mua_core::error::Trace;
use mua_core::model::{Carried, Credentials, Handle};
use mua_core::rbac::Action;
use mua_core::scenario::AzPowerShell;
use mua_core::sim::Simulator;
use mua_core::world::World;

/// What an az line returned: the JSON az would print (`null` for nothing), and the checks.
pub(crate) struct Returned {
    pub(crate) value: Value,
    pub(crate) trace: Trace,
    /// What az warns of (`WARNING: …`), printed before the value.
    pub(crate) warnings: Vec<String>,
}

impl Returned {
    /// A value az prints, with the checks that allowed it.
    pub(crate) fn json(value: Value, trace: Trace) -> Returned {
        Returned { value, trace, warnings: Vec::new() }
    }

    /// Nothing printed.
    pub(crate) fn nothing(trace: Trace) -> Returned {
        Returned { value: Value::Null, trace, warnings: Vec::new() }
    }
}

impl From<AzUsage> for LineError {
    fn from(e: AzUsage) -> Self {
        LineError::Usage(e.0)
    }
}

/// One az line running as a principal.
pub(crate) struct AzRun<'a> {
    pub(crate) sim: &'a mut Simulator,
    /// az's context (`az login --tenant`, `az account set`).
    pub(crate) context: &'a mut AzContext,
    pub(crate) actor: &'a str,
    pub(crate) call: &'a AzCall,
}

impl AzRun<'_> {
    pub(crate) fn world(&self) -> &World {
        self.sim.world()
    }

    /// The ARM ids the line names.
    pub(crate) fn ids(&self) -> Ids<'_> {
        Ids { world: self.sim.world(), actor: self.actor, context: self.context, call: self.call }
    }

    /// The tokens az sends with the line: one for the directory of the subscription it addresses
    /// (az acquires it for any directory the account is in); a change adds its `--tenant-id` ones.
    pub(crate) fn credentials(&self) -> Credentials {
        Credentials::PerRequest(self.tokens())
    }

    fn tokens(&self) -> Vec<Carried> {
        let world = self.world();
        let call = self.call;
        let named = call
            .values("--ids")
            .and_then(|ids| ids.first())
            .map(String::as_str)
            .or_else(|| call.value("--scope"))
            .or_else(|| call.value("--url").map(|u| u.strip_prefix(crate::rest::ENDPOINT).unwrap_or(u)))
            .filter(|named| named.starts_with("/subscriptions/"));
        // A tenant-wide URL (PIM's approvals) is called with the token of the directory az is in: a
        // tenant-level account's, else the current subscription's.
        let tenant_level = self.context.tenant.as_ref().filter(|_| named.is_none() && call.value("--url").is_some());
        let named = named.map_or_else(|| self.ids().subscription_id(), str::to_owned);
        let guid = named.trim_start_matches('/').split('/').nth(1).unwrap_or_default();
        let tenant = tenant_level.or_else(|| {
            world.subscriptions().values().find(|s| s.subscription_id.eq_ignore_ascii_case(guid)).map(|s| &s.tenant)
        });
        // az uses a token for that directory where the account is (its own directory, or a guest's);
        // elsewhere its home directory's (a subscription delegated through Lighthouse), and the core
        // decides.
        tenant.filter(|t| world.is_member_or_guest(self.actor, t)).cloned().into_iter().map(Carried::fresh).collect()
    }

    /// A read of `target` the core decides, with the line's tokens.
    pub(crate) fn read(&self, target: &str, action: Action) -> Result<Trace, LineError> {
        Ok(self.world().decide_read(self.actor, target, action, &self.credentials())?)
    }

    /// Submits a change with the line's token and the auxiliary ones; the command as the core
    /// resolved it, and the checks that allowed it.
    pub(crate) fn submit(&mut self, mut command: Command, aux: Vec<Carried>) -> Result<(Command, Trace), LineError> {
        let mut tokens = self.tokens();
        tokens.extend(aux);
        let outcome = self.sim.submit(self.actor, &mut command, &Credentials::PerRequest(tokens))?;
        Ok((command, outcome.trace))
    }
}

/// The console's cmdlet host for one principal.
pub(crate) struct Host<'a> {
    pub(crate) sim: &'a mut Simulator,
    pub(crate) actor: &'a str,
    pub(crate) context: &'a mut AzContext,
    /// The checks of what the text asked the core.
    pub(crate) trace: Trace,
    /// The cmdlet running (its name heads an error).
    pub(crate) current: &'static str,
    /// The Az PowerShell loaded (`Import-Module Az -RequiredVersion`, else the scenario's).
    pub(crate) az: AzPowerShell,
    /// What the statement's cmdlets warned of (`WARNING: …`), printed before what it returns.
    pub(crate) warnings: Vec<String>,
}

/// The auxiliary token a Recovery Services cmdlet sends (`-Token`, or since Az 14 `-SecureToken`).
pub(crate) enum AuxToken {
    /// None given.
    None,
    /// A token from `Get-AzAccessToken`.
    Token(Carried),
    /// Text that is not a token (ARM refuses the request: `InvalidAuthenticationToken`).
    NotAToken(String),
}

/// A call's arguments bound to a cmdlet's parameters.
pub(crate) struct Bound {
    pub(crate) args: Vec<(&'static str, PsValue)>,
}

impl Bound {
    pub(crate) fn get(&self, name: &str) -> Option<&PsValue> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(PsValue::as_text)
    }
}

impl Host<'_> {
    pub(crate) fn world(&self) -> &World {
        self.sim.world()
    }

    /// Submits a change as the principal with the tokens the cmdlet sends; the command as the core
    /// resolved it.
    pub(crate) fn change(
        &mut self,
        mut command: Command,
        tenant: Option<Handle>,
        aux: AuxToken,
    ) -> Result<Command, LineError> {
        let credentials = self.credentials_for(tenant, aux);
        let outcome = self.sim.submit(self.actor, &mut command, &credentials)?;
        self.trace.append(outcome.trace);
        Ok(command)
    }

    /// A read of `target` the core decides, with the tokens of a request to its directory.
    pub(crate) fn read(&mut self, target: &str, action: Action, credentials: &Credentials) -> Result<(), LineError> {
        self.trace.append(self.sim.world().decide_read(self.actor, target, action, credentials)?);
        Ok(())
    }

    /// Signs in to a directory (the core decides whether the principal has an account there).
    pub(crate) fn sign_in(&mut self, tenant: &str) -> Result<(), LineError> {
        self.trace.append(self.sim.world().decide_sign_in(self.actor, tenant)?);
        Ok(())
    }

    /// The principal's home directory.
    pub(crate) fn home(&self) -> Handle {
        self.world().principals().get(self.actor).map(|p| p.tenant.clone()).unwrap_or_default()
    }

    /// A subscription named by its GUID, name or handle, in a directory the principal is in.
    pub(crate) fn subscription(&self, named: &str) -> Result<Handle, LineError> {
        let world = self.world();
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
    pub(crate) fn subscription_guid(&self, b: &Bound) -> String {
        let world = self.world();
        let handle = match b.text("SubscriptionId") {
            Some(named) => {
                return world.subscriptions().get(named).map_or(named, |s| s.subscription_id.as_str()).to_owned()
            }
            None => self.context.current(world, self.actor).unwrap_or_default(),
        };
        world.subscriptions().get(&handle).map(|s| s.subscription_id.clone()).unwrap_or_default()
    }

    /// The ARM id the cmdlet names: `-SubscriptionId` (else the context's), `-ResourceGroupName`
    /// and the resource's name parameter.
    pub(crate) fn resource_id(&self, b: &Bound, provider: &str, name: &str) -> String {
        format!(
            "/subscriptions/{}/resourceGroups/{}/providers/{provider}/{}",
            self.subscription_guid(b),
            b.text("ResourceGroupName").unwrap_or_default(),
            b.text(name).unwrap_or_default()
        )
    }

    /// The directory of the subscription the cmdlet addresses.
    pub(crate) fn subscription_tenant(&self, b: &Bound) -> Option<Handle> {
        self.tenant_of_guid(&self.subscription_guid(b))
    }

    fn tenant_of_guid(&self, guid: &str) -> Option<Handle> {
        let world = self.world();
        world.subscriptions().values().find(|s| s.subscription_id.eq_ignore_ascii_case(guid)).map(|s| s.tenant.clone())
    }

    /// The directory of the subscription an ARM id is in.
    pub(crate) fn tenant_of_id(&self, arm_id: &str) -> Option<Handle> {
        self.tenant_of_guid(arm_id.trim_start_matches('/').split('/').nth(1).unwrap_or_default())
    }

    /// `-VaultId`: required by the mapping cmdlets here (the vault context of
    /// `Set-AzRecoveryServicesVaultContext` is not simulated).
    pub(crate) fn vault_id(&self, b: &Bound) -> Result<String, LineError> {
        b.text("VaultId").map(str::to_owned).ok_or_else(|| {
            LineError::Usage(format!(
                "{}: Cannot process command because of one or more missing mandatory parameters: VaultId.",
                self.current
            ))
        })
    }

    /// The tokens of a request to a subscription's directory: its token where the account is.
    pub(crate) fn credentials(&self, sub_guid: Option<&str>) -> Credentials {
        self.credentials_for(sub_guid.and_then(|g| self.tenant_of_guid(g)), AuxToken::None)
    }

    /// The tokens of a request to a directory, with `-Token`'s.
    pub(crate) fn credentials_for(&self, tenant: Option<Handle>, aux: AuxToken) -> Credentials {
        // A token for the addressed directory where the account is; elsewhere the home directory's
        // (a subscription delegated through Lighthouse), and the core decides.
        let primary = tenant.filter(|t| self.world().is_member_or_guest(self.actor, t));
        let aux = match aux {
            AuxToken::None => None,
            AuxToken::Token(carried) => Some(carried),
            AuxToken::NotAToken(sent) => return Credentials::Malformed(sent),
        };
        Credentials::PerRequest(primary.into_iter().map(Carried::fresh).chain(aux).collect())
    }

    /// The auxiliary token of a Recovery Services MUA cmdlet, as azure-powershell's
    /// `HelperUtils.GetPlainToken` reads `-Token` and `-SecureToken` (Az 14; `-SecureToken` is
    /// unknown to Az 13's cmdlets): one of the two, `-Token` with its deprecation warning. A
    /// SecureString given to `-Token` is sent as `System.Security.SecureString`, and the core
    /// refuses it as ARM does. Source: azure-powershell
    /// `src/RecoveryServices/RecoveryServices.Backup/Helpers/HelperUtils.cs` and the module's
    /// `Properties/Resources.resx` (`BothTokenProvided`, `TokenParameterDepricate`).
    pub(crate) fn token(&mut self, b: &Bound) -> Result<AuxToken, LineError> {
        let cmdlet = self.current;
        let secure = b.get("SecureToken");
        if secure.is_some() && self.az == AzPowerShell::Az13 {
            return Err(LineError::Usage(format!(
                "{cmdlet}: A parameter cannot be found that matches parameter name 'SecureToken'."
            )));
        }
        let sent = match (b.get("Token"), secure) {
            (Some(_), Some(_)) => {
                return Err(LineError::Usage(format!(
                    "{cmdlet}: Both Token and SecureToken parameters cannot be provided together"
                )))
            }
            (Some(token), None) => {
                if self.az == AzPowerShell::Az14 {
                    self.warnings.push(
                        "The Token parameter is deprecated and will be removed in future versions. Please use SecureToken instead"
                            .to_owned(),
                    );
                }
                token.as_text().unwrap_or_default().to_owned()
            }
            (None, Some(PsValue::Secure(token))) => token.to_string(),
            (None, Some(other)) => {
                return Err(LineError::Usage(format!(
                    "{cmdlet}: Cannot process argument transformation on parameter 'SecureToken'. Cannot convert the \"{}\" value of type \"System.String\" to type \"System.Security.SecureString\".",
                    other.as_text().unwrap_or_default()
                )))
            }
            (None, None) => return Ok(AuxToken::None),
        };
        Ok(match crate::token_tenant(self.world(), &sent) {
            Some(carried) => AuxToken::Token(carried),
            None => AuxToken::NotAToken(sent),
        })
    }
}

/// A PowerShell object of a type, with its properties in order.
pub(crate) fn object(type_name: &str, props: Vec<(&str, PsValue)>) -> PsValue {
    PsValue::Object(Rc::new(PsObject {
        type_name: type_name.to_owned(),
        props: props.into_iter().map(|(n, v)| (n.to_owned(), v)).collect(),
    }))
}

/// An ARM resource as the Az module's object: `properties` flattened, names in PascalCase and
/// singular where the module makes them so (`tags` → `Tag`), sorted as Format-List shows them.
pub(crate) fn from_arm(type_name: &str, json: &Value) -> PsValue {
    let Value::Object(map) = json else { return PsValue::Null };
    let mut props: Vec<(String, PsValue)> = Vec::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("properties", Value::Object(inner)) => {
                props.extend(inner.iter().map(|(k, v)| (ps_name(k), ps_value(k, v))));
            }
            // AutoRest's modules flatten `systemData` into `SystemDataCreatedAt`, ….
            ("systemData", Value::Object(inner)) => {
                props.extend(inner.iter().map(|(k, v)| (format!("SystemData{}", ps_name(k)), ps_value(k, v))));
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
