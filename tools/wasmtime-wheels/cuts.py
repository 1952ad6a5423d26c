"""What a wasmtime 0.26 to 0.29 wheel says about every prefix of a real
artifact, and about it with bytes appended: the verdicts that pin down where
the one bincode value of those releases ends and what wasmtime says when it
is cut short.

    python3 tools/wasmtime-wheels/cuts.py [--scratch DIR] [legacy-0.26 ...]

For each fixture directory (default: legacy-0.26 to legacy-0.29) it installs
the directory's wheel, compiles `rich-module.cwasm` into the directory (a
module with what the fixtures' modules lack: imports, data and element
segments, passive ones, globals of every type, traps of several kinds,
externref stack maps; reference types and SIMD on), then in a worker loads,
with a default engine:

- every prefix of `artifacts/default-module.cwasm`,
  `artifacts/debug-info-module.cwasm` and `rich-module.cwasm`, and
- each of them with 1, 2 and 100 bytes appended, and with its version string
  edited and the last byte cut (which check comes first).

Decode failures do not depend on the engine, so the verdicts of cut files
are the same on every host. It writes `cuts.json` into the directory: per
artifact, runs of consecutive cut offsets with one message
(`[first, last, index into messages]`), and the other variants' messages. Nothing here
is part of `cargo test`; `tests/legacy_cuts.rs` replays the file.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import errors  # noqa: E402
import wheels  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "..", "tests", "fixtures")
DIRS = ["legacy-0.26", "legacy-0.27", "legacy-0.28", "legacy-0.29"]
ARTIFACTS = {
    "default-module": "artifacts/default-module.cwasm",
    "debug-info-module": "artifacts/debug-info-module.cwasm",
    "rich-module": "rich-module.cwasm",
}

RICH_WAT = r"""(module
  (type $bin (func (param i32 i32) (result i32)))
  (import "env" "f" (func $imp (param i64) (result f64)))
  (import "env" "r" (func $r (param externref) (result externref)))
  (import "env" "g" (global $ig i32))
  (import "env" "m" (memory 1 2))
  (table $t 4 funcref)
  (table $x 1 externref)
  (global $a (mut i64) (i64.const -5))
  (global $b f32 (f32.const 1.5))
  (global $c f64 (f64.const -2.25))
  (global $d (mut i32) (global.get $ig))
  (global $e funcref (ref.func $add))
  (global $n (mut externref) (ref.null extern))
  (global $v v128 (v128.const i32x4 1 2 3 4))
  (func $add (export "add") (type $bin) local.get 0 local.get 1 i32.div_s)
  (func (export "call") (param i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 call_indirect $t (type $bin))
  (func (export "load") (param i32) (result i32) local.get 0 i32.load offset=4)
  (func (export "u") unreachable)
  (func (export "keep") (param externref) (result externref)
    local.get 0 call $r drop local.get 0 call $r)
  (func (export "fl") (param f64) (result i64) local.get 0 i64.trunc_f64_s)
  (data (i32.const 8) "hello")
  (data $p "passive data")
  (elem (i32.const 0) $add $add)
  (elem $pe func $add)
  (elem declare func $add))"""

COMPILE = r"""
import sys
from wasmtime import Config, Engine, Module
config = Config()
for prop in ("wasm_reference_types", "wasm_simd", "wasm_bulk_memory"):
    setattr(config, prop, True)
with open(sys.argv[1], "wb") as f:
    f.write(Module(Engine(config), sys.stdin.read()).serialize())
"""

WORKER = r"""
import json, sys
from wasmtime import Engine, Module
engine = Engine()
out = []
for path in json.load(sys.stdin):
    with open(path, "rb") as f:
        data = f.read()
    try:
        Module.deserialize(engine, data)
        out.append(None)
    except Exception as e:
        out.append(str(e))
json.dump(out, sys.stdout)
"""


def load_all(target, paths):
    """The worker's answers (None for a load that succeeded)."""
    proc = subprocess.run(
        [sys.executable, "-c", WORKER], input=json.dumps(paths), capture_output=True,
        text=True, env=dict(os.environ, PYTHONPATH=target), check=True,
    )
    return [None if m is None else errors.alternate(m) for m in json.loads(proc.stdout)]


def runs(messages):
    """[[first, last, message], ...] over consecutive equal messages."""
    out = []
    for i, m in enumerate(messages):
        if out and out[-1][2] == m and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i, m])
    return out


def one(directory, scratch):
    manifest = json.load(open(os.path.join(FIXTURES, directory, "manifest.json")))
    version = manifest["wasmtime_version"]
    target = wheels.install(version, scratch)
    result = {"wasmtime_version": version, "artifacts": {}}
    subprocess.run(
        [sys.executable, "-c", COMPILE, os.path.join(FIXTURES, directory, ARTIFACTS["rich-module"])],
        input=RICH_WAT, text=True, env=dict(os.environ, PYTHONPATH=target), check=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, file in ARTIFACTS.items():
            data = open(os.path.join(FIXTURES, directory, file), "rb").read()
            paths = []
            for cut in range(len(data)):
                path = os.path.join(tmp, f"{name}-cut-{cut}")
                open(path, "wb").write(data[:cut])
                paths.append(path)
            variants = {
                "appended-1": data + b"\0",
                "appended-2": data + b"\x01\x02",
                "appended-100": data + bytes(range(100)),
            }
            # The version string's last character changed, and the value cut
            # short: a version mismatch and a decode failure at once.
            vlen = data[13]
            edited = bytearray(data)
            edited[13 + vlen] ^= 0x01
            variants["version-edited-and-cut"] = bytes(edited[:-1])
            for key, blob in variants.items():
                path = os.path.join(tmp, f"{name}-{key}")
                open(path, "wb").write(blob)
                paths.append(path)
            answers = load_all(target, paths)
            cut_runs = runs(answers[: len(data)])
            messages = sorted({m for _, _, m in cut_runs})
            result["artifacts"][name] = {
                "file": file,
                "size": len(data),
                "messages": messages,
                "cuts": [[a, b, messages.index(m)] for a, b, m in cut_runs],
                "variants": dict(zip(variants, answers[len(data):])),
            }
            print(f"{directory} {name}: {len(data)} cuts, "
                  f"{len(result['artifacts'][name]['cuts'])} runs", file=sys.stderr)
    with open(os.path.join(FIXTURES, directory, "cuts.json"), "w") as f:
        f.write(dumps(result))


def dumps(value, indent=""):
    """JSON with one line per run of cuts (a list of scalars stays on one line)."""
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {dumps(v, inner).lstrip()}" for k, v in value.items()]
        return indent + "{\n" + ",\n".join(items) + "\n" + indent + "}" + ("\n" if not indent else "")
    if isinstance(value, list) and any(isinstance(v, (list, dict)) for v in value):
        return indent + "[\n" + ",\n".join(dumps(v, inner) for v in value) + "\n" + indent + "]"
    return indent + json.dumps(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", default=DIRS)
    parser.add_argument("--scratch")
    args = parser.parse_args()
    scratch = args.scratch or tempfile.mkdtemp(prefix="wheels-")
    for d in args.dirs:
        one(d, scratch)


if __name__ == "__main__":
    main()
