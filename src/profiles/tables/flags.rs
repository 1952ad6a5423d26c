//! Shared-flag and ISA-flag tables (`Engine::check_compatible_with_shared_flag`
//! and `check_compatible_with_isa_flag` in wasmtime's `engine.rs`).
//!
//! A table is a list of row groups; each group is named by the first
//! release that has it exactly, so a table reads as "the v27 requirements,
//! the v38 conditions, the settings of any value as of v46".

use crate::profiles::rules::{
    FlagConst::{Bool, Enum},
    IsaFlagTable, IsaMessages,
    IsaRule::{self, Always, BigEndianHost, Probe},
    SharedFlagTable,
    SharedRule::{
        self, Any, Require, RequireIfHostFeature, RequireOnWindows, RequireProbestackSupport,
        StackSwitchModel,
    },
};

type SharedRows = [(&'static str, SharedRule)];
type IsaRows = [(&'static str, IsaRule)];

/// Shared-flag messages, unchanged since wasmtime 3.
pub(crate) const UNKNOWN_SHARED: &str = "unknown shared setting {flag:?} configured to {value}";
pub(crate) const UNSUPPORTED_SHARED: &str =
    "setting {flag:?} is configured to {value} which is not supported";
pub(crate) const NO_STACK_SWITCHING: &str =
    "stack-switching feature not supported on this platform";

/// Settings that must have one value, wasmtime 3.
static REQUIRED_V3: &SharedRows = &[
    ("avoid_div_traps", Require(Bool(true))),
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("preserve_frame_pointers", Require(Bool(true))),
    ("enable_llvm_abi_extensions", Require(Bool(false))),
    ("enable_pinned_reg", Require(Bool(false))),
    ("enable_probestack", Require(Bool(false))),
    ("probestack_strategy", Require(Enum("outline"))),
    ("use_colocated_libcalls", Require(Bool(false))),
    ("use_pinned_reg_as_heap_base", Require(Bool(false))),
];

/// Settings that must have one value, wasmtime 4 to 7.
static REQUIRED_V4: &SharedRows = &[
    ("avoid_div_traps", Require(Bool(true))),
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("preserve_frame_pointers", Require(Bool(true))),
    ("probestack_strategy", Require(Enum("inline"))),
    ("enable_llvm_abi_extensions", Require(Bool(false))),
    ("enable_pinned_reg", Require(Bool(false))),
    ("use_colocated_libcalls", Require(Bool(false))),
    ("use_pinned_reg_as_heap_base", Require(Bool(false))),
];

/// Settings that must have one value, wasmtime 8 to 26.
static REQUIRED_V8: &SharedRows = &[
    ("libcall_call_conv", Require(Enum("isa_default"))),
    ("preserve_frame_pointers", Require(Bool(true))),
    ("probestack_strategy", Require(Enum("inline"))),
    ("enable_llvm_abi_extensions", Require(Bool(false))),
    ("enable_pinned_reg", Require(Bool(false))),
    ("use_colocated_libcalls", Require(Bool(false))),
    ("use_pinned_reg_as_heap_base", Require(Bool(false))),
];

/// Settings that must have one value, wasmtime 27 to 50.
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

/// Settings judged by the host, wasmtime 3 to 34.
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

/// Settings judged by the host, wasmtime 4 to 26.
static CONDITIONAL_V4: &SharedRows = &[
    (
        "enable_safepoints",
        RequireIfHostFeature {
            feature: "reference_types",
            value: Bool(true),
        },
    ),
    ("unwind_info", RequireOnWindows(Bool(true))),
    ("enable_probestack", RequireProbestackSupport),
];

/// Settings judged by the host, wasmtime 35 to 37.
static CONDITIONAL_V35: &SharedRows = &[
    (
        "enable_safepoints",
        RequireIfHostFeature {
            feature: "reference_types",
            value: Bool(true),
        },
    ),
    ("unwind_info", RequireOnWindows(Bool(true))),
    (
        "stack_switch_model",
        StackSwitchModel {
            feature: "stack_switching",
        },
    ),
];

/// Settings judged by the host, wasmtime 38 to 50.
static CONDITIONAL_V38: &SharedRows = &[
    ("unwind_info", RequireOnWindows(Bool(true))),
    (
        "stack_switch_model",
        StackSwitchModel {
            feature: "stack_switching",
        },
    ),
];

/// Settings of any value, wasmtime 3 to 8.
static ANY_V3: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("use_egraphs", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 9.
static ANY_V9: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 10.
static ANY_V10: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_simd", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 11 to 14.
static ANY_V11: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_verifier", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 15 to 20.
static ANY_V15: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_verifier", Any),
    ("enable_pcc", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_func_adjusts_sp", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 21 to 24.
static ANY_V21: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_verifier", Any),
    ("enable_pcc", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 25 to 27.
static ANY_V25: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_jump_tables", Any),
    ("enable_float", Any),
    ("enable_verifier", Any),
    ("enable_pcc", Any),
    ("regalloc_checker", Any),
    ("regalloc_verbose_logs", Any),
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("stack_switch_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
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
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("stack_switch_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 32 to 34.
static ANY_V32: &SharedRows = &[
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
    ("is_pic", Any),
    ("bb_padding_log2_minus_one", Any),
    ("log2_min_function_alignment", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("stack_switch_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Settings of any value, wasmtime 35 to 37.
static ANY_V35: &SharedRows = &[
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

/// Settings of any value, wasmtime 38 to 43.
static ANY_V38: &SharedRows = &[
    ("enable_heap_access_spectre_mitigation", Any),
    ("enable_table_access_spectre_mitigation", Any),
    ("enable_nan_canonicalization", Any),
    ("enable_float", Any),
    ("enable_verifier", Any),
    ("enable_pcc", Any),
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

/// Settings of any value, wasmtime 44 to 45.
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

/// Settings of any value, wasmtime 46 to 50.
static ANY_V46: &SharedRows = &[
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
    ("enable_compact_unwind_abi", Any),
    ("machine_code_cfg_info", Any),
    ("tls_model", Any),
    ("opt_level", Any),
    ("enable_alias_analysis", Any),
    ("probestack_size_log2", Any),
    ("regalloc", Any),
    ("enable_incremental_compilation_cache_checks", Any),
    ("enable_atomics", Any),
];

/// Shared flags of wasmtime 3.
pub static SHARED_V3: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V3, CONDITIONAL_V3, ANY_V3],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 4 to 7.
pub static SHARED_V4: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V4, CONDITIONAL_V4, ANY_V3],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 8.
pub static SHARED_V8: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V8, CONDITIONAL_V4, ANY_V3],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 9.
pub static SHARED_V9: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V8, CONDITIONAL_V4, ANY_V9],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 10.
pub static SHARED_V10: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V8, CONDITIONAL_V4, ANY_V10],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 11 to 14.
pub static SHARED_V11: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V8, CONDITIONAL_V4, ANY_V11],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 15 to 20.
pub static SHARED_V15: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V8, CONDITIONAL_V4, ANY_V15],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 21 to 24.
pub static SHARED_V21: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V8, CONDITIONAL_V4, ANY_V21],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 25 to 26.
pub static SHARED_V25: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V8, CONDITIONAL_V4, ANY_V25],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 27.
pub static SHARED_V27: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V3, ANY_V25],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 28 to 31.
pub static SHARED_V28: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V3, ANY_V28],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 32 to 34.
pub static SHARED_V32: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V3, ANY_V32],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 35 to 37.
pub static SHARED_V35: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V35, ANY_V35],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 38 to 43.
pub static SHARED_V38: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V38, ANY_V38],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 44 to 45.
pub static SHARED_V44: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V38, ANY_V44],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// Shared flags of wasmtime 46 to 50.
pub static SHARED_V46: SharedFlagTable = SharedFlagTable {
    groups: &[REQUIRED_V27, CONDITIONAL_V38, ANY_V46],
    unknown: UNKNOWN_SHARED,
    unsupported: UNSUPPORTED_SHARED,
    no_stack_switching: NO_STACK_SWITCHING,
};

