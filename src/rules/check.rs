use super::report::{Category, Mismatch, Report};
use super::wasmtime31::{
    FeatureRule, IsaRule, SharedRule, TunableRule, FEATURES, FLAG_CONTEXT, GC_CARGO_FEATURE,
    ISA_FLAGS, SHARED_FLAGS, TUNABLES,
};
use crate::format::{self, EngineSection, FormatError, Marks, ELFOSABI_WASMTIME};
use crate::layout;
use crate::model::{Engine, FlagValue, Kind, Metadata, TunableValue, VersionStrategy};
use object::ReadRef;
use std::ops::ControlFlow;
use std::path::Path;
use std::str::FromStr;
use target_lexicon::{OperatingSystem, Triple};

/// How far a check goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Stop at the first failure, exactly as wasmtime does.
    #[default]
    Parity,
    /// Go on through the decoded metadata and report every mismatch.
    All,
}

/// Checks whether `engine` can load `bytes` as an artifact of `kind`.
///
/// Costs O(sections), not O(size): only the ELF header, the section table
/// and the engine section are read.
pub fn check(engine: &Engine, bytes: &[u8], kind: Kind, mode: Mode) -> Report {
    let mut sink = Sink::new(mode);
    let _ = check_elf(engine, bytes, kind, &mut sink);
    sink.finish()
}

/// [`check`] for a file, reading only its headers, section table and engine
/// section. The file is never mapped, so a file truncated under us gives an
/// error, not SIGBUS. Only failing to open the file is an I/O error; what is
/// wrong inside it is part of the report.
pub fn check_file(engine: &Engine, path: &Path, kind: Kind, mode: Mode) -> std::io::Result<Report> {
    let cache = object::ReadCache::new(std::fs::File::open(path)?);
    let mut sink = Sink::new(mode);
    let _ = check_elf(engine, &cache, kind, &mut sink);
    Ok(sink.finish())
}

/// Collects mismatches and says whether to go on.
pub(crate) struct Sink {
    pub(crate) mode: Mode,
    pub(crate) report: Report,
}

impl Sink {
    /// An empty sink for a check in `mode`.
    pub(crate) fn new(mode: Mode) -> Sink {
        Sink {
            mode,
            report: Report::default(),
        }
    }

    /// The report collected so far.
    pub(crate) fn finish(self) -> Report {
        self.report
    }

    /// Records a mismatch; breaks in parity mode.
    pub(crate) fn push(
        &mut self,
        category: Category,
        field: impl Into<String>,
        artifact: impl Into<String>,
        host: impl Into<String>,
        message: String,
    ) -> ControlFlow<()> {
        self.report.mismatches.push(Mismatch {
            category,
            field: field.into(),
            artifact: artifact.into(),
            host: host.into(),
            message,
        });
        match self.mode {
            Mode::Parity => ControlFlow::Break(()),
            Mode::All => ControlFlow::Continue(()),
        }
    }

    /// Records a mismatch after which nothing more can be read.
    pub(crate) fn fatal(
        &mut self,
        category: Category,
        field: &str,
        message: String,
    ) -> ControlFlow<()> {
        let _ = self.push(category, field, "", "", message);
        ControlFlow::Break(())
    }
}

fn check_elf<'data, R: ReadRef<'data>>(
    engine: &Engine,
    data: R,
    kind: Kind,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let section = open_engine_section(data, kind, format::ENGINE_SECTION, sink)?;
    let version_ok = check_version(engine, section.version, sink)?;
    let metadata = match layout::decode(engine.profile(), section.payload) {
        Ok(m) => m,
        // After a version mismatch the layout is expected not to fit; the
        // version is the whole story then.
        Err(_) if !version_ok => return ControlFlow::Break(()),
        Err(e) => return sink.fatal(Category::Decode, "metadata", e.to_string()),
    };
    check_metadata(engine, &metadata, sink)
}

