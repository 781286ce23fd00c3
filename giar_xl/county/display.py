"""The words a reviewer reads for each organ and each group, shared by the workbook sheets
and the HTML report (so both say the same thing)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from ..summary import STATUS_LABEL
from .review import MISSING, CountyReview, OrganReview
from .rollup import Number

ORGAN_STATUS = {MISSING: "缺报", **STATUS_LABEL}
STATUS_ORDER = {MISSING: 0, "unreadable": 1, "errors": 2, "warnings": 3, "ok": 4}


@dataclass(frozen=True)
class OrganLine:
    """One organ, as text: what the 名录核对 sheet and the HTML table show."""

    number: int
    name: str
    region: str
    kind: str
    status: str  # the status key (missing, ok, …)
    status_text: str
    late: str  # 「是（2026-02-15）」 or ""
    duplicate: str  # 「2 份，以 3 号文件为准」 or ""
    copied: str  # 与上年重复率, e.g. 「78%」, or ""
    errors: int | None
    warnings: int | None
    score: str
    deductions: str  # 「逾期发布 扣10；每个合计或勾稽关系错误 ×2 扣6」
    reported_as: str  # the name in the report when it differs from the roster's
    files: tuple[str, ...]  # the counted file first


def organ_lines(review: CountyReview) -> list[OrganLine]:
    return [organ_line(review, n, o) for n, o in enumerate(review.organs, start=1)]


def organ_line(review: CountyReview, number: int, organ: OrganReview) -> OrganLine:
    results = review.results
    counted = None if organ.missing else results[organ.counted]
    judged = None if organ.status == "unreadable" else counted  # an unusable file has no findings
    late = ""
    if organ.late:
        late = f"是（{organ.late.actual}）" if organ.late.actual else "是"
    elif organ.undated:
        late = "未填日期"
    duplicate = ""
    if organ.duplicates:
        duplicate = f"{len(organ.reports)} 份，以「汇总」序号 {organ.counted + 1} 为准"
    names = {results[i].organ or f"（按文件名）{PurePath(results[i].path).name}"
             for i in organ.reports} - {organ.entry.name}
    return OrganLine(
        number, organ.entry.name, organ.entry.region, organ.entry.kind, organ.status,
        ORGAN_STATUS[organ.status], late, duplicate,
        str(organ.copied.actual) if organ.copied and organ.copied.actual else "",
        None if judged is None else organ.errors, None if judged is None else organ.warnings,
        organ.score.text, deduction_text(organ), "、".join(sorted(names)),
        tuple(results[i].path for i in organ.counted_first))


def deduction_text(organ: OrganReview) -> str:
    parts = []
    for d in organ.score.deductions:
        times = f" ×{d.count}" if d.item.each else ""
        parts.append(f"{d.item.label}{times} 扣{number_text(d.points)}")
    return "；".join(parts)


def number_text(value: Number | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)
