//! Judging many files at once: a fixed pool of threads takes the files in
//! turn, results come back in input order, and a progress bar shows on
//! standard error when it is a terminal.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Runs `judge` on every file on up to one thread per core, and returns
/// the results in the order of `files`.
pub fn map<T: Send>(files: &[PathBuf], judge: impl Fn(&PathBuf) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..files.len()).map(|_| None).collect());
    let progress = Progress::new(files.len());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let result = judge(file);
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(result);
                }
                progress.tick(done.fetch_add(1, Ordering::Relaxed) + 1);
            });
        }
    });
    progress.finish();
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every file was judged"))
        .collect()
}

/// `[====>    ] 12/40` on standard error, only on a terminal and only for
/// more than one file.
struct Progress {
    total: usize,
    on: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            on: total > 1 && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self, done: usize) {
        if !self.on {
            return;
        }
        const WIDTH: usize = 30;
        let filled = done * WIDTH / self.total;
        let bar: String = (0..WIDTH)
            .map(|i| if i < filled { '=' } else { ' ' })
            .collect();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r[{bar}] {done}/{}", self.total);
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.on {
            // Clear the bar's line so the summary starts clean.
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:width$}\r", "", width = 45);
            let _ = err.flush();
        }
    }
}
