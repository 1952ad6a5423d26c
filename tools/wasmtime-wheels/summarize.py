#!/usr/bin/env python3
"""Summarizes the wheel-made fixtures: counts per release, and every distinct
message shape with the releases that print it (as ranges), so a table writer
sees every message to reproduce.

A message's shape is its text with the release's own edited version string
(the `version-edited` corruption) replaced by `{edited}`.

Usage: python3 tools/wasmtime-wheels/summarize.py [--markdown]
"""

import argparse
import collections
import json
import os

import wheels

ROOT = os.path.dirname(os.path.dirname(wheels.HERE))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def wheel_manifests():
    """(sort key, directory, manifest) of every wheel-made fixture directory."""
    out = []
    for name in os.listdir(FIXTURES):
        path = os.path.join(FIXTURES, name, "manifest.json")
        if not os.path.isfile(path):
            continue
        with open(path) as f:
            m = json.load(f)
        if m.get("source", "").startswith("PyPI wheel"):
            out.append((wheels.version_key(m["wasmtime_version"]), name, m))
    return sorted(out)


def shape(message, manifest):
    edited = manifest["version_string"][:-1] + "x"
    return message.replace(f"'{edited}'", "'{edited}'")


def first_last(names):
    order = [n for _, n, _ in wheel_manifests()]
    at = [order.index(n) for n in names]
    return min(at), max(at)


def ranges(names):
    """Consecutive runs of the ordered directory list, as 'a..b'."""
    order = [n for _, n, _ in wheel_manifests()]
    runs, current = [], []
    for n in order:
        if n in names:
            current.append(n)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    short = lambda n: n.replace("wasmtime-", "").replace("legacy-", "L")
    return ", ".join(short(r[0]) if len(r) == 1 else f"{short(r[0])}..{short(r[-1])}" for r in runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    seen = collections.defaultdict(set)
    foreign = collections.defaultdict(set)
    print("| fixtures | wheel | version string | artifacts | hosts | verdicts | ok | failed |")
    print("|---|---|---|---|---|---|---|---|")
    for _, name, m in wheel_manifests():
        ok = sum(v["ok"] for v in m["verdicts"])
        print(f"| {name} | {m['wasmtime_version']} | `{m['version_string']}` | {len(m['artifacts'])} | "
              f"{len(m['hosts'])} | {len(m['verdicts'])} | {ok} | {len(m['verdicts']) - ok} |")
        for v in m["verdicts"]:
            if not v["ok"]:
                seen[shape(v["message"], m)].add(name)
        for v in m.get("foreign_verdicts", []):
            foreign[(v["loader"], v["message"])].add(name)
    print("\nReleases are wheel-made fixture directories in order (L = legacy); 26 has no wheel and "
          "31, 44, 50 are crate-made, so '25..27' or '30..32' are runs.")
    print("\n| releases | message |\n|---|---|")
    for message, names in sorted(seen.items(), key=lambda x: (first_last(x[1]), x[0])):
        print(f"| {ranges(names)} | `{message}` |".replace("\n", "\\n"))
    if foreign:
        print("\n| legacy fixtures | loader | message |\n|---|---|---|")
        for (loader, message), names in sorted(foreign.items()):
            print(f"| {ranges(names)} | {loader} | `{message}` |")


if __name__ == "__main__":
    main()
