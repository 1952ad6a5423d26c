pub(crate) use super::decode::Known;
use super::decode::{FeaturesPart, Parts, PartsSeed, TailSeed, TunablesPart};
use super::flags::{flag, set_flag, FlagList, FlagValue};
use super::values::{value_from_json, value_to_json};
use crate::codec::{self, DecodeError, Field, Shape, Value};
use crate::format::{FormatError, Payload};
use crate::profiles::{FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm};
use serde_json::Value as Json;
use std::borrow::Cow;
use std::fmt;

/// Everything an engine section says about how an artifact was compiled,
/// whatever the release that wrote it.
///
/// The target and the flag lists have the same form in every layout.
/// Tunables are named values in the layout's order, named as the writing
/// wasmtime names them (or, in the generic profile, as the writer listed
/// them). Features are named booleans, whether the wire had a struct of
/// bools, a bit set or a list of names. Fields a layout has after the
/// features (wasmtime 0.30 to 2.x's type tables) are kept as plain values,
/// so that the metadata encodes back to the bytes it was decoded from; no
/// check reads them.
///
/// Text borrows from the decoded engine section (`'a`); [`into_owned`]
/// detaches it.
///
/// [`into_owned`]: Metadata::into_owned
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Metadata<'a> {
    layout: &'static Layout,
    /// The target triple, as the compiler printed it.
    pub target: Cow<'a, str>,
    /// Cranelift's shared (target-independent) settings, in compiler order.
    pub shared_flags: FlagList<'a>,
    /// Cranelift's ISA (CPU feature) settings, in compiler order.
    pub isa_flags: FlagList<'a>,
    tunables: Vec<(Cow<'a, str>, Value<'a>)>,
    features: Features<'a>,
    /// The values of the layout's fields after `features`, in order.
    trailing: Vec<Value<'a>>,
}

/// The features, kept in the layout's own form so that encoding gives back
/// the bytes decoded.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Features<'a> {
    /// One bool per field of the layout's feature struct.
    Fields(Vec<bool>),
    /// wasmparser's bits, unknown ones included.
    Bits(u64),
    /// The names of the enabled features.
    Names(Vec<Cow<'a, str>>),
}

/// Why a value cannot be set: what is wrong, and the message that says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetError {
    /// What is wrong.
    pub kind: SetErrorKind,
    /// The message, naming the setting and what it takes.
    pub message: String,
}

/// What is wrong with a setting that cannot be set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetErrorKind {
    /// The layout has no setting (or enum variant) of that name.
    UnknownName,
    /// The value is not of the setting's type.
    WrongValue,
}

impl SetError {
    fn unknown(message: String) -> SetError {
        SetError {
            kind: SetErrorKind::UnknownName,
            message,
        }
    }

    fn wrong(message: String) -> SetError {
        SetError {
            kind: SetErrorKind::WrongValue,
            message,
        }
    }
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SetError {}

impl<'a> Metadata<'a> {
    /// Metadata of `layout` for `target`: no flags, every tunable at the
    /// zero of its shape (0, false, none, the first variant) and every
    /// feature off. Meant as a start for builders; a profile's defaults
    /// are [`crate::model::EngineBuilder::native`]'s.
    pub fn empty(layout: &'static Layout, target: &str) -> Metadata<'static> {
        let tunables = match layout.tunables {
            TunablesForm::Fields => layout
                .tunables_shape()
                .fields()
                .iter()
                .map(|f| (Cow::Borrowed(f.name), zero(f.shape)))
                .collect(),
            TunablesForm::Named => Vec::new(),
        };
        let features = match layout.features {
            FeatureForm::Fields => {
                Features::Fields(vec![false; layout.features_shape().fields().len()])
            }
            FeatureForm::Bits(_) => Features::Bits(0),
            FeatureForm::Names => Features::Names(Vec::new()),
        };
        let trailing = layout
            .trailing_fields()
            .iter()
            .map(|f| zero(f.shape))
            .collect();
        Metadata {
            layout,
            target: Cow::Owned(target.to_string()),
            shared_flags: Vec::new(),
            isa_flags: Vec::new(),
            tunables,
            features,
            trailing,
        }
    }

    /// Decodes a payload with `layout`: the codec's own error on bytes
    /// that do not fit.
    pub fn decode(layout: &'static Layout, payload: &'a [u8]) -> Result<Metadata<'a>, DecodeError> {
        let parts = codec::decode_seed(layout.codec, PartsSeed(layout), payload)?;
        let md = Metadata::from_parts(layout, parts).ok_or_else(|| {
            DecodeError::new(format!(
                "the {} layout decoded values of unexpected shapes",
                layout.name
            ))
        })?;
        if layout.trailing_bytes == TrailingBytes::Refused {
            let used = md.encode().map_or(payload.len(), |b| b.len());
            if used < payload.len() {
                return Err(DecodeError::new(format!(
                    "the engine metadata is followed by {} unexpected byte(s)",
                    payload.len() - used
                )));
            }
        }
        Ok(md)
    }

