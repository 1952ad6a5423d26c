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
        "lse,paca",
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
        "sse3",
        "--target",
        "aarch64-unknown-linux-gnu",
        "--json",
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
        "sse3",
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
        let elf = aotcompat::format::parse_elf(&*bytes).unwrap();
        let (name, pick) = (GENERIC.container.section, GENERIC.container.pick);
        aotcompat::format::section_data(&elf, name, pick)
            .unwrap()
            .unwrap()
            .to_vec()
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
