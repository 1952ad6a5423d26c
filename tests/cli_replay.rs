//! The `aotcompat` command against every recorded wasmtime release: every
//! verdict through `aotcompat check`, every detect answer through
//! `aotcompat detect`, and `inspect --json` | `stamp` giving back the
//! original engine and bti sections (and, `--into` the artifact itself,
//! the artifact).

mod common;

use aotcompat::artifact;
use aotcompat::format::EngineSection;
use common::elf::ElfParts;
use common::Manifest;

/// wasmtime's branch-protection section.
const BTI: &str = ".wasmtime.bti";
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
    common::for_each_version(check_verdicts);
}

#[test]
fn detect_reproduces_every_answer() {
    common::for_each_version(detect_answers);
}

#[test]
fn stamp_of_inspect_json_gives_the_same_engine_section() {
    common::for_each_version(stamp_round_trip);
}

#[test]
fn inspect_names_the_profile_without_being_told() {
    common::for_each_version(inspect_profiles);
}

/// Every verdict through `aotcompat check`, one command per host and kind
/// with all of that pair's artifacts (the command's many-path form, which
/// prints `PATH: verdict` lines), and every 50th verdict alone as well (the
/// one-path form, which prints the verdict bare). The host's profile is
/// detected from its file for even pairs (where its bytes can tell) and
/// named with `--profile` for odd ones.
fn check_verdicts(manifest: &Manifest) {
    let mut disagreements = Vec::new();
    let mut pairs: Vec<(&str, &str, Vec<&common::Verdict>)> = Vec::new();
    for v in &manifest.verdicts {
        match pairs
            .iter_mut()
            .find(|(h, k, _)| *h == v.host && *k == v.kind)
        {
            Some((_, _, vs)) => vs.push(v),
            None => pairs.push((&v.host, &v.kind, vec![v])),
        }
    }
    let expected_text = |v: &common::Verdict| {
        if v.ok {
            "compatible".to_string()
        } else {
            escape_controls(v.message.as_deref().unwrap_or_default())
        }
    };
    let mut spawned = 0;
    for (i, (host_name, kind, verdicts)) in pairs.iter().enumerate() {
        let host = manifest.host(host_name);
        let host_path = host.path();
        let features = host.probe.cli_list();
        let args_for = |arts: &[String], name_profile: bool| {
            let mut args: Vec<String> = vec!["check".into()];
            args.extend(arts.iter().cloned());
            args.extend(
                [
                    "--host",
                    host_path.to_str().unwrap(),
                    "--kind",
                    kind,
                    "--features",
                    &features,
                ]
                .map(String::from),
            );
            // A host whose version string names no release and whose bytes
            // other releases' layouts read alike needs its profile named
            // (see `common::read_detected`).
            let ambiguous = artifact::Artifact::read_file(&host_path, None).is_err();
            if name_profile || ambiguous {
                args.extend(["--profile".into(), manifest.profile.name.into()]);
            }
            if !host.gc_support {
                args.push("--no-gc-support".into());
            }
            args
        };
        let paths: Vec<String> = verdicts
            .iter()
            .map(|v| {
                manifest
                    .artifact(&v.artifact)
                    .path()
                    .to_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let args = args_for(&paths, i % 2 == 1);
        let out = aotcompat(&args.iter().map(String::as_str).collect::<Vec<_>>());
        spawned += 1;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stdout.lines().collect();
        if paths.len() > 1 && lines.len() != paths.len() {
            disagreements.push(format!(
                "{host_name} as {kind}: {} lines for {} artifacts:\n{stdout}\n{stderr}",
                lines.len(),
                paths.len()
            ));
            continue;
        }
        let mut any_incompatible = false;
        for (j, (v, path)) in verdicts.iter().zip(&paths).enumerate() {
            let got = if paths.len() > 1 {
                lines[j]
                    .strip_prefix(&format!("{path}: "))
                    .unwrap_or(lines[j])
            } else {
                lines.first().copied().unwrap_or("")
            };
            any_incompatible |= got != "compatible";
            let want = expected_text(v);
            if got == "compatible" && manifest.load_phase_twin(v).is_some() {
                // wasmtime's compatibility check passed here too; it refused
                // while decoding the body (see load_phase_twin).
                continue;
            }
            if got != want {
                disagreements.push(format!(
                    "{} on {} as {}: expected {want:?}, got {got:?}",
                    v.artifact, v.host, v.kind
                ));
            }
            if (spawned + j) % 50 == 0 {
                // The one-path form of the same verdict.
                let single = aotcompat(
                    &args_for(std::slice::from_ref(path), i % 2 == 0)
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>(),
                );
                let code = if got == "compatible" { 0 } else { 1 };
                let alone = String::from_utf8_lossy(&single.stdout);
                if single.status.code() != Some(code)
                    || alone != format!("{got}\n")
                    || !single.stderr.is_empty()
                {
                    disagreements.push(format!(
                        "{} on {} as {} alone: {:?} {alone:?}",
                        v.artifact,
                        v.host,
                        v.kind,
                        single.status.code()
                    ));
                }
            }
        }
        let code = if any_incompatible { 1 } else { 0 };
        if out.status.code() != Some(code) || stderr.contains("aotcompat:") {
            disagreements.push(format!(
                "{host_name} as {kind}: exit {:?} (expected {code}), stderr {stderr:?}",
                out.status.code()
            ));
        }
    }
    println!(
        "{}: {} verdicts replayed through aotcompat check in {spawned} commands, {} \
         disagreements",
        manifest.wasmtime_version,
        manifest.verdicts.len(),
        disagreements.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// Every recorded answer through `aotcompat detect --profile` (the wheels'
/// fixtures record none: no wheel exposes `detect_precompiled`).
fn detect_answers(manifest: &Manifest) {
    let recorded: Vec<(String, &str)> = manifest
        .artifacts
        .iter()
        .filter_map(|a| Some((a.path().to_str()?.to_string(), a.detect.as_deref()?)))
        .collect();
    if recorded.is_empty() {
        return;
    }
    let mut args = vec!["detect", "--profile", manifest.profile.name];
    args.extend(recorded.iter().map(|(p, _)| p.as_str()));
    let out = aotcompat(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected: String = recorded
        .iter()
        .map(|(p, detect)| format!("{p}: {detect}\n"))
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
    let (mut real, mut stamped_into) = (0, 0);
    for (name, path, is_real) in entries {
        real += usize::from(is_real);
        let bytes = std::fs::read(&path).unwrap();
        let kind = artifact::detect(&bytes, Some(manifest.profile)).map_or("module", |k| k.name());
        // Without a profile where the version string names the release;
        // with one where only the bytes could tell (see
        // `inspect_profiles`).
        let mut args = vec!["inspect", path.to_str().unwrap(), "--json"];
        if !manifest.profile.owns_version(
            &artifact::Artifact::read_file(&path, Some(manifest.profile))
                .map_or(vec![], |a| a.version),
        ) {
            args.extend(["--profile", manifest.profile.name]);
        }
        let inspect = aotcompat(&args);
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
        if manifest.profile.is_legacy() {
            // Read only: every description is refused, plainly.
            assert_eq!(stamp.status.code(), Some(2), "{name}: {stamp_err}");
            assert!(
                stamp_err.contains("pre-3.0 format, which aotcompat reads but does not write"),
                "{name}: {stamp_err}"
            );
            exact += usize::from(is_real);
            continue;
        }
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
            // The branch-protection section too, and `inspect` shows it.
            let bti = |bytes: &[u8]| ElfParts::read(bytes).section(BTI).map(|s| s.data.clone());
            assert_eq!(bti(&written), bti(&bytes), "{name}: bti section differs");
            let described: serde_json::Value = serde_json::from_slice(&inspect.stdout).unwrap();
            assert_eq!(
                described["bti"].as_u64(),
                bti(&bytes).map(|b| u64::from(b[0])),
                "{name}: inspect's bti"
            );
            // Stamped into the artifact itself, the same description gives
            // the artifact back, byte for byte (every 8th, and the
            // default module).
            if exact % 8 == 0 || name == "default-module" {
                let into = dir.join(format!("{name}.into.cwasm"));
                let stamp = aotcompat(&[
                    "stamp",
                    "--metadata",
                    json.to_str().unwrap(),
                    "--kind",
                    kind,
                    "--into",
                    path.to_str().unwrap(),
                    "-o",
                    into.to_str().unwrap(),
                ]);
                assert_eq!(stamp.status.code(), Some(0), "{name}: {stamp:?}");
                assert!(
                    std::fs::read(&into).unwrap() == bytes,
                    "{name}: --into changed it"
                );
                stamped_into += 1;
            }
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
    if manifest.profile.is_legacy() {
        println!("{exact} real artifacts and hosts described; stamping them refused (read only)");
    } else {
        println!(
            "{exact} real artifacts and hosts stamped back byte for byte (engine and bti \
             sections; {stamped_into} of them whole, stamped into themselves); {refused} \
             corrupted ones refused or not faithful"
        );
        assert!(stamped_into > 0);
    }
    assert_eq!(exact, real);
}

/// `aotcompat inspect` of every real artifact and host file, without
/// `--profile`, names the profile of the wasmtime that wrote it where its
/// version string says which release that is, and otherwise a release that
/// writes the same layout, or fails naming the profiles that read the
/// bytes alike (as `common::read_detected` requires of the library).
fn inspect_profiles(manifest: &Manifest) {
    let real = manifest
        .artifacts
        .iter()
        .filter(|a| a.is_real())
        .map(|a| a.path());
    let want = format!("profile: {}", manifest.profile.name);
    let (mut inspected, mut by_version) = (0, 0);
    for path in real.chain(manifest.hosts.iter().map(|h| h.path())) {
        let out = aotcompat(&["inspect", path.to_str().unwrap()]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let library = common::read_detected(&path, manifest.profile);
        if manifest.profile.owns_version(&library.version) {
            assert_eq!(out.status.code(), Some(0), "{}: {stderr}", path.display());
            assert!(
                stdout.lines().any(|l| l == want),
                "{}:\n{stdout}",
                path.display()
            );
            by_version += 1;
        } else if out.status.code() == Some(0) {
            let line = format!("profile: {}", library.profile.name);
            assert!(
                stdout.lines().any(|l| l == line),
                "{}:\n{stdout}",
                path.display()
            );
        } else {
            assert!(
                stderr.contains("fits profiles") && stderr.contains(manifest.profile.name),
                "{}: {stderr}",
                path.display()
            );
        }
        inspected += 1;
    }
    println!(
        "{}: {inspected} files inspected, {by_version} named by their version string",
        manifest.wasmtime_version
    );
    assert!(
        by_version >= 10,
        "{by_version} files named by their version"
    );
}

/// `aotcompat detect` calls every pre-3.0 file `legacy` (without a profile,
/// and with its own), and `aotcompat check` against hosts of wasmtime
/// 3.0.0 and 50.0.1 gives what those releases said about each artifact; with
/// `--all`, one more line names the pre-3.0 format.
#[test]
fn pre_3_artifacts_through_the_command() {
    let hosts = [("3.0.0", "wasmtime-3"), ("50.0.1", "wasmtime-50")].map(|(version, dir)| {
        let m = common::manifest_of(dir);
        let host = m.host("x86-64-default");
        (version, host.path(), host.probe.cli_list())
    });
    let mut replayed = 0;
    for dir in common::versions() {
        if !dir.starts_with("legacy-") {
            continue;
        }
        let m = common::manifest_of(&dir);
        let real: Vec<String> = m
            .artifacts
            .iter()
            .filter(|a| a.is_real())
            .map(|a| a.path().to_str().unwrap().to_string())
            .collect();
        for profile in [None, Some(m.profile.name)] {
            let mut args = vec!["detect"];
            args.extend(profile.iter().flat_map(|p| ["--profile", p]));
            args.extend(real.iter().map(String::as_str));
            let out = aotcompat(&args);
            let stdout = String::from_utf8(out.stdout).unwrap();
            let expected: String = real.iter().map(|p| format!("{p}: legacy\n")).collect();
            assert_eq!(stdout, expected, "{dir} {profile:?}");
        }
        for (loader, host, features) in &hosts {
            let verdicts: Vec<_> = m
                .foreign_verdicts
                .iter()
                .filter(|f| f.loader == *loader)
                .collect();
            let paths: Vec<String> = verdicts
                .iter()
                .map(|f| m.artifact(&f.artifact).path().to_str().unwrap().to_string())
                .collect();
            let mut args = vec!["check", "--kind", "module", "--features", features];
            args.extend(["--host", host.to_str().unwrap()]);
            args.extend(paths.iter().map(String::as_str));
            let out = aotcompat(&args);
            assert_eq!(out.status.code(), Some(1), "{dir} on {loader}");
            let stdout = String::from_utf8(out.stdout).unwrap();
            let expected: String = verdicts
                .iter()
                .zip(&paths)
                .map(|(f, p)| format!("{p}: {}\n", f.message.as_deref().unwrap_or("compatible")))
                .collect();
            assert_eq!(stdout, expected, "{dir} on {loader}");
            replayed += verdicts.len();
            args.push("--all");
            let out = aotcompat(&args);
            let stdout = String::from_utf8(out.stdout).unwrap();
            let explained = stdout
                .lines()
                .filter(|l| l.ends_with("in the pre-3.0 format, which no wasmtime since 3.0 loads"))
                .count();
            assert_eq!(explained, verdicts.len(), "{dir} on {loader}:\n{stdout}");
        }
    }
    println!("{replayed} foreign verdicts through aotcompat check");
    assert!(replayed >= 400, "{replayed}");
}
