"""Read wasmtime's precompiled artifacts (.cwasm) and decide whether an
engine can load them: Python bindings of libaotcompat (ctypes, no compiled
extension).

    import aotcompat
    engine = aotcompat.Engine.native("wasmtime-50")
    report = engine.check("app.cwasm")
    if not report.compatible:
        print(report.message)

The library is found through ``AOTCOMPAT_LIB`` (a path), then the loader's
search and the usual install prefixes (``make install``), then a source
checkout's ``target/release`` or ``target/debug``. Failures raise
:class:`AotcompatError`, which carries the library's status code; an
incompatible artifact is a verdict (a :class:`Report`), not an exception.
Engines, reports and metadata may be shared between threads; a
:class:`EngineBuilder` belongs to one thread at a time.
"""

import ctypes
import json
import os
import threading
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple, Union

from . import _native
from ._native import lib

__all__ = [
    "Advice",
    "AotcompatError",
    "Engine",
    "EngineBuilder",
    "Metadata",
    "Mismatch",
    "ProbeAnswer",
    "Report",
    "abi_version",
    "add_digest",
    "check",
    "detect",
    "inspect",
    "key",
    "library_path",
    "profiles",
    "verify",
    "version",
]

# Status codes (include/aotcompat.h).
OK = 0
INCOMPATIBLE = 1

KIND_NONE, KIND_MODULE, KIND_COMPONENT, KIND_LEGACY = 0, 1, 2, 3
_KINDS = {None: KIND_NONE, "module": KIND_MODULE, "component": KIND_COMPONENT}
_SECTION_KINDS = {"text": 0, "rodata": 1, "data": 2}
#: AOTCOMPAT_WRITE_DIGEST: OR-ed into the kind of a write or stamp.
WRITE_DIGEST = 0x10000


class _Section(ctypes.Structure):
    """``aotcompat_section``."""

    _fields_ = [
        ("name", ctypes.c_char_p),
        ("data", ctypes.c_void_p),
        ("len", ctypes.c_size_t),
        ("align", ctypes.c_uint64),
        ("kind", ctypes.c_uint32),
    ]
_KIND_NAMES = {KIND_NONE: None, KIND_MODULE: "module", KIND_COMPONENT: "component", KIND_LEGACY: "legacy"}
FLAG_SET_SHARED, FLAG_SET_ISA = 0, 1
_SETTINGS = {"shared-flag": 0, "isa-flag": 1, "tunable": 2, "feature": 3}
_RULES = {"equal": 0, "value": 1, "ignore": 2, "needs-probe": 3, "subset": 4}
_PROBE_ANSWERS = {1: "yes", 0: "no", -1: "unknown", -2: "no-probe"}

Artifact = Union[str, os.PathLike, bytes, bytearray, memoryview]


class AotcompatError(Exception):
    """A call into libaotcompat failed.

    ``status`` is the library's code (``AOTCOMPAT_STATUS_*``), ``status_text``
    its fixed description, and ``str(e)`` the library's message.
    """

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.status_text = lib.aotcompat_status_str(status).decode()


def _text(p: Optional[bytes]) -> Optional[str]:
    return None if p is None else p.decode("utf-8", "replace")


def _call(fn, *args, verdict: bool = False) -> int:
    """Calls a fallible function with a trailing ``err``; raises on failure.

    With ``verdict``, AOTCOMPAT_STATUS_INCOMPATIBLE is a result, not a
    failure (the library hands out no error object with it).
    """
    err = ctypes.c_void_p()
    status = fn(*args, ctypes.byref(err))
    if status == OK or (verdict and status == INCOMPATIBLE):
        return status
    message = _text(lib.aotcompat_error_message(err)) or ""
    lib.aotcompat_error_free(err)
    raise AotcompatError(status, message)


def _c(s: Optional[str]) -> Optional[bytes]:
    return None if s is None else s.encode()


def _is_path(artifact: Artifact) -> bool:
    return isinstance(artifact, (str, os.PathLike))


def _buffer(data) -> Tuple[ctypes.Array, int]:
    data = bytes(data)
    return (ctypes.c_char * len(data)).from_buffer_copy(data), len(data)


