//! The blades.

pub mod activity;
pub mod editor;
pub mod entra;
pub mod guards;
pub mod home;
pub mod iam;
pub mod lazy;
pub mod lighthouse;
pub mod pim;
pub mod posture;
pub mod scenarios;
pub mod scopes;
pub mod timeline;
pub mod topology;
pub mod vaults;

use yew::prelude::*;

use crate::context::{use_ctx, Ctx};
use crate::state::{Action, Blade};

/// Renders the current blade. A component of its own (not a function App calls): the context
/// provider's children stay a few component nodes, which compare cheaply on every change, instead
/// of the whole blade (and 185 B brotli less than calling it from App, measured).
#[function_component(BladeView)]
pub fn blade_view() -> Html {
    let ctx = &use_ctx();
    let blade = ctx.state.blade.clone();
    match blade {
        Blade::Home => keyed(home::home(ctx), "home"),
        Blade::Vaults(kind) => keyed(vaults::vault_list(ctx, &vaults::KindProps { kind }), "vaults"),
        Blade::Vault(id, tab) => keyed(vaults::vault_blade(ctx, &id, tab), "vault"),
        Blade::CreateVault(kind) => html! { <vaults::CreateVault {kind} /> },
        Blade::Guards => keyed(guards::guard_list(ctx), "guards"),
        Blade::Guard(id, tab) => keyed(guards::guard_blade(ctx, &id, tab), "guard"),
        Blade::CreateGuard => html! { <guards::CreateGuard /> },
        Blade::GuardDeployed(id) => keyed(guards::guard_deployed(ctx, &id), "deployed"),
        Blade::Scenarios
        | Blade::Pim(_)
        | Blade::PimResource(..)
        | Blade::Lighthouse(_)
        | Blade::Activity
        | Blade::Timeline
        | Blade::Posture
        | Blade::Topology
        | Blade::Entra(_)
        | Blade::User(_)
        | Blade::Group(_)
        | Blade::Subscriptions
        | Blade::Subscription(..)
        | Blade::ResourceGroups
        | Blade::ResourceGroup(..)
        | Blade::Resource(..) => {
            html! { <lazy::LazyBlade {blade} /> }
        }
    }
}

/// The blades of the module loaded when one of them first opens ([`lazy`]).
pub fn lazy_blade(ctx: &Ctx, blade: &Blade) -> Html {
    match blade {
        Blade::Scenarios => html! { <scenarios::Scenarios /> },
        Blade::Pim(tab) => keyed(pim::pim_blade(ctx, *tab), "pim"),
        Blade::PimResource(id, tab) => keyed(pim::resource_blade(ctx, id, *tab), "pim-resource"),
        Blade::Lighthouse(tab) => keyed(lighthouse::lighthouse_blade(ctx, *tab), "lighthouse"),
        Blade::Activity => html! { <activity::ActivityLog /> },
        Blade::Timeline => keyed(timeline::timeline_blade(ctx), "timeline"),
        Blade::Posture => keyed(posture::posture_blade(ctx), "posture"),
        Blade::Topology => html! { <topology::TopologyBlade /> },
        Blade::Entra(tab) => keyed(entra::entra_blade(ctx, *tab), "entra"),
        Blade::User(id) => keyed(entra::user_blade(ctx, id), "user"),
        Blade::Group(id) => html! { <entra::GroupBlade id={id.clone()} /> },
        Blade::Subscriptions | Blade::ResourceGroups => keyed(scopes::scope_list(ctx, blade), "scopes"),
        Blade::Subscription(id, tab) | Blade::ResourceGroup(id, tab) | Blade::Resource(id, tab) => {
            keyed(scopes::scope_blade(ctx, blade, id, *tab), "scope")
        }
        // Access control (IAM) inside a vault's or guard's blade (only the tab's body is lazy).
        Blade::Vault(id, _) | Blade::Guard(id, _) => html! { <iam::AccessControl scope={id.clone()} /> },
        _ => html! {},
    }
}

