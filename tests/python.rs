//! The Python bindings (`bindings/python`) against the library `cargo test`
//! just built: their tests (pytest when installed, else as a script), with
//! the PyPI `wasmtime` wheel when it can be had (installed into the target
//! directory if missing), and `pip install bindings/python` finding a
//! library installed with `make install`.
//!
//! Skipped, saying so, without python3; `AOTCOMPAT_SKIP_PYTHON_TESTS=1`
//! skips them too.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn python() -> Option<&'static str> {
    if std::env::var_os("AOTCOMPAT_SKIP_PYTHON_TESTS").is_some_and(|v| v == "1") {
        eprintln!("AOTCOMPAT_SKIP_PYTHON_TESTS=1: skipping the Python tests");
        return None;
    }
    match Command::new("python3").arg("--version").output() {
        Ok(out) if out.status.success() => Some("python3"),
        _ => {
            eprintln!("python3 is not installed: skipping the Python tests");
            None
        }
    }
}

/// target/<profile>/deps, where `cargo test` built libaotcompat.so.
fn builddir() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf()
}

fn tmp(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("python")
        .join(name)
}

fn show(out: &Output) -> String {
    format!(
        "--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A directory holding the `wasmtime` package, unless python3 already
/// imports it or it cannot be installed (then the tests that need it skip).
fn wasmtime_py(python: &str) -> Option<PathBuf> {
    let have = Command::new(python)
        .args(["-c", "import wasmtime"])
        .output()
        .is_ok_and(|o| o.status.success());
    if have {
        return None;
    }
    let dir = tmp("wasmtime-py");
    if dir.join("wasmtime").is_dir() {
        return Some(dir);
    }
    let out = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-deps", "--timeout", "30", "--retries", "1", "--target"])
        .arg(&dir)
        .arg("wasmtime")
        .output();
    match out {
        Ok(out) if out.status.success() => Some(dir),
        Ok(out) => {
            eprintln!(
                "cannot install the wasmtime wheel; its tests will skip:\n{}",
                show(&out)
            );
            None
        }
        Err(e) => {
            eprintln!("cannot run pip ({e}); the wasmtime-py tests will skip");
            None
        }
    }
}

#[test]
fn python_bindings_tests() {
    let Some(python) = python() else { return };
    let mut pythonpath = vec![PathBuf::from(format!("{ROOT}/bindings/python"))];
    pythonpath.extend(wasmtime_py(python));
    let pytest = Command::new(python)
        .args(["-c", "import pytest"])
        .output()
        .is_ok_and(|o| o.status.success());
    let mut cmd = Command::new(python);
    if pytest {
        cmd.args(["-m", "pytest", "-q", "-rs"])
            .arg(format!("{ROOT}/bindings/python/tests"));
    } else {
        cmd.arg(format!("{ROOT}/bindings/python/tests/test_aotcompat.py"));
    }
    let out = cmd
        .env("AOTCOMPAT_LIB", builddir().join("libaotcompat.so"))
        .env("PYTHONPATH", std::env::join_paths(&pythonpath).unwrap())
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .unwrap();
    let text = show(&out);
    println!("{text}");
    assert!(out.status.success(), "the Python tests failed:\n{text}");
    if !pytest {
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(" passed, 0 failed"),
            "{text}"
        );
    }
}

/// `pip install bindings/python`, then the package finds a library that
/// `make install` put into `~/.local` (no AOTCOMPAT_LIB).
#[test]
fn pip_install_finds_an_installed_library() {
    let Some(python) = python() else { return };
    let home = tmp("home");
    let _ = std::fs::remove_dir_all(&home);
    let prefix = home.join(".local");
    let make = Command::new("make")
        .arg("-C")
        .arg(ROOT)
        .arg("install-lib")
        .arg(format!("PREFIX={}", prefix.display()))
        .arg(format!("BUILDDIR={}", builddir().display()))
        .arg("LIBRARY_TYPES=shared")
        .output()
        .unwrap();
    assert!(make.status.success(), "{}", show(&make));
    let site = tmp("site");
    let _ = std::fs::remove_dir_all(&site);
    let pip = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-deps", "--timeout", "30", "--retries", "1", "--target"])
        .arg(&site)
        .arg(format!("{ROOT}/bindings/python"))
        .output()
        .unwrap();
    if !pip.status.success() {
        eprintln!(
            "pip cannot build the package here (no setuptools to be had?); skipping:\n{}",
            show(&pip)
        );
        return;
    }
    let script = "import aotcompat; print(aotcompat.library_path()); \
                  print(aotcompat.Engine.native('wasmtime-31').check_host().compatible)";
    let out = Command::new(python)
        .args(["-c", script])
        .current_dir("/")
        .env("HOME", &home)
        .env("PYTHONPATH", &site)
        .env_remove("AOTCOMPAT_LIB")
        .env_remove("LD_LIBRARY_PATH")
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", show(&out));
    let abi = include_str!("../include/aotcompat.h")
        .lines()
        .find_map(|l| l.strip_prefix("#define AOTCOMPAT_ABI_VERSION "))
        .expect("the header defines AOTCOMPAT_ABI_VERSION");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            prefix
                .join(format!("lib/libaotcompat.so.{abi}"))
                .to_str()
                .unwrap(),
            "True"
        ],
        "{}",
        show(&out)
    );
}
