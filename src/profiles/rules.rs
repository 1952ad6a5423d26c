//! The kinds of rule a profile's tables are made of.
//!
//! Each type here is a closed set of rule kinds; a table is a list of rows
//! built from them, and `crate::rules` interprets each kind the one way
//! wasmtime does. Messages that changed between releases are data in the
//! tables (templates with `{name}` placeholders, see [`fill`]); the ones
//! that never changed (the int and bool sentence shapes) live with the
//! check.

pub use crate::format::{
    Alignment, DetectRule, ElfRules, EmptySections, EndianRule, ObjectRelease, Placement,
    PulleyMarks, Scope, SectionPick, TrailerPlace, TrailerRule, WriteRule,
};

/// A flag value as a table spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagConst {
    /// `Enum("...")`.
    Enum(&'static str),
    /// `Num(n)`.
    Num(u8),
    /// `Bool(b)`.
    Bool(bool),
}

/// How a shared (target-independent) compiler setting is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharedRule {
    /// Must be exactly this value.
    Require(FlagConst),
    /// Any value is fine.
    Any,
    /// Must be this value when the host engine enables WebAssembly feature
    /// `feature`; any value otherwise.
    RequireIfHostFeature {
        /// The host feature, by the layout's name.
        feature: &'static str,
        /// The value it then requires.
        value: FlagConst,
    },
    /// Must be this value when the host's operating system is Windows; any
    /// value otherwise.
    RequireOnWindows(FlagConst),
    /// Must be `Bool(true)` when the target's architecture has a stack
    /// probe (x86_64, aarch64, riscv64), `Bool(false)` otherwise (wasmtime
    /// 4 to 26).
    RequireProbestackSupport,
    /// When the host enables stack switching, must be the model of the
    /// host's operating system (`update_windows_tib` on Windows, `basic` on
    /// Linux and macOS); other systems cannot switch stacks at all.
    StackSwitchModel {
        /// The host feature that turns the rule on.
        feature: &'static str,
    },
}

