"""Expectations shared by the export tests, computed from the format and a report."""

from __future__ import annotations

from giar_xl.export.document import Grid, ReportDocument
from giar_xl.export.sanitize import format_value
from giar_xl.model import Report
from giar_xl.spec import FormatSpec

# Narrative text as clerks paste it from web pages and Word: markup-like
# characters, quotes, emoji, and control characters XML does not allow.
NASTY = ("A&B <script>alert(1)</script> \"双引号\" '单引号' “全角” 😀🇨🇳 "
         "x\x0by\x0cz\x1fw\x00v\x7f 结束\t制表")
NASTY_CONTROLS = ("\x0b", "\x0c", "\x1f", "\x00", "\x7f")


def table_fields(spec: FormatSpec) -> set[str]:
    """The report fields of the statistics tables (what every export must print)."""
    return {f.id for f in spec.report_fields() if f.table}


def previous_fields(spec: FormatSpec) -> set[str]:
    return {f.id for f in spec.fields.values() if f.role == "previous"}


def slot_texts(grid: Grid) -> list[list[str]]:
    """Every slot's text, a merged cell's text repeated in each slot it covers
    (how python-docx reports merged cells)."""
    return [[cell.text for cell in row] for row in grid.slots()]


def group_slot_texts(grids: list[Grid]) -> list[list[str]]:
    """The slots of grids printed as one table: a caption row spans the full width."""
    rows: list[list[str]] = []
    for grid in grids:
        if grid.caption:
            rows.append([grid.caption] * grid.n_cols)
        rows += slot_texts(grid)
    return rows


def expected_values(report: Report) -> dict[str, str]:
    """Field id -> the text an export must print for it."""
    return {fid: format_value(report[fid]) for fid in table_fields(report.spec)}


def headings(doc: ReportDocument) -> list[str]:
    return [s.heading for s in doc.sections]


def subheadings(doc: ReportDocument) -> list[str]:
    return [b.text for s in doc.sections for b in s.blocks if b.kind == "heading"]


def paragraphs(doc: ReportDocument) -> list[str]:
    return [p.text for p in doc.preface] + [
        b.text for s in doc.sections for b in s.blocks if b.kind == "paragraph"]
