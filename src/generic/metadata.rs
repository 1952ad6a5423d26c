use crate::model::FlagValue;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One tunable's value in the generic profile.
///
/// An embedder's tunables are whatever its runtime has, so the value
/// carries its own type. The variant order is the wire order (postcard
/// writes the variant index): do not reorder.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GenericValue {
    /// A size, count or other number.
    U64(u64),
    /// An on/off setting.
    Bool(bool),
    /// A named choice or any other text.
    Str(String),
    /// Explicitly no value ("not configured"), which is not the same as
    /// the tunable being absent.
    None,
}

impl fmt::Display for GenericValue {
    /// The text used in messages and reports: numbers and booleans bare,
    /// text quoted (so `"true"` and `true` stay apart), `none` bare.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenericValue::U64(v) => write!(f, "{v}"),
            GenericValue::Bool(v) => write!(f, "{v}"),
            GenericValue::Str(s) => write!(f, "{s:?}"),
            GenericValue::None => f.write_str("none"),
        }
    }
}

/// What a generic engine section describes: the engine of a runtime that is
/// not wasmtime.
///
/// Unlike wasmtime's metadata, whose meaning lies in field positions, every
/// entry here carries its name, so any reader can list an artifact's
/// settings without knowing the runtime that wrote it, and a runtime can add
/// settings without a new layout. The encoding is postcard (1.x) of this
/// struct, fields in declaration order (SPEC section 4, "generic"):
///
/// - `target`: string;
/// - `shared_flags`, `isa_flags`: sequences of (name string, `FlagValue`),
///   `FlagValue` being `Enum(string) = 0 | Num(u8) = 1 | Bool(bool) = 2`;
/// - `tunables`: a sequence of (name string, [`GenericValue`]), with
///   `U64(varint) = 0 | Bool = 1 | Str(string) = 2 | None = 3`;
/// - `features`: a sequence of the names of the enabled features.
///
/// Lists keep the writer's order; checks report in that order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GenericMetadata {
    /// The target triple (`aarch64-unknown-linux-gnu`).
    pub target: String,
    /// Target-independent compiler settings.
    pub shared_flags: Vec<(String, FlagValue)>,
    /// CPU-feature compiler settings.
    pub isa_flags: Vec<(String, FlagValue)>,
    /// Engine-wide settings, each with a typed value.
    pub tunables: Vec<(String, GenericValue)>,
    /// The enabled WebAssembly (or runtime) features; anything not listed is
    /// disabled.
    pub features: Vec<String>,
}

impl GenericMetadata {
    /// Metadata for `target` with no flags, tunables or features.
    pub fn new(target: impl Into<String>) -> GenericMetadata {
        GenericMetadata {
            target: target.into(),
            shared_flags: Vec::new(),
            isa_flags: Vec::new(),
            tunables: Vec::new(),
            features: Vec::new(),
        }
    }

    /// The payload bytes of the engine section.
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("postcard cannot fail on in-memory metadata")
    }

    /// Decodes a payload. Unlike the wasmtime layouts, bytes left after the
    /// metadata are an error: the payload is ours, and leftovers can only
    /// mean a damaged or foreign section.
    pub fn decode(payload: &[u8]) -> Result<GenericMetadata, DecodeError> {
        let (metadata, rest) = postcard::take_from_bytes(payload).map_err(DecodeError::Postcard)?;
        if !rest.is_empty() {
            return Err(DecodeError::TrailingBytes(rest.len()));
        }
        Ok(metadata)
    }
}

/// Why a generic payload could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// postcard's own error (`Hit the end of buffer, expected more data`,
    /// ...).
    Postcard(postcard::Error),
    /// The metadata ended this many bytes before the section did.
    TrailingBytes(usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Postcard(e) => write!(f, "{e}"),
            DecodeError::TrailingBytes(n) => {
                write!(
                    f,
                    "the engine metadata is followed by {n} unexpected byte(s)"
                )
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Sets `name` to `value` in a (name, value) list, keeping its position if
/// it is there already, else appending it.
pub(super) fn set_entry<V>(list: &mut Vec<(String, V)>, name: &str, value: V) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some((_, v)) => *v = value,
        None => list.push((name.to_string(), value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> GenericMetadata {
        GenericMetadata {
            target: "aarch64-unknown-linux-gnu".into(),
            shared_flags: vec![("cc".into(), FlagValue::Enum("fast".into()))],
            isa_flags: vec![("has_neon".into(), FlagValue::Bool(true))],
            tunables: vec![
                ("stack".into(), GenericValue::U64(300)),
                ("b".into(), GenericValue::Bool(false)),
                ("s".into(), GenericValue::Str("x".into())),
                ("n".into(), GenericValue::None),
            ],
            features: vec!["simd".into()],
        }
    }

    /// The wire format is a contract with every artifact already written:
    /// these bytes must never change.
    #[test]
    fn wire_bytes_are_pinned() {
        let mut want = vec![25u8];
        want.extend_from_slice(b"aarch64-unknown-linux-gnu");
        want.extend_from_slice(b"\x01\x02cc\x00\x04fast");
        want.extend_from_slice(b"\x01\x08has_neon\x02\x01");
        want.extend_from_slice(b"\x04\x05stack\x00\xac\x02\x01b\x01\x00\x01s\x02\x01x\x01n\x03");
        want.extend_from_slice(b"\x01\x04simd");
        assert_eq!(sample().encode(), want);
        assert_eq!(GenericMetadata::decode(&want).unwrap(), sample());
    }

    #[test]
    fn decode_errors() {
        let bytes = sample().encode();
        assert_eq!(
            GenericMetadata::decode(&bytes[..bytes.len() - 1])
                .unwrap_err()
                .to_string(),
            "Hit the end of buffer, expected more data"
        );
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0, 0]);
        assert_eq!(
            GenericMetadata::decode(&longer).unwrap_err(),
            DecodeError::TrailingBytes(2)
        );
    }

    #[test]
    fn value_text() {
        assert_eq!(GenericValue::U64(7).to_string(), "7");
        assert_eq!(GenericValue::Bool(true).to_string(), "true");
        assert_eq!(GenericValue::Str("true".into()).to_string(), "\"true\"");
        assert_eq!(GenericValue::None.to_string(), "none");
    }
}
