//! Recovery Services vaults and Backup vaults: list, create, and the vault blade.

use mua_core::command::{item_operations, vault_operations, Offered};
use mua_core::critical_operations::VaultKind;
use mua_core::model::{IdentityRef, ProtectionState};
use mua_core::Command;
use yew::prelude::*;

use super::{command_button, frame, tabs};
use crate::context::use_ctx;
use crate::hooks::{use_choice, use_text};
use crate::state::{Action, Blade, VaultTab};
use crate::util::{value_of, Field};

fn list_title(kind: VaultKind) -> &'static str {
    match kind {
        VaultKind::RecoveryServices => "Recovery Services vaults",
        VaultKind::Backup => "Backup vaults",
    }
}

/// Props with a vault kind.
#[derive(PartialEq, Properties)]
pub struct KindProps {
    /// Kind.
    pub kind: VaultKind,
}

/// The list of vaults of a kind.
#[function_component(VaultList)]
pub fn vault_list(p: &KindProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let kind = p.kind;
    let create = ctx.dispatch.reform(move |_: MouseEvent| Action::Navigate(Blade::CreateVault(kind)));
    let vaults: Vec<_> = w.vaults().values().filter(|v| v.kind == kind).collect();
    let body = html! {
        <>
            <div class="toolbar"><button class="button" onclick={create}>{ "+ Create" }</button></div>
            if vaults.is_empty() {
                <div class="empty-state"><p class="empty-title">{ format!("No {} to display", list_title(kind).to_lowercase()) }</p>
                    <p class="muted">{ "Create one, or load a scenario from the Scenarios blade." }</p></div>
            } else {
                <table class="grid">
                    <thead><tr><th>{ "Name" }</th><th>{ "Resource group" }</th><th>{ "Location" }</th><th>{ "Subscription" }</th><th>{ "Multi-user authorization" }</th></tr></thead>
                    <tbody>
                    { for vaults.iter().map(|v| {
                        let id = v.id.clone();
                        let open = ctx.dispatch.reform(move |_: MouseEvent| Action::Navigate(Blade::Vault(id.clone(), VaultTab::Overview)));
                        let sub = w.scope_chain(&v.id).and_then(|c| w.subscriptions().get(c.subscription)).map(|s| s.name.clone()).unwrap_or_default();
                        html! { <tr>
                            <td><button class="link" onclick={open}>{ &v.id }</button></td>
                            <td>{ &v.resource_group }</td><td>{ &v.location }</td><td>{ sub }</td>
                            <td>{ v.guard.as_ref().map_or("Not protected".to_owned(), |g| format!("Protected by {g}")) }</td>
                        </tr> }
                    }) }
                    </tbody>
                </table>
            }
        </>
    };
    frame(&ctx, &[("Home", Blade::Home)], list_title(kind), body)
}

/// Create a vault.
#[function_component(CreateVault)]
pub fn create_vault(p: &KindProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let kind = p.kind;
    let (name, on_name) = use_text(String::new);
    let (rg, on_rg) = use_choice(|| w.resource_groups().keys().next().cloned().unwrap_or_default());
    let (identity, on_identity) = use_choice(String::new);
    let submit = {
        let (name, rg, identity) = (name.clone(), rg.clone(), identity.clone());
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            if name.trim().is_empty() {
                return Action::Notify("Enter a vault name.".to_owned());
            }
            Action::Execute(Command::CreateVault {
                id: name.trim().to_owned(),
                kind,
                resource_group: (*rg).clone(),
                location: None,
                identity: match identity.as_str() {
                    "" => None,
                    "system" => Some(IdentityRef::System),
                    user => Some(IdentityRef::User(user.to_owned())),
                },
            })
        })
    };
    let body = html! {
        <form class="form" onsubmit={submit}>
            <Field label="Vault name" id="vault-name"><input id="vault-name" value={(*name).clone()} oninput={on_name} /></Field>
            <Field label="Resource group" id="vault-rg">
                <select id="vault-rg" onchange={on_rg}>
                    { for w.resource_groups().values().map(|g| html! { <option value={g.id.clone()} selected={*rg == g.id}>{ format!("{} ({})", g.id, g.location) }</option> }) }
                </select>
            </Field>
            <Field label="Managed identity at creation" id="vault-identity">
                <select id="vault-identity" onchange={on_identity}>
                    <option value="" selected=true>{ "None" }</option>
                    <option value="system">{ "System-assigned" }</option>
                    { for w.identities().keys().map(|i| html! { <option value={i.clone()}>{ format!("User-assigned: {i}") }</option> }) }
                </select>
            </Field>
            <button class="button primary" type="submit">{ "Review + create" }</button>
        </form>
    };
    frame(
        &ctx,
        &[("Home", Blade::Home), (list_title(kind), Blade::Vaults(kind))],
        &format!("Create {}", kind.portal_name()),
        body,
    )
}

