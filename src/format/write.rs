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
        anyhow::ensure!(
            section.align.is_power_of_two(),
            "section `{}` has alignment {}, which is not a power of two",
            section.name,
            section.align
        );
        anyhow::ensure!(
            section.name != section_name,
            "section `{section_name}` is written from the engine metadata and cannot be supplied"
        );
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
    Ok(match target.architecture {
        A::X86_32(_) => Architecture::I386,
        A::X86_64 => Architecture::X86_64,
        A::Arm(_) => Architecture::Arm,
        A::Aarch64(_) => Architecture::Aarch64,
        A::S390x => Architecture::S390x,
        A::Riscv64(_) => Architecture::Riscv64,
        A::Pulley32 | A::Pulley64 | A::Pulley32be | A::Pulley64be => Architecture::Riscv64,
        other => anyhow::bail!("cannot write an artifact for architecture `{other}`"),
    })
}

fn byte_order(target: &Triple) -> anyhow::Result<Endianness> {
    match target.endianness() {
        Ok(target_lexicon::Endianness::Little) => Ok(Endianness::Little),
        Ok(target_lexicon::Endianness::Big) => Ok(Endianness::Big),
        Err(()) => anyhow::bail!("the byte order of target `{target}` is unknown"),
    }
}
