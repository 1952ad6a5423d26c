//! A registry of loaded code ranges that a signal handler can query.
//!
//! A runtime that maps AOT-compiled code must answer, inside a SIGSEGV,
//! SIGILL or SIGFPE handler, "is this program counter in code we loaded, and
//! whose?". The embedder [`register`](Registry::register)s each code range
//! `[start, start + len)` with an owner id of its choice (a module id, a
//! pointer, ...), and the handler calls [`lookup`](Registry::lookup), which
//! returns the owner and the offset of the PC inside the range.
//!
//! # Why not a lock
//!
//! wasmtime keeps a global `RwLock<BTreeMap<end, (start, ...)>>` and takes
//! the read lock in its trap handler. A signal handler must not take a lock:
//! if the signal interrupts a thread that holds (or is acquiring) the write
//! lock, the handler deadlocks; locks may also make system calls (futex) and
//! are not async-signal-safe by POSIX. Here `lookup` takes no lock, does not
//! allocate, makes no system call and completes in a bounded number of steps
//! whatever other threads do (see the `publish` module docs for the exact
//! progress guarantee per architecture).
//!
//! # Design
//!
//! * **Immutable versions: a copy-on-write B+tree** (`tree.rs`). The
//!   registered ranges live in a B+tree of disjoint ranges sorted by start,
//!   with up to 64 entries per node, whose nodes are never modified once a
//!   reader can reach them. A lookup descends from the root (three levels
//!   at 100,000 ranges); in each node it counts the first keys of the
//!   node's groups of 8 keys that are at or below the PC, then the keys of
//!   one group (two cache lines of keys, no data-dependent branch), and at
//!   the leaf it checks the candidate's length. A change copies the nodes
//!   on one root-to-leaf path (and, when a node gets too small, one sibling
//!   per level to merge with or borrow from), and shares every other node
//!   with the previous version through reference counts that only writers
//!   touch.
//! * **Copy-on-write publication** (`publish.rs`). Writers serialize on a
//!   mutex, build the next version and publish it with one atomic pointer
//!   swap. A lookup loads the pointer once and works on that version, so it
//!   is linearizable: it sees the registry as it was before or after each
//!   concurrent change, never a mix.
//! * **Reclamation without blocking readers** (`publish.rs`). A lookup
//!   increments a reader counter before loading the pointer and decrements
//!   it afterwards. A grace period flips an epoch bit and waits for the
//!   counters of both epochs to drain; the versions replaced before it
//!   began are then freed, which frees exactly their nodes that no newer
//!   version shares (the copied paths). `unregister` runs a grace period
//!   before it returns (its caller may unmap the code next); `register`
//!   and `register_all` leave the old version for a later grace period
//!   (at the latest the 32nd such change runs one), so they never wait for
//!   readers. Readers never wait, writers may. Counters are sharded by
//!   stack address to avoid one contended cache line. The memory-ordering
//!   argument is written out in the `publish` module docs (all operations
//!   are `SeqCst`; the key step is that a reader's increment precedes its
//!   pointer load, which precedes the writer's swap, which precedes the
//!   counter loads of the grace period that frees the old version, in the
//!   single `SeqCst` order).
//! * **Errors** (`error.rs`). Overlaps, duplicate starts, overflowing ranges
//!   and unknown starts are reported as [`RegistryError`], with a
//!   [`RegistryErrorKind`] for the C layer; nothing panics.
//!
//! Why a copy-on-write B+tree: correctness rests on two simple facts, each
//! checked on its own. Concurrency: readers only ever see immutable,
//! fully built versions published by one pointer swap, and a version's
//! memory is reclaimed by the same grace periods as before; nothing in the
//! tree is updated in place while a reader can reach it, because a writer
//! changes a node in place only when its reference count says that no
//! published or not-yet-freed version holds it (`Arc::make_mut`). Data
//! structure: a single-threaded persistent B+tree, which the tests check
//! against a `BTreeMap` with nodes of 4 and 5 entries (deep trees, frequent
//! splits and merges) as well as 64. A base table plus a sorted delta
//! merged in batches would keep `O(n)` merges (amortised `O(n / batch)`
//! per change), make each lookup search two structures and handle removals
//! as tombstones; a two-level table of fixed chunks copies the whole top
//! index per change (`O(n / chunk)`). The tree costs `O(log n)` for both.
//!
//! Other reclamation schemes considered: a reference count inside each
//! version cannot be taken safely (the version may be freed between
//! loading the pointer and incrementing its count); hazard pointers and
//! epoch-based reclamation need a per-thread slot, i.e. thread-local
//! storage, whose first access is not async-signal-safe everywhere (it may
//! allocate); keeping two copies (left-right) would still need the same
//! reader accounting and double the memory. Global sharded counters need no
//! per-thread registration at all.
//!
//! # Costs
//!
//! * `lookup`: two atomic read-modify-writes on a (mostly) uncontended cache
//!   line, three atomic loads, and one search per tree level: `O(log n)`,
//!   about 3 levels at 100,000 ranges and 4 up to a million.
//! * `register` / `unregister`: `O(log n)`: the checks descend the tree
//!   once or twice; the change copies at most two nodes of at most 64
//!   entries per level (about 5 KiB at 100,000 ranges) and adjusts the
//!   reference counts of the copied inner nodes' children. `unregister`
//!   then waits for the lookups that started before its swap (usually
//!   immediate); `register` does not wait.
//! * `register_all` of `m` ranges: `O(m log m + m log n)`, inserting into a
//!   private copy (nodes copied for the batch are then changed in place,
//!   since no reader can see them yet), or `O(n + m log m)` when `m` is at
//!   least `n / 8` and rebuilding the tree with full nodes is cheaper.
//! * Memory: about 1.7 KiB per leaf of 32 to 64 ranges, so 27 to 54 bytes
//!   per range, plus the versions waiting for a grace period (each holds
//!   only its own copied path).
//!
//! `cargo bench --bench registry` measures changes per second and lookups
//! (alone, beside a writer paced at 2,000 changes per second, and beside
//! one running flat out) next to an `RwLock<BTreeMap>` in the same run.
//!
//! # Contract with signal handlers
//!
//! `lookup`, `len` and `is_empty` are async-signal-safe. `register`,
//! `register_all`, `unregister` and `ranges` are not (they lock, allocate
//! and may wait), and must not be called from a signal handler. A handler
//! that interrupted a `lookup` must return normally rather than `longjmp`
//! out of it (synchronous traps from JIT code never interrupt a `lookup`).
//! Like a mutex held across `fork`, a `lookup` running in another thread
//! when the process forks stays "in progress" in the child, where writers
//! would then wait forever: a forked child should only use the registry for
//! lookups (or `exec`).
//!
//! A writer that runs a grace period (every `unregister`, and a
//! registration when 32 old versions are waiting to be freed) waits for the
//! lookups that were in progress when it published its change. They are
//! short, but a reader that the OS preempts in the middle of one delays the
//! writer until it runs again (up to a scheduling quantum on an
//! oversubscribed machine), exactly as a reader holding wasmtime's read
//! lock would. Readers are never delayed by writers.
//!
//! # Example
//!
//! ```
//! use aotcompat::registry::{Lookup, Registry, RegistryErrorKind};
//!
//! let registry = Registry::new();
//! registry.register(0x1000, 0x1000, 7).unwrap();
//! assert_eq!(registry.lookup(0x1800), Some(Lookup { owner: 7, offset: 0x800 }));
//! assert_eq!(registry.lookup(0x2000), None);
//!
//! let err = registry.register(0x1800, 0x100, 8).unwrap_err();
//! assert_eq!(err.kind(), RegistryErrorKind::Overlap);
//! assert_eq!(
//!     err.to_string(),
//!     "code range [0x1800, 0x1900) overlaps the registered range [0x1000, 0x2000) of owner 7"
//! );
//! assert_eq!(registry.unregister(0x1000).unwrap().owner, 7);
//! ```
//!
//! # Semantics
//!
//! * Ranges are half-open: `[start, start + len)`; a range is identified by
//!   its `start` (for `unregister`).
//! * Empty ranges (`len == 0`) cover no address: registering one succeeds and
//!   does nothing (so it cannot be unregistered later: `NotFound`).
//! * `start + len` must not exceed `usize::MAX` (`Overflow`): the very last
//!   byte of the address space cannot be registered.
//! * Touching ranges (`[a, b)` and `[b, c)`) are fine; sharing any address
//!   is an error (`Duplicate` if the starts are equal, `Overlap` otherwise).

