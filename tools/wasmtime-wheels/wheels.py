"""Installing PyPI `wasmtime` wheels into a scratch directory and running
workers inside them."""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "worker.py")

# anyhow appends a backtrace to `{:?}` unless these are 0.
QUIET_ENV = {"RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}


def index_versions():
    """Every `wasmtime` version the package index lists (`pip index versions`)."""
    out = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", "wasmtime"],
        check=True, capture_output=True, text=True,
    ).stdout
    line = next(l for l in out.splitlines() if l.startswith("Available versions:"))
    return [v.strip() for v in line.split(":", 1)[1].split(",")]


def version_key(version):
    return tuple(int(p) for p in version.split("."))


def newest_per_line(versions, line_of):
    """The newest version of each release line (`line_of(version)` names it)."""
    newest = {}
    for v in versions:
        if not re.fullmatch(r"\d+\.\d+\.\d+", v):
            continue  # pre-releases
        line = line_of(v)
        if line is not None and (line not in newest or version_key(v) > version_key(newest[line])):
            newest[line] = v
    return newest


def install(version, scratch):
    """`pip install --no-deps --target` of wasmtime==version; the directory."""
    target = os.path.join(scratch, version)
    if not os.path.isfile(os.path.join(target, "wasmtime", "__init__.py")):
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
             "--disable-pip-version-check", "--target", target, f"wasmtime=={version}"],
            check=True, env=dict(os.environ, PIP_ROOT_USER_ACTION="ignore"),
        )
    return target


class WorkerDied(Exception):
    """The worker process ended without an answer (wasmtime aborted it)."""

    def __init__(self, stderr):
        super().__init__(stderr)
        self.stderr = stderr

    def reason(self):
        """The panic message wasmtime printed before aborting, if any."""
        lines = [l for l in self.stderr.splitlines() if l.strip()]
        for i, line in enumerate(lines):
            if "panicked at" in line:
                rest = line.split("panicked at", 1)[1]
                # Rust >= 1.73 puts the message on the next line.
                if rest.strip().endswith(":") and i + 1 < len(lines):
                    return lines[i + 1].strip()
                return rest.strip()
        return lines[-1] if lines else "no output"


class WorkerError(Exception):
    """The job raised an exception (a WasmtimeError: its text is anyhow's `{:?}`)."""

    def __init__(self, type_name, text):
        super().__init__(f"{type_name}: {text}")
        self.type_name = type_name
        self.text = text


def run_worker(wheel_dir, request):
    """Runs one worker job inside `wheel_dir`; its answer, or raises."""
    env = dict(os.environ, PYTHONPATH=wheel_dir, **QUIET_ENV)
    proc = subprocess.run(
        [sys.executable, WORKER], input=json.dumps(request), env=env,
        capture_output=True, text=True,
    )
    if proc.returncode != 0 or not proc.stdout:
        raise WorkerDied(proc.stderr)
    answer = json.loads(proc.stdout)
    if "error" in answer:
        raise WorkerError(answer["type"], answer["error"])
    return answer["ok"]
