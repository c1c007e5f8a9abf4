//! `mua-core`: a pure, deterministic simulation of Azure Backup multi-user authorization (MUA) with a
//! Resource Guard across Entra tenants, with Azure RBAC and its built-in roles.
//!
//! Entry point: [`Simulator::execute`] runs a [`Command`] as a principal and returns either the
//! events it caused with the ordered trace of checks, or a [`Refusal`] carrying a stable
//! [`ErrorCode`], a portal-like sentence and the trace. Scenario files (SPEC §8) are read and run by
//! [`scenario`]. No browser crates, no I/O, no wall clock.

pub mod command;
pub mod duration;
pub mod error;
pub mod exec;
pub mod identity;
pub mod lighthouse;
pub mod model;
pub mod mua;
pub mod pim;
pub mod rbac;
pub mod scenario;
pub mod sim;

pub use command::{Command, Event};
pub use error::{Check, ErrorCode, Refusal, Trace};
pub use model::World;
pub use sim::{ActivityEntry, Outcome, Simulator, Status};
