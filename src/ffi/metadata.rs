//! `aotcompat_metadata`: what an artifact (or an engine) says about how its
//! code was compiled, readable field by field.

use super::boundary::{Failure, FfiResult};
use super::builder::{aotcompat_flag_set, flag_set_from_c, FlagSet};
use super::detect::{aotcompat_kind, kind_to_c};
use super::engine::{aotcompat_engine, read_artifact};
use super::error::aotcompat_error;
use super::handle::BoxHandle;
use super::profile::opt_profile;
use super::status::*;
use super::strings::{c_string, c_string_lossy, ptr_or_null};
use crate::artifact::Artifact;
use crate::codec::Value;
use crate::format::Kind;
use crate::model::{value_text, FlagValue, Metadata};
use crate::profiles::Profile;
use std::borrow::Cow;
use std::ffi::{c_char, CString};
use std::path::Path;

/// The metadata of an artifact's engine section (or of an engine): kind,
/// profile, version string, target, compiler flags, tunables and
/// WebAssembly features, for any profile.
///
/// Created by aotcompat_metadata_read() and friends; the caller owns it and
/// frees it with aotcompat_metadata_free(). Immutable; its functions may be
/// called from several threads at once. Uniquely owned (not
/// reference-counted). Strings returned by its accessors are owned by it and
/// valid until it is freed.
pub struct aotcompat_metadata {
    kind: Option<Kind>,
    metadata: Metadata<'static>,
    profile: CString,
    version: Vec<u8>,
    version_text: CString,
    target: CString,
    shared_flags: Vec<Named>,
    isa_flags: Vec<Named>,
    tunables: Vec<Tunable>,
    features: Vec<(CString, bool)>,
}

/// A name and its value as text.
struct Named {
    name: CString,
    value: CString,
}

/// A tunable's name, its value as text and as JSON.
struct Tunable {
    name: CString,
    text: CString,
    json: CString,
}

impl BoxHandle for aotcompat_metadata {}

fn flags(list: &[(Cow<'_, str>, FlagValue<'_>)]) -> Vec<Named> {
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
        profile: &'static Profile,
        version: &[u8],
        md: Metadata<'static>,
    ) -> aotcompat_metadata {
        let tunables = md
            .tunables()
            .map(|(name, value)| Tunable {
                name: c_string(name),
                text: c_string(&value_text(md.tunable_shape(name), value)),
                json: c_string(&md.tunable_to_json(name).unwrap_or_default().to_string()),
            })
            .collect();
        let features = md
            .features()
            .into_iter()
            .map(|(n, on)| (c_string(n), on))
            .collect();
        aotcompat_metadata {
            kind,
            profile: c_string(profile.name),
            version: version.to_vec(),
            version_text: c_string_lossy(version),
            target: c_string(&md.target),
            shared_flags: flags(&md.shared_flags),
            isa_flags: flags(&md.isa_flags),
            tunables,
            features,
            metadata: md,
        }
    }

    fn of_artifact(a: Artifact) -> aotcompat_metadata {
        aotcompat_metadata::new(a.kind, a.profile, &a.version, a.metadata)
    }

    fn flag_list(&self, set: aotcompat_flag_set) -> &[Named] {
        match flag_set_from_c(set) {
            Ok(FlagSet::Shared) => &self.shared_flags,
            Ok(FlagSet::Isa) => &self.isa_flags,
            Err(_) => &[],
        }
    }

    /// The position and value of tunable `name`.
    fn tunable(&self, name: &str) -> FfiResult<(usize, &Value<'static>)> {
        self.metadata
            .tunables()
            .enumerate()
            .find(|(_, (n, _))| *n == name)
            .map(|(i, (_, v))| (i, v))
            .ok_or_else(|| {
                Failure::new(
                    AOTCOMPAT_STATUS_UNKNOWN_NAME,
                    format!("unknown tunable `{name}`"),
                )
            })
    }
}

fn type_mismatch(name: &str, text: &CString, wanted: &str) -> Failure {
    Failure::new(
        AOTCOMPAT_STATUS_TYPE_MISMATCH,
        format!(
            "tunable `{name}` is `{}`, not {wanted}",
            text.to_string_lossy()
        ),
    )
}

/// Reads the metadata of the artifact in `bytes`.
///
/// `profile`: the profile to read it with (an unknown name gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_PROFILE), or NULL for the profile whose
/// layout decodes the engine section exactly, the version string deciding
/// between layouts that both fit (see aotcompat_engine_from_artifact()).
/// `bytes`/`len`: the artifact, only read during the call. Bytes that are
/// not a readable artifact give ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT. On
/// success `*out` receives new metadata that the caller owns; free it with
/// aotcompat_metadata_free(). Does not take ownership of any argument; safe
/// to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_read(
    profile: *const c_char,
    bytes: *const u8,
    len: usize,
    out: *mut *mut aotcompat_metadata,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let data = arg_slice!(bytes, len);
        let out = arg_out!(out);
        let artifact = read_artifact(data, None, profile)?;
        out.set(aotcompat_metadata::of_artifact(artifact).into_raw());
        Ok(())
    })
}

/// aotcompat_metadata_read() for a file, reading only its headers, section
/// table and engine section. `path`: NUL-terminated UTF-8; a file that
/// cannot be opened gives ::AOTCOMPAT_STATUS_IO.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_read_file(
    profile: *const c_char,
    path: *const c_char,
    out: *mut *mut aotcompat_metadata,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let path = Path::new(arg_str!(path));
        let out = arg_out!(out);
        let artifact = read_artifact(&[], Some(path), profile)?;
        out.set(aotcompat_metadata::of_artifact(artifact).into_raw());
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
            e.metadata().clone(),
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

