//! Produces reference artifacts and wasmtime 26.0.1's own load verdicts for
//! libaotcompat's replay tests. See `tests/fixtures/wasmtime-26/README.md`.
//!
//! wasmtime 26 has no PyPI wheel, so unlike its neighbours 25 and 27
//! (`tools/wasmtime-wheels`) its fixtures come from the crate, like the
//! crate-made 31, 44 and 50 (`tools/wasmtime-fixtures*`). The matrix and the
//! manifest layout are those of the wheel-made directories (`version_string`,
//! `source`, module verdicts only, every host probing the generating CPU), so
//! 26 sits between 25 and 27 entry for entry; `detect` is recorded, since the
//! crate has `Engine::detect_precompiled`.
//!
//! Usage (from this directory; `./regenerate.sh` runs all three):
//!
//! ```text
//! cargo run -- ../../tests/fixtures/wasmtime-26                          # gc build, fresh
//! cargo run --no-default-features -- ../../tests/fixtures/wasmtime-26    # adds the -nogc entries
//! cargo run -- ../../tests/fixtures/wasmtime-26 --complete               # fills remaining verdicts, README
//! ```

// Only part of the shared ELF helpers is used here.
#[allow(dead_code)]
#[path = "../../wasmtime-fixtures-shared/elf.rs"]
mod elf;
mod output;
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
mod section;
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
mod specs;

use anyhow::{bail, ensure, Context, Result};
use output::{s, Manifest};
use serde_json::json;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use wasmtime::{Engine, Module, Precompiled};

pub const WASMTIME_VERSION: &str = "26.0.1";
pub const GC: bool = cfg!(feature = "gc");
/// The only kind recorded, as in the wheel-made 25 and 27 (their wheels have
/// no components before 39).
pub const KIND: &str = "module";

fn detect_str(bytes: &[u8]) -> &'static str {
    // A method of `Engine` in 26 (an associated function from 32 on).
    match Engine::default().detect_precompiled(bytes) {
        Some(Precompiled::Module) => "module",
        Some(Precompiled::Component) => "component",
        None => "none",
    }
}

/// wasmtime's verdict: `(ok, message)`.
fn verdict(engine: &Engine, bytes: &[u8]) -> Result<(bool, Option<String>)> {
    // SAFETY: inputs are wasmtime's own output or corrupted copies of it;
    // wasmtime's checks run before anything is executed, and nothing is ever
    // instantiated or run here.
    let r = catch_unwind(AssertUnwindSafe(|| unsafe {
        Module::deserialize(engine, bytes).map(drop)
    }));
    match r {
        Ok(Ok(())) => Ok((true, None)),
        Ok(Err(e)) => Ok((false, Some(format!("{e:#}")))),
        Err(_) => bail!("wasmtime panicked during module deserialization"),
    }
}

fn compile(spec: &specs::ArtifactSpec) -> Result<Vec<u8>> {
    let engine = Engine::new(&spec.config()?)?;
    engine.precompile_module(specs::MODULE_WAT.as_bytes())
}

/// Which sections two same-sized artifacts differ in.
fn describe_diff(a: &[u8], b: &[u8]) -> String {
    if a.len() != b.len() {
        return format!("sizes {} and {}", a.len(), b.len());
    }
    let Ok(e) = elf::Elf::parse(a) else {
        return "not ELF".into();
    };
    let mut where_: Vec<String> = Vec::new();
    let mut n = 0;
    for (i, _) in a.iter().zip(b).enumerate().filter(|(_, (x, y))| x != y) {
        n += 1;
        let sec = e
            .sections
            .iter()
            .find(|s| s.data_range().contains(&i))
            .map_or("outside sections", |s| &s.name);
        if !where_.iter().any(|w| w == sec) {
            where_.push(sec.to_string());
        }
    }
    let mut out = format!("{n} byte(s) in {}", where_.join(", "));
    if where_.iter().all(|w| w.starts_with(".debug_")) {
        out.push_str("; wasmtime names the DWARF file `<gen-N>.wasm` after a process-wide counter, so the bytes depend on how many modules the process compiled before; the verdicts do not");
    }
    out
}

