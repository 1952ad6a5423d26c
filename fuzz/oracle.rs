//! The oracle of the container reader: wasmtime's own container steps,
//! copied from `check_compatible` and `detect_precompiled` of wasmtime
//! 31.0.0 (object 0.36.7 without `unaligned`) and 44.0.0 (object 0.39.1
//! with `unaligned`; 50.0.1's object 0.40 reads ELF the same way), run on
//! an 8-byte-aligned copy as wasmtime runs them on its page-aligned one.
//!
//! Shared by the `agreement` fuzz target and the library's sweep tests
//! (`tests/sweeps.rs` includes this file), which both depend on those two
//! object releases.

#![allow(dead_code)]

use aotcompat::format::{EngineSection, Kind};
use aotcompat::fuzzing::Placed;
use aotcompat::model::Engine;
use aotcompat::profiles::{self, Profile};
use aotcompat::rules::{self, Category, Mode};

const ENGINE: &str = ".wasmtime.engine";

/// wasmtime 31's container steps: the engine section's data, or the
/// message of the first failure.
pub fn container_31(bytes: &[u8], expected: u32) -> Result<Vec<u8>, String> {
    use object::{Endianness, FileFlags, Object, ObjectSection};
    let copy = Placed::new(bytes, 0);
    let obj = object::read::elf::ElfFile64::<Endianness>::parse(copy.bytes())
        .map_err(|e| format!("failed to parse precompiled artifact as an ELF: {e}"))?;
    match obj.flags() {
        FileFlags::Elf {
            os_abi: 200,
            abi_version: 0,
            e_flags,
        } if e_flags == expected => {}
        _ => return Err("incompatible object file format".into()),
    }
    let data = obj
        .section_by_name(ENGINE)
        .ok_or_else(|| format!("failed to find section `{ENGINE}`"))?
        .data()
        .map_err(|e| e.to_string())?;
    Ok(data.to_vec())
}

/// wasmtime 31's `detect_precompiled`: 1 module, 2 component.
pub fn detect_31(bytes: &[u8]) -> Option<u32> {
    use object::{Endianness, FileFlags, Object};
    let copy = Placed::new(bytes, 0);
    let obj = object::read::elf::ElfFile64::<Endianness>::parse(copy.bytes()).ok()?;
    match obj.flags() {
        FileFlags::Elf {
            os_abi: 200,
            abi_version: 0,
            e_flags: e @ (1 | 2),
        } => Some(e),
        _ => None,
    }
}

/// wasmtime 44's container steps.
pub fn container_44(bytes: &[u8], expected: u32) -> Result<Vec<u8>, String> {
    use object_039::elf::FileHeader64;
    use object_039::read::elf::{FileHeader, SectionHeader};
    use object_039::Endianness;
    let copy = Placed::new(bytes, 0);
    let mmap = copy.bytes();
    let header = FileHeader64::<Endianness>::parse(mmap)
        .map_err(|e| format!("failed to parse precompiled artifact as an ELF: {e}"))?;
    let endian = header
        .endian()
        .map_err(|e| format!("failed to parse header endianness: {e}"))?;
    if header.e_flags(endian) & expected != expected {
        return Err("incompatible object file format".into());
    }
    let section_headers = header
        .section_headers(endian, mmap)
        .map_err(|e| format!("failed to parse section headers: {e}"))?;
    let strings = header
        .section_strings(endian, mmap, section_headers)
        .map_err(|e| format!("failed to parse strings table: {e}"))?;
    let sections = header
        .sections(endian, mmap)
        .map_err(|e| format!("failed to parse sections table: {e}"))?;
    let mut found = None;
    for s in sections.iter() {
        let name = s.name(endian, strings).map_err(|e| e.to_string())?;
        if name == ENGINE.as_bytes() {
            found = Some(s);
        }
    }
    let section = found.ok_or_else(|| format!("failed to find section `{ENGINE}`"))?;
    let data = section.data(endian, mmap).map_err(|e| e.to_string())?;
    Ok(data.to_vec())
}

/// wasmtime 44's `detect_precompiled`.
pub fn detect_44(bytes: &[u8]) -> Option<u32> {
    use object_039::{Endianness, FileFlags, Object};
    let copy = Placed::new(bytes, 0);
    let obj = object_039::read::elf::ElfFile64::<Endianness>::parse(copy.bytes()).ok()?;
    match obj.flags() {
        FileFlags::Elf {
            os_abi: 200,
            abi_version: 0,
            e_flags,
        } if e_flags & 1 != 0 => Some(1),
        FileFlags::Elf {
            os_abi: 200,
            abi_version: 0,
            e_flags,
        } if e_flags & 2 != 0 => Some(2),
        _ => None,
    }
}

/// The message wasmtime's container and framing steps end with, or `None`
/// when they pass.
fn expected_message(container: Result<Vec<u8>, String>) -> Option<String> {
    match container {
        Err(message) => Some(message),
        Ok(data) => EngineSection::parse(&data).err().map(|e| e.to_string()),
    }
}

fn native(profile: &'static Profile) -> Engine {
    Engine::native(profile)
}

/// Whether the library's check and detect of `bytes` agree with the
/// oracle for wasmtime 31, 44 and 50. Returns the disagreements.
pub fn disagreements(bytes: &[u8], engines: &[(&'static Profile, Engine)]) -> Vec<String> {
    let mut out = Vec::new();
    for (profile, engine) in engines {
        let newer = profile.name != "wasmtime-31";
        for kind in [Kind::Module, Kind::Component] {
            let flags = kind.e_flags();
            let oracle = if newer {
                container_44(bytes, flags)
            } else {
                container_31(bytes, flags)
            };
            let want = expected_message(oracle);
            let report = rules::check(engine, bytes, kind, Mode::Parity);
            let first = report.mismatches().first();
            let ours = first.map(|m| m.message.clone());
            let engine_first = profile.host_engine_first;
            if let (Some(m), Some(context)) = (&ours, engine_first) {
                if m.starts_with(context) {
                    continue;
                }
            }
            if false {
                continue;
            }
            let agree = match (&want, first) {
                (Some(w), _) => ours.as_deref() == Some(w.as_str()),
                (None, Some(m)) if m.category == Category::Container => {
                    m.message.contains("aotcompat's limit")
                }
                (None, _) => true,
            };
            if !agree {
                out.push(format!(
                    "{} as {kind}: wasmtime {want:?}, ours {ours:?}",
                    profile.name
                ));
            }
        }
        let detect = if newer {
            detect_44(bytes)
        } else {
            detect_31(bytes)
        };
        let ours = aotcompat::artifact::detect(bytes, Some(profile)).map(Kind::e_flags);
        if detect != ours {
            out.push(format!(
                "{} detect: wasmtime {detect:?}, ours {ours:?}",
                profile.name
            ));
        }
    }
    out
}

/// The wasmtime profiles and their native engines.
pub fn wasmtime_engines() -> Vec<(&'static Profile, Engine)> {
    [
        &profiles::WASMTIME_31,
        &profiles::WASMTIME_44,
        &profiles::WASMTIME_50,
    ]
    .into_iter()
    .map(|p| (p, native(p)))
    .collect()
}

/// Panics unless the library agrees with the oracle on `bytes`.
pub fn agrees(bytes: &[u8]) {
    thread_local! {
        static ENGINES: Vec<(&'static Profile, Engine)> = wasmtime_engines();
    }
    ENGINES.with(|engines| {
        let wrong = disagreements(bytes, engines);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    });
}
