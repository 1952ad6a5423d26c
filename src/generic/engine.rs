use super::metadata::{set_entry, GenericMetadata, GenericValue};
use super::rules::{GenericCategory, GenericRule, GenericRules};
use crate::host::Probe;
use crate::model::{FlagValue, VersionStrategy};
use std::str::FromStr;
use target_lexicon::Triple;

/// The loading side of a generic check: the engine of a runtime that is not
/// wasmtime, described by the runtime itself.
///
/// It holds what the runtime compiles with (its [`GenericMetadata`]), the
/// rules it judges each setting by, how it judges version strings, and how
/// it learns the host's CPU features. There is no GC-support switch and no
/// wasmtime version: those are wasmtime's notions, and a runtime that has
/// them says so with its own tunables and features.
///
/// Immutable once built, and `Send + Sync`: one engine can serve checks
/// from many threads.
#[derive(Clone, Debug)]
pub struct GenericEngine {
    metadata: GenericMetadata,
    triple: Triple,
    version: VersionStrategy,
    rules: GenericRules,
    probe: Probe,
}

impl GenericEngine {
    /// Starts a description of an engine compiling for `target`.
    pub fn builder(target: &str) -> GenericEngineBuilder {
        GenericEngineBuilder::new(target)
    }

    /// What the engine compiles with: the metadata its artifacts carry.
    pub fn metadata(&self) -> &GenericMetadata {
        &self.metadata
    }

    /// The engine's target, parsed.
    pub fn triple(&self) -> &Triple {
        &self.triple
    }

    /// How the engine judges version strings: `Custom` or `None`.
    pub fn version_strategy(&self) -> &VersionStrategy {
        &self.version
    }

    /// The version string the engine writes into artifacts ("" for none).
    pub fn version_string(&self) -> &str {
        match &self.version {
            VersionStrategy::Custom(v) => v,
            VersionStrategy::None | VersionStrategy::WasmtimeVersion => "",
        }
    }

    /// The rules the engine judges settings by.
    pub fn rules(&self) -> &GenericRules {
        &self.rules
    }

    /// The host-feature probe.
    pub fn probe(&self) -> &Probe {
        &self.probe
    }
}

/// Describes a [`GenericEngine`] step by step; meant for one thread.
///
/// Starts with no flags, tunables or features, no version check
/// (`VersionStrategy::None`), the default rules (see [`GenericRules`]) and
/// no probe, so a `NeedsProbe` rule fails until a probe is set.
#[derive(Clone, Debug)]
pub struct GenericEngineBuilder {
    metadata: GenericMetadata,
    version: VersionStrategy,
    rules: GenericRules,
    probe: Probe,
}

impl GenericEngineBuilder {
    /// A builder for an engine compiling for `target` (checked by
    /// [`GenericEngineBuilder::build`]).
    pub fn new(target: &str) -> GenericEngineBuilder {
        GenericEngineBuilder {
            metadata: GenericMetadata::new(target),
            version: VersionStrategy::None,
            rules: GenericRules::default(),
            probe: Probe::None,
        }
    }

    /// A builder for the engine that compiles with `metadata` (all its
    /// flags, tunables and features), with the default rules, no version
    /// check and no probe until they are set.
    pub fn from_metadata(metadata: GenericMetadata) -> GenericEngineBuilder {
        GenericEngineBuilder {
            metadata,
            ..GenericEngineBuilder::new("")
        }
    }

    /// Sets the target triple.
    pub fn target(&mut self, triple: &str) -> &mut Self {
        self.metadata.target = triple.to_string();
        self
    }

