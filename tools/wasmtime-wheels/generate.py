#!/usr/bin/env python3
"""Real fixtures of every wasmtime release from the PyPI `wasmtime` wheels.

For each release (newest patch of each major 3..50 but 31, 44 and 50, whose
fixtures are crate-made, and of each legacy line 0.26..2.0), installs the
wheel into a scratch directory, compiles the matrix of matrix.py in worker
processes (one engine per process: a configuration wasmtime rejects aborts
its process), derives corrupted inputs, has each host engine load every
artifact as every kind twice (in two processes; both must agree), and writes
tests/fixtures/wasmtime-<major>/ or tests/fixtures/legacy-<line>/.

Usage (from anywhere):
  python3 tools/wasmtime-wheels/generate.py                 # everything, newest first
  python3 tools/wasmtime-wheels/generate.py 49 48 legacy-0.33   # some releases
Options: --scratch DIR keeps the wheel installs there (default: a temporary
directory, removed at the end); --progress FILE appends a line per batch.
"""

import argparse
import collections
import os
import shutil
import sys
import tempfile

import cpu
import elf
import errors
import manifest
import matrix
import wheels

ROOT = os.path.dirname(os.path.dirname(wheels.HERE))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
CRATE_MADE = {31, 44, 50}  # fixtures made with the wasmtime crate: never touched here
FOREIGN_LOADERS = ["3.0.0", "50.0.1"]  # modern wheels that load every legacy artifact
BATCH = 8

MODULE_WAT = """(module
  (memory (export "memory") 1)
  (table 1 funcref)
  (global $counter (mut i32) (i32.const 0))
  (func $add (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (elem (i32.const 0) $add))"""

COMPONENT_WAT = """(component
  (core module $m
    (func (export "double") (param i32) (result i32)
      local.get 0
      local.get 0
      i32.add))
  (core instance $i (instantiate $m))
  (func (export "double") (param "x" u32) (result u32)
    (canon lift (core func $i "double"))))"""

WAT = {"module": MODULE_WAT, "component": COMPONENT_WAT}


# ---------------------------------------------------------------- releases

class Release:
    """One wheel and the fixture directory it makes."""

    def __init__(self, wheel):
        self.wheel = wheel
        major, minor, _ = wheels.version_key(wheel)
        self.legacy = major < 3
        self.major = major
        self.line = (major, minor)
        self.directory = f"legacy-{major}.{minor}" if self.legacy else f"wasmtime-{major}"

    def __repr__(self):
        return f"{self.directory} ({self.wheel})"


def release_line(version):
    major, minor, _ = wheels.version_key(version)
    if major >= 3:
        return (major,) if major not in CRATE_MADE else None
    return (major, minor) if (major, minor) >= (0, 26) else None


def all_releases(versions):
    """Newest patch of every line, modern newest first, then legacy newest first."""
    newest = wheels.newest_per_line(versions, release_line)
    releases = [Release(v) for v in newest.values()]
    return sorted(releases, key=lambda r: (r.legacy, [-p for p in wheels.version_key(r.wheel)]))


# ---------------------------------------------------------------- the work

