"""What a county reviewer asks about even when every total adds up (warnings only)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from ..findings import Finding
from .context import Context, Kind, show

_FEE = re.compile(r"信息处理费|处理费|收取.{0,10}费用?|收费")
_PENDING = re.compile(r"结转(至|到)?下(一)?年|未办结|正在办理|办理中|继续办理|未到答复期|尚在办理|在办")
_WITHHELD = re.compile(r"不予公开")


def _texts(ctx: Context) -> str:
    return "\n".join(str(ctx.value(f.id)) for f in ctx.spec.fields.values()
                     if f.type == "text" and f.long and ctx.kind(f.id) is Kind.TEXT)


def check_fee_statement(ctx: Context) -> Iterator[Finding]:
    """Section 六 must say whether 信息处理费 was charged."""
    fid = "nar_other"
    if ctx.kind(fid) is not Kind.TEXT or _FEE.search(str(ctx.value(fid))):
        return
    yield ctx.finding("fee-not-stated", fid,
                      "「六、其他需要报告的事项」没有说明本年度是否收取政府信息公开信息处理费"
                      "（依《政府信息公开信息处理费管理办法》应当报告）。",
                      expected="说明是否收取信息处理费")


def check_pending_explained(ctx: Context) -> Iterator[Finding]:
    carried = ctx.number("req_carried_out_total")
    if not carried or _PENDING.search(_texts(ctx)):
        return
    yield ctx.finding("plaus-pending", "req_carried_out_total",
                      f"结转下年度继续办理 {show(carried)} 件，但正文没有说明这些申请尚在办理"
                      f"（如在「（二）依申请公开」中说明原因和进度）。")


def check_withheld_explained(ctx: Context) -> Iterator[Finding]:
    table = ctx.spec.tables["req"]
    total = sum(ctx.number(table.field_id(row, "total")) or 0 for row in table.rows_under("withheld"))
    # Only （二）依申请公开 counts: other parts mention 不予公开 in another sense
    # (e.g. 「不予公开信息的审查」 under 政府信息管理).
    if not total or _WITHHELD.search(str(ctx.value("nar_request") or "")):
        return
    yield ctx.finding("plaus-withheld", "nar_request",
                      f"表三「（三）不予公开」共 {total} 件，但正文没有提及不予公开的情况和理由。",
                      actual=total)


def check_organ_kind(ctx: Context) -> Iterator[Finding]:
    """An organ whose kind cannot have some figures (a 乡镇 or 街道 making 规章) reports them."""
    for kind in ctx.spec.assessment.organ_kinds:
        if not ctx.report.org or not kind.matches(ctx.report.org):
            continue
        reported = [(ctx.spec.fields[fid], ctx.value(fid)) for fid in kind.cannot_report
                    if _positive(ctx.value(fid))]
        if not reported:
            continue
        figures = "、".join(f"「{f.title}」{show(v)} {f.unit or ''}".rstrip() for f, v in reported)
        yield ctx.finding("rules-township", reported[0][0].id,
                          f"「{ctx.report.org}」是{kind.label}：{kind.why}，但表中填了 {figures}。"
                          f"上级机关制定的规章不计入本机关。", expected=0, actual=reported[0][1])


def check_narrative_organ(ctx: Context) -> Iterator[Finding]:
    """A 乡镇/街道 whose text names another organ of its kind (「北留镇人民政府」 in 西河乡's
    report) or calls itself by another kind's word (「我镇」 in a 乡's): a copied report."""
    org = "".join((ctx.report.org or "").split())
    for kind in ctx.spec.assessment.organ_kinds:
        ending = next((e for e in sorted(kind.self_words, key=len, reverse=True)
                       if org.endswith(e)), None)
        if ending is None:
            continue
        own_word = kind.self_words[ending]
        own = org[:-len(ending)] + own_word  # 西河乡人民政府 -> 西河乡
        for f in ctx.spec.fields.values():
            if f.type != "text" or not f.long or ctx.kind(f.id) is not Kind.TEXT:
                continue
            text = str(ctx.value(f.id))
            found = _other_organ(kind, text, own) or _other_self_word(kind, text, own_word)
            if found is not None:
                said, at = found
                yield ctx.finding("narrative-organ", f.id,
                                  f"「{f.title}」中写的是「{said}」（「{_around(text, at)}」），"
                                  f"而本报告的机关是「{ctx.report.org}」：是否沿用了其他机关的报告？"
                                  f"请核对正文。", expected=own, actual=said)


def _other_organ(kind, text: str, own: str) -> tuple[str, int] | None:
    """The first 「XX镇人民政府」 (or another ending of the kind) that is not ``own``."""
    for m in kind.full_name_pattern.finditer(text):
        name = m.group(1) + kind.self_words[m.group(2)]
        if not (set(m.group(1)) & kind.not_names) and not own.endswith(name):
            return name, m.start()
    return None


def _other_self_word(kind, text: str, own_word: str) -> tuple[str, int] | None:
    """「我镇」 in a 乡's text (not 「本乡镇」, which any of them may write)."""
    compound = {w[0] for w in kind.self_words.values()}
    for m in kind.self_word_pattern.finditer(text):
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if m.group(2) != own_word and after not in compound and before not in compound:
            return m.group(0), m.start()
    return None


def _around(text: str, at: int, width: int = 24) -> str:
    start = max(0, at - width // 2)
    return ("…" if start else "") + text[start:start + width].replace("\n", " ") + (
        "…" if start + width < len(text) else "")


def _positive(value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value > 0


def check_publication_date(ctx: Context) -> Iterator[Finding]:
    """发布日期: given, and not after the deadline (31 January of the following year)."""
    publication = ctx.spec.assessment.publication
    if publication is None:
        return
    fid = publication.field
    month, day = publication.deadline
    kind = ctx.kind(fid)
    if kind is Kind.BLANK:
        yield ctx.finding("date-missing", fid,
                          f"未填发布日期（落款日期）。年度报告应在次年 {month} 月 {day} 日前公布"
                          f"（{publication.basis}），请填写实际发布的日期。", expected="日期")
        return
    year = ctx.report.year
    if kind is not Kind.DATE or year is None:
        return
    deadline = dt.date(year + 1, month, day)
    published = ctx.value(fid)
    if published < dt.date(year + 1, 1, 1):
        yield _early(ctx, fid, published, year, deadline)
    elif published > deadline:
        yield ctx.finding("date-late", fid,
                          f"发布日期 {_chinese_date(published)} 晚于 {_chinese_date(deadline)}："
                          f"{year} 年度报告应在此前公布（{publication.basis}）。",
                          expected=f"≤ {deadline.isoformat()}", actual=published.isoformat())


def _early(ctx: Context, fid: str, published: dt.date, year: int, deadline: dt.date) -> Finding:
    """A date within the report's own year: the statistics still ran.  Most often the
    report's year typed for the next one (2025-01-20 for 2026-01-20)."""
    try:
        meant = published.replace(year=year + 1)
    except ValueError:  # 29 February
        meant = None
    guess = (f"是否应为 {_chinese_date(meant)}？" if meant is not None and meant <= deadline
             else "请填写实际发布的日期。")
    return ctx.finding("date-early", fid,
                       f"发布日期 {_chinese_date(published)} 早于统计期限结束（{year}年12月31日）："
                       f"{year} 年度报告在次年 1 月 1 日之后才能发布，{guess}",
                       expected=f"{year + 1}-01-01 – {deadline.isoformat()}",
                       actual=published.isoformat())


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
