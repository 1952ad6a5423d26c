use super::{defaults, Features, FlagValue, Metadata, Profile, Tunables};
use crate::host::Probe;
use std::str::FromStr;
use target_lexicon::{Endianness, PointerWidth, Triple};

/// How an engine judges the version string in an artifact's engine section
/// (wasmtime's `ModuleVersionStrategy`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum VersionStrategy {
    /// The string must equal the profile's wasmtime version (`31.0.0`).
    WasmtimeVersion,
    /// The string must equal the embedder's own (at most 255 bytes).
    Custom(String),
    /// The string is not checked; artifacts carry an empty one.
    None,
}

impl VersionStrategy {
    /// The strategy of the engine that wrote `version` under `profile`:
    /// empty means None, the profile's own wasmtime version means
    /// WasmtimeVersion, anything else is a Custom string.
    pub fn derive(profile: Profile, version: &[u8]) -> anyhow::Result<VersionStrategy> {
        if version.is_empty() {
            return Ok(VersionStrategy::None);
        }
        let text = std::str::from_utf8(version)
            .map_err(|e| anyhow::anyhow!("the artifact's version string is not UTF-8: {e}"))?;
        Ok(if text == profile.wasmtime_version() {
            VersionStrategy::WasmtimeVersion
        } else {
            VersionStrategy::Custom(text.to_string())
        })
    }

    /// The bytes an engine with this strategy writes into its artifacts.
    pub fn version_string(&self, profile: Profile) -> &str {
        match self {
            VersionStrategy::WasmtimeVersion => profile.wasmtime_version(),
            VersionStrategy::Custom(s) => s,
            VersionStrategy::None => "",
        }
    }
}

/// The loading side of a check: what an engine was configured with, how it
/// judges versions, whether its runtime has GC support, and how it learns
/// the host's CPU features.
///
/// An engine is immutable once built and is `Send + Sync`, so one engine can
/// serve checks from many threads.
#[derive(Clone, Debug)]
pub struct Engine {
    profile: Profile,
    metadata: Metadata,
    triple: Triple,
    version: VersionStrategy,
    gc_support: bool,
    probe: Probe,
}

impl Engine {
    /// Starts an engine description for `profile` with `metadata`.
    pub fn builder(profile: Profile, metadata: Metadata) -> EngineBuilder {
        EngineBuilder {
            profile,
            metadata,
            version: VersionStrategy::WasmtimeVersion,
            gc_support: true,
            probe: Probe::None,
        }
    }

    /// The engine a default wasmtime of `profile` would have on this
    /// machine: this machine's triple, the profile's default compiler
    /// settings with the ISA flags of this CPU, default tunables and
    /// features (GC support built in), its own version string, and the
    /// native CPU probe.
    pub fn native(profile: Profile) -> Engine {
        EngineBuilder::native(profile)
            .build()
            .expect("the host triple always parses")
    }

    /// The profile whose rules this engine applies.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The engine's compilation settings.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The engine's target, parsed.
    pub fn triple(&self) -> &Triple {
        &self.triple
    }

    /// How the engine judges version strings.
    pub fn version_strategy(&self) -> &VersionStrategy {
        &self.version
    }

    /// The version string this engine writes into artifacts.
    pub fn version_string(&self) -> &str {
        self.version.version_string(self.profile)
    }

    /// Whether the runtime was built with GC support (wasmtime's `gc` Cargo
    /// feature).
    pub fn gc_support(&self) -> bool {
        self.gc_support
    }

    /// The host-feature probe.
    pub fn probe(&self) -> &Probe {
        &self.probe
    }

    /// The pointer width of the machine the engine runs on, in bits.
    ///
    /// The machine is taken to be the engine's target: a wasmtime engine
    /// only runs code for its own host (Pulley targets included, which
    /// must match the host's width and byte order).
    pub fn host_pointer_bits(&self) -> Option<u8> {
        match self.triple.pointer_width().ok()? {
            PointerWidth::U16 => Some(16),
            PointerWidth::U32 => Some(32),
            PointerWidth::U64 => Some(64),
        }
    }

    /// Whether the machine the engine runs on is big-endian.
    pub fn host_big_endian(&self) -> bool {
        self.triple.endianness().ok() == Some(Endianness::Big)
    }

    /// Whether the machine the engine runs on is a riscv64 CPU.
    pub fn host_is_riscv64(&self) -> bool {
        matches!(
            self.triple.architecture,
            target_lexicon::Architecture::Riscv64(_)
        )
    }
}