fn check_schema(name: &str, bytes: &[u8]) -> Result<section::Layout> {
    section::parse(bytes)
        .with_context(|| format!("`{name}` does not match wasmtime 26's engine-section schema"))
}

/// The version string an artifact must carry.
fn expected_version(m: &Manifest, name: &str) -> String {
    if name.starts_with("version-my-embedder") {
        "my-embedder-1.2".into()
    } else if name.starts_with("version-none") {
        String::new()
    } else {
        m.version_string.clone()
    }
}

/// Compiles this build's artifact specs (each twice). With `write`, stores
/// them and adds them to the manifest; without, compares them with the
/// stored files. Returns notes (omitted duplicates, non-reproducible bytes).
fn produce_artifacts(dir: &Path, m: &mut Manifest, write: bool) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    // Earlier artifacts (of this run, and of the gc run for the no-gc build).
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    if !GC {
        for a in &m.artifacts {
            if !s(a, "description").starts_with("corrupted")
                && s(a, "name") != "native-detected-module"
            {
                seen.push((s(a, "name").to_string(), fs::read(dir.join(s(a, "file")))?));
            }
        }
    }
    for spec in specs::artifacts() {
        let name = format!("{}-module", spec.name);
        let bytes = match compile(&spec) {
            Ok(b) => b,
            Err(e) => {
                let msg = format!("not produced: `{name}` ({}): {e:#}", spec.description);
                eprintln!("{msg}");
                notes.push(msg);
                continue;
            }
        };
        let again = compile(&spec)?;
        let layout = check_schema(&name, &bytes)?;
        if m.version_string.is_empty() && name == "default-module" {
            m.version_string = layout.version(&bytes)?.to_string();
        }
        ensure!(
            layout.version(&bytes)? == expected_version(m, &name),
            "`{name}` writes version {:?}",
            layout.version(&bytes)?
        );
        if bytes != again {
            notes.push(format!(
                "`{name}`: two compilations in one run gave different bytes ({})",
                describe_diff(&bytes, &again)
            ));
        }
        if !spec.native {
            if let Some((twin, _)) = seen.iter().find(|(_, b)| *b == bytes) {
                let msg = format!(
                    "omitted: `{name}` ({}): byte-identical to `{twin}` (the setting is this release's default)",
                    spec.description
                );
                eprintln!("{msg}");
                notes.push(msg);
                continue;
            }
            seen.push((name.clone(), bytes.clone()));
        }
        let file = format!("artifacts/{name}.cwasm");
        if write {
            fs::write(dir.join(&file), &bytes)?;
            m.artifacts.push(json!({
                "name": name,
                "file": file,
                "description": spec.description,
                "detect": detect_str(&bytes),
            }));
            println!("artifact {name}: {} bytes", bytes.len());
        } else {
            let stored = fs::read(dir.join(&file)).with_context(|| format!("reading {file}"))?;
            if stored != bytes {
                let msg = format!("`{name}`: recompiling does not reproduce the stored file");
                eprintln!("warning: {msg}");
                notes.push(msg);
            }
        }
    }
    Ok(notes)
}

fn produce_corruptions(dir: &Path, m: &mut Manifest, write: bool) -> Result<()> {
    let default = fs::read(dir.join("artifacts/default-module.cwasm"))?;
    for c in section::corruptions(&default)? {
        let file = format!("artifacts/{}.cwasm", c.name);
        if write {
            fs::write(dir.join(&file), &c.bytes)?;
            m.artifacts.push(json!({
                "name": c.name,
                "file": file,
                "description": c.description,
                "detect": detect_str(&c.bytes),
            }));
            println!("corrupted {}: {} bytes", c.name, c.bytes.len());
        } else {
            ensure!(
                fs::read(dir.join(&file))? == c.bytes,
                "corrupted input {} does not reproduce",
                c.name
            );
        }
    }
    Ok(())
}

