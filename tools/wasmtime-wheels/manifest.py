"""Writing a fixture directory's manifest.json in the layout the crate-made
manifests have (tests/common/mod.rs reads both): top-level fields first,
then one JSON object per line in each list."""

import json


def _one(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render(top, lists):
    """`top`: ordered (key, value) pairs written on one line each; `lists`:
    ordered (key, [object]) pairs written one object per line."""
    lines = ["{"]
    entries = [f'  "{k}": {_one(v)}' for k, v in top]
    for key, items in lists:
        body = ",\n".join(f"    {_one(item)}" for item in items)
        entries.append(f'  "{key}": [\n{body}\n  ]' if items else f'  "{key}": []')
    lines.append(",\n".join(entries))
    lines.append("}")
    return "\n".join(lines) + "\n"
