//! One bounded ELF64 reader for bytes and files.
//!
//! It answers what wasmtime's `object`-based reading answers, failure for
//! failure and message for message, without trusting a size the file
//! declares: every offset and size is checked against the input's real
//! length with overflow-checked arithmetic, and only the ELF header, the
//! section table, the section names it compares, and the engine section's
//! used prefix are ever read. The symbol table, program headers and
//! relocation sections are checked the way `object` checks them when it
//! parses a whole file (bounds, sizes, alignment, links), from their
//! section headers alone.
//!
//! Alignment is judged on offsets, as if the file sat at a page-aligned
//! address (wasmtime copies or maps every artifact to such memory before it
//! parses it), so a caller's buffer at any address and a file give one
//! answer. Fields are read by value from bytes; nothing is cast in place.
//!
//! What differs between wasmtime releases is a parameter ([`ElfRules`]):
//! how much is parsed before the marks are judged, which byte orders are
//! accepted, whether `object` was built with its `unaligned` feature, and
//! whether it knows compact relocation sections.

use super::input::{Hint, Input, ReadStats};
use super::{FormatError, Marks, SectionPick};
use std::borrow::Cow;
use std::io;

/// The most sections the reader accepts. wasmtime writes about 15; a
/// table that claims more (up to 2^64 with extended numbering) is refused
/// with [`FormatError::TooManySections`] once `object` would have accepted
/// it, so a crafted count costs nothing.
pub const MAX_SECTIONS: u64 = 4096;

/// The most bytes of engine metadata the reader hands to a decoder
/// (256 KiB). Real metadata is one or two KiB; a section that claims more is read only as
/// far as its decode needs, and metadata that does not decode within this
/// many bytes is refused with [`FormatError::MetadataTooLarge`].
pub const MAX_ENGINE_PAYLOAD: u64 = 256 << 10;

const EHDR_SIZE: u64 = 64;
const SHDR_SIZE: u64 = 64;
const PHDR_SIZE: u64 = 56;
const SYM_SIZE: u64 = 24;

const SHT_SYMTAB: u32 = 2;
const SHT_STRTAB: u32 = 3;
const SHT_RELA: u32 = 4;
const SHT_NOBITS: u32 = 8;
const SHT_REL: u32 = 9;
const SHT_DYNSYM: u32 = 11;
const SHT_SYMTAB_SHNDX: u32 = 18;
const SHT_CREL: u32 = 0x4000_0014;
const SHN_XINDEX: u16 = 0xffff;
const PN_XNUM: u16 = 0xffff;

/// How much of the file is parsed before the marks are judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// `object::File::parse` (wasmtime 3 to 21): the file magic first
    /// ("Unknown file magic" for anything that is not ELF), then an ELF64
    /// file as [`Scope::WholeFile`] reads it. A 32-bit ELF file is read
    /// only as far as its marks: wasmtime would parse it as ELF32 and go
    /// on when the marks were its own, which this reader does not follow
    /// ([`Elf::find`] says so).
    AnyObject,
    /// `ElfFile64::parse`: header, program headers, section table and
    /// names, symbol tables, relocation links; any failure is `object`'s
    /// message under "failed to parse precompiled artifact as an ELF".
    /// Section names that cannot be read simply do not match.
    WholeFile,
    /// `FileHeader64::parse` alone; the section table, its strings and
    /// every section name are read after the marks, each failure with
    /// wasmtime 43's context, and a name that cannot be read is an error.
    HeadersFirst,
}

/// Which byte orders parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndianRule {
    /// Either, from `e_ident` (`ElfFile64<Endianness>`).
    FromFile,
    /// Only the host's (`ElfFile64<NativeEndian>`, wasmtime 22 to 27): a
    /// file of the other order fails with "Unsupported ELF endian".
    Native,
}

/// Whether `object` demands natural alignment of the tables it casts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alignment {
    /// `object` without its `unaligned` feature: the section table, the
    /// program headers and the symbol table must start at a multiple of 8
    /// (the extended-index table at a multiple of 4) from the file's start.
    Natural,
    /// `object` with `unaligned` (wasmtime 36 and later, #11306).
    Unaligned,
}

/// How one wasmtime release reads the container: every parameter of the
/// reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElfRules {
    /// How much is parsed first.
    pub scope: Scope,
    /// Which byte orders parse.
    pub endian: EndianRule,
    /// Alignment demands.
    pub alignment: Alignment,
    /// Which `object` release's reading quirks apply.
    pub object: ObjectRelease,
    /// The byte order of the machine that reads, for
    /// [`EndianRule::Native`]: the host the checking engine runs on.
    pub native_big_endian: bool,
}

