//! `aotcompat_engine_builder`: describes an engine setting by setting.

use super::boundary::{Failure, FfiResult};
use super::engine::{aotcompat_engine, read_artifact};
use super::error::aotcompat_error;
use super::handle::BoxHandle;
use super::profile::{opt_profile, profile_named};
use super::status::*;
use crate::model::{EngineBuilder, FlagValue, SetError, SetErrorKind, VersionStrategy};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::ffi::c_char;
use std::path::Path;

/// Selects a group of compiler flags: one of the `AOTCOMPAT_FLAG_SET_*`
/// values.
pub type aotcompat_flag_set = u32;

/// Cranelift's shared (target-independent) settings, such as `opt_level`.
pub const AOTCOMPAT_FLAG_SET_SHARED: aotcompat_flag_set = 0;
/// Cranelift's ISA (CPU feature) settings, such as `has_avx2`.
pub const AOTCOMPAT_FLAG_SET_ISA: aotcompat_flag_set = 1;

/// Which flag list a set argument names.
#[derive(Clone, Copy)]
pub(crate) enum FlagSet {
    Shared,
    Isa,
}

pub(crate) fn flag_set_from_c(set: aotcompat_flag_set) -> FfiResult<FlagSet> {
    match set {
        AOTCOMPAT_FLAG_SET_SHARED => Ok(FlagSet::Shared),
        AOTCOMPAT_FLAG_SET_ISA => Ok(FlagSet::Isa),
        other => Err(Failure::invalid(format!(
            "parameter `set` is {other}, which is not an aotcompat_flag_set"
        ))),
    }
}

/// Builds an engine of any profile step by step: start from a profile's
/// defaults or from an artifact, change settings by name (flags, tunables,
/// features), choose the version strategy, GC support and probe, register
/// rules (generic profile only), then call aotcompat_engine_builder_build()
/// (as often as needed; the builder stays usable).
///
/// Not safe for concurrent use: a builder must be used by one thread at a
/// time (functions take it as non-`const`, except _build). It is uniquely
/// owned: free it with aotcompat_engine_builder_free(). Engines built from it
/// do not depend on it.
pub struct aotcompat_engine_builder {
    pub(crate) builder: EngineBuilder,
}

impl BoxHandle for aotcompat_engine_builder {}

/// Starts a builder for `profile` with this machine's target, the
/// profile's default tunables and features (none for "generic"), GC
/// support, the profile's own version strategy (wasmtime for a wasmtime
/// profile, none for "generic"), the native probe, the default rules, and no
/// compiler flags (set the ones the engine compiles with). Unlike
/// aotcompat_engine_new_native(), what it describes does not depend on the
/// CPU it runs on.
///
/// `profile`: a built-in profile name such as "wasmtime-31" or "generic"
/// (see aotcompat_profile_name()); NULL gives
/// ::AOTCOMPAT_STATUS_NULL_ARGUMENT and an unknown name
/// ::AOTCOMPAT_STATUS_UNKNOWN_PROFILE. On success `*out` receives a new
/// builder that the caller owns; free it with
/// aotcompat_engine_builder_free(). Does not take ownership of any argument.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_new(
    profile: *const c_char,
    out: *mut *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = profile_named(arg_str!(profile))?;
        let out = arg_out!(out);
        out.set(
            aotcompat_engine_builder {
                builder: EngineBuilder::new(profile),
            }
            .into_raw(),
        );
        Ok(())
    })
}

fn builder_of(artifact: &crate::artifact::Artifact) -> FfiResult<*mut aotcompat_engine_builder> {
    let builder = artifact
        .engine_builder()
        .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &e))?;
    Ok(aotcompat_engine_builder { builder }.into_raw())
}

/// Starts a builder from the engine that produced an artifact (see
/// aotcompat_engine_from_artifact() for what that engine is).
///
/// `profile`: the profile to read the artifact with, or NULL to pick the
/// one whose layout decodes it (as aotcompat_engine_from_artifact() does).
/// `bytes`/`len`: the artifact, only read during the call; bytes that are
/// not a readable artifact give ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT. On success `*out`
/// receives a new builder that the caller owns; free it with
/// aotcompat_engine_builder_free(). Does not take ownership of any argument.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_from_artifact(
    profile: *const c_char,
    bytes: *const u8,
    len: usize,
    out: *mut *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let data = arg_slice!(bytes, len);
        let out = arg_out!(out);
        out.set(builder_of(&read_artifact(data, None, profile)?)?);
        Ok(())
    })
}

