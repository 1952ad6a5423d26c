//! Reading a layout's metadata straight into the model.
//!
//! Strings are read as `&str` borrowed from the input, which both codecs
//! lend when reading from a slice (as every decode here does).
//!
//! The layout's shape describes the five fields every release has, and
//! any that follow them (wasmtime 0.30 to 2.x write type tables after the
//! features; they are read as plain values and kept). The flag lists (the same
//! shape in every layout since wasmtime 3) and the generic profile's named
//! lists are read directly into the model's types, and a struct of
//! tunables or features through the generic [`Seed`], so a decode
//! allocates only what the model keeps: about 60 bytes per entry, the
//! smallest of which takes 2 bytes of input. Every read is the same serde
//! call the generic seed would make for the shape, so the codec's error
//! texts are unchanged.

use super::flags::{FlagList, FlagValue};
use crate::codec::{BoolFieldsSeed, NamedFieldsSeed, Seed, Shape, Value, VariantIndex};
use crate::profiles::tables::shapes::FLAG_LIST;
use crate::profiles::{FeatureForm, Layout, TunablesForm};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, SeqAccess, VariantAccess, Visitor,
};
use std::borrow::Cow;
use std::fmt;

/// The fields of a layout's metadata, decoded: the five of every layout,
/// then the values of the fields after them, in order.
pub(crate) struct Parts<'a> {
    pub(crate) target: Cow<'a, str>,
    pub(crate) shared_flags: FlagList<'a>,
    pub(crate) isa_flags: FlagList<'a>,
    pub(crate) tunables: TunablesPart<'a>,
    pub(crate) features: FeaturesPart<'a>,
    pub(crate) trailing: Vec<Value<'a>>,
}

/// The tunables field as its layout reads it.
pub(crate) enum TunablesPart<'a> {
    /// A struct of named fields, as `(name, value)` in field order.
    Fields(Vec<(Cow<'a, str>, Value<'a>)>),
    /// Self-named `(name, value)` pairs.
    Named(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// The features field as its layout reads it.
pub(crate) enum FeaturesPart<'a> {
    /// A struct of bools or an integer of bits.
    Value(Value<'a>),
    /// A struct of bools, read as bools.
    Bools(Vec<bool>),
    /// The names of the enabled features.
    Names(Vec<Cow<'a, str>>),
}

/// Reads [`Parts`] of `layout`.
pub(crate) struct PartsSeed(pub(crate) &'static Layout);

impl<'de> DeserializeSeed<'de> for PartsSeed {
    type Value = Parts<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Parts<'de>, D::Error> {
        d.deserialize_tuple(self.0.shape.fields().len(), self)
    }
}

/// How many of the fields every layout starts with (the target, the
/// shared flags, the ISA flags) a [`TailSeed`] does not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Known {
    /// The target and the shared flags.
    TargetAndShared,
    /// The target and both flag lists.
    TargetAndFlags,
}

impl Known {
    /// The number of leading fields known.
    pub(crate) fn fields(self) -> usize {
        match self {
            Known::TargetAndShared => 2,
            Known::TargetAndFlags => 3,
        }
    }
}

/// Reads the [`Parts`] of a layout after its first fields (which ones:
/// [`Known`]), from input that starts there (the codecs frame neither a
/// struct nor its fields, so the rest of a struct reads as a shorter
/// one); the fields not read are left empty.
pub(crate) struct TailSeed(pub(crate) &'static Layout, pub(crate) Known);

impl<'de> DeserializeSeed<'de> for TailSeed {
    type Value = Parts<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Parts<'de>, D::Error> {
        let len = self.0.shape.fields().len().saturating_sub(self.1.fields());
        d.deserialize_tuple(len, self)
    }
}

impl<'de> Visitor<'de> for TailSeed {
    type Value = Parts<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("engine metadata after its first fields")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parts<'de>, A::Error> {
        let isa_flags = match self.1 {
            Known::TargetAndShared => seq
                .next_element_seed(FlagListSeed)?
                .ok_or_else(|| de::Error::invalid_length(0, &"the layout's fields"))?,
            Known::TargetAndFlags => Vec::new(),
        };
        let (tunables, features, trailing) = read_tail(self.0, &mut seq)?;
        Ok(Parts {
            target: Cow::Borrowed(""),
            shared_flags: Vec::new(),
            isa_flags,
            tunables,
            features,
            trailing,
        })
    }
}

