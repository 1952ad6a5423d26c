//! Printing: exit codes, control-character escaping, and a panic hook that
//! keeps a Rust panic message off the user's terminal.

use aotcompat::profiles::{self, Profile};
use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

/// Exit code: the host cannot load the artifact.
pub const INCOMPATIBLE: u8 = 1;
/// Exit code: usage error or unreadable file.
pub const USAGE: u8 = 2;

/// A command that did not succeed: its exit code and what to tell the user.
pub struct Failure {
    pub code: u8,
    pub message: Option<String>,
}

impl Failure {
    /// The file could not be read, or the arguments make no sense.
    pub fn usage(message: impl std::fmt::Display) -> Failure {
        Failure {
            code: USAGE,
            message: Some(message.to_string()),
        }
    }

    /// Something in the file keeps the host from loading it.
    pub fn incompatible(message: impl std::fmt::Display) -> Failure {
        Failure {
            code: INCOMPATIBLE,
            message: Some(message.to_string()),
        }
    }
}

/// Parses an optional `--profile` name.
pub fn profile(name: Option<&str>) -> Result<Option<&'static Profile>, Failure> {
    name.map(profiles::parse)
        .transpose()
        .map_err(Failure::usage)
}

/// A command's outcome.
pub type Outcome = Result<ExitCode, Failure>;

/// Writes `text` to stdout. A closed pipe (`aotcompat inspect x | head`)
/// ends the command quietly rather than with a panic.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|_| Failure {
            code: USAGE,
            message: None,
        })
}

/// Writes each control character (U+0000 to U+001F, U+007F) as `\xNN`, so
/// text taken from a crafted file cannot drive the terminal.
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_control() {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Replaces the default panic message with one line that says this is a
/// bug in aotcompat, never a Rust backtrace prompt.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "aotcompat: internal error (a bug in aotcompat, please report it): {}",
            escape_controls(&what)
        );
        std::process::exit(i32::from(USAGE));
    }));
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_only_controls() {
        assert_eq!(
            super::escape_controls("a\x1b[2Jb\x7f\té"),
            "a\\x1b[2Jb\\x7f\\x09é"
        );
    }
}
