//! Advice over the real fixtures of every profile: where an artifact that
//! loads is weaker than the host engine's own compile, and only there.

mod common;

use aotcompat::artifact::Artifact;
use aotcompat::model::FlagValue;
use aotcompat::profiles::{IsaFlagRules, IsaRule, Judged};
use aotcompat::rules::{self, Category, Mode, Report};
use common::Manifest;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The names of the flags that are on.
fn enabled(flags: &[(std::borrow::Cow<'_, str>, FlagValue<'_>)]) -> BTreeSet<String> {
    flags
        .iter()
        .filter(|(_, v)| *v == FlagValue::Bool(true))
        .map(|(n, _)| n.to_string())
        .collect()
}

fn advised(report: &Report, category: Category) -> BTreeSet<String> {
    report
        .advice()
        .iter()
        .filter(|a| a.category == category)
        .map(|a| a.field.clone())
        .collect()
}

/// An artifact compiled for the baseline target (`x86_64-unknown-linux-gnu`
/// given explicitly) loads on the native engine of the machine that made
/// it, with advice naming each CPU feature the native engine enables and
/// the artifact does not: every one a feature that machine has.
#[test]
fn a_baseline_artifact_on_a_native_host_is_advised_of_each_unused_cpu_feature() {
    static CHECKED: AtomicUsize = AtomicUsize::new(0);
    common::for_each_version(|m: &Manifest| {
        // The wheels before 13 have no target setter, and 18's detects
        // the CPU even with the target given: their default artifact is
        // native, not baseline (the native one is checked below).
        let entry = m.artifact("default-module");
        let baseline = Artifact::read_file(&entry.path(), Some(m.profile)).unwrap();
        if !enabled(&baseline.metadata.isa_flags).is_empty() {
            return;
        }
        let native = common::native_engine(m);
        // Advice is part of the full report; the parity check gives none.
        let parity = rules::check_file(
            &native,
            &entry.path(),
            aotcompat::model::Kind::Module,
            Mode::Parity,
        )
        .unwrap();
        assert!(parity.is_compatible() && parity.advice().is_empty());
        {
            let mode = Mode::All;
            let report =
                rules::check_file(&native, &entry.path(), aotcompat::model::Kind::Module, mode)
                    .unwrap();
            assert!(report.is_compatible(), "{:?}", report.message());
            let expected: BTreeSet<String> = enabled(&native.metadata().isa_flags)
                .difference(&enabled(&baseline.metadata.isa_flags))
                .cloned()
                .collect();
            assert!(!expected.is_empty(), "the native engine enables no feature");
            assert_eq!(advised(&report, Category::IsaFlag), expected, "{mode:?}");
            // Same configuration otherwise: nothing but CPU features.
            assert!(report
                .advice()
                .iter()
                .all(|a| a.category == Category::IsaFlag
                    && a.artifact != "true"
                    && a.host == "true"
                    && a.message.contains(&a.field)));
            // Each names a feature the generating machine has, by the
            // profile's own table.
            let cpu = m.generating_cpu();
            if let Judged::Table(IsaFlagRules::PerFlag(table)) = m.profile.isa_flags {
                for flag in &expected {
                    if let Some(IsaRule::Probe(feature)) = table.rule(flag, "x86_64") {
                        assert!(cpu.iter().any(|c| c == feature), "{flag}: {feature}");
                    }
                }
            }
        }
        CHECKED.fetch_add(1, Ordering::Relaxed);
    });
    // wasmtime 13 to 50 but 18.
    assert!(CHECKED.load(Ordering::Relaxed) >= 37);
}

/// An artifact whose settings are the host engine's has no advice: every
/// host checked by its own engine, and the natively compiled artifact by
/// the native engine.
#[test]
fn identical_settings_give_no_advice() {
    common::for_each_version(|m: &Manifest| {
        for host in &m.hosts {
            let engine = host.engine(m.profile);
            let kind = aotcompat::artifact::detect_file(&host.path(), Some(m.profile))
                .unwrap()
                .unwrap_or(aotcompat::model::Kind::Module);
            for mode in [Mode::Parity, Mode::All] {
                let report = rules::check_file(&engine, &host.path(), kind, mode).unwrap();
                assert!(
                    report.advice().is_empty(),
                    "host {}: {:?}",
                    host.name,
                    report.advice()
                );
            }
        }
        let native = common::native_engine(m);
        let name = if m.profile.is_legacy() {
            "default-module"
        } else {
            "native-detected-module"
        };
        let path = m.artifact(name).path();
        let report =
            rules::check_file(&native, &path, aotcompat::model::Kind::Module, Mode::All).unwrap();
        assert!(report.is_compatible(), "{:?}", report.message());
        assert!(report.advice().is_empty(), "{:?}", report.advice());
    });
}

