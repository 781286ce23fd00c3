"""The WPS add-in's buttons in headless Chromium, on a stand-in for WPS's ET object model.

The add-in's own page (built by ``giar-xl addin build --wps``) is opened with
``wps_standin/et_standin.js`` in place of WPS: it holds a workbook's cells, fills,
named styles, comments, links and sheet protection, and refuses changes to a
protected sheet as WPS does.  Each button's effect on it is compared with what
``giar-xl check`` reports for the same workbook file.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from giar_xl.demo import demo_report, demo_with_mistakes
from giar_xl.marks import NOTE_PREFIX, link_target
from giar_xl.rules.suspects import SUSPECT
from giar_xl.web.build import wps_folder_name
from giar_xl.web.wps import XL_WEIGHTS
from giar_xl.workbook.build import write_workbook
from giar_xl.workbook.design import MARK_FILLS, SUSPECT_BORDER

from .browser import PageWatch, cli_check
from .wps_helpers import STANDIN_JS, marked_cells, workbook_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
RESULTS = "校验结果"
FOLDER = "C:\\Users\\办事员\\Desktop\\年报"


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wps-inputs")
    return {"demo": write_workbook(folder / "北留镇2025.xlsx", report=demo_report()),
            "practice": write_workbook(folder / "练习稿.xlsx", report=demo_with_mistakes())}


@pytest.fixture(scope="module")
def addin(chromium, built_wps):
    page = chromium.new_page()
    watch = PageWatch(page)
    page.add_init_script(STANDIN_JS.read_text(encoding="utf-8"))
    page.goto((built_wps / wps_folder_name() / "index.html").as_uri())
    page.wait_for_function("typeof OnAction === 'function'")
    yield page, watch
    assert watch.network == [] and watch.errors == []
    page.close()


def open_book(page, path, password_sheet=None):
    snapshot = workbook_snapshot(path, f"{FOLDER}\\{path.name}")
    if password_sheet:
        next(s for s in snapshot["sheets"] if s["name"] == password_sheet)["protection"]["password"] = "pw"
    page.evaluate("(data) => { __standin.open(data); __standin.messages = []; __standin.files = {}; }",
                  snapshot)
    return state(page)


def click(page, button: str) -> str:
    page.evaluate("async (id) => { OnAction({Id: id}); await giarLastRun; }", button)
    return page.evaluate("__standin.messages.at(-1).text")


def state(page) -> dict:
    return __import__("json").loads(page.evaluate("__standin.dump()"))


def sheets(snapshot: dict) -> dict:
    return {s["name"]: s for s in snapshot["sheets"]}


def reported_cells(path, rule: str | None = None) -> set[tuple[str, str]]:
    [result] = cli_check(path)["files"]
    return {(f["sheet"], f["cell"]) for f in result["findings"]
            if f["cell"] and (rule is None or f["rule"] == rule)}


def test_validate_marks_the_cells_the_command_line_reports(addin, workbooks):
    page, _watch = addin
    before = open_book(page, workbooks["practice"])
    message = click(page, "validate")
    after = state(page)
    expected = reported_cells(workbooks["practice"])
    marked = {(s, c) for s, c in marked_cells(after, MARK_FILLS) if s != RESULTS}
    assert marked == expected and len(expected) >= 7
    assert "校验完成：" in message and "个错误" in message
    cells = sheets(after)
    # the suspect cell (the one the broken sums point at) gets the thick red frame too
    suspects = reported_cells(workbooks["practice"], SUSPECT)
    assert suspects
    for sheet, ref in suspects:
        border = cells[sheet]["cells"][ref]["border"]
        assert {edge: (side["weight"], side["color"]) for edge, side in border.items()} == \
            {edge: (XL_WEIGHTS["thick"], SUSPECT_BORDER) for edge in ("7", "8", "9", "10")}
    for sheet, ref in expected:
        note = cells[sheet]["cells"][ref]["comment"]
        assert note["text"].startswith(NOTE_PREFIX) and "应为" in note["text"] and note["width"] == 360
    j8 = cells["三、依申请公开"]["cells"]["J8"]["comment"]["text"]
    assert "应为 1，实际 2" in j8
    # 校验结果: one row per finding, each 位置 a link to its cell
    results = cells[RESULTS]["cells"]
    links = [c["link"]["subAddress"] for ref, c in results.items() if c.get("link")]
    [result] = cli_check(workbooks["practice"])["files"]
    assert sorted(links) == sorted(link_target(f["sheet"], f["cell"]) for f in result["findings"]
                                   if f["cell"])  # one row, and link, per finding
    # protection is lifted for the marks and put back as it was
    for name, sheet in sheets(before).items():
        assert sheets(after)[name]["protection"] == sheet["protection"], name
    touched = {s for s, _ in expected}
    assert {n for n, s in cells.items() if s["protectCalls"]} == touched


def test_validate_again_does_not_stack_marks(addin, workbooks):
    page, _watch = addin
    open_book(page, workbooks["practice"])
    click(page, "validate")
    first = state(page)
    click(page, "validate")
    second = state(page)
    for name, sheet in sheets(first).items():
        assert sheets(second)[name]["cells"] == sheet["cells"], name


def test_clear_marks_restores_fills_and_notes(addin, workbooks):
    page, _watch = addin
    before = open_book(page, workbooks["practice"])
    click(page, "validate")
    message = click(page, "clear_marks")
    after = state(page)
    assert f"已清除 {len(reported_cells(workbooks['practice']))} 个单元格的校验标记" in message
    for name, sheet in sheets(before).items():
        if name == RESULTS:
            rows = {ref for ref, c in sheets(after)[name]["cells"].items()
                    if c["value"] is not None and int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) >= 3}
            assert rows == set()
            continue
        assert sheets(after)[name]["cells"] == sheet["cells"], name
        assert sheets(after)[name]["protection"] == sheet["protection"], name


def test_clean_workbook_is_not_marked(addin, workbooks):
    page, _watch = addin
    open_book(page, workbooks["demo"])
    message = click(page, "validate")
    assert "未发现问题" in message
    assert {s for s, _ in marked_cells(state(page), MARK_FILLS)} <= {RESULTS}


def test_sheet_with_a_password_is_left_alone_and_named(addin, workbooks):
    page, _watch = addin
    before = open_book(page, workbooks["practice"], password_sheet="三、依申请公开")
    message = click(page, "validate")
    after = state(page)
    assert "设有保护密码" in message and "三、依申请公开" in message
    assert sheets(after)["三、依申请公开"]["cells"] == sheets(before)["三、依申请公开"]["cells"]
    assert ("一、总体情况", "B6") in marked_cells(after, MARK_FILLS)


def test_export_writes_the_command_lines_web_page_next_to_the_workbook(addin, workbooks, tmp_path):
    page, _watch = addin
    open_book(page, workbooks["demo"])
    message = click(page, "export")
    target = f"{FOLDER}\\北留镇2025.html"
    assert target in message
    written = page.evaluate("(p) => __standin.files[p]", target).encode("latin-1")
    cli = tmp_path / "cli.html"
    subprocess.run([sys.executable, "-m", "giar_xl", "export", str(workbooks["demo"]), "-o", str(cli)],
                   check=True, capture_output=True)
    assert written == cli.read_bytes()
    page.evaluate("__standin.confirmAnswer = false")
    assert click(page, "export").endswith("未导出。")
    page.evaluate("__standin.confirmAnswer = true")


def test_export_is_refused_while_there_are_errors(addin, workbooks):
    page, _watch = addin
    open_book(page, workbooks["practice"])
    message = click(page, "export")
    assert message.startswith("政务公开年报 · 导出") and "不能导出：工作簿中有" in message
    assert page.evaluate("Object.keys(__standin.files).length") == 0


def test_help_names_the_versions(addin, workbooks):
    page, _watch = addin
    open_book(page, workbooks["demo"])
    message = click(page, "help")
    assert "giar-xl 0." in message and "Python 3." in message and "WPS stand-in" in message


def test_no_workbook_open_gets_a_message(addin):
    page, _watch = addin
    page.evaluate("window.Application.ActiveWorkbook = null; __standin.messages = []")
    assert "请先打开年报工作簿" in click(page, "validate")
