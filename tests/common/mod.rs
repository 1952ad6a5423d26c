//! The recorded fixtures of real wasmtime releases (tests/fixtures/
//! wasmtime-<major>, made by tools/wasmtime-fixtures*), as the replay tests
//! read them.
#![allow(dead_code)]

pub mod elf;

use aotcompat::artifact::Artifact;
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{Engine, EngineBuilder, Kind, VersionStrategy};
use aotcompat::profiles::{self, Profile};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The fixture directories, newest first: wasmtime 3 and later
/// (`wasmtime-<major>`, read with the profile of that name), then the
/// pre-3.0 releases (`legacy-<x.y>`, read with `wasmtime-<x.y>`, or
/// `wasmtime-1` and `wasmtime-2` for `legacy-1.0` and `legacy-2.0`):
/// whatever tests/fixtures holds, so adding a release's fixtures adds it to
/// every replay. `AOTCOMPAT_FIXTURES=legacy-` (a prefix) replays only the
/// directories whose name starts with it.
pub fn versions() -> Vec<String> {
    let only = std::env::var("AOTCOMPAT_FIXTURES").unwrap_or_default();
    let names: Vec<String> = std::fs::read_dir(fixtures_root())
        .expect("tests/fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let mut majors: Vec<u32> = names
        .iter()
        .filter_map(|n| n.strip_prefix("wasmtime-")?.parse().ok())
        .collect();
    majors.sort_unstable_by(|a, b| b.cmp(a));
    let mut legacy: Vec<(u32, u32)> = names
        .iter()
        .filter_map(|n| {
            let (major, minor) = n.strip_prefix("legacy-")?.split_once('.')?;
            Some((major.parse().ok()?, minor.parse().ok()?))
        })
        .collect();
    legacy.sort_unstable_by(|a, b| b.cmp(a));
    majors
        .into_iter()
        .map(|m| format!("wasmtime-{m}"))
        .chain(legacy.into_iter().map(|(a, b)| format!("legacy-{a}.{b}")))
        .filter(|name| name.starts_with(&only))
        .collect()
}

/// The profile of fixture directory `dir`: `wasmtime-31` is read with
/// `wasmtime-31`, `legacy-0.33` with `wasmtime-0.33`, `legacy-1.0` with
/// `wasmtime-1`.
pub fn profile_of_dir(dir: &str) -> &'static Profile {
    let name = match dir.strip_prefix("legacy-") {
        Some(line) => match line.split_once('.') {
            Some((major, _)) if major != "0" => format!("wasmtime-{major}"),
            _ => format!("wasmtime-{line}"),
        },
        None => dir.to_string(),
    };
    profiles::by_name(&name).unwrap_or_else(|| panic!("no profile called {name} for {dir}"))
}

/// The fixture directory of `profile`, the inverse of [`profile_of_dir`].
pub fn dir_of_profile(profile: &Profile) -> String {
    if !profile.is_legacy() {
        return profile.name.to_string();
    }
    let line = profile
        .name
        .strip_prefix("wasmtime-")
        .unwrap_or(profile.name);
    if line.contains('.') {
        format!("legacy-{line}")
    } else {
        format!("legacy-{line}.0")
    }
}

/// Runs `test` on every fixture version, several at once, and fails with
/// every version that failed and its panic message.
pub fn for_each_version(test: impl Fn(&Manifest) + Sync) {
    let versions = versions();
    assert!(versions.len() >= 3, "fixtures missing: {versions:?}");
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(name) = versions.get(at) else { break };
                let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    test(&manifest_of(name))
                }));
                if let Err(panic) = run {
                    let text = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    failures.lock().unwrap().push(format!("{name}: {text}"));
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} versions failed:\n{}",
        failures.len(),
        versions.len(),
        failures.join("\n")
    );
}

