//! The steps before the metadata: read the ELF file, judge its marks for
//! the expected kind, find the engine section and frame it, each by the
//! profile's container rule and with wasmtime's words.

use super::report::Category;
use super::sink::Sink;
use crate::format::{self, EngineSection, FormatError, Headers, Kind, Marks};
use crate::profiles::{ContainerRule, EFlagsRule, ElfReader};
use object::ReadRef;
use std::ops::ControlFlow;

/// Opens the engine section of `data` for a load as `kind`.
pub(crate) fn open<'data, R: ReadRef<'data>>(
    data: R,
    kind: Kind,
    rule: &ContainerRule,
    sink: &mut Sink,
) -> ControlFlow<(), EngineSection<'data>> {
    let found = match rule.reader {
        ElfReader::WholeFile => {
            let elf = match format::parse_elf(data) {
                Ok(elf) => elf,
                Err(e) => return fail(sink, "elf", e),
            };
            check_marks(format::marks(&elf), kind, rule, sink)?;
            format::section_data(&elf, rule.section, rule.pick)
        }
        ElfReader::HeadersFirst => {
            let headers = match Headers::parse(data) {
                Ok(headers) => headers,
                Err(e) => return fail(sink, "elf", e),
            };
            check_marks(headers.marks(), kind, rule, sink)?;
            headers.section_data(rule.section, rule.pick)
        }
    };
    let framed = found.and_then(|data| {
        let data = data.ok_or_else(|| FormatError::NoSection(rule.section.to_string()))?;
        EngineSection::parse(data)
    });
    match framed {
        Ok(section) => ControlFlow::Continue(section),
        Err(e @ FormatError::Context(..)) => fail(sink, "elf", e),
        Err(e) => fail(sink, rule.section, e),
    }
}

/// Records a failure that ends the check.
fn fail<T>(sink: &mut Sink, field: &str, e: FormatError) -> ControlFlow<(), T> {
    let _ = sink.fatal(Category::Container, field, e.to_string());
    ControlFlow::Break(())
}

/// The OS ABI and ABI version (where the rule checks them) and `e_flags`
/// must mark the expected kind.
fn check_marks(m: Marks, kind: Kind, rule: &ContainerRule, sink: &mut Sink) -> ControlFlow<()> {
    let expected = kind.e_flags();
    let e_flags_ok = match rule.e_flags {
        EFlagsRule::Exact => m.e_flags == expected,
        EFlagsRule::ContainsKind => m.e_flags & expected == expected,
    };
    let (field, found, wanted) = if rule.os_abi_checked && m.os_abi != format::ELFOSABI_WASMTIME {
        (
            "os_abi",
            u32::from(m.os_abi),
            u32::from(format::ELFOSABI_WASMTIME),
        )
    } else if rule.os_abi_checked && m.abi_version != 0 {
        ("abi_version", u32::from(m.abi_version), 0)
    } else if !e_flags_ok {
        ("e_flags", m.e_flags, expected)
    } else {
        return ControlFlow::Continue(());
    };
    let _ = sink.push(
        Category::Container,
        field,
        found.to_string(),
        wanted.to_string(),
        "incompatible object file format".into(),
    );
    ControlFlow::Break(())
}
