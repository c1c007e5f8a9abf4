//! Recovery Services vaults and Backup vaults: list, create, and the vault blade.

use mua_core::critical_operations::VaultKind;
use mua_core::model::{IdentityRef, ProtectionState, TokenStatus};
use mua_core::offered::{item_operations, vault_operations, Offered};
use mua_core::scenario::{StepAction, StepResult};
use mua_core::Command;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{command_button, frame, tabs};
use crate::components::explain::InlineError;
use crate::context::{use_ctx, Ctx};
use crate::hooks::{use_name, use_pick, use_placement, use_text, Opt, Pick};
use crate::state::{Action, Blade, VaultTab};
use crate::util::{checked_of, field};

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
pub fn vault_list(ctx: &Ctx, p: &KindProps) -> Html {
    let w = ctx.state.world();
    let kind = p.kind;
    let create = ctx.on_click(Action::Navigate(Blade::CreateVault(kind)));
    let vaults: Vec<_> = w.vaults().values().filter(|v| v.kind == kind && ctx.state.in_directory(&v.id)).collect();
    let body = html! {
        <>
            <div class="toolbar"><button class="button" onclick={create}>{ "+ Create" }</button></div>
            if vaults.is_empty() {
                <div class="empty-state"><p class="empty-title">{ format!("No {} to display", list_title(kind).to_ascii_lowercase()) }</p>
                    <p class="muted">{ "Create one, switch directory in the top bar, or load a scenario from the Scenarios blade." }</p></div>
            } else {
                <table class="grid">
                    <thead><tr><th>{ "Name" }</th><th>{ "Resource group" }</th><th>{ "Location" }</th><th>{ "Subscription" }</th><th>{ "Multi-user authorization" }</th></tr></thead>
                    <tbody>
                    { for vaults.iter().map(|v| {
                        let open = ctx.on_click(Action::Navigate(Blade::Vault(v.id.clone(), VaultTab::Overview)));
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
    frame(ctx, &[("Home", Blade::Home)], list_title(kind), body)
}

/// Create a vault: the portal's wizard (Basics → Review + create → Create), as for Resource Guards.
#[function_component(CreateVault)]
pub fn create_vault(p: &KindProps) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let kind = p.kind;
    let name = {
        let planned = ctx.state.planned_name("create_vault");
        use_name(mua_core::naming::Named::Vault(kind), move || planned)
    };
    let reviewing = use_state(|| false);
    // A resource group of this directory the person can create this kind of vault in comes first.
    let place = use_placement(kind.write_action());
    let identity = use_pick(String::new);
    let (rg_id, location) = (place.resource_group.clone(), place.location.clone());
    let mut identity_options: Vec<Opt> =
        vec![(String::new(), "None".to_owned()), ("system".to_owned(), "System-assigned".to_owned())];
    identity_options.extend(w.identities().keys().map(|i| (i.clone(), format!("User-assigned: {i}"))));
    let identity_value = identity.among(&identity_options);
    let identity_label = identity_options.iter().find(|(v, _)| *v == identity_value).map(|(_, l)| l.clone());
    let review = {
        let (reviewing, name) = (reviewing.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            // Leaving Basics needs a valid name (the portal validates each tab).
            if name.valid() {
                reviewing.set(true);
            }
        })
    };
    let back = {
        let reviewing = reviewing.clone();
        Callback::from(move |_: MouseEvent| reviewing.set(false))
    };
    let create = {
        let (name, rg, location, identity) =
            (name.value.clone(), rg_id.clone(), location.clone(), identity_value.clone());
        ctx.dispatch.reform(move |_: MouseEvent| {
            Action::Execute(Command::CreateVault {
                id: (*name).clone(),
                kind,
                resource_group: rg.clone(),
                location: Some(location.clone()),
                identity: match identity.as_str() {
                    "" => None,
                    "system" => Some(IdentityRef::System),
                    user => Some(IdentityRef::User(user.to_owned())),
                },
            })
        })
    };
    let tab = crate::util::tab;
    let tab_bar = html! {
        <div class="tabs" role="tablist" aria-label={format!("Create {}", kind.portal_name())}>
            { tab("Basics", !*reviewing, back.clone()) }
            { tab("Review + create", *reviewing, review.clone()) }
        </div>
    };
    let body = if *reviewing {
        place.review(
            "Vault name",
            &name.value,
            html! { <><dt>{ "Managed identity" }</dt><dd>{ identity_label.unwrap_or_default() }</dd></> },
        )
    } else {
        html! {
            <>
                <h2 class="section-title">{ "Project details" }</h2>
                { place.project_fields("vault-sub", "vault-rg") }
                <h2 class="section-title">{ "Instance details" }</h2>
                { name.field("Vault name", "vault-name") }
                { place.region_field("vault-region") }
                <p class="info small">{ "Protect the resources of this region with it: a vault backs up resources in its own region." }</p>
                { field("Managed identity at creation", "vault-identity", identity.select("vault-identity", identity_options)) }
            </>
        }
    };
    let footer = html! {
        <div class="wizard-footer">
            if *reviewing {
                <button type="button" class="button primary" data-tour="create_vault" onclick={create}>{ "Create" }</button>
                <button type="button" class="button" onclick={back}>{ "< Previous" }</button>
            } else {
                <button type="button" class="button primary" data-tour="create_vault" onclick={review}>{ "Review + create" }</button>
            }
        </div>
    };
    let body = html! {
        <div class="wizard">
            { tab_bar }
            <div class="wizard-body">{ body }</div>
            <InlineError commands={CREATE_VAULT_COMMANDS} />
            { footer }
        </div>
    };
    frame(
        &ctx,
        &[("Home", Blade::Home), (list_title(kind), Blade::Vaults(kind))],
        &format!("Create {}", kind.portal_name()),
        body,
    )
}

const CREATE_VAULT_COMMANDS: &[&str] = &["create_vault"];

/// One vault.
pub fn vault_blade(ctx: &Ctx, id: &str, tab: VaultTab) -> Html {
    let w = ctx.state.world();
    let kind = w.vaults().get(id).map_or(VaultKind::RecoveryServices, |v| v.kind);
    let crumbs = [("Home", Blade::Home), (list_title(kind), Blade::Vaults(kind))];
    if let Some(blade) = super::not_in_directory(ctx, &crumbs, id, "The vault") {
        return blade;
    }
    let Some(v) = w.vaults().get(id).cloned() else { return html! {} };
    let id = v.id.clone();
    let tab_bar = tabs(
        ctx,
        tab,
        &[
            ("Overview", VaultTab::Overview),
            ("Properties", VaultTab::Properties),
            ("Identity", VaultTab::Identity),
            ("Backup items", VaultTab::Items),
            ("Access control (IAM)", VaultTab::Iam),
        ],
        move |t| Blade::Vault(id.clone(), t),
    );
    let body = match tab {
        VaultTab::Overview => overview(ctx, &v),
        VaultTab::Properties => html! { <VaultProperties vault={v.id.clone()} /> },
        VaultTab::Identity => html! { <IdentityTab vault={v.id.clone()} /> },
        VaultTab::Items => html! { <Items vault={v.id.clone()} /> },
        VaultTab::Iam => {
            html! { <super::lazy::LazyBlade blade={Blade::Vault(v.id.clone(), VaultTab::Iam)} part=true /> }
        }
    };
    frame(
        ctx,
        &[("Home", Blade::Home), (list_title(v.kind), Blade::Vaults(v.kind))],
        &v.id,
        html! { <>{ tab_bar }{ body }</> },
    )
}

/// The name of the directory (tenant) that holds a scope.
fn directory_name(w: &mua_core::World, scope: &str) -> String {
    w.tenant_of_scope(scope).and_then(|t| w.tenants().get(t)).map(|t| t.name.clone()).unwrap_or_default()
}

fn overview(ctx: &crate::context::Ctx, v: &mua_core::model::Vault) -> Html {
    let w = ctx.state.world();
    let arm = w.arm_id(&v.id).unwrap_or_default();
    let guard = v.guard.as_ref().and_then(|g| w.guards().get(g));
    let mua = match guard {
        None => {
            html! { <span>{ "Not protected. Open Properties → Multi-User Authorization → Update to protect the vault." }</span> }
        }
        Some(g) => {
            let isolation = w.isolation(&v.id, &g.id).map(|i| i.label()).unwrap_or_default();
            html! { <div>
                <div>{ format!("Protected by Resource Guard {} ({})", g.id, directory_name(w, &g.id)) }</div>
                if !g.description.is_empty() { <div class="guard-description"><strong>{ "Resource Guard description: " }</strong>{ &g.description }</div> }
                <div class="muted">{ isolation }</div>
                if let Some(p) = w.posture(&v.id) {
                    <div class="toolbar">{ "Security posture: " }{ crate::pages::posture::badge(&p) }
                        <button class="link" onclick={ctx.on_click(Action::Navigate(Blade::Posture))}>{ "View posture" }</button></div>
                }
            </div> }
        }
    };
    html! {
        <dl class="props">
            <dt>{ "Type" }</dt><dd>{ v.kind.portal_name() }</dd>
            { super::placement_rows(ctx, &v.id) }
            <dt>{ "Location" }</dt><dd>{ &v.location }</dd>
            <dt>{ "Resource ID" }</dt><dd>{ crate::util::arm_id(&arm) }</dd>
            <dt>{ "Soft delete" }</dt><dd>{ soft_delete_state(v) }</dd>
            <dt>{ "Multi-user authorization" }</dt><dd>{ mua }</dd>
        </dl>
    }
}

/// Props naming a vault.
#[derive(PartialEq, Properties)]
pub struct VaultRef {
    /// Vault handle.
    pub vault: AttrValue,
}

/// The context pane a Properties section opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pane {
    /// Multi-User Authorization → Update.
    Mua,
    /// Security Settings → Update.
    Security,
}

/// Properties: one section per setting, each with *Update* opening its pane (the how-to's path).
#[function_component(VaultProperties)]
pub fn vault_properties(p: &VaultRef) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let pane = use_state(|| None::<Pane>);
    let Some(v) = w.vaults().get(p.vault.as_str()).cloned() else { return html! {} };
    let open = |which: Pane| {
        let pane = pane.clone();
        Callback::from(move |_: MouseEvent| pane.set(Some(which)))
    };
    let close = {
        let pane = pane.clone();
        Callback::from(move |()| pane.set(None))
    };
    let mua_state = match &v.guard {
        Some(g) => format!("Protected using Resource Guard {g} ({})", directory_name(w, g)),
        None => "Not protected".to_owned(),
    };
    let vault = v.id.clone();
    html! {
        <>
            <div class="properties-grid">
                <section class="card" aria-labelledby="prop-mua">
                    <h2 id="prop-mua">{ "Multi-User Authorization" }</h2>
                    <p>{ mua_state }</p>
                    <button class="button" data-tour="enable_mua disable_mua" onclick={open(Pane::Mua)} aria-label="Update Multi-User Authorization">{ "Update" }</button>
                </section>
                <section class="card" aria-labelledby="prop-security">
                    <h2 id="prop-security">{ "Security Settings" }</h2>
                    <p>{ "Soft delete: " }<strong>{ soft_delete_state(&v) }</strong></p>
                    <button class="button" data-tour="disable_soft_delete enable_soft_delete" onclick={open(Pane::Security)} aria-label="Update Security Settings">{ "Update" }</button>
                </section>
                if v.kind == VaultKind::RecoveryServices {
                    <section class="card" aria-labelledby="prop-immutable">
                        <h2 id="prop-immutable">{ "Immutable vault" }</h2>
                        <p class="muted small">{ "Reducing immutability is a protected operation when the vault has a Resource Guard." }</p>
                        { command_button(&ctx, "Disable immutability", "", Command::DisableImmutability { vault: vault.clone() }) }
                    </section>
                }
            </div>
            { match *pane {
                Some(Pane::Mua) => html! { <MuaPane vault={vault.clone()} on_close={close.clone()} /> },
                Some(Pane::Security) => html! { <SecurityPane vault={vault.clone()} on_close={close.clone()} /> },
                None => html! {},
            } }
        </>
    }
}

/// Props of a context pane.
#[derive(PartialEq, Properties)]
pub struct PaneProps {
    /// Vault handle.
    pub vault: AttrValue,
    /// Closes the pane.
    pub on_close: Callback<()>,
}

/// Props of [`ContextPane`].
#[derive(PartialEq, Properties)]
struct ContextPaneProps {
    title: AttrValue,
    on_close: Callback<()>,
    children: Html,
}

/// What a keyboard can reach inside a dialog, in tab order.
const FOCUSABLE: &str =
    "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// A context pane: a panel on the right with a title and a close button, a modal dialog for the
/// keyboard. Opening it moves focus into it; Tab and Shift+Tab cycle inside it; Escape closes it;
/// closing it gives focus back to the control that opened it.
#[function_component(ContextPane)]
fn context_pane(p: &ContextPaneProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let opener = document.active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(pane) = node.cast::<web_sys::HtmlElement>() {
                let _ = pane.focus();
            }
            move || {
                if let Some(opener) = opener.filter(|o| o.is_connected()) {
                    let _ = opener.focus();
                }
            }
        });
    }
    let close = p.on_close.reform(|_: MouseEvent| ());
    let on_key = {
        let (on_close, node) = (p.on_close.clone(), node.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => on_close.emit(()),
            "Tab" => {
                let Some(pane) = node.cast::<web_sys::Element>() else { return };
                let Ok(list) = pane.query_selector_all(FOCUSABLE) else { return };
                let at = |i: u32| list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
                let (Some(first), Some(last)) = (at(0), at(list.length().saturating_sub(1))) else { return };
                let active = gloo::utils::document().active_element();
                let on = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.as_ref());
                let wrap_to = if e.shift_key() {
                    (on(&first) || active.as_ref().is_some_and(|a| a == pane.as_ref())).then_some(last)
                } else {
                    on(&last).then_some(first)
                };
                if let Some(to) = wrap_to {
                    e.prevent_default();
                    let _ = to.focus();
                }
            }
            _ => {}
        })
    };
    html! {
        <aside class="context-pane" role="dialog" aria-modal="true" aria-label={p.title.clone()} tabindex="-1" ref={node} onkeydown={on_key}>
            <div class="pane-head">
                <h2>{ p.title.clone() }</h2>
                <button type="button" class="icon-close" onclick={close} aria-label="Close">{ "✕" }</button>
            </div>
            { p.children.clone() }
        </aside>
    }
}

