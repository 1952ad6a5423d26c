//! Run-time version queries, to compare with the header's macros.

use std::ffi::c_char;

const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// Parses the decimal ABI version build.rs passes in, at compile time.
const fn parse_decimal(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let mut value = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        assert!(
            bytes[i].is_ascii_digit(),
            "AOTCOMPAT_ABI_VERSION must be decimal"
        );
        value = value * 10 + (bytes[i] - b'0') as u32;
        i += 1;
    }
    value
}

const ABI_VERSION: u32 = parse_decimal(env!("AOTCOMPAT_ABI_VERSION"));

/// The version of the loaded library, such as "0.1.0" (compare with
/// ::AOTCOMPAT_VERSION from the header).
///
/// The string is static: it lives as long as the program and must not be
/// freed. Safe to call from any thread.
#[no_mangle]
pub extern "C" fn aotcompat_version() -> *const c_char {
    ffi_or!(VERSION.as_ptr().cast(), { VERSION.as_ptr().cast() })
}

/// The C ABI version of the loaded library. A program built against this
/// header works with the library when this equals ::AOTCOMPAT_ABI_VERSION;
/// the shared library's soname carries the same number. Safe to call from
/// any thread.
#[no_mangle]
pub extern "C" fn aotcompat_abi_version() -> u32 {
    ffi_or!(ABI_VERSION, { ABI_VERSION })
}
