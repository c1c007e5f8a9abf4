//! Running an az line: the context lines (`az login`, `az account set|show`), the reads (`show`,
//! `list`, `list-protected-operations`, `role assignment list`) and the changes, each asked of the
//! core as the principal with the tokens az would send — one for the directory of the subscription
//! the line addresses (any directory the account is in, its own or a guest's) and one for each
//! `--tenant-id` (az's auxiliary token) — and printed as az prints it.

use chrono::Timelike;
use serde_json::Value;

use super::arm;
use super::az::{self, AzCall, AzLine};
use super::changes::Ids;
use super::{tenant_handle, ConsoleState, LineError, Printed};
use crate::family::az_change;
use mua_core::command::Command;
use mua_core::critical_operations::VaultKind;
use mua_core::error::{Refusal, Trace};
use mua_core::model::{Carried, Credentials};
use mua_core::rbac::Action;
use mua_core::sim::Simulator;
use mua_core::world::World;

/// Runs one az line's words.
pub(crate) fn run_line(
    sim: &mut Simulator,
    state: &mut ConsoleState,
    actor: &str,
    words: &[String],
) -> Result<Printed, LineError> {
    let call = match az::parse(words).map_err(|e| LineError::Usage(e.to_string()))? {
        AzLine::Help(path) => return Ok(Printed { text: az::help(&path), trace: Trace::default() }),
        AzLine::Run(call) => call,
    };
    let query = call.value("--query").map(str::to_owned);
    let output = call.value("--output").unwrap_or("json").to_owned();
    if !["json", "jsonc", "tsv", "none"].contains(&output.as_str()) {
        return Err(LineError::Usage(format!(
            "ERROR: argument --output/-o: invalid choice: '{output}' (this console prints 'json', 'jsonc', 'tsv', 'none')"
        )));
    }
    let printed = run_call(sim, state, actor, &call)?;
    if printed.value.is_null() {
        return Ok(Printed { text: String::new(), trace: printed.trace });
    }
    let value = match &query {
        Some(q) => select(&printed.value, q)?,
        None => printed.value,
    };
    let text = match output.as_str() {
        "none" => String::new(),
        "tsv" => tsv(&value),
        _ => arm::pretty(&value),
    };
    Ok(Printed { text, trace: printed.trace })
}

/// What a call returned: the JSON az would print (`null` for nothing), and the checks.
struct Returned {
    value: Value,
    trace: Trace,
}

/// `--query`: the JMESPath subset docs use — dotted names, `[N]` and `[]` (each element).
fn select(value: &Value, query: &str) -> Result<Value, LineError> {
    let bad = || {
        LineError::Usage(format!(
            "ERROR: argument --query: this console reads dotted names with [N] and [] (e.g. properties.resourceGuardResourceId), not '{query}'"
        ))
    };
    let mut current = vec![value.clone()];
    let mut projected = false;
    for part in query.split('.') {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        if !name.is_empty() {
            if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(bad());
            }
            current = current.iter().map(|v| v.get(name).cloned().unwrap_or(Value::Null)).collect();
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            let index = index.strip_suffix(']').ok_or_else(bad)?;
            current = if index.is_empty() {
                projected = true;
                current.iter().flat_map(|v| v.as_array().cloned().unwrap_or_default()).collect()
            } else {
                let i: usize = index.parse().map_err(|_| bad())?;
                current.iter().map(|v| v.get(i).cloned().unwrap_or(Value::Null)).collect()
            };
        }
    }
    Ok(if projected { Value::Array(current) } else { current.into_iter().next().unwrap_or(Value::Null) })
}

/// `--output tsv`: a scalar as its text, a list one per line, an object's values tab-separated.
fn tsv(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(tsv).collect::<Vec<_>>().join("\n"),
        Value::Object(map) => {
            map.values().filter(|v| !v.is_object() && !v.is_array()).map(tsv).collect::<Vec<_>>().join("\t")
        }
        other => mua_core::json::json_line(other),
    }
}