/// How a release judges shared flags.
#[derive(Clone, Copy, Debug)]
pub enum SharedFlagRules {
    /// Each flag of the artifact by its row in the table (wasmtime 0.36
    /// and later).
    PerFlag(&'static SharedFlagTable),
    /// Every flag equal to the host engine's own (wasmtime 0.26 to 0.35).
    EqualToHost(&'static FlagEquality),
}

/// How a release judges ISA flags.
#[derive(Clone, Copy, Debug)]
pub enum IsaFlagRules {
    /// Each flag of the artifact by its row, asking the probe (wasmtime
    /// 0.36 and later).
    PerFlag(&'static IsaFlagTable),
    /// Every flag equal to the host engine's own, an on/off flag the
    /// artifact has off passing whatever the host has (wasmtime 0.26 to
    /// 0.35: the host engine's flags stand for the CPU).
    EqualToHost(&'static FlagEquality),
}

/// Flags judged against the host engine's own (wasmtime 0.26 to 0.35's
/// `check_flags`/`check_isa_flags`): the host's flags are walked in the
/// host's order, each must be in the artifact with the same value, and
/// then any flag the artifact has beyond them fails.
#[derive(Debug, PartialEq, Eq)]
pub struct FlagEquality {
    /// The order the host's flags are walked in.
    pub order: HostOrder,
    /// How two on/off values compare.
    pub bools: BoolEquality,
    /// The messages.
    pub messages: &'static EqualityMessages,
}

/// The order a host engine walks its own flags in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostOrder {
    /// Cranelift's descriptor order (`Flags::iter`, wasmtime 0.26 to
    /// 0.29): the names listed here first, in this order, then any other
    /// name the host has, by name.
    Listed(&'static [&'static str]),
    /// By name (a `BTreeMap`, wasmtime 0.30 to 0.35).
    ByName,
}

/// How two on/off flag values compare under [`FlagEquality`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolEquality {
    /// They must be equal.
    Equal,
    /// Only an artifact that has it on where the host has it off fails
    /// (ISA flags: a CPU feature the artifact does not use is fine).
    OnNeedsHost,
}

/// The messages of [`FlagEquality`]. Placeholders: `{flag}` the name,
/// `{artifact}` and `{host}` the values as bare text.
#[derive(Debug, PartialEq, Eq)]
pub struct EqualityMessages {
    /// The host has the flag, the artifact does not.
    pub missing: &'static str,
    /// The values differ.
    pub different: &'static str,
    /// The artifact has a flag the host does not.
    pub extra: &'static str,
    /// Under [`BoolEquality::OnNeedsHost`]: on in the artifact, off in the
    /// host.
    pub unsupported: &'static str,
}

/// A shared-flag table: every name wasmtime knows, in any order; every
/// other name is refused.
#[derive(Debug)]
pub struct SharedFlagTable {
    /// The known flags and their rules, in groups.
    pub groups: &'static [&'static [(&'static str, SharedRule)]],
    /// Template for a flag the table does not know (`{flag:?}`,
    /// `{value}`).
    pub unknown: &'static str,
    /// Template for a value the rule refuses (`{flag:?}`, `{value}`).
    pub unsupported: &'static str,
    /// Message when stack switching is on for a system without a model.
    pub no_stack_switching: &'static str,
}

impl SharedFlagTable {
    /// The rule for `name`, if the table knows it.
    pub fn rule(&self, name: &str) -> Option<SharedRule> {
        lookup(self.groups, name)
    }
}

fn lookup<R: Copy>(groups: &[&[(&str, R)]], name: &str) -> Option<R> {
    for group in groups {
        for (n, rule) in group.iter() {
            if *n == name {
                return Some(*rule);
            }
        }
    }
    None
}

/// How an ISA (CPU feature) setting that is on is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsaRule {
    /// The host must have this CPU feature (a Rust std probe name).
    Probe(&'static str),
    /// Always fine (the instructions are no-ops where unsupported, or the
    /// setting has no effect on its own).
    Always,
    /// Fine only on a big-endian host.
    BigEndianHost,
}

/// An ISA-flag table.
#[derive(Debug)]
pub struct IsaFlagTable {
    /// The flags wasmtime knows how to test on any host, in groups
    /// (wasmtime 21 and later).
    pub groups: &'static [&'static [(&'static str, IsaRule)]],
    /// The flags wasmtime knows how to test only on a host of one
    /// architecture (target-lexicon's name: `x86_64`, `aarch64`, `s390x`):
    /// wasmtime 3 to 20 tested the running CPU with the detection macros
    /// of its own architecture, so another architecture's flags could not
    /// be tested at all.
    pub by_host_arch: &'static [(&'static str, &'static [(&'static str, IsaRule)])],
    /// Whether a riscv64 host accepts every unknown name but `not_a_flag`
    /// (wasmtime cannot detect riscv64 features at all).
    pub riscv64_accepts_unknown: bool,
    /// Whether Pulley's `Enum("pointer32")` and `Enum("pointer64")` are
    /// judged against the host's pointer width (wasmtime 28 and later);
    /// before, like any other non-bool value, they were refused.
    pub pointer_width_values: bool,
    /// The messages.
    pub messages: &'static IsaMessages,
}

impl IsaFlagTable {
    /// The rule for `name` on a host whose architecture target-lexicon
    /// names `host_arch`, if the table knows it.
    pub fn rule(&self, name: &str, host_arch: &str) -> Option<IsaRule> {
        lookup(self.groups, name).or_else(|| {
            let (_, rows) = self.by_host_arch.iter().find(|(a, _)| *a == host_arch)?;
            lookup(&[rows], name)
        })
    }
}

/// The ISA-flag messages of a release range. Placeholders: `{flag:?}` the
/// setting's name, `{feature:?}` the probe name, `{value}` the value.
#[derive(Debug)]
pub struct IsaMessages {
    /// The probe says no.
    pub unavailable: &'static str,
    /// The probe cannot tell.
    pub undetectable: &'static str,
    /// There is no probe at all.
    pub no_probe: &'static str,
    /// The table does not know the name.
    pub unknown_flag: &'static str,
    /// A value that is neither a bool nor a Pulley pointer width.
    pub unknown_value: &'static str,
    /// A Pulley pointer width that is not the host's.
    pub pointer_width: &'static str,
    /// `big_endian` on a little-endian host.
    pub endianness: &'static str,
}

/// One row of a tunables check list, in check order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TunableCheck {
    /// The collector (an optional enum), compared by [`CollectorRule`].
    Collector {
        /// The tunable's name.
        field: &'static str,
        /// How absence and difference are judged and worded.
        rule: &'static CollectorRule,
    },
    /// Must be equal: "Module was compiled with a {words} of '..' but '..'
    /// is expected for the host".
    Int {
        /// The tunable's name.
        field: &'static str,
        /// What the message calls it.
        words: &'static str,
    },
    /// Must be equal: "Module was compiled with/without {words} but it
    /// is/is not enabled for the host".
    Bool {
        /// The tunable's name.
        field: &'static str,
        /// What the message calls it.
        words: &'static str,
    },
    /// When `fuel` is on in the artifact, `field` must be equal as a whole.
    Cost {
        /// The bool tunable that turns the comparison on.
        fuel: &'static str,
        /// The compared tunable.
        field: &'static str,
        /// The message.
        message: &'static str,
    },
    /// A unit enum that must be equal: "module was compiled {artifact's
    /// words} however the host is configured {host's words}", with one
    /// phrase per variant, in variant order.
    Choice {
        /// The tunable's name.
        field: &'static str,
        /// The phrase of each variant.
        words: &'static [&'static str],
    },
}

