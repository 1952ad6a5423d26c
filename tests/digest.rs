//! The integrity digest on real artifacts: every artifact of the crate-made
//! fixtures of wasmtime 31, 44 and 50 verifies once digested, and reads as
//! it did; every single-bit change anywhere in a small real artifact fails
//! verification and names the region that holds the byte; every
//! truncation fails; and the command's `digest add`, `verify`, `stamp
//! --digest` and `check --verify`.

mod common;

use aotcompat::artifact::{self, Artifact, VerifyError, WriteOptions};
use aotcompat::format::StampError;
use aotcompat::host::{FixedProbe, Probe};
use aotcompat::model::Kind;
use aotcompat::rules::{self, Mode};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

fn artifacts(major: u32) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["artifacts", "hosts"] {
        let dir = common::fixtures_root()
            .join(format!("wasmtime-{major}"))
            .join(dir);
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "cwasm") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A small real artifact, digested.
fn small() -> Vec<u8> {
    let path = common::fixtures_root().join("wasmtime-31/artifacts/epoch-module.cwasm");
    artifact::add_digest(&std::fs::read(path).unwrap()).unwrap()
}

/// The byte range a failure message names: `(bytes A to B)`, extended by
/// `or the N bytes of padding after it`.
fn named_range(message: &str) -> Option<(u64, u64)> {
    let at = message.find("(bytes ")? + "(bytes ".len();
    let rest = &message[at..];
    let (a, rest) = rest.split_once(" to ")?;
    let (b, rest) = rest.split_once(')')?;
    let (a, mut b): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
    if let Some(p) = rest.strip_prefix(" or the ") {
        b += p.split_once(' ')?.0.parse::<u64>().ok()?;
    }
    Some((a, b))
}

#[test]
fn every_real_artifact_of_31_44_and_50_verifies_once_digested_and_reads_alike() {
    let (mut digested, mut refused) = (0, 0);
    for major in [31, 44, 50] {
        let host =
            common::fixtures_root().join(format!("wasmtime-{major}/hosts/x86-64-default.cwasm"));
        let mut host = Artifact::read_file(&host, None)
            .unwrap()
            .engine_builder()
            .unwrap();
        host.probe(Probe::Fixed(Arc::new(FixedProbe::new([
            "sse3", "ssse3", "sse4.1", "sse4.2", "popcnt", "avx", "avx2", "fma", "bmi1", "bmi2",
            "lzcnt",
        ]))));
        let host = host.build().unwrap();
        for path in artifacts(major) {
            let bytes = std::fs::read(&path).unwrap();
            let with = match artifact::add_digest(&bytes) {
                Ok(with) => with,
                Err(e) => {
                    // Only what is not an ELF64 object the builder reads.
                    assert!(
                        matches!(e.downcast_ref::<StampError>(), Some(StampError::Object(_))),
                        "{}: {e:#}",
                        path.display()
                    );
                    assert!(
                        Artifact::read(&bytes, None).is_err() || !bytes.starts_with(b"\x7fELF\x02"),
                        "{}: a readable artifact was refused: {e:#}",
                        path.display()
                    );
                    refused += 1;
                    continue;
                }
            };
            let verified =
                artifact::verify(&with).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(verified.covered < with.len() as u64);
            assert!(
                matches!(artifact::verify(&bytes), Err(VerifyError::NoDigest(_)))
                    || matches!(artifact::verify(&bytes), Err(VerifyError::Failed(ref m)) if m.starts_with("truncated")),
                "{}: an undigested file",
                path.display()
            );
            // Reads as it did: kind, profile, version and metadata.
            if let Ok(before) = Artifact::read(&bytes, None) {
                let after = Artifact::read(&with, None).unwrap();
                assert_eq!(before, after, "{}", path.display());
            }
            assert_eq!(
                artifact::detect(&bytes, None),
                artifact::detect(&with, None),
                "{}",
                path.display()
            );
            // The same verdict, in the same words, against the release's
            // default host.
            for kind in [Kind::Module, Kind::Component] {
                let before = rules::check(&host, &bytes, kind, Mode::All);
                let after = rules::check(&host, &with, kind, Mode::All);
                assert_eq!(
                    before.message(),
                    after.message(),
                    "{} as {kind:?}",
                    path.display()
                );
                assert_eq!(before.mismatches().len(), after.mismatches().len());
            }
            // Adding again replaces the digest: the same bytes.
            assert_eq!(artifact::add_digest(&with).unwrap(), with);
            digested += 1;
        }
    }
    assert!(digested > 300, "{digested} digested, {refused} refused");
}

