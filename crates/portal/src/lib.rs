//! MUA Playground portal: a yew front end over the pure `mua-core` model.
//!
//! The root [`App`] owns all state (a [`state::AppState`] reducer around the core's session) and
//! hands it down through a context; blades render it and send [`state::Action`]s up. The portal never
//! decides an Azure rule: it renders what the core says and sends it commands.

pub mod app;
pub mod components;
pub mod compress;
pub mod context;
pub mod embed;
pub mod hooks;
pub mod pages;
pub mod route;
pub mod shell_code;
#[cfg(feature = "console")]
pub mod shell_view;
pub mod snapshot;
pub mod state;
pub mod util;

pub use app::{App, AppProps, Persistence};
