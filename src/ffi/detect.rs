//! Artifact kinds and `aotcompat_detect*`.

use super::boundary::{Failure, FfiResult};
use super::error::aotcompat_error;
use super::profile::opt_profile;
use super::status::*;
use crate::artifact::Detected;
use crate::format::Kind;
use std::ffi::c_char;
use std::path::Path;

/// What an artifact holds: one of the `AOTCOMPAT_KIND_*` values.
pub type aotcompat_kind = u32;

/// Not an artifact (from detection), or "no particular kind" (as an
/// argument; see aotcompat_check()).
pub const AOTCOMPAT_KIND_NONE: aotcompat_kind = 0;
/// A precompiled core WebAssembly module (wasmtime `Module`).
pub const AOTCOMPAT_KIND_MODULE: aotcompat_kind = 1;
/// A precompiled component (wasmtime `Component`).
pub const AOTCOMPAT_KIND_COMPONENT: aotcompat_kind = 2;
/// An artifact in wasmtime's pre-3.0 format (0.26 to 2.x), which carries no
/// kind marks (every one holds a module). Only detection answers it
/// (aotcompat_detect(), aotcompat_detect_file()); it is no kind to check
/// as: pass ::AOTCOMPAT_KIND_NONE or ::AOTCOMPAT_KIND_MODULE to check such
/// an artifact.
pub const AOTCOMPAT_KIND_LEGACY: aotcompat_kind = 3;

fn detected_to_c(detected: Detected) -> aotcompat_kind {
    match detected {
        Detected::Kind(kind) => kind_to_c(Some(kind)),
        Detected::Legacy => AOTCOMPAT_KIND_LEGACY,
        Detected::None => AOTCOMPAT_KIND_NONE,
    }
}

pub(crate) fn kind_to_c(kind: Option<Kind>) -> aotcompat_kind {
    match kind {
        None => AOTCOMPAT_KIND_NONE,
        Some(Kind::Module) => AOTCOMPAT_KIND_MODULE,
        Some(Kind::Component) => AOTCOMPAT_KIND_COMPONENT,
    }
}

/// A kind argument; NONE is `None`, unknown values are an error.
pub(crate) fn kind_from_c(kind: aotcompat_kind, param: &str) -> FfiResult<Option<Kind>> {
    match kind {
        AOTCOMPAT_KIND_NONE => Ok(None),
        AOTCOMPAT_KIND_MODULE => Ok(Some(Kind::Module)),
        AOTCOMPAT_KIND_COMPONENT => Ok(Some(Kind::Component)),
        other => Err(Failure::invalid(format!(
            "parameter `{param}` is {other}, which is not an aotcompat_kind"
        ))),
    }
}

/// An I/O error on `path` as a failure.
pub(crate) fn io_failure(path: &Path, e: &std::io::Error) -> Failure {
    Failure::new(
        AOTCOMPAT_STATUS_IO,
        format!("cannot read `{}`: {e}", path.display()),
    )
}

/// Tells whether `bytes` is a precompiled module, a component, or neither,
/// as wasmtime's `Engine::detect_precompiled` decides it from the ELF marks;
/// or an artifact in wasmtime's pre-3.0 format.
///
/// `profile`: whose wasmtime answers, such as "wasmtime-31" (an unknown
/// name gives ::AOTCOMPAT_STATUS_UNKNOWN_PROFILE), or NULL for the
/// wasmtime that wrote the bytes: the profile whose layout decodes their
/// engine section, or the newest built-in profile when none does.
/// `bytes`/`len`: the candidate file's contents (NULL with 0 is fine); only
/// read during the call. On success `*kind_out` receives
/// ::AOTCOMPAT_KIND_MODULE, ::AOTCOMPAT_KIND_COMPONENT or
/// ::AOTCOMPAT_KIND_NONE; anything that is not an artifact is NONE, not an
/// error. ::AOTCOMPAT_KIND_LEGACY answers
/// a pre-3.0 artifact (wasmtime 0.26 to 2.x) when `profile` is NULL and
/// its marks say neither module nor component, or when `profile` is a
/// pre-3.0 profile ("wasmtime-0.33") that finds its own trailer; a 3.0 or
/// later profile answers NONE for it, as that wasmtime does. Does not take
/// ownership of any argument; safe to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_detect(
    profile: *const c_char,
    bytes: *const u8,
    len: usize,
    kind_out: *mut aotcompat_kind,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let data = arg_slice!(bytes, len);
        let out = arg_out!(kind_out);
        out.set(detected_to_c(crate::artifact::detect_format(data, profile)));
        Ok(())
    })
}

/// aotcompat_detect() for a file: reads only its ELF header, section table
/// and (when `profile` is NULL) engine section, and never maps it.
///
/// `path`: NUL-terminated UTF-8. A file that cannot be opened or read gives
/// ::AOTCOMPAT_STATUS_IO; a readable file that is not an artifact gives
/// ::AOTCOMPAT_STATUS_OK with ::AOTCOMPAT_KIND_NONE. Otherwise as
/// aotcompat_detect(). Does not take ownership of any argument; safe to
/// call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_detect_file(
    profile: *const c_char,
    path: *const c_char,
    kind_out: *mut aotcompat_kind,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let path = Path::new(arg_str!(path));
        let out = arg_out!(kind_out);
        let detected =
            crate::artifact::detect_format_file(path, profile).map_err(|e| io_failure(path, &e))?;
        out.set(detected_to_c(detected));
        Ok(())
    })
}
