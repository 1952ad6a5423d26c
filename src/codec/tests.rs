//! The codec against serde's derived impls: for data that a derived type
//! writes, decoding with the matching shape and encoding again gives the
//! same bytes, and bytes a derived type refuses are refused with the same
//! text.

use super::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A stand-in for wasmtime's metadata: every grammar element once.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Sample<'a> {
    target: &'a str,
    flags: Vec<(&'a str, Flag<'a>)>,
    collector: Option<Collector>,
    reservation: u64,
    small: u32,
    count: Option<std::num::NonZeroU32>,
    on: bool,
    cost: Cost,
    bits: u64,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Flag<'a> {
    Enum(&'a str),
    Num(u8),
    Bool(bool),
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Collector {
    Drc,
    Null,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Cost {
    Table(Box<Table>),
    Default,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Table {
    a: u8,
    b: u8,
    c: u8,
}

static FLAG: Shape = Shape::Enum(&[
    Variant {
        name: "Enum",
        payload: Some(&Shape::Str),
    },
    Variant {
        name: "Num",
        payload: Some(&Shape::U8),
    },
    Variant {
        name: "Bool",
        payload: Some(&Shape::Bool),
    },
]);
static COLLECTOR: Shape = Shape::Enum(&[
    Variant {
        name: "Drc",
        payload: None,
    },
    Variant {
        name: "Null",
        payload: None,
    },
]);
static ENTRY: Shape = Shape::Tuple(&[&Shape::Str, &FLAG]);
static SAMPLE: Shape = Shape::Struct(&[
    Field {
        name: "target",
        shape: &Shape::Str,
    },
    Field {
        name: "flags",
        shape: &Shape::Seq(&ENTRY),
    },
    Field {
        name: "collector",
        shape: &Shape::Option(&COLLECTOR),
    },
    Field {
        name: "reservation",
        shape: &Shape::U64,
    },
    Field {
        name: "small",
        shape: &Shape::U32,
    },
    Field {
        name: "count",
        shape: &Shape::Option(&Shape::NonZeroU32),
    },
    Field {
        name: "on",
        shape: &Shape::Bool,
    },
    Field {
        name: "cost",
        shape: &Shape::Enum(&[
            Variant {
                name: "Table",
                payload: Some(&Shape::Bytes(3)),
            },
            Variant {
                name: "Default",
                payload: None,
            },
        ]),
    },
    Field {
        name: "bits",
        shape: &Shape::U64,
    },
]);

fn samples() -> Vec<Sample<'static>> {
    vec![
        Sample {
            target: "x86_64-unknown-linux-gnu",
            flags: vec![
                ("opt_level", Flag::Enum("speed")),
                ("probestack_size_log2", Flag::Num(12)),
                ("has_avx", Flag::Bool(true)),
            ],
            collector: Some(Collector::Drc),
            reservation: 1 << 32,
            small: 2000,
            count: None,
            on: true,
            cost: Cost::Default,
            bits: (1 << 34) | (1 << 3),
        },
        Sample {
            target: "",
            flags: vec![],
            collector: None,
            reservation: u64::MAX,
            small: u32::MAX,
            count: std::num::NonZeroU32::new(7),
            on: false,
            cost: Cost::Table(Box::new(Table { a: 1, b: 255, c: 0 })),
            bits: 0,
        },
    ]
}

/// bincode 1 as wasmtime 0.26 to 0.29 configure it, but for trailing
/// bytes (see `Codec::Bincode1Varint`).
fn varint() -> impl bincode::Options {
    use bincode::Options;
    bincode::DefaultOptions::new()
        .with_varint_encoding()
        .allow_trailing_bytes()
}

fn derived(codec: Codec, sample: &Sample<'_>) -> Vec<u8> {
    use bincode::Options;
    match codec {
        Codec::Postcard => postcard::to_allocvec(sample).unwrap(),
        Codec::Bincode1 => bincode::serialize(sample).unwrap(),
        Codec::Bincode1Varint => varint().serialize(sample).unwrap(),
    }
}

fn derived_decode_error(codec: Codec, bytes: &[u8]) -> Option<String> {
    match codec {
        Codec::Postcard => postcard::from_bytes::<Sample<'_>>(bytes)
            .err()
            .map(|e| e.to_string()),
        Codec::Bincode1 => bincode::deserialize::<Sample<'_>>(bytes)
            .err()
            .map(|e| e.to_string()),
        Codec::Bincode1Varint => {
            use bincode::Options;
            varint()
                .deserialize::<Sample<'_>>(bytes)
                .err()
                .map(|e| e.to_string())
        }
    }
}

const CODECS: [Codec; 3] = [Codec::Postcard, Codec::Bincode1, Codec::Bincode1Varint];

#[test]
fn derived_bytes_decode_and_encode_back_exactly() {
    for codec in CODECS {
        for sample in samples() {
            let bytes = derived(codec, &sample);
            let value = decode(codec, &SAMPLE, &bytes).unwrap();
            assert_eq!(encode(codec, &SAMPLE, &value).unwrap(), bytes, "{codec:?}");
        }
    }
}

#[test]
fn decoded_values_are_what_the_derived_type_holds() {
    let sample = &samples()[1];
    let bytes = derived(Codec::Postcard, sample);
    let value = decode(Codec::Postcard, &SAMPLE, &bytes).unwrap();
    let items = value.as_list().unwrap();
    assert_eq!(items[0], Value::Str("".into()));
    assert_eq!(items[2], Value::Option(None));
    assert_eq!(items[3], Value::Int(u64::MAX));
    assert_eq!(items[5], Value::some(Value::Int(7)));
    assert_eq!(
        items[7],
        Value::Variant(0, Some(Box::new(Value::Bytes(Cow::Owned(vec![1, 255, 0])))))
    );
}

#[test]
fn strings_borrow_from_the_input() {
    for codec in CODECS {
        let bytes = derived(codec, &samples()[0]);
        let value = decode(codec, &SAMPLE, &bytes).unwrap();
        let items = value.as_list().unwrap();
        assert!(
            matches!(&items[0], Value::Str(Cow::Borrowed(_))),
            "{codec:?}"
        );
        let entry = items[1].as_list().unwrap()[0].as_list().unwrap();
        assert!(matches!(&entry[0], Value::Str(Cow::Borrowed("opt_level"))));
    }
}

#[test]
fn wire_forms_are_the_codecs() {
    let bytes = derived(Codec::Postcard, &samples()[0]);
    let value = decode(Codec::Postcard, &SAMPLE, &bytes).unwrap();
    let postcard = encode(Codec::Postcard, &SAMPLE, &value).unwrap();
    let bincode = encode(Codec::Bincode1, &SAMPLE, &value).unwrap();
    // postcard: varint string length; bincode 1: u64 little-endian length.
    assert_eq!(postcard[0], 24);
    assert_eq!(&bincode[..8], &24u64.to_le_bytes());
    // The u64 1 << 32 is five varint bytes in postcard, eight in bincode.
    let at = |b: &[u8], needle: &[u8]| b.windows(needle.len()).any(|w| w == needle);
    assert!(at(&postcard, &[0x80, 0x80, 0x80, 0x80, 0x10]));
    assert!(at(&bincode, &(1u64 << 32).to_le_bytes()));
}

#[test]
fn every_truncation_and_bad_byte_fails_with_the_derived_text() {
    for codec in CODECS {
        for sample in samples() {
            let bytes = derived(codec, &sample);
            for len in 0..bytes.len() {
                let ours = decode(codec, &SAMPLE, &bytes[..len])
                    .err()
                    .map(|e| e.to_string());
                assert_eq!(
                    ours,
                    derived_decode_error(codec, &bytes[..len]),
                    "{codec:?} at {len}"
                );
            }
            for at in 0..bytes.len() {
                for byte in [0x00, 0x02, 0x03, 0x7f, 0x80, 0xff] {
                    let mut bad = bytes.clone();
                    bad[at] = byte;
                    let ours = decode(codec, &SAMPLE, &bad).err().map(|e| e.to_string());
                    assert_eq!(
                        ours,
                        derived_decode_error(codec, &bad),
                        "{codec:?}: byte {at} set to {byte:#x}"
                    );
                }
            }
        }
    }
}

#[test]
fn trailing_bytes_are_ignored_as_wasmtime_ignores_them() {
    for codec in CODECS {
        let mut bytes = derived(codec, &samples()[0]);
        let exact = decode(codec, &SAMPLE, &bytes).unwrap().into_owned();
        bytes.extend_from_slice(b"tail");
        assert_eq!(decode(codec, &SAMPLE, &bytes).unwrap(), exact);
    }
}

#[test]
fn a_huge_claimed_length_reserves_nothing_up_front() {
    // A sequence that claims 2^60 entries in a few bytes fails at the end
    // of the input instead of reserving memory for the claim.
    let mut bytes = vec![0x00];
    bytes.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10]);
    let err = decode(Codec::Postcard, &SAMPLE, &bytes).unwrap_err();
    assert_eq!(err.to_string(), "Hit the end of buffer, expected more data");
    let mut bytes = 0u64.to_le_bytes().to_vec();
    bytes.extend_from_slice(&(1u64 << 60).to_le_bytes());
    assert!(decode(Codec::Bincode1, &SAMPLE, &bytes).is_err());
}

#[test]
fn values_that_do_not_fit_are_refused_by_name() {
    let bytes = derived(Codec::Postcard, &samples()[0]);
    let value = decode(Codec::Postcard, &SAMPLE, &bytes).unwrap();
    let mut items = value.as_list().unwrap().to_vec();
    items[4] = Value::Int(1 << 40);
    let err = encode(Codec::Postcard, &SAMPLE, &Value::List(items.clone())).unwrap_err();
    assert_eq!(
        err.to_string(),
        "small: the value 1099511627776 cannot be written as u32"
    );
    items[4] = Value::Int(1);
    items[5] = Value::some(Value::Int(0));
    let err = encode(Codec::Bincode1, &SAMPLE, &Value::List(items)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "count: the value 0 cannot be written as non-zero u32"
    );
}

#[test]
fn sequences_of_empty_items_are_refused() {
    static EMPTY: Shape = Shape::Seq(&Shape::Tuple(&[]));
    let err = decode(Codec::Postcard, &EMPTY, &[0xff, 0xff, 0xff, 0xff, 0x0f]).unwrap_err();
    assert_eq!(err.to_string(), "Serde Deserialization Error");
}

#[test]
fn varint_bincode_is_wasmtime_0_26s() {
    // Below 251 one byte; 251 then a u16; 252 then a u32; 253 then a u64.
    static INTS: Shape = Shape::Tuple(&[&Shape::U64, &Shape::U64, &Shape::U32, &Shape::U64]);
    let value = Value::List(vec![
        Value::Int(250),
        Value::Int(251),
        Value::Int(65536),
        Value::Int(1 << 32),
    ]);
    let bytes = encode(Codec::Bincode1Varint, &INTS, &value).unwrap();
    let mut want = vec![250, 251, 251, 0, 252, 0, 0, 1, 0, 253];
    want.extend_from_slice(&(1u64 << 32).to_le_bytes());
    assert_eq!(bytes, want);
    assert_eq!(decode(Codec::Bincode1Varint, &INTS, &bytes).unwrap(), value);
    let err = decode(Codec::Bincode1Varint, &INTS, &bytes[..3]).unwrap_err();
    assert_eq!(err.to_string(), "io error: unexpected end of file");
}

/// A shape that holds itself, as wasmtime 0.30's module upvars do.
static NESTED: Shape = Shape::Seq(&NESTED_ITEM);
static NESTED_ITEM: Shape = Shape::Struct(&[
    Field {
        name: "index",
        shape: &Shape::U8,
    },
    Field {
        name: "inner",
        shape: &NESTED,
    },
]);

#[test]
fn self_referring_shapes_decode_to_a_depth_limit() {
    // [ {1, [ {2, []} ]} ] in postcard: lengths and u8s are one byte each.
    let bytes = [1, 1, 1, 2, 0];
    let value = decode(Codec::Postcard, &NESTED, &bytes).unwrap();
    assert_eq!(encode(Codec::Postcard, &NESTED, &value).unwrap(), bytes);
    // Each level is one item holding the next: far deeper than allowed.
    let mut deep = Vec::new();
    for _ in 0..10_000 {
        deep.extend_from_slice(&[1, 7]);
    }
    deep.push(0);
    let err = decode(Codec::Postcard, &NESTED, &deep).unwrap_err();
    assert_eq!(err.to_string(), "Serde Deserialization Error");
    let err = decode(Codec::Bincode1Varint, &NESTED, &deep).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("values nest more than {MAX_DEPTH} levels deep (aotcompat's limit)")
    );
}

