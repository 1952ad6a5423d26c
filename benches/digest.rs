//! Verifying the integrity digest of a 1 GiB artifact, against baselines
//! measured in alternating runs of the same process:
//!
//! - `read`: reading the file once through a buffer of the verifier's size
//!   (256 KiB), nothing else: the floor of any verification of the file;
//! - `sha256`: the same read feeding one SHA-256 (the `sha2` crate the
//!   verifier uses): a plain streaming hash of the whole file;
//! - `sha256sum` (coreutils) and `aotcompat verify`, each as a child
//!   process, timed with their peak resident memory (`wait4`'s
//!   `ru_maxrss`): what a user sees.
//!
//! In-process, a counting allocator gives the most heap the verifier held
//! at once. The page cache is warm (the file was just written, and each
//! run reads it whole): these are CPU-bound figures, not disk ones.
//!
//! A forked child inherits its parent's peak RSS figure, so the artifact
//! is made by a child of its own (this program run again), the children
//! are timed while this process is still small, and the in-memory figures
//! (which read the whole file into memory) come last.
//!
//! Run with `cargo bench --bench digest`; `AOTCOMPAT_DIGEST_MIB=N` changes
//! the size (default 1024). Prints figures; asserts nothing about time.

use aotcompat::artifact::{self, WriteOptions};
use aotcompat::format::{ExtraSection, SectionKind};
use aotcompat::model::{EngineBuilder, Kind};
use aotcompat::profiles::WASMTIME_31;
use sha2::{Digest, Sha256};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts bytes held, and the most held at once since the last reset.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const RUNS: usize = 5;
const BUFFER: usize = 256 << 10;

/// Min, median, max.
fn spread(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn read_all(path: &Path, mut each: impl FnMut(&[u8])) {
    let mut file = std::fs::File::open(path).unwrap();
    let mut buf = vec![0u8; BUFFER];
    loop {
        let n = file.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        each(&buf[..n]);
    }
}

/// Runs a child to its end: wall time and peak resident memory in KiB.
fn child(program: &str, args: &[&str]) -> (Duration, u64) {
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; both out pointers are valid.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(pid, child.id() as libc::pid_t);
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{program} failed"
    );
    // Reaped by wait4; dropping a `Child` does not wait for it.
    drop(child);
    (elapsed, usage.ru_maxrss as u64)
}

