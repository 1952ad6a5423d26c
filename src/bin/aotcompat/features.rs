//! `--features LIST`: the host-feature names the probe knows, per
//! architecture, so that a typo (`sse41` for `sse4.1`) is an error rather
//! than a feature silently absent.

use crate::output::Failure;
use target_lexicon::Architecture;

/// Refuses a LIST that names a feature `arch` does not know (`?name`
/// entries included; `?*` is always fine), listing the known ones.
pub fn validate(list: &str, arch: Architecture) -> Result<(), Failure> {
    let Some(known) = aotcompat::host::probe_names(arch) else {
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
