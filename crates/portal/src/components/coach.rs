//! The guided tour's coach: a bar above the blade that says what the scenario's next step is, in
//! the portal's words, opens the blade where it is done, highlights the control to use and waits
//! for the person to use it. The core decides when a step done by hand is the planned one
//! ([`mua_core::Session::follows_plan`]); the coach only shows it and offers *Do it for me* and
//! *Back*.

use mua_core::scenario::{Expect, StepAction};
use mua_core::{Command, World};
use yew::prelude::*;

use crate::context::use_ctx;
use crate::route::blade_for;
use crate::state::Action;

/// The `data-tour` word of the controls that do a step.
fn target(action: &StepAction) -> &'static str {
    match action {
        StepAction::Run { command, .. } => command.action_name(),
        StepAction::Advance(_) => "advance",
        StepAction::Console { .. } => "console",
    }
}

/// What to do, in the portal's words: made from the step's action and what the scenario expects of
/// it, so the two cannot contradict each other (a step that expects the refusal for a missing
/// sign-in says not to sign in first).
fn instruction(w: &World, action: &StepAction, expect: Expect) -> String {
    let unsigned = expect == Expect::Refused(mua_core::ErrorCode::CrossTenantAuthRequired);
    let name = |h: &str| w.name_of(h).to_owned();
    let command = match action {
        StepAction::Advance(by) => {
            return format!(
                "Move the clock on by {}: open the clock in the top bar, type {} and select Advance.",
                mua_core::duration::human(*by),
                mua_core::duration::format(*by)
            )
        }
        StepAction::Run { command, .. } => command,
        StepAction::Console { shell, .. } => {
            let line = action.console_line().unwrap_or_default();
            return if cfg!(feature = "console") {
                let tab = if *shell == mua_core::scenario::Shell::Az { "Bash (az)" } else { "PowerShell" };
                format!("In Cloud Shell's {tab} tab, type: {line} — or select Do it for me.")
            } else {
                format!("A command line: {line}. This build of the playground has no Cloud Shell to run it.")
            };
        }
    };
    match command {
        Command::CreateVault { id, resource_group, .. } => format!(
            "Create the vault: {}, Vault name {id}, then Review + create, and Create.",
            placement(w, resource_group)
        ),
        Command::CreateResourceGuard { id, resource_group, excluded_operations, .. } => {
            let exclusions = if excluded_operations.is_empty() {
                String::new()
            } else {
                format!(" On Protected operations, disable {}.", excluded_operations.join(", "))
            };
            format!(
                "Create the Resource Guard: {}, Name {id}.{exclusions} Then Review + create, and Create.",
                placement(w, resource_group)
            )
        }
        Command::UpdateResourceGuard { guard, excluded_operations, .. } => format!(
            "On {guard}'s Properties, leave protected every operation except: {}. Then Save.",
            if excluded_operations.is_empty() { "none".to_owned() } else { excluded_operations.join(", ") }
        ),
        Command::AssignRole { principal, role, scope } => format!(
            "Access control (IAM) of {}: + Add role assignment → Role {}, Next → + Select members: Select {}, Select → Review + assign, then Review + assign.",
            name(scope),
            role.name,
            name(principal)
        ),
        Command::InviteGuest { user, .. } => format!(
            "Microsoft Entra ID → Users → + New user → Invite external user: Email {}, then Invite.",
            w.principals().get(user).map_or(user.as_str(), |p| p.sign_in_name.as_str())
        ),
        Command::AddGroupMember { group, principal } => {
            let tenant = w.principals().get(group).map_or("", |g| g.tenant.as_str());
            let kind = if w.is_guest_in(principal, tenant) { "Guest" } else { "Member" };
            format!("Microsoft Entra ID → Groups → {}: + Add members, Member {} ({kind}), then Select.", name(group), name(principal))
        }
        Command::RemoveGroupMember { group, principal } => {
            format!("Microsoft Entra ID → Groups → {}: Remove {} from Members.", name(group), name(principal))
        }
        Command::RemoveRoleAssignment { principal, role, scope } => {
            format!("In Access control (IAM) of {}, remove {} from {}.", name(scope), role.name, name(principal))
        }
        Command::Authenticate { tenant } => format!(
            "Sign in to the directory {}: open the directory switcher in the top bar and select Switch (or Authenticate in the pane you are in).",
            name(tenant)
        ),
        Command::EnableMua { guard, .. } => {
            let id = w.resolve_guard(guard).map_or(guard.as_str(), |g| g.id.as_str());
            if unsigned {
                // Without a sign-in the guard list stays empty: its URI is the way to ask anyway.
                let uri = w.arm_id(id).unwrap_or_else(|| guard.clone());
                format!("Properties → Multi-User Authorization → Update → tick Protect with Resource Guard → Use Resource Guard URI: paste {uri} and select Save, without Authenticate.")
            } else {
                let directory = w.tenant_of_scope(id).map_or(String::new(), &name);
                format!("Properties → Multi-User Authorization → Update → tick Protect with Resource Guard → Select Resource Guard: Directory {directory}, Authenticate, Resource Guard {id}, then Save.")
            }
        }
        Command::DisableMua { .. } if unsigned => "Properties → Multi-User Authorization → Update → clear Protect with Resource Guard, then Save, without Authenticate.".to_owned(),
        Command::DisableMua { vault } => {
            let guard = w.vaults().get(vault).and_then(|v| v.guard.as_deref()).unwrap_or_default();
            let directory = w.tenant_of_scope(guard).map_or(String::new(), &name);
            format!("Properties → Multi-User Authorization → Update → clear Protect with Resource Guard: Directory {directory}, Authenticate, then Save.")
        }
        Command::DisableSoftDelete { .. } => {
            "Properties → Security Settings → Update → clear Enable soft delete → Save → Yes, disable.".to_owned()
        }
        Command::EnableSoftDelete { .. } => {
            "Properties → Security Settings → Update → tick Enable soft delete → Save.".to_owned()
        }
        Command::PimAssign { principal, role, scope, kind, .. } => format!(
            "Azure resources → {} → Assignments → + Add assignments: Select role {}, Select members {}, Next → Assignment type {}, then Assign.",
            name(scope),
            role.name,
            name(principal),
            if *kind == mua_core::model::AssignmentType::Active { "Active" } else { "Eligible" }
        ),
        Command::PimUpdateSettings { role, scope, change } => format!(
            "Azure resources → {} → Settings → {} → Edit: {}; then Update.",
            name(scope),
            role.name,
            settings_to_change(w, w.pim_settings(role, scope), change)
        ),
        Command::PimActivate { role, scope, duration, justification, ticket, mfa, .. } => {
            let ticket = ticket.as_ref().map(|t| format!(", Ticket number {t}")).unwrap_or_default();
            let mfa = if *mfa { ", tick I completed multifactor authentication (simulated)" } else { "" };
            format!(
                "My roles → Activate {} at {}: Duration (hours) {}, Justification {justification}{ticket}{mfa}, then Activate.",
                role.name,
                name(scope),
                hours(*duration)
            )
        }
        Command::PimApprove { request, justification } | Command::PimDeny { request, justification } => {
            let verb = if matches!(command, Command::PimApprove { .. }) { "Approve" } else { "Deny" };
            // The request as Approve requests lists it: who asked for which role where.
            match w.requests().get(request) {
                Some(r) => format!(
                    "Approve requests: {} asks for {} on {} — Justification for your decision {justification}, then {verb}.",
                    w.display_name(&r.principal),
                    r.role.name,
                    name(&r.scope)
                ),
                None => format!("Approve requests: select {verb} on the request."),
            }
        }
        other => match blade_for(w, action) {
            Some(_) => format!("{}: use the highlighted button.", other.label()),
            None => format!("{}: the playground has no blade for this step; select Do it for me.", other.label()),
        },
    }
}

