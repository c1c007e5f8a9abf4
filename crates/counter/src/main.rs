//! A bare yew counter: the baseline the portal's first render is compared with (`./x perf`).

use yew::prelude::*;

#[function_component(Counter)]
fn counter() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    html! { <button id="count" class="blade-title" {onclick}>{ *count }</button> }
}

fn main() {
    yew::Renderer::<Counter>::new().render();
}
