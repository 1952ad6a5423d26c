//! Shared and ISA flags judged by a profile's tables.

use crate::model::{Engine, FlagValue};
use crate::profiles::{fill, FlagConst, IsaFlagTable, IsaRule, SharedFlagTable, SharedRule};
use crate::rules::{ProbeAnswer, ProbeQuery};
use target_lexicon::OperatingSystem;

/// Why a flag value is refused: what the host has or needs, and
/// wasmtime's words (without the outer context, which differs between the
/// load check and the host engine's own check).
pub(crate) struct Refusal {
    pub(crate) host: String,
    pub(crate) probe: Option<ProbeQuery>,
    pub(crate) cause: String,
}

fn refuse(host: impl Into<String>, cause: String) -> Result<(), Refusal> {
    Err(Refusal {
        host: host.into(),
        probe: None,
        cause,
    })
}

fn refuse_probed(feature: &str, answer: ProbeAnswer, cause: String) -> Result<(), Refusal> {
    Err(Refusal {
        host: String::new(),
        probe: Some(ProbeQuery {
            feature: feature.to_string(),
            answer,
        }),
        cause,
    })
}

fn matches(value: &FlagValue<'_>, wanted: FlagConst) -> bool {
    match (value, wanted) {
        (FlagValue::Enum(a), FlagConst::Enum(b)) => a == b,
        (FlagValue::Num(a), FlagConst::Num(b)) => *a == b,
        (FlagValue::Bool(a), FlagConst::Bool(b)) => *a == b,
        _ => false,
    }
}

/// The required value as the report prints values (the bare value).
fn display(value: FlagConst) -> String {
    match value {
        FlagConst::Enum(s) => FlagValue::enumerated(s).to_string(),
        FlagConst::Num(n) => FlagValue::Num(n).to_string(),
        FlagConst::Bool(b) => FlagValue::Bool(b).to_string(),
    }
}

/// What `engine` requires of the shared flag `name` by `table`: any value
/// (`None`), or one value; or why no value will do (the message still
/// needs the artifact's value, so the caller fills it in).
pub(crate) fn required_shared(
    table: &SharedFlagTable,
    engine: &Engine,
    name: &str,
) -> Result<Option<FlagConst>, SharedRefusal> {
    let Some(rule) = table.rule(name) else {
        return Err(SharedRefusal::Unknown);
    };
    let host = engine.metadata();
    let os = engine.triple().operating_system;
    let required = match rule {
        SharedRule::Any => return Ok(None),
        SharedRule::Require(v) => v,
        SharedRule::RequireIfHostFeature { feature, value } => {
            if host.feature(feature) != Some(true) {
                return Ok(None);
            }
            value
        }
        SharedRule::RequireOnWindows(v) => {
            if os != OperatingSystem::Windows {
                return Ok(None);
            }
            v
        }
        SharedRule::RequireProbestackSupport => {
            use target_lexicon::Architecture::{Aarch64, Riscv64, X86_64};
            let arch = engine.triple().architecture;
            FlagConst::Bool(matches!(arch, X86_64 | Aarch64(_) | Riscv64(_)))
        }
        SharedRule::StackSwitchModel { feature } => {
            if host.feature(feature) != Some(true) {
                return Ok(None);
            }
            match os {
                OperatingSystem::Windows => FlagConst::Enum("update_windows_tib"),
                OperatingSystem::Linux
                | OperatingSystem::MacOSX(_)
                | OperatingSystem::Darwin(_) => FlagConst::Enum("basic"),
                _ => return Err(SharedRefusal::NoStackSwitching),
            }
        }
    };
    Ok(Some(required))
}

/// Why no value of a shared flag will do.
pub(crate) enum SharedRefusal {
    /// The table does not know the flag.
    Unknown,
    /// Stack switching on an OS wasmtime has no model for.
    NoStackSwitching,
}