impl TunableCheck {
    /// The tunable the row checks.
    pub fn field(&self) -> &'static str {
        match *self {
            TunableCheck::Collector { field, .. }
            | TunableCheck::Int { field, .. }
            | TunableCheck::Bool { field, .. }
            | TunableCheck::Cost { field, .. }
            | TunableCheck::Choice { field, .. } => field,
        }
    }
}

/// How the collector tunable is compared.
#[derive(Debug, PartialEq, Eq)]
pub struct CollectorRule {
    /// What each collector variant is called in messages, in variant order.
    pub names: &'static [&'static str],
    /// Whether an artifact compiled without GC loads on any host
    /// (wasmtime 37 and later); before, it had to match.
    pub without_gc_loads_anywhere: bool,
    /// Artifact without GC, host with it (when that is refused).
    pub without_gc: &'static str,
    /// Artifact with GC, host without it.
    pub gc_disabled: &'static str,
    /// Different collectors (`{artifact}`, `{host}`).
    pub different: &'static str,
}

/// One row of a per-field features check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureRow {
    /// The feature's name in the layout.
    pub name: &'static str,
    /// What the message calls it.
    pub words: &'static str,
    /// Whether the check depends on the runtime's GC support (wasmtime's
    /// `gc` Cargo feature): without it, an artifact that uses the feature
    /// is refused whatever the host's features say.
    pub needs_gc_support: bool,
}

/// How the features are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeatureRules {
    /// Each row in order must be equal (wasmtime 3 to 32).
    PerField(&'static [FeatureRow]),
    /// Every feature the artifact has must be on in the host; checked on
    /// the bits the host's table knows, named as bitflags' `iter_names`
    /// names them, each with the bool sentence and these words
    /// (`{name}` is the lower-case flag name).
    Subset {
        /// The words for one feature.
        words: &'static str,
    },
    /// Every feature whose bits differ must be equal; checked on the bits
    /// the host's table knows, named as `iter_names` names the difference
    /// of the two sets, each with the bool sentence and these words
    /// (wasmtime 33 to 36).
    ExactXor {
        /// The words for one feature.
        words: &'static str,
        /// Flags whose check depends on the runtime's GC support, as
        /// [`FeatureRow::needs_gc_support`].
        needs_gc_support: &'static [&'static str],
    },
}

/// Where a release keeps the metadata in its artifacts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framing {
    /// In the ELF section [`ContainerRule::section`], framed as an engine
    /// section (wasmtime 3 and later, and the generic profile).
    EngineSection,
    /// In a `\0wasmtime-aot` trailer (wasmtime 0.26 to 2.x); the ELF
    /// fields of the rule do not apply, and aotcompat reads such artifacts
    /// but does not write them.
    Trailer(&'static TrailerRule),
}