class Fixtures:
    """What one release's directory is being filled with."""

    def __init__(self, release, wheel_dir, info):
        self.release = release
        self.wheel_dir = wheel_dir
        self.info = info
        self.kinds = ["module", "component"] if info["component"] else ["module"]
        self.dir = os.path.join(FIXTURES, release.directory)
        self.artifacts = []  # manifest entries, plus "data"
        self.hosts = []
        self.verdicts = []
        self.notes = []

    def path(self, sub, name):
        return os.path.join(self.dir, sub, f"{name}.cwasm")

    def missing(self, ops):
        """What these settings need that this wheel lacks, if anything."""
        for op in ops:
            if op[0] == "prop" and op[1] not in self.info["props"]:
                return f"the Python Config has no `{op[1]}`"
            if op[0] == "c" and op[1] not in self.info["symbols"]:
                return f"the C API has no `{op[1]}`"
        return None

    def compile(self, name, kind, ops, description, keep_duplicate=False):
        """Compiles one artifact; records it, or why it was not produced."""
        lacking = self.missing(ops)
        if lacking:
            self.notes.append(f"not produced: `{name}` ({description}): {lacking}")
            return None
        out = self.path("artifacts", name)
        try:
            wheels.run_worker(self.wheel_dir, {"job": "compile", "config": ops, "kind": kind,
                                               "wat": WAT[kind], "out": out})
        except wheels.WorkerDied as e:
            self.notes.append(f"not produced: `{name}` ({description}): wasmtime rejected the "
                              f"configuration: {e.reason()}")
            return None
        except wheels.WorkerError as e:
            self.notes.append(f"not produced: `{name}` ({description}): {e.type_name} while compiling: "
                              f"{errors.alternate(e.text)}")
            return None
        with open(out, "rb") as f:
            data = f.read()
        twin = next((a["name"] for a in self.artifacts if a["data"] == data), None)
        if twin and not keep_duplicate:
            os.remove(out)
            self.notes.append(f"omitted: `{name}` ({description}): byte-identical to `{twin}` "
                              "(the setting is this release's default)")
            return None
        self.add_artifact(name, description, data, kind)
        return data

    def add_artifact(self, name, description, data, kind=None):
        out = self.path("artifacts", name)
        if not os.path.exists(out):
            with open(out, "wb") as f:
                f.write(data)
        self.artifacts.append({"name": name, "file": f"artifacts/{name}.cwasm",
                               "description": description, "detect": None,
                               "data": data, "kind": kind})

    def load_all(self, host, ops, host_out):
        """Every artifact as every kind on the engine of `ops`, computed twice.

        A load that kills the worker (wasmtime panicked while loading) is no
        verdict: it answers None, and the note says what wasmtime printed."""
        loads = [[os.path.join(self.dir, a["file"]), k] for a in self.artifacts for k in self.kinds]
        request = {"job": "load", "config": ops, "wat": MODULE_WAT, "host_out": host_out,
                   "loads": loads}
        try:
            first = wheels.run_worker(self.wheel_dir, request)["results"]
        except wheels.WorkerDied:
            wheels.run_worker(self.wheel_dir, dict(request, loads=[]))  # the host file alone
            return self.load_one_by_one(host, request)
        second = wheels.run_worker(self.wheel_dir, dict(request, host_out=None))["results"]
        if first != second:
            raise RuntimeError(f"{self.release}: two runs of the same host disagree")
        return first

    def load_one_by_one(self, host, request):
        results = []
        for load in request["loads"]:
            one = dict(request, host_out=None, loads=[load])
            try:
                answers = [wheels.run_worker(self.wheel_dir, one)["results"][0] for _ in range(2)]
            except wheels.WorkerDied as e:
                results.append(None)
                name = os.path.basename(load[0])[:-len(".cwasm")]
                self.notes.append(f"no verdict: wasmtime {self.release.wheel} aborts while loading `{name}` "
                                  f"as a {load[1]} on host `{host}` ({e.reason()})")
                continue
            if answers[0] != answers[1]:
                raise RuntimeError(f"{self.release}: two runs of the same load disagree")
            results.append(answers[0])
        return results

    def add_host(self, name, description, ops):
        lacking = self.missing(ops)
        if lacking:
            self.notes.append(f"no host `{name}` ({description}): {lacking}")
            return
        host_file = self.path("hosts", name)
        try:
            results = self.load_all(name, ops, host_file)
        except wheels.WorkerDied as e:
            self.notes.append(f"no host `{name}` ({description}): {e.reason()}")
            return
        with open(host_file, "rb") as f:
            data = f.read()
        twin = next((h["name"] for h in self.hosts if h["data"] == data), None)
        if twin:
            os.remove(host_file)
            self.notes.append(f"no host `{name}` ({description}): its file is byte-identical to host "
                              f"`{twin}`'s (the setting is this release's default)")
            return
        self.hosts.append({"name": name, "file": f"hosts/{name}.cwasm", "description": description,
                           "gc_support": True, "version_strategy": "wasmtime",
                           "probe": {"yes": cpu.generating_cpu(), "unknown": [],
                                     "unknown_default": False}, "data": data})
        pairs = [(a, k) for a in self.artifacts for k in self.kinds]
        for (artifact, kind), result in zip(pairs, results):
            if result is None:
                continue
            ok, text = result
            self.verdicts.append({"artifact": artifact["name"], "host": name, "kind": kind, "ok": ok,
                                  "message": None if ok else errors.alternate(text)})

    def sorted_verdicts(self):
        """Artifact by artifact, then host, then kind, as the crate-made manifests."""
        a = {x["name"]: i for i, x in enumerate(self.artifacts)}
        h = {x["name"]: i for i, x in enumerate(self.hosts)}
        k = {x: i for i, x in enumerate(self.kinds)}
        return sorted(self.verdicts, key=lambda v: (a[v["artifact"]], h[v["host"]], k[v["kind"]]))