/// The reading quirks of the `object` releases wasmtime read artifacts
/// with, as far as they change a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectRelease {
    /// 0.36 (wasmtime 31): an empty read must still start inside the file;
    /// `SHT_CREL` is not a relocation section.
    V036,
    /// 0.39 and 0.40 (wasmtime 44, 50): an empty read succeeds at any
    /// offset (so an empty section may point anywhere); `SHT_CREL`
    /// sections are relocation sections.
    V039,
}

impl ElfRules {
    /// The same rules with another scope.
    pub fn with_scope(self, scope: Scope) -> ElfRules {
        ElfRules { scope, ..self }
    }
}

/// Why reading failed: what the file says, or the file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file's content, in wasmtime's words.
    Format(FormatError),
    /// Reading the file failed (it shrank under us, or an I/O error).
    Io(io::Error),
}

impl From<FormatError> for ReadError {
    fn from(e: FormatError) -> ReadError {
        ReadError::Format(e)
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Format(e) => e.fmt(f),
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Format(_) => None,
            ReadError::Io(e) => Some(e),
        }
    }
}

/// An `object` failure (its message) or an I/O failure, before a context
/// is put on it.
enum Obj {
    Msg(&'static str),
    Io(io::Error),
    /// More sections than [`MAX_SECTIONS`].
    TooMany(u64),
}

impl From<io::Error> for Obj {
    fn from(e: io::Error) -> Obj {
        Obj::Io(e)
    }
}

type ObjResult<T> = Result<T, Obj>;

fn msg<T>(m: &'static str) -> ObjResult<T> {
    Err(Obj::Msg(m))
}

impl Obj {
    fn with(self, wrap: impl FnOnce(String) -> FormatError) -> ReadError {
        match self {
            Obj::Msg(m) => ReadError::Format(wrap(m.to_string())),
            Obj::Io(e) => ReadError::Io(e),
            Obj::TooMany(n) => ReadError::Format(FormatError::TooManySections(n)),
        }
    }
}

/// A section's place in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SectionRef {
    /// Its offset (meaningless when `size` is 0).
    pub offset: u64,
    /// Its size in the file (0 for `SHT_NOBITS`).
    pub size: u64,
}

/// An engine section's framing: the version string, and where the
/// encoded metadata lies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Framed<'data> {
    /// The raw version string.
    pub version: Cow<'data, [u8]>,
    /// The metadata's offset in the file.
    pub payload_offset: u64,
    /// The metadata's size as the section declares it.
    pub payload_len: u64,
}

/// The encoded metadata as far as it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload<'data> {
    /// The bytes read: all of the metadata, or a prefix of it that its
    /// decode does not read past.
    pub bytes: Cow<'data, [u8]>,
    /// The declared size.
    pub total: u64,
    /// Whether `bytes` stops at [`MAX_ENGINE_PAYLOAD`] short of `total`.
    pub capped: bool,
}

impl Payload<'_> {
    /// Whether `encoded` is exactly the whole metadata, nothing trailing.
    pub fn is_exactly(&self, encoded: &[u8]) -> bool {
        encoded.len() as u64 == self.total && self.bytes.get(..encoded.len()) == Some(encoded)
    }
}

/// One section as the section table describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionInfo {
    /// Its name's bytes (at most [`MAX_NAME_SHOWN`] of them), or `None`
    /// when the name cannot be read.
    pub name: Option<Vec<u8>>,
    /// `sh_type`.
    pub sh_type: u32,
    /// `sh_flags`.
    pub sh_flags: u64,
    /// `sh_offset`.
    pub offset: u64,
    /// `sh_size`.
    pub size: u64,
    /// `sh_addralign`.
    pub align: u64,
}

impl SectionInfo {
    /// Where its data lies, for [`Elf::data`]: nothing for `SHT_NOBITS`.
    pub fn place(&self) -> SectionRef {
        if self.sh_type == SHT_NOBITS {
            SectionRef { offset: 0, size: 0 }
        } else {
            SectionRef {
                offset: self.offset,
                size: self.size,
            }
        }
    }
}

/// The longest section name [`Elf::sections`] reads: longer ones are cut.
pub const MAX_NAME_SHOWN: usize = 1024;

