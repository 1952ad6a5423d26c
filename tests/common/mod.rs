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
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad manifest {}: {e}", path.display()))
}

impl Manifest {
    pub fn artifact(&self, name: &str) -> &ArtifactEntry {
        self.artifacts
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no artifact {name}"))
    }

    pub fn host(&self, name: &str) -> &HostEntry {
        self.hosts
            .iter()
            .find(|h| h.name == name)
            .unwrap_or_else(|| panic!("no host {name}"))
    }
}

impl ArtifactEntry {
    pub fn path(&self) -> PathBuf {
        fixtures_dir().join(&self.file)
    }

    /// Compiled by wasmtime as is: neither corrupted on purpose nor a
    /// foreign file.
    pub fn is_real(&self) -> bool {
        !self.description.starts_with("corrupted") && !self.description.starts_with("foreign input")
    }
}

/// The engine section of the artifact at `path`, if it has one.
pub fn engine_section_of(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let elf = aotcompat::format::parse_elf(&*bytes).ok()?;
    aotcompat::format::engine_section_data(&elf)
        .ok()
        .map(<[u8]>::to_vec)
}

impl Manifest {
    /// For a verdict where wasmtime refused the artifact, a proof that the
    /// refusal came *after* wasmtime's compatibility check passed: another
    /// artifact with the very same engine section that wasmtime loaded on
    /// the same host as its own kind.
    ///
    /// wasmtime's check reads only the ELF marks and the engine section; if
    /// the marks fit the kind asked for (the caller's check says so) and
    /// the engine section is one this host accepted, the check passed, and
    /// the error came from decoding the artifact's body (for example a
    /// module's body under component marks), which is not an engine
    /// compatibility question. Returns the twin's name.
    pub fn load_phase_twin(&self, v: &Verdict) -> Option<&str> {
        if v.ok {
            return None;
        }
        let section = engine_section_of(&self.artifact(&v.artifact).path())?;
        self.verdicts.iter().find_map(|w| {
            let twin = self.artifact(&w.artifact);
            let proves = w.ok
                && w.host == v.host
                && w.artifact != v.artifact
                && twin.detect == w.kind
                && engine_section_of(&twin.path()).as_deref() == Some(&section[..]);
            proves.then_some(twin.name.as_str())
        })
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
                o.get("custom")
                    .and_then(|v| v.as_str())
                    .expect("custom strategy has a string")
                    .to_string(),
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
        builder
            .probe(Probe::Fixed(Arc::new(probe)))
            .gc_support(self.gc_support);
        let engine = builder.build().unwrap();
        assert_eq!(
            engine.version_strategy(),
            &self.expected_strategy(),
            "host {}: derived strategy",
            self.name
        );
        engine
    }
}

pub fn kind(name: &str) -> Kind {
    name.parse().unwrap()
}
