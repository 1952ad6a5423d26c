//! `aotcompat_report`: the verdict of a check, with every string prepared
//! for C up front.

use super::handle::BoxHandle;
use super::probe::*;
use super::strings::{c_string, ptr_or_null};
use crate::rules::{Category, ProbeAnswer, Report};
use std::ffi::{c_char, CString};

/// What part of an artifact a mismatch is about: one of the
/// `AOTCOMPAT_CATEGORY_*` values. aotcompat_category_name() gives its name
/// as JSON reports print it.
pub type aotcompat_category = u32;

/// No mismatch (for a NULL report or an index out of range).
pub const AOTCOMPAT_CATEGORY_NONE: aotcompat_category = 0;
/// The ELF container, its marks, or the engine section's framing
/// ("container").
pub const AOTCOMPAT_CATEGORY_CONTAINER: aotcompat_category = 1;
/// The engine section's version string ("version").
pub const AOTCOMPAT_CATEGORY_VERSION: aotcompat_category = 2;
/// Metadata the profile's layout cannot decode ("decode").
pub const AOTCOMPAT_CATEGORY_DECODE: aotcompat_category = 3;
/// The target triple ("triple").
pub const AOTCOMPAT_CATEGORY_TRIPLE: aotcompat_category = 4;
/// A shared (target-independent) compiler flag ("shared-flag").
pub const AOTCOMPAT_CATEGORY_SHARED_FLAG: aotcompat_category = 5;
/// An ISA (CPU feature) compiler flag ("isa-flag").
pub const AOTCOMPAT_CATEGORY_ISA_FLAG: aotcompat_category = 6;
/// An engine tunable ("tunable").
pub const AOTCOMPAT_CATEGORY_TUNABLE: aotcompat_category = 7;
/// A WebAssembly feature ("feature").
pub const AOTCOMPAT_CATEGORY_FEATURE: aotcompat_category = 8;

fn category_to_c(category: Category) -> aotcompat_category {
    match category {
        Category::Container => AOTCOMPAT_CATEGORY_CONTAINER,
        Category::Version => AOTCOMPAT_CATEGORY_VERSION,
        Category::Decode => AOTCOMPAT_CATEGORY_DECODE,
        Category::Triple => AOTCOMPAT_CATEGORY_TRIPLE,
        Category::SharedFlag => AOTCOMPAT_CATEGORY_SHARED_FLAG,
        Category::IsaFlag => AOTCOMPAT_CATEGORY_ISA_FLAG,
        Category::Tunable => AOTCOMPAT_CATEGORY_TUNABLE,
        Category::Feature => AOTCOMPAT_CATEGORY_FEATURE,
    }
}

/// The categories in code order, for aotcompat_category_name().
const CATEGORY_NAMES: [&std::ffi::CStr; 8] = [
    c"container",
    c"version",
    c"decode",
    c"triple",
    c"shared-flag",
    c"isa-flag",
    c"tunable",
    c"feature",
];

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
    notes: Vec<CString>,
    advice: Vec<AdviceText>,
}

/// One piece of advice, as C values.
struct AdviceText {
    category: aotcompat_category,
    field: CString,
    artifact: CString,
    host: CString,
    message: CString,
}

/// One mismatch, as C values.
struct MismatchText {
    category: aotcompat_category,
    field: CString,
    artifact: CString,
    host: CString,
    probe: Option<(CString, aotcompat_probe_answer)>,
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
                    category: category_to_c(m.category),
                    field: c_string(&m.field),
                    artifact: c_string(&m.artifact),
                    host: c_string(&m.host),
                    probe: m.probe.as_ref().map(|p| {
                        let answer = match p.answer {
                            ProbeAnswer::No => AOTCOMPAT_PROBE_NO,
                            ProbeAnswer::Unknown => AOTCOMPAT_PROBE_UNKNOWN,
                            ProbeAnswer::NoProbe => AOTCOMPAT_PROBE_ABSENT,
                        };
                        (c_string(&p.feature), answer)
                    }),
                    message: c_string(&m.message),
                })
                .collect(),
            notes: report.notes().iter().map(|n| c_string(n)).collect(),
            advice: report
                .advice()
                .iter()
                .map(|a| AdviceText {
                    category: category_to_c(a.category),
                    field: c_string(&a.field),
                    artifact: c_string(&a.artifact),
                    host: c_string(&a.host),
                    message: c_string(&a.message),
                })
                .collect(),
        }
    }

    fn advice_text(&self, index: usize, pick: fn(&AdviceText) -> &CString) -> *const c_char {
        ptr_or_null(self.advice.get(index).map(pick))
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

/// The category of mismatch `index` (counting from 0): one of the
/// `AOTCOMPAT_CATEGORY_*` values; ::AOTCOMPAT_CATEGORY_NONE when `report`
/// is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_category(
    report: *const aotcompat_report,
    index: usize,
) -> aotcompat_category {
    ffi_or!(AOTCOMPAT_CATEGORY_NONE, {
        let report = handle_or!(report, AOTCOMPAT_CATEGORY_NONE);
        report
            .mismatches
            .get(index)
            .map_or(AOTCOMPAT_CATEGORY_NONE, |m| m.category)
    })
}

