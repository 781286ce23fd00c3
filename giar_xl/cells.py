"""A1-style cell addresses: pure helpers, no spreadsheet library involved."""

from __future__ import annotations

import functools
import re

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def column_letter(index: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    if index < 1:
        raise ValueError(f"column index must be >= 1, got {index}")
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """"A" -> 1, "AA" -> 27."""
    value = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"not a column name: {letters!r}")
        value = value * 26 + ord(ch) - 64
    return value


@functools.lru_cache(maxsize=4096)
def parse_cell(ref: str) -> tuple[int, int]:
    """"D7" or "$D$7" -> (row 7, column 4)."""
    match = _CELL.match(ref.strip())
    if not match:
        raise ValueError(f"not a cell address: {ref!r}")
    return int(match.group(2)), column_index(match.group(1))


def cell_name(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


def range_name(top: int, left: int, bottom: int, right: int) -> str:
    return f"{cell_name(top, left)}:{cell_name(bottom, right)}"


def range_cells(ref: str) -> list[tuple[int, int]]:
    """Every (row, col) inside "A1:C3" (or the single cell "A1")."""
    first, _, last = ref.partition(":")
    top, left = parse_cell(first)
    bottom, right = parse_cell(last) if last else (top, left)
    return [(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)]


def absolute(ref: str) -> str:
    row, col = parse_cell(ref)
    return f"${column_letter(col)}${row}"


def quote_sheet(name: str) -> str:
    """Sheet name as it must appear in a formula or defined name."""
    return "'" + name.replace("'", "''") + "'"