def version() -> str:
    """The loaded library's version, such as ``"0.1.0"``."""
    return lib.aotcompat_version().decode()


def abi_version() -> int:
    """The loaded library's C ABI version (its soname's number)."""
    return lib.aotcompat_abi_version()


def library_path() -> str:
    """Where the loaded library was found."""
    return _native.path


def profiles() -> List[Tuple[str, str]]:
    """The built-in profiles, newest first: ``(name, about)`` pairs."""
    return [
        (lib.aotcompat_profile_name(i).decode(), lib.aotcompat_profile_about(i).decode())
        for i in range(lib.aotcompat_profile_count())
    ]


def detect(artifact: Artifact, profile: Optional[str] = None) -> Optional[str]:
    """``"module"``, ``"component"`` or ``None``, as wasmtime's
    ``detect_precompiled`` answers for a path or bytes; ``"legacy"`` for an
    artifact in wasmtime's pre-3.0 format (0.26 to 2.x), which has no kind
    marks (without a profile, or with a pre-3.0 profile)."""
    kind = ctypes.c_uint32()
    if _is_path(artifact):
        _call(lib.aotcompat_detect_file, _c(profile), os.fsencode(artifact), ctypes.byref(kind))
    else:
        buf, n = _buffer(artifact)
        _call(lib.aotcompat_detect, _c(profile), buf, n, ctypes.byref(kind))
    return _KIND_NAMES.get(kind.value)


@dataclass(frozen=True)
class Metadata:
    """What an artifact's engine section (or an engine) says.

    Flag values are text as the library prints them (``"true"``,
    ``"speed"``, ``"12"``); tunables are JSON values (numbers, booleans,
    strings, ``None``, ``{"Variant": payload}``), the form
    :meth:`EngineBuilder.tunable` takes.
    """

    kind: Optional[str]
    profile: str
    version: str
    target: str
    shared_flags: Dict[str, str]
    isa_flags: Dict[str, str]
    tunables: Dict[str, object]
    features: Dict[str, bool]

    @classmethod
    def _take(cls, md: ctypes.c_void_p) -> "Metadata":
        try:
            def flags(which):
                return {
                    _text(lib.aotcompat_metadata_flag_name(md, which, i)): _text(
                        lib.aotcompat_metadata_flag_value(md, which, i)
                    )
                    for i in range(lib.aotcompat_metadata_flag_count(md, which))
                }

            return cls(
                kind=_KIND_NAMES.get(lib.aotcompat_metadata_kind(md)),
                profile=_text(lib.aotcompat_metadata_profile(md)),
                version=_text(lib.aotcompat_metadata_version(md)),
                target=_text(lib.aotcompat_metadata_target(md)),
                shared_flags=flags(FLAG_SET_SHARED),
                isa_flags=flags(FLAG_SET_ISA),
                tunables={
                    _text(lib.aotcompat_metadata_tunable_name(md, i)): json.loads(
                        lib.aotcompat_metadata_tunable_json(md, i)
                    )
                    for i in range(lib.aotcompat_metadata_tunable_count(md))
                },
                features={
                    _text(lib.aotcompat_metadata_feature_name(md, i)): bool(
                        lib.aotcompat_metadata_feature_enabled(md, i)
                    )
                    for i in range(lib.aotcompat_metadata_feature_count(md))
                },
            )
        finally:
            lib.aotcompat_metadata_free(md)


def inspect(artifact: Artifact, profile: Optional[str] = None) -> Metadata:
    """The metadata of an artifact (a path or bytes)."""
    md = ctypes.c_void_p()
    if _is_path(artifact):
        _call(lib.aotcompat_metadata_read_file, _c(profile), os.fsencode(artifact), ctypes.byref(md))
    else:
        buf, n = _buffer(artifact)
        _call(lib.aotcompat_metadata_read, _c(profile), buf, n, ctypes.byref(md))
    return Metadata._take(md)


@dataclass(frozen=True)
class ProbeAnswer:
    """The host feature a mismatch asked the probe about, and its answer:
    ``"no"``, ``"unknown"`` or ``"no-probe"``."""

    feature: str
    answer: str


