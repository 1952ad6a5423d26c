//! wasmtime 50's corruption table: the recipe groups every release shares
//! (`../wasmtime-fixtures-shared/corrupt.rs`), re-targeted at 50's
//! default-module, followed by the edits that only make sense from 43 on
//! (bit-set features, the e_flags bit test, the last engine section winning,
//! operator costs) and from 45 on (the `Inlining` enum, the copying
//! collector, `gc_zeal_alloc_counter`).

// Shared by all generator crates; each uses only part of it.
#[allow(dead_code)]
#[path = "../../wasmtime-fixtures-shared/corrupt.rs"]
mod shared;

use crate::elf::{varint_bytes, varint_value, EngineLayout, FeaturesTy, Schema, Ty};
use anyhow::{ensure, Result};
pub use shared::Corruption;
use shared::{c, with_byte, with_e_flags, Ctx, M};

/// wasmtime-environ 50.0.1 `Tunables`, in wire order (`define_tunables!`).
/// The operator cost table has one `u8` per operator of wasmparser 0.261
/// (627) followed by the 16 `u8` of `VariableOperatorCost` (48+).
pub static SCHEMA: Schema = Schema {
    tunables: &[
        ("collector", Ty::OptionVarint),
        ("memory_reservation", Ty::Varint),
        ("memory_guard_size", Ty::Varint),
        ("memory_reservation_for_growth", Ty::Varint),
        ("debug_native", Ty::Bool),
        ("debug_guest", Ty::Bool),
        ("debug_symbols", Ty::Bool),
        ("parse_wasm_debuginfo", Ty::Bool),
        ("consume_fuel", Ty::Bool),
        ("operator_cost", Ty::OperatorCost(627 + 16)),
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
        ("inlining", Ty::UnitEnum),
        ("inlining_small_callee_size", Ty::Varint),
        ("inlining_sum_size_threshold", Ty::Varint),
        ("concurrency_support", Ty::Bool),
        ("recording", Ty::Bool),
        ("asan_stack_switching", Ty::Bool),
        ("gc_zeal_alloc_counter", Ty::OptionVarint),
        ("gc_heap_reservation", Ty::Varint),
        ("gc_heap_guard_size", Ty::Varint),
        ("gc_heap_reservation_for_growth", Ty::Varint),
        ("gc_heap_initial_size", Ty::Varint),
        ("gc_heap_may_move", Ty::Bool),
        ("metadata_for_internal_asserts", Ty::Bool),
        ("metadata_for_gc_heap_corruption", Ty::Bool),
        ("branch_hinting", Ty::Bool),
    ],
    features: FeaturesTy::Bits,
};

const CTX: Ctx = Ctx {
    schema: &SCHEMA,
    version: "50",
    other_version: "51",
    last_10_bytes: "the GC heap fields, the last bools and the features varint",
    // `Collector::Auto` picks the copying collector when it is built in.
    default_collector: (2, "Copying"),
};

fn layout(b: &[u8]) -> Result<EngineLayout> {
    EngineLayout::parse(b, &SCHEMA)
}

/// An artifact with its features varint replaced by `f(features)`.
fn edit_features(b: &[u8], f: impl Fn(u64) -> u64) -> Result<Vec<u8>> {
    let l = layout(b)?;
    let old = varint_value(&b[l.features_range.clone()]);
    shared::splice_engine(b, &l, l.features_range.clone(), &varint_bytes(f(old)))
}

pub fn corruptions(wasm: Vec<u8>) -> Vec<Corruption> {
    let x = &CTX;
    let mut out = shared::foreign(wasm);
    out.extend(shared::truncations(x));
    out.extend(shared::elf_header());
    out.extend(shared::framing(x));
    out.extend(shared::payload_size(x));
    out.extend(shared::tunables(x));
    out.extend(shared::flags(x));
    out.extend(shared::targets(x));
    out.extend(since_43_and_45());
    out
}

const NO_CM_ASYNC: Option<&str> = Some("component-model-async-off-module");
/// Bits of wasmparser 0.261's `WasmFeatures` used below.
const REFERENCE_TYPES_LOW: u64 = 1 << 3;
const CALL_INDIRECT_OVERLONG: u64 = 1 << 34;
/// Bits wasmparser 0.261 does not define (it stops at CM_ACCESSORS = 43).
const UNKNOWN_BITS: u64 = (1 << 50) | (1 << 63);

