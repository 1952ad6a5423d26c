//! Every snippet of README.md, run as a user would run it.
//!
//! - `c`, `cpp` and `cmake` blocks are the files the README names
//!   (`examples-c/readme.c`, `readme.cpp`, `cmake/CMakeLists.txt`),
//!   byte for byte; the `sh` blocks build and run them.
//! - `sh` blocks run in order, as one bash script with `set -euo
//!   pipefail`, in the checkout, with `HOME` a fresh directory (so
//!   `make install PREFIX=$HOME/.local` and `pip install --user` stay in
//!   it). The one exception is `cargo test` in "Getting started": that is
//!   the command running this test.
//! - `console` blocks: each `$ command` runs (in one bash session, so
//!   variables carry over) with the installed `aotcompat` on `PATH`, and
//!   must print exactly the lines below it.
//! - `python` blocks run with the package and the library the `sh` blocks
//!   installed into that `HOME`.
//! - `text` blocks are output the `sh` blocks must print, or (the source
//!   layout) lines whose first word is a path of the checkout.
//! - `rust` blocks name only fields that `Profile` has.
//!
//! Needs bash, make, a C and C++ compiler, pkg-config and python3 with
//! pip (PyPI reachable); says so and skips without pkg-config or python3,
//! and skips the CMake snippet without cmake. The `cargo build --release`
//! of the snippets is a no-op when the release build is up to date (as
//! `.ci/run` makes it before `cargo test`).

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const README: &str = include_str!("../README.md");

/// The fenced blocks of the README: (info string, content).
fn blocks() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = README.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut content = String::new();
        for line in lines.by_ref() {
            if line == "```" {
                break;
            }
            content.push_str(line);
            content.push('\n');
        }
        out.push((info.trim().to_string(), content));
    }
    out
}

fn of(lang: &str) -> Vec<String> {
    blocks()
        .into_iter()
        .filter(|(l, _)| l == lang)
        .map(|(_, c)| c)
        .collect()
}

fn file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap()
}

#[test]
fn every_block_has_a_known_language() {
    for (lang, content) in blocks() {
        assert!(
            ["c", "cpp", "cmake", "sh", "console", "python", "text", "rust"]
                .contains(&lang.as_str()),
            "a README block tagged {lang:?} would not be run:\n{content}"
        );
    }
}

#[test]
fn source_blocks_are_the_files_the_tests_build() {
    assert_eq!(of("c"), [file("examples-c/readme.c")]);
    assert_eq!(of("cpp"), [file("examples-c/readme.cpp")]);
    assert_eq!(of("cmake"), [file("examples-c/cmake/CMakeLists.txt")]);
}

#[test]
fn rust_blocks_name_real_profile_fields() {
    let sources: String = ["src/profiles/mod.rs", "src/profiles/wasmtime.rs"]
        .iter()
        .map(|f| file(f))
        .collect();
    for block in of("rust") {
        for line in block.lines() {
            let line = line.split("//").next().unwrap().trim();
            if let Some((field, _)) = line.split_once(": ") {
                if field.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    assert!(
                        sources.contains(&format!("pub {field}:")),
                        "README's Profile example names `{field}`, which Profile does not have"
                    );
                }
            }
        }
    }
}

#[test]
fn source_layout_names_real_paths() {
    let layout = of("text")
        .into_iter()
        .find(|t| t.starts_with("Makefile"))
        .expect("the source layout block");
    for line in layout.lines() {
        let path = line.split_whitespace().next().unwrap();
        assert!(Path::new(ROOT).join(path).exists(), "{path} does not exist");
    }
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The environment of a user whose home is `home`, keeping the toolchains
/// found through the real home.
fn user_env(cmd: &mut Command, home: &Path) {
    let real_home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    for (var, dir) in [
        ("CARGO_HOME", ".cargo"),
        ("RUSTUP_HOME", ".rustup"),
        ("PYENV_ROOT", ".pyenv"),
    ] {
        let value = std::env::var_os(var).map_or_else(|| real_home.join(dir), PathBuf::from);
        if value.exists() {
            cmd.env(var, value);
        }
    }
    cmd.env("HOME", home)
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1")
        .env("RUST_BACKTRACE", "0")
        .env_remove("AOTCOMPAT_LIB")
        .env_remove("PKG_CONFIG_PATH")
        .env_remove("PYTHONPATH")
        .current_dir(ROOT);
}

fn run_bash(script: &str, home: &Path) -> String {
    let mut cmd = Command::new("bash");
    cmd.arg("-c").arg(script);
    user_env(&mut cmd, home);
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "README snippet failed:\n{script}\n--- output\n{text}"
    );
    text
}

#[test]
fn readme_snippets_run() {
    if !have("pkg-config") || !have("python3") {
        eprintln!("pkg-config or python3 is missing: skipping the README snippets");
        return;
    }
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-home");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).unwrap();
    let build = Path::new(ROOT).join("build");
    let _ = std::fs::remove_dir_all(&build);

    // The sh blocks, in order, as one script.
    let cmake = have("cmake");
    let mut script = String::from("set -euo pipefail\n");
    for block in of("sh") {
        if block.contains("cmake ") && !cmake {
            eprintln!("cmake is missing: skipping the README's CMake snippet");
            continue;
        }
        for line in block.lines() {
            // This test is what `cargo test` runs.
            if line.trim_start().starts_with("cargo test") {
                continue;
            }
            script.push_str(line);
            script.push('\n');
        }
    }
    let output = run_bash(&script, &home);
    for text in of("text") {
        if text.starts_with("Makefile") {
            continue;
        }
        assert!(
            output.contains(&text),
            "README output block not printed by the snippets:\n{text}\n--- output\n{output}"
        );
    }

    // The console blocks, with the installed command.
    let bin = home.join(".local/bin");
    for block in of("console") {
        let mut commands: Vec<(String, String)> = Vec::new();
        let mut continued = false;
        for line in block.lines() {
            if let Some(cmd) = line.strip_prefix("$ ") {
                commands.push((cmd.to_string(), String::new()));
                continued = cmd.ends_with('\\');
            } else if continued {
                let last = commands.last_mut().unwrap();
                last.0.push('\n');
                last.0.push_str(line);
                continued = line.ends_with('\\');
            } else {
                let last = commands.last_mut().expect("output before a command");
                last.1.push_str(line);
                last.1.push('\n');
            }
        }
        let mut session = format!("export PATH={}:$PATH\nexec 2>&1\n", bin.display());
        for (i, (cmd, _)) in commands.iter().enumerate() {
            session.push_str(&format!("echo '@@@ {i}'\n{cmd} || true\n"));
        }
        let out = run_bash(&session, &home);
        let parts: Vec<&str> = out.split("@@@ ").skip(1).collect();
        assert_eq!(parts.len(), commands.len(), "{out}");
        for ((cmd, expected), part) in commands.iter().zip(parts) {
            let got = part.split_once('\n').map_or("", |(_, rest)| rest);
            assert_eq!(got, expected, "README console: `{cmd}`");
        }
    }

    // The python blocks, with what the sh blocks installed.
    for block in of("python") {
        let mut cmd = Command::new("python3");
        cmd.arg("-c").arg(&block);
        user_env(&mut cmd, &home);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "README Python snippet failed:\n{block}\n--- stdout\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&build);
}
