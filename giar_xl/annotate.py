"""``check --annotate``: write a marked copy of a workbook (never the original).

Each flagged cell gets a red (error) or yellow (warning) fill and a note with
the message (the cell the broken sums point at: an orange fill and a thick
red frame); the 校验结果 sheet lists every finding with a link to its cell
and keeps the reasons reviewers gave for accepting warnings.  Marks of an
earlier run are removed first, so annotating an annotated copy does not
stack them.
"""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Border, Font, Side
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from . import zipsafe
from .errors import InputError, library_text
from .fileio import atomic_save
from .findings import ERROR, FileResult
from .marks import NOTE_PREFIX, CellMark, MarkPlan, link_target, note_size, plan_marks
from .model import Report
from .spec import FormatSpec, load_spec
from .workbook.build import build_workbook, long_text_height
from .workbook.design import MARK_FILLS, SUSPECT_BORDER, designed_styles, mark_fill, mark_font
from .workbook.styles import STYLES, solid
from .workbook.textcells import put, xml_safe

FIRST_RESULT_ROW = 3  # row 1: title, row 2: column headers
# openpyxl holds a whole workbook in memory (~10 times its XML) and makes a cell object
# for every cell of a merged range or ranged link and of the used range it is walked
# over: marked copies are written for workbooks within these limits, which no real
# report reaches (about 0.2 MB of XML and a few thousand cells).
MAX_MARKED_XML_BYTES = 2 * 1024 * 1024
MAX_MARKED_CELLS = 200_000
_RANGE_REF = re.compile(rb"""\bref\s*=\s*["']([^"'<>]*:[^"'<>]*)["']""")
LINK_COLOUR = "0563C1"  # Excel's hyperlink blue


def annotate_workbook(source: str | Path, out: str | Path, result: FileResult,
                      spec: FormatSpec | None = None, *, overwrite: bool = False) -> Path:
    """Copy ``source`` to ``out`` with ``result``'s findings marked; returns ``out``."""
    spec = spec or load_spec()
    source, out = Path(source), Path(out)
    if out.resolve() == source.resolve():
        raise InputError("标注结果必须写到另一个文件，不能覆盖原工作簿。", str(out))
    _refuse_oversized(source)
    try:
        wb = openpyxl.load_workbook(source)
    except Exception as exc:  # openpyxl raises many types for files calamine could read
        raise InputError(f"无法打开工作簿写入标注（{library_text(exc)}）。", str(source)) from exc
    if sum(ws.max_row * ws.max_column for ws in wb.worksheets) > MAX_MARKED_CELLS:
        raise _too_large(source)
    _fit_long_texts(wb, spec)
    return _mark_and_save(wb, out, result, spec, overwrite)


def _fit_long_texts(wb: Workbook, spec: FormatSpec) -> None:
    """Rows of the narrative cells grown to show their text whole, as the copy is read and
    printed to review it (the clerk's row heights are fixed: Excel does not grow them)."""
    for f in spec.fields.values():
        if not f.long or f.sheet not in wb.sheetnames:
            continue
        ws = wb[f.sheet]
        text = ws[f.cell].value
        if not isinstance(text, str):
            continue
        widths = {column_index_from_string(letter): dim.width
                  for letter, dim in ws.column_dimensions.items() if dim.width}
        row = ws.row_dimensions[ws[f.cell].row]
        row.height = max(row.height or 0, long_text_height(text, f.merge or f.cell, widths))


def _refuse_oversized(source: Path) -> None:
    """Refuse a workbook whose XML, or whose merged or linked ranges, exceed the limits."""
    with zipsafe.open_zip(source, "Excel 工作簿") as package:
        parts = [info.filename for info in package.archive.infolist()
                 if info.filename.lower().endswith((".xml", ".rels", ".vml"))]
        if sum(package.info(name).file_size for name in parts) > MAX_MARKED_XML_BYTES:
            raise _too_large(source)
        cells = 0
        for name in parts:
            for match in _RANGE_REF.finditer(package.read(name, MAX_MARKED_XML_BYTES)):
                cells += _cells_in(match.group(1).decode("ascii", "replace"))
                if cells > MAX_MARKED_CELLS:
                    raise _too_large(source)


def _cells_in(ref: str) -> int:
    """How many cells a range such as "A1:D7", "A:A" or "3:3" covers (0 if malformed)."""
    try:
        left, top, right, bottom = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0
    return ((bottom or 1048576) - (top or 1) + 1) * ((right or 16384) - (left or 1) + 1)


def _too_large(source: Path) -> InputError:
    return InputError(f"工作簿过大：标注副本只为解压后不超过 "
                      f"{MAX_MARKED_XML_BYTES // 1048576} MB、已用区域（含合并单元格）合计不超过 "
                      f"{MAX_MARKED_CELLS:,} 个单元格的工作簿写出（正常的年报工作簿约 0.2 MB、"
                      f"几千个单元格）。校验结果不受影响。", str(source))


def annotate_report(report: Report, out: str | Path, result: FileResult, *,
                    overwrite: bool = False) -> Path:
    """A new workbook holding ``report`` (e.g. an imported published report), marked."""
    return _mark_and_save(build_workbook(report.spec, report), Path(out), result, report.spec,
                          overwrite)


