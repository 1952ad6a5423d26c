"""Just enough ELF64 to find `.wasmtime.engine` and the legacy
`\\0wasmtime-aot` trailer, and to make the corrupted inputs."""

import struct

ENGINE_SECTION = b".wasmtime.engine"
LEGACY_MARK = b"\0wasmtime-aot"

EI_OSABI = 7
E_FLAGS = 0x30


class Section:
    def __init__(self, name, header_offset, offset, size):
        self.name = name
        self.header_offset = header_offset  # where its Elf64_Shdr starts
        self.offset = offset
        self.size = size


def sections(data):
    """The sections of a little-endian ELF64 image, with their names."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian ELF64 image")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    raw = []
    for i in range(shnum):
        at = shoff + i * shentsize
        name, _type, _flags, _addr, offset, size = struct.unpack_from("<IIQQQQ", data, at)
        raw.append((name, at, offset, size))
    names_at, names_size = raw[shstrndx][2], raw[shstrndx][3]
    names = data[names_at:names_at + names_size]
    return [Section(names[n:names.index(b"\0", n)], at, off, size) for n, at, off, size in raw]


def engine_section(data):
    found = [s for s in sections(data) if s.name == ENGINE_SECTION]
    if len(found) != 1:
        raise ValueError(f"{len(found)} {ENGINE_SECTION.decode()} sections")
    return found[0]


def engine_version(data):
    """The version string of a `.wasmtime.engine` section (3.0 and later)."""
    s = engine_section(data)
    body = data[s.offset:s.offset + s.size]
    return body[2:2 + body[1]].decode()


def legacy_version_at(data):
    """(offset, string) of the version string after the legacy mark."""
    at = data.index(LEGACY_MARK) + len(LEGACY_MARK)
    return at + 1, data[at + 1:at + 1 + data[at]].decode()


def legacy_version(data):
    return legacy_version_at(data)[1]


def with_byte(data, at, value):
    out = bytearray(data)
    out[at] = value
    return bytes(out)


def with_u32(data, at, value):
    out = bytearray(data)
    struct.pack_into("<I", out, at, value)
    return bytes(out)


def with_engine_size(data, size):
    out = bytearray(data)
    struct.pack_into("<Q", out, engine_section(data).header_offset + 0x20, size)
    return bytes(out)


def with_last_version_char(data, version_offset, version):
    """The version string's last character replaced by 'x' (same length)."""
    return with_byte(data, version_offset + len(version) - 1, ord("x"))
