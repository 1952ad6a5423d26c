use crate::output::{Failure, Outcome};
use aotcompat::artifact::ArtifactJson;
use aotcompat::model::Kind;
use aotcompat::profiles;
use std::path::Path;
use std::process::ExitCode;

/// Writes an artifact of `kind` whose engine section carries the version
/// string and metadata of an `inspect --json` description (its `bti` and
/// `sections`, if any, are not read: the bti byte follows the ISA flags),
/// or, with `into`, stamps that ELF object with them; with `digest`, adds
/// an integrity digest.
pub fn run(
    metadata: &Path,
    kind: &str,
    profile: Option<&str>,
    into: Option<&Path>,
    out: &Path,
    digest: bool,
) -> Outcome {
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
    let bytes = match into {
        None => artifact.write(kind, &[]),
        Some(object) => {
            let input = read_object(object)?;
            artifact.stamp(kind, &input).map_err(|e| {
                e.context(format!(
                    "cannot stamp `{}`",
                    crate::output::escape_controls(&object.display().to_string())
                ))
            })
        }
    }
    .and_then(|bytes| {
        if digest {
            aotcompat::artifact::add_digest(&bytes)
        } else {
            Ok(bytes)
        }
    })
    .map_err(|e| Failure::usage(format!("{e:#}")))?;
    std::fs::write(out, bytes)
        .map_err(|e| Failure::usage(format!("cannot write `{}`: {e}", out.display())))?;
    Ok(ExitCode::SUCCESS)
}

/// The whole of a regular file.
fn read_object(path: &Path) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let mut file = crate::input::open(path, None)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| {
        Failure::usage(format!(
            "cannot read `{}`: {e}",
            crate::output::escape_controls(&path.display().to_string())
        ))
    })?;
    Ok(bytes)
}
