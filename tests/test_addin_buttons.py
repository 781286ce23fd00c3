"""The add-in's buttons on real workbooks, through xlwings' remote engine.

Each test builds the JSON a client (VBA or Office.js) would send for a real
generated workbook, runs the same button function Excel runs on
``xw.Book(json=...)`` and checks the actions returned to the client.  With
:func:`addin_payloads.replay` the actions are applied to a copy of the file,
so a run can be followed by the next click (check again, clear marks).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import openpyxl
import pytest

xw = pytest.importorskip("xlwings")

from addin_payloads import CLIENT_ACTIONS, OFFICE_JS, OFFICE_SCRIPTS, VBA, payload, replay

from giar_xl.annotate import FIRST_RESULT_ROW, annotate_workbook
from giar_xl.check import check_file
from giar_xl.excel.buttons import clear_marks, dispatch, export, show_help, validate
from giar_xl.excel.source import BookCellSource
from giar_xl.marks import ACCEPTED_LABEL, NOTE_PREFIX, link_target, plan_marks
from giar_xl.workbook.design import ERROR_FILL, SUSPECT_BORDER, SUSPECT_FILL, WARNING_FILL, designed_fill
from giar_xl.workbook.reader import read_cells, read_workbook

CLIENTS = [VBA, OFFICE_JS]
REQUEST = "三、依申请公开"
RESULTS = "校验结果"

# Five mistakes a clerk makes; the rules turn them into six errors, and D7 — the one
# cell that explains both broken sums — into a seventh finding, a warning.
INJECTED = {
    (REQUEST, "D7"): lambda v: v + 1,  # a figure changed, its total not
    (REQUEST, "E12"): lambda v: None,  # a blank instead of 0
    (REQUEST, "F20"): lambda v: "#REF!",  # an error value
    ("二、主动公开", "B6"): lambda v: -2,  # a negative count
    ("四、复议诉讼", "A7"): lambda v: 1.5,  # a fractional count
}


def edit(src: Path, dst: Path, changes: dict) -> Path:
    wb = openpyxl.load_workbook(src)
    for (sheet, cell), change in changes.items():
        wb[sheet][cell] = change(wb[sheet][cell].value) if callable(change) else change
    wb.save(dst)
    return dst


@pytest.fixture(scope="module")
def broken(tmp_path_factory, demo_xlsx) -> Path:
    return edit(demo_xlsx, tmp_path_factory.mktemp("addin") / "年报.xlsx", INJECTED)


def run(button, path: Path, client: str, **kwargs):
    """Click ``button`` on the workbook at ``path`` as ``client``; returns (result, actions)."""
    body = payload(path, client)
    book = xw.Book(json=copy.deepcopy(body))  # the remote book mutates its payload
    result = button(book, **kwargs)
    return result, book.json()["actions"]


def of(actions, func):
    return [a for a in actions if a["func"] == func]


def cell_of(action) -> tuple[int, str]:
    """(sheet position, A1 address of the top-left cell) of an action."""
    col = action["start_column"] + 1
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return action["sheet_position"], f"{letters}{action['start_row'] + 1}"


def cells_coloured(actions, sheetnames, colour) -> set[tuple[str, str]]:
    found = set()
    for a in of(actions, "setRangeColor"):
        if a["args"][0] == colour and sheetnames[a["sheet_position"]] != RESULTS:
            for r in range(a["row_count"]):
                for c in range(a["column_count"]):
                    pos, _ = cell_of(a)
                    found.add((sheetnames[pos], _a1(a["start_row"] + r, a["start_column"] + c)))
    return found


def _a1(row0: int, col0: int) -> str:
    return cell_of({"sheet_position": 0, "start_row": row0, "start_column": col0})[1]


def fills_and_notes(path: Path, borders: bool = False) -> dict:
    """Every sheet's cell fills and note texts (and outlines): what marking can change."""
    wb = openpyxl.load_workbook(path)
    state = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                fill = c.fill.start_color.rgb if c.fill.fill_type == "solid" else None
                state[(ws.title, c.coordinate)] = (fill[-6:] if isinstance(fill, str) else None,
                                                   c.comment.text if c.comment else None)
                if borders:
                    state[(ws.title, c.coordinate)] += (outline(c),)
    return state


