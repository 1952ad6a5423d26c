//! Settings judged by the rules registered on the engine (the generic
//! profile), with this library's own messages.
//!
//! Within each kind of setting the artifact's settings come first, in the
//! artifact's order; then the host's settings the artifact lacks, in the
//! host's order; then registered names neither side has, by name (only a
//! `Value` rule can fail there).

use super::report::{Category, ProbeAnswer, ProbeQuery};
use super::sink::Sink;
use crate::host::Probe;
use crate::model::{Engine, Metadata, Rule, Setting, SettingValue};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

/// The report category of a mismatch about a kind of setting.
fn category(setting: Setting) -> Category {
    match setting {
        Setting::SharedFlag => Category::SharedFlag,
        Setting::IsaFlag => Category::IsaFlag,
        Setting::Tunable => Category::Tunable,
        Setting::Feature => Category::Feature,
    }
}

/// One kind's settings as (name, value), in list order.
fn settings<'m>(md: &'m Metadata<'_>, setting: Setting) -> Vec<(&'m str, SettingValue)> {
    let flags = |list: &'m [(std::borrow::Cow<'_, str>, crate::model::FlagValue<'_>)]| {
        list.iter()
            .map(|(n, v)| (&**n, SettingValue::Flag(v.clone().into_owned())))
            .collect()
    };
    match setting {
        Setting::SharedFlag => flags(&md.shared_flags),
        Setting::IsaFlag => flags(&md.isa_flags),
        Setting::Tunable => md
            .tunables()
            .map(|(n, v)| (n, SettingValue::Tunable(v.clone().into_owned())))
            .collect(),
        Setting::Feature => md
            .features()
            .into_iter()
            .map(|(n, on)| (n, SettingValue::Feature(on)))
            .collect(),
    }
}

