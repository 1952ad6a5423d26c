//! The compiled module of wasmtime 0.26 to 0.29: what follows the metadata
//! in the one bincode value (varint encoding) of their artifacts.
//!
//! wasmtime decodes the whole value before it checks anything but the
//! version string, so an artifact cut short anywhere, or with bytes after
//! the value, is refused: `deserialize compilation artifacts: io error:
//! unexpected end of file` (or `io error: ` with nothing after it when a
//! string or byte run is cut), `... Slice had bytes remaining after
//! deserialization`. A check walks these shapes to the value's end
//! ([`crate::codec::SkipSeed`]); it keeps nothing of them.
//!
//! Sources, at each tag: `SerializedModule` in
//! `crates/wasmtime/src/module/serialization.rs`, `CompilationArtifacts`,
//! `FunctionInfo`, `DebugInfo` and `TypeTables` in
//! `crates/jit/src/instantiate.rs`, `ObjectUnwindInfo` in
//! `crates/jit/src/object.rs`, `Module` and its parts in
//! `crates/environ/src/module.rs`, the address maps in
//! `crates/environ/src/address_map.rs`, `TrapInformation` and
//! `StackMapInformation` in `crates/environ/src/compilation.rs`, and from
//! the in-tree Cranelift of the tag: `cranelift/wasm/src/translation_utils.rs`
//! and `environ/spec.rs` (index newtypes, `EntityIndex`, `EntityType`,
//! `Global`, `Table`, `Memory`, `WasmType`, `WasmFuncType`),
//! `cranelift/codegen/src/isa/unwind{,/systemv,/winx64}.rs`,
//! `ir/trapcode.rs`, `ir/sourceloc.rs`, `ir/types.rs`,
//! `binemit/stack_map.rs`, and `cranelift/entity/src/primary.rs`.
//!
//! How Rust types read on this wire: every index newtype (`FuncIndex(u32)`
//! and the like), `SourceLoc(u32)` and `BitSet<u32>` is its `u32`;
//! `ir::Type(u8)` one raw byte; a `PrimaryMap` its `Vec` (its
//! `PhantomData` takes no bytes); `Box<[T]>`, `Vec<T>` and `HashSet<T>` a
//! sequence; `HashMap` and `IndexMap` a sequence of key-value pairs (same
//! bytes); `usize` a `u64`; `Range<usize>` two of them; `Arc<Module>` its
//! `Module`; tuple and struct variants their fields in order.
//!
//! The differences, release by release (everything else is the same
//! bytes):
//!
//! | release | change |
//! |---|---|
//! | 0.26 | `SerializedModuleData { artifacts, modules (nested, recursive), type_tables: usize }` then `tables: Vec<TypeTables>` |
//! | 0.27 | `artifacts`, `module_upvars: Vec<SerializedModuleUpvar>`, `types: TypeTables` instead; `MemoryInitializer.offset` and `TableInitializer.offset` `usize` → `u32`; `Module.possibly_exported_funcs: HashSet<DefinedFuncIndex>` appended; `DebugInfo.debug_aranges` after `debug_addr` |
//! | 0.28 (tag) | as 0.27 |
//! | 0.29, wheel 0.28.1 | `MemoryPlan.pre_guard_size: u64` between `style` and `offset_guard_size` (#2977, the same change that added `guard_before_linear_memory` to the tunables) |
//!
//! Every fixture artifact of the four wheels walks to exactly its last
//! byte with its release's shapes and with no other release's, and every
//! prefix of three of them fails with the words the wheel printed for it
//! (`tests/legacy_cuts.rs`, from `tools/wasmtime-wheels/cuts.py`; one of
//! the three, `rich-module`, has imports, active and passive segments,
//! globals of every type, several trap codes and externref stack maps).
//! What comes from the sources only: the Windows unwind codes, the `Paged`
//! memory initialization (written with the pooling allocator), and the
//! module-linking parts (nested modules, instance and module signatures,
//! their initializers), which no fixture of these wheels holds.

use super::legacy::{MODULE_UPVARS, WASM_TYPE_8};
use crate::codec::Shape::{
    self, Bool, Bytes, Option as Opt, Seq, Str, I32, I64, U16, U32, U64, U8,
};
use crate::codec::{Field, Variant};

// ---------------------------------------------------------------------
// Cranelift and wasm types (the same in all four releases)
// ---------------------------------------------------------------------