@dataclass(frozen=True)
class Mismatch:
    """One reason an engine cannot load an artifact."""

    category: str
    field: str
    artifact: str
    host: str
    probe: Optional[ProbeAnswer]
    message: str


@dataclass(frozen=True)
class Advice:
    """Where an artifact is weaker than the host engine's own
    compile: a CPU feature left unused, a lower optimization level, debug
    information or instrumentation the host would not add. Never changes
    the verdict."""

    category: str
    field: str
    artifact: str
    host: str
    message: str


@dataclass(frozen=True)
class Report:
    """The verdict of a check: compatible, or every mismatch found (the
    first is the one wasmtime itself reports)."""

    compatible: bool
    message: Optional[str]
    mismatches: List[Mismatch] = field(default_factory=list)
    #: What the check could not judge; never changes the verdict (no
    #: profile leaves anything unjudged today, so it is empty).
    notes: List[str] = field(default_factory=list)
    #: Where the artifact is weaker than the host engine's own compile.
    advice: List[Advice] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.compatible

    def __iter__(self):
        return iter(self.mismatches)

    @classmethod
    def _take(cls, report: ctypes.c_void_p) -> "Report":
        try:
            mismatches = []
            for i in range(lib.aotcompat_report_mismatch_count(report)):
                feature, answer = ctypes.c_char_p(), ctypes.c_int32()
                probe = None
                if lib.aotcompat_report_mismatch_probe(report, i, ctypes.byref(feature), ctypes.byref(answer)):
                    probe = ProbeAnswer(_text(feature.value), _PROBE_ANSWERS.get(answer.value, "unknown"))
                mismatches.append(
                    Mismatch(
                        category=_text(lib.aotcompat_category_name(lib.aotcompat_report_mismatch_category(report, i))),
                        field=_text(lib.aotcompat_report_mismatch_field(report, i)),
                        artifact=_text(lib.aotcompat_report_mismatch_artifact(report, i)),
                        host=_text(lib.aotcompat_report_mismatch_host(report, i)),
                        probe=probe,
                        message=_text(lib.aotcompat_report_mismatch_message(report, i)),
                    )
                )
            notes = [_text(lib.aotcompat_report_note(report, i)) for i in range(lib.aotcompat_report_note_count(report))]
            advice = [
                Advice(
                    category=_text(lib.aotcompat_category_name(lib.aotcompat_report_advice_category(report, i))),
                    field=_text(lib.aotcompat_report_advice_field(report, i)),
                    artifact=_text(lib.aotcompat_report_advice_artifact(report, i)),
                    host=_text(lib.aotcompat_report_advice_host(report, i)),
                    message=_text(lib.aotcompat_report_advice_message(report, i)),
                )
                for i in range(lib.aotcompat_report_advice_count(report))
            ]
            return cls(
                compatible=bool(lib.aotcompat_report_is_compatible(report)),
                message=_text(lib.aotcompat_report_message(report)),
                mismatches=mismatches,
                notes=notes,
                advice=advice,
            )
        finally:
            lib.aotcompat_report_free(report)


# Probe callbacks: the ctypes function objects must outlive every builder
# and engine holding them. Each is kept here under a token (its user_data)
# until the library runs the finalizer, once the last holder is freed.
_callbacks: Dict[int, object] = {}
_callbacks_lock = threading.Lock()
_next_token = [1]


@_native.FINALIZER
def _release_callback(token):
    with _callbacks_lock:
        _callbacks.pop(token, None)


class _Handle:
    """Owns one C handle and frees it once."""

    _free = None

    def __init__(self, ptr: ctypes.c_void_p):
        self._ptr = ptr

    def close(self) -> None:
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr:
            type(self)._free(ptr)

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def _as_parameter_(self):
        if not self._ptr:
            raise ValueError(f"{type(self).__name__} is closed")
        return self._ptr


