"""Word, HTML and Markdown reports import to the same figures as the text they print.

The documents are built here from the demo report and the format (not by the
exporter), in layouts published reports use: Word tables with merged header
and group cells, HTML tables with rowspan/colspan, Markdown pipe tables that
repeat group labels.  The last test round-trips the exporter's own output.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

import pytest

from giar_xl.importer import import_report
from giar_xl.layout import Header


@dataclass(frozen=True)
class Cell:
    top: int
    left: int
    bottom: int
    right: int
    text: str


def _depth(nodes) -> int:
    return max(n.depth() for n in nodes)


def _leaves(node: Header) -> list[Header]:
    return [leaf for _p, leaf in node.leaves() if leaf.role == "report"]


def _width(node: Header) -> int:
    """Printed columns under a header: a figure may span several (本年处理决定数量 spans 3)."""
    return sum(leaf.span for leaf in _leaves(node))


def table_cells(spec, table, report) -> tuple[int, int, list[Cell]]:
    """The printed grid of a table: (rows, columns, cells with their merged extent)."""
    columns = [c for c in table.columns if c.role == "report"]
    rows = [r for r in table.rows if r.role == "report"]
    unlabelled = len(rows) == 1 and not rows[0].label
    n_label = 0 if unlabelled else _depth(rows)
    n_header = _depth(columns)
    cells: list[Cell] = []
    if n_label:
        cells.append(Cell(0, 0, n_header - 1, n_label - 1, table.corner or ""))

    def place_columns(nodes, depth, x):
        for node in nodes:
            width = _width(node)
            if not width:
                continue
            if node.is_leaf:
                cells.append(Cell(depth, n_label + x, n_header - 1, n_label + x + width - 1,
                                  node.label))
            else:
                cells.append(Cell(depth, n_label + x, depth, n_label + x + width - 1, node.label))
                place_columns(node.children, depth + 1, x)
            x += width

    def place_rows(nodes, depth, y):
        for node in nodes:
            height = len(_leaves(node))
            if not height:
                continue
            if node.is_leaf:
                cells.append(Cell(n_header + y, depth, n_header + y, n_label - 1, node.label))
            else:
                cells.append(Cell(n_header + y, depth, n_header + y + height - 1, depth,
                                  node.label))
                place_rows(node.children, depth + 1, y)
            y += height

    place_columns(columns, 0, 0)
    if n_label:
        place_rows(rows, 0, 0)
    leaf_columns = [c for n in columns for c in _leaves(n)]
    leaf_rows = [leaf for n in rows for leaf in _leaves(n)]
    for y, row in enumerate(leaf_rows):
        x = n_label
        for col in leaf_columns:
            value = report[table.field_id(row.id, col.id)]
            cells.append(Cell(n_header + y, x, n_header + y, x + col.span - 1,
                              "" if value is None else str(value)))
            x += col.span
    return n_header + len(leaf_rows), n_label + sum(c.span for c in leaf_columns), cells


def blocks(spec, report):
    """The report as a sequence of ("title"|"heading"|"para", text) and ("table", table)."""
    yield "title", f"{report.org}{report.year}年政府信息公开工作年度报告"
    if report["nar_preface"]:
        yield "para", report["nar_preface"]
    for section in spec.sections:
        yield "heading", section.heading
        for fid in section.fields:
            f = spec.fields[fid]
            text = report[fid]
            if text is None:
                continue
            if f.row_path[0].startswith("（"):
                yield "heading", f.row_path[0]
            for paragraph in str(text).split("\n"):
                yield "para", paragraph
        for table_id in section.tables:
            table = spec.tables[table_id]
            if table.caption:
                yield "heading", table.caption
            yield "table", table
    yield "para", report.org
    if report["meta_date"]:
        d = report["meta_date"]
        yield "para", f"{d.year}年{d.month}月{d.day}日"


def write_docx(path, spec, report):
    import docx

    document = docx.Document()
    for kind, content in blocks(spec, report):
        if kind == "title":
            document.add_heading(content, level=0)
        elif kind == "heading":
            document.add_heading(content, level=2)
        elif kind == "para":
            document.add_paragraph(content)
        else:
            n_rows, n_cols, cells = table_cells(spec, content, report)
            table = document.add_table(rows=n_rows, cols=n_cols)
            for cell in cells:
                target = table.cell(cell.top, cell.left)
                if (cell.bottom, cell.right) != (cell.top, cell.left):
                    target = target.merge(table.cell(cell.bottom, cell.right))
                target.text = cell.text
    document.save(path)
    return path


def write_html(path, spec, report, encoding="utf-8"):
    parts = [f'<html><head><meta charset="{encoding}"><title>年报</title></head><body>']
    for kind, content in blocks(spec, report):
        if kind == "title":
            parts.append(f"<h1>{html.escape(content)}</h1>")
        elif kind == "heading":
            parts.append(f"<p><strong>{html.escape(content)}</strong></p>")
        elif kind == "para":
            parts.append(f"<p>{html.escape(content)}</p>")
        else:
            n_rows, _n_cols, cells = table_cells(spec, content, report)
            parts.append('<table border="1">')
            for r in range(n_rows):
                parts.append("<tr>")
                for cell in sorted((c for c in cells if c.top == r), key=lambda c: c.left):
                    span = (f' rowspan="{cell.bottom - cell.top + 1}"' if cell.bottom > cell.top
                            else "")
                    span += (f' colspan="{cell.right - cell.left + 1}"' if cell.right > cell.left
                             else "")
                    parts.append(f"<td{span}>{html.escape(cell.text)}</td>")
                parts.append("</tr>")
            parts.append("</table>")
    parts.append("</body></html>")
    path.write_bytes("\n".join(parts).encode("gb18030" if encoding == "gb2312" else encoding))
    return path


def write_markdown(path, spec, report):
    lines = []
    for kind, content in blocks(spec, report):
        if kind == "title":
            lines += [f"# {content}", ""]
        elif kind == "heading":
            lines += [f"## {content}", ""]
        elif kind == "para":
            lines += [content, ""]
        else:
            n_rows, n_cols, cells = table_cells(spec, content, report)
            grid = [[""] * n_cols for _ in range(n_rows)]
            for cell in cells:  # a merged cell repeats its text over its extent
                for r in range(cell.top, cell.bottom + 1):
                    for c in range(cell.left, cell.right + 1):
                        grid[r][c] = cell.text
            lines.append("| " + " | ".join(grid[0]) + " |")
            lines.append("|" + "---|" * n_cols)
            lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _squashed(value):
    return None if value is None else re.sub(r"\s+", "", str(value))


@pytest.fixture(scope="module")
def dated(demo):
    return demo.with_values(meta_date=dt.date(2026, 1, 12),
                            nar_preface="根据《中华人民共和国政府信息公开条例》规定，现公布本报告。")


def assert_same_report(imported, expected, spec):
    assert imported.findings == (), [(f.rule, f.message, f.source) for f in imported.findings]
    report = imported.report
    for fid, f in spec.fields.items():
        if f.table:
            assert report[fid] == expected[fid], fid
        elif f.type == "text":
            assert _squashed(report[fid]) == _squashed(expected[fid]), fid
        else:
            assert report[fid] == expected[fid], fid


@pytest.mark.parametrize("writer,suffix", [(write_docx, ".docx"), (write_html, ".html"),
                                           (write_markdown, ".md")])
def test_published_layouts_import_to_the_same_report(tmp_path, spec, dated, writer, suffix):
    path = writer(tmp_path / f"年报{suffix}", spec, dated)
    assert_same_report(import_report(path), dated, spec)


def test_word_merged_cells_count_once(tmp_path, spec, dated):
    """python-docx repeats a merged cell across the grid; a spanned figure must count once."""
    import docx

    path = write_docx(tmp_path / "年报.docx", spec, dated)
    document = docx.Document(path)
    table_three = document.tables[4]
    assert table_three.rows[5].cells[0].text == table_three.rows[7].cells[0].text == "三、本年度办理结果"
    assert table_three.rows[0].cells[3].text == table_three.rows[0].cells[9].text  # horizontal
    result = import_report(path)
    assert result.findings == ()
    assert result.report.origin("req_wh_secret_natural") == (
        "表格 5 第 8 行：三、本年度办理结果 （三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0")
    assert result.report.origin("pub_license_decisions") == "表格 2 第 2 行：行政许可 99"
    assert len(document.tables[1].rows[1].cells) == 4  # 行政许可 + the figure spanning 3


def test_html_declared_gb2312_and_rowspans(tmp_path, spec, dated):
    path = write_html(tmp_path / "年报.htm", spec, dated, encoding="gb2312")
    assert_same_report(import_report(path), dated, spec)


def test_html_without_tables_or_headings_is_refused(tmp_path):
    from giar_xl.errors import InputError

    path = tmp_path / "x.html"
    path.write_text("<html><body><p>通知</p><p>请各单位按时报送。</p></body></html>",
                    encoding="utf-8")
    with pytest.raises(InputError):
        import_report(path)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".html"])
def test_exported_report_imports_back_to_the_same_report(tmp_path, spec, dated, suffix):
    export = pytest.importorskip("giar_xl.export")
    path = export.export_report(dated, tmp_path / f"北留镇2025年报{suffix}")
    assert_same_report(import_report(path), dated, spec)


@pytest.mark.seeds
@pytest.mark.parametrize("separator", ["   ", " ", "\u3000\u3000"])
def test_tables_printed_with_spaces_instead_of_tabs(spec, demo, separator):
    """PDF extraction often loses the cell breaks: 「三、本年度办理结果 (一) 予以公开 1 0 0 …」."""
    from conftest import BEILIU_SEED

    from giar_xl.importer import import_text_content

    text = BEILIU_SEED.read_text(encoding="utf-8")
    result = import_text_content(re.sub(r"\t+", separator, text))
    assert result.findings == ()
    tables = [fid for fid, f in spec.fields.items() if f.table]
    assert {fid: result.report[fid] for fid in tables} == {fid: demo[fid] for fid in tables}


def test_html_page_laid_out_in_a_table(tmp_path, spec, dated):
    """Older portals put the whole page in a layout table; its cells are paragraphs, not figures."""
    page = write_html(tmp_path / "inner.html", spec, dated).read_text(encoding="utf-8")
    body = page[page.index("<body>") + 6:page.index("</body>")]
    wrapped = tmp_path / "portal.html"
    wrapped.write_text(f"<html><body><table><tr><td>首页 &gt; 政府信息公开年报</td></tr>"
                       f"<tr><td>{body}</td></tr></table></body></html>", encoding="utf-8")
    assert_same_report(import_report(wrapped), dated, spec)
