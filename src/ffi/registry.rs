//! `aotcompat_registry`: code ranges a signal handler can look up.

use super::boundary::Failure;
use super::error::aotcompat_error;
use super::status::*;
use crate::registry::{self, Registry, RegistryError, RegistryErrorKind};

/// `uintptr_t` in the header (cbindgen.toml renames it; with
/// `usize_is_size_t` a plain `usize` would print as `size_t`).
pub type c_uintptr = usize;

/// A set of disjoint code ranges `[start, start + len)`, each with an owner
/// id, whose lookup is async-signal-safe: it takes no lock, does not
/// allocate and makes no system call, so a SIGSEGV/SIGILL handler can call
/// aotcompat_registry_lookup().
///
/// Safe to share: any number of threads may register, unregister and look
/// up at once (a lookup sees the registry before or after each concurrent
/// change, never a mix). Created by aotcompat_registry_new() (owned by the
/// caller, freed with aotcompat_registry_free()) or obtained from
/// aotcompat_registry_global() (never freed).
pub struct aotcompat_registry {
    inner: Inner,
}

// The handle is always behind a pointer (a Box, or the one static), so the
// empty variant's wasted space costs one static, not per-registry memory.
#[allow(clippy::large_enum_variant)]
enum Inner {
    Owned(Registry),
    Global,
}

/// The handle of the process-wide registry: a constant, so handing it out
/// allocates nothing.
static GLOBAL: aotcompat_registry = aotcompat_registry {
    inner: Inner::Global,
};

impl aotcompat_registry {
    fn get(&self) -> &Registry {
        match &self.inner {
            Inner::Owned(r) => r,
            Inner::Global => registry::global(),
        }
    }
}

fn failure(e: &RegistryError) -> Failure {
    let status = match e.kind() {
        RegistryErrorKind::Overlap => AOTCOMPAT_STATUS_REGISTRY_OVERLAP,
        RegistryErrorKind::Duplicate => AOTCOMPAT_STATUS_REGISTRY_DUPLICATE,
        RegistryErrorKind::Overflow => AOTCOMPAT_STATUS_REGISTRY_OVERFLOW,
        RegistryErrorKind::NotFound => AOTCOMPAT_STATUS_REGISTRY_NOT_FOUND,
    };
    Failure::new(status, e.to_string())
}

/// Creates an empty registry. On success `*out` receives a new registry that
/// the caller owns; free it with aotcompat_registry_free() once no thread
/// (and no signal handler) can use it any more.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_registry_new(
    out: *mut *mut aotcompat_registry,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let out = arg_out!(out);
        out.set(Box::into_raw(Box::new(aotcompat_registry {
            inner: Inner::Owned(Registry::new()),
        })));
        Ok(())
    })
}

/// The process-wide registry, shared by every part of the process. It lives
/// as long as the program; aotcompat_registry_free() on it does nothing.
/// Never NULL; allocates nothing; safe to call from any thread.
#[no_mangle]
pub extern "C" fn aotcompat_registry_global() -> *mut aotcompat_registry {
    let global = std::ptr::from_ref(&GLOBAL).cast_mut();
    ffi_or!(global, { global })
}

/// Registers the code range `[start, start + len)` for `owner` (any id the
/// caller chooses, such as a module id).
///
/// A range of length 0 is accepted and covers nothing. Fails with
/// ::AOTCOMPAT_STATUS_REGISTRY_OVERFLOW when `start + len` does not fit in
/// the address space, ::AOTCOMPAT_STATUS_REGISTRY_DUPLICATE when a range
/// already starts at `start`, ::AOTCOMPAT_STATUS_REGISTRY_OVERLAP when the
/// range shares an address with a registered one. Touching ranges are fine.
/// Costs O(log n) and does not wait for lookups in progress. Not
/// async-signal-safe (it locks and allocates); safe to call from several
/// threads at once.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_registry_register(
    registry: *mut aotcompat_registry,
    start: c_uintptr,
    len: usize,
    owner: u64,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let r = arg_ref!(registry);
        r.get().register(start, len, owner).map_err(|e| failure(&e))
    })
}

/// Unregisters the range that starts exactly at `start`
/// (::AOTCOMPAT_STATUS_REGISTRY_NOT_FOUND if none does). When this returns,
/// no lookup still reads the removed range, so the caller may unmap the
/// code: it costs O(log n), then waits for the lookups in progress. Not
/// async-signal-safe; safe to call from several threads at once.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_registry_unregister(
    registry: *mut aotcompat_registry,
    start: c_uintptr,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let r = arg_ref!(registry);
        r.get().unregister(start).map(drop).map_err(|e| failure(&e))
    })
}

/// Looks up the range containing `pc`: returns true and stores its owner in
/// `*owner_out` and `pc - start` in `*offset_out` (either may be NULL), or
/// returns false and writes nothing when no registered range contains `pc`
/// or `registry` is NULL.
///
/// Async-signal-safe: no lock, no allocation, no system call, O(log n)
/// steps, correct while other threads register and unregister. A signal
/// handler may call it; a handler that interrupted a lookup on the same
/// thread must return normally rather than `siglongjmp` out of it.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_registry_lookup(
    registry: *const aotcompat_registry,
    pc: c_uintptr,
    owner_out: *mut u64,
    offset_out: *mut usize,
) -> bool {
    super::boundary::or_default_signal_safe(false, || {
        let r = handle_or!(registry, false);
        let Some(found) = r.get().lookup(pc) else {
            return false;
        };
        // SAFETY: the caller passes NULL or pointers valid for writing.
        unsafe {
            if let Some(owner) = owner_out.as_mut() {
                *owner = found.owner;
            }
            if let Some(offset) = offset_out.as_mut() {
                *offset = found.offset;
            }
        }
        true
    })
}

/// Frees a registry made by aotcompat_registry_new(); its ranges go with
/// it. Calling with NULL or with aotcompat_registry_global() does nothing.
/// Must not be called twice, nor while another thread or a signal handler
/// may still use the registry.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_registry_free(registry: *mut aotcompat_registry) {
    ffi_or!((), {
        if !registry.is_null() && !std::ptr::eq(registry, &GLOBAL) {
            // SAFETY: not the global handle, so it came from
            // aotcompat_registry_new() and the caller frees it once.
            drop(unsafe { Box::from_raw(registry) });
        }
    })
}
