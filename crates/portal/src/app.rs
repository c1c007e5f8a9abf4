//! The root component and the blade enum that stands in for the portal's routes.

use yew::prelude::*;

use crate::components::{blade::BladeView, nav::LeftNav, topbar::TopBar};

/// A blade of the portal (the portal's word for a page). One variant per entry of the left navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blade {
    /// The portal's landing page with the service tiles.
    Home,
    /// Recovery Services vaults list.
    RecoveryServicesVaults,
    /// Backup vaults list.
    BackupVaults,
    /// Resource Guards list.
    ResourceGuards,
    /// Privileged Identity Management.
    Pim,
    /// Azure Lighthouse.
    Lighthouse,
    /// Activity log of the current directory.
    ActivityLog,
}

impl Blade {
    /// Every blade in left-navigation order.
    pub const ALL: [Blade; 7] = [
        Blade::Home,
        Blade::RecoveryServicesVaults,
        Blade::BackupVaults,
        Blade::ResourceGuards,
        Blade::Pim,
        Blade::Lighthouse,
        Blade::ActivityLog,
    ];

    /// The title the portal shows for the blade.
    pub fn title(self) -> &'static str {
        match self {
            Blade::Home => "Home",
            Blade::RecoveryServicesVaults => "Recovery Services vaults",
            Blade::BackupVaults => "Backup vaults",
            Blade::ResourceGuards => "Resource Guards",
            Blade::Pim => "Privileged Identity Management",
            Blade::Lighthouse => "Azure Lighthouse",
            Blade::ActivityLog => "Activity log",
        }
    }

    /// A one-letter glyph for the navigation icon.
    pub fn glyph(self) -> &'static str {
        match self {
            Blade::Home => "⌂",
            Blade::RecoveryServicesVaults => "R",
            Blade::BackupVaults => "B",
            Blade::ResourceGuards => "G",
            Blade::Pim => "P",
            Blade::Lighthouse => "L",
            Blade::ActivityLog => "A",
        }
    }
}

/// The whole portal: top bar, left navigation and the current blade.
#[function_component(App)]
pub fn app() -> Html {
    let blade = use_state(|| Blade::Home);
    let on_navigate = {
        let blade = blade.clone();
        Callback::from(move |b: Blade| blade.set(b))
    };
    html! {
        <div class="portal theme-light">
            <TopBar />
            <div class="portal-body">
                <LeftNav current={*blade} on_navigate={on_navigate.clone()} />
                <main class="blade-area" aria-live="polite">
                    <BladeView blade={*blade} {on_navigate} />
                </main>
            </div>
        </div>
    }
}
