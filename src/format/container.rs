use super::FormatError;
use object::elf::{FileHeader64, SectionHeader64};
use object::endian::Endianness;
use object::read::elf::{ElfFile64, FileHeader, SectionHeader};
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

/// Which of several sections with one name counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionPick {
    /// The first, as `object`'s `section_by_name` finds it.
    First,
    /// The last, as a walk over every section that keeps the latest match
    /// finds it.
    Last,
}

/// Parses `data` as a whole ELF64 file (header, section table and symbol
/// tables), taking the byte order from the file: what wasmtime up to 42
/// does before it judges anything, so a file it rejects here is rejected
/// here too, with `object`'s own message.
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

/// The data of the section called `name` in a parsed file, or `None` when
/// there is none.
pub fn section_data<'data, R: ReadRef<'data>>(
    elf: &ElfArtifact<'data, R>,
    name: &str,
    pick: SectionPick,
) -> Result<Option<&'data [u8]>, FormatError> {
    let section = match pick {
        SectionPick::First => elf.section_by_name(name),
        SectionPick::Last => elf.sections().filter(|s| s.name() == Ok(name)).last(),
    };
    let Some(section) = section else {
        return Ok(None);
    };
    section
        .data()
        .map(Some)
        .map_err(|e| FormatError::SectionData(e.to_string()))
}

/// The ELF64 file header alone, read the way wasmtime 43 and later read it:
/// the header first (its marks can be judged before anything else is
/// parsed), then the section headers and their names on demand.
pub struct Headers<'data, R: ReadRef<'data>> {
    header: &'data FileHeader64<Endianness>,
    endian: Endianness,
    data: R,
}

impl<'data, R: ReadRef<'data>> Headers<'data, R> {
    /// Reads the file header.
    pub fn parse(data: R) -> Result<Headers<'data, R>, FormatError> {
        let header = FileHeader64::<Endianness>::parse(data)
            .map_err(|e| FormatError::NotElf(e.to_string()))?;
        let endian = header.endian().map_err(|e| {
            FormatError::Context("failed to parse header endianness", e.to_string())
        })?;
        Ok(Headers {
            header,
            endian,
            data,
        })
    }

    /// The header's marks.
    pub fn marks(&self) -> Marks {
        let ident = self.header.e_ident();
        Marks {
            os_abi: ident.os_abi,
            abi_version: ident.abi_version,
            e_flags: self.header.e_flags(self.endian),
        }
    }

    /// The data of the section called `name`, reading the section headers
    /// and their string table with wasmtime's contexts for each failure.
    pub fn section_data(
        &self,
        name: &str,
        pick: SectionPick,
    ) -> Result<Option<&'data [u8]>, FormatError> {
        let (endian, data) = (self.endian, self.data);
        let headers: &'data [SectionHeader64<Endianness>] = self
            .header
            .section_headers(endian, data)
            .map_err(|e| FormatError::Context("failed to parse section headers", e.to_string()))?;
        let strings = self
            .header
            .section_strings(endian, data, headers)
            .map_err(|e| FormatError::Context("failed to parse strings table", e.to_string()))?;
        let sections = self
            .header
            .sections(endian, data)
            .map_err(|e| FormatError::Context("failed to parse sections table", e.to_string()))?;
        let mut found = None;
        for section in sections.iter() {
            let section_name = section
                .name(endian, strings)
                .map_err(|e| FormatError::SectionData(e.to_string()))?;
            if section_name == name.as_bytes() {
                found = Some(section);
                if pick == SectionPick::First {
                    break;
                }
            }
        }
        let Some(section) = found else {
            return Ok(None);
        };
        section
            .data(endian, data)
            .map(Some)
            .map_err(|e| FormatError::SectionData(e.to_string()))
    }
}
