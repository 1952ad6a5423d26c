//! `aotcompat_engine`: an immutable, shareable description of the loading
//! side of a check.

use super::boundary::{Failure, FfiResult};
use super::detect::io_failure;
use super::error::aotcompat_error;
use super::handle::ArcHandle;
use super::profile::{opt_profile, profile_named};
use super::status::*;
use super::strings::c_string;
use crate::artifact::Artifact;
use crate::model::Engine;
use crate::profiles::Profile;
use std::ffi::{c_char, CString};
use std::path::Path;

/// An engine: the loading side of a check, for any profile. The settings
/// the runtime compiles with (target, flags, tunables, WebAssembly
/// features), its version string and strategy, whether it has GC support,
/// its host-feature probe, and the rules it judges artifacts by: its
/// profile's (wasmtime's own, for a wasmtime profile) or, for the generic
/// profile, the ones registered on its builder.
///
/// Immutable once created and safe to share: any number of threads may use
/// one engine at once (all functions take it as `const`). It is
/// reference-counted: aotcompat_engine_clone() adds an owner and every owner
/// calls aotcompat_engine_free() once.
pub struct aotcompat_engine {
    pub(crate) engine: Engine,
    target: CString,
    version: CString,
    profile: CString,
}

impl ArcHandle for aotcompat_engine {}

impl aotcompat_engine {
    pub(crate) fn new_raw(engine: Engine) -> *mut aotcompat_engine {
        aotcompat_engine {
            target: c_string(&engine.metadata().target),
            version: c_string(engine.version_string()),
            profile: c_string(engine.profile().name),
            engine,
        }
        .into_raw()
    }
}

/// Maps a failure to read an artifact: I/O errors on a file are
/// ::AOTCOMPAT_STATUS_IO, everything else is a malformed artifact.
pub(crate) fn read_failure(path: Option<&Path>, e: &anyhow::Error) -> Failure {
    match (
        path,
        e.chain().find_map(|c| c.downcast_ref::<std::io::Error>()),
    ) {
        (Some(path), Some(io)) => io_failure(path, io),
        _ => Failure::from_anyhow(AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, e),
    }
}

/// Reads an artifact from memory or a file.
pub(crate) fn read_artifact(
    bytes: &[u8],
    path: Option<&Path>,
    profile: Option<&'static Profile>,
) -> FfiResult<Artifact> {
    match path {
        Some(path) => Artifact::read_file(path, profile),
        None => Artifact::read(bytes, profile),
    }
    .map_err(|e| read_failure(path, &e))
}

/// The engine that produced `artifact`: its metadata, the version strategy
/// its version string implies, GC support and the native probe.
fn engine_of(artifact: &Artifact) -> FfiResult<Engine> {
    artifact
        .engine_builder()
        .and_then(|b| b.build())
        .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &e))
}

/// Creates the engine a default runtime of `profile` has on this machine:
/// this machine's target, the profile's default compiler settings with the
/// ISA flags of this CPU (as Cranelift's native detection sets them), the
/// profile's default tunables and features, GC support, the profile's own
/// version string (none for "generic", which has no defaults: its engine
/// has no settings at all), and the native CPU probe.
///
/// `profile`: a built-in profile name such as "wasmtime-31" (see
/// aotcompat_profile_name()); NULL gives ::AOTCOMPAT_STATUS_NULL_ARGUMENT
/// and an unknown name ::AOTCOMPAT_STATUS_UNKNOWN_PROFILE. On success
/// `*out` receives a new engine that the caller owns; free it with
/// aotcompat_engine_free(). Does not take ownership of any argument; safe
/// to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_new_native(
    profile: *const c_char,
    out: *mut *mut aotcompat_engine,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = profile_named(arg_str!(profile))?;
        let out = arg_out!(out);
        out.set(aotcompat_engine::new_raw(Engine::native(profile)));
        Ok(())
    })
}

