"""Test helpers that damage .xlsx files the way other programs would."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path


def patch_xlsx(src: Path, dst: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """Copy an .xlsx, rewriting some parts' XML text (as another program would save it)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return dst


def sheet_part(xlsx: Path, sheet_name: str) -> str:
    """The zip part of a worksheet, looked up by its name."""
    with zipfile.ZipFile(xlsx) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'name="{re.escape(sheet_name)}"[^>]*r:id="(rId\d+)"', wb).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = target.group(1) or target.group(2)
    return path.lstrip("/") if path.startswith("/") else f"xl/{path}"


def set_cell_xml(xml: str, ref: str, cell_xml: str) -> str:
    """Replace cell ``ref`` in a worksheet's XML by ``cell_xml`` (the cell must exist)."""
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.S)
    assert pattern.search(xml), f"cell {ref} not in sheet XML"
    return pattern.sub(cell_xml, xml, count=1)
