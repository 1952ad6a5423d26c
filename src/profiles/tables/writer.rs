//! How each release writes its artifacts: where the engine's own sections
//! go among the compiler's, how a Pulley artifact is marked, where empty
//! sections lie, and the branch-protection section.
//!
//! Read from every real artifact of the fixtures (section order, names,
//! types, flags, alignment, offsets and header of each release; see
//! tests/writer_parity.rs) and, where the fixtures have no artifact to
//! show it (Pulley before 31, components before 39), from each release's
//! `Compiler::object` and the callers of `append_compiler_info` /
//! `append_bti`.

use crate::profiles::rules::{
    BtiRule, EmptySections, Placement, PulleyMarks, WriteRule, WriterRule,
};

/// `.wasmtime.bti` (`Engine::append_bti`, every release from 3): one
/// byte, 1 when the compiler emits branch-target-identification
/// instructions, which only Cranelift's and Winch's aarch64 backends do,
/// under their `use_bti` ISA flag.
pub const WASMTIME_BTI: BtiRule = BtiRule {
    section: ".wasmtime.bti",
    architecture: "aarch64",
    flag: "use_bti",
};

/// What wasmtime 3 to 9's `ObjectBuilder` added after the engine's
/// sections: the module's data, names, DWARF and info.
const MODULE_DATA_SECTIONS: &[&str] = &[
    ".rodata.wasm",
    ".name.wasm",
    ".wasmtime.dwarf",
    ".wasmtime.info",
];

/// W1, wasmtime 3 to 9: the engine section and `.wasmtime.bti` come after
/// the compiled code (`.text`, unwind info, address map, traps, DWARF),
/// before `.rodata.wasm`; `object` 0.29 and 0.30 leave empty sections
/// unpadded; no Pulley.
pub static WRITER_W1: WriterRule = WriterRule {
    layout: WriteRule {
        placement: Placement::Before(MODULE_DATA_SECTIONS),
        pulley: PulleyMarks::Unsupported,
        empty_sections: EmptySections::Unpadded,
    },
    bti: Some(WASMTIME_BTI),
};

/// W2, wasmtime 10 and 11: the two sections first, before any code; still
/// `object` 0.30.
pub static WRITER_W2: WriterRule = WriterRule {
    layout: WriteRule {
        placement: Placement::First,
        ..WRITER_W1.layout
    },
    bti: Some(WASMTIME_BTI),
};

/// W3, wasmtime 12 to 25: `object` 0.31 and later pad empty sections to
/// their alignment like any other.
pub static WRITER_W3: WriterRule = WriterRule {
    layout: WriteRule {
        empty_sections: EmptySections::Padded,
        ..WRITER_W2.layout
    },
    bti: Some(WASMTIME_BTI),
};

/// W4, wasmtime 26 to 28: Pulley (`pulley32`, `pulley64`) written as
/// riscv64, `e_flags` the kind alone.
pub static WRITER_W4: WriterRule = WriterRule {
    layout: WriteRule {
        pulley: PulleyMarks::Unmarked { big_endian: false },
        ..WRITER_W3.layout
    },
    bti: Some(WASMTIME_BTI),
};

/// W5, wasmtime 29 to 31: the big-endian Pulley targets too (31's
/// `pulley64be` artifact: riscv64, big-endian, `e_flags` 1).
pub static WRITER_W5: WriterRule = WriterRule {
    layout: WriteRule {
        pulley: PulleyMarks::Unmarked { big_endian: true },
        ..WRITER_W3.layout
    },
    bti: Some(WASMTIME_BTI),
};

/// W6, wasmtime 32 and later: Pulley artifacts also carry
/// `EF_WASMTIME_PULLEY32` (4) or `EF_WASMTIME_PULLEY64` (8) in `e_flags`
/// (44's and 50's `pulley32` artifacts: 5, `pulley64`: 9).
pub static WRITER_W6: WriterRule = WriterRule {
    layout: WriteRule {
        pulley: PulleyMarks::Marked,
        ..WRITER_W3.layout
    },
    bti: Some(WASMTIME_BTI),
};