/// The steps every profile takes before its metadata: parse the ELF file,
/// judge its marks for `kind`, then find and frame the engine section
/// called `section`. Each failure ends the check, in wasmtime's words.
pub(crate) fn open_engine_section<'data, R: ReadRef<'data>>(
    data: R,
    kind: Kind,
    section: &str,
    sink: &mut Sink,
) -> ControlFlow<(), EngineSection<'data>> {
    let elf = match format::parse_elf(data) {
        Ok(elf) => elf,
        Err(e) => {
            let _ = sink.fatal(Category::Container, "elf", e.to_string());
            return ControlFlow::Break(());
        }
    };
    check_marks(format::marks(&elf), kind, sink)?;
    let framed = format::section_data(&elf, section).and_then(|data| {
        let data = data.ok_or_else(|| FormatError::NoSection(section.to_string()))?;
        EngineSection::parse(data)
    });
    match framed {
        Ok(framed) => ControlFlow::Continue(framed),
        Err(e) => {
            let _ = sink.fatal(Category::Container, section, e.to_string());
            ControlFlow::Break(())
        }
    }
}

/// wasmtime-31 loads only files whose OS ABI, ABI version and `e_flags`
/// are exactly those of the expected kind.
fn check_marks(m: Marks, kind: Kind, sink: &mut Sink) -> ControlFlow<()> {
    let expected = match kind {
        Kind::Module => format::EF_WASMTIME_MODULE,
        Kind::Component => format::EF_WASMTIME_COMPONENT,
    };
    let (field, found, wanted) = if m.os_abi != ELFOSABI_WASMTIME {
        ("os_abi", u32::from(m.os_abi), u32::from(ELFOSABI_WASMTIME))
    } else if m.abi_version != 0 {
        ("abi_version", u32::from(m.abi_version), 0)
    } else if m.e_flags != expected {
        ("e_flags", m.e_flags, expected)
    } else {
        return ControlFlow::Continue(());
    };
    let _ = sink.push(
        Category::Container,
        field,
        found.to_string(),
        wanted.to_string(),
        "incompatible object file format".into(),
    );
    ControlFlow::Break(())
}

/// Returns whether the version matched; a version that is not UTF-8 ends
/// the check, as it does in wasmtime.
fn check_version(engine: &Engine, version: &[u8], sink: &mut Sink) -> ControlFlow<(), bool> {
    let (expected, wording) = match engine.version_strategy() {
        VersionStrategy::None => return ControlFlow::Continue(true),
        VersionStrategy::WasmtimeVersion => {
            (engine.profile().wasmtime_version(), "Wasmtime version")
        }
        VersionStrategy::Custom(v) => (v.as_str(), "version"),
    };
    check_version_text(expected, wording, version, sink)
}

/// Compares an artifact's raw version string with `expected`; `wording`
/// names the strategy in the message ("Wasmtime version" or "version").
pub(crate) fn check_version_text(
    expected: &str,
    wording: &str,
    version: &[u8],
    sink: &mut Sink,
) -> ControlFlow<(), bool> {
    let text = match std::str::from_utf8(version) {
        Ok(text) => text,
        Err(e) => {
            let lossy = String::from_utf8_lossy(version);
            let _ = sink.push(Category::Version, "version", lossy, expected, e.to_string());
            return ControlFlow::Break(());
        }
    };
    if text == expected {
        return ControlFlow::Continue(true);
    }
    let message = format!("Module was compiled with incompatible {wording} '{text}'");
    sink.push(Category::Version, "version", text, expected, message)?;
    ControlFlow::Continue(false)
}

fn check_metadata(engine: &Engine, md: &Metadata, sink: &mut Sink) -> ControlFlow<()> {
    check_triple(engine, md, sink)?;
    for (name, value) in &md.shared_flags {
        check_shared_flag(engine, name, value, sink)?;
    }
    for (name, value) in &md.isa_flags {
        check_isa_flag(engine, name, value, sink)?;
    }
    check_tunables(engine, md, sink)?;
    check_features(engine, md, sink)
}

/// Only architecture and operating system are compared, as in wasmtime.
fn check_triple(engine: &Engine, md: &Metadata, sink: &mut Sink) -> ControlFlow<()> {
    check_target(engine.triple(), &md.target, sink)
}

