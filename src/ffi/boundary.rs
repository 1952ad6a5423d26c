//! The one panic boundary every entry point runs in, and the argument
//! checks that turn C pointers into Rust references.
//!
//! Fallible entry points are written as
//!
//! ```ignore
//! ffi_status!(err, {
//!     let engine = arg_ref!(engine);
//!     let out = arg_out!(report_out);
//!     ...
//!     out.set(value);
//!     Ok(())
//! })
//! ```
//!
//! The body is a closure returning [`FfiResult`]; a `Failure` (or a caught
//! panic) becomes the returned status and, when the caller asked for one,
//! an owned `aotcompat_error`. A check's body returns a [`Verdict`]
//! instead of `()`: its status (OK or INCOMPATIBLE) is a result, not a
//! failure, and hands out no error. Outputs go through [`Out`], which the
//! body sets last, so nothing is written on failure. Infallible entry
//! points use `ffi_or!(default, { ... })`, which returns `default` after a
//! panic.
//!
//! A panic inside the boundary prints nothing: the first entry installs a
//! panic hook that, on a thread inside the boundary, keeps the message
//! (with its location) for the error object and stays silent, and hands
//! every other panic to the hook that was there before. The embedding
//! program's stderr never sees the library's panics.
//!
//! The `arg_*!` macros take the parameter itself (an identifier), so error
//! messages name it exactly as the header does.

use super::error::aotcompat_error;
use super::status::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe, PanicHookInfo};
use std::ptr::NonNull;
use std::sync::Once;

/// Why an entry point failed: the status to return and the message for the
/// caller's `aotcompat_error`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: aotcompat_status,
    pub(crate) message: String,
}

/// What the body of a fallible entry point returns.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

impl Failure {
    pub(crate) fn new(status: aotcompat_status, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }

    /// A failure whose message is an anyhow chain, `{:#}` style.
    pub(crate) fn from_anyhow(status: aotcompat_status, e: &anyhow::Error) -> Failure {
        Failure::new(status, format!("{e:#}"))
    }

    pub(crate) fn null(param: &str) -> Failure {
        Failure::new(
            AOTCOMPAT_STATUS_NULL_ARGUMENT,
            format!("parameter `{param}` must not be NULL"),
        )
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(AOTCOMPAT_STATUS_INVALID_ARGUMENT, message)
    }

    fn panic(payload: &(dyn Any + Send)) -> Failure {
        let what = CAUGHT
            .try_with(|c| c.take())
            .ok()
            .flatten()
            .unwrap_or_else(|| payload_text(payload).to_owned());
        Failure::new(
            AOTCOMPAT_STATUS_PANIC,
            format!("internal error: libaotcompat panicked {what}"),
        )
    }
}

/// A panic payload's text.
fn payload_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.as_str()
    } else {
        "with a non-string payload"
    }
}

thread_local! {
    /// How many boundaries this thread is inside (a probe callback may call
    /// back into the library).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The last panic caught inside the boundary on this thread, as the
    /// hook described it: `at FILE:LINE:COL: MESSAGE`.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static QUIET_HOOK: Once = Once::new();

/// Installs, once per process, the panic hook that keeps the library's
/// panics off stderr (see the module documentation).
fn install_quiet_hook() {
    if std::thread::panicking() {
        // The hook cannot be changed while this thread unwinds; a panic in
        // this call then prints as the current hook decides.
        return;
    }
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            let inside = DEPTH.try_with(|d| d.get() > 0).unwrap_or(false);
            if !inside {
                return previous(info);
            }
            let text = match info.location() {
                Some(l) => format!(
                    "at {}:{}:{}: {}",
                    l.file(),
                    l.line(),
                    l.column(),
                    payload_text(info.payload())
                ),
                None => format!(": {}", payload_text(info.payload())),
            };
            let _ = CAUGHT.try_with(|c| {
                if let Ok(mut slot) = c.try_borrow_mut() {
                    *slot = Some(text);
                }
            });
        }));
    });
}

