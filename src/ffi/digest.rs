//! The integrity digest: aotcompat_artifact_add_digest(),
//! aotcompat_verify() and aotcompat_verify_file().

use super::boundary::Failure;
use super::bytes::aotcompat_bytes;
use super::error::aotcompat_error;
use super::handle::BoxHandle;
use super::status::*;
use crate::artifact::{Verified, VerifyError};
use std::ffi::c_char;
use std::path::Path;

/// The length in bytes of a digest's root (SHA-256), as
/// aotcompat_verify() writes it to `root_out`.
pub const AOTCOMPAT_DIGEST_ROOT_LEN: usize = 32;

/// Adds an integrity digest to an artifact (any ELF64 file without
/// program headers, such as every wasmtime artifact), replacing the one it
/// has: the file is rewritten through the ELF builder with every section,
/// symbol and relocation kept, plus a section without a name (wasmtime
/// ignores it; from wasmtime 43 on, a section with a name it does not know
/// is refused) whose contents, the last bytes of the file, hold a SHA-256
/// of each region of the file (the ELF header, each section table entry,
/// each section with the padding after it) and a root over them. README
/// "Integrity digests" gives the exact layout. aotcompat_verify() checks
/// it.
///
/// `bytes`/`len`: the artifact, only read during the call (NULL with `len`
/// 0 is an empty input). Bytes that are not such an ELF file give
/// ::AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, whose message says why. On
/// success `*out` receives a new buffer that the caller owns; free it with
/// aotcompat_bytes_free(). Does not take ownership of any argument; safe
/// to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_artifact_add_digest(
    bytes: *const u8,
    len: usize,
    out: *mut *mut aotcompat_bytes,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let input = arg_slice!(bytes, len);
        let out = arg_out!(out);
        let data = crate::artifact::add_digest(input)
            .map_err(|e| Failure::from_anyhow(AOTCOMPAT_STATUS_MALFORMED_ARTIFACT, &e))?;
        out.set(aotcompat_bytes { data }.into_raw());
        Ok(())
    })
}

/// Verifies an artifact in memory against its integrity digest (added by
/// aotcompat_artifact_add_digest(), or by aotcompat_artifact_write() with
/// ::AOTCOMPAT_WRITE_DIGEST): is every byte what was written?
///
/// ::AOTCOMPAT_STATUS_OK: every byte outside the digest's own matches.
/// ::AOTCOMPAT_STATUS_NOT_VERIFIED: the bytes are not what was written;
/// the error's message names the first region that differs ("section 4
/// `.text` (bytes 4096 to 8192) differs from what was digested", "the ELF
/// header ...", "truncated: section 13 ... extends past the end of the
/// file", "the digest section is damaged: ..."), or says that the digest
/// is of a format version or algorithm this library cannot verify.
/// ::AOTCOMPAT_STATUS_NO_DIGEST: the bytes have no digest (the message
/// says so, and why when they are not even ELF).
///
/// `bytes`/`len`: only read during the call; NULL with `len` 0 is an
/// empty input. `root_out`: NULL, or room for ::AOTCOMPAT_DIGEST_ROOT_LEN
/// bytes that receive the digest's root (a SHA-256 that stands for the
/// whole file) on success only: compare it with a root kept in a trusted
/// place to detect more than accidents. Reads every byte once; holds no
/// copy of the input. Does not take ownership of any argument; safe to
/// call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_verify(
    bytes: *const u8,
    len: usize,
    root_out: *mut u8,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let input = arg_slice!(bytes, len);
        let verified = crate::artifact::verify(input).map_err(|e| failure(None, e))?;
        // SAFETY: `root_out` is NULL or has room for 32 bytes, by the
        // contract above.
        unsafe { write_root(root_out, &verified) };
        Ok(())
    })
}

/// aotcompat_verify() for a file: reads it once, in order, through one
/// buffer of 256 KiB, never the whole file into memory and never mapped
/// (a file truncated while it is read gives ::AOTCOMPAT_STATUS_IO, not a
/// crash).
///
/// `path`: NUL-terminated UTF-8. A file that cannot be opened or read (or
/// a directory, FIFO, socket or device) gives ::AOTCOMPAT_STATUS_IO.
/// Otherwise as aotcompat_verify(). Does not take ownership of any
/// argument; safe to call from any thread.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_verify_file(
    path: *const c_char,
    root_out: *mut u8,
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        let path = Path::new(arg_str!(path));
        let verified = crate::artifact::verify_file(path).map_err(|e| failure(Some(path), e))?;
        // SAFETY: as in aotcompat_verify().
        unsafe { write_root(root_out, &verified) };
        Ok(())
    })
}

/// # Safety
/// `root_out` is NULL or valid for writing 32 bytes.
unsafe fn write_root(root_out: *mut u8, verified: &Verified) {
    if !root_out.is_null() {
        // SAFETY: by this function's contract.
        unsafe {
            std::ptr::copy_nonoverlapping(
                verified.root.as_ptr(),
                root_out,
                AOTCOMPAT_DIGEST_ROOT_LEN,
            )
        };
    }
}

fn failure(path: Option<&Path>, e: VerifyError) -> Failure {
    match e {
        VerifyError::Io(e) => match path {
            Some(path) => super::detect::io_failure(path, &e),
            None => Failure::new(AOTCOMPAT_STATUS_IO, e.to_string()),
        },
        VerifyError::NoDigest(m) => Failure::new(AOTCOMPAT_STATUS_NO_DIGEST, m),
        VerifyError::Failed(m) => Failure::new(AOTCOMPAT_STATUS_NOT_VERIFIED, m),
    }
}
