//! The fuzz targets, as plain functions of one byte string.
//!
//! `fuzz/` runs each under libFuzzer (`fuzz/run.sh`), and `cargo test`
//! replays the committed corpus (`fuzz/corpus/<target>/`) through the very
//! same functions without a fuzzer (`tests/fuzz_corpus.rs`). Each function
//! panics when a promise breaks: two answers for one input, a decode that
//! does not survive re-encoding, a C entry point that does not return a
//! status, an artifact the writer makes that the reader cannot read back.
//! Not part of the library's API.

use crate::artifact::{self, Artifact};
use crate::format::{self, Elf, EngineSection, ExtraSection, Input, Kind, ReadError, SectionKind};
use crate::model::{Engine, EngineBuilder, Metadata, VersionStrategy};
use crate::profiles::{self, Profile};
use crate::rules::{self, Mode};
use std::ffi::{c_char, c_void, CString};
use std::path::PathBuf;
use std::sync::OnceLock;

/// A fuzz target.
pub type Target = fn(&[u8]);

/// Every target, by name.
pub const TARGETS: &[(&str, Target)] = &[
    ("agreement", agreement),
    ("framing", framing),
    ("decode", decode),
    ("roundtrip", roundtrip),
    ("c_api", c_api),
    ("writer", writer),
    ("stamp", stamp),
    ("digest", digest),
];

/// The native engine of each of [`readers`], made once.
fn engines() -> &'static [Engine] {
    static ENGINES: OnceLock<Vec<Engine>> = OnceLock::new();
    ENGINES.get_or_init(|| readers().map(Engine::native).collect())
}

/// `data` copied to an address that is `offset` bytes past a multiple of 8.
pub struct Placed {
    buf: Vec<u8>,
    at: usize,
    len: usize,
}

impl Placed {
    /// Copies `data` to an address `offset` (mod 8) past 8-byte alignment.
    pub fn new(data: &[u8], offset: usize) -> Placed {
        let mut buf = vec![0u8; data.len() + 16];
        let base = buf.as_ptr() as usize;
        let at = (offset % 8 + 8 - base % 8) % 8;
        buf[at..at + data.len()].copy_from_slice(data);
        Placed {
            buf,
            at,
            len: data.len(),
        }
    }

    /// The copy.
    pub fn bytes(&self) -> &[u8] {
        &self.buf[self.at..self.at + self.len]
    }
}

/// A scratch file of this process and thread holding `data`.
pub fn scratch_file(data: &[u8]) -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id());
    let name: String = thread.chars().filter(char::is_ascii_digit).collect();
    let path =
        std::env::temp_dir().join(format!("aotcompat-fuzz-{}-{name}.bin", std::process::id()));
    std::fs::write(&path, data).expect("the scratch file can be written");
    path
}

/// The buffer offsets every agreement is checked at.
pub const OFFSETS: [usize; 4] = [0, 1, 4, 8];

/// The parity message of a check, or `None` when compatible.
fn verdict(engine: &Engine, bytes: &[u8], kind: Kind) -> Option<String> {
    rules::check(engine, bytes, kind, Mode::Parity)
        .message()
        .map(str::to_owned)
}

