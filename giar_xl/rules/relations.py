"""Sum relations of the format (row totals, （七）总计, 一+二=三+四, 复议/诉讼总计 …).

The relations themselves are format data; this module only evaluates them.
A relation is judged when its anchor holds a figure and no term holds an
invalid value: the type rules report such a cell once and name the sums it
keeps from being checked (:func:`unchecked_sums`).  Blank terms count as 0 and
the message says so; a relation that needs last year's figures waits until
they are known.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..spec import Relation
from .context import BLANK, Context, Kind, show


def check_relations(ctx: Context) -> Iterator[Finding]:
    for rel in ctx.spec.relations:
        finding = _evaluate(ctx, rel)
        if finding is not None:
            yield finding


def unchecked_sums(ctx: Context, fids: set[str]) -> list[Relation]:
    """Relations that would be judged but for an invalid value in one of ``fids``."""
    found = []
    for rel in ctx.spec.relations:
        if not fids.intersection(rel.fields) or ctx.kind(rel.anchor) is Kind.BLANK:
            continue
        waiting = any(ctx.spec.fields[t.field].role == "previous" and ctx.kind(t.field) is Kind.BLANK
                      for t in rel.terms)
        if not waiting:
            found.append(rel)
    return found


def unchecked_note(ctx: Context, fids: set[str]) -> str:
    """「此格改正前，J7「总计 = …」无法核对。」 — or "" when no sum depends on ``fids``."""
    rels = unchecked_sums(ctx, fids)
    if not rels:
        return ""
    these = "此格" if len(fids) == 1 else "这些格"
    if len(rels) == 1:
        rel = rels[0]
        return f"{these}改正前，{ctx.spec.fields[rel.anchor].cell}「{rel.title}」无法核对。"
    cells = "、".join(ctx.spec.fields[r.anchor].cell for r in rels[:4])
    more = " 等" if len(rels) > 4 else ""
    return f"{these}改正前，涉及的 {len(rels)} 个合计（{cells}{more}）无法核对。"


def _evaluate(ctx: Context, rel: Relation) -> Finding | None:
    numbers = ctx.numbers
    actual = numbers[rel.anchor]
    if actual is None:
        return None
    total = 0
    blank_terms = []
    for term in rel.terms:
        value = numbers[term.field]
        if value is not None:
            total += term.weight * value
            continue
        if ctx.kinds[term.field] is not BLANK:
            return None  # text, error value, unreadable: the type rules name the cell
        f = ctx.spec.fields[term.field]
        if f.role == "previous":
            return None  # last year's figure unknown: nothing to compare with
        blank_terms.append(f)
    if total == actual:
        return None
    return ctx.finding(rel.rule, rel.anchor, _message(ctx, rel, total, actual, blank_terms),
                       expected=total, actual=actual)


def _message(ctx: Context, rel: Relation, expected, actual, blank_terms) -> str:
    anchor = ctx.spec.fields[rel.anchor]
    text = f"「{anchor.title}」应为 {show(expected)}，实填 {show(actual)}（{rel.title}）。"
    if blank_terms:
        names = "、".join(f"「{f.title}」" for f in blank_terms[:3])
        more = f"等 {len(blank_terms)} 格" if len(blank_terms) > 3 else ""
        text += f"其中 {names}{more}未填，按 0 计算。"
    return text
