//! How a profile's metadata lies on the wire, and how its parts map to the
//! model's named values.

use crate::codec::{Codec, Field, Shape};

/// One wire layout: the codec, the shape of the whole `Metadata` struct
/// (target, shared flags, ISA flags, tunables, features, in that order, as
/// in every wasmtime since 0.26, then whatever fields a release puts after
/// them), and how its parts read as named values.
///
/// The five fields are the model's; fields after them (wasmtime 0.30 to
/// 0.35's module upvars and type tables, 0.36 to 2.x's type tables) are
/// decoded as plain values, which both validates them (a truncated table
/// is the codec's error, as in wasmtime) and keeps them for re-encoding.
/// wasmtime 0.26 to 0.29 write a `strategy` enum between the ISA flags and
/// the tunables; bincode frames no struct, so a tunables struct whose
/// first field is `strategy` reads the same bytes, and that is how those
/// layouts describe it.
///
/// Several majors share a layout (43 and 44, 48 and 49); a layout is named
/// by the first release that wrote it.
#[derive(Debug)]
pub struct Layout {
    /// The layout's name, for messages (`wasmtime-44 layout`).
    pub name: &'static str,
    /// The codec the metadata is written with.
    pub codec: Codec,
    /// The shape of the whole metadata: a struct of the five common fields,
    /// then any trailing fields.
    pub shape: &'static Shape,
    /// How the flag lists are ordered.
    pub flags: FlagOrder,
    /// How the tunables field reads as named values.
    pub tunables: TunablesForm,
    /// How the features field reads as named booleans.
    pub features: FeatureForm,
    /// Whether bytes after the metadata are ignored (wasmtime 3 and
    /// later, 0.30 to 2.x), refused (the generic profile, whose payload is
    /// ours), or the rest of one value that must end the file (wasmtime
    /// 0.26 to 0.29's compiled module).
    pub trailing_bytes: TrailingBytes,
}

/// How the shared and ISA flag lists are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagOrder {
    /// As stored on the wire (a `Vec` of pairs, wasmtime 15 and later).
    Stored,
    /// Sorted by name, later duplicates replacing earlier ones (a
    /// `BTreeMap`, wasmtime 3 to 14: same bytes as a `Vec` of pairs, but
    /// read back in key order).
    Sorted,
}

/// How the tunables field reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TunablesForm {
    /// A struct: one named value per field, names from the shape.
    Fields,
    /// A sequence of (name, value) pairs, each value an enum of
    /// `U64(u64) | Bool(bool) | Str(str) | None` (the generic profile).
    Named,
}

/// How the features field reads as named booleans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FeatureForm {
    /// A struct of bools (wasmtime 3 to 32): names from the shape.
    Fields,
    /// An integer of bits (`wasmparser::WasmFeatures::bits()`, wasmtime 33
    /// and later); the table names them.
    Bits(&'static FeatureBits),
    /// A sequence of the names of the enabled features (the generic
    /// profile).
    Names,
}

/// A wasmparser `WasmFeatures` bit table, in declaration order (the order
/// `iter_names` walks, which is not bit order).
#[derive(Debug, PartialEq, Eq)]
pub struct FeatureBits {
    /// The wasmparser release it comes from, for messages and docs.
    pub wasmparser: &'static str,
    /// Every named flag with its mask. A mask may have several bits
    /// (`REFERENCE_TYPES` is bit 3 and bit 34): a flag is set when all of
    /// them are.
    pub flags: &'static [FeatureBit],
}

/// One named flag of a [`FeatureBits`] table.
#[derive(Debug, PartialEq, Eq)]
pub struct FeatureBit {
    /// The flag's name, lower-cased as wasmtime's messages print it.
    pub name: &'static str,
    /// Its bits.
    pub mask: u64,
}

impl FeatureBits {
    /// Every bit some flag names (what `from_bits_truncate` keeps).
    pub fn all(&self) -> u64 {
        self.flags.iter().fold(0, |acc, f| acc | f.mask)
    }

    /// The mask of the flag called `name`.
    pub fn mask(&self, name: &str) -> Option<u64> {
        self.flags.iter().find(|f| f.name == name).map(|f| f.mask)
    }

