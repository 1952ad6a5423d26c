//! `aotcompat_metadata`: what an artifact (or an engine) says about how its
//! code was compiled, readable field by field.

use super::boundary::{Failure, FfiResult};
use super::builder::{aotcompat_flag_set, flag_set_from_c, FlagSet};
use super::detect::{aotcompat_kind, kind_to_c};
use super::engine::{aotcompat_engine, profile_from_c, read_artifact};
use super::error::aotcompat_error;
use super::handle::BoxHandle;
use super::status::*;
use super::strings::{c_string, c_string_lossy, ptr_or_null};
use crate::artifact::Artifact;
use crate::model::{FlagValue, Kind, Metadata, Profile, TunableValue};
use std::ffi::{c_char, CString};
use std::path::Path;

/// The metadata of an artifact's engine section (or of an engine): kind,
/// profile, version string, target, compiler flags, tunables and
/// WebAssembly features.
///
/// Created by aotcompat_metadata_read() and friends; the caller owns it and
/// frees it with aotcompat_metadata_free(). Immutable; its functions may be
/// called from several threads at once. Uniquely owned (not
/// reference-counted). Strings returned by its accessors are owned by it and
/// valid until it is freed.
pub struct aotcompat_metadata {
    kind: Option<Kind>,
    profile: CString,
    version: Vec<u8>,
    version_text: CString,
    target: CString,
    shared_flags: Vec<Named>,
    isa_flags: Vec<Named>,
    tunables: Vec<(&'static str, TunableValue, Named)>,
    features: Vec<(CString, bool)>,
}

/// A name and its value as text.
struct Named {
    name: CString,
    value: CString,
}

impl BoxHandle for aotcompat_metadata {}

fn flags(list: &[(String, FlagValue)]) -> Vec<Named> {
    list.iter()
        .map(|(n, v)| Named {
            name: c_string(n),
            value: c_string(&v.to_string()),
        })
        .collect()
}

impl aotcompat_metadata {
    fn new(
        kind: Option<Kind>,
        profile: Profile,
        version: &[u8],
        md: &Metadata,
    ) -> aotcompat_metadata {
        aotcompat_metadata {
            kind,
            profile: c_string(profile.name()),
            version: version.to_vec(),
            version_text: c_string_lossy(version),
            target: c_string(&md.target),
            shared_flags: flags(&md.shared_flags),
            isa_flags: flags(&md.isa_flags),
            tunables: md
                .tunables
                .iter()
                .map(|(n, v)| {
                    let text = Named {
                        name: c_string(n),
                        value: c_string(&v.to_string()),
                    };
                    (n, v, text)
                })
                .collect(),
            features: md
                .features
                .iter()
                .map(|(n, on)| (c_string(n), on))
                .collect(),
        }
    }

    fn of_artifact(a: &Artifact) -> aotcompat_metadata {
        aotcompat_metadata::new(a.kind, a.profile, &a.version, &a.metadata)
    }

    fn flag_list(&self, set: aotcompat_flag_set) -> &[Named] {
        match flag_set_from_c(set) {
            Ok(FlagSet::Shared) => &self.shared_flags,
            Ok(FlagSet::Isa) => &self.isa_flags,
            Err(_) => &[],
        }
    }

    fn tunable(&self, name: &str) -> FfiResult<&(&'static str, TunableValue, Named)> {
        self.tunables
            .iter()
            .find(|(n, _, _)| *n == name)
            .ok_or_else(|| {
                Failure::new(
                    AOTCOMPAT_STATUS_UNKNOWN_NAME,
                    format!("unknown tunable `{name}`"),
                )
            })
    }
}

fn type_mismatch(name: &str, value: &TunableValue, wanted: &str) -> Failure {
    Failure::new(
        AOTCOMPAT_STATUS_TYPE_MISMATCH,
        format!("tunable `{name}` is `{value}`, not {wanted}"),
    )
}

/// Reads the metadata of the artifact in `bytes`.
///
/// `bytes`/`len`: the artifact, only read during the call. `profile`: the
/// layout to decode with, or NULL to pick the newest profile whose layout
/// decodes the metadata exactly (unknown names give
/// ::AOTCOMPAT_STATUS_UNKNOWN_PROFILE). Bytes that are not a readable
/// artifact give ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT. On success `*out`
/// receives new metadata that the caller owns; free it with
/// aotcompat_metadata_free(). Does not take ownership of any argument; safe
/// to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_read(
    bytes: *const u8,
    len: usize,
    profile: *const c_char,
    out: *mut *mut aotcompat_metadata,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let data = arg_slice!(bytes, len);
        let profile = profile_from_c(arg_opt_str!(profile))?;
        let out = arg_out!(out);
        let artifact = read_artifact(data, None, profile)?;
        out.set(aotcompat_metadata::of_artifact(&artifact).into_raw());
        Ok(())
    })
}

