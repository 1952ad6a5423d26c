use std::fmt;
use std::str::FromStr;

/// What an artifact holds: a core module or a component.
///
/// wasmtime marks the two in the ELF `e_flags` field and refuses to load one
/// as the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A core WebAssembly module (`e_flags` = 1).
    Module,
    /// A component (`e_flags` = 2).
    Component,
}

impl Kind {
    /// The `e_flags` bit that marks this kind.
    pub fn e_flags(self) -> u32 {
        match self {
            Kind::Module => super::EF_WASMTIME_MODULE,
            Kind::Component => super::EF_WASMTIME_COMPONENT,
        }
    }

    /// The lowercase name used in every interface: `module` or `component`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Component => "component",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Kind> {
        match s {
            "module" => Ok(Kind::Module),
            "component" => Ok(Kind::Component),
            other => {
                anyhow::bail!("unknown artifact kind `{other}`: expected `module` or `component`")
            }
        }
    }
}