/// One verdict whatever the path: every profile's check and detect give
/// the same answer for `data` at buffer offsets 0, 1, 4 and 8 and from a
/// file, a full report starts with the parity message, and reading the
/// artifact (any profile) agrees between bytes and file.
pub fn agreement(data: &[u8]) {
    let path = scratch_file(data);
    let placed: Vec<Placed> = OFFSETS.iter().map(|&o| Placed::new(data, o)).collect();
    for engine in engines() {
        for kind in [Kind::Module, Kind::Component] {
            let want = verdict(engine, data, kind);
            for p in &placed {
                assert_eq!(
                    verdict(engine, p.bytes(), kind),
                    want,
                    "bytes at {:#x}",
                    p.at
                );
            }
            let file = rules::check_file(engine, &path, kind, Mode::Parity)
                .expect("a regular file can be checked");
            assert_eq!(file.message().map(str::to_owned), want, "file");
            let all = rules::check(engine, data, kind, Mode::All);
            assert_eq!(all.message().map(str::to_owned), want, "full report");
        }
    }
    for profile in readers().map(Some).chain([None]) {
        let want = artifact::detect(data, profile);
        for p in &placed {
            assert_eq!(
                artifact::detect(p.bytes(), profile),
                want,
                "detect at {:#x}",
                p.at
            );
        }
        let file = artifact::detect_file(&path, profile).expect("a regular file can be read");
        assert_eq!(file, want, "detect_file");
        let want = artifact::detect_format(data, profile);
        for p in &placed {
            let got = artifact::detect_format(p.bytes(), profile);
            assert_eq!(got, want, "detect_format at {:#x}", p.at);
        }
        let file = artifact::detect_format_file(&path, profile).expect("a regular file");
        assert_eq!(file, want, "detect_format_file");
    }
    let read = |r: anyhow::Result<Artifact>| {
        r.map(|a| (a.profile.name, a.kind, a.version, a.metadata))
            .map_err(|e| format!("{e:#}"))
    };
    let want = read(Artifact::read(data, None));
    assert_eq!(
        read(Artifact::read(placed[1].bytes(), None)),
        want,
        "read at 1"
    );
    assert_eq!(read(Artifact::read_file(&path, None)), want, "read_file");
    let _ = std::fs::remove_file(&path);
}

/// A minimal ELF64 file (little-endian, x86_64, marked as a wasmtime
/// module) with one section `name` holding `data`, then its string table
/// and section table: what the framing and sparse-file tests wrap.
pub fn elf_with_section(name: &str, data: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 64];
    out[0..4].copy_from_slice(b"\x7fELF");
    out[4] = 2; // ELFCLASS64
    out[5] = 1; // little-endian
    out[6] = 1; // EV_CURRENT
    out[7] = format::ELFOSABI_WASMTIME;
    out[16..18].copy_from_slice(&1u16.to_le_bytes()); // ET_REL
    out[18..20].copy_from_slice(&62u16.to_le_bytes()); // EM_X86_64
    out[20..24].copy_from_slice(&1u32.to_le_bytes());
    out[48..52].copy_from_slice(&format::EF_WASMTIME_MODULE.to_le_bytes());
    out[52..54].copy_from_slice(&64u16.to_le_bytes());
    out[58..60].copy_from_slice(&64u16.to_le_bytes());
    out[60..62].copy_from_slice(&3u16.to_le_bytes());
    out[62..64].copy_from_slice(&2u16.to_le_bytes());
    let data_at = out.len() as u64;
    out.extend_from_slice(data);
    let strings_at = out.len() as u64;
    let mut strings = vec![0u8];
    strings.extend_from_slice(name.as_bytes());
    strings.push(0);
    strings.extend_from_slice(b".shstrtab\0");
    out.extend_from_slice(&strings);
    while out.len() % 8 != 0 {
        out.push(0);
    }
    let shoff = out.len() as u64;
    out[40..48].copy_from_slice(&shoff.to_le_bytes());
    let header = |name: u32, kind: u32, offset: u64, size: u64| {
        let mut h = [0u8; 64];
        h[0..4].copy_from_slice(&name.to_le_bytes());
        h[4..8].copy_from_slice(&kind.to_le_bytes());
        h[24..32].copy_from_slice(&offset.to_le_bytes());
        h[32..40].copy_from_slice(&size.to_le_bytes());
        h[48..56].copy_from_slice(&1u64.to_le_bytes());
        h
    };
    out.extend_from_slice(&[0u8; 64]);
    out.extend_from_slice(&header(1, 1, data_at, data.len() as u64));
    let shstrtab_name = 2 + name.len() as u32;
    out.extend_from_slice(&header(shstrtab_name, 3, strings_at, strings.len() as u64));
    out
}