/// Runs `body` inside the boundary: panics are caught, and silent.
fn guarded<R>(body: impl FnOnce() -> R) -> std::thread::Result<R> {
    install_quiet_hook();
    let _ = DEPTH.try_with(|d| d.set(d.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(body));
    let _ = DEPTH.try_with(|d| d.set(d.get().saturating_sub(1)));
    result
}

/// What a successful body returns: `()` for OK, or a check's [`Verdict`].
pub(crate) trait Success {
    fn status(self) -> aotcompat_status;
}

impl Success for () {
    fn status(self) -> aotcompat_status {
        AOTCOMPAT_STATUS_OK
    }
}

/// The verdict of a check: ::AOTCOMPAT_STATUS_OK (compatible) or
/// ::AOTCOMPAT_STATUS_INCOMPATIBLE. Either way the call succeeded and
/// hands out no error.
pub(crate) struct Verdict {
    pub(crate) compatible: bool,
}

impl Success for Verdict {
    fn status(self) -> aotcompat_status {
        if self.compatible {
            AOTCOMPAT_STATUS_OK
        } else {
            AOTCOMPAT_STATUS_INCOMPATIBLE
        }
    }
}

/// Runs the body of a fallible entry point: catches panics, maps the result
/// to a status, and hands any failure to the caller through `err`.
///
/// # Safety
/// `err` is NULL or valid for writing one pointer.
pub(crate) unsafe fn status_boundary<S: Success>(
    err: *mut *mut aotcompat_error,
    body: impl FnOnce() -> FfiResult<S>,
) -> aotcompat_status {
    let failure = match guarded(body) {
        Ok(Ok(success)) => return success.status(),
        Ok(Err(failure)) => failure,
        Err(payload) => Failure::panic(&*payload),
    };
    let status = failure.status;
    if !err.is_null() {
        // Building the error allocates; keep even that inside a boundary.
        if let Ok(error) = guarded(|| aotcompat_error::new_raw(failure)) {
            // SAFETY: `err` is non-NULL and, by this function's contract,
            // valid for writing one pointer.
            unsafe { err.write(error) };
        }
    }
    status
}

/// Runs the body of an infallible entry point, returning `default` if it
/// panics.
pub(crate) fn or_default<T>(default: T, body: impl FnOnce() -> T) -> T {
    guarded(body).unwrap_or(default)
}

/// [`or_default`] for the async-signal-safe entry point: no hook to
/// install (which takes a lock), no thread-local bookkeeping. Its body
/// cannot panic; should it, the default hook's output is the price.
pub(crate) fn or_default_signal_safe<T>(default: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(default)
}

/// An output parameter, checked for NULL up front and written only when the
/// body sets it (on success).
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// Writes the output.
    pub(crate) fn set(self, value: T) {
        // SAFETY: `Out::new`'s caller promised the pointer is valid for
        // writing a `T`; it is non-NULL by construction.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// # Safety
/// `p` is NULL or valid for writing a `T` for the rest of the call.
pub(crate) unsafe fn out<T>(p: *mut T, param: &str) -> FfiResult<Out<T>> {
    NonNull::new(p).map(Out).ok_or_else(|| Failure::null(param))
}

/// # Safety
/// `p` is NULL or points to a live `T` for `'a`.
pub(crate) unsafe fn reference<'a, T>(p: *const T, param: &str) -> FfiResult<&'a T> {
    // SAFETY: forwarded from this function's contract.
    unsafe { p.as_ref() }.ok_or_else(|| Failure::null(param))
}

/// # Safety
/// `p` is NULL or points to a live `T` for `'a` that nothing else accesses.
pub(crate) unsafe fn reference_mut<'a, T>(p: *mut T, param: &str) -> FfiResult<&'a mut T> {
    // SAFETY: forwarded from this function's contract.
    unsafe { p.as_mut() }.ok_or_else(|| Failure::null(param))
}

/// # Safety
/// `p` is NULL or a NUL-terminated string that lives for `'a`.
pub(crate) unsafe fn opt_string<'a>(p: *const c_char, param: &str) -> FfiResult<Option<&'a str>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, and NUL-terminated by this function's contract.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    std::str::from_utf8(bytes).map(Some).map_err(|e| {
        Failure::new(
            AOTCOMPAT_STATUS_INVALID_UTF8,
            format!("parameter `{param}` is not valid UTF-8: {e}"),
        )
    })
}

