use super::{FormatError, ENGINE_SECTION_VERSION};

/// The framed contents of a `.wasmtime.engine` section: a format byte (0),
/// a length byte, that many bytes of version string, then the profile's
/// encoded metadata up to the end of the section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EngineSection<'a> {
    /// The version string's raw bytes (not yet known to be UTF-8).
    pub version: &'a [u8],
    /// The encoded metadata: everything after the version string.
    pub payload: &'a [u8],
}

impl<'a> EngineSection<'a> {
    /// Splits a section's data into version string and payload, failing in
    /// the same order and with the same words as wasmtime.
    pub fn parse(data: &'a [u8]) -> Result<EngineSection<'a>, FormatError> {
        let (&format, rest) = data
            .split_first()
            .ok_or(FormatError::InvalidEngineSection)?;
        if format != ENGINE_SECTION_VERSION {
            return Err(FormatError::MismatchedVersion(format));
        }
        let (&len, rest) = rest
            .split_first()
            .ok_or(FormatError::InvalidEngineSection)?;
        let len = usize::from(len);
        // wasmtime insists on at least one byte of payload after the string.
        if rest.len() < len + 1 {
            return Err(FormatError::EngineSectionTooSmall);
        }
        let (version, payload) = rest.split_at(len);
        Ok(EngineSection { version, payload })
    }

    /// Frames `version` and `payload` into section data.
    pub fn encode(version: &[u8], payload: &[u8]) -> anyhow::Result<Vec<u8>> {
        let len = u8::try_from(version.len()).map_err(|_| {
            anyhow::anyhow!(
                "version string is {} bytes long; the engine section allows at most 255",
                version.len()
            )
        })?;
        let mut data = Vec::with_capacity(2 + version.len() + payload.len());
        data.push(ENGINE_SECTION_VERSION);
        data.push(len);
        data.extend_from_slice(version);
        data.extend_from_slice(payload);
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_errors_in_wasmtime_order() {
        assert_eq!(
            EngineSection::parse(&[]),
            Err(FormatError::InvalidEngineSection)
        );
        assert_eq!(
            EngineSection::parse(&[1]),
            Err(FormatError::MismatchedVersion(1))
        );
        assert_eq!(
            EngineSection::parse(&[0]),
            Err(FormatError::InvalidEngineSection)
        );
        assert_eq!(
            EngineSection::parse(&[0, 2, b'a', b'b']),
            Err(FormatError::EngineSectionTooSmall)
        );
        let s = EngineSection::parse(&[0, 2, b'a', b'b', 9]).unwrap();
        assert_eq!((s.version, s.payload), (&b"ab"[..], &[9u8][..]));
        let s = EngineSection::parse(&[0, 0, 7]).unwrap();
        assert_eq!((s.version, s.payload), (&b""[..], &[7u8][..]));
    }

    #[test]
    fn encode_then_parse() {
        let data = EngineSection::encode(b"31.0.0", &[1, 2, 3]).unwrap();
        assert_eq!(data, b"\x00\x0631.0.0\x01\x02\x03");
        let s = EngineSection::parse(&data).unwrap();
        assert_eq!((s.version, s.payload), (&b"31.0.0"[..], &[1u8, 2, 3][..]));
        assert!(EngineSection::encode(&[b'x'; 256], &[]).is_err());
    }
}
