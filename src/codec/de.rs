//! Reading a value of a given shape from any serde deserializer.
//!
//! [`Seed`] is a `DeserializeSeed`: the shape travels with it, so one type
//! reads every layout, through postcard's deserializer or bincode 1's, and
//! every error is the codec's own (wasmtime's derived `Deserialize` impls
//! fail the same way on the same bytes).

use super::{Shape, Value};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, SeqAccess, VariantAccess, Visitor,
};
use std::borrow::Cow;
use std::fmt;

/// Sequences claim their length up front; reserve at most this many items
/// before they have actually been read, so a length prefix can never make
/// the decoder allocate more than what the input really holds.
const MAX_PREALLOCATED_ITEMS: usize = 64;

/// How deep values may nest: a shape may refer to itself (wasmtime 0.30's
/// module upvars hold module upvars), and each level of nesting costs the
/// decoder stack, so input that nests deeper is refused rather than
/// followed. Real metadata nests about six levels.
pub const MAX_DEPTH: u32 = 64;

/// Reads one value of `shape`.
#[derive(Clone, Copy)]
pub struct Seed<'s> {
    /// The shape to read.
    pub shape: &'s Shape,
    /// How many values enclose this one.
    depth: u32,
}

impl<'s> Seed<'s> {
    /// Reads a value of `shape` at the top level.
    pub fn new(shape: &'s Shape) -> Seed<'s> {
        Seed { shape, depth: 0 }
    }

    /// A value of `shape` inside one at `depth`.
    fn inner(shape: &'s Shape, depth: u32) -> Seed<'s> {
        Seed {
            shape,
            depth: depth + 1,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        let depth = self.depth;
        if depth > MAX_DEPTH {
            return Err(de::Error::custom(format!(
                "values nest more than {MAX_DEPTH} levels deep (aotcompat's limit)"
            )));
        }
        match self.shape {
            Shape::U8 => d.deserialize_u8(IntVisitor("u8")),
            Shape::U16 => d.deserialize_u16(IntVisitor("u16")),
            Shape::U32 => d.deserialize_u32(IntVisitor("u32")),
            Shape::NonZeroU32 => match d.deserialize_u32(IntVisitor("a nonzero u32"))? {
                Value::Int(0) => Err(de::Error::invalid_value(
                    de::Unexpected::Unsigned(0),
                    &"a nonzero u32",
                )),
                v => Ok(v),
            },
            Shape::U64 => d.deserialize_u64(IntVisitor("u64")),
            Shape::I32 => d.deserialize_i32(IntVisitor("i32")),
            Shape::I64 => d.deserialize_i64(IntVisitor("i64")),
            Shape::Bool => d.deserialize_bool(BoolVisitor),
            Shape::Str => d.deserialize_str(StrVisitor),
            Shape::Option(inner) => d.deserialize_option(OptionVisitor(inner, depth)),
            Shape::Enum(variants) => d.deserialize_enum("", &[], EnumVisitor(variants, depth)),
            Shape::Struct(fields) => {
                d.deserialize_tuple(fields.len(), FieldsVisitor(fields, depth))
            }
            Shape::Tuple(items) => d.deserialize_tuple(items.len(), TupleVisitor(items, depth)),
            Shape::Bytes(n) => d.deserialize_tuple(*n, BytesVisitor(*n)),
            Shape::Seq(item) => d.deserialize_seq(SeqVisitor(item, depth)),
            Shape::Unsupported(what) => Err(de::Error::custom(format!(
                "{what}: aotcompat does not decode these"
            ))),
        }
    }
}

struct IntVisitor(&'static str);

impl Visitor<'_> for IntVisitor {
    type Value = Value<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_u8<E: de::Error>(self, v: u8) -> Result<Self::Value, E> {
        Ok(Value::Int(v.into()))
    }

    fn visit_u16<E: de::Error>(self, v: u16) -> Result<Self::Value, E> {
        Ok(Value::Int(v.into()))
    }

    fn visit_u32<E: de::Error>(self, v: u32) -> Result<Self::Value, E> {
        Ok(Value::Int(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Value::Int(v))
    }

    // Signed integers keep their two's-complement bits.
    fn visit_i32<E: de::Error>(self, v: i32) -> Result<Self::Value, E> {
        Ok(Value::Int(i64::from(v) as u64))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Value::Int(v as u64))
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = Value<'static>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Value::Bool(v))
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Value::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Value::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Value::Str(Cow::Owned(v)))
    }
}

struct OptionVisitor(&'static Shape, u32);

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Value::Option(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Ok(Value::some(Seed::inner(self.0, self.1).deserialize(d)?))
    }
}

struct EnumVisitor(&'static [super::Variant], u32);

impl<'de> Visitor<'de> for EnumVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let (index, access) = data.variant_seed(VariantIndex(self.0.len()))?;
        match &self.0[index as usize].payload {
            None => {
                access.unit_variant()?;
                Ok(Value::unit(index))
            }
            Some(shape) => {
                let payload = access.newtype_variant_seed(Seed::inner(shape, self.1))?;
                Ok(Value::Variant(index, Some(Box::new(payload))))
            }
        }
    }
}

/// Reads a variant index and refuses one past the last variant (the
/// number of variants is its value), with the words serde's derived impls
/// use.
#[derive(Clone, Copy)]
pub struct VariantIndex(pub usize);

impl<'de> DeserializeSeed<'de> for VariantIndex {
    type Value = u32;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u32, D::Error> {
        d.deserialize_u32(self)
    }
}

impl Visitor<'_> for VariantIndex {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "variant index 0 <= i < {}", self.0)
    }

    fn visit_u32<E: de::Error>(self, v: u32) -> Result<u32, E> {
        self.visit_u64(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
        match u32::try_from(v) {
            Ok(index) if (index as usize) < self.0 => Ok(index),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }
}

/// Reads a fixed number of items, each with its own shape, keeping what
/// `keep` makes of each item and its index.
fn read_items<'de, 'i, A: SeqAccess<'de>, T>(
    mut seq: A,
    shapes: impl ExactSizeIterator<Item = &'i Shape>,
    depth: u32,
    mut keep: impl FnMut(usize, Value<'de>) -> T,
) -> Result<Vec<T>, A::Error> {
    let len = shapes.len();
    let mut items = Vec::with_capacity(len);
    for (i, shape) in shapes.enumerate() {
        // Scalars are read with their own types: the same codec calls as
        // through a `Seed`, without a dispatch on the shape for each item.
        let item = match shape {
            Shape::Bool => seq.next_element::<bool>()?.map(Value::Bool),
            Shape::U64 => seq.next_element::<u64>()?.map(Value::Int),
            Shape::U32 => seq.next_element::<u32>()?.map(|v| Value::Int(v.into())),
            Shape::U8 => seq.next_element::<u8>()?.map(|v| Value::Int(v.into())),
            _ => seq.next_element_seed(Seed::inner(shape, depth))?,
        }
        .ok_or_else(|| de::Error::invalid_length(i, &&*format!("{len} items")))?;
        items.push(keep(i, item));
    }
    Ok(items)
}

struct FieldsVisitor(&'static [super::Field], u32);

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a struct of {} fields", self.0.len())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        read_items(seq, self.0.iter().map(|f| f.shape), self.1, |_, v| v).map(Value::List)
    }
}