class Engine(_Handle):
    """The loading side of a check: a profile's settings, version strategy,
    GC support, host-feature probe and rules. Immutable; safe to share
    between threads."""

    _free = staticmethod(lib.aotcompat_engine_free)

    @classmethod
    def native(cls, profile: str) -> "Engine":
        """The engine a default runtime of ``profile`` has on this machine."""
        out = ctypes.c_void_p()
        _call(lib.aotcompat_engine_new_native, _c(profile), ctypes.byref(out))
        return cls(out)

    @classmethod
    def from_artifact(cls, artifact: Artifact, profile: Optional[str] = None) -> "Engine":
        """The engine that produced an artifact (a path or bytes), with the
        native probe."""
        out = ctypes.c_void_p()
        if _is_path(artifact):
            _call(lib.aotcompat_engine_from_artifact_file, _c(profile), os.fsencode(artifact), ctypes.byref(out))
        else:
            buf, n = _buffer(artifact)
            _call(lib.aotcompat_engine_from_artifact, _c(profile), buf, n, ctypes.byref(out))
        return cls(out)

    @classmethod
    def builder(cls, profile: str) -> "EngineBuilder":
        """A builder starting from ``profile``'s defaults."""
        return EngineBuilder(profile)

    @classmethod
    def from_wasmtime(cls, engine, profile: Optional[str] = None) -> "Engine":
        """Describes a wasmtime-py ``wasmtime.Engine``: precompiles an empty
        module with it and reads the engine section, so artifacts can be
        checked before ``Module.deserialize``."""
        import wasmtime  # the PyPI package; imported only here

        artifact = wasmtime.Module(engine, "(module)").serialize()
        return cls.from_artifact(bytes(artifact), profile)

    @property
    def profile(self) -> str:
        return lib.aotcompat_engine_profile(self).decode()

    @property
    def target(self) -> str:
        return lib.aotcompat_engine_target(self).decode()

    @property
    def version(self) -> str:
        return _text(lib.aotcompat_engine_version(self))

    def check(self, artifact: Artifact, kind: Optional[str] = None, all: bool = True) -> Report:
        """Can this engine load ``artifact`` (a path or bytes)? ``kind``:
        ``"module"``, ``"component"`` or ``None`` (the artifact's own).
        ``all=False`` stops at the first mismatch, as wasmtime does."""
        report = ctypes.c_void_p()
        k = _KINDS[kind]
        if _is_path(artifact):
            fn = lib.aotcompat_check_file_all if all else lib.aotcompat_check_file
            _call(fn, self, os.fsencode(artifact), k, ctypes.byref(report), verdict=True)
        else:
            buf, n = _buffer(artifact)
            fn = lib.aotcompat_check_all if all else lib.aotcompat_check
            _call(fn, self, buf, n, k, ctypes.byref(report), verdict=True)
        return Report._take(report)

    def check_host(self, all: bool = True) -> Report:
        """Can this engine run code on this machine?"""
        report = ctypes.c_void_p()
        fn = lib.aotcompat_engine_check_host_all if all else lib.aotcompat_engine_check_host
        _call(fn, self, ctypes.byref(report), verdict=True)
        return Report._take(report)

    def load_key(self) -> str:
        """The load key in hex: equal keys load each other's artifacts."""
        return self._key(lib.aotcompat_engine_load_key)

    def identity_key(self) -> str:
        """The identity key in hex: everything the compiler is given."""
        return self._key(lib.aotcompat_engine_identity_key)

    def _key(self, fn) -> str:
        buf = (ctypes.c_uint8 * 32)()
        _call(fn, self, buf, 32)
        return bytes(buf).hex()

    def detect_feature(self, feature: str) -> Optional[bool]:
        """The probe's answer for a host feature: True, False, or None
        (unknown, or no probe)."""
        answer = ctypes.c_int32()
        _call(lib.aotcompat_engine_detect_feature, self, _c(feature), ctypes.byref(answer))
        return {1: True, 0: False}.get(answer.value)

    def describe(self) -> Metadata:
        """The metadata this engine writes into its artifacts."""
        md = ctypes.c_void_p()
        _call(lib.aotcompat_engine_describe, self, ctypes.byref(md))
        return Metadata._take(md)

    def write(self, kind: str = "module", sections=(), digest: bool = False) -> bytes:
        """An artifact of ``kind`` stamped with this engine, carrying
        ``sections``: ``(name, data, align, section_kind)`` tuples, in
        order, ``section_kind`` one of ``"text"``, ``"rodata"``,
        ``"data"``; with ``digest``, an integrity digest too."""
        names = [_c(name) for name, _, _, _ in sections]
        datas = [bytes(data) for _, data, _, _ in sections]
        array = (_Section * len(sections))()
        for i, (_, _, align, section_kind) in enumerate(sections):
            array[i].name = names[i]
            array[i].data = ctypes.cast(ctypes.c_char_p(datas[i]), ctypes.c_void_p)
            array[i].len = len(datas[i])
            array[i].align = align
            array[i].kind = _SECTION_KINDS[section_kind]
        out = ctypes.c_void_p()
        flags = _KINDS[kind] | (WRITE_DIGEST if digest else 0)
        _call(lib.aotcompat_artifact_write, self, flags, array, len(sections), ctypes.byref(out))
        return _take_bytes(out)

    def stamp(self, obj, kind: str = "module", digest: bool = False) -> bytes:
        """``obj`` (the bytes of an ELF64 relocatable object of this
        engine's machine, such as a real artifact) stamped as an artifact
        of ``kind``: this engine's sections added or replaced, every other
        section, symbol and relocation kept; with ``digest``, an integrity
        digest added."""
        buf, n = _buffer(obj)
        out = ctypes.c_void_p()
        flags = _KINDS[kind] | (WRITE_DIGEST if digest else 0)
        _call(lib.aotcompat_artifact_stamp, self, flags, buf, n, ctypes.byref(out))
        return _take_bytes(out)


