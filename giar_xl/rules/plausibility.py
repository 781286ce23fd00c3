"""What a county reviewer asks about even when every total adds up (warnings only)."""

from __future__ import annotations

import re
from collections.abc import Iterator

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
