//! Concurrency and scale tests for `aotcompat::registry`.
//!
//! Address layout of the stress tests: the span is cut into slots of
//! `SLOT` bytes; slot `k` may only ever hold the range
//! `[slot_start(k), slot_start(k) + slot_len(k))` with owner = its start, so
//! every answer a reader gets can be checked without knowing the timing:
//! * slots with `k % 4 == 0` are registered before the threads start and
//!   never removed: they must always be found;
//! * slots with `k % 4 == 1` (writer 0) and `k % 4 == 2` (writer 1) come and
//!   go: a lookup may hit or miss, but a hit must be exact;
//! * slots with `k % 4 == 3`, the tail of every slot after its range, and the
//!   addresses around the span are never registered: they must never hit.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use aotcompat::registry::{self, CodeRange, Lookup, Registry, RegistryError, RegistryErrorKind};

const BASE: usize = 0x7000_0000;
const SLOT: usize = 0x1000;
const MARGIN: usize = 0x10000;

const WRITERS: usize = 2;
const READERS: usize = 4;
const WRITER_OPS: usize = 2_000;
/// Writers also stop after this long: each mutation waits for the readers
/// that are inside a lookup, and with 6 busy threads on a small machine a
/// reader is often preempted mid-lookup, so a mutation can take a whole
/// scheduling quantum.
const WRITER_TIME_BUDGET: Duration = Duration::from_secs(2);
const MIN_WRITER_OPS: usize = 50;
const MIN_READER_LOOKUPS: usize = 50_000;

/// Deterministic xorshift64 PRNG (no external crates).
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        XorShift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform-ish in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

fn slot_start(k: usize) -> usize {
    BASE + k * SLOT
}

/// Between 0x100 and 0x800, so every slot keeps a never-registered tail.
fn slot_len(k: usize) -> usize {
    0x100 + (k * 37 % 15) * 0x80
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Permanent,
    Writer(usize),
    Never,
}

fn class(k: usize) -> Class {
    match k % 4 {
        0 => Class::Permanent,
        3 => Class::Never,
        w => Class::Writer(w - 1),
    }
}

/// Checks one lookup answer; returns whether it was a hit on a writer slot.
fn check(slots: usize, pc: usize, got: Option<Lookup>) -> bool {
    let slot = pc
        .checked_sub(BASE)
        .map(|d| d / SLOT)
        .filter(|&k| k < slots);
    let Some(k) = slot else {
        assert_eq!(got, None, "hit outside the span at {pc:#x}");
        return false;
    };
    let offset = pc - slot_start(k);
    if offset >= slot_len(k) {
        assert_eq!(
            got, None,
            "hit in the unregistered tail of slot {k} at {pc:#x}"
        );
        return false;
    }
    let expected = Lookup {
        owner: slot_start(k) as u64,
        offset,
    };
    match class(k) {
        Class::Permanent => {
            assert_eq!(got, Some(expected), "permanent slot {k} at {pc:#x}");
            false
        }
        Class::Never => {
            assert_eq!(got, None, "never-registered slot {k} at {pc:#x}");
            false
        }
        Class::Writer(_) => match got {
            None => false,
            Some(got) => {
                assert_eq!(got, expected, "writer slot {k} at {pc:#x}");
                true
            }
        },
    }
}

