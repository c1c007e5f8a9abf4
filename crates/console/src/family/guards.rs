//! Resource Guards: create, update (the operations excluded from protection), delete.

use mua_core::command::Command;
use serde_json::{json, Value};

use super::{call, quote, tags_json, tags_words, Family, Format, Writer};
use crate::arm;
use crate::changes::AzUsage;
use crate::changes::{tags as tag_words, Ids};
use crate::host::{from_arm, AuxToken, AzRun, Bound, Host, Returned};
use crate::pwsh::PsValue;
use crate::rest::{resource_group, text, RestCall};
use crate::table::{az, cmdlet, p, Arity, AzCall, AzCommand, Cmdlet, Param, IDS, LOCATION, RG, RG_REQ, TAGS, YES};
use crate::LineError;
use mua_core::critical_operations::{all_operations, named_operations, VaultKind};
use mua_core::rbac::Action;
use mua_core::world::World;

const GUARDS: &str = "Microsoft.DataProtection/resourceGuards";
// The option strings in the order az names them in its messages (SPEC §10a).
const GUARD_NAME: Param = p(&["--name", "-n", "--resource-guard-name"], Arity::One, false);
const RESOURCE_TYPE: Param = p(&["--resource-type"], Arity::One, false);

pub(super) struct Guards;

