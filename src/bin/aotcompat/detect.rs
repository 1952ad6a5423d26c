use crate::output::{self, escape_controls, Failure, Outcome};
use aotcompat::artifact;
use aotcompat::profiles::Profile;
use std::path::PathBuf;
use std::process::ExitCode;

/// `PATH: module | component | none`, one line per path, as the wasmtime
/// that wrote each file would answer (or `profile`'s wasmtime). Unreadable
/// paths are reported on stderr and make the exit code 2; the others are
/// still answered.
pub fn run(paths: &[PathBuf], profile: Option<&'static Profile>) -> Outcome {
    let mut unreadable = false;
    for path in paths {
        let shown = escape_controls(&path.display().to_string());
        match artifact::detect_file(path, profile) {
            Ok(kind) => {
                let kind = kind.map_or("none", |k| k.name());
                output::print(&format!("{shown}: {kind}\n"))?;
            }
            Err(e) => {
                eprintln!("aotcompat: cannot read `{shown}`: {e}");
                unreadable = true;
            }
        }
    }
    if unreadable {
        return Err(Failure {
            code: output::USAGE,
            message: None,
        });
    }
    Ok(ExitCode::SUCCESS)
}
