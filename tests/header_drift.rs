//! The committed `include/aotcompat.h` must be exactly what build.rs
//! generates from `src/ffi` (written to `$OUT_DIR/include/aotcompat.h`).

const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/include/aotcompat.h"));
const COMMITTED_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/include/aotcompat.h");
const REGEN: &str = "AOTCOMPAT_REGEN_HEADER=1 cargo build";

#[test]
fn committed_header_matches_generated_header() {
    let committed = std::fs::read_to_string(COMMITTED_PATH)
        .unwrap_or_else(|e| panic!("cannot read {COMMITTED_PATH}: {e}\ncreate it with: {REGEN}"));
    if committed == GENERATED {
        return;
    }
    let first_difference = committed
        .lines()
        .zip(GENERATED.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(GENERATED.lines().count()));
    let line = |text: &str| {
        text.lines()
            .nth(first_difference)
            .unwrap_or("<end of file>")
            .to_owned()
    };
    panic!(
        "include/aotcompat.h is out of date with src/ffi (first difference at line {}):\n  \
         committed: {}\n  generated: {}\nregenerate it with:\n\n    {REGEN}\n",
        first_difference + 1,
        line(&committed),
        line(GENERATED),
    );
}

#[test]
fn header_states_how_to_regenerate() {
    assert!(
        GENERATED.contains(REGEN),
        "the header's own comment should name `{REGEN}`"
    );
}
