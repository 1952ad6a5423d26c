//! The paths the command is given: files as named, directories walked
//! recursively for `.cwasm` files (every regular file with `--all-files`),
//! and the one place where a path is vetted before anything reads it.

use crate::output::escape_controls;
use std::path::{Path, PathBuf};

/// What the user named, expanded: the files to judge, in a stable order
/// (arguments in order, each directory's files sorted), and the paths that
/// could not even be listed.
pub struct Inputs {
    pub files: Vec<PathBuf>,
    pub unreadable: Vec<(PathBuf, String)>,
    /// Whether a directory was among the arguments (the output then names
    /// every file, even a single one).
    pub walked: bool,
}

impl Inputs {
    /// Whether the output should name each file: several files, or any
    /// directory.
    pub fn many(&self) -> bool {
        self.walked || self.files.len() + self.unreadable.len() > 1
    }
}

/// Expands `paths`: a directory contributes its `.cwasm` files (or every
/// regular file, with `all_files`), found recursively without following
/// symbolic links to directories; anything else is taken as named and
/// vetted by [`open`] when it is judged.
pub fn expand(paths: &[PathBuf], all_files: bool) -> Inputs {
    let mut inputs = Inputs {
        files: Vec::new(),
        unreadable: Vec::new(),
        walked: false,
    };
    for path in paths {
        if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            inputs.walked = true;
            walk(path, all_files, &mut inputs);
        } else {
            inputs.files.push(path.clone());
        }
    }
    inputs
}

fn walk(dir: &Path, all_files: bool, inputs: &mut Inputs) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            inputs.unreadable.push((dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(&path, all_files, inputs);
            continue;
        }
        // A symbolic link counts as what it points to, but is never walked.
        let is_file = meta.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file());
        let wanted = all_files || path.extension().is_some_and(|e| e == "cwasm");
        if is_file && wanted {
            inputs.files.push(path);
        }
    }
}

/// The one place a path given to the command is vetted before it is read:
/// `Err` holds the reason it cannot be read (the exit code is then 2). Only
/// a regular file passes, at once: a FIFO, socket, device or directory is
/// refused without blocking (see [`crate::input::open`]).
pub fn open(path: &Path) -> Result<(), String> {
    crate::input::open(path, None).map(drop).map_err(|f| {
        f.message
            .unwrap_or_else(|| format!("cannot read `{}`", shown(path)))
    })
}

/// A path as the command prints it outside JSON: control characters
/// escaped.
pub fn shown(path: &Path) -> String {
    escape_controls(&path.display().to_string())
}
