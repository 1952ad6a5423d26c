use super::report::{Category, Report};
use super::sink::{Mode, Sink};
use super::{
    advice, by_engine, container, equality, features, flags, host_check, triple, tunables, version,
};
use crate::codec;
use crate::format::{Input, Kind};
use crate::model::{Engine, Known, Metadata, Setting};
use crate::profiles::{Framing, IsaFlagRules, Judged, SharedFlagRules};
use std::ops::ControlFlow;
use std::path::Path;

/// Checks whether `engine` can load `bytes` as an artifact of `kind`,
/// walking the engine's profile: the host engine itself (where the profile
/// checks it first), the container, the version string, the metadata's
/// layout, then target, shared flags, ISA flags, tunables and features by
/// the profile's tables (or, for the generic profile, by the engine's
/// registered rules). A pre-3.0 profile finds its trailer instead of an
/// engine section and judges no kind (its artifacts are all modules).
/// wasmtime 0.26 to 0.29 decode the compiled module with the metadata, as
/// one value that must end the file, before judging anything but the
/// version string: their profiles walk that value to its end too (category
/// decode, field `module`, when it is cut short or followed by more).
///
/// In [`Mode::All`], an engine of wasmtime 3 or later that refuses the
/// container of a pre-3.0 artifact adds one more mismatch that says so
/// (category container, field `format`); and where the artifact loads but
/// is weaker than the engine's own compile, the report says so
/// ([`Report::advice`]).
///
/// Costs O(sections), not O(size): only the ELF header, the section table
/// and the engine section (or trailer) are read, wherever `bytes` sits in
/// memory. The walk of a 0.26 to 0.29 value reads its structure but skips
/// its byte runs (the compiled code, data segments, debug sections)
/// unread.
pub fn check(engine: &Engine, bytes: &[u8], kind: Kind, mode: Mode) -> Report {
    let mut sink = Sink::new(mode);
    // Bytes in memory are never short of what their length says.
    let _ = walk(engine, Input::Bytes(bytes), kind, Head::Matched, &mut sink);
    if mode == Mode::All {
        let _ = container::explain_legacy(engine, || Ok(Input::Bytes(bytes)), &mut sink);
    }
    sink.finish()
}

/// [`check`] for a file, with the same verdict as for its bytes: reads
/// only its header, section table, the names it needs and the engine
/// section's used prefix (for wasmtime 0.26 to 0.29, the value's structure
/// from the metadata on, in chunks of up to 64 KiB, its byte runs
/// skipped), with positioned reads. The file is never mapped,
/// so one truncated under us gives an error, not SIGBUS. Only a path that
/// is not a regular file or cannot be read is an I/O error; what is wrong
/// inside the file is part of the report.
pub fn check_file(engine: &Engine, path: &Path, kind: Kind, mode: Mode) -> std::io::Result<Report> {
    let mut sink = Sink::new(mode);
    let _ = walk(engine, Input::open(path)?, kind, Head::Matched, &mut sink)?;
    if mode == Mode::All {
        container::explain_legacy(engine, || Input::open(path), &mut sink)?;
    }
    Ok(sink.finish())
}

/// Whether metadata that starts with the engine's own target and flags is
/// matched as such, or decoded whole like any other (the tests compare
/// the two).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    Matched,
    #[cfg(test)]
    Decoded,
}

