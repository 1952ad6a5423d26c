//! Status codes: plain `uint32_t` values in documented ranges, so C never
//! reads a Rust enum and unknown values are harmless.

use std::ffi::c_char;

/// The result of a fallible call: ::AOTCOMPAT_STATUS_OK (0) or one of the
/// `AOTCOMPAT_STATUS_*` codes.
///
/// Codes come in ranges so a caller can classify them without knowing each
/// one: 0 success; 1 the verdict "incompatible"; 100-199 invalid arguments
/// (a bug in the caller); 200-299 unreadable input (a file or buffer that is
/// not what it should be); 300-399 code registry errors; 900-999 internal
/// failures. Codes are never reused for another meaning. New codes may be
/// added, so treat an unknown code by its range.
pub type aotcompat_status = u32;

/// Success.
pub const AOTCOMPAT_STATUS_OK: aotcompat_status = 0;
/// The check ran and its verdict is that the engine cannot load the
/// artifact; the report says why. Not a failure of the call.
pub const AOTCOMPAT_STATUS_INCOMPATIBLE: aotcompat_status = 1;
/// A pointer argument that must not be NULL was NULL.
pub const AOTCOMPAT_STATUS_NULL_ARGUMENT: aotcompat_status = 100;
/// A string argument was not valid UTF-8.
pub const AOTCOMPAT_STATUS_INVALID_UTF8: aotcompat_status = 101;
/// An argument had a value the function does not accept (an unknown
/// `aotcompat_kind`, a malformed feature list, an invalid target triple, an
/// alignment that is not a power of two, ...).
pub const AOTCOMPAT_STATUS_INVALID_ARGUMENT: aotcompat_status = 102;
/// The profile name is not one of the built-in profiles.
pub const AOTCOMPAT_STATUS_UNKNOWN_PROFILE: aotcompat_status = 103;
/// A tunable or feature name, or the name of a tunable's variant (such as
/// a collector), is not known to the profile.
pub const AOTCOMPAT_STATUS_UNKNOWN_NAME: aotcompat_status = 104;
/// A tunable was given a value its type does not take (a number for an
/// on/off setting, text for a number, a number too large for its width,
/// JSON of another shape, ...), or a tunable was read as a type it does not
/// have.
pub const AOTCOMPAT_STATUS_TYPE_MISMATCH: aotcompat_status = 105;
/// The call does not apply to the profile of the builder, engine or
/// metadata it was given: rules registered on a wasmtime profile (whose
/// rules are wasmtime's own), the wasmtime version strategy for the generic
/// profile (which has no wasmtime version), feature bits of a layout that
/// has none.
pub const AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE: aotcompat_status = 106;
/// A file could not be opened or read.
pub const AOTCOMPAT_STATUS_IO: aotcompat_status = 200;
/// The bytes could not be read as an artifact (not ELF, no engine section,
/// metadata that no profile decodes, ...).
pub const AOTCOMPAT_STATUS_MALFORMED_ARTIFACT: aotcompat_status = 201;
/// The file is not what was written: its integrity digest does not
/// match (a section or the ELF header differs, the file was truncated or
/// added to, or the digest section itself is damaged), or its digest is
/// of a format version or algorithm this library cannot verify. The error
/// message names what differs.
pub const AOTCOMPAT_STATUS_NOT_VERIFIED: aotcompat_status = 202;
/// The file has no integrity digest to verify (see
/// aotcompat_artifact_add_digest()).
pub const AOTCOMPAT_STATUS_NO_DIGEST: aotcompat_status = 203;
/// The code range overlaps a registered range.
pub const AOTCOMPAT_STATUS_REGISTRY_OVERLAP: aotcompat_status = 300;
/// A code range starting at the same address is already registered.
pub const AOTCOMPAT_STATUS_REGISTRY_DUPLICATE: aotcompat_status = 301;
/// The code range wraps around the end of the address space.
pub const AOTCOMPAT_STATUS_REGISTRY_OVERFLOW: aotcompat_status = 302;
/// No code range starts at the given address.
pub const AOTCOMPAT_STATUS_REGISTRY_NOT_FOUND: aotcompat_status = 303;
/// The library panicked (a bug in the library). The panic was caught at the
/// boundary; the library remains usable.
pub const AOTCOMPAT_STATUS_PANIC: aotcompat_status = 900;