def fresh_directory(path):
    for sub in ("artifacts", "hosts"):
        shutil.rmtree(os.path.join(path, sub), ignore_errors=True)
        os.makedirs(os.path.join(path, sub))
    for name in ("manifest.json", "README.md"):
        if os.path.exists(os.path.join(path, name)):
            os.remove(os.path.join(path, name))


def symbols_used():
    names = set()
    for major in range(3, 51):
        for s in matrix.ARTIFACTS + matrix.HOSTS:
            names.update(op[1] for op in s.config(major) if op[0] == "c")
    for line in [(0, 26), (0, 38), (2, 0)]:
        for s in matrix.legacy_settings(line):
            names.update(op[1] for op in s.config(line) if op[0] == "c")
    return sorted(names)


def open_release(release, scratch):
    wheel_dir = wheels.install(release.wheel, scratch)
    info = wheels.run_worker(wheel_dir, {"job": "info", "symbols": symbols_used()})
    fx = Fixtures(release, wheel_dir, info)
    fresh_directory(fx.dir)
    return fx


# ---------------------------------------------------------------- modern releases

def modern_corruptions(data, version):
    """Corrupted copies of default-module: (name, description, bytes)."""
    section = elf.engine_section(data)
    version_at = section.offset + 2
    yield ("truncated-64", "corrupted: first 64 bytes of default-module (exactly the ELF header)", data[:64])
    yield ("os-abi-sysv", "corrupted: default-module with EI_OSABI 200 -> 0 (System V)",
           elf.with_byte(data, elf.EI_OSABI, 0))
    yield ("e-flags-0", "corrupted: default-module with e_flags 1 -> 0 (neither module nor component)",
           elf.with_u32(data, elf.E_FLAGS, 0))
    yield ("engine-format-byte-1", "corrupted: default-module with the engine section's first (format "
           "version) byte 0 -> 1", elf.with_byte(data, section.offset, 1))
    edited = version[:-1] + "x"
    yield ("version-edited", f"corrupted: default-module with version \"{version}\" -> \"{edited}\"",
           elf.with_last_version_char(data, version_at, version))
    yield ("payload-truncated", "corrupted: default-module with the engine section's sh_size reduced by "
           "10 (the metadata ends 10 bytes early)", elf.with_engine_size(data, section.size - 10))


def generate_modern(release, scratch):
    fx = open_release(release, scratch)
    major = release.major
    for s in (s for s in matrix.ARTIFACTS if s.applies(major)):
        for kind in (k for k in s.kinds if k in fx.kinds):
            fx.compile(f"{s.name}-{kind}", kind, s.config(major), s.describe(major), s.keep_duplicate)
    default = fx.artifacts[0]["data"]
    if fx.artifacts[0]["name"] != "default-module":
        raise RuntimeError(f"{release}: no default-module")
    version = elf.engine_version(default)
    for a in fx.artifacts:
        if elf.engine_version(a["data"]) != version:
            raise RuntimeError(f"{release}: {a['name']} writes another version string")
    for name, description, data in modern_corruptions(default, version):
        fx.add_artifact(name, description, data)
    for s in (s for s in matrix.HOSTS if s.applies(major)):
        fx.add_host(f"x86-64-{s.name}", s.describe(major), s.config(major))
    write(fx, version)
    return fx


