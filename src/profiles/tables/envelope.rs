//! The envelope around the metadata: how the ELF container is read and
//! marked (`check_compatible` in `engine/serialization.rs` and
//! `detect_precompiled`), and how the version string is judged.

use crate::profiles::rules::{
    Alignment, ContainerRule, DetectRule, EFlagsRule, ElfReader, EndianRule, Framing,
    ObjectRelease, SectionPick, VersionRule, VersionStrategies,
};

/// The engine section's name in every wasmtime artifact.
pub const WASMTIME_ENGINE_SECTION: &str = ".wasmtime.engine";

/// E1, wasmtime 3 to 21: `object::File::parse` (any object file its ELF
/// reader knows: ELF32 or ELF64, either byte order), OS ABI and ABI
/// version checked, `e_flags` exactly the kind. `object` 0.29 to 0.33,
/// built without `unaligned`, which read an empty range only inside the
/// file and know no `SHT_CREL` (as 0.36 does).
pub static CONTAINER_E1: ContainerRule = ContainerRule {
    framing: Framing::EngineSection,
    section: WASMTIME_ENGINE_SECTION,
    reader: ElfReader::AnyObject,
    os_abi_checked: true,
    e_flags: EFlagsRule::Exact,
    pick: SectionPick::First,
    detect: DetectRule::Exact,
    endian: EndianRule::FromFile,
    alignment: Alignment::Natural,
    object: ObjectRelease::V036,
};

/// E2, wasmtime 22 to 27: a whole-file ELF64 parse in the host's byte
/// order only (`ElfFile64<NativeEndian>`), `object` 0.36.
pub static CONTAINER_E2: ContainerRule = ContainerRule {
    reader: ElfReader::WholeFile,
    endian: EndianRule::Native,
    ..CONTAINER_E1
};

/// E3, wasmtime 28 to 31: a whole-file parse of either byte order, OS ABI
/// and ABI version checked, `e_flags` exactly the kind. wasmtime 31's
/// `object` 0.36 is built without `unaligned` (`cargo tree -e features` of
/// the fixture generator), so its tables must be aligned in the file, and
/// it knows no `SHT_CREL`.
pub static CONTAINER_E3: ContainerRule = ContainerRule {
    reader: ElfReader::WholeFile,
    ..CONTAINER_E1
};

/// E4, wasmtime 32 to 35: as E3, but `e_flags` need only contain the
/// kind's bit (Pulley artifacts carry more), and detection takes the first
/// kind bit it finds. Still `object` 0.36 without `unaligned` (33's
/// manifest; 34 and 35 are taken to be alike).
pub static CONTAINER_E4: ContainerRule = ContainerRule {
    e_flags: EFlagsRule::ContainsKind,
    detect: DetectRule::KindBit,
    ..CONTAINER_E3
};

/// E4 with wasmtime 36 to 42's `object` 0.37, built with `unaligned`
/// (#11306), which reads an empty range anywhere and knows `SHT_CREL`.
pub static CONTAINER_E4_UNALIGNED: ContainerRule = ContainerRule {
    alignment: Alignment::Unaligned,
    object: ObjectRelease::V039,
    ..CONTAINER_E4
};

/// E5, wasmtime 43 and later: the file header alone, `e_flags` containing
/// the kind (other bits such as Pulley's allowed), OS ABI not checked on
/// load; the section headers are read after, and the last section with
/// the engine section's name wins. Its `object` (0.39 in 44, 0.40 in 50)
/// is built with `unaligned` and knows `SHT_CREL`; `detect_precompiled`
/// still parses the whole file and checks the OS ABI.
pub static CONTAINER_E5: ContainerRule = ContainerRule {
    reader: ElfReader::HeadersFirst,
    os_abi_checked: false,
    pick: SectionPick::Last,
    ..CONTAINER_E4_UNALIGNED
};

/// The default strategy's message from wasmtime 0.26 up to 41.
pub(crate) const WASMTIME_VERSION_MISMATCH: &str =
    "Module was compiled with incompatible Wasmtime version '{version}'";
/// The custom-string message of every release, and the only one from 42.
pub(crate) const VERSION_MISMATCH: &str =
    "Module was compiled with incompatible version '{version}'";

/// The context of a load whose host engine does not suit the machine it
/// runs on (wasmtime 37 and later check that first).
pub const HOST_ENGINE_FIRST: &str = "compilation settings are not compatible with the native host";

/// Up to wasmtime 37 every patch release writes its full version, and the
/// profile's own is the newest patch release on crates.io; from 38 on the
/// major alone.
macro_rules! version_rule {
    ($own:literal, per_patch, $default:expr) => {
        VersionRule {
            own: $own,
            per_patch: true,
            default_mismatch: $default,
            custom_mismatch: VERSION_MISMATCH,
            strategies: VersionStrategies::All,
        }
    };
    ($own:literal, $default:expr) => {
        VersionRule {
            own: $own,
            per_patch: false,
            default_mismatch: $default,
            custom_mismatch: VERSION_MISMATCH,
            strategies: VersionStrategies::All,
        }
    };
}

