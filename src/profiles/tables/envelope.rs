//! The envelope around the metadata: how the ELF container is read and
//! marked (`check_compatible` in `engine/serialization.rs` and
//! `detect_precompiled`), and how the version string is judged.

use crate::profiles::rules::{
    ContainerRule, DetectRule, EFlagsRule, ElfReader, SectionPick, VersionRule,
};

/// The engine section's name in every wasmtime artifact.
pub const WASMTIME_ENGINE_SECTION: &str = ".wasmtime.engine";

/// E3, wasmtime 28 to 31: a whole-file parse of either byte order, OS ABI
/// and ABI version checked, `e_flags` exactly the kind.
pub static CONTAINER_E3: ContainerRule = ContainerRule {
    section: WASMTIME_ENGINE_SECTION,
    reader: ElfReader::WholeFile,
    os_abi_checked: true,
    e_flags: EFlagsRule::Exact,
    pick: SectionPick::First,
    detect: DetectRule::Exact,
};

/// E5, wasmtime 43 and later: the file header alone, `e_flags` containing
/// the kind (other bits such as Pulley's allowed), OS ABI not checked on
/// load; the section headers are read after, and the last section with
/// the engine section's name wins.
pub static CONTAINER_E5: ContainerRule = ContainerRule {
    section: WASMTIME_ENGINE_SECTION,
    reader: ElfReader::HeadersFirst,
    os_abi_checked: false,
    e_flags: EFlagsRule::ContainsKind,
    pick: SectionPick::Last,
    detect: DetectRule::KindBit,
};

/// Version messages of wasmtime 3 to 41.
const WASMTIME_VERSION_MISMATCH: &str =
    "Module was compiled with incompatible Wasmtime version '{version}'";
/// The custom-string message of every release, and the only one from 42.
const VERSION_MISMATCH: &str = "Module was compiled with incompatible version '{version}'";

/// wasmtime 31.0.0 writes its full version.
pub static VERSION_31_0_0: VersionRule = VersionRule {
    own: "31.0.0",
    default_mismatch: WASMTIME_VERSION_MISMATCH,
    custom_mismatch: VERSION_MISMATCH,
};

/// wasmtime 44 writes its major version and uses one message.
pub static VERSION_44: VersionRule = VersionRule {
    own: "44",
    default_mismatch: VERSION_MISMATCH,
    custom_mismatch: VERSION_MISMATCH,
};

/// wasmtime 50, like 44.
pub static VERSION_50: VersionRule = VersionRule {
    own: "50",
    default_mismatch: VERSION_MISMATCH,
    custom_mismatch: VERSION_MISMATCH,
};

/// The context of a load whose host engine does not suit the machine it
/// runs on (wasmtime 37 and later check that first).
pub const HOST_ENGINE_FIRST: &str = "compilation settings are not compatible with the native host";
