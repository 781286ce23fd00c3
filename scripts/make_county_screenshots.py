"""Regenerate the README's pictures of the county review (docs/county-*.png).

    .venv/bin/python scripts/make_county_screenshots.py [--keep FOLDER]

Builds the small county of the tests (a roster of 12 organs, twelve files) with a few
typical mistakes added, runs ``giar-xl summary --roster --html``, and pictures the result
as a reviewer sees it: the HTML page in headless Chromium (top of the page, one organ's
findings opened), the page printed to PDF by Chromium, and the summary workbook printed by
LibreOffice — both PDFs rendered with pdftoppm.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]
from county_helpers import write_county, write_roster_csv  # noqa: E402
from headless import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from make_screenshots import page_png  # noqa: E402  (this folder)

from giar_xl.demo import demo_report  # noqa: E402
from giar_xl.export import export_report  # noqa: E402
from giar_xl.office import convert  # noqa: E402
from giar_xl.workbook.build import write_workbook  # noqa: E402

DOCS = ROOT / "docs"


def build_county(folder: Path) -> Path:
    demo = demo_report()
    reports = write_county(folder / "2025年各单位", demo)
    # typical mistakes: a row total typed wrong, a published report with a lost row
    write_workbook(reports / "05.xlsx", report=demo.with_values(
        meta_org="石门乡人民政府", req_new_natural=3, nar_other="本报告电子版可在门户网站下载。"),
        overwrite=True)
    broken = demo.with_values(meta_org="陵川县审计局", req_open_natural=2, req_results_natural=2)
    export_report(broken, reports / "13.txt")
    text = (reports / "13.txt").read_text(encoding="utf-8").splitlines()
    (reports / "13.txt").write_text("\n".join(line for line in text if "行政查询事项" not in line),
                                    encoding="utf-8")
    write_roster_csv(folder / "名录.csv")
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="giar-county-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    reports = build_county(folder)
    html, xlsx = folder / "2025年报汇总.html", folder / "2025年报汇总.xlsx"
    subprocess.run([sys.executable, "-m", "giar_xl", "summary", str(reports), "--roster",
                    str(folder / "名录.csv"), "-o", str(xlsx), "--html", str(html), "--overwrite"],
                   check=False)
    from playwright.sync_api import sync_playwright

    printed = folder / "printed.pdf"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 1000})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(html.as_uri())
        page.screenshot(path=str(DOCS / "county-report.png"))
        print("wrote docs/county-report.png")
        page.click("#organ-12 button.toggle")
        page.click("#organ-5 button.toggle")
        page.evaluate("document.querySelector('#organs').scrollIntoView()")
        page.screenshot(path=str(DOCS / "county-organs.png"))
        print("wrote docs/county-organs.png")
        page.pdf(path=str(printed), prefer_css_page_size=True, print_background=True)
        browser.close()
    assert not errors, errors
    page_png(printed, 1, DOCS / "county-print-1.png")
    workbook_pdf = convert(xlsx, "pdf", folder / "workbook")
    page_png(workbook_pdf, 1, DOCS / "county-workbook.png")
    print(f"files in {folder}")


if __name__ == "__main__":
    main()
