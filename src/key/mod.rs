//! Stable compatibility keys: short digests an artifact cache can index by.
//!
//! Two keys, both SHA-256 over a preimage whose encoding is fixed here and
//! documented in the README, so a key is the same on every platform, run
//! and build (all integers are little-endian, whatever the host).
//!
//! - The **load key** covers what the load check compares: equal load keys
//!   mean each engine loads the other's artifacts (on machines that pass
//!   each engine's native host check). It also covers the CPU features the
//!   engine compiles for (its enabled ISA flags), which are what its
//!   artifacts demand of the loading machine, so a cache indexed by it never
//!   mixes artifacts that need different CPUs. The probe describes a
//!   machine, not an engine, and is not part of the key. Settings the check
//!   ignores (opt_level, memory_reservation_for_growth,
//!   generate_address_map, ...) do not change it.
//! - The **identity key** covers everything the compiler was given: the
//!   profile and the whole engine section (version string and encoded
//!   metadata), like wasmtime's `precompile_compatibility_hash`.
//!
//! Preimage primitives: `u8` and `bool` one byte; `u64` eight bytes LE; a
//! string is its byte length as `u32` LE then its UTF-8 bytes; a list is its
//! length as `u32` LE then its items; a flag value is a tag byte (0 enum,
//! 1 number, 2 bool) then a string, a byte or a bool byte.

mod preimage;

use crate::model::Engine;
use sha2::{Digest, Sha256};

pub use preimage::{identity_key_preimage, load_key_preimage};

/// The load key of `engine`.
pub fn load_key(engine: &Engine) -> [u8; 32] {
    Sha256::digest(load_key_preimage(engine)).into()
}

/// The identity key of `engine`.
pub fn identity_key(engine: &Engine) -> [u8; 32] {
    Sha256::digest(identity_key_preimage(engine)).into()
}

/// Lowercase hex, as the command prints keys.
pub fn to_hex(key: &[u8; 32]) -> String {
    crate::model::hex(key)
}
