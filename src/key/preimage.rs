use crate::format::EngineSection;
use crate::layout;
use crate::model::{Engine, FlagValue, TunableValue, VersionStrategy};
use crate::rules::wasmtime31::{SharedRule, FEATURES, SHARED_FLAGS, TUNABLES};

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

    fn flag(&mut self, name: &str, value: &FlagValue) -> &mut Self {
        self.str(name);
        match value {
            FlagValue::Enum(s) => self.u8(0).str(s),
            FlagValue::Num(n) => self.u8(1).u8(*n),
            FlagValue::Bool(b) => self.u8(2).bool(*b),
        }
    }
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
///    "any value", and unknown flags), as a list sorted by name;
/// 7. the ISA flags that need the host (every value but `Bool(false)`), as
///    a list sorted by name;
/// 8. the compared tunables in check order: the collector as u8 (0 none,
///    1 deferred reference-counting, 2 null), integers as u64, bools;
/// 9. the features in check order, as bools.
pub fn load_key_preimage(engine: &Engine) -> Vec<u8> {
    let mut p = Preimage::default();
    p.str("aotcompat load key v1").str(engine.profile().name());
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
    let mut shared: Vec<_> = md
        .shared_flags
        .iter()
        .filter(|(name, _)| {
            !matches!(
                SHARED_FLAGS.iter().find(|(n, _)| n == name),
                Some((_, SharedRule::Any))
            )
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

    for (name, _) in TUNABLES {
        match md
            .tunables
            .get(name)
            .expect("rule table names model tunables")
        {
            TunableValue::Collector(c) => p.u8(match c {
                None => 0,
                Some(crate::model::Collector::DeferredReferenceCounting) => 1,
                Some(crate::model::Collector::Null) => 2,
            }),
            TunableValue::U64(v) => p.u64(v),
            TunableValue::Bool(v) => p.bool(v),
        };
    }
    for (name, _, _) in FEATURES {
        p.bool(
            md.features
                .get(name)
                .expect("rule table names model features"),
        );
    }
    p.0
}

/// The identity key's preimage: the string `aotcompat identity key v1`, the
/// profile name, then the engine section the engine writes (framing byte,
/// version length and string, encoded metadata) as a length-prefixed
/// string of bytes.
pub fn identity_key_preimage(engine: &Engine) -> Vec<u8> {
    let payload = layout::encode(engine.profile(), engine.metadata());
    let section = EngineSection::encode(engine.version_string().as_bytes(), &payload)
        .expect("an engine's version string fits the section");
    let mut p = Preimage::default();
    p.str("aotcompat identity key v1")
        .str(engine.profile().name())
        .bytes(&section);
    p.0
}
