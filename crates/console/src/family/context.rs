//! The console's context: signing in and choosing a subscription (`az login`, `az account set|show`,
//! `Connect-AzAccount`, `Set-AzContext`, `Get-AzContext`), access tokens (`az account
//! get-access-token`, `Get-AzAccessToken`), ARM REST calls (`az rest`, whose routes the other
//! families read) and PowerShell's `Get-Help`.

use chrono::Timelike;
use serde_json::{json, Value};

use super::Family;
use crate::arm;
use crate::host::{object, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet};
use crate::{tenant_handle, LineError};
use mua_core::error::Trace;
use mua_core::model::Handle;
use mua_core::rbac::Action;
use mua_core::scenario::AzPowerShell;

pub(super) struct Context;

impl Family for Context {
    const AZ: &'static [AzCommand] = &[
        az(
            "login",
            "Log in to Azure.",
            &[p(&["--tenant", "-t"], Arity::One, false), p(&["--allow-no-subscriptions"], Arity::Flag, false)],
        ),
        az(
            "account set",
            "Set a subscription to be the current active subscription.",
            // azure-cli `profile/_params.py`: `account` takes `--subscription -s --name -n`.
            &[p(&["--subscription", "-s", "--name", "-n"], Arity::One, true)],
        ),
        az("account show", "Get the details of a subscription.", &[]),
        az(
            "account get-access-token",
            "Get a token for utilities to access Azure.",
            &[p(&["--tenant", "-t"], Arity::One, false), p(&["--resource"], Arity::One, false)],
        ),
        az(
            "rest",
            "Invoke a custom request.",
            &[
                p(&["--url", "--uri", "-u"], Arity::One, true),
                p(&["--method", "-m"], Arity::One, false),
                p(&["--body", "-b"], Arity::One, false),
                p(&["--headers"], Arity::Many, false),
            ],
        ),
    ];

    const CMDLETS: &'static [Cmdlet] = &[
        cmdlet(
            "Connect-AzAccount",
            "Connect to Azure with an authenticated account.",
            &[("Tenant", false), ("Subscription", false)],
        ),
        cmdlet(
            "Set-AzContext",
            "Sets the tenant, subscription, and environment for cmdlets to use.",
            &[("Subscription", false), ("Tenant", false)],
        ),
        cmdlet("Get-AzContext", "Gets the metadata used to authenticate Azure Resource Manager requests.", &[]),
        cmdlet(
            "Get-AzAccessToken",
            "Get secure raw access token.",
            &[("TenantId", false), ("ResourceUrl", false), ("AsSecureString", false)],
        ),
        Cmdlet {
            positional: true,
            ..cmdlet(
                "Import-Module",
                "Adds modules to the current session.",
                &[("Name", true), ("RequiredVersion", false)],
            )
        },
        Cmdlet {
            positional: true,
            ..cmdlet("Get-Help", "Displays information about PowerShell commands.", &[("Name", false)])
        },
    ];

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        Some(match run.call.command {
            "login" => login(run),
            "account set" => account_set(run),
            "account show" => Ok(Returned::json(
                match (run.context.current(run.world(), run.actor), &run.context.tenant) {
                    // A tenant-level account (`az login --allow-no-subscriptions`).
                    (None, Some(tenant)) => arm::tenant_account(run.world(), run.actor, tenant),
                    (sub, _) => arm::account(run.world(), run.actor, &sub.unwrap_or_default()),
                },
                Trace::default(),
            )),
            "account get-access-token" => access_token(run),
            "rest" => rest(run),
            _ => return None,
        })
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        Some(match name {
            "Get-Help" => Ok(PsValue::Str(help(b.text("Name")))),
            "Connect-AzAccount" => connect(host, b),
            "Set-AzContext" => set_context(host, b),
            "Get-AzContext" => Ok(context_object(host)),
            "Get-AzAccessToken" => ps_access_token(host, b),
            "Import-Module" => import_module(host, b),
            _ => return None,
        })
    }
}

/// `az login [--tenant]`: signs in to the principal's home directory, or to the one named (an
/// account there, own or guest, is the core's decision), and acts on its first subscription
/// from then on.
fn login(run: &mut AzRun<'_>) -> Result<Returned, LineError> {
    let world = run.sim.world();
    let home = world.principals().get(run.actor).map(|p| p.tenant.clone()).unwrap_or_default();
    let tenant = match run.call.value("--tenant") {
        Some(t) => tenant_handle(world, t),
        None => home,
    };
    let trace = world.decide_sign_in(run.actor, &tenant)?;
    // The subscriptions the account sees there (azure-cli `_profile.py`: none is an error unless
    // `--allow-no-subscriptions`); the first is the default.
    let visible = world.visible_subscriptions(run.actor, &tenant);
    if visible.is_empty() && !run.call.flag("--allow-no-subscriptions") {
        return Err(LineError::Usage(format!(
            "ERROR: No subscriptions found for {}.",
            arm::sign_in_name(world, run.actor)
        )));
    }
    if visible.is_empty() {
        run.context.tenant = Some(tenant.clone());
        run.context.subscription = None;
        let mut account = arm::tenant_account(world, run.actor, &tenant);
        account["cloudName"] = Value::from("AzureCloud");
        return Ok(Returned::json(Value::Array(vec![account]), trace));
    }
    let subscriptions: Vec<Value> = visible
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut account = arm::account(world, run.actor, &s.id);
            account["isDefault"] = Value::Bool(i == 0);
            account["cloudName"] = Value::from("AzureCloud");
            account
        })
        .collect();
    (run.context.subscription, run.context.tenant) = (visible.first().map(|s| s.id.clone()), None);
    Ok(Returned::json(Value::Array(subscriptions), trace))
}

