//! The result of the last operation where the person is looking: a portal-style toast (fixed, so
//! it is in view wherever the blade is scrolled) with the Explain panel — the ordered checks, what
//! decided, and what would make it succeed — and, inside the form that sent the command, the error
//! beside its controls with focus moved to it. A refusal that one command would lift (Authenticate
//! to the guard's directory) offers that command right there.

use yew::prelude::*;

use crate::context::{use_ctx, Ctx};
use mua_core::error::Refusal;
use mua_core::scenario::{StepAction, StepResult};
use mua_core::session::Verdict;
use mua_core::Command;

use crate::state::Action;

/// How long a success toast stays before it closes itself (ms). Failures stay until dismissed.
const SUCCESS_TOAST_MS: u32 = 8_000;

/// The toast of the last operation.
#[function_component(Toast)]
pub fn toast() -> Html {
    let ctx = use_ctx();
    let shown = ctx.state.shown;
    // A new result starts with its explanation closed, unless the address asked to explain it
    // (`explain=last`).
    let explain_at = ctx.state.explain_at.filter(|_| shown.is_some());
    let open = use_state(|| explain_at == shown);
    let headline = ctx.state.shown().and_then(|r| ctx.state.session.headline(r));
    {
        let open = open.clone();
        use_effect_with(shown, move |shown| open.set(explain_at == *shown));
    }
    {
        // A success closes itself after a while, unless the person opened its explanation.
        let dispatch = ctx.dispatch.clone();
        let succeeded = headline.as_ref().is_some_and(|h| h.verdict == Verdict::Succeeded);
        let explaining = *open;
        use_effect_with((shown, explaining), move |_| {
            let timer = (succeeded && !explaining).then(|| {
                gloo::timers::callback::Timeout::new(SUCCESS_TOAST_MS, move || dispatch.emit(Action::DismissIf(shown)))
            });
            move || drop(timer)
        });
    }
    let (Some(recorded), Some(headline)) = (ctx.state.shown(), headline) else { return html! {} };
    let (StepAction::Run { actor, .. } | StepAction::Console { actor, .. }) = &recorded.action else { return html! {} };
    // A refused console line prints how its shell sends what is missing (`--tenant-id`, `-Token`);
    // the portal's button for it (*Authenticate*) is for clicks.
    let clicked = matches!(recorded.action, StepAction::Run { .. });
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let dismiss = ctx.on_click(Action::Dismiss);
    let undo = ctx.on_click(Action::Undo);
    // Undo takes back the last step: offer it only while this result is that step.
    let is_last = shown.is_some_and(|i| i + 1 == ctx.state.session.history().len());
    let who = ctx.state.world().display_name(actor).to_owned();
    let (class, body, trace, remedy) = match &recorded.result {
        StepResult::Refused(r) => ("result error", r.message.clone(), &r.trace, r.remedy.as_str()),
        StepResult::Ok(outcome) => {
            let body = match headline.verdict {
                Verdict::Pending => format!("Sent as {who}. The role becomes active when an approver approves it."),
                _ => format!("Done as {who}."),
            };
            let class = if headline.verdict == Verdict::Pending { "result pending" } else { "result ok" };
            (class, body, &outcome.trace, "")
        }
        StepResult::Advanced => return html! {},
    };
    let refusal = match &recorded.result {
        StepResult::Refused(r) => Some(r),
        _ => None,
    };
    html! {
        <section class={classes!("toast", class)} role="status" aria-label="Result of the last operation">
            <div class="result-head">
                <strong class="result-title">{ headline.title }</strong>
                if let Some(r) = refusal { <code class="code">{ r.code.as_str() }</code> }
                <span class="spacer" />
                <button class="link" onclick={toggle} aria-expanded={crate::util::flag(*open)}>
                    { if *open { "Hide explanation" } else { "Explain" } }
                </button>
                if is_last { <button class="link" onclick={undo} aria-label="Undo this step">{ "Undo" }</button> }
                <button class="link" onclick={dismiss} aria-label="Dismiss result">{ "Dismiss" }</button>
            </div>
            <p class="result-body">{ crate::util::rich(ctx.state.world(), &body) }</p>
            if let Some(r) = refusal.filter(|_| clicked) { { fix_button(&ctx, r) } }
            if *open { { explain_panel(&ctx, trace, remedy, refusal) } }
        </section>
    }
}

