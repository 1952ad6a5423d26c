//! The `aotcompat` command against real wasmtime 31.0.0: every recorded
//! verdict through `aotcompat check`, every detect answer through
//! `aotcompat detect`, and `inspect --json` | `stamp` giving back the
//! original engine section.

mod common;

use aotcompat::format::{self, EngineSection};
use std::process::{Command, Output};

fn aotcompat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aotcompat")).args(args).output().expect("aotcompat runs")
}

fn escape_controls(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_control() { format!("\\x{:02x}", c as u32) } else { c.to_string() }).collect()
}

#[test]
fn check_reproduces_every_verdict() {
    let manifest = common::manifest();
    let mut disagreements = Vec::new();
    for v in &manifest.verdicts {
        let host = manifest.host(&v.host);
        let art = manifest.artifact(&v.artifact).path();
        let host_path = host.path();
        let features = host.probe.cli_list();
        let mut args = vec![
            "check",
            art.to_str().unwrap(),
            "--host",
            host_path.to_str().unwrap(),
            "--kind",
            &v.kind,
            "--profile",
            "wasmtime-31",
            "--features",
            &features,
        ];
        if !host.gc_support {
            args.push("--no-gc-support");
        }
        let out = aotcompat(&args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let (code, text) = if v.ok {
            (0, "compatible\n".to_string())
        } else {
            (1, format!("{}\n", escape_controls(v.message.as_deref().unwrap_or_default())))
        };
        if out.status.code() != Some(code) || stdout != text || !stderr.is_empty() {
            disagreements.push(format!(
                "{} on {} as {}: expected exit {code} {text:?}, got {:?} {stdout:?} stderr {stderr:?}",
                v.artifact,
                v.host,
                v.kind,
                out.status.code()
            ));
        }
    }
    println!("{} verdicts replayed through aotcompat check, {} disagreements", manifest.verdicts.len(), disagreements.len());
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn detect_reproduces_every_answer() {
    let manifest = common::manifest();
    let paths: Vec<String> = manifest.artifacts.iter().map(|a| a.path().to_str().unwrap().to_string()).collect();
    let mut args = vec!["detect"];
    args.extend(paths.iter().map(String::as_str));
    let out = aotcompat(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected: String = manifest.artifacts.iter().zip(&paths).map(|(a, p)| format!("{p}: {}\n", a.detect)).collect();
    assert_eq!(stdout, expected);
}

#[test]
fn stamp_of_inspect_json_gives_the_same_engine_section() {
    let manifest = common::manifest();
    let dir = std::env::temp_dir().join(format!("aotcompat-stamp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut stamped = 0;
    let entries = manifest.artifacts.iter().map(|a| (a.name.clone(), a.path()));
    let entries = entries.chain(manifest.hosts.iter().map(|h| (format!("host-{}", h.name), h.path())));
    for (name, path) in entries {
        let bytes = std::fs::read(&path).unwrap();
        let Some(kind) = format::detect(&bytes) else { continue };
        let inspect = aotcompat(&["inspect", path.to_str().unwrap(), "--json"]);
        if inspect.status.code() != Some(0) {
            // Not readable as an artifact (corrupted on purpose): inspect
            // must say so with exit code 1, never crash.
            assert_eq!(inspect.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&inspect.stderr));
            continue;
        }
        let json = dir.join(format!("{name}.json"));
        std::fs::write(&json, &inspect.stdout).unwrap();
        let out = dir.join(format!("{name}.cwasm"));
        let stamp = aotcompat(&["stamp", "--metadata", json.to_str().unwrap(), "--kind", kind.name(), "-o", out.to_str().unwrap()]);
        if stamp.status.code() != Some(0) {
            // Only metadata our writer cannot target (an unknown triple) may
            // refuse, and it must say why.
            let err = String::from_utf8_lossy(&stamp.stderr);
            assert!(err.contains("invalid engine target"), "{name}: stamp failed: {err}");
            continue;
        }
        let written = std::fs::read(&out).unwrap();
        let section = |b: &[u8]| format::engine_section_data(&format::parse_elf(b).unwrap()).unwrap().to_vec();
        assert_eq!(section(&written), section(&bytes), "{name}: stamped engine section differs");
        EngineSection::parse(&section(&written)).unwrap();
        assert_eq!(format::detect(&written), Some(kind));
        stamped += 1;
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{stamped} artifacts stamped back byte for byte");
    assert!(stamped >= manifest.hosts.len());
}
