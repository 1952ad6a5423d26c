//! `aotcompat_error`: the owned error object a failed call hands out.

use super::boundary::Failure;
use super::handle::BoxHandle;
use super::status::{aotcompat_status, AOTCOMPAT_STATUS_OK};
use super::strings::c_string;
use std::ffi::{c_char, CString};

/// The details of a failed call: its status and a message in English.
///
/// Created by the library when a call fails and the caller passed a non-NULL
/// `err`. The caller owns it and frees it with aotcompat_error_free(). An
/// error is immutable; its functions may be called from several threads at
/// once. It is uniquely owned (not reference-counted).
pub struct aotcompat_error {
    status: aotcompat_status,
    message: CString,
}

impl BoxHandle for aotcompat_error {}

impl aotcompat_error {
    pub(crate) fn new_raw(failure: Failure) -> *mut aotcompat_error {
        aotcompat_error {
            status: failure.status,
            message: c_string(&failure.message),
        }
        .into_raw()
    }
}

/// The message of `err`: one line of English, NUL-terminated UTF-8.
///
/// The string is owned by `err` and valid until aotcompat_error_free(err).
/// For a NULL `err` the result is a static empty string, so the result can
/// always be printed.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_error_message(err: *const aotcompat_error) -> *const c_char {
    const EMPTY: *const c_char = c"".as_ptr();
    ffi_or!(EMPTY, {
        let err = handle_or!(err, EMPTY);
        err.message.as_ptr()
    })
}

/// The status code of `err`: the same value the failed call returned.
///
/// A NULL `err` gives ::AOTCOMPAT_STATUS_OK.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_error_status(err: *const aotcompat_error) -> aotcompat_status {
    ffi_or!(AOTCOMPAT_STATUS_OK, {
        let err = handle_or!(err, AOTCOMPAT_STATUS_OK);
        err.status
    })
}

/// Frees an error. Calling with NULL is fine. Must not be called twice for
/// the same error.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_error_free(err: *mut aotcompat_error) {
    // SAFETY: the caller passes NULL or an error it owns, once.
    ffi_or!((), { unsafe { aotcompat_error::free_raw(err) } })
}