/// The fixed text of each known code, NUL-terminated for C.
const TEXTS: &[(aotcompat_status, &str)] = &[
    (AOTCOMPAT_STATUS_OK, "ok\0"),
    (
        AOTCOMPAT_STATUS_INCOMPATIBLE,
        "the engine cannot load the artifact\0",
    ),
    (
        AOTCOMPAT_STATUS_NULL_ARGUMENT,
        "a required pointer argument was NULL\0",
    ),
    (
        AOTCOMPAT_STATUS_INVALID_UTF8,
        "a string argument was not valid UTF-8\0",
    ),
    (
        AOTCOMPAT_STATUS_INVALID_ARGUMENT,
        "an argument had an invalid value\0",
    ),
    (AOTCOMPAT_STATUS_UNKNOWN_PROFILE, "unknown profile name\0"),
    (
        AOTCOMPAT_STATUS_UNKNOWN_NAME,
        "unknown tunable, feature or variant name\0",
    ),
    (
        AOTCOMPAT_STATUS_TYPE_MISMATCH,
        "value of the wrong type for this setting\0",
    ),
    (
        AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE,
        "the call does not apply to this profile\0",
    ),
    (AOTCOMPAT_STATUS_IO, "a file could not be read\0"),
    (
        AOTCOMPAT_STATUS_MALFORMED_ARTIFACT,
        "the input is not a readable artifact\0",
    ),
    (
        AOTCOMPAT_STATUS_NOT_VERIFIED,
        "the file is not what was written: its digest does not match\0",
    ),
    (
        AOTCOMPAT_STATUS_NO_DIGEST,
        "the file has no integrity digest\0",
    ),
    (
        AOTCOMPAT_STATUS_REGISTRY_OVERLAP,
        "the code range overlaps a registered range\0",
    ),
    (
        AOTCOMPAT_STATUS_REGISTRY_DUPLICATE,
        "a code range with this start is already registered\0",
    ),
    (
        AOTCOMPAT_STATUS_REGISTRY_OVERFLOW,
        "the code range wraps around the address space\0",
    ),
    (
        AOTCOMPAT_STATUS_REGISTRY_NOT_FOUND,
        "no code range starts at this address\0",
    ),
    (
        AOTCOMPAT_STATUS_PANIC,
        "internal error: the library panicked\0",
    ),
];

const UNKNOWN: &str = "unknown status code\0";

/// The text of `code` (with its trailing NUL), or of an unknown code.
pub(crate) fn text(code: aotcompat_status) -> &'static str {
    TEXTS
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(UNKNOWN, |(_, t)| t)
}

/// A short, fixed English description of a status code.
///
/// Any value is accepted; an unknown code gives "unknown status code". The
/// returned string is static: it lives as long as the program and must not
/// be freed. Safe to call from any thread. Never fails.
#[no_mangle]
pub extern "C" fn aotcompat_status_str(code: aotcompat_status) -> *const c_char {
    const FALLBACK: *const c_char = UNKNOWN.as_ptr().cast();
    ffi_or!(FALLBACK, { text(code).as_ptr().cast() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_nul_terminated_and_codes_are_unique() {
        for (i, (code, t)) in TEXTS.iter().enumerate() {
            assert!(
                t.ends_with('\0') && !t[..t.len() - 1].contains('\0'),
                "{t:?}"
            );
            assert!(
                TEXTS[i + 1..].iter().all(|(c, _)| c != code),
                "code {code} twice"
            );
        }
        assert_eq!(text(12345), UNKNOWN);
    }
}