/// Whether `value` is what `required` asks for.
pub(crate) fn satisfies(value: &FlagValue<'_>, required: Option<FlagConst>) -> bool {
    required.is_none_or(|wanted| matches(value, wanted))
}

/// Judges one shared flag by `table`, against `engine` as host.
pub(crate) fn judge_shared(
    table: &SharedFlagTable,
    engine: &Engine,
    name: &str,
    value: &FlagValue<'_>,
) -> Result<(), Refusal> {
    // Messages quote the value as wasmtime's `Debug` prints it; format it
    // only when there is something to say.
    let say = |template: &str| {
        let value = format!("{value:?}");
        fill(template, &[("flag", name), ("value", value.as_str())])
    };
    match required_shared(table, engine, name) {
        Err(SharedRefusal::Unknown) => refuse("", say(table.unknown)),
        Err(SharedRefusal::NoStackSwitching) => refuse("", table.no_stack_switching.to_string()),
        Ok(required) if satisfies(value, required) => Ok(()),
        Ok(required) => refuse(
            required.map(display).unwrap_or_default(),
            say(table.unsupported),
        ),
    }
}

/// The name of `engine`'s architecture as ISA tables key host-specific
/// rows (`x86_64`, `aarch64`, `riscv64`).
pub(crate) fn host_arch(engine: &Engine) -> String {
    let arch = engine.triple().architecture.to_string();
    let end = arch
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(arch.len());
    arch[..end].to_string()
}

/// Whether `engine` accepts an ISA flag enabled under `rule` without
/// anything to report (the probe says yes, or the rule needs nothing).
pub(crate) fn isa_rule_accepts(engine: &Engine, rule: IsaRule) -> bool {
    match rule {
        IsaRule::Always => true,
        IsaRule::BigEndianHost => engine.host_big_endian(),
        IsaRule::Probe(feature) => engine.probe().detect(feature) == Some(Some(true)),
    }
}

/// Judges one ISA flag by `table` and the engine's probe.
pub(crate) fn judge_isa(
    table: &IsaFlagTable,
    engine: &Engine,
    name: &str,
    value: &FlagValue<'_>,
) -> Result<(), Refusal> {
    let m = table.messages;
    match value {
        FlagValue::Bool(false) => return Ok(()),
        FlagValue::Bool(true) => {}
        FlagValue::Enum(width)
            if table.pointer_width_values && (width == "pointer32" || width == "pointer64") =>
        {
            let bits = if width == "pointer32" { 32 } else { 64 };
            return match engine.host_pointer_bits() {
                Some(b) if b == bits => Ok(()),
                host => refuse(
                    host.map(|b| format!("pointer{b}")).unwrap_or_default(),
                    m.pointer_width.to_string(),
                ),
            };
        }
        _ => {
            let value = format!("{value:?}");
            let args = [("flag", name), ("value", value.as_str())];
            return refuse("", fill(m.unknown_value, &args));
        }
    }
    let feature = match table.rule(name, &host_arch(engine)) {
        Some(IsaRule::Always) => return Ok(()),
        Some(IsaRule::BigEndianHost) if engine.host_big_endian() => return Ok(()),
        Some(IsaRule::BigEndianHost) => return refuse("little-endian", m.endianness.to_string()),
        Some(IsaRule::Probe(feature)) => feature,
        None if table.riscv64_accepts_unknown
            && engine.host_is_riscv64()
            && name != "not_a_flag" =>
        {
            return Ok(())
        }
        None => return refuse("", fill(m.unknown_flag, &[("flag", name)])),
    };
    let args = [("flag", name), ("feature", feature)];
    match engine.probe().detect(feature) {
        Some(Some(true)) => Ok(()),
        Some(Some(false)) => refuse_probed(feature, ProbeAnswer::No, fill(m.unavailable, &args)),
        Some(None) => refuse_probed(feature, ProbeAnswer::Unknown, fill(m.undetectable, &args)),
        None => refuse_probed(feature, ProbeAnswer::NoProbe, fill(m.no_probe, &args)),
    }
}
