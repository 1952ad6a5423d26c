//! Whatever bytes it is given, the library answers and the command exits
//! 0, 1 or 2 without a panic. Inputs are deterministic mutations of real
//! wasmtime artifacts: flipped bytes, truncations, and ELF header fields
//! set to extreme values.

mod common;

use aotcompat::artifact::{self, Artifact};
use aotcompat::model::{Engine, Kind};
use aotcompat::profiles;
use aotcompat::rules::{self, Mode};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::process::Command;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Header offsets of ELF64 fields worth breaking: e_shoff, e_shentsize,
/// e_shnum, e_shstrndx, and the first bytes of the section table.
const HOT_OFFSETS: &[usize] = &[0x28, 0x29, 0x2f, 0x3a, 0x3c, 0x3e, 0x3f];

fn mutants(seed: &[u8], rng: &mut XorShift, count: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let mut m = seed.to_vec();
        match i % 4 {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(m.len());
                    m[at] ^= 1 << rng.below(8);
                }
            }
            1 => m.truncate(rng.below(seed.len())),
            2 => {
                let at = HOT_OFFSETS[rng.below(HOT_OFFSETS.len())];
                m[at] = [0x00, 0xff, 0x7f, 0x80][rng.below(4)];
            }
            _ => {
                // Break the section table: it sits at e_shoff (LE u64 at 0x28).
                let shoff = u64::from_le_bytes(m[0x28..0x30].try_into().unwrap()) as usize;
                if shoff < m.len() {
                    let at = shoff + rng.below(m.len() - shoff);
                    m[at] = [0x00, 0xff][rng.below(2)];
                }
            }
        }
        out.push(m);
    }
    out
}

#[test]
fn library_never_panics_on_mutated_artifacts() {
    let manifest = common::manifest();
    let host = manifest.host("x86-64-default").engine(manifest.profile);
    let natives: Vec<Engine> = profiles::ALL.iter().map(|p| Engine::native(p)).collect();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut checked = 0;
    for seed_name in [
        "default-module",
        "default-component",
        "s390x-linux-module",
        "epoch-module",
    ] {
        let Some(entry) = manifest.artifacts.iter().find(|a| a.name == seed_name) else {
            continue;
        };
        let seed = std::fs::read(entry.path()).unwrap();
        for m in mutants(&seed, &mut rng, 600) {
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let _ = artifact::detect(&m, None);
                let _ = Artifact::read(&m, None);
                for engine in std::iter::once(&host).chain(&natives) {
                    for kind in [Kind::Module, Kind::Component] {
                        let parity = rules::check(engine, &m, kind, Mode::Parity);
                        let all = rules::check(engine, &m, kind, Mode::All);
                        assert_eq!(
                            parity.message(),
                            all.message(),
                            "full report must start with the parity message"
                        );
                    }
                }
            }));
            assert!(outcome.is_ok(), "panic on a mutant of {seed_name}");
            checked += 1;
        }
    }
    println!("{checked} mutants checked without a panic");
    assert!(checked >= 1200);
}

#[test]
fn command_never_panics_on_mutated_artifacts() {
    let manifest = common::manifest();
    let seed = std::fs::read(manifest.artifact("default-module").path()).unwrap();
    let host = manifest.host("x86-64-default").path();
    let dir = std::env::temp_dir().join(format!("aotcompat-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut rng = XorShift(42);
    for (i, m) in mutants(&seed, &mut rng, 40).into_iter().enumerate() {
        let path = dir.join(format!("m{i}.cwasm"));
        std::fs::write(&path, &m).unwrap();
        let p = path.to_str().unwrap();
        for args in [
            vec!["detect", p],
            vec!["inspect", p],
            vec!["inspect", p, "--json"],
            vec![
                "check",
                p,
                "--host",
                host.to_str().unwrap(),
                "--features",
                "sse3",
                "--all",
            ],
            vec!["check", p, "--host", p, "--json"],
            vec!["key", p],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_aotcompat"))
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                matches!(out.status.code(), Some(0..=2)),
                "{args:?}: {:?} {stderr}",
                out.status
            );
            assert!(
                !stderr.contains("panicked") && !stderr.contains("internal error"),
                "{args:?}: {stderr}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
