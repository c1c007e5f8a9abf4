//! The security posture of every vault (the core's [`World::posture`]): the isolation level and
//! each "Before you start" rule as a live check, with the object it concerns and the action that
//! would fix it, linking to the blade where that is done.
//!
//! [`World::posture`]: mua_core::World::posture

use mua_core::posture::{FixAt, Status, VaultPosture};
use mua_core::World;
use yew::prelude::*;

use super::frame;
use crate::context::Ctx;
use crate::state::{Action, Blade, GuardTab, LighthouseTab, VaultTab};
use crate::util::rich;

/// The Security posture blade.
pub fn posture_blade(ctx: &Ctx) -> Html {
    let w = ctx.state.world();
    let postures = w.postures();
    let body = html! {
        <div class="stack">
            <p class="muted">{ "Every vault of the scenario, whoever is signed in: how isolated it is from its own admins (where its Resource Guard lives and who controls it), and the Microsoft Learn how-to's \u{201c}Before you start\u{201d} rules checked live." }</p>
            if postures.is_empty() { <p class="muted">{ "No vaults yet." }</p> }
            { for postures.iter().map(|p| vault_card(ctx, w, p)) }
        </div>
    };
    frame(ctx, &[("Home", Blade::Home)], "Security posture", body)
}

fn vault_card(ctx: &Ctx, w: &World, p: &VaultPosture) -> Html {
    let heading = format!("posture-{}", p.vault);
    let open = ctx.on_click(Action::Navigate(Blade::Vault(p.vault.clone(), VaultTab::Overview)));
    html! {
        <section class="card posture" aria-labelledby={heading.clone()}>
            <h2 id={heading}>
                <button class="link" onclick={open}>{ p.vault.clone() }</button>
                { " " }{ badge(p) }
            </h2>
            <ul class="checks">
                { for p.checks.iter().map(|c| html! {
                    <li class={classes!("check", crate::util::posture_class(c.status))}>
                        <span class="mark" role="img" aria-label={c.status.word()}>{ c.status.mark() }</span>
                        <span class="what"><strong>{ c.rule }</strong>{ ": " }{ rich(w, &c.finding) }</span>
                        if !c.fix.is_empty() {
                            <span class="detail">{ c.fix.clone() }{ fix_button(ctx, c.fix_at.as_ref()) }</span>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// The summary badge of a vault's posture: its worst status and the counts.
pub fn badge(p: &VaultPosture) -> Html {
    let (fail, warn) = (p.count(Status::Fail), p.count(Status::Warn));
    let text = match (fail, warn) {
        (0, 0) => "all checks pass".to_owned(),
        (0, w) => format!("{w} to improve"),
        (f, 0) => format!("{f} failing"),
        (f, w) => format!("{f} failing, {w} to improve"),
    };
    html! { <span class={classes!("badge-posture", crate::util::posture_class(p.summary()))}>{ format!("{} {text}", p.summary().mark()) }</span> }
}

/// The button to the blade where the fix is done.
fn fix_button(ctx: &Ctx, at: Option<&FixAt>) -> Html {
    let (label, blade) = match at {
        Some(FixAt::VaultMua(v)) => ("Open the vault's Properties", Blade::Vault(v.clone(), VaultTab::Properties)),
        Some(FixAt::CreateGuard) => ("Create a Resource Guard", Blade::CreateGuard),
        Some(FixAt::GuardIam(g)) => ("Open Access control (IAM)", Blade::Guard(g.clone(), GuardTab::Iam)),
        Some(FixAt::PimSettings(scope)) => {
            ("Open PIM settings", Blade::PimResource(scope.clone(), crate::state::PimResTab::Settings))
        }
        Some(FixAt::Lighthouse) => ("Open Azure Lighthouse", Blade::Lighthouse(LighthouseTab::ServiceProviders)),
        Some(FixAt::ScopeIam(scope)) if ctx.state.world().subscriptions().contains_key(scope.as_str()) => {
            ("Open Access control (IAM)", Blade::Subscription(scope.clone(), crate::route::ScopeTab::Iam))
        }
        Some(FixAt::ScopeIam(scope)) => {
            ("Open Access control (IAM)", Blade::ResourceGroup(scope.clone(), crate::route::ScopeTab::Iam))
        }
        Some(FixAt::SubscriptionProviders(s)) => {
            ("Open Resource providers", Blade::Subscription(s.clone(), crate::route::ScopeTab::Providers))
        }
        Some(FixAt::Elsewhere) | None => return html! {},
    };
    let onclick = ctx.on_click(Action::Navigate(blade.clone()));
    html! { <>{ " " }<button class="button small" {onclick}>{ label }</button></> }
}
