//! The console's edge (SPEC §10): the seeds' `az` and PowerShell lines, read into the core's
//! commands and run through the session as the signed-in principal.
//!
//! Built in steps (issue 11): [`words`] splits console text as the two shells do; [`az`] holds the
//! az commands of the seeds with their parameters and reads a line into one, with az's own usage
//! messages and help. Next: the lines to the core's commands (names and ARM ids to handles), the
//! per-request tokens (`--tenant-id`, `-Token`), the output shapes, PowerShell's cmdlets, and the
//! script export.

pub mod az;
pub mod changes;
pub mod words;
