//! Privileged Identity Management: My roles (Activate), Pending requests, Approve requests,
//! Assignments (Add assignments), Settings (role settings editor), Audit history (download).

use chrono::TimeDelta;
use mua_core::model::{AssignmentType, Origin, PrincipalKind};
use mua_core::pim::{RequestKind, RequestStatus, SettingsChange};
use mua_core::rbac::{self, Role};
use mua_core::Command;
use yew::prelude::*;

use super::{command_button, frame, tabs};
use crate::components::explain::InlineError;
use crate::context::{use_ctx, Ctx};
use crate::hooks::{role_options, use_check, use_pick, use_text, Opt, Select};
use crate::state::{Action, Blade, PimResTab, PimTab};
use crate::util::{checked_of, data_url, field, when};

/// The PIM blade: *Tasks* (My roles, Pending requests, Approve requests, My audit history) and
/// *Manage* (Azure resources), as the how-to walks it.
pub fn pim_blade(ctx: &Ctx, tab: PimTab) -> Html {
    let item = |label: &'static str, t: PimTab| {
        crate::util::tab(label, t == tab, ctx.on_click(Action::Navigate(Blade::Pim(t))))
    };
    let menu = html! {
        <div class="tabs pim-menu" role="tablist" aria-label="Privileged Identity Management">
            <span class="menu-group" aria-hidden="true">{ "Tasks" }</span>
            { item("My roles", PimTab::MyRoles) }
            { item("Pending requests", PimTab::Pending) }
            { item("Approve requests", PimTab::Approve) }
            { item("My audit history", PimTab::Audit) }
            <span class="menu-group" aria-hidden="true">{ "Manage" }</span>
            { item("Azure resources", PimTab::Resources) }
        </div>
    };
    let body = match tab {
        PimTab::MyRoles => html! { <MyRoles /> },
        PimTab::Pending => pending(ctx),
        PimTab::Approve => html! { <Approve /> },
        PimTab::Audit => audit(ctx, None),
        PimTab::Resources => resources(ctx),
    };
    frame(ctx, &[("Home", Blade::Home)], "Privileged Identity Management", html! { <>{ menu }{ body }</> })
}

/// Azure resources: the subscriptions, resource groups and resources of the current directory the
/// person manages (may assign roles at: the core's grants decide).
fn resources(ctx: &Ctx) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let managed: Vec<String> = w
        .subscriptions()
        .keys()
        .chain(w.resource_groups().keys())
        .chain(w.guards().keys())
        .chain(w.vaults().keys())
        .filter(|scope| s.in_directory(scope))
        .filter(|scope| {
            w.scope_chain(scope)
                .is_some_and(|c| w.find_grant(&s.actor, rbac::Action::RoleAssignmentWrite, &c).is_some())
        })
        .cloned()
        .collect();
    let kind = |scope: &str| {
        if w.subscriptions().contains_key(scope) {
            "Subscription"
        } else if w.resource_groups().contains_key(scope) {
            "Resource group"
        } else if w.guards().contains_key(scope) {
            "Resource Guard"
        } else {
            "Vault"
        }
    };
    html! {
        <div class="stack">
            if managed.is_empty() { <p class="muted">{ "You manage no Azure resource in this directory (managing needs Owner or User Access Administrator there). If yours are in another directory, switch to it in the top bar." }</p> }
            else {
                <table class="grid">
                    <thead><tr><th>{ "Resource" }</th><th>{ "Resource type" }</th><th>{ "Parent resource" }</th></tr></thead>
                    <tbody>{ for managed.iter().map(|scope| {
                        let onclick = ctx.on_click(Action::Navigate(Blade::PimResource(scope.clone(), PimResTab::Assignments)));
                        let parent = w.scope_chain(scope).map(|c| if c.resource.is_some() { c.resource_group.unwrap_or_default().to_owned() } else if c.resource_group.is_some() { w.name_of(c.subscription).to_owned() } else { String::new() }).unwrap_or_default();
                        html! { <tr><td><button class="link" {onclick}>{ w.name_of(scope).to_owned() }</button></td><td>{ kind(scope) }</td><td>{ parent }</td></tr> }
                    }) }</tbody>
                </table>
            }
        </div>
    }
}

/// One Azure resource's PIM: Assignments, Settings, Audit.
pub fn resource_blade(ctx: &Ctx, scope: &str, tab: PimResTab) -> Html {
    let crumbs = [("Home", Blade::Home), ("Privileged Identity Management", Blade::Pim(PimTab::Resources))];
    if let Some(other) = super::not_in_directory(ctx, &crumbs, scope, "The resource") {
        return other;
    }
    let owned = scope.to_owned();
    let bar = tabs(
        ctx,
        tab,
        &[("Assignments", PimResTab::Assignments), ("Settings", PimResTab::Settings), ("Audit", PimResTab::Audit)],
        move |t| Blade::PimResource(owned.clone(), t),
    );
    let body = match tab {
        PimResTab::Assignments => html! { <Assignments scope={scope.to_owned()} /> },
        PimResTab::Settings => html! { <Settings scope={scope.to_owned()} /> },
        PimResTab::Audit => audit(ctx, Some(scope)),
    };
    let title = format!("{} | Privileged Identity Management", ctx.state.world().name_of(scope));
    frame(ctx, &crumbs, &title, html! { <>{ bar }{ body }</> })
}