/// Props of [`VaultBlade`].
#[derive(PartialEq, Properties)]
pub struct VaultProps {
    /// Vault handle.
    pub id: AttrValue,
    /// Tab.
    pub tab: VaultTab,
}

/// One vault.
#[function_component(VaultBlade)]
pub fn vault_blade(p: &VaultProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let Some(v) = w.vaults().get(p.id.as_str()).cloned() else {
        return frame(
            &ctx,
            &[("Home", Blade::Home)],
            p.id.as_str(),
            html! { <p class="empty-state">{ "This vault no longer exists." }</p> },
        );
    };
    let id = v.id.clone();
    let tab_bar = tabs(
        &ctx,
        p.tab,
        &[
            ("Overview", VaultTab::Overview),
            ("Multi-User Authorization", VaultTab::Mua),
            ("Security Settings", VaultTab::Security),
            ("Identity", VaultTab::Identity),
            ("Backup items", VaultTab::Items),
        ],
        move |t| Blade::Vault(id.clone(), t),
    );
    let body = match p.tab {
        VaultTab::Overview => overview(&ctx, &v),
        VaultTab::Mua => html! { <MuaUpdate vault={v.id.clone()} /> },
        VaultTab::Security => security(&ctx, &v),
        VaultTab::Identity => html! { <IdentityTab vault={v.id.clone()} /> },
        VaultTab::Items => html! { <Items vault={v.id.clone()} /> },
    };
    frame(
        &ctx,
        &[("Home", Blade::Home), (list_title(v.kind), Blade::Vaults(v.kind))],
        &v.id,
        html! { <>{ tab_bar }{ body }</> },
    )
}

fn overview(ctx: &crate::context::Ctx, v: &mua_core::model::Vault) -> Html {
    let w = ctx.state.world();
    let arm = w.arm_id(&v.id).unwrap_or_default();
    let guard = v.guard.as_ref().and_then(|g| w.guards().get(g));
    let mua = match guard {
        None => {
            html! { <span>{ "Not protected. Open Multi-User Authorization to protect the vault with a Resource Guard." }</span> }
        }
        Some(g) => {
            let tenant =
                w.tenant_of_scope(&g.id).and_then(|t| w.tenants().get(t)).map(|t| t.name.clone()).unwrap_or_default();
            let isolation = w.isolation(&v.id, &g.id).map(|i| i.label()).unwrap_or_default();
            html! { <div>
                <div>{ format!("Protected by Resource Guard {} ({tenant})", g.id) }</div>
                if !g.description.is_empty() { <div class="guard-description"><strong>{ "Resource Guard description: " }</strong>{ &g.description }</div> }
                <div class="muted">{ isolation }</div>
                { for w.posture_warnings(&v.id, &g.id).iter().map(|pw| html! { <div class="warning">{ pw.message() }</div> }) }
            </div> }
        }
    };
    html! {
        <dl class="props">
            <dt>{ "Type" }</dt><dd>{ v.kind.portal_name() }</dd>
            <dt>{ "Resource group" }</dt><dd>{ &v.resource_group }</dd>
            <dt>{ "Location" }</dt><dd>{ &v.location }</dd>
            <dt>{ "Resource ID" }</dt><dd><code class="arm-id">{ arm }</code></dd>
            <dt>{ "Soft delete" }</dt><dd>{ if v.soft_delete { "Enabled" } else { "Disabled" } }</dd>
            <dt>{ "Multi-user authorization" }</dt><dd>{ mua }</dd>
        </dl>
    }
}

