//! MUA Playground portal: a yew front end over the pure `mua-core` model.
//!
//! The root [`App`] owns all state; components receive data as props and send events up as callbacks.
//! The portal never decides an Azure rule: it renders what the core says and sends it commands.

pub mod app;
pub mod components;

pub use app::{App, Blade};
