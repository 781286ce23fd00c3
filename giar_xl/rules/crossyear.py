"""Rules that compare with last year's report (``check --previous``).

The figure-by-figure identities (上年结转 = 上年结转下年度, 现行有效件数
continuity) are relations of the format on the ``previous`` fields; the
checker fills those fields from last year's report before the relations run
(see :func:`with_previous`).  What remains here is about the report as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..carryover import previous_figures
from ..findings import Finding
from ..model import Report
from ..organ_names import same_organ
from .context import Context, Kind
from .narrative import sentences


def with_previous(report: Report, previous: Report | None) -> Report:
    """This year's report with last year's figures in its ``previous`` fields."""
    if previous is None:
        return report
    return report.with_values(**previous_figures(report.spec, previous))


def check_previous_identity(ctx: Context) -> Iterator[Finding]:
    last = ctx.previous
    if last is None:
        return
    year = ctx.report.year
    if year is not None and last.year is not None and last.year != year - 1:
        yield ctx.finding("prev-year", "meta_year",
                          f"对照的上年报告是 {last.year} 年度的，本报告是 {year} 年度，"
                          f"应对照 {year - 1} 年度报告。", expected=year - 1, actual=last.year)
    if ctx.report.org and last.org and not same_organ(ctx.report.org, last.org):
        yield ctx.finding("prev-organ", "meta_org",
                          f"对照的上年报告属于「{last.org}」，本报告属于「{ctx.report.org}」。",
                          expected=ctx.report.org, actual=last.org)


def check_copied_tables(ctx: Context) -> Iterator[Finding]:
    """Every figure equal to last year's: the tables were probably copied."""
    last = ctx.previous
    if last is None:
        return
    fields = [f for f in ctx.spec.report_fields() if f.table]
    pairs = [(ctx.number(f.id), _number(last, f.id)) for f in fields]
    if any(a is None or b is None for a, b in pairs):
        return
    if all(a == b for a, b in pairs) and any(a for a, _b in pairs):
        first = fields[0]
        yield ctx.finding("prev-copied", first.id,
                          f"全部 {len(fields)} 个统计数字与上年报告（{last.year or '上年'}）完全相同，"
                          f"请确认不是照抄上年数据。", actual="与上年相同")


COPIED_SHARE = 0.5  # provincial scoring: 与上年度重复率大于50%


def check_copied_texts(ctx: Context) -> Iterator[Finding]:
    """More than half of the narrative copied from last year's is one finding with the share;
    otherwise each part that is word for word last year's is named."""
    last = ctx.previous
    if last is None:
        return
    fields = [f for f in ctx.spec.fields.values()
              if f.type == "text" and f.long and ctx.kind(f.id) is Kind.TEXT]
    identical = [f for f in fields
                 if len(_squash(str(ctx.value(f.id)))) >= 30
                 and _squash(str(ctx.value(f.id))) == _squash(str(last[f.id] or ""))]
    share = copied_share([str(ctx.value(f.id)) for f in fields],
                         [str(last[f.id]) for f in fields if last[f.id] is not None])
    if share > COPIED_SHARE:
        named = "、".join(f"「{f.title}」" for f in identical)
        whole = f"其中{named}一字不差。" if identical else ""
        yield ctx.finding("prev-copied-narrative", (identical or fields)[0].id,
                          f"正文有 {share:.0%} 的文字与上年报告（{last.year or '上年'}）逐句相同"
                          f"（超过一半）。{whole}请按本年度情况撰写。",
                          expected=f"≤ {COPIED_SHARE:.0%}", actual=f"{share:.0%}")
        return
    for f in identical:
        yield ctx.finding("prev-copied-text", f.id,
                          f"「{f.title}」与上年报告一字不差，请按本年度情况撰写。",
                          actual="与上年相同")


def copied_share(texts: list[str], last_texts: list[str]) -> float:
    """The share of this year's narrative found verbatim in last year's (0 … 1).

    Measured in characters (whitespace ignored): the characters of this year's
    sentences that occur, whole and unchanged, among last year's sentences,
    over all characters of this year's sentences.
    """
    before = {_squash(s) for text in last_texts for s in sentences(text)}
    mine = [_squash(s) for text in texts for s in sentences(text)]
    total = sum(len(s) for s in mine)
    if not total:
        return 0.0
    return sum(len(s) for s in mine if s in before) / total


def _number(report: Report, fid: str) -> int | Decimal | None:
    value = report[fid]
    return value if isinstance(value, (int, Decimal)) and not isinstance(value, bool) else None


def _squash(text: str) -> str:
    return "".join(text.split())
