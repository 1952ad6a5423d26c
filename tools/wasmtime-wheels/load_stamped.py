"""Real wasmtime loads what aotcompat writes and stamps.

For each wasmtime release given (the newest patch wheel of the major, or
an exact version), in a worker process with that wheel on its path:

  real      a module (and, from 39, a component) compiled by the wheel's
            default engine: its artifact R, loaded and run (`add(2, 3)`).
  write     aotcompat_artifact_write with R's engine (read from R) and R's
            sections but the engine's own: loaded and run.
  stamp     R with its engine sections made nameless (so that stamping
            adds new ones), or with their contents zeroed (so that
            stamping replaces them), stamped with R's engine
            (aotcompat_artifact_stamp): loaded and run.
  cli       the same through the command: `aotcompat inspect --json R`,
            then `aotcompat stamp --metadata - --into R' -o S`: loaded and
            run.
  digest    R with an integrity digest added (aotcompat_artifact_add_digest),
            the written and the stamped artifact with one (the
            AOTCOMPAT_WRITE_DIGEST flag), and R through `aotcompat digest
            add`: each verifies (aotcompat_verify) and is loaded and run;
            R with one byte of `.text` changed after the digest does not
            verify.
  cross     R stamped with the metadata of R2, compiled by a second engine
            of the release (fuel or epoch interruption on): the second
            engine loads it; the default engine refuses it with the very
            message aotcompat's check gives, and the second engine refuses
            R itself (the controls).

Every outcome is printed, one line each; the exit code is 1 when any
expectation fails. Outside `cargo test` and CI: it installs wheels from
PyPI (a few seconds each).

    cargo build --release
    python3 tools/wasmtime-wheels/load_stamped.py 31 44 50
    python3 tools/wasmtime-wheels/load_stamped.py --scratch /tmp/wheels 3 9 10 12

Each major's newest patch comes from `pip index versions wasmtime`; pass a
full version (`31.0.0`) to pin one.
"""

import argparse
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

WAT = """(module (func (export "add") (param i32 i32) (result i32)
  local.get 0 local.get 1 i32.add))"""
COMPONENT_WAT = """(component (core module (func (export "f"))))"""
OWN = (b".wasmtime.engine", b".wasmtime.bti")


def elf_sections(data):
    """(name, type, flags, offset, size, align, name_offset, header_at) of
    every section of a little-endian ELF64 file."""
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shnum, shstrndx = struct.unpack_from("<HH", data, 0x3C)
    raw = []
    for i in range(shnum):
        at = shoff + i * 64
        name, kind, flags, _addr, offset, size, _link, _info, align, _ent = struct.unpack_from(
            "<IIQQQQIIQQ", data, at)
        raw.append((name, kind, flags, offset, size, align, at))
    strtab = raw[shstrndx]
    out = []
    for name, kind, flags, offset, size, align, at in raw:
        start = strtab[3] + name
        end = data.index(b"\0", start)
        out.append((data[start:end], kind, flags, offset, size, align, start, at))
    return out


def renamed(data):
    """`data` with the engine's own sections nameless (`sh_name` 0, the
    empty name): aotcompat no longer finds them, so stamping adds new ones,
    and every wasmtime ignores a section without a name (from 43 on, any
    other unknown name is refused: "unexpected section")."""
    out = bytearray(data)
    for name, _, _, _, _, _, _, at in elf_sections(data):
        if name in OWN:
            out[at:at + 4] = b"\0\0\0\0"
    return bytes(out)


def zeroed(data):
    """`data` with the contents of the engine's own sections zeroed, which
    no wasmtime loads ("mismatched version in engine section")."""
    out = bytearray(data)
    for name, _, _, offset, size, _, _, _ in elf_sections(data):
        if name in OWN:
            out[offset:offset + size] = bytes(size)
    return bytes(out)


