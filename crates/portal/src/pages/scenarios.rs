//! Scenarios: the gallery, the guided tour, import and export, share and embed links.

use mua_core::scenario::{Expect, StepAction};
use yew::prelude::*;

use super::frame;
use crate::context::use_ctx;
use crate::hooks::use_text;
use crate::snapshot::{embed_link, export, share_link};
use crate::state::{Action, Blade, GalleryEntry, GALLERY, TOPICS};
use crate::util::{data_url, field};

fn page_base() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_else(|| "index.html".to_owned())
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
    let (import, on_import) = use_text(String::new);
    let do_import = {
        let (v, dispatch) = (import.clone(), ctx.dispatch.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // A scenario with console steps needs Cloud Shell's code before it is read.
            let (text, dispatch) = ((*v).clone(), dispatch.clone());
            yew::platform::spawn_local(async move {
                dispatch.emit(match crate::shell_code::load_for(&text).await {
                    Ok(()) => Action::LoadJson(text),
                    Err(why) => Action::Notify(crate::snapshot::notice("The scenario could not be imported.", &why)),
                });
            });
        })
    };
    let next = ctx.on_click(Action::TourNext);
    let follow = ctx.on_click(Action::TourOpen);
    let restart = ctx.on_click(Action::Restart);
    let undo = ctx.on_click(Action::Undo);
    let can_undo = !ctx.state.session.history().is_empty();
    let scenario = s.session.scenario();
    let plan = &scenario.steps;
    let (plan_pos, tour) = s.session.tour();
    // The share link is compressed by the browser (asynchronously), again after every change.
    // Only the link of the latest change is shown, whatever order the compressions finish in.
    let share = use_state(|| None::<Result<String, String>>);
    let latest = use_mut_ref(|| 0u64);
    {
        let (share, state, latest) = (share.clone(), ctx.state.clone(), latest.clone());
        use_effect_with(ctx.state.revision, move |&revision| {
            *latest.borrow_mut() = revision;
            share.set(None);
            yew::platform::spawn_local(async move {
                let link = share_link(&page_base(), &state).await;
                if *latest.borrow() == revision {
                    share.set(Some(link));
                }
            });
        });
    }
    let share_value = match &*share {
        None => "Preparing the link…".to_owned(),
        Some(Ok(link)) => link.clone(),
        Some(Err(why)) => format!("The browser could not compress the session: {why}"),
    };
    let share_href = share.as_ref().and_then(|r| r.as_ref().ok()).cloned();
    let embed_src = embed_link(&page_base(), s);
    let snippet = format!("<iframe src=\"{embed_src}\" width=\"960\" height=\"640\" title=\"MUA Playground\" style=\"border:1px solid #ccc\"></iframe>");
    let export = export(s);
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
                { field("Embed snippet (iframe, no chrome)", "embed-snippet", html! { <textarea id="embed-snippet" class="code-input" rows="3" readonly=true value={snippet} /> }) }
            </div>
            <div class="card">
                <h2>{ "Import and export" }</h2>
                <a class="button" download="mua-session.json" href={data_url("application/json", &export)}>{ "Export session as scenario JSON" }</a>
                <form class="form" onsubmit={do_import}>
                    { field("Import scenario JSON", "import-json", html! { <textarea id="import-json" class="code-input" rows="6" value={(*import).clone()} oninput={on_import} /> }) }
                    <button class="button" type="submit">{ "Import" }</button>
                </form>
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
                                let fetched = crate::state::fetch_gallery(&n).await;
                                // The loaded scenario's tour is at the top of the blade: show it.
                                gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
                                dispatch.emit(match fetched {
                                    Ok(()) => Action::LoadGallery(n),
                                    Err(why) => Action::Notify(crate::snapshot::notice("The scenario could not be opened.", &why)),
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
