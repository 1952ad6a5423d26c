//! The wasmtime profiles: each names the tables its release uses.

use super::layout::{FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm};
use super::tables::{checks, envelope, flags, native, shapes};
use super::{Defaults, Judged, Profile};
use crate::codec::Codec;
use crate::profiles::rules::FeatureRules;

/// Layout L18: wasmtime 31 (postcard, T11 tunables, F12 feature struct).
pub static LAYOUT_31: Layout = Layout {
    name: "wasmtime-31",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_31,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// wasmtime 31.0.0.
pub static WASMTIME_31: Profile = Profile {
    name: "wasmtime-31",
    about: "wasmtime 31.0.0 (March 2025)",
    layout: &LAYOUT_31,
    container: &envelope::CONTAINER_E3,
    version: &envelope::VERSION_31_0_0,
    shared_flags: Judged::Table(&flags::SHARED_V28),
    isa_flags: Judged::Table(&flags::ISA_V29),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V31)),
    host_engine_first: None,
    defaults: &DEFAULTS_31,
};

static DEFAULTS_31: Defaults = Defaults {
    json: include_str!("defaults/wasmtime-31.json"),
    isa: &[
        ("x86_64", native::X86_64_V27),
        ("aarch64", native::AARCH64_V25),
        ("s390x", native::S390X_V21),
    ],
};
