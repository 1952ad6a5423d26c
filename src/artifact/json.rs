use super::Artifact;
use crate::format::Kind;
use crate::model::{from_hex, hex, MetadataJson};
use crate::profiles;
use serde::{Deserialize, Serialize};

/// The JSON form of an artifact's description: what `aotcompat inspect
/// --json` prints and `aotcompat stamp --metadata` reads.
///
/// ```json
/// {"kind": "module", "profile": "wasmtime-31", "version": "31.0.0",
///  "target": "x86_64-unknown-linux-gnu",
///  "shared_flags": [["opt_level", {"Enum": "speed"}], ...],
///  "isa_flags": [["has_avx", {"Bool": true}], ...],
///  "tunables": {"collector": "DeferredReferenceCounting", ...},
///  "features": {"simd": true, ...}}
/// ```
///
/// The metadata fields are [`MetadataJson`]'s. Stamping this JSON gives back
/// the same engine section byte for byte. A version string that is not
/// UTF-8 is shown with replacement characters in `version`, and its exact
/// bytes travel in `version_hex`, which wins when present.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArtifactJson {
    /// `module`, `component`, or null when the marks say neither.
    pub kind: Option<String>,
    /// The profile name.
    pub profile: String,
    /// The engine's version string.
    pub version: String,
    /// The version string's bytes in hex, present only when they are not
    /// UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_hex: Option<String>,
    /// The metadata, its fields inline.
    #[serde(flatten)]
    pub metadata: MetadataJson,
}

impl ArtifactJson {
    /// Describes `artifact`.
    pub fn from_artifact(artifact: &Artifact) -> ArtifactJson {
        ArtifactJson {
            kind: artifact.kind.map(|k| k.name().to_string()),
            profile: artifact.profile.name.to_string(),
            version: String::from_utf8_lossy(&artifact.version).into_owned(),
            version_hex: std::str::from_utf8(&artifact.version)
                .is_err()
                .then(|| hex(&artifact.version)),
            metadata: MetadataJson::new(&artifact.metadata),
        }
    }

    /// The artifact description this JSON gives.
    pub fn to_artifact(&self) -> anyhow::Result<Artifact> {
        let kind = self.kind.as_deref().map(str::parse::<Kind>).transpose()?;
        let profile = profiles::parse(&self.profile)?;
        let version = match &self.version_hex {
            Some(digits) => from_hex(digits)
                .ok_or_else(|| anyhow::anyhow!("`version_hex` is not hexadecimal: `{digits}`"))?,
            None => self.version.as_bytes().to_vec(),
        };
        Ok(Artifact {
            kind,
            profile,
            version,
            metadata: self.metadata.to_metadata(profile.layout)?,
        })
    }
}
