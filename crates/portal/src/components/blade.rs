//! A blade: breadcrumbs, a title and its content.

use yew::prelude::*;

use crate::app::Blade;

/// Props of [`BladeView`].
#[derive(PartialEq, Properties)]
pub struct BladeViewProps {
    /// The blade to show.
    pub blade: Blade,
    /// Sent when a link inside the blade opens another blade.
    pub on_navigate: Callback<Blade>,
}

/// Renders one blade.
#[function_component(BladeView)]
pub fn blade_view(props: &BladeViewProps) -> Html {
    let blade = props.blade;
    let breadcrumbs = if blade == Blade::Home {
        html! { <span>{ "Home" }</span> }
    } else {
        let home = props.on_navigate.reform(|_: MouseEvent| Blade::Home);
        html! { <><button class="crumb" onclick={home}>{ "Home" }</button><span class="crumb-sep">{ " › " }</span><span>{ blade.title() }</span></> }
    };
    let body = match blade {
        Blade::Home => home_tiles(&props.on_navigate),
        _ => html! {
            <div class="empty-state">
                <p class="empty-title">{ format!("No {} to display", blade.title().to_lowercase()) }</p>
                <p class="muted">{ "Load a scenario or create a resource to get started." }</p>
            </div>
        },
    };
    html! {
        <section class="blade" aria-labelledby="blade-title">
            <nav class="breadcrumbs" aria-label="Breadcrumb">{ breadcrumbs }</nav>
            <h1 id="blade-title" class="blade-title">{ blade.title() }</h1>
            { body }
        </section>
    }
}

fn home_tiles(on_navigate: &Callback<Blade>) -> Html {
    html! {
        <>
            <h2 class="section-title">{ "Azure services" }</h2>
            <div class="tiles">
            { for Blade::ALL.iter().skip(1).map(|&b| {
                let onclick = on_navigate.reform(move |_: MouseEvent| b);
                html! {
                    <button class="tile" {onclick}>
                        <span class="tile-glyph" aria-hidden="true">{ b.glyph() }</span>
                        <span class="tile-label">{ b.title() }</span>
                    </button>
                }
            }) }
            </div>
        </>
    }
}
