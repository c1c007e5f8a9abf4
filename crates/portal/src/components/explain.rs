//! The result of the last operation: a portal-like banner and the Explain panel with the ordered
//! checks, what decided, and what would make it succeed.

use yew::prelude::*;

use crate::context::use_ctx;
use mua_core::scenario::{StepAction, StepResult};

use crate::state::Action;

/// The banner under the top bar.
#[function_component(ResultBanner)]
pub fn result_banner() -> Html {
    let ctx = use_ctx();
    let open = use_state(|| false);
    let Some(shown) = ctx.state.shown() else { return html! {} };
    let StepAction::Run { actor, command } = &shown.action else { return html! {} };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let dismiss = ctx.dispatch.reform(|_: MouseEvent| Action::Dismiss);
    let who = ctx.state.world().display_name(actor).to_owned();
    let label = command.label();
    let (class, title, body, trace, remedy, code) = match &shown.result {
        StepResult::Refused(r) => {
            let code = html! { <code class="code">{ r.code.as_str() }</code> };
            ("result error", format!("{label} failed"), r.message.clone(), &r.trace, r.remedy.as_str(), code)
        }
        StepResult::Ok(outcome) => {
            ("result ok", format!("{label} succeeded"), format!("Done as {who}."), &outcome.trace, "", html! {})
        }
        StepResult::Advanced => return html! {},
    };
    html! {
        <section class={class} role="status" aria-label="Result of the last operation">
            <div class="result-head">
                <strong class="result-title">{ title }</strong>
                { code }
                <span class="spacer" />
                <button class="link" onclick={toggle} aria-expanded={(*open).to_string()}>
                    { if *open { "Hide explanation" } else { "Explain" } }
                </button>
                <button class="link" onclick={dismiss} aria-label="Dismiss result">{ "Dismiss" }</button>
            </div>
            <p class="result-body">{ crate::util::rich(&body) }</p>
            if *open {
                <div class="explain">
                    <h3>{ "Checks, in order" }</h3>
                    <ol class="checks">
                    { for trace.checks().iter().map(|c| html! {
                        <li class={if c.passed { "check pass" } else { "check fail" }}>
                            <span class="mark" aria-label={if c.passed { "passed" } else { "failed" }}>{ if c.passed { "✓" } else { "✗" } }</span>
                            <span class="what">{ crate::util::rich(&c.what) }</span>
                            <span class="detail">{ crate::util::rich(&c.detail) }</span>
                        </li>
                    }) }
                    </ol>
                    if !remedy.is_empty() {
                        <p class="remedy"><strong>{ "To make it succeed: " }</strong>{ crate::util::rich(remedy) }</p>
                    }
                </div>
            }
        </section>
    }
}
