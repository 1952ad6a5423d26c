//! Host-feature probes from C: none, native, a fixed list, or a callback
//! with user data and a finalizer.

use super::boundary::Failure;
use super::builder::aotcompat_engine_builder;
use super::engine::aotcompat_engine;
use super::error::aotcompat_error;
use super::status::*;
use crate::host::{FixedProbe, Probe};
use std::ffi::{c_char, c_void, CString};
use std::sync::Arc;

/// What a host-feature probe answers: one of the `AOTCOMPAT_PROBE_*`
/// values. Signed, since "unknown" is -1.
pub type aotcompat_probe_answer = i32;

/// The host has the feature.
pub const AOTCOMPAT_PROBE_YES: aotcompat_probe_answer = 1;
/// The host does not have the feature.
pub const AOTCOMPAT_PROBE_NO: aotcompat_probe_answer = 0;
/// The probe cannot tell (a callback returning any value other than 1 or
/// 0 means this too).
// Written so that cbindgen prints the C macro parenthesised, `(0 - 1)`.
pub const AOTCOMPAT_PROBE_UNKNOWN: aotcompat_probe_answer = 0 - 1;
/// The engine has no probe to ask (aotcompat_engine_builder_set_probe_none()).
/// Never returned by a callback; given by aotcompat_engine_detect_feature()
/// and aotcompat_report_mismatch_probe().
// Parenthesised in C, as AOTCOMPAT_PROBE_UNKNOWN.
pub const AOTCOMPAT_PROBE_ABSENT: aotcompat_probe_answer = 0 - 2;

/// A host-feature probe: answers whether the CPU feature `feature` (Rust
/// std's name, such as "avx2", "sse4.1", "lse") is available on the host
/// the engine describes.
///
/// Returns ::AOTCOMPAT_PROBE_YES (1), ::AOTCOMPAT_PROBE_NO (0) or
/// ::AOTCOMPAT_PROBE_UNKNOWN (-1); any other value counts as unknown. `user_data` is the pointer given to
/// aotcompat_engine_builder_set_probe_callback(); `feature` is a
/// NUL-terminated string valid only during the call (copy it to keep it).
/// The callback may be called from any thread, also from several threads at
/// once, for as long as an engine holding it exists. It must not unwind (C++
/// exceptions) or `longjmp` out of the call.
pub type aotcompat_probe_callback = Option<
    unsafe extern "C" fn(user_data: *mut c_void, feature: *const c_char) -> aotcompat_probe_answer,
>;

/// Releases the `user_data` of a callback. Called exactly once, on whichever
/// thread frees the last builder or engine holding the callback.
pub type aotcompat_finalizer = Option<unsafe extern "C" fn(user_data: *mut c_void)>;

/// A C callback with its user data; finalizes the user data when the last
/// probe holding it is dropped.
struct CallbackProbe {
    callback: unsafe extern "C" fn(*mut c_void, *const c_char) -> i32,
    user_data: *mut c_void,
    finalizer: aotcompat_finalizer,
}

// SAFETY: aotcompat_probe_callback documents that the callback may be
// called from any thread, concurrently, with its user data; the finalizer
// is documented to run on whichever thread drops the last owner.
unsafe impl Send for CallbackProbe {}
// SAFETY: as for Send; the struct itself is never mutated.
unsafe impl Sync for CallbackProbe {}

impl CallbackProbe {
    fn detect(&self, feature: &str) -> Option<bool> {
        // Probe names never hold NUL; one that did could not be asked.
        let name = CString::new(feature).ok()?;
        // SAFETY: the caller of set_probe_callback promised the callback
        // is safe to call with its user data and a NUL-terminated name.
        match unsafe { (self.callback)(self.user_data, name.as_ptr()) } {
            1 => Some(true),
            0 => Some(false),
            _ => None,
        }
    }
}

impl Drop for CallbackProbe {
    fn drop(&mut self) {
        if let Some(finalize) = self.finalizer {
            // SAFETY: the finalizer was given with this user data, and drop
            // runs once.
            unsafe { finalize(self.user_data) }
        }
    }
}

/// The probe a fixed-list argument describes (the syntax of
/// aotcompat_engine_builder_set_probe_list()).
fn list_probe(list: &str) -> Result<Probe, Failure> {
    FixedProbe::parse_list(list)
        .map(|fixed| Probe::Fixed(Arc::new(fixed)))
        .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))
}