def outline(cell) -> tuple:
    """(style, RGB) of a cell's four edges."""
    sides = (cell.border.top, cell.border.bottom, cell.border.left, cell.border.right)
    return tuple((s.style, s.color.rgb[-6:].upper() if s.color is not None else None)
                 if s is not None and s.style else (None, None) for s in sides)


def frames(actions, sheetnames) -> dict[tuple[str, str], list]:
    """Cell -> the setBorderProperty arguments sent for it."""
    found: dict[tuple[str, str], list] = {}
    for a in of(actions, "setBorderProperty"):
        pos, cell = cell_of(a)
        assert a["row_count"] == a["column_count"] == 1  # one frame per suspect cell
        found.setdefault((sheetnames[pos], cell), []).append(a["args"])
    return found


def without_results(state: dict) -> dict:
    return {key: value for key, value in state.items() if key[0] != RESULTS}


# -- the same reader as the command line --------------------------------------------
@pytest.mark.parametrize("client", CLIENTS)
def test_live_workbook_reads_like_the_file(broken, spec, client):
    book = xw.Book(json=payload(broken, client))
    live = read_cells(BookCellSource(book), spec)
    on_disk = read_workbook(broken, spec)
    assert dict(live.report.values) == dict(on_disk.report.values)
    assert live.findings == on_disk.findings
    assert check_file(broken).findings  # the injected mistakes are there to be found


# -- 校验 --------------------------------------------------------------------------------
@pytest.mark.parametrize("client", CLIENTS)
def test_validate_marks_what_the_cli_finds(broken, spec, client):
    expected = plan_marks(check_file(broken).findings, spec)
    result, actions = run(validate, broken, client)
    sheetnames = [s["name"] for s in payload(broken, client)["sheets"]]

    assert plan_marks(result.findings, spec).marks == expected.marks
    errors = {(m.sheet, m.cell) for m in expected.marks if m.fill == ERROR_FILL}
    warnings = {(m.sheet, m.cell) for m in expected.marks if m.fill == WARNING_FILL}
    suspects = {(m.sheet, m.cell) for m in expected.marks if m.suspect}
    assert len(errors) == 6 and suspects == {(REQUEST, "D7")}
    assert cells_coloured(actions, sheetnames, f"#{ERROR_FILL}") == errors
    assert cells_coloured(actions, sheetnames, f"#{WARNING_FILL}") == warnings
    assert cells_coloured(actions, sheetnames, f"#{SUSPECT_FILL}") == suspects
    if client == OFFICE_JS:  # the frame: every edge thick, red, continuous
        sent = frames(actions, sheetnames)
        assert set(sent) == suspects
        assert sorted(map(tuple, sent[(REQUEST, "D7")])) == sorted(
            (f"edge_{edge}", attribute, value) for edge in ("top", "bottom", "left", "right")
            for attribute, value in (("color", f"#{SUSPECT_BORDER.lower()}"), ("weight", "thick"),
                                     ("line_style", "continuous")))
    else:
        assert not of(actions, "setBorderProperty")  # VBA draws no borders: the fill only

    notes = {(sheetnames[a["sheet_position"]], a["args"][0].replace("$", "")): a["args"][1]
             for a in of(actions, "addNote")}
    if client == OFFICE_JS:
        assert notes == {(m.sheet, m.cell): m.note for m in expected.marks}
        assert all(text.startswith(NOTE_PREFIX) for text in notes.values())
        assert "应为 3，实际 2" in notes[(REQUEST, "J7")]
        assert notes[(REQUEST, "D7")].startswith(f"{NOTE_PREFIX}\n△ 提醒：最可能填错的是 D7")
    else:
        assert notes == {}  # VBA has no notes: the messages are in 校验结果 only


