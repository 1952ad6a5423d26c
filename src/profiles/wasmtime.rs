//! The wasmtime profiles: each names the tables its release uses.
//!
//! Layouts are named by the first release that wrote them; a profile names
//! its layout, its envelope rules, its flag and check tables and its
//! defaults. Read two profiles side by side to see what changed between
//! their releases.

use super::layout::{FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm};
use super::tables::{advice, checks, envelope, feature_bits, flags, native, shapes, writer};
use super::{Defaults, Judged, Profile};
use crate::codec::Codec;
use crate::profiles::rules::{FeatureRules, IsaFlagRules, SharedFlagRules};

/// The layout of wasmtime 3 to 4 (bincode1-fixint-le, tunables T1, features F1).
pub static LAYOUT_3: Layout = Layout {
    name: "wasmtime-3",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_3,
    flags: FlagOrder::Sorted,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 5 (bincode1-fixint-le, tunables T1, features F2).
pub static LAYOUT_5: Layout = Layout {
    name: "wasmtime-5",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_5,
    flags: FlagOrder::Sorted,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 6 to 7 (bincode1-fixint-le, tunables T1, features F3).
pub static LAYOUT_6: Layout = Layout {
    name: "wasmtime-6",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_6,
    flags: FlagOrder::Sorted,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 8 to 9 (bincode1-fixint-le, tunables T2, features F3).
pub static LAYOUT_8: Layout = Layout {
    name: "wasmtime-8",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_8,
    flags: FlagOrder::Sorted,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 10 to 11 (bincode1-fixint-le, tunables T2, features F4).
pub static LAYOUT_10: Layout = Layout {
    name: "wasmtime-10",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_10,
    flags: FlagOrder::Sorted,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 12 to 14 (bincode1-fixint-le, tunables T3, features F5).
pub static LAYOUT_12: Layout = Layout {
    name: "wasmtime-12",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_12,
    flags: FlagOrder::Sorted,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 15 to 18 (bincode1-fixint-le, tunables T3, features F5).
pub static LAYOUT_15: Layout = Layout {
    name: "wasmtime-15",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_15,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 19 (bincode1-fixint-le, tunables T3, features F6).
pub static LAYOUT_19: Layout = Layout {
    name: "wasmtime-19",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_19,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 20 (bincode1-fixint-le, tunables T4, features F6).
pub static LAYOUT_20: Layout = Layout {
    name: "wasmtime-20",
    codec: Codec::Bincode1,
    shape: &shapes::METADATA_20,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 21 (postcard, tunables T5, features F6).
pub static LAYOUT_21: Layout = Layout {
    name: "wasmtime-21",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_21,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 22 (postcard, tunables T6, features F6).
pub static LAYOUT_22: Layout = Layout {
    name: "wasmtime-22",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_22,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 23 (postcard, tunables T7, features F7).
pub static LAYOUT_23: Layout = Layout {
    name: "wasmtime-23",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_23,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 24 (postcard, tunables T8, features F8).
pub static LAYOUT_24: Layout = Layout {
    name: "wasmtime-24",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_24,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 25 (postcard, tunables T8, features F9).
pub static LAYOUT_25: Layout = Layout {
    name: "wasmtime-25",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_25,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 26 (postcard, tunables T9, features F9).
pub static LAYOUT_26: Layout = Layout {
    name: "wasmtime-26",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_26,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 27 (postcard, tunables T10, features F10).
pub static LAYOUT_27: Layout = Layout {
    name: "wasmtime-27",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_27,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 28 to 29 (postcard, tunables T11, features F10).
pub static LAYOUT_28: Layout = Layout {
    name: "wasmtime-28",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_28,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 30 (postcard, tunables T11, features F11).
pub static LAYOUT_30: Layout = Layout {
    name: "wasmtime-30",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_30,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 31 (postcard, tunables T11, features F12).
pub static LAYOUT_31: Layout = Layout {
    name: "wasmtime-31",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_31,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 32 (postcard, tunables T11, features F13).
pub static LAYOUT_32: Layout = Layout {
    name: "wasmtime-32",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_32,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 33 (postcard, tunables T11, features B1).
pub static LAYOUT_33: Layout = Layout {
    name: "wasmtime-33",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_33,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B1),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 34 to 35 (postcard, tunables T11, features B2).
pub static LAYOUT_34: Layout = Layout {
    name: "wasmtime-34",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_34,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B2),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 36 (postcard, tunables T12, features B2).
pub static LAYOUT_36: Layout = Layout {
    name: "wasmtime-36",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_36,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B2),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 37 to 38 (postcard, tunables T12, features B3).
pub static LAYOUT_37: Layout = Layout {
    name: "wasmtime-37",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_37,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B3),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 39 (postcard, tunables T13, features B3).
pub static LAYOUT_39: Layout = Layout {
    name: "wasmtime-39",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_39,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B3),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 40 to 41 (postcard, tunables T13, features B4).
pub static LAYOUT_40: Layout = Layout {
    name: "wasmtime-40",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_40,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B4),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 42 (postcard, tunables T14, features B5).
pub static LAYOUT_42: Layout = Layout {
    name: "wasmtime-42",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_42,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B5),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 43 to 44 (postcard, tunables T15, features B6).
pub static LAYOUT_43: Layout = Layout {
    name: "wasmtime-43",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_43,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B6),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 45 (postcard, tunables T16, features B7).
pub static LAYOUT_45: Layout = Layout {
    name: "wasmtime-45",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_45,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B7),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 46 (postcard, tunables T17, features B8).
pub static LAYOUT_46: Layout = Layout {
    name: "wasmtime-46",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_46,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B8),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 47 (postcard, tunables T18, features B8).
pub static LAYOUT_47: Layout = Layout {
    name: "wasmtime-47",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_47,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B8),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 48 to 49 (postcard, tunables T19, features B9).
pub static LAYOUT_48: Layout = Layout {
    name: "wasmtime-48",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_48,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B9),
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wasmtime 50 (postcard, tunables T20, features B10).
pub static LAYOUT_50: Layout = Layout {
    name: "wasmtime-50",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_50,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Bits(&feature_bits::BITS_B10),
    trailing_bytes: TrailingBytes::Ignored,
};

/// wasmtime 3.
pub static WASMTIME_3: Profile = Profile {
    name: "wasmtime-3",
    about: "wasmtime 3 (3.0.1 and every 3.x.y; writes its full version)",
    layout: &LAYOUT_3,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_3,
    writer: Some(&writer::WRITER_W1),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V3)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V3),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V3)),
    host_engine_first: None,
    defaults: &DEFAULTS_3,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 4.
pub static WASMTIME_4: Profile = Profile {
    name: "wasmtime-4",
    about: "wasmtime 4 (4.0.1 and every 4.x.y; writes its full version)",
    layout: &LAYOUT_3,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_4,
    writer: Some(&writer::WRITER_W1),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V4)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V3),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V3)),
    host_engine_first: None,
    defaults: &DEFAULTS_4,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 5.
pub static WASMTIME_5: Profile = Profile {
    name: "wasmtime-5",
    about: "wasmtime 5 (5.0.1 and every 5.x.y; writes its full version)",
    layout: &LAYOUT_5,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_5,
    writer: Some(&writer::WRITER_W1),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V4)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V3),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V5)),
    host_engine_first: None,
    defaults: &DEFAULTS_5,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 6.
pub static WASMTIME_6: Profile = Profile {
    name: "wasmtime-6",
    about: "wasmtime 6 (6.0.2 and every 6.x.y; writes its full version)",
    layout: &LAYOUT_6,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_6,
    writer: Some(&writer::WRITER_W1),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V4)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V3),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V6)),
    host_engine_first: None,
    defaults: &DEFAULTS_6,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 7.
pub static WASMTIME_7: Profile = Profile {
    name: "wasmtime-7",
    about: "wasmtime 7 (7.0.1 and every 7.x.y; writes its full version)",
    layout: &LAYOUT_6,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_7,
    writer: Some(&writer::WRITER_W1),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V4)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V3),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V6)),
    host_engine_first: None,
    defaults: &DEFAULTS_7,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 8.
pub static WASMTIME_8: Profile = Profile {
    name: "wasmtime-8",
    about: "wasmtime 8 (8.0.1 and every 8.x.y; writes its full version)",
    layout: &LAYOUT_8,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_8,
    writer: Some(&writer::WRITER_W1),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V8)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V8),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V6)),
    host_engine_first: None,
    defaults: &DEFAULTS_8,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 9.
pub static WASMTIME_9: Profile = Profile {
    name: "wasmtime-9",
    about: "wasmtime 9 (9.0.4 and every 9.x.y; writes its full version)",
    layout: &LAYOUT_8,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_9,
    writer: Some(&writer::WRITER_W1),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V9)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V8),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V6)),
    host_engine_first: None,
    defaults: &DEFAULTS_9,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 10.
