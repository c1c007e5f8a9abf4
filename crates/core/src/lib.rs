//! `mua-core`: a pure, deterministic simulation of Azure Backup multi-user authorization (MUA) with a
//! Resource Guard across Entra tenants, with Azure RBAC and its built-in roles, PIM, Lighthouse and
//! vault managed identities.
//!
//! Entry point: a [`Session`] owns a simulation, the scenario it started from and the history of
//! what happened. [`Session::run`] runs a [`Command`] as a principal and records either the events it
//! caused with the ordered trace of checks, or a [`Refusal`] carrying a stable [`ErrorCode`], a
//! portal-like sentence and the trace. Scenario files (SPEC §8) are read and written by
//! [`scenario_file`]. No browser crates, no I/O, no wall clock.
//!
//! ```
//! use std::rc::Rc;
//! use mua_core::scenario::{Scenario, StepResult};
//! use mua_core::{Command, ErrorCode, Session};
//!
//! let scenario = Scenario::load(r#"{
//!   "version": 1, "title": "One vault", "start": "2026-01-05T09:00:00Z",
//!   "world": {
//!     "tenants": [{"id": "contoso", "name": "Contoso", "domain": "contoso.com"}],
//!     "subscriptions": [{"id": "sub", "tenant": "contoso", "name": "Prod"}],
//!     "resource_groups": [{"id": "rg", "subscription": "sub", "location": "westeurope"}],
//!     "principals": [{"id": "olga", "kind": "user", "tenant": "contoso"},
//!                    {"id": "bob", "kind": "user", "tenant": "contoso"}],
//!     "role_assignments": [{"principal": "olga", "role": "Owner", "scope": "sub"}]
//!   }
//! }"#).unwrap();
//! let mut session = Session::new(Rc::new(scenario));
//! let create = Command::CreateVault {
//!     id: "vault1".into(), kind: mua_core::critical_operations::VaultKind::RecoveryServices,
//!     resource_group: "rg".into(), location: None, identity: None,
//! };
//! // Bob holds no role: refused, with Azure's code and the checks that led to it.
//! let refused = session.run("bob", create.clone());
//! assert!(matches!(&refused.result, StepResult::Refused(r) if r.code == ErrorCode::AuthorizationFailed));
//! // Olga owns the subscription.
//! assert!(matches!(session.run("olga", create).result, StepResult::Ok(_)));
//! assert!(session.world().vaults().contains_key("vault1"));
//! // The session writes itself back as a scenario file that replays to the same world.
//! let exported = mua_core::scenario_file::export(&session).to_string();
//! let again = Rc::new(Scenario::load(&exported).unwrap()).run().unwrap();
//! assert_eq!(again.world(), session.world());
//! ```

pub mod assertion;
pub mod command;
pub mod critical_operations;
pub mod decide;
pub mod duration;
pub mod engine;
pub mod error;
pub mod event;
pub mod ids;
pub mod json;
pub mod lighthouse;
pub mod locate;
pub mod model;
pub mod naming;
pub mod offered;
pub mod pim;
pub mod posture;
pub mod rbac;
pub mod scenario;
pub mod scenario_file;
pub mod schema;
pub mod session;
pub mod sim;
pub mod table;
pub mod timeline;
pub mod topology;
pub mod world;
pub mod world_file;

mod apply;

/// The engine's version: `mua --version`, the page's About, and every link and embed (`v=`) say
/// it, so a link opened by another version can say what now ends differently.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub use command::Command;
pub use error::{Check, ErrorCode, Refusal, Trace};
pub use event::Event;
pub use session::Session;
pub use sim::{ActivityEntry, Outcome, Simulator, Status};
pub use world::World;
