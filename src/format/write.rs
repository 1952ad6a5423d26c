//! Writing artifacts: a fresh ELF64 file around caller-supplied sections,
//! with the header marks and the sections a wasmtime engine writes of its
//! own (the engine section and, for wasmtime, `.wasmtime.bti`), where the
//! release of the profile puts them.
//!
//! Which release does what is data ([`WriteRule`], in the profile tables);
//! this module only lays bytes out. Stamping an ELF object that already
//! exists is `super::stamp`.

use super::{Kind, EF_WASMTIME_COMPONENT, EF_WASMTIME_MODULE, ELFOSABI_WASMTIME};
use object::write::{Object, StandardSegment, Symbol, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, FileFlags, SectionFlags, SymbolFlags, SymbolScope,
};
use target_lexicon::Triple;

/// `e_flags` bit of an artifact of Pulley's 32-bit target (wasmtime 32
/// and later).
pub const EF_WASMTIME_PULLEY32: u32 = 1 << 2;
/// `e_flags` bit of an artifact of Pulley's 64-bit target (wasmtime 32
/// and later).
pub const EF_WASMTIME_PULLEY64: u32 = 1 << 3;

/// What a caller-supplied section holds, which decides its ELF type and
/// flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    /// Executable code (`.text`): `SHT_PROGBITS`, `SHF_ALLOC |
    /// SHF_EXECINSTR`.
    Text,
    /// Read-only data: `SHT_PROGBITS`, `SHF_ALLOC`.
    ReadOnlyData,
    /// Writable data: `SHT_PROGBITS`, `SHF_ALLOC | SHF_WRITE`.
    Data,
    /// Any other ELF section type and flags, written as given (wasmtime's
    /// Pulley `.text`, for example, is `SHT_PROGBITS` with only its own
    /// "not executed" flag, bit 0). The type must be one whose contents
    /// are plain bytes: `SHT_PROGBITS`, `SHT_NOTE`, the init/fini arrays,
    /// or an OS-, processor- or user-specific type (from `SHT_LOOS`);
    /// tables that readers interpret (symbols, strings, relocations,
    /// groups, `SHT_NOBITS`, ...) are the writer's own or not written.
    Elf {
        /// `sh_type`.
        sh_type: u32,
        /// `sh_flags`.
        sh_flags: u64,
    },
}

/// A section to write beside the engine's own.
#[derive(Clone, Copy, Debug)]
pub struct ExtraSection<'a> {
    /// The section name, such as `.wasmtime.info`.
    pub name: &'a str,
    /// Its contents.
    pub data: &'a [u8],
    /// Its alignment in bytes: a power of two, at least 1.
    pub align: u64,
    /// What it holds.
    pub kind: SectionKind,
}

/// What a symbol names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// A function (`STT_FUNC`), as wasmtime names each compiled function.
    Function,
    /// A data object (`STT_OBJECT`).
    Data,
}

/// A symbol to write, defined in one of the extra sections.
#[derive(Clone, Copy, Debug)]
pub struct ExtraSymbol<'a> {
    /// Its name, such as `wasm[0]::function[0]`.
    pub name: &'a str,
    /// The index of its section in the `extra` list it is written with.
    pub section: usize,
    /// Its offset in that section.
    pub value: u64,
    /// Its size in bytes.
    pub size: u64,
    /// What it names.
    pub kind: SymbolKind,
    /// Visible to other objects (`STB_GLOBAL`); wasmtime's own symbols
    /// are local (`STB_LOCAL`).
    pub global: bool,
}

/// Where a release puts the sections the engine writes of its own among
/// the compiler's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Before every other section (wasmtime 10 and later: the engine
    /// appends them to the object before any code).
    First,
    /// Just before the first section with one of these names, or after
    /// every other section when there is none (wasmtime 3 to 9: after the
    /// compiler's code, unwind, trap and debug sections, before the
    /// module's data, names and info that come after).
    Before(&'static [&'static str]),
}