#[test]
fn unsupported_values_decode_only_when_absent() {
    static LIST: Shape = Shape::Seq(&Shape::Unsupported("module signatures"));
    assert_eq!(
        decode(Codec::Bincode1, &LIST, &0u64.to_le_bytes()).unwrap(),
        Value::List(vec![])
    );
    let err = decode(Codec::Bincode1, &LIST, &1u64.to_le_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "module signatures: aotcompat does not decode these"
    );
}

/// A stand-in for a compiled module: the shapes only walks need.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Walked {
    name: String,
    code: Box<[u8]>,
    reg: u16,
    offset: i32,
    big: i64,
    insts: Option<Vec<(u32, Inst)>>,
    range: std::ops::Range<usize>,
    names: std::collections::HashMap<u32, String>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
enum Inst {
    Cfa(u16, i32),
    Auth { on: bool },
    Remember,
}

static INST: Shape = Shape::Enum(&[
    Variant::newtype("Cfa", &Shape::Tuple(&[&Shape::U16, &Shape::I32])),
    Variant::newtype("Auth", &Shape::Struct(&[Field::new("on", &Shape::Bool)])),
    Variant::unit("Remember"),
]);

static WALKED: Shape = Shape::Struct(&[
    Field::new("name", &Shape::Str),
    Field::new("code", &Shape::Seq(&Shape::U8)),
    Field::new("reg", &Shape::U16),
    Field::new("offset", &Shape::I32),
    Field::new("big", &Shape::I64),
    Field::new(
        "insts",
        &Shape::Option(&Shape::Seq(&Shape::Tuple(&[&Shape::U32, &INST]))),
    ),
    Field::new(
        "range",
        &Shape::Struct(&[
            Field::new("start", &Shape::U64),
            Field::new("end", &Shape::U64),
        ]),
    ),
    Field::new(
        "names",
        &Shape::Seq(&Shape::Tuple(&[&Shape::U32, &Shape::Str])),
    ),
]);

