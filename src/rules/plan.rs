//! An engine's judgments, resolved once.
//!
//! What an engine requires of a shared flag depends only on the engine
//! (its CPU features, OS and architecture), and which rule judges an ISA
//! flag only on the flag's name and the host's architecture. Finding them
//! by name in the profile's tables for every flag of every check is most
//! of a check's cost, so the engine keeps them, in its own flags' order:
//! an artifact of the engine's own release lists its flags in that order,
//! and flag `i` is looked for at position `i` first, then by binary search.
//!
//! The plan only accepts. A flag it does not know, or one it would not
//! accept, goes to the full judgment in `flags`, which says why. A probe
//! that answers the same every time (the native CPU, a fixed list) is asked
//! once per flag when the plan is made; the embedder's own probe function
//! is never asked by the plan, only by the full judgment, once per enabled
//! flag at every check, as before.
//!
//! The plan also keeps where each tunable and feature its profile's tables
//! check sits in the layout's struct (the same place in the engine's
//! metadata and the artifact's, which the check decodes in the engine's
//! layout), so that the check does not look them up by name.

use super::advice::AdvicePlan;
use super::flags::{self, SharedRefusal};
use crate::model::{Engine, FlagValue, Known};
use crate::profiles::{
    FeatureRules, FlagConst, IsaFlagRules, IsaRule, Judged, SharedFlagRules, TrailingBytes,
};

/// Named entries in the engine's order, with an index sorted by name.
#[derive(Debug)]
struct Entries<T> {
    entries: Vec<(Box<str>, T)>,
    by_name: Vec<usize>,
}

impl<T> Entries<T> {
    fn new(entries: Vec<(Box<str>, T)>) -> Entries<T> {
        let mut by_name: Vec<usize> = (0..entries.len()).collect();
        by_name.sort_by(|&a, &b| entries[a].0.cmp(&entries[b].0));
        Entries { entries, by_name }
    }

    /// The entry of `name`, expected at `position`.
    fn get(&self, position: usize, name: &str) -> Option<&T> {
        if let Some((n, t)) = self.entries.get(position) {
            if **n == *name {
                return Some(t);
            }
        }
        let at = self
            .by_name
            .binary_search_by(|&i| (*self.entries[i].0).cmp(name))
            .ok()?;
        Some(&self.entries[self.by_name[at]].1)
    }
}

/// An ISA flag's rule, and whether the engine accepts the flag enabled
/// when its probe gives the same answer every time it is asked.
#[derive(Debug, Clone, Copy)]
struct IsaEntry {
    rule: Option<IsaRule>,
    accepts_enabled: Option<bool>,
}

/// The shared flags' required values and the ISA flags' rules, for the
/// names of the engine's own flag lists.
#[derive(Debug)]
pub(crate) struct CheckPlan {
    shared: Entries<Option<FlagConst>>,
    isa: Entries<IsaEntry>,
    /// Per row of the profile's tunable checks, the field's position.
    pub(crate) tunables: Vec<Option<usize>>,
    /// Per row of the profile's per-field feature rules, the field's
    /// position.
    pub(crate) features: Vec<Option<usize>>,
    /// The engine's advice rows.
    pub(crate) advice: AdvicePlan,
    /// The engine's own target and flags as its layout encodes them,
    /// where it accepts them as a whole (see [`own_head`]): metadata that
    /// starts with these bytes needs only the rest decoded and judged.
    pub(crate) own_head: Option<OwnHead>,
}

/// The first bytes of the engine's own metadata that any artifact may
/// share with it and need no judgment for.
#[derive(Debug)]
pub(crate) struct OwnHead {
    /// The encoded target and shared flags, then, when `flags` is
    /// [`Known::TargetAndFlags`], the ISA flags.
    pub(crate) bytes: Box<[u8]>,
    /// Where the shared flags end in `bytes`.
    pub(crate) shared_end: usize,
    /// How far `bytes` goes.
    pub(crate) known: Known,
}

impl OwnHead {
    /// What of `payload` is the engine's own, and the rest.
    pub(crate) fn strip<'p>(&self, payload: &'p [u8]) -> Option<(Known, &'p [u8])> {
        let rest = payload.strip_prefix(&self.bytes[..self.shared_end])?;
        match rest.strip_prefix(&self.bytes[self.shared_end..]) {
            Some(after) if self.known == Known::TargetAndFlags => Some((self.known, after)),
            _ => Some((Known::TargetAndShared, rest)),
        }
    }
}

