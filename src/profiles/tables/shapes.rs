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

/// `Tunables` T1, wasmtime 3 to 7 (12 fields).
pub static TUNABLES_T1: Shape = Shape::Struct(&[
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
    Field::new("debug_adapter_modules", &Bool),
]);

/// `Tunables` T2, wasmtime 8 to 11 (13 fields).
pub static TUNABLES_T2: Shape = Shape::Struct(&[
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
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
]);

/// `Tunables` T3, wasmtime 12 to 19 (14 fields).
pub static TUNABLES_T3: Shape = Shape::Struct(&[
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
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("tail_callable", &Bool),
]);

/// `Tunables` T4, wasmtime 20 (15 fields).
pub static TUNABLES_T4: Shape = Shape::Struct(&[
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
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("tail_callable", &Bool),
    Field::new("winch_callable", &Bool),
]);

/// `Tunables` T5, wasmtime 21 (17 fields).
pub static TUNABLES_T5: Shape = Shape::Struct(&[
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
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("tail_callable", &Bool),
    Field::new("winch_callable", &Bool),
    Field::new("cache_call_indirects", &Bool),
    Field::new("max_call_indirect_cache_slots", &U64),
]);

/// `Tunables` T6, wasmtime 22 (18 fields).
pub static TUNABLES_T6: Shape = Shape::Struct(&[
    Field::new("static_memory_reservation", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("tail_callable", &Bool),
    Field::new("winch_callable", &Bool),
    Field::new("cache_call_indirects", &Bool),
    Field::new("max_call_indirect_cache_slots", &U64),
]);

/// `Tunables` T7, wasmtime 23 (16 fields).
pub static TUNABLES_T7: Shape = Shape::Struct(&[
    Field::new("static_memory_reservation", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("tail_callable", &Bool),
    Field::new("winch_callable", &Bool),
]);

/// `Tunables` T8, wasmtime 24 to 25 (15 fields).
pub static TUNABLES_T8: Shape = Shape::Struct(&[
    Field::new("static_memory_reservation", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("winch_callable", &Bool),
]);

/// `Tunables` T9, wasmtime 26 (16 fields).
pub static TUNABLES_T9: Shape = Shape::Struct(&[
    Field::new("static_memory_reservation", &U64),
    Field::new("static_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_offset_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("winch_callable", &Bool),
    Field::new("signals_based_traps", &Bool),
]);

/// `Tunables` T10, wasmtime 27 (16 fields).
pub static TUNABLES_T10: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_2),
    Field::new("static_memory_reservation", &U64),
    Field::new("memory_guard_size", &U64),
    Field::new("dynamic_memory_growth_reserve", &U64),
    Field::new("generate_native_debuginfo", &Bool),
    Field::new("parse_wasm_debuginfo", &Bool),
    Field::new("consume_fuel", &Bool),
    Field::new("epoch_interruption", &Bool),
    Field::new("static_memory_bound_is_maximum", &Bool),
    Field::new("guard_before_linear_memory", &Bool),
    Field::new("table_lazy_init", &Bool),
    Field::new("generate_address_map", &Bool),
    Field::new("debug_adapter_modules", &Bool),
    Field::new("relaxed_simd_deterministic", &Bool),
    Field::new("winch_callable", &Bool),
    Field::new("signals_based_traps", &Bool),
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

/// `Tunables` T12, wasmtime 36 to 38 (21 fields).
pub static TUNABLES_T12: Shape = Shape::Struct(&[
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
    Field::new("inlining", &Bool),
    Field::new("inlining_intra_module", &INTRA_MODULE_INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
]);

/// `Tunables` T13, wasmtime 39 to 41 (22 fields).
pub static TUNABLES_T13: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_2),
    Field::new("memory_reservation", &U64),
    Field::new("memory_guard_size", &U64),
    Field::new("memory_reservation_for_growth", &U64),
    Field::new("debug_native", &Bool),
    Field::new("debug_guest", &Bool),
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
    Field::new("inlining", &Bool),
    Field::new("inlining_intra_module", &INTRA_MODULE_INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
]);

/// `Tunables` T14, wasmtime 42 (23 fields).
pub static TUNABLES_T14: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_2),
    Field::new("memory_reservation", &U64),
    Field::new("memory_guard_size", &U64),
    Field::new("memory_reservation_for_growth", &U64),
    Field::new("debug_native", &Bool),
    Field::new("debug_guest", &Bool),
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
    Field::new("inlining", &Bool),
    Field::new("inlining_intra_module", &INTRA_MODULE_INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
    Field::new("concurrency_support", &Bool),
]);

