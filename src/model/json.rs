//! The JSON form of metadata: what `aotcompat inspect --json` prints and
//! `aotcompat stamp --metadata` reads, and the form a profile's defaults
//! are written in.
//!
//! ```json
//! {"target": "x86_64-unknown-linux-gnu",
//!  "shared_flags": [["opt_level", {"Enum": "speed"}], ...],
//!  "isa_flags": [["has_avx", {"Bool": true}], ...],
//!  "tunables": {"collector": "DeferredReferenceCounting", ...},
//!  "features": {"simd": true, ...}}
//! ```
//!
//! Lists and objects keep the layout's (or the writer's) order, so the JSON
//! of an artifact gives back its engine section byte for byte. Tunable
//! values are written by their shape (see [`super::values`]). In a layout
//! of feature bits, bits that no enabled feature accounts for travel in
//! `unnamed_feature_bits` (hex), present only when there are any. Fields a
//! layout has after the features (wasmtime 0.30 to 2.x's module upvars
//! and type tables) are in `after_features`, an object by field name,
//! present only in those layouts. In the
//! generic profile, `tunables` is a list of `[name, value]` pairs (a
//! number, `true` or `false`, a string, or `null` for none) and `features`
//! a list of the enabled names.

use super::{value_from_json, value_to_json, FlagValue, Metadata};
use crate::profiles::{FeatureForm, Layout, TunablesForm};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;

