//! `aotcompat_engine_*_key`: stable compatibility keys of an engine.

use super::boundary::{Failure, FfiResult};
use super::engine::aotcompat_engine;
use super::error::aotcompat_error;
use super::status::*;
use crate::key;
use crate::model::Engine;

/// The length in bytes of a compatibility key (a SHA-256 digest).
pub const AOTCOMPAT_KEY_LEN: usize = 32;

/// Writes `digest(engine)` to the caller's buffer after checking it.
///
/// # Safety
/// `out` must be NULL or writable for `out_len` bytes.
unsafe fn write_key(
    engine: &aotcompat_engine,
    out: *mut u8,
    out_len: usize,
    digest: fn(&Engine) -> [u8; AOTCOMPAT_KEY_LEN],
) -> FfiResult {
    if out.is_null() {
        return Err(Failure::null("out"));
    }
    if out_len < AOTCOMPAT_KEY_LEN {
        return Err(Failure::invalid(format!(
            "parameter `out_len` is {out_len}; a key needs {AOTCOMPAT_KEY_LEN} bytes"
        )));
    }
    let key = digest(&engine.engine);
    // SAFETY: `out` is non-NULL and, as documented, writable for `out_len`
    // bytes, which is at least the key's length.
    unsafe { std::ptr::copy_nonoverlapping(key.as_ptr(), out, key.len()) };
    Ok(())
}

/// The engine's load key: equal load keys mean each engine loads the
/// other's artifacts (on machines that pass each engine's native host
/// check). It covers what the load check compares plus the CPU features
/// the engine compiles for, never the probe. The encoding is documented in
/// the README and is the same on every platform, run and build.
///
/// `out`: a buffer of `out_len` bytes, at least ::AOTCOMPAT_KEY_LEN;
/// on success its first ::AOTCOMPAT_KEY_LEN bytes receive the key. A
/// shorter buffer gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT and is not
/// written. Does not take ownership of anything; safe from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_load_key(
    engine: *const aotcompat_engine,
    out: *mut u8,
    out_len: usize,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        // SAFETY: forwarded from this function's documented contract.
        unsafe { write_key(engine, out, out_len, key::load_key) }
    })
}

/// The engine's identity key: a digest of everything its compiler is
/// given (the profile and the whole engine section it writes), like
/// wasmtime's `precompile_compatibility_hash`. Buffer, ownership and
/// threads as aotcompat_engine_load_key().
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_identity_key(
    engine: *const aotcompat_engine,
    out: *mut u8,
    out_len: usize,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        // SAFETY: forwarded from this function's documented contract.
        unsafe { write_key(engine, out, out_len, key::identity_key) }
    })
}