/// aotcompat_engine_builder_from_artifact() for a file (`path`:
/// NUL-terminated UTF-8; a file that cannot be opened gives
/// ::AOTCOMPAT_STATUS_IO).
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_from_artifact_file(
    profile: *const c_char,
    path: *const c_char,
    out: *mut *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let path = Path::new(arg_str!(path));
        let out = arg_out!(out);
        out.set(builder_of(&read_artifact(&[], Some(path), profile)?)?);
        Ok(())
    })
}

/// Sets the engine's target triple, such as "aarch64-unknown-linux-gnu",
/// to describe another machine. The triple is validated by
/// aotcompat_engine_builder_build(). Does not take ownership of `target`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_target(
    builder: *mut aotcompat_engine_builder,
    target: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let target = arg_str!(target);
        b.builder.target(target);
        Ok(())
    })
}

fn set_flag(
    b: &mut aotcompat_engine_builder,
    set: aotcompat_flag_set,
    name: &str,
    value: FlagValue<'static>,
) -> FfiResult {
    match flag_set_from_c(set)? {
        FlagSet::Shared => b.builder.shared_flag(name, value),
        FlagSet::Isa => b.builder.isa_flag(name, value),
    };
    Ok(())
}

/// Sets the on/off compiler flag `name` in flag list `set`
/// (::AOTCOMPAT_FLAG_SET_SHARED or ::AOTCOMPAT_FLAG_SET_ISA; other values
/// give ::AOTCOMPAT_STATUS_INVALID_ARGUMENT), as `Bool(value)`. A flag
/// already listed keeps its place; a new one is added at the end. Any name
/// is accepted in every profile: flags are data, judged by the profile's
/// rules (or the engine's, for "generic") at check time. Does not take
/// ownership of `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_flag_bool(
    builder: *mut aotcompat_engine_builder,
    set: aotcompat_flag_set,
    name: *const c_char,
    value: bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        set_flag(b, set, name, FlagValue::Bool(value))
    })
}

/// As aotcompat_engine_builder_set_flag_bool(), for a numeric flag
/// (`Num(value)`).
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_flag_num(
    builder: *mut aotcompat_engine_builder,
    set: aotcompat_flag_set,
    name: *const c_char,
    value: u8,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        set_flag(b, set, name, FlagValue::Num(value))
    })
}

/// As aotcompat_engine_builder_set_flag_bool(), for a named choice
/// (`Enum(value)`, such as opt_level = "speed"). Does not take ownership of
/// `name` or `value`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_flag_enum(
    builder: *mut aotcompat_engine_builder,
    set: aotcompat_flag_set,
    name: *const c_char,
    value: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        let value = arg_str!(value);
        set_flag(b, set, name, FlagValue::Enum(Cow::Owned(value.to_owned())))
    })
}

/// Sets tunable `name` of the builder to the value `json` stands for.
fn set_tunable(b: &mut aotcompat_engine_builder, name: &str, json: &Json) -> FfiResult {
    let status = |e: SetError| {
        let status = match e.kind {
            SetErrorKind::UnknownName => AOTCOMPAT_STATUS_UNKNOWN_NAME,
            SetErrorKind::WrongValue => AOTCOMPAT_STATUS_TYPE_MISMATCH,
        };
        Failure::new(status, e.message)
    };
    let value = b
        .builder
        .metadata()
        .tunable_from_json(name, json)
        .map_err(status)?;
    b.builder.tunable(name, value).map(drop).map_err(status)
}