/// Over every recorded verdict of every release: advice never changes the
/// verdict, never speaks about a setting the check found wrong, and names
/// a real difference; an unoptimized artifact is advised of it exactly
/// where its release loads it on an optimizing host (from wasmtime 3 on,
/// which no longer compares `opt_level`), and refused where it does not.
#[test]
fn advice_speaks_only_where_the_check_accepts_a_difference() {
    static OPT_NONE: AtomicUsize = AtomicUsize::new(0);
    common::for_each_version(|m: &Manifest| {
        let engines: Vec<_> = m.hosts.iter().map(|h| (h, h.engine(m.profile))).collect();
        for v in &m.verdicts {
            let (_, engine) = engines.iter().find(|(h, _)| h.name == v.host).unwrap();
            let path = m.artifact(&v.artifact).path();
            let kind = common::kind(&v.kind);
            let all = rules::check_file(engine, &path, kind, Mode::All).unwrap();
            let parity = rules::check_file(engine, &path, kind, Mode::Parity).unwrap();
            assert_eq!(all.is_compatible(), parity.is_compatible());
            for a in all.advice() {
                assert!(
                    matches!(
                        a.category,
                        Category::SharedFlag | Category::IsaFlag | Category::Tunable
                    ),
                    "{a:?}"
                );
                assert_ne!(a.artifact, a.host, "{}/{}: {a:?}", v.artifact, v.host);
                assert!(
                    !all.mismatches()
                        .iter()
                        .any(|x| x.category == a.category && x.field == a.field),
                    "{}/{}: advice about a mismatch: {a:?}",
                    v.artifact,
                    v.host
                );
            }
            if v.artifact == "opt-none-module" && v.host == "x86-64-default" {
                let advised = all
                    .advice()
                    .iter()
                    .any(|a| a.field == "opt_level" && a.artifact == "none");
                assert_eq!(advised, v.ok, "{}: opt_level advice", m.wasmtime_version);
                if v.ok {
                    OPT_NONE.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    });
    assert!(OPT_NONE.load(Ordering::Relaxed) >= 40);
}

/// The generic profile: advice follows the engine's registered rules. A
/// tunable the engine ignores may differ, and then is advice, and so may a
/// CPU feature (a needs-probe flag) the artifact leaves off; under the
/// default rule (equal) the same differences are mismatches.
#[test]
fn generic_advice_follows_the_engine_s_rules() {
    use aotcompat::codec::Value;
    use aotcompat::format::Kind;
    use aotcompat::host::{FixedProbe, Probe};
    use aotcompat::model::{Engine, EngineBuilder, Rule, Setting};
    use aotcompat::profiles::GENERIC;
    use std::sync::Arc;

    let engine = |fuel: bool, avx2: bool, rules: bool| -> Engine {
        let mut b = EngineBuilder::new(&GENERIC);
        b.probe(Probe::Fixed(Arc::new(FixedProbe::new(["avx2"]))));
        b.target("x86_64-unknown-linux-gnu")
            .isa_flag("has_avx2", FlagValue::Bool(avx2))
            .tunable("consume_fuel", Value::Bool(fuel))
            .unwrap();
        if rules {
            b.rule(Setting::Tunable, "consume_fuel", Rule::Ignore)
                .unwrap()
                .rule(
                    Setting::IsaFlag,
                    "has_avx2",
                    Rule::NeedsProbe("avx2".into()),
                )
                .unwrap();
        }
        b.build().unwrap()
    };
    let artifact =
        aotcompat::artifact::write_artifact(&engine(true, false, false), Kind::Module, &[])
            .unwrap();
    let lenient = rules::check(
        &engine(false, true, true),
        &artifact,
        Kind::Module,
        Mode::All,
    );
    assert!(lenient.is_compatible(), "{:?}", lenient.message());
    let fields: Vec<_> = lenient
        .advice()
        .iter()
        .map(|a| {
            (
                a.category,
                a.field.as_str(),
                a.artifact.as_str(),
                a.host.as_str(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (Category::IsaFlag, "has_avx2", "false", "true"),
            (Category::Tunable, "consume_fuel", "true", "false"),
        ]
    );
    let strict = rules::check(
        &engine(false, true, false),
        &artifact,
        Kind::Module,
        Mode::All,
    );
    assert!(!strict.is_compatible());
    assert!(strict.advice().is_empty(), "{:?}", strict.advice());
    assert_eq!(strict.mismatches().len(), 2);
}