fn walk(
    engine: &Engine,
    input: Input<'_>,
    kind: Kind,
    head: Head,
    sink: &mut Sink,
) -> std::io::Result<ControlFlow<()>> {
    let profile = engine.profile();
    if let Some(context) = profile.host_engine_first {
        if host_check::engine_first(engine, context, sink).is_break() {
            return Ok(ControlFlow::Break(()));
        }
    }
    let host_big_endian = engine.host_big_endian();
    let rule = profile.container;
    let mut opened = match container::open(input, kind, rule, host_big_endian, sink)? {
        ControlFlow::Continue(opened) => opened,
        ControlFlow::Break(()) => return Ok(ControlFlow::Break(())),
    };
    let version_ok = match version::check(engine, opened.version(), sink) {
        ControlFlow::Continue(ok) => ok,
        ControlFlow::Break(()) => return Ok(ControlFlow::Break(())),
    };
    let layout = profile.layout;
    let payload = match opened.payload(|b| Metadata::prefix_suffices(layout, b)) {
        Ok(payload) => payload,
        Err(crate::format::ReadError::Io(e)) => return Err(e),
        Err(crate::format::ReadError::Format(e)) => {
            let field = match rule.framing {
                Framing::EngineSection => rule.section,
                Framing::Trailer(_) => container::TRAILER_FIELD,
            };
            return Ok(sink.fatal(Category::Container, field, e.to_string()));
        }
    };
    // Artifacts of the engine's own configuration start with its target
    // and flags byte for byte, and those compiled for another CPU with its
    // target and shared flags: what the engine accepts as a whole (its
    // plan says when) is neither decoded nor judged again, only the rest.
    // Anything else, a rest that does not decode included, takes the full
    // decode below, with its exact errors.
    let own_head = engine.check_plan().own_head.as_ref();
    if let Some(own) = own_head.filter(|_| head == Head::Matched) {
        if let Some((known, rest)) = own.strip(&payload.bytes) {
            if let Ok(md) = Metadata::decode_tail(layout, rest, known) {
                #[cfg(test)]
                tests::count_match(known);
                let flow = match known {
                    Known::TargetAndShared => match check_isa_flags(engine, &md, sink) {
                        ControlFlow::Continue(()) => check_after_flags(engine, &md, sink),
                        stop => stop,
                    },
                    Known::TargetAndFlags => check_after_flags(engine, &md, sink),
                };
                if sink.mode() == Mode::All {
                    advice::collect(engine, &md, known.into(), sink);
                }
                return Ok(flow);
            }
        }
    }
    let md = match Metadata::decode_read(layout, &payload) {
        Ok(md) => md,
        // After a version mismatch the layout is expected not to fit; the
        // version is the whole story then.
        Err(_) if !version_ok => return Ok(ControlFlow::Break(())),
        Err(e) => {
            let message = match rule.trailer() {
                Some(trailer) => format!("{}: {e}", trailer.decode_context),
                None => e.to_string(),
            };
            return Ok(sink.fatal(Category::Decode, "metadata", message));
        }
    };
    if let (Some(module), Some(mut reader)) =
        (layout.trailing_bytes.module(), opened.value_reader())
    {
        // wasmtime 0.26 to 0.29 decode the compiled module with the
        // metadata, as one value that must end the file, before any check.
        let walked = codec::skip(layout.codec, &[layout.shape, module], &mut reader);
        if let Some(e) = reader.take_io_error() {
            return Err(e);
        }
        let walked = walked.and_then(|()| match reader.remaining() {
            0 => Ok(()),
            _ => Err(codec::DecodeError::new(codec::BYTES_REMAINING)),
        });
        match walked {
            Ok(()) => {}
            Err(_) if !version_ok => return Ok(ControlFlow::Break(())),
            Err(e) => {
                let context = rule.trailer().map_or("", |t| t.decode_context);
                return Ok(sink.fatal(Category::Decode, "module", format!("{context}: {e}")));
            }
        }
    }
    let flow = check_metadata(engine, &md, sink);
    // Advice is part of the full report: the parity check, a runtime's
    // hot path, does not pay for messages nobody asked for.
    if sink.mode() == Mode::All {
        advice::collect(engine, &md, advice::Flags::Decoded, sink);
    }
    Ok(flow)
}

/// Judges decoded metadata against the engine, in wasmtime's order.
pub(crate) fn check_metadata(
    engine: &Engine,
    md: &Metadata<'_>,
    sink: &mut Sink,
) -> ControlFlow<()> {
    let profile = engine.profile();
    // The engine's triple was parsed from its own target text: the same
    // text judges alike without parsing it again.
    if md.target != engine.metadata().target {
        triple::check(engine.triple(), &md.target, sink)?;
    }
    match profile.shared_flags {
        Judged::Table(SharedFlagRules::PerFlag(table)) => {
            let plan = engine.check_plan();
            for (i, (name, value)) in md.shared_flags.iter().enumerate() {
                if plan.accepts_shared(i, name, value) {
                    continue;
                }
                if let Err(r) = flags::judge_shared(table, engine, name, value) {
                    let message = format!("{FLAG_CONTEXT}: {}", r.cause);
                    sink.push_probed(
                        Category::SharedFlag,
                        &**name,
                        value.to_string(),
                        r.host,
                        r.probe,
                        message,
                    )?;
                }
            }
        }
        Judged::Table(SharedFlagRules::EqualToHost(rule)) => {
            let host = &engine.metadata().shared_flags;
            equality::check(rule, Category::SharedFlag, &md.shared_flags, host, sink)?
        }
        Judged::ByEngine => by_engine::check(engine, md, Setting::SharedFlag, sink)?,
    }
    check_isa_flags(engine, md, sink)?;
    check_after_flags(engine, md, sink)
}

