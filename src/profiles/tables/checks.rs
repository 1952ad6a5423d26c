//! Tunables and features check lists (`Metadata::check_tunables` and
//! `check_features` in wasmtime's `engine/serialization.rs`), in check
//! order, with the words of each message.

use crate::profiles::rules::{CollectorRule, FeatureRow, TunableCheck};

// One check per line: `int`/`boolean` name the tunable and the words of
// its message; the others are rarer kinds.
const fn int(field: &'static str, words: &'static str) -> TunableCheck {
    TunableCheck::Int { field, words }
}

const fn boolean(field: &'static str, words: &'static str) -> TunableCheck {
    TunableCheck::Bool { field, words }
}

const fn collector(field: &'static str, rule: &'static CollectorRule) -> TunableCheck {
    TunableCheck::Collector { field, rule }
}

const fn cost(fuel: &'static str, field: &'static str, message: &'static str) -> TunableCheck {
    TunableCheck::Cost {
        fuel,
        field,
        message,
    }
}

const fn choice(field: &'static str, words: &'static [&'static str]) -> TunableCheck {
    TunableCheck::Choice { field, words }
}

/// The collector rule of wasmtime 27 to 36: an artifact without GC needs a
/// host without GC.
pub static COLLECTOR_V27: CollectorRule = CollectorRule {
    names: &["deferred reference-counting", "null"],
    without_gc_loads_anywhere: false,
    without_gc: "module was compiled without GC but GC is enabled in the host",
    gc_disabled: "module was compiled with GC however GC is disabled in the host",
    different: "module was compiled for the {artifact} collector but the host is configured \
                to use the {host} collector",
};

/// The collector rule of wasmtime 37 to 44: an artifact without GC loads
/// on any host.
pub static COLLECTOR_V37: CollectorRule = CollectorRule {
    without_gc_loads_anywhere: true,
    ..COLLECTOR_V27
};

/// The collector rule of wasmtime 45 and later: the copying collector.
pub static COLLECTOR_V45: CollectorRule = CollectorRule {
    names: &["deferred reference-counting", "null", "copying"],
    ..COLLECTOR_V37
};

/// What `check_cost` says when fuel costs differ (wasmtime 43 and later).
const COSTS_DIFFER: &str = "Module costs are incompatible";

/// The phrases of `IntraModuleInlining` (Yes, No, WhenUsingGc).
static INTRA_MODULE_INLINING_WORDS: [&str; 3] = [
    "with intra-module inlining",
    "without intra-module inlining",
    "with intra-module inlining only when using GC",
];

/// The phrases of `Inlining` (Yes, InterModuleAndIntraGc, InterModule,
/// Intrinsics, No).
static INLINING_WORDS: [&str; 5] = [
    "with intra-module inlining",
    "with intra-module inlining only when using GC",
    "with inter-module inlining",
    "with intrinsic inlining",
    "without intra-module inlining",
];

/// Tunables checks of wasmtime 3 to 7 (T1 layout).
pub static TUNABLE_CHECKS_V3: [TunableCheck; 9] = [
    int("static_memory_bound", "static memory bound"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
];

/// Tunables checks of wasmtime 8 to 11 (T2 layout).
pub static TUNABLE_CHECKS_V8: [TunableCheck; 10] = [
    int("static_memory_bound", "static memory bound"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
];

/// Tunables checks of wasmtime 12 to 19 (T3 layout).
pub static TUNABLE_CHECKS_V12: [TunableCheck; 11] = [
    int("static_memory_bound", "static memory bound"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("tail_callable", "WebAssembly tail calls"),
];

/// Tunables checks of wasmtime 20 (T4 layout).
pub static TUNABLE_CHECKS_V20: [TunableCheck; 12] = [
    int("static_memory_bound", "static memory bound"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("tail_callable", "WebAssembly tail calls"),
    boolean("winch_callable", "Winch calling convention"),
];

/// Tunables checks of wasmtime 21 (T5 layout).
pub static TUNABLE_CHECKS_V21: [TunableCheck; 14] = [
    int("static_memory_bound", "static memory bound"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("tail_callable", "WebAssembly tail calls"),
    boolean("winch_callable", "Winch calling convention"),
    boolean("cache_call_indirects", "caching of call-indirect targets"),
    int(
        "max_call_indirect_cache_slots",
        "maximum slot count for caching of call-indirect targets",
    ),
];

/// Tunables checks of wasmtime 22 (T6 layout).
pub static TUNABLE_CHECKS_V22: [TunableCheck; 15] = [
    int("static_memory_reservation", "static memory reservation"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("tail_callable", "WebAssembly tail calls"),
    boolean("winch_callable", "Winch calling convention"),
    boolean("cache_call_indirects", "caching of call-indirect targets"),
    int(
        "max_call_indirect_cache_slots",
        "maximum slot count for caching of call-indirect targets",
    ),
];

/// Tunables checks of wasmtime 23 (T7 layout).
pub static TUNABLE_CHECKS_V23: [TunableCheck; 13] = [
    int("static_memory_reservation", "static memory reservation"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("tail_callable", "WebAssembly tail calls"),
    boolean("winch_callable", "Winch calling convention"),
];

/// Tunables checks of wasmtime 24 to 25 (T8 layout).
pub static TUNABLE_CHECKS_V24: [TunableCheck; 12] = [
    int("static_memory_reservation", "static memory reservation"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
];

/// Tunables checks of wasmtime 26 (T9 layout).
pub static TUNABLE_CHECKS_V26: [TunableCheck; 13] = [
    int("static_memory_reservation", "static memory reservation"),
    int(
        "static_memory_offset_guard_size",
        "static memory guard size",
    ),
    int(
        "dynamic_memory_offset_guard_size",
        "dynamic memory guard size",
    ),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
];

/// Tunables checks of wasmtime 27 (T10 layout).
pub static TUNABLE_CHECKS_V27: [TunableCheck; 13] = [
    collector("collector", &COLLECTOR_V27),
    int("static_memory_reservation", "static memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean(
        "static_memory_bound_is_maximum",
        "pooling allocation support",
    ),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
];

/// Tunables checks of wasmtime 28 to 35 (T11 layout).
pub static TUNABLE_CHECKS_V28: [TunableCheck; 14] = [
    collector("collector", &COLLECTOR_V27),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
];

/// Tunables checks of wasmtime 36 (T12 layout).
pub static TUNABLE_CHECKS_V36: [TunableCheck; 18] = [
    collector("collector", &COLLECTOR_V27),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    boolean("inlining", "function inlining"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    choice("inlining_intra_module", &INTRA_MODULE_INLINING_WORDS),
];

/// Tunables checks of wasmtime 37 to 38 (T12 layout).
pub static TUNABLE_CHECKS_V37: [TunableCheck; 18] = [
    collector("collector", &COLLECTOR_V37),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("generate_native_debuginfo", "debug information support"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    boolean("inlining", "function inlining"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    choice("inlining_intra_module", &INTRA_MODULE_INLINING_WORDS),
];

/// Tunables checks of wasmtime 39 to 41 (T13 layout).
pub static TUNABLE_CHECKS_V39: [TunableCheck; 19] = [
    collector("collector", &COLLECTOR_V37),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("debug_native", "native debug information support"),
    boolean("debug_guest", "guest debug"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    boolean("inlining", "function inlining"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    choice("inlining_intra_module", &INTRA_MODULE_INLINING_WORDS),
];

/// Tunables checks of wasmtime 42 (T14 layout).
pub static TUNABLE_CHECKS_V42: [TunableCheck; 20] = [
    collector("collector", &COLLECTOR_V37),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("debug_native", "native debug information support"),
    boolean("debug_guest", "guest debug"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    boolean("inlining", "function inlining"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    boolean("concurrency_support", "concurrency support"),
    choice("inlining_intra_module", &INTRA_MODULE_INLINING_WORDS),
];

/// Tunables checks of wasmtime 43 to 44 (T15 layout).
pub static TUNABLE_CHECKS_V43: [TunableCheck; 22] = [
    collector("collector", &COLLECTOR_V37),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("debug_native", "native debug information support"),
    boolean("debug_guest", "guest debug"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    cost("consume_fuel", "operator_cost", COSTS_DIFFER),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    boolean("inlining", "function inlining"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    boolean("concurrency_support", "concurrency support"),
    boolean("recording", "RR recording support"),
    choice("inlining_intra_module", &INTRA_MODULE_INLINING_WORDS),
];

/// Tunables checks of wasmtime 45 to 46 (T16 layout).
pub static TUNABLE_CHECKS_V45: [TunableCheck; 24] = [
    collector("collector", &COLLECTOR_V45),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("debug_native", "native debug information support"),
    boolean("debug_guest", "guest debug"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    cost("consume_fuel", "operator_cost", COSTS_DIFFER),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    boolean("concurrency_support", "concurrency support"),
    boolean("recording", "RR recording support"),
    choice("inlining", &INLINING_WORDS),
    int("gc_heap_reservation", "GC heap reservation"),
    int("gc_heap_guard_size", "GC heap guard size"),
    boolean("gc_heap_may_move", "GC heap may move"),
];

/// Tunables checks of wasmtime 47 to 49 (T18 layout).
pub static TUNABLE_CHECKS_V47: [TunableCheck; 26] = [
    collector("collector", &COLLECTOR_V45),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("debug_native", "native debug information support"),
    boolean("debug_guest", "guest debug"),
    boolean("debug_symbols", "debug symbols"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    cost("consume_fuel", "operator_cost", COSTS_DIFFER),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    boolean("concurrency_support", "concurrency support"),
    boolean("recording", "RR recording support"),
    choice("inlining", &INLINING_WORDS),
    int("gc_heap_reservation", "GC heap reservation"),
    int("gc_heap_guard_size", "GC heap guard size"),
    int("gc_heap_initial_size", "GC heap initial size"),
    boolean("gc_heap_may_move", "GC heap may move"),
];

/// Tunables checks of wasmtime 50 (T20 layout).
pub static TUNABLE_CHECKS_V50: [TunableCheck; 27] = [
    collector("collector", &COLLECTOR_V45),
    int("memory_reservation", "memory reservation"),
    int("memory_guard_size", "memory guard size"),
    boolean("debug_native", "native debug information support"),
    boolean("debug_guest", "guest debug"),
    boolean("debug_symbols", "debug symbols"),
    boolean("parse_wasm_debuginfo", "WebAssembly backtrace support"),
    boolean("consume_fuel", "fuel support"),
    cost("consume_fuel", "operator_cost", COSTS_DIFFER),
    boolean("epoch_interruption", "epoch interruption"),
    boolean("memory_may_move", "memory may move"),
    boolean("guard_before_linear_memory", "guard before linear memory"),
    boolean("table_lazy_init", "table lazy init"),
    boolean(
        "relaxed_simd_deterministic",
        "relaxed simd deterministic semantics",
    ),
    boolean("winch_callable", "Winch calling convention"),
    boolean("signals_based_traps", "Signals-based traps"),
    boolean("memory_init_cow", "memory initialization with CoW"),
    int(
        "inlining_small_callee_size",
        "function inlining small-callee size",
    ),
    int(
        "inlining_sum_size_threshold",
        "function inlining sum-size threshold",
    ),
    boolean("concurrency_support", "concurrency support"),
    boolean("recording", "RR recording support"),
    boolean(
        "asan_stack_switching",
        "AddressSanitizer stack-switching support",
    ),
    choice("inlining", &INLINING_WORDS),
    int("gc_heap_reservation", "GC heap reservation"),
    int("gc_heap_guard_size", "GC heap guard size"),
    int("gc_heap_initial_size", "GC heap initial size"),
    boolean("gc_heap_may_move", "GC heap may move"),
];

/// Features check of wasmtime 3 to 4 (F1 struct), in check order.
pub static FEATURE_ROWS_V3: [FeatureRow; 13] = [
    row("reference_types", "WebAssembly reference types support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("threads", "WebAssembly threads support"),
    row("tail_call", "WebAssembly tail-call support"),
    row(
        "deterministic_only",
        "WebAssembly deterministic-only support",
    ),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
];

/// Features check of wasmtime 5 (F2 struct), in check order.
pub static FEATURE_ROWS_V5: [FeatureRow; 12] = [
    row("reference_types", "WebAssembly reference types support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("threads", "WebAssembly threads support"),
    row("tail_call", "WebAssembly tail-call support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
];

/// Features check of wasmtime 6 to 9 (F3 struct), in check order.
pub static FEATURE_ROWS_V6: [FeatureRow; 11] = [
    row("reference_types", "WebAssembly reference types support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
];

/// Features check of wasmtime 10 to 11 (F4 struct), in check order.
pub static FEATURE_ROWS_V10: [FeatureRow; 12] = [
    row("reference_types", "WebAssembly reference types support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row(
        "function_references",
        "WebAssembly function-references support",
    ),
];

/// Features check of wasmtime 12 to 18 (F5 struct), in check order.
pub static FEATURE_ROWS_V12: [FeatureRow; 13] = [
    row("reference_types", "WebAssembly reference types support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row(
        "function_references",
        "WebAssembly function-references support",
    ),
];

/// Features check of wasmtime 19 to 22 (F6 struct), in check order; `reference_types`, `function_references`, `gc` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V19: [FeatureRow; 14] = [
    gated("reference_types", "WebAssembly reference types support"),
    gated(
        "function_references",
        "WebAssembly function-references support",
    ),
    gated("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
];

/// Features check of wasmtime 23 (F7 struct), in check order; `reference_types`, `function_references`, `gc` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V23: [FeatureRow; 16] = [
    gated("reference_types", "WebAssembly reference types support"),
    gated(
        "function_references",
        "WebAssembly function-references support",
    ),
    gated("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    row(
        "component_model_more_flags",
        "WebAssembly component model support for more than 32 flags",
    ),
];

/// Features check of wasmtime 24 (F8 struct), in check order; `reference_types`, `function_references`, `gc` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V24: [FeatureRow; 17] = [
    gated("reference_types", "WebAssembly reference types support"),
    gated(
        "function_references",
        "WebAssembly function-references support",
    ),
    gated("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    row(
        "component_model_more_flags",
        "WebAssembly component model support for more than 32 flags",
    ),
    row(
        "component_model_multiple_returns",
        "WebAssembly component model support for multiple returns",
    ),
];

/// Features check of wasmtime 25 to 26 (F9 struct), in check order; `gc_types` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V25: [FeatureRow; 18] = [
    row("reference_types", "WebAssembly reference types support"),
    row(
        "function_references",
        "WebAssembly function-references support",
    ),
    row("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    row(
        "component_model_more_flags",
        "WebAssembly component model support for more than 32 flags",
    ),
    row(
        "component_model_multiple_returns",
        "WebAssembly component model support for multiple returns",
    ),
    gated("gc_types", "support for WebAssembly gc types"),
];

/// Features check of wasmtime 27 to 29 (F10 struct), in check order; `gc_types` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V27: [FeatureRow; 19] = [
    row("reference_types", "WebAssembly reference types support"),
    row(
        "function_references",
        "WebAssembly function-references support",
    ),
    row("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    row(
        "component_model_more_flags",
        "WebAssembly component model support for more than 32 flags",
    ),
    row(
        "component_model_multiple_returns",
        "WebAssembly component model support for multiple returns",
    ),
    gated("gc_types", "support for WebAssembly gc types"),
    row("wide_arithmetic", "WebAssembly wide-arithmetic support"),
];

/// Features check of wasmtime 30 (F11 struct), in check order; `gc_types` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V30: [FeatureRow; 20] = [
    row("reference_types", "WebAssembly reference types support"),
    row(
        "function_references",
        "WebAssembly function-references support",
    ),
    row("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    row(
        "component_model_more_flags",
        "WebAssembly component model support for more than 32 flags",
    ),
    row(
        "component_model_multiple_returns",
        "WebAssembly component model support for multiple returns",
    ),
    row(
        "component_model_async",
        "WebAssembly component model support for async lifts/lowers, futures, streams, and errors",
    ),
    gated("gc_types", "support for WebAssembly gc types"),
    row("wide_arithmetic", "WebAssembly wide-arithmetic support"),
];

/// Features check of wasmtime 31 (F12 struct), in check order; `gc_types` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V31: [FeatureRow; 19] = [
    row("reference_types", "WebAssembly reference types support"),
    row(
        "function_references",
        "WebAssembly function-references support",
    ),
    row("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    row(
        "component_model_async",
        "WebAssembly component model support for async lifts/lowers, futures, streams, and errors",
    ),
    gated("gc_types", "support for WebAssembly gc types"),
    row("wide_arithmetic", "WebAssembly wide-arithmetic support"),
    row("stack_switching", "WebAssembly stack switching support"),
];

/// Features check of wasmtime 32 (F13 struct), in check order; `gc_types` depend on the runtime's `gc` Cargo feature.
pub static FEATURE_ROWS_V32: [FeatureRow; 21] = [
    row("reference_types", "WebAssembly reference types support"),
    row(
        "function_references",
        "WebAssembly function-references support",
    ),
    row("gc", "WebAssembly garbage collection support"),
    row("multi_value", "WebAssembly multi-value support"),
    row("bulk_memory", "WebAssembly bulk memory support"),
    row("component_model", "WebAssembly component model support"),
    row("simd", "WebAssembly SIMD support"),
    row("tail_call", "WebAssembly tail calls support"),
    row("threads", "WebAssembly threads support"),
    row("multi_memory", "WebAssembly multi-memory support"),
    row("exceptions", "WebAssembly exceptions support"),
    row("memory64", "WebAssembly 64-bit memory support"),
    row("extended_const", "WebAssembly extended-const support"),
    row("relaxed_simd", "WebAssembly relaxed-simd support"),
    row("custom_page_sizes", "WebAssembly custom-page-sizes support"),
    row(
        "component_model_async",
        "WebAssembly component model support for async lifts/lowers, futures, streams, and errors",
    ),
    row(
        "component_model_async_builtins",
        "WebAssembly component model support for async builtins",
    ),
    row(
        "component_model_async_stackful",
        "WebAssembly component model support for async stackful",
    ),
    gated("gc_types", "support for WebAssembly gc types"),
    row("wide_arithmetic", "WebAssembly wide-arithmetic support"),
    row("stack_switching", "WebAssembly stack switching support"),
];

pub(crate) const fn row(name: &'static str, words: &'static str) -> FeatureRow {
    FeatureRow {
        name,
        words,
        needs_gc_support: false,
    }
}

const fn gated(name: &'static str, words: &'static str) -> FeatureRow {
    FeatureRow {
        name,
        words,
        needs_gc_support: true,
    }
}

/// The words of one feature in the bit-set checks (wasmtime 33 and later).
pub const FEATURE_WORDS_V33: &str = "support for WebAssembly feature `{name}`";