@pytest.mark.parametrize("client", CLIENTS)
def test_validate_writes_one_result_row_per_finding_with_links(broken, spec, client):
    result, actions = run(validate, broken, client)
    results_pos = [s["name"] for s in payload(broken, client)["sheets"]].index(RESULTS)
    columns = [c.key for c in spec.results_sheet.columns]
    table = next(a for a in of(actions, "setValues")
                 if a["sheet_position"] == results_pos and a["start_row"] == FIRST_RESULT_ROW - 1)
    rows = table["values"]
    listed = plan_marks(result.findings, spec).rows  # the suspect first, then as the CLI lists
    in_order = sorted(result.findings, key=lambda f: f.rule != "sum-suspect")
    assert len(rows) == len(listed) == len(result.findings) == 7
    assert rows[0][columns.index("where")] == f"{REQUEST}!D7"
    assert rows[0][columns.index("message")].startswith("最可能填错的是 D7")
    assert [row[columns.index("message")] for row in rows] == [f.message for f in in_order]
    assert [row[columns.index("fingerprint")] for row in rows] == \
        ["'" + f.fingerprint for f in in_order]  # kept as text by Excel
    assert [row[columns.index("severity")] for row in rows] == ["提醒"] + ["错误"] * 6

    links = of(actions, "addHyperlink")
    assert [(a["sheet_position"], a["start_row"] + 1) for a in links] == \
        [(results_pos, FIRST_RESULT_ROW + i) for i in range(len(rows))]
    assert [a["args"][0] for a in links] == \
        [f"#{link_target(f.sheet, f.cell)}" for f in in_order]
    assert [a["args"][1] for a in links] == [row[columns.index("where")] for row in rows]

    severity = of(actions, "setRangeColor")
    assert any(a["sheet_position"] == results_pos and a["row_count"] == 6
               and a["args"] == [f"#{ERROR_FILL}"] for a in severity)
    assert any(a["sheet_position"] == results_pos and a["start_row"] == FIRST_RESULT_ROW - 1
               and a["args"] == [f"#{SUSPECT_FILL}"] for a in severity)
    alert = of(actions, "alert")[-1]
    assert alert["args"][0].startswith("校验完成：6 个错误")
    assert alert["args"][3] == "critical"


@pytest.mark.parametrize("client", [*CLIENTS, OFFICE_SCRIPTS])
def test_every_action_is_one_the_client_implements(broken, tmp_path, client):
    _, first = run(validate, broken, client)
    marked = replay(broken, first, tmp_path / "marked.xlsx")
    _, again = run(validate, marked, client)
    _, cleared = run(clear_marks, marked, client)
    used = {a["func"] for a in first + again + cleared}
    assert used <= CLIENT_ACTIONS[client], used - CLIENT_ACTIONS[client]
    if client != OFFICE_JS:  # VBA's HexToRgb cannot take "no fill"
        assert all(a["args"] != [None] for a in of(first + again + cleared, "setRangeColor"))


@pytest.mark.parametrize("client", CLIENTS)
def test_actions_grow_with_the_findings_not_the_workbook(demo_xlsx, broken, tmp_path, client):
    _, clean = run(validate, demo_xlsx, client)
    assert len(clean) <= 4  # results rewritten and a message: nothing else to do
    result, actions = run(validate, broken, client)
    per_finding = 4 if client == OFFICE_JS else 3  # fill, link, (note), severity
    frame = 12 if client == OFFICE_JS else 0  # 4 edges x (colour, weight, line style)
    assert len(actions) <= per_finding * len(result.findings) + frame + 4
    # A whole block of marks is one fill action, not one per cell.
    block = {(REQUEST, f"{col}{row}"): -1 for col in "DEFGHI" for row in (9, 10)}
    _, many = run(validate, edit(demo_xlsx, tmp_path / "block.xlsx", block), client)
    fills = [a for a in of(many, "setRangeColor") if a["args"] == [f"#{ERROR_FILL}"]
             and a["row_count"] * a["column_count"] > 1]
    assert any(a["row_count"] == 2 and a["column_count"] == 6 for a in fills)


