//! Lookup cost of `aotcompat::registry` against a wasmtime-style baseline,
//! `RwLock<BTreeMap<end, (start, owner)>>` queried with `range(pc..)` under
//! the read lock.
//!
//! Run with `cargo bench --bench registry`. For each number of ranges it
//! reports the median ns per lookup over several runs, with the reader
//! alone ("1T"), while another thread registers and unregisters a range as
//! fast as it can ("+writer", a worst case; the mutations per second that
//! writer achieved are in the last column), and while it does so at a more
//! realistic ~2,000 mutations per second ("+2k/s"). PCs are uniformly random
//! over the covered span (3/4 of them hit); the cost of generating them is
//! shown on the first line.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::RwLock;
use std::thread;
use std::time::{Duration, Instant};

use aotcompat::registry::{CodeRange, Registry};

const BASE: usize = 0x1000_0000;
const STRIDE: usize = 0x1000;
const LEN: usize = 0xc00;
const SIZES: [usize; 4] = [10, 1_000, 10_000, 100_000];
const LOOKUPS_PER_RUN: usize = 1_000_000;
const RUNS: usize = 7;

/// What the benchmark needs from both implementations.
trait CodeMap: Sync {
    fn build(ranges: &[CodeRange]) -> Self;
    fn lookup(&self, pc: usize) -> Option<(u64, usize)>;
    fn register(&self, start: usize, len: usize, owner: u64);
    fn unregister(&self, start: usize);
}

impl CodeMap for Registry {
    fn build(ranges: &[CodeRange]) -> Self {
        let registry = Registry::new();
        registry.register_all(ranges).unwrap();
        registry
    }

    #[inline]
    fn lookup(&self, pc: usize) -> Option<(u64, usize)> {
        Registry::lookup(self, pc).map(|l| (l.owner, l.offset))
    }

    fn register(&self, start: usize, len: usize, owner: u64) {
        Registry::register(self, start, len, owner).unwrap();
    }

    fn unregister(&self, start: usize) {
        Registry::unregister(self, start).unwrap();
    }
}

/// The way wasmtime's global code registry is built: keyed by the last
/// byte of each range, so `range(pc..).next()` yields the only candidate.
struct Baseline(RwLock<BTreeMap<usize, (usize, u64)>>);

impl CodeMap for Baseline {
    fn build(ranges: &[CodeRange]) -> Self {
        let map = ranges
            .iter()
            .map(|r| (r.start + r.len - 1, (r.start, r.owner)))
            .collect();
        Baseline(RwLock::new(map))
    }

    #[inline]
    fn lookup(&self, pc: usize) -> Option<(u64, usize)> {
        let map = self.0.read().unwrap();
        let (_, &(start, owner)) = map.range(pc..).next()?;
        if pc < start {
            return None;
        }
        Some((owner, pc - start))
    }

    fn register(&self, start: usize, len: usize, owner: u64) {
        let previous = self
            .0
            .write()
            .unwrap()
            .insert(start + len - 1, (start, owner));
        assert!(previous.is_none());
    }

    fn unregister(&self, start: usize) {
        let mut map = self.0.write().unwrap();
        let end = map.range(start..).next().map(|(&end, _)| end).unwrap();
        map.remove(&end).unwrap();
    }
}

/// xorshift64 mapped onto `[BASE, BASE + span)` with a multiply-high
/// (cheaper than `%`).
struct Pcs {
    state: u64,
    span: u64,
}

impl Pcs {
    fn new(span: usize) -> Self {
        Pcs {
            state: 0x2545_f491_4f6c_dd1d,
            span: span as u64,
        }
    }

    #[inline(always)]
    fn next(&mut self) -> usize {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        BASE + ((u128::from(x) * u128::from(self.span)) >> 64) as usize
    }
}

/// ns per lookup for one run of `LOOKUPS_PER_RUN` lookups.
fn run<M: CodeMap>(map: &M, n: usize) -> f64 {
    let mut pcs = Pcs::new(n * STRIDE);
    let mut hits = 0usize;
    let start = Instant::now();
    for _ in 0..LOOKUPS_PER_RUN {
        if let Some((owner, offset)) = black_box(map).lookup(black_box(pcs.next())) {
            hits = hits.wrapping_add(owner as usize ^ offset);
        }
    }
    let elapsed = start.elapsed();
    black_box(hits);
    elapsed.as_nanos() as f64 / LOOKUPS_PER_RUN as f64
}

