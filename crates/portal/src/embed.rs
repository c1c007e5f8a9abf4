//! The host contract of an embed (SPEC §12): what it tells the page around it (`mua:ready`,
//! `mua:resize`, `mua:step`, posted to `window.parent`), what that page may ask of it (`mua:next`,
//! `mua:goto`, `mua:theme`, `mua:as`), and what a read-only embed refuses. The messages carry no
//! secret, so they go to any origin; commands are taken only from the parent window.

use serde_json::{json, Value};
use yew::prelude::*;

use crate::state::{Action, AppState, Source, Theme};

/// The action a host's message asks for; `None` for anything else (unknown messages are ignored).
pub fn host_command(message: &Value) -> Option<Action> {
    let action = match message.get("type")?.as_str()? {
        "mua:next" => Action::TourNext,
        "mua:goto" => Action::GotoStep(usize::try_from(message.get("step")?.as_u64()?).ok()?),
        "mua:theme" => Action::SetTheme(Theme::from_key(message.get("theme")?.as_str()?)?),
        "mua:as" => Action::SwitchPersona(message.get("principal")?.as_str()?.to_owned()),
        _ => return None,
    };
    Some(Action::Host(Box::new(action)))
}

/// `mua:ready`: the engine's version, the scenario (its gallery name, else its title), its title
/// and how many steps have run.
pub fn ready(s: &AppState) -> Value {
    let title = &s.session.scenario().title;
    let scenario = match &s.source {
        Source::Gallery(name) => name.as_str(),
        Source::Custom => title.as_str(),
    };
    json!({ "type": "mua:ready", "version": mua_core::VERSION, "scenario": scenario, "title": title,
            "step": s.session.history().len(), "error": s.unopened })
}

/// `mua:step` for the history's entry `index`: who, what, and how it ended (`ok` or `refused` with
/// the code); `step` is how many steps have run with it (a link's `step=`).
pub fn step(s: &AppState, index: usize) -> Option<Value> {
    let recorded = s.session.history().get(index)?;
    let ended = recorded.result.as_expect();
    let code = match ended {
        mua_core::scenario::Expect::Ok => Value::Null,
        mua_core::scenario::Expect::Refused(code) => Value::from(code.as_str()),
    };
    Some(json!({
        "type": "mua:step", "index": index, "step": index + 1, "as": recorded.action.actor(),
        "action": recorded.action.name(), "outcome": if code.is_null() { "ok" } else { "refused" }, "code": code,
    }))
}

/// Posts a message to the page around this one (nothing when the page is not in a frame).
fn post(message: &Value) {
    let window = gloo::utils::window();
    let Ok(Some(parent)) = window.parent() else { return };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    if let Ok(data) = js_sys::JSON::parse(&message.to_string()) {
        let _ = parent.post_message(&data, "*");
    }
}

