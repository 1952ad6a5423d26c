//! The recorded fixtures of real wasmtime releases (tests/fixtures/
//! wasmtime-<major>, made by tools/wasmtime-fixtures*), as the replay tests
//! read them.
#![allow(dead_code)]

use aotcompat::artifact::Artifact;
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{Engine, Kind, VersionStrategy};
use aotcompat::profiles::{self, Profile};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The fixture directories and the profile each one's wasmtime is.
pub const VERSIONS: &[(&str, &str)] = &[
    ("wasmtime-31", "wasmtime-31"),
    ("wasmtime-44", "wasmtime-44"),
    ("wasmtime-50", "wasmtime-50"),
];

pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[derive(Deserialize)]
pub struct Manifest {
    pub wasmtime_version: String,
    #[serde(default)]
    pub generating_cpu: Vec<String>,
    pub artifacts: Vec<ArtifactEntry>,
    pub hosts: Vec<HostEntry>,
    pub verdicts: Vec<Verdict>,
    /// The fixture directory (not in the file).
    #[serde(skip)]
    pub dir: PathBuf,
    /// The profile of the wasmtime that made the fixtures.
    #[serde(skip, default = "default_profile")]
    pub profile: &'static Profile,
}

fn default_profile() -> &'static Profile {
    profiles::ALL[0]
}

#[derive(Deserialize)]
pub struct ArtifactEntry {
    pub name: String,
    pub file: String,
    #[serde(default)]
    pub description: String,
    pub detect: String,
    #[serde(skip)]
    pub dir: PathBuf,
}

#[derive(Deserialize)]
pub struct HostEntry {
    pub name: String,
    pub file: String,
    pub gc_support: bool,
    pub version_strategy: serde_json::Value,
    pub probe: ProbeEntry,
    #[serde(skip)]
    pub dir: PathBuf,
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

/// The manifest of fixture directory `name` (`wasmtime-31`).
pub fn manifest_of(name: &str) -> Manifest {
    let (_, profile) = VERSIONS
        .iter()
        .find(|(dir, _)| *dir == name)
        .unwrap_or_else(|| panic!("no fixtures called {name}"));
    let dir = fixtures_root().join(name);
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut m: Manifest = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("bad manifest {}: {e}", path.display()));
    for a in &mut m.artifacts {
        a.dir = dir.clone();
    }
    for h in &mut m.hosts {
        h.dir = dir.clone();
    }
    m.dir = dir;
    m.profile = profiles::by_name(profile).expect("a built-in profile");
    m
}

/// The wasmtime 31 fixtures, which most tests use.
pub fn manifest() -> Manifest {
    manifest_of("wasmtime-31")
}

/// Every fixture directory's manifest.
pub fn manifests() -> Vec<Manifest> {
    VERSIONS.iter().map(|(dir, _)| manifest_of(dir)).collect()
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
        self.dir.join(&self.file)
    }

    /// Compiled by wasmtime as is: neither corrupted on purpose nor a
    /// foreign file.
    pub fn is_real(&self) -> bool {
        !self.description.starts_with("corrupted") && !self.description.starts_with("foreign input")
    }
}

/// The engine section of the artifact at `path` as `profile` finds it, if
/// it has one.
pub fn engine_section_of(path: &Path, profile: &Profile) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let headers = aotcompat::format::Headers::parse(&*bytes).ok()?;
    let rule = profile.container;
    headers
        .section_data(rule.section, rule.pick)
        .ok()
        .flatten()
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
        let section = engine_section_of(&self.artifact(&v.artifact).path(), self.profile)?;
        self.verdicts.iter().find_map(|w| {
            let twin = self.artifact(&w.artifact);
            let proves = w.ok
                && w.host == v.host
                && w.artifact != v.artifact
                && twin.detect == w.kind
                && engine_section_of(&twin.path(), self.profile).as_deref() == Some(&section[..]);
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

    /// The probe as the library's fixed probe.
    pub fn probe(&self) -> Probe {
        let mut probe = FixedProbe::new(self.yes.iter().cloned());
        for n in &self.unknown {
            probe.add_unknown(n);
        }
        probe.set_unknown_default(self.unknown_default);
        Probe::Fixed(Arc::new(probe))
    }
}

impl HostEntry {
    pub fn path(&self) -> PathBuf {
        self.dir.join(&self.file)
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

    /// The engine that made this host's artifact, read with `profile`, with
    /// the recorded probe and GC support.
    pub fn engine_as(&self, profile: &'static Profile) -> Engine {
        let artifact = Artifact::read_file(&self.path(), Some(profile))
            .unwrap_or_else(|e| panic!("host {}: {e:#}", self.name));
        let mut builder = artifact.engine_builder().unwrap();
        builder
            .probe(self.probe.probe())
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

    /// The engine of this host, read without naming a profile (detection
    /// must find the fixtures' own).
    pub fn engine(&self) -> Engine {
        let artifact = Artifact::read_file(&self.path(), None)
            .unwrap_or_else(|e| panic!("host {}: {e:#}", self.name));
        self.engine_as(artifact.profile)
    }
}

pub fn kind(name: &str) -> Kind {
    name.parse().unwrap()
}
