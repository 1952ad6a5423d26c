//! The parse floor: the least any reader must do to see an artifact's
//! metadata. The ELF header, the section table, the section names up to
//! `.wasmtime.engine`, the framing, and a postcard decode of wasmtime 31's
//! metadata into borrowed strings. It validates only what it must to stay
//! in bounds, judges nothing and reports no error text.

use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Metadata<'a> {
    #[serde(borrow)]
    target: &'a str,
    #[serde(borrow)]
    shared_flags: Vec<(&'a str, FlagValue<'a>)>,
    #[serde(borrow)]
    isa_flags: Vec<(&'a str, FlagValue<'a>)>,
    tunables: Tunables,
    features: Features,
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum FlagValue<'a> {
    Enum(&'a str),
    Num(u8),
    Bool(bool),
}

#[derive(Deserialize)]
#[allow(dead_code)]
enum Collector {
    DeferredReferenceCounting,
    Null,
}

/// wasmtime 31's tunables, in wire order.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Tunables {
    collector: Option<Collector>,
    memory_reservation: u64,
    memory_guard_size: u64,
    memory_reservation_for_growth: u64,
    bools: [bool; 13],
}

/// wasmtime 31's features: 19 bools.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Features {
    bools: [bool; 19],
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?)).ok()
}

/// The metadata of a little-endian ELF64 artifact of wasmtime 31, if it
/// has one (`None` for any other layout: the decode must use every byte).
pub fn parse(b: &[u8]) -> Option<Metadata<'_>> {
    if b.get(..6)? != b"\x7fELF\x02\x01" {
        return None;
    }
    let shoff = u64_at(b, 0x28)?;
    let count = usize::from(u16_at(b, 0x3c)?);
    let names_index = usize::from(u16_at(b, 0x3e)?);
    let table = b.get(shoff..shoff.checked_add(count.checked_mul(64)?)?)?;
    let section = |i: usize| -> Option<(usize, &[u8])> {
        let h = table.get(i * 64..i * 64 + 64)?;
        let name = u32_at(h, 0)? as usize;
        let offset = u64_at(h, 24)?;
        let size = u64_at(h, 32)?;
        Some((name, b.get(offset..offset.checked_add(size)?)?))
    };
    let (_, names) = section(names_index)?;
    let wanted = b".wasmtime.engine\0";
    let data = (0..count).find_map(|i| {
        let (name, data) = section(i)?;
        (names.get(name..name.checked_add(wanted.len())?)? == wanted).then_some(data)
    })?;
    if *data.first()? != 0 {
        return None;
    }
    let len = usize::from(*data.get(1)?);
    let metadata = data.get(2 + len..)?;
    // All of it, so that another release's layout is not half read.
    match postcard::take_from_bytes(metadata) {
        Ok((md, rest)) if rest.is_empty() => Some(md),
        _ => None,
    }
}
