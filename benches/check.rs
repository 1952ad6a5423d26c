//! Budgets of SPEC section 11 for checking and writing, measured:
//!
//! - checking an in-memory artifact costs O(sections), not O(size): a
//!   1 GiB artifact checks as fast as a small one;
//! - checking a file reads only headers, section table and engine section;
//! - writing an artifact runs at a large fraction of memory bandwidth
//!   (about the speed of copying its bytes into a fresh buffer), and so
//!   does stamping an existing object.
//!
//! Run with `cargo bench --bench check`. Prints figures; asserts nothing
//! about time.

use aotcompat::artifact::write_artifact;
use aotcompat::format::{ExtraSection, SectionKind};
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::{EngineBuilder, Kind};
use aotcompat::profiles::WASMTIME_31;
use aotcompat::rules::{self, Mode};
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Counts allocations, so that the figures can say how many a check makes.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// How many allocations one call of `f` makes.
fn allocations_of(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    f();
    ALLOCATIONS.load(Ordering::Relaxed) - before
}

/// Median time of `f` over `runs` runs of `iters` iterations each.
fn per_iter(runs: usize, iters: u32, f: impl FnMut()) -> Duration {
    spread(runs, iters, f).1
}

/// Minimum, median and maximum time of `f` per iteration over `runs` runs
/// of `iters` iterations each: the machine is shared, so one figure alone
/// says little.
fn spread(runs: usize, iters: u32, mut f: impl FnMut()) -> (Duration, Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed() / iters
        })
        .collect();
    times.sort();
    (times[0], times[runs / 2], times[runs - 1])
}