/// Registers and unregisters the slots of writer `w`; returns the slots it
/// left registered.
fn writer(reg: &Registry, slots: usize, w: usize) -> Vec<usize> {
    let deadline = Instant::now() + WRITER_TIME_BUDGET;
    let mine: Vec<usize> = (0..slots)
        .filter(|&k| class(k) == Class::Writer(w))
        .collect();
    let mut registered = vec![false; mine.len()];
    let mut rng = XorShift::new(1000 + w as u64);
    for op in 0..WRITER_OPS {
        if op >= MIN_WRITER_OPS && Instant::now() > deadline {
            break;
        }
        let i = rng.below(mine.len());
        let k = mine[i];
        if registered[i] {
            let removed = reg.unregister(slot_start(k)).unwrap();
            assert_eq!(
                removed,
                CodeRange {
                    start: slot_start(k),
                    len: slot_len(k),
                    owner: slot_start(k) as u64
                }
            );
        } else {
            reg.register(slot_start(k), slot_len(k), slot_start(k) as u64)
                .unwrap();
        }
        registered[i] = !registered[i];

        // Now and then, conflicting requests that must fail whatever the
        // other writer is doing (they only involve permanent ranges).
        if op % 64 == 0 {
            let p = k - k % 4; // the permanent slot before ours
            let e = reg.register(slot_start(p), 0x10, 1).unwrap_err();
            assert_eq!(e.kind(), RegistryErrorKind::Duplicate);
            let e = reg
                .register(slot_start(p) + slot_len(p) - 1, 0x10, 1)
                .unwrap_err();
            assert_eq!(e.kind(), RegistryErrorKind::Overlap);
            assert_eq!(e.conflicting().unwrap().start, slot_start(p));
            let e = reg.unregister(slot_start(k) + 1).unwrap_err();
            assert_eq!(e.kind(), RegistryErrorKind::NotFound);
        }
    }
    mine.iter()
        .zip(&registered)
        .filter(|(_, &r)| r)
        .map(|(&k, _)| k)
        .collect()
}

/// Looks up random PCs until the writers are done (and at least
/// `MIN_READER_LOOKUPS` times); returns (lookups, hits on writer slots).
fn reader(reg: &Registry, slots: usize, seed: u64, writers_done: &AtomicBool) -> (usize, usize) {
    let mut rng = XorShift::new(seed);
    let low = BASE - MARGIN;
    let span = slots * SLOT + 2 * MARGIN;
    let (mut lookups, mut writer_hits) = (0, 0);
    while lookups < MIN_READER_LOOKUPS || !writers_done.load(Ordering::Relaxed) {
        // Mostly uniform PCs, sometimes the exact edges of a slot's range.
        let pc = match rng.next() % 8 {
            0 => {
                let k = rng.below(slots);
                let edges = [0, slot_len(k) - 1, slot_len(k)];
                slot_start(k) + edges[rng.below(3)]
            }
            _ => low + rng.below(span),
        };
        if check(slots, pc, reg.lookup(pc)) {
            writer_hits += 1;
        }
        lookups += 1;
    }
    (lookups, writer_hits)
}

/// Readers check every answer while two writers register and unregister
/// their slots, over `slots` slots.
fn concurrent_readers_and_writers(slots: usize) {
    let reg = Registry::new();
    let permanent: Vec<CodeRange> = (0..slots)
        .filter(|&k| class(k) == Class::Permanent)
        .map(|k| CodeRange {
            start: slot_start(k),
            len: slot_len(k),
            owner: slot_start(k) as u64,
        })
        .collect();
    reg.register_all(&permanent).unwrap();

    let writers_done = AtomicBool::new(false);
    let finished_writers = AtomicUsize::new(0);
    let (left, reads) = thread::scope(|s| {
        let readers: Vec<_> = (0..READERS)
            .map(|r| {
                let (reg, done) = (&reg, &writers_done);
                s.spawn(move || reader(reg, slots, 7 + r as u64, done))
            })
            .collect();
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (reg, done, finished) = (&reg, &writers_done, &finished_writers);
                s.spawn(move || {
                    let left = writer(reg, slots, w);
                    if finished.fetch_add(1, Ordering::SeqCst) + 1 == WRITERS {
                        done.store(true, Ordering::Relaxed);
                    }
                    left
                })
            })
            .collect();
        let left: Vec<usize> = writers
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect();
        let reads: Vec<(usize, usize)> = readers.into_iter().map(|h| h.join().unwrap()).collect();
        (left, reads)
    });

    // Readers did overlap with writers and saw some of their ranges.
    let writer_hits: usize = reads.iter().map(|r| r.1).sum();
    assert!(
        writer_hits > 0,
        "readers never saw a writer's range: {reads:?}"
    );

    // Final state: the permanent ranges plus what the writers left behind.
    let mut expected: Vec<usize> = permanent.iter().map(|r| r.start).collect();
    expected.extend(left.iter().map(|&k| slot_start(k)));
    expected.sort_unstable();
    let got: Vec<usize> = reg.ranges().iter().map(|r| r.start).collect();
    assert_eq!(got, expected);
    for k in 0..slots {
        for pc in [
            slot_start(k),
            slot_start(k) + slot_len(k) - 1,
            slot_start(k) + slot_len(k),
        ] {
            let present = class(k) == Class::Permanent || left.contains(&k);
            let want = (present && pc < slot_start(k) + slot_len(k)).then(|| Lookup {
                owner: slot_start(k) as u64,
                offset: pc - slot_start(k),
            });
            assert_eq!(reg.lookup(pc), want);
        }
    }
}

