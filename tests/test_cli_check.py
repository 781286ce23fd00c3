"""giar-xl check: readable and JSON output, exit codes, annotated copies, batches."""

from __future__ import annotations

import hashlib
import json
import shutil

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import last_years_texts
from render_helpers import rendered_page

from giar_xl.batch import POOL_THRESHOLD
from giar_xl.cli import main
from giar_xl.marks import NOTE_PREFIX
from giar_xl.rules.catalog import rule_title
from giar_xl.workbook.design import ERROR_FILL, INPUT_FILL, SUSPECT_BORDER, SUSPECT_FILL, WARNING_FILL


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def broken(demo_copy, **cells):
    """The demo workbook with some cells changed, as a clerk would type them."""
    wb = openpyxl.load_workbook(demo_copy)
    for ref, value in cells.items():
        sheet, cell = ref.split("!")
        wb[sheet][cell] = value
    wb.save(demo_copy)
    return demo_copy


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_clean_workbook_exits_0(demo_xlsx):
    result = run("check", demo_xlsx)
    assert result.exit_code == 0, result.output
    assert "未发现问题" in result.output


def test_errors_exit_1_with_cell_and_evidence(demo_copy):
    path = broken(demo_copy, **{"三、依申请公开!J7": 3})
    result = run("check", path)
    assert result.exit_code == 1
    assert "三、依申请公开!J7" in result.output
    assert "应为 2，实填 3" in result.output
    assert "[req-row-total]" in result.output


def test_json_shape(demo_copy):
    path = broken(demo_copy, **{"三、依申请公开!J7": 3, "六、其他事项!B4": "本报告可在网站下载。"})
    result = run("check", path, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    [file] = data["files"]
    assert file["status"] == "errors" and file["path"] == str(path)
    by_rule = {f["rule"]: f for f in file["findings"]}
    row = by_rule["req-row-total"]
    assert {k: row[k] for k in ("severity", "field", "sheet", "cell", "expected", "actual")} == {
        "severity": "error", "field": "req_new_total", "sheet": "三、依申请公开", "cell": "J7",
        "expected": 2, "actual": 3}
    assert set(row) >= {"rule", "severity", "field", "sheet", "cell", "message", "expected",
                        "actual"}
    assert by_rule["fee-not-stated"]["severity"] == "warning"


def test_unusable_input_exits_2_but_the_batch_goes_on(tmp_path, demo_xlsx):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"PK\x03\x04broken")
    text = tmp_path / "notes.xlsx"
    text.write_text("not excel", encoding="utf-8")
    result = run("check", bad, demo_xlsx, text, "--json")
    assert result.exit_code == 2
    statuses = [f["status"] for f in json.loads(result.output)["files"]]
    assert statuses == ["unreadable", "ok", "unreadable"]


def test_bad_values_are_errors_at_their_cells_and_the_rest_is_checked(demo_copy):
    path = broken(demo_copy, **{"三、依申请公开!D7": "两件", "四、复议诉讼!A7": "#REF!",
                                "三、依申请公开!D8": "无", "三、依申请公开!J9": 5})
    result = run("check", path, "--json")
    assert result.exit_code == 1
    [file] = json.loads(result.output)["files"]
    assert file["status"] == "errors" and "reason" not in file
    cells = {(f["rule"], f["cell"]) for f in file["findings"]}
    assert {("type-text", "D7"), ("type-text", "D8"), ("type-error-value", "A7"),
            ("req-row-total", "J9")} <= cells  # J9: a sum elsewhere is still checked
    text = run("check", path).output
    assert "文字「两件」" in text and "填了「无」" in text


def test_destroyed_structure_is_unusable_with_the_reason(demo_copy):
    wb = openpyxl.load_workbook(demo_copy)
    del wb["四、复议诉讼"]
    wb.save(demo_copy)
    result = run("check", demo_copy, "--json")
    assert result.exit_code == 2
    [file] = json.loads(result.output)["files"]
    assert file["status"] == "unreadable" and "缺少工作表「四、复议诉讼」" in file["reason"]


def test_folder_is_searched_recursively(tmp_path, demo_xlsx):
    for sub in ("甲镇", "乙镇/档案"):
        (tmp_path / sub).mkdir(parents=True)
        shutil.copy(demo_xlsx, tmp_path / sub / "2025年报.xlsx")
    (tmp_path / "说明.json").write_bytes(b"{}")  # not a form a report comes in
    (tmp_path / "甲镇" / "~$2025年报.xlsx").write_bytes(b"excel lock file")
    result = run("check", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["files"]) == 2


