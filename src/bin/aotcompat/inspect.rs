use crate::check::{path_text, reorder_path_first, Tally};
use crate::output::{self, escape_controls, Failure, Outcome};
use crate::{inputs, parallel};
use aotcompat::artifact::{Artifact, ArtifactJson};
use aotcompat::model::value_text;
use aotcompat::profiles::Profile;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Prints kind, profile, version, target, every flag, tunable and feature
/// of each artifact: as text (under a `== PATH` line when there are
/// several), or one JSON object per line naming its path (the form `stamp
/// --metadata` takes).
pub fn run(paths: &[PathBuf], all_files: bool, json: bool, profile: Option<&str>) -> Outcome {
    let profile = output::profile(profile)?;
    let inputs = inputs::expand(paths, all_files);
    let results = parallel::map(&inputs.files, |path| read(path, profile));
    let many = inputs.many();
    let mut tally = Tally::default();
    for (path, message) in &inputs.unreadable {
        tally.unreadable(path, message, json)?;
    }
    for (path, result) in inputs.files.iter().zip(results) {
        let artifact = match result {
            Ok(artifact) => artifact,
            Err(Failure { code, message }) => {
                let message = message.unwrap_or_default();
                if code == output::USAGE {
                    tally.unreadable(path, &message, json)?;
                } else {
                    // Readable, but not an artifact: exit code 1.
                    eprintln!("aotcompat: {}", escape_controls(&message));
                    if json {
                        let line = serde_json::json!({ "path": path_text(path), "error": message });
                        output::print(&format!("{line}\n"))?;
                    }
                    tally.judged(false);
                }
                continue;
            }
        };
        let text = if json {
            let mut value = serde_json::to_value(ArtifactJson::from_artifact(&artifact))
                .map_err(|e| Failure::usage(format!("cannot print JSON: {e}")))?;
            value["path"] = path_text(path).into();
            format!("{}\n", reorder_path_first(value))
        } else if many {
            format!("== {}\n{}", inputs::shown(path), describe(&artifact))
        } else {
            describe(&artifact)
        };
        output::print(&text)?;
        tally.judged(true);
    }
    tally.exit_code()
}

/// Reads an artifact: an unreadable file is a usage error (2), a file that
/// is not a readable artifact is exit code 1.
pub fn read(path: &Path, profile: Option<&'static Profile>) -> Result<Artifact, Failure> {
    inputs::open(path).map_err(Failure::usage)?;
    Artifact::read_file(path, profile).map_err(|e| {
        Failure::incompatible(format!(
            "`{}` is not a readable artifact: {e:#}",
            inputs::shown(path)
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
    let releases = a.profile.layout_release_text();
    if a.profile.owns_version(&a.version) || a.profile.layout_releases().len() < 2 {
        let _ = writeln!(s, "layout: {releases}");
    } else {
        let _ = writeln!(
            s,
            "layout: {releases} (the version string does not say which)"
        );
    }
    if let Some(trailer) = a.profile.container.trailer() {
        let _ = writeln!(
            s,
            "format: pre-3.0 (wasmtime 0.26 to 2.x), family {}: a `\\0wasmtime-aot` trailer {}; \
             read only",
            trailer.place.family(),
            match trailer.place {
                aotcompat::format::TrailerPlace::Start => "starting the file",
                aotcompat::format::TrailerPlace::AfterElfChain => "after a chain of ELF images",
                aotcompat::format::TrailerPlace::AfterElf => "after the ELF image",
            }
        );
    }
    let _ = writeln!(s, "version: {}", e(&String::from_utf8_lossy(&a.version)));
    let _ = writeln!(s, "target: {}", e(&md.target));
    let _ = writeln!(s, "shared flags:");
    for (name, value) in &md.shared_flags {
        let _ = writeln!(s, "  {} = {}", e(name), e(&value.to_string()));
    }
    let _ = writeln!(s, "isa flags:");
    for (name, value) in &md.isa_flags {
        let _ = writeln!(s, "  {} = {}", e(name), e(&value.to_string()));
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
    if md.trailing_fields().len() > 0 {
        let _ = writeln!(s, "after the features:");
        for (field, value) in md.trailing_fields() {
            let text = value_text(Some(field.shape), value);
            let _ = writeln!(s, "  {} = {}", e(field.name), e(&text));
        }
    }
    s
}
