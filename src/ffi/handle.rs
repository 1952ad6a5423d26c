//! Moving handles across the boundary: each opaque type is either uniquely
//! owned (a `Box`, for builders and results) or shared (an `Arc`, for
//! engines), and these helpers are the only places that convert.

use std::sync::Arc;

/// A handle owned by exactly one C pointer.
pub(crate) trait BoxHandle: Sized {
    /// Gives the value to C.
    fn into_raw(self) -> *mut Self {
        Box::into_raw(Box::new(self))
    }

    /// Takes the value back from C and drops it; NULL is ignored.
    ///
    /// # Safety
    /// `p` is NULL or came from [`BoxHandle::into_raw`] and was not freed.
    unsafe fn free_raw(p: *mut Self) {
        if !p.is_null() {
            // SAFETY: by this function's contract `p` is a live Box.
            drop(unsafe { Box::from_raw(p) });
        }
    }
}

/// A reference-counted handle: every C pointer to it holds one count.
pub(crate) trait ArcHandle: Sized {
    /// Gives the value to C with one count.
    fn into_raw(self) -> *mut Self {
        Arc::into_raw(Arc::new(self)).cast_mut()
    }

    /// Adds a count and returns the same pointer; NULL gives NULL.
    ///
    /// # Safety
    /// `p` is NULL or came from [`ArcHandle::into_raw`] and still holds a
    /// count.
    unsafe fn clone_raw(p: *const Self) -> *mut Self {
        if !p.is_null() {
            // SAFETY: by this function's contract `p` is a live Arc.
            unsafe { Arc::increment_strong_count(p) };
        }
        p.cast_mut()
    }

    /// Drops one count; NULL is ignored.
    ///
    /// # Safety
    /// `p` is NULL or came from [`ArcHandle::into_raw`] /
    /// [`ArcHandle::clone_raw`], and this count was not dropped before.
    unsafe fn free_raw(p: *mut Self) {
        if !p.is_null() {
            // SAFETY: by this function's contract `p` holds a count.
            drop(unsafe { Arc::from_raw(p.cast_const()) });
        }
    }
}

/// The header's thread-safety statement, checked by the compiler: every
/// immutable handle may be shared and sent between threads, a builder may
/// be sent (used by one thread at a time).
const _: () = {
    fn shared<T: Send + Sync>() {}
    fn sendable<T: Send>() {}
    #[allow(dead_code)]
    fn thread_safety() {
        shared::<super::engine::aotcompat_engine>();
        shared::<super::report::aotcompat_report>();
        shared::<super::metadata::aotcompat_metadata>();
        shared::<super::bytes::aotcompat_bytes>();
        shared::<super::error::aotcompat_error>();
        shared::<super::registry::aotcompat_registry>();
        sendable::<super::builder::aotcompat_engine_builder>();
    }
};
