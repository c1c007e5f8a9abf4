//! The top bar: brand, search, clock, notifications, directory switcher, persona menu, theme.

use chrono::TimeDelta;
use mua_core::model::{PrincipalKind, TokenStatus};
use mua_core::{Command, Status};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::context::use_ctx;
use crate::hooks::use_text;
use crate::state::{Action, Blade, EntraTab, GuardTab, LighthouseTab, PimTab, Theme, VaultTab};
use crate::util::when;
use mua_core::critical_operations::VaultKind;

/// The top bar's drop-down menus (one is open at a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Menu {
    /// The simulated clock.
    Clock,
    /// Notifications.
    Bell,
    /// Directories + subscriptions.
    Directory,
    /// Signed in as (switch persona).
    Persona,
    /// Narrow screens: search, directories and theme folded into one menu.
    More,
}

/// The top bar.
#[function_component(TopBar)]
pub fn top_bar() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let w = s.world();
    let (query, on_search) = use_text(String::new);
    let open = use_state(|| None::<Menu>);
    let toggle = |menu: Menu| {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(if *open == Some(menu) { None } else { Some(menu) }))
    };

    let results = search(s, &query);

    // Persona menu: each user once, under their home directory, with the directories they are guests in.
    let persona = w.principals().get(&s.actor);
    let persona_name = persona.map_or("Not signed in".to_owned(), |p| p.name.clone());
    let home_name = w.tenants().get(&s.directory).map_or(s.directory.clone(), |t| t.name.clone());

    let inbox = w.inbox(&s.actor);
    let persona_menu = persona_menu(&ctx, &open);
    let directories = directories_menu(&ctx);
    let on_theme = ctx.dispatch.reform(|key: String| Action::SetTheme(Theme::from_key(&key).unwrap_or(Theme::Auto)));

    {
        // A press anywhere outside the top bar's menus closes the open one (also where the press moves
        // no focus: empty space, text).
        let open = open.clone();
        use_effect_with(open.is_some(), move |&is_open| {
            let listener = is_open.then(|| {
                gloo::events::EventListener::new(&gloo::utils::document(), "pointerdown", move |e| {
                    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                    let in_menu = target.is_some_and(|t| t.closest(".dropdown").ok().flatten().is_some());
                    if !in_menu {
                        open.set(None);
                    }
                })
            });
            move || drop(listener)
        });
    }
    // A menu closes when focus moves to a control outside it (a click on another control, Tab away);
    // focus going nowhere (a browser that does not focus clicked buttons) leaves it open.
    let on_leave = {
        let open = open.clone();
        Callback::from(move |e: FocusEvent| {
            // The dropdown is found from the control losing focus: yew delegates events to its root,
            // so `current_target` is not the dropdown.
            let from: Option<web_sys::Element> = e.target().and_then(|t| t.dyn_into().ok());
            let dropdown = from.and_then(|f| f.closest(".dropdown").ok().flatten());
            let inside = match (dropdown, e.related_target()) {
                (Some(dropdown), Some(next)) => {
                    let next: Option<web_sys::Node> = next.dyn_into().ok();
                    dropdown.contains(next.as_ref())
                }
                _ => true,
            };
            if !inside {
                open.set(None);
            }
        })
    };
    // Keyboard: Escape closes the open menu and returns focus to its button; the arrow keys move
    // between a menu's items.
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                let header: Option<web_sys::Element> = e.current_target().and_then(|t| t.dyn_into().ok());
                let button = header.and_then(|h| h.query_selector("[aria-expanded='true']").ok().flatten());
                if let Some(b) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = b.focus();
                }
                open.set(None);
            }
            key @ ("ArrowDown" | "ArrowUp") if move_in_menu(key == "ArrowDown") => e.prevent_default(),
            _ => {}
        })
    };
    html! {
        <header class="topbar" onkeydown={on_key}>
            <span class="brand">{ "MUA" }<span class="brand-long">{ " Playground" }</span></span>
            if !s.embed {
                <div class="search-box wide-only">
                    <input class="search" type="search" maxlength="100" aria-label="Search resources" placeholder="Search resources and services"
                           value={(*query).clone()} oninput={on_search.clone()} />
                    if let Some(found) = results {
                        <div class="search-results" role="listbox" aria-label="Search results">{ search_results(&ctx, &query, found) }</div>
                    }
                </div>
            }
            <span class="topbar-spacer" />
            <div class="dropdown" onfocusout={on_leave.clone()}>
                <button class="topbar-button clock-time" data-tour="advance" onclick={toggle(Menu::Clock)} aria-expanded={crate::util::flag(*open == Some(Menu::Clock))}
                        aria-label={format!("Simulated time {} (advance the clock)", when(w.now()))}>{ clock_icon() }
                        <span class="clock-date">{ format!("{} ", mua_core::duration::day(w.now())) }</span>{ format!("{} UTC", mua_core::duration::clock(w.now())) }</button>
                if *open == Some(Menu::Clock) {
                    <div class="menu clock-menu" role="menu" aria-label="Advance the clock">
                        <div class="menu-heading">{ "Simulated clock" }</div>
                        <div class="menu-pad"><ClockControls /></div>
                        <div class="toolbar menu-pad">
                            <button class="link" onclick={ctx.on_click(Action::Navigate(Blade::Timeline))}>{ "Open the timeline" }</button>
                        </div>
                    </div>
                }
            </div>
            { posture_button(&ctx) }
            { shell_button(&ctx) }
            <div class="dropdown" onfocusout={on_leave.clone()}>
                <button class="icon-button" aria-label={if inbox.is_empty() { "Notifications".to_owned() } else { format!("Notifications, {} new", inbox.len()) }} onclick={toggle(Menu::Bell)}
                        aria-expanded={crate::util::flag(*open == Some(Menu::Bell))}>
                    { bell_icon() }
                    if !inbox.is_empty() { <span class="badge">{ inbox.len() }</span> }
                </button>
                if *open == Some(Menu::Bell) { { notifications_menu(&ctx) } }
            </div>
            <div class="dropdown wide-only" onfocusout={on_leave.clone()}>
                <button class="topbar-button" data-tour="authenticate" onclick={toggle(Menu::Directory)} aria-expanded={crate::util::flag(*open == Some(Menu::Directory))}
                        title="Directory + subscription">{ home_name }</button>
                if *open == Some(Menu::Directory) { { directories } }
            </div>
            <div class="dropdown" onfocusout={on_leave.clone()}>
                <button class="topbar-button persona" onclick={toggle(Menu::Persona)} aria-expanded={crate::util::flag(*open == Some(Menu::Persona))}
                        title="Switch persona">
                    <span class="muted-on-dark signed-in">{ "Signed in as " }</span><strong>{ persona_name }</strong>
                </button>
                if *open == Some(Menu::Persona) { { persona_menu } }
            </div>
            if !s.embed {
                { theme_select("theme wide-only", "Theme", s.theme, on_theme.clone()) }
                <div class="dropdown narrow-only" onfocusout={on_leave.clone()}>
                    <button class="icon-button" data-tour="authenticate" aria-label="More: search, directories, theme" onclick={toggle(Menu::More)}
                            aria-expanded={crate::util::flag(*open == Some(Menu::More))}>{ "☰" }</button>
                    if *open == Some(Menu::More) {
                        <div class="menu more-menu" role="menu" aria-label="More">
                            <div class="menu-heading">{ "Search" }</div>
                            <div class="menu-pad">
                                <input class="search wide" type="search" maxlength="100" aria-label="Search resources and services" placeholder="Search resources and services"
                                       value={(*query).clone()} oninput={on_search.clone()} />
                            </div>
                            if let Some(found) = search(s, &query) { { search_results(&ctx, &query, found) } }
                            { directories_list(&ctx) }
                            <div class="menu-heading">{ "Theme" }</div>
                            <div class="menu-pad">
                                { theme_select("theme wide", "Theme (menu)", s.theme, on_theme) }
                            </div>
                        </div>
                    }
                </div>
            }
        </header>
    }
}