    /// The names bitflags' `iter_names` yields for `bits`, in declaration
    /// order: a flag is yielded when all of its bits are in `bits` and at
    /// least one of them was not claimed by an earlier flag; its bits are
    /// then claimed. Unnamed bits are never yielded.
    pub fn iter_names(&self, bits: u64) -> impl Iterator<Item = &'static str> + '_ {
        let mut remaining = bits;
        self.flags.iter().filter_map(move |f| {
            if remaining == 0 || bits & f.mask != f.mask || remaining & f.mask == 0 {
                return None;
            }
            remaining &= !f.mask;
            Some(f.name)
        })
    }
}

/// What a layout does with bytes after the metadata.
#[derive(Clone, Copy, Debug)]
pub enum TrailingBytes {
    /// Ignored, as `postcard::from_bytes` and bincode 1 ignore them.
    Ignored,
    /// An error: the payload must end where the metadata does.
    Refused,
    /// The rest of the one value the metadata begins, of this shape
    /// (wasmtime 0.26 to 0.29: the compiled module follows the features,
    /// `tables::legacy_module`), and then nothing: wasmtime decodes the
    /// whole value before any check but the version string's and refuses
    /// it when it is cut short or followed by more bytes. A check walks it
    /// to its end, keeping nothing.
    Module(&'static Shape),
}

impl TrailingBytes {
    /// The shape of the rest of the value, for [`TrailingBytes::Module`].
    pub fn module(self) -> Option<&'static Shape> {
        match self {
            TrailingBytes::Module(shape) => Some(shape),
            _ => None,
        }
    }
}

/// Two rules are the same when they are the same kind and, for a module,
/// the same static shape.
impl PartialEq for TrailingBytes {
    fn eq(&self, other: &TrailingBytes) -> bool {
        match (self, other) {
            (TrailingBytes::Module(a), TrailingBytes::Module(b)) => std::ptr::eq(*a, *b),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for TrailingBytes {}

/// Layouts are static tables; two are the same layout when their names are.
impl PartialEq for Layout {
    fn eq(&self, other: &Layout) -> bool {
        self.name == other.name
    }
}

impl Eq for Layout {}

impl std::hash::Hash for Layout {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl Layout {
    /// The fields after `features` (none since wasmtime 3).
    pub fn trailing_fields(&self) -> &'static [Field] {
        self.shape.fields().get(5..).unwrap_or(&[])
    }

    /// The shape of the tunables field.
    pub fn tunables_shape(&self) -> &'static Shape {
        self.shape.fields()[3].shape
    }

    /// The shape of the features field.
    pub fn features_shape(&self) -> &'static Shape {
        self.shape.fields()[4].shape
    }

    /// The names of the features the layout knows, in its order (none for
    /// a layout whose features name themselves).
    pub fn feature_names(&self) -> Vec<&'static str> {
        match self.features {
            FeatureForm::Fields => self
                .features_shape()
                .fields()
                .iter()
                .map(|f| f.name)
                .collect(),
            FeatureForm::Bits(table) => table.flags.iter().map(|f| f.name).collect(),
            FeatureForm::Names => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: FeatureBits = FeatureBits {
        wasmparser: "test",
        flags: &[
            FeatureBit {
                name: "reference_types",
                mask: (1 << 3) | (1 << 34),
            },
            FeatureBit {
                name: "simd",
                mask: 1 << 6,
            },
            FeatureBit {
                name: "call_indirect_overlong",
                mask: 1 << 34,
            },
        ],
    };

    fn names(bits: u64) -> Vec<&'static str> {
        TABLE.iter_names(bits).collect()
    }

    #[test]
    fn iter_names_follows_bitflags() {
        // Both bits of the multi-bit flag: it is named, and it claims bit
        // 34, so the later single-bit flag is not named again.
        assert_eq!(
            names((1 << 3) | (1 << 34) | (1 << 6)),
            ["reference_types", "simd"]
        );
        // Bit 34 alone: only the single-bit flag.
        assert_eq!(names(1 << 34), ["call_indirect_overlong"]);
        // Bit 3 alone names nothing: the multi-bit flag needs both bits.
        assert_eq!(names(1 << 3), Vec::<&str>::new());
        assert_eq!(names(1 << 60), Vec::<&str>::new());
        assert_eq!(TABLE.all(), (1 << 3) | (1 << 34) | (1 << 6));
    }
}
