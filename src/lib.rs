//! libaotcompat: stamp ahead-of-time compiled wasmtime artifacts with the
//! environment that produced them, and decide whether an engine can load them.
#![deny(unsafe_op_in_unsafe_fn)]

pub mod artifact;
pub mod codec;
pub mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod host;
pub mod key;
pub mod model;
pub mod profiles;
pub mod registry;
pub mod rules;

mod ffi;
