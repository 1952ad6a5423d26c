use super::report::{Category, Report};
use super::sink::{Mode, Sink};
use super::{by_engine, container, features, flags, host_check, triple, tunables, version};
use crate::format::Kind;
use crate::model::{Engine, Metadata, Setting};
use crate::profiles::Judged;
use object::ReadRef;
use std::ops::ControlFlow;
use std::path::Path;

/// Checks whether `engine` can load `bytes` as an artifact of `kind`,
/// walking the engine's profile: the host engine itself (where the profile
/// checks it first), the container, the version string, the metadata's
/// layout, then target, shared flags, ISA flags, tunables and features by
/// the profile's tables (or, for the generic profile, by the engine's
/// registered rules).
///
/// Costs O(sections), not O(size): only the ELF header, the section table
/// and the engine section are read.
pub fn check(engine: &Engine, bytes: &[u8], kind: Kind, mode: Mode) -> Report {
    let mut sink = Sink::new(mode);
    let _ = walk(engine, bytes, kind, &mut sink);
    sink.finish()
}

/// [`check`] for a file, reading only its headers, section table and engine
/// section. The file is never mapped, so a file truncated under us gives an
/// error, not SIGBUS. Only failing to open the file is an I/O error; what is
/// wrong inside it is part of the report.
pub fn check_file(engine: &Engine, path: &Path, kind: Kind, mode: Mode) -> std::io::Result<Report> {
    let cache = object::ReadCache::new(std::fs::File::open(path)?);
    let mut sink = Sink::new(mode);
    let _ = walk(engine, &cache, kind, &mut sink);
    Ok(sink.finish())
}

fn walk<'data, R: ReadRef<'data>>(
    engine: &Engine,
    data: R,
    kind: Kind,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let profile = engine.profile();
    if let Some(context) = profile.host_engine_first {
        host_check::engine_first(engine, context, sink)?;
    }
    let section = container::open(data, kind, profile.container, sink)?;
    let version_ok = version::check(engine, section.version, sink)?;
    let md = match Metadata::decode(profile.layout, section.payload) {
        Ok(md) => md,
        // After a version mismatch the layout is expected not to fit; the
        // version is the whole story then.
        Err(_) if !version_ok => return ControlFlow::Break(()),
        Err(e) => return sink.fatal(Category::Decode, "metadata", e.to_string()),
    };
    check_metadata(engine, &md, sink)
}

/// Judges decoded metadata against the engine, in wasmtime's order.
pub(crate) fn check_metadata(
    engine: &Engine,
    md: &Metadata<'_>,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let profile = engine.profile();
    triple::check(engine.triple(), &md.target, sink)?;
    match profile.shared_flags {
        Judged::Table(table) => {
            for (name, value) in &md.shared_flags {
                if let Err(r) = flags::judge_shared(table, engine, name, value) {
                    let message = format!("{FLAG_CONTEXT}: {}", r.cause);
                    sink.push(
                        Category::SharedFlag,
                        &**name,
                        format!("{value:?}"),
                        r.host,
                        message,
                    )?;
                }
            }
        }
        Judged::ByEngine => by_engine::check(engine, md, Setting::SharedFlag, sink)?,
    }
    match profile.isa_flags {
        Judged::Table(table) => {
            for (name, value) in &md.isa_flags {
                if let Err(r) = flags::judge_isa(table, engine, name, value) {
                    let message = format!("{FLAG_CONTEXT}: {}", r.cause);
                    sink.push(
                        Category::IsaFlag,
                        &**name,
                        format!("{value:?}"),
                        r.host,
                        message,
                    )?;
                }
            }
        }
        Judged::ByEngine => by_engine::check(engine, md, Setting::IsaFlag, sink)?,
    }
    match profile.tunables {
        Judged::Table(checks) => tunables::check(checks, engine, md, sink)?,
        Judged::ByEngine => by_engine::check(engine, md, Setting::Tunable, sink)?,
    }
    match profile.features {
        Judged::Table(rules) => features::check(rules, engine, md, sink),
        Judged::ByEngine => by_engine::check(engine, md, Setting::Feature, sink),
    }
}

/// The outer context wasmtime puts on every flag mismatch of a load.
const FLAG_CONTEXT: &str = "compilation settings of module incompatible with native host";