# ---------------------------------------------------------------- legacy releases

def legacy_corruptions(data):
    version_at, version = elf.legacy_version_at(data)
    triple_at = data.index(b"x86_64-unknown", version_at)
    edited = version[:-1] + "x"
    yield ("truncated-end", "corrupted: default-module without its last 16 bytes (the end of the "
           "bincode data)", data[:-16])
    yield ("version-edited", f"corrupted: default-module with version \"{version}\" -> \"{edited}\"",
           elf.with_last_version_char(data, version_at, version))
    yield ("metadata-target-edited", "corrupted: default-module with a byte of the bincode metadata "
           "edited: the target triple's first byte 'x' -> 'y' (\"y86_64-unknown-...\")",
           elf.with_byte(data, triple_at, ord("y")))


def generate_legacy(release, scratch):
    fx = open_release(release, scratch)
    settings = matrix.legacy_settings(release.line)
    for s in settings:
        fx.compile(f"{s.name}-module", "module", s.config(release.line), s.description,
                   keep_duplicate=s.name == "default")
    default = fx.artifacts[0]["data"]
    version = elf.legacy_version(default)
    for name, description, data in legacy_corruptions(default):
        fx.add_artifact(name, description, data)
    for s in settings:
        if s.name in matrix.LEGACY_HOSTS:
            fx.add_host(f"x86-64-{s.name}", s.description, s.config(release.line))
    foreign = foreign_verdicts(fx, scratch)
    write(fx, version, foreign)
    return fx


def foreign_verdicts(fx, scratch):
    """What the default engines of modern wheels say about each legacy artifact."""
    out = []
    for loader in FOREIGN_LOADERS:
        wheel_dir = wheels.install(loader, scratch)
        loads = [[os.path.join(fx.dir, a["file"]), "module"] for a in fx.artifacts]
        results = wheels.run_worker(wheel_dir, {"job": "load", "config": [], "wat": None,
                                                "loads": loads})["results"]
        for a, (ok, text) in zip(fx.artifacts, results):
            out.append({"loader": loader, "artifact": a["name"], "ok": ok,
                        "message": None if ok else errors.alternate(text)})
    return out


# ---------------------------------------------------------------- output

def write(fx, version, foreign=None):
    top = [("wasmtime_version", fx.release.wheel), ("version_string", version),
           ("generating_cpu", cpu.generating_cpu()), ("source", f"PyPI wheel wasmtime=={fx.release.wheel}")]
    artifacts = [{k: a[k] for k in ("name", "file", "description", "detect")} for a in fx.artifacts]
    hosts = [{k: v for k, v in h.items() if k != "data"} for h in fx.hosts]
    lists = [("artifacts", artifacts), ("hosts", hosts), ("verdicts", fx.sorted_verdicts())]
    if foreign is not None:
        lists.append(("foreign_verdicts", foreign))
    with open(os.path.join(fx.dir, "manifest.json"), "w") as f:
        f.write(manifest.render(top, lists))
    with open(os.path.join(fx.dir, "README.md"), "w") as f:
        f.write(readme(fx, version, foreign))


def legacy_layout(data):
    if data.startswith(elf.LEGACY_MARK):
        return ("the file starts with `\\0wasmtime-aot`, a u8-length version string and bincode with "
                "varint lengths, the ELF image embedded in it (0.26 to 0.29); the shared flags come "
                "from a HashMap, so their order differs on every run: the artifact bytes are not "
                "reproducible, the verdicts are")
    return ("the ELF image, then the `\\0wasmtime-aot` trailer: a u8-length version string and "
            "bincode with fixed-size (u64) lengths (0.30 to 2.0)")


def directory_size(path):
    return sum(os.path.getsize(os.path.join(d, n)) for d, _, files in os.walk(path) for n in files)


def counts(fx):
    ok = sum(v["ok"] for v in fx.verdicts)
    return len(fx.artifacts), len(fx.hosts), len(fx.verdicts), ok


