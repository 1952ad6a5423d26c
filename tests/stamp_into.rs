//! Stamping an ELF object that already exists: every real artifact
//! stamped again with its own engine is itself, byte for byte (and so
//! is one whose engine sections were cut out first); stamped with another
//! engine's metadata it loads in that engine and not in the original one,
//! every other section, symbol and relocation kept; an object of another
//! backend keeps all of its own; and inputs that cannot be stamped get a
//! plain error.

mod common;

use aotcompat::artifact::{self, Artifact};
use aotcompat::format::{StampError, EF_WASMTIME_PULLEY64};
use aotcompat::model::{Engine, EngineBuilder, FlagValue, Kind};
use aotcompat::profiles::{self, Profile};
use aotcompat::rules::{self, Mode};
use common::elf::ElfParts;
use common::Manifest;
use object::build::elf::Builder;
use object::elf;
use std::sync::atomic::{AtomicUsize, Ordering};

static RESTAMPED: AtomicUsize = AtomicUsize::new(0);

fn own_names(profile: &Profile) -> [&'static str; 2] {
    [
        profile.container.section,
        profile
            .writer
            .and_then(|w| w.bti.as_ref())
            .map_or("", |b| b.section),
    ]
}

/// `bytes` without the sections named in `names` (through the same ELF
/// builder).
fn cut(bytes: &[u8], names: &[&str]) -> Vec<u8> {
    let mut builder = Builder::read(bytes).unwrap();
    for section in builder.sections.iter_mut() {
        if names.iter().any(|n| n.as_bytes() == &*section.name) {
            section.delete = true;
        }
    }
    let mut out = Vec::new();
    builder.write(&mut out).unwrap();
    out
}

