"""``summary --html``: the county review as one self-contained web page.

One file that opens offline in any browser and prints on A4: the styles, the two charts
(inline SVG, :mod:`.svg`) and a few lines of script (sorting the organ table, opening an
organ's findings) are inside it; it loads nothing.  The layout is the Jinja template
``templates/county.html.j2``; this module only prepares what it shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .. import __version__
from ..export.templating import environment
from ..fileio import atomic_write_text
from ..findings import ERROR, SEVERITY_LABEL, FileResult, Finding
from ..rules.catalog import rule_title
from ..spec import FormatSpec, load_spec
from .display import STATUS_ORDER, OrganLine, number_text, organ_lines
from .review import CountyReview
from .scoring import load_weights
from .svg import Bar, Series, bar_chart

TEMPLATE = "county.html.j2"
ERROR_COLOUR, WARNING_COLOUR, MISSING_COLOUR = "#c0392b", "#e0a800", "#7f8c8d"
MOST_RULES = 15  # the chart of rules shows the most frequent ones


@dataclass(frozen=True)
class FindingLine:
    severity: str  # error | warning | accepted
    label: str
    rule: str
    where: str  # sheet!cell, or the report's section
    source: str  # the report's own line, quoted (published reports)
    message: str
    values: str  # 应为 … ，实际 …


@dataclass(frozen=True)
class OrganEntry:
    line: OrganLine
    findings: tuple[FindingLine, ...]
    status_rank: int
    score: Decimal
    problem: str  # why a file was not counted, for files without a roster organ


def write_html(review: CountyReview, out: str | Path, spec: FormatSpec | None = None, *,
               overwrite: bool = False) -> Path:
    """Render ``review`` to ``out`` (UTF-8), atomically; returns the path."""
    return atomic_write_text(out, render_html(review, spec), overwrite)


def render_html(review: CountyReview, spec: FormatSpec | None = None) -> str:
    spec = spec or load_spec()
    template = environment().get_template(TEMPLATE)
    return template.render(**page(review, spec))


def page(review: CountyReview, spec: FormatSpec) -> dict:
    """What the template shows (names are the template's)."""
    lines = organ_lines(review)
    organs = [OrganEntry(line, _findings(review, organ.counted, spec), STATUS_ORDER[line.status],
                         organ.score.points, "")
              for line, organ in zip(lines, review.organs, strict=True)]
    counted = [review.results[o.counted] for o in review.organs if o.counted is not None]
    total = review.rollup.total
    scores = [o.score.points for o in review.organs]
    year = f"{review.year} 年度" if review.year else ""
    return {
        "title": f"{year}政府信息公开工作年度报告审核汇总",
        "generated": dt.date.today().isoformat(),
        "version": __version__,
        "roster": review.roster.source if review.roster else "",
        "has_roster": review.roster is not None,
        "headline": _headline(review, counted, scores),
        "rule_chart": _rule_chart(counted, spec),
        "region_chart": _region_chart(review),
        "rollup": review.rollup,
        "total": total,
        "number": number_text,
        "organs": organs,
        "problems": [(p, review.results[p.index]) for p in review.problems],
        "weights": load_weights(),
    }


def _headline(review: CountyReview, counted: Sequence[FileResult],
              scores: Sequence[Decimal]) -> list[tuple[str, str, str]]:
    """(label, figure, tone) for the figures at the top of the page."""
    organs = review.organs
    missing = sum(1 for o in organs if o.missing)
    erroneous = sum(1 for o in organs if o.status in ("errors", "unreadable"))
    average = sum(scores, Decimal(0)) / len(scores) if scores else Decimal(0)
    items = [("应报机关" if review.roster else "机关", str(len(organs)), ""),
             ("已报", str(len(organs) - missing), "")]
    if review.roster:
        items.append(("缺报", str(missing), "bad" if missing else "good"))
    items += [("逾期", str(len(review.late)), "warn" if review.late else "good"),
              ("有错误的机关", str(erroneous), "bad" if erroneous else "good"),
              ("重复报送", str(len(review.with_duplicates)), "warn" if review.with_duplicates else ""),
              ("未计入的文件", str(len(review.problems)), "warn" if review.problems else ""),
              ("错误", str(sum(len(r.errors) for r in counted)), ""),
              ("提醒", str(sum(len(r.warnings) for r in counted)), ""),
              ("平均得分", f"{average:.1f}", "")]
    return items


def _rule_chart(counted: Sequence[FileResult], spec: FormatSpec):
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    for r in counted:
        for f in r.findings:
            if not f.accepted:
                (errors if f.severity == ERROR else warnings)[f.rule] += 1
    codes = sorted(set(errors) | set(warnings), key=lambda c: (-errors[c], -warnings[c], c))
    bars = [Bar(rule_title(c, spec), (errors[c], warnings[c])) for c in codes[:MOST_RULES]]
    more = f"（前 {MOST_RULES} 条，共 {len(codes)} 条规则）" if len(codes) > MOST_RULES else ""
    return bar_chart(f"各规则发现的问题{more}", _SERIES, bars, label_width=330)


_SERIES = (Series("错误", ERROR_COLOUR), Series("提醒", WARNING_COLOUR))


def _region_chart(review: CountyReview):
    groups = review.rollup.regions or review.rollup.kinds
    if not groups:
        return None
    bars = [Bar(g.label, (g.errors, g.warnings, g.missing)) for g in groups]
    return bar_chart("各区域的问题" if review.rollup.regions else "各类别的问题",
                     (*_SERIES, Series("缺报（机关）", MISSING_COLOUR)), bars, label_width=200)


def _findings(review: CountyReview, counted: int | None,
              spec: FormatSpec) -> tuple[FindingLine, ...]:
    if counted is None:
        return ()
    result = review.results[counted]
    lines = []
    if result.unreadable:
        lines.append(FindingLine("error", "无法使用", "", "", "", result.unreadable, ""))
    for f in result.findings:
        severity = "accepted" if f.accepted else f.severity
        label = "已接受" if f.accepted else SEVERITY_LABEL[f.severity]
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
        lines.append(FindingLine(severity, label, rule_title(f.rule, spec), where,
                                 f.source or "", f.message, _values(f)))
    return tuple(lines)


def _values(f: Finding) -> str:
    parts = []
    if f.expected is not None:
        parts.append(f"应为 {_plain(f.expected)}")
    if f.actual is not None:
        parts.append(f"实际 {_plain(f.actual)}")
    return "，".join(parts)


def _plain(value) -> str:
    return number_text(value) if isinstance(value, (int, Decimal)) else str(value)