/// The section table, once read.
struct Table<'data> {
    headers: Cow<'data, [u8]>,
    count: usize,
    /// The section-name string table's [start, end), or none when
    /// `object` would have an empty one.
    strings: Option<(u64, u64)>,
}

/// An ELF64 file being read: its header judged, its section table read
/// when first needed.
pub struct Elf<'data> {
    input: Input<'data>,
    rules: ElfRules,
    header: [u8; EHDR_SIZE as usize],
    big: bool,
    /// A 32-bit ELF file ([`Scope::AnyObject`] only): the header holds its
    /// 52 bytes, and nothing past the marks is read.
    class32: bool,
    table: Option<Table<'data>>,
}

fn u16_at(b: &[u8], at: usize, big: bool) -> u16 {
    let v = [b[at], b[at + 1]];
    if big {
        u16::from_be_bytes(v)
    } else {
        u16::from_le_bytes(v)
    }
}

fn u32_at(b: &[u8], at: usize, big: bool) -> u32 {
    let v: [u8; 4] = b[at..at + 4].try_into().expect("4 bytes");
    if big {
        u32::from_be_bytes(v)
    } else {
        u32::from_le_bytes(v)
    }
}

fn u64_at(b: &[u8], at: usize, big: bool) -> u64 {
    let v: [u8; 8] = b[at..at + 8].try_into().expect("8 bytes");
    if big {
        u64::from_be_bytes(v)
    } else {
        u64::from_le_bytes(v)
    }
}

/// One section header's fields.
#[derive(Clone, Copy)]
struct Shdr {
    name: u32,
    kind: u32,
    flags: u64,
    offset: u64,
    size: u64,
    link: u32,
    info: u32,
    align: u64,
}

impl Shdr {
    fn parse(b: &[u8], big: bool) -> Shdr {
        Shdr {
            name: u32_at(b, 0, big),
            kind: u32_at(b, 4, big),
            flags: u64_at(b, 8, big),
            offset: u64_at(b, 24, big),
            size: u64_at(b, 32, big),
            link: u32_at(b, 40, big),
            info: u32_at(b, 44, big),
            align: u64_at(b, 48, big),
        }
    }

    /// `SectionHeader::file_range`.
    fn file_range(&self) -> Option<(u64, u64)> {
        (self.kind != SHT_NOBITS).then_some((self.offset, self.size))
    }
}

