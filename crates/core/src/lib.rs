//! `mua-core`: a pure, deterministic simulation of Azure Backup multi-user authorization (MUA) with a
//! Resource Guard across Entra tenants, with Azure RBAC and its built-in roles, PIM, Lighthouse and
//! vault managed identities.
//!
//! Entry point: a [`Session`] owns a simulation, the scenario it started from and the history of
//! what happened. [`Session::run`] runs a [`Command`] as a principal and records either the events it
//! caused with the ordered trace of checks, or a [`Refusal`] carrying a stable [`ErrorCode`], a
//! portal-like sentence and the trace. Scenario files (SPEC §8) are read and written by
//! [`scenario_file`]. No browser crates, no I/O, no wall clock.

pub mod command;
pub mod critical_operations;
pub mod decide;
pub mod duration;
pub mod error;
pub mod event;
pub mod ids;
pub mod lighthouse;
pub mod model;
pub mod pim;
pub mod posture;
pub mod rbac;
pub mod scenario;
pub mod scenario_file;
pub mod session;
pub mod sim;
pub mod world;

mod apply;

pub use command::Command;
pub use error::{Check, ErrorCode, Refusal, Trace};
pub use event::Event;
pub use session::Session;
pub use sim::{ActivityEntry, Outcome, Simulator, Status};
pub use world::World;