/// wasmtime 3.
pub static VERSION_3: VersionRule = version_rule!("3.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 4.
pub static VERSION_4: VersionRule = version_rule!("4.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 5.
pub static VERSION_5: VersionRule = version_rule!("5.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 6.
pub static VERSION_6: VersionRule = version_rule!("6.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 7.
pub static VERSION_7: VersionRule = version_rule!("7.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 8.
pub static VERSION_8: VersionRule = version_rule!("8.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 9.
pub static VERSION_9: VersionRule = version_rule!("9.0.4", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 10.
pub static VERSION_10: VersionRule = version_rule!("10.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 11.
pub static VERSION_11: VersionRule = version_rule!("11.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 12.
pub static VERSION_12: VersionRule = version_rule!("12.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 13.
pub static VERSION_13: VersionRule = version_rule!("13.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 14.
pub static VERSION_14: VersionRule = version_rule!("14.0.4", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 15.
pub static VERSION_15: VersionRule = version_rule!("15.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 16.
pub static VERSION_16: VersionRule = version_rule!("16.0.0", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 17.
pub static VERSION_17: VersionRule = version_rule!("17.0.3", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 18.
pub static VERSION_18: VersionRule = version_rule!("18.0.4", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 19.
pub static VERSION_19: VersionRule = version_rule!("19.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 20.
pub static VERSION_20: VersionRule = version_rule!("20.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 21.
pub static VERSION_21: VersionRule = version_rule!("21.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 22.
pub static VERSION_22: VersionRule = version_rule!("22.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 23.
pub static VERSION_23: VersionRule = version_rule!("23.0.3", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 24.
pub static VERSION_24: VersionRule = version_rule!("24.0.13", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 25.
pub static VERSION_25: VersionRule = version_rule!("25.0.3", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 26.
pub static VERSION_26: VersionRule = version_rule!("26.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 27.
pub static VERSION_27: VersionRule = version_rule!("27.0.0", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 28.
pub static VERSION_28: VersionRule = version_rule!("28.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 29.
pub static VERSION_29: VersionRule = version_rule!("29.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 30.
pub static VERSION_30: VersionRule = version_rule!("30.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 31.
pub static VERSION_31: VersionRule = version_rule!("31.0.0", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 32.
pub static VERSION_32: VersionRule = version_rule!("32.0.1", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 33.
pub static VERSION_33: VersionRule = version_rule!("33.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 34.
pub static VERSION_34: VersionRule = version_rule!("34.0.2", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 35.
pub static VERSION_35: VersionRule = version_rule!("35.0.0", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 36.
pub static VERSION_36: VersionRule = version_rule!("36.0.20", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 37.
pub static VERSION_37: VersionRule = version_rule!("37.0.3", per_patch, WASMTIME_VERSION_MISMATCH);
/// wasmtime 38.
pub static VERSION_38: VersionRule = version_rule!("38", WASMTIME_VERSION_MISMATCH);
/// wasmtime 39.
pub static VERSION_39: VersionRule = version_rule!("39", WASMTIME_VERSION_MISMATCH);
/// wasmtime 40.
pub static VERSION_40: VersionRule = version_rule!("40", WASMTIME_VERSION_MISMATCH);
/// wasmtime 41.
pub static VERSION_41: VersionRule = version_rule!("41", WASMTIME_VERSION_MISMATCH);
/// wasmtime 42.
pub static VERSION_42: VersionRule = version_rule!("42", VERSION_MISMATCH);
/// wasmtime 43.
pub static VERSION_43: VersionRule = version_rule!("43", VERSION_MISMATCH);
/// wasmtime 44.
pub static VERSION_44: VersionRule = version_rule!("44", VERSION_MISMATCH);
/// wasmtime 45.
pub static VERSION_45: VersionRule = version_rule!("45", VERSION_MISMATCH);
/// wasmtime 46.
pub static VERSION_46: VersionRule = version_rule!("46", VERSION_MISMATCH);
/// wasmtime 47.
pub static VERSION_47: VersionRule = version_rule!("47", VERSION_MISMATCH);
/// wasmtime 48.
pub static VERSION_48: VersionRule = version_rule!("48", VERSION_MISMATCH);
/// wasmtime 49.
pub static VERSION_49: VersionRule = version_rule!("49", VERSION_MISMATCH);
/// wasmtime 50.
pub static VERSION_50: VersionRule = version_rule!("50", VERSION_MISMATCH);