/// aotcompat_metadata_read() for a file, reading only its headers, section
/// table and engine section. `path`: NUL-terminated UTF-8; a file that
/// cannot be opened gives ::AOTCOMPAT_STATUS_IO.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_read_file(
    path: *const c_char,
    profile: *const c_char,
    out: *mut *mut aotcompat_metadata,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let path = Path::new(arg_str!(path));
        let profile = profile_from_c(arg_opt_str!(profile))?;
        let out = arg_out!(out);
        let artifact = read_artifact(&[], Some(path), profile)?;
        out.set(aotcompat_metadata::of_artifact(&artifact).into_raw());
        Ok(())
    })
}

/// The metadata `engine` writes into its artifacts (its kind is
/// ::AOTCOMPAT_KIND_NONE). On success `*out` receives new metadata that the
/// caller owns; free it with aotcompat_metadata_free(). Does not take
/// ownership of `engine`; safe to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_describe(
    engine: *const aotcompat_engine,
    out: *mut *mut aotcompat_metadata,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let e = &arg_ref!(engine).engine;
        let out = arg_out!(out);
        let md = aotcompat_metadata::new(
            None,
            e.profile(),
            e.version_string().as_bytes(),
            e.metadata(),
        );
        out.set(md.into_raw());
        Ok(())
    })
}

/// The kind the artifact's ELF marks say it is (::AOTCOMPAT_KIND_NONE when
/// they say neither, for engine metadata, or for a NULL `metadata`).
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_kind(
    metadata: *const aotcompat_metadata,
) -> aotcompat_kind {
    ffi_or!(kind_to_c(None), {
        kind_to_c(handle_or!(metadata, kind_to_c(None)).kind)
    })
}

/// The name of the profile whose layout decoded the metadata, such as
/// "wasmtime-31". NULL for a NULL `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_profile(
    metadata: *const aotcompat_metadata,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(metadata, std::ptr::null()).profile.as_ptr()
    })
}

/// The engine section's version string as text ("31.0.0", a custom string,
/// or "" for none); invalid UTF-8 and NUL bytes are shown as U+FFFD (see
/// aotcompat_metadata_version_bytes() for the raw bytes). NULL for a NULL
/// `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_version(
    metadata: *const aotcompat_metadata,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(metadata, std::ptr::null()).version_text.as_ptr()
    })
}

/// The version string's raw bytes (not NUL-terminated): returns a pointer
/// valid until `metadata` is freed and stores the length in `*len_out`
/// (which may be NULL). Returns NULL, leaving `*len_out` alone, for a NULL
/// `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_version_bytes(
    metadata: *const aotcompat_metadata,
    len_out: *mut usize,
) -> *const u8 {
    ffi_or!(std::ptr::null(), {
        let md = handle_or!(metadata, std::ptr::null());
        if !len_out.is_null() {
            // SAFETY: the caller passes NULL or a pointer valid for writing.
            unsafe { len_out.write(md.version.len()) };
        }
        md.version.as_ptr()
    })
}

/// The target triple the code was compiled for, such as
/// "x86_64-unknown-linux-gnu". NULL for a NULL `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_target(
    metadata: *const aotcompat_metadata,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(metadata, std::ptr::null()).target.as_ptr()
    })
}

/// The number of compiler flags in list `set` (::AOTCOMPAT_FLAG_SET_SHARED
/// or ::AOTCOMPAT_FLAG_SET_ISA). 0 for a NULL `metadata` or an unknown
/// `set`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_flag_count(
    metadata: *const aotcompat_metadata,
    set: aotcompat_flag_set,
) -> usize {
    ffi_or!(0, { handle_or!(metadata, 0).flag_list(set).len() })
}

/// The name of flag `index` of list `set`, in the compiler's order (such
/// as "opt_level", "has_avx2"). NULL for a NULL `metadata`, an unknown
/// `set` or an `index` out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_flag_name(
    metadata: *const aotcompat_metadata,
    set: aotcompat_flag_set,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(
            handle_or!(metadata, std::ptr::null())
                .flag_list(set)
                .get(index)
                .map(|f| &f.name),
        )
    })
}

/// The value of flag `index` of list `set` as text: the choice for a named
/// value ("speed"), the number ("12"), or "true"/"false". NULL for a NULL
/// `metadata`, an unknown `set` or an `index` out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_flag_value(
    metadata: *const aotcompat_metadata,
    set: aotcompat_flag_set,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(
            handle_or!(metadata, std::ptr::null())
                .flag_list(set)
                .get(index)
                .map(|f| &f.value),
        )
    })
}

