//! The wasmtime 50 matrix: which configurations are compiled into artifacts,
//! and which configurations act as host engines.
//!
//! It follows the wasmtime-31 matrix (`tools/wasmtime-fixtures/src/specs.rs`)
//! entry by entry where the `Config` call still exists, and the wasmtime-44
//! matrix (`tools/wasmtime-fixtures-44/src/specs.rs`) for what 32-44 brought,
//! then adds what 45-50 brought: the `Inlining` enum, debug symbols, the GC
//! heap settings, the copying collector, the new component-model features and
//! the tunables that are recorded but never checked. wasmtime 50 enables the
//! WebAssembly 3.0 proposals (GC, function references, exceptions, tail
//! calls, ...) by default, so several 31 entries become "-off" entries here.

pub use crate::spec_support::*;
#[cfg(feature = "gc")]
use wasmtime::{
    Collector, Config, Inlining, OperatorCost, OptLevel, RRConfig, RegallocAlgorithm,
    WasmBacktraceDetails,
};
use wasmtime::{ModuleVersionStrategy, Strategy};

/// The custom fuel cost table of the `fuel-cost-table` artifact and host:
/// the defaults, with a few operators of the module made dearer.
#[cfg(feature = "gc")]
fn custom_costs() -> OperatorCost {
    let mut t = OperatorCost::new();
    t.I32Add = 3;
    t.LocalGet = 2;
    t.Call = 10;
    t
}

#[cfg(feature = "gc")]
fn fuel_with_costs(c: &mut Config, costs: OperatorCost) {
    c.consume_fuel(true).operator_cost(costs);
}

