//! `aotcompat::registry` against a wasmtime-style baseline,
//! `RwLock<BTreeMap<end, (start, owner)>>` queried with `range(pc..)` under
//! the read lock, in the same run (the machines are shared and noisy, so
//! only figures from one run compare).
//!
//! Run with `cargo bench --bench registry`. For each number of ranges it
//! prints, for both implementations, the min / median / max over `RUNS`
//! runs (the runs of the two alternate, so that a burst of load elsewhere
//! hits both) of:
//! * changes per second: one thread registers a range in a random gap of
//!   the table and unregisters it again, `CHANGES_PER_RUN` changes a run;
//! * ns per lookup of `LOOKUPS_PER_RUN` random PCs (3/4 of them hit) with
//!   the reader alone;
//! * the same while another thread makes changes at a paced 2,000 per
//!   second (a runtime instantiating and dropping many modules), with the
//!   rate that writer achieved during each run;
//! * the same while the other thread changes as fast as it can (a worst
//!   case; its achieved rate is printed too).
//!
//! The cost of generating PCs is shown on the first line. The last lines
//! compare the medians with the targets of the registry's design at
//! 100,000 ranges; they are printed, never asserted.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::RwLock;
use std::thread;
use std::time::{Duration, Instant};

use aotcompat::registry::{CodeRange, Registry};

const BASE: usize = 0x1000_0000;
/// Range `i` is `[BASE + i * STRIDE, + LEN)`; a writer's range goes in the
/// gap after it, `[BASE + i * STRIDE + LEN, + GAP_LEN)`.
const STRIDE: usize = 0x1000;
const LEN: usize = 0xc00;
const GAP_LEN: usize = 0x100;
const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const LOOKUPS_PER_RUN: usize = 1_000_000;
const CHANGES_PER_RUN: usize = 40_000;
const RUNS: usize = 9;
const PACED_RATE: u32 = 2_000;

/// What the benchmark needs from both implementations.
trait CodeMap: Sync {
    const NAME: &'static str;
    fn build(ranges: &[CodeRange]) -> Self;
    fn lookup(&self, pc: usize) -> Option<(u64, usize)>;
    fn register(&self, start: usize, len: usize, owner: u64);
    fn unregister(&self, start: usize);
}

impl CodeMap for Registry {
    const NAME: &'static str = "ours";

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
    const NAME: &'static str = "rwlock";

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

/// xorshift64, with a multiply-high to map onto `0..n` (cheaper than `%`).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(0x2545_f491_4f6c_dd1d ^ seed)
    }

    #[inline(always)]
    fn below(&mut self, n: usize) -> usize {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        ((u128::from(x) * n as u128) >> 64) as usize
    }
}

/// ns per lookup for one run of `LOOKUPS_PER_RUN` random PCs.
fn lookup_run<M: CodeMap>(map: &M, n: usize) -> f64 {
    let mut rng = Rng::new(0);
    let mut hits = 0usize;
    let start = Instant::now();
    for _ in 0..LOOKUPS_PER_RUN {
        let pc = BASE + rng.below(n * STRIDE);
        if let Some((owner, offset)) = black_box(map).lookup(black_box(pc)) {
            hits = hits.wrapping_add(owner as usize ^ offset);
        }
    }
    let elapsed = start.elapsed();
    black_box(hits);
    elapsed.as_nanos() as f64 / LOOKUPS_PER_RUN as f64
}

/// Cost of the loop and PC generation alone.
fn overhead_run(n: usize) -> f64 {
    let mut rng = Rng::new(0);
    let mut acc = 0usize;
    let start = Instant::now();
    for _ in 0..LOOKUPS_PER_RUN {
        acc = acc.wrapping_add(black_box(BASE + rng.below(n * STRIDE)));
    }
    let elapsed = start.elapsed();
    black_box(acc);
    elapsed.as_nanos() as f64 / LOOKUPS_PER_RUN as f64
}

/// Registers a range in a random gap, or unregisters the one registered
/// before: change number `k` of a writer that makes changes in pairs.
struct Changer {
    rng: Rng,
    n: usize,
    pending: Option<usize>,
}

