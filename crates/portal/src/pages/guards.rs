//! Resource Guards: list, create (with the Protected operations tab), and the guard blade
//! (Overview, Properties with the Disable toggles, Access control (IAM)).

use mua_core::table::Set;

use mua_core::critical_operations::{CriticalOperation, VaultKind};
use mua_core::Command;
use yew::prelude::*;

use super::{command_button, frame, tabs};
use crate::components::explain::InlineError;
use crate::context::{use_ctx, Ctx};
use crate::hooks::{use_name, use_placement, use_text};
use crate::state::{Action, Blade, GuardTab};
use crate::util::{field, value_of};

/// The Resource Guards list.
pub fn guard_list(ctx: &Ctx) -> Html {
    let w = ctx.state.world();
    let create = ctx.on_click(Action::Navigate(Blade::CreateGuard));
    let guards: Vec<_> = w.guards().values().filter(|g| ctx.state.in_directory(&g.id)).collect();
    let body = html! {
        <>
            <div class="toolbar"><button class="button" onclick={create}>{ "+ Create" }</button></div>
            if guards.is_empty() {
                <div class="empty-state"><p class="empty-title">{ "No resource guards to display" }</p></div>
            } else {
                <table class="grid">
                    <thead><tr><th>{ "Name" }</th><th>{ "Resource group" }</th><th>{ "Location" }</th><th>{ "Directory" }</th><th>{ "Linked vaults" }</th></tr></thead>
                    <tbody>
                    { for guards.iter().map(|g| {
                        let open = ctx.on_click(Action::Navigate(Blade::Guard(g.id.clone(), GuardTab::Overview)));
                        let tenant = w.tenant_of_scope(&g.id).and_then(|t| w.tenants().get(t)).map(|t| t.name.clone()).unwrap_or_default();
                        let linked: Vec<String> = w.vaults_protected_by(&g.id).iter().map(|v| v.id.clone()).collect();
                        html! { <tr><td><button class="link" onclick={open}>{ &g.id }</button></td><td>{ &g.resource_group }</td>
                            <td>{ &g.location }</td><td>{ tenant }</td><td>{ linked.join(", ") }</td></tr> }
                    }) }
                    </tbody>
                </table>
            }
        </>
    };
    frame(ctx, &[("Home", Blade::Home)], "Resource Guards", body)
}

/// The steps of the Create Resource Guard wizard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Subscription, resource group, name, region, description.
    Basics,
    /// Which optional operations to disable, a tab per vault kind.
    ProtectedOperations,
    /// Name/value tags.
    Tags,
    /// The summary, with *Create*.
    Review,
}

impl Step {
    const ALL: [Step; 4] = [Step::Basics, Step::ProtectedOperations, Step::Tags, Step::Review];

    fn label(self) -> &'static str {
        match self {
            Step::Basics => "Basics",
            Step::ProtectedOperations => "Protected operations",
            Step::Tags => "Tags",
            Step::Review => "Review + create",
        }
    }

    fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

const CREATE_COMMANDS: &[&str] = &["create_resource_guard"];
const UPDATE_COMMANDS: &[&str] = &["update_resource_guard"];

/// Azure's limits on a resource's description and tags (the name's rule is the core's: `mua_core::naming`).
const DESCRIPTION_MAX: usize = 512;
const TAG_NAME_MAX: usize = 512;
const TAG_VALUE_MAX: usize = 256;

