"""giar-xl's own workbook printed to PDF (Excel/WPS 「另存为 PDF」, LibreOffice) or saved as a
web page: its helper cells are not the report.

A clerk may publish the filled workbook as printed instead of ``giar-xl export``.  Its
pages then carry, besides the report's cells, what the workbook adds for the clerk: the
cover's title 「… · 填报工作簿」, the grey 「应为」 cells right of or below a table, each
sheet's self-check line (「自检·不符（处） 0 提醒（处） 0 未填（格） 0」), the cover's
自检汇总 and 填表说明, and the 校验结果 sheet.  All of them are known from the format
(sheet titles, the relations' 应为 labels, the workbook's instructions) and from the
workbook's own words (:mod:`giar_xl.workbook.selfcheck`); they are dropped here, and the
cover's labelled cells (机关名称, 报告年度, 发布日期, 报告前言) are read as such.  A narrative
form row (label | text) reads as the report prints it: the sub-heading, then the text.
Nothing changes for lines that do not start with the cover's title.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ..spec import FormatSpec
from ..workbook import selfcheck
from .furniture import is_page_number
from .labels import squash
from .lines import Line

_FIGURES = re.compile(r"[\d.,?？+\-]+")
HEAD_LINES = 40
SHEET_CAPTION_CHARS = 12
_RULE = re.compile(r"^([*=_\-~])\1{4,}$")
_ROW_NUMBER = re.compile(r"\s*第\s*\d+\s*行$")


@dataclass(frozen=True)
class _Furniture:
    cover_title: str  # squashed
    results_title: str
    helper_labels: tuple[str, ...]  # squashed, longest first: 应为 labels, self-check labels
    summary_header: str
    self_check: str  # squashed label of the first self-check count
    instructions_caption: str
    notes: str  # the instructions and the check_only line, squashed and joined
    cover_fields: dict[str, str]  # squashed label -> field id
    text_fields: dict[str, str]  # squashed label of a narrative form row -> its sub-heading
    sheet_names: tuple[str, ...]  # without spaces, as the page footer prints them
    sheet_titles: frozenset[str]  # squashed


@dataclass
class PrintedCover:
    """The cover's labelled cells as printed: field id -> (text, the line it is on)."""

    cells: dict[str, tuple[str, Line]]


@functools.lru_cache(maxsize=4)
def _furniture(spec: FormatSpec) -> _Furniture:
    cover = next(s for s in spec.sheets if s.role == "cover")
    helpers = {squash(label.text) for label in spec.labels() if label.kind == "check"}
    helpers |= {squash(text) for text in selfcheck.LABELS.values()}
    notes = "".join(squash(text) for text in (*spec.instructions, spec.check_only))
    cover_fields = {squash(spec.fields[f].row_path[0]): f for f in cover.fields}
    texts = [f for f in spec.fields.values()
             if f.type == "text" and f.sheet != cover.name and f.row_path]
    # a section's only text field is labelled with the section's own name: no sub-heading
    shared = {f.section for f in texts if sum(g.section == f.section for g in texts) > 1}
    text_fields = {squash(f.row_path[0]): f.row_path[0] if f.section in shared else ""
                   for f in texts}
    return _Furniture(squash(cover.title), squash(spec.results_sheet.title),
                      tuple(sorted(helpers, key=len, reverse=True)),
                      squash(selfcheck.SUMMARY_HEADERS[0]), squash(selfcheck.LABELS["errors"]),
                      squash(selfcheck.INSTRUCTIONS_CAPTION), notes, cover_fields, text_fields,
                      tuple(s.name.replace(" ", "") for s in spec.sheets),
                      frozenset(squash(s.title) for s in spec.sheets if s.title))


def _cover_title_at(lines: list[Line], spec: FormatSpec) -> int | None:
    """Where the workbook starts: at the cover's title (「… · 填报工作簿」) if near the start
    (a web page saved by LibreOffice lists the sheets before it), else at the first line
    when some sheet's self-check line is there (sheets printed without the cover)."""
    furniture = _furniture(spec)
    found = next((i for i, ln in enumerate(lines[:HEAD_LINES])
                  if squash(ln.text) == furniture.cover_title), None)
    if found is None and any(_is_self_check(ln, furniture) for ln in lines):
        return 0
    return found


def is_printed_workbook(lines: list[Line], spec: FormatSpec) -> bool:
    """Whether ``lines`` are a giar-xl workbook printed or saved as a page."""
    return _cover_title_at(lines, spec) is not None


