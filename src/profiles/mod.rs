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
//!
//! The pre-3.0 releases (0.26 to 2.x, `legacy.rs`, `tables::legacy`) are
//! profiles like the others whose container is a trailer instead of an
//! engine section; they are read and checked, never written.

mod generic;
mod layout;
mod legacy;
mod rules;
pub(crate) mod tables;
mod wasmtime;

pub use generic::GENERIC;
pub use generic::GENERIC_ENGINE_SECTION;
pub use layout::{
    FeatureBit, FeatureBits, FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm,
};
pub use legacy::{
    WASMTIME_0_26, WASMTIME_0_27, WASMTIME_0_28, WASMTIME_0_29, WASMTIME_0_30, WASMTIME_0_31,
    WASMTIME_0_32, WASMTIME_0_33, WASMTIME_0_34, WASMTIME_0_35, WASMTIME_0_36, WASMTIME_0_37,
    WASMTIME_0_38, WASMTIME_0_39, WASMTIME_0_40, WASMTIME_1, WASMTIME_2,
};
pub use rules::{
    fill, BoolEquality, CollectorRule, ContainerRule, DetectRule, EFlagsRule, ElfReader,
    EqualityMessages, FeatureRow, FeatureRules, FlagConst, FlagEquality, Framing, HostOrder,
    IsaDefault, IsaFlagRules, IsaFlagTable, IsaMessages, IsaRule, SectionPick, SharedFlagRules,
    SharedFlagTable, SharedRule, TrailerPlace, TrailerRule, TunableCheck, VersionRule,
    VersionStrategies,
};
pub use rules::{AdviceRules, Weaker};
pub use rules::{BtiRule, EmptySections, Placement, PulleyMarks, WriteRule, WriterRule};
pub use wasmtime::{
    WASMTIME_10, WASMTIME_11, WASMTIME_12, WASMTIME_13, WASMTIME_14, WASMTIME_15, WASMTIME_16,
    WASMTIME_17, WASMTIME_18, WASMTIME_19, WASMTIME_20, WASMTIME_21, WASMTIME_22, WASMTIME_23,
    WASMTIME_24, WASMTIME_25, WASMTIME_26, WASMTIME_27, WASMTIME_28, WASMTIME_29, WASMTIME_3,
    WASMTIME_30, WASMTIME_31, WASMTIME_32, WASMTIME_33, WASMTIME_34, WASMTIME_35, WASMTIME_36,
    WASMTIME_37, WASMTIME_38, WASMTIME_39, WASMTIME_4, WASMTIME_40, WASMTIME_41, WASMTIME_42,
    WASMTIME_43, WASMTIME_44, WASMTIME_45, WASMTIME_46, WASMTIME_47, WASMTIME_48, WASMTIME_49,
    WASMTIME_5, WASMTIME_50, WASMTIME_6, WASMTIME_7, WASMTIME_8, WASMTIME_9,
};

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
    /// How artifacts are written: `None` for the formats aotcompat reads
    /// but does not write (wasmtime 0.26 to 2.x).
    pub writer: Option<&'static WriterRule>,
    /// How shared flags are judged.
    pub shared_flags: Judged<SharedFlagRules>,
    /// How ISA flags are judged.
    pub isa_flags: Judged<IsaFlagRules>,
    /// How tunables are judged, in check order.
    pub tunables: Judged<[TunableCheck]>,
    /// How features are judged.
    pub features: Judged<FeatureRules>,
    /// Whether a load first checks the host engine against the machine it
    /// runs on (wasmtime 37 and later), and the context of that failure.
    pub host_engine_first: Option<&'static str>,
    /// What a default engine of this profile compiles with.
    pub defaults: &'static Defaults,
    /// Where an artifact is weaker than the host engine's own
    /// compile (advice, which never changes a verdict).
    pub advice: &'static AdviceRules,
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
pub static ALL: &[&Profile] = &[
    &WASMTIME_50,
    &WASMTIME_49,
    &WASMTIME_48,
    &WASMTIME_47,
    &WASMTIME_46,
    &WASMTIME_45,
    &WASMTIME_44,
    &WASMTIME_43,
    &WASMTIME_42,
    &WASMTIME_41,
    &WASMTIME_40,
    &WASMTIME_39,
    &WASMTIME_38,
    &WASMTIME_37,
    &WASMTIME_36,
    &WASMTIME_35,
    &WASMTIME_34,
    &WASMTIME_33,
    &WASMTIME_32,
    &WASMTIME_31,
    &WASMTIME_30,
    &WASMTIME_29,
    &WASMTIME_28,
    &WASMTIME_27,
    &WASMTIME_26,
    &WASMTIME_25,
    &WASMTIME_24,
    &WASMTIME_23,
    &WASMTIME_22,
    &WASMTIME_21,
    &WASMTIME_20,
    &WASMTIME_19,
    &WASMTIME_18,
    &WASMTIME_17,
    &WASMTIME_16,
    &WASMTIME_15,
    &WASMTIME_14,
    &WASMTIME_13,
    &WASMTIME_12,
    &WASMTIME_11,
    &WASMTIME_10,
    &WASMTIME_9,
    &WASMTIME_8,
    &WASMTIME_7,
    &WASMTIME_6,
    &WASMTIME_5,
    &WASMTIME_4,
    &WASMTIME_3,
    &WASMTIME_2,
    &WASMTIME_1,
    &WASMTIME_0_40,
    &WASMTIME_0_39,
    &WASMTIME_0_38,
    &WASMTIME_0_37,
    &WASMTIME_0_36,
    &WASMTIME_0_35,
    &WASMTIME_0_34,
    &WASMTIME_0_33,
    &WASMTIME_0_32,
    &WASMTIME_0_31,
    &WASMTIME_0_30,
    &WASMTIME_0_29,
    &WASMTIME_0_28,
    &WASMTIME_0_27,
    &WASMTIME_0_26,
    &GENERIC,
];

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
    /// strategy: its own string, or (from wasmtime 0.26 up to 37) any
    /// patch release of its line: the same major, or for a `0.y` release
    /// the same `0.y` (`0.33.0` and `0.33.1` are wasmtime-0.33's, `1.0.1`
    /// wasmtime-1's, `24.0.13` wasmtime-24's).
    pub fn owns_version(&self, version: &[u8]) -> bool {
        let own = self.version.own;
        if own.is_empty() {
            return false;
        }
        if !self.version.per_patch {
            return version == own.as_bytes();
        }
        let Ok(text) = std::str::from_utf8(version) else {
            return false;
        };
        let parts: Vec<&str> = text.split('.').collect();
        let own_parts: Vec<&str> = own.split('.').collect();
        let line = if own_parts[0] == "0" { 2 } else { 1 };
        parts.len() == 3
            && own_parts.len() == 3
            && parts[..line] == own_parts[..line]
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    }

    /// Whether the profile reads wasmtime's pre-3.0 format (0.26 to 2.x),
    /// which aotcompat reads but does not write.
    pub fn is_legacy(&self) -> bool {
        self.container.trailer().is_some()
    }
}

