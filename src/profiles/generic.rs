//! The generic profile: for runtimes that are not wasmtime.
//!
//! Its payload names every setting (section `.aotcompat.engine`, framed
//! like wasmtime's engine section), and its rules are the ones the
//! checking engine registers, so one profile serves any runtime.

use super::layout::{FeatureForm, FlagOrder, Layout, TrailingBytes, TunablesForm};
use super::rules::{
    Alignment, ContainerRule, DetectRule, EFlagsRule, ElfReader, EmptySections, EndianRule,
    Framing, ObjectRelease, Placement, PulleyMarks, SectionPick, VersionRule, VersionStrategies,
    WriteRule, WriterRule,
};
use super::tables::{advice, shapes};
use super::{Defaults, Judged, Profile};
use crate::codec::Codec;

/// The generic engine section's name; a name of its own keeps wasmtime
/// from ever taking it for its own.
pub const GENERIC_ENGINE_SECTION: &str = ".aotcompat.engine";

/// Self-describing metadata: tunables as (name, typed value) pairs,
/// features as the names of the enabled ones; nothing may follow it.
static LAYOUT_GENERIC: Layout = Layout {
    name: "generic",
    codec: Codec::Postcard,
    shape: &shapes::METADATA_GENERIC,
    flags: FlagOrder::Stored,
    tunables: TunablesForm::Named,
    features: FeatureForm::Names,
    trailing_bytes: TrailingBytes::Refused,
};

/// The same container and marks as wasmtime 31, without its alignment
/// demands (a generic artifact has no wasmtime release to agree with).
static CONTAINER_GENERIC: ContainerRule = ContainerRule {
    framing: Framing::EngineSection,
    section: GENERIC_ENGINE_SECTION,
    reader: ElfReader::WholeFile,
    os_abi_checked: true,
    e_flags: EFlagsRule::Exact,
    pick: SectionPick::First,
    detect: DetectRule::Exact,
    endian: EndianRule::FromFile,
    alignment: Alignment::Unaligned,
    object: ObjectRelease::V039,
};

/// No wasmtime version: an engine writes its own string or none.
static VERSION_GENERIC: VersionRule = VersionRule {
    own: "",
    per_patch: false,
    default_mismatch: "Module was compiled with incompatible version '{version}'",
    custom_mismatch: "Module was compiled with incompatible version '{version}'",
    strategies: VersionStrategies::All,
};

/// The engine section first, no branch-protection section (that one is
/// wasmtime's), Pulley written as riscv64 with the kind alone in
/// `e_flags` (the container rule reads `e_flags` exactly).
static WRITER_GENERIC: WriterRule = WriterRule {
    layout: WriteRule {
        placement: Placement::First,
        pulley: PulleyMarks::Unmarked { big_endian: true },
        empty_sections: EmptySections::Padded,
    },
    bti: None,
};

/// The generic profile.
pub static GENERIC: Profile = Profile {
    name: "generic",
    about: "self-describing metadata for other runtimes, judged by the engine's own rules",
    layout: &LAYOUT_GENERIC,
    container: &CONTAINER_GENERIC,
    version: &VERSION_GENERIC,
    writer: Some(&WRITER_GENERIC),
    shared_flags: Judged::ByEngine,
    isa_flags: Judged::ByEngine,
    tunables: Judged::ByEngine,
    features: Judged::ByEngine,
    host_engine_first: None,
    defaults: &Defaults { json: "", isa: &[] },
    advice: &advice::ADVICE_V1,
};
