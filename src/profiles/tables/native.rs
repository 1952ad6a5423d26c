//! What a default engine compiles with on a machine: the ISA flags
//! Cranelift's native detection turns on, one per CPU feature the probe
//! reports, in the compiler's order.
//!
//! The x86_64 rows of every major are proven by the fixtures: each has a
//! `native-detected-module` compiled by the real wasmtime on a recorded
//! CPU, and the replay builds the same metadata from these rows and that
//! CPU. The aarch64 and s390x rows are read from real cross-compiled
//! artifacts of 31, 44 and 50 (names and order) and from Cranelift's
//! detection code for the releases between; no wheel cross-compiles, so
//! before the first row of an architecture below, a profile has no native
//! list for it (a native engine there has no ISA flags).

use crate::profiles::rules::IsaDefault::{self, Off, Probe};

type Rows = [(&'static str, IsaDefault)];

/// The rows of every architecture, for the profile values.
type ByArch = [(&'static str, &'static Rows)];

/// wasmtime 3 to 14.
pub static BY_ARCH_V3: &ByArch = &[("x86_64", X86_64_V3)];
/// wasmtime 15 to 20.
pub static BY_ARCH_V15: &ByArch = &[("x86_64", X86_64_V15)];
/// wasmtime 21 to 24.
pub static BY_ARCH_V21: &ByArch = &[("x86_64", X86_64_V15), ("s390x", S390X_V21)];
/// wasmtime 25 to 26.
pub static BY_ARCH_V25: &ByArch = &[
    ("x86_64", X86_64_V15),
    ("aarch64", AARCH64_V25),
    ("s390x", S390X_V21),
];
/// wasmtime 27 to 35.
pub static BY_ARCH_V27: &ByArch = &[
    ("x86_64", X86_64_V27),
    ("aarch64", AARCH64_V25),
    ("s390x", S390X_V21),
];
/// wasmtime 36 to 43.
pub static BY_ARCH_V36: &ByArch = &[
    ("x86_64", X86_64_V27),
    ("aarch64", AARCH64_V25),
    ("s390x", S390X_V36),
];
/// wasmtime 44 to 47.
pub static BY_ARCH_V44: &ByArch = &[
    ("x86_64", X86_64_V27),
    ("aarch64", AARCH64_V44),
    ("s390x", S390X_V36),
];
/// wasmtime 48 to 49.
pub static BY_ARCH_V48: &ByArch = &[
    ("x86_64", X86_64_V48),
    ("aarch64", AARCH64_V44),
    ("s390x", S390X_V36),
];
/// wasmtime 50.
pub static BY_ARCH_V50: &ByArch = &[
    ("x86_64", X86_64_V50),
    ("aarch64", AARCH64_V50),
    ("s390x", S390X_V36),
];

/// x86_64, wasmtime 3 to 14: the flags kept sorted by name (a `BTreeMap`).
pub static X86_64_V3: &Rows = &[
    ("has_avx", Probe("avx")),
    ("has_avx2", Probe("avx2")),
    ("has_avx512bitalg", Probe("avx512bitalg")),
    ("has_avx512dq", Probe("avx512dq")),
    ("has_avx512f", Probe("avx512f")),
    ("has_avx512vbmi", Probe("avx512vbmi")),
    ("has_avx512vl", Probe("avx512vl")),
    ("has_bmi1", Probe("bmi1")),
    ("has_bmi2", Probe("bmi2")),
    ("has_fma", Probe("fma")),
    ("has_lzcnt", Probe("lzcnt")),
    ("has_popcnt", Probe("popcnt")),
    ("has_sse3", Probe("sse3")),
    ("has_sse41", Probe("sse4.1")),
    ("has_sse42", Probe("sse4.2")),
    ("has_ssse3", Probe("ssse3")),
];

/// x86_64, wasmtime 15 to 26: the compiler's order, no `has_cmpxchg16b`
/// yet.
pub static X86_64_V15: &Rows = &[
    ("has_sse3", Probe("sse3")),
    ("has_ssse3", Probe("ssse3")),
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

/// x86_64, wasmtime 27 to 47 (`has_cmpxchg16b` added).
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

/// x86_64, wasmtime 48 to 49: AVX-VNNI and AVX512-VNNI detected.
pub static X86_64_V48: &Rows = &[
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
    ("has_popcnt", Probe("popcnt")),
    ("has_bmi1", Probe("bmi1")),
    ("has_bmi2", Probe("bmi2")),
    ("has_lzcnt", Probe("lzcnt")),
];

/// x86_64, wasmtime 50: as 48, plus APX, never
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
