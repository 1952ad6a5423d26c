//! The type grammar: what a wire value looks like, as plain data.
//!
//! A [`Shape`] says how many bytes to read and how to read them, nothing
//! about what the value means. Profiles describe their metadata with
//! shapes (a `Tunables` struct is a [`Shape::Struct`] of named fields), and
//! the codec walks them. Shapes live in `static` tables, so every reference
//! inside one is `'static`.

/// The shape of one value on the wire.
///
/// Integers are written as the codec writes that width: postcard as an
/// unsigned LEB128 varint (one raw byte for `U8`), bincode 1 as fixed-width
/// little-endian. `usize` is `U64` in both codecs.
#[derive(Debug)]
pub enum Shape {
    /// One raw byte.
    U8,
    /// A `u16`.
    U16,
    /// A `u32`.
    U32,
    /// A `u32` that may not be 0 (`NonZeroU32`): 0 is a decode error.
    NonZeroU32,
    /// A `u64` (or `usize`).
    U64,
    /// An `i32`: bincode 1 with varints writes it zigzag-encoded. A decoded
    /// one is a [`super::Value::Int`] of its two's-complement bits
    /// (`v as i64 as u64`).
    I32,
    /// An `i64`, likewise.
    I64,
    /// One byte, 0 or 1.
    Bool,
    /// A length-prefixed UTF-8 string.
    Str,
    /// A tag byte (0 none, 1 some) and, when some, the value.
    Option(&'static Shape),
    /// A variant index, then that variant's payload (if it has one).
    Enum(&'static [Variant]),
    /// The fields in order, with no tags or lengths.
    Struct(&'static [Field]),
    /// A length, then that many items.
    Seq(&'static Shape),
    /// The items in order, with no length.
    Tuple(&'static [&'static Shape]),
    /// Exactly this many raw bytes (a struct or array of `u8`).
    Bytes(usize),
    /// A value the grammar does not describe (a type of a release that is
    /// not modelled, such as wasmtime 0.30's module-linking signatures).
    /// Decoding one fails with this text; it belongs inside a sequence, so
    /// that an empty sequence of it still decodes.
    Unsupported(&'static str),
}

/// A named field of a [`Shape::Struct`].
#[derive(Debug)]
pub struct Field {
    /// The field's name, as the Rust source that wrote it spells it.
    pub name: &'static str,
    /// Its shape.
    pub shape: &'static Shape,
}

/// A variant of a [`Shape::Enum`]; its index is its position.
#[derive(Debug)]
pub struct Variant {
    /// The variant's name, as the Rust source spells it.
    pub name: &'static str,
    /// Its payload, for a newtype variant; `None` for a unit variant.
    pub payload: Option<&'static Shape>,
}

impl Field {
    /// A field called `name` of shape `shape`.
    pub const fn new(name: &'static str, shape: &'static Shape) -> Field {
        Field { name, shape }
    }
}

impl Variant {
    /// A variant without payload.
    pub const fn unit(name: &'static str) -> Variant {
        Variant {
            name,
            payload: None,
        }
    }

    /// A variant holding one value of `shape`.
    pub const fn newtype(name: &'static str, shape: &'static Shape) -> Variant {
        Variant {
            name,
            payload: Some(shape),
        }
    }
}

impl Shape {
    /// The fewest bytes a value of this shape can take in either codec.
    ///
    /// A sequence of items that can take no bytes at all could claim any
    /// length and make a decoder loop without reading; the decoder refuses
    /// such sequences, and no profile declares one.
    pub fn min_size(&self) -> usize {
        match self {
            Shape::U8 | Shape::U16 | Shape::U32 | Shape::NonZeroU32 | Shape::U64 => 1,
            Shape::I32 | Shape::I64 | Shape::Bool => 1,
            Shape::Str | Shape::Option(_) | Shape::Enum(_) | Shape::Seq(_) => 1,
            Shape::Struct(fields) => fields.iter().map(|f| f.shape.min_size()).sum(),
            Shape::Tuple(items) => items.iter().map(|s| s.min_size()).sum(),
            Shape::Bytes(n) => *n,
            Shape::Unsupported(_) => 1,
        }
    }

    /// The fields of a struct shape (empty for every other shape).
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Shape::Struct(fields) => fields,
            _ => &[],
        }
    }

    /// The variants of an enum shape, or of the enum inside an option
    /// (empty for every other shape).
    pub fn variants(&self) -> &'static [Variant] {
        match self {
            Shape::Enum(variants) => variants,
            Shape::Option(inner) => inner.variants(),
            _ => &[],
        }
    }

    /// A short description for messages: `u64`, `option of enum`, ...
    pub fn describe(&self) -> String {
        match self {
            Shape::U8 => "u8".into(),
            Shape::U16 => "u16".into(),
            Shape::I32 => "i32".into(),
            Shape::I64 => "i64".into(),
            Shape::U32 => "u32".into(),
            Shape::NonZeroU32 => "non-zero u32".into(),
            Shape::U64 => "u64".into(),
            Shape::Bool => "bool".into(),
            Shape::Str => "string".into(),
            Shape::Option(inner) => format!("optional {}", inner.describe()),
            Shape::Enum(variants) => {
                let names: Vec<&str> = variants.iter().map(|v| v.name).collect();
                format!("one of {}", names.join(", "))
            }
            Shape::Struct(_) => "struct".into(),
            Shape::Seq(item) => format!("list of {}", item.describe()),
            Shape::Tuple(items) => format!("tuple of {}", items.len()),
            Shape::Bytes(n) => format!("{n} bytes"),
            Shape::Unsupported(what) => format!("unsupported ({what})"),
        }
    }
}
