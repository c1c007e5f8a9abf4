//! Access control (IAM) of any scope — subscription, resource group, vault, Resource Guard — as
//! Azure shows it (SPEC §9a): *Check access*, *Role assignments* (grouped by role; inherited ones
//! say from where; Remove) and *Roles*, and **+ Add → Add role assignment**, Azure's wizard: *Role*
//! (search, select) → *Next* → *Members* (*Assign access to*; **+ Select members** searches the
//! scope's directory by name or sign-in name) → *Review + assign*. Each member chosen is one
//! `assign_role` step; the core decides it.

use mua_core::model::{AssignmentStatus, Origin, PrincipalKind};
use mua_core::rbac;
use mua_core::Command;
use yew::prelude::*;

use super::command_button;
use crate::components::explain::InlineError;
use crate::context::{use_ctx, Ctx};
use crate::hooks::{use_pick, use_text, Opt};
use crate::state::Action;
use crate::util::field;

#[derive(Properties, PartialEq)]
pub struct ScopeProps {
    /// The scope's handle.
    pub scope: String,
}

#[derive(Clone, Copy, PartialEq)]
enum View {
    CheckAccess,
    Assignments,
    Roles,
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Role,
    Members,
    Review,
}

const ASSIGN: &[&str] = &["assign_role", "remove_role_assignment"];

/// Roles Azure lists under *Privileged administrator roles* (the rest are job function roles).
fn privileged(role: &rbac::RoleDefinition) -> bool {
    matches!(
        role.name,
        "Owner" | "Contributor" | "User Access Administrator" | "Role Based Access Control Administrator"
    )
}

/// Access control (IAM) of a scope.
#[function_component(AccessControl)]
pub fn access_control(p: &ScopeProps) -> Html {
    let ctx = use_ctx();
    let view = use_state(|| View::Assignments);
    let adding = use_state(|| false);
    let w = ctx.state.world();
    if w.scope_chain(&p.scope).is_none() {
        return html! {};
    }
    if *adding {
        let done = {
            let adding = adding.clone();
            Callback::from(move |()| adding.set(false))
        };
        return html! { <AddRoleAssignment scope={p.scope.clone()} {done} /> };
    }
    let open = {
        let adding = adding.clone();
        Callback::from(move |_: MouseEvent| adding.set(true))
    };
    let tab = |label: &'static str, v: View| crate::util::state_tab(&view, label, v);
    let body = match *view {
        View::CheckAccess => html! { <CheckAccess scope={p.scope.clone()} /> },
        View::Assignments => assignments(&ctx, &p.scope),
        View::Roles => roles(),
    };
    html! {
        <div class="stack">
            <div class="toolbar">
                <button class="button" onclick={open} data-tour="assign_role">{ "+ Add role assignment" }</button>
            </div>
            <div class="tabs sub" role="tablist" aria-label="Access control (IAM)">
                { tab("Check access", View::CheckAccess) }
                { tab("Role assignments", View::Assignments) }
                { tab("Roles", View::Roles) }
            </div>
            <InlineError commands={ASSIGN} />
            { body }
        </div>
    }
}

/// A principal's kind as IAM lists it.
fn kind_of(ctx: &Ctx, id: &str) -> &'static str {
    match ctx.state.world().principals().get(id).map(|p| p.kind) {
        Some(PrincipalKind::User) => "User",
        Some(PrincipalKind::Group) => "Group",
        Some(PrincipalKind::ServicePrincipal) => "App",
        Some(PrincipalKind::ManagedIdentity) => "Managed identity",
        None => "Unknown",
    }
}

