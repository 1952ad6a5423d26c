use super::metadata::GenericValue;
use crate::model::FlagValue;
use crate::rules::Category;
use std::collections::BTreeMap;
use std::fmt;

/// The four lists of a generic engine description; every rule is about a
/// name in one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GenericCategory {
    /// Target-independent compiler settings.
    SharedFlag,
    /// CPU-feature compiler settings.
    IsaFlag,
    /// Engine-wide settings with typed values.
    Tunable,
    /// Enabled features.
    Feature,
}

impl GenericCategory {
    /// Every category, in check order.
    pub const ALL: [GenericCategory; 4] = [
        GenericCategory::SharedFlag,
        GenericCategory::IsaFlag,
        GenericCategory::Tunable,
        GenericCategory::Feature,
    ];

    /// The words messages use for a setting of this category.
    pub fn words(self) -> &'static str {
        match self {
            GenericCategory::SharedFlag => "shared flag",
            GenericCategory::IsaFlag => "ISA flag",
            GenericCategory::Tunable => "tunable",
            GenericCategory::Feature => "feature",
        }
    }

    /// The report category of a mismatch about this category.
    pub fn report_category(self) -> Category {
        match self {
            GenericCategory::SharedFlag => Category::SharedFlag,
            GenericCategory::IsaFlag => Category::IsaFlag,
            GenericCategory::Tunable => Category::Tunable,
            GenericCategory::Feature => Category::Feature,
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
    Flag(FlagValue),
    /// A tunable's value.
    Tunable(GenericValue),
    /// Whether a feature is enabled.
    Feature(bool),
}

impl SettingValue {
    /// Whether the setting is switched on: `Bool(true)` for flags and
    /// tunables, enabled for features. Numbers and text are never "on";
    /// only on/off settings can demand something of the host's CPU or
    /// be a subset of it.
    pub fn is_on(&self) -> bool {
        matches!(
            self,
            SettingValue::Flag(FlagValue::Bool(true))
                | SettingValue::Tunable(GenericValue::Bool(true))
                | SettingValue::Feature(true)
        )
    }

    /// Whether the value is an on/off one (so `Subset` reads it as a set
    /// membership).
    pub fn is_bool(&self) -> bool {
        matches!(
            self,
            SettingValue::Flag(FlagValue::Bool(_))
                | SettingValue::Tunable(GenericValue::Bool(_))
                | SettingValue::Feature(_)
        )
    }

    /// Whether this value can belong to `category`.
    pub fn fits(&self, category: GenericCategory) -> bool {
        matches!(
            (self, category),
            (
                SettingValue::Flag(_),
                GenericCategory::SharedFlag | GenericCategory::IsaFlag
            ) | (SettingValue::Tunable(_), GenericCategory::Tunable)
                | (SettingValue::Feature(_), GenericCategory::Feature)
        )
    }

    /// Parses the text form of a value of `category` (the C API's
    /// `AOTCOMPAT_GENERIC_RULE_VALUE` argument):
    ///
    /// - every category: `true` and `false` are on/off values (for a
    ///   feature: enabled or disabled, and nothing else is accepted);
    /// - flags: decimal digits are a number (0 to 255), any other text is an
    ///   enum value;
    /// - tunables: decimal digits are a number (a `u64`), `none` is
    ///   [`GenericValue::None`], any other text is a string;
    /// - flags and tunables: text in double quotes is always an enum value
    ///   or a string, without the quotes (`"true"`, `"12"`, `"none"`), so
    ///   every value can be written, the way messages print it.
    pub fn parse(category: GenericCategory, text: &str) -> anyhow::Result<SettingValue> {
        let quoted = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'));
        let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        Ok(match category {
            GenericCategory::Feature => match text {
                "true" => SettingValue::Feature(true),
                "false" => SettingValue::Feature(false),
                _ => anyhow::bail!("a feature's value is `true` or `false`, not `{text}`"),
            },
            GenericCategory::SharedFlag | GenericCategory::IsaFlag => {
                SettingValue::Flag(match (quoted, text) {
                    (Some(inner), _) => FlagValue::Enum(inner.to_string()),
                    (None, "true") => FlagValue::Bool(true),
                    (None, "false") => FlagValue::Bool(false),
                    (None, _) if digits => {
                        FlagValue::Num(text.parse().map_err(|_| {
                            anyhow::anyhow!("flag value `{text}` is larger than 255")
                        })?)
                    }
                    (None, _) => FlagValue::Enum(text.to_string()),
                })
            }
            GenericCategory::Tunable => SettingValue::Tunable(match (quoted, text) {
                (Some(inner), _) => GenericValue::Str(inner.to_string()),
                (None, "true") => GenericValue::Bool(true),
                (None, "false") => GenericValue::Bool(false),
                (None, "none") => GenericValue::None,
                (None, _) if digits => GenericValue::U64(text.parse().map_err(|_| {
                    anyhow::anyhow!("tunable value `{text}` does not fit in 64 bits")
                })?),
                (None, _) => GenericValue::Str(text.to_string()),
            }),
        })
    }
}

impl fmt::Display for SettingValue {
    /// Numbers and booleans bare, text quoted: `true`, `12`, `"speed"`,
    /// `none`. A feature is `true` (enabled) or `false`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingValue::Flag(FlagValue::Enum(s)) => write!(f, "{s:?}"),
            SettingValue::Flag(v) => write!(f, "{v}"),
            SettingValue::Tunable(v) => write!(f, "{v}"),
            SettingValue::Feature(on) => write!(f, "{on}"),
        }
    }
}

