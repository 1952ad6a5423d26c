//! Decoded values: what a [`Shape`](super::Shape) reads into.

use std::borrow::Cow;

/// One decoded value. It carries no names: a value is read against its
/// shape, and the shape names struct fields and enum variants.
///
/// Strings and byte runs borrow from the decoded input where the codec
/// allows it (both postcard and bincode 1 do for strings read from a
/// slice), so decoding copies no text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value<'a> {
    /// Any integer shape (`u8`, `u32`, `u64`, `NonZeroU32`).
    Int(u64),
    /// A bool.
    Bool(bool),
    /// A string.
    Str(Cow<'a, str>),
    /// A fixed-length byte run.
    Bytes(Cow<'a, [u8]>),
    /// An option: `None`, or `Some` of its value.
    Option(Option<Box<Value<'a>>>),
    /// An enum variant by index, with its payload if it has one.
    Variant(u32, Option<Box<Value<'a>>>),
    /// The items of a struct (in field order), a tuple or a sequence.
    List(Vec<Value<'a>>),
}

impl<'a> Value<'a> {
    /// A unit variant.
    pub fn unit(index: u32) -> Value<'a> {
        Value::Variant(index, None)
    }

    /// `Some(value)`.
    pub fn some(value: Value<'a>) -> Value<'a> {
        Value::Option(Some(Box::new(value)))
    }

    /// The integer, if this is one.
    pub fn as_int(&self) -> Option<u64> {
        match self {
            Value::Int(v) => Some(*v),
            _ => None,
        }
    }

    /// The bool, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(v) => Some(*v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is a list.
    pub fn as_list(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// The same value, owning everything it borrowed.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Int(v) => Value::Int(v),
            Value::Bool(v) => Value::Bool(v),
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::Bytes(b) => Value::Bytes(Cow::Owned(b.into_owned())),
            Value::Option(v) => Value::Option(v.map(|v| Box::new(v.into_owned()))),
            Value::Variant(i, v) => Value::Variant(i, v.map(|v| Box::new(v.into_owned()))),
            Value::List(items) => Value::List(items.into_iter().map(Value::into_owned).collect()),
        }
    }
}
