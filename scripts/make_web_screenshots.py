"""Regenerate the README's pictures of the offline page (docs/web-*.png).

    .venv/bin/python scripts/make_web_screenshots.py

Builds the page, opens it in headless Chromium by file:// and checks the demo's
practice workbook and a damaged published report (the broken seed report in
../shared/seeds when it is there, else the practice report published as text).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from headless import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from giar_xl.demo import demo_with_mistakes  # noqa: E402
from giar_xl.export import export_report  # noqa: E402
from giar_xl.web.build import build_page  # noqa: E402
from giar_xl.workbook.build import write_workbook  # noqa: E402

DOCS = ROOT / "docs"
SEED = ROOT.parent / "shared" / "seeds" / "000_2e63e58ecbcafdd5.txt"  # 北社乡, damaged


def shoot(page, path: Path, target: Path, height: int) -> None:
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#result[data-state=done]", timeout=120_000)
    page.wait_for_function(f"giarPage.result && giarPage.result.path === {path.name!r}")
    page.set_viewport_size({"width": 1100, "height": height})
    page.screenshot(path=str(target), full_page=False)
    print(f"wrote {target.relative_to(ROOT)}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = build_page(tmp / "年报校验")
        practice = write_workbook(tmp / "2025年报（练习稿）.xlsx", report=demo_with_mistakes())
        report = SEED if SEED.is_file() else export_report(demo_with_mistakes(), tmp / "已发布.txt")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1000})
            page.goto((folder / "年报校验.html").as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=300_000)
            shoot(page, practice, DOCS / "web-page-workbook.png", 1250)
            shoot(page, report, DOCS / "web-page-report.png", 1250)
            browser.close()


if __name__ == "__main__":
    main()