fn since_43_and_45() -> Vec<Corruption> {
    vec![
        // --- e_flags are tested bit by bit; os_abi is no longer checked on load
        c("e-flags-9", M, "default-module with e_flags 1 -> 9 (module|pulley64): extra bits besides the module bit", |b| {
            Ok(with_e_flags(b, 9))
        }),
        c("e-flags-5", M, "default-module with e_flags 1 -> 5 (module|pulley32)", |b| {
            Ok(with_e_flags(b, 5))
        }),
        c("os-abi-sysv-abi-version-1", M, "default-module with EI_OSABI 200 -> 0 and EI_ABIVERSION 0 -> 1 (e_flags still 1)", |b| {
            let b = with_byte(b, crate::elf::EI_OSABI, 0);
            Ok(with_byte(&b, crate::elf::EI_ABIVERSION, 1))
        }),
        // --- two engine sections: 43+ reads the LAST one ------------------------
        c("engine-section-twice-last-edited", M, "default-module plus a second .wasmtime.engine section (after all others) whose version is \"51\": the last one is the one checked", |b| {
            let l = layout(b)?;
            let mut data = b[l.section.data_range()].to_vec();
            let at = l.version.start - l.section.offset;
            ensure!(&data[at..at + 2] == b"50");
            data[at + 1] = b'1';
            shared::add_engine_section(b, &data)
        }),
        c("engine-section-twice-first-edited", M, "default-module with its .wasmtime.engine version edited to \"51\", plus a second, genuine .wasmtime.engine section after all others: the first one is ignored", |b| {
            let l = layout(b)?;
            let genuine = b[l.section.data_range()].to_vec();
            let mut b = b.to_vec();
            b[l.version.start + 1] = b'1';
            shared::add_engine_section(&b, &genuine)
        }),
        c("engine-section-twice-identical", M, "default-module plus a second, identical .wasmtime.engine section", |b| {
            let l = layout(b)?;
            let data = b[l.section.data_range()].to_vec();
            shared::add_engine_section(b, &data)
        }),
        // --- features: a u64 bit set read with from_bits_truncate ------------------
        c("features-unknown-bits", M, "default-module with features bits 50 and 63 set, which wasmparser 0.261 does not define (from_bits_truncate drops them)", |b| {
            edit_features(b, |f| f | UNKNOWN_BITS)
        }),
        // Based on an artifact without component-model async, which 50 turns
        // on by default but refuses without reference types, so that the
        // reference-types-off host misses nothing else.
        c("features-reference-types-bit3-only", NO_CM_ASYNC, "component-model-async-off-module with features bit 34 (CALL_INDIRECT_OVERLONG) cleared: of REFERENCE_TYPES = bit 3 | bit 34 only bit 3 is left", |b| {
            edit_features(b, |f| {
                assert!(f & REFERENCE_TYPES_LOW != 0);
                f & !CALL_INDIRECT_OVERLONG
            })
        }),
        c("features-reference-types-bit34-only", NO_CM_ASYNC, "component-model-async-off-module with features bit 3 cleared: of REFERENCE_TYPES = bit 3 | bit 34 only bit 34 (CALL_INDIRECT_OVERLONG on its own) is left", |b| {
            edit_features(b, |f| {
                assert!(f & CALL_INDIRECT_OVERLONG != 0);
                f & !REFERENCE_TYPES_LOW
            })
        }),
        c("features-zero", M, "default-module with features 0 (no feature at all; a subset of every host)", |b| {
            edit_features(b, |_| 0)
        }),
        // --- tunables new since 31 ----------------------------------------------
        c("tunable-bool-2", M, "default-module with the last tunable bool (branch_hinting) byte set to 2", |b| {
            Ok(with_byte(b, layout(b)?.tunable_bool("branch_hinting"), 2))
        }),
        c("operator-cost-variant-2", M, "default-module with the OperatorCostStrategy variant index 1 (Default) -> 2 (unknown)", |b| {
            let r = layout(b)?.tunable("operator_cost");
            ensure!(b[r.clone()] == [1]);
            Ok(with_byte(b, r.start, 2))
        }),
        c("operator-cost-table-edited", Some("fuel-cost-table-module"), "fuel-cost-table-module with one cost of its table (the first byte) incremented: still a valid table, different from the fuel-cost-table host's", |b| {
            let r = layout(b)?.tunable("operator_cost");
            ensure!(b[r.start] == 0, "not a Table");
            let mut b = b.to_vec();
            b[r.start + 1] = b[r.start + 1].wrapping_add(1);
            Ok(b)
        }),
        c("operator-cost-table-truncated", Some("fuel-cost-table-module"), "fuel-cost-table-module with its engine section ending inside the operator cost table", |b| {
            let l = layout(b)?;
            let r = l.tunable("operator_cost");
            let mut b = b.to_vec();
            let size = r.start + 100 - l.section.offset;
            crate::elf::put_u64(&mut b, l.section.header + crate::elf::SH_SIZE, size as u64);
            Ok(b)
        }),
        c("inlining-variant-5", M, "default-module with the Inlining variant index set to 5 (Yes, InterModuleAndIntraGc, InterModule, Intrinsics, No = 0..4)", |b| {
            Ok(with_byte(b, layout(b)?.tunable("inlining").start, 5))
        }),
        c("inlining-yes-edited", M, "default-module with Inlining No (4) -> Yes (0) (valid payload)", |b| {
            let r = layout(b)?.tunable("inlining");
            ensure!(b[r.clone()] == [4]);
            Ok(with_byte(b, r.start, 0))
        }),
        c("collector-variant-3", M, "default-module with the Collector variant index set to 3 (DeferredReferenceCounting, Null, Copying = 0..2)", |b| {
            let l = layout(b)?;
            ensure!(b[l.collector_tag] == 1, "default-module has no collector");
            Ok(with_byte(b, l.collector_tag + 1, 3))
        }),
        c("collector-drc-edited", M, "default-module with Collector Copying (2) -> DRC (0) (valid payload, matches collector-drc hosts)", |b| {
            let l = layout(b)?;
            ensure!(b[l.collector_tag] == 1 && b[l.collector_tag + 1] == 2);
            Ok(with_byte(b, l.collector_tag + 1, 0))
        }),
        c("gc-zeal-alloc-counter-some-5", M, "default-module with gc_zeal_alloc_counter None -> Some(5) (a runtime debugging setting, not checked)", |b| {
            let l = layout(b)?;
            let r = l.tunable("gc_zeal_alloc_counter");
            ensure!(b[r.clone()] == [0]);
            shared::splice_engine(b, &l, r, &[1, 5])
        }),
        c("gc-zeal-alloc-counter-some-0", M, "default-module with gc_zeal_alloc_counter None -> Some(0), which is not a NonZeroU32", |b| {
            let l = layout(b)?;
            let r = l.tunable("gc_zeal_alloc_counter");
            ensure!(b[r.clone()] == [0]);
            shared::splice_engine(b, &l, r, &[1, 0])
        }),
    ]
}
