//! Rules an engine registers for the settings of the generic profile,
//! whose rules come from the engine instead of a built-in table.

use super::values::value_text;
use super::FlagValue;
use crate::codec::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// The four kinds of setting an engine description lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Setting {
    /// Target-independent compiler settings.
    SharedFlag,
    /// CPU-feature compiler settings.
    IsaFlag,
    /// Engine-wide settings with typed values.
    Tunable,
    /// Enabled features.
    Feature,
}

impl Setting {
    /// Every kind, in check order.
    pub const ALL: [Setting; 4] = [
        Setting::SharedFlag,
        Setting::IsaFlag,
        Setting::Tunable,
        Setting::Feature,
    ];

    /// The words messages use for a setting of this kind.
    pub fn words(self) -> &'static str {
        match self {
            Setting::SharedFlag => "shared flag",
            Setting::IsaFlag => "ISA flag",
            Setting::Tunable => "tunable",
            Setting::Feature => "feature",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A setting's value as a rule sees it, whatever list it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SettingValue {
    /// A shared or ISA flag's value.
    Flag(FlagValue<'static>),
    /// A tunable's value: an integer, a bool, a string or none.
    Tunable(Value<'static>),
    /// Whether a feature is enabled.
    Feature(bool),
}

impl SettingValue {
    /// Whether the setting is switched on: `Bool(true)` for flags and
    /// tunables, enabled for features. Only on/off settings can demand
    /// something of the host's CPU or be a subset of it.
    pub fn is_on(&self) -> bool {
        matches!(
            self,
            SettingValue::Flag(FlagValue::Bool(true))
                | SettingValue::Tunable(Value::Bool(true))
                | SettingValue::Feature(true)
        )
    }

    /// Whether the value is an on/off one.
    pub fn is_bool(&self) -> bool {
        matches!(
            self,
            SettingValue::Flag(FlagValue::Bool(_))
                | SettingValue::Tunable(Value::Bool(_))
                | SettingValue::Feature(_)
        )
    }

    /// Whether this value can belong to `setting`.
    pub fn fits(&self, setting: Setting) -> bool {
        matches!(
            (self, setting),
            (
                SettingValue::Flag(_),
                Setting::SharedFlag | Setting::IsaFlag
            ) | (
                SettingValue::Tunable(
                    Value::Int(_) | Value::Bool(_) | Value::Str(_) | Value::Option(None)
                ),
                Setting::Tunable
            ) | (SettingValue::Feature(_), Setting::Feature)
        )
    }

    /// Parses the text form of a value of `setting`:
    ///
    /// - `true` and `false` are on/off values (for a feature: enabled or
    ///   disabled, and nothing else is accepted);
    /// - flags: decimal digits are a number (0 to 255), any other text is
    ///   an enum value;
    /// - tunables: decimal digits are a number (a `u64`), `none` is none,
    ///   any other text is a string;
    /// - flags and tunables: text in double quotes is always an enum value
    ///   or a string, without the quotes (`"true"`, `"12"`, `"none"`), so
    ///   every value can be written the way messages print it.
    pub fn parse(setting: Setting, text: &str) -> anyhow::Result<SettingValue> {
        let quoted = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        Ok(match setting {
            Setting::Feature => match text {
                "true" => SettingValue::Feature(true),
                "false" => SettingValue::Feature(false),
                _ => anyhow::bail!("a feature's value is `true` or `false`, not `{text}`"),
            },
            Setting::SharedFlag | Setting::IsaFlag => SettingValue::Flag(match (quoted, text) {
                (Some(inner), _) => FlagValue::Enum(Cow::Owned(inner.to_string())),
                (None, "true") => FlagValue::Bool(true),
                (None, "false") => FlagValue::Bool(false),
                (None, _) if digits => FlagValue::Num(
                    text.parse()
                        .map_err(|_| anyhow::anyhow!("flag value `{text}` is larger than 255"))?,
                ),
                (None, _) => FlagValue::Enum(Cow::Owned(text.to_string())),
            }),
            Setting::Tunable => SettingValue::Tunable(match (quoted, text) {
                (Some(inner), _) => Value::Str(Cow::Owned(inner.to_string())),
                (None, "true") => Value::Bool(true),
                (None, "false") => Value::Bool(false),
                (None, "none") => Value::Option(None),
                (None, _) if digits => Value::Int(text.parse().map_err(|_| {
                    anyhow::anyhow!("tunable value `{text}` does not fit in 64 bits")
                })?),
                (None, _) => Value::Str(Cow::Owned(text.to_string())),
            }),
        })
    }
}

impl fmt::Display for SettingValue {
    /// Numbers and booleans bare, text quoted: `true`, `12`, `"speed"`,
    /// `none`. A feature is `true` (enabled) or `false`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingValue::Flag(FlagValue::Enum(s)) => write!(f, "{:?}", &**s),
            SettingValue::Flag(v) => write!(f, "{v}"),
            SettingValue::Tunable(v) => f.write_str(&value_text(None, v)),
            SettingValue::Feature(on) => write!(f, "{on}"),
        }
    }
}

/// How one setting of an artifact is judged against the host engine.
///
/// A setting is compared as "present with a value" or "absent" on each
/// side; a feature is never absent, only enabled or not.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The artifact's value must equal the host's; present on one side
    /// only is a mismatch. For a feature: enabled in the artifact exactly
    /// when enabled in the host.
    Equal,
    /// The artifact's value must be exactly this, whatever the host has;
    /// an artifact without the setting does not meet it.
    Value(SettingValue),
    /// Not judged.
    Ignore,
    /// When the artifact's setting is on (`Bool(true)`, or the feature is
    /// enabled), the engine's probe must answer yes for this host feature;
    /// no, unknown, or no probe at all is a mismatch. Any other value, or
    /// an absent setting, needs nothing. The host's own value is not
    /// compared (as with wasmtime's ISA flags).
    NeedsProbe(String),
    /// What the artifact has on must be on in the host: for a feature,
    /// enabled in the artifact implies enabled in the host; for an on/off
    /// flag or tunable, `true` in the artifact implies `true` in the host
    /// (absent counts as off). A value that is not on/off must equal the
    /// host's, as under [`Rule::Equal`]. An artifact without the setting
    /// asks nothing of the host.
    Subset,
}