/// # Safety
/// As [`opt_string`].
pub(crate) unsafe fn string<'a>(p: *const c_char, param: &str) -> FfiResult<&'a str> {
    // SAFETY: forwarded from this function's contract.
    unsafe { opt_string(p, param) }?.ok_or_else(|| Failure::null(param))
}

/// # Safety
/// `p` is NULL or valid for reading `len` elements for `'a`.
pub(crate) unsafe fn slice<'a, T>(p: *const T, len: usize, param: &str) -> FfiResult<&'a [T]> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Failure::null(param));
    }
    if len
        .checked_mul(size_of::<T>())
        .is_none_or(|n| n > isize::MAX as usize)
    {
        return Err(Failure::invalid(format!(
            "parameter `{param}` has an impossible length {len}"
        )));
    }
    // SAFETY: non-NULL, length checked against isize::MAX, and readable for
    // `len` elements by this function's contract.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Runs a fallible entry point's body inside the panic boundary. `$err` is
/// the entry point's `aotcompat_error **err` parameter.
macro_rules! ffi_status {
    ($err:ident, $body:block) => {{
        let err_out = $err;
        let body = || -> $crate::ffi::boundary::FfiResult<_> { $body };
        // SAFETY: every fallible entry point documents `err` as NULL or
        // valid for writing one pointer.
        unsafe { $crate::ffi::boundary::status_boundary(err_out, body) }
    }};
}

/// Runs an infallible entry point's body, returning `$default` on a panic.
macro_rules! ffi_or {
    ($default:expr, $body:block) => {{
        $crate::ffi::boundary::or_default($default, || $body)
    }};
}

/// A required `const T *` parameter as `&T`.
macro_rules! arg_ref {
    ($p:ident) => {{
        let (p, name) = ($p, stringify!($p));
        // SAFETY: the entry point documents the parameter as NULL or a
        // live handle.
        unsafe { $crate::ffi::boundary::reference(p, name) }?
    }};
}

/// A required `T *` parameter as `&mut T`.
macro_rules! arg_mut {
    ($p:ident) => {{
        let (p, name) = ($p, stringify!($p));
        // SAFETY: the entry point documents the parameter as NULL or a
        // live handle the caller does not use concurrently.
        unsafe { $crate::ffi::boundary::reference_mut(p, name) }?
    }};
}

/// An output parameter, NULL-checked.
macro_rules! arg_out {
    ($p:ident) => {{
        let (p, name) = ($p, stringify!($p));
        // SAFETY: the entry point documents the parameter as NULL or
        // valid for writing.
        unsafe { $crate::ffi::boundary::out(p, name) }?
    }};
}

/// A required NUL-terminated UTF-8 string parameter as `&str`.
macro_rules! arg_str {
    ($p:ident) => {{
        let (p, name) = ($p, stringify!($p));
        // SAFETY: the entry point documents the parameter as NULL or a
        // NUL-terminated string.
        unsafe { $crate::ffi::boundary::string(p, name) }?
    }};
}

/// An optional (NULL allowed) string parameter as `Option<&str>`.
macro_rules! arg_opt_str {
    ($p:ident) => {{
        let (p, name) = ($p, stringify!($p));
        // SAFETY: as `arg_str!`.
        unsafe { $crate::ffi::boundary::opt_string(p, name) }?
    }};
}

/// A pointer + length parameter pair as a slice (NULL is fine with 0).
macro_rules! arg_slice {
    ($p:ident, $len:ident) => {{
        let (p, len, name) = ($p, $len, stringify!($p));
        // SAFETY: the entry point documents the pair as a buffer readable
        // for `len` elements (or NULL with 0).
        unsafe { $crate::ffi::boundary::slice(p, len, name) }?
    }};
}

/// In an infallible entry point: the handle as `&T`, or return `$default`
/// from the body when it is NULL.
macro_rules! handle_or {
    ($p:ident, $default:expr) => {{
        let p = $p;
        // SAFETY: the entry point documents the parameter as NULL or a
        // live handle.
        match unsafe { p.as_ref() } {
            Some(r) => r,
            None => return $default,
        }
    }};
}