/// Closes the pane once one of `commands` has succeeded (as the portal does after Save).
#[hook]
fn use_close_on_success(on_close: Callback<()>, commands: &'static [&'static str]) {
    let ctx = use_ctx();
    let done = ctx.state.shown().is_some_and(|r| match (&r.action, &r.result) {
        (StepAction::Run { command, .. }, StepResult::Ok(_)) => commands.contains(&command.action_name()),
        _ => false,
    });
    // Only a result that arrives while the pane is open closes it (not the one before it opened).
    let opened_at = use_state(|| ctx.state.shown);
    let fresh = ctx.state.shown != *opened_at;
    use_effect_with((ctx.state.shown, done && fresh), move |&(_, close)| {
        if close {
            on_close.emit(());
        }
    });
}

/// The directory picker and *Authenticate* of a protected operation (the how-to: "Select the
/// directory containing the Resource Guard and Authenticate yourself").
fn authenticate_row(ctx: &crate::context::Ctx, vault: &str, directory: &GuardDirectory, id: &'static str) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let status = w.token_status_from(&s.actor, vault, &directory.value);
    let authenticate = ctx.on_click(Action::Execute(Command::Authenticate { tenant: directory.value.clone() }));
    let state = match status {
        TokenStatus::SameDirectory => "Same directory as the vault: no extra sign-in needed.".to_owned(),
        TokenStatus::Valid(until) => format!("Authenticated until {}.", crate::util::when(until)),
        TokenStatus::Expired(_) => "Your sign-in to this directory expired. Authenticate again.".to_owned(),
        // The portal's requests carry no token of their own (only command lines do).
        TokenStatus::Missing | TokenStatus::Carried => "Not authenticated to this directory.".to_owned(),
    };
    html! {
        <>
            { field("Directory", id, directory.pick.select_or(id, directory.options.clone(), &directory.start)) }
            <div class="toolbar">
                <button type="button" class="button" data-tour="authenticate" onclick={authenticate} disabled={status == TokenStatus::SameDirectory}>{ "Authenticate" }</button>
                <span class={if status.is_usable() { "ok-text small" } else { "muted small" }}>{ state }</span>
            </div>
        </>
    }
}

