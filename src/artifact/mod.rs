//! Whole artifacts: read one into its kind, profile, version string and
//! metadata; write one from an engine; describe one as JSON.
//!
//! This sits on top of `format` (container and framing) and `layout`
//! (metadata bytes) and is what `inspect`, `stamp` and "the engine that
//! produced this file" are built on.

mod json;

pub use json::ArtifactJson;
pub(crate) use json::{from_hex, to_hex};

use crate::format::{self, EngineSection, ExtraSection};
use crate::host::Probe;
use crate::layout;
use crate::model::{Engine, EngineBuilder, Kind, Metadata, Profile, VersionStrategy};
use anyhow::Context;
use object::ReadRef;
use std::path::Path;
use std::str::FromStr;
use target_lexicon::Triple;

/// What an artifact says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// Module or component, by the profile's marks; `None` when the marks
    /// say neither (the metadata may still be readable).
    pub kind: Option<Kind>,
    /// The profile whose layout decoded the metadata.
    pub profile: Profile,
    /// The raw version string of the engine section.
    pub version: Vec<u8>,
    /// The decoded metadata.
    pub metadata: Metadata,
}

impl Artifact {
    /// Reads an artifact in memory. With `profile` `None`, the profile is
    /// the newest whose layout decodes the payload exactly (re-encoding
    /// gives back the same bytes).
    pub fn read(bytes: &[u8], profile: Option<Profile>) -> anyhow::Result<Artifact> {
        read_from(bytes, profile)
    }

    /// [`Artifact::read`] for a file, reading only the headers, section
    /// table and engine section.
    pub fn read_file(path: &Path, profile: Option<Profile>) -> anyhow::Result<Artifact> {
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
    /// profile's wasmtime version: WasmtimeVersion; else Custom), GC
    /// support, and the native probe, as a default wasmtime engine has.
    pub fn engine_builder(&self) -> anyhow::Result<EngineBuilder> {
        let strategy = VersionStrategy::derive(self.profile, &self.version)?;
        let mut builder = Engine::builder(self.profile, self.metadata.clone());
        builder
            .version_strategy(strategy)
            .gc_support(true)
            .probe(Probe::native());
        Ok(builder)
    }

    /// The engine section this artifact's engine writes: framing, version
    /// string and encoded metadata.
    pub fn engine_section(&self) -> anyhow::Result<Vec<u8>> {
        EngineSection::encode(&self.version, &layout::encode(self.profile, &self.metadata))
    }

    /// Writes an artifact of `kind` carrying exactly this version string and
    /// metadata (whatever bytes the version string holds), plus `extra`.
    pub fn write(&self, kind: Kind, extra: &[ExtraSection<'_>]) -> anyhow::Result<Vec<u8>> {
        let triple = Triple::from_str(&self.metadata.target).map_err(|e| {
            anyhow::anyhow!("invalid engine target `{}`: {e}", self.metadata.target)
        })?;
        format::write_artifact(&triple, kind, &self.engine_section()?, extra)
    }
}

fn read_from<'data, R: ReadRef<'data>>(
    data: R,
    profile: Option<Profile>,
) -> anyhow::Result<Artifact> {
    let elf = format::parse_elf(data)?;
    let kind = format::detect_marks(format::marks(&elf));
    let section = EngineSection::parse(format::engine_section_data(&elf)?)?;
    let (profile, metadata) = match profile {
        Some(p) => (
            p,
            layout::decode(p, section.payload).map_err(|e| decode_error(p, e))?,
        ),
        None => guess_profile(section.payload)?,
    };
    Ok(Artifact {
        kind,
        profile,
        version: section.version.to_vec(),
        metadata,
    })
}

fn decode_error(profile: Profile, e: postcard::Error) -> anyhow::Error {
    anyhow::anyhow!("the engine metadata does not decode with the {profile} layout: {e}")
}

/// The newest profile whose layout decodes `payload` and encodes it back to
/// the same bytes; failing that, the newest that decodes it at all.
fn guess_profile(payload: &[u8]) -> anyhow::Result<(Profile, Metadata)> {
    let mut loose = None;
    let mut last_error = None;
    for &p in Profile::ALL {
        match layout::decode(p, payload) {
            Ok(md) if layout::encode(p, &md) == payload => return Ok((p, md)),
            Ok(md) => loose = loose.or(Some((p, md))),
            Err(e) => last_error = Some(decode_error(p, e)),
        }
    }
    loose.ok_or_else(|| last_error.unwrap_or_else(|| anyhow::anyhow!("no profile is built in")))
}

/// Writes an artifact of `kind` stamped with `engine`'s version string and
/// metadata, carrying the `extra` sections.
pub fn write_artifact(
    engine: &Engine,
    kind: Kind,
    extra: &[ExtraSection<'_>],
) -> anyhow::Result<Vec<u8>> {
    let payload = layout::encode(engine.profile(), engine.metadata());
    let section = EngineSection::encode(engine.version_string().as_bytes(), &payload)?;
    format::write_artifact(engine.triple(), kind, &section, extra)
}
