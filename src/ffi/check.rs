//! `aotcompat_check*`: can this engine load this artifact?

use super::boundary::{FfiResult, Out, Verdict};
use super::detect::{aotcompat_kind, io_failure, kind_from_c};
use super::engine::aotcompat_engine;
use super::error::aotcompat_error;
use super::handle::BoxHandle;
use super::report::aotcompat_report;
use super::status::*;
use crate::format::Kind;
use crate::profiles::Profile;
use crate::rules::{self, Mode, Report};
use std::ffi::c_char;
use std::path::Path;

/// Hands the report out; an incompatible verdict becomes the INCOMPATIBLE
/// status, with no error object (the report says why). Shared by every
/// check entry point.
fn verdict(report: Report, out: Out<*mut aotcompat_report>) -> FfiResult<Verdict> {
    let compatible = report.is_compatible();
    out.set(aotcompat_report::new(&report).into_raw());
    Ok(Verdict { compatible })
}

/// The kind to check as: the caller's, or for ::AOTCOMPAT_KIND_NONE the
/// artifact's own (as the engine's profile reads the marks), or module
/// when it says neither.
fn kind_of_bytes(kind: aotcompat_kind, bytes: &[u8], profile: &'static Profile) -> FfiResult<Kind> {
    Ok(kind_from_c(kind, "kind")?
        .unwrap_or_else(|| crate::artifact::detect(bytes, Some(profile)).unwrap_or(Kind::Module)))
}

/// [`kind_of_bytes`] for a file; a file that cannot be opened is an I/O
/// failure.
fn kind_of_file(kind: aotcompat_kind, path: &Path, profile: &'static Profile) -> FfiResult<Kind> {
    match kind_from_c(kind, "kind")? {
        Some(kind) => Ok(kind),
        None => Ok(crate::artifact::detect_file(path, Some(profile))
            .map_err(|e| io_failure(path, &e))?
            .unwrap_or(Kind::Module)),
    }
}

fn check_bytes(
    engine: &aotcompat_engine,
    bytes: &[u8],
    kind: aotcompat_kind,
    mode: Mode,
    out: Out<*mut aotcompat_report>,
) -> FfiResult<Verdict> {
    let kind = kind_of_bytes(kind, bytes, engine.engine.profile())?;
    verdict(rules::check(&engine.engine, bytes, kind, mode), out)
}

fn check_path(
    engine: &aotcompat_engine,
    path: &Path,
    kind: aotcompat_kind,
    mode: Mode,
    out: Out<*mut aotcompat_report>,
) -> FfiResult<Verdict> {
    let kind = kind_of_file(kind, path, engine.engine.profile())?;
    let report =
        rules::check_file(&engine.engine, path, kind, mode).map_err(|e| io_failure(path, &e))?;
    verdict(report, out)
}

/// Checks whether `engine` can load the artifact in `bytes`, for any
/// profile. For a wasmtime profile the check is exactly what that
/// wasmtime's `Module::deserialize` / `Component::deserialize` decide: the
/// same steps in the same order with the same words, stopping at the first
/// failure. For the generic profile it takes the same steps up to the
/// metadata (ELF, marks, the `.aotcompat.engine` section, version,
/// decoding, architecture and OS), then judges every shared flag, ISA flag,
/// tunable and feature by the rules registered on the engine, with this
/// library's own messages.
///
/// `bytes`/`len`: the artifact, only read during the call (only its ELF
/// header, section table and engine section are looked at). `kind`:
/// ::AOTCOMPAT_KIND_MODULE or ::AOTCOMPAT_KIND_COMPONENT, the kind the
/// embedder will load it as; ::AOTCOMPAT_KIND_NONE means the kind the
/// artifact says it is (as the engine's profile reads its marks), or
/// module when it says neither. Other values give
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT.
///
/// Returns ::AOTCOMPAT_STATUS_OK when the engine can load the artifact and
/// ::AOTCOMPAT_STATUS_INCOMPATIBLE when it cannot, for any reason found in
/// the bytes (not an artifact at all included). Both are verdicts, not
/// failures: `*report_out` receives a new report that the caller owns
/// (free it with aotcompat_report_free()), whose aotcompat_report_message()
/// is the first mismatch's message (wasmtime's, for a wasmtime profile),
/// and `*err` is left untouched. Other statuses are failures of the call:
/// no report, and an error in `*err` (if not NULL). Does not take
/// ownership of any argument; safe to call from several threads at once
/// on one engine.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_check(
    engine: *const aotcompat_engine,
    bytes: *const u8,
    len: usize,
    kind: aotcompat_kind,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let data = arg_slice!(bytes, len);
        let out = arg_out!(report_out);
        check_bytes(engine, data, kind, Mode::Parity, out)
    })
}

