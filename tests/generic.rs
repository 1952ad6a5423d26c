//! The generic profile: artifacts round-trip through `.aotcompat.engine`,
//! and checks judge by the rules the engine registered, with our messages.
//! (The C surface is exercised end to end by examples-c/generic_demo.c.)

use aotcompat::artifact::{self, write_artifact, Artifact};
use aotcompat::codec::Value;
use aotcompat::format::{self, EngineSection, ExtraSection, SectionKind};
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{
    Engine, EngineBuilder, FlagValue, Kind, Metadata, Rule, Setting as Cat, SettingValue,
    VersionStrategy,
};
use aotcompat::profiles::{GENERIC, GENERIC_ENGINE_SECTION};
use aotcompat::rules::{self, Category, Mode};
use object::{Object, ObjectSection};
use std::sync::Arc;

const TARGET: &str = "aarch64-unknown-linux-gnu";

/// A generic engine for `target`, with nothing set and no probe.
fn generic_builder(target: &str) -> EngineBuilder {
    let mut b = EngineBuilder::new(&GENERIC);
    b.target(target).probe(Probe::None);
    b
}

fn probe(list: &str) -> Probe {
    Probe::Fixed(Arc::new(FixedProbe::parse_list(list).unwrap()))
}

/// "toyvm 2.3", the made-up runtime of examples-c/generic_demo.c.
fn toy() -> EngineBuilder {
    let mut b = generic_builder(TARGET);
    b.version_strategy(VersionStrategy::Custom("toyvm 2.3".into()))
        .shared_flag("calling_convention", FlagValue::enumerated("toy_fast"))
        .shared_flag("frame_pointers", FlagValue::Bool(true))
        .isa_flag("has_neon", FlagValue::Bool(true))
        .isa_flag("has_lse", FlagValue::Bool(false))
        .tunable("stack_size", Value::Int(131072))
        .unwrap()
        .tunable("opt_level", Value::Str("speed".into()))
        .unwrap()
        .tunable("bounds_checks", Value::Bool(true))
        .unwrap()
        .feature("simd128", true)
        .unwrap()
        .feature("threads", true)
        .unwrap()
        .probe(probe("neon,lse"));
    b.rule(Cat::IsaFlag, "has_neon", Rule::NeedsProbe("neon".into()))
        .unwrap()
        .rule(Cat::IsaFlag, "has_lse", Rule::NeedsProbe("lse".into()))
        .unwrap()
        .rule(Cat::Tunable, "stack_size", Rule::Equal)
        .unwrap()
        .rule(Cat::Tunable, "opt_level", Rule::Ignore)
        .unwrap()
        .rule(Cat::Tunable, "bounds_checks", value(Cat::Tunable, "true"))
        .unwrap()
        .rule(Cat::Feature, "simd128", Rule::Subset)
        .unwrap()
        .rule(Cat::Feature, "threads", Rule::Subset)
        .unwrap();
    b
}

fn value(category: Cat, text: &str) -> Rule {
    Rule::Value(SettingValue::parse(category, text).unwrap())
}

fn write(b: &EngineBuilder) -> Vec<u8> {
    write_artifact(&b.build().unwrap(), Kind::Module, &[]).unwrap()
}

/// Every mismatch of checking an artifact written by `artifact` against
/// `host`, as (category, field, artifact value, host value, message).
fn mismatches(
    artifact: &EngineBuilder,
    host: &EngineBuilder,
) -> Vec<(Category, String, String, String, String)> {
    let bytes = write(artifact);
    let host = host.build().unwrap();
    let all = rules::check(&host, &bytes, Kind::Module, Mode::All);
    let parity = rules::check(&host, &bytes, Kind::Module, Mode::Parity);
    assert_eq!(
        parity.mismatches(),
        &all.mismatches()[..parity.mismatches().len()]
    );
    assert!(parity.mismatches().len() <= 1);
    assert_eq!(parity.is_compatible(), all.is_compatible());
    all.mismatches()
        .iter()
        .map(|m| {
            (
                m.category,
                m.field.clone(),
                m.artifact.clone(),
                host_column(m),
                m.message.clone(),
            )
        })
        .collect()
}

