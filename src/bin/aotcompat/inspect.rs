use crate::check::{path_text, reorder_path_first, Tally};
use crate::output::{self, escape_controls, Failure, Outcome};
use crate::{inputs, parallel};
use aotcompat::artifact::{self, Artifact, ArtifactJson, SectionTable};
use aotcompat::format::SectionInfo;
use aotcompat::model::value_text;
use aotcompat::profiles::Profile;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Prints kind, profile, version, target, the branch-protection byte,
/// every flag, tunable and feature of each artifact, and with `sections`
/// its section table: as text (under a `== PATH` line when there are
/// several), or one JSON object per line naming its path (the form `stamp
/// --metadata` takes, which ignores `bti` and `sections`).
pub fn run(
    paths: &[PathBuf],
    all_files: bool,
    json: bool,
    sections: bool,
    profile: Option<&str>,
) -> Outcome {
    let profile = output::profile(profile)?;
    let inputs = inputs::expand(paths, all_files);
    let results = parallel::map(&inputs.files, |path| {
        read(path, profile).map(|a| {
            let bti = artifact::bti_file(path, a.profile).ok().flatten();
            let table = sections.then(|| SectionTable::read_file(path, a.profile));
            (a, bti, table)
        })
    });
    let many = inputs.many();
    let mut tally = Tally::default();
    for (path, message) in &inputs.unreadable {
        tally.unreadable(path, message, json)?;
    }
    for (path, result) in inputs.files.iter().zip(results) {
        let (artifact, bti, table) = match result {
            Ok(read) => read,
            Err(Failure { code, message }) => {
                let message = message.unwrap_or_default();
                if code == output::USAGE {
                    tally.unreadable(path, &message, json)?;
                } else {
                    // Readable, but not an artifact: exit code 1.
                    eprintln!("aotcompat: {}", escape_controls(&message));
                    if json {
                        let line = serde_json::json!({ "path": path_text(path), "error": message });
                        output::print(&format!("{line}\n"))?;
                    }
                    tally.judged(false);
                }
                continue;
            }
        };
        let text = if json {
            let mut value = serde_json::to_value(ArtifactJson::from_artifact(&artifact))
                .map_err(|e| Failure::usage(format!("cannot print JSON: {e}")))?;
            value["path"] = path_text(path).into();
            if writes_bti(&artifact) {
                value["bti"] = bti.into();
            }
            if let Some(table) = &table {
                value["sections"] = match table {
                    Ok(t) => t.sections.iter().map(section_json).collect(),
                    Err(e) => serde_json::json!({ "error": format!("{e:#}") }),
                };
            }
            format!("{}\n", reorder_path_first(value))
        } else {
            let mut text = describe(&artifact, bti);
            if let Some(table) = &table {
                text.push_str(&describe_sections(table));
            }
            if many {
                format!("== {}\n{text}", inputs::shown(path))
            } else {
                text
            }
        };
        output::print(&text)?;
        tally.judged(true);
    }
    tally.exit_code()
}

/// Reads an artifact: an unreadable file is a usage error (2), a file that
/// is not a readable artifact is exit code 1.
pub fn read(path: &Path, profile: Option<&'static Profile>) -> Result<Artifact, Failure> {
    inputs::open(path).map_err(Failure::usage)?;
    Artifact::read_file(path, profile).map_err(|e| {
        Failure::incompatible(format!(
            "`{}` is not a readable artifact: {e:#}",
            inputs::shown(path)
        ))
    })
}

/// Whether the artifact's profile writes a branch-protection section.
fn writes_bti(a: &Artifact) -> bool {
    a.profile.writer.is_some_and(|w| w.bti.is_some())
}

/// A section as JSON: its name (lossy UTF-8, or null when it cannot be
/// read), `sh_type`, `sh_flags`, offset, size and alignment as numbers.
fn section_json(s: &SectionInfo) -> serde_json::Value {
    serde_json::json!({
        "name": s.name.as_deref().map(|n| String::from_utf8_lossy(n).into_owned()),
        "type": s.sh_type,
        "flags": s.sh_flags,
        "offset": s.offset,
        "size": s.size,
        "align": s.align,
    })
}

/// `sh_type` as readelf names it.
fn type_name(sh_type: u32) -> String {
    use object::elf::*;
    let name = match sh_type {
        SHT_NULL => "NULL",
        SHT_PROGBITS => "PROGBITS",
        SHT_SYMTAB => "SYMTAB",
        SHT_STRTAB => "STRTAB",
        SHT_RELA => "RELA",
        SHT_HASH => "HASH",
        SHT_DYNAMIC => "DYNAMIC",
        SHT_NOTE => "NOTE",
        SHT_NOBITS => "NOBITS",
        SHT_REL => "REL",
        SHT_DYNSYM => "DYNSYM",
        SHT_GROUP => "GROUP",
        SHT_SYMTAB_SHNDX => "SYMTAB_SHNDX",
        other => return format!("{other:#x}"),
    };
    name.to_string()
}

