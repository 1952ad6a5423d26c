"""Tests of the Python bindings against the real library and real wasmtime
artifacts. Run with pytest, or as a script (plain asserts):

    AOTCOMPAT_LIB=target/release/libaotcompat.so python3 bindings/python/tests/test_aotcompat.py

`cargo test` runs them through tests/python.rs. The wasmtime-py tests
need the PyPI `wasmtime` package and are skipped, saying so, without it.
"""

import gc
import os
import re
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import aotcompat  # noqa: E402
from aotcompat import AotcompatError, Engine, EngineBuilder  # noqa: E402

ROOT = HERE.parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
W31 = FIXTURES / "wasmtime-31"
HOST = W31 / "hosts" / "x86-64-default.cwasm"
BASELINE = "sse3,ssse3,sse4.1,sse4.2,popcnt,avx,avx2,fma,bmi1,bmi2,lzcnt,cmpxchg16b"

SKIPPED = []


def skip(reason):
    try:
        import pytest

        pytest.skip(reason)
    except ImportError:
        SKIPPED.append(reason)
        raise _Skip(reason)


class _Skip(Exception):
    pass


def test_library_and_profiles():
    assert aotcompat.abi_version() == 2
    assert re.fullmatch(r"\d+\.\d+\.\d+", aotcompat.version())
    names = [name for name, _ in aotcompat.profiles()]
    assert {"wasmtime-31", "wasmtime-44", "wasmtime-50", "generic"} <= set(names)


def test_detect_and_inspect_real_artifacts_of_every_release():
    for release, version in (("31", "31.0.0"), ("44", "44"), ("50", "50")):
        path = FIXTURES / f"wasmtime-{release}" / "artifacts" / "default-module.cwasm"
        assert aotcompat.detect(path) == "module"
        assert aotcompat.detect(path.read_bytes()) == "module"
        md = aotcompat.inspect(path)
        assert md.profile == f"wasmtime-{release}", md.profile
        assert md.version == version
        assert md.kind == "module"
        assert md.target == "x86_64-unknown-linux-gnu"
        assert md.tunables["memory_reservation"] == 4294967296
        assert md.features["simd"] is True
        assert aotcompat.inspect(path.read_bytes()) == md
    assert aotcompat.detect(b"not an artifact") is None
    assert aotcompat.detect(FIXTURES / "wasmtime-31" / "artifacts" / "default-component.cwasm") == "component"


def test_check_reports_every_mismatch_in_the_library_s_words():
    host = Engine.from_artifact(HOST)
    assert host.profile == "wasmtime-31" and host.version == "31.0.0"
    assert host.check(HOST).compatible
    report = host.check(W31 / "artifacts" / "epoch-module.cwasm")
    assert not report
    assert report.message == "Module was compiled with epoch interruption but it is not enabled for the host"
    (m,) = report.mismatches
    assert (m.category, m.field, m.artifact, m.host, m.probe) == ("tunable", "epoch_interruption", "true", "false", None)
    # The same through bytes, and the parity check stops at the first.
    data = (W31 / "artifacts" / "epoch-module.cwasm").read_bytes()
    assert host.check(data).mismatches == report.mismatches
    assert host.check(data, kind="component", all=False).message == "incompatible object file format"
    assert aotcompat.check(b"junk", host).mismatches[0].category == "container"


def test_advice_says_where_a_loadable_artifact_is_weaker():
    host = Engine.from_artifact(W31 / "artifacts" / "native-detected-module.cwasm")
    assert host.check(W31 / "artifacts" / "native-detected-module.cwasm").advice == []
    report = host.check(W31 / "artifacts" / "opt-none-module.cwasm")
    assert report.compatible and not report.mismatches
    first = report.advice[0]
    assert (first.category, first.field, first.artifact, first.host) == ("shared-flag", "opt_level", "none", "speed")
    unused = {a.field for a in report.advice if a.category == "isa-flag"}
    enabled = {name for name, value in aotcompat.inspect(W31 / "artifacts" / "native-detected-module.cwasm").isa_flags.items() if value == "true"}
    assert unused and unused == enabled, (unused, enabled)


def test_pre_3_artifacts_are_read_checked_and_never_written():
    legacy = FIXTURES / "legacy-0.26"
    path = legacy / "artifacts" / "truncated-end.cwasm"
    assert aotcompat.detect(path) == "legacy"
    assert aotcompat.detect(path.read_bytes()) == "legacy"
    assert aotcompat.detect(path, "wasmtime-31") is None
    md = aotcompat.inspect(legacy / "artifacts" / "default-module.cwasm")
    assert (md.profile, md.version) == ("wasmtime-0.26", "0.26.0")
    host = Engine.from_artifact(legacy / "hosts" / "x86-64-default.cwasm")
    report = host.check(path)
    # wasmtime 0.26 decodes the compiled module with the metadata and
    # refuses this truncated one; so does the check.
    assert not report.compatible and not report.notes
    assert report.message == "deserialize compilation artifacts: io error: unexpected end of file"
    assert report.mismatches[0].field == "module"
    modern = Engine.from_artifact(HOST)
    report = modern.check(path)
    assert not report.compatible
    assert report.mismatches[-1].field == "format"
    try:
        host.write()
    except AotcompatError as e:
        assert e.status == 106 and "pre-3.0" in str(e)
    else:
        raise AssertionError("a pre-3.0 engine wrote an artifact")