/// How the ELF container is read and its marks judged.
#[derive(Debug, PartialEq, Eq)]
pub struct ContainerRule {
    /// Where the metadata is.
    pub framing: Framing,
    /// The section holding the engine description (empty for a trailer).
    pub section: &'static str,
    /// How much of the ELF file is parsed before anything is judged.
    pub reader: ElfReader,
    /// Whether `e_ident[EI_OSABI]` and `e_ident[EI_ABIVERSION]` must be
    /// wasmtime's (200 and 0).
    pub os_abi_checked: bool,
    /// How `e_flags` must hold the expected kind.
    pub e_flags: EFlagsRule,
    /// Which section wins when several have the engine section's name.
    pub pick: SectionPick,
    /// How `Engine::detect_precompiled` tells the kind.
    pub detect: DetectRule,
    /// Which byte orders the release's ELF parse accepts.
    pub endian: EndianRule,
    /// Whether the release's `object` demands aligned tables (built
    /// without its `unaligned` feature).
    pub alignment: Alignment,
    /// The reading quirks of the release's `object`.
    pub object: ObjectRelease,
}

impl ContainerRule {
    /// Frames `version` and an encoded `payload` as this container keeps
    /// them: an engine section's data, or a pre-3.0 trailer.
    pub fn frame(&self, version: &[u8], payload: &[u8]) -> anyhow::Result<Vec<u8>> {
        match self.framing {
            Framing::EngineSection => crate::format::EngineSection::encode(version, payload),
            Framing::Trailer(_) => crate::format::Trailer::encode(version, payload),
        }
    }

    /// The trailer rule of a pre-3.0 container.
    pub fn trailer(&self) -> Option<&'static TrailerRule> {
        match self.framing {
            Framing::Trailer(rule) => Some(rule),
            Framing::EngineSection => None,
        }
    }

    /// The bounded reader's parameters for a load check.
    pub fn elf_rules(&self) -> ElfRules {
        ElfRules {
            scope: match self.reader {
                ElfReader::AnyObject => Scope::AnyObject,
                ElfReader::WholeFile => Scope::WholeFile,
                ElfReader::HeadersFirst => Scope::HeadersFirst,
            },
            endian: self.endian,
            alignment: self.alignment,
            object: self.object,
            native_big_endian: cfg!(target_endian = "big"),
        }
    }

    /// The reader's parameters for `Engine::detect_precompiled`, which
    /// parses the whole file (as `object::File` where the release's load
    /// check does).
    pub fn detect_rules(&self) -> ElfRules {
        let scope = match self.reader {
            ElfReader::AnyObject => Scope::AnyObject,
            ElfReader::WholeFile | ElfReader::HeadersFirst => Scope::WholeFile,
        };
        self.elf_rules().with_scope(scope)
    }
}

/// How much of the file is parsed, which decides the error texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElfReader {
    /// `object`'s parse of any object file it knows (with only its ELF
    /// reader built in: ELF32 or ELF64, either byte order), then the marks
    /// (wasmtime 3 to 21).
    AnyObject,
    /// `object`'s whole-file ELF64 parse (headers, sections and symbol
    /// table; the byte orders as [`ContainerRule::endian`] says), then the
    /// marks (wasmtime 22 to 42).
    WholeFile,
    /// The file header and marks first, then the section headers and
    /// their names, each failure with its own context (wasmtime 43 and
    /// later).
    HeadersFirst,
}

/// How `e_flags` is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EFlagsRule {
    /// Exactly the kind's value (wasmtime 3 to 31).
    Exact,
    /// Containing the kind's bits, other bits allowed (wasmtime 32 and
    /// later, which add the Pulley bits).
    ContainsKind,
}

/// Whether a default engine sets an ISA flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsaDefault {
    /// On when the probe says the machine has this feature.
    Probe(&'static str),
    /// Always off by default.
    Off,
}

/// Which version strategies a release offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionStrategies {
    /// Its own version only, always checked (wasmtime 0.26 and 0.27).
    OwnOnly,
    /// Its own version, or none checked
    /// (`Config::deserialize_check_wasmtime_version(false)`, wasmtime 0.28
    /// and 0.29).
    OwnOrUnchecked,
    /// Its own version, a custom string, or none (`ModuleVersionStrategy`,
    /// wasmtime 0.30 and later).
    All,
}

