use super::{Features, FlagValue, Tunables};
use serde::{Deserialize, Serialize};

/// Everything an engine section says about how an artifact was compiled.
///
/// Field order is the wasmtime-31 wire order (postcard encodes a struct as
/// its fields in declaration order), so `layout` can encode this type as is.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Metadata {
    /// The target triple, as the compiler printed it (`x86_64-unknown-linux-gnu`).
    pub target: String,
    /// Cranelift's shared (target-independent) settings, in compiler order.
    pub shared_flags: Vec<(String, FlagValue)>,
    /// Cranelift's ISA (CPU feature) settings, in compiler order.
    pub isa_flags: Vec<(String, FlagValue)>,
    /// Engine-wide code generation settings.
    pub tunables: Tunables,
    /// Enabled WebAssembly proposals.
    pub features: Features,
}

impl Metadata {
    /// The value of shared flag `name`, if the artifact lists it.
    pub fn shared_flag(&self, name: &str) -> Option<&FlagValue> {
        lookup(&self.shared_flags, name)
    }

    /// The value of ISA flag `name`, if the artifact lists it.
    pub fn isa_flag(&self, name: &str) -> Option<&FlagValue> {
        lookup(&self.isa_flags, name)
    }
}

fn lookup<'a>(flags: &'a [(String, FlagValue)], name: &str) -> Option<&'a FlagValue> {
    flags.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}
