"""Regenerate the README's workbook and summary screenshots (docs/*.png) from the bundled demo.

    .venv/bin/python scripts/make_screenshots.py

Needs LibreOffice and poppler-utils (pdftoppm).  The workbook is rendered by
LibreOffice exactly as a clerk would print it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from giar_xl.annotate import annotate_workbook
from giar_xl.check import check_file
from giar_xl.demo import demo_report
from giar_xl.office import convert
from giar_xl.summary import write_summary
from giar_xl.workbook.build import write_workbook

DOCS = Path(__file__).resolve().parents[1] / "docs"
DPI = 70


def page_png(pdf: Path, page: int, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page), "-l", str(page),
                        "-singlefile", str(pdf), str(Path(tmp) / "p")], check=True)
        shutil.move(str(Path(tmp) / "p.png"), target)
    print(f"wrote {target.relative_to(DOCS.parent)}")


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        clean = write_workbook(tmp / "demo.xlsx", report=demo_report())
        pdf = convert(clean, "pdf", tmp / "clean")
        page_png(pdf, 1, DOCS / "workbook-cover.png")
        page_png(pdf, 4, DOCS / "workbook-table3.png")

        broken = tmp / "broken.xlsx"
        shutil.copy(clean, broken)
        wb = openpyxl.load_workbook(broken)
        wb["三、依申请公开"]["E22"] = 1  # one request counted twice: breaks its total and （七）
        wb["三、依申请公开"]["J8"] = 2  # 上年结转 total typed wrong
        wb["六、其他事项"]["B4"] = "本报告电子版可从门户网站下载。"  # no word on 信息处理费
        wb.save(broken)
        annotated = annotate_workbook(broken, tmp / "annotated.xlsx", check_file(broken))
        pdf = convert(annotated, "pdf", tmp / "annotated")
        page_png(pdf, 4, DOCS / "annotated-table3.png")
        page_png(pdf, 9, DOCS / "annotated-results.png")

        # a small county: the clean report twice (a duplicate, sent again later), the broken one
        county = tmp / "county"
        county.mkdir()
        for name, path in (("甲镇.xlsx", clean), ("甲镇（重发）.xlsx", clean), ("乙镇.xlsx", broken)):
            shutil.copy(path, county / name)
        wb = openpyxl.load_workbook(county / "乙镇.xlsx")
        wb["封面"]["B3"] = "乙镇人民政府"
        wb.save(county / "乙镇.xlsx")
        results = [check_file(path) for path in sorted(county.iterdir())]
        summary = write_summary(results, tmp / "summary.xlsx")
        page_png(convert(summary, "pdf", tmp / "summary"), 1, DOCS / "summary.png")


if __name__ == "__main__":
    main()