#[derive(Properties, PartialEq)]
pub struct ResourceProps {
    /// The resource's handle.
    pub scope: String,
}

/// The longest justification the simulator accepts in its forms.
const JUSTIFICATION_MAX: usize = 500;
const ACTIVATE_COMMANDS: &[&str] = &["pim_activate"];

/// My roles: eligible assignments with Activate, active ones with Deactivate.
#[function_component(MyRoles)]
pub fn my_roles() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let open = use_state(|| None::<(Role, String)>);
    // Extend (an assignment that ends) or Renew (an expired one): which, with its reason.
    let asking = use_state(|| None::<(bool, Role, String, AssignmentType)>);
    let (reason, on_reason) = use_text(String::new);
    // My roles → Microsoft Entra roles | Groups | Azure resources (the how-to's: Azure resources).
    let kind = use_state(|| 2_u8);
    let (duration, on_d) = use_text(|| "1".to_owned());
    let (justification, on_j) = use_text(String::new);
    let (ticket, on_t) = use_text(String::new);
    let (mfa, on_m) = use_check(false);
    // My roles lists the roles of the directory the person is signed in to (the how-to: "If the
    // Resource Guard is in another directory, switch to that directory").
    let eligible: Vec<_> = w.eligible_for(&s.actor).into_iter().filter(|a| s.in_directory(&a.scope)).collect();
    // Active: activated (JIT) and assigned active (PIM's State column tells them apart).
    let active: Vec<_> = w
        .active_for(&s.actor)
        .into_iter()
        .filter(|a| matches!(a.origin, Origin::Activation(_) | Origin::Pim) && s.in_directory(&a.scope))
        .collect();
    let expired: Vec<_> = w
        .assignments_of(&s.actor)
        .filter(|a| a.origin == Origin::Pim && s.in_directory(&a.scope))
        .filter(|a| a.status(w.now()) == mua_core::model::AssignmentStatus::Expired)
        .collect();
    let form = open.as_ref().map(|(role, scope)| {
        let settings = Some(w.pim_settings(role, scope));
        let submit = {
            let (role, scope) = (*role, scope.clone());
            let (d, j, t, m, open) = (duration.clone(), justification.clone(), ticket.clone(), mfa.clone(), open.clone());
            let id = w.new_handle("req");
            let dispatch = ctx.dispatch.clone();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                // The portal asks for hours, in half-hour steps.
                match hours_to_minutes(&d).map(TimeDelta::minutes) {
                    Some(duration) => {
                        dispatch.emit(Action::Execute(Command::PimActivate {
                            id: id.clone(),
                            role,
                            scope: scope.clone(),
                            duration,
                            justification: (*j).clone(),
                            ticket: (!t.trim().is_empty()).then(|| (*t).clone()),
                            mfa: *m,
                        }));
                        open.set(None);
                    }
                    None => dispatch.emit(Action::Notify("Enter the duration as a number of hours, e.g. 2 or 1.5.".to_owned())),
                }
            })
        };
        html! {
            <form class="form card" onsubmit={submit} aria-label="Activate role">
                <h2>{ format!("Activate – {} ({scope})", role.name) }</h2>
                if let Some(st) = &settings {
                    <p class="muted small">{ format!("Maximum {} h{}{}{}{}", st.maximum_activation.num_hours(),
                        if st.require_mfa { " · MFA required" } else { "" }, if st.require_justification { " · justification required" } else { "" },
                        if st.require_ticket { " · ticket required" } else { "" }, if st.require_approval { " · approval required" } else { "" }) }</p>
                }
                { field("Duration (hours)", "act-duration", html! { <input id="act-duration" type="number" min="0.5" step="0.5" max={settings.as_ref().map(|st| st.maximum_activation.num_hours().to_string())}
                           value={(*duration).clone()} oninput={on_d} /> }) }
                { field("Justification", "act-justification", html! { <textarea id="act-justification" rows="2" maxlength={JUSTIFICATION_MAX.to_string()} value={(*justification).clone()} oninput={on_j} /> }) }
                <p class="muted small">{ format!("Up to {JUSTIFICATION_MAX} characters (the simulator's limit).") }</p>
                { field("Ticket number", "act-ticket", html! { <input id="act-ticket" maxlength="100" value={(*ticket).clone()} oninput={on_t} /> }) }
                <InlineError commands={ACTIVATE_COMMANDS} />
                <div class="field check"><input type="checkbox" id="act-mfa" checked={*mfa} onchange={on_m} />
                    <label for="act-mfa">{ "I completed multifactor authentication (simulated)" }</label></div>
                <button class="button primary" type="submit" data-tour="pim_activate">{ "Activate" }</button>
            </form>
        }
    });
    let ask = |renew: bool, a: &mua_core::model::RoleAssignment| {
        let asking = asking.clone();
        let (role, scope, kind) = (a.role, a.scope.clone(), a.kind);
        let label = if renew { "Renew" } else { "Extend" };
        let onclick = Callback::from(move |_: MouseEvent| asking.set(Some((renew, role, scope.clone(), kind))));
        html! { <button class="button small" {onclick} data-tour={if renew { "pim_renew" } else { "pim_extend" }} aria-label={format!("{label} {} at {}", a.role.name, w.name_of(&a.scope))}>{ label }</button> }
    };
    let extend_form = asking.as_ref().map(|(renew, role, scope, kind)| {
        let label = if *renew { "Renew" } else { "Extend" };
        let submit = {
            let (renew, role, scope, kind, reason, asking) = (*renew, *role, scope.clone(), *kind, reason.clone(), asking.clone());
            let id = w.new_handle("req");
            ctx.dispatch.reform(move |e: SubmitEvent| {
                e.prevent_default();
                asking.set(None);
                let justification = (*reason).clone();
                Action::Execute(if renew {
                    Command::PimRenew { id: id.clone(), role, scope: scope.clone(), kind, justification }
                } else {
                    Command::PimExtend { id: id.clone(), role, scope: scope.clone(), kind, justification }
                })
            })
        };
        html! {
            <form class="form card" onsubmit={submit} aria-label={format!("{label} role assignment")}>
                <h2>{ format!("{label} – {} ({})", role.name, w.name_of(scope)) }</h2>
                <p class="muted small">{ "An administrator of the resource approves the request." }</p>
                { field("Reason", "extend-reason", html! { <textarea id="extend-reason" rows="2" maxlength={JUSTIFICATION_MAX.to_string()} value={(*reason).clone()} oninput={on_reason.clone()} /> }) }
                <button class="button primary" type="submit">{ label }</button>
            </form>
        }
    });
    let kind_tab = |label: &'static str, k: u8| crate::util::state_tab(&kind, label, k);
    let kinds = html! {
        <div class="tabs sub" role="tablist" aria-label="My roles">
            { kind_tab("Microsoft Entra roles", 0) }{ kind_tab("Groups", 1) }{ kind_tab("Azure resources", 2) }
        </div>
    };
    if *kind != 2 {
        return html! { <div class="stack">{ kinds }
        <p class="muted">{ "The playground simulates PIM for Azure resource roles (such as Backup MUA Operator); Microsoft Entra roles and PIM for Groups are not simulated." }</p></div> };
    }
    html! {
        <div class="stack">
            { kinds }
            <h2>{ "Eligible assignments" }</h2>
            if eligible.is_empty() { <p class="muted">{ "You have no eligible role assignments in this directory. If yours are in another directory, switch to it in the top bar." }</p> }
            <table class="grid">
                if !eligible.is_empty() { <thead><tr><th>{ "Role" }</th><th>{ "Resource" }</th><th>{ "End time" }</th><th>{ "Action" }</th></tr></thead> }
                <tbody>
                { for eligible.iter().map(|a| {
                    let (role, scope) = (a.role, a.scope.clone());
                    let o = open.clone();
                    let onclick = Callback::from(move |_: MouseEvent| o.set(Some((role, scope.clone()))));
                    let via = if a.principal != s.actor { format!(" (through group {})", w.display_name(&a.principal)) } else { String::new() };
                    html! { <tr><td>{ a.role.name }</td><td>{ format!("{}{via}", w.name_of(&a.scope)) }</td>
                        <td>{ a.end.map_or("Permanent".to_owned(), |e| format!("Until {}", when(e))) }</td>
                        <td><button class="button small" data-tour="pim_activate" {onclick} aria-label={format!("Activate {} at {}", a.role.name, w.name_of(&a.scope))}>{ "Activate" }</button>
                            if a.end.is_some() && a.principal == s.actor { { " " }{ ask(false, a) } }</td></tr> }
                }) }
                </tbody>
            </table>
            { form.unwrap_or_default() }
            { extend_form.unwrap_or_default() }
            <h2>{ "Active assignments" }</h2>
            if active.is_empty() { <p class="muted">{ "No active roles in this directory." }</p> }
            <table class="grid">
            if !active.is_empty() { <thead><tr><th>{ "Role" }</th><th>{ "Resource" }</th><th>{ "State" }</th><th>{ "End time" }</th><th>{ "Action" }</th></tr></thead> }
            <tbody>
            { for active.iter().map(|a| {
                let activated = matches!(a.origin, Origin::Activation(_));
                html! { <tr><td>{ a.role.name }</td><td>{ w.name_of(&a.scope) }</td>
                <td>{ if activated { "Activated" } else { "Assigned" } }</td>
                <td>{ a.end.map_or("Permanent".to_owned(), |e| format!("Ends {}", when(e))) }</td>
                <td>{ if activated { command_button(&ctx, "Deactivate", "small", Command::PimDeactivate { role: a.role, scope: a.scope.clone() }) }
                      else if a.end.is_some() { ask(false, a) } else { html! {} } }</td></tr> }
            }) }
            </tbody></table>
            <h2>{ "Expired assignments" }</h2>
            if expired.is_empty() { <p class="muted">{ "No expired assignments in this directory." }</p> }
            else {
                <table class="grid">
                    <thead><tr><th>{ "Role" }</th><th>{ "Resource" }</th><th>{ "Type" }</th><th>{ "Ended" }</th><th>{ "Action" }</th></tr></thead>
                    <tbody>{ for expired.iter().map(|a| html! { <tr><td>{ a.role.name }</td><td>{ w.name_of(&a.scope) }</td>
                        <td>{ if a.kind == AssignmentType::Eligible { "Eligible" } else { "Active" } }</td>
                        <td>{ a.end.map(when).unwrap_or_default() }</td><td>{ ask(true, a) }</td></tr> }) }</tbody>
                </table>
            }
        </div>
    }
}

