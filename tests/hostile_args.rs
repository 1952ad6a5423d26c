//! Paths that are not regular files and writer arguments that cannot be
//! honoured: each is a clear error at once, never a hang, an abort, a
//! panic or a print on the caller's stderr.

use aotcompat::artifact::{self, write_artifact, Artifact};
use aotcompat::format::{ExtraSection, SectionKind, MAX_SECTION_ALIGN};
use aotcompat::fuzzing;
use aotcompat::model::{Engine, EngineBuilder, Kind};
use aotcompat::profiles::{self, WASMTIME_31};
use aotcompat::rules::{self, Mode};
use std::ffi::{c_char, c_void, CStr, CString};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aotcompat-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A FIFO without a writer: opening it for reading would block forever
/// without O_NONBLOCK.
fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("fifo");
    let c = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    path
}

fn special_paths(dir: &Path) -> Vec<PathBuf> {
    let sub = dir.join("directory");
    std::fs::create_dir_all(&sub).unwrap();
    vec![fifo(dir), sub, PathBuf::from("/dev/zero")]
}

#[test]
fn the_library_refuses_special_files_at_once() {
    let dir = scratch_dir("lib");
    let engine = Engine::native(&WASMTIME_31);
    for path in special_paths(&dir) {
        let start = Instant::now();
        let check = rules::check_file(&engine, &path, Kind::Module, Mode::Parity);
        let detect = artifact::detect_file(&path, None);
        let read = Artifact::read_file(&path, None);
        let e = check.expect_err("not a regular file");
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::InvalidInput,
            "{}",
            path.display()
        );
        assert!(e.to_string().contains("not a regular file"), "{e}");
        assert!(detect.is_err() && read.is_err(), "{}", path.display());
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{}",
            path.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_subcommand_exits_2_at_once_on_special_files() {
    let dir = scratch_dir("cli");
    let real = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wasmtime-31/artifacts/default-module.cwasm");
    let real = real.to_str().unwrap();
    let out = dir.join("out.cwasm");
    let out = out.to_str().unwrap();
    for path in special_paths(&dir) {
        let p = path.to_str().unwrap();
        for args in [
            vec!["detect", p],
            vec!["detect", real, p],
            vec!["inspect", p],
            vec!["inspect", p, "--json"],
            vec!["check", p, "--host", "native"],
            vec!["check", real, "--host", p],
            vec!["host-check", "--host", p],
            vec!["key", p],
            vec!["stamp", "--metadata", p, "--kind", "module", "-o", out],
        ] {
            // A directory named where artifacts go is walked for `.cwasm`
            // files (tests/cli.rs); everywhere else it is refused.
            let at = args
                .iter()
                .position(|a| *a == p)
                .expect("the path is an argument");
            let walked = path.is_dir() && !matches!(args[at - 1], "--host" | "--metadata");
            if walked {
                continue;
            }
            let start = Instant::now();
            let output = Command::new(env!("CARGO_BIN_EXE_aotcompat"))
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
            assert!(start.elapsed() < Duration::from_secs(5), "{args:?}");
        }
    }
    // A JSON input past the cap is refused without being read.
    let big = dir.join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 << 20)
        .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_aotcompat"))
        .args([
            "stamp",
            "--metadata",
            big.to_str().unwrap(),
            "--kind",
            "module",
            "-o",
            out,
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("larger than 16777216 bytes"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn section(align: u64) -> [ExtraSection<'static>; 1] {
    [ExtraSection {
        name: ".text",
        data: &[0xc3],
        align,
        kind: SectionKind::Text,
    }]
}

#[test]
fn writer_arguments_are_checked_before_anything_is_allocated() {
    let engine = Engine::native(&WASMTIME_31);
    for shift in [17u32, 33, 40, 62, 63] {
        let e = write_artifact(&engine, Kind::Module, &section(1 << shift)).unwrap_err();
        assert!(
            e.to_string()
                .contains("must be a power of two no larger than 65536"),
            "2^{shift}: {e}"
        );
    }
    for align in [0, 3, 12, u64::MAX] {
        assert!(write_artifact(&engine, Kind::Module, &section(align)).is_err());
    }
    assert!(write_artifact(&engine, Kind::Module, &section(MAX_SECTION_ALIGN)).is_ok());
    for name in [
        "",
        ".symtab",
        ".strtab",
        ".shstrtab",
        "a\0b",
        ".wasmtime.engine",
    ] {
        let extra = [ExtraSection {
            name,
            data: &[1],
            align: 1,
            kind: SectionKind::ReadOnlyData,
        }];
        assert!(
            write_artifact(&engine, Kind::Module, &extra).is_err(),
            "{name:?}"
        );
    }
    for target in [
        "i686-unknown-linux-gnu",
        "armv7-unknown-linux-gnueabihf",
        "wasm32-unknown-unknown",
    ] {
        let mut b = EngineBuilder::native(&WASMTIME_31);
        b.target(target);
        let Ok(engine) = b.build() else {
            continue;
        };
        let e = write_artifact(&engine, Kind::Module, &[]).unwrap_err();
        assert!(
            e.to_string().contains("wasmtime compiles only for"),
            "{target}: {e}"
        );
    }
}

#[repr(C)]
struct CSection {
    name: *const c_char,
    data: *const u8,
    len: usize,
    align: u64,
    kind: u32,
}

extern "C" {
    fn aotcompat_engine_new_native(
        profile: *const c_char,
        out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_engine_free(engine: *mut c_void);
    fn aotcompat_artifact_write(
        engine: *const c_void,
        kind: u32,
        sections: *const CSection,
        count: usize,
        out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_error_message(err: *const c_void) -> *const c_char;
    fn aotcompat_error_free(err: *mut c_void);
    fn aotcompat_bytes_free(bytes: *mut c_void);
}

/// Through the C surface, alignments that aborted the caller (2^40, 2^62),
/// panicked (2^63) or allocated 8 GB (2^33) are INVALID_ARGUMENT.
#[test]
fn the_c_writer_refuses_absurd_alignments_with_a_status() {
    let name = CString::new(".text").unwrap();
    // SAFETY: valid pointers for each call; outputs freed once.
    unsafe {
        let mut engine = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        let profile = CString::new("wasmtime-31").unwrap();
        assert_eq!(
            aotcompat_engine_new_native(profile.as_ptr(), &mut engine, &mut err),
            0
        );
        for align in [1u64 << 33, 1 << 40, 1 << 62, 1 << 63, 3] {
            let s = CSection {
                name: name.as_ptr(),
                data: [0xc3u8].as_ptr(),
                len: 1,
                align,
                kind: 0,
            };
            let mut out = std::ptr::null_mut();
            let mut err = std::ptr::null_mut();
            let status = aotcompat_artifact_write(engine, 1, &s, 1, &mut out, &mut err);
            assert_eq!(status, 102, "alignment {align}: INVALID_ARGUMENT");
            assert!(out.is_null());
            let message = CStr::from_ptr(aotcompat_error_message(err)).to_string_lossy();
            assert!(message.contains("alignment"), "{message}");
            aotcompat_error_free(err);
            aotcompat_bytes_free(out);
        }
        aotcompat_engine_free(engine);
    }
}

/// The property: whatever the writer is asked (profiles, targets, kinds,
/// version strings, section sets with any names, sizes and alignments), it
/// answers with an error or an artifact that reads back in full
/// (`fuzzing::writer`), for 3,000 generated requests.
#[test]
fn every_artifact_the_writer_makes_reads_back() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut written = 0;
    for _ in 0..3000 {
        let len = (next() % 96) as usize;
        let input: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        fuzzing::writer(&input);
        written += 1;
    }
    // Every profile and target is reachable by the first three bytes.
    for p in 0..profiles::ALL.len() as u8 {
        for t in 0..10u8 {
            fuzzing::writer(&[p, 1, t, 0, 3, 0, 4, 2, 0, 1, 5, 9, 3, 1, 1]);
        }
    }
    println!("{written} writer requests");
}
