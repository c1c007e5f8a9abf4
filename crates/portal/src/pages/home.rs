//! Home: who you are, where to start, the service tiles.

use yew::prelude::*;

use crate::components::nav::entries;
use crate::context::Ctx;
use crate::state::{Action, Blade};

/// The Home blade.
pub fn home(ctx: &Ctx) -> Html {
    let s = &ctx.state;
    let w = s.world();
    let me = w.principals().get(&s.actor);
    let tour = ctx.on_click(Action::TourOpen);
    let gallery = ctx.on_click(Action::Navigate(Blade::Scenarios));
    html! {
        <section class="blade" aria-labelledby="blade-title">
            <nav class="breadcrumbs" aria-label="Breadcrumb"><span>{ "Home" }</span></nav>
            <h1 id="blade-title" class="blade-title">{ "Home" }</h1>
            <div class="card intro">
                <h2>{ s.session.scenario().title.clone() }</h2>
                <p class="muted">{ crate::util::rich(w, &s.session.scenario().description) }</p>
                <p>{ "You are signed in as " }<strong>{ me.map_or("nobody", |p| p.name.as_str()) }</strong>
                   { me.and_then(|p| w.tenants().get(&p.tenant)).map(|t| format!(" in {}", t.name)).unwrap_or_default() }
                   { ". Switch persona from the top bar; every refused operation comes with an Explain panel." }</p>
                <div class="toolbar">
                    <button class="button primary" onclick={tour} data-tour="start">{ "Start the guided tour" }</button>
                    <button class="button" onclick={gallery}>{ "Scenarios and gallery" }</button>
                </div>
            </div>
            <h2 class="section-title">{ "Azure services" }</h2>
            <div class="tiles">
            { for entries().into_iter().skip(1).map(|(label, glyph, blade)| {
                let onclick = ctx.on_click(Action::Navigate(blade.clone()));
                html! {
                    <button class="tile" {onclick}>
                        <span class="tile-glyph" aria-hidden="true">{ glyph }</span>
                        <span class="tile-label">{ label }</span>
                    </button>
                }
            }) }
            </div>
            <p class="muted small about">{ format!("About: MUA Playground {} — a simulation of Azure Backup multi-user authorization; nothing here reaches Azure. Links and embeds made here carry this version.", mua_core::VERSION) }</p>
        </section>
    }
}