/// Create a Resource Guard: the portal's wizard (Basics → Protected operations → Tags → Review + create).
#[function_component(CreateGuard)]
pub fn create_guard() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    // A resource group of this directory the person can write a Resource Guard to comes first.
    let place = use_placement(mua_core::rbac::Action::GuardWrite);
    let name = {
        let planned = s.planned_name("create_resource_guard");
        use_name(mua_core::naming::Named::ResourceGuard, move || planned)
    };
    let (description, on_desc) = use_text(String::new);
    let step = use_state(|| Step::Basics);
    let kind_tab = use_state(|| VaultKind::RecoveryServices);
    let excluded = use_state(Set::<String>::new);
    let tags = use_state(Vec::<(String, String)>::new);
    let (rg_id, location) = (place.resource_group.clone(), place.location.clone());

    let go = |to: Step| {
        let (step, name) = (step.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            // Leaving Basics needs a valid name (the portal validates each tab).
            if to != Step::Basics && !name.valid() {
                step.set(Step::Basics);
            } else {
                step.set(to);
            }
        })
    };
    let on_toggle = toggle_exclusion(&excluded);
    let create = {
        let (name, rg_id, description, excluded, tags) =
            (name.value.clone(), rg_id.clone(), description.clone(), excluded.clone(), tags.clone());
        let location = location.clone();
        ctx.dispatch.reform(move |_: MouseEvent| {
            Action::Execute(Command::CreateResourceGuard {
                id: (*name).clone(),
                resource_group: rg_id.clone(),
                location: Some(location.clone()),
                description: description.trim().to_owned(),
                excluded_operations: excluded.iter().cloned().collect(),
                tags: tags.iter().filter(|(n, _)| !n.trim().is_empty()).cloned().collect(),
            })
        })
    };
    let current = *step;
    let tab_bar = html! {
        <div class="tabs" role="tablist" aria-label="Create Resource Guard">
            { for Step::ALL.iter().map(|t| html! {
                <button type="button" role="tab" class={classes!("tab", (*t == current).then_some("active"))}
                        aria-selected={crate::util::flag(*t == current)} onclick={go(*t)}>{ t.label() }</button>
            }) }
        </div>
    };
    let body = match current {
        Step::Basics => html! {
            <>
                <h2 class="section-title">{ "Project details" }</h2>
                { place.project_fields("guard-sub", "guard-rg") }
                <h2 class="section-title">{ "Instance details" }</h2>
                { name.field("Name", "guard-name") }
                { place.region_field("guard-region") }
                <p class="info small">{ "Create the Resource Guard in the same region as the vaults it protects." }</p>
                { field("Description", "guard-desc", html! { <textarea id="guard-desc" rows="3" maxlength={DESCRIPTION_MAX.to_string()} value={(*description).clone()} oninput={on_desc} /> }) }
                <p class="muted small">{ format!("How to get or request access to the protected operations; shown on the vaults it protects. Up to {DESCRIPTION_MAX} characters.") }</p>
            </>
        },
        Step::ProtectedOperations => html! {
            <>
                <p class="muted">{ "All operations are protected by default. Disable an optional operation to exempt it from this Resource Guard on the vaults of this type linked to it." }</p>
                { kind_tabs(&kind_tab) }
                { operations_table(kind_tab.operations_at_guard_creation(), Some(&on_toggle), &excluded) }
            </>
        },
        Step::Tags => tags_editor(&tags),
        Step::Review => place.review(
            "Name",
            &name.value,
            html! {
                <>
                <dt>{ "Description" }</dt><dd>{ if description.trim().is_empty() { "(none)".to_owned() } else { description.trim().to_owned() } }</dd>
                <dt>{ "Disabled operations" }</dt><dd>{ if excluded.is_empty() { "None: every operation is protected".to_owned() } else { disabled_names(&excluded) } }</dd>
                <dt>{ "Tags" }</dt><dd>{ tags.iter().filter(|(n, _)| !n.trim().is_empty()).map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>().join(", ") }</dd>
                </>
            },
        ),
    };
    let i = current.index();
    let footer = html! {
        <div class="wizard-footer">
            if current == Step::Review {
                <button type="button" class="button primary" data-tour="create_resource_guard" onclick={create}>{ "Create" }</button>
            } else {
                <button type="button" class="button primary" data-tour="create_resource_guard" onclick={go(Step::Review)}>{ "Review + create" }</button>
            }
            <button type="button" class="button" disabled={i == 0} onclick={go(Step::ALL[i.saturating_sub(1)])}>{ "< Previous" }</button>
            if let Some(next) = Step::ALL.get(i + 1).filter(|s| **s != Step::Review) {
                <button type="button" class="button" onclick={go(*next)}>{ format!("Next: {} >", next.label()) }</button>
            }
        </div>
    };
    let body = html! {
        <div class="wizard">
            { tab_bar }
            <div class="wizard-body">{ body }</div>
            <InlineError commands={CREATE_COMMANDS} />
            { footer }
        </div>
    };
    frame(&ctx, &[("Home", Blade::Home), ("Resource Guards", Blade::Guards)], "Create Resource Guard", body)
}

/// Exclusions (ARM operation strings) as the portal names them: "Delete protection (Recovery
/// Services vault)".
fn disabled_names(excluded: &Set<String>) -> String {
    let name = |arm: &String| {
        [VaultKind::RecoveryServices, VaultKind::Backup]
            .into_iter()
            .find_map(|k| k.critical_operations().iter().find(|o| o.vault_operation == arm).map(|o| (o, k)))
            .map_or_else(|| arm.clone(), |(o, k)| format!("{} ({})", o.portal_name, k.portal_name()))
    };
    excluded.iter().map(name).collect::<Vec<_>>().join(", ")
}

/// The handler that turns an operation's protection on (`true`) or off in a set of exclusions.
fn toggle_exclusion(excluded: &UseStateHandle<Set<String>>) -> Callback<(String, bool)> {
    let excluded = excluded.clone();
    Callback::from(move |(name, protected): (String, bool)| {
        let mut next = (*excluded).clone();
        if protected {
            next.remove(&name);
        } else {
            next.insert(name);
        }
        excluded.set(next);
    })
}

