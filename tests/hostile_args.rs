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
    fn aotcompat_artifact_stamp(
        engine: *const c_void,
        kind: u32,
        elf_bytes: *const u8,
        len: usize,
        out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_error_status(err: *const c_void) -> u32;
    fn aotcompat_bytes_data(bytes: *const c_void) -> *const u8;
    fn aotcompat_bytes_len(bytes: *const c_void) -> usize;
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

/// aotcompat_artifact_stamp() through the C surface: NULL where NULL is not
/// allowed, impossible lengths, kinds that are not module or component,
/// bytes that are not an ELF64 relocatable object and objects of another
/// machine each give their status and a message that says what is wrong;
/// nothing is written to `*out`, and a real artifact stamps.
#[test]
fn the_c_stamper_refuses_what_it_cannot_stamp_with_a_status() {
    const NULL_ARGUMENT: u32 = 100;
    const INVALID_ARGUMENT: u32 = 102;
    const UNSUPPORTED_BY_PROFILE: u32 = 106;
    const MALFORMED_ARTIFACT: u32 = 201;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let real = std::fs::read(fixtures.join("wasmtime-50/artifacts/default-module.cwasm")).unwrap();
    let elf32 = std::fs::read(fixtures.join("wasmtime-44/artifacts/elf32-minimal.cwasm")).unwrap();
    let aarch64 =
        std::fs::read(fixtures.join("wasmtime-50/artifacts/aarch64-linux-module.cwasm")).unwrap();
    let mut executable = real.clone();
    executable[16] = 2; // ET_EXEC
    let engine_of = |profile: &str| {
        let mut engine = std::ptr::null_mut();
        let name = CString::new(profile).unwrap();
        // SAFETY: valid pointers; the engine is freed below.
        let status = unsafe {
            aotcompat_engine_new_native(name.as_ptr(), &mut engine, std::ptr::null_mut())
        };
        assert_eq!(status, 0);
        engine
    };
    let engine = engine_of("wasmtime-50");
    let legacy = engine_of("wasmtime-0.33");
    let nowhere = 0x10 as *const u8;
    // What, engine, kind, bytes, length, whether `out` is given, status,
    // words of the message.
    type Case<'a> = (
        &'a str,
        *const c_void,
        u32,
        *const u8,
        usize,
        bool,
        u32,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            "NULL engine",
            std::ptr::null(),
            1,
            real.as_ptr(),
            real.len(),
            true,
            NULL_ARGUMENT,
            "`engine`",
        ),
        (
            "NULL bytes",
            engine,
            1,
            std::ptr::null(),
            16,
            true,
            NULL_ARGUMENT,
            "`elf_bytes`",
        ),
        (
            "NULL out",
            engine,
            1,
            real.as_ptr(),
            real.len(),
            false,
            NULL_ARGUMENT,
            "`out`",
        ),
        (
            "impossible length",
            engine,
            1,
            nowhere,
            usize::MAX,
            true,
            INVALID_ARGUMENT,
            "impossible length",
        ),
        (
            "kind none",
            engine,
            0,
            real.as_ptr(),
            real.len(),
            true,
            INVALID_ARGUMENT,
            "`kind`",
        ),
        (
            "kind 9",
            engine,
            9,
            real.as_ptr(),
            real.len(),
            true,
            INVALID_ARGUMENT,
            "kind",
        ),
        (
            "empty",
            engine,
            1,
            std::ptr::null(),
            0,
            true,
            MALFORMED_ARTIFACT,
            "not an ELF file",
        ),
        (
            "text",
            engine,
            1,
            b"not an object at all".as_ptr(),
            20,
            true,
            MALFORMED_ARTIFACT,
            "not an ELF file",
        ),
        (
            "ELF32",
            engine,
            1,
            elf32.as_ptr(),
            elf32.len(),
            true,
            MALFORMED_ARTIFACT,
            "32-bit ELF",
        ),
        (
            "truncated",
            engine,
            1,
            real.as_ptr(),
            100,
            true,
            MALFORMED_ARTIFACT,
            "cannot read the ELF object",
        ),
        (
            "executable",
            engine,
            1,
            executable.as_ptr(),
            executable.len(),
            true,
            MALFORMED_ARTIFACT,
            "relocatable",
        ),
        (
            "other machine",
            engine,
            1,
            aarch64.as_ptr(),
            aarch64.len(),
            true,
            INVALID_ARGUMENT,
            "for aarch64",
        ),
        (
            "pre-3.0 profile",
            legacy,
            1,
            real.as_ptr(),
            real.len(),
            true,
            UNSUPPORTED_BY_PROFILE,
            "reads but does not write",
        ),
    ];
    for (what, engine, kind, bytes, len, with_out, status, words) in cases {
        let mut out: *mut c_void = std::ptr::null_mut();
        let out_ptr: *mut *mut c_void = if with_out {
            &mut out
        } else {
            std::ptr::null_mut()
        };
        let mut err = std::ptr::null_mut();
        // SAFETY: each pointer is NULL or valid for its length, as each
        // case says; outputs are freed once.
        unsafe {
            let got = aotcompat_artifact_stamp(engine, kind, bytes, len, out_ptr, &mut err);
            assert_eq!(got, status, "{what}");
            assert!(out.is_null(), "{what}: *out written on failure");
            assert_eq!(aotcompat_error_status(err), status, "{what}");
            let message = CStr::from_ptr(aotcompat_error_message(err)).to_string_lossy();
            assert!(message.contains(words), "{what}: {message}");
            aotcompat_error_free(err);
        }
    }
    // A real artifact at an odd address stamps, and reads back.
    let placed = fuzzing::Placed::new(&real, 3);
    let mut out = std::ptr::null_mut();
    // SAFETY: valid pointers; outputs freed once.
    unsafe {
        let bytes = placed.bytes();
        assert_eq!(
            aotcompat_artifact_stamp(
                engine,
                2,
                bytes.as_ptr(),
                bytes.len(),
                &mut out,
                std::ptr::null_mut()
            ),
            0
        );
        let stamped =
            std::slice::from_raw_parts(aotcompat_bytes_data(out), aotcompat_bytes_len(out));
        assert_eq!(artifact::detect(stamped, None), Some(Kind::Component));
        aotcompat_bytes_free(out);
        aotcompat_engine_free(engine);
        aotcompat_engine_free(legacy);
    }
}

