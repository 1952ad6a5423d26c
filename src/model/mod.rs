//! The metadata an artifact carries and the engine that judges it, for
//! every profile.
//!
//! These types are the profile-independent vocabulary of the crate: a
//! profile's layout turns bytes into [`Metadata`] (named values), and the
//! `rules` module compares them. Names are wasmtime's own, per release, so
//! that reports, JSON and the C API all speak the names an embedder
//! already knows from wasmtime's `Config`.

mod decode;
mod engine;
mod flags;
mod json;
mod metadata;
mod rule_set;
mod values;

pub use crate::format::Kind;
pub use engine::{Engine, EngineBuilder, VersionStrategy};
pub(crate) use flags::flag;
pub use flags::{FlagList, FlagValue};
pub use json::MetadataJson;
pub(crate) use metadata::Known;
pub use metadata::{Metadata, SetError, SetErrorKind};
pub use rule_set::{Rule, RuleSet, Setting, SettingValue};
pub(crate) use values::from_hex;
pub use values::hex;
pub use values::{value_from_json, value_text, value_to_json};
