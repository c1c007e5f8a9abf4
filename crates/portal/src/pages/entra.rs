//! Microsoft Entra ID (SPEC §9a): the current directory's *Users* (display name, user principal
//! name, user type; *+ New user → Invite external user*), a user's page (groups, directories they
//! are a guest in, Azure role assignments) and *Groups* (members, owners, *+ Add members*). Inviting
//! and changing members are steps of the session the core decides, like any other.

use mua_core::model::PrincipalKind;
use mua_core::Command;
use yew::prelude::*;

use super::{command_button, frame, tabs};
use crate::components::explain::InlineError;
use crate::context::{use_ctx, Ctx};
use crate::hooks::{use_pick, use_text, Opt};
use crate::state::{Action, Blade, EntraTab};
use crate::util::field;

const TITLE: &str = "Microsoft Entra ID";

/// A principal's kind and user type in a directory, as the portal's lists say them.
fn kind_label(ctx: &Ctx, id: &str, tenant: &str) -> &'static str {
    let w = ctx.state.world();
    match w.principals().get(id).map(|p| p.kind) {
        Some(PrincipalKind::User) if w.is_guest_in(id, tenant) => "Guest",
        Some(PrincipalKind::User) => "Member",
        Some(PrincipalKind::Group) => "Group",
        Some(PrincipalKind::ServicePrincipal) => "Service principal",
        Some(PrincipalKind::ManagedIdentity) => "Managed identity",
        None => "",
    }
}

/// A link to a user's or group's page.
fn principal_link(ctx: &Ctx, id: &str) -> Html {
    let w = ctx.state.world();
    let blade = match w.principals().get(id).map(|p| p.kind) {
        Some(PrincipalKind::Group) => Blade::Group(id.to_owned()),
        Some(PrincipalKind::User) => Blade::User(id.to_owned()),
        _ => return html! { { w.display_name(id).to_owned() } },
    };
    let onclick = ctx.on_click(Action::Navigate(blade));
    html! { <button class="link" {onclick}>{ w.display_name(id).to_owned() }</button> }
}

/// Microsoft Entra ID: Users or Groups of the current directory.
pub fn entra_blade(ctx: &Ctx, tab: EntraTab) -> Html {
    let s = &ctx.state;
    let directory = s.world().tenants().get(&s.directory).map_or(s.directory.clone(), |t| t.name.clone());
    let bar = tabs(ctx, tab, &[("Users", EntraTab::Users), ("Groups", EntraTab::Groups)], Blade::Entra);
    let body = match tab {
        EntraTab::Users => html! { <Users /> },
        EntraTab::Groups => groups(ctx),
    };
    frame(
        ctx,
        &[("Home", Blade::Home)],
        TITLE,
        html! { <><p class="muted">{ format!("Directory: {directory}") }</p>{ bar }{ body }</> },
    )
}

/// Users: every user of the directory, members and guests; *+ New user → Invite external user*.
#[function_component(Users)]
fn users() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let tenant = s.directory.clone();
    let inviting = use_state(|| false);
    let (email, on_email) = use_text(String::new);
    let toggle = {
        let inviting = inviting.clone();
        Callback::from(move |_: MouseEvent| inviting.set(!*inviting))
    };
    let invite = {
        let (email, tenant) = (email.clone(), tenant.clone());
        // The core finds the user by the address typed (or refuses: not found).
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Action::Execute(Command::InviteGuest { user: (*email).clone(), tenant: tenant.clone() })
        })
    };
    let users: Vec<_> = w.directory_principals(&tenant).filter(|p| p.kind == PrincipalKind::User).collect();
    html! {
        <div class="stack">
            <div class="toolbar">
                <button class="button" onclick={toggle} aria-expanded={crate::util::flag(*inviting)}>{ "+ New user" }</button>
            </div>
            if *inviting {
                <form class="form card" onsubmit={invite} aria-label="Invite external user">
                    <h2>{ "Invite external user" }</h2>
                    { field("Email", "invite-email", html! { <input id="invite-email" type="email" maxlength="256" placeholder="bob@contoso.com" value={(*email).clone()} oninput={on_email} /> }) }
                    // Who the address names, as the core finds them: the display name comes with the user.
                    if !email.trim().is_empty() {
                        <p class="muted small" role="status">{ match w.find_principal(email.trim()).filter(|p| p.kind == PrincipalKind::User) {
                            Some(p) => format!("Display name: {} (home directory {})", p.name, w.name_of(&p.tenant)),
                            None => "No user with this address in the playground's directories.".to_owned(),
                        } }</p>
                    }
                    <p class="muted small">{ "The user of another directory you invite joins this one as a guest at once (the playground redeems the invitation for them). Any member of the directory may invite; a guest may not." }</p>
                    <InlineError commands={INVITE} />
                    <button class="button primary" type="submit" data-tour="invite_guest">{ "Invite" }</button>
                </form>
            }
            <table class="grid">
                <thead><tr><th>{ "Display name" }</th><th>{ "User principal name" }</th><th>{ "User type" }</th></tr></thead>
                <tbody>
                { for users.iter().map(|p| html! {
                    <tr><td>{ principal_link(&ctx, &p.id) }</td>
                        <td class="upn">{ w.sign_in_name_in(&p.id, &tenant) }</td>
                        <td>{ kind_label(&ctx, &p.id, &tenant) }</td></tr>
                }) }
                </tbody>
            </table>
        </div>
    }
}