impl Family for Guards {
    const AZ: &'static [AzCommand] = &[
        AzCommand {
            creates: Some("--name"),
            ..az(
                "dataprotection resource-guard create",
                "Creates or updates a ResourceGuard resource belonging to a resource group.",
                &[RG_REQ, Param { required: true, ..GUARD_NAME }, LOCATION, TAGS],
            )
        },
        az(
            "dataprotection resource-guard show",
            "Returns a ResourceGuard belonging to a resource group.",
            &[RG, GUARD_NAME, IDS],
        ),
        az(
            "dataprotection resource-guard list",
            "Gets list of ResourceGuards in a subscription or in a resource group.",
            &[RG],
        ),
        az(
            "dataprotection resource-guard update",
            "Updates protected operations associated with a ResourceGuard.",
            &[
                RG,
                GUARD_NAME,
                IDS,
                p(&["--critical-operation-exclusion-list"], Arity::Many, false),
                RESOURCE_TYPE,
                TAGS,
                p(&["--type"], Arity::One, false),
            ],
        ),
        az(
            "dataprotection resource-guard list-protected-operations",
            "Lists protected operations associated with a ResourceGuard.",
            &[RG, GUARD_NAME, IDS, Param { required: true, ..RESOURCE_TYPE }],
        ),
        az(
            "dataprotection resource-guard delete",
            "Deletes a ResourceGuard resource from the resource group.",
            &[RG, GUARD_NAME, IDS, YES],
        ),
    ];

    const CMDLETS: &'static [Cmdlet] = &[
        Cmdlet {
            creates: true,
            ..cmdlet(
                "New-AzDataProtectionResourceGuard",
                "Creates or updates a ResourceGuard resource belonging to a resource group.",
                &[
                    ("Location", true),
                    ("Name", true),
                    ("ResourceGroupName", true),
                    ("SubscriptionId", false),
                    ("Tag", false),
                ],
            )
        },
        cmdlet(
            "Get-AzDataProtectionResourceGuard",
            "Returns a ResourceGuard belonging to a resource group.",
            &[("Name", false), ("ResourceGroupName", false), ("SubscriptionId", false)],
        ),
        cmdlet(
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
        cmdlet(
            "Remove-AzDataProtectionResourceGuard",
            "Deletes a ResourceGuard resource from the resource group.",
            &[("Name", true), ("ResourceGroupName", true), ("SubscriptionId", false)],
        ),
    ];

    /// `az dataprotection resource-guard create|update|delete`.
    fn read_az(ids: &Ids<'_>) -> Result<Option<Command>, AzUsage> {
        let call = ids.call;
        Ok(Some(match call.command {
            "dataprotection resource-guard create" => Command::CreateResourceGuard {
                id: ids.required("--name")?.to_owned(),
                resource_group: ids.required("--resource-group")?.to_owned(),
                location: call.value("--location").map(str::to_owned),
                description: String::new(),
                excluded_operations: Vec::new(),
                tags: tag_words(call.values("--tags").unwrap_or_default())?,
            },
            "dataprotection resource-guard update" => {
                let guard = ids.guard()?;
                let kind = call.value("--resource-type").map(resource_type).transpose()?;
                // azure-cli-extensions `dataprotection/manual/aaz_operations/resource_guard.py`
                // (`Update.pre_operations`): with --resource-type, each of az's names becomes that
                // type's ARM operation string (`helpers.py`, `critical_operation_map`), anything
                // else is sent as it is, and the update's PUT replaces the guard's whole list
                // (both vault kinds'); without it (or without a list) the list stays as it is.
                let excluded_operations = match (call.values("--critical-operation-exclusion-list"), kind) {
                    (Some(list), Some(kind)) => {
                        list.iter().map(|name| az_operation(name, kind)).collect::<Result<Vec<_>, _>>()?
                    }
                    _ => ids
                        .world
                        .resolve_guard(&guard)
                        .map(|g| g.excluded.iter().cloned().collect())
                        .unwrap_or_default(),
                };
                Command::UpdateResourceGuard {
                    guard,
                    excluded_operations,
                    resource_type: None,
                    description: None,
                    tags: call.values("--tags").map(tag_words).transpose()?,
                }
            }
            "dataprotection resource-guard delete" => Command::DeleteResourceGuard { guard: ids.guard()? },
            _ => return Ok(None),
        }))
    }

    /// `PUT`/`PATCH` and `DELETE` of `Microsoft.DataProtection/resourceGuards/{name}`.
    fn read_rest(call: &RestCall<'_>) -> Result<Option<Command>, AzUsage> {
        let (scope, parts) = call.route();
        let (body, props, path) = (&call.body, call.props(), call.path.clone());
        Ok(Some(match (call.method.as_str(), parts.as_slice()) {
            ("PUT" | "PATCH", [ns, "resourceGuards", name]) if ns.eq_ignore_ascii_case("Microsoft.DataProtection") => {
                let exclusions = props["vaultCriticalOperationExclusionList"]
                    .as_array()
                    .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect::<Vec<_>>());
                let tags = body["tags"]
                    .as_object()
                    .map(|t| t.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect());
                if call.world.resolve_guard(&path).is_some() || call.method == "PATCH" {
                    Command::UpdateResourceGuard {
                        guard: path,
                        excluded_operations: exclusions.unwrap_or_default(),
                        resource_type: None,
                        description: text(&props["description"]),
                        tags,
                    }
                } else {
                    Command::CreateResourceGuard {
                        id: (*name).to_owned(),
                        resource_group: resource_group(scope)?,
                        location: text(&body["location"]),
                        description: text(&props["description"]).unwrap_or_default(),
                        excluded_operations: exclusions.unwrap_or_default(),
                        tags: tags.unwrap_or_default(),
                    }
                }
            }
            ("DELETE", [_, "resourceGuards", _]) => Command::DeleteResourceGuard { guard: path },
            _ => return Ok(None),
        }))
    }

    fn run_az(run: &mut AzRun<'_>) -> Option<Result<Returned, LineError>> {
        Some(match run.call.command {
            "dataprotection resource-guard show" => {
                run.ids().guard().map_err(LineError::from).and_then(|id| show(run, &id))
            }
            "dataprotection resource-guard list" => Ok(list(run)),
            "dataprotection resource-guard list-protected-operations" => protected_operations(run),
            _ => return None,
        })
    }

    /// dataprotection's `Update.pre_operations`, word for word (its logger adds a second `WARNING:`).
    fn warning(call: &AzCall) -> Option<&'static str> {
        let listed = call.values("--critical-operation-exclusion-list").is_some();
        (call.command == "dataprotection resource-guard update" && listed && call.value("--resource-type").is_none())
            .then_some("WARNING: --resource-type argument is required to update --critical-operation-exclusion-list.")
    }

    fn printed(world: &World, command: &Command) -> Option<Value> {
        let (Command::CreateResourceGuard { id: guard, .. } | Command::UpdateResourceGuard { guard, .. }) = command
        else {
            return None;
        };
        world.guards().get(guard).map(|g| arm::guard(world, g))
    }

    fn run_cmdlet(host: &mut Host<'_>, name: &'static str, b: &Bound) -> Option<Result<PsValue, LineError>> {
        Some(match name {
            "New-AzDataProtectionResourceGuard" => new_guard(host, b),
            "Get-AzDataProtectionResourceGuard" => get_guards(host, b),
            "Update-AzDataProtectionResourceGuard" => update_guard(host, b),
            "Remove-AzDataProtectionResourceGuard" => {
                let guard = host.resource_id(b, GUARDS, "Name");
                let tenant = host.subscription_tenant(b);
                host.change(Command::DeleteResourceGuard { guard }, tenant, AuxToken::None).map(|_| PsValue::Null)
            }
            _ => return None,
        })
    }

    fn write(x: &Writer<'_>, command: &Command, format: Format) -> Option<String> {
        let shell = format.shell();
        match (command, format) {
            (
                Command::CreateResourceGuard { id, resource_group, location, description, excluded_operations, tags },
                Format::Rest,
            ) => {
                if x.w.guards().contains_key(id) {
                    return None;
                }
                let path = format!("{}/providers/Microsoft.DataProtection/resourceGuards/{id}", x.arm(resource_group)?);
                let mut properties = json!({ "vaultCriticalOperationExclusionList": excluded_operations });
                if !description.is_empty() {
                    properties["description"] = Value::from(description.as_str());
                }
                let body = json!({ "location": x.location(location, resource_group)?, "tags": tags_json(tags), "properties": properties });
                Some(call("put", &path, GUARDS, Some(body), None))
            }
            (
                Command::CreateResourceGuard { id, resource_group, location, description, excluded_operations, tags },
                _,
            ) => {
                if !description.is_empty() || !excluded_operations.is_empty() {
                    return None;
                }
                let sub = x.subscription_of(resource_group)?;
                let location = x.location(location, resource_group)?;
                let tags = tags_words(tags.iter(), shell);
                Some(match format {
                    Format::Pwsh => format!("New-AzDataProtectionResourceGuard -SubscriptionId {sub} -ResourceGroupName {resource_group} -Name {id} -Location {location}{tags}"),
                    _ => format!("az dataprotection resource-guard create --subscription {sub} --resource-group {resource_group} --resource-guard-name {id} --location {location}{tags}"),
                })
            }
            (
                Command::UpdateResourceGuard { guard, excluded_operations, resource_type: None, description, tags },
                Format::Rest,
            ) => {
                let mut properties = json!({ "vaultCriticalOperationExclusionList": excluded_operations });
                if let Some(d) = description {
                    properties["description"] = Value::from(d.as_str());
                }
                let mut body = json!({ "properties": properties });
                if let Some(t) = tags {
                    body["tags"] = tags_json(t);
                }
                Some(call("patch", &x.guard_arm(guard)?, GUARDS, Some(body), None))
            }
            (
                Command::UpdateResourceGuard { guard, excluded_operations, resource_type, description: None, tags },
                Format::Az | Format::Pwsh,
            ) => {
                if excluded_operations.is_empty() {
                    return None;
                }
                let g = x.w.resolve_guard(guard)?;
                let tags = tags_words(tags.iter().flatten(), shell);
                Some(match format {
                    Format::Pwsh => {
                        if resource_type.is_some() {
                            return None;
                        }
                        let list: Vec<String> = excluded_operations.iter().map(|o| quote(o)).collect();
                        format!(
                            "Update-AzDataProtectionResourceGuard -SubscriptionId {} -ResourceGroupName {} -Name {} -CriticalOperationExclusionList {}{tags}",
                            x.subscription_of(&g.id)?,
                            g.resource_group,
                            g.id,
                            list.join(",")
                        )
                    }
                    _ => az_update_line(x, g, excluded_operations, *resource_type, &tags)?,
                })
            }
            (Command::DeleteResourceGuard { guard }, Format::Rest) => {
                Some(call("delete", &x.guard_arm(guard)?, GUARDS, None, None))
            }
            (Command::DeleteResourceGuard { guard }, _) => {
                let g = x.w.resolve_guard(guard)?;
                Some(match format {
                    Format::Pwsh => format!(
                        "Remove-AzDataProtectionResourceGuard -SubscriptionId {} -ResourceGroupName {} -Name {}",
                        x.subscription_of(&g.id)?,
                        g.resource_group,
                        g.id
                    ),
                    _ => format!("az dataprotection resource-guard delete --ids {} --yes", x.arm_or_name(&g.id)),
                })
            }
            _ => None,
        }
    }
}