/// A request's type as PIM lists it (Activate, Extend, Renew), not its handle.
fn request_type(w: &mua_core::World, r: &mua_core::pim::PimRequest) -> String {
    match &r.kind {
        RequestKind::Activate => "Activate".to_owned(),
        RequestKind::Extend(_) => "Extend".to_owned(),
        RequestKind::Renew(_) => "Renew".to_owned(),
        RequestKind::LighthouseActivate(d) => format!("Activate (Lighthouse: {})", w.name_of(d)),
    }
}

fn pending(ctx: &Ctx) -> Html {
    let w = ctx.state.world();
    let mine: Vec<_> =
        w.requests().values().filter(|r| r.principal == ctx.state.actor && ctx.state.in_directory(&r.scope)).collect();
    html! {
        <div class="stack">
            if mine.is_empty() { <p class="muted">{ "You have no requests in this directory." }</p> }
            <table class="grid">
                <thead><tr><th>{ "Request type" }</th><th>{ "Role" }</th><th>{ "Resource" }</th><th>{ "Requested" }</th><th>{ "State" }</th><th><span class="visually-hidden">{ "Actions" }</span></th></tr></thead>
                <tbody>
                { for mine.iter().rev().map(|r| html! { <tr><td>{ request_type(w, r) }</td><td>{ r.role.name }</td><td>{ w.name_of(&r.scope) }</td><td>{ when(r.created) }</td>
                    <td>{ r.status.as_str() }</td>
                    <td>{ if r.status == RequestStatus::PendingApproval { command_button(ctx, "Cancel", "small", Command::PimCancel { request: r.id.clone() }) } else { html! {} } }</td></tr> }) }
                </tbody>
            </table>
        </div>
    }
}

