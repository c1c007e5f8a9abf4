//! The portal's top bar: product name, search, notifications and the signed-in persona.

use yew::prelude::*;

/// The top bar.
#[function_component(TopBar)]
pub fn top_bar() -> Html {
    html! {
        <header class="topbar">
            <span class="brand">{ "MUA Playground" }<span class="brand-sub">{ " · Azure Backup multi-user authorization simulator" }</span></span>
            <input class="search" type="search" aria-label="Search resources, services, and docs"
                   placeholder="Search resources, services, and docs (G+/)" />
            <span class="topbar-spacer" />
            <button class="icon-button" aria-label="Notifications" title="Notifications">{ bell_icon() }</button>
            <span class="persona" title="Signed in as">{ "Not signed in" }</span>
        </header>
    }
}

/// The notifications bell, drawn inline so it never depends on an emoji font.
fn bell_icon() -> Html {
    html! {
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M8 1.5a4 4 0 0 0-4 4v2.8L2.7 11a.6.6 0 0 0 .5.9h9.6a.6.6 0 0 0 .5-.9L12 8.3V5.5a4 4 0 0 0-4-4Zm-1.7 11.4a1.8 1.8 0 0 0 3.4 0Z"/>
        </svg>
    }
}