# -- the next click: check again, clear ----------------------------------------------------
@pytest.mark.parametrize("client", CLIENTS)
def test_clear_marks_restores_the_workbook(broken, tmp_path, spec, client):
    _, actions = run(validate, broken, client)
    marked = replay(broken, actions, tmp_path / "marked.xlsx")
    assert fills_and_notes(marked) != fills_and_notes(broken)
    d7 = openpyxl.load_workbook(marked)[REQUEST]["D7"]
    assert outline(d7) == ((("thick", SUSPECT_BORDER),) * 4 if client == OFFICE_JS
                           else (("thin", "808080"),) * 4)

    outcome, actions = run(clear_marks, marked, client)
    assert outcome.cleared == 7 and outcome.result_rows == 7
    restored = {cell_of(a): a["args"][0] for a in of(actions, "setRangeColor")}
    assert set(restored.values()) == {f"#{designed_fill(spec, REQUEST, 'J7')}"}
    if client == OFFICE_JS:
        assert len(of(actions, "deleteNote")) == 7
        assert set(frames(actions, [s.title for s in openpyxl.load_workbook(marked)])) == \
            {(REQUEST, "D7")}  # only the framed cell gets its designed outline back
    cleared = replay(marked, actions, tmp_path / "cleared.xlsx")

    assert without_results(fills_and_notes(cleared, borders=True)) == \
        without_results(fills_and_notes(broken, borders=True))
    ws = openpyxl.load_workbook(cleared)[RESULTS]
    assert ws["A1"].value == RESULTS
    assert ws.max_row < FIRST_RESULT_ROW or all(
        c.value is None for row in ws.iter_rows(min_row=FIRST_RESULT_ROW) for c in row)


@pytest.mark.parametrize("client", CLIENTS)
def test_checking_twice_changes_nothing_more(broken, tmp_path, client):
    _, first = run(validate, broken, client)
    once = replay(broken, first, tmp_path / "once.xlsx")
    _, second = run(validate, once, client)
    assert not of(second, "addNote")  # notes are rewritten, never stacked
    assert not of(second, "setBorderProperty")  # the frame is there already
    twice = replay(once, second, tmp_path / "twice.xlsx")
    def strip_time(state):
        return {k: v for k, v in state.items() if k != (RESULTS, "A1")}

    assert strip_time(fills_and_notes(twice, borders=True)) == \
        strip_time(fills_and_notes(once, borders=True))


def test_fixed_cell_loses_its_mark(broken, demo_xlsx, tmp_path, spec):
    _, actions = run(validate, broken, OFFICE_JS)
    marked = replay(broken, actions, tmp_path / "marked.xlsx")
    fixed = edit(marked, tmp_path / "fixed.xlsx", {("二、主动公开", "B6"): 0})
    result, actions = run(validate, fixed, OFFICE_JS)
    assert len(result.findings) == 6
    after = fills_and_notes(replay(fixed, actions, tmp_path / "after.xlsx"))
    assert after[("二、主动公开", "B6")] == (designed_fill(spec, "二、主动公开", "B6"), None)
    assert after[(REQUEST, "J7")][0] == ERROR_FILL


