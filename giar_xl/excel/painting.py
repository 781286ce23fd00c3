"""Putting a :class:`~giar_xl.marks.MarkPlan` into the live workbook, and taking it out.

What giar-xl adds is known exactly: the fill of marked cells (error red,
warning yellow, suspect orange), the thick red frame of a suspect cell
(where the client can draw borders), a note starting with
:data:`~giar_xl.marks.NOTE_PREFIX`, and the rows of the 校验结果 sheet,
whose 位置 column names every marked cell and whose 规则 column tells the
suspects.  So a new check or 清除标记 first works out what an earlier run
left — the cells the results list names, plus cells carrying a giar-xl note
— and then only writes the difference: fills back to the designed colour
where a mark goes away, new fills where one comes, frames drawn or taken
back to the designed border, notes added, changed or deleted.

Writes are batched: fills per rectangle of equal colour, the whole results
table as one value write.  Written against the xlwings API; what differs
between Excel and the remote clients goes through :mod:`.engine`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..annotate import FIRST_RESULT_ROW
from ..cells import parse_cell
from ..marks import ACCEPTED_LABEL, LEAD_RULES, CellMark, MarkPlan, ResultRow
from ..rules.catalog import rule_info
from ..spec import FormatSpec
from ..workbook.design import STYLE_FILL, designed_fill, designed_styles
from ..workbook.styles import STYLES
from ..workbook.textcells import literal
from .batching import rectangles
from .engine import Engine
from .source import BookCellSource

if TYPE_CHECKING:
    import xlwings as xw

_WHERE = re.compile(r"^(?P<sheet>.+)!\$?(?P<col>[A-Z]{1,3})\$?(?P<row>[0-9]+)(?:（.*）)?$", re.DOTALL)


@dataclass
class Outcome:
    """What a run changed, for the closing message."""

    marked: int = 0  # cells coloured now
    cleared: int = 0  # cells whose earlier mark was taken away
    result_rows: int = 0  # rows written to / removed from the 校验结果 sheet
    results_sheet: bool = True  # the workbook has a 校验结果 sheet
    locked_sheets: list[str] = field(default_factory=list)  # protected with a password
    unmarkable: int = 0  # cells the client cannot colour and restore (listed only)


class Painter:
    """Applies marks to one book; use :meth:`apply` (a plan) or :meth:`clear`."""

    def __init__(self, book: xw.Book, engine: Engine, spec: FormatSpec,
                 source: BookCellSource):
        self.book, self.engine, self.spec, self.source = book, engine, spec, source
        self.results_name = spec.results_sheet.name
        self.has_results = self.results_name in source.sheet_names

    def apply(self, plan: MarkPlan) -> Outcome:
        """Mark the plan's cells and write its 校验结果 rows, replacing any earlier run."""
        wanted = {(m.sheet, m.cell): m for m in plan.marks if m.sheet in self.source.sheet_names}
        return self._run(wanted, plan.title, plan.rows, plan.summary)

    def clear(self) -> Outcome:
        """Take away everything an earlier run added (fills, notes, results rows)."""
        return self._run({}, self._designed_title(), (), None)

    def _run(self, wanted: dict[tuple[str, str], CellMark], title: str,
             rows: Iterable[ResultRow], summary: str | None) -> Outcome:
        outcome = Outcome(results_sheet=self.has_results)
        changes = self._changes(wanted)
        touched = list(changes) + ([self.results_name] if self.has_results else [])
        with self.engine.unprotected(touched) as writable:
            outcome.locked_sheets = [name for name in touched if name not in writable]
            # The list first: should a client fail on a protected sheet, it is there.
            if self.results_name in writable:
                self._write_results(title, list(rows), summary, outcome)
            for name in changes:
                if name in writable:
                    self._paint_sheet(changes[name], outcome)
        return outcome

    # -- cells ----------------------------------------------------------------
    def _changes(self, wanted: dict[tuple[str, str], CellMark]) -> dict[str, _SheetChanges]:
        """Per sheet: what an earlier run marked, what to mark now, which notes are there."""
        grid = self._earlier_results()
        earlier = listed_cells(grid, self.spec)
        framed = listed_cells(grid, self.spec, only=LEAD_RULES) if self.engine.caps.borders else {}
        changes: dict[str, _SheetChanges] = {}
        for name in self.source.sheet_names:
            if name == self.results_name:
                continue
            listed = earlier.get(name, set())
            new = {cell: m for (sheet, cell), m in wanted.items() if sheet == name}
            notes = self.engine.existing_notes(self.book.sheets[name], listed | set(new), listed)
            sheet_changes = _SheetChanges(name, listed, new, notes, framed.get(name, set()))
            if sheet_changes.touches_anything():
                changes[name] = sheet_changes
        return changes

    def _paint_sheet(self, changes: _SheetChanges, outcome: Outcome) -> None:
        sheet = self.book.sheets[changes.name]
        self._restore(sheet, changes, outcome)
        if self.engine.caps.borders:
            self._unframe(sheet, changes)
        self._mark(sheet, changes, outcome)
        if self.engine.caps.borders:
            for cell in sorted(changes.to_frame(), key=parse_cell):
                self.engine.frame(sheet.range(cell))
        if self.engine.caps.notes:
            self._notes(sheet, changes)

    def _can_mark(self, sheet_name: str, cell: str) -> bool:
        """Only a mark that can be taken away again is made: a client that cannot
        remove a fill (VBA) leaves cells without a designed fill uncoloured."""
        return self.engine.caps.clear_fill or designed_fill(self.spec, sheet_name, cell) is not None

    def _restore(self, sheet: xw.Sheet, changes: _SheetChanges, outcome: Outcome) -> None:
        designed = designed_styles(self.spec)
        by_style: dict[str | None, list[str]] = {}
        for cell in changes.to_restore():
            if self._can_mark(changes.name, cell):
                by_style.setdefault(designed.get((changes.name, cell)), []).append(cell)
                outcome.cleared += 1
        for key, cells in sorted(by_style.items(), key=lambda item: item[0] or ""):
            style, fill = (STYLES[key].name, STYLE_FILL.get(key)) if key else (None, None)
            for rng in _ranges(sheet, cells):
                self.engine.restore(rng, style, fill)

    def _unframe(self, sheet: xw.Sheet, changes: _SheetChanges) -> None:
        """Frames of an earlier run back to the designed border (one cell at a time:
        a frame is drawn around each suspect on its own)."""
        designed = designed_styles(self.spec)
        for cell in changes.to_unframe():
            key = designed.get((changes.name, cell))
            self.engine.unframe(sheet.range(cell), STYLES[key].name if key else None,
                                designed_border(key))

    def _mark(self, sheet: xw.Sheet, changes: _SheetChanges, outcome: Outcome) -> None:
        by_fill: dict[str, list[str]] = {}
        for cell, mark in changes.new.items():
            if self._can_mark(changes.name, cell):
                by_fill.setdefault(mark.fill, []).append(cell)
                outcome.marked += 1
            else:
                outcome.unmarkable += 1  # listed in 校验结果 only
        for fill, cells in sorted(by_fill.items()):
            for rng in _ranges(sheet, cells):
                rng.color = f"#{fill}"

    def _notes(self, sheet: xw.Sheet, changes: _SheetChanges) -> None:
        for cell, ours in changes.notes.items():
            if ours and cell not in changes.new:
                sheet.range(cell).note.delete()
        for cell, mark in changes.new.items():
            ours = changes.notes.get(cell)
            if ours:
                sheet.range(cell).note.text = mark.note
            elif ours is None:
                self.engine.add_note(sheet.range(cell), mark.note)
            # a note of the clerk's own stays; the message is in the results list

    # -- the 校验结果 sheet ------------------------------------------------------
    def _earlier_results(self) -> list[list[Any]]:
        return self.source.grid(self.results_name) if self.has_results else []

    def _designed_title(self) -> str:
        label = next((lab for lab in self.spec.results_sheet.labels if lab.cell == "A1"), None)
        return label.text if label else self.spec.results_sheet.title

    def _write_results(self, title: str, rows: list[ResultRow], summary: str | None,
                       outcome: Outcome) -> None:
        sheet = self.book.sheets[self.results_name]
        width = len(self.spec.results_sheet.columns)
        earlier = len(self._earlier_results())
        if earlier >= FIRST_RESULT_ROW:
            sheet.range((FIRST_RESULT_ROW, 1), (earlier, width)).delete("up")
        sheet.range("A1").value = literal(title)
        if summary is not None and not rows:
            sheet.range((FIRST_RESULT_ROW, 1)).value = literal("√ " + summary)
        outcome.result_rows = len(rows) if rows else max(0, earlier - FIRST_RESULT_ROW + 1)
        if not rows:
            return
        last = FIRST_RESULT_ROW + len(rows) - 1
        table = sheet.range((FIRST_RESULT_ROW, 1), (last, width))
        fingerprint = self.spec.results_sheet.column_of("fingerprint") - 1
        table.value = [[literal(v, exact=i == fingerprint) for i, v in enumerate(row.values)]
                       for row in rows]
        self.engine.format_results(table, STYLES["note"].name)
        self._severity_fills(sheet, rows)
        self._links(sheet, rows)

    def _severity_fills(self, sheet: xw.Sheet, rows: list[ResultRow]) -> None:
        column = self.spec.results_sheet.column_of("severity")
        fills = [row.fill for row in rows]
        start = 0
        for i in range(1, len(fills) + 1):
            if i == len(fills) or fills[i] != fills[start]:
                if fills[start] is not None:
                    sheet.range((FIRST_RESULT_ROW + start, column),
                                (FIRST_RESULT_ROW + i - 1, column)).color = f"#{fills[start]}"
                start = i

    def _links(self, sheet: xw.Sheet, rows: list[ResultRow]) -> None:
        column = self.spec.results_sheet.column_of("where")
        for offset, row in enumerate(rows):
            if row.link and row.link[0] in self.source.sheet_names:
                cell = sheet.range((FIRST_RESULT_ROW + offset, column))
                self.engine.add_link(cell, row.link[0], row.link[1], str(row.values[column - 1]))


