//! Resource Guards: list, create (with the Protected operations tab), and the guard blade
//! (Overview, Properties with the Disable toggles, Access control (IAM)).

use std::collections::BTreeSet;

use mua_core::critical_operations::{CriticalOperation, VaultKind};
use mua_core::model::AssignmentStatus;
use mua_core::rbac::{self, BUILT_IN_ROLES};
use mua_core::Command;
use yew::prelude::*;

use super::{command_button, frame, tabs};
use crate::context::use_ctx;
use crate::hooks::{use_choice, use_text};
use crate::state::{Action, Blade, GuardTab};
use crate::util::{checked_of, value_of, Field};

/// The Resource Guards list.
#[function_component(GuardList)]
pub fn guard_list() -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let create = ctx.dispatch.reform(|_: MouseEvent| Action::Navigate(Blade::CreateGuard));
    let body = html! {
        <>
            <div class="toolbar"><button class="button" onclick={create}>{ "+ Create" }</button></div>
            if w.guards().is_empty() {
                <div class="empty-state"><p class="empty-title">{ "No resource guards to display" }</p></div>
            } else {
                <table class="grid">
                    <thead><tr><th>{ "Name" }</th><th>{ "Resource group" }</th><th>{ "Location" }</th><th>{ "Directory" }</th><th>{ "Linked vaults" }</th></tr></thead>
                    <tbody>
                    { for w.guards().values().map(|g| {
                        let id = g.id.clone();
                        let open = ctx.dispatch.reform(move |_: MouseEvent| Action::Navigate(Blade::Guard(id.clone(), GuardTab::Overview)));
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
    frame(&ctx, &[("Home", Blade::Home)], "Resource Guards", body)
}

/// The tabs of Create Resource Guard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CreateTab {
    /// Name, resource group, description.
    Basics,
    /// Which optional operations to disable.
    ProtectedOperations,
}

/// Create a Resource Guard: Basics and Protected operations tabs.
#[function_component(CreateGuard)]
pub fn create_guard() -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let (name, on_name) = use_text(String::new);
    let (rg, on_rg) = use_choice(|| w.resource_groups().keys().next().cloned().unwrap_or_default());
    let (description, on_desc) = use_text(String::new);
    let tab = use_state(|| CreateTab::Basics);
    let excluded = use_state(BTreeSet::<String>::new);
    let on_toggle = {
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
    };
    let submit = {
        let (name, rg, description, excluded) = (name.clone(), rg.clone(), description.clone(), excluded.clone());
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let id = name.trim().to_owned();
            if id.is_empty() {
                return Action::Notify("Enter a name for the Resource Guard.".to_owned());
            }
            Action::Execute(Command::CreateResourceGuard {
                id,
                resource_group: (*rg).clone(),
                location: None,
                description: (*description).clone(),
                excluded_operations: excluded.iter().cloned().collect(),
            })
        })
    };
    let set_tab = |t: CreateTab| {
        let tab = tab.clone();
        Callback::from(move |_: MouseEvent| tab.set(t))
    };
    let body = html! {
        <form class="form" onsubmit={submit}>
            <div class="tabs" role="tablist">
                <button type="button" role="tab" class={classes!("tab", (*tab == CreateTab::Basics).then_some("active"))} onclick={set_tab(CreateTab::Basics)}>{ "Basics" }</button>
                <button type="button" role="tab" class={classes!("tab", (*tab == CreateTab::ProtectedOperations).then_some("active"))} onclick={set_tab(CreateTab::ProtectedOperations)}>{ "Protected operations" }</button>
            </div>
            if *tab == CreateTab::Basics {
                <Field label="Name" id="guard-name"><input id="guard-name" value={(*name).clone()} oninput={on_name} /></Field>
                <Field label="Resource group" id="guard-rg">
                    <select id="guard-rg" onchange={on_rg}>
                        { for w.resource_groups().values().map(|g| html! { <option value={g.id.clone()} selected={*rg == g.id}>{ format!("{} ({})", g.id, g.location) }</option> }) }
                    </select>
                </Field>
                <Field label="Description (shown on the vaults it protects)" id="guard-desc">
                    <textarea id="guard-desc" rows="2" value={(*description).clone()} oninput={on_desc} />
                </Field>
                <p class="info">{ "The Resource Guard must be in the same region as the vaults it protects." }</p>
            } else {
                <p class="muted">{ "Every operation is protected unless you disable it here; the two mandatory ones can't be disabled." }</p>
                { operations_table(Some(&on_toggle), &excluded) }
            }
            <button class="button primary" type="submit">{ "Review + create" }</button>
        </form>
    };
    frame(&ctx, &[("Home", Blade::Home), ("Resource Guards", Blade::Guards)], "Create Resource Guard", body)
}

