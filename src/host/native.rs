use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The running machine's CPU features, detected once and then answered from
/// a table, so a check costs no repeated `cpuid` or `getauxval`.
#[derive(Debug, Default)]
pub struct NativeProbe {
    table: OnceLock<BTreeMap<&'static str, bool>>,
}

impl NativeProbe {
    /// A probe that detects on first use.
    pub fn new() -> NativeProbe {
        NativeProbe::default()
    }

    /// The answer for `feature`: yes or no for the names this architecture
    /// can detect, unknown for every other name.
    pub fn detect(&self, feature: &str) -> Option<bool> {
        self.table.get_or_init(detect_all).get(feature).copied()
    }
}

#[cfg(target_arch = "x86_64")]
fn detect_all() -> BTreeMap<&'static str, bool> {
    macro_rules! table {
        ($($name:tt),*) => {
            BTreeMap::from([$(($name, std::arch::is_x86_feature_detected!($name))),*])
        };
    }
    super::names::x86_64_names!(table)
}

#[cfg(target_arch = "aarch64")]
fn detect_all() -> BTreeMap<&'static str, bool> {
    macro_rules! table {
        ($($name:tt),*) => {
            BTreeMap::from([$(($name, std::arch::is_aarch64_feature_detected!($name))),*])
        };
    }
    super::names::aarch64_names!(table)
}

#[cfg(all(target_arch = "s390x", target_os = "linux"))]
fn detect_all() -> BTreeMap<&'static str, bool> {
    // AT_HWCAP bit 15 is the vector-enhancements-2 facility (Linux
    // arch/s390/include/asm/elf.h). The kernel has no bit for
    // miscellaneous-instruction-extensions 2; both arrived with z15, so the
    // one bit answers for both, as Cranelift's own host detection does.
    const HWCAP_S390_VXRS_EXT2: libc::c_ulong = 1 << 15;
    // SAFETY: getauxval has no preconditions and only reads the auxiliary vector.
    let hwcap = unsafe { libc::getauxval(libc::AT_HWCAP) };
    let z15 = hwcap & HWCAP_S390_VXRS_EXT2 != 0;
    BTreeMap::from([("vxrs_ext2", z15), ("mie2", z15)])
}

#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    all(target_arch = "s390x", target_os = "linux")
)))]
fn detect_all() -> BTreeMap<&'static str, bool> {
    BTreeMap::new()
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    #[test]
    fn native_answers_known_names_only() {
        let p = super::NativeProbe::new();
        assert_eq!(
            p.detect("sse3"),
            Some(std::arch::is_x86_feature_detected!("sse3"))
        );
        assert_eq!(p.detect("lse"), None);
    }
}