/// `Tunables` T15, wasmtime 43 to 44 (25 fields).
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

/// `Tunables` T16, wasmtime 45 (29 fields).
pub static TUNABLES_T16: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_3),
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
    Field::new("inlining", &INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
    Field::new("concurrency_support", &Bool),
    Field::new("recording", &Bool),
    Field::new("gc_zeal_alloc_counter", &Opt(&Shape::NonZeroU32)),
    Field::new("gc_heap_reservation", &U64),
    Field::new("gc_heap_guard_size", &U64),
    Field::new("gc_heap_reservation_for_growth", &U64),
    Field::new("gc_heap_may_move", &Bool),
]);

/// `Tunables` T17, wasmtime 46 (32 fields).
pub static TUNABLES_T17: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_3),
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
    Field::new("inlining", &INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
    Field::new("concurrency_support", &Bool),
    Field::new("recording", &Bool),
    Field::new("gc_zeal_alloc_counter", &Opt(&Shape::NonZeroU32)),
    Field::new("gc_heap_reservation", &U64),
    Field::new("gc_heap_guard_size", &U64),
    Field::new("gc_heap_reservation_for_growth", &U64),
    Field::new("gc_heap_may_move", &Bool),
    Field::new("metadata_for_internal_asserts", &Bool),
    Field::new("metadata_for_gc_heap_corruption", &Bool),
    Field::new("branch_hinting", &Bool),
]);

