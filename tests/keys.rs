//! Compatibility keys: pinned encodings, and equal load keys exactly when
//! two engines load each other's artifacts.

use aotcompat::artifact::{write_artifact, Artifact};
use aotcompat::codec::Value;
use aotcompat::key::{identity_key, load_key, load_key_preimage, to_hex};
use aotcompat::model::{Engine, EngineBuilder, FlagValue, Kind, VersionStrategy};
use aotcompat::profiles::WASMTIME_31;
use aotcompat::rules::{self, Mode};

/// wasmtime 31's default tunables and features, two shared flags and two
/// ISA flags.
fn small_builder() -> EngineBuilder {
    let mut b = EngineBuilder::new(&WASMTIME_31);
    b.target("x86_64-unknown-linux-gnu")
        .shared_flag("opt_level", FlagValue::enumerated("speed"))
        .shared_flag("preserve_frame_pointers", FlagValue::Bool(true))
        .isa_flag("has_avx", FlagValue::Bool(true))
        .isa_flag("has_avx2", FlagValue::Bool(false));
    b
}

fn lp(s: &[u8]) -> Vec<u8> {
    let mut v = (s.len() as u32).to_le_bytes().to_vec();
    v.extend_from_slice(s);
    v
}

/// The preimage spelled out byte by byte from the documented encoding. All
/// integers are explicit little-endian, so this holds on big-endian builds.
#[test]
fn load_key_preimage_is_pinned() {
    let engine = small_builder().build().unwrap();
    let mut want = Vec::new();
    want.extend(lp(b"aotcompat load key v1"));
    want.extend(lp(b"wasmtime-31"));
    want.push(0);
    want.extend(lp(b"31.0.0"));
    want.extend(lp(b"x86_64"));
    want.extend(lp(b"linux"));
    want.push(1); // gc support
    want.extend(1u32.to_le_bytes()); // shared flags judged: preserve_frame_pointers only
    want.extend(lp(b"preserve_frame_pointers"));
    want.extend([2, 1]);
    want.extend(1u32.to_le_bytes()); // isa flags needing the host: has_avx only
    want.extend(lp(b"has_avx"));
    want.extend([2, 1]);
    want.push(1); // collector: deferred reference-counting
    want.extend((4u64 << 30).to_le_bytes());
    want.extend((32u64 << 20).to_le_bytes());
    // generate_native_debuginfo .. memory_init_cow, in check order
    want.extend([0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1]);
    // features in check order: reference_types, function_references, gc,
    // multi_value, bulk_memory, component_model, simd, tail_call, threads,
    // multi_memory, exceptions, memory64, extended_const, relaxed_simd,
    // custom_page_sizes, component_model_async, gc_types, wide_arithmetic,
    // stack_switching
    want.extend([1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 0]);
    assert_eq!(load_key_preimage(&engine), want);
    assert_eq!(
        to_hex(&load_key(&engine)),
        "3fc000551964c78f1fb4eeec4447e857b9fac6ecfbd0d3204e3edf9c1722a5c3",
        "the v1 load key of this engine must never change"
    );
}

#[test]
fn load_key_ignores_what_the_check_ignores() {
    let base = small_builder().build().unwrap();
    let mut b = small_builder();
    b.shared_flag("opt_level", FlagValue::enumerated("none"))
        .isa_flag("has_avx2", FlagValue::Bool(false));
    b.tunable("memory_reservation_for_growth", Value::Int(1))
        .unwrap();
    b.tunable("generate_address_map", Value::Bool(false))
        .unwrap();
    b.tunable("debug_adapter_modules", Value::Bool(true))
        .unwrap();
    b.target("x86_64-unknown-linux-musl");
    let other = b.build().unwrap();
    assert_eq!(load_key(&base), load_key(&other));
    assert_ne!(identity_key(&base), identity_key(&other));
}

/// One way to change an engine description.
type Change = Box<dyn Fn(&mut EngineBuilder)>;

#[test]
fn keys_agree_with_the_check() {
    let base = small_builder().build().unwrap();
    let variants: Vec<(&str, Change)> = vec![
        (
            "epoch",
            Box::new(|b| {
                b.tunable("epoch_interruption", Value::Bool(true)).unwrap();
            }),
        ),
        (
            "guard",
            Box::new(|b| {
                b.tunable("memory_guard_size", Value::Int(0)).unwrap();
            }),
        ),
        (
            "simd",
            Box::new(|b| {
                b.feature("simd", false).unwrap();
            }),
        ),
        (
            "custom",
            Box::new(|b| {
                b.version_strategy(VersionStrategy::Custom("x".into()));
            }),
        ),
        (
            "arch",
            Box::new(|b| {
                b.target("aarch64-unknown-linux-gnu");
            }),
        ),
        (
            "frame pointers",
            Box::new(|b| {
                b.shared_flag("preserve_frame_pointers", FlagValue::Bool(false));
            }),
        ),
        (
            "opt level",
            Box::new(|b| {
                b.shared_flag("opt_level", FlagValue::enumerated("speed_and_size"));
            }),
        ),
    ];
    let loads = |from: &Engine, into: &Engine| {
        let bytes = write_artifact(from, Kind::Module, &[]).unwrap();
        let written = write_artifact(into, Kind::Module, &[]).unwrap();
        let mut host = Artifact::read(&written, Some(into.profile()))
            .unwrap()
            .engine_builder()
            .unwrap();
        host.probe(aotcompat::host::Probe::Fixed(std::sync::Arc::new(
            aotcompat::host::FixedProbe::new(["avx"]),
        )));
        rules::check(&host.build().unwrap(), &bytes, Kind::Module, Mode::Parity).is_compatible()
    };
    assert!(loads(&base, &base));
    for (what, change) in variants {
        let mut b = small_builder();
        change(&mut b);
        let other = b.build().unwrap();
        let same_key = load_key(&base) == load_key(&other);
        let mutual = loads(&base, &other) && loads(&other, &base);
        assert_eq!(
            same_key, mutual,
            "{what}: equal load keys must mean each loads the other's artifacts"
        );
        assert_ne!(
            identity_key(&base),
            identity_key(&other),
            "{what}: identity key must change"
        );
    }
}
