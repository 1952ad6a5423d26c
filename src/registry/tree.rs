//! One version of the registry: a copy-on-write B+tree of disjoint ranges.
//!
//! A [`Tree`] is never modified once it is published. A writer derives the
//! next version from the current one by *path copying*: it copies the nodes
//! on the way from the root to the leaf it changes (plus at most one sibling
//! per level when nodes are merged or rebalanced) and shares every other
//! node with the previous version. Nodes are reference-counted ([`Arc`]);
//! only writers touch the counts, readers just follow the pointers of the
//! version they loaded. Freeing a version after its grace period (see the
//! `publish` module) drops its root, and with it exactly the nodes that no
//! newer version shares: the copied path.
//!
//! # Shape
//!
//! * A **leaf** holds up to `CAP` ranges, sorted by start, as two parallel
//!   arrays: the start addresses (dense, so a search touches 8 bytes per
//!   entry) and the `(len, owner)` pairs.
//! * An **inner node** holds up to `CAP` children and, for each, the
//!   smallest start address in that child's subtree (an exact minimum, not a
//!   separator, so the descent for a PC is "the last child whose minimum is
//!   at or below the PC").
//! * Every leaf is at the same depth. Every node but the root holds at least
//!   `CAP / 2` entries; an inner root has at least two children; the root of
//!   a non-empty tree is never empty (an empty registry has no tree).
//! * Nodes have fixed-size arrays, so reaching an entry is one pointer per
//!   level; slots past `len` hold the key `usize::MAX` and the default value
//!   (`None` for children), so that a node never keeps a stale child alive.
//! * Besides its keys, a node keeps the first key of each group of 8 keys
//!   (one cache line) in the line that holds its length. A search counts
//!   the group heads at or below the PC, then the keys at or below it in
//!   that one group (see `Entries::rank`): it reads two lines of keys, where
//!   a binary search over 64 keys reads four or five, each depending on the
//!   last. Nodes are aligned to cache lines, which also keeps the reference
//!   count (changed by writers) off the lines that readers search.
//!
//! With `CAP = 64` a tree of 100,000 ranges has depth 3 (about 1,600 to
//! 3,100 leaves under 25 to 100 inner nodes); 2^20 ranges fit in depth 4.
//! A node takes about 1.7 KiB (27 to 54 bytes per range in the leaves).
//!
//! # Why changing nodes in place is safe
//!
//! A writer changes a node through `Arc::make_mut`, which copies the node
//! unless its strong count is 1 (no weak references are ever made). A
//! node's strong count is the number of its parents, or tree roots, across
//! every version still alive: the published one, the writer's working copy,
//! and the replaced versions that wait for a grace period (the `publish`
//! module keeps them whole until then). A reader can only reach nodes of a
//! published or waiting version. The working copy starts as a clone of
//! the published root (count at least 2), so the first `make_mut` copies
//! it, and by induction down the path every node that `make_mut` hands out
//! is held by exactly one parent, which is itself held only by the working
//! copy: no version a reader can reach holds it. Nodes a batch copied once
//! are therefore changed in place for the rest of the batch, and nodes of
//! any version a reader may still use are never changed. Readers never
//! touch the counts, so writers changing them race with nothing.
//!
//! # Costs
//!
//! * `lookup` and the checks a writer makes: `O(log n)`: one binary search
//!   of at most `CAP` keys per level, `depth = O(log_{CAP/2} n)` levels.
//! * `insert` / `remove`: `O(CAP * log n)`: at most two nodes copied per
//!   level (the one on the path and, when it falls below `CAP / 2` entries,
//!   one sibling to merge with or borrow from), each of `CAP` entries, plus
//!   one reference-count increment per child of each copied inner node. At
//!   100,000 ranges that is about 5 KiB copied per change, against 3 MiB for
//!   the flat array this replaces.
//! * A batch of `m` ranges: `O(m log n)` inserted one by one into a private
//!   working copy (a node copied for the batch is then changed in place,
//!   since no reader can see it yet), or `O(n + m log m)` by rebuilding the
//!   tree from the merged sorted ranges when `m` is large against `n`.
//!
//! # Node size
//!
//! `CAP` trades writer cost (bytes copied per level) against depth (cache
//! lines touched per lookup). 64 keeps the copied path near 5 KiB at
//! 100,000 ranges while a lookup binary-searches three 512-byte key arrays;
//! the tests also run the tree with `CAP = 4` and `CAP = 5`, where a few
//! hundred ranges already make deep trees and every split, merge and
//! rebalance happens often.

use std::mem;
use std::ops::Range;
use std::sync::Arc;

use super::error::RegistryError;
use super::{CodeRange, Lookup};

/// Entries per node of the registry's tree (see "Node size" above).
pub(super) const NODE_CAP: usize = 64;

/// The part of a registered range stored beside its start address.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Span {
    len: usize,
    owner: u64,
}

/// Keys per cache line. A search in a node reads the line of `heads`, then
/// one line of `keys`, then one of `vals` (see [`Entries::rank`]).
const GROUP: usize = 8;
/// `heads` covers groups 1 to 7, so a node holds at most 64 entries.
const HEADS: usize = 7;

/// The entries of a node: `len` sorted keys, each with a value.
///
/// Slots at `len` and after hold the key `usize::MAX` (never a real key:
/// a registered range ends at `usize::MAX` at the latest, so it starts
/// below) and `V::default()`. Aligned to a cache line, and laid out so that
/// each group of `GROUP` keys, the `heads` with `len`, and each group of
/// values fill whole lines; the alignment also keeps a node's reference
/// count, which writers change, off the lines readers search.
#[derive(Clone)]
#[repr(C, align(64))]
struct Entries<V, const CAP: usize> {
    keys: [usize; CAP],
    /// `heads[g - 1] == keys[g * GROUP]`: the first key of each group but
    /// the first (`usize::MAX` for groups past `len`).
    heads: [usize; HEADS],
    len: usize,
    vals: [V; CAP],
}

/// A leaf holds ranges (key: start, value: length and owner); an inner
/// node holds subtrees (key: the smallest start in the subtree).
#[derive(Clone)]
enum Node<const CAP: usize> {
    Leaf(Entries<Span, CAP>),
    Inner(Entries<Option<Arc<Node<CAP>>>, CAP>),
}

/// A sorted, disjoint set of code ranges: one version of the registry.
///
/// Cloning a tree is cheap (one reference count); the clone and the
/// original then share every node until one of them is changed.
#[derive(Clone)]
pub(super) struct Tree<const CAP: usize = NODE_CAP> {
    root: Option<Arc<Node<CAP>>>,
    len: usize,
}

impl<V, const CAP: usize> Entries<V, CAP> {
    /// The keys in use. (`get` rather than indexing: lookups must have no
    /// panicking path, and `len <= CAP` always holds.)
    #[inline(always)]
    fn keys(&self) -> &[usize] {
        self.keys.get(..self.len).unwrap_or(&[])
    }

    /// The number of keys at or below `x`.
    ///
    /// Counts the heads at or below `x` to find the group where the keys
    /// pass `x` (all keys before it are at or below `x`, all after it
    /// above), then counts in that group. Two cache lines of keys, no
    /// branch that depends on `x`, instead of the four or five dependent
    /// lines a binary search over 64 keys reads. The padding keys count
    /// only when `x == usize::MAX`, hence the `min`.
    #[inline(always)]
    fn rank(&self, x: usize) -> usize {
        let group: usize = self.heads.iter().map(|&h| usize::from(h <= x)).sum();
        let base = group * GROUP;
        let keys = self
            .keys
            .get(base..base + GROUP)
            .or_else(|| self.keys.get(base..))
            .unwrap_or(&[]);
        let within: usize = keys.iter().map(|&k| usize::from(k <= x)).sum();
        (base + within).min(self.len)
    }