/// Approve requests.
#[function_component(Approve)]
pub fn approve() -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let (justification, on_j) = use_text(String::new);
    let requests: Vec<_> =
        w.approvable_by(&ctx.state.actor).into_iter().filter(|r| ctx.state.in_directory(&r.scope)).collect();
    html! {
        <div class="stack">
            if requests.is_empty() { <p class="muted">{ "No requests are waiting for your approval." }</p> }
            else {
                { field("Justification for your decision", "approve-justification", html! { <input id="approve-justification" maxlength={JUSTIFICATION_MAX.to_string()} value={(*justification).clone()} oninput={on_j} /> }) }
            }
            if !requests.is_empty() {
            <table class="grid">
                <thead><tr><th>{ "Requestor" }</th><th>{ "Role" }</th><th>{ "Resource" }</th><th>{ "Duration" }</th><th>{ "Justification" }</th><th>{ "Action" }</th></tr></thead>
                <tbody>
                { for requests.iter().map(|r| {
                    let j = (*justification).clone();
                    html! { <tr>
                        <td><strong>{ w.display_name(&r.principal) }</strong><div class="muted small">{ format!("{} · {}", request_type(w, r), when(r.created)) }</div></td>
                        <td>{ r.role.name }</td><td>{ w.name_of(&r.scope) }</td><td>{ hours(r.duration) }</td>
                        <td class="muted">{ &r.justification }</td>
                        <td>{ command_button(&ctx, "Approve", "small primary", Command::PimApprove { request: r.id.clone(), justification: j.clone() }) }
                            { command_button(&ctx, "Deny", "small", Command::PimDeny { request: r.id.clone(), justification: j }) }</td>
                    </tr> }
                }) }
                </tbody>
            </table>
            }
        </div>
    }
}

/// Hours as the activation form takes them ("2", "1.5", "1,5"; at most one decimal) in minutes;
/// `None` for anything else. Integer arithmetic: float parsing would add kilobytes to the download.
fn hours_to_minutes(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', ".");
    let (whole, tenths) = match text.split_once('.') {
        Some((w, t)) if t.len() == 1 => (w, t.parse::<i64>().ok()?),
        Some(_) => return None,
        None => (text.as_str(), 0),
    };
    let minutes = whole.parse::<i64>().ok()?.checked_mul(60)? + tenths * 6;
    (minutes > 0 && minutes <= 24 * 366 * 60).then_some(minutes)
}

/// A duration as the portal writes it: "2 hours", "1.5 hours", "30 minutes".
fn hours(d: TimeDelta) -> String {
    let minutes = d.num_minutes();
    match minutes {
        60 => "1 hour".to_owned(),
        m if m % 60 == 0 => format!("{} hours", m / 60),
        m if m < 60 => format!("{m} minutes"),
        m => format!("{}.{} hours", m / 60, (m % 60) * 10 / 60),
    }
}

