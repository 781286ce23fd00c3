"""The browser's edges, in plain Python: openpyxl instead of python-calamine for workbook
values, the standard library and html5lib instead of lxml for Word and HTML reports.
Every corpus file must give the same findings either way (the browser test then runs
the same comparison in Pyodide itself)."""

from __future__ import annotations

import pytest
from web_corpus import build_corpus, previous_pair

from giar_xl import check
from giar_xl.check import check_file, load_previous
from giar_xl.importer import trees
from giar_xl.importer.docx_source import read_docx_file
from giar_xl.importer.html_source import read_html_file
from giar_xl.web import edges


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def browser_edges(monkeypatch):
    """check.LOADERS and the importers' trees as giar_xl.web sets them up in Pyodide."""
    monkeypatch.setattr(check, "LOADERS", dict(check.LOADERS))
    monkeypatch.setattr(edges, "UPLOADS", edges.UPLOADS)  # install() makes its folders; harmless
    with trees.using(trees.STDLIB):
        for suffix in edges.WORKBOOK_SUFFIXES:
            check.LOADERS[suffix] = edges.read_workbook
        yield


def findings(path, previous=None):
    result = check_file(path, previous)
    return result.status, result.unreadable, [f.to_json() for f in result.findings]


def test_every_corpus_file_is_judged_alike(corpus, request):
    expected = {path.name: findings(path) for path in corpus}
    request.getfixturevalue("browser_edges")
    actual = {path.name: findings(path) for path in corpus}
    assert actual == expected
    statuses = {status for status, _, _ in expected.values()}
    assert statuses >= {"ok", "errors", "unreadable"}  # the corpus does exercise the rules


def test_cross_year_rules_are_judged_alike(tmp_path, request):
    last, this = previous_pair(tmp_path)
    expected = findings(this, load_previous(last))
    request.getfixturevalue("browser_edges")
    assert findings(this, load_previous(last)) == expected
    assert any(f["rule"].startswith("prev") or "上年" in f["message"] for f in expected[2])


def test_word_and_html_reports_read_into_the_same_lines(corpus):
    documents = [p for p in corpus if p.suffix in (".docx", ".html")]
    assert len(documents) >= 4
    for path in documents:
        read = read_docx_file if path.suffix == ".docx" else read_html_file
        with trees.using(trees.LXML):
            expected = read(path)
        with trees.using(trees.STDLIB):
            assert read(path) == expected, path.name


MESSY_HTML = """<html><head><title>某镇人民政府2025年政府信息公开工作年度报告</title>
<style>p{}</style><script>var x = "<p>不是正文</p>";</script></head><body>
<table><tr><td><!-- 页面布局 -->
<p>一、总体情况<p>（一）主动公开 <b>本年</b>制发规章 0 件
<table border=1><tr><th rowspan=2>信息内容<th colspan=3>本年
<tr><td>制发<td>废止<td>现行有效
<tr><td>规章<td>0<td>0<td>0</tr>
<tr><td>规范性文件<td>2<td>1<td>5
</table>
</td><td>""" + "正文" * 200 + """</td></tr></table>
<div>六、其他需要报告的事项<br>本年度未收取信息处理费。</div></body></html>"""


@pytest.mark.parametrize("text", [MESSY_HTML, "<p>只有一段</p>", "<table><tr><td>1<td>2</table>"])
def test_messy_pages_read_alike(tmp_path, text):
    path = tmp_path / "page.html"
    path.write_text(text, encoding="utf-8")
    with trees.using(trees.LXML):
        expected = read_html_file(path)
    with trees.using(trees.STDLIB):
        assert read_html_file(path) == expected


def test_openpyxl_reads_the_reports_calamine_reads(corpus):
    from giar_xl.workbook.reader import read_workbook

    workbooks = [p for p in corpus if p.suffix == ".xlsx"]
    for path in workbooks:
        try:
            expected = read_workbook(path)
        except Exception as exc:  # noqa: BLE001 - an unusable file must be unusable both ways
            with pytest.raises(type(exc)):
                edges.read_workbook(path)
            continue
        assert edges.read_workbook(path) == expected, path.name
