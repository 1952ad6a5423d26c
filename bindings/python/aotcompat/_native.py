"""Loading libaotcompat and declaring its C functions for ctypes.

Every function the package calls is declared here with its argument and
result types (ctypes would otherwise take every result as a C `int`, which
truncates pointers). `tests/test_aotcompat.py` checks the declarations
against `include/aotcompat.h` when the header is at hand.
"""

import ctypes
import ctypes.util
import os
import sys
from pathlib import Path

#: The C ABI this package speaks (the soname is libaotcompat.so.<ABI>).
ABI_VERSION = 2

c_status = ctypes.c_uint32
c_kind = ctypes.c_uint32
c_p = ctypes.c_void_p
c_str = ctypes.c_char_p
c_err = ctypes.POINTER(ctypes.c_void_p)
PROBE_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_char_p)
FINALIZER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


def _candidates():
    """Where the library may be, in the order tried."""
    env = os.environ.get("AOTCOMPAT_LIB")
    if env:
        yield env
        return
    soname = f"libaotcompat.so.{ABI_VERSION}"
    # The loader's own search (ld.so.cache, LD_LIBRARY_PATH): an installed
    # library in a standard prefix.
    yield soname
    found = ctypes.util.find_library("aotcompat")
    if found:
        yield found
    # Install prefixes that the loader may not search.
    for prefix in (sys.prefix, os.path.expanduser("~/.local"), "/usr/local"):
        for libdir in ("lib", "lib64"):
            yield os.path.join(prefix, libdir, soname)
    # A source checkout's build tree: bindings/python/aotcompat/ is three
    # levels below the repository root.
    root = Path(__file__).resolve().parents[3]
    target = Path(os.environ.get("CARGO_TARGET_DIR", root / "target"))
    if not target.is_absolute():
        target = root / target
    for profile in ("release", "debug"):
        yield str(target / profile / "libaotcompat.so")


def _load():
    errors = []
    for candidate in _candidates():
        try:
            lib = ctypes.CDLL(candidate)
        except OSError as e:
            errors.append(f"{candidate}: {e}")
            continue
        lib.aotcompat_abi_version.restype = ctypes.c_uint32
        lib.aotcompat_abi_version.argtypes = []
        abi = lib.aotcompat_abi_version()
        if abi != ABI_VERSION:
            errors.append(f"{candidate}: C ABI {abi}, this package needs {ABI_VERSION}")
            continue
        return lib, candidate
    raise ImportError(
        "cannot load libaotcompat (set AOTCOMPAT_LIB to its path, install it with "
        "`make install`, or build it with `cargo build --release`):\n  " + "\n  ".join(errors)
    )


lib, path = _load()