const INVITE: &[&str] = &["invite_guest"];
const MEMBERS: &[&str] = &["add_group_member", "remove_group_member"];

/// Groups of the directory: members and owners at a glance.
fn groups(ctx: &Ctx) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let groups: Vec<_> = w.directory_principals(&s.directory).filter(|p| p.kind == PrincipalKind::Group).collect();
    html! {
        if groups.is_empty() {
            <div class="empty-state"><p class="empty-title">{ "No groups in this directory" }</p></div>
        } else {
            <table class="grid">
                <thead><tr><th>{ "Name" }</th><th>{ "Members" }</th><th>{ "Owners" }</th></tr></thead>
                <tbody>
                { for groups.iter().map(|g| html! {
                    <tr><td>{ principal_link(ctx, &g.id) }</td><td>{ g.members.len() }</td>
                        <td>{ g.owners.iter().map(|o| w.display_name(o)).collect::<Vec<_>>().join(", ") }</td></tr>
                }) }
                </tbody>
            </table>
        }
    }
}

/// What the current directory does not list: the portal's "not found", with the switch to another
/// directory of the person's that lists it.
fn not_here(ctx: &Ctx, crumbs: &[(&str, Blade)], id: &str) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let elsewhere = w
        .directories_of(&s.actor)
        .into_iter()
        .find(|t| t.id != s.directory && w.directory_principals(&t.id).any(|p| p.id == id));
    frame(
        ctx,
        crumbs,
        id,
        html! {
            <div class="empty-state" role="status">
                <p class="empty-title">{ format!("{id} was not found in this directory") }</p>
                <p>{ "A directory lists its own users and groups and the guests invited to it." }</p>
                if let Some(t) = elsewhere {
                    <button class="button primary" onclick={ctx.on_click(Action::SwitchDirectory(t.id.clone()))}>{ format!("Switch to {}", t.name) }</button>
                }
            </div>
        },
    )
}

/// A user's page: profile, groups, the directories they are a guest in, Azure role assignments.
pub fn user_blade(ctx: &Ctx, id: &str) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let crumbs = [("Home", Blade::Home), (TITLE, Blade::Entra(EntraTab::Users))];
    let Some(p) = w.directory_principals(&s.directory).find(|p| p.id == id && p.kind == PrincipalKind::User) else {
        return not_here(ctx, &crumbs, id);
    };
    let home = w.tenants().get(&p.tenant).map_or(p.tenant.as_str(), |t| t.name.as_str());
    let guest_in: Vec<&str> =
        w.tenants().values().filter(|t| w.is_guest_in(id, &t.id)).map(|t| t.name.as_str()).collect();
    let groups = w.groups_of(id);
    let assignments: Vec<_> = w.assignments_of(id).collect();
    let body = html! {
        <div class="stack">
            <dl class="props">
                <dt>{ "User principal name" }</dt><dd class="upn">{ w.sign_in_name_in(id, &s.directory) }</dd>
                <dt>{ "User type" }</dt><dd>{ kind_label(ctx, id, &s.directory) }</dd>
                <dt>{ "Home directory" }</dt><dd>{ format!("{home} ({})", p.sign_in_name) }</dd>
                <dt>{ "Object ID" }</dt><dd><code>{ &p.object_id }</code></dd>
                <dt>{ "Guest in" }</dt><dd>{ if guest_in.is_empty() { "No other directory".to_owned() } else { guest_in.join(", ") } }</dd>
            </dl>
            <h2 class="section-title">{ "Groups" }</h2>
            if groups.is_empty() { <p class="muted">{ "Not a member of any group." }</p> }
            else { <ul>{ for groups.iter().map(|g| html! { <li>{ principal_link(ctx, g) }{ format!(" ({})", w.principals().get(g).map_or("", |x| w.name_of(&x.tenant))) }</li> }) }</ul> }
            <h2 class="section-title">{ "Azure role assignments" }</h2>
            if assignments.is_empty() { <p class="muted">{ "No role assignments." }</p> }
            else {
                <table class="grid">
                    <thead><tr><th>{ "Role" }</th><th>{ "Scope" }</th><th>{ "Assignment" }</th></tr></thead>
                    <tbody>{ for assignments.iter().map(|a| html! {
                        <tr><td>{ a.role.name }</td><td>{ w.name_of(&a.scope).to_owned() }</td>
                            <td>{ if a.principal == id { a.kind.as_str().to_owned() } else { format!("{} (through {})", a.kind.as_str(), w.display_name(&a.principal)) } }</td></tr>
                    }) }</tbody>
                </table>
            }
        </div>
    };
    frame(ctx, &crumbs, &p.name, body)
}

