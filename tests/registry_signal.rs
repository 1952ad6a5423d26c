//! `lookup` from a real signal handler that interrupts a thread which is
//! registering and unregistering (possibly while it waits for readers): the
//! handler must never block, and the writer must not deadlock.
#![cfg(unix)]

use std::os::unix::thread::JoinHandleExt;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use aotcompat::registry::{Lookup, Registry};

static REGISTRY: Registry = Registry::new();
static HANDLED: AtomicUsize = AtomicUsize::new(0);
static WRONG: AtomicUsize = AtomicUsize::new(0);
/// The writer has finished (a static, so that no allocation is leaked for
/// LeakSanitizer to report).
static DONE: AtomicBool = AtomicBool::new(false);

const PERMANENT: usize = 0x10_0000;
const CHURN: usize = 0x20_0000;
const NEVER: usize = 0x30_0000;
const LEN: usize = 0x1000;

/// Only atomics and `lookup`: async-signal-safe.
extern "C" fn on_signal(_: libc::c_int) {
    let permanent = REGISTRY.lookup(PERMANENT + 0x10);
    let churn = REGISTRY.lookup(CHURN + 0x20);
    let never = REGISTRY.lookup(NEVER);
    let ok = permanent
        == Some(Lookup {
            owner: 1,
            offset: 0x10,
        })
        && (churn.is_none()
            || churn
                == Some(Lookup {
                    owner: 2,
                    offset: 0x20,
                }))
        && never.is_none();
    if !ok {
        WRONG.fetch_add(1, Ordering::SeqCst);
    }
    HANDLED.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn lookup_in_a_signal_handler_interrupting_a_writer() {
    REGISTRY.register(PERMANENT, LEN, 1).unwrap();

    // SAFETY: installs a handler that only performs async-signal-safe
    // operations; `sigaction` is given valid, initialized structures.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESTART;
        libc::sigemptyset(&mut action.sa_mask);
        assert_eq!(
            libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut()),
            0
        );
    }

    let done = &DONE;
    let writer = thread::spawn(move || {
        let mut ops = 0usize;
        let deadline = Instant::now() + Duration::from_millis(1500);
        // At least 2,000 mutations, and keep going until signals landed.
        while ops < 2_000 || (HANDLED.load(Ordering::SeqCst) < 200 && Instant::now() < deadline) {
            REGISTRY.register(CHURN, LEN, 2).unwrap();
            REGISTRY.register(CHURN + 0x10_000, LEN, 3).unwrap();
            assert_eq!(REGISTRY.unregister(CHURN).unwrap().owner, 2);
            assert_eq!(REGISTRY.unregister(CHURN + 0x10_000).unwrap().owner, 3);
            ops += 1;
        }
        done.store(true, Ordering::SeqCst);
    });
    let target = writer.as_pthread_t();
    let signaller = thread::spawn(move || {
        let mut sent = 0usize;
        while !done.load(Ordering::SeqCst) {
            // SAFETY: `target` stays valid until the writer is joined, which
            // happens after this thread stops. (The writer may just have
            // exited, in which case the call fails harmlessly.)
            if unsafe { libc::pthread_kill(target, libc::SIGUSR1) } == 0 {
                sent += 1;
            }
            thread::sleep(Duration::from_micros(50));
        }
        sent
    });
    let sent = signaller.join().unwrap();
    writer.join().unwrap();

    let handled = HANDLED.load(Ordering::SeqCst);
    assert!(
        handled > 0 && sent > 0,
        "no signal was handled ({sent} sent)"
    );
    assert_eq!(WRONG.load(Ordering::SeqCst), 0, "wrong lookups in handler");
    assert_eq!(REGISTRY.len(), 1);
}
