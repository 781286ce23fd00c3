"""Benchmark: the offline page in headless Chromium — size, cold start, time per check.

    .venv/bin/python benchmarks/web_page.py            # 3 cold starts, 10 checks per file
    .venv/bin/python benchmarks/web_page.py --runs 5

Builds the page (``giar-xl web build``; the first build fetches Pyodide with
npm), then for each run starts a fresh browser, opens the page by file:// and
gives it a workbook at once: "ready" is when the page can check, "first
result" when the findings of that first file are on the page.  Further
checks are timed in the page (dropping a file to findings shown).  Nothing
here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from headless import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from giar_xl.demo import demo_report, demo_with_mistakes  # noqa: E402
from giar_xl.export import export_report  # noqa: E402
from giar_xl.web.build import build_page  # noqa: E402
from giar_xl.workbook.build import write_workbook  # noqa: E402


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def cold_start(playwright, page_file: Path, first: Path) -> tuple[float, float, float]:
    """Seconds to ready and to the first result, and the renderer's CPU seconds by then."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.set_input_files("#file", str(first))
        page.wait_for_selector("#result[data-state=done]", timeout=300_000)
        timings = page.evaluate("giarPage.timings")
        processes = browser.new_browser_cdp_session().send("SystemInfo.getProcessInfo")["processInfo"]
        cpu = sum(p["cpuTime"] for p in processes if p["type"] == "renderer")
        return timings["ready"], timings["first"], cpu
    finally:
        browser.close()


def checks(playwright, page_file: Path, files: list[Path], repeat: int) -> dict[str, float]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_selector("body[data-ready='1']", timeout=300_000)
        medians = {}
        for path in files:
            seconds = []
            for _ in range(repeat):
                page.evaluate("document.getElementById('result').dataset.state = ''")
                page.set_input_files("#file", str(path))  # the same file again: checked again
                page.wait_for_selector("#result[data-state=done]", timeout=60_000)
                seconds.append(page.evaluate("giarPage.timings.last"))
            medians[path.suffix] = statistics.median(seconds)
        return medians
    finally:
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        folder = build_page(work / "年报校验")
        single = build_page(work / "年报校验.html", single_file=True)
        print(f"build (Pyodide cached): {time.perf_counter() - started:.1f} s")
        print(f"folder: {folder_size(folder) / 1048576:.1f} MB; one file: "
              f"{single.stat().st_size / 1048576:.1f} MB")
        practice = write_workbook(work / "练习稿.xlsx", report=demo_with_mistakes())
        published = export_report(demo_with_mistakes(), work / "发布稿.docx")
        text = export_report(demo_report(), work / "发布稿.txt")
        with sync_playwright() as playwright:
            runs = []
            for _ in range(args.runs):
                runs.append(cold_start(playwright, folder / "年报校验.html", practice))
                ready, first, busy = runs[-1]
                print(f"cold start: ready {ready:.1f} s, first result {first:.1f} s, "
                      f"renderer CPU {busy:.1f} s (load average {os.getloadavg()[0]:.1f})")
            print(f"median: ready {statistics.median(r[0] for r in runs):.1f} s, "
                  f"first result {statistics.median(r[1] for r in runs):.1f} s, "
                  f"renderer CPU {statistics.median(r[2] for r in runs):.1f} s")
            for suffix, seconds in checks(playwright, folder / "年报校验.html",
                                          [practice, published, text], args.repeat).items():
                print(f"further check {suffix}: median {seconds:.2f} s")


if __name__ == "__main__":
    main()
