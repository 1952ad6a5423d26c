//! The pre-3.0 profiles, wasmtime 0.26 to 2.x: read only.
//!
//! Their artifacts carry a `\0wasmtime-aot` trailer instead of an engine
//! section (`tables::legacy` describes the three families). Each profile
//! names its tables as the modern ones do; releases that changed nothing
//! share them, and from 0.36 on several tables are wasmtime 3's own. A
//! profile reads and checks artifacts of its release and describes its
//! default engine (from the fixtures' default artifact); aotcompat never
//! writes the pre-3.0 format.

use super::layout::{FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm};
use super::rules::{FeatureRules, IsaFlagRules, SharedFlagRules};
use super::tables::legacy as t;
use super::tables::legacy_module as m;
use super::tables::{advice, checks};
use super::{Defaults, Judged, Profile};
use crate::codec::Codec;

/// The layout of wasmtime 0.26: varint bincode, the metadata at the start
/// of one value that goes on with the compiled module
/// (`tables::legacy_module`); flags in a `HashMap`'s order.
pub static LAYOUT_0_26: Layout = Layout {
    name: "wasmtime-0.26",
    codec: Codec::Bincode1Varint,
    shape: &t::METADATA_0_26,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Module(&m::MODULE_0_26_REST),
};

/// The layout of wasmtime 0.27 (and the 0.28 tag): 0.26's metadata, the
/// module in its 0.27 form.
pub static LAYOUT_0_27: Layout = Layout {
    name: "wasmtime-0.27",
    trailing_bytes: TrailingBytes::Module(&m::MODULE_0_27_REST),
    ..LAYOUT_0_26
};

/// The layout of wheel 0.28.1 and wasmtime 0.29 (T029 tunables, a guard
/// before each memory in the module's memory plans).
pub static LAYOUT_0_28: Layout = Layout {
    name: "wasmtime-0.28",
    shape: &t::METADATA_0_28,
    trailing_bytes: TrailingBytes::Module(&m::MODULE_0_29_REST),
    ..LAYOUT_0_26
};

/// The layout of wasmtime 0.30 to 0.31 (and the 0.32 tag): fixint bincode,
/// flags by name, module upvars and type tables after the features.
pub static LAYOUT_0_30: Layout = Layout {
    name: "wasmtime-0.30",
    codec: Codec::Bincode1,
    shape: &t::METADATA_0_30,
    flags: FlagOrder::Sorted,
    tunables: TunablesForm::Fields,
    features: FeatureForm::Fields,
    trailing_bytes: TrailingBytes::Ignored,
};

/// The layout of wheel 0.32.0 and wasmtime 0.33 (T033 tunables).
pub static LAYOUT_0_32: Layout = Layout {
    name: "wasmtime-0.32",
    shape: &t::METADATA_0_32,
    ..LAYOUT_0_30
};

/// The layout of wasmtime 0.34 to 0.35.
pub static LAYOUT_0_34: Layout = Layout {
    name: "wasmtime-0.34",
    shape: &t::METADATA_0_34,
    ..LAYOUT_0_30
};

/// The layout of wasmtime 0.36: type tables only after the features.
pub static LAYOUT_0_36: Layout = Layout {
    name: "wasmtime-0.36",
    shape: &t::METADATA_0_36,
    ..LAYOUT_0_30
};

/// The layout of wasmtime 0.37 to 0.39.
pub static LAYOUT_0_37: Layout = Layout {
    name: "wasmtime-0.37",
    shape: &t::METADATA_0_37,
    ..LAYOUT_0_30
};

/// The layout of wasmtime 0.40 to 2.x.
pub static LAYOUT_0_40: Layout = Layout {
    name: "wasmtime-0.40",
    shape: &t::METADATA_0_40,
    ..LAYOUT_0_30
};