impl Rule {
    /// The rule's name, as the C API's constants spell it in lower case.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::Equal => "equal",
            Rule::Value(_) => "value",
            Rule::Ignore => "ignore",
            Rule::NeedsProbe(_) => "needs-probe",
            Rule::Subset => "subset",
        }
    }
}

/// The rules an engine judges generic artifacts by: one per registered
/// (setting kind, name), and a default per kind for every other name.
///
/// Defaults: [`Rule::Equal`] for shared flags, ISA flags and tunables (a
/// setting the host does not know about is a difference), and
/// [`Rule::Subset`] for features (an artifact that uses fewer features
/// than the host offers loads fine).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    named: [BTreeMap<String, Rule>; 4],
    defaults: [Rule; 4],
}

impl Default for RuleSet {
    fn default() -> RuleSet {
        RuleSet {
            named: Default::default(),
            defaults: [Rule::Equal, Rule::Equal, Rule::Equal, Rule::Subset],
        }
    }
}

impl RuleSet {
    /// Registers how `name` of kind `setting` is judged, replacing any
    /// earlier rule for it. A `Value` must fit the kind (a flag value for
    /// a flag, ...), and a `NeedsProbe` must name a feature.
    pub fn set(&mut self, setting: Setting, name: &str, rule: Rule) -> anyhow::Result<()> {
        match &rule {
            Rule::Value(v) if !v.fits(setting) => anyhow::bail!(
                "the value {v} cannot be the required value of {} \"{name}\"",
                setting.words()
            ),
            Rule::NeedsProbe(feature) if feature.is_empty() => {
                anyhow::bail!(
                    "the rule for {} \"{name}\" names no host feature",
                    setting.words()
                )
            }
            _ => {}
        }
        self.named[setting.index()].insert(name.to_string(), rule);
        Ok(())
    }