    /// Decodes metadata as the bounded reader read it ([`Payload`]): the
    /// whole of it, or a prefix that the decode did not read past. Gives
    /// what [`Metadata::decode`] gives on the whole metadata, except that
    /// metadata which does not decode within [`crate::format::MAX_ENGINE_PAYLOAD`]
    /// bytes of a longer section is refused as too large.
    pub fn decode_read(
        layout: &'static Layout,
        payload: &'a Payload<'_>,
    ) -> Result<Metadata<'a>, DecodeError> {
        let bytes: &'a [u8] = &payload.bytes;
        let whole = bytes.len() as u64 == payload.total;
        match Metadata::decode(layout, bytes) {
            Err(e) if payload.capped && ran_out(&e) => Err(DecodeError::new(
                FormatError::MetadataTooLarge(payload.total).to_string(),
            )),
            Ok(md) if !whole && layout.trailing_bytes == TrailingBytes::Refused => {
                let used = md.encode().map_or(bytes.len(), |b| b.len()) as u64;
                Err(DecodeError::new(format!(
                    "the engine metadata is followed by {} unexpected byte(s)",
                    payload.total - used
                )))
            }
            other => other,
        }
    }

    /// Whether `prefix`, the start of some metadata, is enough to know
    /// what decoding the whole gives: it decodes, or fails on something
    /// other than running out of bytes (the codecs read front to back and
    /// never look past what they use). A layout that refuses trailing
    /// bytes needs the whole.
    pub fn prefix_suffices(layout: &'static Layout, prefix: &[u8]) -> bool {
        if layout.trailing_bytes == TrailingBytes::Refused {
            return false;
        }
        match Metadata::decode(layout, prefix) {
            Ok(_) => true,
            Err(e) => !ran_out(&e),
        }
    }

