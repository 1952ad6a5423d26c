//! Produces reference artifacts and wasmtime 44.0.0's own load verdicts for
//! libaotcompat's replay tests. See `tests/fixtures/wasmtime-44/README.md`.
//!
//! The generator itself (driver, manifest, README, ELF and engine-section
//! parsing, the corruption recipes every release shares) lives in
//! `../wasmtime-fixtures-shared`; this crate holds what is specific to
//! wasmtime 44: the matrix (`specs.rs`) and the corruption table with its
//! engine-section schema (`corrupt.rs`).
//!
//! Usage (from this directory; `./regenerate.sh` runs all three):
//!
//! ```text
//! cargo run -- ../../tests/fixtures/wasmtime-44                          # gc build, fresh
//! cargo run --no-default-features -- ../../tests/fixtures/wasmtime-44    # adds -nogc entries
//! cargo run -- ../../tests/fixtures/wasmtime-44 --complete               # fills remaining verdicts
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
    wasmtime_version: "44.0.0",
    crate_dir: "tools/wasmtime-fixtures-44",
    fixtures_dir: "tests/fixtures/wasmtime-44",
    cargo_args: "",
    record_generating_cpu: true,
    readme_extra: include_str!("readme_extra.md"),
};

fn main() -> anyhow::Result<()> {
    driver::run()
}

/// `Engine::detect_precompiled` (an associated function in 44).
pub fn detect_precompiled(bytes: &[u8]) -> Option<wasmtime::Precompiled> {
    wasmtime::Engine::detect_precompiled(bytes)
}
