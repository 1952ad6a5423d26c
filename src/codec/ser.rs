//! Writing a value of a given shape through any serde serializer.
//!
//! [`Encode`] pairs a value with its shape and implements `Serialize`, so
//! postcard's and bincode 1's own serializers write it: the bytes are the
//! ones wasmtime's derived `Serialize` impls write for the same data.

use super::{Shape, Value};
use serde::ser::{self, Serialize, SerializeSeq, SerializeTuple, Serializer};

/// Says why `value` cannot be written as `shape`, naming the first place
/// that does not fit; `Ok` when it fits everywhere.
///
/// Checked before encoding: a serializer may replace a custom error with
/// its own generic text (postcard does), and the caller deserves to know
/// which value was wrong.
pub fn fits(shape: &Shape, value: &Value<'_>) -> Result<(), String> {
    let fail = || {
        Err(format!(
            "the value {} cannot be written as {}",
            brief(value),
            shape.describe()
        ))
    };
    match (shape, value) {
        (Shape::U8, Value::Int(v)) if *v <= u8::MAX.into() => Ok(()),
        (Shape::U16, Value::Int(v)) if *v <= u16::MAX.into() => Ok(()),
        (Shape::U32, Value::Int(v)) if *v <= u32::MAX.into() => Ok(()),
        (Shape::I32, Value::Int(v)) if i32::try_from(*v as i64).is_ok() => Ok(()),
        (Shape::NonZeroU32, Value::Int(v)) if *v != 0 && *v <= u32::MAX.into() => Ok(()),
        (Shape::U64 | Shape::I64, Value::Int(_))
        | (Shape::Bool, Value::Bool(_))
        | (Shape::Str, Value::Str(_)) => Ok(()),
        (Shape::Option(_), Value::Option(None)) => Ok(()),
        (Shape::Option(inner), Value::Option(Some(v))) => fits(inner, v),
        (Shape::Enum(variants), Value::Variant(index, payload)) => {
            match (variants.get(*index as usize).map(|v| &v.payload), payload) {
                (Some(None), None) => Ok(()),
                (Some(Some(shape)), Some(value)) => fits(shape, value),
                _ => fail(),
            }
        }
        (Shape::Struct(fields), Value::List(items)) if fields.len() == items.len() => fields
            .iter()
            .zip(items)
            .try_for_each(|(f, v)| fits(f.shape, v).map_err(|e| format!("{}: {e}", f.name))),
        (Shape::Tuple(shapes), Value::List(items)) if shapes.len() == items.len() => {
            shapes.iter().zip(items).try_for_each(|(s, v)| fits(s, v))
        }
        (Shape::Bytes(n), Value::Bytes(bytes)) if bytes.len() == *n => Ok(()),
        (Shape::Seq(item), Value::List(items)) => items.iter().try_for_each(|v| fits(item, v)),
        _ => fail(),
    }
}

/// A value as a message shows it: scalars in full, containers by size.
fn brief(value: &Value<'_>) -> String {
    match value {
        Value::Int(v) => v.to_string(),
        Value::Bool(v) => v.to_string(),
        Value::Str(s) => format!("{s:?}"),
        Value::Bytes(b) => format!("of {} bytes", b.len()),
        Value::Option(None) => "none".into(),
        Value::Option(Some(v)) => format!("some {}", brief(v)),
        Value::Variant(i, _) => format!("variant #{i}"),
        Value::List(items) => format!("list of {}", items.len()),
    }
}

/// A value to write with a shape.
#[derive(Clone, Copy)]
pub struct Encode<'s, 'v, 'a> {
    /// The shape to write the value as.
    pub shape: &'s Shape,
    /// The value; it must fit the shape.
    pub value: &'v Value<'a>,
}

impl Serialize for Encode<'_, '_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mismatch = || {
            ser::Error::custom(format!(
                "a value {:?} cannot be written as {}",
                self.value,
                self.shape.describe()
            ))
        };
        match (self.shape, self.value) {
            (Shape::U8, Value::Int(v)) => s.serialize_u8(u8::try_from(*v).map_err(|_| mismatch())?),
            (Shape::U16, Value::Int(v)) => {
                s.serialize_u16(u16::try_from(*v).map_err(|_| mismatch())?)
            }
            (Shape::U32, Value::Int(v)) => {
                s.serialize_u32(u32::try_from(*v).map_err(|_| mismatch())?)
            }
            (Shape::I32, Value::Int(v)) => {
                s.serialize_i32(i32::try_from(*v as i64).map_err(|_| mismatch())?)
            }
            (Shape::I64, Value::Int(v)) => s.serialize_i64(*v as i64),
            (Shape::NonZeroU32, Value::Int(v)) if *v != 0 => {
                s.serialize_u32(u32::try_from(*v).map_err(|_| mismatch())?)
            }
            (Shape::U64, Value::Int(v)) => s.serialize_u64(*v),
            (Shape::Bool, Value::Bool(v)) => s.serialize_bool(*v),
            (Shape::Str, Value::Str(v)) => s.serialize_str(v),
            (Shape::Option(_), Value::Option(None)) => s.serialize_none(),
            (Shape::Option(inner), Value::Option(Some(v))) => s.serialize_some(&Encode {
                shape: inner,
                value: v,
            }),
            (Shape::Enum(variants), Value::Variant(index, payload)) => {
                let variant = variants.get(*index as usize).ok_or_else(mismatch)?;
                match (&variant.payload, payload) {
                    (None, None) => s.serialize_unit_variant("", *index, variant.name),
                    (Some(shape), Some(value)) => s.serialize_newtype_variant(
                        "",
                        *index,
                        variant.name,
                        &Encode { shape, value },
                    ),
                    _ => Err(mismatch()),
                }
            }
            (Shape::Struct(fields), Value::List(items)) if fields.len() == items.len() => {
                write_tuple(s, fields.iter().map(|f| f.shape).zip(items))
            }
            (Shape::Tuple(shapes), Value::List(items)) if shapes.len() == items.len() => {
                write_tuple(s, shapes.iter().copied().zip(items))
            }
            (Shape::Bytes(n), Value::Bytes(bytes)) if bytes.len() == *n => {
                let mut t = s.serialize_tuple(*n)?;
                for byte in bytes.iter() {
                    t.serialize_element(byte)?;
                }
                t.end()
            }
            (Shape::Seq(item), Value::List(items)) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for value in items {
                    seq.serialize_element(&Encode { shape: item, value })?;
                }
                seq.end()
            }
            _ => Err(mismatch()),
        }
    }
}

fn write_tuple<'x, 'a: 'x, S: Serializer>(
    s: S,
    items: impl ExactSizeIterator<Item = (&'x Shape, &'x Value<'a>)>,
) -> Result<S::Ok, S::Error> {
    let mut t = s.serialize_tuple(items.len())?;
    for (shape, value) in items {
        t.serialize_element(&Encode { shape, value })?;
    }
    t.end()
}
