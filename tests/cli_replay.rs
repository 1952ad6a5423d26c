//! The `aotcompat` command against real wasmtime 31.0.0: every recorded
//! verdict through `aotcompat check`, every detect answer through
//! `aotcompat detect`, and `inspect --json` | `stamp` giving back the
//! original engine section.

mod common;

use aotcompat::format::{self, EngineSection};
use std::process::{Command, Output};

fn aotcompat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aotcompat"))
        .args(args)
        .output()
        .expect("aotcompat runs")
}

fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_control() {
                format!("\\x{:02x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
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
            (
                1,
                format!(
                    "{}\n",
                    escape_controls(v.message.as_deref().unwrap_or_default())
                ),
            )
        };
        if out.status.code() == Some(0)
            && stdout == "compatible\n"
            && manifest.load_phase_twin(v).is_some()
        {
            // wasmtime's compatibility check passed here too; it refused
            // while decoding the body (see load_phase_twin).
            continue;
        }
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
    println!(
        "{} verdicts replayed through aotcompat check, {} disagreements",
        manifest.verdicts.len(),
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn detect_reproduces_every_answer() {
    let manifest = common::manifest();
    let paths: Vec<String> = manifest
        .artifacts
        .iter()
        .map(|a| a.path().to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["detect"];
    args.extend(paths.iter().map(String::as_str));
    let out = aotcompat(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected: String = manifest
        .artifacts
        .iter()
        .zip(&paths)
        .map(|(a, p)| format!("{p}: {}\n", a.detect))
        .collect();
    assert_eq!(stdout, expected);
}

/// `inspect --json` then `stamp` gives back the engine section byte for byte
/// for every real artifact and host; for corrupted inputs both commands end
/// cleanly (a faithful copy, or exit code 1 or 2 with a message).
#[test]
fn stamp_of_inspect_json_gives_the_same_engine_section() {
    let manifest = common::manifest();
    let dir = std::env::temp_dir().join(format!("aotcompat-stamp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let entries = manifest
        .artifacts
        .iter()
        .map(|a| (a.name.clone(), a.path(), a.is_real()));
    let entries = entries.chain(
        manifest
            .hosts
            .iter()
            .map(|h| (format!("host-{}", h.name), h.path(), true)),
    );
    let (mut exact, mut refused) = (0, 0);
    let mut real = 0;
    for (name, path, is_real) in entries {
        real += usize::from(is_real);
        let bytes = std::fs::read(&path).unwrap();
        let kind = format::detect(&bytes).map_or("module", |k| k.name());
        let inspect = aotcompat(&["inspect", path.to_str().unwrap(), "--json"]);
        let inspect_err = String::from_utf8_lossy(&inspect.stderr);
        assert!(!inspect_err.contains("panicked"), "{name}: {inspect_err}");
        if inspect.status.code() != Some(0) {
            assert!(!is_real, "{name}: inspect failed: {inspect_err}");
            assert_eq!(inspect.status.code(), Some(1), "{name}: {inspect_err}");
            refused += 1;
            continue;
        }
        let json = dir.join(format!("{name}.json"));
        std::fs::write(&json, &inspect.stdout).unwrap();
        let out = dir.join(format!("{name}.cwasm"));
        let stamp = aotcompat(&[
            "stamp",
            "--metadata",
            json.to_str().unwrap(),
            "--kind",
            kind,
            "-o",
            out.to_str().unwrap(),
        ]);
        let stamp_err = String::from_utf8_lossy(&stamp.stderr);
        if stamp.status.code() != Some(0) {
            assert!(!is_real, "{name}: stamp failed: {stamp_err}");
            assert_eq!(stamp.status.code(), Some(2), "{name}: {stamp_err}");
            assert!(
                stamp_err.starts_with("aotcompat: ") && !stamp_err.contains("panicked"),
                "{name}: {stamp_err}"
            );
            refused += 1;
            continue;
        }
        let written = std::fs::read(&out).unwrap();
        let original = common::engine_section_of(&path).unwrap();
        let stamped = common::engine_section_of(&out).unwrap();
        if is_real {
            assert_eq!(stamped, original, "{name}: stamped engine section differs");
            assert_eq!(format::detect(&written).map(|k| k.name()), Some(kind));
            EngineSection::parse(&stamped).unwrap();
            exact += 1;
        } else {
            // Corrupted but readable: everything travels through JSON but
            // trailing bytes after the metadata, which no layout keeps.
            assert!(
                original.starts_with(&stamped),
                "{name}: stamped section is not a prefix of the original"
            );
            refused += usize::from(stamped != original);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("{exact} real artifacts and hosts stamped back byte for byte; {refused} corrupted ones refused or not faithful");
    assert_eq!(exact, real);
}
