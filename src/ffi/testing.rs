//! A deliberate panic, so that tests can prove the boundary holds.

use super::error::aotcompat_error;
use super::status::aotcompat_status;

/// For testing the panic boundary only: panics inside the library on
/// purpose and returns what every entry point returns after a panic,
/// ::AOTCOMPAT_STATUS_PANIC, with an error whose message contains "forced
/// panic" and the place it happened. The process is not aborted, nothing is
/// printed (on standard error or anywhere else), and the library stays
/// usable. Has no other effect.
#[no_mangle]
#[must_use]
pub unsafe extern "C" fn aotcompat_test_force_panic(
    err: *mut *mut aotcompat_error,
) -> aotcompat_status {
    ffi_status!(err, {
        // Opaque to the optimiser, so the panic really happens at run time.
        if std::hint::black_box(true) {
            panic!("forced panic (aotcompat_test_force_panic)");
        }
        Ok(())
    })
}
