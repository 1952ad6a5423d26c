//! An ELF64 file taken apart with `object`'s reader, for the writer and
//! stamp tests: the raw header and section table, every section with its
//! header fields and data, every symbol and every relocation.

use object::elf;
use object::read::elf::{ElfFile64, FileHeader, SectionHeader, Sym};
use object::{Endianness, Object, ObjectSection, ObjectSymbol};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub index: usize,
    pub name: String,
    pub sh_type: u32,
    pub sh_flags: u64,
    pub sh_addralign: u64,
    pub sh_entsize: u64,
    pub sh_size: u64,
    pub data: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// The name of its section, if it has one.
    pub section: Option<String>,
    pub value: u64,
    pub size: u64,
    pub st_info: u8,
    pub st_other: u8,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relocation {
    /// The section the relocation applies to.
    pub section: String,
    pub offset: u64,
    pub flags: String,
    pub addend: i64,
    /// The symbol's name, or its section's name for a section symbol.
    pub target: String,
}

pub struct ElfParts {
    pub bytes: Vec<u8>,
    pub big_endian: bool,
    pub sections: Vec<Section>,
    pub symbols: Vec<Symbol>,
    pub relocations: Vec<Relocation>,
}

impl ElfParts {
    pub fn read(bytes: &[u8]) -> ElfParts {
        let file = ElfFile64::<Endianness>::parse(bytes).expect("ELF64");
        let endian = file.endian();
        let big_endian = endian == Endianness::Big;
        let header = file.elf_header();
        let table = header.sections(endian, bytes).unwrap();
        let mut sections = Vec::new();
        for (index, s) in table.iter().enumerate().skip(1) {
            let name = String::from_utf8_lossy(table.section_name(endian, s).unwrap()).into_owned();
            let data = if s.sh_type(endian) == elf::SHT_NOBITS {
                Vec::new()
            } else {
                s.data(endian, bytes).unwrap().to_vec()
            };
            sections.push(Section {
                index,
                name,
                sh_type: s.sh_type(endian),
                sh_flags: s.sh_flags(endian),
                sh_addralign: s.sh_addralign(endian),
                sh_entsize: s.sh_entsize(endian),
                sh_size: s.sh_size(endian),
                data,
            });
        }
        let section_name = |index: usize| {
            sections
                .iter()
                .find(|s| s.index == index)
                .map(|s| s.name.clone())
        };
        let mut symbols = Vec::new();
        for sym in file.symbols() {
            let raw = sym.elf_symbol();
            symbols.push(Symbol {
                name: sym.name().unwrap_or_default().to_string(),
                section: sym.section_index().and_then(|i| section_name(i.0)),
                value: sym.address(),
                size: sym.size(),
                st_info: raw.st_info(),
                st_other: raw.st_other(),
            });
        }
        let mut relocations = Vec::new();
        for section in file.sections() {
            for (offset, r) in section.relocations() {
                let target = match r.target() {
                    object::RelocationTarget::Symbol(i) => {
                        let sym = file.symbol_by_index(i).unwrap();
                        match sym.name() {
                            Ok(n) if !n.is_empty() => n.to_string(),
                            _ => sym
                                .section_index()
                                .and_then(|i| section_name(i.0))
                                .unwrap_or_default(),
                        }
                    }
                    other => format!("{other:?}"),
                };
                relocations.push(Relocation {
                    section: section.name().unwrap_or_default().to_string(),
                    offset,
                    flags: format!("{:?}", r.flags()),
                    addend: r.addend(),
                    target,
                });
            }
        }
        ElfParts {
            bytes: bytes.to_vec(),
            big_endian,
            sections,
            symbols,
            relocations,
        }
    }

    fn u16_at(&self, at: usize) -> u16 {
        let b = [self.bytes[at], self.bytes[at + 1]];
        if self.big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        }
    }

    fn u64_at(&self, at: usize) -> u64 {
        let b: [u8; 8] = self.bytes[at..at + 8].try_into().unwrap();
        if self.big_endian {
            u64::from_be_bytes(b)
        } else {
            u64::from_le_bytes(b)
        }
    }

    /// The 64 bytes of the file header.
    pub fn header(&self) -> &[u8] {
        &self.bytes[..64]
    }

    /// The section header table's bytes.
    pub fn section_table(&self) -> &[u8] {
        let shoff = self.u64_at(40) as usize;
        let count = self.u16_at(60) as usize;
        &self.bytes[shoff..shoff + count * 64]
    }

    pub fn section(&self, name: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.name == name)
    }

    pub fn has_relocations(&self) -> bool {
        self.sections
            .iter()
            .any(|s| s.sh_type == elf::SHT_RELA || s.sh_type == elf::SHT_REL)
    }

    /// The sections the writer makes itself or that hold relocations.
    pub fn is_bookkeeping(section: &Section) -> bool {
        matches!(
            section.sh_type,
            elf::SHT_SYMTAB | elf::SHT_STRTAB | elf::SHT_RELA | elf::SHT_REL
        )
    }
}