def code_sections(data):
    """Every section but the null one, the engine's own and the tables the
    writer makes itself, as aotcompat's Python `Engine.write` takes them."""
    sections = []
    for name, kind, flags, offset, size, align, _, _ in elf_sections(data)[1:]:
        if name in OWN or kind != 1:  # SHT_PROGBITS only
            continue
        if flags == 0x6:
            section_kind = "text"
        elif flags == 0x2:
            section_kind = "rodata"
        elif flags == 0x3:
            section_kind = "data"
        else:
            raise ValueError(f"section {name!r}: flags {flags:#x}")
        sections.append((name.decode(), data[offset:offset + size], max(align, 1), section_kind))
    return sections


# ---------------------------------------------------------------- worker


def worker(request):
    """Runs inside the wheel's environment; returns the list of outcomes."""
    import aotcompat
    import wasmtime

    results = []

    def record(case, ok, detail=""):
        results.append({"case": case, "ok": bool(ok), "detail": detail})

    def run(engine, artifact):
        module = wasmtime.Module.deserialize(engine, artifact)
        store = wasmtime.Store(engine)
        instance = wasmtime.Instance(store, module, [])
        return instance.exports(store)["add"](store, 2, 3)

    def attempt(case, fn, expect):
        try:
            value = fn()
            record(case, value == expect, f"{value!r}")
        except Exception as e:  # noqa: BLE001 - the outcome is the report
            record(case, False, f"{type(e).__name__}: {str(e).splitlines()[0]}")

    def refused(case, fn, words=None):
        try:
            fn()
            record(case, False, "loaded")
        except Exception as e:  # noqa: BLE001
            text = str(e)
            record(case, words is None or words in text, text.splitlines()[0])

    cli = request["cli"]
    default = wasmtime.Engine()
    real = wasmtime.Module(default, WAT).serialize()
    ours = aotcompat.Engine.from_artifact(real)
    attempt("real", lambda: run(default, real), 5)
    attempt("write", lambda: run(default, ours.write("module", code_sections(real))), 5)
    attempt("stamp (added)", lambda: run(default, ours.stamp(renamed(real), "module")), 5)
    refused("stamp (replaced): the zeroed artifact is refused",
            lambda: run(default, zeroed(real)))
    attempt("stamp (replaced)", lambda: run(default, ours.stamp(zeroed(real), "module")), 5)

    def through_cli():
        with tempfile.TemporaryDirectory() as tmp:
            paths = {n: os.path.join(tmp, n) for n in ("real", "renamed", "out")}
            with open(paths["real"], "wb") as f:
                f.write(real)
            with open(paths["renamed"], "wb") as f:
                f.write(renamed(real))
            described = subprocess.run([cli, "inspect", "--json", paths["real"]], check=True,
                                       capture_output=True).stdout
            meta = os.path.join(tmp, "meta.json")
            with open(meta, "wb") as f:
                f.write(described)
            subprocess.run([cli, "stamp", "--metadata", meta, "--kind", "module", "--into",
                            paths["renamed"], "-o", paths["out"]], check=True)
            with open(paths["out"], "rb") as f:
                return run(default, f.read())

    attempt("cli", through_cli, 5)

    # Integrity digests: what verifies also loads and runs.
    def digested(case, artifact):
        def go():
            aotcompat.verify(artifact)
            return run(default, artifact)
        attempt(case, go, 5)

    digested("digest: added to R", aotcompat.add_digest(real))
    digested("digest: written", ours.write("module", code_sections(real), digest=True))
    digested("digest: stamped", ours.stamp(renamed(real), "module", digest=True))

    def through_cli_digest():
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "r.cwasm")
            with open(path, "wb") as f:
                f.write(real)
            subprocess.run([cli, "digest", "add", path], check=True)
            subprocess.run([cli, "verify", path], check=True, capture_output=True)
            with open(path, "rb") as f:
                return run(default, f.read())

    attempt("digest: cli digest add", through_cli_digest, 5)

    def changed_text():
        data = bytearray(aotcompat.add_digest(real))
        text = [s for s in elf_sections(bytes(data)) if s[0] == b".text"][0]
        data[text[3]] ^= 0x01
        try:
            aotcompat.verify(bytes(data))
        except aotcompat.AotcompatError as e:
            return str(e).split(" (bytes")[0]
        return "verified"

    attempt("digest: a changed .text byte is named", changed_text,
            f"section {[i for i, s in enumerate(elf_sections(real)) if s[0] == b'.text'][0]} `.text`")

    # A second engine of the release: fuel, else epoch interruption.
    config = wasmtime.Config()
    if hasattr(type(config), "consume_fuel"):
        config.consume_fuel = True
    elif hasattr(type(config), "epoch_interruption"):
        config.epoch_interruption = True
    else:
        record("cross", False, "no second configuration in this wheel")
        return results
    second = wasmtime.Engine(config)
    real2 = wasmtime.Module(second, WAT).serialize()
    cross = aotcompat.Engine.from_artifact(real2).stamp(real, "module")
    attempt("cross: the second engine loads R stamped with its metadata",
            lambda: wasmtime.Module.deserialize(second, cross) is not None, True)
    verdict = ours.check(cross, "module")
    words = verdict.message.split(": ")[-1] if not verdict.compatible else "(compatible?)"
    refused("cross: the default engine refuses it, in aotcompat's words",
            lambda: wasmtime.Module.deserialize(default, cross), words)
    refused("cross: the second engine refuses R itself",
            lambda: wasmtime.Module.deserialize(second, real))

    try:
        import wasmtime.component as component
    except ImportError:  # before 39
        component = None
    if component is not None and hasattr(component, "Component"):
        c_real = component.Component(default, COMPONENT_WAT).serialize()
        c_ours = aotcompat.Engine.from_artifact(c_real)

        def load_component(artifact):
            return component.Component.deserialize(default, artifact) is not None

        attempt("component: real", lambda: load_component(c_real), True)
        attempt("component: stamp",
                lambda: load_component(c_ours.stamp(renamed(c_real), "component")), True)
        attempt("component: write",
                lambda: load_component(c_ours.write("component", code_sections(c_real))), True)
        attempt("component: digest",
                lambda: aotcompat.verify(aotcompat.add_digest(c_real)) is not None
                and load_component(aotcompat.add_digest(c_real)), True)
    return results