/// ISA messages of wasmtime 3 to 20, which tested the running CPU only.
pub static ISA_MESSAGES_V3: IsaMessages = IsaMessages {
    unavailable: "compilation setting {flag:?} is enabled, but not available on the host",
    undetectable: "cannot test if target-specific flag {flag:?} is available at runtime",
    no_probe: "cannot test if target-specific flag {flag:?} is available at runtime",
    unknown_flag: "cannot test if target-specific flag {flag:?} is available at runtime",
    unknown_value: "isa-specific feature {flag:?} configured to unknown value {value}",
    pointer_width: "wrong host pointer width",
    endianness: "wrong host endianness",
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

/// aarch64 settings, wasmtime 21 to 24.
static AARCH64_V21: &IsaRows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("sign_return_address_all", Always),
    ("sign_return_address", Always),
    ("sign_return_address_with_bkey", Always),
    ("use_bti", Always),
];

/// s390x settings, wasmtime 21 to 35.
static S390X_V21: &IsaRows = &[
    ("has_vxrs_ext2", Probe("vxrs_ext2")),
    ("has_mie2", Probe("mie2")),
];

/// x86_64 settings, wasmtime 21 to 26.
static X86_64_V21: &IsaRows = &[
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

/// aarch64 settings, wasmtime 25 to 46.
static AARCH64_V25: &IsaRows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("has_fp16", Probe("fp16")),
    ("sign_return_address_all", Always),
    ("sign_return_address", Always),
    ("sign_return_address_with_bkey", Always),
    ("use_bti", Always),
];

