//! Host-feature probes: "is CPU feature X available on the machine that will
//! run this code?", answered yes, no or unknown.
//!
//! Probe names are Rust std's (`sse4.1`, `avx2`, `lse`, `paca`, ...), the
//! names wasmtime hands to `Config::detect_host_feature`.

mod fixed;
mod names;
mod native;

pub use fixed::FixedProbe;
pub use names::probe_names;
pub use native::NativeProbe;

use std::fmt;
use std::sync::Arc;

/// A probe supplied by the embedder: `Some(true)` yes, `Some(false)` no,
/// `None` unknown. It may be called from any thread.
pub type ProbeFn = dyn Fn(&str) -> Option<bool> + Send + Sync;

/// How an engine learns which CPU features the host has.
#[derive(Clone, Default)]
pub enum Probe {
    /// No probe at all: any ISA flag that needs one is reported as
    /// undeterminable (wasmtime without `detect_host_feature`).
    #[default]
    None,
    /// This machine's CPU, detected once per engine.
    Native(Arc<NativeProbe>),
    /// A fixed description of some machine (cross-host checks).
    Fixed(Arc<FixedProbe>),
    /// The embedder's own function.
    Custom(Arc<ProbeFn>),
}

impl Probe {
    /// A probe of the running machine's CPU.
    pub fn native() -> Probe {
        Probe::Native(Arc::new(NativeProbe::new()))
    }

    /// Whether every answer of this probe is the same whenever it is asked
    /// (all but the embedder's own function, which may count its calls or
    /// change its mind), so that an engine may ask it once.
    pub(crate) fn is_pure(&self) -> bool {
        !matches!(self, Probe::Custom(_))
    }

    /// Asks about `feature`: outer `None` means there is no probe to ask.
    pub fn detect(&self, feature: &str) -> Option<Option<bool>> {
        match self {
            Probe::None => None,
            Probe::Native(p) => Some(p.detect(feature)),
            Probe::Fixed(p) => Some(p.detect(feature)),
            Probe::Custom(f) => Some(f(feature)),
        }
    }
}

impl fmt::Debug for Probe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Probe::None => f.write_str("Probe::None"),
            Probe::Native(_) => f.write_str("Probe::Native"),
            Probe::Fixed(p) => write!(f, "Probe::Fixed({p:?})"),
            Probe::Custom(_) => f.write_str("Probe::Custom"),
        }
    }
}