#[cfg(feature = "gc")]
pub fn artifacts() -> Vec<ArtifactSpec> {
    vec![
        art("default", "Config::new() with target x86_64-unknown-linux-gnu (baseline ISA flags)", |_| ok())
            .with_component(),
        art("native-detected", "Config::new() without Config::target: ISA flags inferred from the generating machine's CPU (machine dependent! see generating_cpu)", |_| ok())
            .native(),
        // --- wasm features (the 31 matrix) ------------------------------------
        art("simd-off", "wasm_simd(false) + wasm_relaxed_simd(false)", |c| {
            c.wasm_simd(false).wasm_relaxed_simd(false);
            ok()
        })
        .with_component(),
        art("relaxed-simd-off", "wasm_relaxed_simd(false)", |c| {
            c.wasm_relaxed_simd(false);
            ok()
        }),
        art("threads-off", "wasm_threads(false) (threads are on by default in 50)", |c| {
            c.wasm_threads(false);
            ok()
        })
        .with_component(),
        art("multi-memory-off", "wasm_multi_memory(false)", |c| {
            c.wasm_multi_memory(false);
            ok()
        }),
        art("memory64-off", "wasm_memory64(false)", |c| {
            c.wasm_memory64(false);
            ok()
        }),
        art("tail-call-off", "wasm_tail_call(false)", |c| {
            c.wasm_tail_call(false);
            ok()
        }),
        art("extended-const-off", "wasm_extended_const(false)", |c| {
            c.wasm_extended_const(false);
            ok()
        }),
        art("reference-types-off", "wasm_reference_types(false) + wasm_component_model_async(false) (clears both bits of the REFERENCE_TYPES flag, 3 and 34; component-model async, on by default in 50, requires reference types)", |c| {
            c.wasm_reference_types(false).wasm_component_model_async(false);
            ok()
        }),
        art("bulk-memory-off", "wasm_bulk_memory(false) (clears both bits of the BULK_MEMORY flag, 5 and 35)", |c| {
            c.wasm_bulk_memory(false);
            ok()
        }),
        art("multi-value-off", "wasm_multi_value(false)", |c| {
            c.wasm_multi_value(false);
            ok()
        }),
        art("component-model-off", "wasm_component_model(false)", |c| {
            c.wasm_component_model(false);
            ok()
        }),
        art("wasm-gc-off", "wasm_gc(false) (GC is on by default in 50; the 31 entry wasm-gc is the default here)", |c| {
            c.wasm_gc(false);
            ok()
        })
        .with_component(),
        art("function-references-off", "wasm_gc(false) + wasm_function_references(false) (on by default in 50; the 31 entry function-references is the default here)", |c| {
            c.wasm_gc(false).wasm_function_references(false);
            ok()
        }),
        art("component-model-async-off", "wasm_component_model_async(false) (on by default in 50; the 31 entry component-model-async is the default here)", |c| {
            c.wasm_component_model_async(false);
            ok()
        })
        .with_component(),
        art("wide-arithmetic-off", "wasm_wide_arithmetic(false) (on by default in 50; the 31 entry wide-arithmetic is the default here)", |c| {
            c.wasm_wide_arithmetic(false);
            ok()
        }),
        art("custom-page-sizes", "wasm_custom_page_sizes(true)", |c| {
            c.wasm_custom_page_sizes(true);
            ok()
        }),
        art("stack-switching", "wasm_stack_switching(true) (only the STACK_SWITCHING bit: exceptions are separately configurable, and on by default in 50); cranelift's stack_switch_model becomes \"basic\"", |c| {
            c.wasm_stack_switching(true);
            ok()
        }),
        // --- wasm features new since 31 -----------------------------------------
        art("exceptions-off", "wasm_exceptions(false) (on by default in 50)", |c| {
            c.wasm_exceptions(false);
            ok()
        }),
        art("gc-support-off", "gc_support(false): no GC types, so Tunables.collector is None (the no-GC artifact of a GC build)", |c| {
            c.gc_support(false);
            ok()
        })
        ,
        art("shared-everything-threads", "wasm_shared_everything_threads(true)", |c| {
            c.wasm_shared_everything_threads(true);
            ok()
        }),
        art("component-model-more-async-builtins", "wasm_component_model_async(true) + wasm_component_model_more_async_builtins(true) (44's wasm_component_model_async_builtins, renamed)", |c| {
            c.wasm_component_model_async(true)
                .wasm_component_model_more_async_builtins(true);
            ok()
        })
        ,
        art("component-model-async-stackful", "wasm_component_model_async(true) + wasm_component_model_async_stackful(true)", |c| {
            c.wasm_component_model_async(true)
                .wasm_component_model_async_stackful(true);
            ok()
        })
        ,
        art("component-model-threading", "wasm_component_model_threading(true)", |c| {
            c.wasm_component_model_threading(true);
            ok()
        }),
        art("component-model-error-context", "wasm_component_model_error_context(true)", |c| {
            c.wasm_component_model_error_context(true);
            ok()
        })
        ,
        art("component-model-gc", "wasm_component_model_gc(true)", |c| {
            c.wasm_component_model_gc(true);
            ok()
        }),
        art("component-model-map", "wasm_component_model_map(true)", |c| {
            c.wasm_component_model_map(true);
            ok()
        }),
        art("component-model-fixed-length-lists", "wasm_component_model_fixed_length_lists(true)", |c| {
            c.wasm_component_model_fixed_length_lists(true);
            ok()
        }),
        art("component-model-memory64", "wasm_component_model_memory64(true) (CM64)", |c| {
            c.wasm_component_model_memory64(true);
            ok()
        }),
        art("component-model-implements", "wasm_component_model_implements(true)", |c| {
            c.wasm_component_model_implements(true);
            ok()
        }),
        art("component-model-canonical-names", "wasm_component_model_canonical_names(true) (CM_CANON_NAMES)", |c| {
            c.wasm_component_model_canonical_names(true);
            ok()
        }),
        art("component-model-accessors", "wasm_component_model_accessors(true)", |c| {
            c.wasm_component_model_accessors(true);
            ok()
        }),
        art("compact-imports", "wasm_compact_imports(true)", |c| {
            c.wasm_compact_imports(true);
            ok()
        }),
        // --- tunables (the 31 matrix) -------------------------------------------
        art("epoch", "epoch_interruption(true)", |c| {
            c.epoch_interruption(true);
            ok()
        })
        .with_component(),
        art("fuel", "consume_fuel(true) with the default operator costs (OperatorCostStrategy::Default)", |c| {
            c.consume_fuel(true);
            ok()
        })
        .with_component(),
        art("memory-reservation-256m", "memory_reservation(256 MiB)", |c| {
            c.memory_reservation(256 << 20);
            ok()
        }),
        art("memory-guard-0", "memory_guard_size(0)", |c| {
            c.memory_guard_size(0);
            ok()
        }),
        art("memory-reservation-for-growth-1m", "memory_reservation_for_growth(1 MiB) (runtime-only setting, not checked)", |c| {
            c.memory_reservation_for_growth(1 << 20);
            ok()
        }),
        art("guard-before-linear-memory-off", "guard_before_linear_memory(false)", |c| {
            c.guard_before_linear_memory(false);
            ok()
        }),
        art("memory-may-move-off", "memory_may_move(false)", |c| {
            c.memory_may_move(false);
            ok()
        }),
        art("table-lazy-init-off", "table_lazy_init(false)", |c| {
            c.table_lazy_init(false);
            ok()
        }),
        art("address-map-off", "generate_address_map(false) (not checked on load)", |c| {
            c.generate_address_map(false);
            ok()
        }),
        art("debug-info", "debug_info(true) (Tunables.debug_native; needs debug symbols, on by default)", |c| {
            c.debug_info(true);
            ok()
        }),
        art("backtrace-details", "wasm_backtrace_details(Enable) (parse_wasm_debuginfo)", |c| {
            c.wasm_backtrace_details(WasmBacktraceDetails::Enable);
            ok()
        }),
        art("relaxed-simd-deterministic", "relaxed_simd_deterministic(true)", |c| {
            c.relaxed_simd_deterministic(true);
            ok()
        }),
        art("signals-based-traps-off", "signals_based_traps(false)", |c| {
            c.signals_based_traps(false);
            ok()
        }),
        art("memory-init-cow-off", "memory_init_cow(false)", |c| {
            c.memory_init_cow(false);
            ok()
        }),
        // --- tunables new since 31 ----------------------------------------------
        art("fuel-cost-table", "consume_fuel(true) + operator_cost(custom table: I32Add 3, LocalGet 2, Call 10, the rest default)", |c| {
            fuel_with_costs(c, custom_costs());
            ok()
        })
        ,
        art("fuel-cost-table-defaults", "consume_fuel(true) + operator_cost(OperatorCost::new()): a Table whose costs equal the defaults, still not equal to OperatorCostStrategy::Default", |c| {
            fuel_with_costs(c, OperatorCost::new());
            ok()
        }),
        art("cost-table-without-fuel", "operator_cost(custom table) without consume_fuel: the table is recorded but not checked", |c| {
            c.operator_cost(custom_costs());
            ok()
        }),
        art("guest-debug", "guest_debug(true) (Tunables.debug_guest; wasmtime turns signals-based traps off with it)", |c| {
            c.guest_debug(true);
            ok()
        }),
        art("concurrency-support-off", "concurrency_support(false) (on by default with the component-model-async cargo feature)", |c| {
            c.concurrency_support(false);
            ok()
        })
        .with_component(),
        art("inlining-yes", "compiler_inlining(Inlining::Yes) (default Inlining::No)", |c| {
            c.compiler_inlining(Inlining::Yes);
            ok()
        }),
        art("inlining-inter-module-and-intra-gc", "compiler_inlining(Inlining::InterModuleAndIntraGc)", |c| {
            c.compiler_inlining(Inlining::InterModuleAndIntraGc);
            ok()
        }),
        art("inlining-inter-module", "compiler_inlining(Inlining::InterModule)", |c| {
            c.compiler_inlining(Inlining::InterModule);
            ok()
        }),
        art("inlining-intrinsics", "compiler_inlining(Inlining::Intrinsics)", |c| {
            c.compiler_inlining(Inlining::Intrinsics);
            ok()
        }),
        art("inlining-small-callee-size-100", "cranelift_flag_set wasmtime_inlining_small_callee_size=100 (default 50)", |c| {
            set(c, "wasmtime_inlining_small_callee_size", "100");
            ok()
        }),
        art("inlining-sum-size-threshold-1000", "cranelift_flag_set wasmtime_inlining_sum_size_threshold=1000 (default 2000)", |c| {
            set(c, "wasmtime_inlining_sum_size_threshold", "1000");
            ok()
        }),
        art("rr-recording", "rr(RRConfig::Recording) + cranelift_nan_canonicalization(true) + relaxed_simd_deterministic(true) (Tunables.recording, \"RR recording support\")", |c| {
            c.rr(RRConfig::Recording)
                .cranelift_nan_canonicalization(true)
                .relaxed_simd_deterministic(true);
            ok()
        }),
        art("debug-adapter-modules", "debug_adapter_modules(true) (not checked on load)", |c| {
            c.debug_adapter_modules(true);
            ok()
        })
        .with_component(),
        art("debug-symbols-off", "debug_symbols(false) (Tunables.debug_symbols, new in 47)", |c| {
            c.debug_symbols(false);
            ok()
        }),
        art("gc-heap-reservation-256m", "gc_heap_reservation(256 MiB) (by default the GC heap copies the linear-memory settings)", |c| {
            c.gc_heap_reservation(256 << 20);
            ok()
        }),
        art("gc-heap-guard-0", "gc_heap_guard_size(0)", |c| {
            c.gc_heap_guard_size(0);
            ok()
        }),
        art("gc-heap-initial-size-1m", "gc_heap_initial_size(1 MiB)", |c| {
            c.gc_heap_initial_size(1 << 20);
            ok()
        }),
        art("gc-heap-may-move-off", "gc_heap_may_move(false)", |c| {
            c.gc_heap_may_move(false);
            ok()
        }),
        art("gc-heap-reservation-for-growth-1m", "gc_heap_reservation_for_growth(1 MiB) (runtime-only, not checked; setting any gc_heap_* stops the copy of the memory settings, so the other three GC heap fields keep their defaults)", |c| {
            c.gc_heap_reservation_for_growth(1 << 20);
            ok()
        }),
        art("memory-reservation-256m-gc-heap-default", "memory_reservation(256 MiB) + gc_heap_reservation(4 GiB): only the linear-memory reservation differs from the default", |c| {
            c.memory_reservation(256 << 20).gc_heap_reservation(1 << 32);
            ok()
        }),
        art("metadata-for-internal-asserts", "metadata_for_internal_asserts(true) (not checked on load)", |c| {
            c.metadata_for_internal_asserts(true);
            ok()
        }),
        art("metadata-for-gc-heap-corruption-off", "metadata_for_gc_heap_corruption(false) (on by default; not checked on load)", |c| {
            c.metadata_for_gc_heap_corruption(false);
            ok()
        }),
        art("branch-hinting", "wasm_branch_hinting(true) (Tunables.branch_hinting, not checked on load)", |c| {
            c.wasm_branch_hinting(true);
            ok()
        }),
        // --- compiler ---------------------------------------------------------
        art("opt-none", "cranelift_opt_level(None)", |c| {
            c.cranelift_opt_level(OptLevel::None);
            ok()
        }),
        art("opt-speed-and-size", "cranelift_opt_level(SpeedAndSize)", |c| {
            c.cranelift_opt_level(OptLevel::SpeedAndSize);
            ok()
        }),
        art("nan-canonicalization", "cranelift_nan_canonicalization(true)", |c| {
            c.cranelift_nan_canonicalization(true);
            ok()
        }),
        art("verifier", "cranelift_debug_verifier(true) (enable_verifier)", |c| {
            c.cranelift_debug_verifier(true);
            ok()
        }),
        art("regalloc-single-pass", "cranelift_regalloc_algorithm(SinglePass) (regalloc_algorithm, ignored on load)", |c| {
            c.cranelift_regalloc_algorithm(RegallocAlgorithm::SinglePass);
            ok()
        }),
        art("unwind-info-off", "native_unwind_info(false) (unwind_info=false)", |c| {
            c.native_unwind_info(false);
            ok()
        }),
        art("spectre-off", "cranelift_flag_set enable_heap_access_spectre_mitigation=false, enable_table_access_spectre_mitigation=false", |c| {
            set(c, "enable_heap_access_spectre_mitigation", "false");
            set(c, "enable_table_access_spectre_mitigation", "false");
            ok()
        }),
        art("bb-padding", "cranelift_flag_set bb_padding_log2_minus_one=4 (a Num flag)", |c| {
            set(c, "bb_padding_log2_minus_one", "4");
            ok()
        }),
        art("pinned-reg", "cranelift_flag_enable enable_pinned_reg (a shared flag wasmtime requires to be false)", |c| {
            enable(c, "enable_pinned_reg");
            ok()
        }),
        art("llvm-abi-extensions", "cranelift_flag_enable enable_llvm_abi_extensions (must be false)", |c| {
            enable(c, "enable_llvm_abi_extensions");
            ok()
        }),
        art("libcall-call-conv-system-v", "cranelift_flag_set libcall_call_conv=system_v (must be isa_default)", |c| {
            set(c, "libcall_call_conv", "system_v");
            ok()
        }),
        art("preserve-frame-pointers-false", "cranelift_flag_set preserve_frame_pointers=false (wasmtime overrides it back to true)", |c| {
            set(c, "preserve_frame_pointers", "false");
            ok()
        }),
        // --- x86_64 ISA flags -------------------------------------------------
        art("isa-x86-64-v2", "cranelift_flag_enable x86-64-v2 preset (sse3..sse4.2, popcnt, cmpxchg16b)", |c| {
            enable(c, "x86-64-v2");
            ok()
        }),
        art("isa-avx", "has_sse3+has_ssse3+has_sse41+has_sse42+has_avx", |c| {
            for f in ["has_sse3", "has_ssse3", "has_sse41", "has_sse42", "has_avx"] {
                enable(c, f);
            }
            ok()
        }),
        art("isa-avx2", "x86-64-v2 preset + has_avx + has_avx2", |c| {
            for f in ["x86-64-v2", "has_avx", "has_avx2"] {
                enable(c, f);
            }
            ok()
        }),
        art("isa-bmi-lzcnt", "has_bmi1 + has_bmi2 + has_lzcnt", |c| {
            for f in ["has_bmi1", "has_bmi2", "has_lzcnt"] {
                enable(c, f);
            }
            ok()
        }),
        art("isa-x86-64-v3", "x86-64-v2 preset + avx, avx2, fma, bmi1, bmi2, lzcnt", |c| {
            for f in ["x86-64-v2", "has_avx", "has_avx2", "has_fma", "has_bmi1", "has_bmi2", "has_lzcnt"] {
                enable(c, f);
            }
            ok()
        }),
        art("isa-avx512f", "x86-64-v3 flags + has_avx512f", |c| {
            for f in ["x86-64-v2", "has_avx", "has_avx2", "has_fma", "has_bmi1", "has_bmi2", "has_lzcnt", "has_avx512f"] {
                enable(c, f);
            }
            ok()
        }),
        art("isa-avx512-all", "x86-64-v3 flags + has_avx512f, dq, vl, bitalg, vbmi", |c| {
            for f in [
                "x86-64-v2", "has_avx", "has_avx2", "has_fma", "has_bmi1", "has_bmi2", "has_lzcnt",
                "has_avx512f", "has_avx512dq", "has_avx512vl", "has_avx512bitalg", "has_avx512vbmi",
            ] {
                enable(c, f);
            }
            ok()
        }),
        art("isa-avx-vnni", "x86-64-v3 flags + has_avx_vnni (new in 48)", |c| {
            for f in ["x86-64-v2", "has_avx", "has_avx2", "has_fma", "has_bmi1", "has_bmi2", "has_lzcnt", "has_avx_vnni"] {
                enable(c, f);
            }
            ok()
        }),
        art("isa-avx512vnni", "x86-64-v3 flags + has_avx512f + has_avx512vnni (new in 48)", |c| {
            for f in ["x86-64-v2", "has_avx", "has_avx2", "has_fma", "has_bmi1", "has_bmi2", "has_lzcnt", "has_avx512f", "has_avx512vnni"] {
                enable(c, f);
            }
            ok()
        }),
        // --- other compilers / targets (one module per target) -----------------
        art("winch", "strategy(Winch) (winch_callable; Winch drops gc types, so no collector)", |c| {
            c.strategy(Strategy::Winch);
            ok()
        })
        .with_component(),
        art("aarch64-linux", "target aarch64-unknown-linux-gnu + has_lse + has_pauth + sign_return_address", |c| {
            enable(c, "has_lse");
            enable(c, "has_pauth");
            enable(c, "sign_return_address");
            ok()
        })
        .target("aarch64-unknown-linux-gnu"),
        art("aarch64-darwin", "target aarch64-apple-darwin", |_| ok()).target("aarch64-apple-darwin"),
        art("riscv64-linux", "target riscv64gc-unknown-linux-gnu", |_| ok())
            .target("riscv64gc-unknown-linux-gnu"),
        art("s390x-linux", "target s390x-unknown-linux-gnu (big-endian ELF)", |_| ok())
            .target("s390x-unknown-linux-gnu"),
        art("x86_64-windows", "target x86_64-pc-windows-msvc", |_| ok()).target("x86_64-pc-windows-msvc"),
        art("x86_64-darwin", "target x86_64-apple-darwin", |_| ok()).target("x86_64-apple-darwin"),
        art("x86_64-musl", "target x86_64-unknown-linux-musl (same architecture and OS as the host, different environment)", |_| ok())
            .target("x86_64-unknown-linux-musl"),
        art("i686-linux", "target i686-unknown-linux-gnu", |_| ok()).target("i686-unknown-linux-gnu"),
        art("pulley32", "target pulley32 (e_flags module|pulley32 = 1|4)", |_| ok()).target("pulley32"),
        art("pulley64", "target pulley64 (e_flags module|pulley64 = 1|8)", |_| ok()).target("pulley64"),
        art("pulley64be", "target pulley64be (big-endian ELF)", |_| ok()).target("pulley64be"),
        // --- GC collector / version strategy ----------------------------------
        art("collector-null", "collector(Null)", |c| {
            c.collector(Collector::Null);
            ok()
        })
        .with_component(),
        art("collector-drc", "collector(DeferredReferenceCounting) (Collector::Auto, the default, picks the copying collector, new in 45, when the gc-copying cargo feature is on)", |c| {
            c.collector(Collector::DeferredReferenceCounting);
            ok()
        })
        .with_component(),
        art("version-my-embedder", "module_version(Custom(\"my-embedder-1.2\"))", |c| {
            c.module_version(ModuleVersionStrategy::Custom("my-embedder-1.2".into()))?;
            ok()
        })
        .with_component(),
        art("version-other", "module_version(Custom(\"other-version\"))", |c| {
            c.module_version(ModuleVersionStrategy::Custom("other-version".into()))?;
            ok()
        }),
        art("version-none", "module_version(None) (empty version string)", |c| {
            c.module_version(ModuleVersionStrategy::None)?;
            ok()
        })
        .with_component(),
    ]
}