/// The first value of each name: what a lookup by name sees.
fn index<'a>(list: &'a [(&'a str, SettingValue)]) -> HashMap<&'a str, &'a SettingValue> {
    let mut map = HashMap::with_capacity(list.len());
    for (name, value) in list {
        map.entry(*name).or_insert(value);
    }
    map
}

/// Judges one kind of setting of `md` against `engine` by its rules.
pub(crate) fn check(
    engine: &Engine,
    md: &Metadata<'_>,
    setting: Setting,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let artifact = settings(md, setting);
    let host = settings(engine.metadata(), setting);
    let (artifact_index, host_index) = (index(&artifact), index(&host));
    // A feature is never absent: not listed means disabled.
    let not_listed = (setting == Setting::Feature).then_some(SettingValue::Feature(false));
    let lookup = |map: &HashMap<&str, &SettingValue>, name: &str| -> Option<SettingValue> {
        map.get(name).map(|v| (*v).clone()).or(not_listed.clone())
    };
    for (name, value) in &artifact {
        let h = lookup(&host_index, name);
        judge_one(engine, setting, name, Some(value), h.as_ref(), sink)?;
    }
    let mut seen = HashSet::new();
    for (name, _) in &host {
        if artifact_index.contains_key(name) || !seen.insert(*name) {
            continue;
        }
        let (a, h) = (lookup(&artifact_index, name), lookup(&host_index, name));
        judge_one(engine, setting, name, a.as_ref(), h.as_ref(), sink)?;
    }
    for (name, _) in engine.rules().registered(setting) {
        if artifact_index.contains_key(name) || host_index.contains_key(name) {
            continue;
        }
        let (a, h) = (lookup(&artifact_index, name), lookup(&host_index, name));
        judge_one(engine, setting, name, a.as_ref(), h.as_ref(), sink)?;
    }
    ControlFlow::Continue(())
}

/// Judges the engine's own settings of one kind by its rules, as a host
/// check does: each value stands on both sides, so only rules that ask
/// something of the machine (a probe, a required value) can fail.
pub(crate) fn check_own(engine: &Engine, setting: Setting, sink: &mut Sink) -> ControlFlow<()> {
    for (name, value) in settings(engine.metadata(), setting) {
        judge_one(engine, setting, name, Some(&value), Some(&value), sink)?;
    }
    ControlFlow::Continue(())
}

/// Whether the engine's rule for `name` accepts the artifact's value
/// against the host's (`None` where a side lacks the setting), probe
/// included: the question advice asks before it speaks.
pub(crate) fn accepts(
    engine: &Engine,
    setting: Setting,
    name: &str,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
) -> bool {
    let rule = engine.rules().get(setting, name);
    judge(setting, name, rule, artifact, host, engine.probe()).is_ok()
}

fn judge_one(
    engine: &Engine,
    setting: Setting,
    name: &str,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let rule = engine.rules().get(setting, name);
    match judge(setting, name, rule, artifact, host, engine.probe()) {
        Ok(()) => ControlFlow::Continue(()),
        Err(Refusal {
            host,
            probe,
            message,
        }) => sink.push_probed(
            category(setting),
            name,
            artifact.map(column).unwrap_or_default(),
            host,
            probe,
            message,
        ),
    }
}

/// A value as the report's artifact and host columns print it: as the
/// metadata prints it (a flag's bare value, `speed` rather than the
/// message's `"speed"`).
fn column(value: &SettingValue) -> String {
    match value {
        SettingValue::Flag(flag) => flag.to_string(),
        other => other.to_string(),
    }
}

/// Why one setting is refused: what the host has or needs (for the
/// report's host column) and the message.
#[derive(Debug, PartialEq, Eq)]
struct Refusal {
    host: String,
    probe: Option<ProbeQuery>,
    message: String,
}

/// Judges one setting by `rule`. `artifact` and `host` are the two sides'
/// values, `None` where a flag or tunable is absent (features are always
/// present, as enabled or not).
fn judge(
    setting: Setting,
    name: &str,
    rule: &Rule,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
    probe: &Probe,
) -> Result<(), Refusal> {
    match rule {
        Rule::Ignore => Ok(()),
        Rule::Equal => equal(setting, name, artifact, host),
        // An artifact without the setting, or with it off, asks nothing.
        Rule::Subset => match artifact {
            None => Ok(()),
            Some(a) if a.is_bool() && !a.is_on() => Ok(()),
            Some(a) if a.is_bool() && host.is_some_and(SettingValue::is_on) => Ok(()),
            Some(a) if a.is_bool() => Err(differ(setting, name, artifact, host)),
            Some(_) => equal(setting, name, artifact, host),
        },
        Rule::Value(required) if artifact == Some(required) => Ok(()),
        Rule::Value(required) => Err(Refusal {
            host: column(required),
            probe: None,
            message: not_required(setting, name, artifact, required),
        }),
        Rule::NeedsProbe(_) if !artifact.is_some_and(SettingValue::is_on) => Ok(()),
        Rule::NeedsProbe(feature) => ask_probe(setting, name, feature, probe),
    }
}

fn equal(
    setting: Setting,
    name: &str,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
) -> Result<(), Refusal> {
    if artifact == host {
        Ok(())
    } else {
        Err(differ(setting, name, artifact, host))
    }
}

/// The two sides differ.
fn differ(
    setting: Setting,
    name: &str,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
) -> Refusal {
    let words = setting.words();
    let message = if setting == Setting::Feature {
        if artifact.is_some_and(SettingValue::is_on) {
            format!("{words} {name:?} is enabled in the artifact but not in the host")
        } else {
            format!("{words} {name:?} is enabled in the host but not in the artifact")
        }
    } else {
        match (artifact, host) {
            (Some(a), Some(h)) => {
                format!("{words} {name:?} is {a} in the artifact but {h} in the host")
            }
            (Some(a), None) => {
                format!("{words} {name:?} is {a} in the artifact but missing from the host")
            }
            (None, Some(h)) => {
                format!("{words} {name:?} is {h} in the host but missing from the artifact")
            }
            (None, None) => format!("{words} {name:?} is missing from both sides"),
        }
    };
    Refusal {
        host: host.map(column).unwrap_or_default(),
        probe: None,
        message,
    }
}

/// The artifact's value is not the one the rule requires.
fn not_required(
    setting: Setting,
    name: &str,
    artifact: Option<&SettingValue>,
    required: &SettingValue,
) -> String {
    let words = setting.words();
    match (artifact, required) {
        (_, SettingValue::Feature(true)) => {
            format!("{words} {name:?} is disabled in the artifact but must be enabled")
        }
        (_, SettingValue::Feature(false)) => {
            format!("{words} {name:?} is enabled in the artifact but must be disabled")
        }
        (Some(a), _) => format!("{words} {name:?} is {a} in the artifact but must be {required}"),
        (None, _) => {
            format!("{words} {name:?} is missing from the artifact but must be {required}")
        }
    }
}

fn ask_probe(setting: Setting, name: &str, feature: &str, probe: &Probe) -> Result<(), Refusal> {
    let (answer, why) = match probe.detect(feature) {
        Some(Some(true)) => return Ok(()),
        Some(Some(false)) => (ProbeAnswer::No, "which the host does not have"),
        Some(None) => (
            ProbeAnswer::Unknown,
            "which the host's probe cannot determine",
        ),
        None => (ProbeAnswer::NoProbe, "but the engine has no probe to ask"),
    };
    Err(Refusal {
        host: String::new(),
        probe: Some(ProbeQuery {
            feature: feature.to_string(),
            answer,
        }),
        message: format!(
            "{} {name:?} needs host feature {feature:?}, {why}",
            setting.words()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Value;
    use crate::host::FixedProbe;
    use crate::model::FlagValue;
    use std::sync::Arc;
    use Setting::*;

    fn t(v: u64) -> SettingValue {
        SettingValue::Tunable(Value::Int(v))
    }

    fn message(r: Result<(), Refusal>) -> String {
        r.unwrap_err().message
    }

    #[test]
    fn equal_and_absence() {
        let p = Probe::None;
        let eq = &Rule::Equal;
        assert!(judge(Tunable, "s", eq, Some(&t(1)), Some(&t(1)), &p).is_ok());
        assert!(judge(Tunable, "s", eq, None, None, &p).is_ok());
        assert_eq!(
            judge(Tunable, "s", eq, Some(&t(1)), Some(&t(2)), &p),
            Err(Refusal {
                host: "2".into(),
                probe: None,
                message: r#"tunable "s" is 1 in the artifact but 2 in the host"#.into()
            })
        );
        assert_eq!(
            message(judge(Tunable, "s", eq, Some(&t(1)), None, &p)),
            r#"tunable "s" is 1 in the artifact but missing from the host"#
        );
        assert_eq!(
            message(judge(Tunable, "s", eq, None, Some(&t(2)), &p)),
            r#"tunable "s" is 2 in the host but missing from the artifact"#
        );
    }

    #[test]
    fn needs_probe_only_when_on() {
        let yes = Probe::Fixed(Arc::new(FixedProbe::new(["neon"])));
        let rule = &Rule::NeedsProbe("neon".into());
        let on = SettingValue::Flag(FlagValue::Bool(true));
        let off = SettingValue::Flag(FlagValue::Bool(false));
        assert!(judge(IsaFlag, "has_neon", rule, Some(&on), None, &yes).is_ok());
        assert!(judge(IsaFlag, "has_neon", rule, Some(&off), None, &Probe::None).is_ok());
        assert!(judge(IsaFlag, "has_neon", rule, None, None, &Probe::None).is_ok());
        assert_eq!(
            judge(IsaFlag, "has_neon", rule, Some(&on), Some(&on), &Probe::None),
            Err(Refusal {
                host: String::new(),
                probe: Some(ProbeQuery {
                    feature: "neon".into(),
                    answer: ProbeAnswer::NoProbe
                }),
                message:
                    r#"ISA flag "has_neon" needs host feature "neon", but the engine has no probe to ask"#
                        .into()
            })
        );
    }
}
