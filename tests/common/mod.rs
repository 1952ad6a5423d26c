//! The recorded wasmtime 31.0.0 fixtures (tests/fixtures/wasmtime-31), as
//! the replay tests read them.
#![allow(dead_code)]

use aotcompat::artifact::Artifact;
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{Engine, Kind, Profile, VersionStrategy};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wasmtime-31")
}

#[derive(Deserialize)]
pub struct Manifest {
    pub wasmtime_version: String,
    pub artifacts: Vec<ArtifactEntry>,
    pub hosts: Vec<HostEntry>,
    pub verdicts: Vec<Verdict>,
}

#[derive(Deserialize)]
pub struct ArtifactEntry {
    pub name: String,
    pub file: String,
    #[serde(default)]
    pub description: String,
    pub detect: String,
}

#[derive(Deserialize)]
pub struct HostEntry {
    pub name: String,
    pub file: String,
    pub gc_support: bool,
    pub version_strategy: serde_json::Value,
    pub probe: ProbeEntry,
}

#[derive(Deserialize, Default)]
pub struct ProbeEntry {
    #[serde(default)]
    pub yes: Vec<String>,
    #[serde(default)]
    pub unknown: Vec<String>,
    #[serde(default)]
    pub unknown_default: bool,
}

#[derive(Deserialize)]
pub struct Verdict {
    pub artifact: String,
    pub host: String,
    pub kind: String,
    pub ok: bool,
    pub message: Option<String>,
}

pub fn manifest() -> Manifest {
    let path = fixtures_dir().join("manifest.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad manifest {}: {e}", path.display()))
}

impl Manifest {
    pub fn artifact(&self, name: &str) -> &ArtifactEntry {
        self.artifacts.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("no artifact {name}"))
    }

    pub fn host(&self, name: &str) -> &HostEntry {
        self.hosts.iter().find(|h| h.name == name).unwrap_or_else(|| panic!("no host {name}"))
    }
}

impl ArtifactEntry {
    pub fn path(&self) -> PathBuf {
        fixtures_dir().join(&self.file)
    }
}

impl ProbeEntry {
    /// The `--features` list that describes this probe.
    pub fn cli_list(&self) -> String {
        let mut entries: Vec<String> = self.yes.clone();
        entries.extend(self.unknown.iter().map(|n| format!("?{n}")));
        if self.unknown_default {
            entries.push("?*".into());
        }
        entries.join(",")
    }
}

impl HostEntry {
    pub fn path(&self) -> PathBuf {
        fixtures_dir().join(&self.file)
    }

    /// The expected version strategy, from the manifest's own record.
    pub fn expected_strategy(&self) -> VersionStrategy {
        match &self.version_strategy {
            serde_json::Value::String(s) if s == "wasmtime" => VersionStrategy::WasmtimeVersion,
            serde_json::Value::String(s) if s == "none" => VersionStrategy::None,
            serde_json::Value::Object(o) => VersionStrategy::Custom(
                o.get("custom").and_then(|v| v.as_str()).expect("custom strategy has a string").to_string(),
            ),
            other => panic!("host {}: unknown version strategy {other}", self.name),
        }
    }

    /// The engine that made this host's artifact, with the recorded probe.
    pub fn engine(&self) -> Engine {
        let artifact = Artifact::read_file(&self.path(), Some(Profile::Wasmtime31))
            .unwrap_or_else(|e| panic!("host {}: {e:#}", self.name));
        let mut builder = artifact.engine_builder().unwrap();
        let mut probe = FixedProbe::new(self.probe.yes.iter().cloned());
        for n in &self.probe.unknown {
            probe.add_unknown(n);
        }
        probe.set_unknown_default(self.probe.unknown_default);
        builder.probe(Probe::Fixed(Arc::new(probe))).gc_support(self.gc_support);
        let engine = builder.build().unwrap();
        assert_eq!(engine.version_strategy(), &self.expected_strategy(), "host {}: derived strategy", self.name);
        engine
    }
}

pub fn kind(name: &str) -> Kind {
    name.parse().unwrap()
}
