"""giar-xl import: a published report becomes a workbook; damage is listed; bad files refused."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner
from conftest import BEILIU_SEED as BEILIU
from conftest import BEISHE_SEED as BEISHE

from giar_xl.cli import main
from giar_xl.errors import InputError
from giar_xl.importer import IMPORTERS, import_report
from giar_xl.workbook.reader import read_workbook


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.seeds
def test_clean_report_imports_with_exit_0(tmp_path, demo):
    out = tmp_path / "2025年报.xlsx"
    result = run("import", BEILIU, "-o", out)
    assert result.exit_code == 0, result.output
    assert "北留镇人民政府 2025 年报" in result.output and "200/200" in result.output
    workbook = read_workbook(out)
    assert workbook.findings == ()
    assert workbook.report["req_results_total"] == demo["req_results_total"] == 3


@pytest.mark.seeds
def test_damaged_report_lists_findings_and_exits_1(tmp_path):
    out = tmp_path / "北社乡.xlsx"
    result = run("import", BEISHE, "-o", out)
    assert result.exit_code == 1, result.output
    assert "[错误] 四、复议诉讼!A7" in result.output
    assert "[提醒] 二、主动公开!C6，第 26 行：" in result.output
    assert "找不到四、政府信息公开行政复议、行政诉讼情况的表格" in result.output
    report = read_workbook(out).report
    assert report["req_results_total"] is None  # unread stays blank, never 0
    assert report["req_nh_repeat_total"] == 0


@pytest.mark.seeds
def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "年报.xlsx"
    out.write_bytes(b"clerk's work")
    result = run("import", BEILIU, "-o", out)
    assert result.exit_code == 2 and "已存在" in result.output
    assert out.read_bytes() == b"clerk's work"
    assert run("import", BEILIU, "-o", out, "--force").exit_code == 0


@pytest.mark.parametrize("name,content,message", [
    ("空.txt", b"", "文件是空的"),
    ("图片.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "不是文本文件"),
    ("无关.txt", "今天天气很好。\n我们去公园散步。\n".encode(), "未能在文件中找到"),
    ("坏.docx", b"not a zip at all", "无法打开 Word 文件"),
    ("表.numbers", b"whatever", "不支持导入"),
    ("年报.zip", b"PK\x03\x04", "请先解压"),
    ("年报照片.jpg", b"\xff\xd8\xff", "不做文字识别"),
    ("坏.xls", b"whatever", "无法打开 .xls 工作簿"),
    ("坏.pdf", b"%PDF-1.4 truncated", "无法打开 PDF 文件"),
])
def test_unusable_files_exit_2_with_a_chinese_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", path, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_a_docx_without_the_document_part_is_refused(tmp_path):
    path = tmp_path / "空壳.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="Word"):
        import_report(path)


@pytest.mark.seeds
def test_gb18030_text_is_read(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(BEILIU.read_text(encoding="utf-8").encode("gb18030"))
    assert import_report(path).report["pub_license_decisions"] == 99


def test_the_checker_gets_every_importer():
    assert set(IMPORTERS) == {".txt", ".md", ".docx", ".html", ".htm", ".pdf", ".doc", ".wps",
                              ".odt", ".rtf", ".mht", ".mhtml", ".xls", ".et", ".ods"}


def test_a_giar_xl_workbook_needs_no_import_and_another_xlsx_is_read_like_xls(
        tmp_path, demo_xlsx, published):
    import openpyxl
    from layouts import tab_text

    ours = run("import", demo_xlsx, "-o", tmp_path / "再导入.xlsx")
    assert ours.exit_code == 2 and "不需要导入" in ours.output and "giar-xl check" in ours.output
    assert not (tmp_path / "再导入.xlsx").exists()

    text = tab_text(published, tmp_path, "年报").read_text(encoding="utf-8")
    book = openpyxl.Workbook()
    for line in text.split("\n"):
        book.active.append([int(c) if c.isdigit() else c for c in line.split("\t")])
    book.save(tmp_path / "本机关自制.xlsx")
    typed = run("import", tmp_path / "本机关自制.xlsx", "-o", tmp_path / "导入.xlsx")
    assert typed.exit_code == 0, typed.output
    assert read_workbook(tmp_path / "导入.xlsx").report["req_new_total"] == 2