/// The directory of a pane's *Authenticate*: one of the person's directories (their home and
/// those they are a guest in), starting on the vault's guard's, else the one they are signed in to.
struct GuardDirectory {
    pick: Pick,
    options: Vec<Opt>,
    start: String,
    /// The directory shown, and used.
    value: String,
}

#[hook]
fn use_guard_directory(guard: Option<&str>) -> GuardDirectory {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let start = guard.and_then(|g| w.tenant_of_scope(g)).map_or_else(|| ctx.state.directory.clone(), str::to_owned);
    let pick = use_pick(String::new);
    let options: Vec<Opt> =
        w.directories_of(&ctx.state.actor).into_iter().map(|t| (t.id.clone(), t.name.clone())).collect();
    let value = pick.among_or(&options, &start);
    GuardDirectory { pick, options, start, value }
}

const MUA_COMMANDS: &[&str] = &["enable_mua", "disable_mua", "authenticate"];

/// Properties → Multi-User Authorization → Update.
#[function_component(MuaPane)]
pub fn mua_pane(p: &PaneProps) -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let current = w.vaults().get(p.vault.as_str()).and_then(|v| v.guard.clone());
    let protect = {
        let on = current.is_some();
        use_state(move || on)
    };
    let use_uri = use_state(|| false);
    let selecting = use_state(|| false);
    let (uri, on_uri) = use_text(String::new);
    let directory = use_guard_directory(current.as_deref());
    let guard = use_pick(String::new);
    use_close_on_success(p.on_close.clone(), &["enable_mua", "disable_mua"]);
    let vault = p.vault.to_string();
    let on_protect = {
        let protect = protect.clone();
        Callback::from(move |e: Event| protect.set(checked_of(&e)))
    };
    let mode = |uri_mode: bool| {
        let use_uri = use_uri.clone();
        Callback::from(move |_: Event| use_uri.set(uri_mode))
    };
    let open_select = {
        let selecting = selecting.clone();
        Callback::from(move |_: MouseEvent| selecting.set(true))
    };
    let token = w.token_status_from(&s.actor, &vault, &directory.value);
    let location = w.vaults().get(vault.as_str()).map_or("", |v| v.location.as_str());
    let guards = if token.is_usable() { w.readable_guards(&s.actor, &directory.value, location) } else { Vec::new() };
    let guard_options: Vec<Opt> = if !token.is_usable() {
        vec![(String::new(), "Authenticate to list the Resource Guards of this directory".to_owned())]
    } else if guards.is_empty() {
        vec![(String::new(), "None you can read in this directory (you need Reader on a Resource Guard)".to_owned())]
    } else {
        guards.iter().map(|g| (g.id.clone(), format!("{} ({})", g.id, g.location))).collect()
    };
    let guard_id = guard.among(&guard_options);
    let save = {
        let (protect, use_uri, uri) = (protect.clone(), use_uri.clone(), uri.clone());
        let (vault, current) = (vault.clone(), current.clone());
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            match (&current, *protect) {
                (Some(_), false) => return Action::Execute(Command::DisableMua { vault: vault.clone() }),
                (Some(_), true) | (None, false) => return Action::Notify("Nothing to save: no change.".to_owned()),
                (None, true) => {}
            }
            let chosen = if *use_uri { uri.trim().to_owned() } else { guard_id.clone() };
            if chosen.is_empty() {
                return Action::Notify("Select a Resource Guard, or enter its URI.".to_owned());
            }
            Action::Execute(Command::EnableMua { vault: vault.clone(), guard: chosen })
        })
    };
    let changing = current.is_some() != *protect;
    let body = html! {
        <form class="form" onsubmit={save}>
            <div class="field check">
                <input type="checkbox" id="mua-protect" checked={*protect} onchange={on_protect} />
                <label for="mua-protect">{ "Protect with Resource Guard" }</label>
            </div>
            if let Some(g) = &current {
                <p>{ format!("Resource Guard: {g} ({})", directory_name(w, g)) }</p>
                if !*protect {
                    <p class="info">{ "Removing MUA protection is a protected operation: you need the Backup MUA Operator role on the Resource Guard." }</p>
                    { authenticate_row(&ctx, &vault, &directory, "mua-directory") }
                }
            } else if *protect {
                <fieldset class="radios">
                    <legend>{ "Resource Guard" }</legend>
                    <span><input type="radio" id="mua-mode-select" name="mua-mode" checked={!*use_uri} onchange={mode(false)} />
                        <label for="mua-mode-select">{ " Select Resource Guard" }</label></span>
                    <span><input type="radio" id="mua-mode-uri" name="mua-mode" checked={*use_uri} onchange={mode(true)} />
                        <label for="mua-mode-uri">{ " Use Resource Guard URI" }</label></span>
                </fieldset>
                if *use_uri {
                    { field("Resource Guard URI", "mua-uri", html! { <input id="mua-uri" class="wide" maxlength="512" placeholder="/subscriptions/…/resourceGroups/…/providers/Microsoft.DataProtection/resourceGuards/…"
                               value={(*uri).clone()} oninput={on_uri} /> }) }
                    <p class="muted small">{ "The URI is the Resource Guard ID on its Overview. Cross-directory: Authenticate to its directory first." }</p>
                    { authenticate_row(&ctx, &vault, &directory, "mua-directory") }
                } else if !*selecting {
                    <button type="button" class="button" onclick={open_select}>{ "Select Resource Guard" }</button>
                } else {
                    { authenticate_row(&ctx, &vault, &directory, "mua-directory") }
                    { field("Resource Guard", "mua-guard", guard.select("mua-guard", guard_options)) }
                }
            }
            <InlineError commands={MUA_COMMANDS} />
            <div class="pane-actions">
                <button class="button primary" type="submit" data-tour="enable_mua disable_mua" disabled={!changing}>{ "Save" }</button>
            </div>
        </form>
    };
    html! { <ContextPane title="Multi-User Authorization" on_close={p.on_close.clone()}>{ body }</ContextPane> }
}