impl Changer {
    fn new(n: usize, seed: u64) -> Self {
        Changer {
            rng: Rng::new(seed),
            n,
            pending: None,
        }
    }

    #[inline]
    fn change<M: CodeMap>(&mut self, map: &M) {
        match self.pending.take() {
            Some(start) => map.unregister(start),
            None => {
                let start = BASE + self.rng.below(self.n) * STRIDE + LEN;
                map.register(start, GAP_LEN, start as u64);
                self.pending = Some(start);
            }
        }
    }

    /// Leaves the map as it was built.
    fn finish<M: CodeMap>(mut self, map: &M) {
        if self.pending.is_some() {
            self.change(map);
        }
    }
}

/// Changes per second for one run of `CHANGES_PER_RUN` changes.
fn changes_run<M: CodeMap>(map: &M, n: usize, seed: u64) -> f64 {
    let mut changer = Changer::new(n, seed);
    let start = Instant::now();
    for _ in 0..CHANGES_PER_RUN {
        changer.change(map);
    }
    let elapsed = start.elapsed();
    changer.finish(map);
    CHANGES_PER_RUN as f64 / elapsed.as_secs_f64()
}

/// The other thread's behaviour during a lookup run.
#[derive(Clone, Copy)]
enum Writer {
    /// Changes at this many per second, on an absolute schedule (a late
    /// change is made up for at once, so sleep overshoot does not lower the
    /// average rate).
    Paced(u32),
    FlatOut,
}

/// One lookup run with a writer: (ns per lookup, changes per second the
/// writer achieved during the run).
fn lookup_run_with_writer<M: CodeMap>(map: &M, n: usize, writer: Writer, seed: u64) -> (f64, f64) {
    let stop = AtomicBool::new(false);
    let changes = AtomicUsize::new(0);
    thread::scope(|s| {
        s.spawn(|| {
            let mut changer = Changer::new(n, seed);
            let interval = match writer {
                Writer::Paced(rate) => Some(Duration::from_secs(1) / rate),
                Writer::FlatOut => None,
            };
            let begin = Instant::now();
            let mut made = 0u32;
            while !stop.load(Ordering::Relaxed) {
                changer.change(map);
                made += 1;
                changes.store(made as usize, Ordering::Relaxed);
                if let Some(interval) = interval {
                    let due = begin + interval * made;
                    let now = Instant::now();
                    if due > now {
                        thread::sleep(due - now);
                    }
                }
            }
            changer.finish(map);
        });
        // Let the writer get going before measuring.
        while changes.load(Ordering::Relaxed) < 2 {
            thread::yield_now();
        }
        let (begin, before) = (Instant::now(), changes.load(Ordering::Relaxed));
        let ns = lookup_run(map, n);
        let rate =
            (changes.load(Ordering::Relaxed) - before) as f64 / begin.elapsed().as_secs_f64();
        stop.store(true, Ordering::Relaxed);
        (ns, rate)
    })
}

/// Min, median and max of some samples.
#[derive(Clone, Copy)]
struct Spread {
    min: f64,
    median: f64,
    max: f64,
}

impl Spread {
    fn of(mut samples: Vec<f64>) -> Spread {
        samples.sort_by(f64::total_cmp);
        Spread {
            min: samples[0],
            median: samples[samples.len() / 2],
            max: samples[samples.len() - 1],
        }
    }

    fn show(&self, decimals: usize) -> String {
        format!(
            "min {:>9.decimals$}  median {:>9.decimals$}  max {:>9.decimals$}",
            self.min, self.median, self.max
        )
    }
}

/// `RUNS` runs of `f` on each implementation, alternating; the samples of
/// both, and of the extra figure `f` returns beside its main one.
fn alternate<A: CodeMap, B: CodeMap>(
    a: &A,
    b: &B,
    mut f_a: impl FnMut(&A, u64) -> (f64, f64),
    mut f_b: impl FnMut(&B, u64) -> (f64, f64),
) -> [(Spread, Spread); 2] {
    f_a(a, 99); // warm up
    f_b(b, 99);
    let (mut main_a, mut extra_a, mut main_b, mut extra_b) = (vec![], vec![], vec![], vec![]);
    for run in 0..RUNS as u64 {
        let (m, e) = f_a(a, run);
        main_a.push(m);
        extra_a.push(e);
        let (m, e) = f_b(b, run);
        main_b.push(m);
        extra_b.push(e);
    }
    [
        (Spread::of(main_a), Spread::of(extra_a)),
        (Spread::of(main_b), Spread::of(extra_b)),
    ]
}

