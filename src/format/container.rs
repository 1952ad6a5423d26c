use super::{FormatError, ENGINE_SECTION};
use object::endian::Endianness;
use object::read::elf::ElfFile64;
use object::{FileFlags, Object, ObjectSection, ReadRef};

/// A parsed ELF64 file of either byte order, over bytes in memory or over a
/// file read piece by piece.
pub type ElfArtifact<'data, R> = ElfFile64<'data, Endianness, R>;

/// The three ELF header fields that mark a wasmtime artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marks {
    /// `e_ident[EI_OSABI]`.
    pub os_abi: u8,
    /// `e_ident[EI_ABIVERSION]`.
    pub abi_version: u8,
    /// `e_flags`.
    pub e_flags: u32,
}

/// Parses `data` as an ELF64 file, taking the byte order from the file.
///
/// This is the same whole-file parse wasmtime does (header, section table
/// and symbol tables), so a file wasmtime rejects here is rejected here too,
/// with `object`'s own message.
pub fn parse_elf<'data, R: ReadRef<'data>>(data: R) -> Result<ElfArtifact<'data, R>, FormatError> {
    ElfFile64::<Endianness, R>::parse(data).map_err(|e| FormatError::NotElf(e.to_string()))
}

/// The marks of a parsed file.
pub fn marks<'data, R: ReadRef<'data>>(elf: &ElfArtifact<'data, R>) -> Marks {
    match elf.flags() {
        FileFlags::Elf {
            os_abi,
            abi_version,
            e_flags,
        } => Marks {
            os_abi,
            abi_version,
            e_flags,
        },
        // An ELF file always reports ELF flags; keep a value no rule accepts.
        _ => Marks {
            os_abi: 0,
            abi_version: 0,
            e_flags: 0,
        },
    }
}

/// The data of the `.wasmtime.engine` section (the first section of that
/// name, as wasmtime finds it).
pub fn engine_section_data<'data, R: ReadRef<'data>>(
    elf: &ElfArtifact<'data, R>,
) -> Result<&'data [u8], FormatError> {
    section_data(elf, ENGINE_SECTION)?
        .ok_or_else(|| FormatError::NoSection(ENGINE_SECTION.to_string()))
}

/// The data of the first section called `name`, or `None` when the file
/// has no such section. Profiles that keep their engine description under
/// another name (the generic profile's `.aotcompat.engine`) read it here.
pub fn section_data<'data, R: ReadRef<'data>>(
    elf: &ElfArtifact<'data, R>,
    name: &str,
) -> Result<Option<&'data [u8]>, FormatError> {
    let Some(section) = elf.section_by_name(name) else {
        return Ok(None);
    };
    section
        .data()
        .map(Some)
        .map_err(|e| FormatError::SectionData(e.to_string()))
}
