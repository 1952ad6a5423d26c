//! wasmtime 44's corruption table: the recipe groups every release shares
//! (`../wasmtime-fixtures-shared/corrupt.rs`), re-targeted at 44's
//! default-module, followed by the edits that only make sense from 43/44 on
//! (bit-set features, the e_flags bit test, the last engine section winning,
//! operator costs and intra-module inlining).

// Shared by all generator crates; each uses only part of it.
#[allow(dead_code)]
#[path = "../../wasmtime-fixtures-shared/corrupt.rs"]
mod shared;

use crate::elf::{varint_bytes, varint_value, EngineLayout, FeaturesTy, Schema, Ty};
use anyhow::{ensure, Result};
pub use shared::Corruption;
use shared::{c, with_byte, with_e_flags, Ctx, M};

/// wasmtime-environ 44.0.0 `Tunables`, in wire order (`define_tunables!`).
/// The operator cost table has one `u8` per operator of wasmparser 0.246.
pub static SCHEMA: Schema = Schema {
    tunables: &[
        ("collector", Ty::OptionVarint),
        ("memory_reservation", Ty::Varint),
        ("memory_guard_size", Ty::Varint),
        ("memory_reservation_for_growth", Ty::Varint),
        ("debug_native", Ty::Bool),
        ("debug_guest", Ty::Bool),
        ("parse_wasm_debuginfo", Ty::Bool),
        ("consume_fuel", Ty::Bool),
        ("operator_cost", Ty::OperatorCost(627)),
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
        ("inlining", Ty::Bool),
        ("inlining_intra_module", Ty::UnitEnum),
        ("inlining_small_callee_size", Ty::Varint),
        ("inlining_sum_size_threshold", Ty::Varint),
        ("concurrency_support", Ty::Bool),
        ("recording", Ty::Bool),
    ],
    features: FeaturesTy::Bits,
};

const CTX: Ctx = Ctx {
    schema: &SCHEMA,
    version: "44",
    other_version: "45",
    last_10_bytes: "the inlining sizes, the last bools and the features varint",
    default_collector: (0, "DRC"),
};

fn layout(b: &[u8]) -> Result<EngineLayout> {
    EngineLayout::parse(b, &SCHEMA)
}

/// default-module with its features varint replaced by `f(features)`.
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
    out.extend(since_43());
    out
}

/// Bits of wasmparser 0.246's `WasmFeatures` used below.
const REFERENCE_TYPES_LOW: u64 = 1 << 3;
const CALL_INDIRECT_OVERLONG: u64 = 1 << 34;
/// Bits wasmparser 0.246 does not define (it stops at CM_MAP = 38).
const UNKNOWN_BITS: u64 = (1 << 45) | (1 << 63);

fn since_43() -> Vec<Corruption> {
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
        c("engine-section-twice-last-edited", M, "default-module plus a second .wasmtime.engine section (after all others) whose version is \"45\": the last one is the one checked", |b| {
            let l = layout(b)?;
            let mut data = b[l.section.data_range()].to_vec();
            let at = l.version.start - l.section.offset;
            ensure!(&data[at..at + 2] == b"44");
            data[at + 1] = b'5';
            shared::add_engine_section(b, &data)
        }),
        c("engine-section-twice-first-edited", M, "default-module with its .wasmtime.engine version edited to \"45\", plus a second, genuine .wasmtime.engine section after all others: the first one is ignored", |b| {
            let l = layout(b)?;
            let genuine = b[l.section.data_range()].to_vec();
            let mut b = b.to_vec();
            b[l.version.start + 1] = b'5';
            shared::add_engine_section(&b, &genuine)
        }),
        c("engine-section-twice-identical", M, "default-module plus a second, identical .wasmtime.engine section", |b| {
            let l = layout(b)?;
            let data = b[l.section.data_range()].to_vec();
            shared::add_engine_section(b, &data)
        }),
        // --- features: a u64 bit set read with from_bits_truncate ------------------
        c("features-unknown-bits", M, "default-module with features bits 45 and 63 set, which wasmparser 0.246 does not define (from_bits_truncate drops them)", |b| {
            edit_features(b, |f| f | UNKNOWN_BITS)
        }),
        c("features-reference-types-bit3-only", M, "default-module with features bit 34 (CALL_INDIRECT_OVERLONG) cleared: of REFERENCE_TYPES = bit 3 | bit 34 only bit 3 is left", |b| {
            edit_features(b, |f| {
                assert!(f & REFERENCE_TYPES_LOW != 0);
                f & !CALL_INDIRECT_OVERLONG
            })
        }),
        c("features-reference-types-bit34-only", M, "default-module with features bit 3 cleared: of REFERENCE_TYPES = bit 3 | bit 34 only bit 34 (CALL_INDIRECT_OVERLONG on its own) is left", |b| {
            edit_features(b, |f| {
                assert!(f & CALL_INDIRECT_OVERLONG != 0);
                f & !REFERENCE_TYPES_LOW
            })
        }),
        c("features-zero", M, "default-module with features 0 (no feature at all; a subset of every host)", |b| {
            edit_features(b, |_| 0)
        }),
        // --- tunables new since 31 ----------------------------------------------
        c("tunable-bool-2", M, "default-module with the last tunable bool (recording) byte set to 2", |b| {
            Ok(with_byte(b, layout(b)?.tunable_bool("recording"), 2))
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
        c("intra-module-inlining-variant-3", M, "default-module with the IntraModuleInlining variant index set to 3 (only Yes, No, WhenUsingGc exist)", |b| {
            Ok(with_byte(b, layout(b)?.tunable("inlining_intra_module").start, 3))
        }),
        c("intra-module-inlining-yes-edited", M, "default-module with IntraModuleInlining WhenUsingGc (2) -> Yes (0) (valid payload)", |b| {
            let r = layout(b)?.tunable("inlining_intra_module");
            ensure!(b[r.clone()] == [2]);
            Ok(with_byte(b, r.start, 0))
        }),
        c("collector-variant-2", M, "default-module with the Collector variant index set to 2 (44 has only DeferredReferenceCounting and Null; 45+ call it Copying)", |b| {
            let l = layout(b)?;
            ensure!(b[l.collector_tag] == 1, "default-module has no collector");
            Ok(with_byte(b, l.collector_tag + 1, 2))
        }),
    ]
}
