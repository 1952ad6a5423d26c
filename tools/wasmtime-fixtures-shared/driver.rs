//! The version-independent generator: compiles every artifact spec, derives
//! the corrupted inputs, compiles the host files, and records wasmtime's own
//! verdict for every artifact x host x kind.
//!
//! Included with `#[path]` by each generator crate, next to that crate's
//! `specs` (the matrix) and `corrupt` (the corruption table) modules; the
//! `wasmtime` used here is the one of the including crate.

use crate::manifest::{s, Manifest, KINDS};
use crate::{corrupt, elf, report, specs, GENERATOR};
use anyhow::{bail, ensure, Context, Result};
use serde_json::json;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use wasmtime::component::Component;
use wasmtime::{Engine, Module, Precompiled};

// Each crate provides `fn detect_precompiled(&[u8]) -> Option<Precompiled>`
// (a method of `Engine` up to 31, an associated function later).

/// What differs between the generator crates besides their spec tables.
pub struct Generator {
    /// The exact `wasmtime` crate version the crate depends on.
    pub wasmtime_version: &'static str,
    /// The crate's directory, relative to the repository root.
    pub crate_dir: &'static str,
    /// The default fixture directory, relative to the repository root.
    pub fixtures_dir: &'static str,
    /// Extra `cargo run` arguments (e.g. `--ignore-rust-version`).
    pub cargo_args: &'static str,
    /// Whether `manifest.json` records `generating_cpu`.
    pub record_generating_cpu: bool,
    /// Extra README paragraphs (markdown), placed before "Not produced / notes".
    pub readme_extra: &'static str,
}

pub const GC: bool = cfg!(feature = "gc");

fn detect_str(bytes: &[u8]) -> &'static str {
    match crate::detect_precompiled(bytes) {
        Some(Precompiled::Module) => "module",
        Some(Precompiled::Component) => "component",
        None => "none",
    }
}

/// wasmtime's verdict: `(ok, message)`.
fn verdict(engine: &Engine, bytes: &[u8], kind: &str) -> Result<(bool, Option<String>)> {
    let r = catch_unwind(AssertUnwindSafe(|| match kind {
        // SAFETY: inputs are either wasmtime's own output or corrupted copies
        // of it; wasmtime's checks run before anything is executed, and
        // nothing is ever instantiated or run here.
        "module" => unsafe { Module::deserialize(engine, bytes) }.map(drop),
        "component" => unsafe { Component::deserialize(engine, bytes) }.map(drop),
        _ => unreachable!(),
    }));
    match r {
        Ok(Ok(())) => Ok((true, None)),
        Ok(Err(e)) => Ok((false, Some(format!("{e:#}")))),
        Err(_) => bail!("wasmtime panicked during {kind} deserialization"),
    }
}

/// Compiles one artifact spec; returns `(name, bytes)` pairs.
fn compile_spec(
    spec: &specs::ArtifactSpec,
    wasm: &[u8],
    component: &[u8],
) -> Result<Vec<(String, Vec<u8>)>> {
    let engine = Engine::new(&spec.config()?)?;
    let mut out = vec![(
        format!("{}-module", spec.name),
        engine.precompile_module(wasm)?,
    )];
    if spec.component {
        out.push((
            format!("{}-component", spec.name),
            engine.precompile_component(component)?,
        ));
    }
    Ok(out)
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
        out.push_str("; wasmtime names the DWARF file `<gen-N>.wasm` after a process-wide counter, so only the first compilation of a fresh process is reproducible");
    }
    out
}

/// Every little-endian artifact must parse with the crate's engine-section
/// schema, to the last byte: this is what keeps the corruption recipes honest.
fn check_schema(name: &str, bytes: &[u8]) -> Result<()> {
    let little_elf64 =
        bytes.len() >= 64 && &bytes[..4] == b"\x7fELF" && bytes[4] == 2 && bytes[5] == 1;
    if little_elf64 {
        elf::EngineLayout::parse(bytes, &corrupt::SCHEMA)
            .with_context(|| format!("`{name}` does not match the engine-section schema"))?;
    }
    Ok(())
}

struct Inputs {
    module: Vec<u8>,
    component: Vec<u8>,
}

