//! Text going out to C: NUL-terminated, owned by the handle it came from.

use std::ffi::{c_char, CString};

/// `text` as a C string. A NUL inside it (possible only in text quoted from
/// an artifact) becomes U+FFFD, so the C string is never cut short silently.
pub(crate) fn c_string(text: &str) -> CString {
    let text = if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text.to_owned()
    };
    CString::new(text).expect("NUL bytes were replaced")
}

/// Raw bytes as a C string: invalid UTF-8 becomes U+FFFD, as does NUL.
pub(crate) fn c_string_lossy(bytes: &[u8]) -> CString {
    c_string(&String::from_utf8_lossy(bytes))
}

/// The pointer C sees for an optional string: NULL for `None`.
pub(crate) fn ptr_or_null(s: Option<&CString>) -> *const c_char {
    s.map_or(std::ptr::null(), |s| s.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_bad_utf8_are_replaced() {
        assert_eq!(c_string("a\0b").to_str().unwrap(), "a\u{FFFD}b");
        assert_eq!(
            c_string_lossy(b"x\xffy\0").to_str().unwrap(),
            "x\u{FFFD}y\u{FFFD}"
        );
        assert_eq!(c_string("plain").as_bytes(), b"plain");
    }
}