fn run_call(sim: &mut Simulator, state: &mut ConsoleState, actor: &str, call: &AzCall) -> Result<Returned, LineError> {
    let world = sim.world();
    let credentials = credentials(world, state, actor, call);
    match call.command {
        "login" => login(world, state, actor, call),
        "account set" => {
            let named = call.value("--subscription").unwrap_or_default();
            let found = world.subscriptions().values().find(|s| {
                (s.id == named || s.subscription_id.eq_ignore_ascii_case(named) || s.name == named)
                    && (world.is_member_or_guest(actor, &s.tenant))
            });
            let Some(sub) = found else {
                return Err(LineError::Usage(format!(
                    "ERROR: The subscription of '{named}' doesn't exist in cloud 'AzureCloud'."
                )));
            };
            state.az.subscription = Some(sub.id.clone());
            Ok(Returned { value: Value::Null, trace: Trace::default() })
        }
        "account show" => {
            let sub = state.az.current(world, actor).unwrap_or_default();
            Ok(json(&arm::account(world, actor, &sub), Trace::default()))
        }
        "dataprotection resource-guard show" => {
            let id = ids(world, actor, state, call).guard().map_err(usage)?;
            let trace = world.decide_read(actor, &id, Action::GuardRead, &credentials)?;
            let guard = world.resolve_guard(&id).map(|g| arm::guard(world, g)).unwrap_or_default();
            Ok(json(&guard, trace))
        }
        "dataprotection resource-guard list" => {
            let ids = ids(world, actor, state, call);
            let sub = ids.subscription_id();
            let rg = call.value("--resource-group");
            let mut trace = Trace::default();
            let mut listed = Vec::new();
            for g in world.guards().values() {
                let id = world.arm_id(&g.id).unwrap_or_default();
                let in_scope =
                    id.starts_with(&format!("{sub}/")) && rg.is_none_or(|rg| g.resource_group.eq_ignore_ascii_case(rg));
                // ARM lists what the caller can read.
                if in_scope {
                    if let Ok(read) = world.decide_read(actor, &g.id, Action::GuardRead, &credentials) {
                        trace.append(read);
                        listed.push(arm::guard(world, g));
                    }
                }
            }
            Ok(json(&Value::Array(listed), trace))
        }
        "dataprotection resource-guard list-protected-operations" => {
            let id = ids(world, actor, state, call).guard().map_err(usage)?;
            let trace = world.decide_read(actor, &id, Action::GuardRead, &credentials)?;
            let kind = resource_type(call.value("--resource-type").unwrap_or_default())?;
            Ok(json(&Value::Array(arm::protected_operations(kind)), trace))
        }
        "backup vault resource-guard-mapping show" => {
            let id = ids(world, actor, state, call).vault().map_err(usage)?;
            mapping(world, actor, &id, Action::RsvGuardProxyRead, &credentials)
        }
        "dataprotection backup-vault resource-guard-mapping show" => {
            let id = ids(world, actor, state, call).backup_vault().map_err(usage)?;
            mapping(world, actor, &id, Action::BvGuardProxyRead, &credentials)
        }
        "role assignment list" => role_assignments(world, actor, state, call, &credentials),
        "account get-access-token" => {
            let tenant = match call.value("--tenant") {
                Some(t) => tenant_handle(world, t),
                None => {
                    let sub = state.az.current(world, actor).unwrap_or_default();
                    world.subscriptions().get(&sub).map(|s| s.tenant.clone()).unwrap_or_default()
                }
            };
            let trace = world.decide_sign_in(actor, &tenant)?;
            let guid = world.tenants().get(&tenant).map_or("", |t| t.tenant_id.as_str());
            let expires = world.now() + chrono::TimeDelta::hours(1);
            let token = serde_json::json!({
                "accessToken": super::token(guid, expires),
                // az's `%Y-%m-%d %H:%M:%S.%f`, without chrono's strftime parser (4.5 KB brotli, measured).
                "expiresOn": format!(
                    "{} {:02}:{:02}:{:02}.{:06}",
                    expires.date_naive(),
                    expires.hour(),
                    expires.minute(),
                    expires.second(),
                    expires.nanosecond() / 1000
                ),
                "expires_on": expires.timestamp(),
                "tenant": guid,
                "tokenType": "Bearer",
            });
            Ok(json(&token, trace))
        }
        "rest" => rest(sim, actor, call, credentials),
        _ => change(sim, state, actor, call, credentials),
    }
}

/// A line that changes something: the core's command, run as the principal with the line's tokens.
fn change(
    sim: &mut Simulator,
    state: &ConsoleState,
    actor: &str,
    call: &AzCall,
    line_tokens: Credentials,
) -> Result<Returned, LineError> {
    let Some(change) = az_change(sim.world(), actor, &state.az, call).map_err(|e| LineError::Usage(e.0))? else {
        return Ok(Returned { value: Value::Null, trace: Trace::default() });
    };
    // The addressed directory's token and each `--tenant-id`.
    let aux = match change.credentials {
        Credentials::PerRequest(aux) => aux,
        Credentials::Directories => Vec::new(),
    };
    execute(sim, actor, change.command, line_tokens, aux)
}