    /// The index of the last entry whose key is at or below `x`.
    #[inline(always)]
    fn last_at_or_below(&self, x: usize) -> Option<usize> {
        self.rank(x).checked_sub(1)
    }

    /// The index of the first entry whose key is above `x` (`len` if none).
    fn first_above(&self, x: usize) -> usize {
        self.rank(x)
    }

    /// Sets key `i` (in use) and its head.
    fn set_key(&mut self, i: usize, key: usize) {
        self.keys[i] = key;
        if i % GROUP == 0 && i > 0 {
            self.heads[i / GROUP - 1] = key;
        }
    }

    /// Restores the padding past `len` and the heads after keys moved.
    fn reindex(&mut self) {
        self.keys[self.len..].fill(usize::MAX);
        for (g, head) in self.heads.iter_mut().enumerate() {
            *head = self
                .keys
                .get((g + 1) * GROUP)
                .copied()
                .unwrap_or(usize::MAX);
        }
    }
}

impl<V: Default, const CAP: usize> Entries<V, CAP> {
    fn new() -> Self {
        const {
            assert!(
                CAP >= 4 && CAP <= GROUP * (HEADS + 1),
                "nodes hold 4 to 64 entries"
            )
        };
        Entries {
            keys: [usize::MAX; CAP],
            heads: [usize::MAX; HEADS],
            len: 0,
            vals: std::array::from_fn(|_| V::default()),
        }
    }

    /// Appends an entry; the node must not be full and `key` must be above
    /// every key in it.
    fn push(&mut self, key: usize, val: V) {
        debug_assert!(self.len < CAP && self.keys().last() < Some(&key));
        self.vals[self.len] = val;
        self.len += 1;
        self.set_key(self.len - 1, key);
    }

    /// Inserts at index `i`; the node must not be full.
    fn insert_at(&mut self, i: usize, key: usize, val: V) {
        debug_assert!(self.len < CAP && i <= self.len);
        self.keys.copy_within(i..self.len, i + 1);
        // Slot `len` holds a default value; the rotation brings it to `i`.
        self.vals[i..=self.len].rotate_right(1);
        self.keys[i] = key;
        self.vals[i] = val;
        self.len += 1;
        self.reindex();
    }

    /// Removes and returns the entry at index `i`.
    fn remove_at(&mut self, i: usize) -> (usize, V) {
        debug_assert!(i < self.len);
        let key = self.keys[i];
        let val = mem::take(&mut self.vals[i]);
        self.keys.copy_within(i + 1..self.len, i);
        // The default value left at `i` moves to the last slot in use,
        // which becomes vacant.
        self.vals[i..self.len].rotate_left(1);
        self.len -= 1;
        self.reindex();
        (key, val)
    }

    /// Inserts at index `i`. If the node is full, it is first split in two
    /// halves: `self` keeps the lower one and the upper one is returned,
    /// each with at least `CAP / 2` entries after the insertion.
    fn insert_or_split(&mut self, i: usize, key: usize, val: V) -> Option<Self> {
        if self.len < CAP {
            self.insert_at(i, key, val);
            return None;
        }
        let half = CAP / 2;
        let mut upper = Entries::new();
        upper.take_back_of(self, CAP - half);
        if i <= half {
            self.insert_at(i, key, val);
        } else {
            upper.insert_at(i - half, key, val);
        }
        Some(upper)
    }

    /// Moves the first `count` entries of `right` to the end of `self`.
    fn take_front_of(&mut self, right: &mut Self, count: usize) {
        debug_assert!(count <= right.len && self.len + count <= CAP);
        for j in 0..count {
            self.keys[self.len + j] = right.keys[j];
            self.vals[self.len + j] = mem::take(&mut right.vals[j]);
        }
        right.keys.copy_within(count..right.len, 0);
        right.vals[..right.len].rotate_left(count);
        self.len += count;
        right.len -= count;
        self.reindex();
        right.reindex();
    }

    /// Moves the last `count` entries of `left` to the front of `self`.
    fn take_back_of(&mut self, left: &mut Self, count: usize) {
        debug_assert!(count <= left.len && self.len + count <= CAP);
        self.keys.copy_within(0..self.len, count);
        self.vals[..self.len + count].rotate_right(count);
        let from = left.len - count;
        for j in 0..count {
            self.keys[j] = left.keys[from + j];
            self.vals[j] = mem::take(&mut left.vals[from + j]);
        }
        self.len += count;
        left.len -= count;
        self.reindex();
        left.reindex();
    }

    /// Fixes an underfull node by moving entries between it and its
    /// neighbour: `self` is the left one of the two. If everything fits in
    /// one node, `right` is emptied into `self` and `true` is returned (the
    /// caller drops `right`); otherwise the entries are split evenly, which
    /// leaves both with at least `CAP / 2`.
    fn merge_or_share(&mut self, right: &mut Self) -> bool {
        let total = self.len + right.len;
        if total <= CAP {
            self.take_front_of(right, right.len);
            return true;
        }
        let target = total / 2;
        if self.len > target {
            right.take_back_of(self, self.len - target);
        } else {
            self.take_front_of(right, target - self.len);
        }
        false
    }
}

impl<const CAP: usize> Entries<Span, CAP> {
    fn range(&self, i: usize) -> Option<CodeRange> {
        let start = *self.keys.get(i)?;
        let span = self.vals.get(i)?;
        Some(CodeRange {
            start,
            len: span.len,
            owner: span.owner,
        })
    }
}

impl<const CAP: usize> Entries<Option<Arc<Node<CAP>>>, CAP> {
    #[inline(always)]
    fn child(&self, i: usize) -> Option<&Node<CAP>> {
        self.vals.get(i)?.as_deref()
    }
}

impl<const CAP: usize> Node<CAP> {
    fn len(&self) -> usize {
        match self {
            Node::Leaf(leaf) => leaf.len,
            Node::Inner(inner) => inner.len,
        }
    }

    /// The smallest start address in the subtree (`usize::MAX`, the
    /// padding, for an empty node, which only exists transiently).
    fn min_key(&self) -> usize {
        match self {
            Node::Leaf(leaf) => leaf.keys[0],
            Node::Inner(inner) => inner.keys[0],
        }
    }

    /// The range with the largest start at or below `x`.
    #[inline(always)]
    fn floor(&self, x: usize) -> Option<CodeRange> {
        let mut node = self;
        // Ends after `depth` steps: the tree is finite and acyclic.
        loop {
            match node {
                Node::Inner(inner) => node = inner.child(inner.last_at_or_below(x)?)?,
                Node::Leaf(leaf) => return leaf.range(leaf.last_at_or_below(x)?),
            }
        }
    }

    /// The range with the smallest start.
    fn first(&self) -> Option<CodeRange> {
        let mut node = self;
        loop {
            match node {
                Node::Inner(inner) => node = inner.child(0)?,
                Node::Leaf(leaf) => return leaf.range(0),
            }
        }
    }

    /// The range with the smallest start above `x`.
    fn first_above(&self, x: usize) -> Option<CodeRange> {
        match self {
            Node::Leaf(leaf) => {
                let i = leaf.first_above(x);
                if i < leaf.len {
                    leaf.range(i)
                } else {
                    None
                }
            }
            Node::Inner(inner) => {
                // Children from `i` on start above `x`; the answer is in
                // child `i - 1` (whose keys straddle `x`) or else is the
                // first range of child `i`.
                let i = inner.first_above(x);
                if let Some(found) = i
                    .checked_sub(1)
                    .and_then(|prev| inner.child(prev)?.first_above(x))
                {
                    return Some(found);
                }
                if i < inner.len {
                    inner.child(i)?.first()
                } else {
                    None
                }
            }
        }
    }

