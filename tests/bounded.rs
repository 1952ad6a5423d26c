//! Reads and memory follow what a file is, not what it claims: sparse
//! files of 1 GiB and 5 GiB whose engine section, symbol table, string
//! table or section count claim that much are checked, inspected and
//! detected with a few KiB read, well under a MiB held (a counting
//! allocator and the reader's own read counter), and by the command in
//! under 20 MB of resident memory. A real artifact is read in at most 3
//! reads. Times are printed, not asserted.

mod common;

use aotcompat::artifact::{self, Artifact};
use aotcompat::format::{Elf, Input, MAX_SECTIONS};
use aotcompat::model::{Engine, Kind};
use aotcompat::profiles::{self, Profile};
use aotcompat::rules::{self, Mode};
use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// One test at a time: the counters are process-wide.
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ALONE.lock().unwrap_or_else(|e| e.into_inner())
}

/// The most memory `f` held at once beyond what was held when it started.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst) - base)
}

const GIB: u64 = 1 << 30;

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join("artifacts")
        .join(format!("{name}.cwasm"))
}

/// Where a real little-endian artifact's fields lie.
struct Parts {
    shoff: u64,
    /// Section header offset of each section by name.
    headers: Vec<(String, u64)>,
}

fn parts(bytes: &[u8]) -> Parts {
    let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    let shoff = u64_at(40);
    let count = usize::from(u16_at(60));
    let strndx = usize::from(u16_at(62));
    let strings = u64_at(shoff as usize + strndx * 64 + 24) as usize;
    let headers = (0..count)
        .map(|i| {
            let at = shoff as usize + i * 64;
            let name = strings + u32_at(at) as usize;
            let end = name + bytes[name..].iter().position(|&b| b == 0).unwrap();
            (
                String::from_utf8_lossy(&bytes[name..end]).into_owned(),
                at as u64,
            )
        })
        .collect();
    Parts { shoff, headers }
}

/// A sparse copy of `seed` with `edits` (offset, little-endian u64 or u16
/// value, width) applied and its length set to `len`.
fn sparse(name: &str, seed: &[u8], edits: &[(u64, u64, usize)], len: u64) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("aotcompat-bounded-{}-{name}", std::process::id()));
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&path)
        .unwrap();
    file.write_all(seed).unwrap();
    for &(at, value, width) in edits {
        file.seek(SeekFrom::Start(at)).unwrap();
        file.write_all(&value.to_le_bytes()[..width]).unwrap();
    }
    file.set_len(len).unwrap();
    path
}

/// The crafted files: name, path, what they claim.
fn crafted() -> Vec<(&'static str, PathBuf)> {
    let seed = std::fs::read(fixture("wasmtime-50", "default-module")).unwrap();
    let p = parts(&seed);
    let header = |name: &str| p.headers.iter().find(|(n, _)| n == name).unwrap().1;
    let engine = header(".wasmtime.engine");
    let symtab = header(".symtab");
    let shstrtab = header(".shstrtab");
    vec![
        (
            "engine section of 5 GiB",
            sparse(
                "engine-5g",
                &seed,
                &[(engine + 32, 5 * GIB, 8)],
                5 * GIB + (1 << 20),
            ),
        ),
        (
            "symbol table of 1 GiB",
            sparse(
                "symtab-1g",
                &seed,
                &[(symtab + 32, GIB - GIB % 24, 8)],
                GIB + (1 << 20),
            ),
        ),
        (
            "section-name table of 1 GiB",
            sparse("shstrtab-1g", &seed, &[(shstrtab + 32, GIB, 8)], 2 * GIB),
        ),
        (
            "16 million section headers",
            // Extended numbering: e_shnum 0, section 0's sh_size the count.
            sparse(
                "sections-16m",
                &seed,
                &[(60, 0, 2), (p.shoff + 32, 1 << 24, 8)],
                p.shoff + (1 << 24) * 64,
            ),
        ),
    ]
}

fn engines() -> Vec<(&'static Profile, Engine)> {
    [&profiles::WASMTIME_31, &profiles::WASMTIME_50]
        .into_iter()
        .map(|p| (p, Engine::native(p)))
        .collect()
}