/// A guard by its ARM id, as `show` and `az rest`'s GET print it.
pub(super) fn show(run: &AzRun<'_>, id: &str) -> Result<Returned, LineError> {
    let trace = run.read(id, Action::GuardRead)?;
    let world = run.world();
    Ok(Returned::json(world.resolve_guard(id).map(|g| arm::guard(world, g)).unwrap_or_default(), trace))
}

/// `az dataprotection resource-guard list`: the guards of the subscription (or resource group)
/// the caller can read (ARM lists what the caller can read).
fn list(run: &AzRun<'_>) -> Returned {
    let world = run.world();
    let sub = run.ids().subscription_id();
    let rg = run.call.value("--resource-group");
    let credentials = run.credentials();
    let mut trace = mua_core::error::Trace::default();
    let mut listed = Vec::new();
    for g in world.guards().values() {
        let id = world.arm_id(&g.id).unwrap_or_default();
        let in_scope =
            id.starts_with(&format!("{sub}/")) && rg.is_none_or(|rg| g.resource_group.eq_ignore_ascii_case(rg));
        if in_scope {
            if let Ok(read) = world.decide_read(run.actor, &g.id, Action::GuardRead, &credentials) {
                trace.append(read);
                listed.push(arm::guard(world, g));
            }
        }
    }
    Returned::json(Value::Array(listed), trace)
}