/// Role assignments that apply at the scope, grouped by role; inherited ones say from where.
fn assignments(ctx: &Ctx, scope: &str) -> Html {
    let w = ctx.state.world();
    let Some(chain) = w.scope_chain(scope) else { return html! {} };
    let mut applying: Vec<_> = w.assignments().filter(|a| chain.covered_by(&a.scope)).collect();
    applying.sort_by_key(|a| (a.role.name, w.display_name(&a.principal).to_owned()));
    let mut roles: Vec<&str> = applying.iter().map(|a| a.role.name).collect();
    roles.dedup();
    if roles.is_empty() {
        return html! { <p class="muted">{ "No role assignments apply here." }</p> };
    }
    html! {
        <table class="grid">
            <thead><tr><th>{ "Name" }</th><th>{ "Type" }</th><th>{ "Scope" }</th><th>{ "State" }</th><th><span class="visually-hidden">{ "Actions" }</span></th></tr></thead>
            { for roles.iter().map(|role| html! {
                <tbody>
                    <tr class="group-row"><th colspan="5">{ format!("{role} ({})", applying.iter().filter(|a| a.role.name == *role).count()) }</th></tr>
                    { for applying.iter().filter(|a| a.role.name == *role).map(|a| {
                        let state = match a.status(w.now()) {
                            AssignmentStatus::Eligible => "Eligible".to_owned(),
                            AssignmentStatus::Expired => "Expired".to_owned(),
                            AssignmentStatus::NotStarted => "Not started".to_owned(),
                            AssignmentStatus::Active { until: Some(end) } => format!("Active until {}", crate::util::when(end)),
                            AssignmentStatus::Active { until: None } => "Active (permanent)".to_owned(),
                        };
                        let here = a.scope == scope;
                        html! { <tr><td>{ w.display_name(&a.principal).to_owned() }</td><td>{ kind_of(ctx, &a.principal) }</td>
                            <td>{ if here { "This resource".to_owned() } else { format!("{} (Inherited)", w.name_of(&a.scope)) } }</td>
                            <td>{ state }</td>
                            <td>{ if here && a.origin == Origin::Direct {
                                command_button(ctx, "Remove", "small", Command::RemoveRoleAssignment { principal: a.principal.clone(), role: a.role, scope: a.scope.clone() })
                            } else { html! {} } }</td></tr> }
                    }) }
                </tbody>
            }) }
        </table>
    }
}

/// The built-in roles.
fn roles() -> Html {
    html! {
        <table class="grid">
            <thead><tr><th>{ "Name" }</th><th>{ "Description" }</th><th>{ "Type" }</th></tr></thead>
            <tbody>{ for rbac::BUILT_IN_ROLES.iter().map(|r| html! {
                <tr><td>{ r.name }</td><td>{ r.description }</td><td>{ if privileged(r) { "Privileged administrator role" } else { "Job function role" } }</td></tr>
            }) }</tbody>
        </table>
    }
}