/// `(name, EntityIndex)` pairs: an `IndexMap<String, EntityIndex>`.
static NAMED_ENTITY_INDEXES: Shape = Seq(&Shape::Tuple(&[&Str, &ENTITY_INDEX]));

/// `cranelift_wasm::EntityIndex`.
static ENTITY_INDEX: Shape = Shape::Enum(&[
    Variant::newtype("Function", &U32),
    Variant::newtype("Table", &U32),
    Variant::newtype("Memory", &U32),
    Variant::newtype("Global", &U32),
    Variant::newtype("Module", &U32),
    Variant::newtype("Instance", &U32),
]);

/// `cranelift_wasm::EntityType`.
static ENTITY_TYPE: Shape = Shape::Enum(&[
    Variant::newtype("Global", &GLOBAL),
    Variant::newtype("Memory", &MEMORY),
    Variant::newtype("Event", &Shape::Struct(&[Field::new("ty", &U32)])),
    Variant::newtype("Table", &TABLE),
    Variant::newtype("Function", &U32),
    Variant::newtype("Instance", &U32),
    Variant::newtype("Module", &U32),
]);

/// `cranelift_wasm::GlobalInit`.
static GLOBAL_INIT: Shape = Shape::Enum(&[
    Variant::newtype("I32Const", &I32),
    Variant::newtype("I64Const", &I64),
    Variant::newtype("F32Const", &U32),
    Variant::newtype("F64Const", &U64),
    Variant::newtype("V128Const", &Bytes(16)),
    Variant::newtype("GetGlobal", &U32),
    Variant::unit("RefNullConst"),
    Variant::newtype("RefFunc", &U32),
    Variant::unit("Import"),
]);

/// `cranelift_wasm::Global`.
static GLOBAL: Shape = Shape::Struct(&[
    Field::new("wasm_ty", &WASM_TYPE_8),
    Field::new("ty", &U8),
    Field::new("mutability", &Bool),
    Field::new("initializer", &GLOBAL_INIT),
]);

/// `cranelift_wasm::Table`.
static TABLE: Shape = Shape::Struct(&[
    Field::new("wasm_ty", &WASM_TYPE_8),
    Field::new(
        "ty",
        &Shape::Enum(&[Variant::newtype("Val", &U8), Variant::unit("Func")]),
    ),
    Field::new("minimum", &U32),
    Field::new("maximum", &Opt(&U32)),
]);

/// `cranelift_wasm::Memory`.
static MEMORY: Shape = Shape::Struct(&[
    Field::new("minimum", &U32),
    Field::new("maximum", &Opt(&U32)),
    Field::new("shared", &Bool),
]);

/// `cranelift_wasm::WasmFuncType` (no externref counts yet).
static WASM_FUNC_TYPE: Shape = Shape::Struct(&[
    Field::new("params", &Seq(&WASM_TYPE_8)),
    Field::new("returns", &Seq(&WASM_TYPE_8)),
]);

/// `ir::TrapCode`.
static TRAP_CODE: Shape = Shape::Enum(&[
    Variant::unit("StackOverflow"),
    Variant::unit("HeapOutOfBounds"),
    Variant::unit("HeapMisaligned"),
    Variant::unit("TableOutOfBounds"),
    Variant::unit("IndirectCallToNull"),
    Variant::unit("BadSignature"),
    Variant::unit("IntegerOverflow"),
    Variant::unit("IntegerDivisionByZero"),
    Variant::unit("BadConversionToInteger"),
    Variant::unit("UnreachableCodeReached"),
    Variant::unit("Interrupt"),
    Variant::newtype("User", &U16),
]);

/// A `(Register, i32)` pair of a call-frame instruction.
static REG_OFFSET: Shape = Shape::Tuple(&[&U16, &I32]);

/// `isa::unwind::systemv::CallFrameInstruction`.
static CALL_FRAME_INSTRUCTION: Shape = Shape::Enum(&[
    Variant::newtype("Cfa", &REG_OFFSET),
    Variant::newtype("CfaRegister", &U16),
    Variant::newtype("CfaOffset", &I32),
    Variant::newtype("Restore", &U16),
    Variant::newtype("Undefined", &U16),
    Variant::newtype("SameValue", &U16),
    Variant::newtype("Offset", &REG_OFFSET),
    Variant::newtype("ValOffset", &REG_OFFSET),
    Variant::newtype("Register", &Shape::Tuple(&[&U16, &U16])),
    Variant::unit("RememberState"),
    Variant::unit("RestoreState"),
    Variant::newtype("ArgsSize", &U32),
    Variant::newtype(
        "Aarch64SetPointerAuth",
        &Shape::Struct(&[Field::new("return_addresses", &Bool)]),
    ),
]);

