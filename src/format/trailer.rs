//! The pre-3.0 container: wasmtime 0.26 to 2.x wrote no engine section.
//! Their artifacts carry a trailer, `\0wasmtime-aot`, a length byte, the
//! version string and the bincode metadata, placed one of three ways
//! ([`TrailerPlace`]). This module finds it, failing in those releases'
//! order and words, with the same bounded reader as the ELF container: it
//! reads the ELF headers it needs (never a table), the trailer's framing,
//! and the metadata's used prefix.

use super::elf::{image_end, read_payload, ImageEndError};
use super::input::Hint;
use super::{FormatError, Framed, Input, Payload, ReadError, ReadStats, ValueReader};

/// What starts the trailer.
pub const TRAILER_HEADER: &[u8] = b"\0wasmtime-aot";

/// The most ELF images a chain may hold before the reader gives up. A
/// module-linking artifact holds one image per module; real ones a few.
pub const MAX_CHAIN_IMAGES: usize = 1024;

/// The words of wasmtime 0.27 to 2.x when the trailer's header is not
/// where it belongs.
pub const NOT_AN_ARTIFACT: &str = "bytes are not a compatible serialized wasmtime module";

/// Where the trailer sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrailerPlace {
    /// At the very start of the file, which is one bincode value after
    /// the header: the metadata and the compiled module with its ELF image
    /// inside (family A, wasmtime 0.26 to 0.29).
    Start,
    /// After a chain of ELF images, each followed by the absolute offset
    /// of the next (a `u64`, little-endian) and the last by `u64::MAX`
    /// (family B, wasmtime 0.30 to 0.35; module linking writes several).
    AfterElfChain,
    /// After one ELF image (family C, wasmtime 0.36 to 2.x).
    AfterElf,
}

impl TrailerPlace {
    /// The family's letter in the research notes and the README.
    pub fn family(self) -> &'static str {
        match self {
            TrailerPlace::Start => "A",
            TrailerPlace::AfterElfChain => "B",
            TrailerPlace::AfterElf => "C",
        }
    }
}

/// How one pre-3.0 release frames its artifacts.
#[derive(Debug, PartialEq, Eq)]
pub struct TrailerRule {
    /// Where the trailer is.
    pub place: TrailerPlace,
    /// The message when the header is not there ([`NOT_AN_ARTIFACT`] from
    /// 0.27; 0.26 handed such bytes to its WebAssembly parser instead).
    pub no_header: &'static str,
    /// The context wasmtime puts on a failed decode of the metadata.
    pub decode_context: &'static str,
}

/// A pre-3.0 artifact's trailer, found: the reader, where the header
/// starts, and the framing of what follows it.
pub struct Trailer<'data> {
    input: Input<'data>,
    /// Where `\0wasmtime-aot` starts.
    pub at: u64,
    /// The version string and where the metadata lies (up to the end of
    /// the file).
    pub framed: Framed<'data>,
}

fn fail<T>(message: impl Into<String>) -> Result<T, ReadError> {
    Err(ReadError::Format(FormatError::Trailer(message.into())))
}

/// wasmtime's words for an image whose end is unknown.
fn image_error(e: ImageEndError, start: u64) -> ReadError {
    let message = match e {
        ImageEndError::Io(e) => return ReadError::Io(e),
        ImageEndError::Truncated => "artifact truncated, can't read header".to_string(),
        ImageEndError::Unsupported => "invalid elf header".to_string(),
        ImageEndError::SectionHeaders(cause) => format!("failed to read section headers: {cause}"),
        ImageEndError::NoSectionHeaders => format!(
            "the ELF image at offset {start} has no section header table, so it has no end \
             that wasmtime could find the trailer after (aotcompat refuses it)"
        ),
    };
    ReadError::Format(FormatError::Trailer(message))
}

