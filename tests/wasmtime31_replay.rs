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
    let engines: HashMap<&str, Engine> = manifest.hosts.iter().map(|h| (h.name.as_str(), h.engine())).collect();
    let mut disagreements = Vec::new();
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
        for (how, got) in [("bytes", from_bytes.message()), ("file", from_file.message()), ("all-first", from_all.message())] {
            if got != expected {
                disagreements.push(format!(
                    "{} on {} as {} ({how}):\n    wasmtime: {expected:?}\n    ours:     {got:?}",
                    v.artifact, v.host, v.kind
                ));
            }
        }
    }
    println!("replayed {replayed} verdicts ({failing} incompatible), {} disagreements", disagreements.len());
    assert!(replayed >= 100, "too few verdicts recorded: {replayed}");
    assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
}

#[test]
fn every_detect_answer_is_reproduced() {
    let manifest = common::manifest();
    for a in &manifest.artifacts {
        let bytes = std::fs::read(a.path()).unwrap();
        let ours = format::detect(&bytes).map_or("none", |k| k.name());
        assert_eq!(ours, a.detect, "detect {}", a.name);
        let ours = format::detect_file(&a.path()).unwrap().map_or("none", |k| k.name());
        assert_eq!(ours, a.detect, "detect_file {}", a.name);
    }
}

/// Every engine section that decodes re-encodes to the same bytes, for the
/// artifacts under test and the host artifacts alike.
#[test]
fn every_decodable_engine_section_reencodes_byte_for_byte() {
    let manifest = common::manifest();
    let paths = manifest.artifacts.iter().map(|a| a.path()).chain(manifest.hosts.iter().map(|h| h.path()));
    let mut reencoded = 0;
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(elf) = format::parse_elf(&*bytes) else { continue };
        let Ok(original) = format::engine_section_data(&elf) else { continue };
        let Ok(artifact) = Artifact::read(&bytes, Some(Profile::Wasmtime31)) else { continue };
        let section = EngineSection::parse(original).unwrap();
        let again = artifact.engine_section().unwrap();
        assert_eq!(again, original, "{} does not re-encode byte for byte", path.display());
        assert_eq!(section.version, &artifact.version[..]);
        reencoded += 1;
    }
    println!("{reencoded} engine sections re-encoded byte for byte");
    assert!(reencoded >= manifest.hosts.len());
}
