//! Corruption sweeps over real artifacts of wasmtime 31, 44 and 50
//! (modules and components; x86_64, s390x big-endian, aarch64, Pulley):
//! truncations, single-byte changes of the ELF header, the section table
//! and the engine section, and absurd sizes, offsets, counts and varint
//! lengths. Every input must give an error or a verdict without a panic,
//! the container reader must say what wasmtime's own container steps say
//! (`fuzz/oracle.rs`: object 0.36.7 for 31, 0.39.1 for 44 and 50), and
//! bytes at offsets 0, 1, 4 and 8 and the file must give one answer.
//!
//! Sizes (to keep `cargo test` within a minute or two): the container
//! comparison covers every truncation of the header, section table and
//! engine section (every 61st byte elsewhere); all 255 changes of every
//! header byte and of the engine section's framing and version string; 20
//! values for every section-table byte (0 to 4, 7 to 9, 0x10, 0x18, 0x40,
//! 0x7f, 0x80, 0xc8, 0xfe, 0xff, the byte with its low or high bit flipped,
//! plus and minus one) and 8 for every metadata byte. The full path
//! agreement (every profile, both kinds, four buffer offsets and a file)
//! runs on every 47th of those and on every absurd-field mutation.

#[path = "../fuzz/oracle.rs"]
mod oracle;

use aotcompat::format::{
    Elf, EngineSection, FormatError, Input, Kind, ReadError, SectionPick, ELFOSABI_WASMTIME,
};
use aotcompat::fuzzing;
use aotcompat::profiles::{self, EFlagsRule, Profile};
use std::path::Path;

