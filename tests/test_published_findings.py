"""Published reports are audited, not refused: markers and blanks in printed tables."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import FIELD_CASES

from giar_xl.check import check_file
from giar_xl.cli import main
from giar_xl.export import export_report

MIN_05 = FIELD_CASES / "min_05_blank_legal_person_columns.html"


@pytest.fixture(scope="module")
def published(tmp_path_factory, demo):
    path = tmp_path_factory.mktemp("published") / "年报.txt"
    export_report(demo, path)
    return path.read_text(encoding="utf-8")


def marked(published: str, tmp_path, edits: dict[str, str]):
    text = published
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "年报.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_markers_in_printed_tables_keep_the_report_auditable(published, tmp_path):
    path = marked(published, tmp_path, {
        "规章\t0\t0\t0": "规章\t/\t/\t/",  # 「/」 where the format allows it: fine
        "行政规范性文件\t0\t0\t0": "行政规范性文件\t—\t—\t—",
        "一、本年新收政府信息公开申请数量\t\t\t2\t0\t0\t0\t0\t0\t2":
            "一、本年新收政府信息公开申请数量\t\t\t2\t-\t-\t-\t-\t-\t2",
        "二、上年结转政府信息公开申请数量\t\t\t1\t0\t0\t0\t0\t0\t1":
            "二、上年结转政府信息公开申请数量\t\t\t1\t-\t-\t-\t-\t-\t1",
        "\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n": "\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t空\n",
    })
    result = check_file(path)
    assert result.status == "errors"
    found = [(f.rule, f.cell, f.cells, f.actual) for f in result.findings]
    assert found == [
        ("type-text", "B7", ("B7:D7",), "—"),
        ("type-text", "E7", ("E7:I8",), "-"),
        ("type-text", "O7", (), "空"),
    ]
    row_block = result.findings[1]
    assert "涉及的 7 个合计" in row_block.message  # J7, J8 and 一+二=三+四 of five columns
    assert "O7「行政诉讼（复议后起诉）" in result.findings[2].message
    cli = CliRunner().invoke(main, ["check", str(path), "--json"])
    assert cli.exit_code == 1 and json.loads(cli.output)["files"][0]["status"] == "errors"


@pytest.mark.field_cases
def test_blank_requester_columns_are_one_finding_per_block():
    """min_05: whole 法人或其他组织 columns left blank in the two printed rows."""
    result = check_file(MIN_05)
    blanks = [f for f in result.findings if f.rule == "blank-number"]
    assert [(f.cell, f.cells) for f in blanks] == [("E7", ("E7:I8",))]
    assert "「商业企业」至「其他」5 栏（E7:I8，共 10 格）未填" in blanks[0].message
    assert result.status != "unreadable"
