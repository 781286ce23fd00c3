"""giar-xl new / demo: generating workbooks from the command line."""

from __future__ import annotations

from click.testing import CliRunner

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


def test_new_refuses_to_overwrite(tmp_path):
    out = tmp_path / "年报.xlsx"
    out.write_bytes(b"clerk's work")
    result = run("new", "-o", out, "--org", "某镇", "--year", 2025)
    assert result.exit_code == 2
    assert "已存在" in result.output
    assert out.read_bytes() == b"clerk's work"


def test_new_with_previous_carries_last_years_figures(tmp_path, demo):
    last = tmp_path / "2025.xlsx"
    assert run("demo", "-o", tmp_path / "d").exit_code == 0
    [last] = (tmp_path / "d").glob("*.xlsx")
    out = tmp_path / "2026.xlsx"
    result = run("new", "-o", out, "--org", "北留镇人民政府", "--year", 2026, "--previous", last)
    assert result.exit_code == 0, result.output
    report = read_workbook(out).report
    for col in ("natural", "business", "total"):
        assert report[f"req_carried_in_{col}"] == demo[f"req_carried_out_{col}"]
        assert report[f"req_prev_out_{col}"] == demo[f"req_carried_out_{col}"]
    assert report["pub_rules_prev_effective"] == demo["pub_rules_effective"]
    assert report["req_new_natural"] is None


def test_new_with_unusable_previous_exits_2(tmp_path):
    bad = tmp_path / "last.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = run("new", "-o", tmp_path / "x.xlsx", "--org", "某镇", "--year", 2026,
                 "--previous", bad)
    assert result.exit_code == 2
    assert "不是 Excel .xlsx 文件" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_demo_writes_the_filled_example(tmp_path, demo):
    result = run("demo", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    [path] = tmp_path.glob("*.xlsx")
    assert path.name == "北留镇人民政府2025年政府信息公开工作年度报告.xlsx"
    assert read_workbook(path).report == demo


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
