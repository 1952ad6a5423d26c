//! The container: ELF64 files marked as wasmtime artifacts, and the framing
//! of the `.wasmtime.engine` section inside them (or of the generic
//! profile's `.aotcompat.engine`, framed the same way).
//!
//! This layer knows bytes and offsets, nothing about what the metadata
//! means. Every offset and length comes from an untrusted file, so all
//! reading goes through the `object` crate's bounds-checked readers, and the
//! framing code below only ever splits slices it was given.

mod container;
mod detect;
mod engine_section;
mod error;
mod write;

pub use container::{engine_section_data, marks, parse_elf, section_data, ElfArtifact, Marks};
pub use detect::{detect, detect_file, detect_marks};
pub use engine_section::EngineSection;
pub use error::FormatError;
pub use write::{write_artifact, write_artifact_with_section, ExtraSection, SectionKind};

/// `e_ident[EI_OSABI]` of every wasmtime artifact (ELFOSABI_WASMTIME).
pub const ELFOSABI_WASMTIME: u8 = 200;
/// `e_flags` of a module artifact.
pub const EF_WASMTIME_MODULE: u32 = 1;
/// `e_flags` of a component artifact.
pub const EF_WASMTIME_COMPONENT: u32 = 2;
/// The section that describes the engine that compiled the artifact.
pub const ENGINE_SECTION: &str = ".wasmtime.engine";
/// The generic profile's engine section: the same framing as
/// [`ENGINE_SECTION`], with a self-describing payload (see `crate::generic`).
/// A different name keeps wasmtime from ever mistaking one for its own.
pub const GENERIC_ENGINE_SECTION: &str = ".aotcompat.engine";
/// The first byte of the engine section: the framing's own version.
pub const ENGINE_SECTION_VERSION: u8 = 0;
