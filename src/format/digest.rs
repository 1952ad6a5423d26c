//! The integrity digest: a section that answers "is this file what was
//! written?" for a truncated download, a flipped bit on disk or a
//! half-written cache entry, none of which the engine section's checks
//! see.
//!
//! The section has no name (`sh_name` points at the empty string): from
//! wasmtime 43 on, the loader refuses every section name it does not know
//! (`unexpected section ".aotcompat.digest" in Wasm compilation
//! artifact`) but ignores a section without a name, as every release
//! does. Its contents name it instead: they start with the magic
//! `aotcompat-digest` and end with the footer magic `AOTCDGST`.
//!
//! # What is hashed
//!
//! The digest section's contents are the last bytes of the file. Every
//! byte before them (the *covered prefix*, `[0, L)`) is hashed, as is:
//! nothing in it is normalised or skipped. The covered prefix is cut into
//! *regions*, in file order, that together cover it without gaps or
//! overlaps:
//!
//! - the ELF header (`[0, 64)`),
//! - each entry of the section table (64 bytes each), the digest
//!   section's own entry included (its offset and size are final before
//!   anything is hashed; its region has kind 4),
//! - the contents of each section that has bytes in the file (any type
//!   but `SHT_NOBITS`, size above 0), but the digest section's own.
//!
//! Bytes that none of these cover (alignment padding) belong to the
//! region before them, so every byte outside the digest section's
//! contents is in exactly one region. Each region's SHA-256 is over its
//! bytes exactly as they are in the file. A changed byte changes exactly
//! one region's hash, which is how a failed verification names the
//! section (or the header) that differs.
//!
//! # The digest section
//!
//! No name, `SHT_PROGBITS`, no flags, alignment 1, the last entry of the
//! section table, its contents after everything else in the file (after
//! the section table). All integers little-endian,
//! whatever the ELF file's byte order:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 16 | magic `aotcompat-digest` |
//! | 16 | 4 | format version, 1 |
//! | 20 | 4 | algorithm, 1 = SHA-256 |
//! | 24 | 8 | `L`: the length of the covered prefix (the contents' offset) |
//! | 32 | 4 | `N`: the number of regions |
//! | 36 | 4 | `B`: the length of the names |
//! | 40 | 72 × N | the regions, in file order (below) |
//! | 40 + 72N | B | the names of the regions' sections, concatenated |
//! | 40 + 72N + B | 32 | the *root*: SHA-256 of bytes 0 to 40 + 72N + B of this section |
//! | 72 + 72N + B | 8 | the length of this section's contents |
//! | 80 + 72N + B | 8 | footer magic `AOTCDGST` |
//!
//! A region: kind (u32: 1 the ELF header, 2 a section table entry, 3 a
//! section's contents, 4 the digest section's own table entry), section index (u32; 0 for the header), start
//! (u64), length with the padding after it (u64), length without it
//! (u64), name offset and length in the names (u32, u32; a name is cut
//! to 255 bytes), SHA-256 of the region's bytes (32).
//!
//! The root commits to every region's hash, so it stands for the whole
//! file; the footer lets a reader find the digest from the end of the
//! file even when the header that leads to the section table is what was
//! damaged.
//!
//! # Verifying
//!
//! The reader finds the digest section by its footer at the end of the
//! file, or else through the section table (a section without a name
//! whose contents start with the magic; a section that extends past the
//! end of the file is a truncation), checks the section
//! (its root first), then reads the covered prefix once, in order,
//! through one fixed buffer, hashing region by region, and stops at the
//! first region that differs. It trusts no offset or size: the regions
//! must tile `[0, L)` exactly and `L` must be where the section lies.
//!
//! The digest detects accidents. Whoever can change the file can also
//! write a new digest, so it proves nothing against an attacker unless the
//! root itself comes from a trusted place.

use super::input::{Hint, Input};
use super::stamp::{aligned_for_reading, check_alignments, check_ident, link_relocation_targets};
use super::write::set_alignments;
use super::StampError;
use object::build::elf::{Builder, SectionData};
use object::elf;
use sha2::{Digest, Sha256};
use std::fmt;
use std::io;