/// `isa::unwind::winx64::UnwindCode`.
static WINX64_UNWIND_CODE: Shape = Shape::Enum(&[
    Variant::newtype(
        "PushRegister",
        &Shape::Struct(&[
            Field::new("instruction_offset", &U8),
            Field::new("reg", &U8),
        ]),
    ),
    Variant::newtype("SaveReg", &WINX64_SAVE),
    Variant::newtype("SaveXmm", &WINX64_SAVE),
    Variant::newtype(
        "StackAlloc",
        &Shape::Struct(&[
            Field::new("instruction_offset", &U8),
            Field::new("size", &U32),
        ]),
    ),
    Variant::newtype(
        "SetFPReg",
        &Shape::Struct(&[Field::new("instruction_offset", &U8)]),
    ),
]);

/// The fields of `SaveReg` and `SaveXmm`.
static WINX64_SAVE: Shape = Shape::Struct(&[
    Field::new("instruction_offset", &U8),
    Field::new("reg", &U8),
    Field::new("stack_offset", &U32),
]);

/// `isa::unwind::UnwindInfo` (Cranelift's `unwind` feature, which wasmtime
/// enables, gives both variants).
static UNWIND_INFO: Shape = Shape::Enum(&[
    Variant::newtype(
        "WindowsX64",
        &Shape::Struct(&[
            Field::new("flags", &U8),
            Field::new("prologue_size", &U8),
            Field::new("frame_register", &Opt(&U8)),
            Field::new("frame_register_offset", &U8),
            Field::new("unwind_codes", &Seq(&WINX64_UNWIND_CODE)),
        ]),
    ),
    Variant::newtype(
        "SystemV",
        &Shape::Struct(&[
            Field::new(
                "instructions",
                &Seq(&Shape::Tuple(&[&U32, &CALL_FRAME_INSTRUCTION])),
            ),
            Field::new("len", &U32),
        ]),
    ),
]);

/// `(FuncIndex or SignatureIndex, UnwindInfo)`.
static INDEXED_UNWIND_INFO: Shape = Shape::Tuple(&[&U32, &UNWIND_INFO]);

/// `wasmtime_jit::ObjectUnwindInfo`.
static OBJECT_UNWIND_INFO: Shape = Shape::Enum(&[
    Variant::newtype("Func", &INDEXED_UNWIND_INFO),
    Variant::newtype("Trampoline", &INDEXED_UNWIND_INFO),
]);

/// `wasmtime_jit::FunctionInfo`: traps, address map, stack maps.
static FUNCTION_INFO: Shape = Shape::Struct(&[
    Field::new(
        "traps",
        &Seq(&Shape::Struct(&[
            Field::new("code_offset", &U32),
            Field::new("trap_code", &TRAP_CODE),
        ])),
    ),
    Field::new(
        "address_map",
        &Shape::Struct(&[
            Field::new(
                "instructions",
                &Seq(&Shape::Struct(&[
                    Field::new("srcloc", &U32),
                    Field::new("code_offset", &U32),
                ])),
            ),
            Field::new("start_srcloc", &U32),
            Field::new("end_srcloc", &U32),
            Field::new("body_offset", &U64),
            Field::new("body_len", &U32),
        ]),
    ),
    Field::new(
        "stack_maps",
        &Seq(&Shape::Struct(&[
            Field::new("code_offset", &U32),
            Field::new(
                "stack_map",
                &Shape::Struct(&[
                    Field::new("bitmap", &Seq(&U32)),
                    Field::new("mapped_words", &U32),
                ]),
            ),
        ])),
    ),
]);

/// `Range<usize>`.
static RANGE: Shape = Shape::Struct(&[Field::new("start", &U64), Field::new("end", &U64)]);

