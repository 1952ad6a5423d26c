//! Corrupted / foreign inputs that make sense for every release: helpers to
//! edit artifacts in place, and the recipe groups each version's corruption
//! table (`src/corrupt.rs` of each generator crate) is assembled from. Each
//! recipe derives its bytes from one of the genuine artifacts (or from
//! nothing) by editing bytes.

use crate::elf::{self, put_u32, put_u64, Elf, EngineLayout, FlagVal, Schema};
use anyhow::{bail, ensure, Result};
use std::ops::Range;

pub type Edit = Box<dyn Fn(&[u8]) -> Result<Vec<u8>>>;

pub struct Corruption {
    pub name: String,
    pub description: String,
    /// Name of the artifact the edit starts from (`None`: synthesized).
    pub base: Option<&'static str>,
    pub edit: Edit,
}

pub fn c(
    name: impl Into<String>,
    base: Option<&'static str>,
    description: impl Into<String>,
    edit: impl Fn(&[u8]) -> Result<Vec<u8>> + 'static,
) -> Corruption {
    Corruption {
        name: name.into(),
        description: description.into(),
        base,
        edit: Box::new(edit),
    }
}

/// What the shared recipe groups need to know about a release.
pub struct Ctx {
    pub schema: &'static Schema,
    /// The version string `WasmtimeVersion` writes ("31.0.0", "44").
    pub version: &'static str,
    /// Another version string of the same length, for the mismatch recipes.
    pub other_version: &'static str,
    /// What the last 10 bytes of default-module's engine section hold.
    pub last_10_bytes: &'static str,
    /// default-module's `Collector` variant index and short name.
    pub default_collector: (u8, &'static str),
}

pub const M: Option<&str> = Some("default-module");
pub const C: Option<&str> = Some("default-component");

/// Replaces `old` by `new` (same length) inside `range`; `old` must occur
/// exactly once there.
pub fn replace_once(b: &mut [u8], range: Range<usize>, old: &[u8], new: &[u8]) -> Result<()> {
    assert_eq!(old.len(), new.len());
    let hay = &b[range.clone()];
    let hits: Vec<usize> = hay
        .windows(old.len())
        .enumerate()
        .filter(|(_, w)| *w == old)
        .map(|(i, _)| i)
        .collect();
    ensure!(
        hits.len() == 1,
        "{:?} occurs {} times",
        String::from_utf8_lossy(old),
        hits.len()
    );
    let at = range.start + hits[0];
    b[at..at + new.len()].copy_from_slice(new);
    Ok(())
}

pub fn set_engine_size(b: &mut [u8], schema: &Schema, size: usize) -> Result<()> {
    let l = EngineLayout::parse(b, schema)?;
    put_u64(b, l.section.header + elf::SH_SIZE, size as u64);
    Ok(())
}

/// Replaces the engine section's data by `data`: in place when the size is
/// unchanged, else appended at the end of the file with the section header
/// pointed at it (the old bytes stay behind, unreferenced).
pub fn replace_engine_data(b: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    let e = Elf::parse(b)?;
    let s = e.section(elf::ENGINE_SECTION)?;
    let mut b = b.to_vec();
    if data.len() == s.size {
        b[s.data_range()].copy_from_slice(data);
    } else {
        let at = b.len();
        b.extend_from_slice(data);
        put_u64(&mut b, s.header + elf::SH_OFFSET, at as u64);
        put_u64(&mut b, s.header + elf::SH_SIZE, data.len() as u64);
    }
    Ok(b)
}

/// The engine section's data with `range` (absolute file positions inside
/// it) replaced by `new`.
pub fn splice_engine(
    b: &[u8],
    l: &EngineLayout,
    range: Range<usize>,
    new: &[u8],
) -> Result<Vec<u8>> {
    let sec = l.section.data_range();
    ensure!(sec.start <= range.start && range.end <= sec.end);
    let mut data = b[sec.start..range.start].to_vec();
    data.extend_from_slice(new);
    data.extend_from_slice(&b[range.end..sec.end]);
    replace_engine_data(b, &data)
}

/// Adds a second section header named `.wasmtime.engine` (after all others)
/// whose data is `data`, appended to the file. The section header table is
/// moved to the end of the file to make room for the new entry.
pub fn add_engine_section(b: &[u8], data: &[u8]) -> Result<Vec<u8>> {
    let e = Elf::parse(b)?;
    let s = e.section(elf::ENGINE_SECTION)?.clone();
    let mut b = b.to_vec();
    let data_at = b.len();
    b.extend_from_slice(data);
    while b.len() % 8 != 0 {
        b.push(0);
    }
    let table_at = b.len();
    let table = b[e.shoff..e.shoff + e.shnum * e.shentsize].to_vec();
    b.extend_from_slice(&table);
    let new_header = b[s.header..s.header + e.shentsize].to_vec();
    let entry = b.len();
    b.extend_from_slice(&new_header);
    put_u64(&mut b, entry + elf::SH_OFFSET, data_at as u64);
    put_u64(&mut b, entry + elf::SH_SIZE, data.len() as u64);
    put_u64(&mut b, elf::E_SHOFF, table_at as u64);
    elf::put_u16(&mut b, elf::E_SHNUM, (e.shnum + 1) as u16);
    Ok(b)
}

/// A minimal, section-less ELF header in wasmtime's dialect (`os_abi` 200,
/// `e_flags` 1), for 32- or 64-bit.
pub fn minimal_elf(class64: bool) -> Vec<u8> {
    let size = if class64 { 64 } else { 52 };
    let mut b = vec![0u8; size];
    b[..4].copy_from_slice(b"\x7fELF");
    b[elf::EI_CLASS] = if class64 { 2 } else { 1 };
    b[elf::EI_DATA] = 1;
    b[6] = 1; // EI_VERSION
    b[elf::EI_OSABI] = 200;
    b[16..18].copy_from_slice(&1u16.to_le_bytes()); // ET_REL
    b[18..20].copy_from_slice(&(if class64 { 62u16 } else { 3u16 }).to_le_bytes()); // EM_X86_64 / EM_386
    b[20..24].copy_from_slice(&1u32.to_le_bytes()); // e_version
    if class64 {
        put_u32(&mut b, elf::E_FLAGS, 1);
        b[0x34..0x36].copy_from_slice(&64u16.to_le_bytes()); // e_ehsize
        b[0x3A..0x3C].copy_from_slice(&64u16.to_le_bytes()); // e_shentsize
    } else {
        put_u32(&mut b, 0x24, 1); // e_flags
        b[0x28..0x2A].copy_from_slice(&52u16.to_le_bytes()); // e_ehsize
        b[0x2E..0x30].copy_from_slice(&40u16.to_le_bytes()); // e_shentsize
    }
    b
}

/// A copy of `b` with the byte at `at` set to `v`.
pub fn with_byte(b: &[u8], at: usize, v: u8) -> Vec<u8> {
    let mut b = b.to_vec();
    b[at] = v;
    b
}

/// A copy of `b` with `e_flags` set to `v`.
pub fn with_e_flags(b: &[u8], v: u32) -> Vec<u8> {
    let mut b = b.to_vec();
    put_u32(&mut b, elf::E_FLAGS, v);
    b
}

/// The version string with the byte at index `min(2, len - 1)` replaced by
/// 0xff, for display (`"31\xff0.0"`), and that index.
fn invalid_utf8_version(v: &str) -> (String, usize) {
    let i = 2.min(v.len() - 1);
    (format!("{}\\xff{}", &v[..i], &v[i + 1..]), i)
}

// ---------------------------------------------------------------------------
// Recipe groups, in the order of the wasmtime-31 table.

/// Inputs that are not wasmtime artifacts at all.
pub fn foreign(wasm: Vec<u8>) -> Vec<Corruption> {
    vec![
        c("empty", None, "empty file", |_| Ok(Vec::new())),
        c("text-file", None, "a plain text file", |_| {
            Ok(b"This is a plain text file, not a wasmtime artifact.\n".to_vec())
        }),
        c("wasm-binary", None, "the raw .wasm module the artifacts are compiled from (non-ELF binary)", move |_| {
            Ok(wasm.clone())
        }),
        c("elf32-minimal", None, "hand-made 52-byte ELF32 header (os_abi 200, e_flags 1, no sections)", |_| {
            Ok(minimal_elf(false))
        }),
        c("elf64-minimal", None, "hand-made 64-byte ELF64 header (os_abi 200, e_flags 1, no sections): detected as a module but has no engine section", |_| {
            Ok(minimal_elf(true))
        }),
    ]
}

pub fn truncations(x: &Ctx) -> Vec<Corruption> {
    let schema = x.schema;
    vec![
        c("truncated-10", M, "first 10 bytes of default-module", |b| {
            Ok(b[..10].to_vec())
        }),
        c(
            "truncated-64",
            M,
            "first 64 bytes of default-module (exactly the ELF header)",
            |b| Ok(b[..64].to_vec()),
        ),
        c(
            "truncated-section-table",
            M,
            "default-module cut in the middle of the section header table",
            |b| {
                let e = Elf::parse(b)?;
                Ok(b[..e.shoff + e.shnum / 2 * e.shentsize + 7].to_vec())
            },
        ),
        c(
            "truncated-engine-section",
            M,
            "default-module cut in the middle of the .wasmtime.engine data",
            move |b| {
                let l = EngineLayout::parse(b, schema)?;
                Ok(b[..l.section.offset + l.section.size / 2].to_vec())
            },
        ),
    ]
}

pub fn elf_header() -> Vec<Corruption> {
    vec![
        c(
            "bad-elf-magic",
            M,
            "default-module with ELF magic byte 1 changed ('E' -> 'F')",
            |b| Ok(with_byte(b, 1, b'F')),
        ),
        c(
            "elf-big-endian",
            M,
            "default-module with EI_DATA set to big-endian (all fields now misread)",
            |b| Ok(with_byte(b, elf::EI_DATA, 2)),
        ),
        c(
            "os-abi-sysv",
            M,
            "default-module with EI_OSABI 200 -> 0 (System V)",
            |b| Ok(with_byte(b, elf::EI_OSABI, 0)),
        ),
        c(
            "abi-version-1",
            M,
            "default-module with EI_ABIVERSION 0 -> 1",
            |b| Ok(with_byte(b, elf::EI_ABIVERSION, 1)),
        ),
        c("e-flags-0", M, "default-module with e_flags 1 -> 0", |b| {
            Ok(with_e_flags(b, 0))
        }),
        c(
            "e-flags-3",
            M,
            "default-module with e_flags 1 -> 3 (module|component)",
            |b| Ok(with_e_flags(b, 3)),
        ),
        c(
            "component-flagged-as-module",
            C,
            "default-component with e_flags 2 -> 1: claims to be a module",
            |b| Ok(with_e_flags(b, 1)),
        ),
        c(
            "module-flagged-as-component",
            M,
            "default-module with e_flags 1 -> 2: claims to be a component",
            |b| Ok(with_e_flags(b, 2)),
        ),
        c(
            "shoff-out-of-range",
            M,
            "default-module with e_shoff pointing past the end of the file",
            |b| {
                let mut b = b.to_vec();
                let n = b.len() as u64;
                put_u64(&mut b, elf::E_SHOFF, n + 4096);
                Ok(b)
            },
        ),
    ]
}

/// The engine section's framing: name, format byte, version length and
/// version string.
pub fn framing(x: &Ctx) -> Vec<Corruption> {
    let schema = x.schema;
    let layout = move |b: &[u8]| EngineLayout::parse(b, schema);
    let (v, other) = (x.version, x.other_version);
    let (bad, bad_at) = invalid_utf8_version(v);
    let vlen = v.len();
    let version_edit = move |b: &[u8]| -> Result<Vec<u8>> {
        let l = layout(b)?;
        let mut b = b.to_vec();
        replace_once(&mut b, l.version.clone(), v.as_bytes(), other.as_bytes())?;
        Ok(b)
    };
    vec![
        c("engine-section-renamed", M, "default-module with the section name .wasmtime.engine changed to .wasmtime.enginf in .shstrtab", move |b| {
            let l = layout(b)?;
            let last = l.section.name_pos + elf::ENGINE_SECTION.len() - 1;
            assert_eq!(b[last], b'e');
            Ok(with_byte(b, last, b'f'))
        }),
        c("engine-format-byte-1", M, "default-module with the engine section's first (format version) byte 0 -> 1", move |b| {
            Ok(with_byte(b, layout(b)?.format_pos, 1))
        }),
        c("engine-section-empty", M, "default-module with the engine section's sh_size set to 0", move |b| {
            let mut b = b.to_vec();
            set_engine_size(&mut b, schema, 0)?;
            Ok(b)
        }),
        c("engine-version-len-255", M, format!("default-module with the version length byte {vlen} -> 255 (the section is long enough, so the version string swallows the start of the payload)"), move |b| {
            Ok(with_byte(b, layout(b)?.version_len_pos, 255))
        }),
        c("engine-version-len-too-large", M, "default-module with the version length byte set larger than the remaining section data", move |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            // Shrink the section so that a 255-byte version cannot fit.
            let size = (l.payload - l.section.offset + 40).min(l.section.size);
            set_engine_size(&mut b, schema, size)?;
            b[l.version_len_pos] = 255;
            Ok(b)
        }),
        c("engine-version-len-0", M, format!("default-module with the version length byte {vlen} -> 0 (empty version; the payload then starts at \"{v}\")"), move |b| {
            Ok(with_byte(b, layout(b)?.version_len_pos, 0))
        }),
        c("version-invalid-utf8", M, format!("default-module with version \"{v}\" -> \"{bad}\" (invalid UTF-8)"), move |b| {
            Ok(with_byte(b, layout(b)?.version.start + bad_at, 0xff))
        }),
        c(format!("version-{other}"), M, format!("default-module with version \"{v}\" -> \"{other}\""), version_edit),
        c(format!("component-version-{other}"), C, format!("default-component with version \"{v}\" -> \"{other}\""), version_edit),
    ]
}

