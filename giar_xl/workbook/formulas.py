"""Excel formulas for the live self-checks, generated from the format.

Pure string building (US-English function names, commas).  Conditional
formatting formulas refer to their own sheet only and are scalar; counts that
look at every cell of a range (invalid values, blanks) are array formulas
(:func:`is_array`), which Excel, WPS and LibreOffice evaluate without macros.

A cell is *invalid* when the type rules of ``giar-xl check`` would report it
(:mod:`giar_xl.rules.values`): text, an error value, a negative, a fraction
in a count, too many decimals in an amount, a year out of range.  A sum with
an invalid cell is not judged — its 应为 cell shows 「？」 — just as
``check`` names the sums such a cell keeps from being checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..cells import cell_name, parse_cell
from ..spec import Field, FormatSpec, Relation

UNCHECKABLE = "？"  # what a 应为 cell shows while a cell of its sum is invalid
ARRAY_FUNCTIONS = ("SUM(IF(",)  # the terms below that need array evaluation


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


def rectangles(cells: Iterable[str]) -> list[str]:
    """The cells as few rectangular ranges: runs of a row, stacked where rows match."""
    by_row: dict[int, list[int]] = {}
    for ref in cells:
        row, col = parse_cell(ref)
        by_row.setdefault(row, []).append(col)
    spans: list[tuple[int, int, int, int]] = []  # top, left, bottom, right
    for row in sorted(by_row):
        cols = sorted(set(by_row[row]))
        start = prev = cols[0]
        row_spans = []
        for col in cols[1:] + [None]:
            if col is not None and col == prev + 1:
                prev = col
                continue
            row_spans.append((start, prev))
            if col is not None:
                start = prev = col
        for left, right in row_spans:
            above = next((i for i, s in enumerate(spans)
                          if s[2] == row - 1 and (s[1], s[3]) == (left, right)), None)
            if above is None:
                spans.append((row, left, row, right))
            else:
                top, _l, _b, _r = spans[above]
                spans[above] = (top, left, row, right)
    out = []
    for top, left, bottom, right in spans:
        first, last = cell_name(top, left), cell_name(bottom, right)
        out.append(first if first == last else f"{first}:{last}")
    return out


def _sum(cells: Sequence[str]) -> str:
    return f"SUM({','.join(_runs(cells))})" if cells else "0"


# --------------------------------------------------------------------------- valid values

def _bad_number(f: Field, ref: str) -> str:
    """Sum of tests that are 1 (TRUE) when the number in ``ref`` is not valid for ``f``."""
    tests = []
    if f.minimum is not None:
        tests.append(f"({ref}<{f.minimum:g})")
    if f.maximum is not None:
        tests.append(f"({ref}>{f.maximum:g})")
    if f.decimals == 0:
        tests.append(f"({ref}<>INT({ref}))")
    elif f.decimals:
        tests.append(f"(ROUND({ref},{f.decimals})<>{ref})")
    return "+".join(tests) or "0"


def _not_applicable(ref: str) -> str:
    return f'(TRIM({ref})="/")+(TRIM({ref})="／")'


def cell_ok(f: Field, ref: str | None = None) -> str:
    """Scalar: TRUE when ``ref`` (default: the field's cell) is blank or a valid figure."""
    ref = ref or f.cell
    text_ok = f'TRIM({ref})=""'
    if f.na_allowed:
        text_ok = f"OR({text_ok},{_not_applicable(ref)})"
    return f"IF(ISNUMBER({ref}),NOT({_bad_number(f, ref)}),IF(ISERROR({ref}),FALSE,{text_ok}))"


def invalid_count(fields: Sequence[Field]) -> str:
    """Array: how many of the fields' cells hold an invalid value (0 when none)."""
    terms = []
    for group in _same_rules(fields):
        f = group[0]
        for r in rectangles(g.cell for g in group):
            text = f"IF({_not_applicable(r)},0,1)" if f.na_allowed else "1"
            terms.append(f"SUM(IF(ISNUMBER({r}),IF({_bad_number(f, r)},1,0),"
                         f'IF(ISERROR({r}),1,IF(TRIM({r})="",0,{text}))))')
    return "+".join(terms) or "0"


def invalid_highlights(fields: Sequence[Field]) -> list[tuple[str, str]]:
    """(range, conditional-formatting formula) pairs that flag the invalid cells of ``fields``;
    each formula is written for the range's top-left cell (Excel shifts it for the others)."""
    out = []
    for group in _same_rules(fields):
        for r in rectangles(g.cell for g in group):
            out.append((r, f"NOT({cell_ok(group[0], r.partition(':')[0])})"))
    return out


def blank_count(fields: Sequence[Field]) -> str:
    """Array: how many of the fields' cells are blank (spaces only count as blank)."""
    terms = [f'SUM(IF(ISERROR({r}),0,IF(TRIM({r})="",1,0)))'
             for r in rectangles(f.cell for f in fields)]
    return "+".join(terms) or "0"


def _same_rules(fields: Sequence[Field]) -> list[list[Field]]:
    groups: dict[tuple, list[Field]] = {}
    for f in fields:
        key = (f.type, f.minimum, f.maximum, f.decimals, f.na_allowed)
        groups.setdefault(key, []).append(f)
    return list(groups.values())


# --------------------------------------------------------------------------- sum relations

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
    """Array formula of the 应为 cell: blank until last year's figures are there,
    「？」 while a cell of the sum holds an invalid value."""
    fields = [spec.fields[fid] for fid in rel.fields]
    body = f'IF({invalid_count(fields)}>0,"{UNCHECKABLE}",{expression(spec, rel)})'
    guards = _guards(spec, rel)
    if guards:
        test = ",".join(f'{g}=""' for g in guards)
        test = f"OR({test})" if len(guards) > 1 else test
        return f'=IF({test},"",{body})'
    return f"={body}"


def mismatch_condition(spec: FormatSpec, rel: Relation) -> str:
    """Scalar: TRUE when the anchor is filled, every cell of the sum is valid and the anchor
    differs from what it should be (「/」 counts as 0, as in ``check``)."""
    anchor = spec.fields[rel.anchor].cell
    if rel.expected_cell:
        target = rel.expected_cell
        return f'IF(ISNUMBER({target}),AND({anchor}<>"",N({anchor})<>{target}),FALSE)'
    valid = ",".join(cell_ok(spec.fields[fid]) for fid in rel.fields)
    filled = ",".join(f'{c}<>""' for c in (anchor, *_guards(spec, rel)))
    return f"IF(AND({valid}),AND({filled},N({anchor})<>{expression(spec, rel)}),FALSE)"


# --------------------------------------------------------------------------- counts

def count_formula(conditions: Iterable[str], counts: Iterable[str] = ()) -> str:
    """How many of ``conditions`` hold (each TRUE counts 1), plus the ``counts`` terms."""
    terms = [f"IF({c},1,0)" for c in conditions] + [c for c in counts if c != "0"]
    return "=" + ("+".join(terms) if terms else "0")


def is_array(formula: str) -> bool:
    """Whether ``formula`` must be entered as an array formula."""
    return any(fn in formula for fn in ARRAY_FUNCTIONS)


def left_of(cell: str) -> str:
    row, col = parse_cell(cell)
    return cell_name(row, col - 1)