def _mark_and_save(wb: Workbook, out: Path, result: FileResult, spec: FormatSpec,
                   overwrite: bool) -> Path:
    clear_marks(wb, spec)
    plan = plan_marks(result.findings, spec)
    _apply_marks(wb, plan)
    _write_results(wb, plan, spec)
    return atomic_save(wb, out, overwrite)


def clear_marks(wb: Workbook, spec: FormatSpec) -> None:
    """Remove exactly what an earlier run added: mark fills, giar-xl notes, result rows."""
    designed = designed_styles(spec)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.comment is not None and cell.comment.text.startswith(NOTE_PREFIX):
                    cell.comment = None
                if _fill_rgb(cell) in MARK_FILLS:
                    key = designed.get((ws.title, cell.coordinate))
                    if key:
                        cell.style = STYLES[key].name
    if spec.results_sheet.name in wb.sheetnames:
        _clear_results(wb[spec.results_sheet.name])


def _fill_rgb(cell) -> str | None:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid" or fill.start_color is None:
        return None
    rgb = fill.start_color.rgb
    return rgb[-6:].upper() if isinstance(rgb, str) else None


def _apply_marks(wb: Workbook, plan: MarkPlan) -> None:
    shown: dict[tuple[str, str], list[CellMark]] = {}  # marks by the cell that shows them
    for mark in plan.marks:
        if mark.sheet in wb.sheetnames:
            cell = _anchor(wb[mark.sheet], mark.cell)
            shown.setdefault((mark.sheet, cell.coordinate), []).append(mark)
    for (sheet, ref), marks in shown.items():
        cell = wb[sheet][ref]
        severity = ERROR if any(m.severity == ERROR for m in marks) else marks[0].severity
        suspect = any(m.suspect for m in marks)
        cell.fill = solid(mark_fill(severity, suspect))
        font = copy(cell.font)
        font.color, font.bold = mark_font(severity, suspect), True
        cell.font = font
        if suspect:
            cell.border = _FRAME
        text = "\n".join(_note_of(m, ref) if i == 0 else _note_of(m, ref)[len(NOTE_PREFIX):]
                         for i, m in enumerate(marks))
        note = Comment(xml_safe(text), "giar-xl")
        note.width, note.height = note_size(text)
        cell.comment = note


def _note_of(mark: CellMark, shown_at: str) -> str:
    """A mark's note; one shown on a merged range's first cell names its own cell."""
    if mark.cell == shown_at:
        return mark.note
    return mark.note.replace(NOTE_PREFIX, f"{NOTE_PREFIX}\n（{mark.cell}，在合并单元格内）", 1)


def _anchor(ws: Worksheet, ref: str) -> Cell:
    """The cell that shows ``ref``: itself, or the top-left cell of the merge covering it
    (a merged-away cell can hold neither a fill that shows nor a note)."""
    cell = ws[ref]
    if isinstance(cell, MergedCell):
        for merged in ws.merged_cells.ranges:
            if ref in merged:
                return ws.cell(merged.min_row, merged.min_col)
    return cell


_THICK = Side(style="thick", color=SUSPECT_BORDER)
_FRAME = Border(left=_THICK, right=_THICK, top=_THICK, bottom=_THICK)


def _clear_results(ws: Worksheet) -> None:
    for merged in list(ws.merged_cells.ranges):
        if merged.min_row >= FIRST_RESULT_ROW:
            ws.unmerge_cells(str(merged))
    if ws.max_row >= FIRST_RESULT_ROW:
        ws.delete_rows(FIRST_RESULT_ROW, ws.max_row - FIRST_RESULT_ROW + 1)
    ws["A1"] = None


def _write_results(wb: Workbook, plan: MarkPlan, spec: FormatSpec) -> None:
    sheet = spec.results_sheet
    if sheet.name not in wb.sheetnames:  # an old or edited workbook: recreate the list
        ws = wb.create_sheet(sheet.name)
        for i, column in enumerate(sheet.columns, start=1):
            ws.cell(2, i, column.label).style = STYLES["header"].name
    ws = wb[sheet.name]
    ws["A1"].style = STYLES["title"].name
    put(ws["A1"], plan.title)
    where_col = sheet.column_of("where")
    message_col = sheet.column_of("message")
    if not plan.rows:
        cell = ws.cell(FIRST_RESULT_ROW, 1)
        cell.style = STYLES["note"].name
        put(cell, "√ " + plan.summary)
        return
    for offset, row in enumerate(plan.rows):
        r = FIRST_RESULT_ROW + offset
        for c, value in enumerate(row.values, start=1):
            cell = ws.cell(r, c)
            cell.style = STYLES["note"].name  # a named style resets the quote prefix: set it first
            put(cell, value)
        # marks change colour and weight only: every column keeps the list's font and alignment
        severity_cell = ws.cell(r, sheet.column_of("severity"))
        if row.fill:
            severity_cell.fill = solid(row.fill)
            severity_cell.font = _restyled(severity_cell.font, bold=True,
                                           color=mark_font(row.severity, row.suspect))
        if row.link:
            link = ws.cell(r, where_col)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=link_target(*row.link))
            link.font = _restyled(link.font, color=LINK_COLOUR, underline="single")
        ws.row_dimensions[r].height = max(18, 15 * (1 + len(str(row.values[message_col - 1])) // 38))


def _restyled(font: Font, **changes) -> Font:
    new = copy(font)
    for key, value in changes.items():
        setattr(new, key, value)
    return new