/// The host column, or for a probe's verdict `feature: answer` (the host
/// column is then empty: the answer has its own field).
fn host_column(m: &aotcompat::rules::Mismatch) -> String {
    match &m.probe {
        None => m.host.clone(),
        Some(p) => {
            assert_eq!(m.host, "", "{m:?}");
            format!("{}: {}", p.feature, p.answer.name())
        }
    }
}

/// The messages alone.
fn messages(artifact: &EngineBuilder, host: &EngineBuilder) -> Vec<String> {
    mismatches(artifact, host)
        .into_iter()
        .map(|m| m.4)
        .collect()
}

fn with(f: impl FnOnce(&mut EngineBuilder)) -> EngineBuilder {
    let mut b = toy();
    f(&mut b);
    b
}

#[test]
fn round_trip_through_the_generic_section() {
    let engine = toy().build().unwrap();
    let code = [0xd5u8, 0x03, 0x20, 0x1f];
    let extra = [ExtraSection {
        name: ".text",
        data: &code,
        align: 4,
        kind: SectionKind::Text,
    }];
    for kind in [Kind::Module, Kind::Component] {
        let bytes = write_artifact(&engine, kind, &extra).unwrap();
        assert_eq!(artifact::detect(&bytes, None), Some(kind));
        let read = Artifact::read(&bytes, Some(&GENERIC)).unwrap();
        assert_eq!(read.kind, Some(kind));
        assert_eq!(read.version, b"toyvm 2.3");
        assert_eq!(read.version_str(), Some("toyvm 2.3"));
        assert_eq!(&read.metadata, engine.metadata());
        // Writing what was read gives the same bytes back.
        assert_eq!(read.write(kind, &extra).unwrap(), bytes);

        let elf = object::File::parse(&*bytes).unwrap();
        assert!(elf.section_by_name(GENERIC_ENGINE_SECTION).is_some());
        assert!(elf.section_by_name(".wasmtime.engine").is_none());
        assert_eq!(elf.section_by_name(".text").unwrap().data().unwrap(), code);
        let section = elf.section_by_name(".aotcompat.engine").unwrap();
        let framed = EngineSection::parse(section.data().unwrap()).unwrap();
        assert_eq!(framed.version, b"toyvm 2.3");
        assert_eq!(
            Metadata::decode(GENERIC.layout, framed.payload).unwrap(),
            *engine.metadata()
        );

        assert!(rules::check(&engine, &bytes, kind, Mode::All).is_compatible());
        let other = match kind {
            Kind::Module => Kind::Component,
            Kind::Component => Kind::Module,
        };
        let report = rules::check(&engine, &bytes, other, Mode::All);
        assert_eq!(report.message(), Some("incompatible object file format"));
        assert_eq!(report.mismatches().len(), 1);
    }
}

