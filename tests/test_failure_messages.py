"""Every failure is a message: a Chinese line, an exit code, no traceback, the rest goes on."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from giar_xl.cli import main
from giar_xl.errors import library_text, os_error_text
from giar_xl.marks import NOTE_PREFIX

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output, result.output
    return result


def cli(*args, stdout=subprocess.PIPE, timeout=60):
    """The command line as a separate process (what a clerk's terminal runs)."""
    proc = subprocess.run([sys.executable, "-m", "giar_xl", *map(str, args)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert "Traceback" not in proc.stderr and "内部错误" not in (proc.stdout or ""), proc.stderr
    return proc


def without_member(src, dst, member):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info))
    return dst


def test_a_date_serial_out_of_range_is_a_finding_at_its_cell(demo_copy, spec):
    wb = openpyxl.load_workbook(demo_copy)
    date = spec.fields["meta_date"]
    wb[date.sheet][date.cell] = 99999999  # no such day: Python's dates end in 9999
    wb.save(demo_copy)
    result = run("check", demo_copy)
    assert result.exit_code == 1
    assert f"{date.sheet}!{date.cell}" in result.output and "不是可识别的日期" in result.output


def test_an_output_folder_whose_parent_is_a_file(demo_copy, tmp_path):
    blocker = tmp_path / "年报"
    blocker.write_text("一个文件", encoding="utf-8")
    for args in (["export", demo_copy, "-o", blocker / "报告.txt"],
                 ["new", "-o", blocker / "新.xlsx", "--org", "某镇", "--year", 2026],
                 ["summary", demo_copy, "-o", blocker / "汇总.xlsx"],
                 ["demo", "-o", blocker / "示例", "--no-pdf"]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "是一个文件，不是文件夹" in result.output, result.output
    batch = run("check", demo_copy, "--annotate", blocker / "标注")
    assert batch.exit_code == 2 and "不是文件夹" in batch.output


def test_a_read_only_output_folder(demo_copy, tmp_path):
    if ROOT_USER:  # root writes anywhere on a normal disk; sysfs refuses even root
        folder = "/sys"
    else:
        folder = tmp_path / "只读"
        folder.mkdir()
        folder.chmod(0o555)
    result = run("export", demo_copy, "-o", f"{folder}/giar-xl-测试.txt")
    assert result.exit_code == 2
    assert "无法写出" in result.output and ("只读" in result.output or "没有权限" in result.output)
    annotated = run("check", demo_copy, "--annotate", f"{folder}/giar-xl-测试.xlsx")
    assert annotated.exit_code == 2
    assert "未发现问题" in annotated.output  # the check's own result is still reported
    assert "未能写出标注副本" in annotated.output and "giar-xl-测试.xlsx" in annotated.output


def test_stdout_on_a_full_device_is_a_short_message(demo_xlsx):
    with open("/dev/full", "w") as full:
        for args in (["check", demo_xlsx], ["rules"], ["--help"]):
            proc = cli(*args, stdout=full)
            assert proc.returncode == 2, args
            assert proc.stderr.strip() == "无法输出结果：磁盘已满。", proc.stderr


def test_a_workbook_without_its_relationships_part(demo_xlsx, tmp_path):
    damaged = without_member(demo_xlsx, tmp_path / "缺关系.xlsx", "xl/_rels/workbook.xml.rels")
    result = run("check", damaged)
    assert result.exit_code == 2
    assert "文件不完整" in result.output and "workbook.xml.rels" in result.output


def test_merged_input_cells_under_annotate_keep_the_result_and_write_the_copy(demo_copy,
                                                                            tmp_path):
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"].merge_cells("D7:E7")  # E7's figure is lost under the merge
    wb.save(demo_copy)
    out = tmp_path / "标注.xlsx"
    result = run("check", demo_copy, "--annotate", out)
    assert result.exit_code == 1, result.output
    assert "三、依申请公开!E7" in result.output and "标注副本" in result.output
    note = openpyxl.load_workbook(out)["三、依申请公开"]["D7"].comment
    assert note.text.startswith(NOTE_PREFIX) and "E7" in note.text


def test_an_unreadable_file_in_a_folder_is_reported_and_the_batch_goes_on(demo_xlsx, tmp_path):
    folder = tmp_path / "各乡镇"
    folder.mkdir()
    shutil.copy(demo_xlsx, folder / "好.xlsx")
    os.symlink(tmp_path / "已删除.xlsx", folder / "断开的链接.xlsx")
    os.mkfifo(folder / "管道.txt")
    expected = {"断开的链接.xlsx": "指向的文件不存在", "管道.txt": "命名管道"}
    if not ROOT_USER:  # root reads any file whatever its mode
        locked = folder / "锁定.xlsx"
        shutil.copy(demo_xlsx, locked)
        locked.chmod(0)
        expected["锁定.xlsx"] = "没有权限"
    proc = cli("check", folder, timeout=60)
    assert proc.returncode == 2, proc.stdout
    lines = proc.stdout.splitlines()
    assert any("好.xlsx" in line and "未发现问题" in line for line in lines), proc.stdout
    for name, reason in expected.items():
        assert any(name in line and "无法使用" in line and reason in line for line in lines), (
            name, proc.stdout)


def test_a_fifo_or_a_device_named_txt_is_named_as_such(tmp_path):
    fifo = tmp_path / "年报.txt"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    device = tmp_path / "设备.txt"
    os.symlink("/dev/zero", device)  # … and this one never ends
    for args, reason in ((["check", fifo], "命名管道"), (["import", fifo, "-o", tmp_path / "x.xlsx"],
                                                     "命名管道"),
                         (["check", device], "设备")):
        proc = cli(*args, timeout=30)
        assert proc.returncode == 2, args
        shown = proc.stdout + proc.stderr
        assert reason in shown and "不是普通文件" in shown and "文件不存在" not in shown, shown
    assert not (tmp_path / "x.xlsx").exists()


def test_english_library_messages_are_told_in_chinese(demo_xlsx, tmp_path):
    damaged = tmp_path / "实体.xlsx"
    with zipfile.ZipFile(demo_xlsx) as zin, zipfile.ZipFile(damaged, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<t>", b"<t>&foo;", 1)
            zout.writestr(info, data)
    result = run("check", damaged)
    assert result.exit_code == 2
    assert "无法识别的 XML 字符实体 &foo;" in result.output
    message = result.output.replace(str(damaged), "")
    assert not re.search(r"[A-Za-z]{4,}", message), message  # no English words

    with pytest.raises(OSError) as missing:
        (tmp_path / "没有这个文件.txt").read_bytes()
    assert os_error_text(missing.value) == "文件或文件夹不存在"
    with pytest.raises(zipfile.BadZipFile) as bad:
        zipfile.ZipFile(io.BytesIO(b"PK\x03\x04 not really a zip"))
    assert library_text(bad.value) == "压缩包结构损坏"