pub static WASMTIME_10: Profile = Profile {
    name: "wasmtime-10",
    about: "wasmtime 10 (10.0.2 and every 10.x.y; writes its full version)",
    layout: &LAYOUT_10,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_10,
    writer: Some(&writer::WRITER_W2),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V10)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V8),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V10)),
    host_engine_first: None,
    defaults: &DEFAULTS_10,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 11.
pub static WASMTIME_11: Profile = Profile {
    name: "wasmtime-11",
    about: "wasmtime 11 (11.0.2 and every 11.x.y; writes its full version)",
    layout: &LAYOUT_10,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_11,
    writer: Some(&writer::WRITER_W2),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V11)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V8),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V10)),
    host_engine_first: None,
    defaults: &DEFAULTS_11,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 12.
pub static WASMTIME_12: Profile = Profile {
    name: "wasmtime-12",
    about: "wasmtime 12 (12.0.2 and every 12.x.y; writes its full version)",
    layout: &LAYOUT_12,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_12,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V11)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V12)),
    host_engine_first: None,
    defaults: &DEFAULTS_12,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 13.
pub static WASMTIME_13: Profile = Profile {
    name: "wasmtime-13",
    about: "wasmtime 13 (13.0.1 and every 13.x.y; writes its full version)",
    layout: &LAYOUT_12,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_13,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V11)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V12)),
    host_engine_first: None,
    defaults: &DEFAULTS_13,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 14.
