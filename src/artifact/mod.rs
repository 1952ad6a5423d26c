//! Whole artifacts: read one into its kind, profile, version string and
//! metadata; list its sections and branch-protection byte; write one from
//! an engine, or stamp an ELF object that already exists; describe one as
//! JSON.
//!
//! This sits on top of `format` (container and framing), `profiles`
//! (layouts) and `model`, and is what `inspect`, `detect`, `stamp` and "the
//! engine that produced this file" are built on. Without a profile named,
//! the profile is the one whose layout decodes the engine section exactly,
//! with the version string deciding between layouts that both fit; an
//! engine section that fits several profiles equally is an error that
//! names them, never a silent guess.
//!
//! wasmtime's pre-3.0 artifacts (0.26 to 2.x) have no engine section but
//! a trailer; a file in which no engine section reads is tried against
//! the pre-3.0 profiles in the same way (the version string's owner
//! first, then every layout of the trailer's family). They are read,
//! never written: [`Artifact::write`] and [`write_artifact`] refuse their
//! profiles.

mod digest;
mod json;

pub use digest::{
    add_digest, stamp_object_with, verify, verify_file, write_artifact_with, Verified, VerifyError,
    WriteOptions,
};
pub use json::ArtifactJson;

use crate::format::{
    self, Elf, ExtraSection, ExtraSymbol, FormatError, Headers, Input, Kind, OwnSection, Payload,
    ReadError, SectionInfo, Stamp, Trailer, TrailerPlace,
};
use crate::host::Probe;
use crate::model::{Engine, EngineBuilder, FlagValue, Metadata, VersionStrategy};
use crate::profiles::{self, ContainerRule, Profile, TrailingBytes, WriterRule};
use anyhow::Context;
use std::path::Path;
use std::str::FromStr;
use target_lexicon::Triple;

/// What an artifact says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Module or component, by the marks as the profile's wasmtime reads
    /// them; `None` when they say neither (the metadata may still be
    /// readable). A pre-3.0 artifact has no marks and is always a module.
    pub kind: Option<Kind>,
    /// The profile whose layout decoded the metadata.
    pub profile: &'static Profile,
    /// The raw version string of the engine section.
    pub version: Vec<u8>,
    /// The decoded metadata.
    pub metadata: Metadata<'static>,
}

impl Artifact {
    /// Reads an artifact in memory, with `profile`'s layout or, when
    /// `None`, the layout that fits (see the module documentation).
    pub fn read(bytes: &[u8], profile: Option<&'static Profile>) -> anyhow::Result<Artifact> {
        read_from(Source::Bytes(bytes), profile)
    }

    /// [`Artifact::read`] for a file, reading only the headers, section
    /// table, the names it needs and the engine section's used prefix. A
    /// path that is not a regular file or cannot be read gives an error
    /// whose chain holds the `std::io::Error`.
    pub fn read_file(path: &Path, profile: Option<&'static Profile>) -> anyhow::Result<Artifact> {
        // Fail on an unreadable path before anything else.
        Input::open(path).with_context(|| format!("cannot open `{}`", path.display()))?;
        read_from(Source::Path(path), profile)
    }

    /// Whether this is an artifact in wasmtime's pre-3.0 format.
    pub fn is_legacy(&self) -> bool {
        self.profile.is_legacy()
    }

