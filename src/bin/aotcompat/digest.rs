//! `aotcompat verify` and `aotcompat digest add`: the integrity digest
//! (`.aotcompat.digest`), and `check --verify`'s verification of one file.

use crate::check::Tally;
use crate::output::{self, escape_controls, Failure, Outcome};
use crate::{inputs, parallel};
use aotcompat::artifact::{self, VerifyError};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// Files, or directories searched recursively for `.cwasm` files.
    #[arg(required = true, value_name = "FILE")]
    paths: Vec<PathBuf>,
    /// In directories, take every regular file, not only `.cwasm` ones.
    #[arg(long)]
    all_files: bool,
}

#[derive(clap::Subcommand)]
pub enum DigestCommand {
    /// Add an integrity digest to an artifact (replacing the one it has),
    /// rewriting the file in place or writing `-o OUT`.
    Add {
        /// The artifact.
        #[arg(value_name = "FILE")]
        path: PathBuf,
        /// Write here instead of replacing FILE.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

/// What verifying one file gave: verified, not verified (what differs),
/// or unreadable (exit code 2).
pub enum Verdict {
    Verified,
    NotVerified(String),
    Unreadable(String),
}

/// Verifies one file, as `verify` and `check --verify` do.
pub fn verify_one(path: &Path) -> Verdict {
    if let Err(e) = inputs::open(path) {
        return Verdict::Unreadable(e);
    }
    match artifact::verify_file(path) {
        Ok(_) => Verdict::Verified,
        Err(VerifyError::Io(e)) => {
            Verdict::Unreadable(format!("cannot read `{}`: {e}", inputs::shown(path)))
        }
        Err(e) => Verdict::NotVerified(e.to_string()),
    }
}

/// `aotcompat verify FILE...`: `verified`, or what differs, per file
/// (after `PATH: ` when there are several); exit 0 when every file
/// verified, 1 when one did not, 2 when one could not be read.
pub fn verify(args: &VerifyArgs) -> Outcome {
    let inputs = inputs::expand(&args.paths, args.all_files);
    let results = parallel::map(&inputs.files, |path| verify_one(path));
    let mut tally = Tally::default();
    for (path, message) in &inputs.unreadable {
        tally.unreadable(path, message, false)?;
    }
    let many = inputs.many();
    for (path, result) in inputs.files.iter().zip(results) {
        let prefix = if many {
            format!("{}: ", inputs::shown(path))
        } else {
            String::new()
        };
        match result {
            Verdict::Verified => {
                output::print(&format!("{prefix}verified\n"))?;
                tally.judged(true);
            }
            Verdict::NotVerified(message) => {
                output::print(&format!("{prefix}{}\n", escape_controls(&message)))?;
                tally.judged(false);
            }
            Verdict::Unreadable(message) => tally.unreadable(path, &message, false)?,
        }
    }
    tally.exit_code()
}

/// `check --verify`, after a file's report: prints `verified` or what
/// differs (a line after the report's prefix; with `json`, an object
/// `{"path", "verified", "message"}`). `Some(verified)`, or `None` for a
/// file that could not be read (counted as such in `tally`).
pub fn after_check(
    path: &Path,
    many: bool,
    json: bool,
    tally: &mut Tally,
) -> Result<Option<bool>, Failure> {
    let (verified, message) = match verify_one(path) {
        Verdict::Verified => (true, "verified".to_string()),
        Verdict::NotVerified(message) => (false, message),
        Verdict::Unreadable(message) => {
            tally.unreadable(path, &message, json)?;
            return Ok(None);
        }
    };
    let line = if json {
        let value = serde_json::json!({
            "path": crate::check::path_text(path),
            "verified": verified,
            "message": message,
        });
        format!("{value}\n")
    } else if many {
        format!("{}: {}\n", inputs::shown(path), escape_controls(&message))
    } else {
        format!("{}\n", escape_controls(&message))
    };
    output::print(&line)?;
    Ok(Some(verified))
}

/// `aotcompat digest ...`.
pub fn run(command: &DigestCommand) -> Outcome {
    match command {
        DigestCommand::Add { path, output } => add(path, output.as_deref().unwrap_or(path)),
    }
}

/// Adds a digest to `path`, writing the result to `out` through a
/// temporary file beside it, renamed into place: a reader never sees a
/// half-written file.
fn add(path: &Path, out: &Path) -> Outcome {
    let shown = inputs::shown(path);
    let mut bytes = Vec::new();
    crate::input::open(path, None)?
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("cannot read `{shown}`: {e}")))?;
    let digested = artifact::add_digest(&bytes)
        .map_err(|e| Failure::incompatible(format!("cannot add a digest to `{shown}`: {e:#}")))?;
    let shown_out = inputs::shown(out);
    let mut tmp = out.as_os_str().to_owned();
    tmp.push(format!(".aotcompat-{}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let written = std::fs::write(&tmp, &digested).and_then(|()| std::fs::rename(&tmp, out));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Failure::usage(format!("cannot write `{shown_out}`: {e}")));
    }
    Ok(ExitCode::SUCCESS)
}