/// How a release writes a Pulley (wasmtime's interpreter) artifact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PulleyMarks {
    /// The release cannot compile for Pulley (wasmtime 3 to 25).
    Unsupported,
    /// As a riscv64 file whose `e_flags` hold the kind alone (wasmtime 26
    /// to 31); `big_endian`: whether the big-endian Pulley targets exist
    /// (wasmtime 29 and later).
    Unmarked {
        /// Whether `pulley32be` and `pulley64be` can be written.
        big_endian: bool,
    },
    /// As a riscv64 file whose `e_flags` also hold
    /// [`EF_WASMTIME_PULLEY32`] or [`EF_WASMTIME_PULLEY64`] (wasmtime 32
    /// and later).
    Marked,
}

/// Where an empty section with an alignment lies in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmptySections {
    /// At an offset of its alignment, like any other (`object` 0.31 and
    /// later: wasmtime 12 and later).
    Padded,
    /// Where the previous section ended, its `sh_addralign` kept
    /// (`object` 0.29 and 0.30, which pad only before data: wasmtime 3 to
    /// 11, whose empty `.rodata.wasm` of alignment 4096 lies right after
    /// the section before it).
    Unpadded,
}

/// How a release writes its artifacts' container: the data of one row of
/// the profile tables.
#[derive(Debug, PartialEq, Eq)]
pub struct WriteRule {
    /// Where the engine's own sections go.
    pub placement: Placement,
    /// How Pulley artifacts are marked.
    pub pulley: PulleyMarks,
    /// Where empty sections lie.
    pub empty_sections: EmptySections,
}

/// A section the engine writes of its own: its name and contents. Both are
/// read-only data (`SHT_PROGBITS`, `SHF_ALLOC`) aligned to 1 byte, in
/// every release.
#[derive(Clone, Copy, Debug)]
pub struct OwnSection<'a> {
    /// `.wasmtime.engine`, `.wasmtime.bti`, `.aotcompat.engine`.
    pub name: &'a str,
    /// The contents.
    pub data: &'a [u8],
}

/// What an engine puts into every artifact of its own: the header (from
/// the target, the kind and the release's rule) and its sections, the
/// engine section first.
#[derive(Clone, Copy, Debug)]
pub struct Stamp<'a> {
    /// The engine's target.
    pub target: &'a Triple,
    /// Module or component.
    pub kind: Kind,
    /// How the profile's release writes.
    pub rule: &'a WriteRule,
    /// The engine section, already framed.
    pub engine: OwnSection<'a>,
    /// The branch-protection section, for profiles that write one.
    pub bti: Option<OwnSection<'a>>,
}

/// The ELF header fields an artifact's target and kind decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderMarks {
    /// The `object` architecture (its `e_machine`).
    pub architecture: Architecture,
    /// The byte order.
    pub endian: Endianness,
    /// `e_ident[EI_OSABI]`: always `ELFOSABI_WASMTIME`.
    pub os_abi: u8,
    /// `e_ident[EI_ABIVERSION]`: always 0.
    pub abi_version: u8,
    /// `e_flags`: the kind's bit, and Pulley's where the release marks it.
    pub e_flags: u32,
}

