//! The console's edge (SPEC §10): the seeds' `az` and PowerShell lines, read into the core's
//! commands and run through the session as the signed-in principal.
//!
//! Built in steps (issue 11): [`words`] splits console text as the two shells do; the command
//! tables, the per-request tokens (`--tenant-id`, `-Token`), the output shapes and the script
//! export come next, each on this module.

pub mod words;