    /// Sets the rule for names of kind `setting` that have none registered.
    /// Only `Equal`, `Ignore` and `Subset` can be defaults: the other rules
    /// carry an argument that belongs to one name.
    pub fn set_default(&mut self, setting: Setting, rule: Rule) -> anyhow::Result<()> {
        anyhow::ensure!(
            matches!(rule, Rule::Equal | Rule::Ignore | Rule::Subset),
            "the default rule must be equal, ignore or subset, not {}",
            rule.name()
        );
        self.defaults[setting.index()] = rule;
        Ok(())
    }

    /// The rule `name` is judged by.
    pub fn get(&self, setting: Setting, name: &str) -> &Rule {
        self.named[setting.index()]
            .get(name)
            .unwrap_or(&self.defaults[setting.index()])
    }

    /// The registered rules of kind `setting`, by name.
    pub fn registered(&self, setting: Setting) -> impl Iterator<Item = (&str, &Rule)> + '_ {
        self.named[setting.index()]
            .iter()
            .map(|(n, r)| (n.as_str(), r))
    }

    /// Whether no rule and no default was changed.
    pub fn is_default(&self) -> bool {
        *self == RuleSet::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Setting::*;

    #[test]
    fn parse_value_text() {
        let flag = |t| SettingValue::parse(SharedFlag, t).unwrap();
        assert_eq!(flag("true"), SettingValue::Flag(FlagValue::Bool(true)));
        assert_eq!(flag("12"), SettingValue::Flag(FlagValue::Num(12)));
        assert_eq!(
            flag("speed"),
            SettingValue::Flag(FlagValue::enumerated("speed"))
        );
        assert_eq!(
            flag("\"true\""),
            SettingValue::Flag(FlagValue::enumerated("true"))
        );
        assert_eq!(flag("\""), SettingValue::Flag(FlagValue::enumerated("\"")));
        assert!(SettingValue::parse(IsaFlag, "256").is_err());
        let tunable = |t| SettingValue::parse(Tunable, t).unwrap();
        assert_eq!(
            tunable("18446744073709551615"),
            SettingValue::Tunable(Value::Int(u64::MAX))
        );
        assert_eq!(tunable("none"), SettingValue::Tunable(Value::Option(None)));
        assert_eq!(
            tunable("\"none\""),
            SettingValue::Tunable(Value::Str("none".into()))
        );
        assert_eq!(tunable("false"), SettingValue::Tunable(Value::Bool(false)));
        assert!(SettingValue::parse(Tunable, "18446744073709551616").is_err());
        assert_eq!(
            SettingValue::parse(Feature, "true").unwrap(),
            SettingValue::Feature(true)
        );
        assert!(SettingValue::parse(Feature, "yes").is_err());
        assert_eq!(tunable("x").to_string(), "\"x\"");
        assert_eq!(tunable("none").to_string(), "none");
    }

    #[test]
    fn defaults_and_registration() {
        let mut rules = RuleSet::default();
        assert_eq!(rules.get(Tunable, "x"), &Rule::Equal);
        assert_eq!(rules.get(Feature, "x"), &Rule::Subset);
        rules.set(Tunable, "x", Rule::Ignore).unwrap();
        assert_eq!(rules.get(Tunable, "x"), &Rule::Ignore);
        assert_eq!(rules.get(SharedFlag, "x"), &Rule::Equal);
        assert!(rules
            .set(Tunable, "x", Rule::Value(SettingValue::Feature(true)))
            .is_err());
        assert!(rules
            .set(IsaFlag, "x", Rule::NeedsProbe(String::new()))
            .is_err());
        assert!(rules
            .set_default(Feature, Rule::NeedsProbe("a".into()))
            .is_err());
        rules.set_default(Feature, Rule::Equal).unwrap();
        assert_eq!(rules.get(Feature, "y"), &Rule::Equal);
    }
}
