"""The offline page in headless Chromium, opened by file:// from the built folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from giar_xl.demo import demo_report, demo_with_mistakes
from giar_xl.workbook.build import write_workbook

from .browser import cli_check

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page-inputs")
    return {"demo": write_workbook(folder / "北留镇2025.xlsx", report=demo_report()),
            "practice": write_workbook(folder / "练习稿.xlsx", report=demo_with_mistakes())}


def check_in_page(page, path: Path) -> dict:
    page.set_input_files("#file", str(path))
    page.wait_for_selector("#result[data-state=done]", timeout=60_000)
    page.wait_for_function("giarPage.result && giarPage.result.path === " + repr(path.name))
    return page.evaluate("giarPage.result")


def essentials(findings: list[dict]) -> list[tuple]:
    return [(f["rule"], f["severity"], f["sheet"], f["cell"], f["expected"], f["actual"], f["message"])
            for f in findings]


def test_page_finds_what_the_command_line_finds_without_the_network(checker, workbooks):
    page, watch = checker
    result = check_in_page(page, workbooks["practice"])
    [expected] = cli_check(workbooks["practice"])["files"]
    assert result["status"] == expected["status"] != "ok"
    assert essentials(result["findings"]) == essentials(expected["findings"])
    # the status line is neutral: only the verdict is coloured
    assert page.get_attribute("#status", "data-kind") == "info"
    assert "已校验" in page.inner_text("#status")
    # shown by sheet, then cell, each with its message and figures
    sections = page.query_selector_all("#result section.sheet")
    shown = {(s.query_selector("h3").inner_text(), th.inner_text())
             for s in sections for th in s.query_selector_all("th.cell")}
    assert shown == {(f["sheet"], f["cell"]) for f in expected["findings"]}
    text = page.inner_text("#result")
    for finding in expected["findings"]:
        assert finding["message"] in text
    assert "应为 1，实际 2" in text
    assert watch.network == [] and watch.errors == []


def test_annotated_copy_is_the_command_lines(checker, workbooks, tmp_path):
    page, watch = checker
    check_in_page(page, workbooks["practice"])
    with page.expect_download() as download:
        page.click("#annotated")
    assert download.value.suggested_filename == "练习稿.校验.xlsx"
    ours = tmp_path / "page.xlsx"
    download.value.save_as(ours)
    cli = tmp_path / "cli.xlsx"
    subprocess.run([sys.executable, "-m", "giar_xl", "check", str(workbooks["practice"]),
                    "--annotate", str(cli)], capture_output=True, check=False)
    assert marks(ours) == marks(cli) and len(marks(cli)) > 5
    assert watch.network == [] and watch.errors == []


def marks(path: Path) -> dict:
    """Every cell's fill and note, and the 校验结果 rows below the title."""
    wb = openpyxl.load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if ws.title == "校验结果" and cell.row == 1:
                    continue  # the title carries the time of the check
                fill = cell.fill.start_color.rgb if cell.fill.fill_type == "solid" else None
                note = cell.comment.text if cell.comment else None
                listed = cell.value if ws.title == "校验结果" else None
                if fill or note or listed is not None:
                    found[(ws.title, cell.coordinate)] = (fill, note, listed)
    return found


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_exports_are_the_command_lines(checker, workbooks, tmp_path, fmt):
    page, _watch = checker
    check_in_page(page, workbooks["demo"])
    with page.expect_download() as download:
        page.click(f"#export-{fmt}")
    assert download.value.suggested_filename == f"北留镇2025.{fmt}"
    ours = tmp_path / f"page.{fmt}"
    download.value.save_as(ours)
    cli = tmp_path / f"cli.{fmt}"
    subprocess.run([sys.executable, "-m", "giar_xl", "export", str(workbooks["demo"]), "-o", str(cli)],
                   check=True, capture_output=True)
    assert ours.read_bytes() == cli.read_bytes()


def test_export_with_errors_waits_for_the_clerks_word(checker, workbooks, tmp_path):
    page, _watch = checker
    check_in_page(page, workbooks["practice"])
    page.click("#export-txt")
    page.wait_for_function("document.getElementById('status').dataset.kind === 'error'")
    assert "有错误也导出" in page.inner_text("#status")
    page.check("#force")
    with page.expect_download() as download:
        page.click("#export-txt")
    ours = tmp_path / "page.txt"
    download.value.save_as(ours)
    cli = tmp_path / "cli.txt"
    subprocess.run([sys.executable, "-m", "giar_xl", "export", str(workbooks["practice"]), "-o", str(cli),
                    "--force"], check=True, capture_output=True)
    assert ours.read_bytes() == cli.read_bytes()


def test_last_years_report_is_used_for_the_cross_year_rules(checker, tmp_path):
    from web_corpus import previous_pair

    page, _watch = checker
    last, this = previous_pair(tmp_path)
    page.set_input_files("#previous", str(last))
    page.wait_for_function("giarPage.previous === 'last_year.xlsx'")
    result = check_in_page(page, this)
    [expected] = cli_check(this, "--previous", last)["files"]
    assert essentials(result["findings"]) == essentials(expected["findings"])
    assert any(f["rule"].startswith("prev") for f in expected["findings"])
    page.set_input_files("#previous", [])
