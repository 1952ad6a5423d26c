use super::{Elf, ElfRules, Input, Kind, Marks, ReadError, Scope};
use super::{EF_WASMTIME_COMPONENT, EF_WASMTIME_MODULE, ELFOSABI_WASMTIME};

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

    /// Whether `input` is a precompiled module, a component, or neither
    /// (`Engine::detect_precompiled`): a parse by `rules` (a whole-file
    /// one: `ContainerRule::detect_rules`), then the marks. Anything that
    /// does not parse is neither; only failing to read a file is an error.
    pub fn detect(self, input: Input<'_>, rules: ElfRules) -> std::io::Result<Option<Kind>> {
        debug_assert!(
            rules.scope != Scope::HeadersFirst,
            "detection parses the whole file"
        );
        match Elf::open(input, rules) {
            Ok(elf) => Ok(self.kind(elf.marks())),
            Err(ReadError::Format(_)) => Ok(None),
            Err(ReadError::Io(e)) => Err(e),
        }
    }
}
