//! The left navigation.

use mua_core::critical_operations::VaultKind;
use yew::prelude::*;

use crate::context::Ctx;
use crate::state::{Action, Blade, EntraTab, LighthouseTab, PimTab};

/// Navigation entries: (label, glyph, blade).
pub fn entries() -> Vec<(&'static str, &'static str, Blade)> {
    vec![
        ("Home", "⌂", Blade::Home),
        ("Recovery Services vaults", "R", Blade::Vaults(VaultKind::RecoveryServices)),
        ("Backup vaults", "B", Blade::Vaults(VaultKind::Backup)),
        ("Resource Guards", "G", Blade::Guards),
        ("Microsoft Entra ID", "E", Blade::Entra(EntraTab::Users)),
        ("Privileged Identity Management", "P", Blade::Pim(PimTab::MyRoles)),
        ("Azure Lighthouse", "L", Blade::Lighthouse(LighthouseTab::MyCustomers)),
        ("Activity log", "A", Blade::Activity),
        ("Timeline", "T", Blade::Timeline),
        ("Security posture", "✓", Blade::Posture),
        ("Topology", "↔", Blade::Topology),
        ("Scenarios", "S", Blade::Scenarios),
    ]
}

/// Whether a navigation entry is the section the blade belongs to.
fn is_section(entry: &Blade, blade: &Blade) -> bool {
    match (entry, blade) {
        (Blade::Vaults(a), Blade::Vaults(b) | Blade::CreateVault(b)) => a == b,
        (Blade::Vaults(_), Blade::Vault(..)) => false,
        (Blade::Guards, Blade::Guards | Blade::Guard(..) | Blade::CreateGuard) => true,
        (Blade::Pim(_), Blade::Pim(_)) | (Blade::Lighthouse(_), Blade::Lighthouse(_)) => true,
        (a, b) => a == b,
    }
}

/// The left navigation.
pub fn left_nav(ctx: &Ctx) -> Html {
    let current = ctx.state.blade.clone();
    html! {
        <nav class="leftnav" aria-label="Portal menu">
            <ul>
            { for entries().into_iter().map(|(label, glyph, blade)| {
                let active = is_section(&blade, &current);
                let onclick = ctx.on_click(Action::Navigate(blade.clone()));
                html! {
                    <li>
                        <button class={classes!("nav-item", active.then_some("active"))} {onclick}
                                aria-current={active.then_some("page")}>
                            <span class="nav-glyph" aria-hidden="true">{ glyph }</span>
                            <span class="nav-label">{ label }</span>
                        </button>
                    </li>
                }
            }) }
            </ul>
        </nav>
    }
}