mod error;
mod publish;
mod tree;

use std::fmt;

pub use error::{RegistryError, RegistryErrorKind};
use publish::{Change, Reclaim, SnapshotCell};
use tree::Tree;

/// A registered range of code: `[start, start + len)` belonging to `owner`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodeRange {
    /// First address of the range.
    pub start: usize,
    /// Length in bytes.
    pub len: usize,
    /// The embedder's id for whoever owns the code.
    pub owner: u64,
}

impl CodeRange {
    /// One past the last address, or `None` if that does not fit in `usize`
    /// (never the case for a registered range).
    pub fn end(&self) -> Option<usize> {
        self.start.checked_add(self.len)
    }

    /// Whether `pc` lies in `[start, start + len)`.
    pub fn contains(&self, pc: usize) -> bool {
        pc >= self.start && pc - self.start < self.len
    }
}

/// The answer to a successful [`Registry::lookup`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lookup {
    /// Owner id of the range containing the PC.
    pub owner: u64,
    /// `pc - start` of that range.
    pub offset: usize,
}

/// A set of disjoint code ranges with a lock-free, async-signal-safe
/// [`lookup`](Registry::lookup). See the module documentation.
pub struct Registry {
    cell: SnapshotCell<Tree>,
}

/// The process-wide registry. A `static` with a `const` initializer: nothing
/// is lazily created, so the first lookup (possibly in a signal handler) does
/// not allocate or synchronize. It is never dropped.
static GLOBAL: Registry = Registry::new();