/// `Tunables` T18, wasmtime 47 (34 fields).
pub static TUNABLES_T18: Shape = Shape::Struct(&[
    Field::new("collector", &COLLECTOR_3),
    Field::new("memory_reservation", &U64),
    Field::new("memory_guard_size", &U64),
    Field::new("memory_reservation_for_growth", &U64),
    Field::new("debug_native", &Bool),
    Field::new("debug_guest", &Bool),
    Field::new("debug_symbols", &Bool),
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
    Field::new("inlining", &INLINING),
    Field::new("inlining_small_callee_size", &U32),
    Field::new("inlining_sum_size_threshold", &U32),
    Field::new("concurrency_support", &Bool),
    Field::new("recording", &Bool),
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

/// `Tunables` T19, wasmtime 48 to 49 (34 fields).
pub static TUNABLES_T19: Shape = Shape::Struct(&[
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

/// The feature struct F1, wasmtime 3 to 4 (13 bools, wire order).
pub static FEATURES_F1: Shape = Shape::Struct(&[
    Field::new("reference_types", &Bool),
    Field::new("multi_value", &Bool),
    Field::new("bulk_memory", &Bool),
    Field::new("component_model", &Bool),
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

/// The feature struct F2, wasmtime 5 (12 bools, wire order).
pub static FEATURES_F2: Shape = Shape::Struct(&[
    Field::new("reference_types", &Bool),
    Field::new("multi_value", &Bool),
    Field::new("bulk_memory", &Bool),
    Field::new("component_model", &Bool),
    Field::new("simd", &Bool),
    Field::new("threads", &Bool),
    Field::new("tail_call", &Bool),
    Field::new("multi_memory", &Bool),
    Field::new("exceptions", &Bool),
    Field::new("memory64", &Bool),
    Field::new("relaxed_simd", &Bool),
    Field::new("extended_const", &Bool),
]);

/// The feature struct F3, wasmtime 6 to 9 (11 bools, wire order).
pub static FEATURES_F3: Shape = Shape::Struct(&[
    Field::new("reference_types", &Bool),
    Field::new("multi_value", &Bool),
    Field::new("bulk_memory", &Bool),
    Field::new("component_model", &Bool),
    Field::new("simd", &Bool),
    Field::new("threads", &Bool),
    Field::new("multi_memory", &Bool),
    Field::new("exceptions", &Bool),
    Field::new("memory64", &Bool),
    Field::new("relaxed_simd", &Bool),
    Field::new("extended_const", &Bool),
]);

/// The feature struct F4, wasmtime 10 to 11 (12 bools, wire order).
pub static FEATURES_F4: Shape = Shape::Struct(&[
    Field::new("reference_types", &Bool),
    Field::new("multi_value", &Bool),
    Field::new("bulk_memory", &Bool),
    Field::new("component_model", &Bool),
    Field::new("simd", &Bool),
    Field::new("threads", &Bool),
    Field::new("multi_memory", &Bool),
    Field::new("exceptions", &Bool),
    Field::new("memory64", &Bool),
    Field::new("relaxed_simd", &Bool),
    Field::new("extended_const", &Bool),
    Field::new("function_references", &Bool),
]);

/// The feature struct F5, wasmtime 12 to 18 (13 bools, wire order).
pub static FEATURES_F5: Shape = Shape::Struct(&[
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
]);

/// The feature struct F6, wasmtime 19 to 22 (14 bools, wire order).
pub static FEATURES_F6: Shape = Shape::Struct(&[
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
]);

/// The feature struct F7, wasmtime 23 (16 bools, wire order).
pub static FEATURES_F7: Shape = Shape::Struct(&[
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
    Field::new("component_model_more_flags", &Bool),
]);

/// The feature struct F8, wasmtime 24 (17 bools, wire order).
pub static FEATURES_F8: Shape = Shape::Struct(&[
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
    Field::new("component_model_more_flags", &Bool),
    Field::new("component_model_multiple_returns", &Bool),
]);

/// The feature struct F9, wasmtime 25 to 26 (18 bools, wire order).
pub static FEATURES_F9: Shape = Shape::Struct(&[
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
    Field::new("component_model_more_flags", &Bool),
    Field::new("component_model_multiple_returns", &Bool),
    Field::new("gc_types", &Bool),
]);

/// The feature struct F10, wasmtime 27 to 29 (19 bools, wire order).
pub static FEATURES_F10: Shape = Shape::Struct(&[
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
    Field::new("component_model_more_flags", &Bool),
    Field::new("component_model_multiple_returns", &Bool),
    Field::new("gc_types", &Bool),
    Field::new("wide_arithmetic", &Bool),
]);

/// The feature struct F11, wasmtime 30 (20 bools, wire order).
pub static FEATURES_F11: Shape = Shape::Struct(&[
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
    Field::new("component_model_more_flags", &Bool),
    Field::new("component_model_multiple_returns", &Bool),
    Field::new("component_model_async", &Bool),
    Field::new("gc_types", &Bool),
    Field::new("wide_arithmetic", &Bool),
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

/// The feature struct F13, wasmtime 32 (21 bools, wire order).
pub static FEATURES_F13: Shape = Shape::Struct(&[
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
    Field::new("component_model_async_builtins", &Bool),
    Field::new("component_model_async_stackful", &Bool),
    Field::new("gc_types", &Bool),
    Field::new("wide_arithmetic", &Bool),
    Field::new("stack_switching", &Bool),
]);

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
        Shape::Struct(&[
            Field::new("target", &Str),
            Field::new("shared_flags", &FLAG_LIST),
            Field::new("isa_flags", &FLAG_LIST),
            Field::new("tunables", $tunables),
            Field::new("features", $features),
        ])
    };
}

/// The metadata of wasmtime 3 to 4.
pub static METADATA_3: Shape = metadata_shape!(&TUNABLES_T1, &FEATURES_F1);
/// The metadata of wasmtime 5.
pub static METADATA_5: Shape = metadata_shape!(&TUNABLES_T1, &FEATURES_F2);
/// The metadata of wasmtime 6 to 7.
pub static METADATA_6: Shape = metadata_shape!(&TUNABLES_T1, &FEATURES_F3);
/// The metadata of wasmtime 8 to 9.
pub static METADATA_8: Shape = metadata_shape!(&TUNABLES_T2, &FEATURES_F3);
/// The metadata of wasmtime 10 to 11.
pub static METADATA_10: Shape = metadata_shape!(&TUNABLES_T2, &FEATURES_F4);
/// The metadata of wasmtime 12 to 14.
pub static METADATA_12: Shape = metadata_shape!(&TUNABLES_T3, &FEATURES_F5);
/// The metadata of wasmtime 15 to 18.
pub static METADATA_15: Shape = metadata_shape!(&TUNABLES_T3, &FEATURES_F5);
/// The metadata of wasmtime 19.
pub static METADATA_19: Shape = metadata_shape!(&TUNABLES_T3, &FEATURES_F6);
/// The metadata of wasmtime 20.
pub static METADATA_20: Shape = metadata_shape!(&TUNABLES_T4, &FEATURES_F6);
/// The metadata of wasmtime 21.
pub static METADATA_21: Shape = metadata_shape!(&TUNABLES_T5, &FEATURES_F6);
/// The metadata of wasmtime 22.
pub static METADATA_22: Shape = metadata_shape!(&TUNABLES_T6, &FEATURES_F6);
/// The metadata of wasmtime 23.
pub static METADATA_23: Shape = metadata_shape!(&TUNABLES_T7, &FEATURES_F7);
/// The metadata of wasmtime 24.
pub static METADATA_24: Shape = metadata_shape!(&TUNABLES_T8, &FEATURES_F8);
/// The metadata of wasmtime 25.
pub static METADATA_25: Shape = metadata_shape!(&TUNABLES_T8, &FEATURES_F9);
/// The metadata of wasmtime 26.
pub static METADATA_26: Shape = metadata_shape!(&TUNABLES_T9, &FEATURES_F9);
/// The metadata of wasmtime 27.
pub static METADATA_27: Shape = metadata_shape!(&TUNABLES_T10, &FEATURES_F10);
/// The metadata of wasmtime 28 to 29.
pub static METADATA_28: Shape = metadata_shape!(&TUNABLES_T11, &FEATURES_F10);
/// The metadata of wasmtime 30.
pub static METADATA_30: Shape = metadata_shape!(&TUNABLES_T11, &FEATURES_F11);
/// The metadata of wasmtime 31.
pub static METADATA_31: Shape = metadata_shape!(&TUNABLES_T11, &FEATURES_F12);
/// The metadata of wasmtime 32.
pub static METADATA_32: Shape = metadata_shape!(&TUNABLES_T11, &FEATURES_F13);
/// The metadata of wasmtime 33.
pub static METADATA_33: Shape = metadata_shape!(&TUNABLES_T11, &U32);
/// The metadata of wasmtime 34 to 35.
pub static METADATA_34: Shape = metadata_shape!(&TUNABLES_T11, &U64);
/// The metadata of wasmtime 36.
pub static METADATA_36: Shape = metadata_shape!(&TUNABLES_T12, &U64);
/// The metadata of wasmtime 37 to 38.
pub static METADATA_37: Shape = metadata_shape!(&TUNABLES_T12, &U64);
/// The metadata of wasmtime 39.
pub static METADATA_39: Shape = metadata_shape!(&TUNABLES_T13, &U64);
/// The metadata of wasmtime 40 to 41.
pub static METADATA_40: Shape = metadata_shape!(&TUNABLES_T13, &U64);
/// The metadata of wasmtime 42.
pub static METADATA_42: Shape = metadata_shape!(&TUNABLES_T14, &U64);
/// The metadata of wasmtime 43 to 44.
pub static METADATA_43: Shape = metadata_shape!(&TUNABLES_T15, &U64);
/// The metadata of wasmtime 45.
pub static METADATA_45: Shape = metadata_shape!(&TUNABLES_T16, &U64);
/// The metadata of wasmtime 46.
pub static METADATA_46: Shape = metadata_shape!(&TUNABLES_T17, &U64);
/// The metadata of wasmtime 47.
pub static METADATA_47: Shape = metadata_shape!(&TUNABLES_T18, &U64);
/// The metadata of wasmtime 48 to 49.
pub static METADATA_48: Shape = metadata_shape!(&TUNABLES_T19, &U64);
/// The metadata of wasmtime 50.
pub static METADATA_50: Shape = metadata_shape!(&TUNABLES_T20, &U64);
/// The generic profile's self-describing metadata.
pub static METADATA_GENERIC: Shape = metadata_shape!(
    &Shape::Seq(&Shape::Tuple(&[&Str, &GENERIC_VALUE])),
    &Shape::Seq(&Str)
);