/// As aotcompat_check(), but the check goes on past the first mismatch
/// through the decoded metadata, and the report lists every mismatch; the
/// first one is still the one aotcompat_check() reports, and the status is
/// the same as aotcompat_check()'s. Within each kind of setting a generic
/// artifact's settings come in its own order, then the engine's settings
/// the artifact lacks, then names with a registered rule that neither side
/// has.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_check_all(
    engine: *const aotcompat_engine,
    bytes: *const u8,
    len: usize,
    kind: aotcompat_kind,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let data = arg_slice!(bytes, len);
        let out = arg_out!(report_out);
        check_bytes(engine, data, kind, Mode::All, out)
    })
}

/// aotcompat_check() for a file. Only the ELF header, section table and
/// engine section are read, and the file is never mapped (a file truncated
/// meanwhile gives a report, not a crash).
///
/// `path`: NUL-terminated UTF-8. A file that cannot be opened gives
/// ::AOTCOMPAT_STATUS_IO and no report; whatever is wrong inside a readable
/// file is part of the report. Otherwise as aotcompat_check().
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_check_file(
    engine: *const aotcompat_engine,
    path: *const c_char,
    kind: aotcompat_kind,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let path = Path::new(arg_str!(path));
        let out = arg_out!(report_out);
        check_path(engine, path, kind, Mode::Parity, out)
    })
}

/// aotcompat_check_file() listing every mismatch, as aotcompat_check_all().
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_check_file_all(
    engine: *const aotcompat_engine,
    path: *const c_char,
    kind: aotcompat_kind,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let path = Path::new(arg_str!(path));
        let out = arg_out!(report_out);
        check_path(engine, path, kind, Mode::All, out)
    })
}

/// Checks whether `engine` can run code on the machine this library runs
/// on, as wasmtime's `check_compatible_with_native_host` does: the
/// engine's target must be this machine's (a Pulley target only needs the
/// same pointer width and byte order), and its own compiler flags must pass
/// the profile's rules (for the generic profile, the engine's rules that
/// ask something of the machine, such as a probe) and the engine's probe.
/// Stops at the first problem, as wasmtime does.
///
/// Returns ::AOTCOMPAT_STATUS_OK when the engine fits this machine and
/// ::AOTCOMPAT_STATUS_INCOMPATIBLE when it does not; both are verdicts, as
/// with aotcompat_check(): `*report_out` receives a new report that the
/// caller owns (free it with aotcompat_report_free()) and `*err` is left
/// untouched. Does not take ownership of `engine`; safe to call from
/// several threads at once.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_check_host(
    engine: *const aotcompat_engine,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let out = arg_out!(report_out);
        verdict(rules::host_check(&engine.engine, Mode::Parity), out)
    })
}

/// As aotcompat_engine_check_host(), listing every problem, as
/// aotcompat_check_all() does for a check.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_check_host_all(
    engine: *const aotcompat_engine,
    report_out: *mut *mut aotcompat_report,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let out = arg_out!(report_out);
        verdict(rules::host_check(&engine.engine, Mode::All), out)
    })
}
