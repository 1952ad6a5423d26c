//! The built-in profiles, listed for C, and profile-name arguments.

use super::boundary::{Failure, FfiResult};
use super::status::AOTCOMPAT_STATUS_UNKNOWN_PROFILE;
use super::strings::c_string;
use crate::profiles::{self, Profile};
use std::ffi::{c_char, CString};
use std::sync::OnceLock;

/// Each built-in profile's name and description as C strings, made once
/// and kept for the life of the program.
fn table() -> &'static [(CString, CString)] {
    static TABLE: OnceLock<Vec<(CString, CString)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        profiles::ALL
            .iter()
            .map(|p| (c_string(p.name), c_string(p.about)))
            .collect()
    })
}

/// A profile-name argument: every name must be a built-in profile's.
pub(crate) fn profile_named(name: &str) -> FfiResult<&'static Profile> {
    profiles::parse(name).map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_UNKNOWN_PROFILE, &e))
}

/// An optional profile-name argument: NULL (`None`) stays `None`.
pub(crate) fn opt_profile(name: Option<&str>) -> FfiResult<Option<&'static Profile>> {
    name.map(profile_named).transpose()
}

/// The number of built-in profiles. Safe to call from any thread; never
/// fails.
#[no_mangle]
pub extern "C" fn aotcompat_profile_count() -> usize {
    ffi_or!(0, { table().len() })
}

/// The name of built-in profile `index` (counting from 0), such as
/// "wasmtime-31" or "generic": the name every `profile` parameter takes.
/// Profiles are listed newest wasmtime first, in the order detection tries
/// them.
///
/// The string is static: it lives as long as the program and must not be
/// freed. NULL when `index` is aotcompat_profile_count() or more. Safe to
/// call from any thread.
#[no_mangle]
pub extern "C" fn aotcompat_profile_name(index: usize) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        table()
            .get(index)
            .map_or(std::ptr::null(), |(name, _)| name.as_ptr())
    })
}

/// One line about built-in profile `index`: which releases or runtimes it
/// stands for, such as `wasmtime 31.0.0 (writes the version string "31.0.0")`.
///
/// The string is static: it lives as long as the program and must not be
/// freed. NULL when `index` is aotcompat_profile_count() or more. Safe to
/// call from any thread.
#[no_mangle]
pub extern "C" fn aotcompat_profile_about(index: usize) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        table()
            .get(index)
            .map_or(std::ptr::null(), |(_, about)| about.as_ptr())
    })
}
