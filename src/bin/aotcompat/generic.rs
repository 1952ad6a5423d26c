//! The command's side of the generic profile: inspecting, checking and
//! stamping artifacts whose engine description is `.aotcompat.engine`.
//!
//! A generic artifact carries the engine's settings but not the rules its
//! runtime judges them by, so `check` applies the default rules (equal for
//! flags and tunables, subset for features). Runtimes with their own rules
//! use the library or the C API.

use crate::output::{self, escape_controls, Failure, Outcome};
use aotcompat::artifact::Artifact;
use aotcompat::generic::{
    self, GenericArtifact, GenericArtifactJson, GenericEngine, GenericValue, GENERIC_PROFILE,
};
use aotcompat::host::Probe;
use aotcompat::model::Kind;
use aotcompat::rules::{Mode, Report};
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Whether the command should treat `path` with the generic profile: asked
/// for by name, or (with no profile named) a readable generic artifact
/// that is not a wasmtime one.
pub fn applies(profile: Option<&str>, path: &Path) -> bool {
    match profile {
        Some(name) => name == GENERIC_PROFILE,
        None => {
            Artifact::read_file(path, None).is_err() && GenericArtifact::read_file(path).is_ok()
        }
    }
}

/// Reads a generic artifact: unreadable file 2, unreadable artifact 1.
pub fn read(path: &Path) -> Result<GenericArtifact, Failure> {
    std::fs::metadata(path)
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))?;
    GenericArtifact::read_file(path).map_err(|e| {
        Failure::incompatible(format!(
            "`{}` is not a readable generic artifact: {e:#}",
            path.display()
        ))
    })
}

/// `inspect` for a generic artifact.
pub fn inspect(path: &Path, json: bool) -> Outcome {
    let artifact = read(path)?;
    let text = if json {
        let mut text = serde_json::to_string_pretty(&GenericArtifactJson::from_artifact(&artifact))
            .map_err(|e| Failure::usage(format!("cannot print JSON: {e}")))?;
        text.push('\n');
        text
    } else {
        describe(&artifact)
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The text form; every piece taken from the file is escaped.
fn describe(a: &GenericArtifact) -> String {
    let e = |text: &str| escape_controls(text);
    let md = &a.metadata;
    let mut s = String::new();
    let _ = writeln!(s, "kind: {}", a.kind.map_or("none", |k| k.name()));
    let _ = writeln!(s, "profile: {GENERIC_PROFILE}");
    let _ = writeln!(s, "version: {}", e(&String::from_utf8_lossy(&a.version)));
    let _ = writeln!(s, "target: {}", e(&md.target));
    for (title, flags) in [
        ("shared flags", &md.shared_flags),
        ("isa flags", &md.isa_flags),
    ] {
        let _ = writeln!(s, "{title}:");
        for (name, value) in flags {
            let _ = writeln!(s, "  {} = {}", e(name), e(&format!("{value:?}")));
        }
    }
    let _ = writeln!(s, "tunables:");
    for (name, value) in &md.tunables {
        let value = match value {
            GenericValue::U64(v) => v.to_string(),
            GenericValue::Bool(v) => v.to_string(),
            GenericValue::Str(v) => format!("{v:?}"),
            GenericValue::None => "none".to_string(),
        };
        let _ = writeln!(s, "  {} = {}", e(name), e(&value));
    }
    let _ = writeln!(s, "features:");
    for name in &md.features {
        let _ = writeln!(s, "  {}", e(name));
    }
    s
}

/// The engine that produced the host artifact at `host`, with the default
/// rules, the probe `probe`, and `target` if given.
pub fn engine(host: &str, probe: Probe, target: Option<&str>) -> Result<GenericEngine, Failure> {
    if host == "native" {
        return Err(Failure::usage(
            "the generic profile has no native engine: pass --host with an artifact of the host engine",
        ));
    }
    let artifact = read(Path::new(host)).map_err(|f| Failure {
        code: output::USAGE,
        ..f
    })?;
    let mut builder = artifact
        .engine_builder()
        .map_err(|e| Failure::usage(format!("host `{host}`: {e:#}")))?;
    builder.probe(probe);
    if let Some(target) = target {
        builder.target(target);
    }
    builder
        .build()
        .map_err(|e| Failure::usage(format!("{e:#}")))
}

/// `check` of a file against a generic engine.
pub fn check(
    engine: &GenericEngine,
    path: &Path,
    kind: Kind,
    mode: Mode,
) -> Result<Report, Failure> {
    generic::check_file(engine, path, kind, mode)
        .map_err(|e| Failure::usage(format!("cannot read `{}`: {e}", path.display())))
}

/// `stamp` of a generic description.
pub fn stamp(json: GenericArtifactJson, kind: Kind, out: &Path) -> Outcome {
    let artifact = json.to_artifact().map_err(Failure::usage)?;
    let bytes = artifact
        .write(kind, &[])
        .map_err(|e| Failure::usage(format!("{e:#}")))?;
    std::fs::write(out, bytes)
        .map_err(|e| Failure::usage(format!("cannot write `{}`: {e}", out.display())))?;
    Ok(ExitCode::SUCCESS)
}