/// x86_64 settings, wasmtime 27 to 47.
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

/// Pulley settings, wasmtime 29 to 50.
static PULLEY_V29: &IsaRows = &[("big_endian", BigEndianHost)];

/// s390x settings, wasmtime 36 to 50.
static S390X_V36: &IsaRows = &[
    ("has_vxrs_ext2", Probe("vxrs_ext2")),
    ("has_vxrs_ext3", Probe("vxrs_ext3")),
    ("has_mie3", Probe("mie3")),
    ("has_mie4", Probe("mie4")),
];

/// aarch64 settings, wasmtime 47.
static AARCH64_V47: &IsaRows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("has_fp16", Probe("fp16")),
    ("has_dotprod", Probe("dotprod")),
    ("sign_return_address_all", Always),
    ("sign_return_address", Always),
    ("sign_return_address_with_bkey", Always),
    ("use_bti", Always),
];

/// aarch64 settings, wasmtime 48 to 50.
static AARCH64_V48: &IsaRows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("has_fp16", Probe("fp16")),
    ("has_dotprod", Probe("dotprod")),
    ("has_i8mm", Probe("i8mm")),
    ("sign_return_address_all", Always),
    ("sign_return_address", Always),
    ("sign_return_address_with_bkey", Always),
    ("use_bti", Always),
];

/// x86_64 settings, wasmtime 48 to 50.
static X86_64_V48: &IsaRows = &[
    ("has_cmpxchg16b", Probe("cmpxchg16b")),
    ("has_sse3", Probe("sse3")),
    ("has_ssse3", Probe("ssse3")),
    ("has_sse41", Probe("sse4.1")),
    ("has_sse42", Probe("sse4.2")),
    ("has_popcnt", Probe("popcnt")),
    ("has_avx", Probe("avx")),
    ("has_avx2", Probe("avx2")),
    ("has_fma", Probe("fma")),
    ("has_avx_vnni", Probe("avxvnni")),
    ("has_bmi1", Probe("bmi1")),
    ("has_bmi2", Probe("bmi2")),
    ("has_avx512bitalg", Probe("avx512bitalg")),
    ("has_avx512dq", Probe("avx512dq")),
    ("has_avx512f", Probe("avx512f")),
    ("has_avx512vl", Probe("avx512vl")),
    ("has_avx512vbmi", Probe("avx512vbmi")),
    ("has_avx512vnni", Probe("avx512vnni")),
    ("has_lzcnt", Probe("lzcnt")),
];

