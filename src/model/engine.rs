use super::json::MetadataJson;
use super::rule_set::{Rule, RuleSet, Setting};
use super::{FlagValue, Metadata, SetError};
use crate::codec::Value;
use crate::host::Probe;
use crate::profiles::{IsaDefault, Profile, VersionStrategies};
use crate::rules::CheckPlan;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};
use target_lexicon::{Endianness, PointerWidth, Triple};

/// How an engine judges the version string in an artifact's engine section
/// (wasmtime's `ModuleVersionStrategy`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum VersionStrategy {
    /// The string must equal the profile's wasmtime version (`31.0.0`,
    /// `44`).
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
    pub fn derive(profile: &Profile, version: &[u8]) -> anyhow::Result<VersionStrategy> {
        if version.is_empty() {
            return Ok(VersionStrategy::None);
        }
        if profile.owns_version(version) {
            return Ok(VersionStrategy::WasmtimeVersion);
        }
        let text = std::str::from_utf8(version)
            .map_err(|e| anyhow::anyhow!("the artifact's version string is not UTF-8: {e}"))?;
        Ok(VersionStrategy::Custom(text.to_string()))
    }
}

/// The loading side of a check, for any profile: what the engine compiles
/// with, how it judges versions, whether its runtime has GC support, how
/// it learns the host's CPU features, and (for the generic profile) the
/// rules it judges each setting by.
///
/// An engine is immutable once built and is `Send + Sync`, so one engine
/// can serve checks from many threads.
#[derive(Clone, Debug)]
pub struct Engine {
    profile: &'static Profile,
    metadata: Metadata<'static>,
    triple: Triple,
    version: VersionStrategy,
    wasmtime_version: String,
    gc_support: bool,
    probe: Probe,
    rules: RuleSet,
    /// The check's judgments for this engine, resolved on its first check
    /// (`rules::plan`).
    check_plan: OnceLock<Arc<CheckPlan>>,
}

impl Engine {
    /// The engine a default wasmtime of `profile` would have on this
    /// machine (see [`EngineBuilder::native`]).
    pub fn native(profile: &'static Profile) -> Engine {
        EngineBuilder::native(profile)
            .build()
            .expect("a profile's defaults always build")
    }

    /// The profile whose layout and rules this engine uses.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// The engine's compilation settings.
    pub fn metadata(&self) -> &Metadata<'static> {
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

    /// The version string this engine writes into artifacts (and requires
    /// of them, unless its strategy is None).
    pub fn version_string(&self) -> &str {
        match &self.version {
            VersionStrategy::WasmtimeVersion => &self.wasmtime_version,
            VersionStrategy::Custom(s) => s,
            VersionStrategy::None => "",
        }
    }