/// Cost of the loop and PC generation alone.
fn run_overhead(n: usize) -> f64 {
    let mut pcs = Pcs::new(n * STRIDE);
    let mut acc = 0usize;
    let start = Instant::now();
    for _ in 0..LOOKUPS_PER_RUN {
        acc = acc.wrapping_add(black_box(pcs.next()));
    }
    let elapsed = start.elapsed();
    black_box(acc);
    elapsed.as_nanos() as f64 / LOOKUPS_PER_RUN as f64
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// The other thread's behaviour during a measurement.
#[derive(Clone, Copy)]
enum Writer {
    None,
    Continuous,
    /// One register + unregister pair, then this pause.
    Paced(Duration),
}

/// Median ns per lookup, and the writer's mutations per second (0 without
/// writer).
fn measure<M: CodeMap>(map: &M, n: usize, writer: Writer) -> (f64, f64) {
    run(map, n); // warm up
    let pause = match writer {
        Writer::None => return (median((0..RUNS).map(|_| run(map, n)).collect()), 0.0),
        Writer::Continuous => None,
        Writer::Paced(pause) => Some(pause),
    };
    let stop = AtomicBool::new(false);
    let mutations = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            // Ranges just past the measured span: never overlap, never hit.
            let first = BASE + n * STRIDE;
            let mut k = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let start = first + (k % 16) * STRIDE;
                map.register(start, LEN, start as u64);
                map.unregister(start);
                mutations.fetch_add(2, Ordering::Relaxed);
                k += 1;
                if let Some(pause) = pause {
                    thread::sleep(pause);
                }
            }
        });
        // Let the writer get going before measuring.
        while mutations.load(Ordering::Relaxed) == 0 {
            thread::yield_now();
        }
        let before = (Instant::now(), mutations.load(Ordering::Relaxed));
        let ns = median((0..RUNS).map(|_| run(map, n)).collect());
        let rate = (mutations.load(Ordering::Relaxed) - before.1) as f64
            / before.0.elapsed().as_secs_f64();
        stop.store(true, Ordering::Relaxed);
        (ns, rate)
    })
}

fn main() {
    let started = Instant::now();
    println!(
        "registry lookup: median ns/lookup of {RUNS} runs x {LOOKUPS_PER_RUN} random PCs \
         ({} threads available)",
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "loop + PC generation overhead alone: {:.1} ns (included below)\n",
        median((0..RUNS).map(|_| run_overhead(1000)).collect())
    );
    println!(
        "{:>7} | {:>7} {:>9} | {:>11} {:>13} | {:>10} {:>12} | {:>23}",
        "ranges",
        "ours 1T",
        "rwlock 1T",
        "ours +2k/s",
        "rwlock +2k/s",
        "ours +wr",
        "rwlock +wr",
        "+wr mutations/s ours/rw"
    );
    println!("{}", "-".repeat(108));
    for n in SIZES {
        let ranges: Vec<CodeRange> = (0..n)
            .map(|i| CodeRange {
                start: BASE + i * STRIDE,
                len: LEN,
                owner: i as u64,
            })
            .collect();
        let ours = Registry::build(&ranges);
        let baseline = Baseline::build(&ranges);
        // Both must agree before being timed.
        let mut pcs = Pcs::new(n * STRIDE);
        for _ in 0..10_000 {
            let pc = pcs.next();
            assert_eq!(CodeMap::lookup(&ours, pc), baseline.lookup(pc), "{pc:#x}");
        }

        let paced = Writer::Paced(Duration::from_millis(1));
        let (ours_1t, _) = measure(&ours, n, Writer::None);
        let (base_1t, _) = measure(&baseline, n, Writer::None);
        let (ours_p, _) = measure(&ours, n, paced);
        let (base_p, _) = measure(&baseline, n, paced);
        let (ours_w, ours_rate) = measure(&ours, n, Writer::Continuous);
        let (base_w, base_rate) = measure(&baseline, n, Writer::Continuous);
        println!(
            "{n:>7} | {ours_1t:>7.1} {base_1t:>9.1} | {ours_p:>11.1} {base_p:>13.1} | \
             {ours_w:>10.1} {base_w:>12.1} | {ours_rate:>11.0} / {base_rate:<9.0}"
        );
    }
    println!("\ntotal {:.1} s", started.elapsed().as_secs_f64());
}