/// x86_64 settings a wasmtime 3 to 20 running on x86_64 can test.
pub(crate) static X86_64_HOST_V3: &IsaRows = &[
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

/// aarch64 settings a wasmtime 3 to 20 running on aarch64 can test.
pub(crate) static AARCH64_HOST_V3: &IsaRows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("sign_return_address_all", Always),
    ("sign_return_address", Always),
    ("sign_return_address_with_bkey", Always),
    ("use_bti", Always),
];

/// s390x settings a wasmtime 3 to 20 running on s390x can test: Linux has
/// one bit for both.
static S390X_HOST_V3: &IsaRows = &[
    ("has_vxrs_ext2", Probe("vxrs_ext2")),
    ("has_mie2", Probe("vxrs_ext2")),
];

/// ISA flags of wasmtime 3 to 20: only the running architecture's
/// settings can be tested (riscv64 accepts every name but `not_a_flag`).
pub static ISA_V3: IsaFlagTable = IsaFlagTable {
    groups: &[],
    by_host_arch: &[
        ("x86_64", X86_64_HOST_V3),
        ("aarch64", AARCH64_HOST_V3),
        ("s390x", S390X_HOST_V3),
    ],
    riscv64_accepts_unknown: true,
    pointer_width_values: false,
    messages: &ISA_MESSAGES_V3,
};

/// ISA flags of wasmtime 21 to 24.
pub static ISA_V21: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V21, S390X_V21, X86_64_V21],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: false,
    messages: &ISA_MESSAGES_V21,
};

/// ISA flags of wasmtime 25 to 26.
pub static ISA_V25: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V21, X86_64_V21],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: false,
    messages: &ISA_MESSAGES_V21,
};

/// ISA flags of wasmtime 27.
pub static ISA_V27: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V21, X86_64_V27],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: false,
    messages: &ISA_MESSAGES_V21,
};

/// ISA flags of wasmtime 28.
pub static ISA_V28: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V21, X86_64_V27],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: true,
    messages: &ISA_MESSAGES_V21,
};

/// ISA flags of wasmtime 29 to 35.
pub static ISA_V29: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V21, X86_64_V27, PULLEY_V29],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: true,
    messages: &ISA_MESSAGES_V21,
};

/// ISA flags of wasmtime 36.
pub static ISA_V36: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V36, X86_64_V27, PULLEY_V29],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: true,
    messages: &ISA_MESSAGES_V21,
};

/// ISA flags of wasmtime 37 to 46.
pub static ISA_V37: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V25, S390X_V36, X86_64_V27, PULLEY_V29],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: true,
    messages: &ISA_MESSAGES_V37,
};

/// ISA flags of wasmtime 47.
pub static ISA_V47: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V47, S390X_V36, X86_64_V27, PULLEY_V29],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: true,
    messages: &ISA_MESSAGES_V37,
};

/// ISA flags of wasmtime 48 to 50.
pub static ISA_V48: IsaFlagTable = IsaFlagTable {
    groups: &[AARCH64_V48, S390X_V36, X86_64_V48, PULLEY_V29],
    by_host_arch: &[],
    riscv64_accepts_unknown: true,
    pointer_width_values: true,
    messages: &ISA_MESSAGES_V37,
};

#[cfg(test)]
mod tests {
    fn assert_unique<'a>(names: impl Iterator<Item = &'a str>) {
        let mut names: Vec<&str> = names.collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "a table names a flag twice");
    }

    #[test]
    fn every_table_names_each_flag_once() {
        for p in crate::profiles::ALL {
            use crate::profiles::{IsaFlagRules, Judged, SharedFlagRules};
            if let Judged::Table(SharedFlagRules::PerFlag(t)) = p.shared_flags {
                assert_unique(t.groups.iter().flat_map(|g| g.iter().map(|(n, _)| *n)));
            }
            if let Judged::Table(IsaFlagRules::PerFlag(t)) = p.isa_flags {
                assert_unique(t.groups.iter().flat_map(|g| g.iter().map(|(n, _)| *n)));
                for (_, rows) in t.by_host_arch {
                    assert_unique(rows.iter().map(|(n, _)| *n));
                }
            }
        }
    }
}
