//! Shared-flag and ISA-flag tables (`Engine::check_compatible_with_shared_flag`
//! and `check_compatible_with_isa_flag` in wasmtime's `engine.rs`).
//!
//! A table is a list of row groups; each group is named by the release
//! that introduced it, so a table reads as "the v27 requirements, the v44
//! conditions, the settings of any value as of v46".

use crate::profiles::rules::{
    FlagConst::{Bool, Enum},
    IsaFlagTable, IsaMessages,
    IsaRule::{self, Always, BigEndianHost, Probe},
    SharedFlagTable,
    SharedRule::{self, Any, Require, RequireIfHostFeature, RequireOnWindows, StackSwitchModel},
};

type SharedRows = [(&'static str, SharedRule)];
type IsaRows = [(&'static str, IsaRule)];

/// Shared-flag messages, unchanged since wasmtime 3.
const UNKNOWN_SHARED: &str = "unknown shared setting {flag:?} configured to {value}";
const UNSUPPORTED_SHARED: &str = "setting {flag:?} is configured to {value} which is not supported";
const NO_STACK_SWITCHING: &str = "stack-switching feature not supported on this platform";

/// Settings that must have one value (wasmtime 27 and later: probestack
/// inline and on, multi-return through an implicit sret pointer).
static REQUIRED_V27: &SharedRows = &[
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("preserve_frame_pointers", Require(Bool(true))),
    ("enable_probestack", Require(Bool(true))),
    ("probestack_strategy", Require(Enum("inline"))),
    ("enable_multi_ret_implicit_sret", Require(Bool(true))),
    ("enable_llvm_abi_extensions", Require(Bool(false))),
    ("enable_pinned_reg", Require(Bool(false))),
    ("use_colocated_libcalls", Require(Bool(false))),
    ("use_pinned_reg_as_heap_base", Require(Bool(false))),
];

/// Conditions of wasmtime 3 to 34: safepoints with reference types, unwind
/// info on Windows.
static CONDITIONAL_V3: &SharedRows = &[
    (
        "enable_safepoints",
        RequireIfHostFeature {
            feature: "reference_types",
            value: Bool(true),
        },
    ),
    ("unwind_info", RequireOnWindows(Bool(true))),
];

/// Conditions of wasmtime 38 and later: `enable_safepoints` is gone, the
/// stack-switching model must suit the host's system (from 35).
static CONDITIONAL_V38: &SharedRows = &[
    ("unwind_info", RequireOnWindows(Bool(true))),
    (
        "stack_switch_model",
        StackSwitchModel {
            feature: "stack_switching",
        },
    ),
];

/// Settings of any value, wasmtime 28 to 31.
static ANY_V28: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_verifier", Any),
    ("enable_pcc", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("regalloc_algorithm", Any),
    ("regalloc", Any),
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("stack_switch_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_size_log2", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 44 and 45: `enable_jump_tables` gone in
/// 38, `enable_pcc` in 44; `log2_min_function_alignment` from 32.
static ANY_V44: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_float", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("regalloc_algorithm", Any),
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("log2_min_function_alignment", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Added to the settings of any value in wasmtime 46.
static ANY_V46_ADDED: &SharedRows = &[("enable_compact_unwind_abi", Any)];

/// Shared flags of wasmtime 28 to 31.
pub static SHARED_V28: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V3, ANY_V28],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 44 and 45.
pub static SHARED_V44: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V38, ANY_V44],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 46 and later.
pub static SHARED_V46: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V38, ANY_V44, ANY_V46_ADDED],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// ISA messages of wasmtime 21 to 36.
pub static ISA_MESSAGES_V21: IsaMessages = IsaMessages {
    unavailable: "compilation setting {flag:?} is enabled, but not available on the host",
    undetectable: "failed to detect if target-specific flag {flag:?} is available at runtime",
    no_probe: "cannot determine if host feature {feature:?} is available at runtime, \
               configure a probing function with `Config::detect_host_feature`",
    unknown_flag: "don't know how to test for target-specific flag {flag:?} at runtime",
    unknown_value: "isa-specific feature {flag:?} configured to unknown value {value}",
    pointer_width: "wrong host pointer width",
    endianness: "wrong host endianness",
};

/// ISA messages of wasmtime 37 and later: an undetectable feature names
/// the host feature and the setting.
pub static ISA_MESSAGES_V37: IsaMessages = IsaMessages {
    undetectable: "failed to detect if target-specific flag {feature:?} is available at \
                   runtime (compile setting {flag:?})",
    ..ISA_MESSAGES_V21
};

/// aarch64 settings of wasmtime 25 and later (`has_fp16` from 25).
static AARCH64_V25: &IsaRows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("has_fp16", Probe("fp16")),
    ("sign_return_address_all", Always),
    ("sign_return_address", Always),
    ("sign_return_address_with_bkey", Always),
    ("use_bti", Always),
];

/// aarch64 settings added in wasmtime 47 (`has_dotprod`) and 48
/// (`has_i8mm`).
static AARCH64_V48_ADDED: &IsaRows = &[
    ("has_dotprod", Probe("dotprod")),
    ("has_i8mm", Probe("i8mm")),
];

/// s390x settings of wasmtime 21 to 35.
static S390X_V21: &IsaRows = &[
    ("has_vxrs_ext2", Probe("vxrs_ext2")),
    ("has_mie2", Probe("mie2")),
];

/// s390x settings of wasmtime 36 and later.
static S390X_V36: &IsaRows = &[
    ("has_vxrs_ext2", Probe("vxrs_ext2")),
    ("has_vxrs_ext3", Probe("vxrs_ext3")),
    ("has_mie3", Probe("mie3")),
    ("has_mie4", Probe("mie4")),
];

/// x86_64 settings of wasmtime 27 and later (`has_cmpxchg16b` from 27).
static X86_64_V27: &IsaRows = &[
    ("has_cmpxchg16b", Probe("cmpxchg16b")),
    ("has_sse3", Probe("sse3")),
    ("has_ssse3", Probe("ssse3")),
    ("has_sse41", Probe("sse4.1")),
    ("has_sse42", Probe("sse4.2")),
    ("has_popcnt", Probe("popcnt")),
    ("has_avx", Probe("avx")),
    ("has_avx2", Probe("avx2")),
    ("has_fma", Probe("fma")),
    ("has_bmi1", Probe("bmi1")),
    ("has_bmi2", Probe("bmi2")),
    ("has_avx512bitalg", Probe("avx512bitalg")),
    ("has_avx512dq", Probe("avx512dq")),
    ("has_avx512f", Probe("avx512f")),
    ("has_avx512vl", Probe("avx512vl")),
    ("has_avx512vbmi", Probe("avx512vbmi")),
    ("has_lzcnt", Probe("lzcnt")),
];

/// x86_64 settings added in wasmtime 48.
static X86_64_V48_ADDED: &IsaRows = &[
    ("has_avx_vnni", Probe("avxvnni")),
    ("has_avx512vnni", Probe("avx512vnni")),
];

/// Pulley's byte order (wasmtime 29 and later).
static PULLEY_V29: &IsaRows = &[("big_endian", BigEndianHost)];

/// ISA flags of wasmtime 29 to 35.
pub static ISA_V29: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V21, X86_64_V27, PULLEY_V29],
    riscv64_accepts_unknown: true,
    messages: &ISA_MESSAGES_V21,
};

/// ISA flags of wasmtime 37 to 46.
pub static ISA_V37: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V36, X86_64_V27, PULLEY_V29],
    riscv64_accepts_unknown: true,
    messages: &ISA_MESSAGES_V37,
};

/// ISA flags of wasmtime 48 and later.
pub static ISA_V48: IsaFlagTable = IsaFlagTable {
    groups: &[
        AARCH64_V25,
        AARCH64_V48_ADDED,
        S390X_V36,
        X86_64_V27,
        X86_64_V48_ADDED,
        PULLEY_V29,
    ],
    riscv64_accepts_unknown: true,
    messages: &ISA_MESSAGES_V37,
};

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_unique<'a>(names: impl Iterator<Item = &'a str>) {
        let mut names: Vec<&str> = names.collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a table names a flag twice");
    }

    #[test]
    fn every_table_names_each_flag_once() {
        for t in [&SHARED_V28, &SHARED_V44, &SHARED_V46] {
            assert_unique(t.groups.iter().flat_map(|g| g.iter().map(|(n, _)| *n)));
        }
        for t in [&ISA_V29, &ISA_V37, &ISA_V48] {
            assert_unique(t.groups.iter().flat_map(|g| g.iter().map(|(n, _)| *n)));
        }
    }
}
