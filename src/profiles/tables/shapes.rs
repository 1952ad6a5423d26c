//! Wire shapes: the pieces every layout shares, and the `Tunables` and
//! feature structs of each layout family, as wasmtime's sources declare
//! them (`crates/environ/src/tunables.rs`, the engine's `WasmFeatures`).
//!
//! Each family is named by its table id in the survey of wasmtime's
//! releases (`T11`, `F12`, ...) with the releases that wrote it.

use crate::codec::Shape::{self, Bool, Bytes, Option as Opt, Str, U32, U64};
use crate::codec::{Field, Variant};

/// Cranelift's `FlagValue`: `Enum(&str) | Num(u8) | Bool(bool)`, unchanged
/// since wasmtime 3.
pub static FLAG_VALUE: Shape = Shape::Enum(&[
    Variant::newtype("Enum", &Str),
    Variant::newtype("Num", &Shape::U8),
    Variant::newtype("Bool", &Bool),
]);

/// A flag list: `(name, FlagValue)` pairs (a `Vec`, or before wasmtime 15 a
/// `BTreeMap`, which has the same bytes).
pub static FLAG_LIST: Shape = Shape::Seq(&Shape::Tuple(&[&Str, &FLAG_VALUE]));

/// `Option<Collector>` with the two collectors of wasmtime 27 to 44.
pub static COLLECTOR_2: Shape = Opt(&Shape::Enum(&[
    Variant::unit("DeferredReferenceCounting"),
    Variant::unit("Null"),
]));

/// `Option<Collector>` with the copying collector added in wasmtime 45.
pub static COLLECTOR_3: Shape = Opt(&Shape::Enum(&[
    Variant::unit("DeferredReferenceCounting"),
    Variant::unit("Null"),
    Variant::unit("Copying"),
]));

/// `IntraModuleInlining` (wasmtime 36 to 44).
pub static INTRA_MODULE_INLINING: Shape = Shape::Enum(&[
    Variant::unit("Yes"),
    Variant::unit("No"),
    Variant::unit("WhenUsingGc"),
]);

/// `Inlining` (wasmtime 45 and later).
pub static INLINING: Shape = Shape::Enum(&[
    Variant::unit("Yes"),
    Variant::unit("InterModuleAndIntraGc"),
    Variant::unit("InterModule"),
    Variant::unit("Intrinsics"),
    Variant::unit("No"),
]);

/// `OperatorCostStrategy` with an `OperatorCost` of one byte per
/// wasmparser operator: 627 operators in wasmparser 0.245 to 0.261
/// (wasmtime 43 to 47).
pub static OPERATOR_COST_627: Shape = Shape::Enum(&[
    Variant::newtype("Table", &Bytes(627)),
    Variant::unit("Default"),
]);

/// `OperatorCostStrategy` whose `OperatorCost` also ends in a
/// `VariableOperatorCost` of 16 bytes (wasmtime 48 and later): 643 bytes.
pub static OPERATOR_COST_643: Shape = Shape::Enum(&[
    Variant::newtype("Table", &Bytes(643)),
    Variant::unit("Default"),
]);

/// `Tunables` T11, wasmtime 28 to 35 (17 fields).
pub static TUNABLES_T11: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_2),
    Field::new("memory_reservation", &U64),
    Field::new("memory_guard_size", &U64),
    Field::new("memory_reservation_for_growth", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("memory_may_move", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("winch_callable", &Bool),
    Field::new("signals_based_traps", &Bool),
    Field::new("memory_init_cow", &Bool),
]);

