//! The C surface: the only module with `extern "C"` functions and
//! `#[no_mangle]` symbols, all named `aotcompat_*`.
//!
//! Every entry point is thin: it checks its arguments and runs the core
//! inside the panic boundary of [`boundary`]. One engine handle and one
//! builder serve every profile (the wasmtime ones and "generic"), so no
//! function exists twice for two kinds of engine. Types keep the name they have
//! in C (`aotcompat_engine`, ...), which is why this module allows
//! non-camel-case names. build.rs runs cbindgen over this directory only to
//! produce `include/aotcompat.h`, in the order of the modules below, so every
//! doc comment on an exported item here is C documentation: it states
//! ownership and thread safety.
#![allow(non_camel_case_types)]

#[macro_use]
mod boundary;
mod handle;
mod strings;

// The C API proper. cbindgen emits functions in this order, so it is the
// header's reading order; blank lines keep rustfmt from sorting it.

// Versions, status codes and the error object.
mod version;

mod status;

mod error;

// The built-in profiles.
mod profile;

// Detecting artifacts; describing engines of every profile (builder,
// rules, probe).
mod detect;

mod engine;

mod builder;

mod rules;

mod probe;

// Checking, and the report.
mod check;

mod report;

// Compatibility keys.
mod key;

// Writing artifacts, and the byte buffer they come in.
mod artifact;

mod bytes;

// Integrity digests.
mod digest;

// Inspecting metadata.
mod metadata;

// The code registry.
mod registry;

// The panic boundary's self-test.
mod testing;
