//! Cloud Shell: the bottom pane where the person types the seeds' az and PowerShell lines as the
//! persona (SPEC §10). It renders the session's console steps of this persona and shell (the
//! lines, what the tool printed) and sends what is typed to the core as one more step; the core
//! reads and runs it, so the blades show what a line did at once and the line is in the session
//! history (share link, export, tour). Enter runs the text (Shift+Enter adds a line), ↑/↓ recall
//! the persona's earlier lines in this shell, Tab completes command and parameter names from the
//! core's tables (`mua_console::complete`), Escape leaves the line. A refused line shows its
//! error as the tool prints it, and *Explain* opens the same explanation as a refused click.

use yew::prelude::*;

use crate::context::use_ctx;
use crate::shell_view::{entries, waiting, Pane};

/// The Cloud Shell pane, while it is open.
#[function_component(CloudShell)]
pub fn cloud_shell() -> Html {
    let ctx = use_ctx();
    let draft = use_state(String::new);
    // Which earlier line ↑/↓ shows (an index into `lines`); `None` while typing a new one.
    let recall = use_state(|| None::<usize>);
    // What the last Tab offered, when it could not choose.
    let offered = use_state(Vec::<String>::new);
    let log = use_node_ref();
    let s = &ctx.state;
    let actor = s.actor.clone();
    let shell = s.shell;
    let shown = entries(s, &actor, shell).count();
    {
        // The newest output in view.
        let log = log.clone();
        use_effect_with((shown, shell), move |_| {
            if let Some(el) = log.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
    // The console's code is a module of its own, loaded the first time the pane opens (as the
    // Azure portal requests its Cloud Shell when it is opened); until then the command line waits.
    let loaded = use_state(|| crate::shell_code::view().is_some());
    let failed = use_state(|| None::<String>);
    {
        let (loaded, failed) = (loaded.clone(), failed.clone());
        use_effect_with((shell.is_some(), *loaded, failed.is_some()), move |&(open, is_loaded, has_failed)| {
            if open && !is_loaded && !has_failed {
                yew::platform::spawn_local(async move {
                    match crate::shell_code::load().await {
                        Ok(()) => loaded.set(true),
                        Err(why) => failed.set(Some(why)),
                    }
                });
            }
        });
    }
    let input = use_node_ref();
    {
        // Opening the pane, or another shell, puts the cursor on its command line.
        let input = input.clone();
        use_effect_with((shell, *loaded), move |_| {
            if let Some(el) = input.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let Some(shell) = shell else { return html! {} };
    let pane = Pane { ctx: ctx.clone(), shell, draft, recall, offered, failed, log, input };
    match crate::shell_code::view() {
        Some(view) => view(&pane),
        None => waiting(&pane),
    }
}
