//! The writer writes what wasmtime writes: for every real artifact of
//! every release in the fixtures (every target they hold), an artifact
//! written from its metadata, its other sections and its symbols has the
//! same ELF header, the same section table and the same engine and
//! `.wasmtime.bti` sections, byte for byte.

mod common;

use aotcompat::artifact::{bti_byte, Artifact};
use aotcompat::format::{ExtraSection, ExtraSymbol, SectionKind, SymbolKind};
use common::elf::ElfParts;
use common::Manifest;
use object::elf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The caller's view of a real section: one of the three kinds where it
/// is one, its raw type and flags otherwise.
fn kind_of(s: &common::elf::Section) -> SectionKind {
    let alloc = u64::from(elf::SHF_ALLOC);
    let exec = u64::from(elf::SHF_EXECINSTR);
    let write = u64::from(elf::SHF_WRITE);
    match (s.sh_type, s.sh_flags) {
        (elf::SHT_PROGBITS, f) if f == alloc | exec => SectionKind::Text,
        (elf::SHT_PROGBITS, f) if f == alloc => SectionKind::ReadOnlyData,
        (elf::SHT_PROGBITS, f) if f == alloc | write => SectionKind::Data,
        (sh_type, sh_flags) => SectionKind::Elf { sh_type, sh_flags },
    }
}

/// Writes `real` again from its metadata, its sections but the engine's
/// own, and its symbols.
pub fn rewrite(real: &ElfParts, artifact: &Artifact) -> Vec<u8> {
    let own = [
        artifact.profile.container.section,
        artifact
            .profile
            .writer
            .and_then(|w| w.bti.as_ref())
            .map_or("", |b| b.section),
    ];
    let mut extra = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    for s in &real.sections {
        if own.contains(&s.name.as_str()) || ElfParts::is_bookkeeping(s) {
            continue;
        }
        index_of.insert(s.name.clone(), extra.len());
        extra.push(ExtraSection {
            name: &s.name,
            data: &s.data,
            align: s.sh_addralign,
            kind: kind_of(s),
        });
    }
    let symbols: Vec<ExtraSymbol<'_>> = real
        .symbols
        .iter()
        .map(|sym| ExtraSymbol {
            name: &sym.name,
            section: index_of[sym.section.as_ref().expect("symbols are defined")],
            value: sym.value,
            size: sym.size,
            kind: match sym.st_info & 0xf {
                elf::STT_FUNC => SymbolKind::Function,
                elf::STT_OBJECT => SymbolKind::Data,
                other => panic!("symbol {} of type {other}", sym.name),
            },
            global: sym.st_info >> 4 != elf::STB_LOCAL,
        })
        .collect();
    let kind = artifact.kind.expect("real artifacts are marked");
    artifact
        .write_with_symbols(kind, &extra, &symbols)
        .unwrap_or_else(|e| panic!("{e:#}"))
}

static COMPARED: AtomicUsize = AtomicUsize::new(0);
static WHOLE: AtomicUsize = AtomicUsize::new(0);
static WITH_RELOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn parity(m: &Manifest) {
    let bti_name = ".wasmtime.bti";
    for (name, path) in m.real_files() {
        let bytes = std::fs::read(&path).unwrap();
        let real = ElfParts::read(&bytes);
        if real.has_relocations() {
            // Relocations are not something the writer takes: these (the
            // DWARF of debug-info artifacts) are stamped instead
            // (tests/stamp_into.rs).
            WITH_RELOCATIONS.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let artifact = Artifact::read(&bytes, Some(m.profile)).unwrap();
        let ours = ElfParts::read(&rewrite(&real, &artifact));
        let at = format!("{}/{name}", m.dir.display());
        if let Some(dir) = std::env::var_os("AOTCOMPAT_DUMP") {
            if ours.bytes != real.bytes {
                let base = std::path::Path::new(&dir).join(format!("{}-{name}", m.profile.name));
                std::fs::write(base.with_extension("ours"), &ours.bytes).unwrap();
            }
        }
        assert_eq!(ours.header(), real.header(), "{at}: ELF header");
        assert_eq!(
            ours.section_table(),
            real.section_table(),
            "{at}: section table\nours: {:?}\nreal: {:?}",
            ours.sections.iter().map(|s| &s.name).collect::<Vec<_>>(),
            real.sections.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
        for own in [m.profile.container.section, bti_name] {
            assert_eq!(
                ours.section(own).map(|s| &s.data),
                real.section(own).map(|s| &s.data),
                "{at}: section {own}"
            );
        }
        assert_eq!(
            real.section(bti_name).map(|s| s.data.clone()),
            bti_byte(m.profile, &artifact.metadata).map(|b| vec![b]),
            "{at}: the bti byte from the ISA flags"
        );
        if ours.bytes == real.bytes {
            WHOLE.fetch_add(1, Ordering::Relaxed);
        }
        COMPARED.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn header_section_table_and_own_sections_match_every_real_artifact() {
    common::for_each_version(parity);
    let compared = COMPARED.load(Ordering::Relaxed);
    println!(
        "{compared} real artifacts written again: header, section table, engine and bti \
         sections identical; {} identical as a whole; {} with relocations left to the stamp test",
        WHOLE.load(Ordering::Relaxed),
        WITH_RELOCATIONS.load(Ordering::Relaxed)
    );
    assert!(compared > 1400, "only {compared} artifacts compared");
}

/// The only real artifacts whose `.wasmtime.bti` byte is 1: wasmtime
/// 31.0.0 compiling for aarch64 with Cranelift's `use_bti` on
/// (tests/fixtures/bti, from tools/wasmtime-bti-fixture), beside the same
/// with it off. The byte follows the flag, and the writer and the stamper
/// give each file back whole.
#[test]
fn the_bti_byte_is_one_where_wasmtime_compiles_with_use_bti() {
    let profile = &aotcompat::profiles::WASMTIME_31;
    for (name, byte) in [
        ("aarch64-bti-module", 1u8),
        ("aarch64-bti-component", 1),
        ("aarch64-nobti-module", 0),
        ("aarch64-nobti-component", 0),
    ] {
        let path = common::fixtures_root().join(format!("bti/{name}.cwasm"));
        let bytes = std::fs::read(&path).unwrap();
        let real = ElfParts::read(&bytes);
        assert_eq!(
            real.section(".wasmtime.bti").unwrap().data,
            vec![byte],
            "{name}"
        );
        let artifact = Artifact::read(&bytes, Some(profile)).unwrap();
        assert_eq!(bti_byte(profile, &artifact.metadata), Some(byte), "{name}");
        assert!(rewrite(&real, &artifact) == bytes, "{name}: written again");
        let kind = artifact.kind.unwrap();
        assert!(
            artifact.stamp(kind, &bytes).unwrap() == bytes,
            "{name}: stamped again"
        );
    }
}