/// The default artifact of every release from 3 to 50 keeps its layout
/// when digested: the same section table, every section at its offset,
/// plus the digest section.
#[test]
fn every_release_keeps_its_layout_when_digested() {
    let mut seen = 0;
    for dir in common::versions() {
        if !dir.starts_with("wasmtime-") {
            continue;
        }
        let path = common::fixtures_root()
            .join(&dir)
            .join("artifacts/default-module.cwasm");
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let with = artifact::add_digest(&bytes).unwrap();
        artifact::verify(&with).unwrap();
        let read = Artifact::read(&bytes, None).unwrap();
        assert_eq!(Artifact::read(&with, None).unwrap(), read, "{dir}");
        let profile = read.profile;
        let before = artifact::SectionTable::read(&bytes, profile).unwrap();
        let mut after = artifact::SectionTable::read(&with, profile).unwrap();
        let digest = after.sections.pop().unwrap();
        assert_eq!(digest.name.as_deref(), Some(&b""[..]), "{dir}");
        assert_eq!(before, after, "{dir}");
        seen += 1;
    }
    assert!(seen >= 45, "{seen} releases");
}

#[test]
fn every_bit_flip_anywhere_fails_and_names_the_region_that_holds_it() {
    let bytes = small();
    let covered = artifact::verify(&bytes).unwrap().covered as usize;
    let mut copy = bytes.clone();
    for at in 0..bytes.len() {
        copy[at] ^= 1 << (at % 8);
        let result = artifact::verify(&copy);
        copy[at] = bytes[at];
        let message = match result {
            Ok(_) => panic!("a flip at byte {at} verified"),
            Err(VerifyError::Failed(m)) => m,
            Err(e) => panic!("a flip at byte {at}: {e:?}"),
        };
        if at >= covered {
            // Inside the digest section itself.
            continue;
        }
        let (start, end) = named_range(&message)
            .unwrap_or_else(|| panic!("a flip at byte {at}: no range in {message:?}"));
        assert!(
            (start..end).contains(&(at as u64)),
            "a flip at byte {at}: {message}"
        );
        assert!(
            message.contains("differs from what was digested"),
            "{message}"
        );
        if at < 64 {
            assert!(message.starts_with("the ELF header"), "{message}");
        }
    }
}

#[test]
fn every_truncation_fails_and_says_so() {
    let bytes = small();
    for len in 0..bytes.len() {
        match artifact::verify(&bytes[..len]) {
            Ok(_) => panic!("{len} bytes verified"),
            Err(VerifyError::NoDigest(m)) => assert_eq!(len, 0, "{len} bytes: {m}"),
            Err(VerifyError::Failed(m)) => {
                assert!(m.starts_with("truncated: "), "{len} bytes: {m}")
            }
            Err(e) => panic!("{len} bytes: {e:?}"),
        }
    }
    let e = artifact::verify(&bytes[..bytes.len() - 1]).unwrap_err();
    assert!(
        e.to_string()
            .contains("(no name: the digest section, or another one) extends past the end"),
        "{e}"
    );
}

