//! Subscriptions and Resource groups (SPEC §9a): the current directory's, each with its Overview
//! (ARM id, location, what it holds, as links) and Access control (IAM).

use mua_core::critical_operations::VaultKind;
use yew::prelude::*;

use super::{frame, tabs};
use crate::context::Ctx;
use crate::state::{Action, Blade, GuardTab, ScopeTab, VaultTab};

fn link(ctx: &Ctx, label: &str, to: Blade) -> Html {
    let onclick = ctx.on_click(Action::Navigate(to));
    html! { <button class="link" {onclick}>{ label.to_owned() }</button> }
}

/// Subscriptions or Resource groups: the current directory's.
pub fn scope_list(ctx: &Ctx, blade: &Blade) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let body = if *blade == Blade::Subscriptions {
        let subs: Vec<_> = w.subscriptions().values().filter(|x| s.in_directory(&x.id)).collect();
        html! {
            <table class="grid">
                <thead><tr><th>{ "Subscription name" }</th><th>{ "Subscription ID" }</th><th>{ "Directory" }</th></tr></thead>
                <tbody>{ for subs.iter().map(|x| html! {
                    <tr><td>{ link(ctx, &x.name, Blade::Subscription(x.id.clone(), ScopeTab::Overview)) }</td>
                        <td><code>{ &x.subscription_id }</code></td><td>{ w.name_of(&x.tenant).to_owned() }</td></tr>
                }) }</tbody>
            </table>
        }
    } else {
        let groups: Vec<_> = w.resource_groups().values().filter(|g| s.in_directory(&g.id)).collect();
        html! {
            <table class="grid">
                <thead><tr><th>{ "Name" }</th><th>{ "Subscription" }</th><th>{ "Location" }</th></tr></thead>
                <tbody>{ for groups.iter().map(|g| html! {
                    <tr><td>{ link(ctx, &g.id, Blade::ResourceGroup(g.id.clone(), ScopeTab::Overview)) }</td>
                        <td>{ link(ctx, w.name_of(&g.subscription), Blade::Subscription(g.subscription.clone(), ScopeTab::Overview)) }</td>
                        <td>{ &g.location }</td></tr>
                }) }</tbody>
            </table>
        }
    };
    let title = if *blade == Blade::Subscriptions { "Subscriptions" } else { "Resource groups" };
    frame(ctx, &[("Home", Blade::Home)], title, body)
}

/// One subscription, resource group, key vault or user-assigned identity: Overview, Access control
/// (IAM).
pub fn scope_blade(ctx: &Ctx, blade: &Blade, id: &str, tab: ScopeTab) -> Html {
    let s = &ctx.state;
    let w = s.world();
    if matches!(blade, Blade::Resource(..)) {
        return plain_resource(ctx, id, tab);
    }
    let subscription = matches!(blade, Blade::Subscription(..));
    let (list, list_title) =
        if subscription { (Blade::Subscriptions, "Subscriptions") } else { (Blade::ResourceGroups, "Resource groups") };
    let crumbs = [("Home", Blade::Home), (list_title, list)];
    if let Some(other) =
        super::not_in_directory(ctx, &crumbs, id, if subscription { "The subscription" } else { "The resource group" })
    {
        return other;
    }
    let title = w.name_of(id).to_owned();
    let owned = id.to_owned();
    let tab = if subscription || tab != ScopeTab::Providers { tab } else { ScopeTab::Overview };
    let all_tabs = [
        ("Overview", ScopeTab::Overview),
        ("Access control (IAM)", ScopeTab::Iam),
        ("Resource providers", ScopeTab::Providers),
    ];
    let shown = if subscription { &all_tabs[..] } else { &all_tabs[..2] };
    let bar = tabs(ctx, tab, shown, move |t| {
        if subscription {
            Blade::Subscription(owned.clone(), t)
        } else {
            Blade::ResourceGroup(owned.clone(), t)
        }
    });
    let body = match tab {
        ScopeTab::Iam => html! { <super::iam::AccessControl scope={id.to_owned()} /> },
        ScopeTab::Providers => providers(ctx, id),
        ScopeTab::Overview => {
            let arm = w.arm_id(id).unwrap_or_default();
            // What it holds: a subscription's resource groups; a resource group's resources.
            let held: Vec<(String, Blade)> = if subscription {
                w.resource_groups()
                    .values()
                    .filter(|g| g.subscription == id)
                    .map(|g| (g.id.clone(), Blade::ResourceGroup(g.id.clone(), ScopeTab::Overview)))
                    .collect()
            } else {
                let vaults = w.vaults().values().filter(|v| v.resource_group == id).map(|v| {
                    let kind = if v.kind == VaultKind::Backup { "Backup vault" } else { "Recovery Services vault" };
                    (format!("{} ({kind})", v.id), Blade::Vault(v.id.clone(), VaultTab::Overview))
                });
                let guards =
                    w.guards().values().filter(|g| g.resource_group == id).map(|g| {
                        (format!("{} (Resource Guard)", g.id), Blade::Guard(g.id.clone(), GuardTab::Overview))
                    });
                let plain = w
                    .key_vaults()
                    .values()
                    .map(|r| (r, "Key vault"))
                    .chain(w.identities().values().map(|r| (r, "Managed identity")))
                    .filter(|(r, _)| r.resource_group == id)
                    .map(|(r, kind)| (format!("{} ({kind})", r.id), Blade::Resource(r.id.clone(), ScopeTab::Overview)));
                vaults.chain(guards).chain(plain).collect()
            };
            let parent = w.resource_groups().get(id).map(|g| g.subscription.clone());
            let location = w.resource_groups().get(id).map(|g| g.location.clone());
            html! {
                <div class="stack">
                    <dl class="props">
                        <dt>{ if subscription { "Subscription ID" } else { "Resource ID" } }</dt><dd>{ crate::util::arm_id(&arm) }</dd>
                        <dt>{ "Directory" }</dt><dd>{ w.tenant_of_scope(id).map_or("", |t| w.name_of(t)).to_owned() }</dd>
                        if let Some(sub) = parent { <dt>{ "Subscription" }</dt><dd>{ link(ctx, w.name_of(&sub), Blade::Subscription(sub.clone(), ScopeTab::Overview)) }</dd> }
                        if let Some(l) = location { <dt>{ "Location" }</dt><dd>{ l }</dd> }
                    </dl>
                    <h2 class="section-title">{ if subscription { "Resource groups" } else { "Resources" } }</h2>
                    if held.is_empty() { <p class="muted">{ "None yet." }</p> }
                    else { <ul>{ for held.into_iter().map(|(label, to)| html! { <li>{ link(ctx, &label, to) }</li> }) }</ul> }
                </div>
            }
        }
    };
    frame(ctx, &crumbs, &title, html! { <>{ bar }{ body }</> })
}

