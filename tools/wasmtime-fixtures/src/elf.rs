//! Just enough ELF64 (little-endian) and engine-section parsing to locate the
//! bytes the corruption recipes edit. Deliberately independent from wasmtime:
//! if wasmtime's layout ever differs from what is described here, the
//! `EngineLayout::parse` consistency checks fail loudly instead of producing
//! silently wrong fixtures.

use anyhow::{bail, ensure, Context, Result};
use std::ops::Range;

pub const ENGINE_SECTION: &str = ".wasmtime.engine";

// ELF64 header field offsets.
pub const EI_CLASS: usize = 4;
pub const EI_DATA: usize = 5;
pub const EI_OSABI: usize = 7;
pub const EI_ABIVERSION: usize = 8;
pub const E_FLAGS: usize = 0x30;
pub const E_SHOFF: usize = 0x28;
const E_SHENTSIZE: usize = 0x3A;
const E_SHNUM: usize = 0x3C;
const E_SHSTRNDX: usize = 0x3E;

// ELF64 section header field offsets.
const SH_NAME: usize = 0x00;
const SH_OFFSET: usize = 0x18;
pub const SH_SIZE: usize = 0x20;

fn u16_at(b: &[u8], at: usize) -> Result<u16> {
    let s = b.get(at..at + 2).context("ELF read out of bounds")?;
    Ok(u16::from_le_bytes(s.try_into().unwrap()))
}
fn u32_at(b: &[u8], at: usize) -> Result<u32> {
    let s = b.get(at..at + 4).context("ELF read out of bounds")?;
    Ok(u32::from_le_bytes(s.try_into().unwrap()))
}
pub fn u64_at(b: &[u8], at: usize) -> Result<u64> {
    let s = b.get(at..at + 8).context("ELF read out of bounds")?;
    Ok(u64::from_le_bytes(s.try_into().unwrap()))
}
pub fn put_u32(b: &mut [u8], at: usize, v: u32) {
    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
}
pub fn put_u64(b: &mut [u8], at: usize, v: u64) {
    b[at..at + 8].copy_from_slice(&v.to_le_bytes());
}

#[derive(Debug, Clone)]
pub struct Section {
    pub name: String,
    /// File offset of this section's header entry.
    pub header: usize,
    /// File offset of this section's name inside `.shstrtab`.
    pub name_pos: usize,
    pub offset: usize,
    pub size: usize,
}

impl Section {
    pub fn data_range(&self) -> Range<usize> {
        self.offset..self.offset + self.size
    }
}

pub struct Elf {
    pub shoff: usize,
    pub shentsize: usize,
    pub shnum: usize,
    pub sections: Vec<Section>,
}

impl Elf {
    pub fn parse(b: &[u8]) -> Result<Elf> {
        ensure!(b.len() >= 64 && &b[..4] == b"\x7fELF", "not an ELF file");
        ensure!(
            b[EI_CLASS] == 2 && b[EI_DATA] == 1,
            "only little-endian ELF64 is handled"
        );
        let shoff = u64_at(b, E_SHOFF)? as usize;
        let shentsize = u16_at(b, E_SHENTSIZE)? as usize;
        let shnum = u16_at(b, E_SHNUM)? as usize;
        let shstrndx = u16_at(b, E_SHSTRNDX)? as usize;
        ensure!(
            shentsize == 64,
            "unexpected section header size {shentsize}"
        );
        let hdr = |i: usize| shoff + i * shentsize;
        let strtab_off = u64_at(b, hdr(shstrndx) + SH_OFFSET)? as usize;
        let mut sections = Vec::new();
        for i in 0..shnum {
            let h = hdr(i);
            let name_pos = strtab_off + u32_at(b, h + SH_NAME)? as usize;
            let end = b[name_pos..]
                .iter()
                .position(|&c| c == 0)
                .context("unterminated section name")?;
            sections.push(Section {
                name: String::from_utf8_lossy(&b[name_pos..name_pos + end]).into_owned(),
                header: h,
                name_pos,
                offset: u64_at(b, h + SH_OFFSET)? as usize,
                size: u64_at(b, h + SH_SIZE)? as usize,
            });
        }
        Ok(Elf {
            shoff,
            shentsize,
            shnum,
            sections,
        })
    }

    pub fn section(&self, name: &str) -> Result<&Section> {
        let mut it = self.sections.iter().filter(|s| s.name == name);
        let s = it.next().with_context(|| format!("no section {name}"))?;
        ensure!(it.next().is_none(), "section {name} appears twice");
        Ok(s)
    }
}

#[allow(dead_code)] // the layout is described completely, not all of it is edited
/// A value of a compiler flag (`FlagValue` in wasmtime-environ), located in
/// the file.
#[derive(Debug, Clone)]
pub enum FlagVal {
    /// Byte range of the enum's name.
    Enum(Range<usize>),
    /// Position of the `u8`.
    Num(usize),
    /// Position of the bool byte.
    Bool(usize, bool),
}

#[derive(Debug, Clone)]
pub struct Flag {
    pub name: String,
    pub name_range: Range<usize>,
    pub tag_pos: usize,
    pub value: FlagVal,
}

pub const TUNABLE_BOOLS: [&str; 13] = [
    "generate_native_debuginfo",
    "parse_wasm_debuginfo",
    "consume_fuel",
    "epoch_interruption",
    "memory_may_move",
    "guard_before_linear_memory",
    "table_lazy_init",
    "generate_address_map",
    "debug_adapter_modules",
    "relaxed_simd_deterministic",
    "winch_callable",
    "signals_based_traps",
    "memory_init_cow",
];

