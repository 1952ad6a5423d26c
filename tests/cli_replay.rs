//! The `aotcompat` command against every recorded wasmtime release: every
//! verdict through `aotcompat check`, every detect answer through
//! `aotcompat detect`, and `inspect --json` | `stamp` giving back the
//! original engine section.

mod common;

use aotcompat::artifact;
use aotcompat::format::EngineSection;
use common::Manifest;
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

/// One module of tests per fixture directory.
macro_rules! cli_tests {
    ($($module:ident => $dir:literal),* $(,)?) => {$(
        mod $module {
            fn m() -> super::Manifest {
                super::common::manifest_of($dir)
            }

            #[test]
            fn check_reproduces_every_verdict() {
                super::check_verdicts(&m());
            }

            #[test]
            fn detect_reproduces_every_answer() {
                super::detect_answers(&m());
            }

            #[test]
            fn stamp_of_inspect_json_gives_the_same_engine_section() {
                super::stamp_round_trip(&m());
            }

            #[test]
            fn inspect_names_the_profile_without_being_told() {
                super::inspect_profiles(&m());
            }
        }
    )*};
}

cli_tests! {
    wasmtime_31 => "wasmtime-31",
    wasmtime_44 => "wasmtime-44",
    wasmtime_50 => "wasmtime-50",
}

/// Every verdict through `aotcompat check`; the host's profile is detected
/// from its file on even verdicts and named with `--profile` on odd ones.
fn check_verdicts(manifest: &Manifest) {
    let mut disagreements = Vec::new();
    for (i, v) in manifest.verdicts.iter().enumerate() {
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
            "--features",
            &features,
        ];
        if i % 2 == 1 {
            args.extend(["--profile", manifest.profile.name]);
        }
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

/// Every answer through `aotcompat detect --profile`.
fn detect_answers(manifest: &Manifest) {
    let paths: Vec<String> = manifest
        .artifacts
        .iter()
        .map(|a| a.path().to_str().unwrap().to_string())
        .collect();
    let mut args = vec!["detect", "--profile", manifest.profile.name];
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
fn stamp_round_trip(manifest: &Manifest) {
    let dir = std::env::temp_dir().join(format!(
        "aotcompat-stamp-{}-{}",
        manifest.profile.name,
        std::process::id()
    ));
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
        let kind = artifact::detect(&bytes, Some(manifest.profile)).map_or("module", |k| k.name());
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
        let original = common::engine_section_of(&path, manifest.profile).unwrap();
        let stamped = common::engine_section_of(&out, manifest.profile).unwrap();
        if is_real {
            assert_eq!(stamped, original, "{name}: stamped engine section differs");
            let detected = artifact::detect(&written, Some(manifest.profile));
            assert_eq!(detected.map(|k| k.name()), Some(kind));
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

/// `aotcompat inspect` of every real artifact and host file, without
/// `--profile`, names the profile of the wasmtime that wrote it.
fn inspect_profiles(manifest: &Manifest) {
    let real = manifest
        .artifacts
        .iter()
        .filter(|a| a.is_real())
        .map(|a| a.path());
    let want = format!("profile: {}", manifest.profile.name);
    let mut inspected = 0;
    for path in real.chain(manifest.hosts.iter().map(|h| h.path())) {
        let out = aotcompat(&["inspect", path.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{}", path.display());
        assert!(
            stdout.lines().any(|l| l == want),
            "{}:\n{stdout}",
            path.display()
        );
        inspected += 1;
    }
    println!("{}: {inspected} files inspected", manifest.wasmtime_version);
    assert!(inspected >= 100);
}
