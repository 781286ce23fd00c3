"""Type rules: every number cell holds a valid figure of its type.

A bad value is an error at its cell (the file stays checkable); the finding
also names the sums that cannot be checked until it is fixed.  Cells of a
table marked alike with a word for "nothing" (「—」「无」, or 「/」 where the
format does not allow it) are reported one block of rows at a time.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from ..findings import Finding
from ..spec import Field, FormatSpec
from .blocks import blocks
from .context import NA_MARKS, NONE_WORDS, Context, Kind, show
from .relations import unchecked_note


def check_types(ctx: Context) -> Iterator[Finding]:
    marked: dict[str, list[Field]] = {}
    values = ctx.values
    for f, number, low, high in _fields(ctx.spec):
        value = values[f.id]
        if value is None or (value.__class__ is int and number and (low is None or value >= low)
                             and (high is None or value <= high)):
            continue  # blank (completeness rules) or a whole number in range: nothing to say
        kind = ctx.kinds[f.id]
        if f.type == "date":
            if kind is Kind.TEXT:
                yield ctx.finding("type-date", f.id, f"「{f.title}」{show(ctx.value(f.id))}"
                                  f"不是可识别的日期，请填写如 2026-01-20 的日期。",
                                  actual=ctx.value(f.id))
            continue
        if not f.is_number:
            continue
        if kind is Kind.ERROR:
            yield _error_value(ctx, f)
        elif kind is Kind.TEXT and f.table and _mark(value) is not None:
            marked.setdefault(_mark(value), []).append(f)
        elif kind is Kind.TEXT:
            yield _text_in_number(ctx, f)
        elif kind is Kind.NUMBER:
            yield from _bad_number(ctx, f, ctx.value(f.id))
    for mark, fields in marked.items():
        for block in blocks(ctx.spec, fields):
            if len(block.fields) == 1:
                yield _text_in_number(ctx, block.first)
            else:
                yield _marked_block(ctx, block, mark)


def _mark(value) -> str | None:
    text = str(value).strip()
    return text if text in NONE_WORDS or text in NA_MARKS else None


@functools.lru_cache(maxsize=4)
def _fields(spec: FormatSpec) -> tuple[tuple[Field, bool, int | None, int | None], ...]:
    return tuple((f, f.is_number, f.minimum, f.maximum) for f in spec.fields.values())


def _error_value(ctx: Context, f: Field) -> Finding:
    code = ctx.value(f.id)
    return ctx.finding("type-error-value", f.id,
                       f"「{f.title}」是错误值 {code}（通常是公式引用的单元格被删除），请改为数字。"
                       + unchecked_note(ctx, {f.id}), actual=str(code))


def _zero(f: Field) -> str:
    return "0" + ("，本机关不适用的填「/」" if f.na_allowed else "")


# Digits that are text, not a number: a cell formatted as 文本, a leading apostrophe, or
# full-width digits (「０」) typed with a Chinese input method.
_NUMBER_AS_TEXT = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _number_as_text(value: str) -> str | None:
    """The half-width number a text of digits means (「０」 → "0"), or None."""
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "")
    return text if _NUMBER_AS_TEXT.fullmatch(text) else None


def _text_in_number(ctx: Context, f: Field) -> Finding:
    value = str(ctx.value(f.id)).strip()
    if value in NA_MARKS:
        why = f"填了「{value}」，但本项不能填「/」（不适用）：没有的请填 0。"
    elif value in NONE_WORDS:
        why = f"填了「{value}」：数字栏没有的请填 {_zero(f)}。"
    elif (number := _number_as_text(value)) is not None:
        why = (f"填的{show(value)}是文字，不是数字（单元格格式为「文本」、数字前有撇号 '，"
               f"或用了全角数字时会这样）：请把单元格格式改为「常规」，删除后重新输入 {number}。")
    elif f.type == "year":
        why = f"填了文字{show(value)}，这里只能填年份数字，如 2025。"
    else:
        why = f"填了文字{show(value)}，这里只能填{f.unit or ''}数（没有的填 {_zero(f)}）。"
    return ctx.finding("type-text", f.id, f"「{f.title}」{why}" + unchecked_note(ctx, {f.id}),
                       expected="数字", actual=value)


def _marked_block(ctx: Context, block, mark: str) -> Finding:
    f = block.first
    ranges = "、".join(block.ranges())
    if mark in NA_MARKS:
        why = "本项不能填「/」（不适用）：没有的请填 0。"
    else:
        why = f"数字栏没有的请填 {_zero(f)}。"
    fids = {x.id for x in block.fields}
    return ctx.finding("type-text", f.id,
                       f"{block.describe()}（{ranges}，共 {len(fids)} 格）填的是「{mark}」：{why}"
                       + unchecked_note(ctx, fids),
                       expected="数字", actual=mark, cells=block.ranges())


def _bad_number(ctx: Context, f: Field, value: int | Decimal) -> Iterator[Finding]:
    blocked = unchecked_note(ctx, {f.id})
    if f.minimum is not None and value < f.minimum:
        if f.minimum == 0:
            yield ctx.finding("type-negative", f.id, f"「{f.title}」是负数 {show(value)}，"
                              f"件数和金额不能为负。{blocked}", expected="≥ 0", actual=value)
            return
        yield _out_of_range(ctx, f, value)
        return
    if f.maximum is not None and value > f.maximum:
        yield _out_of_range(ctx, f, value)
        return
    if f.decimals == 0 and value != int(value):
        yield ctx.finding("type-fraction", f.id, f"「{f.title}」是 {show(value)}，"
                          f"{'件数' if f.type == 'count' else '这一项'}必须是整数。{blocked}",
                          expected="整数", actual=value)
    elif f.decimals and isinstance(value, Decimal) and -value.as_tuple().exponent > f.decimals:
        yield ctx.finding("type-decimals", f.id, f"「{f.title}」{show(value)} 有 "
                          f"{-value.as_tuple().exponent} 位小数，单位是{f.unit}，最多保留 "
                          f"{f.decimals} 位。", expected=f"≤ {f.decimals} 位小数", actual=value)


def _out_of_range(ctx: Context, f: Field, value: int | Decimal) -> Finding:
    return ctx.finding("type-range", f.id, f"「{f.title}」{show(value)} 不在 "
                       f"{f.minimum:g}–{f.maximum:g} 之间。",
                       expected=f"{f.minimum:g}–{f.maximum:g}", actual=value)
