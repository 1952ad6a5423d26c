use super::{
    marks, parse_elf, Marks, EF_WASMTIME_COMPONENT, EF_WASMTIME_MODULE, ELFOSABI_WASMTIME,
};
use crate::model::Kind;
use std::fs::File;
use std::path::Path;

/// What the marks of an ELF file say it holds, by wasmtime-31's rule: a
/// module or component only when OS ABI, ABI version and `e_flags` are
/// exactly wasmtime's.
pub fn detect_marks(m: Marks) -> Option<Kind> {
    if m.os_abi != ELFOSABI_WASMTIME || m.abi_version != 0 {
        return None;
    }
    match m.e_flags {
        EF_WASMTIME_MODULE => Some(Kind::Module),
        EF_WASMTIME_COMPONENT => Some(Kind::Component),
        _ => None,
    }
}

/// Whether `bytes` is a precompiled module, a component, or neither
/// (wasmtime's `Engine::detect_precompiled`). Anything that is not a
/// well-formed ELF64 file is neither.
pub fn detect(bytes: &[u8]) -> Option<Kind> {
    parse_elf(bytes)
        .ok()
        .map(|elf| marks(&elf))
        .and_then(detect_marks)
}

/// [`detect`] for a file, reading only its headers and section table (the
/// file is never mapped, so one truncated under us is an error, not a
/// SIGBUS). An I/O error opening the file is returned as such; a file that
/// cannot be parsed is simply not an artifact.
pub fn detect_file(path: &Path) -> std::io::Result<Option<Kind>> {
    let cache = object::ReadCache::new(File::open(path)?);
    Ok(parse_elf(&cache)
        .ok()
        .map(|elf| marks(&elf))
        .and_then(detect_marks))
}
