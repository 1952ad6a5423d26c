use super::{Kind, EF_WASMTIME_COMPONENT, EF_WASMTIME_MODULE, ELFOSABI_WASMTIME};
use object::write::{Object, StandardSegment};
use object::{Architecture, BinaryFormat, Endianness, FileFlags};
use target_lexicon::Triple;

/// What a caller-supplied section holds, which decides its ELF flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    /// Executable code (`.text`).
    Text,
    /// Read-only data.
    ReadOnlyData,
    /// Writable data.
    Data,
}

/// A section to write beside the engine section.
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
/// allocated: a target wasmtime can compile for (64-bit ELF machines and
/// Pulley), section names the file can carry, alignments that are powers
/// of two no larger than [`MAX_SECTION_ALIGN`], and a total size that fits
/// in memory.
fn check_arguments(
    target: &Triple,
    section_name: &str,
    engine_section: &[u8],
    extra: &[ExtraSection<'_>],
) -> anyhow::Result<()> {
    elf_machine(target)?;
    byte_order(target)?;
    let mut total = engine_section.len() as u64 + 4096;
    for section in extra {
        anyhow::ensure!(
            section.align.is_power_of_two() && section.align <= MAX_SECTION_ALIGN,
            "section `{}` has alignment {}; it must be a power of two no larger than {}",
            section.name,
            section.align,
            MAX_SECTION_ALIGN
        );
        anyhow::ensure!(
            section.name != section_name,
            "section `{section_name}` is written from the engine metadata and cannot be supplied"
        );
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
    Ok(())
}

/// Writes an ELF64 artifact of `kind` for `target`, carrying
/// `engine_section` (already framed) under `section_name` and every section
/// of `extra`.
///
/// The ELF machine and byte order follow the target the way wasmtime picks
/// them (Pulley targets are written as riscv64, since ELF has no machine
/// number for them); the OS ABI and `e_flags` mark the artifact's kind.
pub fn write_artifact(
    target: &Triple,
    kind: Kind,
    section_name: &str,
    engine_section: &[u8],
    extra: &[ExtraSection<'_>],
) -> anyhow::Result<Vec<u8>> {
    check_arguments(target, section_name, engine_section, extra)?;
    let mut obj = Object::new(BinaryFormat::Elf, elf_machine(target)?, byte_order(target)?);
    obj.flags = FileFlags::Elf {
        os_abi: ELFOSABI_WASMTIME,
        abi_version: 0,
        e_flags: match kind {
            Kind::Module => EF_WASMTIME_MODULE,
            Kind::Component => EF_WASMTIME_COMPONENT,
        },
    };
    for section in extra {
        let (segment, kind) = match section.kind {
            SectionKind::Text => (StandardSegment::Text, object::SectionKind::Text),
            SectionKind::ReadOnlyData => (StandardSegment::Data, object::SectionKind::ReadOnlyData),
            SectionKind::Data => (StandardSegment::Data, object::SectionKind::Data),
        };
        let id = obj.add_section(
            obj.segment_name(segment).to_vec(),
            section.name.as_bytes().to_vec(),
            kind,
        );
        obj.set_section_data(id, section.data, section.align);
    }
    let id = obj.add_section(
        obj.segment_name(StandardSegment::Data).to_vec(),
        section_name.as_bytes().to_vec(),
        object::SectionKind::ReadOnlyData,
    );
    obj.set_section_data(id, engine_section, 1);
    obj.write()
        .map_err(|e| anyhow::anyhow!("failed to write the artifact: {e}"))
}

fn elf_machine(target: &Triple) -> anyhow::Result<Architecture> {
    use target_lexicon::Architecture as A;
    // wasmtime compiles only for these, always into ELF64 files; a 32-bit
    // machine would need an ELF32 file, which no wasmtime reads.
    Ok(match target.architecture {
        A::X86_64 => Architecture::X86_64,
        A::Aarch64(_) => Architecture::Aarch64,
        A::S390x => Architecture::S390x,
        A::Riscv64(_) => Architecture::Riscv64,
        A::Pulley32 | A::Pulley64 | A::Pulley32be | A::Pulley64be => Architecture::Riscv64,
        other => anyhow::bail!(
            "cannot write an artifact for architecture `{other}`: wasmtime compiles only for \
             x86_64, aarch64, s390x, riscv64 and Pulley"
        ),
    })
}

fn byte_order(target: &Triple) -> anyhow::Result<Endianness> {
    match target.endianness() {
        Ok(target_lexicon::Endianness::Little) => Ok(Endianness::Little),
        Ok(target_lexicon::Endianness::Big) => Ok(Endianness::Big),
        Err(()) => anyhow::bail!("the byte order of target `{target}` is unknown"),
    }
}
