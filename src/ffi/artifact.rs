//! `aotcompat_artifact_write` and `aotcompat_artifact_stamp`: write an
//! artifact stamped with an engine's metadata, or stamp an ELF object that
//! already exists.

use super::boundary::{Failure, FfiResult};
use super::bytes::aotcompat_bytes;
use super::detect::{aotcompat_kind, kind_from_c};
use super::engine::aotcompat_engine;
use super::error::aotcompat_error;
use super::handle::BoxHandle;
use super::status::*;
use crate::format::{ExtraSection, SectionKind, StampError};
use std::ffi::{c_char, CStr};

/// What a section written by aotcompat_artifact_write() holds: one of the
/// `AOTCOMPAT_SECTION_KIND_*` values.
pub type aotcompat_section_kind = u32;

/// Executable code (such as `.text`).
pub const AOTCOMPAT_SECTION_KIND_TEXT: aotcompat_section_kind = 0;
/// Read-only data (such as `.wasmtime.info`).
pub const AOTCOMPAT_SECTION_KIND_READ_ONLY_DATA: aotcompat_section_kind = 1;
/// Writable data.
pub const AOTCOMPAT_SECTION_KIND_DATA: aotcompat_section_kind = 2;

/// A flag to OR into the `kind` of aotcompat_artifact_write() and
/// aotcompat_artifact_stamp(): add an integrity digest to the artifact, as
/// aotcompat_artifact_add_digest() does (`AOTCOMPAT_KIND_MODULE |
/// AOTCOMPAT_WRITE_DIGEST`). Other bits above the kind's are refused.
pub const AOTCOMPAT_WRITE_DIGEST: aotcompat_kind = 0x10000;

/// One section to write beside the engine section. Plain data, owned by the
/// caller; the library only reads it during aotcompat_artifact_write().
#[repr(C)]
pub struct aotcompat_section {
    /// The section name, NUL-terminated UTF-8 (such as ".text"). Must not be
    /// one the library writes itself from the engine: the engine section
    /// (".wasmtime.engine", or ".aotcompat.engine" for the generic
    /// profile) and, for a wasmtime profile, ".wasmtime.bti".
    pub name: *const c_char,
    /// The contents: `len` bytes (NULL is fine when `len` is 0).
    pub data: *const u8,
    /// The length of `data` in bytes.
    pub len: usize,
    /// The alignment in bytes: a power of two (1 for none), at most 65536
    /// (64 KiB); anything else gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT
    /// before anything is allocated.
    pub align: u64,
    /// What the section holds (an `AOTCOMPAT_SECTION_KIND_*` value).
    pub kind: aotcompat_section_kind,
}

fn section_kind(kind: aotcompat_section_kind, index: usize) -> FfiResult<SectionKind> {
    match kind {
        AOTCOMPAT_SECTION_KIND_TEXT => Ok(SectionKind::Text),
        AOTCOMPAT_SECTION_KIND_READ_ONLY_DATA => Ok(SectionKind::ReadOnlyData),
        AOTCOMPAT_SECTION_KIND_DATA => Ok(SectionKind::Data),
        other => Err(Failure::invalid(format!(
            "sections[{index}].kind is {other}, which is not an aotcompat_section_kind"
        ))),
    }
}

/// Reads the caller's section descriptions.
///
/// # Safety
/// Each `name` is NULL or NUL-terminated, each `data` readable for `len`
/// bytes (or NULL with 0), for as long as the returned sections live.
unsafe fn extra_sections(sections: &[aotcompat_section]) -> FfiResult<Vec<ExtraSection<'_>>> {
    let mut extra = Vec::with_capacity(sections.len());
    for (i, s) in sections.iter().enumerate() {
        let param = format!("sections[{i}].name");
        if s.name.is_null() {
            return Err(Failure::null(&param));
        }
        // SAFETY: non-NULL and NUL-terminated by this function's contract.
        let name = unsafe { CStr::from_ptr(s.name) }.to_str().map_err(|e| {
            Failure::new(
                AOTCOMPAT_STATUS_INVALID_UTF8,
                format!("parameter `{param}` is not valid UTF-8: {e}"),
            )
        })?;
        // SAFETY: readable for `len` bytes by this function's contract.
        let data =
            unsafe { super::boundary::slice(s.data, s.len, &format!("sections[{i}].data")) }?;
        extra.push(ExtraSection {
            name,
            data,
            align: s.align,
            kind: section_kind(s.kind, i)?,
        });
    }
    Ok(extra)
}