impl<'data> Elf<'data> {
    /// Reads the file header, and for [`Scope::WholeFile`] everything
    /// `ElfFile64::parse` reads, with wasmtime's message for the first
    /// failure.
    pub fn open(input: Input<'data>, rules: ElfRules) -> Result<Elf<'data>, ReadError> {
        let mut elf = Elf {
            input,
            rules,
            header: [0; EHDR_SIZE as usize],
            big: false,
            class32: false,
            table: None,
        };
        if rules.scope == Scope::AnyObject {
            elf.read_file_kind()
                .map_err(|e| e.with(FormatError::NotElf))?;
            if elf.class32 {
                return Ok(elf);
            }
        }
        elf.read_header().map_err(|e| e.with(FormatError::NotElf))?;
        if rules.endian == EndianRule::Native && elf.big != rules.native_big_endian {
            let cause = "Unsupported ELF endian".to_string();
            return Err(ReadError::Format(match rules.scope {
                Scope::AnyObject | Scope::WholeFile => FormatError::NotElf(cause),
                Scope::HeadersFirst => {
                    FormatError::Context("failed to parse header endianness", cause)
                }
            }));
        }
        if rules.scope != Scope::HeadersFirst {
            elf.whole_file()?;
        }
        Ok(elf)
    }

    /// The input, for its read figures.
    pub fn stats(&self) -> ReadStats {
        self.input.stats()
    }

    /// The header's marks.
    pub fn marks(&self) -> Marks {
        // `e_flags` follows three addresses: 4 bytes each in ELF32.
        let e_flags_at = if self.class32 { 36 } else { 48 };
        Marks {
            os_abi: self.header[7],
            abi_version: self.header[8],
            e_flags: u32_at(&self.header, e_flags_at, self.big),
        }
    }

    /// `FileKind::parse` with only `object`'s ELF reader built in: the
    /// 16 bytes of magic, then ELF64 (read on by [`Elf::read_header`]) or
    /// ELF32 (its header only; see [`Scope::AnyObject`]).
    fn read_file_kind(&mut self) -> ObjResult<()> {
        const EHDR32_SIZE: u64 = 52;
        if self.input.len() < 16 {
            return msg("Could not read file magic");
        }
        let magic = self.input.get(0, 16, Hint::Start)?;
        match magic[..5] {
            [0x7f, b'E', b'L', b'F', 2] => Ok(()),
            [0x7f, b'E', b'L', b'F', 1] => {
                // `ElfFile32::parse` starts with `FileHeader32::parse`.
                let supported = magic[6] == 1 && (magic[5] == 1 || magic[5] == 2);
                if self.input.len() < EHDR32_SIZE {
                    return msg("Invalid ELF header size or alignment");
                }
                if !supported {
                    return msg("Unsupported ELF header");
                }
                let bytes = self.input.get(0, EHDR32_SIZE as usize, Hint::Start)?;
                self.header[..EHDR32_SIZE as usize].copy_from_slice(&bytes);
                self.big = magic[5] == 2;
                self.class32 = true;
                Ok(())
            }
            _ => msg("Unknown file magic"),
        }
    }

    fn aligned(&self, offset: u64, align: u64) -> bool {
        self.rules.alignment == Alignment::Unaligned || offset % align == 0
    }

    /// Whether [offset, offset + size) lies in the input, as `object`'s
    /// `read_bytes_at` on a slice decides it.
    fn in_bounds(&self, offset: u64, size: u64) -> bool {
        if size == 0 && self.rules.object == ObjectRelease::V039 {
            return true;
        }
        offset <= self.input.len() && size <= self.input.len() - offset
    }

    fn e_phoff(&self) -> u64 {
        u64_at(&self.header, 32, self.big)
    }
    fn e_shoff(&self) -> u64 {
        u64_at(&self.header, 40, self.big)
    }
    fn e_phentsize(&self) -> u16 {
        u16_at(&self.header, 54, self.big)
    }
    fn e_phnum(&self) -> u16 {
        u16_at(&self.header, 56, self.big)
    }
    fn e_shentsize(&self) -> u16 {
        u16_at(&self.header, 58, self.big)
    }
    fn e_shnum(&self) -> u16 {
        u16_at(&self.header, 60, self.big)
    }
    fn e_shstrndx(&self) -> u16 {
        u16_at(&self.header, 62, self.big)
    }

    /// `FileHeader64::parse`.
    fn read_header(&mut self) -> ObjResult<()> {
        if self.input.len() < EHDR_SIZE {
            return msg("Invalid ELF header size or alignment");
        }
        let bytes = self.input.get(0, EHDR_SIZE as usize, Hint::Start)?;
        self.header.copy_from_slice(&bytes);
        let h = &self.header;
        let supported =
            h[0..4] == *b"\x7fELF" && h[4] == 2 && (h[5] == 1 || h[5] == 2) && h[6] == 1;
        if !supported {
            return msg("Unsupported ELF header");
        }
        self.big = h[5] == 2;
        Ok(())
    }

    /// `FileHeader::section_0`.
    fn section_0(&mut self) -> ObjResult<Option<Shdr>> {
        let shoff = self.e_shoff();
        if shoff == 0 {
            return Ok(None);
        }
        if u64::from(self.e_shentsize()) != SHDR_SIZE {
            return msg("Invalid ELF section header entry size");
        }
        if !self.in_bounds(shoff, SHDR_SIZE) || !self.aligned(shoff, 8) {
            return msg("Invalid ELF section header offset or size");
        }
        let b = self.input.get(shoff, SHDR_SIZE as usize, Hint::Table)?;
        Ok(Some(Shdr::parse(&b, self.big)))
    }

    /// `FileHeader::program_headers`, without reading them.
    fn check_program_headers(&mut self) -> ObjResult<()> {
        let phoff = self.e_phoff();
        if phoff == 0 {
            return Ok(());
        }
        let phnum = if self.e_phnum() < PN_XNUM {
            u64::from(self.e_phnum())
        } else if let Some(s0) = self.section_0()? {
            u64::from(s0.info)
        } else {
            return msg("Missing ELF section headers for e_phnum overflow");
        };
        if phnum == 0 {
            return Ok(());
        }
        if u64::from(self.e_phentsize()) != PHDR_SIZE {
            return msg("Invalid ELF program header entry size");
        }
        if !self.in_bounds(phoff, phnum * PHDR_SIZE) || !self.aligned(phoff, 8) {
            return msg("Invalid ELF program header size or alignment");
        }
        Ok(())
    }

    /// `FileHeader::section_headers` and `section_strings`: reads the
    /// section table once. The first error is tagged by the step that
    /// failed (`true`: the table itself, `false`: its strings).
    fn read_table(&mut self) -> Result<(), (bool, Obj)> {
        if self.table.is_some() {
            return Ok(());
        }
        let shoff = self.e_shoff();
        let count = if shoff == 0 {
            0
        } else if self.e_shnum() > 0 {
            u64::from(self.e_shnum())
        } else {
            match self.section_0().map_err(|e| (true, e))? {
                Some(s0) => s0.size,
                None => 0,
            }
        };
        if count == 0 {
            self.table = Some(Table {
                headers: Cow::Borrowed(&[]),
                count: 0,
                strings: None,
            });
            return Ok(());
        }
        let table_err = |m| Err((true, Obj::Msg(m)));
        if u64::from(self.e_shentsize()) != SHDR_SIZE {
            return table_err("Invalid ELF section header entry size");
        }
        let fits = count
            .checked_mul(SHDR_SIZE)
            .is_some_and(|size| self.in_bounds(shoff, size));
        if !fits || !self.aligned(shoff, 8) {
            return table_err("Invalid ELF section header offset/size/alignment");
        }
        if count > MAX_SECTIONS {
            return Err((true, Obj::TooMany(count)));
        }
        let headers = self
            .input
            .get(shoff, (count * SHDR_SIZE) as usize, Hint::Table)
            .map_err(|e| (true, Obj::Io(e)))?;
        let count = count as usize;
        // `section_strings`.
        let index = match self.e_shstrndx() {
            SHN_XINDEX => match self.section_0().map_err(|e| (false, e))? {
                Some(s0) => s0.link,
                None => {
                    return Err((
                        false,
                        Obj::Msg("Missing ELF section headers for e_shstrndx overflow"),
                    ))
                }
            },
            index => u32::from(index),
        };
        if index == 0 {
            return Err((false, Obj::Msg("Missing ELF e_shstrndx")));
        }
        let index = index as usize;
        if index >= count {
            return Err((false, Obj::Msg("Invalid ELF e_shstrndx")));
        }
        let shstrtab = Shdr::parse(&headers[index * 64..index * 64 + 64], self.big);
        let strings = match shstrtab.file_range() {
            Some((offset, size)) => match offset.checked_add(size) {
                Some(end) => Some((offset, end)),
                None => return Err((false, Obj::Msg("Invalid ELF shstrtab size"))),
            },
            None => None,
        };
        self.table = Some(Table {
            headers,
            count,
            strings,
        });
        Ok(())
    }

    fn table(&self) -> &Table<'data> {
        self.table.as_ref().expect("section table read")
    }