/// Reads a struct of `fields` at the top level into `(name, value)` pairs
/// in field order: the same codec calls and errors as a [`Seed`] of
/// `Shape::Struct(fields)`, without the list in between.
#[derive(Clone, Copy)]
pub struct NamedFieldsSeed(pub &'static [super::Field]);

impl<'de> DeserializeSeed<'de> for NamedFieldsSeed {
    type Value = Vec<(Cow<'de, str>, Value<'de>)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_tuple(self.0.len(), self)
    }
}

impl<'de> Visitor<'de> for NamedFieldsSeed {
    type Value = Vec<(Cow<'de, str>, Value<'de>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a struct of {} fields", self.0.len())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let fields = self.0;
        read_items(seq, fields.iter().map(|f| f.shape), 0, |i, v| {
            (Cow::Borrowed(fields[i].name), v)
        })
    }
}

/// Reads a struct whose fields are all bools, at the top level, into the
/// bools: the same codec calls and errors as a [`Seed`] of that struct.
#[derive(Clone, Copy)]
pub struct BoolFieldsSeed(pub &'static [super::Field]);

impl BoolFieldsSeed {
    /// The seed for `fields`, if every one is a bool.
    pub fn of(fields: &'static [super::Field]) -> Option<BoolFieldsSeed> {
        fields
            .iter()
            .all(|f| matches!(f.shape, Shape::Bool))
            .then_some(BoolFieldsSeed(fields))
    }
}

impl<'de> DeserializeSeed<'de> for BoolFieldsSeed {
    type Value = Vec<bool>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<bool>, D::Error> {
        d.deserialize_tuple(self.0.len(), self)
    }
}

impl<'de> Visitor<'de> for BoolFieldsSeed {
    type Value = Vec<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a struct of {} fields", self.0.len())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Vec<bool>, A::Error> {
        read_items(seq, self.0.iter().map(|f| f.shape), 0, |_, v| {
            v.as_bool().unwrap_or_default()
        })
    }
}

struct TupleVisitor(&'static [&'static Shape], u32);

impl<'de> Visitor<'de> for TupleVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a tuple of {}", self.0.len())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        read_items(seq, self.0.iter().copied(), self.1, |_, v| v).map(Value::List)
    }
}

struct BytesVisitor(usize);

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} bytes", self.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut bytes = Vec::with_capacity(self.0);
        for i in 0..self.0 {
            let byte: u8 = seq
                .next_element()?
                .ok_or_else(|| de::Error::invalid_length(i, &self))?;
            bytes.push(byte);
        }
        Ok(Value::Bytes(Cow::Owned(bytes)))
    }
}

