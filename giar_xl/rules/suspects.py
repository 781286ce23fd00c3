"""The cell the clerk most likely mistyped, found from the broken sum relations.

A clerk who types 3 instead of 2 in 「一、本年新收 × 自然人」 breaks the row's
总计 and the column's 一 + 二 = 三（七）+ 四; the relation findings point at
the totals.  Here every relation of the format becomes an equation (anchor －
Σ weight × term = 0) and :func:`~giar_xl.rules.explain.explain` finds the
fewest cells whose change resolves every broken one while every holding one
stays true.  One answer: a warning at that cell with the value that resolves
them all.  Several equally small answers: one warning listing them, no guess.

What a relation's cells hold decides what takes part:

* a relation is broken or holding exactly when the relation rule judges it
  (blank terms count as 0, a blank or invalid anchor, an invalid term or an
  unknown last-year figure leave it unjudged — it neither needs fixing nor
  forbids a change);
* a cell may change if it holds a valid figure or is blank (a forgotten
  figure is a typical mistake); text, error values, 「/」, unreadable cells and
  last year's figures (reference data, not this year's) stay as they are.

Figures the narrative states (「行政复议 1 件」) are evidence: a single
relation such as table 四's 总计 cannot say which of its cells is wrong, the
text can.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

from ..cells import parse_cell
from ..findings import Finding
from ..spec import Field, FormatSpec, Relation
from .context import BLANK, Context, Kind, show
from .explain import Cell, Diagnosis, Equation, Explanation, explain
from .narrative import stated_in

SUSPECT = "sum-suspect"
CANDIDATES = "sum-candidates"
MAX_LISTED = 6


def check_suspects(ctx: Context) -> Iterator[Finding]:
    broken, holding = _equations(ctx)
    if not broken:
        return
    cells = {fid: cell for eq in broken for fid in eq.coefficients
             if (cell := _changeable(ctx, fid)) is not None}
    stated = functools.cache(lambda: list(_stated(ctx)))
    for diagnosis in explain(broken, holding, cells, evidence=stated):
        yield from _findings(ctx, diagnosis)


# -- the equations --------------------------------------------------------------------
def _equations(ctx: Context) -> tuple[list[Equation], list[Equation]]:
    table = _relation_table(ctx.spec)
    residuals = [_residual(ctx, anchor, terms) for _rel, _coefficients, anchor, terms in table]
    if not any(residuals):  # the common case, kept cheap: every judged relation holds
        return [], []
    broken, holding = [], []
    for (rel, coefficients, _anchor, _terms), residual in zip(table, residuals, strict=True):
        if residual is not None:
            exact = residual if isinstance(residual, int) else Fraction(residual)
            (broken if residual else holding).append(Equation(rel, coefficients, exact))
    return broken, holding


@functools.lru_cache(maxsize=4)
def _relation_table(spec: FormatSpec) -> tuple:
    """Per relation: (relation, coefficients, anchor, ((term, weight, last year's?), …))."""
    return tuple((rel, MappingProxyType({rel.anchor: 1, **{t.field: -t.weight for t in rel.terms}}),
                  rel.anchor,
                  tuple((t.field, t.weight, spec.fields[t.field].role == "previous")
                        for t in rel.terms))
                 for rel in spec.relations)


def _residual(ctx: Context, anchor: str, terms: tuple) -> int | Decimal | None:
    """anchor － Σ weight × term, or None where the relation rule does not judge it."""
    numbers = ctx.numbers
    total = numbers[anchor]
    if total is None:
        return None
    for fid, weight, previous in terms:
        value = numbers[fid]
        if value is None:
            if previous or ctx.kinds[fid] is not BLANK:
                return None
            continue  # a blank term counts as 0
        total -= weight * value
    return total


def _changeable(ctx: Context, fid: str) -> Cell | None:
    f = ctx.spec.fields[fid]
    if f.role == "previous":
        return None
    kind = ctx.kind(fid)
    value = 0 if kind is Kind.BLANK else ctx.number(fid) if kind is Kind.NUMBER else None
    if value is None:
        return None
    return Cell(value if isinstance(value, int) else Fraction(value), f.minimum, f.decimals)


class Statement(NamedTuple):
    """A figure a narrative states: the key of its evidence equation."""

    field: str
    index: int
    claim: str
    figure: int | Decimal
    sentence: str


def _stated(ctx: Context) -> Iterator[Equation]:
    """Σ table figures － stated figure = 0, for each figure a narrative states."""
    for f in ctx.spec.fields.values():
        if f.type != "text" or not f.long or ctx.kind(f.id) is not Kind.TEXT:
            continue
        for n, (claim, figure, sentence) in enumerate(stated_in(ctx, str(ctx.value(f.id)))):
            # 「受理 N 件」 may mean 新收 or 新收 + 上年结转: the reading that fits, if one does
            fields = claim.or_sum if claim.or_sum and _sum(ctx, claim.or_sum) == figure \
                else claim.sum
            total = _sum(ctx, fields)
            if total is not None:
                residual = total - figure
                yield Equation(Statement(f.id, n, claim.name, figure, sentence),
                               dict.fromkeys(fields, 1),
                               residual if isinstance(residual, int) else Fraction(residual))


def _sum(ctx: Context, fields: tuple[str, ...]) -> int | Decimal | None:
    values = [ctx.number(fid) for fid in fields]
    return None if any(v is None for v in values) else sum(values)


# -- the findings -----------------------------------------------------------------------
def _findings(ctx: Context, diagnosis: Diagnosis) -> Iterator[Finding]:
    relations = [eq.key for eq in diagnosis.broken]
    if diagnosis.unique is None:
        yield _candidates(ctx, diagnosis, relations)
        return
    explanation = _in_order(ctx, diagnosis.unique)
    sheet = ctx.spec.fields[explanation.fields[0]].sheet
    pair = len(explanation.changes) > 1
    if pair:
        who = " 和 ".join(_cell_name(ctx, fid, sheet) + _read_from(ctx, fid)
                         for fid in explanation.fields) + " 两格"
    else:
        fid = explanation.fields[0]
        who = f"{_cell_name(ctx, fid, sheet)}「{ctx.spec.fields[fid].title}」{_read_from(ctx, fid)}"
    message = (f"最可能填错的是 {who}：{_change(ctx, explanation, sheet, named=pair)}，"
               f"{_resolves(ctx, relations, sheet)}{_because(diagnosis)}")
    for fid, value in explanation.changes:
        yield ctx.finding(SUSPECT, fid, message, expected=_figure(value), actual=ctx.value(fid))


def _candidates(ctx: Context, diagnosis: Diagnosis, relations: list[Relation]) -> Finding:
    anchor = relations[0].anchor
    sheet = ctx.spec.fields[anchor].sheet
    shown = sorted((_in_order(ctx, e) for e in diagnosis.explanations),
                   key=lambda e: _position(ctx, e))[:MAX_LISTED]
    each = ["与".join(_cell_name(ctx, fid, sheet) for fid in e.fields) for e in shown]
    if len(diagnosis.explanations) > MAX_LISTED:
        names = "、".join(each) + f" 等 {len(diagnosis.explanations)} 种"
    else:
        names = "、".join(each[:-1]) + " 或 " + each[-1]
    unit = "一格" if len(shown[0].changes) == 1 else "两格"
    changes = "；".join(_change(ctx, e, sheet, named=True) for e in shown)
    message = (f"无法确定填错的是哪{unit}：{names} 之一（{changes}），"
               f"{_resolves(ctx, relations, sheet)}请核对原始记录。")
    return ctx.finding(CANDIDATES, anchor, message)


def _position(ctx: Context, explanation: Explanation) -> list[tuple[int, int]]:
    return [parse_cell(ctx.spec.fields[fid].cell) for fid in explanation.fields]


def _in_order(ctx: Context, explanation: Explanation) -> Explanation:
    """The changes by position on the sheet (rows, then columns), as a clerk reads them."""
    return Explanation(tuple(sorted(explanation.changes,
                                    key=lambda c: parse_cell(ctx.spec.fields[c[0]].cell))))


def _change(ctx: Context, explanation: Explanation, sheet: str, named: bool) -> str:
    """「若为 2（现为 3）」 or, ``named``, 「D7 若为 2（现为 3）」; 「未填，若填 1」 for a blank."""
    parts = []
    for fid, value in explanation.changes:
        name = _cell_name(ctx, fid, sheet) + " " if named else ""
        now = ctx.value(fid)
        new = show(_figure(value))
        parts.append(f"{name}未填，若填 {new}" if now is None
                     else f"{name}若为 {new}（现为 {show(now)}）")
    return "、".join(parts)


def _resolves(ctx: Context, relations: list[Relation], sheet: str) -> str:
    listing = "；".join(f"{_cell_name(ctx, rel.anchor, sheet)}（{rel.title}）" for rel in relations)
    if len(relations) == 1:
        return f"{listing}处的不符即消除。"
    return f"以下 {len(relations)} 处不符全部消除：{listing}。"


def _because(diagnosis: Diagnosis) -> str:
    if not diagnosis.evidence:
        return ""
    said = "；".join(f"「{_quote(eq.key.sentence)}」" for eq in diagnosis.evidence)
    return f"这与正文所写{said}一致。"


def _figure(value: int | Fraction) -> int | Decimal:
    """A value as the report holds it: whole numbers as int, others as Decimal."""
    if isinstance(value, int):
        return value
    return Decimal(value.numerator) / Decimal(value.denominator)


def _quote(sentence: str, limit: int = 40) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def _read_from(ctx: Context, fid: str) -> str:
    """「（原文第 49 行）」 for a figure of a published report (the finding's source
    quotes the whole line)."""
    _sheet, _cell, source = ctx.locate(fid)
    return f"（原文{source.split('：', 1)[0]}）" if source else ""


def _cell_name(ctx: Context, fid: str, sheet: str) -> str:
    f: Field = ctx.spec.fields[fid]
    return f.cell if f.sheet == sheet else f"{f.sheet}!{f.cell}"