    fn for_each(&self, f: &mut impl FnMut(CodeRange)) {
        match self {
            Node::Leaf(leaf) => (0..leaf.len).filter_map(|i| leaf.range(i)).for_each(f),
            Node::Inner(inner) => {
                for child in inner.vals[..inner.len].iter().flatten() {
                    child.for_each(f);
                }
            }
        }
    }
}

/// The child in `slot` of a node being changed, unshared first: if another
/// version still uses it, it is copied (its own children gain a reference);
/// if not, it is changed in place.
fn unshare<const CAP: usize>(slot: &mut Option<Arc<Node<CAP>>>) -> &mut Node<CAP> {
    Arc::make_mut(
        slot.as_mut()
            .expect("an inner node has a child in every slot in use"),
    )
}

/// Inserts a range (known not to conflict) into the subtree. If the node
/// had to split, returns the new right sibling and its smallest key, for
/// the parent to insert after this node.
fn insert_in<const CAP: usize>(
    node: &mut Arc<Node<CAP>>,
    start: usize,
    span: Span,
) -> Option<(usize, Arc<Node<CAP>>)> {
    match Arc::make_mut(node) {
        Node::Leaf(leaf) => {
            let i = leaf.keys().partition_point(|&k| k < start);
            let upper = leaf.insert_or_split(i, start, span)?;
            Some((upper.keys[0], Arc::new(Node::Leaf(upper))))
        }
        Node::Inner(inner) => {
            // The last child whose smallest key is at or below `start`, or
            // the first child if `start` becomes the subtree's minimum.
            let i = inner.last_at_or_below(start).unwrap_or(0);
            let child = inner.vals[i]
                .as_mut()
                .expect("an inner node has a child in every slot in use");
            let split = insert_in(child, start, span);
            let min = child.min_key();
            inner.set_key(i, min);
            let (key, sibling) = split?;
            let upper = inner.insert_or_split(i + 1, key, Some(sibling))?;
            Some((upper.keys[0], Arc::new(Node::Inner(upper))))
        }
    }
}

/// Removes the range starting exactly at `start` from the subtree, which
/// may then hold fewer than `CAP / 2` entries (the parent fixes that).
fn remove_in<const CAP: usize>(node: &mut Arc<Node<CAP>>, start: usize) -> Option<CodeRange> {
    match Arc::make_mut(node) {
        Node::Leaf(leaf) => {
            let i = leaf.keys().binary_search(&start).ok()?;
            let (start, span) = leaf.remove_at(i);
            Some(CodeRange {
                start,
                len: span.len,
                owner: span.owner,
            })
        }
        Node::Inner(inner) => {
            let i = inner.last_at_or_below(start)?;
            let child = inner.vals[i]
                .as_mut()
                .expect("an inner node has a child in every slot in use");
            let removed = remove_in(child, start)?;
            if child.len() < CAP / 2 {
                rebalance(inner, i);
            } else {
                let min = child.min_key();
                inner.set_key(i, min);
            }
            Some(removed)
        }
    }
}

/// Child `i` of `inner` has fallen below `CAP / 2` entries: merges it with
/// a neighbour or moves entries over from it. `inner` has at least two
/// children (a non-root inner node has at least `CAP / 2 >= 2`, an inner
/// root at least 2).
fn rebalance<const CAP: usize>(inner: &mut Entries<Option<Arc<Node<CAP>>>, CAP>, i: usize) {
    debug_assert!(inner.len >= 2);
    let (left, right) = if i > 0 { (i - 1, i) } else { (0, 1) };
    let merged = {
        let (lower, upper) = inner.vals.split_at_mut(right);
        match (unshare(&mut lower[left]), unshare(&mut upper[0])) {
            (Node::Leaf(a), Node::Leaf(b)) => a.merge_or_share(b),
            (Node::Inner(a), Node::Inner(b)) => a.merge_or_share(b),
            _ => unreachable!("all leaves are at the same depth"),
        }
    };
    if merged {
        inner.remove_at(right);
    } else {
        inner.set_key(right, inner.child(right).map_or(0, Node::min_key));
    }
    inner.set_key(left, inner.child(left).map_or(0, Node::min_key));
}

/// `range.start + range.len`, or the `Overflow` error.
fn checked_end(range: &CodeRange) -> Result<usize, RegistryError> {
    range
        .start
        .checked_add(range.len)
        .ok_or_else(|| RegistryError::overflow(range.start, range.len))
}

/// `0..n` cut into `ceil(n / cap)` consecutive pieces whose sizes differ by
/// at most one: each holds at most `cap` and, when there are several, at
/// least `cap / 2` (`n > (k - 1) * cap` for `k >= 2` pieces, so
/// `n / k > cap / 2`).
fn even_pieces(n: usize, cap: usize) -> impl Iterator<Item = Range<usize>> {
    let k = n.div_ceil(cap);
    (0..k).map(move |j| j * n / k..(j + 1) * n / k)
}

impl<const CAP: usize> Tree<CAP> {
    /// An empty tree (allocates nothing).
    pub(super) const fn new() -> Self {
        Tree { root: None, len: 0 }
    }

    /// Number of ranges.
    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Finds the range containing `pc`.
    ///
    /// Async-signal-safe: `depth` binary searches over slices, no
    /// allocation, no panicking path (`get` instead of indexing, no
    /// overflowing arithmetic), no reference counting.
    #[inline]
    pub(super) fn lookup(&self, pc: usize) -> Option<Lookup> {
        let candidate = self.root.as_deref()?.floor(pc)?;
        let offset = pc - candidate.start; // candidate.start <= pc
        (offset < candidate.len).then_some(Lookup {
            owner: candidate.owner,
            offset,
        })
    }

    /// The range that starts exactly at `start`.
    pub(super) fn get(&self, start: usize) -> Option<CodeRange> {
        self.root
            .as_deref()?
            .floor(start)
            .filter(|r| r.start == start)
    }

    /// The ranges, sorted by start address.
    pub(super) fn ranges(&self) -> Vec<CodeRange> {
        let mut out = Vec::with_capacity(self.len);
        if let Some(root) = &self.root {
            root.for_each(&mut |r| out.push(r));
        }
        out
    }

    /// Checks the non-empty `new`, ending at `end`, against the registered
    /// ranges. Since they are sorted and disjoint, only two can overlap it:
    /// the last one starting at or before `new.start` and the first one
    /// starting after it. Conflicts are reported in the order duplicate,
    /// left neighbour, right neighbour.
    fn check_against_registered(&self, new: &CodeRange, end: usize) -> Result<(), RegistryError> {
        let Some(root) = self.root.as_deref() else {
            return Ok(());
        };
        if let Some(prev) = root.floor(new.start) {
            if prev.start == new.start {
                return Err(RegistryError::duplicate(*new, prev));
            }
            // Registered ranges never overflow, so this addition cannot either.
            if prev.start + prev.len > new.start {
                return Err(RegistryError::overlap(*new, prev));
            }
        }
        if let Some(next) = root.first_above(new.start) {
            if next.start < end {
                return Err(RegistryError::overlap(*new, next));
            }
        }
        Ok(())
    }