pub static WASMTIME_14: Profile = Profile {
    name: "wasmtime-14",
    about: "wasmtime 14 (14.0.4 and every 14.x.y; writes its full version)",
    layout: &LAYOUT_12,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_14,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V11)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V12)),
    host_engine_first: None,
    defaults: &DEFAULTS_14,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 15.
pub static WASMTIME_15: Profile = Profile {
    name: "wasmtime-15",
    about: "wasmtime 15 (15.0.1 and every 15.x.y; writes its full version)",
    layout: &LAYOUT_15,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_15,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V15)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V12)),
    host_engine_first: None,
    defaults: &DEFAULTS_15,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 16.
pub static WASMTIME_16: Profile = Profile {
    name: "wasmtime-16",
    about: "wasmtime 16 (16.0.0 and every 16.x.y; writes its full version)",
    layout: &LAYOUT_15,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_16,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V15)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V12)),
    host_engine_first: None,
    defaults: &DEFAULTS_16,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 17.
pub static WASMTIME_17: Profile = Profile {
    name: "wasmtime-17",
    about: "wasmtime 17 (17.0.3 and every 17.x.y; writes its full version)",
    layout: &LAYOUT_15,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_17,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V15)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V12)),
    host_engine_first: None,
    defaults: &DEFAULTS_17,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 18.
