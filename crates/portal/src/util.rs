//! Small helpers shared by the components.

use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The `value` of the input, select or textarea an event came from.
pub fn value_of(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The `checked` state of the checkbox an event came from.
pub fn checked_of(e: &Event) -> bool {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("checked")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A time as the portal shows it: `2026-01-05 09:00 UTC`.
pub use mua_core::duration::{clock, day, when};

/// A `data:` URL for a download.
pub fn data_url(mime: &str, text: &str) -> String {
    format!("data:{mime};charset=utf-8,{}", percent_encode(text))
}

/// Text from the core, whose `backtick-quoted` parts are handles or technical strings: a handle
/// shows as the name a person knows (`Security`, with the handle as its tooltip), an action or an
/// ARM id as code, anything else as it is. No backtick reaches the screen.
pub fn rich(world: &mua_core::World, text: &str) -> Html {
    let quoted = |part: &str| {
        let name = world.name_of(part);
        if name != part {
            html! { <span class="name" title={part.to_owned()}>{ name.to_owned() }</span> }
        } else if part.contains('/') {
            arm_id(part)
        } else {
            html! { { part.to_owned() } }
        }
    };
    html! {
        <>{ for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 { quoted(part) } else { html! { { part } } }) }</>
    }
}

/// An ARM id as code that wraps at its `/` separators.
pub fn arm_id(id: &str) -> Html {
    html! {
        <code class="arm-id">{ for id.split_inclusive('/').map(|part| html! { <>{ part }<wbr /></> }) }</code>
    }
}

/// A label above its control (a plain function, not a component: one per form field adds up).
pub fn field(label: &'static str, id: &'static str, control: Html) -> Html {
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            { control }
        </div>
    }
}

/// A tab of a tab bar: marked when it is the one shown.
pub fn tab(label: &'static str, on: bool, onclick: Callback<MouseEvent>) -> Html {
    html! { <button type="button" role="tab" class={classes!("tab", on.then_some("active"))} aria-selected={flag(on)} {onclick}>{ label }</button> }
}

/// A tab that shows `value` of a blade's own state (a tab bar inside a blade).
pub fn state_tab<T: Copy + PartialEq + 'static>(state: &UseStateHandle<T>, label: &'static str, value: T) -> Html {
    let on = **state == value;
    let state = state.clone();
    tab(label, on, Callback::from(move |_: MouseEvent| state.set(value)))
}

/// A boolean ARIA state (`aria-expanded`, `aria-selected`…) as its attribute text, a constant
/// string rather than a `String` made on every render.
pub fn flag(on: bool) -> &'static str {
    if on {
        "true"
    } else {
        "false"
    }
}

/// Decodes `%XX` escapes (UTF-8; a broken escape is kept as it is, a bad byte becomes U+FFFD).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Everything but the unreserved characters of RFC 3986 is escaped.
const ESCAPED: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Encodes everything but unreserved characters as `%XX` (URL-safe in a query or fragment).
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, ESCAPED).to_string()
}

/// The CSS class of a posture check's status.
pub fn posture_class(status: mua_core::posture::Status) -> &'static str {
    match status {
        mua_core::posture::Status::Pass => "pass",
        mua_core::posture::Status::Warn => "warn",
        mua_core::posture::Status::Fail => "fail",
    }
}
