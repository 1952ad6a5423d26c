use super::{parse_elf, Kind, Marks, EF_WASMTIME_COMPONENT, EF_WASMTIME_MODULE, ELFOSABI_WASMTIME};
use std::fs::File;
use std::path::Path;

/// How `Engine::detect_precompiled` reads an ELF file's marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetectRule {
    /// OS ABI 200, ABI version 0, and `e_flags` exactly 1 (module) or 2
    /// (component): wasmtime 3 to 42.
    Exact,
    /// OS ABI 200, ABI version 0, and the module bit set in `e_flags`
    /// (else the component bit): wasmtime 43 and later, whose Pulley
    /// artifacts carry more bits.
    KindBit,
}

impl DetectRule {
    /// What `marks` say the file holds under this rule.
    pub fn kind(self, m: Marks) -> Option<Kind> {
        if m.os_abi != ELFOSABI_WASMTIME || m.abi_version != 0 {
            return None;
        }
        match self {
            DetectRule::Exact => match m.e_flags {
                EF_WASMTIME_MODULE => Some(Kind::Module),
                EF_WASMTIME_COMPONENT => Some(Kind::Component),
                _ => None,
            },
            DetectRule::KindBit if m.e_flags & EF_WASMTIME_MODULE != 0 => Some(Kind::Module),
            DetectRule::KindBit if m.e_flags & EF_WASMTIME_COMPONENT != 0 => Some(Kind::Component),
            DetectRule::KindBit => None,
        }
    }

    /// Whether `bytes` is a precompiled module, a component, or neither
    /// (`Engine::detect_precompiled`). Anything that is not a well-formed
    /// ELF64 file is neither.
    pub fn detect(self, bytes: &[u8]) -> Option<Kind> {
        parse_elf(bytes)
            .ok()
            .and_then(|elf| self.kind(super::marks(&elf)))
    }

    /// [`DetectRule::detect`] for a file, reading only its headers and
    /// section table (the file is never mapped, so one truncated under us
    /// is an error, not a SIGBUS). An I/O error opening the file is
    /// returned as such; a file that cannot be parsed is simply not an
    /// artifact.
    pub fn detect_file(self, path: &Path) -> std::io::Result<Option<Kind>> {
        let cache = object::ReadCache::new(File::open(path)?);
        Ok(parse_elf(&cache)
            .ok()
            .and_then(|elf| self.kind(super::marks(&elf))))
    }
}