/// Every section but the engine's own, every symbol and relocation of
/// `a` and `b` agree, data included.
fn assert_kept(a: &ElfParts, b: &ElfParts, own: &[&str], at: &str) {
    let others = |p: &ElfParts| {
        p.sections
            .iter()
            .filter(|s| !own.contains(&s.name.as_str()))
            .filter(|s| s.sh_type != elf::SHT_SYMTAB && s.sh_type != elf::SHT_STRTAB)
            .map(|s| {
                (
                    s.name.clone(),
                    s.sh_type,
                    s.sh_flags,
                    s.sh_addralign,
                    s.sh_entsize,
                    s.sh_size,
                    s.data.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(others(a), others(b), "{at}: sections");
    assert_eq!(a.symbols, b.symbols, "{at}: symbols");
    assert_eq!(a.relocations, b.relocations, "{at}: relocations");
}

fn restamp(m: &Manifest) {
    let own = own_names(m.profile);
    for (name, path) in m.real_files() {
        let at = format!("{}/{name}", m.profile.name);
        let bytes = std::fs::read(&path).unwrap();
        let artifact = Artifact::read(&bytes, Some(m.profile)).unwrap();
        let kind = artifact.kind.unwrap();
        let again = artifact.stamp(kind, &bytes).unwrap();
        assert!(
            again == bytes,
            "{at}: stamped with its own engine, not itself"
        );
        // With the engine's sections cut out, stamping puts them back
        // where the release puts them.
        let stripped = cut(&bytes, &own);
        assert!(
            ElfParts::read(&stripped)
                .section(m.profile.container.section)
                .is_none(),
            "{at}"
        );
        let again = artifact.stamp(kind, &stripped).unwrap();
        if again != bytes {
            let (a, b) = (ElfParts::read(&again), ElfParts::read(&bytes));
            panic!(
                "{at}: the stripped artifact stamped is not the original\nours: {:?}\nreal: {:?}",
                a.sections.iter().map(|s| &s.name).collect::<Vec<_>>(),
                b.sections.iter().map(|s| &s.name).collect::<Vec<_>>()
            );
        }
        RESTAMPED.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn every_real_artifact_stamped_with_its_own_engine_is_itself() {
    common::for_each_version(restamp);
    let n = RESTAMPED.load(Ordering::Relaxed);
    println!("{n} real artifacts stamped again (whole and with their engine sections cut out)");
    assert!(n > 1500, "only {n}");
}

/// Two hosts of a release whose engines disagree: the first's artifact
/// stamped with the second's metadata loads in the second, not in the
/// first (with the very verdict the first gives the second's real
/// artifact), and keeps every other section of the first.
fn round_trip(m: &Manifest) {
    let engines: Vec<(Engine, Vec<u8>)> = m
        .hosts
        .iter()
        .map(|h| (h.engine_as(m.profile), std::fs::read(h.path()).unwrap()))
        .collect();
    let fits = |e: &Engine, bytes: &[u8]| rules::check(e, bytes, Kind::Module, Mode::Parity);
    let pair = engines.iter().enumerate().find_map(|(i, (e1, b1))| {
        let (j, _) = engines.iter().enumerate().find(|(j, (e2, b2))| {
            *j != i
                && fits(e1, b1).is_compatible()
                && fits(e2, b2).is_compatible()
                && !fits(e1, b2).is_compatible()
                && ElfParts::read(b1).section(".text").is_some()
        })?;
        Some((i, j))
    });
    let Some((i, j)) = pair else {
        panic!("no two hosts of {} disagree", m.profile.name)
    };
    let ((e1, b1), (e2, b2)) = (&engines[i], &engines[j]);
    let stamped = artifact::stamp_object(e2, Kind::Module, b1).unwrap();
    let at = format!(
        "{}: {} stamped as {}",
        m.profile.name, m.hosts[i].name, m.hosts[j].name
    );
    assert!(
        fits(e2, &stamped).is_compatible(),
        "{at}: {:?}",
        fits(e2, &stamped).message()
    );
    let refused = fits(e1, &stamped);
    assert!(!refused.is_compatible(), "{at}");
    assert_eq!(refused.message(), fits(e1, b2).message(), "{at}");
    let (ours, first, second) = (
        ElfParts::read(&stamped),
        ElfParts::read(b1),
        ElfParts::read(b2),
    );
    assert_kept(&ours, &first, &own_names(m.profile), &at);
    for own in own_names(m.profile) {
        assert_eq!(
            ours.section(own).map(|s| &s.data),
            second.section(own).map(|s| &s.data),
            "{at}: {own} is the second host's"
        );
    }
}

#[test]
fn a_real_artifact_stamped_with_another_engine_loads_there_and_not_in_its_own() {
    common::for_each_version(|m| {
        if !m.profile.is_legacy() {
            round_trip(m)
        }
    });
}

/// Relocations (the DWARF of the debug-info artifacts) survive a stamp
/// with another engine's metadata.
#[test]
fn relocations_are_kept() {
    for release in ["wasmtime-3", "wasmtime-31", "wasmtime-50"] {
        let m = common::manifest_of(release);
        let real = std::fs::read(m.artifact("debug-info-module").path()).unwrap();
        let other = Artifact::read_file(&m.artifact("default-module").path(), Some(m.profile))
            .unwrap()
            .engine_builder()
            .unwrap()
            .build()
            .unwrap();
        let stamped = artifact::stamp_object(&other, Kind::Module, &real).unwrap();
        let (ours, theirs) = (ElfParts::read(&stamped), ElfParts::read(&real));
        assert!(theirs.relocations.len() > 10, "{release}");
        assert_kept(&ours, &theirs, &own_names(m.profile), release);
        let read = Artifact::read(&stamped, Some(m.profile)).unwrap();
        assert_eq!(&read.metadata, other.metadata(), "{release}");
    }
}

/// A real 31 artifact stamped with a 44 and a 50 engine reads and checks
/// as those releases' own.
#[test]
fn stamping_across_releases() {
    let source = common::manifest_of("wasmtime-31");
    let bytes = std::fs::read(source.artifact("default-module").path()).unwrap();
    for release in ["wasmtime-44", "wasmtime-50"] {
        let m = common::manifest_of(release);
        let host = m.host("x86-64-default");
        let engine = host.engine_as(m.profile);
        let stamped = artifact::stamp_object(&engine, Kind::Module, &bytes).unwrap();
        let report = rules::check(&engine, &stamped, Kind::Module, Mode::Parity);
        assert!(report.is_compatible(), "{release}: {:?}", report.message());
        let read = Artifact::read(&stamped, None).unwrap();
        assert_eq!(read.profile.name, release);
        let real_host = std::fs::read(host.path()).unwrap();
        for own in own_names(m.profile) {
            assert_eq!(
                ElfParts::read(&stamped)
                    .section(own)
                    .map(|s| s.data.clone()),
                ElfParts::read(&real_host)
                    .section(own)
                    .map(|s| s.data.clone()),
                "{release}: {own}"
            );
        }
    }
}

/// An object another backend made: code with relocations against a local
/// and an undefined symbol, data, zero-initialised data, a comment, and a
/// relocation section without `SHF_INFO_LINK`.
fn foreign_object(arch: object::Architecture, endian: object::Endianness) -> Vec<u8> {
    use object::write::{Object, Relocation, StandardSection, Symbol, SymbolSection};
    use object::{
        BinaryFormat, RelocationEncoding, RelocationFlags, RelocationKind, SymbolFlags, SymbolKind,
        SymbolScope,
    };
    let mut obj = Object::new(BinaryFormat::Elf, arch, endian);
    let text = obj.section_id(StandardSection::Text);
    obj.append_section_data(text, &[0x90; 64], 16);
    let data = obj.section_id(StandardSection::Data);
    obj.append_section_data(data, &[1, 2, 3, 4, 5, 6, 7, 8], 8);
    let bss = obj.section_id(StandardSection::UninitializedData);
    obj.append_section_bss(bss, 256, 32);
    let comment = obj.add_section(
        Vec::new(),
        b".comment".to_vec(),
        object::SectionKind::OtherString,
    );
    obj.append_section_data(comment, b"a compiler 1.0\0", 1);
    let func = obj.add_symbol(Symbol {
        name: b"entry".to_vec(),
        value: 0,
        size: 64,
        kind: SymbolKind::Text,
        scope: SymbolScope::Linkage,
        weak: false,
        section: SymbolSection::Section(text),
        flags: SymbolFlags::None,
    });
    let table = obj.add_symbol(Symbol {
        name: b"table".to_vec(),
        value: 0,
        size: 8,
        kind: SymbolKind::Data,
        scope: SymbolScope::Compilation,
        weak: false,
        section: SymbolSection::Section(data),
        flags: SymbolFlags::None,
    });
    let callee = obj.add_symbol(Symbol {
        name: b"callee".to_vec(),
        value: 0,
        size: 0,
        kind: SymbolKind::Text,
        scope: SymbolScope::Dynamic,
        weak: false,
        section: SymbolSection::Undefined,
        flags: SymbolFlags::None,
    });
    for (offset, symbol, addend) in [(4, callee, -4), (12, table, 0), (20, func, 8)] {
        obj.add_relocation(
            text,
            Relocation {
                offset,
                symbol,
                addend,
                flags: RelocationFlags::Generic {
                    kind: RelocationKind::Absolute,
                    encoding: RelocationEncoding::Generic,
                    size: 64,
                },
            },
        )
        .unwrap();
    }
    let mut bytes = obj.write().unwrap();
    // Clear `.rela.text`'s SHF_INFO_LINK, as some producers write it.
    let parts = ElfParts::read(&bytes);
    let rela = parts
        .sections
        .iter()
        .find(|s| s.name == ".rela.text")
        .unwrap();
    let big = endian == object::Endianness::Big;
    let shoff = if big {
        u64::from_be_bytes(bytes[40..48].try_into().unwrap())
    } else {
        u64::from_le_bytes(bytes[40..48].try_into().unwrap())
    } as usize;
    let flags_at = shoff + rela.index * 64 + 8;
    let flags = rela.sh_flags & !u64::from(elf::SHF_INFO_LINK);
    let flags = if big {
        flags.to_be_bytes()
    } else {
        flags.to_le_bytes()
    };
    bytes[flags_at..flags_at + 8].copy_from_slice(&flags);
    bytes
}

fn engine(profile: &'static Profile, target: &str) -> Engine {
    let mut b = EngineBuilder::new(profile);
    b.target(target);
    b.build().unwrap()
}

#[test]
fn an_object_of_another_backend_keeps_everything_of_its_own() {
    for (profile, target, arch, endian, own_at) in [
        (
            &profiles::WASMTIME_50,
            "x86_64-unknown-linux-gnu",
            object::Architecture::X86_64,
            object::Endianness::Little,
            1,
        ),
        (
            &profiles::WASMTIME_9,
            "x86_64-unknown-linux-gnu",
            object::Architecture::X86_64,
            object::Endianness::Little,
            0,
        ),
        (
            &profiles::WASMTIME_44,
            "s390x-unknown-linux-gnu",
            object::Architecture::S390x,
            object::Endianness::Big,
            1,
        ),
        (
            &profiles::GENERIC,
            "aarch64-unknown-linux-gnu",
            object::Architecture::Aarch64,
            object::Endianness::Little,
            1,
        ),
    ] {
        let at = format!("{} {target}", profile.name);
        let input = foreign_object(arch, endian);
        let engine = engine(profile, target);
        let stamped = artifact::stamp_object(&engine, Kind::Component, &input).unwrap();
        let (ours, theirs) = (ElfParts::read(&stamped), ElfParts::read(&input));
        let own = own_names(profile);
        assert_kept(&ours, &theirs, &own, &at);
        let names: Vec<&str> = ours.sections.iter().map(|s| s.name.as_str()).collect();
        match own_at {
            // 10 and later: first.
            1 => assert_eq!(names[0], profile.container.section, "{at}: {names:?}"),
            // 3 to 9 with no module data: after the last content section.
            _ => {
                let engine_at = names.iter().position(|n| *n == own[0]).unwrap();
                assert_eq!(names[engine_at + 1], own[1], "{at}: {names:?}");
                assert!(
                    names[engine_at + 2..]
                        .iter()
                        .all(|n| n.starts_with(".s") || n.starts_with(".rela")),
                    "{at}: {names:?}"
                );
            }
        }
        if !own[1].is_empty() {
            assert_eq!(ours.section(own[1]).unwrap().data, vec![0], "{at}");
        }
        // `assert_kept` compared the relocations by the name of the
        // section they apply to: `.rela.text` still points at `.text`.
        let read = Artifact::read(&stamped, Some(profile)).unwrap();
        assert_eq!(read.kind, Some(Kind::Component), "{at}");
        assert_eq!(&read.metadata, engine.metadata(), "{at}");
        let report = rules::check(&engine, &stamped, Kind::Component, Mode::Parity);
        assert!(report.is_compatible(), "{at}: {:?}", report.message());
    }
}

#[test]
fn the_bti_byte_follows_use_bti_on_aarch64() {
    for (target, use_bti, byte) in [
        ("aarch64-unknown-linux-gnu", true, 1u8),
        ("aarch64-unknown-linux-gnu", false, 0),
        ("aarch64-apple-darwin", true, 1),
        ("x86_64-unknown-linux-gnu", true, 0),
    ] {
        for profile in [
            &profiles::WASMTIME_3,
            &profiles::WASMTIME_31,
            &profiles::WASMTIME_50,
        ] {
            let mut b = EngineBuilder::new(profile);
            b.target(target)
                .isa_flag("use_bti", FlagValue::Bool(use_bti));
            let engine = b.build().unwrap();
            assert_eq!(
                artifact::bti_byte(profile, engine.metadata()),
                Some(byte),
                "{target} {use_bti}"
            );
            for bytes in [
                artifact::write_artifact(&engine, Kind::Module, &[]).unwrap(),
                artifact::stamp_object(
                    &engine,
                    Kind::Module,
                    &foreign_object(
                        if target.starts_with("x86") {
                            object::Architecture::X86_64
                        } else {
                            object::Architecture::Aarch64
                        },
                        object::Endianness::Little,
                    ),
                )
                .unwrap(),
            ] {
                let parts = ElfParts::read(&bytes);
                assert_eq!(
                    parts.section(".wasmtime.bti").unwrap().data,
                    vec![byte],
                    "{target}"
                );
                let names: Vec<&str> = parts.sections.iter().map(|s| s.name.as_str()).collect();
                let e = names.iter().position(|n| *n == ".wasmtime.engine").unwrap();
                assert_eq!(names[e + 1], ".wasmtime.bti", "{names:?}");
            }
        }
    }
    let generic = engine(&profiles::GENERIC, "aarch64-unknown-linux-gnu");
    assert_eq!(
        artifact::bti_byte(&profiles::GENERIC, generic.metadata()),
        None
    );
    let bytes = artifact::write_artifact(&generic, Kind::Module, &[]).unwrap();
    assert!(ElfParts::read(&bytes).section(".wasmtime.bti").is_none());
}

#[test]
fn pulley_is_marked_as_each_release_marks_it() {
    for (profile, target, e_flags) in [
        (&profiles::WASMTIME_26, "pulley64", Some(1)),
        (&profiles::WASMTIME_28, "pulley64be", None),
        (&profiles::WASMTIME_29, "pulley64be", Some(1)),
        (&profiles::WASMTIME_31, "pulley32", Some(1)),
        (
            &profiles::WASMTIME_32,
            "pulley64",
            Some(1 | EF_WASMTIME_PULLEY64),
        ),
        (&profiles::WASMTIME_50, "pulley32be", Some(5)),
        (&profiles::WASMTIME_25, "pulley64", None),
        (&profiles::GENERIC, "pulley64", Some(1)),
    ] {
        let engine = engine(profile, target);
        match (
            artifact::write_artifact(&engine, Kind::Module, &[]),
            e_flags,
        ) {
            (Ok(bytes), Some(flags)) => {
                let field: [u8; 4] = bytes[48..52].try_into().unwrap();
                let (e_flags, machine) = if bytes[5] == elf::ELFDATA2MSB {
                    (
                        u32::from_be_bytes(field),
                        u16::from_be_bytes([bytes[18], bytes[19]]),
                    )
                } else {
                    (
                        u32::from_le_bytes(field),
                        u16::from_le_bytes([bytes[18], bytes[19]]),
                    )
                };
                assert_eq!(e_flags, flags, "{} {target}", profile.name);
                assert_eq!(machine, elf::EM_RISCV, "{target}");
            }
            (Err(e), None) => {
                let text = format!("{e:#}");
                assert!(text.contains("Pulley"), "{text}");
            }
            (other, expected) => panic!(
                "{} {target}: {:?} where {expected:?}",
                profile.name,
                other.map(|b| b.len())
            ),
        }
    }
}

#[test]
fn what_cannot_be_stamped_is_refused_plainly() {
    let engine = engine(&profiles::WASMTIME_50, "x86_64-unknown-linux-gnu");
    let x86 = foreign_object(object::Architecture::X86_64, object::Endianness::Little);
    let fixtures = common::fixtures_root().join("wasmtime-44/artifacts");
    let elf32 = std::fs::read(fixtures.join("elf32-minimal.cwasm")).unwrap();
    let aarch64 = foreign_object(object::Architecture::Aarch64, object::Endianness::Little);
    let big = foreign_object(object::Architecture::X86_64, object::Endianness::Big);
    let mut exec = x86.clone();
    exec[16] = elf::ET_EXEC as u8;
    // `.text` aligned to 2^40 (the builder would pad the file to a
    // terabyte) and to 48.
    let aligned = |align: u64| {
        let mut bytes = x86.clone();
        let text = ElfParts::read(&x86).section(".text").unwrap().index;
        let shoff = u64::from_le_bytes(bytes[40..48].try_into().unwrap()) as usize;
        let at = shoff + text * 64 + 48;
        bytes[at..at + 8].copy_from_slice(&align.to_le_bytes());
        bytes
    };
    let cases: Vec<(&str, Vec<u8>, &str, bool)> = vec![
        ("empty", Vec::new(), "not an ELF file", true),
        (
            "text",
            b"hello, world, this is no object".to_vec(),
            "not an ELF file",
            true,
        ),
        ("ELF32", elf32, "32-bit ELF file", true),
        (
            "truncated",
            x86[..200].to_vec(),
            "cannot read the ELF object",
            true,
        ),
        (
            "header only",
            x86[..64].to_vec(),
            "cannot read the ELF object",
            true,
        ),
        ("ET_EXEC", exec, "not a relocatable object", true),
        (
            "aligned to 2^40",
            aligned(1 << 40),
            "has alignment 1099511627776",
            true,
        ),
        ("aligned to 48", aligned(48), "must be a power of two", true),
        ("aarch64", aarch64, "the object is for aarch64", false),
        ("big-endian", big, "the object is big-endian", false),
    ];
    for (what, bytes, words, object_error) in cases {
        let err = artifact::stamp_object(&engine, Kind::Module, &bytes).unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains(words), "{what}: {text}");
        let kind = err
            .downcast_ref::<StampError>()
            .unwrap_or_else(|| panic!("{what}: {text}"));
        assert_eq!(
            matches!(kind, StampError::Object(_)),
            object_error,
            "{what}: {kind:?}"
        );
    }
    // A pre-3.0 profile writes nothing.
    let legacy = EngineBuilder::new(&profiles::WASMTIME_0_33)
        .build()
        .unwrap();
    let err = artifact::stamp_object(&legacy, Kind::Module, &x86).unwrap_err();
    assert!(
        format!("{err}").contains("reads but does not write"),
        "{err}"
    );
}
