//! Resource groups: `az group list|show`, `Get-AzResourceGroup` — what the caller can read
//! (`Microsoft.Resources/subscriptions/resourceGroups/read`, the core's decision).

use serde_json::{json, Value};

use super::Family;
use crate::host::{object, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::table::{az, cmdlet, p, Arity, AzCommand, Cmdlet};
use crate::LineError;
use mua_core::error::Trace;
use mua_core::model::ResourceGroup;
use mua_core::rbac::Action;
use mua_core::world::World;

pub(super) struct Groups;

impl Family for Groups {
    const AZ: &'static [AzCommand] = &[
        az("group list", "List resource groups.", &[]),
        // azure-cli `resource/_params.py`: `group show` takes `--name -n --resource-group -g`.
        az("group show", "Gets a resource group.", &[p(&["--name", "-n", "--resource-group", "-g"], Arity::One, true)]),
    ];

    const CMDLETS: &'static [Cmdlet] =
        &[cmdlet("Get-AzResourceGroup", "Gets resource groups.", &[("Name", false), ("Location", false)])];

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        Some(match run.call.command {
            "group list" => Ok(list(run)),
            "group show" => show(run),
            _ => return None,
        })
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        (name == "Get-AzResourceGroup").then(|| get(host, b))
    }
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
        objects.push(object(
            "PSResourceGroup",
            vec![
                ("ResourceGroupName", PsValue::Str(rg.id.clone())),
                ("Location", PsValue::Str(rg.location.clone())),
                ("ProvisioningState", PsValue::Str("Succeeded".to_owned())),
                ("Tags", PsValue::Null),
                ("ResourceId", PsValue::Str(world.arm_id(&rg.id).unwrap_or_default())),
            ],
        ));
    }
    Ok(if objects.len() == 1 { objects.remove(0) } else { PsValue::List(objects) })
}