def add_digest(artifact) -> bytes:
    """``artifact`` (the bytes of an ELF64 artifact) with an integrity
    digest added, replacing the one it has (``aotcompat_artifact_add_digest``)."""
    buf, n = _buffer(artifact)
    out = ctypes.c_void_p()
    _call(lib.aotcompat_artifact_add_digest, buf, n, ctypes.byref(out))
    return _take_bytes(out)


def verify(artifact: Artifact) -> bytes:
    """Verifies an artifact (bytes, or a path) against its integrity
    digest; returns the digest's 32-byte root. Raises ``AotcompatError``
    with status ``AOTCOMPAT_STATUS_NOT_VERIFIED`` (202; the message names
    what differs) or ``AOTCOMPAT_STATUS_NO_DIGEST`` (203)."""
    root = (ctypes.c_uint8 * 32)()
    if _is_path(artifact):
        _call(lib.aotcompat_verify_file, _c(os.fspath(artifact)), root)
    else:
        buf, n = _buffer(artifact)
        _call(lib.aotcompat_verify, buf, n, root)
    return bytes(root)


def _take_bytes(out: ctypes.c_void_p) -> bytes:
    """The contents of an ``aotcompat_bytes``, which is freed."""
    try:
        n = lib.aotcompat_bytes_len(out)
        return ctypes.string_at(lib.aotcompat_bytes_data(out), n)
    finally:
        lib.aotcompat_bytes_free(out)