/// The Explain panel: the ordered checks, what would make it succeed, and Azure's own code where
/// Microsoft documents it (the toast's, and a form's or pane's own).
fn explain_panel(ctx: &Ctx, trace: &mua_core::Trace, remedy: &str, refusal: Option<&Refusal>) -> Html {
    let w = ctx.state.world();
    html! {
        <div class="explain">
            <h3>{ "Checks, in order" }</h3>
            <ol class="checks">
            { for trace.checks().iter().map(|c| html! {
                <li class={if c.passed { "check pass" } else { "check fail" }}>
                    <span class="mark" aria-label={if c.passed { "passed" } else { "failed" }}>{ if c.passed { "✓" } else { "✗" } }</span>
                    <span class="what">{ crate::util::rich(w, &c.what) }</span>
                    <span class="detail">{ crate::util::rich(w, &c.detail) }</span>
                </li>
            }) }
            </ol>
            if !remedy.is_empty() {
                <p class="remedy"><strong>{ "To make it succeed: " }</strong>{ crate::util::rich(w, remedy) }</p>
            }
            <p><button type="button" class="link" onclick={ctx.on_click(Action::Navigate(crate::state::Blade::Topology))}>{ "Show on the map" }</button></p>
            if let Some(r) = refusal {
                <p class="muted small azure-code">{ match r.azure {
                    Some(azure) => html! { <>{ "Azure's code: " }<code>{ azure.code }</code>{ " (" }<a href={azure.source} target="_blank" rel="noopener">{ "where Microsoft documents it" }</a>{ ")" }</> },
                    None => html! { { "This sentence is the simulator's: no public Microsoft source shows Azure's own error for this case." } },
                } }</p>
            }
        </div>
    }
}

/// The button for the command that lifts a refusal (e.g. *Authenticate to Fabrikam Security*).
fn fix_button(ctx: &Ctx, refusal: &Refusal) -> Html {
    let Some(fix) = refusal.fix.as_deref().cloned().map(Command::from) else { return html! {} };
    let label = match &fix {
        Command::Authenticate { tenant } => {
            format!("Authenticate to {}", ctx.state.world().tenants().get(tenant).map_or(tenant.as_str(), |t| &t.name))
        }
        other => other.label().to_owned(),
    };
    let onclick = ctx.on_click(Action::Execute(fix.clone()));
    html! { <div class="toolbar"><button type="button" class="button primary small" {onclick}>{ label }</button></div> }
}

/// Props of [`InlineError`].
#[derive(PartialEq, Properties)]
pub struct InlineErrorProps {
    /// The command names (`enable_mua`, `authenticate`…) whose refusals this form shows.
    pub commands: &'static [&'static str],
}

/// The last result of one of the form's commands since the form opened, inside the form: a
/// refusal with focus moved to it (its fix, and its own *Explain*), or a one-line success. While a
/// context pane is open the toast stays hidden (CSS), so this is where the person sees what
/// happened; a pane opens clean, without an earlier result.
#[function_component(InlineError)]
pub fn inline_error(p: &InlineErrorProps) -> Html {
    let ctx = use_ctx();
    let node = use_node_ref();
    let since = use_state(|| ctx.state.session.history().len());
    let open = use_state(|| false);
    {
        let open = open.clone();
        use_effect_with(ctx.state.shown, move |_| open.set(false));
    }
    let mine = ctx.state.shown.filter(|i| *i >= *since).and_then(|_| ctx.state.shown()).filter(|r| match &r.action {
        StepAction::Run { command, .. } => p.commands.contains(&command.action_name()),
        StepAction::Advance(_) | StepAction::Console { .. } => false,
    });
    let refused = mine.is_some_and(|r| matches!(r.result, StepResult::Refused(_)));
    {
        let node = node.clone();
        use_effect_with((ctx.state.shown, refused), move |&(_, refused)| {
            if refused {
                if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
    let Some(recorded) = mine else { return html! {} };
    match &recorded.result {
        StepResult::Refused(refusal) => {
            let toggle = {
                let open = open.clone();
                Callback::from(move |_: MouseEvent| open.set(!*open))
            };
            html! {
                <div class="inline-error" role="alert" tabindex="-1" ref={node}>
                    <strong>{ crate::util::rich(ctx.state.world(), &refusal.message) }</strong>
                    { " " }<code class="code">{ refusal.code.as_str() }</code>{ " " }
                    <button type="button" class="link" onclick={toggle} aria-expanded={crate::util::flag(*open)}>
                        { if *open { "Hide explanation" } else { "Explain" } }
                    </button>
                    { fix_button(&ctx, refusal) }
                    if *open { { explain_panel(&ctx, &refusal.trace, &refusal.remedy, Some(refusal)) } }
                </div>
            }
        }
        _ => match ctx.state.session.headline(recorded) {
            Some(h) => html! { <p class="inline-ok" role="status">{ "✓ " }{ h.title }</p> },
            None => html! {},
        },
    }
}