/// The operations table; with toggles when `on_toggle` is given.
fn operations_table(on_toggle: Option<&Callback<(String, bool)>>, excluded: &BTreeSet<String>) -> Html {
    let section = |kind: VaultKind, ops: &'static [CriticalOperation]| {
        html! {
            <>
                <h3>{ kind.portal_name() }</h3>
                <table class="grid">
                    <thead><tr><th>{ "Operation" }</th><th>{ "Protected" }</th></tr></thead>
                    <tbody>
                    { for ops.iter().map(|op| {
                        let protected = op.is_protected_under(excluded);
                        let id = format!("op-{}-{}", kind.scenario_name(), op.name);
                        let onchange = on_toggle.map(|cb| {
                            let name = op.name.to_owned();
                            cb.reform(move |e: Event| (name.clone(), checked_of(&e)))
                        });
                        html! { <tr>
                            <td><label for={id.clone()}>{ op.portal_name }</label>
                                if op.mandatory { <span class="tag">{ "Mandatory" }</span> }</td>
                            <td><input type="checkbox" id={id} checked={protected} disabled={op.mandatory || on_toggle.is_none()} {onchange}
                                       aria-label={format!("Protect {}", op.portal_name)} />
                                { if protected { " Enabled" } else { " Disabled" } }</td>
                        </tr> }
                    }) }
                    </tbody>
                </table>
            </>
        }
    };
    let kinds = [VaultKind::RecoveryServices, VaultKind::Backup];
    html! { <>{ for kinds.into_iter().map(|kind| section(kind, kind.critical_operations())) }</> }
}

/// Props of [`GuardBlade`].
#[derive(PartialEq, Properties)]
pub struct GuardProps {
    /// Guard handle.
    pub id: AttrValue,
    /// Tab.
    pub tab: GuardTab,
}

/// One Resource Guard.
#[function_component(GuardBlade)]
pub fn guard_blade(p: &GuardProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let Some(g) = w.guards().get(p.id.as_str()).cloned() else {
        return frame(
            &ctx,
            &[("Home", Blade::Home), ("Resource Guards", Blade::Guards)],
            p.id.as_str(),
            html! { <p class="empty-state">{ "This Resource Guard no longer exists." }</p> },
        );
    };
    let id = g.id.clone();
    let tab_bar = tabs(
        &ctx,
        p.tab,
        &[
            ("Overview", GuardTab::Overview),
            ("Properties", GuardTab::Properties),
            ("Access control (IAM)", GuardTab::Iam),
        ],
        move |t| Blade::Guard(id.clone(), t),
    );
    let body = match p.tab {
        GuardTab::Overview => {
            let linked: Vec<String> = w.vaults_protected_by(&g.id).iter().map(|v| v.id.clone()).collect();
            html! { <>
                <dl class="props">
                    <dt>{ "Resource group" }</dt><dd>{ &g.resource_group }</dd>
                    <dt>{ "Location" }</dt><dd>{ &g.location }</dd>
                    <dt>{ "Resource Guard URI" }</dt><dd><code class="arm-id">{ w.arm_id(&g.id).unwrap_or_default() }</code></dd>
                    <dt>{ "Description" }</dt><dd>{ &g.description }</dd>
                    <dt>{ "Linked vaults" }</dt><dd>{ if linked.is_empty() { "None".to_owned() } else { linked.join(", ") } }</dd>
                </dl>
                { command_button(&ctx, "Delete", "danger", Command::DeleteResourceGuard { guard: g.id.clone() }) }
            </> }
        }
        GuardTab::Properties => html! { <GuardProperties guard={g.id.clone()} /> },
        GuardTab::Iam => html! { <Iam scope={g.id.clone()} /> },
    };
    frame(&ctx, &[("Home", Blade::Home), ("Resource Guards", Blade::Guards)], &g.id, html! { <>{ tab_bar }{ body }</> })
}

/// Props naming a guard.
#[derive(PartialEq, Properties)]
pub struct GuardRef {
    /// Guard handle.
    pub guard: AttrValue,
}