    fn from_parts(layout: &'static Layout, parts: Parts<'a>) -> Option<Metadata<'a>> {
        let Parts {
            target,
            shared_flags,
            isa_flags,
            tunables,
            features,
            trailing,
        } = parts;
        let tunables = match tunables {
            TunablesPart::Fields(entries) | TunablesPart::Named(entries) => entries,
        };
        let features = match (layout.features, features) {
            (FeatureForm::Fields, FeaturesPart::Bools(bools)) => Features::Fields(bools),
            (FeatureForm::Fields, FeaturesPart::Value(Value::List(bools))) => {
                Features::Fields(bools.iter().map(Value::as_bool).collect::<Option<_>>()?)
            }
            (FeatureForm::Bits(_), FeaturesPart::Value(Value::Int(bits))) => Features::Bits(bits),
            (FeatureForm::Names, FeaturesPart::Names(names)) => Features::Names(names),
            _ => return None,
        };
        let mut md = Metadata {
            layout,
            target,
            shared_flags,
            isa_flags,
            tunables,
            features,
            trailing,
        };
        if layout.flags == FlagOrder::Sorted {
            md.shared_flags = sorted(md.shared_flags);
            md.isa_flags = sorted(md.isa_flags);
        }
        Some(md)
    }

    /// The payload bytes of this metadata in its layout.
    pub fn encode(&self) -> Result<Vec<u8>, codec::EncodeError> {
        codec::encode(self.layout.codec, self.layout.shape, &self.to_value())
    }

    /// The first bytes of [`Metadata::encode`]: the fields `known` names.
    pub(crate) fn encode_head(&self, known: Known) -> Result<Vec<u8>, codec::EncodeError> {
        let Value::List(mut fields) = self.to_value() else {
            unreachable!("metadata is a list of fields")
        };
        fields.truncate(known.fields());
        let head = &self.layout.shape.fields()[..known.fields()];
        codec::encode(
            self.layout.codec,
            &Shape::Struct(head),
            &Value::List(fields),
        )
    }

    /// Decodes metadata of `layout` whose first fields (which ones:
    /// `known`) were already matched byte for byte and are not wanted:
    /// `tail` starts after them. The result has an empty target and no
    /// flags but the ones decoded; the caller knows the others. Trailing
    /// bytes are not judged (only a layout that ignores them may be read
    /// so).
    pub(crate) fn decode_tail(
        layout: &'static Layout,
        tail: &'a [u8],
        known: Known,
    ) -> Result<Metadata<'a>, DecodeError> {
        debug_assert_eq!(layout.trailing_bytes, TrailingBytes::Ignored);
        let parts = codec::decode_seed(layout.codec, TailSeed(layout, known), tail)?;
        Metadata::from_parts(layout, parts)
            .ok_or_else(|| DecodeError::new("unexpected shapes after the flags"))
    }

    fn to_value(&self) -> Value<'a> {
        let flag_list = |flags: &FlagList<'a>| {
            Value::List(
                flags
                    .iter()
                    .map(|(n, v)| Value::List(vec![Value::Str(n.clone()), v.to_value()]))
                    .collect(),
            )
        };
        let tunables = match self.layout.tunables {
            TunablesForm::Fields => {
                Value::List(self.tunables.iter().map(|(_, v)| v.clone()).collect())
            }
            TunablesForm::Named => Value::List(
                self.tunables
                    .iter()
                    .map(|(n, v)| Value::List(vec![Value::Str(n.clone()), named_wire(v)]))
                    .collect(),
            ),
        };
        let features = match &self.features {
            Features::Fields(bools) => Value::List(bools.iter().map(|b| Value::Bool(*b)).collect()),
            Features::Bits(bits) => Value::Int(*bits),
            Features::Names(names) => {
                Value::List(names.iter().map(|n| Value::Str(n.clone())).collect())
            }
        };
        let mut fields = vec![
            Value::Str(self.target.clone()),
            flag_list(&self.shared_flags),
            flag_list(&self.isa_flags),
            tunables,
            features,
        ];
        fields.extend(self.trailing.iter().cloned());
        Value::List(fields)
    }

    /// The same metadata, owning all of its text.
    pub fn into_owned(self) -> Metadata<'static> {
        let owned = |s: Cow<'a, str>| Cow::Owned(s.into_owned());
        let owned_flags = |flags: FlagList<'a>| {
            flags
                .into_iter()
                .map(|(n, v)| (owned(n), v.into_owned()))
                .collect()
        };
        Metadata {
            layout: self.layout,
            target: owned(self.target),
            shared_flags: owned_flags(self.shared_flags),
            isa_flags: owned_flags(self.isa_flags),
            tunables: self
                .tunables
                .into_iter()
                .map(|(n, v)| (owned(n), v.into_owned()))
                .collect(),
            features: match self.features {
                Features::Fields(b) => Features::Fields(b),
                Features::Bits(b) => Features::Bits(b),
                Features::Names(n) => Features::Names(n.into_iter().map(owned).collect()),
            },
            trailing: self.trailing.into_iter().map(Value::into_owned).collect(),
        }
    }

    /// The layout this metadata is written in.
    pub fn layout(&self) -> &'static Layout {
        self.layout
    }

    /// The fields the layout has after `features`, with their values, in
    /// order (none in every layout since wasmtime 3).
    pub fn trailing_fields(&self) -> impl ExactSizeIterator<Item = (&'static Field, &Value<'a>)> {
        self.layout.trailing_fields().iter().zip(&self.trailing)
    }

    /// Resets every trailing field to its empty value.
    pub fn clear_trailing_fields(&mut self) {
        let fields = self.layout.trailing_fields();
        self.trailing = fields.iter().map(|f| zero(f.shape)).collect();
    }

    /// Replaces the value of trailing field `name` (see
    /// [`Metadata::trailing_fields`]); it must fit the field's shape.
    pub fn set_trailing_field(&mut self, name: &str, value: Value<'a>) -> Result<(), SetError> {
        let fields = self.layout.trailing_fields();
        let Some(at) = fields.iter().position(|f| f.name == name) else {
            return Err(SetError::unknown(format!(
                "the {} layout has no field `{name}` after the features",
                self.layout.name
            )));
        };
        codec::fits(fields[at].shape, &value).map_err(SetError::wrong)?;
        self.trailing[at] = value;
        Ok(())
    }

    /// The value of shared flag `name`, if listed.
    pub fn shared_flag(&self, name: &str) -> Option<&FlagValue<'a>> {
        flag(&self.shared_flags, name)
    }

    /// The value of ISA flag `name`, if listed.
    pub fn isa_flag(&self, name: &str) -> Option<&FlagValue<'a>> {
        flag(&self.isa_flags, name)
    }

    /// Sets shared flag `name`, keeping its place if listed.
    pub fn set_shared_flag(&mut self, name: &str, value: FlagValue<'a>) {
        set_flag(&mut self.shared_flags, name, value);
    }

    /// Sets ISA flag `name`, keeping its place if listed.
    pub fn set_isa_flag(&mut self, name: &str, value: FlagValue<'a>) {
        set_flag(&mut self.isa_flags, name, value);
    }

    /// Every tunable with its value, in the layout's (or the writer's)
    /// order.
    pub fn tunables(&self) -> impl ExactSizeIterator<Item = (&str, &Value<'a>)> + '_ {
        self.tunables.iter().map(|(n, v)| (&**n, v))
    }

    /// The value of tunable `name`, if the metadata has it.
    pub fn tunable(&self, name: &str) -> Option<&Value<'a>> {
        self.tunables
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    /// Where tunable `name` is in [`Metadata::tunables`]: the same place in
    /// every metadata of a layout of named fields.
    pub(crate) fn tunable_position(&self, name: &str) -> Option<usize> {
        self.tunables.iter().position(|(n, _)| n == name)
    }

    /// The name and value of the tunable at `position`.
    pub(crate) fn tunable_entry_at(&self, position: usize) -> Option<(&str, &Value<'a>)> {
        self.tunables.get(position).map(|(n, v)| (&**n, v))
    }

    /// The value of the tunable at `position`.
    pub(crate) fn tunable_at(&self, position: usize) -> Option<&Value<'a>> {
        self.tunables.get(position).map(|(_, v)| v)
    }

    /// The bools of a layout whose features are a struct of bools, in field
    /// order.
    pub(crate) fn feature_fields(&self) -> Option<&[bool]> {
        match &self.features {
            Features::Fields(bools) => Some(bools),
            _ => None,
        }
    }

    /// The shape of tunable `name` in a layout of named fields.
    pub fn tunable_shape(&self, name: &str) -> Option<&'static Shape> {
        self.layout
            .tunables_shape()
            .fields()
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.shape)
    }

    /// The shape of tunable `name`, or the error that names the ones the
    /// layout has.
    fn known_tunable(&self, name: &str) -> Result<&'static Shape, SetError> {
        self.tunable_shape(name).ok_or_else(|| {
            let known: Vec<&str> = self
                .layout
                .tunables_shape()
                .fields()
                .iter()
                .map(|f| f.name)
                .collect();
            SetError::unknown(format!(
                "unknown tunable `{name}`: the {} layout has {}",
                self.layout.name,
                known.join(", ")
            ))
        })
    }

    /// Tunable `name`'s value as JSON: by its shape (see
    /// [`crate::model::value_to_json`]), or in the generic profile a
    /// number, a bool, a string or `null`.
    pub fn tunable_to_json(&self, name: &str) -> Option<Json> {
        let value = self.tunable(name)?;
        Some(match self.tunable_shape(name) {
            Some(shape) => value_to_json(shape, value),
            None => match value {
                Value::Int(n) => Json::from(*n),
                Value::Bool(b) => Json::Bool(*b),
                Value::Str(s) => Json::String(s.to_string()),
                _ => Json::Null,
            },
        })
    }

    /// The value `json` stands for as tunable `name` (the form
    /// [`Metadata::tunable_to_json`] gives). A string that names no
    /// variant of an enum-shaped tunable is an unknown name; any other
    /// misfit a wrong value.
    pub fn tunable_from_json(&self, name: &str, json: &Json) -> Result<Value<'static>, SetError> {
        if self.layout.tunables == TunablesForm::Named {
            return match json {
                Json::Number(n) => n.as_u64().map(Value::Int).ok_or_else(|| {
                    SetError::wrong(format!(
                        "tunable `{name}` takes an integer from 0 to 2^64-1, not {n}"
                    ))
                }),
                Json::Bool(b) => Ok(Value::Bool(*b)),
                Json::String(s) => Ok(Value::Str(Cow::Owned(s.clone()))),
                Json::Null => Ok(Value::Option(None)),
                other => Err(SetError::wrong(format!(
                    "tunable `{name}` takes an integer, true or false, a string or null, not {other}"
                ))),
            };
        }
        let shape = self.known_tunable(name)?;
        value_from_json(shape, json).map_err(|e| {
            let variants = shape.variants();
            match json {
                Json::String(s) if !variants.is_empty() && variants.iter().all(|v| v.name != s) => {
                    let names: Vec<&str> = variants.iter().map(|v| v.name).collect();
                    SetError::unknown(format!(
                        "tunable `{name}` has no variant `{s}`: expected one of {}",
                        names.join(", ")
                    ))
                }
                _ => SetError::wrong(format!("tunable `{name}`: {e}")),
            }
        })
    }

    /// Sets tunable `name`. In a layout of named fields the name must be
    /// one of them and the value must fit its shape; in the generic
    /// profile any name can be set, to an integer, a bool, a string or
    /// none.
    pub fn set_tunable(&mut self, name: &str, value: Value<'a>) -> Result<(), SetError> {
        match self.layout.tunables {
            TunablesForm::Fields => {
                let shape = self.known_tunable(name)?;
                codec::fits(shape, &value).map_err(|_| {
                    SetError::wrong(format!("tunable `{name}` is {}", describe(shape)))
                })?;
                let slot = self.tunables.iter_mut().find(|(n, _)| n == name);
                slot.expect("every field has a value").1 = value;
            }
            TunablesForm::Named => {
                if !matches!(
                    value,
                    Value::Int(_) | Value::Bool(_) | Value::Str(_) | Value::Option(None)
                ) {
                    return Err(SetError::wrong(format!(
                        "tunable `{name}` must be an integer, a bool, a string or none"
                    )));
                }
                match self.tunables.iter_mut().find(|(n, _)| n == name) {
                    Some((_, v)) => *v = value,
                    None => self.tunables.push((Cow::Owned(name.to_string()), value)),
                }
            }
        }
        Ok(())
    }

    /// Every feature the layout names, with whether it is enabled, in the
    /// layout's order (the generic profile lists its enabled features).
    pub fn features(&self) -> Vec<(&str, bool)> {
        match (&self.features, self.layout.features) {
            (Features::Fields(bools), _) => self
                .layout
                .features_shape()
                .fields()
                .iter()
                .map(|f| f.name)
                .zip(bools.iter().copied())
                .collect(),
            (Features::Bits(bits), FeatureForm::Bits(table)) => table
                .flags
                .iter()
                .map(|f| (f.name, bits & f.mask == f.mask))
                .collect(),
            (Features::Names(names), _) => names.iter().map(|n| (&**n, true)).collect(),
            (Features::Bits(_), _) => Vec::new(),
        }
    }

    /// Whether feature `name` is enabled; `None` when the layout does not
    /// know the name (in the generic profile every name is known, and
    /// unlisted ones are off).
    pub fn feature(&self, name: &str) -> Option<bool> {
        match (&self.features, self.layout.features) {
            (Features::Fields(bools), _) => self
                .layout
                .features_shape()
                .fields()
                .iter()
                .position(|f| f.name == name)
                .map(|i| bools[i]),
            (Features::Bits(bits), FeatureForm::Bits(table)) => {
                table.mask(name).map(|mask| bits & mask == mask)
            }
            (Features::Names(names), _) => Some(names.iter().any(|n| n == name)),
            (Features::Bits(_), _) => None,
        }
    }

    /// Enables or disables feature `name`. In a bit set, all of the flag's
    /// bits are set or cleared, as wasmparser's `WasmFeatures::set` does.
    pub fn set_feature(&mut self, name: &str, on: bool) -> Result<(), SetError> {
        let unknown = || {
            SetError::unknown(format!(
                "unknown feature `{name}`: the {} layout has {}",
                self.layout.name,
                self.layout.feature_names().join(", ")
            ))
        };
        match (&mut self.features, self.layout.features) {
            (Features::Fields(bools), _) => {
                let fields = self.layout.features_shape().fields();
                let i = fields
                    .iter()
                    .position(|f| f.name == name)
                    .ok_or_else(unknown)?;
                bools[i] = on;
            }
            (Features::Bits(bits), FeatureForm::Bits(table)) => {
                let mask = table.mask(name).ok_or_else(unknown)?;
                if on {
                    *bits |= mask;
                } else {
                    *bits &= !mask;
                }
            }
            (Features::Names(names), _) => {
                let present = names.iter().any(|n| n == name);
                if on && !present {
                    names.push(Cow::Owned(name.to_string()));
                } else if !on {
                    names.retain(|n| n != name);
                }
            }
            (Features::Bits(_), _) => return Err(unknown()),
        }
        Ok(())
    }

    /// The raw feature bits, in a layout that writes them.
    pub fn feature_bits(&self) -> Option<u64> {
        match self.features {
            Features::Bits(bits) => Some(bits),
            _ => None,
        }
    }

    /// Replaces the raw feature bits, in a layout that writes them.
    pub fn set_feature_bits(&mut self, bits: u64) -> Result<(), SetError> {
        match &mut self.features {
            Features::Bits(b) => {
                *b = bits;
                Ok(())
            }
            _ => Err(SetError::wrong(format!(
                "the {} layout has no feature bits",
                self.layout.name
            ))),
        }
    }

    /// The feature bits no enabled named flag accounts for: bits the
    /// layout's wasmparser does not name, or part of a multi-bit flag.
    pub fn unnamed_feature_bits(&self) -> u64 {
        match (&self.features, self.layout.features) {
            (Features::Bits(bits), FeatureForm::Bits(table)) => {
                let named = table
                    .flags
                    .iter()
                    .filter(|f| bits & f.mask == f.mask)
                    .fold(0, |acc, f| acc | f.mask);
                bits & !named
            }
            _ => 0,
        }
    }
}

