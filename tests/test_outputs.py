"""No file is ever replaced without asking: every command that writes goes through one
output plan (inputs are never outputs, --overwrite to replace, no collisions, no devices)."""

from __future__ import annotations

import json
import os
import shutil
import stat

import openpyxl
import pytest
from click.testing import CliRunner

from giar_xl.cli import main
from giar_xl.export import export_report
from giar_xl.workbook.build import write_workbook
from giar_xl.workbook.reader import read_workbook


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output
    return result


@pytest.fixture
def report_txt(demo, tmp_path):
    """The demo report as a published text report (an input of import and check)."""
    return export_report(demo, tmp_path / "北留镇2025年报.txt")


# -- the input is never an output -------------------------------------------------
SPELLINGS = ["same", "relative", "dotdot", "symlink", "hardlink"]


def spelled(target, how, tmp_path, monkeypatch, name):
    """A name for ``target`` as a user might type it, or a link to it called ``name``."""
    if how == "same":
        return target
    if how == "relative":
        monkeypatch.chdir(target.parent)
        return target.name
    if how == "dotdot":
        (tmp_path / "sub").mkdir(exist_ok=True)
        return tmp_path / "sub" / ".." / target.name
    link = tmp_path / name
    (os.symlink if how == "symlink" else os.link)(target, link)
    return link


@pytest.mark.parametrize("how", SPELLINGS)
def test_import_never_writes_over_its_report(report_txt, tmp_path, monkeypatch, how):
    before = report_txt.read_bytes()
    alias = spelled(report_txt, how, tmp_path, monkeypatch, "别名.xlsx")
    result = run("import", report_txt, "-o", alias, "--overwrite")
    assert result.exit_code == 2
    assert ("不能是输入的文件本身" in result.output) or ("应以 .xlsx 结尾" in result.output)
    assert report_txt.read_bytes() == before


@pytest.mark.parametrize("how", SPELLINGS)
def test_check_annotate_export_and_summary_never_write_over_an_input(demo_copy, tmp_path,
                                                                     monkeypatch, how):
    before = demo_copy.read_bytes()
    alias = spelled(demo_copy, how, tmp_path, monkeypatch, "别名.xlsx")
    for args in (["check", demo_copy, "--annotate", alias, "--overwrite"],
                 ["export", demo_copy, "-o", alias, "--format", "txt", "--overwrite"],
                 ["summary", demo_copy, "-o", alias, "--overwrite"],
                 ["new", "-o", alias, "--org", "某镇", "--year", 2026, "--previous", demo_copy,
                  "--overwrite"]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "不能是输入的文件本身" in result.output, args
        assert demo_copy.read_bytes() == before, args


# -- an existing file is replaced only with --overwrite ------------------------------
def writing_commands(demo_copy, report_txt, tmp_path):
    """(name, arguments writing ``target``, target) for every command that writes a file."""
    out = tmp_path / "out"
    out.mkdir()
    return [
        ("new", ["new", "-o", out / "新.xlsx", "--org", "某镇", "--year", 2026], out / "新.xlsx"),
        ("import", ["import", report_txt, "-o", out / "导入.xlsx"], out / "导入.xlsx"),
        ("export", ["export", demo_copy, "-o", out / "报告.md"], out / "报告.md"),
        ("summary", ["summary", demo_copy, "-o", out / "汇总.xlsx"], out / "汇总.xlsx"),
        ("annotate", ["check", demo_copy, "--annotate", out / "标注.xlsx"], out / "标注.xlsx"),
        ("annotate folder", ["check", demo_copy, report_txt, "--annotate", out],
         out / "copy.校验.xlsx"),
        ("demo", ["demo", "-o", out / "示例", "--no-pdf"],
         out / "示例" / "练习稿（含常见错误）.校验.xlsx"),
    ]


def test_every_command_replaces_an_existing_file_only_with_overwrite(demo_copy, report_txt,
                                                                     tmp_path):
    for name, args, target in writing_commands(demo_copy, report_txt, tmp_path):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"a clerk's work")
        refused = run(*args)
        assert refused.exit_code == 2, (name, refused.output)
        assert "已存在" in refused.output and "--overwrite" in refused.output, name
        assert target.read_bytes() == b"a clerk's work", name
        replaced = run(*args, "--overwrite")
        assert replaced.exit_code in (0, 1), (name, replaced.output)
        assert target.read_bytes() != b"a clerk's work", name


def test_addin_build_replaces_its_files_only_with_overwrite(tmp_path):
    first = run("addin", "build", "-o", tmp_path)
    assert first.exit_code == 0, first.output
    built = sorted(tmp_path.glob("*.xlam"))
    stamps = [p.stat().st_mtime_ns for p in built]
    again = run("addin", "build", "-o", tmp_path)
    assert again.exit_code == 2 and "--overwrite" in again.output
    assert [p.stat().st_mtime_ns for p in built] == stamps
    assert run("addin", "build", "-o", tmp_path, "--overwrite").exit_code == 0


def test_new_and_import_still_accept_the_old_force_spelling(report_txt, tmp_path):
    target = tmp_path / "导入.xlsx"
    target.write_bytes(b"old")
    assert run("import", report_txt, "-o", target, "--force").exit_code == 0
    assert openpyxl.load_workbook(target)["封面"]["B3"].value == "北留镇人民政府"