/// Writes an artifact of `kind` stamped with `engine`, for any profile: an
/// ELF64 file for the engine's target, marked as a wasmtime module or
/// component as the profile's wasmtime release marks it (Pulley targets
/// as riscv64, with wasmtime 32's Pulley bits in `e_flags` from that
/// release on), whose engine section (".wasmtime.engine", or
/// ".aotcompat.engine" for the generic profile) carries the engine's
/// version string and its metadata in the profile's layout, followed for
/// a wasmtime profile by ".wasmtime.bti" (one byte: 1 when the engine
/// compiles for aarch64 with its "use_bti" ISA flag on, else 0), plus the
/// `count` sections of `sections` in order. The engine's two sections go
/// where that wasmtime release puts them: first from wasmtime 10, after
/// the code and before ".rodata.wasm" in wasmtime 3 to 9.
///
/// `kind`: ::AOTCOMPAT_KIND_MODULE or ::AOTCOMPAT_KIND_COMPONENT, with
/// ::AOTCOMPAT_WRITE_DIGEST OR-ed in to add an integrity digest (anything
/// else gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT). `sections`: an array of
/// `count` descriptions (NULL is fine when `count` is 0), read only during
/// the call. A section named as one the library writes from the engine
/// (the engine section, ".wasmtime.bti") or as one the writer makes itself
/// ("", ".symtab", ".strtab", ".shstrtab"), a name holding a
/// NUL byte, an alignment that is not a power of two or exceeds 65536, or
/// a target wasmtime cannot compile for (only x86_64, aarch64, s390x,
/// riscv64 and Pulley, the latter from wasmtime 26, its big-endian forms
/// from 29; never a 32-bit machine) give
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT, before anything is allocated. On success `*out` receives a new
/// buffer that the caller owns; free it with aotcompat_bytes_free(). An
/// engine of a pre-3.0 profile ("wasmtime-0.26" to "wasmtime-2"), whose
/// format aotcompat reads but does not write, gives
/// ::AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE. Does not take ownership of
/// any argument; safe to call from several threads at once on one engine.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_artifact_write(
    engine: *const aotcompat_engine,
    kind: aotcompat_kind,
    sections: *const aotcompat_section,
    count: usize,
    out: *mut *mut aotcompat_bytes,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let sections = arg_slice!(sections, count);
        let out = arg_out!(out);
        refuse_legacy(engine)?;
        let (kind, options) = writable_kind(kind)?;
        // SAFETY: aotcompat_section documents its pointers' validity.
        let extra = unsafe { extra_sections(sections) }?;
        let data =
            crate::artifact::write_artifact_with(&engine.engine, kind, &extra, &[], &options)
                .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_INVALID_ARGUMENT, &e))?;
        out.set(aotcompat_bytes { data }.into_raw());
        Ok(())
    })
}

/// Stamps an ELF object that already exists (from Cranelift, LLVM or any
/// other backend) as an artifact of `kind` for `engine`, for any profile:
/// adds the engine section (".wasmtime.engine", or ".aotcompat.engine"
/// for the generic profile) and, for a wasmtime profile, ".wasmtime.bti"
/// where the engine's wasmtime release puts them (first from wasmtime 10,
/// before ".rodata.wasm" or after the last section in 3 to 9), or replaces
/// their contents where the object has them; sets the OS ABI, the ABI
/// version and `e_flags` as that release writes them for the engine's
/// target and `kind` (`e_flags` replaced whole); and keeps every other
/// section, symbol and relocation of the object. The result is what
/// aotcompat_artifact_write() would give for those sections.
///
/// `kind`: ::AOTCOMPAT_KIND_MODULE or ::AOTCOMPAT_KIND_COMPONENT, with
/// ::AOTCOMPAT_WRITE_DIGEST OR-ed in to add an integrity digest (anything
/// else gives ::AOTCOMPAT_STATUS_INVALID_ARGUMENT). `elf_bytes`/`len`: the
/// object, only read during the call; NULL with `len` 0 is an empty input.
/// Bytes that are not an ELF64 relocatable object the library can read
/// (not ELF, a 32-bit ELF file, a truncated or malformed file, an
/// executable or shared library) give ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT;
/// an object for another machine or byte order than the engine's target,
/// or a target the engine's release cannot write, gives
/// ::AOTCOMPAT_STATUS_INVALID_ARGUMENT; an engine of a pre-3.0 profile
/// gives ::AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE. Each error's message
/// says which. On success `*out` receives a new buffer that the caller
/// owns; free it with aotcompat_bytes_free(). Does not take ownership of
/// any argument; safe to call from several threads at once on one engine.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_artifact_stamp(
    engine: *const aotcompat_engine,
    kind: aotcompat_kind,
    elf_bytes: *const u8,
    len: usize,
    out: *mut *mut aotcompat_bytes,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let engine = arg_ref!(engine);
        let object = arg_slice!(elf_bytes, len);
        let out = arg_out!(out);
        refuse_legacy(engine)?;
        let (kind, options) = writable_kind(kind)?;
        let data = crate::artifact::stamp_object_with(&engine.engine, kind, object, &options)
            .map_err(|e| {
                let status = match e.downcast_ref::<StampError>() {
                    Some(StampError::Object(_)) => AOTCOMPAT_STATUS_MALFORMED_ARTIFACT,
                    _ => AOTCOMPAT_STATUS_INVALID_ARGUMENT,
                };
                Failure::from_anyhow(status, &e)
            })?;
        out.set(aotcompat_bytes { data }.into_raw());
        Ok(())
    })
}

/// The failure for an engine whose profile aotcompat reads but does not
/// write.
fn refuse_legacy(engine: &aotcompat_engine) -> FfiResult<()> {
    let profile = engine.engine.profile();
    if profile.is_legacy() {
        return Err(Failure::new(
            AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
            format!(
                "profile `{profile}` is wasmtime's pre-3.0 format, which aotcompat reads but \
                 does not write"
            ),
        ));
    }
    Ok(())
}

/// The kind of an artifact to write (module or component) and the
/// options OR-ed into it ([`AOTCOMPAT_WRITE_DIGEST`]).
fn writable_kind(
    kind: aotcompat_kind,
) -> FfiResult<(crate::format::Kind, crate::artifact::WriteOptions)> {
    let options = crate::artifact::WriteOptions {
        digest: kind & AOTCOMPAT_WRITE_DIGEST != 0,
    };
    match kind_from_c(kind & !AOTCOMPAT_WRITE_DIGEST, "kind")? {
        Some(kind) => Ok((kind, options)),
        None => Err(Failure::invalid(
            "parameter `kind` must be AOTCOMPAT_KIND_MODULE or AOTCOMPAT_KIND_COMPONENT",
        )),
    }
}
