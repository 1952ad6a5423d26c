use super::{
    Alignment, Elf, ElfRules, EndianRule, FormatError, Input, ObjectRelease, ReadError, Scope,
};

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

/// An ELF64 file in memory read the way wasmtime 43 and later read it:
/// the header first, then the section headers and their names on demand
/// (the [`Elf`] reader with [`Scope::HeadersFirst`], either byte order, no
/// alignment demands).
pub struct Headers<'data> {
    elf: std::cell::RefCell<Elf<'data>>,
}

impl<'data> Headers<'data> {
    /// The rules of this view.
    pub const RULES: ElfRules = ElfRules {
        scope: Scope::HeadersFirst,
        native_big_endian: cfg!(target_endian = "big"),
        endian: EndianRule::FromFile,
        alignment: Alignment::Unaligned,
        object: ObjectRelease::V039,
    };

    /// Reads the file header.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(data: &'data T) -> Result<Headers<'data>, FormatError> {
        Elf::open(Input::Bytes(data.as_ref()), Self::RULES)
            .map(|elf| Headers {
                elf: std::cell::RefCell::new(elf),
            })
            .map_err(in_memory)
    }

    /// The header's marks.
    pub fn marks(&self) -> super::Marks {
        self.elf.borrow().marks()
    }

    /// The whole data of the section called `name`, reading the section
    /// headers and their string table with wasmtime's contexts for each
    /// failure.
    pub fn section_data(
        &self,
        name: &str,
        pick: SectionPick,
    ) -> Result<Option<&'data [u8]>, FormatError> {
        let mut elf = self.elf.borrow_mut();
        let Some(section) = elf.find(name, pick).map_err(in_memory)? else {
            return Ok(None);
        };
        match elf.data(section).map_err(in_memory)? {
            std::borrow::Cow::Borrowed(data) => Ok(Some(data)),
            std::borrow::Cow::Owned(_) => unreachable!("bytes in memory are borrowed"),
        }
    }
}

/// Bytes in memory never fail to be read.
fn in_memory(e: ReadError) -> FormatError {
    match e {
        ReadError::Format(e) => e,
        ReadError::Io(e) => FormatError::SectionData(e.to_string()),
    }
}