/// `wasmtime_jit::TypeTables` (not the environ's, which has native
/// signatures in 0.26).
static TYPE_TABLES: Shape = Shape::Struct(&[
    Field::new("wasm_signatures", &Seq(&WASM_FUNC_TYPE)),
    Field::new(
        "module_signatures",
        &Seq(&Shape::Struct(&[
            Field::new("imports", &NAMED_ENTITY_TYPES),
            Field::new("exports", &U32),
        ])),
    ),
    Field::new(
        "instance_signatures",
        &Seq(&Shape::Struct(&[Field::new(
            "exports",
            &NAMED_ENTITY_TYPES,
        )])),
    ),
]);

/// `(name, EntityType)` pairs: an `IndexMap<String, EntityType>`.
static NAMED_ENTITY_TYPES: Shape = Seq(&Shape::Tuple(&[&Str, &ENTITY_TYPE]));

// ---------------------------------------------------------------------
// wasmtime_environ::Module
// ---------------------------------------------------------------------

/// `Initializer`.
static INITIALIZER: Shape = Shape::Enum(&[
    Variant::newtype(
        "Import",
        &Shape::Struct(&[
            Field::new("name", &Str),
            Field::new("field", &Opt(&Str)),
            Field::new("index", &ENTITY_INDEX),
        ]),
    ),
    Variant::newtype(
        "AliasInstanceExport",
        &Shape::Struct(&[Field::new("instance", &U32), Field::new("export", &Str)]),
    ),
    Variant::newtype(
        "Instantiate",
        &Shape::Struct(&[
            Field::new("module", &U32),
            Field::new("args", &NAMED_ENTITY_INDEXES),
        ]),
    ),
    Variant::newtype(
        "CreateModule",
        &Shape::Struct(&[
            Field::new("artifact_index", &U64),
            Field::new("artifacts", &Seq(&U64)),
            Field::new(
                "modules",
                &Seq(&Shape::Enum(&[
                    Variant::newtype("Inherit", &U64),
                    Variant::newtype("Local", &U32),
                ])),
            ),
        ]),
    ),
    Variant::newtype("DefineModule", &U64),
]);

/// `TableInitializer` with its offset as `$offset`.
macro_rules! table_initializer {
    ($offset:expr) => {
        Shape::Struct(&[
            Field::new("table_index", &U32),
            Field::new("base", &Opt(&U32)),
            Field::new("offset", $offset),
            Field::new("elements", &Seq(&U32)),
        ])
    };
}

/// `MemoryInitialization` whose segments' offsets are `$offset`.
macro_rules! memory_initialization {
    ($offset:expr) => {
        Shape::Enum(&[
            Variant::newtype(
                "Segmented",
                &Seq(&Shape::Struct(&[
                    Field::new("memory_index", &U32),
                    Field::new("base", &Opt(&U32)),
                    Field::new("offset", $offset),
                    Field::new("data", &Seq(&U8)),
                ])),
            ),
            Variant::newtype(
                "Paged",
                &Shape::Struct(&[
                    Field::new("map", &Seq(&Seq(&Opt(&Seq(&U8))))),
                    Field::new("out_of_bounds", &Bool),
                ]),
            ),
        ])
    };
}

/// `MemoryStyle`.
static MEMORY_STYLE: Shape = Shape::Enum(&[
    Variant::unit("Dynamic"),
    Variant::newtype("Static", &Shape::Struct(&[Field::new("bound", &U32)])),
]);

/// `MemoryPlan` of 0.26 to 0.28.
static MEMORY_PLAN_0_26: Shape = Shape::Struct(&[
    Field::new("memory", &MEMORY),
    Field::new("style", &MEMORY_STYLE),
    Field::new("offset_guard_size", &U64),
]);

/// `MemoryPlan` of 0.29 (and wheel 0.28.1): a guard before the memory.
static MEMORY_PLAN_0_29: Shape = Shape::Struct(&[
    Field::new("memory", &MEMORY),
    Field::new("style", &MEMORY_STYLE),
    Field::new("pre_guard_size", &U64),
    Field::new("offset_guard_size", &U64),
]);

/// `TablePlan`.
static TABLE_PLAN: Shape = Shape::Struct(&[
    Field::new("table", &TABLE),
    Field::new(
        "style",
        &Shape::Enum(&[Variant::unit("CallerChecksSignature")]),
    ),
]);