# ---------------------------------------------------------------- driver


def newest(major):
    import wheels
    versions = wheels.index_versions()
    line = wheels.newest_per_line(versions, lambda v: v.split(".")[0])
    if major not in line:
        raise SystemExit(f"no wheel of wasmtime {major}")
    return line[major]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("releases", nargs="+", help="majors (31) or versions (31.0.0)")
    parser.add_argument("--scratch", help="keep the wheel installs here")
    parser.add_argument("--lib", default=os.path.join(ROOT, "target/release/libaotcompat.so"))
    parser.add_argument("--cli", default=os.path.join(ROOT, "target/release/aotcompat"))
    args = parser.parse_args()
    import wheels

    scratch = args.scratch or tempfile.mkdtemp(prefix="aotcompat-wheels-")
    failed = 0
    try:
        for release in args.releases:
            version = release if release.count(".") == 2 else newest(release)
            target = wheels.install(version, scratch)
            env = dict(os.environ, **wheels.QUIET_ENV, AOTCOMPAT_LIB=args.lib,
                       PYTHONPATH=os.pathsep.join([target, os.path.join(ROOT, "bindings/python")]))
            proc = subprocess.run([sys.executable, __file__, "--worker"],
                                  input=json.dumps({"cli": args.cli}), env=env,
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"wasmtime {version}: worker died: {proc.stderr.strip()[-400:]}")
                failed += 1
                continue
            for r in json.loads(proc.stdout):
                mark = "ok  " if r["ok"] else "FAIL"
                failed += 0 if r["ok"] else 1
                print(f"{mark} wasmtime {version}: {r['case']}: {r['detail']}")
            if not args.scratch:
                shutil.rmtree(target, ignore_errors=True)
    finally:
        if not args.scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    print("all expectations met" if failed == 0 else f"{failed} expectation(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        print(json.dumps(worker(json.load(sys.stdin))))
    else:
        sys.exit(main())
