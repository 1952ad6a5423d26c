use crate::codec::Value;
use crate::model::{Engine, FlagValue, Rule, Setting, SettingValue, VersionStrategy};
use crate::profiles::{
    FeatureForm, FeatureRules, Judged, SharedFlagRules, SharedRule, TunableCheck,
};

/// Builds a preimage from the primitives documented in the module docs.
#[derive(Default)]
struct Preimage(Vec<u8>);

impl Preimage {
    fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }

    fn bool(&mut self, v: bool) -> &mut Self {
        self.u8(u8::from(v))
    }

    fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }

    fn len(&mut self, n: usize) -> &mut Self {
        let n = u32::try_from(n).expect("preimage item longer than 4 GiB");
        self.0.extend_from_slice(&n.to_le_bytes());
        self
    }

    fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.len(b.len());
        self.0.extend_from_slice(b);
        self
    }

    fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    fn flag(&mut self, name: &str, value: &FlagValue<'_>) -> &mut Self {
        self.str(name);
        match value {
            FlagValue::Enum(s) => self.u8(0).str(s),
            FlagValue::Num(n) => self.u8(1).u8(*n),
            FlagValue::Bool(b) => self.u8(2).bool(*b),
        }
    }

    /// A tunable value: an integer as u64, a bool as a byte, a string, an
    /// option as 0 (none) or, around a unit variant, 1 + its index, around
    /// anything else 1 and the value; a variant as its index byte and its
    /// payload; a byte run and a list length-prefixed.
    fn value(&mut self, value: &Value<'_>) -> &mut Self {
        match value {
            Value::Int(v) => self.u64(*v),
            Value::Bool(v) => self.bool(*v),
            Value::Str(s) => self.str(s),
            Value::Bytes(b) => self.bytes(b),
            Value::Option(None) => self.u8(0),
            Value::Option(Some(inner)) => match **inner {
                Value::Variant(i, None) => self.u8(1 + variant_byte(i)),
                ref other => self.u8(1).value(other),
            },
            Value::Variant(i, payload) => {
                self.u8(variant_byte(*i));
                match payload {
                    Some(p) => self.value(p),
                    None => self,
                }
            }
            Value::List(items) => {
                self.len(items.len());
                for item in items {
                    self.value(item);
                }
                self
            }
        }
    }

    fn rule(&mut self, rule: &Rule) -> &mut Self {
        match rule {
            Rule::Equal => self.u8(0),
            Rule::Value(v) => self.u8(1).setting(v),
            Rule::Ignore => self.u8(2),
            Rule::NeedsProbe(feature) => self.u8(3).str(feature),
            Rule::Subset => self.u8(4),
        }
    }

    fn setting(&mut self, value: &SettingValue) -> &mut Self {
        match value {
            SettingValue::Flag(v) => self.u8(0).flag("", v),
            SettingValue::Tunable(v) => self.u8(1).value(v),
            SettingValue::Feature(on) => self.u8(2).bool(*on),
        }
    }
}

/// Variant indices are small; a preimage keeps one byte of them.
fn variant_byte(index: u32) -> u8 {
    u8::try_from(index).unwrap_or(u8::MAX)
}

