//! Publication of immutable snapshots, and their safe reclamation.
//!
//! [`SnapshotCell<T>`] holds a pointer to the current, immutable `T`. Readers
//! use it without locks, allocation or system calls; writers replace it and
//! free the previous value once no reader can still be using it. This is a
//! small read-copy-update (RCU) scheme whose grace-period detection works
//! with global counters rather than per-thread state, because per-thread
//! state (thread-locals) is not reliably usable from a signal handler.
//!
//! The cell does not know what a `T` contains. For the registry a `T` is a
//! tree whose nodes are shared, through reference counts, with the versions
//! before and after it; freeing a `T` drops only what no other version
//! still holds (see the `tree` module). What matters here is that the cell
//! frees a value only when no reader can reach it, and that it keeps every
//! unfreed old value (and so every node that value holds) alive until then.
//!
//! # Protocol
//!
//! State: `current: AtomicPtr<T>`, `epoch` (0 or 1) and two banks of reader
//! counters, `readers[0]` and `readers[1]`, each split into `SHARDS`
//! cache-line-sized counters (see *Sharding* below).
//!
//! Reader (`read`), a fixed sequence of steps, never waiting:
//! 1. `e = epoch.load()`, pick a counter `c` in bank `readers[e]`;
//! 2. `c.fetch_add(1)`;
//! 3. `p = current.load()`, then use `*p`;
//! 4. `c.fetch_sub(1)` (in a drop guard, so it also runs on unwinding).
//!
//! Writer (`update`), serialized by a `Mutex`:
//! 1. build the new value, `old = current.swap(new)`, add `old` to the
//!    writer's list of *retired* values;
//! 2. when the caller asked for it ([`Reclaim::Wait`]: it is about to free
//!    something the old value refers to, such as unmapped code) or when the
//!    list has reached `MAX_RETIRED` values: a *grace period*, i.e. twice:
//!    flip `epoch` and wait until every counter of the bank readers were
//!    entering before the flip reads zero;
//! 3. after a grace period, free every retired value.
//!
//! With [`Reclaim::Defer`] a change does not wait for readers at all (it
//! frees the values it retires during a later change's grace period), so a
//! registration never waits; an unregistration waits for one grace period.
//!
//! # Why this is safe (memory ordering)
//!
//! Every operation on `current`, `epoch` and the counters is `SeqCst`, so all
//! of them fall into one total order S consistent with program order and
//! with each location's modification order.
//!
//! Take a reader R that loaded `old`. R's load of `current` (step 3) read the
//! value that the writer's swap replaced, so it precedes the swap in S (it is
//! coherence-ordered before it). R's increment of its counter `c` precedes
//! that load in program order, hence in S. The writer frees `old` only after
//! a grace period that follows that swap in S: the grace period of the same
//! change (sequenced after the swap), or, for a deferred value, of a later
//! change, possibly on another thread; then the swap is sequenced before
//! the first writer's mutex release, which synchronizes with the later
//! writer's acquire, which is sequenced before its grace period, so the
//! swap strongly happens before the grace period's operations and precedes
//! them in S. The grace period waits on *both* banks,
//! i.e. on `c` whichever bank R chose: at some point it loads `c` after R's
//! increment in S, so that load reads a value at or after the increment in
//! `c`'s modification order. It keeps loading until it reads 0. Every
//! decrement in a prefix of `c`'s modification order is preceded in that
//! prefix by the matching increment (same thread, coherence), so a prefix
//! that contains R's increment and sums to 0 also contains R's decrement:
//! R has finished.
//!
//! Which bank a reader picks therefore does not matter for safety; flipping
//! the epoch is what makes the writer *progress*: readers that start after a
//! flip count themselves in the other bank, so the bank being waited on can
//! only receive stragglers (readers that loaded `epoch` just before the flip,
//! at most one per thread plus one per nested signal handler) and drains
//! even under a continuous stream of lookups. The second flip does the same
//! for the other bank, which may hold readers that loaded the old pointer
//! before the swap.
//!
//! Visibility: R's accesses to `*old` happen before the writer frees it. R's
//! decrement is a release operation; the counter is only ever modified by
//! read-modify-write operations, which continue R's release sequence, so the
//! writer's acquire load that reads 0 (a value written in that sequence)
//! synchronizes with R's decrement. (For a deferred value the freeing writer
//! may be another thread than the one that retired it; the mutex hands the
//! retired list over with acquire/release, and the argument above is about
//! the thread that runs the grace period and frees.) Symmetrically the swap
//! (release) that publishes `new` synchronizes with the acquire load that
//! returns it, so a reader sees the fully built value, including nodes it
//! shares with older versions (they were built before an earlier swap that
//! this writer's mutex acquisition, and so this swap, follows).
//!
//! `SeqCst` is needed for the "precedes in S" steps above (store-load
//! ordering between the reader's increment and its pointer load, and
//! between the writer's swap and its counter loads); acquire/release alone
//! would let a reader's pointer load be satisfied before its increment became
//! visible. The epoch load could be `Relaxed` (it only steers progress) but
//! is `SeqCst` for simplicity; on x86-64 a `SeqCst` load is a plain load.
//!
//! # Signal handlers
//!
//! A reader never waits, so a lookup in a signal handler always completes,
//! even if the handler interrupted a writer that is waiting for readers on
//! the same thread: the handler's increment and decrement both happen before
//! the writer resumes, so the counters it waits on still drain. Writers, on
//! the other hand, must not run in a signal handler (they lock a mutex and
//! allocate), and a handler must not `longjmp` out of an interrupted *read*
//! (the decrement would be skipped and writers would wait forever);
//! synchronous traps raised by JIT code cannot interrupt a read, since no JIT
//! code runs inside one.
//!
//! # Progress
//!
//! A read performs a fixed number of atomic operations: wait-free where
//! `fetch_add` is a single instruction (x86-64 `lock xadd`, AArch64 with LSE
//! atomics), lock-free where it is a load-linked/store-conditional loop.
//! A writer may wait for readers; it spins briefly (a read takes well under
//! a microsecond), then sleeps for short, growing intervals (10 µs doubling
//! up to 160 µs). Sleeping rather than yielding matters on a busy machine:
//! a reader that is waiting for a CPU in the middle of a read gets the one
//! the writer leaves, instead of queueing behind a writer that keeps asking
//! for it back. A reader that is descheduled (or stopped by a debugger) in
//! the middle of a read delays writers that wait, never other readers.
//!
//! # Sharding
//!
//! If every reader incremented the same counter, concurrent lookups on many
//! cores would all contend for one cache line. Each bank is therefore split
//! into `SHARDS` counters on separate cache lines, and a reader picks one by
//! hashing the address of a local variable: threads run on distinct stacks,
//! so concurrent readers mostly land on distinct counters, without any
//! thread-local storage. The choice only affects performance: the reader
//! remembers the counter it incremented and decrements that one, and the
//! writer waits on all of them.