/// The number of tunables (all of the profile's, in wire order). 0 for a
/// NULL `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_tunable_count(
    metadata: *const aotcompat_metadata,
) -> usize {
    ffi_or!(0, { handle_or!(metadata, 0).tunables.len() })
}

/// The name of tunable `index`, such as "memory_reservation". NULL for a
/// NULL `metadata` or an `index` out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_tunable_name(
    metadata: *const aotcompat_metadata,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(
            handle_or!(metadata, std::ptr::null())
                .tunables
                .get(index)
                .map(|(_, _, t)| &t.name),
        )
    })
}

/// The value of tunable `index` as text: a number ("4294967296"),
/// "true"/"false", or for "collector" the collector's name
/// ("deferred reference-counting", "null") or "none". NULL for a NULL
/// `metadata` or an `index` out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_tunable_value(
    metadata: *const aotcompat_metadata,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(
            handle_or!(metadata, std::ptr::null())
                .tunables
                .get(index)
                .map(|(_, _, t)| &t.value),
        )
    })
}

/// The value of the tunable called `name` as text (as
/// aotcompat_metadata_tunable_value()). An unknown name gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME. On success `*value_out` receives a
/// string owned by `metadata`, valid until it is freed.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_tunable(
    metadata: *const aotcompat_metadata,
    name: *const c_char,
    value_out: *mut *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let md = arg_ref!(metadata);
        let name = arg_str!(name);
        let out = arg_out!(value_out);
        out.set(md.tunable(name)?.2.value.as_ptr());
        Ok(())
    })
}

/// The value of the numeric tunable called `name` (such as
/// "memory_guard_size"). An unknown name gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME; a tunable that is not a number gives
/// ::AOTCOMPAT_STATUS_TYPE_MISMATCH.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_tunable_u64(
    metadata: *const aotcompat_metadata,
    name: *const c_char,
    value_out: *mut u64,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let md = arg_ref!(metadata);
        let name = arg_str!(name);
        let out = arg_out!(value_out);
        match md.tunable(name)?.1 {
            TunableValue::U64(v) => out.set(v),
            ref other => return Err(type_mismatch(name, other, "a number")),
        }
        Ok(())
    })
}

/// The value of the on/off tunable called `name` (such as
/// "epoch_interruption"). An unknown name gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME; a tunable that is not on/off gives
/// ::AOTCOMPAT_STATUS_TYPE_MISMATCH.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_tunable_bool(
    metadata: *const aotcompat_metadata,
    name: *const c_char,
    value_out: *mut bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let md = arg_ref!(metadata);
        let name = arg_str!(name);
        let out = arg_out!(value_out);
        match md.tunable(name)?.1 {
            TunableValue::Bool(v) => out.set(v),
            ref other => return Err(type_mismatch(name, other, "true or false")),
        }
        Ok(())
    })
}

/// The number of WebAssembly features the profile knows (enabled or not).
/// 0 for a NULL `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_feature_count(
    metadata: *const aotcompat_metadata,
) -> usize {
    ffi_or!(0, { handle_or!(metadata, 0).features.len() })
}

/// The name of feature `index`, in wire order (such as "simd"). NULL for a
/// NULL `metadata` or an `index` out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_feature_name(
    metadata: *const aotcompat_metadata,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(
            handle_or!(metadata, std::ptr::null())
                .features
                .get(index)
                .map(|(n, _)| n),
        )
    })
}

/// Whether feature `index` is enabled. False for a NULL `metadata` or an
/// `index` out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_feature_enabled(
    metadata: *const aotcompat_metadata,
    index: usize,
) -> bool {
    ffi_or!(false, {
        handle_or!(metadata, false)
            .features
            .get(index)
            .is_some_and(|(_, on)| *on)
    })
}

/// Whether the WebAssembly feature called `name` (such as "threads") is
/// enabled. An unknown name gives ::AOTCOMPAT_STATUS_UNKNOWN_NAME.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_feature(
    metadata: *const aotcompat_metadata,
    name: *const c_char,
    enabled_out: *mut bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let md = arg_ref!(metadata);
        let name = arg_str!(name);
        let out = arg_out!(enabled_out);
        let (_, on) = md
            .features
            .iter()
            .find(|(n, _)| n.to_bytes() == name.as_bytes())
            .ok_or_else(|| {
                Failure::new(
                    AOTCOMPAT_STATUS_UNKNOWN_NAME,
                    format!("unknown WebAssembly feature `{name}`"),
                )
            })?;
        out.set(*on);
        Ok(())
    })
}

/// Frees metadata. Calling with NULL is fine. Must not be called twice for
/// the same metadata.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_free(metadata: *mut aotcompat_metadata) {
    // SAFETY: the caller passes NULL or metadata it owns, once.
    ffi_or!((), { unsafe { aotcompat_metadata::free_raw(metadata) } })
}
