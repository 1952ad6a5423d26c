//! wasmtime 26's `.wasmtime.engine` section, parsed to the last byte (every
//! little-endian artifact and host file must), and the corrupted copies of
//! `default-module` the wheel-made fixtures have (`modern_corruptions` in
//! `tools/wasmtime-wheels/generate.py`), made with the same edits.
//!
//! Wire format (postcard): `[0][len][version]` then `Metadata { target,
//! shared_flags, isa_flags, tunables, features }`; `Tunables` is
//! wasmtime-environ 26.0.1's struct (4 varints and 12 bools, field order),
//! `features` wasmtime 26's own struct of 18 bools.

use crate::elf::{put_u32, put_u64, Elf, EI_OSABI, ENGINE_SECTION, E_FLAGS, SH_SIZE};
use anyhow::{bail, ensure, Context, Result};
use std::ops::Range;

/// wasmtime-environ 26.0.1 `Tunables`, in wire order: `true` for a varint
/// (u64), `false` for a bool.
pub const TUNABLES: &[(&str, bool)] = &[
    ("static_memory_reservation", true),
    ("static_memory_offset_guard_size", true),
    ("dynamic_memory_offset_guard_size", true),
    ("dynamic_memory_growth_reserve", true),
    ("generate_native_debuginfo", false),
    ("parse_wasm_debuginfo", false),
    ("consume_fuel", false),
    ("epoch_interruption", false),
    ("static_memory_bound_is_maximum", false),
    ("guard_before_linear_memory", false),
    ("table_lazy_init", false),
    ("generate_address_map", false),
    ("debug_adapter_modules", false),
    ("relaxed_simd_deterministic", false),
    ("winch_callable", false),
    ("signals_based_traps", false),
];

/// wasmtime 26's serialized `WasmFeatures` (`engine/serialization.rs`).
pub const FEATURES: &[&str] = &[
    "reference_types",
    "multi_value",
    "bulk_memory",
    "component_model",
    "simd",
    "tail_call",
    "threads",
    "multi_memory",
    "exceptions",
    "memory64",
    "relaxed_simd",
    "extended_const",
    "function_references",
    "gc",
    "custom_page_sizes",
    "component_model_more_flags",
    "component_model_multiple_returns",
    "gc_types",
];

pub struct Layout {
    /// The engine section's bytes in the file.
    pub section: Range<usize>,
    /// File offset of the section's header entry.
    pub header: usize,
    pub version: Range<usize>,
}

impl Layout {
    pub fn version<'a>(&self, b: &'a [u8]) -> Result<&'a str> {
        Ok(std::str::from_utf8(&b[self.version.clone()])?)
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    end: usize,
}

impl Cursor<'_> {
    fn byte(&mut self) -> Result<u8> {
        ensure!(
            self.pos < self.end,
            "engine section ends early at {}",
            self.pos
        );
        self.pos += 1;
        Ok(self.b[self.pos - 1])
    }
    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for i in 0..10 {
            let c = self.byte()?;
            v |= u64::from(c & 0x7f) << (7 * i);
            if c & 0x80 == 0 {
                return Ok(v);
            }
        }
        bail!("varint too long at {}", self.pos)
    }
    fn str(&mut self) -> Result<&str> {
        let n = self.varint()? as usize;
        ensure!(self.pos + n <= self.end, "string runs past the section");
        let s = std::str::from_utf8(&self.b[self.pos..self.pos + n])?;
        self.pos += n;
        Ok(s)
    }
    fn bool(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            x => bail!("bad bool {x} at {}", self.pos - 1),
        }
    }
    /// `Vec<(&str, FlagValue)>`, `FlagValue { Enum(&str), Num(u8), Bool(bool) }`.
    fn flags(&mut self) -> Result<()> {
        for _ in 0..self.varint()? {
            let name = self.str()?.to_string();
            match self.varint()? {
                0 => {
                    self.str()?;
                }
                1 => {
                    self.byte()?;
                }
                2 => {
                    self.bool()?;
                }
                t => bail!("flag {name}: unknown FlagValue tag {t}"),
            }
        }
        Ok(())
    }
}

