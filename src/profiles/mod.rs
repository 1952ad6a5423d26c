//! Every profile as data: its wire layout and the rule tables its check
//! walks.
//!
//! A [`Profile`] is a value made only of references to tables: the
//! layout (`layout`, shapes in `tables::shapes`), the envelope
//! (`tables::envelope`), the shared-flag and ISA-flag tables
//! (`tables::flags`), the tunables and features check lists
//! (`tables::checks`) and the defaults of a native engine
//! (`defaults/*.json`, `tables::native`). Majors that did not change a
//! table share it, and each table names the releases it covers, so "what
//! changed between 44 and 50" is a diff of two short profile values.
//!
//! Adding a wasmtime major is adding the tables that changed and one
//! profile value here; nothing in `rules` knows any profile.

mod generic;
mod layout;
mod rules;
pub(crate) mod tables;
mod wasmtime;

pub use generic::GENERIC;
pub use generic::GENERIC_ENGINE_SECTION;
pub use layout::{
    FeatureBit, FeatureBits, FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm,
};
pub use rules::{
    fill, CollectorRule, ContainerRule, DetectRule, EFlagsRule, ElfReader, FeatureRow,
    FeatureRules, FlagConst, IsaDefault, IsaFlagTable, IsaMessages, IsaRule, SectionPick,
    SharedFlagTable, SharedRule, TunableCheck, VersionRule,
};
pub use wasmtime::{WASMTIME_31, WASMTIME_44, WASMTIME_50};

use std::fmt;

/// One wire layout plus one rule set, as data.
///
/// Profiles are `static` values and are passed around as
/// `&'static Profile`; two references are the same profile when their
/// names are equal.
pub struct Profile {
    /// The name every interface uses: `wasmtime-44`, `generic`.
    pub name: &'static str,
    /// One line for listings: which releases it stands for.
    pub about: &'static str,
    /// The wire layout of the metadata.
    pub layout: &'static Layout,
    /// How the container is read and marked.
    pub container: &'static ContainerRule,
    /// How the version string is written and judged.
    pub version: &'static VersionRule,
    /// How shared flags are judged.
    pub shared_flags: Judged<SharedFlagTable>,
    /// How ISA flags are judged.
    pub isa_flags: Judged<IsaFlagTable>,
    /// How tunables are judged, in check order.
    pub tunables: Judged<[TunableCheck]>,
    /// How features are judged.
    pub features: Judged<FeatureRules>,
    /// Whether a load first checks the host engine against the machine it
    /// runs on (wasmtime 37 and later), and the context of that failure.
    pub host_engine_first: Option<&'static str>,
    /// What a default engine of this profile compiles with.
    pub defaults: &'static Defaults,
}

/// Where the rules of one kind of setting come from.
pub enum Judged<T: ?Sized + 'static> {
    /// A built-in table.
    Table(&'static T),
    /// The rules registered on the engine that checks (the generic
    /// profile).
    ByEngine,
}

impl<T: ?Sized> Clone for Judged<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for Judged<T> {}

/// What a default engine of a profile compiles with.
#[derive(Debug)]
pub struct Defaults {
    /// Shared flags, tunables and features, in the JSON form `aotcompat
    /// inspect --json` prints (from a real default artifact); empty for a
    /// profile without defaults.
    pub json: &'static str,
    /// The ISA flags Cranelift's native detection would set, per
    /// architecture (as target-lexicon names it: `x86_64`, `aarch64`,
    /// `s390x`).
    pub isa: &'static [(&'static str, &'static [(&'static str, IsaDefault)])],
}

/// Every built-in profile, newest first (the order detection tries them).
pub static ALL: &[&Profile] = &[&WASMTIME_50, &WASMTIME_44, &WASMTIME_31, &GENERIC];

/// The built-in profile called `name`.
pub fn by_name(name: &str) -> Option<&'static Profile> {
    ALL.iter().copied().find(|p| p.name == name)
}

/// [`by_name`], with an error that lists the known names.
pub fn parse(name: &str) -> anyhow::Result<&'static Profile> {
    by_name(name).ok_or_else(|| {
        let known: Vec<&str> = ALL.iter().map(|p| p.name).collect();
        anyhow::anyhow!(
            "unknown profile `{name}`: known profiles are {}",
            known.join(", ")
        )
    })
}

impl Profile {
    /// Whether this profile's wasmtime writes `version` under its default
    /// strategy.
    pub fn owns_version(&self, version: &[u8]) -> bool {
        !self.version.own.is_empty() && version == self.version.own.as_bytes()
    }
}

impl Profile {
    /// Whether the profile describes a default engine (a wasmtime release
    /// does; the generic profile, whose runtime is the embedder's, does
    /// not).
    pub fn has_native_engine(&self) -> bool {
        !self.defaults.json.is_empty()
    }

    /// Whether the settings are judged by rules registered on the engine
    /// (the generic profile) rather than by built-in tables.
    pub fn rules_by_engine(&self) -> bool {
        matches!(self.shared_flags, Judged::ByEngine)
    }
}

impl PartialEq for Profile {
    fn eq(&self, other: &Profile) -> bool {
        self.name == other.name
    }
}

impl Eq for Profile {}

impl std::hash::Hash for Profile {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}
