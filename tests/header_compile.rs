//! `include/aotcompat.h` compiles on its own and included twice, as C99,
//! C11 and C++, with every warning an error.
//!
//! Uses `$CC` (default `cc`) and `$CXX` (default `c++`). Set
//! `AOTCOMPAT_SKIP_C_TESTS=1` on a machine without a C toolchain.

use std::path::{Path, PathBuf};
use std::process::Command;

const INCLUDE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/include");

fn skip() -> bool {
    std::env::var_os("AOTCOMPAT_SKIP_C_TESTS").is_some_and(|v| v == "1")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("header_compile")
        .join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A translation unit that includes the header `includes` times and uses a
/// few declarations, so the compiler really checks them.
fn source(includes: usize) -> String {
    let mut text = "#include \"aotcompat.h\"\n".repeat(includes);
    text.push_str(
        r#"
static aotcompat_status (*const check_fn)(const aotcompat_engine *, const uint8_t *, size_t,
                                          aotcompat_kind, aotcompat_report **,
                                          aotcompat_error **) = aotcompat_check;
static bool (*const lookup_fn)(const aotcompat_registry *, uintptr_t, uint64_t *, size_t *) =
    aotcompat_registry_lookup;
static aotcompat_status (*const detect_fn)(const char *, const uint8_t *, size_t, aotcompat_kind *,
                                           aotcompat_error **) = aotcompat_detect;
static aotcompat_status (*const rule_fn)(aotcompat_engine_builder *, aotcompat_setting,
                                         const char *, aotcompat_rule, const char *,
                                         aotcompat_error **) = aotcompat_engine_builder_set_rule;
static const char *(*const profile_fn)(size_t) = aotcompat_profile_name;

int main(void) {
    aotcompat_section section = {".text", NULL, 0, 1, AOTCOMPAT_SECTION_KIND_TEXT};
    const char *version = AOTCOMPAT_VERSION;
    (void)section;
    (void)check_fn;
    (void)lookup_fn;
    (void)detect_fn;
    (void)rule_fn;
    (void)profile_fn;
    (void)version;
    return (int)AOTCOMPAT_STATUS_OK + AOTCOMPAT_VERSION_NUMBER * 0 +
           (int)(AOTCOMPAT_SETTING_TUNABLE * AOTCOMPAT_RULE_EQUAL) +
           (int)AOTCOMPAT_STATUS_UNSUPPORTED_BY_PROFILE * 0 +
           /* negative constants expand safely after a minus sign */
           (1-AOTCOMPAT_PROBE_UNKNOWN-AOTCOMPAT_PROBE_ABSENT) * 0 +
           (int)AOTCOMPAT_CATEGORY_FEATURE * 0;
}
"#,
    );
    text
}

fn compile(
    compiler_var: &str,
    default: &str,
    lang_flags: &[&str],
    ext: &str,
    name: &str,
    includes: usize,
) {
    if skip() {
        eprintln!("AOTCOMPAT_SKIP_C_TESTS=1: skipping {name}");
        return;
    }
    let compiler = std::env::var(compiler_var).unwrap_or_else(|_| default.to_owned());
    let dir = scratch(name);
    let src = dir.join(format!("tu.{ext}"));
    std::fs::write(&src, source(includes)).unwrap();
    let output = Command::new(&compiler)
        .args(lang_flags)
        .args(["-Wall", "-Wextra", "-Werror", "-pedantic", "-c", "-o"])
        .arg(dir.join("tu.o"))
        .arg("-I")
        .arg(INCLUDE_DIR)
        .arg(&src)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `{compiler}` ({e}); set AOTCOMPAT_SKIP_C_TESTS=1 to skip")
        });
    assert!(
        output.status.success(),
        "{name}: `{compiler} {}` rejected include/aotcompat.h:\n{}{}",
        lang_flags.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

const C99: &[&str] = &[
    "-x",
    "c",
    "-std=c99",
    "-Wstrict-prototypes",
    "-Wmissing-prototypes",
];
const C11: &[&str] = &["-x", "c", "-std=c11", "-Wstrict-prototypes"];
const CXX11: &[&str] = &["-x", "c++", "-std=c++11"];
const CXX17: &[&str] = &["-x", "c++", "-std=c++17"];

#[test]
fn compiles_as_c99_standalone() {
    compile("CC", "cc", C99, "c", "c99-once", 1);
}

#[test]
fn compiles_as_c99_included_twice() {
    compile("CC", "cc", C99, "c", "c99-twice", 2);
}

#[test]
fn compiles_as_c11_included_twice() {
    compile("CC", "cc", C11, "c", "c11-twice", 2);
}

#[test]
fn compiles_as_cxx11_standalone() {
    compile("CXX", "c++", CXX11, "cc", "cxx11-once", 1);
}

#[test]
fn compiles_as_cxx17_included_twice() {
    compile("CXX", "c++", CXX17, "cc", "cxx17-twice", 2);
}

/// `include/aotcompat.hpp` alone (twice, after aotcompat.h) as C++17 with
/// every warning an error, using enough of it to instantiate its templates.
#[test]
fn cxx_wrapper_compiles_as_cxx17_included_twice() {
    if skip() {
        eprintln!("AOTCOMPAT_SKIP_C_TESTS=1: skipping the C++ wrapper");
        return;
    }
    let compiler = std::env::var("CXX").unwrap_or_else(|_| "c++".to_owned());
    let dir = scratch("hpp");
    let src = dir.join("tu.cc");
    std::fs::write(
        &src,
        r#"#include "aotcompat.hpp"
#include "aotcompat.h"
#include "aotcompat.hpp"
int main() {
    try {
        aotcompat::engine e = aotcompat::engine::native("wasmtime-31");
        aotcompat::report r = e.check(e.write());
        for (const aotcompat::mismatch &m : r) { (void)m; }
        return r.compatible() ? 0 : 1;
    } catch (const aotcompat::error &e) {
        return (int)e.status();
    }
}
"#,
    )
    .unwrap();
    let output = Command::new(&compiler)
        .args([
            "-x",
            "c++",
            "-std=c++17",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
        ])
        .args(["-Wconversion", "-Wshadow", "-c", "-o"])
        .arg(dir.join("tu.o"))
        .arg("-I")
        .arg(INCLUDE_DIR)
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "aotcompat.hpp:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
