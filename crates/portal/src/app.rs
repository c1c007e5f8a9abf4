//! The root component: owns the state, provides it to the blades, renders the chrome.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::{coach::Coach, explain::Toast, nav::left_nav, topbar::TopBar};
use crate::context::Ctx;
use crate::pages::BladeView;
use crate::snapshot::{initial_state, snapshot, Saved, STORAGE_KEY};
use crate::state::{Action, AppState};

/// Whether the session is kept in the browser's localStorage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Persistence {
    /// Read the URL and localStorage at start; save after every change.
    #[default]
    LocalStorage,
    /// Neither (browser tests mount several apps in one page).
    Off,
}

/// A state handed in by the caller (browser tests, embeds), compared by identity.
#[derive(Clone, Debug)]
pub struct Initial(pub Rc<AppState>);

impl PartialEq for Initial {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The snapshot of the share link the page was opened with, read before the app starts (reading
/// needs the browser's decompression, which is asynchronous); compared by identity.
#[derive(Clone, Debug)]
pub struct Shared(pub Rc<Result<String, String>>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Props of [`App`].
#[derive(Clone, Debug, Default, PartialEq, Properties)]
pub struct AppProps {
    /// The share link's snapshot, read by [`prepare`].
    #[prop_or_default]
    pub shared: Option<Shared>,
    /// Start from this state instead of the URL / localStorage / default.
    #[prop_or_default]
    pub initial: Option<Initial>,
    /// Whether to use localStorage.
    #[prop_or_default]
    pub persistence: Persistence,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// What the app needs before it starts from this address: the share link's snapshot read (`#s=`),
/// and the gallery scenarios that the link, the address (`?scenario=`) or the saved session name
/// fetched. A failure is reported when the app starts (the app says the link could not be opened).
pub async fn prepare() -> AppProps {
    let location = web_sys::window().map(|w| w.location());
    let query = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    // An embed never reads the visitor's saved session.
    let stored = if crate::snapshot::is_embed(&query) {
        None
    } else {
        storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
    };
    let shared = crate::snapshot::shared_snapshot(&hash).await;
    let shared_text = shared.as_ref().and_then(|s| s.as_ref().ok()).map(String::as_str);
    for name in crate::snapshot::linked_gallery(&query, shared_text, stored.as_deref()) {
        let _ = crate::snapshot::fetch_gallery(&name).await;
    }
    // A link or saved session with console steps replays them: Cloud Shell's code first. A failed
    // load leaves them refused, and the app says why it could not open the link.
    for text in [shared_text, stored.as_deref()].into_iter().flatten() {
        let _ = crate::shell_code::load_for(text).await;
    }
    AppProps { shared: shared.map(|s| Shared(Rc::new(s))), ..AppProps::default() }
}

fn start_state(props: &AppProps) -> AppState {
    if let Some(i) = &props.initial {
        return (*i.0).clone();
    }
    let location = web_sys::window().map(|w| w.location());
    let query = location.as_ref().and_then(|l| l.search().ok()).unwrap_or_default();
    let hash = location.as_ref().and_then(|l| l.hash().ok()).unwrap_or_default();
    let stored = match props.persistence {
        Persistence::LocalStorage if !crate::snapshot::is_embed(&query) => {
            storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        }
        _ => None,
    };
    // The share link read by `prepare`; a first-version link reads without it (browser tests).
    let shared =
        props.shared.as_ref().map(|s| (*s.0).clone()).or_else(|| crate::snapshot::first_version_snapshot(&hash));
    let (mut state, saved) = initial_state(&query, shared, stored);
    // A blade's address (reload, bookmark) opens that blade of the session.
    if let Some(blade) = crate::route::blade_of(&hash) {
        state.blade = blade;
    }
    if saved == Saved::Discard {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
    }
    state
}

/// Puts the blade's address in the location bar: replacing the entry at start (the link that
/// opened the session gives way to the blade, so a reload resumes the saved session instead of
/// opening the link again), adding one for each later blade.
fn follow(blade: &crate::state::Blade, first: bool) {
    let window = gloo::utils::window();
    let location = window.location();
    let wanted = crate::route::hash_of(blade);
    if first {
        let path = location.pathname().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{wanted}")));
        }
    } else if location.hash().unwrap_or_default() != wanted {
        let _ = location.set_hash(&wanted);
    }
}

/// Puts the focus on the blade's heading (the portal's `<h1>`, focusable by script only).
fn focus_heading(root: &NodeRef) {
    use wasm_bindgen::JsCast;
    let heading = root.cast::<web_sys::Element>().and_then(|r| r.query_selector("#blade-title").ok().flatten());
    if let Some(h) = heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = h.focus();
    }
}

/// The whole portal.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = {
        let props = props.clone();
        use_reducer(move || start_state(&props))
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    {
        // Save after changes, debounced and in a later task so it never delays the DOM update (not in
        // embeds: an iframe must not overwrite the visitor's own session).
        let persist = props.persistence == Persistence::LocalStorage && !state.embed;
        let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
        let handle = state.clone();
        use_effect_with(state.revision, move |_| {
            if persist {
                let save = gloo::timers::callback::Timeout::new(300, move || {
                    if let Some(s) = storage() {
                        let _ = s.set_item(STORAGE_KEY, &snapshot(&handle));
                    }
                });
                // Replacing the pending timeout cancels it.
                *pending.borrow_mut() = Some(save);
            }
        });
    }
    {
        // The address follows the blade (Back and Forward walk the blades), and a changed address
        // opens its blade. Not in embeds (the host page owns its address) nor in browser tests.
        let routed = props.persistence == Persistence::LocalStorage && !state.embed;
        let first = use_mut_ref(|| true);
        use_effect_with(state.blade.clone(), move |blade| {
            if routed {
                follow(blade, std::mem::take(&mut *first.borrow_mut()));
            }
        });
        let dispatch = dispatch.clone();
        use_effect_with(routed, move |&routed| {
            let listener = routed.then(|| {
                gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                    let window = gloo::utils::window();
                    let hash = window.location().hash().unwrap_or_default();
                    if let Some(blade) = crate::route::blade_of(&hash) {
                        return dispatch.emit(Action::Navigate(blade));
                    }
                    // A share link pasted into this open tab opens as it would in a new one.
                    let dispatch = dispatch.clone();
                    yew::platform::spawn_local(async move {
                        let Some(shared) = crate::snapshot::shared_snapshot(&hash).await else { return };
                        let linked = shared.and_then(|text| crate::snapshot::restore(&text)).map(Rc::new);
                        dispatch.emit(Action::OpenLink(crate::state::Linked(linked)));
                        // The link gives way to the page's own address, so a reload resumes the
                        // saved session instead of opening the link again.
                        let path = window.location().pathname().unwrap_or_default();
                        if let Ok(history) = window.history() {
                            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
                        }
                    });
                })
            });
            move || drop(listener)
        });
    }
    // Focus follows the person: a newly opened blade puts it on its heading, and when what held it
    // went away (a closed menu or pane, a list drawn anew) it goes there too instead of to the page.
    // Not at start: the page opens as browsers open pages (and an embed never takes the focus, or
    // the scroll, from the page around it).
    let root = use_node_ref();
    {
        let root = root.clone();
        let last_blade = use_mut_ref(|| state.blade.clone());
        let started = use_mut_ref(|| false);
        use_effect_with((state.blade.clone(), state.revision), move |(blade, _)| {
            if !std::mem::replace(&mut *started.borrow_mut(), true) {
                return;
            }
            let moved = *last_blade.borrow() != *blade;
            *last_blade.borrow_mut() = blade.clone();
            let document = gloo::utils::document();
            let lost = document.active_element().is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
            // Only while the person is in this page: a change nobody made here (a success toast
            // closing itself) never pulls the focus into an embed or a tab in the background.
            if (moved || lost) && document.has_focus().unwrap_or(false) {
                focus_heading(&root);
            }
        });
    }
    let skip = {
        let root = root.clone();
        Callback::from(move |_: MouseEvent| focus_heading(&root))
    };
    crate::embed::use_host_contract(&state, &dispatch, &root);
    let (dark, contrast) = crate::hooks::use_system_theme();
    let ctx = Ctx { state: state.clone(), dispatch };
    let nav = (!state.embed).then(|| left_nav(&ctx));
    let theme = state.theme.resolve(dark, contrast).class();
    let notice = state.notice.clone().map(|n| {
        let close = ctx.on_click(Action::DismissNotice);
        let (sentence, detail) = match n.split_once(crate::state::DETAIL) {
            Some((sentence, detail)) => (sentence.to_owned(), Some(detail.to_owned())),
            None => (n, None),
        };
        html! {
            <div class="notice" role="alert">
                <div>
                    <span>{ sentence }</span>
                    if let Some(detail) = detail {
                        <details class="notice-detail"><summary>{ "Technical details" }</summary><code>{ detail }</code></details>
                    }
                </div>
                <button class="link" onclick={close} aria-label="Dismiss message">{ "Dismiss" }</button>
            </div>
        }
    });
    let previous = state.previous.as_ref().filter(|_| !state.embed).map(|p| {
        let back = ctx.on_click(Action::BringBack);
        let forget = ctx.on_click(Action::ForgetPrevious);
        let steps = p.session.history().len();
        html! {
            <div class="notice previous" role="status">
                <span>{ format!("Your previous session ({}, {steps} step{}) is kept.", p.session.scenario().title, if steps == 1 { "" } else { "s" }) }</span>
                <span class="toolbar">
                    <button class="button small primary" onclick={back}>{ "Bring it back" }</button>
                    <button class="button small" onclick={forget}>{ "Let it go" }</button>
                </span>
            </div>
        }
    });
    if let Some(why) = state.unopened.as_deref().filter(|_| state.embed) {
        return html! {
            <div ref={root} class={classes!("portal", "embed", theme)}>
                <main class="blade-area">{ crate::embed::unopened_card(why) }</main>
            </div>
        };
    }
    if state.embed {
        return html! {
            <ContextProvider<Ctx> context={ctx}>
                <div ref={root} class={classes!("portal", "embed", theme, state.shell.is_some().then_some("shell-open"))}>
                    <TopBar />
                    <crate::embed::EmbedBar />
                    { notice }
                    <main class="blade-area">
                        <Coach />
                        <BladeView />
                    </main>
                    <Toast />
                    { shell_pane() }
                </div>
            </ContextProvider<Ctx>>
        };
    }
    html! {
        <ContextProvider<Ctx> context={ctx}>
            <div ref={root} class={classes!("portal", theme, state.shell.is_some().then_some("shell-open"))}>
                <button class="button primary skip-link" onclick={skip}>{ "Skip to content" }</button>
                <TopBar />
                <div class="portal-body">
                    { nav }
                    <main class="blade-area">
                        { notice }
                        { previous }
                        <Coach />
                        <BladeView />
                    </main>
                    <Toast />
                </div>
                { shell_pane() }
            </div>
        </ContextProvider<Ctx>>
    }
}

/// The Cloud Shell pane (it renders nothing while closed).
#[cfg(feature = "console")]
fn shell_pane() -> Html {
    html! { <crate::components::cloud_shell::CloudShell /> }
}

#[cfg(not(feature = "console"))]
fn shell_pane() -> Html {
    Html::default()
}
