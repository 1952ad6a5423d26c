//! `make install` into a temporary prefix, then the README's C program
//! built against the installed library three ways (pkg-config shared,
//! pkg-config --static from a static-only prefix, CMake's
//! pkg_check_modules) and run on real fixtures. Installs what `cargo test`
//! just built (`BUILDDIR`), so no nested cargo build.
//!
//! Needs make, a C compiler and pkg-config (set `AOTCOMPAT_SKIP_C_TESTS=1`
//! to skip); without pkg-config or cmake the tests that need them say so
//! and pass. `.ci/run` installs both from Debian when they are missing.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn skip() -> bool {
    if std::env::var_os("AOTCOMPAT_SKIP_C_TESTS").is_some_and(|v| v == "1") {
        return true;
    }
    if Command::new("pkg-config")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("pkg-config is not installed: skipping (apt-get install pkg-config)");
        return true;
    }
    false
}

/// target/<profile>/deps, where `cargo test` built the libraries.
fn builddir() -> PathBuf {
    std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf()
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A fresh prefix with `make install` done, with `extra` make variables.
fn install(name: &str, extra: &[&str]) -> PathBuf {
    let prefix = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("packaging")
        .join(name);
    let _ = std::fs::remove_dir_all(&prefix);
    let mut make = Command::new("make");
    make.arg("-C")
        .arg(ROOT)
        .arg("install")
        .arg(format!("PREFIX={}", prefix.display()))
        .arg(format!("BUILDDIR={}", builddir().display()))
        .arg(format!("AOTCOMPAT_BIN={}", env!("CARGO_BIN_EXE_aotcompat")))
        .args(extra);
    run(&mut make);
    prefix
}

fn pkg_config(prefix: &Path, args: &[&str]) -> Vec<String> {
    let out = run(Command::new("pkg-config")
        .env("PKG_CONFIG_PATH", prefix.join("lib/pkgconfig"))
        .args(args)
        .arg("aotcompat"));
    text(&out).split_whitespace().map(String::from).collect()
}

fn fixture(rel: &str) -> String {
    format!("{ROOT}/tests/fixtures/wasmtime-31/{rel}")
}

/// Runs the README's program on a compatible pair, an incompatible one and
/// a missing file.
fn check_program(program: &Path) {
    let host = fixture("hosts/x86-64-default.cwasm");
    let out = Command::new(program).args([&host, &host]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "compatible\n");
    assert_eq!(out.status.code(), Some(0));
    let out = Command::new(program)
        .args([&fixture("artifacts/epoch-module.cwasm"), &host])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "tunable epoch_interruption: artifact true, host false: \
         Module was compiled with epoch interruption but it is not enabled for the host\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = Command::new(program)
        .args(["/nonexistent.cwasm", &host])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error 200 (a file could not be read)")
    );
}

fn needed(program: &Path) -> String {
    text(&run(Command::new("readelf").arg("-d").arg(program)))
}

/// The header's `AOTCOMPAT_ABI_VERSION`.
fn abi() -> &'static str {
    include_str!("../include/aotcompat.h")
        .lines()
        .find_map(|l| l.strip_prefix("#define AOTCOMPAT_ABI_VERSION "))
        .unwrap()
}

/// The library version of `[package.metadata.capi.library]` in Cargo.toml.
fn library_version() -> &'static str {
    include_str!("../Cargo.toml")
        .split("[package.metadata.capi.library]")
        .nth(1)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))
        .unwrap()
        .trim_end_matches('"')
}

#[test]
fn library_version_major_is_the_abi() {
    let (abi, version) = (abi(), library_version());
    assert_eq!(
        version.split('.').next(),
        Some(abi),
        "{version} vs ABI {abi}"
    );
}

#[test]
fn install_layout_and_pkg_config_shared() {
    if skip() {
        return;
    }
    let prefix = install("shared", &[]);
    let lib = prefix.join("lib");
    // As cargo-c 0.10 lays them out.
    let soname = format!("libaotcompat.so.{}", abi());
    let real = format!("libaotcompat.so.{}", library_version());
    assert_eq!(
        std::fs::read_link(lib.join("libaotcompat.so")).unwrap(),
        Path::new(&real)
    );
    assert_eq!(
        std::fs::read_link(lib.join(&soname)).unwrap(),
        Path::new(&real)
    );
    assert!(lib.join("libaotcompat.a").is_file());
    assert!(prefix.join("include/aotcompat.h").is_file());
    assert!(prefix.join("bin/aotcompat").is_file());
    let dynamic = needed(&lib.join(&real));
    assert!(
        dynamic.contains(&format!("Library soname: [{soname}]")),
        "{dynamic}"
    );
    let pc = std::fs::read_to_string(lib.join("pkgconfig/aotcompat.pc")).unwrap();
    assert!(pc.contains(&format!("libdir={}", lib.display())), "{pc}");
    assert!(pc.contains("Libs.private: -l"), "{pc}");

    // The installed command runs.
    let out = run(Command::new(prefix.join("bin/aotcompat")).arg("profiles"));
    assert!(text(&out).contains("wasmtime-31"));

    let program = prefix.join("check-shared");
    let mut cc = Command::new("cc");
    cc.arg(format!("{ROOT}/examples-c/readme.c"))
        .arg("-o")
        .arg(&program)
        .args(pkg_config(&prefix, &["--cflags", "--libs"]))
        .arg(format!("-Wl,-rpath,{}", lib.display()));
    run(&mut cc);
    assert!(needed(&program).contains(&format!("[{soname}]")));
    check_program(&program);

    // uninstall removes every file.
    run(Command::new("make")
        .arg("-C")
        .arg(ROOT)
        .arg("uninstall")
        .arg(format!("PREFIX={}", prefix.display())));
    let left: Vec<_> = walk(&prefix).into_iter().filter(|p| p.is_file()).collect();
    assert_eq!(left, [program], "uninstall left files behind");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn pkg_config_static_from_a_static_prefix() {
    if skip() {
        return;
    }
    let prefix = install("static", &["LIBRARY_TYPES=static"]);
    assert!(!prefix.join("lib/libaotcompat.so").exists());
    let program = prefix.join("check-static");
    let mut cc = Command::new("cc");
    cc.arg(format!("{ROOT}/examples-c/readme.c"))
        .arg("-o")
        .arg(&program)
        .args(pkg_config(&prefix, &["--static", "--cflags", "--libs"]));
    run(&mut cc);
    assert!(
        !needed(&program).contains("aotcompat"),
        "links libaotcompat dynamically"
    );
    check_program(&program);
}

#[test]
fn cmake_pkg_check_modules() {
    if skip() {
        return;
    }
    if Command::new("cmake").arg("--version").output().is_err() {
        eprintln!("cmake is not installed: skipping the CMake test (apt-get install cmake)");
        return;
    }
    let prefix = install("cmake", &[]);
    let build = prefix.join("cmake-build");
    run(Command::new("cmake")
        .env("PKG_CONFIG_PATH", prefix.join("lib/pkgconfig"))
        .arg("-S")
        .arg(format!("{ROOT}/examples-c/cmake"))
        .arg("-B")
        .arg(&build));
    run(Command::new("cmake").arg("--build").arg(&build));
    check_program(&build.join("check"));
}