/// Compares an artifact's target triple (text) with the host's, by
/// architecture and operating system, with wasmtime's words.
pub(crate) fn check_target(host: &Triple, target: &str, sink: &mut Sink) -> ControlFlow<()> {
    let triple = match Triple::from_str(target) {
        Ok(t) => t,
        Err(e) => {
            return sink.push(
                Category::Triple,
                "target",
                target,
                host.to_string(),
                e.to_string(),
            )
        }
    };
    if triple.architecture != host.architecture {
        let arch = triple.architecture.to_string();
        let message = format!("Module was compiled for architecture '{arch}'");
        sink.push(
            Category::Triple,
            "architecture",
            arch,
            host.architecture.to_string(),
            message,
        )?;
    }
    if triple.operating_system != host.operating_system {
        let os = triple.operating_system.to_string();
        let message = format!("Module was compiled for operating system '{os}'");
        sink.push(
            Category::Triple,
            "operating_system",
            os,
            host.operating_system.to_string(),
            message,
        )?;
    }
    ControlFlow::Continue(())
}

fn check_shared_flag(
    engine: &Engine,
    name: &str,
    value: &FlagValue,
    sink: &mut Sink,
) -> ControlFlow<()> {
    match judge_shared_flag(engine, name, value) {
        Ok(()) => ControlFlow::Continue(()),
        Err(Judgement { host, cause }) => {
            let message = format!("{FLAG_CONTEXT}: {cause}");
            sink.push(
                Category::SharedFlag,
                name,
                format!("{value:?}"),
                host,
                message,
            )
        }
    }
}

fn check_isa_flag(
    engine: &Engine,
    name: &str,
    value: &FlagValue,
    sink: &mut Sink,
) -> ControlFlow<()> {
    match judge_isa_flag(engine, name, value) {
        Ok(()) => ControlFlow::Continue(()),
        Err(Judgement { host, cause }) => {
            let message = format!("{FLAG_CONTEXT}: {cause}");
            sink.push(Category::IsaFlag, name, format!("{value:?}"), host, message)
        }
    }
}

/// Why a flag value is refused: what the host has or needs, and
/// wasmtime's words (without the outer context, which differs between the
/// load check and the native host check).
pub(super) struct Judgement {
    pub(super) host: String,
    pub(super) cause: String,
}

fn refuse(host: impl Into<String>, cause: String) -> Result<(), Judgement> {
    Err(Judgement {
        host: host.into(),
        cause,
    })
}

/// Judges one shared flag by the profile's table, against `engine` as host.
pub(super) fn judge_shared_flag(
    engine: &Engine,
    name: &str,
    value: &FlagValue,
) -> Result<(), Judgement> {
    let Some((_, rule)) = SHARED_FLAGS.iter().find(|(n, _)| *n == name) else {
        return refuse(
            "",
            format!("unknown shared setting {name:?} configured to {value:?}"),
        );
    };
    let required = match *rule {
        SharedRule::Bool(b) => FlagValue::Bool(b),
        SharedRule::Enum(e) => FlagValue::Enum(e.to_string()),
        SharedRule::TrueIfReferenceTypes if engine.metadata().features.reference_types => {
            FlagValue::Bool(true)
        }
        SharedRule::TrueIfWindows
            if engine.triple().operating_system == OperatingSystem::Windows =>
        {
            FlagValue::Bool(true)
        }
        SharedRule::TrueIfReferenceTypes | SharedRule::TrueIfWindows | SharedRule::Any => {
            return Ok(())
        }
    };
    if *value == required {
        return Ok(());
    }
    refuse(
        format!("{required:?}"),
        format!("setting {name:?} is configured to {value:?} which is not supported"),
    )
}