fn produce_hosts(dir: &Path, m: &mut Manifest) -> Result<()> {
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    for h in specs::hosts() {
        let engine =
            Engine::new(&h.config()?).with_context(|| format!("host engine {}", h.name))?;
        let bytes = engine
            .precompile_module(specs::MODULE_WAT.as_bytes())
            .with_context(|| format!("host engine {} precompiling its file", h.name))?;
        check_schema(h.name, &bytes)?;
        if let Some((twin, _)) = seen.iter().find(|(_, b)| *b == bytes) {
            bail!(
                "host {}: its file is byte-identical to host {twin}'s",
                h.name
            );
        }
        seen.push((h.name.to_string(), bytes.clone()));
        let file = format!("hosts/{}.cwasm", h.name);
        fs::write(dir.join(&file), &bytes)?;
        m.hosts.push(json!({
            "name": h.name,
            "file": file,
            "description": h.description,
            "gc_support": GC,
            "version_strategy": h.version.to_json(),
            "probe": {"yes": output::generating_cpu(), "unknown": [], "unknown_default": false},
        }));
        println!("host {}: {} bytes", h.name, bytes.len());
    }
    Ok(())
}

/// Computes (twice) the verdict of every host of this build on every
/// artifact; new verdicts are added, recorded ones must match.
fn fill_verdicts(dir: &Path, m: &mut Manifest) -> Result<(usize, usize)> {
    let specs = specs::hosts();
    let artifacts: Vec<(String, Vec<u8>)> = m
        .artifacts
        .iter()
        .map(|a| Ok((s(a, "name").to_string(), fs::read(dir.join(s(a, "file")))?)))
        .collect::<Result<_>>()?;
    let (mut added, mut checked) = (0, 0);
    for h in m.hosts.clone() {
        if h["gc_support"].as_bool() != Some(GC) {
            continue;
        }
        let name = s(&h, "name");
        let spec = specs
            .iter()
            .find(|s| s.name == name)
            .with_context(|| format!("this build has no configuration for host {name}"))?;
        ensure!(
            h["version_strategy"] == spec.version.to_json()
                && h["probe"]["yes"] == json!(output::generating_cpu()),
            "host {name}: manifest entry differs from its spec"
        );
        let engine = Engine::new(&spec.config()?)?;
        let own = fs::read(dir.join(s(&h, "file")))?;
        let (ok, msg) = verdict(&engine, &own)?;
        ensure!(ok, "host {name} cannot load its own file: {msg:?}");
        for (art, bytes) in &artifacts {
            let first = verdict(&engine, bytes).with_context(|| format!("{art} on {name}"))?;
            let second = verdict(&Engine::new(&spec.config()?)?, bytes)?;
            ensure!(
                first == second,
                "NOT REPRODUCIBLE: deserializing {art} on host {name} gave two different results"
            );
            let entry = json!({"artifact": art, "host": name, "kind": KIND, "ok": first.0, "message": first.1});
            match m.find_verdict(art, name) {
                Some(i) => {
                    ensure!(
                        m.verdicts[i] == entry,
                        "verdict changed since it was recorded:\n  recorded {}\n  now      {}",
                        m.verdicts[i],
                        entry
                    );
                    checked += 1;
                }
                None => {
                    m.verdicts.push(entry);
                    added += 1;
                }
            }
        }
        println!("verdicts for host {name} done");
    }
    Ok((added, checked))
}

fn check_detect(dir: &Path, m: &Manifest) -> Result<()> {
    for a in &m.artifacts {
        let bytes = fs::read(dir.join(s(a, "file")))?;
        ensure!(
            detect_str(&bytes) == s(a, "detect"),
            "detect differs for {}",
            s(a, "name")
        );
    }
    Ok(())
}

