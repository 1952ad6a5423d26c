use std::fmt;

/// Which part of an artifact a mismatch is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// The ELF container, its marks or the engine section framing.
    Container,
    /// The engine section's version string.
    Version,
    /// The metadata could not be decoded with the profile's layout.
    Decode,
    /// The target triple.
    Triple,
    /// A shared (target-independent) compiler setting.
    SharedFlag,
    /// An ISA (CPU feature) setting.
    IsaFlag,
    /// An engine tunable.
    Tunable,
    /// A WebAssembly feature.
    Feature,
}

impl Category {
    /// The name used in JSON and in C: `container`, `shared-flag`, ...
    pub fn name(self) -> &'static str {
        match self {
            Category::Container => "container",
            Category::Version => "version",
            Category::Decode => "decode",
            Category::Triple => "triple",
            Category::SharedFlag => "shared-flag",
            Category::IsaFlag => "isa-flag",
            Category::Tunable => "tunable",
            Category::Feature => "feature",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One reason the host cannot load the artifact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// What kind of setting differs.
    pub category: Category,
    /// The setting's name as wasmtime names it (`epoch_interruption`,
    /// `has_avx2`, `simd`, `e_flags`, ...).
    pub field: String,
    /// The artifact's value, as text (empty when it has none).
    pub artifact: String,
    /// What the host has or needs, as text (empty when not applicable).
    pub host: String,
    /// wasmtime's message for this mismatch, chained as `outer: cause`.
    pub message: String,
}

/// The outcome of a check: compatible, or the mismatches found.
///
/// In parity mode a report holds at most one mismatch, the one wasmtime
/// reports; in full mode it holds every mismatch, and the first is still
/// the parity one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub(crate) mismatches: Vec<Mismatch>,
}

impl Report {
    /// Whether the host can load the artifact.
    pub fn is_compatible(&self) -> bool {
        self.mismatches.is_empty()
    }

    /// The message wasmtime would give, or `None` when compatible.
    pub fn message(&self) -> Option<&str> {
        self.mismatches.first().map(|m| m.message.as_str())
    }

    /// Every mismatch found, parity mismatch first.
    pub fn mismatches(&self) -> &[Mismatch] {
        &self.mismatches
    }
}