/// The postcard payload cut short or extended.
pub fn payload_size(x: &Ctx) -> Vec<Corruption> {
    let schema = x.schema;
    let layout = move |b: &[u8]| EngineLayout::parse(b, schema);
    vec![
        c("payload-truncated-features", M, format!("default-module with the engine section's sh_size reduced by 10 (payload ends inside {})", x.last_10_bytes), move |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            set_engine_size(&mut b, schema, l.section.size - 10)?;
            Ok(b)
        }),
        c("payload-truncated-target", M, "default-module with the engine section's sh_size cut inside the target triple string", move |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            set_engine_size(&mut b, schema, l.target.start + 5 - l.section.offset)?;
            Ok(b)
        }),
        c("payload-trailing-byte", M, "default-module with the engine section's sh_size increased by 1 (one trailing byte after the payload)", move |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            set_engine_size(&mut b, schema, l.section.size + 1)?;
            Ok(b)
        }),
    ]
}

/// Edits of the first tunables (collector, memory reservation) and of
/// epoch_interruption, which every release since 27 has.
pub fn tunables(x: &Ctx) -> Vec<Corruption> {
    let schema = x.schema;
    let layout = move |b: &[u8]| EngineLayout::parse(b, schema);
    let (collector, collector_name) = x.default_collector;
    vec![
        c("tunable-epoch-true", M, "default-module with tunable epoch_interruption flipped to true (valid payload, matches epoch hosts)", move |b| {
            Ok(with_byte(b, layout(b)?.tunable_bool("epoch_interruption"), 1))
        }),
        c("tunable-memory-reservation-2g", M, "default-module with memory_reservation varint's last byte 0x10 -> 0x08 (4 GiB -> 2 GiB)", move |b| {
            let l = layout(b)?;
            let last = l.memory_reservation.end - 1;
            ensure!(b[last] == 0x10, "unexpected memory_reservation encoding");
            Ok(with_byte(b, last, 0x08))
        }),
        c("collector-option-tag-2", M, "default-module with the Option<Collector> tag byte set to 2", move |b| {
            Ok(with_byte(b, layout(b)?.collector_tag, 2))
        }),
        c("collector-variant-9", M, "default-module with the Collector variant index set to 9", move |b| {
            let l = layout(b)?;
            ensure!(b[l.collector_tag] == 1, "default-module has no collector");
            Ok(with_byte(b, l.collector_tag + 1, 9))
        }),
        c("collector-null-edited", M, format!("default-module with Collector {collector_name} ({collector}) -> Null (1) (valid payload, matches collector-null hosts)"), move |b| {
            let l = layout(b)?;
            ensure!(b[l.collector_tag] == 1 && b[l.collector_tag + 1] == collector);
            Ok(with_byte(b, l.collector_tag + 1, 1))
        }),
    ]
}

