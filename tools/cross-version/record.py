#!/usr/bin/env python3
"""Records which wasmtime release loads which release's artifact.

Installs the PyPI `wasmtime` wheels of 31.0.0, 44.0.0 and 50.0.1 (each
carries the real libwasmtime of its release) into a scratch directory,
has each one's default engine load the `default-module` artifact of every
fixture directory (tests/fixtures/wasmtime-<major>), and writes what it
said to tests/fixtures/cross-version.json. Each load runs in a child
process, so one release's library never meets another's.

Usage (from the repository root): python3 tools/cross-version/record.py
Needs network access to PyPI and about 25 MB of disk.
"""

import json
import os
import subprocess
import sys
import tempfile

RELEASES = ["31.0.0", "44.0.0", "50.0.1"]
FIXTURES = ["wasmtime-31", "wasmtime-44", "wasmtime-50"]
ARTIFACT = "artifacts/default-module.cwasm"

CHILD = r"""
import json, os, sys
from wasmtime import Config, Engine, Module
engine = Engine(Config())
out = []
for path in sys.argv[1:]:
    try:
        Module.deserialize(engine, open(path, "rb").read())
        out.append(None)
    except Exception as e:
        # The error's text is anyhow's `{:?}`: the message, then any causes.
        out.append(str(e).split("\n\nCaused by:")[0])
print(json.dumps(out))
"""


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    fixtures = os.path.join(root, "tests", "fixtures")
    paths = [os.path.join(fixtures, d, ARTIFACT) for d in FIXTURES]
    records = []
    with tempfile.TemporaryDirectory() as scratch:
        for release in RELEASES:
            target = os.path.join(scratch, release)
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                 "--target", target, f"wasmtime=={release}"],
                check=True,
            )
            env = dict(os.environ, PYTHONPATH=target, RUST_BACKTRACE="0", RUST_LIB_BACKTRACE="0")
            out = subprocess.run([sys.executable, "-c", CHILD, *paths], env=env,
                                 check=True, capture_output=True, text=True)
            for fixture, message in zip(FIXTURES, json.loads(out.stdout)):
                records.append({
                    "loader": release,
                    "artifact": f"{fixture}/{ARTIFACT}",
                    "ok": message is None,
                    "message": message,
                })
    text = "[\n" + ",\n".join("  " + json.dumps(r) for r in records) + "\n]\n"
    with open(os.path.join(fixtures, "cross-version.json"), "w") as f:
        f.write(text)
    print(text, end="")


if __name__ == "__main__":
    main()