/// The reader's framing of an engine section agrees with
/// [`EngineSection::parse`] on the whole section, for bytes and file, and
/// the metadata the reader hands on is the payload or a prefix of it.
pub fn framing(data: &[u8]) {
    let elf = elf_with_section(".wasmtime.engine", data);
    let path = scratch_file(&elf);
    let want = EngineSection::parse(data);
    for input in [
        Input::Bytes(&elf),
        Input::open(&path).expect("scratch file"),
    ] {
        let file = matches!(input, Input::File(_));
        let mut reader = Elf::open(input, profiles::WASMTIME_31.container.elf_rules())
            .expect("a well-formed wrapper");
        let section = reader
            .find(".wasmtime.engine", format::SectionPick::First)
            .expect("names readable")
            .expect("the section is there");
        let framed = reader.frame(section);
        match (&want, framed) {
            (Ok(want), Ok(framed)) => {
                assert_eq!(&*framed.version, want.version, "version (file: {file})");
                assert_eq!(framed.payload_len, want.payload.len() as u64);
                let payload = reader
                    .payload(&framed, |b| !b.is_empty() && b[0] % 2 == 0)
                    .expect("readable");
                assert!(want.payload.starts_with(&payload.bytes), "a prefix");
                assert_eq!(payload.total, want.payload.len() as u64);
            }
            (Err(want), Err(ReadError::Format(got))) => assert_eq!(want, &got),
            (want, got) => panic!("framing differs (file: {file}): {want:?} vs {got:?}"),
        }
    }
    let _ = std::fs::remove_file(&path);
}

/// One profile per container rule (the newest that uses it): the reader
/// paths differ only by that rule, so these eleven cover every path that
/// the 66 profiles take (the pre-3.0 ones by their trailer rules).
fn readers() -> impl Iterator<Item = &'static Profile> {
    profiles::ALL
        .iter()
        .copied()
        .enumerate()
        .filter_map(|(at, p)| {
            let first = profiles::ALL
                .iter()
                .position(|q| std::ptr::eq(q.container, p.container));
            (first == Some(at)).then_some(p)
        })
}

fn layouts() -> impl Iterator<Item = &'static Profile> {
    profiles::ALL.iter().copied()
}

/// Every profile's metadata decode takes any bytes without panicking, and
/// the bounded reader's decode of the whole payload is the plain decode.
pub fn decode(data: &[u8]) {
    for profile in layouts() {
        let plain = Metadata::decode(profile.layout, data);
        let read = format::Payload {
            bytes: std::borrow::Cow::Borrowed(data),
            total: data.len() as u64,
            capped: false,
        };
        let bounded = Metadata::decode_read(profile.layout, &read);
        assert_eq!(plain, bounded, "{}", profile.name);
        if let Ok(md) = plain {
            let _ = md.features().len();
            let _ = md.tunables().count();
            let _ = crate::model::MetadataJson::new(&md);
        }
    }
}

/// Whatever decodes re-decodes to the same value after encoding, and its
/// encoding is stable. (The encoding need not be the start of what was
/// decoded: postcard accepts overlong varints such as `80 00` for 0, as
/// wasmtime does, and writes them short. Real artifacts, which are
/// canonical, re-encode byte for byte: `tests/replay.rs`.)
pub fn roundtrip(data: &[u8]) {
    for profile in layouts() {
        let Ok(md) = Metadata::decode(profile.layout, data) else {
            continue;
        };
        let encoded = md
            .encode()
            .unwrap_or_else(|e| panic!("{}: decoded metadata does not encode: {e}", profile.name));
        let again = Metadata::decode(profile.layout, &encoded)
            .unwrap_or_else(|e| panic!("{}: the encoding does not decode: {e}", profile.name));
        assert_eq!(again, md, "{}: decode-encode-decode", profile.name);
        assert_eq!(
            again.encode().unwrap(),
            encoded,
            "{}: stable encoding",
            profile.name
        );
    }
}

