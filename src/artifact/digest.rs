//! The integrity digest of whole artifacts: add one (also as an option of
//! the writer and the stamper) and verify one. The format and what it
//! covers are `format`'s (see [`crate::format::add_digest`]).

use super::{stamp_object, write_artifact_with_symbols};
use crate::format::{self, ExtraSection, ExtraSymbol, Input, Kind};
use crate::model::Engine;
use std::path::Path;

pub use crate::format::{Verified, VerifyError};

/// Options of [`write_artifact_with`] and [`stamp_object_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Add an integrity digest (`.aotcompat.digest`) to the artifact.
    pub digest: bool,
}

impl WriteOptions {
    fn finish(&self, bytes: Vec<u8>) -> anyhow::Result<Vec<u8>> {
        if self.digest {
            Ok(format::add_digest(&bytes)?)
        } else {
            Ok(bytes)
        }
    }
}

/// [`write_artifact_with_symbols`](super::write_artifact_with_symbols),
/// with `options` (a digest).
pub fn write_artifact_with(
    engine: &Engine,
    kind: Kind,
    extra: &[ExtraSection<'_>],
    symbols: &[ExtraSymbol<'_>],
    options: &WriteOptions,
) -> anyhow::Result<Vec<u8>> {
    options.finish(write_artifact_with_symbols(engine, kind, extra, symbols)?)
}

/// [`stamp_object`](super::stamp_object), with `options` (a digest).
pub fn stamp_object_with(
    engine: &Engine,
    kind: Kind,
    object: &[u8],
    options: &WriteOptions,
) -> anyhow::Result<Vec<u8>> {
    options.finish(stamp_object(engine, kind, object)?)
}

/// Adds an integrity digest to an artifact (any ELF64 file without program
/// headers), replacing the one it has; every section, symbol and
/// relocation is kept. A failure is a
/// [`StampError::Object`](crate::format::StampError) in the error chain.
pub fn add_digest(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    Ok(format::add_digest(bytes)?)
}

/// Verifies the digest of an artifact in memory.
pub fn verify(bytes: &[u8]) -> Result<Verified, VerifyError> {
    format::verify(&mut Input::Bytes(bytes))
}

/// Verifies the digest of a file, reading it once in order through one
/// fixed buffer. A path that is not a regular file is an
/// [`VerifyError::Io`].
pub fn verify_file(path: &Path) -> Result<Verified, VerifyError> {
    let mut input = Input::open(path)?;
    format::verify(&mut input)
}
