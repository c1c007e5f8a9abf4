//! Resource groups and resource providers: `az group list|show|create`, `Get-AzResourceGroup`,
//! `New-AzResourceGroup` — what the caller can read (`Microsoft.Resources/subscriptions/
//! resourceGroups/read`, the core's decision) and create (`create_resource_group`); `az provider
//! register|show`, `Register-AzResourceProvider`, `Get-AzResourceProvider` — the backup providers
//! G11 needs (`register_provider`). Sources: azure-cli `resource/_params.py` and `custom.py`
//! (`_update_provider`'s "Registering is still on-going" warning), Az.Resources' cmdlets.

use serde_json::{json, Value};

use super::{Family, Format, Writer};
use crate::changes::{AzUsage, Ids};
use crate::host::{object, AuxToken, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::rest::RestCall;
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet};
use crate::LineError;
use mua_core::command::Command;
use mua_core::error::Trace;
use mua_core::model::{Handle, ResourceGroup};
use mua_core::rbac::Action;
use mua_core::world::World;

pub(super) struct Groups;

impl Family for Groups {
    const AZ: &'static [AzCommand] = &[
        az("group list", "List resource groups.", &[]),
        // azure-cli `resource/_params.py`: `group show` takes `--name -n --resource-group -g`.
        az("group show", "Gets a resource group.", &[p(&["--name", "-n", "--resource-group", "-g"], Arity::One, true)]),
        AzCommand {
            creates: Some("--name"),
            ..az(
                "group create",
                "Create a new resource group.",
                &[
                    p(&["--name", "-n", "--resource-group", "-g"], Arity::One, true),
                    p(&["--location", "-l"], Arity::One, true),
                ],
            )
        },
        az(
            "provider register",
            "Register a provider.",
            &[p(&["--namespace", "-n"], Arity::One, true), p(&["--wait"], Arity::Flag, false)],
        ),
        az("provider show", "Gets provider information.", &[p(&["--namespace", "-n"], Arity::One, true)]),
    ];

    const CMDLETS: &'static [Cmdlet] = &[
        cmdlet("Get-AzResourceGroup", "Gets resource groups.", &[("Name", false), ("Location", false)]),
        Cmdlet {
            creates: true,
            ..cmdlet(
                "New-AzResourceGroup",
                "Creates an Azure resource group.",
                &[("Name", true), ("Location", true), ("Tag", false)],
            )
        },
        cmdlet("Register-AzResourceProvider", "Registers a resource provider.", &[("ProviderNamespace", true)]),
        cmdlet("Get-AzResourceProvider", "Gets a resource provider.", &[("ProviderNamespace", true)]),
    ];

    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        if ids.call.command != "group create" {
            return Ok(None);
        }
        Ok(Some(Command::CreateResourceGroup {
            id: ids.required("--name")?.to_owned(),
            subscription: subscription_of(ids.world, &ids.subscription_id()),
            location: ids.required("--location")?.to_owned(),
        }))
    }

    /// `PUT /subscriptions/{id}/resourceGroups/{name}` and `POST …/providers/{namespace}/register`.
    fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
        let (scope, parts) = call.route();
        let sub = |scope: &str| subscription_of(call.world, scope);
        Ok(Some(match (call.method.as_str(), parts.as_slice()) {
            ("POST", [namespace, "register"]) => {
                Command::RegisterProvider { subscription: sub(scope), namespace: (*namespace).to_owned() }
            }
            ("PUT", [""]) => {
                let Some((sub_id, name)) = call.path.split_once("/resourceGroups/").filter(|(_, n)| !n.contains('/'))
                else {
                    return Ok(None);
                };
                Command::CreateResourceGroup {
                    id: name.to_owned(),
                    subscription: sub(sub_id),
                    location: crate::rest::text(&call.body["location"])
                        .ok_or_else(|| crate::rest::usage("the body has no location".to_owned()))?,
                }
            }
            _ => return Ok(None),
        }))
    }

    fn printed(world: &World, command: &Command) -> Option<Value> {
        let Command::CreateResourceGroup { id, .. } = command else { return None };
        world.resource_groups().get(id).map(|rg| group_json(world, rg))
    }

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        Some(match run.call.command {
            "group list" => Ok(list(run)),
            "group show" => show(run),
            "provider register" => register(run),
            "provider show" => provider_show(run),
            _ => return None,
        })
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        Some(match name {
            "Get-AzResourceGroup" => get(host, b),
            "New-AzResourceGroup" => new_group(host, b),
            "Register-AzResourceProvider" => register_cmdlet(host, b),
            "Get-AzResourceProvider" => provider_cmdlet(host, b),
            _ => return None,
        })
    }

    /// `az group create` / `New-AzResourceGroup`, and `az provider register` /
    /// `Register-AzResourceProvider` (an ARM REST PUT / POST).
    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        match (command, format) {
            (Command::CreateResourceGroup { id, subscription, location }, Format::Az) => Some(format!(
                "az group create --name {id} --location {location} --subscription {}",
                x.subscription_of(subscription)?
            )),
            (Command::CreateResourceGroup { id, location, .. }, Format::Pwsh) => {
                Some(format!("New-AzResourceGroup -Name {id} -Location {location}"))
            }
            (Command::CreateResourceGroup { id, subscription, location }, Format::Rest) => Some(super::call(
                "put",
                &format!("/subscriptions/{}/resourceGroups/{id}", x.subscription_of(subscription)?),
                "Microsoft.Resources/resourceGroups",
                Some(json!({ "location": location })),
                None,
            )),
            (Command::RegisterProvider { subscription, namespace }, Format::Az) => Some(format!(
                "az provider register --namespace {namespace} --subscription {}",
                x.subscription_of(subscription)?
            )),
            (Command::RegisterProvider { namespace, .. }, Format::Pwsh) => {
                Some(format!("Register-AzResourceProvider -ProviderNamespace {namespace}"))
            }
            (Command::RegisterProvider { subscription, namespace }, Format::Rest) => Some(super::call(
                "post",
                &format!("/subscriptions/{}/providers/{namespace}/register", x.subscription_of(subscription)?),
                "Microsoft.Resources/providers",
                None,
                None,
            )),
            _ => None,
        }
    }
}

