"""Completeness: required figures and texts are there; blank is not 0."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..findings import Finding
from ..spec import Field, FormatSpec
from .blocks import blocks
from .context import BLANK, Context, Kind

# A narrative that only says "nothing" (无 / 暂无 / 略 …).
_PLACEHOLDER = re.compile(r"^[\s。．.、，,]*(无|暂无|没有|略|空|无。?其他需要报告的事项|/|-|—)[\s。．.]*$")


def check_blanks(ctx: Context) -> Iterator[Finding]:
    yield from _blank_tables(ctx)
    for f in _required_outside_tables(ctx.spec):
        if ctx.kinds[f.id] is not BLANK:
            continue
        if f.is_number:
            yield ctx.finding("blank-number", f.id, f"「{f.title}」未填。")
        else:
            yield ctx.finding("blank-text", f.id, f"「{f.title}」未填写。" + (f" {f.hint}" if f.hint else ""))


@functools.lru_cache(maxsize=4)
def _required_outside_tables(spec: FormatSpec) -> tuple[Field, ...]:
    return tuple(f for f in spec.fields.values() if f.required and not f.table)


@functools.lru_cache(maxsize=4)
def _required_cells(spec: FormatSpec) -> dict[str, list[Field]]:
    cells: dict[str, list[Field]] = {t: [] for t in spec.tables}
    for f in spec.fields.values():
        if f.table and f.required:
            cells[f.table].append(f)
    return cells


def _blank_tables(ctx: Context) -> Iterator[Finding]:
    """Blank table cells: a table left wholly blank is one finding, other blanks one per block.

    Cells a new workbook prefills from last year's report (``prefill_from``, the
    「二、上年结转」 row) are not the clerk's input: a table where only they are
    filled still counts as left blank.
    """
    for table in ctx.spec.tables.values():
        cells = _required_cells(ctx.spec)[table.id]
        kinds = ctx.kinds
        blank = [f for f in cells if kinds[f.id] is BLANK]
        if not blank:
            continue
        na = "，不适用的填「/」" if cells[0].na_allowed else ""
        typed = [f for f in cells if not f.prefill_from]
        if len(typed) > 1 and all(ctx.kind(f.id) is Kind.BLANK for f in typed):
            yield _blank_table(ctx, table, cells, blank, na)
            continue
        for block in blocks(ctx.spec, blank):
            f = block.first
            if len(block.fields) == 1:
                yield ctx.finding("blank-number", f.id,
                                  f"「{f.title}」未填。空白不等于 0：没有的请填 0{na}。",
                                  expected="数字", actual="空白")
                continue
            n = len(block.fields)
            yield ctx.finding("blank-number", f.id,
                              f"{block.describe()}（{'、'.join(block.ranges())}，共 {n} 格）未填。"
                              f"空白不等于 0：没有的请逐格填 0{na}。",
                              expected="数字", actual=f"{n} 格空白", cells=block.ranges())


def _blank_table(ctx: Context, table, cells: list[Field], blank: list[Field], na: str) -> Finding:
    section = ctx.spec.section(table.section).heading if table.section else ""
    name = f"{section}「{table.caption}」" if table.caption else section
    prefilled = [f for f in cells if f.prefill_from and ctx.kind(f.id) is not Kind.BLANK]
    rows = "、".join(dict.fromkeys(f"「{f.row_path[-1]}」" for f in prefilled))
    besides = f"除从上年报告带入的{rows}外，" if prefilled else ""
    first = next(f for f in cells if not f.prefill_from)
    return ctx.finding("blank-table", first.id,
                       f"{name}{besides}整表未填（{len(blank)} 格空白）。空白不等于 0，"
                       f"没有发生的请逐格填 0{na}。", expected="数字",
                       actual=f"{len(blank)} 格空白")


def check_placeholders(ctx: Context) -> Iterator[Finding]:
    """A required narrative reduced to 「无」 says nothing a reader can use."""
    for f in ctx.spec.fields.values():
        if f.type != "text" or not f.long or not f.required or ctx.kind(f.id) is not Kind.TEXT:
            continue
        text = str(ctx.value(f.id))
        if _PLACEHOLDER.match(text):
            yield ctx.finding("text-placeholder", f.id,
                              f"「{f.title}」只写了「{text.strip()}」。{f.hint or '请如实写明有关情况。'}",
                              actual=text.strip())