/// Assignments of a resource: Eligible, Active and Expired assignments, and **+ Add assignments**,
/// Azure's wizard: *Membership* (Select role, Select members, Next) → *Setting* (Assignment type,
/// permanent or an end) → *Assign*.
#[function_component(Assignments)]
pub fn assignments(p: &ResourceProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let list = use_state(|| AssignmentStatusTab::Eligible);
    let adding = use_state(|| false);
    let setting = use_state(|| false);
    let principal = use_pick(String::new);
    let role = use_pick(|| "Backup MUA Operator".to_owned());
    let kind = use_pick(|| "eligible".to_owned());
    let (permanent, on_permanent) = use_check(false);
    let (days, on_days) = use_text(|| "365".to_owned());
    let (justification, on_j) = use_text(String::new);
    let (mfa, on_mfa) = use_check(false);
    let (find, on_find) = use_text(String::new);
    let scope_id = p.scope.clone();
    // The users and groups of the resource's directory, its guests included.
    let tenant = w.tenant_of_scope(&scope_id).unwrap_or_default();
    // Select members: the directory's users and groups, found by name or sign-in name.
    let members: Vec<Opt> = w
        .directory_principals(tenant)
        .filter(|p| matches!(p.kind, PrincipalKind::User | PrincipalKind::Group))
        .filter(|p| w.answers(p, tenant, &find))
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();
    let roles = role_options();
    let kinds: Vec<Opt> =
        vec![("eligible".to_owned(), "Eligible".to_owned()), ("active".to_owned(), "Active".to_owned())];
    let (who, role_name, kind_value) = (principal.among(&members), role.among(&roles), kind.among(&kinds));
    let now = w.now();
    let summary = format!("{} for {} on {}", role_name, w.display_name(&who), w.name_of(&scope_id));
    let add = {
        let (scope_id, days, j, mfa, permanent) =
            (scope_id.clone(), days.clone(), justification.clone(), mfa.clone(), permanent.clone());
        let kind = if kind_value == "active" { AssignmentType::Active } else { AssignmentType::Eligible };
        let dispatch = ctx.dispatch.clone();
        let (adding, setting) = (adding.clone(), setting.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let end = if *permanent {
                None
            } else {
                match days.trim().parse::<i64>() {
                    Ok(n) if n > 0 && n <= 3650 => Some(now + TimeDelta::days(n)),
                    _ => {
                        return dispatch.emit(Action::Notify(
                            "Assignment ends after: a whole number of days from 1 to 3650, or Permanently.".to_owned(),
                        ))
                    }
                }
            };
            let Some(role) = rbac::role(&role_name) else {
                return dispatch.emit(Action::Notify("Select a role.".to_owned()));
            };
            if who.is_empty() {
                return dispatch.emit(Action::Notify("Select a member.".to_owned()));
            }
            dispatch.emit(Action::Execute(Command::PimAssign {
                principal: who.clone(),
                role,
                scope: scope_id.clone(),
                kind,
                start: None,
                end,
                justification: (*j).clone(),
                mfa: *mfa,
            }));
            adding.set(false);
            setting.set(false);
        })
    };
    let open = {
        let (adding, setting) = (adding.clone(), setting.clone());
        Callback::from(move |_: MouseEvent| {
            adding.set(!*adding);
            setting.set(false);
        })
    };
    let step = |to: bool| {
        let setting = setting.clone();
        Callback::from(move |_: MouseEvent| setting.set(to))
    };
    let shown = *list;
    let rows: Vec<_> = w
        .assignments()
        .filter(|a| a.scope == scope_id)
        .filter(|a| match (shown, a.status(now)) {
            (AssignmentStatusTab::Expired, mua_core::model::AssignmentStatus::Expired) => true,
            (AssignmentStatusTab::Expired, _) | (_, mua_core::model::AssignmentStatus::Expired) => false,
            (AssignmentStatusTab::Eligible, _) => a.kind == AssignmentType::Eligible,
            (AssignmentStatusTab::Active, _) => a.kind == AssignmentType::Active,
        })
        .collect();
    let sub_tab = |label: &'static str, t: AssignmentStatusTab| crate::util::state_tab(&list, label, t);
    let permanent_label = if kind_value == "active" { "Permanently assigned" } else { "Permanently eligible" };
    html! {
        <div class="stack">
            <div class="toolbar"><button class="button" onclick={open} aria-expanded={crate::util::flag(*adding)} data-tour="pim_assign">{ "+ Add assignments" }</button></div>
            if *adding {
                <form class="form card wizard" onsubmit={add} aria-label="Add assignments">
                    <h2>{ "Add assignments" }</h2>
                    <div class="tabs" role="tablist">
                        { crate::util::state_tab(&setting, "Membership", false) }
                        { crate::util::state_tab(&setting, "Setting", true) }
                    </div>
                    if !*setting {
                        { field("Select role", "pim-role", role.select("pim-role", roles)) }
                        <input class="wide" aria-label="Search members by name or email" placeholder="Search members by name or email" value={(*find).clone()} oninput={on_find} />
                        { field("Select members", "pim-member", principal.select("pim-member", members)) }
                        <button type="button" class="button primary" onclick={step(true)}>{ "Next" }</button>
                    } else {
                        <p class="muted small">{ summary }</p>
                        { field("Assignment type", "pim-type", kind.select("pim-type", kinds)) }
                        <div class="field check"><input type="checkbox" id="pim-permanent" checked={*permanent} onchange={on_permanent} />
                            <label for="pim-permanent">{ permanent_label }</label></div>
                        if !*permanent {
                            { field("Assignment ends after (days)", "pim-days", html! { <input id="pim-days" type="number" min="1" max="3650" value={(*days).clone()} oninput={on_days} /> }) }
                        }
                        if kind_value == "active" {
                            { field("Justification", "pim-justification", html! { <input id="pim-justification" maxlength={JUSTIFICATION_MAX.to_string()} value={(*justification).clone()} oninput={on_j} /> }) }
                            <div class="field check"><input type="checkbox" id="pim-mfa" checked={*mfa} onchange={on_mfa} />
                                <label for="pim-mfa">{ "I completed Azure multifactor authentication (simulated)" }</label></div>
                        }
                        <InlineError commands={ASSIGN_COMMANDS} />
                        <div class="toolbar">
                            <button class="button primary" type="submit" data-tour="pim_assign">{ "Assign" }</button>
                            <button type="button" class="button" onclick={step(false)}>{ "< Prev" }</button>
                        </div>
                    }
                </form>
            }
            <div class="tabs sub" role="tablist" aria-label="Assignments">
                { sub_tab("Eligible assignments", AssignmentStatusTab::Eligible) }
                { sub_tab("Active assignments", AssignmentStatusTab::Active) }
                { sub_tab("Expired assignments", AssignmentStatusTab::Expired) }
            </div>
            if rows.is_empty() { <p class="muted">{ "No assignments here." }</p> }
            else {
                <table class="grid">
                    <thead><tr><th>{ "Name" }</th><th>{ "Role" }</th><th>{ "State" }</th><th>{ "End time" }</th><th><span class="visually-hidden">{ "Actions" }</span></th></tr></thead>
                    <tbody>{ for rows.iter().map(|a| html! { <tr><td>{ w.display_name(&a.principal).to_owned() }</td><td>{ a.role.name }</td>
                        <td>{ if matches!(a.origin, Origin::Activation(_)) { "Activated" } else { "Assigned" } }</td>
                        <td>{ a.end.map_or("Permanent".to_owned(), when) }</td>
                        <td>{ if a.origin == Origin::Pim { command_button(&ctx, "Remove", "small", Command::PimRemoveAssignment { principal: a.principal.clone(), role: a.role, scope: a.scope.clone(), kind: a.kind }) } else { html! {} } }</td></tr> }) }</tbody>
                </table>
            }
        </div>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum AssignmentStatusTab {
    Eligible,
    Active,
    Expired,
}

const ASSIGN_COMMANDS: &[&str] = &["pim_assign"];

/// Settings: the resource's roles; a role's settings → *Edit* → tabs *Activation*, *Assignment*,
/// *Notification* → *Update*.
#[function_component(Settings)]
pub fn settings(p: &ResourceProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let role = use_state(|| None::<&'static str>);
    let editing = use_state(|| false);
    let section = use_state(|| 0_u8);
    let draft = use_state(|| None::<SettingsChange>);
    let scope_id = p.scope.clone();
    // Another role or resource starts from its saved settings.
    {
        let (draft, editing) = (draft.clone(), editing.clone());
        use_effect_with((scope_id.clone(), *role), move |_| {
            draft.set(None);
            editing.set(false);
        });
    }
    let Some(role_def) = role.and_then(rbac::role) else {
        return html! {
            <table class="grid">
                <thead><tr><th>{ "Role" }</th><th>{ "Modified" }</th></tr></thead>
                <tbody>{ for rbac::BUILT_IN_ROLES.iter().map(|r| {
                    let (pick, name) = (role.clone(), r.name);
                    let onclick = Callback::from(move |_: MouseEvent| pick.set(Some(name)));
                    let modified = w.pim_settings(r, &scope_id) != mua_core::pim::PimSettings::defaults();
                    html! { <tr><td><button class="link" {onclick}>{ r.name }</button></td><td>{ if modified { "Yes" } else { "No" } }</td></tr> }
                }) }</tbody>
            </table>
        };
    };
    let back = {
        let role = role.clone();
        Callback::from(move |_: MouseEvent| role.set(None))
    };
    if !*editing {
        let st = w.pim_settings(role_def, &scope_id);
        let edit = {
            let editing = editing.clone();
            Callback::from(move |_: MouseEvent| editing.set(true))
        };
        let yes = |b: bool| if b { "Yes" } else { "No" };
        return html! {
            <div class="stack">
                <h2>{ format!("Role setting details – {}", role_def.name) }</h2>
                <div class="toolbar">
                    <button class="button primary" onclick={edit} data-tour="pim_update_settings">{ "Edit" }</button>
                    <button class="button" onclick={back}>{ "< Roles" }</button>
                </div>
                <dl class="props">
                    <dt>{ "Activation maximum duration (hours)" }</dt><dd>{ st.maximum_activation.num_hours() }</dd>
                    <dt>{ "Require Azure MFA on activation" }</dt><dd>{ yes(st.require_mfa) }</dd>
                    <dt>{ "Require justification on activation" }</dt><dd>{ yes(st.require_justification) }</dd>
                    <dt>{ "Require approval to activate" }</dt><dd>{ yes(st.require_approval) }</dd>
                    <dt>{ "Approvers" }</dt><dd>{ if st.approvers.is_empty() { "None".to_owned() } else { st.approvers.iter().map(|a| w.display_name(a)).collect::<Vec<_>>().join(", ") } }</dd>
                    <dt>{ "Allow permanent eligible assignment" }</dt><dd>{ yes(st.allow_permanent_eligible) }</dd>
                </dl>
            </div>
        };
    }
    let cur = w.pim_settings(role_def, &scope_id);
    let d = (*draft).clone().unwrap_or_default();
    let flag = |label: &'static str, id: &'static str, value: bool, set: fn(&mut SettingsChange, bool)| {
        let dr = draft.clone();
        let onchange = Callback::from(move |e: Event| {
            let mut c = (*dr).clone().unwrap_or_default();
            set(&mut c, checked_of(&e));
            dr.set(Some(c));
        });
        html! { <div class="field check"><input type="checkbox" id={id} checked={value} {onchange} /><label for={id}>{ label }</label></div> }
    };
    let hours = d.maximum_activation.unwrap_or(cur.maximum_activation).num_hours();
    let on_hours = {
        let dr = draft.clone();
        Callback::from(move |v: String| {
            let mut c = (*dr).clone().unwrap_or_default();
            c.maximum_activation = v.parse::<i64>().ok().map(TimeDelta::hours);
            dr.set(Some(c));
        })
    };
    let hour_options: Vec<Opt> = (1..=24).map(|h: i64| (h.to_string(), h.to_string())).collect();
    // A checkbox per user or group, for a list of principals (approvers, additional recipients).
    type ListField = fn(&mut SettingsChange) -> &mut Option<Vec<String>>;
    let principal_boxes = |prefix: &'static str, chosen: Vec<String>, field: ListField| -> Html {
        w.directory_principals(w.tenant_of_scope(&scope_id).unwrap_or_default()).filter(|p| matches!(p.kind, PrincipalKind::User | PrincipalKind::Group)).map(|p| {
            let id = p.id.clone();
            let dr = draft.clone();
            let base = chosen.clone();
            let onchange = Callback::from(move |e: Event| {
                let mut c = (*dr).clone().unwrap_or_default();
                let mut list = field(&mut c).clone().unwrap_or(base.clone());
                list.retain(|x| *x != id);
                if checked_of(&e) { list.push(id.clone()); }
                *field(&mut c) = Some(list);
                dr.set(Some(c));
            });
            let box_id = format!("{prefix}-{}", p.id);
            html! { <div class="field check"><input type="checkbox" id={box_id.clone()} checked={chosen.contains(&p.id)} {onchange} /><label for={box_id}>{ &p.name }</label></div> }
        }).collect()
    };
    let approver_boxes =
        principal_boxes("approver", d.approvers.clone().unwrap_or(cur.approvers.clone()), |c| &mut c.approvers);
    let recipient_boxes =
        principal_boxes("recipient", d.additional_recipients.clone().unwrap_or(cur.notify.additional.clone()), |c| {
            &mut c.additional_recipients
        });
    let n = &cur.notify;
    let save = {
        let (scope_id, dr, editing) = (scope_id.clone(), draft.clone(), editing.clone());
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(change) = (*dr).clone() {
                dispatch.emit(Action::Execute(Command::PimUpdateSettings {
                    role: role_def,
                    scope: scope_id.clone(),
                    change,
                }));
                dr.set(None);
                editing.set(false);
            }
        })
    };
    let tab = |label: &'static str, i: u8| crate::util::state_tab(&section, label, i);
    html! {
        <div class="stack">
            <h2>{ format!("Edit role setting – {}", role_def.name) }</h2>
            <div class="tabs" role="tablist" aria-label="Edit role setting">
                { tab("Activation", 0) }{ tab("Assignment", 1) }{ tab("Notification", 2) }
            </div>
            <div class="card form">
                if *section == 0 {
                { field("Activation maximum duration (hours)", "set-hours", html! { <Select id={Some("set-hours")} label={None} class={None} value={hours.to_string()} options={hour_options} onchange={on_hours} /> }) }
                { flag("On activation, require Azure MFA", "set-mfa", d.require_mfa.unwrap_or(cur.require_mfa), |c, v| c.require_mfa = Some(v)) }
                { flag("Require justification on activation", "set-just", d.require_justification.unwrap_or(cur.require_justification), |c, v| c.require_justification = Some(v)) }
                { flag("Require ticket information on activation", "set-ticket", d.require_ticket.unwrap_or(cur.require_ticket), |c, v| c.require_ticket = Some(v)) }
                { flag("Require approval to activate", "set-approval", d.require_approval.unwrap_or(cur.require_approval), |c, v| c.require_approval = Some(v)) }
                <fieldset><legend>{ "Approvers" }</legend>{ approver_boxes }</fieldset>
                }
                if *section == 1 {
                { flag("Allow permanent eligible assignment", "set-perm-el", d.allow_permanent_eligible.unwrap_or(cur.allow_permanent_eligible), |c, v| c.allow_permanent_eligible = Some(v)) }
                { flag("Allow permanent active assignment", "set-perm-ac", d.allow_permanent_active.unwrap_or(cur.allow_permanent_active), |c, v| c.allow_permanent_active = Some(v)) }
                { flag("Require Azure MFA on active assignment", "set-mfa-ac", d.require_mfa_on_active.unwrap_or(cur.require_mfa_on_active), |c, v| c.require_mfa_on_active = Some(v)) }
                { flag("Require justification on active assignment", "set-just-ac", d.require_justification_on_active.unwrap_or(cur.require_justification_on_active), |c, v| c.require_justification_on_active = Some(v)) }
                <p class="muted small">{ format!("Eligible assignments expire after {} days, active after {} days. Defaults are a simulator assumption.", cur.expire_eligible_after.num_days(), cur.expire_active_after.num_days()) }</p>
                }
                if *section == 2 {
                <fieldset><legend>{ "Send notifications when members are assigned as eligible to this role" }</legend>
                    { flag("Role assignment alert (admin)", "set-n-el-admin", d.notify_admin_on_eligible.unwrap_or(n.admin_on_eligible), |c, v| c.notify_admin_on_eligible = Some(v)) }
                    { flag("Notification to the assigned user (assignee)", "set-n-el-user", d.notify_assignee_on_eligible.unwrap_or(n.assignee_on_eligible), |c, v| c.notify_assignee_on_eligible = Some(v)) }
                </fieldset>
                <fieldset><legend>{ "Send notifications when members are assigned as active to this role" }</legend>
                    { flag("Role assignment alert (admin) on active assignment", "set-n-ac-admin", d.notify_admin_on_active.unwrap_or(n.admin_on_active), |c, v| c.notify_admin_on_active = Some(v)) }
                    { flag("Notification to the assigned user (assignee) on active assignment", "set-n-ac-user", d.notify_assignee_on_active.unwrap_or(n.assignee_on_active), |c, v| c.notify_assignee_on_active = Some(v)) }
                </fieldset>
                <fieldset><legend>{ "Send notifications when eligible members activate this role" }</legend>
                    { flag("Role activation alert (admin)", "set-n-act-admin", d.notify_admin_on_activation.unwrap_or(n.admin_on_activation), |c, v| c.notify_admin_on_activation = Some(v)) }
                    { flag("Notification to activated user (requestor)", "set-n-act-user", d.notify_requestor_on_activation.unwrap_or(n.requestor_on_activation), |c, v| c.notify_requestor_on_activation = Some(v)) }
                    { flag("Request to approve an activation (approver)", "set-n-act-appr", d.notify_approvers_on_activation.unwrap_or(n.approvers_on_activation), |c, v| c.notify_approvers_on_activation = Some(v)) }
                </fieldset>
                <fieldset><legend>{ "Additional recipients (every event)" }</legend>{ recipient_boxes }</fieldset>
                }
                <div class="toolbar">
                    <button class="button primary" data-tour="pim_update_settings" onclick={save} disabled={draft.is_none()}>{ "Update" }</button>
                    <button class="button" onclick={back}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}

