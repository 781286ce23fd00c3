"""Blocks of table cells: one finding for a run of rows left blank (or marked 「—」) alike.

A published report often leaves whole requester columns blank; a finding per
cell would bury everything else.  Cells of one table are grouped by row, and
neighbouring rows with the same columns form one rectangular block.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..cells import cell_name, parse_cell
from ..spec import Field, FormatSpec


@dataclass(frozen=True)
class Block:
    """Cells of one table forming a rectangle on the sheet (possibly with column gaps)."""

    fields: tuple[Field, ...]  # row by row, left to right

    @property
    def first(self) -> Field:
        return self.fields[0]

    def ranges(self) -> tuple[str, ...]:
        """The block as A1 ranges, one per run of adjacent columns (``E7:I8``)."""
        rows = sorted({parse_cell(f.cell)[0] for f in self.fields})
        cols = sorted({parse_cell(f.cell)[1] for f in self.fields})
        runs: list[list[int]] = []
        for col in cols:
            if runs and col == runs[-1][-1] + 1:
                runs[-1].append(col)
            else:
                runs.append([col])
        out = []
        for run in runs:
            top_left, bottom_right = cell_name(rows[0], run[0]), cell_name(rows[-1], run[-1])
            out.append(top_left if top_left == bottom_right else f"{top_left}:{bottom_right}")
        return tuple(out)

    def describe(self) -> str:
        """「row」至「row」（N 行）的「col」至「col」（M 栏）, from the format's labels."""
        rows = _distinct(" / ".join(p for p in f.row_path[-2:] if p) for f in self.fields)
        cols = _distinct(f.column_path[-1] if f.column_path else "" for f in self.fields)
        parts = [_span(rows, "行"), _span(cols, "栏")]
        return "的".join(p for p in parts if p)


def blocks(spec: FormatSpec, fields: Iterable[Field]) -> list[Block]:
    """``fields`` (cells of tables) grouped into blocks, in sheet order."""
    by_table: dict[str, dict[int, list[Field]]] = {}
    for f in fields:
        row = parse_cell(f.cell)[0]
        by_table.setdefault(f.table or "", {}).setdefault(row, []).append(f)
    out: list[Block] = []
    for rows in by_table.values():
        current: list[Field] = []
        last_row, last_cols = None, None
        for row in sorted(rows):
            cells = sorted(rows[row], key=lambda f: parse_cell(f.cell)[1])
            cols = tuple(parse_cell(f.cell)[1] for f in cells)
            if current and row == last_row + 1 and cols == last_cols:
                current += cells
            else:
                if current:
                    out.append(Block(tuple(current)))
                current = list(cells)
            last_row, last_cols = row, cols
        if current:
            out.append(Block(tuple(current)))
    return out


def _distinct(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _span(labels: list[str], unit: str) -> str:
    labels = [label for label in labels if label]
    if not labels:
        return ""
    if len(labels) == 1:
        return f"「{labels[0]}」"
    return f"「{labels[0]}」至「{labels[-1]}」{len(labels)} {unit}"
