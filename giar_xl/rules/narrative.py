"""Narrative rules: what the text says must agree with the tables.

Published reports often say 「共收到申请 3 件」 in 一、总体情况 while table 三
says 2.  We read the few statements the format invites — 收到/受理 申请, 上年
结转, 结转下年度, 行政复议, 行政诉讼 — clause by clause, and compare them with
the table totals.  These are warnings: the text may count differently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..findings import Finding
from .context import Context, Kind, show

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百]+)"
_CLAUSE_SPLIT = re.compile(r"[，。；;,！!？?\n]|以及|(?<!及)及(?=上年|结转)")
_SENTENCE_SPLIT = re.compile(r"(?<=[。；;！!？?\n])")
_MAY_STATE = re.compile(r"[件起个条次未没无]")  # every claim needs a counter word or a negation


@dataclass(frozen=True)
class Claim:
    """A figure the narrative states, and the table fields it should equal."""

    name: str
    fields: tuple[str, ...]  # their sum is what the table says
    pattern: re.Pattern
    exclude: re.Pattern | None = None
    negation: re.Pattern | None = None


def _p(text: str) -> re.Pattern:
    return re.compile(text)


# Ordered: the first claim whose pattern matches a clause takes it.
CLAIMS = (
    Claim("上年结转申请", ("req_carried_in_total",),
          _p(r"上年(度)?结转[^0-9零〇一二两三四五六七八九十]{0,20}?" + _NUMBER + r"\s*[件个条]")),
    Claim("结转下年度办理", ("req_carried_out_total",),
          _p(r"结转(至|到)?下(一)?年度?[^0-9零〇一二两三四五六七八九十]{0,12}?" + _NUMBER + r"\s*[件个条]")),
    Claim("行政复议", ("lit_review_total",),
          _p(r"行政复议[^0-9零〇一二两三四五六七八九十]{0,12}?" + _NUMBER + r"\s*[件起个次]"),
          negation=_p(r"(未|没有|无)[^，。；]{0,20}行政复议")),
    Claim("行政诉讼", ("lit_direct_total", "lit_after_total"),
          _p(r"行政诉讼[^0-9零〇一二两三四五六七八九十]{0,12}?" + _NUMBER + r"\s*[件起个次]"),
          negation=_p(r"(未|没有|无)[^，。；]{0,20}行政诉讼")),
    Claim("新收政府信息公开申请", ("req_new_total",),
          _p(r"(收到|受理|新收|接收|接到)[^0-9零〇一二两三四五六七八九十，。]{0,16}?申请[^0-9零〇一二两三四五六七八九十，。]{0,6}?"
             + _NUMBER + r"\s*[件个条]"),
          exclude=_p(r"上年|结转|办结|答复|予以公开|不予公开|已办理"),
          negation=_p(r"(未|没有)(收到|受理|接到)[^，。]{0,10}申请")),
)


def chinese_number(text: str) -> int | None:
    """'12' -> 12, '两' -> 2, '十二' -> 12, '二十三' -> 23; None if not a number."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def stated_figures(text: str) -> Iterator[tuple[Claim, int, str]]:
    """(claim, figure, sentence) for each statement found in ``text``."""
    for sentence in _SENTENCE_SPLIT.split(text):
        for clause in _CLAUSE_SPLIT.split(sentence):
            if not _MAY_STATE.search(clause):
                continue
            for claim in CLAIMS:
                if claim.exclude and claim.exclude.search(clause):
                    continue
                match = claim.pattern.search(clause)
                figure = chinese_number(match.group(match.lastindex)) if match else None
                if figure is not None:
                    yield claim, figure, sentence.strip()
                    break  # a stated number belongs to one claim only
                if claim.negation and claim.negation.search(clause):
                    yield claim, 0, sentence.strip()  # 「未发生行政复议、行政诉讼」 denies both


def check_narrative_figures(ctx: Context) -> Iterator[Finding]:
    reported: set[tuple[str, int]] = set()
    for f in ctx.spec.fields.values():
        if f.type != "text" or not f.long or ctx.kind(f.id) is not Kind.TEXT:
            continue
        for claim, figure, sentence in stated_figures(str(ctx.value(f.id))):
            table = _table_figure(ctx, claim)
            if table is None or table == figure or (claim.name, figure) in reported:
                continue
            reported.add((claim.name, figure))
            cells = "、".join(ctx.spec.fields[fid].cell for fid in claim.fields)
            yield ctx.finding(
                "narrative-mismatch", f.id,
                f"「{f.title}」写道「{_quote(sentence)}」，即{claim.name} {figure} 件，"
                f"但表格（{ctx.spec.fields[claim.fields[0]].sheet}!{cells}）为 {show(table)} 件。",
                expected=table, actual=figure)


def _table_figure(ctx: Context, claim: Claim):
    values = [ctx.number(fid) for fid in claim.fields]
    return None if any(v is None for v in values) else sum(values)


def _quote(sentence: str, limit: int = 60) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"
