//! Tunables and features check lists (`Metadata::check_tunables` and
//! `check_features` in wasmtime's `engine/serialization.rs`), in check
//! order, with the words of each message.

use crate::profiles::rules::{
    CollectorRule, FeatureRow,
    TunableCheck::{self, Bool, Choice, Collector, Cost, Int},
};

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

/// Tunables checks of wasmtime 28 to 35 (T11 layout).
pub static TUNABLE_CHECKS_V28: [TunableCheck; 14] = [
    Collector {
        field: "collector",
        rule: &COLLECTOR_V27,
    },
    Int {
        field: "memory_reservation",
        words: "memory reservation",
    },
    Int {
        field: "memory_guard_size",
        words: "memory guard size",
    },
    Bool {
        field: "generate_native_debuginfo",
        words: "debug information support",
    },
    Bool {
        field: "parse_wasm_debuginfo",
        words: "WebAssembly backtrace support",
    },
    Bool {
        field: "consume_fuel",
        words: "fuel support",
    },
    Bool {
        field: "epoch_interruption",
        words: "epoch interruption",
    },
    Bool {
        field: "memory_may_move",
        words: "memory may move",
    },
    Bool {
        field: "guard_before_linear_memory",
        words: "guard before linear memory",
    },
    Bool {
        field: "table_lazy_init",
        words: "table lazy init",
    },
    Bool {
        field: "relaxed_simd_deterministic",
        words: "relaxed simd deterministic semantics",
    },
    Bool {
        field: "winch_callable",
        words: "Winch calling convention",
    },
    Bool {
        field: "signals_based_traps",
        words: "Signals-based traps",
    },
    Bool {
        field: "memory_init_cow",
        words: "memory initialization with CoW",
    },
];

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

/// Tunables checks of wasmtime 43 and 44 (T15 layout).
pub static TUNABLE_CHECKS_V43: [TunableCheck; 22] = [
    Collector {
        field: "collector",
        rule: &COLLECTOR_V37,
    },
    Int {
        field: "memory_reservation",
        words: "memory reservation",
    },
    Int {
        field: "memory_guard_size",
        words: "memory guard size",
    },
    Bool {
        field: "debug_native",
        words: "native debug information support",
    },
    Bool {
        field: "debug_guest",
        words: "guest debug",
    },
    Bool {
        field: "parse_wasm_debuginfo",
        words: "WebAssembly backtrace support",
    },
    Bool {
        field: "consume_fuel",
        words: "fuel support",
    },
    Cost {
        fuel: "consume_fuel",
        field: "operator_cost",
        message: COSTS_DIFFER,
    },
    Bool {
        field: "epoch_interruption",
        words: "epoch interruption",
    },
    Bool {
        field: "memory_may_move",
        words: "memory may move",
    },
    Bool {
        field: "guard_before_linear_memory",
        words: "guard before linear memory",
    },
    Bool {
        field: "table_lazy_init",
        words: "table lazy init",
    },
    Bool {
        field: "relaxed_simd_deterministic",
        words: "relaxed simd deterministic semantics",
    },
    Bool {
        field: "winch_callable",
        words: "Winch calling convention",
    },
    Bool {
        field: "signals_based_traps",
        words: "Signals-based traps",
    },
    Bool {
        field: "memory_init_cow",
        words: "memory initialization with CoW",
    },
    Bool {
        field: "inlining",
        words: "function inlining",
    },
    Int {
        field: "inlining_small_callee_size",
        words: "function inlining small-callee size",
    },
    Int {
        field: "inlining_sum_size_threshold",
        words: "function inlining sum-size threshold",
    },
    Bool {
        field: "concurrency_support",
        words: "concurrency support",
    },
    Bool {
        field: "recording",
        words: "RR recording support",
    },
    Choice {
        field: "inlining_intra_module",
        words: &INTRA_MODULE_INLINING_WORDS,
    },
];

/// Tunables checks of wasmtime 50 (T20 layout).
pub static TUNABLE_CHECKS_V50: [TunableCheck; 27] = [
    Collector {
        field: "collector",
        rule: &COLLECTOR_V45,
    },
    Int {
        field: "memory_reservation",
        words: "memory reservation",
    },
    Int {
        field: "memory_guard_size",
        words: "memory guard size",
    },
    Bool {
        field: "debug_native",
        words: "native debug information support",
    },
    Bool {
        field: "debug_guest",
        words: "guest debug",
    },
    Bool {
        field: "debug_symbols",
        words: "debug symbols",
    },
    Bool {
        field: "parse_wasm_debuginfo",
        words: "WebAssembly backtrace support",
    },
    Bool {
        field: "consume_fuel",
        words: "fuel support",
    },
    Cost {
        fuel: "consume_fuel",
        field: "operator_cost",
        message: COSTS_DIFFER,
    },
    Bool {
        field: "epoch_interruption",
        words: "epoch interruption",
    },
    Bool {
        field: "memory_may_move",
        words: "memory may move",
    },
    Bool {
        field: "guard_before_linear_memory",
        words: "guard before linear memory",
    },
    Bool {
        field: "table_lazy_init",
        words: "table lazy init",
    },
    Bool {
        field: "relaxed_simd_deterministic",
        words: "relaxed simd deterministic semantics",
    },
    Bool {
        field: "winch_callable",
        words: "Winch calling convention",
    },
    Bool {
        field: "signals_based_traps",
        words: "Signals-based traps",
    },
    Bool {
        field: "memory_init_cow",
        words: "memory initialization with CoW",
    },
    Int {
        field: "inlining_small_callee_size",
        words: "function inlining small-callee size",
    },
    Int {
        field: "inlining_sum_size_threshold",
        words: "function inlining sum-size threshold",
    },
    Bool {
        field: "concurrency_support",
        words: "concurrency support",
    },
    Bool {
        field: "recording",
        words: "RR recording support",
    },
    Bool {
        field: "asan_stack_switching",
        words: "AddressSanitizer stack-switching support",
    },
    Choice {
        field: "inlining",
        words: &INLINING_WORDS,
    },
    Int {
        field: "gc_heap_reservation",
        words: "GC heap reservation",
    },
    Int {
        field: "gc_heap_guard_size",
        words: "GC heap guard size",
    },
    Int {
        field: "gc_heap_initial_size",
        words: "GC heap initial size",
    },
    Bool {
        field: "gc_heap_may_move",
        words: "GC heap may move",
    },
];

/// Features check of wasmtime 31 (F12 struct), in check order; `gc_types`
/// depends on the runtime's `gc` Cargo feature (wasmtime 25 to 32).
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
    FeatureRow {
        name: "gc_types",
        words: "support for WebAssembly gc types",
        needs_gc_support: true,
    },
    row("wide_arithmetic", "WebAssembly wide-arithmetic support"),
    row("stack_switching", "WebAssembly stack switching support"),
];

const fn row(name: &'static str, words: &'static str) -> FeatureRow {
    FeatureRow {
        name,
        words,
        needs_gc_support: false,
    }
}

/// The words of one feature in the bit-set checks (wasmtime 33 and later).
pub const FEATURE_WORDS_V33: &str = "support for WebAssembly feature `{name}`";
