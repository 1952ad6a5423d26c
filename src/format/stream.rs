//! A bincode 1 reader over a range of an [`Input`] that fails exactly as
//! bincode's own slice reader fails on those bytes, for the values that
//! have to be walked to their end (the one value of a wasmtime 0.26 to
//! 0.29 artifact, whose compiled module runs to the end of the file).
//!
//! wasmtime decodes those values from a slice, and bincode's slice reader
//! has two words for running out: a fixed-size read (a byte, a varint's
//! bytes) past the end is `unexpected end of file`, while a string or byte
//! run whose length goes past the end is an I/O error with an empty text.
//! This reader keeps both, and checks every length against the bytes that
//! are left before it reads anything, so a claimed length never allocates
//! more than the input holds. Byte runs (the compiled code, data segments)
//! are skipped without being read. A file is read forward in chunks of 4
//! KiB growing to at most [`CHUNK`] bytes, through the input's read
//! windows, never kept whole.

use super::input::Hint;
use super::Input;
use bincode::{BincodeRead, ErrorKind};
use serde::de::Visitor;
use std::borrow::Cow;
use std::io;

/// How many bytes the first read of a file takes (as much as the metadata's
/// decode reads first, so that it is usually served from that window).
const FIRST_CHUNK: usize = 4 << 10;

/// How many bytes one read of a file takes at most.
pub const CHUNK: usize = 64 << 10;

/// Strings at most this long are checked for UTF-8 in one piece (with the
/// standard library's own error); longer ones chunk by chunk.
const WHOLE_STRING: usize = 1 << 20;

/// Reads the bytes [start, end) of an input forward.
pub struct ValueReader<'i, 'data> {
    input: &'i mut Input<'data>,
    /// The next byte to hand out.
    pos: u64,
    /// Where the bytes end.
    end: u64,
    /// The chunk read last and where it starts.
    chunk: Cow<'data, [u8]>,
    chunk_at: u64,
    /// How many bytes the next read of a file takes, and at most.
    chunk_size: usize,
    max_chunk: usize,
    /// A failure to read the file itself (not the value's fault), kept so
    /// the caller can tell it from a decode error.
    io_error: Option<io::Error>,
}

impl<'i, 'data> ValueReader<'i, 'data> {
    /// A reader of `input`'s bytes from `start` to its end.
    pub fn new(input: &'i mut Input<'data>, start: u64) -> ValueReader<'i, 'data> {
        let end = input.len();
        let pos = start.min(end);
        ValueReader {
            input,
            pos,
            end,
            chunk: Cow::Borrowed(&[]),
            chunk_at: pos,
            chunk_size: FIRST_CHUNK,
            max_chunk: CHUNK,
            io_error: None,
        }
    }

    /// [`ValueReader::new`] reading a file `chunk_size` bytes at a time
    /// (tests use tiny chunks to cross their ends everywhere).
    #[cfg(test)]
    pub(crate) fn with_chunk(
        input: &'i mut Input<'data>,
        start: u64,
        chunk_size: usize,
    ) -> ValueReader<'i, 'data> {
        ValueReader {
            chunk_size: chunk_size.max(1),
            max_chunk: chunk_size.max(1),
            ..ValueReader::new(input, start)
        }
    }

    /// The bytes not read yet.
    pub fn remaining(&self) -> u64 {
        self.end - self.pos
    }

    /// Where the next byte would be read.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// The I/O error a read of the file met, if any: a decode error after
    /// one is the file's, not the value's.
    pub fn take_io_error(&mut self) -> Option<io::Error> {
        self.io_error.take()
    }

    /// Copies the next `out.len()` bytes, which the caller has checked are
    /// there.
    fn copy_out(&mut self, mut out: &mut [u8]) -> io::Result<()> {
        while !out.is_empty() {
            // The chunk always starts at or before the position.
            let from = self.pos - self.chunk_at;
            let have = (self.chunk.len() as u64).saturating_sub(from);
            if have == 0 {
                self.fill()?;
                continue;
            }
            let n = (have as usize).min(out.len());
            let from = from as usize;
            out[..n].copy_from_slice(&self.chunk[from..from + n]);
            self.pos += n as u64;
            out = &mut out[n..];
        }
        Ok(())
    }

