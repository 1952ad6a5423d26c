//! The check: can this engine load this artifact, and if not, why?
//!
//! One walk serves every profile: it takes the same steps as wasmtime, in
//! the same order, with the same words, and each step is judged by the
//! engine's profile tables (`crate::profiles`), or for the generic profile
//! by the rules registered on the engine. In parity mode it stops at the
//! first failure, as wasmtime does; in full mode it goes on through the
//! decoded metadata and lists every difference, the parity one first.
//!
//! - `container`, `version`: the envelope around the metadata;
//! - `triple`, `flags`, `tunables`, `features`: the metadata, by tables
//!   (`plan`: the engine's judgments, resolved once);
//! - `equality`: flags that must equal the host engine's (wasmtime 0.26
//!   to 0.35);
//! - `by_engine`: the metadata, by the engine's registered rules;
//! - `host_check`: the engine against the machine it runs on;
//! - `check`: the walk; `report`, `sink`: what it produces.

mod advice;
mod by_engine;
mod check;
mod container;
mod equality;
mod features;
mod flags;
mod host_check;
mod plan;
mod report;
mod sink;
mod triple;
mod tunables;
mod version;

pub use check::{check, check_file};
pub use host_check::{host_check, host_check_against};
pub(crate) use plan::CheckPlan;
pub use report::{Advice, Category, Mismatch, ProbeAnswer, ProbeQuery, Report};
pub use sink::Mode;
