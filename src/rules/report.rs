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

/// What a host-feature probe answered when a mismatch depends on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProbeAnswer {
    /// The host does not have the feature.
    No,
    /// The probe cannot tell.
    Unknown,
    /// The engine has no probe to ask.
    NoProbe,
}

impl ProbeAnswer {
    /// The name used in JSON: `no`, `unknown`, `no-probe`.
    pub fn name(self) -> &'static str {
        match self {
            ProbeAnswer::No => "no",
            ProbeAnswer::Unknown => "unknown",
            ProbeAnswer::NoProbe => "no-probe",
        }
    }
}

/// The host feature a mismatch asked the probe about, and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProbeQuery {
    /// The host feature's name, as Rust's std names it (`avx2`, `lse`).
    pub feature: String,
    /// What the probe said.
    pub answer: ProbeAnswer,
}

/// One reason the host cannot load the artifact.
///
/// Values are printed as the metadata prints them: a flag's bare value
/// (`true`, `12`, `speed`), a tunable as `value_text` writes it, a feature
/// as `true`/`false`; wasmtime's own `Debug` forms appear only inside
/// `message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// What kind of setting differs.
    pub category: Category,
    /// The setting's name as wasmtime names it (`epoch_interruption`,
    /// `has_avx2`, `simd`, `e_flags`, ...).
    pub field: String,
    /// The artifact's value, as text (empty when it has none).
    pub artifact: String,
    /// What the host has or needs, as text (empty when not applicable,
    /// and when the verdict is the probe's: see `probe`).
    pub host: String,
    /// The probe's answer, when the mismatch is that a host feature the
    /// artifact needs is not known to be there.
    pub probe: Option<ProbeQuery>,
    /// wasmtime's message for this mismatch, chained as `outer: cause`.
    pub message: String,
}

/// A setting in which an artifact is weaker than the host engine's own
/// compile: a CPU feature its code leaves unused, a lower optimisation
/// level, debug information or instrumentation the host engine would not
/// add. Advice never changes the verdict; it comes alongside any mismatch
/// about other settings, and for an artifact that loads it is all the
/// report has to say.
///
/// Values are printed as in [`Mismatch`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Advice {
    /// What kind of setting it is: [`Category::IsaFlag`],
    /// [`Category::SharedFlag`] or [`Category::Tunable`].
    pub category: Category,
    /// The setting's name as the profile names it (`has_avx2`,
    /// `opt_level`, `generate_address_map`).
    pub field: String,
    /// The artifact's value, as text (empty when it does not have the
    /// setting).
    pub artifact: String,
    /// The host engine's value, as text.
    pub host: String,
    /// What is weaker and why it matters, in one line.
    pub message: String,
}

/// The outcome of a check: compatible, or the mismatches found.
///
/// In parity mode a report holds at most one mismatch, the one wasmtime
/// reports; in full mode it holds every mismatch, and the first is still
/// the parity one.
///
/// Notes say what the check could not judge; they never change the
/// verdict. No profile leaves anything unjudged today (the compiled module
/// of a wasmtime 0.26 to 0.29 artifact, once noted as not verified, is now
/// walked as wasmtime decodes it), so the list is empty; it stays in the
/// API, the C ABI and the command's JSON.
///
/// Advice says where an artifact is weaker than what the host engine
/// would compile itself ([`Report::advice`]); it never changes the verdict
/// either. A full check ([`Mode::All`](super::Mode::All)) gives it
/// whenever the metadata was decoded and its target accepted; a parity
/// check, the runtime's hot path, gives none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub(crate) mismatches: Vec<Mismatch>,
    pub(crate) notes: Vec<String>,
    pub(crate) advice: Vec<Advice>,
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

    /// What the check could not judge, if anything.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Where the artifact is weaker than the host engine's own compile, in
    /// check order (shared flags, ISA flags, tunables); empty when it is
    /// not, when the check stopped before the settings, and from a parity
    /// check.
    pub fn advice(&self) -> &[Advice] {
        &self.advice
    }
}
