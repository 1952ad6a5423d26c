//! The shared library exports exactly the functions the header declares,
//! all named `aotcompat_*`, and carries a soname.
//!
//! Inspects the `libaotcompat.so` that `cargo test` built next to this test
//! binary, with binutils' `nm` and `readelf`.

#![cfg(target_os = "linux")]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

const HEADER: &str = include_str!("../include/aotcompat.h");

/// Toolchain symbols a Rust cdylib may export besides ours
/// (rust-lang/rust#100774).
const ALLOWED_EXTRA: &[&str] = &["rust_eh_personality"];

/// The libaotcompat.so `cargo test` built for this run, beside this test
/// in target/<profile>/deps (only `cargo build` copies it up a level, so
/// that copy is missing on a fresh checkout, or stale).
fn library() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let lib = exe.parent().unwrap().join("libaotcompat.so");
    assert!(
        lib.exists(),
        "{} not found; `cargo test` builds it with the lib target",
        lib.display()
    );
    lib
}

fn run(tool: &str, args: &[&str], lib: &PathBuf) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(lib)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{tool}` ({e}); it comes with binutils"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The header without comments.
fn header_code() -> String {
    let mut code = String::new();
    let mut rest = HEADER;
    while let Some(start) = rest.find("/*") {
        code.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("unterminated comment") + start + 2;
        rest = &rest[end..];
    }
    code.push_str(rest);
    code.lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every function the header declares: an `aotcompat_` identifier followed
/// by `(` (typedefs of function pointers have `)(` instead).
fn declared_functions() -> BTreeSet<String> {
    let code = header_code();
    let bytes = code.as_bytes();
    let mut names = BTreeSet::new();
    let mut i = 0;
    while let Some(pos) = code[i..].find("aotcompat_") {
        let start = i + pos;
        let boundary =
            start == 0 || !(bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_');
        let mut end = start;
        while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
            end += 1;
        }
        if boundary && bytes.get(end) == Some(&b'(') {
            names.insert(code[start..end].to_owned());
        }
        i = end;
    }
    names
}

#[test]
fn exports_match_header_declarations() {
    let lib = library();
    let nm = run("nm", &["-D", "--defined-only"], &lib);
    let mut exported_functions = BTreeSet::new();
    let mut unexpected = Vec::new();
    for line in nm.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (kind, name) = match fields.as_slice() {
            [_, kind, name] => (*kind, *name),
            [kind, name] => (*kind, *name),
            _ => continue,
        };
        if name.starts_with("aotcompat_") && kind == "T" {
            exported_functions.insert(name.to_owned());
        } else if !ALLOWED_EXTRA.contains(&name) {
            unexpected.push(format!("{kind} {name}"));
        }
    }
    assert!(
        unexpected.is_empty(),
        "symbols exported besides the aotcompat_* API: {unexpected:?}"
    );

    let declared = declared_functions();
    assert!(
        declared.len() > 50,
        "parsed only {} declarations from the header",
        declared.len()
    );
    let missing: Vec<_> = declared.difference(&exported_functions).collect();
    let undeclared: Vec<_> = exported_functions.difference(&declared).collect();
    assert!(
        missing.is_empty() && undeclared.is_empty(),
        "declared in the header but not exported: {missing:?}\nexported but not declared in the header: {undeclared:?}"
    );
    for required in [
        "aotcompat_version",
        "aotcompat_profile_name",
        "aotcompat_engine_builder_set_rule",
        "aotcompat_engine_builder_set_tunable_json",
        "aotcompat_check",
        "aotcompat_artifact_write",
        "aotcompat_registry_lookup",
        "aotcompat_registry_global",
        "aotcompat_test_force_panic",
    ] {
        assert!(
            exported_functions.contains(required),
            "{required} is not exported"
        );
    }
}

/// One engine type and one builder serve every profile: no function exists
/// twice for two kinds of engine, as the removed `aotcompat_generic_*`
/// family did.
#[test]
fn no_function_is_declared_per_engine_kind() {
    let declared = declared_functions();
    let per_kind: Vec<_> = declared
        .iter()
        .filter(|f| f.starts_with("aotcompat_generic_"))
        .collect();
    assert!(
        per_kind.is_empty(),
        "functions for one engine kind: {per_kind:?}"
    );
    assert!(!HEADER.contains("aotcompat_generic_"));
}

#[test]
fn shared_library_has_a_soname_from_the_abi_version() {
    let abi = HEADER
        .lines()
        .find_map(|l| l.strip_prefix("#define AOTCOMPAT_ABI_VERSION "))
        .expect("the header defines AOTCOMPAT_ABI_VERSION")
        .trim();
    // ABI 1: one engine and one builder for every profile (the generic
    // engine's functions removed, profile arguments moved first); ABI 2:
    // verdicts without error objects, enums for categories and probe
    // answers, `aotcompat_engine_check_host` without `all`.
    assert!(
        abi.parse::<u32>().is_ok_and(|n| n >= 2),
        "AOTCOMPAT_ABI_VERSION is {abi}"
    );
    let dynamic = run("readelf", &["-d"], &library());
    let soname = dynamic
        .lines()
        .find(|l| l.contains("(SONAME)"))
        .unwrap_or_else(|| panic!("libaotcompat.so has no SONAME:\n{dynamic}"));
    assert!(
        soname.contains(&format!("[libaotcompat.so.{abi}]")),
        "unexpected soname: {soname}"
    );
}
