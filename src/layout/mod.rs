//! Profile wire layouts: the bytes after the engine section's version string,
//! turned into [`Metadata`] and back.
//!
//! wasmtime encodes its `Metadata` with postcard, whose encoding of a struct
//! is its fields in declaration order with no names or tags. The model types
//! are declared in exactly the wasmtime-31 order, so for that profile the
//! layout *is* the model; `tests` below pin the bytes so a reordering of a
//! model field cannot pass unnoticed.

use crate::model::{Metadata, Profile};

/// Decodes a payload with `profile`'s layout. Like wasmtime, trailing bytes
/// after the metadata are ignored. The error text is postcard's own, which
/// is what wasmtime reports.
pub fn decode(profile: Profile, payload: &[u8]) -> Result<Metadata, postcard::Error> {
    match profile {
        Profile::Wasmtime31 => postcard::from_bytes(payload),
    }
}

/// Encodes metadata with `profile`'s layout.
pub fn encode(profile: Profile, metadata: &Metadata) -> Vec<u8> {
    match profile {
        Profile::Wasmtime31 => {
            postcard::to_allocvec(metadata).expect("postcard cannot fail on in-memory metadata")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Collector, Features, FlagValue, Tunables};

    fn sample() -> Metadata {
        Metadata {
            target: "x86_64-unknown-linux-gnu".into(),
            shared_flags: vec![("opt_level".into(), FlagValue::Enum("speed".into()))],
            isa_flags: vec![
                ("has_avx".into(), FlagValue::Bool(true)),
                ("n".into(), FlagValue::Num(300u16 as u8)),
            ],
            tunables: Tunables::wasmtime31_default_u64(true),
            features: Features::wasmtime31_default(),
        }
    }

    #[test]
    fn wire_bytes_are_pinned() {
        let bytes = encode(Profile::Wasmtime31, &sample());
        let mut expected = vec![24u8];
        expected.extend_from_slice(b"x86_64-unknown-linux-gnu");
        // shared flags: 1 entry, "opt_level", Enum(0) "speed"
        expected.extend_from_slice(b"\x01\x09opt_level\x00\x05speed");
        // isa flags: 2 entries, Bool(2) true, Num(1) 44
        expected.extend_from_slice(b"\x02\x07has_avx\x02\x01\x01n\x01\x2c");
        // tunables: Some(DRC), 4 GiB, 32 MiB, 2 GiB as LEB128 varints
        expected.extend_from_slice(&[1, 0]);
        expected.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x10]);
        expected.extend_from_slice(&[0x80, 0x80, 0x80, 0x10]);
        expected.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x08]);
        expected.extend_from_slice(&[0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1]);
        // features, in wire order
        expected.extend_from_slice(&[1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(bytes, expected);
        assert_eq!(decode(Profile::Wasmtime31, &bytes).unwrap(), sample());
    }

    #[test]
    fn decode_errors_are_postcards() {
        let bytes = encode(Profile::Wasmtime31, &sample());
        let short = &bytes[..bytes.len() - 1];
        assert_eq!(
            decode(Profile::Wasmtime31, short).unwrap_err().to_string(),
            "Hit the end of buffer, expected more data"
        );
        let mut bad_bool = bytes.clone();
        *bad_bool.last_mut().unwrap() = 2;
        assert_eq!(
            decode(Profile::Wasmtime31, &bad_bool)
                .unwrap_err()
                .to_string(),
            "Found a bool that wasn't 0 or 1"
        );
        let mut with_tail = bytes.clone();
        with_tail.extend_from_slice(b"ignored");
        assert_eq!(decode(Profile::Wasmtime31, &with_tail).unwrap(), sample());
        let mut null = sample();
        null.tunables.collector = Some(Collector::Null);
        assert_eq!(
            decode(Profile::Wasmtime31, &encode(Profile::Wasmtime31, &null)).unwrap(),
            null
        );
    }
}
