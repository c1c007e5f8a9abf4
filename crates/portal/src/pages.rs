//! The blades.

pub mod activity;
pub mod guards;
pub mod home;
pub mod lighthouse;
pub mod pim;
pub mod posture;
pub mod scenarios;
pub mod timeline;
pub mod topology;
pub mod vaults;

use yew::prelude::*;

use crate::context::{use_ctx, Ctx};
use crate::state::{Action, Blade};

/// Renders the current blade.
#[function_component(BladeView)]
pub fn blade_view() -> Html {
    let ctx = use_ctx();
    let blade = ctx.state.blade.clone();
    match blade {
        Blade::Home => html! { <home::Home /> },
        Blade::Vaults(kind) => html! { <vaults::VaultList {kind} /> },
        Blade::Vault(id, tab) => html! { <vaults::VaultBlade {id} {tab} /> },
        Blade::CreateVault(kind) => html! { <vaults::CreateVault {kind} /> },
        Blade::Guards => html! { <guards::GuardList /> },
        Blade::Guard(id, tab) => html! { <guards::GuardBlade {id} {tab} /> },
        Blade::CreateGuard => html! { <guards::CreateGuard /> },
        Blade::GuardDeployed(id) => html! { <guards::GuardDeployed {id} /> },
        Blade::Pim(tab) => html! { <pim::PimBlade {tab} /> },
        Blade::Lighthouse(tab) => html! { <lighthouse::LighthouseBlade {tab} /> },
        Blade::Activity => html! { <activity::ActivityLog /> },
        Blade::Scenarios => html! { <scenarios::Scenarios /> },
        Blade::Timeline => html! { <timeline::TimelineBlade /> },
        Blade::Posture => html! { <posture::PostureBlade /> },
        Blade::Topology => html! { <topology::TopologyBlade /> },
    }
}

/// A blade's frame: breadcrumbs and title.
pub fn frame(ctx: &Ctx, crumbs: &[(&str, Blade)], title: &str, body: Html) -> Html {
    html! {
        <section class="blade" aria-labelledby="blade-title">
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                { for crumbs.iter().map(|(label, blade)| {
                    let b = blade.clone();
                    let onclick = ctx.dispatch.reform(move |_: MouseEvent| Action::Navigate(b.clone()));
                    html! { <><button class="crumb" {onclick}>{ *label }</button><span class="crumb-sep">{ " › " }</span></> }
                }) }
                <span>{ title }</span>
            </nav>
            <h1 id="blade-title" class="blade-title">{ title }</h1>
            { body }
        </section>
    }
}

/// A row of tabs.
pub fn tabs<T: PartialEq + Copy + 'static>(
    ctx: &Ctx,
    current: T,
    items: &[(&'static str, T)],
    to_blade: impl Fn(T) -> Blade + 'static,
) -> Html {
    let to_blade = std::rc::Rc::new(to_blade);
    html! {
        <div class="tabs" role="tablist">
            { for items.iter().map(|(label, t)| {
                let t = *t;
                let f = to_blade.clone();
                let onclick = ctx.dispatch.reform(move |_: MouseEvent| Action::Navigate(f(t)));
                html! { <button role="tab" class={classes!("tab", (t == current).then_some("active"))}
                                aria-selected={(t == current).to_string()} {onclick}>{ *label }</button> }
            }) }
        </div>
    }
}

/// A button that runs a command as the current persona.
pub fn command_button(ctx: &Ctx, label: &str, class: &'static str, command: mua_core::Command) -> Html {
    let tour = command.action_name();
    let onclick = ctx.dispatch.reform(move |_: MouseEvent| Action::Execute(command.clone()));
    html! { <button class={classes!("button", class)} data-tour={tour} {onclick}>{ label.to_owned() }</button> }
}