fn security(ctx: &crate::context::Ctx, v: &mua_core::model::Vault) -> Html {
    let vault = v.id.clone();
    html! {
        <div class="card">
            <h2>{ "Security Settings" }</h2>
            <p>{ "Soft delete: " }<strong>{ if v.soft_delete { "Enabled" } else { "Disabled" } }</strong></p>
            if v.guard.is_some() { <p class="info">{ "Disabling soft delete is a protected operation: you need access to the Resource Guard." }</p> }
            <div class="toolbar">
                if v.soft_delete { { command_button(ctx, "Disable soft delete", "danger", Command::DisableSoftDelete { vault: vault.clone() }) } }
                else { { command_button(ctx, "Enable soft delete", "", Command::EnableSoftDelete { vault: vault.clone() }) } }
                { command_button(ctx, "Disable immutability", "", Command::DisableImmutability { vault: vault.clone() }) }
            </div>
        </div>
    }
}

/// Props naming a vault.
#[derive(PartialEq, Properties)]
pub struct VaultRef {
    /// Vault handle.
    pub vault: AttrValue,
}

/// Properties → Multi-User Authorization → Update.
#[function_component(MuaUpdate)]
pub fn mua_update(p: &VaultRef) -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let use_uri = use_state(|| false);
    let (uri, on_uri) = use_text(String::new);
    let home = w.principals().get(&s.actor).map(|p| p.tenant.clone()).unwrap_or_default();
    let directory = use_state(|| home.clone());
    let (guard, on_guard) = use_choice(String::new);
    let Some(v) = w.vaults().get(p.vault.as_str()) else { return html! {} };
    if let Some(g) = &v.guard {
        return html! {
            <div class="card">
                <h2>{ "Multi-User Authorization" }</h2>
                <p>{ format!("This vault is protected by Resource Guard {g}.") }</p>
                <p class="info">{ "Disabling MUA is itself a protected operation (you need the Backup MUA Operator role on the Resource Guard)." }</p>
                { command_button(&ctx, "Disable MUA", "danger", Command::DisableMua { vault: v.id.clone() }) }
            </div>
        };
    }
    let guards = w.readable_guards(&s.actor, &directory);
    let token_ok = w.token_status_from(&s.actor, &v.id, &directory).is_usable();
    let on_mode = {
        let use_uri = use_uri.clone();
        Callback::from(move |e: Event| use_uri.set(value_of(&e) == "uri"))
    };
    let on_dir = {
        let d = directory.clone();
        let g = guard.clone();
        Callback::from(move |e: Event| {
            d.set(value_of(&e));
            g.set(String::new());
        })
    };
    let dir_tenant = (*directory).clone();
    let authenticate =
        ctx.dispatch.reform(move |_: MouseEvent| Action::Execute(Command::Authenticate { tenant: dir_tenant.clone() }));
    let save = {
        let (use_uri, uri, guard) = (use_uri.clone(), uri.clone(), guard.clone());
        let vault = v.id.clone();
        let first = guards.first().map(|g| g.id.clone()).unwrap_or_default();
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = if *use_uri {
                uri.trim().to_owned()
            } else if guard.is_empty() {
                first.clone()
            } else {
                (*guard).clone()
            };
            if chosen.is_empty() {
                return Action::Notify("Choose a Resource Guard, or enter its URI.".to_owned());
            }
            Action::Execute(Command::EnableMua { vault: vault.clone(), guard: chosen })
        })
    };
    html! {
        <form class="form card" onsubmit={save}>
            <h2>{ "Multi-User Authorization" }</h2>
            <p class="muted">{ "Protect with Resource Guard: choose how to find the Resource Guard." }</p>
            <Field label="Resource Guard" id="mua-mode">
                <select id="mua-mode" onchange={on_mode}>
                    <option value="select" selected={!*use_uri}>{ "Select Resource Guard" }</option>
                    <option value="uri" selected={*use_uri}>{ "Use Resource Guard URI" }</option>
                </select>
            </Field>
            if *use_uri {
                <Field label="Resource Guard URI" id="mua-uri">
                    <input id="mua-uri" class="wide" placeholder="/subscriptions/…/providers/Microsoft.DataProtection/resourceGuards/…" value={(*uri).clone()} oninput={on_uri} />
                </Field>
            } else {
                <Field label="Directory" id="mua-directory">
                    <select id="mua-directory" onchange={on_dir}>
                        { for w.directories_of(&s.actor).into_iter().map(|t| html! { <option value={t.id.clone()} selected={*directory == t.id}>{ &t.name }</option> }) }
                    </select>
                </Field>
                <div class="toolbar">
                    <button type="button" class="button" onclick={authenticate}>{ "Authenticate" }</button>
                    <span class="muted">{ if token_ok { "You can list Resource Guards in this directory." } else { "Authenticate to list the Resource Guards of this directory." } }</span>
                </div>
                <Field label="Resource Guards you can read" id="mua-guard">
                    <select id="mua-guard" onchange={on_guard}>
                        if guards.is_empty() { <option value="">{ "None available (you need Reader on a Resource Guard)" }</option> }
                        { for guards.iter().map(|g| html! { <option value={g.id.clone()} selected={*guard == g.id}>{ format!("{} ({})", g.id, g.location) }</option> }) }
                    </select>
                </Field>
            }
            <button class="button primary" type="submit">{ "Save" }</button>
        </form>
    }
}