impl Stamp<'_> {
    /// The sections the engine writes of its own, in their order.
    pub fn own_sections(&self) -> impl Iterator<Item = OwnSection<'_>> + '_ {
        std::iter::once(self.engine).chain(self.bti)
    }

    /// The header as the release writes it for this target and kind. A
    /// target no wasmtime compiles for, a 32-bit one (wasmtime would write
    /// an ELF32 file, which no wasmtime reads) or a Pulley target the
    /// release does not know is refused.
    pub fn header(&self) -> anyhow::Result<HeaderMarks> {
        use target_lexicon::Architecture as A;
        let kind_bit = match self.kind {
            Kind::Module => EF_WASMTIME_MODULE,
            Kind::Component => EF_WASMTIME_COMPONENT,
        };
        let (architecture, pulley_bit) = match self.target.architecture {
            A::X86_64 => (Architecture::X86_64, None),
            A::Aarch64(_) => (Architecture::Aarch64, None),
            A::S390x => (Architecture::S390x, None),
            A::Riscv64(_) => (Architecture::Riscv64, None),
            // ELF has no machine number for Pulley: wasmtime writes riscv64.
            A::Pulley32 | A::Pulley32be => (Architecture::Riscv64, Some(EF_WASMTIME_PULLEY32)),
            A::Pulley64 | A::Pulley64be => (Architecture::Riscv64, Some(EF_WASMTIME_PULLEY64)),
            other => anyhow::bail!(
                "cannot write an artifact for architecture `{other}`: wasmtime compiles only for \
                 x86_64, aarch64, s390x, riscv64 and Pulley (a 32-bit target would need an ELF32 \
                 file, which no wasmtime reads)"
            ),
        };
        let big_pulley = matches!(self.target.architecture, A::Pulley32be | A::Pulley64be);
        let e_flags = match (pulley_bit, self.rule.pulley) {
            (None, _) => kind_bit,
            (Some(_), PulleyMarks::Unsupported) => anyhow::bail!(
                "cannot write an artifact for `{}`: this release of wasmtime does not compile for \
                 Pulley (wasmtime 26 and later do)",
                self.target
            ),
            (Some(_), PulleyMarks::Unmarked { big_endian: false }) if big_pulley => anyhow::bail!(
                "cannot write an artifact for `{}`: this release of wasmtime does not know the \
                 big-endian Pulley targets (wasmtime 29 and later do)",
                self.target
            ),
            (Some(_), PulleyMarks::Unmarked { .. }) => kind_bit,
            (Some(bit), PulleyMarks::Marked) => kind_bit | bit,
        };
        let endian = match self.target.endianness() {
            Ok(target_lexicon::Endianness::Little) => Endianness::Little,
            Ok(target_lexicon::Endianness::Big) => Endianness::Big,
            Err(()) => anyhow::bail!("the byte order of target `{}` is unknown", self.target),
        };
        Ok(HeaderMarks {
            architecture,
            endian,
            os_abi: ELFOSABI_WASMTIME,
            abi_version: 0,
            e_flags,
        })
    }
}

/// The largest section alignment the writer accepts: 64 KiB, the largest
/// page size of the targets wasmtime compiles for (wasmtime itself aligns
/// to at most a page). Anything larger is refused before anything is
/// allocated.
pub const MAX_SECTION_ALIGN: u64 = 1 << 16;

/// The names of the sections the writer makes itself, which a caller's
/// section may not take (reading the artifact back would find the wrong
/// one).
const RESERVED_NAMES: &[&str] = &["", ".symtab", ".strtab", ".shstrtab"];