/// The probe a C callback describes. Takes ownership of `user_data`: on a
/// NULL `callback` the finalizer runs at once and the result is an error;
/// otherwise it runs when the last clone of the returned probe is dropped.
fn callback_probe(
    callback: aotcompat_probe_callback,
    user_data: *mut c_void,
    finalizer: aotcompat_finalizer,
) -> Result<Probe, Failure> {
    let Some(callback) = callback else {
        drop(CallbackProbe {
            callback: refuse,
            user_data,
            finalizer,
        });
        return Err(Failure::null("callback"));
    };
    let probe = CallbackProbe {
        callback,
        user_data,
        finalizer,
    };
    Ok(Probe::Custom(Arc::new(move |f: &str| probe.detect(f))))
}

/// Uses no probe at all: any enabled ISA flag is then reported as
/// undeterminable, as wasmtime does without `Config::detect_host_feature`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_probe_none(
    builder: *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        arg_mut!(builder).builder.probe(Probe::None);
        Ok(())
    })
}

/// Probes the CPU of the machine running this process (the default for
/// native builders). Results are detected once per engine and cached.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_probe_native(
    builder: *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        arg_mut!(builder).builder.probe(Probe::native());
        Ok(())
    })
}

/// Describes a machine by a fixed list of CPU features, for cross-host
/// checks: a comma-separated list such as "sse3,ssse3,avx2" names the
/// features that exist, and every other name is absent; an entry `?name`
/// makes that name unknown, and the entry `?*` makes every unlisted name
/// unknown. Spaces around entries and empty entries are ignored; a bare `?`
/// gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT. The list is copied.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_probe_list(
    builder: *mut aotcompat_engine_builder,
    list: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let list = arg_str!(list);
        b.builder.probe(list_probe(list)?);
        Ok(())
    })
}

/// Uses the embedder's own probe function (see ::aotcompat_probe_callback).
///
/// Takes ownership of `user_data`, even if an error is returned: when the
/// last holder of the callback (this builder, or an engine built from it
/// while the callback was set) is freed, or right away if this call fails,
/// `finalizer(user_data)` is called exactly once, unless `finalizer` is
/// NULL. Replacing the probe with another setter drops the builder's hold.
/// `callback` must not be NULL (::AOTCOMPAT_STATUS_NULL_ARGUMENT); its
/// user data must be safe to use from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_probe_callback(
    builder: *mut aotcompat_engine_builder,
    callback: aotcompat_probe_callback,
    user_data: *mut c_void,
    finalizer: aotcompat_finalizer,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        // From here on, dropping `probe` (on any error) runs the finalizer.
        let probe = callback_probe(callback, user_data, finalizer)?;
        let b = arg_mut!(builder);
        b.builder.probe(probe);
        Ok(())
    })
}

/// Asks `engine`'s probe whether the CPU feature `feature` (Rust std's
/// name, such as "avx2") is available on the host the engine describes.
///
/// On success `*answer_out` receives ::AOTCOMPAT_PROBE_YES,
/// ::AOTCOMPAT_PROBE_NO, ::AOTCOMPAT_PROBE_UNKNOWN, or
/// ::AOTCOMPAT_PROBE_ABSENT when the engine has no probe. With the native probe this
/// tells what this machine's CPU has; with a callback probe it calls the
/// callback. Does not take ownership of any argument; safe to call from
/// several threads at once on one engine.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_detect_feature(
    engine: *const aotcompat_engine,
    feature: *const c_char,
    answer_out: *mut aotcompat_probe_answer,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let feature = arg_str!(feature);
        let out = arg_out!(answer_out);
        out.set(match engine.engine.probe().detect(feature) {
            Some(Some(true)) => AOTCOMPAT_PROBE_YES,
            Some(Some(false)) => AOTCOMPAT_PROBE_NO,
            Some(None) => AOTCOMPAT_PROBE_UNKNOWN,
            None => AOTCOMPAT_PROBE_ABSENT,
        });
        Ok(())
    })
}

/// Stands in for a missing callback so that the finalizer still runs.
unsafe extern "C" fn refuse(_: *mut c_void, _: *const c_char) -> i32 {
    -1
}