impl Inputs {
    fn new() -> Result<Inputs> {
        Ok(Inputs {
            module: wat::parse_str(specs::MODULE_WAT)?,
            component: wat::parse_str(specs::COMPONENT_WAT)?,
        })
    }
}

/// Compiles this build's artifact specs. With `write`, stores them and adds
/// them to the manifest; without, compares them with the stored files.
/// Returns notes about specs that could not be produced or do not reproduce.
fn produce_artifacts(
    dir: &Path,
    m: &mut Manifest,
    inputs: &Inputs,
    write: bool,
) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    let mut seen: Vec<(String, Vec<u8>)> = Vec::new();
    for spec in specs::artifacts() {
        let first = match compile_spec(&spec, &inputs.module, &inputs.component) {
            Ok(v) => v,
            Err(e) => {
                let msg = format!("`{}` ({}): {e:#}", spec.name, spec.description);
                eprintln!("not produced: {msg}");
                notes.push(format!("not produced: {msg}"));
                continue;
            }
        };
        let second = compile_spec(&spec, &inputs.module, &inputs.component)?;
        for ((name, bytes), (_, again)) in first.into_iter().zip(second) {
            check_schema(&name, &bytes)?;
            if bytes != again {
                notes.push(format!(
                    "`{name}`: two compilations in one run gave different bytes ({})",
                    describe_diff(&bytes, &again)
                ));
            }
            // (Machine-dependent artifacts are never considered duplicates.)
            let native = matches!(spec.target, specs::Target::Native);
            if let Some((twin, _)) = seen.iter().find(|(_, b)| !native && *b == bytes) {
                let msg = format!(
                    "`{name}` ({}): byte-identical to `{twin}`, omitted",
                    spec.description
                );
                eprintln!("omitted: {msg}");
                notes.push(format!("omitted: {msg}"));
                continue;
            }
            if !native {
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
                let stored =
                    fs::read(dir.join(&file)).with_context(|| format!("reading {file}"))?;
                if stored != bytes {
                    let msg = format!("`{name}`: recompiling does not reproduce the stored file");
                    eprintln!("warning: {msg}");
                    notes.push(msg);
                }
            }
        }
    }
    Ok(notes)
}

#[cfg(feature = "gc")]
fn produce_corruptions(dir: &Path, m: &mut Manifest, inputs: &Inputs, write: bool) -> Result<()> {
    for c in corrupt::corruptions(inputs.module.clone()) {
        let base = match &c.base {
            Some(b) => fs::read(dir.join(format!("artifacts/{b}.cwasm")))
                .with_context(|| format!("base {b}"))?,
            None => Vec::new(),
        };
        let bytes =
            (c.edit)(&base).with_context(|| format!("building corrupted input {}", c.name))?;
        let file = format!("artifacts/{}.cwasm", c.name);
        if write {
            fs::write(dir.join(&file), &bytes)?;
            let description = match c.base {
                Some(_) => format!("corrupted: {}", c.description),
                None => format!("foreign input: {}", c.description),
            };
            m.artifacts.push(json!({
                "name": c.name,
                "file": file,
                "description": description,
                "detect": detect_str(&bytes),
            }));
            println!("corrupted {}: {} bytes", c.name, bytes.len());
        } else {
            ensure!(
                fs::read(dir.join(&file))? == bytes,
                "corrupted input {} does not reproduce",
                c.name
            );
        }
    }
    Ok(())
}