#[test]
fn concurrent_readers_and_writers_few_ranges() {
    // 128 permanent ranges: a tree of depth 2.
    concurrent_readers_and_writers(512);
}

#[test]
fn concurrent_readers_and_writers_many_ranges() {
    // 4,096 permanent ranges and up to 8,192 coming and going: a tree of
    // depth 3 whose leaves and inner nodes split, merge and share entries
    // under the readers.
    concurrent_readers_and_writers(16_384);
}

#[test]
fn hundred_thousand_ranges() {
    const N: usize = 100_000;
    const STRIDE: usize = 0x100;
    let base = usize::MAX / 16 + 1;
    // Lengths between 1 and STRIDE - 1, so each range is followed by a gap;
    // every 16th range is given a full stride instead so that it touches
    // the next one.
    let len = |i: usize| {
        if i % 16 == 0 {
            STRIDE
        } else {
            1 + (i * 7919) % (STRIDE - 1)
        }
    };
    // Registered in a scrambled order: half as one batch, the other half
    // one by one.
    let mut ranges: Vec<CodeRange> = (0..N)
        .map(|i| CodeRange {
            start: base + i * STRIDE,
            len: len(i),
            owner: i as u64,
        })
        .collect();
    let mut rng = XorShift::new(99);
    for i in (1..N).rev() {
        ranges.swap(i, rng.below(i + 1));
    }
    let reg = Registry::new();
    reg.register_all(&ranges[..N / 2]).unwrap();
    for r in &ranges[N / 2..] {
        reg.register(r.start, r.len, r.owner).unwrap();
    }
    assert_eq!(reg.len(), N);

    let verify = |reg: &Registry, removed: &dyn Fn(usize) -> bool| {
        for i in 0..N {
            let start = base + i * STRIDE;
            let l = len(i);
            let hit = |offset| {
                (!removed(i)).then_some(Lookup {
                    owner: i as u64,
                    offset,
                })
            };
            assert_eq!(reg.lookup(start), hit(0), "start of {i}");
            assert_eq!(reg.lookup(start + l / 2), hit(l / 2), "middle of {i}");
            assert_eq!(reg.lookup(start + l - 1), hit(l - 1), "end - 1 of {i}");
            if l < STRIDE {
                assert_eq!(reg.lookup(start + l), None, "end of {i}");
                assert_eq!(reg.lookup(start + STRIDE - 1), None, "gap after {i}");
            }
        }
        assert_eq!(reg.lookup(base - 1), None);
        assert_eq!(reg.lookup(base + N * STRIDE), None);
    };
    verify(&reg, &|_| false);

    // Remove every 100th range and check again.
    for i in (0..N).step_by(100) {
        assert_eq!(reg.unregister(base + i * STRIDE).unwrap().owner, i as u64);
    }
    assert_eq!(reg.len(), N - N / 100);
    verify(&reg, &|i| i % 100 == 0);
    let e = reg.register(base + 5 * STRIDE + 1, 1, 0).unwrap_err();
    assert_eq!(e.kind(), RegistryErrorKind::Overlap);
}