/// The contract, for an embed: `mua:ready` once started, `mua:resize` whenever the content's
/// height changes, `mua:step` after each step, and the host's commands dispatched.
#[hook]
pub fn use_host_contract(state: &UseReducerHandle<AppState>, dispatch: &Callback<Action>, root: &NodeRef) {
    let on = state.embed;
    {
        // The host's commands, from the parent window only.
        let dispatch = dispatch.clone();
        use_effect_with(on, move |&on| {
            let listener = on.then(|| {
                let window = gloo::utils::window();
                gloo::events::EventListener::new(&window, "message", move |event| {
                    use wasm_bindgen::JsCast;
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                    let parent = gloo::utils::window().parent().ok().flatten();
                    let from_parent = match (event.source(), parent) {
                        (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
                        _ => false,
                    };
                    let text = js_sys::JSON::stringify(&event.data()).ok().and_then(|t| t.as_string());
                    let message = text.and_then(|t| serde_json::from_str::<Value>(&t).ok());
                    if let Some(action) = message.filter(|_| from_parent).as_ref().and_then(host_command) {
                        dispatch.emit(action);
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        // The content's height, whenever it changes (a blade, a result, a loaded module).
        let root = root.clone();
        use_effect_with(on, move |&on| {
            let observer = on.then(|| observe_height(&root)).flatten();
            move || {
                if let Some((observer, _)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    {
        // Ready once, then each new step.
        let posted = use_mut_ref(|| None::<usize>);
        let state = state.clone();
        use_effect_with(state.revision, move |_| {
            if !state.embed {
                return;
            }
            let len = state.session.history().len();
            let mut posted = posted.borrow_mut();
            match *posted {
                None => post(&ready(&state)),
                Some(before) if len > before => (before..len).filter_map(|i| step(&state, i)).for_each(|m| post(&m)),
                _ => {}
            }
            *posted = Some(len);
        });
    }
}

/// The embed's own line: *Read-only* when it is, the engine's version, and *Open in MUA
/// Playground*: the session on screen as an editable copy in a new tab.
#[function_component(EmbedBar)]
pub fn embed_bar() -> Html {
    let ctx = crate::context::use_ctx();
    let link = crate::hooks::use_share_link().and_then(Result::ok);
    html! {
        <div class="embed-bar">
            if ctx.state.readonly {
                <span class="chip on" title="Nothing in this embed can be changed">{ "Read-only" }</span>
            }
            <span class="muted small">{ format!("MUA Playground {}", mua_core::VERSION) }</span>
            <a class="button small" href={link.clone()} target="_blank" rel="noopener" aria-disabled={crate::util::flag(link.is_none())}>
                { "Open in MUA Playground ↗" }
            </a>
        </div>
    }
}

/// What an embed could not open, in its frame: the sentence, and the detail behind a disclosure.
pub fn unopened_card(why: &str) -> Html {
    let (sentence, detail) = why.split_once(crate::state::DETAIL).unwrap_or((why, ""));
    html! {
        <div class="card error-card" role="alert">
            <h1 class="blade-title" id="blade-title" tabindex="-1">{ "This embed could not open" }</h1>
            <p>{ sentence }</p>
            if !detail.is_empty() {
                <details class="notice-detail"><summary>{ "Technical details" }</summary><code>{ detail }</code></details>
            }
            <p class="muted small">{ format!("MUA Playground {}", mua_core::VERSION) }</p>
        </div>
    }
}

type Observer = (web_sys::ResizeObserver, wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>);

/// A `ResizeObserver` on the embed's root that posts `mua:resize` with its height.
fn observe_height(root: &NodeRef) -> Option<Observer> {
    use wasm_bindgen::JsCast;
    let element = root.cast::<web_sys::HtmlElement>()?;
    let measured = element.clone();
    let last = std::cell::Cell::new(-1.0);
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| {
        let height = measured.get_bounding_client_rect().height().ceil();
        if height != last.replace(height) {
            post(&json!({ "type": "mua:resize", "height": height }));
        }
    });
    let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some((observer, closure))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_hosts_commands_are_read_and_anything_else_is_ignored() {
        let host = |a: Action| Some(Action::Host(Box::new(a)));
        assert_eq!(host_command(&json!({"type": "mua:next"})), host(Action::TourNext));
        assert_eq!(host_command(&json!({"type": "mua:goto", "step": 6})), host(Action::GotoStep(6)));
        assert_eq!(host_command(&json!({"type": "mua:theme", "theme": "dark"})), host(Action::SetTheme(Theme::Dark)));
        assert_eq!(
            host_command(&json!({"type": "mua:as", "principal": "sara"})),
            host(Action::SwitchPersona("sara".into()))
        );
        for ignored in [
            json!({"type": "mua:goto", "step": -1}),
            json!({"type": "mua:theme", "theme": "sepia"}),
            json!({"type": "mua:reset"}),
            json!({"type": 3}),
            json!("mua:next"),
        ] {
            assert_eq!(host_command(&ignored), None, "{ignored}");
        }
    }

    #[test]
    fn a_read_only_session_refuses_changes_but_lets_the_person_look_and_the_host_drive() {
        use yew::Reducible;
        let mut state = AppState::from_gallery("pim-jit-approve").unwrap();
        state.readonly = true;
        let state = std::rc::Rc::new(state);
        let refused = state.clone().reduce(Action::TourNext);
        assert!(refused.session.history().is_empty());
        assert_eq!(refused.notice.as_deref(), Some(crate::state::READ_ONLY));
        let looked = state.clone().reduce(Action::Navigate(crate::state::Blade::Activity));
        assert_eq!(looked.blade, crate::state::Blade::Activity);
        assert_eq!(looked.notice, None);
        // The host's next step runs, and the embed stays read-only.
        let driven = state.clone().reduce(host_command(&json!({"type": "mua:next"})).unwrap());
        assert_eq!(driven.session.history().len(), 1);
        assert!(driven.readonly);
        let gone = driven.reduce(host_command(&json!({"type": "mua:goto", "step": 3})).unwrap());
        assert_eq!(gone.session.history().len(), 3);
        assert_eq!(step(&gone, 2).unwrap()["step"], 3);
        assert_eq!(ready(&gone)["scenario"], "pim-jit-approve");
    }
}
