//! wasmparser's `WasmFeatures` bit tables, which wasmtime 33 and later
//! write as the features field: every named flag in declaration order
//! (bitflags' `iter_names` order, which is not bit order), names
//! lower-cased as wasmtime's messages print them.
//!
//! Read from `src/features.rs` of each wasmparser release. Two flags have
//! two bits each since wasmparser 0.233: `reference_types` includes
//! `call_indirect_overlong` and `bulk_memory` includes `bulk_memory_opt`.

use crate::profiles::layout::{FeatureBit, FeatureBits};

const fn bit(name: &'static str, mask: u64) -> FeatureBit {
    FeatureBit { name, mask }
}

/// B6: wasmparser 0.245 and 0.246 (wasmtime 43 and 44).
pub static BITS_B6: FeatureBits = FeatureBits {
    wasmparser: "0.246",
    flags: &[
        bit("mutable_global", 1 << 0),
        bit("saturating_float_to_int", 1 << 1),
        bit("sign_extension", 1 << 2),
        bit("reference_types", (1 << 3) | (1 << 34)),
        bit("multi_value", 1 << 4),
        bit("bulk_memory", (1 << 5) | (1 << 35)),
        bit("simd", 1 << 6),
        bit("relaxed_simd", 1 << 7),
        bit("threads", 1 << 8),
        bit("shared_everything_threads", 1 << 9),
        bit("tail_call", 1 << 10),
        bit("floats", 1 << 11),
        bit("multi_memory", 1 << 12),
        bit("exceptions", 1 << 13),
        bit("memory64", 1 << 14),
        bit("extended_const", 1 << 15),
        bit("component_model", 1 << 16),
        bit("function_references", 1 << 17),
        bit("memory_control", 1 << 18),
        bit("gc", 1 << 19),
        bit("custom_page_sizes", 1 << 20),
        bit("legacy_exceptions", 1 << 23),
        bit("gc_types", 1 << 24),
        bit("stack_switching", 1 << 25),
        bit("wide_arithmetic", 1 << 26),
        bit("cm_values", 1 << 21),
        bit("cm_nested_names", 1 << 22),
        bit("cm_async", 1 << 27),
        bit("cm_async_stackful", 1 << 28),
        bit("cm_async_builtins", 1 << 29),
        bit("cm_threading", 1 << 30),
        bit("cm_error_context", 1 << 31),
        bit("cm_fixed_length_lists", 1 << 32),
        bit("cm_gc", 1 << 33),
        bit("call_indirect_overlong", 1 << 34),
        bit("bulk_memory_opt", 1 << 35),
        bit("custom_descriptors", 1 << 36),
        bit("compact_imports", 1 << 37),
        bit("cm_map", 1 << 38),
    ],
};

/// B10: wasmparser 0.261 (wasmtime 50).
pub static BITS_B10: FeatureBits = FeatureBits {
    wasmparser: "0.261",
    flags: &[
        bit("mutable_global", 1 << 0),
        bit("saturating_float_to_int", 1 << 1),
        bit("sign_extension", 1 << 2),
        bit("reference_types", (1 << 3) | (1 << 34)),
        bit("multi_value", 1 << 4),
        bit("bulk_memory", (1 << 5) | (1 << 35)),
        bit("simd", 1 << 6),
        bit("relaxed_simd", 1 << 7),
        bit("threads", 1 << 8),
        bit("shared_everything_threads", 1 << 9),
        bit("tail_call", 1 << 10),
        bit("floats", 1 << 11),
        bit("multi_memory", 1 << 12),
        bit("exceptions", 1 << 13),
        bit("memory64", 1 << 14),
        bit("extended_const", 1 << 15),
        bit("component_model", 1 << 16),
        bit("function_references", 1 << 17),
        bit("memory_control", 1 << 18),
        bit("gc", 1 << 19),
        bit("custom_page_sizes", 1 << 20),
        bit("legacy_exceptions", 1 << 23),
        bit("gc_types", 1 << 24),
        bit("stack_switching", 1 << 25),
        bit("wide_arithmetic", 1 << 26),
        bit("cm_values", 1 << 21),
        bit("cm_nested_names", 1 << 22),
        bit("cm_async", 1 << 27),
        bit("cm_async_stackful", 1 << 28),
        bit("cm_more_async_builtins", 1 << 29),
        bit("cm_threading", 1 << 30),
        bit("cm_error_context", 1 << 31),
        bit("cm_fixed_length_lists", 1 << 32),
        bit("cm_gc", 1 << 33),
        bit("call_indirect_overlong", 1 << 34),
        bit("bulk_memory_opt", 1 << 35),
        bit("custom_descriptors", 1 << 36),
        bit("compact_imports", 1 << 37),
        bit("cm_map", 1 << 38),
        bit("cm64", 1 << 39),
        bit("cm_implements", 1 << 40),
        bit("cm_canon_names", 1 << 41),
        bit("cm_forward", 1 << 42),
        bit("cm_accessors", 1 << 43),
    ],
};