/// Metadata as JSON fields; `target` and `isa_flags` may be left out of a
/// profile's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetadataJson {
    /// The target triple.
    #[serde(default)]
    pub target: String,
    /// Shared flags, in order.
    pub shared_flags: Vec<(String, FlagValue<'static>)>,
    /// ISA flags, in order.
    #[serde(default)]
    pub isa_flags: Vec<(String, FlagValue<'static>)>,
    /// Tunables by their shape (an object), or generic pairs (a list).
    pub tunables: Json,
    /// Features as named booleans (an object), or enabled names (a list).
    pub features: Json,
    /// Feature bits no enabled feature accounts for, in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unnamed_feature_bits: Option<String>,
    /// The fields after the features, by name, where the layout has any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_features: Option<Map<String, Json>>,
}

impl MetadataJson {
    /// Describes `metadata`.
    pub fn new(metadata: &Metadata<'_>) -> MetadataJson {
        let layout = metadata.layout();
        let flags = |list: &[(Cow<'_, str>, FlagValue<'_>)]| {
            list.iter()
                .map(|(n, v)| (n.to_string(), v.clone().into_owned()))
                .collect()
        };
        let json = |name: &str| metadata.tunable_to_json(name).expect("a listed tunable");
        let tunables = match layout.tunables {
            TunablesForm::Fields => Json::Object(
                metadata
                    .tunables()
                    .map(|(name, _)| (name.to_string(), json(name)))
                    .collect(),
            ),
            TunablesForm::Named => Json::Array(
                metadata
                    .tunables()
                    .map(|(name, _)| serde_json::json!([name, json(name)]))
                    .collect(),
            ),
        };
        let features = match layout.features {
            FeatureForm::Names => Json::Array(
                metadata
                    .features()
                    .into_iter()
                    .map(|(n, _)| Json::String(n.to_string()))
                    .collect(),
            ),
            _ => Json::Object(
                metadata
                    .features()
                    .into_iter()
                    .map(|(n, on)| (n.to_string(), Json::Bool(on)))
                    .collect::<Map<_, _>>(),
            ),
        };
        let unnamed = metadata.unnamed_feature_bits();
        let after_features = (metadata.trailing_fields().len() > 0).then(|| {
            metadata
                .trailing_fields()
                .map(|(f, v)| (f.name.to_string(), value_to_json(f.shape, v)))
                .collect()
        });
        MetadataJson {
            target: metadata.target.to_string(),
            shared_flags: flags(&metadata.shared_flags),
            isa_flags: flags(&metadata.isa_flags),
            tunables,
            features,
            unnamed_feature_bits: (unnamed != 0).then(|| format!("{unnamed:#x}")),
            after_features,
        }
    }

    /// The metadata this JSON describes in `layout`. Every tunable of a
    /// layout of named fields must be given; features not given are off.
    pub fn to_metadata(&self, layout: &'static Layout) -> anyhow::Result<Metadata<'static>> {
        let mut md = Metadata::empty(layout, &self.target);
        md.shared_flags = owned_flags(&self.shared_flags);
        md.isa_flags = owned_flags(&self.isa_flags);
        match (layout.tunables, &self.tunables) {
            (TunablesForm::Fields, Json::Object(map)) => {
                for field in layout.tunables_shape().fields() {
                    let json = map.get(field.name).ok_or_else(|| {
                        anyhow::anyhow!(
                            "`tunables` lacks `{}` (the {} layout)",
                            field.name,
                            layout.name
                        )
                    })?;
                    let value = md.tunable_from_json(field.name, json)?;
                    md.set_tunable(field.name, value)?;
                }
                if let Some(extra) = map.keys().find(|k| md.tunable(k).is_none()) {
                    anyhow::bail!(
                        "`tunables` has `{extra}`, which the {} layout lacks",
                        layout.name
                    );
                }
            }
            (TunablesForm::Named, Json::Array(entries)) => {
                for entry in entries {
                    let (name, json): (String, Json) = serde_json::from_value(entry.clone())
                        .map_err(|e| anyhow::anyhow!("tunable entry {entry}: {e}"))?;
                    let value = md.tunable_from_json(&name, &json)?;
                    md.set_tunable(&name, value)?;
                }
            }
            (TunablesForm::Fields, _) => anyhow::bail!("`tunables` must be an object"),
            (TunablesForm::Named, _) => anyhow::bail!("`tunables` must be a list of [name, value]"),
        }
        match (layout.features, &self.features) {
            (FeatureForm::Names, Json::Array(names)) => {
                for name in names {
                    let name = name
                        .as_str()
                        .ok_or_else(|| anyhow::anyhow!("feature names are strings, not {name}"))?;
                    md.set_feature(name, true)?;
                }
            }
            (FeatureForm::Names, _) => anyhow::bail!("`features` must be a list of names"),
            (_, Json::Object(map)) => {
                for (name, on) in map {
                    let on = on
                        .as_bool()
                        .ok_or_else(|| anyhow::anyhow!("feature `{name}` must be true or false"))?;
                    if on {
                        md.set_feature(name, true)?;
                    } else if md.feature(name).is_none() {
                        md.set_feature(name, false)?;
                    }
                }
            }
            _ => anyhow::bail!("`features` must be an object of booleans"),
        }
        if let Some(map) = &self.after_features {
            for (name, json) in map {
                let field = layout
                    .trailing_fields()
                    .iter()
                    .find(|f| f.name == name)
                    .ok_or_else(|| {
                        anyhow::anyhow!(
                            "`after_features` has `{name}`, which the {} layout lacks",
                            layout.name
                        )
                    })?;
                let value = value_from_json(field.shape, json)
                    .map_err(|e| anyhow::anyhow!("`after_features.{name}`: {e}"))?;
                md.set_trailing_field(name, value)?;
            }
        }
        if let Some(hex) = &self.unnamed_feature_bits {
            let digits = hex.strip_prefix("0x").unwrap_or(hex);
            let extra = u64::from_str_radix(digits, 16)
                .map_err(|_| anyhow::anyhow!("`unnamed_feature_bits` is not hex: `{hex}`"))?;
            let bits = md
                .feature_bits()
                .ok_or_else(|| anyhow::anyhow!("the {} layout has no feature bits", layout.name))?;
            md.set_feature_bits(bits | extra)?;
        }
        Ok(md)
    }
}

fn owned_flags(
    list: &[(String, FlagValue<'static>)],
) -> Vec<(Cow<'static, str>, FlagValue<'static>)> {
    list.iter()
        .map(|(n, v)| (Cow::Owned(n.clone()), v.clone()))
        .collect()
}
