"""One `giar-xl check` over a county folder of workbooks and published reports."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import BEISHE_SEED

from giar_xl.cli import main
from giar_xl.export import export_report

pytestmark = pytest.mark.seeds


@pytest.fixture
def county(tmp_path, demo, demo_xlsx):
    folder = tmp_path / "各乡镇"
    (folder / "北留镇").mkdir(parents=True)
    (folder / "北社乡").mkdir()
    shutil.copy(demo_xlsx, folder / "北留镇" / "2025年报.xlsx")
    for suffix in (".docx", ".html", ".md"):
        export_report(demo, folder / "北留镇" / f"已发布{suffix}")
    shutil.copy(BEISHE_SEED, folder / "北社乡" / "已发布.txt")
    (folder / "北社乡" / "扫描件.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    return folder


def test_mixed_folder_same_json_shape_and_exit_codes(county):
    result = CliRunner().invoke(main, ["check", str(county), "--json"])
    files = {os.path.relpath(f["path"], county): f for f in json.loads(result.output)["files"]}
    assert {k: f["status"] for k, f in files.items()} == {
        "北留镇/2025年报.xlsx": "ok", "北留镇/已发布.docx": "ok", "北留镇/已发布.html": "ok",
        "北留镇/已发布.md": "ok", "北社乡/已发布.txt": "errors", "北社乡/扫描件.xlsx": "unreadable"}
    assert result.exit_code == 2  # one file unusable outranks the errors
    finding = next(f for f in files["北社乡/已发布.txt"]["findings"]
                   if f["rule"] == "import-table-missing")
    assert {"rule", "severity", "field", "sheet", "cell", "message", "expected", "actual",
            "source"} <= set(finding)

    (county / "北社乡" / "扫描件.xlsx").unlink()
    assert CliRunner().invoke(main, ["check", str(county), "--json"]).exit_code == 1


def test_progress_bar_on_a_terminal_only(county):
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "giar_xl", "check", str(county)],
                            stdin=slave, stdout=subprocess.PIPE, stderr=slave,
                            env={**os.environ, "COLUMNS": "100"})
    os.close(slave)
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        drawn += chunk
    out, _ = proc.communicate(timeout=120)
    os.close(master)
    assert "校验".encode() in drawn and b"6/6" in drawn  # rich drew the bar on the terminal
    assert "校验 ━".encode() not in out and "共 6 个文件" in out.decode()

    piped = subprocess.run([sys.executable, "-m", "giar_xl", "check", str(county)],
                           capture_output=True, text=True)
    assert "━" not in piped.stderr  # not a terminal: no bar


def test_annotating_a_published_report_gives_a_marked_workbook(tmp_path):
    out = tmp_path / "北社乡.校验.xlsx"
    result = CliRunner().invoke(main, ["check", str(BEISHE_SEED),
                                       "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    import openpyxl
    wb = openpyxl.load_workbook(out)
    # the rows the published report lacks from （六）2. on: one finding at the first of them
    missing = wb["三、依申请公开"]["D28"]
    assert missing.value is None and "第 68 行" in missing.comment.text
    assert wb["三、依申请公开"]["D30"].value is None
    assert wb["四、复议诉讼"]["A7"].comment.text.startswith("【giar-xl 校验】")
    assert wb["封面"]["B3"].value == "北社乡人民政府"
    assert wb["三、依申请公开"]["D7"].value == 0  # legible figures are in the workbook