/// Forgets (and deletes) the entries a previous run of the no-gc build made.
fn remove_own_entries(dir: &Path, m: &mut Manifest) -> Result<()> {
    let names: Vec<String> = specs::artifacts()
        .iter()
        .map(|a| format!("{}-module", a.name))
        .collect();
    let hosts: Vec<String> = m
        .hosts
        .iter()
        .filter(|h| h["gc_support"].as_bool() == Some(GC))
        .map(|h| s(h, "name").to_string())
        .collect();
    for a in m
        .artifacts
        .iter()
        .filter(|a| names.iter().any(|n| n == s(a, "name")))
    {
        let _ = fs::remove_file(dir.join(s(a, "file")));
    }
    for h in m
        .hosts
        .iter()
        .filter(|h| hosts.iter().any(|n| n == s(h, "name")))
    {
        let _ = fs::remove_file(dir.join(s(h, "file")));
    }
    m.artifacts
        .retain(|a| !names.iter().any(|n| n == s(a, "name")));
    m.hosts.retain(|h| !hosts.iter().any(|n| n == s(h, "name")));
    m.verdicts.retain(|v| {
        !names.iter().any(|n| n == s(v, "artifact")) && !hosts.iter().any(|n| n == s(v, "host"))
    });
    Ok(())
}

fn main() -> Result<()> {
    // `Config::new()` reads this variable (backtrace details, which set the
    // `parse_wasm_debuginfo` tunable); keep the output independent of the
    // caller's environment.
    std::env::remove_var("WASMTIME_BACKTRACE_DETAILS");

    let usage = format!(
        "usage: {} <fixtures-dir> [--complete]",
        env!("CARGO_PKG_NAME")
    );
    let mut dir: Option<PathBuf> = None;
    let mut complete = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--complete" => complete = true,
            _ if dir.is_none() && !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => bail!("{usage}"),
        }
    }
    let dir = dir.context(usage)?;
    println!(
        "wasmtime {WASMTIME_VERSION}, gc cargo feature: {GC}, fixtures: {}",
        dir.display()
    );

    let mut notes = Vec::new();
    let mut m;
    if complete {
        ensure!(GC, "--complete is for the gc build");
        m = Manifest::load(&dir)?;
        notes = produce_artifacts(&dir, &mut m, false)?;
        produce_corruptions(&dir, &mut m, false)?;
    } else if GC {
        // Fresh run: wipe what a previous run wrote.
        fs::create_dir_all(&dir)?;
        for sub in ["artifacts", "hosts"] {
            let p = dir.join(sub);
            if p.exists() {
                fs::remove_dir_all(&p)?;
            }
            fs::create_dir_all(&p)?;
        }
        m = Manifest::default();
        notes = produce_artifacts(&dir, &mut m, true)?;
        produce_corruptions(&dir, &mut m, true)?;
        produce_hosts(&dir, &mut m)?;
    } else {
        m = Manifest::load(&dir).context("run the gc build first")?;
        remove_own_entries(&dir, &mut m)?;
        let own = produce_artifacts(&dir, &mut m, true)?;
        ensure!(
            own.is_empty(),
            "the no-gc build must produce all of its artifacts: {own:#?}"
        );
        produce_hosts(&dir, &mut m)?;
    }
    check_detect(&dir, &m)?;
    let (added, checked) = fill_verdicts(&dir, &mut m)?;
    m.save(&dir)?;
    println!(
        "{} artifacts, {} hosts, {} verdicts ({added} added, {checked} re-checked)",
        m.artifacts.len(),
        m.hosts.len(),
        m.verdicts.len()
    );
    if GC {
        output::write_readme(&dir, &m, &notes)?;
    } else {
        println!("next: `cargo run -- {} --complete` (gc build) adds the gc hosts' verdicts on the new artifacts and rewrites README.md", dir.display());
    }
    Ok(())
}