/// Sets the numeric tunable `name`, such as "memory_reservation" or
/// "memory_guard_size" (bytes).
///
/// In a wasmtime profile the tunable must exist (else
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME) and hold an integer wide enough for
/// `value` (else ::AOTCOMPAT_STATUS_TYPE_MISMATCH; an optional integer is
/// set to `value`). In the generic profile any name is accepted: a new
/// tunable is added at the end, an existing one keeps its place and takes
/// the new value whatever its type. Does not take ownership of `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_tunable_u64(
    builder: *mut aotcompat_engine_builder,
    name: *const c_char,
    value: u64,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        set_tunable(b, name, &Json::from(value))
    })
}

/// Sets the on/off tunable `name`, such as "epoch_interruption" or
/// "consume_fuel". Names and types are judged as by
/// aotcompat_engine_builder_set_tunable_u64(): a tunable that is not on/off
/// gives ::AOTCOMPAT_STATUS_TYPE_MISMATCH. Does not take ownership of
/// `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_tunable_bool(
    builder: *mut aotcompat_engine_builder,
    name: *const c_char,
    value: bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        set_tunable(b, name, &Json::Bool(value))
    })
}

/// Sets tunable `name` to a named value or a string.
///
/// In a wasmtime profile, `value` is the name of one of the tunable's
/// variants as wasmtime's source spells it, such as "Null" or
/// "DeferredReferenceCounting" for "collector" (an optional tunable is set
/// to that variant); a name that is not one of them gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME, and a tunable that takes no names
/// (a number, on/off) ::AOTCOMPAT_STATUS_TYPE_MISMATCH. A variant with a
/// payload takes aotcompat_engine_builder_set_tunable_json(). In the
/// generic profile `value` is a string value, for any name. Unknown
/// tunables as with aotcompat_engine_builder_set_tunable_u64(). Does not
/// take ownership of `name` or `value`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_tunable_str(
    builder: *mut aotcompat_engine_builder,
    name: *const c_char,
    value: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        let value = arg_str!(value);
        set_tunable(b, name, &Json::String(value.to_owned()))
    })
}

/// Sets tunable `name` to "no value" (shown as `none`): in a wasmtime
/// profile the tunable must be optional, such as "collector" (no
/// collector: an engine compiling without GC), else
/// ::AOTCOMPAT_STATUS_TYPE_MISMATCH; in the generic profile any name is
/// accepted (a tunable set to none is not the same as no tunable at all).
/// Does not take ownership of `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_tunable_none(
    builder: *mut aotcompat_engine_builder,
    name: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        set_tunable(b, name, &Json::Null)
    })
}

/// Sets tunable `name` to any value of its type, written as JSON: the form
/// aotcompat_metadata_tunable_json() gives and `aotcompat inspect --json`
/// prints. Integers are numbers; on/off values `true`/`false`; strings
/// strings; none `null`; an optional value is the value itself; a variant
/// without payload its name (`"Null"`); a variant with a payload an object
/// of one entry (`{"Name": payload}`); a struct an object with every field;
/// a tuple or list an array; a run of bytes a string of hex digits. In the
/// generic profile a value is a number, `true`/`false`, a string or
/// `null`.
///
/// Text that is not JSON gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT; JSON
/// that is not a value of the tunable's type
/// ::AOTCOMPAT_STATUS_TYPE_MISMATCH, with a message saying what was
/// expected. Unknown tunables and variant names as with
/// aotcompat_engine_builder_set_tunable_str(). Does not take ownership of
/// `name` or `json`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_tunable_json(
    builder: *mut aotcompat_engine_builder,
    name: *const c_char,
    json: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        let text = arg_str!(json);
        let json: Json = serde_json::from_str(text)
            .map_err(|e| Failure::invalid(format!("parameter `json` is not valid JSON: {e}")))?;
        set_tunable(b, name, &json)
    })
}

/// Turns the WebAssembly feature `name` (such as "simd", "threads", "gc")
/// on or off. In a wasmtime profile an unknown name gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME; in a profile of feature bits, all of
/// the feature's bits are set or cleared. In the generic profile any name
/// is accepted (the engine lists the names of its enabled features). Does
/// not take ownership of `name`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_feature(
    builder: *mut aotcompat_engine_builder,
    name: *const c_char,
    enabled: bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let name = arg_str!(name);
        b.builder
            .feature(name, enabled)
            .map(drop)
            .map_err(|e| Failure::new(AOTCOMPAT_STATUS_UNKNOWN_NAME, e.message))
    })
}