def read_printed_workbook(lines: list[Line], spec: FormatSpec) -> tuple[list[Line], PrintedCover]:
    """(``lines`` without the workbook's helper cells, the cover's labelled cells).

    Lines that are not a printed workbook come back unchanged with an empty cover.
    """
    start = _cover_title_at(lines, spec)
    if start is None:
        return lines, PrintedCover({})
    furniture = _furniture(spec)
    cover = PrintedCover({})
    kept: list[Line] = []
    expected_column = in_summary = False
    table = ""
    for line in lines[start:]:
        if line.blank:
            kept.append(line)
            continue
        text = squash(line.text)
        if text == furniture.results_title:
            break  # the 校验结果 sheet comes last and holds no part of the report
        if not line.structured or _table_of(line) != table:
            expected_column = in_summary = False
        table = _table_of(line)
        if (text == furniture.cover_title or _is_note(text, furniture)
                or _is_footer(line, furniture) or _is_sheet_caption(line, furniture)):
            continue
        if line.structured and text in furniture.sheet_titles and len(line.labels) == 1:
            kept.append(Line(line.where, (line.labels[0],), heading=True))  # a title row
            continue
        if _is_helper(text, furniture):
            # 应为 cells below a table may print as rows of figures above their labels
            # (one label per row): each bare label takes one such row with it
            if (not re.search(r"\d", text) and kept and kept[-1].structured
                    and not kept[-1].labels and kept[-1].values):
                kept.pop()
            continue
        first = squash(line.cells[0]) if line.cells else ""
        if line.structured and (in_summary or first == furniture.summary_header):
            in_summary = True
            continue
        if line.structured and _labels_expected_column(line, furniture):
            expected_column = True
            line = _without_last_cell(line)
        elif expected_column and line.structured and line.values:
            line = _without_last_cell(line)
        field = furniture.cover_fields.get(first) if line.structured else None
        if field is not None:
            value = " ".join(c for c in line.cells[1:] if c.strip()).strip()
            if value:
                cover.cells[field] = (value, line)
            continue
        kept.extend(_narrative_row(line, furniture))
    return kept, cover


def _table_of(line: Line) -> str:
    """「第 5 页表格 12」 of 「第 5 页表格 12 第 1 行」: rows of one printed table share it."""
    return _ROW_NUMBER.sub("", line.where) if line.structured else ""


def _is_footer(line: Line, furniture: _Furniture) -> bool:
    """The workbook's page footer: sheet name, then 「第 3 页，共 9 页」."""
    text = line.text.replace(" ", "").replace("\u3000", "")
    return not line.structured and any(
        text.startswith(name) and is_page_number(text[len(name):])
        for name in furniture.sheet_names)


def _is_sheet_caption(line: Line, furniture: _Furniture) -> bool:
    """「Sheet 2: 一、总体情况」 above each sheet of a web page LibreOffice saved, and the
    rule between sheets."""
    text = line.text.replace(" ", "")
    if not line.structured and _RULE.match(text):
        return True  # the 「*****」 line LibreOffice puts between sheets
    return not line.structured and any(
        text.endswith(name) and len(text) - len(name) <= SHEET_CAPTION_CHARS
        and text != name for name in furniture.sheet_names)


def _is_note(text: str, furniture: _Furniture) -> bool:
    """A line of the cover's 填表说明 (or its heading, or the 只有「校验」能查 line)."""
    bare = re.sub(r"^\d+\.", "", text)
    return text == furniture.instructions_caption or (len(bare) >= 6 and bare in furniture.notes)


def _is_helper(text: str, furniture: _Furniture) -> bool:
    """Only 应为 or self-check labels and their figures (「总计应为 0 总计应为 0」)."""
    rest = text
    for label in furniture.helper_labels:
        rest = rest.replace(label, "")
    return rest != text and not _FIGURES.sub("", rest)


def _is_self_check(line: Line, furniture: _Furniture) -> bool:
    """「自检·不符（处） 0 提醒（处） 0 未填（格） 0」, row 2 of a section sheet."""
    text = squash(line.text)
    return furniture.self_check in text and _is_helper(text, furniture)


def _labels_expected_column(line: Line, furniture: _Furniture) -> bool:
    """A header row whose last cell names an 应为 column (「总计应为」 right of the table)."""
    filled = [squash(c) for c in line.cells if c.strip()]
    return len(filled) >= 2 and filled[-1] in furniture.helper_labels


def _without_last_cell(line: Line) -> Line:
    """The row without its 应为 cell (the last, blank or not: the table's grid gives it)."""
    return replace(line, cells=line.cells[:-1])


def _narrative_row(line: Line, furniture: _Furniture) -> list[Line]:
    """A form row 「（一）主动公开 | text」 as the report prints it: heading, then text."""
    if not line.structured or len([c for c in line.cells if c.strip()]) != 2:
        return [line]
    label, text = (c for c in line.cells if c.strip())
    heading = furniture.text_fields.get(squash(label))
    if heading is None:
        return [line]
    return [Line(line.where, (label,)), Line(line.where, (text,))] if heading else [
        Line(line.where, (text,))]