    /// Adds a range that was checked not to conflict.
    fn insert(&mut self, new: CodeRange) {
        debug_assert!(new.len != 0);
        let span = Span {
            len: new.len,
            owner: new.owner,
        };
        match &mut self.root {
            None => {
                let mut leaf = Entries::new();
                leaf.insert_at(0, new.start, span);
                self.root = Some(Arc::new(Node::Leaf(leaf)));
            }
            Some(root) => {
                if let Some((key, sibling)) = insert_in(root, new.start, span) {
                    // The root split: the tree grows by one level.
                    let mut top = Entries::new();
                    let left = self.root.take().expect("checked above");
                    top.insert_at(0, left.min_key(), Some(left));
                    top.insert_at(1, key, Some(sibling));
                    self.root = Some(Arc::new(Node::Inner(top)));
                }
            }
        }
        self.len += 1;
    }

    /// Removes the range starting exactly at `start`.
    fn remove(&mut self, start: usize) -> Option<CodeRange> {
        let removed = remove_in(self.root.as_mut()?, start)?;
        self.len -= 1;
        // An inner root left with one child gives way to that child (the
        // tree shrinks by one level); an empty leaf root to no tree.
        loop {
            match self.root.as_deref() {
                Some(Node::Inner(inner)) if inner.len == 1 => {
                    let only = inner.vals[0].clone();
                    self.root = only;
                }
                Some(Node::Leaf(leaf)) if leaf.len == 0 => self.root = None,
                _ => break,
            }
        }
        Some(removed)
    }

    /// A tree of `ranges`, which must be sorted and disjoint, with nodes
    /// filled evenly (between `CAP / 2` and `CAP` entries each).
    fn from_sorted(ranges: &[CodeRange]) -> Self {
        debug_assert!(ranges
            .windows(2)
            .all(|w| w[0].start + w[0].len <= w[1].start));
        let mut level: Vec<(usize, Arc<Node<CAP>>)> = even_pieces(ranges.len(), CAP)
            .map(|piece| {
                let mut leaf = Entries::new();
                for r in &ranges[piece] {
                    leaf.push(
                        r.start,
                        Span {
                            len: r.len,
                            owner: r.owner,
                        },
                    );
                }
                (leaf.keys[0], Arc::new(Node::Leaf(leaf)))
            })
            .collect();
        while level.len() > 1 {
            let mut children = level.into_iter();
            level = even_pieces(children.len(), CAP)
                .map(|piece| {
                    let mut inner = Entries::new();
                    for (key, child) in children.by_ref().take(piece.len()) {
                        inner.push(key, Some(child));
                    }
                    (inner.keys[0], Arc::new(Node::Inner(inner)))
                })
                .collect();
        }
        Tree {
            root: level.pop().map(|(_, root)| root),
            len: ranges.len(),
        }
    }

    /// The tree obtained by adding `new` to `current`.
    ///
    /// Returns `Ok(None)` when `new` is empty: an empty range covers no
    /// address, so registering it changes nothing and needs no new version.
    pub(super) fn with_inserted(
        current: &Self,
        new: CodeRange,
    ) -> Result<Option<Self>, RegistryError> {
        if new.len == 0 {
            return Ok(None);
        }
        let end = checked_end(&new)?;
        current.check_against_registered(&new, end)?;
        let mut tree = current.clone();
        tree.insert(new);
        Ok(Some(tree))
    }

    /// The tree obtained by adding every range of `batch` to `current`,
    /// all or nothing. Empty ranges are skipped; `Ok(None)` means nothing
    /// would change.
    ///
    /// Costs `O(m log m + m log n)` for `n` registered and `m` new ranges,
    /// or `O(n + m log m)` when the batch is large enough that rebuilding
    /// the tree is cheaper than inserting into it.
    pub(super) fn with_inserted_all(
        current: &Self,
        batch: &[CodeRange],
    ) -> Result<Option<Self>, RegistryError> {
        let mut new: Vec<CodeRange> = batch.iter().copied().filter(|r| r.len != 0).collect();
        if new.is_empty() {
            return Ok(None);
        }
        for range in &new {
            checked_end(range)?;
        }
        new.sort_unstable_by_key(|r| r.start);

        // Conflicts inside the batch: after sorting, only neighbours can
        // overlap (same argument as for the registered ranges).
        for pair in new.windows(2) {
            let (earlier, later) = (pair[0], pair[1]);
            if earlier.start == later.start {
                return Err(RegistryError::duplicate_in_batch(later, earlier));
            }
            if earlier.start + earlier.len > later.start {
                return Err(RegistryError::overlap_in_batch(later, earlier));
            }
        }

        // Conflicts with what is registered.
        for range in &new {
            current.check_against_registered(range, range.start + range.len)?;
        }

        // One insertion costs about as much as copying a few hundred
        // entries, so past a batch of 1/8 of the tree a rebuild is cheaper.
        if new.len() >= current.len / 8 {
            let mut merged = Vec::with_capacity(current.len + new.len());
            let (mut old, mut added) = (
                current.ranges().into_iter().peekable(),
                new.into_iter().peekable(),
            );
            loop {
                let next = match (old.peek(), added.peek()) {
                    (Some(a), Some(b)) if a.start < b.start => old.next(),
                    (Some(_), Some(_)) | (None, Some(_)) => added.next(),
                    (Some(_), None) => old.next(),
                    (None, None) => break,
                };
                merged.extend(next);
            }
            return Ok(Some(Tree::from_sorted(&merged)));
        }
        let mut tree = current.clone();
        for range in new {
            tree.insert(range);
        }
        Ok(Some(tree))
    }

