//! Produces reference artifacts and wasmtime 31.0.0's own load verdicts for
//! libaotcompat's replay tests. See `tests/fixtures/wasmtime-31/README.md`.
//!
//! The generator itself (driver, manifest, README, ELF and engine-section
//! parsing, the corruption recipes every release shares) lives in
//! `../wasmtime-fixtures-shared` and is shared with the generators of later
//! releases (`../wasmtime-fixtures-44`, `../wasmtime-fixtures-50`); this
//! crate holds what is specific to wasmtime 31: the matrix (`specs.rs`) and
//! the corruption table with its engine-section schema (`corrupt.rs`).
//!
//! Usage (from this directory):
//!
//! ```text
//! cargo run -- ../../tests/fixtures/wasmtime-31                          # gc build, fresh
//! cargo run --no-default-features -- ../../tests/fixtures/wasmtime-31    # adds -nogc entries
//! cargo run -- ../../tests/fixtures/wasmtime-31 --complete               # fills remaining verdicts
//! ```

#[cfg_attr(not(feature = "gc"), allow(dead_code))]
mod corrupt;
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
#[path = "../../wasmtime-fixtures-shared/driver.rs"]
mod driver;
// Shared by all generator crates; each uses only part of it.
#[allow(dead_code)]
#[path = "../../wasmtime-fixtures-shared/elf.rs"]
mod elf;
#[path = "../../wasmtime-fixtures-shared/manifest.rs"]
mod manifest;
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
#[path = "../../wasmtime-fixtures-shared/report.rs"]
mod report;
// Shared by all generator crates; each uses only part of it.
#[allow(dead_code)]
#[path = "../../wasmtime-fixtures-shared/spec_support.rs"]
mod spec_support;
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
mod specs;

pub const GENERATOR: driver::Generator = driver::Generator {
    wasmtime_version: "31.0.0",
    crate_dir: "tools/wasmtime-fixtures",
    fixtures_dir: "tests/fixtures/wasmtime-31",
    cargo_args: "",
    // The 31 fixtures predate `generating_cpu`; keep them byte-identical.
    record_generating_cpu: false,
    readme_extra: "",
};

/// `Engine::detect_precompiled` (a method in 31).
pub fn detect_precompiled(bytes: &[u8]) -> Option<wasmtime::Precompiled> {
    wasmtime::Engine::default().detect_precompiled(bytes)
}

fn main() -> anyhow::Result<()> {
    driver::run()
}