/// Judges the ISA flags of decoded metadata.
fn check_isa_flags(engine: &Engine, md: &Metadata<'_>, sink: &mut Sink) -> ControlFlow<()> {
    let profile = engine.profile();
    match profile.isa_flags {
        Judged::Table(IsaFlagRules::PerFlag(table)) => {
            let plan = engine.check_plan();
            for (i, (name, value)) in md.isa_flags.iter().enumerate() {
                if plan.accepts_isa(engine, i, name, value) {
                    continue;
                }
                if let Err(r) = flags::judge_isa(table, engine, name, value) {
                    let message = format!("{FLAG_CONTEXT}: {}", r.cause);
                    sink.push_probed(
                        Category::IsaFlag,
                        &**name,
                        value.to_string(),
                        r.host,
                        r.probe,
                        message,
                    )?;
                }
            }
        }
        Judged::Table(IsaFlagRules::EqualToHost(rule)) => {
            let host = &engine.metadata().isa_flags;
            equality::check(rule, Category::IsaFlag, &md.isa_flags, host, sink)?
        }
        Judged::ByEngine => by_engine::check(engine, md, Setting::IsaFlag, sink)?,
    }
    ControlFlow::Continue(())
}

/// Judges the tunables and features of decoded metadata, in wasmtime's
/// order.
fn check_after_flags(engine: &Engine, md: &Metadata<'_>, sink: &mut Sink) -> ControlFlow<()> {
    let profile = engine.profile();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifact::Artifact;
    use crate::host::{FixedProbe, Probe};
    use std::cell::Cell;
    use std::sync::Arc;

    thread_local! {
        /// How often this thread's checks matched the engine's head, by
        /// how far: target and shared flags, and the ISA flags too.
        static MATCHED: Cell<[usize; 2]> = const { Cell::new([0, 0]) };
    }

    pub(super) fn count_match(known: Known) {
        MATCHED.with(|m| {
            let mut counts = m.get();
            counts[usize::from(known == Known::TargetAndFlags)] += 1;
            m.set(counts);
        });
    }

    /// Over every host and artifact of every fixture release (both kinds,
    /// both modes): matching the engine's own head gives the report of
    /// decoding the whole metadata, message, mismatches and advice alike;
    /// and the shortcut is taken for most real pairs.
    #[test]
    fn matching_the_head_gives_the_full_decode_s_report() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut pairs = 0;
        for dir in std::fs::read_dir(&root).unwrap() {
            let dir = dir.unwrap().path();
            let files = |sub: &str| -> Vec<std::path::PathBuf> {
                let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
                    return Vec::new();
                };
                entries.map(|e| e.unwrap().path()).collect()
            };
            let artifacts: Vec<(std::path::PathBuf, Vec<u8>)> = files("artifacts")
                .into_iter()
                .chain(files("hosts"))
                .map(|p| {
                    let bytes = std::fs::read(&p).unwrap();
                    (p, bytes)
                })
                .collect();
            for host in files("hosts") {
                let Ok(read) = Artifact::read_file(&host, None) else {
                    continue;
                };
                // Every feature of the architecture, recorded once: no flag
                // is refused for want of one, and the ISA flags are part of
                // the head. The same answers from the embedder's own
                // function: the ISA flags are judged at every check.
                let arch = read
                    .engine_builder()
                    .unwrap()
                    .build()
                    .unwrap()
                    .triple()
                    .architecture;
                let every = crate::host::probe_names(arch).unwrap_or(&[]);
                let probes = [
                    Probe::Fixed(Arc::new(FixedProbe::new(every.iter().copied()))),
                    Probe::Custom(Arc::new(move |f: &str| Some(every.contains(&f)))),
                ];
                for probe in probes {
                    let mut builder = read.engine_builder().unwrap();
                    builder.probe(probe);
                    let engine = builder.build().unwrap();
                    if engine.check_plan().own_head.is_none() {
                        continue;
                    }
                    for (path, bytes) in &artifacts {
                        pairs += 1;
                        for kind in [Kind::Module, Kind::Component] {
                            for mode in [Mode::Parity, Mode::All] {
                                let run = |head| {
                                    let mut sink = Sink::new(mode);
                                    let input = Input::Bytes(bytes);
                                    let _ = walk(&engine, input, kind, head, &mut sink);
                                    sink.finish()
                                };
                                assert_eq!(
                                    run(Head::Matched),
                                    run(Head::Decoded),
                                    "{} on {}",
                                    path.display(),
                                    host.display()
                                );
                            }
                        }
                    }
                }
            }
        }
        // Both heads were taken (by the checks of Head::Matched only).
        let [shared, all] = MATCHED.with(Cell::get);
        eprintln!("{pairs} pairs: the head matched {shared} times to the shared flags, {all} to the ISA flags");
        assert!(pairs > 16_000, "{pairs} pairs");
        assert!(
            shared > 10_000 && all > 10_000,
            "{shared} and {all} of {pairs} pairs"
        );
    }
}
