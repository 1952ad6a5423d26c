//! Stamping an ELF object that already exists (from Cranelift, LLVM or any
//! other backend): the engine's own sections are added or replaced and the
//! header marks set, and every other section, symbol and relocation is
//! kept, through `object`'s ELF builder.

use super::write::{
    own_sections_at, set_alignments, EmptySections, HeaderMarks, OwnSection, Stamp,
    MAX_SECTION_ALIGN,
};
use object::build::elf::{AttributeTag, Builder, SectionData, SectionId};
use object::build::{ByteString, Id};
use object::{elf, Architecture, Endianness};
use std::fmt;

/// Why an object could not be stamped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StampError {
    /// The input is not an object that can be stamped: not ELF, ELF32,
    /// malformed, or not a relocatable object.
    Object(String),
    /// The input is fine, but does not fit the engine: another machine or
    /// byte order than its target, or a target the release cannot write.
    Mismatch(String),
}

impl fmt::Display for StampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StampError::Object(m) | StampError::Mismatch(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for StampError {}

/// The ELF machine number `object` writes for an architecture the writer
/// knows.
fn machine_of(architecture: Architecture) -> u16 {
    match architecture {
        Architecture::X86_64 => elf::EM_X86_64,
        Architecture::Aarch64 => elf::EM_AARCH64,
        Architecture::S390x => elf::EM_S390,
        Architecture::Riscv64 => elf::EM_RISCV,
        _ => elf::EM_NONE,
    }
}

fn machine_name(machine: u16) -> String {
    match machine {
        elf::EM_X86_64 => "x86_64".into(),
        elf::EM_AARCH64 => "aarch64".into(),
        elf::EM_S390 => "s390x".into(),
        elf::EM_RISCV => "riscv".into(),
        elf::EM_386 => "i386".into(),
        elf::EM_ARM => "arm".into(),
        other => format!("machine {other}"),
    }
}

/// Whether a section is one of the tables the builder writes itself
/// (symbols and strings), rather than contents.
fn is_table(data: &SectionData<'_>) -> bool {
    matches!(
        data,
        SectionData::Symbol
            | SectionData::SymbolSectionIndex
            | SectionData::String
            | SectionData::SectionString
            | SectionData::DynamicSymbol
            | SectionData::DynamicString
    )
}

/// Checks the first bytes before handing them to the builder, so that the
/// common mistakes get a plain answer.
pub(super) fn check_ident(object: &[u8]) -> Result<(), StampError> {
    if object.len() < 16 || object[..4] != *b"\x7fELF" {
        return Err(StampError::Object(
            "the object is not an ELF file (no ELF magic)".into(),
        ));
    }
    match object[4] {
        elf::ELFCLASS64 => Ok(()),
        elf::ELFCLASS32 => Err(StampError::Object(
            "the object is a 32-bit ELF file; wasmtime artifacts are ELF64 (and wasmtime \
             compiles for no 32-bit target)"
                .into(),
        )),
        other => Err(StampError::Object(format!(
            "the object has ELF class {other}, which is neither ELF32 nor ELF64"
        ))),
    }
}

/// `object`, or a copy of it in `copy` at an address aligned to 8:
/// `object`'s reader (built without `unaligned`) wants its tables at
/// addresses of their alignment, and a caller's buffer can lie anywhere.
pub(crate) fn aligned_for_reading<'a>(object: &'a [u8], copy: &'a mut Vec<u8>) -> &'a [u8] {
    if object.as_ptr().align_offset(8) == 0 {
        return object;
    }
    copy.resize(object.len() + 7, 0);
    let at = copy.as_ptr().align_offset(8);
    copy[at..at + object.len()].copy_from_slice(object);
    &copy[at..at + object.len()]
}

/// Stamps `object`, an ELF64 relocatable object for the stamp's target:
/// sets the header marks as the release writes them (OS ABI, ABI version
/// and `e_flags`, replaced whole), replaces the data of every section named
/// as one of the engine's own, adds those missing where the release puts
/// them (a missing branch-protection section right after the engine
/// section, a missing engine section right before it), and keeps every
/// other section, symbol and relocation.
///
/// Refused: anything but ELF64, an object with program headers or of a
/// type other than `ET_REL` (wasmtime artifacts are relocatable objects),
/// a section aligned to more than [`MAX_SECTION_ALIGN`] or to something
/// that is not a power of two, and an object whose machine or byte order
/// is not the target's.
pub fn stamp_object(stamp: &Stamp<'_>, object: &[u8]) -> Result<Vec<u8>, StampError> {
    let header = stamp
        .header()
        .map_err(|e| StampError::Mismatch(format!("{e:#}")))?;
    check_ident(object)?;
    let mut copy = Vec::new();
    let object = aligned_for_reading(object, &mut copy);
    let mut builder = Builder::read64(object)
        .map_err(|e| StampError::Object(format!("cannot read the ELF object: {e}")))?;
    check_shape(&builder, &header, stamp)?;
    check_alignments(&builder)?;
    builder.header.os_abi = header.os_abi;
    builder.header.abi_version = header.abi_version;
    builder.header.e_flags = header.e_flags;
    link_relocation_targets(&mut builder);

    let own: Vec<OwnSection<'_>> = stamp.own_sections().collect();
    // Replace what is there, and note where each of the engine's sections
    // first is.
    let mut first: Vec<Option<usize>> = vec![None; own.len()];
    let order: Vec<SectionId> = builder.sections.iter().map(|s| s.id()).collect();
    for (position, id) in order.iter().enumerate() {
        let section = builder.sections.get_mut(*id);
        let Some(which) = own.iter().position(|o| o.name.as_bytes() == &*section.name) else {
            continue;
        };
        if is_table(&section.data) {
            return Err(StampError::Object(format!(
                "the object's section `{}` is a symbol or string table; it cannot carry the \
                 engine's data",
                own[which].name
            )));
        }
        set_own(section, own[which].data);
        first[which].get_or_insert(position);
    }
    // Add what is missing: each one next to its neighbour when that is
    // there, else where the release puts them.
    let content_end = order
        .iter()
        .rposition(|id| !is_table(&builder.sections.get(*id).data))
        .map_or(0, |p| p + 1);
    let default_at = own_sections_at(
        stamp.rule.placement,
        order.iter().map(|id| &*builder.sections.get(*id).name),
    )
    .unwrap_or(content_end);
    let mut inserts: Vec<(usize, OwnSection<'_>)> = Vec::new();
    for (which, o) in own.iter().enumerate() {
        if first[which].is_some() {
            continue;
        }
        let after_previous = which.checked_sub(1).and_then(|p| first[p]).map(|p| p + 1);
        let before_next = first.get(which + 1).copied().flatten();
        let at = after_previous.or(before_next).unwrap_or(default_at);
        inserts.push((at, *o));
    }
    insert_sections(&mut builder, &order, &inserts);
    let unpadded = match stamp.rule.empty_sections {
        EmptySections::Padded => Vec::new(),
        EmptySections::Unpadded => unpad_empty_sections(&mut builder),
    };

    let mut out = Vec::with_capacity(object.len() + 4096);
    builder
        .write(&mut out)
        .map_err(|e| StampError::Object(format!("cannot write the stamped object: {e}")))?;
    set_alignments(&mut out, header.endian, &unpadded);
    Ok(out)
}

/// Gives every empty data section with an alignment the alignment 1, so
/// that nothing pads it, and returns the (section index, alignment) pairs
/// to set back once written ([`EmptySections::Unpadded`]).
fn unpad_empty_sections(builder: &mut Builder<'_>) -> Vec<(usize, u64)> {
    let mut unpadded = Vec::new();
    for (position, section) in builder.sections.iter_mut().enumerate() {
        let empty = matches!(&section.data, SectionData::Data(d) if d.is_empty());
        if empty && section.sh_addralign > 1 {
            unpadded.push((position + 1, section.sh_addralign));
            section.sh_addralign = 1;
        }
    }
    unpadded
}

/// Refuses a section whose data the builder would pad to an alignment
/// that is not a power of two or exceeds [`MAX_SECTION_ALIGN`], as the
/// writer refuses one: a crafted alignment of 2^40 would have the file
/// padded to a terabyte.
pub(super) fn check_alignments(builder: &Builder<'_>) -> Result<(), StampError> {
    for section in builder.sections.iter() {
        let laid_out = matches!(
            section.data,
            SectionData::Data(_) | SectionData::Note(_) | SectionData::Attributes(_)
        );
        let align = section.sh_addralign;
        if laid_out && align > 1 && (!align.is_power_of_two() || align > MAX_SECTION_ALIGN) {
            return Err(StampError::Object(format!(
                "the object's section `{}` has alignment {align}; a section's alignment must be \
                 a power of two no larger than {MAX_SECTION_ALIGN}",
                String::from_utf8_lossy(&section.name)
            )));
        }
    }
    Ok(())
}

/// The shape checks: a relocatable object without program headers, for
/// the target's machine and byte order.
fn check_shape(
    builder: &Builder<'_>,
    header: &HeaderMarks,
    stamp: &Stamp<'_>,
) -> Result<(), StampError> {
    if builder.header.e_type != elf::ET_REL || !builder.segments.is_empty() {
        return Err(StampError::Object(format!(
            "the object is not a relocatable object (ELF type {}{}); wasmtime artifacts are \
             relocatable objects (ET_REL) without program headers",
            builder.header.e_type,
            if builder.segments.is_empty() {
                ""
            } else {
                ", with program headers"
            }
        )));
    }
    let machine = machine_of(header.architecture);
    if builder.header.e_machine != machine {
        return Err(StampError::Mismatch(format!(
            "the object is for {}, but an artifact for target `{}` is {}",
            machine_name(builder.header.e_machine),
            stamp.target,
            machine_name(machine)
        )));
    }
    if builder.endian != header.endian {
        let name = |e: Endianness| match e {
            Endianness::Little => "little-endian",
            Endianness::Big => "big-endian",
        };
        return Err(StampError::Mismatch(format!(
            "the object is {}, but target `{}` is {}",
            name(builder.endian),
            stamp.target,
            name(header.endian)
        )));
    }
    Ok(())
}

/// Makes `section` one of the engine's own, as wasmtime writes them.
fn set_own<'data>(section: &mut object::build::elf::Section<'data>, data: &[u8]) {
    section.sh_type = elf::SHT_PROGBITS;
    section.sh_flags = u64::from(elf::SHF_ALLOC);
    section.sh_addr = 0;
    section.sh_addralign = 1;
    section.sh_entsize = 0;
    section.sh_link_section = None;
    section.sh_info = 0;
    section.sh_info_section = None;
    section.data = SectionData::Data(data.to_vec().into());
}

/// Records the section a relocation section applies to as a link, also
/// when the object did not flag it `SHF_INFO_LINK` (the builder then keeps
/// the raw index, which moving sections would make wrong).
pub(super) fn link_relocation_targets(builder: &mut Builder<'_>) {
    let ids: Vec<SectionId> = builder.sections.iter().map(|s| s.id()).collect();
    for id in &ids {
        let section = builder.sections.get_mut(*id);
        let is_rel = matches!(section.sh_type, elf::SHT_REL | elf::SHT_RELA);
        if is_rel && section.sh_info_section.is_none() && section.sh_info != 0 {
            // Section index n is the builder's id n - 1.
            if let Some(target) = ids.get(section.sh_info as usize - 1) {
                section.sh_info_section = Some(*target);
            }
        }
    }
}

/// Inserts each new section before the section at its position in
/// `order` (or after them all). The builder's table cannot be reordered,
/// so every section from the first insertion point on is copied to the
/// end after the new ones, the originals are dropped, and every reference
/// to them (symbols, section links, attributes) is moved to the copies.
fn insert_sections<'data>(
    builder: &mut Builder<'data>,
    order: &[SectionId],
    inserts: &[(usize, OwnSection<'_>)],
) {
    let Some(start) = inserts.iter().map(|(at, _)| *at).min() else {
        return;
    };
    let mut moved: Vec<Option<SectionId>> = vec![None; order.len() + inserts.len() + 1];
    for position in start..=order.len() {
        for (_, o) in inserts.iter().filter(|(at, _)| *at == position) {
            let section = builder.sections.add();
            section.name = ByteString::from(o.name.as_bytes().to_vec());
            set_own(section, o.data);
        }
        if let Some(&id) = order.get(position) {
            let copy = builder.sections.copy(id).id();
            builder.sections.get_mut(id).delete = true;
            if moved.len() <= id.index() {
                moved.resize(id.index() + 1, None);
            }
            moved[id.index()] = Some(copy);
        }
    }
    let map = |id: &mut SectionId| {
        if let Some(Some(new)) = moved.get(id.index()) {
            *id = *new;
        }
    };
    for section in builder.sections.iter_mut() {
        if let Some(id) = section.sh_link_section.as_mut() {
            map(id);
        }
        if let Some(id) = section.sh_info_section.as_mut() {
            map(id);
        }
        if let SectionData::Attributes(attributes) = &mut section.data {
            for sub in &mut attributes.subsections {
                for subsub in &mut sub.subsubsections {
                    if let AttributeTag::Section(ids) = &mut subsub.tag {
                        ids.iter_mut().for_each(map);
                    }
                }
            }
        }
    }
    for symbol in builder.symbols.iter_mut() {
        if let Some(id) = symbol.section.as_mut() {
            map(id);
        }
    }
    for symbol in builder.dynamic_symbols.iter_mut() {
        if let Some(id) = symbol.section.as_mut() {
            map(id);
        }
    }
}