fn main() {
    let mut builder = EngineBuilder::native(&WASMTIME_31);
    builder.probe(Probe::Fixed(Arc::new(FixedProbe::new(["sse3", "avx2"]))));
    let engine = builder.build().unwrap();

    println!("check of an in-memory artifact (parity mode), by .text size:");
    println!("{:>12} {:>14} {:>14}", "text bytes", "check", "check --all");
    let mut big = Vec::new();
    for size in [10usize << 10, 1 << 20, 64 << 20, 1 << 30] {
        let text = vec![0xccu8; size];
        let extra = [ExtraSection {
            name: ".text",
            data: &text,
            align: 16,
            kind: SectionKind::Text,
        }];
        let bytes = write_artifact(&engine, Kind::Module, &extra).unwrap();
        drop(text);
        let parity = per_iter(7, 2000, || {
            black_box(rules::check(
                &engine,
                black_box(&bytes),
                Kind::Module,
                Mode::Parity,
            ));
        });
        let all = per_iter(7, 2000, || {
            black_box(rules::check(
                &engine,
                black_box(&bytes),
                Kind::Module,
                Mode::All,
            ));
        });
        println!(
            "{size:>12} {:>11.2} us {:>11.2} us",
            micros(parity),
            micros(all)
        );
        if size == 1 << 30 {
            big = bytes;
        }
    }

    // A real default artifact of each release (a baseline target: its ISA
    // flags differ from the host's) against that release's default host
    // engine; and the release's natively compiled artifact against the
    // engine of its own configuration (target and flags the same, byte for
    // byte, so only the tunables and features are decoded and judged).
    println!("\ncheck of real artifacts against a host engine of their release:");
    println!(
        "{:>12} {:>24} {:>8} {:>11} {:>11} {:>11}",
        "release", "artifact / host", "bytes", "min", "median", "max"
    );
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let every_x86_feature = || {
        let names = aotcompat::host::probe_names(target_lexicon::Architecture::X86_64).unwrap();
        Probe::Fixed(Arc::new(FixedProbe::new(names.iter().copied())))
    };
    for release in ["wasmtime-31", "wasmtime-44", "wasmtime-50"] {
        let dir = fixtures.join(release);
        let pairs = [
            (
                "default / default",
                "artifacts/default-module.cwasm",
                "hosts/x86-64-default.cwasm",
            ),
            (
                "native / its own",
                "artifacts/native-detected-module.cwasm",
                "artifacts/native-detected-module.cwasm",
            ),
        ];
        for (label, artifact, host) in pairs {
            let real = std::fs::read(dir.join(artifact)).unwrap();
            let host = aotcompat::artifact::Artifact::read_file(&dir.join(host), None).unwrap();
            let mut host = host.engine_builder().unwrap();
            host.probe(every_x86_feature());
            let host = host.build().unwrap();
            assert!(rules::check(&host, &real, Kind::Module, Mode::Parity).is_compatible());
            let (min, median, max) = spread(15, 2000, || {
                black_box(rules::check(
                    &host,
                    black_box(&real),
                    Kind::Module,
                    Mode::Parity,
                ));
            });
            let allocations = allocations_of(|| {
                black_box(rules::check(&host, &real, Kind::Module, Mode::Parity));
            });
            println!(
                "{release:>12} {label:>24} {:>8} {:>8.2} us {:>8.2} us {:>8.2} us {allocations:>7} allocations",
                real.len(),
                micros(min),
                micros(median),
                micros(max)
            );
        }
    }

    // Reading an artifact without naming its profile: the profile that owns
    // the version string is tried first, and every other layout only when
    // the version string names no release (custom or empty), against the
    // same read with the profile named.
    println!("\nreading a real artifact (inspect), profile named vs found among every profile:");
    println!(
        "{:>34} {:>11} {:>11} {:>11}",
        "artifact", "min", "median", "max"
    );
    for (release, name) in [
        ("wasmtime-50", "default-module"),
        ("wasmtime-24", "default-module"),
        ("wasmtime-3", "default-module"),
        ("wasmtime-44", "version-none-module"),
        ("wasmtime-50", "version-my-embedder-module"),
    ] {
        let bytes = std::fs::read(
            fixtures
                .join(release)
                .join("artifacts")
                .join(format!("{name}.cwasm")),
        )
        .unwrap();
        let profile = aotcompat::profiles::by_name(release).unwrap();
        for (how, named) in [("named", Some(profile)), ("found", None)] {
            let (min, median, max) = spread(11, 300, || {
                black_box(aotcompat::artifact::Artifact::read(black_box(&bytes), named).unwrap());
            });
            println!(
                "{:>34} {:>8.2} us {:>8.2} us {:>8.2} us",
                format!("{release}/{name} ({how})"),
                micros(min),
                micros(median),
                micros(max)
            );
        }
    }

    let dir = std::env::temp_dir().join(format!("aotcompat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.cwasm");
    std::fs::write(&path, &big).unwrap();
    let file = per_iter(7, 200, || {
        black_box(rules::check_file(&engine, &path, Kind::Module, Mode::Parity).unwrap());
    });
    println!(
        "\ncheck of a {} MiB artifact file (page cache warm): {:.2} us",
        big.len() >> 20,
        micros(file)
    );
    drop(big);
    let _ = std::fs::remove_dir_all(&dir);

    let size = 256usize << 20;
    let text = vec![0x90u8; size];
    let extra = [ExtraSection {
        name: ".text",
        data: &text,
        align: 16,
        kind: SectionKind::Text,
    }];
    let write = per_iter(5, 1, || {
        black_box(write_artifact(&engine, Kind::Module, &extra).unwrap());
    });
    let copy = per_iter(5, 1, || {
        black_box(text.clone());
    });
    let object = write_artifact(&engine, Kind::Module, &extra).unwrap();
    let stamp = per_iter(5, 1, || {
        black_box(aotcompat::artifact::stamp_object(&engine, Kind::Component, &object).unwrap());
    });
    println!(
        "\nwrite of a {} MiB artifact: {:.2} GiB/s (a plain copy of the same bytes: {:.2} GiB/s)",
        size >> 20,
        gib_per_s(size, write),
        gib_per_s(size, copy)
    );
    println!(
        "stamp of a {} MiB object: {:.2} GiB/s",
        object.len() >> 20,
        gib_per_s(object.len(), stamp)
    );
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn gib_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / (1u64 << 30) as f64 / d.as_secs_f64()
}
