//! The tables profiles are made of, one file per kind of table.

pub mod advice;
pub mod checks;
pub mod envelope;
pub mod feature_bits;
pub mod flags;
pub mod legacy;
pub mod legacy_module;
pub mod native;
pub mod shapes;
pub mod writer;