/// Where a create wizard puts the resource, in its Basics labels.
fn placement(w: &World, resource_group: &str) -> String {
    let subscription = w.resource_groups().get(resource_group).map_or("", |g| w.name_of(&g.subscription));
    format!("Subscription {subscription}, Resource group {resource_group}")
}

/// A duration as the forms' hour fields take it: `2`, or `1.5` for a half hour (no float formatting).
fn hours(span: chrono::TimeDelta) -> String {
    let minutes = span.num_minutes();
    match minutes % 60 {
        0 => (minutes / 60).to_string(),
        rest => format!("{}.{}", minutes / 60, rest * 10 / 60),
    }
}

/// What a settings step changes, in the Settings form's labels: only what differs from the saved
/// settings, so following it literally (tick, clear) gives the planned settings.
fn settings_to_change(w: &World, now: mua_core::pim::PimSettings, change: &mua_core::pim::SettingsChange) -> String {
    let mut todo = Vec::new();
    if let Some(max) = change.maximum_activation.filter(|m| *m != now.maximum_activation) {
        todo.push(format!("Activation maximum duration (hours) {}", hours(max)));
    }
    let flags = [
        ("On activation, require Azure MFA", change.require_mfa, now.require_mfa),
        ("Require justification on activation", change.require_justification, now.require_justification),
        ("Require ticket information on activation", change.require_ticket, now.require_ticket),
        ("Require approval to activate", change.require_approval, now.require_approval),
        (
            "Allow permanent eligible assignment (Assignment tab)",
            change.allow_permanent_eligible,
            now.allow_permanent_eligible,
        ),
        (
            "Allow permanent active assignment (Assignment tab)",
            change.allow_permanent_active,
            now.allow_permanent_active,
        ),
        (
            "Require Azure MFA on active assignment (Assignment tab)",
            change.require_mfa_on_active,
            now.require_mfa_on_active,
        ),
        (
            "Require justification on active assignment (Assignment tab)",
            change.require_justification_on_active,
            now.require_justification_on_active,
        ),
    ];
    for (label, want, saved) in flags {
        if let Some(want) = want.filter(|w| *w != saved) {
            todo.push(format!("{} {label}", if want { "tick" } else { "clear" }));
        }
    }
    if let Some(approvers) = &change.approvers {
        for a in approvers.iter().filter(|a| !now.approvers.contains(a)) {
            todo.push(format!("tick the approver {}", w.name_of(a)));
        }
        for a in now.approvers.iter().filter(|a| !approvers.contains(a)) {
            todo.push(format!("clear the approver {}", w.name_of(a)));
        }
    }
    if todo.is_empty() {
        "leave the settings as they are".to_owned()
    } else {
        todo.join(", ")
    }
}

