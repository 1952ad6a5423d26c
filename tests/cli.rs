//! The command's own options beyond replay: cross-host checks, JSON
//! reports, the native host check and keys.

mod common;

use std::process::{Command, Output};

fn aotcompat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aotcompat"))
        .args(args)
        .output()
        .expect("aotcompat runs")
}

fn fixture(name: &str) -> String {
    common::fixtures_root()
        .join("wasmtime-31")
        .join(name)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn target_describes_a_machine_of_another_architecture() {
    let art = fixture("artifacts/aarch64-linux-lse-pauth-module.cwasm");
    let on = |features: &str| {
        aotcompat(&[
            "check",
            &art,
            "--host",
            "native",
            "--target",
            "aarch64-unknown-linux-gnu",
            "--features",
            features,
        ])
    };
    let out = on("lse,paca");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "compatible\n");
    assert_eq!(out.status.code(), Some(0));
    let out = on("lse");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "compilation settings of module incompatible with native host: \
         compilation setting \"has_pauth\" is enabled, but not available on the host\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = aotcompat(&[
        "check",
        &art,
        "--host",
        "native",
        "--target",
        "x86_64-unknown-linux-gnu",
        "--features",
        "sse3",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Module was compiled for architecture 'aarch64'\n"
    );
}

#[test]
fn json_and_all_list_every_mismatch_parity_first() {
    let art = fixture("artifacts/epoch-module.cwasm");
    let host = fixture("hosts/x86-64-default.cwasm");
    let out = aotcompat(&[
        "check",
        &art,
        "--host",
        &host,
        "--features",
        "lse",
        "--target",
        "aarch64-unknown-linux-gnu",
        "--json",
        "--all",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["compatible"], false);
    let fields: Vec<_> = report["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["architecture", "epoch_interruption"]);
    assert_eq!(report["mismatches"][0]["category"], "triple");
    assert_eq!(report["mismatches"][1]["category"], "tunable");
    assert_eq!(report["mismatches"][1]["artifact"], "true");
    assert_eq!(report["mismatches"][1]["host"], "false");
    let all = aotcompat(&[
        "check",
        &art,
        "--host",
        &host,
        "--features",
        "lse",
        "--target",
        "aarch64-unknown-linux-gnu",
        "--all",
    ]);
    let lines: Vec<_> = report["mismatches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| format!("{}\n", m["message"].as_str().unwrap()))
        .collect();
    assert_eq!(String::from_utf8_lossy(&all.stdout), lines.concat());
}

#[test]
fn host_check_judges_the_engine_against_this_machine() {
    let out = aotcompat(&["host-check"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "compatible\n");
    let out = aotcompat(&[
        "host-check",
        "--host",
        &fixture("artifacts/s390x-linux-module.cwasm"),
        "--features",
        "",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("target 's390x-unknown-linux-gnu' specified in the configuration does not match the host"),
        "{text}"
    );
}

#[test]
fn load_keys_ignore_what_the_check_ignores_and_identity_keys_do_not() {
    let key = |args: &[&str]| {
        let out = aotcompat(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let default = fixture("artifacts/default-module.cwasm");
    let k = key(&["key", &default]);
    assert_eq!(k.trim().len(), 64);
    for same in [
        "opt-none-module",
        "opt-speed-and-size-module",
        "address-map-off-module",
        "memory-reservation-for-growth-1m-module",
    ] {
        let other = fixture(&format!("artifacts/{same}.cwasm"));
        assert_eq!(
            k,
            key(&["key", &other]),
            "{same}: the check ignores this difference"
        );
        assert_ne!(
            key(&["key", &default, "--identity"]),
            key(&["key", &other, "--identity"]),
            "{same}"
        );
    }
    for differs in ["epoch-module", "simd-off-module", "isa-avx2-module"] {
        let other = fixture(&format!("artifacts/{differs}.cwasm"));
        assert_ne!(k, key(&["key", &other]), "{differs}");
    }
    // The host engines compile for more CPU features than the baseline
    // artifact: their artifacts need another CPU, so their key differs.
    assert_ne!(k, key(&["key", &fixture("hosts/x86-64-default.cwasm")]));
    assert_eq!(key(&["key", "--host", "native"]).trim().len(), 64);
}

/// The generic profile through the command: detect, inspect (text and
/// JSON), stamp back byte for byte, and check with the default rules.
#[test]
fn generic_artifacts_through_the_command() {
    use aotcompat::artifact::write_artifact;
    use aotcompat::codec::Value;
    use aotcompat::model::{Engine, EngineBuilder, FlagValue, Kind, VersionStrategy};
    use aotcompat::profiles::GENERIC;

    let engine = |stack: u64, simd: bool| {
        let mut b = EngineBuilder::new(&GENERIC);
        b.target("aarch64-unknown-linux-gnu")
            .version_strategy(VersionStrategy::Custom("toyvm 2.3".into()))
            .shared_flag("opt_level", FlagValue::enumerated("speed"))
            .tunable("stack_size", Value::Int(stack))
            .unwrap()
            .feature("threads", true)
            .unwrap()
            .feature("simd128", simd)
            .unwrap();
        b.build().unwrap()
    };
    let dir = std::env::temp_dir().join(format!("aotcompat-cli-generic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, e: &Engine| {
        let path = dir.join(name);
        std::fs::write(&path, write_artifact(e, Kind::Component, &[]).unwrap()).unwrap();
        path.to_str().unwrap().to_string()
    };
    let art = write("art.bin", &engine(65536, true));
    let same = write("same.bin", &engine(65536, true));
    let other = write("other.bin", &engine(131072, false));

    let out = aotcompat(&["detect", &art]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{art}: component\n")
    );

    let out = aotcompat(&["inspect", &art]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "profile: generic",
        "version: toyvm 2.3",
        "  stack_size = 65536",
        "  simd128 = true",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in:\n{text}"
        );
    }

    let json = dir.join("art.json");
    let out = aotcompat(&["inspect", &art, "--json"]);
    std::fs::write(&json, &out.stdout).unwrap();
    let stamped = dir.join("stamped.bin");
    let out = aotcompat(&[
        "stamp",
        "--metadata",
        json.to_str().unwrap(),
        "--kind",
        "component",
        "-o",
        stamped.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let section = |p: &std::path::Path| {
        let bytes = std::fs::read(p).unwrap();
        let elf = aotcompat::format::Headers::parse(&bytes).unwrap();
        let (name, pick) = (GENERIC.container.section, GENERIC.container.pick);
        elf.section_data(name, pick).unwrap().unwrap().to_vec()
    };
    assert_eq!(section(&stamped), section(std::path::Path::new(&art)));

    let out = aotcompat(&["check", &art, "--host", &same, "--features", ""]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "compatible\n");
    let out = aotcompat(&["check", &art, "--host", &other, "--features", "", "--all"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "tunable \"stack_size\" is 65536 in the artifact but 131072 in the host\n\
         feature \"simd128\" is enabled in the artifact but not in the host\n"
    );
    let out = aotcompat(&["check", &art, "--host", "native", "--profile", "generic"]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Many paths and directories, judged in parallel, one line (or JSON
/// object) per file in a stable order, a summary on stderr, and the exit
/// code of the worst outcome.
#[test]
fn many_paths_directories_json_lines_and_summary() {
    let dir = std::env::temp_dir().join(format!("aotcompat-cli-many-{}", std::process::id()));
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let host = fixture("hosts/x86-64-default.cwasm");
    std::fs::copy(&host, dir.join("a.cwasm")).unwrap();
    std::fs::copy(fixture("artifacts/epoch-module.cwasm"), sub.join("b.cwasm")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not an artifact").unwrap();
    let d = dir.to_str().unwrap();

    let out = aotcompat(&["check", d, "--host", &host]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{d}/a.cwasm: compatible\n{d}/sub/b.cwasm: \
             Module was compiled with epoch interruption but it is not enabled for the host\n"
        )
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "1 compatible, 1 incompatible, 0 unreadable\n"
    );

    // --all-files takes notes.txt too; a missing path is unreadable (2).
    let missing = format!("{d}/missing.cwasm");
    let out = aotcompat(&[
        "check",
        d,
        &missing,
        "--host",
        &host,
        "--all-files",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            format!("{d}/a.cwasm"),
            format!("{d}/notes.txt"),
            format!("{d}/sub/b.cwasm"),
            missing.clone()
        ]
    );
    assert_eq!(lines[0]["compatible"], true);
    assert_eq!(lines[1]["mismatches"][0]["category"], "container");
    assert!(lines[3]["error"].as_str().unwrap().contains("cannot read"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.ends_with("1 compatible, 2 incompatible, 1 unreadable\n"),
        "{stderr}"
    );

    // detect, inspect and key take the same paths, with --json.
    let out = aotcompat(&["detect", d, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "{{\"path\":\"{d}/a.cwasm\",\"kind\":\"module\"}}\n\
             {{\"path\":\"{d}/sub/b.cwasm\",\"kind\":\"module\"}}\n"
        )
    );
    let out = aotcompat(&["inspect", d, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(first["path"], format!("{d}/a.cwasm"));
    assert_eq!(first["profile"], "wasmtime-31");
    let out = aotcompat(&["key", d]);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].ends_with(&format!("  {d}/a.cwasm")), "{text}");
    let out = aotcompat(&["key", &host, "--json"]);
    let key: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(key["kind"], "load");
    assert_eq!(key["key"].as_str().unwrap().len(), 64);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_without_all_is_the_parity_verdict_and_names_the_probe() {
    // The host engine's own artifact needs the CPU features it compiles
    // for, which an empty list lacks.
    let art = fixture("hosts/x86-64-default.cwasm");
    let host = art.clone();
    let out = aotcompat(&["check", &art, "--host", &host, "--features", "", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["path"], art.as_str());
    let mismatches = report["mismatches"].as_array().unwrap();
    assert_eq!(mismatches.len(), 1, "{report}");
    assert_eq!(mismatches[0]["category"], "isa-flag");
    assert_eq!(mismatches[0]["artifact"], "true");
    assert_eq!(mismatches[0]["host"], "");
    assert_eq!(mismatches[0]["probe"]["answer"], "no");
    assert!(mismatches[0]["probe"]["feature"].is_string());
}

#[test]
fn unknown_feature_names_are_refused_with_the_known_ones() {
    let art = fixture("artifacts/default-module.cwasm");
    let out = aotcompat(&[
        "check",
        &art,
        "--host",
        "native",
        "--features",
        "sse3,sse41",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown feature `sse41` for x86_64; known: sse3,ssse3,sse4.1,"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn help_shows_examples_exit_codes_and_profiles_and_completions_work() {
    for sub in ["check", "inspect", "key", "detect"] {
        let out = aotcompat(&[sub, "--help"]);
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8_lossy(&out.stdout);
        for part in [
            "Examples:",
            "Exit codes:",
            "Profiles (--profile)",
            "wasmtime-31",
        ] {
            assert!(help.contains(part), "{sub} --help lacks {part:?}:\n{help}");
        }
    }
    for shell in ["bash", "zsh", "fish"] {
        let out = aotcompat(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&out.stdout).contains("aotcompat"));
    }
    assert_eq!(aotcompat(&["completions", "tcsh"]).status.code(), Some(2));
}

/// The progress bar shows on a terminal only (`script` gives the command
/// one), and the summary follows it.
#[test]
fn progress_bar_on_a_terminal_only() {
    let has_script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("no `script` command: skipping the terminal test");
        return;
    }
    let dir = common::fixtures_root().join("wasmtime-31").join("hosts");
    let host = fixture("hosts/x86-64-default.cwasm");
    let line = format!(
        "{} check {} --host {host} --features sse3 > /dev/null",
        env!("CARGO_BIN_EXE_aotcompat"),
        dir.display()
    );
    let out = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    let total = std::fs::read_dir(&dir).unwrap().count();
    assert!(tty.contains(&format!("] {total}/{total}")), "{tty:?}");
    assert!(tty.contains(" compatible, "), "{tty:?}");
    // Not a terminal: the summary alone.
    let out = aotcompat(&[
        "check",
        dir.to_str().unwrap(),
        "--host",
        &host,
        "--features",
        "sse3",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains('\r') && stderr.ends_with(" unreadable\n"),
        "{stderr:?}"
    );
}

/// `inspect` shows the branch-protection byte, and with `--sections` the
/// section table (text and JSON); a pre-3.0 artifact has no bti line.
#[test]
fn inspect_shows_the_bti_byte_and_the_sections() {
    let art = fixture("artifacts/default-module.cwasm");
    let out = aotcompat(&["inspect", &art]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\nbti: 0\n"), "{text}");
    assert!(!text.contains("sections:"), "{text}");
    let out = aotcompat(&["inspect", &art, "--sections"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().skip_while(|l| *l != "sections:").collect();
    assert_eq!(lines.len(), 14, "{text}");
    assert!(
        lines[2].starts_with("  [ 1] .wasmtime.engine"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].contains(".wasmtime.bti") && lines[3].contains("PROGBITS  A     size 1 "),
        "{}",
        lines[3]
    );
    assert!(
        lines[4].contains(".text") && lines[4].contains("AX") && lines[4].contains("align 4096"),
        "{}",
        lines[4]
    );
    let out = aotcompat(&["inspect", &art, "--sections", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["bti"], 0);
    let sections = v["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 13);
    assert_eq!(sections[2]["name"], ".wasmtime.bti");
    assert_eq!(sections[2]["size"], 1);
    assert_eq!(sections[2]["align"], 1);
    assert_eq!(sections[2]["flags"], 2);
    assert_eq!(sections[3]["type"], 1);
    // Without --sections, no sections in the JSON either.
    let out = aotcompat(&["inspect", &art, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("sections").is_none() && v["bti"] == 0);
    // A pre-3.0 artifact: no bti line.
    let legacy = common::fixtures_root().join("legacy-0.33/artifacts/default-module.cwasm");
    let out = aotcompat(&["inspect", legacy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("bti:"));
}

/// `stamp --into` an object that cannot be stamped is a usage error that
/// names it; stamping a real artifact with another's description gives
/// an artifact that loads where the description's engine loads.
#[test]
fn stamp_into_an_object() {
    let dir = std::env::temp_dir().join(format!("aotcompat-cli-into-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let epoch = fixture("artifacts/epoch-module.cwasm");
    let default = fixture("artifacts/default-module.cwasm");
    let json = dir.join("epoch.json");
    std::fs::write(&json, aotcompat(&["inspect", &epoch, "--json"]).stdout).unwrap();
    let out = dir.join("out.cwasm");
    let stamp = |into: &str| {
        aotcompat(&[
            "stamp",
            "--metadata",
            json.to_str().unwrap(),
            "--kind",
            "module",
            "--into",
            into,
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let done = stamp(&default);
    assert_eq!(done.status.code(), Some(0), "{done:?}");
    let features = "sse3,ssse3,sse4.1,sse4.2,popcnt,avx,avx2,bmi1,bmi2,lzcnt,fma";
    let verdict = |host: &str| {
        let o = aotcompat(&[
            "check",
            out.to_str().unwrap(),
            "--host",
            host,
            "--features",
            features,
        ]);
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    assert_eq!(verdict(&epoch), "compatible\n");
    assert_eq!(
        verdict(&default),
        "Module was compiled with epoch interruption but it is not enabled for the host\n"
    );
    for (into, words) in [
        (json.to_str().unwrap().to_string(), "not an ELF file"),
        ("/nonexistent.o".to_string(), "cannot read `/nonexistent.o`"),
        (
            common::fixtures_root()
                .join("wasmtime-44/artifacts/elf32-minimal.cwasm")
                .to_str()
                .unwrap()
                .to_string(),
            "32-bit ELF file",
        ),
        (
            fixture("artifacts/aarch64-linux-module.cwasm"),
            "the object is for aarch64",
        ),
    ] {
        let o = stamp(&into);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{into}: {err}");
        assert!(
            err.starts_with("aotcompat: ") && err.contains(words),
            "{into}: {err}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