/// The process-wide registry, for code that every part of the process (in
/// particular the signal handler) must be able to find.
pub fn global() -> &'static Registry {
    &GLOBAL
}

impl Registry {
    /// An empty registry. `const`, and allocates nothing until the first
    /// registration.
    pub const fn new() -> Registry {
        Registry {
            cell: SnapshotCell::new(),
        }
    }

    /// Registers `[start, start + len)` for `owner`.
    ///
    /// A zero `len` is accepted and ignored. Fails with `Overflow` if
    /// `start + len` exceeds `usize::MAX`, `Duplicate` if a range already
    /// starts at `start`, `Overlap` if the range shares an address with a
    /// registered one. Costs `O(log n)` and does not wait for lookups in
    /// progress; not async-signal-safe.
    pub fn register(&self, start: usize, len: usize, owner: u64) -> Result<(), RegistryError> {
        let new = CodeRange { start, len, owner };
        self.cell.update(Reclaim::Defer, |current| {
            let change = match Tree::with_inserted(current.unwrap_or(&Tree::new()), new)? {
                Some(tree) => Change::Set(tree),
                None => Change::Keep,
            };
            Ok((change, ()))
        })
    }

    /// Registers all of `ranges` atomically: either every range is added
    /// (lookups see them appear together) or none is and the first conflict
    /// is returned. Ranges of the batch may not overlap each other either.
    /// Empty ranges are ignored. Costs `O(m log m + m log n)` for `m` new
    /// ranges, or `O(n + m log m)` when `m` is large against `n`.
    pub fn register_all(&self, ranges: &[CodeRange]) -> Result<(), RegistryError> {
        self.cell.update(Reclaim::Defer, |current| {
            let change = match Tree::with_inserted_all(current.unwrap_or(&Tree::new()), ranges)? {
                Some(tree) => Change::Set(tree),
                None => Change::Keep,
            };
            Ok((change, ()))
        })
    }

