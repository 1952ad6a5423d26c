//! A cache sweep: `aotcompat check DIR` over a directory of 10,000 real
//! artifacts (copies of every real artifact of wasmtime 3 to 50 in the
//! fixtures, in turn), against the time to merely walk the directory and
//! open and `fstat` every file, one thread, in this process.
//!
//! Two hosts: `--host native` (each artifact is judged by the release that
//! wrote it, so its profile is found from its bytes) and a wasmtime 50
//! host artifact (one profile for all; most are rejected at the version
//! string). The page cache is warm: every file was just written. Cores
//! used are the command's user plus system CPU time over its wall time.
//!
//! Run with `cargo bench --bench sweep`. Prints figures; asserts nothing
//! about time. `AOTCOMPAT_SWEEP_FILES` changes the file count.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn real_artifacts(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("wasmtime-"))
        })
        .collect();
    dirs.sort();
    for dir in dirs {
        let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
        let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
        for a in manifest["artifacts"].as_array().unwrap() {
            let description = a["description"].as_str().unwrap_or_default();
            if description.starts_with("corrupted") || description.starts_with("foreign") {
                continue;
            }
            found.push(dir.join(a["file"].as_str().unwrap()));
        }
    }
    found
}

/// CPU time (user + system) of this process's waited-for children so far.
fn children_cpu() -> Duration {
    // SAFETY: `getrusage` fills the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Walks `dir` and opens and `fstat`s every file in it; the file count.
fn open_and_stat(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let file = std::fs::File::open(&path).unwrap();
        std::hint::black_box(file.metadata().unwrap().len());
        n += 1;
    }
    n
}

struct Figures {
    walls: Vec<Duration>,
    cores: Vec<f64>,
}

impl Figures {
    fn print(&self, what: &str, files: usize) {
        let mut walls = self.walls.clone();
        walls.sort();
        let (min, median, max) = (walls[0], walls[walls.len() / 2], walls[walls.len() - 1]);
        let rate = |d: Duration| files as f64 / d.as_secs_f64();
        let mut cores = self.cores.clone();
        cores.sort_by(f64::total_cmp);
        println!(
            "{what:<40} {:>8.1} {:>8.1} {:>8.1} ms   {:>8.0} {:>8.0} {:>8.0} files/s   {:.2} cores",
            min.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3,
            max.as_secs_f64() * 1e3,
            rate(max),
            rate(median),
            rate(min),
            cores[cores.len() / 2]
        );
    }
}

fn main() {
    let files: usize = std::env::var("AOTCOMPAT_SWEEP_FILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let sources = real_artifacts(&fixtures);
    let dir = std::env::temp_dir().join(format!("aotcompat-sweep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut bytes = 0u64;
    for i in 0..files {
        let source = &sources[i % sources.len()];
        let data = std::fs::read(source).unwrap();
        bytes += data.len() as u64;
        std::fs::write(dir.join(format!("{i:05}.cwasm")), data).unwrap();
    }
    let host = fixtures.join("wasmtime-50/hosts/x86-64-default.cwasm");
    let exe = env!("CARGO_BIN_EXE_aotcompat");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "sweep of {files} artifacts ({} MiB, copies of {} real ones), page cache warm, {cores} cores:",
        bytes >> 20,
        sources.len()
    );
    println!(
        "{:<40} {:>8} {:>8} {:>8}      {:>8} {:>8} {:>8}",
        "", "min", "median", "max", "min", "median", "max"
    );

    let runs = 5;
    let mut stat = Figures {
        walls: Vec::new(),
        cores: Vec::new(),
    };
    for _ in 0..runs {
        let start = Instant::now();
        assert_eq!(open_and_stat(&dir), files);
        stat.walls.push(start.elapsed());
        stat.cores.push(1.0);
    }
    stat.print("walk + open + fstat (1 thread)", files);

    for (what, host) in [
        ("aotcompat check DIR --host native", "native".to_string()),
        (
            "aotcompat check DIR --host <wasmtime 50>",
            host.display().to_string(),
        ),
    ] {
        let mut figures = Figures {
            walls: Vec::new(),
            cores: Vec::new(),
        };
        let mut lines = 0;
        for _ in 0..runs {
            let cpu = children_cpu();
            let start = Instant::now();
            let out = Command::new(exe)
                .args(["check", "--json", "--host", &host])
                .arg(&dir)
                .stderr(Stdio::null())
                .output()
                .unwrap();
            let wall = start.elapsed();
            // Exit 1: some artifacts are incompatible, as expected.
            assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
            lines = out
                .stdout
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .count();
            figures.walls.push(wall);
            figures
                .cores
                .push((children_cpu() - cpu).as_secs_f64() / wall.as_secs_f64());
        }
        assert_eq!(lines, files, "one JSON line per artifact");
        figures.print(what, files);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