/// `az account set --subscription`: a subscription of a directory the account is in.
fn account_set(run: &mut AzRun<'_>) -> Result<Returned, LineError> {
    let world = run.sim.world();
    let named = run.call.value("--subscription").unwrap_or_default();
    // az's list is what ARM listed at sign-in: the subscriptions the account holds a role in
    // (azure-cli `_profile.py`; `World::visible_subscriptions`).
    let found = world.subscriptions().values().find(|s| {
        (s.id == named || s.subscription_id.eq_ignore_ascii_case(named) || s.name == named)
            && world.sees_subscription(run.actor, &s.id)
    });
    let Some(sub) = found else {
        return Err(LineError::Usage(format!(
            "ERROR: The subscription of '{named}' doesn't exist in cloud 'AzureCloud'."
        )));
    };
    (run.context.subscription, run.context.tenant) = (Some(sub.id.clone()), None);
    Ok(Returned::nothing(Trace::default()))
}

/// `az account get-access-token [--tenant]`: a token for a directory the account is in.
fn access_token(run: &mut AzRun<'_>) -> Result<Returned, LineError> {
    let world = run.world();
    let tenant = match run.call.value("--tenant") {
        Some(t) => tenant_handle(world, t),
        None => {
            let sub = run.context.current(world, run.actor).unwrap_or_default();
            world.subscriptions().get(&sub).map(|s| s.tenant.clone()).unwrap_or_default()
        }
    };
    let trace = world.decide_sign_in(run.actor, &tenant)?;
    let guid = world.tenants().get(&tenant).map_or("", |t| t.tenant_id.as_str());
    let expires = world.now() + chrono::TimeDelta::hours(1);
    let token = json!({
        "accessToken": crate::token(guid, expires),
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
    Ok(Returned::json(token, trace))
}

/// `az rest`: a GET reads as the matching `show`; a PUT, PATCH or DELETE is the command of the
/// family whose route it is, with the auxiliary token of `x-ms-authorization-auxiliary`.
fn rest(run: &mut AzRun<'_>) -> Result<Returned, LineError> {
    let call = run.call;
    let url = call.value("--url").unwrap_or_default();
    let method = call.value("--method").unwrap_or(if call.value("--body").is_some() { "put" } else { "get" });
    let headers = call.values("--headers").unwrap_or_default();
    if let Some(change) = super::rest_change(run.world(), method, url, call.value("--body"), headers)? {
        return super::submit(run, change.command, change.aux.into_iter().collect());
    }
    // A GET of a guard, a vault's Resource Guard proxy or a vault.
    let path = url.strip_prefix(crate::rest::ENDPOINT).unwrap_or(url).split('?').next().unwrap_or_default();
    let proxy = path.to_ascii_lowercase().contains("/backupresourceguardproxies/");
    let vault_path = path.split("/backupResourceGuardProxies/").next().unwrap_or(path);
    if path.contains("/resourceGuards/") {
        super::guards::show(run, path)
    } else if proxy {
        let action =
            if vault_path.contains("/backupVaults/") { Action::BvGuardProxyRead } else { Action::RsvGuardProxyRead };
        super::mappings::show(run, vault_path, action)
    } else {
        Err(LineError::Usage(format!(
            "ERROR: this console reads Resource Guards and Resource Guard proxies with az rest, not '{path}'"
        )))
    }
}

fn connect(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let tenant = match b.text("Tenant") {
        Some(t) => tenant_handle(host.world(), t),
        None => host.home(),
    };
    host.sign_in(&tenant)?;
    let subscription = match b.text("Subscription") {
        Some(s) => Some(host.subscription(s)?),
        None => first_subscription(host, &tenant),
    };
    // Without a subscription there, the context is the directory's alone.
    host.context.tenant = subscription.is_none().then_some(tenant);
    host.context.subscription = subscription;
    Ok(context_object(host))
}

fn set_context(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    if let Some(t) = b.text("Tenant") {
        let tenant = tenant_handle(host.world(), t);
        host.sign_in(&tenant)?;
        let subscription = first_subscription(host, &tenant);
        host.context.tenant = subscription.is_none().then_some(tenant);
        host.context.subscription = subscription;
    }
    if let Some(s) = b.text("Subscription") {
        host.context.subscription = Some(host.subscription(s)?);
        host.context.tenant = None;
    }
    Ok(context_object(host))
}

/// The default subscription of a directory: the first one the account sees there.
fn first_subscription(host: &Host<'_>, tenant: &str) -> Option<Handle> {
    crate::changes::default_subscription(host.world(), host.actor, tenant)
}

/// `Get-AzAccessToken [-TenantId]`: a token for one request; the context stays where it is.
fn ps_access_token(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let tenant = match b.text("TenantId") {
        Some(t) => tenant_handle(host.world(), t),
        None => host.home(),
    };
    host.sign_in(&tenant)?;
    let world = host.world();
    let guid = world.tenants().get(&tenant).map_or("", |t| t.tenant_id.as_str());
    // The account's sign-in name (Az.Accounts' `UserId`), else its display name.
    let user = world.principals().get(host.actor).map_or("", |p| {
        if p.sign_in_name.is_empty() {
            p.name.as_str()
        } else {
            p.sign_in_name.as_str()
        }
    });
    let expires = world.now() + chrono::TimeDelta::hours(1);
    let token = crate::token(guid, expires);
    // Since Az 14 (Az.Accounts 5.0.0) the token is a SecureString whatever `-AsSecureString` says;
    // before, only with it (learn.microsoft.com/powershell/azure/migrate-az-14.0.0).
    let (type_name, token) = if host.az == AzPowerShell::Az14 || b.get("AsSecureString").is_some() {
        ("PSSecureAccessToken", PsValue::Secure(token.into()))
    } else {
        ("PSAccessToken", PsValue::Str(token))
    };
    Ok(object(
        type_name,
        vec![
            ("Token", token),
            ("ExpiresOn", PsValue::Str(expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))),
            ("TenantId", PsValue::Str(guid.to_owned())),
            ("UserId", PsValue::Str(user.to_owned())),
            ("Type", PsValue::Str("Bearer".to_owned())),
        ],
    ))
}

/// `Import-Module Az -RequiredVersion 13.x|14.x` (or `Az.Accounts` 4.x|5.x): the Az PowerShell this
/// console's later lines run with. Cloud Shell has both installed; another version or module is
/// PowerShell's "not loaded" error.
fn import_module(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let name = b.text("Name").unwrap_or_default();
    let version = b.text("RequiredVersion");
    let major = |v: &str| v.split('.').next().unwrap_or_default().to_owned();
    let loaded = match (name.to_ascii_lowercase().as_str(), version) {
        ("az" | "az.accounts", None) => Some(host.az),
        ("az", Some(v)) => AzPowerShell::parse(v),
        ("az.accounts", Some(v)) => match major(v).as_str() {
            "4" => Some(AzPowerShell::Az13),
            "5" => Some(AzPowerShell::Az14),
            _ => None,
        },
        _ => None,
    };
    let Some(loaded) = loaded else {
        let with = version.map(|v| format!(" with version '{v}'")).unwrap_or_default();
        return Err(LineError::Usage(format!(
            "Import-Module: The specified module '{name}'{with} was not loaded because no valid module file was found in any module directory. (Cloud Shell here has Az 13.x and Az 14.x.)"
        )));
    };
    host.az = loaded;
    Ok(PsValue::Null)
}

fn context_object(host: &Host<'_>) -> PsValue {
    let world = host.world();
    let sub = host.context.current(world, host.actor).unwrap_or_default();
    let mut account = arm::account(world, host.actor, &sub);
    if let Some(tenant) = host.context.tenant.as_ref().filter(|_| sub.is_empty()) {
        // A context of a directory alone: no subscription.
        account["tenantId"] =
            Value::from(world.tenants().get(tenant).map_or(tenant.as_str(), |t| t.tenant_id.as_str()));
    }
    let text = |k: &str| PsValue::Str(account[k].as_str().unwrap_or_default().to_owned());
    object(
        "PSAzureContext",
        vec![
            (
                "Name",
                PsValue::Str(match account["id"].as_str().unwrap_or_default() {
                    "" => String::new(),
                    id => format!("{} ({id})", account["name"].as_str().unwrap_or_default()),
                }),
            ),
            ("Account", PsValue::Str(arm::sign_in_name(world, host.actor))),
            ("Environment", PsValue::Str("AzureCloud".into())),
            ("Subscription", text("id")),
            ("Tenant", text("tenantId")),
        ],
    )
}

/// Get-Help: the cmdlets (by name), or one cmdlet's syntax.
pub(crate) fn help(name: Option<&str>) -> String {
    if let Some(cmdlet) = name.and_then(|n| super::cmdlets().find(|c| c.name.eq_ignore_ascii_case(n))) {
        let params: Vec<String> = cmdlet
            .params
            .iter()
            .map(|(p, mandatory)| {
                // Each parameter's .NET type as the cmdlet's help shows it (a switch has none).
                let typed = match *p {
                    "SecureToken" => format!("-{p} <SecureString>"),
                    "AsSecureString" => format!("-{p}"),
                    _ => format!("-{p} <String>"),
                };
                if *mandatory {
                    typed
                } else {
                    format!("[{typed}]")
                }
            })
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
    for cmdlet in super::cmdlets() {
        out.push_str(&format!("{:<46} {}\n", cmdlet.name, cmdlet.synopsis));
    }
    out.trim_end().to_owned()
}
