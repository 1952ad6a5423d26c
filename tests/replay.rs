//! Replays every verdict real wasmtime gave (recorded by the generators
//! under tools/) through the library, for every fixture version, and
//! requires the same outcome and the same message, from bytes and from the
//! file alike; and every engine section re-encodes byte for byte.

mod common;

use aotcompat::artifact::{self, Artifact};
use aotcompat::format::EngineSection;
use aotcompat::model::{Engine, EngineBuilder};
use aotcompat::rules::{self, Mode};
use common::Manifest;
use std::collections::HashMap;

/// One module of tests per fixture directory.
macro_rules! replay_tests {
    ($($module:ident => $dir:literal),* $(,)?) => {$(
        mod $module {
            fn m() -> super::Manifest {
                super::common::manifest_of($dir)
            }

            #[test]
            fn every_recorded_verdict_is_reproduced() {
                super::verdicts(&m());
            }

            #[test]
            fn every_detect_answer_is_reproduced() {
                super::detect_answers(&m());
            }

            #[test]
            fn every_engine_section_reencodes_byte_for_byte() {
                super::reencode(&m());
            }

            #[test]
            fn every_real_artifact_names_its_profile() {
                super::detected_profiles(&m());
            }

            #[test]
            fn native_engine_has_the_defaults_of_a_real_default_artifact() {
                super::native_defaults(&m());
            }

            #[cfg(all(target_arch = "x86_64", target_os = "linux"))]
            #[test]
            fn native_engine_matches_a_natively_compiled_artifact() {
                super::native_detected(&m());
            }
        }
    )*};
}

replay_tests! {
    wasmtime_31 => "wasmtime-31",
    wasmtime_44 => "wasmtime-44",
    wasmtime_50 => "wasmtime-50",
}

fn verdicts(manifest: &Manifest) {
    let engines: HashMap<&str, Engine> = manifest
        .hosts
        .iter()
        .map(|h| (h.name.as_str(), h.engine()))
        .collect();
    for (name, engine) in &engines {
        assert_eq!(engine.profile(), manifest.profile, "host {name}");
    }
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
                // Only an edit of the kind marks can make wasmtime decode a
                // body under the wrong kind.
                let edited = manifest.artifact(&v.artifact);
                assert!(
                    edited.description.contains("e_flags"),
                    "{}: a load-phase refusal of an artifact whose marks were not edited",
                    v.artifact
                );
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
        "{}: replayed {replayed} verdicts ({failing} incompatible): {agree} agree exactly, {} \
         refused by wasmtime after its compatibility check passed (proved by a twin), {} \
         disagreements",
        manifest.wasmtime_version,
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

fn detect_answers(manifest: &Manifest) {
    for a in &manifest.artifacts {
        let bytes = std::fs::read(a.path()).unwrap();
        let profile = Some(manifest.profile);
        let ours = artifact::detect(&bytes, profile).map_or("none", |k| k.name());
        assert_eq!(ours, a.detect, "detect {}", a.name);
        let ours = artifact::detect_file(&a.path(), profile)
            .unwrap()
            .map_or("none", |k| k.name());
        assert_eq!(ours, a.detect, "detect_file {}", a.name);
        // Without a profile, as the wasmtime that wrote the file answers.
        if Artifact::read(&bytes, None).is_ok_and(|r| r.profile == manifest.profile) {
            let ours = artifact::detect(&bytes, None).map_or("none", |k| k.name());
            assert_eq!(ours, a.detect, "detect {} without a profile", a.name);
        }
    }
}

/// Every real artifact's engine section (and every host's) decodes and
/// re-encodes to the same bytes. A corrupted one that still decodes
/// re-encodes to a prefix of itself: the codec ignores trailing bytes, so
/// trailing bytes are the only thing the layout may drop.
fn reencode(manifest: &Manifest) {
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
        let artifact = match Artifact::read(&bytes, Some(manifest.profile)) {
            Ok(a) => a,
            Err(_) if !must_decode => continue,
            Err(e) => panic!("{}: {e:#}", path.display()),
        };
        let original = common::engine_section_of(&path, manifest.profile).unwrap();
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
    println!(
        "{}: {exact} real engine sections re-encoded byte for byte, {prefix} corrupted ones to a prefix",
        manifest.wasmtime_version
    );
    assert_eq!(exact, expected);
}

/// Without a profile named, every real artifact and host file is read
/// with the profile of the wasmtime that wrote it.
fn detected_profiles(manifest: &Manifest) {
    let real = manifest
        .artifacts
        .iter()
        .filter(|a| a.is_real())
        .map(|a| a.path());
    for path in real.chain(manifest.hosts.iter().map(|h| h.path())) {
        let artifact = Artifact::read_file(&path, None)
            .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()));
        assert_eq!(artifact.profile, manifest.profile, "{}", path.display());
    }
}

/// The native engine describes what a default `Config` compiles with: its
/// shared flags, tunables and features equal those of a real default
/// artifact, and so does its version string.
fn native_defaults(manifest: &Manifest) {
    let real = Artifact::read_file(&manifest.artifact("default-module").path(), None).unwrap();
    let native = Engine::native(manifest.profile);
    let md = native.metadata();
    assert_eq!(md.shared_flags, real.metadata.shared_flags);
    let ours: Vec<_> = md.tunables().collect();
    let theirs: Vec<_> = real.metadata.tunables().collect();
    assert_eq!(ours, theirs);
    assert_eq!(md.features(), real.metadata.features());
    assert_eq!(native.version_string().as_bytes(), &real.version[..]);
}

/// On an x86_64 Linux machine, the native engine for a CPU with the
/// generating machine's features describes exactly what wasmtime compiled
/// natively there (`native-detected-module`), so both keys match too.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn native_detected(manifest: &Manifest) {
    use aotcompat::host::{FixedProbe, Probe};
    use aotcompat::key::{identity_key, load_key};
    use std::sync::Arc;

    let real =
        Artifact::read_file(&manifest.artifact("native-detected-module").path(), None).unwrap();
    // The 31 fixtures predate the recorded CPU list: the machine that made
    // them had every x86 feature wasmtime 31 detects.
    let cpu: Vec<String> = if manifest.generating_cpu.is_empty() {
        [
            "sse3",
            "ssse3",
            "sse4.1",
            "sse4.2",
            "popcnt",
            "avx",
            "avx2",
            "fma",
            "bmi1",
            "bmi2",
            "lzcnt",
            "cmpxchg16b",
            "avx512bitalg",
            "avx512dq",
            "avx512f",
            "avx512vl",
            "avx512vbmi",
        ]
        .map(String::from)
        .to_vec()
    } else {
        manifest.generating_cpu.clone()
    };
    let probe = Probe::Fixed(Arc::new(FixedProbe::new(cpu)));
    let native = EngineBuilder::native_with_probe(manifest.profile, probe)
        .build()
        .unwrap();
    assert_eq!(native.metadata(), &real.metadata);
    let producer = real.engine_builder().unwrap().build().unwrap();
    assert_eq!(load_key(&native), load_key(&producer));
    assert_eq!(identity_key(&native), identity_key(&producer));
    assert!(rules::host_check_against(&native, native.triple(), Mode::All).is_compatible());
}