impl Profile {
    /// The built-in profiles that share this one's wire layout, newest
    /// first (this one included): the releases that write it.
    pub fn layout_releases(&self) -> Vec<&'static Profile> {
        ALL.iter()
            .copied()
            .filter(|p| std::ptr::eq(p.layout, self.layout))
            .collect()
    }

    /// [`Profile::layout_releases`] for people: `wasmtime 43 to 44`,
    /// `wasmtime 50`, `wasmtime 0.40 to 2`, or this profile's name when it
    /// is no wasmtime release. Releases are consecutive when they are
    /// neighbours in [`ALL`], which lists every release.
    pub fn layout_release_text(&self) -> String {
        let releases = self.layout_releases();
        let labels: Option<Vec<(usize, &str)>> = releases
            .iter()
            .map(|p| {
                let label = p.name.strip_prefix("wasmtime-")?;
                let at = ALL.iter().position(|q| q == p)?;
                Some((at, label))
            })
            .collect();
        let Some(mut labels) = labels.filter(|l| !l.is_empty()) else {
            return self.name.to_string();
        };
        // Oldest first: ALL lists the newest first.
        labels.sort_unstable_by_key(|&(at, _)| std::cmp::Reverse(at));
        let mut runs: Vec<(usize, &str, &str)> = Vec::new();
        for (at, label) in labels {
            match runs.last_mut() {
                Some((last_at, _, last)) if *last_at == at + 1 => {
                    *last_at = at;
                    *last = label;
                }
                _ => runs.push((at, label, label)),
            }
        }
        let runs: Vec<String> = runs
            .iter()
            .map(|&(_, a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a} to {b}")
                }
            })
            .collect();
        format!("wasmtime {}", runs.join(", "))
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_release_belongs_to_its_line() {
        let owns = |p: &Profile, v: &str| p.owns_version(v.as_bytes());
        assert!(owns(&WASMTIME_0_33, "0.33.0") && owns(&WASMTIME_0_33, "0.33.1"));
        assert!(!owns(&WASMTIME_0_33, "0.34.0") && !owns(&WASMTIME_0_33, "0.33"));
        assert!(owns(&WASMTIME_1, "1.0.0") && owns(&WASMTIME_2, "2.0.2"));
        assert!(!owns(&WASMTIME_1, "2.0.0") && !owns(&WASMTIME_0_26, "1.0.0"));
        assert!(owns(&WASMTIME_24, "24.0.13") && !owns(&WASMTIME_24, "0.24.0"));
        assert!(owns(&WASMTIME_50, "50") && !owns(&WASMTIME_50, "50.0.1"));
    }

    #[test]
    fn shared_layouts_name_their_releases() {
        assert_eq!(WASMTIME_2.layout_release_text(), "wasmtime 0.40 to 2");
        assert_eq!(WASMTIME_0_36.layout_release_text(), "wasmtime 0.36");
        assert_eq!(WASMTIME_44.layout_release_text(), "wasmtime 43 to 44");
        assert!(WASMTIME_0_30.is_legacy() && !WASMTIME_3.is_legacy() && !GENERIC.is_legacy());
    }
}
