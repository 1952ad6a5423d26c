//! The CPU feature names wasmtime's ISA flags ask a probe about, per
//! architecture: one list, which the native probe detects (x86_64 and
//! aarch64 through Rust std's detection macros, which take the names as
//! literals, hence the lists as macros) and which the command checks a
//! `--features` list against.

/// Calls `$then!` with the x86_64 names.
macro_rules! x86_64_names {
    ($then:ident) => {
        $then!(
            "sse3",
            "ssse3",
            "sse4.1",
            "sse4.2",
            "popcnt",
            "avx",
            "avx2",
            "fma",
            "bmi1",
            "bmi2",
            "lzcnt",
            "cmpxchg16b",
            "avx512bitalg",
            "avx512dq",
            "avx512f",
            "avx512vl",
            "avx512vbmi",
            "avx512vnni",
            "avxvnni"
        )
    };
}

/// Calls `$then!` with the aarch64 names.
macro_rules! aarch64_names {
    ($then:ident) => {
        $then!("lse", "paca", "fp16", "dotprod", "i8mm")
    };
}

// The native probe uses each only when built for its architecture.
#[allow(unused_imports)]
pub(crate) use {aarch64_names, x86_64_names};

use target_lexicon::Architecture;

macro_rules! slice {
    ($($name:literal),*) => {
        &[$($name),*]
    };
}

/// The names wasmtime's ISA flags ask the probe about on `arch` (Rust
/// std's names), or `None` for architectures whose flags wasmtime does not
/// probe (any name is then taken as given).
pub fn probe_names(arch: Architecture) -> Option<&'static [&'static str]> {
    match arch {
        Architecture::X86_64 | Architecture::X86_64h => Some(x86_64_names!(slice)),
        Architecture::Aarch64(_) => Some(aarch64_names!(slice)),
        Architecture::S390x => Some(&["vxrs_ext2", "vxrs_ext3", "mie2", "mie3", "mie4"]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::probe_names;
    use crate::host::NativeProbe;

    /// On x86_64 and aarch64 the native probe answers yes or no for every
    /// name of its architecture's list, and unknown for others.
    #[test]
    fn the_native_probe_detects_exactly_the_listed_names() {
        if !cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
            return;
        }
        let names = probe_names(target_lexicon::HOST.architecture).expect("a probed architecture");
        let probe = NativeProbe::new();
        for name in names {
            assert!(probe.detect(name).is_some(), "{name}");
        }
        assert_eq!(probe.detect("not-a-feature"), None);
    }
}
