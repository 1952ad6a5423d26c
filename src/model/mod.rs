//! The metadata an artifact carries and the engine that judges it.
//!
//! These types are the profile-independent vocabulary of the crate: the
//! `layout` module turns bytes into them, the `rules` module compares them.
//! Field names are wasmtime's own, so that reports, JSON and the C API all
//! speak the names an embedder already knows from wasmtime's `Config`.

pub mod defaults;
mod engine;
mod features;
mod flags;
mod kind;
mod metadata;
mod profile;
mod tunables;

pub use engine::{Engine, EngineBuilder, VersionStrategy};
pub use features::Features;
pub use flags::FlagValue;
pub use kind::Kind;
pub use metadata::Metadata;
pub use profile::Profile;
pub use tunables::{Collector, TunableValue, Tunables};