/// Describes an [`Engine`] step by step. A builder is meant for one thread;
/// `build` it, then share the engine.
#[derive(Clone, Debug)]
pub struct EngineBuilder {
    profile: Profile,
    metadata: Metadata,
    version: VersionStrategy,
    gc_support: bool,
    probe: Probe,
}

impl EngineBuilder {
    /// A description to fill in: this machine's triple, the profile's
    /// default tunables and features, no compiler flags (add the ones the
    /// engine compiles with), and the native probe. Unlike
    /// [`EngineBuilder::native`], what it describes does not depend on the
    /// CPU it runs on.
    pub fn host_defaults(profile: Profile) -> EngineBuilder {
        let metadata = Metadata {
            target: Triple::host().to_string(),
            shared_flags: Vec::new(),
            isa_flags: Vec::new(),
            tunables: Tunables::wasmtime31_default_u64(true),
            features: Features::wasmtime31_default(),
        };
        let mut builder = Engine::builder(profile, metadata);
        builder.probe(Probe::native());
        builder
    }

    /// A builder that starts from [`Engine::native`]'s description.
    pub fn native(profile: Profile) -> EngineBuilder {
        EngineBuilder::native_with_probe(profile, Probe::native())
    }

    /// The engine a default wasmtime of `profile` would have on this
    /// machine's triple, on a CPU that `probe` describes: the profile's
    /// default shared settings, the ISA flags Cranelift's native detection
    /// would turn on for that CPU, default tunables and features.
    pub fn native_with_probe(profile: Profile, probe: Probe) -> EngineBuilder {
        let triple = Triple::host();
        let metadata = Metadata {
            target: triple.to_string(),
            shared_flags: defaults::wasmtime31_shared_flags(),
            isa_flags: defaults::wasmtime31_isa_flags(triple.architecture, &probe),
            tunables: Tunables::wasmtime31_default_u64(true),
            features: Features::wasmtime31_default(),
        };
        let mut builder = Engine::builder(profile, metadata);
        builder.probe(probe);
        builder
    }

    /// Sets the version strategy (default: WasmtimeVersion).
    pub fn version_strategy(&mut self, version: VersionStrategy) -> &mut Self {
        self.version = version;
        self
    }

    /// Sets whether the runtime has GC support built in (default: yes).
    pub fn gc_support(&mut self, on: bool) -> &mut Self {
        self.gc_support = on;
        self
    }

    /// Sets the host-feature probe (default: none).
    pub fn probe(&mut self, probe: Probe) -> &mut Self {
        self.probe = probe;
        self
    }

    /// Sets the target triple (checked by [`EngineBuilder::build`]).
    pub fn target(&mut self, triple: &str) -> &mut Self {
        self.metadata.target = triple.to_string();
        self
    }

    /// Mutable access to the tunables.
    pub fn tunables_mut(&mut self) -> &mut Tunables {
        &mut self.metadata.tunables
    }

    /// Mutable access to the features.
    pub fn features_mut(&mut self) -> &mut Features {
        &mut self.metadata.features
    }

    /// Sets (or adds) shared flag `name`.
    pub fn shared_flag(&mut self, name: &str, value: FlagValue) -> &mut Self {
        set_flag(&mut self.metadata.shared_flags, name, value);
        self
    }

    /// Sets (or adds) ISA flag `name`.
    pub fn isa_flag(&mut self, name: &str, value: FlagValue) -> &mut Self {
        set_flag(&mut self.metadata.isa_flags, name, value);
        self
    }

    /// Validates and finishes the engine: the target must be a triple
    /// target-lexicon knows, and a custom version string must fit the
    /// engine section's one length byte.
    pub fn build(&self) -> anyhow::Result<Engine> {
        let triple = Triple::from_str(&self.metadata.target).map_err(|e| {
            anyhow::anyhow!("invalid engine target `{}`: {e}", self.metadata.target)
        })?;
        if let VersionStrategy::Custom(v) = &self.version {
            anyhow::ensure!(
                v.len() <= 255,
                "custom version string is {} bytes long; the engine section allows at most 255",
                v.len()
            );
        }
        Ok(Engine {
            profile: self.profile,
            metadata: self.metadata.clone(),
            triple,
            version: self.version.clone(),
            gc_support: self.gc_support,
            probe: self.probe.clone(),
        })
    }
}

fn set_flag(flags: &mut Vec<(String, FlagValue)>, name: &str, value: FlagValue) {
    match flags.iter_mut().find(|(n, _)| n == name) {
        Some((_, v)) => *v = value,
        None => flags.push((name.to_string(), value)),
    }
}