    /// The version string as text, if it is UTF-8.
    pub fn version_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.version).ok()
    }

    /// A builder for the engine that produced this artifact: its metadata,
    /// the version strategy its version string implies (empty: None; the
    /// profile's own version: WasmtimeVersion; else Custom), GC support,
    /// and the native probe, as a default engine has.
    pub fn engine_builder(&self) -> anyhow::Result<EngineBuilder> {
        let strategy = VersionStrategy::derive(self.profile, &self.version)?;
        let mut builder = EngineBuilder::from_metadata(self.profile, self.metadata.clone());
        if strategy == VersionStrategy::WasmtimeVersion {
            // Up to wasmtime 37 the string names the patch release.
            builder.wasmtime_version(self.version_str().unwrap_or_default())?;
        }
        builder.version_strategy(strategy).probe(Probe::native());
        Ok(builder)
    }

    /// The engine section this artifact's engine writes: framing, version
    /// string and encoded metadata. For a pre-3.0 artifact, its trailer:
    /// `\0wasmtime-aot`, the version string and the encoded metadata (in
    /// wasmtime 0.26 to 0.29 only the start of the value: the compiled
    /// module follows it in the file).
    pub fn engine_section(&self) -> anyhow::Result<Vec<u8>> {
        self.profile
            .container
            .frame(&self.version, &self.metadata.encode()?)
    }

    /// Writes an artifact of `kind` carrying exactly this version string and
    /// metadata (whatever bytes the version string holds), plus `extra`,
    /// as the profile's wasmtime writes it: its header, and its engine
    /// section and `.wasmtime.bti` where it puts them. A pre-3.0 profile is
    /// refused: aotcompat reads that format only.
    pub fn write(&self, kind: Kind, extra: &[ExtraSection<'_>]) -> anyhow::Result<Vec<u8>> {
        self.write_with_symbols(kind, extra, &[])
    }

    /// [`Artifact::write`] with symbols defined in the `extra` sections
    /// (wasmtime names each compiled function in `.text`).
    pub fn write_with_symbols(
        &self,
        kind: Kind,
        extra: &[ExtraSection<'_>],
        symbols: &[ExtraSymbol<'_>],
    ) -> anyhow::Result<Vec<u8>> {
        let own = Own::new(self.profile, &self.version, &self.metadata, None)?;
        format::write_artifact(&own.stamp(kind), extra, symbols)
    }

    /// Stamps `object`, an ELF64 relocatable object, with this version
    /// string and metadata as an artifact of `kind`: see [`stamp_object`].
    pub fn stamp(&self, kind: Kind, object: &[u8]) -> anyhow::Result<Vec<u8>> {
        let own = Own::new(self.profile, &self.version, &self.metadata, None)?;
        Ok(format::stamp_object(&own.stamp(kind), object)?)
    }
}

/// The branch-protection byte an engine of `profile` with `metadata`
/// writes (`.wasmtime.bti`: 1 when it compiles for aarch64 with the
/// `use_bti` ISA flag on, else 0), or `None` for a profile that writes no
/// such section.
pub fn bti_byte(profile: &Profile, metadata: &Metadata<'_>) -> Option<u8> {
    let rule = profile.writer?.bti.as_ref()?;
    // The architecture's family: `aarch64` and `aarch64_be` are both
    // Cranelift's aarch64 backend.
    let arch = Triple::from_str(&metadata.target)
        .map(|t| t.architecture.to_string())
        .unwrap_or_else(|_| metadata.target.split('-').next().unwrap_or_default().into());
    let on_arch = arch == rule.architecture
        || arch
            .strip_prefix(rule.architecture)
            .is_some_and(|rest| rest.starts_with('_'));
    let flag_on = metadata
        .isa_flags
        .iter()
        .any(|(name, value)| name == rule.flag && *value == FlagValue::Bool(true));
    Some(u8::from(on_arch && flag_on))
}

/// What an engine writes of its own into an artifact: its target, its
/// engine section and its branch-protection byte, by its profile's rules.
struct Own {
    triple: Triple,
    rule: &'static WriterRule,
    section: &'static str,
    bti_section: Option<&'static str>,
    engine: Vec<u8>,
    bti: [u8; 1],
}

impl Own {
    fn new(
        profile: &'static Profile,
        version: &[u8],
        metadata: &Metadata<'_>,
        triple: Option<&Triple>,
    ) -> anyhow::Result<Own> {
        refuse_legacy(profile)?;
        let Some(rule) = profile.writer else {
            anyhow::bail!("profile `{profile}` has no writer");
        };
        let triple = match triple {
            Some(t) => t.clone(),
            None => Triple::from_str(&metadata.target)
                .map_err(|e| anyhow::anyhow!("invalid engine target `{}`: {e}", metadata.target))?,
        };
        let engine = profile.container.frame(version, &metadata.encode()?)?;
        Ok(Own {
            triple,
            rule,
            section: profile.container.section,
            bti_section: rule.bti.as_ref().map(|b| b.section),
            engine,
            bti: [bti_byte(profile, metadata).unwrap_or(0)],
        })
    }

    fn from_engine(engine: &Engine) -> anyhow::Result<Own> {
        Own::new(
            engine.profile(),
            engine.version_string().as_bytes(),
            engine.metadata(),
            Some(engine.triple()),
        )
    }

    fn stamp(&self, kind: Kind) -> Stamp<'_> {
        Stamp {
            target: &self.triple,
            kind,
            rule: &self.rule.layout,
            engine: OwnSection {
                name: self.section,
                data: &self.engine,
            },
            bti: self.bti_section.map(|name| OwnSection {
                name,
                data: &self.bti,
            }),
        }
    }
}

/// Writes an artifact of `kind` stamped with `engine`'s version string and
/// metadata, carrying the `extra` sections, as the engine's wasmtime
/// release writes it: its ELF header for the target, and its engine
/// section and `.wasmtime.bti` (the byte from the engine's ISA flags)
/// where that release puts them.
pub fn write_artifact(
    engine: &Engine,
    kind: Kind,
    extra: &[ExtraSection<'_>],
) -> anyhow::Result<Vec<u8>> {
    write_artifact_with_symbols(engine, kind, extra, &[])
}

/// [`write_artifact`] with symbols defined in the `extra` sections.
pub fn write_artifact_with_symbols(
    engine: &Engine,
    kind: Kind,
    extra: &[ExtraSection<'_>],
    symbols: &[ExtraSymbol<'_>],
) -> anyhow::Result<Vec<u8>> {
    let own = Own::from_engine(engine)?;
    format::write_artifact(&own.stamp(kind), extra, symbols)
}

/// Stamps an ELF object that already exists (from Cranelift, LLVM or any
/// backend) as an artifact of `kind` for `engine`: the engine section and
/// `.wasmtime.bti` are added where the engine's release puts them, or
/// their contents replaced where the object has them; the OS ABI, ABI
/// version and `e_flags` are set as that release writes them; every other
/// section, symbol and relocation is kept. The object must be an ELF64
/// relocatable object for the engine's machine and byte order; a failure
/// is a [`StampError`] in the error chain (`Object` when the input cannot
/// be stamped at all, `Mismatch` when it does not fit the engine).
pub fn stamp_object(engine: &Engine, kind: Kind, object: &[u8]) -> anyhow::Result<Vec<u8>> {
    let own = Own::from_engine(engine)?;
    Ok(format::stamp_object(&own.stamp(kind), object)?)
}

/// The error for writing with a pre-3.0 profile.
fn refuse_legacy(profile: &Profile) -> anyhow::Result<()> {
    anyhow::ensure!(
        !profile.is_legacy(),
        "profile `{profile}` is wasmtime's pre-3.0 format, which aotcompat reads but does not \
         write"
    );
    Ok(())
}

/// An artifact's sections, as its section table lists them, and its
/// branch-protection byte: what `aotcompat inspect` shows beside the
/// metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionTable {
    /// Every section in table order, the null section first.
    pub sections: Vec<SectionInfo>,
    /// The first byte of the profile's branch-protection section
    /// (`.wasmtime.bti`, the one the profile's container rule picks when
    /// there are several), or `None` when the profile writes none, or the
    /// artifact has none or an empty one.
    pub bti: Option<u8>,
}

impl SectionTable {
    /// Reads the section table of the ELF file in `bytes` (either byte
    /// order, at any address), judging the bti section by `profile`.
    pub fn read(bytes: &[u8], profile: &Profile) -> anyhow::Result<SectionTable> {
        Ok(section_table(Input::Bytes(bytes), profile)?)
    }

    /// [`SectionTable::read`] for a file, reading its header, section
    /// table, section names and one byte of the bti section.
    pub fn read_file(path: &Path, profile: &Profile) -> anyhow::Result<SectionTable> {
        let input =
            Input::open(path).with_context(|| format!("cannot open `{}`", path.display()))?;
        Ok(section_table(input, profile)?)
    }
}

fn section_table(input: Input<'_>, profile: &Profile) -> Result<SectionTable, ReadError> {
    let mut elf = Elf::open(input, Headers::RULES)?;
    let sections = elf.sections()?;
    let bti = bti_in(&mut elf, profile)?;
    Ok(SectionTable { sections, bti })
}

/// The first byte of the profile's branch-protection section in an
/// artifact in memory, as [`SectionTable::bti`] gives it, without listing
/// the sections.
pub fn bti(bytes: &[u8], profile: &Profile) -> anyhow::Result<Option<u8>> {
    let mut elf = Elf::open(Input::Bytes(bytes), Headers::RULES)?;
    Ok(bti_in(&mut elf, profile)?)
}

/// [`bti`] for a file: its header, section table, the names it compares
/// and one byte.
pub fn bti_file(path: &Path, profile: &Profile) -> anyhow::Result<Option<u8>> {
    let input = Input::open(path).with_context(|| format!("cannot open `{}`", path.display()))?;
    let mut elf = Elf::open(input, Headers::RULES)?;
    Ok(bti_in(&mut elf, profile)?)
}

fn bti_in(elf: &mut Elf<'_>, profile: &Profile) -> Result<Option<u8>, ReadError> {
    let Some(rule) = profile.writer.and_then(|w| w.bti.as_ref()) else {
        return Ok(None);
    };
    match elf.find(rule.section, profile.container.pick)? {
        Some(found) if found.size > 0 => {
            let first = format::SectionRef {
                offset: found.offset,
                size: 1,
            };
            Ok(elf.data(first)?.first().copied())
        }
        _ => Ok(None),
    }
}

/// Whether `bytes` is a precompiled module, a component, or neither, as the
/// wasmtime that wrote it would say (`Engine::detect_precompiled` of the
/// profile that decodes its engine section, or of the newest profile when
/// none does), or as `profile`'s wasmtime would say. A pre-3.0 artifact
/// carries no kind marks and is neither here; [`detect_format`] tells it.
///
/// The answer depends on the profile only through its container rule, and
/// the built-in profiles have a handful of them: when all of those agree
/// (as they do on every well-formed artifact, and on most other bytes), that
/// is the answer whoever wrote the file, and no metadata is decoded.
pub fn detect(bytes: &[u8], profile: Option<&'static Profile>) -> Option<Kind> {
    // Bytes in memory cannot fail to be read.
    let by = |rule: &ContainerRule| {
        rule.detect
            .detect(Input::Bytes(bytes), rule.detect_rules())
            .ok()
            .flatten()
    };
    match profile {
        Some(p) => by(p.container),
        None => match unanimous(|rule| Ok(by(rule))).unwrap_or(None) {
            Some(answer) => answer,
            None => by(detect_profile(Source::Bytes(bytes)).container),
        },
    }
}

/// [`detect`] for a file, with the same answer as for its bytes: a file
/// of up to 64 KiB is read whole in one read, a larger one only as far as
/// each container rule needs (headers and section table). Only a path that
/// is not a regular file or cannot be read is an error.
pub fn detect_file(
    path: &Path,
    profile: Option<&'static Profile>,
) -> std::io::Result<Option<Kind>> {
    let file = format::open_regular(path)?;
    // A small file is read whole once rather than in parts by each rule.
    if let Some(bytes) = format::read_whole_if_small(&file, SMALL_FILE)? {
        return Ok(detect(&bytes, profile));
    }
    let by = |rule: &ContainerRule| {
        rule.detect
            .detect(Input::file(file.try_clone()?)?, rule.detect_rules())
    };
    match profile {
        Some(p) => by(p.container),
        None => match unanimous(by)? {
            Some(answer) => Ok(answer),
            None => by(detect_profile(Source::Path(path)).container),
        },
    }
}

/// The size up to which [`detect_file`] reads a file whole: a real
/// artifact of a small module is about 14 KiB.
const SMALL_FILE: u64 = 64 << 10;

/// The one answer every built-in engine-section container rule gives, if
/// they agree. (The pre-3.0 containers judge no marks of their own: they
/// answer as wasmtime 3's does.)
fn unanimous(
    mut by: impl FnMut(&'static ContainerRule) -> std::io::Result<Option<Kind>>,
) -> std::io::Result<Option<Option<Kind>>> {
    let mut seen: Vec<&'static ContainerRule> = Vec::new();
    let mut answer = None;
    for p in profiles::ALL.iter().filter(|p| !p.is_legacy()) {
        if seen.iter().any(|r| std::ptr::eq(*r, p.container)) {
            continue;
        }
        seen.push(p.container);
        let this = by(p.container)?;
        match answer {
            None => answer = Some(this),
            Some(first) if first != this => return Ok(None),
            Some(_) => {}
        }
    }
    Ok(answer)
}

/// What a file is, as detection tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Detected {
    /// A precompiled module or component (wasmtime 3 and later, or the
    /// generic profile), by its ELF marks.
    Kind(Kind),
    /// An artifact in wasmtime's pre-3.0 format (0.26 to 2.x): its
    /// trailer is where its release puts it. These releases had no
    /// `detect_precompiled` and their artifacts no kind marks; every one
    /// holds a module.
    Legacy,
    /// Neither.
    None,
}

impl Detected {
    /// The name every interface uses: `module`, `component`, `legacy` or
    /// `none`.
    pub fn name(self) -> &'static str {
        match self {
            Detected::Kind(kind) => kind.name(),
            Detected::Legacy => "legacy",
            Detected::None => "none",
        }
    }
}

/// [`detect`], telling pre-3.0 artifacts apart: without a profile, a file
/// whose marks say module or component is that, else a file with a pre-3.0
/// trailer is [`Detected::Legacy`]; with a profile, that release's answer
/// (a pre-3.0 profile answers `Legacy` for a file with its trailer, a
/// modern one never does).
pub fn detect_format(bytes: &[u8], profile: Option<&'static Profile>) -> Detected {
    detect_in(Source::Bytes(bytes), profile).unwrap_or(Detected::None)
}

/// [`detect_format`] for a file, with the same answer as for its bytes.
/// Only a path that is not a regular file or cannot be read is an error.
pub fn detect_format_file(
    path: &Path,
    profile: Option<&'static Profile>,
) -> std::io::Result<Detected> {
    Input::open(path)?;
    detect_in(Source::Path(path), profile)
}

fn detect_in(source: Source<'_>, profile: Option<&'static Profile>) -> std::io::Result<Detected> {
    if let Some(p) = profile.filter(|p| p.is_legacy()) {
        let found = p
            .container
            .trailer()
            .map(|rule| trailer_at(&source, rule.place));
        return Ok(match found.transpose()?.flatten() {
            Some(_) => Detected::Legacy,
            None => Detected::None,
        });
    }
    let kind = match source {
        Source::Bytes(bytes) => detect(bytes, profile),
        Source::Path(path) => detect_file(path, profile)?,
    };
    if let Some(kind) = kind {
        return Ok(Detected::Kind(kind));
    }
    if profile.is_some() {
        return Ok(Detected::None);
    }
    for place in legacy_places(profiles::ALL) {
        if trailer_at(&source, place)?.is_some() {
            return Ok(Detected::Legacy);
        }
    }
    Ok(Detected::None)
}

/// The version string of the pre-3.0 trailer `place` puts in `source`, if
/// it frames there.
fn trailer_at(source: &Source<'_>, place: TrailerPlace) -> std::io::Result<Option<Vec<u8>>> {
    let rule = profiles::ALL
        .iter()
        .filter_map(|p| p.container.trailer())
        .find(|r| r.place == place)
        .expect("a profile of every place");
    match Trailer::open(source.open()?, rule, cfg!(target_endian = "big")) {
        Ok(t) => Ok(Some(t.framed.version.into_owned())),
        Err(ReadError::Io(e)) => Err(e),
        Err(ReadError::Format(_)) => Ok(None),
    }
}

/// The trailer places of `profiles`, each once, in their order.
fn legacy_places(profiles: &[&'static Profile]) -> Vec<TrailerPlace> {
    let mut places: Vec<TrailerPlace> = Vec::new();
    for p in profiles {
        if let Some(rule) = p.container.trailer() {
            if !places.contains(&rule.place) {
                places.push(rule.place);
            }
        }
    }
    places
}

fn detect_profile(source: Source<'_>) -> &'static Profile {
    read_from(source, None).map_or(profiles::ALL[0], |a| a.profile)
}

/// Where the bytes come from: each reading opens its own input.
#[derive(Clone, Copy)]
enum Source<'a> {
    Bytes(&'a [u8]),
    Path(&'a Path),
}

impl<'a> Source<'a> {
    fn open(&self) -> std::io::Result<Input<'a>> {
        match *self {
            Source::Bytes(bytes) => Ok(Input::Bytes(bytes)),
            Source::Path(path) => Input::open(path),
        }
    }
}

/// One layout's reading of an engine section.
struct Reading {
    version: Vec<u8>,
    metadata: Metadata<'static>,
    /// Whether encoding the metadata again gives the payload back.
    exact: bool,
}

/// What a layout's reading is keyed by: the layout and where its profile
/// finds the engine section. Profiles that share all three share a reading.
type ReadingKey = (
    *const crate::profiles::Layout,
    &'static str,
    format::SectionPick,
);

/// Reads with `profile`, or with the best fitting built-in profile: the
/// engine-section profiles first, and when none reads the file, the
/// pre-3.0 ones.
fn read_from(source: Source<'_>, profile: Option<&'static Profile>) -> anyhow::Result<Artifact> {
    let wanted: &[&'static Profile] = match &profile {
        Some(p) => std::slice::from_ref(p),
        None => profiles::ALL,
    };
    let (legacy, modern): (Vec<&'static Profile>, Vec<&'static Profile>) =
        wanted.iter().copied().partition(|p| p.is_legacy());
    let modern = if modern.is_empty() {
        None
    } else {
        match read_among(source.open()?, &modern, profile) {
            Ok(artifact) => return Ok(artifact),
            Err(e) if is_io(&e) => return Err(e),
            Err(e) => Some(e),
        }
    };
    match (read_legacy(source, &legacy, profile)?, modern) {
        (LegacyRead::Read(artifact), _) => Ok(artifact),
        (LegacyRead::Failed(e), _) => Err(e),
        (LegacyRead::NoTrailer(_), Some(modern)) => Err(modern),
        (LegacyRead::NoTrailer(e), None) => Err(e),
    }
}

/// What the pre-3.0 profiles made of a file.
enum LegacyRead {
    /// Read.
    Read(Artifact),
    /// A trailer is there, but no profile reads it: why.
    Failed(anyhow::Error),
    /// No trailer is where any of the profiles puts it.
    NoTrailer(anyhow::Error),
}

/// Reads a pre-3.0 artifact with the best fitting of `wanted` (all of them
/// pre-3.0 profiles): for each place a trailer can be, frame it; the
/// profiles of that place read it as [`read_among`] reads an engine
/// section, each layout decoding the metadata once, the version string's
/// owner first.
fn read_legacy(
    source: Source<'_>,
    wanted: &[&'static Profile],
    named: Option<&'static Profile>,
) -> anyhow::Result<LegacyRead> {
    let mut framing_error: Option<anyhow::Error> = None;
    for place in legacy_places(wanted) {
        let here: Vec<&'static Profile> = wanted
            .iter()
            .copied()
            .filter(|p| p.container.trailer().map(|r| r.place) == Some(place))
            .collect();
        let rule = here[0].container.trailer().expect("a trailer profile");
        let mut trailer = match Trailer::open(source.open()?, rule, cfg!(target_endian = "big")) {
            Ok(trailer) => trailer,
            Err(ReadError::Io(e)) => return Err(e.into()),
            Err(ReadError::Format(e)) => {
                framing_error.get_or_insert_with(|| e.into());
                continue;
            }
        };
        let version = trailer.framed.version.to_vec();
        let owner = here.iter().copied().find(|p| p.owns_version(&version));
        let payload = trailer
            .payload(|b| here.iter().all(|p| Metadata::prefix_suffices(p.layout, b)))
            .map_err(|e| match e {
                ReadError::Io(e) => anyhow::Error::from(e),
                ReadError::Format(e) => e.into(),
            });
        let payload = match payload {
            Ok(payload) => payload,
            Err(e) if is_io(&e) => return Err(e),
            Err(e) => return Ok(LegacyRead::Failed(e)),
        };
        let order = owner
            .into_iter()
            .chain(here.iter().copied().filter(|p| Some(*p) != owner));
        let mut readings: Vec<(*const crate::profiles::Layout, Result<Reading, String>)> =
            Vec::new();
        let mut candidates: Vec<(&'static Profile, usize)> = Vec::new();
        let mut errors: Vec<(&'static Profile, String)> = Vec::new();
        for p in order {
            let key: *const crate::profiles::Layout = p.layout;
            let at = match readings.iter().position(|(k, _)| *k == key) {
                Some(at) => at,
                None => {
                    readings.push((key, legacy_reading(p, &version, &payload)));
                    readings.len() - 1
                }
            };
            match &readings[at].1 {
                Ok(r) if r.exact && Some(p) == owner => {
                    candidates = vec![(p, at)];
                    break;
                }
                Ok(_) => candidates.push((p, at)),
                Err(e) => errors.push((p, e.clone())),
            }
        }
        let reading = |at: usize| match &readings[at].1 {
            Ok(r) => r,
            Err(_) => unreachable!("candidates have readings"),
        };
        let chosen = choose(&candidates, |at| reading(at)).map_err(ambiguity);
        let (profile, at) = match chosen {
            Ok(Some(chosen)) => chosen,
            Ok(None) => return Ok(LegacyRead::Failed(no_reading(named.or(owner), errors))),
            Err(e) => return Ok(LegacyRead::Failed(e)),
        };
        let Ok(r) = readings.swap_remove(at).1 else {
            unreachable!("candidates have readings");
        };
        return Ok(LegacyRead::Read(Artifact {
            kind: Some(Kind::Module),
            profile,
            version: r.version,
            metadata: r.metadata,
        }));
    }
    let e = framing_error.unwrap_or_else(|| anyhow::anyhow!("no pre-3.0 profile to read with"));
    Ok(LegacyRead::NoTrailer(e))
}

/// `profile`'s reading of a pre-3.0 trailer's metadata.
fn legacy_reading(
    profile: &'static Profile,
    version: &[u8],
    payload: &Payload<'_>,
) -> Result<Reading, String> {
    let layout = profile.layout;
    let metadata = Metadata::decode_read(layout, payload).map_err(|e| {
        format!(
            "the pre-3.0 metadata does not decode with the {} layout: {e}",
            layout.name
        )
    })?;
    let exact = metadata
        .encode()
        .is_ok_and(|again| match layout.trailing_bytes {
            // Only the start of the value is described: it must be exact.
            TrailingBytes::Module(_) => payload.bytes.starts_with(&again),
            _ => payload.is_exactly(&again),
        });
    Ok(Reading {
        version: version.to_vec(),
        metadata: metadata.into_owned(),
        exact,
    })
}

/// The error for readings that fit equally.
fn ambiguity(names: Vec<&'static str>) -> anyhow::Error {
    anyhow::anyhow!(
        "the engine section fits profiles {} equally (their layouts decode it alike but mean \
         different settings, and its version string is none of theirs); name the profile to use",
        names.join(", ")
    )
}

/// Reads the artifact with the best fitting of `wanted` (see [`choose`]);
/// `named` is the profile the caller asked for, if any, for the error.
///
/// Each distinct layout decodes the engine section at most once, however
/// many profiles share it, and the profile that owns the version string is
/// tried first: when its layout reads the section exactly, no other
/// profile could be chosen over it, so the others are never decoded.
fn read_among(
    input: Input<'_>,
    wanted: &[&'static Profile],
    named: Option<&'static Profile>,
) -> anyhow::Result<Artifact> {
    let mut elf = Elf::open(input, Headers::RULES)?;
    let marks = elf.marks();
    let owner = version_owner(&mut elf, wanted)?;
    let order = owner
        .into_iter()
        .chain(wanted.iter().copied().filter(|p| Some(*p) != owner));
    let mut readings: Vec<(ReadingKey, Result<Option<Reading>, String>)> = Vec::new();
    let mut candidates: Vec<(&'static Profile, usize)> = Vec::new();
    let mut errors: Vec<(&'static Profile, String)> = Vec::new();
    for p in order {
        let rule = p.container;
        let key: ReadingKey = (p.layout, rule.section, rule.pick);
        let at = match readings.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                let reading = match read_as(&mut elf, p) {
                    Err(e) if is_io(&e) => return Err(e),
                    other => other.map_err(|e| format!("{e:#}")),
                };
                readings.push((key, reading));
                readings.len() - 1
            }
        };
        match &readings[at].1 {
            Ok(Some(r)) if r.exact && Some(p) == owner => {
                candidates = vec![(p, at)];
                break;
            }
            Ok(Some(_)) => candidates.push((p, at)),
            Ok(None) => {}
            Err(e) => errors.push((p, e.clone())),
        }
    }
    let reading = |at: usize| match &readings[at].1 {
        Ok(Some(r)) => r,
        _ => unreachable!("candidates have readings"),
    };
    let chosen = choose(&candidates, |at| reading(at)).map_err(ambiguity)?;
    let Some((profile, at)) = chosen else {
        return Err(no_reading(named.or(owner), errors));
    };
    let Ok(Some(r)) = readings.swap_remove(at).1 else {
        unreachable!("candidates have readings");
    };
    Ok(Artifact {
        kind: profile.container.detect.kind(marks),
        profile,
        version: r.version,
        metadata: r.metadata,
    })
}

/// The first of `wanted` that owns the version string of the engine
/// section where that profile finds it, if any; each place is framed once.
fn version_owner(
    elf: &mut Elf<'_>,
    wanted: &[&'static Profile],
) -> anyhow::Result<Option<&'static Profile>> {
    type Place = (&'static str, format::SectionPick);
    let mut versions: Vec<(Place, Option<Vec<u8>>)> = Vec::new();
    for &p in wanted {
        let place = (p.container.section, p.container.pick);
        let at = match versions.iter().position(|(k, _)| *k == place) {
            Some(at) => at,
            None => {
                let framed = elf
                    .find(place.0, place.1)
                    .and_then(|found| found.map(|s| elf.frame(s)).transpose());
                let version = match framed {
                    Ok(framed) => framed.map(|f| f.version.into_owned()),
                    Err(ReadError::Io(e)) => return Err(e.into()),
                    Err(ReadError::Format(_)) => None,
                };
                versions.push((place, version));
                versions.len() - 1
            }
        };
        if versions[at].1.as_deref().is_some_and(|v| p.owns_version(v)) {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// Frames and decodes the engine section as `profile` finds it; `None` when
/// the file has no section of that profile's name.
fn read_as(elf: &mut Elf<'_>, profile: &'static Profile) -> anyhow::Result<Option<Reading>> {
    let rule = profile.container;
    let Some(section) = elf.find(rule.section, rule.pick)? else {
        return Ok(None);
    };
    let framed = elf.frame(section)?;
    let layout = profile.layout;
    let payload = elf.payload(&framed, |b| Metadata::prefix_suffices(layout, b))?;
    let metadata = Metadata::decode_read(layout, &payload).map_err(|e| {
        anyhow::anyhow!(
            "the engine metadata does not decode with the {} layout: {e}",
            profile.layout.name
        )
    })?;
    let exact = metadata
        .encode()
        .is_ok_and(|again| payload.is_exactly(&again));
    Ok(Some(Reading {
        version: framed.version.to_vec(),
        metadata: metadata.into_owned(),
        exact,
    }))
}

/// Whether `e` is a failure to read the file rather than what it holds.
fn is_io(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.is::<std::io::Error>())
}

/// The best reading: exact ones before loose ones (which leave bytes
/// unread), and among several, the profile that owns the version string.
///
/// Several still tied that share one reading (one layout: consecutive
/// majors that changed nothing on the wire) decode to the same settings,
/// so the newest of them is taken; [`Artifact::layout_releases`] names
/// them all. Tied readings of different layouts mean different settings:
/// that is an ambiguity (their names).
fn choose<'r>(
    candidates: &[(&'static Profile, usize)],
    reading: impl Fn(usize) -> &'r Reading,
) -> Result<Option<(&'static Profile, usize)>, Vec<&'static str>> {
    let exact: Vec<_> = candidates
        .iter()
        .filter(|(_, at)| reading(*at).exact)
        .collect();
    let loose: Vec<_> = candidates
        .iter()
        .filter(|(_, at)| !reading(*at).exact)
        .collect();
    let pool = if exact.is_empty() { loose } else { exact };
    if pool.len() <= 1 {
        return Ok(pool.first().map(|c| **c));
    }
    let owners: Vec<_> = pool
        .iter()
        .filter(|(p, at)| p.owns_version(&reading(*at).version))
        .collect();
    let tied = match owners.len() {
        1 => return Ok(Some(**owners[0])),
        0 => pool,
        _ => owners.into_iter().copied().collect(),
    };
    if tied.iter().all(|(_, at)| *at == tied[0].1) {
        return Ok(Some(*tied[0]));
    }
    Err(tied.iter().map(|(p, _)| p.name).collect())
}

/// The error when no profile read the engine section: that of the profile
/// named or owning the version string, if it tried; else each distinct
/// error once with the profiles that gave it, the newest few in full.
fn no_reading(
    profile: Option<&'static Profile>,
    errors: Vec<(&'static Profile, String)>,
) -> anyhow::Error {
    if errors.is_empty() {
        let names: Vec<&str> = match profile {
            Some(p) => vec![p.container.section],
            None => {
                let mut names: Vec<&str> = profiles::ALL
                    .iter()
                    .map(|p| p.container.section)
                    .filter(|s| !s.is_empty())
                    .collect();
                names.sort_unstable();
                names.dedup();
                names
            }
        };
        return FormatError::NoSection(names.join("` or `")).into();
    }
    if let Some((_, e)) = errors.iter().find(|(p, _)| Some(*p) == profile) {
        return anyhow::anyhow!("{e}");
    }
    let mut grouped: Vec<(String, Vec<&str>)> = Vec::new();
    for (p, e) in errors {
        match grouped.iter_mut().find(|(text, _)| *text == e) {
            Some((_, names)) => names.push(p.name),
            None => grouped.push((e, vec![p.name])),
        }
    }
    if grouped.len() == 1 {
        return anyhow::anyhow!(grouped.remove(0).0);
    }
    const SHOWN: usize = 3;
    let mut lines: Vec<String> = grouped
        .iter()
        .take(SHOWN)
        .map(|(e, names)| format!("{}: {e}", names.join(", ")))
        .collect();
    if grouped.len() > SHOWN {
        lines.push(format!(
            "{} more layouts fail too; name a profile to see its error",
            grouped.len() - SHOWN
        ));
    }
    anyhow::anyhow!(
        "no built-in profile reads the engine section ({})",
        lines.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::{Layout, VersionRule, WASMTIME_44};

    /// A profile with wasmtime 44's layout and rules under another name
    /// and version, as wasmtime 43 is.
    static SAME_LAYOUT: Profile = Profile {
        name: "same-layout-as-44",
        version: &VersionRule {
            own: "43",
            per_patch: false,
            default_mismatch: "",
            custom_mismatch: "",
            strategies: crate::profiles::VersionStrategies::All,
        },
        ..WASMTIME_44
    };

    /// A layout that decodes exactly what wasmtime 44's does, as a distinct
    /// table: to the reader, a different meaning of the same bytes.
    static LOOKALIKE_LAYOUT: Layout = Layout {
        name: "lookalike",
        ..*WASMTIME_44.layout
    };

    static LOOKALIKE: Profile = Profile {
        name: "lookalike-of-44",
        layout: &LOOKALIKE_LAYOUT,
        ..SAME_LAYOUT
    };

    fn written_with(version: VersionStrategy) -> Vec<u8> {
        let mut b = EngineBuilder::native(&WASMTIME_44);
        b.version_strategy(version);
        write_artifact(&b.build().unwrap(), Kind::Module, &[]).unwrap()
    }

    #[test]
    fn the_version_string_decides_between_layouts_that_fit_equally() {
        for both in [[&SAME_LAYOUT, &WASMTIME_44], [&LOOKALIKE, &WASMTIME_44]] {
            let bytes = written_with(VersionStrategy::WasmtimeVersion);
            let read = read_among(Input::Bytes(&bytes), &both, None).unwrap();
            assert_eq!(read.profile, &WASMTIME_44);
            let bytes = written_with(VersionStrategy::Custom("43".into()));
            let read = read_among(Input::Bytes(&bytes), &both, None).unwrap();
            assert_eq!(read.profile, both[0]);
        }
    }

    #[test]
    fn releases_that_share_a_layout_read_as_the_newest_of_them() {
        let both: &[&'static Profile] = &[&WASMTIME_44, &SAME_LAYOUT];
        for version in [
            VersionStrategy::Custom("mine".into()),
            VersionStrategy::None,
        ] {
            let read = read_among(Input::Bytes(&written_with(version)), both, None).unwrap();
            assert_eq!(read.profile, &WASMTIME_44);
        }
    }

    #[test]
    fn different_layouts_that_fit_equally_are_an_error_that_names_them() {
        let both: &[&'static Profile] = &[&LOOKALIKE, &WASMTIME_44];
        for version in [
            VersionStrategy::Custom("mine".into()),
            VersionStrategy::None,
        ] {
            let bytes = written_with(version);
            let err = read_among(Input::Bytes(&bytes), both, None).unwrap_err();
            assert_eq!(
                err.to_string(),
                "the engine section fits profiles lookalike-of-44, wasmtime-44 equally (their \
                 layouts decode it alike but mean different settings, and its version string is \
                 none of theirs); name the profile to use"
            );
            // Naming one reads it with that one.
            let read =
                read_among(Input::Bytes(&bytes), &[&WASMTIME_44], Some(&WASMTIME_44)).unwrap();
            assert_eq!(read.profile, &WASMTIME_44);
        }
    }

    #[test]
    fn every_release_of_this_layout_is_named() {
        let read = Artifact::read(&written_with(VersionStrategy::None), None).unwrap();
        let names: Vec<&str> = read
            .profile
            .layout_releases()
            .iter()
            .map(|p| p.name)
            .collect();
        assert!(names.contains(&"wasmtime-44"), "{names:?}");
        assert!(
            names.iter().all(|n| n.starts_with("wasmtime-4")),
            "{names:?}"
        );
    }
}