@pytest.mark.parametrize("client", CLIENTS)
def test_the_suspect_corrected_loses_its_frame_and_its_sums_their_marks(broken, tmp_path, client):
    _, actions = run(validate, broken, client)
    marked = replay(broken, actions, tmp_path / "marked.xlsx")
    fixed = edit(marked, tmp_path / "fixed.xlsx", {(REQUEST, "D7"): 2})  # as the note said
    result, actions = run(validate, fixed, client)
    assert not [f for f in result.findings if f.sheet == REQUEST and f.cell in ("D7", "J7", "D31")]
    after = fills_and_notes(replay(fixed, actions, tmp_path / "after.xlsx"), borders=True)
    before = fills_and_notes(broken, borders=True)
    assert [after[(REQUEST, c)] for c in ("D7", "J7", "D31")] == \
        [before[(REQUEST, c)] for c in ("D7", "J7", "D31")]


def test_accepted_warning_keeps_its_reason_and_loses_its_mark(demo_xlsx, tmp_path, spec):
    """A reason typed in 校验结果 accepts a warning: the next check keeps it, unmarked."""
    narrative = edit(demo_xlsx, tmp_path / "w.xlsx", {(REQUEST, "D7"): 3, (REQUEST, "J7"): 3,
                                                      (REQUEST, "D31"): 1, (REQUEST, "J31"): 1})
    result, actions = run(validate, narrative, OFFICE_JS)
    warning = next(f for f in result.findings if f.severity == "warning")
    marked = replay(narrative, actions, tmp_path / "marked.xlsx")
    columns = [c.key for c in spec.results_sheet.columns]
    row = FIRST_RESULT_ROW + list(result.findings).index(warning)
    reason = (RESULTS, f"{chr(65 + columns.index('reason'))}{row}")
    accepted = edit(marked, tmp_path / "accepted.xlsx", {reason: "正文按申请人口径统计"})

    again, actions = run(validate, accepted, OFFICE_JS)
    assert [f.accepted for f in again.findings if f.fingerprint == warning.fingerprint] == \
        ["正文按申请人口径统计"]
    table = next(a for a in of(actions, "setValues") if a["start_row"] == FIRST_RESULT_ROW - 1)
    fingerprint = columns.index("fingerprint")
    kept = [r for r in table["values"] if r[fingerprint] == "'" + warning.fingerprint]
    assert kept[0][columns.index("severity")] == ACCEPTED_LABEL
    assert kept[0][columns.index("reason")] == "正文按申请人口径统计"
    after = fills_and_notes(replay(accepted, actions, tmp_path / "after.xlsx"))
    assert after[(warning.sheet, warning.cell)] == \
        (designed_fill(spec, warning.sheet, warning.cell), None)


def test_clear_marks_on_an_annotated_copy(broken, tmp_path):
    """`check --annotate` and the add-in leave the same marks: the button clears both."""
    annotated = annotate_workbook(broken, tmp_path / "annotated.xlsx", check_file(broken))
    outcome, actions = run(clear_marks, annotated, OFFICE_JS)
    assert outcome.cleared == 7 and len(of(actions, "deleteNote")) == 7
    cleared = fills_and_notes(replay(annotated, actions, tmp_path / "cleared.xlsx"), borders=True)
    assert without_results(cleared) == without_results(fills_and_notes(broken, borders=True))


def test_a_note_of_the_clerk_is_not_overwritten(broken, tmp_path):
    """Office.js sends which cells have notes, not their text: a note on a cell the
    results list does not name is the clerk's, and stays.  (On clearing, a note on a
    listed cell counts as giar-xl's — the protected sheets let no clerk add one.)"""
    wb = openpyxl.load_workbook(broken)
    wb[REQUEST]["J7"].comment = openpyxl.comments.Comment("请核对", "clerk")
    wb.save(tmp_path / "noted.xlsx")
    _, actions = run(validate, tmp_path / "noted.xlsx", OFFICE_JS)
    assert [cell_of(a) for a in of(actions, "setRangeColor")].count((3, "J7")) == 1
    assert not [a for a in actions if a["func"] in ("addNote", "setNoteText", "deleteNote")
                and cell_of(a) == (3, "J7")]
    assert len(of(actions, "addNote")) == 6


