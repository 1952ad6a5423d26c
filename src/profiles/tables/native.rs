//! What a default engine compiles with on a machine: the ISA flags
//! Cranelift's native detection turns on, one per CPU feature the probe
//! reports, in the compiler's order (read from real artifacts compiled on
//! such machines, and from cross-compiled default artifacts).

use crate::profiles::rules::IsaDefault::{self, Off, Probe};

type Rows = [(&'static str, IsaDefault)];

/// x86_64, wasmtime 27 to 47.
pub static X86_64_V27: &Rows = &[
    ("has_sse3", Probe("sse3")),
    ("has_ssse3", Probe("ssse3")),
    ("has_cmpxchg16b", Probe("cmpxchg16b")),
    ("has_sse41", Probe("sse4.1")),
    ("has_sse42", Probe("sse4.2")),
    ("has_avx", Probe("avx")),
    ("has_avx2", Probe("avx2")),
    ("has_fma", Probe("fma")),
    ("has_avx512bitalg", Probe("avx512bitalg")),
    ("has_avx512dq", Probe("avx512dq")),
    ("has_avx512vl", Probe("avx512vl")),
    ("has_avx512vbmi", Probe("avx512vbmi")),
    ("has_avx512f", Probe("avx512f")),
    ("has_popcnt", Probe("popcnt")),
    ("has_bmi1", Probe("bmi1")),
    ("has_bmi2", Probe("bmi2")),
    ("has_lzcnt", Probe("lzcnt")),
];

/// aarch64, wasmtime 25 to 46: pointer authentication and BTI stay off by
/// default.
pub static AARCH64_V25: &Rows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("has_fp16", Probe("fp16")),
    ("sign_return_address_all", Off),
    ("sign_return_address", Off),
    ("sign_return_address_with_bkey", Off),
    ("use_bti", Off),
];

/// s390x, wasmtime 21 to 35.
pub static S390X_V21: &Rows = &[
    ("has_mie2", Probe("mie2")),
    ("has_vxrs_ext2", Probe("vxrs_ext2")),
];

/// aarch64, wasmtime 44 (`use_csdb` added; read from a real 44
/// cross-compiled artifact).
pub static AARCH64_V44: &Rows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("has_fp16", Probe("fp16")),
    ("sign_return_address_all", Off),
    ("sign_return_address", Off),
    ("sign_return_address_with_bkey", Off),
    ("use_bti", Off),
    ("use_csdb", Off),
];

/// s390x, wasmtime 36 and later (in the compiler's order).
pub static S390X_V36: &Rows = &[
    ("has_mie3", Probe("mie3")),
    ("has_vxrs_ext2", Probe("vxrs_ext2")),
    ("has_mie4", Probe("mie4")),
    ("has_vxrs_ext3", Probe("vxrs_ext3")),
];

/// x86_64, wasmtime 50: AVX-VNNI and AVX512-VNNI (48) detected; APX never
/// turned on by detection (wasmtime's own check does not know it).
pub static X86_64_V50: &Rows = &[
    ("has_sse3", Probe("sse3")),
    ("has_ssse3", Probe("ssse3")),
    ("has_cmpxchg16b", Probe("cmpxchg16b")),
    ("has_sse41", Probe("sse4.1")),
    ("has_sse42", Probe("sse4.2")),
    ("has_avx", Probe("avx")),
    ("has_avx2", Probe("avx2")),
    ("has_fma", Probe("fma")),
    ("has_avx_vnni", Probe("avxvnni")),
    ("has_avx512bitalg", Probe("avx512bitalg")),
    ("has_avx512dq", Probe("avx512dq")),
    ("has_avx512vl", Probe("avx512vl")),
    ("has_avx512vbmi", Probe("avx512vbmi")),
    ("has_avx512f", Probe("avx512f")),
    ("has_avx512vnni", Probe("avx512vnni")),
    ("has_apx", Off),
    ("has_popcnt", Probe("popcnt")),
    ("has_bmi1", Probe("bmi1")),
    ("has_bmi2", Probe("bmi2")),
    ("has_lzcnt", Probe("lzcnt")),
];

/// aarch64, wasmtime 50 (`has_dotprod`, `has_i8mm`).
pub static AARCH64_V50: &Rows = &[
    ("has_lse", Probe("lse")),
    ("has_pauth", Probe("paca")),
    ("has_fp16", Probe("fp16")),
    ("has_dotprod", Probe("dotprod")),
    ("has_i8mm", Probe("i8mm")),
    ("sign_return_address_all", Off),
    ("sign_return_address", Off),
    ("sign_return_address_with_bkey", Off),
    ("use_bti", Off),
    ("use_csdb", Off),
];
