//! Decoding never allocates more than a small multiple of the bytes it
//! actually reads, whatever a length prefix claims: crafted engine
//! payloads whose sequences claim 2^40 entries and then hold many tiny
//! real ones are decoded under an allocator that records its peak.

use aotcompat::model::Metadata;
use aotcompat::profiles::{GENERIC, WASMTIME_50};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time: the counters are process-wide, and the test
/// harness runs tests on several threads. Every test holds this guard.
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ALONE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The most memory `f` held at once beyond what was held when it started.
fn peak_of(f: impl FnOnce()) -> usize {
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    f();
    PEAK.load(Ordering::SeqCst) - base
}

/// The LEB128 varint postcard writes for `n`.
fn varint(mut n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// Bytes read per byte held, at most.
const FACTOR: usize = 64;
/// What any decode may hold whatever it reads (a few small vectors).
const SLACK: usize = 16 << 10;

fn assert_bounded(what: &str, payload: &[u8], decode: impl FnOnce()) {
    let peak = peak_of(decode);
    println!(
        "{what}: {} payload bytes, peak {peak} bytes held",
        payload.len()
    );
    assert!(
        peak <= FACTOR * payload.len() + SLACK,
        "{what}: held {peak} bytes for a payload of {}",
        payload.len()
    );
}

#[test]
fn a_claimed_string_length_allocates_nothing() {
    let _alone = alone();
    let mut payload = varint(1 << 62);
    payload.extend_from_slice(b"x86_64");
    assert_bounded("target of 2^62 bytes", &payload, || {
        assert!(Metadata::decode(WASMTIME_50.layout, &payload).is_err());
    });
}

#[test]
fn flag_lists_hold_what_they_read() {
    let _alone = alone();
    // target "", then a shared-flag list claiming 2^40 entries of which
    // 50,000 are there: ("", Bool(false)), three bytes each.
    let mut payload = vec![0];
    payload.extend(varint(1 << 40));
    for _ in 0..50_000 {
        payload.extend_from_slice(&[0, 2, 0]);
    }
    assert_bounded("shared flags claiming 2^40", &payload, || {
        let err = Metadata::decode(WASMTIME_50.layout, &payload).unwrap_err();
        assert_eq!(err.to_string(), "Hit the end of buffer, expected more data");
    });
}

#[test]
fn named_lists_hold_what_they_read() {
    let _alone = alone();
    // Generic: target "", no flags, then tunables claiming 2^40 entries of
    // which 50,000 are ("", None), two bytes each.
    let mut payload = vec![0, 0, 0];
    payload.extend(varint(1 << 40));
    for _ in 0..50_000 {
        payload.extend_from_slice(&[0, 3]);
    }
    assert_bounded("named tunables claiming 2^40", &payload, || {
        assert!(Metadata::decode(GENERIC.layout, &payload).is_err());
    });
    // ... and features claiming 2^40 names, 100,000 of them empty.
    let mut payload = vec![0, 0, 0, 0];
    payload.extend(varint(1 << 40));
    payload.extend(std::iter::repeat_n(0u8, 100_000));
    assert_bounded("feature names claiming 2^40", &payload, || {
        assert!(Metadata::decode(GENERIC.layout, &payload).is_err());
    });
}
