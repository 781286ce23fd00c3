"""Hostile sizes in published reports end in a result or a message, never in a hang, a
RecursionError or gigabytes: absurd Word spans, a line of 100,000 numbers, pages nested
100,000 levels deep."""

from __future__ import annotations

import zipfile

import pytest

from giar_xl.errors import InputError
from giar_xl.importer import import_report
from giar_xl.importer.docx_source import MAX_GRID_SPAN
from giar_xl.importer.text_source import text_lines


def _docx(path, body: str):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", f"<w:document {w}><w:body>{body}</w:body></w:document>")
    return path


def test_an_absurd_grid_span_is_capped(tmp_path):
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    rows = "".join(f"<w:tr>{cell.format('规章')}{cell.format(n)}</w:tr>" for n in range(3))
    title = "<w:p><w:r><w:t>某镇人民政府2023年政府信息公开工作年度报告</w:t></w:r></w:p>"
    path = _docx(tmp_path / "span.docx", title + f"<w:tbl>{rows}</w:tbl>")
    result = import_report(path)  # 2,000,000,000 columns a cell would take gigabytes
    assert result.report.org == "某镇人民政府" and MAX_GRID_SPAN == 63


def test_a_line_of_100000_numbers_is_read_in_one_pass():
    [line] = text_lines("总计 " + " ".join(["7"] * 100_000))
    assert line.labels == ("总计",) and len(line.values) == 100_000


@pytest.mark.parametrize("depth", [1500, 100_000])
def test_deeply_nested_pages(tmp_path, depth):
    title = "<p>某镇人民政府2023年政府信息公开工作年度报告</p><p>二、主动公开政府信息情况</p>"
    path = tmp_path / "deep.html"
    path.write_text(f"<html><body>{'<div>' * depth}{title}{'</div>' * depth}</body></html>",
                    encoding="utf-8")
    if depth < 2048:  # deeper than Python's recursion limit, within the HTML parser's
        assert import_report(path).report.org == "某镇人民政府"
        return
    with pytest.raises(InputError, match="嵌套超过 2048 层"):
        import_report(path)
