//! The tables of wasmtime's pre-3.0 releases, 0.26 to 2.x, which wrote no
//! engine section but a `\0wasmtime-aot` trailer (read only).
//!
//! Three families, each table named by the first release that has it:
//!
//! | family | releases | trailer | bincode | flags judged |
//! |---|---|---|---|---|
//! | A | 0.26 to 0.29 | at the start; the compiled module follows the metadata in one value | varint | equal to the host's, in Cranelift's descriptor order |
//! | B | 0.30 to 0.35 | after an ELF chain ended by `u64::MAX` | fixint | equal to the host's, by name |
//! | C | 0.36 to 2.x | after one ELF image | fixint | per flag, as wasmtime 3 does |
//!
//! Facts (layouts, words, orders) come from the research notes of the
//! `v0.26.0` to `v2.0.2` tags and are proven by the fixtures of the PyPI
//! wheels (`tests/fixtures/legacy-*`). Within a line every patch release
//! has the same tables; only the version string differs.
//!
//! **Tag and wheel skew.** Two wheels were built from `main` after their
//! tag while still writing the tag's version: wheel 0.28.1 writes `0.28.0`
//! with 0.29's tunables (`guard_before_linear_memory`, #2977) and checks
//! them, and wheel 0.32.0 writes `0.32.0` with 0.33's tunables
//! (`generate_address_map`, #3598). The fixtures are the truth, so the
//! profiles of 0.28 and 0.32 have the wheels' layouts: an artifact of a
//! crates.io build of 0.28.0 or 0.32.0 reads with the tag's layout, which
//! is 0.26's (for 0.28, its decoded prefix is the same bytes but the
//! feature bools shift by one) or 0.30's.

use super::{checks, flags, shapes};
use crate::codec::Shape::{self, Bool, Seq, Str, Unsupported, U32, U64};
use crate::codec::{Field, Variant};
use crate::format::{TrailerPlace, TrailerRule, NOT_AN_ARTIFACT};
use crate::profiles::rules::FlagConst::{Bool as B, Enum, Num};
use crate::profiles::rules::{
    BoolEquality, ContainerRule, EqualityMessages, FeatureRow, FlagEquality, Framing, HostOrder,
    IsaDefault::{self, Probe as Native},
    IsaFlagTable, IsaMessages,
    IsaRule::{self, Always, Probe},
    SharedFlagTable,
    SharedRule::{self, Any, Require, RequireIfHostFeature, RequireOnWindows},
    TunableCheck::{self, Bool as CheckBool, Int},
    VersionRule, VersionStrategies,
};
use crate::profiles::tables::envelope::{
    CONTAINER_E1, VERSION_MISMATCH, WASMTIME_VERSION_MISMATCH,
};

// ---------------------------------------------------------------------
// Shapes
// ---------------------------------------------------------------------

/// `CompilationStrategy`, written between the ISA flags and the tunables
/// by wasmtime 0.26 to 0.29 (`Lightbeam` exists only with a Cargo feature
/// no wheel has).
pub static STRATEGY: Shape = Shape::Enum(&[Variant::unit("Auto"), Variant::unit("Cranelift")]);