impl CheckPlan {
    /// Resolves `engine`'s tables for its own flag names (an empty plan for
    /// a profile that judges flags otherwise).
    pub(crate) fn new(engine: &Engine) -> CheckPlan {
        let profile = engine.profile();
        let md = engine.metadata();
        let mut shared = Vec::new();
        if let Judged::Table(SharedFlagRules::PerFlag(table)) = profile.shared_flags {
            for (name, _) in &md.shared_flags {
                match flags::required_shared(table, engine, name) {
                    Ok(required) => shared.push((Box::from(&**name), required)),
                    Err(SharedRefusal::Unknown | SharedRefusal::NoStackSwitching) => {}
                }
            }
        }
        let mut isa = Vec::new();
        if let Judged::Table(IsaFlagRules::PerFlag(table)) = profile.isa_flags {
            let arch = flags::host_arch(engine);
            let pure = engine.probe().is_pure();
            for (name, _) in &md.isa_flags {
                let rule = table.rule(name, &arch);
                let accepts_enabled = match rule {
                    Some(rule) if pure => Some(flags::isa_rule_accepts(engine, rule)),
                    _ => None,
                };
                let entry = IsaEntry {
                    rule,
                    accepts_enabled,
                };
                isa.push((Box::from(&**name), entry));
            }
        }
        let tunables = match profile.tunables {
            Judged::Table(checks) => checks
                .iter()
                .map(|check| md.tunable_position(check.field()))
                .collect(),
            Judged::ByEngine => Vec::new(),
        };
        let features = match profile.features {
            Judged::Table(FeatureRules::PerField(rows)) => {
                let fields = profile.layout.features_shape().fields();
                rows.iter()
                    .map(|row| fields.iter().position(|f| f.name == row.name))
                    .collect()
            }
            _ => Vec::new(),
        };
        let mut plan = CheckPlan {
            shared: Entries::new(shared),
            isa: Entries::new(isa),
            tunables,
            features,
            advice: AdvicePlan::new(engine),
            own_head: None,
        };
        plan.own_head = own_head(engine, &plan);
        plan
    }

    /// Whether shared flag `position`, `name` = `value`, is accepted.
    pub(crate) fn accepts_shared(
        &self,
        position: usize,
        name: &str,
        value: &FlagValue<'_>,
    ) -> bool {
        self.shared
            .get(position, name)
            .is_some_and(|required| flags::satisfies(value, *required))
    }

    /// Whether ISA flag `position`, `name` = `value`, is accepted without
    /// anything to report.
    pub(crate) fn accepts_isa(
        &self,
        engine: &Engine,
        position: usize,
        name: &str,
        value: &FlagValue<'_>,
    ) -> bool {
        match value {
            FlagValue::Bool(false) => true,
            FlagValue::Bool(true) => match self.isa.get(position, name) {
                Some(IsaEntry {
                    accepts_enabled: Some(accepts),
                    ..
                }) => *accepts,
                // Without a recorded answer, only a rule that needs no
                // probe is accepted here: the embedder's probe function is
                // asked once per flag, by the full judgment.
                Some(IsaEntry {
                    rule: Some(IsaRule::Always),
                    ..
                }) => true,
                Some(IsaEntry {
                    rule: Some(IsaRule::BigEndianHost),
                    ..
                }) => engine.host_big_endian(),
                _ => false,
            },
            _ => false,
        }
    }
}

