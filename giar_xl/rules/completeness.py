"""Completeness: required figures and texts are there; blank is not 0."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..findings import Finding
from ..spec import Field, FormatSpec
from .context import Context, Kind

# A narrative that only says "nothing" (无 / 暂无 / 略 …).
_PLACEHOLDER = re.compile(r"^[\s。．.、，,]*(无|暂无|没有|略|空|无。?其他需要报告的事项|/|-|—)[\s。．.]*$")


def check_blanks(ctx: Context) -> Iterator[Finding]:
    yield from _blank_tables(ctx)
    for f in ctx.spec.fields.values():
        if not f.required or f.table or ctx.kind(f.id) is not Kind.BLANK:
            continue
        if f.is_number:
            yield ctx.finding("blank-number", f.id, f"「{f.title}」未填。")
        else:
            yield ctx.finding("blank-text", f.id, f"「{f.title}」未填写。" + (f" {f.hint}" if f.hint else ""))


@functools.lru_cache(maxsize=4)
def _required_cells(spec: FormatSpec) -> dict[str, list[Field]]:
    cells: dict[str, list[Field]] = {t: [] for t in spec.tables}
    for f in spec.fields.values():
        if f.table and f.required:
            cells[f.table].append(f)
    return cells


def _blank_tables(ctx: Context) -> Iterator[Finding]:
    """Blank table cells; a table left wholly blank is one finding, not dozens."""
    for table in ctx.spec.tables.values():
        cells = _required_cells(ctx.spec)[table.id]
        blank = [f for f in cells if ctx.kind(f.id) is Kind.BLANK]
        if not blank:
            continue
        na = "，不适用的填「/」" if cells[0].na_allowed else ""
        if len(blank) == len(cells) and len(cells) > 1:
            section = ctx.spec.section(table.section).heading if table.section else ""
            name = f"{section}「{table.caption}」" if table.caption else section
            yield ctx.finding("blank-table", blank[0].id,
                              f"{name}整表未填（{len(cells)} 格空白）。空白不等于 0，"
                              f"没有发生的请逐格填 0{na}。", expected="数字",
                              actual=f"{len(cells)} 格空白")
            continue
        for f in blank:
            yield ctx.finding("blank-number", f.id,
                              f"「{f.title}」未填。空白不等于 0：没有的请填 0{na}。",
                              expected="数字", actual="空白")


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
