//! The wasmtime profiles: each names the tables its release uses.

use super::layout::{FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm};
use super::tables::{checks, envelope, feature_bits, flags, native, shapes};
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
    about: "wasmtime 31.0.0 (writes the version string \"31.0.0\")",
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

/// Layout L25: wasmtime 43 and 44 (postcard, T15 tunables with a 627-byte
/// operator cost table, wasmparser feature bits as a `u64`).
pub static LAYOUT_43: Layout = Layout {
    name: "wasmtime-43",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_43,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B6),
    trailing_bytes: TrailingBytes::Ignored,
};

/// wasmtime 44.0.0.
pub static WASMTIME_44: Profile = Profile {
    name: "wasmtime-44",
    about: "wasmtime 44 (44.0.0; writes the version string \"44\")",
    layout: &LAYOUT_43,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_44,
    shared_flags: Judged::Table(&flags::SHARED_V44),
    isa_flags: Judged::Table(&flags::ISA_V37),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V43),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_44,
};

static DEFAULTS_44: Defaults = Defaults {
    json: include_str!("defaults/wasmtime-44.json"),
    isa: &[
        ("x86_64", native::X86_64_V27),
        ("aarch64", native::AARCH64_V44),
        ("s390x", native::S390X_V36),
    ],
};

/// Layout L30: wasmtime 50 (postcard, T20 tunables with a 643-byte operator
/// cost table, wasmparser 0.261 feature bits).
pub static LAYOUT_50: Layout = Layout {
    name: "wasmtime-50",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_50,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B10),
    trailing_bytes: TrailingBytes::Ignored,
};

/// wasmtime 50.0.1.
pub static WASMTIME_50: Profile = Profile {
    name: "wasmtime-50",
    about: "wasmtime 50 (50.0.1; writes the version string \"50\")",
    layout: &LAYOUT_50,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_50,
    shared_flags: Judged::Table(&flags::SHARED_V46),
    isa_flags: Judged::Table(&flags::ISA_V48),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V50),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_50,
};

static DEFAULTS_50: Defaults = Defaults {
    json: include_str!("defaults/wasmtime-50.json"),
    isa: &[
        ("x86_64", native::X86_64_V50),
        ("aarch64", native::AARCH64_V50),
        ("s390x", native::S390X_V36),
    ],
};