/// Properties: protected operations with Disable toggles.
#[function_component(GuardProperties)]
pub fn guard_properties(p: &GuardRef) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let current = w.guards().get(p.guard.as_str()).map(|g| g.excluded.clone()).unwrap_or_default();
    let draft = {
        let current = current.clone();
        use_state(move || current)
    };
    let on_toggle = {
        let draft = draft.clone();
        Callback::from(move |(name, protected): (String, bool)| {
            let mut next = (*draft).clone();
            if protected {
                next.remove(&name);
            } else {
                next.insert(name);
            }
            draft.set(next);
        })
    };
    let guard = p.guard.to_string();
    let save = {
        let draft = draft.clone();
        ctx.dispatch.reform(move |_: MouseEvent| {
            Action::Execute(Command::UpdateResourceGuard {
                guard: guard.clone(),
                excluded_operations: draft.iter().cloned().collect(),
            })
        })
    };
    html! {
        <div class="card">
            <h2>{ "Protected operations" }</h2>
            <p class="muted">{ "Clear a box to disable protection of an optional operation on every vault linked to this guard." }</p>
            { operations_table(Some(&on_toggle), &draft) }
            <button class="button primary" onclick={save} disabled={*draft == current}>{ "Save" }</button>
        </div>
    }
}

/// Props naming a scope.
#[derive(PartialEq, Properties)]
pub struct ScopeRef {
    /// Scope handle.
    pub scope: AttrValue,
}

/// Access control (IAM): role assignments that apply here, and Add role assignment.
#[function_component(Iam)]
pub fn iam(p: &ScopeRef) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let role = use_state(|| rbac::role("Reader"));
    let (principal, on_principal) = use_choice(String::new);
    let Some(chain) = w.scope_chain(p.scope.as_str()) else { return html! {} };
    let scope = p.scope.to_string();
    let on_role = {
        let s = role.clone();
        Callback::from(move |e: Event| s.set(rbac::role(&value_of(&e))))
    };
    let first = w.principals().keys().next().cloned().unwrap_or_default();
    let add = {
        let (role, principal, scope) = (role.clone(), principal.clone(), scope.clone());
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let who = if principal.is_empty() { first.clone() } else { (*principal).clone() };
            match *role {
                Some(role) => Action::Execute(Command::AssignRole { principal: who, role, scope: scope.clone() }),
                None => Action::Notify("Choose a role.".to_owned()),
            }
        })
    };
    let applying: Vec<_> = w.assignments().filter(|a| chain.covered_by(&a.scope)).collect();
    html! {
        <div class="stack">
            <form class="form card" onsubmit={add}>
                <h2>{ "Add role assignment" }</h2>
                <Field label="Role" id="iam-role">
                    <select id="iam-role" onchange={on_role}>
                        { for BUILT_IN_ROLES.iter().map(|r| html! { <option value={r.name} selected={*role == Some(r)}>{ r.name }</option> }) }
                    </select>
                </Field>
                <Field label="Members" id="iam-member">
                    <select id="iam-member" onchange={on_principal}>
                        { for w.principals().values().map(|pr| {
                            let guest = w.guests().iter().any(|(u, _)| *u == pr.id);
                            html! { <option value={pr.id.clone()} selected={*principal == pr.id}>{ format!("{}{}", pr.name, if guest { " (guest)" } else { "" }) }</option> }
                        }) }
                    </select>
                </Field>
                <button class="button primary" type="submit">{ "Review + assign" }</button>
            </form>
            <table class="grid">
                <thead><tr><th>{ "Principal" }</th><th>{ "Role" }</th><th>{ "Scope" }</th><th>{ "Type" }</th><th></th></tr></thead>
                <tbody>
                { for applying.iter().map(|a| {
                    let kind = match a.status(w.now()) {
                        AssignmentStatus::Eligible => "Eligible".to_owned(),
                        AssignmentStatus::Expired => "Expired".to_owned(),
                        AssignmentStatus::NotStarted => "Not started".to_owned(),
                        AssignmentStatus::Active { until: Some(end) } => format!("Active until {}", crate::util::when(end)),
                        AssignmentStatus::Active { until: None } => "Active (permanent)".to_owned(),
                    };
                    let inherited = a.scope != scope;
                    html! { <tr><td>{ w.display_name(&a.principal) }</td><td>{ a.role.name }</td>
                        <td>{ if inherited { format!("{} (inherited)", a.scope) } else { "This resource".to_owned() } }</td><td>{ kind }</td>
                        <td>{ if !inherited && a.origin == mua_core::model::Origin::Direct {
                            command_button(&ctx, "Remove", "small", Command::RemoveRoleAssignment { principal: a.principal.clone(), role: a.role, scope: a.scope.clone() })
                        } else { html! {} } }</td></tr> }
                }) }
                </tbody>
            </table>
        </div>
    }
}
