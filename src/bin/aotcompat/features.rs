//! `--features LIST`: the host-feature names the probe knows, per
//! architecture, so that a typo (`sse41` for `sse4.1`) is an error rather
//! than a feature silently absent.

use crate::output::Failure;
use target_lexicon::Architecture;

/// The names wasmtime's ISA flags ask the probe about on `arch` (Rust
/// std's names), or `None` where any name is taken (architectures whose
/// flags wasmtime does not probe).
pub fn known(arch: Architecture) -> Option<&'static [&'static str]> {
    match arch {
        Architecture::X86_64 | Architecture::X86_64h => Some(&[
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
            "avxvnni",
        ]),
        Architecture::Aarch64(_) => Some(&["lse", "paca", "fp16", "dotprod", "i8mm"]),
        Architecture::S390x => Some(&["vxrs_ext2", "vxrs_ext3", "mie2", "mie3", "mie4"]),
        _ => None,
    }
}

/// Refuses a LIST that names a feature `arch` does not know (`?name`
/// entries included; `?*` is always fine), listing the known ones.
pub fn validate(list: &str, arch: Architecture) -> Result<(), Failure> {
    let Some(known) = known(arch) else {
        return Ok(());
    };
    let unknown: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty() && *e != "?*")
        .map(|e| e.strip_prefix('?').unwrap_or(e))
        .filter(|name| !known.contains(name))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    Err(Failure::usage(format!(
        "--features: unknown feature{} {} for {arch}; known: {}",
        if unknown.len() == 1 { "" } else { "s" },
        unknown
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
        known.join(",")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_are_refused_with_the_known_names() {
        let x86 = Architecture::X86_64;
        assert!(validate("sse3,sse4.1,?avx2,?*", x86).is_ok());
        assert!(validate("", x86).is_ok());
        let e = validate("sse41,avx2", x86).err().unwrap();
        let message = e.message.unwrap();
        assert!(
            message.starts_with("--features: unknown feature `sse41` for x86_64; known: sse3,"),
            "{message}"
        );
        assert!(validate(
            "anything",
            Architecture::Riscv64(target_lexicon::Riscv64Architecture::Riscv64)
        )
        .is_ok());
    }
}