/// Creates "the engine that produced this artifact": the artifact's profile,
/// target, flags, tunables and features; version strategy none when its
/// version string is empty, wasmtime when it is the profile's wasmtime
/// version, custom otherwise; GC support; the native CPU probe; and, for a
/// generic artifact, the default rules.
///
/// `profile`: the profile to read the artifact with (an unknown name gives
/// ::AOTCOMPAT_STATUS_UNKNOWN_PROFILE), or NULL for the profile whose
/// layout decodes the engine section exactly, the version string deciding
/// between layouts that both fit (an artifact that several profiles read
/// equally well gives ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT with a message
/// naming them; pass a profile then). `bytes`/`len`: the artifact, only
/// read during the call. Bytes that are not a readable artifact give
/// ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT. On success `*out` receives a new
/// engine that the caller owns; free it with aotcompat_engine_free(). Does
/// not take ownership of any argument; safe to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_from_artifact(
    profile: *const c_char,
    bytes: *const u8,
    len: usize,
    out: *mut *mut aotcompat_engine,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let data = arg_slice!(bytes, len);
        let out = arg_out!(out);
        let engine = engine_of(&read_artifact(data, None, profile)?)?;
        out.set(aotcompat_engine::new_raw(engine));
        Ok(())
    })
}

/// aotcompat_engine_from_artifact() for a file, reading only its headers,
/// section table and engine section.
///
/// `path`: NUL-terminated UTF-8; a file that cannot be opened gives
/// ::AOTCOMPAT_STATUS_IO. Otherwise as aotcompat_engine_from_artifact().
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_engine_from_artifact_file(
    profile: *const c_char,
    path: *const c_char,
    out: *mut *mut aotcompat_engine,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let profile = opt_profile(arg_opt_str!(profile))?;
        let path = Path::new(arg_str!(path));
        let out = arg_out!(out);
        let engine = engine_of(&read_artifact(&[], Some(path), profile)?)?;
        out.set(aotcompat_engine::new_raw(engine));
        Ok(())
    })
}

/// Adds an owner to `engine` and returns it (the same pointer). Each owner
/// frees it once with aotcompat_engine_free(); the engine (and its probe's
/// user data) goes away when the last owner does. NULL gives NULL. Safe to
/// call from any thread.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_engine_clone(
    engine: *const aotcompat_engine,
) -> *mut aotcompat_engine {
    // SAFETY: the caller passes NULL or an engine it owns.
    ffi_or!(std::ptr::null_mut(), {
        unsafe { aotcompat_engine::clone_raw(engine) }
    })
}

/// Releases one owner of `engine`; the last release frees it, which also
/// runs the finalizer of a callback probe it holds. Calling with NULL is
/// fine. Must be called once per owner (the creating call and each
/// aotcompat_engine_clone()); the handle must not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_engine_free(engine: *mut aotcompat_engine) {
    // SAFETY: the caller passes NULL or an engine it owns, once.
    ffi_or!((), { unsafe { aotcompat_engine::free_raw(engine) } })
}

/// The name of the engine's profile, such as "wasmtime-31" or "generic".
///
/// Owned by `engine`, valid until it is freed. NULL for a NULL `engine`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_engine_profile(
    engine: *const aotcompat_engine,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(engine, std::ptr::null()).profile.as_ptr()
    })
}

/// The engine's target triple, such as "x86_64-unknown-linux-gnu".
///
/// Owned by `engine`, valid until it is freed. NULL for a NULL `engine`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_engine_target(engine: *const aotcompat_engine) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(engine, std::ptr::null()).target.as_ptr()
    })
}

/// The version string the engine writes into artifacts and expects in them
/// (the profile's wasmtime version such as "31.0.0" for the wasmtime
/// strategy, the custom string, or "" for none).
///
/// Owned by `engine`, valid until it is freed. NULL for a NULL `engine`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_engine_version(
    engine: *const aotcompat_engine,
) -> *const c_char {
    ffi_or!(std::ptr::null(), {
        handle_or!(engine, std::ptr::null()).version.as_ptr()
    })
}
