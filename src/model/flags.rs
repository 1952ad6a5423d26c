use crate::codec::Value;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The value of one compiler setting, as Cranelift reports it.
///
/// The variant order is the wire order (the codec writes the variant
/// index), and `Debug` prints exactly what wasmtime prints in its messages:
/// `Enum("isa_default")`, `Num(12)`, `Bool(true)`. Enum names borrow from
/// the decoded engine section where they can.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FlagValue<'a> {
    /// A named choice, such as `opt_level = "speed"`.
    Enum(Cow<'a, str>),
    /// A small number, such as `bb_padding_log2_minus_one`.
    Num(u8),
    /// An on/off setting.
    Bool(bool),
}

impl<'a> FlagValue<'a> {
    /// The same value, owning its text.
    pub fn into_owned(self) -> FlagValue<'static> {
        match self {
            FlagValue::Enum(s) => FlagValue::Enum(Cow::Owned(s.into_owned())),
            FlagValue::Num(n) => FlagValue::Num(n),
            FlagValue::Bool(b) => FlagValue::Bool(b),
        }
    }

    /// An enum value.
    pub fn enumerated(name: impl Into<Cow<'a, str>>) -> FlagValue<'a> {
        FlagValue::Enum(name.into())
    }

    /// The value to encode.
    pub(crate) fn to_value(&self) -> Value<'a> {
        let (index, payload) = match self {
            FlagValue::Enum(s) => (0, Value::Str(s.clone())),
            FlagValue::Num(n) => (1, Value::Int((*n).into())),
            FlagValue::Bool(b) => (2, Value::Bool(*b)),
        };
        Value::Variant(index, Some(Box::new(payload)))
    }
}

impl fmt::Debug for FlagValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagValue::Enum(s) => write!(f, "Enum({:?})", &**s),
            FlagValue::Num(n) => write!(f, "Num({n})"),
            FlagValue::Bool(b) => write!(f, "Bool({b})"),
        }
    }
}

impl fmt::Display for FlagValue<'_> {
    /// The bare value, as a person would write it in a configuration.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagValue::Enum(s) => f.write_str(s),
            FlagValue::Num(n) => write!(f, "{n}"),
            FlagValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A list of named flags, in the order the compiler gave them.
pub type FlagList<'a> = Vec<(Cow<'a, str>, FlagValue<'a>)>;

/// The value of flag `name` in `flags` (the first, as wasmtime looks them
/// up), if listed.
pub fn flag<'x, 'a>(
    flags: &'x [(Cow<'a, str>, FlagValue<'a>)],
    name: &str,
) -> Option<&'x FlagValue<'a>> {
    flags.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

/// Sets flag `name` in `flags`, keeping its place if listed, else adding it
/// at the end.
pub fn set_flag<'a>(flags: &mut FlagList<'a>, name: &str, value: FlagValue<'a>) {
    match flags.iter_mut().find(|(n, _)| n == name) {
        Some((_, v)) => *v = value,
        None => flags.push((Cow::Owned(name.to_string()), value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_text_matches_wasmtime_messages() {
        assert_eq!(
            format!("{:?}", FlagValue::enumerated("isa_default")),
            r#"Enum("isa_default")"#
        );
        assert_eq!(format!("{:?}", FlagValue::Num(12)), "Num(12)");
        assert_eq!(format!("{:?}", FlagValue::Bool(true)), "Bool(true)");
        assert_eq!(
            format!("{:?}", FlagValue::enumerated("a\"b\n")),
            r#"Enum("a\"b\n")"#
        );
    }
}