/// The stamp property (`fuzzing::stamp`) on 3,000 mutations of real
/// artifacts of several releases and targets: bytes flipped in the header
/// and section table, lengths cut. Each either fails with a stamp error or
/// gives an artifact that reads back and stamps again to itself.
#[test]
fn stamping_mutated_objects_never_panics() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let seeds: Vec<Vec<u8>> = [
        "wasmtime-50/artifacts/default-module.cwasm",
        "wasmtime-44/artifacts/s390x-linux-module.cwasm",
        "wasmtime-9/artifacts/default-module.cwasm",
        "wasmtime-31/artifacts/debug-info-module.cwasm",
    ]
    .iter()
    .map(|f| std::fs::read(fixtures.join(f)).unwrap())
    .collect();
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..3000 {
        let seed = &seeds[round % seeds.len()];
        let mut data = vec![(next() % 256) as u8];
        data.extend_from_slice(seed);
        let shoff = u64::from_le_bytes(seed[40..48].try_into().unwrap()) as usize;
        for _ in 0..1 + next() % 4 {
            // Mostly the header and the section table, where the
            // structure is.
            let at = match next() % 3 {
                0 => (next() % 64) as usize,
                1 => {
                    shoff.min(seed.len() - 1)
                        + (next() as usize % (seed.len() - shoff.min(seed.len() - 1)))
                }
                _ => (next() as usize) % seed.len(),
            };
            data[1 + at.min(seed.len() - 1)] = next() as u8;
        }
        if next() % 8 == 0 {
            let keep = 1 + (next() as usize % data.len());
            data.truncate(keep);
        }
        fuzzing::stamp(&data);
    }
}