pub static WASMTIME_18: Profile = Profile {
    name: "wasmtime-18",
    about: "wasmtime 18 (18.0.4 and every 18.x.y; writes its full version)",
    layout: &LAYOUT_15,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_18,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V15)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V12)),
    host_engine_first: None,
    defaults: &DEFAULTS_18,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 19.
pub static WASMTIME_19: Profile = Profile {
    name: "wasmtime-19",
    about: "wasmtime 19 (19.0.2 and every 19.x.y; writes its full version)",
    layout: &LAYOUT_19,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_19,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V15)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V12),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V19)),
    host_engine_first: None,
    defaults: &DEFAULTS_19,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 20.
pub static WASMTIME_20: Profile = Profile {
    name: "wasmtime-20",
    about: "wasmtime 20 (20.0.2 and every 20.x.y; writes its full version)",
    layout: &LAYOUT_20,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_20,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V15)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V3)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V20),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V19)),
    host_engine_first: None,
    defaults: &DEFAULTS_20,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 21.
pub static WASMTIME_21: Profile = Profile {
    name: "wasmtime-21",
    about: "wasmtime 21 (21.0.2 and every 21.x.y; writes its full version)",
    layout: &LAYOUT_21,
    container: &envelope::CONTAINER_E1,
    version: &envelope::VERSION_21,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V21)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V21)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V21),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V19)),
    host_engine_first: None,
    defaults: &DEFAULTS_21,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 22.
pub static WASMTIME_22: Profile = Profile {
    name: "wasmtime-22",
    about: "wasmtime 22 (22.0.1 and every 22.x.y; writes its full version)",
    layout: &LAYOUT_22,
    container: &envelope::CONTAINER_E2,
    version: &envelope::VERSION_22,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V21)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V21)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V22),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V19)),
    host_engine_first: None,
    defaults: &DEFAULTS_22,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 23.
pub static WASMTIME_23: Profile = Profile {
    name: "wasmtime-23",
    about: "wasmtime 23 (23.0.3 and every 23.x.y; writes its full version)",
    layout: &LAYOUT_23,
    container: &envelope::CONTAINER_E2,
    version: &envelope::VERSION_23,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V21)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V21)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V23),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V23)),
    host_engine_first: None,
    defaults: &DEFAULTS_23,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 24.
pub static WASMTIME_24: Profile = Profile {
    name: "wasmtime-24",
    about: "wasmtime 24 (24.0.13 and every 24.x.y; writes its full version)",
    layout: &LAYOUT_24,
    container: &envelope::CONTAINER_E2,
    version: &envelope::VERSION_24,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V21)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V21)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V24),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V24)),
    host_engine_first: None,
    defaults: &DEFAULTS_24,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 25.
pub static WASMTIME_25: Profile = Profile {
    name: "wasmtime-25",
    about: "wasmtime 25 (25.0.3 and every 25.x.y; writes its full version)",
    layout: &LAYOUT_25,
    container: &envelope::CONTAINER_E2,
    version: &envelope::VERSION_25,
    writer: Some(&writer::WRITER_W3),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V25)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V25)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V24),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V25)),
    host_engine_first: None,
    defaults: &DEFAULTS_25,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 26.
pub static WASMTIME_26: Profile = Profile {
    name: "wasmtime-26",
    about: "wasmtime 26 (26.0.1 and every 26.x.y; writes its full version)",
    layout: &LAYOUT_26,
    container: &envelope::CONTAINER_E2,
    version: &envelope::VERSION_26,
    writer: Some(&writer::WRITER_W4),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V25)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V25)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V26),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V25)),
    host_engine_first: None,
    defaults: &DEFAULTS_26,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 27.
