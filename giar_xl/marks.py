"""What a check leaves in a workbook, as data: cell marks and the 校验结果 rows.

The annotated copy (``check --annotate``, openpyxl) and the Excel add-in
(xlwings) apply the same :class:`MarkPlan`, so both look alike and both can
remove exactly what they added: a mark is a cell fill in one of
:data:`~giar_xl.workbook.design.MARK_FILLS` plus a note starting with
:data:`NOTE_PREFIX`.  The cell the broken sums point at (:data:`LEAD_RULES`)
is a *suspect*: its own fill, a thick red frame where the program can draw
one, its message first in the note and its row first in 校验结果.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import __version__
from .cells import cell_name, quote_sheet, range_cells
from .findings import ERROR, SEVERITY_LABEL, WARNING, Finding, sorted_findings
from .rules.catalog import rule_title
from .rules.context import show
from .rules.suspects import SUSPECT
from .spec import FormatSpec
from .workbook.design import mark_fill

NOTE_PREFIX = "【giar-xl 校验】"
ACCEPTED_LABEL = "已接受"
LEAD_RULES = frozenset({SUSPECT})  # findings that name the cell to correct first


@dataclass(frozen=True)
class CellMark:
    """The fill and note one flagged cell gets."""

    sheet: str
    cell: str
    severity: str  # the worst finding of the cell
    fill: str  # RGB hex
    note: str
    suspect: bool = False  # the cell most likely mistyped: framed as well as filled


@dataclass(frozen=True)
class ResultRow:
    """One row of the 校验结果 sheet."""

    values: tuple  # in the results sheet's column order
    severity: str
    accepted: bool
    link: tuple[str, str] | None  # (sheet, cell) the 位置 column links to
    suspect: bool = False

    @property
    def fill(self) -> str | None:
        """The fill of its 级别 cell (none once accepted)."""
        return None if self.accepted else mark_fill(self.severity, self.suspect)


@dataclass(frozen=True)
class MarkPlan:
    """Everything a check leaves in a workbook (cell marks and the 校验结果 rows)."""

    marks: tuple[CellMark, ...]
    rows: tuple[ResultRow, ...]
    title: str  # row 1 of the results sheet
    summary: str  # one line for a message box or the terminal


def plan_marks(findings: Sequence[Finding], spec: FormatSpec,
               checked_at: dt.datetime | None = None) -> MarkPlan:
    ordered = sorted_findings(findings, [s.name for s in spec.sheets])
    ordered.sort(key=lambda f: not is_suspect(f))  # stable: suspects first, else as sorted
    summary = summary_line(ordered)
    when = (checked_at or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    title = f"校验结果：{summary}（{when}，giar-xl {__version__}）"
    return MarkPlan(tuple(_cell_marks(ordered)), tuple(_rows(ordered, spec)), title, summary)


def summary_line(findings: Iterable[Finding]) -> str:
    findings = list(findings)
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = sum(1 for f in findings if f.severity == WARNING and not f.accepted)
    accepted = sum(1 for f in findings if f.accepted)
    if not errors and not warnings:
        tail = f"（另有 {accepted} 个已接受的提醒）" if accepted else ""
        return f"未发现问题{tail}"
    parts = [f"{errors} 个错误" if errors else "", f"{warnings} 个提醒" if warnings else "",
             f"{accepted} 个已接受的提醒" if accepted else ""]
    return "，".join(p for p in parts if p)


def _cell_marks(findings: Sequence[Finding]) -> list[CellMark]:
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.sheet and f.cell and not f.accepted:
            for cell in _covered(f):
                by_cell.setdefault((f.sheet, cell), []).append(f)
    marks = []
    for (sheet, cell), items in by_cell.items():
        severity = ERROR if any(f.severity == ERROR for f in items) else WARNING
        suspect = any(is_suspect(f) for f in items)
        marks.append(CellMark(sheet, cell, severity, mark_fill(severity, suspect),
                              note_text(items), suspect))
    return marks


def _covered(finding: Finding) -> list[str]:
    """The cells a finding marks: its cell, then every other cell of its block."""
    cells = [finding.cell]
    for ref in finding.cells:
        cells += [cell_name(r, c) for r, c in range_cells(ref) if cell_name(r, c) not in cells]
    return cells


def is_suspect(finding: Finding) -> bool:
    return finding.rule in LEAD_RULES and not finding.accepted


def note_text(findings: Sequence[Finding]) -> str:
    lines = [NOTE_PREFIX]
    for f in findings:
        lines.append(f"{'×' if f.severity == ERROR else '△'} {SEVERITY_LABEL[f.severity]}："
                     f"{f.message}")
        if f.expected is not None or f.actual is not None:
            lines.append(f"   应为 {_cell_text(f.expected)}，实际 {_cell_text(f.actual)}")
        if f.source:
            lines.append(f"   原文：{f.source}")
    return "\n".join(lines)


def note_size(note: str) -> tuple[int, int]:
    """Width and height (points) of a note box that shows ``note`` without scrolling."""
    return 360, min(60 + 18 * note.count("\n"), 400)


def _rows(findings: Sequence[Finding], spec: FormatSpec) -> list[ResultRow]:
    columns = [c.key for c in spec.results_sheet.columns]
    rows = []
    for index, f in enumerate(findings, start=1):
        label = ACCEPTED_LABEL if f.accepted else SEVERITY_LABEL[f.severity]
        where = f.where + (f"（{f.source}）" if f.source and f.cell else "")
        values = {"index": index, "severity": label, "where": where, "message": f.message,
                  "expected": _cell_text(f.expected), "actual": _cell_text(f.actual),
                  "rule": rule_title(f.rule, spec), "reason": f.accepted or "",
                  "fingerprint": f.fingerprint}
        link = (f.sheet, f.cell) if f.sheet and f.cell else None
        rows.append(ResultRow(tuple(values[k] for k in columns), f.severity, bool(f.accepted),
                              link, is_suspect(f)))
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else show(value)


def link_target(sheet: str, cell: str) -> str:
    """The in-workbook hyperlink location of a cell (``'三、依申请公开'!D7``)."""
    return f"{quote_sheet(sheet)}!{cell}"