/// The patch release of the profile's wasmtime that the engine is, such as
/// "24.0.0", for profiles up to wasmtime 37, whose version string names the
/// patch release (default: the newest patch of the major); it is the
/// string the version strategy "wasmtime" writes and requires. From
/// wasmtime 38 the string is the major alone, and only that string is
/// accepted. A string that is no release of the profile's major (or the
/// generic profile, which has no wasmtime version):
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT, and the builder is unchanged. The
/// builder does not take ownership of `version`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_wasmtime_version(
    builder: *mut aotcompat_engine_builder,
    version: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let version = arg_str!(version);
        b.builder
            .wasmtime_version(version)
            .map(drop)
            .map_err(|e| Failure::new(AOTCOMPAT_STATUS_INVALID_ARGUMENT, format!("{e:#}")))
    })
}

/// Version strategy "wasmtime" (the default of wasmtime profiles):
/// artifacts must carry the engine's own wasmtime version string, such as
/// "31.0.0" (see aotcompat_engine_builder_set_wasmtime_version()). The generic profile has no wasmtime version:
/// ::AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE, and the builder is unchanged.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_version_wasmtime(
    builder: *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let profile = b.builder.profile();
        if profile.version.own.is_empty() {
            return Err(Failure::new(
                AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
                format!(
                    "profile `{}` has no wasmtime version; use a custom version string or none",
                    profile.name
                ),
            ));
        }
        b.builder.version_strategy(VersionStrategy::WasmtimeVersion);
        Ok(())
    })
}

/// Version strategy "custom": artifacts must carry exactly `version` (at
/// most 255 bytes, else ::AOTCOMPAT_STATUS_INVALID_ARGUMENT), as with
/// wasmtime's `ModuleVersionStrategy::Custom`. The string is copied.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_version_custom(
    builder: *mut aotcompat_engine_builder,
    version: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let version = arg_str!(version);
        if version.len() > 255 {
            return Err(Failure::invalid(format!(
                "custom version string is {} bytes long; the engine section allows at most 255",
                version.len()
            )));
        }
        b.builder
            .version_strategy(VersionStrategy::Custom(version.to_owned()));
        Ok(())
    })
}

/// Version strategy "none" (the default of the generic profile): the
/// version string is not checked, and artifacts are written with an empty
/// one.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_version_none(
    builder: *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        arg_mut!(builder)
            .builder
            .version_strategy(VersionStrategy::None);
        Ok(())
    })
}

/// Says whether the runtime the engine describes was built with GC support
/// (wasmtime's `gc` Cargo feature; default: true). This only changes how
/// checks judge artifacts; the collector the engine compiles for is the
/// tunable "collector" (aotcompat_engine_builder_set_tunable_str(),
/// aotcompat_engine_builder_set_tunable_none()).
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_gc_support(
    builder: *mut aotcompat_engine_builder,
    enabled: bool,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        arg_mut!(builder).builder.gc_support(enabled);
        Ok(())
    })
}

/// Creates an engine from the builder's current description. The target
/// must be a triple the library knows (else
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT).
///
/// The builder is not changed and may be built again. On success `*out`
/// receives a new engine that the caller owns; free it with
/// aotcompat_engine_free(). The engine shares the builder's probe (and
/// keeps a callback probe's user data alive).
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_build(
    builder: *const aotcompat_engine_builder,
    out: *mut *mut aotcompat_engine,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_ref!(builder);
        let out = arg_out!(out);
        let engine = b
            .builder
            .build()
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        out.set(aotcompat_engine::new_raw(engine));
        Ok(())
    })
}

/// Frees a builder. Engines built from it stay valid. Calling with NULL is
/// fine. Must not be called twice for the same builder.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_engine_builder_free(builder: *mut aotcompat_engine_builder) {
    // SAFETY: the caller passes NULL or a builder it owns, once.
    ffi_or!((), {
        unsafe { aotcompat_engine_builder::free_raw(builder) }
    })
}