/// How one setting of an artifact is judged against the host engine.
///
/// A setting is compared as "present with a value" or "absent" on each
/// side; a feature is never absent, only enabled or not.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GenericRule {
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
    /// host's, as under [`GenericRule::Equal`]. An artifact without the
    /// setting asks nothing of the host.
    Subset,
}

impl GenericRule {
    /// The rule's name, as the C API's constants spell it in lower case.
    pub fn name(&self) -> &'static str {
        match self {
            GenericRule::Equal => "equal",
            GenericRule::Value(_) => "value",
            GenericRule::Ignore => "ignore",
            GenericRule::NeedsProbe(_) => "needs-probe",
            GenericRule::Subset => "subset",
        }
    }
}

/// The rules a generic engine judges artifacts by: one per registered
/// (category, name), and a default per category for every other name.
///
/// Defaults: [`GenericRule::Equal`] for shared flags, ISA flags and
/// tunables (a setting the host does not know about is a difference), and
/// [`GenericRule::Subset`] for features (an artifact that uses fewer
/// features than the host offers loads fine).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenericRules {
    named: [BTreeMap<String, GenericRule>; 4],
    defaults: [GenericRule; 4],
}

impl Default for GenericRules {
    fn default() -> GenericRules {
        GenericRules {
            named: Default::default(),
            defaults: [
                GenericRule::Equal,
                GenericRule::Equal,
                GenericRule::Equal,
                GenericRule::Subset,
            ],
        }
    }
}

impl GenericRules {
    /// Registers how `name` in `category` is judged, replacing any earlier
    /// rule for it. A `Value` must fit the category (a flag value for a
    /// flag, ...), and a `NeedsProbe` must name a feature.
    pub fn set(
        &mut self,
        category: GenericCategory,
        name: &str,
        rule: GenericRule,
    ) -> anyhow::Result<()> {
        match &rule {
            GenericRule::Value(v) if !v.fits(category) => anyhow::bail!(
                "the value {v} cannot be the required value of {} \"{name}\"",
                category.words()
            ),
            GenericRule::NeedsProbe(feature) if feature.is_empty() => {
                anyhow::bail!(
                    "the rule for {} \"{name}\" names no host feature",
                    category.words()
                )
            }
            _ => {}
        }
        self.named[category.index()].insert(name.to_string(), rule);
        Ok(())
    }