/// A vault's soft delete as the portal names its state.
fn soft_delete_state(v: &mua_core::model::Vault) -> &'static str {
    match (v.soft_delete_always_on, v.soft_delete) {
        (true, _) => "Always on",
        (false, true) => "Enabled",
        (false, false) => "Disabled",
    }
}

const SECURITY_COMMANDS: &[&str] = &["disable_soft_delete", "enable_soft_delete", "authenticate"];

/// Properties → Security Settings → Update: soft delete, with the portal's confirmation.
#[function_component(SecurityPane)]
pub fn security_pane(p: &PaneProps) -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let vault = w.vaults().get(p.vault.as_str()).cloned();
    let current = vault.as_ref().is_some_and(|v| v.soft_delete);
    let locked = vault.as_ref().is_some_and(|v| v.soft_delete_always_on);
    let enabled = use_state(move || current);
    let always_on = use_state(move || locked);
    let confirming = use_state(|| false);
    let guard = vault.as_ref().and_then(|v| v.guard.clone());
    let directory = use_guard_directory(guard.as_deref());
    use_close_on_success(p.on_close.clone(), &["disable_soft_delete", "enable_soft_delete"]);
    let Some(vault) = vault else { return html! {} };
    let on_toggle = {
        let (enabled, always_on, confirming) = (enabled.clone(), always_on.clone(), confirming.clone());
        Callback::from(move |e: Event| {
            let on = checked_of(&e);
            enabled.set(on);
            if !on {
                always_on.set(false);
            }
            confirming.set(false);
        })
    };
    let on_always = {
        let always_on = always_on.clone();
        Callback::from(move |e: Event| always_on.set(checked_of(&e)))
    };
    let id = vault.id.clone();
    let save = {
        let (enabled, always_on, confirming) = (enabled.clone(), always_on.clone(), confirming.clone());
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *enabled {
                dispatch.emit(Action::Execute(Command::EnableSoftDelete { vault: id.clone(), always_on: *always_on }));
            } else {
                confirming.set(true);
            }
        })
    };
    let id = vault.id.clone();
    let confirm = {
        let confirming = confirming.clone();
        ctx.dispatch.reform(move |_: MouseEvent| {
            confirming.set(false);
            Action::Execute(Command::DisableSoftDelete { vault: id.clone() })
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let body = html! {
        <form class="form" onsubmit={save}>
            <h3>{ "Soft Delete" }</h3>
            <div class="field check">
                <input type="checkbox" id="soft-delete" checked={*enabled} disabled={locked} onchange={on_toggle} />
                <label for="soft-delete">{ "Enable soft delete" }</label>
            </div>
            <p class="muted small">{ "Soft delete keeps deleted backup data for 14 more days." }</p>
            <div class="field check">
                <input type="checkbox" id="soft-delete-always-on" checked={*always_on} disabled={locked || !*enabled} onchange={on_always} />
                <label for="soft-delete-always-on">{ "Enable Always-on soft delete" }</label>
            </div>
            if locked {
                <p class="muted small">{ "Soft delete is always on for this vault: it can't be disabled or changed." }</p>
            } else if *always_on {
                <p class="warning small">{ "Once always-on soft delete is enabled, it can't be disabled — not even by the Resource Guard's operators." }</p>
            }
            if guard.is_some() && current && !*enabled {
                <p class="info">{ "Disabling soft delete is a protected operation: verify your access to the Resource Guard." }</p>
                { authenticate_row(&ctx, &vault.id, &directory, "security-directory") }
            }
            <InlineError commands={SECURITY_COMMANDS} />
            if *confirming {
                <div class="confirm" role="alertdialog" aria-label="Disable soft delete">
                    <p><strong>{ "Are you sure you want to disable soft delete?" }</strong></p>
                    <p class="small">{ "Backup data deleted while soft delete is off is lost at once and can't be recovered." }</p>
                    <div class="toolbar">
                        <button type="button" class="button danger" data-tour="disable_soft_delete" onclick={confirm}>{ "Yes, disable" }</button>
                        <button type="button" class="button" onclick={cancel}>{ "No" }</button>
                    </div>
                </div>
            }
            <div class="pane-actions">
                <button class="button primary" type="submit" data-tour="disable_soft_delete enable_soft_delete" disabled={(*enabled, *always_on) == (current, locked) || *confirming}>{ "Save" }</button>
            </div>
        </form>
    };
    html! { <ContextPane title="Security Settings" on_close={p.on_close.clone()}>{ body }</ContextPane> }
}

/// Identity.
#[function_component(IdentityTab)]
pub fn identity_tab(p: &VaultRef) -> Html {
    let ctx = use_ctx();
    let w = ctx.state.world();
    let attach = use_pick(String::new);
    let key_vault = use_pick(String::new);
    let with = use_pick(|| "system".to_owned());
    let Some(v) = w.vaults().get(p.vault.as_str()).cloned() else { return html! {} };
    let vault = v.id.clone();
    let named = |h: &String| (h.clone(), h.clone());
    let identity_options: Vec<Opt> = w.identities().keys().map(named).collect();
    let key_vault_options: Vec<Opt> = w.key_vaults().keys().map(named).collect();
    let mut with_options: Vec<Opt> = vec![("system".to_owned(), "System-assigned".to_owned())];
    with_options.extend(v.user_identities.iter().map(named));
    let do_attach = {
        let (identity, vault) = (attach.among(&identity_options), vault.clone());
        ctx.dispatch.reform(move |_: MouseEvent| {
            if identity.is_empty() {
                return Action::Notify("There is no user-assigned identity to add.".to_owned());
            }
            Action::Execute(Command::AttachUserIdentity { vault: vault.clone(), identity: identity.clone() })
        })
    };
    let save_encryption = {
        let (key_vault, wi, vault) = (key_vault.among(&key_vault_options), with.among(&with_options), vault.clone());
        ctx.dispatch.reform(move |_: MouseEvent| {
            if key_vault.is_empty() {
                return Action::Notify("There is no Key Vault to choose.".to_owned());
            }
            let key_vault = key_vault.clone();
            let identity = if wi == "system" { IdentityRef::System } else { IdentityRef::User(wi.clone()) };
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
                    { attach.select_labelled("User-assigned identity to add", identity_options) }
                    <button class="button" onclick={do_attach}>{ "+ Add" }</button>
                </div>
            </div>
            <div class="card">
                <h2>{ "Encryption (customer-managed key)" }</h2>
                <p>{ match &v.encryption { Some(e) => format!("Key in Key Vault {} through the {} identity", e.key_vault, match &e.identity { IdentityRef::System => "system-assigned".to_owned(), IdentityRef::User(h) => format!("user-assigned {h}") }), None => "Platform-managed keys".to_owned() } }</p>
                <div class="toolbar">
                    { key_vault.select_labelled("Key Vault", key_vault_options) }
                    { with.select_labelled("Identity used to reach the key", with_options) }
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
                <input aria-label="Datasource to protect" maxlength="100" placeholder="Datasource (VM, disk…)" value={(*datasource).clone()} oninput={on_ds} />
                <button class="button" type="submit" data-tour="configure_backup">{ "+ Backup" }</button>
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
