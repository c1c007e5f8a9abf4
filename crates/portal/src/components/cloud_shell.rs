//! Cloud Shell: the bottom pane where the person types the seeds' az and PowerShell lines as the
//! persona (SPEC §10). It renders the session's console steps of this persona and shell (the
//! lines, what the tool printed) and sends what is typed to the core as one more step; the core
//! reads and runs it, so the blades show what a line did at once and the line is in the session
//! history (share link, export, tour). Enter runs the text (Shift+Enter adds a line), ↑/↓ recall
//! the persona's earlier lines in this shell, Tab completes command and parameter names from the
//! core's tables (`mua_core::console::complete`), Escape leaves the line. A refused line shows its
//! error as the tool prints it, and *Explain* opens the same explanation as a refused click.

use mua_core::scenario::{Shell, StepAction, StepResult};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::context::use_ctx;
use crate::state::Action;

/// The tab's label and the prompt of a shell for a user name.
fn labels(shell: Shell, user: &str) -> (&'static str, String) {
    match shell {
        Shell::Az => ("Bash (az)", format!("{user}@Azure:~$")),
        Shell::Pwsh => ("PowerShell", format!("PS /home/{user}>")),
    }
}

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

/// The pane's state, which its view shows and its handlers change.
pub struct Pane {
    ctx: crate::context::Ctx,
    shell: Shell,
    draft: UseStateHandle<String>,
    // Which earlier line ↑/↓ shows (an index into the persona's lines); `None` while typing a new one.
    recall: UseStateHandle<Option<usize>>,
    // What the last Tab offered, when it could not choose.
    offered: UseStateHandle<Vec<String>>,
    // Why Cloud Shell's code did not load.
    failed: UseStateHandle<Option<String>>,
    log: NodeRef,
    input: NodeRef,
}

/// The persona's console steps in a shell: their index in the history, their text, the step.
fn entries<'a>(
    s: &'a crate::state::AppState,
    actor: &'a str,
    shell: Option<Shell>,
) -> impl Iterator<Item = (usize, &'a str, &'a mua_core::session::Recorded)> + 'a {
    s.session.history().iter().enumerate().filter_map(move |(i, r)| match &r.action {
        StepAction::Console { actor: a, shell: sh, text } if a == actor && Some(*sh) == shell => {
            Some((i, text.as_str(), &**r))
        }
        _ => None,
    })
}

/// The pane while Cloud Shell's code loads, or after it failed to: what is happening, Try again.
fn waiting(p: &Pane) -> Html {
    let close = p.ctx.on_click(Action::OpenShell(None));
    let retry = {
        let failed = p.failed.clone();
        Callback::from(move |_: MouseEvent| failed.set(None))
    };
    html! {
        <section class="cloud-shell" aria-label="Cloud Shell">
            <div class="shell-bar">
                <strong class="shell-title">{ "Cloud Shell" }</strong>
                <span class="spacer" />
                <button class="icon-button shell-close" aria-label="Close Cloud Shell" onclick={close}>{ "✕" }</button>
            </div>
            <div class="shell-log" role="log" aria-label="Console output">
                if let Some(why) = &*p.failed {
                    <p class="shell-note shell-failed" role="alert">{ why.clone() }
                        <button class="link small" onclick={retry}>{ "Try again" }</button></p>
                } else {
                    <p class="shell-note">{ "Requesting a Cloud Shell…" }</p>
                }
            </div>
            <div class="shell-input">
                <label class="shell-prompt" for="shell-input">{ labels(p.shell, &p.ctx.state.actor).1 }</label>
                <textarea id="shell-input" rows="1" disabled=true aria-label={format!("{} command line", labels(p.shell, "").0)} />
            </div>
        </section>
    }
}