impl<'de> Visitor<'de> for PartsSeed {
    type Value = Parts<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("engine metadata")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parts<'de>, A::Error> {
        let fields = self.0.shape.fields();
        debug_assert!(
            std::ptr::eq(fields[1].shape, &FLAG_LIST) && std::ptr::eq(fields[2].shape, &FLAG_LIST),
            "every layout's flag lists are FLAG_LIST"
        );
        let missing = |i: usize| de::Error::invalid_length(i, &"the layout's fields");
        let target: &'de str = seq.next_element()?.ok_or_else(|| missing(0))?;
        let target = Cow::Borrowed(target);
        let shared_flags = seq
            .next_element_seed(FlagListSeed)?
            .ok_or_else(|| missing(1))?;
        let isa_flags = seq
            .next_element_seed(FlagListSeed)?
            .ok_or_else(|| missing(2))?;
        let (tunables, features, trailing) = read_tail(self.0, &mut seq)?;
        Ok(Parts {
            target,
            shared_flags,
            isa_flags,
            tunables,
            features,
            trailing,
        })
    }
}

/// Reads the fields after the flag lists: tunables, features and any
/// fields after them.
#[allow(clippy::type_complexity)]
fn read_tail<'de, A: SeqAccess<'de>>(
    layout: &'static Layout,
    seq: &mut A,
) -> Result<(TunablesPart<'de>, FeaturesPart<'de>, Vec<Value<'de>>), A::Error> {
    let fields = layout.shape.fields();
    let missing = |i: usize| de::Error::invalid_length(i, &"the layout's fields");
    let tunables = match layout.tunables {
        TunablesForm::Fields => match fields[3].shape {
            Shape::Struct(named) => seq
                .next_element_seed(NamedFieldsSeed(named))?
                .map(TunablesPart::Fields),
            _ => return Err(de::Error::custom("the layout's tunables are not a struct")),
        },
        TunablesForm::Named => seq.next_element_seed(NamedSeed)?.map(TunablesPart::Named),
    }
    .ok_or_else(|| missing(3))?;
    let features = match layout.features {
        FeatureForm::Names => seq.next_element_seed(NamesSeed)?.map(FeaturesPart::Names),
        FeatureForm::Fields => match bool_fields(fields[4].shape) {
            Some(bools) => seq.next_element_seed(bools)?.map(FeaturesPart::Bools),
            None => seq
                .next_element_seed(Seed::new(fields[4].shape))?
                .map(FeaturesPart::Value),
        },
        FeatureForm::Bits(_) => seq
            .next_element_seed(Seed::new(fields[4].shape))?
            .map(FeaturesPart::Value),
    }
    .ok_or_else(|| missing(4))?;
    let mut trailing = Vec::with_capacity(fields.len().saturating_sub(5));
    for (i, field) in fields.iter().enumerate().skip(5) {
        let value = seq.next_element_seed(Seed::new(field.shape))?;
        trailing.push(value.ok_or_else(|| missing(i))?);
    }
    Ok((tunables, features, trailing))
}

/// The seed for a struct of bools, when `shape` is one.
fn bool_fields(shape: &'static Shape) -> Option<BoolFieldsSeed> {
    match shape {
        Shape::Struct(fields) => BoolFieldsSeed::of(fields),
        _ => None,
    }
}

/// Reads the generic profile's tunables: a sequence of `(str, U64(u64) |
/// Bool(bool) | Str(str) | None)`, each value kept as the model keeps it
/// (an integer, a bool, a string, or none).
struct NamedSeed;