pub static WASMTIME_27: Profile = Profile {
    name: "wasmtime-27",
    about: "wasmtime 27 (27.0.0 and every 27.x.y; writes its full version)",
    layout: &LAYOUT_27,
    container: &envelope::CONTAINER_E2,
    version: &envelope::VERSION_27,
    writer: Some(&writer::WRITER_W4),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V27)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V27)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V27),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V27)),
    host_engine_first: None,
    defaults: &DEFAULTS_27,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 28.
pub static WASMTIME_28: Profile = Profile {
    name: "wasmtime-28",
    about: "wasmtime 28 (28.0.1 and every 28.x.y; writes its full version)",
    layout: &LAYOUT_28,
    container: &envelope::CONTAINER_E3,
    version: &envelope::VERSION_28,
    writer: Some(&writer::WRITER_W4),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V28)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V28)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V27)),
    host_engine_first: None,
    defaults: &DEFAULTS_28,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 29.
pub static WASMTIME_29: Profile = Profile {
    name: "wasmtime-29",
    about: "wasmtime 29 (29.0.1 and every 29.x.y; writes its full version)",
    layout: &LAYOUT_28,
    container: &envelope::CONTAINER_E3,
    version: &envelope::VERSION_29,
    writer: Some(&writer::WRITER_W5),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V28)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V29)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V27)),
    host_engine_first: None,
    defaults: &DEFAULTS_29,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 30.
pub static WASMTIME_30: Profile = Profile {
    name: "wasmtime-30",
    about: "wasmtime 30 (30.0.2 and every 30.x.y; writes its full version)",
    layout: &LAYOUT_30,
    container: &envelope::CONTAINER_E3,
    version: &envelope::VERSION_30,
    writer: Some(&writer::WRITER_W5),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V28)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V29)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V30)),
    host_engine_first: None,
    defaults: &DEFAULTS_30,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 31.
pub static WASMTIME_31: Profile = Profile {
    name: "wasmtime-31",
    about: "wasmtime 31 (31.0.0 and every 31.x.y; writes its full version)",
    layout: &LAYOUT_31,
    container: &envelope::CONTAINER_E3,
    version: &envelope::VERSION_31,
    writer: Some(&writer::WRITER_W5),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V28)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V29)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V31)),
    host_engine_first: None,
    defaults: &DEFAULTS_31,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 32.
pub static WASMTIME_32: Profile = Profile {
    name: "wasmtime-32",
    about: "wasmtime 32 (32.0.1 and every 32.x.y; writes its full version)",
    layout: &LAYOUT_32,
    container: &envelope::CONTAINER_E4,
    version: &envelope::VERSION_32,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V32)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V29)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::PerField(&checks::FEATURE_ROWS_V32)),
    host_engine_first: None,
    defaults: &DEFAULTS_32,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 33.
pub static WASMTIME_33: Profile = Profile {
    name: "wasmtime-33",
    about: "wasmtime 33 (33.0.2 and every 33.x.y; writes its full version)",
    layout: &LAYOUT_33,
    container: &envelope::CONTAINER_E4,
    version: &envelope::VERSION_33,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V32)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V29)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::ExactXor {
        words: checks::FEATURE_WORDS_V33,
        needs_gc_support: &["gc_types"],
    }),
    host_engine_first: None,
    defaults: &DEFAULTS_33,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 34.
pub static WASMTIME_34: Profile = Profile {
    name: "wasmtime-34",
    about: "wasmtime 34 (34.0.2 and every 34.x.y; writes its full version)",
    layout: &LAYOUT_34,
    container: &envelope::CONTAINER_E4,
    version: &envelope::VERSION_34,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V32)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V29)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::ExactXor {
        words: checks::FEATURE_WORDS_V33,
        needs_gc_support: &["gc_types"],
    }),
    host_engine_first: None,
    defaults: &DEFAULTS_34,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 35.