#[test]
fn crafted_sparse_files_cost_what_a_real_artifact_costs() {
    let _alone = alone();
    let engines = engines();
    for (what, path) in crafted() {
        let on_disk = std::fs::metadata(&path).unwrap().len();
        for (profile, engine) in &engines {
            let start = Instant::now();
            let (report, peak) =
                peak_of(|| rules::check_file(engine, &path, Kind::Module, Mode::All).unwrap());
            let took = start.elapsed();
            println!(
                "{what} ({on_disk} bytes claimed) check by {}: {:?}, peak {peak} bytes held, {took:?}",
                profile.name,
                report.message()
            );
            assert!(peak < 1 << 20, "{what}: check held {peak} bytes");
            // The reader alone: header, table, names, engine section.
            let rule = profile.container;
            let mut elf = match Elf::open(Input::open(&path).unwrap(), rule.elf_rules()) {
                Ok(elf) => elf,
                Err(e) => {
                    println!("  reader: {e}");
                    continue;
                }
            };
            if let Ok(Some(section)) = elf.find(rule.section, rule.pick) {
                if let Ok(framed) = elf.frame(section) {
                    let layout = profile.layout;
                    let _ = elf.payload(&framed, |b| {
                        aotcompat::model::Metadata::prefix_suffices(layout, b)
                    });
                }
            }
            let stats = elf.stats();
            println!("  reader: {} reads, {} bytes", stats.reads, stats.bytes);
            assert!(stats.bytes < 64 << 10, "{what}: read {} bytes", stats.bytes);
        }
        let ((), peak) = peak_of(|| {
            let _ = Artifact::read_file(&path, None);
            let _ = artifact::detect_file(&path, None).unwrap();
        });
        assert!(peak < 1 << 20, "{what}: read and detect held {peak} bytes");
    }
    for (_, path) in crafted() {
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn a_section_count_past_the_limit_is_refused_clearly() {
    let _alone = alone();
    let (_, path) = crafted().pop().unwrap();
    let report = rules::check_file(
        &Engine::native(&profiles::WASMTIME_50),
        &path,
        Kind::Module,
        Mode::Parity,
    )
    .unwrap();
    assert_eq!(
        report.message(),
        Some(
            format!(
                "the ELF section table has 16777216 entries; artifacts have at most \
                 {MAX_SECTIONS} (aotcompat's limit)"
            )
            .as_str()
        )
    );
    let _ = std::fs::remove_file(path);
}

/// Every artifact real wasmtime wrote, of every release from 3 to 50, as
/// its profile reads it (ELF header, section table, names, the engine
/// section's used prefix): at most 3 reads and under 8 KiB, whatever the
/// artifact's size; and an artifact with a 64 MiB `.text` costs what a
/// small one does.
#[test]
fn a_real_artifact_is_read_in_at_most_three_reads_under_8_kib() {
    let _alone = alone();
    let mut worst = (0, 0, String::new());
    let mut count = 0;
    let mut note = |stats: aotcompat::format::ReadStats, path: &Path| {
        if (stats.reads, stats.bytes) > (worst.0, worst.1) {
            worst = (stats.reads, stats.bytes, path.display().to_string());
        }
        count += 1;
    };
    let measure = |path: &Path, profile: &'static Profile| {
        let rule = profile.container;
        let mut elf = Elf::open(Input::open(path).unwrap(), rule.elf_rules()).unwrap();
        let section = elf.find(rule.section, rule.pick).unwrap().unwrap();
        let framed = elf.frame(section).unwrap();
        let payload = elf.payload(&framed, |_| true).unwrap();
        assert_eq!(payload.bytes.len() as u64, payload.total);
        let stats = elf.stats();
        let name = path.display().to_string();
        assert!(stats.reads <= 3, "{name}: {} reads", stats.reads);
        assert!(stats.bytes < 8 << 10, "{name}: {} bytes", stats.bytes);
        stats
    };
    for dir in common::versions() {
        let manifest = common::manifest_of(&dir);
        let profile = common::profile_of_dir(&dir);
        if profile.is_legacy() {
            continue;
        }
        for a in manifest.artifacts.iter().filter(|a| a.is_real()) {
            note(measure(&a.path(), profile), &a.path());
        }
    }
    let engine = Engine::native(&profiles::WASMTIME_50);
    let text = vec![0xccu8; 64 << 20];
    let extra = [aotcompat::format::ExtraSection {
        name: ".text",
        data: &text,
        align: 16,
        kind: aotcompat::format::SectionKind::Text,
    }];
    let big = artifact::write_artifact(&engine, Kind::Module, &extra).unwrap();
    let path = std::env::temp_dir().join(format!("aotcompat-big-{}.cwasm", std::process::id()));
    std::fs::write(&path, &big).unwrap();
    drop(big);
    note(measure(&path, &profiles::WASMTIME_50), &path);
    let _ = std::fs::remove_file(&path);
    assert!(count > 1000, "only {count} artifacts");
    println!(
        "{count} artifacts; most read: {} reads, {} bytes ({})",
        worst.0, worst.1, worst.2
    );
}

/// The command on each crafted file: detect, inspect and check, each under
/// 20 MB of resident memory. The peak is measured by `/usr/bin/time` (a
/// child of this test's own `getrusage` would count this process's memory
/// from before its `exec`); without it only the exit codes are checked.
#[test]
fn the_command_holds_little_on_crafted_files() {
    let _alone = alone();
    let files = crafted();
    let time = Path::new("/usr/bin/time");
    for (what, path) in &files {
        let p = path.to_str().unwrap();
        for args in [
            vec!["detect", p],
            vec!["inspect", p],
            vec!["check", p, "--host", "native", "--features", ""],
        ] {
            let start = Instant::now();
            let out = if time.exists() {
                Command::new(time)
                    .args(["-f", "%M"])
                    .arg(env!("CARGO_BIN_EXE_aotcompat"))
                    .args(&args)
                    .output()
                    .unwrap()
            } else {
                Command::new(env!("CARGO_BIN_EXE_aotcompat"))
                    .args(&args)
                    .output()
                    .unwrap()
            };
            let took = start.elapsed();
            assert!(matches!(out.status.code(), Some(0..=2)), "{args:?}");
            let rss = String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .and_then(|l| l.trim().parse::<u64>().ok());
            println!(
                "{what}: {} -> {:?} in {took:?}, {rss:?} KiB resident",
                args[0],
                out.status.code()
            );
            if time.exists() {
                let rss = rss.expect("/usr/bin/time prints the peak");
                assert!(rss < 20 * 1024, "{what}: {} held {rss} KiB", args[0]);
            }
        }
    }
    for (_, path) in files {
        let _ = std::fs::remove_file(path);
    }
}

/// A pre-3.0 artifact: the trailer of a real one is found and read in a few
/// reads (its ELF header, the end of its section table, the trailer), and a
/// 1 GiB sparse file whose wasmtime 0.26 metadata claims a 2^40-byte target
/// string, or whose 0.36 ELF image claims a section table past its end, is
/// judged after a few KiB to 256 KiB read and under a MiB held.
#[test]
fn pre_3_artifacts_are_read_as_far_as_needed() {
    use aotcompat::format::Trailer;
    use aotcompat::model::Metadata;
    let _alone = alone();
    for (dir, profile) in [
        ("legacy-0.26", &profiles::WASMTIME_0_26),
        ("legacy-0.33", &profiles::WASMTIME_0_33),
        ("legacy-2.0", &profiles::WASMTIME_2),
    ] {
        let path = fixture(dir, "default-module");
        let rule = profile.container.trailer().unwrap();
        let mut trailer = Trailer::open(Input::open(&path).unwrap(), rule, false).unwrap();
        let layout = profile.layout;
        let payload = trailer
            .payload(|b| Metadata::prefix_suffices(layout, b))
            .unwrap();
        Metadata::decode_read(layout, &payload).unwrap();
        let stats = trailer.stats();
        println!("{dir}: {} reads, {} bytes", stats.reads, stats.bytes);
        assert!(stats.reads <= 4, "{dir}: {} reads", stats.reads);
        assert!(stats.bytes <= 16 << 10, "{dir}: {} bytes", stats.bytes);
    }
    // wasmtime 0.26: header, "0.26.1", then a target string of 2^40 bytes
    // (varint marker 253 and a u64).
    let mut seed = b"\0wasmtime-aot\x060.26.1\xfd".to_vec();
    seed.extend_from_slice(&(1u64 << 40).to_le_bytes());
    let long_target = sparse("pre-3-target", &seed, &[], GIB);
    // wasmtime 0.36: an ELF header whose section table lies past the end.
    let mut elf = vec![0u8; 64];
    elf[..7].copy_from_slice(b"\x7fELF\x02\x01\x01");
    elf[58..60].copy_from_slice(&64u16.to_le_bytes());
    let table_past_end = sparse("pre-3-table", &elf, &[(40, GIB, 8), (60, 9, 2)], GIB);
    for (what, path, profile) in [
        ("long target", &long_target, &profiles::WASMTIME_0_26),
        (
            "table past the end",
            &table_past_end,
            &profiles::WASMTIME_0_36,
        ),
    ] {
        let engine = Engine::native(profile);
        let (report, peak) =
            peak_of(|| rules::check_file(&engine, path, Kind::Module, Mode::All).unwrap());
        println!("{what}: {:?}, peak {peak} bytes held", report.message());
        assert!(!report.is_compatible(), "{what}");
        assert!(peak < 1 << 20, "{what}: check held {peak} bytes");
        let ((), peak) = peak_of(|| {
            let _ = Artifact::read_file(path, None);
            let _ = artifact::detect_format_file(path, None).unwrap();
        });
        assert!(peak < 1 << 20, "{what}: read and detect held {peak} bytes");
    }
    assert_eq!(
        rules::check_file(
            &Engine::native(&profiles::WASMTIME_0_36),
            &table_past_end,
            Kind::Module,
            Mode::Parity
        )
        .unwrap()
        .message(),
        Some("failed to read section headers: Invalid ELF section header offset/size/alignment")
    );
    let _ = std::fs::remove_file(long_target);
    let _ = std::fs::remove_file(table_past_end);
}

/// wasmtime 0.26 to 0.29 decode the compiled module with the metadata, so
/// a check of their artifacts walks the whole value: every real artifact
/// and host file of those wheels is still read in at most 3 reads and
/// under 8 KiB (the trailer's window, the metadata's, which the walk starts
/// from, and one for the module's tail; the compiled code is skipped
/// unread), and a
/// 1 GiB sparse file whose module claims a name of 2^40 bytes is refused
/// after a few KiB, holding under a MiB.
#[test]
fn a_0_26_to_0_29_value_is_walked_in_a_few_reads() {
    use aotcompat::codec;
    use aotcompat::format::Trailer;
    use aotcompat::model::Metadata;
    let _alone = alone();
    let mut worst = (0, 0, String::new());
    let mut walked = 0;
    for (dir, profile) in [
        ("legacy-0.26", &profiles::WASMTIME_0_26),
        ("legacy-0.27", &profiles::WASMTIME_0_27),
        ("legacy-0.28", &profiles::WASMTIME_0_28),
        ("legacy-0.29", &profiles::WASMTIME_0_29),
    ] {
        let manifest = common::manifest_of(dir);
        let paths = manifest
            .artifacts
            .iter()
            .filter(|a| a.is_real())
            .map(|a| a.path())
            .chain(manifest.hosts.iter().map(|h| h.path()));
        let layout = profile.layout;
        let module = layout.trailing_bytes.module().unwrap();
        for path in paths {
            // What a check reads: the trailer, the metadata's prefix, then
            // the value from the metadata's start to the end of the file.
            let rule = profile.container.trailer().unwrap();
            let mut trailer = Trailer::open(Input::open(&path).unwrap(), rule, false).unwrap();
            let payload = trailer
                .payload(|b| Metadata::prefix_suffices(layout, b))
                .unwrap();
            Metadata::decode_read(layout, &payload).unwrap();
            let mut reader = trailer.value_reader();
            codec::skip(layout.codec, &[layout.shape, module], &mut reader).unwrap();
            assert_eq!(reader.remaining(), 0, "{}", path.display());
            let stats = trailer.stats();
            if (stats.reads, stats.bytes) > (worst.0, worst.1) {
                worst = (stats.reads, stats.bytes, path.display().to_string());
            }
            assert!(
                stats.reads <= 4,
                "{}: {} reads",
                path.display(),
                stats.reads
            );
            assert!(
                stats.bytes <= 16 << 10,
                "{}: {} bytes",
                path.display(),
                stats.bytes
            );
            walked += 1;
        }
    }
    println!(
        "{walked} files walked; most read: {} reads, {} bytes ({})",
        worst.0, worst.1, worst.2
    );
    assert_eq!(walked, 4 * 17);

    // The metadata of a real 0.26 artifact, then one compiled module whose
    // name claims 2^40 bytes, in a 1 GiB sparse file.
    let real = std::fs::read(fixture("legacy-0.26", "default-module")).unwrap();
    let start = 14 + usize::from(real[13]);
    let layout = profiles::WASMTIME_0_26.layout;
    let md = Metadata::decode(layout, &real[start..]).unwrap();
    let used = md.encode().unwrap().len();
    let mut seed = real[..start + used].to_vec();
    seed.extend_from_slice(&[1, 1, 253]);
    seed.extend_from_slice(&(1u64 << 40).to_le_bytes());
    let path = sparse("legacy-module-name", &seed, &[], GIB);
    let engine = common::manifest_of("legacy-0.26")
        .host("x86-64-default")
        .engine(&profiles::WASMTIME_0_26);
    let (report, peak) =
        peak_of(|| rules::check_file(&engine, &path, Kind::Module, Mode::All).unwrap());
    println!(
        "module name of 2^40 bytes: {:?}, peak {peak} bytes held",
        report.message()
    );
    assert_eq!(
        report.message(),
        Some("deserialize compilation artifacts: io error: ")
    );
    assert!(peak < 1 << 20, "check held {peak} bytes");
    let _ = std::fs::remove_file(path);
}