# name: (restype, argtypes)
_DECLARATIONS = {
    "aotcompat_version": (c_str, []),
    "aotcompat_status_str": (c_str, [c_status]),
    "aotcompat_error_message": (c_str, [c_p]),
    "aotcompat_error_status": (c_status, [c_p]),
    "aotcompat_error_free": (None, [c_p]),
    "aotcompat_profile_count": (ctypes.c_size_t, []),
    "aotcompat_profile_name": (c_str, [ctypes.c_size_t]),
    "aotcompat_profile_about": (c_str, [ctypes.c_size_t]),
    "aotcompat_detect": (c_status, [c_str, c_p, ctypes.c_size_t, ctypes.POINTER(c_kind), c_err]),
    "aotcompat_detect_file": (c_status, [c_str, c_str, ctypes.POINTER(c_kind), c_err]),
    "aotcompat_engine_new_native": (c_status, [c_str, c_err, c_err]),
    "aotcompat_engine_from_artifact": (c_status, [c_str, c_p, ctypes.c_size_t, c_err, c_err]),
    "aotcompat_engine_from_artifact_file": (c_status, [c_str, c_str, c_err, c_err]),
    "aotcompat_engine_free": (None, [c_p]),
    "aotcompat_engine_profile": (c_str, [c_p]),
    "aotcompat_engine_target": (c_str, [c_p]),
    "aotcompat_engine_version": (c_str, [c_p]),
    "aotcompat_engine_builder_new": (c_status, [c_str, c_err, c_err]),
    "aotcompat_engine_builder_from_artifact": (c_status, [c_str, c_p, ctypes.c_size_t, c_err, c_err]),
    "aotcompat_engine_builder_set_target": (c_status, [c_p, c_str, c_err]),
    "aotcompat_engine_builder_set_flag_bool": (c_status, [c_p, ctypes.c_uint32, c_str, ctypes.c_bool, c_err]),
    "aotcompat_engine_builder_set_flag_num": (c_status, [c_p, ctypes.c_uint32, c_str, ctypes.c_uint8, c_err]),
    "aotcompat_engine_builder_set_flag_enum": (c_status, [c_p, ctypes.c_uint32, c_str, c_str, c_err]),
    "aotcompat_engine_builder_set_tunable_json": (c_status, [c_p, c_str, c_str, c_err]),
    "aotcompat_engine_builder_set_feature": (c_status, [c_p, c_str, ctypes.c_bool, c_err]),
    "aotcompat_engine_builder_set_version_wasmtime": (c_status, [c_p, c_err]),
    "aotcompat_engine_builder_set_version_custom": (c_status, [c_p, c_str, c_err]),
    "aotcompat_engine_builder_set_version_none": (c_status, [c_p, c_err]),
    "aotcompat_engine_builder_set_gc_support": (c_status, [c_p, ctypes.c_bool, c_err]),
    "aotcompat_engine_builder_set_rule": (
        c_status,
        [c_p, ctypes.c_uint32, c_str, ctypes.c_uint32, c_str, c_err],
    ),
    "aotcompat_engine_builder_set_probe_none": (c_status, [c_p, c_err]),
    "aotcompat_engine_builder_set_probe_native": (c_status, [c_p, c_err]),
    "aotcompat_engine_builder_set_probe_list": (c_status, [c_p, c_str, c_err]),
    "aotcompat_engine_builder_set_probe_callback": (
        c_status,
        [c_p, PROBE_CALLBACK, c_p, FINALIZER, c_err],
    ),
    "aotcompat_engine_builder_build": (c_status, [c_p, c_err, c_err]),
    "aotcompat_engine_builder_free": (None, [c_p]),
    "aotcompat_engine_detect_feature": (c_status, [c_p, c_str, ctypes.POINTER(ctypes.c_int32), c_err]),
    "aotcompat_check": (c_status, [c_p, c_p, ctypes.c_size_t, c_kind, c_err, c_err]),
    "aotcompat_check_all": (c_status, [c_p, c_p, ctypes.c_size_t, c_kind, c_err, c_err]),
    "aotcompat_check_file": (c_status, [c_p, c_str, c_kind, c_err, c_err]),
    "aotcompat_check_file_all": (c_status, [c_p, c_str, c_kind, c_err, c_err]),
    "aotcompat_engine_check_host": (c_status, [c_p, c_err, c_err]),
    "aotcompat_engine_check_host_all": (c_status, [c_p, c_err, c_err]),
    "aotcompat_report_is_compatible": (ctypes.c_bool, [c_p]),
    "aotcompat_report_message": (c_str, [c_p]),
    "aotcompat_report_mismatch_count": (ctypes.c_size_t, [c_p]),
    "aotcompat_report_mismatch_category": (ctypes.c_uint32, [c_p, ctypes.c_size_t]),
    "aotcompat_category_name": (c_str, [ctypes.c_uint32]),
    "aotcompat_report_mismatch_field": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_mismatch_artifact": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_mismatch_host": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_mismatch_probe": (
        ctypes.c_bool,
        [c_p, ctypes.c_size_t, ctypes.POINTER(c_str), ctypes.POINTER(ctypes.c_int32)],
    ),
    "aotcompat_report_mismatch_message": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_note_count": (ctypes.c_size_t, [c_p]),
    "aotcompat_report_note": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_advice_count": (ctypes.c_size_t, [c_p]),
    "aotcompat_report_advice_category": (ctypes.c_uint32, [c_p, ctypes.c_size_t]),
    "aotcompat_report_advice_field": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_advice_artifact": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_advice_host": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_advice_message": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_report_free": (None, [c_p]),
    "aotcompat_engine_load_key": (c_status, [c_p, c_p, ctypes.c_size_t, c_err]),
    "aotcompat_engine_identity_key": (c_status, [c_p, c_p, ctypes.c_size_t, c_err]),
    "aotcompat_artifact_write": (c_status, [c_p, c_kind, c_p, ctypes.c_size_t, c_err, c_err]),
    "aotcompat_artifact_stamp": (c_status, [c_p, c_kind, c_p, ctypes.c_size_t, c_err, c_err]),
    "aotcompat_artifact_add_digest": (c_status, [c_p, ctypes.c_size_t, c_err, c_err]),
    "aotcompat_verify": (c_status, [c_p, ctypes.c_size_t, c_p, c_err]),
    "aotcompat_verify_file": (c_status, [c_str, c_p, c_err]),
    "aotcompat_bytes_data": (c_p, [c_p]),
    "aotcompat_bytes_len": (ctypes.c_size_t, [c_p]),
    "aotcompat_bytes_free": (None, [c_p]),
    "aotcompat_metadata_read": (c_status, [c_str, c_p, ctypes.c_size_t, c_err, c_err]),
    "aotcompat_metadata_read_file": (c_status, [c_str, c_str, c_err, c_err]),
    "aotcompat_engine_describe": (c_status, [c_p, c_err, c_err]),
    "aotcompat_metadata_kind": (c_kind, [c_p]),
    "aotcompat_metadata_profile": (c_str, [c_p]),
    "aotcompat_metadata_version": (c_str, [c_p]),
    "aotcompat_metadata_target": (c_str, [c_p]),
    "aotcompat_metadata_flag_count": (ctypes.c_size_t, [c_p, ctypes.c_uint32]),
    "aotcompat_metadata_flag_name": (c_str, [c_p, ctypes.c_uint32, ctypes.c_size_t]),
    "aotcompat_metadata_flag_value": (c_str, [c_p, ctypes.c_uint32, ctypes.c_size_t]),
    "aotcompat_metadata_tunable_count": (ctypes.c_size_t, [c_p]),
    "aotcompat_metadata_tunable_name": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_metadata_tunable_json": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_metadata_feature_count": (ctypes.c_size_t, [c_p]),
    "aotcompat_metadata_feature_name": (c_str, [c_p, ctypes.c_size_t]),
    "aotcompat_metadata_feature_enabled": (ctypes.c_bool, [c_p, ctypes.c_size_t]),
    "aotcompat_metadata_free": (None, [c_p]),
    "aotcompat_test_force_panic": (c_status, [c_err]),
}

for _name, (_restype, _argtypes) in _DECLARATIONS.items():
    _f = getattr(lib, _name)
    _f.restype = _restype
    _f.argtypes = _argtypes

DECLARED = frozenset(_DECLARATIONS)