    /// Sets the version strategy: `Custom(v)` writes `v` and requires it
    /// of artifacts; `None` writes "" and checks nothing. `WasmtimeVersion`
    /// is refused (the generic profile has no wasmtime version), as is a
    /// custom string longer than the section's length byte allows (255).
    pub fn version_strategy(&mut self, version: VersionStrategy) -> anyhow::Result<&mut Self> {
        match &version {
            VersionStrategy::WasmtimeVersion => anyhow::bail!(
                "the generic profile has no wasmtime version: use a custom version string or none"
            ),
            VersionStrategy::Custom(v) => anyhow::ensure!(
                v.len() <= 255,
                "custom version string is {} bytes long; the engine section allows at most 255",
                v.len()
            ),
            VersionStrategy::None => {}
        }
        self.version = version;
        Ok(self)
    }

    /// Sets (or adds) shared flag `name`.
    pub fn shared_flag(&mut self, name: &str, value: FlagValue) -> &mut Self {
        set_entry(&mut self.metadata.shared_flags, name, value);
        self
    }

    /// Sets (or adds) ISA flag `name`.
    pub fn isa_flag(&mut self, name: &str, value: FlagValue) -> &mut Self {
        set_entry(&mut self.metadata.isa_flags, name, value);
        self
    }

    /// Sets (or adds) tunable `name`.
    pub fn tunable(&mut self, name: &str, value: GenericValue) -> &mut Self {
        set_entry(&mut self.metadata.tunables, name, value);
        self
    }

    /// Enables or disables feature `name`.
    pub fn feature(&mut self, name: &str, enabled: bool) -> &mut Self {
        let features = &mut self.metadata.features;
        let present = features.iter().any(|f| f == name);
        if enabled && !present {
            features.push(name.to_string());
        } else if !enabled && present {
            features.retain(|f| f != name);
        }
        self
    }

    /// Registers how `name` in `category` is judged (see
    /// [`GenericRules::set`]).
    pub fn rule(
        &mut self,
        category: GenericCategory,
        name: &str,
        rule: GenericRule,
    ) -> anyhow::Result<&mut Self> {
        self.rules.set(category, name, rule)?;
        Ok(self)
    }

    /// Sets the rule for unregistered names of `category` (see
    /// [`GenericRules::set_default`]).
    pub fn default_rule(
        &mut self,
        category: GenericCategory,
        rule: GenericRule,
    ) -> anyhow::Result<&mut Self> {
        self.rules.set_default(category, rule)?;
        Ok(self)
    }

    /// Sets the host-feature probe (default: none).
    pub fn probe(&mut self, probe: Probe) -> &mut Self {
        self.probe = probe;
        self
    }

    /// Validates and finishes the engine: the target must be a triple
    /// target-lexicon knows (artifacts are ELF files for that machine).
    pub fn build(&self) -> anyhow::Result<GenericEngine> {
        let triple = Triple::from_str(&self.metadata.target).map_err(|e| {
            anyhow::anyhow!("invalid engine target `{}`: {e}", self.metadata.target)
        })?;
        Ok(GenericEngine {
            metadata: self.metadata.clone(),
            triple,
            version: self.version.clone(),
            rules: self.rules.clone(),
            probe: self.probe.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_is_send_and_sync() {
        fn shareable<T: Send + Sync>() {}
        shareable::<GenericEngine>();
    }

    #[test]
    fn builder_validates() {
        let mut b = GenericEngine::builder("x86_64-unknown-linux-gnu");
        assert!(b
            .version_strategy(VersionStrategy::WasmtimeVersion)
            .is_err());
        assert!(b
            .version_strategy(VersionStrategy::Custom("v".repeat(256)))
            .is_err());
        b.version_strategy(VersionStrategy::Custom("toy 1".into()))
            .unwrap();
        b.feature("a", true).feature("b", true).feature("a", false);
        b.tunable("t", GenericValue::U64(1))
            .tunable("t", GenericValue::U64(2));
        let e = b.build().unwrap();
        assert_eq!(e.version_string(), "toy 1");
        assert_eq!(e.metadata().features, ["b"]);
        assert_eq!(
            e.metadata().tunables,
            [("t".to_string(), GenericValue::U64(2))]
        );
        assert!(GenericEngine::builder("not-a-triple-at-all")
            .build()
            .is_err());
    }
}