/// A subscription's Resource providers: the backup providers G11 needs, each with its status and,
/// where it is not registered, Register (the core's `register_provider`, decided as the person).
fn providers(ctx: &Ctx, subscription: &str) -> Html {
    let w = ctx.state.world();
    let Some(sub) = w.subscriptions().get(subscription) else { return html! {} };
    let rows = mua_core::posture::BACKUP_PROVIDERS.iter().map(|&namespace| {
        let registered = sub.registered_providers.contains(namespace);
        let register = ctx.on_click(Action::Execute(mua_core::Command::RegisterProvider {
            subscription: subscription.to_owned(),
            namespace: namespace.to_owned(),
        }));
        html! {
            <tr>
                <td>{ namespace }</td>
                <td>{ if registered { "Registered" } else { "NotRegistered" } }</td>
                <td>
                    if !registered {
                        <button class="button" onclick={register} aria-label={format!("Register {namespace}")}>{ "Register" }</button>
                    }
                </td>
            </tr>
        }
    });
    html! {
        <div class="stack">
            <p class="muted">{ "The backup resource providers a vault's and a Resource Guard's subscriptions must be registered to." }</p>
            <table class="grid">
                <thead><tr><th>{ "Provider" }</th><th>{ "Status" }</th><th>{ "" }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// A key vault or a user-assigned identity: Overview (type, placement, ARM id) and Access control.
fn plain_resource(ctx: &Ctx, id: &str, tab: ScopeTab) -> Html {
    let w = ctx.state.world();
    let crumbs = [("Home", Blade::Home), ("Resource groups", Blade::ResourceGroups)];
    if let Some(other) = super::not_in_directory(ctx, &crumbs, id, "The resource") {
        return other;
    }
    let kind = if w.key_vaults().contains_key(id) { "Key vault" } else { "Managed identity (user-assigned)" };
    let owned = id.to_owned();
    let bar = tabs(ctx, tab, &[("Overview", ScopeTab::Overview), ("Access control (IAM)", ScopeTab::Iam)], move |t| {
        Blade::Resource(owned.clone(), t)
    });
    let body = match tab {
        ScopeTab::Iam => html! { <super::iam::AccessControl scope={id.to_owned()} /> },
        ScopeTab::Providers | ScopeTab::Overview => html! {
            <dl class="props">
                <dt>{ "Type" }</dt><dd>{ kind }</dd>
                { super::placement_rows(ctx, id) }
                <dt>{ "Resource ID" }</dt><dd>{ crate::util::arm_id(&w.arm_id(id).unwrap_or_default()) }</dd>
            </dl>
        },
    };
    frame(ctx, &crumbs, id, html! { <>{ bar }{ body }</> })
}
