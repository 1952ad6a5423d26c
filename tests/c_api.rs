//! Runs the C tests in `examples-c/` against the library `cargo test` just
//! built (no nested cargo build: the Makefile gets `LIBDIR`), once as is
//! and once with AddressSanitizer + UndefinedBehaviorSanitizer. The
//! valgrind run is slower and `#[ignore]`d: `cargo test --test c_api --
//! --ignored`.
//!
//! Needs `make` and a C compiler; set `AOTCOMPAT_SKIP_C_TESTS=1` to skip.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples-c");

/// target/<profile>/deps, where `cargo test` builds libaotcompat.so for
/// this run. (Only `cargo build` copies it up to target/<profile>, so the
/// copy there is missing on a fresh checkout, or stale.)
fn libdir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().to_path_buf()
}

fn make(goal: &str) {
    if std::env::var_os("AOTCOMPAT_SKIP_C_TESTS").is_some_and(|v| v == "1") {
        eprintln!("AOTCOMPAT_SKIP_C_TESTS=1: skipping make {goal}");
        return;
    }
    let libdir = libdir();
    assert!(
        libdir.join("libaotcompat.so").exists(),
        "no libaotcompat.so in {}",
        libdir.display()
    );
    let build = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("c_api")
        .join(goal);
    let output = Command::new(std::env::var("MAKE").unwrap_or_else(|_| "make".to_owned()))
        .arg("-C")
        .arg(EXAMPLES)
        .arg(goal)
        .arg(format!("LIBDIR={}", libdir.display()))
        .arg(format!("BUILD={}", build.display()))
        // The panic test's backtrace is noise here.
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap_or_else(|e| panic!("cannot run make ({e}); set AOTCOMPAT_SKIP_C_TESTS=1 to skip"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "make {goal} failed:\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    // Every test program printed its summary, with no failures.
    for program in [
        "test_api",
        "test_probe",
        "test_registry",
        "signal_demo",
        "generic_demo",
        "test_cpp",
    ] {
        let summary = stdout
            .lines()
            .find(|l| l.starts_with(&format!("{program}: ")) && l.contains(" passed, "))
            .unwrap_or_else(|| {
                panic!("make {goal}: no summary from {program}:\n{stdout}\n{stderr}")
            });
        assert!(
            summary.ends_with(" passed, 0 failed"),
            "make {goal}: {summary}"
        );
    }
}

#[test]
fn c_tests_pass() {
    make("test");
}

#[test]
fn c_tests_pass_under_asan_and_ubsan() {
    make("asan");
}

#[test]
#[ignore = "slow; needs valgrind: cargo test --test c_api -- --ignored"]
fn c_programs_are_clean_under_valgrind() {
    make("valgrind");
}