/// Bytes whose digest section was damaged on purpose (never by an
/// accident this small): counts, lengths and offsets that lie, garbage,
/// and every fixture of the repository, digested or not. Each gives an
/// answer, never a panic, and never "verified" for a changed file.
#[test]
fn hostile_digest_sections_are_refused_without_panics() {
    let bytes = small();
    let size = u64::from_le_bytes(bytes[bytes.len() - 16..bytes.len() - 8].try_into().unwrap());
    let start = bytes.len() - size as usize;
    let put = |at: usize, value: &[u8]| {
        let mut b = bytes.clone();
        b[at..at + value.len()].copy_from_slice(value);
        b
    };
    let footer = bytes.len() - 16;
    for (what, crafted) in [
        ("footer length 0", put(footer, &0u64.to_le_bytes())),
        (
            "footer length = file",
            put(footer, &(bytes.len() as u64).to_le_bytes()),
        ),
        ("footer length huge", put(footer, &u64::MAX.to_le_bytes())),
        (
            "region count huge",
            put(start + 32, &u32::MAX.to_le_bytes()),
        ),
        (
            "names length huge",
            put(start + 36, &u32::MAX.to_le_bytes()),
        ),
        ("covered length 0", put(start + 24, &0u64.to_le_bytes())),
        ("version 2", put(start + 16, &2u32.to_le_bytes())),
        ("algorithm 7", put(start + 20, &7u32.to_le_bytes())),
        (
            "region length huge",
            put(start + 40 + 16, &u64::MAX.to_le_bytes()),
        ),
        ("garbage", {
            let mut b = bytes.clone();
            for (i, x) in b[start..footer].iter_mut().enumerate() {
                *x = (i * 131 % 251) as u8;
            }
            b
        }),
    ] {
        match artifact::verify(&crafted) {
            Ok(_) => panic!("{what}: verified"),
            Err(e) => assert!(!e.to_string().is_empty(), "{what}"),
        }
    }
    let e = artifact::verify(&put(start + 16, &2u32.to_le_bytes())).unwrap_err();
    assert!(e.to_string().contains("format version 2"), "{e}");
    // Every fixture file of the repository (none has a digest).
    let mut seen = 0;
    for dir in common::versions() {
        for sub in ["artifacts", "hosts"] {
            let Ok(entries) = std::fs::read_dir(common::fixtures_root().join(&dir).join(sub))
            else {
                continue;
            };
            for entry in entries {
                let bytes = std::fs::read(entry.unwrap().path()).unwrap();
                assert!(artifact::verify(&bytes).is_err());
                seen += 1;
            }
        }
    }
    assert!(seen > 1000, "{seen}");
}

#[test]
fn appended_bytes_big_endian_files_and_undigested_files() {
    let bytes = small();
    let mut longer = bytes.clone();
    longer.extend_from_slice(b"junk");
    let e = artifact::verify(&longer).unwrap_err();
    assert!(
        e.to_string().contains("4 bytes after its digest section"),
        "{e}"
    );

    // s390x: a big-endian ELF file.
    let path = common::fixtures_root().join("wasmtime-31/artifacts/s390x-linux-module.cwasm");
    let be = artifact::add_digest(&std::fs::read(path).unwrap()).unwrap();
    artifact::verify(&be).unwrap();
    let mut flipped = be.clone();
    flipped[0x30] ^= 4;
    let e = artifact::verify(&flipped).unwrap_err().to_string();
    assert!(e.starts_with("the ELF header"), "{e}");

    for (input, want) in [
        (&b""[..], "no digest section: the file is empty"),
        (
            b"hello, world",
            "no digest section: the file is not an ELF file",
        ),
    ] {
        match artifact::verify(input) {
            Err(VerifyError::NoDigest(m)) => assert_eq!(m, want),
            other => panic!("{other:?}"),
        }
    }
    assert!(artifact::add_digest(b"hello").is_err());
}

#[test]
fn the_writer_and_the_stamper_add_a_digest_as_an_option() {
    let path = common::fixtures_root().join("wasmtime-31/artifacts/epoch-module.cwasm");
    let real = std::fs::read(path).unwrap();
    let engine = Artifact::read(&real, None)
        .unwrap()
        .engine_builder()
        .unwrap()
        .build()
        .unwrap();
    let kind = aotcompat::model::Kind::Module;
    let options = WriteOptions { digest: true };
    let plain = artifact::write_artifact(&engine, kind, &[]).unwrap();
    let written = artifact::write_artifact_with(&engine, kind, &[], &[], &options).unwrap();
    artifact::verify(&written).unwrap();
    assert_eq!(written, artifact::add_digest(&plain).unwrap());
    let stamped = artifact::stamp_object_with(&engine, kind, &real, &options).unwrap();
    artifact::verify(&stamped).unwrap();
    // Stamping a digested artifact keeps no stale digest valid: the
    // stamper rewrites the file, and a new digest replaces the old one.
    let restamped = artifact::stamp_object(&engine, kind, &stamped).unwrap();
    assert!(artifact::verify(&restamped).is_err());
    let plain_again =
        artifact::write_artifact_with(&engine, kind, &[], &[], &WriteOptions::default());
    assert_eq!(plain_again.unwrap(), plain);
}

