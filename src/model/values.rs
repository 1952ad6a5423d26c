//! Tunable values as text and as JSON, read and written by their shape.
//!
//! The JSON form is what `aotcompat inspect --json` prints and `stamp`
//! reads: integers as numbers, bools, strings, none as `null`, an option's
//! value as the value itself, a unit variant as its name (`"Null"`), a
//! variant with a payload as `{"Name": payload}`, a struct as an object
//! in field order, a byte run as lower-case hex.

use crate::codec::{Shape, Value};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;

/// A value as text for messages and reports: numbers and bools bare,
/// strings quoted, none as `none`, variants by name, byte runs in hex.
/// Without a shape (the generic profile's self-named tunables) variants
/// show their index.
pub fn value_text(shape: Option<&Shape>, value: &Value<'_>) -> String {
    match (shape, value) {
        (_, Value::Int(v)) => v.to_string(),
        (_, Value::Bool(v)) => v.to_string(),
        (_, Value::Str(s)) => format!("{s:?}"),
        (_, Value::Bytes(b)) => hex(b),
        (_, Value::Option(None)) => "none".into(),
        (Some(Shape::Option(inner)), Value::Option(Some(v))) => value_text(Some(inner), v),
        (_, Value::Option(Some(v))) => value_text(None, v),
        (Some(Shape::Enum(variants)), Value::Variant(i, payload)) => {
            let variant = variants.get(*i as usize);
            let name = variant.map_or_else(|| format!("#{i}"), |v| v.name.to_string());
            match (payload, variant.and_then(|v| v.payload)) {
                (None, _) => name,
                (Some(p), inner) => format!("{name}({})", value_text(inner, p)),
            }
        }
        (_, Value::Variant(i, None)) => format!("#{i}"),
        (_, Value::Variant(i, Some(p))) => format!("#{i}({})", value_text(None, p)),
        (Some(Shape::Struct(fields)), Value::List(items)) => {
            let parts: Vec<String> = fields
                .iter()
                .zip(items)
                .map(|(f, v)| format!("{}: {}", f.name, value_text(Some(f.shape), v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        (Some(Shape::Seq(item)), Value::List(items)) => {
            let parts: Vec<String> = items.iter().map(|v| value_text(Some(item), v)).collect();
            format!("[{}]", parts.join(", "))
        }
        (_, Value::List(items)) => {
            let parts: Vec<String> = items.iter().map(|v| value_text(None, v)).collect();
            format!("[{}]", parts.join(", "))
        }
    }
}

/// A value as JSON, by its shape.
pub fn value_to_json(shape: &Shape, value: &Value<'_>) -> Json {
    match (shape, value) {
        (_, Value::Int(v)) => Json::from(*v),
        (_, Value::Bool(v)) => Json::Bool(*v),
        (_, Value::Str(s)) => Json::String(s.to_string()),
        (_, Value::Bytes(b)) => Json::String(hex(b)),
        (_, Value::Option(None)) => Json::Null,
        (Shape::Option(inner), Value::Option(Some(v))) => value_to_json(inner, v),
        (Shape::Enum(variants), Value::Variant(i, payload)) => {
            let variant = &variants[*i as usize];
            match (payload, variant.payload) {
                (Some(p), Some(inner)) => {
                    let mut map = Map::new();
                    map.insert(variant.name.to_string(), value_to_json(inner, p));
                    Json::Object(map)
                }
                _ => Json::String(variant.name.to_string()),
            }
        }
        (Shape::Struct(fields), Value::List(items)) => Json::Object(
            fields
                .iter()
                .zip(items)
                .map(|(f, v)| (f.name.to_string(), value_to_json(f.shape, v)))
                .collect(),
        ),
        (Shape::Tuple(shapes), Value::List(items)) => Json::Array(
            shapes
                .iter()
                .zip(items)
                .map(|(s, v)| value_to_json(s, v))
                .collect(),
        ),
        (Shape::Seq(item), Value::List(items)) => {
            Json::Array(items.iter().map(|v| value_to_json(item, v)).collect())
        }
        (_, other) => Json::String(value_text(None, other)),
    }
}

/// Reads a value of `shape` from its JSON form; the error names what was
/// expected.
pub fn value_from_json(shape: &Shape, json: &Json) -> Result<Value<'static>, String> {
    let expected = || {
        format!(
            "expected {}, found {json}",
            super::metadata::describe(shape)
        )
    };
    Ok(match (shape, json) {
        (Shape::U8 | Shape::U32 | Shape::NonZeroU32 | Shape::U64, Json::Number(n)) => {
            let v = n.as_u64().ok_or_else(expected)?;
            let value = Value::Int(v);
            crate::codec::fits(shape, &value).map_err(|_| expected())?;
            value
        }
        (Shape::Bool, Json::Bool(b)) => Value::Bool(*b),
        (Shape::Str, Json::String(s)) => Value::Str(Cow::Owned(s.clone())),
        (Shape::Bytes(n), Json::String(s)) => {
            let bytes = from_hex(s).ok_or_else(expected)?;
            if bytes.len() != *n {
                return Err(expected());
            }
            Value::Bytes(Cow::Owned(bytes))
        }
        (Shape::Option(_), Json::Null) => Value::Option(None),
        (Shape::Option(inner), other) => {
            Value::some(value_from_json(inner, other).map_err(|_| expected())?)
        }
        (Shape::Enum(variants), Json::String(name)) => {
            let i = variants
                .iter()
                .position(|v| v.name == name && v.payload.is_none())
                .ok_or_else(expected)?;
            Value::unit(i as u32)
        }
        (Shape::Enum(variants), Json::Object(map)) if map.len() == 1 => {
            let (name, payload) = map.iter().next().expect("one entry");
            let (i, inner) = variants
                .iter()
                .enumerate()
                .find_map(|(i, v)| (v.name == name).then_some((i, v.payload?)))
                .ok_or_else(expected)?;
            Value::Variant(i as u32, Some(Box::new(value_from_json(inner, payload)?)))
        }
        (Shape::Struct(fields), Json::Object(map)) => Value::List(
            fields
                .iter()
                .map(|f| {
                    let v = map
                        .get(f.name)
                        .ok_or_else(|| format!("missing `{}`", f.name))?;
                    value_from_json(f.shape, v).map_err(|e| format!("`{}`: {e}", f.name))
                })
                .collect::<Result<_, _>>()?,
        ),
        (Shape::Tuple(shapes), Json::Array(items)) if shapes.len() == items.len() => Value::List(
            shapes
                .iter()
                .zip(items)
                .map(|(s, v)| value_from_json(s, v))
                .collect::<Result<_, _>>()?,
        ),
        (Shape::Seq(item), Json::Array(items)) => Value::List(
            items
                .iter()
                .map(|v| value_from_json(item, v))
                .collect::<Result<_, _>>()?,
        ),
        _ => return Err(expected()),
    })
}

/// Bytes as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Hex digits (either case) as bytes.
pub(crate) fn from_hex(hex: &str) -> Option<Vec<u8>> {
    if hex.len() % 2 != 0 {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|p| u8::from_str_radix(p, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Variant;

    static E: Shape = Shape::Enum(&[
        Variant::newtype("Table", &Shape::Bytes(2)),
        Variant::unit("Default"),
    ]);
    static C: Shape = Shape::Option(&Shape::Enum(&[Variant::unit("Drc"), Variant::unit("Null")]));

    #[test]
    fn json_round_trips_by_shape() {
        let cases: Vec<(&Shape, Value<'static>, Json)> = vec![
            (&C, Value::some(Value::unit(1)), serde_json::json!("Null")),
            (&C, Value::Option(None), Json::Null),
            (&E, Value::unit(1), serde_json::json!("Default")),
            (
                &E,
                Value::Variant(0, Some(Box::new(Value::Bytes(Cow::Owned(vec![1, 0xab]))))),
                serde_json::json!({"Table": "01ab"}),
            ),
            (&Shape::U32, Value::Int(7), serde_json::json!(7)),
        ];
        for (shape, value, json) in cases {
            assert_eq!(value_to_json(shape, &value), json);
            assert_eq!(value_from_json(shape, &json).unwrap(), value);
        }
        assert_eq!(
            value_from_json(&Shape::U32, &serde_json::json!(1u64 << 40)).unwrap_err(),
            "expected an integer from 0 to 4294967295, found 1099511627776"
        );
        assert_eq!(
            value_from_json(&C, &serde_json::json!("Copying")).unwrap_err(),
            "expected none or one of Drc, Null, found \"Copying\""
        );
    }

    #[test]
    fn text_names_variants() {
        assert_eq!(value_text(Some(&C), &Value::some(Value::unit(0))), "Drc");
        assert_eq!(value_text(Some(&C), &Value::Option(None)), "none");
        assert_eq!(value_text(None, &Value::Str("x".into())), "\"x\"");
    }
}
