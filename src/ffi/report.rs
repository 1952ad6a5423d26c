//! `aotcompat_report`: the verdict of a check, with every string prepared
//! for C up front.

use super::handle::BoxHandle;
use super::strings::{c_string, ptr_or_null};
use crate::rules::Report;
use std::ffi::{c_char, CString};

/// The result of a check: compatible, or the mismatches that stop the
/// engine from loading the artifact (for a wasmtime profile, the first one
/// is the mismatch wasmtime itself reports).
///
/// Created by aotcompat_check() and friends, for every profile (the messages
/// about a generic artifact's settings are the library's own, since
/// wasmtime has none for them); the caller owns it and frees it
/// with aotcompat_report_free(). A report is immutable; its functions may be
/// called from several threads at once. Uniquely owned (not
/// reference-counted). Strings returned by its accessors are owned by the
/// report and valid until it is freed.
pub struct aotcompat_report {
    message: Option<CString>,
    mismatches: Vec<MismatchText>,
}

/// One mismatch, as C strings.
struct MismatchText {
    category: CString,
    field: CString,
    artifact: CString,
    host: CString,
    message: CString,
}

impl BoxHandle for aotcompat_report {}

impl aotcompat_report {
    pub(crate) fn new(report: &Report) -> aotcompat_report {
        aotcompat_report {
            message: report.message().map(c_string),
            mismatches: report
                .mismatches()
                .iter()
                .map(|m| MismatchText {
                    category: c_string(m.category.name()),
                    field: c_string(&m.field),
                    artifact: c_string(&m.artifact),
                    host: c_string(&m.host),
                    message: c_string(&m.message),
                })
                .collect(),
        }
    }

    fn text(&self, index: usize, pick: fn(&MismatchText) -> &CString) -> *const c_char {
        ptr_or_null(self.mismatches.get(index).map(pick))
    }
}

/// Whether the engine can load the artifact. False for a NULL `report`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_is_compatible(report: *const aotcompat_report) -> bool {
    ffi_or!(false, { handle_or!(report, false).mismatches.is_empty() })
}

/// The message of the first mismatch, as one line (outer context, ": ",
/// cause): for a wasmtime profile the one wasmtime gives when loading the
/// artifact, such as "Module was compiled with incompatible Wasmtime
/// version '30.0.0'". NULL when the report is compatible or `report` is
/// NULL.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_message(
    report: *const aotcompat_report,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(handle_or!(report, std::ptr::null()).message.as_ref())
    })
}

/// The number of mismatches: 0 when compatible, at most 1 from a parity
/// check (aotcompat_check()), any number from aotcompat_check_all(). 0 for
/// a NULL `report`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_count(report: *const aotcompat_report) -> usize {
    ffi_or!(0, { handle_or!(report, 0).mismatches.len() })
}

/// The category of mismatch `index` (counting from 0): one of "container",
/// "version", "decode", "triple", "shared-flag", "isa-flag", "tunable",
/// "feature". NULL when `report` is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_category(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).text(index, |m| &m.category)
    })
}

/// The setting mismatch `index` is about, as the profile names it (such as
/// "epoch_interruption", "has_avx2", "simd", "e_flags"). NULL when `report`
/// is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_field(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).text(index, |m| &m.field)
    })
}

/// The artifact's value for mismatch `index`, as text ("" when it has
/// none). NULL when `report` is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_artifact(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).text(index, |m| &m.artifact)
    })
}

/// What the engine has or needs for mismatch `index`, as text ("" when not
/// applicable). NULL when `report` is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_host(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).text(index, |m| &m.host)
    })
}

/// The message of mismatch `index` (wasmtime's, for a wasmtime profile);
/// for index 0 this is aotcompat_report_message(). NULL when `report` is NULL or `index` is out
/// of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_message(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).text(index, |m| &m.message)
    })
}

/// Frees a report. Calling with NULL is fine. Must not be called twice for
/// the same report.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_free(report: *mut aotcompat_report) {
    // SAFETY: the caller passes NULL or a report it owns, once.
    ffi_or!((), { unsafe { aotcompat_report::free_raw(report) } })
}