def test_probe_answers_have_their_own_field():
    host = EngineBuilder.from_artifact(HOST.read_bytes()).probe(BASELINE.replace("avx2,", "")).build()
    report = host.check(HOST)
    (m,) = report.mismatches
    assert m.category == "isa-flag" and m.field == "has_avx2"
    assert m.artifact == "true" and m.host == ""
    assert m.probe == aotcompat.ProbeAnswer("avx2", "no")
    none = EngineBuilder.from_artifact(HOST.read_bytes()).probe(None).build()
    assert none.check(HOST, all=False).mismatches[0].probe.answer == "no-probe"
    assert none.detect_feature("avx2") is None


def test_builder_native_write_and_keys():
    native = Engine.native("wasmtime-31")
    artifact = native.write("module")
    assert native.check(artifact).compatible
    assert aotcompat.detect(artifact) == "module"
    assert native.check_host().compatible
    b = Engine.builder("wasmtime-31").tunable("epoch_interruption", True).tunable("collector", "Null")
    b.feature("threads", False).probe(BASELINE)
    fleet = b.build()
    report = fleet.check(artifact)
    fields = [m.field for m in report]
    assert "epoch_interruption" in fields and "threads" in fields and "collector" in fields, fields
    assert fleet.describe().tunables["collector"] == "Null"
    assert aotcompat.key(native) == aotcompat.key(Engine.from_artifact(artifact))
    assert aotcompat.key(native) != aotcompat.key(fleet)
    assert len(native.identity_key()) == 64
    # What the check ignores does not change the load key.
    default = W31 / "artifacts" / "default-module.cwasm"
    assert aotcompat.key(default) == aotcompat.key(W31 / "artifacts" / "opt-none-module.cwasm")
    assert aotcompat.key(default, identity=True) != aotcompat.key(W31 / "artifacts" / "opt-none-module.cwasm", identity=True)


def test_write_with_sections():
    native = Engine.native("wasmtime-31")
    code = bytes([0x90] * 15 + [0xC3])
    artifact = native.write("module", [(".text", code, 16, "text"), (".wasmtime.info", b"info", 1, "rodata")])
    assert code in artifact and native.check(artifact).compatible


def test_stamp_a_real_artifact_with_another_engine():
    real = (W31 / "artifacts" / "default-module.cwasm").read_bytes()
    fleet = Engine.builder("wasmtime-31").tunable("epoch_interruption", True).probe(BASELINE).build()
    stamped = fleet.stamp(real, "component")
    assert aotcompat.detect(stamped) == "component"
    assert fleet.check(stamped, "component").compatible
    assert not Engine.from_artifact(real).check(stamped, "component").compatible
    try:
        fleet.stamp(b"junk")
    except AotcompatError as e:
        assert e.status == 201 and "not an ELF file" in str(e)
    else:
        raise AssertionError("no error")


def test_errors_carry_the_status():
    try:
        Engine.native("wasmtime-0")
    except AotcompatError as e:
        assert e.status == 103 and e.status_text == "unknown profile name"
        assert "wasmtime-31" in str(e)
    else:
        raise AssertionError("no error")
    try:
        Engine.builder("wasmtime-31").tunable("epoch_interruption", 3)
    except AotcompatError as e:
        assert e.status == 105, e
    else:
        raise AssertionError("no error")
    try:
        aotcompat.inspect(ROOT / "no-such-file.cwasm")
    except AotcompatError as e:
        assert e.status == 200
    else:
        raise AssertionError("no error")


def test_a_probe_function_is_kept_alive_and_released():
    asked = []

    def probe(feature):
        asked.append(feature)
        return feature != "avx2"

    b = EngineBuilder.from_artifact(HOST.read_bytes()).probe(probe)
    engine = b.build()
    del b, probe
    gc.collect()
    held = len(aotcompat._callbacks)
    assert held >= 1
    report = engine.check(HOST)
    assert [m.field for m in report] == ["has_avx2"] and "avx2" in asked
    # Several threads at once through one engine and one Python probe.
    results = []

    def worker():
        results.append(engine.check(HOST, all=False).mismatches[0].field)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["has_avx2"] * 4
    engine.close()
    gc.collect()
    assert len(aotcompat._callbacks) == held - 1


