//! Artifacts of one wasmtime release checked by an engine of another:
//! what the real libwasmtime of 31.0.0, 44.0.0 and 50.0.1 (from the PyPI
//! wheels, recorded by tools/cross-version/record.py) said when its default
//! engine loaded each release's default artifact. Across releases the
//! version check decides, so the loading release's default host fixture
//! must give the same words; and the artifact itself still reads as what
//! it was built with.

mod common;

use aotcompat::artifact::Artifact;
use aotcompat::model::Kind;
use aotcompat::rules::{self, Mode};
use serde::Deserialize;

#[derive(Deserialize)]
struct Record {
    loader: String,
    artifact: String,
    ok: bool,
    message: Option<String>,
}

/// The fixture directory of the release whose version string is `version`.
fn fixture_dir(version: &str) -> String {
    format!("wasmtime-{}", version.split('.').next().unwrap())
}

#[test]
fn each_release_refuses_the_others_artifacts_with_its_own_words() {
    let path = common::fixtures_root().join("cross-version.json");
    let records: Vec<Record> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut compared = 0;
    for r in &records {
        let loader_dir = fixture_dir(&r.loader);
        let artifact_dir = r.artifact.split('/').next().unwrap();
        if artifact_dir == loader_dir {
            // The wheels' own builds differ from the fixtures' (concurrency
            // support, collector), so same-release rows are not comparable.
            continue;
        }
        assert!(!r.ok, "{} loaded {}", r.loader, r.artifact);
        let loader = common::manifest_of(&loader_dir);
        let engine = loader.host("x86-64-default").engine(loader.profile);
        let bytes = std::fs::read(common::fixtures_root().join(&r.artifact)).unwrap();
        let parity = rules::check(&engine, &bytes, Kind::Module, Mode::Parity);
        assert_eq!(
            parity.message(),
            r.message.as_deref(),
            "{} loading {}",
            r.loader,
            r.artifact
        );
        let all = rules::check(&engine, &bytes, Kind::Module, Mode::All);
        assert_eq!(all.message(), r.message.as_deref());
        // The artifact still says what built it.
        let read = Artifact::read(&bytes, None).unwrap();
        assert_eq!(read.profile.name, artifact_dir);
        assert_ne!(read.profile, engine.profile());
        compared += 1;
    }
    assert_eq!(compared, 6, "every pair of different releases");
}