def _ranges(sheet: xw.Sheet, cells: Iterable[str]) -> list[xw.Range]:
    return [sheet.range((top, left), (bottom, right))
            for top, left, bottom, right in rectangles(parse_cell(c) for c in cells)]


@dataclass
class _SheetChanges:
    name: str
    listed: set[str]  # cells an earlier run marked (per the results list)
    new: dict[str, CellMark]  # cells to mark now
    notes: dict[str, bool]  # cells with a note -> written by giar-xl
    framed: set[str] = field(default_factory=set)  # suspects of an earlier run (framed then)

    def to_restore(self) -> list[str]:
        ours = {cell for cell, mine in self.notes.items() if mine}
        return sorted((self.listed | ours) - set(self.new), key=parse_cell)

    def to_frame(self) -> set[str]:
        return {cell for cell, mark in self.new.items() if mark.suspect} - self.framed

    def to_unframe(self) -> list[str]:
        suspects = {cell for cell, mark in self.new.items() if mark.suspect}
        return sorted(self.framed - suspects, key=parse_cell)

    def touches_anything(self) -> bool:
        return bool(self.new or self.listed or any(self.notes.values()))


def listed_cells(grid: list[list[Any]], spec: FormatSpec,
                 only: frozenset[str] | None = None) -> dict[str, set[str]]:
    """Cells the results list says were marked (accepted warnings were not), by sheet;
    with ``only``, just those of these rules (the 规则 column names the code or the title)."""
    results = spec.results_sheet
    where_col = results.column_of("where") - 1
    severity_col = results.column_of("severity") - 1
    rule_col = results.column_of("rule") - 1
    names = None if only is None else \
        set(only) | {rule_info(code, spec).title for code in only}
    found: dict[str, set[str]] = {}
    for row in grid[FIRST_RESULT_ROW - 1:]:
        where = row[where_col] if len(row) > where_col else None
        severity = row[severity_col] if len(row) > severity_col else None
        if not isinstance(where, str) or severity == ACCEPTED_LABEL:
            continue
        rule = str(row[rule_col]) if len(row) > rule_col else ""
        if names is not None and not any(name in rule for name in names):
            continue
        match = _WHERE.match(where.strip())
        if match:
            found.setdefault(match["sheet"], set()).add(match["col"] + match["row"])
    return found


def designed_border(style_key: str | None) -> tuple[str, str] | None:
    """The designed outline of a style as (xlwings weight, RGB hex), None if it has none."""
    side = STYLES[style_key].border.left if style_key else None
    if side is None or side.style is None:
        return None
    weight = {"hair": "hairline", "medium": "medium", "thick": "thick"}.get(side.style, "thin")
    rgb = side.color.rgb if side.color is not None and isinstance(side.color.rgb, str) else "000000"
    return weight, rgb[-6:].upper()
