"""Sum relations of the format (row totals, （七）总计, 一+二=三+四, 复议/诉讼总计 …).

The relations themselves are format data; this module only evaluates them.
A relation is judged when its anchor holds a figure and no term holds an
invalid value (those are reported by the type rules).  Blank terms count as
0 and the message says so; a relation that needs last year's figures waits
until they are known.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..spec import Relation
from .context import Context, Kind, show


def check_relations(ctx: Context) -> Iterator[Finding]:
    for rel in ctx.spec.relations:
        finding = _evaluate(ctx, rel)
        if finding is not None:
            yield finding


def _evaluate(ctx: Context, rel: Relation) -> Finding | None:
    actual = ctx.number(rel.anchor)
    if actual is None:
        return None
    total = 0
    blank_terms = []
    for term in rel.terms:
        value = ctx.number(term.field)
        if value is not None:
            total += term.weight * value
            continue
        if ctx.kind(term.field) is not Kind.BLANK:
            return None  # text, error value, unreadable: reported elsewhere
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
