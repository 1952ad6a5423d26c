//! Advice: where an artifact is weaker than what the host
//! engine would compile itself.
//!
//! The profile's advice rows ([`AdviceRules`]) say what counts as weaker;
//! the check's own rules say where a difference is allowed at all. Advice
//! speaks only where both agree: a setting the check compares for equality
//! is a mismatch, never advice, so advice never changes a verdict.
//!
//! What a row needs of the engine (where the setting sits in the engine's
//! metadata, whether its release compares it) is resolved once per engine
//! ([`AdvicePlan`], kept with the check plan); a check whose settings
//! equal the host engine's compares a few values by position and
//! allocates nothing.

use super::by_engine;
use super::flags;
use super::report::{Advice, Category};
use super::sink::Sink;
use crate::codec::Value;
use crate::model::{
    flag, value_text, Engine, FlagList, FlagValue, Known, Metadata, Rule, Setting, SettingValue,
};
use crate::profiles::{AdviceRules, IsaFlagRules, IsaRule, Judged, SharedFlagRules, Weaker};

/// An engine's advice rows, resolved to where its own metadata has them.
#[derive(Debug, Default)]
pub(crate) struct AdvicePlan {
    /// Positions of the engine's ISA flags that are on and stand for a CPU
    /// feature the host has; with the feature to ask the probe about at
    /// each check when the probe may answer differently each time.
    isa_on: Vec<(usize, Option<Box<str>>)>,
    /// Shared-flag rows the engine's flags have, with the flag's position.
    shared: Vec<(&'static Weaker, usize)>,
    /// Tunable rows the engine's tunables have and its check does not
    /// compare (or its registered rules judge), with the tunable's
    /// position.
    tunables: Vec<(&'static Weaker, usize)>,
}

impl AdvicePlan {
    pub(crate) fn new(engine: &Engine) -> AdvicePlan {
        let profile = engine.profile();
        let rules: &AdviceRules = profile.advice;
        let md = engine.metadata();
        // Only flags that stand for a CPU feature (the rule asks the host
        // for one) are features left unused: aarch64's return-address
        // signing and BTI are code-generation choices. And only where the
        // host has the feature: before wasmtime 37 nothing checks an
        // engine's own flags against the machine, so an engine may enable
        // what the probe does not confirm. Flags judged by equality to the
        // host engine's report every difference as a mismatch: nothing is
        // left for advice.
        let arch = flags::host_arch(engine);
        let cpu_feature = |name: &str| -> Option<String> {
            match profile.isa_flags {
                Judged::Table(IsaFlagRules::PerFlag(table)) => match table.rule(name, &arch) {
                    Some(IsaRule::Probe(feature)) => Some(feature.to_string()),
                    _ => None,
                },
                Judged::Table(IsaFlagRules::EqualToHost(_)) => None,
                Judged::ByEngine => match engine.rules().get(Setting::IsaFlag, name) {
                    Rule::NeedsProbe(feature) => Some(feature.clone()),
                    _ => None,
                },
            }
        };
        let pure = engine.probe().is_pure();
        let isa_on = match rules.unused_isa_flags {
            Some(_) => (md.isa_flags.iter().enumerate())
                .filter(|(_, (_, v))| *v == FlagValue::Bool(true))
                .filter_map(|(i, (n, _))| {
                    let feature = cpu_feature(n)?;
                    if !pure {
                        return Some((i, Some(feature.into_boxed_str())));
                    }
                    has(engine, &feature).then_some((i, None))
                })
                .collect(),
            None => Vec::new(),
        };
        let shared = match profile.shared_flags {
            Judged::Table(SharedFlagRules::EqualToHost(_)) => Vec::new(),
            _ => rules
                .shared_flags
                .iter()
                .filter_map(|row| {
                    let at = md.shared_flags.iter().position(|(n, _)| n == row.field())?;
                    Some((row, at))
                })
                .collect(),
        };
        let compared = |field: &str| match profile.tunables {
            Judged::Table(checks) => checks.iter().any(|c| c.field() == field),
            Judged::ByEngine => false,
        };
        let tunables = rules
            .tunables
            .iter()
            .filter(|row| !compared(row.field()))
            .filter_map(|row| Some((row, md.tunable_position(row.field())?)))
            .collect();
        AdvicePlan {
            isa_on,
            shared,
            tunables,
        }
    }
}

/// Where the flags of the metadata advice is given about come from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flags {
    /// Decoded into the metadata.
    Decoded,
    /// The ISA flags decoded; the shared flags not, as they are the
    /// engine's own, byte for byte: nothing to say about them.
    IsaDecoded,
    /// Not decoded: the artifact's target and flags are the engine's own,
    /// byte for byte.
    TheEngines,
}

impl From<Known> for Flags {
    fn from(known: Known) -> Flags {
        match known {
            Known::TargetAndShared => Flags::IsaDecoded,
            Known::TargetAndFlags => Flags::TheEngines,
        }
    }
}

/// Adds to `sink` the advice about `md` against `engine`: shared flags,
/// then ISA flags, then tunables. Nothing when the check already found
/// the container, version, layout or target wrong.
pub(crate) fn collect(engine: &Engine, md: &Metadata<'_>, flags: Flags, sink: &mut Sink) {
    if !sink.settings_comparable() {
        return;
    }
    if flags == Flags::Decoded {
        collect_shared_flags(engine, md, sink);
    }
    if flags != Flags::TheEngines {
        collect_isa_flags(engine, md, sink);
    }
    collect_tunables(engine, md, sink);
}

fn collect_shared_flags(engine: &Engine, md: &Metadata<'_>, sink: &mut Sink) {
    let profile = engine.profile();
    let plan = &engine.check_plan().advice;
    let host = engine.metadata();
    for &(row, at) in &plan.shared {
        let (name, h) = &host.shared_flags[at];
        let Some(a) = flag_at(&md.shared_flags, at, name) else {
            continue;
        };
        if !weaker(row, observe_flag(a), observe_flag(h)) {
            continue;
        }
        let accepted = match profile.shared_flags {
            Judged::Table(SharedFlagRules::PerFlag(table)) => {
                flags::judge_shared(table, engine, name, a).is_ok()
            }
            Judged::Table(SharedFlagRules::EqualToHost(_)) => false,
            Judged::ByEngine => flag_accepted(engine, Setting::SharedFlag, name, Some(a), h),
        };
        if accepted {
            let (a, h) = (a.to_string(), h.to_string());
            sink.advise(advice(Category::SharedFlag, row, name, a, h));
        }
    }
}

fn collect_isa_flags(engine: &Engine, md: &Metadata<'_>, sink: &mut Sink) {
    let profile = engine.profile();
    let plan = &engine.check_plan().advice;
    let host = engine.metadata();
    if let Some(why) = profile.advice.unused_isa_flags {
        for (at, ask) in &plan.isa_on {
            let at = *at;
            let (name, h) = &host.isa_flags[at];
            let a = flag_at(&md.isa_flags, at, name);
            if !matches!(a, None | Some(FlagValue::Bool(false))) {
                continue;
            }
            // The embedder's own probe is asked only about a feature the
            // artifact leaves unused.
            if ask.as_deref().is_some_and(|feature| !has(engine, feature)) {
                continue;
            }
            // wasmtime's ISA rules ask nothing of a flag that is off or
            // absent; an engine's registered rule may.
            let accepted = match profile.isa_flags {
                Judged::ByEngine => flag_accepted(engine, Setting::IsaFlag, name, a, h),
                Judged::Table(_) => true,
            };
            if accepted {
                sink.advise(Advice {
                    category: Category::IsaFlag,
                    field: name.to_string(),
                    artifact: a.map(ToString::to_string).unwrap_or_default(),
                    host: h.to_string(),
                    message: format!(
                        "compiled without {name}, which the host engine enables: {why}"
                    ),
                });
            }
        }
    }
}

fn collect_tunables(engine: &Engine, md: &Metadata<'_>, sink: &mut Sink) {
    let profile = engine.profile();
    let plan = &engine.check_plan().advice;
    let host = engine.metadata();
    for &(row, at) in &plan.tunables {
        let field = row.field();
        let (Some(h), Some(a)) = (host.tunable_at(at), tunable_near(md, at, field)) else {
            continue;
        };
        if !weaker(row, observe_value(a), observe_value(h)) {
            continue;
        }
        let accepted = match profile.tunables {
            // The plan kept only rows the check does not compare.
            Judged::Table(_) => true,
            Judged::ByEngine => {
                let (a, h) = (tunable_setting(a), tunable_setting(h));
                by_engine::accepts(engine, Setting::Tunable, field, Some(&a), Some(&h))
            }
        };
        if accepted {
            let shape = md.tunable_shape(field);
            let (a, h) = (value_text(shape, a), value_text(shape, h));
            sink.advise(advice(Category::Tunable, row, field, a, h));
        }
    }
}

/// Whether the engine's probe says the host has `feature`.
fn has(engine: &Engine, feature: &str) -> bool {
    engine.probe().detect(feature) == Some(Some(true))
}

/// The advice of a row, with the two values as text.
fn advice(category: Category, row: &Weaker, name: &str, a: String, h: String) -> Advice {
    let message = match *row {
        Weaker::Ranked { why, .. } => {
            format!("compiled with {name} {a}, where the host engine uses {h}: {why}")
        }
        Weaker::OffWhereHostOn { why, .. } => {
            format!("compiled without {name}, which the host engine enables: {why}")
        }
        Weaker::OnWhereHostOff { why, .. } => {
            format!("compiled with {name}, which the host engine does not enable: {why}")
        }
    };
    Advice {
        category,
        field: name.to_string(),
        artifact: a,
        host: h,
        message,
    }
}

/// A value as a row compares it.
#[derive(Clone, Copy)]
enum Observed<'v> {
    On(bool),
    Choice(&'v str),
    Other,
}

fn observe_flag<'v>(value: &'v FlagValue<'_>) -> Observed<'v> {
    match value {
        FlagValue::Bool(b) => Observed::On(*b),
        FlagValue::Enum(e) => Observed::Choice(e),
        FlagValue::Num(_) => Observed::Other,
    }
}

fn observe_value<'v>(value: &'v Value<'_>) -> Observed<'v> {
    match value {
        Value::Bool(b) => Observed::On(*b),
        Value::Str(s) => Observed::Choice(s),
        _ => Observed::Other,
    }
}

/// Whether `artifact` is weaker than `host` by `row`.
fn weaker(row: &Weaker, artifact: Observed<'_>, host: Observed<'_>) -> bool {
    match (row, artifact, host) {
        (Weaker::Ranked { ranks, .. }, Observed::Choice(a), Observed::Choice(h)) => {
            let rank = |v: &str| ranks.iter().find(|(n, _)| *n == v).map(|(_, r)| *r);
            matches!((rank(a), rank(h)), (Some(a), Some(h)) if a < h)
        }
        (Weaker::OffWhereHostOn { .. }, Observed::On(false), Observed::On(true)) => true,
        (Weaker::OnWhereHostOff { .. }, Observed::On(true), Observed::On(false)) => true,
        _ => false,
    }
}

/// The flag `name` of `list`, looked for at `at` first: artifacts of the
/// engine's own release list flags in the engine's order.
fn flag_at<'l, 'a>(list: &'l FlagList<'a>, at: usize, name: &str) -> Option<&'l FlagValue<'a>> {
    match list.get(at) {
        Some((n, v)) if n == name => Some(v),
        _ => flag(list, name),
    }
}

/// The tunable `field` of `md`, looked for at `at` first (where a layout
/// of named fields always has it; a generic artifact's list is its own).
fn tunable_near<'m, 'a>(md: &'m Metadata<'a>, at: usize, field: &str) -> Option<&'m Value<'a>> {
    match md.tunable_entry_at(at) {
        Some((n, v)) if n == field => Some(v),
        _ => md.tunable(field),
    }
}

/// Whether an engine's registered rule accepts a flag's difference.
fn flag_accepted(
    engine: &Engine,
    setting: Setting,
    name: &str,
    artifact: Option<&FlagValue<'_>>,
    host: &FlagValue<'_>,
) -> bool {
    let a = artifact.map(|a| SettingValue::Flag(a.clone().into_owned()));
    let h = SettingValue::Flag(host.clone().into_owned());
    by_engine::accepts(engine, setting, name, a.as_ref(), Some(&h))
}

fn tunable_setting(value: &Value<'_>) -> SettingValue {
    SettingValue::Tunable(value.clone().into_owned())
}

#[cfg(test)]
mod tests {
    use crate::format::Kind;
    use crate::host::{FixedProbe, Probe};
    use crate::model::{EngineBuilder, FlagValue};
    use crate::profiles::WASMTIME_44;
    use crate::rules::{check, Category, Mode};
    use std::sync::Arc;