/// `az rest`: a GET reads as the matching `show`; a PUT, PATCH or DELETE is the core's command,
/// with the auxiliary token of `x-ms-authorization-auxiliary`.
fn rest(sim: &mut Simulator, actor: &str, call: &AzCall, line_tokens: Credentials) -> Result<Returned, LineError> {
    let url = call.value("--url").unwrap_or_default();
    let method = call.value("--method").unwrap_or(if call.value("--body").is_some() { "put" } else { "get" });
    let headers = call.values("--headers").unwrap_or_default();
    let change = crate::family::rest_change(sim.world(), method, url, call.value("--body"), headers)
        .map_err(|e| LineError::Usage(e.0))?;
    let Some(change) = change else {
        // A GET of a guard, a vault's Resource Guard proxy or a vault.
        let world = sim.world();
        let path = url.strip_prefix(super::rest::ENDPOINT).unwrap_or(url).split('?').next().unwrap_or_default();
        let proxy = path.to_ascii_lowercase().contains("/backupresourceguardproxies/");
        let vault_path = path.split("/backupResourceGuardProxies/").next().unwrap_or(path);
        return if path.contains("/resourceGuards/") {
            let trace = world.decide_read(actor, path, Action::GuardRead, &line_tokens)?;
            Ok(json(&world.resolve_guard(path).map(|g| arm::guard(world, g)).unwrap_or_default(), trace))
        } else if proxy {
            let action = if vault_path.contains("/backupVaults/") {
                Action::BvGuardProxyRead
            } else {
                Action::RsvGuardProxyRead
            };
            mapping(world, actor, vault_path, action, &line_tokens)
        } else {
            Err(LineError::Usage(format!(
                "ERROR: this console reads Resource Guards and Resource Guard proxies with az rest, not '{path}'"
            )))
        };
    };
    execute(sim, actor, change.command, line_tokens, change.aux.into_iter().collect())
}

/// Runs a command as the principal with the line's token and the auxiliary ones, and what az prints for it.
fn execute(
    sim: &mut Simulator,
    actor: &str,
    mut command: Command,
    line_tokens: Credentials,
    aux: Vec<Carried>,
) -> Result<Returned, LineError> {
    command.resolve_arm_ids(sim.world());
    let mut tokens = match line_tokens {
        Credentials::PerRequest(tokens) => tokens,
        Credentials::Directories => Vec::new(),
    };
    tokens.extend(aux);
    let outcome = sim.execute_with(actor, &command, &Credentials::PerRequest(tokens))?;
    let world = sim.world();
    let printed = match &command {
        Command::CreateResourceGuard { id: guard, .. } | Command::UpdateResourceGuard { guard, .. } => {
            world.guards().get(guard).map(|g| arm::guard(world, g))
        }
        Command::EnableMua { vault, .. } => world.vaults().get(vault).and_then(|v| arm::guard_proxy(world, v)),
        Command::CreateVault { id, .. } => world.vaults().get(id).map(|v| arm::vault(world, v)),
        Command::DisableSoftDelete { vault } | Command::EnableSoftDelete { vault } => {
            world.vaults().get(vault).map(|v| arm::backup_config(world, v))
        }
        Command::AssignRole { principal, role, scope } => world
            .assignments()
            .find(|a| &a.principal == principal && a.role == *role && &a.scope == scope)
            .map(|a| arm::role_assignment(world, a)),
        _ => None,
    };
    Ok(Returned { value: printed.unwrap_or(Value::Null), trace: outcome.trace })
}

/// `az login [--tenant]`: signs in to the principal's home directory, or to the one named (an
/// account there, own or guest, is the core's decision), and acts on its first subscription
/// from then on.
fn login(world: &World, state: &mut ConsoleState, actor: &str, call: &AzCall) -> Result<Returned, LineError> {
    let home = world.principals().get(actor).map(|p| p.tenant.clone()).unwrap_or_default();
    let tenant = match call.value("--tenant") {
        Some(t) => tenant_handle(world, t),
        None => home,
    };
    let trace = world.decide_sign_in(actor, &tenant)?;
    let subscriptions: Vec<Value> = world
        .subscriptions()
        .values()
        .filter(|s| s.tenant == tenant)
        .enumerate()
        .map(|(i, s)| {
            let mut account = arm::account(world, actor, &s.id);
            account["isDefault"] = Value::Bool(i == 0);
            account["cloudName"] = Value::from("AzureCloud");
            account
        })
        .collect();
    state.az.subscription = world.subscriptions().values().find(|s| s.tenant == tenant).map(|s| s.id.clone());
    Ok(json(&Value::Array(subscriptions), trace))
}

/// A vault's Resource Guard mapping: its proxy, or nothing printed when it has none.
fn mapping(
    world: &World,
    actor: &str,
    vault: &str,
    action: Action,
    credentials: &Credentials,
) -> Result<Returned, LineError> {
    let trace = world.decide_read(actor, vault, action, credentials)?;
    let handle = world.handle_of(vault).unwrap_or(vault);
    match world.vaults().get(handle).and_then(|v| arm::guard_proxy(world, v)) {
        Some(proxy) => Ok(json(&proxy, trace)),
        None => Ok(Returned { value: Value::Null, trace }),
    }
}

