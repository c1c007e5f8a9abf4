//! The blades a first visit does not need at once — Privileged Identity Management, Microsoft Entra
//! ID, Subscriptions, Resource groups, Access control (IAM), Topology, Timeline, Security posture,
//! Activity log, Azure Lighthouse and Scenarios — as a module of their own: the site (built with the `split` feature)
//! loads it the first time one of them opens, as it loads Cloud Shell's ([`crate::shell_code`]).
//! The page's own download stays within its budget (README: Size); other builds compile them in.

use yew::prelude::*;

use crate::context::{use_ctx, Ctx};
use crate::state::Blade;

/// The blades' view: draws one of them.
type View = fn(&Ctx, &Blade) -> Html;

/// The view, from the module it is split into.
#[cfg(feature = "split")]
#[wasm_split_helpers::wasm_split(views, fallible)]
fn split_view() -> Result<View, wasm_split_helpers::SplitLoaderError> {
    Ok(super::lazy_blade)
}

#[cfg(feature = "split")]
thread_local! {
    /// The view, once its module is loaded.
    static VIEW: std::cell::Cell<Option<View>> = const { std::cell::Cell::new(None) };
}

/// The view, once loaded (always, in a build without the split).
fn view() -> Option<View> {
    #[cfg(feature = "split")]
    return VIEW.with(std::cell::Cell::get);
    #[cfg(not(feature = "split"))]
    return Some(super::lazy_blade);
}

/// Loads the view's module (once; later calls return at once). A failed load says so, and a later
/// call tries again.
async fn load() -> Result<(), String> {
    #[cfg(feature = "split")]
    if VIEW.with(std::cell::Cell::get).is_none() {
        let view = split_view().await.map_err(|_| LOAD_FAILED.to_owned())?;
        VIEW.with(|v| v.set(Some(view)));
    }
    Ok(())
}

#[cfg(feature = "split")]
const LOAD_FAILED: &str = "This blade could not be loaded: check the connection and try again.";

#[derive(Properties, PartialEq)]
pub struct LazyProps {
    pub blade: Blade,
    /// Only a part of a blade (a tab's body, such as Access control): while loading it says so in
    /// a line, under the blade's own heading.
    #[prop_or_default]
    pub part: bool,
}

/// One of the blades of the split module: drawn once the module is loaded; until then its title
/// says it is loading, and a failed load says so with *Try again*.
#[function_component(LazyBlade)]
pub fn lazy_blade(p: &LazyProps) -> Html {
    let ctx = use_ctx();
    let loaded = use_state(|| view().is_some());
    let failed = use_state(|| None::<String>);
    let attempt = use_state(|| 0_u32);
    {
        let (loaded, failed) = (loaded.clone(), failed.clone());
        use_effect_with(*attempt, move |_| {
            if !*loaded {
                yew::platform::spawn_local(async move {
                    match load().await {
                        Ok(()) => loaded.set(true),
                        Err(why) => failed.set(Some(why)),
                    }
                });
            }
        });
    }
    // The loaded blade replaces the "Loading…" heading: the focus it held goes to the new heading
    // (only while the person is in the page, as after any navigation).
    use_effect_with(*loaded, |&loaded| {
        let document = gloo::utils::document();
        let lost = document.active_element().is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
        if loaded && lost && document.has_focus().unwrap_or(false) {
            use wasm_bindgen::JsCast;
            if let Some(h) =
                document.get_element_by_id("blade-title").and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = h.focus();
            }
        }
    });
    if let Some(view) = view().filter(|_| *loaded) {
        return view(&ctx, &p.blade);
    }
    let retry = {
        let (failed, attempt) = (failed.clone(), attempt.clone());
        Callback::from(move |_: MouseEvent| {
            failed.set(None);
            attempt.set(*attempt + 1);
        })
    };
    if p.part {
        return html! {
            <div aria-busy={crate::util::flag(failed.is_none())}>
                <p class={if failed.is_some() { "error-text" } else { "muted" }} role="status">{ (*failed).clone().unwrap_or_else(|| "Loading…".to_owned()) }</p>
                if failed.is_some() { <button class="button" onclick={retry}>{ "Try again" }</button> }
            </div>
        };
    }
    html! {
        <section class="blade" aria-labelledby="blade-title" aria-busy={crate::util::flag(failed.is_none())}>
            <h1 id="blade-title" class="blade-title" tabindex="-1">{ if failed.is_some() { "Not loaded" } else { "Loading…" } }</h1>
            if let Some(why) = (*failed).clone() {
                <p class="error-text" role="alert">{ why }</p>
                <button class="button" onclick={retry}>{ "Try again" }</button>
            }
        </section>
    }
}
