//! Produces reference artifacts and wasmtime 31.0.0's own load verdicts for
//! libaotcompat's replay tests. See `tests/fixtures/wasmtime-31/README.md`.
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
mod elf;
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
mod report;
#[cfg_attr(not(feature = "gc"), allow(dead_code))]
mod specs;

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use wasmtime::component::Component;
use wasmtime::{Engine, Module, Precompiled};

pub const WASMTIME_VERSION: &str = "31.0.0";
const KINDS: [&str; 2] = ["module", "component"];
const GC: bool = cfg!(feature = "gc");

#[derive(Default)]
pub struct Manifest {
    pub artifacts: Vec<Value>,
    pub hosts: Vec<Value>,
    pub verdicts: Vec<Value>,
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("manifest entry without string `{key}`: {v}"))
}

impl Manifest {
    fn load(dir: &Path) -> Result<Manifest> {
        let path = dir.join("manifest.json");
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let v: Value = serde_json::from_str(&text)?;
        ensure!(
            v["wasmtime_version"] == WASMTIME_VERSION,
            "manifest is for another wasmtime version"
        );
        let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
        Ok(Manifest {
            artifacts: list("artifacts"),
            hosts: list("hosts"),
            verdicts: list("verdicts"),
        })
    }

    fn sort_verdicts(&mut self) {
        let a: HashMap<String, usize> = self
            .artifacts
            .iter()
            .enumerate()
            .map(|(i, v)| (s(v, "name").to_string(), i))
            .collect();
        let h: HashMap<String, usize> = self
            .hosts
            .iter()
            .enumerate()
            .map(|(i, v)| (s(v, "name").to_string(), i))
            .collect();
        self.verdicts.sort_by_key(|v| {
            (
                a[s(v, "artifact")],
                h[s(v, "host")],
                KINDS.iter().position(|k| *k == s(v, "kind")).unwrap(),
            )
        });
    }

    /// One entry per line: readable, and diffs stay small.
    fn save(&mut self, dir: &Path) -> Result<()> {
        self.sort_verdicts();
        let list = |items: &[Value]| -> String {
            let lines: Vec<String> = items
                .iter()
                .map(|v| format!("    {}", serde_json::to_string(v).unwrap()))
                .collect();
            if lines.is_empty() {
                "[]".to_string()
            } else {
                format!("[\n{}\n  ]", lines.join(",\n"))
            }
        };
        let text = format!(
            "{{\n  \"wasmtime_version\": {},\n  \"artifacts\": {},\n  \"hosts\": {},\n  \"verdicts\": {}\n}}\n",
            json!(WASMTIME_VERSION),
            list(&self.artifacts),
            list(&self.hosts),
            list(&self.verdicts)
        );
        // Must round-trip as JSON.
        let _: Value = serde_json::from_str(&text)?;
        fs::write(dir.join("manifest.json"), text)?;
        Ok(())
    }

    fn find_verdict(&self, artifact: &str, host: &str, kind: &str) -> Option<usize> {
        self.verdicts.iter().position(|v| {
            s(v, "artifact") == artifact && s(v, "host") == host && s(v, "kind") == kind
        })
    }
}

fn detect_str(bytes: &[u8]) -> &'static str {
    match Engine::detect_precompiled(&Engine::default(), bytes) {
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
        let base = match c.base {
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
        let engine =
            Engine::new(&h.config()?).with_context(|| format!("host engine {}", h.name))?;
        let bytes = engine.precompile_module(&inputs.module)?;
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
        ensure!(ok, "host {name} cannot load its own file: {msg:?}");
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

fn main() -> Result<()> {
    // `Config::new()` reads this variable (backtrace details); keep the
    // output independent of the caller's environment.
    std::env::remove_var("WASMTIME_BACKTRACE_DETAILS");

    let usage = "usage: wasmtime-fixtures <fixtures-dir> [--complete]";
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
        "wasmtime {WASMTIME_VERSION}, gc cargo feature: {GC}, fixtures: {}",
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
        println!("next: `cargo run -- {} --complete` (gc build) adds the gc hosts' verdicts on the new artifacts and rewrites README.md", dir.display());
    }
    Ok(())
}