/// What a search found, or that it found nothing (the search box's list and the narrow menu's).
fn search_results(ctx: &crate::context::Ctx, query: &UseStateHandle<String>, found: Found) -> Html {
    html! {
        <>
            if found.services.is_empty() && found.resources.is_empty() {
                <div class="menu-item muted" role="option" aria-disabled="true">{ format!("No results for \u{201c}{}\u{201d}", query.trim()) }</div>
            }
            { search_group(ctx, query, "Services", found.services) }
            { search_group(ctx, query, "Resources", found.resources) }
        </>
    }
}

/// The theme picker (in the top bar, and in the narrow menu).
fn theme_select(class: &'static str, label: &'static str, current: Theme, onchange: Callback<String>) -> Html {
    let options: Vec<crate::hooks::Opt> =
        Theme::ALL.iter().map(|t| (t.key().to_owned(), t.label().to_owned())).collect();
    html! { <crate::hooks::Select id={None} label={Some(label)} class={Some(class)} value={current.key().to_owned()} {options} {onchange} /> }
}

/// A service: its name, other words people search it by, and its blade.
type Service = (&'static str, &'static [&'static str], fn() -> Blade);

/// The portal's services.
const SERVICES: &[Service] = &[
    ("Recovery Services vaults", &["backup", "vault", "rsv"], || Blade::Vaults(VaultKind::RecoveryServices)),
    ("Backup vaults", &["backup", "vault", "data protection"], || Blade::Vaults(VaultKind::Backup)),
    ("Resource Guards", &["resource guard", "mua", "multi-user authorization"], || Blade::Guards),
    ("Microsoft Entra ID", &["entra", "azure ad", "active directory", "directory", "tenant"], || {
        Blade::Entra(EntraTab::Users)
    }),
    ("Users", &["user", "guest", "invite", "external", "b2b", "member"], || Blade::Entra(EntraTab::Users)),
    ("Groups", &["group", "members", "owners", "approvers"], || Blade::Entra(EntraTab::Groups)),
    ("Privileged Identity Management", &["pim", "approve", "my roles", "eligible"], || Blade::Pim(PimTab::MyRoles)),
    ("Azure Lighthouse", &["lighthouse", "my customers", "service providers", "delegat"], || {
        Blade::Lighthouse(LighthouseTab::MyCustomers)
    }),
    ("Subscriptions", &["subscription", "access control", "iam"], || Blade::Subscriptions),
    ("Resource groups", &["resource group", "rg", "access control", "iam"], || Blade::ResourceGroups),
    ("Activity log", &["activity", "log", "audit"], || Blade::Activity),
    ("Timeline", &["timeline", "clock", "expir", "token", "timeout"], || Blade::Timeline),
    ("Security posture", &["posture", "isolation", "before you start", "security"], || Blade::Posture),
    ("Topology", &["topology", "map", "diagram", "tenant"], || Blade::Topology),
];

/// How well a service matches a lowercase query: 0 its very name, 1 a name that starts with it, 2
/// a name that contains it, 3 a word people search it by; `None` no match.
fn rank((name, words, _): &Service, q: &str) -> Option<u8> {
    let name = name.to_ascii_lowercase();
    if name == q {
        Some(0)
    } else if name.starts_with(q) {
        Some(1)
    } else if name.contains(q) {
        Some(2)
    } else {
        words.iter().any(|k| k.contains(q) || q.contains(k)).then_some(3)
    }
}

/// What a search found: services first, then resources, as the portal groups them.
struct Found {
    services: Vec<(String, Blade)>,
    resources: Vec<(String, Blade)>,
}

/// Search: services whose name or keywords match, and the vaults and guards of the current
/// directory whose name contains the text (another directory's are found after switching to it).
fn search(s: &crate::state::AppState, query: &str) -> Option<Found> {
    let w = s.world();
    let q = query.trim().to_ascii_lowercase();
    if q.is_empty() {
        return None;
    }
    // As the portal ranks them: the service of that very name, then names that start with the
    // text, then names that contain it, then other words people search it by (rank by rank rather
    // than sorted: a sort's code would be one more thing to download).
    let q_ref = q.as_str();
    let services = (0..4)
        .flat_map(|r| SERVICES.iter().filter(move |s| rank(s, q_ref) == Some(r)))
        .take(6)
        .map(|(name, _, blade)| ((*name).to_owned(), blade()))
        .collect();
    let vaults = w
        .vaults()
        .values()
        .filter(|v| v.id.to_ascii_lowercase().contains(&q) && s.in_directory(&v.id))
        .map(|v| (format!("{} ({})", v.id, v.kind.portal_name()), Blade::Vault(v.id.clone(), VaultTab::Overview)));
    let guards = w
        .guards()
        .values()
        .filter(|g| g.id.to_ascii_lowercase().contains(&q) && s.in_directory(&g.id))
        .map(|g| (format!("{} (Resource Guard)", g.id), Blade::Guard(g.id.clone(), GuardTab::Overview)));
    let groups = w
        .resource_groups()
        .values()
        .filter(|g| g.id.to_ascii_lowercase().contains(&q) && s.in_directory(&g.id))
        .map(|g| {
            (format!("{} (Resource group)", g.id), Blade::ResourceGroup(g.id.clone(), crate::state::ScopeTab::Overview))
        });
    let plain = w
        .key_vaults()
        .values()
        .chain(w.identities().values())
        .filter(|r| r.id.to_ascii_lowercase().contains(&q) && s.in_directory(&r.id))
        .map(|r| (r.id.clone(), Blade::Resource(r.id.clone(), crate::state::ScopeTab::Overview)));
    Some(Found { services, resources: vaults.chain(guards).chain(groups).chain(plain).take(8).collect() })
}

/// Moves focus to the next (or previous) item of the menu that holds the focus, wrapping around;
/// `false` when the focus is in no menu.
fn move_in_menu(down: bool) -> bool {
    let document = gloo::utils::document();
    let Some(active) = document.active_element() else { return false };
    // From the search box, or from the button of an open menu, the arrows enter its list.
    let entered = if active.matches("input.search").unwrap_or(false) {
        active.parent_element().and_then(|box_| box_.query_selector(".search-results").ok().flatten())
    } else if active.get_attribute("aria-expanded").as_deref() == Some("true") {
        active.parent_element().and_then(|dropdown| dropdown.query_selector(".menu").ok().flatten())
    } else {
        None
    };
    let Some(menu) = entered.or_else(|| active.closest(".menu, .search-results").ok().flatten()) else { return false };
    let Ok(nodes) = menu.query_selector_all("button:not([disabled]), input, select") else { return false };
    let items: Vec<web_sys::HtmlElement> =
        (0..nodes.length()).filter_map(|i| nodes.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
    if items.is_empty() {
        return false;
    }
    let here = items.iter().position(|i| {
        let node: &web_sys::Node = i.as_ref();
        node.is_same_node(Some(active.as_ref()))
    });
    let next = match (here, down) {
        (None, _) => 0,
        (Some(i), true) => (i + 1) % items.len(),
        (Some(i), false) => (i + items.len() - 1) % items.len(),
    };
    let _ = items[next].focus();
    true
}

/// One group of search results (Services, Resources).
fn search_group(
    ctx: &crate::context::Ctx,
    query: &UseStateHandle<String>,
    heading: &str,
    items: Vec<(String, Blade)>,
) -> Html {
    if items.is_empty() {
        return html! {};
    }
    html! {
        <div class="menu-group">
            <div class="menu-heading">{ heading }</div>
            { for items.into_iter().map(|(label, blade)| {
                let q = query.clone();
                let onclick = ctx.dispatch.reform(move |_: MouseEvent| { q.set(String::new()); Action::Navigate(blade.clone()) });
                html! { <button class="menu-item" role="option" {onclick}>{ label }</button> }
            }) }
        </div>
    }
}

/// Persona menu: each user once, under their home directory, with the directories they can
/// switch to (their guest memberships).
fn persona_menu(ctx: &crate::context::Ctx, open: &UseStateHandle<Option<Menu>>) -> Html {
    let s = &ctx.state;
    let w = s.world();
    html! {
        <div class="menu" role="menu" aria-label="Switch persona">
            { for w.tenants().values().map(|t| {
                let members = w.principals().values().filter(|p| p.kind == PrincipalKind::User && p.tenant == t.id);
                html! {
                    <div class="menu-group">
                        <div class="menu-heading">{ &t.name }<span class="muted">{ format!(" · {}", t.domain) }</span></div>
                        { for members.map(|p| {
                            let guest_of: Vec<&str> = w.directories_of(&p.id).into_iter().filter(|d| d.id != p.tenant).map(|d| d.name.as_str()).collect();
                            persona_item(ctx, open, &p.id, &p.name, &guest_of, s.actor == p.id)
                        }) }
                    </div>
                }
            }) }
        </div>
    }
}

/// Directories: home and guest tenants, with the token state and Authenticate.
fn directories_menu(ctx: &crate::context::Ctx) -> Html {
    html! { <div class="menu" role="menu" aria-label="Directories">{ directories_list(ctx) }</div> }
}

/// The directories with their sign-in state and *Authenticate*.
fn directories_list(ctx: &crate::context::Ctx) -> Html {
    let s = &ctx.state;
    let w = s.world();
    html! {
        <>
            <div class="menu-heading">{ "Directories + subscriptions" }</div>
            { for w.directories_of(&s.actor).into_iter().map(|t| {
                let state = match w.token_status(&s.actor, &t.id) {
                    TokenStatus::SameDirectory => "home directory".to_owned(),
                    TokenStatus::Valid(until) => format!("authenticated until {}", when(until)),
                    TokenStatus::Expired(_) => "token expired".to_owned(),
                    TokenStatus::Missing | TokenStatus::Carried => "not authenticated".to_owned(),
                };
                let auth = ctx.on_click(Action::Execute(Command::Authenticate { tenant: t.id.clone() }));
                let tenant = t.id.clone();
                let dispatch = ctx.dispatch.clone();
                let switch = Callback::from(move |e: MouseEvent| {
                    // The Switch button goes (the directory is now the current one): keep the
                    // keyboard's place on the menu's own button rather than lose it to the page.
                    let toggle = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|b| b.closest(".dropdown").ok().flatten())
                        .and_then(|d| d.query_selector("[aria-expanded]").ok().flatten())
                        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(toggle) = toggle {
                        let _ = toggle.focus();
                    }
                    dispatch.emit(Action::SwitchDirectory(tenant.clone()));
                });
                let current = s.directory == t.id;
                let subs: Vec<_> = w.subscriptions().values().filter(|sub| sub.tenant == t.id).collect();
                // The current directory's subscriptions can be filtered (the portal's subscription filter).
                let filter = current.then(|| html! {
                    <fieldset class="subscription-filter"><legend class="small">{ "Subscriptions listed" }</legend>
                    { for subs.iter().map(|sub| {
                        let id = sub.id.clone();
                        let onchange = ctx.dispatch.reform(move |_: Event| Action::ToggleSubscription(id.clone()));
                        let input_id = format!("sub-filter-{}", sub.id);
                        html! { <div class="field check"><input type="checkbox" id={input_id.clone()} checked={!s.hidden_subscriptions.contains(&sub.id)} {onchange} />
                            <label for={input_id}>{ &sub.name }</label></div> }
                    }) }
                    </fieldset>
                });
                let names: Vec<&str> = subs.iter().map(|sub| sub.name.as_str()).collect();
                html! {
                    <div class={classes!("menu-item", "directory", current.then_some("current"))}>
                        <div><strong>{ &t.name }</strong>{ if current { " (current)" } else { "" } }<div class="muted small">{ format!("{} · {}", t.domain, state) }</div>
                            if let Some(filter) = filter { { filter } } else { <div class="muted small">{ names.join(", ") }</div> }</div>
                        <span class="toolbar">
                            if !current { <button class="button small primary" data-tour="authenticate" onclick={switch} aria-label={format!("Switch to {}", t.name)}>{ "Switch" }</button> }
                            <button class="button small" onclick={auth} aria-label={format!("Authenticate to {}", t.name)}>{ "Authenticate" }</button>
                        </span>
                    </div>
                }
            }) }
        </>
    }
}

/// Notifications, as the portal's bell lists them: the persona's operations (succeeded or failed)
/// and PIM's emails to them, newest first.
fn notifications_menu(ctx: &crate::context::Ctx) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let inbox = w.inbox(&s.actor);
    let mine: Vec<_> = s.session.simulator().activity().iter().rev().filter(|e| e.caller == s.actor).take(8).collect();
    html! {
        <div class="menu wide" role="menu" aria-label="Notifications">
            <div class="menu-heading">{ "Notifications" }</div>
            if mine.is_empty() { <div class="menu-item muted">{ "No operations yet" }</div> }
            { for mine.iter().map(|e| {
                let (mark, class, outcome) = match &e.status {
                    Status::Succeeded => ("✓", "ok-text", "succeeded".to_owned()),
                    Status::Failed(code) => ("✗", "error-text", format!("failed ({code})")),
                };
                html! {
                    <div class="menu-item"><div><span class={class} aria-hidden="true">{ mark }{ " " }</span>{ format!("{} {outcome}", e.operation) }
                        <div class="muted small">{ format!("{} · {}", w.name_of(&e.target), when(e.time)) }</div></div></div>
                }
            }) }
            <div class="menu-heading">{ "Email (PIM)" }</div>
            if inbox.is_empty() { <div class="menu-item muted">{ "No email" }</div> }
            { for inbox.iter().rev().take(12).map(|n| html! {
                <div class="menu-item"><div>{ crate::util::rich(w, &n.subject) }</div><div class="muted small">{ when(n.time) }</div></div>
            }) }
        </div>
    }
}

fn persona_item(
    ctx: &crate::context::Ctx,
    open: &UseStateHandle<Option<Menu>>,
    id: &str,
    name: &str,
    guest_of: &[&str],
    current: bool,
) -> Html {
    let open = open.clone();
    let pid = id.to_owned();
    let onclick = ctx.dispatch.reform(move |_: MouseEvent| {
        open.set(None);
        Action::SwitchPersona(pid.clone())
    });
    html! {
        <button class={classes!("menu-item", "persona-item", current.then_some("current"))} role="menuitem" {onclick}>
            <span>{ name }</span>
            if !guest_of.is_empty() { <span class="muted small persona-dirs">{ format!("Also a guest in {}", guest_of.join(", ")) }</span> }
        </button>
    }
}

/// The top bar's posture summary: the worst check over every vault, opening the posture blade.
/// The Cloud Shell button: opens and closes the console pane (as the portal's top bar does).
#[cfg(feature = "console")]
fn shell_button(ctx: &crate::context::Ctx) -> Html {
    let open = ctx.state.shell;
    let onclick =
        ctx.on_click(Action::OpenShell(if open.is_some() { None } else { Some(mua_core::scenario::Shell::Az) }));
    html! {
        <button class="icon-button shell-button" aria-label="Cloud Shell" title="Cloud Shell" aria-pressed={crate::util::flag(open.is_some())}
                data-tour="console" {onclick}>{ ">_" }</button>
    }
}

#[cfg(not(feature = "console"))]
fn shell_button(_: &crate::context::Ctx) -> Html {
    Html::default()
}

fn posture_button(ctx: &crate::context::Ctx) -> Html {
    let Some((worst, failing, warnings)) = ctx.state.world().posture_summary() else { return html! {} };
    let label = format!("Security posture: {failing} failing, {warnings} to improve");
    let onclick = ctx.on_click(Action::Navigate(Blade::Posture));
    html! {
        <button class={classes!("topbar-button", "posture-button", "wide-only", crate::util::posture_class(worst))} aria-label={label.clone()} title={label} {onclick}>
            <span aria-hidden="true">{ worst.mark() }</span>
        </button>
    }
}

/// The clock's moves: +5 min, +1 h, +1 day, and any duration as a person types it (`2h`, `30m`,
/// `1d`, `1h 30m`) or in ISO 8601 (the clock menu and the Timeline blade).
#[function_component(ClockControls)]
pub fn clock_controls() -> Html {
    let ctx = use_ctx();
    let (custom, on_custom) = use_text(|| "30m".to_owned());
    let adv = |label: &'static str, d: TimeDelta| {
        let onclick = ctx.on_click(Action::Advance(d));
        html! { <button class="button small" {onclick} aria-label={format!("Advance the clock by {label}")}>{ label }</button> }
    };
    let advance_custom = {
        let custom = custom.clone();
        ctx.on_click(Action::AdvanceText((*custom).clone()))
    };
    html! {
        <div class="clock-controls">
            <div class="toolbar">
                { adv("+5 min", TimeDelta::minutes(5)) }
                { adv("+1 h", TimeDelta::hours(1)) }
                { adv("+1 day", TimeDelta::days(1)) }
            </div>
            <div class="toolbar">
                <input class="duration" maxlength="24" placeholder="2h, 30m, 1d" aria-label="Custom duration (like 2h, 30m, 1d or PT2H)" value={(*custom).clone()} oninput={on_custom} size="8" />
                <button class="button small" data-tour="advance" onclick={advance_custom}>{ "Advance" }</button>
            </div>
        </div>
    }
}

/// A clock, drawn inline.
fn clock_icon() -> Html {
    html! {
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false" class="icon">
            <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.5"/>
            <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>
        </svg>
    }
}

/// The notifications bell, drawn inline so it never depends on an emoji font.
fn bell_icon() -> Html {
    html! {
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M8 1.5a4 4 0 0 0-4 4v2.8L2.7 11a.6.6 0 0 0 .5.9h9.6a.6.6 0 0 0 .5-.9L12 8.3V5.5a4 4 0 0 0-4-4Zm-1.7 11.4a1.8 1.8 0 0 0 3.4 0Z"/>
        </svg>
    }
}