/// `wasmtime_environ::Module`: its fields up to `modules`, then what a
/// release adds.
macro_rules! module {
    ($offset:expr, $memory_plan:expr $(, $name:literal => $shape:expr)*) => {
        Shape::Struct(&[
            Field::new("name", &Opt(&Str)),
            Field::new("initializers", &Seq(&INITIALIZER)),
            Field::new("exports", &NAMED_ENTITY_INDEXES),
            Field::new("start_func", &Opt(&U32)),
            Field::new("table_initializers", &Seq(&table_initializer!($offset))),
            Field::new("memory_initialization", &memory_initialization!($offset)),
            Field::new("passive_elements", &Seq(&Seq(&U32))),
            Field::new("passive_elements_map", &Seq(&Shape::Tuple(&[&U32, &U64]))),
            Field::new("passive_data", &Seq(&Seq(&U8))),
            Field::new("passive_data_map", &Seq(&Shape::Tuple(&[&U32, &U64]))),
            Field::new("func_names", &Seq(&Shape::Tuple(&[&U32, &Str]))),
            Field::new(
                "types",
                &Seq(&Shape::Enum(&[
                    Variant::newtype("Function", &U32),
                    Variant::newtype("Module", &U32),
                    Variant::newtype("Instance", &U32),
                ])),
            ),
            Field::new("num_imported_funcs", &U64),
            Field::new("num_imported_tables", &U64),
            Field::new("num_imported_memories", &U64),
            Field::new("num_imported_globals", &U64),
            Field::new("functions", &Seq(&U32)),
            Field::new("table_plans", &Seq(&TABLE_PLAN)),
            Field::new("memory_plans", &Seq($memory_plan)),
            Field::new("globals", &Seq(&GLOBAL)),
            Field::new("instances", &Seq(&U32)),
            Field::new("modules", &Seq(&U32)),
            $(Field::new($name, $shape),)*
        ])
    };
}

/// `Module` of 0.26: offsets are `usize`.
static MODULE_0_26: Shape = module!(&U64, &MEMORY_PLAN_0_26);
/// `Module` of 0.27 and 0.28: `u32` offsets, `possibly_exported_funcs`.
static MODULE_0_27: Shape = module!(
    &U32, &MEMORY_PLAN_0_26,
    "possibly_exported_funcs" => &Seq(&U32)
);
/// `Module` of 0.29 and wheel 0.28.1: `MemoryPlan.pre_guard_size`.
static MODULE_0_29: Shape = module!(
    &U32, &MEMORY_PLAN_0_29,
    "possibly_exported_funcs" => &Seq(&U32)
);

// ---------------------------------------------------------------------
// CompilationArtifacts and what follows the metadata
// ---------------------------------------------------------------------

/// `DebugInfo`: the wasm's DWARF sections and where each lies in `data`,
/// `$ranges` naming them in field order.
macro_rules! debug_info {
    ($($range:literal),*) => {
        Shape::Struct(&[
            Field::new("data", &Seq(&U8)),
            Field::new("code_section_offset", &U64),
            $(Field::new($range, &RANGE),)*
        ])
    };
}

/// `CompilationArtifacts` with its module and debug info.
macro_rules! compilation_artifacts {
    ($module:expr, $debug_info:expr) => {
        Shape::Struct(&[
            Field::new("module", $module),
            Field::new("obj", &Seq(&U8)),
            Field::new("unwind_info", &Seq(&OBJECT_UNWIND_INFO)),
            Field::new("funcs", &Seq(&FUNCTION_INFO)),
            Field::new("native_debug_info_present", &Bool),
            Field::new("has_unparsed_debuginfo", &Bool),
            Field::new("debug_info", &Opt($debug_info)),
        ])
    };
}

/// `DebugInfo` of 0.26.
static DEBUG_INFO_0_26: Shape = debug_info!(
    "debug_abbrev",
    "debug_addr",
    "debug_info",
    "debug_line",
    "debug_line_str",
    "debug_ranges",
    "debug_rnglists",
    "debug_str",
    "debug_str_offsets"
);

/// `DebugInfo` of 0.27 to 0.29: `debug_aranges` too.
static DEBUG_INFO_0_27: Shape = debug_info!(
    "debug_abbrev",
    "debug_addr",
    "debug_aranges",
    "debug_info",
    "debug_line",
    "debug_line_str",
    "debug_ranges",
    "debug_rnglists",
    "debug_str",
    "debug_str_offsets"
);