    /// Reads the chunk that starts at the current position, through the
    /// input's read windows: the first one is usually the window the
    /// metadata's decode has just read. Each chunk of a file is twice the
    /// last, from 4 KiB up to [`CHUNK`]: a small artifact's structure takes
    /// a read or two, a large one's few reads per MiB.
    fn fill(&mut self) -> io::Result<()> {
        let left = self.end - self.pos;
        // Bytes in memory are borrowed whole; a file is read a chunk at a time.
        let len = match self.input {
            Input::Bytes(_) => left,
            Input::File(_) => left.min(self.chunk_size as u64),
        } as usize;
        let chunk = match self.input.get(self.pos, len, Hint::Forward) {
            Ok(chunk) => chunk,
            Err(e) => {
                // Kept for the caller; bincode only sees that reading failed.
                let kind = e.kind();
                self.io_error = Some(e);
                return Err(io::Error::new(kind, "the file could not be read"));
            }
        };
        self.chunk = chunk;
        self.chunk_at = self.pos;
        self.chunk_size = (self.chunk_size * 2).min(self.max_chunk);
        Ok(())
    }

    /// Skips `len` bytes (which are there), handing each piece to `each`.
    fn pieces(&mut self, len: usize, mut each: impl FnMut(&[u8])) -> io::Result<()> {
        let mut left = len;
        let mut buf = vec![0u8; len.min(CHUNK)];
        while left > 0 {
            let n = left.min(buf.len());
            self.copy_out(&mut buf[..n])?;
            each(&buf[..n]);
            left -= n;
        }
        Ok(())
    }

    /// bincode's words for a length past the end.
    fn short(&self, len: usize) -> Option<Box<ErrorKind>> {
        (len as u64 > self.remaining()).then(|| {
            Box::new(ErrorKind::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "",
            )))
        })
    }
}

impl io::Read for ValueReader<'_, '_> {
    /// All of `out` or, like bincode's slice reader, an error and nothing.
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.len() as u64 > self.remaining() {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.copy_out(out)?;
        Ok(out.len())
    }

    fn read_exact(&mut self, out: &mut [u8]) -> io::Result<()> {
        self.read(out).map(drop)
    }
}

impl<'de> BincodeRead<'de> for ValueReader<'_, '_> {
    fn forward_read_str<V: Visitor<'de>>(
        &mut self,
        len: usize,
        visitor: V,
    ) -> bincode::Result<V::Value> {
        if let Some(e) = self.short(len) {
            return Err(e);
        }
        if len <= WHOLE_STRING {
            let mut bytes = vec![0u8; len];
            self.copy_out(&mut bytes)?;
            let s = std::str::from_utf8(&bytes).map_err(ErrorKind::InvalidUtf8Encoding)?;
            return visitor.visit_str(s);
        }
        // Chunk by chunk: a sequence cut by a chunk's end is carried over.
        let mut checker = Utf8Check::default();
        self.pieces(len, |piece| checker.push(piece))?;
        match checker.finish() {
            Some(message) => Err(Box::new(ErrorKind::Custom(message))),
            None => visitor.visit_str(""),
        }
    }

    fn get_byte_buffer(&mut self, len: usize) -> bincode::Result<Vec<u8>> {
        if let Some(e) = self.short(len) {
            return Err(e);
        }
        let mut bytes = vec![0u8; len];
        self.copy_out(&mut bytes)?;
        Ok(bytes)
    }

    /// A byte run that is skipped, not read: every byte run in the values
    /// this reader walks is a `Vec<u8>` or `Box<[u8]>`, which wasmtime
    /// decodes as a sequence of `u8` read one by one, so running out
    /// partway is a fixed-size read past the end (`unexpected end of
    /// file`), not the empty-worded error of a string. The visitor sees no
    /// bytes.
    fn forward_read_bytes<V: Visitor<'de>>(
        &mut self,
        len: usize,
        visitor: V,
    ) -> bincode::Result<V::Value> {
        if len as u64 > self.remaining() {
            self.pos = self.end;
            return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
        }
        self.pos += len as u64;
        visitor.visit_bytes(&[])
    }
}

/// The codec takes its reader by value; this lends it one.
impl<'de> BincodeRead<'de> for &mut ValueReader<'_, '_> {
    fn forward_read_str<V: Visitor<'de>>(
        &mut self,
        len: usize,
        visitor: V,
    ) -> bincode::Result<V::Value> {
        (**self).forward_read_str(len, visitor)
    }

    fn get_byte_buffer(&mut self, len: usize) -> bincode::Result<Vec<u8>> {
        (**self).get_byte_buffer(len)
    }

    fn forward_read_bytes<V: Visitor<'de>>(
        &mut self,
        len: usize,
        visitor: V,
    ) -> bincode::Result<V::Value> {
        (**self).forward_read_bytes(len, visitor)
    }
}

/// UTF-8 validation over pieces, with the standard library's words for the
/// first error (as bincode prints them) at its index in the whole string.
#[derive(Default)]
struct Utf8Check {
    /// Bytes of a sequence the previous piece ended inside.
    carry: Vec<u8>,
    /// How many bytes before `carry` were valid.
    seen: usize,
    error: Option<String>,
}

