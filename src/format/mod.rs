//! The container: ELF64 files marked as wasmtime artifacts, and the framing
//! of the engine section inside them.
//!
//! This layer knows bytes and offsets, nothing about what the metadata
//! means. Every offset and length comes from an untrusted file, so all
//! reading goes through the `object` crate's bounds-checked readers, and the
//! framing code below only ever splits slices it was given.

mod container;
mod detect;
mod engine_section;
mod error;
mod kind;
mod write;

pub use container::{marks, parse_elf, section_data, ElfArtifact, Headers, Marks, SectionPick};
pub use detect::DetectRule;
pub use engine_section::EngineSection;
pub use error::FormatError;
pub use kind::Kind;
pub use write::{write_artifact, ExtraSection, SectionKind};

/// `e_ident[EI_OSABI]` of every wasmtime artifact (ELFOSABI_WASMTIME).
pub const ELFOSABI_WASMTIME: u8 = 200;
/// `e_flags` of a module artifact.
pub const EF_WASMTIME_MODULE: u32 = 1;
/// `e_flags` of a component artifact.
pub const EF_WASMTIME_COMPONENT: u32 = 2;
/// The first byte of the engine section: the framing's own version.
pub const ENGINE_SECTION_VERSION: u8 = 0;