extern "C" {
    fn aotcompat_engine_new_native(
        profile: *const c_char,
        out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_engine_free(engine: *mut c_void);
    fn aotcompat_check(
        engine: *const c_void,
        bytes: *const u8,
        len: usize,
        kind: u32,
        report_out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_check_all(
        engine: *const c_void,
        bytes: *const u8,
        len: usize,
        kind: u32,
        report_out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_report_message(report: *const c_void) -> *const c_char;
    fn aotcompat_report_free(report: *mut c_void);
    fn aotcompat_error_free(err: *mut c_void);
    fn aotcompat_detect(
        profile: *const c_char,
        bytes: *const u8,
        len: usize,
        kind_out: *mut u32,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_metadata_read(
        profile: *const c_char,
        bytes: *const u8,
        len: usize,
        out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
    fn aotcompat_metadata_free(metadata: *mut c_void);
    fn aotcompat_engine_from_artifact(
        profile: *const c_char,
        bytes: *const u8,
        len: usize,
        out: *mut *mut c_void,
        err: *mut *mut c_void,
    ) -> u32;
}

/// `AOTCOMPAT_STATUS_PANIC`: a panic caught at the boundary, always a bug.
const PANIC: u32 = 900;

/// The message of a report, or `None`.
unsafe fn report_text(report: *const c_void) -> Option<String> {
    // SAFETY: `report` is a live report; the message lives as long as it.
    let text = unsafe { aotcompat_report_message(report) };
    (!text.is_null()).then(|| {
        // SAFETY: a NUL-terminated string owned by the report.
        unsafe { std::ffi::CStr::from_ptr(text) }
            .to_string_lossy()
            .into_owned()
    })
}

/// The C entry points on arbitrary bytes at an unaligned address, with a
/// kind value and profile name taken from the input: every call returns a
/// status (never a panic or an abort), an incompatible verdict comes with a
/// report, and aotcompat_check() agrees with the Rust check.
pub fn c_api(data: &[u8]) {
    let (selector, body) = data.split_first().unwrap_or((&0, &[]));
    let names = [
        "wasmtime-31",
        "wasmtime-44",
        "wasmtime-50",
        "generic",
        "no-such",
    ];
    let name = CString::new(names[usize::from(selector & 7) % names.len()]).unwrap();
    let kind = u32::from(selector >> 3) % 4; // 3 is not a kind
    let placed = Placed::new(body, 1);
    let bytes = placed.bytes();
    // SAFETY: every pointer below is valid for the call, outputs are
    // freed once, as the header documents.
    unsafe {
        let mut engine = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        let status = aotcompat_engine_new_native(name.as_ptr(), &mut engine, &mut err);
        aotcompat_error_free(err);
        if status == 0 {
            for all in [false, true] {
                let mut report = std::ptr::null_mut();
                let mut err = std::ptr::null_mut();
                let call = if all {
                    aotcompat_check_all
                } else {
                    aotcompat_check
                };
                let status = call(
                    engine,
                    bytes.as_ptr(),
                    bytes.len(),
                    kind,
                    &mut report,
                    &mut err,
                );
                assert_ne!(status, PANIC, "a panic inside aotcompat_check");
                if !report.is_null() && !all {
                    let kind = match kind {
                        1 => Some(Kind::Module),
                        2 => Some(Kind::Component),
                        _ => None,
                    };
                    let ours = profiles::by_name(name.to_str().unwrap())
                        .zip(kind)
                        .map(|(profile, k)| verdict(&Engine::native(profile), body, k));
                    if let Some(ours) = ours {
                        // A C string cannot hold NUL: the C surface writes
                        // U+FFFD for it (text quoted from the artifact).
                        let ours = ours.map(|m| m.replace('\0', "\u{FFFD}"));
                        assert_eq!(report_text(report), ours, "C and Rust checks differ");
                    }
                }
                aotcompat_report_free(report);
                aotcompat_error_free(err);
            }
            aotcompat_engine_free(engine);
        }
        let profile = if selector & 0x80 != 0 {
            std::ptr::null()
        } else {
            name.as_ptr()
        };
        let mut kind_out = 0;
        let mut err = std::ptr::null_mut();
        let status = aotcompat_detect(
            profile,
            bytes.as_ptr(),
            bytes.len(),
            &mut kind_out,
            &mut err,
        );
        assert_ne!(status, PANIC, "a panic inside a C entry point");
        aotcompat_error_free(err);
        let mut md = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        let status =
            aotcompat_metadata_read(profile, bytes.as_ptr(), bytes.len(), &mut md, &mut err);
        assert_ne!(status, PANIC, "a panic inside a C entry point");
        aotcompat_metadata_free(md);
        aotcompat_error_free(err);
        let mut engine = std::ptr::null_mut();
        let mut err = std::ptr::null_mut();
        let status = aotcompat_engine_from_artifact(
            profile,
            bytes.as_ptr(),
            bytes.len(),
            &mut engine,
            &mut err,
        );
        assert_ne!(status, PANIC, "a panic inside a C entry point");
        aotcompat_engine_free(engine);
        aotcompat_error_free(err);
    }
}

/// Reads fields off the input, zero when it runs out.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> u8 {
        let (&b, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        b
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head
    }
}

/// Targets the writer is asked for, wasmtime's and others.
const TARGETS_TO_WRITE: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "aarch64-apple-darwin",
    "s390x-unknown-linux-gnu",
    "riscv64gc-unknown-linux-gnu",
    "pulley64-unknown-unknown",
    "pulley32be-unknown-unknown",
    "i686-unknown-linux-gnu",
    "armv7-unknown-linux-gnueabihf",
    "wasm32-unknown-unknown",
    "mips64-unknown-linux-gnuabi64",
];

/// Names the writer is asked to write.
const NAMES: &[&str] = &[
    ".text",
    ".wasmtime.info",
    ".wasmtime.engine",
    ".aotcompat.engine",
    ".symtab",
    ".shstrtab",
    "",
    "a\0b",
    ".data",
    ".x",
];

/// Whatever the writer is asked, it answers with an error or an artifact
/// (never a panic or an abort), and every artifact it writes reads back:
/// its kind, profile, version and metadata, and every section it was
/// given, through the same reader checks use, from bytes and from a file.
pub fn writer(data: &[u8]) {
    let mut c = Cursor(data);
    let profile = profiles::ALL[usize::from(c.byte()) % profiles::ALL.len()];
    let kind = if c.byte() % 2 == 0 {
        Kind::Module
    } else {
        Kind::Component
    };
    let target = TARGETS_TO_WRITE[usize::from(c.byte()) % TARGETS_TO_WRITE.len()];
    let mut builder = if profile.has_native_engine() {
        EngineBuilder::native(profile)
    } else {
        EngineBuilder::from_metadata(profile, Metadata::empty(profile.layout, target))
    };
    builder.target(target);
    if c.byte() % 2 == 1 {
        let len = usize::from(c.byte());
        builder.version_strategy(VersionStrategy::Custom(
            String::from_utf8_lossy(c.take(len)).into_owned(),
        ));
    }
    let Ok(engine) = builder.build() else {
        return;
    };
    let count = usize::from(c.byte() % 5);
    let mut sections = Vec::new();
    for _ in 0..count {
        let name = NAMES[usize::from(c.byte()) % NAMES.len()];
        let shift = c.byte() % 64;
        let align = match shift {
            0..=16 => 1u64 << shift,
            17..=40 => 1u64 << (shift + 23).min(63),
            _ => u64::from(c.byte()),
        };
        let len = usize::from(c.byte()) * 4;
        let section_kind = match c.byte() % 5 {
            0 => SectionKind::Text,
            1 => SectionKind::ReadOnlyData,
            2 => SectionKind::Data,
            // Raw ELF kinds: a type from a short list (plain ones, a
            // processor-specific one, and tables the writer must refuse)
            // and any flags.
            _ => SectionKind::Elf {
                sh_type: [1, 7, 14, 0x7000_0001, 2, 3, 4, 8, 17][usize::from(c.byte() % 9)],
                sh_flags: u64::from(c.byte()) | (u64::from(c.byte()) << 24),
            },
        };
        sections.push(ExtraSection {
            name,
            data: c.take(len),
            align,
            kind: section_kind,
        });
    }
    // Symbols in any of the sections (or past them), anywhere in them (or
    // past their end).
    let names = ["f", "wasm[0]::function[0]", "", "a\0b"];
    let symbols: Vec<format::ExtraSymbol<'_>> = (0..c.byte() % 4)
        .map(|_| format::ExtraSymbol {
            name: names[usize::from(c.byte()) % names.len()],
            section: usize::from(c.byte() % 6),
            value: u64::from(c.byte()) * 4,
            size: u64::from(c.byte()),
            kind: if c.byte() % 2 == 0 {
                format::SymbolKind::Function
            } else {
                format::SymbolKind::Data
            },
            global: c.byte() % 2 == 1,
        })
        .collect();
    let written = artifact::write_artifact_with_symbols(&engine, kind, &sections, &symbols);
    if profile.is_legacy() {
        // Read only.
        assert!(written.is_err(), "{} wrote an artifact", profile.name);
        return;
    }
    let Ok(bytes) = written else {
        return;
    };
    let read = Artifact::read(&bytes, Some(profile))
        .unwrap_or_else(|e| panic!("{} on {target}: written but not read: {e:#}", profile.name));
    assert_eq!(read.kind, Some(kind), "kind");
    assert_eq!(read.version, engine.version_string().as_bytes(), "version");
    assert_eq!(&read.metadata, engine.metadata(), "metadata");
    // wasmtime 22 to 27 parse in this machine's byte order only, so their
    // detection sees nothing in a file of the other order.
    let foreign_order = profile.container.endian == format::EndianRule::Native
        && engine.host_big_endian() != cfg!(target_endian = "big");
    assert_eq!(
        artifact::detect(&bytes, Some(profile)),
        (!foreign_order).then_some(kind),
        "detect by {} of {kind:?} for {target}",
        profile.name
    );
    let path = scratch_file(&bytes);
    let from_file = Artifact::read_file(&path, Some(profile)).expect("read back from a file");
    assert_eq!(from_file, read, "file");
    let _ = std::fs::remove_file(&path);
    let headers = format::Headers::parse(&bytes).expect("a header");
    for s in &sections {
        if sections.iter().find(|o| o.name == s.name).map(|o| o.data) != Some(s.data) {
            continue; // a later section of an earlier name
        }
        let found = headers
            .section_data(s.name, format::SectionPick::First)
            .expect("names readable")
            .unwrap_or_else(|| panic!("section {:?} written but not found", s.name));
        assert_eq!(found, s.data, "section {:?}", s.name);
    }
}

/// Stamping an ELF object: the first byte picks a profile that writes and
/// the kind, the rest is the object (at an address of its length mod 8).
/// The engine's target follows the object's machine and byte order where
/// the object names one the writer knows, so that most inputs get past
/// the shape checks. Either the stamp fails with a [`format::StampError`]
/// (or, for a Pulley target the release lacks, a plain error), or it gives
/// an artifact that reads back as the engine's own and that stamping again
/// leaves byte for byte as it is.
pub fn stamp(data: &[u8]) {
    let (&first, object) = data.split_first().unwrap_or((&0, &[]));
    let writers: Vec<&'static Profile> = profiles::ALL
        .iter()
        .copied()
        .filter(|p| p.writer.is_some())
        .collect();
    let profile = writers[usize::from(first >> 1) % writers.len()];
    let kind = if first & 1 == 0 {
        Kind::Module
    } else {
        Kind::Component
    };
    let big = object.get(5) == Some(&2);
    let machine = match (object.get(18), object.get(19)) {
        (Some(&a), Some(&b)) if big => u16::from_be_bytes([a, b]),
        (Some(&a), Some(&b)) => u16::from_le_bytes([a, b]),
        _ => 0,
    };
    let target = match (machine, big) {
        (183, _) => "aarch64-unknown-linux-gnu",
        (22, _) => "s390x-unknown-linux-gnu",
        (243, true) => "pulley64be-unknown-unknown",
        (243, false) => "riscv64gc-unknown-linux-gnu",
        _ => "x86_64-unknown-linux-gnu",
    };
    let mut builder = EngineBuilder::new(profile);
    builder.target(target);
    let Ok(engine) = builder.build() else {
        return;
    };
    let placed = Placed::new(object, object.len());
    let stamped = match artifact::stamp_object(&engine, kind, placed.bytes()) {
        Ok(stamped) => stamped,
        Err(e) => {
            let pulley = target.starts_with("pulley") && format!("{e}").contains("Pulley");
            assert!(
                e.downcast_ref::<format::StampError>().is_some() || pulley,
                "{}: not a stamp error: {e:#}",
                profile.name
            );
            return;
        }
    };
    let read = Artifact::read(&stamped, Some(profile))
        .unwrap_or_else(|e| panic!("{} on {target}: stamped but not read: {e:#}", profile.name));
    assert_eq!(read.kind, Some(kind), "kind");
    assert_eq!(read.version, engine.version_string().as_bytes(), "version");
    assert_eq!(&read.metadata, engine.metadata(), "metadata");
    let again = artifact::stamp_object(&engine, kind, &stamped)
        .unwrap_or_else(|e| panic!("{}: stamped once, not twice: {e:#}", profile.name));
    assert!(
        again == stamped,
        "{}: stamping twice changed the file",
        profile.name
    );
}

/// A small digested artifact, made once: wasmtime 31's native engine, a
/// `.text` of 100 bytes and a `.rodata.wasm` of 3 bytes.
fn digested_base() -> &'static [u8] {
    static BASE: OnceLock<Vec<u8>> = OnceLock::new();
    BASE.get_or_init(|| {
        let engine = Engine::native(&profiles::WASMTIME_31);
        let text = [0xc3u8; 100];
        let extra = [
            ExtraSection {
                name: ".text",
                data: &text,
                align: 16,
                kind: SectionKind::Text,
            },
            ExtraSection {
                name: ".rodata.wasm",
                data: b"abc",
                align: 8,
                kind: SectionKind::ReadOnlyData,
            },
        ];
        let options = artifact::WriteOptions { digest: true };
        artifact::write_artifact_with(&engine, Kind::Module, &extra, &[], &options)
            .expect("the base artifact is written")
    })
}

/// The integrity digest. The first byte's low bit picks what the rest is:
///
/// - 0, any file: verifying it never panics, from bytes at any address or
///   from a file, with one answer; adding a digest either fails with a
///   [`format::StampError`] or gives a file that verifies and that adding
///   again leaves byte for byte as it is.
/// - 1, edits (3 bytes each: position, little-endian u16, and a byte to
///   XOR there) to a small digested artifact: it verifies exactly when the
///   edits change nothing, and when every changed byte lies before the
///   digest's own, the failure names a byte range that holds the first one.
pub fn digest(data: &[u8]) {
    let (&first, rest) = data.split_first().unwrap_or((&0, &[]));
    if first & 1 == 0 {
        let placed = Placed::new(rest, usize::from(first >> 1));
        let answer = artifact::verify(placed.bytes()).map_err(|e| e.to_string());
        assert_eq!(
            artifact::verify(rest).map_err(|e| e.to_string()),
            answer,
            "bytes at two addresses"
        );
        let path = scratch_file(rest);
        let from_file = artifact::verify_file(&path).map_err(|e| e.to_string());
        let _ = std::fs::remove_file(&path);
        assert_eq!(from_file, answer, "bytes and file");
        match artifact::add_digest(placed.bytes()) {
            Ok(with) => {
                artifact::verify(&with)
                    .unwrap_or_else(|e| panic!("a digest was added but does not verify: {e}"));
                let again = artifact::add_digest(&with).expect("a digest is added twice");
                assert!(again == with, "adding a digest twice changed the file");
            }
            Err(e) => assert!(
                e.downcast_ref::<format::StampError>().is_some(),
                "not a stamp error: {e:#}"
            ),
        }
        return;
    }
    let base = digested_base();
    let covered = artifact::verify(base).expect("the base verifies").covered as usize;
    let mut bytes = base.to_vec();
    for edit in rest.chunks_exact(3) {
        let at = usize::from(u16::from_le_bytes([edit[0], edit[1]])) % bytes.len();
        bytes[at] ^= edit[2];
    }
    let changed: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] != base[i]).collect();
    match artifact::verify(&bytes) {
        Ok(_) => assert!(changed.is_empty(), "changed at {changed:?} but verified"),
        Err(e) => {
            assert!(!changed.is_empty(), "unchanged but not verified: {e}");
            if changed.iter().all(|&i| i < covered) {
                let text = e.to_string();
                let first = changed[0] as u64;
                let range = text.split_once("(bytes ").and_then(|(_, r)| {
                    let (a, r) = r.split_once(" to ")?;
                    let (b, r) = r.split_once(')')?;
                    let pad = r
                        .strip_prefix(" or the ")
                        .and_then(|p| p.split_once(' '))
                        .map_or(Some(0), |(n, _)| n.parse::<u64>().ok())?;
                    Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()? + pad))
                });
                let (a, b) = range.unwrap_or_else(|| panic!("no byte range in {text:?}"));
                assert!((a..b).contains(&first), "byte {first} changed: {text}");
            }
        }
    }
}