class EngineBuilder(_Handle):
    """Describes an engine step by step; :meth:`build` as often as needed.
    Use from one thread at a time. Setters return the builder."""

    _free = staticmethod(lib.aotcompat_engine_builder_free)

    def __init__(self, profile: str = None, *, _ptr=None):
        if _ptr is None:
            _ptr = ctypes.c_void_p()
            _call(lib.aotcompat_engine_builder_new, _c(profile), ctypes.byref(_ptr))
        super().__init__(_ptr)

    @classmethod
    def from_artifact(cls, artifact: bytes, profile: Optional[str] = None) -> "EngineBuilder":
        """Starts from the engine that produced ``artifact`` (bytes)."""
        out = ctypes.c_void_p()
        buf, n = _buffer(artifact)
        _call(lib.aotcompat_engine_builder_from_artifact, _c(profile), buf, n, ctypes.byref(out))
        return cls(_ptr=out)

    def target(self, triple: str) -> "EngineBuilder":
        _call(lib.aotcompat_engine_builder_set_target, self, _c(triple))
        return self

    def flag(self, name: str, value: Union[bool, int, str], isa: bool = False) -> "EngineBuilder":
        """Sets a shared (or, with ``isa``, ISA) compiler flag: a bool, a
        number 0-255, or a named choice."""
        which = FLAG_SET_ISA if isa else FLAG_SET_SHARED
        if isinstance(value, bool):
            _call(lib.aotcompat_engine_builder_set_flag_bool, self, which, _c(name), value)
        elif isinstance(value, int):
            _call(lib.aotcompat_engine_builder_set_flag_num, self, which, _c(name), value)
        else:
            _call(lib.aotcompat_engine_builder_set_flag_enum, self, which, _c(name), _c(value))
        return self

    def tunable(self, name: str, value) -> "EngineBuilder":
        """Sets a tunable to a JSON-able value (as :class:`Metadata` shows
        them): ``4294967296``, ``True``, ``"Null"``, ``None``, ..."""
        _call(lib.aotcompat_engine_builder_set_tunable_json, self, _c(name), _c(json.dumps(value)))
        return self

    def feature(self, name: str, enabled: bool = True) -> "EngineBuilder":
        _call(lib.aotcompat_engine_builder_set_feature, self, _c(name), enabled)
        return self

    def version(self, strategy: Optional[str]) -> "EngineBuilder":
        """``"wasmtime"`` (the profile's own), ``None`` (no check), or any
        other string (a custom version)."""
        if strategy == "wasmtime":
            _call(lib.aotcompat_engine_builder_set_version_wasmtime, self)
        elif strategy is None:
            _call(lib.aotcompat_engine_builder_set_version_none, self)
        else:
            _call(lib.aotcompat_engine_builder_set_version_custom, self, _c(strategy))
        return self

    def gc_support(self, enabled: bool) -> "EngineBuilder":
        _call(lib.aotcompat_engine_builder_set_gc_support, self, enabled)
        return self

    def rule(self, setting: str, name: str, rule: str, arg: Optional[str] = None) -> "EngineBuilder":
        """Generic profile only: how setting ``name`` of kind ``setting``
        (``"shared-flag"``, ``"isa-flag"``, ``"tunable"``, ``"feature"``)
        is judged: ``"equal"``, ``"value"`` (arg: the value),
        ``"ignore"``, ``"needs-probe"`` (arg: host feature), ``"subset"``."""
        _call(lib.aotcompat_engine_builder_set_rule, self, _SETTINGS[setting], _c(name), _RULES[rule], _c(arg))
        return self

    def probe(self, probe: Union[None, str, List[str], Callable[[str], Optional[bool]]]) -> "EngineBuilder":
        """The host-feature probe: ``"native"`` (this CPU), ``None`` (no
        probe), a list of the features that exist (``["sse3", "avx2"]``,
        ``"?name"`` unknown), or a function of a feature name returning
        True, False or None (unknown). A function is kept alive as long as
        the library holds it, and may be called from any thread."""
        if probe == "native":
            _call(lib.aotcompat_engine_builder_set_probe_native, self)
        elif probe is None:
            _call(lib.aotcompat_engine_builder_set_probe_none, self)
        elif callable(probe):
            def answer(_user_data, feature):
                try:
                    result = probe(feature.decode())
                except Exception:  # must not unwind into the library
                    return -1
                return {True: 1, False: 0}.get(result, -1)

            cfunc = _native.PROBE_CALLBACK(answer)
            with _callbacks_lock:
                token = _next_token[0]
                _next_token[0] += 1
                _callbacks[token] = cfunc
            _call(lib.aotcompat_engine_builder_set_probe_callback, self, cfunc, token, _release_callback)
        else:
            text = probe if isinstance(probe, str) else ",".join(probe)
            _call(lib.aotcompat_engine_builder_set_probe_list, self, _c(text))
        return self

    def build(self) -> Engine:
        out = ctypes.c_void_p()
        _call(lib.aotcompat_engine_builder_build, self, ctypes.byref(out))
        return Engine(out)


def check(artifact: Artifact, engine: Engine, kind: Optional[str] = None, all: bool = True) -> Report:
    """``engine.check(artifact, kind, all)``: the full report by default."""
    return engine.check(artifact, kind, all)


def key(source: Union[Engine, Artifact], identity: bool = False) -> str:
    """The load (or identity) key in hex of an engine, or of the engine
    that produced an artifact."""
    engine = source if isinstance(source, Engine) else Engine.from_artifact(source)
    return engine.identity_key() if identity else engine.load_key()
