"""Excel formulas for the live self-checks, generated from the format's relations.

Pure string building (US-English function names, commas).  Every formula
refers to its own sheet only, so it also works inside conditional formatting,
and uses SUM over references so that 「/」 or text in a cell never turns the
check into #VALUE!.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..cells import cell_name, parse_cell
from ..spec import FormatSpec, Relation


def _runs(cells: Sequence[str]) -> list[str]:
    """Collapse consecutive cells of one row or column into ranges (D7,D8,D9 -> D7:D9)."""
    out: list[str] = []
    coords = [parse_cell(c) for c in cells]
    i = 0
    while i < len(coords):
        j = i
        while j + 1 < len(coords) and _adjacent(coords[j], coords[j + 1], coords[i]):
            j += 1
        out.append(cells[i] if i == j else f"{cells[i]}:{cells[j]}")
        i = j + 1
    return out


def _adjacent(a: tuple[int, int], b: tuple[int, int], start: tuple[int, int]) -> bool:
    same_row = a[0] == b[0] == start[0] and b[1] == a[1] + 1
    same_col = a[1] == b[1] == start[1] and b[0] == a[0] + 1
    return same_row or same_col


def _sum(cells: Sequence[str]) -> str:
    return f"SUM({','.join(_runs(cells))})" if cells else "0"


def expression(spec: FormatSpec, rel: Relation) -> str:
    """What the anchor should be, e.g. ``SUM(D7:I7)`` or ``SUM(D7:D8)-SUM(D30)``."""
    plus = [spec.fields[t.field].cell for t in rel.terms if t.weight > 0]
    minus = [spec.fields[t.field].cell for t in rel.terms if t.weight < 0]
    if len(plus) == 1 and not minus:
        return plus[0]
    text = _sum(plus)
    return f"{text}-{_sum(minus)}" if minus else text


def _guards(spec: FormatSpec, rel: Relation) -> list[str]:
    """Cells that must be filled before the relation can be judged (last year's figures)."""
    return [spec.fields[t.field].cell for t in rel.terms
            if spec.fields[t.field].role == "previous"]


def expected_formula(spec: FormatSpec, rel: Relation) -> str:
    """Formula of the 应为 cell: blank until last year's figures are there."""
    expr = expression(spec, rel)
    guards = _guards(spec, rel)
    if guards:
        test = ",".join(f'{g}=""' for g in guards)
        test = f"OR({test})" if len(guards) > 1 else test
        return f'=IF({test},"",{expr})'
    return f"={expr}"


def mismatch_condition(spec: FormatSpec, rel: Relation) -> str:
    """TRUE when the anchor is filled and differs from what it should be."""
    anchor = spec.fields[rel.anchor].cell
    target = rel.expected_cell or expression(spec, rel)
    parts = [f'{anchor}<>""', *(f'{g}<>""' for g in _guards(spec, rel)), f"{anchor}<>{target}"]
    return f"AND({','.join(parts)})"


def count_formula(conditions: Iterable[str]) -> str:
    """How many of ``conditions`` hold (each TRUE counts 1)."""
    terms = [f"IF({c},1,0)" for c in conditions]
    return "=" + ("+".join(terms) if terms else "0")


def blank_count_formula(cells: Sequence[str]) -> str:
    """How many of ``cells`` are empty; contiguous cells share one COUNTBLANK."""
    ordered = sorted(cells, key=lambda c: parse_cell(c))
    terms = [f"COUNTBLANK({run})" for run in _runs(ordered)]
    return "=" + ("+".join(terms) if terms else "0")


def left_of(cell: str) -> str:
    row, col = parse_cell(cell)
    return cell_name(row, col - 1)
