//! Our writer and reader agree with each other, and the check finds what
//! was changed. (Agreement with real wasmtime is tests/replay.rs.)

use aotcompat::artifact::{self, write_artifact, Artifact};
use aotcompat::codec::Value;
use aotcompat::format::{ExtraSection, SectionKind};
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{EngineBuilder, FlagValue, Kind, VersionStrategy};
use aotcompat::profiles::WASMTIME_31;
use aotcompat::rules::{self, Category, Mode};
use std::sync::Arc;

/// A native-like engine for a CPU whose only optional feature is AVX2, so
/// the ISA flags do not depend on the machine running the tests.
fn builder(target: &str) -> EngineBuilder {
    let avx2_only = Probe::Fixed(Arc::new(FixedProbe::new(["avx2"])));
    let mut b = EngineBuilder::native_with_probe(&WASMTIME_31, avx2_only);
    b.target(target)
        .shared_flag("opt_level", FlagValue::enumerated("speed"))
        .shared_flag("preserve_frame_pointers", FlagValue::Bool(true))
        .isa_flag("has_avx2", FlagValue::Bool(true))
        .probe(Probe::Fixed(Arc::new(FixedProbe::new(["avx2"]))));
    b
}

#[test]
fn written_artifact_reads_back_and_checks_compatible() {
    for (target, kind) in [
        ("x86_64-unknown-linux-gnu", Kind::Module),
        ("s390x-unknown-linux-gnu", Kind::Component),
        ("aarch64-apple-darwin", Kind::Module),
        ("pulley64", Kind::Module),
    ] {
        let engine = builder(target).build().unwrap();
        let text = [0xc3u8; 16];
        let extra = [ExtraSection {
            name: ".text",
            data: &text,
            align: 16,
            kind: SectionKind::Text,
        }];
        let bytes = write_artifact(&engine, kind, &extra).unwrap();
        assert_eq!(artifact::detect(&bytes, None), Some(kind), "{target}");
        let read = Artifact::read(&bytes, None).unwrap();
        assert_eq!(read.kind, Some(kind));
        assert_eq!(read.profile, &WASMTIME_31);
        assert_eq!(read.version, b"31.0.0");
        assert_eq!(&read.metadata, engine.metadata());
        let report = rules::check(&engine, &bytes, kind, Mode::Parity);
        assert!(report.is_compatible(), "{target}: {:?}", report.message());
        let other = match kind {
            Kind::Module => Kind::Component,
            Kind::Component => Kind::Module,
        };
        let report = rules::check(&engine, &bytes, other, Mode::Parity);
        assert_eq!(report.message(), Some("incompatible object file format"));
    }
}

#[test]
fn big_endian_target_is_written_big_endian() {
    let engine = builder("s390x-unknown-linux-gnu").build().unwrap();
    let bytes = write_artifact(&engine, Kind::Module, &[]).unwrap();
    assert_eq!(bytes[5], 2, "EI_DATA must be ELFDATA2MSB");
    assert_eq!(bytes[7], 200, "EI_OSABI must be ELFOSABI_WASMTIME");
}

#[test]
fn every_difference_is_listed_with_the_parity_one_first() {
    let artifact_engine = {
        let mut b = builder("x86_64-unknown-linux-gnu");
        b.tunable("epoch_interruption", Value::Bool(true)).unwrap();
        b.feature("simd", false).unwrap();
        b.version_strategy(VersionStrategy::Custom("mine".into()));
        b.build().unwrap()
    };
    let bytes = write_artifact(&artifact_engine, Kind::Module, &[]).unwrap();
    let mut host = builder("x86_64-unknown-linux-gnu");
    host.version_strategy(VersionStrategy::Custom("theirs".into()))
        .probe(Probe::Fixed(Arc::new(FixedProbe::new(["sse3"]))));
    let host = host.build().unwrap();

    let parity = rules::check(&host, &bytes, Kind::Module, Mode::Parity);
    assert_eq!(
        parity.message(),
        Some("Module was compiled with incompatible version 'mine'")
    );
    assert_eq!(parity.mismatches().len(), 1);

    let all = rules::check(&host, &bytes, Kind::Module, Mode::All);
    let got: Vec<_> = all
        .mismatches()
        .iter()
        .map(|m| (m.category, m.field.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Category::Version, "version"),
            (Category::IsaFlag, "has_avx2"),
            (Category::Tunable, "epoch_interruption"),
            (Category::Feature, "simd"),
        ]
    );
    assert_eq!(all.message(), parity.message());
    assert_eq!(
        all.mismatches()[1].message,
        "compilation settings of module incompatible with native host: \
         compilation setting \"has_avx2\" is enabled, but not available on the host"
    );
    assert_eq!(
        all.mismatches()[2].message,
        "Module was compiled with epoch interruption but it is not enabled for the host"
    );
    assert_eq!(
        all.mismatches()[3].message,
        "Module was compiled without WebAssembly SIMD support but it is enabled for the host"
    );
}