def test_generic_profile_rules():
    toy = Engine.builder("generic").target("aarch64-unknown-linux-gnu").version("toyvm 2.3")
    toy.tunable("stack_size", 131072).feature("threads").flag("has_neon", True, isa=True)
    toy.rule("isa-flag", "has_neon", "needs-probe", "neon").probe(["neon"])
    artifact = toy.build().write("component")
    fleet = Engine.builder("generic").target("aarch64-unknown-linux-gnu").version("toyvm 2.3")
    fleet.tunable("stack_size", 65536).rule("isa-flag", "has_neon", "needs-probe", "neon").probe(["lse"])
    report = fleet.build().check(artifact)
    assert [(m.category, m.field) for m in report] == [
        ("isa-flag", "has_neon"),
        ("tunable", "stack_size"),
        ("feature", "threads"),
    ]
    assert report.mismatches[0].probe == aotcompat.ProbeAnswer("neon", "no")


def test_declarations_match_the_header():
    header = ROOT / "include" / "aotcompat.h"
    if not header.exists():
        skip("no include/aotcompat.h beside the package")
    text = re.sub(r"/\*.*?\*/", "", header.read_text(), flags=re.S)
    declared = {}
    for m in re.finditer(r"\b(aotcompat_\w+)\(([^;{]*?)\);", text):
        params = [p for p in m.group(2).split(",") if p.strip() and p.strip() != "void"]
        declared[m.group(1)] = len(params)
    from aotcompat import _native

    for name in _native.DECLARED:
        assert name in declared, f"{name} is not in the header"
        argtypes = getattr(_native.lib, name).argtypes
        assert len(argtypes) == declared[name], f"{name}: {len(argtypes)} argtypes, header has {declared[name]}"


def _wasmtime():
    try:
        import wasmtime
    except ImportError:
        skip("the PyPI wasmtime package is not installed")
    return wasmtime


def test_wasmtime_py_engine_end_to_end():
    wasmtime = _wasmtime()
    engine = wasmtime.Engine()
    ours = Engine.from_wasmtime(engine)
    assert ours.profile.startswith("wasmtime-")
    artifact = bytes(wasmtime.Module(engine, '(module (func (export "f")))').serialize())
    assert ours.check(artifact).compatible
    wasmtime.Module.deserialize(engine, artifact)  # wasmtime agrees
    # An artifact of an engine with fuel: both refuse it, with one message.
    config = wasmtime.Config()
    config.consume_fuel = True
    fuel_engine = wasmtime.Engine(config)
    fuel = bytes(wasmtime.Module(fuel_engine, "(module)").serialize())
    report = ours.check(fuel)
    assert not report.compatible
    assert report.message == "Module was compiled with fuel support but it is not enabled for the host"
    try:
        wasmtime.Module.deserialize(engine, fuel)
    except Exception as e:  # wasmtime.WasmtimeError
        assert report.message in str(e), str(e)
    else:
        raise AssertionError("wasmtime loaded it")
    # A cache check before deserializing: the fuel engine's own view.
    assert Engine.from_wasmtime(fuel_engine).check(fuel).compatible


def test_digest_add_and_verify():
    real = (W31 / "artifacts" / "epoch-module.cwasm").read_bytes()
    digested = aotcompat.add_digest(real)
    root = aotcompat.verify(digested)
    assert len(root) == 32
    assert aotcompat.add_digest(digested) == digested
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"aotcompat-py-digest-{os.getpid()}.cwasm"
    path.write_bytes(digested)
    try:
        assert aotcompat.verify(path) == root
    finally:
        path.unlink()
    engine = Engine.from_artifact(real)
    aotcompat.verify(engine.stamp(real, "module", digest=True))
    aotcompat.verify(engine.write("module", digest=True))
    changed = bytearray(digested)
    changed[10] ^= 1
    try:
        aotcompat.verify(bytes(changed))
    except AotcompatError as e:
        assert e.status == 202 and str(e).startswith("the ELF header"), e
    else:
        raise AssertionError("a changed artifact verified")
    try:
        aotcompat.verify(real)
    except AotcompatError as e:
        assert e.status == 203 and str(e) == "no digest section", e
    else:
        raise AssertionError("an undigested artifact verified")


def _main():
    failed = 0
    passed = 0
    for name, fn in sorted(globals().items()):
        if not name.startswith("test_") or not callable(fn):
            continue
        try:
            fn()
            passed += 1
            print(f"ok      {name}")
        except _Skip as s:
            print(f"skipped {name}: {s}")
        except Exception:
            failed += 1
            import traceback

            print(f"FAILED  {name}")
            traceback.print_exc()
    print(f"python: {passed} passed, {failed} failed, {len(SKIPPED)} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(_main())