/// How the version string is written and judged.
#[derive(Debug, PartialEq, Eq)]
pub struct VersionRule {
    /// What the profile's own engine writes under the default strategy:
    /// the full version up to wasmtime 37 (the newest patch release of the
    /// major), the major alone from 38; empty for a profile without a
    /// wasmtime version.
    pub own: &'static str,
    /// Whether every patch release writes its own string (wasmtime 0.26
    /// to 37): then any `<major>.<minor>.<patch>` of the profile's line
    /// (its major, or for a `0.y` release its `0.y`, as semver counts
    /// lines) is this profile's, and an engine's own patch version is one
    /// of its settings.
    pub per_patch: bool,
    /// Template when the default strategy's string differs (`{version}`).
    pub default_mismatch: &'static str,
    /// Template when a custom string differs (`{version}`).
    pub custom_mismatch: &'static str,
    /// The strategies an engine may use.
    pub strategies: VersionStrategies,
}

/// How a release writes artifacts: its container, and the sections its
/// engine writes beside the engine section.
#[derive(Debug, PartialEq, Eq)]
pub struct WriterRule {
    /// Where the engine's own sections go, and how the header is marked.
    pub layout: WriteRule,
    /// The branch-protection section, for releases that write one.
    pub bti: Option<BtiRule>,
}

/// A one-byte section saying whether the compiled code uses branch
/// target identification (wasmtime's `.wasmtime.bti`).
#[derive(Debug, PartialEq, Eq)]
pub struct BtiRule {
    /// The section's name.
    pub section: &'static str,
    /// The only architecture (target-lexicon's family name) whose code can
    /// use it.
    pub architecture: &'static str,
    /// The ISA flag that turns it on: the byte is 1 when the flag is
    /// `Bool(true)` on that architecture, else 0.
    pub flag: &'static str,
}

/// Substitutes `{key}` (the text as is) and `{key:?}` (the text quoted as
/// Rust's `Debug` quotes a string) in `template`.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let (key, debug) = match after[..close].strip_suffix(":?") {
            Some(key) => (key, true),
            None => (&after[..close], false),
        };
        match args.iter().find(|(k, _)| *k == key) {
            Some((_, value)) if debug => out.push_str(&format!("{value:?}")),
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_substitutes_plain_and_debug() {
        assert_eq!(
            fill(
                "setting {flag:?} is {value}",
                &[("flag", "a\"b"), ("value", "Bool(true)")]
            ),
            r#"setting "a\"b" is Bool(true)"#
        );
        assert_eq!(fill("keep {other} and {", &[]), "keep {other} and {");
        assert_eq!(fill("`{name}`", &[("name", "simd")]), "`simd`");
    }
}

/// What makes an artifact weaker than the host engine's own
/// compile of the same module: the rows of a profile's advice.
///
/// Advice never changes a verdict. A row speaks only where the profile's
/// check accepts the difference: a setting the check compares for equality
/// gives a mismatch instead, so the same row can serve releases that check
/// more or fewer settings.
#[derive(Debug)]
pub struct AdviceRules {
    /// Why ISA flags the host engine enables and the artifact does not
    /// matter (CPU features the artifact's code leaves unused); `None` for
    /// no ISA advice.
    pub unused_isa_flags: Option<&'static str>,
    /// Shared flags in which an artifact can be weaker.
    pub shared_flags: &'static [Weaker],
    /// Tunables in which an artifact can be weaker.
    pub tunables: &'static [Weaker],
}

/// One setting in which an artifact can be weaker than the host engine's
/// own compile, and why that matters (the end of the advice's message).
#[derive(Debug)]
pub enum Weaker {
    /// A ranked choice: weaker when the artifact's value ranks below the
    /// host engine's. Values not listed are not compared.
    Ranked {
        /// The setting's name.
        field: &'static str,
        /// Each value and its rank.
        ranks: &'static [(&'static str, u8)],
        /// What the lower rank costs.
        why: &'static str,
    },
    /// An on/off setting that helps the code: weaker when off in the
    /// artifact and on in the host engine.
    OffWhereHostOn {
        /// The setting's name.
        field: &'static str,
        /// What doing without it costs.
        why: &'static str,
    },
    /// An on/off setting that costs: weaker when on in the artifact and off
    /// in the host engine.
    OnWhereHostOff {
        /// The setting's name.
        field: &'static str,
        /// What carrying it costs.
        why: &'static str,
    },
}

impl Weaker {
    /// The setting the row is about.
    pub fn field(&self) -> &'static str {
        match *self {
            Weaker::Ranked { field, .. }
            | Weaker::OffWhereHostOn { field, .. }
            | Weaker::OnWhereHostOff { field, .. } => field,
        }
    }
}