/// A blade drawn by a plain function (no state of its own), keyed by its kind: another kind of
/// blade in its place is built anew, as a different component would be, so no state of the
/// components inside it carries over to the next blade.
fn keyed(mut blade: Html, key: &'static str) -> Html {
    if let Html::VTag(tag) = &mut blade {
        tag.key = Some(key.into());
    }
    blade
}

/// A blade's frame: breadcrumbs and title.
pub fn frame(ctx: &Ctx, crumbs: &[(&str, Blade)], title: &str, body: Html) -> Html {
    html! {
        <section class="blade" aria-labelledby="blade-title">
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                { for crumbs.iter().map(|(label, blade)| {
                    let onclick = ctx.on_click(Action::Navigate(blade.clone()));
                    html! { <><button class="crumb" {onclick}>{ *label }</button><span class="crumb-sep">{ " › " }</span></> }
                }) }
                <span>{ title }</span>
            </nav>
            <h1 id="blade-title" class="blade-title" tabindex="-1">{ title }</h1>
            { body }
        </section>
    }
}

/// A vault or guard blade opened (by an address, a link or Back) for an object the current directory
/// does not hold: the portal's "not found", naming the directory that holds it when the person can
/// switch to it (the core decides what is reachable), with the switch. `None` when it is here.
pub fn not_in_directory(ctx: &Ctx, crumbs: &[(&str, Blade)], id: &str, what: &str) -> Option<Html> {
    let s = &ctx.state;
    let body = match s.world().reach(&s.actor, id, &s.directory) {
        mua_core::world::Reach::Here => return None,
        mua_core::world::Reach::OtherDirectory(t) => {
            let switch = ctx.on_click(Action::SwitchDirectory(t.id.clone()));
            html! {
                <div class="empty-state" role="status">
                    <p class="empty-title">{ format!("{what} {id} was not found in this directory") }</p>
                    <p>{ format!("It is in the directory {}.", t.name) }</p>
                    <button class="button primary" onclick={switch}>{ format!("Switch to {}", t.name) }</button>
                </div>
            }
        }
        mua_core::world::Reach::Missing => html! {
            <div class="empty-state" role="status">
                <p class="empty-title">{ format!("{what} {id} was not found") }</p>
                <p>{ "It does not exist, or it is in a directory you cannot sign in to." }</p>
            </div>
        },
    };
    Some(frame(ctx, crumbs, id, body))
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
                let onclick = ctx.on_click(Action::Navigate(f(t)));
                html! { <button role="tab" class={classes!("tab", (t == current).then_some("active"))}
                                aria-selected={crate::util::flag(t == current)} {onclick}>{ *label }</button> }
            }) }
        </div>
    }
}

/// A resource's *Resource group* and *Subscription* rows, each a link to its blade.
pub fn placement_rows(ctx: &Ctx, resource: &str) -> Html {
    let w = ctx.state.world();
    let Some(chain) = w.scope_chain(resource) else { return html! {} };
    let link = |label: &str, to: Blade| {
        let onclick = ctx.on_click(Action::Navigate(to));
        html! { <button class="link" {onclick}>{ label.to_owned() }</button> }
    };
    let rg = chain.resource_group.unwrap_or_default();
    html! {
        <>
            <dt>{ "Resource group" }</dt><dd>{ link(rg, Blade::ResourceGroup(rg.to_owned(), crate::state::ScopeTab::Overview)) }</dd>
            <dt>{ "Subscription" }</dt><dd>{ link(w.name_of(chain.subscription), Blade::Subscription(chain.subscription.to_owned(), crate::state::ScopeTab::Overview)) }</dd>
        </>
    }
}

/// A button that runs a command as the current persona.
pub fn command_button(ctx: &Ctx, label: &str, class: &'static str, command: mua_core::Command) -> Html {
    let tour = command.action_name();
    let onclick = ctx.on_click(Action::Execute(command.clone()));
    html! { <button class={classes!("button", class)} data-tour={tour} {onclick}>{ label.to_owned() }</button> }
}