pub fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[derive(Deserialize)]
pub struct Manifest {
    pub wasmtime_version: String,
    /// The version string the real engine writes, where it differs from
    /// `wasmtime_version` (a wheel's own patch release can be newer than
    /// its libwasmtime's: wheel 8.0.1 carries 8.0.0).
    #[serde(default)]
    pub version_string: Option<String>,
    /// Where the fixtures come from (`PyPI wheel wasmtime==24.0.0`); the
    /// crate generators' manifests predate the field.
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub generating_cpu: Vec<String>,
    pub artifacts: Vec<ArtifactEntry>,
    pub hosts: Vec<HostEntry>,
    pub verdicts: Vec<Verdict>,
    /// What newer wasmtime releases said when loading these artifacts (the
    /// pre-3.0 fixtures: wasmtime 3.0.0 and 50.0.1).
    #[serde(default)]
    pub foreign_verdicts: Vec<ForeignVerdict>,
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
    /// What `Engine::detect_precompiled` answered; `None` where the
    /// generator could not ask (no wheel exposes it).
    pub detect: Option<String>,
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
pub struct ForeignVerdict {
    /// The loading wasmtime's version (`3.0.0`, `50.0.1`).
    pub loader: String,
    pub artifact: String,
    pub ok: bool,
    pub message: Option<String>,
}

#[derive(Deserialize)]
pub struct Verdict {
    pub artifact: String,
    pub host: String,
    pub kind: String,
    pub ok: bool,
    pub message: Option<String>,
}

/// The manifest of fixture directory `name` (`wasmtime-31`, `legacy-0.33`).
pub fn manifest_of(name: &str) -> Manifest {
    let profile = profile_of_dir(name);
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
    m.profile = profile;
    m
}

impl Manifest {
    /// Every file wasmtime compiled as is, artifacts and hosts alike, of a
    /// release that writes an engine section (empty for pre-3.0 ones).
    pub fn real_files(&self) -> Vec<(String, PathBuf)> {
        if self.profile.is_legacy() {
            return Vec::new();
        }
        let artifacts = self
            .artifacts
            .iter()
            .filter(|a| a.is_real())
            .map(|a| (a.name.clone(), a.path()));
        let hosts = self.hosts.iter().map(|h| (h.name.clone(), h.path()));
        artifacts.chain(hosts).collect()
    }
}

impl Manifest {
    /// The CPU features of the machine that made the fixtures. The 31
    /// fixtures predate the recorded list: that machine had every x86
    /// feature wasmtime 31 detects.
    pub fn generating_cpu(&self) -> Vec<String> {
        if !self.generating_cpu.is_empty() {
            return self.generating_cpu.clone();
        }
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
    }
}

/// The native engine of `manifest`'s release on the machine that made its
/// fixtures (its CPU as the probe, its patch release where the version
/// string names one): the engine wasmtime built there without a target.
pub fn native_engine(manifest: &Manifest) -> Engine {
    let probe = Probe::Fixed(Arc::new(FixedProbe::new(manifest.generating_cpu())));
    let mut builder = EngineBuilder::native_with_probe(manifest.profile, probe);
    if manifest.profile.version.per_patch {
        builder.wasmtime_version(manifest.engine_version()).unwrap();
    }
    builder.build().unwrap()
}

/// The wasmtime 31 fixtures, which most tests use.
pub fn manifest() -> Manifest {
    manifest_of("wasmtime-31")
}

impl Manifest {
    /// The engine's own version: what its version string names.
    pub fn engine_version(&self) -> &str {
        self.version_string
            .as_deref()
            .unwrap_or(&self.wasmtime_version)
    }

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
/// it has one; for a pre-3.0 profile, its trailer: from `\0wasmtime-aot`
/// to the end of the file (for wasmtime 0.26 to 0.29, the metadata and
/// the compiled module after it).
pub fn engine_section_of(path: &Path, profile: &Profile) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    if let Some(rule) = profile.container.trailer() {
        let input = aotcompat::format::Input::Bytes(&bytes);
        let trailer = aotcompat::format::Trailer::open(input, rule, false).ok()?;
        return Some(bytes[trailer.at as usize..].to_vec());
    }
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
                && twin.detect.as_deref() == Some(w.kind.as_str())
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
    /// must find the fixtures' own; see [`read_detected`]).
    pub fn engine(&self, profile: &'static Profile) -> Engine {
        self.engine_as(read_detected(&self.path(), profile).profile)
    }
}

/// Reads the real artifact at `path`, made by `profile`'s wasmtime,
/// without naming a profile, and requires what detection can know.
///
/// A version string that names a release picks that release's profile.
/// One that does not (custom, or empty) leaves only the bytes: the
/// profile must then be one of the releases that write this layout, or
/// the read must fail as an ambiguity that names `profile` (other
/// releases' layouts read the same bytes with other meanings). In that
/// case the artifact is read with `profile` named.
pub fn read_detected(path: &Path, profile: &'static Profile) -> Artifact {
    let named = || {
        Artifact::read_file(path, Some(profile))
            .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
    };
    let version = named().version;
    let owned = profile.owns_version(&version);
    match Artifact::read_file(path, None) {
        Ok(a) if owned => {
            assert_eq!(a.profile, profile, "{}", path.display());
            a
        }
        Ok(a) => {
            assert!(
                a.profile.layout_releases().contains(&profile),
                "{}: read as {}, whose layout {profile} does not write",
                path.display(),
                a.profile
            );
            a
        }
        Err(e) => {
            let text = e.to_string();
            let names: Vec<&str> = text
                .strip_prefix("the engine section fits profiles ")
                .and_then(|rest| rest.split_once(" equally"))
                .map_or(vec![], |(names, _)| names.split(", ").collect());
            assert!(
                !owned && names.contains(&profile.name),
                "{}: {text}",
                path.display()
            );
            named()
        }
    }
}

pub fn kind(name: &str) -> Kind {
    name.parse().unwrap()
}