impl<'data> Trailer<'data> {
    /// Finds the trailer of `input` as `rule` places it, on a host of the
    /// given byte order (wasmtime reads the ELF images in its own), and
    /// frames it: the header, a length byte, that many bytes of version
    /// string, then the metadata to the end of the file (possibly none,
    /// which the decode then refuses).
    pub fn open(
        mut input: Input<'data>,
        rule: &TrailerRule,
        big_endian: bool,
    ) -> Result<Trailer<'data>, ReadError> {
        let len = input.len();
        let at = match rule.place {
            TrailerPlace::Start => 0,
            TrailerPlace::AfterElf => {
                image_end(&mut input, 0, big_endian).map_err(|e| image_error(e, 0))?
            }
            TrailerPlace::AfterElfChain => {
                let mut pos =
                    image_end(&mut input, 0, big_endian).map_err(|e| image_error(e, 0))?;
                let mut images = 1;
                loop {
                    if len - pos < 8 {
                        return fail("invalid serialized data");
                    }
                    let word = input.get(pos, 8, Hint::Forward)?;
                    let next = u64::from_le_bytes(word[..8].try_into().expect("8 bytes"));
                    pos += 8;
                    if next == u64::MAX {
                        break pos;
                    }
                    if next < pos {
                        return fail(format!(
                            "the ELF chain's next image would start at offset {next}, before the \
                             end of the previous one ({pos}); aotcompat reads chains forward only"
                        ));
                    }
                    images += 1;
                    if images > MAX_CHAIN_IMAGES {
                        return fail(format!(
                            "the ELF chain holds more than {MAX_CHAIN_IMAGES} images \
                             (aotcompat's limit)"
                        ));
                    }
                    pos = image_end(&mut input, next, big_endian)
                        .map_err(|e| image_error(e, next))?;
                }
            }
        };
        let header_len = TRAILER_HEADER.len() as u64;
        if len - at < header_len
            || *input.get(at, TRAILER_HEADER.len(), Hint::Forward)? != *TRAILER_HEADER
        {
            return fail(rule.no_header);
        }
        let rest = at + header_len;
        if rest == len {
            return fail("serialized data data is empty");
        }
        let version_len = u64::from(input.get(rest, 1, Hint::Forward)?[0]);
        if len - rest < version_len + 1 {
            return fail("serialized data is malformed");
        }
        let version = input.get(rest + 1, version_len as usize, Hint::Forward)?;
        let payload_offset = rest + 1 + version_len;
        Ok(Trailer {
            input,
            at,
            framed: Framed {
                version,
                payload_offset,
                payload_len: len - payload_offset,
            },
        })
    }

    /// The metadata's bytes, as far as a decode needs them (see
    /// [`super::Elf::payload`]).
    pub fn payload(
        &mut self,
        suffices: impl FnMut(&[u8]) -> bool,
    ) -> Result<Payload<'data>, ReadError> {
        read_payload(&mut self.input, &self.framed, suffices)
    }

    /// A reader of the bytes from the metadata's start to the end of the
    /// file, for walking a value that runs on past the metadata (family A:
    /// the compiled module follows it).
    pub fn value_reader(&mut self) -> ValueReader<'_, 'data> {
        ValueReader::new(&mut self.input, self.framed.payload_offset)
    }

    /// What the reads of a file cost so far.
    pub fn stats(&self) -> ReadStats {
        self.input.stats()
    }

    /// The trailer's bytes for `version` and an encoded `payload`: the
    /// header, the length byte, the version string, the payload.
    pub fn encode(version: &[u8], payload: &[u8]) -> anyhow::Result<Vec<u8>> {
        let len = u8::try_from(version.len()).map_err(|_| {
            anyhow::anyhow!(
                "version string is {} bytes long; the trailer allows at most 255",
                version.len()
            )
        })?;
        let mut data = Vec::with_capacity(TRAILER_HEADER.len() + 1 + version.len() + payload.len());
        data.extend_from_slice(TRAILER_HEADER);
        data.push(len);
        data.extend_from_slice(version);
        data.extend_from_slice(payload);
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static A: TrailerRule = TrailerRule {
        place: TrailerPlace::Start,
        no_header: NOT_AN_ARTIFACT,
        decode_context: "deserialize compilation artifacts",
    };
    static B: TrailerRule = TrailerRule {
        place: TrailerPlace::AfterElfChain,
        ..A
    };
    static C: TrailerRule = TrailerRule {
        place: TrailerPlace::AfterElf,
        ..A
    };

    fn message(bytes: &[u8], rule: &TrailerRule) -> String {
        match Trailer::open(Input::Bytes(bytes), rule, false) {
            Ok(t) => format!(
                "ok {:?} at {} payload {}+{}",
                String::from_utf8_lossy(&t.framed.version),
                t.at,
                t.framed.payload_offset,
                t.framed.payload_len
            ),
            Err(e) => e.to_string(),
        }
    }

    /// A minimal little-endian ELF64 header whose (empty) section table of
    /// `shnum` entries lies right after it.
    fn elf(shnum: u16) -> Vec<u8> {
        let mut h = vec![0u8; 64];
        h[..7].copy_from_slice(b"\x7fELF\x02\x01\x01");
        h[40..48].copy_from_slice(&64u64.to_le_bytes());
        h[58..60].copy_from_slice(&64u16.to_le_bytes());
        h[60..62].copy_from_slice(&shnum.to_le_bytes());
        h.resize(64 + 64 * usize::from(shnum), 0);
        h
    }

    #[test]
    fn framing_fails_in_wasmtime_order() {
        assert_eq!(message(b"", &A), NOT_AN_ARTIFACT);
        assert_eq!(
            message(b"\0wasmtime-aot", &A),
            "serialized data data is empty"
        );
        assert_eq!(
            message(b"\0wasmtime-aot\x03ab", &A),
            "serialized data is malformed"
        );
        assert_eq!(
            message(b"\0wasmtime-aot\x02abX", &A),
            "ok \"ab\" at 0 payload 16+1"
        );
        assert_eq!(
            message(b"\0wasmtime-aot\x02ab", &A),
            "ok \"ab\" at 0 payload 16+0"
        );
        assert_eq!(
            message(&[0; 10], &C),
            "artifact truncated, can't read header"
        );
        assert_eq!(message(&[0; 64], &C), "invalid elf header");
        let mut short = elf(2);
        short.truncate(100);
        assert_eq!(
            message(&short, &C),
            "failed to read section headers: Invalid ELF section header offset/size/alignment"
        );
        let mut c = elf(1);
        c.extend_from_slice(b"\0wasmtime-aot\x01vM");
        assert_eq!(message(&c, &C), "ok \"v\" at 128 payload 143+1");
        assert_eq!(message(&c, &B), "artifact truncated, can't read header");
        let mut b = elf(1);
        b.extend_from_slice(&[0xff; 7]);
        assert_eq!(message(&b, &B), "invalid serialized data");
        let mut b = elf(1);
        b.extend_from_slice(&[0xff; 8]);
        b.extend_from_slice(b"\0wasmtime-aot\x01vM");
        assert_eq!(message(&b, &B), "ok \"v\" at 136 payload 151+1");
        assert_eq!(message(&b, &C), NOT_AN_ARTIFACT);
    }

    #[test]
    fn chains_are_followed_forward_only() {
        // Two images: the first points at the second, which ends the chain.
        let mut b = elf(1);
        let second = (b.len() + 8) as u64;
        b.extend_from_slice(&second.to_le_bytes());
        b.extend_from_slice(&elf(1));
        b.extend_from_slice(&u64::MAX.to_le_bytes());
        b.extend_from_slice(b"\0wasmtime-aot\x00M");
        assert_eq!(message(&b, &B), "ok \"\" at 272 payload 286+1");
        // An image that points back at the start would loop forever.
        let mut b = elf(1);
        b.extend_from_slice(&0u64.to_le_bytes());
        assert!(
            message(&b, &B).contains("forward only"),
            "{}",
            message(&b, &B)
        );
        // A pointer past the end.
        let mut b = elf(1);
        b.extend_from_slice(&u64::MAX.wrapping_sub(1).to_le_bytes());
        assert_eq!(message(&b, &B), "artifact truncated, can't read header");
    }

    #[test]
    fn encode_then_open() {
        let data = Trailer::encode(b"0.33.0", &[1, 2]).unwrap();
        assert_eq!(message(&data, &A), "ok \"0.33.0\" at 0 payload 20+2");
    }
}