/// `sh_flags` as readelf's letters (W write, A alloc, X execute, M merge,
/// S strings, I info link, L link order, G group, T TLS, C compressed, E
/// exclude), any other bit in hex.
fn flag_letters(flags: u64) -> String {
    const LETTERS: &[(u64, char)] = &[
        (0x1, 'W'),
        (0x2, 'A'),
        (0x4, 'X'),
        (0x10, 'M'),
        (0x20, 'S'),
        (0x40, 'I'),
        (0x80, 'L'),
        (0x200, 'G'),
        (0x400, 'T'),
        (0x800, 'C'),
        (0x8000_0000, 'E'),
    ];
    let mut text: String = LETTERS
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, c)| *c)
        .collect();
    let rest = LETTERS.iter().fold(flags, |f, (bit, _)| f & !bit);
    if rest != 0 {
        text.push_str(&format!("+{rest:#x}"));
    }
    if text.is_empty() {
        text.push('-');
    }
    text
}

/// The section table as text: one line a section (index, name, type,
/// flags, size, alignment, offset), names escaped.
fn describe_sections(table: &anyhow::Result<SectionTable>) -> String {
    let mut s = String::from("sections:\n");
    let t = match table {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(
                s,
                "  (cannot be listed: {})",
                escape_controls(&format!("{e:#}"))
            );
            return s;
        }
    };
    for (i, section) in t.sections.iter().enumerate() {
        let name = match &section.name {
            Some(n) => escape_controls(&String::from_utf8_lossy(n)),
            None => "(unreadable name)".into(),
        };
        let _ = writeln!(
            s,
            "  [{i:>2}] {name:<24} {:<9} {:<5} size {:<8} align {:<6} offset {:#x}",
            type_name(section.sh_type),
            flag_letters(section.sh_flags),
            section.size,
            section.align,
            section.offset
        );
    }
    s
}

/// The text form; every piece taken from the file is escaped.
fn describe(a: &Artifact, bti: Option<u8>) -> String {
    let e = |text: &str| escape_controls(text);
    let mut s = String::new();
    let md = &a.metadata;
    let _ = writeln!(s, "kind: {}", a.kind.map_or("none", |k| k.name()));
    let _ = writeln!(s, "profile: {}", a.profile);
    let releases = a.profile.layout_release_text();
    if a.profile.owns_version(&a.version) || a.profile.layout_releases().len() < 2 {
        let _ = writeln!(s, "layout: {releases}");
    } else {
        let _ = writeln!(
            s,
            "layout: {releases} (the version string does not say which)"
        );
    }
    if let Some(trailer) = a.profile.container.trailer() {
        let _ = writeln!(
            s,
            "format: pre-3.0 (wasmtime 0.26 to 2.x), family {}: a `\\0wasmtime-aot` trailer {}; \
             read only",
            trailer.place.family(),
            match trailer.place {
                aotcompat::format::TrailerPlace::Start => "starting the file",
                aotcompat::format::TrailerPlace::AfterElfChain => "after a chain of ELF images",
                aotcompat::format::TrailerPlace::AfterElf => "after the ELF image",
            }
        );
    }
    let _ = writeln!(s, "version: {}", e(&String::from_utf8_lossy(&a.version)));
    let _ = writeln!(s, "target: {}", e(&md.target));
    if writes_bti(a) {
        let _ = match bti {
            Some(b) => writeln!(s, "bti: {b}"),
            None => writeln!(s, "bti: none (no branch-protection section)"),
        };
    }
    let _ = writeln!(s, "shared flags:");
    for (name, value) in &md.shared_flags {
        let _ = writeln!(s, "  {} = {}", e(name), e(&value.to_string()));
    }
    let _ = writeln!(s, "isa flags:");
    for (name, value) in &md.isa_flags {
        let _ = writeln!(s, "  {} = {}", e(name), e(&value.to_string()));
    }
    let _ = writeln!(s, "tunables:");
    for (name, value) in md.tunables() {
        let text = value_text(md.tunable_shape(name), value);
        let _ = writeln!(s, "  {} = {}", e(name), e(&text));
    }
    let _ = writeln!(s, "features:");
    for (name, on) in md.features() {
        let _ = writeln!(s, "  {} = {on}", e(name));
    }
    let unnamed = md.unnamed_feature_bits();
    if unnamed != 0 {
        let _ = writeln!(s, "  (unnamed feature bits {unnamed:#x})");
    }
    if md.trailing_fields().len() > 0 {
        let _ = writeln!(s, "after the features:");
        for (field, value) in md.trailing_fields() {
            let text = value_text(Some(field.shape), value);
            let _ = writeln!(s, "  {} = {}", e(field.name), e(&text));
        }
    }
    s
}