#[test]
fn files_round_trip_and_check() {
    let engine = toy().build().unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("generic");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("toy.cwasm");
    std::fs::write(
        &path,
        write_artifact(&engine, Kind::Component, &[]).unwrap(),
    )
    .unwrap();
    assert_eq!(
        artifact::detect_file(&path, None).unwrap(),
        Some(Kind::Component)
    );
    let read = Artifact::read_file(&path, Some(&GENERIC)).unwrap();
    assert_eq!(&read.metadata, engine.metadata());
    let report = rules::check_file(&engine, &path, Kind::Component, Mode::All).unwrap();
    assert!(report.is_compatible());
    let fleet = with(|b| {
        b.tunable("stack_size", Value::Int(1)).unwrap();
    })
    .build()
    .unwrap();
    let report = rules::check_file(&fleet, &path, Kind::Component, Mode::Parity).unwrap();
    assert_eq!(
        report.message(),
        Some(r#"tunable "stack_size" is 131072 in the artifact but 1 in the host"#)
    );
    assert!(
        rules::check_file(&engine, &dir.join("missing.cwasm"), Kind::Module, Mode::All).is_err()
    );
    assert!(Artifact::read_file(&dir.join("missing.cwasm"), Some(&GENERIC)).is_err());
}

#[test]
fn equal_rule() {
    assert!(messages(&toy(), &toy()).is_empty());
    let host = with(|b| {
        b.tunable("stack_size", Value::Int(65536)).unwrap();
    });
    assert_eq!(
        mismatches(&toy(), &host),
        [(
            Category::Tunable,
            "stack_size".into(),
            "131072".into(),
            "65536".into(),
            r#"tunable "stack_size" is 131072 in the artifact but 65536 in the host"#.into()
        )]
    );
    // A different type is a different value.
    let host = with(|b| {
        b.tunable("stack_size", Value::Str("131072".into()))
            .unwrap();
    });
    assert_eq!(
        messages(&toy(), &host),
        [r#"tunable "stack_size" is 131072 in the artifact but "131072" in the host"#]
    );
    // Present on one side only.
    let mut host = generic_builder(TARGET);
    host.version_strategy(VersionStrategy::Custom("toyvm 2.3".into()));
    let mut artifact = host.clone();
    artifact.tunable("stack_size", Value::Int(1)).unwrap();
    host.tunable("heap", Value::Option(None)).unwrap();
    assert_eq!(
        mismatches(&artifact, &host),
        [
            (
                Category::Tunable,
                "stack_size".into(),
                "1".into(),
                "".into(),
                r#"tunable "stack_size" is 1 in the artifact but missing from the host"#.into()
            ),
            (
                Category::Tunable,
                "heap".into(),
                "".into(),
                "none".into(),
                r#"tunable "heap" is none in the host but missing from the artifact"#.into()
            ),
        ]
    );
    // Features under Equal: enabled on exactly the same side.
    let equal = |b: &mut EngineBuilder| {
        b.rule(Cat::Feature, "threads", Rule::Equal).unwrap();
    };
    let artifact = with(|b| {
        b.feature("threads", false).unwrap();
    });
    let host = with(equal);
    assert_eq!(
        mismatches(&artifact, &host),
        [(
            Category::Feature,
            "threads".into(),
            "false".into(),
            "true".into(),
            r#"feature "threads" is enabled in the host but not in the artifact"#.into()
        )]
    );
    assert!(messages(&host, &host).is_empty());
}

#[test]
fn value_rule() {
    // The host's own value does not matter.
    let host = with(|b| {
        b.tunable("bounds_checks", Value::Bool(false)).unwrap();
    });
    assert!(messages(&toy(), &host).is_empty());
    let artifact = with(|b| {
        b.tunable("bounds_checks", Value::Bool(false)).unwrap();
    });
    assert_eq!(
        mismatches(&artifact, &toy()),
        [(
            Category::Tunable,
            "bounds_checks".into(),
            "false".into(),
            "true".into(),
            r#"tunable "bounds_checks" is false in the artifact but must be true"#.into()
        )]
    );
    // A required value the artifact lacks, and a quoted string.
    let mut artifact = generic_builder(TARGET);
    artifact
        .version_strategy(VersionStrategy::Custom("toyvm 2.3".into()))
        .tunable("mode", Value::Str("true".into()))
        .unwrap();
    let mut host = artifact.clone();
    host.rule(Cat::Tunable, "bounds_checks", value(Cat::Tunable, "true"))
        .unwrap()
        .rule(Cat::Tunable, "mode", value(Cat::Tunable, "true"))
        .unwrap();
    assert_eq!(
        messages(&artifact, &host),
        [
            r#"tunable "mode" is "true" in the artifact but must be true"#,
            r#"tunable "bounds_checks" is missing from the artifact but must be true"#,
        ]
    );
    host.rule(Cat::Tunable, "mode", value(Cat::Tunable, "\"true\""))
        .unwrap();
    assert_eq!(
        messages(&artifact, &host),
        [r#"tunable "bounds_checks" is missing from the artifact but must be true"#]
    );
    // Flags: an enum value and a number.
    let host = with(|b| {
        b.rule(
            Cat::SharedFlag,
            "calling_convention",
            value(Cat::SharedFlag, "toy_slow"),
        )
        .unwrap()
        .rule(
            Cat::SharedFlag,
            "frame_pointers",
            value(Cat::SharedFlag, "1"),
        )
        .unwrap();
    });
    assert_eq!(
        mismatches(&toy(), &host),
        [
            (
                Category::SharedFlag,
                "calling_convention".into(),
                "toy_fast".into(),
                "toy_slow".into(),
                r#"shared flag "calling_convention" is "toy_fast" in the artifact but must be "toy_slow""#.into()
            ),
            (
                Category::SharedFlag,
                "frame_pointers".into(),
                "true".into(),
                "1".into(),
                r#"shared flag "frame_pointers" is true in the artifact but must be 1"#.into()
            ),
        ]
    );
    // Features: required on or off, whether or not the artifact lists them.
    let host = with(|b| {
        b.rule(Cat::Feature, "simd128", value(Cat::Feature, "false"))
            .unwrap()
            .rule(Cat::Feature, "gc", value(Cat::Feature, "true"))
            .unwrap();
    });
    assert_eq!(
        mismatches(&toy(), &host),
        [
            (
                Category::Feature,
                "simd128".into(),
                "true".into(),
                "false".into(),
                r#"feature "simd128" is enabled in the artifact but must be disabled"#.into()
            ),
            (
                Category::Feature,
                "gc".into(),
                "false".into(),
                "true".into(),
                r#"feature "gc" is disabled in the artifact but must be enabled"#.into()
            ),
        ]
    );
}

#[test]
fn ignore_rule() {
    let host = with(|b| {
        b.tunable("opt_level", Value::Int(0)).unwrap();
    });
    assert!(messages(&toy(), &host).is_empty());
    let mut host = generic_builder(TARGET);
    host.version_strategy(VersionStrategy::Custom("toyvm 2.3".into()))
        .rule(Cat::Tunable, "opt_level", Rule::Ignore)
        .unwrap();
    let artifact = with(|b| {
        b.rule(Cat::Tunable, "opt_level", Rule::Ignore).unwrap();
    });
    // Only opt_level is ignored; the rest of the toy engine is missing.
    let fields: Vec<_> = mismatches(&artifact, &host)
        .into_iter()
        .map(|m| m.1)
        .collect();
    assert!(!fields.contains(&"opt_level".to_string()), "{fields:?}");
    assert!(fields.contains(&"stack_size".to_string()), "{fields:?}");
}

#[test]
fn needs_probe_rule() {
    let host = |list: Option<&str>| {
        with(|b| {
            b.probe(list.map_or(Probe::None, probe));
        })
    };
    assert!(messages(&toy(), &host(Some("neon"))).is_empty());
    assert_eq!(
        mismatches(&toy(), &host(Some("lse"))),
        [(
            Category::IsaFlag,
            "has_neon".into(),
            "true".into(),
            "neon: no".into(),
            r#"ISA flag "has_neon" needs host feature "neon", which the host does not have"#.into()
        )]
    );
    assert_eq!(
        mismatches(&toy(), &host(Some("?neon"))),
        [(
            Category::IsaFlag,
            "has_neon".into(),
            "true".into(),
            "neon: unknown".into(),
            r#"ISA flag "has_neon" needs host feature "neon", which the host's probe cannot determine"#.into()
        )]
    );
    // has_lse is off in the artifact, so only has_neon asks the probe.
    assert_eq!(
        mismatches(&toy(), &host(None)),
        [(
            Category::IsaFlag,
            "has_neon".into(),
            "true".into(),
            "neon: no-probe".into(),
            r#"ISA flag "has_neon" needs host feature "neon", but the engine has no probe to ask"#
                .into()
        )]
    );
    // A callback probe, and a feature judged by the probe.
    let custom = with(|b| {
        b.probe(Probe::Custom(Arc::new(|f: &str| Some(f == "neon"))))
            .rule(Cat::Feature, "threads", Rule::NeedsProbe("atomics".into()))
            .unwrap();
    });
    assert_eq!(
        messages(&toy(), &custom),
        [r#"feature "threads" needs host feature "atomics", which the host does not have"#]
    );
}

#[test]
fn subset_rule() {
    // The host may offer more.
    let host = with(|b| {
        b.feature("exceptions", true).unwrap();
    });
    assert!(messages(&toy(), &host).is_empty());
    let host = with(|b| {
        b.feature("threads", false).unwrap();
    });
    assert_eq!(
        mismatches(&toy(), &host),
        [(
            Category::Feature,
            "threads".into(),
            "true".into(),
            "false".into(),
            r#"feature "threads" is enabled in the artifact but not in the host"#.into()
        )]
    );
    // On/off tunables and flags: true in the artifact needs true in the host.
    let subset = |b: &mut EngineBuilder| {
        b.rule(Cat::Tunable, "jit_cache", Rule::Subset)
            .unwrap()
            .rule(Cat::SharedFlag, "frame_pointers", Rule::Subset)
            .unwrap()
            .rule(Cat::Tunable, "stack_size", Rule::Subset)
            .unwrap();
    };
    let artifact = with(|b| {
        b.tunable("jit_cache", Value::Bool(false))
            .unwrap()
            .shared_flag("frame_pointers", FlagValue::Bool(false));
    });
    let host = with(|b| {
        subset(b);
        b.tunable("jit_cache", Value::Bool(true)).unwrap();
    });
    assert!(messages(&artifact, &host).is_empty());
    let artifact = with(|b| {
        b.tunable("jit_cache", Value::Bool(true)).unwrap();
    });
    let host = with(|b| {
        subset(b);
        b.tunable("jit_cache", Value::Bool(false))
            .unwrap()
            .shared_flag("frame_pointers", FlagValue::Bool(false))
            .tunable("stack_size", Value::Int(1))
            .unwrap();
    });
    assert_eq!(
        messages(&artifact, &host),
        [
            r#"shared flag "frame_pointers" is true in the artifact but false in the host"#,
            // Not an on/off value: equal, as under Equal.
            r#"tunable "stack_size" is 131072 in the artifact but 1 in the host"#,
            r#"tunable "jit_cache" is true in the artifact but false in the host"#,
        ]
    );
}

#[test]
fn defaults_for_unregistered_names() {
    // Flags and tunables: Equal. Features: Subset.
    let artifact = with(|b| {
        b.shared_flag("calling_convention", FlagValue::enumerated("toy_slow"))
            .isa_flag("has_sve", FlagValue::Num(2))
            .tunable("heap_size", Value::Int(7))
            .unwrap()
            .feature("gc", true)
            .unwrap();
    });
    let host = with(|b| {
        b.feature("exceptions", true).unwrap();
    });
    assert_eq!(
        mismatches(&artifact, &host),
        [
            (
                Category::SharedFlag,
                "calling_convention".into(),
                "toy_slow".into(),
                "toy_fast".into(),
                r#"shared flag "calling_convention" is "toy_slow" in the artifact but "toy_fast" in the host"#.into()
            ),
            (
                Category::IsaFlag,
                "has_sve".into(),
                "2".into(),
                "".into(),
                r#"ISA flag "has_sve" is 2 in the artifact but missing from the host"#.into()
            ),
            (
                Category::Tunable,
                "heap_size".into(),
                "7".into(),
                "".into(),
                r#"tunable "heap_size" is 7 in the artifact but missing from the host"#.into()
            ),
            (
                Category::Feature,
                "gc".into(),
                "true".into(),
                "false".into(),
                r#"feature "gc" is enabled in the artifact but not in the host"#.into()
            ),
        ]
    );
    // Defaults can be changed per category.
    let lenient = with(|b| {
        b.feature("exceptions", true).unwrap();
        for category in [Cat::SharedFlag, Cat::IsaFlag, Cat::Tunable, Cat::Feature] {
            b.default_rule(category, Rule::Ignore).unwrap();
        }
    });
    assert!(messages(&artifact, &lenient).is_empty());
    let strict = with(|b| {
        b.default_rule(Cat::Feature, Rule::Equal).unwrap();
        b.feature("exceptions", true).unwrap();
    });
    // simd128 and threads keep their registered Subset; exceptions is Equal.
    assert_eq!(
        messages(&toy(), &strict),
        [r#"feature "exceptions" is enabled in the host but not in the artifact"#]
    );
    assert!(toy()
        .default_rule(Cat::Tunable, Rule::NeedsProbe("x".into()))
        .is_err());
}

#[test]
fn version_rules() {
    let old = with(|b| {
        b.version_strategy(VersionStrategy::Custom("toyvm 2.2".into()));
    });
    assert_eq!(
        mismatches(&old, &toy()),
        [(
            Category::Version,
            "version".into(),
            "toyvm 2.2".into(),
            "toyvm 2.3".into(),
            "Module was compiled with incompatible version 'toyvm 2.2'".into()
        )]
    );
    // No version on the host: nothing is checked, whatever the artifact has.
    let any = with(|b| {
        b.version_strategy(VersionStrategy::None);
    });
    assert!(messages(&old, &any).is_empty());
    assert_eq!(
        Artifact::read(&write(&any), Some(&GENERIC))
            .unwrap()
            .version,
        b""
    );
    assert!(toy()
        .version_strategy(VersionStrategy::WasmtimeVersion)
        .build()
        .is_err());

    // A version mismatch explains a payload from another runtime version.
    let engine = toy().build().unwrap();
    let section = EngineSection::encode(b"toyvm 9", b"\xff\xff").unwrap();
    let bytes = raw_artifact(&section);
    let report = rules::check(&engine, &bytes, Kind::Module, Mode::All);
    assert_eq!(
        report.message(),
        Some("Module was compiled with incompatible version 'toyvm 9'")
    );
    assert_eq!(report.mismatches().len(), 1);
}

/// A generic module artifact whose engine section holds `section`, as is.
fn raw_artifact(section: &[u8]) -> Vec<u8> {
    let stamp = format::Stamp {
        target: &TARGET.parse().unwrap(),
        kind: Kind::Module,
        rule: &GENERIC.writer.unwrap().layout,
        engine: format::OwnSection {
            name: GENERIC_ENGINE_SECTION,
            data: section,
        },
        bti: None,
    };
    format::write_artifact(&stamp, &[], &[]).unwrap()
}

/// An artifact with `payload` as its generic metadata.
fn with_payload(version: &[u8], payload: &[u8]) -> Vec<u8> {
    raw_artifact(&EngineSection::encode(version, payload).unwrap())
}

#[test]
fn corrupted_payloads_are_decode_errors() {
    let engine = toy().build().unwrap();
    let payload = engine.metadata().encode().unwrap();
    let check = |bytes: &[u8]| {
        let report = rules::check(&engine, bytes, Kind::Module, Mode::All);
        let m = &report.mismatches()[0];
        assert_eq!(report.mismatches().len(), 1);
        (m.category, m.field.clone(), m.message.clone())
    };
    assert_eq!(
        check(&with_payload(b"toyvm 2.3", &payload[..payload.len() - 3])),
        (
            Category::Decode,
            "metadata".into(),
            "Hit the end of buffer, expected more data".into()
        )
    );
    let mut longer = payload.clone();
    longer.push(0);
    assert_eq!(
        check(&with_payload(b"toyvm 2.3", &longer)).2,
        "the engine metadata is followed by 1 unexpected byte(s)"
    );
    // The bool of `frame_pointers` (Bool = variant 2, then the byte).
    let at = payload
        .windows(16)
        .position(|w| w == b"\x0eframe_pointers\x02")
        .unwrap()
        + 16;
    let mut bad_bool = payload.clone();
    bad_bool[at] = 7;
    assert_eq!(
        check(&with_payload(b"toyvm 2.3", &bad_bool)).2,
        "Found a bool that wasn't 0 or 1"
    );
    assert!(Artifact::read(&with_payload(b"toyvm 2.3", &bad_bool), Some(&GENERIC)).is_err());
    // Framing errors, as for wasmtime's section.
    let raw = raw_artifact;
    assert_eq!(
        check(&raw(&[1, 0, 0])),
        (
            Category::Container,
            ".aotcompat.engine".into(),
            "mismatched version in engine section".into()
        )
    );
    assert_eq!(check(&raw(&[0, 9, b'x'])).2, "engine section too small");
    assert_eq!(check(b"not an elf file").0, Category::Container);
    assert!(check(b"not an elf file")
        .2
        .starts_with("failed to parse precompiled artifact as an ELF: "));
}

#[test]
fn profiles_do_not_read_each_others_sections() {
    // A wasmtime-31 artifact has no generic section ...
    let wasmtime = Engine::native(&aotcompat::profiles::WASMTIME_31);
    let bytes = aotcompat::artifact::write_artifact(&wasmtime, Kind::Module, &[]).unwrap();
    let engine = toy().build().unwrap();
    let report = rules::check(&engine, &bytes, Kind::Module, Mode::All);
    assert_eq!(report.mismatches().len(), 1);
    let m = &report.mismatches()[0];
    assert_eq!(m.category, Category::Container);
    assert_eq!(m.field, ".aotcompat.engine");
    assert_eq!(m.message, "failed to find section `.aotcompat.engine`");
    assert!(Artifact::read(&bytes, Some(&GENERIC)).is_err());
    // ... and wasmtime-31 finds no engine section in a generic one.
    let bytes = write(&toy());
    let report = rules::check(&wasmtime, &bytes, Kind::Module, Mode::All);
    assert_eq!(
        report.message(),
        Some("failed to find section `.wasmtime.engine`")
    );
    // An extra section may not stand in for the engine section.
    let extra = [ExtraSection {
        name: GENERIC_ENGINE_SECTION,
        data: b"x",
        align: 1,
        kind: SectionKind::ReadOnlyData,
    }];
    assert!(write_artifact(&engine, Kind::Module, &extra).is_err());
}

#[test]
fn target_is_judged_as_in_wasmtime() {
    let artifact = with(|b| {
        b.target("x86_64-apple-darwin");
    });
    assert_eq!(
        mismatches(&artifact, &toy()),
        [
            (
                Category::Triple,
                "architecture".into(),
                "x86_64".into(),
                "aarch64".into(),
                "Module was compiled for architecture 'x86_64'".into()
            ),
            (
                Category::Triple,
                "operating_system".into(),
                "darwin".into(),
                "linux".into(),
                "Module was compiled for operating system 'darwin'".into()
            ),
        ]
    );
}

#[test]
fn full_report_lists_every_difference_parity_first() {
    // The fleet of examples-c/generic_demo.c: a smaller stack, no neon, no
    // threads, another opt_level (ignored), bounds checks off (the artifact
    // must have them on, which it does).
    let fleet = with(|b| {
        b.tunable("stack_size", Value::Int(65536))
            .unwrap()
            .tunable("opt_level", Value::Str("size".into()))
            .unwrap()
            .tunable("bounds_checks", Value::Bool(false))
            .unwrap()
            .feature("threads", false)
            .unwrap()
            .probe(probe("lse"));
    });
    let expected = [
        (
            Category::IsaFlag,
            "has_neon",
            "true",
            "neon: no",
            r#"ISA flag "has_neon" needs host feature "neon", which the host does not have"#,
        ),
        (
            Category::Tunable,
            "stack_size",
            "131072",
            "65536",
            r#"tunable "stack_size" is 131072 in the artifact but 65536 in the host"#,
        ),
        (
            Category::Feature,
            "threads",
            "true",
            "false",
            r#"feature "threads" is enabled in the artifact but not in the host"#,
        ),
    ];
    let got = mismatches(&toy(), &fleet);
    let got: Vec<_> = got
        .iter()
        .map(|(c, f, a, h, m)| (*c, f.as_str(), a.as_str(), h.as_str(), m.as_str()))
        .collect();
    assert_eq!(got, expected);
    let bytes = write(&toy());
    let parity = rules::check(&fleet.build().unwrap(), &bytes, Kind::Module, Mode::Parity);
    assert_eq!(parity.message(), Some(expected[0].4));
    assert_eq!(parity.mismatches().len(), 1);
}

#[test]
fn mutated_artifacts_never_panic() {
    let engine = toy().build().unwrap();
    let bytes = write(&toy());
    for at in 0..bytes.len() {
        for value in [0x00u8, 0x7f, 0xff] {
            let mut mutated = bytes.clone();
            mutated[at] = value;
            let report = rules::check(&engine, &mutated, Kind::Module, Mode::All);
            let parity = rules::check(&engine, &mutated, Kind::Module, Mode::Parity);
            assert_eq!(report.message(), parity.message(), "byte {at} = {value:#x}");
            let _ = Artifact::read(&mutated, Some(&GENERIC));
        }
    }
    for len in 0..bytes.len() {
        let report = rules::check(&engine, &bytes[..len], Kind::Module, Mode::All);
        assert!(!report.is_compatible(), "truncated to {len}");
    }
}
