"""What each release's fixtures hold: the settings of its artifacts and
hosts, one table each, with the release range (majors) each row applies to.

A row's `ops(major)` are the worker's settings (see worker.py): Python
`Config` properties that every wheel of the range has, and C setters of the
bundled libwasmtime for the rest. Which wheel has which (read with the
worker's `info` job from every wheel 0.26.0 to 50.0.1):

  target_set, cranelift_flag_set/_enable          C, 13+
  static_memory_maximum_size_set                   C, up to 27
  static_/dynamic_memory_guard_size_set            C, up to 25 (no 26 wheel)
  memory_guard_size_set                            C, 27+
  memory_reservation_set, memory_may_move_set      C, 28+
  memory_init_cow_set                              C, 15+
  wasm_relaxed_simd(_deterministic)                Python, 9+
  wasm_tail_call                                   Python, 18+
  wasm_gc_set, wasm_function_references_set        C, 20+
  wasm_component_model_set                         C, 33+
  gc_support_set, concurrency_support_set          C, 43+
  cranelift_nan_canonicalization_set               C, 0.38+
  epoch_interruption                               Python, 0.36+ (interruptable before)
  wasmtime.component (components)                  Python, 39+
  strategy_set(2) = Winch                          C, 45+ (the enum value in the headers)

Never producible through a wheel, so not in the table: an artifact with a
cranelift setting the generating machine cannot run (an ISA flag its CPU
lacks, `enable_llvm_abi_extensions`) or for another target (even
x86_64-unknown-linux-musl): the Python and C APIs compile only through
`Module::new`, which refuses them ("compilation settings are not compatible
with the native host", 13 to 49); an unknown flag (`has_avx9`) aborts
`Engine::new` ("No existing setting named 'has_avx9'").
"""

from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

TRIPLE = "x86_64-unknown-linux-gnu"
MUSL = "x86_64-unknown-linux-musl"
MIB = 1 << 20


def prop(name, value):
    return ["prop", name, value]


def c(symbol, *values):
    return ["c", f"wasmtime_config_{symbol}", *values]


def explicit_target(major):
    """An explicit host triple (baseline ISA flags, machine independent), 13+."""
    return [c("target_set", TRIPLE)] if major >= 13 else []


def simd_off(major):
    ops = [prop("wasm_simd", False)]
    if major >= 9:  # relaxed SIMD requires SIMD
        ops.insert(0, prop("wasm_relaxed_simd", False))
    return ops


def reference_types_off(major):
    ops = [prop("wasm_reference_types", False)]
    if major >= 20:  # function references and GC require reference types
        ops = [c("wasm_gc_set", False), c("wasm_function_references_set", False)] + ops
    if major >= 45:  # so does the component model's async support, on by default
        ops = [c("wasm_component_model_async_set", False)] + ops
    return ops


def bulk_memory_off(major):
    ops = reference_types_off(major) + [prop("wasm_bulk_memory", False)]
    if 15 <= major <= 27:  # "feature 'threads' requires 'bulk_memory' to be enabled"
        ops.insert(0, prop("wasm_threads", False))
    return ops


def memory_reservation(size):
    """The size reserved for a linear memory (static memory bound before 28)."""
    def ops(major):
        if major >= 28:
            return [c("memory_reservation_set", size)]
        return [c("static_memory_maximum_size_set", size)]
    return ops


def memory_guard(size):
    """The guard size after a linear memory (static and dynamic before 27)."""
    def ops(major):
        if major >= 27:
            return [c("memory_guard_size_set", size)]
        return [c("static_memory_guard_size_set", size), c("dynamic_memory_guard_size_set", size)]
    return ops


def const(*ops):
    return lambda major: list(ops)


@dataclass
class Setting:
    name: str
    description: str
    ops: Callable[[int], list]
    since: int = 3
    until: int = 50
    kinds: Tuple[str, ...] = ("module",)
    target: bool = True  # prefix the explicit target (13+)
    # A setting that is this release's default compiles to the default
    # artifact's bytes; such duplicates are left out (except these).
    keep_duplicate: bool = False
    triple: Optional[str] = None  # another explicit target (13+)

    def applies(self, major):
        return self.since <= major <= self.until

    def describe(self, major):
        """The description, with the target the settings were applied to."""
        if self.triple:
            return self.description
        if not self.target:
            return self.description
        if major >= 13:
            return f"{self.description}; target x86_64-unknown-linux-gnu (baseline ISA flags)"
        return (f"{self.description}; no target setter before 13: ISA flags detected on the generating "
                "CPU (machine dependent, see generating_cpu)")

    def config(self, major):
        ops = explicit_target(major) if self.target else []
        if self.triple:
            ops = [c("target_set", self.triple)]
        return ops + self.ops(major)


MC = ("module", "component")