/// Artifacts produced by the build without the `gc` cargo feature (no
/// collector, GC_TYPES and EXCEPTIONS off).
#[cfg(not(feature = "gc"))]
pub fn artifacts() -> Vec<ArtifactSpec> {
    vec![
        art("default-nogc", "built WITHOUT the gc cargo feature: Config::new() with target x86_64-unknown-linux-gnu (no collector, gc_types off)", |_| ok())
            .with_component(),
        art("epoch-nogc", "built WITHOUT the gc cargo feature: epoch_interruption(true)", |c| {
            c.epoch_interruption(true);
            ok()
        }),
        art("simd-off-nogc", "built WITHOUT the gc cargo feature: wasm_simd(false) + wasm_relaxed_simd(false)", |c| {
            c.wasm_simd(false).wasm_relaxed_simd(false);
            ok()
        }),
        art("version-none-nogc", "built WITHOUT the gc cargo feature: module_version(None)", |c| {
            c.module_version(ModuleVersionStrategy::None)?;
            ok()
        }),
    ]
}

// ---------------------------------------------------------------------------
// Hosts

#[cfg(feature = "gc")]
pub fn hosts() -> Vec<HostSpec> {
    vec![
        host("x86-64-default", "default config; probe: common x86 features yes, avx512 no", |_| ok()),
        host("x86-64-avx512f-unknown", "default config; probe: common yes, avx512f unknown (None), other avx512 no", |_| ok())
            .probe(&PROBE_AVX512F_UNKNOWN, probe_avx512f_unknown),
        host("x86-64-unknown-default", "default config; probe: common yes, everything else unknown (None)", |_| ok())
            .probe(&PROBE_UNKNOWN_DEFAULT, probe_unknown_default),
        host("x86-64-minimal", "default config; probe: only sse3/ssse3/sse4.1/sse4.2/popcnt/cmpxchg16b yes (no avx, bmi, lzcnt, fma)", |_| ok())
            .probe(&PROBE_MINIMAL, probe_minimal),
        host("x86-64-avx512", "default config; probe: common and avx512f/dq/vl/bitalg/vbmi yes", |_| ok())
            .probe(&PROBE_AVX512, probe_avx512),
        host("x86-64-epoch", "epoch_interruption(true)", |c| {
            c.epoch_interruption(true);
            ok()
        }),
        host("x86-64-fuel", "consume_fuel(true) with the default operator costs", |c| {
            c.consume_fuel(true);
            ok()
        }),
        host("x86-64-memory-reservation-256m", "memory_reservation(256 MiB)", |c| {
            c.memory_reservation(256 << 20);
            ok()
        }),
        host("x86-64-collector-null", "collector(Null)", |c| {
            c.collector(Collector::Null);
            ok()
        }),
        host("x86-64-wasm-gc-off", "wasm_gc(false) (GC is on by default in 50; a 31-style wasm-gc host would equal the default host)", |c| {
            c.wasm_gc(false);
            ok()
        }),
        host("x86-64-simd-off", "wasm_simd(false) + wasm_relaxed_simd(false)", |c| {
            c.wasm_simd(false).wasm_relaxed_simd(false);
            ok()
        }),
        host("x86-64-debug-info", "debug_info(true)", |c| {
            c.debug_info(true);
            ok()
        }),
        host("x86-64-winch", "strategy(Winch)", |c| {
            c.strategy(Strategy::Winch);
            ok()
        }),
        host("x86-64-version-my-embedder", "module_version(Custom(\"my-embedder-1.2\"))", |_| ok())
            .version(Version::Custom("my-embedder-1.2")),
        host("x86-64-version-other", "module_version(Custom(\"other-version\"))", |_| ok())
            .version(Version::Custom("other-version")),
        host("x86-64-version-none", "module_version(None): version string ignored", |_| ok())
            .version(Version::None),
        // --- new since 31 -------------------------------------------------------
        host("x86-64-fuel-cost-table", "consume_fuel(true) + operator_cost(the custom table of the fuel-cost-table artifact)", |c| {
            fuel_with_costs(c, custom_costs());
            ok()
        }),
        host("x86-64-gc-support-off", "gc_support(false): a GC build whose engine has no collector (Tunables.collector None)", |c| {
            c.gc_support(false);
            ok()
        }),
        host("x86-64-reference-types-off", "wasm_reference_types(false) + wasm_component_model_async(false): REFERENCE_TYPES (bits 3|34) missing in the host", |c| {
            c.wasm_reference_types(false).wasm_component_model_async(false);
            ok()
        }),
        host("x86-64-stack-switching", "wasm_stack_switching(true): the host now requires stack_switch_model=basic", |c| {
            c.wasm_stack_switching(true);
            ok()
        }),
        host("x86-64-component-model-async-off", "wasm_component_model_async(false) (on by default in 50)", |c| {
            c.wasm_component_model_async(false);
            ok()
        }),
        host("x86-64-concurrency-support-off", "concurrency_support(false)", |c| {
            c.concurrency_support(false);
            ok()
        }),
        host("x86-64-inlining-yes", "compiler_inlining(Inlining::Yes)", |c| {
            c.compiler_inlining(Inlining::Yes);
            ok()
        }),
        host("x86-64-collector-drc", "collector(DeferredReferenceCounting) (the default is Copying in 50)", |c| {
            c.collector(Collector::DeferredReferenceCounting);
            ok()
        }),
        host("x86-64-gc-heap-reservation-256m", "gc_heap_reservation(256 MiB)", |c| {
            c.gc_heap_reservation(256 << 20);
            ok()
        }),
        host("x86-64-guest-debug", "guest_debug(true)", |c| {
            c.guest_debug(true);
            ok()
        }),
        host("x86-64-self-avx512f-unknown", "ISA flag has_avx512f enabled on the host's own engine, but its probe says avx512f unknown: wasmtime's native-host check (run before every load since 37) fails, so every load fails, even of the host's own file", |c| {
            enable(c, "has_avx512f");
            ok()
        })
        .probe(&PROBE_AVX512F_UNKNOWN, probe_avx512f_unknown)
        .fails_native_check(),
    ]
}

#[cfg(not(feature = "gc"))]
pub fn hosts() -> Vec<HostSpec> {
    vec![
        host(
            "x86-64-default-nogc",
            "built WITHOUT the gc cargo feature; default config; probe: common yes, avx512 no",
            |_| ok(),
        ),
        host(
            "x86-64-epoch-nogc",
            "built WITHOUT the gc cargo feature; epoch_interruption(true)",
            |c| {
                c.epoch_interruption(true);
                ok()
            },
        ),
        host(
            "x86-64-simd-off-nogc",
            "built WITHOUT the gc cargo feature; wasm_simd(false) + wasm_relaxed_simd(false)",
            |c| {
                c.wasm_simd(false).wasm_relaxed_simd(false);
                ok()
            },
        ),
        host(
            "x86-64-winch-nogc",
            "built WITHOUT the gc cargo feature; strategy(Winch)",
            |c| {
                c.strategy(Strategy::Winch);
                ok()
            },
        ),
        host(
            "x86-64-version-none-nogc",
            "built WITHOUT the gc cargo feature; module_version(None)",
            |_| ok(),
        )
        .version(Version::None),
    ]
}