/// Identity.
#[function_component(IdentityTab)]
pub fn identity_tab(p: &VaultRef) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let (attach, on_attach) = use_choice(String::new);
    let (key_vault, on_kv) = use_choice(String::new);
    let (with, on_with) = use_choice(|| "system".to_owned());
    let Some(v) = w.vaults().get(p.vault.as_str()).cloned() else { return html! {} };
    let vault = v.id.clone();
    let do_attach = {
        let (a, vault) = (attach.clone(), vault.clone());
        let first = w.identities().keys().next().cloned().unwrap_or_default();
        ctx.dispatch.reform(move |_: MouseEvent| {
            let identity = if a.is_empty() { first.clone() } else { (*a).clone() };
            Action::Execute(Command::AttachUserIdentity { vault: vault.clone(), identity })
        })
    };
    let save_encryption = {
        let (k, wi, vault) = (key_vault.clone(), with.clone(), vault.clone());
        let first = w.key_vaults().keys().next().cloned().unwrap_or_default();
        ctx.dispatch.reform(move |_: MouseEvent| {
            let key_vault = if k.is_empty() { first.clone() } else { (*k).clone() };
            let identity = if *wi == "system" { IdentityRef::System } else { IdentityRef::User((*wi).clone()) };
            Action::Execute(Command::ConfigureEncryption { vault: vault.clone(), key_vault, identity })
        })
    };
    html! {
        <div class="stack">
            <div class="card">
                <h2>{ "System assigned" }</h2>
                <p>{ "Status: " }<strong>{ if v.system_identity { "On" } else { "Off" } }</strong>
                   if v.system_identity { <span class="muted">{ format!(" · object ID {}", w.principals().get(&v.id).map(|p| p.object_id.clone()).unwrap_or_default()) }</span> }</p>
                if v.system_identity { { command_button(&ctx, "Turn off", "", Command::DisableSystemIdentity { vault: vault.clone() }) } }
                else { { command_button(&ctx, "Turn on", "", Command::EnableSystemIdentity { vault: vault.clone() }) } }
            </div>
            <div class="card">
                <h2>{ "User assigned" }</h2>
                <ul>{ for v.user_identities.iter().map(|i| html! { <li>{ i }{ " " }{ command_button(&ctx, "Remove", "small", Command::DetachUserIdentity { vault: vault.clone(), identity: i.clone() }) }</li> }) }</ul>
                <div class="toolbar">
                    <select aria-label="User-assigned identity to add" onchange={on_attach}>
                        { for w.identities().keys().map(|i| html! { <option value={i.clone()}>{ i }</option> }) }
                    </select>
                    <button class="button" onclick={do_attach}>{ "+ Add" }</button>
                </div>
            </div>
            <div class="card">
                <h2>{ "Encryption (customer-managed key)" }</h2>
                <p>{ match &v.encryption { Some(e) => format!("Key in Key Vault {} through the {} identity", e.key_vault, match &e.identity { IdentityRef::System => "system-assigned".to_owned(), IdentityRef::User(h) => format!("user-assigned {h}") }), None => "Platform-managed keys".to_owned() } }</p>
                <div class="toolbar">
                    <select aria-label="Key Vault" onchange={on_kv}>{ for w.key_vaults().keys().map(|k| html! { <option value={k.clone()}>{ k }</option> }) }</select>
                    <select aria-label="Identity used to reach the key" onchange={on_with}>
                        <option value="system">{ "System-assigned" }</option>
                        { for v.user_identities.iter().map(|i| html! { <option value={i.clone()}>{ i }</option> }) }
                    </select>
                    <button class="button" onclick={save_encryption}>{ "Save encryption settings" }</button>
                </div>
            </div>
        </div>
    }
}