    /// The tree obtained by removing the range that starts at `start`,
    /// together with the removed range.
    pub(super) fn without(
        current: &Self,
        start: usize,
    ) -> Result<(Self, CodeRange), RegistryError> {
        // Look before copying anything.
        current
            .get(start)
            .ok_or_else(|| RegistryError::not_found(start))?;
        let mut tree = current.clone();
        let removed = tree
            .remove(start)
            .expect("the range was found in the same version");
        Ok((tree, removed))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::registry::RegistryErrorKind;

    /// The registry's tree. (In expressions, `T64::new()` does not pick
    /// the default `CAP`.)
    type T64 = Tree<NODE_CAP>;

    fn r(start: usize, len: usize, owner: u64) -> CodeRange {
        CodeRange { start, len, owner }
    }

    /// [0x1000, 0x2000) owner 1 and [0x3000, 0x3100) owner 2.
    fn base() -> Vec<CodeRange> {
        vec![r(0x1000, 0x1000, 1), r(0x3000, 0x100, 2)]
    }

    fn tree(ranges: &[CodeRange]) -> Tree {
        let t = T64::from_sorted(ranges);
        t.check_invariants();
        t
    }

    fn insert(current: &[CodeRange], new: CodeRange) -> Result<Vec<CodeRange>, RegistryError> {
        T64::with_inserted(&tree(current), new)
            .map(|t| t.map_or_else(|| current.to_vec(), |t| t.ranges()))
    }

    /// Lookup in a tree built from sorted, disjoint `ranges`.
    fn lookup_in(ranges: &[CodeRange], pc: usize) -> Option<Lookup> {
        tree(ranges).lookup(pc)
    }

    fn kind_of(result: Result<Vec<CodeRange>, RegistryError>) -> RegistryErrorKind {
        result.expect_err("expected an error").kind()
    }

    /// Deterministic xorshift64 (no external crates).
    struct Rng(u64);

    impl Rng {
        fn new(seed: u64) -> Self {
            Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
        }

        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn below(&mut self, n: usize) -> usize {
            ((u128::from(self.next()) * n as u128) >> 64) as usize
        }
    }

    impl<const CAP: usize> Tree<CAP> {
        /// Panics unless every invariant of the module docs holds.
        fn check_invariants(&self) {
            let Some(root) = &self.root else {
                assert_eq!(self.len, 0, "a tree without root has no ranges");
                return;
            };
            match &**root {
                Node::Inner(inner) => assert!(inner.len >= 2, "inner root with {}", inner.len),
                Node::Leaf(leaf) => assert!(leaf.len >= 1, "empty leaf root"),
            }
            let (count, _) = check_node(root, true);
            assert_eq!(count, self.len, "len");
            let ranges = self.ranges();
            assert_eq!(ranges.len(), self.len);
            for pair in ranges.windows(2) {
                assert!(
                    pair[0].start + pair[0].len <= pair[1].start,
                    "{pair:x?} overlap or are out of order"
                );
            }
        }

        fn depth(&self) -> usize {
            let mut depth = 0;
            let mut node = self.root.as_deref();
            while let Some(n) = node {
                depth += 1;
                node = match n {
                    Node::Inner(inner) => inner.child(0),
                    Node::Leaf(_) => None,
                };
            }
            depth
        }

        /// Every node, by address.
        fn nodes(&self) -> Vec<*const Node<CAP>> {
            fn walk<const CAP: usize>(node: &Arc<Node<CAP>>, out: &mut Vec<*const Node<CAP>>) {
                out.push(Arc::as_ptr(node));
                if let Node::Inner(inner) = &**node {
                    for child in inner.vals[..inner.len].iter().flatten() {
                        walk(child, out);
                    }
                }
            }
            let mut out = Vec::new();
            if let Some(root) = &self.root {
                walk(root, &mut out);
            }
            out
        }

        /// Panics unless every node has exactly one owner (its parent, or
        /// the tree for the root): what must hold once older versions are
        /// gone, or some node is leaked or kept alive by a stale slot.
        fn assert_sole_owner(&self) {
            fn walk<const CAP: usize>(node: &Arc<Node<CAP>>) {
                assert_eq!(Arc::strong_count(node), 1);
                if let Node::Inner(inner) = &**node {
                    inner.vals[..inner.len].iter().flatten().for_each(walk);
                }
            }
            if let Some(root) = &self.root {
                walk(root);
            }
        }
    }

    /// Padding past `len` and heads.
    fn check_entries<V, const CAP: usize>(e: &Entries<V, CAP>) {
        assert!(e.keys[e.len..].iter().all(|&k| k == usize::MAX), "padding");
        assert!(
            e.keys().iter().all(|&k| k != usize::MAX),
            "a real key is MAX"
        );
        for (g, &head) in e.heads.iter().enumerate() {
            let want = e.keys.get((g + 1) * GROUP).copied().unwrap_or(usize::MAX);
            assert_eq!(head, want, "head of group {}", g + 1);
        }
    }

    /// Checks a subtree; returns (ranges in it, depth).
    fn check_node<const CAP: usize>(node: &Node<CAP>, is_root: bool) -> (usize, usize) {
        assert!(node.len() <= CAP);
        match node {
            Node::Leaf(leaf) => check_entries(leaf),
            Node::Inner(inner) => check_entries(inner),
        }
        if !is_root {
            assert!(
                node.len() >= CAP / 2,
                "node with {} < {} entries",
                node.len(),
                CAP / 2
            );
        }
        match node {
            Node::Leaf(leaf) => {
                assert!(
                    leaf.keys().windows(2).all(|w| w[0] < w[1]),
                    "leaf keys unsorted"
                );
                assert!(
                    leaf.vals[..leaf.len].iter().all(|s| s.len != 0),
                    "empty range stored"
                );
                assert!(
                    leaf.vals[leaf.len..].iter().all(|s| *s == Span::default()),
                    "stale leaf slot"
                );
                (leaf.len, 1)
            }
            Node::Inner(inner) => {
                assert!(
                    inner.keys().windows(2).all(|w| w[0] < w[1]),
                    "inner keys unsorted"
                );
                assert!(
                    inner.vals[inner.len..].iter().all(Option::is_none),
                    "stale child slot"
                );
                let mut count = 0;
                let mut depths = Vec::new();
                for i in 0..inner.len {
                    let child = inner.child(i).expect("child in a slot in use");
                    assert_eq!(
                        inner.keys[i],
                        child.min_key(),
                        "key {i} is not its child's minimum"
                    );
                    let (c, d) = check_node(child, false);
                    count += c;
                    depths.push(d);
                }
                assert!(
                    depths.windows(2).all(|w| w[0] == w[1]),
                    "leaves at different depths"
                );
                (count, depths[0] + 1)
            }
        }
    }

    #[test]
    fn inserts_keep_order() {
        let got = insert(&base(), r(0x2000, 0x1000, 3)).unwrap();
        assert_eq!(
            got,
            vec![
                r(0x1000, 0x1000, 1),
                r(0x2000, 0x1000, 3),
                r(0x3000, 0x100, 2)
            ]
        );
        let got = insert(&base(), r(0x10, 0x10, 4)).unwrap();
        assert_eq!(got[0], r(0x10, 0x10, 4));
        let got = insert(&base(), r(0x4000, 0x10, 5)).unwrap();
        assert_eq!(got[2], r(0x4000, 0x10, 5));
        assert_eq!(insert(&[], r(0x4000, 0x10, 5)).unwrap().len(), 1);
    }

    #[test]
    fn touching_ranges_are_fine() {
        // [0x2000, 0x3000) touches [0x1000, 0x2000) on the left and
        // [0x3000, 0x3100) on the right.
        assert!(insert(&base(), r(0x2000, 0x1000, 3)).is_ok());
        // Ending exactly where the first one starts.
        assert!(insert(&base(), r(0x800, 0x800, 3)).is_ok());
        // Starting exactly where the last one ends.
        assert!(insert(&base(), r(0x3100, 0x1, 3)).is_ok());
    }

    #[test]
    fn overlaps_at_every_edge_are_rejected() {
        let b = base();
        // One byte into the left neighbour's end.
        let e = insert(&b, r(0x1fff, 0x10, 3)).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert_eq!(e.conflicting(), Some(r(0x1000, 0x1000, 1)));
        // One byte into the right neighbour's start.
        let e = insert(&b, r(0x2000, 0x1001, 3)).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert_eq!(e.conflicting(), Some(r(0x3000, 0x100, 2)));
        // New range strictly inside a registered one.
        let e = insert(&b, r(0x1800, 0x100, 3)).unwrap_err();
        assert_eq!(e.conflicting(), Some(r(0x1000, 0x1000, 1)));
        // New range containing a registered one.
        let e = insert(&b, r(0x2800, 0x1000, 3)).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert_eq!(e.conflicting(), Some(r(0x3000, 0x100, 2)));
        // New range containing both: the lowest conflict is reported.
        let e = insert(&b, r(0x800, 0x10000, 3)).unwrap_err();
        assert_eq!(e.conflicting(), Some(r(0x1000, 0x1000, 1)));
        // Same end, different start.
        let e = insert(&b, r(0x1800, 0x800, 3)).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        let e = insert(&b, r(0x2fff, 0x101, 3)).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        // Spanning the gap between both.
        let e = insert(&b, r(0x1fff, 0x1002, 3)).unwrap_err();
        assert_eq!(e.conflicting(), Some(r(0x1000, 0x1000, 1)));
    }

    #[test]
    fn identical_start_is_a_duplicate() {
        let b = base();
        for len in [0x1, 0x1000, 0x5000] {
            let e = insert(&b, r(0x1000, len, 3)).unwrap_err();
            assert_eq!(e.kind(), RegistryErrorKind::Duplicate);
            assert_eq!(e.conflicting(), Some(r(0x1000, 0x1000, 1)));
        }
        assert_eq!(
            kind_of(insert(&b, r(0x3000, 0x100, 2))),
            RegistryErrorKind::Duplicate
        );
    }

    #[test]
    fn empty_ranges_change_nothing() {
        // Even inside, at the start of, or at the end of a registered range.
        for start in [0, 0x1000, 0x1800, 0x2000, usize::MAX] {
            assert!(T64::with_inserted(&tree(&base()), r(start, 0, 3))
                .unwrap()
                .is_none());
        }
    }

    #[test]
    fn overflow_near_usize_max() {
        let e = insert(&[], r(usize::MAX, 1, 3)).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overflow);
        let e = insert(&[], r(usize::MAX - 0xf, 0x11, 3)).unwrap_err();
        assert_eq!(e.kind(), RegistryErrorKind::Overflow);
        assert_eq!(
            kind_of(insert(&[], r(1, usize::MAX, 3))),
            RegistryErrorKind::Overflow
        );
        // The largest representable end is usize::MAX itself.
        let got = insert(&[], r(usize::MAX - 0x10, 0x10, 3)).unwrap();
        assert_eq!(
            lookup_in(&got, usize::MAX - 1),
            Some(Lookup {
                owner: 3,
                offset: 0xf
            })
        );
        assert_eq!(lookup_in(&got, usize::MAX), None);
        // Overflow is reported even if the range would also overlap.
        assert_eq!(
            kind_of(insert(&got, r(usize::MAX - 0x10, 0x20, 4))),
            RegistryErrorKind::Overflow
        );
    }