pub static WASMTIME_35: Profile = Profile {
    name: "wasmtime-35",
    about: "wasmtime 35 (35.0.0 and every 35.x.y; writes its full version)",
    layout: &LAYOUT_34,
    container: &envelope::CONTAINER_E4,
    version: &envelope::VERSION_35,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V35)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V29)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V28),
    features: Judged::Table(&FeatureRules::ExactXor {
        words: checks::FEATURE_WORDS_V33,
        needs_gc_support: &["gc_types"],
    }),
    host_engine_first: None,
    defaults: &DEFAULTS_35,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 36.
pub static WASMTIME_36: Profile = Profile {
    name: "wasmtime-36",
    about: "wasmtime 36 (36.0.20 and every 36.x.y; writes its full version)",
    layout: &LAYOUT_36,
    container: &envelope::CONTAINER_E4_UNALIGNED,
    version: &envelope::VERSION_36,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V35)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V36)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V36),
    features: Judged::Table(&FeatureRules::ExactXor {
        words: checks::FEATURE_WORDS_V33,
        needs_gc_support: &["gc_types"],
    }),
    host_engine_first: None,
    defaults: &DEFAULTS_36,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 37.
pub static WASMTIME_37: Profile = Profile {
    name: "wasmtime-37",
    about: "wasmtime 37 (37.0.3 and every 37.x.y; writes its full version)",
    layout: &LAYOUT_37,
    container: &envelope::CONTAINER_E4_UNALIGNED,
    version: &envelope::VERSION_37,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V35)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V37),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_37,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 38.
pub static WASMTIME_38: Profile = Profile {
    name: "wasmtime-38",
    about: "wasmtime 38 (38.0.4; writes the version string \"38\")",
    layout: &LAYOUT_37,
    container: &envelope::CONTAINER_E4_UNALIGNED,
    version: &envelope::VERSION_38,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V38)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V37),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_38,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 39.
pub static WASMTIME_39: Profile = Profile {
    name: "wasmtime-39",
    about: "wasmtime 39 (39.0.2; writes the version string \"39\")",
    layout: &LAYOUT_39,
    container: &envelope::CONTAINER_E4_UNALIGNED,
    version: &envelope::VERSION_39,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V38)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V39),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_39,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 40.
pub static WASMTIME_40: Profile = Profile {
    name: "wasmtime-40",
    about: "wasmtime 40 (40.0.4; writes the version string \"40\")",
    layout: &LAYOUT_40,
    container: &envelope::CONTAINER_E4_UNALIGNED,
    version: &envelope::VERSION_40,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V38)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V39),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_40,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 41.
pub static WASMTIME_41: Profile = Profile {
    name: "wasmtime-41",
    about: "wasmtime 41 (41.0.4; writes the version string \"41\")",
    layout: &LAYOUT_40,
    container: &envelope::CONTAINER_E4_UNALIGNED,
    version: &envelope::VERSION_41,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V38)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V39),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_41,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 42.
pub static WASMTIME_42: Profile = Profile {
    name: "wasmtime-42",
    about: "wasmtime 42 (42.0.2; writes the version string \"42\")",
    layout: &LAYOUT_42,
    container: &envelope::CONTAINER_E4_UNALIGNED,
    version: &envelope::VERSION_42,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V38)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V42),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_42,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 43.
pub static WASMTIME_43: Profile = Profile {
    name: "wasmtime-43",
    about: "wasmtime 43 (43.0.2; writes the version string \"43\")",
    layout: &LAYOUT_43,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_43,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V38)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V43),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_43,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 44.
pub static WASMTIME_44: Profile = Profile {
    name: "wasmtime-44",
    about: "wasmtime 44 (44.0.3; writes the version string \"44\")",
    layout: &LAYOUT_43,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_44,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V44)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V43),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_44,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 45.
pub static WASMTIME_45: Profile = Profile {
    name: "wasmtime-45",
    about: "wasmtime 45 (45.0.3; writes the version string \"45\")",
    layout: &LAYOUT_45,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_45,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V44)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V45),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_45,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 46.
