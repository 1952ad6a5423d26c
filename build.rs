//! Generates the C header and sets the shared library's soname.
//!
//! The header is always written to `$OUT_DIR/include/aotcompat.h` (exported
//! to dependent build scripts as `DEP_AOTCOMPAT_INCLUDE`). The committed copy
//! in `include/` is rewritten only when `AOTCOMPAT_REGEN_HEADER=1`, so that a
//! normal build never modifies the source tree; `tests/header_drift.rs`
//! fails when the two differ.

use std::env;
use std::path::{Path, PathBuf};

/// The C ABI version: the soname is `libaotcompat.so.<ABI_VERSION>`.
///
/// It is deliberately independent of the crate version. Bump it whenever a
/// released header changes incompatibly: a function removed or its
/// signature changed, a struct's layout changed, or a constant's meaning or
/// value changed. Adding functions or constants does not bump it.
///
/// History: 0, the first C API; 1, one engine and one builder for every
/// profile (the `aotcompat_generic_*` family removed, profile arguments
/// first and required where an engine is made from scratch); 2, a verdict
/// is never an error object, mismatch categories and probe answers are
/// enums, `aotcompat_engine_check_host` lost its `all` argument (see the
/// README's porting table).
const ABI_VERSION: u32 = 2;

const HEADER_NAME: &str = "aotcompat.h";

fn main() {
    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-env-changed=AOTCOMPAT_REGEN_HEADER");

    let include_dir = out_dir.join("include");
    std::fs::create_dir_all(&include_dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", include_dir.display()));
    let header = include_dir.join(HEADER_NAME);
    generate_header(&manifest_dir, &header);
    println!("cargo:include={}", include_dir.display());

    if env::var_os("AOTCOMPAT_REGEN_HEADER").is_some_and(|v| v == "1") {
        let committed = manifest_dir.join("include").join(HEADER_NAME);
        if copy_if_changed(&header, &committed) {
            println!("cargo:warning=updated {}", committed.display());
        }
    }

    // The Rust side of aotcompat_abi_version().
    println!("cargo:rustc-env=AOTCOMPAT_ABI_VERSION={ABI_VERSION}");
    link_args();
    soname_link(&out_dir);
}

/// Gives the build tree the soname link `libaotcompat.so.<ABI>` ->
/// `libaotcompat.so` beside the library cargo is about to link, so that a
/// program linked with `-L target/release -laotcompat` (which records the
/// soname) finds the library at run time with `-Wl,-rpath,target/release`.
/// The directory is the profile directory that holds `build/` (three levels
/// above `OUT_DIR`); the link may dangle until cargo writes the library.
fn soname_link(out_dir: &Path) {
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if !matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    ) {
        return;
    }
    let Some(profile_dir) = out_dir.ancestors().nth(3) else {
        return;
    };
    if !profile_dir.join("build").is_dir() {
        return;
    }
    let link = profile_dir.join(format!("libaotcompat.so.{ABI_VERSION}"));
    if std::fs::read_link(&link).is_ok_and(|t| t == Path::new("libaotcompat.so")) {
        return;
    }
    let _ = std::fs::remove_file(&link);
    #[cfg(unix)]
    if let Err(e) = std::os::unix::fs::symlink("libaotcompat.so", &link) {
        println!("cargo:warning=cannot create {}: {e}", link.display());
    }
}

/// Runs cbindgen over `src/ffi` only: the C surface lives there and nowhere
/// else, and parsing just that module keeps the core's public constants out
/// of the header and avoids running `cargo metadata` from a build script.
fn generate_header(manifest_dir: &Path, header: &Path) {
    let config_path = manifest_dir.join("cbindgen.toml");
    let mut config = cbindgen::Config::from_file(&config_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", config_path.display()));
    config.after_includes = Some(after_includes());

    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(manifest_dir.join("src").join("ffi").join("mod.rs"))
        .generate()
        .unwrap_or_else(|e| panic!("cbindgen could not generate {HEADER_NAME} from src/ffi: {e}"));
    // `write_to_file` leaves the file (and its mtime) alone when unchanged.
    bindings.write_to_file(header);
}

/// Version macros from Cargo's package version, plus the attribute shims
/// that cbindgen.toml's `[fn]` section refers to.
fn after_includes() -> String {
    let part = |name: &str| -> u32 {
        let text = env::var(name).unwrap_or_else(|_| panic!("cargo sets {name}"));
        text.parse()
            .unwrap_or_else(|e| panic!("{name}={text} is not a number: {e}"))
    };
    let (major, minor, patch) = (
        part("CARGO_PKG_VERSION_MAJOR"),
        part("CARGO_PKG_VERSION_MINOR"),
        part("CARGO_PKG_VERSION_PATCH"),
    );
    assert!(
        minor < 256 && patch < 256,
        "AOTCOMPAT_VERSION_NUMBER packs minor and patch into 8 bits each"
    );
    let version = env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let number = (major << 16) | (minor << 8) | patch;

    format!(
        r#"
/** Major version of the library this header belongs to. */
#define AOTCOMPAT_VERSION_MAJOR {major}
/** Minor version of the library this header belongs to. */
#define AOTCOMPAT_VERSION_MINOR {minor}
/** Patch version of the library this header belongs to. */
#define AOTCOMPAT_VERSION_PATCH {patch}
/** The full version string; aotcompat_version() returns the library's. */
#define AOTCOMPAT_VERSION "{version}"
/**
 * The version packed as `(MAJOR << 16) | (MINOR << 8) | PATCH`, for
 * preprocessor comparisons such as `#if AOTCOMPAT_VERSION_NUMBER >= 0x000100`.
 */
#define AOTCOMPAT_VERSION_NUMBER 0x{number:06x}
/**
 * The C ABI version. The shared library's soname is
 * `libaotcompat.so.<AOTCOMPAT_ABI_VERSION>`, and aotcompat_abi_version()
 * returns the loaded library's value. The number changes only on
 * incompatible changes to this header; it is independent of the version.
 */
#define AOTCOMPAT_ABI_VERSION {ABI_VERSION}

#if defined(__GNUC__) || defined(__clang__)
#define AOTCOMPAT_MUST_USE __attribute__((warn_unused_result))
#define AOTCOMPAT_DEPRECATED(note) __attribute__((deprecated(note)))
#else
#define AOTCOMPAT_MUST_USE
#define AOTCOMPAT_DEPRECATED(note)
#endif
"#
    )
}

/// Copies `from` to `to` unless `to` already has that content; says
/// whether it wrote.
fn copy_if_changed(from: &Path, to: &Path) -> bool {
    let new = std::fs::read(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    if std::fs::read(to).ok().as_deref() == Some(&new[..]) {
        return false;
    }
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    std::fs::write(to, &new).unwrap_or_else(|e| panic!("cannot write {}: {e}", to.display()));
    true
}

/// The soname (ELF) or install name (Mach-O) of the shared library. Cargo
/// sets neither by itself.
fn link_args() {
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    match os.as_str() {
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" | "illumos"
        | "solaris" => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libaotcompat.so.{ABI_VERSION}");
        }
        "macos" | "ios" => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libaotcompat.dylib");
        }
        _ => {}
    }
}