fn produce_hosts(dir: &Path, m: &mut Manifest, inputs: &Inputs) -> Result<()> {
    for h in specs::hosts() {
        let engine = Engine::new(&h.config()?)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("host engine {}", h.name))?;
        let bytes = engine
            .precompile_module(&inputs.module)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("host engine {} precompiling its file", h.name))?;
        check_schema(h.name, &bytes)?;
        let file = format!("hosts/{}.cwasm", h.name);
        fs::write(dir.join(&file), &bytes)?;
        m.hosts.push(json!({
            "name": h.name,
            "file": file,
            "description": h.description,
            "gc_support": GC,
            "version_strategy": h.version.to_json(),
            "probe": h.probe.to_json(),
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
            h["probe"] == spec.probe.to_json() && h["version_strategy"] == spec.version.to_json(),
            "host {name}: manifest entry differs from its spec"
        );
        let engine = Engine::new(&spec.config()?)?;
        let own = fs::read(dir.join(s(&h, "file")))?;
        let (ok, msg) = verdict(&engine, &own, "module")?;
        if spec.native_ok {
            ensure!(ok, "host {name} cannot load its own file: {msg:?}");
        } else {
            ensure!(
                !ok,
                "host {name} should fail wasmtime's native-host check, but loads its own file"
            );
        }
        for (art, bytes) in &artifacts {
            for kind in KINDS {
                let first =
                    verdict(&engine, bytes, kind).with_context(|| format!("{art} on {name}"))?;
                let second = verdict(&engine, bytes, kind)?;
                assert_eq!(
                    first, second,
                    "NOT REPRODUCIBLE: deserializing {art} as a {kind} on host {name} gave two different results"
                );
                let entry = json!({"artifact": art, "host": name, "kind": kind, "ok": first.0, "message": first.1});
                match m.find_verdict(art, name, kind) {
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

/// Forgets (and deletes) the entries a previous run of this build made.
#[cfg(not(feature = "gc"))]
fn remove_own_entries(dir: &Path, m: &mut Manifest) -> Result<()> {
    use serde_json::Value;
    let mut names: Vec<String> = Vec::new();
    for spec in specs::artifacts() {
        names.push(format!("{}-module", spec.name));
        names.push(format!("{}-component", spec.name));
    }
    let own_host = |h: &Value| h["gc_support"].as_bool() == Some(GC);
    for a in m
        .artifacts
        .iter()
        .filter(|a| names.iter().any(|n| n == s(a, "name")))
    {
        let _ = fs::remove_file(dir.join(s(a, "file")));
    }
    for h in m.hosts.iter().filter(|h| own_host(h)) {
        let _ = fs::remove_file(dir.join(s(h, "file")));
    }
    let hosts: Vec<String> = m
        .hosts
        .iter()
        .filter(|h| own_host(h))
        .map(|h| s(h, "name").to_string())
        .collect();
    m.artifacts
        .retain(|a| !names.iter().any(|n| n == s(a, "name")));
    m.hosts.retain(|h| !own_host(h));
    m.verdicts.retain(|v| {
        !names.iter().any(|n| n == s(v, "artifact")) && !hosts.iter().any(|n| n == s(v, "host"))
    });
    Ok(())
}

pub fn run() -> Result<()> {
    // `Config::new()` reads this variable (backtrace details); keep the
    // output independent of the caller's environment.
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
    let inputs = Inputs::new()?;
    println!(
        "wasmtime {}, gc cargo feature: {GC}, fixtures: {}",
        GENERATOR.wasmtime_version,
        dir.display()
    );

    let notes;
    let mut m;
    if complete {
        m = Manifest::load(&dir)?;
        notes = produce_artifacts(&dir, &mut m, &inputs, false)?;
        #[cfg(feature = "gc")]
        produce_corruptions(&dir, &mut m, &inputs, false)?;
    } else if GC {
        // Fresh run: wipe what a previous run wrote.
        for sub in ["artifacts", "hosts"] {
            let p = dir.join(sub);
            if p.exists() {
                fs::remove_dir_all(&p)?;
            }
            fs::create_dir_all(&p)?;
        }
        m = Manifest::default();
        notes = produce_artifacts(&dir, &mut m, &inputs, true)?;
        #[cfg(feature = "gc")]
        produce_corruptions(&dir, &mut m, &inputs, true)?;
        produce_hosts(&dir, &mut m, &inputs)?;
    } else {
        m = Manifest::load(&dir).context("run the gc build first")?;
        #[cfg(not(feature = "gc"))]
        remove_own_entries(&dir, &mut m)?;
        notes = produce_artifacts(&dir, &mut m, &inputs, true)?;
        produce_hosts(&dir, &mut m, &inputs)?;
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
        report::write_readme(&dir, &m, &notes)?;
    } else {
        ensure!(
            notes.is_empty(),
            "the no-gc build must produce all of its artifacts: {notes:#?}"
        );
        println!("next: `cargo run{} -- {} --complete` (gc build) adds the gc hosts' verdicts on the new artifacts and rewrites README.md", GENERATOR.cargo_args, dir.display());
    }
    Ok(())
}
