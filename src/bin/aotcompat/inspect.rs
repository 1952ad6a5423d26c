use crate::output::{self, escape_controls, Failure, Outcome};
use aotcompat::artifact::{Artifact, ArtifactJson};
use aotcompat::model::value_text;
use aotcompat::profiles::Profile;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Prints kind, profile, version, target, every flag, tunable and feature.
pub fn run(path: &Path, json: bool, profile: Option<&str>) -> Outcome {
    let profile = output::profile(profile)?;
    let artifact = read(path, profile)?;
    let text = if json {
        let mut text = serde_json::to_string_pretty(&ArtifactJson::from_artifact(&artifact))
            .map_err(|e| Failure::usage(format!("cannot print JSON: {e}")))?;
        text.push('\n');
        text
    } else {
        describe(&artifact)
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads an artifact: an unreadable file is a usage error (2), a file that
/// is not a readable artifact is exit code 1.
pub fn read(path: &Path, profile: Option<&'static Profile>) -> Result<Artifact, Failure> {
    std::fs::metadata(path)
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))?;
    Artifact::read_file(path, profile).map_err(|e| {
        Failure::incompatible(format!(
            "`{}` is not a readable artifact: {e:#}",
            path.display()
        ))
    })
}

/// The text form; every piece taken from the file is escaped.
fn describe(a: &Artifact) -> String {
    let e = |text: &str| escape_controls(text);
    let mut s = String::new();
    let md = &a.metadata;
    let _ = writeln!(s, "kind: {}", a.kind.map_or("none", |k| k.name()));
    let _ = writeln!(s, "profile: {}", a.profile);
    let _ = writeln!(s, "version: {}", e(&String::from_utf8_lossy(&a.version)));
    let _ = writeln!(s, "target: {}", e(&md.target));
    let _ = writeln!(s, "shared flags:");
    for (name, value) in &md.shared_flags {
        let _ = writeln!(s, "  {} = {}", e(name), e(&format!("{value:?}")));
    }
    let _ = writeln!(s, "isa flags:");
    for (name, value) in &md.isa_flags {
        let _ = writeln!(s, "  {} = {}", e(name), e(&format!("{value:?}")));
    }
    let _ = writeln!(s, "tunables:");
    for (name, value) in md.tunables() {
        let text = value_text(md.tunable_shape(name), value);
        let _ = writeln!(s, "  {} = {}", e(name), e(&text));
    }
    let _ = writeln!(s, "features:");
    for (name, on) in md.features() {
        let _ = writeln!(s, "  {} = {on}", e(name));
    }
    let unnamed = md.unnamed_feature_bits();
    if unnamed != 0 {
        let _ = writeln!(s, "  (unnamed feature bits {unnamed:#x})");
    }
    s
}
