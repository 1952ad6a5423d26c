#!/usr/bin/env python3
"""Writes a profile's defaults (src/profiles/defaults/wasmtime-<major>.json,
or wasmtime-0.<minor>.json, wasmtime-1.json and wasmtime-2.json for the
pre-3.0 releases) from the real default artifact in its fixtures.

A native engine of a profile compiles with what a default `Config` of that
release writes: its shared flags, tunables and features. They are read,
not typed: `aotcompat inspect --json` of the fixtures' `default-module`
(compiled by the real wasmtime), keeping those three fields and noting the
source. ISA flags are not taken (they depend on the CPU; see
`src/profiles/tables/native.rs`).

Usage (from the repository root, after `cargo build`):

    tools/profile-defaults/defaults.py 24 25      # these majors
    tools/profile-defaults/defaults.py 0.33 1.0   # pre-3.0 releases (legacy-<x.y>)
    tools/profile-defaults/defaults.py --missing  # every fixture without one

The pre-3.0 releases 0.26 to 0.29 write their flags in a `HashMap`'s
order, different in every run; the file keeps the default artifact's.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
DEFAULTS = ROOT / "src" / "profiles" / "defaults"
AOTCOMPAT = ROOT / "target" / "debug" / "aotcompat"


def names(release: str) -> tuple:
    """(fixture directory, profile) of a major (`24`) or a pre-3.0 line
    (`0.33`, `1.0`, `2.0`)."""
    if "." not in release:
        return f"wasmtime-{release}", f"wasmtime-{release}"
    major, minor = release.split(".")
    profile = f"wasmtime-{release}" if major == "0" else f"wasmtime-{major}"
    return f"legacy-{release}", profile


def write_defaults(release: str) -> Path:
    fixture_dir, profile = names(release)
    fixture = FIXTURES / fixture_dir
    manifest = json.loads((fixture / "manifest.json").read_text())
    entry = next(a for a in manifest["artifacts"] if a["name"] == "default-module")
    artifact = fixture / entry["file"]
    out = subprocess.run(
        [str(AOTCOMPAT), "inspect", "--json", "--profile", profile, str(artifact)],
        check=True,
        capture_output=True,
        text=True,
    )
    inspected = json.loads(out.stdout)
    origin = manifest.get("source") or f"wasmtime {manifest['wasmtime_version']}"
    defaults = {
        "source": f"{artifact.relative_to(ROOT)}: {entry['description']} ({origin})",
        "shared_flags": inspected["shared_flags"],
        "tunables": inspected["tunables"],
        "features": inspected["features"],
    }
    path = DEFAULTS / f"{profile}.json"
    path.write_text(layout(defaults))
    return path


def layout(defaults: dict) -> str:
    """The JSON with one flag or setting per line, as the files are kept."""
    flags = ",\n".join(f"    {json.dumps(pair)}" for pair in defaults["shared_flags"])
    parts = [
        f'  "source": {json.dumps(defaults["source"])}',
        f'  "shared_flags": [\n{flags}\n  ]',
    ]
    for key in ("tunables", "features"):
        body = ",\n".join(f"    {json.dumps(k)}: {json.dumps(v)}" for k, v in defaults[key].items())
        parts.append(f'  "{key}": {{\n{body}\n  }}')
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main(args: list[str]) -> None:
    if not AOTCOMPAT.exists():
        sys.exit(f"{AOTCOMPAT} is missing: run `cargo build` first")
    if args == ["--missing"]:
        releases = [
            d.name.removeprefix("wasmtime-").removeprefix("legacy-")
            for d in sorted(FIXTURES.glob("wasmtime-*")) + sorted(FIXTURES.glob("legacy-*"))
        ]
        releases = [r for r in releases if not (DEFAULTS / f"{names(r)[1]}.json").exists()]
    elif args and all(a.replace(".", "", 1).isdigit() for a in args):
        releases = args
    else:
        sys.exit(__doc__)
    for release in releases:
        print(write_defaults(release).relative_to(ROOT))


if __name__ == "__main__":
    main(sys.argv[1:])