# -- outputs of one run never collide ---------------------------------------------
def with_org(demo, path, org):
    return write_workbook(path, report=demo.with_values(meta_org=org))


def annotated_org(path):
    return read_workbook(path).report.org


def test_same_names_in_different_folders_get_mirrored_folders(demo, tmp_path):
    county = tmp_path / "各乡镇"
    for folder, org in (("", "甲镇"), ("乙", "乙镇"), ("丙", "丙镇")):
        with_org(demo, county / folder / "a.xlsx", org)
    out = tmp_path / "标注"
    result = run("check", county, "--annotate", out)
    assert result.exit_code == 0, result.output
    assert annotated_org(out / "a.校验.xlsx") == "甲镇"
    assert annotated_org(out / "乙" / "a.校验.xlsx") == "乙镇"
    assert annotated_org(out / "丙" / "a.校验.xlsx") == "丙镇"


def test_same_names_from_two_folders_are_numbered(demo, tmp_path):
    first = with_org(demo, tmp_path / "一" / "a.xlsx", "甲镇")
    second = with_org(demo, tmp_path / "二" / "a.xlsx", "乙镇")
    out = tmp_path / "标注"
    result = run("check", first.parent, second.parent, "--annotate", out)
    assert result.exit_code == 0, result.output
    assert annotated_org(out / "a.校验.xlsx") == "甲镇"
    assert annotated_org(out / "a（2）.校验.xlsx") == "乙镇"


def test_checking_a_folder_into_itself_never_takes_or_replaces_its_own_copies(demo_xlsx,
                                                                             tmp_path):
    folder = tmp_path / "年报"
    folder.mkdir()
    shutil.copy(demo_xlsx, folder / "b.xlsx")
    assert run("check", folder, "--annotate", folder).exit_code == 0
    copy = folder / "b.校验.xlsx"
    wb = openpyxl.load_workbook(copy)  # a reviewer writes a note into the annotated copy
    wb["校验结果"]["J3"] = "已核对"
    wb.save(copy)
    kept = copy.read_bytes()

    again = run("check", folder, "--annotate", folder)
    assert again.exit_code == 2  # the copy asked for was not written: say so
    assert "b.校验.xlsx" not in again.output.splitlines()[0]  # checked: b.xlsx only
    assert "共" not in again.output  # one file, not two
    assert "未能写出标注副本" in again.output and "已存在" in again.output
    assert copy.read_bytes() == kept
    assert sorted(p.name for p in folder.iterdir()) == ["b.xlsx", "b.校验.xlsx"]
    as_json = run("check", folder, "--annotate", folder, "--json")
    assert as_json.exit_code == 2
    [entry] = json.loads(as_json.output)["files"]
    assert entry["status"] == "ok" and "已存在" in entry["annotation_problem"]

    replaced = run("check", folder, "--annotate", folder, "--overwrite")
    assert replaced.exit_code == 0 and "共" not in replaced.output
    assert sorted(p.name for p in folder.iterdir()) == ["b.xlsx", "b.校验.xlsx"]


# -- non-regular targets are never replaced ----------------------------------------
def test_a_fifo_a_device_or_a_folder_is_never_replaced(demo_copy, tmp_path):
    fifo = tmp_path / "报告.txt"
    os.mkfifo(fifo)
    device = tmp_path / "汇总.xlsx"
    os.symlink(os.devnull, device)
    folder = tmp_path / "报告.md"
    folder.mkdir()
    for args, words in ((["export", demo_copy, "-o", fifo, "--overwrite"], "命名管道"),
                        (["summary", demo_copy, "-o", device, "--overwrite"], "设备"),
                        (["export", demo_copy, "-o", folder, "--overwrite"], "文件夹")):
        result = run(*args)
        assert result.exit_code == 2 and words in result.output, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode) and device.is_symlink()
    assert folder.is_dir() and not any(folder.iterdir())


# -- names (issue 13 §4) --------------------------------------------------------------
def test_export_adds_the_extension_of_the_chosen_format(demo_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("export", demo_copy, "-o", "报告", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "报告.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "报告").exists()


def test_import_refuses_an_output_that_is_not_xlsx(report_txt, tmp_path):
    result = run("import", report_txt, "-o", tmp_path / "X.txt")
    assert result.exit_code == 2
    assert "应以 .xlsx 结尾" in result.output
    assert not (tmp_path / "X.txt").exists()


@pytest.mark.parametrize("link", ["missing", "refused"])
def test_a_python_or_disk_without_hard_links_still_never_replaces(tmp_path, monkeypatch, link):
    """Pyodide's os has no link(); some disks refuse hard links: the copy is still atomic."""
    from giar_xl.errors import InputError
    from giar_xl.fileio import atomic_path

    if link == "missing":
        monkeypatch.delattr(os, "link")
    else:
        monkeypatch.setattr(os, "link", lambda *_: (_ for _ in ()).throw(PermissionError(1, "no")))
    target = tmp_path / "汇总.xlsx"
    with atomic_path(target) as tmp:
        tmp.write_bytes(b"first")
    assert target.read_bytes() == b"first"
    with pytest.raises(InputError), atomic_path(target) as tmp:
        tmp.write_bytes(b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["汇总.xlsx"]
