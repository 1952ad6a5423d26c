//! Corrupted / foreign inputs. Each recipe derives its bytes from one of the
//! genuine artifacts (or from nothing) by editing bytes in place.

use crate::elf::{self, put_u32, put_u64, Elf, EngineLayout, FlagVal};
use anyhow::{ensure, Result};

pub struct Corruption {
    pub name: &'static str,
    pub description: &'static str,
    /// Name of the artifact the edit starts from (`None`: synthesized).
    pub base: Option<&'static str>,
    pub edit: Box<dyn Fn(&[u8]) -> Result<Vec<u8>>>,
}

fn c(
    name: &'static str,
    base: Option<&'static str>,
    description: &'static str,
    edit: impl Fn(&[u8]) -> Result<Vec<u8>> + 'static,
) -> Corruption {
    Corruption {
        name,
        description,
        base,
        edit: Box::new(edit),
    }
}

const M: Option<&str> = Some("default-module");
const C: Option<&str> = Some("default-component");

fn layout(b: &[u8]) -> Result<EngineLayout> {
    EngineLayout::parse(b)
}

/// Replaces `old` by `new` (same length) inside `range`; `old` must occur
/// exactly once there.
fn replace_once(b: &mut [u8], range: std::ops::Range<usize>, old: &[u8], new: &[u8]) -> Result<()> {
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

fn set_engine_size(b: &mut [u8], size: usize) -> Result<()> {
    let l = layout(b)?;
    put_u64(b, l.section.header + elf::SH_SIZE, size as u64);
    Ok(())
}

/// A minimal, section-less ELF header in wasmtime's dialect (`os_abi` 200,
/// `e_flags` 1), for 32- or 64-bit.
fn minimal_elf(class64: bool) -> Vec<u8> {
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

pub fn corruptions(wasm: Vec<u8>) -> Vec<Corruption> {
    vec![
        // --- not wasmtime artifacts at all -----------------------------------
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
        // --- truncations -------------------------------------------------------
        c("truncated-10", M, "first 10 bytes of default-module", |b| Ok(b[..10].to_vec())),
        c("truncated-64", M, "first 64 bytes of default-module (exactly the ELF header)", |b| Ok(b[..64].to_vec())),
        c("truncated-section-table", M, "default-module cut in the middle of the section header table", |b| {
            let e = Elf::parse(b)?;
            Ok(b[..e.shoff + e.shnum / 2 * e.shentsize + 7].to_vec())
        }),
        c("truncated-engine-section", M, "default-module cut in the middle of the .wasmtime.engine data", |b| {
            let l = layout(b)?;
            Ok(b[..l.section.offset + l.section.size / 2].to_vec())
        }),
        // --- ELF header -------------------------------------------------------
        c("bad-elf-magic", M, "default-module with ELF magic byte 1 changed ('E' -> 'F')", |b| {
            let mut b = b.to_vec();
            b[1] = b'F';
            Ok(b)
        }),
        c("elf-big-endian", M, "default-module with EI_DATA set to big-endian (all fields now misread)", |b| {
            let mut b = b.to_vec();
            b[elf::EI_DATA] = 2;
            Ok(b)
        }),
        c("os-abi-sysv", M, "default-module with EI_OSABI 200 -> 0 (System V)", |b| {
            let mut b = b.to_vec();
            b[elf::EI_OSABI] = 0;
            Ok(b)
        }),
        c("abi-version-1", M, "default-module with EI_ABIVERSION 0 -> 1", |b| {
            let mut b = b.to_vec();
            b[elf::EI_ABIVERSION] = 1;
            Ok(b)
        }),
        c("e-flags-0", M, "default-module with e_flags 1 -> 0", |b| {
            let mut b = b.to_vec();
            put_u32(&mut b, elf::E_FLAGS, 0);
            Ok(b)
        }),
        c("e-flags-3", M, "default-module with e_flags 1 -> 3 (module|component)", |b| {
            let mut b = b.to_vec();
            put_u32(&mut b, elf::E_FLAGS, 3);
            Ok(b)
        }),
        c("component-flagged-as-module", C, "default-component with e_flags 2 -> 1: claims to be a module", |b| {
            let mut b = b.to_vec();
            put_u32(&mut b, elf::E_FLAGS, 1);
            Ok(b)
        }),
        c("module-flagged-as-component", M, "default-module with e_flags 1 -> 2: claims to be a component", |b| {
            let mut b = b.to_vec();
            put_u32(&mut b, elf::E_FLAGS, 2);
            Ok(b)
        }),
        c("shoff-out-of-range", M, "default-module with e_shoff pointing past the end of the file", |b| {
            let mut b = b.to_vec();
            let n = b.len() as u64;
            put_u64(&mut b, elf::E_SHOFF, n + 4096);
            Ok(b)
        }),
        // --- engine section: framing -------------------------------------------
        c("engine-section-renamed", M, "default-module with the section name .wasmtime.engine changed to .wasmtime.enginf in .shstrtab", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            let last = l.section.name_pos + elf::ENGINE_SECTION.len() - 1;
            assert_eq!(b[last], b'e');
            b[last] = b'f';
            Ok(b)
        }),
        c("engine-format-byte-1", M, "default-module with the engine section's first (format version) byte 0 -> 1", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[l.format_pos] = 1;
            Ok(b)
        }),
        c("engine-section-empty", M, "default-module with the engine section's sh_size set to 0", |b| {
            let mut b = b.to_vec();
            set_engine_size(&mut b, 0)?;
            Ok(b)
        }),
        c("engine-version-len-255", M, "default-module with the version length byte 6 -> 255 (the section is long enough, so the version string swallows the start of the payload)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[l.version_len_pos] = 255;
            Ok(b)
        }),
        c("engine-version-len-too-large", M, "default-module with the version length byte set larger than the remaining section data", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            // Shrink the section so that a 255-byte version cannot fit.
            let size = (l.payload - l.section.offset + 40).min(l.section.size);
            set_engine_size(&mut b, size)?;
            b[l.version_len_pos] = 255;
            Ok(b)
        }),
        c("engine-version-len-0", M, "default-module with the version length byte 6 -> 0 (empty version; the payload then starts at \"31.0.0\")", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[l.version_len_pos] = 0;
            Ok(b)
        }),
        c("version-invalid-utf8", M, "default-module with version \"31.0.0\" -> \"31\\xff0.0\" (invalid UTF-8)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[l.version.start + 2] = 0xff;
            Ok(b)
        }),
        c("version-31.0.1", M, "default-module with version \"31.0.0\" -> \"31.0.1\"", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.version.clone(), b"31.0.0", b"31.0.1")?;
            Ok(b)
        }),
        c("component-version-31.0.1", C, "default-component with version \"31.0.0\" -> \"31.0.1\"", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.version.clone(), b"31.0.0", b"31.0.1")?;
            Ok(b)
        }),
        // --- engine section: postcard payload ------------------------------------
        c("payload-truncated-features", M, "default-module with the engine section's sh_size reduced by 10 (payload ends inside the feature bools)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            set_engine_size(&mut b, l.section.size - 10)?;
            Ok(b)
        }),
        c("payload-truncated-target", M, "default-module with the engine section's sh_size cut inside the target triple string", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            set_engine_size(&mut b, l.target.start + 5 - l.section.offset)?;
            Ok(b)
        }),
        c("payload-trailing-byte", M, "default-module with the engine section's sh_size increased by 1 (one trailing byte after the payload)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            set_engine_size(&mut b, l.section.size + 1)?;
            Ok(b)
        }),
        c("feature-bool-2", M, "default-module with the last feature bool (stack_switching) byte set to 2", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[*l.features.last().unwrap()] = 2;
            Ok(b)
        }),
        c("feature-simd-false", M, "default-module with feature bool simd flipped to false (valid payload)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[l.feature("simd")] = 0;
            Ok(b)
        }),
        c("tunable-epoch-true", M, "default-module with tunable epoch_interruption flipped to true (valid payload, matches epoch hosts)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[l.tunable_bool("epoch_interruption")] = 1;
            Ok(b)
        }),
        c("tunable-memory-reservation-2g", M, "default-module with memory_reservation varint's last byte 0x10 -> 0x08 (4 GiB -> 2 GiB)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            let last = l.memory_reservation.end - 1;
            ensure!(b[last] == 0x10, "unexpected memory_reservation encoding");
            b[last] = 0x08;
            Ok(b)
        }),
        c("collector-option-tag-2", M, "default-module with the Option<Collector> tag byte set to 2", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            b[l.collector_tag] = 2;
            Ok(b)
        }),
        c("collector-variant-9", M, "default-module with the Collector variant index set to 9", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            ensure!(b[l.collector_tag] == 1, "default-module has no collector");
            b[l.collector_tag + 1] = 9;
            Ok(b)
        }),
        c("collector-null-edited", M, "default-module with Collector DRC (0) -> Null (1) (valid payload, matches collector-null hosts)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            ensure!(b[l.collector_tag] == 1 && b[l.collector_tag + 1] == 0);
            b[l.collector_tag + 1] = 1;
            Ok(b)
        }),
        c("collector-none-edited", M, "default-module with Option<Collector> Some(DRC) -> None and the gc_types feature bool set to false; the section is shortened by one byte to keep the payload consistent", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            ensure!(b[l.collector_tag] == 1 && b[l.collector_tag + 1] == 0);
            b[l.feature("gc_types")] = 0;
            b[l.collector_tag] = 0;
            // Remove the variant byte by shifting the rest of the section left.
            let end = l.section.offset + l.section.size;
            b.copy_within(l.collector_tag + 2..end, l.collector_tag + 1);
            b[end - 1] = 0;
            put_u64(&mut b, l.section.header + elf::SH_SIZE, (l.section.size - 1) as u64);
            Ok(b)
        }),
        c("shared-flag-unknown-name", M, "default-module with shared flag name opt_level -> opt_lever", |b| {
            let l = layout(b)?;
            let f = l.shared("opt_level")?;
            let mut b = b.to_vec();
            replace_once(&mut b, f.name_range.clone(), b"opt_level", b"opt_lever")?;
            Ok(b)
        }),
        c("shared-flag-unsupported-value", M, "default-module with shared flag preserve_frame_pointers Bool(true) -> Bool(false)", |b| {
            let l = layout(b)?;
            let FlagVal::Bool(p, true) = l.shared("preserve_frame_pointers")?.value else {
                anyhow::bail!("preserve_frame_pointers is not Bool(true)")
            };
            let mut b = b.to_vec();
            b[p] = 0;
            Ok(b)
        }),
        c("shared-flag-value-tag-5", M, "default-module with the FlagValue variant tag of preserve_frame_pointers set to 5", |b| {
            let l = layout(b)?;
            let f = l.shared("preserve_frame_pointers")?;
            let mut b = b.to_vec();
            b[f.tag_pos] = 5;
            Ok(b)
        }),
        c("shared-flag-enum-edited", M, "default-module with shared flag libcall_call_conv Enum(\"isa_default\") -> Enum(\"isa_defaulx\")", |b| {
            let l = layout(b)?;
            let FlagVal::Enum(r) = l.shared("libcall_call_conv")?.value.clone() else {
                anyhow::bail!("libcall_call_conv is not an Enum")
            };
            let mut b = b.to_vec();
            replace_once(&mut b, r, b"isa_default", b"isa_defaulx")?;
            Ok(b)
        }),
        c("shared-flag-opt-level-edited", M, "default-module with shared flag opt_level Enum(\"speed\") -> Enum(\"spood\") (a flag wasmtime ignores)", |b| {
            let l = layout(b)?;
            let FlagVal::Enum(r) = l.shared("opt_level")?.value.clone() else {
                anyhow::bail!("opt_level is not an Enum")
            };
            let mut b = b.to_vec();
            replace_once(&mut b, r, b"speed", b"spood")?;
            Ok(b)
        }),
        c("isa-flag-unknown-true", Some("isa-avx2-module"), "isa-avx2-module with ISA flag name has_avx2 (true) -> has_avx9", |b| {
            let l = layout(b)?;
            let f = l.isa("has_avx2")?;
            ensure!(matches!(f.value, FlagVal::Bool(_, true)));
            let mut b = b.to_vec();
            replace_once(&mut b, f.name_range.clone(), b"has_avx2", b"has_avx9")?;
            Ok(b)
        }),
        c("isa-flag-unknown-false", M, "default-module with ISA flag name has_avx2 (false) -> has_avx9", |b| {
            let l = layout(b)?;
            let f = l.isa("has_avx2")?;
            ensure!(matches!(f.value, FlagVal::Bool(_, false)));
            let mut b = b.to_vec();
            replace_once(&mut b, f.name_range.clone(), b"has_avx2", b"has_avx9")?;
            Ok(b)
        }),
        c("isa-flag-avx512f-true", M, "default-module with ISA flag has_avx512f Bool(false) -> Bool(true)", |b| {
            let l = layout(b)?;
            let FlagVal::Bool(p, false) = l.isa("has_avx512f")?.value else {
                anyhow::bail!("has_avx512f is not Bool(false)")
            };
            let mut b = b.to_vec();
            b[p] = 1;
            Ok(b)
        }),
        c("isa-flag-value-tag-0", M, "default-module with the FlagValue tag of ISA flag has_sse3 set to 0 (Enum) so the Bool byte is read as a string length", |b| {
            let l = layout(b)?;
            let f = l.isa("has_sse3")?;
            let mut b = b.to_vec();
            b[f.tag_pos] = 0;
            Ok(b)
        }),
        c("target-arch-unknown", M, "default-module with target triple x86_64-... -> x86_32-... (unknown architecture)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.target.clone(), b"x86_64", b"x86_32")?;
            Ok(b)
        }),
        c("target-arch-mips64", M, "default-module with target triple x86_64-... -> mips64-... (another known architecture)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.target.clone(), b"x86_64", b"mips64")?;
            Ok(b)
        }),
        c("target-os-redox", M, "default-module with target triple ...-linux-... -> ...-redox-... (another OS)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.target.clone(), b"linux", b"redox")?;
            Ok(b)
        }),
        c("target-os-unknown-word", M, "default-module with target triple ...-linux-... -> ...-linuz-... (unknown OS word)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.target.clone(), b"linux", b"linuz")?;
            Ok(b)
        }),
        c("target-vendor-edited", M, "default-module with target triple x86_64-unknown-... -> x86_64-pcvendr-... (custom vendor word)", |b| {
            let l = layout(b)?;
            let mut b = b.to_vec();
            replace_once(&mut b, l.target.clone(), b"unknown", b"pcvendr")?;
            Ok(b)
        }),
    ]
}