/// A legacy profile: its name and line, family, layout, container, version
/// rule, flag, tunables and features tables, and defaults.
macro_rules! legacy_profile {
    (
        $name:literal, $about:literal, $layout:expr, $container:expr, $version:expr,
        $shared:expr, $isa:expr, $tunables:expr, $features:expr, $defaults:expr
    ) => {
        Profile {
            name: $name,
            about: $about,
            layout: $layout,
            container: $container,
            version: $version,
            writer: None,
            shared_flags: Judged::Table($shared),
            isa_flags: Judged::Table($isa),
            tunables: Judged::Table($tunables),
            features: Judged::Table(&FeatureRules::PerField($features)),
            host_engine_first: None,
            defaults: $defaults,
            advice: &advice::ADVICE_V1,
        }
    };
}

/// wasmtime 0.26.
pub static WASMTIME_0_26: Profile = legacy_profile!(
    "wasmtime-0.26",
    "wasmtime 0.26 (0.26.1 and every 0.26.x; pre-3.0 format A, read only)",
    &LAYOUT_0_26,
    &t::CONTAINER_0_26,
    &t::VERSION_0_26,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_26),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_26),
    &t::TUNABLE_CHECKS_0_26,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_26
);

/// wasmtime 0.27.
pub static WASMTIME_0_27: Profile = legacy_profile!(
    "wasmtime-0.27",
    "wasmtime 0.27 (0.27.0 and every 0.27.x; pre-3.0 format A, read only)",
    &LAYOUT_0_27,
    &t::CONTAINER_0_27,
    &t::VERSION_0_27,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_26),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_26),
    &t::TUNABLE_CHECKS_0_26,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_27
);

/// wasmtime 0.28, as the PyPI wheel 0.28.1 built it (it writes `0.28.0`
/// with 0.29's tunables; see `tables::legacy`).
pub static WASMTIME_0_28: Profile = legacy_profile!(
    "wasmtime-0.28",
    "wasmtime 0.28 (every 0.28.x, as wheel 0.28.1 writes it; pre-3.0 format A, read only)",
    &LAYOUT_0_28,
    &t::CONTAINER_0_27,
    &t::VERSION_0_28,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_28),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_28),
    &t::TUNABLE_CHECKS_0_29,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_28
);

/// wasmtime 0.29.
pub static WASMTIME_0_29: Profile = legacy_profile!(
    "wasmtime-0.29",
    "wasmtime 0.29 (0.29.0 and every 0.29.x; pre-3.0 format A, read only)",
    &LAYOUT_0_28,
    &t::CONTAINER_0_27,
    &t::VERSION_0_29,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_28),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_28),
    &t::TUNABLE_CHECKS_0_29,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_29
);

/// wasmtime 0.30.
pub static WASMTIME_0_30: Profile = legacy_profile!(
    "wasmtime-0.30",
    "wasmtime 0.30 (0.30.0 and every 0.30.x; pre-3.0 format B, read only)",
    &LAYOUT_0_30,
    &t::CONTAINER_0_30,
    &t::VERSION_0_30,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_30),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_30),
    &t::TUNABLE_CHECKS_0_29,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_30
);

/// wasmtime 0.31.
pub static WASMTIME_0_31: Profile = legacy_profile!(
    "wasmtime-0.31",
    "wasmtime 0.31 (0.31.0 and every 0.31.x; pre-3.0 format B, read only)",
    &LAYOUT_0_30,
    &t::CONTAINER_0_30,
    &t::VERSION_0_31,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_30),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_30),
    &t::TUNABLE_CHECKS_0_29,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_31
);

/// wasmtime 0.32, as the PyPI wheel 0.32.0 built it (0.33's tunables; see
/// `tables::legacy`).
pub static WASMTIME_0_32: Profile = legacy_profile!(
    "wasmtime-0.32",
    "wasmtime 0.32 (every 0.32.x, as wheel 0.32.0 writes it; pre-3.0 format B, read only)",
    &LAYOUT_0_32,
    &t::CONTAINER_0_30,
    &t::VERSION_0_32,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_30),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_30),
    &t::TUNABLE_CHECKS_0_29,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_32
);

/// wasmtime 0.33.
pub static WASMTIME_0_33: Profile = legacy_profile!(
    "wasmtime-0.33",
    "wasmtime 0.33 (0.33.1 and every 0.33.x; pre-3.0 format B, read only)",
    &LAYOUT_0_32,
    &t::CONTAINER_0_30,
    &t::VERSION_0_33,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_30),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_30),
    &t::TUNABLE_CHECKS_0_29,
    &t::FEATURE_ROWS_0_26,
    &DEFAULTS_0_33
);

