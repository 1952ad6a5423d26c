//! What a default wasmtime 31 engine compiles with on this machine, as data
//! read from real artifacts (tests/fixtures/wasmtime-31): the shared
//! Cranelift settings wasmtime configures, and the host's ISA flags, which
//! Cranelift's native detection turns on one per CPU feature.

use super::FlagValue;
use crate::host::Probe;
use target_lexicon::Architecture;

/// Shared settings of a default wasmtime 31 engine, in the compiler's
/// order. The same list on x86_64, aarch64, riscv64 and s390x.
const SHARED_FLAGS: &[(&str, Default)] = &[
    ("regalloc_algorithm", Default::Enum("backtracking")),
    ("opt_level", Default::Enum("speed")),
    ("tls_model", Default::Enum("none")),
    ("stack_switch_model", Default::Enum("none")),
    ("libcall_call_conv", Default::Enum("isa_default")),
    ("probestack_size_log2", Default::Num(12)),
    ("probestack_strategy", Default::Enum("inline")),
    ("bb_padding_log2_minus_one", Default::Num(0)),
    ("regalloc_checker", Default::Bool(false)),
    ("regalloc_verbose_logs", Default::Bool(false)),
    ("enable_alias_analysis", Default::Bool(true)),
    ("enable_verifier", Default::Bool(false)),
    ("enable_pcc", Default::Bool(false)),
    ("is_pic", Default::Bool(false)),
    ("use_colocated_libcalls", Default::Bool(false)),
    ("enable_float", Default::Bool(true)),
    ("enable_nan_canonicalization", Default::Bool(false)),
    ("enable_pinned_reg", Default::Bool(false)),
    ("enable_atomics", Default::Bool(true)),
    ("enable_safepoints", Default::Bool(true)),
    ("enable_llvm_abi_extensions", Default::Bool(false)),
    ("enable_multi_ret_implicit_sret", Default::Bool(true)),
    ("unwind_info", Default::Bool(true)),
    ("preserve_frame_pointers", Default::Bool(true)),
    ("machine_code_cfg_info", Default::Bool(false)),
    ("enable_probestack", Default::Bool(true)),
    ("enable_jump_tables", Default::Bool(true)),
    ("enable_heap_access_spectre_mitigation", Default::Bool(true)),
    (
        "enable_table_access_spectre_mitigation",
        Default::Bool(true),
    ),
    (
        "enable_incremental_compilation_cache_checks",
        Default::Bool(false),
    ),
];

/// ISA flags of x86_64 in the compiler's order, each with the probe
/// feature that turns it on.
const X86_64: &[(&str, Isa)] = &[
    ("has_sse3", Isa::Probe("sse3")),
    ("has_ssse3", Isa::Probe("ssse3")),
    ("has_cmpxchg16b", Isa::Probe("cmpxchg16b")),
    ("has_sse41", Isa::Probe("sse4.1")),
    ("has_sse42", Isa::Probe("sse4.2")),
    ("has_avx", Isa::Probe("avx")),
    ("has_avx2", Isa::Probe("avx2")),
    ("has_fma", Isa::Probe("fma")),
    ("has_avx512bitalg", Isa::Probe("avx512bitalg")),
    ("has_avx512dq", Isa::Probe("avx512dq")),
    ("has_avx512vl", Isa::Probe("avx512vl")),
    ("has_avx512vbmi", Isa::Probe("avx512vbmi")),
    ("has_avx512f", Isa::Probe("avx512f")),
    ("has_popcnt", Isa::Probe("popcnt")),
    ("has_bmi1", Isa::Probe("bmi1")),
    ("has_bmi2", Isa::Probe("bmi2")),
    ("has_lzcnt", Isa::Probe("lzcnt")),
];

/// ISA flags of aarch64; pointer authentication and BTI use stay off by
/// default.
const AARCH64: &[(&str, Isa)] = &[
    ("has_lse", Isa::Probe("lse")),
    ("has_pauth", Isa::Probe("paca")),
    ("has_fp16", Isa::Probe("fp16")),
    ("sign_return_address_all", Isa::Off),
    ("sign_return_address", Isa::Off),
    ("sign_return_address_with_bkey", Isa::Off),
    ("use_bti", Isa::Off),
];

/// ISA flags of s390x.
const S390X: &[(&str, Isa)] = &[
    ("has_mie2", Isa::Probe("mie2")),
    ("has_vxrs_ext2", Isa::Probe("vxrs_ext2")),
];

#[derive(Clone, Copy)]
enum Default {
    Enum(&'static str),
    Num(u8),
    Bool(bool),
}

#[derive(Clone, Copy)]
enum Isa {
    Probe(&'static str),
    Off,
}

/// The shared settings of a default wasmtime 31 engine.
pub fn wasmtime31_shared_flags() -> Vec<(String, FlagValue)> {
    SHARED_FLAGS
        .iter()
        .map(|(name, value)| {
            let value = match *value {
                Default::Enum(s) => FlagValue::Enum(s.to_string()),
                Default::Num(n) => FlagValue::Num(n),
                Default::Bool(b) => FlagValue::Bool(b),
            };
            (name.to_string(), value)
        })
        .collect()
}

/// The ISA flags a default wasmtime 31 engine compiles with for `arch`,
/// on a CPU described by `probe`: a flag is on when the probe answers yes
/// (unknown counts as no, as Cranelift's detection would not enable it).
/// Empty for architectures whose list is not recorded here.
pub fn wasmtime31_isa_flags(arch: Architecture, probe: &Probe) -> Vec<(String, FlagValue)> {
    let table = match arch {
        Architecture::X86_64 => X86_64,
        Architecture::Aarch64(_) => AARCH64,
        Architecture::S390x => S390X,
        _ => &[],
    };
    table
        .iter()
        .map(|(name, isa)| {
            let on = match isa {
                Isa::Probe(feature) => probe.detect(feature) == Some(Some(true)),
                Isa::Off => false,
            };
            (name.to_string(), FlagValue::Bool(on))
        })
        .collect()
}