impl fmt::Debug for Metadata<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metadata")
            .field("layout", &self.layout.name)
            .field("target", &self.target)
            .field("shared_flags", &self.shared_flags)
            .field("isa_flags", &self.isa_flags)
            .field("tunables", &self.tunables)
            .field("features", &self.features)
            .field("trailing", &self.trailing)
            .finish()
    }
}

/// What a shape is, for a person: `an integer`, `one of Yes, No`.
pub(crate) fn describe(shape: &Shape) -> String {
    match shape {
        Shape::U8 => "an integer from 0 to 255".into(),
        Shape::U32 => "an integer from 0 to 4294967295".into(),
        Shape::NonZeroU32 => "an integer from 1 to 4294967295".into(),
        Shape::U64 => "an integer".into(),
        Shape::Bool => "true or false".into(),
        Shape::Option(inner) => format!("none or {}", describe(inner)),
        Shape::Enum(variants) if variants.iter().all(|v| v.payload.is_none()) => {
            let names: Vec<&str> = variants.iter().map(|v| v.name).collect();
            format!("one of {}", names.join(", "))
        }
        other => other.describe(),
    }
}

/// The zero value of a shape: what an empty builder starts from.
fn zero(shape: &Shape) -> Value<'static> {
    match shape {
        Shape::U8 | Shape::U16 | Shape::U32 | Shape::U64 | Shape::I32 | Shape::I64 => Value::Int(0),
        Shape::NonZeroU32 => Value::Int(1),
        Shape::Bool => Value::Bool(false),
        Shape::Str => Value::Str(Cow::Borrowed("")),
        Shape::Option(_) => Value::Option(None),
        Shape::Enum(variants) => match variants.iter().position(|v| v.payload.is_none()) {
            Some(i) => Value::unit(i as u32),
            None => Value::Variant(
                0,
                Some(Box::new(zero(variants[0].payload.expect("payload")))),
            ),
        },
        Shape::Struct(fields) => Value::List(fields.iter().map(|f| zero(f.shape)).collect()),
        Shape::Tuple(items) => Value::List(items.iter().map(|s| zero(s)).collect()),
        Shape::Seq(_) => Value::List(Vec::new()),
        Shape::Bytes(n) => Value::Bytes(Cow::Owned(vec![0; *n])),
        // Never a field of its own: only ever inside a sequence.
        Shape::Unsupported(_) => Value::List(Vec::new()),
    }
}

