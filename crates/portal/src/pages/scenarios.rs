//! Scenarios: the gallery, the guided tour, import and export, share and embed links.

use mua_core::scenario::{Expect, StepAction};
use yew::prelude::*;

use super::frame;
use crate::context::use_ctx;
use crate::hooks::use_text;
use crate::snapshot::{as_embed, embed_link, embed_params, export, on_the_plan, page_base};
use crate::state::{Action, AppState, Blade, GalleryEntry, GALLERY, TOPICS};
use crate::util::{data_url, field};

/// Text safe in an HTML attribute's double quotes.
fn attr(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// The embed of what is on screen, for a docs page: `embed.js` and a `<mua-playground>` element
/// (a gallery tour's step by its attributes, any other session by its share link), and the same as
/// a plain iframe; and the address the preview opens. `None` while the share link is being made.
fn snippets(s: &AppState, share: Option<&str>) -> Option<(String, String, String)> {
    let base = page_base();
    let folder = base.rfind('/').map_or("", |i| &base[..=i]);
    let title = s.session.scenario().title.clone();
    let by_attributes = matches!(s.source, crate::state::Source::Gallery(_)) && on_the_plan(s);
    let (element, src) = if by_attributes {
        let attrs: Vec<String> = embed_params(s).iter().map(|(k, v)| format!(" {k}=\"{}\"", attr(v))).collect();
        (
            format!("<mua-playground{} title=\"{}\"></mua-playground>", attrs.concat(), attr(&title)),
            embed_link(&base, s),
        )
    } else {
        let link = as_embed(share?);
        (format!("<mua-playground link=\"{}\" title=\"{}\"></mua-playground>", attr(&link), attr(&title)), link)
    };
    let script = format!("<script src=\"{folder}embed.js\" defer></script>\n{element}");
    let iframe = format!(
        "<iframe data-mua src=\"{}\" title=\"{} — MUA Playground\" loading=\"lazy\" style=\"display:block;width:100%;height:480px;border:1px solid #8a8886;border-radius:4px\"></iframe>",
        attr(&src),
        attr(&title)
    );
    Some((script, iframe, src))
}

/// An outcome in words: "succeeded", "refused (code)".
fn said(e: Expect) -> String {
    match e {
        Expect::Ok => "succeeded".to_owned(),
        Expect::Refused(code) => format!("refused ({code})"),
    }
}

/// The Scenarios blade.
#[function_component(Scenarios)]
pub fn scenarios() -> Html {
    let ctx = use_ctx();
    let s = &ctx.state;
    let next = ctx.on_click(Action::TourNext);
    let follow = ctx.on_click(Action::TourOpen);
    let restart = ctx.on_click(Action::Restart);
    let undo = ctx.on_click(Action::Undo);
    let can_undo = !ctx.state.session.history().is_empty();
    let scenario = s.session.scenario();
    let plan = &scenario.steps;
    let (plan_pos, tour) = s.session.tour();
    // The share link is compressed by the browser (asynchronously), again after every change.
    let share = crate::hooks::use_share_link();
    let preview = use_state(|| false);
    let share_value = match &share {
        None => "Preparing the link…".to_owned(),
        Some(Ok(link)) => link.clone(),
        Some(Err(why)) => format!("The browser could not compress the session: {why}"),
    };
    let share_href = share.as_ref().and_then(|r| r.as_ref().ok()).cloned();
    let snippet = snippets(s, share_href.as_deref());
    let (script, iframe, preview_src) = snippet.clone().unwrap_or_default();
    let toggle_preview = {
        let preview = preview.clone();
        Callback::from(move |_: MouseEvent| preview.set(!*preview))
    };
    // Made after the render (a long session's JSON is not small), so the blade shows at once.
    let export = crate::hooks::use_deferred(|s| data_url("application/json", &export(s)));
    let next_step = plan.get(plan_pos).map(|st| {
        let (who, what) = match &st.action {
            StepAction::Run { actor, command } => {
                (s.world().display_name(actor).to_owned(), command.label().to_owned())
            }
            StepAction::Advance(d) => {
                ("The clock".to_owned(), format!("moves on by {}", mua_core::duration::human(*d)))
            }
            StepAction::Console { actor, .. } => {
                (s.world().display_name(actor).to_owned(), st.action.console_line().unwrap_or_default())
            }
        };
        html! { <p class="next-step"><strong>{ "Next: " }</strong>{ format!("{who} — {what}") }
        <span class="muted">{ format!(" (expected: {})", said(st.expect)) }</span></p> }
    });
    let body = html! {
        <div class="stack">
            <div class="card">
                <h2>{ format!("Guided tour: {}", scenario.title) }</h2>
                <p class="muted">{ crate::util::rich(s.world(), &scenario.description) }</p>
                <ol class="tour">
                { for plan.iter().enumerate().map(|(i, st)| {
                    let label = match &st.action {
                        StepAction::Run { actor, command } => format!("{} — {}", s.world().display_name(actor), command.label()),
                        StepAction::Advance(d) => format!("The clock moves on by {}", mua_core::duration::human(*d)),
                        StepAction::Console { actor, .. } => format!("{} — {}", s.world().display_name(actor), st.action.console_line().unwrap_or_default()),
                    };
                    let outcome = tour.get(i).map(|got| {
                        let ok = *got == st.expect;
                        html! { <span class={if ok { "ok-text" } else { "error-text" }}>{ format!(" → {}{}", said(*got), if ok { " ✓ as expected" } else { " ✗ not as expected" }) }</span> }
                    });
                    let expected = if st.expect == Expect::Ok { String::new() } else { format!(" (expected: {})", said(st.expect)) };
                    html! { <li class={classes!((i == plan_pos).then_some("current"), (i < plan_pos).then_some("done"))}>
                        { label }<span class="muted">{ expected }</span>{ outcome }</li> }
                }) }
                </ol>
                { next_step.unwrap_or_else(|| html! { <p>{ "The tour is complete." }</p> }) }
                <div class="toolbar">
                    <button class="button primary" onclick={follow} disabled={plan_pos >= plan.len()}>{ if plan_pos == 0 { "Start the guided tour" } else { "Continue the guided tour" } }</button>
                    <button class="button" onclick={next} disabled={plan_pos >= plan.len()}>{ "Run next step" }</button>
                    <button class="button" onclick={undo} disabled={!can_undo}>{ "Undo last step" }</button>
                    <button class="button" onclick={restart}>{ "Restart scenario" }</button>
                </div>
            </div>
            <Gallery />
            <div class="card">
                <h2>{ "Share and embed" }</h2>
                { field("Share link (holds the whole session)", "share-link", html! { <input id="share-link" class="wide" readonly=true value={share_value} /> }) }
                <a class="button" href={share_href.clone()} aria-disabled={crate::util::flag(share_href.is_none())}>{ "Open share link" }</a>
                <p class="muted small">{ format!("The embed shows what is on screen now: this session at step {}, as {}, on this blade, in the {} theme. Links and embeds made here carry version {}.",
                    s.session.history().len(), s.world().display_name(&s.actor), s.theme.label().to_lowercase(), mua_core::VERSION) }</p>
                { field("Embed snippet (embed.js: sized, titled, lazily loaded)", "embed-snippet", html! { <textarea id="embed-snippet" class="code-input" rows="4" readonly=true value={if snippet.is_some() { script } else { "Preparing the snippet…".to_owned() }} /> }) }
                { field("Or a plain iframe", "embed-iframe", html! { <textarea id="embed-iframe" class="code-input" rows="3" readonly=true value={iframe} /> }) }
                <button class="button" onclick={toggle_preview} aria-expanded={crate::util::flag(*preview)} disabled={snippet.is_none()}>{ if *preview { "Hide the preview" } else { "Preview at a docs column's width" } }</button>
                if *preview && snippet.is_some() {
                    <div class="embed-preview">
                        <iframe src={preview_src} title={format!("Preview: {} — MUA Playground", s.session.scenario().title)} />
                    </div>
                }
            </div>
            <div class="card">
                <h2>{ "Scenario editor" }</h2>
                <p class="muted small">{ "Paste, type or open a scenario file; its problems show as you type; Run loads it. A file may name the JSON Schema beside this page (scenario.schema.json) for your own editor's completion." }</p>
                <super::editor::ScenarioEditor />
                <a class="button" download="mua-session.json" href={export.clone()} aria-disabled={crate::util::flag(export.is_none())}>{ "Export session as scenario JSON" }</a>
            </div>
        </div>
    };
    frame(&ctx, &[("Home", Blade::Home)], "Scenarios", body)
}

/// The gallery: a card per scenario, grouped by topic, filtered by the words typed and a topic.
#[function_component(Gallery)]
fn gallery() -> Html {
    let ctx = use_ctx();
    let (filter, on_filter) = use_text(String::new);
    let topic = use_state(|| None::<&'static str>);
    let words: Vec<String> = filter.split_whitespace().map(str::to_ascii_lowercase).collect();
    let matches = |g: &GalleryEntry| {
        topic.is_none_or(|t| t == g.topic)
            && words.iter().all(|w| {
                g.title.to_ascii_lowercase().contains(w.as_str())
                    || g.summary.to_ascii_lowercase().contains(w.as_str())
                    || g.topic.to_ascii_lowercase().contains(w.as_str())
            })
    };
    let shown: Vec<&GalleryEntry> = GALLERY.iter().filter(|g| matches(g)).collect();
    let chip = |t: Option<&'static str>| {
        let set = topic.clone();
        let onclick = Callback::from(move |_: MouseEvent| set.set(t));
        let pressed = *topic == t;
        html! { <button type="button" class={classes!("chip", pressed.then_some("on"))} aria-pressed={crate::util::flag(pressed)} {onclick}>{ t.unwrap_or("All") }</button> }
    };
    html! {
        <div class="card">
            <h2>{ "Gallery" }</h2>
            <div class="gallery-filter">
                { field("Filter scenarios", "gallery-filter", html! { <input id="gallery-filter" type="search" maxlength="100" placeholder="e.g. soft delete, approval, Backup vault" value={(*filter).clone()} oninput={on_filter} /> }) }
                <div class="chips" role="group" aria-label="Topic">{ chip(None) }{ for TOPICS.iter().map(|t| chip(Some(*t))) }</div>
            </div>
            if shown.is_empty() { <p class="muted">{ format!("No scenario matches \u{201c}{}\u{201d}.", filter.trim()) }</p> }
            { for TOPICS.iter().filter(|t| shown.iter().any(|g| g.topic == **t)).map(|t| html! {
                <section class="gallery-topic" aria-label={*t}>
                    <h3>{ *t }</h3>
                    <ul class="cards">
                    { for shown.iter().filter(|g| g.topic == *t).map(|g| {
                        let n = g.name.to_owned();
                        let dispatch = ctx.dispatch.clone();
                        // The scenario's text is fetched from the site first (once), then loaded.
                        let onclick = Callback::from(move |_: MouseEvent| {
                            let (dispatch, n) = (dispatch.clone(), n.clone());
                            yew::platform::spawn_local(async move {
                                let fetched = crate::snapshot::fetch_gallery(&n).await;
                                // The loaded scenario's tour is at the top of the blade: show it.
                                gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                                dispatch.emit(match fetched {
                                    Ok(()) => Action::LoadGallery(n),
                                    Err(why) => Action::Notify(crate::state::notice("The scenario could not be opened.", &why)),
                                });
                            });
                        });
                        html! { <li class="scenario-card">
                            <button class="link card-title" {onclick} aria-label={format!("Load scenario {}", g.title)}>{ g.title }</button>
                            <p class="muted small" title={g.summary}>{ g.summary }</p>
                        </li> }
                    }) }
                    </ul>
                </section>
            }) }
        </div>
    }
}
