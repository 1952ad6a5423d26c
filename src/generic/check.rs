use super::engine::GenericEngine;
use super::judge::{judge, Refusal};
use super::metadata::GenericMetadata;
use super::rules::{GenericCategory, SettingValue};
use crate::format::{self, EngineSection, FormatError, GENERIC_ENGINE_SECTION};
use crate::model::{FlagValue, Kind, VersionStrategy};
use crate::rules::{
    check_target, check_version_text, open_engine_section, Category, Mode, Report, Sink,
};
use object::ReadRef;
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::path::Path;

/// Checks whether `engine` can load `bytes` as a generic artifact of
/// `kind`.
///
/// The steps, each stopping the check when it fails (in both modes) up to
/// the decoded metadata:
///
/// 1. the ELF container and its marks, exactly as for wasmtime-31
///    (`incompatible object file format` when OS ABI, ABI version or
///    `e_flags` are not those of `kind`);
/// 2. the `.aotcompat.engine` section and its framing (SPEC section 3);
/// 3. the version string, under a `Custom` strategy only ("Module was
///    compiled with incompatible version '<v>'");
/// 4. the payload ([`GenericMetadata::decode`]; postcard's own message);
/// 5. the target: architecture, then operating system, as wasmtime-31;
///
/// then, going on past mismatches in [`Mode::All`]: shared flags, ISA
/// flags, tunables and features by the engine's rules. Within each
/// category the artifact's settings come first, in the artifact's order;
/// then the host's settings the artifact lacks, in the host's order; then
/// registered names neither side has, by name (only a `Value` rule can
/// fail there). Costs O(sections + settings): the code is never read.
pub fn check(engine: &GenericEngine, bytes: &[u8], kind: Kind, mode: Mode) -> Report {
    let mut sink = Sink::new(mode);
    let _ = check_elf(engine, bytes, kind, &mut sink);
    sink.finish()
}

/// [`check`] for a file, reading only its headers, section table and engine
/// section; the file is never mapped. Only failing to open it is an I/O
/// error; what is wrong inside it is part of the report.
pub fn check_file(
    engine: &GenericEngine,
    path: &Path,
    kind: Kind,
    mode: Mode,
) -> std::io::Result<Report> {
    let cache = object::ReadCache::new(std::fs::File::open(path)?);
    let mut sink = Sink::new(mode);
    let _ = check_elf(engine, &cache, kind, &mut sink);
    Ok(sink.finish())
}

/// The generic engine section of a parsed file, framed.
pub(super) fn engine_section<'data, R: ReadRef<'data>>(
    elf: &format::ElfArtifact<'data, R>,
) -> Result<EngineSection<'data>, FormatError> {
    format::section_data(elf, GENERIC_ENGINE_SECTION)?
        .ok_or_else(|| FormatError::NoSection(GENERIC_ENGINE_SECTION.to_string()))
        .and_then(EngineSection::parse)
}

fn check_elf<'data, R: ReadRef<'data>>(
    engine: &GenericEngine,
    data: R,
    kind: Kind,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let section = open_engine_section(data, kind, GENERIC_ENGINE_SECTION, sink)?;
    let version_ok = match engine.version_strategy() {
        VersionStrategy::Custom(v) => check_version_text(v, "version", section.version, sink)?,
        VersionStrategy::None | VersionStrategy::WasmtimeVersion => true,
    };
    let metadata = match GenericMetadata::decode(section.payload) {
        Ok(m) => m,
        // Another runtime's version may well have another payload; the
        // version is the whole story then.
        Err(_) if !version_ok => return ControlFlow::Break(()),
        Err(e) => return sink.fatal(Category::Decode, "metadata", e.to_string()),
    };
    check_target(engine.triple(), &metadata.target, sink)?;
    for category in GenericCategory::ALL {
        check_category(engine, &metadata, category, sink)?;
    }
    ControlFlow::Continue(())
}

/// One category's settings as (name, value), in list order.
fn settings(md: &GenericMetadata, category: GenericCategory) -> Vec<(&str, SettingValue)> {
    fn flags(list: &[(String, FlagValue)]) -> Vec<(&str, SettingValue)> {
        list.iter()
            .map(|(n, v)| (n.as_str(), SettingValue::Flag(v.clone())))
            .collect()
    }
    match category {
        GenericCategory::SharedFlag => flags(&md.shared_flags),
        GenericCategory::IsaFlag => flags(&md.isa_flags),
        GenericCategory::Tunable => md
            .tunables
            .iter()
            .map(|(n, v)| (n.as_str(), SettingValue::Tunable(v.clone())))
            .collect(),
        GenericCategory::Feature => md
            .features
            .iter()
            .map(|n| (n.as_str(), SettingValue::Feature(true)))
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

fn check_category(
    engine: &GenericEngine,
    md: &GenericMetadata,
    category: GenericCategory,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let artifact = settings(md, category);
    let host = settings(engine.metadata(), category);
    let (artifact_index, host_index) = (index(&artifact), index(&host));
    // A feature is never absent: not listed means disabled.
    let not_listed = (category == GenericCategory::Feature).then_some(SettingValue::Feature(false));
    let lookup = |map: &HashMap<&str, &SettingValue>, name: &str| -> Option<SettingValue> {
        map.get(name).map(|v| (*v).clone()).or(not_listed.clone())
    };
    for (name, value) in &artifact {
        let h = lookup(&host_index, name);
        judge_one(engine, category, name, Some(value), h.as_ref(), sink)?;
    }
    let mut seen = HashSet::new();
    for (name, _) in &host {
        if artifact_index.contains_key(name) || !seen.insert(*name) {
            continue;
        }
        let (a, h) = (lookup(&artifact_index, name), lookup(&host_index, name));
        judge_one(engine, category, name, a.as_ref(), h.as_ref(), sink)?;
    }
    for (name, _) in engine.rules().registered(category) {
        if artifact_index.contains_key(name) || host_index.contains_key(name) {
            continue;
        }
        let (a, h) = (lookup(&artifact_index, name), lookup(&host_index, name));
        judge_one(engine, category, name, a.as_ref(), h.as_ref(), sink)?;
    }
    ControlFlow::Continue(())
}

fn judge_one(
    engine: &GenericEngine,
    category: GenericCategory,
    name: &str,
    artifact: Option<&SettingValue>,
    host: Option<&SettingValue>,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let rule = engine.rules().get(category, name);
    match judge(category, name, rule, artifact, host, engine.probe()) {
        Ok(()) => ControlFlow::Continue(()),
        Err(Refusal { host, message }) => sink.push(
            category.report_category(),
            name,
            artifact.map(ToString::to_string).unwrap_or_default(),
            host,
            message,
        ),
    }
}