    #[test]
    fn lookups_at_the_edges() {
        let b = base();
        let hit = |pc| lookup_in(&b, pc).map(|l| (l.owner, l.offset));
        assert_eq!(hit(0), None); // before the first
        assert_eq!(hit(0xfff), None); // just before the first
        assert_eq!(hit(0x1000), Some((1, 0))); // at start
        assert_eq!(hit(0x1fff), Some((1, 0xfff))); // at end - 1
        assert_eq!(hit(0x2000), None); // at end (exclusive)
        assert_eq!(hit(0x2fff), None); // in the gap
        assert_eq!(hit(0x3000), Some((2, 0)));
        assert_eq!(hit(0x30ff), Some((2, 0xff)));
        assert_eq!(hit(0x3100), None); // after the last
        assert_eq!(hit(usize::MAX), None);
        assert_eq!(lookup_in(&[], 0x1000), None);
    }

    #[test]
    fn removal() {
        let b = tree(&base());
        let (t, removed) = T64::without(&b, 0x1000).unwrap();
        assert_eq!(removed, r(0x1000, 0x1000, 1));
        assert_eq!(t.ranges(), vec![r(0x3000, 0x100, 2)]);
        assert_eq!(t.lookup(0x1000), None);
        // The version it came from is untouched.
        assert_eq!(b.ranges(), base());
        // Only the exact start identifies a range.
        for start in [0x1001, 0x1fff, 0x2000, 0x0, usize::MAX] {
            let e = T64::without(&b, start).err().unwrap();
            assert_eq!(e.kind(), RegistryErrorKind::NotFound);
            assert_eq!(e.start(), start);
        }
        assert!(T64::without(&T64::new(), 0).is_err());
        let (t, _) = T64::without(&t, 0x3000).unwrap();
        assert!(t.is_empty());
        assert!(t.root.is_none());
    }

    #[test]
    fn batch_insertion() {
        let b = tree(&base());
        let batch = [
            r(0x5000, 0x10, 5),
            r(0x0, 0x10, 4),
            r(0x2000, 0x1000, 3),
            r(0x9000, 0, 9), // skipped
        ];
        let t = T64::with_inserted_all(&b, &batch).unwrap().unwrap();
        t.check_invariants();
        let starts: Vec<usize> = t.ranges().iter().map(|r| r.start).collect();
        assert_eq!(starts, vec![0x0, 0x1000, 0x2000, 0x3000, 0x5000]);
        assert!(T64::with_inserted_all(&b, &[r(1, 0, 1)]).unwrap().is_none());

        // Conflicts inside the batch.
        let e = T64::with_inserted_all(&T64::new(), &[r(0x10, 0x10, 1), r(0x18, 0x10, 2)])
            .err()
            .unwrap();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert!(e.to_string().contains("same batch"), "{e}");
        let e = T64::with_inserted_all(&T64::new(), &[r(0x10, 0x10, 1), r(0x10, 0x1, 2)])
            .err()
            .unwrap();
        assert_eq!(e.kind(), RegistryErrorKind::Duplicate);
        // Conflicts with the registered ranges.
        let e = T64::with_inserted_all(&b, &[r(0x0, 0x10, 1), r(0x30ff, 0x10, 2)])
            .err()
            .unwrap();
        assert_eq!(e.kind(), RegistryErrorKind::Overlap);
        assert_eq!(e.conflicting(), Some(r(0x3000, 0x100, 2)));
        let e = T64::with_inserted_all(&b, &[r(usize::MAX, 0x10, 1)])
            .err()
            .unwrap();
        assert_eq!(e.kind(), RegistryErrorKind::Overflow);
        // Touching inside a batch is fine.
        assert!(T64::with_inserted_all(&T64::new(), &[r(0x20, 0x10, 1), r(0x10, 0x10, 2)]).is_ok());
    }

    /// `rank` against a plain count, for every fill of nodes of 4, 5 and
    /// 64 entries, at each key, next to it, and at the extremes.
    fn rank_matches_a_count<const CAP: usize>() {
        let mut rng = Rng::new(CAP as u64);
        for len in 0..=CAP {
            let mut e = Entries::<u8, CAP>::new();
            let mut key = rng.below(3);
            for _ in 0..len {
                e.push(key, 0);
                key += 1 + rng.below(3);
            }
            check_entries(&e);
            let mut probes = vec![0, 1, usize::MAX, usize::MAX - 1];
            for &k in e.keys() {
                probes.extend([k - 1.min(k), k, k + 1]);
            }
            for x in probes {
                let want = e.keys().iter().filter(|&&k| k <= x).count();
                assert_eq!(e.rank(x), want, "CAP {CAP}, len {len}, x {x}");
            }
        }
    }

    #[test]
    fn rank_matches_a_count_at_every_fill() {
        rank_matches_a_count::<4>();
        rank_matches_a_count::<5>();
        rank_matches_a_count::<63>();
        rank_matches_a_count::<64>();
    }

    #[test]
    fn even_pieces_respect_the_bounds() {
        for cap in [4, 5, 64] {
            for n in 0..600 {
                let pieces: Vec<Range<usize>> = even_pieces(n, cap).collect();
                assert_eq!(pieces.iter().map(Range::len).sum::<usize>(), n);
                assert!(pieces.windows(2).all(|w| w[0].end == w[1].start));
                for p in &pieces {
                    assert!(p.len() <= cap, "{n} {cap}: {p:?}");
                    if pieces.len() > 1 {
                        assert!(p.len() >= cap / 2, "{n} {cap}: {p:?}");
                    }
                }
            }
        }
    }

    /// Ranges `k * 0x100 .. k * 0x100 + 0x80` with owner `k`, for `k` in `keys`.
    fn slots(keys: impl IntoIterator<Item = usize>) -> Vec<CodeRange> {
        keys.into_iter()
            .map(|k| r(k * 0x100, 0x80, k as u64))
            .collect()
    }

    /// Adds one slot to a tree with `CAP = 4`, checking every invariant.
    fn add4(t: &Tree<4>, k: usize) -> Tree<4> {
        let next = Tree::with_inserted(t, slots([k])[0]).unwrap().unwrap();
        next.check_invariants();
        next
    }

    fn remove4(t: &Tree<4>, k: usize) -> Tree<4> {
        let (next, removed) = Tree::without(t, k * 0x100).unwrap();
        assert_eq!(removed, slots([k])[0]);
        next.check_invariants();
        next
    }