/// The name of the profile whose layout decoded the metadata (or the
/// engine's profile), such as "wasmtime-31" or "generic". NULL for a NULL
/// `metadata`.
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

/// The number of tunables: all of a wasmtime profile's, in wire order, or
/// the ones a generic engine listed, in its order. 0 for a NULL `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_tunable_count(
    metadata: *const aotcompat_metadata,
) -> usize {
    ffi_or!(0, { handle_or!(metadata, 0).tunables.len() })
}

/// The name of tunable `index`, as the profile's wasmtime names it (such as
/// "memory_reservation"). NULL for a NULL `metadata` or an `index` out of
/// range.
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
                .map(|t| &t.name),
        )
    })
}

/// The value of tunable `index` as text, as reports print it: a number
/// ("4294967296"), "true"/"false", a string in double quotes, "none", a
/// variant by name ("DeferredReferenceCounting", "Null"; with its payload
/// in parentheses), a struct as `{field: value, ...}`, a list as
/// `[...]`, a run of bytes in hex. NULL for a NULL `metadata` or an `index`
/// out of range.
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
                .map(|t| &t.text),
        )
    })
}

/// The value of tunable `index` as JSON, the form
/// aotcompat_engine_builder_set_tunable_json() takes (so a value read here
/// can be set on a builder of the same profile): `4294967296`, `true`,
/// `"Null"`, `null`, `{"Name": payload}`, ... NULL for a NULL `metadata`
/// or an `index` out of range.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_tunable_json(
    metadata: *const aotcompat_metadata,
    index: usize,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        ptr_or_null(
            handle_or!(metadata, std::ptr::null())
                .tunables
                .get(index)
                .map(|t| &t.json),
        )
    })
}

/// The value of the tunable called `name` as text (as
/// aotcompat_metadata_tunable_value()). A name the metadata does not have
/// gives ::AOTCOMPAT_STATUS_UNKNOWN_NAME. On success `*value_out` receives
/// a string owned by `metadata`, valid until it is freed.
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
        let (index, _) = md.tunable(name)?;
        out.set(md.tunables[index].text.as_ptr());
        Ok(())
    })
}

/// The value of the integer tunable called `name` (such as
/// "memory_guard_size"). A name the metadata does not have gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME; a tunable that is not an integer
/// (an optional one included) gives ::AOTCOMPAT_STATUS_TYPE_MISMATCH.
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
        match md.tunable(name)? {
            (_, Value::Int(v)) => out.set(*v),
            (i, _) => return Err(type_mismatch(name, &md.tunables[i].text, "an integer")),
        }
        Ok(())
    })
}

/// The value of the on/off tunable called `name` (such as
/// "epoch_interruption"). A name the metadata does not have gives
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
        match md.tunable(name)? {
            (_, Value::Bool(v)) => out.set(*v),
            (i, _) => return Err(type_mismatch(name, &md.tunables[i].text, "true or false")),
        }
        Ok(())
    })
}

/// The number of WebAssembly features listed: every feature a wasmtime
/// profile knows (enabled or not), or the enabled ones of a generic
/// engine. 0 for a NULL `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_feature_count(
    metadata: *const aotcompat_metadata,
) -> usize {
    ffi_or!(0, { handle_or!(metadata, 0).features.len() })
}

/// The name of feature `index`, in the profile's order (such as "simd").
/// NULL for a NULL `metadata` or an `index` out of range.
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
/// enabled. In a wasmtime profile a name the profile does not know gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME; in the generic profile every name is
/// known, and one not listed is disabled.
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
        let on = md.metadata.feature(name).ok_or_else(|| {
            Failure::new(
                AOTCOMPAT_STATUS_UNKNOWN_NAME,
                format!("unknown WebAssembly feature `{name}`"),
            )
        })?;
        out.set(on);
        Ok(())
    })
}

/// The raw feature bits (wasmparser's `WasmFeatures` bits, unknown bits
/// included) of a profile that writes its features as a bit set. A profile
/// that writes them otherwise (a struct of bools, as wasmtime 31 does, or
/// names, as "generic" does) gives
/// ::AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_metadata_feature_bits(
    metadata: *const aotcompat_metadata,
    bits_out: *mut u64,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let md = arg_ref!(metadata);
        let out = arg_out!(bits_out);
        let bits = md.metadata.feature_bits().ok_or_else(|| {
            Failure::new(
                AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
                format!(
                    "the {} layout writes no feature bits",
                    md.metadata.layout().name
                ),
            )
        })?;
        out.set(bits);
        Ok(())
    })
}

/// The feature bits no enabled named feature accounts for (bits the
/// profile's wasmparser does not name, or part of a feature of several
/// bits); 0 when there are none, for a profile without feature bits, and
/// for a NULL `metadata`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_unnamed_feature_bits(
    metadata: *const aotcompat_metadata,
) -> u64 {
    ffi_or!(0, {
        handle_or!(metadata, 0).metadata.unnamed_feature_bits()
    })
}

/// Frees metadata. Calling with NULL is fine. Must not be called twice for
/// the same metadata.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_metadata_free(metadata: *mut aotcompat_metadata) {
    // SAFETY: the caller passes NULL or metadata it owns, once.
    ffi_or!((), { unsafe { aotcompat_metadata::free_raw(metadata) } })
}
