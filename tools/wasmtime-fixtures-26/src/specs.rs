//! The wasmtime 26 matrix: which configurations are compiled into artifacts,
//! and which configurations act as host engines.
//!
//! It mirrors the wheel-made neighbours (`tests/fixtures/wasmtime-25` and
//! `-27`, `tools/wasmtime-wheels/matrix.py`) row by row, with the `Config`
//! calls of the 26 crate for what the wheels set through their Python or C
//! API, and adds what only the crate can make: version strategies (custom and
//! none; the C API has no `module_version`), a build without the `gc` cargo
//! feature, and `signals_based_traps(false)` (the tunable 26 introduced).

use anyhow::Result;
#[cfg(feature = "gc")]
use wasmtime::OptLevel;
use wasmtime::{Config, ModuleVersionStrategy};

/// The triple every host engine (and every artifact but the native one)
/// targets: with an explicit target, cranelift does not infer ISA flags from
/// the CPU, so the files carry its baseline flags on every machine.
pub const HOST_TRIPLE: &str = "x86_64-unknown-linux-gnu";

/// The core module compiled for every artifact and host file (the one of
/// `tests/fixtures/wasmtime-31/README.md`, as for the wheel-made fixtures).
/// Given as text: wasmtime's `wat` feature parses it.
pub const MODULE_WAT: &str = r#"(module
  (memory (export "memory") 1)
  (table 1 funcref)
  (global $counter (mut i32) (i32.const 0))
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (elem (i32.const 0) $add))"#;

const BASELINE: &str = "; target x86_64-unknown-linux-gnu (baseline ISA flags)";
const MIB: u64 = 1 << 20;

pub type Configure = Box<dyn Fn(&mut Config) -> Result<()>>;

pub struct ArtifactSpec {
    /// The artifact is called `<name>-module`.
    pub name: &'static str,
    pub description: String,
    /// No `Config::target`: ISA flags inferred from this machine's CPU.
    pub native: bool,
    pub configure: Configure,
}

impl ArtifactSpec {
    pub fn config(&self) -> Result<Config> {
        let mut c = Config::new();
        if !self.native {
            c.target(HOST_TRIPLE)?;
        }
        (self.configure)(&mut c)?;
        Ok(c)
    }
}

fn art(
    name: &'static str,
    settings: &str,
    f: impl Fn(&mut Config) -> Result<()> + 'static,
) -> ArtifactSpec {
    ArtifactSpec {
        name,
        description: format!("{settings}{BASELINE}"),
        native: false,
        configure: Box::new(f),
    }
}

