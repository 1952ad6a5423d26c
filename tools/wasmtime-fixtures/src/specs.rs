//! The matrix: which configurations are compiled into artifacts, and which
//! configurations act as host engines.
//!
//! The vocabulary (`art`, `host`, probes, version strategies, the inputs)
//! is shared with the other generator crates:
//! `../wasmtime-fixtures-shared/spec_support.rs`.

pub use crate::spec_support::*;
#[cfg(feature = "gc")]
use wasmtime::{Collector, OptLevel, WasmBacktraceDetails};
use wasmtime::{ModuleVersionStrategy, Strategy};

#[cfg(feature = "gc")]
pub fn artifacts() -> Vec<ArtifactSpec> {
    vec![
        art("default", "Config::new() with target x86_64-unknown-linux-gnu (baseline ISA flags)", |_| ok())
            .with_component(),
        art("native-detected", "Config::new() without Config::target: ISA flags inferred from the generating machine's CPU (machine dependent!)", |_| ok())
            .native(),
        // --- wasm features ---------------------------------------------------
        art("simd-off", "wasm_simd(false) + wasm_relaxed_simd(false)", |c| {
            c.wasm_simd(false).wasm_relaxed_simd(false);
            ok()
        })
        .with_component(),
        art("relaxed-simd-off", "wasm_relaxed_simd(false)", |c| {
            c.wasm_relaxed_simd(false);
            ok()
        }),
        art("threads-off", "wasm_threads(false) (threads are on by default in 31)", |c| {
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
        art("reference-types-off", "wasm_reference_types(false)", |c| {
            c.wasm_reference_types(false);
            ok()
        }),
        art("bulk-memory-off", "wasm_bulk_memory(false)", |c| {
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
        art("wasm-gc", "wasm_gc(true) + wasm_function_references(true)", |c| {
            c.wasm_gc(true).wasm_function_references(true);
            ok()
        })
        .with_component(),
        art("function-references", "wasm_function_references(true)", |c| {
            c.wasm_function_references(true);
            ok()
        }),
        art("component-model-async", "wasm_component_model_async(true)", |c| {
            c.wasm_component_model_async(true);
            ok()
        })
        .with_component(),
        art("wide-arithmetic", "wasm_wide_arithmetic(true)", |c| {
            c.wasm_wide_arithmetic(true);
            ok()
        }),
        art("custom-page-sizes", "wasm_custom_page_sizes(true)", |c| {
            c.wasm_custom_page_sizes(true);
            ok()
        }),
        art("stack-switching", "wasm_stack_switching(true) (also turns on the exceptions feature bit; 31 has no separate exceptions knob)", |c| {
            c.wasm_stack_switching(true);
            ok()
        }),
        // --- tunables ----------------------------------------------------------
        art("epoch", "epoch_interruption(true)", |c| {
            c.epoch_interruption(true);
            ok()
        })
        .with_component(),
        art("fuel", "consume_fuel(true)", |c| {
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
        art("debug-info", "debug_info(true)", |c| {
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
        art("pcc", "cranelift_pcc(true)", |c| {
            c.cranelift_pcc(true);
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
        // --- other compilers / targets -----------------------------------------
        art("winch", "strategy(Winch) (winch_callable; Winch drops gc types, so no collector)", |c| {
            c.strategy(Strategy::Winch);
            ok()
        })
        .with_component(),
        art("aarch64-linux", "target aarch64-unknown-linux-gnu", |_| ok()).target("aarch64-unknown-linux-gnu"),
        art("aarch64-linux-lse-pauth", "target aarch64-unknown-linux-gnu + has_lse + has_pauth + sign_return_address", |c| {
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
            .target("s390x-unknown-linux-gnu")
            .with_component(),
        art("x86_64-windows", "target x86_64-pc-windows-msvc", |_| ok()).target("x86_64-pc-windows-msvc"),
        art("x86_64-darwin", "target x86_64-apple-darwin", |_| ok()).target("x86_64-apple-darwin"),
        art("x86_64-musl", "target x86_64-unknown-linux-musl (same architecture and OS as the host, different environment)", |_| ok())
            .target("x86_64-unknown-linux-musl"),
        art("i686-linux", "target i686-unknown-linux-gnu", |_| ok()).target("i686-unknown-linux-gnu"),
        art("pulley32", "target pulley32", |_| ok()).target("pulley32"),
        art("pulley64", "target pulley64", |_| ok()).target("pulley64"),
        art("pulley64be", "target pulley64be", |_| ok()).target("pulley64be"),
        // --- GC collector / version strategy ----------------------------------
        art("collector-null", "collector(Null)", |c| {
            c.collector(Collector::Null);
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

/// Artifacts produced by the build without the `gc` cargo feature: every
/// artifact of the gc build carries a collector (except Winch ones), so these
/// are the only artifacts the `-nogc` hosts can accept.
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
        host("x86-64-fuel", "consume_fuel(true)", |c| {
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
        host("x86-64-wasm-gc", "wasm_gc(true) + wasm_function_references(true)", |c| {
            c.wasm_gc(true).wasm_function_references(true);
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