/// A subscription's GUID.
fn guid(world: &World, subscription: &str) -> Option<String> {
    world.subscriptions().get(subscription).map(|s| s.subscription_id.clone())
}

/// The subscription a `/subscriptions/<guid>` id names, as a handle (the id itself when it names
/// none: the core says it is not found).
fn subscription_of(world: &World, id: &str) -> Handle {
    world.handle_of(id).map_or_else(|| id.to_owned(), str::to_owned)
}

/// A provider as ARM's `GET /subscriptions/{id}/providers/{namespace}` returns its registration.
fn provider_json(world: &World, subscription: &str, namespace: &str) -> Value {
    let s = world.subscriptions().get(subscription);
    let registered = s.is_some_and(|s| s.registered_providers.iter().any(|p| p.eq_ignore_ascii_case(namespace)));
    json!({
        "id": format!("/subscriptions/{}/providers/{namespace}", s.map_or("", |s| s.subscription_id.as_str())),
        "namespace": namespace,
        "registrationPolicy": "RegistrationRequired",
        "registrationState": if registered { "Registered" } else { "NotRegistered" },
    })
}

/// `az provider register --namespace`: the core's `register_provider` in the current subscription,
/// with az's warning (registration is asynchronous in Azure; here it is done at once).
fn register(run: &mut AzRun<'_>) -> Result<Returned, LineError> {
    let namespace = run.call.value("--namespace").unwrap_or_default().to_owned();
    let subscription = subscription_of(run.world(), &run.ids().subscription_id());
    let (_, trace) =
        run.submit(Command::RegisterProvider { subscription, namespace: namespace.clone() }, Vec::new())?;
    let mut returned = Returned::nothing(trace);
    if !run.call.flag("--wait") {
        returned
            .warnings
            .push(format!("Registering is still on-going. You can monitor using 'az provider show -n {namespace}'"));
    }
    Ok(returned)
}