struct SeqVisitor(&'static Shape, u32);

impl<'de> Visitor<'de> for SeqVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        if self.0.min_size() == 0 {
            return Err(de::Error::custom(
                "a sequence of items that take no bytes cannot be decoded",
            ));
        }
        let reserve = seq.size_hint().unwrap_or(0).min(MAX_PREALLOCATED_ITEMS);
        let mut items = Vec::with_capacity(reserve);
        while let Some(item) = seq.next_element_seed(Seed::inner(self.0, self.1))? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
}

/// Reads one value of `shape` and keeps nothing: the same codec calls, in
/// the same order, as a [`Seed`] of that shape (and as the derived
/// `Deserialize` impls of the Rust types the shape describes), so the bytes
/// it accepts and the errors it fails with are the same, without building a
/// value. Used for the parts of a value that only have to be walked (the
/// compiled module of wasmtime 0.26 to 0.29).
#[derive(Clone, Copy)]
pub struct SkipSeed<'s> {
    /// The shape to read.
    pub shape: &'s Shape,
    depth: u32,
}

impl<'s> SkipSeed<'s> {
    /// Skips a value of `shape` at the top level.
    pub fn new(shape: &'s Shape) -> SkipSeed<'s> {
        SkipSeed { shape, depth: 0 }
    }

    fn inner(&self, shape: &'s Shape) -> SkipSeed<'s> {
        SkipSeed {
            shape,
            depth: self.depth + 1,
        }
    }
}

impl<'de> DeserializeSeed<'de> for SkipSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        use serde::Deserialize;
        if self.depth > MAX_DEPTH {
            return Err(de::Error::custom(format!(
                "values nest more than {MAX_DEPTH} levels deep (aotcompat's limit)"
            )));
        }
        match self.shape {
            Shape::U8 => u8::deserialize(d).map(drop),
            Shape::U16 => u16::deserialize(d).map(drop),
            Shape::U32 => u32::deserialize(d).map(drop),
            Shape::NonZeroU32 => std::num::NonZeroU32::deserialize(d).map(drop),
            Shape::U64 => u64::deserialize(d).map(drop),
            Shape::I32 => i32::deserialize(d).map(drop),
            Shape::I64 => i64::deserialize(d).map(drop),
            Shape::Bool => bool::deserialize(d).map(drop),
            // A borrowed `&str` would need the whole string in one piece; the
            // visitor takes any string, as `String`'s does.
            Shape::Str => d.deserialize_str(de::IgnoredAny).map(drop),
            Shape::Option(_) => d.deserialize_option(self),
            Shape::Enum(_) => d.deserialize_enum("", &[], self),
            Shape::Struct(fields) => d.deserialize_tuple(fields.len(), self),
            Shape::Tuple(items) => d.deserialize_tuple(items.len(), self),
            Shape::Bytes(n) => d.deserialize_tuple(*n, self),
            // A run of bytes (`Vec<u8>`, `Box<[u8]>`): the same bytes as a
            // sequence of `u8` (a length, then the bytes), read as one run
            // so that it is skipped, not walked byte by byte. Running out
            // partway is the reader's error to word (`format::ValueReader`
            // words it as a sequence of `u8` read one by one fails).
            Shape::Seq(Shape::U8) => d.deserialize_bytes(de::IgnoredAny).map(drop),
            Shape::Seq(item) => {
                if item.min_size() == 0 {
                    return Err(de::Error::custom(
                        "a sequence of items that take no bytes cannot be decoded",
                    ));
                }
                d.deserialize_seq(self)
            }
            Shape::Unsupported(what) => Err(de::Error::custom(format!(
                "{what}: aotcompat does not decode these"
            ))),
        }
    }
}

impl<'de> Visitor<'de> for SkipSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shape.describe())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.shape {
            Shape::Option(inner) => self.inner(inner).deserialize(d),
            _ => Err(de::Error::custom("not an option")),
        }
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        let variants = self.shape.variants();
        let (index, access) = data.variant_seed(VariantIndex(variants.len()))?;
        match variants[index as usize].payload {
            None => access.unit_variant(),
            Some(shape) => access.newtype_variant_seed(self.inner(shape)),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut next = |i: usize, shape: &Shape, len: usize| -> Result<(), A::Error> {
            seq.next_element_seed(self.inner(shape))?
                .ok_or_else(|| de::Error::invalid_length(i, &&*format!("{len} items")))
        };
        match self.shape {
            Shape::Struct(fields) => {
                for (i, f) in fields.iter().enumerate() {
                    next(i, f.shape, fields.len())?;
                }
                Ok(())
            }
            Shape::Tuple(items) => {
                for (i, shape) in items.iter().enumerate() {
                    next(i, shape, items.len())?;
                }
                Ok(())
            }
            Shape::Bytes(n) => {
                for i in 0..*n {
                    next(i, &Shape::U8, *n)?;
                }
                Ok(())
            }
            Shape::Seq(item) => {
                while seq.next_element_seed(self.inner(item))?.is_some() {}
                Ok(())
            }
            _ => Err(de::Error::custom("not a sequence")),
        }
    }
}