pub const FEATURE_BOOLS: [&str; 19] = [
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
    "component_model_async",
    "gc_types",
    "wide_arithmetic",
    "stack_switching",
];

#[allow(dead_code)]
/// Absolute file positions of every field of the `.wasmtime.engine` section:
/// `[format byte][version length][version bytes][postcard Metadata]`.
#[derive(Debug, Clone)]
pub struct EngineLayout {
    pub section: Section,
    pub format_pos: usize,
    pub version_len_pos: usize,
    pub version: Range<usize>,
    /// Start of the postcard payload.
    pub payload: usize,
    pub target: Range<usize>,
    pub shared_flags: Vec<Flag>,
    pub isa_flags: Vec<Flag>,
    /// Position of the `Option<Collector>` tag byte.
    pub collector_tag: usize,
    pub memory_reservation: Range<usize>,
    pub memory_guard_size: Range<usize>,
    pub memory_reservation_for_growth: Range<usize>,
    pub tunable_bools: Vec<usize>,
    pub features: Vec<usize>,
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
        let v = self.b[self.pos];
        self.pos += 1;
        Ok(v)
    }
    fn varint(&mut self) -> Result<Range<usize>> {
        let start = self.pos;
        loop {
            if self.byte()? & 0x80 == 0 {
                return Ok(start..self.pos);
            }
        }
    }
    fn varint_value(&self, r: &Range<usize>) -> u64 {
        let mut v = 0u64;
        for (i, &c) in self.b[r.clone()].iter().enumerate() {
            v |= u64::from(c & 0x7f) << (7 * i);
        }
        v
    }
    fn bytes(&mut self) -> Result<Range<usize>> {
        let r = self.varint()?;
        let n = self.varint_value(&r) as usize;
        ensure!(self.pos + n <= self.end, "string runs past the section");
        let s = self.pos..self.pos + n;
        self.pos += n;
        Ok(s)
    }
    fn bool(&mut self) -> Result<(usize, bool)> {
        let p = self.pos;
        match self.byte()? {
            0 => Ok((p, false)),
            1 => Ok((p, true)),
            x => bail!("bad bool {x} at {p}"),
        }
    }
    fn flags(&mut self) -> Result<Vec<Flag>> {
        let r = self.varint()?;
        let n = self.varint_value(&r);
        let mut out = Vec::new();
        for _ in 0..n {
            let name_range = self.bytes()?;
            let name = String::from_utf8(self.b[name_range.clone()].to_vec())?;
            let tag_pos = self.pos;
            let tag = self.varint()?;
            let value = match self.varint_value(&tag) {
                0 => FlagVal::Enum(self.bytes()?),
                1 => {
                    let p = self.pos;
                    self.byte()?;
                    FlagVal::Num(p)
                }
                2 => {
                    let (p, v) = self.bool()?;
                    FlagVal::Bool(p, v)
                }
                t => bail!("unknown FlagValue tag {t}"),
            };
            out.push(Flag {
                name,
                name_range,
                tag_pos,
                value,
            });
        }
        Ok(out)
    }
}

impl EngineLayout {
    pub fn parse(b: &[u8]) -> Result<EngineLayout> {
        let elf = Elf::parse(b)?;
        let section = elf.section(ENGINE_SECTION)?.clone();
        let r = section.data_range();
        ensure!(r.end <= b.len(), "engine section outside the file");
        let mut c = Cursor {
            b,
            pos: r.start,
            end: r.end,
        };
        let format_pos = c.pos;
        ensure!(c.byte()? == 0, "engine section format byte is not 0");
        let version_len_pos = c.pos;
        let vlen = c.byte()? as usize;
        let version = c.pos..c.pos + vlen;
        c.pos += vlen;
        let payload = c.pos;
        let target = c.bytes()?;
        let shared_flags = c.flags()?;
        let isa_flags = c.flags()?;
        let collector_tag = c.pos;
        match c.byte()? {
            0 => {}
            1 => {
                c.varint()?;
            }
            t => bail!("bad Option tag {t}"),
        }
        let memory_reservation = c.varint()?;
        let memory_guard_size = c.varint()?;
        let memory_reservation_for_growth = c.varint()?;
        let mut tunable_bools = Vec::new();
        for _ in TUNABLE_BOOLS {
            tunable_bools.push(c.bool()?.0);
        }
        let mut features = Vec::new();
        for _ in FEATURE_BOOLS {
            features.push(c.bool()?.0);
        }
        ensure!(
            c.pos == r.end,
            "engine section layout mismatch: parsed up to {} but the section ends at {}",
            c.pos,
            r.end
        );
        Ok(EngineLayout {
            section,
            format_pos,
            version_len_pos,
            version,
            payload,
            target,
            shared_flags,
            isa_flags,
            collector_tag,
            memory_reservation,
            memory_guard_size,
            memory_reservation_for_growth,
            tunable_bools,
            features,
        })
    }

    pub fn shared(&self, name: &str) -> Result<&Flag> {
        self.shared_flags
            .iter()
            .find(|f| f.name == name)
            .with_context(|| format!("no shared flag {name}"))
    }

    pub fn isa(&self, name: &str) -> Result<&Flag> {
        self.isa_flags
            .iter()
            .find(|f| f.name == name)
            .with_context(|| format!("no isa flag {name}"))
    }

    pub fn tunable_bool(&self, name: &str) -> usize {
        self.tunable_bools[TUNABLE_BOOLS.iter().position(|n| *n == name).unwrap()]
    }

    pub fn feature(&self, name: &str) -> usize {
        self.features[FEATURE_BOOLS.iter().position(|n| *n == name).unwrap()]
    }
}
