//! The steps before the metadata: read the ELF file, judge its marks for
//! the expected kind, find the engine section and frame it, each by the
//! profile's container rule and with wasmtime's words; or, for a pre-3.0
//! profile, find and frame its trailer.

use super::report::Category;
use super::sink::Sink;
use crate::format::{
    self, Elf, ElfRules, FormatError, Framed, Input, Kind, Marks, Payload, ReadError, Trailer,
    TrailerRule,
};
use crate::profiles::{ContainerRule, EFlagsRule, Framing};
use std::io;
use std::ops::ControlFlow;

/// The field a pre-3.0 framing failure is reported under.
pub(crate) const TRAILER_FIELD: &str = "trailer";

/// Where the metadata of an opened artifact lies.
pub(crate) enum Opened<'data> {
    /// An engine section: the reader positioned on it, and its framing.
    Section(Elf<'data>, Framed<'data>),
    /// A pre-3.0 trailer.
    Trailer(Trailer<'data>),
}

impl<'data> Opened<'data> {
    /// The raw version string.
    pub(crate) fn version(&self) -> &[u8] {
        match self {
            Opened::Section(_, framed) => &framed.version,
            Opened::Trailer(t) => &t.framed.version,
        }
    }

    /// A reader from the metadata's start to the end of the file, for a
    /// trailer (an engine section's metadata is never part of a longer
    /// value).
    pub(crate) fn value_reader(&mut self) -> Option<format::ValueReader<'_, 'data>> {
        match self {
            Opened::Section(..) => None,
            Opened::Trailer(t) => Some(t.value_reader()),
        }
    }

    /// The metadata's bytes as far as a decode needs them.
    pub(crate) fn payload(
        &mut self,
        suffices: impl FnMut(&[u8]) -> bool,
    ) -> Result<Payload<'data>, ReadError> {
        match self {
            Opened::Section(elf, framed) => elf.payload(framed, suffices),
            Opened::Trailer(t) => t.payload(suffices),
        }
    }
}

/// Opens `input` for a load as `kind` by `rule`: its engine section, or
/// its trailer. A failure to read a file is an I/O error; everything wrong
/// inside it is recorded in `sink`.
pub(crate) fn open<'data>(
    input: Input<'data>,
    kind: Kind,
    rule: &ContainerRule,
    host_big_endian: bool,
    sink: &mut Sink,
) -> io::Result<ControlFlow<(), Opened<'data>>> {
    match rule.framing {
        Framing::EngineSection => Ok(
            match open_section(input, kind, rule, host_big_endian, sink)? {
                ControlFlow::Continue((elf, framed)) => {
                    ControlFlow::Continue(Opened::Section(elf, framed))
                }
                ControlFlow::Break(()) => ControlFlow::Break(()),
            },
        ),
        Framing::Trailer(trailer) => open_trailer(input, trailer, host_big_endian, sink),
    }
}

/// When an engine that reads engine sections refused `input`'s container
/// and `input` is a pre-3.0 artifact, adds a mismatch saying so: wasmtime
/// 3 and later fail on its ELF marks or magic, whose words do not tell the
/// reader why.
pub(crate) fn explain_legacy<'data>(
    engine: &crate::model::Engine,
    open: impl Fn() -> io::Result<Input<'data>>,
    sink: &mut Sink,
) -> io::Result<()> {
    let container_failed = sink
        .first()
        .is_some_and(|m| m.category == Category::Container);
    if engine.profile().is_legacy() || !container_failed {
        return Ok(());
    }
    let mut places: Vec<&TrailerRule> = Vec::new();
    for p in crate::profiles::ALL {
        if let Some(rule) = p.container.trailer() {
            if !places.iter().any(|r| r.place == rule.place) {
                places.push(rule);
            }
        }
    }
    for rule in places {
        let version = match Trailer::open(open()?, rule, engine.host_big_endian()) {
            Ok(trailer) => trailer.framed.version.into_owned(),
            Err(ReadError::Io(e)) => return Err(e),
            Err(ReadError::Format(_)) => continue,
        };
        let version = String::from_utf8_lossy(&version).into_owned();
        let message = format!(
            "a wasmtime {version} artifact in the pre-3.0 format, which no wasmtime since 3.0 \
             loads"
        );
        let _ = sink.push(
            Category::Container,
            "format",
            format!("pre-3.0 trailer ({version})"),
            "engine section",
            message,
        );
        return Ok(());
    }
    Ok(())
}

/// Finds a pre-3.0 trailer. Those artifacts carry no kind marks (their
/// releases serialized modules only), so the kind asked for is not judged.
fn open_trailer<'data>(
    input: Input<'data>,
    rule: &TrailerRule,
    host_big_endian: bool,
    sink: &mut Sink,
) -> io::Result<ControlFlow<(), Opened<'data>>> {
    match Trailer::open(input, rule, host_big_endian) {
        Ok(trailer) => Ok(ControlFlow::Continue(Opened::Trailer(trailer))),
        Err(e) => fail(sink, TRAILER_FIELD, e),
    }
}

/// Opens the engine section of `input` for a load as `kind`: the reader
/// positioned on it and its framing.
fn open_section<'data>(
    input: Input<'data>,
    kind: Kind,
    rule: &ContainerRule,
    host_big_endian: bool,
    sink: &mut Sink,
) -> io::Result<ControlFlow<(), (Elf<'data>, Framed<'data>)>> {
    // A release that parses in its own byte order only reads it as that of
    // the host the engine runs on.
    let rules = ElfRules {
        native_big_endian: host_big_endian,
        ..rule.elf_rules()
    };
    let mut elf = match Elf::open(input, rules) {
        Ok(elf) => elf,
        Err(e) => return fail(sink, "elf", e),
    };
    if check_marks(elf.marks(), kind, rule, sink).is_break() {
        return Ok(ControlFlow::Break(()));
    }
    let framed = elf.find(rule.section, rule.pick).and_then(|found| {
        let section = found.ok_or_else(|| FormatError::NoSection(rule.section.to_string()))?;
        elf.frame(section)
    });
    match framed {
        Ok(framed) => Ok(ControlFlow::Continue((elf, framed))),
        Err(e @ ReadError::Format(FormatError::Context(..) | FormatError::TooManySections(_))) => {
            fail(sink, "elf", e)
        }
        Err(e) => fail(sink, rule.section, e),
    }
}

/// Records a failure that ends the check, or passes an I/O error up.
fn fail<T>(sink: &mut Sink, field: &str, e: ReadError) -> io::Result<ControlFlow<(), T>> {
    match e {
        ReadError::Format(e) => {
            let _ = sink.fatal(Category::Container, field, e.to_string());
            Ok(ControlFlow::Break(()))
        }
        ReadError::Io(e) => Err(e),
    }
}

/// The OS ABI and ABI version (where the rule checks them) and `e_flags`
/// must mark the expected kind.
fn check_marks(m: Marks, kind: Kind, rule: &ContainerRule, sink: &mut Sink) -> ControlFlow<()> {
    let expected = kind.e_flags();
    let e_flags_ok = match rule.e_flags {
        EFlagsRule::Exact => m.e_flags == expected,
        EFlagsRule::ContainsKind => m.e_flags & expected == expected,
    };
    let (field, found, wanted) = if rule.os_abi_checked && m.os_abi != format::ELFOSABI_WASMTIME {
        (
            "os_abi",
            u32::from(m.os_abi),
            u32::from(format::ELFOSABI_WASMTIME),
        )
    } else if rule.os_abi_checked && m.abi_version != 0 {
        ("abi_version", u32::from(m.abi_version), 0)
    } else if !e_flags_ok {
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
