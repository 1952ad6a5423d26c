//! The vocabulary of every version's spec table: artifact specs, host specs,
//! deterministic `detect_host_feature` probes and version strategies.
//!
//! Included with `#[path]` by each generator crate, so `wasmtime` here is
//! whichever release that crate depends on; only `Config` calls that exist
//! unchanged in every supported release belong in this file.

use anyhow::Result;
use serde_json::{json, Value};
use wasmtime::{Config, ModuleVersionStrategy};

/// The triple every host engine (and the non-cross artifacts) targets.
pub const HOST_TRIPLE: &str = "x86_64-unknown-linux-gnu";

/// The core module compiled for every module artifact and host file.
pub const MODULE_WAT: &str = r#"(module
  (memory (export "memory") 1)
  (table 1 funcref)
  (global $counter (mut i32) (i32.const 0))
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (elem (i32.const 0) $add))
"#;

/// The component compiled for every component artifact.
pub const COMPONENT_WAT: &str = r#"(component
  (core module $m
    (func (export "double") (param i32) (result i32)
      local.get 0
      local.get 0
      i32.add))
  (core instance $i (instantiate $m))
  (func (export "double") (param "x" u32) (result u32)
    (canon lift (core func $i "double"))))
"#;

pub type Configure = Box<dyn Fn(&mut Config) -> Result<()>>;

/// What `Config::target` is set to for an artifact.
#[derive(Clone, Copy)]
pub enum Target {
    /// `Config::target(HOST_TRIPLE)`: no CPU-feature inference, so the ISA
    /// flags are cranelift's baseline plus whatever the spec enables. This
    /// keeps the artifact identical on every machine.
    HostTriple,
    /// No `Config::target` call: cranelift infers the ISA flags from the CPU
    /// of the machine running the generator.
    Native,
    Cross(&'static str),
}

pub struct ArtifactSpec {
    /// Artifacts are named `<name>-module` and `<name>-component`.
    pub name: &'static str,
    pub description: &'static str,
    pub target: Target,
    pub component: bool,
    pub configure: Configure,
}

impl ArtifactSpec {
    pub fn config(&self) -> Result<Config> {
        let mut c = Config::new();
        match self.target {
            Target::HostTriple => {
                c.target(HOST_TRIPLE)?;
            }
            Target::Native => {}
            Target::Cross(t) => {
                c.target(t)?;
            }
        }
        (self.configure)(&mut c)?;
        Ok(c)
    }
}

pub fn art(
    name: &'static str,
    description: &'static str,
    f: impl Fn(&mut Config) -> Result<()> + 'static,
) -> ArtifactSpec {
    ArtifactSpec {
        name,
        description,
        target: Target::HostTriple,
        component: false,
        configure: Box::new(f),
    }
}

impl ArtifactSpec {
    pub fn with_component(mut self) -> Self {
        self.component = true;
        self
    }
    pub fn target(mut self, t: &'static str) -> Self {
        self.target = Target::Cross(t);
        self
    }
    pub fn native(mut self) -> Self {
        self.target = Target::Native;
        self
    }
}

pub fn enable(c: &mut Config, flag: &str) {
    // SAFETY: only used to produce artifacts and to model hosts; artifacts
    // compiled with flags the machine lacks are never executed (wasmtime's
    // own compatibility check refuses them, which is what is recorded).
    unsafe {
        c.cranelift_flag_enable(flag);
    }
}

pub fn set(c: &mut Config, name: &str, value: &str) {
    // SAFETY: see `enable`.
    unsafe {
        c.cranelift_flag_set(name, value);
    }
}

pub fn ok() -> Result<()> {
    Ok(())
}

// ---------------------------------------------------------------------------
// Hosts

/// A deterministic `detect_host_feature` answer table.
pub struct Probe {
    pub yes: &'static [&'static str],
    pub unknown: &'static [&'static str],
    pub unknown_default: bool,
}

impl Probe {
    pub fn answer(&self, feature: &str) -> Option<bool> {
        if self.yes.contains(&feature) {
            Some(true)
        } else if self.unknown.contains(&feature) || self.unknown_default {
            None
        } else {
            Some(false)
        }
    }

    pub fn to_json(&self) -> Value {
        json!({"yes": self.yes, "unknown": self.unknown, "unknown_default": self.unknown_default})
    }
}

const COMMON: &[&str] = &[
    "sse3",
    "ssse3",
    "sse4.1",
    "sse4.2",
    "popcnt",
    "avx",
    "avx2",
    "fma",
    "bmi1",
    "bmi2",
    "lzcnt",
    "cmpxchg16b",
];
const COMMON_AVX512: &[&str] = &[
    "sse3",
    "ssse3",
    "sse4.1",
    "sse4.2",
    "popcnt",
    "avx",
    "avx2",
    "fma",
    "bmi1",
    "bmi2",
    "lzcnt",
    "cmpxchg16b",
    "avx512f",
    "avx512dq",
    "avx512vl",
    "avx512bitalg",
    "avx512vbmi",
];
const MINIMAL: &[&str] = &["sse3", "ssse3", "sse4.1", "sse4.2", "popcnt", "cmpxchg16b"];