/// Check access: a principal's role assignments that apply here, and where each comes from.
#[function_component(CheckAccess)]
fn check_access(p: &ScopeProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let who = use_pick(|| ctx.state.actor.clone());
    let (search, on_search) = use_text(String::new);
    let Some(chain) = w.scope_chain(&p.scope) else { return html! {} };
    let tenant = w.tenant_of_chain(&chain).unwrap_or_default();
    let people: Vec<Opt> = w
        .directory_principals(tenant)
        .filter(|x| w.answers(x, tenant, &search))
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect();
    let id = who.among(&people);
    let found: Vec<_> = w.assignments_of(&id).filter(|a| chain.covered_by(&a.scope)).collect();
    html! {
        <div class="stack">
            <input class="wide" aria-label="Search by name or email address" placeholder="Search by name or email address" value={(*search).clone()} oninput={on_search} />
            { field("Check access for", "iam-check", who.select("iam-check", people)) }
            if found.is_empty() { <p class="muted">{ format!("{} has no role assignment that applies here.", w.display_name(&id)) }</p> }
            else {
                <table class="grid">
                    <thead><tr><th>{ "Role" }</th><th>{ "Scope" }</th><th>{ "Through" }</th></tr></thead>
                    <tbody>{ for found.iter().map(|a| html! {
                        <tr><td>{ a.role.name }</td>
                            <td>{ if a.scope == p.scope { "This resource".to_owned() } else { format!("{} (Inherited)", w.name_of(&a.scope)) } }</td>
                            <td>{ if a.principal == id { "Direct".to_owned() } else { format!("Group {}", w.display_name(&a.principal)) } }</td></tr>
                    }) }</tbody>
                </table>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct WizardProps {
    scope: String,
    done: Callback<()>,
}

/// Add role assignment: Role → Members → Review + assign.
#[function_component(AddRoleAssignment)]
fn add_role_assignment(p: &WizardProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let step = use_state(|| Step::Role);
    let (search, on_search) = use_text(String::new);
    let role = use_state(|| None::<&'static str>);
    let identities = use_state(|| false);
    let picking = use_state(|| false);
    let (find, on_find) = use_text(String::new);
    let members = use_state(Vec::<String>::new);
    let error = use_state(|| None::<&'static str>);
    let Some(chain) = w.scope_chain(&p.scope) else { return html! {} };
    let tenant = w.tenant_of_chain(&chain).unwrap_or_default().to_owned();
    let go = |to: Step| {
        let (step, role, members, error) = (step.clone(), role.clone(), members.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            // Each tab needs the one before it.
            if to != Step::Role && role.is_none() {
                error.set(Some("Select a role."));
                step.set(Step::Role);
            } else if to == Step::Review && members.is_empty() {
                error.set(Some("Select at least one member."));
                step.set(Step::Members);
            } else {
                error.set(None);
                step.set(to);
            }
        })
    };
    let current = *step;
    let tab = |label: &'static str, t: Step| crate::util::tab(label, t == current, go(t));
    let cancel = {
        let done = p.done.clone();
        Callback::from(move |_: MouseEvent| done.emit(()))
    };
    let body = match current {
        Step::Role => {
            let q = search.trim().to_lowercase();
            let shown: Vec<_> = rbac::BUILT_IN_ROLES
                .iter()
                .filter(|r| {
                    q.is_empty() || r.name.to_lowercase().contains(&q) || r.description.to_lowercase().contains(&q)
                })
                .collect();
            html! {
                <>
                    <p class="muted">{ "A role definition is a collection of permissions. Select the role to assign." }</p>
                    <input class="wide" aria-label="Search by role name or description" placeholder="Search by role name or description" value={(*search).clone()} oninput={on_search} />
                    <table class="grid">
                        <thead><tr><th><span class="visually-hidden">{ "Select" }</span></th><th>{ "Name" }</th><th>{ "Description" }</th><th>{ "Type" }</th></tr></thead>
                        <tbody>{ for shown.iter().map(|r| {
                            let name = r.name;
                            let picked = *role == Some(name);
                            let onchange = { let role = role.clone(); Callback::from(move |_: Event| role.set(Some(name))) };
                            let radio = format!("role-{}", r.id);
                            html! { <tr class={classes!(picked.then_some("selected"))}>
                                <td><input type="radio" name="iam-role" id={radio.clone()} checked={picked} {onchange} /></td>
                                <td><label for={radio}>{ name }</label></td><td>{ r.description }</td>
                                <td>{ if privileged(r) { "Privileged administrator role" } else { "Job function role" } }</td></tr> }
                        }) }</tbody>
                    </table>
                </>
            }
        }
        Step::Members => {
            let set_kind = |managed: bool| {
                let (identities, members) = (identities.clone(), members.clone());
                Callback::from(move |_: Event| {
                    identities.set(managed);
                    members.set(Vec::new());
                })
            };
            let toggle_picker = {
                let picking = picking.clone();
                Callback::from(move |_: MouseEvent| picking.set(!*picking))
            };
            let wanted = |k: PrincipalKind| (k == PrincipalKind::ManagedIdentity) == *identities;
            // The scope's directory: its users, groups and service principals, and its guests, by
            // name or by sign-in name.
            let results: Vec<_> = w
                .directory_principals(&tenant)
                .filter(|x| wanted(x.kind))
                // A guest is found by their own address too (Azure's mail attribute).
                .filter(|x| w.answers(x, &tenant, &find))
                .collect();
            html! {
                <>
                    <fieldset class="radios">
                        <legend>{ "Assign access to" }</legend>
                        <span><input type="radio" id="iam-to-user" name="iam-to" checked={!*identities} onchange={set_kind(false)} />
                            <label for="iam-to-user">{ " User, group, or service principal" }</label></span>
                        <span><input type="radio" id="iam-to-mi" name="iam-to" checked={*identities} onchange={set_kind(true)} />
                            <label for="iam-to-mi">{ " Managed identity" }</label></span>
                    </fieldset>
                    <h3>{ "Members" }</h3>
                    <button type="button" class="button" onclick={toggle_picker} aria-expanded={crate::util::flag(*picking)}>{ "+ Select members" }</button>
                    if members.is_empty() { <p class="muted">{ "No members selected" }</p> }
                    else {
                        <ul class="chosen">{ for members.iter().map(|m| {
                            let unpick = { let (members, m) = (members.clone(), m.clone()); Callback::from(move |_: MouseEvent| members.set(members.iter().filter(|x| **x != m).cloned().collect())) };
                            html! { <li>{ format!("{} ", w.display_name(m)) }<span class="muted small">{ w.sign_in_name_in(m, &tenant) }</span>
                                { " " }<button type="button" class="link" onclick={unpick} aria-label={format!("Remove {}", w.display_name(m))}>{ "✕" }</button></li> }
                        }) }</ul>
                    }
                    if *picking {
                        <div class="card picker" role="dialog" aria-label="Select members">
                            <h3>{ "Select members" }</h3>
                            { field("Select", "iam-find", html! { <input id="iam-find" placeholder="Search by name or email address" value={(*find).clone()} oninput={on_find} /> }) }
                            if results.is_empty() { <p class="muted">{ "No users, groups or service principals found. A user of another directory is found here once invited as a guest." }</p> }
                            <ul class="results">{ for results.iter().map(|x| {
                                let chosen = members.contains(&x.id);
                                // A press selects, a second one clears (the focus stays on it).
                                let pick = { let (members, id) = (members.clone(), x.id.clone()); Callback::from(move |_: MouseEvent| {
                                    let mut m = (*members).clone();
                                    if let Some(at) = m.iter().position(|x| *x == id) { m.remove(at); } else { m.push(id.clone()); }
                                    members.set(m);
                                }) };
                                html! { <li><button type="button" class="link" onclick={pick} aria-pressed={crate::util::flag(chosen)} aria-label={format!("Select {}", x.name)}>
                                    { x.name.clone() }</button>{ " " }<span class="muted small">{ w.sign_in_name_in(&x.id, &tenant) }</span>{ if chosen { " ✓" } else { "" } }</li> }
                            }) }</ul>
                            <button type="button" class="button primary" onclick={{ let picking = picking.clone(); Callback::from(move |_: MouseEvent| picking.set(false)) }}>{ "Select" }</button>
                        </div>
                    }
                </>
            }
        }
        Step::Review => html! {
            <dl class="props">
                <dt>{ "Role" }</dt><dd>{ role.unwrap_or_default() }</dd>
                <dt>{ "Scope" }</dt><dd>{ crate::util::arm_id(&w.arm_id(&p.scope).unwrap_or_else(|| p.scope.clone())) }</dd>
                <dt>{ "Members" }</dt><dd>{ members.iter().map(|m| format!("{} ({})", w.display_name(m), w.sign_in_name_in(m, &tenant))).collect::<Vec<_>>().join(", ") }</dd>
            </dl>
        },
    };
    let assign = {
        let (scope, role, members, done) = (p.scope.clone(), *role, (*members).clone(), p.done.clone());
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(role) = role.and_then(rbac::role) else { return };
            for m in &members {
                dispatch.emit(Action::Execute(Command::AssignRole {
                    principal: m.clone(),
                    role,
                    scope: scope.clone(),
                }));
            }
            done.emit(());
        })
    };
    let next = match current {
        Step::Role => Some(Step::Members),
        Step::Members => Some(Step::Review),
        Step::Review => None,
    };
    html! {
        <div class="wizard stack">
            <h2>{ "Add role assignment" }</h2>
            <div class="tabs" role="tablist" aria-label="Add role assignment">
                { tab("Role", Step::Role) }{ tab("Members", Step::Members) }{ tab("Review + assign", Step::Review) }
            </div>
            <div class="wizard-body">{ body }</div>
            if let Some(e) = *error { <p class="field-error" role="alert">{ e }</p> }
            <div class="wizard-footer">
                if current == Step::Review {
                    <button type="button" class="button primary" data-tour="assign_role" onclick={assign}>{ "Review + assign" }</button>
                } else {
                    <button type="button" class="button primary" onclick={go(Step::Review)}>{ "Review + assign" }</button>
                }
                if current != Step::Role {
                    <button type="button" class="button" onclick={go(if current == Step::Review { Step::Members } else { Step::Role })}>{ "< Previous" }</button>
                }
                if let Some(n) = next { <button type="button" class="button" onclick={go(n)}>{ "Next" }</button> }
                <button type="button" class="button" onclick={cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
