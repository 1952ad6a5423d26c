use crate::check::{path_text, Tally};
use crate::inputs;
use crate::output::{self, Failure, Outcome};
use crate::parallel;
use aotcompat::artifact;
use aotcompat::profiles::Profile;
use std::path::PathBuf;

/// `PATH: module | component | legacy | none`, one line per file (or one
/// JSON object per line), as the wasmtime that wrote each file would answer
/// (or `profile`'s wasmtime); `legacy` is an artifact in wasmtime's
/// pre-3.0 format, which has no kind marks. Unreadable paths are reported
/// on stderr and make the exit code 2; the others are still answered.
pub fn run(
    paths: &[PathBuf],
    all_files: bool,
    json: bool,
    profile: Option<&'static Profile>,
) -> Outcome {
    let inputs = inputs::expand(paths, all_files);
    let results = parallel::map(&inputs.files, |path| {
        inputs::open(path)?;
        artifact::detect_format_file(path, profile)
            .map_err(|e| format!("cannot read `{}`: {e}", inputs::shown(path)))
    });
    let mut tally = Tally::default();
    for (path, message) in &inputs.unreadable {
        tally.unreadable(path, message, json)?;
    }
    for (path, result) in inputs.files.iter().zip(results) {
        match result {
            Ok(detected) => {
                let kind = detected.name();
                let line = if json {
                    serde_json::json!({ "path": path_text(path), "kind": kind }).to_string()
                } else {
                    format!("{}: {kind}", inputs::shown(path))
                };
                output::print(&format!("{line}\n"))?;
                tally.judged(true);
            }
            Err(message) => tally.unreadable(path, &message, json)?,
        }
    }
    tally
        .exit_code()
        .map_err(|f| Failure { message: None, ..f })
}