    fn shdr(&self, index: usize) -> Shdr {
        let t = self.table();
        Shdr::parse(&t.headers[index * 64..index * 64 + 64], self.big)
    }

    fn count(&self) -> usize {
        self.table().count
    }

    /// The rest of `ElfFile64::parse` after the header.
    fn whole_file(&mut self) -> Result<(), ReadError> {
        let not_elf = |e: Obj| e.with(FormatError::NotElf);
        self.check_program_headers().map_err(not_elf)?;
        self.read_table()
            .map_err(|(_, e)| e.with(FormatError::NotElf))?;
        let symtab = self.check_symbols(SHT_SYMTAB).map_err(not_elf)?;
        self.check_symbols(SHT_DYNSYM).map_err(not_elf)?;
        self.check_relocations(symtab).map_err(not_elf)?;
        Ok(())
    }

    /// `SectionTable::symbols` then `SymbolTable::parse`, from the
    /// headers alone; the index of the table found (0 for none).
    fn check_symbols(&mut self, kind: u32) -> ObjResult<usize> {
        let count = self.count();
        let Some(index) = (0..count).find(|&i| self.shdr(i).kind == kind) else {
            return Ok(0);
        };
        let sym = self.shdr(index);
        // `data_as_array::<Sym64>`: in the file, a whole number of
        // entries, aligned.
        let ok = self.in_bounds(sym.offset, sym.size)
            && sym.size % SYM_SIZE == 0
            && self.aligned(sym.offset, 8);
        if !ok {
            return msg("Invalid ELF symbol table data");
        }
        // `SectionTable::strings` of the link.
        let link = sym.link as usize;
        if link != 0 {
            if link >= count {
                return msg("Invalid ELF section index");
            }
            let strtab = self.shdr(link);
            if strtab.kind != SHT_STRTAB {
                return msg("Invalid ELF string section type");
            }
            if strtab.offset.checked_add(strtab.size).is_none() {
                return msg("Invalid ELF string section offset or size");
            }
        }
        for i in 0..count {
            let s = self.shdr(i);
            if s.kind == SHT_SYMTAB_SHNDX && s.link as usize == index {
                let ok = self.in_bounds(s.offset, s.size)
                    && s.size % 4 == 0
                    && self.aligned(s.offset, 4);
                if !ok {
                    return msg("Invalid ELF symtab_shndx data");
                }
            }
        }
        Ok(index)
    }

