use std::fmt;

/// Why the container or the engine section framing could not be read.
///
/// `Display` gives wasmtime's own message for each case (SPEC section 5,
/// steps 1 and 3), chained the way `anyhow`'s `{:#}` chains them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The bytes are not an ELF64 file `object` can parse.
    NotElf(String),
    /// A step of reading the headers failed: wasmtime's context, then
    /// `object`'s message.
    Context(&'static str, String),
    /// The ELF file has no section of this name (the profile's engine
    /// section: `.wasmtime.engine`, or the generic `.aotcompat.engine`).
    NoSection(String),
    /// The engine section's data lies outside the file.
    SectionData(String),
    /// The engine section is empty or has no length byte.
    InvalidEngineSection,
    /// The engine section's first byte is not 0.
    MismatchedVersion(u8),
    /// The section ends before the version string and one payload byte.
    EngineSectionTooSmall,
    /// The section table is readable but holds more entries than the
    /// reader accepts ([`super::MAX_SECTIONS`]).
    TooManySections(u64),
    /// The engine metadata does not decode within the bytes the reader
    /// accepts ([`super::MAX_ENGINE_PAYLOAD`]) and the section claims more.
    MetadataTooLarge(u64),
    /// A pre-3.0 artifact's framing (the ELF images and the
    /// `\0wasmtime-aot` trailer) is wrong: wasmtime 0.26 to 2.x's words,
    /// or aotcompat's where those releases had none.
    Trailer(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::NotElf(cause) => {
                write!(f, "failed to parse precompiled artifact as an ELF: {cause}")
            }
            FormatError::Context(context, cause) => write!(f, "{context}: {cause}"),
            FormatError::NoSection(name) => write!(f, "failed to find section `{name}`"),
            FormatError::SectionData(cause) => f.write_str(cause),
            FormatError::InvalidEngineSection => f.write_str("invalid engine section"),
            FormatError::MismatchedVersion(_) => {
                f.write_str("mismatched version in engine section")
            }
            FormatError::EngineSectionTooSmall => f.write_str("engine section too small"),
            FormatError::TooManySections(n) => write!(
                f,
                "the ELF section table has {n} entries; artifacts have at most {} (aotcompat's limit)",
                super::MAX_SECTIONS
            ),
            FormatError::MetadataTooLarge(n) => write!(
                f,
                "the engine metadata claims {n} bytes and does not decode within the \
                 first {} (aotcompat's limit)",
                super::MAX_ENGINE_PAYLOAD
            ),
            FormatError::Trailer(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FormatError {}