/// A walk fails where the derived impls fail, with their words, on every
/// prefix of their bytes and with a byte appended (which wasmtime 0.26 to
/// 0.29's `DefaultOptions` refuse), and walks the whole value to its end.
#[test]
fn a_walk_fails_as_the_derived_impls_do() {
    use crate::format::{Input, ValueReader};
    let sample = Walked {
        name: "fünf".into(),
        code: vec![0x90; 300].into(),
        reg: 7,
        offset: -8,
        big: i64::MIN,
        insts: Some(vec![
            (1, Inst::Cfa(7, -16)),
            (4, Inst::Auth { on: true }),
            (9, Inst::Remember),
        ]),
        range: 3..70_000,
        names: [(5, "f".to_string())].into_iter().collect(),
    };
    let options = bincode::DefaultOptions::new().with_varint_encoding();
    let mut bytes = options.serialize(&sample).unwrap();
    bytes.push(0);
    let mut walked = 0;
    for cut in 0..=bytes.len() {
        let data = &bytes[..cut];
        let derived = match options.deserialize::<Walked>(data) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        let mut input = Input::Bytes(data);
        let mut reader = ValueReader::new(&mut input, 0);
        let ours = match skip(Codec::Bincode1Varint, &[&WALKED], &mut reader) {
            Ok(()) if reader.remaining() > 0 => BYTES_REMAINING.to_string(),
            Ok(()) => "ok".to_string(),
            Err(e) => e.to_string(),
        };
        assert_eq!(ours, derived, "cut at {cut}");
        walked += usize::from(ours == "ok");
    }
    assert_eq!(walked, 1);
}