/// Parses the engine section with 26's schema; fails unless it ends exactly
/// where the section does.
pub fn parse(b: &[u8]) -> Result<Layout> {
    let elf = Elf::parse(b)?;
    let s = elf.section(ENGINE_SECTION)?;
    let r = s.data_range();
    ensure!(r.end <= b.len(), "engine section outside the file");
    let mut c = Cursor {
        b,
        pos: r.start,
        end: r.end,
    };
    ensure!(c.byte()? == 0, "engine section format byte is not 0");
    let n = c.byte()? as usize;
    let version = c.pos..c.pos + n;
    c.pos += n;
    c.str().context("target")?;
    c.flags().context("shared flags")?;
    c.flags().context("isa flags")?;
    for &(name, varint) in TUNABLES {
        if varint {
            c.varint().with_context(|| format!("tunable {name}"))?;
        } else {
            c.bool().with_context(|| format!("tunable {name}"))?;
        }
    }
    for name in FEATURES {
        c.bool().with_context(|| format!("feature {name}"))?;
    }
    ensure!(
        c.pos == r.end,
        "engine section layout mismatch: parsed up to {} but the section ends at {}",
        c.pos,
        r.end
    );
    Ok(Layout {
        section: r,
        header: s.header,
        version,
    })
}

pub struct Corruption {
    pub name: &'static str,
    /// Starts with "corrupted: ".
    pub description: String,
    pub bytes: Vec<u8>,
}

fn with_byte(b: &[u8], at: usize, v: u8) -> Vec<u8> {
    let mut out = b.to_vec();
    out[at] = v;
    out
}

/// The six corrupted copies of `default-module` of the wheel-made fixtures.
pub fn corruptions(default: &[u8]) -> Result<Vec<Corruption>> {
    let l = parse(default)?;
    let version = l.version(default)?.to_string();
    ensure!(default[EI_OSABI] == 200, "EI_OSABI is not 200");
    ensure!(
        default[E_FLAGS..E_FLAGS + 4] == 1u32.to_le_bytes(),
        "e_flags is not 1 (module)"
    );
    ensure!(default[l.section.start] == 0);
    let mut e_flags_0 = default.to_vec();
    put_u32(&mut e_flags_0, E_FLAGS, 0);
    let edited = format!("{}x", &version[..version.len() - 1]);
    let mut truncated = default.to_vec();
    put_u64(
        &mut truncated,
        l.header + SH_SIZE,
        (l.section.len() - 10) as u64,
    );
    let c = |name, description: String, bytes| Corruption {
        name,
        description: format!("corrupted: {description}"),
        bytes,
    };
    Ok(vec![
        c(
            "truncated-64",
            "first 64 bytes of default-module (exactly the ELF header)".into(),
            default[..64].to_vec(),
        ),
        c(
            "os-abi-sysv",
            "default-module with EI_OSABI 200 -> 0 (System V)".into(),
            with_byte(default, EI_OSABI, 0),
        ),
        c(
            "e-flags-0",
            "default-module with e_flags 1 -> 0 (neither module nor component)".into(),
            e_flags_0,
        ),
        c(
            "engine-format-byte-1",
            "default-module with the engine section's first (format version) byte 0 -> 1".into(),
            with_byte(default, l.section.start, 1),
        ),
        c(
            "version-edited",
            format!("default-module with version \"{version}\" -> \"{edited}\""),
            with_byte(default, l.version.end - 1, b'x'),
        ),
        c(
            "payload-truncated",
            "default-module with the engine section's sh_size reduced by 10 (the metadata ends 10 bytes early)".into(),
            truncated,
        ),
    ])
}