/// The load key's preimage:
///
/// 1. the string `aotcompat load key v1`;
/// 2. the profile name;
/// 3. the version strategy (u8: 0 wasmtime, 1 custom, 2 none) and the
///    version string the engine writes;
/// 4. the target's architecture and operating system, as target-lexicon
///    prints them (the only parts of the triple the check compares);
/// 5. whether the runtime has GC support;
/// 6. the shared flags the rules constrain (every flag whose rule is not
///    "any value" or "ignore", and unknown flags), as a list sorted by name;
/// 7. the ISA flags that need the host (every value but `Bool(false)`), as
///    a list sorted by name;
/// 8. the compared tunables: in a profile's check order, each value as
///    [`Preimage::value`] writes it; by engine rules, the tunables not
///    ignored as a list of (name, value) sorted by name;
/// 9. the features: per field, the rows' bools in check order; as a bit
///    set, the bits the layout names as one u64; by engine rules, the
///    enabled names not ignored, as a sorted list;
/// 10. for engine rules only: the registered rules of each kind of
///     setting, sorted by name, then the four defaults.
pub fn load_key_preimage(engine: &Engine) -> Vec<u8> {
    let profile = engine.profile();
    let mut p = Preimage::default();
    p.str("aotcompat load key v1").str(profile.name);
    let strategy = match engine.version_strategy() {
        VersionStrategy::WasmtimeVersion => 0,
        VersionStrategy::Custom(_) => 1,
        VersionStrategy::None => 2,
    };
    p.u8(strategy).str(engine.version_string());
    let triple = engine.triple();
    p.str(&triple.architecture.to_string())
        .str(&triple.operating_system.to_string());
    p.bool(engine.gc_support());

    let md = engine.metadata();
    let rules = engine.rules();
    let mut shared: Vec<_> = md
        .shared_flags
        .iter()
        .filter(|(name, _)| match profile.shared_flags {
            Judged::Table(SharedFlagRules::PerFlag(t)) => t.rule(name) != Some(SharedRule::Any),
            // Every flag must equal the host's.
            Judged::Table(SharedFlagRules::EqualToHost(_)) => true,
            Judged::ByEngine => *rules.get(Setting::SharedFlag, name) != Rule::Ignore,
        })
        .collect();
    shared.sort_by(|a, b| a.0.cmp(&b.0));
    p.len(shared.len());
    for (name, value) in shared {
        p.flag(name, value);
    }
    let mut isa: Vec<_> = md
        .isa_flags
        .iter()
        .filter(|(_, v)| *v != FlagValue::Bool(false))
        .collect();
    isa.sort_by(|a, b| a.0.cmp(&b.0));
    p.len(isa.len());
    for (name, value) in isa {
        p.flag(name, value);
    }

    match profile.tunables {
        Judged::Table(checks) => {
            for check in checks {
                let (TunableCheck::Collector { field, .. }
                | TunableCheck::Int { field, .. }
                | TunableCheck::Bool { field, .. }
                | TunableCheck::Cost { field, .. }
                | TunableCheck::Choice { field, .. }) = *check;
                if let Some(value) = md.tunable(field) {
                    p.value(value);
                }
            }
        }
        Judged::ByEngine => {
            let mut tunables: Vec<_> = md
                .tunables()
                .filter(|(name, _)| *rules.get(Setting::Tunable, name) != Rule::Ignore)
                .collect();
            tunables.sort_by(|a, b| a.0.cmp(b.0));
            p.len(tunables.len());
            for (name, value) in tunables {
                p.str(name).value(value);
            }
        }
    }
    match profile.features {
        Judged::Table(FeatureRules::PerField(rows)) => {
            for row in rows.iter() {
                p.bool(md.feature(row.name).unwrap_or(false));
            }
        }
        Judged::Table(FeatureRules::Subset { .. } | FeatureRules::ExactXor { .. }) => {
            let known = match md.layout().features {
                FeatureForm::Bits(table) => table.all(),
                _ => 0,
            };
            p.u64(md.feature_bits().unwrap_or(0) & known);
        }
        Judged::ByEngine => {
            let mut names: Vec<&str> = md
                .features()
                .into_iter()
                .filter(|(name, on)| *on && *rules.get(Setting::Feature, name) != Rule::Ignore)
                .map(|(name, _)| name)
                .collect();
            names.sort_unstable();
            p.len(names.len());
            for name in names {
                p.str(name);
            }
            for setting in Setting::ALL {
                let registered: Vec<_> = rules.registered(setting).collect();
                p.len(registered.len());
                for (name, rule) in registered {
                    p.str(name).rule(rule);
                }
            }
            for setting in Setting::ALL {
                p.rule(rules.get(setting, "\u{0}unregistered"));
            }
        }
    }
    p.0
}

/// The identity key's preimage: the string `aotcompat identity key v1`, the
/// profile name, then the engine section the engine writes (framing byte,
/// version length and string, encoded metadata; for a pre-3.0 profile its
/// trailer: `\0wasmtime-aot`, version length and string, encoded
/// metadata) as a length-prefixed string of bytes.
pub fn identity_key_preimage(engine: &Engine) -> Vec<u8> {
    let payload = engine
        .metadata()
        .encode()
        .expect("an engine's metadata fits its layout");
    let section = engine
        .profile()
        .container
        .frame(engine.version_string().as_bytes(), &payload)
        .expect("an engine's version string fits the section");
    let mut p = Preimage::default();
    p.str("aotcompat identity key v1")
        .str(engine.profile().name)
        .bytes(&section);
    p.0
}