fn main() {
    let mib: usize = std::env::var("AOTCOMPAT_DIGEST_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1024);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("digest-bench-{mib}m.cwasm"));
    if let Some(out) = std::env::var_os("AOTCOMPAT_DIGEST_BENCH_MAKE") {
        make(mib, Path::new(&out));
        return;
    }
    let start = Instant::now();
    let status = Command::new(std::env::current_exe().unwrap())
        .env("AOTCOMPAT_DIGEST_BENCH_MAKE", &path)
        .status()
        .unwrap();
    assert!(status.success());
    let len = std::fs::metadata(&path).unwrap().len() as f64;
    println!(
        "artifact: {len} bytes ({mib} MiB of data), written with its digest by a child in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    measure(&path, len);
    let _ = std::fs::remove_file(&path);
}

/// Writes the artifact: a small .text and `mib` MiB of data (a pattern,
/// so the file is not sparse), with a digest.
fn make(mib: usize, path: &Path) {
    let engine = EngineBuilder::native(&WASMTIME_31).build().unwrap();
    let mut data = vec![0u8; mib << 20];
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for chunk in data.chunks_exact_mut(8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        chunk.copy_from_slice(&x.to_le_bytes());
    }
    let text = [0xc3u8; 64];
    let extra = [
        ExtraSection {
            name: ".text",
            data: &text,
            align: 16,
            kind: SectionKind::Text,
        },
        ExtraSection {
            name: ".rodata.wasm",
            data: &data,
            align: 4096,
            kind: SectionKind::ReadOnlyData,
        },
    ];
    let options = WriteOptions { digest: true };
    let t = Instant::now();
    let plain = artifact::write_artifact(&engine, Kind::Module, &extra).unwrap();
    let write = t.elapsed();
    drop(plain);
    let t = Instant::now();
    let bytes =
        artifact::write_artifact_with(&engine, Kind::Module, &extra, &[], &options).unwrap();
    let with_digest = t.elapsed();
    drop(data);
    std::fs::write(path, &bytes).unwrap();
    println!(
        "writing it in memory: {:.2} s without a digest, {:.2} s with one",
        write.as_secs_f64(),
        with_digest.as_secs_f64()
    );
}

fn measure(path: &Path, len: f64) {
    // Child processes first, while this process is small: what a user
    // runs.
    let cli = env!("CARGO_BIN_EXE_aotcompat");
    let p = path.to_str().unwrap();
    let (mut cli_t, mut cli_rss, mut sum_t, mut sum_rss) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let (t, rss) = child(cli, &["verify", p]);
        cli_t.push(len / t.as_secs_f64() / 1e6);
        cli_rss.push(rss as f64 / 1024.0);
        let (t, rss) = child("sha256sum", &[p]);
        sum_t.push(len / t.as_secs_f64() / 1e6);
        sum_rss.push(rss as f64 / 1024.0);
    }

    // A file, in this process: verify, read, read + SHA-256.
    let (mut verify, mut read, mut sha, mut peak) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for _ in 0..RUNS {
        let before = HELD.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let t = Instant::now();
        artifact::verify_file(path).unwrap();
        verify.push(len / t.elapsed().as_secs_f64() / 1e6);
        peak = peak.max(PEAK.load(Ordering::Relaxed) - before);

        let t = Instant::now();
        let mut n = 0usize;
        read_all(path, |b| n += b.len());
        std::hint::black_box(n);
        read.push(len / t.elapsed().as_secs_f64() / 1e6);

        let t = Instant::now();
        let mut h = Sha256::new();
        read_all(path, |b| h.update(b));
        std::hint::black_box(h.finalize());
        sha.push(len / t.elapsed().as_secs_f64() / 1e6);
    }

    // In memory, last: verify against one SHA-256 of the same bytes.
    let bytes = std::fs::read(path).unwrap();
    let (mut mem_verify, mut mem_sha) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let t = Instant::now();
        artifact::verify(&bytes).unwrap();
        mem_verify.push(len / t.elapsed().as_secs_f64() / 1e6);
        let t = Instant::now();
        std::hint::black_box(Sha256::digest(&bytes));
        mem_sha.push(len / t.elapsed().as_secs_f64() / 1e6);
    }
    drop(bytes);

    println!("\nthroughput in MB/s (10^6 bytes), {RUNS} alternating runs: min / median / max");
    let row = |what: &str, v: &Vec<f64>| {
        let (a, b, c) = spread(v.clone());
        println!("  {what:<44} {a:>8.0} {b:>8.0} {c:>8.0}");
    };
    row("verify, in memory", &mem_verify);
    row("one SHA-256 of the same bytes, in memory", &mem_sha);
    row("verify_file", &verify);
    row("read the file (256 KiB buffer), baseline", &read);
    row("read + one SHA-256, baseline", &sha);
    row("`aotcompat verify FILE` (child process)", &cli_t);
    row("`sha256sum FILE` (child process), baseline", &sum_t);
    println!("\npeak memory");
    println!(
        "  verify_file: at most {} KiB of heap held at once (counting allocator)",
        peak / 1024
    );
    let (a, b, c) = spread(cli_rss);
    println!("  `aotcompat verify FILE`: peak RSS {a:.1} / {b:.1} / {c:.1} MiB");
    let (a, b, c) = spread(sum_rss);
    println!("  `sha256sum FILE`: peak RSS {a:.1} / {b:.1} / {c:.1} MiB");
}