    /// The engine's own wasmtime version, whatever its strategy: the
    /// profile's, or (up to wasmtime 37, where every patch release writes
    /// its own) the patch release the engine was set to.
    pub fn wasmtime_version(&self) -> &str {
        &self.wasmtime_version
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

    /// The check's judgments for this engine, resolved once.
    pub(crate) fn check_plan(&self) -> &CheckPlan {
        self.check_plan
            .get_or_init(|| Arc::new(CheckPlan::new(self)))
    }

    /// The rules registered for profiles whose rules come from the engine.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
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

/// Describes an [`Engine`] step by step, for any profile. A builder is
/// meant for one thread; `build` it, then share the engine.
#[derive(Clone, Debug)]
pub struct EngineBuilder {
    profile: &'static Profile,
    metadata: Metadata<'static>,
    version: VersionStrategy,
    wasmtime_version: String,
    gc_support: bool,
    probe: Probe,
    rules: RuleSet,
}

impl EngineBuilder {
    /// A description to fill in: this machine's triple, the profile's
    /// default tunables and features (none for the generic profile), no
    /// compiler flags (add the ones the engine compiles with), the
    /// profile's own version string (none for the generic profile), GC
    /// support and the native probe. Unlike [`EngineBuilder::native`],
    /// what it describes does not depend on the CPU it runs on.
    pub fn new(profile: &'static Profile) -> EngineBuilder {
        let mut builder = EngineBuilder::native_with_probe(profile, Probe::native());
        builder.metadata.shared_flags.clear();
        builder.metadata.isa_flags.clear();
        builder
    }

    /// The engine a default wasmtime of `profile` would have on this
    /// machine: this machine's triple, the profile's default compiler
    /// settings with the ISA flags Cranelift would turn on for this CPU,
    /// default tunables and features, GC support, its own version string,
    /// and the native CPU probe.
    pub fn native(profile: &'static Profile) -> EngineBuilder {
        EngineBuilder::native_with_probe(profile, Probe::native())
    }

    /// [`EngineBuilder::native`] on a CPU that `probe` describes: an ISA
    /// flag is on when the probe answers yes.
    pub fn native_with_probe(profile: &'static Profile, probe: Probe) -> EngineBuilder {
        EngineBuilder::native_on(profile, &Triple::host(), probe)
    }

    /// The engine a default wasmtime of `profile` would have on a machine
    /// of `triple` whose CPU `probe` describes: the profile's defaults with
    /// the ISA flags Cranelift's native detection sets for that
    /// architecture (none for an architecture the profile has no list
    /// for).
    pub fn native_on(profile: &'static Profile, triple: &Triple, probe: Probe) -> EngineBuilder {
        let mut metadata = defaults(profile);
        metadata.target = triple.to_string().into();
        let arch = triple.architecture.to_string();
        let family = arch
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .next();
        if let Some((_, rows)) = profile
            .defaults
            .isa
            .iter()
            .find(|(a, _)| Some(*a) == family)
        {
            for (name, default) in rows.iter() {
                let on = match default {
                    IsaDefault::Probe(feature) => probe.detect(feature) == Some(Some(true)),
                    IsaDefault::Off => false,
                };
                metadata.set_isa_flag(name, FlagValue::Bool(on));
            }
        }
        let mut builder = EngineBuilder::from_metadata(profile, metadata);
        builder.probe = probe;
        builder
    }

    /// The engine that compiles with `metadata` (which must be of the
    /// profile's layout): the profile's own version string (none for the
    /// generic profile), GC support, no probe until one is set.
    ///
    /// Fields a layout has after the features (the module's type tables in
    /// wasmtime 0.30 to 2.x) describe one compiled module, not the engine:
    /// they are reset to empty.
    pub fn from_metadata(
        profile: &'static Profile,
        mut metadata: Metadata<'static>,
    ) -> EngineBuilder {
        metadata.clear_trailing_fields();
        let version = if profile.version.own.is_empty() {
            VersionStrategy::None
        } else {
            VersionStrategy::WasmtimeVersion
        };
        EngineBuilder {
            profile,
            metadata,
            version,
            wasmtime_version: profile.version.own.to_string(),
            gc_support: true,
            probe: Probe::None,
            rules: RuleSet::default(),
        }
    }

    /// The profile being described.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// The metadata described so far.
    pub fn metadata(&self) -> &Metadata<'static> {
        &self.metadata
    }

    /// Sets the version strategy.
    pub fn version_strategy(&mut self, version: VersionStrategy) -> &mut Self {
        self.version = version;
        self
    }

    /// Sets the engine's own wasmtime version, which the WasmtimeVersion
    /// strategy writes and requires. From wasmtime 0.26 up to 37 every
    /// patch release writes its own version, so any
    /// `<major>.<minor>.<patch>` of the profile's line is accepted (its
    /// major, or for 0.y its 0.y; default: the newest patch release the
    /// profile knows); from 38 on only the profile's own string is.
    pub fn wasmtime_version(&mut self, version: &str) -> anyhow::Result<&mut Self> {
        anyhow::ensure!(
            !self.profile.version.own.is_empty(),
            "profile `{}` has no wasmtime version",
            self.profile.name
        );
        anyhow::ensure!(
            self.profile.owns_version(version.as_bytes()),
            "`{version}` is not a version of profile `{}` (it writes `{}`{})",
            self.profile.name,
            self.profile.version.own,
            if self.profile.version.per_patch {
                ", or another patch release of that line"
            } else {
                ""
            }
        );
        self.wasmtime_version = version.to_string();
        Ok(self)
    }

    /// Sets whether the runtime has GC support built in (default: yes).
    pub fn gc_support(&mut self, on: bool) -> &mut Self {
        self.gc_support = on;
        self
    }

    /// Sets the host-feature probe.
    pub fn probe(&mut self, probe: Probe) -> &mut Self {
        self.probe = probe;
        self
    }

    /// Sets the target triple (checked by [`EngineBuilder::build`]).
    pub fn target(&mut self, triple: &str) -> &mut Self {
        self.metadata.target = triple.to_string().into();
        self
    }

    /// Sets (or adds) shared flag `name`.
    pub fn shared_flag(&mut self, name: &str, value: FlagValue<'static>) -> &mut Self {
        self.metadata.set_shared_flag(name, value);
        self
    }

    /// Sets (or adds) ISA flag `name`.
    pub fn isa_flag(&mut self, name: &str, value: FlagValue<'static>) -> &mut Self {
        self.metadata.set_isa_flag(name, value);
        self
    }

    /// Sets tunable `name` (see [`Metadata::set_tunable`]).
    pub fn tunable(&mut self, name: &str, value: Value<'static>) -> Result<&mut Self, SetError> {
        self.metadata.set_tunable(name, value)?;
        Ok(self)
    }

    /// Enables or disables feature `name` (see [`Metadata::set_feature`]).
    pub fn feature(&mut self, name: &str, on: bool) -> Result<&mut Self, SetError> {
        self.metadata.set_feature(name, on)?;
        Ok(self)
    }

    /// Registers how `name` of kind `setting` is judged; only for a profile
    /// whose rules come from the engine.
    pub fn rule(&mut self, setting: Setting, name: &str, rule: Rule) -> anyhow::Result<&mut Self> {
        self.ensure_own_rules()?;
        self.rules.set(setting, name, rule)?;
        Ok(self)
    }

    /// Sets the rule for unregistered names of kind `setting`; only for a
    /// profile whose rules come from the engine.
    pub fn default_rule(&mut self, setting: Setting, rule: Rule) -> anyhow::Result<&mut Self> {
        self.ensure_own_rules()?;
        self.rules.set_default(setting, rule)?;
        Ok(self)
    }

    fn ensure_own_rules(&self) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.profile.rules_by_engine(),
            "profile `{}` judges by wasmtime's own rules; rules can be registered only for the \
             generic profile",
            self.profile.name
        );
        Ok(())
    }

    /// Validates and finishes the engine: the target must be a triple
    /// target-lexicon knows, a custom version string must fit the engine
    /// section's one length byte, and a profile without a wasmtime version
    /// cannot use the WasmtimeVersion strategy.
    pub fn build(&self) -> anyhow::Result<Engine> {
        anyhow::ensure!(
            self.metadata.layout() == self.profile.layout,
            "the metadata is in the {} layout, but profile `{}` reads the {} layout",
            self.metadata.layout().name,
            self.profile.name,
            self.profile.layout.name
        );
        let triple = Triple::from_str(&self.metadata.target).map_err(|e| {
            anyhow::anyhow!("invalid engine target `{}`: {e}", self.metadata.target)
        })?;
        match &self.version {
            VersionStrategy::Custom(v) => anyhow::ensure!(
                v.len() <= 255,
                "custom version string is {} bytes long; the engine section allows at most 255",
                v.len()
            ),
            VersionStrategy::WasmtimeVersion => anyhow::ensure!(
                !self.profile.version.own.is_empty(),
                "profile `{}` has no wasmtime version; use a custom version string or none",
                self.profile.name
            ),
            VersionStrategy::None => {}
        }
        let offered = matches!(
            (&self.version, self.profile.version.strategies),
            (_, VersionStrategies::All)
                | (VersionStrategy::WasmtimeVersion, _)
                | (VersionStrategy::None, VersionStrategies::OwnOrUnchecked)
        );
        anyhow::ensure!(
            offered,
            "profile `{}` has no {} version strategy ({})",
            self.profile.name,
            match self.version {
                VersionStrategy::Custom(_) => "custom",
                _ => "unchecked",
            },
            match self.profile.version.strategies {
                VersionStrategies::OwnOnly => "its wasmtime always checks its own version",
                _ => "its wasmtime checks its own version or none",
            }
        );
        Ok(Engine {
            profile: self.profile,
            metadata: self.metadata.clone(),
            triple,
            version: self.version.clone(),
            wasmtime_version: self.wasmtime_version.clone(),
            gc_support: self.gc_support,
            probe: self.probe.clone(),
            rules: self.rules.clone(),
            check_plan: OnceLock::new(),
        })
    }
}

/// A profile's default metadata (no ISA flags, no target), from its
/// defaults JSON; empty metadata for a profile without defaults.
fn defaults(profile: &'static Profile) -> Metadata<'static> {
    if profile.defaults.json.is_empty() {
        return Metadata::empty(profile.layout, "");
    }
    let json: MetadataJson = serde_json::from_str(profile.defaults.json)
        .unwrap_or_else(|e| panic!("profile {}: defaults JSON: {e}", profile.name));
    json.to_metadata(profile.layout)
        .unwrap_or_else(|e| panic!("profile {}: defaults: {e:#}", profile.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Engine>();
    }

    #[test]
    fn every_profile_has_defaults_that_build() {
        for profile in crate::profiles::ALL {
            let engine = Engine::native(profile);
            assert_eq!(engine.profile(), *profile);
            assert_eq!(engine.version_string(), profile.version.own);
        }
    }
}
