"""giar-xl new / demo: generating workbooks from the command line."""

from __future__ import annotations

from collections import Counter

import openpyxl
import pytest
from click.testing import CliRunner

from giar_xl.check import check_file, load_previous
from giar_xl.cli import main
from giar_xl.workbook.reader import read_workbook


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_new_writes_a_blank_workbook_with_organ_and_year(tmp_path):
    out = tmp_path / "2025年报.xlsx"
    result = run("new", "-o", out, "--org", "北留镇人民政府", "--year", 2025)
    assert result.exit_code == 0, result.output
    report = read_workbook(out).report
    assert (report.org, report.year) == ("北留镇人民政府", 2025)
    assert report["req_new_natural"] is None


@pytest.mark.parametrize("org", ["", "  "])
def test_new_refuses_a_blank_organ(tmp_path, org):
    out = tmp_path / "年报.xlsx"
    result = run("new", "-o", out, "--org", org, "--year", 2025)
    assert result.exit_code == 2
    assert "机关名称不能为空" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_new_refuses_to_overwrite(tmp_path):
    out = tmp_path / "年报.xlsx"
    out.write_bytes(b"clerk's work")
    result = run("new", "-o", out, "--org", "某镇", "--year", 2025)
    assert result.exit_code == 2
    assert "已存在" in result.output
    assert out.read_bytes() == b"clerk's work"


def test_new_with_previous_carries_last_years_figures(tmp_path, demo, demo_xlsx):
    out = tmp_path / "2026.xlsx"
    result = run("new", "-o", out, "--org", "北留镇人民政府", "--year", 2026, "--previous",
                 demo_xlsx)
    assert result.exit_code == 0, result.output
    report = read_workbook(out).report
    for col in ("natural", "business", "total"):
        assert report[f"req_carried_in_{col}"] == demo[f"req_carried_out_{col}"]
        assert report[f"req_prev_out_{col}"] == demo[f"req_carried_out_{col}"]
    assert report["pub_rules_prev_effective"] == demo["pub_rules_effective"]
    assert report["req_new_natural"] is None


def test_new_says_which_of_last_years_figures_could_not_be_carried(tmp_path, demo_copy):
    # 「无」 in last year's 结转下年度 row and a blank 现行有效件数: those cells stay blank in
    # the new workbook, and the clerk is told so rather than left to find out.
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"]["D31"] = "无"
    wb["二、主动公开"]["D6"] = None
    wb.save(demo_copy)
    out = tmp_path / "2026.xlsx"
    result = run("new", "-o", out, "--org", "北留镇人民政府", "--year", 2026, "--previous",
                 demo_copy)
    assert result.exit_code == 0, result.output
    assert "另有 2 个应带入的数字没有读出" in result.output
    assert "二、主动公开!D6、三、依申请公开!D31" in result.output
    assert read_workbook(out).report["req_carried_in_natural"] is None


def test_a_new_previous_workbook_left_blank_gets_one_finding_per_table(tmp_path, demo_xlsx, spec):
    out = tmp_path / "2026.xlsx"
    run("new", "-o", out, "--org", "北留镇人民政府", "--year", 2026, "--previous", demo_xlsx)
    result = check_file(out, previous=load_previous(demo_xlsx))
    per_table = Counter(spec.fields[f.field].table for f in result.findings
                        if f.field and spec.fields[f.field].table)
    assert per_table == {table: 1 for table in spec.tables}
    narratives = [f.field for f in result.findings if f.rule == "blank-text"]
    assert len(narratives) == sum(1 for f in spec.fields.values()
                                  if f.type == "text" and f.required and f.long)
    others = {f.rule for f in result.findings if f.rule != "blank-text" and not
              (f.field and spec.fields[f.field].table)}
    assert others == {"date-missing"}  # not dated yet: a warning
    assert len(result.findings) == len(spec.tables) + len(narratives) + 1  # was 180


def test_new_with_unusable_previous_exits_2(tmp_path):
    bad = tmp_path / "last.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = run("new", "-o", tmp_path / "x.xlsx", "--org", "某镇", "--year", 2026,
                 "--previous", bad)
    assert result.exit_code == 2
    assert "不是 Excel .xlsx 文件" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_demo_runs_the_whole_job(tmp_path, demo):
    result = run("demo", "-o", tmp_path, "--no-pdf")
    assert result.exit_code == 0, result.output
    stem = "北留镇人民政府2025年政府信息公开工作年度报告"
    assert read_workbook(tmp_path / f"{stem}.xlsx").report == demo
    for suffix in (".docx", ".html", ".md", ".txt"):
        assert (tmp_path / f"{stem}{suffix}").stat().st_size > 1000
    assert not (tmp_path / f"{stem}.pdf").exists()
    assert "校验：未发现问题" in result.output
    assert "5 个错误，4 个提醒" in result.output  # the practice copy (2 suspects among them)
    marked = openpyxl.load_workbook(tmp_path / "练习稿（含常见错误）.校验.xlsx")
    assert marked["三、依申请公开"]["J8"].comment is not None


@pytest.mark.libreoffice
def test_demo_with_pdf(tmp_path):
    result = run("demo", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_module_entry_point(tmp_path):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "giar_xl", "--version"], capture_output=True,
                          text=True)
    assert proc.returncode == 0 and "giar-xl" in proc.stdout


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat
    out = tmp_path / "x.xlsx"
    assert run("new", "-o", out, "--org", "某镇", "--year", 2025).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_new_from_last_years_published_report(tmp_path, demo):
    from giar_xl.export import export_report
    published = export_report(demo, tmp_path / "北留镇2025年报.docx")
    out = tmp_path / "2026.xlsx"
    result = run("new", "-o", out, "--org", "北留镇人民政府", "--year", 2026, "--previous", published)
    assert result.exit_code == 0, result.output
    report = read_workbook(out).report
    assert report["req_carried_in_natural"] == demo["req_carried_out_natural"]
    assert report["req_prev_out_total"] == demo["req_carried_out_total"]
