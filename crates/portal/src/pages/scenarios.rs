//! Scenarios: the gallery, the guided tour, import and export, share and embed links.

use mua_core::scenario::{Expect, StepAction};
use yew::prelude::*;

use super::frame;
use crate::context::use_ctx;
use crate::hooks::use_text;
use crate::snapshot::{embed_link, export, share_link};
use crate::state::{Action, Blade, GALLERY};
use crate::util::{data_url, Field};

fn page_base() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_else(|| "index.html".to_owned())
}

/// The Scenarios blade.
#[function_component(Scenarios)]
pub fn scenarios() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let (import, on_import) = use_text(String::new);
    let do_import = {
        let v = import.clone();
        ctx.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Action::LoadJson((*v).clone())
        })
    };
    let next = ctx.dispatch.reform(|_: MouseEvent| Action::TourNext);
    let restart = ctx.dispatch.reform(|_: MouseEvent| Action::Restart);
    let undo = ctx.dispatch.reform(|_: MouseEvent| Action::Undo);
    let can_undo = !ctx.state.session.history().is_empty();
    let scenario = s.session.scenario();
    let plan = &scenario.steps;
    let (plan_pos, tour) = s.session.tour();
    let share = share_link(&page_base(), s);
    let embed_src = embed_link(&page_base(), s);
    let snippet = format!("<iframe src=\"{embed_src}\" width=\"960\" height=\"640\" title=\"MUA Playground\" style=\"border:1px solid #ccc\"></iframe>");
    let export = export(s);
    let next_step = plan.get(plan_pos).map(|st| {
        let (who, what) = match &st.action {
            StepAction::Run { actor, command } => {
                (s.world().display_name(actor).to_owned(), command.label().to_owned())
            }
            StepAction::Advance(d) => ("The clock".to_owned(), format!("advances {}", mua_core::duration::format(*d))),
        };
        html! { <p class="next-step"><strong>{ "Next: " }</strong>{ format!("{who} — {what}") }
        <span class="muted">{ format!(" (expected: {})", st.expect) }</span></p> }
    });
    let body = html! {
        <div class="stack">
            <div class="card">
                <h2>{ format!("Guided tour: {}", scenario.title) }</h2>
                <p class="muted">{ scenario.description.clone() }</p>
                <ol class="tour">
                { for plan.iter().enumerate().map(|(i, st)| {
                    let label = match &st.action {
                        StepAction::Run { actor, command } => format!("{} — {}", s.world().display_name(actor), command.label()),
                        StepAction::Advance(d) => format!("Clock advances {}", mua_core::duration::format(*d)),
                    };
                    let outcome = tour.get(i).map(|got| {
                        let ok = *got == st.expect;
                        html! { <span class={if ok { "ok-text" } else { "error-text" }}>{ format!(" → {got}{}", if ok { " ✓ as expected" } else { " ✗ not as expected" }) }</span> }
                    });
                    let expected = if st.expect == Expect::Ok { String::new() } else { format!(" (expected: {})", st.expect) };
                    html! { <li class={classes!((i == plan_pos).then_some("current"), (i < plan_pos).then_some("done"))}>
                        { label }<span class="muted">{ expected }</span>{ outcome }</li> }
                }) }
                </ol>
                { next_step.unwrap_or_else(|| html! { <p>{ "The tour is complete." }</p> }) }
                <div class="toolbar">
                    <button class="button primary" onclick={next} disabled={plan_pos >= plan.len()}>{ "Run next step" }</button>
                    <button class="button" onclick={undo} disabled={!can_undo}>{ "Undo last step" }</button>
                    <button class="button" onclick={restart}>{ "Restart scenario" }</button>
                </div>
            </div>
            <div class="card">
                <h2>{ "Gallery" }</h2>
                <ul class="gallery">
                { for GALLERY.iter().map(|(name, title, _)| {
                    let n = (*name).to_owned();
                    let onclick = ctx.dispatch.reform(move |_: MouseEvent| Action::LoadGallery(n.clone()));
                    html! { <li><button class="link" {onclick} aria-label={format!("Load scenario {title}")}>{ title }</button><span class="muted small">{ format!(" · {name}") }</span></li> }
                }) }
                </ul>
            </div>
            <div class="card">
                <h2>{ "Share and embed" }</h2>
                <Field label="Share link (holds the whole session)" id="share-link"><input id="share-link" class="wide" readonly=true value={share.clone()} /></Field>
                <a class="button" href={share}>{ "Open share link" }</a>
                <Field label="Embed snippet (iframe, no chrome)" id="embed-snippet"><textarea id="embed-snippet" class="code-input" rows="3" readonly=true value={snippet} /></Field>
            </div>
            <div class="card">
                <h2>{ "Import and export" }</h2>
                <a class="button" download="mua-session.json" href={data_url("application/json", &export)}>{ "Export session as scenario JSON" }</a>
                <form class="form" onsubmit={do_import}>
                    <Field label="Import scenario JSON" id="import-json"><textarea id="import-json" class="code-input" rows="6" value={(*import).clone()} oninput={on_import} /></Field>
                    <button class="button" type="submit">{ "Import" }</button>
                </form>
            </div>
        </div>
    };
    frame(&ctx, &[("Home", Blade::Home)], "Scenarios", body)
}
