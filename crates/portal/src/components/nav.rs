//! The left navigation.

use yew::prelude::*;

use crate::app::Blade;

/// Props of [`LeftNav`].
#[derive(PartialEq, Properties)]
pub struct LeftNavProps {
    /// The blade shown now (highlighted).
    pub current: Blade,
    /// Sent when a navigation entry is clicked.
    pub on_navigate: Callback<Blade>,
}

/// The left navigation: one entry per blade.
#[function_component(LeftNav)]
pub fn left_nav(props: &LeftNavProps) -> Html {
    html! {
        <nav class="leftnav" aria-label="Portal menu">
            <ul>
            { for Blade::ALL.iter().map(|&b| {
                let on_click = props.on_navigate.reform(move |_: MouseEvent| b);
                let class = classes!("nav-item", (b == props.current).then_some("active"));
                html! {
                    <li>
                        <button {class} onclick={on_click}
                                aria-current={(b == props.current).then_some("page")}>
                            <span class="nav-glyph" aria-hidden="true">{ b.glyph() }</span>
                            <span class="nav-label">{ b.title() }</span>
                        </button>
                    </li>
                }
            }) }
            </ul>
        </nav>
    }
}