pub static WASMTIME_46: Profile = Profile {
    name: "wasmtime-46",
    about: "wasmtime 46 (46.0.3; writes the version string \"46\")",
    layout: &LAYOUT_46,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_46,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V46)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V37)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V45),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_46,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 47.
pub static WASMTIME_47: Profile = Profile {
    name: "wasmtime-47",
    about: "wasmtime 47 (47.0.4; writes the version string \"47\")",
    layout: &LAYOUT_47,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_47,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V46)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V47)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V47),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_47,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 48.
pub static WASMTIME_48: Profile = Profile {
    name: "wasmtime-48",
    about: "wasmtime 48 (48.0.8; writes the version string \"48\")",
    layout: &LAYOUT_48,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_48,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V46)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V48)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V47),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_48,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 49.
pub static WASMTIME_49: Profile = Profile {
    name: "wasmtime-49",
    about: "wasmtime 49 (49.0.5; writes the version string \"49\")",
    layout: &LAYOUT_48,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_49,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V46)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V48)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V47),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_49,
    advice: &advice::ADVICE_V1,
};

/// wasmtime 50.
pub static WASMTIME_50: Profile = Profile {
    name: "wasmtime-50",
    about: "wasmtime 50 (50.0.1; writes the version string \"50\")",
    layout: &LAYOUT_50,
    container: &envelope::CONTAINER_E5,
    version: &envelope::VERSION_50,
    writer: Some(&writer::WRITER_W6),
    shared_flags: Judged::Table(&SharedFlagRules::PerFlag(&flags::SHARED_V46)),
    isa_flags: Judged::Table(&IsaFlagRules::PerFlag(&flags::ISA_V48)),
    tunables: Judged::Table(&checks::TUNABLE_CHECKS_V50),
    features: Judged::Table(&FeatureRules::Subset {
        words: checks::FEATURE_WORDS_V33,
    }),
    host_engine_first: Some(envelope::HOST_ENGINE_FIRST),
    defaults: &DEFAULTS_50,
    advice: &advice::ADVICE_V1,
};

/// A major's defaults: its JSON (`defaults/<profile>.json`, written from
/// its fixtures' default artifact by tools/profile-defaults) and the native
/// ISA rows of its releases.
macro_rules! defaults {
    ($profile:literal, $isa:expr) => {
        Defaults {
            json: include_str!(concat!("defaults/", $profile, ".json")),
            isa: $isa,
        }
    };
}

static DEFAULTS_3: Defaults = defaults!("wasmtime-3", native::BY_ARCH_V3);

static DEFAULTS_4: Defaults = defaults!("wasmtime-4", native::BY_ARCH_V3);

static DEFAULTS_5: Defaults = defaults!("wasmtime-5", native::BY_ARCH_V3);

static DEFAULTS_6: Defaults = defaults!("wasmtime-6", native::BY_ARCH_V3);

static DEFAULTS_7: Defaults = defaults!("wasmtime-7", native::BY_ARCH_V3);

static DEFAULTS_8: Defaults = defaults!("wasmtime-8", native::BY_ARCH_V3);

static DEFAULTS_9: Defaults = defaults!("wasmtime-9", native::BY_ARCH_V3);

static DEFAULTS_10: Defaults = defaults!("wasmtime-10", native::BY_ARCH_V3);

static DEFAULTS_11: Defaults = defaults!("wasmtime-11", native::BY_ARCH_V3);

static DEFAULTS_12: Defaults = defaults!("wasmtime-12", native::BY_ARCH_V3);

static DEFAULTS_13: Defaults = defaults!("wasmtime-13", native::BY_ARCH_V3);

static DEFAULTS_14: Defaults = defaults!("wasmtime-14", native::BY_ARCH_V3);