/// The engine's own target and flags, encoded, where an artifact that
/// starts with exactly these bytes has nothing to answer for in them.
///
/// The target is the engine's own text, which the check never parses
/// again. The shared flags count when they are judged per flag by tables
/// and the plan accepts every one of the engine's own, and the layout
/// ignores what follows its metadata (one that refuses it must know where
/// the metadata ends, and 0.26 to 0.29's compiled module after it is
/// walked with the whole value: both take the full decode). The ISA
/// flags count as well when they are judged per flag by tables with a
/// probe that answers the same every time (the embedder's own probe is
/// asked at every check), and the plan accepts every one of them; else an
/// artifact's ISA flags are decoded and judged as usual.
fn own_head(engine: &Engine, plan: &CheckPlan) -> Option<OwnHead> {
    let profile = engine.profile();
    let md = engine.metadata();
    let shared_per_flag = matches!(
        profile.shared_flags,
        Judged::Table(SharedFlagRules::PerFlag(_))
    );
    if !shared_per_flag || profile.layout.trailing_bytes != TrailingBytes::Ignored {
        return None;
    }
    let shared_accepted =
        (md.shared_flags.iter().enumerate()).all(|(i, (n, v))| plan.accepts_shared(i, n, v));
    if !shared_accepted {
        return None;
    }
    let isa_accepted = matches!(profile.isa_flags, Judged::Table(IsaFlagRules::PerFlag(_)))
        && engine.probe().is_pure()
        && (md.isa_flags.iter().enumerate()).all(|(i, (n, v))| plan.accepts_isa(engine, i, n, v));
    let known = if isa_accepted {
        Known::TargetAndFlags
    } else {
        Known::TargetAndShared
    };
    let shared_end = md.encode_head(Known::TargetAndShared).ok()?.len();
    let bytes = md.encode_head(known).ok()?;
    let whole = md.encode().ok()?;
    whole.starts_with(&bytes).then(|| OwnHead {
        bytes: bytes.into_boxed_slice(),
        shared_end,
        known,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::{FixedProbe, Probe};
    use crate::model::EngineBuilder;
    use crate::profiles::{self, FlagConst};
    use std::sync::Arc;

    /// Values to try for every flag: each table constant, and others.
    fn candidates() -> Vec<FlagValue<'static>> {
        let mut values = vec![
            FlagValue::Bool(true),
            FlagValue::Bool(false),
            FlagValue::Num(0),
            FlagValue::Num(12),
            FlagValue::enumerated("none"),
            FlagValue::enumerated("basic"),
            FlagValue::enumerated("speed"),
        ];
        for p in profiles::ALL {
            if let Judged::Table(SharedFlagRules::PerFlag(table)) = p.shared_flags {
                for group in table.groups {
                    for (_, rule) in group.iter() {
                        if let crate::profiles::SharedRule::Require(FlagConst::Enum(e)) = rule {
                            values.push(FlagValue::enumerated(*e));
                        }
                    }
                }
            }
        }
        values
    }

    /// The plan accepts only what the full judgment accepts, for every
    /// profile, flag and value tried, at the flag's own position and at
    /// any other.
    #[test]
    fn the_plan_accepts_only_what_the_tables_accept() {
        let values = candidates();
        let (mut engines, mut accepted) = (0, 0);
        for profile in profiles::ALL {
            let custom: Probe = Probe::Custom(Arc::new(|f: &str| Some(f == "avx2")));
            let probes = [
                Probe::Fixed(Arc::new(FixedProbe::new(["avx2", "bmi2"]))),
                Probe::Fixed(Arc::new(FixedProbe::new(Vec::<&str>::new()))),
                custom,
            ];
            for probe in probes {
                let mut b = EngineBuilder::native_with_probe(profile, probe.clone());
                b.probe(probe);
                let Ok(engine) = b.build() else { continue };
                engines += 1;
                let plan = engine.check_plan();
                let md = engine.metadata();
                if let Judged::Table(SharedFlagRules::PerFlag(table)) = profile.shared_flags {
                    for (i, (name, _)) in md.shared_flags.iter().enumerate() {
                        for v in &values {
                            for at in [i, i + 1] {
                                if plan.accepts_shared(at, name, v) {
                                    accepted += 1;
                                    assert!(
                                        flags::judge_shared(table, &engine, name, v).is_ok(),
                                        "{profile}: shared {name} = {v:?}"
                                    );
                                }
                            }
                        }
                    }
                }
                if let Judged::Table(IsaFlagRules::PerFlag(table)) = profile.isa_flags {
                    for (i, (name, _)) in md.isa_flags.iter().enumerate() {
                        for v in &values {
                            for at in [i, i + 1] {
                                if plan.accepts_isa(&engine, at, name, v) {
                                    accepted += 1;
                                    assert!(
                                        flags::judge_isa(table, &engine, name, v).is_ok(),
                                        "{profile}: ISA {name} = {v:?}"
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        assert!(engines > 80, "only {engines} engines built");
        assert!(accepted > 10_000, "only {accepted} acceptances tried");
    }

    /// The embedder's probe function is asked once per enabled flag at a
    /// check, by the full judgment, never by the plan as well.
    #[test]
    fn a_custom_probe_is_asked_once_per_enabled_flag() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let probe = Probe::Custom(Arc::new(|f: &str| {
            CALLS.fetch_add(1, Ordering::SeqCst);
            Some(f != "avx2")
        }));
        let mut b = EngineBuilder::new(&profiles::WASMTIME_31);
        b.target("x86_64-unknown-linux-gnu")
            .isa_flag("has_sse3", FlagValue::Bool(true))
            .isa_flag("has_avx2", FlagValue::Bool(true))
            .isa_flag("has_bmi1", FlagValue::Bool(false))
            .probe(probe);
        let engine = b.build().unwrap();
        let bytes =
            crate::artifact::write_artifact(&engine, crate::format::Kind::Module, &[]).unwrap();
        for mode in [crate::rules::Mode::Parity, crate::rules::Mode::All] {
            CALLS.store(0, Ordering::SeqCst);
            let report = crate::rules::check(&engine, &bytes, crate::format::Kind::Module, mode);
            assert!(!report.is_compatible());
            // Parity stops at has_avx2 (has_sse3 first); All asks both.
            assert_eq!(CALLS.load(Ordering::SeqCst), 2, "{mode:?}");
        }
    }
}