def test_vba_cannot_unmark_a_cell_without_fill_so_it_only_lists_it(demo_xlsx, tmp_path):
    """A row label has no fill; VBA cannot remove a fill, so it never colours one."""
    edited = edit(demo_xlsx, tmp_path / "label.xlsx", {(REQUEST, "A7"): "新收申请"})
    result, actions = run(validate, edited, VBA)
    assert any(f.rule == "label-edited" and f.cell == "A7" for f in result.findings)
    assert not [a for a in of(actions, "setRangeColor") if cell_of(a) == (3, "A7")]
    assert "无法标色" in of(actions, "alert")[-1]["args"][0]
    _, office = run(validate, edited, OFFICE_JS)
    assert [a["args"] for a in of(office, "setRangeColor") if cell_of(a) == (3, "A7")] == \
        [[f"#{ERROR_FILL}"]]


def test_a_clean_workbook_says_so(demo_xlsx):
    result, actions = run(validate, demo_xlsx, VBA)
    assert result.status == "ok"
    texts = [v for a in of(actions, "setValues") for row in a["values"] for v in row]
    assert "'√ 未发现问题" not in texts and any(str(t).startswith("√ 未发现问题") for t in texts)
    assert of(actions, "alert")[-1]["args"][3] == "info"


# -- 导出 ---------------------------------------------------------------------------------
def test_export_refuses_with_the_errors_listed(broken, tmp_path):
    written, actions = run(export, broken, VBA, directory=tmp_path)
    assert written is None and list(tmp_path.iterdir()) == []
    text = of(actions, "alert")[-1]["args"][0]
    assert text.startswith("不能导出：工作簿中有 6 个错误")
    assert "三、依申请公开!J7" in text and "是负数 -2" in text


def test_export_writes_the_word_report(demo_xlsx, tmp_path):
    pytest.importorskip("docx")
    written, actions = run(export, demo_xlsx, OFFICE_JS, directory=tmp_path)
    assert written == tmp_path / "demo.docx" and written.stat().st_size > 10_000
    assert str(written) in of(actions, "alert")[-1]["args"][0]
    import docx

    text = "\n".join(p.text for p in docx.Document(written).paragraphs)
    assert "北留镇人民政府" in text


def test_export_never_replaces_a_report_nobody_agreed_to_replace(demo_xlsx, tmp_path):
    (tmp_path / "demo.docx").write_bytes(b"edited by hand")
    written, _ = run(export, demo_xlsx, OFFICE_JS, directory=tmp_path)
    assert written == tmp_path / "demo（2）.docx"
    assert (tmp_path / "demo.docx").read_bytes() == b"edited by hand"


def test_export_needs_a_folder_a_remote_client_cannot_give(demo_xlsx):
    written, actions = run(export, demo_xlsx, OFFICE_JS)
    assert written is None
    assert "giar-xl export" in of(actions, "alert")[-1]["args"][0]


# -- dispatch, 帮助 -------------------------------------------------------------------------
def test_help_names_the_versions(demo_xlsx):
    _, actions = run(show_help, demo_xlsx, VBA)
    text = of(actions, "alert")[0]["args"][0]
    assert f"xlwings {xw.__version__}" in text and "校验：" in text


def test_dispatch_turns_failures_into_a_message(tmp_path):
    other = tmp_path / "其他.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "随便一个表"
    wb.save(other)
    book = xw.Book(json=payload(other, VBA))
    dispatch("validate", book)
    alert = of(book.json()["actions"], "alert")[-1]["args"]
    assert alert[0].startswith("无法处理这个工作簿：不是 giar-xl 年报工作簿")
    assert alert[3] == "critical"
    book = xw.Book(json=payload(other, VBA))
    dispatch("no_such_button", book)
    assert re.search(r"出错了（KeyError）", of(book.json()["actions"], "alert")[-1]["args"][0])