/// The name of a category as JSON reports print it: "container",
/// "version", "decode", "triple", "shared-flag", "isa-flag", "tunable",
/// "feature". NULL for ::AOTCOMPAT_CATEGORY_NONE and unknown values. The
/// string is static: it lives as long as the program and must not be
/// freed. Safe to call from any thread.
#[no_mangle]
pub extern "C" fn aotcompat_category_name(category: aotcompat_category) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        (category as usize)
            .checked_sub(1)
            .and_then(|i| CATEGORY_NAMES.get(i))
            .map_or(std::ptr::null(), |name| name.as_ptr())
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
/// none), in the form the metadata accessors print values: a flag's bare
/// value as aotcompat_metadata_flag_value() gives it ("true", "12",
/// "speed"), a tunable as aotcompat_metadata_tunable_value(), a feature as
/// "true"/"false". NULL when `report` is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_artifact(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).text(index, |m| &m.artifact)
    })
}

/// What the engine has or needs for mismatch `index`, as text, in the same
/// form as aotcompat_report_mismatch_artifact(); "" when not applicable,
/// and when the verdict is the probe's (see
/// aotcompat_report_mismatch_probe()). NULL when `report` is NULL or
/// `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_host(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).text(index, |m| &m.host)
    })
}

/// Whether mismatch `index` is the probe's verdict: an ISA flag (or, in the
/// generic profile, a setting with a needs-probe rule) that needs a host
/// feature the probe did not confirm. If so, returns true and stores the
/// host feature's name (such as "avx2"; owned by the report, valid until it
/// is freed) in `*feature_out` and the answer in `*answer_out`
/// (::AOTCOMPAT_PROBE_NO, ::AOTCOMPAT_PROBE_UNKNOWN or
/// ::AOTCOMPAT_PROBE_ABSENT); either pointer may be NULL. Otherwise, and
/// for a NULL `report` or an `index` out of range, returns false and writes
/// nothing.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_mismatch_probe(
    report: *const aotcompat_report,
    index: usize,
    feature_out: *mut *const c_char,
    answer_out: *mut aotcompat_probe_answer,
) -> bool {
    ffi_or!(false, {
        let report = handle_or!(report, false);
        let Some((feature, answer)) = report.mismatches.get(index).and_then(|m| m.probe.as_ref())
        else {
            return false;
        };
        // SAFETY: the caller passes NULL or pointers valid for writing.
        unsafe {
            if let Some(out) = feature_out.as_mut() {
                *out = feature.as_ptr();
            }
            if let Some(out) = answer_out.as_mut() {
                *out = *answer;
            }
        }
        true
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

/// The number of notes: what the check could not judge, whatever the
/// verdict. Notes never change the verdict. No profile leaves anything
/// unjudged today, so this is 0 (as it is for a NULL `report`).
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_note_count(report: *const aotcompat_report) -> usize {
    ffi_or!(0, { handle_or!(report, 0).notes.len() })
}

/// Note `index` (counting from 0), owned by the report; NULL when `report`
/// is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_note(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(handle_or!(report, std::ptr::null()).notes.get(index))
    })
}

/// The number of pieces of advice: where the artifact is weaker than what
/// the engine would compile itself, alongside any mismatch about other
/// settings (a CPU feature its code leaves
/// unused, a lower optimization level, debug information or
/// instrumentation the engine would not add). Advice never changes the
/// verdict. aotcompat_check_all() and aotcompat_check_file_all() give it
/// once the metadata was decoded and its target accepted; the parity
/// checks (aotcompat_check(), aotcompat_check_file()), a runtime's hot
/// path, give none. Empty when the artifact's settings are the engine's. 0
/// for a NULL `report`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_advice_count(report: *const aotcompat_report) -> usize {
    ffi_or!(0, { handle_or!(report, 0).advice.len() })
}

/// The kind of setting advice `index` (counting from 0) is about:
/// ::AOTCOMPAT_CATEGORY_SHARED_FLAG, ::AOTCOMPAT_CATEGORY_ISA_FLAG or
/// ::AOTCOMPAT_CATEGORY_TUNABLE; ::AOTCOMPAT_CATEGORY_NONE when `report`
/// is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_advice_category(
    report: *const aotcompat_report,
    index: usize,
) -> aotcompat_category {
    ffi_or!(AOTCOMPAT_CATEGORY_NONE, {
        let report = handle_or!(report, AOTCOMPAT_CATEGORY_NONE);
        report
            .advice
            .get(index)
            .map_or(AOTCOMPAT_CATEGORY_NONE, |a| a.category)
    })
}

/// The setting advice `index` is about, as the profile names it (such as
/// "has_avx2", "opt_level", "generate_address_map"). NULL when `report` is
/// NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_advice_field(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).advice_text(index, |a| &a.field)
    })
}

/// The artifact's value for advice `index`, as
/// aotcompat_report_mismatch_artifact() prints values ("" when the artifact
/// does not have the setting). NULL when `report` is NULL or `index` is
/// out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_advice_artifact(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).advice_text(index, |a| &a.artifact)
    })
}

/// The engine's own value for advice `index`, in the same form. NULL when
/// `report` is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_advice_host(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).advice_text(index, |a| &a.host)
    })
}

/// Advice `index` as one line, such as "compiled without has_avx2, which
/// the host engine enables: its code leaves this CPU feature unused".
/// NULL when `report` is NULL or `index` is out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_advice_message(
    report: *const aotcompat_report,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(report, std::ptr::null()).advice_text(index, |a| &a.message)
    })
}

/// Frees a report. Calling with NULL is fine. Must not be called twice for
/// the same report.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_report_free(report: *mut aotcompat_report) {
    // SAFETY: the caller passes NULL or a report it owns, once.
    ffi_or!((), { unsafe { aotcompat_report::free_raw(report) } })
}
