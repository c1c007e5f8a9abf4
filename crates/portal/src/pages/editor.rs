//! The Scenarios blade's editor (SPEC §13): a scenario file's text with line numbers, checked by
//! the core as the person types (`scenario_file::check`, a moment after the last key), every
//! problem listed at its line and column — a click puts the cursor there — and *Run* to load it.
//! A gallery scenario or the current session opens in it as a starting point.
//!
//! A plain textarea with a line-number gutter beside it, rather than an editor component: the
//! checking is the core's, and the textarea keeps the browser's own editing, undo, search and
//! accessibility for no download (measured against the Scenarios blade's module in README: Size).

use gloo::timers::callback::Timeout;
use mua_core::scenario::Problem;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::context::use_ctx;
use crate::state::{Action, GALLERY};

/// How long after the last key the text is checked.
const CHECK_AFTER_MS: u32 = 300;

/// What the checking says of the text.
#[derive(Clone, PartialEq)]
enum Checked {
    /// Nothing typed yet.
    Empty,
    /// Being checked (Cloud Shell's code is loading for a file with console steps).
    Checking,
    /// Every problem found.
    Problems(Vec<Problem>),
}

/// The index, in UTF-16 code units (a textarea's selection), of a line and column (1-based, the
/// column in characters) of `text`.
fn utf16_offset(text: &str, line: usize, column: usize) -> u32 {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[line_start.min(text.len())..];
    let in_line: usize =
        rest.chars().take(column.saturating_sub(1)).take_while(|c| *c != '\n').map(char::len_utf8).sum();
    let upto = &text[..(line_start + in_line).min(text.len())];
    u32::try_from(upto.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The editor.
#[function_component(ScenarioEditor)]
pub fn scenario_editor() -> Html {
    let ctx = use_ctx();
    let text = use_state(String::new);
    let checked = use_state(|| Checked::Empty);
    let pending = use_mut_ref(|| None::<Timeout>);
    let area = use_node_ref();
    let gutter = use_node_ref();
    let chosen = use_state(|| GALLERY.first().map_or(String::new(), |g| g.name.to_owned()));

    // Checks the text a moment after it last changed (replacing the pending check cancels it).
    let check = {
        let (checked, pending) = (checked.clone(), pending.clone());
        Callback::from(move |value: String| {
            if value.trim().is_empty() {
                *pending.borrow_mut() = None;
                checked.set(Checked::Empty);
                return;
            }
            checked.set(Checked::Checking);
            let checked = checked.clone();
            *pending.borrow_mut() = Some(Timeout::new(CHECK_AFTER_MS, move || {
                yew::platform::spawn_local(async move {
                    // Console steps are read by Cloud Shell's code: loaded first where the text has some.
                    let _ = crate::shell_code::load_for(&value).await;
                    checked.set(Checked::Problems(mua_core::scenario_file::check(&value)));
                });
            }));
        })
    };
    let open = {
        let (text, check) = (text.clone(), check.clone());
        Callback::from(move |value: String| {
            text.set(value.clone());
            check.emit(value);
        })
    };
    let on_input = {
        let open = open.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok()) {
                open.emit(t.value());
            }
        })
    };
    // The gutter scrolls with the text.
    let on_scroll = {
        let (area, gutter) = (area.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(a), Some(g)) = (area.cast::<HtmlTextAreaElement>(), gutter.cast::<web_sys::HtmlElement>()) {
                g.set_scroll_top(a.scroll_top());
            }
        })
    };
    let open_session = {
        let (open, state) = (open.clone(), ctx.state.clone());
        Callback::from(move |_: MouseEvent| open.emit(crate::snapshot::export(&state)))
    };
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                chosen.set(s.value());
            }
        })
    };
    let open_gallery = {
        let (open, chosen, dispatch) = (open.clone(), chosen.clone(), ctx.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (open, name, dispatch) = (open.clone(), (*chosen).clone(), dispatch.clone());
            yew::platform::spawn_local(async move {
                match crate::snapshot::fetch_gallery(&name).await.and_then(|()| crate::state::gallery_text(&name)) {
                    Ok(t) => open.emit(t.to_string()),
                    Err(why) => {
                        dispatch.emit(Action::Notify(crate::state::notice("The scenario could not be opened.", &why)))
                    }
                }
            });
        })
    };
    let run = {
        let (text, dispatch) = (text.clone(), ctx.dispatch.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (value, dispatch) = ((*text).clone(), dispatch.clone());
            yew::platform::spawn_local(async move {
                dispatch.emit(match crate::shell_code::load_for(&value).await {
                    Ok(()) => Action::LoadJson(value),
                    Err(why) => Action::Notify(crate::state::notice("The scenario could not be run.", &why)),
                });
            });
        })
    };
    let go_to = |p: &Problem| {
        let (area, value) = (area.clone(), (*text).clone());
        let position = p.position;
        Callback::from(move |_: MouseEvent| {
            let (Some(a), Some(at)) = (area.cast::<HtmlTextAreaElement>(), position) else { return };
            let offset = utf16_offset(&value, at.line, at.column);
            let _ = a.focus();
            let _ = a.set_selection_range(offset, offset);
        })
    };

    let lines = text.matches('\n').count() + 1;
    let numbers: String = (1..=lines).map(|n| format!("{n}\n")).collect();
    let problems: &[Problem] = match &*checked {
        Checked::Problems(p) => p,
        _ => &[],
    };
    let status = match &*checked {
        Checked::Empty => "Open a scenario or the session, or paste one; it is checked as you type.".to_owned(),
        Checked::Checking => "Checking…".to_owned(),
        Checked::Problems(p) if p.is_empty() => "No problems: Run loads it.".to_owned(),
        Checked::Problems(p) if p.len() == 1 => "1 problem (line:column):".to_owned(),
        Checked::Problems(p) => format!("{} problems (line:column):", p.len()),
    };
    let runnable = matches!(&*checked, Checked::Problems(p) if p.is_empty());
    html! {
        <form class="form editor" onsubmit={run}>
            <div class="toolbar">
                <button type="button" class="button" onclick={open_session}>{ "Open the current session" }</button>
                <label class="editor-pick">
                    <span>{ "Gallery scenario" }</span>
                    <select onchange={on_choose} aria-label="Gallery scenario to open">
                        { for GALLERY.iter().map(|g| html! { <option value={g.name} selected={*chosen == g.name}>{ g.title }</option> }) }
                    </select>
                </label>
                <button type="button" class="button" onclick={open_gallery}>{ "Open" }</button>
            </div>
            <label for="scenario-text" class="field-label">{ "Scenario JSON" }</label>
            <div class="editor-frame">
                <pre class="editor-gutter" ref={gutter.clone()} aria-hidden="true">{ numbers }</pre>
                <textarea id="scenario-text" ref={area.clone()} class="code-input editor-text" rows="16" spellcheck="false"
                          autocomplete="off" autocapitalize="off" wrap="off" aria-describedby="editor-status"
                          value={(*text).clone()} oninput={on_input} onscroll={on_scroll} />
            </div>
            <p id="editor-status" class={classes!("small", (!problems.is_empty()).then_some("error-text"))} aria-live="polite">{ status }</p>
            if !problems.is_empty() {
                <ul class="editor-problems">
                    { for problems.iter().map(|p| {
                        let place = p.position.map_or(String::new(), |at| format!("{}:{}", at.line, at.column));
                        let what = if p.at.starts_with("line ") { p.message.clone() } else { format!("{}: {}", p.at, p.message) };
                        html! { <li>
                            <button type="button" class="link mono" onclick={go_to(p)} aria-label={format!("Go to line {place}")}>{ place }</button>
                            { " " }{ what }
                        </li> }
                    }) }
                </ul>
            }
            <div class="toolbar">
                <button class="button primary" type="submit" disabled={!runnable}>{ "Run" }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::utf16_offset;

    #[test]
    fn a_line_and_column_is_a_textarea_offset() {
        let text = "{\n  \"a\": \"é€𝄞\", \"b\": 1\n}";
        assert_eq!(utf16_offset(text, 1, 1), 0);
        assert_eq!(utf16_offset(text, 2, 3), 4);
        // After é (1 unit), € (1) and 𝄞 (2): the column counts characters, the offset UTF-16 units.
        assert_eq!(utf16_offset(text, 2, 14), 16);
        assert_eq!(utf16_offset(text, 3, 1), 24);
        // Past the end of a line or of the text: its end.
        assert_eq!(utf16_offset(text, 1, 9), 1);
        assert_eq!(utf16_offset(text, 9, 1), 25);
    }
}