/// Audit: a resource's PIM activity (Azure resources → the resource → Audit), or the person's own
/// (My audit history); with downloads.
fn audit(ctx: &Ctx, scope: Option<&str>) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let tenant = s.directory.clone();
    let rows: Vec<_> = w
        .audit()
        .iter()
        .filter(|e| e.tenant == tenant)
        .filter(|e| match scope {
            Some(scope) => e.scope == scope,
            None => e.actor == s.actor || e.principal == s.actor,
        })
        .collect();
    html! {
        <div class="stack">
            <div class="toolbar">
                <a class="button" download={format!("pim-audit-{tenant}.csv")} href={data_url("text/csv", &w.audit_csv(&tenant))}>{ "Download CSV" }</a>
                <a class="button" download={format!("pim-audit-{tenant}.json")} href={data_url("application/json", &w.audit_json(&tenant))}>{ "Download JSON" }</a>
            </div>
            if rows.is_empty() { <p class="muted">{ "No PIM activity here yet." }</p> }
            <table class="grid">
                <thead><tr><th>{ "Time" }</th><th>{ "Requestor" }</th><th>{ "Activity" }</th><th>{ "Principal" }</th><th>{ "Role" }</th><th>{ "Resource" }</th></tr></thead>
                <tbody>{ for rows.iter().rev().map(|e| html! { <tr><td>{ when(e.time) }</td><td>{ w.display_name(&e.actor) }</td><td>{ &e.activity }</td><td>{ w.display_name(&e.principal) }</td><td>{ e.role }</td><td>{ w.name_of(&e.scope) }</td></tr> }) }</tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_and_write_as_the_portal_does() {
        assert_eq!(hours_to_minutes("2"), Some(120));
        assert_eq!(hours_to_minutes(" 1,5 "), Some(90));
        assert_eq!(hours_to_minutes("0.5"), Some(30));
        for bad in ["", "0", "-1", "1.25", "PT2H", "x"] {
            assert_eq!(hours_to_minutes(bad), None, "{bad}");
        }
        assert_eq!(hours(TimeDelta::minutes(90)), "1.5 hours");
        assert_eq!(hours(TimeDelta::minutes(120)), "2 hours");
    }
}
