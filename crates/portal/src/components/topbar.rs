//! The portal's top bar: product name, search, notifications and the signed-in persona.

use yew::prelude::*;

/// The top bar.
#[function_component(TopBar)]
pub fn top_bar() -> Html {
    html! {
        <header class="topbar">
            <span class="brand">{ "Microsoft Azure" }<span class="brand-sub">{ " · MUA Playground" }</span></span>
            <input class="search" type="search" aria-label="Search resources, services, and docs"
                   placeholder="Search resources, services, and docs (G+/)" />
            <span class="topbar-spacer" />
            <button class="icon-button" aria-label="Notifications" title="Notifications">{ "🔔" }</button>
            <span class="persona" title="Signed in as">{ "Not signed in" }</span>
        </header>
    }
}
