#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| aotcompat::fuzzing::digest(data));