/// Shared and ISA flag edits.
pub fn flags(x: &Ctx) -> Vec<Corruption> {
    let schema = x.schema;
    let layout = move |b: &[u8]| EngineLayout::parse(b, schema);
    vec![
        c("shared-flag-unknown-name", M, "default-module with shared flag name opt_level -> opt_lever", move |b| {
            let l = layout(b)?;
            let f = l.shared("opt_level")?;
            let mut b = b.to_vec();
            replace_once(&mut b, f.name_range.clone(), b"opt_level", b"opt_lever")?;
            Ok(b)
        }),
        c("shared-flag-unsupported-value", M, "default-module with shared flag preserve_frame_pointers Bool(true) -> Bool(false)", move |b| {
            let l = layout(b)?;
            let FlagVal::Bool(p, true) = l.shared("preserve_frame_pointers")?.value else {
                bail!("preserve_frame_pointers is not Bool(true)")
            };
            Ok(with_byte(b, p, 0))
        }),
        c("shared-flag-value-tag-5", M, "default-module with the FlagValue variant tag of preserve_frame_pointers set to 5", move |b| {
            let l = layout(b)?;
            Ok(with_byte(b, l.shared("preserve_frame_pointers")?.tag_pos, 5))
        }),
        c("shared-flag-enum-edited", M, "default-module with shared flag libcall_call_conv Enum(\"isa_default\") -> Enum(\"isa_defaulx\")", move |b| {
            let l = layout(b)?;
            let FlagVal::Enum(r) = l.shared("libcall_call_conv")?.value.clone() else {
                bail!("libcall_call_conv is not an Enum")
            };
            let mut b = b.to_vec();
            replace_once(&mut b, r, b"isa_default", b"isa_defaulx")?;
            Ok(b)
        }),
        c("shared-flag-opt-level-edited", M, "default-module with shared flag opt_level Enum(\"speed\") -> Enum(\"spood\") (a flag wasmtime ignores)", move |b| {
            let l = layout(b)?;
            let FlagVal::Enum(r) = l.shared("opt_level")?.value.clone() else {
                bail!("opt_level is not an Enum")
            };
            let mut b = b.to_vec();
            replace_once(&mut b, r, b"speed", b"spood")?;
            Ok(b)
        }),
        c("isa-flag-unknown-true", Some("isa-avx2-module"), "isa-avx2-module with ISA flag name has_avx2 (true) -> has_avx9", move |b| {
            let l = layout(b)?;
            let f = l.isa("has_avx2")?;
            ensure!(matches!(f.value, FlagVal::Bool(_, true)));
            let mut b = b.to_vec();
            replace_once(&mut b, f.name_range.clone(), b"has_avx2", b"has_avx9")?;
            Ok(b)
        }),
        c("isa-flag-unknown-false", M, "default-module with ISA flag name has_avx2 (false) -> has_avx9", move |b| {
            let l = layout(b)?;
            let f = l.isa("has_avx2")?;
            ensure!(matches!(f.value, FlagVal::Bool(_, false)));
            let mut b = b.to_vec();
            replace_once(&mut b, f.name_range.clone(), b"has_avx2", b"has_avx9")?;
            Ok(b)
        }),
        c("isa-flag-avx512f-true", M, "default-module with ISA flag has_avx512f Bool(false) -> Bool(true)", move |b| {
            let l = layout(b)?;
            let FlagVal::Bool(p, false) = l.isa("has_avx512f")?.value else {
                bail!("has_avx512f is not Bool(false)")
            };
            Ok(with_byte(b, p, 1))
        }),
        c("isa-flag-value-tag-0", M, "default-module with the FlagValue tag of ISA flag has_sse3 set to 0 (Enum) so the Bool byte is read as a string length", move |b| {
            let l = layout(b)?;
            Ok(with_byte(b, l.isa("has_sse3")?.tag_pos, 0))
        }),
    ]
}

/// Target triple edits.
pub fn targets(x: &Ctx) -> Vec<Corruption> {
    let schema = x.schema;
    let edit = move |old: &'static [u8], new: &'static [u8]| {
        move |b: &[u8]| -> Result<Vec<u8>> {
            let l = EngineLayout::parse(b, schema)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.target.clone(), old, new)?;
            Ok(b)
        }
    };
    vec![
        c("target-arch-unknown", M, "default-module with target triple x86_64-... -> x86_32-... (unknown architecture)", edit(b"x86_64", b"x86_32")),
        c("target-arch-mips64", M, "default-module with target triple x86_64-... -> mips64-... (another known architecture)", edit(b"x86_64", b"mips64")),
        c("target-os-redox", M, "default-module with target triple ...-linux-... -> ...-redox-... (another OS)", edit(b"linux", b"redox")),
        c("target-os-unknown-word", M, "default-module with target triple ...-linux-... -> ...-linuz-... (unknown OS word)", edit(b"linux", b"linuz")),
        c("target-vendor-edited", M, "default-module with target triple x86_64-unknown-... -> x86_64-pcvendr-... (custom vendor word)", edit(b"unknown", b"pcvendr")),
    ]
}
