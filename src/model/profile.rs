use std::fmt;
use std::str::FromStr;

/// One wire layout plus one rule set.
///
/// Profiles are addressed by name in every interface (`wasmtime-31`), so a
/// C caller or a script never depends on an enum's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// wasmtime 31.0.0: the reference layout and rules.
    Wasmtime31,
}

impl Profile {
    /// Every built-in profile, newest first (the order `--profile` guessing
    /// tries them in).
    pub const ALL: &'static [Profile] = &[Profile::Wasmtime31];

    /// The profile's name, as written on the command line and in C.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Wasmtime31 => "wasmtime-31",
        }
    }

    /// The version string the profile's engine writes under the
    /// WasmtimeVersion strategy.
    pub fn wasmtime_version(self) -> &'static str {
        match self {
            Profile::Wasmtime31 => "31.0.0",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> anyhow::Result<Profile> {
        Profile::ALL
            .iter()
            .copied()
            .find(|p| p.name() == s)
            .ok_or_else(|| {
                let known: Vec<_> = Profile::ALL.iter().map(|p| p.name()).collect();
                anyhow::anyhow!(
                    "unknown profile `{s}`: known profiles are {}",
                    known.join(", ")
                )
            })
    }
}