ARTIFACTS = [
    Setting("default", "Config()", const(), kinds=MC),
    Setting("native-detected", "Config() without a target: ISA flags detected on the generating machine's CPU "
            "(machine dependent! see generating_cpu)", const(), target=False, keep_duplicate=True),
    Setting("simd-off", "wasm_simd(false) (and wasm_relaxed_simd(false) from 9)", simd_off),
    Setting("relaxed-simd-deterministic", "wasm_relaxed_simd_deterministic(true)",
            const(prop("wasm_relaxed_simd_deterministic", True)), since=9),
    Setting("threads-on", "wasm_threads(true)", const(prop("wasm_threads", True))),
    Setting("threads-off", "wasm_threads(false)", const(prop("wasm_threads", False))),
    Setting("reference-types-off", "wasm_reference_types(false) (and wasm_gc/function_references(false) from 20, "
            "wasm_component_model_async(false) from 45)",
            reference_types_off),
    Setting("bulk-memory-off", "wasm_bulk_memory(false) with reference types off (they require bulk memory; "
            "so do threads, on by default, in 15 to 27: threads off there too)", bulk_memory_off),
    Setting("multi-value-off", "wasm_multi_value(false)", const(prop("wasm_multi_value", False))),
    Setting("multi-memory-on", "wasm_multi_memory(true)", const(prop("wasm_multi_memory", True))),
    Setting("memory64-on", "wasm_memory64(true)", const(prop("wasm_memory64", True))),
    Setting("tail-call-on", "wasm_tail_call(true)", const(prop("wasm_tail_call", True)), since=18),
    Setting("tail-call-off", "wasm_tail_call(false)", const(prop("wasm_tail_call", False)), since=18),
    Setting("wasm-gc", "wasm_gc(true) + wasm_function_references(true) (C API)",
            const(c("wasm_function_references_set", True), c("wasm_gc_set", True)), since=20),
    Setting("component-model-off", "wasm_component_model(false) (C API)",
            const(c("wasm_component_model_set", False)), since=33),
    Setting("gc-support-off", "gc_support(false) (C API)", const(c("gc_support_set", False)), since=43),
    Setting("concurrency-support-on", "concurrency_support(true) (C API; the 43 wheel is built without it)",
            const(c("concurrency_support_set", True)), since=43),
    Setting("epoch", "epoch_interruption(true)", const(prop("epoch_interruption", True)), kinds=MC),
    Setting("fuel", "consume_fuel(true)", const(prop("consume_fuel", True))),
    Setting("memory-reservation-256m", "256 MiB reserved per linear memory (memory_reservation from 28, "
            "static_memory_maximum_size before; C API)", memory_reservation(256 * MIB)),
    Setting("memory-guard-0", "no guard region after linear memories (memory_guard_size(0) from 27, "
            "static_ and dynamic_memory_guard_size(0) before; C API)", memory_guard(0)),
    Setting("memory-init-cow-off", "memory_init_cow(false) (C API)", const(c("memory_init_cow_set", False)), since=15),
    Setting("memory-may-move-off", "memory_may_move(false) (C API)", const(c("memory_may_move_set", False)), since=28),
    Setting("debug-info", "debug_info(true)", const(prop("debug_info", True))),
    Setting("opt-none", "cranelift_opt_level('none')", const(prop("cranelift_opt_level", "none"))),
    Setting("winch", "strategy Winch (C API wasmtime_config_strategy_set(2); the Python API knows only "
            "auto and cranelift)", const(c("strategy_set", {"u8": 2})), since=45),
]

HOSTS = [
    Setting("default", "Config()", const()),
    Setting("epoch", "epoch_interruption(true)", const(prop("epoch_interruption", True))),
    Setting("fuel", "consume_fuel(true)", const(prop("consume_fuel", True))),
    Setting("simd-off", "wasm_simd(false) (and wasm_relaxed_simd(false) from 9)", simd_off),
    Setting("reference-types-off", "wasm_reference_types(false) (and wasm_gc/function_references(false) from 20, "
            "wasm_component_model_async(false) from 45)", reference_types_off),
    Setting("memory-reservation-256m", "256 MiB reserved per linear memory (C API)", memory_reservation(256 * MIB)),
    Setting("debug-info", "debug_info(true)", const(prop("debug_info", True))),
    Setting("wasm-gc", "wasm_gc(true) + wasm_function_references(true) (C API)",
            const(c("wasm_function_references_set", True), c("wasm_gc_set", True)), since=20),
]


# The legacy format (0.26 to 2.x). Rows are keyed by release line, (0, 26)
# to (2, 0); every engine detects this CPU (no target setter before 13).
@dataclass
class LegacySetting:
    name: str
    description: str
    ops: list
    since: Tuple[int, int] = (0, 26)
    until: Tuple[int, int] = (2, 0)

    def applies(self, line):
        return self.since <= line <= self.until

    def config(self, line):
        return list(self.ops)


def legacy_interrupt(line):
    """Epoch interruption from 0.36; the older `interruptable` before."""
    if line >= (0, 36):
        return "epoch", "epoch_interruption(true)", [prop("epoch_interruption", True)]
    return "interruptable", "interruptable(true)", [prop("interruptable", True)]


def legacy_settings(line):
    name, description, ops = legacy_interrupt(line)
    rows = [
        LegacySetting("default", "Config() (ISA flags detected on the generating machine's CPU)", []),
        LegacySetting(name, description, ops),
        LegacySetting("fuel", "consume_fuel(true)", [prop("consume_fuel", True)]),
        LegacySetting("simd-off", "wasm_simd(false)", [prop("wasm_simd", False)]),
        LegacySetting("simd-on", "wasm_simd(true)", [prop("wasm_simd", True)]),
        LegacySetting("threads-on", "wasm_threads(true)", [prop("wasm_threads", True)]),
        LegacySetting("multi-value-off", "wasm_multi_value(false)", [prop("wasm_multi_value", False)]),
        LegacySetting("static-memory-256m", "static_memory_maximum_size(256 MiB) (C API)",
                      [c("static_memory_maximum_size_set", 256 * MIB)]),
        LegacySetting("debug-info", "debug_info(true)", [prop("debug_info", True)]),
        LegacySetting("opt-none", "cranelift_opt_level('none') (cranelift's opt_level flag)",
                      [prop("cranelift_opt_level", "none")]),
        LegacySetting("nan-canonicalization", "cranelift_nan_canonicalization(true) (C API)",
                      [c("cranelift_nan_canonicalization_set", True)], since=(0, 38)),
    ]
    return [r for r in rows if r.applies(line)]


LEGACY_HOSTS = ["default", "epoch", "interruptable", "fuel", "simd-off", "simd-on", "opt-none", "debug-info"]