    fn is_relocation(&self, kind: u32) -> bool {
        kind == SHT_REL
            || kind == SHT_RELA
            || (self.rules.object == ObjectRelease::V039 && kind == SHT_CREL)
    }

    /// `RelocationSections::parse`, without building its map.
    fn check_relocations(&mut self, symtab: usize) -> ObjResult<()> {
        let count = self.count();
        for index in (0..count).rev() {
            let s = self.shdr(index);
            if !self.is_relocation(s.kind) || s.link as usize != symtab {
                continue;
            }
            let info = s.info as usize;
            if info == 0 {
                continue;
            }
            if info >= count {
                return msg("Invalid ELF sh_info for relocation section");
            }
            if self.is_relocation(self.shdr(info).kind) {
                return msg("Unsupported ELF sh_info for relocation section");
            }
        }
        Ok(())
    }

    /// Whether section `s`'s name is `name`, as `StringTable::get` would
    /// read it (a name that cannot be read is no match).
    fn name_is(&mut self, s: &Shdr, name: &[u8]) -> io::Result<bool> {
        let Some((start, end)) = self.table().strings else {
            return Ok(false);
        };
        let Some(at) = start.checked_add(u64::from(s.name)) else {
            return Ok(false);
        };
        if at > end || end > self.input.len() {
            return Ok(false);
        }
        let want = name.len() as u64 + 1;
        if end - at < want {
            return Ok(false);
        }
        let bytes = self.input.get(at, want as usize, Hint::Forward)?;
        Ok(bytes[..name.len()] == *name && bytes[name.len()] == 0)
    }

    /// Whether every section's name can be read (wasmtime 43's walk fails
    /// on the first that cannot): one NUL must lie at or after the
    /// furthest name start and before the end of the string table.
    fn names_readable(&mut self) -> io::Result<bool> {
        let count = self.count();
        let Some((start, end)) = self.table().strings else {
            return Ok(count == 0);
        };
        let mut furthest = start;
        for i in 0..count {
            match start.checked_add(u64::from(self.shdr(i).name)) {
                Some(at) => furthest = furthest.max(at),
                None => return Ok(false),
            }
        }
        if furthest >= end || end > self.input.len() {
            return Ok(false);
        }
        // Look for a NUL backwards from the end, a block at a time: in a
        // real table the last byte is one.
        let mut hi = end;
        while hi > furthest {
            let lo = hi.saturating_sub(4096).max(furthest);
            let block = self.input.get(lo, (hi - lo) as usize, Hint::Forward)?;
            if block.contains(&0) {
                return Ok(true);
            }
            hi = lo;
        }
        Ok(false)
    }

    /// Finds the section called `name`, by `pick`, and where its data
    /// lies. `None` when there is none.
    pub fn find(&mut self, name: &str, pick: SectionPick) -> Result<Option<SectionRef>, ReadError> {
        if self.class32 {
            return Err(FormatError::NotElf(
                "a 32-bit ELF file with wasmtime's marks: wasmtime 3 to 21 would read its \
                 sections as ELF32; this reader reads ELF64 only"
                    .into(),
            )
            .into());
        }
        if self.rules.scope == Scope::HeadersFirst {
            self.read_table_with_context()?;
            if !self.names_readable()? {
                return Err(
                    FormatError::SectionData("Invalid ELF section name offset".into()).into(),
                );
            }
        }
        let mut found = None;
        for i in 0..self.count() {
            let s = self.shdr(i);
            if self.name_is(&s, name.as_bytes())? {
                found = Some(s);
                if pick == SectionPick::First {
                    break;
                }
            }
        }
        let Some(s) = found else {
            return Ok(None);
        };
        match s.file_range() {
            None => Ok(Some(SectionRef { offset: 0, size: 0 })),
            Some((offset, size)) if self.in_bounds(offset, size) => {
                Ok(Some(SectionRef { offset, size }))
            }
            Some(_) => {
                Err(FormatError::SectionData("Invalid ELF section size or offset".into()).into())
            }
        }
    }