use std::hint;
use std::marker::PhantomData;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering::SeqCst};
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::Duration;

/// log2 of the number of reader counters per bank.
const SHARD_BITS: u32 = 3;
const SHARDS: usize = 1 << SHARD_BITS;

/// Most old values kept before a deferred change runs a grace period. For
/// the registry a retired value holds about one tree path of its own (a few
/// KiB), so this bounds the memory waiting to be freed.
const MAX_RETIRED: usize = 32;

/// A reader counter alone on its cache line (128 bytes covers the adjacent
/// line prefetcher of x86 and the 128-byte lines of some ARM cores).
#[repr(align(128))]
struct ReaderCount(AtomicUsize);

/// When the value a change replaces may be freed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reclaim {
    /// Before `update` returns: no reader still uses the old value then, so
    /// the caller may free what only the old value referred to (unregistered
    /// code). Runs a grace period.
    Wait,
    /// During a later change's grace period: `update` does not wait for
    /// readers (unless `MAX_RETIRED` old values are already waiting).
    Defer,
}

/// How a writer wants the published value changed.
pub(super) enum Change<T> {
    /// Leave the current value as it is (no new version, no grace period).
    Keep,
    /// Publish this value.
    Set(T),
    /// Publish "nothing" (the null pointer); readers see `None`.
    Clear,
}

/// An atomically replaceable, immutable `T` that readers can access from a
/// signal handler. See the module documentation for the protocol.
pub(super) struct SnapshotCell<T: Send + Sync> {
    /// The current value, or null for "none". Owns the pointee, which was
    /// created by `Box::into_raw`.
    current: AtomicPtr<T>,
    /// Bank (0 or 1) that new readers count themselves in. Only writers
    /// change it, with `fetch_xor(1)`.
    epoch: AtomicUsize,
    readers: [[ReaderCount; SHARDS]; 2],
    /// Serializes writers (the grace-period logic assumes a single writer)
    /// and holds the values they replaced that are not freed yet.
    writer: Mutex<Retired<T>>,
    /// The cell owns a `Box<T>` (for drop check and auto traits).
    _owns: PhantomData<Box<T>>,
}

