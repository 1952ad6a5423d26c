//! Whole artifacts: read one into its kind, profile, version string and
//! metadata; write one from an engine; describe one as JSON.
//!
//! This sits on top of `format` (container and framing), `profiles`
//! (layouts) and `model`, and is what `inspect`, `detect`, `stamp` and "the
//! engine that produced this file" are built on. Without a profile named,
//! the profile is the one whose layout decodes the engine section exactly,
//! with the version string deciding between layouts that both fit; an
//! engine section that fits several profiles equally is an error that
//! names them, never a silent guess.

mod json;

pub use json::ArtifactJson;

use crate::format::{self, EngineSection, ExtraSection, FormatError, Headers, Kind};
use crate::host::Probe;
use crate::model::{Engine, EngineBuilder, Metadata, VersionStrategy};
use crate::profiles::{self, Profile};
use anyhow::Context;
use object::ReadRef;
use std::path::Path;
use std::str::FromStr;
use target_lexicon::Triple;

/// What an artifact says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Module or component, by the marks as the profile's wasmtime reads
    /// them; `None` when they say neither (the metadata may still be
    /// readable).
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
        read_from(bytes, profile)
    }

    /// [`Artifact::read`] for a file, reading only the headers, section
    /// table and engine section.
    pub fn read_file(path: &Path, profile: Option<&'static Profile>) -> anyhow::Result<Artifact> {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot open `{}`", path.display()))?;
        read_from(&object::ReadCache::new(file), profile)
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
        builder.version_strategy(strategy).probe(Probe::native());
        Ok(builder)
    }

    /// The engine section this artifact's engine writes: framing, version
    /// string and encoded metadata.
    pub fn engine_section(&self) -> anyhow::Result<Vec<u8>> {
        EngineSection::encode(&self.version, &self.metadata.encode()?)
    }

    /// Writes an artifact of `kind` carrying exactly this version string and
    /// metadata (whatever bytes the version string holds), plus `extra`.
    pub fn write(&self, kind: Kind, extra: &[ExtraSection<'_>]) -> anyhow::Result<Vec<u8>> {
        let triple = Triple::from_str(&self.metadata.target).map_err(|e| {
            anyhow::anyhow!("invalid engine target `{}`: {e}", self.metadata.target)
        })?;
        let section = self.engine_section()?;
        format::write_artifact(
            &triple,
            kind,
            self.profile.container.section,
            &section,
            extra,
        )
    }
}

/// Writes an artifact of `kind` stamped with `engine`'s version string and
/// metadata, carrying the `extra` sections.
pub fn write_artifact(
    engine: &Engine,
    kind: Kind,
    extra: &[ExtraSection<'_>],
) -> anyhow::Result<Vec<u8>> {
    let section = EngineSection::encode(
        engine.version_string().as_bytes(),
        &engine.metadata().encode()?,
    )?;
    let name = engine.profile().container.section;
    format::write_artifact(engine.triple(), kind, name, &section, extra)
}

/// Whether `bytes` is a precompiled module, a component, or neither, as the
/// wasmtime that wrote it would say (`Engine::detect_precompiled` of the
/// profile that decodes its engine section, or of the newest profile when
/// none does), or as `profile`'s wasmtime would say.
pub fn detect(bytes: &[u8], profile: Option<&'static Profile>) -> Option<Kind> {
    let profile = profile.unwrap_or_else(|| detect_profile(bytes));
    profile.container.detect.detect(bytes)
}

/// [`detect`] for a file, reading only what it needs. Only failing to open
/// the file is an error.
pub fn detect_file(
    path: &Path,
    profile: Option<&'static Profile>,
) -> std::io::Result<Option<Kind>> {
    let profile = match profile {
        Some(p) => p,
        None => {
            let file = std::fs::File::open(path)?;
            detect_profile(&object::ReadCache::new(file))
        }
    };
    profile.container.detect.detect_file(path)
}

fn detect_profile<'data, R: ReadRef<'data>>(data: R) -> &'static Profile {
    read_from(data, None).map_or(profiles::ALL[0], |a| a.profile)
}

/// One profile's reading of the engine section.
struct Candidate {
    profile: &'static Profile,
    version: Vec<u8>,
    metadata: Metadata<'static>,
    exact: bool,
}

fn read_from<'data, R: ReadRef<'data>>(
    data: R,
    profile: Option<&'static Profile>,
) -> anyhow::Result<Artifact> {
    match &profile {
        Some(p) => read_among(data, std::slice::from_ref(p), profile),
        None => read_among(data, profiles::ALL, None),
    }
}