/// The Tags tab: name/value rows, with an empty row to add one.
fn tags_editor(tags: &UseStateHandle<Vec<(String, String)>>) -> Html {
    let rows: Vec<(String, String)> =
        tags.iter().cloned().chain(std::iter::once((String::new(), String::new()))).collect();
    let edit = |row: usize, value_side: bool| {
        let tags = tags.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*tags).clone();
            if row == next.len() {
                next.push((String::new(), String::new()));
            }
            let text = value_of(&e);
            if value_side {
                next[row].1 = text;
            } else {
                next[row].0 = text;
            }
            next.retain(|(n, v)| !(n.is_empty() && v.is_empty()));
            tags.set(next);
        })
    };
    html! {
        <>
            <p class="muted">{ "Tags are name/value pairs that let you categorize resources." }</p>
            <table class="grid tags">
                <thead><tr><th>{ "Name" }</th><th>{ "Value" }</th></tr></thead>
                <tbody>
                { for rows.iter().enumerate().map(|(i, (n, v))| html! { <tr key={i}>
                    <td><input aria-label={format!("Tag name {}", i + 1)} maxlength={TAG_NAME_MAX.to_string()} value={n.clone()} oninput={edit(i, false)} /></td>
                    <td><input aria-label={format!("Tag value {}", i + 1)} maxlength={TAG_VALUE_MAX.to_string()} value={v.clone()} oninput={edit(i, true)} /></td>
                </tr> }) }
                </tbody>
            </table>
        </>
    }
}

/// Tabs for the two vault kinds (Protected operations, Properties).
fn kind_tabs(current: &UseStateHandle<VaultKind>) -> Html {
    let kinds = [VaultKind::RecoveryServices, VaultKind::Backup];
    html! {
        <div class="tabs sub" role="tablist" aria-label="Vault type">
            { for kinds.into_iter().map(|k| {
                let c = current.clone();
                let onclick = Callback::from(move |_: MouseEvent| c.set(k));
                html! { <button type="button" role="tab" class={classes!("tab", (**current == k).then_some("active"))}
                                aria-selected={crate::util::flag(**current == k)} {onclick}>{ k.portal_name() }</button> }
            }) }
        </div>
    }
}

/// A kind's operations, each with its protection state; *Enable*/*Disable* when `on_toggle` is given.
fn operations_table(
    operations: impl Iterator<Item = &'static CriticalOperation>,
    on_toggle: Option<&Callback<(String, bool)>>,
    excluded: &Set<String>,
) -> Html {
    html! {
        <table class="grid">
            <thead><tr><th>{ "Operation" }</th><th>{ "Mandatory" }</th><th>{ "Protection" }</th></tr></thead>
            <tbody>
            { for operations.map(|op: &CriticalOperation| {
                let protected = op.is_protected_under(excluded);
                let choice = |enable: bool| {
                    let pressed = protected == enable;
                    // The exclusion is the operation's ARM string: it belongs to this vault kind only (G2a).
                    let onclick = on_toggle.map(|cb| {
                        let name = op.vault_operation.to_owned();
                        cb.reform(move |_: MouseEvent| (name.clone(), enable))
                    });
                    let label = if enable { "Enable" } else { "Disable" };
                    html! { <button type="button" class={classes!("segment", pressed.then_some("on"))} aria-pressed={crate::util::flag(pressed)}
                                    disabled={op.mandatory || on_toggle.is_none()} {onclick}
                                    aria-label={format!("{label} protection of {}", op.portal_name)}>{ label }</button> }
                };
                html! { <tr>
                    <td>{ op.portal_name }</td>
                    <td>{ if op.mandatory { "Mandatory" } else { "Optional" } }</td>
                    <td><span class="segmented" role="group" aria-label={op.portal_name}>{ choice(true) }{ choice(false) }</span>
                        if op.mandatory { <span class="muted small">{ " Always protected" }</span> }</td>
                </tr> }
            }) }
            </tbody>
        </table>
    }
}

/// "Your deployment is complete", with *Go to resource*.
pub fn guard_deployed(ctx: &Ctx, id: &str) -> Html {
    let guard = id.to_owned();
    let go = ctx.on_click(Action::Navigate(Blade::Guard(guard.clone(), GuardTab::Overview)));
    let body = html! {
        <div class="card deployed">
            <h2>{ "Your deployment is complete" }</h2>
            <dl class="props">
                <dt>{ "Deployment name" }</dt><dd>{ format!("ResourceGuard-{}", id) }</dd>
                <dt>{ "Resource" }</dt><dd>{ id }</dd>
            </dl>
            <button class="button primary" onclick={go}>{ "Go to resource" }</button>
        </div>
    };
    frame(ctx, &[("Home", Blade::Home), ("Resource Guards", Blade::Guards)], "Deployment complete", body)
}

