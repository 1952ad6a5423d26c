//! Replays every verdict real wasmtime 31.0.0 gave (recorded by
//! tools/wasmtime-fixtures) through the library, and requires the same
//! outcome and the same message, from bytes and from the file alike.

mod common;

use aotcompat::artifact::Artifact;
use aotcompat::format::{self, EngineSection};
use aotcompat::model::{Engine, Profile};
use aotcompat::rules::{self, Mode};
use std::collections::HashMap;

#[test]
fn every_recorded_verdict_is_reproduced() {
    let manifest = common::manifest();
    assert_eq!(manifest.wasmtime_version, "31.0.0");
    let engines: HashMap<&str, Engine> = manifest
        .hosts
        .iter()
        .map(|h| (h.name.as_str(), h.engine()))
        .collect();
    let mut disagreements = Vec::new();
    let mut load_phase: Vec<String> = Vec::new();
    let (mut replayed, mut failing) = (0, 0);
    for v in &manifest.verdicts {
        let engine = &engines[v.host.as_str()];
        let path = manifest.artifact(&v.artifact).path();
        let bytes = std::fs::read(&path).unwrap();
        let kind = common::kind(&v.kind);
        let from_bytes = rules::check(engine, &bytes, kind, Mode::Parity);
        let from_file = rules::check_file(engine, &path, kind, Mode::Parity).unwrap();
        let from_all = rules::check(engine, &bytes, kind, Mode::All);
        let expected = if v.ok { None } else { v.message.as_deref() };
        replayed += 1;
        failing += usize::from(!v.ok);
        let ours = [
            ("bytes", from_bytes.message()),
            ("file", from_file.message()),
            ("all-first", from_all.message()),
        ];
        if ours.iter().all(|(_, got)| got.is_none()) {
            if let Some(twin) = manifest.load_phase_twin(v) {
                load_phase.push(format!(
                    "{} on {} as {} (twin {twin})",
                    v.artifact, v.host, v.kind
                ));
                continue;
            }
        }
        for (how, got) in ours {
            if got != expected {
                disagreements.push(format!(
                    "{} on {} as {} ({how}):\n    wasmtime: {expected:?}\n    ours:     {got:?}",
                    v.artifact, v.host, v.kind
                ));
            }
        }
    }
    let agree = replayed - load_phase.len() - disagreements.len() / 3;
    println!(
        "replayed {replayed} verdicts ({failing} incompatible): {agree} agree exactly, {} refused by wasmtime \
         after its compatibility check passed (proved by a twin), {} disagreements",
        load_phase.len(),
        disagreements.len()
    );
    for pair in &load_phase {
        println!("  load phase: {pair}");
    }
    assert!(replayed >= 1000, "too few verdicts recorded: {replayed}");
    // Body-decoding failures come from a few edits of the marks; a growing
    // count would mean the twin argument hides real disagreements.
    assert!(
        load_phase.len() <= 24,
        "{} load-phase pairs is more than the fixtures hold",
        load_phase.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn every_detect_answer_is_reproduced() {
    let manifest = common::manifest();
    for a in &manifest.artifacts {
        let bytes = std::fs::read(a.path()).unwrap();
        let ours = format::detect(&bytes).map_or("none", |k| k.name());
        assert_eq!(ours, a.detect, "detect {}", a.name);
        let ours = format::detect_file(&a.path())
            .unwrap()
            .map_or("none", |k| k.name());
        assert_eq!(ours, a.detect, "detect_file {}", a.name);
    }
}

/// Every real artifact's engine section (and every host's) decodes and
/// re-encodes to the same bytes. A corrupted one that still decodes
/// re-encodes to a prefix of itself: postcard ignores trailing bytes, so
/// trailing bytes are the only thing the layout may drop.
#[test]
fn every_engine_section_reencodes_byte_for_byte() {
    let manifest = common::manifest();
    let real = manifest
        .artifacts
        .iter()
        .filter(|a| a.is_real())
        .map(|a| (a.path(), true));
    let hosts = manifest.hosts.iter().map(|h| (h.path(), true));
    let corrupted = manifest
        .artifacts
        .iter()
        .filter(|a| !a.is_real())
        .map(|a| (a.path(), false));
    let (mut exact, mut prefix) = (0, 0);
    for (path, must_decode) in real.chain(hosts).chain(corrupted) {
        let bytes = std::fs::read(&path).unwrap();
        let artifact = match Artifact::read(&bytes, Some(Profile::Wasmtime31)) {
            Ok(a) => a,
            Err(e) if !must_decode => {
                let _ = e;
                continue;
            }
            Err(e) => panic!("{}: {e:#}", path.display()),
        };
        let original = common::engine_section_of(&path).unwrap();
        let again = artifact.engine_section().unwrap();
        if must_decode {
            assert_eq!(
                again,
                original,
                "{} does not re-encode byte for byte",
                path.display()
            );
            assert_eq!(
                EngineSection::parse(&original).unwrap().version,
                &artifact.version[..]
            );
            exact += 1;
        } else {
            assert!(
                original.starts_with(&again),
                "{}: re-encoding is not a prefix",
                path.display()
            );
            prefix += 1;
        }
    }
    let expected = manifest.artifacts.iter().filter(|a| a.is_real()).count() + manifest.hosts.len();
    println!("{exact} real engine sections re-encoded byte for byte, {prefix} corrupted ones to a prefix");
    assert_eq!(exact, expected);
}

/// The native engine describes what a default wasmtime 31 `Config` compiles
/// with: its tunables and features equal those of a real default artifact.
#[test]
fn native_engine_has_wasmtime_defaults() {
    let manifest = common::manifest();
    let real = Artifact::read_file(&manifest.artifact("default-module").path(), None).unwrap();
    let native = Engine::native(Profile::Wasmtime31);
    assert_eq!(native.metadata().tunables, real.metadata.tunables);
    assert_eq!(native.metadata().features, real.metadata.features);
    assert_eq!(native.version_string().as_bytes(), &real.version[..]);
}

/// On an x86_64 Linux machine, the native engine for a CPU with every x86
/// feature describes exactly what wasmtime compiled natively on such a CPU
/// (`native-detected-module` was made on one), so both keys match too.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
#[test]
fn native_engine_matches_a_natively_compiled_artifact() {
    use aotcompat::host::{FixedProbe, Probe};
    use aotcompat::key::{identity_key, load_key};
    use aotcompat::model::EngineBuilder;
    use std::sync::Arc;

    let manifest = common::manifest();
    let real =
        Artifact::read_file(&manifest.artifact("native-detected-module").path(), None).unwrap();
    let every_feature: Vec<&str> = aotcompat::rules::wasmtime31::ISA_FLAGS
        .iter()
        .filter_map(|(_, rule)| match rule {
            aotcompat::rules::wasmtime31::IsaRule::Probe(f) => Some(*f),
            _ => None,
        })
        .collect();
    let probe = Probe::Fixed(Arc::new(FixedProbe::new(every_feature)));
    let native = EngineBuilder::native_with_probe(Profile::Wasmtime31, probe)
        .build()
        .unwrap();
    assert_eq!(native.metadata(), &real.metadata);
    let producer = real.engine_builder().unwrap().build().unwrap();
    assert_eq!(load_key(&native), load_key(&producer));
    assert_eq!(identity_key(&native), identity_key(&producer));
    assert!(
        aotcompat::rules::host_check_against(&native, native.triple(), Mode::All).is_compatible()
    );
}
