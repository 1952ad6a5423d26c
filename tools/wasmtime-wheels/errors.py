"""anyhow's `{:?}` error text, as the wasmtime C API gives it, turned into
anyhow's `{:#}` form (`outer: cause: cause`), which the replay compares.

anyhow's Debug writes the outermost error's Display, then, if it has causes,
"\n\nCaused by:" and one line per cause: "    text" for a single cause,
"{n:>5}: text" for several. A cause whose text spans several lines has its
later lines indented by 4 (single cause) or 7 (numbered) spaces. Debug of a
chain never ends in a newline, but some wheels' error messages do; one
trailing newline is dropped.
"""

CAUSED_BY = "\n\nCaused by:\n"


class FormatError(ValueError):
    """The text is not in the shape anyhow's Debug writes."""


def alternate(debug_text):
    """`{:#}` of the error whose `{:?}` is `debug_text`."""
    text = debug_text[:-1] if debug_text.endswith("\n") else debug_text
    outer, sep, rest = text.partition(CAUSED_BY)
    if not sep:
        return outer
    if CAUSED_BY in rest:
        raise FormatError(f"two 'Caused by' sections in {debug_text!r}")
    return ": ".join([outer] + _causes(rest.split("\n")))


def _causes(lines):
    """The causes' texts from the indented lines after 'Caused by:'."""
    if lines[0].startswith(f"{0:>5}: "):
        return _numbered(lines)
    return ["\n".join(_strip(line, "    ", lines) for line in lines)]


def _numbered(lines):
    causes = []
    for line in lines:
        label = f"{len(causes):>5}: "
        if line.startswith(label):
            causes.append([line[len(label):]])
        elif causes:
            causes[-1].append(_strip(line, " " * 7, lines))
        else:
            raise FormatError(f"unexpected cause line {line!r}")
    return ["\n".join(c) for c in causes]


def _strip(line, indent, lines):
    if not line.startswith(indent):
        raise FormatError(f"cause line {line!r} is not indented by {len(indent)} in {lines!r}")
    return line[len(indent):]
