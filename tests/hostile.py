"""Builders of hostile and broken inputs for the reliability tests."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

Edit = bytes | Callable[[bytes], bytes] | None  # new bytes, a rewrite, or None: drop the member


def rezip(src: Path, dst: Path, edits: dict[str, Edit], extra: dict[str, bytes] | None = None) -> Path:
    """Copy a zip package, replacing, rewriting or dropping members, and adding ``extra``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            edit = edits.get(info.filename, ...)
            if edit is None:
                continue
            data = zin.read(info)
            if edit is not ...:
                data = edit(data) if callable(edit) else edit
            zout.writestr(info, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def force_sparse(monkeypatch, plain: bool) -> None:
    """Make the reader read every worksheet without python-calamine: by picking the cells
    out of the XML (``plain``, when the sheet allows it) or by streaming it."""
    from giar_xl.workbook import ooxml
    from giar_xl.workbook.sheetscan import SheetScan

    real = ooxml.scan_sheet

    def forced(xml: bytes, shared_strings_bytes: int = 0) -> SheetScan:
        scan = real(xml, shared_strings_bytes)
        if b"sheetData" not in xml:  # not a worksheet
            return scan
        return SheetScan(fits=False, plain=scan.plain and plain)

    monkeypatch.setattr(ooxml, "scan_sheet", forced)


def add_to_sheet_data(xml: bytes, rows: bytes) -> bytes:
    """A worksheet part with ``rows`` (XML) added at the end of its sheetData."""
    assert b"</sheetData>" in xml
    return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


@dataclass(frozen=True)
class RawMember:
    """A zip member written byte for byte: ``data`` is already compressed with ``method``,
    and ``size`` and ``crc`` are what the headers claim (true or not)."""

    name: str
    data: bytes
    size: int
    crc: int = 0
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(data: bytes) -> RawMember:
    """An honest member holding ``data``."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return RawMember("", packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))


def zeros_stream(mebibytes: int) -> bytes:
    """A deflate stream of ``mebibytes`` MiB of zero bytes, made in milliseconds: one
    self-contained block repeated (a 2 GiB member costs about 2 MB of file)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(b"\0" * (1 << 20)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * mebibytes + packer.flush()


def write_raw_zip(path: Path, members: list[RawMember]) -> Path:
    """A zip file with exactly the given members and headers."""
    body, directory = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, m.flags, m.method, 0, 0x21,
                             m.crc, len(m.data), m.size, len(name), 0)
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, m.flags, m.method, 0,
                                 0x21, m.crc, len(m.data), m.size, len(name), 0, 0, 0, 0, 0,
                                 len(body)) + name
        body += header + name + m.data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory),
                      len(body), 0)
    path.write_bytes(bytes(body + directory + end))
    return path


def docx_parts(document: bytes) -> list[RawMember]:
    """The members of a minimal Word package whose main part is ``document``."""
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>')
    return [replace(deflated(rels), name="_rels/.rels"),
            replace(deflated(document), name="word/document.xml")]
