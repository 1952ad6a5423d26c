use super::{GenericArtifact, GenericMetadata};
use crate::model::Kind;
use serde::{Deserialize, Serialize};

/// The JSON form of a generic artifact's description: what `aotcompat
/// inspect --json` prints for one and `aotcompat stamp --metadata` reads.
///
/// ```json
/// {"kind": "module", "profile": "generic", "version": "toyvm 2.3",
///  "target": "aarch64-unknown-linux-gnu",
///  "shared_flags": [["opt_level", {"Enum": "speed"}]],
///  "isa_flags": [["has_neon", {"Bool": true}]],
///  "tunables": [["stack_size", {"U64": 131072}], ["bounds_checks", {"Bool": true}]],
///  "features": ["simd128"]}
/// ```
///
/// Stamping this JSON gives back the same engine section byte for byte. A
/// version string that is not UTF-8 travels in `version_hex`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenericArtifactJson {
    /// `module`, `component`, or null when the marks say neither.
    pub kind: Option<String>,
    /// Always `generic`.
    pub profile: String,
    /// The engine's version string.
    pub version: String,
    /// The version string's bytes in hex, present only when they are not
    /// UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_hex: Option<String>,
    /// The metadata, its fields inline.
    #[serde(flatten)]
    pub metadata: GenericMetadata,
}

/// The profile name the JSON carries.
pub const GENERIC_PROFILE: &str = "generic";

impl GenericArtifactJson {
    /// Describes `artifact`.
    pub fn from_artifact(artifact: &GenericArtifact) -> GenericArtifactJson {
        GenericArtifactJson {
            kind: artifact.kind.map(|k| k.name().to_string()),
            profile: GENERIC_PROFILE.to_string(),
            version: String::from_utf8_lossy(&artifact.version).into_owned(),
            version_hex: std::str::from_utf8(&artifact.version)
                .is_err()
                .then(|| crate::artifact::to_hex(&artifact.version)),
            metadata: artifact.metadata.clone(),
        }
    }

    /// The artifact description this JSON gives.
    pub fn to_artifact(&self) -> anyhow::Result<GenericArtifact> {
        anyhow::ensure!(
            self.profile == GENERIC_PROFILE,
            "profile `{}` is not `{GENERIC_PROFILE}`",
            self.profile
        );
        let kind = self.kind.as_deref().map(str::parse::<Kind>).transpose()?;
        let version = match &self.version_hex {
            Some(hex) => crate::artifact::from_hex(hex)?,
            None => self.version.as_bytes().to_vec(),
        };
        Ok(GenericArtifact {
            kind,
            version,
            metadata: self.metadata.clone(),
        })
    }
}