/// Checks every argument of [`write_artifact`] before anything is
/// allocated: section names the file can carry, alignments that are
/// powers of two no larger than [`MAX_SECTION_ALIGN`], symbols inside
/// their sections, and a total size that fits in memory.
fn check_arguments(
    stamp: &Stamp<'_>,
    extra: &[ExtraSection<'_>],
    symbols: &[ExtraSymbol<'_>],
) -> anyhow::Result<()> {
    let mut total: u64 = 4096;
    for own in stamp.own_sections() {
        total += own.data.len() as u64 + own.name.len() as u64 + 64;
    }
    for section in extra {
        if let SectionKind::Elf { sh_type, .. } = section.kind {
            use object::elf::*;
            let plain = matches!(
                sh_type,
                SHT_PROGBITS | SHT_NOTE | SHT_INIT_ARRAY | SHT_FINI_ARRAY | SHT_PREINIT_ARRAY
            ) || sh_type >= SHT_LOOS;
            anyhow::ensure!(
                plain,
                "section `{}` has ELF type {sh_type:#x}, whose contents readers interpret; the \
                 writer takes plain bytes (SHT_PROGBITS, SHT_NOTE, the init/fini arrays, or a \
                 type from SHT_LOOS on)",
                section.name
            );
        }
        anyhow::ensure!(
            section.align.is_power_of_two() && section.align <= MAX_SECTION_ALIGN,
            "section `{}` has alignment {}; it must be a power of two no larger than {}",
            section.name,
            section.align,
            MAX_SECTION_ALIGN
        );
        for own in stamp.own_sections() {
            anyhow::ensure!(
                section.name != own.name,
                "section `{}` is written from the engine and cannot be supplied",
                own.name
            );
        }
        anyhow::ensure!(
            !section.name.contains('\0'),
            "section name {:?} contains a NUL byte, which ELF section names cannot hold",
            section.name
        );
        anyhow::ensure!(
            !RESERVED_NAMES.contains(&section.name),
            "section name {:?} is one the writer uses for its own sections",
            section.name
        );
        total = total
            .checked_add(section.data.len() as u64)
            .and_then(|t| t.checked_add(section.align))
            .and_then(|t| t.checked_add(section.name.len() as u64 + 64))
            .filter(|&t| t <= isize::MAX as u64)
            .ok_or_else(|| anyhow::anyhow!("the artifact would be larger than memory can hold"))?;
    }
    for (i, symbol) in symbols.iter().enumerate() {
        let Some(section) = extra.get(symbol.section) else {
            anyhow::bail!(
                "symbol {i} ({:?}) is in section {}, but there are {} sections",
                symbol.name,
                symbol.section,
                extra.len()
            );
        };
        anyhow::ensure!(
            !symbol.name.is_empty() && !symbol.name.contains('\0'),
            "symbol {i} has the name {:?}; a symbol needs a name without NUL bytes",
            symbol.name
        );
        let inside = symbol
            .value
            .checked_add(symbol.size)
            .is_some_and(|end| end <= section.data.len() as u64);
        anyhow::ensure!(
            inside,
            "symbol {:?} ({} bytes at {}) does not lie inside section `{}` ({} bytes)",
            symbol.name,
            symbol.size,
            symbol.value,
            section.name,
            section.data.len()
        );
        total = total
            .checked_add(symbol.name.len() as u64 + 32)
            .filter(|&t| t <= isize::MAX as u64)
            .ok_or_else(|| anyhow::anyhow!("the artifact would be larger than memory can hold"))?;
    }
    Ok(())
}

/// Where the engine's own sections go among `names` (the caller's
/// sections, in order): the index of the section they precede, or
/// `names.len()` for after them all.
pub fn own_sections_at<'n>(
    placement: Placement,
    names: impl IntoIterator<Item = &'n [u8]>,
) -> Option<usize> {
    match placement {
        Placement::First => Some(0),
        Placement::Before(list) => names
            .into_iter()
            .position(|name| list.iter().any(|l| l.as_bytes() == name)),
    }
}

/// Writes an ELF64 artifact: the header and the engine's own sections of
/// `stamp`, the sections of `extra` in order, and `symbols`.
///
/// The machine and byte order follow the target the way wasmtime picks
/// them (Pulley targets are written as riscv64, marked as the release
/// marks them); the OS ABI and `e_flags` mark the artifact's kind. The
/// engine's sections go where the release puts them
/// ([`WriteRule::placement`]).
pub fn write_artifact(
    stamp: &Stamp<'_>,
    extra: &[ExtraSection<'_>],
    symbols: &[ExtraSymbol<'_>],
) -> anyhow::Result<Vec<u8>> {
    let header = stamp.header()?;
    check_arguments(stamp, extra, symbols)?;
    let mut obj = Object::new(BinaryFormat::Elf, header.architecture, header.endian);
    obj.flags = FileFlags::Elf {
        os_abi: header.os_abi,
        abi_version: header.abi_version,
        e_flags: header.e_flags,
    };
    let own_at = own_sections_at(
        stamp.rule.placement,
        extra.iter().map(|s| s.name.as_bytes()),
    )
    .unwrap_or(extra.len());
    let mut ids = Vec::with_capacity(extra.len());
    // Empty sections to write unpadded, by section index, with the
    // alignment their header keeps.
    let mut unpadded = Vec::new();
    let own_count = stamp.own_sections().count();
    for (i, section) in extra.iter().enumerate() {
        if i == own_at {
            add_own_sections(&mut obj, stamp);
        }
        let mut align = section.align;
        if stamp.rule.empty_sections == EmptySections::Unpadded
            && section.data.is_empty()
            && align > 1
        {
            let index = 1 + i + if i >= own_at { own_count } else { 0 };
            unpadded.push((index, align));
            align = 1;
        }
        let (segment, kind, flags) = match section.kind {
            SectionKind::Text => (
                StandardSegment::Text,
                object::SectionKind::Text,
                SectionFlags::None,
            ),
            SectionKind::ReadOnlyData => (
                StandardSegment::Data,
                object::SectionKind::ReadOnlyData,
                SectionFlags::None,
            ),
            SectionKind::Data => (
                StandardSegment::Data,
                object::SectionKind::Data,
                SectionFlags::None,
            ),
            SectionKind::Elf { sh_type, sh_flags } => (
                StandardSegment::Data,
                object::SectionKind::Elf(sh_type),
                SectionFlags::Elf { sh_flags },
            ),
        };
        let id = obj.add_section(
            obj.segment_name(segment).to_vec(),
            section.name.as_bytes().to_vec(),
            kind,
        );
        obj.section_mut(id).flags = flags;
        obj.set_section_data(id, section.data, align);
        ids.push(id);
    }
    if own_at == extra.len() {
        add_own_sections(&mut obj, stamp);
    }
    for symbol in symbols {
        obj.add_symbol(Symbol {
            name: symbol.name.as_bytes().to_vec(),
            value: symbol.value,
            size: symbol.size,
            kind: match symbol.kind {
                SymbolKind::Function => object::SymbolKind::Text,
                SymbolKind::Data => object::SymbolKind::Data,
            },
            scope: if symbol.global {
                SymbolScope::Dynamic
            } else {
                SymbolScope::Compilation
            },
            weak: false,
            section: SymbolSection::Section(ids[symbol.section]),
            flags: SymbolFlags::None,
        });
    }
    let mut bytes = obj
        .write()
        .map_err(|e| anyhow::anyhow!("failed to write the artifact: {e}"))?;
    set_alignments(&mut bytes, header.endian, &unpadded);
    Ok(bytes)
}

/// Sets `sh_addralign` of each (section index, alignment) in a written
/// ELF64 file: the sections written with alignment 1 so that nothing pads
/// them ([`EmptySections::Unpadded`]) get their own back.
pub(crate) fn set_alignments(bytes: &mut [u8], endian: Endianness, sections: &[(usize, u64)]) {
    if sections.is_empty() {
        return;
    }
    let shoff: [u8; 8] = bytes[40..48].try_into().expect("an ELF64 header");
    let shoff = match endian {
        Endianness::Little => u64::from_le_bytes(shoff),
        Endianness::Big => u64::from_be_bytes(shoff),
    } as usize;
    for &(index, align) in sections {
        let at = shoff + index * 64 + 48;
        let value = match endian {
            Endianness::Little => align.to_le_bytes(),
            Endianness::Big => align.to_be_bytes(),
        };
        bytes[at..at + 8].copy_from_slice(&value);
    }
}

/// Adds the engine's own sections, as wasmtime adds them: read-only data,
/// aligned to 1.
fn add_own_sections(obj: &mut Object<'_>, stamp: &Stamp<'_>) {
    for own in stamp.own_sections() {
        let id = obj.add_section(
            obj.segment_name(StandardSegment::Data).to_vec(),
            own.name.as_bytes().to_vec(),
            object::SectionKind::ReadOnlyData,
        );
        obj.set_section_data(id, own.data.to_vec(), 1);
    }
}
