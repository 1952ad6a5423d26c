//! The check: can this engine load this artifact, and if not, why?
//!
//! `check` walks the same steps as wasmtime, in the same order, with the
//! same words; the profile's rule tables (`wasmtime31`) say how each setting
//! is judged. In parity mode it stops at the first failure, as wasmtime
//! does; in full mode it goes on through the decoded metadata and lists
//! every difference, the parity one first.

mod check;
mod host_check;
mod report;
pub mod wasmtime31;

pub use check::{check, check_file, Mode};
pub(crate) use check::{check_target, check_version_text, open_engine_section, Sink};
pub use host_check::{host_check, host_check_against};
pub use report::{Category, Mismatch, Report};