fn main() {
    let started = Instant::now();
    println!(
        "registry benchmark: min / median / max of {RUNS} runs, ours and a RwLock<BTreeMap> \
         alternating in this run ({} threads available)",
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    let overhead = Spread::of((0..RUNS).map(|_| overhead_run(1000)).collect());
    println!(
        "loop + PC generation alone: {} ns/lookup (included below)",
        overhead.show(1)
    );
    let mut at_largest = None;
    for n in SIZES {
        let ranges: Vec<CodeRange> = (0..n)
            .map(|i| CodeRange {
                start: BASE + i * STRIDE,
                len: LEN,
                owner: i as u64,
            })
            .collect();
        let ours = Registry::build(&ranges);
        let base = Baseline::build(&ranges);
        // Both must agree before being timed.
        let mut rng = Rng::new(1);
        for _ in 0..10_000 {
            let pc = BASE + rng.below(n * STRIDE + STRIDE);
            assert_eq!(CodeMap::lookup(&ours, pc), base.lookup(pc), "{pc:#x}");
        }

        println!("\n== {n} ranges ==");
        let changes = alternate(
            &ours,
            &base,
            |m, seed| (changes_run(m, n, seed), 0.0),
            |m, seed| (changes_run(m, n, seed), 0.0),
        );
        println!("changes/s, register + unregister in random gaps, one thread:");
        print_pair(&changes, 0, false);

        let alone = alternate(
            &ours,
            &base,
            |m, _| (lookup_run(m, n), 0.0),
            |m, _| (lookup_run(m, n), 0.0),
        );
        println!("ns/lookup, reader alone:");
        print_pair(&alone, 1, false);

        let paced = Writer::Paced(PACED_RATE);
        let under_paced = alternate(
            &ours,
            &base,
            |m, seed| lookup_run_with_writer(m, n, paced, seed),
            |m, seed| lookup_run_with_writer(m, n, paced, seed),
        );
        println!("ns/lookup, while a writer is paced at {PACED_RATE} changes/s:");
        print_pair(&under_paced, 1, true);

        let flat_out = alternate(
            &ours,
            &base,
            |m, seed| lookup_run_with_writer(m, n, Writer::FlatOut, seed),
            |m, seed| lookup_run_with_writer(m, n, Writer::FlatOut, seed),
        );
        println!("ns/lookup, while a writer changes flat out (worst case):");
        print_pair(&flat_out, 1, true);

        at_largest = Some((n, changes, under_paced));
    }

    if let Some((n, changes, under_paced)) = at_largest {
        let ours_rate = changes[0].0.median;
        let (ours_ns, base_ns) = (under_paced[0].0.median, under_paced[1].0.median);
        let writer = under_paced[0].1.median;
        println!("\ntargets at {n} ranges (medians):");
        println!(
            "  changes/s >= 50000: ours {ours_rate:.0} ({})",
            if ours_rate >= 50_000.0 {
                "met"
            } else {
                "NOT met"
            }
        );
        println!(
            "  ns/lookup under a {PACED_RATE}/s writer (achieved {writer:.0}/s) <= RwLock: \
             ours {ours_ns:.1}, RwLock {base_ns:.1} ({})",
            if ours_ns <= base_ns { "met" } else { "NOT met" }
        );
    }
    println!("\ntotal {:.1} s", started.elapsed().as_secs_f64());
}

/// Prints the two lines of one figure; with `writer`, the writer's
/// achieved rate after each.
fn print_pair(pair: &[(Spread, Spread); 2], decimals: usize, writer: bool) {
    for ((main, extra), name) in pair.iter().zip([Registry::NAME, Baseline::NAME]) {
        if writer {
            println!(
                "  {name:<7} {}   writer achieved {} changes/s",
                main.show(decimals),
                extra.show(0)
            );
        } else {
            println!("  {name:<7} {}", main.show(decimals));
        }
    }
}
