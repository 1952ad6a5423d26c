//! Replays every verdict real wasmtime gave (recorded by the generators
//! under tools/) through the library, for every fixture version, and
//! requires the same outcome and the same message, from bytes and from the
//! file alike; and every engine section re-encodes byte for byte.

mod common;

use aotcompat::artifact::{self, Artifact};
use aotcompat::format::EngineSection;
use aotcompat::model::{Engine, EngineBuilder, FlagList};
use aotcompat::rules::{self, Mode};
use common::Manifest;
use std::collections::HashMap;

#[test]
fn every_recorded_verdict_is_reproduced() {
    common::for_each_version(verdicts);
}

#[test]
fn every_detect_answer_is_reproduced() {
    common::for_each_version(detect_answers);
}

#[test]
fn every_engine_section_reencodes_byte_for_byte() {
    common::for_each_version(reencode);
}

#[test]
fn every_real_artifact_names_its_profile() {
    common::for_each_version(detected_profiles);
}

#[test]
fn native_engine_has_the_defaults_of_a_real_default_artifact() {
    common::for_each_version(native_defaults);
}

#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
#[test]
fn native_engine_matches_a_natively_compiled_artifact() {
    common::for_each_version(native_detected);
}

fn verdicts(manifest: &Manifest) {
    let engines: HashMap<&str, Engine> = manifest
        .hosts
        .iter()
        .map(|h| (h.name.as_str(), h.engine(manifest.profile)))
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
    let least = if manifest.profile.is_legacy() {
        70
    } else {
        100
    };
    assert!(replayed >= least, "too few verdicts recorded: {replayed}");
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

/// Every recorded `detect_precompiled` answer (the wheels' fixtures have
/// none: no wheel exposes it).
fn detect_answers(manifest: &Manifest) {
    for a in &manifest.artifacts {
        let Some(detect) = a.detect.as_deref() else {
            continue;
        };
        let bytes = std::fs::read(a.path()).unwrap();
        let profile = Some(manifest.profile);
        let ours = artifact::detect(&bytes, profile).map_or("none", |k| k.name());
        assert_eq!(ours, detect, "detect {}", a.name);
        let ours = artifact::detect_file(&a.path(), profile)
            .unwrap()
            .map_or("none", |k| k.name());
        assert_eq!(ours, detect, "detect_file {}", a.name);
        // Without a profile, as the wasmtime that wrote the file answers.
        if Artifact::read(&bytes, None).is_ok_and(|r| r.profile == manifest.profile) {
            let ours = artifact::detect(&bytes, None).map_or("none", |k| k.name());
            assert_eq!(ours, detect, "detect {} without a profile", a.name);
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
        let opaque = manifest.profile.layout.trailing_bytes.module().is_some();
        if must_decode && opaque {
            // wasmtime 0.26 to 0.29: the metadata is the start of a value
            // whose rest (the compiled module) is kept as it is.
            assert!(
                original.starts_with(&again) && again.len() < original.len(),
                "{} does not re-encode byte for byte",
                path.display()
            );
            exact += 1;
        } else if must_decode {
            assert_eq!(
                again,
                original,
                "{} does not re-encode byte for byte",
                path.display()
            );
            if !manifest.profile.is_legacy() {
                assert_eq!(
                    EngineSection::parse(&original).unwrap().version,
                    &artifact.version[..]
                );
            }
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
/// with the profile of the wasmtime that wrote it, as far as its bytes can
/// tell (see `common::read_detected`).
fn detected_profiles(manifest: &Manifest) {
    let real = manifest
        .artifacts
        .iter()
        .filter(|a| a.is_real())
        .map(|a| a.path());
    for path in real.chain(manifest.hosts.iter().map(|h| h.path())) {
        common::read_detected(&path, manifest.profile);
    }
}

/// The native engine describes what a default `Config` compiles with: its
/// shared flags, tunables and features equal those of a real default
/// artifact, and so does its version string.
fn native_defaults(manifest: &Manifest) {
    let real = Artifact::read_file(&manifest.artifact("default-module").path(), None).unwrap();
    // Up to wasmtime 37 the version string names the patch release, a
    // setting of the engine (default: the newest patch).
    let mut builder = EngineBuilder::native(manifest.profile);
    if manifest.profile.version.per_patch {
        builder.wasmtime_version(manifest.engine_version()).unwrap();
    }
    let native = builder.build().unwrap();
    let md = native.metadata();
    // wasmtime 0.26 to 0.29 write their flags in a `HashMap`'s order, a
    // new one each run: compare them as sets there.
    assert_eq!(
        sorted(&md.shared_flags),
        sorted(&real.metadata.shared_flags)
    );
    if !manifest.profile.is_legacy() {
        assert_eq!(md.shared_flags, real.metadata.shared_flags);
    }
    let ours: Vec<_> = md.tunables().collect();
    let theirs: Vec<_> = real.metadata.tunables().collect();
    assert_eq!(ours, theirs);
    assert_eq!(md.features(), real.metadata.features());
    assert_eq!(native.version_string().as_bytes(), &real.version[..]);
}

fn sorted(list: &FlagList<'_>) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = list
        .iter()
        .map(|(n, v)| (n.to_string(), format!("{v:?}")))
        .collect();
    list.sort();
    list
}

/// On an x86_64 Linux machine, the native engine for a CPU with the
/// generating machine's features describes exactly what wasmtime compiled
/// natively there (`native-detected-module`), so both keys match too.
#[cfg(all(target_arch = "x86_64", target_os = "linux"))]
fn native_detected(manifest: &Manifest) {
    use aotcompat::key::{identity_key, load_key};

    // The pre-3.0 wheels have no target setter: their default artifact is
    // the natively compiled one.
    let name = if manifest.profile.is_legacy() {
        "default-module"
    } else {
        "native-detected-module"
    };
    let mut real = Artifact::read_file(&manifest.artifact(name).path(), None).unwrap();
    let native = common::native_engine(manifest);
    // The type tables after the features (0.30 to 2.x) describe the
    // module, not the engine.
    real.metadata.clear_trailing_fields();
    if manifest.profile.is_legacy() {
        let mut ours = native.metadata().clone();
        for md in [&mut ours, &mut real.metadata] {
            md.shared_flags.sort_by(|a, b| a.0.cmp(&b.0));
            md.isa_flags.sort_by(|a, b| a.0.cmp(&b.0));
        }
        assert_eq!(ours, real.metadata);
    } else {
        assert_eq!(native.metadata(), &real.metadata);
    }
    let producer = real.engine_builder().unwrap().build().unwrap();
    assert_eq!(load_key(&native), load_key(&producer));
    if manifest.profile.layout.trailing_bytes.module().is_none() {
        // 0.26 to 0.29's flag order is a `HashMap`'s, so the bytes the
        // engine writes, and with them the identity key, vary from run to
        // run in wasmtime itself.
        assert_eq!(identity_key(&native), identity_key(&producer));
    }
    assert!(rules::host_check_against(&native, native.triple(), Mode::All).is_compatible());
}

/// What wasmtime 3.0.0 and 50.0.1 (the default engines of their wheels)
/// said when loading every pre-3.0 fixture: the container's words, from
/// bytes and from the file; and with the full report, one more mismatch
/// that names the pre-3.0 format and the release that wrote the file.
#[test]
fn modern_releases_refuse_pre_3_artifacts_in_their_own_words() {
    let loaders: Vec<(&str, Engine)> = [("3.0.0", "wasmtime-3"), ("50.0.1", "wasmtime-50")]
        .into_iter()
        .map(|(version, dir)| {
            let m = common::manifest_of(dir);
            let host = m.host("x86-64-default");
            (version, host.engine(m.profile))
        })
        .collect();
    let mut replayed = 0;
    for dir in common::versions() {
        if !dir.starts_with("legacy-") {
            continue;
        }
        let m = common::manifest_of(&dir);
        assert!(!m.foreign_verdicts.is_empty(), "{dir}: no foreign verdicts");
        for fv in &m.foreign_verdicts {
            let (_, engine) = loaders
                .iter()
                .find(|(v, _)| *v == fv.loader)
                .unwrap_or_else(|| panic!("{dir}: unknown loader {}", fv.loader));
            let path = m.artifact(&fv.artifact).path();
            let bytes = std::fs::read(&path).unwrap();
            let kind = aotcompat::model::Kind::Module;
            let expected = if fv.ok { None } else { fv.message.as_deref() };
            let parity = rules::check(engine, &bytes, kind, Mode::Parity);
            let file = rules::check_file(engine, &path, kind, Mode::Parity).unwrap();
            assert_eq!(
                parity.message(),
                expected,
                "{dir} {} on {}",
                fv.artifact,
                fv.loader
            );
            assert_eq!(
                file.message(),
                expected,
                "{dir} {} on {} (file)",
                fv.artifact,
                fv.loader
            );
            let all = rules::check(engine, &bytes, kind, Mode::All);
            let all_file = rules::check_file(engine, &path, kind, Mode::All).unwrap();
            assert_eq!(all, all_file, "{dir} {}", fv.artifact);
            assert_eq!(all.message(), expected);
            let version = Artifact::read(&bytes, Some(m.profile)).map(|a| a.version);
            let last = all.mismatches().last().unwrap();
            assert_eq!(last.field, "format", "{dir} {}: {:?}", fv.artifact, all);
            let written = String::from_utf8_lossy(&version.unwrap_or_default()).into_owned();
            if !written.is_empty() {
                assert!(last.message.contains(&written), "{}", last.message);
            }
            assert!(last
                .message
                .ends_with("in the pre-3.0 format, which no wasmtime since 3.0 loads"));
            replayed += 1;
        }
    }
    println!("{replayed} foreign verdicts of wasmtime 3.0.0 and 50.0.1 reproduced");
    assert!(replayed >= 400, "{replayed}");
}