    /// Unregisters the range that starts exactly at `start` and returns it.
    ///
    /// Fails with `NotFound` if no range starts there (an address inside a
    /// range is not enough). When this returns, no lookup still reads the
    /// removed entry, so the caller may unmap the code. Costs `O(log n)`,
    /// then waits for the lookups that were in progress; not
    /// async-signal-safe.
    pub fn unregister(&self, start: usize) -> Result<CodeRange, RegistryError> {
        self.cell.update(Reclaim::Wait, |current| {
            let (tree, removed) = Tree::without(current.unwrap_or(&Tree::new()), start)?;
            let change = if tree.is_empty() {
                Change::Clear
            } else {
                Change::Set(tree)
            };
            Ok((change, removed))
        })
    }

    /// The owner of the range containing `pc` and the offset of `pc` in it.
    ///
    /// Async-signal-safe: no lock, no allocation, no system call, a bounded
    /// number of steps (`O(log n)`), correct while other threads register
    /// and unregister.
    #[inline]
    pub fn lookup(&self, pc: usize) -> Option<Lookup> {
        self.cell.read(|tree| tree?.lookup(pc))
    }

    /// Number of registered ranges. Async-signal-safe.
    pub fn len(&self) -> usize {
        self.cell.read(|tree| tree.map_or(0, Tree::len))
    }

    /// Whether no range is registered. Async-signal-safe.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the registered ranges, sorted by start address. Allocates:
    /// not async-signal-safe.
    pub fn ranges(&self) -> Vec<CodeRange> {
        self.cell
            .read(|tree| tree.map_or_else(Vec::new, Tree::ranges))
    }
}

impl Default for Registry {
    fn default() -> Self {
        Registry::new()
    }
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("len", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn assert_send_sync<T: Send + Sync>() {}
    const _: () = assert_send_sync::<Registry>();
    const _: () = assert_send_sync::<RegistryError>();

    fn hit(registry: &Registry, pc: usize) -> Option<(u64, usize)> {
        registry.lookup(pc).map(|l| (l.owner, l.offset))
    }

    #[test]
    fn register_lookup_unregister() {
        let reg = Registry::new();
        assert!(reg.is_empty());
        assert_eq!(reg.lookup(0x1000), None);

        reg.register(0x1000, 0x1000, 1).unwrap();
        reg.register(0x3000, 0x100, 2).unwrap();
        reg.register(0x2000, 0x1000, 3).unwrap(); // touches both
        assert_eq!(reg.len(), 3);
        assert_eq!(hit(&reg, 0xfff), None);
        assert_eq!(hit(&reg, 0x1000), Some((1, 0)));
        assert_eq!(hit(&reg, 0x1fff), Some((1, 0xfff)));
        assert_eq!(hit(&reg, 0x2000), Some((3, 0)));
        assert_eq!(hit(&reg, 0x30ff), Some((2, 0xff)));
        assert_eq!(hit(&reg, 0x3100), None);

        let starts: Vec<usize> = reg.ranges().iter().map(|r| r.start).collect();
        assert_eq!(starts, vec![0x1000, 0x2000, 0x3000]);

        let removed = reg.unregister(0x2000).unwrap();
        assert_eq!(
            removed,
            CodeRange {
                start: 0x2000,
                len: 0x1000,
                owner: 3
            }
        );
        assert_eq!(hit(&reg, 0x2000), None);
        let e = reg.unregister(0x2000).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::NotFound);
        // An address inside a range does not identify it.
        assert_eq!(
            reg.unregister(0x1001).unwrap_err().kind(),
            RegistryErrorKind::NotFound
        );

        reg.unregister(0x1000).unwrap();
        reg.unregister(0x3000).unwrap();
        assert!(reg.is_empty());
        assert_eq!(reg.ranges(), vec![]);
        assert_eq!(
            reg.unregister(0x3000).unwrap_err().kind(),
            RegistryErrorKind::NotFound
        );
    }