/// Backup items, with every operation (protected or not).
#[function_component(Items)]
pub fn items(p: &VaultRef) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let (datasource, on_ds) = use_text(String::new);
    let Some(v) = w.vaults().get(p.vault.as_str()).cloned() else { return html! {} };
    let items: Vec<_> = w.items().values().filter(|i| i.vault == v.id).cloned().collect();
    let configure = {
        let (d, vault) = (datasource.clone(), v.id.clone());
        let id = w.new_handle(&format!("{vault}-item"));
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            let ds = if d.trim().is_empty() { "vm-workload".to_owned() } else { d.trim().to_owned() };
            Action::Execute(Command::ConfigureBackup { id: id.clone(), vault: vault.clone(), datasource: ds })
        })
    };
    let buttons = |offered: Vec<Offered>| -> Html {
        offered
            .into_iter()
            .map(|o| command_button(&ctx, o.label, if o.destructive { "danger" } else { "" }, o.command))
            .collect()
    };
    let vault_ops = vault_operations(v.kind, &v.id);
    html! {
        <div class="stack">
            <div class="card">
                <h2>{ "Vault operations" }</h2>
                if vault_ops.is_empty() { <p class="muted small">{ format!("A {} has no vault-wide backup operations here.", v.kind.portal_name()) }</p> }
                <div class="toolbar">{ buttons(vault_ops) }</div>
                <p class="muted small">{ format!("Policy retention: {} days · security PINs generated: {}", v.policy_retention_days, v.security_pins) }</p>
            </div>
            <form class="toolbar" onsubmit={configure}>
                <input aria-label="Datasource to protect" placeholder="Datasource (VM, disk…)" value={(*datasource).clone()} oninput={on_ds} />
                <button class="button" type="submit">{ "+ Backup" }</button>
            </form>
            if items.is_empty() { <p class="empty-state muted">{ "No backup items." }</p> }
            { for items.iter().map(|i| {
                let state = match i.state {
                    ProtectionState::Protected => "Protected",
                    ProtectionState::StoppedRetainData => "Protection stopped (data retained)",
                    ProtectionState::StoppedRetainAsPerPolicy => "Backups suspended (retained as per policy)",
                };
                html! {
                    <div class="card item">
                        <h3>{ format!("{} · {}", i.id, i.datasource) }</h3>
                        <p class="muted small">{ format!("{state} · retention {} days · {} backups · {} restores", i.retention_days, i.backups, i.restores) }</p>
                        <div class="toolbar">{ buttons(item_operations(v.kind, &i.id)) }</div>
                    </div>
                }
            }) }
        </div>
    }
}
