"""Reading the VBA source out of an .xlam, with the standard library only.

``giar-xl addin build`` and ``status`` must confirm that the VBA inside an
add-in carries the installed xlwings version — on a clerk's Windows PC, where
oletools is not installed.  An .xlam keeps its VBA in ``xl/vbaProject.bin``,
a Compound File ([MS-CFB]) whose ``VBA/dir`` stream lists the modules and
whose module streams hold the source, compressed per [MS-OVBA] 2.4.1.

Only reading is implemented, and only what the VBA project needs.  The tests
compare the result with oletools on xlwings' own add-ins.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

VBA_PART = "xl/vbaProject.bin"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_NO_STREAM = 0xFFFFFFFF
_VERSION_STAMP = re.compile(rb'^\s*Public Const XLWINGS_VERSION As String = "([^"]+)"',
                            re.MULTILINE)


class VbaError(Exception):
    """The file holds no readable VBA project."""


def read_modules(xlam: str | Path) -> dict[str, bytes]:
    """Module name -> decompressed source (bytes in the project's code page)."""
    try:
        with zipfile.ZipFile(xlam) as archive:
            data = archive.read(VBA_PART)
    except (KeyError, zipfile.BadZipFile, OSError) as exc:
        raise VbaError(f"{xlam}: no {VBA_PART} ({exc})") from exc
    return modules_of_project(data)


def modules_of_project(vba_project: bytes) -> dict[str, bytes]:
    """The modules of a ``vbaProject.bin``."""
    cfb = CompoundFile(vba_project)
    modules = {}
    for name, stream, offset in _module_records(decompress(cfb.stream("VBA/dir"))):
        modules[name] = decompress(cfb.stream(f"VBA/{stream}")[offset:])
    return modules


def xlwings_version(modules: dict[str, bytes]) -> str | None:
    """The ``XLWINGS_VERSION`` constant of the xlwings module, if there is one."""
    for source in modules.values():
        match = _VERSION_STAMP.search(source)
        if match:
            return match.group(1).decode("ascii")
    return None


# -- [MS-OVBA] 2.4.1: decompression ----------------------------------------------
def decompress(container: bytes) -> bytes:
    """Decompress a CompressedContainer."""
    if not container or container[0] != 1:
        raise VbaError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos + 2 <= len(container):
        header = struct.unpack_from("<H", container, pos)[0]
        end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        if not header & 0x8000:  # an uncompressed chunk: 4096 raw bytes
            out += container[pos:pos + 4096]
            pos += 4096
            continue
        chunk_start = len(out)
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags >> bit & 1:
                    out.append(container[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", container, pos)[0]
                pos += 2
                bit_count = max((len(out) - chunk_start - 1).bit_length(), 4)
                offset = (token >> (16 - bit_count)) + 1
                length = (token & (0xFFFF >> bit_count)) + 3
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


# -- [MS-OVBA] 2.3.4.2: the dir stream ------------------------------------------
_PROJECT_VERSION, _MODULE_NAME, _STREAM_NAME, _MODULE_OFFSET, _MODULE_END = \
    0x0009, 0x0019, 0x001A, 0x0031, 0x002B


def _module_records(dir_stream: bytes) -> list[tuple[str, str, int]]:
    """(module name, stream name, source offset) of each module."""
    modules = []
    name = stream = None
    offset = 0
    pos = 0
    while pos + 6 <= len(dir_stream):
        record, size = struct.unpack_from("<HI", dir_stream, pos)
        if record == _PROJECT_VERSION:  # its size field is followed by 6 more bytes
            pos += 12
            continue
        data = dir_stream[pos + 6:pos + 6 + size]
        pos += 6 + size
        if record == _MODULE_NAME:
            name = data.decode("latin-1")
        elif record == _STREAM_NAME:
            stream = data.decode("latin-1")
        elif record == _MODULE_OFFSET:
            offset = struct.unpack("<I", data)[0]
        elif record == _MODULE_END and name is not None:
            modules.append((name, stream or name, offset))
            name = stream = None
            offset = 0
    return modules


# -- [MS-CFB]: just enough to open streams ------------------------------------------
class CompoundFile:
    """A read-only Compound File Binary file held in memory."""

    def __init__(self, data: bytes):
        if data[:8] != _CFB_MAGIC:
            raise VbaError("not a compound file")
        self.data = data
        self.sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
        self.mini_size = 1 << struct.unpack_from("<H", data, 32)[0]
        (fat_sectors, first_dir, _, self.mini_cutoff, first_minifat, minifat_sectors,
         first_difat, difat_sectors) = struct.unpack_from("<IIIIIIII", data, 44)
        self.fat = self._read_fat(fat_sectors, first_difat, difat_sectors)
        entries = self._chain_bytes(first_dir, self.fat, self.sector_size, self._sector)
        self.entries = [entries[i:i + 128] for i in range(0, len(entries), 128)]
        root_start, root_size = self._start_size(0)
        self.ministream = self._chain_bytes(root_start, self.fat, self.sector_size,
                                            self._sector)[:root_size]
        minifat = self._chain_bytes(first_minifat, self.fat, self.sector_size, self._sector) \
            if minifat_sectors else b""
        self.minifat = list(struct.unpack(f"<{len(minifat) // 4}I", minifat))

    def stream(self, path: str) -> bytes:
        """The content of the stream at ``path`` (``"VBA/dir"``); names match case-insensitively."""
        entry = 0
        for part in path.split("/"):
            entry = self._child(entry, part)
        start, size = self._start_size(entry)
        if size < self.mini_cutoff:
            return self._chain_bytes(start, self.minifat, self.mini_size, self._mini)[:size]
        return self._chain_bytes(start, self.fat, self.sector_size, self._sector)[:size]

    def _read_fat(self, fat_sectors: int, first_difat: int, difat_sectors: int) -> list[int]:
        difat = list(struct.unpack_from("<109I", self.data, 76))
        sector = first_difat
        for _ in range(difat_sectors):
            values = struct.unpack_from(f"<{self.sector_size // 4}I", self._sector(sector))
            difat += values[:-1]
            sector = values[-1]
        fat: list[int] = []
        for sector in difat[:fat_sectors]:
            fat += struct.unpack(f"<{self.sector_size // 4}I", self._sector(sector))
        return fat

    def _sector(self, index: int) -> bytes:
        start = (index + 1) * self.sector_size
        return self.data[start:start + self.sector_size]

    def _mini(self, index: int) -> bytes:
        start = index * self.mini_size
        return self.ministream[start:start + self.mini_size]

    @staticmethod
    def _chain_bytes(start: int, table: list[int], size: int, read) -> bytes:
        parts, seen = [], set()
        while start not in (_END_OF_CHAIN, _NO_STREAM):
            if start in seen or start >= len(table):
                raise VbaError("broken sector chain")
            seen.add(start)
            parts.append(read(start))
            start = table[start]
        return b"".join(parts)

    def _start_size(self, entry: int) -> tuple[int, int]:
        start, size = struct.unpack_from("<IQ", self.entries[entry], 116)
        if self.sector_size == 512:
            size &= 0xFFFFFFFF  # version 3 files: the high half is undefined
        return start, size

    def _name(self, entry: int) -> str:
        raw = self.entries[entry]
        length = struct.unpack_from("<H", raw, 64)[0]
        return raw[:max(length - 2, 0)].decode("utf-16-le")

    def _child(self, parent: int, name: str) -> int:
        """The entry named ``name`` among ``parent``'s children (a red-black tree)."""
        pending = [struct.unpack_from("<I", self.entries[parent], 76)[0]]
        while pending:
            entry = pending.pop()
            if entry == _NO_STREAM:
                continue
            if self._name(entry).upper() == name.upper():
                return entry
            left, right = struct.unpack_from("<II", self.entries[entry], 68)
            pending += [left, right]
        raise VbaError(f"no stream {name!r} in the VBA project")
