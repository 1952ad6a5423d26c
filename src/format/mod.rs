//! The container: ELF64 files marked as wasmtime artifacts, and the framing
//! of the engine section inside them.
//!
//! This layer knows bytes and offsets, nothing about what the metadata
//! means. Every offset and length comes from an untrusted file, so one
//! bounded reader ([`Elf`]) serves bytes in memory and files alike: it
//! reads fields by value (no alignment demand on the caller's buffer),
//! checks every range against the input's real size, and reads only the
//! header, the section table, the names it compares and the engine
//! section's used prefix. The framing code only ever splits slices it was
//! given.
//!
//! wasmtime 0.26 to 2.x wrote no engine section: their trailer
//! (`\0wasmtime-aot`, at the start of the file or after its ELF images)
//! is read by [`Trailer`], with the same bounded input.
//!
//! Writing goes the other way: [`write_artifact`] lays out a fresh ELF64
//! file around caller-supplied sections, and [`stamp_object`] stamps an
//! ELF object that already exists (through `object`'s ELF builder), each
//! with the header and the engine's own sections as a [`WriteRule`] (one
//! row of the profile tables) says the release writes them.
//!
//! [`add_digest`] and [`verify`] write and check the integrity digest
//! (`.aotcompat.digest`): is this file what was written?

mod container;
mod detect;
mod digest;
mod elf;
mod engine_section;
mod error;
mod input;
mod kind;
mod stamp;
mod stream;
mod trailer;
mod write;

pub use container::{Headers, Marks, SectionPick};
pub use detect::DetectRule;
pub use digest::{
    add_digest, verify, Verified, VerifyError, DIGEST_ALGORITHM_SHA256, DIGEST_FOOTER_MAGIC,
    DIGEST_FORMAT_VERSION, DIGEST_MAGIC, MAX_DIGEST_SECTION, VERIFY_BUFFER,
};
pub use elf::{
    image_end, Alignment, Elf, ElfRules, EndianRule, Framed, ImageEndError, ObjectRelease, Payload,
    ReadError, Scope, SectionInfo, SectionRef, MAX_ENGINE_PAYLOAD, MAX_NAME_SHOWN, MAX_SECTIONS,
};
pub use engine_section::EngineSection;
pub use error::FormatError;
pub use input::{open_regular, read_whole_if_small, FileInput, Input, ReadStats};
pub use kind::Kind;
pub use stamp::{stamp_object, StampError};
pub use stream::ValueReader;
pub use trailer::{
    Trailer, TrailerPlace, TrailerRule, MAX_CHAIN_IMAGES, NOT_AN_ARTIFACT, TRAILER_HEADER,
};
pub use write::{
    own_sections_at, write_artifact, EmptySections, ExtraSection, ExtraSymbol, HeaderMarks,
    OwnSection, Placement, PulleyMarks, SectionKind, Stamp, SymbolKind, WriteRule,
    EF_WASMTIME_PULLEY32, EF_WASMTIME_PULLEY64, MAX_SECTION_ALIGN,
};

/// `e_ident[EI_OSABI]` of every wasmtime artifact (ELFOSABI_WASMTIME).
pub const ELFOSABI_WASMTIME: u8 = 200;
/// `e_flags` of a module artifact.
pub const EF_WASMTIME_MODULE: u32 = 1;
/// `e_flags` of a component artifact.
pub const EF_WASMTIME_COMPONENT: u32 = 2;
/// The first byte of the engine section: the framing's own version.
pub const ENGINE_SECTION_VERSION: u8 = 0;