/// Random single-threaded operations against a simple model.
#[test]
fn matches_a_model() {
    let reg = Registry::new();
    let mut model: Vec<CodeRange> = Vec::new();
    let mut rng = XorShift::new(5);
    let contains = |m: &[CodeRange], pc: usize| m.iter().find(|r| r.contains(pc)).copied();
    for _ in 0..3_000 {
        let start = 0x1000 + rng.below(0x4000);
        let len = rng.below(0x80);
        match rng.next() % 3 {
            0 | 1 => {
                let owner = rng.next();
                let overlapping = model.iter().find(|r| {
                    r.start == start
                        || (len > 0 && r.start < start + len && start < r.start + r.len)
                });
                match (reg.register(start, len, owner), overlapping) {
                    (Ok(()), None) => {
                        if len > 0 {
                            model.push(CodeRange { start, len, owner });
                        }
                    }
                    (Err(e), Some(_)) if len > 0 => {
                        // Several ranges may conflict; equal starts win.
                        let kind = if model.iter().any(|r| r.start == start) {
                            RegistryErrorKind::Duplicate
                        } else {
                            RegistryErrorKind::Overlap
                        };
                        assert_eq!(e.kind(), kind);
                    }
                    (Ok(()), Some(_)) if len == 0 => {}
                    (got, want) => panic!("register({start:#x}, {len:#x}): {got:?} vs {want:?}"),
                }
            }
            _ => {
                // Pick an existing start half of the time.
                let start = if !model.is_empty() && rng.next() % 2 == 0 {
                    model[rng.below(model.len())].start
                } else {
                    start
                };
                let position = model.iter().position(|r| r.start == start);
                match (reg.unregister(start), position) {
                    (Ok(removed), Some(i)) => assert_eq!(removed, model.swap_remove(i)),
                    (Err(e), None) => assert_eq!(e.kind(), RegistryErrorKind::NotFound),
                    (got, want) => panic!("unregister({start:#x}): {got:?} vs {want:?}"),
                }
            }
        }
        for _ in 0..4 {
            let pc = 0x1000 + rng.below(0x4100);
            let want = contains(&model, pc).map(|r| Lookup {
                owner: r.owner,
                offset: pc - r.start,
            });
            assert_eq!(reg.lookup(pc), want, "lookup({pc:#x})");
        }
        assert_eq!(reg.len(), model.len());
    }
    let mut sorted = model.clone();
    sorted.sort_unstable_by_key(|r| r.start);
    assert_eq!(reg.ranges(), sorted);
}

/// The global registry works from several threads too (disjoint addresses
/// per thread, so tests in this binary cannot interfere).
#[test]
fn global_registry_from_threads() {
    let base = usize::MAX / 2 + 0x5000_0000;
    thread::scope(|s| {
        for t in 0..4usize {
            s.spawn(move || {
                let start = base + t * 0x10_0000;
                for i in 0..200 {
                    let r = start + (i % 16) * 0x1000;
                    registry::global().register(r, 0x800, r as u64).unwrap();
                    let got = registry::global().lookup(r + 0x7ff).unwrap();
                    assert_eq!((got.owner, got.offset), (r as u64, 0x7ff));
                    assert_eq!(registry::global().unregister(r).unwrap().start, r);
                    assert_eq!(registry::global().lookup(r), None);
                }
            });
        }
    });
}

/// What the registry must answer to `register(new)` given the model: the
/// error's kind and conflicting range, or whether a range is added.
fn model_register(
    model: &BTreeMap<usize, CodeRange>,
    new: &CodeRange,
) -> Result<bool, (RegistryErrorKind, Option<CodeRange>)> {
    let Some(end) = new.start.checked_add(new.len) else {
        return Err((RegistryErrorKind::Overflow, None));
    };
    if new.len == 0 {
        return Ok(false);
    }
    if let Some(same) = model.get(&new.start) {
        return Err((RegistryErrorKind::Duplicate, Some(*same)));
    }
    if let Some((_, prev)) = model.range(..new.start).next_back() {
        if prev.start + prev.len > new.start {
            return Err((RegistryErrorKind::Overlap, Some(*prev)));
        }
    }
    if let Some((_, next)) = model.range(new.start..).next() {
        if next.start < end {
            return Err((RegistryErrorKind::Overlap, Some(*next)));
        }
    }
    Ok(true)
}

