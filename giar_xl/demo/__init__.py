"""The bundled example: the published 2025 report of 北留镇人民政府."""

from __future__ import annotations

from pathlib import Path

from ..formatcache import parse_yaml
from ..model import Report, report_from_tables
from ..spec import FormatSpec, load_spec

DEMO_FILE = Path(__file__).with_name("beiliu_2025.yaml")


def demo_report(spec: FormatSpec | None = None) -> Report:
    data = parse_yaml(DEMO_FILE.read_bytes())
    return report_from_tables(data, spec or load_spec(), source=str(DEMO_FILE))


def demo_with_mistakes(report: Report | None = None) -> Report:
    """The demo with mistakes clerks typically make, for practising with the checker."""
    report = report or demo_report()
    return report.with_values(
        req_nh_petition_business=1,  # counted in its row but not in the totals
        req_carried_in_total=2,  # 上年结转 total typed wrong
        lit_review_upheld="无",  # a word instead of 0
        nar_other="本报告电子版可从门户网站下载。",  # says nothing about 信息处理费
    )

