"""Roll-up: the counted reports added up per region, per kind and in all.

The figures are the summary's key-figure columns (:func:`giar_xl.summary.figure_columns`,
derived from the format).  A report whose figure is blank or invalid adds nothing to that
column and is counted as incomplete there, so a total is always the plain sum of the
figures shown in the 汇总 sheet.

Cross-year continuity: the format's relations that involve last year's figures
(本年「上年结转」= 上年「结转下年度」, 现行有效件数 = 上年现行有效 + 制发 - 废止) are
evaluated on the group's totals over the organs with a usable report of both years (an
organ missing in one year would only make a difference that says nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from ..findings import FileResult
from ..spec import FormatSpec, Relation
from ..summary import FigureColumn, figure_columns, figure_value, is_figure
from .roster import RosterEntry

if TYPE_CHECKING:
    from .review import OrganReview

Number = int | Decimal
NO_REGION, NO_KIND, ALL = "（未填区域）", "（未填类别）", "合计"


@dataclass(frozen=True)
class Continuity:
    """One cross-year relation on a group's totals."""

    title: str  # the relation, as the format words it
    anchor: str  # what is compared: the anchor field's title
    actual: Number  # this year's total of the anchor
    expected: Number  # what last year's totals (and this year's other terms) make it

    @property
    def difference(self) -> Number:
        return self.actual - self.expected


@dataclass(frozen=True)
class GroupTotals:
    label: str
    organs: int  # 应报: organs of the roster in the group
    reported: int  # 已报: organs with a counted report
    late: int
    with_errors: int  # organs whose report has errors or cannot be used
    errors: int
    warnings: int
    figures: tuple[Number | None, ...]  # per figure column; None when no report has one
    incomplete: tuple[int, ...]  # per figure column: reports without a valid figure
    continuity: tuple[Continuity, ...] = ()
    compared: int | None = None  # organs with usable reports of both years (with --previous)
    this_year_only: int | None = None  # organs with a usable report of this year only

    @property
    def missing(self) -> int:
        return self.organs - self.reported


@dataclass(frozen=True)
class RollUp:
    columns: tuple[FigureColumn, ...]
    sheets: tuple[str, ...]  # per column: the sheet (section) of the report it comes from
    regions: tuple[GroupTotals, ...]
    kinds: tuple[GroupTotals, ...]
    total: GroupTotals
    has_previous: bool = False


def roll_up(organs: Sequence[OrganReview], results: Sequence[FileResult], spec: FormatSpec,
            last: Sequence[tuple[RosterEntry, FileResult]] | None = None) -> RollUp:
    """Totals per region, per kind and in all (``last``: last year's counted reports)."""
    columns = tuple(figure_columns(spec))
    relations = _continuity_relations(spec, columns)

    def group(label: str, member: Callable[[RosterEntry], bool]) -> GroupTotals:
        mine = [o for o in organs if member(o.entry)]
        counted = [results[o.counted] for o in mine if o.counted is not None]
        pairs = None
        if last is not None:  # organs with a usable report in both years, and those reports
            before = {e: r for e, r in last if member(e)}
            usable = [o for o in mine if o.counted is not None and not results[o.counted].reason]
            pairs = [(results[o.counted], before[o.entry]) for o in usable if o.entry in before]
            pairs = (pairs, len(usable) - len(pairs))
        return _totals(label, mine, counted, columns, spec, relations, pairs)

    regions = _labels([o.entry.region for o in organs], NO_REGION)
    kinds = _labels([o.entry.kind for o in organs], NO_KIND)
    return RollUp(columns, tuple(spec.fields[c.fields[0]].sheet for c in columns),
                  tuple(group(label, lambda e, v=value: e.region == v) for value, label in regions),
                  tuple(group(label, lambda e, v=value: e.kind == v) for value, label in kinds),
                  group(ALL, lambda e: True), last is not None)


def _labels(values: Sequence[str], blank: str) -> list[tuple[str, str]]:
    seen = list(dict.fromkeys(values))
    if seen == [""]:
        return []  # the roster does not use the column: no breakdown
    return [(v, v or blank) for v in seen]


def _totals(label: str, organs: Sequence[OrganReview], counted: Sequence[FileResult],
            columns: Sequence[FigureColumn], spec: FormatSpec, relations: Sequence[Relation],
            pairs: tuple[list[tuple[FileResult, FileResult]], int] | None) -> GroupTotals:
    figures, incomplete = [], []
    for column in columns:
        values = [figure_value(r, column) for r in counted]
        present = [v for v in values if v is not None]
        figures.append(sum(present) if present else None)
        incomplete.append(len(values) - len(present))
    continuity = () if pairs is None else _continuity(
        relations, [now for now, _ in pairs[0]], [then for _, then in pairs[0]], spec)
    return GroupTotals(
        label, len(organs), len(counted), sum(1 for o in organs if o.late),
        sum(1 for o in organs if o.status in ("errors", "unreadable")),
        sum(o.errors for o in organs), sum(o.warnings for o in organs),
        tuple(figures), tuple(incomplete), continuity,
        None if pairs is None else len(pairs[0]), None if pairs is None else pairs[1])


def _continuity_relations(spec: FormatSpec, columns: Sequence[FigureColumn]) -> list[Relation]:
    """The relations with a term from last year's report whose anchor is a key figure."""
    shown = {fid for c in columns for fid in c.fields}
    return [rel for rel in spec.relations if rel.anchor in shown
            and any(spec.fields[t.field].role == "previous" for t in rel.terms)]


def _sum(results: Sequence[FileResult], fid: str) -> Number | None:
    """The total of ``fid``; None unless every report has a valid figure there."""
    values = [r.figures.get(fid) for r in results]
    if not values or not all(is_figure(v) for v in values):
        return None
    return sum(values)


def _continuity(relations: Sequence[Relation], counted: Sequence[FileResult],
                previous: Sequence[FileResult], spec: FormatSpec) -> tuple[Continuity, ...]:
    found = []
    for rel in relations:
        actual = _sum(counted, rel.anchor)
        expected: Number = 0
        for term in rel.terms:
            f = spec.fields[term.field]
            value = _sum(previous, f.previous_of) if f.role == "previous" else _sum(counted, f.id)
            if value is None:
                break
            expected += term.weight * value
        else:
            if actual is not None:
                found.append(Continuity(rel.title, spec.fields[rel.anchor].title, actual, expected))
    return tuple(found)
