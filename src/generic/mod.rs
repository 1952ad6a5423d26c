//! The `generic` profile: compatibility checks for runtimes that are not
//! wasmtime.
//!
//! Such a runtime describes its own engine: a target, shared and ISA
//! compiler flags, tunables and features, all by name
//! ([`GenericMetadata`]). Its artifacts are ELF files with wasmtime's marks
//! whose `.aotcompat.engine` section carries that description, framed like
//! wasmtime's engine section (SPEC section 3) and encoded so that every
//! entry names itself. What the description means is up to the runtime:
//! it registers, per name, how a setting is judged ([`GenericRule`]:
//! equal to the host's, a given value, ignored, needs a probed CPU feature,
//! subset of the host's), and unregistered names get a default per
//! category ([`GenericRules`]). [`check`] then judges an artifact against
//! the runtime's own [`GenericEngine`], with the report of the wasmtime
//! profiles.
//!
//! - `metadata`: the self-describing payload and its wire format;
//! - `rules`: categories, rule kinds, registered rules and defaults;
//! - `judge`: one setting against one rule, with the messages;
//! - `engine`: the engine and its builder;
//! - `check`: the steps of a check, reusing the wasmtime-31 container,
//!   marks, version and target steps;
//! - `artifact`: writing and reading generic artifacts;
//! - `json`: their JSON description, for `inspect --json` and `stamp`.

mod artifact;
mod check;
mod engine;
mod json;
mod judge;
mod metadata;
mod rules;

pub use artifact::{write_artifact, GenericArtifact};
pub use check::{check, check_file};
pub use engine::{GenericEngine, GenericEngineBuilder};
pub use json::{GenericArtifactJson, GENERIC_PROFILE};
pub use metadata::{DecodeError, GenericMetadata, GenericValue};
pub use rules::{GenericCategory, GenericRule, GenericRules, SettingValue};