def test_large_batches_use_the_process_pool(tmp_path, demo_xlsx, demo_copy):
    bad = broken(demo_copy, **{"三、依申请公开!J7": 3})
    folder = tmp_path / "县"
    folder.mkdir()
    for i in range(POOL_THRESHOLD + 2):
        shutil.copy(bad if i == 5 else demo_xlsx, folder / f"{i:03d}.xlsx")
    (folder / "999.xlsx").write_text("garbage", encoding="utf-8")
    result = run("check", folder, "--json", "--workers", 2)
    files = json.loads(result.output)["files"]
    assert [f["path"] for f in files] == sorted(f["path"] for f in files)  # input order kept
    assert [f["status"] for f in files].count("ok") == POOL_THRESHOLD + 1
    assert files[5]["status"] == "errors" and files[-1]["status"] == "unreadable"
    assert result.exit_code == 2


def test_nothing_to_check(tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 2 and "没有找到" in result.output


def test_annotate_writes_a_marked_copy_and_leaves_the_original(demo_copy, tmp_path, spec):
    path = broken(demo_copy, **{"三、依申请公开!J7": 3, "六、其他事项!B4": "本报告可在网站下载。"})
    before = digest(path)
    out = tmp_path / "标注.xlsx"
    result = run("check", path, "--annotate", out)
    assert result.exit_code == 1
    assert digest(path) == before
    wb = openpyxl.load_workbook(out)
    j7 = wb["三、依申请公开"]["J7"]
    # J7 breaks its row and the 总计 column's balance: it is the one cell explaining both,
    # marked apart from the cells of the broken sums, its own message first in the note
    assert j7.fill.start_color.rgb.endswith(SUSPECT_FILL)
    assert {(s.style, s.color.rgb[-6:]) for s in (j7.border.top, j7.border.bottom,
                                                  j7.border.left, j7.border.right)} == \
        {("thick", SUSPECT_BORDER)}
    assert j7.comment.text.startswith(f"{NOTE_PREFIX}\n△ 提醒：最可能填错的是 J7")
    assert "应为 2" in j7.comment.text
    j31 = wb["三、依申请公开"]["J31"]
    assert j31.border.top.style == "thin" and not j31.fill.start_color.rgb.endswith(SUSPECT_FILL)
    assert wb["六、其他事项"]["B4"].fill.start_color.rgb.endswith(WARNING_FILL)
    rows = list(wb["校验结果"].iter_rows(min_row=3, values_only=True))
    # the suspect first, then the errors (J7's row, J31's balance), then the narrative's 「2 件」;
    # the list names each rule by its Chinese title
    assert [(r[2], r[6]) for r in rows] == [(where, rule_title(code, spec)) for where, code in [
        ("三、依申请公开!J7", "sum-suspect"), ("三、依申请公开!J7", "req-row-total"),
        ("三、依申请公开!J31", "req-balance"), ("一、总体情况!B6", "narrative-mismatch"),
        ("六、其他事项!B4", "fee-not-stated")]]
    assert wb["校验结果"]["B3"].fill.start_color.rgb.endswith(SUSPECT_FILL)
    assert wb["校验结果"]["C3"].hyperlink.location == "'三、依申请公开'!J7"
    assert wb["三、依申请公开"].protection.sheet and wb.security.lockStructure


def test_annotating_twice_does_not_stack_and_fixed_cells_are_cleared(demo_copy, tmp_path):
    path = broken(demo_copy, **{"三、依申请公开!J7": 3})
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    run("check", path, "--annotate", first)
    fixed = broken(first, **{"三、依申请公开!J7": 2})
    result = run("check", fixed, "--annotate", second)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(second)
    j7 = wb["三、依申请公开"]["J7"]
    assert j7.comment is None
    assert j7.fill.start_color.rgb.endswith(INPUT_FILL)
    assert j7.border.left.style == "thin" and j7.font.b is not True  # the frame is gone too
    assert [r[0] for r in wb["校验结果"].iter_rows(min_row=3, values_only=True)] == [
        "√ 未发现问题"]


def test_a_block_of_blanks_is_one_finding_that_marks_every_cell(demo_copy, tmp_path):
    blanks = {f"三、依申请公开!{c}{r}": None for c in "EFGHI" for r in (9, 10)}
    path = broken(demo_copy, **blanks)
    out = tmp_path / "标注.xlsx"
    result = run("check", path, "--annotate", out, "--json")
    [file] = json.loads(result.output)["files"]
    [block] = [f for f in file["findings"] if f["rule"] == "blank-number"]
    assert (block["cell"], block["cells"]) == ("E9", ["E9:I10"])
    ws = openpyxl.load_workbook(out)["三、依申请公开"]
    for c in "EFGHI":
        for r in (9, 10):
            assert ws[f"{c}{r}"].fill.start_color.rgb.endswith(ERROR_FILL), f"{c}{r}"
    assert ws["D9"].comment is None or "E9:I10" not in ws["D9"].comment.text
    listed = list(openpyxl.load_workbook(out)["校验结果"].iter_rows(min_row=3, values_only=True))
    assert sum(1 for row in listed if row[6] == rule_title("blank-number")) == 1


def test_annotate_refuses_to_overwrite_the_input(demo_copy):
    before = demo_copy.read_bytes()
    result = run("check", demo_copy, "--annotate", demo_copy)
    assert result.exit_code == 2
    assert "未发现问题" in result.output  # the check's result is still shown
    assert "未能写出标注副本" in result.output and "不能是输入的文件本身" in result.output
    assert demo_copy.read_bytes() == before


@pytest.mark.parametrize("name", ["结果.txt", "结果.xls", "结果.docx", "结果.csv"])
def test_annotate_to_a_file_that_is_not_xlsx_is_refused_not_made_a_folder(demo_copy, tmp_path,
                                                                            name):
    out = tmp_path / name
    result = run("check", demo_copy, "--annotate", out)
    assert result.exit_code == 2
    assert "未发现问题" in result.output  # the check's result is still shown
    assert "标注副本是 Excel 工作簿（.xlsx）" in result.output and "结果.xlsx" in result.output
    assert not out.exists()


def test_annotate_of_several_files_to_an_xlsx_name_asks_for_a_folder(demo_copy, tmp_path):
    other = tmp_path / "other.xlsx"
    shutil.copy(demo_copy, other)
    out = tmp_path / "标注.xlsx"
    result = run("check", demo_copy, other, "--annotate", out, "--json")
    assert result.exit_code == 2
    problems = [f["annotation_problem"] for f in json.loads(result.output)["files"]]
    assert len(problems) == 2 and all("应给一个文件夹" in p for p in problems)
    assert not out.exists()


def test_accepted_warning_stays_accepted_until_the_figures_change(demo_copy, tmp_path):
    path = broken(demo_copy, **{"六、其他事项!B4": "本报告可在网站下载。"})
    marked = tmp_path / "marked.xlsx"
    assert run("check", path, "--annotate", marked).exit_code == 0
    wb = openpyxl.load_workbook(marked)  # the reviewer writes a reason in 说明
    ws = wb["校验结果"]
    assert ws["A3"].value == 1 and ws["G3"].value == "未说明是否收取信息处理费"  # the rule, by name
    ws["H3"] = "本机关不涉及收费，已在门户网站另行说明。"
    wb.save(marked)

    result = run("check", marked, "--json")
    [finding] = json.loads(result.output)["files"][0]["findings"]
    assert finding["accepted"] == "本机关不涉及收费，已在门户网站另行说明。"
    text = run("check", marked).output
    assert "已接受的提醒" in text and "0 个提醒" not in text

    again = tmp_path / "again.xlsx"
    run("check", marked, "--annotate", again)
    wb = openpyxl.load_workbook(again)
    assert wb["校验结果"]["H3"].value == "本机关不涉及收费，已在门户网站另行说明。"
    assert wb["六、其他事项"]["B4"].comment is None  # accepted: no longer marked

    changed = broken(again, **{"六、其他事项!B4": "报告可在政府网站查阅。"})
    [finding] = json.loads(run("check", changed, "--json").output)["files"][0]["findings"]
    assert "accepted" not in finding  # the text changed: the acceptance lapses


def test_errors_cannot_be_accepted(demo_copy, tmp_path):
    path = broken(demo_copy, **{"三、依申请公开!J7": 3})
    marked = tmp_path / "m.xlsx"
    run("check", path, "--annotate", marked)
    wb = openpyxl.load_workbook(marked)
    wb["校验结果"]["H3"] = "我们认为没问题"
    wb.save(marked)
    result = run("check", marked, "--json")
    assert result.exit_code == 1
    assert "accepted" not in json.loads(result.output)["files"][0]["findings"][0]


def test_previous_year_from_the_command_line(demo_xlsx, tmp_path):
    last = tmp_path / "2024.xlsx"
    shutil.copy(demo_xlsx, last)
    broken(last, **{"封面!B4": 2024, "三、依申请公开!D31": 4, "三、依申请公开!J31": 4})
    result = run("check", demo_xlsx, "--previous", last, "--json")
    rules = {f["rule"] for f in json.loads(result.output)["files"][0]["findings"]}
    assert "req-carried-in" in rules and result.exit_code == 1


def test_unusable_previous_is_exit_2(demo_xlsx, tmp_path):
    bad = tmp_path / "2024.xlsx"
    bad.write_text("x", encoding="utf-8")
    result = run("check", demo_xlsx, "--previous", bad)
    assert result.exit_code == 2 and "不是 Excel" in result.output


@pytest.mark.libreoffice
def test_annotated_copy_renders_its_fills_in_libreoffice(demo_copy, tmp_path):
    """The total's red (the live self-check paints it red as well) and the mistyped
    component's own orange and thick red frame all reach the printed page."""
    from giar_xl.office import convert
    path = broken(demo_copy, **{"三、依申请公开!D7": 3})
    out = tmp_path / "a.xlsx"
    run("check", path, "--annotate", out)
    pdf = convert(out, "pdf", tmp_path)
    page = rendered_page(pdf, 4, tmp_path)  # 三、依申请公开 starts on page 4
    assert hex_colour(ERROR_FILL) in page, "the red mark is not on the rendered page"
    assert hex_colour(SUSPECT_FILL) in page, "the suspect's fill is not on the rendered page"
    assert hex_colour(SUSPECT_BORDER) in page, "the suspect's frame is not on the rendered page"
    results = rendered_page(pdf, 9, tmp_path)
    assert hex_colour(ERROR_FILL) in results  # the 级别 cell of the results rows
    assert hex_colour(SUSPECT_FILL) in results


def hex_colour(hex_rgb: str) -> tuple[int, int, int]:
    return tuple(int(hex_rgb[i:i + 2], 16) for i in (0, 2, 4))


def test_deleted_sheet_is_unusable_and_the_batch_continues(demo_copy, demo_xlsx):
    wb = openpyxl.load_workbook(demo_copy)
    del wb["四、复议诉讼"]
    wb.save(demo_copy)
    result = run("check", demo_copy, demo_xlsx)
    assert result.exit_code == 2
    assert "缺少工作表「四、复议诉讼」" in result.output
    assert "未发现问题" in result.output  # the second file was still checked


def test_rules_command_lists_every_code(spec):
    from giar_xl.rules.catalog import all_rules
    result = run("rules", "--json")
    assert result.exit_code == 0
    listed = {r["rule"]: r for r in json.loads(result.output)}
    assert set(listed) == {r.code for r in all_rules(spec)}
    assert listed["req-balance"]["title"] == "一 + 二 = 三（七）+ 四"
    assert listed["type-text"]["blocking"] is False and listed["sheet-missing"]["blocking"] is True
    for code in ("narrative-active", "narrative-year", "prev-copied-narrative", "date-missing",
                 "date-late", "date-early", "rules-township"):
        assert listed[code]["severity"] == "warning" and listed[code]["title"], code
    assert "乡镇、街道填报了规章" in run("rules").output
    assert "req-row-total" in run("rules").output


def test_previous_folder_is_matched_by_organ_and_year(tmp_path, demo):
    from giar_xl.workbook.build import write_workbook
    this, last = tmp_path / "2025", tmp_path / "2024"
    # 北留镇 2024 carried 1 request into 2025, as the 2025 report says; 甲镇 2024 carried 3
    # although 甲镇 2025 reports 1 carried in; 乙镇 has no 2024 report.
    texts = last_years_texts(demo)
    for organ, carried in (("北留镇人民政府", 1), ("甲镇人民政府", 3)):
        write_workbook(last / f"{organ}.xlsx", report=demo.with_values(
            meta_org=organ, meta_year=2024, req_carried_out_natural=carried,
            req_carried_out_total=carried, **texts))
    for organ in ("北留镇人民政府", "甲镇人民政府", "乙镇人民政府"):
        write_workbook(this / f"{organ}.xlsx", report=demo.with_values(meta_org=organ))
    result = run("check", this, "--previous", last, "--json")
    by_organ = {f["organ"]: {x["rule"] for x in f["findings"]}
                for f in json.loads(result.output)["files"]}
    assert by_organ["北留镇人民政府"] == set()
    assert "req-carried-in" in by_organ["甲镇人民政府"]
    # (乙镇 borrows 北留镇's text, which names 北留镇人民政府: narrative-organ says so)
    assert by_organ["乙镇人民政府"] == {"prev-not-found", "narrative-organ"}
    assert result.exit_code == 1

    out = tmp_path / "汇总.xlsx"
    assert run("summary", this, "--previous", last, "-o", out).exit_code == 1


def test_previous_folder_matches_an_organ_named_another_way(tmp_path, demo):
    """Last year 「丙乡」 and 「陵川县财政局」, this year 「丙乡人民政府」 and 「财政局」: the same
    organs, as a roster would match them (no prev-not-found, no prev-organ, the carry-over
    checked); 「民政局」 matches neither and still says so."""
    from giar_xl.workbook.build import write_workbook
    this, last = tmp_path / "2025", tmp_path / "2024"
    texts = last_years_texts(demo)
    for organ in ("丙乡", "陵川县财政局"):
        write_workbook(last / f"{organ}.xlsx", report=demo.with_values(
            meta_org=organ, meta_year=2024, req_carried_out_natural=3,
            req_carried_out_total=3, **texts))
    for organ in ("丙乡人民政府", "财政局", "民政局"):
        write_workbook(this / f"{organ}.xlsx", report=demo.with_values(meta_org=organ))
    result = run("check", this, "--previous", last, "--json")
    by_organ = {f["organ"]: {x["rule"] for x in f["findings"]}
                for f in json.loads(result.output)["files"]}
    # (丙乡 borrows 北留镇's text, which names 北留镇 and says 「我镇」: narrative-organ says so)
    assert by_organ["丙乡人民政府"] == {"req-carried-in", "narrative-organ"}
    assert by_organ["财政局"] == {"req-carried-in"}
    assert by_organ["民政局"] == {"prev-not-found"}


@pytest.mark.libreoffice
def test_annotated_copy_prints_a_long_narrative_whole(tmp_path):
    """A clerk types more text than the blank workbook's box shows (Excel keeps the row
    height): the annotated copy, which is printed to review, shows it all."""
    from render_helpers import page_texts

    from giar_xl.office import convert
    path = tmp_path / "年报.xlsx"
    run("new", "-o", path, "--org", "西河乡人民政府", "--year", 2025)
    wb = openpyxl.load_workbook(path)
    wb["五、问题及改进"]["B4"] = "\n".join(f"第{i}条：政务公开工作在这一方面还有不足，需要加强。"
                                        for i in range(1, 15)) + "\n末条标记句。"
    wb.save(path)
    out = tmp_path / "a.xlsx"
    run("check", path, "--annotate", out)
    text = "".join(page_texts(convert(out, "pdf", tmp_path)))
    assert "第14条" in text and "末条标记句" in text


def test_a_report_typed_into_an_own_xlsx_is_checked_as_one_in_xls_or_ods(published, spec,
                                                                          tmp_path):
    """An organ's report copied into its own Excel sheet and saved as .xlsx (not a giar-xl
    workbook) is read as the same sheet saved as .xls or .ods is; a sheet with no report in
    it still says it is no giar-xl workbook."""
    from layouts import tab_text

    text = tab_text(published, tmp_path, "年报").read_text(encoding="utf-8")
    book = openpyxl.Workbook()
    for line in text.split("\n"):
        book.active.append([int(c) if c.isdigit() else c for c in line.split("\t")])
    book.save(tmp_path / "本机关自制.xlsx")
    result = run("check", tmp_path / "本机关自制.xlsx", "--json")
    [file] = json.loads(result.output)["files"]
    assert (file["status"], file["organ"], file["year"]) == ("ok", "北留镇人民政府", 2025)
    assert result.exit_code == 0

    other = openpyxl.Workbook()
    other.active["A1"] = "工资表"
    other.save(tmp_path / "工资表.xlsx")
    result = run("check", tmp_path / "工资表.xlsx")
    assert result.exit_code == 2 and "不是 giar-xl 年报工作簿" in result.output