/// The first 16 bytes of the digest section.
pub const DIGEST_MAGIC: &[u8; 16] = b"aotcompat-digest";
/// The last 8 bytes of the digest section (and so of a digested file).
pub const DIGEST_FOOTER_MAGIC: &[u8; 8] = b"AOTCDGST";
/// The format version this library writes and reads.
pub const DIGEST_FORMAT_VERSION: u32 = 1;
/// The algorithm id of SHA-256, the only one.
pub const DIGEST_ALGORITHM_SHA256: u32 = 1;
/// The largest digest section the reader accepts (a section of 4096
/// sections with long names stays well below it).
pub const MAX_DIGEST_SECTION: u64 = 4 << 20;
/// The size of the fixed buffer verification streams through.
pub const VERIFY_BUFFER: usize = 256 << 10;

const FIXED: usize = 40;
const RECORD: usize = 72;
const TAIL: usize = 32 + 16;
const FOOTER: usize = 16;
const MAX_NAME: usize = 255;
const EHDR: u64 = 64;
const SHDR: u64 = 64;

/// What a region of the covered prefix is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegionKind {
    /// The ELF header.
    Header,
    /// One entry of the section table.
    SectionHeader,
    /// A section's contents.
    Section,
    /// The digest section's own entry of the section table.
    DigestHeader,
}

impl RegionKind {
    fn code(self) -> u32 {
        match self {
            RegionKind::Header => 1,
            RegionKind::SectionHeader => 2,
            RegionKind::Section => 3,
            RegionKind::DigestHeader => 4,
        }
    }

    fn from_code(code: u32) -> Option<RegionKind> {
        match code {
            1 => Some(RegionKind::Header),
            2 => Some(RegionKind::SectionHeader),
            3 => Some(RegionKind::Section),
            4 => Some(RegionKind::DigestHeader),
            _ => None,
        }
    }
}

/// One region of the covered prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Region {
    kind: RegionKind,
    index: u32,
    start: u64,
    /// With the padding after it.
    len: u64,
    /// Without the padding.
    own_len: u64,
    name: Vec<u8>,
    digest: [u8; 32],
}

impl Region {
    /// "section 3 `.text` (bytes 64 to 416)", "the ELF header", ...
    fn describe(&self) -> String {
        let name = if self.name.is_empty() {
            "(no name)".to_string()
        } else {
            format!("`{}`", String::from_utf8_lossy(&self.name))
        };
        let what = match self.kind {
            RegionKind::Header => "the ELF header".to_string(),
            RegionKind::SectionHeader if self.index == 0 => {
                "the section header of section 0 (the null section)".to_string()
            }
            RegionKind::SectionHeader => {
                format!("the section header of section {} {name}", self.index)
            }
            RegionKind::Section => format!("section {} {name}", self.index),
            RegionKind::DigestHeader => format!(
                "the section header of section {} (the digest section)",
                self.index
            ),
        };
        let end = self.start + self.len;
        let padding = self.len - self.own_len;
        if padding == 0 {
            format!("{what} (bytes {} to {end})", self.start)
        } else {
            format!(
                "{what} (bytes {} to {}) or the {padding} bytes of padding after it",
                self.start,
                self.start + self.own_len
            )
        }
    }
}

/// A verified file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The root: the SHA-256 that stands for the whole file (see the
    /// module documentation).
    pub root: [u8; 32],
    /// The length of the covered prefix: every byte but the digest's.
    pub covered: u64,
    /// How many regions were hashed.
    pub regions: usize,
}