#[test]
fn files_verify_as_bytes_do() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("digest-files");
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = small();
    let path = dir.join("small.cwasm");
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        artifact::verify_file(&path).unwrap(),
        artifact::verify(&bytes).unwrap()
    );
    let mut flipped = bytes.clone();
    flipped[5000] ^= 0x80;
    std::fs::write(&path, &flipped).unwrap();
    assert_eq!(
        artifact::verify_file(&path).unwrap_err().to_string(),
        artifact::verify(&flipped).unwrap_err().to_string()
    );
    assert!(matches!(
        artifact::verify_file(&dir),
        Err(VerifyError::Io(_))
    ));
}

fn aotcompat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aotcompat"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("aotcompat runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_command_adds_and_verifies_digests() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("digest-cli");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let real = common::fixtures_root().join("wasmtime-31/artifacts/epoch-module.cwasm");
    let file = dir.join("a.cwasm");
    std::fs::copy(&real, &file).unwrap();
    let f = file.to_str().unwrap();

    // No digest yet: exit 1.
    let out = aotcompat(&["verify", f]);
    assert_eq!(stdout(&out), "no digest section\n");
    assert_eq!(out.status.code(), Some(1));

    // In place.
    let out = aotcompat(&["digest", "add", f]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = aotcompat(&["verify", f]);
    assert_eq!(stdout(&out), "verified\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        artifact::add_digest(&std::fs::read(&real).unwrap()).unwrap()
    );

    // -o, and several files with a changed one.
    let other = dir.join("b.cwasm");
    let out = aotcompat(&["digest", "add", f, "-o", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut bytes = std::fs::read(&other).unwrap();
    bytes[4096 + 10] ^= 1;
    std::fs::write(&other, &bytes).unwrap();
    let out = aotcompat(&["verify", f, other.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(text.starts_with(&format!("{f}: verified\n")), "{text}");
    assert!(
        text.contains("b.cwasm: section 3 `.text` (bytes 4096 to 8192)"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));

    // A directory of them, and an unreadable path: exit 2.
    let out = aotcompat(&["verify", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let out = aotcompat(&["verify", f, "/nonexistent.cwasm"]);
    assert_eq!(out.status.code(), Some(2));
    let out = aotcompat(&["verify"]);
    assert_eq!(out.status.code(), Some(2));

    // Not an ELF file: exit 1, the file untouched.
    let text_file = dir.join("t.txt");
    std::fs::write(&text_file, "hello").unwrap();
    let out = aotcompat(&["digest", "add", text_file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an ELF file"));
    assert_eq!(std::fs::read(&text_file).unwrap(), b"hello");

    // check --verify: the check's line, then the digest's.
    let out = aotcompat(&["check", f, "--host", f, "--verify"]);
    assert_eq!(stdout(&out), "compatible\nverified\n");
    assert_eq!(out.status.code(), Some(0));
    let o = other.to_str().unwrap();
    let out = aotcompat(&["check", o, "--host", f, "--verify"]);
    assert!(stdout(&out).starts_with("compatible\nsection 3 `.text`"));
    assert_eq!(out.status.code(), Some(1));
    let out = aotcompat(&["check", o, "--host", f]);
    assert_eq!(stdout(&out), "compatible\n");
    assert_eq!(out.status.code(), Some(0));

    // stamp --digest.
    let meta = dir.join("meta.json");
    let out = aotcompat(&["inspect", "--json", real.to_str().unwrap()]);
    std::fs::write(&meta, &out.stdout).unwrap();
    let stamped = dir.join("s.cwasm");
    let out = aotcompat(&[
        "stamp",
        "--metadata",
        meta.to_str().unwrap(),
        "--kind",
        "module",
        "--into",
        real.to_str().unwrap(),
        "--digest",
        "-o",
        stamped.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = aotcompat(&["verify", stamped.to_str().unwrap()]);
    assert_eq!(stdout(&out), "verified\n");
}