/// Judges one ISA flag by the profile's table and the engine's probe.
pub(super) fn judge_isa_flag(
    engine: &Engine,
    name: &str,
    value: &FlagValue,
) -> Result<(), Judgement> {
    match value {
        FlagValue::Bool(false) => return Ok(()),
        FlagValue::Bool(true) => {}
        FlagValue::Enum(width) if width == "pointer32" || width == "pointer64" => {
            let bits = if width == "pointer32" { 32 } else { 64 };
            return match engine.host_pointer_bits() {
                Some(b) if b == bits => Ok(()),
                host => refuse(
                    host.map(|b| format!("pointer{b}")).unwrap_or_default(),
                    "wrong host pointer width".into(),
                ),
            };
        }
        _ => {
            return refuse(
                "",
                format!("isa-specific feature {name:?} configured to unknown value {value:?}"),
            )
        }
    }
    let feature = match ISA_FLAGS.iter().find(|(n, _)| *n == name).map(|(_, r)| *r) {
        Some(IsaRule::Always) => return Ok(()),
        Some(IsaRule::BigEndianHost) if engine.host_big_endian() => return Ok(()),
        Some(IsaRule::BigEndianHost) => {
            return refuse("little-endian", "wrong host endianness".into())
        }
        Some(IsaRule::Probe(feature)) => feature,
        None if engine.host_is_riscv64() && name != "not_a_flag" => return Ok(()),
        None => {
            return refuse(
                "",
                format!("don't know how to test for target-specific flag {name:?} at runtime"),
            )
        }
    };
    match engine.probe().detect(feature) {
        Some(Some(true)) => Ok(()),
        Some(Some(false)) => refuse(
            format!("{feature}: no"),
            format!("compilation setting {name:?} is enabled, but not available on the host"),
        ),
        Some(None) => refuse(
            format!("{feature}: unknown"),
            format!("failed to detect if target-specific flag {name:?} is available at runtime"),
        ),
        None => refuse(
            format!("{feature}: no probe"),
            format!(
                "cannot determine if host feature {feature:?} is available at runtime, \
                 configure a probing function with `Config::detect_host_feature`"
            ),
        ),
    }
}

fn check_tunables(engine: &Engine, md: &Metadata, sink: &mut Sink) -> ControlFlow<()> {
    let host = &engine.metadata().tunables;
    for (name, rule) in TUNABLES {
        let (Some(found), Some(expected)) = (md.tunables.get(name), host.get(name)) else {
            unreachable!("rule table names a tunable the model lacks: {name}");
        };
        if found == expected {
            continue;
        }
        let message = match (*rule, &found, &expected) {
            (TunableRule::Collector, TunableValue::Collector(m), TunableValue::Collector(h)) => match (m, h) {
                (None, _) => "module was compiled without GC but GC is enabled in the host".to_string(),
                (Some(_), None) => "module was compiled with GC however GC is disabled in the host".to_string(),
                (Some(m), Some(h)) => format!(
                    "module was compiled for the {m} collector but the host is configured to use the {h} collector"
                ),
            },
            (TunableRule::Int(words), _, _) => {
                format!("Module was compiled with a {words} of '{found}' but '{expected}' is expected for the host")
            }
            (TunableRule::Bool(words), TunableValue::Bool(f), TunableValue::Bool(e)) => bool_message(*f, *e, words),
            _ => unreachable!("rule table and model disagree on the type of tunable {name}"),
        };
        sink.push(
            Category::Tunable,
            *name,
            found.to_string(),
            expected.to_string(),
            message,
        )?;
    }
    ControlFlow::Continue(())
}

fn check_features(engine: &Engine, md: &Metadata, sink: &mut Sink) -> ControlFlow<()> {
    let host = &engine.metadata().features;
    for (name, words, rule) in FEATURES {
        let (Some(found), Some(expected)) = (md.features.get(name), host.get(name)) else {
            unreachable!("rule table names a feature the model lacks: {name}");
        };
        let message = match rule {
            FeatureRule::NeedsGcSupport if !engine.gc_support() => {
                if !found {
                    continue;
                }
                format!(
                    "Module was compiled with {words} but support in the host was disabled at compile \
                     time because the `{GC_CARGO_FEATURE}` Cargo feature was not enabled"
                )
            }
            _ if found == expected => continue,
            _ => bool_message(found, expected, words),
        };
        sink.push(
            Category::Feature,
            *name,
            found.to_string(),
            expected.to_string(),
            message,
        )?;
    }
    ControlFlow::Continue(())
}

fn bool_message(found: bool, expected: bool, words: &str) -> String {
    format!(
        "Module was compiled {} {words} but it {} enabled for the host",
        if found { "with" } else { "without" },
        if expected { "is" } else { "is not" }
    )
}
