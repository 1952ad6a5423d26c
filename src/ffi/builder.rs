//! `aotcompat_engine_builder`: describes an engine setting by setting.

use super::boundary::{Failure, FfiResult};
use super::engine::{aotcompat_engine, profile_from_c, profile_or_reference, read_artifact};
use super::error::aotcompat_error;
use super::handle::BoxHandle;
use super::status::*;
use crate::model::{Collector, EngineBuilder, FlagValue, TunableValue, VersionStrategy};
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

/// Builds an engine step by step: start from this machine's defaults or from
/// an artifact, change settings, then call aotcompat_engine_builder_build()
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

/// Starts a builder with this machine's target, the profile's default
/// tunables and features, GC support, the WasmtimeVersion version strategy,
/// the native probe, and no compiler flags (set the ones the engine
/// compiles with). Unlike aotcompat_engine_new_native(), what it describes
/// does not depend on the CPU it runs on.
///
/// `profile`: a profile name, or NULL for "wasmtime-31"; an unknown name
/// gives ::AOTCOMPAT_STATUS_UNKNOWN_PROFILE. On success `*out` receives a
/// new builder that the caller owns; free it with
/// aotcompat_engine_builder_free(). Does not take ownership of any argument.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_new(
    profile: *const c_char,
    out: *mut *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = profile_or_reference(arg_opt_str!(profile))?;
        let out = arg_out!(out);
        out.set(
            aotcompat_engine_builder {
                builder: EngineBuilder::host_defaults(profile),
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
/// `profile`: the layout to decode with, or NULL to pick one. `bytes`/`len`:
/// the artifact, only read during the call; bytes that are not a readable
/// artifact give ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT. On success `*out`
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
        let profile = profile_from_c(arg_opt_str!(profile))?;
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
        let profile = profile_from_c(arg_opt_str!(profile))?;
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
    value: FlagValue,
) -> FfiResult {
    match flag_set_from_c(set)? {
        FlagSet::Shared => b.builder.shared_flag(name, value),
        FlagSet::Isa => b.builder.isa_flag(name, value),
    };
    Ok(())
}

/// Sets (or adds) the on/off compiler flag `name` in flag list `set`
/// (::AOTCOMPAT_FLAG_SET_SHARED or ::AOTCOMPAT_FLAG_SET_ISA), as
/// `Bool(value)`. Any name is accepted: flags are data, judged by the
/// profile's rules at check time. Does not take ownership of `name`.
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
        set_flag(b, set, name, FlagValue::Enum(value.to_owned()))
    })
}

fn set_tunable(b: &mut aotcompat_engine_builder, name: &str, value: TunableValue) -> FfiResult {
    let tunables = b.builder.tunables_mut();
    match tunables.get(name) {
        None => Err(Failure::new(
            AOTCOMPAT_STATUS_UNKNOWN_NAME,
            format!("unknown tunable `{name}`"),
        )),
        Some(current) if std::mem::discriminant(&current) != std::mem::discriminant(&value) => {
            Err(Failure::new(
                AOTCOMPAT_STATUS_TYPE_MISMATCH,
                format!("tunable `{name}` takes a value like `{current}`, not `{value}`"),
            ))
        }
        Some(_) => tunables
            .set(name, value)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e)),
    }
}

/// Sets a numeric tunable, such as "memory_reservation" or
/// "memory_guard_size" (bytes). An unknown name gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_NAME; an on/off tunable gives
/// ::AOTCOMPAT_STATUS_TYPE_MISMATCH. Does not take ownership of `name`.
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
        set_tunable(b, name, TunableValue::U64(value))
    })
}

/// Sets an on/off tunable, such as "epoch_interruption" or "consume_fuel".
/// An unknown name gives ::AOTCOMPAT_STATUS_UNKNOWN_NAME; a numeric tunable
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
        set_tunable(b, name, TunableValue::Bool(value))
    })
}

/// Sets the garbage collector the engine compiles for: "drc" (deferred
/// reference-counting) or "null", or NULL for none (an engine compiling
/// without GC). An unknown name gives ::AOTCOMPAT_STATUS_UNKNOWN_NAME. Does
/// not take ownership of `collector`.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_collector(
    builder: *mut aotcompat_engine_builder,
    collector: *const c_char,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let b = arg_mut!(builder);
        let value = match arg_opt_str!(collector) {
            None => None,
            Some(name) => Some(Collector::from_name(name).ok_or_else(|| {
                Failure::new(
                    AOTCOMPAT_STATUS_UNKNOWN_NAME,
                    format!("unknown collector `{name}`: expected `drc` or `null`"),
                )
            })?),
        };
        set_tunable(b, "collector", TunableValue::Collector(value))
    })
}

/// Turns the WebAssembly feature `name` (such as "simd", "threads",
/// "gc") on or off. An unknown name gives ::AOTCOMPAT_STATUS_UNKNOWN_NAME.
/// Does not take ownership of `name`.
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
        let features = b.builder.features_mut();
        if features.get(name).is_none() {
            return Err(Failure::new(
                AOTCOMPAT_STATUS_UNKNOWN_NAME,
                format!("unknown WebAssembly feature `{name}`"),
            ));
        }
        features
            .set(name, enabled)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_UNKNOWN_NAME, &e))
    })
}

/// Version strategy "wasmtime" (the default): artifacts must carry the
/// profile's own wasmtime version string, such as "31.0.0".
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_builder_set_version_wasmtime(
    builder: *mut aotcompat_engine_builder,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        arg_mut!(builder)
            .builder
            .version_strategy(VersionStrategy::WasmtimeVersion);
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

/// Version strategy "none": the version string is not checked, and
/// artifacts are written with an empty one.
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
/// checks judge artifacts; set the collector with
/// aotcompat_engine_builder_set_collector().
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
/// must be a triple the library knows and a custom version string must fit
/// (else ::AOTCOMPAT_STATUS_INVALID_ARGUMENT).
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