/// The directory a step's object is in, when the person will not be in it: the blades list the
/// current directory's resources only (a sign-in step is itself the switch).
fn where_to_switch<'w>(s: &'w crate::state::AppState, action: &StepAction) -> Option<&'w str> {
    let StepAction::Run { actor, command } = action else { return None };
    if matches!(command, Command::Authenticate { .. }) {
        return None;
    }
    let w = s.world();
    let tenant = match command {
        // A group lives in its directory, as a user does.
        Command::AddGroupMember { group, .. } | Command::RemoveGroupMember { group, .. } => {
            w.principals().get(group).map(|g| g.tenant.as_str())?
        }
        _ => w.tenant_of_scope(command.target()?.1)?,
    };
    let current = if *actor == s.actor { s.directory.clone() } else { crate::state::home_of(w, actor) };
    (tenant != current).then(|| w.tenants().get(tenant).map_or(tenant, |t| t.name.as_str()))
}

/// What the plan expects of a step, in words.
fn expected(expect: Expect) -> String {
    match expect {
        Expect::Ok => "The scenario expects it to succeed.".to_owned(),
        Expect::Refused(code) => {
            format!("The scenario expects it to be refused ({code}): that is the lesson of this step.")
        }
    }
}

/// Marks the controls of the step with the `tour-target` class (and brings the first into view
/// when the step changes); clears the marks when there is no step to do.
fn highlight(word: Option<&'static str>, scroll: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(marked) = document.query_selector_all(".tour-target") {
        for i in 0..marked.length() {
            if let Some(el) = marked.item(i).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok()) {
                let _ = el.class_list().remove_1("tour-target");
            }
        }
    }
    let Some(word) = word else { return };
    let Ok(targets) = document.query_selector_all(&format!("[data-tour~=\"{word}\"]")) else { return };
    for i in 0..targets.length() {
        if let Some(el) = targets.item(i).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok()) {
            let _ = el.class_list().add_1("tour-target");
            if scroll && i == 0 {
                el.scroll_into_view_with_bool(false);
            }
        }
    }
}

