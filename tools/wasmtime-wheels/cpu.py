"""The generating machine's x86 features, under the names Rust's
`is_x86_feature_detected!` uses (the names wasmtime's ISA-flag check asks
its probe about), in the order the crate-made 44 and 50 manifests use."""

# Rust std name -> the flag /proc/cpuinfo shows for it.
RUST_TO_CPUINFO = [
    ("sse3", "pni"),
    ("ssse3", "ssse3"),
    ("sse4.1", "sse4_1"),
    ("sse4.2", "sse4_2"),
    ("popcnt", "popcnt"),
    ("avx", "avx"),
    ("avx2", "avx2"),
    ("fma", "fma"),
    ("bmi1", "bmi1"),
    ("bmi2", "bmi2"),
    ("lzcnt", "abm"),
    ("cmpxchg16b", "cx16"),
    ("avx512f", "avx512f"),
    ("avx512dq", "avx512dq"),
    ("avx512vl", "avx512vl"),
    ("avx512bitalg", "avx512_bitalg"),
    ("avx512vbmi", "avx512vbmi"),
    ("avxvnni", "avx_vnni"),
    ("avx512vnni", "avx512_vnni"),
]


def cpuinfo_flags(path="/proc/cpuinfo"):
    with open(path) as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    raise RuntimeError(f"no flags line in {path}")


def generating_cpu():
    flags = cpuinfo_flags()
    return [rust for rust, name in RUST_TO_CPUINFO if name in flags]
