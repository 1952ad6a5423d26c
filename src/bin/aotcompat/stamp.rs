use crate::generic;
use crate::output::{Failure, Outcome};
use aotcompat::artifact::ArtifactJson;
use aotcompat::generic::{GenericArtifactJson, GENERIC_PROFILE};
use aotcompat::model::{Kind, Profile};
use std::path::Path;
use std::process::ExitCode;

/// Writes an artifact of `kind` whose engine section carries the version
/// string and metadata of an `inspect --json` description.
pub fn run(metadata: &Path, kind: &str, profile: Option<&str>, out: &Path) -> Outcome {
    let kind: Kind = kind.parse().map_err(Failure::usage)?;
    let text = std::fs::read_to_string(metadata)
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", metadata.display())))?;
    let not_a_description = |e: serde_json::Error| {
        Failure::usage(format!(
            "`{}` is not an artifact description: {e}",
            metadata.display()
        ))
    };
    let value: serde_json::Value = serde_json::from_str(&text).map_err(not_a_description)?;
    let named = profile.or_else(|| value.get("profile").and_then(|p| p.as_str()));
    if named == Some(GENERIC_PROFILE) {
        let json: GenericArtifactJson = serde_json::from_value(value).map_err(not_a_description)?;
        return generic::stamp(json, kind, out);
    }
    let json: ArtifactJson = serde_json::from_value(value).map_err(|e| {
        Failure::usage(format!(
            "`{}` is not an artifact description: {e}",
            metadata.display()
        ))
    })?;
    let mut artifact = json.to_artifact().map_err(Failure::usage)?;
    if let Some(p) = profile {
        artifact.profile = p.parse::<Profile>().map_err(Failure::usage)?;
    }
    let bytes = artifact
        .write(kind, &[])
        .map_err(|e| Failure::usage(format!("{e:#}")))?;
    std::fs::write(out, bytes)
        .map_err(|e| Failure::usage(format!("cannot write `{}`: {e}", out.display())))?;
    Ok(ExitCode::SUCCESS)
}
