use super::rules::{GenericCategory, GenericRule, SettingValue};
use crate::host::Probe;

/// Why one setting is refused: what the host has or needs (for the
/// report's host column) and the message.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    pub(super) host: String,
    pub(super) message: String,
}

/// Judges one setting by `rule`. `artifact` and `host` are the two sides'
/// values, `None` where a flag or tunable is absent (features are always
/// present, as enabled or not).
pub(super) fn judge(
    category: GenericCategory,
    name: &str,
    rule: &GenericRule,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
    probe: &Probe,
) -> Result<(), Refusal> {
    match rule {
        GenericRule::Ignore => Ok(()),
        GenericRule::Equal => equal(category, name, artifact, host),
        // An artifact without the setting, or with it off, asks nothing.
        GenericRule::Subset => match artifact {
            None => Ok(()),
            Some(a) if a.is_bool() && !a.is_on() => Ok(()),
            Some(a) if a.is_bool() && host.is_some_and(SettingValue::is_on) => Ok(()),
            Some(a) if a.is_bool() => Err(differ(category, name, artifact, host)),
            Some(_) => equal(category, name, artifact, host),
        },
        GenericRule::Value(required) if artifact == Some(required) => Ok(()),
        GenericRule::Value(required) => Err(Refusal {
            host: required.to_string(),
            message: not_required(category, name, artifact, required),
        }),
        GenericRule::NeedsProbe(_) if !artifact.is_some_and(SettingValue::is_on) => Ok(()),
        GenericRule::NeedsProbe(feature) => ask_probe(category, name, feature, probe),
    }
}

fn equal(
    category: GenericCategory,
    name: &str,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
) -> Result<(), Refusal> {
    if artifact == host {
        Ok(())
    } else {
        Err(differ(category, name, artifact, host))
    }
}

/// The two sides differ.
fn differ(
    category: GenericCategory,
    name: &str,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
) -> Refusal {
    let words = category.words();
    let message = if category == GenericCategory::Feature {
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
            (None, None) => unreachable!("two absent settings are equal"),
        }
    };
    Refusal {
        host: host.map(ToString::to_string).unwrap_or_default(),
        message,
    }
}

/// The artifact's value is not the one the rule requires.
fn not_required(
    category: GenericCategory,
    name: &str,
    artifact: Option<&SettingValue>,
    required: &SettingValue,
) -> String {
    let words = category.words();
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

fn ask_probe(
    category: GenericCategory,
    name: &str,
    feature: &str,
    probe: &Probe,
) -> Result<(), Refusal> {
    let (answer, why) = match probe.detect(feature) {
        Some(Some(true)) => return Ok(()),
        Some(Some(false)) => ("no", "which the host does not have"),
        Some(None) => ("unknown", "which the host's probe cannot determine"),
        None => ("no probe", "but the engine has no probe to ask"),
    };
    Err(Refusal {
        host: format!("{feature}: {answer}"),
        message: format!(
            "{} {name:?} needs host feature {feature:?}, {why}",
            category.words()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generic::GenericValue;
    use crate::host::FixedProbe;
    use crate::model::FlagValue;
    use std::sync::Arc;
    use GenericCategory::*;

    fn t(v: u64) -> SettingValue {
        SettingValue::Tunable(GenericValue::U64(v))
    }

    fn message(r: Result<(), Refusal>) -> String {
        r.unwrap_err().message
    }

    #[test]
    fn equal_and_absence() {
        let p = Probe::None;
        let eq = &GenericRule::Equal;
        assert!(judge(Tunable, "s", eq, Some(&t(1)), Some(&t(1)), &p).is_ok());
        assert!(judge(Tunable, "s", eq, None, None, &p).is_ok());
        assert_eq!(
            judge(Tunable, "s", eq, Some(&t(1)), Some(&t(2)), &p),
            Err(Refusal {
                host: "2".into(),
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
        let rule = &GenericRule::NeedsProbe("neon".into());
        let on = SettingValue::Flag(FlagValue::Bool(true));
        let off = SettingValue::Flag(FlagValue::Bool(false));
        assert!(judge(IsaFlag, "has_neon", rule, Some(&on), None, &yes).is_ok());
        assert!(judge(IsaFlag, "has_neon", rule, Some(&off), None, &Probe::None).is_ok());
        assert!(judge(IsaFlag, "has_neon", rule, None, None, &Probe::None).is_ok());
        assert_eq!(
            judge(IsaFlag, "has_neon", rule, Some(&on), Some(&on), &Probe::None),
            Err(Refusal {
                host: "neon: no probe".into(),
                message: r#"ISA flag "has_neon" needs host feature "neon", but the engine has no probe to ask"#.into()
            })
        );
    }
}