    /// Sets the rule for names of `category` that have none registered.
    /// Only `Equal`, `Ignore` and `Subset` can be defaults: the other rules
    /// carry an argument that belongs to one name.
    pub fn set_default(
        &mut self,
        category: GenericCategory,
        rule: GenericRule,
    ) -> anyhow::Result<()> {
        anyhow::ensure!(
            matches!(
                rule,
                GenericRule::Equal | GenericRule::Ignore | GenericRule::Subset
            ),
            "the default rule must be equal, ignore or subset, not {}",
            rule.name()
        );
        self.defaults[category.index()] = rule;
        Ok(())
    }

    /// The rule `name` is judged by.
    pub fn get(&self, category: GenericCategory, name: &str) -> &GenericRule {
        self.named[category.index()]
            .get(name)
            .unwrap_or(&self.defaults[category.index()])
    }

    /// The registered rules of `category`, by name.
    pub fn registered(
        &self,
        category: GenericCategory,
    ) -> impl Iterator<Item = (&str, &GenericRule)> + '_ {
        self.named[category.index()]
            .iter()
            .map(|(n, r)| (n.as_str(), r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GenericCategory::*;

    #[test]
    fn parse_value_text() {
        let flag = |t| SettingValue::parse(SharedFlag, t).unwrap();
        assert_eq!(flag("true"), SettingValue::Flag(FlagValue::Bool(true)));
        assert_eq!(flag("12"), SettingValue::Flag(FlagValue::Num(12)));
        assert_eq!(
            flag("speed"),
            SettingValue::Flag(FlagValue::Enum("speed".into()))
        );
        assert_eq!(
            flag("\"true\""),
            SettingValue::Flag(FlagValue::Enum("true".into()))
        );
        assert_eq!(flag("\""), SettingValue::Flag(FlagValue::Enum("\"".into())));
        assert!(SettingValue::parse(IsaFlag, "256").is_err());
        let tunable = |t| SettingValue::parse(Tunable, t).unwrap();
        assert_eq!(
            tunable("18446744073709551615"),
            SettingValue::Tunable(GenericValue::U64(u64::MAX))
        );
        assert_eq!(tunable("none"), SettingValue::Tunable(GenericValue::None));
        assert_eq!(
            tunable("\"none\""),
            SettingValue::Tunable(GenericValue::Str("none".into()))
        );
        assert_eq!(
            tunable("false"),
            SettingValue::Tunable(GenericValue::Bool(false))
        );
        assert!(SettingValue::parse(Tunable, "18446744073709551616").is_err());
        assert_eq!(
            SettingValue::parse(Feature, "true").unwrap(),
            SettingValue::Feature(true)
        );
        assert!(SettingValue::parse(Feature, "yes").is_err());
    }

    #[test]
    fn defaults_and_registration() {
        let mut rules = GenericRules::default();
        assert_eq!(rules.get(Tunable, "x"), &GenericRule::Equal);
        assert_eq!(rules.get(Feature, "x"), &GenericRule::Subset);
        rules.set(Tunable, "x", GenericRule::Ignore).unwrap();
        assert_eq!(rules.get(Tunable, "x"), &GenericRule::Ignore);
        assert_eq!(rules.get(SharedFlag, "x"), &GenericRule::Equal);
        assert!(rules
            .set(
                Tunable,
                "x",
                GenericRule::Value(SettingValue::Feature(true))
            )
            .is_err());
        assert!(rules
            .set(IsaFlag, "x", GenericRule::NeedsProbe(String::new()))
            .is_err());
        assert!(rules
            .set_default(Feature, GenericRule::NeedsProbe("a".into()))
            .is_err());
        rules.set_default(Feature, GenericRule::Equal).unwrap();
        assert_eq!(rules.get(Feature, "y"), &GenericRule::Equal);
    }
}
