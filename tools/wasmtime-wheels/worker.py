"""Runs inside one wheel's environment (PYTHONPATH = the wheel's scratch
install) and does one job, read as JSON from stdin, answering JSON on stdout.

A configuration wasmtime rejects aborts the whole process (the C API's
`wasm_engine_new_with_config` unwraps `Engine::new`), so the generator runs
one worker per engine and treats a dead worker as "config rejected".

Jobs:
  {"job": "info", "symbols": [NAME, ...]}
      the wheel's Python `Config` properties, which of the C symbols NAME the
      bundled library exports, whether `wasmtime.component` exists.
  {"job": "compile", "config": OPS, "kind": "module"|"component", "wat": TEXT, "out": PATH}
      compiles TEXT with an engine built from OPS and writes `serialize()`.
  {"job": "load", "config": OPS, "wat": TEXT|null, "host_out": PATH|null,
   "loads": [[PATH, "module"|"component"], ...]}
      builds one engine from OPS, optionally writes its own artifact of TEXT
      (the host file), then deserializes every PATH as the given kind and
      answers [[ok, debug_text_or_null], ...] in order.

OPS is a list of settings applied to a fresh `Config`, in order:
  ["prop", name, value]      the Python property `Config.name = value`
  ["c", symbol, value...]    the C function `symbol(config, value...)`
                             (bool, int as uint64, {"u8": n}, str as a C string)
"""

import ctypes
import json
import os
import sys

import wasmtime
from wasmtime import Config, Engine, Module
from wasmtime import _ffi as ffi

# C setters that return a `wasmtime_error_t *` instead of nothing.
RETURNS_ERROR = {"wasmtime_config_target_set"}


def config_pointer(config):
    """The `wasm_config_t *` behind a Python Config (the attribute changed in 18)."""
    ptr = config.ptr() if hasattr(config, "ptr") else config._ptr
    return ctypes.cast(ptr, ctypes.c_void_p)


def c_argument(value):
    if isinstance(value, bool):
        return ctypes.c_bool(value)
    if isinstance(value, int):
        return ctypes.c_uint64(value)
    if isinstance(value, str):
        return ctypes.c_char_p(value.encode())
    if isinstance(value, dict) and set(value) == {"u8"}:
        return ctypes.c_uint8(value["u8"])
    raise TypeError(f"cannot pass {value!r} to C")


def error_text(error_ptr):
    """The message of a `wasmtime_error_t *`, as Python's WasmtimeError would give it."""
    message = ffi.wasm_byte_vec_t()
    ffi.dll.wasmtime_error_message(ctypes.c_void_p(error_ptr), ctypes.byref(message))
    text = ffi.to_str(message)
    ffi.dll.wasm_byte_vec_delete(ctypes.byref(message))
    return text


def call_setter(config, symbol, values):
    function = getattr(ffi.dll, symbol)
    function.argtypes = [ctypes.c_void_p] + [type(c_argument(v)) for v in values]
    function.restype = ctypes.c_void_p if symbol in RETURNS_ERROR else None
    error = function(config_pointer(config), *[c_argument(v) for v in values])
    if error:
        raise RuntimeError(f"{symbol}{tuple(values)}: {error_text(error)}")


def make_config(ops):
    config = Config()
    for op in ops:
        if op[0] == "prop":
            setattr(config, op[1], op[2])
        elif op[0] == "c":
            call_setter(config, op[1], op[2:])
        else:
            raise ValueError(f"unknown setting {op!r}")
    return config


def component_class():
    from wasmtime.component import Component
    return Component


def compile_artifact(engine, kind, wat):
    cls = Module if kind == "module" else component_class()
    return bytes(cls(engine, wat).serialize())


def load(engine, path, kind):
    """(ok, anyhow `{:?}` text or None) of deserializing the file at `path`."""
    cls = Module if kind == "module" else component_class()
    with open(path, "rb") as f:
        data = f.read()
    try:
        cls.deserialize(engine, data)
        return [True, None]
    except Exception as e:  # WasmtimeError in every release
        return [False, str(e)]


def info(symbols):
    props = sorted(k for k, v in vars(Config).items() if isinstance(v, property))
    exported = sorted(s for s in symbols if hasattr(ffi.dll, s))
    try:
        component_class()
        component = True
    except ImportError:
        component = False
    return {"props": props, "symbols": exported, "component": component}


def run(request):
    job = request["job"]
    if job == "info":
        return info(request.get("symbols", []))
    engine = Engine(make_config(request["config"]))
    if job == "compile":
        data = compile_artifact(engine, request["kind"], request["wat"])
        with open(request["out"], "wb") as f:
            f.write(data)
        return {"size": len(data)}
    if job == "load":
        if request.get("host_out"):
            with open(request["host_out"], "wb") as f:
                f.write(compile_artifact(engine, "module", request["wat"]))
        return {"results": [load(engine, path, kind) for path, kind in request["loads"]]}
    raise ValueError(f"unknown job {job!r}")


def main():
    request = json.load(sys.stdin)
    try:
        answer = {"ok": run(request)}
    except Exception as e:
        # WasmtimeError's text is anyhow's `{:?}`; the generator converts it.
        answer = {"error": str(e), "type": type(e).__name__}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
