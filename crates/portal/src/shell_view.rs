//! Cloud Shell's view: the pane's lines, output and command line, drawn from the session. It is part
//! of Cloud Shell's code (`shell_code`), which the site loads as a module of its own; the pane in
//! the page (`components::cloud_shell`) holds its state and shows `waiting` until it has loaded.

use mua_core::scenario::{AzPowerShell, Shell, StepAction, StepResult};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Action;

/// The tab's label and the prompt of a shell for a user name.
pub(crate) fn labels(shell: Shell, user: &str) -> (&'static str, String) {
    match shell {
        Shell::Az => ("Bash (az)", format!("{user}@Azure:~$")),
        Shell::Pwsh => ("PowerShell", format!("PS /home/{user}>")),
    }
}

/// The pane's state, which its view shows and its handlers change.
pub struct Pane {
    pub(crate) ctx: crate::context::Ctx,
    pub(crate) shell: Shell,
    pub(crate) draft: UseStateHandle<String>,
    /// Which earlier line ↑/↓ shows (an index into the persona's lines); `None` while typing a new one.
    pub(crate) recall: UseStateHandle<Option<usize>>,
    /// What the last Tab offered, when it could not choose.
    pub(crate) offered: UseStateHandle<Vec<String>>,
    /// Why Cloud Shell's code did not load.
    pub(crate) failed: UseStateHandle<Option<String>>,
    pub(crate) log: NodeRef,
    pub(crate) input: NodeRef,
}

/// The persona's console steps in a shell: their index in the history, their text, the step.
pub(crate) fn entries<'a>(
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
pub(crate) fn waiting(p: &Pane) -> Html {
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
                    let completion = mua_console::complete(shell, &draft);
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
    // The Az PowerShell this person's console has loaded; choosing another types the line that
    // loads it (`Import-Module`), a step of the session like any other.
    let az = (shell == Shell::Pwsh).then(|| mua_console::az_powershell(s.session.consoles(), &actor));
    let on_az = {
        let dispatch = ctx.dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                dispatch.emit(Action::TypeIn(Shell::Pwsh, import_line(&select.value())));
            }
        })
    };
    let hint = match shell {
        Shell::Az => "az --help lists the commands",
        Shell::Pwsh => "Get-Help lists the cmdlets",
    };
    let rows = draft.matches('\n').count().clamp(0, 7) + 1;
    let asks = shell == Shell::Az && mua_console::awaits_answer(s.session.consoles(), &actor);
    html! {
        <section class="cloud-shell" aria-label="Cloud Shell">
            <div class="shell-bar">
                <strong class="shell-title">{ "Cloud Shell" }</strong>
                <div class="tabs shell-tabs" role="tablist" aria-label="Shell">{ for tabs }</div>
                <span class="shell-who">{ format!("as {who}") }</span>
                if let Some(az) = az {
                    <label class="shell-az" title={format!("Az 13: (Get-AzAccessToken).Token is a string. Az 14: a SecureString. Choosing a version types {}", import_line("…"))}>
                        <span class="shell-az-label">{ "Az PowerShell " }</span>
                        <select onchange={on_az} aria-label="Az PowerShell version">
                            { for [AzPowerShell::Az13, AzPowerShell::Az14].iter().map(|v| html! {
                                <option value={v.as_str()} selected={*v == az}>
                                    { format!("Az {}", v.as_str()) }
                                </option>
                            }) }
                        </select>
                    </label>
                }
                <span class="spacer" />
                <button class="icon-button shell-close" aria-label="Close Cloud Shell" onclick={close}>{ "✕" }</button>
            </div>
            <div class="shell-log" ref={log} role="log" aria-label="Console output" tabindex="0">
                <p class="shell-note">{ format!("Enter runs, Shift+Enter adds a line, ↑/↓ recall, Tab completes, Esc leaves the line; {hint}.") }</p>
                { for entries.iter().enumerate().map(|(k, (i, text, recorded))| {
                    let refused = matches!(recorded.result, StepResult::Refused(_));
                    let i = *i;
                    let explain = ctx.on_click(Action::ShowStep(i));
                    // The answer to az's "(y/n):" follows the question, not the shell's prompt.
                    let answer = k > 0 && entries[k - 1].2.output.ends_with(QUESTION_END);
                    html! {
                        <div class={classes!("shell-entry", refused.then_some("refused"))}>
                            <pre class="shell-line">
                                if !answer { <span class="shell-prompt">{ format!("{prompt} ") }</span> }
                                { *text }
                            </pre>
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
                <label class="shell-prompt" for="shell-input">{ if asks { QUESTION_END.to_owned() } else { prompt.clone() } }</label>
                <textarea id="shell-input" ref={input} rows={rows.to_string()} spellcheck="false" autocomplete="off" autocapitalize="off"
                          aria-label={format!("{} command line", labels(shell, "").0)}
                          value={(**draft).clone()} oninput={on_input} onkeydown={on_key} />
            </div>
        </section>
    }
}

/// How az's confirmation question ends; what the person types next answers it.
const QUESTION_END: &str = "(y/n):";

/// The version of Az a choice of the picker loads.
fn import_version(az: AzPowerShell) -> &'static str {
    match az {
        AzPowerShell::Az13 => "13.0.0",
        AzPowerShell::Az14 => "14.0.0",
    }
}

/// The line that loads a major version of Az (`"13"`, `"14"`), as the picker types it.
fn import_line(major: &str) -> String {
    let version: &str = match AzPowerShell::parse(major) {
        Some(az) => import_version(az),
        None => major,
    };
    format!("Import-Module Az -RequiredVersion {version}")
}