/// `CompilationArtifacts` of 0.26.
static ARTIFACTS_0_26: Shape = compilation_artifacts!(&MODULE_0_26, &DEBUG_INFO_0_26);
/// `CompilationArtifacts` of 0.27 and 0.28.
static ARTIFACTS_0_27: Shape = compilation_artifacts!(&MODULE_0_27, &DEBUG_INFO_0_27);
/// `CompilationArtifacts` of 0.29 and wheel 0.28.1.
static ARTIFACTS_0_29: Shape = compilation_artifacts!(&MODULE_0_29, &DEBUG_INFO_0_27);

/// 0.26's `SerializedModuleData`, which holds more of itself (module
/// linking's closed-over modules).
static MODULE_DATA_0_26: Shape = Shape::Struct(&[
    Field::new("artifacts", &Seq(&ARTIFACTS_0_26)),
    Field::new("modules", &Seq(&MODULE_DATA_0_26)),
    Field::new("type_tables", &U64),
]);

/// After the features, wasmtime 0.26: `data`, then the type tables.
pub static MODULE_0_26_REST: Shape = Shape::Struct(&[
    Field::new("data", &MODULE_DATA_0_26),
    Field::new("tables", &Seq(&TYPE_TABLES)),
]);

/// The fields after the features from 0.27 on, with `$artifacts`.
macro_rules! rest {
    ($artifacts:expr) => {
        Shape::Struct(&[
            Field::new("artifacts", &Seq($artifacts)),
            Field::new("module_upvars", &MODULE_UPVARS),
            Field::new("types", &TYPE_TABLES),
        ])
    };
}

