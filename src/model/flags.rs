use serde::{Deserialize, Serialize};
use std::fmt;

/// The value of one compiler setting, as Cranelift reports it.
///
/// The variant order is the wire order (postcard writes the variant index),
/// and `Debug` prints exactly what wasmtime prints in its messages:
/// `Enum("isa_default")`, `Num(12)`, `Bool(true)`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FlagValue {
    /// A named choice, such as `opt_level = "speed"`.
    Enum(String),
    /// A small number, such as `bb_padding_log2_minus_one`.
    Num(u8),
    /// An on/off setting.
    Bool(bool),
}

impl fmt::Debug for FlagValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagValue::Enum(s) => write!(f, "Enum({s:?})"),
            FlagValue::Num(n) => write!(f, "Num({n})"),
            FlagValue::Bool(b) => write!(f, "Bool({b})"),
        }
    }
}

impl fmt::Display for FlagValue {
    /// The bare value, as a person would write it in a configuration.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlagValue::Enum(s) => f.write_str(s),
            FlagValue::Num(n) => write!(f, "{n}"),
            FlagValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_text_matches_wasmtime_messages() {
        assert_eq!(
            format!("{:?}", FlagValue::Enum("isa_default".into())),
            r#"Enum("isa_default")"#
        );
        assert_eq!(format!("{:?}", FlagValue::Num(12)), "Num(12)");
        assert_eq!(format!("{:?}", FlagValue::Bool(true)), "Bool(true)");
        assert_eq!(
            format!("{:?}", FlagValue::Enum("a\"b\n".into())),
            r#"Enum("a\"b\n")"#
        );
    }
}
