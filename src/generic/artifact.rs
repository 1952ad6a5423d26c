use super::check::engine_section;
use super::engine::{GenericEngine, GenericEngineBuilder};
use super::metadata::GenericMetadata;
use crate::format::{self, EngineSection, ExtraSection, GENERIC_ENGINE_SECTION};
use crate::host::Probe;
use crate::model::{Kind, VersionStrategy};
use anyhow::Context;
use object::ReadRef;
use std::path::Path;
use std::str::FromStr;
use target_lexicon::Triple;

/// What a generic artifact says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenericArtifact {
    /// Module or component by the ELF marks (the same marks as
    /// wasmtime-31's); `None` when they say neither.
    pub kind: Option<Kind>,
    /// The raw version string of the engine section ("" when the writing
    /// engine had no version).
    pub version: Vec<u8>,
    /// The decoded metadata.
    pub metadata: GenericMetadata,
}

impl GenericArtifact {
    /// Reads a generic artifact in memory.
    pub fn read(bytes: &[u8]) -> anyhow::Result<GenericArtifact> {
        read_from(bytes)
    }

    /// [`GenericArtifact::read`] for a file, reading only the headers,
    /// section table and engine section.
    pub fn read_file(path: &Path) -> anyhow::Result<GenericArtifact> {
        let file = std::fs::File::open(path)
            .with_context(|| format!("cannot open `{}`", path.display()))?;
        read_from(&object::ReadCache::new(file))
    }

    /// The version string as text, if it is UTF-8.
    pub fn version_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.version).ok()
    }

    /// A builder for the engine that produced this artifact: its metadata,
    /// a custom version check for its version string (none when empty),
    /// the default rules and the native probe. The embedder's own rules
    /// are not in the artifact; register them on the builder.
    pub fn engine_builder(&self) -> anyhow::Result<GenericEngineBuilder> {
        let mut builder = GenericEngineBuilder::from_metadata(self.metadata.clone());
        let strategy = match std::str::from_utf8(&self.version) {
            Ok("") => VersionStrategy::None,
            Ok(v) => VersionStrategy::Custom(v.to_string()),
            Err(e) => anyhow::bail!("the artifact's version string is not UTF-8: {e}"),
        };
        builder.version_strategy(strategy)?.probe(Probe::native());
        Ok(builder)
    }

    /// Writes an artifact of `kind` carrying exactly this version string
    /// and metadata, plus `extra`.
    pub fn write(&self, kind: Kind, extra: &[ExtraSection<'_>]) -> anyhow::Result<Vec<u8>> {
        let triple = Triple::from_str(&self.metadata.target).map_err(|e| {
            anyhow::anyhow!("invalid engine target `{}`: {e}", self.metadata.target)
        })?;
        write_raw(&triple, kind, &self.version, &self.metadata, extra)
    }
}

fn read_from<'data, R: ReadRef<'data>>(data: R) -> anyhow::Result<GenericArtifact> {
    let elf = format::parse_elf(data)?;
    let kind = format::detect_marks(format::marks(&elf));
    let section = engine_section(&elf)?;
    let metadata = GenericMetadata::decode(section.payload)
        .context("the generic engine metadata does not decode")?;
    Ok(GenericArtifact {
        kind,
        version: section.version.to_vec(),
        metadata,
    })
}

/// Writes an artifact of `kind` stamped with `engine`'s version string and
/// metadata in a `.aotcompat.engine` section, carrying the `extra`
/// sections. The ELF machine, byte order and marks are chosen exactly as
/// for a wasmtime artifact, so [`crate::format::detect`] tells its kind.
pub fn write_artifact(
    engine: &GenericEngine,
    kind: Kind,
    extra: &[ExtraSection<'_>],
) -> anyhow::Result<Vec<u8>> {
    write_raw(
        engine.triple(),
        kind,
        engine.version_string().as_bytes(),
        engine.metadata(),
        extra,
    )
}

fn write_raw(
    triple: &Triple,
    kind: Kind,
    version: &[u8],
    metadata: &GenericMetadata,
    extra: &[ExtraSection<'_>],
) -> anyhow::Result<Vec<u8>> {
    let section = EngineSection::encode(version, &metadata.encode())?;
    format::write_artifact_with_section(triple, kind, GENERIC_ENGINE_SECTION, &section, extra)
}
