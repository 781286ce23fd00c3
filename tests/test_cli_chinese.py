"""Everything giar-xl says on the command line is Chinese: click's own words, help, errors, JSON.

The acceptance test runs every command's --help and its error paths and looks for words in
Latin letters that are not code (option names, rule codes, field ids), paths or file names,
or the names of the products the tool talks about.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from giar_xl.cli import COMMANDS, main
from giar_xl.cli.click_messages import MESSAGES
from giar_xl.cli.help_format import display_width, fill, wrap_text
from giar_xl.excel.install import system_name

# Names of products, formats and systems: written in Latin letters in Chinese text too.
PROPER_NAMES = {
    "giar", "xl", "Excel", "WPS", "LibreOffice", "Word", "PDF", "Markdown", "HTML", "JSON",
    "Python", "xlwings", "VBA", "XLSTART", "CPU", "Windows", "Linux", "macOS", "Microsoft",
    "Office", "docx", "pdf", "html", "md", "txt", "xlsx", "xls", "zip", "Bash", "UUID",
    "Pyodide", "npm", "Node", "Chromium", "MB", "CSV", "XML",
}
_CODE = re.compile(
    r"--?[A-Za-z][\w-]*"  # option names
    r"|\S*[./\\_]\S*"  # paths, file names, field ids, versions
    r"|\b[a-z]+(?:-[a-z]+)+\b"  # rule codes (narrative-mismatch)
    r"|\[[a-z|]+\]"  # click's list of choices: [docx|html|…]
    r"|「[^」]*」")  # what the user typed, quoted back
_WORD = re.compile(r"[A-Za-z]{2,}")
COMMAND_NAMES = {*COMMANDS, "build", "install", "uninstall", "status"}


def english_words(text: str) -> set[str]:
    words = _WORD.findall(_CODE.sub(" ", text))
    return {w for w in words if w not in PROPER_NAMES and w not in COMMAND_NAMES}


def run(*args) -> click.testing.Result:
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="giar-xl")


# ------------------------------------------------------------------ click's message catalogue

def _click_message_ids() -> set[str]:
    """Every literal click passes to ``_()`` / ``ngettext()`` (singular form), from its source."""
    ids = {"required"}  # passed through _() from a variable (Option.get_help_extra)
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext") and node.args
                    and isinstance(node.args[0], ast.Constant)):
                ids.add(node.args[0].value)
    return ids


def test_catalogue_covers_exactly_the_installed_clicks_messages():
    ids = _click_message_ids()
    assert sorted(ids - set(MESSAGES)) == [], "click has new messages: add them"
    assert sorted(set(MESSAGES) - ids) == [], "click no longer has these messages"


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_translations_use_only_the_placeholders_click_fills_in():
    plural = {"{value!r} is not {choice}.": {"choices"},
              "Did you mean {possibility}?": {"possibilities"},
              "Takes {nargs} values but 1 was given.": {"len"},
              "{value!r} does not match the format {format}.": {"formats"},
              "Option {name!r} requires an argument.": {"nargs"}}
    for msgid, text in MESSAGES.items():
        assert _fields(text) <= _fields(msgid) | plural.get(msgid, set()), msgid
        assert not english_words(re.sub(r"\{[^}]*\}|%\(\w+\)s", "", text)), text


def test_the_catalogue_is_what_click_uses():
    assert click.core._("Options") == "选项"
    said = click.exceptions.ngettext("Did you mean {possibility}?", "x", 2)
    assert said == "您要用的是不是 {possibilities}？"


# ------------------------------------------------------------------ help layout

def test_help_text_wraps_by_display_width_and_joins_chinese_lines_without_spaces():
    text = fill("汇总多个机关的年报：每份报告一行（状态、错误和提醒数），另附问题清单 --json 输出。",
                30, "  ", "  ")
    assert all(display_width(line) <= 30 for line in text.split("\n"))
    assert not any(line.strip()[0] in "，。）：" for line in text.split("\n"))
    assert "--json" in text.replace("\n", " ").split()
    assert wrap_text("第一行\n第二行\n\n\b\n  原样\n\b\n  保留", 40) == "第一行第二行\n\n  原样\n\n  保留"


def test_options_line_up_under_chinese_metavars():
    lines = run("new", "--help").output.split("\n")
    starts = {display_width(line[:line.index(text)]) for line in lines
              for text in ("机关名称", "报告年度", "覆盖已存在") if text in line}
    assert len(starts) == 1


# ------------------------------------------------------------------ every command, in Chinese

def _all_help_pages() -> dict[str, str]:
    pages = {"giar-xl": run("--help").output}
    for name in COMMANDS:
        pages[name] = run(name, "-h").output
        command = main.get_command(None, name)
        if isinstance(command, click.Group):
            for sub in command.commands:
                pages[f"{name} {sub}"] = run(name, sub, "--help").output
    return pages


def test_every_help_page_is_chinese():
    for name, page in _all_help_pages().items():
        assert "用法：" in page and "选项：" in page, name
        assert english_words(page) == set(), (name, page)


@pytest.fixture(scope="module")
def error_outputs(tmp_path_factory, demo_xlsx) -> dict[str, click.testing.Result]:
    tmp = tmp_path_factory.mktemp("errors")
    exists = tmp / "已有.xlsx"
    exists.write_bytes(b"x")
    exported = tmp / "已有.docx"
    exported.write_bytes(b"x")
    not_xlsx = tmp / "坏.xlsx"
    not_xlsx.write_text("不是工作簿", encoding="utf-8")
    empty = tmp / "空文件夹"
    empty.mkdir()
    missing = tmp / "没有这个文件.xlsx"
    cases = {
        "no command": [],
        "unknown command": ["chek"],
        "unknown option": ["--verbose"],
        "new: nothing": ["new"],
        "new: no -o value": ["new", "-o"],
        "new: year not a number": ["new", "-o", tmp / "a.xlsx", "--org", "某镇", "--year", "二〇二五"],
        "new: year out of range": ["new", "-o", tmp / "a.xlsx", "--org", "某镇", "--year", 1999],
        "new: previous missing": ["new", "-o", tmp / "a.xlsx", "--org", "某镇", "--year", 2025,
                                  "--previous", missing],
        "new: output exists": ["new", "-o", exists, "--org", "某镇", "--year", 2025],
        "new: unknown option": ["new", "--orgn", "某镇"],
        "check: nothing": ["check"],
        "check: missing file": ["check", missing],
        "check: not a workbook": ["check", not_xlsx],
        "check: not a workbook, json": ["check", not_xlsx, "--json"],
        "check: nothing to check": ["check", empty],
        "check: workers 0": ["check", demo_xlsx, "--workers", 0],
        "check: workers text": ["check", demo_xlsx, "--workers", "两个"],
        "check: previous missing": ["check", demo_xlsx, "--previous", missing],
        "check: previous unusable": ["check", demo_xlsx, "--previous", not_xlsx],
        "export: nothing": ["export"],
        "export: no output": ["export", demo_xlsx],
        "export: bad format": ["export", demo_xlsx, "-o", tmp / "x", "--format", "rtf"],
        "export: output exists": ["export", demo_xlsx, "-o", exported],
        "export: folder given": ["export", tmp, "-o", tmp / "x.docx"],
        "export: not a workbook": ["export", not_xlsx, "-o", tmp / "y.docx"],
        "import: nothing": ["import"],
        "import: unsupported": ["import", demo_xlsx, "-o", tmp / "z.xlsx"],
        "summary: nothing": ["summary"],
        "summary: no output": ["summary", empty],
        "summary: missing folder": ["summary", tmp / "没有这个文件夹", "-o", tmp / "s.xlsx"],
        "summary: empty folder": ["summary", empty, "-o", tmp / "s.xlsx"],
        "summary: roster not a roster": ["summary", demo_xlsx, "-o", tmp / "s.xlsx",
                                         "--roster", not_xlsx],
        "summary: roster missing": ["summary", demo_xlsx, "-o", tmp / "s.xlsx", "--roster", missing],
        "summary: html named .pdf": ["summary", demo_xlsx, "-o", tmp / "s.xlsx",
                                     "--html", tmp / "汇总.pdf"],
        "summary: year out of range": ["summary", demo_xlsx, "-o", tmp / "s.xlsx", "--year", 1999],
        "roster-template: nothing": ["roster-template"],
        "roster-template: output exists": ["roster-template", "-o", exists],
        "roster-template: not xlsx": ["roster-template", "-o", tmp / "名录.csv"],
        "rules: extra argument": ["rules", "多余"],
        "spec: unknown option": ["spec", "--yaml"],
        "demo: output is a file": ["demo", "-o", exists],
        "addin: nothing": ["addin"],
        "addin: unknown": ["addin", "setup"],
        "addin build: no folder": ["addin", "build"],
        "addin install": ["addin", "install"],
        "addin uninstall": ["addin", "uninstall"],
        "addin status": ["addin", "status"],
        "version": ["--version"],
    }
    return {name: run(*args) for name, args in cases.items()}


def _said(output: str) -> str:
    """What a person reads: for JSON, the messages (keys and codes are for programs)."""
    try:
        data = json.loads(output)
    except ValueError:
        return output
    found = []

    def walk(node):
        if isinstance(node, dict):
            found.extend(v for k, v in node.items() if k in ("message", "reason", "title"))
            node = list(node.values())
        if isinstance(node, list):
            for item in node:
                walk(item)
    walk(data)
    return "\n".join(map(str, found))


def test_every_error_path_is_chinese(error_outputs):
    for name, result in error_outputs.items():
        assert result.exception is None or isinstance(result.exception, SystemExit), name
        assert result.output.strip(), name
        assert english_words(_said(result.output)) == set(), (name, result.output)
        assert "Error" not in result.output and "Usage" not in result.output, name


def test_error_paths_exit_with_the_documented_codes(error_outputs):
    usage = {name: r.exit_code for name, r in error_outputs.items()
             if "错误：" in r.output and "用法：" in r.output}
    assert set(usage.values()) == {2}, usage  # click's usage errors
    assert error_outputs["check: not a workbook"].exit_code == 2
    assert error_outputs["version"].exit_code == 0


def test_click_errors_name_what_is_wrong(error_outputs):
    assert "缺少选项「-o」/「--output」。" in error_outputs["new: nothing"].output
    assert "没有「chek」这个命令" in error_outputs["unknown command"].output
    assert "1999 超出了允许的范围（2008～2100）" in error_outputs["new: year out of range"].output
    assert "「rtf」不是可选的值" in error_outputs["export: bad format"].output
    assert "缺少参数「文件或文件夹...」。" in error_outputs["check: nothing"].output


def test_system_names_are_what_people_call_them():
    assert system_name("linux") == "Linux" and system_name("darwin") == "macOS"
    assert "linux" not in error_outputs_text(["addin", "install"])


def error_outputs_text(args) -> str:
    return run(*args).output


# ------------------------------------------------------------------ JSON keeps characters

@pytest.mark.parametrize("args", [["rules", "--json"], ["spec", "--json"]])
def test_json_output_writes_chinese_as_characters(args):
    output = run(*args).output
    assert "\\u" not in output and "报告" in output
    json.loads(output)


def test_check_json_writes_chinese_as_characters(demo_copy):
    import openpyxl
    wb = openpyxl.load_workbook(demo_copy)
    wb["三、依申请公开"]["D7"] = 3
    wb.save(demo_copy)
    output = run("check", demo_copy, "--json").output
    assert "\\u" not in output and "应为" in output
    assert json.loads(output)["files"][0]["status"] == "errors"


@pytest.mark.parametrize("args,expected", [
    (["export", "a.xlsx", "-o", "x", "--format", "foo"],
     "「--format」的值不对：「foo」不是可选的值（可选：docx、html、md、pdf、txt）。"),
    (["new", "-o", "b.xlsx", "--year", "abc"], "「--year」的值不对：「abc」不是有效的数字。"),
    (["import", "没有这个文件.txt", "-o", "x.xlsx"], "「文件」的值不对：文件「没有这个文件.txt」不存在。"),
])
def test_invalid_values_name_the_option_in_chinese_quotes(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.xlsx").write_bytes(b"")
    result = run(*args)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert "'" not in result.output