/// `Tunables` T026 of wasmtime 0.26 to 0.28 (tags), with the `strategy`
/// written before it as its first field (see [`crate::profiles::Layout`]).
pub static TUNABLES_T026: Shape = Shape::Struct(&[
    Field::new("strategy", &STRATEGY),
    Field::new("static_memory_bound", &U32),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("interruptable", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
]);

/// `Tunables` T029 of wasmtime 0.29 and wheel 0.28.1, after `strategy`.
pub static TUNABLES_T029: Shape = Shape::Struct(&[
    Field::new("strategy", &STRATEGY),
    Field::new("static_memory_bound", &U32),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("interruptable", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
]);

/// `Tunables` T030 of wasmtime 0.30 to 0.31 and the 0.32 tag.
pub static TUNABLES_T030: Shape = Shape::Struct(&[
    Field::new("static_memory_bound", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("interruptable", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
]);

/// `Tunables` T033 of wasmtime 0.33 and wheel 0.32.0.
pub static TUNABLES_T033: Shape = Shape::Struct(&[
    Field::new("static_memory_bound", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("interruptable", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("generate_address_map", &Bool),
]);

/// `Tunables` T034 of wasmtime 0.34 to 0.35.
pub static TUNABLES_T034: Shape = Shape::Struct(&[
    Field::new("static_memory_bound", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("interruptable", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("generate_address_map", &Bool),
]);

/// `Tunables` T036 of wasmtime 0.36 to 0.39. (0.40 to 2.x write wasmtime
/// 3's T1, which adds `debug_adapter_modules`.)
pub static TUNABLES_T036: Shape = Shape::Struct(&[
    Field::new("static_memory_bound", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("generate_address_map", &Bool),
]);

/// wasmtime's own `WasmFeatures` F026, 0.26 to 0.33 (11 bools, wire
/// order).
pub static FEATURES_F026: Shape = Shape::Struct(&[
    Field::new("reference_types", &Bool),
    Field::new("multi_value", &Bool),
    Field::new("bulk_memory", &Bool),
    Field::new("module_linking", &Bool),
    Field::new("simd", &Bool),
    Field::new("threads", &Bool),
    Field::new("tail_call", &Bool),
    Field::new("deterministic_only", &Bool),
    Field::new("multi_memory", &Bool),
    Field::new("exceptions", &Bool),
    Field::new("memory64", &Bool),
]);

/// `WasmFeatures` F034, 0.34 to 0.36. (0.37 to 2.x write wasmtime 3's F1:
/// `module_linking` became `component_model`, same place.)
pub static FEATURES_F034: Shape = Shape::Struct(&[
    Field::new("reference_types", &Bool),
    Field::new("multi_value", &Bool),
    Field::new("bulk_memory", &Bool),
    Field::new("module_linking", &Bool),
    Field::new("simd", &Bool),
    Field::new("threads", &Bool),
    Field::new("tail_call", &Bool),
    Field::new("deterministic_only", &Bool),
    Field::new("multi_memory", &Bool),
    Field::new("exceptions", &Bool),
    Field::new("memory64", &Bool),
    Field::new("relaxed_simd", &Bool),
    Field::new("extended_const", &Bool),
]);

/// `WasmType` of wasmtime 0.30 to 0.36.
pub static WASM_TYPE_8: Shape = Shape::Enum(&[
    Variant::unit("I32"),
    Variant::unit("I64"),
    Variant::unit("F32"),
    Variant::unit("F64"),
    Variant::unit("V128"),
    Variant::unit("FuncRef"),
    Variant::unit("ExternRef"),
    Variant::unit("ExnRef"),
]);

/// `WasmType` of wasmtime 0.37 to 2.x (no `ExnRef`).
pub static WASM_TYPE_7: Shape = Shape::Enum(&[
    Variant::unit("I32"),
    Variant::unit("I64"),
    Variant::unit("F32"),
    Variant::unit("F64"),
    Variant::unit("V128"),
    Variant::unit("FuncRef"),
    Variant::unit("ExternRef"),
]);

/// `WasmFuncType` with [`WASM_TYPE_8`].
pub static FUNC_TYPE_8: Shape = Shape::Struct(&[
    Field::new("params", &Seq(&WASM_TYPE_8)),
    Field::new("externref_params_count", &U64),
    Field::new("returns", &Seq(&WASM_TYPE_8)),
    Field::new("externref_returns_count", &U64),
]);

/// `WasmFuncType` with [`WASM_TYPE_7`].
pub static FUNC_TYPE_7: Shape = Shape::Struct(&[
    Field::new("params", &Seq(&WASM_TYPE_7)),
    Field::new("externref_params_count", &U64),
    Field::new("returns", &Seq(&WASM_TYPE_7)),
    Field::new("externref_returns_count", &U64),
]);

/// `Vec<SerializedModuleUpvar>` of wasmtime 0.30 to 0.35 (module
/// linking; empty otherwise).
pub static MODULE_UPVARS: Shape = Seq(&MODULE_UPVAR);

/// `SerializedModuleUpvar`, which holds more of itself.
pub static MODULE_UPVAR: Shape = Shape::Struct(&[
    Field::new("index", &U64),
    Field::new("artifact_upvars", &Seq(&U64)),
    Field::new("module_upvars", &MODULE_UPVARS),
]);

/// `TypeTables` of wasmtime 0.30 to 0.35. Module and instance signatures
/// exist only with module linking; their `EntityType`s are not modelled,
/// so a table that holds any is refused by name.
pub static TYPES_030: Shape = Shape::Struct(&[
    Field::new("wasm_signatures", &Seq(&FUNC_TYPE_8)),
    Field::new(
        "module_signatures",
        &Seq(&Unsupported(
            "module-linking module signatures (wasmtime 0.30 to 0.35)",
        )),
    ),
    Field::new(
        "instance_signatures",
        &Seq(&Unsupported(
            "module-linking instance signatures (wasmtime 0.30 to 0.35)",
        )),
    ),
]);

/// `TypeTables` of wasmtime 0.36.
pub static TYPES_036: Shape = Shape::Struct(&[Field::new("wasm_signatures", &Seq(&FUNC_TYPE_8))]);

/// `TypeTables` (0.37) and `ModuleTypes` (0.38 to 2.x): the same bytes.
pub static TYPES_037: Shape = Shape::Struct(&[Field::new("wasm_signatures", &Seq(&FUNC_TYPE_7))]);

/// The common five fields, then the ones a release adds after them.
macro_rules! legacy_metadata {
    ($tunables:expr, $features:expr $(, $name:literal => $shape:expr)*) => {
        Shape::Struct(&[
            Field::new("target", &Str),
            Field::new("shared_flags", &shapes::FLAG_LIST),
            Field::new("isa_flags", &shapes::FLAG_LIST),
            Field::new("tunables", $tunables),
            Field::new("features", $features),
            $(Field::new($name, $shape),)*
        ])
    };
}

/// The start of `SerializedModule` of wasmtime 0.26 to 0.27 (and the 0.28
/// tag): the compiled module follows in the same value
/// (`legacy_module::MODULE_0_26_REST` and `MODULE_0_27_REST`).
pub static METADATA_0_26: Shape = legacy_metadata!(&TUNABLES_T026, &FEATURES_F026);
/// The start of `SerializedModule` of wasmtime 0.29 and wheel 0.28.1
/// (`legacy_module::MODULE_0_29_REST` follows).
pub static METADATA_0_28: Shape = legacy_metadata!(&TUNABLES_T029, &FEATURES_F026);
/// `Metadata` of wasmtime 0.30 to 0.31.
pub static METADATA_0_30: Shape = legacy_metadata!(
    &TUNABLES_T030, &FEATURES_F026,
    "module_upvars" => &MODULE_UPVARS, "types" => &TYPES_030
);
/// `Metadata` of wasmtime 0.33 and wheel 0.32.0.
pub static METADATA_0_32: Shape = legacy_metadata!(
    &TUNABLES_T033, &FEATURES_F026,
    "module_upvars" => &MODULE_UPVARS, "types" => &TYPES_030
);
/// `Metadata` of wasmtime 0.34 to 0.35.
pub static METADATA_0_34: Shape = legacy_metadata!(
    &TUNABLES_T034, &FEATURES_F034,
    "module_upvars" => &MODULE_UPVARS, "types" => &TYPES_030
);
/// `Metadata` of wasmtime 0.36.
pub static METADATA_0_36: Shape =
    legacy_metadata!(&TUNABLES_T036, &FEATURES_F034, "types" => &TYPES_036);
/// `Metadata` of wasmtime 0.37 to 0.39.
pub static METADATA_0_37: Shape =
    legacy_metadata!(&TUNABLES_T036, &shapes::FEATURES_F1, "types" => &TYPES_037);
/// `Metadata` of wasmtime 0.40 to 2.x: wasmtime 3's, then the types.
pub static METADATA_0_40: Shape =
    legacy_metadata!(&shapes::TUNABLES_T1, &shapes::FEATURES_F1, "types" => &TYPES_037);

// ---------------------------------------------------------------------
// Envelope: trailers and versions
// ---------------------------------------------------------------------

/// What wasmtime wraps a failed decode in.
const DECODE_CONTEXT: &str = "deserialize compilation artifacts";

/// 0.26: a file that does not start with the header is no artifact to
/// it; `Module::new` compiles such bytes as WebAssembly text or binary, so
/// there is no wasmtime message to give.
pub static TRAILER_0_26: TrailerRule = TrailerRule {
    place: TrailerPlace::Start,
    no_header: "not a wasmtime 0.26 artifact (it does not start with `\\0wasmtime-aot`); \
                wasmtime 0.26 would compile these bytes as WebAssembly text or binary",
    decode_context: DECODE_CONTEXT,
};

/// 0.27 to 0.29: the header must start the file.
pub static TRAILER_0_27: TrailerRule = TrailerRule {
    place: TrailerPlace::Start,
    no_header: NOT_AN_ARTIFACT,
    decode_context: DECODE_CONTEXT,
};

/// 0.30 to 0.35: the header follows an ELF chain.
pub static TRAILER_0_30: TrailerRule = TrailerRule {
    place: TrailerPlace::AfterElfChain,
    ..TRAILER_0_27
};

/// 0.36 to 2.x: the header follows one ELF image.
pub static TRAILER_0_36: TrailerRule = TrailerRule {
    place: TrailerPlace::AfterElf,
    ..TRAILER_0_27
};

/// A trailer container: no engine section, none of the ELF marks judged.
macro_rules! trailer_container {
    ($trailer:expr) => {
        ContainerRule {
            framing: Framing::Trailer($trailer),
            section: "",
            ..CONTAINER_E1
        }
    };
}

/// The container of wasmtime 0.26.
pub static CONTAINER_0_26: ContainerRule = trailer_container!(&TRAILER_0_26);
/// The container of wasmtime 0.27 to 0.29.
pub static CONTAINER_0_27: ContainerRule = trailer_container!(&TRAILER_0_27);
/// The container of wasmtime 0.30 to 0.35.
pub static CONTAINER_0_30: ContainerRule = trailer_container!(&TRAILER_0_30);
/// The container of wasmtime 0.36 to 2.x.
pub static CONTAINER_0_36: ContainerRule = trailer_container!(&TRAILER_0_36);

/// Every patch release writes its full version; the profile's own is the
/// newest patch release of its line.
macro_rules! legacy_version {
    ($own:literal, $strategies:expr) => {
        VersionRule {
            own: $own,
            per_patch: true,
            default_mismatch: WASMTIME_VERSION_MISMATCH,
            custom_mismatch: VERSION_MISMATCH,
            strategies: $strategies,
        }
    };
}

/// wasmtime 0.26.
pub static VERSION_0_26: VersionRule = legacy_version!("0.26.1", VersionStrategies::OwnOnly);
/// wasmtime 0.27.
pub static VERSION_0_27: VersionRule = legacy_version!("0.27.0", VersionStrategies::OwnOnly);
/// wasmtime 0.28 (the wheels' 0.28.1 writes `0.28.0`).
pub static VERSION_0_28: VersionRule = legacy_version!("0.28.0", VersionStrategies::OwnOrUnchecked);
/// wasmtime 0.29.
pub static VERSION_0_29: VersionRule = legacy_version!("0.29.0", VersionStrategies::OwnOrUnchecked);
/// wasmtime 0.30.
pub static VERSION_0_30: VersionRule = legacy_version!("0.30.0", VersionStrategies::All);
/// wasmtime 0.31.
pub static VERSION_0_31: VersionRule = legacy_version!("0.31.0", VersionStrategies::All);
/// wasmtime 0.32.
pub static VERSION_0_32: VersionRule = legacy_version!("0.32.1", VersionStrategies::All);
/// wasmtime 0.33.
pub static VERSION_0_33: VersionRule = legacy_version!("0.33.1", VersionStrategies::All);
/// wasmtime 0.34.
pub static VERSION_0_34: VersionRule = legacy_version!("0.34.2", VersionStrategies::All);
/// wasmtime 0.35.
pub static VERSION_0_35: VersionRule = legacy_version!("0.35.3", VersionStrategies::All);
/// wasmtime 0.36.
pub static VERSION_0_36: VersionRule = legacy_version!("0.36.0", VersionStrategies::All);
/// wasmtime 0.37.
pub static VERSION_0_37: VersionRule = legacy_version!("0.37.0", VersionStrategies::All);
/// wasmtime 0.38.
pub static VERSION_0_38: VersionRule = legacy_version!("0.38.3", VersionStrategies::All);
/// wasmtime 0.39.
pub static VERSION_0_39: VersionRule = legacy_version!("0.39.1", VersionStrategies::All);
/// wasmtime 0.40.
pub static VERSION_0_40: VersionRule = legacy_version!("0.40.1", VersionStrategies::All);
/// wasmtime 1 (the wheels' 1.0.1 writes `1.0.0`).
pub static VERSION_1: VersionRule = legacy_version!("1.0.2", VersionStrategies::All);
/// wasmtime 2.
pub static VERSION_2: VersionRule = legacy_version!("2.0.2", VersionStrategies::All);

// ---------------------------------------------------------------------
// Flags equal to the host's (families A and B)
// ---------------------------------------------------------------------

/// The words of wasmtime 0.26 to 0.35's flag comparison.
static EQUALITY_MESSAGES: EqualityMessages = EqualityMessages {
    missing: "Module was compiled without setting '{flag}'",
    different: "Module was compiled with a different '{flag}' setting: expected '{artifact}' \
                but host has '{host}'",
    extra: "Module was compiled with setting '{flag}' but it is not present for the host",
    unsupported: "Module was compiled with setting '{flag}' enabled but the host does not \
                  support it",
};

/// Cranelift's shared settings in descriptor order (`Flags::iter`: the
/// settings that are not bools first, then the bools, each in definition
/// order), wasmtime 0.26 to 0.27.
static SHARED_ORDER_0_26: &[&str] = &[
    "regalloc",
    "opt_level",
    "tls_model",
    "libcall_call_conv",
    "baldrdash_prologue_words",
    "probestack_size_log2",
    "enable_verifier",
    "is_pic",
    "use_colocated_libcalls",
    "avoid_div_traps",
    "enable_float",
    "enable_nan_canonicalization",
    "enable_pinned_reg",
    "use_pinned_reg_as_heap_base",
    "enable_simd",
    "enable_atomics",
    "enable_safepoints",
    "enable_llvm_abi_extensions",
    "unwind_info",
    "emit_all_ones_funcaddrs",
    "enable_probestack",
    "probestack_func_adjusts_sp",
    "enable_jump_tables",
    "enable_heap_access_spectre_mitigation",
];

/// The same, wasmtime 0.28 to 0.29: `machine_code_cfg_info` after
/// `unwind_info`.
static SHARED_ORDER_0_28: &[&str] = &[
    "regalloc",
    "opt_level",
    "tls_model",
    "libcall_call_conv",
    "baldrdash_prologue_words",
    "probestack_size_log2",
    "enable_verifier",
    "is_pic",
    "use_colocated_libcalls",
    "avoid_div_traps",
    "enable_float",
    "enable_nan_canonicalization",
    "enable_pinned_reg",
    "use_pinned_reg_as_heap_base",
    "enable_simd",
    "enable_atomics",
    "enable_safepoints",
    "enable_llvm_abi_extensions",
    "unwind_info",
    "machine_code_cfg_info",
    "emit_all_ones_funcaddrs",
    "enable_probestack",
    "probestack_func_adjusts_sp",
    "enable_jump_tables",
    "enable_heap_access_spectre_mitigation",
];

/// Cranelift's x86 settings in descriptor order, wasmtime 0.26 to 0.27.
static ISA_ORDER_0_26: &[&str] = &[
    "has_sse3",
    "has_ssse3",
    "has_sse41",
    "has_sse42",
    "has_avx",
    "has_avx2",
    "has_avx512dq",
    "has_avx512vl",
    "has_avx512f",
    "has_popcnt",
    "has_bmi1",
    "has_bmi2",
    "has_lzcnt",
];

/// The same, wasmtime 0.28 to 0.29: `has_avx512bitalg` after `has_avx2`,
/// `has_avx512vbmi` after `has_avx512vl`.
static ISA_ORDER_0_28: &[&str] = &[
    "has_sse3",
    "has_ssse3",
    "has_sse41",
    "has_sse42",
    "has_avx",
    "has_avx2",
    "has_avx512bitalg",
    "has_avx512dq",
    "has_avx512vl",
    "has_avx512vbmi",
    "has_avx512f",
    "has_popcnt",
    "has_bmi1",
    "has_bmi2",
    "has_lzcnt",
];

/// Shared flags of wasmtime 0.26 to 0.27: equal to the host's, walked in
/// descriptor order.
pub static SHARED_EQUAL_0_26: FlagEquality = FlagEquality {
    order: HostOrder::Listed(SHARED_ORDER_0_26),
    bools: BoolEquality::Equal,
    messages: &EQUALITY_MESSAGES,
};

/// Shared flags of wasmtime 0.28 to 0.29.
pub static SHARED_EQUAL_0_28: FlagEquality = FlagEquality {
    order: HostOrder::Listed(SHARED_ORDER_0_28),
    ..SHARED_EQUAL_0_26
};

/// Shared flags of wasmtime 0.30 to 0.35: equal to the host's, by name.
pub static SHARED_EQUAL_0_30: FlagEquality = FlagEquality {
    order: HostOrder::ByName,
    ..SHARED_EQUAL_0_26
};

/// ISA flags of wasmtime 0.26 to 0.27: equal to the host's, an on/off
/// flag that is off in the artifact passing.
pub static ISA_EQUAL_0_26: FlagEquality = FlagEquality {
    order: HostOrder::Listed(ISA_ORDER_0_26),
    bools: BoolEquality::OnNeedsHost,
    messages: &EQUALITY_MESSAGES,
};

/// ISA flags of wasmtime 0.28 to 0.29.
pub static ISA_EQUAL_0_28: FlagEquality = FlagEquality {
    order: HostOrder::Listed(ISA_ORDER_0_28),
    ..ISA_EQUAL_0_26
};

/// ISA flags of wasmtime 0.30 to 0.35.
pub static ISA_EQUAL_0_30: FlagEquality = FlagEquality {
    order: HostOrder::ByName,
    ..ISA_EQUAL_0_26
};

// ---------------------------------------------------------------------
// Flags per flag (family C)
// ---------------------------------------------------------------------

type SharedRows = [(&'static str, SharedRule)];
type IsaRows = [(&'static str, IsaRule)];

/// Settings that must have one value, wasmtime 0.36 to 0.38.
/// `unwind_info` is `cfg!(feature = "wasm-backtrace")` in 0.36 and 0.37,
/// which the wheels have on, and true outright in 0.38.
static REQUIRED_0_36: &SharedRows = &[
    ("avoid_div_traps", Require(B(true))),
    ("unwind_info", Require(B(true))),
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("baldrdash_prologue_words", Require(Num(0))),
    ("enable_llvm_abi_extensions", Require(B(false))),
    ("emit_all_ones_funcaddrs", Require(B(false))),
    ("enable_pinned_reg", Require(B(false))),
    ("enable_probestack", Require(B(false))),
    ("use_colocated_libcalls", Require(B(false))),
    ("use_pinned_reg_as_heap_base", Require(B(false))),
];

/// Settings that must have one value, wasmtime 0.39.
static REQUIRED_0_39: &SharedRows = &[
    ("avoid_div_traps", Require(B(true))),
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("baldrdash_prologue_words", Require(Num(0))),
    ("enable_llvm_abi_extensions", Require(B(false))),
    ("emit_all_ones_funcaddrs", Require(B(false))),
    ("enable_pinned_reg", Require(B(false))),
    ("enable_probestack", Require(B(false))),
    ("use_colocated_libcalls", Require(B(false))),
    ("use_pinned_reg_as_heap_base", Require(B(false))),
];

/// Settings that must have one value, wasmtime 0.40.
static REQUIRED_0_40: &SharedRows = &[
    ("avoid_div_traps", Require(B(true))),
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("preserve_frame_pointers", Require(B(true))),
    ("enable_llvm_abi_extensions", Require(B(false))),
    ("enable_pinned_reg", Require(B(false))),
    ("enable_probestack", Require(B(false))),
    ("use_colocated_libcalls", Require(B(false))),
    ("use_pinned_reg_as_heap_base", Require(B(false))),
];

/// Settings that must have one value, wasmtime 1 to 2: wasmtime 3's.
static REQUIRED_1: &SharedRows = &[
    ("avoid_div_traps", Require(B(true))),
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("preserve_frame_pointers", Require(B(true))),
    ("enable_llvm_abi_extensions", Require(B(false))),
    ("enable_pinned_reg", Require(B(false))),
    ("enable_probestack", Require(B(false))),
    ("probestack_strategy", Require(Enum("outline"))),
    ("use_colocated_libcalls", Require(B(false))),
    ("use_pinned_reg_as_heap_base", Require(B(false))),
];

/// Settings judged by the host, wasmtime 0.36 to 0.38.
static CONDITIONAL_0_36: &SharedRows = &[(
    "enable_safepoints",
    RequireIfHostFeature {
        feature: "reference_types",
        value: B(true),
    },
)];

/// Settings judged by the host, wasmtime 0.39 to 0.40. `unwind_info` must
/// be true when the host has wasm backtraces or reference types;
/// backtraces are a `Config` setting the metadata does not record, on by
/// default, so it is taken as required.
static CONDITIONAL_0_39: &SharedRows = &[
    (
        "enable_safepoints",
        RequireIfHostFeature {
            feature: "reference_types",
            value: B(true),
        },
    ),
    ("unwind_info", Require(B(true))),
];

/// Settings judged by the host, wasmtime 1 to 2: wasmtime 3's.
static CONDITIONAL_1: &SharedRows = &[
    (
        "enable_safepoints",
        RequireIfHostFeature {
            feature: "reference_types",
            value: B(true),
        },
    ),
    ("unwind_info", RequireOnWindows(B(true))),
];

/// Settings of any value, wasmtime 0.36.
static ANY_0_36: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("is_pic", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 0.37 to 0.38.
static ANY_0_37: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("is_pic", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 0.39.
static ANY_0_39: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("is_pic", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 0.40.
static ANY_0_40: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 1 to 2.
static ANY_1: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// A shared-flag table with wasmtime's words (unchanged since 0.36).
macro_rules! shared_table {
    ($($group:expr),*) => {
        SharedFlagTable {
            groups: &[$($group),*],
            unknown: flags::UNKNOWN_SHARED,
            unsupported: flags::UNSUPPORTED_SHARED,
            no_stack_switching: flags::NO_STACK_SWITCHING,
        }
    };
}

/// Shared flags of wasmtime 0.36.
pub static SHARED_0_36: SharedFlagTable = shared_table!(REQUIRED_0_36, CONDITIONAL_0_36, ANY_0_36);
/// Shared flags of wasmtime 0.37 to 0.38 (0.38 requires `unwind_info`
/// outright, which the wheels of 0.37 did through their Cargo feature).
pub static SHARED_0_37: SharedFlagTable = shared_table!(REQUIRED_0_36, CONDITIONAL_0_36, ANY_0_37);
/// Shared flags of wasmtime 0.39.
pub static SHARED_0_39: SharedFlagTable = shared_table!(REQUIRED_0_39, CONDITIONAL_0_39, ANY_0_39);
/// Shared flags of wasmtime 0.40.
pub static SHARED_0_40: SharedFlagTable = shared_table!(REQUIRED_0_40, CONDITIONAL_0_39, ANY_0_40);
/// Shared flags of wasmtime 1 to 2.
pub static SHARED_1: SharedFlagTable = shared_table!(REQUIRED_1, CONDITIONAL_1, ANY_1);

/// The x86_64 settings wasmtime 0.36 to 0.39 test on an x86_64 host.
static X86_64_HOST_0_36: &IsaRows = &[
    ("has_sse3", Probe("sse3")),
    ("has_ssse3", Probe("ssse3")),
    ("has_sse41", Probe("sse4.1")),
    ("has_sse42", Probe("sse4.2")),
    ("has_popcnt", Probe("popcnt")),
    ("has_avx", Probe("avx")),
    ("has_avx2", Probe("avx2")),
    ("has_bmi1", Probe("bmi1")),
    ("has_bmi2", Probe("bmi2")),
    ("has_avx512bitalg", Probe("avx512bitalg")),
    ("has_avx512dq", Probe("avx512dq")),
    ("has_avx512f", Probe("avx512f")),
    ("has_avx512vl", Probe("avx512vl")),
    ("has_avx512vbmi", Probe("avx512vbmi")),
    ("has_lzcnt", Probe("lzcnt")),
];

/// The aarch64 settings wasmtime 0.36 to 0.40 test on an aarch64 host
/// (from the research notes; no fixture is aarch64).
static AARCH64_HOST_0_36: &IsaRows = &[("has_lse", Probe("lse"))];

/// The aarch64 settings of wasmtime 1 (from the research notes).
static AARCH64_HOST_1: &IsaRows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("sign_return_address_all", Always),
    ("sign_return_address", Always),
    ("sign_return_address_with_bkey", Always),
];

/// ISA messages of wasmtime 0.36: no comma before "but".
static ISA_MESSAGES_0_36: IsaMessages = IsaMessages {
    unavailable: "compilation setting {flag:?} is enabled but not available on the host",
    ..flags::ISA_MESSAGES_V3
};

/// ISA flags of wasmtime 0.36: the running CPU, tested with the
/// detection macros of its architecture.
pub static ISA_0_36: IsaFlagTable = IsaFlagTable {
    groups: &[],
    by_host_arch: &[("x86_64", X86_64_HOST_0_36), ("aarch64", AARCH64_HOST_0_36)],
    riscv64_accepts_unknown: false,
    pointer_width_values: false,
    messages: &ISA_MESSAGES_0_36,
};

/// ISA flags of wasmtime 0.37 to 0.39: with the comma (wasmtime 3's
/// words from here on).
pub static ISA_0_37: IsaFlagTable = IsaFlagTable {
    messages: &flags::ISA_MESSAGES_V3,
    ..ISA_0_36
};

/// ISA flags of wasmtime 0.40: `has_fma` too (wasmtime 3's x86_64 rows).
pub static ISA_0_40: IsaFlagTable = IsaFlagTable {
    by_host_arch: &[
        ("x86_64", flags::X86_64_HOST_V3),
        ("aarch64", AARCH64_HOST_0_36),
    ],
    ..ISA_0_37
};

/// ISA flags of wasmtime 1: aarch64 pointer authentication.
pub static ISA_1: IsaFlagTable = IsaFlagTable {
    by_host_arch: &[
        ("x86_64", flags::X86_64_HOST_V3),
        ("aarch64", AARCH64_HOST_1),
    ],
    ..ISA_0_37
};

/// ISA flags of wasmtime 2: aarch64 `use_bti`, and a riscv64 host takes
/// every setting (wasmtime 3's aarch64 rows).
pub static ISA_2: IsaFlagTable = IsaFlagTable {
    by_host_arch: &[
        ("x86_64", flags::X86_64_HOST_V3),
        ("aarch64", flags::AARCH64_HOST_V3),
    ],
    riscv64_accepts_unknown: true,
    ..ISA_0_37
};

// ---------------------------------------------------------------------
// Tunables and features, in check order
// ---------------------------------------------------------------------

/// Tunables checks of wasmtime 0.26 to 0.28 (tags). The `strategy` is
/// checked before them (`Module was compiled with strategy '..'` unless
/// both are Auto or Cranelift), which with the two variants the wheels
/// know can never fail: it has no row.
pub static TUNABLE_CHECKS_0_26: [TunableCheck; 8] = [
    Int {
        field: "static_memory_bound",
        words: "static memory bound",
    },
    Int {
        field: "static_memory_offset_guard_size",
        words: "static memory guard size",
    },
    Int {
        field: "dynamic_memory_offset_guard_size",
        words: "dynamic memory guard size",
    },
    CheckBool {
        field: "generate_native_debuginfo",
        words: "debug information support",
    },
    CheckBool {
        field: "parse_wasm_debuginfo",
        words: "WebAssembly backtrace support",
    },
    CheckBool {
        field: "interruptable",
        words: "interruption support",
    },
    CheckBool {
        field: "consume_fuel",
        words: "fuel support",
    },
    CheckBool {
        field: "static_memory_bound_is_maximum",
        words: "pooling allocation support",
    },
];

/// Tunables checks of wasmtime 0.29 to 0.33 (and wheel 0.28.1).
pub static TUNABLE_CHECKS_0_29: [TunableCheck; 9] = [
    Int {
        field: "static_memory_bound",
        words: "static memory bound",
    },
    Int {
        field: "static_memory_offset_guard_size",
        words: "static memory guard size",
    },
    Int {
        field: "dynamic_memory_offset_guard_size",
        words: "dynamic memory guard size",
    },
    CheckBool {
        field: "generate_native_debuginfo",
        words: "debug information support",
    },
    CheckBool {
        field: "parse_wasm_debuginfo",
        words: "WebAssembly backtrace support",
    },
    CheckBool {
        field: "interruptable",
        words: "interruption support",
    },
    CheckBool {
        field: "consume_fuel",
        words: "fuel support",
    },
    CheckBool {
        field: "static_memory_bound_is_maximum",
        words: "pooling allocation support",
    },
    CheckBool {
        field: "guard_before_linear_memory",
        words: "guard before linear memory",
    },
];

/// Tunables checks of wasmtime 0.34 to 0.35. (0.36 to 2.x check what
/// wasmtime 3 checks: `checks::TUNABLE_CHECKS_V3`.)
pub static TUNABLE_CHECKS_0_34: [TunableCheck; 10] = [
    Int {
        field: "static_memory_bound",
        words: "static memory bound",
    },
    Int {
        field: "static_memory_offset_guard_size",
        words: "static memory guard size",
    },
    Int {
        field: "dynamic_memory_offset_guard_size",
        words: "dynamic memory guard size",
    },
    CheckBool {
        field: "generate_native_debuginfo",
        words: "debug information support",
    },
    CheckBool {
        field: "parse_wasm_debuginfo",
        words: "WebAssembly backtrace support",
    },
    CheckBool {
        field: "interruptable",
        words: "interruption support",
    },
    CheckBool {
        field: "consume_fuel",
        words: "fuel support",
    },
    CheckBool {
        field: "epoch_interruption",
        words: "epoch interruption",
    },
    CheckBool {
        field: "static_memory_bound_is_maximum",
        words: "pooling allocation support",
    },
    CheckBool {
        field: "guard_before_linear_memory",
        words: "guard before linear memory",
    },
];

/// Features check of wasmtime 0.26 to 0.33 (F026 struct), in check order.
pub static FEATURE_ROWS_0_26: [FeatureRow; 11] = [
    checks::row("reference_types", "WebAssembly reference types support"),
    checks::row("multi_value", "WebAssembly multi-value support"),
    checks::row("bulk_memory", "WebAssembly bulk memory support"),
    checks::row("module_linking", "WebAssembly module linking support"),
    checks::row("simd", "WebAssembly SIMD support"),
    checks::row("threads", "WebAssembly threads support"),
    checks::row("tail_call", "WebAssembly tail-call support"),
    checks::row(
        "deterministic_only",
        "WebAssembly deterministic-only support",
    ),
    checks::row("multi_memory", "WebAssembly multi-memory support"),
    checks::row("exceptions", "WebAssembly exceptions support"),
    checks::row("memory64", "WebAssembly 64-bit memory support"),
];

/// Features check of wasmtime 0.34 to 0.36 (F034 struct), in check order:
/// extended-const before relaxed-simd, unlike the wire. (0.37 to 2.x check
/// what wasmtime 3 checks: `checks::FEATURE_ROWS_V3`.)
pub static FEATURE_ROWS_0_34: [FeatureRow; 13] = [
    checks::row("reference_types", "WebAssembly reference types support"),
    checks::row("multi_value", "WebAssembly multi-value support"),
    checks::row("bulk_memory", "WebAssembly bulk memory support"),
    checks::row("module_linking", "WebAssembly module linking support"),
    checks::row("simd", "WebAssembly SIMD support"),
    checks::row("threads", "WebAssembly threads support"),
    checks::row("tail_call", "WebAssembly tail-call support"),
    checks::row(
        "deterministic_only",
        "WebAssembly deterministic-only support",
    ),
    checks::row("multi_memory", "WebAssembly multi-memory support"),
    checks::row("exceptions", "WebAssembly exceptions support"),
    checks::row("memory64", "WebAssembly 64-bit memory support"),
    checks::row("extended_const", "WebAssembly extended-const support"),
    checks::row("relaxed_simd", "WebAssembly relaxed-simd support"),
];

// ---------------------------------------------------------------------
// Native ISA flags (x86_64, proven by the fixtures' default artifacts,
// compiled on the recorded CPU)
// ---------------------------------------------------------------------

type NativeRows = [(&'static str, IsaDefault)];

/// The rows of every architecture, for the profile values.
type ByArch = [(&'static str, &'static NativeRows)];

/// x86_64, wasmtime 0.26 to 0.27, in descriptor order.
static NATIVE_X86_64_0_26: &NativeRows = &[
    ("has_sse3", Native("sse3")),
    ("has_ssse3", Native("ssse3")),
    ("has_sse41", Native("sse4.1")),
    ("has_sse42", Native("sse4.2")),
    ("has_avx", Native("avx")),
    ("has_avx2", Native("avx2")),
    ("has_avx512dq", Native("avx512dq")),
    ("has_avx512vl", Native("avx512vl")),
    ("has_avx512f", Native("avx512f")),
    ("has_popcnt", Native("popcnt")),
    ("has_bmi1", Native("bmi1")),
    ("has_bmi2", Native("bmi2")),
    ("has_lzcnt", Native("lzcnt")),
];

/// x86_64, wasmtime 0.28 to 0.29, in descriptor order.
static NATIVE_X86_64_0_28: &NativeRows = &[
    ("has_sse3", Native("sse3")),
    ("has_ssse3", Native("ssse3")),
    ("has_sse41", Native("sse4.1")),
    ("has_sse42", Native("sse4.2")),
    ("has_avx", Native("avx")),
    ("has_avx2", Native("avx2")),
    ("has_avx512bitalg", Native("avx512bitalg")),
    ("has_avx512dq", Native("avx512dq")),
    ("has_avx512vl", Native("avx512vl")),
    ("has_avx512vbmi", Native("avx512vbmi")),
    ("has_avx512f", Native("avx512f")),
    ("has_popcnt", Native("popcnt")),
    ("has_bmi1", Native("bmi1")),
    ("has_bmi2", Native("bmi2")),
    ("has_lzcnt", Native("lzcnt")),
];

/// x86_64, wasmtime 0.30 to 0.39, by name (a `BTreeMap`).
static NATIVE_X86_64_0_30: &NativeRows = &[
    ("has_avx", Native("avx")),
    ("has_avx2", Native("avx2")),
    ("has_avx512bitalg", Native("avx512bitalg")),
    ("has_avx512dq", Native("avx512dq")),
    ("has_avx512f", Native("avx512f")),
    ("has_avx512vbmi", Native("avx512vbmi")),
    ("has_avx512vl", Native("avx512vl")),
    ("has_bmi1", Native("bmi1")),
    ("has_bmi2", Native("bmi2")),
    ("has_lzcnt", Native("lzcnt")),
    ("has_popcnt", Native("popcnt")),
    ("has_sse3", Native("sse3")),
    ("has_sse41", Native("sse4.1")),
    ("has_sse42", Native("sse4.2")),
    ("has_ssse3", Native("ssse3")),
];

/// Native rows of wasmtime 0.26 to 0.27.
pub static NATIVE_0_26: &ByArch = &[("x86_64", NATIVE_X86_64_0_26)];
/// Native rows of wasmtime 0.28 to 0.29.
pub static NATIVE_0_28: &ByArch = &[("x86_64", NATIVE_X86_64_0_28)];
/// Native rows of wasmtime 0.30 to 0.39.
pub static NATIVE_0_30: &ByArch = &[("x86_64", NATIVE_X86_64_0_30)];
/// Native rows of wasmtime 0.40 to 2.x: wasmtime 3's (`has_fma` too).
pub static NATIVE_0_40: &ByArch = super::native::BY_ARCH_V3;