    #[test]
    fn errors_leave_the_registry_unchanged() {
        let reg = Registry::new();
        reg.register(0x1000, 0x1000, 7).unwrap();
        let before = reg.ranges();

        let e = reg.register(0x800, 0x1000, 9).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert_eq!(
            reg.register(0x1800, 0x100, 9).unwrap_err().to_string(),
            "code range [0x1800, 0x1900) overlaps the registered range [0x1000, 0x2000) of owner 7"
        );
        let e = reg.register(0x1000, 0x10, 9).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Duplicate);
        let e = reg.register(usize::MAX - 1, 2, 9).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overflow);
        let e = reg
            .register_all(&[
                CodeRange {
                    start: 0x8000,
                    len: 1,
                    owner: 1,
                },
                CodeRange {
                    start: 0x1fff,
                    len: 1,
                    owner: 1,
                },
            ])
            .unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert_eq!(reg.ranges(), before);
        assert_eq!(reg.lookup(0x8000), None);
    }

    #[test]
    fn empty_ranges_are_ignored() {
        let reg = Registry::new();
        reg.register(0x1000, 0, 1).unwrap();
        assert!(reg.is_empty());
        assert_eq!(reg.lookup(0x1000), None);
        assert_eq!(
            reg.unregister(0x1000).unwrap_err().kind(),
            RegistryErrorKind::NotFound
        );
        reg.register(0x1000, 0x10, 1).unwrap();
        // Even at an already registered start, or inside a range.
        reg.register(0x1000, 0, 2).unwrap();
        reg.register(0x1008, 0, 2).unwrap();
        reg.register(usize::MAX, 0, 2).unwrap();
        assert_eq!(reg.len(), 1);
        reg.register_all(&[]).unwrap();
        assert_eq!(reg.len(), 1);
    }

    #[test]
    fn register_all_is_atomic_and_sorted() {
        let reg = Registry::new();
        reg.register(0x5000, 0x10, 5).unwrap();
        let batch: Vec<CodeRange> = (0..100)
            .rev()
            .map(|i| CodeRange {
                start: 0x10000 + i * 0x100,
                len: 0x80,
                owner: i as u64,
            })
            .collect();
        reg.register_all(&batch).unwrap();
        assert_eq!(reg.len(), 101);
        let ranges = reg.ranges();
        assert!(ranges.windows(2).all(|w| w[0].start < w[1].start));
        for i in 0..100 {
            let pc = 0x10000 + i * 0x100 + 0x7f;
            assert_eq!(hit(&reg, pc), Some((i as u64, 0x7f)));
            assert_eq!(hit(&reg, pc + 1), None);
        }
    }

    #[test]
    fn code_range_helpers() {
        let r = CodeRange {
            start: 0x10,
            len: 0x10,
            owner: 0,
        };
        assert_eq!(r.end(), Some(0x20));
        assert!(!r.contains(0xf));
        assert!(r.contains(0x10));
        assert!(r.contains(0x1f));
        assert!(!r.contains(0x20));
        let top = CodeRange {
            start: usize::MAX,
            len: 2,
            owner: 0,
        };
        assert_eq!(top.end(), None);
        assert!(top.contains(usize::MAX));
        assert!(!top.contains(0));
    }

    #[test]
    fn global_registry_is_shared() {
        // Addresses no other test in this crate uses.
        let start = usize::MAX / 2 + 0x1234_0000;
        global().register(start, 0x100, 42).unwrap();
        assert_eq!(hit(global(), start + 0x10), Some((42, 0x10)));
        assert!(std::ptr::eq(global(), global()));
        assert_eq!(global().unregister(start).unwrap().owner, 42);
        assert_eq!(global().lookup(start + 0x10), None);
        assert!(format!("{:?}", global()).starts_with("Registry"));
    }
}