/// A `BTreeMap`'s view of a flag list: sorted, a later duplicate replacing
/// an earlier one.
fn sorted<'a>(flags: FlagList<'a>) -> FlagList<'a> {
    let mut map = std::collections::BTreeMap::new();
    for (name, value) in flags {
        map.insert(name, value);
    }
    map.into_iter().collect()
}

/// A generic tunable value as it goes on the wire; anything that is not an
/// integer, a bool or a string is written as none.
fn named_wire<'a>(value: &Value<'a>) -> Value<'a> {
    let (index, payload) = match value {
        Value::Int(_) => (0, value.clone()),
        Value::Bool(_) => (1, value.clone()),
        Value::Str(_) => (2, value.clone()),
        _ => return Value::unit(3),
    };
    Value::Variant(index, Some(Box::new(payload)))
}

/// Whether a decode failed only because its input ended: postcard's
/// message, then bincode 1's two ways of saying it.
fn ran_out(e: &DecodeError) -> bool {
    matches!(
        e.to_string().as_str(),
        "Hit the end of buffer, expected more data"
            | "io error: "
            | "io error: unexpected end of file"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EngineBuilder;
    use crate::profiles::{GENERIC, WASMTIME_31, WASMTIME_50};

    /// wasmtime 31's default tunables and features with a few flags.
    fn sample_31() -> Metadata<'static> {
        let mut b = EngineBuilder::new(&WASMTIME_31);
        b.target("x86_64-unknown-linux-gnu")
            .shared_flag("opt_level", FlagValue::enumerated("speed"))
            .isa_flag("has_avx", FlagValue::Bool(true))
            .isa_flag("n", FlagValue::Num(44));
        b.metadata().clone()
    }

    #[test]
    fn wasmtime_31_wire_bytes_are_pinned() {
        let bytes = sample_31().encode().unwrap();
        let mut expected = vec![24u8];
        expected.extend_from_slice(b"x86_64-unknown-linux-gnu");
        // shared flags: 1 entry, "opt_level", Enum(0) "speed"
        expected.extend_from_slice(b"\x01\x09opt_level\x00\x05speed");
        // isa flags: 2 entries, Bool(2) true, Num(1) 44
        expected.extend_from_slice(b"\x02\x07has_avx\x02\x01\x01n\x01\x2c");
        // tunables: Some(DRC), 4 GiB, 32 MiB, 2 GiB as LEB128 varints
        expected.extend_from_slice(&[1, 0]);
        expected.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x10]);
        expected.extend_from_slice(&[0x80, 0x80, 0x80, 0x10]);
        expected.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x08]);
        expected.extend_from_slice(&[0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1]);
        // features, in wire order
        expected.extend_from_slice(&[1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(bytes, expected);
        assert_eq!(
            Metadata::decode(WASMTIME_31.layout, &bytes).unwrap(),
            sample_31()
        );
    }

    #[test]
    fn decode_errors_are_the_codecs() {
        let layout = WASMTIME_31.layout;
        let bytes = sample_31().encode().unwrap();
        let short = &bytes[..bytes.len() - 1];
        assert_eq!(
            Metadata::decode(layout, short).unwrap_err().to_string(),
            "Hit the end of buffer, expected more data"
        );
        let mut bad_bool = bytes.clone();
        *bad_bool.last_mut().unwrap() = 2;
        assert_eq!(
            Metadata::decode(layout, &bad_bool).unwrap_err().to_string(),
            "Found a bool that wasn't 0 or 1"
        );
        let mut with_tail = bytes.clone();
        with_tail.extend_from_slice(b"ignored");
        assert_eq!(Metadata::decode(layout, &with_tail).unwrap(), sample_31());
        let mut null = sample_31();
        null.set_tunable("collector", Value::some(Value::unit(1)))
            .unwrap();
        let again = null.encode().unwrap();
        assert_eq!(Metadata::decode(layout, &again).unwrap(), null);
    }

    fn sample_generic() -> Metadata<'static> {
        let mut md = Metadata::empty(GENERIC.layout, "aarch64-unknown-linux-gnu");
        md.set_shared_flag("cc", FlagValue::enumerated("fast"));
        md.set_isa_flag("has_neon", FlagValue::Bool(true));
        md.set_tunable("stack", Value::Int(300)).unwrap();
        md.set_tunable("b", Value::Bool(false)).unwrap();
        md.set_tunable("s", Value::Str("x".into())).unwrap();
        md.set_tunable("n", Value::Option(None)).unwrap();
        md.set_feature("simd", true).unwrap();
        md
    }

    /// The generic wire format is a contract with every artifact already
    /// written: these bytes must never change.
    #[test]
    fn generic_wire_bytes_are_pinned() {
        let mut want = vec![25u8];
        want.extend_from_slice(b"aarch64-unknown-linux-gnu");
        want.extend_from_slice(b"\x01\x02cc\x00\x04fast");
        want.extend_from_slice(b"\x01\x08has_neon\x02\x01");
        want.extend_from_slice(b"\x04\x05stack\x00\xac\x02\x01b\x01\x00\x01s\x02\x01x\x01n\x03");
        want.extend_from_slice(b"\x01\x04simd");
        assert_eq!(sample_generic().encode().unwrap(), want);
        assert_eq!(
            Metadata::decode(GENERIC.layout, &want).unwrap(),
            sample_generic()
        );
        let short = &want[..want.len() - 1];
        assert_eq!(
            Metadata::decode(GENERIC.layout, short)
                .unwrap_err()
                .to_string(),
            "Hit the end of buffer, expected more data"
        );
        let mut longer = want.clone();
        longer.extend_from_slice(&[0, 0]);
        assert_eq!(
            Metadata::decode(GENERIC.layout, &longer)
                .unwrap_err()
                .to_string(),
            "the engine metadata is followed by 2 unexpected byte(s)"
        );
    }

    #[test]
    fn feature_bits_follow_wasmparser_set_and_remove() {
        let mut md = Metadata::empty(WASMTIME_50.layout, "x86_64-unknown-linux-gnu");
        md.set_feature("reference_types", true).unwrap();
        assert_eq!(md.feature_bits(), Some((1 << 3) | (1 << 34)));
        assert_eq!(md.feature("call_indirect_overlong"), Some(true));
        md.set_feature("call_indirect_overlong", false).unwrap();
        // Removing bit 34 leaves bit 3 alone: no named flag holds it now.
        assert_eq!(md.feature("reference_types"), Some(false));
        assert_eq!(md.unnamed_feature_bits(), 1 << 3);
        let unknown = md.set_feature("no_such_feature", true).unwrap_err();
        assert_eq!(unknown.kind, SetErrorKind::UnknownName);
    }

    #[test]
    fn tunables_are_typed_by_their_shape() {
        let mut md = Metadata::empty(WASMTIME_50.layout, "x86_64-unknown-linux-gnu");
        let json = serde_json::json!("Intrinsics");
        let value = md.tunable_from_json("inlining", &json).unwrap();
        md.set_tunable("inlining", value).unwrap();
        assert_eq!(md.tunable_to_json("inlining"), Some(json));
        let err = md
            .tunable_from_json("inlining", &serde_json::json!("Sometimes"))
            .unwrap_err();
        assert_eq!(err.kind, SetErrorKind::UnknownName);
        let err = md
            .set_tunable("inlining_small_callee_size", Value::Int(1 << 40))
            .unwrap_err();
        assert_eq!(err.kind, SetErrorKind::WrongValue);
        assert_eq!(
            err.message,
            "tunable `inlining_small_callee_size` is an integer from 0 to 4294967295"
        );
        let err = md.set_tunable("nope", Value::Int(1)).unwrap_err();
        assert_eq!(err.kind, SetErrorKind::UnknownName);
    }
}