/// wasmtime 0.34.
pub static WASMTIME_0_34: Profile = legacy_profile!(
    "wasmtime-0.34",
    "wasmtime 0.34 (0.34.2 and every 0.34.x; pre-3.0 format B, read only)",
    &LAYOUT_0_34,
    &t::CONTAINER_0_30,
    &t::VERSION_0_34,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_30),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_30),
    &t::TUNABLE_CHECKS_0_34,
    &t::FEATURE_ROWS_0_34,
    &DEFAULTS_0_34
);

/// wasmtime 0.35.
pub static WASMTIME_0_35: Profile = legacy_profile!(
    "wasmtime-0.35",
    "wasmtime 0.35 (0.35.3 and every 0.35.x; pre-3.0 format B, read only)",
    &LAYOUT_0_34,
    &t::CONTAINER_0_30,
    &t::VERSION_0_35,
    &SharedFlagRules::EqualToHost(&t::SHARED_EQUAL_0_30),
    &IsaFlagRules::EqualToHost(&t::ISA_EQUAL_0_30),
    &t::TUNABLE_CHECKS_0_34,
    &t::FEATURE_ROWS_0_34,
    &DEFAULTS_0_35
);

/// wasmtime 0.36.
pub static WASMTIME_0_36: Profile = legacy_profile!(
    "wasmtime-0.36",
    "wasmtime 0.36 (0.36.0 and every 0.36.x; pre-3.0 format C, read only)",
    &LAYOUT_0_36,
    &t::CONTAINER_0_36,
    &t::VERSION_0_36,
    &SharedFlagRules::PerFlag(&t::SHARED_0_36),
    &IsaFlagRules::PerFlag(&t::ISA_0_36),
    &checks::TUNABLE_CHECKS_V3,
    &t::FEATURE_ROWS_0_34,
    &DEFAULTS_0_36
);

/// wasmtime 0.37.
pub static WASMTIME_0_37: Profile = legacy_profile!(
    "wasmtime-0.37",
    "wasmtime 0.37 (0.37.0 and every 0.37.x; pre-3.0 format C, read only)",
    &LAYOUT_0_37,
    &t::CONTAINER_0_36,
    &t::VERSION_0_37,
    &SharedFlagRules::PerFlag(&t::SHARED_0_37),
    &IsaFlagRules::PerFlag(&t::ISA_0_37),
    &checks::TUNABLE_CHECKS_V3,
    &checks::FEATURE_ROWS_V3,
    &DEFAULTS_0_37
);

/// wasmtime 0.38.
pub static WASMTIME_0_38: Profile = legacy_profile!(
    "wasmtime-0.38",
    "wasmtime 0.38 (0.38.3 and every 0.38.x; pre-3.0 format C, read only)",
    &LAYOUT_0_37,
    &t::CONTAINER_0_36,
    &t::VERSION_0_38,
    &SharedFlagRules::PerFlag(&t::SHARED_0_37),
    &IsaFlagRules::PerFlag(&t::ISA_0_37),
    &checks::TUNABLE_CHECKS_V3,
    &checks::FEATURE_ROWS_V3,
    &DEFAULTS_0_38
);

/// wasmtime 0.39.
pub static WASMTIME_0_39: Profile = legacy_profile!(
    "wasmtime-0.39",
    "wasmtime 0.39 (0.39.1 and every 0.39.x; pre-3.0 format C, read only)",
    &LAYOUT_0_37,
    &t::CONTAINER_0_36,
    &t::VERSION_0_39,
    &SharedFlagRules::PerFlag(&t::SHARED_0_39),
    &IsaFlagRules::PerFlag(&t::ISA_0_37),
    &checks::TUNABLE_CHECKS_V3,
    &checks::FEATURE_ROWS_V3,
    &DEFAULTS_0_39
);