static DEFAULTS_15: Defaults = defaults!("wasmtime-15", native::BY_ARCH_V15);

static DEFAULTS_16: Defaults = defaults!("wasmtime-16", native::BY_ARCH_V15);

static DEFAULTS_17: Defaults = defaults!("wasmtime-17", native::BY_ARCH_V15);

static DEFAULTS_18: Defaults = defaults!("wasmtime-18", native::BY_ARCH_V15);

static DEFAULTS_19: Defaults = defaults!("wasmtime-19", native::BY_ARCH_V15);

static DEFAULTS_20: Defaults = defaults!("wasmtime-20", native::BY_ARCH_V15);

static DEFAULTS_21: Defaults = defaults!("wasmtime-21", native::BY_ARCH_V21);

static DEFAULTS_22: Defaults = defaults!("wasmtime-22", native::BY_ARCH_V21);

static DEFAULTS_23: Defaults = defaults!("wasmtime-23", native::BY_ARCH_V21);

static DEFAULTS_24: Defaults = defaults!("wasmtime-24", native::BY_ARCH_V21);

static DEFAULTS_25: Defaults = defaults!("wasmtime-25", native::BY_ARCH_V25);

static DEFAULTS_26: Defaults = defaults!("wasmtime-26", native::BY_ARCH_V25);

static DEFAULTS_27: Defaults = defaults!("wasmtime-27", native::BY_ARCH_V27);

static DEFAULTS_28: Defaults = defaults!("wasmtime-28", native::BY_ARCH_V27);

static DEFAULTS_29: Defaults = defaults!("wasmtime-29", native::BY_ARCH_V27);

static DEFAULTS_30: Defaults = defaults!("wasmtime-30", native::BY_ARCH_V27);

static DEFAULTS_31: Defaults = defaults!("wasmtime-31", native::BY_ARCH_V27);

static DEFAULTS_32: Defaults = defaults!("wasmtime-32", native::BY_ARCH_V27);

static DEFAULTS_33: Defaults = defaults!("wasmtime-33", native::BY_ARCH_V27);

static DEFAULTS_34: Defaults = defaults!("wasmtime-34", native::BY_ARCH_V27);

static DEFAULTS_35: Defaults = defaults!("wasmtime-35", native::BY_ARCH_V27);

static DEFAULTS_36: Defaults = defaults!("wasmtime-36", native::BY_ARCH_V36);

static DEFAULTS_37: Defaults = defaults!("wasmtime-37", native::BY_ARCH_V36);

static DEFAULTS_38: Defaults = defaults!("wasmtime-38", native::BY_ARCH_V36);

static DEFAULTS_39: Defaults = defaults!("wasmtime-39", native::BY_ARCH_V36);

static DEFAULTS_40: Defaults = defaults!("wasmtime-40", native::BY_ARCH_V36);

static DEFAULTS_41: Defaults = defaults!("wasmtime-41", native::BY_ARCH_V36);

static DEFAULTS_42: Defaults = defaults!("wasmtime-42", native::BY_ARCH_V36);

static DEFAULTS_43: Defaults = defaults!("wasmtime-43", native::BY_ARCH_V36);

static DEFAULTS_44: Defaults = defaults!("wasmtime-44", native::BY_ARCH_V44);

static DEFAULTS_45: Defaults = defaults!("wasmtime-45", native::BY_ARCH_V44);

static DEFAULTS_46: Defaults = defaults!("wasmtime-46", native::BY_ARCH_V44);

static DEFAULTS_47: Defaults = defaults!("wasmtime-47", native::BY_ARCH_V44);

static DEFAULTS_48: Defaults = defaults!("wasmtime-48", native::BY_ARCH_V48);

static DEFAULTS_49: Defaults = defaults!("wasmtime-49", native::BY_ARCH_V48);

static DEFAULTS_50: Defaults = defaults!("wasmtime-50", native::BY_ARCH_V50);
