//! What makes an artifact weaker than the host engine's own
//! compile: the advice rows of every profile.
//!
//! One table serves every release: a row names a setting by the name the
//! layouts give it, so it is silent where a layout lacks the setting, and
//! the check's own tables decide where it may speak (a setting a release
//! compares for equality is a mismatch there, never advice). A release
//! that changes what counts as weaker gets a table of its own.

use crate::profiles::rules::{AdviceRules, Weaker};

/// Cranelift's optimisation levels: `speed_and_size` is `speed` that also
/// minds code size, so neither is weaker than the other.
static OPT_LEVEL_RANKS: [(&str, u8); 3] = [("none", 0), ("speed", 1), ("speed_and_size", 1)];

static SHARED_FLAGS: [Weaker; 2] = [
    Weaker::Ranked {
        field: "opt_level",
        ranks: &OPT_LEVEL_RANKS,
        why: "its code is not optimized as the host engine would optimize it",
    },
    Weaker::OffWhereHostOn {
        field: "enable_alias_analysis",
        why: "its code was optimized without alias analysis",
    },
];

static TUNABLES: [Weaker; 8] = [
    Weaker::OnWhereHostOff {
        field: "generate_native_debuginfo",
        why: "it carries native debug information the host engine would not produce",
    },
    Weaker::OnWhereHostOff {
        field: "debug_native",
        why: "it carries native debug information the host engine would not produce",
    },
    Weaker::OnWhereHostOff {
        field: "debug_guest",
        why: "its code is instrumented for guest debugging, which the host engine would not do",
    },
    Weaker::OnWhereHostOff {
        field: "parse_wasm_debuginfo",
        why: "it keeps WebAssembly debug information the host engine would not keep",
    },
    Weaker::OnWhereHostOff {
        field: "generate_address_map",
        why: "it carries address maps the host engine would not produce",
    },
    Weaker::OnWhereHostOff {
        field: "consume_fuel",
        why: "its code counts fuel, which the host engine does not need",
    },
    Weaker::OnWhereHostOff {
        field: "epoch_interruption",
        why: "its code checks epochs, which the host engine does not need",
    },
    Weaker::OnWhereHostOff {
        field: "metadata_for_internal_asserts",
        why: "it carries metadata for internal assertions the host engine would not produce",
    },
];

/// The advice of every profile, wasmtime's and the generic one (whose
/// settings are named by the engine that writes them; rows whose names it
/// does not use stay silent).
pub static ADVICE_V1: AdviceRules = AdviceRules {
    unused_isa_flags: Some("its code leaves this CPU feature unused"),
    shared_flags: &SHARED_FLAGS,
    tunables: &TUNABLES,
};
