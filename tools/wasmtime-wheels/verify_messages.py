#!/usr/bin/env python3
"""Checks the `{:?}` -> `{:#}` conversion (errors.py) against messages whose
`{:#}` form is known: the crate-made fixtures of 31, 44 and 50 recorded
`format!("{:#}", err)` for every verdict. The wheel of the same release (a
default, natively probing engine) loads every artifact of that directory,
and each converted message must equal the one the crate-made manifest
recorded for that artifact and kind on its host `x86-64-avx512` (default
config, probe: the common x86 features and avx512f/dq/vl/bitalg/vbmi).

Verdicts the two engines may legitimately disagree on are reported but not
counted: the wheel's engine is native (its ISA probe is this machine's
CPU), the crate's host had a fixed probe.

Usage: python3 tools/wasmtime-wheels/verify_messages.py [--scratch DIR]
Exit status 1 if a converted message differs from the recorded one while
both sides failed.
"""

import argparse
import json
import os
import sys
import tempfile

import errors
import wheels

ROOT = os.path.dirname(os.path.dirname(wheels.HERE))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
RELEASES = {"wasmtime-31": "31.0.0", "wasmtime-44": "44.0.0", "wasmtime-50": "50.0.1"}
# The wheels' C API is built without some default features of the crate:
# the 44 and 50 wheels have no concurrency support compiled in (asking for it
# aborts: "concurrency support was requested but was not compiled into this
# build of Wasmtime"), and the 50 wheel's default collector is deferred
# reference-counting where the crate's is copying. The crate's hosts had both
# on, so verdicts that turn on these two settings are set apart, not compared.
DEFAULTS_DIFFER = ("collector", "concurrency support")
HOST = "x86-64-avx512"


def read_manifest(directory):
    with open(os.path.join(FIXTURES, directory, "manifest.json")) as f:
        return json.load(f)


def check(directory, version, scratch):
    manifest = read_manifest(directory)
    wheel = wheels.install(version, scratch)
    info = wheels.run_worker(wheel, {"job": "info"})
    kinds = ["module", "component"] if info["component"] else ["module"]
    expected = {(v["artifact"], v["kind"]): v for v in manifest["verdicts"] if v["host"] == HOST}
    loads = [[os.path.join(FIXTURES, directory, a["file"]), k, a["name"]]
             for a in manifest["artifacts"] for k in kinds if (a["name"], k) in expected]
    results = wheels.run_worker(wheel, {"job": "load", "config": [], "wat": None,
                                        "loads": [l[:2] for l in loads]})["results"]
    same = differ = other = multi = 0
    for (_, kind, name), (ok, text) in zip(loads, results):
        want = expected[(name, kind)]
        got = None if ok else errors.alternate(text)
        if ok == want["ok"] and got == want["message"]:
            same += 1
            multi += int(text is not None and "Caused by" in text)
        elif any(d in f"{got} {want['message']}" for d in DEFAULTS_DIFFER):
            other += 1
        elif not ok and not want["ok"]:
            differ += 1
            print(f"  DIFFERENT {directory} {name} {kind}:\n    crate {want['message']!r}\n"
                  f"    wheel {got!r}\n    raw   {text!r}")
        else:
            other += 1
            print(f"  outcome differs (probe/build) {directory} {name} {kind}: "
                  f"crate ok={want['ok']} {want['message']!r}; wheel ok={ok} {got!r}")
    print(f"{directory} with wheel {version}: {same} identical ({multi} of them with causes), "
          f"{differ} different messages, {other} different outcomes")
    return differ


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scratch", help="where wheels are installed (default: a temporary directory)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = args.scratch or tmp
        bad = sum(check(d, v, scratch) for d, v in RELEASES.items())
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