impl Utf8Check {
    fn push(&mut self, piece: &[u8]) {
        if self.error.is_some() {
            return;
        }
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(piece);
        match std::str::from_utf8(&bytes) {
            Ok(_) => self.seen += bytes.len(),
            Err(e) => match e.error_len() {
                Some(n) => self.error = Some(invalid(n, self.seen + e.valid_up_to())),
                None => {
                    self.seen += e.valid_up_to();
                    self.carry = bytes[e.valid_up_to()..].to_vec();
                }
            },
        }
    }

    fn finish(self) -> Option<String> {
        self.error.or_else(|| {
            (!self.carry.is_empty()).then(|| {
                format!(
                    "string is not valid utf8: incomplete utf-8 byte sequence from index {}",
                    self.seen
                )
            })
        })
    }
}

fn invalid(len: usize, at: usize) -> String {
    format!("string is not valid utf8: invalid utf-8 sequence of {len} bytes from index {at}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{self, Codec, Field, Shape};
    use crate::format::FileInput;

    static VALUE: Shape = Shape::Struct(&[
        Field::new("name", &Shape::Str),
        Field::new("code", &Shape::Seq(&Shape::U8)),
        Field::new("offset", &Shape::I32),
        Field::new("count", &Shape::U64),
    ]);

    /// `(walk result, bytes left)` of `bytes` from memory, or from a file
    /// read `chunk` bytes at a time.
    fn walk(bytes: &[u8], chunk: Option<usize>) -> (Result<(), String>, u64) {
        let mut input = match chunk {
            None => Input::Bytes(bytes),
            Some(_) => {
                let path = std::env::temp_dir().join(format!(
                    "aotcompat-stream-{}-{}",
                    std::process::id(),
                    bytes.len()
                ));
                std::fs::write(&path, bytes).unwrap();
                let file = std::fs::File::open(&path).unwrap();
                let _ = std::fs::remove_file(&path);
                Input::File(FileInput::new(file, bytes.len() as u64))
            }
        };
        let mut reader = ValueReader::with_chunk(&mut input, 0, chunk.unwrap_or(CHUNK));
        let r = codec::skip(Codec::Bincode1Varint, &[&VALUE], &mut reader);
        (r.map_err(|e| e.to_string()), reader.remaining())
    }

    #[test]
    fn values_walk_alike_from_memory_and_in_any_chunks() {
        // "héllo", 300 bytes of code, -5 (zigzag 9), 70000 (varint 252 + u32).
        let mut value = vec![6];
        value.extend_from_slice("héllo".as_bytes());
        value.extend_from_slice(&[251, 44, 1]);
        value.extend((0..300).map(|i| i as u8));
        value.push(9);
        value.push(252);
        value.extend_from_slice(&70000u32.to_le_bytes());
        value.push(0xaa);
        assert_eq!(walk(&value, None), (Ok(()), 1));
        for cut in 0..value.len() {
            let whole = walk(&value[..cut], None);
            for chunk in [1, 2, 5, 64] {
                assert_eq!(
                    walk(&value[..cut], Some(chunk)),
                    whole,
                    "cut {cut}, chunks {chunk}"
                );
            }
        }
        // Cut inside the string: bincode's slice reader's empty words; inside
        // the code, or the integers: a fixed-size read past the end.
        assert_eq!(walk(&value[..4], None).0, Err("io error: ".into()));
        assert_eq!(
            walk(&value[..20], None).0,
            Err("io error: unexpected end of file".into())
        );
        assert_eq!(
            walk(&value[..313], None).0,
            Err("io error: unexpected end of file".into())
        );
    }

    #[test]
    fn claimed_lengths_cost_nothing() {
        // A name of 2^60 bytes, then code of 2^60 bytes: refused at once,
        // nothing allocated or read for them.
        let mut huge = vec![253];
        huge.extend_from_slice(&(1u64 << 60).to_le_bytes());
        assert_eq!(walk(&huge, Some(3)).0, Err("io error: ".into()));
        let mut code = vec![0, 253];
        code.extend_from_slice(&(1u64 << 60).to_le_bytes());
        code.extend_from_slice(&[0; 100]);
        assert_eq!(
            walk(&code, Some(3)),
            (Err("io error: unexpected end of file".into()), 0)
        );
    }

    #[test]
    fn utf8_errors_read_as_the_standard_library_words_them() {
        let cases: [&[u8]; 4] = [b"abc\xffdef", b"ab\xe2\x82", b"\xe2\x82\xac\xe2x", b"ok"];
        for bytes in cases {
            let whole = std::str::from_utf8(bytes)
                .err()
                .map(|e| format!("string is not valid utf8: {e}"));
            for split in 1..bytes.len() {
                let mut check = Utf8Check::default();
                check.push(&bytes[..split]);
                check.push(&bytes[split..]);
                assert_eq!(check.finish(), whole, "{bytes:?} split at {split}");
            }
        }
    }
}