fn model_lookup(model: &BTreeMap<usize, CodeRange>, pc: usize) -> Option<Lookup> {
    let (_, r) = model.range(..=pc).next_back()?;
    r.contains(pc).then(|| Lookup {
        owner: r.owner,
        offset: pc - r.start,
    })
}

fn error_parts(e: &RegistryError) -> (RegistryErrorKind, Option<CodeRange>) {
    (e.kind(), e.conflicting())
}

/// Random registrations, batches and unregistrations, interleaved, against
/// a `BTreeMap` (fixed seed): every result, every error with the range it
/// names, lookups at random PCs and at the edges of ranges, and the whole
/// content every 500 operations. The table grows to thousands of ranges
/// (a tree of depth 3), is emptied, and grows again, twice.
#[test]
fn interleaved_changes_match_a_btreemap() {
    const SLOTS: usize = 6_000;
    const SPAN: usize = SLOTS * 0x40;
    const OPS_PER_PHASE: usize = 8_000;
    let reg = Registry::new();
    let mut model: BTreeMap<usize, CodeRange> = BTreeMap::new();
    let mut rng = XorShift::new(42);
    let mut peak = 0;
    let random_range = |rng: &mut XorShift| {
        let start = BASE + rng.below(SPAN);
        let len = match rng.next() % 64 {
            0 => 0,
            1 => usize::MAX - start + 1, // overflows by one
            _ => 1 + rng.below(0x30),
        };
        CodeRange {
            start,
            len,
            owner: rng.next(),
        }
    };
    for phase in 0..4 {
        let growing = phase % 2 == 0;
        for op in 0..OPS_PER_PHASE {
            let roll = rng.below(100);
            let (adds, batches) = if growing { (70, 80) } else { (15, 20) };
            if roll < adds {
                let new = random_range(&mut rng);
                match (
                    reg.register(new.start, new.len, new.owner),
                    model_register(&model, &new),
                ) {
                    (Ok(()), Ok(added)) => {
                        if added {
                            model.insert(new.start, new);
                        }
                    }
                    (Err(e), Err(want)) => assert_eq!(error_parts(&e), want, "{new:x?}"),
                    (got, want) => panic!("register {new:x?}: {got:?} vs {want:?}"),
                }
            } else if roll < batches {
                // A few ranges that fit, sometimes with one that may not.
                // A batch fits if each member fits the registered ranges
                // and the members before it.
                let fits = |earlier: &BTreeMap<usize, CodeRange>, x: &CodeRange| {
                    model_register(&model, x).is_ok() && model_register(earlier, x).is_ok()
                };
                let mut batch = Vec::new();
                let mut members = BTreeMap::new();
                for _ in 0..rng.below(8) {
                    let x = random_range(&mut rng);
                    if x.len != 0 && fits(&members, &x) {
                        members.insert(x.start, x);
                        batch.push(x);
                    }
                }
                if rng.next() % 3 == 0 {
                    let at = rng.below(batch.len() + 1);
                    batch.insert(at, random_range(&mut rng));
                }
                let mut members = BTreeMap::new();
                let ok = batch.iter().all(|x| {
                    let fit = fits(&members, x);
                    if fit && x.len != 0 {
                        members.insert(x.start, *x);
                    }
                    fit
                });
                match reg.register_all(&batch) {
                    Ok(()) => {
                        assert!(ok, "batch accepted: {batch:x?}");
                        model.extend(members);
                    }
                    Err(_) => assert!(!ok, "batch refused: {batch:x?}"),
                }
            } else {
                let at = BASE + rng.below(SPAN);
                let start = match model.range(at..).next() {
                    Some((&start, _)) if rng.next() % 8 != 0 => start,
                    _ => at,
                };
                match (reg.unregister(start), model.remove(&start)) {
                    (Ok(got), Some(want)) => assert_eq!(got, want),
                    (Err(e), None) => {
                        assert_eq!(e.kind(), RegistryErrorKind::NotFound);
                        assert_eq!(e.start(), start);
                    }
                    (got, want) => panic!("unregister {start:#x}: {got:?} vs {want:?}"),
                }
            }
            assert_eq!(reg.len(), model.len());
            peak = peak.max(model.len());
            for _ in 0..4 {
                let pc = BASE - 0x100 + rng.below(SPAN + 0x200);
                assert_eq!(reg.lookup(pc), model_lookup(&model, pc), "{pc:#x}");
            }
            if let Some((_, r)) = model.range(BASE + rng.below(SPAN)..).next() {
                for pc in [r.start - 1, r.start, r.start + r.len - 1, r.start + r.len] {
                    assert_eq!(reg.lookup(pc), model_lookup(&model, pc), "edge {pc:#x}");
                }
            }
            if op % 500 == 0 {
                assert!(reg.ranges().iter().eq(model.values()));
            }
        }
        if !growing {
            // Empty it completely, in a scrambled order.
            let mut left: Vec<usize> = model.keys().copied().collect();
            for i in (1..left.len()).rev() {
                left.swap(i, rng.below(i + 1));
            }
            for start in left {
                assert_eq!(
                    reg.unregister(start).unwrap(),
                    model.remove(&start).unwrap()
                );
            }
            assert!(reg.is_empty() && reg.ranges().is_empty());
            assert_eq!(reg.lookup(BASE + rng.below(SPAN)), None);
        }
        assert!(reg.ranges().iter().eq(model.values()));
    }
    assert!(peak > 3_000, "the table only reached {peak} ranges");
}

