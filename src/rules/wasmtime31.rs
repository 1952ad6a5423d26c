//! The wasmtime 31.0.0 rule tables, as data.
//!
//! Each table lists, in the order wasmtime checks them, how one setting is
//! judged and the words wasmtime uses for it. The check in `check.rs` walks
//! these tables; nothing about an individual setting lives in code paths.

/// How a shared compiler flag is judged.
#[derive(Clone, Copy, Debug)]
pub enum SharedRule {
    /// Must be exactly this boolean.
    Bool(bool),
    /// Must be exactly this enum value.
    Enum(&'static str),
    /// Must be `Bool(true)` when the host enables reference types.
    TrueIfReferenceTypes,
    /// Must be `Bool(true)` when the host OS is Windows.
    TrueIfWindows,
    /// Any value is fine.
    Any,
}

/// Shared flags wasmtime knows; any other name is an error.
pub static SHARED_FLAGS: &[(&str, SharedRule)] = &[
    ("libcall_call_conv", SharedRule::Enum("isa_default")),
    ("preserve_frame_pointers", SharedRule::Bool(true)),
    ("enable_probestack", SharedRule::Bool(true)),
    ("probestack_strategy", SharedRule::Enum("inline")),
    ("enable_multi_ret_implicit_sret", SharedRule::Bool(true)),
    ("enable_llvm_abi_extensions", SharedRule::Bool(false)),
    ("enable_pinned_reg", SharedRule::Bool(false)),
    ("use_colocated_libcalls", SharedRule::Bool(false)),
    ("use_pinned_reg_as_heap_base", SharedRule::Bool(false)),
    ("enable_safepoints", SharedRule::TrueIfReferenceTypes),
    ("unwind_info", SharedRule::TrueIfWindows),
    ("enable_heap_access_spectre_mitigation", SharedRule::Any),
    ("enable_table_access_spectre_mitigation", SharedRule::Any),
    ("enable_nan_canonicalization", SharedRule::Any),
    ("enable_jump_tables", SharedRule::Any),
    ("enable_float", SharedRule::Any),
    ("enable_verifier", SharedRule::Any),
    ("enable_pcc", SharedRule::Any),
    ("regalloc_checker", SharedRule::Any),
    ("regalloc_verbose_logs", SharedRule::Any),
    ("regalloc_algorithm", SharedRule::Any),
    ("regalloc", SharedRule::Any),
    ("is_pic", SharedRule::Any),
    ("bb_padding_log2_minus_one", SharedRule::Any),
    ("machine_code_cfg_info", SharedRule::Any),
    ("tls_model", SharedRule::Any),
    ("stack_switch_model", SharedRule::Any),
    ("opt_level", SharedRule::Any),
    ("enable_alias_analysis", SharedRule::Any),
    ("probestack_size_log2", SharedRule::Any),
    (
        "enable_incremental_compilation_cache_checks",
        SharedRule::Any,
    ),
    ("enable_atomics", SharedRule::Any),
];

/// How an ISA flag that is `Bool(true)` in the artifact is judged.
#[derive(Clone, Copy, Debug)]
pub enum IsaRule {
    /// The host must have this CPU feature (a std probe name).
    Probe(&'static str),
    /// Always fine: the instructions are no-ops where unsupported, or the
    /// flag has no effect on its own.
    Always,
    /// Fine only on a big-endian host.
    BigEndianHost,
}

/// ISA flags wasmtime knows how to test; other names are an error (except
/// on a riscv64 host, which accepts every name but `not_a_flag`).
pub static ISA_FLAGS: &[(&str, IsaRule)] = &[
    ("has_lse", IsaRule::Probe("lse")),
    ("has_pauth", IsaRule::Probe("paca")),
    ("has_fp16", IsaRule::Probe("fp16")),
    ("sign_return_address_all", IsaRule::Always),
    ("sign_return_address", IsaRule::Always),
    ("sign_return_address_with_bkey", IsaRule::Always),
    ("use_bti", IsaRule::Always),
    ("has_vxrs_ext2", IsaRule::Probe("vxrs_ext2")),
    ("has_mie2", IsaRule::Probe("mie2")),
    ("has_cmpxchg16b", IsaRule::Probe("cmpxchg16b")),
    ("has_sse3", IsaRule::Probe("sse3")),
    ("has_ssse3", IsaRule::Probe("ssse3")),
    ("has_sse41", IsaRule::Probe("sse4.1")),
    ("has_sse42", IsaRule::Probe("sse4.2")),
    ("has_popcnt", IsaRule::Probe("popcnt")),
    ("has_avx", IsaRule::Probe("avx")),
    ("has_avx2", IsaRule::Probe("avx2")),
    ("has_fma", IsaRule::Probe("fma")),
    ("has_bmi1", IsaRule::Probe("bmi1")),
    ("has_bmi2", IsaRule::Probe("bmi2")),
    ("has_avx512bitalg", IsaRule::Probe("avx512bitalg")),
    ("has_avx512dq", IsaRule::Probe("avx512dq")),
    ("has_avx512f", IsaRule::Probe("avx512f")),
    ("has_avx512vl", IsaRule::Probe("avx512vl")),
    ("has_avx512vbmi", IsaRule::Probe("avx512vbmi")),
    ("has_lzcnt", IsaRule::Probe("lzcnt")),
    ("big_endian", IsaRule::BigEndianHost),
];

/// How a tunable is compared with the host's.
#[derive(Clone, Copy, Debug)]
pub enum TunableRule {
    /// The collector comparison, with its own messages.
    Collector,
    /// Must be equal; the words name the setting in the message.
    Int(&'static str),
    /// Must be equal; the words name the setting in the message.
    Bool(&'static str),
}

/// Compared tunables in check order. `memory_reservation_for_growth`,
/// `generate_address_map` and `debug_adapter_modules` are not compared:
/// they do not change what the code expects of the host.
pub static TUNABLES: &[(&str, TunableRule)] = &[
    ("collector", TunableRule::Collector),
    ("memory_reservation", TunableRule::Int("memory reservation")),
    ("memory_guard_size", TunableRule::Int("memory guard size")),
    (
        "generate_native_debuginfo",
        TunableRule::Bool("debug information support"),
    ),
    (
        "parse_wasm_debuginfo",
        TunableRule::Bool("WebAssembly backtrace support"),
    ),
    ("consume_fuel", TunableRule::Bool("fuel support")),
    (
        "epoch_interruption",
        TunableRule::Bool("epoch interruption"),
    ),
    ("memory_may_move", TunableRule::Bool("memory may move")),
    (
        "guard_before_linear_memory",
        TunableRule::Bool("guard before linear memory"),
    ),
    ("table_lazy_init", TunableRule::Bool("table lazy init")),
    (
        "relaxed_simd_deterministic",
        TunableRule::Bool("relaxed simd deterministic semantics"),
    ),
    (
        "winch_callable",
        TunableRule::Bool("Winch calling convention"),
    ),
    (
        "signals_based_traps",
        TunableRule::Bool("Signals-based traps"),
    ),
    (
        "memory_init_cow",
        TunableRule::Bool("memory initialization with CoW"),
    ),
];

/// How a WebAssembly feature is compared with the host's.
#[derive(Clone, Copy, Debug)]
pub enum FeatureRule {
    /// Must be equal.
    Exact,
    /// Must be equal when the runtime has GC support built in; without it,
    /// the artifact must not use the feature.
    NeedsGcSupport,
}

/// Features in check order, with the words wasmtime uses for each.
pub static FEATURES: &[(&str, &str, FeatureRule)] = &[
    (
        "reference_types",
        "WebAssembly reference types support",
        FeatureRule::Exact,
    ),
    (
        "function_references",
        "WebAssembly function-references support",
        FeatureRule::Exact,
    ),
    (
        "gc",
        "WebAssembly garbage collection support",
        FeatureRule::Exact,
    ),
    (
        "multi_value",
        "WebAssembly multi-value support",
        FeatureRule::Exact,
    ),
    (
        "bulk_memory",
        "WebAssembly bulk memory support",
        FeatureRule::Exact,
    ),
    (
        "component_model",
        "WebAssembly component model support",
        FeatureRule::Exact,
    ),
    ("simd", "WebAssembly SIMD support", FeatureRule::Exact),
    (
        "tail_call",
        "WebAssembly tail calls support",
        FeatureRule::Exact,
    ),
    ("threads", "WebAssembly threads support", FeatureRule::Exact),
    (
        "multi_memory",
        "WebAssembly multi-memory support",
        FeatureRule::Exact,
    ),
    (
        "exceptions",
        "WebAssembly exceptions support",
        FeatureRule::Exact,
    ),
    (
        "memory64",
        "WebAssembly 64-bit memory support",
        FeatureRule::Exact,
    ),
    (
        "extended_const",
        "WebAssembly extended-const support",
        FeatureRule::Exact,
    ),
    (
        "relaxed_simd",
        "WebAssembly relaxed-simd support",
        FeatureRule::Exact,
    ),
    (
        "custom_page_sizes",
        "WebAssembly custom-page-sizes support",
        FeatureRule::Exact,
    ),
    (
        "component_model_async",
        "WebAssembly component model support for async lifts/lowers, futures, streams, and errors",
        FeatureRule::Exact,
    ),
    (
        "gc_types",
        "support for WebAssembly gc types",
        FeatureRule::NeedsGcSupport,
    ),
    (
        "wide_arithmetic",
        "WebAssembly wide-arithmetic support",
        FeatureRule::Exact,
    ),
    (
        "stack_switching",
        "WebAssembly stack switching support",
        FeatureRule::Exact,
    ),
];

/// The outer context wasmtime puts on every flag mismatch.
pub const FLAG_CONTEXT: &str = "compilation settings of module incompatible with native host";

/// The Cargo feature whose absence disables GC support.
pub const GC_CARGO_FEATURE: &str = "gc";
