//! Artifact kinds and `aotcompat_detect*`.

use super::boundary::{Failure, FfiResult};
use super::error::aotcompat_error;
use super::status::*;
use crate::model::Kind;
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
/// by the ELF marks wasmtime 31 checks (`Engine::detect_precompiled`).
///
/// `bytes`/`len`: the candidate file's contents (NULL with 0 is fine); only
/// read during the call. On success `*kind_out` receives
/// ::AOTCOMPAT_KIND_MODULE, ::AOTCOMPAT_KIND_COMPONENT or
/// ::AOTCOMPAT_KIND_NONE; anything that is not an artifact is NONE, not an
/// error. Fails only on a NULL `kind_out` (::AOTCOMPAT_STATUS_NULL_ARGUMENT).
/// Does not take ownership of any argument; safe to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_detect(
    bytes: *const u8,
    len: usize,
    kind_out: *mut aotcompat_kind,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let data = arg_slice!(bytes, len);
        let out = arg_out!(kind_out);
        out.set(kind_to_c(crate::format::detect(data)));
        Ok(())
    })
}

/// aotcompat_detect() for a file: reads only its ELF header and section
/// table, never maps it.
///
/// `path`: NUL-terminated UTF-8. A file that cannot be opened or read gives
/// ::AOTCOMPAT_STATUS_IO; a readable file that is not an artifact gives
/// ::AOTCOMPAT_STATUS_OK with ::AOTCOMPAT_KIND_NONE. Does not take
/// ownership of any argument; safe to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_detect_file(
    path: *const c_char,
    kind_out: *mut aotcompat_kind,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let path = Path::new(arg_str!(path));
        let out = arg_out!(kind_out);
        let kind = crate::format::detect_file(path).map_err(|e| io_failure(path, &e))?;
        out.set(kind_to_c(kind));
        Ok(())
    })
}