def readme(fx, version, foreign):
    r = fx.release
    n_art, n_host, n_verd, ok = counts(fx)
    messages = collections.Counter(v["message"] for v in fx.verdicts if not v["ok"])
    lines = [
        f"# wasmtime {r.wheel} fixtures (PyPI wheel)",
        "",
        f"Generated by `tools/wasmtime-wheels/generate.py {r.directory}` from the PyPI wheel "
        f"`wasmtime=={r.wheel}` (its bundled libwasmtime). Do not edit by hand; regenerate. "
        "`tools/wasmtime-wheels/README.md` describes the fields, the matrix and the inputs.",
        "",
        f"- version string written in the artifacts: `{version}`",
        f"- kinds: {', '.join(fx.kinds)}",
        f"- {n_art} artifacts, {n_host} hosts, {n_verd} verdicts: {ok} ok, {n_verd - ok} failed",
        "- `detect` is null: no wheel exposes `detect_precompiled` (neither its Python API nor its C API)",
        "- every host's probe is the generating machine's CPU (`generating_cpu`): the wheels' "
        "engines probe the CPU they run on",
    ]
    if not r.legacy and r.major < 13:
        lines.append("- no `wasmtime_config_target_set` in this wheel: every artifact and host "
                     "carries the ISA flags detected on the generating CPU (machine dependent)")
    if r.legacy:
        lines.append("- no target setter before 13: every artifact and host carries the ISA flags "
                     "detected on the generating CPU (machine dependent)")
        lines.append(f"- layout: {legacy_layout(fx.artifacts[0]['data'])}")
    lines += ["", "## Hosts", ""]
    lines += [f"- `{h['name']}`: {h['description']}" for h in fx.hosts]
    lines += ["", "## Messages (failed verdicts)", "", "| count | message |", "|---|---|"]
    lines += [f"| {n} | `{m}` |".replace("\n", "\\n") for m, n in sorted(messages.items(), key=lambda x: x[0])]
    if foreign:
        lines += ["", "## Foreign verdicts (modern wheels' default engines)", ""]
        lines += [f"- {v['loader']} loading `{v['artifact']}`: "
                  + ("ok" if v["ok"] else f"`{v['message']}`".replace("\n", "\\n")) for v in foreign]
    if fx.notes:
        lines += ["", "## Not produced / notes", ""] + [f"- {n}" for n in fx.notes]
    return "\n".join(lines) + "\n"


def progress_line(fx):
    n_art, n_host, n_verd, ok = counts(fx)
    size = directory_size(fx.dir)
    return (f"{fx.release.directory} (wheel {fx.release.wheel}): {n_art} artifacts, {n_host} hosts, "
            f"{n_verd} verdicts ({ok} ok, {n_verd - ok} failed), {size // 1024} KiB")


# ---------------------------------------------------------------- main

def select(releases, wanted):
    if not wanted:
        return releases
    names = {w if w.startswith(("wasmtime-", "legacy-")) else f"wasmtime-{w}" for w in wanted}
    chosen = [r for r in releases if r.directory in names]
    unknown = names - {r.directory for r in chosen}
    if unknown:
        sys.exit(f"no wheel for {sorted(unknown)} (26.x and the crate-made 31, 44, 50 are not made here)")
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="*", help="e.g. 49 wasmtime-48 legacy-0.33 (default: all)")
    parser.add_argument("--scratch", help="install wheels here and keep them (default: a temporary directory)")
    parser.add_argument("--progress", help="append a line per batch of releases to this file")
    args = parser.parse_args()
    releases = select(all_releases(wheels.index_versions()), args.releases)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = args.scratch or tmp
        batch = []
        for i, release in enumerate(releases):
            fx = generate_legacy(release, scratch) if release.legacy else generate_modern(release, scratch)
            if not args.scratch and release.wheel not in FOREIGN_LOADERS:
                shutil.rmtree(fx.wheel_dir)  # about 25 MB each
            line = progress_line(fx)
            print(line, flush=True)
            batch.append(line)
            if args.progress and (len(batch) == BATCH or i == len(releases) - 1):
                with open(args.progress, "a") as f:
                    f.write("".join(l + "\n" for l in batch))
                batch = []


if __name__ == "__main__":
    main()
