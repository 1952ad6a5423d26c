//! Just enough ELF64 (little-endian) and engine-section parsing to locate the
//! bytes the corruption recipes edit. Deliberately independent from wasmtime:
//! each generator crate describes its release's `Tunables` and features as a
//! [`Schema`], and if wasmtime's layout ever differs from it, the
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
pub const E_SHNUM: usize = 0x3C;
const E_SHSTRNDX: usize = 0x3E;

// ELF64 section header field offsets.
const SH_NAME: usize = 0x00;
pub const SH_OFFSET: usize = 0x18;
pub const SH_SIZE: usize = 0x20;

fn u16_at(b: &[u8], at: usize) -> Result<u16> {
    let s = b.get(at..at + 2).context("ELF read out of bounds")?;
    Ok(u16::from_le_bytes(s.try_into().unwrap()))
}
pub fn u32_at(b: &[u8], at: usize) -> Result<u32> {
    let s = b.get(at..at + 4).context("ELF read out of bounds")?;
    Ok(u32::from_le_bytes(s.try_into().unwrap()))
}
pub fn u64_at(b: &[u8], at: usize) -> Result<u64> {
    let s = b.get(at..at + 8).context("ELF read out of bounds")?;
    Ok(u64::from_le_bytes(s.try_into().unwrap()))
}
pub fn put_u16(b: &mut [u8], at: usize, v: u16) {
    b[at..at + 2].copy_from_slice(&v.to_le_bytes());
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

/// The postcard shape of one `Tunables` field.
#[allow(dead_code)] // not every release uses every shape
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    Bool,
    /// u32 / u64 / usize (a varint).
    Varint,
    /// `Option<T>` with `T` a varint (an enum index or a `NonZeroU32`).
    OptionVarint,
    /// An enum without payloads (a varint variant index).
    UnitEnum,
    /// `OperatorCostStrategy { Table(Box<OperatorCost>) = 0, Default = 1 }`
    /// where `OperatorCost` is this many `u8`.
    OperatorCost(usize),
}

/// How the `features` field of `Metadata` is encoded.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy)]
pub enum FeaturesTy {
    /// wasmtime's own struct of bools (up to 32), in wire order.
    Bools(&'static [&'static str]),
    /// `wasmparser::WasmFeatures::bits()` as a varint (33 on).
    Bits,
}

/// One release's `Tunables` fields (wire order) and features encoding.
pub struct Schema {
    pub tunables: &'static [(&'static str, Ty)],
    pub features: FeaturesTy,
}

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
    /// Every tunable with the byte range of its encoding.
    pub tunables: Vec<(&'static str, Range<usize>)>,
    /// Position of the `Option<Collector>` tag byte.
    pub collector_tag: usize,
    pub memory_reservation: Range<usize>,
    /// Positions of the feature bools (bool-struct releases; else empty).
    pub features: Vec<usize>,
    /// Byte range of the whole `features` field.
    pub features_range: Range<usize>,
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
        varint_value(&self.b[r.clone()])
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
    fn option_tag(&mut self) -> Result<bool> {
        let p = self.pos;
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            t => bail!("bad Option tag {t} at {p}"),
        }
    }
    fn field(&mut self, ty: Ty) -> Result<Range<usize>> {
        let start = self.pos;
        match ty {
            Ty::Bool => {
                self.bool()?;
            }
            Ty::Varint | Ty::UnitEnum => {
                self.varint()?;
            }
            Ty::OptionVarint => {
                if self.option_tag()? {
                    self.varint()?;
                }
            }
            Ty::OperatorCost(n) => {
                let tag = self.varint()?;
                match self.varint_value(&tag) {
                    0 => {
                        ensure!(
                            self.pos + n <= self.end,
                            "operator cost table runs past the section"
                        );
                        self.pos += n;
                    }
                    1 => {}
                    t => bail!("bad OperatorCostStrategy variant {t}"),
                }
            }
        }
        Ok(start..self.pos)
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

/// The value of an unsigned LEB128 (postcard varint) encoding.
pub fn varint_value(bytes: &[u8]) -> u64 {
    let mut v = 0u64;
    for (i, &c) in bytes.iter().enumerate() {
        v |= u64::from(c & 0x7f) << (7 * i);
    }
    v
}

/// The unsigned LEB128 (postcard varint) encoding of `v`.
pub fn varint_bytes(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let low = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(low);
            return out;
        }
        out.push(low | 0x80);
    }
}

impl EngineLayout {
    pub fn parse(b: &[u8], schema: &Schema) -> Result<EngineLayout> {
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
        let mut tunables = Vec::new();
        for &(name, ty) in schema.tunables {
            let range = c.field(ty).with_context(|| format!("tunable {name}"))?;
            tunables.push((name, range));
        }
        let features_start = c.pos;
        let mut features = Vec::new();
        match schema.features {
            FeaturesTy::Bools(names) => {
                for _ in names {
                    features.push(c.bool()?.0);
                }
            }
            FeaturesTy::Bits => {
                c.varint()?;
            }
        }
        let features_range = features_start..c.pos;
        ensure!(
            c.pos == r.end,
            "engine section layout mismatch: parsed up to {} but the section ends at {}",
            c.pos,
            r.end
        );
        let find = |name: &str| -> Result<Range<usize>> {
            tunables
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, r)| r.clone())
                .with_context(|| format!("schema has no tunable {name}"))
        };
        Ok(EngineLayout {
            collector_tag: find("collector")?.start,
            memory_reservation: find("memory_reservation")?,
            section,
            format_pos,
            version_len_pos,
            version,
            payload,
            target,
            shared_flags,
            isa_flags,
            tunables,
            features,
            features_range,
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

    /// Byte range of a tunable's encoding.
    pub fn tunable(&self, name: &str) -> Range<usize> {
        self.tunables
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no tunable {name}"))
            .1
            .clone()
    }

    /// Position of a bool tunable's byte.
    pub fn tunable_bool(&self, name: &str) -> usize {
        let r = self.tunable(name);
        assert_eq!(r.len(), 1, "tunable {name} is not a bool");
        r.start
    }

    /// Position of a feature bool (bool-struct releases).
    #[allow(dead_code)]
    pub fn feature(&self, schema: &Schema, name: &str) -> usize {
        let FeaturesTy::Bools(names) = schema.features else {
            panic!("features are a bit set in this release")
        };
        self.features[names.iter().position(|n| *n == name).unwrap()]
    }
}