#[derive(Clone, Copy)]
pub enum Version {
    Wasmtime,
    None,
    Custom(&'static str),
}

impl Version {
    pub fn to_json(self) -> serde_json::Value {
        match self {
            Version::Wasmtime => serde_json::json!("wasmtime"),
            Version::None => serde_json::json!("none"),
            Version::Custom(v) => serde_json::json!({ "custom": v }),
        }
    }
    fn strategy(self) -> ModuleVersionStrategy {
        match self {
            Version::Wasmtime => ModuleVersionStrategy::WasmtimeVersion,
            Version::None => ModuleVersionStrategy::None,
            Version::Custom(v) => ModuleVersionStrategy::Custom(v.to_string()),
        }
    }
}

/// A host engine. Its probe is wasmtime's own default
/// (`std::is_x86_feature_detected!` on the generating machine: no
/// `Config::detect_host_feature` call), as for the wheels' engines; its own
/// ISA flags are cranelift's baseline (explicit target).
pub struct HostSpec {
    pub name: &'static str,
    pub description: String,
    pub version: Version,
    pub configure: Configure,
}

impl HostSpec {
    pub fn config(&self) -> Result<Config> {
        let mut c = Config::new();
        c.target(HOST_TRIPLE)?;
        c.module_version(self.version.strategy())?;
        (self.configure)(&mut c)?;
        Ok(c)
    }
}

fn host(
    name: &'static str,
    settings: &str,
    f: impl Fn(&mut Config) -> Result<()> + 'static,
) -> HostSpec {
    HostSpec {
        name,
        description: format!("{settings}{BASELINE}"),
        version: Version::Wasmtime,
        configure: Box::new(f),
    }
}

fn ok() -> Result<()> {
    Ok(())
}

fn simd_off(c: &mut Config) {
    // Relaxed SIMD requires SIMD.
    c.wasm_relaxed_simd(false).wasm_simd(false);
}

/// Reference types off, and what requires them (the setters exist only with
/// the `gc` cargo feature in 26).
#[cfg(feature = "gc")]
fn reference_types_off(c: &mut Config) {
    c.wasm_gc(false)
        .wasm_function_references(false)
        .wasm_reference_types(false);
}

fn version_none(c: &mut Config) -> Result<()> {
    c.module_version(ModuleVersionStrategy::None)?;
    Ok(())
}

/// The artifacts of the gc build (the default one).
#[cfg(feature = "gc")]
pub fn artifacts() -> Vec<ArtifactSpec> {
    vec![
        art("default", "Config::new()", |_| ok()),
        ArtifactSpec {
            name: "native-detected",
            description: "Config::new() without Config::target: ISA flags detected on the generating machine's CPU (machine dependent! see generating_cpu)".into(),
            native: true,
            configure: Box::new(|_| ok()),
        },
        art("simd-off", "wasm_simd(false) + wasm_relaxed_simd(false)", |c| {
            simd_off(c);
            ok()
        }),
        art("relaxed-simd-deterministic", "relaxed_simd_deterministic(true)", |c| {
            c.relaxed_simd_deterministic(true);
            ok()
        }),
        art("threads-on", "wasm_threads(true)", |c| {
            c.wasm_threads(true);
            ok()
        }),
        art("threads-off", "wasm_threads(false)", |c| {
            c.wasm_threads(false);
            ok()
        }),
        art("reference-types-off", "wasm_reference_types(false) + wasm_function_references(false) + wasm_gc(false)", |c| {
            reference_types_off(c);
            ok()
        }),
        art("bulk-memory-off", "wasm_bulk_memory(false) with reference types (+ function references, GC) and threads off (both require bulk memory)", |c| {
            reference_types_off(c);
            c.wasm_threads(false).wasm_bulk_memory(false);
            ok()
        }),
        art("multi-value-off", "wasm_multi_value(false)", |c| {
            c.wasm_multi_value(false);
            ok()
        }),
        art("multi-memory-on", "wasm_multi_memory(true)", |c| {
            c.wasm_multi_memory(true);
            ok()
        }),
        art("memory64-on", "wasm_memory64(true)", |c| {
            c.wasm_memory64(true);
            ok()
        }),
        art("tail-call-on", "wasm_tail_call(true)", |c| {
            c.wasm_tail_call(true);
            ok()
        }),
        art("tail-call-off", "wasm_tail_call(false)", |c| {
            c.wasm_tail_call(false);
            ok()
        }),
        art("wasm-gc", "wasm_gc(true) + wasm_function_references(true)", |c| {
            c.wasm_function_references(true).wasm_gc(true);
            ok()
        }),
        art("epoch", "epoch_interruption(true)", |c| {
            c.epoch_interruption(true);
            ok()
        }),
        art("fuel", "consume_fuel(true)", |c| {
            c.consume_fuel(true);
            ok()
        }),
        art("memory-reservation-256m", "256 MiB reserved per linear memory: static_memory_maximum_size(256 MiB)", |c| {
            c.static_memory_maximum_size(256 * MIB);
            ok()
        }),
        art("memory-guard-0", "no guard region after linear memories: static_memory_guard_size(0) + dynamic_memory_guard_size(0)", |c| {
            c.static_memory_guard_size(0).dynamic_memory_guard_size(0);
            ok()
        }),
        art("memory-init-cow-off", "memory_init_cow(false)", |c| {
            c.memory_init_cow(false);
            ok()
        }),
        art("debug-info", "debug_info(true)", |c| {
            c.debug_info(true);
            ok()
        }),
        art("opt-none", "cranelift_opt_level(OptLevel::None)", |c| {
            c.cranelift_opt_level(OptLevel::None);
            ok()
        }),
        // --- only the crate makes these ---------------------------------------
        art("signals-based-traps-off", "signals_based_traps(false) + the cranelift flags enable_heap_access_spectre_mitigation and enable_table_access_spectre_mitigation false (26 requires both off without signals-based traps)", |c| {
            // SAFETY: only compiled, never run.
            unsafe {
                c.cranelift_flag_set("enable_heap_access_spectre_mitigation", "false");
                c.cranelift_flag_set("enable_table_access_spectre_mitigation", "false");
            }
            c.signals_based_traps(false);
            ok()
        }),
        art("version-my-embedder", "module_version(Custom(\"my-embedder-1.2\"))", |c| {
            c.module_version(ModuleVersionStrategy::Custom("my-embedder-1.2".into()))?;
            ok()
        }),
        art("version-none", "module_version(None) (empty version string)", version_none),
    ]
}

/// The artifacts of the build without the `gc` cargo feature.
#[cfg(not(feature = "gc"))]
pub fn artifacts() -> Vec<ArtifactSpec> {
    vec![art(
        "default-nogc",
        "built WITHOUT the gc cargo feature (gc_types off): Config::new()",
        |_| ok(),
    )]
}

/// The hosts of the gc build.
#[cfg(feature = "gc")]
pub fn hosts() -> Vec<HostSpec> {
    vec![
        host("x86-64-default", "Config::new()", |_| ok()),
        host("x86-64-epoch", "epoch_interruption(true)", |c| {
            c.epoch_interruption(true);
            ok()
        }),
        host("x86-64-fuel", "consume_fuel(true)", |c| {
            c.consume_fuel(true);
            ok()
        }),
        host(
            "x86-64-simd-off",
            "wasm_simd(false) + wasm_relaxed_simd(false)",
            |c| {
                simd_off(c);
                ok()
            },
        ),
        host(
            "x86-64-reference-types-off",
            "wasm_reference_types(false) + wasm_function_references(false) + wasm_gc(false)",
            |c| {
                reference_types_off(c);
                ok()
            },
        ),
        host(
            "x86-64-memory-reservation-256m",
            "static_memory_maximum_size(256 MiB)",
            |c| {
                c.static_memory_maximum_size(256 * MIB);
                ok()
            },
        ),
        host("x86-64-debug-info", "debug_info(true)", |c| {
            c.debug_info(true);
            ok()
        }),
        host(
            "x86-64-wasm-gc",
            "wasm_gc(true) + wasm_function_references(true)",
            |c| {
                c.wasm_function_references(true).wasm_gc(true);
                ok()
            },
        ),
        HostSpec {
            version: Version::Custom("my-embedder-1.2"),
            ..host(
                "x86-64-version-my-embedder",
                "module_version(Custom(\"my-embedder-1.2\"))",
                |_| ok(),
            )
        },
        HostSpec {
            version: Version::None,
            ..host(
                "x86-64-version-none",
                "module_version(None): the version string is ignored",
                |_| ok(),
            )
        },
    ]
}

/// The hosts of the build without the `gc` cargo feature.
#[cfg(not(feature = "gc"))]
pub fn hosts() -> Vec<HostSpec> {
    vec![host(
        "x86-64-default-nogc",
        "built WITHOUT the gc cargo feature: Config::new()",
        |_| ok(),
    )]
}