fn seed(dir: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join("artifacts")
        .join(format!("{name}.cwasm"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Where the parts of a real artifact lie.
struct Layout {
    big: bool,
    shoff: usize,
    table: std::ops::Range<usize>,
    engine: std::ops::Range<usize>,
    version_len: usize,
}

fn layout(bytes: &[u8]) -> Layout {
    let big = bytes[5] == 2;
    let u16_at = |at: usize| {
        let v = [bytes[at], bytes[at + 1]];
        if big {
            u16::from_be_bytes(v)
        } else {
            u16::from_le_bytes(v)
        }
    };
    let u64_at = |at: usize| {
        let v: [u8; 8] = bytes[at..at + 8].try_into().unwrap();
        if big {
            u64::from_be_bytes(v)
        } else {
            u64::from_le_bytes(v)
        }
    };
    let shoff = u64_at(40) as usize;
    let table = shoff..shoff + 64 * usize::from(u16_at(60));
    let headers = aotcompat::format::Headers::parse(bytes).unwrap();
    let data = headers
        .section_data(".wasmtime.engine", SectionPick::Last)
        .unwrap()
        .unwrap();
    let start = data.as_ptr() as usize - bytes.as_ptr() as usize;
    Layout {
        big,
        shoff,
        table,
        engine: start..start + data.len(),
        version_len: usize::from(data[1]),
    }
}

/// What the library's container reader says for a load of `bytes` as
/// `kind` by `profile`'s rules: the message of the first failure up to the
/// engine section's framing, or `None`.
fn ours(bytes: &[u8], profile: &Profile, kind: Kind) -> Option<String> {
    let rule = profile.container;
    let mut elf = match Elf::open(Input::Bytes(bytes), rule.elf_rules()) {
        Ok(elf) => elf,
        Err(e) => return Some(e.to_string()),
    };
    let m = elf.marks();
    let expected = kind.e_flags();
    let flags_ok = match rule.e_flags {
        EFlagsRule::Exact => m.e_flags == expected,
        EFlagsRule::ContainsKind => m.e_flags & expected == expected,
    };
    let abi_ok = !rule.os_abi_checked || (m.os_abi == ELFOSABI_WASMTIME && m.abi_version == 0);
    if !flags_ok || !abi_ok {
        return Some("incompatible object file format".into());
    }
    let framed = elf.find(rule.section, rule.pick).and_then(|found| {
        let section = found.ok_or_else(|| FormatError::NoSection(rule.section.into()))?;
        elf.frame(section)
    });
    match framed {
        Ok(_) => None,
        Err(ReadError::Format(e)) => Some(e.to_string()),
        Err(ReadError::Io(e)) => panic!("bytes in memory: {e}"),
    }
}

/// wasmtime's answer for the same steps.
fn theirs(bytes: &[u8], profile: &Profile, kind: Kind) -> Option<String> {
    let container = if profile.name == "wasmtime-31" {
        oracle::container_31(bytes, kind.e_flags())
    } else {
        oracle::container_44(bytes, kind.e_flags())
    };
    match container {
        Err(message) => Some(message),
        Ok(data) => EngineSection::parse(&data).err().map(|e| e.to_string()),
    }
}

/// wasmtime 50 reads the container exactly as 44 does (same rule, same
/// oracle), so comparing 31 and 44 covers all three.
const WASMTIME: [&Profile; 2] = [&profiles::WASMTIME_31, &profiles::WASMTIME_44];

#[test]
fn wasmtime_50_reads_the_container_as_44_does() {
    assert_eq!(
        profiles::WASMTIME_50.container,
        profiles::WASMTIME_44.container
    );
}

/// The values every table byte is changed to (every value for the header
/// and the framing).
fn table_values(orig: u8) -> Vec<u8> {
    let mut v = vec![
        0, 1, 2, 3, 4, 7, 8, 9, 0x10, 0x18, 0x40, 0x7f, 0x80, 0xc8, 0xfe, 0xff,
    ];
    v.extend([
        orig ^ 1,
        orig ^ 0x80,
        orig.wrapping_add(1),
        orig.wrapping_sub(1),
    ]);
    v.sort_unstable();
    v.dedup();
    v.retain(|&x| x != orig);
    v
}

/// Compares the container answers of every wasmtime profile on `bytes`
/// (in memory at offsets 0 and 1) with wasmtime's, and detection too.
fn compare_container(what: &str, bytes: &[u8], wrong: &mut Vec<String>) {
    let moved = fuzzing::Placed::new(bytes, 1);
    for profile in WASMTIME {
        for kind in [Kind::Module, Kind::Component] {
            let want = theirs(bytes, profile, kind);
            let got = ours(bytes, profile, kind);
            let got_moved = ours(moved.bytes(), profile, kind);
            if got != want || got_moved != want {
                wrong.push(format!(
                    "{what}: {} as {kind}: wasmtime {want:?}, ours {got:?} (at +1: {got_moved:?})",
                    profile.name
                ));
            }
        }
        let want = if profile.name == "wasmtime-31" {
            oracle::detect_31(bytes)
        } else {
            oracle::detect_44(bytes)
        };
        for b in [bytes, moved.bytes()] {
            let got = aotcompat::artifact::detect(b, Some(profile)).map(Kind::e_flags);
            if got != want {
                wrong.push(format!(
                    "{what}: {} detect: wasmtime {want:?}, ours {got:?}",
                    profile.name
                ));
            }
        }
    }
}

fn set(bytes: &mut [u8], at: usize, width: usize, value: u64, big: bool) {
    let all = if big {
        value.to_be_bytes()
    } else {
        value.to_le_bytes()
    };
    let field = if big {
        &all[8 - width..]
    } else {
        &all[..width]
    };
    bytes[at..at + width].copy_from_slice(field);
}

/// Absurd values for every size, offset, count and index field of the
/// header and of every section header.
fn absurd(seed: &[u8], l: &Layout) -> Vec<(String, Vec<u8>)> {
    const VALUES: [u64; 7] = [0, 1, 1 << 32, 1 << 60, u64::MAX, u64::MAX - 63, 0x8000_0000];
    let mut fields: Vec<(String, usize, usize)> = vec![
        ("e_phoff".into(), 32, 8),
        ("e_shoff".into(), 40, 8),
        ("e_phentsize".into(), 54, 2),
        ("e_phnum".into(), 56, 2),
        ("e_shentsize".into(), 58, 2),
        ("e_shnum".into(), 60, 2),
        ("e_shstrndx".into(), 62, 2),
    ];
    for (i, at) in l.table.clone().step_by(64).enumerate() {
        for (name, off, width) in [
            ("sh_name", 0, 4),
            ("sh_type", 4, 4),
            ("sh_offset", 24, 8),
            ("sh_size", 32, 8),
            ("sh_link", 40, 4),
            ("sh_info", 44, 4),
        ] {
            fields.push((format!("section {i} {name}"), at + off, width));
        }
    }
    let mut out = Vec::new();
    for (name, at, width) in fields {
        for value in VALUES {
            let mut m = seed.to_vec();
            set(&mut m, at, width, value, l.big);
            out.push((format!("{name} = {value:#x}"), m));
        }
    }
    // Extended numbering: e_shnum 0 and section 0's sh_size the count;
    // e_shstrndx SHN_XINDEX and section 0's sh_link the index.
    for count in [0u64, 13, 4097, 1 << 24, 1 << 32, u64::MAX] {
        let mut m = seed.to_vec();
        set(&mut m, 60, 2, 0, l.big);
        set(&mut m, l.shoff + 32, 8, count, l.big);
        out.push((format!("extended e_shnum {count}"), m));
    }
    for index in [0u64, 1, 12, 13, u64::from(u32::MAX)] {
        let mut m = seed.to_vec();
        set(&mut m, 62, 2, 0xffff, l.big);
        set(&mut m, l.shoff + 40, 4, index, l.big);
        out.push((format!("extended e_shstrndx {index}"), m));
    }
    // Varint lengths in the metadata: the target string's length (the
    // first byte of the payload) made huge, and every length prefix.
    let payload = l.engine.start + 2 + l.version_len;
    for value in [1u64 << 32, 1 << 60, u64::MAX] {
        let mut varint = Vec::new();
        let mut n = value;
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                varint.push(b);
                break;
            }
            varint.push(b | 0x80);
        }
        for at in [payload, payload + 1, payload + 30] {
            let mut m = seed[..at].to_vec();
            m.extend_from_slice(&varint);
            m.extend_from_slice(&seed[at..]);
            out.push((format!("varint {value:#x} at {at}"), m));
        }
    }
    out
}

macro_rules! sweep_tests {
    ($($test:ident => $dir:literal, $name:literal;)*) => {$(
        #[test]
        fn $test() {
            sweep($dir, $name);
        }
    )*};
}

sweep_tests! {
    sweep_31_x86_64_module => "wasmtime-31", "default-module";
    sweep_31_s390x_component => "wasmtime-31", "s390x-linux-component";
    sweep_44_aarch64_module => "wasmtime-44", "aarch64-linux-module";
    sweep_50_x86_64_component => "wasmtime-50", "default-component";
    sweep_50_pulley64_module => "wasmtime-50", "pulley64-module";
}

/// One seed's sweep, in container form, with the sampled full agreement.
fn sweep(dir: &str, name: &str) {
    let mut wrong = Vec::new();
    let (mut compared, mut agreed) = (0usize, 0usize);
    {
        let seed = seed(dir, name);
        let l = layout(&seed);
        let hot = |at: usize| at < 64 || l.table.contains(&at) || l.engine.contains(&at);
        let mut sample = 0usize;
        let mut full = |what: &str, m: &[u8], force: bool| {
            sample += 1;
            if force || sample % 47 == 0 {
                let outcome = std::panic::catch_unwind(|| fuzzing::agreement(m));
                if outcome.is_err() {
                    wrong.push(format!("{dir}/{name} {what}: paths disagree"));
                }
                agreed += 1;
            }
        };
        let mut local = Vec::new();
        for len in (0..seed.len()).filter(|&n| hot(n) || n % 61 == 0) {
            let m = &seed[..len];
            compare_container(&format!("{dir}/{name} truncated to {len}"), m, &mut local);
            full("truncation", m, false);
            compared += 1;
        }
        let framing_end = l.engine.start + 2 + l.version_len;
        for at in (0..seed.len()).filter(|&at| hot(at)) {
            let values: Vec<u8> = if at < 64 || (l.engine.contains(&at) && at < framing_end) {
                (0..=255u8).filter(|&v| v != seed[at]).collect()
            } else if l.table.contains(&at) {
                table_values(seed[at])
            } else {
                [0, 1, 2, 0x7f, 0x80, 0xff, seed[at] ^ 1, seed[at] ^ 0x40]
                    .into_iter()
                    .filter(|&v| v != seed[at])
                    .collect()
            };
            for v in values {
                let mut m = seed.clone();
                m[at] = v;
                compare_container(&format!("{dir}/{name} [{at:#x}] = {v:#x}"), &m, &mut local);
                full("byte change", &m, false);
                compared += 1;
            }
        }
        for (what, m) in absurd(&seed, &l) {
            compare_container(&format!("{dir}/{name} {what}"), &m, &mut local);
            full(&what, &m, true);
            compared += 1;
        }
        local.truncate(40);
        wrong.extend(local);
    }
    println!(
        "{dir}/{name}: {compared} mutants compared with wasmtime's container steps, {agreed} \
         through every path"
    );
    assert!(
        wrong.is_empty(),
        "{} disagreements:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Every fixture of every wasmtime release (artifacts, corrupted and
/// foreign inputs, host files) gives one answer through every path: each
/// profile's check and detect at buffer offsets 0, 1, 4 and 8 and from a
/// file, and reading it; and the container steps say what wasmtime's say.
#[test]
fn every_fixture_gives_one_answer_on_every_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut count = 0;
    let mut wrong = Vec::new();
    for dir in ["wasmtime-31", "wasmtime-44", "wasmtime-50"] {
        for sub in ["artifacts", "hosts"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(dir).join(sub))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            paths.sort();
            for path in paths {
                let bytes = std::fs::read(&path).unwrap();
                let what = path.display().to_string();
                if std::panic::catch_unwind(|| fuzzing::agreement(&bytes)).is_err() {
                    wrong.push(format!("{what}: paths disagree"));
                }
                compare_container(&what, &bytes, &mut wrong);
                count += 1;
            }
        }
    }
    println!("{count} fixtures give one answer on every path");
    assert!(count > 400);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