/// Why a file did not verify.
#[derive(Debug)]
pub enum VerifyError {
    /// The file could not be read (or became shorter while it was read).
    Io(io::Error),
    /// The file has no digest section.
    NoDigest(String),
    /// The file is not what was written: what differs, a truncation, a
    /// damaged digest section, or a digest this library cannot read.
    Failed(String),
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Io(e) => write!(f, "{e}"),
            VerifyError::NoDigest(m) | VerifyError::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for VerifyError {}

impl From<io::Error> for VerifyError {
    fn from(e: io::Error) -> VerifyError {
        VerifyError::Io(e)
    }
}

fn failed(message: impl Into<String>) -> VerifyError {
    VerifyError::Failed(message.into())
}

fn damaged(why: impl fmt::Display) -> VerifyError {
    failed(format!("the digest section is damaged: {why}"))
}

/// Byte order of an ELF64 file, from `e_ident[EI_DATA]`.
#[derive(Clone, Copy)]
struct Order(bool);

impl Order {
    fn u16(self, b: &[u8], at: usize) -> u16 {
        let v = [b[at], b[at + 1]];
        if self.0 {
            u16::from_be_bytes(v)
        } else {
            u16::from_le_bytes(v)
        }
    }
    fn u32(self, b: &[u8], at: usize) -> u32 {
        let v: [u8; 4] = b[at..at + 4].try_into().expect("4 bytes");
        if self.0 {
            u32::from_be_bytes(v)
        } else {
            u32::from_le_bytes(v)
        }
    }
    fn u64(self, b: &[u8], at: usize) -> u64 {
        let v: [u8; 8] = b[at..at + 8].try_into().expect("8 bytes");
        if self.0 {
            u64::from_be_bytes(v)
        } else {
            u64::from_le_bytes(v)
        }
    }
    fn put_u64(self, b: &mut [u8], at: usize, value: u64) {
        let v = if self.0 {
            value.to_be_bytes()
        } else {
            value.to_le_bytes()
        };
        b[at..at + 8].copy_from_slice(&v);
    }
}

/// The fields of one section table entry the digest needs.
#[derive(Clone, Copy, Debug)]
struct Entry {
    name: u32,
    sh_type: u32,
    offset: u64,
    size: u64,
    link: u32,
}

fn entry(order: Order, b: &[u8]) -> Entry {
    Entry {
        name: order.u32(b, 0),
        sh_type: order.u32(b, 4),
        offset: order.u64(b, 24),
        size: order.u64(b, 32),
        link: order.u32(b, 40),
    }
}

/// The header fields that lead to the section table.
struct Table {
    order: Order,
    shoff: u64,
    count: u64,
    shstrndx: u64,
}

/// Reads the section table's place from an ELF64 header (64 bytes).
/// `first` is section 0's entry, for the escapes of large counts.
fn table_of(header: &[u8], first: Option<Entry>) -> Result<Table, String> {
    if header.len() < EHDR as usize || header[..4] != *b"\x7fELF" {
        return Err("not an ELF file".into());
    }
    if header[4] != elf::ELFCLASS64 {
        return Err("not an ELF64 file".into());
    }
    let order = match header[5] {
        elf::ELFDATA2LSB => Order(false),
        elf::ELFDATA2MSB => Order(true),
        other => return Err(format!("an ELF file of unknown byte order {other}")),
    };
    let shoff = order.u64(header, 40);
    let entsize = order.u16(header, 58);
    let mut count = u64::from(order.u16(header, 60));
    let mut shstrndx = u64::from(order.u16(header, 62));
    if shoff != 0 && entsize != SHDR as u16 {
        return Err(format!(
            "section table entries of {entsize} bytes (ELF64's are 64)"
        ));
    }
    if let Some(first) = first {
        if count == 0 {
            count = first.size;
        }
        if shstrndx == u64::from(elf::SHN_XINDEX) {
            shstrndx = u64::from(first.link);
        }
    }
    if shoff == 0 {
        count = 0;
    }
    Ok(Table {
        order,
        shoff,
        count,
        shstrndx,
    })
}

// ---------------------------------------------------------------------
// Writing.

/// Adds a digest to `object`, an ELF64 file the ELF builder can read (any
/// wasmtime artifact), replacing the digest it has: the file is rewritten
/// through `object`'s ELF builder with every section, symbol and
/// relocation kept (and every section where it was: an empty section
/// lying off its alignment stays where it lies), an empty section without
/// a name is added last, and its contents are then written after
/// everything else (see the module documentation).
///
/// Refused: anything but ELF64, an object with program headers, and the
/// alignments the stamper refuses.
pub fn add_digest(object: &[u8]) -> Result<Vec<u8>, StampError> {
    check_ident(object)?;
    let mut copy = Vec::new();
    let object = aligned_for_reading(object, &mut copy);
    let mut builder = Builder::read64(object)
        .map_err(|e| StampError::Object(format!("cannot read the ELF file: {e}")))?;
    if !builder.segments.is_empty() {
        return Err(StampError::Object(
            "the file has program headers; a digest is added to relocatable objects such as \
             wasmtime artifacts, which have none"
                .into(),
        ));
    }
    check_alignments(&builder)?;
    link_relocation_targets(&mut builder);
    for section in builder.sections.iter_mut() {
        if is_digest(&section.name, section.sh_type, &section.data) {
            section.delete = true;
        }
    }
    // Keep empty sections where the input had them: one lying off its
    // alignment (wasmtime 3 to 11's empty `.rodata.wasm`) is written with
    // alignment 1 and gets its own back once written.
    let mut unpadded = Vec::new();
    let mut index = 0;
    for section in builder.sections.iter_mut() {
        if section.delete {
            continue;
        }
        index += 1;
        let empty = matches!(&section.data, SectionData::Data(d) if d.is_empty());
        let align = section.sh_addralign;
        if empty && align > 1 && section.sh_offset % align != 0 {
            unpadded.push((index, align));
            section.sh_addralign = 1;
        }
    }
    let section = builder.sections.add();
    section.name = Vec::new().into();
    section.sh_type = elf::SHT_PROGBITS;
    section.sh_flags = 0;
    section.sh_addralign = 1;
    section.data = SectionData::Data(Vec::new().into());
    let endian = builder.endian;
    let mut out = Vec::with_capacity(object.len() + 4096);
    builder
        .write(&mut out)
        .map_err(|e| StampError::Object(format!("cannot write the ELF file: {e}")))?;
    set_alignments(&mut out, endian, &unpadded);
    seal(out).map_err(StampError::Object)
}

/// Whether a section the builder read is a digest section: no name,
/// `SHT_PROGBITS`, contents that start with the magic.
fn is_digest(name: &[u8], sh_type: u32, data: &SectionData<'_>) -> bool {
    name.is_empty()
        && sh_type == elf::SHT_PROGBITS
        && matches!(data, SectionData::Data(d) if d.starts_with(DIGEST_MAGIC))
}

/// Fills the empty digest section of `out`, a file just written: points
/// its entry at the end of the file, hashes every region, and appends the
/// contents.
fn seal(mut out: Vec<u8>) -> Result<Vec<u8>, String> {
    let first = |out: &[u8], t: &Table| -> Option<Entry> {
        let at = usize::try_from(t.shoff).ok()?;
        out.get(at..at + SHDR as usize).map(|b| entry(t.order, b))
    };
    let table = table_of(&out, None)?;
    let table = table_of(&out, first(&out, &table))?;
    let order = table.order;
    let shoff = table.shoff as usize;
    let count = table.count as usize;
    let entry_at = |i: usize| shoff + i * SHDR as usize;
    let entries: Vec<Entry> = (0..count)
        .map(|i| entry(order, &out[entry_at(i)..entry_at(i) + SHDR as usize]))
        .collect();
    let strtab = entries
        .get(table.shstrndx as usize)
        .ok_or("the written file has no section-name table")?;
    let name_of = |e: &Entry| -> Vec<u8> {
        let start = (strtab.offset + u64::from(e.name)) as usize;
        let end = (strtab.offset + strtab.size) as usize;
        let bytes = out.get(start..end).unwrap_or_default();
        let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
        bytes[..len.min(MAX_NAME)].to_vec()
    };
    // The builder writes its sections in their order: the digest section,
    // added last, is the last entry.
    let digest_index = count
        .checked_sub(1)
        .filter(|&i| {
            let e = &entries[i];
            i > 0 && e.size == 0 && e.sh_type == elf::SHT_PROGBITS && name_of(e).is_empty()
        })
        .ok_or("the written file does not end its section table with the digest section")?;
    let covered = out.len() as u64;

    // The anchored ranges, then each extended to the next one.
    let mut anchors: Vec<Region> = Vec::with_capacity(2 * count + 1);
    let anchor = |kind, index: usize, start: u64, own_len: u64, name: Vec<u8>| Region {
        kind,
        index: index as u32,
        start,
        len: own_len,
        own_len,
        name,
        digest: [0; 32],
    };
    anchors.push(anchor(RegionKind::Header, 0, 0, EHDR, Vec::new()));
    for (i, e) in entries.iter().enumerate() {
        let name = if i == 0 { Vec::new() } else { name_of(e) };
        let kind = if i == digest_index {
            RegionKind::DigestHeader
        } else {
            RegionKind::SectionHeader
        };
        anchors.push(anchor(kind, i, (entry_at(i)) as u64, SHDR, name.clone()));
        if i != 0 && i != digest_index && e.sh_type != elf::SHT_NOBITS && e.size > 0 {
            anchors.push(anchor(RegionKind::Section, i, e.offset, e.size, name));
        }
    }
    anchors.sort_by_key(|r| (r.start, r.kind.code()));
    for i in 0..anchors.len() {
        let next = anchors.get(i + 1).map_or(covered, |r| r.start);
        let r = &mut anchors[i];
        let end = r.start + r.own_len;
        if end > next || end > covered {
            return Err(format!(
                "cannot add a digest: {} overlaps what follows it (ends at byte {end}, the next \
                 region starts at byte {next})",
                r.describe()
            ));
        }
        r.len = next - r.start;
    }
    let names_len: usize = anchors.iter().map(|r| r.name.len()).sum();
    let size = FIXED + RECORD * anchors.len() + names_len + TAIL;
    if size as u64 > MAX_DIGEST_SECTION {
        return Err(format!(
            "cannot add a digest: the file has {} regions, whose digest section would exceed \
             {MAX_DIGEST_SECTION} bytes",
            anchors.len()
        ));
    }
    // Point the digest section's entry at the end, then hash.
    let at = entry_at(digest_index);
    order.put_u64(&mut out, at + 24, covered);
    order.put_u64(&mut out, at + 32, size as u64);
    for r in &mut anchors {
        let start = r.start as usize;
        r.digest = Sha256::digest(&out[start..start + r.len as usize]).into();
    }
    let mut section = Vec::with_capacity(size);
    section.extend_from_slice(DIGEST_MAGIC);
    section.extend_from_slice(&DIGEST_FORMAT_VERSION.to_le_bytes());
    section.extend_from_slice(&DIGEST_ALGORITHM_SHA256.to_le_bytes());
    section.extend_from_slice(&covered.to_le_bytes());
    section.extend_from_slice(&(anchors.len() as u32).to_le_bytes());
    section.extend_from_slice(&(names_len as u32).to_le_bytes());
    let mut name_at = 0u32;
    for r in &anchors {
        section.extend_from_slice(&r.kind.code().to_le_bytes());
        section.extend_from_slice(&r.index.to_le_bytes());
        section.extend_from_slice(&r.start.to_le_bytes());
        section.extend_from_slice(&r.len.to_le_bytes());
        section.extend_from_slice(&r.own_len.to_le_bytes());
        section.extend_from_slice(&name_at.to_le_bytes());
        section.extend_from_slice(&(r.name.len() as u32).to_le_bytes());
        section.extend_from_slice(&r.digest);
        name_at += r.name.len() as u32;
    }
    for r in &anchors {
        section.extend_from_slice(&r.name);
    }
    let root: [u8; 32] = Sha256::digest(&section).into();
    section.extend_from_slice(&root);
    section.extend_from_slice(&(size as u64).to_le_bytes());
    section.extend_from_slice(DIGEST_FOOTER_MAGIC);
    debug_assert_eq!(section.len(), size);
    out.extend_from_slice(&section);
    Ok(out)
}

// ---------------------------------------------------------------------
// Verifying.

fn le_u32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// Verifies `input` against its digest: see the module documentation.
/// Reads the covered prefix once, in order, through one buffer of
/// [`VERIFY_BUFFER`] bytes; besides it, holds at most the section table
/// (4096 entries) and the digest section ([`MAX_DIGEST_SECTION`]).
pub fn verify(input: &mut Input<'_>) -> Result<Verified, VerifyError> {
    let (offset, contents) = locate(input)?;
    let (root, regions) = parse(&contents, offset)?;
    drop(contents);
    let mut buf = vec![0u8; (VERIFY_BUFFER as u64).min(offset).max(1) as usize];
    for region in &regions {
        let mut hasher = Sha256::new();
        let end = region.start + region.len;
        let mut at = region.start;
        while at < end {
            let n = (end - at).min(buf.len() as u64) as usize;
            input.read_into(at, &mut buf[..n])?;
            hasher.update(&buf[..n]);
            at += n as u64;
        }
        if <[u8; 32]>::from(hasher.finalize()) != region.digest {
            return Err(failed(format!(
                "{} differs from what was digested",
                region.describe()
            )));
        }
    }
    Ok(Verified {
        root,
        covered: offset,
        regions: regions.len(),
    })
}

/// Finds the digest section's contents: by the footer at the end of the
/// file, or else through the section table.
fn locate(input: &mut Input<'_>) -> Result<(u64, Vec<u8>), VerifyError> {
    let len = input.len();
    let least = (FIXED + TAIL) as u64;
    if len >= least {
        let footer = input.get(len - FOOTER as u64, FOOTER, Hint::Forward)?;
        if footer[8..] == *DIGEST_FOOTER_MAGIC {
            let size = le_u64(&footer, 0);
            if (least..=len.min(MAX_DIGEST_SECTION)).contains(&size) {
                let contents = input.get(len - size, size as usize, Hint::Forward)?;
                return Ok((len - size, contents.into_owned()));
            }
        }
    }
    // No footer at the end: the file was cut or added to, its digest's
    // end is damaged, or it has none.
    let Some((index, e)) = find_by_table(input)? else {
        return Err(VerifyError::NoDigest("no digest section".into()));
    };
    if e.size > MAX_DIGEST_SECTION || e.size < least {
        return Err(damaged(format!(
            "its section table entry (section {index}) gives it {} bytes",
            e.size
        )));
    }
    let contents = input.get(e.offset, e.size as usize, Hint::Forward)?;
    if e.offset + e.size < len && contents.ends_with(DIGEST_FOOTER_MAGIC) {
        return Err(failed(format!(
            "the file has {} bytes after its digest section: it was added to after the digest \
             was written",
            len - e.offset - e.size
        )));
    }
    Ok((e.offset, contents.into_owned()))
}

/// Reads the file's section table (through the ELF header) and finds the
/// digest section in it: the last section without a name, of type
/// `SHT_PROGBITS`, whose contents start with the magic. A file too short
/// for its header, its table or one of its sections is a truncation, and
/// says which; `None` when the file has no digest section.
fn find_by_table(input: &mut Input<'_>) -> Result<Option<(u64, Entry)>, VerifyError> {
    let len = input.len();
    if len == 0 {
        return Err(VerifyError::NoDigest(
            "no digest section: the file is empty".into(),
        ));
    }
    if len < EHDR {
        let head = input.get(0, len as usize, Hint::Forward)?;
        let n = head.len().min(4);
        if head[..n] == b"\x7fELF"[..n] {
            return Err(failed(format!(
                "truncated: the ELF header extends past the end of the file (the file has \
                 {len} bytes)"
            )));
        }
        return Err(VerifyError::NoDigest(
            "no digest section: the file is not an ELF file".into(),
        ));
    }
    let header = input.get(0, EHDR as usize, Hint::Start)?;
    let table = table_of(&header, None)
        .map_err(|why| VerifyError::NoDigest(format!("no digest section: the file is {why}")))?;
    if table.count == 0 {
        return Ok(None);
    }
    let table_end = |count: u64| {
        count
            .checked_mul(SHDR)
            .and_then(|n| n.checked_add(table.shoff))
    };
    if table_end(1).is_none_or(|end| end > len) {
        return Err(failed(format!(
            "truncated: the section table extends past the end of the file (it starts at byte \
             {}, the file has {len} bytes)",
            table.shoff
        )));
    }
    let first = entry(table.order, &input.get(table.shoff, 64, Hint::Table)?);
    let table = table_of(&header, Some(first)).map_err(VerifyError::NoDigest)?;
    if table.count > super::MAX_SECTIONS {
        return Err(VerifyError::NoDigest(format!(
            "no digest section found: the section table lists {} sections, more than the {} \
             this reader takes",
            table.count,
            super::MAX_SECTIONS
        )));
    }
    let Some(end) = table_end(table.count).filter(|&end| end <= len) else {
        return Err(failed(format!(
            "truncated: the section table extends past the end of the file (it ends at byte \
             {}, the file has {len} bytes)",
            table.shoff.saturating_add(table.count.saturating_mul(SHDR))
        )));
    };
    let raw = input.get(table.shoff, (end - table.shoff) as usize, Hint::Table)?;
    let entries: Vec<Entry> = raw
        .chunks_exact(SHDR as usize)
        .map(|b| entry(table.order, b))
        .collect();
    let strtab = entries.get(table.shstrndx as usize).copied();
    for (i, e) in entries.iter().enumerate().skip(1) {
        let end = e.offset.checked_add(e.size);
        if e.sh_type != elf::SHT_NOBITS && end.is_none_or(|end| end > len) {
            let name = match name_in(input, strtab, e)? {
                Some(n) if !n.is_empty() => format!("`{}`", String::from_utf8_lossy(&n)),
                Some(_) => "(no name: the digest section, or another one)".into(),
                None => "(its name cannot be read)".into(),
            };
            return Err(failed(format!(
                "truncated: section {i} {name} extends past the end of the file (it ends at \
                 byte {}, the file has {len} bytes)",
                end.map_or("2^64 or beyond".into(), |e| e.to_string())
            )));
        }
    }
    for (i, e) in entries.iter().enumerate().skip(1).rev() {
        if e.sh_type != elf::SHT_PROGBITS || e.size < DIGEST_MAGIC.len() as u64 {
            continue;
        }
        if name_in(input, strtab, e)?.is_some_and(|n| !n.is_empty()) {
            continue;
        }
        let magic = input.get(e.offset, DIGEST_MAGIC.len(), Hint::Forward)?;
        if *magic == *DIGEST_MAGIC {
            return Ok(Some((i as u64, *e)));
        }
    }
    Ok(None)
}

/// A section's name, for messages and for telling the nameless digest
/// section: at most [`MAX_NAME`] bytes, inside the names table and the
/// file; `None` when it cannot be read.
fn name_in(
    input: &mut Input<'_>,
    strtab: Option<Entry>,
    e: &Entry,
) -> Result<Option<Vec<u8>>, VerifyError> {
    let Some(strtab) = strtab else {
        return Ok(None);
    };
    let at = strtab.offset.checked_add(u64::from(e.name));
    let stop = strtab.offset.saturating_add(strtab.size).min(input.len());
    let Some(at) = at.filter(|&at| at < stop) else {
        return Ok(None);
    };
    let n = (stop - at).min(MAX_NAME as u64 + 1) as usize;
    let bytes = input.get(at, n, Hint::Forward)?;
    Ok(bytes
        .iter()
        .position(|&b| b == 0)
        .map(|end| bytes[..end].to_vec()))
}

/// Checks the digest section's contents, found at `offset`, and returns
/// its root and regions. Every count, offset and length in it is checked
/// before use; the regions must tile `[0, offset)` exactly.
fn parse(contents: &[u8], offset: u64) -> Result<([u8; 32], Vec<Region>), VerifyError> {
    let size = contents.len();
    if size < FIXED + TAIL || contents[..16] != *DIGEST_MAGIC {
        return Err(damaged("it does not start with the digest magic"));
    }
    let version = le_u32(contents, 16);
    if version != DIGEST_FORMAT_VERSION {
        return Err(failed(format!(
            "cannot verify: the digest has format version {version}; this library reads \
             version {DIGEST_FORMAT_VERSION}"
        )));
    }
    let algorithm = le_u32(contents, 20);
    if algorithm != DIGEST_ALGORITHM_SHA256 {
        return Err(failed(format!(
            "cannot verify: the digest uses algorithm {algorithm}; this library knows \
             {DIGEST_ALGORITHM_SHA256} (SHA-256)"
        )));
    }
    if contents[size - 8..] != *DIGEST_FOOTER_MAGIC || le_u64(contents, size - 16) != size as u64 {
        return Err(damaged("its footer does not give its own length and magic"));
    }
    let body = size - TAIL;
    let root: [u8; 32] = contents[body..body + 32].try_into().expect("32 bytes");
    if <[u8; 32]>::from(Sha256::digest(&contents[..body])) != root {
        return Err(damaged(
            "its own SHA-256 (the root) does not match its contents",
        ));
    }
    let covered = le_u64(contents, 24);
    if covered != offset || covered < EHDR {
        return Err(damaged(format!(
            "it says it starts at byte {covered}, but it lies at byte {offset}"
        )));
    }
    let count = le_u32(contents, 32) as usize;
    let names_len = le_u32(contents, 36) as usize;
    let expected = count
        .checked_mul(RECORD)
        .and_then(|n| n.checked_add(names_len))
        .and_then(|n| n.checked_add(FIXED));
    if expected != Some(body) {
        return Err(damaged(format!(
            "{count} regions and {names_len} bytes of names do not fill its {size} bytes"
        )));
    }
    let names = &contents[FIXED + count * RECORD..body];
    let mut regions = Vec::with_capacity(count);
    let mut next = 0u64;
    for i in 0..count {
        let r = &contents[FIXED + i * RECORD..FIXED + (i + 1) * RECORD];
        let kind = RegionKind::from_code(le_u32(r, 0))
            .ok_or_else(|| damaged(format!("region {i} has unknown kind {}", le_u32(r, 0))))?;
        let start = le_u64(r, 8);
        let len = le_u64(r, 16);
        let own_len = le_u64(r, 24);
        let name_at = le_u32(r, 32) as usize;
        let name_len = le_u32(r, 36) as usize;
        let name = name_at
            .checked_add(name_len)
            .and_then(|end| names.get(name_at..end))
            .ok_or_else(|| damaged(format!("region {i}'s name lies outside its names")))?;
        let end = start.checked_add(len);
        if start != next || own_len > len || end.is_none_or(|end| end > offset) {
            return Err(damaged(format!(
                "region {i} (bytes {start}, {len} long) does not follow the one before it \
                 inside the {offset} covered bytes"
            )));
        }
        next = start + len;
        regions.push(Region {
            kind,
            index: le_u32(r, 4),
            start,
            len,
            own_len,
            name: name.to_vec(),
            digest: r[40..72].try_into().expect("32 bytes"),
        });
    }
    if next != offset {
        return Err(damaged(format!(
            "its regions cover {next} bytes, but {offset} bytes precede it"
        )));
    }
    Ok((root, regions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digested() -> Vec<u8> {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/wasmtime-31/artifacts/epoch-module.cwasm"
        ))
        .unwrap();
        add_digest(&bytes).unwrap()
    }

    #[test]
    fn digest_round_trip_and_replacement() {
        let once = digested();
        let v = verify(&mut Input::Bytes(&once)).unwrap();
        assert_eq!(
            v.covered as usize + 88 + 72 * v.regions,
            once.len() - names(&once)
        );
        let twice = add_digest(&once).unwrap();
        assert_eq!(once, twice, "adding a digest again replaces it alike");
    }

    fn names(b: &[u8]) -> usize {
        let size = le_u64(b, b.len() - 16) as usize;
        le_u32(&b[b.len() - size..], 36) as usize
    }

    #[test]
    fn digest_no_digest_and_truncation() {
        let bytes = digested();
        let covered = verify(&mut Input::Bytes(&bytes)).unwrap().covered as usize;
        let plain = &bytes[..0];
        assert!(matches!(
            verify(&mut Input::Bytes(plain)),
            Err(VerifyError::NoDigest(_))
        ));
        let e = verify(&mut Input::Bytes(&bytes[..bytes.len() - 1])).unwrap_err();
        assert!(
            e.to_string().starts_with("truncated: section 13 (no name"),
            "{e}"
        );
        let e = verify(&mut Input::Bytes(&bytes[..covered - 1])).unwrap_err();
        assert!(
            e.to_string().starts_with("truncated: the section table"),
            "{e}"
        );
    }
}