/// A subscription ARM shows the caller (one it holds a role in), else ARM's `SubscriptionNotFound`.
fn visible(world: &World, actor: &str, subscription: &str) -> Result<(), LineError> {
    if world.sees_subscription(actor, subscription) {
        return Ok(());
    }
    let guid = guid(world, subscription).unwrap_or_else(|| subscription.to_owned());
    Err(LineError::Usage(format!(
        "ERROR: (SubscriptionNotFound) The subscription '{guid}' could not be found.\nCode: SubscriptionNotFound\nMessage: The subscription '{guid}' could not be found."
    )))
}

/// `az provider show --namespace`: its registration in the current subscription.
fn provider_show(run: &mut AzRun<'_>) -> Result<Returned, LineError> {
    let namespace = run.call.value("--namespace").unwrap_or_default();
    let subscription = subscription_of(run.world(), &run.ids().subscription_id());
    visible(run.world(), run.actor, &subscription)?;
    Ok(Returned::json(provider_json(run.world(), &subscription, namespace), Trace::default()))
}

/// The context's subscription (a handle).
fn context_subscription(host: &Host<'_>) -> Handle {
    host.context.current(host.world(), host.actor).unwrap_or_default()
}

/// A provider's registration as Az.Resources' `PSResourceProvider`.
fn provider_object(host: &Host<'_>, subscription: &str, namespace: &str) -> PsValue {
    let arm = provider_json(host.world(), subscription, namespace);
    object(
        "PSResourceProvider",
        vec![
            ("ProviderNamespace", PsValue::Str(arm["namespace"].as_str().unwrap_or_default().to_owned())),
            ("RegistrationState", PsValue::Str(arm["registrationState"].as_str().unwrap_or_default().to_owned())),
        ],
    )
}

/// `Register-AzResourceProvider -ProviderNamespace`.
fn register_cmdlet(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let namespace = b.text("ProviderNamespace").unwrap_or_default().to_owned();
    let subscription = context_subscription(host);
    let tenant = host.world().subscriptions().get(&subscription).map(|s| s.tenant.clone());
    host.change(
        Command::RegisterProvider { subscription: subscription.clone(), namespace: namespace.clone() },
        tenant,
        AuxToken::None,
    )?;
    Ok(provider_object(host, &subscription, &namespace))
}

/// `Get-AzResourceProvider -ProviderNamespace`.
fn provider_cmdlet(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let namespace = b.text("ProviderNamespace").unwrap_or_default();
    let subscription = context_subscription(host);
    visible(host.world(), host.actor, &subscription).map_err(|_| {
        LineError::Usage(format!(
            "Get-AzResourceProvider: The subscription '{}' could not be found.",
            guid(host.world(), &subscription).unwrap_or_default()
        ))
    })?;
    Ok(provider_object(host, &subscription, namespace))
}

/// `New-AzResourceGroup -Name -Location`: the core's `create_resource_group` in the context's
/// subscription.
fn new_group(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let subscription = context_subscription(host);
    let tenant = host.world().subscriptions().get(&subscription).map(|s| s.tenant.clone());
    let command = Command::CreateResourceGroup {
        id: b.text("Name").unwrap_or_default().to_owned(),
        subscription,
        location: b.text("Location").unwrap_or_default().to_owned(),
    };
    let Command::CreateResourceGroup { id, .. } = host.change(command, tenant, AuxToken::None)? else {
        return Ok(PsValue::Null);
    };
    let world = host.world();
    Ok(world.resource_groups().get(&id).map_or(PsValue::Null, |rg| rg_object(world, rg)))
}