pub static PROBE_COMMON: Probe = Probe {
    yes: COMMON,
    unknown: &[],
    unknown_default: false,
};
pub static PROBE_AVX512F_UNKNOWN: Probe = Probe {
    yes: COMMON,
    unknown: &["avx512f"],
    unknown_default: false,
};
pub static PROBE_UNKNOWN_DEFAULT: Probe = Probe {
    yes: COMMON,
    unknown: &[],
    unknown_default: true,
};
pub static PROBE_MINIMAL: Probe = Probe {
    yes: MINIMAL,
    unknown: &[],
    unknown_default: false,
};
pub static PROBE_AVX512: Probe = Probe {
    yes: COMMON_AVX512,
    unknown: &[],
    unknown_default: false,
};

// `Config::detect_host_feature` takes a plain `fn`, hence one per table.
pub fn probe_common(f: &str) -> Option<bool> {
    PROBE_COMMON.answer(f)
}
pub fn probe_avx512f_unknown(f: &str) -> Option<bool> {
    PROBE_AVX512F_UNKNOWN.answer(f)
}
pub fn probe_unknown_default(f: &str) -> Option<bool> {
    PROBE_UNKNOWN_DEFAULT.answer(f)
}
pub fn probe_minimal(f: &str) -> Option<bool> {
    PROBE_MINIMAL.answer(f)
}
pub fn probe_avx512(f: &str) -> Option<bool> {
    PROBE_AVX512.answer(f)
}

/// The cranelift x86_64 ISA flag matching a host feature name.
fn cranelift_flag_for(feature: &str) -> Option<&'static str> {
    Some(match feature {
        "sse3" => "has_sse3",
        "ssse3" => "has_ssse3",
        "sse4.1" => "has_sse41",
        "sse4.2" => "has_sse42",
        "popcnt" => "has_popcnt",
        "avx" => "has_avx",
        "avx2" => "has_avx2",
        "fma" => "has_fma",
        "bmi1" => "has_bmi1",
        "bmi2" => "has_bmi2",
        "lzcnt" => "has_lzcnt",
        "cmpxchg16b" => "has_cmpxchg16b",
        "avx512f" => "has_avx512f",
        "avx512dq" => "has_avx512dq",
        "avx512vl" => "has_avx512vl",
        "avx512bitalg" => "has_avx512bitalg",
        "avx512vbmi" => "has_avx512vbmi",
        // Only known to cranelift from wasmtime 48 on.
        "avxvnni" => "has_avx_vnni",
        "avx512vnni" => "has_avx512vnni",
        _ => return None,
    })
}

#[derive(Clone, Copy)]
pub enum Version {
    Wasmtime,
    None,
    Custom(&'static str),
}

impl Version {
    pub fn to_json(self) -> Value {
        match self {
            Version::Wasmtime => json!("wasmtime"),
            Version::None => json!("none"),
            Version::Custom(v) => json!({ "custom": v }),
        }
    }
}

pub struct HostSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub probe: &'static Probe,
    pub probe_fn: fn(&str) -> Option<bool>,
    pub version: Version,
    /// Whether the engine passes wasmtime's own check of its settings
    /// against its probe (run first by every load from wasmtime 37 on). A
    /// host that does not refuses every input, including its own file.
    pub native_ok: bool,
    pub configure: Configure,
}

impl HostSpec {
    /// The host engine's config: native triple, ISA flags = exactly the
    /// cranelift flags matching the probe's `yes` list (so the host file is
    /// the same on every machine and loads on its own engine), the probe, the
    /// version strategy and the spec's own settings.
    pub fn config(&self) -> Result<Config> {
        let mut c = Config::new();
        c.target(HOST_TRIPLE)?;
        for f in self.probe.yes {
            if let Some(flag) = cranelift_flag_for(f) {
                enable(&mut c, flag);
            }
        }
        // SAFETY: the probe only answers; verdicts are computed by wasmtime.
        unsafe {
            c.detect_host_feature(self.probe_fn);
        }
        c.module_version(match self.version {
            Version::Wasmtime => ModuleVersionStrategy::WasmtimeVersion,
            Version::None => ModuleVersionStrategy::None,
            Version::Custom(v) => ModuleVersionStrategy::Custom(v.to_string()),
        })?;
        (self.configure)(&mut c)?;
        Ok(c)
    }
}

pub fn host(
    name: &'static str,
    description: &'static str,
    f: impl Fn(&mut Config) -> Result<()> + 'static,
) -> HostSpec {
    HostSpec {
        name,
        description,
        probe: &PROBE_COMMON,
        probe_fn: probe_common,
        version: Version::Wasmtime,
        native_ok: true,
        configure: Box::new(f),
    }
}

impl HostSpec {
    pub fn probe(mut self, p: &'static Probe, f: fn(&str) -> Option<bool>) -> Self {
        self.probe = p;
        self.probe_fn = f;
        self
    }
    pub fn version(mut self, v: Version) -> Self {
        self.version = v;
        self
    }
    /// Marks a host whose own settings fail its probe.
    pub fn fails_native_check(mut self) -> Self {
        self.native_ok = false;
        self
    }
}
