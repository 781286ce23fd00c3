"""Test helpers for the Excel add-in: real workbooks as xlwings clients send them,
and the clients' actions replayed onto a copy of the file.

Payload shapes follow xlwings 0.37.8 ``addin/Remote.bas`` (client "VBA"), ``js/xlwings.ts``
(client "Microsoft Office Scripts") and
xlwings-server 1.20.0 ``static/js/custom-scripts/index.js`` (client
"Office.js"); see ../shared/xlwings/XLWINGS_NOTES.md §1:

* every sheet's ``values`` start at A1 and end at the last used cell;
* empty cells are ``null`` (VBA) or ``""`` (Office.js, Office Scripts); dates are ISO strings;
  errors are their text (``"#REF!"``);
* VBA and Office Scripts send only names that refer to a range; Office.js sends every name with
  ``refers_to``, plus per sheet ``notes`` (the addresses of cells with a note).

openpyxl only knows the values Excel cached, so formula cells of a generated
workbook arrive empty; the reader never reads formula cells, so nothing
depends on them.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

VBA = "VBA"
OFFICE_JS = "Office.js"
OFFICE_SCRIPTS = "Microsoft Office Scripts"

# The actions each client implements (XLWINGS_NOTES.md §2).  VBA's are the
# ``Sub X(wb As Workbook, action As Dictionary)`` of Remote.bas — Office
# Scripts and Google Apps Script implement the same 37 names.
VBA_ACTIONS = frozenset({
    "setValues", "rangeClearContents", "rangeClearFormats", "rangeClear", "addSheet",
    "setSheetName", "setAutofit", "setRangeColor", "activateSheet", "addHyperlink",
    "setNumberFormat", "setPictureName", "setPictureHeight", "setPictureWidth",
    "deletePicture", "addPicture", "updatePicture", "alert", "setRangeName", "namesAdd",
    "nameDelete", "runMacro", "rangeDelete", "rangeInsert", "rangeSelect", "addTable",
    "setTableName", "resizeTable", "showAutofilterTable", "showHeadersTable",
    "showTotalsTable", "setTableStyle", "copyRange", "sheetDelete", "sheetClear",
    "sheetClearContents", "sheetClearFormats",
})
# The callbacks map (``let funcs = {…}``) of xlwings-server 1.20.0's index.js.
OFFICE_JS_ACTIONS = frozenset({
    "activateSheet", "addChart", "addComment", "addCommentReply", "addConditionalFormat",
    "addHyperlink", "addNote", "addPicture", "addPivotField", "addPivotTable",
    "addPivotValueField", "addSheet", "addTable", "addTableColumn", "addTableRow", "alert",
    "applyAutoFilterRange", "applyAutoFilterTable", "calculate", "clearAutoFilterRange",
    "clearAutoFilterTable", "clearConditionalFormats", "copyFromRange", "copyRange",
    "copySheet", "deleteChart", "deleteComment", "deleteConditionalFormat",
    "deleteDataValidation", "deleteNote", "deletePicture", "deletePivotTable", "deleteShape",
    "deleteTableColumn", "deleteTableRow", "freezePaneAtRange", "freezePaneUnfreeze",
    "moveRange", "nameDelete", "namesAdd", "rangeAdjustIndent", "rangeAutofill", "rangeClear",
    "rangeClearContents", "rangeClearFormats", "rangeDelete", "rangeGroup", "rangeInsert",
    "rangeMerge", "rangeRemoveDuplicates", "rangeReplaceAll", "rangeSelect", "rangeSort",
    "rangeUngroup", "rangeUnmerge", "refreshPivotTable", "removePivotField",
    "removePivotValueField", "resizeTable", "runMacro", "save", "scaleShape", "setAutofit",
    "setBorderProperty", "setCalculation", "setChartAxis", "setChartLegend", "setChartName",
    "setChartPlotBy", "setChartPosition", "setChartSeries", "setChartSourceData",
    "setChartStyle", "setChartTitle", "setChartType", "setChartXAxisValues", "setColumnHidden",
    "setColumnWidth", "setCommentResolved", "setCommentText", "setConditionalFormat",
    "setDataValidationList", "setDataValidationRule", "setFontProperty", "setFormula",
    "setFormulaArray", "setHorizontalAlignment", "setNameRefersTo", "setNoteText",
    "setNumberFormat", "setPictureHeight", "setPictureLeft", "setPictureLockAspectRatio",
    "setPictureName", "setPictureTop", "setPictureWidth", "setPivotLayout",
    "setPivotTableName", "setPivotValueField", "setPrintArea", "setRangeColor",
    "setRangeColors", "setRangeName", "setRowHeight", "setRowHidden", "setScreenUpdating",
    "setShapeFontProperty", "setShapeHeight", "setShapeLeft", "setShapeName", "setShapeText",
    "setShapeTop", "setShapeWidth", "setSheetAutofit", "setSheetName", "setSheetPosition",
    "setSheetVisibility", "setShowGridlines", "setTableName", "setTableStyle", "setValues",
    "setVerticalAlignment", "setWrapText", "sheetClear", "sheetClearContents",
    "sheetClearFormats", "sheetDelete", "showAutofilterTable", "showHeadersTable",
    "showTableStyleColumnStripes", "showTableStyleFirstColumn", "showTableStyleLastColumn",
    "showTableStyleRowStripes", "showTotalsTable", "tableSort", "updatePicture",
})
CLIENT_ACTIONS = {VBA: VBA_ACTIONS, OFFICE_SCRIPTS: VBA_ACTIONS, OFFICE_JS: OFFICE_JS_ACTIONS}


def payload(path: Path, client: str) -> dict[str, Any]:
    """The JSON body the ``client`` would post for the workbook at ``path``."""
    wb = openpyxl.load_workbook(path, data_only=True)
    body: dict[str, Any] = {
        "client": client,
        "version": xw.__version__,
        "book": {"name": Path(path).name, "active_sheet_index": 0, "selection": "A1"},
        "names": _names(wb, client),
        "sheets": [],
    }
    if client == OFFICE_JS:
        body["book"]["calculation"] = "Automatic"
    for ws in wb.worksheets:
        sheet: dict[str, Any] = {"name": ws.title, "values": _values(ws, client),
                                 "pictures": [], "tables": []}
        if client == OFFICE_JS:
            sheet.update(
                visibility="Visible", show_gridlines=True, print_area=None,
                notes=[{"address": c.coordinate} for row in ws.iter_rows() for c in row
                       if c.comment is not None],
                notes_supported=True,
                used_range_address=f"A1:{get_column_letter(ws.max_column)}{ws.max_row}",
                used_range_row_count=ws.max_row, used_range_column_count=ws.max_column,
                shapes=[], charts=[], pivot_tables=[])
        body["sheets"].append(sheet)
    return body


def _values(ws, client: str) -> list[list[Any]]:
    empty = None if client == VBA else ""
    rows = []
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=1, max_col=ws.max_column):
        rows.append([_value(c.value, empty) for c in row])
    return rows or [[]]


def _value(value: Any, empty: Any) -> Any:
    if value is None:
        return empty
    if isinstance(value, (dt.datetime, dt.date)):
        day = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
        return day.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return value


def _names(wb, client: str) -> list[dict[str, Any]]:
    names = []
    for name, dn in wb.defined_names.items():
        destinations = list(dn.destinations) if dn.type == "RANGE" else []
        entry: dict[str, Any] = {"name": name, "book_scope": True, "scope_sheet_name": None,
                                 "scope_sheet_index": None, "sheet_index": None, "address": None}
        if destinations:
            sheet, ref = destinations[0]
            entry.update(sheet_index=wb.sheetnames.index(sheet), address=ref.replace("$", ""))
        elif client != OFFICE_JS:
            continue  # only names that refer to a range
        if client == OFFICE_JS:
            entry.update(refers_to=f"={dn.attr_text}",
                         type="Range" if destinations else "String")
        names.append(entry)
    return names


def replay(path: Path, actions: list[dict[str, Any]], out: Path) -> Path:
    """Apply recorded actions to a copy of ``path`` the way the client would."""
    wb = openpyxl.load_workbook(path)
    for action in actions:
        func = action["func"]
        if func == "alert":
            continue
        ws = wb.worksheets[action["sheet_position"]]
        top, left = action["start_row"] + 1, action["start_column"] + 1
        cells = [ws.cell(top + r, left + c) for r in range(action["row_count"])
                 for c in range(action["column_count"])]
        args = action["args"]
        if func == "setValues":
            for r, row in enumerate(action["values"]):
                for c, value in enumerate(row):
                    if isinstance(value, str) and value.startswith("'"):
                        value = value[1:]  # Excel's text prefix
                    ws.cell(top + r, left + c).value = value if value != "" else None
        elif func == "setRangeColor":
            fill = PatternFill(fill_type="solid", start_color=args[0][1:], end_color=args[0][1:]) \
                if args[0] else PatternFill(fill_type=None)
            for cell in cells:
                cell.fill = fill
        elif func == "addHyperlink":
            cell = cells[0]
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=args[0].removeprefix("#"))
            cell.value = args[1]
        elif func == "addNote" or func == "setNoteText":
            cells[0].comment = Comment(args[1], "giar-xl")
        elif func == "deleteNote":
            cells[0].comment = None
        elif func == "setBorderProperty":
            _set_border(ws, cells, top, left, action, *args)
        elif func == "rangeDelete":
            _delete_up(ws, top, left, top + action["row_count"] - 1,
                       left + action["column_count"] - 1)
        else:
            raise AssertionError(f"replay does not know {func}")
    wb.save(out)
    return out


# Office.js border weights <-> the single line style of OOXML/openpyxl.
_WEIGHT = {"hair": "hairline", "thin": "thin", "medium": "medium", "thick": "thick"}
_STYLE = {weight: style for style, weight in _WEIGHT.items()}


def _set_border(ws, cells, top: int, left: int, action: dict, side: str, attribute: str,
                value: Any) -> None:
    """Office.js ``range.format.borders.getItem(side)[attribute] = value`` on the outline."""
    edge = side.removeprefix("edge_")
    assert edge in ("top", "bottom", "left", "right"), f"replay does not know {side}"
    bottom, right = top + action["row_count"] - 1, left + action["column_count"] - 1
    on_edge = {"top": lambda c: c.row == top, "bottom": lambda c: c.row == bottom,
               "left": lambda c: c.column == left, "right": lambda c: c.column == right}[edge]
    for cell in filter(on_edge, cells):
        border = copy.copy(cell.border)
        old = getattr(border, edge)
        drawn = old is not None and old.style is not None
        weight = _WEIGHT.get(old.style, "thin") if drawn else "thin"
        colour = old.color if old is not None else None
        if attribute == "line_style":
            assert value in (None, "none", "continuous"), value
            drawn = value == "continuous"
        elif attribute == "weight":
            weight = value
        elif attribute == "color":
            colour = value.removeprefix("#")
        else:
            raise AssertionError(f"unknown border attribute {attribute}")
        setattr(border, edge, Side(style=_STYLE[weight] if drawn else None, color=colour))
        cell.border = border


def _delete_up(ws, top: int, left: int, bottom: int, right: int) -> None:
    """Excel's Range.Delete(xlShiftUp), for a block with nothing below it."""
    assert bottom >= ws.max_row, "replay only deletes blocks at the end of a sheet"
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row >= top and merged.max_row <= bottom:
            ws.unmerge_cells(str(merged))
    for row in range(top, bottom + 1):
        for col in range(left, right + 1):
            cell = ws.cell(row, col)
            cell.value, cell.hyperlink, cell.comment = None, None, None
            cell.fill = PatternFill(fill_type=None)