#[derive(Properties, PartialEq)]
pub struct GroupProps {
    pub id: String,
}

/// A group's page: its members (with *Remove*) and owners, and *+ Add members* from its directory.
#[function_component(GroupBlade)]
pub fn group_blade(p: &GroupProps) -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let id = p.id.clone();
    let picked = use_pick(String::new);
    let (find, on_find) = use_text(String::new);
    let crumbs = [("Home", Blade::Home), (TITLE, Blade::Entra(EntraTab::Groups))];
    let Some(g) = w.directory_principals(&s.directory).find(|x| x.id == id && x.kind == PrincipalKind::Group) else {
        return not_here(&ctx, &crumbs, &id);
    };
    let tenant = g.tenant.clone();
    // Who may be added: the directory's users, groups and service principals not in it yet.
    let candidates: Vec<Opt> = w
        .directory_principals(&tenant)
        .filter(|c| c.id != id && !g.members.contains(&c.id) && c.kind != PrincipalKind::ManagedIdentity)
        .filter(|c| w.answers(c, &tenant, &find))
        .map(|c| (c.id.clone(), format!("{} ({})", c.name, kind_label(&ctx, &c.id, &tenant))))
        .collect();
    let chosen = picked.among(&candidates);
    let add = {
        let (group, chosen) = (id.clone(), chosen.clone());
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            if chosen.is_empty() {
                return Action::Notify("Every principal of the directory is already a member.".to_owned());
            }
            Action::Execute(Command::AddGroupMember { group: group.clone(), principal: chosen.clone() })
        })
    };
    let owners = g.owners.iter().map(|o| w.display_name(o)).collect::<Vec<_>>().join(", ");
    let body = html! {
        <div class="stack">
            <dl class="props">
                <dt>{ "Group type" }</dt><dd>{ "Security" }</dd>
                <dt>{ "Owners" }</dt><dd>{ if owners.is_empty() { "No owners".to_owned() } else { owners } }</dd>
                <dt>{ "Object ID" }</dt><dd><code>{ &g.object_id }</code></dd>
            </dl>
            <h2 class="section-title">{ "Members" }</h2>
            <table class="grid">
                <thead><tr><th>{ "Name" }</th><th>{ "User principal name" }</th><th>{ "Type" }</th><th><span class="visually-hidden">{ "Actions" }</span></th></tr></thead>
                <tbody>
                { for g.members.iter().map(|m| html! {
                    <tr><td>{ principal_link(&ctx, m) }</td><td class="upn">{ w.sign_in_name_in(m, &tenant) }</td>
                        <td>{ kind_label(&ctx, m, &tenant) }</td>
                        <td>{ command_button(&ctx, "Remove", "small", Command::RemoveGroupMember { group: id.clone(), principal: m.clone() }) }</td></tr>
                }) }
                </tbody>
            </table>
            <form class="form card" onsubmit={add} aria-label="Add members">
                <h2>{ "+ Add members" }</h2>
                <input class="wide" aria-label="Search by name or email address" placeholder="Search by name or email address" value={(*find).clone()} oninput={on_find} />
                { field("Member", "group-member", picked.select("group-member", candidates)) }
                <p class="muted small">{ "Only the group's owners can change its members." }</p>
                <InlineError commands={MEMBERS} />
                <button class="button primary" type="submit" data-tour="add_group_member">{ "Select" }</button>
            </form>
        </div>
    };
    frame(&ctx, &crumbs, &g.name, body)
}