/// `az dataprotection resource-guard list-protected-operations --resource-type`.
fn protected_operations(run: &AzRun<'_>) -> Result<Returned, LineError> {
    let id = run.ids().guard()?;
    let trace = run.read(&id, Action::GuardRead)?;
    let kind = resource_type(run.call.value("--resource-type").unwrap_or_default())?;
    Ok(Returned::json(Value::Array(arm::protected_operations(kind)), trace))
}

/// A vault kind named by its resource type, or az's message for another.
/// The az line of a guard update: az's update replaces the guard's whole list, so the line sends
/// the list the step leaves — the ops it names (for one kind, with the other kind's kept), as az's
/// names where the type has them, else ARM operation strings (which az sends as they are). az
/// takes no empty list.
fn az_update_line(
    x: &Writer<'_>,
    g: &mua_core::model::ResourceGuard,
    excluded_operations: &[String],
    resource_type: Option<VaultKind>,
    tags: &str,
) -> Option<String> {
    let mut after: Vec<&'static str> = excluded_operations
        .iter()
        .flat_map(|n| named_operations(n, resource_type))
        .map(|o| o.vault_operation)
        .collect();
    if let Some(kind) = resource_type {
        let others = all_operations()
            .filter(|o| !kind.critical_operations().iter().any(|k| k.vault_operation == o.vault_operation))
            .filter(|o| g.excluded.contains(o.vault_operation))
            .map(|o| o.vault_operation);
        after.extend(others);
    }
    after.sort_unstable();
    after.dedup();
    // A name that names no operation of the kind is sent as it is (and refused
    // as the step was).
    let unknown: Vec<String> = excluded_operations
        .iter()
        .filter(|n| named_operations(n, resource_type).is_empty())
        .map(|n| quote(n))
        .collect();
    if after.is_empty() && unknown.is_empty() {
        return None;
    }
    let kind = if after.iter().any(|o| o.starts_with(VaultKind::RecoveryServices.resource_type())) {
        VaultKind::RecoveryServices
    } else {
        VaultKind::Backup
    };
    let mut names: Vec<String> =
        after.iter().map(|o| az_name(o, kind).map_or_else(|| quote(o), str::to_owned)).collect();
    names.extend(unknown);
    Some(format!(
        "az dataprotection resource-guard update --ids {} --critical-operation-exclusion-list {} --resource-type {}{tags}",
        x.arm_or_name(&g.id),
        names.join(" "),
        kind.resource_type()
    ))
}

/// az's names for critical operations and the path each stands for after a vault type
/// (azure-cli-extensions `dataprotection/azext_dataprotection/manual/helpers.py`).
const AZ_OPERATIONS: [(&str, &str); 6] = [
    ("deleteProtection", "/backupFabrics/protectionContainers/protectedItems/delete"),
    ("updateProtection", "/backupFabrics/protectionContainers/protectedItems/write"),
    ("updatePolicy", "/backupPolicies/write"),
    ("deleteRGMapping", "/backupResourceGuardProxies/delete"),
    ("getSecurityPIN", "/backupSecurityPIN/action"),
    ("disableSoftDelete", "/backupconfig/write"),
];

/// What az sends for one item of `--critical-operation-exclusion-list` with `--resource-type`:
/// one of its names as that type's ARM operation string, an ARM operation string as it is. Any
/// other word is refused here (ARM would not know it; this console does not invent its answer).
fn az_operation(name: &str, kind: VaultKind) -> Result<String, AzUsage> {
    if let Some((_, path)) = AZ_OPERATIONS.iter().find(|(n, _)| *n == name) {
        return Ok(format!("{}{path}", kind.resource_type()));
    }
    if name.contains('/') {
        return Ok(name.to_owned());
    }
    let names: Vec<&str> = AZ_OPERATIONS.iter().map(|(n, _)| *n).collect();
    Err(AzUsage(format!(
        "ERROR: '{name}' is not an operation az sends: use {} or an ARM operation string (Microsoft.RecoveryServices/vaults/backupSecurityPIN/action)",
        names.join(", ")
    )))
}