/// The coach bar (nothing when the tour is not being followed).
#[function_component(Coach)]
pub fn coach() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let plan = &s.session.scenario().steps;
    let (position, outcomes) = s.session.tour();
    let at = s.coach.map(|c| c.min(position));
    let doing = at.filter(|&i| i == position && i < plan.len());
    let word = doing.and_then(|i| plan.get(i)).map(|step| target(&step.action));
    {
        // After every render: the marks follow the controls on screen (a pane opening, a menu).
        let revision = s.revision;
        let last = use_mut_ref(|| None::<(Option<usize>, Option<&'static str>)>);
        use_effect(move || {
            let key = (doing, word);
            let changed = *last.borrow() != Some(key);
            *last.borrow_mut() = Some(key);
            // Nothing to mark and nothing marked: no need to look through the page.
            if word.is_some() || changed {
                highlight(word, changed);
            }
            let _ = revision;
        });
    }
    let Some(at) = at else { return html! {} };
    let w = s.world();
    let open = ctx.on_click(Action::TourOpen);
    let end = ctx.on_click(Action::TourEnd);
    let back = ctx.on_click(Action::TourBack);
    let for_me = ctx.on_click(Action::TourNext);
    let can_back = !s.session.history().is_empty();
    let counter = format!("Step {} of {}", (at + 1).min(plan.len()), plan.len());
    let (body, buttons) = match plan.get(at) {
        None => (
            {
                // How the steps went against what the scenario expects of each.
                let missed: Vec<String> = plan
                    .iter()
                    .zip(outcomes.iter())
                    .enumerate()
                    .filter(|(_, (step, got))| step.expect != **got)
                    .map(|(i, _)| (i + 1).to_string())
                    .collect();
                let summary = if missed.is_empty() {
                    format!(" All {} steps went as the scenario expects.", plan.len())
                } else {
                    format!(
                        " {} of {} steps went as the scenario expects; not step {}.",
                        plan.len() - missed.len(),
                        plan.len(),
                        missed.join(", ")
                    )
                };
                html! { <p><strong>{ "The tour is complete." }</strong>{ summary }{ " Explore on your own, or pick another scenario in the gallery." }</p> }
            },
            html! { <button class="button small primary" onclick={end}>{ "End tour" }</button> },
        ),
        Some(step) if at < position => {
            let got = outcomes.get(at).copied();
            let as_planned = got == Some(step.expect);
            let said = match got {
                Some(Expect::Ok) => "It succeeded".to_owned(),
                Some(Expect::Refused(code)) => format!("It was refused ({code})"),
                None => "It ran".to_owned(),
            };
            let verdict = if as_planned {
                format!("✓ {said}, as the scenario expects.")
            } else {
                format!("✗ {said}; the scenario expected otherwise. Select Back to try it again.")
            };
            (
                html! { <p><strong class={if as_planned { "ok-text" } else { "error-text" }}>{ verdict }</strong></p> },
                html! { <>
                    <button class="button small primary" onclick={open}>{ if position < plan.len() { "Next step" } else { "Finish" } }</button>
                    <button class="button small" onclick={back} disabled={!can_back}>{ "Back" }</button>
                    <button class="button small" onclick={end}>{ "End tour" }</button>
                </> },
            )
        }
        Some(step) => {
            let who = step.action.actor().map(|a| format!("As {}: ", w.display_name(a))).unwrap_or_default();
            let place = where_to_switch(s, &step.action)
                .map(|d| format!("switch to the directory {d} (top bar), then "))
                .unwrap_or_default();
            (
                html! { <>
                    <p><strong>{ who }</strong>{ place }{ instruction(w, &step.action, step.expect) }</p>
                    <p class="muted small">{ expected(step.expect) }</p>
                </> },
                html! { <>
                    <button class="button small" onclick={open}>{ "Show me" }</button>
                    <button class="button small primary" onclick={for_me}>{ "Do it for me" }</button>
                    <button class="button small" onclick={back} disabled={!can_back}>{ "Back" }</button>
                    <button class="button small" onclick={end}>{ "End tour" }</button>
                </> },
            )
        }
    };
    html! {
        <section class="coach" aria-label="Guided tour" aria-live="polite">
            <div class="coach-head"><span class="coach-count">{ counter }</span><span class="muted small">{ s.session.scenario().title.clone() }</span></div>
            { body }
            <div class="toolbar">{ buttons }</div>
        </section>
    }
}