/// `Tunables` T15, wasmtime 43 and 44 (25 fields).
pub static TUNABLES_T15: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_2),
    Field::new("memory_reservation", &U64),
    Field::new("memory_guard_size", &U64),
    Field::new("memory_reservation_for_growth", &U64),
    Field::new("debug_native", &Bool),
    Field::new("debug_guest", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("operator_cost", &OPERATOR_COST_627),
    Field::new("epoch_interruption", &Bool),
    Field::new("memory_may_move", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("winch_callable", &Bool),
    Field::new("signals_based_traps", &Bool),
    Field::new("memory_init_cow", &Bool),
    Field::new("inlining", &Bool),
    Field::new("inlining_intra_module", &INTRA_MODULE_INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
    Field::new("concurrency_support", &Bool),
    Field::new("recording", &Bool),
]);

/// `Tunables` T20, wasmtime 50 (35 fields).
pub static TUNABLES_T20: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_3),
    Field::new("memory_reservation", &U64),
    Field::new("memory_guard_size", &U64),
    Field::new("memory_reservation_for_growth", &U64),
    Field::new("debug_native", &Bool),
    Field::new("debug_guest", &Bool),
    Field::new("debug_symbols", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("operator_cost", &OPERATOR_COST_643),
    Field::new("epoch_interruption", &Bool),
    Field::new("memory_may_move", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("winch_callable", &Bool),
    Field::new("signals_based_traps", &Bool),
    Field::new("memory_init_cow", &Bool),
    Field::new("inlining", &INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
    Field::new("concurrency_support", &Bool),
    Field::new("recording", &Bool),
    Field::new("asan_stack_switching", &Bool),
    Field::new("gc_zeal_alloc_counter", &Opt(&Shape::NonZeroU32)),
    Field::new("gc_heap_reservation", &U64),
    Field::new("gc_heap_guard_size", &U64),
    Field::new("gc_heap_reservation_for_growth", &U64),
    Field::new("gc_heap_initial_size", &U64),
    Field::new("gc_heap_may_move", &Bool),
    Field::new("metadata_for_internal_asserts", &Bool),
    Field::new("metadata_for_gc_heap_corruption", &Bool),
    Field::new("branch_hinting", &Bool),
]);

/// The feature struct F12, wasmtime 31 (19 bools, wire order).
pub static FEATURES_F12: Shape = Shape::Struct(&[
    Field::new("reference_types", &Bool),
    Field::new("multi_value", &Bool),
    Field::new("bulk_memory", &Bool),
    Field::new("component_model", &Bool),
    Field::new("simd", &Bool),
    Field::new("tail_call", &Bool),
    Field::new("threads", &Bool),
    Field::new("multi_memory", &Bool),
    Field::new("exceptions", &Bool),
    Field::new("memory64", &Bool),
    Field::new("relaxed_simd", &Bool),
    Field::new("extended_const", &Bool),
    Field::new("function_references", &Bool),
    Field::new("gc", &Bool),
    Field::new("custom_page_sizes", &Bool),
    Field::new("component_model_async", &Bool),
    Field::new("gc_types", &Bool),
    Field::new("wide_arithmetic", &Bool),
    Field::new("stack_switching", &Bool),
]);

/// Features as a `u64` of wasmparser bits (wasmtime 34 and later).
pub static FEATURE_BITS_U64: Shape = U64;

/// The generic profile's tunable value: `U64(u64) | Bool(bool) | Str(str)
/// | None`.
pub static GENERIC_VALUE: Shape = Shape::Enum(&[
    Variant::newtype("U64", &U64),
    Variant::newtype("Bool", &Bool),
    Variant::newtype("Str", &Str),
    Variant::unit("None"),
]);

/// Builds the five-field `Metadata` shape around a tunables and a features
/// shape.
macro_rules! metadata_shape {
    ($tunables:expr, $features:expr) => {
        $crate::codec::Shape::Struct(&[
            $crate::codec::Field::new("target", &$crate::codec::Shape::Str),
            $crate::codec::Field::new("shared_flags", &$crate::profiles::tables::shapes::FLAG_LIST),
            $crate::codec::Field::new("isa_flags", &$crate::profiles::tables::shapes::FLAG_LIST),
            $crate::codec::Field::new("tunables", $tunables),
            $crate::codec::Field::new("features", $features),
        ])
    };
}

/// wasmtime 31's metadata (layout L18).
pub static METADATA_31: Shape = metadata_shape!(&TUNABLES_T11, &FEATURES_F12);
/// wasmtime 43 and 44's metadata (layout L25).
pub static METADATA_43: Shape = metadata_shape!(&TUNABLES_T15, &FEATURE_BITS_U64);
/// wasmtime 50's metadata (layout L30).
pub static METADATA_50: Shape = metadata_shape!(&TUNABLES_T20, &FEATURE_BITS_U64);
/// The generic profile's self-describing metadata.
pub static METADATA_GENERIC: Shape = metadata_shape!(
    &Shape::Seq(&Shape::Tuple(&[&Str, &GENERIC_VALUE])),
    &Shape::Seq(&Str)
);
