#![no_main]

#[path = "../oracle.rs"]
mod oracle;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    aotcompat::fuzzing::agreement(data);
    oracle::agrees(data);
});
