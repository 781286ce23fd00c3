"""giar-xl export: refusing workbooks with errors, --force, unusable inputs, safe outputs."""

from __future__ import annotations

import hashlib

import docx
import openpyxl
from click.testing import CliRunner

from giar_xl.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def with_wrong_total(workbook, spec):
    """The demo workbook with 「一、本年新收 … 总计」 changed from 2 to 5, as a clerk might."""
    field = spec.fields["req_new_total"]
    wb = openpyxl.load_workbook(workbook)
    wb[field.sheet][field.cell] = 5
    wb.save(workbook)
    return field


def test_exports_the_demo_workbook_to_word(demo_xlsx, tmp_path):
    before = digest(demo_xlsx)
    out = tmp_path / "北留镇2025年报.docx"
    result = run("export", demo_xlsx, "-o", out)
    assert result.exit_code == 0, result.output
    assert "已导出" in result.output
    document = docx.Document(str(out))
    title = document.paragraphs[0].text.replace("\n", "")
    assert title == "北留镇人民政府2025年政府信息公开工作年度报告"
    assert digest(demo_xlsx) == before  # the input is never touched


def test_format_option_overrides_the_extension(demo_xlsx, tmp_path):
    out = tmp_path / "年报.out"
    result = run("export", demo_xlsx, "-o", out, "--format", "md")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# 北留镇人民政府")


def test_refuses_a_workbook_with_errors_and_says_where(demo_copy, spec, tmp_path):
    field = with_wrong_total(demo_copy, spec)
    out = tmp_path / "年报.docx"
    result = run("export", demo_copy, "-o", out)
    assert result.exit_code == 1, result.output
    assert f"{field.sheet}!{field.cell}" in result.output
    assert "未导出" in result.output and "--force" in result.output
    assert not out.exists()


def test_force_exports_anyway_with_the_figures_as_entered(demo_copy, spec, tmp_path):
    with_wrong_total(demo_copy, spec)
    out = tmp_path / "年报.txt"
    result = run("export", demo_copy, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert "--force" in result.output  # the warning that errors remain
    row = "一、本年新收政府信息公开申请数量\t\t\t2\t0\t0\t0\t0\t0\t5"
    assert row in out.read_text(encoding="utf-8").split("\n")


def test_text_in_a_count_cell_is_an_error_and_force_prints_it_as_typed(demo_copy, tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"]["E7"] = "无"
    wb["三、依申请公开"]["F7"] = -1
    wb.save(demo_copy)
    out = tmp_path / "年报.txt"
    refused = run("export", demo_copy, "-o", out)
    assert refused.exit_code == 1 and not out.exists()
    assert "三、依申请公开!E7" in refused.output and "三、依申请公开!F7" in refused.output
    forced = run("export", demo_copy, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    row = "一、本年新收政府信息公开申请数量\t\t\t2\t无\t-1\t0\t0\t0\t2"
    assert row in out.read_text(encoding="utf-8").split("\n")


def test_non_workbook_input_exits_2(tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run("export", notes, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert "不支持" in result.output


def test_damaged_workbook_exits_2(tmp_path):
    fake = tmp_path / "年报.xlsx"
    fake.write_bytes(b"this is not a zip file")
    result = run("export", fake, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "x.docx").exists()


def test_unknown_output_extension_exits_2(demo_xlsx, tmp_path):
    result = run("export", demo_xlsx, "-o", tmp_path / "年报.odt")
    assert result.exit_code == 2
    assert "--format" in result.output


def test_an_output_folder_asks_for_a_file_name(demo_xlsx, tmp_path):
    folder = tmp_path / "导出"
    folder.mkdir()
    result = run("export", demo_xlsx, "-o", folder)
    assert result.exit_code == 2
    assert "是一个文件夹：-o 要给出导出的文件名" in result.output
    assert f"{folder / demo_xlsx.stem}.docx" in result.output
    assert list(folder.iterdir()) == []


def test_the_done_line_names_the_format_plainly(demo_xlsx, tmp_path):
    # (the --help text's notes, such as 「需要 LibreOffice」, are not repeated after the fact)
    result = run("export", demo_xlsx, "-o", tmp_path / "r.txt")
    assert result.exit_code == 0 and "（纯文本）" in result.output


def test_the_check_hint_pastes_into_a_shell_when_the_path_has_spaces(demo_copy, tmp_path):
    import re
    import shlex
    import shutil

    folder = tmp_path / "我的 文档"
    folder.mkdir()
    workbook = shutil.copy(demo_copy, folder / "2025 年报.xlsx")
    wb = openpyxl.load_workbook(workbook)
    wb["封面"]["B5"] = None  # a warning (date-missing): the hint is shown
    wb.save(workbook)
    result = run("export", workbook, "-o", tmp_path / "r.txt")
    assert result.exit_code == 0, result.output
    [hint] = re.findall(r"可用 giar-xl (check .+) 查看", result.output)
    assert shlex.split(hint) == ["check", str(workbook)]


def test_refuses_to_overwrite_unless_asked(demo_xlsx, tmp_path):
    out = tmp_path / "年报.docx"
    out.write_bytes(b"edited by the clerk")
    result = run("export", demo_xlsx, "-o", out)
    assert result.exit_code == 2
    assert "已存在" in result.output and "--overwrite" in result.output
    assert out.read_bytes() == b"edited by the clerk"
    result = run("export", demo_xlsx, "-o", out, "--overwrite")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).paragraphs


def test_never_writes_over_the_workbook(demo_copy):
    before = digest(demo_copy)
    result = run("export", demo_copy, "-o", demo_copy, "--format", "txt", "--overwrite")
    assert result.exit_code == 2
    assert digest(demo_copy) == before


def test_help_is_chinese_with_examples():
    result = run("export", "--help")
    assert result.exit_code == 0
    assert "示例" in result.output and "giar-xl export" in result.output


def test_one_export_policy_for_command_line_page_and_buttons():
    from giar_xl.export.policy import export_permit
    from giar_xl.findings import ERROR, WARNING, FileResult, Finding

    def finding(severity, blocking=False):
        return Finding("x", severity, "消息", field="f", sheet="表", cell="A1", blocking=blocking)

    warned = FileResult("a.xlsx", (finding(WARNING),))
    wrong = FileResult("b.xlsx", (finding(ERROR), finding(WARNING)))
    broken = FileResult("c.xlsx", (finding(ERROR, blocking=True),))
    assert export_permit(warned).allowed and export_permit(warned).findings == ()
    assert not export_permit(wrong).allowed and len(export_permit(wrong).findings) == 1
    assert export_permit(wrong, force=True).allowed
    assert not export_permit(broken, force=True).allowed and export_permit(broken).unreadable