impl<T: Send + Sync> SnapshotCell<T> {
    /// An empty cell. `const`, so a cell can live in a `static` and needs no
    /// lazy initialization (which could allocate or lock inside a lookup).
    pub(super) const fn new() -> Self {
        SnapshotCell {
            current: AtomicPtr::new(ptr::null_mut()),
            epoch: AtomicUsize::new(0),
            readers: [const { [const { ReaderCount(AtomicUsize::new(0)) }; SHARDS] }; 2],
            writer: Mutex::new(Retired(Vec::new())),
            _owns: PhantomData,
        }
    }

    /// Calls `f` with the current value; async-signal-safe and wait-free as
    /// long as `f` is.
    ///
    /// `f` must not call [`update`](Self::update) on the same cell: the
    /// writer would wait for this very read to finish.
    #[inline]
    pub(super) fn read<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        let guard = self.enter();
        // SAFETY: `guard.current` is null or was produced by `Box::into_raw`
        // in `update`. The reader protocol (module docs) guarantees that a
        // writer does not free it before `guard` is dropped, which happens
        // after `f` returns, and `f` cannot keep the reference (its lifetime
        // is limited to the call).
        let value = unsafe { guard.current.as_ref() };
        f(value)
    }

    /// Steps 1-3 of the reader protocol.
    #[inline(always)]
    fn enter(&self) -> ReadGuard<'_, T> {
        let shard = shard_hint();
        let bank = self.epoch.load(SeqCst) & 1;
        let counter = &self.readers[bank][shard].0;
        counter.fetch_add(1, SeqCst);
        let current = self.current.load(SeqCst);
        ReadGuard { counter, current }
    }

    /// Runs `f` on the current value with writers excluded and publishes the
    /// change it asks for. The previous value is freed before returning
    /// with [`Reclaim::Wait`], later with [`Reclaim::Defer`].
    ///
    /// May block (mutex, waiting for readers) and allocates: never call it
    /// from a signal handler, nor from inside [`read`](Self::read).
    pub(super) fn update<R, E>(
        &self,
        reclaim: Reclaim,
        f: impl FnOnce(Option<&T>) -> Result<(Change<T>, R), E>,
    ) -> Result<R, E> {
        // Writers never leave the cell inconsistent (the only mutations are
        // the swap below and pushes to and drains of `retired`, each complete
        // before anything can panic), so a poisoned mutex carries no broken
        // invariant.
        let mut retired = self.writer.lock().unwrap_or_else(PoisonError::into_inner);

        // Writers are the only ones to change or free `current` and we hold
        // the writer lock, so it cannot be freed while `f` looks at it.
        let current = self.current.load(SeqCst);
        // SAFETY: null or from `Box::into_raw`, alive while we hold the lock.
        let (change, result) = f(unsafe { current.as_ref() })?;
        let new = match change {
            Change::Keep => return Ok(result),
            Change::Set(value) => Box::into_raw(Box::new(value)),
            Change::Clear => ptr::null_mut(),
        };
        // Room first, so that nothing can fail between the swap and the push.
        retired.0.reserve(1);
        let old = self.current.swap(new, SeqCst);
        debug_assert_eq!(old, current);
        if !old.is_null() {
            retired.0.push(old);
        }
        if reclaim == Reclaim::Wait || retired.0.len() >= MAX_RETIRED {
            self.wait_for_readers();
            for old in retired.0.drain(..) {
                // SAFETY: every retired pointer came from `Box::into_raw`,
                // was replaced in `current` by a swap before this grace
                // period started and is not reachable through `current` any
                // more, and every reader that could have loaded it has
                // finished (`wait_for_readers`; module docs). It is freed
                // once: `drain` removes it from the list.
                drop(unsafe { Box::from_raw(old) });
            }
        }
        Ok(result)
    }

    /// Step 2 of the writer protocol: returns once every read that started
    /// before the call has finished. Caller holds the writer lock.
    fn wait_for_readers(&self) {
        for _ in 0..2 {
            let drained = self.epoch.fetch_xor(1, SeqCst) & 1;
            for counter in &self.readers[drained] {
                let mut spins = 0u32;
                let mut nap = Duration::from_micros(10);
                while counter.0.load(SeqCst) != 0 {
                    if spins < 100 {
                        spins += 1;
                        hint::spin_loop();
                    } else {
                        // The reader is probably descheduled: leave it this
                        // CPU. (It is never this thread: a signal handler's
                        // read completes before this thread resumes.)
                        thread::sleep(nap);
                        nap = (nap * 2).min(Duration::from_micros(160));
                    }
                }
            }
        }
    }
}

