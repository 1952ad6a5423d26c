//! `aotcompat_bytes`: an owned byte buffer handed to C.

use super::handle::BoxHandle;

/// A byte buffer the library made (such as a written artifact).
///
/// The caller owns it and frees it with aotcompat_bytes_free(). Immutable;
/// its functions may be called from several threads at once. Uniquely owned
/// (not reference-counted).
pub struct aotcompat_bytes {
    pub(crate) data: Vec<u8>,
}

impl BoxHandle for aotcompat_bytes {}

/// The buffer's first byte. Valid for reading aotcompat_bytes_len() bytes
/// until the buffer is freed; not NUL-terminated. NULL for a NULL `bytes`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_bytes_data(bytes: *const aotcompat_bytes) -> *const u8 {
    ffi_or!(std::ptr::null(), {
        handle_or!(bytes, std::ptr::null()).data.as_ptr()
    })
}

/// The buffer's length in bytes. 0 for a NULL `bytes`.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_bytes_len(bytes: *const aotcompat_bytes) -> usize {
    ffi_or!(0, { handle_or!(bytes, 0).data.len() })
}

/// Frees a buffer. Calling with NULL is fine. Must not be called twice for
/// the same buffer.
#[no_mangle]
pub unsafe extern "C" fn aotcompat_bytes_free(bytes: *mut aotcompat_bytes) {
    // SAFETY: the caller passes NULL or a buffer it owns, once.
    ffi_or!((), { unsafe { aotcompat_bytes::free_raw(bytes) } })
}