/// After the features, wasmtime 0.27 and the 0.28 tag.
pub static MODULE_0_27_REST: Shape = rest!(&ARTIFACTS_0_27);
/// After the features, wasmtime 0.29 and wheel 0.28.1.
pub static MODULE_0_29_REST: Shape = rest!(&ARTIFACTS_0_29);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Seed;
    use crate::codec::{self, Codec};
    use crate::format::{FileInput, Input, ValueReader};
    use crate::profiles::legacy::{LAYOUT_0_26, LAYOUT_0_28};
    use bincode::Options;

    /// Where the walk of `shapes` over the value of `bytes` (a family-A
    /// artifact) stops: `Ok(bytes left after it)` or the codec's error.
    fn walk(bytes: &[u8], shapes: &[&Shape]) -> Result<u64, String> {
        let start = 14 + u64::from(bytes[13]);
        let mut input = Input::Bytes(bytes);
        let mut reader = ValueReader::new(&mut input, start);
        codec::skip(Codec::Bincode1Varint, shapes, &mut reader).map_err(|e| e.to_string())?;
        Ok(reader.remaining())
    }

    fn real_files(dir: &str) -> Vec<(String, Vec<u8>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(dir);
        let mut files = Vec::new();
        for sub in ["artifacts", "hosts"] {
            for entry in std::fs::read_dir(root.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                if name != "truncated-end.cwasm" {
                    files.push((format!("{sub}/{name}"), std::fs::read(&path).unwrap()));
                }
            }
        }
        let rich = root.join("rich-module.cwasm");
        files.push(("rich-module.cwasm".into(), std::fs::read(rich).unwrap()));
        files
    }

    /// Each release's schema walks every real file of its wheel to its
    /// last byte, and no file walks to its end with another release's.
    #[test]
    fn each_wheel_s_files_walk_to_their_end_with_its_schema_only() {
        let rests: [(&str, &Shape); 3] = [
            ("0.26", &MODULE_0_26_REST),
            ("0.27", &MODULE_0_27_REST),
            ("0.29", &MODULE_0_29_REST),
        ];
        let wheels = [
            ("legacy-0.26", LAYOUT_0_26.shape, "0.26"),
            ("legacy-0.27", LAYOUT_0_26.shape, "0.27"),
            ("legacy-0.28", LAYOUT_0_28.shape, "0.29"),
            ("legacy-0.29", LAYOUT_0_28.shape, "0.29"),
        ];
        for (dir, metadata, own) in wheels {
            let files = real_files(dir);
            assert!(files.len() >= 20, "{dir}: {} files", files.len());
            for (release, rest) in rests {
                let exact = files
                    .iter()
                    .filter(|(_, bytes)| walk(bytes, &[metadata, rest]) == Ok(0))
                    .count();
                if release == own {
                    for (name, bytes) in &files {
                        assert_eq!(walk(bytes, &[metadata, rest]), Ok(0), "{dir}/{name}");
                    }
                } else {
                    assert_eq!(exact, 0, "{dir} walks with the {release} schema too");
                }
            }
        }
    }

    /// What wasmtime's decode says of `value` (the bytes after the version
    /// string): bincode's own slice reader, every byte run read as a
    /// sequence of `u8` one by one (what the derived impls do), bytes after
    /// the value refused.
    fn reference(value: &[u8], whole: &'static Shape) -> String {
        match bincode::DefaultOptions::new()
            .with_varint_encoding()
            .deserialize_seed(Seed::new(whole), value)
        {
            Ok(_) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    /// What the walk says of the same bytes, from memory or from a file
    /// read `chunk` bytes at a time.
    fn ours(input: &mut Input<'_>, start: u64, chunk: usize, shapes: &[&Shape]) -> String {
        let mut reader = ValueReader::with_chunk(input, start, chunk);
        match codec::skip(Codec::Bincode1Varint, shapes, &mut reader) {
            Err(e) => e.to_string(),
            Ok(()) if reader.remaining() > 0 => codec::BYTES_REMAINING.into(),
            Ok(()) => "ok".into(),
        }
    }

    static WHOLE_0_26: Shape =
        Shape::Tuple(&[&super::super::legacy::METADATA_0_26, &MODULE_0_26_REST]);
    static WHOLE_0_27: Shape =
        Shape::Tuple(&[&super::super::legacy::METADATA_0_26, &MODULE_0_27_REST]);
    static WHOLE_0_29: Shape =
        Shape::Tuple(&[&super::super::legacy::METADATA_0_28, &MODULE_0_29_REST]);

    /// The walk (which skips byte runs unread and reads a file in chunks)
    /// fails where bincode's slice reader fails on the same bytes, with
    /// the same words, for cuts all through three real artifacts of each
    /// wheel and with bytes appended.
    #[test]
    fn the_walk_fails_as_bincode_s_own_reader_does() {
        let wheels: [(&str, &'static Shape); 4] = [
            ("legacy-0.26", &WHOLE_0_26),
            ("legacy-0.27", &WHOLE_0_27),
            ("legacy-0.28", &WHOLE_0_29),
            ("legacy-0.29", &WHOLE_0_29),
        ];
        let dir = std::env::temp_dir().join(format!("aotcompat-walk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut compared = 0;
        for (fixture, whole) in wheels {
            let shapes = [whole];
            for name in [
                "artifacts/default-module",
                "artifacts/debug-info-module",
                "rich-module",
            ] {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures")
                    .join(fixture)
                    .join(format!("{name}.cwasm"));
                let mut bytes = std::fs::read(&path).unwrap();
                let start = 14 + usize::from(bytes[13]);
                let len = bytes.len();
                bytes.extend_from_slice(&[0, 1, 2]);
                let copy = dir.join(format!("{fixture}-{}", name.replace('/', "-")));
                std::fs::write(&copy, &bytes).unwrap();
                let cuts = (start..len.min(start + 1500))
                    .chain((start..len).step_by(61))
                    .chain(len.saturating_sub(200)..=len + 3);
                for cut in cuts {
                    let want = reference(&bytes[start..cut], whole);
                    let got = ours(&mut Input::Bytes(&bytes[..cut]), start as u64, 1, &shapes);
                    assert_eq!(got, want, "{fixture}/{name} cut at {cut}, in memory");
                    for chunk in [1, 7, CHUNK_FOR_TESTS] {
                        let file = std::fs::File::open(&copy).unwrap();
                        let mut input = Input::File(FileInput::new(file, cut as u64));
                        let got = ours(&mut input, start as u64, chunk, &shapes);
                        assert_eq!(
                            got, want,
                            "{fixture}/{name} cut at {cut}, chunks of {chunk}"
                        );
                    }
                    compared += 1;
                }
                assert_eq!(reference(&bytes[start..len], whole), "ok");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        assert!(compared > 10_000, "{compared} cuts");
    }

    /// The chunk a file check reads with.
    const CHUNK_FOR_TESTS: usize = 64 << 10;
}
