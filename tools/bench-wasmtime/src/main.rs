//! aotcompat against real wasmtime, in one process, on the same bytes.
//!
//! For artifacts of several sizes (a tiny module, the same for the
//! baseline CPU of the host's target and without optimization, then
//! modules carrying a data segment
//! of 1 MiB, 10 MiB, 100 MiB and 1 GiB), all compiled by
//! real wasmtime with fuel consumption on and loaded by a default engine
//! that has it off, this first checks that both sides give the same verdict
//! and message, then times:
//!
//! - `Engine::detect_precompiled` against `aotcompat::artifact::detect`;
//! - wasmtime's reject path from bytes (`Module::deserialize`) against
//!   `aotcompat::rules::check`, and a hand-written parse floor (ELF header,
//!   section table, find the engine section, decode its metadata with
//!   borrowed strings, compare nothing);
//! - from a file (`Module::deserialize_file` against `rules::check_file`),
//!   with the page cache warm, and cold (`posix_fadvise(DONTNEED)` before
//!   every call, on both sides).
//!
//! Every figure is min / median / max per call over several runs, and the
//! ratios are medians. Run with `cargo run --release` in this directory;
//! CI never builds it.

use anyhow::{bail, ensure, Context};
use aotcompat::artifact::{self, Artifact};
use aotcompat::model::{Engine, Kind};
use aotcompat::rules::{self, Mode};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod floor;

/// The sizes of the data segment of the modules compiled, besides a
/// module with none.
const DATA_SIZES: [usize; 4] = [1 << 20, 10 << 20, 100 << 20, 1 << 30];

struct Spread {
    min: Duration,
    median: Duration,
    max: Duration,
}

/// Calls per run for a run of about 20 ms, and the number of runs (9, or
/// 3 when one call takes over 100 ms), from one call of `f`.
fn plan(f: &mut impl FnMut()) -> (u32, usize) {
    let start = Instant::now();
    f();
    let once = start.elapsed().max(Duration::from_nanos(1));
    let iters = (Duration::from_millis(20).as_nanos() / once.as_nanos()).clamp(1, 1_000_000) as u32;
    let runs = if once > Duration::from_millis(100) {
        3
    } else {
        9
    };
    (iters, runs)
}

fn one_run(iters: u32, f: &mut impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    start.elapsed() / iters
}

fn spread(mut times: Vec<Duration>) -> Spread {
    times.sort();
    let n = times.len();
    Spread {
        min: times[0],
        median: times[n / 2],
        max: times[n - 1],
    }
}

/// Times `f` alone.
fn measure(mut f: impl FnMut()) -> Spread {
    let (iters, runs) = plan(&mut f);
    spread((0..runs).map(|_| one_run(iters, &mut f)).collect())
}

/// Times `f` and `g` in alternating runs, so that a change in the
/// machine's load weighs on both alike.
fn measure_pair(mut f: impl FnMut(), mut g: impl FnMut()) -> (Spread, Spread) {
    let (fi, fr) = plan(&mut f);
    let (gi, gr) = plan(&mut g);
    let runs = fr.min(gr);
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        a.push(one_run(fi, &mut f));
        b.push(one_run(gi, &mut g));
    }
    (spread(a), spread(b))
}

fn show(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.2} us", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn row(what: &str, s: &Spread) {
    println!(
        "  {what:<44} {:>10} {:>10} {:>10}",
        show(s.min),
        show(s.median),
        show(s.max)
    );
}

fn ratio(what: &str, slow: &Spread, fast: &Spread) {
    println!(
        "  {what:<44} {:>10.1}x",
        slow.median.as_secs_f64() / fast.median.as_secs_f64()
    );
}

/// A module with one memory and one active data segment of `size` bytes,
/// encoded by hand (the text format would spell every byte).
fn module_with_data(size: usize) -> Vec<u8> {
    fn leb(mut n: u64, out: &mut Vec<u8>) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(byte);
                return;
            }
            out.push(byte | 0x80);
        }
    }
    let pages = (size as u64).div_ceil(65536).max(1);
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    // The memory section: one memory of `pages` pages, no maximum.
    let mut memory = vec![1, 0];
    leb(pages, &mut memory);
    wasm.push(5);
    leb(memory.len() as u64, &mut wasm);
    wasm.extend_from_slice(&memory);
    // The data section: one active segment at offset 0 of memory 0.
    let mut head = vec![1, 0, 0x41, 0, 0x0b];
    leb(size as u64, &mut head);
    wasm.push(11);
    leb((head.len() + size) as u64, &mut wasm);
    wasm.extend_from_slice(&head);
    let start = wasm.len();
    wasm.resize(start + size, 0);
    // Not all zeros, so that nothing can treat the segment as empty.
    for (i, byte) in wasm[start..].iter_mut().enumerate().step_by(4093) {
        *byte = i as u8 | 1;
    }
    wasm
}