/// `0..n` in a scrambled order.
fn scrambled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = XorShift::new(seed);
    for i in (1..n).rev() {
        order.swap(i, rng.below(i + 1));
    }
    order
}

/// Lookups are linearizable: once a reader has seen a change, its later
/// lookups see every change made before it, whatever the writer is doing
/// to the tree meanwhile. One writer registers 8,000 ranges one by one in
/// a scrambled order (the tree grows to depth 3, splitting nodes all over)
/// and then unregisters them in another (nodes merge and share entries);
/// readers check that after seeing the `j`-th registration they find every
/// earlier one, and after seeing the `j`-th removal none of the earlier
/// ones. Every hit is checked exactly.
#[test]
fn readers_see_changes_in_order() {
    const N: usize = 8_000;
    const READERS: usize = 2;
    let start_of = |k: usize| BASE + k * SLOT;
    let len_of = |k: usize| 0x100 + (k % 7) * 0x10;
    let exact = |k: usize, offset: usize| Lookup {
        owner: k as u64,
        offset,
    };
    let reg = Registry::new();
    let added = scrambled(N, 11);
    let removed = scrambled(N, 12);

    for adding in [true, false] {
        let order = if adding { &added } else { &removed };
        let done = AtomicBool::new(false);
        thread::scope(|s| {
            for r in 0..READERS {
                let (reg, done) = (&reg, &done);
                s.spawn(move || {
                    let mut rng = XorShift::new(100 + r as u64);
                    // Highest position in `order` whose change was seen.
                    let mut seen: Option<usize> = None;
                    let mut lookups = 0usize;
                    while !done.load(Ordering::Relaxed) || lookups < 10_000 {
                        let j = rng.below(N);
                        let k = order[j];
                        let offset = rng.below(len_of(k));
                        let got = reg.lookup(start_of(k) + offset);
                        if let Some(got) = got {
                            assert_eq!(got, exact(k, offset));
                        }
                        if got.is_some() == adding {
                            seen = seen.max(Some(j));
                        }
                        if let Some(seen) = seen {
                            let i = rng.below(seen + 1);
                            let k = order[i];
                            let got = reg.lookup(start_of(k) + len_of(k) - 1);
                            let want = adding.then(|| exact(k, len_of(k) - 1));
                            assert_eq!(got, want, "change {i} of {seen} seen");
                        }
                        lookups += 1;
                    }
                });
            }
            for &k in order {
                if adding {
                    reg.register(start_of(k), len_of(k), k as u64).unwrap();
                } else {
                    assert_eq!(reg.unregister(start_of(k)).unwrap().owner, k as u64);
                }
            }
            done.store(true, Ordering::Relaxed);
        });
        assert_eq!(reg.len(), if adding { N } else { 0 });
    }
}
