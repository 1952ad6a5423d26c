//! wasmtime 31's corruption table: the recipe groups every release shares
//! (`../wasmtime-fixtures-shared/corrupt.rs`), in their original order, with
//! the recipes that only make sense for 31's bool-struct features in between.

// Shared by all generator crates; each uses only part of it.
#[allow(dead_code)]
#[path = "../../wasmtime-fixtures-shared/corrupt.rs"]
mod shared;

use crate::elf::{self, put_u64, EngineLayout, FeaturesTy, Schema, Ty};
use anyhow::{ensure, Result};
pub use shared::Corruption;
use shared::{c, Ctx, M};

/// wasmtime-environ 31.0.0 `Tunables` (wire order) and wasmtime's own
/// 19-bool `WasmFeatures` struct.
pub static SCHEMA: Schema = Schema {
    tunables: &[
        ("collector", Ty::OptionVarint),
        ("memory_reservation", Ty::Varint),
        ("memory_guard_size", Ty::Varint),
        ("memory_reservation_for_growth", Ty::Varint),
        ("generate_native_debuginfo", Ty::Bool),
        ("parse_wasm_debuginfo", Ty::Bool),
        ("consume_fuel", Ty::Bool),
        ("epoch_interruption", Ty::Bool),
        ("memory_may_move", Ty::Bool),
        ("guard_before_linear_memory", Ty::Bool),
        ("table_lazy_init", Ty::Bool),
        ("generate_address_map", Ty::Bool),
        ("debug_adapter_modules", Ty::Bool),
        ("relaxed_simd_deterministic", Ty::Bool),
        ("winch_callable", Ty::Bool),
        ("signals_based_traps", Ty::Bool),
        ("memory_init_cow", Ty::Bool),
    ],
    features: FeaturesTy::Bools(&[
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
    ]),
};

const CTX: Ctx = Ctx {
    schema: &SCHEMA,
    version: "31.0.0",
    other_version: "31.0.1",
    last_10_bytes: "the feature bools",
    default_collector: (0, "DRC"),
};

fn layout(b: &[u8]) -> Result<EngineLayout> {
    EngineLayout::parse(b, &SCHEMA)
}

pub fn corruptions(wasm: Vec<u8>) -> Vec<Corruption> {
    let x = &CTX;
    let mut out = shared::foreign(wasm);
    out.extend(shared::truncations(x));
    out.extend(shared::elf_header());
    out.extend(shared::framing(x));
    out.extend(shared::payload_size(x));
    out.extend(feature_bools());
    out.extend(shared::tunables(x));
    out.push(collector_none());
    out.extend(shared::flags(x));
    out.extend(shared::targets(x));
    out
}

fn feature_bools() -> Vec<Corruption> {
    vec![
        c(
            "feature-bool-2",
            M,
            "default-module with the last feature bool (stack_switching) byte set to 2",
            |b| {
                let l = layout(b)?;
                let mut b = b.to_vec();
                b[*l.features.last().unwrap()] = 2;
                Ok(b)
            },
        ),
        c(
            "feature-simd-false",
            M,
            "default-module with feature bool simd flipped to false (valid payload)",
            |b| {
                let l = layout(b)?;
                let mut b = b.to_vec();
                b[l.feature(&SCHEMA, "simd")] = 0;
                Ok(b)
            },
        ),
    ]
}

fn collector_none() -> Corruption {
    c("collector-none-edited", M, "default-module with Option<Collector> Some(DRC) -> None and the gc_types feature bool set to false; the section is shortened by one byte to keep the payload consistent", |b| {
        let l = layout(b)?;
        let mut b = b.to_vec();
        ensure!(b[l.collector_tag] == 1 && b[l.collector_tag + 1] == 0);
        b[l.feature(&SCHEMA, "gc_types")] = 0;
        b[l.collector_tag] = 0;
        // Remove the variant byte by shifting the rest of the section left.
        let end = l.section.offset + l.section.size;
        b.copy_within(l.collector_tag + 2..end, l.collector_tag + 1);
        b[end - 1] = 0;
        put_u64(&mut b, l.section.header + elf::SH_SIZE, (l.section.size - 1) as u64);
        Ok(b)
    })
}