    fn assert_hits<const CAP: usize>(t: &Tree<CAP>, keys: &[usize]) {
        let mut present = vec![false; keys.iter().max().map_or(0, |m| m + 2)];
        for &k in keys {
            present[k] = true;
        }
        for (k, &there) in present.iter().enumerate() {
            let start = k * 0x100;
            let want = |offset| {
                there.then_some(Lookup {
                    owner: k as u64,
                    offset,
                })
            };
            assert_eq!(t.lookup(start), want(0), "start of {k}");
            assert_eq!(t.lookup(start + 0x7f), want(0x7f), "end - 1 of {k}");
            assert_eq!(t.lookup(start + 0x80), None, "end of {k}");
            assert_eq!(t.lookup(start.wrapping_sub(1)), None, "before {k}");
        }
    }

    #[test]
    fn a_full_leaf_splits_and_the_root_grows() {
        // Four ranges fill the root leaf.
        let mut t = Tree::<4>::new();
        for k in [10, 20, 30, 40] {
            t = add4(&t, k);
        }
        assert_eq!(t.depth(), 1);
        // A fifth at each position splits it into two leaves under a new root.
        for k in [5, 15, 25, 35, 45] {
            let split = add4(&t, k);
            assert_eq!(split.depth(), 2, "inserting {k}");
            let mut keys = vec![10, 20, 30, 40, k];
            keys.sort_unstable();
            assert_eq!(split.ranges(), slots(keys.iter().copied()));
            assert_hits(&split, &keys);
        }
        // Ascending, descending and alternating insertions grow the tree to
        // depth 4 and keep every leaf between half full and full.
        for order in [
            (0..60).collect::<Vec<_>>(),
            (0..60).rev().collect(),
            (0..30).flat_map(|i| [i, 59 - i]).collect(),
        ] {
            let mut t = Tree::<4>::new();
            for (n, &k) in order.iter().enumerate() {
                t = add4(&t, k);
                let mut keys = order[..=n].to_vec();
                keys.sort_unstable();
                assert_eq!(t.ranges(), slots(keys.iter().copied()));
            }
            assert!(t.depth() >= 4, "depth {}", t.depth());
            assert_hits(&t, &(0..60).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_new_minimum_updates_the_keys_on_the_path() {
        // 40 ranges from slot 100 on, then new minima one below another:
        // each goes into the leftmost leaf and lowers every key on its path.
        let mut t = tree4(100..140);
        for k in (80..100).rev() {
            t = add4(&t, k);
            assert_eq!(t.ranges()[0].start, k * 0x100);
            assert_eq!(t.lookup(k * 0x100 + 1).map(|l| l.owner), Some(k as u64));
            assert_eq!(t.lookup(k * 0x100 - 1), None);
        }
        // And removing the minimum raises them again.
        for k in 80..120 {
            t = remove4(&t, k);
            assert_eq!(t.ranges()[0].start, (k + 1) * 0x100);
            assert_eq!(t.lookup(k * 0x100), None);
        }
    }

    fn tree4(keys: Range<usize>) -> Tree<4> {
        let t = Tree::<4>::from_sorted(&slots(keys));
        t.check_invariants();
        t
    }

    #[test]
    fn underfull_nodes_borrow_or_merge_and_the_root_shrinks() {
        // From every position, remove ranges until the tree is empty:
        // leaves and inner nodes fall below half, borrow from a sibling
        // (when it has spare entries) or merge with it, and the root
        // collapses level by level.
        for order in [
            (0..64).collect::<Vec<_>>(),
            (0..64).rev().collect(),
            (0..32).flat_map(|i| [32 + i, 31 - i]).collect(),
            (0..64).map(|i| i * 37 % 64).collect(),
        ] {
            let mut t = tree4(0..64);
            assert!(t.depth() >= 3);
            let mut left: Vec<usize> = (0..64).collect();
            let mut depths = vec![t.depth()];
            for &k in &order {
                t = remove4(&t, k);
                left.retain(|&x| x != k);
                assert_eq!(t.ranges(), slots(left.iter().copied()));
                assert_eq!(t.lookup(k * 0x100), None);
                depths.push(t.depth());
            }
            assert_hits(&t, &[]);
            assert!(t.root.is_none());
            assert!(depths.windows(2).all(|w| w[1] <= w[0]), "{depths:?}");
            assert_eq!(*depths.last().unwrap(), 0);
        }
    }

    #[test]
    fn borrowing_keeps_both_siblings_at_least_half_full() {
        // Two leaves of 4 and 2 under one root, then remove from the small one:
        // 3 + 1 entries do not fit... they do (4 <= CAP), so they merge; with
        // the left leaf full (4) and the right at 2, removing from the right
        // makes 4 + 1 = 5 > 4: entries move over instead.
        let t = tree4(0..6); // leaves of 3 and 3
        let t = add4(&t, 6); // 3 and 4
        let t = remove4(&t, 0); // 2 + 4 > 4: borrow
        assert_eq!(t.depth(), 2);
        let t = remove4(&t, 1);
        let t = remove4(&t, 2); // now merged into one leaf
        assert_eq!(t.depth(), 1);
        assert_eq!(t.ranges(), slots(3..7));
    }

    #[test]
    fn a_change_copies_one_path_and_shares_the_rest() {
        let t: Tree = T64::from_sorted(&slots(0..100_000));
        t.check_invariants();
        assert_eq!(t.depth(), 3);
        let before: std::collections::HashSet<_> = t.nodes().into_iter().collect();
        let count_new = |next: &Tree| next.nodes().iter().filter(|n| !before.contains(n)).count();
        // An insertion copies at most one node per level, plus the nodes a
        // split creates.
        let added = T64::with_inserted(&t, r(50_000 * 0x100 + 0x80, 0x10, 1))
            .unwrap()
            .unwrap();
        assert!(count_new(&added) <= 2 * 3, "{}", count_new(&added));
        // A removal copies at most two per level (the path and a sibling).
        let (removed, _) = T64::without(&t, 70_000 * 0x100).unwrap();
        assert!(count_new(&removed) <= 2 * 3, "{}", count_new(&removed));
        // The old version still answers as before.
        assert_eq!(t.len(), 100_000);
        assert_eq!(t.lookup(70_000 * 0x100).map(|l| l.owner), Some(70_000));
        assert_eq!(removed.lookup(70_000 * 0x100), None);
        assert_eq!(t.lookup(50_000 * 0x100 + 0x80), None);
        // Once the old version is gone, nothing is shared or leaked.
        drop(t);
        drop(added);
        removed.assert_sole_owner();
    }

    /// What a range registered in the model would conflict with.
    fn model_conflict(
        model: &BTreeMap<usize, CodeRange>,
        new: &CodeRange,
    ) -> Option<RegistryError> {
        let Some(end) = new.start.checked_add(new.len) else {
            return Some(RegistryError::overflow(new.start, new.len));
        };
        if new.len == 0 {
            return None;
        }
        if let Some(same) = model.get(&new.start) {
            return Some(RegistryError::duplicate(*new, *same));
        }
        if let Some((_, prev)) = model.range(..new.start).next_back() {
            if prev.start + prev.len > new.start {
                return Some(RegistryError::overlap(*new, *prev));
            }
        }
        if let Some((_, next)) = model.range(new.start..).next() {
            if next.start < end {
                return Some(RegistryError::overlap(*new, *next));
            }
        }
        None
    }

    fn model_lookup(model: &BTreeMap<usize, CodeRange>, pc: usize) -> Option<Lookup> {
        let (_, r) = model.range(..=pc).next_back()?;
        r.contains(pc).then(|| Lookup {
            owner: r.owner,
            offset: pc - r.start,
        })
    }

    /// The model's verdict on a batch: its ranges applied one by one to a
    /// copy; any conflict (with a registered range or within the batch)
    /// means the batch must fail and change nothing.
    fn model_batch(
        model: &BTreeMap<usize, CodeRange>,
        batch: &[CodeRange],
    ) -> Option<BTreeMap<usize, CodeRange>> {
        let mut trial = model.clone();
        for x in batch {
            if model_conflict(&trial, x).is_some() {
                return None;
            }
            if x.len != 0 {
                trial.insert(x.start, *x);
            }
        }
        Some(trial)
    }

    /// What a random run did, to check that it reached what it meant to.
    #[derive(Debug, Default)]
    struct Reached {
        max_depth: usize,
        max_len: usize,
        emptied: usize,
        inserted: usize,
        refused: usize,
        removed: usize,
        batches: usize,
        rebuilds: usize,
        refused_batches: usize,
    }

    /// Random registrations, batches and removals, each derived from the
    /// previous version and compared with a `BTreeMap`: every result and
    /// error, lookups at random PCs and at the edges of ranges, every
    /// invariant, and the previous version, which must be unchanged. The
    /// run alternates phases that mostly add and mostly remove, so the tree
    /// grows and shrinks through several depths.
    fn random_operations<const CAP: usize>(seed: u64, ops: usize, slots: usize) -> Reached {
        let mut rng = Rng::new(seed);
        let mut model: BTreeMap<usize, CodeRange> = BTreeMap::new();
        let mut t = Tree::<CAP>::new();
        let mut reached = Reached::default();
        let span = slots * 0x20;
        let random_range = |rng: &mut Rng| {
            let start = rng.below(span);
            let len = match rng.next() % 32 {
                0 | 1 => 0,
                // Ends past the address space, or exactly at its end.
                2 => (usize::MAX - start).saturating_add(1 - rng.below(2)),
                _ => 1 + rng.below(0x18),
            };
            r(start, len, rng.next())
        };
        for op in 0..ops {
            // Whole-tree checks cost O(n): on every operation while the
            // tree is small, on every 16th once it is large.
            let thorough = model.len() < 512 || op % 16 == 0;
            let seen = if thorough { t.ranges() } else { Vec::new() };
            let growing = (op / (ops / 4).max(1)) % 2 == 0;
            let roll = rng.next() % 16;
            let (adds, batches) = if growing { (9, 10) } else { (3, 4) };
            let next = if roll < adds {
                let new = random_range(&mut rng);
                match (Tree::with_inserted(&t, new), model_conflict(&model, &new)) {
                    (Ok(Some(next)), None) => {
                        model.insert(new.start, new);
                        reached.inserted += 1;
                        Some(next)
                    }
                    (Ok(None), None) => {
                        assert_eq!(new.len, 0);
                        None
                    }
                    (Err(got), Some(want)) => {
                        assert_eq!(got, want, "op {op}");
                        reached.refused += 1;
                        None
                    }
                    (got, want) => panic!("op {op}: {new:x?}: {:?} vs {want:?}", got.map(|_| ())),
                }
            } else if roll < batches {
                // Ranges that fit, few or (sometimes) many, plus now and then
                // one that may not, somewhere in the batch.
                let n = if rng.next() % 4 == 0 {
                    rng.below((model.len() / 4).min(1_000) + 8)
                } else {
                    rng.below(6)
                };
                let mut batch = Vec::new();
                let mut fits = model.clone();
                for _ in 0..n {
                    let mut x = random_range(&mut rng);
                    x.len = x.len.min(0x18);
                    if model_conflict(&fits, &x).is_none() {
                        fits.insert(x.start, x);
                        batch.push(x);
                    }
                }
                if rng.next() % 3 == 0 {
                    let at = rng.below(batch.len() + 1);
                    batch.insert(at, random_range(&mut rng));
                }
                let nonempty = batch.iter().filter(|x| x.len != 0).count();
                match (
                    Tree::with_inserted_all(&t, &batch),
                    model_batch(&model, &batch),
                ) {
                    (Ok(Some(next)), Some(after)) => {
                        reached.batches += 1;
                        if nonempty >= t.len() / 8 {
                            reached.rebuilds += 1;
                        }
                        model = after;
                        Some(next)
                    }
                    (Ok(None), Some(_)) => {
                        assert_eq!(nonempty, 0);
                        None
                    }
                    (Err(_), None) => {
                        reached.refused_batches += 1;
                        None
                    }
                    (got, want) => panic!(
                        "op {op}: batch of {}: {:?} vs {:?}",
                        batch.len(),
                        got.map(|_| ()),
                        want.map(|_| ())
                    ),
                }
            } else {
                // Mostly a registered start (the first at or after a random
                // address), else any address.
                let at = rng.below(span);
                let start = match model.range(at..).next() {
                    Some((&start, _)) if rng.next() % 4 != 0 => start,
                    _ => at,
                };
                match (Tree::without(&t, start), model.remove(&start)) {
                    (Ok((next, removed)), Some(want)) => {
                        assert_eq!(removed, want);
                        reached.removed += 1;
                        if next.is_empty() {
                            reached.emptied += 1;
                        }
                        Some(next)
                    }
                    (Err(e), None) => {
                        assert_eq!(e, RegistryError::not_found(start));
                        None
                    }
                    (got, want) => panic!(
                        "op {op}: remove {start:#x}: {:?} vs {want:?}",
                        got.map(|x| x.1)
                    ),
                }
            };
            if let Some(next) = next {
                reached.max_depth = reached.max_depth.max(next.depth());
                reached.max_len = reached.max_len.max(next.len());
                if thorough {
                    next.check_invariants();
                    // The version it was derived from is unchanged.
                    assert_eq!(t.ranges(), seen, "op {op}: the previous version changed");
                }
                t = next;
            }
            assert_eq!(t.len(), model.len());
            if thorough {
                assert!(t.ranges().iter().eq(model.values()), "op {op}");
            }
            for _ in 0..8 {
                let pc = rng.below(span + 0x40);
                assert_eq!(
                    t.lookup(pc),
                    model_lookup(&model, pc),
                    "op {op}: lookup({pc:#x})"
                );
            }
            if let Some((_, x)) = model.range(rng.below(span)..).next() {
                for pc in [
                    x.start.wrapping_sub(1),
                    x.start,
                    x.start + x.len - 1,
                    x.start + x.len,
                ] {
                    assert_eq!(
                        t.lookup(pc),
                        model_lookup(&model, pc),
                        "op {op}: edge {pc:#x}"
                    );
                }
            }
        }
        t.assert_sole_owner();
        reached
    }

    #[test]
    fn random_operations_match_a_btreemap_cap_4() {
        let reached = random_operations::<4>(1, 20_000, 150);
        assert!(reached.max_depth >= 5, "{reached:?}");
        assert!(
            reached.emptied >= 2 && reached.rebuilds >= 10,
            "{reached:?}"
        );
    }

    #[test]
    fn random_operations_match_a_btreemap_cap_5() {
        let reached = random_operations::<5>(2, 20_000, 150);
        assert!(reached.max_depth >= 4, "{reached:?}");
        assert!(
            reached.emptied >= 2 && reached.rebuilds >= 10,
            "{reached:?}"
        );
    }

    #[test]
    fn random_operations_match_a_btreemap_cap_64() {
        let reached = random_operations::<64>(3, 12_000, 5_000);
        assert!(reached.max_depth >= 3, "{reached:?}");
        assert!(reached.rebuilds >= 10, "{reached:?}");
    }
}