impl<'de> DeserializeSeed<'de> for NamedSeed {
    type Value = Vec<(Cow<'de, str>, Value<'de>)>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for NamedSeed {
    type Value = Vec<(Cow<'de, str>, Value<'de>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("named tunables")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = seq.next_element_seed(NamedEntrySeed)? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

struct NamedEntrySeed;

impl<'de> DeserializeSeed<'de> for NamedEntrySeed {
    type Value = (Cow<'de, str>, Value<'de>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_tuple(2, self)
    }
}

impl<'de> Visitor<'de> for NamedEntrySeed {
    type Value = (Cow<'de, str>, Value<'de>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a named tunable")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let name: &'de str = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &"2 items"))?;
        let value = seq
            .next_element_seed(NamedValueSeed)?
            .ok_or_else(|| de::Error::invalid_length(1, &"2 items"))?;
        Ok((Cow::Borrowed(name), value))
    }
}

/// Reads `U64(u64) | Bool(bool) | Str(str) | None` (`GENERIC_VALUE`).
struct NamedValueSeed;

impl<'de> DeserializeSeed<'de> for NamedValueSeed {
    type Value = Value<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_enum("", &[], self)
    }
}

impl<'de> Visitor<'de> for NamedValueSeed {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a tunable value")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value<'de>, A::Error> {
        let (index, access) = data.variant_seed(VariantIndex(4))?;
        Ok(match index {
            0 => Value::Int(access.newtype_variant()?),
            1 => Value::Bool(access.newtype_variant()?),
            2 => Value::Str(Cow::Borrowed(access.newtype_variant::<&'de str>()?)),
            _ => {
                access.unit_variant()?;
                Value::Option(None)
            }
        })
    }
}

/// Reads a sequence of names.
struct NamesSeed;

impl<'de> DeserializeSeed<'de> for NamesSeed {
    type Value = Vec<Cow<'de, str>>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for NamesSeed {
    type Value = Vec<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of names")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut names = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(name) = seq.next_element::<&'de str>()? {
            names.push(Cow::Borrowed(name));
        }
        Ok(names)
    }
}

/// Reads a `FLAG_LIST`: a sequence of `(str, FlagValue)`.
struct FlagListSeed;

impl<'de> DeserializeSeed<'de> for FlagListSeed {
    type Value = FlagList<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FlagList<'de>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for FlagListSeed {
    type Value = FlagList<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a flag list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FlagList<'de>, A::Error> {
        // Never reserve more than a few entries on a length prefix's word.
        let mut flags = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = seq.next_element_seed(FlagEntrySeed)? {
            flags.push(entry);
        }
        Ok(flags)
    }
}

/// Reads one `(str, FlagValue)` pair.
struct FlagEntrySeed;

impl<'de> DeserializeSeed<'de> for FlagEntrySeed {
    type Value = (Cow<'de, str>, FlagValue<'de>);

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_tuple(2, self)
    }
}

impl<'de> Visitor<'de> for FlagEntrySeed {
    type Value = (Cow<'de, str>, FlagValue<'de>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a named flag")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Both codecs lend strings out of the slice they read.
        let name: &'de str = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &"2 items"))?;
        let value = seq
            .next_element_seed(FlagValueSeed)?
            .ok_or_else(|| de::Error::invalid_length(1, &"2 items"))?;
        Ok((Cow::Borrowed(name), value))
    }
}

/// Reads a `FlagValue`: variant 0 `Enum(str)`, 1 `Num(u8)`, 2 `Bool(bool)`.
struct FlagValueSeed;

impl<'de> DeserializeSeed<'de> for FlagValueSeed {
    type Value = FlagValue<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<FlagValue<'de>, D::Error> {
        d.deserialize_enum("", &[], self)
    }
}

impl<'de> Visitor<'de> for FlagValueSeed {
    type Value = FlagValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a flag value")
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<FlagValue<'de>, A::Error> {
        let (index, access) = data.variant_seed(VariantIndex(3))?;
        Ok(match index {
            0 => FlagValue::Enum(Cow::Borrowed(access.newtype_variant::<&'de str>()?)),
            1 => FlagValue::Num(access.newtype_variant()?),
            _ => FlagValue::Bool(access.newtype_variant()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::profiles::ALL;

    #[test]
    fn every_layout_has_the_common_flag_lists() {
        for p in ALL {
            let fields = p.layout.shape.fields();
            assert!(fields.len() >= 5, "{}", p.name);
            let names: Vec<&str> = fields.iter().take(5).map(|f| f.name).collect();
            assert_eq!(
                names,
                [
                    "target",
                    "shared_flags",
                    "isa_flags",
                    "tunables",
                    "features"
                ],
                "{}",
                p.name
            );
            assert!(
                std::ptr::eq(fields[1].shape, &super::FLAG_LIST),
                "{}",
                p.name
            );
            assert!(
                std::ptr::eq(fields[2].shape, &super::FLAG_LIST),
                "{}",
                p.name
            );
        }
    }
}