    /// `read_table`, failing with the context wasmtime 43 and later
    /// put on a section table or string table they cannot read.
    fn read_table_with_context(&mut self) -> Result<(), ReadError> {
        self.read_table().map_err(|(table, e)| {
            let context = if table {
                "failed to parse section headers"
            } else {
                "failed to parse strings table"
            };
            e.with(|cause| FormatError::Context(context, cause))
        })
    }

    /// Every section of the table, in order, the null one included: the
    /// fields of its header and its name, each read within the file (a
    /// name that runs past the string table, or past
    /// [`MAX_NAME_SHOWN`] bytes without its NUL, is `None` or cut).
    pub fn sections(&mut self) -> Result<Vec<SectionInfo>, ReadError> {
        if self.class32 {
            return Err(FormatError::NotElf(
                "a 32-bit ELF file: this reader reads ELF64 only".into(),
            )
            .into());
        }
        self.read_table_with_context()?;
        let mut list = Vec::with_capacity(self.count());
        for i in 0..self.count() {
            let s = self.shdr(i);
            list.push(SectionInfo {
                name: self.name_of(&s)?,
                sh_type: s.kind,
                sh_flags: s.flags,
                offset: s.offset,
                size: s.size,
                align: s.align,
            });
        }
        Ok(list)
    }

    /// Section `s`'s name, read within the string table and the file.
    fn name_of(&mut self, s: &Shdr) -> io::Result<Option<Vec<u8>>> {
        let Some((start, end)) = self.table().strings else {
            return Ok(None);
        };
        let end = end.min(self.input.len());
        let Some(at) = start.checked_add(u64::from(s.name)).filter(|&at| at < end) else {
            return Ok(None);
        };
        let len = (end - at).min(MAX_NAME_SHOWN as u64 + 1) as usize;
        let bytes = self.input.get(at, len, Hint::Forward)?;
        Ok(match bytes.iter().position(|&b| b == 0) {
            Some(nul) => Some(bytes[..nul].to_vec()),
            None if len > MAX_NAME_SHOWN => Some(bytes[..MAX_NAME_SHOWN].to_vec()),
            None => None,
        })
    }

    /// The whole data of a section found by [`Elf::find`].
    pub fn data(&mut self, section: SectionRef) -> Result<Cow<'data, [u8]>, ReadError> {
        if section.size == 0 {
            return Ok(Cow::Borrowed(&[]));
        }
        Ok(self
            .input
            .get(section.offset, section.size as usize, Hint::Forward)?)
    }

    /// Frames an engine section: format byte, length byte, version string,
    /// at least one byte of metadata, failing in wasmtime's order and
    /// words. From a file it reads the section's first 4 KiB at once, so
    /// that a real engine section (about 1 KiB) costs one read wherever it
    /// lies.
    pub fn frame(&mut self, section: SectionRef) -> Result<Framed<'data>, ReadError> {
        let size = section.size;
        if size == 0 {
            return Err(FormatError::InvalidEngineSection.into());
        }
        let head = self
            .input
            .get(section.offset, size.min(4096) as usize, Hint::Forward)?;
        if head[0] != super::ENGINE_SECTION_VERSION {
            return Err(FormatError::MismatchedVersion(head[0]).into());
        }
        if size < 2 {
            return Err(FormatError::InvalidEngineSection.into());
        }
        let len = u64::from(head[1]);
        if size - 2 < len + 1 {
            return Err(FormatError::EngineSectionTooSmall.into());
        }
        let version = self
            .input
            .get(section.offset + 2, len as usize, Hint::Forward)?;
        Ok(Framed {
            version,
            payload_offset: section.offset + 2 + len,
            payload_len: size - 2 - len,
        })
    }

    /// The metadata's bytes, as far as a decode needs them: all of it from
    /// memory (up to [`MAX_ENGINE_PAYLOAD`]); from a file, a prefix grown
    /// (4 KiB, then four times as much each time) until `suffices` says
    /// the decode's outcome is known from it, or it is all there. A
    /// decoder that reads front to back and ignores what follows
    /// (postcard, bincode 1) gives on such a prefix what it gives on the
    /// whole.
    pub fn payload(
        &mut self,
        framed: &Framed<'_>,
        suffices: impl FnMut(&[u8]) -> bool,
    ) -> Result<Payload<'data>, ReadError> {
        read_payload(&mut self.input, framed, suffices)
    }
}