/// `az role assignment list`: the assignments at the scope (and, with `--all`, below it) the
/// caller can read, filtered by `--assignee` and `--role`.
fn role_assignments(
    world: &World,
    actor: &str,
    state: &ConsoleState,
    call: &AzCall,
    credentials: &Credentials,
) -> Result<Returned, LineError> {
    let ids = ids(world, actor, state, call);
    let scope = match (call.value("--scope"), call.value("--resource-group")) {
        (Some(scope), _) => scope.to_owned(),
        (None, Some(rg)) => format!("{}/resourceGroups/{rg}", ids.subscription_id()),
        (None, None) => ids.subscription_id(),
    };
    let trace = world.decide_read(actor, &scope, Action::RoleAssignmentRead, credentials)?;
    let scope_handle = world.handle_of(&scope).unwrap_or(&scope).to_owned();
    let assignee = call.value("--assignee");
    let role = call.value("--role");
    let listed: Vec<Value> = world
        .assignments()
        .filter(|a| {
            let principal = world.principals().get(&a.principal);
            assignee.is_none_or(|x| {
                a.principal == x || principal.is_some_and(|p| p.object_id == x || p.name.eq_ignore_ascii_case(x))
            })
        })
        .filter(|a| role.is_none_or(|r| a.role.name.eq_ignore_ascii_case(r) || a.role.id == r))
        .filter(|a| a.kind == mua_core::model::AssignmentType::Active)
        .filter(|a| {
            let covers = world.scope_chain(&scope_handle).is_some_and(|c| c.covered_by(&a.scope));
            let below = call.flag("--all") && world.scope_chain(&a.scope).is_some_and(|c| c.covered_by(&scope_handle));
            covers || below
        })
        .map(|a| arm::role_assignment(world, a))
        .collect();
    Ok(json(&Value::Array(listed), trace))
}

/// The tokens az sends with a line: one for the directory of the subscription it addresses (az
/// acquires it for any directory the account is in); `--tenant-id` tokens are added by the change
/// itself.
fn credentials(world: &World, state: &ConsoleState, actor: &str, call: &AzCall) -> Credentials {
    let ids = ids(world, actor, state, call);
    let named = call
        .values("--ids")
        .and_then(|ids| ids.first())
        .map(String::as_str)
        .or_else(|| call.value("--scope"))
        .or_else(|| call.value("--url").map(|u| u.strip_prefix(super::rest::ENDPOINT).unwrap_or(u)))
        // A tenant-wide URL (PIM's approvals) is called with the token of the directory az is in.
        .filter(|named| named.starts_with("/subscriptions/"))
        .map_or_else(|| ids.subscription_id(), str::to_owned);
    let guid = named.trim_start_matches('/').split('/').nth(1).unwrap_or_default();
    let tenant =
        world.subscriptions().values().find(|s| s.subscription_id.eq_ignore_ascii_case(guid)).map(|s| &s.tenant);
    // az uses a token for that directory where the account is (its own directory, or a guest's);
    // elsewhere its home directory's (a subscription delegated through Lighthouse), and the core
    // decides.
    Credentials::PerRequest(
        tenant.filter(|t| world.is_member_or_guest(actor, t)).cloned().into_iter().map(Carried::fresh).collect(),
    )
}

fn ids<'a>(world: &'a World, actor: &'a str, state: &'a ConsoleState, call: &'a AzCall) -> Ids<'a> {
    Ids { world, actor, context: &state.az, call }
}

fn resource_type(text: &str) -> Result<VaultKind, LineError> {
    VaultKind::parse(text).ok_or_else(|| {
        LineError::Usage(format!(
            "ERROR: argument --resource-type: invalid choice: '{text}' (choose from 'Microsoft.RecoveryServices/vaults', 'Microsoft.DataProtection/backupVaults')"
        ))
    })
}

fn usage(e: super::changes::AzUsage) -> LineError {
    LineError::Usage(e.0)
}

fn json(value: &Value, trace: Trace) -> Returned {
    Returned { value: value.clone(), trace }
}

/// A refusal as az prints an ARM error: `(Code) Message`, `Code:`, `Message:` — with Azure's code
/// where a public source shows it — and the simulator's own code.
pub(crate) fn error_text(refusal: &Refusal) -> String {
    let ours = refusal.code.as_str();
    match refusal.azure {
        Some(azure) => format!(
            "ERROR: ({code}) {message}\nCode: {code}\nMessage: {message}\nSimulator code: {ours}",
            code = azure.code,
            message = refusal.message
        ),
        None => format!("ERROR: {}\nSimulator code: {ours}", refusal.message),
    }
}
