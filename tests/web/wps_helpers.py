"""The WPS stand-in's workbook: a workbook file as the JSON ``et_standin.js`` loads,
and the marks it holds after the add-in's buttons ran."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import to_excel

from giar_xl.web.wps import XL_CONTINUOUS, XL_WEIGHTS

STANDIN_JS = Path(__file__).with_name("wps_standin") / "et_standin.js"
ALLOW = {  # ET's Protection.Allow… -> openpyxl's sheet protection flag (True = not allowed)
    "AllowFormattingCells": "formatCells", "AllowFormattingColumns": "formatColumns",
    "AllowFormattingRows": "formatRows", "AllowInsertingColumns": "insertColumns",
    "AllowInsertingRows": "insertRows", "AllowInsertingHyperlinks": "insertHyperlinks",
    "AllowDeletingColumns": "deleteColumns", "AllowDeletingRows": "deleteRows",
    "AllowSorting": "sort", "AllowFiltering": "autoFilter", "AllowUsingPivotTables": "pivotTables",
}


def _fill(fill) -> str | None:
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = fill.start_color.rgb
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def _border(border) -> dict | None:
    """A cell's outline as the stand-in keeps it: edge (xlEdge…) -> line, weight, colour."""
    edges = {7: border.left, 8: border.top, 9: border.bottom, 10: border.right}
    found = {}
    for edge, side in edges.items():
        if side is not None and side.style is not None:
            weight = {"hair": "hairline", "medium": "medium", "thick": "thick"}.get(side.style, "thin")
            rgb = side.color.rgb if side.color is not None and isinstance(side.color.rgb, str) else "000000"
            found[str(edge)] = {"lineStyle": XL_CONTINUOUS, "weight": XL_WEIGHTS[weight],
                                "color": rgb[-6:].upper()}
    return found or None


def _value(value):
    """What Range.Value2 gives: dates as serial numbers, everything else as stored."""
    if isinstance(value, (dt.datetime, dt.date)):
        return to_excel(value)
    return value


def workbook_snapshot(path: Path, full_name: str) -> dict:
    """The workbook at ``path`` as WPS would hold it open from ``full_name``."""
    values = openpyxl.load_workbook(path, data_only=True)
    book = openpyxl.load_workbook(path)
    styles = {style.name: {"fill": _fill(style.fill), "locked": bool(style.protection.locked),
                           "border": _border(style.border)} for style in book._named_styles}
    sheets = []
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                value = values[ws.title][cell.coordinate].value
                if value is None and cell.style == "Normal" and cell.comment is None \
                        and _fill(cell.fill) is None:
                    continue
                cells[cell.coordinate] = {
                    "value": _value(value), "style": cell.style, "fill": _fill(cell.fill),
                    "locked": bool(cell.protection.locked),
                    "comment": {"text": cell.comment.text, "width": None, "height": None}
                    if cell.comment else None, "link": None, "border": _border(cell.border)}
        protection = ws.protection
        sheets.append({"name": ws.title, "cells": cells, "protection": {
            "contents": bool(protection.sheet),
            "drawingObjects": bool(protection.sheet and protection.objects),
            "scenarios": bool(protection.sheet and protection.scenarios),
            "password": protection.password or None,
            "allow": {key: not getattr(protection, flag) for key, flag in ALLOW.items()}}})
    names = [{"name": name, "refersTo": "=" + dn.attr_text} for name, dn in book.defined_names.items()]
    return {"name": Path(full_name.replace("\\", "/")).name, "fullName": full_name,
            "date1904": bool(book.epoch == openpyxl.utils.datetime.CALENDAR_MAC_1904),
            "styles": styles, "sheets": sheets, "names": names}


def marked_cells(state: dict, fills: set[str]) -> set[tuple[str, str]]:
    """(sheet, cell) of every cell whose fill is one of ``fills``."""
    return {(sheet["name"], ref) for sheet in state["sheets"]
            for ref, cell in sheet["cells"].items() if cell["fill"] in fills}