/// The pane once Cloud Shell's code is loaded (it is part of that code: `shell_code`).
pub fn view(p: &Pane) -> Html {
    let Pane { ctx, shell, draft, recall, offered, log, input, .. } = p;
    let (ctx, shell, log, input) = (ctx.clone(), *shell, log.clone(), input.clone());
    let s = &ctx.state;
    let actor = s.actor.clone();
    let entries: Vec<_> = entries(s, &actor, Some(shell)).collect();
    let lines: Vec<String> = entries.iter().map(|(_, text, _)| (*text).to_owned()).collect();
    let (_, prompt) = labels(shell, &actor);
    let on_input = {
        let (draft, recall) = (draft.clone(), recall.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                draft.set(t.value());
                recall.set(None);
            }
        })
    };
    let on_key = {
        let (draft, recall, offered, dispatch) = (draft.clone(), recall.clone(), offered.clone(), ctx.dispatch.clone());
        let log = log.clone();
        Callback::from(move |e: KeyboardEvent| {
            let caret_line = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                .and_then(|t| t.selection_start().ok().flatten())
                .map(|caret| draft.chars().take(caret as usize).filter(|c| *c == '\n').count());
            let last_line = draft.matches('\n').count();
            match e.key().as_str() {
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    if !draft.trim().is_empty() {
                        dispatch.emit(Action::TypeIn(shell, (*draft).clone()));
                    }
                    draft.set(String::new());
                    recall.set(None);
                    offered.set(Vec::new());
                }
                // ↑ on the first line of the text recalls the line before; ↓ on its last line the next.
                "ArrowUp" if caret_line.unwrap_or(0) == 0 && !lines.is_empty() => {
                    e.prevent_default();
                    let i = recall.map_or(lines.len() - 1, |i| i.saturating_sub(1));
                    draft.set(lines[i].clone());
                    recall.set(Some(i));
                }
                "ArrowDown" if caret_line.unwrap_or(last_line) == last_line && recall.is_some() => {
                    e.prevent_default();
                    match recall.map(|i| i + 1).filter(|i| *i < lines.len()) {
                        Some(i) => {
                            draft.set(lines[i].clone());
                            recall.set(Some(i));
                        }
                        None => {
                            draft.set(String::new());
                            recall.set(None);
                        }
                    }
                }
                // Tab completes what is typed; on an empty line it moves the focus on, as everywhere.
                "Tab" if !e.shift_key() && !draft.trim().is_empty() => {
                    e.prevent_default();
                    let Some(engine) = mua_core::console::engine() else { return };
                    let completion = (engine.complete)(shell, &draft);
                    let completed = completion.apply(&draft);
                    if completed == *draft {
                        offered.set(completion.candidates);
                    } else {
                        draft.set(completed);
                        offered.set(Vec::new());
                    }
                }
                // Escape closes what Tab offered, else clears the line (as a terminal's Ctrl+U);
                // on an empty line it leaves the command line for the output above it, so Tab
                // moves on from there (no keyboard trap).
                "Escape" if !offered.is_empty() => offered.set(Vec::new()),
                "Escape" if !draft.is_empty() => {
                    draft.set(String::new());
                    recall.set(None);
                }
                "Escape" => {
                    if let Some(el) = log.cast::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
                _ => {}
            }
        })
    };
    let tabs = Shell::ALL.iter().map(|&sh| {
        let onclick = ctx.on_click(Action::OpenShell(Some(sh)));
        html! {
            <button role="tab" class={classes!("tab", (sh == shell).then_some("active"))}
                    aria-selected={crate::util::flag(sh == shell)} {onclick}>{ labels(sh, "").0 }</button>
        }
    });
    let close = ctx.on_click(Action::OpenShell(None));
    let who = s.world().display_name(&actor).to_owned();
    let hint = match shell {
        Shell::Az => "az --help lists the commands",
        Shell::Pwsh => "Get-Help lists the cmdlets",
    };
    let rows = draft.matches('\n').count().clamp(0, 7) + 1;
    html! {
        <section class="cloud-shell" aria-label="Cloud Shell">
            <div class="shell-bar">
                <strong class="shell-title">{ "Cloud Shell" }</strong>
                <div class="tabs shell-tabs" role="tablist" aria-label="Shell">{ for tabs }</div>
                <span class="shell-who">{ format!("as {who}") }</span>
                <span class="spacer" />
                <button class="icon-button shell-close" aria-label="Close Cloud Shell" onclick={close}>{ "✕" }</button>
            </div>
            <div class="shell-log" ref={log} role="log" aria-label="Console output" tabindex="0">
                <p class="shell-note">{ format!("Enter runs, Shift+Enter adds a line, ↑/↓ recall, Tab completes, Esc leaves the line; {hint}.") }</p>
                { for entries.iter().map(|(i, text, recorded)| {
                    let refused = matches!(recorded.result, StepResult::Refused(_));
                    let i = *i;
                    let explain = ctx.on_click(Action::ShowStep(i));
                    html! {
                        <div class={classes!("shell-entry", refused.then_some("refused"))}>
                            <pre class="shell-line"><span class="shell-prompt">{ format!("{prompt} ") }</span>{ *text }</pre>
                            if !recorded.output.is_empty() { <pre class="shell-out">{ recorded.output.clone() }</pre> }
                            if refused { <button class="link small" onclick={explain}>{ "Explain" }</button> }
                        </div>
                    }
                }) }
            </div>
            if !offered.is_empty() {
                <pre class="shell-offered" aria-live="polite">{ offered.join("  ") }</pre>
            }
            <div class="shell-input">
                <label class="shell-prompt" for="shell-input">{ prompt.clone() }</label>
                <textarea id="shell-input" ref={input} rows={rows.to_string()} spellcheck="false" autocomplete="off" autocapitalize="off"
                          aria-label={format!("{} command line", labels(shell, "").0)}
                          value={(**draft).clone()} oninput={on_input} onkeydown={on_key} />
            </div>
        </section>
    }
}
