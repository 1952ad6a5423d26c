//! The one place the command opens a path for reading: only a regular
//! file, at once (a FIFO, socket, device or directory is refused without
//! blocking: the library opens non-blocking and asks `fstat`), and for
//! small inputs such as JSON only up to a size cap. Every refusal is a
//! usage error (exit code 2) that says what the path is.

use crate::output::{escape_controls, Failure};
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The largest JSON file `stamp --metadata` reads: 16 MiB, thousands of
/// times what an `inspect --json` description takes.
pub const MAX_JSON: u64 = 16 << 20;

/// Opens `path` for reading if it is a regular file of at most `cap`
/// bytes (any size without a cap).
pub fn open(path: &Path, cap: Option<u64>) -> Result<File, Failure> {
    let shown = escape_controls(&path.display().to_string());
    let file = aotcompat::format::open_regular(path)
        .map_err(|e| Failure::usage(format!("cannot read `{shown}`: {e}")))?;
    if let Some(cap) = cap {
        let len = file
            .metadata()
            .map_err(|e| Failure::usage(format!("cannot read `{shown}`: {e}")))?
            .len();
        if len > cap {
            return Err(too_large(&shown, cap));
        }
    }
    Ok(file)
}

/// The text of a regular file of at most `cap` bytes.
pub fn read_text(path: &Path, cap: u64) -> Result<String, Failure> {
    let shown = escape_controls(&path.display().to_string());
    let file = open(path, Some(cap))?;
    let mut bytes = Vec::new();
    // The file may grow after the size check: never read past the cap.
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::usage(format!("cannot read `{shown}`: {e}")))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(&shown, cap));
    }
    String::from_utf8(bytes)
        .map_err(|e| Failure::usage(format!("`{shown}` is not UTF-8 text: {e}")))
}

fn too_large(shown: &str, cap: u64) -> Failure {
    Failure::usage(format!(
        "`{shown}` is larger than {cap} bytes, the most this command reads from it"
    ))
}
