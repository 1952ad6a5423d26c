//! The codecs wasmtime writes its engine metadata with, driven by a small
//! type grammar.
//!
//! A profile describes its metadata as a [`Shape`]; [`decode`] reads bytes
//! of that shape into a [`Value`] and [`encode`] writes one back. Both go
//! through the real codec crates (postcard for wasmtime 21 and later,
//! bincode 1 with fixed-width little-endian integers for wasmtime 0.30 to
//! 20, bincode 1 with varint integers for wasmtime 0.26 to 0.29):
//! no varint or length is decoded by hand here, so every error text is the
//! codec's own, which is what wasmtime reports, and re-encoding a decoded
//! value gives back the same bytes.
//!
//! Decoding borrows strings from the input and reserves room only for
//! what it has actually read, whatever a length prefix claims.

mod de;
mod ser;
mod shape;
mod value;

pub use de::{BoolFieldsSeed, NamedFieldsSeed, Seed, SkipSeed, VariantIndex, MAX_DEPTH};
pub use ser::{fits, Encode};
pub use shape::{Field, Shape, Variant};
pub use value::Value;

use bincode::Options;
use serde::de::DeserializeSeed;
use std::fmt;

/// How a profile's metadata is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Codec {
    /// postcard 1.x: LEB128 varints, one-byte bools and tags (wasmtime 21
    /// and later).
    Postcard,
    /// bincode 1 as its free functions configure it: fixed-width
    /// little-endian integers, `u64` lengths, `u32` variant tags, trailing
    /// bytes allowed (wasmtime 0.30 to 20).
    Bincode1,
    /// bincode 1 with variable-width integers (`DefaultOptions` with
    /// `with_varint_encoding`: below 251 one byte, then a marker byte 251,
    /// 252 or 253 and a `u16`, `u32` or `u64`), as wasmtime 0.26 to 0.29
    /// write their whole `SerializedModule`. wasmtime refuses bytes after
    /// that value; here the metadata is only its first fields and what
    /// follows is the rest of the value (the layout says so), so trailing
    /// bytes are allowed.
    Bincode1Varint,
}

impl Codec {
    /// The codec's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Codec::Postcard => "postcard",
            Codec::Bincode1 => "bincode 1",
            Codec::Bincode1Varint => "bincode 1 varint",
        }
    }
}

/// Why bytes did not decode: the codec's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError(String);

impl DecodeError {
    /// An error with this text, for checks a layout adds on top of the
    /// codec's.
    pub fn new(message: impl Into<String>) -> DecodeError {
        DecodeError(message.into())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

/// Why a value could not be encoded: it does not fit its shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodeError(String);

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EncodeError {}

/// bincode 1's free-function configuration, which wasmtime 0.30 to 20 use.
fn bincode_options() -> impl Options {
    bincode::DefaultOptions::new()
        .with_fixint_encoding()
        .allow_trailing_bytes()
}

/// bincode 1 with varint integers, as wasmtime 0.26 to 0.29 configure it
/// (but for trailing bytes: see [`Codec::Bincode1Varint`]).
fn bincode_varint_options() -> impl Options {
    bincode::DefaultOptions::new()
        .with_varint_encoding()
        .allow_trailing_bytes()
}

/// Reads one value of `shape` from the start of `bytes`; like wasmtime,
/// bytes after it are ignored. Strings borrow from `bytes`.
pub fn decode<'a>(codec: Codec, shape: &Shape, bytes: &'a [u8]) -> Result<Value<'a>, DecodeError> {
    decode_seed(codec, Seed::new(shape), bytes)
}

/// Runs any seed over `bytes` with the codec's deserializer, for readers
/// that build their own values from the grammar's pieces (the model reads
/// flag lists straight into its own types).
pub fn decode_seed<'a, S: DeserializeSeed<'a>>(
    codec: Codec,
    seed: S,
    bytes: &'a [u8],
) -> Result<S::Value, DecodeError> {
    match codec {
        Codec::Postcard => {
            let mut de = postcard::Deserializer::from_bytes(bytes);
            seed.deserialize(&mut de)
                .map_err(|e| DecodeError(e.to_string()))
        }
        Codec::Bincode1 => bincode_options()
            .deserialize_seed(seed, bytes)
            .map_err(|e| DecodeError(e.to_string())),
        Codec::Bincode1Varint => bincode_varint_options()
            .deserialize_seed(seed, bytes)
            .map_err(|e| DecodeError(e.to_string())),
    }
}

/// bincode's words for bytes left after a value that must end its input
/// (`RejectTrailing`, which `DefaultOptions` and so wasmtime 0.26 to 0.29
/// use).
pub const BYTES_REMAINING: &str = "Slice had bytes remaining after deserialization";

/// Walks one value of each of `shapes`, in order, from `reader`, keeping
/// nothing ([`SkipSeed`]): for the parts of a bincode value that only have
/// to be read to their end. The errors are bincode's own. Whether bytes
/// follow is the caller's to judge (see [`BYTES_REMAINING`]). Only the
/// bincode codecs read this way.
pub fn skip<'de, R: bincode::BincodeRead<'de>>(
    codec: Codec,
    shapes: &[&Shape],
    reader: R,
) -> Result<(), DecodeError> {
    fn each<'de, R: bincode::BincodeRead<'de>, O: Options>(
        shapes: &[&Shape],
        mut de: bincode::Deserializer<R, O>,
    ) -> Result<(), DecodeError> {
        shapes.iter().try_for_each(|shape| {
            SkipSeed::new(shape)
                .deserialize(&mut de)
                .map_err(|e| DecodeError(e.to_string()))
        })
    }
    match codec {
        Codec::Bincode1 => each(
            shapes,
            bincode::Deserializer::with_bincode_read(reader, bincode_options()),
        ),
        Codec::Bincode1Varint => each(
            shapes,
            bincode::Deserializer::with_bincode_read(reader, bincode_varint_options()),
        ),
        Codec::Postcard => Err(DecodeError(
            "aotcompat walks bincode values only, not postcard ones".into(),
        )),
    }
}

/// Writes `value` as `shape`.
pub fn encode(codec: Codec, shape: &Shape, value: &Value<'_>) -> Result<Vec<u8>, EncodeError> {
    ser::fits(shape, value).map_err(EncodeError)?;
    let value = Encode { shape, value };
    match codec {
        Codec::Postcard => postcard::to_allocvec(&value).map_err(|e| EncodeError(e.to_string())),
        Codec::Bincode1 => bincode_options()
            .serialize(&value)
            .map_err(|e| EncodeError(e.to_string())),
        Codec::Bincode1Varint => bincode_varint_options()
            .serialize(&value)
            .map_err(|e| EncodeError(e.to_string())),
    }
}

#[cfg(test)]
mod tests;