/// wasmtime 0.40.
pub static WASMTIME_0_40: Profile = legacy_profile!(
    "wasmtime-0.40",
    "wasmtime 0.40 (0.40.1 and every 0.40.x; pre-3.0 format C, read only)",
    &LAYOUT_0_40,
    &t::CONTAINER_0_36,
    &t::VERSION_0_40,
    &SharedFlagRules::PerFlag(&t::SHARED_0_40),
    &IsaFlagRules::PerFlag(&t::ISA_0_40),
    &checks::TUNABLE_CHECKS_V3,
    &checks::FEATURE_ROWS_V3,
    &DEFAULTS_0_40
);

/// wasmtime 1.
pub static WASMTIME_1: Profile = legacy_profile!(
    "wasmtime-1",
    "wasmtime 1 (1.0.2 and every 1.0.x; pre-3.0 format C, read only)",
    &LAYOUT_0_40,
    &t::CONTAINER_0_36,
    &t::VERSION_1,
    &SharedFlagRules::PerFlag(&t::SHARED_1),
    &IsaFlagRules::PerFlag(&t::ISA_1),
    &checks::TUNABLE_CHECKS_V3,
    &checks::FEATURE_ROWS_V3,
    &DEFAULTS_1
);

/// wasmtime 2.
pub static WASMTIME_2: Profile = legacy_profile!(
    "wasmtime-2",
    "wasmtime 2 (2.0.2 and every 2.0.x; pre-3.0 format C, read only)",
    &LAYOUT_0_40,
    &t::CONTAINER_0_36,
    &t::VERSION_2,
    &SharedFlagRules::PerFlag(&t::SHARED_1),
    &IsaFlagRules::PerFlag(&t::ISA_2),
    &checks::TUNABLE_CHECKS_V3,
    &checks::FEATURE_ROWS_V3,
    &DEFAULTS_2
);

/// A profile's defaults: `defaults/<profile>.json`, written from the
/// fixtures' `default-module` by `tools/profile-defaults/defaults.py`.
macro_rules! defaults {
    ($profile:literal, $isa:expr) => {
        Defaults {
            json: include_str!(concat!("defaults/", $profile, ".json")),
            isa: $isa,
        }
    };
}

static DEFAULTS_0_26: Defaults = defaults!("wasmtime-0.26", t::NATIVE_0_26);
static DEFAULTS_0_27: Defaults = defaults!("wasmtime-0.27", t::NATIVE_0_26);
static DEFAULTS_0_28: Defaults = defaults!("wasmtime-0.28", t::NATIVE_0_28);
static DEFAULTS_0_29: Defaults = defaults!("wasmtime-0.29", t::NATIVE_0_28);
static DEFAULTS_0_30: Defaults = defaults!("wasmtime-0.30", t::NATIVE_0_30);
static DEFAULTS_0_31: Defaults = defaults!("wasmtime-0.31", t::NATIVE_0_30);
static DEFAULTS_0_32: Defaults = defaults!("wasmtime-0.32", t::NATIVE_0_30);
static DEFAULTS_0_33: Defaults = defaults!("wasmtime-0.33", t::NATIVE_0_30);
static DEFAULTS_0_34: Defaults = defaults!("wasmtime-0.34", t::NATIVE_0_30);
static DEFAULTS_0_35: Defaults = defaults!("wasmtime-0.35", t::NATIVE_0_30);
static DEFAULTS_0_36: Defaults = defaults!("wasmtime-0.36", t::NATIVE_0_30);
static DEFAULTS_0_37: Defaults = defaults!("wasmtime-0.37", t::NATIVE_0_30);
static DEFAULTS_0_38: Defaults = defaults!("wasmtime-0.38", t::NATIVE_0_30);
static DEFAULTS_0_39: Defaults = defaults!("wasmtime-0.39", t::NATIVE_0_30);
static DEFAULTS_0_40: Defaults = defaults!("wasmtime-0.40", t::NATIVE_0_40);
static DEFAULTS_1: Defaults = defaults!("wasmtime-1", t::NATIVE_0_40);
static DEFAULTS_2: Defaults = defaults!("wasmtime-2", t::NATIVE_0_40);