/// Drops `path` from the page cache: flushed first, then `DONTNEED`.
fn evict(path: &Path) -> anyhow::Result<()> {
    use std::os::fd::AsRawFd;
    let file = std::fs::File::open(path)?;
    file.sync_all()?;
    // SAFETY: a valid descriptor of an open file; the call reads nothing
    // of ours.
    let rc = unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
    ensure!(rc == 0, "posix_fadvise: error {rc}");
    Ok(())
}

struct Input {
    label: String,
    bytes: Vec<u8>,
    path: PathBuf,
}

fn main() -> anyhow::Result<()> {
    // wasmtime captures a backtrace for every error when this is set, which
    // would time the capture, not the check.
    std::env::remove_var("RUST_BACKTRACE");
    std::env::remove_var("RUST_LIB_BACKTRACE");

    let host = wasmtime::Engine::default();
    let mut config = wasmtime::Config::new();
    config.consume_fuel(true);
    let compiler = wasmtime::Engine::new(&config)?;

    // Our engine is the host engine as its own artifact describes it, with
    // the native CPU probe, as `aotcompat check` builds it.
    let small_wat = r#"(module (func (export "f") (result i32) i32.const 1))"#;
    let own = host.precompile_module(small_wat.as_bytes())?;
    let described = Artifact::read(&own, None).context("reading the host's own artifact")?;
    let profile = described.profile;
    let engine: Engine = described.engine_builder()?.build()?;
    ensure!(
        rules::check(&engine, &own, Kind::Module, Mode::Parity).is_compatible(),
        "the host engine's own artifact is not compatible with its description"
    );
    println!(
        "wasmtime {} (profile {profile}), host {}",
        described.version_str().unwrap_or("?"),
        described.metadata.target
    );

    let dir = std::env::temp_dir().join(format!("bench-wasmtime-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    // The same module compiled for the baseline CPU of the host's target
    // (the target given explicitly: no CPU feature detected), whose ISA
    // flags differ from the host engine's.
    let mut baseline_config = config.clone();
    baseline_config.target(&described.metadata.target)?;
    let baseline = wasmtime::Engine::new(&baseline_config)?;
    // And without optimization: its shared flags differ from the host
    // engine's, so nothing of its metadata is the engine's own.
    let mut unoptimized_config = config.clone();
    unoptimized_config.cranelift_opt_level(wasmtime::OptLevel::None);
    let unoptimized = wasmtime::Engine::new(&unoptimized_config)?;
    let mut inputs = vec![
        Input {
            label: "tiny module".into(),
            bytes: compiler.precompile_module(small_wat.as_bytes())?,
            path: dir.join("tiny.cwasm"),
        },
        Input {
            label: "tiny module, baseline CPU".into(),
            bytes: baseline.precompile_module(small_wat.as_bytes())?,
            path: dir.join("tiny-baseline.cwasm"),
        },
        Input {
            label: "tiny module, opt_level none".into(),
            bytes: unoptimized.precompile_module(small_wat.as_bytes())?,
            path: dir.join("tiny-unoptimized.cwasm"),
        },
    ];
    for size in DATA_SIZES {
        let label = if size >= 1 << 30 {
            format!("{} GiB data segment", size >> 30)
        } else {
            format!("{} MiB data segment", size >> 20)
        };
        let wasm = module_with_data(size);
        let bytes = compiler
            .precompile_module(&wasm)
            .with_context(|| format!("compiling the module with a {label}"))?;
        let path = dir.join(format!("data-{}.cwasm", size >> 20));
        inputs.push(Input { label, bytes, path });
    }

    let result = run(&host, &engine, profile, &inputs);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(
    host: &wasmtime::Engine,
    engine: &Engine,
    profile: &'static aotcompat::profiles::Profile,
    inputs: &[Input],
) -> anyhow::Result<()> {
    for input in inputs {
        std::fs::write(&input.path, &input.bytes)?;
        let bytes = &input.bytes;
        println!(
            "\n{} ({} bytes): min / median / max per call",
            input.label,
            bytes.len()
        );

        // The same verdict and message on both sides, or nothing is timed.
        // SAFETY: the bytes are an artifact wasmtime itself just wrote.
        let theirs = match unsafe { wasmtime::Module::deserialize(host, bytes) } {
            Ok(_) => bail!("wasmtime loaded an artifact compiled with fuel"),
            Err(e) => e.to_string(),
        };
        let report = rules::check(engine, bytes, Kind::Module, Mode::Parity);
        let ours = report.message().unwrap_or("compatible");
        ensure!(
            ours == theirs,
            "verdicts differ: wasmtime says {theirs:?}, aotcompat {ours:?}"
        );
        let from_file = rules::check_file(engine, &input.path, Kind::Module, Mode::Parity)?;
        ensure!(
            from_file.message() == Some(theirs.as_str()),
            "file verdict differs"
        );
        let detected = host.detect_precompiled(bytes);
        let our_detect = artifact::detect(bytes, Some(profile));
        ensure!(
            matches!(detected, Some(wasmtime::Precompiled::Module))
                && our_detect == Some(Kind::Module),
            "detection differs: {detected:?} and {our_detect:?}"
        );
        // The floor decodes wasmtime 31's layout only.
        let has_floor = floor::parse(bytes).is_some();
        println!("  verdict (both): {theirs}");

        let (w_detect, a_detect) = measure_pair(
            || {
                black_box(host.detect_precompiled(black_box(bytes)));
            },
            || {
                black_box(artifact::detect(black_box(bytes), Some(profile)));
            },
        );
        let check = || {
            black_box(rules::check(
                engine,
                black_box(bytes),
                Kind::Module,
                Mode::Parity,
            ));
        };
        // SAFETY (every `deserialize` below): the bytes are an artifact
        // wasmtime itself wrote, and the load fails before anything runs.
        let (w_reject, a_check) = measure_pair(
            || {
                black_box(
                    unsafe { wasmtime::Module::deserialize(host, black_box(bytes)) }.is_err(),
                );
            },
            check,
        );
        let beside_floor = has_floor.then(|| {
            measure_pair(check, || {
                black_box(floor::parse(black_box(bytes)));
            })
        });
        let file_check = || {
            black_box(rules::check_file(engine, &input.path, Kind::Module, Mode::Parity).unwrap());
        };
        let (w_file, a_file) = measure_pair(
            || {
                black_box(
                    unsafe { wasmtime::Module::deserialize_file(host, &input.path) }.is_err(),
                );
            },
            file_check,
        );
        let (w_cold, a_cold) = measure_pair(
            || {
                evict(&input.path).unwrap();
                black_box(
                    unsafe { wasmtime::Module::deserialize_file(host, &input.path) }.is_err(),
                );
            },
            || {
                evict(&input.path).unwrap();
                file_check();
            },
        );
        let evict_only = measure(|| {
            evict(&input.path).unwrap();
        });

        row("wasmtime detect_precompiled", &w_detect);
        row("aotcompat detect", &a_detect);
        row("wasmtime Module::deserialize (reject)", &w_reject);
        row("aotcompat check (bytes)", &a_check);
        match &beside_floor {
            Some((again, floor)) => {
                row("aotcompat check (bytes), beside the floor", again);
                row("parse floor (bytes)", floor);
            }
            None => println!("  parse floor: none for this release's layout (it decodes 31's)"),
        }
        row("wasmtime deserialize_file, warm (reject)", &w_file);
        row("aotcompat check_file, warm", &a_file);
        row("wasmtime deserialize_file, cold (reject)", &w_cold);
        row("aotcompat check_file, cold", &a_cold);
        row("  (of which fsync + fadvise alone)", &evict_only);
        ratio("detect: wasmtime / aotcompat", &w_detect, &a_detect);
        ratio("reject, bytes: wasmtime / aotcompat", &w_reject, &a_check);
        if let Some((again, floor)) = &beside_floor {
            ratio("check / parse floor", again, floor);
        }
        ratio("reject, file warm: wasmtime / aotcompat", &w_file, &a_file);
        ratio("reject, file cold: wasmtime / aotcompat", &w_cold, &a_cold);
    }
    Ok(())
}
