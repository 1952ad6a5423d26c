use crate::output::{Failure, Outcome};
use aotcompat::artifact::ArtifactJson;
use aotcompat::model::Kind;
use aotcompat::profiles;
use std::path::Path;
use std::process::ExitCode;

/// Writes an artifact of `kind` whose engine section carries the version
/// string and metadata of an `inspect --json` description.
pub fn run(metadata: &Path, kind: &str, profile: Option<&str>, out: &Path) -> Outcome {
    let kind: Kind = kind.parse().map_err(Failure::usage)?;
    let text = crate::input::read_text(metadata, crate::input::MAX_JSON)?;
    let mut json: ArtifactJson = serde_json::from_str(&text).map_err(|e| {
        Failure::usage(format!(
            "`{}` is not an artifact description: {e}",
            metadata.display()
        ))
    })?;
    if let Some(p) = profile {
        json.profile = profiles::parse(p).map_err(Failure::usage)?.name.to_string();
    }
    let artifact = json
        .to_artifact()
        .map_err(|e| Failure::usage(format!("`{}`: {e:#}", metadata.display())))?;
    let bytes = artifact
        .write(kind, &[])
        .map_err(|e| Failure::usage(format!("{e:#}")))?;
    std::fs::write(out, bytes)
        .map_err(|e| Failure::usage(format!("cannot write `{}`: {e}", out.display())))?;
    Ok(ExitCode::SUCCESS)
}