/// Reads the artifact with the best fitting of `wanted` (see [`choose`]);
/// `named` is the profile the caller asked for, if any, for the error.
fn read_among<'data, R: ReadRef<'data>>(
    data: R,
    wanted: &[&'static Profile],
    named: Option<&'static Profile>,
) -> anyhow::Result<Artifact> {
    let headers = Headers::parse(data)?;
    let marks = headers.marks();
    let mut candidates = Vec::new();
    let mut errors: Vec<(&'static Profile, anyhow::Error)> = Vec::new();
    for &p in wanted {
        match read_as(&headers, p) {
            Ok(Some(c)) => candidates.push(c),
            Ok(None) => {}
            Err(e) => errors.push((p, e)),
        }
    }
    let chosen = choose(candidates).map_err(|names| {
        anyhow::anyhow!(
            "the engine section fits profiles {} equally (their layouts decode it alike and its \
             version string is none of theirs); name the profile to use",
            names.join(" and ")
        )
    })?;
    let Some(c) = chosen else {
        return Err(no_reading(named, errors));
    };
    Ok(Artifact {
        kind: c.profile.container.detect.kind(marks),
        profile: c.profile,
        version: c.version,
        metadata: c.metadata,
    })
}

/// Frames and decodes the engine section as `profile` finds it; `None` when
/// the file has no section of that profile's name.
fn read_as<'data, R: ReadRef<'data>>(
    headers: &Headers<'data, R>,
    profile: &'static Profile,
) -> anyhow::Result<Option<Candidate>> {
    let rule = profile.container;
    let Some(data) = headers.section_data(rule.section, rule.pick)? else {
        return Ok(None);
    };
    let section = EngineSection::parse(data)?;
    let metadata = Metadata::decode(profile.layout, section.payload).map_err(|e| {
        anyhow::anyhow!(
            "the engine metadata does not decode with the {} layout: {e}",
            profile.name
        )
    })?;
    let exact = metadata
        .encode()
        .is_ok_and(|again| again == section.payload);
    Ok(Some(Candidate {
        profile,
        version: section.version.to_vec(),
        metadata: metadata.into_owned(),
        exact,
    }))
}

/// The best reading: exact ones before loose ones (which leave bytes
/// unread), and among several, the profiles that own the version string.
/// Several profiles still tied are an ambiguity (their names).
fn choose(candidates: Vec<Candidate>) -> Result<Option<Candidate>, Vec<&'static str>> {
    let (exact, loose): (Vec<_>, Vec<_>) = candidates.into_iter().partition(|c| c.exact);
    let pool = if exact.is_empty() { loose } else { exact };
    if pool.len() <= 1 {
        return Ok(pool.into_iter().next());
    }
    let (owners, others): (Vec<_>, Vec<_>) = pool
        .into_iter()
        .partition(|c| c.profile.owns_version(&c.version));
    match owners.len() {
        1 => Ok(owners.into_iter().next()),
        0 => Err(others.iter().map(|c| c.profile.name).collect()),
        _ => Err(owners.iter().map(|c| c.profile.name).collect()),
    }
}

/// The error when no profile read the engine section.
fn no_reading(
    profile: Option<&'static Profile>,
    errors: Vec<(&'static Profile, anyhow::Error)>,
) -> anyhow::Error {
    if errors.is_empty() {
        let names: Vec<&str> = match profile {
            Some(p) => vec![p.container.section],
            None => {
                let mut names: Vec<&str> =
                    profiles::ALL.iter().map(|p| p.container.section).collect();
                names.dedup();
                names
            }
        };
        return FormatError::NoSection(names.join("` or `")).into();
    }
    if errors.len() == 1 {
        return errors.into_iter().next().expect("one error").1;
    }
    let lines: Vec<String> = errors
        .iter()
        .map(|(p, e)| format!("{}: {e:#}", p.name))
        .collect();
    anyhow::anyhow!(
        "no built-in profile reads the engine section ({})",
        lines.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::{VersionRule, WASMTIME_44};

    /// A profile with wasmtime 44's layout and rules under another name
    /// and version, as wasmtime 43 is.
    static SAME_LAYOUT: Profile = Profile {
        name: "same-layout-as-44",
        version: &VersionRule {
            own: "43",
            default_mismatch: "",
            custom_mismatch: "",
        },
        ..WASMTIME_44
    };

    fn written_with(version: VersionStrategy) -> Vec<u8> {
        let mut b = EngineBuilder::native(&WASMTIME_44);
        b.version_strategy(version);
        write_artifact(&b.build().unwrap(), Kind::Module, &[]).unwrap()
    }

    #[test]
    fn the_version_string_decides_between_layouts_that_fit_equally() {
        let both: &[&'static Profile] = &[&SAME_LAYOUT, &WASMTIME_44];
        let bytes = written_with(VersionStrategy::WasmtimeVersion);
        let read = read_among(&*bytes, both, None).unwrap();
        assert_eq!(read.profile, &WASMTIME_44);
        let bytes = written_with(VersionStrategy::Custom("43".into()));
        let read = read_among(&*bytes, both, None).unwrap();
        assert_eq!(read.profile, &SAME_LAYOUT);
    }

    #[test]
    fn an_ambiguity_is_an_error_that_names_the_candidates() {
        let both: &[&'static Profile] = &[&SAME_LAYOUT, &WASMTIME_44];
        for version in [
            VersionStrategy::Custom("mine".into()),
            VersionStrategy::None,
        ] {
            let bytes = written_with(version);
            let err = read_among(&*bytes, both, None).unwrap_err();
            assert_eq!(
                err.to_string(),
                "the engine section fits profiles same-layout-as-44 and wasmtime-44 equally \
                 (their layouts decode it alike and its version string is none of theirs); name \
                 the profile to use"
            );
            // Naming one reads it with that one.
            let read = read_among(&*bytes, &[&WASMTIME_44], Some(&WASMTIME_44)).unwrap();
            assert_eq!(read.profile, &WASMTIME_44);
        }
    }
}