impl<T: Send + Sync> Drop for SnapshotCell<T> {
    fn drop(&mut self) {
        // `&mut self`: no reader or writer can be active.
        let current = *self.current.get_mut();
        let retired = &mut self
            .writer
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .0;
        for value in retired
            .drain(..)
            .chain((!current.is_null()).then_some(current))
        {
            // SAFETY: from `Box::into_raw`, owned by the cell, each once
            // (the current value is never in the retired list).
            drop(unsafe { Box::from_raw(value) });
        }
    }
}

/// Values replaced by deferred changes and not freed yet. Raw pointers, not
/// `Box`es: readers may still be using them, so no unique reference to them
/// may exist until their grace period is over.
struct Retired<T>(Vec<*mut T>);

// SAFETY: the list owns the values it points to (each from `Box::into_raw`,
// freed once); sending it to another thread sends that ownership, which is
// sound for `T: Send`. It is only touched under the writer mutex.
unsafe impl<T: Send> Send for Retired<T> {}

/// Step 4 of the reader protocol, on drop.
struct ReadGuard<'a, T> {
    counter: &'a AtomicUsize,
    current: *const T,
}

impl<T> Drop for ReadGuard<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        self.counter.fetch_sub(1, SeqCst);
    }
}

/// Picks a reader counter from the address of the caller's stack, so that
/// threads (which run on different stacks) tend to use different counters.
/// Any result is correct; see "Sharding" in the module docs.
#[inline(always)]
fn shard_hint() -> usize {
    let marker = 0u8;
    let address = hint::black_box(ptr::addr_of!(marker)).addr();
    // Ignore the low 16 bits (position within a thread's stack), then
    // Fibonacci-hash the rest into SHARD_BITS bits.
    let hash = ((address >> 16) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (hash >> (64 - SHARD_BITS)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::sync::mpsc;
    use std::sync::Arc;
    use std::time::Duration;

    /// Counts its drops.
    struct Tracked {
        value: u32,
        drops: Arc<AtomicUsize>,
    }

    impl Drop for Tracked {
        fn drop(&mut self) {
            self.drops.fetch_add(1, SeqCst);
        }
    }

    fn set(cell: &SnapshotCell<Tracked>, value: u32, drops: &Arc<AtomicUsize>) {
        set_with(cell, Reclaim::Wait, value, drops);
    }

    fn set_with(
        cell: &SnapshotCell<Tracked>,
        reclaim: Reclaim,
        value: u32,
        drops: &Arc<AtomicUsize>,
    ) {
        let drops = Arc::clone(drops);
        cell.update(reclaim, |_| {
            Ok::<_, ()>((Change::Set(Tracked { value, drops }), ()))
        })
        .unwrap();
    }

    fn value(cell: &SnapshotCell<Tracked>) -> Option<u32> {
        cell.read(|v| v.map(|t| t.value))
    }

    #[test]
    fn publishes_and_frees_every_version() {
        let drops = Arc::new(AtomicUsize::new(0));
        let cell = SnapshotCell::new();
        assert_eq!(value(&cell), None);
        set(&cell, 1, &drops);
        assert_eq!(value(&cell), Some(1));
        set(&cell, 2, &drops);
        assert_eq!(value(&cell), Some(2));
        assert_eq!(drops.load(SeqCst), 1);

        // Keep: nothing published, nothing freed; errors propagate.
        let r = cell.update(Reclaim::Wait, |v| {
            Ok::<_, ()>((Change::Keep, v.map(|t| t.value)))
        });
        assert_eq!(r, Ok(Some(2)));
        assert_eq!(
            cell.update(Reclaim::Wait, |_| Err::<(Change<Tracked>, ()), _>("no")),
            Err("no")
        );
        assert_eq!(drops.load(SeqCst), 1);

        cell.update(Reclaim::Wait, |_| Ok::<_, ()>((Change::Clear, ())))
            .unwrap();
        assert_eq!(value(&cell), None);
        assert_eq!(drops.load(SeqCst), 2);

        set(&cell, 3, &drops);
        drop(cell);
        assert_eq!(drops.load(SeqCst), 3);
    }

    #[test]
    fn nested_reads_do_not_wait() {
        // What a signal handler interrupting a read does.
        let drops = Arc::new(AtomicUsize::new(0));
        let cell = SnapshotCell::new();
        set(&cell, 7, &drops);
        let got =
            cell.read(|outer| cell.read(|inner| (outer.unwrap().value, inner.unwrap().value)));
        assert_eq!(got, (7, 7));
        // And the counters drained: a writer does not block.
        set(&cell, 8, &drops);
        assert_eq!(drops.load(SeqCst), 1);
    }

    #[test]
    fn writer_waits_for_a_reader_that_holds_the_old_value() {
        let drops = Arc::new(AtomicUsize::new(0));
        let cell = SnapshotCell::new();
        set(&cell, 1, &drops);
        let writer_done = AtomicBool::new(false);
        let (entered_tx, entered_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();

        let cell = &cell;
        thread::scope(|s| {
            s.spawn(move || {
                cell.read(|v| {
                    entered_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                    // Still the value loaded at entry, still alive.
                    assert_eq!(v.unwrap().value, 1);
                });
            });
            entered_rx.recv().unwrap();
            s.spawn(|| {
                set(cell, 2, &drops);
                writer_done.store(true, SeqCst);
            });
            // New readers already see the new value and are not blocked.
            let deadline = std::time::Instant::now() + Duration::from_secs(10);
            while value(cell) != Some(2) {
                assert!(std::time::Instant::now() < deadline);
                thread::yield_now();
            }
            thread::sleep(Duration::from_millis(50));
            assert!(!writer_done.load(SeqCst), "writer freed a value in use");
            assert_eq!(drops.load(SeqCst), 0);
            release_tx.send(()).unwrap();
        });
        assert!(writer_done.load(SeqCst));
        assert_eq!(drops.load(SeqCst), 1);
    }

    #[test]
    fn deferred_values_are_freed_by_a_later_grace_period() {
        let drops = Arc::new(AtomicUsize::new(0));
        let cell = SnapshotCell::new();
        for v in 1..=5 {
            set_with(&cell, Reclaim::Defer, v, &drops);
            assert_eq!(value(&cell), Some(v));
        }
        // Four values replaced, none freed yet.
        assert_eq!(drops.load(SeqCst), 0);
        // A change that waits frees them all, and the one it replaces.
        set(&cell, 6, &drops);
        assert_eq!(drops.load(SeqCst), 5);

        // At most MAX_RETIRED wait: the change that retires the last one of
        // them runs a grace period by itself.
        for v in 0..MAX_RETIRED as u32 {
            set_with(&cell, Reclaim::Defer, 100 + v, &drops);
        }
        assert_eq!(drops.load(SeqCst), 5 + MAX_RETIRED);
        set_with(&cell, Reclaim::Defer, 200, &drops);
        assert_eq!(drops.load(SeqCst), 5 + MAX_RETIRED);

        // Dropping the cell frees what is still retired, and the current one.
        drop(cell);
        assert_eq!(drops.load(SeqCst), 5 + MAX_RETIRED + 2);
    }

    #[test]
    fn a_deferred_change_does_not_wait_for_readers_and_frees_nothing_in_use() {
        let drops = Arc::new(AtomicUsize::new(0));
        let cell = SnapshotCell::new();
        set(&cell, 1, &drops);
        let (entered_tx, entered_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let waiting_done = AtomicBool::new(false);

        let cell = &cell;
        thread::scope(|s| {
            s.spawn(move || {
                cell.read(|v| {
                    entered_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                    assert_eq!(v.unwrap().value, 1);
                });
            });
            entered_rx.recv().unwrap();
            // Returns at once although a reader holds value 1 ...
            set_with(cell, Reclaim::Defer, 2, &drops);
            set_with(cell, Reclaim::Defer, 3, &drops);
            assert_eq!(value(cell), Some(3));
            // ... which it does not free.
            assert_eq!(drops.load(SeqCst), 0);
            // A change that must wait does wait for that reader.
            s.spawn(|| {
                set(cell, 4, &drops);
                waiting_done.store(true, SeqCst);
            });
            thread::sleep(Duration::from_millis(50));
            assert!(!waiting_done.load(SeqCst), "freed values in use");
            assert_eq!(drops.load(SeqCst), 0);
            release_tx.send(()).unwrap();
        });
        assert!(waiting_done.load(SeqCst));
        assert_eq!(drops.load(SeqCst), 3);
    }

    #[test]
    fn shard_hint_is_in_range() {
        assert!(shard_hint() < SHARDS);
        let other = thread::spawn(shard_hint).join().unwrap();
        assert!(other < SHARDS);
    }
}