/// One Resource Guard.
pub fn guard_blade(ctx: &Ctx, id: &str, tab: GuardTab) -> Html {
    let w = ctx.state.world();
    let crumbs = [("Home", Blade::Home), ("Resource Guards", Blade::Guards)];
    if let Some(blade) = super::not_in_directory(ctx, &crumbs, id, "The Resource Guard") {
        return blade;
    }
    let Some(g) = w.guards().get(id).cloned() else { return html! {} };
    let id = g.id.clone();
    let tab_bar = tabs(
        ctx,
        tab,
        &[
            ("Overview", GuardTab::Overview),
            ("Properties", GuardTab::Properties),
            ("Access control (IAM)", GuardTab::Iam),
        ],
        move |t| Blade::Guard(id.clone(), t),
    );
    let body = match tab {
        GuardTab::Overview => {
            let linked: Vec<String> = w.vaults_protected_by(&g.id).iter().map(|v| v.id.clone()).collect();
            html! { <>
                <dl class="props">
                    { super::placement_rows(ctx, &g.id) }
                    <dt>{ "Location" }</dt><dd>{ &g.location }</dd>
                    <dt>{ "Resource Guard URI" }</dt><dd>{ crate::util::arm_id(&w.arm_id(&g.id).unwrap_or_default()) }</dd>
                    <dt>{ "Description" }</dt><dd>{ &g.description }</dd>
                    <dt>{ "Linked vaults" }</dt><dd>{ if linked.is_empty() { "None".to_owned() } else { linked.join(", ") } }</dd>
                </dl>
                { command_button(ctx, "Delete", "danger", Command::DeleteResourceGuard { guard: g.id.clone() }) }
            </> }
        }
        GuardTab::Properties => html! { <GuardProperties guard={g.id.clone()} /> },
        GuardTab::Iam => {
            html! { <super::lazy::LazyBlade blade={Blade::Guard(g.id.clone(), GuardTab::Iam)} part=true /> }
        }
    };
    frame(ctx, &[("Home", Blade::Home), ("Resource Guards", Blade::Guards)], &g.id, html! { <>{ tab_bar }{ body }</> })
}

/// Props naming a guard.
#[derive(PartialEq, Properties)]
pub struct GuardRef {
    /// Guard handle.
    pub guard: AttrValue,
}

/// Properties: a tab per vault kind with *Enable*/*Disable* per operation, and the description; *Save*.
#[function_component(GuardProperties)]
pub fn guard_properties(p: &GuardRef) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let guard = w.guards().get(p.guard.as_str()).cloned();
    let current = guard.as_ref().map(|g| g.excluded.clone()).unwrap_or_default();
    let current_description = guard.as_ref().map(|g| g.description.clone()).unwrap_or_default();
    let draft = {
        let current = current.clone();
        use_state(move || current)
    };
    let (description, on_desc) = {
        let d = current_description.clone();
        use_text(move || d)
    };
    let kind_tab = use_state(|| VaultKind::RecoveryServices);
    let on_toggle = toggle_exclusion(&draft);
    let id = p.guard.to_string();
    let save = {
        let (draft, description) = (draft.clone(), description.clone());
        let unchanged_description = current_description.clone();
        ctx.dispatch.reform(move |_: MouseEvent| {
            Action::Execute(Command::UpdateResourceGuard {
                guard: id.clone(),
                excluded_operations: draft.iter().cloned().collect(),
                resource_type: None,
                description: (*description != unchanged_description).then(|| description.trim().to_owned()),
                tags: None,
            })
        })
    };
    let changed = *draft != current || *description != current_description;
    html! {
        <div class="card">
            <h2>{ "Protected operations" }</h2>
            <p class="muted">{ "Disable an optional operation to exempt it from this Resource Guard on the vaults of this type linked to it. Disable soft delete and Remove MUA protection can't be disabled." }</p>
            { kind_tabs(&kind_tab) }
            { operations_table(kind_tab.critical_operations().iter(), Some(&on_toggle), &draft) }
            { field("Description", "guard-props-desc", html! { <textarea id="guard-props-desc" rows="2" maxlength={DESCRIPTION_MAX.to_string()} value={(*description).clone()} oninput={on_desc} /> }) }
            <InlineError commands={UPDATE_COMMANDS} />
            <button class="button primary" data-tour="update_resource_guard" onclick={save} disabled={!changed}>{ "Save" }</button>
        </div>
    }
}