/// [`Elf::payload`] on any input (the pre-3.0 trailer reads its metadata
/// the same way).
pub(crate) fn read_payload<'data>(
    input: &mut Input<'data>,
    framed: &Framed<'_>,
    mut suffices: impl FnMut(&[u8]) -> bool,
) -> Result<Payload<'data>, ReadError> {
    let available = framed.payload_len.min(MAX_ENGINE_PAYLOAD);
    let capped = available < framed.payload_len;
    let mut size = match input {
        Input::Bytes(_) => available,
        Input::File(_) => available.min(4096),
    };
    loop {
        let bytes = input.get(framed.payload_offset, size as usize, Hint::Forward)?;
        if size == available || suffices(&bytes) {
            return Ok(Payload {
                bytes,
                total: framed.payload_len,
                capped,
            });
        }
        size = available.min(size * 4);
    }
}

/// Why the end of a pre-3.0 artifact's ELF image is unknown.
#[derive(Debug)]
pub enum ImageEndError {
    /// Fewer than 64 bytes from the image's start.
    Truncated,
    /// Not an ELF64 header (magic, class, the reading host's byte order,
    /// `EI_VERSION` 1).
    Unsupported,
    /// The section header table cannot be read: `object`'s message.
    SectionHeaders(&'static str),
    /// The image has no section header table (`e_shoff` 0, or a count of
    /// 0), so it has no end that wasmtime could compute.
    NoSectionHeaders,
    /// Reading the file failed.
    Io(io::Error),
}

impl From<io::Error> for ImageEndError {
    fn from(e: io::Error) -> ImageEndError {
        ImageEndError::Io(e)
    }
}

/// Where the ELF64 image that starts at `start` ends, as wasmtime 0.30 to
/// 2.x compute it to find what follows it: the end of its section header
/// table, `e_shoff + e_shnum * 64` from the image's start, once the header
/// is an ELF64 one of the reading host's byte order (`big_endian`) and the
/// table lies inside the input. Reads the 64-byte header and, when
/// `e_shnum` is 0 (extended numbering), the first section header; never
/// the table itself, nor anything a size field claims.
pub fn image_end(
    input: &mut Input<'_>,
    start: u64,
    big_endian: bool,
) -> Result<u64, ImageEndError> {
    let len = input.len();
    if start > len || len - start < EHDR_SIZE {
        return Err(ImageEndError::Truncated);
    }
    let h = input.get(start, EHDR_SIZE as usize, Hint::Start)?;
    let order = if big_endian { 2 } else { 1 };
    if h[0..4] != *b"\x7fELF" || h[4] != 2 || h[5] != order || h[6] != 1 {
        return Err(ImageEndError::Unsupported);
    }
    let shoff = u64_at(&h, 40, big_endian);
    let shentsize = u16_at(&h, 58, big_endian);
    let mut count = u64::from(u16_at(&h, 60, big_endian));
    // What lies in the input from the image's start.
    let fits = |offset: u64, size: u64| offset <= len - start && size <= len - start - offset;
    if shoff == 0 {
        return Err(ImageEndError::NoSectionHeaders);
    }
    if count == 0 {
        // Extended numbering: the count is section 0's `sh_size`.
        if u64::from(shentsize) != SHDR_SIZE {
            return Err(ImageEndError::SectionHeaders(
                "Invalid ELF section header entry size",
            ));
        }
        if !fits(shoff, SHDR_SIZE) {
            return Err(ImageEndError::SectionHeaders(
                "Invalid ELF section header offset or size",
            ));
        }
        let s0 = input.get(start + shoff, SHDR_SIZE as usize, Hint::Table)?;
        count = u64_at(&s0, 32, big_endian);
        if count == 0 {
            return Err(ImageEndError::NoSectionHeaders);
        }
    }
    if u64::from(shentsize) != SHDR_SIZE {
        return Err(ImageEndError::SectionHeaders(
            "Invalid ELF section header entry size",
        ));
    }
    let table = count.checked_mul(SHDR_SIZE);
    match table {
        Some(size) if fits(shoff, size) => Ok(start + shoff + size),
        _ => Err(ImageEndError::SectionHeaders(
            "Invalid ELF section header offset/size/alignment",
        )),
    }
}