    /// A feature the engine enables is left unused only where the host has
    /// it: wasmtime 31 does not check its own flags against the machine,
    /// so an engine may enable what the probe does not confirm. Asked once
    /// of a recorded probe, at every full check of the embedder's own.
    #[test]
    fn a_feature_the_host_lacks_is_not_advised() {
        use crate::profiles::WASMTIME_31;
        let engine = |avx2: bool, probe: Probe| {
            let mut b = EngineBuilder::new(&WASMTIME_31);
            b.target("x86_64-unknown-linux-gnu")
                .isa_flag("has_avx2", FlagValue::Bool(avx2))
                .probe(probe);
            b.build().unwrap()
        };
        let none = || Probe::Fixed(Arc::new(FixedProbe::new(Vec::<&str>::new())));
        let artifact =
            crate::artifact::write_artifact(&engine(false, none()), Kind::Module, &[]).unwrap();
        let probes = [
            (none(), false),
            (Probe::Fixed(Arc::new(FixedProbe::new(["avx2"]))), true),
            (Probe::Custom(Arc::new(|f: &str| Some(f == "avx2"))), true),
            (Probe::Custom(Arc::new(|_: &str| Some(false))), false),
        ];
        for (probe, advised) in probes {
            let report = check(&engine(true, probe), &artifact, Kind::Module, Mode::All);
            assert!(report.is_compatible());
            assert_eq!(
                !report.advice().is_empty(),
                advised,
                "{:?}",
                report.advice()
            );
        }
    }

    /// On aarch64, a host engine that signs return addresses and uses LSE
    /// advises of LSE only: signing is a code-generation choice, not a CPU
    /// feature the artifact leaves unused.
    #[test]
    fn only_cpu_features_are_advised() {
        let engine = |on: bool| {
            let mut b = EngineBuilder::new(&WASMTIME_44);
            b.target("aarch64-unknown-linux-gnu")
                .isa_flag("has_lse", FlagValue::Bool(on))
                .isa_flag("sign_return_address", FlagValue::Bool(on))
                .probe(Probe::Fixed(Arc::new(FixedProbe::new(["lse"]))));
            b.build().unwrap()
        };
        let artifact = crate::artifact::write_artifact(&engine(false), Kind::Module, &[]).unwrap();
        let report = check(&engine(true), &artifact, Kind::Module, Mode::All);
        assert!(report.is_compatible(), "{:?}", report.message());
        let advised: Vec<_> = report
            .advice()
            .iter()
            .map(|a| (a.category, a.field.as_str()))
            .collect();
        assert_eq!(advised, [(Category::IsaFlag, "has_lse")]);
    }
}
