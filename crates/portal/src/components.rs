//! The portal's chrome: top bar, left navigation, result banner with the Explain panel.

#[cfg(feature = "console")]
pub mod cloud_shell;
pub mod coach;
pub mod explain;
pub mod nav;
pub mod topbar;