/// A resource group as ARM returns it (`Microsoft.Resources/resourceGroups`).
fn group_json(world: &World, rg: &ResourceGroup) -> Value {
    json!({
        "id": world.arm_id(&rg.id).unwrap_or_default(),
        "location": rg.location,
        "managedBy": null,
        "name": rg.id,
        "properties": {"provisioningState": "Succeeded"},
        "tags": null,
        "type": "Microsoft.Resources/resourceGroups",
    })
}

/// The current subscription's resource groups the caller can read.
fn list(run: &AzRun<'_>) -> Returned {
    let world = run.world();
    let sub = run.context.current(world, run.actor).unwrap_or_default();
    let credentials = run.credentials();
    let mut trace = Trace::default();
    let mut listed = Vec::new();
    for rg in world.resource_groups().values().filter(|rg| rg.subscription == sub) {
        if let Ok(read) = world.decide_read(run.actor, &rg.id, Action::ResourceGroupRead, &credentials) {
            trace.append(read);
            listed.push(group_json(world, rg));
        }
    }
    Returned::json(Value::Array(listed), trace)
}

/// `az group show --name`: one resource group of the current subscription.
fn show(run: &AzRun<'_>) -> Result<Returned, LineError> {
    let name = run.call.value("--name").unwrap_or_default();
    let id = format!("{}/resourceGroups/{name}", run.ids().subscription_id());
    let trace = run.read(&id, Action::ResourceGroupRead)?;
    let world = run.world();
    let rg = world.handle_of(&id).and_then(|h| world.resource_groups().get(h));
    Ok(Returned::json(rg.map(|rg| group_json(world, rg)).unwrap_or_default(), trace))
}

/// `Get-AzResourceGroup [-Name] [-Location]`: the context's subscription's groups the caller can read.
fn get(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let world = host.world();
    let sub = host.context.current(world, host.actor).unwrap_or_default();
    let guid = world.subscriptions().get(&sub).map(|s| s.subscription_id.clone()).unwrap_or_default();
    let credentials = host.credentials(Some(&guid));
    let mut found: Vec<(String, Trace)> = Vec::new();
    for rg in world.resource_groups().values().filter(|rg| rg.subscription == sub) {
        let named = b.text("Name").is_none_or(|n| rg.id.eq_ignore_ascii_case(n));
        let located = b.text("Location").is_none_or(|l| rg.location.eq_ignore_ascii_case(l));
        if !(named && located) {
            continue;
        }
        match world.decide_read(host.actor, &rg.id, Action::ResourceGroupRead, &credentials) {
            Ok(trace) => found.push((rg.id.clone(), trace)),
            Err(refusal) if b.text("Name").is_some() => return Err(refusal.into()),
            Err(_) => {}
        }
    }
    if b.text("Name").is_some() && found.is_empty() {
        // Az.Resources' message for a name that is not there.
        return Err(LineError::Usage("Get-AzResourceGroup: Provided resource group does not exist.".to_owned()));
    }
    let mut objects = Vec::new();
    for (rg, trace) in found {
        host.trace.append(trace);
        let world = host.world();
        let Some(rg) = world.resource_groups().get(&rg) else { continue };
        objects.push(rg_object(world, rg));
    }
    Ok(if objects.len() == 1 { objects.remove(0) } else { PsValue::List(objects) })
}

/// A resource group as Az.Resources' `PSResourceGroup`.
fn rg_object(world: &World, rg: &ResourceGroup) -> PsValue {
    object(
        "PSResourceGroup",
        vec![
            ("ResourceGroupName", PsValue::Str(rg.id.clone())),
            ("Location", PsValue::Str(rg.location.clone())),
            ("ProvisioningState", PsValue::Str("Succeeded".to_owned())),
            ("Tags", PsValue::Null),
            ("ResourceId", PsValue::Str(world.arm_id(&rg.id).unwrap_or_default())),
        ],
    )
}