/// az's name for an ARM operation string of a vault type, where it has one.
fn az_name(operation: &str, kind: VaultKind) -> Option<&'static str> {
    let path = operation.strip_prefix(kind.resource_type())?;
    AZ_OPERATIONS.iter().find(|(_, p)| *p == path).map(|(n, _)| *n)
}

fn resource_type(text: &str) -> Result<VaultKind, AzUsage> {
    VaultKind::parse(text).ok_or_else(|| {
        AzUsage(format!(
            "ERROR: argument --resource-type: invalid choice: '{text}' (choose from 'Microsoft.RecoveryServices/vaults', 'Microsoft.DataProtection/backupVaults')"
        ))
    })
}

fn new_guard(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let command = Command::CreateResourceGuard {
        id: b.text("Name").unwrap_or_default().to_owned(),
        resource_group: b.text("ResourceGroupName").unwrap_or_default().to_owned(),
        location: b.text("Location").map(str::to_owned),
        description: String::new(),
        excluded_operations: Vec::new(),
        tags: b.get("Tag").map(tags).transpose()?.unwrap_or_default(),
    };
    let tenant = host.subscription_tenant(b);
    let Command::CreateResourceGuard { id, .. } = host.change(command, tenant, AuxToken::None)? else {
        return Ok(PsValue::Null);
    };
    Ok(guard_object(host, &id))
}

fn update_guard(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let command = Command::UpdateResourceGuard {
        guard: host.resource_id(b, GUARDS, "Name"),
        excluded_operations: b.get("CriticalOperationExclusionList").map(PsValue::texts).unwrap_or_default(),
        resource_type: None,
        description: None,
        tags: b.get("Tag").map(tags).transpose()?,
    };
    let tenant = host.subscription_tenant(b);
    let Command::UpdateResourceGuard { guard, .. } = host.change(command, tenant, AuxToken::None)? else {
        return Ok(PsValue::Null);
    };
    Ok(guard_object(host, &guard))
}

/// `Get-AzDataProtectionResourceGuard`: one guard by `-Name` (refused when the caller cannot read
/// it), or the guards of the subscription (or resource group) the caller can read.
fn get_guards(host: &mut Host<'_>, b: &Bound) -> Result<PsValue, LineError> {
    let sub = host.subscription_guid(b);
    let credentials = host.credentials(Some(&sub));
    let world = host.world();
    let mut found = Vec::new();
    for g in world.guards().values() {
        let id = world.arm_id(&g.id).unwrap_or_default();
        let in_scope = id.contains(&format!("/subscriptions/{sub}/"))
            && b.text("ResourceGroupName").is_none_or(|rg| g.resource_group.eq_ignore_ascii_case(rg))
            && b.text("Name").is_none_or(|n| g.id.eq_ignore_ascii_case(n));
        if in_scope {
            match world.decide_read(host.actor, &g.id, Action::GuardRead, &credentials) {
                Ok(trace) => found.push((g.id.clone(), trace)),
                // A named guard the caller cannot read is refused; a list skips it.
                Err(refusal) if b.text("Name").is_some() => return Err(refusal.into()),
                Err(_) => {}
            }
        }
    }
    if let (Some(name), true) = (b.text("Name"), found.is_empty()) {
        let id = host.resource_id(b, GUARDS, "Name");
        return Err(world.decide_read(host.actor, &id, Action::GuardRead, &credentials).err().map_or_else(
            || {
                LineError::Usage(format!(
                    "Get-AzDataProtectionResourceGuard: The Resource Guard '{name}' was not found."
                ))
            },
            LineError::Refused,
        ));
    }
    let mut objects = Vec::new();
    for (g, trace) in found {
        host.trace.append(trace);
        objects.push(guard_object(host, &g));
    }
    Ok(if objects.len() == 1 && b.text("Name").is_some() {
        objects.into_iter().next().unwrap_or(PsValue::Null)
    } else {
        PsValue::List(objects)
    })
}

/// A guard as the Az module returns it (`ResourceGuardResource`).
fn guard_object(host: &Host<'_>, guard: &str) -> PsValue {
    let world = host.world();
    world.guards().get(guard).map_or(PsValue::Null, |g| from_arm("ResourceGuardResource", &arm::guard(world, g)))
}

/// `-Tag @{k="v"; …}` (a hashtable, as the Az module takes it), or `"k=v"` strings.
fn tags(value: &PsValue) -> Result<mua_core::command::Tags, LineError> {
    if let PsValue::Object(table) = value {
        return Ok(table.props.iter().map(|(k, v)| (k.clone(), v.as_text().unwrap_or_default().to_owned())).collect());
    }
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
